package stat

import (
	"math"
	"slices"
)

// Median returns the middle value of x (the mean of the two middle values
// for an even count), or NaN for an empty x. x is not modified.
func Median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := slices.Sorted(slices.Values(x))
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// Spread returns the largest distance of a value of x from its median,
// relative to the median: 0.04 when every repetition is within 4% of the
// median. It is 0 for fewer than two values and NaN when the median is 0.
func Spread(x []float64) float64 {
	if len(x) < 2 {
		return 0
	}
	m := Median(x)
	if m == 0 {
		return math.NaN()
	}
	d := 0.0
	for _, v := range x {
		d = math.Max(d, math.Abs(v-m))
	}
	return d / math.Abs(m)
}
