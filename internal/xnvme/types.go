package xnvme

/*
#include "xb.h"
*/
import "C"

// Opcode is the operation of a submission.
type Opcode uint8

// The operations. A trim discards its range (a punched hole in a file,
// BLKDISCARD on a block device); the syncs flush the whole file, ignore
// Offset and Nbytes and complete with Res 0.
const (
	OpRead      Opcode = C.XB_OP_READ
	OpWrite     Opcode = C.XB_OP_WRITE
	OpTrim      Opcode = C.XB_OP_TRIM
	OpFsync     Opcode = C.XB_OP_FSYNC
	OpFdatasync Opcode = C.XB_OP_FDATASYNC
)

// SQE is one IO to submit. It mirrors struct xb_sqe in xb.h byte for byte.
type SQE struct {
	// Offset is the byte offset on the device.
	Offset uint64
	// Nbytes is the transfer length.
	Nbytes uint32
	// Slot names the IO's buffer, below the queue depth, and comes back in
	// the completion. A slot is in flight at most once.
	Slot   uint32
	Opcode Opcode
	_      uint8
	// File indexes the devices the queue was created on.
	File uint16
	// BufOff is where the transfer starts in the slot's buffer: past the
	// part of a short IO that was done, when the rest is submitted again.
	BufOff uint32
}

// CQE is one completed IO. It mirrors struct xb_cqe in xb.h. Timestamps are
// CLOCK_MONOTONIC nanoseconds taken at batch edges.
type CQE struct {
	// Res is the number of bytes transferred, or -errno.
	Res int32
	// Slot is the slot of the submission.
	Slot uint32
	// TSubmit is when the submit call that carried the IO began.
	TSubmit uint64
	// TIssued is when that submit call returned; it equals TSubmit for
	// synchronous mechanisms.
	TIssued uint64
	// TDone is when the reap that found the completion returned: the
	// Cycle's Reaped, or in a serial run the end of the IO's own call.
	TDone uint64
}

// Sizes of the C structs, for the layout test.
const (
	sizeofSQE   = C.sizeof_struct_xb_sqe
	sizeofCQE   = C.sizeof_struct_xb_cqe
	sizeofCycle = C.sizeof_struct_xb_cycle
)
