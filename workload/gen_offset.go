package workload

// This file chooses each IO's offset as fio's get_next_offset does:
// sequential positions (with rw's hole, "write:4k"), random blocks drawn
// by the distribution and kept unique by the random map, and the mixes of
// the two that percentage_random and "randread:N" make.

// offset returns the offset of the next IO of direction d on f; busyOK
// says that the random map must not record it.
func (g *Generator) offset(f *genFile, d Dir) (off uint64, busyOK, ok bool) {
	hit := false
	if g.seqNr != 0 {
		if g.seqLeft--; g.seqLeft == 0 {
			hit, g.seqLeft = true, g.seqNr
		}
	}
	var b uint64
	useBlock := false
	switch {
	case g.rw == RandTrimWrite && d == DirWrite:
		// The write goes where the trim before it went.
		off, busyOK, ok = f.lastStart[DirTrim], true, true
	case hit && g.rw.Random() && g.shouldDoRandom(d):
		b, ok = g.randBlock(f, d)
		useBlock = true
	case hit && !g.rw.Random():
		off, ok = g.seqOffset(f, d)
	default:
		// The IOs between two random ones of "randread:N", and the
		// sequential share of percentage_random.
		busyOK = true
		if off, ok = g.seqOffset(f, d); !ok {
			b, ok = g.randBlock(f, d)
			useBlock = true
		}
	}
	if !ok {
		return 0, false, false
	}
	if useBlock {
		off = b * g.bs[d].align
	}
	if off >= f.Size {
		return 0, false, false
	}
	off += f.Offset
	if off >= f.RealSize {
		return 0, false, false
	}
	if g.rw == RandTrimWrite && d == DirTrim && f.lastStart[DirTrim] == off {
		// A trim drawn where the last one went: move the last write so
		// that a write still follows.
		f.lastStart[DirWrite]--
	}
	return off, busyOK, true
}

// shouldDoRandom draws whether an IO of direction d is random, for
// percentage_random.
func (g *Generator) shouldDoRandom(d Dir) bool {
	if g.percRand[d] >= 100 {
		return true
	}
	return g.seqRand[d].Between(1, 100) <= g.percRand[d]
}

// seqOffset returns the next sequential offset of direction d, relative
// to the file's offset (fio's get_next_seq_offset).
func (g *Generator) seqOffset(f *genFile, d Dir) (uint64, bool) {
	if g.timeBased && len(g.files.files) == 1 && f.lastPos[d] >= f.Size+f.Offset {
		f.lastPos[d] = f.Offset
	}
	if f.lastPos[d] >= f.RealSize {
		return 0, false
	}
	end := min(f.Size, f.RealSize)
	if f.lastPos[d] == f.Offset && f.Offset != 0 && g.seqAdd < 0 {
		f.lastPos[d] = end
	}
	pos := f.lastPos[d] - f.Offset
	if pos != 0 && g.seqAdd != 0 {
		pos += uint64(g.seqAdd)
		if pos >= f.RealSize {
			if g.seqAdd > 0 {
				pos = f.Offset
			} else {
				pos = end + uint64(g.seqAdd)
			}
		}
	}
	return pos, true
}

// randBlock draws a random block of direction d; a time-based job starts
// the file over when every block is done (fio's get_next_rand_block).
func (g *Generator) randBlock(f *genFile, d Dir) (uint64, bool) {
	if b, ok := g.randOffset(f, d); ok {
		return b, true
	}
	if g.timeBased {
		f.reset(g.offRand.Uint64())
		return g.randOffset(f, d)
	}
	return 0, false
}

// lastBlock is the number of blocks of direction d in f (fio's
// last_block).
func (g *Generator) lastBlock(f *genFile, d Dir) uint64 {
	size := min(f.Size, f.RealSize)
	if s := &g.bs[d]; s.min > s.align {
		size -= s.min - s.align
	}
	return size / g.bs[d].align
}

// randOffset draws a block by the job's distribution (fio's
// get_next_rand_offset).
func (g *Generator) randOffset(f *genFile, d Dir) (uint64, bool) {
	switch g.dist.kind {
	case DistZipf, DistPareto, DistNormal:
		return g.dist.next(f.index), true
	}
	lastb := g.lastBlock(f, d)
	if lastb == 0 {
		return 0, false
	}
	zones := g.dist.zones[d]
	if zones == nil {
		return g.uniform(f, lastb)
	}
	z := &zones[g.dist.zoneRand.Between(1, 100)-1]
	if g.dist.kind == DistZonedAbs {
		start, end := z.sizePrev/g.bs[d].align, z.size/g.bs[d].align
		if end > lastb {
			// fio: "zoned_abs sizes exceed file size".
			return 0, false
		}
		b, ok := g.uniform(f, end-start)
		return b + start, ok
	}
	start := uint64(z.pctPrev) * lastb / 100
	b, ok := g.uniform(f, lastb*uint64(z.pct-z.pctPrev)/100)
	return b + start, ok
}

// uniform draws a block below lastb; with the random map, a block already
// done moves to the next free one (fio's __get_next_rand_offset).
func (g *Generator) uniform(f *genFile, lastb uint64) (uint64, bool) {
	if f.usePerm {
		return f.take()
	}
	b := g.offRand.Below(lastb)
	if f.rmap == nil || f.rmap.isFree(b) {
		return b, true
	}
	return f.rmap.nextFree(b)
}

// distribution is a job's non-uniform distribution of random offsets:
// zipf, pareto or normal variables per file, or zones.
type distribution struct {
	kind     DistKind
	zipf     []*Zipf
	pareto   []*Pareto
	gauss    []*Gauss
	rand     Rand
	zoneRand Rand
	zones    [NumDirs][]zoneIndex
}

// zoneIndex maps one percent of the accesses to its zone (fio's
// zone_split_index): the zone spans [pctPrev, pct) percent of the file,
// or [sizePrev, size) bytes.
type zoneIndex struct {
	pct, pctPrev   uint32
	size, sizePrev uint64
}

// newDistribution prepares the distribution of j over the files: a
// variable per file over its blocks (in units of the smaller of the read
// and write block sizes, as fio), or the zone tables.
func newDistribution(j *Job, files []genFile, seeds *Seeds) distribution {
	dist := distribution{kind: j.Random.Dist.Kind}
	param, center := j.Random.Dist.Param, j.Random.Dist.Center
	unit := min(j.BS.Min[DirRead], j.BS.Min[DirWrite])
	r := seeds.Rand(SeedDistribution)
	for i := range files {
		f := &files[i]
		n := (min(f.RealSize, f.Size) + unit - 1) / unit
		switch dist.kind {
		case DistZipf:
			dist.zipf = append(dist.zipf, NewZipf(n, param, center, &r))
		case DistPareto:
			dist.pareto = append(dist.pareto, NewPareto(n, param, center, &r))
		case DistNormal:
			dist.gauss = append(dist.gauss, NewGauss(n, param, center))
		}
	}
	if dist.kind == DistZoned || dist.kind == DistZonedAbs {
		for d := range NumDirs {
			if zs := j.Random.Dist.Zones[d]; len(zs) > 0 {
				dist.zones[d] = zoneTable(zs)
			}
		}
	}
	dist.seed(seeds)
	return dist
}

// zoneTable maps each percent of the accesses to its zone.
func zoneTable(zs []Zone) []zoneIndex {
	idx := make([]zoneIndex, 100)
	var access, pct uint32
	var size uint64
	for _, z := range zs {
		for a := access; a < access+z.Access && a < 100; a++ {
			idx[a] = zoneIndex{pct: pct + z.SizePct, pctPrev: pct, size: size + z.Size, sizePrev: size}
		}
		access += z.Access
		pct += z.SizePct
		size += z.Size
	}
	return idx
}

// seed restarts the distribution's generators.
func (dist *distribution) seed(seeds *Seeds) {
	dist.rand = seeds.Rand(SeedDistribution)
	dist.zoneRand = seeds.Rand(SeedZone)
}

// next draws a block of file fi from a zipf, pareto or normal distribution.
func (dist *distribution) next(fi int) uint64 {
	switch dist.kind {
	case DistZipf:
		return dist.zipf[fi].Next(&dist.rand)
	case DistPareto:
		return dist.pareto[fi].Next(&dist.rand)
	}
	return dist.gauss[fi].Next(&dist.rand)
}
