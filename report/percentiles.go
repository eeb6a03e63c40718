package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// maxPercentiles is fio's FIO_IO_U_LIST_MAX_LEN, the longest percentile
// list it accepts.
const maxPercentiles = 20

// ParsePercentileList reads fio's percentile_list syntax, points separated
// by ':' such as "1:5:99.5:99.999", and returns the points with the
// precision fio derives for the text report: the largest number of digits
// after a decimal point. It is workload.ParsePercentileList, which the
// job-file parser uses.
func ParsePercentileList(s string) ([]float64, int, error) {
	points, precision, err := workload.ParsePercentileList(s)
	if err != nil {
		return nil, 0, fmt.Errorf("percentile_list %q: %w", s, err)
	}
	return points, precision, nil
}

// sortedPercentiles returns the points fio reports, in its order: the list
// up to its first zero (which ends it) and at most 20 points, sorted.
func sortedPercentiles(list []float64) []float64 {
	n := 0
	for n < len(list) && n < maxPercentiles && list[n] != 0 {
		n++
	}
	out := slices.Clone(list[:n])
	slices.Sort(out)
	return out
}

// percentileValues returns l's value in nanoseconds at each point.
func percentileValues(l *stats.Latency, points []float64) []uint64 {
	vals := make([]uint64, len(points))
	for i, p := range points {
		vals[i] = l.Percentile(p)
	}
	return vals
}

// writePercentiles writes fio's percentile block for one metric:
//
//	clat percentiles (usec):
//	 |  1.00th=[  334],  5.00th=[  363], 10.00th=[  383], 20.00th=[  404],
//	 | 99.99th=[ 9896]
//
// The unit follows from the smallest and largest value, values are rounded
// up to it, the value column is as wide as the largest value (at least 5)
// and as many entries fit a line as fit in 73 columns.
func writePercentiles(b *strings.Builder, name string, points []float64, vals []uint64, precision int) {
	if len(points) == 0 {
		return
	}
	minv, maxv := slices.Min(vals), slices.Max(vals)
	unit, steps := percentileUnit(minv, maxv)
	fmt.Fprintf(b, "    %s percentiles (%s):\n     |", name, unit.name)

	width := 5
	if v := maxv / unit.divisor; v > 0 {
		width = max(width, int(math.Log10(float64(v))+1))
	}
	perLine := max(1, (80-7)/(precision+10+width))
	for j, p := range points {
		if j != 0 && j%perLine == 0 {
			b.WriteString("     |")
		}
		v := vals[j]
		for range steps {
			v = (v + 999) / 1000
		}
		last := j == len(points)-1
		sep := ','
		if last {
			sep = '\n'
		}
		fmt.Fprintf(b, " %*.*fth=[%*d]%c", precision+3, precision, p, width, v, sep)
		if !last && j%perLine == perLine-1 {
			b.WriteByte('\n')
		}
	}
}
