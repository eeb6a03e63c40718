package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/workload"
)

// This file is ioengine=io_uring_cmd's side of a job's files: each must be
// the generic character device of an NVMe namespace (/dev/ngXnY), sized
// from the namespace's identity.

// nvmeFile sizes one file of an io_uring_cmd job from the admin identify
// ioctl; fi and statErr are what os.Stat said of path, and force is
// --force (see refuseMounted).
func nvmeFile(j *workload.Job, path string, fi fs.FileInfo, statErr error, force bool) (workload.FileInfo, error) {
	const want = "ioengine=io_uring_cmd drives NVMe generic character devices (/dev/ngXnY)"
	switch {
	case statErr != nil:
		return workload.FileInfo{}, fmt.Errorf("job %s: %w; %s", j.Name, statErr, want)
	case fi.Mode()&fs.ModeCharDevice == 0:
		kind := "a regular file"
		if fi.Mode()&fs.ModeDevice != 0 {
			kind = "a block device"
		}
		return workload.FileInfo{}, fmt.Errorf("job %s: %s is %s; %s", j.Name, path, kind, want)
	}
	if err := refuseMounted(j, path, force); err != nil {
		return workload.FileInfo{}, err
	}
	ns, err := xnvme.ReadNVMeNamespace(path)
	switch {
	case errors.Is(err, syscall.ENOTTY) || errors.Is(err, syscall.EINVAL):
		return workload.FileInfo{}, fmt.Errorf("job %s: %s is not an NVMe namespace's generic device (%v); %s", j.Name, path, err, want)
	case errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM):
		return workload.FileInfo{}, fmt.Errorf("job %s: %w: the admin identify ioctl needs root (CAP_SYS_ADMIN)", j.Name, err)
	case err != nil:
		return workload.FileInfo{}, fmt.Errorf("job %s: %w", j.Name, err)
	case ns.Extended:
		return workload.FileInfo{}, fmt.Errorf("job %s: %s is formatted with %d bytes of metadata interleaved with each block (an extended LBA), which io_uring_cmd does not carry; use a format without metadata",
			j.Name, path, ns.MetadataSize)
	}
	return workload.FileInfo{Size: ns.Size(), Known: true}, nil
}
