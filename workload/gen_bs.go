package workload

import "math/bits"

// This file chooses each IO's size as fio's get_next_buflen does: a fixed
// block size, a size drawn from bsrange, or one drawn from bssplit, never
// past the end of the file's region.

// dirSizes are one direction's block sizes.
type dirSizes struct {
	min, max, align uint64
	split           []BSSplit
}

// maxDraws bounds the draws for a size that fits; fio draws until one
// does, which never ends when only a 0% bssplit entry fits.
const maxDraws = 1 << 16

// frandMax is the largest value of fio's 32-bit generator; its formulas
// are kept in its terms.
const frandMax = 1<<32 - 1

// length returns the size of an IO of direction d at off on f, or 0 when
// no block fits.
func (g *Generator) length(f *genFile, d Dir, off uint64) uint64 {
	if g.rw == RandTrimWrite && d == DirWrite {
		return f.lastPos[DirTrim] - f.lastStart[DirTrim]
	}
	s := &g.bs[d]
	if s.min == s.max {
		return s.min
	}
	end := f.Size + f.Offset
	fits := func(n uint64) bool { return off+n <= end }
	if !fits(s.min) {
		return 0
	}
	for range maxDraws {
		r := uint64(g.bsRand[d].Uint32())
		var n uint64
		if s.split == nil {
			n = s.min + uint64(float64(s.max)*(float64(r)/(frandMax+1)))
		} else {
			var perc uint64
			for _, e := range s.split {
				if e.Percent == 0 {
					continue
				}
				n = e.Size
				perc += uint64(e.Percent)
				if r/perc <= frandMax/100 && fits(n) {
					break
				}
			}
		}
		if !g.unaligned {
			if bits.OnesCount64(s.min) == 1 {
				n &^= s.min - 1
			} else {
				n -= n % s.min
			}
		}
		n = min(n, s.max)
		if n != 0 && fits(n) {
			return n
		}
	}
	return s.min
}
