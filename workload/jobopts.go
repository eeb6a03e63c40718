package workload

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// This file lists the options xbench implements, with fio 3.33's defaults
// and fio's help text (options.c), and the rules specific to some of them.

// optionDefs are the options xbench implements: the general ones, then
// each ioengine's own (kept in a file per engine).
var optionDefs = slices.Concat(generalOptions, reportOptions, logOptions, pollingOptions, xnvmeOptions)

// generalOptions are the options of every job, whatever its ioengine.
var generalOptions = []*optionDef{
	stringOpt("name", "", "Name of this job; the section name unless set (fio: job name)", setName),
	stringOpt("filename", "", "File or device to use for the workload (fio: filename; one file per job in xbench)", setFilename).withPrio(-1),
	sizeOpt("size", "", "Total size of device or files to do IO over; 0 means the whole file",
		0, func(j *Job, v uint64) { j.Size = v }),
	sizeOpt("bs", "4096", "Block size unit: the size of each IO",
		1, func(j *Job, v uint64) { j.BlockSize = v }).withAlias("blocksize"),
	enumOpt("rw", "read", "IO direction: sequential or random reads or writes",
		rwChoices, rwOther, func(j *Job, v RW) { j.RW = v }).withAlias("readwrite"),
	enumOpt("ioengine", "psync", "IO engine to use",
		engineChoices, engineOther, func(j *Job, v string) { j.IOEngine = v }),
	intOpt("iodepth", "1", "Number of IO buffers to keep in flight",
		1, math.MaxInt32, func(j *Job, v int) { j.IODepth = v }),
	boolOpt("direct", "0", "Use O_DIRECT IO (negates buffered)", func(j *Job, v bool) { j.Direct = v }),
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
	flagOpt("stonewall", "Insert a hard barrier between this job and previous",
		func(j *Job, v bool) { j.Stonewall = v }).withAlias("wait_for_previous"),
}

// rwChoices are the rw modes xbench implements.
var rwChoices = []enumChoice[RW]{
	{"read", Read}, {"write", Write}, {"randread", RandRead}, {"randwrite", RandWrite},
}

// fioRWModes are all the rw modes of fio 3.33.
var fioRWModes = []string{
	"read", "write", "trim", "randread", "randwrite", "randtrim",
	"rw", "readwrite", "randrw", "trimwrite", "randtrimwrite",
}

// rwOther reports an rw mode fio has and xbench does not. fio compares the
// part before a "," or ":" and takes ":N" as a sequence modifier
// ("rw=read:8"), so those forms are fio's too.
func rwOther(v string) error {
	mode := v
	if i := strings.IndexAny(v, ",:"); i >= 0 {
		mode = v[:i]
	}
	if slices.Contains(fioRWModes, mode) {
		return fullErrorf("rw=%s is not supported by xbench yet", quoteIfNeeded(v))
	}
	return nil
}

// engineChoices are the IO engines xbench implements.
var engineChoices = []enumChoice[string]{
	{"null", "null"}, {"psync", "psync"}, {"libaio", "libaio"}, {"io_uring", "io_uring"},
	{"xnvme", "xnvme"},
}

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

// pathMax is fio's limit on the filename value (PATH_MAX).
const pathMax = 4096

// setFilename sets the job's file. fio strips blanks around the value and
// splits it at every ":" not escaped as "\:" into several files; every
// filename line adds files, also to those the globals named. xbench runs
// one file per job, so a second file is an error rather than being dropped.
func setFilename(j *Job, v string) error {
	if len(v) > pathMax-1 {
		return fmt.Errorf("longer than %d bytes", pathMax-1)
	}
	names := splitFilenames(strings.Trim(v, cSpace))
	switch {
	case len(names) == 0:
		return errors.New("no file name")
	case len(names) > 1:
		return fullErrorf("filename=%s names %d files (fio splits at \":\"; write \"\\:\" for a colon): several files in one job are not supported by xbench yet",
			quoteIfNeeded(strings.Trim(v, cSpace)), len(names))
	case j.Filename != "":
		return fullErrorf("filename %q would be a second file next to %q (fio adds files, it does not replace them): several files in one job are not supported by xbench yet",
			names[0], j.Filename)
	}
	j.Filename = names[0]
	return nil
}

// splitFilenames splits a filename value as fio's get_next_str does: at
// each ":" not preceded by "\", unescaping "\:", skipping empty names at the
// start of each part and stopping at the first empty name.
func splitFilenames(s string) []string {
	var names []string
	for {
		s = strings.TrimLeft(s, ":")
		var b strings.Builder
		rest, more := "", false
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c == '\\' && i+1 < len(s) && s[i+1] == ':' {
				b.WriteByte(':')
				i++
				continue
			}
			if c == ':' {
				rest, more = s[i+1:], true
				break
			}
			b.WriteByte(c)
		}
		if b.Len() == 0 {
			return names
		}
		names = append(names, b.String())
		if !more {
			return names
		}
		s = rest
	}
}
