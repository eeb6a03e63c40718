package stats

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Pooling two runs adds their IOs and runtimes, so that IOPS is the total
// over the total time, and pools their latencies exactly.
func TestPoolAddsRuntimes(t *testing.T) {
	a := jobWith(0, Read, 4096*1000, 100*time.Millisecond)
	b := jobWith(0, Read, 4096*3000, 200*time.Millisecond)
	a.Dirs[Read].Clat.Record(1000)
	b.Dirs[Read].Clat.Record(3000)
	a.CPU.User, b.CPU.User = time.Millisecond, 2*time.Millisecond
	a.Runtime, b.Runtime = 100*time.Millisecond, 200*time.Millisecond

	p := &Job{}
	p.Pool(a)
	p.Pool(b)
	d := p.Dirs[Read]
	require.EqualValues(t, 4000, d.TotalIOs)
	require.Equal(t, 300*time.Millisecond, d.Runtime)
	require.InDelta(t, 4000/0.3, IOPS(d.TotalIOs, d.Runtime), 1e-6)
	require.EqualValues(t, 2, d.Clat.N())
	require.Equal(t, 2000.0, d.Clat.Mean())
	require.Equal(t, 3*time.Millisecond, p.CPU.User)
	require.Equal(t, 300*time.Millisecond, p.Runtime)
	require.Equal(t, 1, p.Members, "each run has the same one clone")
	require.Equal(t, "j", p.Name)
	require.False(t, p.Dirs[Write].Used())
}

// Export and ImportLatency round-trip a Latency exactly: every figure and
// every percentile, and merging imported latencies equals merging the
// originals.
func TestLatencyExportRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	mk := func() *Latency {
		l := NewLatency()
		for range 20_000 {
			l.Record(uint64(r.ExpFloat64()*40_000) + 900)
		}
		l.RecordN(4_000_000_000_000, 3) // large enough to need 128-bit squares
		return l
	}
	a, b := mk(), mk()
	ea, err := a.Export()
	require.NoError(t, err)
	ia, err := ImportLatency(ea)
	require.NoError(t, err)
	require.Equal(t, a.N(), ia.N())
	require.Equal(t, a.Min(), ia.Min())
	require.Equal(t, a.Max(), ia.Max())
	require.Equal(t, a.Mean(), ia.Mean())
	require.Equal(t, a.Stddev(), ia.Stddev())
	for _, p := range []float64{1, 50, 99, 99.9, 99.99, 100} {
		require.Equal(t, a.Percentile(p), ia.Percentile(p), "p%g", p)
	}
	eb, err := b.Export()
	require.NoError(t, err)
	ib, err := ImportLatency(eb)
	require.NoError(t, err)
	a.Merge(b)
	ia.Merge(ib)
	require.True(t, a.Histogram().Equals(ia.Histogram()))
	require.Equal(t, a.Stddev(), ia.Stddev())

	empty, err := NewLatency().Export()
	require.NoError(t, err)
	ie, err := ImportLatency(empty)
	require.NoError(t, err)
	require.Zero(t, ie.N())
	ie.Record(5)
	require.EqualValues(t, 5, ie.Min(), "an imported empty latency takes samples as a new one does")
}

func TestImportLatencyRejectsBadInput(t *testing.T) {
	good, err := NewLatency().Export()
	require.NoError(t, err)
	l := NewLatency()
	l.Record(10)
	one, err := l.Export()
	require.NoError(t, err)
	cases := map[string]func(e *LatencyExport){
		"not base64":    func(e *LatencyExport) { e.Histogram = "!!" },
		"wrong count":   func(e *LatencyExport) { e.N = 7 },
		"bad sum_sq":    func(e *LatencyExport) { e.SumSq = "x" },
		"negative sums": func(e *LatencyExport) { e.SumSq = "-1" },
	}
	for name, spoil := range cases {
		t.Run(name, func(t *testing.T) {
			e := one
			spoil(&e)
			_, err := ImportLatency(e)
			require.Error(t, err)
		})
	}
	_, err = ImportLatency(good)
	require.NoError(t, err)
}
