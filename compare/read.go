package compare

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/xbench/xbench/stats"
)

// This file reads the JSON reports of xbench and fio into runs.

// Key names one job's direction in a report: jobs are matched across the
// two sides by it.
type Key struct {
	// Job is the job's name.
	Job string
	// Engine is the engine of an xbench --engines run; "" otherwise.
	Engine string
	// Clone tells apart entries with the same name and engine (numjobs
	// without group_reporting): 0 for the first, 1 for the next...
	Clone int
	// Dir is "read", "write" or "trim".
	Dir string
}

// String names the key for people: "randread read", "randread#2 write
// (libaio)".
func (k Key) String() string {
	s := k.Job
	if k.Clone > 0 {
		s += "#" + strconv.Itoa(k.Clone+1)
	}
	s += " " + k.Dir
	if k.Engine != "" {
		s += " (" + k.Engine + ")"
	}
	return s
}

// Sample is what one run measured for one key.
type Sample struct {
	// IOPS and BW (bytes per second).
	IOPS, BW float64
	// PeakIOPS is the largest of the run's IOPS samples (iops_max), 0
	// when the run took none.
	PeakIOPS float64
	// CPUPerIO is the job's user and system CPU time over the IOs of all
	// its directions, in nanoseconds; NaN when unknown.
	CPUPerIO float64
	// clat is the completion latency histogram, when the report kept it
	// (xbench's repeats section).
	clat *stats.Latency
	// points are the completion latency percentiles the report printed
	// ("99.000000" -> ns), for reports without a histogram (fio's).
	points map[string]float64
}

// ClatPercentile returns the completion latency at percentile p in
// nanoseconds, from the histogram when there is one, else from the
// percentiles the report printed. It reports false when neither has it.
func (s *Sample) ClatPercentile(p float64) (float64, bool) {
	if s.clat != nil {
		return float64(s.clat.Percentile(p)), s.clat.N() > 0
	}
	v, ok := s.points[strconv.FormatFloat(p, 'f', 6, 64)]
	return v, ok
}

// Set is one side of a comparison: every run read from one file.
type Set struct {
	// Path is the file it was read from.
	Path string
	// Producer is the "fio version" of the first report: "fio-3.33",
	// "xbench-...".
	Producer string
	// Runs is the number of runs read.
	Runs int
	// Keys lists the keys in the order of the first run that has them.
	Keys []Key
	// Samples holds each key's samples, one per run that measured it.
	Samples map[Key][]Sample
}

// Load reads the reports in the file at path.
func Load(path string) (*Set, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	s, err := Parse(b, path)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Parse reads the reports in b: one JSON report, or several one after
// another (fio run several times, appending to one file), each from xbench
// or fio. An xbench report with a "repeats" section counts as its runs; any
// other report as one run. Lines before a report that are not JSON (fio
// prints its notes on stdout) are skipped.
func Parse(b []byte, path string) (*Set, error) {
	s := &Set{Path: path, Samples: map[Key][]Sample{}}
	for off := 0; ; {
		start := nextObject(b, off)
		if start < 0 {
			break
		}
		dec := json.NewDecoder(bytes.NewReader(b[start:]))
		var doc document
		if err := dec.Decode(&doc); err != nil {
			return nil, fmt.Errorf("%s: not a JSON report of xbench or fio: %v", path, jsonErr(err))
		}
		off = start + int(dec.InputOffset())
		if doc.Version == "" || doc.Jobs == nil {
			return nil, fmt.Errorf("%s: not a JSON report of xbench or fio (no \"fio version\" or \"jobs\")", path)
		}
		if s.Producer == "" {
			s.Producer = doc.Version
		}
		runs := []run{{Jobs: doc.Jobs}}
		if doc.Repeats != nil {
			runs = doc.Repeats.Runs
		}
		for i := range runs {
			if err := s.addRun(&runs[i]); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		}
	}
	if s.Runs == 0 {
		return nil, fmt.Errorf("%s: not a JSON report of xbench or fio (no JSON object in it)", path)
	}
	return s, nil
}

// nextObject returns the offset of the next line of b from off that starts
// with "{", or -1.
func nextObject(b []byte, off int) int {
	for off < len(b) {
		line := b[off:]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		if t := bytes.TrimLeft(line, " \t\r\n"); len(t) > 0 && t[0] == '{' {
			return off + len(line) - len(t)
		}
		off += len(line)
	}
	return -1
}

// jsonErr shortens a decoding error to one line.
func jsonErr(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "it ends in the middle"
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

// addRun adds one run's jobs.
func (s *Set) addRun(r *run) error {
	s.Runs++
	clones := map[[2]string]int{}
	for _, j := range r.Jobs {
		id := [2]string{j.Name, r.Engine}
		clone := clones[id]
		clones[id]++
		if j.Error != 0 {
			return fmt.Errorf("job %s ended with error %d in run %d: its figures cannot be compared", j.Name, j.Error, s.Runs)
		}
		cpu := j.cpuPerIO()
		for _, d := range []struct {
			name string
			dir  *direction
		}{{"read", j.Read}, {"write", j.Write}, {"trim", j.Trim}} {
			if d.dir == nil || d.dir.TotalIOs == 0 {
				continue
			}
			k := Key{Job: j.Name, Engine: r.Engine, Clone: clone, Dir: d.name}
			smp, err := d.dir.sample()
			if err != nil {
				return fmt.Errorf("job %s %s, run %d: %w", j.Name, d.name, s.Runs, err)
			}
			smp.CPUPerIO = cpu
			if _, seen := s.Samples[k]; !seen {
				s.Keys = append(s.Keys, k)
			}
			s.Samples[k] = append(s.Samples[k], smp)
		}
	}
	return nil
}

// document is the part of an xbench or fio JSON report that compare reads.
type document struct {
	Version string   `json:"fio version"`
	Jobs    []job    `json:"jobs"`
	Repeats *repeats `json:"repeats"`
}

type repeats struct {
	Runs []run `json:"runs"`
}

type run struct {
	Engine string `json:"engine"`
	Jobs   []job  `json:"jobs"`
}

type job struct {
	Name    string     `json:"jobname"`
	Error   int        `json:"error"`
	Runtime float64    `json:"job_runtime"` // ms
	UsrCPU  float64    `json:"usr_cpu"`     // percent of Runtime
	SysCPU  float64    `json:"sys_cpu"`
	UsrNs   *float64   `json:"usr_cpu_ns"` // xbench's repeats only
	SysNs   *float64   `json:"sys_cpu_ns"`
	Read    *direction `json:"read"`
	Write   *direction `json:"write"`
	Trim    *direction `json:"trim"`
}

type direction struct {
	IOPS        float64 `json:"iops"`
	IOPSMax     float64 `json:"iops_max"`
	IOPSSamples uint64  `json:"iops_samples"`
	BWBytes     float64 `json:"bw_bytes"`
	TotalIOs    uint64  `json:"total_ios"`
	Clat        latency `json:"clat_ns"`
}

type latency struct {
	N          uint64             `json:"N"`
	Min        uint64             `json:"min"`
	Max        uint64             `json:"max"`
	Sum        *uint64            `json:"sum"`
	SumSq      string             `json:"sum_sq"`
	Histogram  string             `json:"histogram"`
	Percentile map[string]float64 `json:"percentile"`
}

// cpuPerIO returns the job's CPU time per IO in nanoseconds: exact from
// xbench's repeats, else from fio's percentages of the job's runtime (to
// fio's 0.01% and 1 ms rounding). It is NaN without IOs.
func (j *job) cpuPerIO() float64 {
	var ios uint64
	for _, d := range []*direction{j.Read, j.Write, j.Trim} {
		if d != nil {
			ios += d.TotalIOs
		}
	}
	if ios == 0 {
		return math.NaN()
	}
	if j.UsrNs != nil && j.SysNs != nil {
		return (*j.UsrNs + *j.SysNs) / float64(ios)
	}
	return (j.UsrCPU + j.SysCPU) / 100 * j.Runtime * 1e6 / float64(ios)
}

// sample turns a direction into a Sample, rebuilding its histogram when
// the report kept one.
func (d *direction) sample() (Sample, error) {
	s := Sample{IOPS: d.IOPS, BW: d.BWBytes, points: d.Clat.Percentile}
	if d.IOPSSamples > 0 {
		s.PeakIOPS = d.IOPSMax
	}
	if d.Clat.Histogram != "" && d.Clat.Sum != nil {
		l, err := stats.ImportLatency(stats.LatencyExport{
			N: d.Clat.N, Min: d.Clat.Min, Max: d.Clat.Max, Sum: *d.Clat.Sum,
			SumSq: d.Clat.SumSq, Histogram: d.Clat.Histogram,
		})
		if err != nil {
			return Sample{}, fmt.Errorf("clat_ns: %w", err)
		}
		s.clat = l
	}
	return s, nil
}
