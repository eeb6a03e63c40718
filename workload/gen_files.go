package workload

import (
	"errors"
	"fmt"
)

// This file is the generator's files: their positions and random maps, and
// which file serves the next IO (file_service_type, as fio's
// __get_next_file: roundrobin takes the files in turn, sequential finishes
// one before the next, random picks one at random; roundrobin and random
// keep a file for N IOs).

// genFile is one file as the generator sees it (fio's fio_file).
type genFile struct {
	FileExtent
	// index is the file's place among the clone's files.
	index int
	// lastPos is where the last IO of each direction ended; lastStart is
	// where it started (all ones before the first).
	lastPos, lastStart [NumDirs]uint64
	// done is set when the file has no more IO in this pass.
	done bool
	// rmap marks the blocks done in this pass, for random IO with the
	// random map.
	rmap *randMap
	// perm replaces the random map when every random IO is exactly one
	// block of its unit: the pass visits the blocks in the order of a
	// permutation, permNext being the next to take.
	perm     permutation
	permNext uint64
	usePerm  bool
}

// reset starts the file over for a pass (fio's fio_file_reset); key
// orders the blocks of a permutation.
func (f *genFile) reset(key uint64) {
	for d := range NumDirs {
		f.lastPos[d], f.lastStart[d] = f.Offset, ^uint64(0)
	}
	f.done = false
	if f.rmap != nil {
		f.rmap.reset()
	}
	if f.usePerm {
		f.perm, f.permNext = newPermutation(f.perm.n, key), 0
	}
}

// mark records an IO of n bytes at off in the random map, in units of the
// direction's smallest block size, and returns its length cut at the first
// block already done (fio's mark_random_map).
func (f *genFile) mark(d Dir, off, n, minBS uint64) uint64 {
	block := (off - f.Offset) / minBS
	nr := f.rmap.setRun(block, (n+minBS-1)/minBS)
	return min(n, nr*minBS)
}

// fileSet is a clone's files and the file service: which file serves the
// next IO.
type fileSet struct {
	files     []genFile
	nextFile  int // the next file of a round robin
	doneFiles int
	randomMap bool

	service FileService
	cur     int  // the file of the last pick, -1 before the first
	left    int  // IOs it still serves before the next pick
	rand    Rand // the picks of file_service_type=random
}

// newFileSet prepares the files of a plan; with randomMap each gets a
// random map of one bit per smallest block (fio's init_random_map), or the
// permutation that has the same result when every random IO is one block
// of that size (permutable). r keys the permutations.
func newFileSet(j *Job, extents []FileExtent, randomMap bool, r *Rand) fileSet {
	s := fileSet{files: make([]genFile, len(extents)), randomMap: randomMap, service: j.Files.Service, cur: -1}
	if s.service.Nr == 0 {
		s.service = FileService{Kind: ServiceRoundRobin, Nr: 1}
	}
	perm := randomMap && permutable(j)
	for i, e := range extents {
		f := &s.files[i]
		f.FileExtent, f.index = e, i
		blocks := min(e.RealSize, e.Size) / j.BS.MinBS()
		switch {
		case perm:
			f.usePerm, f.perm.n = true, blocks
		case randomMap:
			f.rmap = newRandMap(blocks)
		}
		f.reset(r.Uint64())
	}
	return s
}

// maxMapBytes bounds the memory of a clone's random maps; fio fails the
// same way when its map does not fit ("failed allocating random map").
const maxMapBytes = 1 << 30

// ErrMapTooLarge is returned by CheckRandomMap.
var ErrMapTooLarge = errors.New("the random map would not fit in memory (1 GiB per clone); set norandommap")

// CheckRandomMap returns ErrMapTooLarge when the random maps of a clone of
// j on plan's files would take more than 1 GiB.
func (j *Job) CheckRandomMap(plan FilePlan) error {
	if !j.RW.Random() || j.NoRandomMap || permutable(j) {
		return nil
	}
	var bytes uint64
	for _, e := range plan.Files {
		bytes += min(e.RealSize, e.Size) / j.BS.MinBS() / 8
	}
	if bytes > maxMapBytes {
		return fmt.Errorf("%w (it would take %d MiB)", ErrMapTooLarge, bytes>>20)
	}
	return nil
}

// permutable reports whether a permutation does what the random map does
// for j: uniform offsets, and every IO of a direction j issues one block of
// the map's unit (the smallest block size of any direction), aligned to
// it.
func permutable(j *Job) bool {
	if j.Random.Dist.Kind != DistRandom {
		return false
	}
	unit := j.BS.MinBS()
	for d := range NumDirs {
		b := &j.BS
		if j.RW.Does(Dir(d)) && (b.Min[d] != unit || b.Max[d] != unit || b.Align[d] != unit) {
			return false
		}
	}
	return true
}

// take returns the next block of the permutation, or false when the pass
// has taken them all.
func (f *genFile) take() (uint64, bool) {
	if f.permNext >= f.perm.n {
		return 0, false
	}
	b := f.perm.at(f.permNext)
	f.permNext++
	return b, true
}

// next returns the file to serve the next IO, or -1 when every file is
// done. As in fio, the file of the last pick serves again while it is not
// done: always with sequential, for N IOs in all with the others.
func (s *fileSet) next() int {
	if s.doneFiles >= len(s.files) {
		return -1
	}
	if s.cur >= 0 && !s.files[s.cur].done {
		if s.service.Kind == ServiceSequential {
			return s.cur
		}
		if s.left > 0 {
			s.left--
			return s.cur
		}
	}
	if s.service.Kind == ServiceRandom {
		s.cur = s.pickRandom()
	} else {
		s.cur = s.pickNext()
	}
	s.left = s.service.Nr - 1
	return s.cur
}

// pickRandom picks a file that is not done, uniformly (fio's
// get_next_file_rand: draw until one is not done).
func (s *fileSet) pickRandom() int {
	for {
		if i := int(s.rand.Below(uint64(len(s.files)))); !s.files[i].done {
			return i
		}
	}
}

// pickNext picks the next file not done in turn (fio's get_next_file_rr).
func (s *fileSet) pickNext() int {
	for range s.files {
		i := s.nextFile
		if s.nextFile++; s.nextFile == len(s.files) {
			s.nextFile = 0
		}
		if !s.files[i].done {
			return i
		}
	}
	return -1
}

// finish marks file i done for this pass.
func (s *fileSet) finish(i int) {
	if !s.files[i].done {
		s.files[i].done = true
		s.doneFiles++
	}
}

// allDone reports whether every file is done.
func (s *fileSet) allDone() bool { return s.doneFiles == len(s.files) }

// reset starts every file over for a new pass.
func (s *fileSet) reset(r *Rand) {
	for i := range s.files {
		s.files[i].reset(r.Uint64())
	}
	s.doneFiles = 0
	s.cur = -1 // fio closes the files between passes: the next IO picks anew
}
