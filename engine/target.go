package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/xbench/xbench/internal/sysx"
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/workload"
)

// This file resolves a clone's files before any thread starts: which
// files, how large, where its IO goes in each (workload.FilePlan), and lays
// out the files that are missing or too short.

// clonePaths returns the files of clone of j: those filename names, or
// fio's default names (workload.Job.DefaultName); none for a diskless
// engine, which gets nrfiles unnamed ones.
func clonePaths(j *workload.Job, clone int, caps xnvme.Caps) []string {
	if caps.Diskless {
		return make([]string, max(len(j.Files.Used()), j.Files.NrFiles, 1))
	}
	if used := j.Files.Used(); len(used) > 0 {
		return used
	}
	n := max(j.Files.NrFiles, 1)
	if n == 1 && isDevice(j.Name) {
		// fio: a job named after an existing device or pipe uses it.
		return []string{j.Name}
	}
	paths := make([]string, n)
	for i := range paths {
		paths[i] = j.DefaultName(clone, i)
	}
	return paths
}

// isDevice reports whether path exists and is not a regular file or
// directory.
func isDevice(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.Mode().IsRegular() && !fi.IsDir()
}

// statFiles learns the size and kind of each path; a missing file counts
// as an empty regular file, to be laid out.
func statFiles(j *workload.Job, paths []string, caps xnvme.Caps, force bool) ([]workload.FileInfo, error) {
	infos := make([]workload.FileInfo, len(paths))
	if caps.Diskless {
		return infos, nil
	}
	for i, p := range paths {
		fi, err := os.Stat(p)
		switch {
		case j.IOEngine == "io_uring_cmd":
			info, err := nvmeFile(j, p, fi, err, force)
			if err != nil {
				return nil, err
			}
			infos[i] = info
			continue
		case errors.Is(err, fs.ErrNotExist) && !j.Safety.AllowFileCreate:
			return nil, fmt.Errorf("job %s: %s does not exist, and allow_file_create=0 forbids creating it", j.Name, p)
		case errors.Is(err, fs.ErrNotExist):
			infos[i] = workload.FileInfo{Known: true, Regular: true}
			continue
		case err != nil:
			return nil, fmt.Errorf("job %s: %w", j.Name, err)
		}
		switch mode := fi.Mode(); {
		case mode.IsRegular():
			infos[i] = workload.FileInfo{Size: uint64(fi.Size()), Known: true, Regular: true}
		case mode&fs.ModeDevice != 0 && mode&fs.ModeCharDevice == 0:
			if err := refuseMounted(j, p, force); err != nil {
				return nil, err
			}
			size, err := blockDeviceSize(j, p)
			if err != nil {
				return nil, err
			}
			infos[i] = workload.FileInfo{Size: size, Known: true}
		case mode&fs.ModeCharDevice != 0:
			return nil, fmt.Errorf("job %s: %s is a character device; for NVMe passthrough on /dev/ngXnY set ioengine=io_uring_cmd", j.Name, p)
		default:
			return nil, fmt.Errorf("job %s: %s is neither a regular file nor a block device", j.Name, p)
		}
	}
	return infos, nil
}

// planError words a workload.Job.Plan error for the job.
func planError(j *workload.Job, caps xnvme.Caps, paths []string, infos []workload.FileInfo, err error) error {
	switch {
	case errors.Is(err, workload.ErrNoSize) && caps.Diskless:
		return fmt.Errorf("job %s: size= is required with ioengine=%s", j.Name, j.IOEngine)
	case errors.Is(err, workload.ErrNoSize):
		for i, f := range infos {
			if f.Regular && f.Size == 0 {
				if _, serr := os.Stat(paths[i]); serr != nil {
					return fmt.Errorf("job %s: %s does not exist and size= is not set", j.Name, paths[i])
				}
				return fmt.Errorf("job %s: %s is empty and size= is not set", j.Name, paths[i])
			}
		}
	case errors.Is(err, workload.ErrBadOffset):
		return fmt.Errorf("job %s: offset=%d lies past the end of %s", j.Name, j.Extent.Offset, paths[0])
	}
	return fmt.Errorf("job %s: %w", j.Name, err)
}

// blockDeviceSize sizes a block device.
func blockDeviceSize(j *workload.Job, path string) (uint64, error) {
	dev, err := xnvme.Open(path, xnvme.OpenOptions{})
	if err != nil {
		return 0, fmt.Errorf("job %s: %w", j.Name, err)
	}
	defer dev.Close()
	return dev.Geometry().Size, nil
}

// refuseMounted refuses a job that writes or trims a block device that
// holds a mounted filesystem or swap, or the NVMe generic device
// (/dev/ngXnY) of one, unless allow_mounted_write=1; and one that holds a
// partition table, an LVM or RAID signature or other devices, unless
// allow_mounted_write=1 or force (--force). A path that does not exist,
// such as an xNVMe PCI address or ramdisk, has nothing mounted.
func refuseMounted(j *workload.Job, path string, force bool) error {
	if !j.RW.Modifies() || j.Safety.AllowMountedWrite {
		return nil
	}
	dev := path
	if m := ngName.FindStringSubmatch(filepath.Base(path)); m != nil && filepath.Dir(path) == "/dev" {
		dev = fmt.Sprintf("/dev/nvme%sn%s", m[1], m[2])
	}
	if _, err := os.Stat(dev); err != nil {
		return nil
	}
	where, err := sysx.MountedAt(dev)
	if err != nil {
		return fmt.Errorf("job %s: %w", j.Name, err)
	}
	if where != "" {
		return fmt.Errorf("job %s: refusing to write to %s: it is in use (mounted at %s); set allow_mounted_write=1 to write anyway", j.Name, path, where)
	}
	if force {
		return nil
	}
	what, err := signatureOf(dev)
	if err != nil {
		return fmt.Errorf("job %s: %w", j.Name, err)
	}
	if what != "" {
		return fmt.Errorf("job %s: refusing to write to %s: it holds %s; set allow_mounted_write=1 or pass --force to write anyway", j.Name, path, what)
	}
	return nil
}

// ngName matches an NVMe generic character device, /dev/ngXnY.
var ngName = regexp.MustCompile(`^ng(\d+)n(\d+)$`)

// layOut creates or extends the files of a plan that need it, as fio does
// before a job starts: a job that reads gets the new part written with
// data, so that it reads real blocks; a job that only writes gets it
// allocated. laidOut remembers the size each file was laid out to, as the
// clones of a job may share files and need more of them (offset_increment).
func layOut(j *workload.Job, paths []string, plan workload.FilePlan, laidOut map[string]uint64, o Options) error {
	var todo []int
	var total uint64
	for i, e := range plan.Files {
		if e.Extend && laidOut[paths[i]] < e.RealSize {
			todo = append(todo, i)
			total += e.RealSize
		}
	}
	if len(todo) == 0 {
		return nil
	}
	if o.ReadOnly {
		i := todo[0]
		return fmt.Errorf("job %s: %s is missing or shorter than %d bytes, and --readonly refuses to lay it out", j.Name, paths[i], plan.Files[i].RealSize)
	}
	notes := o.Notes
	// fio: "Laying out IO file (1 file / 2MiB)", "(3 files / total 6MiB)".
	if len(todo) == 1 {
		fmt.Fprintf(notes, "%s: Laying out IO file (1 file / %dMiB)\n", j.Name, total>>20)
	} else {
		fmt.Fprintf(notes, "%s: Laying out IO files (%d files / total %dMiB)\n", j.Name, len(todo), total>>20)
	}
	for _, i := range todo {
		if err := extend(j, paths[i], plan.Files[i].RealSize); err != nil {
			return err
		}
		laidOut[paths[i]] = plan.Files[i].RealSize
	}
	return nil
}

// extend creates or extends one file to size, creating the directories
// its name has that do not exist yet, as fio does.
func extend(j *workload.Job, path string, size uint64) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("job %s: laying out %s: %w", j.Name, path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("job %s: laying out %s: %w", j.Name, path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("job %s: laying out %s: %w", j.Name, path, err)
	}
	if j.RW.Reads() {
		err = fill(f, uint64(fi.Size()), size)
	} else {
		err = f.Truncate(int64(size))
	}
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		return fmt.Errorf("job %s: laying out %s: %w", j.Name, path, err)
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
