package xnvme

/*
#include <liburing.h>
#include "xb.h"
*/
import "C"

import (
	"fmt"
	"slices"
)

// IOUringFeatures are what the kernel's io_uring offers, probed by
// ProbeIOUring: the feature flags io_uring_setup(2) returns, the setup
// flags it accepts, and the operations IORING_REGISTER_PROBE lists.
type IOUringFeatures struct {
	// Features are the IORING_FEAT_* names the kernel reports.
	Features []string
	// Setup are the IORING_SETUP_* names of the flags probed that the
	// kernel accepts (SQPOLL, IOPOLL, SQE128|CQE32, COOP_TASKRUN,
	// SINGLE_ISSUER|DEFER_TASKRUN).
	Setup []string
	ops   [C.XB_URING_MAX_OPS]bool
}

// uringOp names an IORING_OP_* operation.
type uringOp struct {
	op   int
	name string
}

// uringOps are the operations xbench's mechanisms issue.
var uringOps = []uringOp{
	{C.IORING_OP_READ, "READ"}, {C.IORING_OP_WRITE, "WRITE"},
	{C.IORING_OP_READV, "READV"}, {C.IORING_OP_WRITEV, "WRITEV"},
	{C.IORING_OP_READ_FIXED, "READ_FIXED"}, {C.IORING_OP_WRITE_FIXED, "WRITE_FIXED"},
	{C.IORING_OP_FSYNC, "FSYNC"}, {C.IORING_OP_URING_CMD, "URING_CMD"},
}

// Supports reports whether the kernel supports the named operation, one
// of those xbench issues: READ, WRITE, READV, WRITEV, READ_FIXED,
// WRITE_FIXED, FSYNC, URING_CMD.
func (f *IOUringFeatures) Supports(name string) bool {
	i := slices.IndexFunc(uringOps, func(o uringOp) bool { return o.name == name })
	return i >= 0 && f.ops[uringOps[i].op]
}

// Ops lists the operations xbench issues that the kernel supports.
func (f *IOUringFeatures) Ops() []string {
	var names []string
	for _, o := range uringOps {
		if f.ops[o.op] {
			names = append(names, o.name)
		}
	}
	return names
}

// HasSetup reports whether the kernel accepted the named setup flags.
func (f *IOUringFeatures) HasSetup(name string) bool { return slices.Contains(f.Setup, name) }

// featureNames name the IORING_FEAT_* bits, in bit order; later bits
// show as "bit N".
var featureNames = []string{
	"SINGLE_MMAP", "NODROP", "SUBMIT_STABLE", "RW_CUR_POS", "CUR_PERSONALITY", "FAST_POLL",
	"POLL_32BITS", "SQPOLL_NONFIXED", "EXT_ARG", "NATIVE_WORKERS", "RSRC_TAGS", "CQE_SKIP",
	"LINKED_FILE", "REG_REG_RING",
}

// setupNames name the setup flags the probe tries.
var setupNames = []struct {
	flag C.uint32_t
	name string
}{
	{C.IORING_SETUP_SQPOLL, "SQPOLL"},
	{C.IORING_SETUP_IOPOLL, "IOPOLL"},
	{C.IORING_SETUP_SQE128 | C.IORING_SETUP_CQE32, "SQE128|CQE32"},
	{C.IORING_SETUP_COOP_TASKRUN, "COOP_TASKRUN"},
	{C.IORING_SETUP_SINGLE_ISSUER | C.IORING_SETUP_DEFER_TASKRUN, "SINGLE_ISSUER|DEFER_TASKRUN"},
}

// ProbeLibAIO sets up and destroys a one-entry Linux AIO context, to learn
// whether libaio can run here (the kernel may lack AIO, or the system-wide
// limit /proc/sys/fs/aio-max-nr be exhausted).
func ProbeLibAIO() error {
	if err := errno(int(C.xb_aio_probe())); err != nil {
		return fmt.Errorf("setting up a Linux AIO context: %w", err)
	}
	return nil
}

// ProbeIOUring asks the kernel what io_uring offers: it sets up a few small
// rings, one per setup flag probed, and reads IORING_REGISTER_PROBE. It
// fails when io_uring is unavailable (ENOSYS, or EPERM when disabled).
func ProbeIOUring() (IOUringFeatures, error) {
	var cf C.struct_xb_uring_features
	if err := errno(int(C.xb_uring_probe(&cf))); err != nil {
		return IOUringFeatures{}, fmt.Errorf("probing io_uring: %w", err)
	}
	var f IOUringFeatures
	for bit := range 32 {
		if cf.features&(1<<bit) == 0 {
			continue
		}
		name := fmt.Sprintf("bit %d", bit)
		if bit < len(featureNames) {
			name = featureNames[bit]
		}
		f.Features = append(f.Features, name)
	}
	for _, s := range setupNames {
		if cf.setup&s.flag == s.flag {
			f.Setup = append(f.Setup, s.name)
		}
	}
	for i := range f.ops {
		f.ops[i] = cf.ops[i] != 0
	}
	return f, nil
}
