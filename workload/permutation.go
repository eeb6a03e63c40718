package workload

import "math/bits"

// permutation is a bijection on [0, n): a few rounds of invertible mixing
// on the smallest power-of-two domain holding n, walked until the result
// falls below n (fewer than two steps on average). It visits every block
// of a file exactly once, in a random order, with no memory: the random
// map's result when every IO is one block of the map's unit.
type permutation struct {
	n     uint64
	mask  uint64
	shift uint
	keys  [4]uint64
	mults [4]uint64
}

// newPermutation returns the permutation of [0, n) of key.
func newPermutation(n, key uint64) permutation {
	b := uint(bits.Len64(n - 1))
	p := permutation{n: n, mask: 1<<b - 1, shift: max(b/2, 1)} // 1<<64 is 0 in Go
	s := key
	for r := range p.keys {
		s = splitmix64(s)
		p.keys[r] = s
		s = splitmix64(s)
		p.mults[r] = s | 1 // odd, so multiplication is invertible mod 2^b
	}
	return p
}

// at returns the image of i (< n).
func (p *permutation) at(i uint64) uint64 {
	x := i
	for {
		for r := range p.keys {
			x = (x ^ p.keys[r]) & p.mask
			x = (x * p.mults[r]) & p.mask
			x ^= x >> p.shift
		}
		if x < p.n {
			return x
		}
	}
}
