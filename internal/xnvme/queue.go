package xnvme

/*
#include <stdlib.h>
#include "xb.h"
#include "xb_xnvme.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// QueueOptions configure a queue.
type QueueOptions struct {
	// Mechanism names the mechanism: one of Mechanisms().
	Mechanism string
	// Depth is the most IOs in flight, and the number of buffer slots.
	Depth int
	// BufferSize is the size of each slot's buffer in bytes.
	BufferSize int
	// BufferAlign is the buffers' alignment, a power of two; 0 means 4096,
	// which satisfies O_DIRECT on every Linux device. The xnvme mechanism
	// takes its buffers from xnvme_buf_alloc, which aligns them for the
	// device.
	BufferAlign int
	// Fill fills the buffers with pseudo-random bytes, so that writes do
	// not write zeros.
	Fill bool

	// URI is the device of a mechanism that opens its own (Caps.URI, the
	// xnvme mechanism): an xNVMe URI such as /dev/nvme0n1, 0000:01:00.0
	// or 2GB for the ramdisk.
	URI string
	// Library is the libxnvme the xnvme mechanism drives, and Lib its
	// options for opening URI.
	Library *Library
	Lib     LibOptions
	// SubmitMax caps the entries one submit call carries (fio's
	// iodepth_batch_submit): a cycle submits in calls of at most this many,
	// each stamped on its own. 0 means Depth.
	SubmitMax int
	// ReapMax caps the completions one cycle reaps (fio's
	// iodepth_batch_complete_max). 0 means Depth.
	ReapMax int
	// Serial asks a queue of Depth 1 for this many buffer slots and
	// entries, for serial runs (Queue.Serial): it gets them when its
	// mechanism completes its IOs inside submit (Queue.Slots says).
	Serial int
	// Engine holds fio's engine-specific options, for the mechanisms
	// that take them.
	Engine EngineOptions
	// Fault is the faults of the xbench-fault test mechanism.
	Fault *FaultOptions
}

// Queue is one thread's IO context on a device. It is not safe for
// concurrent use: create it, drive it and close it on one OS thread, with
// the goroutine locked to it (runtime.LockOSThread). An io_uring queue is
// set up for a single issuer and fails with EEXIST when driven from
// another thread.
type Queue struct {
	c       *C.struct_xb_queue
	res     *C.struct_xb_cycle
	sq      []SQE
	cq      []CQE
	mech    string
	caps    uint32
	bufSize int
}

// LibDevice says what the device of an xnvme queue is and what libxnvme
// chose for it; ok is false for other mechanisms.
func (q *Queue) LibDevice() (d LibDevice, ok bool) {
	var info C.struct_xb_xnvme_info
	if C.xb_queue_xnvme_info(q.c, &info) < 0 {
		return LibDevice{}, false
	}
	return libDeviceOf(&info), true
}

// Cycle is what one Queue.Cycle call did.
type Cycle struct {
	// Submitted is how many entries were taken from the front of the
	// submission array.
	Submitted int
	// Completed is how many completions were written to the completion
	// array.
	Completed int
	// Reaped is when the reap returned (CLOCK_MONOTONIC nanoseconds): the
	// completion time of every IO of this cycle.
	Reaped uint64
}

// NewQueue creates a queue on devs, which a submission's File indexes, or
// with no device for a diskless mechanism such as null. Call it on the
// thread that will drive the queue; the devices must stay open until the
// queue is closed.
func NewQueue(devs []*Device, o QueueOptions) (*Queue, error) {
	if _, err := MechanismCaps(o.Mechanism); err != nil {
		return nil, err
	}
	if o.BufferAlign == 0 {
		o.BufferAlign = 4096
	}
	cmech := C.CString(o.Mechanism)
	defer C.free(unsafe.Pointer(cmech))
	opts := C.struct_xb_queue_opts{
		mech:       cmech,
		depth:      C.uint32_t(o.Depth),
		buf_nbytes: C.uint32_t(o.BufferSize),
		buf_align:  C.uint32_t(o.BufferAlign),
		submit_max: C.uint32_t(max(o.SubmitMax, 0)),
		reap_max:   C.uint32_t(max(o.ReapMax, 0)),
		serial:     C.uint32_t(max(o.Serial, 0)),
		eng:        o.Engine.cOptions(),
	}
	if o.Fill {
		opts.fill = 1
	}
	var cdevs **C.struct_xb_dev
	if len(devs) > 0 {
		// C memory, so that C may keep no Go pointer: it copies the
		// descriptors out during init.
		cdevs = (**C.struct_xb_dev)(C.calloc(C.size_t(len(devs)), C.size_t(unsafe.Sizeof(uintptr(0)))))
		defer C.free(unsafe.Pointer(cdevs))
		cs := unsafe.Slice(cdevs, len(devs))
		for i, d := range devs {
			if d == nil || d.c == nil {
				return nil, fmt.Errorf("setting up %s queue: device %d is not open", o.Mechanism, i)
			}
			cs[i] = d.c
		}
	}
	if o.URI != "" {
		curi := C.CString(o.URI)
		defer C.free(unsafe.Pointer(curi))
		opts.uri = curi
	}
	if o.Library != nil {
		co := o.Library.cOptions(o.Lib)
		defer co.free()
		opts.xnvme = co.c
	}
	if o.Fault != nil {
		cf := o.Fault.cOptions()
		defer cf.free()
		opts.fault = cf.c
	}
	var c *C.struct_xb_queue
	if err := errno(int(C.xb_queue_init(cdevs, C.uint32_t(len(devs)), &opts, &c))); err != nil {
		return nil, fmt.Errorf("setting up %s queue: %w", o.Mechanism, err)
	}
	slots := int(C.xb_queue_slots(c))
	return &Queue{
		c:       c,
		res:     C.xb_queue_result(c),
		sq:      unsafe.Slice((*SQE)(unsafe.Pointer(C.xb_queue_sq(c))), slots),
		cq:      unsafe.Slice((*CQE)(unsafe.Pointer(C.xb_queue_cq(c))), slots),
		mech:    o.Mechanism,
		caps:    uint32(C.xb_queue_caps(c)),
		bufSize: o.BufferSize,
	}, nil
}

// SQ is the submission array, Slots entries in C memory. Fill its front
// and pass the count to Cycle (at most Depth) or Serial.
func (q *Queue) SQ() []SQE { return q.sq }

// CQ is the completion array, Slots entries in C memory. After Cycle or
// Serial, its first Completed entries hold the completions.
func (q *Queue) CQ() []CQE { return q.cq }

// Slots is the number of buffer slots and of entries in SQ and CQ: the
// depth, or more on a queue that can run serially (QueueOptions.Serial).
func (q *Queue) Slots() int { return len(q.sq) }

// Serial performs the first nsq entries of SQ one after another, one IO in
// flight at a time, each in its own submit call with its own stamps: TSubmit
// (and TIssued) when its call began, TDone when it returned, which is also
// when the next IO's call begins. It is what a queue of depth 1 on a
// synchronous mechanism does IO by IO, without crossing back into Go
// between them. It stops after an IO that transferred other than Nbytes,
// and once an IO completes at or after until (a Now time); the entries not
// performed stay for the caller. Every IO performed is completed, and
// Reaped is the last one's TDone. Only a queue with more than one slot at
// depth 1 can run serially.
func (q *Queue) Serial(nsq int, until uint64) (Cycle, error) {
	return q.cycleResult(C.xb_queue_serial(q.c, C.uint32_t(nsq), C.uint64_t(until)))
}

// Sync reports whether the mechanism completes IOs inside submit, so that
// they have no separate submission latency.
func (q *Queue) Sync() bool { return q.caps&C.XB_CAP_SYNC != 0 }

// Mechanism names the queue's mechanism.
func (q *Queue) Mechanism() string { return q.mech }

// Cycle submits the first nsq entries of SQ, then reaps at least minCQ (but
// never more than are in flight) and at most Depth completions into CQ, in
// one call into C. Entries beyond
// Submitted were not taken and stay for the caller to pass again. After an
// error, the Cycle still says what was submitted.
func (q *Queue) Cycle(nsq, minCQ int) (Cycle, error) {
	return q.cycleResult(C.xb_queue_cycle(q.c, C.uint32_t(nsq), C.uint32_t(minCQ)))
}

// cycleResult is what a call into C that submitted and completed IOs did,
// from its return code and the queue's result struct.
func (q *Queue) cycleResult(rc C.int) (Cycle, error) {
	c := Cycle{
		Submitted: int(q.res.submitted),
		Completed: int(q.res.completed),
		Reaped:    uint64(q.res.t_reap),
	}
	if rc < 0 {
		return c, fmt.Errorf("%s: %w", q.mech, errno(int(rc)))
	}
	return c, nil
}

// Buffer returns slot's buffer. It aliases C memory that Close frees.
func (q *Queue) Buffer(slot int) []byte {
	p := C.xb_queue_buf(q.c, C.uint32_t(slot))
	if p == nil {
		return nil
	}
	return unsafe.Slice((*byte)(p), q.bufSize)
}

// Close releases the queue and its buffers.
func (q *Queue) Close() error {
	if q != nil && q.c != nil {
		C.xb_queue_term(q.c)
		q.c = nil
		q.sq, q.cq = nil, nil
	}
	return nil
}
