package report

import (
	"math"
	"strconv"
)

// This file formats figures compactly, to three significant digits, for the
// tables that set runs side by side (engine comparisons, xbench compare),
// where fio's own formats would be too wide.

// FormatCount formats a count or rate with an SI prefix: "950", "51.2k",
// "1.23M".
func FormatCount(v float64) string {
	return scaled(v, 1000, []string{"", "k", "M", "G", "T"}, "")
}

// FormatBytesPerSec formats a bandwidth in bytes per second with an IEC
// prefix: "512KiB/s", "1.95GiB/s".
func FormatBytesPerSec(v float64) string {
	return scaled(v, 1024, []string{"B", "KiB", "MiB", "GiB", "TiB"}, "/s")
}

// FormatNanos formats a time in nanoseconds: "812ns", "52.1us", "1.23ms",
// "2.50s".
func FormatNanos(v float64) string {
	return scaled(v, 1000, []string{"ns", "us", "ms", "s"}, "")
}

// scaled divides v by base until it is below base, and formats it with
// three significant digits followed by the prefix and suffix.
func scaled(v, base float64, prefixes []string, suffix string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	for i, p := range prefixes {
		if s, ok := sig3(v, base); ok || i == len(prefixes)-1 {
			if !ok {
				s = strconv.FormatFloat(v, 'f', 0, 64)
			}
			return s + p + suffix
		}
		v /= base
	}
	return "-" // unreachable
}

// sig3 formats v (>= 0 expected, or below 1 only at the smallest unit) with
// three significant digits, and reports false when it would round to limit
// or more, so that the caller moves to the next unit ("999.6" is "1.00k").
func sig3(v, limit float64) (string, bool) {
	a := math.Abs(v)
	if a < 1 {
		// Below one of the smallest unit: show it as it is, rounded.
		return strconv.FormatFloat(v, 'f', 2, 64), a < limit
	}
	digits := int(math.Floor(math.Log10(a))) + 1
	dec := max(3-digits, 0)
	s := strconv.FormatFloat(v, 'f', dec, 64)
	r, _ := strconv.ParseFloat(s, 64)
	if math.Abs(r) >= limit {
		return "", false
	}
	// Rounding may add a digit (9.996 -> "10.00"): keep three.
	if d2 := int(math.Floor(math.Log10(math.Abs(r)))) + 1; d2 > digits {
		s = strconv.FormatFloat(v, 'f', max(3-d2, 0), 64)
	}
	return s, true
}
