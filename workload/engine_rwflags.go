package workload

import "math"

// This file holds the per-IO flag options that several fio engines share,
// kept on Job.RWFlags: nowait (RWF_NOWAIT) and uncached.

// RWFlags are the per-IO flags of a job's reads and writes.
type RWFlags struct {
	// NoWait is nowait: IOs carry RWF_NOWAIT, so that one that would
	// block fails with EAGAIN instead (and ends the job, as in fio).
	NoWait bool
	// Uncached is uncached: buffered IO (direct=0) drops the pages it
	// touched from the page cache once done. fio 3.33 passes a flag
	// value (0x40) that Linux never merged and that now means RWF_ATOMIC;
	// xbench passes Linux's RWF_DONTCACHE (6.14+) and refuses the job
	// where the kernel or filesystem lacks it.
	Uncached bool
}

// rwFlagOptions are fio's nowait and uncached.
var rwFlagOptions = []*optionDef{
	boolOpt("nowait", "0", "Use RWF_NOWAIT for reads/writes: an IO that would block fails with EAGAIN",
		func(j *Job, v bool) { j.RWFlags.NoWait = v }).forEngines("io_uring", "libaio", "pvsync2"),
	intOpt("uncached", "0", "Uncached buffered reads/writes (RWF_DONTCACHE, Linux 6.14+): with direct=0, drop the pages once the IO is done",
		0, math.MaxInt32, func(j *Job, v int) { j.RWFlags.Uncached = v != 0 }).forEngines("io_uring", "pvsync2"),
}
