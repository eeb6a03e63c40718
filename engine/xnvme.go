package engine

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"syscall"

	"github.com/xbench/xbench/internal/sysx"
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
		NSID: x.DevNSID, Write: j.RW.Writes(), Direct: j.Direct,
		PollIO: j.HiPri, PollSQ: j.SQThreadPoll, IOVec: x.IOVec,
	}
}

// resolveURI opens a clone's URI through libxnvme to learn its size and
// block size, checks the job against them and, for the first clone, notes
// what the library chose. The queue opens the device again on the clone's
// thread, with the same options.
func resolveURI(j *workload.Job, clone int, lib *xnvme.Library, notes io.Writer) (target, *xnvme.LibDevice, error) {
	uri := j.Filename
	if uri == "" {
		return target{}, nil, fmt.Errorf(`job %s: ioengine=xnvme needs filename=, an xNVMe device URI: /dev/nvme0n1, /dev/ng0n1, a PCI address written 0000\:01\:00.0, or 2GB for the ramdisk`, j.Name)
	}
	if j.RW.Writes() {
		if err := refuseMounted(j, uri); err != nil {
			return target{}, nil, err
		}
	}
	d, err := lib.Open(uri, libOptions(j))
	if err != nil {
		return target{}, nil, xnvmeOpenError(j, err)
	}
	g := d.Geometry
	t := target{path: uri, size: j.Size, uri: true}
	if t.size == 0 {
		t.size = g.TBytes
	}
	switch {
	case g.LBANBytes == 0 || g.TBytes == 0:
		return t, nil, fmt.Errorf("job %s: libxnvme reports %s as empty (lba_nbytes=%d, tbytes=%d)", j.Name, uri, g.LBANBytes, g.TBytes)
	case j.BlockSize%uint64(g.LBANBytes) != 0:
		return t, nil, fmt.Errorf("job %s: bs=%d is not a multiple of %s's block size %d: xNVMe commands carry whole blocks", j.Name, j.BlockSize, uri, g.LBANBytes)
	case j.BlockSize/uint64(g.LBANBytes) > 65536:
		return t, nil, fmt.Errorf("job %s: bs=%d is more than 65536 blocks of %d bytes, the most one NVMe command carries", j.Name, j.BlockSize, g.LBANBytes)
	case g.MDTSNBytes != 0 && j.BlockSize > uint64(g.MDTSNBytes):
		return t, nil, fmt.Errorf("job %s: bs=%d is more than %s's maximum data transfer (mdts) of %d bytes", j.Name, j.BlockSize, uri, g.MDTSNBytes)
	case t.size > g.TBytes:
		return t, nil, fmt.Errorf("job %s: size=%d is larger than %s (%d bytes)", j.Name, t.size, uri, g.TBytes)
	case j.IODepth > xnvmeMaxDepth:
		return t, nil, fmt.Errorf("job %s: iodepth=%d is deeper than an xNVMe queue (at most %d: its capacity is a power of two below 4096)", j.Name, j.IODepth, xnvmeMaxDepth)
	}
	if clone == 0 {
		noteChoices(j, lib, d, notes)
	}
	return t, &d, nil
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

// ngName matches an NVMe generic character device, /dev/ngXnY.
var ngName = regexp.MustCompile(`^ng(\d+)n(\d+)$`)

// refuseMounted refuses a job that writes to a block device in use, or to
// the NVMe generic device of one.
func refuseMounted(j *workload.Job, uri string) error {
	path := uri
	if m := ngName.FindStringSubmatch(filepath.Base(uri)); m != nil && filepath.Dir(uri) == "/dev" {
		path = fmt.Sprintf("/dev/nvme%sn%s", m[1], m[2])
	}
	if _, err := os.Stat(path); err != nil {
		return nil // not a path: a PCI address, the ramdisk, a fabrics target
	}
	where, err := sysx.MountedAt(path)
	if err != nil {
		return fmt.Errorf("job %s: %w", j.Name, err)
	}
	if where != "" {
		return fmt.Errorf("job %s: refusing to write to %s: it is in use (mounted at %s)", j.Name, uri, where)
	}
	return nil
}

// xnvmeOpenError explains why libxnvme could not open a job's device.
func xnvmeOpenError(j *workload.Job, err error) error {
	switch {
	case errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM):
		return fmt.Errorf("job %s: %w: not permitted; NVMe devices usually need root", j.Name, err)
	case errors.Is(err, syscall.ENXIO) || errors.Is(err, syscall.ENODEV) || errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOENT):
		return fmt.Errorf("job %s: %w: no xNVMe backend opens it with these options; check filename and xnvme_be/xnvme_async/xnvme_sync/xnvme_admin (xbench info %s shows what libxnvme sees)", j.Name, err, j.Filename)
	}
	return fmt.Errorf("job %s: %w", j.Name, err)
}

// xnvmeQueueError explains a failure to set up an xnvme queue.
func xnvmeQueueError(j *workload.Job, err error) error {
	if errors.Is(err, syscall.EINVAL) && j.XNVMe.Async == "nil" && j.IODepth > 16 {
		return fmt.Errorf("job %s: %w: xnvme_async=nil takes iodepth up to 16 (its queue holds 29 commands and the capacity is a power of two)", j.Name, err)
	}
	if errors.Is(err, syscall.EINVAL) && (j.HiPri || j.SQThreadPoll) {
		return fmt.Errorf("job %s: %w: the backend refused hipri or sqthread_poll (io_uring IOPOLL needs direct=1 and a device with poll queues)", j.Name, err)
	}
	return fmt.Errorf("job %s: %w", j.Name, err)
}
