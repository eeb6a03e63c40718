package stats

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// naive computes what Latency must report, the slow way.
func naive(samples []uint64) (mean, stddev float64) {
	for _, s := range samples {
		mean += float64(s)
	}
	mean /= float64(len(samples))
	for _, s := range samples {
		d := float64(s) - mean
		stddev += d * d
	}
	return mean, math.Sqrt(stddev / float64(len(samples)-1))
}

func TestLatencyIsExact(t *testing.T) {
	cases := map[string][]uint64{
		"small":              {1, 2, 3, 4, 5},
		"tight around 100µs": {100_000, 100_001, 100_002, 99_999, 100_000, 100_003},
		"wide":               {50, 3_000_000_000, 7_000, 120_000},
	}
	r := rand.New(rand.NewPCG(1, 2))
	var many []uint64
	for range 100_000 {
		many = append(many, 80_000+uint64(r.NormFloat64()*500+5000))
	}
	cases["many"] = many
	for name, samples := range cases {
		t.Run(name, func(t *testing.T) {
			l := NewLatency()
			for _, s := range samples {
				l.Record(s)
			}
			mean, stddev := naive(samples)
			require.EqualValues(t, len(samples), l.N())
			require.InDelta(t, mean, l.Mean(), 1e-9*mean)
			require.InDelta(t, stddev, l.Stddev(), 1e-6*stddev+1e-9)
			require.Equal(t, minOf(samples), l.Min())
			require.Equal(t, maxOf(samples), l.Max())
		})
	}
}

func TestRecordNEqualsRepeatedRecord(t *testing.T) {
	a, b := NewLatency(), NewLatency()
	for _, v := range []uint64{10, 1_000_000, 4_000_000_000} {
		a.RecordN(v, 32)
		for range 32 {
			b.Record(v)
		}
	}
	require.Equal(t, b.N(), a.N())
	require.Equal(t, b.Mean(), a.Mean())
	require.Equal(t, b.Stddev(), a.Stddev())
	require.Equal(t, b.Percentile(50), a.Percentile(50))
}

func TestMergeEqualsRecordingTogether(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	a, b, all := NewLatency(), NewLatency(), NewLatency()
	for i := range 10_000 {
		v := uint64(r.ExpFloat64() * 200_000)
		if i%3 == 0 {
			a.Record(v)
		} else {
			b.Record(v)
		}
		all.Record(v)
	}
	a.Merge(b)
	require.Equal(t, all.N(), a.N())
	require.Equal(t, all.Min(), a.Min())
	require.Equal(t, all.Max(), a.Max())
	require.Equal(t, all.Mean(), a.Mean())
	require.InDelta(t, all.Stddev(), a.Stddev(), 1e-9)
	for _, p := range []float64{1, 50, 99, 99.99} {
		require.Equal(t, all.Percentile(p), a.Percentile(p))
	}
}

func TestPercentilesWithinPrecision(t *testing.T) {
	l := NewLatency()
	for v := uint64(1); v <= 100_000; v++ {
		l.Record(v * 10) // 10 ns .. 1 ms, uniform
	}
	for _, p := range []float64{1, 5, 50, 90, 99, 99.9} {
		want := p / 100 * 1_000_000
		require.InEpsilon(t, want, float64(l.Percentile(p)), 0.002, "p%v", p)
	}
	require.EqualValues(t, 1_000_000, l.Percentile(100))
}

func TestEmptyAndReset(t *testing.T) {
	l := NewLatency()
	require.Zero(t, l.N())
	require.Zero(t, l.Min())
	require.Zero(t, l.Mean())
	require.Zero(t, l.Stddev())
	require.Zero(t, l.Percentile(50))
	l.Record(5)
	l.Record(0) // clamped into the histogram, kept exact elsewhere
	require.Zero(t, l.Min())
	l.Reset()
	require.Zero(t, l.N())
	require.Zero(t, l.Max())
	l.Record(7)
	require.EqualValues(t, 7, l.Min())
}

func TestHugeLatencyIsClampedNotLost(t *testing.T) {
	l := NewLatency()
	l.Record(2 * histHighest)
	require.EqualValues(t, 1, l.N())
	require.EqualValues(t, 2*histHighest, l.Max())
	require.EqualValues(t, 2*histHighest, l.Percentile(100))
}

// The expected ranks come from fio's own expression compiled with gcc on
// x86-64: (long double)p / 100.0 * n, first whole count reaching it.
func TestRankMatchesFio(t *testing.T) {
	tests := []struct {
		p    float64
		n    uint64
		want uint64
	}{
		{50, 200, 100},
		{99.99, 6144, 6144}, // 6143.39 -> 6144 (HdrHistogram's rounding: 6143)
		{20, 16, 4},         // 3.2 -> 4 (HdrHistogram's rounding: 3)
		{10, 16, 2},
		{1, 16, 1},
		{95, 16, 16},
		{20, 15, 3},
		{30, 100, 31},      // 0.3 in extended precision is slightly above 0.3
		{60, 25, 16},       // likewise 0.6
		{99.9, 1000, 1000}, // the double 99.9 is slightly above 99.9
		{99.99, 10000, 9999},
		{99.9, 112681, 112569},
		{0.01, 3000, 1},
		{100, 7, 7},
	}
	for _, tt := range tests {
		t.Run(strconv.FormatFloat(tt.p, 'f', -1, 64)+"/"+strconv.FormatUint(tt.n, 10), func(t *testing.T) {
			require.Equal(t, tt.want, Rank(tt.p, tt.n))
		})
	}
}

func minOf(v []uint64) uint64 {
	m := v[0]
	for _, x := range v {
		m = min(m, x)
	}
	return m
}

func maxOf(v []uint64) uint64 {
	m := v[0]
	for _, x := range v {
		m = max(m, x)
	}
	return m
}

func BenchmarkLatencyRecord(b *testing.B) {
	l := NewLatency()
	r := rand.New(rand.NewPCG(5, 6))
	vals := make([]uint64, 4096)
	for i := range vals {
		vals[i] = 50_000 + uint64(r.ExpFloat64()*20_000)
	}
	i := 0
	for b.Loop() {
		l.Record(vals[i&4095])
		i++
	}
}
