package stat

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// The expected U and p-values were computed with scipy 1.10.1,
// scipy.stats.mannwhitneyu(x, y, alternative="two-sided", method=M), with
// M = "exact" for samples without ties and n1·n2 <= 2500, "asymptotic"
// otherwise (the rule MannWhitneyU follows).
func TestMannWhitneyUAgainstScipy(t *testing.T) {
	cases := []struct {
		name string
		x, y []float64
		u, p float64
	}{
		{"separated 5v5", []float64{1.0, 2.0, 3.0, 4.0, 5.0}, []float64{6.0, 7.0, 8.0, 9.0, 10.0}, 0.0, 0.007936507936507936},
		{"overlap 5v6", []float64{19.1, 22.3, 25.0, 17.8, 21.4}, []float64{24.2, 26.9, 23.3, 28.1, 27.5, 30.0}, 2.0, 0.017316017316017316},
		{"ties", []float64{1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0}, []float64{3.0, 4.0, 4.0, 5.0, 5.0, 6.0}, 3.5, 0.012999854364387305},
		{"single each", []float64{1.0}, []float64{2.0}, 0.0, 1.0},
		{"3v3 separated", []float64{1.0, 2.0, 3.0}, []float64{4.0, 5.0, 6.0}, 0.0, 0.1},
		{"30v30", []float64{100.012, 102.987, 97.259, 91.094, 95.453, 90.084, 100.601, 113.402, 95.078, 93.795, 104.898, 103.569, 101.054, 90.695, 99.707, 106.953, 86.558, 95.424, 80.988, 87.105, 81.583, 97.649, 87.326, 102.713, 101.568, 98.131, 74.832, 94.613, 99.515, 101.133}, []float64{90.699, 101.222, 96.215, 97.912, 116.609, 97.925, 105.675, 114.844, 100.164, 104.883, 107.105, 106.638, 93.749, 106.761, 119.588, 90.529, 114.594, 107.194, 99.585, 126.004, 113.623, 94.007, 106.745, 111.767, 104.112, 112.829, 105.335, 112.672, 120.385, 99.243}, 193.0, 8.895932635806076e-05},
		{"60v60 asymptotic", []float64{102.0314, 95.3669, 101.2727, 88.1281, 94.207, 98.038, 108.9876, 111.4522, 86.7647, 92.0536, 106.469, 80.0758, 95.3683, 99.0271, 112.5701, 106.894, 96.7279, 96.3142, 97.498, 115.2353, 95.7198, 96.9632, 103.5259, 98.7923, 98.0272, 88.8593, 99.8848, 95.5642, 111.6613, 106.5309, 99.7586, 106.6838, 96.6013, 110.5213, 99.946, 105.8338, 87.0911, 103.4668, 83.118, 79.6467, 96.9552, 91.0007, 101.6405, 122.4476, 91.6828, 93.7606, 102.054, 104.9301, 98.2359, 97.9407, 107.0246, 105.1991, 89.6632, 99.2082, 100.3529, 89.4552, 102.5984, 91.4204, 109.7207, 101.9275}, []float64{103.8931, 97.0897, 101.8139, 83.0225, 91.6859, 106.6284, 81.7143, 111.4661, 85.539, 110.5674, 94.545, 110.7899, 104.3095, 87.6317, 115.4915, 117.4171, 102.342, 100.2608, 101.4013, 93.2485, 113.9859, 97.5711, 102.4881, 95.067, 96.7393, 90.2227, 115.5707, 101.4591, 112.6592, 103.1332, 96.056, 99.7331, 97.3977, 103.0796, 99.2473, 100.0008, 89.2143, 94.9315, 119.5406, 96.2877, 92.4591, 106.3733, 117.0727, 88.4598, 100.9148, 96.6795, 85.3898, 110.3493, 102.7656, 103.7144, 95.4769, 107.5478, 97.607, 101.571, 91.9174, 90.839, 116.3553, 97.929, 105.9168, 102.6621}, 1652.0, 0.43882776864859985},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := MannWhitneyU(tc.x, tc.y)
			require.NoError(t, err)
			require.Equal(t, tc.u, r.U)
			require.InDelta(t, tc.p, r.P, 1e-12*math.Max(1, tc.p))
			// Swapping the samples gives the other U and the same p.
			s, err := MannWhitneyU(tc.y, tc.x)
			require.NoError(t, err)
			require.Equal(t, float64(len(tc.x)*len(tc.y))-tc.u, s.U)
			require.InDelta(t, r.P, s.P, 1e-12)
		})
	}
}

// Textbook values: with n1 = n2 = 5 there are C(10, 5) = 252 orderings; U = 0
// happens once, U <= 1 twice, U <= 2 four times (U=2 two ways).
func TestExactDistribution(t *testing.T) {
	c := uCounts(5, 5)
	require.Len(t, c, 26)
	total := 0.0
	for _, v := range c {
		total += v
	}
	require.Equal(t, 252.0, total)
	require.Equal(t, []float64{1, 1, 2, 3, 5, 7}, c[:6])
	for k := range c {
		require.Equal(t, c[k], c[25-k], "symmetric at %d", k)
	}
	require.InDelta(t, 4.0/252, uUpperTail(5, 5, 23), 1e-15)
}

func TestMannWhitneyUEdges(t *testing.T) {
	_, err := MannWhitneyU(nil, []float64{1})
	require.ErrorIs(t, err, ErrEmpty)
	r, err := MannWhitneyU([]float64{3, 3, 3}, []float64{3, 3})
	require.NoError(t, err)
	require.Equal(t, 1.0, r.P, "identical constant samples")
	require.False(t, r.Exact)
}

func TestMinP(t *testing.T) {
	for _, tc := range []struct {
		n1, n2 int
		want   float64
	}{
		{1, 1, 1},
		{3, 3, 0.1},
		{4, 4, 2.0 / 70},
		{5, 5, 2.0 / 252},
		{10, 10, 2.0 / 184756},
		{0, 5, 1},
	} {
		require.InDelta(t, tc.want, MinP(tc.n1, tc.n2), 1e-12, "%d,%d", tc.n1, tc.n2)
	}
	// MinP is what the test gives for fully separated samples.
	r, err := MannWhitneyU([]float64{1, 2, 3, 4}, []float64{5, 6, 7, 8})
	require.NoError(t, err)
	require.InDelta(t, MinP(4, 4), r.P, 1e-15)
}

func TestMedianAndSpread(t *testing.T) {
	for _, tc := range []struct {
		x              []float64
		median, spread float64
	}{
		{[]float64{5}, 5, 0},
		{[]float64{3, 1, 2}, 2, 0.5},
		{[]float64{4, 1, 3, 2}, 2.5, 0.6},
		{[]float64{100, 104, 96, 101}, 100.5, 4.5 / 100.5},
	} {
		require.InDelta(t, tc.median, Median(tc.x), 1e-12)
		require.InDelta(t, tc.spread, Spread(tc.x), 1e-12)
	}
	require.True(t, math.IsNaN(Median(nil)))
	require.True(t, math.IsNaN(Spread([]float64{0, 0, 1})))
}

// Binomial tails from scipy 1.10.1 (scipy.stats.binom.cdf); Wilson
// intervals from the textbook formula.
func TestBinomial(t *testing.T) {
	for _, tc := range []struct {
		k, n int
		p    float64
		want float64
	}{
		{3, 30, 0.05, 0.9392284386912566},
		{4, 30, 0.05, 0.984364489871467},
		{23, 30, 0.9, 0.025826788661909846},
		{24, 30, 0.9, 0.07319010839987979},
		{0, 10, 0.5, 0.0009765625},
		{50, 100, 0.5, 0.5397946186935892},
		{-1, 10, 0.5, 0},
		{10, 10, 0.5, 1},
	} {
		require.InDelta(t, tc.want, BinomialCDF(tc.k, tc.n, tc.p), 1e-12, "%d of %d at %g", tc.k, tc.n, tc.p)
	}
	lo, hi := Wilson(3, 30, 1.96)
	require.InDelta(t, 0.03459925995971616, lo, 1e-12)
	require.InDelta(t, 0.25621441315266624, hi, 1e-12)
	lo, hi = Wilson(27, 30, 1.96)
	require.InDelta(t, 0.7437855868473339, lo, 1e-12)
	require.InDelta(t, 0.9654007400402839, hi, 1e-12)
}

// The interval of two separated samples of five, by hand: the 25
// differences are 1 once, 2 twice ... 5 five times ... 9 once; P(U <= 2) =
// 4/252 <= 0.025 < P(U <= 3) = 7/252, so k = 2 and the interval is
// [d(3), d(23)] = [2, 8], as R's wilcox.test(6:10, 1:5, conf.int = TRUE)
// gives.
func TestHodgesLehmannByHand(t *testing.T) {
	s, err := HodgesLehmann([]float64{1, 2, 3, 4, 5}, []float64{6, 7, 8, 9, 10}, 0.95)
	require.NoError(t, err)
	require.Equal(t, Shift{Estimate: 5, Lo: 2, Hi: 8, Exact: true}, s)
	require.True(t, s.Bounded())

	// 3 against 3 cannot reach 95%: P(U <= 0) = 1/20 > 0.025.
	s, err = HodgesLehmann([]float64{1, 2, 3}, []float64{4, 5, 6}, 0.95)
	require.NoError(t, err)
	require.False(t, s.Bounded())
	require.Equal(t, 3.0, s.Estimate)
	// At 90% it can: k = 0, the interval is the range of the differences.
	s, err = HodgesLehmann([]float64{1, 2, 3}, []float64{4, 5, 6}, 0.90)
	require.NoError(t, err)
	require.Equal(t, Shift{Estimate: 3, Lo: 1, Hi: 5, Exact: true}, s)

	_, err = HodgesLehmann(nil, []float64{1}, 0.95)
	require.ErrorIs(t, err, ErrEmpty)
}

// The interval is the test turned around: it excludes 0 exactly when the
// Mann-Whitney U test rejects at the same level.
func TestHodgesLehmannMatchesTheTest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 500 {
		n1, n2 := 2+rng.IntN(12), 2+rng.IntN(12)
		x, y := make([]float64, n1), make([]float64, n2)
		shift := rng.Float64() * 2
		for k := range x {
			x[k] = rng.NormFloat64()
		}
		for k := range y {
			y[k] = rng.NormFloat64() + shift
		}
		for _, conf := range []float64{0.9, 0.95, 0.99} {
			s, err := HodgesLehmann(x, y, conf)
			require.NoError(t, err)
			u, err := MannWhitneyU(x, y)
			require.NoError(t, err)
			excludes := s.Bounded() && (s.Lo > 0 || s.Hi < 0)
			require.Equal(t, u.P <= 1-conf+1e-12, excludes, "case %d: n %d,%d conf %g p %g [%g, %g]", i, n1, n2, conf, u.P, s.Lo, s.Hi)
			require.LessOrEqual(t, s.Lo, s.Estimate)
			require.GreaterOrEqual(t, s.Hi, s.Estimate)
		}
	}
}

// Above 2500 pairs the rank comes from the normal approximation; it stays
// within one of the exact rank.
func TestShiftRankApproximation(t *testing.T) {
	for _, n := range [][2]int{{50, 51}, {60, 60}, {40, 70}} {
		approx := shiftRank(n[0], n[1], 0.025)
		counts := uCounts(n[0], n[1])
		total := 0.0
		for _, c := range counts {
			total += c
		}
		exact, cum := -1, 0.0
		for k, c := range counts {
			cum += c
			if cum/total > 0.025 {
				exact = k - 1
				break
			}
		}
		require.InDelta(t, exact, approx, 1, "%v", n)
	}
}
