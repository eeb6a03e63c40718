package workload

import (
	"fmt"
	"math"
	"strings"
	"syscall"
	"time"
)

// This file holds the options of ioengine=xbench-fault, xbench's test
// engine (not a fio engine, and not a benchmark): it performs IO as psync
// does, completes it asynchronously, and fails, shortens or corrupts the
// IOs these options choose, so that tests can reach every error path.

// FaultEngine is the test engine's ioengine name.
const FaultEngine = "xbench-fault"

// FaultInjection is what ioengine=xbench-fault injects.
type FaultInjection struct {
	// Fail lists offsets whose IOs fail with Errno (fault_fail,
	// fault_errno); Every fails every Nth IO too (fault_every).
	Fail  []uint64
	Errno syscall.Errno
	Every uint32
	// Short lists offsets whose IOs complete short, with ShortBytes
	// (fault_short, fault_short_bytes; 0 is half the IO).
	Short      []uint64
	ShortBytes uint32
	// Flip lists offsets whose byte reads return with a bit flipped
	// (fault_flip).
	Flip []uint64
	// Delay holds each completion (fault_delay).
	Delay time.Duration
	// Dirs are the directions faults apply to (fault_rw); 0 means read,
	// write and trim.
	Dirs uint32
}

// faultOptions are the options of the xbench-fault test engine.
var faultOptions = []*optionDef{
	stringOpt("fault_fail", "", "Test engine: IOs covering these offsets (a ':' list, with size suffixes) fail with fault_errno",
		func(j *Job, v string) error { return parseOffsets(j, v, &j.Fault.Fail) }).forEngines(FaultEngine),
	stringOpt("fault_errno", "EIO", "Test engine: the error of failed IOs, a name such as ENOSPC or a number",
		func(j *Job, v string) error {
			e, err := parseErrno(v)
			j.Fault.Errno = e
			return err
		}).forEngines(FaultEngine),
	intOpt("fault_every", "0", "Test engine: fail every Nth IO with fault_errno (0: none)",
		0, math.MaxInt32, func(j *Job, v int) { j.Fault.Every = uint32(v) }).forEngines(FaultEngine),
	stringOpt("fault_short", "", "Test engine: IOs starting at these offsets (a ':' list) complete short",
		func(j *Job, v string) error { return parseOffsets(j, v, &j.Fault.Short) }).forEngines(FaultEngine),
	sizeOpt("fault_short_bytes", "0", "Test engine: the bytes a short IO transfers (0: half the IO)",
		0, func(j *Job, v uint64) { j.Fault.ShortBytes = uint32(min(v, math.MaxUint32)) }).forEngines(FaultEngine),
	stringOpt("fault_flip", "", "Test engine: reads covering these offsets (a ':' list) return with that byte's low bit flipped",
		func(j *Job, v string) error { return parseOffsets(j, v, &j.Fault.Flip) }).forEngines(FaultEngine),
	timeOpt("fault_delay", "0", "Test engine: hold every completion this long (microseconds unless suffixed)",
		time.Microsecond, func(j *Job, v time.Duration) { j.Fault.Delay = v }).forEngines(FaultEngine),
	stringOpt("fault_rw", "", "Test engine: the directions faults apply to, a ':' list of read, write and trim (default all)",
		setFaultDirs).forEngines(FaultEngine),
}

// parseOffsets reads a ':' list of offsets with the job's size suffixes.
func parseOffsets(j *Job, v string, dst *[]uint64) error {
	var out []uint64
	for s := range strings.SplitSeq(v, ":") {
		n, err := jobNumber(j, s)
		if err != nil {
			return err
		}
		out = append(out, n)
	}
	*dst = out
	return nil
}

// setFaultDirs reads fault_rw.
func setFaultDirs(j *Job, v string) error {
	j.Fault.Dirs = 0
	for s := range strings.SplitSeq(v, ":") {
		switch s {
		case "read":
			j.Fault.Dirs |= 1 << DirRead
		case "write":
			j.Fault.Dirs |= 1 << DirWrite
		case "trim":
			j.Fault.Dirs |= 1 << DirTrim
		default:
			return fmt.Errorf("unknown direction %q (want read, write or trim)", s)
		}
	}
	return nil
}
