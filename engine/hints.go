package engine

import (
	"errors"
	"fmt"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/xbench/xbench/workload"
)

// openError explains a failure to open a job's file or device, naming the
// option to change where there is one.
func openError(j *workload.Job, err error) error {
	switch {
	case j.Direct && errors.Is(err, syscall.EINVAL):
		return fmt.Errorf("job %s: %w: the filesystem does not support O_DIRECT (direct=1); set direct=0 or use a file on a disk filesystem", j.Name, err)
	case errors.Is(err, syscall.EMFILE):
		var lim unix.Rlimit
		unix.Getrlimit(unix.RLIMIT_NOFILE, &lim)
		return fmt.Errorf("job %s: %w: its %d clones open %d files each, past the limit of open files (RLIMIT_NOFILE, ulimit -n) of %d; raise it or lower nrfiles or numjobs",
			j.Name, err, max(j.NumJobs, 1), max(j.Files.NrFiles, len(j.Files.Used()), 1), lim.Cur)
	case errors.Is(err, syscall.ENFILE):
		return fmt.Errorf("job %s: %w: the system-wide limit of open files (/proc/sys/fs/file-max) is reached; raise it or lower nrfiles or numjobs", j.Name, err)
	}
	return fmt.Errorf("job %s: %w", j.Name, err)
}

// maxRingEntries is the most entries an io_uring ring takes
// (IORING_MAX_ENTRIES).
const maxRingEntries = 32768

// memlockLimit describes the locked-memory limit, for messages.
func memlockLimit() string {
	var lim unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_MEMLOCK, &lim) != nil || lim.Cur == unix.RLIM_INFINITY {
		return "RLIMIT_MEMLOCK, ulimit -l"
	}
	return fmt.Sprintf("RLIMIT_MEMLOCK, ulimit -l: %d KiB", lim.Cur>>10)
}

// memlockError explains a registration of n bytes of buffers refused for
// the locked-memory limit: io_uring's registered buffers (fixedbufs, which
// pin every slot's buffer) when the ring's setup fails with ENOMEM.
func memlockError(j *workload.Job, n uint64, err error) error {
	return fmt.Errorf("job %s: %w: registering %d KiB of buffers (fixedbufs: iodepth x bs) needs more locked memory than the limit (%s); raise it, or lower iodepth or bs, or drop fixedbufs",
		j.Name, err, n>>10, memlockLimit())
}

// queueError explains a failure to set up a job's queue.
func queueError(j *workload.Job, err error) error {
	uring := j.IOEngine == "io_uring" || j.IOEngine == "io_uring_cmd"
	switch {
	case errors.Is(err, syscall.EOPNOTSUPP) && (j.RWFlags.Uncached || j.RWFlags.NoWait):
		return fmt.Errorf("job %s: %w: the kernel or the filesystem refuses %s (uncached needs RWF_DONTCACHE, Linux 6.14+, on a filesystem that has it; nowait needs one that supports RWF_NOWAIT); drop the option", j.Name, err, flagNames(j))
	case j.IOEngine == "io_uring_cmd" && errors.Is(err, syscall.EOPNOTSUPP):
		return fmt.Errorf("job %s: %w: the namespace interleaves metadata with its data (extended LBA), which io_uring_cmd does not carry", j.Name, err)
	case j.IOEngine == "io_uring_cmd" && errors.Is(err, syscall.EINVAL):
		return fmt.Errorf("job %s: %w: the kernel refused the passthrough ring (IORING_OP_URING_CMD with 128-byte entries needs Linux 5.19+; xbench --enghelp=io_uring_cmd shows what it has)", j.Name, err)
	case uring && errors.Is(err, syscall.EINVAL) && j.Poll.SQThreadCPUSet:
		return fmt.Errorf("job %s: %w: the kernel refused the ring; check sqthread_poll_cpu=%d is an online CPU", j.Name, err, j.Poll.SQThreadCPU)
	case uring && errors.Is(err, syscall.ENOMEM) && j.IOUring.FixedBufs:
		return memlockError(j, uint64(j.IODepth)*bufferSize(j), err)
	case uring && (errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.ENOSYS)):
		return fmt.Errorf("job %s: %w: io_uring is disabled or unsupported here (see /proc/sys/kernel/io_uring_disabled); set ioengine=libaio or ioengine=psync", j.Name, err)
	case uring && errors.Is(err, syscall.ENOMEM):
		return fmt.Errorf("job %s: %w: the ring does not fit the locked-memory limit (%s); lower iodepth or raise the limit", j.Name, err, memlockLimit())
	case uring && errors.Is(err, syscall.EINVAL) && j.IODepth > maxRingEntries:
		return fmt.Errorf("job %s: %w: iodepth=%d is more than an io_uring ring takes (%d, IORING_MAX_ENTRIES); lower iodepth", j.Name, err, j.IODepth, maxRingEntries)
	case j.IOEngine == "xnvme":
		return xnvmeQueueError(j, err)
	case j.IOEngine == "libaio" && errors.Is(err, syscall.EAGAIN):
		return fmt.Errorf("job %s: %w: the system-wide AIO limit (/proc/sys/fs/aio-max-nr) is exhausted; lower iodepth or raise the limit", j.Name, err)
	}
	return fmt.Errorf("job %s: %w", j.Name, err)
}

// flagNames names the per-IO flag options a job sets.
func flagNames(j *workload.Job) string {
	switch {
	case j.RWFlags.Uncached && j.RWFlags.NoWait:
		return "uncached and nowait"
	case j.RWFlags.Uncached:
		return "uncached"
	}
	return "nowait"
}

// asErrno finds the errno inside err.
func asErrno(err error) (syscall.Errno, bool) {
	var errno syscall.Errno
	ok := errors.As(err, &errno)
	return errno, ok
}
