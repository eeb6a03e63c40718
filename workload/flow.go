package workload

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// This file is fio's options on when jobs run and on which CPUs (HOWTO
// "Job description", "Threads, processes and job synchronization" and
// "CPU"): stonewall, new_group, wait_for, exitall, startdelay and
// cpus_allowed_policy.

// Flow says when a job starts, relative to the others, and what its end
// does to them.
type Flow struct {
	// Stonewall waits for every job before it to finish, and starts a new
	// reporting group (stonewall, alias wait_for_previous).
	Stonewall bool
	// NewGroup starts a new reporting group without waiting (new_group).
	NewGroup bool
	// WaitFor names a job to wait for before starting (wait_for).
	WaitFor string
	// ExitAll ends every job of a group when one of its jobs ends
	// (exitall). As in fio, one job setting it applies it to the whole run.
	ExitAll bool
	// StartDelay delays the start by this long from the start of the run;
	// with StartDelayHigh above it, each clone draws its delay from the
	// range (startdelay=low-high).
	StartDelay, StartDelayHigh time.Duration
}

// CPUsPolicy is how the clones of a job share cpus_allowed.
type CPUsPolicy uint8

// The policies of fio's cpus_allowed_policy.
const (
	// CPUsShared lets every clone run on any of the CPUs.
	CPUsShared CPUsPolicy = iota
	// CPUsSplit gives each clone one CPU of the set, in turn.
	CPUsSplit
)

// flowOptions are fio's options on job order and CPUs.
var flowOptions = []*optionDef{
	flagOpt("stonewall", `Wait for the jobs before this one to finish, and start a new reporting group (fio HOWTO "Threads, processes and job synchronization", stonewall)`,
		func(j *Job, v bool) { j.Flow.Stonewall = v }).withAlias("wait_for_previous"),
	flagOpt("new_group", `Start a new reporting group, without waiting (fio HOWTO "Threads, processes and job synchronization", new_group)`,
		func(j *Job, v bool) { j.Flow.NewGroup = v }),
	stringOpt("wait_for", "", `Start only when the named job has finished (fio HOWTO "Threads, processes and job synchronization", wait_for)`,
		func(j *Job, v string) error { j.Flow.WaitFor = v; return nil }),
	flagOpt("exitall", `End the other jobs of the group when one ends; applies to every job of the run (fio HOWTO "Threads, processes and job synchronization", exitall)`,
		func(j *Job, v bool) { j.Flow.ExitAll = v }),
	{
		info: OptionInfo{Name: "startdelay", Type: "time range", Default: "0",
			Help: `Start this long after the run starts, or a random time within low-high for each clone (fio HOWTO "Job description", startdelay)`},
		parse: setStartDelay,
	},
	enumOpt("cpus_allowed_policy", "", `How clones share cpus_allowed: shared, or split to give each clone one CPU (fio HOWTO "CPU", cpus_allowed_policy)`,
		[]enumChoice[CPUsPolicy]{{"shared", CPUsShared}, {"split", CPUsSplit}}, nil,
		func(j *Job, v CPUsPolicy) { j.CPUsPolicy = v }),
}

// setStartDelay parses startdelay: a time in seconds by default, or a
// range "low-high" (or "low:high").
func setStartDelay(j *Job, v string) error {
	lo, hi, isRange := strings.Cut(v, "-")
	if !isRange {
		lo, hi, isRange = strings.Cut(v, ":")
	}
	if !isRange {
		hi = lo
	}
	a, err := parseTimeValue(lo, time.Second)
	if err != nil {
		return err
	}
	b, err := parseTimeValue(hi, time.Second)
	if err != nil {
		return err
	}
	if b < a {
		return fmt.Errorf("range %q runs backwards", v)
	}
	j.Flow.StartDelay, j.Flow.StartDelayHigh = a, b
	return nil
}

// parseTimeValue parses a time option value, unit being the meaning of a
// number without suffix.
func parseTimeValue(v string, unit time.Duration) (time.Duration, error) {
	t, err := numericValue(v)
	if err != nil {
		return 0, err
	}
	if t == "" {
		return 0, errors.New("empty value")
	}
	return parseTime(t, unit)
}

// placeJob gives j its reporting group, after the jobs before it, as fio's
// add_job does: stonewall and new_group start a new group unless j is the
// first job; and checks that wait_for names one of the jobs before it.
func placeJob(j *Job, before []*Job) error {
	if len(before) > 0 {
		last := before[len(before)-1]
		j.GroupID = last.GroupID
		if j.Flow.Stonewall || j.Flow.NewGroup {
			j.GroupID++
		}
	}
	if w := j.Flow.WaitFor; w != "" {
		for _, b := range before {
			if b.Name == w {
				return nil
			}
		}
		return fmt.Errorf("job %q: wait_for=%s names no job before it (fio: \"waitee job %s unknown\")", j.Name, quoteIfNeeded(w), quoteIfNeeded(w))
	}
	return nil
}
