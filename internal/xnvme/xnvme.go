// Package xnvme is xbench's queue layer, the only package with cgo. It
// follows xNVMe's device and queue API: a Device is an open file or block
// device, a Queue is one thread's IO context on it, driven by one of the
// mechanisms written in C beside this file (null; sync, psync, pvsync,
// pvsync2; libaio; io_uring; io_uring_cmd for NVMe passthrough), or by the
// real xNVMe: the xnvme mechanism drives libxnvme, which is loaded at run
// time (Library) and opens its own device from a URI. ProbeIOUring and
// ProbeLibAIO say what the kernel offers.
//
// Go crosses into C once per batch: the caller fills the queue's submission
// array (C memory, viewed as a Go slice), calls Cycle, and reads the
// completions C wrote into the completion array. C never calls Go.
package xnvme

/*
#cgo CFLAGS: -O2 -Wall -std=gnu11
#cgo pkg-config: liburing
#cgo LDFLAGS: -laio
#include <stdlib.h>
#include "xb.h"
*/
import "C"

import (
	"fmt"
	"time"
	"unsafe"
)

// Mechanisms lists the names of the mechanisms compiled in.
func Mechanisms() []string {
	var names []string
	for p := C.xb_mech_names(); *p != nil; p = (**C.char)(unsafe.Add(unsafe.Pointer(p), unsafe.Sizeof(*p))) {
		names = append(names, C.GoString(*p))
	}
	return names
}

// Caps are the capabilities of a mechanism.
type Caps struct {
	// Sync mechanisms complete each IO inside submit: they have no
	// separate submission latency and run one IO at a time.
	Sync bool
	// Diskless mechanisms need no device.
	Diskless bool
	// URI mechanisms (xnvme) open their own device from
	// QueueOptions.URI, and take no Device.
	URI bool
}

// MechanismCaps returns the capabilities of the named mechanism.
func MechanismCaps(name string) (Caps, error) {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	rc := int(C.xb_mech_caps(cname))
	if rc < 0 {
		return Caps{}, fmt.Errorf("%w %q", ErrUnknownMechanism, name)
	}
	return Caps{Sync: rc&C.XB_CAP_SYNC != 0, Diskless: rc&C.XB_CAP_DISKLESS != 0, URI: rc&C.XB_CAP_URI != 0}, nil
}

// Now returns CLOCK_MONOTONIC in nanoseconds, the clock of every timestamp
// the queues record: read from the invariant TSC where the kernel keeps
// time with it, calibrated against CLOCK_MONOTONIC once per process (see
// ClockSource).
func Now() uint64 { return uint64(C.xb_now()) }

// Clock says which clock Now reads.
type Clock struct {
	// TSC is true when Now reads the CPU's time stamp counter (fio's
	// clocksource=cpu), false when it calls clock_gettime.
	TSC bool
	// TSCHz is the TSC's rate as calibrated, when TSC is true.
	TSCHz uint64
}

// String names the clock, as fio names its clock sources.
func (c Clock) String() string {
	if c.TSC {
		return fmt.Sprintf("cpu (invariant TSC at %.3f GHz, calibrated against CLOCK_MONOTONIC)", float64(c.TSCHz)/1e9)
	}
	return "clock_gettime (CLOCK_MONOTONIC)"
}

// ClockSource returns the clock of every timestamp.
func ClockSource() Clock {
	var ci C.struct_xb_clock_info
	C.xb_clock_info(&ci)
	return Clock{TSC: ci.tsc != 0, TSCHz: uint64(ci.tsc_hz)}
}

// Sleep sleeps for d with clock_nanosleep, finer than the Go scheduler's
// timers, for think times of microseconds. The calling thread blocks.
func Sleep(d time.Duration) {
	if d > 0 {
		C.xb_sleep(C.uint64_t(d))
	}
}
