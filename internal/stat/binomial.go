package stat

import "math"

// BinomialCDF returns P(X <= k) for X ~ Binomial(n, p): the chance of at
// most k successes in n independent trials of probability p.
func BinomialCDF(k, n int, p float64) float64 {
	if k < 0 {
		return 0
	}
	if k >= n {
		return 1
	}
	sum := 0.0
	for i := 0; i <= k; i++ {
		sum += binomialPMF(i, n, p)
	}
	return math.Min(sum, 1)
}

// binomialPMF returns P(X = k), through logarithms so that large n stay
// finite.
func binomialPMF(k, n int, p float64) float64 {
	switch {
	case p == 0:
		if k == 0 {
			return 1
		}
		return 0
	case p == 1:
		if k == n {
			return 1
		}
		return 0
	}
	lg := func(v int) float64 { r, _ := math.Lgamma(float64(v) + 1); return r }
	return math.Exp(lg(n) - lg(k) - lg(n-k) + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
}

// Wilson returns the Wilson score interval for a proportion of k successes
// in n trials at the normal quantile z (1.96 for 95%).
func Wilson(k, n int, z float64) (lo, hi float64) {
	if n == 0 {
		return 0, 1
	}
	fn := float64(n)
	ph := float64(k) / fn
	d := 1 + z*z/fn
	c := (ph + z*z/(2*fn)) / d
	h := z / d * math.Sqrt(ph*(1-ph)/fn+z*z/(4*fn*fn))
	return math.Max(0, c-h), math.Min(1, c+h)
}
