package workload

import (
	"math"
	"slices"
	"strings"
	"time"
)

// This file lists the options xbench implements, with fio 3.33's defaults
// and fio's help text (options.c), and the rules specific to some of them.

// optionDefs are the options xbench implements: the general ones, then
// each ioengine's own (kept in a file per engine).
var optionDefs = slices.Concat(generalOptions, ioOptions, reportOptions, logOptions,
	pollingOptions, rwFlagOptions, ioUringOptions, libaioOptions, xnvmeOptions,
	verifyOptions, errorOptions, safetyOptions, faultOptions)

// generalOptions are the options of every job, whatever its ioengine.
var generalOptions = []*optionDef{
	stringOpt("name", "", "Name of this job; the section name unless set (fio: job name)", setName),
	rwOption(),
	enumOpt("ioengine", "psync", "IO engine to use",
		engineChoices, engineOther, func(j *Job, v string) { j.IOEngine = v }),
	intOpt("iodepth", "1", "Number of IO buffers to keep in flight",
		1, math.MaxInt32, func(j *Job, v int) { j.IODepth = v }),
	durationOpt("runtime", "0", "Stop workload when this amount of time has passed",
		func(j *Job, v time.Duration) { j.Runtime = v }).withAlias("timeout"),
	flagOpt("time_based", "Keep running until runtime/timeout is met", func(j *Job, v bool) { j.TimeBased = v }),
	durationOpt("ramp_time", "", "Ramp up time before measuring performance",
		func(j *Job, v time.Duration) { j.RampTime = v }),
	intOpt("numjobs", "1", "Duplicate this job this many times",
		1, math.MaxInt32, func(j *Job, v int) { j.NumJobs = v }),
	flagOpt("group_reporting", "Do reporting on a per-group basis", func(j *Job, v bool) { j.GroupReporting = v }),
	flagOpt("thread", "Use threads instead of processes (xbench always uses threads)",
		func(j *Job, v bool) { j.Thread = v }),
	cpuListOpt("cpus_allowed", "Set CPUs allowed, as a list such as 0-3,6", func(j *Job, v CPUSet) { j.CPUsAllowed = v }),
	boolOpt("randrepeat", "1", "Use repeatable random IO pattern", func(j *Job, v bool) { j.RandRepeat = v }),
	sizeOpt("randseed", "0x89", "Set the random generator seed value (overrides randrepeat)",
		0, func(j *Job, v uint64) { j.RandSeed, j.RandSeedSet = v, true }),
	flagOpt("norandommap", "Accept potential duplicate random blocks", func(j *Job, v bool) { j.NoRandomMap = v }),
}

// engineChoices are the IO engines xbench implements.
var engineChoices = choices("null", "sync", "psync", "pvsync", "pvsync2", "libaio", "io_uring", "io_uring_cmd", "xnvme", FaultEngine)

// engineOther tells a fio engine xbench lacks from a name fio lacks too.
func engineOther(v string) error {
	if slices.Contains(fioEngineNames, v) || strings.HasPrefix(v, "external:") {
		return fullErrorf("fio ioengine %q is not supported by xbench", v)
	}
	return fullErrorf("unknown ioengine %q", v)
}

// setName sets the job's name. fio keeps the value as written, leading
// blanks included.
func setName(j *Job, v string) error {
	j.Name = v
	return nil
}
