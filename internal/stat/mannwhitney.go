// Package stat holds the statistics behind xbench's comparisons: the
// Mann-Whitney U test, medians and spreads of repeated measurements. It is
// pure Go and knows nothing of storage.
package stat

import (
	"errors"
	"math"
	"slices"
)

// UTest is the outcome of a two-sided Mann-Whitney U test of two samples.
type UTest struct {
	// U is the U statistic of the first sample: the number of pairs (x, y)
	// with x > y, counting ties as one half.
	U float64
	// P is the two-sided p-value: the probability, if both samples came
	// from one distribution, of a U at least as far from its mean n1·n2/2.
	P float64
	// Exact reports whether P comes from U's exact distribution (no ties,
	// small samples) rather than the normal approximation.
	Exact bool
}

// exactLimit bounds n1·n2 for the exact distribution; above it the normal
// approximation is already very close and the exact table grows large.
const exactLimit = 2500

// ErrEmpty is returned by tests given an empty sample.
var ErrEmpty = errors.New("stat: empty sample")

// MannWhitneyU tests whether x and y come from the same distribution,
// against the alternative that one tends to be larger than the other. It
// makes no assumption on the shape of the distribution, which is why it
// suits benchmark figures (skewed, with outliers from a busy machine).
//
// Without ties and with n1·n2 <= 2500 the p-value is exact (as scipy's
// mannwhitneyu with method="exact"); otherwise it uses the normal
// approximation with tie correction and continuity correction (as scipy's
// method="asymptotic", use_continuity=True).
func MannWhitneyU(x, y []float64) (UTest, error) {
	n1, n2 := len(x), len(y)
	if n1 == 0 || n2 == 0 {
		return UTest{}, ErrEmpty
	}
	ranks, ties := rank(x, y)
	r1 := 0.0
	for _, r := range ranks[:n1] {
		r1 += r
	}
	u1 := r1 - float64(n1*(n1+1))/2
	u2 := float64(n1*n2) - u1
	big := math.Max(u1, u2)
	if ties == 0 && n1*n2 <= exactLimit {
		p := 2 * uUpperTail(n1, n2, int(big))
		return UTest{U: u1, P: math.Min(p, 1), Exact: true}, nil
	}
	n := float64(n1 + n2)
	mu := float64(n1*n2) / 2
	sigma := math.Sqrt(float64(n1*n2) / 12 * ((n + 1) - ties/(n*(n-1))))
	if sigma == 0 {
		// Every value is the same: nothing tells the samples apart.
		return UTest{U: u1, P: 1}, nil
	}
	z := (big - mu - 0.5) / sigma
	p := math.Erfc(z / math.Sqrt2) // 2 * (1 - Φ(z))
	return UTest{U: u1, P: math.Min(p, 1)}, nil
}

// rank returns the mid-ranks (1-based) of the values of x then y in their
// combined order, and the tie term Σ(t³ - t) over groups of t equal values.
func rank(x, y []float64) ([]float64, float64) {
	n := len(x) + len(y)
	idx := make([]int, n)
	val := make([]float64, 0, n)
	val = append(append(val, x...), y...)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case val[a] < val[b]:
			return -1
		case val[a] > val[b]:
			return 1
		}
		return 0
	})
	ranks := make([]float64, n)
	ties := 0.0
	for i := 0; i < n; {
		j := i + 1
		for j < n && val[idx[j]] == val[idx[i]] {
			j++
		}
		mid := float64(i+j+1) / 2 // mean of ranks i+1 .. j
		for _, k := range idx[i:j] {
			ranks[k] = mid
		}
		if t := float64(j - i); t > 1 {
			ties += t*t*t - t
		}
		i = j
	}
	return ranks, ties
}

// uUpperTail returns P(U >= u) for samples of n1 and n2 values drawn from
// one continuous distribution: the number of orderings of the n1+n2 values
// whose U is at least u, over all C(n1+n2, n1) orderings.
func uUpperTail(n1, n2, u int) float64 {
	counts := uCounts(n1, n2)
	total, tail := 0.0, 0.0
	for k, c := range counts {
		total += c
		if k >= u {
			tail += c
		}
	}
	return tail / total
}

// uCounts returns, for k = 0 .. n1·n2, how many orderings of n1 x's and n2
// y's have U = k (pairs with the x above the y). It uses the recurrence on
// the largest value: it is an x, adding n2 to U, or a y, adding nothing:
// c(i, j, k) = c(i-1, j, k-j) + c(i, j-1, k).
func uCounts(n1, n2 int) []float64 {
	// prev[j] holds c(i-1, j, ·), cur[j] holds c(i, j, ·).
	prev := make([][]float64, n2+1)
	for j := range prev {
		prev[j] = []float64{1} // c(0, j, 0) = 1
	}
	for i := 1; i <= n1; i++ {
		cur := make([][]float64, n2+1)
		cur[0] = []float64{1} // c(i, 0, 0) = 1
		for j := 1; j <= n2; j++ {
			c := make([]float64, i*j+1)
			for k, v := range prev[j] {
				c[k+j] += v
			}
			for k, v := range cur[j-1] {
				c[k] += v
			}
			cur[j] = c
		}
		prev = cur
	}
	return prev[n2]
}

// MinP is the smallest two-sided p-value the Mann-Whitney U test can give
// with samples of n1 and n2 values: 2 / C(n1+n2, n1), when the samples do
// not overlap at all. When it is not below the chosen significance level,
// no difference can be significant, however large.
func MinP(n1, n2 int) float64 {
	if n1 == 0 || n2 == 0 {
		return 1
	}
	// log C(n1+n2, n1) through log-gamma, to stay finite for large samples.
	lg := func(v int) float64 { r, _ := math.Lgamma(float64(v) + 1); return r }
	logC := lg(n1+n2) - lg(n1) - lg(n2)
	return math.Min(1, 2*math.Exp(-logC))
}
