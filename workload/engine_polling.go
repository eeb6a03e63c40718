package workload

// This file holds the polling options several fio engines share (io_uring,
// io_uring_cmd, xnvme). Only xnvme implements them so far; an engine that
// comes to implement them adds its name to forEngines and reads the same
// Job fields.

// pollingOptions are fio's hipri and sqthread_poll.
var pollingOptions = []*optionDef{
	flagOpt("hipri", "Use polled IO completions", func(j *Job, v bool) { j.HiPri = v }).forEngines("xnvme"),
	flagOpt("sqthread_poll", "Offload submission/completion to kernel thread",
		func(j *Job, v bool) { j.SQThreadPoll = v }).forEngines("xnvme"),
}
