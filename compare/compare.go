// Package compare decides whether a set of benchmark runs is better, worse
// or no different from a baseline, metric by metric, the way benchstat
// does for Go benchmarks.
//
// # Decision rule
//
// For each job and direction found on both sides, and each metric (IOPS,
// peak IOPS, bandwidth, CPU time per IO, completion latency percentiles),
// every run gives one value. The change from the baseline is estimated
// over the runs, as a ratio:
//
//   - the change is the Hodges-Lehmann estimate on a log scale: the median,
//     over every pair of a baseline run and a new run, of new/base, less 1
//     (internal/stat);
//   - its confidence interval, at the chosen confidence (95%), is the one
//     that goes with the Mann-Whitney U test: distribution-free, it assumes
//     only that the new runs are the baseline's scaled by some factor, and
//     it excludes 0 exactly when the two-sided U test is significant at
//     1 - the confidence.
//
// A metric is
//
//   - worse when the interval excludes no change on the bad side (the U
//     test is significant, with the change in the bad direction) AND the
//     estimated change reaches the threshold in the bad direction (IOPS,
//     peak IOPS or bandwidth down by at least the threshold; latency or
//     CPU per IO up by at least the threshold);
//   - better in the same way in the good direction;
//   - otherwise no significant change.
//
// This is benchstat's rule: the test keeps a large move of noisy figures
// from deciding by chance, the threshold (the minimum effect size) keeps
// small but real shifts, such as a machine's drift between two sessions,
// from failing a build. The decision point for the estimate is the
// threshold itself, halfway to a change of twice the threshold, so that
// noise in the estimate costs false alarms and missed detections alike;
// requiring the whole interval beyond the threshold (tried before) missed
// most changes of twice the threshold on a shared 2-CPU machine (README,
// "How well it works, measured"). With a threshold of 0 the rule is the
// plain U test.
//
// When either side has a single run, or so few runs that no interval can
// reach the confidence (3 against 3 covers at most 90%), the comparison
// says it is not statistically grounded and decides by the estimate and
// the threshold alone.
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
	// null engine, cached files), it stays steadier than IOPS when a busy
	// machine takes the CPU away for a while.
	CPU = Metric{Name: "cpu"}
	// Peak is the IOPS of the fastest IOPS sample of a run (fio's
	// iops_max: one sample per iopsavgtime). With short samples
	// (iopsavgtime=1, in milliseconds) it is the rate of a job bound by
	// the CPU while nothing else took the CPU from it, which other work on
	// a shared machine barely moves; it misses stalls rarer than one per
	// sample.
	Peak = Metric{Name: "peak"}
)

// ParseMetric reads "iops", "peak", "bw", "cpu" or "pN" (a completion
// latency percentile, "p99", "p99.9").
func ParseMetric(s string) (Metric, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "iops":
		return IOPS, nil
	case "peak":
		return Peak, nil
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
	return Metric{}, fmt.Errorf("unknown metric %q (want iops, peak, bw, cpu or a clat percentile such as p99)", s)
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
	case m == Peak:
		return "peak IOPS"
	case m == BW:
		return "bandwidth"
	case m == CPU:
		return "CPU/IO"
	}
	return "clat " + m.Name
}

// higherIsBetter reports whether a larger value is an improvement.
func (m Metric) higherIsBetter() bool { return m == IOPS || m == Peak || m == BW }

// value returns the metric of one sample.
func (m Metric) value(s *Sample) (float64, bool) {
	switch {
	case m == IOPS:
		return s.IOPS, true
	case m == Peak:
		return s.PeakIOPS, s.PeakIOPS > 0
	case m == BW:
		return s.BW, true
	case m == CPU:
		return s.CPUPerIO, !math.IsNaN(s.CPUPerIO)
	}
	return s.ClatPercentile(m.Percentile)
}

// Options set how to compare.
type Options struct {
	// Threshold is the minimum effect size: the relative change that the
	// confidence interval must reach to count (0.05 for 5%).
	Threshold float64
	// Alpha is 1 - the confidence of the interval (0.05).
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
	// BaseMedian and NewMedian are their medians.
	BaseMedian, NewMedian float64
	// Delta is the estimated relative change: the median over the pairs
	// of a base run and a new run of new/base, less 1. Low and High bound
	// its confidence interval; they are NaN when not grounded.
	Delta, Low, High float64
	// BaseSpread and NewSpread are the largest relative distances of a run
	// from its side's median.
	BaseSpread, NewSpread float64
	// Grounded reports whether the runs were enough for an interval at
	// the confidence asked; P is the two-sided p-value of the Mann-Whitney
	// U test of no change, NaN when not grounded.
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
	row := Row{Metric: m, FailOn: slices.Contains(o.FailOn, m), P: math.NaN(), Low: math.NaN(), High: math.NaN()}
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
	ch, err := relativeChange(row.Base, row.New, 1-o.Alpha)
	if err != nil {
		return row, err
	}
	row.Delta, row.Grounded = ch.Estimate, ch.Bounded()
	// The interval, when grounded, must exclude 0 (the U test); the
	// estimate must reach the threshold.
	lo, hi := math.Inf(-1), math.Inf(1)
	if row.Grounded {
		row.Low, row.High = ch.Lo, ch.Hi
		lo, hi = ch.Lo, ch.Hi
		u, err := stat.MannWhitneyU(row.Base, row.New)
		if err != nil {
			return row, err
		}
		row.P = u.P
	}
	gain := row.Delta // positive is better
	if !m.higherIsBetter() {
		lo, hi, gain = -hi, -lo, -gain
	}
	switch {
	case math.IsNaN(gain):
	case gain <= -o.Threshold && (!row.Grounded || hi < 0):
		row.Verdict = Worse
	case gain >= o.Threshold && (!row.Grounded || lo > 0):
		row.Verdict = Better
	}
	return row, nil
}

// relativeChange estimates new/base - 1 and its interval: the
// Hodges-Lehmann shift of the logarithms, so that the interval holds for
// a change by a factor. Values of zero or below have no logarithm; then the
// shift is taken on the values themselves, relative to the base median.
func relativeChange(base, new []float64, confidence float64) (stat.Shift, error) {
	if positive(base) && positive(new) {
		s, err := stat.HodgesLehmann(logs(base), logs(new), confidence)
		s.Estimate = math.Expm1(s.Estimate)
		if s.Bounded() {
			s.Lo, s.Hi = math.Expm1(s.Lo), math.Expm1(s.Hi)
		}
		return s, err
	}
	s, err := stat.HodgesLehmann(base, new, confidence)
	m := stat.Median(base)
	if m == 0 {
		return stat.Shift{Estimate: math.NaN(), Lo: math.Inf(-1), Hi: math.Inf(1)}, err
	}
	m = math.Abs(m)
	s.Estimate /= m
	if s.Bounded() {
		s.Lo, s.Hi = s.Lo/m, s.Hi/m
	}
	return s, err
}

func positive(v []float64) bool {
	for _, x := range v {
		if !(x > 0) {
			return false
		}
	}
	return true
}

func logs(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Log(x)
	}
	return out
}

// values returns the metric's value in each sample.
func values(samples []Sample, m Metric) ([]float64, error) {
	out := make([]float64, 0, len(samples))
	for i := range samples {
		v, ok := m.value(&samples[i])
		if !ok && m == CPU {
			return nil, errors.New("the report has no CPU time per IO")
		}
		if !ok && m == Peak {
			return nil, errors.New("the report has no IOPS samples (iops_samples is 0: make iopsavgtime shorter than the runtime, e.g. iopsavgtime=1)")
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

// Grounded reports whether every compared row was decided by its interval.
func (r *Result) Grounded() bool {
	for _, row := range r.Rows {
		if row.Missing == "" && !row.Grounded {
			return false
		}
	}
	return true
}
