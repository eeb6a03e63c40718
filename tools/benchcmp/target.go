package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// prepareTarget sets up what the disk jobs read: a loop device over a 1
// GiB file, or the file itself. It returns the path, a description and
// what undoes it.
func prepareTarget(loop, dir string) (string, string, func(), error) {
	backingDir := dir
	switch loop {
	case "tmpfs":
		backingDir = "/dev/shm"
	case "disk", "none":
	default:
		return "", "", nil, fmt.Errorf("--loop=%s: want tmpfs, disk or none", loop)
	}
	backing, err := filepath.Abs(filepath.Join(backingDir, fmt.Sprintf("xbench-bench-%d.dat", os.Getpid())))
	if err != nil {
		return "", "", nil, err
	}
	removeBacking := func() { os.Remove(backing) }
	if err := writeBacking(backing, 1<<30); err != nil {
		removeBacking()
		return "", "", nil, fmt.Errorf("writing %s: %w", backing, err)
	}
	if loop == "none" {
		return backing, "a 1 GiB file, " + backing, removeBacking, nil
	}
	out, err := exec.Command("losetup", "--find", "--show", "--direct-io=on", backing).CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchcmp: cannot attach a loop device (%v: %s); reading the file instead\n", err, bytes.TrimSpace(out))
		return backing, "a 1 GiB file, " + backing, removeBacking, nil
	}
	dev := strings.TrimSpace(string(out))
	dio, _ := os.ReadFile("/sys/block/" + filepath.Base(dev) + "/loop/dio")
	desc := fmt.Sprintf("%s, a loop device over a 1 GiB file on %s (%s), direct-io=%s", dev, loop, backing, strings.TrimSpace(string(dio)))
	return dev, desc, func() {
		exec.Command("losetup", "--detach", dev).Run()
		removeBacking()
	}, nil
}

// writeBacking writes size bytes of non-zero data to path, so that every
// page of a tmpfs file is there to read.
func writeBacking(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	buf := bytes.Repeat([]byte("xbench-benchcmp\n"), 1<<16)
	for off := int64(0); off < size; off += int64(len(buf)) {
		if _, err := f.WriteAt(buf, off); err != nil {
			return err
		}
	}
	return nil
}
