package engine

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/xbench/xbench/workload"
)

// openError explains a failure to open a job's file or device, naming the
// option to change where there is one.
func openError(j *workload.Job, err error) error {
	if j.Direct && errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("job %s: %w: the filesystem does not support O_DIRECT (direct=1); set direct=0 or use a file on a disk filesystem", j.Name, err)
	}
	return fmt.Errorf("job %s: %w", j.Name, err)
}

// queueError explains a failure to set up a job's queue.
func queueError(j *workload.Job, err error) error {
	switch {
	case j.IOEngine == "io_uring" && (errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.ENOSYS)):
		return fmt.Errorf("job %s: %w: io_uring is disabled or unsupported here (see /proc/sys/kernel/io_uring_disabled); set ioengine=libaio or ioengine=psync", j.Name, err)
	case j.IOEngine == "io_uring" && errors.Is(err, syscall.ENOMEM):
		return fmt.Errorf("job %s: %w: the ring does not fit the locked-memory limit (ulimit -l); lower iodepth or raise the limit", j.Name, err)
	case j.IOEngine == "xnvme":
		return xnvmeQueueError(j, err)
	case j.IOEngine == "libaio" && errors.Is(err, syscall.EAGAIN):
		return fmt.Errorf("job %s: %w: the system-wide AIO limit (/proc/sys/fs/aio-max-nr) is exhausted; lower iodepth or raise the limit", j.Name, err)
	}
	return fmt.Errorf("job %s: %w", j.Name, err)
}

// asErrno finds the errno inside err.
func asErrno(err error) (syscall.Errno, bool) {
	var errno syscall.Errno
	ok := errors.As(err, &errno)
	return errno, ok
}
