// Package stats holds the measurements of a run as plain, documented
// structs: per-clone latency histograms and counters, merged per group.
//
// Nothing here is safe for concurrent use. Each job clone owns its own
// values on its own thread; merging happens after the clones have stopped.
package stats

import (
	"math"
	"math/big"
	"math/bits"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
)

// Histogram range and precision. Latencies are recorded in nanoseconds from
// 1 ns to one hour with three significant figures (0.1% resolution; fio's
// own histogram resolves about 1.6%). Longer latencies are clamped into the
// top bucket for percentiles, while Min, Max, Mean and Stddev stay exact.
const (
	histLowest  = 1
	histHighest = 3600 * 1e9
	histSigFigs = 3
)

// Latency accumulates one latency metric (slat, clat or lat) in
// nanoseconds. It keeps an HdrHistogram for percentiles and exact integer
// sums for the count, minimum, maximum, mean and standard deviation, so
// that merging clones loses nothing.
type Latency struct {
	hist *hdrhistogram.Histogram
	// window, when set, receives the histogram records of the current
	// logging interval; FlushWindow moves them into hist.
	window *hdrhistogram.Histogram
	n      uint64
	min    uint64
	max    uint64
	sum    uint64
	// sumSq is the exact sum of squares as a 128-bit integer.
	sumSqHi, sumSqLo uint64
}

// NewLatency returns an empty Latency.
func NewLatency() *Latency {
	return &Latency{
		hist: hdrhistogram.New(histLowest, histHighest, histSigFigs),
		min:  math.MaxUint64,
	}
}

// Record adds one sample of ns nanoseconds.
func (l *Latency) Record(ns uint64) {
	l.RecordN(ns, 1)
}

// RecordN adds n samples of ns nanoseconds each, as one batch of IOs that
// share a timestamp does.
func (l *Latency) RecordN(ns, n uint64) {
	if n == 0 {
		return
	}
	v := ns
	if v < histLowest {
		v = histLowest
	} else if v > histHighest {
		v = histHighest
	}
	// The value is inside the histogram's range, so RecordValues cannot fail.
	h := l.hist
	if l.window != nil {
		h = l.window
	}
	_ = h.RecordValues(int64(v), int64(n))
	l.n += n
	if ns < l.min {
		l.min = ns
	}
	if ns > l.max {
		l.max = ns
	}
	l.sum += ns * n
	hi, lo := bits.Mul64(ns, ns)
	if n != 1 {
		// ns*ns*n: ns*ns fits in 128 bits and n is small in practice, so
		// multiply both halves and keep the low 128 bits.
		h2, l2 := bits.Mul64(lo, n)
		hi = hi*n + h2
		lo = l2
	}
	var carry uint64
	l.sumSqLo, carry = bits.Add64(l.sumSqLo, lo, 0)
	l.sumSqHi += hi + carry
}

// Merge adds every sample of o into l.
func (l *Latency) Merge(o *Latency) {
	if o == nil || o.n == 0 {
		return
	}
	l.hist.Merge(o.hist)
	if o.window != nil {
		l.hist.Merge(o.window)
	}
	l.n += o.n
	l.min = min(l.min, o.min)
	l.max = max(l.max, o.max)
	l.sum += o.sum
	var carry uint64
	l.sumSqLo, carry = bits.Add64(l.sumSqLo, o.sumSqLo, 0)
	l.sumSqHi += o.sumSqHi + carry
}

// Reset forgets every sample, as the end of ramp_time does.
func (l *Latency) Reset() {
	l.hist.Reset()
	if l.window != nil {
		l.window.Reset()
	}
	*l = Latency{hist: l.hist, window: l.window, min: math.MaxUint64}
}

// UseWindow makes l record its histogram samples into a separate interval
// histogram until FlushWindow, so that each logging interval's samples can
// be written out on their own. Until FlushWindow, Percentile and
// Histogram do not see the samples of the current interval.
func (l *Latency) UseWindow() {
	if l.window == nil {
		l.window = hdrhistogram.New(histLowest, histHighest, histSigFigs)
	}
}

// FlushWindow hands the current interval's histogram to f (when f is not
// nil and the interval has samples), then adds it to the total and starts
// a new interval. It does nothing without UseWindow.
func (l *Latency) FlushWindow(f func(*hdrhistogram.Histogram)) {
	if l.window == nil || l.window.TotalCount() == 0 {
		return
	}
	if f != nil {
		f(l.window)
	}
	l.hist.Merge(l.window)
	l.window.Reset()
}

// N is the number of samples.
func (l *Latency) N() uint64 { return l.n }

// Min is the smallest sample, or 0 when there are none.
func (l *Latency) Min() uint64 {
	if l.n == 0 {
		return 0
	}
	return l.min
}

// Max is the largest sample, or 0 when there are none.
func (l *Latency) Max() uint64 { return l.max }

// Mean is the exact arithmetic mean, or 0 when there are no samples.
func (l *Latency) Mean() float64 {
	if l.n == 0 {
		return 0
	}
	return float64(l.sum) / float64(l.n)
}

// Stddev is the sample standard deviation (divided by n-1, as fio's is), or 0
// with fewer than two samples. It is computed exactly from the integer sums.
func (l *Latency) Stddev() float64 {
	if l.n < 2 {
		return 0
	}
	// variance = (n*sumSq - sum^2) / (n*(n-1)), all in exact integers.
	sumSq := new(big.Int).Lsh(new(big.Int).SetUint64(l.sumSqHi), 64)
	sumSq.Or(sumSq, new(big.Int).SetUint64(l.sumSqLo))
	n := new(big.Int).SetUint64(l.n)
	num := new(big.Int).Mul(n, sumSq)
	s := new(big.Int).SetUint64(l.sum)
	num.Sub(num, s.Mul(s, s))
	den := new(big.Int).Mul(n, new(big.Int).SetUint64(l.n-1))
	v, _ := new(big.Rat).SetFrac(num, den).Float64()
	return math.Sqrt(v)
}

// Percentile returns the latency at percentile p (0 < p <= 100) as fio
// defines it: the value of the sample at sorted position Rank(p, N), the
// first whose cumulative count reaches p percent, to the histogram's
// precision. It returns 0 without samples.
func (l *Latency) Percentile(p float64) uint64 {
	if l.n == 0 {
		return 0
	}
	// HdrHistogram finds the sample at position round(q/100 * N); ask for
	// the quantile that lands exactly on fio's rank.
	q := 100 * float64(Rank(p, l.n)) / float64(l.n)
	v := uint64(l.hist.ValueAtQuantile(q))
	// The histogram reports a bucket's upper edge; never exceed the exact
	// extremes.
	return min(max(v, l.min), l.max)
}

// Rank is the 1-based sorted position fio reports for percentile p of n
// samples (stat.c, calc_clat_percentiles): the first position whose count
// reaches (long double)p / 100 * n, within [1, n]. fio computes that
// threshold in x86-64's 80-bit extended precision, whose rounding decides
// the rank when the product is a whole number: the 30th percentile of 100
// samples is the 31st, the 99.9th of 1000 samples the 1000th. The
// arithmetic is reproduced with a 64-bit significand, rounding to nearest
// even.
func Rank(p float64, n uint64) uint64 {
	x := new(big.Float).SetPrec(64).SetFloat64(p)
	x.Quo(x, big.NewFloat(100))
	x.Mul(x, new(big.Float).SetUint64(n))
	t, _ := x.Int(nil)
	r := t.Uint64()
	if new(big.Float).SetUint64(r).Cmp(x) < 0 {
		r++ // round up a fractional threshold
	}
	return min(max(r, 1), n)
}

// Histogram exposes the underlying HdrHistogram, for exporting and merging
// across runs. The caller must not modify it.
func (l *Latency) Histogram() *hdrhistogram.Histogram { return l.hist }
