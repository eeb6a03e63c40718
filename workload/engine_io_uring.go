package workload

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// This file holds the options of fio's io_uring and io_uring_cmd engines
// (fio's engines/io_uring.c) that are theirs alone, kept on Job.IOUring.
// The polling options they share with other engines are in
// engine_polling.go, nowait and uncached in engine_rwflags.go.

// IOUringOptions are the options of the io_uring and io_uring_cmd engines.
type IOUringOptions struct {
	// FixedBufs is fixedbufs: the buffers are registered with the ring
	// and IO uses READ_FIXED/WRITE_FIXED (io_uring_cmd: fixed-buffer
	// commands).
	FixedBufs bool
	// RegisterFiles is registerfiles: the files are registered with the
	// ring and IOs name their slot (IOSQE_FIXED_FILE).
	RegisterFiles bool
	// NonVectored is nonvectored: 1 issues READ/WRITE, 0 READV/WRITEV
	// with one iovec; -1, fio's default, uses READ/WRITE when the kernel
	// has them (IORING_REGISTER_PROBE), as fio does.
	NonVectored int
	// ForceAsync is force_async: every Nth request carries IOSQE_ASYNC,
	// so the kernel punts it to a worker; 0 never.
	ForceAsync int
	// CmdType is cmd_type (io_uring_cmd): the passthrough command set,
	// "nvme".
	CmdType string
}

// uringEngines are the engines of the options in this file.
var uringEngines = []string{"io_uring", "io_uring_cmd"}

// ioUringOptions are fio's io_uring and io_uring_cmd options.
var ioUringOptions = []*optionDef{
	flagOpt("fixedbufs", "Pre map IO buffers (registered buffers: READ_FIXED/WRITE_FIXED)",
		func(j *Job, v bool) { j.IOUring.FixedBufs = v }).forEngines(uringEngines...),
	flagOpt("registerfiles", "Pre-open/register files (IOSQE_FIXED_FILE)",
		func(j *Job, v bool) { j.IOUring.RegisterFiles = v }).forEngines(uringEngines...),
	nonVectoredOption(),
	intOpt("force_async", "0", "Set IOSQE_ASYNC every N requests",
		0, math.MaxInt32, func(j *Job, v int) { j.IOUring.ForceAsync = v }).forEngines(uringEngines...),
	enumOpt("cmd_type", "nvme", "Specify uring-cmd type (nvme: NVMe read/write commands on /dev/ngXnY)",
		choices("nvme"), nil, func(j *Job, v string) { j.IOUring.CmdType = v }).forEngines("io_uring_cmd"),
}

// nonVectoredOption is fio's nonvectored, an integer whose default -1
// means "probe the kernel": fio reads any non-zero value as on.
func nonVectoredOption() *optionDef {
	return &optionDef{
		info: OptionInfo{Name: "nonvectored", Type: "int", Default: "-1", Range: "min=-1",
			Help:    "Use non-vectored read/write commands (READ/WRITE rather than READV/WRITEV); -1 uses them when the kernel has them",
			Engines: uringEngines},
		parse: func(j *Job, v string) error {
			n, err := strconv.Atoi(strings.TrimLeft(v, cSpace))
			if err != nil || n < -1 {
				return errors.New("want -1 (probe the kernel), 0 or 1")
			}
			j.IOUring.NonVectored = min(n, 1)
			return nil
		},
	}
}
