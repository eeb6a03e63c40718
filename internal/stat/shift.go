package stat

import (
	"math"
	"slices"
)

// Shift is the Hodges-Lehmann estimate of how far a second sample lies
// from a first, with its distribution-free confidence interval: the
// estimate and the interval that go with the Mann-Whitney U test.
type Shift struct {
	// Estimate is the median of the n1·n2 differences y_j - x_i.
	Estimate float64
	// Lo and Hi bound the confidence interval; they are -Inf and +Inf when
	// the samples are too small for the confidence asked (MinP(n1, n2) >=
	// 1 - confidence).
	Lo, Hi float64
	// Exact reports whether the interval comes from U's exact distribution
	// (n1·n2 <= 2500) rather than the normal approximation.
	Exact bool
}

// Bounded reports whether the interval is finite.
func (s Shift) Bounded() bool { return !math.IsInf(s.Lo, 0) && !math.IsInf(s.Hi, 0) }

// HodgesLehmann estimates the shift from x to y and its two-sided
// confidence interval at the given confidence (0.95), as R's
// wilcox.test(y, x, conf.int = TRUE) does: with the N = n1·n2 differences
// d = y_j - x_i sorted, the interval is [d(k+1), d(N-k)], where k is the
// largest count with P(U <= k) <= (1 - confidence)/2 when both samples
// come from one distribution. It covers the true shift with at least that
// confidence whenever y is distributed as x shifted, whatever the
// distribution. For samples without ties, the interval excludes 0 exactly
// when MannWhitneyU(x, y) gives p <= 1 - confidence.
func HodgesLehmann(x, y []float64, confidence float64) (Shift, error) {
	n1, n2 := len(x), len(y)
	if n1 == 0 || n2 == 0 {
		return Shift{}, ErrEmpty
	}
	d := make([]float64, 0, n1*n2)
	for _, b := range y {
		for _, a := range x {
			d = append(d, b-a)
		}
	}
	slices.Sort(d)
	s := Shift{Estimate: Median(d), Lo: math.Inf(-1), Hi: math.Inf(1), Exact: n1*n2 <= exactLimit}
	k := shiftRank(n1, n2, (1-confidence)/2)
	if k >= 0 && k <= len(d)-1-k {
		s.Lo, s.Hi = d[k], d[len(d)-1-k]
	}
	return s, nil
}

// shiftRank returns the 0-based index k of the interval's lower end in the
// sorted differences, which is also the number of differences left out on
// each side: the largest k with P(U <= k) <= tail, since the interval
// [d(k+1), d(N-k)] misses the true shift with probability 2·P(U <= k). It
// is -1 when even P(U <= 0) exceeds tail.
func shiftRank(n1, n2 int, tail float64) int {
	if n1*n2 > exactLimit {
		n := float64(n1 * n2)
		sigma := math.Sqrt(n * float64(n1+n2+1) / 12)
		z := -math.Sqrt2 * math.Erfinv(2*tail-1)    // the upper tail quantile
		return int(math.Floor(n/2 - z*sigma - 0.5)) // continuity-corrected
	}
	counts := uCounts(n1, n2)
	total := 0.0
	for _, c := range counts {
		total += c
	}
	cum := 0.0
	for k, c := range counts {
		cum += c
		if cum/total > tail+1e-12 { // 1 - 0.9 is a hair below 0.1
			return k - 1
		}
	}
	return len(counts) - 1
}
