package workload

// This file is the generator's fast path: for the common job (one file,
// one direction, one block size, sequential or uniformly random offsets,
// no rate, sync or sequencer), Next skips the general machinery. It yields
// exactly the IOs of the general path; TestFastPathMatchesGeneralPath
// holds it to that.

// fastKind says how the fast path picks offsets; fastNone means the job
// takes the general path.
type fastKind uint8

const (
	fastNone    fastKind = iota
	fastSeq              // sequential, no hole
	fastPerm             // random, each block once (the random map's permutation)
	fastUniform          // random, blocks may repeat (norandommap)
)

// fastPathOf returns how the fast path serves j, or fastNone.
func fastPathOf(j *Job, files []genFile) (fastKind, Dir) {
	rw := j.RW
	if len(files) != 1 || rw.Mixed() || rw.TrimsThenWrites() || j.Rate.Limited() ||
		j.Sync.Fsync != 0 || j.Sync.Fdatasync != 0 {
		return fastNone, 0
	}
	d := DirRead
	switch {
	case rw.Writes():
		d = DirWrite
	case rw.Trims():
		d = DirTrim
	}
	if j.BS.Min[d] != j.BS.Max[d] {
		return fastNone, 0
	}
	if !rw.Random() {
		if j.Mix.SeqAdd != 0 {
			return fastNone, 0
		}
		return fastSeq, d
	}
	if j.Mix.SeqNr != 1 || j.Random.Percent[d] < 100 || j.Random.Dist.Kind != DistRandom {
		return fastNone, 0
	}
	switch f := &files[0]; {
	case f.usePerm:
		return fastPerm, d
	case f.rmap == nil:
		return fastUniform, d
	}
	return fastNone, 0
}

// Next fills io with the next IO of the pass and reports whether there is
// one; false ends the pass. The fast path is here, so that it costs one
// call; other jobs go on to the general path (next).
func (g *Generator) Next(io *IO) bool {
	if g.fast == fastNone {
		return g.next(io)
	}
	d := g.fastDir
	if !g.timeBased && (g.issueBytes[d] >= g.fastBytes || g.issues[d] >= g.fastIOs || g.passBytes >= g.passLimit) {
		return false
	}
	f := &g.files.files[0]
	if f.done {
		return false
	}
	bs := g.bs[d].min
	var off uint64
	switch g.fast {
	case fastSeq:
		if g.timeBased && f.lastPos[d] >= f.Size+f.Offset {
			f.lastPos[d] = f.Offset
		}
		if f.lastPos[d] >= f.RealSize {
			return g.files.finishFast(f)
		}
		off = f.lastPos[d] - f.Offset
	case fastPerm:
		b, ok := f.take()
		if !ok && g.timeBased {
			f.reset(g.offRand.Uint64())
			b, ok = f.take()
		}
		if !ok {
			return g.files.finishFast(f)
		}
		off = b * g.bs[d].align
	default:
		lastb := g.lastBlock(f, d)
		if lastb == 0 {
			return g.files.finishFast(f)
		}
		off = g.offRand.Below(lastb) * g.bs[d].align
	}
	if off >= f.Size {
		return g.files.finishFast(f)
	}
	off += f.Offset
	if off >= f.RealSize || off+bs > f.RealSize {
		return g.files.finishFast(f)
	}
	*io = IO{Dir: d, Offset: off, Len: bs}
	f.lastStart[d], f.lastPos[d] = off, off+bs
	g.issues[d]++
	g.issueBytes[d] += bs
	g.passBytes += bs
	g.lastWasSync = false
	return true
}

// fastLimits returns the fast path's limits: the bytes of the job (io_size
// or size, times loops), and its IOs (number_ios times loops, or none).
func fastLimits(g *Generator) (bytes, ios uint64) {
	bytes, ios = g.limit()*g.loops, ^uint64(0)
	if g.numberIOs != 0 {
		ios = g.numberIOs * g.loops
	}
	return bytes, ios
}

// finishFast marks the fast path's file done and returns false.
func (s *fileSet) finishFast(f *genFile) bool {
	s.finish(f.index)
	return false
}
