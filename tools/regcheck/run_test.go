package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Over n rounds, a Williams square puts every variant in every place once
// and, for an even n, every variant right after every other one once.
func TestWilliams(t *testing.T) {
	for _, n := range []int{2, 4, 6} {
		place := map[[2]int]int{}
		follows := map[[2]int]int{}
		for round := range n {
			order := williams(n, round)
			require.ElementsMatch(t, seq(n), order, "round %d is a permutation", round)
			for p, v := range order {
				place[[2]int{v, p}]++
				if p > 0 {
					follows[[2]int{order[p-1], v}]++
				}
			}
		}
		require.Len(t, place, n*n)
		require.Len(t, follows, n*(n-1), "n=%d: every ordered pair once", n)
		for _, c := range follows {
			require.Equal(t, 1, c)
		}
		require.Equal(t, williams(n, 0), williams(n, n), "it turns with period n")
	}
	require.Equal(t, []int{0, 1, 3, 2}, williams(4, 0))
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func TestDesign(t *testing.T) {
	vs, cmps, scs := design([]float64{0.1, 0.2})
	require.Len(t, vs, 4)
	require.Equal(t, "A B 10% 20%", variantNames(vs)[0:1]+" "+vs[1].name+" "+vs[2].name+" "+vs[3].name)
	require.Equal(t, []float64{0, 0, 0.1, 0.2}, []float64{vs[0].slowdown, vs[1].slowdown, vs[2].slowdown, vs[3].slowdown})
	require.Len(t, scs, 3)
	require.Equal(t, []string{"identical", "slowed 10%", "slowed 20%"}, []string{scs[0].name, scs[1].name, scs[2].name})
	// A against B; 10% against A; 20% against B.
	require.Equal(t, [][2]int{{0, 1}, {0, 2}, {1, 3}}, [][2]int{{cmps[0].base, cmps[0].new}, {cmps[1].base, cmps[1].new}, {cmps[2].base, cmps[2].new}})
	for i, c := range cmps {
		require.Same(t, scs[i], c.sc)
	}
}

func TestWithOptions(t *testing.T) {
	text := "; comment\n[global]\nbs=4k\n\n[null]\nioengine=null\n[file]\nfilename=f"
	got := withOptions(text, []string{"runtime=1s", "file:thinktime=5us"})
	require.Equal(t, "; comment\n[global]\nbs=4k\n\n[null]\nioengine=null\nruntime=1s\n[file]\nfilename=f\nruntime=1s\nthinktime=5us\n", got)
}

// Slowdowns are named as given, without the float's rounding error.
func TestDesignNames(t *testing.T) {
	vs, _, scs := design([]float64{0.07, 0.125})
	require.Equal(t, "A, B, 7%, 12.5%", variantNames(vs))
	require.Equal(t, "slowed 7%", scs[1].name)
}
