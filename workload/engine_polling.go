package workload

import "math"

// This file holds the polling options that several fio engines share, with
// fio's meanings: hipri (io_uring and io_uring_cmd: IOPOLL; pvsync2:
// RWF_HIPRI; xnvme: libxnvme's poll_io), hipri_percentage (pvsync2),
// sqthread_poll (SQPOLL) and sqthread_poll_cpu, kept on Job.Poll.

// Polling are the polling options of a job.
type Polling struct {
	// HiPri is hipri: completions are polled for (io_uring's IOPOLL,
	// RWF_HIPRI for pvsync2) rather than signalled by an interrupt.
	HiPri bool
	// HiPriPercent is hipri_percentage (pvsync2): the share of IOs, in
	// percent, that carry RWF_HIPRI when HiPri is set. fio's default is
	// 100.
	HiPriPercent int
	// SQThread is sqthread_poll: a kernel thread polls the submission
	// queue, so that submitting needs no system call.
	SQThread bool
	// SQThreadCPU is sqthread_poll_cpu, the CPU that thread is bound to,
	// when SQThreadCPUSet.
	SQThreadCPU    int
	SQThreadCPUSet bool
}

// hipriEngines and sqpollEngines are the engines of hipri and
// sqthread_poll, as in fio.
var (
	hipriEngines  = []string{"io_uring", "io_uring_cmd", "pvsync2", "xnvme"}
	sqpollEngines = []string{"io_uring", "io_uring_cmd", "xnvme"}
)

// pollingOptions are fio's hipri, hipri_percentage, sqthread_poll and
// sqthread_poll_cpu.
var pollingOptions = []*optionDef{
	flagOpt("hipri", "Use polled IO completions (io_uring, io_uring_cmd: IOPOLL, which needs direct=1 and a device with poll queues; pvsync2: RWF_HIPRI)",
		func(j *Job, v bool) { j.Poll.HiPri = v }).forEngines(hipriEngines...),
	intOpt("hipri_percentage", "100", "Probabilistically set RWF_HIPRI for pwritev2/preadv2: the percentage of IOs that poll",
		0, 100, func(j *Job, v int) { j.Poll.HiPriPercent = v }).forEngines("pvsync2"),
	flagOpt("sqthread_poll", "Offload submission/completion to kernel thread (SQPOLL; implies registerfiles, as in fio)",
		func(j *Job, v bool) { j.Poll.SQThread = v }).forEngines(sqpollEngines...),
	intOpt("sqthread_poll_cpu", "", "What CPU to run SQ thread polling on (with sqthread_poll)",
		0, math.MaxInt32, func(j *Job, v int) { j.Poll.SQThreadCPU, j.Poll.SQThreadCPUSet = v, true }).forEngines("io_uring", "io_uring_cmd"),
}
