package workload

import (
	"math/bits"
	"math/rand/v2"
)

// Offsets generates the block numbers a job clone visits, in passes of
// Blocks blocks:
//
//   - sequentially, 0, 1, 2, ...;
//   - at random with each block visited exactly once per pass (fio's
//     default random map), through a keyed bijection on the block numbers
//     that needs no memory, re-keyed for every pass;
//   - uniformly at random, blocks possibly repeating (norandommap).
//
// The sequence depends only on the seed, so a fixed seed repeats it. An
// Offsets is not safe for concurrent use: each clone owns its own.
type Offsets struct {
	blocks uint64
	mode   offsetMode
	i      uint64 // position in the current pass
	perm   permutation
	pass   uint64
	seed   uint64
	rng    *rand.PCG
}

type offsetMode uint8

const (
	sequential offsetMode = iota
	randomOnce
	randomUniform
)

// NewOffsets returns the generator for a job's pattern over blocks blocks
// (at least 1).
func NewOffsets(rw RW, blocks uint64, noRandomMap bool, seed uint64) *Offsets {
	o := &Offsets{blocks: max(blocks, 1), seed: seed}
	switch {
	case !rw.Random():
		o.mode = sequential
	case noRandomMap:
		o.mode = randomUniform
		o.rng = rand.NewPCG(seed, splitmix64(seed))
	default:
		o.mode = randomOnce
		o.perm = newPermutation(o.blocks, splitmix64(seed))
	}
	return o
}

// Blocks is the number of blocks in a pass.
func (o *Offsets) Blocks() uint64 { return o.blocks }

// Next returns the next block number, starting a new pass after the last
// block of a pass.
func (o *Offsets) Next() uint64 {
	if o.i == o.blocks {
		o.i = 0
		o.pass++
		if o.mode == randomOnce {
			o.perm = newPermutation(o.blocks, splitmix64(o.seed+o.pass*0x9e3779b97f4a7c15))
		}
	}
	i := o.i
	o.i++
	switch o.mode {
	case randomOnce:
		return o.perm.at(i)
	case randomUniform:
		hi, _ := bits.Mul64(o.rng.Uint64(), o.blocks)
		return hi
	}
	return i
}

// permutation is a bijection on [0, n): a few rounds of invertible mixing
// on the smallest power-of-two domain holding n, walked until the result
// falls below n (fewer than two steps on average).
type permutation struct {
	n     uint64
	mask  uint64
	shift uint
	keys  [4]uint64
	mults [4]uint64
}

func newPermutation(n, seed uint64) permutation {
	b := uint(bits.Len64(n - 1))
	p := permutation{n: n, mask: 1<<b - 1, shift: max(b/2, 1)} // 1<<64 is 0 in Go
	s := seed
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

// splitmix64 is a well-mixed hash of x, used to derive keys and seeds.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// defaultSeed is the base seed used when randrepeat is on and randseed is
// not set. It is fio's FIO_RANDSEED.
const defaultSeed = 0xb1899bed

// Seed returns the seed of the job's clone. With randrepeat (the default)
// or randseed it is fixed, so every run repeats the same offsets; each clone
// gets its own. Otherwise it comes from entropy, which the caller draws once
// per run.
func (j *Job) Seed(clone int, entropy uint64) uint64 {
	base := uint64(defaultSeed)
	switch {
	case j.RandSeedSet:
		base = j.RandSeed
	case !j.RandRepeat:
		base = entropy
	}
	return splitmix64(base + uint64(clone)*0x9e3779b97f4a7c15)
}
