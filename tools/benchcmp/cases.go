package main

import (
	"fmt"
	"strings"
)

// benchCase is one job, run by both tools.
type benchCase struct {
	name    string
	engine  string
	depth   int
	numjobs int
	extra   string // more job options, one per line
	disk    bool   // reads the target rather than the null engine
}

// The cases the targets are measured on (issue 9): 4 KiB random reads
// with every latency recorded (slat, clat, lat: no gtod_reduce) in both
// tools.
var (
	nullQD1   = benchCase{name: "null qd1", engine: "null", depth: 1}
	nullQD32  = benchCase{name: "null qd32", engine: "null", depth: 32}
	nullQD1x2 = benchCase{name: "null qd1 numjobs=2", engine: "null", depth: 1, numjobs: 2}
	uringQD32 = benchCase{name: "io_uring qd32", engine: "io_uring", depth: 32, disk: true}
	uringQD1  = benchCase{name: "io_uring qd1", engine: "io_uring", depth: 1, disk: true}
	// uringQD32One submits and reaps IO by IO in xbench too, as fio does
	// by default, so that both keep the same IOs in flight and clat means
	// the same in both: from the return of the IO's own submit call to the
	// reap of its completion. With xbench's defaults (submit calls of up to
	// 8, every completion reaped at once) a clat starts when the call that
	// carried up to 8 IOs returns, and about 30 IOs of 32 are in flight on
	// average rather than 32 (Little's law on the lat and IOPS of a run), so
	// its latencies are those of a slightly shallower queue.
	uringQD32One = benchCase{name: "io_uring qd32 io by io", engine: "io_uring", depth: 32, disk: true,
		extra: "iodepth_batch_submit=1\niodepth_batch_complete_max=1"}
)

// targetCases are the jobs behind the table of targets.
func targetCases() []benchCase {
	// The two-job case right after the one-job case: the scaling row
	// compares runs of one round, minutes apart at most.
	return []benchCase{nullQD1, nullQD1x2, nullQD32, uringQD32, uringQD1, uringQD32One}
}

// matrixCases are the engine matrix of --matrix: the null engine and, for
// each engine at iodepth 1, 32 and 128, reads of the target, plus io_uring
// with fixedbufs, registerfiles and submit batches of 32.
func matrixCases() []benchCase {
	var cs []benchCase
	for _, d := range []int{1, 32, 128} {
		cs = append(cs, benchCase{name: fmt.Sprintf("null qd%d", d), engine: "null", depth: d})
	}
	for _, e := range []string{"sync", "psync", "pvsync", "pvsync2", "libaio", "io_uring"} {
		for _, d := range []int{1, 32, 128} {
			cs = append(cs, benchCase{name: fmt.Sprintf("%s qd%d", e, d), engine: e, depth: d, disk: true})
		}
	}
	for _, d := range []int{32, 128} {
		cs = append(cs, benchCase{name: fmt.Sprintf("io_uring fixed+reg batch32 qd%d", d), engine: "io_uring", depth: d, disk: true,
			extra: "fixedbufs\nregisterfiles\niodepth_batch_submit=32\niodepth_batch_complete_max=32"})
	}
	return cs
}

// jobText is a case's job file.
func (c benchCase) jobText(target, runtime string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s]\nioengine=%s\nrw=randread\nbs=4k\niodepth=%d\ntime_based\nruntime=%s\n",
		strings.NewReplacer(" ", "-", "+", "-", "=", "-").Replace(c.name), c.engine, c.depth, runtime)
	if c.numjobs > 1 {
		fmt.Fprintf(&b, "numjobs=%d\n", c.numjobs)
	}
	if c.disk {
		fmt.Fprintf(&b, "direct=1\nfilename=%s\n", target)
		if !strings.HasPrefix(target, "/dev/") {
			b.WriteString("size=1g\n")
		}
	} else {
		b.WriteString("size=1g\n")
	}
	if c.extra != "" {
		b.WriteString(c.extra + "\n")
	}
	return b.String()
}
