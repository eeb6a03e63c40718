// Command regcheck measures how well `xbench compare` tells a real
// regression from noise, on this machine, with real runs: it is what
// `make validate` runs (and `make test` with it).
//
// # Protocol
//
// Each trial runs four variants of a job file (jobs/ci-regression.ini by
// default, with --set added to every job): the job as it is, twice (A and
// B), and the job slowed by each of --slowdowns (10% and 20%). Each
// variant runs --runs times, one run per xbench process, interleaved: in
// every round each variant runs once, and the order turns from round to
// round over a Williams Latin square, so that each variant holds each
// place, and follows each other variant, equally often. Drift and the
// slow phases of a shared machine (which last up to seconds) then fall on every
// variant alike, instead of on whichever ran second. Each run is short (15
// ms: its fastest millisecond is all that counts) and runs under chrt
// --fifo (--rt-priority), so that other processes cannot take the jobs'
// CPUs. The number of runs is what the detection of small slowdowns
// rests on: keep the job file's fixed cost per process low (its file job
// uses io_uring, since libaio's io_destroy waits ~30 ms for the kernel)
// so that enough of them fit. Then xbench compare compares, with the
// --fail-on, --threshold and --confidence given:
//
//   - B against A (identical configurations): a job that compare fails
//     (exit 1) is a false alarm;
//   - the 10% slower variant against A, the 20% slower one against B: a
//     job that compare fails is a detection.
//
// # Slowdown
//
// A slowed variant adds a busy pause (thinktime and thinktime_spin of
// --pause) after every thinktime_blocks IOs of each job, on top of the
// real cost of its IOs, which keeps all the machine's noise. Before the
// trials, a calibration measures each job's time per IO (1/peak IOPS, in
// the terms of the first --fail-on metric) as the fastest of --runs runs,
// its uncontended cost, and thinktime_blocks is set so that the pauses add
// the slowdown asked to that time: for 10%, a pause of 5us every
// 5us/(0.1 * time per IO) IOs. The pause waits for the IOs in flight
// first, as fio's does, which adds a little more. Every trial measures the
// slowdown it produced (the change compare estimates), and the summary
// prints it beside the nominal one. The runs have no ramp_time: fio, and
// xbench with it, do not restart the think-time count at the end of the
// ramp, so the first ramp's worth of measured IOs would run unpaused.
//
// # Limits
//
// It prints the false-alarm and detection rates per job, with their 95%
// Wilson intervals, and fails when a measured false-alarm rate is above
// --max-false or a measured detection rate below --min-detect. It also
// prints how often each compared metric alone was worse, and how much
// CPU time other processes took while it ran, for context: the limits are
// always enforced.
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/pflag"
)

// config is what the command line sets.
type config struct {
	xbench, job                   string
	set                           []string
	trials, runs                  int
	slowdowns                     []float64
	pause                         time.Duration
	failOn, threshold, confidence string
	maxFalse, minDetect           float64
	keep                          string
	rtPriority                    int
}

func main() {
	var c config
	var slowdowns []string
	pflag.StringVar(&c.xbench, "xbench", "bin/xbench", "the xbench binary")
	pflag.StringVar(&c.job, "job", "jobs/ci-regression.ini", "the job file to run")
	pflag.IntVar(&c.trials, "trials", 30, "number of trials")
	pflag.IntVar(&c.runs, "runs", 80, "runs of each variant per trial")
	pflag.StringSliceVar(&c.set, "set", []string{"runtime=15ms", "ramp_time=0"}, "options added to every job of every run (JOB:name=value for one job)")
	pflag.StringSliceVar(&slowdowns, "slowdowns", []string{"10%", "20%"}, "the slowdowns to detect: time added per IO, relative to the calibrated time per IO")
	pflag.DurationVar(&c.pause, "pause", 5*time.Microsecond, "the busy pause that slows a job down, in whole microseconds")
	pflag.StringVar(&c.failOn, "fail-on", "peak", "compare's --fail-on")
	pflag.StringVar(&c.threshold, "threshold", "5%", "compare's --threshold")
	pflag.StringVar(&c.confidence, "confidence", "95%", "compare's --confidence")
	pflag.Float64Var(&c.maxFalse, "max-false", 0.05, "fail when a false-alarm rate is above this")
	pflag.Float64Var(&c.minDetect, "min-detect", 0.90, "fail when a detection rate is below this")
	pflag.IntVar(&c.rtPriority, "rt-priority", 10, "run xbench under chrt --fifo at this priority (needs root or CAP_SYS_NICE; 0: at regcheck's own priority)")
	pflag.StringVar(&c.keep, "keep", "", "keep the job files and JSON reports in this directory (default: a temporary one, removed)")
	pflag.Parse()
	for _, s := range slowdowns {
		v, err := parsePercent(s)
		if err != nil || v <= 0 {
			fmt.Fprintf(os.Stderr, "regcheck: --slowdowns=%s: want percentages above 0\n", s)
			os.Exit(2)
		}
		c.slowdowns = append(c.slowdowns, v/100)
	}
	if c.trials < 1 || c.runs < 1 || c.pause < time.Microsecond {
		fmt.Fprintln(os.Stderr, "regcheck: --trials and --runs must be at least 1, --pause at least 1us")
		os.Exit(2)
	}
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "regcheck:", err)
		os.Exit(1)
	}
}
