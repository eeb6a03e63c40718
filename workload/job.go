// Package workload reads fio job files into typed jobs, and generates the
// offsets and block sizes those jobs issue.
package workload

import (
	"fmt"
	"time"
)

// Setting is one option as written in the job file: its name and its raw
// value ("" for a bare key). Reports echo settings back in "job options".
type Setting struct {
	Name  string
	Value string
}

// Job is one job section with every option resolved: the values of the
// global sections above it merged with its own. Numjobs clones share one Job.
type Job struct {
	// Name is the job's name: its section name unless the name option
	// overrides it.
	Name string
	// Source is the job file and Line the line of the section header, for
	// messages about the job.
	Source string
	Line   int

	// Files are the files or devices to do IO on.
	Files Files
	// Size is the number of bytes each clone does IO over, split between
	// its files; 0 means the whole existing files or device (or
	// Extent.SizePercent of them).
	Size uint64
	// Extent holds the other options on how much IO to do and where.
	Extent Extent
	// BS holds the block sizes of each direction (bs, bsrange, bssplit).
	BS BlockSizes
	// RW is the IO pattern, and Mix what rw's suffix and rwmixread add.
	RW  RW
	Mix Mix
	// IOEngine names the engine (ioengine): null, sync, psync, pvsync,
	// pvsync2, libaio, io_uring, io_uring_cmd, xnvme.
	IOEngine string
	// IODepth is the number of IOs each clone keeps in flight.
	IODepth int
	// Batch is how IOs are submitted and reaped in batches.
	Batch Batching
	// Direct opens the target with O_DIRECT.
	Direct bool
	// Runtime caps the timed phase; with TimeBased the job runs for exactly
	// this long. Zero means no cap.
	Runtime time.Duration
	// TimeBased keeps the job running for Runtime, repeating passes over
	// the file, instead of stopping after Size bytes.
	TimeBased bool
	// RampTime runs the workload this long before measuring.
	RampTime time.Duration
	// NumJobs is the number of clones of this job.
	NumJobs int
	// GroupReporting reports the job's group as one merged entry.
	GroupReporting bool
	// Thread is fio's thread option. xbench always runs clones as threads;
	// it is kept so that reports echo it.
	Thread bool
	// CPUsAllowed pins every clone to these CPUs; nil leaves them unpinned.
	CPUsAllowed CPUSet
	// CPUsPolicy says how clones share CPUsAllowed.
	CPUsPolicy CPUsPolicy
	// RandRepeat makes random offsets repeat from run to run.
	RandRepeat bool
	// RandSeed seeds the random generators when RandSeedSet is true.
	RandSeed    uint64
	RandSeedSet bool
	// NoRandomMap lets random IO revisit blocks within a pass instead of
	// visiting each block exactly once.
	NoRandomMap bool
	// Poll holds the polling options of the engines that poll (hipri,
	// sqthread_poll).
	Poll Polling
	// RWFlags holds the per-IO flags some engines take (nowait, uncached).
	RWFlags RWFlags
	// IOUring holds the options of ioengine=io_uring and io_uring_cmd.
	IOUring IOUringOptions
	// LibAIO holds the options of ioengine=libaio.
	LibAIO LibAIOOptions
	// XNVMe holds the options of ioengine=xnvme.
	XNVMe XNVMeOptions
	// Random holds the other options on random offsets.
	Random Randomness
	// Rate limits the IO rate; Think pauses between IOs.
	Rate  Rate
	Think ThinkTime
	// Sync issues fsyncs between writes and at the end.
	Sync Syncing
	// Measure says which latencies to record.
	Measure Measurement
	// Flow says when the job starts, relative to the others.
	Flow Flow
	// GroupID is the reporting group the job belongs to.
	GroupID int
	// Report holds the options that shape the job's report.
	Report ReportOptions
	// Logs are the sampling and per-job log options.
	Logs Logs
	// Verify is how the job checks the data it reads back; Errors what it
	// does when an IO fails; Safety what it may do to files and devices.
	Verify Verification
	Errors ErrorHandling
	Safety Safety
	// Fault is what ioengine=xbench-fault, the test engine, injects.
	Fault FaultInjection

	// Options lists the options set in the job's own section, in order.
	Options []Setting
}

// JobFile is a parsed job file.
type JobFile struct {
	// Path names the file, for messages ("-" for stdin).
	Path string
	// Global lists the options set in global sections, in order.
	Global []Setting
	// Jobs are the job sections, in order.
	Jobs []*Job
	// Sections are the sections that were read (those --section did not
	// leave out), in order, as fio's --showcmd echoes them.
	Sections []Section
}

// Section is one section of a job file, as fio's --showcmd echoes it.
type Section struct {
	// Name is the section name.
	Name string
	// Global is set for a global section.
	Global bool
	// Options are a job section's own options. For a global section they
	// are every global option set so far, those given on the command line
	// before the first --name included: fio echoes them all again at each
	// global section.
	Options []Setting
}

// CPUSet is a set of CPU numbers, kept sorted and without duplicates.
type CPUSet []int

// String formats the set as fio lists CPUs, for example "0-3,6".
func (s CPUSet) String() string {
	out := ""
	for i := 0; i < len(s); {
		k := i
		for k+1 < len(s) && s[k+1] == s[k]+1 {
			k++
		}
		if out != "" {
			out += ","
		}
		if k == i {
			out += fmt.Sprint(s[i])
		} else {
			out += fmt.Sprintf("%d-%d", s[i], s[k])
		}
		i = k + 1
	}
	return out
}
