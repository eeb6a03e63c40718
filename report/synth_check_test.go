package report

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/stats"
)

// hdrHighest must predict what stats reports, or the replay tests would
// anchor percentiles on the wrong values.
func TestHdrHighestMatchesStats(t *testing.T) {
	for _, v := range []uint64{1, 331, 2047, 2048, 2049, 4095, 4096, 317440, 333824, 9869683, 125304832, 1 << 40} {
		t.Run(fmt.Sprint(v), func(t *testing.T) {
			l := stats.NewLatency()
			l.Record(v)
			l.Record(3000e9) // far above, so the clamp to max does not hide the bucket top
			assert.Equal(t, hdrHighest(v), l.Percentile(50))
			assert.LessOrEqual(t, hdrLowest(v), v)
			assert.GreaterOrEqual(t, hdrHighest(v), v)
		})
	}
}

func TestSynthLatencyReproducesFigures(t *testing.T) {
	tests := []fioLat{
		// uring.out's slat: long tail, no percentiles.
		{N: 112681, Min: 3085, Max: 2020227, Mean: 8777.863952, Stddev: 20034.170136},
		// net.out's clat: 200 samples, msec percentiles.
		{N: 200, Min: 3218692, Max: 125105476, Mean: 8998887.84, Stddev: 17515691.746812,
			Points: DefaultPercentiles,
			Values: []uint64{3227648, 3358720, 3620864, 4489216, 5013504, 5799936, 6258688, 6782976, 7438336, 8159232, 8716288, 9109504, 121110528, 122159104, 125304832, 125304832, 125304832}},
		{N: 1, Min: 42, Max: 42, Mean: 42},
		{N: 2, Min: 10, Max: 30, Mean: 20, Stddev: 14.142136},
	}
	for _, f := range tests {
		t.Run(fmt.Sprint(f.N), func(t *testing.T) {
			l, _, err := synthLatency(f)
			require.NoError(t, err)
			assert.Equal(t, f.N, l.N())
			assert.Equal(t, f.Min, l.Min())
			assert.Equal(t, f.Max, l.Max())
			assert.Equal(t, fmt.Sprintf("%f", f.Mean), fmt.Sprintf("%f", l.Mean()))
			assert.Equal(t, fmt.Sprintf("%f", f.Stddev), fmt.Sprintf("%f", l.Stddev()))
		})
	}
}
