package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"
)

// sample is one run's outcome.
type sample struct {
	IOPS float64 `json:"iops"`
	IOs  float64 `json:"ios"`
	// User and System are the whole process's CPU time, from wait4: every
	// thread and reaped child counts.
	User   time.Duration `json:"user_ns"`
	System time.Duration `json:"system_ns"`
	// ClatP50 and ClatP99 are the read clat percentiles in ns, of the
	// first job (the only one of the jobs that report them).
	ClatP50 float64 `json:"clat_p50_ns"`
	ClatP99 float64 `json:"clat_p99_ns"`
}

// runOne runs one tool on a job file with JSON output and reads its IOPS,
// IO count, clat percentiles and whole-process CPU time.
func runOne(bin, job string) (sample, error) {
	var out, errb bytes.Buffer
	cmd := exec.Command(bin, "--output-format=json", job)
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Dir = filepath.Dir(job)
	if err := cmd.Run(); err != nil {
		return sample{}, fmt.Errorf("%s %s: %w\n%s", bin, job, err, errb.String())
	}
	var rep struct {
		Jobs []struct {
			Read, Write struct {
				IOPS     float64 `json:"iops"`
				TotalIOs float64 `json:"total_ios"`
				Clat     struct {
					Percentile map[string]float64 `json:"percentile"`
				} `json:"clat_ns"`
			}
		}
	}
	// fio may print notes before its JSON; start at the first brace.
	text := out.Bytes()
	if i := bytes.IndexByte(text, '{'); i > 0 {
		text = text[i:]
	}
	if err := json.Unmarshal(text, &rep); err != nil {
		return sample{}, fmt.Errorf("reading the JSON of %s %s: %w", bin, job, err)
	}
	s := sample{User: cmd.ProcessState.UserTime(), System: cmd.ProcessState.SystemTime()}
	for _, j := range rep.Jobs {
		s.IOPS += j.Read.IOPS + j.Write.IOPS
		s.IOs += j.Read.TotalIOs + j.Write.TotalIOs
	}
	if len(rep.Jobs) > 0 {
		p := rep.Jobs[0].Read.Clat.Percentile
		s.ClatP50, s.ClatP99 = p["50.000000"], p["99.000000"]
	}
	return s, nil
}

// userPerIO is a run's whole-process user CPU per IO, in ns.
func userPerIO(s sample) float64 {
	if s.IOs == 0 {
		return 0
	}
	return float64(s.User.Nanoseconds()) / s.IOs
}

// cpuPerIO is a run's whole-process user and system CPU per IO, in ns.
func cpuPerIO(s sample) float64 {
	if s.IOs == 0 {
		return 0
	}
	return float64((s.User + s.System).Nanoseconds()) / s.IOs
}

func iopsOf(s sample) float64    { return s.IOPS }
func clatP50Of(s sample) float64 { return s.ClatP50 }
func clatP99Of(s sample) float64 { return s.ClatP99 }

// median is the median of f over the runs (the upper one of an even count).
func median(s []sample, f func(sample) float64) float64 {
	if len(s) == 0 {
		return 0
	}
	v := values(s, f)
	return v[len(v)/2]
}

// spread is the runs' range relative to their median: (max-min)/median.
func spread(s []sample, f func(sample) float64) float64 {
	v := values(s, f)
	if len(v) < 2 || v[len(v)/2] == 0 {
		return 0
	}
	return (v[len(v)-1] - v[0]) / v[len(v)/2]
}

// values are f over the runs, sorted.
func values(s []sample, f func(sample) float64) []float64 {
	v := make([]float64, len(s))
	for i := range s {
		v[i] = f(s[i])
	}
	slices.Sort(v)
	return v
}

// loadAverage is the 1, 5 and 15 minute load averages, from /proc/loadavg.
func loadAverage() [3]float64 {
	var l [3]float64
	b, err := os.ReadFile("/proc/loadavg")
	if err == nil {
		fmt.Sscanf(string(b), "%f %f %f", &l[0], &l[1], &l[2])
	}
	return l
}
