package workload

import "math/bits"

// This file is fio's seeding of a clone's random generators (init.c:
// setup_random_seeds, td_fill_rand_seeds): one generator per purpose, so
// that changing one option (say bssplit) does not move the offsets.

// Rand is a small, fast pseudo-random generator (splitmix64). Each clone
// owns its own generators, one per purpose; it is not safe for concurrent
// use. The random variables of this package take one as an argument, so
// that their owner decides how they are seeded.
type Rand struct{ s uint64 }

// NewRand returns a generator seeded with seed.
func NewRand(seed uint64) Rand { return Rand{s: seed} }

// Uint64 returns 64 random bits.
func (r *Rand) Uint64() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

// Below returns a uniform number in [0, n).
func (r *Rand) Below(n uint64) uint64 {
	hi, _ := bits.Mul64(r.Uint64(), n)
	return hi
}

// Between returns a uniform number in [lo, hi], fio's rand_between.
func (r *Rand) Between(lo, hi uint64) uint64 { return lo + r.Below(hi-lo+1) }

// Float64 returns a uniform number in [0, 1).
func (r *Rand) Float64() float64 { return float64(r.Uint64()>>11) * 0x1p-53 }

// Uint32 returns 32 random bits, for the formulas fio writes in terms of
// its 32-bit generator.
func (r *Rand) Uint32() uint32 { return uint32(r.Uint64() >> 32) }

// mix64 is splitmix64's finalizer: a well-mixed hash of x.
func mix64(x uint64) uint64 {
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// splitmix64 is a well-mixed hash of x, used to derive keys and seeds.
func splitmix64(x uint64) uint64 { return mix64(x + 0x9e3779b97f4a7c15) }

// Purpose names one of a clone's random generators.
type Purpose int

// The purposes, as fio's rand_seeds.
const (
	// SeedOffsets draws random offsets.
	SeedOffsets Purpose = iota
	// SeedBlockSize draws block sizes of reads; +1 and +2 of writes and
	// trims.
	SeedBlockSize
	seedBlockSizeWrite
	seedBlockSizeTrim
	// SeedMix picks the direction of each IO of a mixed pattern.
	SeedMix
	// SeedSeqRand decides between random and sequential reads for
	// percentage_random; +1 and +2 for writes and trims.
	SeedSeqRand
	seedSeqRandWrite
	seedSeqRandTrim
	// SeedZone picks the zone of a zoned distribution.
	SeedZone
	// SeedDistribution drives zipf, pareto and normal offsets.
	SeedDistribution
	// SeedFileSize draws file sizes from a filesize range.
	SeedFileSize
	// SeedStartDelay draws a start delay from a startdelay range.
	SeedStartDelay
	// SeedPoisson spaces the IOs of rate_process=poisson, per direction.
	SeedPoisson
	seedPoissonWrite
	seedPoissonTrim
	// SeedFileService picks the file of file_service_type=random.
	SeedFileService
	// SeedVerify draws the seeds of the data of verified writes.
	SeedVerify
	numPurposes
)

// defaultSeed is the base seed used when randrepeat is on and randseed is
// not set. It is fio's FIO_RANDSEED.
const defaultSeed = 0xb1899bed

// defaultRandSeed is randseed's default (fio's 0x89), from which the
// other generators are seeded when randrepeat is on.
const defaultRandSeed = 0x89

// Seeds are the seeds of one clone's generators.
type Seeds [numPurposes]uint64

// Rand returns a generator for purpose p.
func (s *Seeds) Rand(p Purpose) Rand { return NewRand(s[p]) }

// Seeds returns the seeds of the clone with fio's thread number thread
// (1 for the first clone of the run's first job, counting every clone of
// every job), following fio: with randrepeat (the default) every generator
// is seeded from randseed's default and the offsets from FIO_RANDSEED and
// the thread number, so that each run repeats the last; randseed seeds
// them all from its value; with randrepeat=0 they come from entropy, which
// the caller draws once per run, unless allrandrepeat seeds them all
// repeatably.
func (j *Job) Seeds(thread int, entropy uint64) Seeds {
	var s Seeds
	base, repeat := uint64(defaultRandSeed), j.RandRepeat
	switch {
	case j.RandSeedSet:
		base, repeat = j.RandSeed, false
	case !j.RandRepeat:
		base = entropy
	}
	if j.Random.AllRepeat {
		base = defaultSeed
	}
	for p := range s {
		s[p] = splitmix64(splitmix64(base^uint64(thread)<<32) + uint64(p))
	}
	if repeat {
		s[SeedOffsets] = splitmix64(defaultSeed * uint64(thread))
	}
	return s
}
