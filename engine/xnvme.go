package engine

import (
	"errors"
	"fmt"
	"io"
	"syscall"

	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/workload"
)

// This file connects ioengine=xnvme: loading libxnvme for a run, resolving
// a job's URI through it, and the options its queues open the device with.

// xnvmeMaxDepth is the deepest xNVMe queue: its capacity is a power of two
// below 4096.
const xnvmeMaxDepth = 2048

// xnvmeLibrary returns lib, or loads libxnvme when one of the jobs needs it
// and lib is nil. A missing library is an error naming every place tried.
func xnvmeLibrary(jobs []*workload.Job, lib *xnvme.Library) (*xnvme.Library, error) {
	if lib != nil {
		return lib, nil
	}
	for _, j := range jobs {
		if j.IOEngine != "xnvme" {
			continue
		}
		r := xnvme.LoadDefault()
		if err := r.Err(); err != nil {
			return nil, fmt.Errorf("job %s: ioengine=xnvme: %w", j.Name, err)
		}
		return r.Library, nil
	}
	return nil, nil
}

// libOptions are the options a job's xnvme devices are opened with.
func libOptions(j *workload.Job) xnvme.LibOptions {
	x := j.XNVMe
	return xnvme.LibOptions{
		Backend: x.Backend, Async: x.Async, Sync: x.Sync, Admin: x.Admin, Mem: x.Mem,
		NSID: x.DevNSID, Write: j.RW.Modifies(), Direct: j.Direct,
		PollIO: j.Poll.HiPri, PollSQ: j.Poll.SQThread, IOVec: x.IOVec,
	}
}

// xnvmeURI is the device URI of an ioengine=xnvme job: its one filename.
func xnvmeURI(j *workload.Job) string {
	if used := j.Files.Used(); len(used) > 0 {
		return used[0]
	}
	return ""
}

// resolveURI opens a clone's URI through libxnvme to learn its size, checks
// the job's block sizes and depth against the device and, for the first
// clone, notes what the library chose. It returns the device as the one
// file of the clone's plan. The queue opens the device again on the
// clone's thread, with the same options.
func resolveURI(j *workload.Job, clone int, lib *xnvme.Library, notes io.Writer, force bool) ([]workload.FileInfo, *xnvme.LibDevice, error) {
	uri := xnvmeURI(j)
	switch {
	case uri == "":
		return nil, nil, fmt.Errorf(`job %s: ioengine=xnvme needs filename=, an xNVMe device URI: /dev/nvme0n1, /dev/ng0n1, a PCI address written 0000\:01\:00.0, or 2GB for the ramdisk`, j.Name)
	case len(j.Files.Used()) > 1 || j.Files.NrFiles > 1:
		return nil, nil, fmt.Errorf("job %s: ioengine=xnvme drives one device per job; give filename= one URI", j.Name)
	}
	if j.RW.Trims() {
		return nil, nil, fmt.Errorf("job %s: rw=%s: ioengine=xnvme reads and writes only; trims are not supported with it yet", j.Name, j.RW)
	}
	if j.Sync.Fsync != 0 || j.Sync.Fdatasync != 0 || j.Sync.EndFsync {
		return nil, nil, fmt.Errorf("job %s: fsync, fdatasync and end_fsync are not supported with ioengine=xnvme yet", j.Name)
	}
	if err := refuseMounted(j, uri, force); err != nil {
		return nil, nil, err
	}
	d, err := lib.Open(uri, libOptions(j))
	if err != nil {
		return nil, nil, xnvmeOpenError(j, err)
	}
	g := d.Geometry
	if g.LBANBytes == 0 || g.TBytes == 0 {
		return nil, nil, fmt.Errorf("job %s: libxnvme reports %s as empty (lba_nbytes=%d, tbytes=%d)", j.Name, uri, g.LBANBytes, g.TBytes)
	}
	for _, bs := range blockSizes(j) {
		switch {
		case bs%uint64(g.LBANBytes) != 0:
			return nil, nil, fmt.Errorf("job %s: bs=%d is not a multiple of %s's block size %d: xNVMe commands carry whole blocks", j.Name, bs, uri, g.LBANBytes)
		case bs/uint64(g.LBANBytes) > 65536:
			return nil, nil, fmt.Errorf("job %s: bs=%d is more than 65536 blocks of %d bytes, the most one NVMe command carries", j.Name, bs, g.LBANBytes)
		case g.MDTSNBytes != 0 && bs > uint64(g.MDTSNBytes):
			return nil, nil, fmt.Errorf("job %s: bs=%d is more than %s's maximum data transfer (mdts) of %d bytes", j.Name, bs, uri, g.MDTSNBytes)
		}
	}
	if j.IODepth > xnvmeMaxDepth {
		return nil, nil, fmt.Errorf("job %s: iodepth=%d is deeper than an xNVMe queue (at most %d: its capacity is a power of two below 4096)", j.Name, j.IODepth, xnvmeMaxDepth)
	}
	if clone == 0 {
		noteChoices(j, lib, d, notes)
	}
	return []workload.FileInfo{{Size: g.TBytes, Known: true}}, &d, nil
}

// noteChoices says what libxnvme chose for a job, and what in that the
// job's options did not ask for.
func noteChoices(j *workload.Job, lib *xnvme.Library, d xnvme.LibDevice, notes io.Writer) {
	fmt.Fprintf(notes, "%s: xnvme %s (libxnvme %s): be=%s async=%s sync=%s admin=%s mem=%s direct=%d\n",
		j.Name, d.URI, lib.Version(), d.Backend, d.Async, d.Sync, d.Admin, d.Mem, b2i(d.Direct))
	if j.Direct && !d.Direct {
		fmt.Fprintf(notes, "note: job %s: libxnvme opened %s without O_DIRECT (its Linux backend retries without it when the O_DIRECT open fails), so direct=1 does not hold\n", j.Name, d.URI)
	}
	if j.XNVMe.Async == "" && d.Async == "emu" && j.IODepth > 1 {
		fmt.Fprintf(notes, "note: job %s: xnvme_async is not set and libxnvme chose emu, which runs one command at a time; set xnvme_async=io_uring, libaio or thrpool for iodepth=%d\n", j.Name, j.IODepth)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// xnvmeOpenError explains why libxnvme could not open a job's device.
func xnvmeOpenError(j *workload.Job, err error) error {
	switch {
	case errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM):
		return fmt.Errorf("job %s: %w: not permitted; NVMe devices usually need root", j.Name, err)
	case errors.Is(err, syscall.ENXIO) || errors.Is(err, syscall.ENODEV) || errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOENT):
		return fmt.Errorf("job %s: %w: no xNVMe backend opens it with these options; check filename and xnvme_be/xnvme_async/xnvme_sync/xnvme_admin (xbench info %s shows what libxnvme sees)", j.Name, err, xnvmeURI(j))
	}
	return fmt.Errorf("job %s: %w", j.Name, err)
}

// xnvmeQueueError explains a failure to set up an xnvme queue.
func xnvmeQueueError(j *workload.Job, err error) error {
	if errors.Is(err, syscall.EINVAL) && j.XNVMe.Async == "nil" && j.IODepth > 16 {
		return fmt.Errorf("job %s: %w: xnvme_async=nil takes iodepth up to 16 (its queue holds 29 commands and the capacity is a power of two)", j.Name, err)
	}
	if errors.Is(err, syscall.EINVAL) && (j.Poll.HiPri || j.Poll.SQThread) {
		return fmt.Errorf("job %s: %w: the backend refused hipri or sqthread_poll (io_uring IOPOLL needs direct=1 and a device with poll queues)", j.Name, err)
	}
	return fmt.Errorf("job %s: %w", j.Name, err)
}
