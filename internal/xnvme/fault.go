package xnvme

/*
#include <stdlib.h>
#include "xb.h"
*/
import "C"

import (
	"syscall"
	"time"
	"unsafe"
)

// FaultMechanism names the test mechanism that injects faults
// (xb_mech_fault.c). It is not a benchmark: it performs every IO with a
// blocking system call and completes it later, failing, shortening or
// corrupting the IOs FaultOptions choose.
const FaultMechanism = "xbench-fault"

// FaultOptions are the faults the xbench-fault mechanism injects.
type FaultOptions struct {
	// Fail lists byte offsets: an IO covering one fails with Errno,
	// without being performed. Every fails every Nth IO too (0: none).
	Fail  []uint64
	Every uint32
	Errno syscall.Errno
	// Short lists offsets: an IO starting at one transfers ShortBytes
	// (half its length when 0) and completes short.
	Short      []uint64
	ShortBytes uint32
	// Flip lists offsets: a read covering one has the low bit of that byte
	// flipped.
	Flip []uint64
	// Delay holds every completion this long.
	Delay time.Duration
	// Ops are the operations faults apply to, a bit per Opcode (1 <<
	// OpRead ...); 0 means reads, writes and trims.
	Ops uint32
}

// FaultCounts are what the xbench-fault mechanism injected.
type FaultCounts struct {
	// Failed IOs, Shorts completed short, Flipped bits, of IOs submitted.
	Failed, Shorts, Flipped, IOs uint64
}

// cFaultOptions is FaultOptions in C memory, for the queue's init.
type cFaultOptions struct {
	c    *C.struct_xb_fault_opts
	mems []unsafe.Pointer
}

// cOptions copies o into C memory; free releases it.
func (o *FaultOptions) cOptions() *cFaultOptions {
	co := &cFaultOptions{}
	co.c = (*C.struct_xb_fault_opts)(C.calloc(1, C.size_t(unsafe.Sizeof(C.struct_xb_fault_opts{}))))
	co.mems = append(co.mems, unsafe.Pointer(co.c))
	offs := func(v []uint64) *C.uint64_t {
		if len(v) == 0 {
			return nil
		}
		p := C.calloc(C.size_t(len(v)), 8)
		co.mems = append(co.mems, p)
		copy(unsafe.Slice((*uint64)(p), len(v)), v)
		return (*C.uint64_t)(p)
	}
	ops := o.Ops
	if ops == 0 {
		ops = 1<<OpRead | 1<<OpWrite | 1<<OpTrim
	}
	*co.c = C.struct_xb_fault_opts{
		fail: offs(o.Fail), nfail: C.uint32_t(len(o.Fail)), every: C.uint32_t(o.Every), err: C.int32_t(o.Errno),
		short_nbytes: C.uint32_t(o.ShortBytes), short_at: offs(o.Short), nshort: C.uint32_t(len(o.Short)),
		flip: offs(o.Flip), nflip: C.uint32_t(len(o.Flip)), delay_ns: C.uint64_t(o.Delay), ops: C.uint32_t(ops),
	}
	return co
}

// free releases the C memory.
func (co *cFaultOptions) free() {
	for _, p := range co.mems {
		C.free(p)
	}
}

// FaultCounts returns what the queue's xbench-fault mechanism injected so
// far; ok is false for other mechanisms.
func (q *Queue) FaultCounts() (FaultCounts, bool) {
	var c C.struct_xb_fault_counts
	if C.xb_queue_fault_counts(q.c, &c) < 0 {
		return FaultCounts{}, false
	}
	return FaultCounts{Failed: uint64(c.failed), Shorts: uint64(c.shorts), Flipped: uint64(c.flipped), IOs: uint64(c.ios)}, true
}
