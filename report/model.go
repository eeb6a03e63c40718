// Package report writes a run's results the way fio 3.33 does: the human
// ("normal") report with its per-job blocks and "Run status group" summary,
// the JSON report, and the lines fio prints before the jobs start.
//
// It also writes fio's terse format (terse.go) and a self-contained HTML
// report with charts (html.go). Only what xbench measures is printed; the
// few JSON keys fed by things xbench does not do are left out rather than
// filled with invented values (see json.go).
package report

import (
	"fmt"
	"time"

	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// Run is everything one report shows.
type Run struct {
	// Version names the program, for example "xbench-0.1.0". It goes where
	// fio writes "fio-3.33", and into the JSON "fio version".
	Version string
	// Time is when the report is written: the date on each job's line and
	// the JSON timestamp, timestamp_ms and time. Its location is used for
	// the date, as ctime uses the local zone.
	Time time.Time
	// GlobalOptions are the options of the job file's global sections, for
	// the JSON "global options".
	GlobalOptions []workload.Setting
	// Jobs are the reported entries in order: one per clone, or one per
	// group when group_reporting merged them.
	Jobs []Job
	// Groups are the reporting groups' summaries, from stats.Summarize.
	Groups []stats.Group
	// Repeats, when not nil, holds every run of a repeated run or an
	// engine comparison; Jobs then hold the pooled results. The JSON
	// report writes it as "repeats".
	Repeats *Repeats
	// Disks are the statistics of the block devices the run used, fio's
	// "Disk stats" and "disk_util".
	Disks []stats.DiskUtil
}

// group returns the summary of group id, or nil.
func (r *Run) group(id int) *stats.Group {
	for i := range r.Groups {
		if r.Groups[i].ID == id {
			return &r.Groups[i]
		}
	}
	return nil
}

// Job is one reported entry and the options that shape how it is shown.
type Job struct {
	// Stats is what the entry measured. It must not be nil.
	Stats *stats.Job
	// Options are the options set in the job's own section, for the JSON
	// "job options".
	Options []workload.Setting
	// PID is the thread id shown as "pid=".
	PID int
	// KBBase is fio's kb_base: 1024 (the default, used when 0) shows
	// binary units first, 1000 shows decimal units first.
	KBBase int
	// SigFigs is fio's significant_figures for rates and sizes; 0 means
	// fio's default of 4.
	SigFigs int
	// Percentiles is fio's percentile_list; nil means fio's default list
	// of 17 points (DefaultPercentiles).
	Percentiles []float64
	// PercentilePrecision is the number of decimals the text report shows
	// for each point of Percentiles. It is ignored when Percentiles is nil,
	// which shows fio's default 2.
	PercentilePrecision int
	// NoClatPercentiles turns off the completion latency percentiles,
	// as clat_percentiles=0 does.
	NoClatPercentiles bool
	// LatPercentiles and SlatPercentiles add total and submission latency
	// percentiles, as fio's lat_percentiles and slat_percentiles do.
	LatPercentiles, SlatPercentiles bool
	// UnitBase is fio's unit_base: 1 shows bandwidth in bits per second;
	// 8, or 0 (fio picks bytes for every engine xbench has), in bytes.
	UnitBase int
	// Description is the job's description option, shown under the job's
	// line and as the JSON "desc"; empty shows nothing.
	Description string
}

// DefaultPercentiles is fio's default percentile_list.
var DefaultPercentiles = []float64{
	1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.5, 99.9, 99.95, 99.99,
}

// defaultPercentilePrecision is the precision fio derives from its default
// list, whose longest fraction ("99.95") has two digits.
const defaultPercentilePrecision = 2

// kbBase returns the job's kb_base, defaulting to 1024.
func (j *Job) kbBase() int {
	if j.KBBase == 0 {
		return 1024
	}
	return j.KBBase
}

// pow2 reports whether the job shows binary (IEC) units first, which fio
// decides by whether kb_base is a power of two.
func (j *Job) pow2() bool {
	b := j.kbBase()
	return b > 0 && b&(b-1) == 0
}

// bwUnit returns the unit the job's bandwidth is shown in.
func (j *Job) bwUnit() Unit {
	if j.UnitBase == 1 {
		return UnitBitPerSec
	}
	return UnitBytePerSec
}

// sigFigs returns the job's significant figures, defaulting to 4.
func (j *Job) sigFigs() int {
	if j.SigFigs <= 0 {
		return 4
	}
	return j.SigFigs
}

// percentiles returns the job's percentile points and text precision.
func (j *Job) percentiles() ([]float64, int) {
	if j.Percentiles == nil {
		return DefaultPercentiles, defaultPercentilePrecision
	}
	return j.Percentiles, j.PercentilePrecision
}

// check reports a Run that cannot be written.
func (r *Run) check() error {
	for i := range r.Jobs {
		if r.Jobs[i].Stats == nil {
			return fmt.Errorf("report: job %d has no stats", i)
		}
	}
	return nil
}

// lastJobOfGroup returns the last entry of group id, whose kb_base and
// significant figures fio uses for the group's summary, or nil.
func (r *Run) lastJobOfGroup(id int) *Job {
	var last *Job
	for i := range r.Jobs {
		if r.Jobs[i].Stats.GroupID == id {
			last = &r.Jobs[i]
		}
	}
	return last
}

// truncMsec truncates a duration to whole milliseconds, as fio measures a
// job's total runtime and CPU times (stats.Msec rounds up, as fio does for
// the per-direction runtimes that rates come from).
func truncMsec(d time.Duration) uint64 { return uint64(d / time.Millisecond) }

// measured reports whether a latency metric has samples; nil or empty
// metrics were not measured.
func measured(l *stats.Latency) bool { return l != nil && l.N() > 0 }

// ctime formats t as C's ctime does, without the trailing newline:
// "Thu Nov 26 11:17:49 2026".
func ctime(t time.Time) string { return t.Format("Mon Jan _2 15:04:05 2006") }
