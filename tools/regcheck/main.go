// Command regcheck measures how well `xbench compare` tells a real
// regression from noise, on this machine, with real runs: it is what
// `make validate` runs (and `make test` with it).
//
// Each trial runs a job file (jobs/ci-regression.ini by default) four
// times with --repeat=N, back to back as a CI job runs it after its
// baseline: once slowed by about 10%, twice as it is, once slowed by about
// 20%. It then compares, with xbench compare,
//
//   - the two unchanged runs (identical configurations): a job that
//     compare fails (exit 1) on a --fail-on metric is a false alarm;
//   - each slowed run against the unchanged run next to it: a job that
//     compare fails is a detection.
//
// Options are added at the end of every job section: --set to all runs,
// --slow10 and --slow20 to the slowed ones. By default the slowdown is a
// smaller queue depth (null: iodepth 8 -> 6 -> 5; file: 8 -> 4 -> 3),
// which amortises each submission over fewer IOs and so raises the CPU
// time per IO of these CPU-bound jobs by about 10% and 20%, as measured on
// the development machine. The amount is measured again in every trial and
// printed: the median ratio of the slowed runs' CPU per IO and IOPS to the
// unchanged runs'. Once rate_iops exists, --set rate_iops=20000
// --slow10 rate_iops=18000 --slow20 rate_iops=16000 slows IOPS by exactly
// 10% and 20%.
//
// It prints the false-alarm and detection rates per job, with their 95%
// Wilson intervals, and fails when the trials show at 95% confidence (a
// one-sided binomial test) that a false-alarm rate is above --max-false or
// a detection rate below --min-detect: a limit is not declared broken on
// the luck of a few trials. The rates describe the machine as much as the detector: a
// machine that other work keeps busy moves CPU-bound figures by more than
// the slowdowns being detected. So the limits are enforced only when other
// processes kept at most --max-other-load CPUs busy on average (the
// one-minute load average, less the job file's own jobs); on a busier
// machine the rates are printed with a note and the exit status is 0.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"github.com/xbench/xbench/internal/stat"
)

// config is what the command line sets.
type config struct {
	xbench, job, failOn, threshold string
	set, slow10, slow20            []string
	trials, repeat                 int
	maxFalse, minDetect            float64
	maxOtherLoad                   float64
}

func main() {
	var c config
	pflag.StringVar(&c.xbench, "xbench", "bin/xbench", "the xbench binary")
	pflag.StringVar(&c.job, "job", "jobs/ci-regression.ini", "the job file to run")
	pflag.IntVar(&c.trials, "trials", 30, "number of trials")
	pflag.IntVar(&c.repeat, "repeat", 10, "--repeat of each run")
	pflag.StringSliceVar(&c.set, "set", []string{"runtime=100ms", "ramp_time=20ms"}, "options added to every job of every run")
	pflag.StringSliceVar(&c.slow10, "slow10", []string{"null:iodepth=6", "file:iodepth=4"}, "options that slow every job down by about 10% (JOB:name=value for one job)")
	pflag.StringSliceVar(&c.slow20, "slow20", []string{"null:iodepth=5", "file:iodepth=3"}, "options that slow every job down by about 20% (JOB:name=value for one job)")
	pflag.StringVar(&c.failOn, "fail-on", "", "compare's --fail-on (default: compare's own)")
	pflag.StringVar(&c.threshold, "threshold", "5%", "compare's --threshold")
	pflag.Float64Var(&c.maxFalse, "max-false", 0.05, "fail when a false-alarm rate is above this")
	pflag.Float64Var(&c.minDetect, "min-detect", 0.90, "fail when a detection rate is below this")
	pflag.Float64Var(&c.maxOtherLoad, "max-other-load", 1, "enforce the limits only when other processes kept no more than this many CPUs busy on average (the load average less this job file's own jobs)")
	pflag.Parse()
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "regcheck:", err)
		os.Exit(1)
	}
}

// scenario is one kind of comparison and its tally per job.
type scenario struct {
	name   string
	slowed bool
	// flagged counts, per job, the trials in which compare failed the job.
	flagged map[string]int
	// worse counts, per job and metric, the trials in which the metric
	// was significantly worse (whether or not it fails).
	worse map[string]map[string]int
	// ratio holds, per job and metric, new median / base median per trial.
	ratio map[string]map[string][]float64
}

func newScenario(name string, slowed bool) *scenario {
	return &scenario{name: name, slowed: slowed, flagged: map[string]int{},
		worse: map[string]map[string]int{}, ratio: map[string]map[string][]float64{}}
}

func run(c config) error {
	xb, err := filepath.Abs(c.xbench)
	if err != nil {
		return err
	}
	text, err := os.ReadFile(c.job)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "regcheck-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	files := map[string]string{}
	for name, extra := range map[string][]string{"base": nil, "slow10": c.slow10, "slow20": c.slow20} {
		p := filepath.Join(tmp, name+".ini")
		if err := os.WriteFile(p, []byte(withOptions(string(text), slices.Concat(c.set, extra))), 0o644); err != nil {
			return err
		}
		files[name] = p
	}
	same, s10, s20 := newScenario("identical", false), newScenario("slowed ~10%", true), newScenario("slowed ~20%", true)
	var jobs []string
	var loads []float64
	began := time.Now()
	for t := 1; t <= c.trials; t++ {
		out := func(name string) string { return filepath.Join(tmp, fmt.Sprintf("t%d-%s.json", t, name)) }
		for _, r := range []struct{ file, name string }{
			{files["slow10"], "slow10"}, {files["base"], "base1"}, {files["base"], "base2"}, {files["slow20"], "slow20"},
		} {
			if err := runXbench(xb, tmp, r.file, c.repeat, out(r.name)); err != nil {
				return err
			}
		}
		for _, cmp := range []struct {
			sc        *scenario
			base, new string
		}{{same, "base1", "base2"}, {s10, "base1", "slow10"}, {s20, "base2", "slow20"}} {
			rows, err := compareRuns(xb, c, out(cmp.base), out(cmp.new))
			if err != nil {
				return err
			}
			cmp.sc.tally(rows)
			for _, r := range rows {
				if !slices.Contains(jobs, r.Job) {
					jobs = append(jobs, r.Job)
				}
			}
		}
		loads = append(loads, loadAverage())
		fmt.Fprintf(os.Stderr, "trial %d/%d (%s, load %.2f): false alarms %v, detections ~10%% %v, ~20%% %v\n",
			t, c.trials, time.Since(began).Round(time.Second), loads[len(loads)-1], same.flagged, s10.flagged, s20.flagged)
	}
	bad := summarize(c, jobs, time.Since(began), same, s10, s20)
	load := stat.Median(loads)
	other := load - float64(len(jobs)) // this job file's jobs are busy the whole time
	fmt.Printf("median load average %.2f on %d CPUs: other processes kept %.2f CPUs busy\n", load, runtime.NumCPU(), math.Max(other, 0))
	switch {
	case len(bad) == 0:
		return nil
	case other > c.maxOtherLoad:
		fmt.Printf("outside the limits, NOT ENFORCED because the machine was busy with other work (more than %g other busy CPUs): %s\n",
			c.maxOtherLoad, strings.Join(bad, "; "))
		return nil
	}
	return fmt.Errorf("outside the limits: %s", strings.Join(bad, "; "))
}

// tally counts one comparison's outcome.
func (sc *scenario) tally(rows []row) {
	flagged := map[string]bool{}
	for _, r := range rows {
		flagged[r.Job] = flagged[r.Job] || r.Regression
		if sc.worse[r.Job] == nil {
			sc.worse[r.Job] = map[string]int{}
			sc.ratio[r.Job] = map[string][]float64{}
		}
		if r.Verdict == "worse" {
			sc.worse[r.Job][r.Metric]++
		}
		if r.BaseMedian != nil && r.NewMedian != nil && *r.BaseMedian != 0 {
			sc.ratio[r.Job][r.Metric] = append(sc.ratio[r.Job][r.Metric], *r.NewMedian / *r.BaseMedian)
		}
	}
	for j, f := range flagged {
		if f {
			sc.flagged[j]++
		}
	}
}

// summarize prints the rates and returns those outside the limits.
func summarize(c config, jobs []string, took time.Duration, scs ...*scenario) []string {
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "job\tscenario\tfailed\trate (95% interval)\tlimit\tmedian ratio new/base: CPU/IO, IOPS\tsignificantly worse, by metric")
	var bad []string
	for _, j := range jobs {
		for _, sc := range scs {
			k := sc.flagged[j]
			rate := float64(k) / float64(c.trials)
			lo, hi := stat.Wilson(k, c.trials, 1.96)
			// A limit is broken only when the trials show it at 95%
			// confidence: with 30 trials, 5 false alarms (a true rate of
			// 5% gives 5 or more 1.6% of the time) or 23 detections.
			limit, ok := fmt.Sprintf("<= %.0f%%", 100*c.maxFalse), 1-stat.BinomialCDF(k-1, c.trials, c.maxFalse) >= 0.05
			if sc.slowed {
				limit, ok = fmt.Sprintf(">= %.0f%%", 100*c.minDetect), stat.BinomialCDF(k, c.trials, c.minDetect) >= 0.05
			}
			verdict := "ok"
			if !ok {
				verdict = "BROKEN"
				bad = append(bad, fmt.Sprintf("%s %s: %.1f%%", j, sc.name, 100*rate))
			}
			fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%.1f%% (%.0f-%.0f%%)\t%s %s\t%.3f, %.3f\t%s\n", j, sc.name, k, c.trials, 100*rate, 100*lo, 100*hi,
				limit, verdict, stat.Median(sc.ratio[j]["cpu"]), stat.Median(sc.ratio[j]["iops"]), metricCounts(sc.worse[j]))
		}
	}
	tw.Flush()
	fmt.Printf("\n%d trials in %s, each 4 runs of --repeat=%d back to back; compare --threshold=%s --fail-on=%s; every job: %s; slowed: %s and %s\n",
		c.trials, took.Round(time.Second), c.repeat, c.threshold, orDefault(c.failOn, "(default)"),
		strings.Join(c.set, " "), strings.Join(c.slow10, " "), strings.Join(c.slow20, " "))
	return bad
}

// withOptions returns the job file text with the options added at the end
// of every job section, after the section's own options, so that they win.
// An option written JOB:name=value goes to the section JOB only.
func withOptions(text string, opts []string) string {
	var b strings.Builder
	section := ""
	flush := func() {
		if section == "" || strings.HasPrefix(section, "global") {
			return
		}
		for _, o := range opts {
			if job, opt, ok := strings.Cut(o, ":"); ok && !strings.Contains(job, "=") {
				if job != section {
					continue
				}
				o = opt
			}
			b.WriteString(o + "\n")
		}
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		if line == "" {
			continue
		}
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
			flush()
			section = strings.TrimSpace(t[1 : len(t)-1])
		}
		if !strings.HasSuffix(line, "\n") {
			line += "\n"
		}
		b.WriteString(line)
	}
	flush()
	return b.String()
}

// runXbench runs the job file with --repeat and JSON output into out.
func runXbench(xb, dir, job string, repeat int, out string) error {
	cmd := exec.Command(xb, fmt.Sprintf("--repeat=%d", repeat), "--output-format=json", "--output="+out, job)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %v: %s", xb, job, err, lastLine(stderr.String()))
	}
	return nil
}

// row is the part of compare's JSON rows that regcheck reads.
type row struct {
	Job        string   `json:"job"`
	Metric     string   `json:"metric"`
	BaseMedian *float64 `json:"base_median"`
	NewMedian  *float64 `json:"new_median"`
	Verdict    string   `json:"verdict"`
	Regression bool     `json:"regression"`
}

// compareRuns runs xbench compare and returns its rows. Exit status 1 (a
// regression) is an outcome, not an error.
func compareRuns(xb string, c config, base, new string) ([]row, error) {
	args := []string{"compare", "--format=json", "--threshold=" + c.threshold}
	if c.failOn != "" {
		args = append(args, "--fail-on="+c.failOn)
	}
	cmd := exec.Command(xb, append(args, base, new)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); err != nil && !(ok && exit.ExitCode() == 1) {
		return nil, fmt.Errorf("xbench compare %s %s: %v: %s", base, new, err, lastLine(stderr.String()))
	}
	var res struct {
		Rows []row `json:"rows"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("reading xbench compare's JSON: %w", err)
	}
	return res.Rows, nil
}

// metricCounts lists "metric=count" for the metrics that were worse.
func metricCounts(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}) {
		if m[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " ")
}

// loadAverage is the one-minute load average of /proc/loadavg, to say how
// busy the machine was; NaN when unknown.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
