package workload

import "math"

// This file holds the random variables behind random_distribution, with
// fio's formulas (lib/zipf.c, lib/gauss.c): each is a type with one method
// that takes the generator to draw from, in the style of pebble's randvar.

// zipfMaxGen caps the terms of zeta(n), as fio does (ZIPF_MAX_GEN).
const zipfMaxGen = 10_000_000

// goldenRatio64 is fio's GOLDEN_RATIO_64, the multiplier of __hash_u64
// that scatters the likely values over the range.
const goldenRatio64 = 0x61C8864680B583EB

// rangeOffset is where a distribution's most likely value falls: at
// center (0 to 1) of the range, or at a random place when center is -1.
func rangeOffset(n uint64, center float64, r *Rand) uint64 {
	if center == -1 {
		return uint64(r.Uint32())
	}
	return uint64(float64(n) * center)
}

// Zipf draws block numbers in [0, n) from a Zipf distribution of exponent
// theta.
type Zipf struct {
	n                  uint64
	theta, zetan, eta  float64
	alpha, zeta2, half float64
	off                uint64
}

// NewZipf precomputes the distribution over n blocks; center is as in
// rangeOffset, r draws the random offset.
func NewZipf(n uint64, theta, center float64, r *Rand) *Zipf {
	z := &Zipf{n: max(n, 1), theta: theta, off: rangeOffset(n, center, r)}
	for i := range min(z.n, zipfMaxGen) {
		z.zetan += math.Pow(1/float64(i+1), theta)
	}
	z.zeta2 = 1 + math.Pow(0.5, theta)
	z.half = math.Pow(0.5, theta)
	z.alpha = 1 / (1 - theta)
	z.eta = (1 - math.Pow(2/float64(z.n), 1-theta)) / (1 - z.zeta2/z.zetan)
	return z
}

// Next returns the next block number.
func (z *Zipf) Next(r *Rand) uint64 {
	u := r.Float64()
	rz := u * z.zetan
	var v uint64
	switch {
	case rz < 1:
		v = 1
	case rz < 1+z.half:
		v = 2
	default:
		v = 1 + uint64(float64(z.n)*math.Pow(z.eta*u-z.eta+1, z.alpha))
	}
	return ((v-1)*goldenRatio64 + z.off) % z.n
}

// Pareto draws block numbers in [0, n) from a Pareto distribution of
// power h.
type Pareto struct {
	n   uint64
	pow float64
	off uint64
}

// NewPareto prepares the distribution over n blocks.
func NewPareto(n uint64, h, center float64, r *Rand) *Pareto {
	return &Pareto{n: max(n, 1), pow: math.Log(h) / math.Log(1-h), off: rangeOffset(n, center, r)}
}

// Next returns the next block number.
func (p *Pareto) Next(r *Rand) uint64 {
	v := uint64(float64(p.n-1) * math.Pow(r.Float64(), p.pow))
	return (v*goldenRatio64 + p.off) % p.n
}

// gaussIters is the number of uniform draws fio averages (GAUSS_ITERS).
const gaussIters = 12

// Gauss draws block numbers in [0, n) around the middle of the range (or
// center), as fio's normal distribution: the mean of 12 uniform draws,
// moved by a uniform deviation of dev percent of the range.
type Gauss struct {
	n, stddev uint64
	off       uint64
}

// NewGauss prepares the distribution over n blocks; dev is the deviation
// in percent (0 to 100).
func NewGauss(n uint64, dev, center float64) *Gauss {
	g := &Gauss{n: max(n, 1)}
	if dev != 0 {
		g.stddev = min(uint64(math.Ceil(float64(g.n)*dev/100)), g.n/2)
	}
	if center != -1 {
		// Below the middle the offset is negative; it wraps, as in fio.
		g.off = uint64(int64(float64(g.n) * (center - 0.5)))
	}
	return g
}

// Next returns the next block number.
func (g *Gauss) Next(r *Rand) uint64 {
	sum := uint64(0)
	for range gaussIters {
		sum += r.Below(g.n + 1)
	}
	sum = (sum + gaussIters - 1) / gaussIters
	if g.stddev != 0 {
		dev := int64(r.Below(g.stddev)) - int64(g.stddev/2)
		for int64(sum)+dev >= int64(g.n) {
			dev /= 2
		}
		sum = uint64(int64(sum) + dev)
	}
	return (sum*goldenRatio64 + g.off) % g.n
}
