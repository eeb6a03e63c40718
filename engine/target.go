package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/xbench/xbench/internal/sysx"
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/workload"
)

// target is what one clone does IO on, resolved before any thread starts.
type target struct {
	// path is the file or device; empty for a diskless engine.
	path string
	// size is the number of bytes the clone does IO over, from offset 0.
	size uint64
	// layout is set when the file must be created or extended first.
	layout bool
	// uri is set when path is an xNVMe URI that the queue opens itself.
	uri bool
}

// defaultFilename is fio's name for a job's file when filename is not set.
func defaultFilename(j *workload.Job, clone int) string {
	return fmt.Sprintf("%s.%d.0", j.Name, clone)
}

// resolveTarget finds a clone's file or device and the size of its IO
// region, and decides whether the file must be laid out. It never writes.
func resolveTarget(j *workload.Job, clone int, caps xnvme.Caps) (target, error) {
	if caps.Diskless {
		if j.Size == 0 {
			return target{}, fmt.Errorf("job %s: size= is required with ioengine=%s", j.Name, j.IOEngine)
		}
		return target{size: j.Size}, nil
	}
	t := target{path: j.Filename, size: j.Size}
	if t.path == "" {
		t.path = defaultFilename(j, clone)
	}
	fi, err := os.Stat(t.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if j.Size == 0 {
			return t, fmt.Errorf("job %s: %s does not exist and size= is not set", j.Name, t.path)
		}
		t.layout = true
		return t, nil
	case err != nil:
		return t, fmt.Errorf("job %s: %w", j.Name, err)
	}

	switch mode := fi.Mode(); {
	case mode.IsRegular():
		if j.Size == 0 {
			t.size = uint64(fi.Size())
		}
		t.layout = uint64(fi.Size()) < t.size
	case mode&fs.ModeDevice != 0 && mode&fs.ModeCharDevice == 0:
		if err := checkBlockDevice(j, &t); err != nil {
			return t, err
		}
	case mode&fs.ModeCharDevice != 0:
		return t, fmt.Errorf("job %s: %s is a character device; NVMe passthrough (ioengine=io_uring_cmd) is not supported yet", j.Name, t.path)
	default:
		return t, fmt.Errorf("job %s: %s is neither a regular file nor a block device", j.Name, t.path)
	}
	if t.size == 0 {
		return t, fmt.Errorf("job %s: %s is empty and size= is not set", j.Name, t.path)
	}
	return t, nil
}

// checkBlockDevice sizes a block device and refuses to write to one that
// holds a mounted filesystem or swap.
func checkBlockDevice(j *workload.Job, t *target) error {
	if j.RW.Writes() {
		where, err := sysx.MountedAt(t.path)
		if err != nil {
			return fmt.Errorf("job %s: %w", j.Name, err)
		}
		if where != "" {
			return fmt.Errorf("job %s: refusing to write to %s: it is in use (mounted at %s)", j.Name, t.path, where)
		}
	}
	dev, err := xnvme.Open(t.path, xnvme.OpenOptions{})
	if err != nil {
		return fmt.Errorf("job %s: %w", j.Name, err)
	}
	devSize := dev.Geometry().Size
	dev.Close()
	if t.size == 0 {
		t.size = devSize
	}
	if t.size > devSize {
		return fmt.Errorf("job %s: size=%d is larger than %s (%d bytes)", j.Name, t.size, t.path, devSize)
	}
	return nil
}

// layOut creates or extends a clone's file to its size, as fio does before
// a job starts: a job that reads gets the file written with data, so that
// it reads real blocks; a job that only writes gets it allocated.
func layOut(j *workload.Job, t target, notes io.Writer) error {
	fmt.Fprintf(notes, "%s: Laying out IO file (1 file / %s)\n", j.Name, sizeString(t.size))
	f, err := os.OpenFile(t.path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("job %s: laying out %s: %w", j.Name, t.path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("job %s: laying out %s: %w", j.Name, t.path, err)
	}
	if j.RW.Writes() {
		err = f.Truncate(int64(t.size))
	} else {
		err = fill(f, uint64(fi.Size()), t.size)
	}
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		return fmt.Errorf("job %s: laying out %s: %w", j.Name, t.path, err)
	}
	return nil
}

// fill writes pseudo-random data to f over [from, to).
func fill(f *os.File, from, to uint64) error {
	buf := make([]byte, 1<<20)
	x := uint64(0x9e3779b97f4a7c15)
	for i := 0; i+8 <= len(buf); i += 8 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		binary.LittleEndian.PutUint64(buf[i:], x)
	}
	for off := from; off < to; {
		n := min(uint64(len(buf)), to-off)
		if _, err := f.WriteAt(buf[:n], int64(off)); err != nil {
			return err
		}
		off += n
	}
	return nil
}

// sizeString formats a byte count as fio does in its layout message: whole
// binary units, such as 256MiB.
func sizeString(n uint64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB"}
	u := 0
	for n >= 1024 && n%1024 == 0 && u < len(units)-1 {
		n /= 1024
		u++
	}
	return fmt.Sprintf("%d%s", n, units[u])
}
