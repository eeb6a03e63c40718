// Package compare decides whether a set of benchmark runs is better, worse
// or no different from a baseline, metric by metric, the way benchstat
// does for Go benchmarks.
//
// # Decision rule
//
// For each job and direction found on both sides, and each metric (IOPS,
// bandwidth, completion latency percentiles), every run gives one value.
// The two sides' values are compared with a two-sided Mann-Whitney U test
// (internal/stat), which assumes nothing about their distribution, and the
// relative change of the medians, delta = (new - base) / base, is computed.
// A metric is
//
//   - worse when the test is significant (p < alpha, 1 - the confidence)
//     AND the medians moved by at least the threshold in the bad direction
//     (IOPS or bandwidth down, latency up);
//   - better in the same way in the good direction;
//   - otherwise no significant change.
//
// The threshold (minimum effect size) keeps small but real shifts, such as
// a busy CI machine's drift between the baseline run and this one, from
// failing a build; the test keeps a large move of noisy figures from
// failing it by chance.
//
// When either side has a single run, or so few runs that no outcome could
// reach p < alpha (3 against 3 gives at best p = 0.1), the test cannot
// decide: the comparison says it is not statistically grounded and decides
// by the threshold alone.
package compare

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/xbench/xbench/internal/stat"
)

// Metric is a figure compared between runs.
type Metric struct {
	// Name is how it is written on the command line: "iops", "bw", "p99".
	Name string
	// Percentile is the clat percentile for latency metrics, 0 otherwise.
	Percentile float64
}

// The metrics other than latency percentiles.
var (
	IOPS = Metric{Name: "iops"}
	BW   = Metric{Name: "bw"}
	// CPU is the CPU time per IO. For jobs that are bound by the CPU (the
	// null engine, cached files), it stays steady when a busy machine
	// takes the CPU away for a while, which IOPS does not.
	CPU = Metric{Name: "cpu"}
)

// ParseMetric reads "iops", "bw", "cpu" or "pN" (a completion latency
// percentile, "p99", "p99.9").
func ParseMetric(s string) (Metric, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "iops":
		return IOPS, nil
	case "bw", "bandwidth":
		return BW, nil
	case "cpu":
		return CPU, nil
	}
	if p, ok := strings.CutPrefix(s, "p"); ok {
		v, err := strconv.ParseFloat(p, 64)
		if err == nil && v > 0 && v <= 100 {
			return Percentile(v), nil
		}
	}
	return Metric{}, fmt.Errorf("unknown metric %q (want iops, bw, cpu or a clat percentile such as p99)", s)
}

// Percentile returns the metric of the clat percentile p.
func Percentile(p float64) Metric {
	return Metric{Name: "p" + strconv.FormatFloat(p, 'f', -1, 64), Percentile: p}
}

// Label is the metric's name in reports: "IOPS", "bandwidth", "clat p99".
func (m Metric) Label() string {
	switch {
	case m == IOPS:
		return "IOPS"
	case m == BW:
		return "bandwidth"
	case m == CPU:
		return "CPU/IO"
	}
	return "clat " + m.Name
}

// higherIsBetter reports whether a larger value is an improvement.
func (m Metric) higherIsBetter() bool { return m == IOPS || m == BW }

// value returns the metric of one sample.
func (m Metric) value(s *Sample) (float64, bool) {
	switch {
	case m == IOPS:
		return s.IOPS, true
	case m == BW:
		return s.BW, true
	case m == CPU:
		return s.CPUPerIO, !math.IsNaN(s.CPUPerIO)
	}
	return s.ClatPercentile(m.Percentile)
}

// Options set how to compare.
type Options struct {
	// Threshold is the minimum effect size: the relative change of the
	// medians below which nothing counts as a change (0.05 for 5%).
	Threshold float64
	// Alpha is the significance level, 1 - the confidence (0.05).
	Alpha float64
	// Metrics are the metrics compared and shown, in order.
	Metrics []Metric
	// FailOn are the metrics whose regression is a failure; each must be
	// among Metrics.
	FailOn []Metric
}

// Verdict is the outcome for one metric.
type Verdict int

// The verdicts.
const (
	Same Verdict = iota
	Better
	Worse
)

// String is the verdict's word: "~" (no significant change), "better" or
// "worse".
func (v Verdict) String() string { return [...]string{"~", "better", "worse"}[v] }

// Row is one metric of one job and direction, compared.
type Row struct {
	// Key is the job and direction.
	Key Key
	// Metric is what is compared.
	Metric Metric
	// Base and New are the values, one per run.
	Base, New []float64
	// BaseMedian and NewMedian are their medians; Delta is the relative
	// change (NewMedian - BaseMedian) / BaseMedian.
	BaseMedian, NewMedian, Delta float64
	// BaseSpread and NewSpread are the largest relative distances of a run
	// from its side's median.
	BaseSpread, NewSpread float64
	// Grounded reports whether the Mann-Whitney U test could decide; P is
	// its two-sided p-value, NaN when not grounded.
	Grounded bool
	P        float64
	// Verdict is the decision.
	Verdict Verdict
	// FailOn reports whether the metric is one whose regression fails.
	FailOn bool
	// Missing says why the metric could not be compared ("" when it was):
	// a report without that percentile.
	Missing string
}

// Regression reports whether the row is a regression that fails.
func (r Row) Regression() bool { return r.FailOn && r.Verdict == Worse }

// Result is a whole comparison.
type Result struct {
	// Base and New are the two sides.
	Base, New *Set
	// Options are the options it was made with.
	Options Options
	// Rows are the comparisons, key by key in the baseline's order, metric
	// by metric.
	Rows []Row
	// OnlyBase and OnlyNew are the keys found on one side only.
	OnlyBase, OnlyNew []Key
}

// ErrNoMatch is returned when no job and direction is on both sides.
var ErrNoMatch = errors.New("no job and direction is in both reports")

// Compare compares new against base.
func Compare(base, new *Set, o Options) (*Result, error) {
	for _, f := range o.FailOn {
		if !slices.Contains(o.Metrics, f) {
			return nil, fmt.Errorf("--fail-on metric %s is not compared", f.Name)
		}
	}
	r := &Result{Base: base, New: new, Options: o}
	for _, k := range base.Keys {
		if _, ok := new.Samples[k]; !ok {
			r.OnlyBase = append(r.OnlyBase, k)
			continue
		}
		for _, m := range o.Metrics {
			row, err := compareMetric(base.Samples[k], new.Samples[k], m, o)
			if err != nil {
				return nil, fmt.Errorf("%s, %s: %w", k, m.Label(), err)
			}
			row.Key = k
			r.Rows = append(r.Rows, row)
		}
	}
	for _, k := range new.Keys {
		if _, ok := base.Samples[k]; !ok {
			r.OnlyNew = append(r.OnlyNew, k)
		}
	}
	if len(r.Rows) == 0 {
		return nil, ErrNoMatch
	}
	return r, nil
}

// compareMetric compares one metric of one key.
func compareMetric(base, new []Sample, m Metric, o Options) (Row, error) {
	row := Row{Metric: m, FailOn: slices.Contains(o.FailOn, m), P: math.NaN()}
	var err error
	if row.Base, err = values(base, m); err == nil {
		row.New, err = values(new, m)
	}
	if err != nil {
		if row.FailOn {
			return row, err
		}
		row.Missing = err.Error()
		row.BaseMedian, row.NewMedian, row.Delta = math.NaN(), math.NaN(), math.NaN()
		return row, nil
	}
	row.BaseMedian, row.NewMedian = stat.Median(row.Base), stat.Median(row.New)
	row.BaseSpread, row.NewSpread = stat.Spread(row.Base), stat.Spread(row.New)
	row.Delta = (row.NewMedian - row.BaseMedian) / row.BaseMedian
	if row.BaseMedian == 0 {
		row.Delta = math.NaN()
	}
	row.Grounded = Grounded(len(row.Base), len(row.New), o.Alpha)
	significant := true
	if row.Grounded {
		u, err := stat.MannWhitneyU(row.Base, row.New)
		if err != nil {
			return row, err
		}
		row.P = u.P
		significant = u.P < o.Alpha
	}
	gain := row.Delta
	if !m.higherIsBetter() {
		gain = -gain
	}
	switch {
	case math.IsNaN(gain) || !significant:
	case gain <= -o.Threshold:
		row.Verdict = Worse
	case gain >= o.Threshold:
		row.Verdict = Better
	}
	return row, nil
}

// Grounded reports whether the Mann-Whitney U test can decide between n1
// and n2 runs at significance level alpha: both sides have two runs or
// more, and the smallest p-value those sizes allow is below alpha.
func Grounded(n1, n2 int, alpha float64) bool {
	return n1 >= 2 && n2 >= 2 && stat.MinP(n1, n2) < alpha
}

// values returns the metric's value in each sample.
func values(samples []Sample, m Metric) ([]float64, error) {
	out := make([]float64, 0, len(samples))
	for i := range samples {
		v, ok := m.value(&samples[i])
		if !ok && m == CPU {
			return nil, errors.New("the report has no CPU time per IO")
		}
		if !ok {
			return nil, fmt.Errorf("the report has no clat %s (add it to percentile_list, or compare xbench reports, which keep the histogram)", m.Name)
		}
		out = append(out, v)
	}
	return out, nil
}

// Regressions returns the rows that fail.
func (r *Result) Regressions() []Row {
	var out []Row
	for _, row := range r.Rows {
		if row.Regression() {
			out = append(out, row)
		}
	}
	return out
}

// Grounded reports whether every compared row was decided by the test.
func (r *Result) Grounded() bool {
	for _, row := range r.Rows {
		if row.Missing == "" && !row.Grounded {
			return false
		}
	}
	return true
}
