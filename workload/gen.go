package workload

// This file is the IO generator of a clone: it yields the IOs a job issues,
// in fio's order and by fio's rules (io_u.c: get_io_u, fill_io_u; backend.c:
// do_io, keep_running), so that a job issues the same IO in xbench as in
// fio. The choices themselves are in gen_dir.go (direction), gen_offset.go
// (offset) and gen_bs.go (size); the files in turn are in gen_files.go.

// IO is one IO the generator yields.
type IO struct {
	// File indexes the clone's files (FilePlan.Files).
	File int
	// Dir is the IO's direction: read, write, trim, or a sync.
	Dir Dir
	// Offset and Len are the bytes it covers; a sync covers none.
	Offset, Len uint64
	// Due is the earliest time the IO may be issued, in the clock of
	// Generator.SetNow, when the job's rate holds it back; 0 otherwise.
	Due uint64
}

// Generator yields a clone's IOs, pass after pass. It issues IO by IO
// without knowing what completed: IOs are counted when issued. It is not
// safe for concurrent use.
type Generator struct {
	rw        RW
	timeBased bool
	files     fileSet
	bs        [NumDirs]dirSizes
	unaligned bool
	maxBS     uint64
	seqNr     uint32
	seqLeft   uint32
	seqAdd    int64
	percRand  [NumDirs]uint64
	rwmix     [2]uint64
	fsync     uint64
	fdatasync uint64
	dist      distribution

	// The limits of a pass and of the job.
	size      uint64 // bytes of a pass (fio's size once the files are known)
	ioSize    uint64 // io_size, 0 when unset
	loops     uint64 // loops, at least 1
	loopsLeft uint64
	numberIOs uint64
	passLimit uint64

	// What was issued.
	pass        int
	issues      [NumDirs]uint64
	issueBytes  [NumDirs]uint64
	passBytes   uint64
	rwmixDir    Dir
	rwmixIssues uint64
	lastWasSync bool
	now         uint64

	repeat  bool // re-seed at each pass, as fio does for randrepeat
	seeds   Seeds
	offRand Rand
	mixRand Rand
	bsRand  [NumDirs]Rand
	seqRand [NumDirs]Rand
	rate    RateGate

	fast      fastKind // the fast path, fastNone for the general one
	fastDir   Dir
	fastBytes uint64 // the job's bytes: io_size or size, times loops
	fastIOs   uint64 // number_ios * loops, or all ones
}

// NewGenerator returns the generator of a clone of j whose files plan
// sized, with seeds from j.Seeds. Call NextPass before the first Next.
func NewGenerator(j *Job, plan FilePlan, seeds Seeds) *Generator {
	g := &Generator{
		rw:        j.RW,
		timeBased: j.TimeBased,
		unaligned: j.BS.Unaligned,
		maxBS:     j.BS.MaxBS(),
		seqNr:     j.Mix.SeqNr,
		seqLeft:   1,
		seqAdd:    j.Mix.SeqAdd,
		percRand:  j.Random.Percent,
		rwmix:     [2]uint64{uint64(j.Mix.Read), uint64(100 - j.Mix.Read)},
		fsync:     uint64(j.Sync.Fsync),
		fdatasync: uint64(j.Sync.Fdatasync),
		size:      plan.Size,
		ioSize:    j.Extent.IOSize,
		loops:     uint64(max(j.Extent.Loops, 1)),
		loopsLeft: uint64(max(j.Extent.Loops, 1)),
		numberIOs: j.Extent.NumberIOs,
		repeat:    j.RandRepeat,
		seeds:     seeds,
		rate:      newRateGate(j, &seeds),
	}
	for d := range NumDirs {
		g.bs[d] = dirSizes{min: j.BS.Min[d], max: j.BS.Max[d], align: j.BS.Align[d], split: j.BS.Split[d]}
	}
	g.seed()
	g.files = newFileSet(j, plan.Files, g.rw.Random() && !j.NoRandomMap, &g.offRand)
	g.files.rand = seeds.Rand(SeedFileService)
	g.dist = newDistribution(j, g.files.files, &seeds)
	g.fast, g.fastDir = fastPathOf(j, g.files.files)
	g.fastBytes, g.fastIOs = fastLimits(g)
	return g
}

// seed (re)starts every generator from its seed.
func (g *Generator) seed() {
	g.offRand = g.seeds.Rand(SeedOffsets)
	g.mixRand = g.seeds.Rand(SeedMix)
	for d := range NumDirs {
		g.bsRand[d] = g.seeds.Rand(SeedBlockSize + Purpose(d))
		g.seqRand[d] = g.seeds.Rand(SeedSeqRand + Purpose(d))
	}
	if g.rw.TrimsThenWrites() {
		// fio seeds trim sizes like write sizes, so that each write
		// matches the trim before it.
		g.bsRand[DirTrim] = g.bsRand[DirWrite]
	}
	g.dist.seed(&g.seeds)
	g.files.rand = g.seeds.Rand(SeedFileService)
}

// Rate is the job's rate gate; the caller resets it at the end of the
// ramp, as fio does.
func (g *Generator) Rate() *RateGate { return &g.rate }

// SetNow tells the generator the time, in nanoseconds since the epoch of
// the rate gate, for the IOs it yields next.
func (g *Generator) SetNow(now uint64) { g.now = now }

// NextPass starts the next pass over the files and reports whether there
// is one: fio's keep_running. A time-based job always has another; the
// caller stops it when its time is up.
func (g *Generator) NextPass() bool {
	switch {
	case g.timeBased:
	case g.loopsLeft > 0:
		g.loopsLeft--
	case g.numberIOs != 0 && g.rwIssued() >= g.numberIOs*g.loops:
		return false
	default:
		limit, done := g.limit(), g.issueBytes[0]+g.issueBytes[1]+g.issueBytes[2]
		if done >= limit || limit-done < g.maxBS || (g.files.allDone() && g.ioSize == 0) {
			return false
		}
	}
	if g.pass > 0 {
		// fio's clear_io_state: the files start over, and with randrepeat
		// every generator repeats its sequence.
		g.rwmixIssues, g.lastWasSync = 0, false
		if g.repeat {
			g.seed()
		}
		g.files.reset(&g.offRand)
	}
	g.pass++
	g.passBytes = 0
	g.passLimit = g.size
	if g.rw.Writes() && g.rw.Random() && !g.files.randomMap {
		g.passLimit = max(g.passLimit, g.ioSize)
	}
	if g.rw.TrimsThenWrites() {
		// Each byte is trimmed, then written.
		g.passLimit += g.limit() * g.loops
		g.numberIOs *= 2
	}
	return true
}

// limit is the bytes the job does in one loop: io_size, or the size.
func (g *Generator) limit() uint64 {
	if g.ioSize != 0 {
		return g.ioSize
	}
	return g.size
}

// PlannedBytes is how many bytes the job issues over all its passes and
// loops, for showing progress; 0 for a time-based job.
func (g *Generator) PlannedBytes() uint64 {
	if g.timeBased {
		return 0
	}
	return g.limit() * g.loops
}

// rwIssued counts the data IOs issued.
func (g *Generator) rwIssued() uint64 { return g.issues[0] + g.issues[1] + g.issues[2] }

// exceeded reports whether the job issued all its bytes or IOs (fio's
// io_issue_bytes_exceeded).
func (g *Generator) exceeded() bool {
	var bytes uint64
	switch {
	case g.rw.Mixed():
		bytes = g.issueBytes[DirRead] + g.issueBytes[DirWrite]
	case g.rw.Writes():
		bytes = g.issueBytes[DirWrite]
	case g.rw.Reads():
		bytes = g.issueBytes[DirRead]
	default:
		bytes = g.issueBytes[DirTrim]
	}
	return bytes >= g.limit()*g.loops || (g.numberIOs != 0 && g.rwIssued() >= g.numberIOs*g.loops)
}

// next is Next on the general path.
func (g *Generator) next(io *IO) bool {
	if !g.timeBased && (g.exceeded() || g.passBytes >= g.passLimit) {
		return false
	}
	for {
		f := g.files.next()
		if f < 0 {
			return false
		}
		if g.fill(f, io) {
			break
		}
		g.files.finish(f)
	}
	d := io.Dir
	if d >= NumDirs {
		g.lastWasSync = true
		return true
	}
	f := &g.files.files[io.File]
	f.lastStart[d], f.lastPos[d] = io.Offset, io.Offset+io.Len
	g.issues[d]++
	g.issueBytes[d] += io.Len
	g.passBytes += io.Len
	g.lastWasSync = false
	g.rate.issue(d, io.Len)
	return true
}

// fill chooses the direction, offset and size of an IO on file f, or
// reports that the file has nothing more to give (fio's fill_io_u).
func (g *Generator) fill(fi int, io *IO) bool {
	f := &g.files.files[fi]
	d, due := g.direction(f)
	*io = IO{File: fi, Dir: d, Due: due}
	if d >= NumDirs {
		return true
	}
	off, busyOK, ok := g.offset(f, d)
	if !ok {
		return false
	}
	n := g.length(f, d, off)
	if n == 0 || off+n > f.RealSize {
		return false
	}
	if f.rmap != nil && !busyOK {
		n = f.mark(d, off, n, g.bs[d].min)
		if n == 0 {
			return false
		}
	}
	io.Offset, io.Len = off, n
	return true
}
