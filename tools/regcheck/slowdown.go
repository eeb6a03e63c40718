package main

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/xbench/xbench/compare"
)

// calibration is each job's time per IO, measured before the trials, from
// which the slowed sessions' pauses are sized.
type calibration struct {
	jobs    []string
	perIO   map[string]float64 // ns
	measure string             // what the time per IO is
	runs    int
}

// calibrate runs the job file once to lay out its files, then a session
// of --runs runs, and measures each job's time per IO in the terms of
// the first --fail-on metric: 1/peak IOPS, CPU time per IO, or 1/IOPS. It
// takes the fastest run, since other work on the machine (and the slow
// phases of a shared host, which last seconds) only ever slow a run down:
// the slowdowns are relative to the job's uncontended cost.
func (r *runner) calibrate(text string) (*calibration, error) {
	job, err := r.writeJob(text, "calibrate", nil)
	if err != nil {
		return nil, err
	}
	if err := r.xbenchRun(job, filepath.Join(r.dir, "warmup.json")); err != nil {
		return nil, err
	}
	out := filepath.Join(r.dir, "calibrate.json")
	for range r.c.runs {
		if err := r.xbenchRun(job, out); err != nil {
			return nil, err
		}
	}
	set, err := compare.Load(out)
	if err != nil {
		return nil, err
	}
	m, err := compare.ParseMetric(strings.Split(r.c.failOn, ",")[0])
	if err != nil {
		m = compare.IOPS
	}
	return calibrationOf(set, m)
}

// calibrationOf derives each job's time per IO from a set of runs.
func calibrationOf(set *compare.Set, m compare.Metric) (*calibration, error) {
	cal := &calibration{perIO: map[string]float64{}, runs: set.Runs}
	// Per job and run, the sum over the job's directions.
	perRun := map[string][]float64{}
	for _, k := range set.Keys {
		if !slices.Contains(cal.jobs, k.Job) {
			cal.jobs = append(cal.jobs, k.Job)
		}
		v := perRun[k.Job]
		for i, s := range set.Samples[k] {
			if i >= len(v) {
				v = append(v, 0)
			}
			switch m {
			case compare.Peak:
				v[i] += s.PeakIOPS
			case compare.CPU:
				v[i] = s.CPUPerIO // per job already
			default:
				v[i] += s.IOPS
			}
		}
		perRun[k.Job] = v
	}
	for _, j := range cal.jobs {
		v := slices.Sorted(slices.Values(perRun[j]))
		var ns float64
		switch m {
		case compare.Peak:
			cal.measure = "1/peak IOPS"
			ns = 1e9 / v[len(v)-1]
		case compare.CPU:
			cal.measure = "CPU time per IO"
			ns = v[0]
		default:
			cal.measure = "1/IOPS"
			ns = 1e9 / v[len(v)-1]
		}
		if !(ns > 0) || math.IsInf(ns, 0) {
			return nil, fmt.Errorf("calibrating: job %s has no %s", j, cal.measure)
		}
		cal.perIO[j] = ns
	}
	if len(cal.jobs) == 0 {
		return nil, errors.New("calibrating: the job file measured no job")
	}
	return cal, nil
}

// blocks returns thinktime_blocks for a pause that adds slowdown times the
// job's time per IO, per IO.
func (cal *calibration) blocks(job string, slowdown float64, pause time.Duration) int {
	return max(1, int(math.Round(float64(pause)/(slowdown*cal.perIO[job]))))
}

// slowOptions returns the options that slow every job down by slowdown:
// a busy pause every blocks IOs.
func (cal *calibration) slowOptions(slowdown float64, pause time.Duration) []string {
	pause = pause / time.Microsecond * time.Microsecond // thinktime takes microseconds
	us := int(pause / time.Microsecond)
	var out []string
	for _, j := range cal.jobs {
		out = append(out, fmt.Sprintf("%s:thinktime=%dus", j, us), fmt.Sprintf("%s:thinktime_spin=%dus", j, us),
			fmt.Sprintf("%s:thinktime_blocks=%d", j, cal.blocks(j, slowdown, pause)))
	}
	return out
}

// nominal returns the slowdown the pauses add to job's calibrated time
// per IO, after rounding.
func (cal *calibration) nominal(job string, slowdown float64, pause time.Duration) float64 {
	pause = pause / time.Microsecond * time.Microsecond
	return float64(pause) / float64(cal.blocks(job, slowdown, pause)) / cal.perIO[job]
}

func (cal *calibration) String() string {
	var parts []string
	for _, j := range cal.jobs {
		parts = append(parts, fmt.Sprintf("%s %.4gns", j, cal.perIO[j]))
	}
	return fmt.Sprintf("time per IO (%s, the fastest of %d runs): %s", cal.measure, cal.runs, strings.Join(parts, ", "))
}
