package xnvme

/*
#include "xb.h"
*/
import "C"

// EngineOptions are fio's engine-specific options, for the mechanisms that
// take them; the others ignore them. The zero value is fio's defaults.
type EngineOptions struct {
	// FixedBufs registers the buffers with the ring (io_uring,
	// io_uring_cmd: fixedbufs).
	FixedBufs bool
	// RegisterFiles registers the files with the ring (registerfiles).
	RegisterFiles bool
	// SQPoll has a kernel thread poll the submission queue
	// (sqthread_poll), bound to SQPollCPU when SQPollCPUSet. It implies
	// RegisterFiles, as in fio.
	SQPoll       bool
	SQPollCPU    int
	SQPollCPUSet bool
	// HiPri polls for completions: IORING_SETUP_IOPOLL for io_uring and
	// io_uring_cmd, RWF_HIPRI on HiPriPercent percent of pvsync2's IOs (0
	// means all).
	HiPri        bool
	HiPriPercent int
	// Vectored makes io_uring's reads and writes READV/WRITEV and
	// io_uring_cmd's vectored commands (nonvectored=0); NonVectored makes
	// them READ/WRITE without asking the kernel first (nonvectored=1).
	// Neither: READ/WRITE when the kernel has them, as fio's default.
	Vectored    bool
	NonVectored bool
	// ForceAsync sets IOSQE_ASYNC on every ForceAsync-th request.
	ForceAsync int
	// NoWait sets RWF_NOWAIT on reads and writes (io_uring, libaio,
	// pvsync2); Uncached sets RWF_DONTCACHE on buffered ones (io_uring,
	// pvsync2). A queue whose files refuse them fails to set up with
	// EOPNOTSUPP.
	NoWait   bool
	Uncached bool
	// UserspaceReap reaps libaio's completions from the AIO ring when a
	// reap waits for none.
	UserspaceReap bool
}

// cOptions converts o to the C struct of xb_queue_opts.
func (o EngineOptions) cOptions() C.struct_xb_engine_opts {
	var flags C.uint32_t
	for _, f := range []struct {
		on   bool
		flag C.uint32_t
	}{
		{o.FixedBufs, C.XB_ENG_FIXEDBUFS}, {o.RegisterFiles, C.XB_ENG_REGFILES}, {o.SQPoll, C.XB_ENG_SQPOLL},
		{o.HiPri, C.XB_ENG_HIPRI}, {o.Vectored, C.XB_ENG_VECTORED}, {o.NonVectored, C.XB_ENG_NONVECTORED},
		{o.NoWait, C.XB_ENG_NOWAIT}, {o.Uncached, C.XB_ENG_UNCACHED}, {o.UserspaceReap, C.XB_ENG_USERSPACE_REAP},
	} {
		if f.on {
			flags |= f.flag
		}
	}
	cpu := C.int32_t(-1)
	if o.SQPollCPUSet {
		cpu = C.int32_t(o.SQPollCPU)
	}
	return C.struct_xb_engine_opts{
		flags:       flags,
		sqpoll_cpu:  cpu,
		force_async: C.uint32_t(max(o.ForceAsync, 0)),
		hipri_pct:   C.uint32_t(max(o.HiPriPercent, 0)),
	}
}
