package report

import (
	"math/bits"
	"slices"
	"sort"

	"github.com/xbench/xbench/stats"
)

// This file rebuilds a stats.Latency from the figures fio printed for one
// latency metric, so that a real fio run can be replayed through this
// package and the output compared with fio's, line for line.
//
// The samples are laid out in sorted order: the minimum and maximum, one
// "anchor" sample at fio's rank of each percentile, whose value stats
// reports as fio's figure in fio's display unit, and bands of samples
// between neighbouring anchors. The band values are then solved so that
// the count, sum and sum of squares give fio's mean and standard deviation
// (synthfit_test.go).

// fioLat is one latency metric as fio printed it in JSON.
type fioLat struct {
	N, Min, Max  uint64
	Mean, Stddev float64
	// Points and Values are the "percentile" object, if any: points in
	// order and fio's value in nanoseconds for each.
	Points []float64
	Values []uint64
}

// inexactCell is a percentile that stats cannot show as fio does. fio
// shows the midpoint of its histogram bucket (about 3% wide); stats shows
// the top of its HdrHistogram bucket (0.1% wide), clamped to the exact
// minimum and maximum. Where the sample is the minimum or maximum itself,
// where fio's midpoint lies outside [min, max], or where a figure shown in
// nanoseconds is no HdrHistogram bucket top, the text shows Ours where fio
// shows Fio.
type inexactCell struct {
	Point     float64
	Fio, Ours uint64 // in the block's display unit
}

// hdrHighest is the highest value HdrHistogram (range 1 ns..1 h, three
// significant figures, as stats configures it) treats as equivalent to v:
// what stats' Percentile reports for a sample of v before clamping.
func hdrHighest(v uint64) uint64 {
	const subBucketBits = 11 // 2048 sub-buckets for three figures
	shift := max(0, bits.Len64(v|(1<<subBucketBits-1))-subBucketBits)
	return (v>>shift)<<shift + (1<<shift - 1)
}

// hdrLowest is the lowest value equivalent to v.
func hdrLowest(v uint64) uint64 {
	shift := max(0, bits.Len64(v|(1<<11-1))-11)
	return (v >> shift) << shift
}

// scaleUp rounds v up to the percentile block's unit, as fio does.
func scaleUp(v uint64, steps int) uint64 {
	for range steps {
		v = (v + 999) / 1000
	}
	return v
}

// synthLatency builds a Latency that reproduces f: the same N, min and
// max, the same mean and standard deviation (to fio's six printed decimals
// unless a few samples in narrow ranges leave no integer layout that
// close) and percentiles that show as fio's in the text report, except
// the cells it returns.
func synthLatency(f fioLat) (*stats.Latency, []inexactCell, error) {
	l := stats.NewLatency()
	switch {
	case f.N == 0:
		return l, nil, nil
	case f.N == 1:
		l.Record(f.Min)
		return l, nil, nil
	}

	// Anchors: the value at each percentile's rank. At the first and last
	// rank the value is the exact minimum or maximum, which fio shows as
	// its bucket's midpoint.
	fixed := map[uint64]uint64{1: f.Min, f.N: f.Max}
	var inexact []inexactCell
	if len(f.Values) > 0 {
		_, steps := percentileUnit(slices.Min(f.Values), slices.Max(f.Values))
		prev := f.Min
		for i, p := range f.Points {
			want := scaleUp(f.Values[i], steps)
			switch r := stats.Rank(p, f.N); r {
			case 1, f.N:
				v := min(max(hdrHighest(fixed[r]), f.Min), f.Max)
				if got := scaleUp(v, steps); got != want {
					inexact = append(inexact, inexactCell{p, want, got})
				}
			default:
				a, ok := anchorFor(want, f.Values[i], steps, f.Min, f.Max)
				a = max(a, prev)
				prev = a
				fixed[r] = a
				if shown := scaleUp(min(max(hdrHighest(a), f.Min), f.Max), steps); !ok || shown != want {
					inexact = append(inexact, inexactCell{p, want, shown})
				}
			}
		}
	}

	ranks := make([]uint64, 0, len(fixed))
	for r := range fixed {
		ranks = append(ranks, r)
	}
	sort.Slice(ranks, func(i, j int) bool { return ranks[i] < ranks[j] })
	var segs []*segment
	for i := 1; i < len(ranks); i++ {
		ra, rb := ranks[i-1], ranks[i]
		// Split each gap into segments of 1, 1, 2, 4, ... samples with the
		// same bounds, so that the fit can put a few samples far out (a
		// long tail) as well as move many a little.
		c, n := rb-ra-1, uint64(1)
		for k := 0; c > 0; k++ {
			take := min(n, c)
			segs = append(segs, &segment{count: take, lo: fixed[ra], hi: fixed[rb]})
			c -= take
			if k > 0 {
				n *= 2
			}
		}
	}
	segs, err := fitSegments(segs, fixed, f)
	if err != nil {
		return nil, nil, err
	}
	for _, v := range fixed {
		l.Record(v)
	}
	for _, s := range segs {
		for v, c := range s.vals {
			l.RecordN(v, c)
		}
	}
	return l, inexact, nil
}

// anchorFor finds a sample value in [lo, hi] whose reported percentile
// shows as want after scaling up by steps, as close as it can to near,
// fio's figure. ok is false when no value shows so: want lies outside
// [lo, hi], or it is a nanosecond figure that no HdrHistogram bucket top
// equals; the value returned is then near, within [lo, hi].
func anchorFor(want, near uint64, steps int, lo, hi uint64) (uint64, bool) {
	div := uint64(1)
	for range steps {
		div *= 1000
	}
	bottom, top := want, want
	if steps > 0 {
		bottom, top = (max(want, 1)-1)*div+1, want*div
	}
	bottom, top = max(bottom, lo), min(top, hi)
	shows := func(x uint64) bool { return scaleUp(min(max(hdrHighest(x), lo), hi), steps) == want }
	start := min(max(near, bottom), top)
	// Walk down from near, then up, a histogram bucket at a time.
	for x := start; x >= bottom && x <= top; x = hdrLowest(x) - 1 {
		if shows(x) {
			return x, true
		}
		if hdrLowest(x) == 0 {
			break
		}
	}
	for x := start; x >= bottom && x <= top; x = hdrHighest(x) + 1 {
		if shows(x) {
			return x, true
		}
	}
	return min(max(near, lo), hi), false
}

// segment is a run of samples between two fixed ones: count samples whose
// values lie in [lo, hi].
type segment struct {
	count  uint64
	lo, hi uint64
	vals   map[uint64]uint64 // value -> samples, once fitted
}
