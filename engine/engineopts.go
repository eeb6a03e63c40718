package engine

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/xbench/xbench/internal/diskstat"
	"github.com/xbench/xbench/internal/sysx"
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/workload"
)

// This file maps a job's engine options (hipri, sqthread_poll, fixedbufs,
// nowait...) onto its queues, and checks before the run what the kernel
// would otherwise refuse IO by IO, or silently ignore: polling on a device
// that cannot poll, an SQ thread on a CPU that does not exist.

// engineOptions are the engine options of a job's queues.
func engineOptions(j *workload.Job) xnvme.EngineOptions {
	o := xnvme.EngineOptions{
		FixedBufs:     j.IOUring.FixedBufs,
		RegisterFiles: j.IOUring.RegisterFiles,
		SQPoll:        j.Poll.SQThread,
		SQPollCPU:     j.Poll.SQThreadCPU,
		SQPollCPUSet:  j.Poll.SQThreadCPUSet,
		HiPri:         j.Poll.HiPri,
		HiPriPercent:  j.Poll.HiPriPercent,
		Vectored:      j.IOUring.NonVectored == 0,
		NonVectored:   j.IOUring.NonVectored == 1,
		ForceAsync:    j.IOUring.ForceAsync,
		NoWait:        j.RWFlags.NoWait,
		Uncached:      j.RWFlags.Uncached,
		UserspaceReap: j.LibAIO.UserspaceReap,
	}
	if j.Poll.HiPri && j.Poll.HiPriPercent == 0 && j.IOEngine == "pvsync2" {
		o.HiPri = false // hipri_percentage=0: no IO polls
	}
	return o
}

// checkEngineOptions checks a job's engine options against its files
// (paths, not yet laid out) and this machine, once per job, and notes
// what fio would silently ignore.
func checkEngineOptions(j *workload.Job, paths []string, notes io.Writer) error {
	if j.Poll.SQThreadCPUSet {
		if !j.Poll.SQThread {
			fmt.Fprintf(notes, "note: job %s: sqthread_poll_cpu has no effect without sqthread_poll\n", j.Name)
		} else if n, err := sysx.CPUsConfigured(); err == nil && j.Poll.SQThreadCPU >= n {
			return fmt.Errorf("job %s: sqthread_poll_cpu=%d: this machine has CPUs 0 to %d", j.Name, j.Poll.SQThreadCPU, n-1)
		}
	}
	if j.RWFlags.Uncached && j.Direct {
		fmt.Fprintf(notes, "note: job %s: uncached applies to buffered IO; with direct=1 it has no effect, as in fio\n", j.Name)
	}
	if j.Poll.HiPri && j.IOEngine != "xnvme" && (j.IOEngine != "pvsync2" || j.Poll.HiPriPercent > 0) {
		return checkPolling(j, paths, "/sys")
	}
	return nil
}

// checkPolling refuses hipri where it cannot poll: without direct=1 (the
// kernel polls only for direct IO: io_uring fails every IO with
// EOPNOTSUPP, preadv2 ignores RWF_HIPRI), and on a device without poll
// queues, where the kernel would complete the IO by interrupt and report
// it as polled, or keep polling for completions that never come that way.
func checkPolling(j *workload.Job, paths []string, sysRoot string) error {
	if !j.Direct && j.IOEngine != "io_uring_cmd" {
		return fmt.Errorf("job %s: hipri polls for direct IO only; set direct=1", j.Name)
	}
	for _, p := range paths {
		disk, where := pollDisk(sysRoot, p)
		if disk == "" {
			return fmt.Errorf("job %s: hipri: %s is not on a block device that can poll (%s); drop hipri", j.Name, p, where)
		}
		attr := filepath.Join(sysRoot, "block", disk, "queue", "io_poll")
		b, err := os.ReadFile(attr)
		if err != nil {
			return fmt.Errorf("job %s: hipri: cannot tell whether %s polls: %w", j.Name, disk, err)
		}
		if strings.TrimSpace(string(b)) != "1" {
			return fmt.Errorf("job %s: hipri: %s has no poll queues (%s is %s), so its IO cannot complete by polling; drop hipri, or give the driver poll queues (NVMe: the nvme module's poll_queues=N)",
				j.Name, diskOf(p, disk), attr, strings.TrimSpace(string(b)))
		}
	}
	return nil
}

// pollDisk names the disk under /sys/block whose queue serves path: an
// NVMe generic device's namespace, a block device's disk, or the disk of
// the filesystem holding a file. With none, it says why.
func pollDisk(sysRoot, path string) (disk, why string) {
	if m := ngName.FindStringSubmatch(filepath.Base(path)); m != nil {
		return fmt.Sprintf("nvme%sn%s", m[1], m[2]), ""
	}
	if d := diskstat.Device(sysRoot, path); d != "" {
		return d, ""
	}
	if _, err := os.Stat(path); err != nil {
		// Not laid out yet: its directory's filesystem decides.
		if d := diskstat.Device(sysRoot, filepath.Dir(path)); d != "" {
			return d, ""
		}
	}
	return "", "its filesystem has no block device, as tmpfs"
}

// diskOf names a path's disk for a message: the path itself when it is
// the disk's node.
func diskOf(path, disk string) string {
	if filepath.Base(path) == disk {
		return path
	}
	return fmt.Sprintf("%s (on %s)", path, disk)
}
