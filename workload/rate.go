package workload

import (
	"fmt"
	"math"
	"time"
)

// This file is fio's rate and think time options (HOWTO "I/O rate" and
// "I/O type"): rate, rate_iops, rate_min, rate_iops_min, rate_process,
// rate_cycle, thinktime, thinktime_spin and thinktime_blocks.

// Rate limits a job's IO rate, per direction (indexed by Dir).
type Rate struct {
	// Bytes caps bytes per second (rate); IOPS caps IOs per second
	// (rate_iops), counted in units of the direction's smallest block
	// size as fio does. 0 means no cap; a job sets one or the other.
	Bytes, IOPS [NumDirs]uint64
	// MinBytes and MinIOPS end the job with an error when its rate falls
	// below them over a rate cycle (rate_min, rate_iops_min).
	MinBytes, MinIOPS [NumDirs]uint64
	// Process spaces the IOs: evenly, or as a Poisson process.
	Process RateProcess
	// Cycle is the period over which a minimum rate is checked
	// (rate_cycle); fio's default is one second.
	Cycle time.Duration
}

// Limited reports whether the job caps its rate in any direction.
func (r *Rate) Limited() bool {
	return r.Bytes != [NumDirs]uint64{} || r.IOPS != [NumDirs]uint64{}
}

// HasMinimum reports whether the job has a minimum rate.
func (r *Rate) HasMinimum() bool {
	return r.MinBytes != [NumDirs]uint64{} || r.MinIOPS != [NumDirs]uint64{}
}

// RateProcess is fio's rate_process.
type RateProcess uint8

// The rate processes.
const (
	// RateLinear issues IOs at even intervals.
	RateLinear RateProcess = iota
	// RatePoisson issues IOs at exponentially distributed intervals.
	RatePoisson
)

// ThinkTime pauses a job between IOs: after every Blocks IOs have
// completed, the job waits for the IOs in flight, then spins for Spin and
// sleeps for the rest of Time (thinktime, thinktime_spin,
// thinktime_blocks).
type ThinkTime struct {
	Time, Spin time.Duration
	Blocks     int
}

// rateOptions are fio's rate and think time options.
var rateOptions = []*optionDef{
	dirSizeOpt("rate", "", `Cap on bandwidth in bytes per second, per direction (fio HOWTO "I/O rate", rate)`,
		0, func(j *Job, l *dirList[uint64]) { l.apply(&j.Rate.Bytes) }),
	dirSizeOpt("rate_min", "", `Fail the job when its bandwidth falls below this, per direction (fio HOWTO "I/O rate", rate_min)`,
		0, func(j *Job, l *dirList[uint64]) { l.apply(&j.Rate.MinBytes) }).withAlias("ratemin"),
	dirIntOpt("rate_iops", "", `Cap on IOs per second, per direction (fio HOWTO "I/O rate", rate_iops)`,
		0, math.MaxUint32, func(j *Job, l *dirList[uint64]) { l.apply(&j.Rate.IOPS) }),
	dirIntOpt("rate_iops_min", "", `Fail the job when its IOPS fall below this, per direction (fio HOWTO "I/O rate", rate_iops_min)`,
		0, math.MaxUint32, func(j *Job, l *dirList[uint64]) { l.apply(&j.Rate.MinIOPS) }),
	enumOpt("rate_process", "linear", `How rated IOs are spaced: linear, or poisson (fio HOWTO "I/O rate", rate_process)`,
		[]enumChoice[RateProcess]{{"linear", RateLinear}, {"poisson", RatePoisson}}, nil,
		func(j *Job, v RateProcess) { j.Rate.Process = v }),
	timeOpt("rate_cycle", "1000", `Period in milliseconds over which rate_min and rate_iops_min are checked (fio HOWTO "I/O rate", rate_cycle)`,
		time.Millisecond, func(j *Job, v time.Duration) { j.Rate.Cycle = v }).withAlias("ratecycle"),
	timeOpt("thinktime", "0", `Pause between IOs, in microseconds unless suffixed (fio HOWTO "I/O type", thinktime)`,
		time.Microsecond, func(j *Job, v time.Duration) { j.Think.Time = v }),
	timeOpt("thinktime_spin", "0", `Spin this long, in microseconds, at the start of each pause instead of sleeping (fio HOWTO "I/O type", thinktime_spin)`,
		time.Microsecond, func(j *Job, v time.Duration) { j.Think.Spin = v }),
	intOpt("thinktime_blocks", "1", `Completed IOs between pauses (fio HOWTO "I/O type", thinktime_blocks)`,
		1, math.MaxInt32, func(j *Job, v int) { j.Think.Blocks = v }),
}

// fixupRate applies fio's rules: rate and rate_iops exclude each other, as
// do rate_min and rate_iops_min, a minimum may not exceed its cap, and the
// spin of a pause is at most the pause. It returns the option to blame.
func fixupRate(j *Job) (string, error) {
	r := &j.Rate
	sum := func(a [NumDirs]uint64) uint64 { return a[0] + a[1] + a[2] }
	if sum(r.Bytes) != 0 && sum(r.IOPS) != 0 {
		return "rate_iops", fmt.Errorf("job %q: rate and rate_iops exclude each other", j.Name)
	}
	if sum(r.MinBytes) != 0 && sum(r.MinIOPS) != 0 {
		return "rate_iops_min", fmt.Errorf("job %q: rate_min and rate_iops_min exclude each other", j.Name)
	}
	for d := range NumDirs {
		if r.Bytes[d] != 0 && r.Bytes[d] < r.MinBytes[d] {
			return "rate_min", fmt.Errorf("job %q: %s rate_min (%d) is above its rate (%d)", j.Name, Dir(d), r.MinBytes[d], r.Bytes[d])
		}
		if r.IOPS[d] != 0 && r.IOPS[d] < r.MinIOPS[d] {
			return "rate_iops_min", fmt.Errorf("job %q: %s rate_iops_min (%d) is above its rate_iops (%d)", j.Name, Dir(d), r.MinIOPS[d], r.IOPS[d])
		}
	}
	j.Think.Spin = min(j.Think.Spin, j.Think.Time)
	return "", nil
}
