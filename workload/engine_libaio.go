package workload

// This file holds the options of fio's libaio engine (engines/libaio.c)
// that are its alone, kept on Job.LibAIO; nowait is in engine_rwflags.go.

// LibAIOOptions are the options of the libaio engine.
type LibAIOOptions struct {
	// UserspaceReap is userspace_reap: a reap that waits for no
	// completion reads the AIO ring from user space instead of calling
	// io_getevents(2).
	UserspaceReap bool
}

// libaioOptions are fio's libaio options.
var libaioOptions = []*optionDef{
	flagOpt("userspace_reap", "Use alternative user-space reap implementation (read the AIO ring directly when not waiting)",
		func(j *Job, v bool) { j.LibAIO.UserspaceReap = v }).forEngines("libaio"),
}
