package stats

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fioLatIndex is io_u.c's io_u_mark_latency, written out as fio does: the
// unit and the bucket index of a completion latency.
func fioLatIndex(ns uint64) (unit, idx int) {
	v := ns
	if ns >= 1000000 {
		unit, v = 2, ns/1000000
	} else if ns >= 1000 {
		unit, v = 1, ns/1000
	}
	switch {
	case unit == 2 && v >= 2000:
		return unit, 11
	case unit == 2 && v >= 1000:
		return unit, 10
	case v >= 750:
		return unit, 9
	case v >= 500:
		return unit, 8
	case v >= 250:
		return unit, 7
	case v >= 100:
		return unit, 6
	case v >= 50:
		return unit, 5
	case v >= 20:
		return unit, 4
	case v >= 10:
		return unit, 3
	case v >= 4:
		return unit, 2
	case v >= 2:
		return unit, 1
	}
	return unit, 0
}

func TestLatencyBucketsMatchFio(t *testing.T) {
	// Values on and around every boundary that xbench's histogram holds
	// exactly (below 2048 ns, and multiples of the bucket width above),
	// plus a spread of others.
	var values []uint64
	for _, unit := range []uint64{1, 1000, 1000000} {
		for _, e := range bucketEdges {
			values = append(values, e*unit, e*unit-1)
		}
	}
	for v := uint64(1); v < 5e9; v = v*3 + 1 {
		values = append(values, v)
	}
	l := NewLatency()
	var want LatencyBuckets
	for _, v := range values {
		l.Record(v)
		u, i := fioLatIndex(v)
		[][]uint64{want.Nsec[:], want.Usec[:], want.Msec[:]}[u][i]++
	}
	got := l.Buckets()
	// Boundaries that fall inside one of xbench's 0.1% buckets may move one
	// IO across: compare the totals exactly and the buckets within that.
	var nw, ng uint64
	for _, b := range [][2][]uint64{{want.Nsec[:], got.Nsec[:]}, {want.Usec[:], got.Usec[:]}, {want.Msec[:], got.Msec[:]}} {
		for i := range b[0] {
			nw += b[0][i]
			ng += b[1][i]
			assert.InDelta(t, b[0][i], b[1][i], 2, fmt.Sprint("bucket ", i))
		}
	}
	require.Equal(t, nw, ng)
	assert.Equal(t, want.Nsec, got.Nsec, "nanosecond buckets are exact")
}

func TestFioPlatRoundTrip(t *testing.T) {
	for _, v := range []uint64{0, 1, 63, 64, 127, 128, 129, 1000, 2047, 2048, 123456, 1 << 40} {
		i := FioPlatIndex(v)
		mid := FioPlatValue(i)
		assert.Equal(t, i, FioPlatIndex(mid), "value %d: bucket %d, midpoint %d", v, i, mid)
	}
	assert.Equal(t, FioPlatNR-1, FioPlatIndex(1<<62))
}

func TestSampleStatsSum(t *testing.T) {
	var a, b SampleStats
	for _, v := range []uint64{10, 20, 30} {
		a.Add(v)
	}
	b.Add(5)
	assert.Equal(t, uint64(10), a.Min())
	assert.InDelta(t, 20.0, a.Mean(), 1e-9)
	assert.InDelta(t, 10.0, a.Stddev(), 1e-9)
	a.Sum(&b)
	assert.Equal(t, uint64(15), a.Min(), "group reporting adds the clones' minimums")
	assert.Equal(t, uint64(35), a.MaxVal)
	assert.InDelta(t, 25.0, a.Mean(), 1e-9)
}
