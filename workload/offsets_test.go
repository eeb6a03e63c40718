package workload

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRandomVisitsEachBlockOncePerPass(t *testing.T) {
	for _, n := range []uint64{1, 2, 3, 7, 1000, 4096, 100003} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			o := NewOffsets(RandRead, n, false, 42)
			var passes [][]uint64
			for range 3 {
				seen := make([]bool, n)
				var order []uint64
				for range n {
					b := o.Next()
					require.Less(t, b, n)
					require.False(t, seen[b], "block %d twice in one pass", b)
					seen[b] = true
					order = append(order, b)
				}
				passes = append(passes, order)
			}
			if n > 3 {
				require.NotEqual(t, passes[0], passes[1], "each pass is reshuffled")
				sequential := true
				for i, b := range passes[0] {
					sequential = sequential && b == uint64(i)
				}
				require.False(t, sequential)
			}
		})
	}
}

func TestOffsetsRepeatForTheSameSeed(t *testing.T) {
	for _, tc := range []struct {
		name  string
		noMap bool
	}{{"random map", false}, {"norandommap", true}} {
		t.Run(tc.name, func(t *testing.T) {
			a := NewOffsets(RandWrite, 5000, tc.noMap, 7)
			b := NewOffsets(RandWrite, 5000, tc.noMap, 7)
			c := NewOffsets(RandWrite, 5000, tc.noMap, 8)
			same, differ := true, false
			for range 12000 {
				x, y, z := a.Next(), b.Next(), c.Next()
				same = same && x == y
				differ = differ || x != z
			}
			require.True(t, same)
			require.True(t, differ)
		})
	}
}

func TestSequentialWraps(t *testing.T) {
	o := NewOffsets(Write, 3, false, 1)
	var got []uint64
	for range 7 {
		got = append(got, o.Next())
	}
	require.Equal(t, []uint64{0, 1, 2, 0, 1, 2, 0}, got)
}

// With norandommap blocks repeat within a pass but stay in range and cover
// it roughly evenly.
func TestUniformCoversTheRange(t *testing.T) {
	const n = 64
	o := NewOffsets(RandRead, n, true, 3)
	counts := make([]int, n)
	for range n * 1000 {
		b := o.Next()
		require.Less(t, b, uint64(n))
		counts[b]++
	}
	for b, c := range counts {
		require.InDelta(t, 1000, c, 200, "block %d", b)
	}
}

// The permutation spreads consecutive draws: the mean distance between
// consecutive blocks should be near n/3, as for independent uniform draws.
func TestPermutationLooksRandom(t *testing.T) {
	const n = 1 << 16
	o := NewOffsets(RandRead, n, false, 11)
	prev := o.Next()
	var sum float64
	for range n - 1 {
		b := o.Next()
		d := float64(b) - float64(prev)
		if d < 0 {
			d = -d
		}
		sum += d
		prev = b
	}
	require.InDelta(t, float64(n)/3, sum/float64(n-1), float64(n)/30)
}

func TestSeed(t *testing.T) {
	j := &Job{RandRepeat: true}
	require.Equal(t, j.Seed(0, 1), j.Seed(0, 2), "randrepeat ignores entropy")
	require.NotEqual(t, j.Seed(0, 1), j.Seed(1, 1), "clones differ")
	j.RandSeed, j.RandSeedSet = 5, true
	require.NotEqual(t, (&Job{RandRepeat: true}).Seed(0, 0), j.Seed(0, 0))
	j = &Job{}
	require.NotEqual(t, j.Seed(0, 1), j.Seed(0, 2), "without randrepeat the entropy decides")
}

func BenchmarkOffsetsNext(b *testing.B) {
	for _, tc := range []struct {
		name  string
		rw    RW
		noMap bool
	}{{"sequential", Read, false}, {"random-map", RandRead, false}, {"norandommap", RandRead, true}} {
		b.Run(tc.name, func(b *testing.B) {
			o := NewOffsets(tc.rw, 1<<26, tc.noMap, 1) // 256 GiB of 4 KiB blocks
			var sink uint64
			for b.Loop() {
				sink += o.Next()
			}
			_ = sink
		})
	}
}
