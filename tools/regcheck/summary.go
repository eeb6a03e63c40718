package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/xbench/xbench/internal/stat"
)

// scenario is one kind of comparison and its tally per job over the
// trials.
type scenario struct {
	name     string
	slowdown float64 // 0 for identical configurations
	trials   int
	jobs     []string
	// flagged counts, per job, the trials in which compare failed the job.
	flagged map[string]int
	// worse counts, per job and metric, the trials in which the metric
	// was worse (whether or not it fails).
	worse map[string]map[string]int
	// change holds, per job and metric, the change of the time per IO the
	// metric shows (compare's estimate), one per trial.
	change map[string]map[string][]float64
}

func newScenario(name string, slowdown float64) *scenario {
	return &scenario{name: name, slowdown: slowdown, flagged: map[string]int{},
		worse: map[string]map[string]int{}, change: map[string]map[string][]float64{}}
}

// tally counts one comparison's outcome and describes it in a few words:
// per job, the change of the first --fail-on metric and whether compare
// failed the job.
func (sc *scenario) tally(rows []row, failOn string) string {
	sc.trials++
	first := strings.Split(failOn, ",")[0]
	flagged := map[string]bool{}
	var jobs []string
	for _, r := range rows {
		if !slices.Contains(sc.jobs, r.Job) {
			sc.jobs = append(sc.jobs, r.Job)
		}
		if !slices.Contains(jobs, r.Job) {
			jobs = append(jobs, r.Job)
		}
		flagged[r.Job] = flagged[r.Job] || r.Regression
		if sc.worse[r.Job] == nil {
			sc.worse[r.Job] = map[string]int{}
			sc.change[r.Job] = map[string][]float64{}
		}
		if r.Verdict == "worse" {
			sc.worse[r.Job][r.Metric]++
		}
		if r.Delta != nil {
			sc.change[r.Job][r.Metric] = append(sc.change[r.Job][r.Metric], timeChange(r.Metric, *r.Delta))
		}
	}
	var parts []string
	for _, j := range jobs {
		word := "passed"
		if flagged[j] {
			sc.flagged[j]++
			word = "FAILED"
		}
		ch := sc.change[j][first]
		if len(ch) == 0 {
			parts = append(parts, fmt.Sprintf("%s %s %s", sc.name, j, word))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s %+.1f%% %s", sc.name, j, 100*ch[len(ch)-1], word))
	}
	return strings.Join(parts, ", ")
}

// timeChange turns compare's relative change of a metric into the change
// of the time per IO it implies: rates go down when the time goes up.
func timeChange(metric string, delta float64) float64 {
	switch metric {
	case "iops", "peak", "bw":
		return 1/(1+delta) - 1
	}
	return delta
}

// summarize prints the rates and returns those outside the limits.
func summarize(w io.Writer, c config, cal *calibration, scs []*scenario) []string {
	first := strings.Split(c.failOn, ",")[0]
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "job\tscenario\tfailed\trate (95%% interval)\tlimit\tslowdown: nominal, measured by %s (median; 10-90%%)\teach metric alone: worse (median change of time/IO)\n", first)
	var bad []string
	for _, j := range cal.jobs {
		for _, sc := range scs {
			k, n := sc.flagged[j], sc.trials
			rate := float64(k) / float64(n)
			lo, hi := stat.Wilson(k, n, 1.96)
			limit, ok := fmt.Sprintf("<= %.0f%%", 100*c.maxFalse), rate <= c.maxFalse
			nominal := "none"
			if sc.slowdown > 0 {
				limit, ok = fmt.Sprintf(">= %.0f%%", 100*c.minDetect), rate >= c.minDetect
				nominal = fmt.Sprintf("+%.1f%%", 100*cal.nominal(j, sc.slowdown, c.pause))
			}
			verdict := "ok"
			if !ok {
				verdict = "BROKEN"
				bad = append(bad, fmt.Sprintf("%s %s: %d/%d", j, sc.name, k, n))
			}
			fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%.1f%% (%.0f-%.0f%%)\t%s %s\t%s, %s\t%s\n", j, sc.name, k, n, 100*rate, 100*lo, 100*hi,
				limit, verdict, nominal, spreadOf(sc.change[j][first]), metricCounts(sc, j))
		}
	}
	tw.Flush()
	return bad
}

// spreadOf describes the trials' changes: median; 10th-90th percentile.
func spreadOf(v []float64) string {
	if len(v) == 0 {
		return "-"
	}
	s := slices.Sorted(slices.Values(v))
	q := func(p float64) float64 { return s[min(len(s)-1, int(p*float64(len(s))))] }
	return fmt.Sprintf("%+.1f%% (%+.1f%% to %+.1f%%)", 100*stat.Median(s), 100*q(0.1), 100*q(0.9))
}

// metricCounts lists "metric count (median change)" for every metric.
func metricCounts(sc *scenario, job string) string {
	var names []string
	for m := range sc.change[job] {
		names = append(names, m)
	}
	sort.Slice(names, func(a, b int) bool { return metricOrder(names[a]) < metricOrder(names[b]) })
	var parts []string
	for _, m := range names {
		parts = append(parts, fmt.Sprintf("%s %d (%+.1f%%)", m, sc.worse[job][m], 100*stat.Median(sc.change[job][m])))
	}
	return strings.Join(parts, ", ")
}

// metricOrder puts the metrics in compare's order, percentiles last.
func metricOrder(m string) string {
	if i := slices.Index([]string{"peak", "iops", "cpu", "bw"}, m); i >= 0 {
		return fmt.Sprint(i)
	}
	return "9" + m
}
