package workload

import "math"

// This file is fio's sync and measurement options (HOWTO "I/O type" and
// "Measurements and reporting"): fsync, fdatasync, end_fsync, gtod_reduce
// and disable_slat, disable_clat, disable_lat.

// Syncing is when a job flushes what it wrote.
type Syncing struct {
	// Fsync issues an fsync after every Fsync writes (fsync); Fdatasync
	// an fdatasync (fdatasync). 0 never does.
	Fsync, Fdatasync int
	// EndFsync fsyncs every file at the end of each pass (end_fsync).
	EndFsync bool
}

// Measurement says which latencies a job records; a disabled one is left
// out of the report (its figures are zeros).
type Measurement struct {
	// NoSlat, NoClat and NoLat turn off submission, completion and total
	// latency (disable_slat, disable_clat, disable_lat). gtod_reduce turns
	// off all three.
	NoSlat, NoClat, NoLat bool
}

// syncOptions are fio's sync and measurement options.
var syncOptions = []*optionDef{
	intOpt("fsync", "0", `Issue an fsync after every this many writes (fio HOWTO "I/O type", fsync)`,
		0, math.MaxInt32, func(j *Job, v int) { j.Sync.Fsync = v }),
	intOpt("fdatasync", "0", `Issue an fdatasync after every this many writes (fio HOWTO "I/O type", fdatasync)`,
		0, math.MaxInt32, func(j *Job, v int) { j.Sync.Fdatasync = v }),
	boolOpt("end_fsync", "0", `Fsync the files at the end of the job (fio HOWTO "I/O type", end_fsync)`,
		func(j *Job, v bool) { j.Sync.EndFsync = v }),
	boolOpt("gtod_reduce", "0", `Record no latencies: turns on disable_slat, disable_clat and disable_lat (fio HOWTO "Measurements and reporting", gtod_reduce)`,
		func(j *Job, v bool) {
			if v {
				j.Measure = Measurement{NoSlat: true, NoClat: true, NoLat: true}
			}
		}),
	boolOpt("disable_slat", "0", `Do not record submission latency (fio HOWTO "Measurements and reporting", disable_slat)`,
		func(j *Job, v bool) { j.Measure.NoSlat = v }),
	boolOpt("disable_clat", "0", `Do not record completion latency (fio HOWTO "Measurements and reporting", disable_clat)`,
		func(j *Job, v bool) { j.Measure.NoClat = v }),
	boolOpt("disable_lat", "0", `Do not record total latency (fio HOWTO "Measurements and reporting", disable_lat)`,
		func(j *Job, v bool) { j.Measure.NoLat = v }),
}
