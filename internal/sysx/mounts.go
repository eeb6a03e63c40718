package sysx

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// MountedAt reports where the block device at path, or one of its
// partitions, is mounted or used as swap: the mount point, or "" when it is
// free. It returns "" for anything that is not a block device.
func MountedAt(path string) (string, error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return "", fmt.Errorf("checking %s: %w", path, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFBLK {
		return "", nil
	}
	devs := devicesOf(st.Rdev)
	if where, err := mountedIn("/proc/self/mountinfo", devs); where != "" || err != nil {
		return where, err
	}
	return swapIn("/proc/swaps", devs)
}

// devicesOf returns "major:minor" of a block device and of its partitions.
func devicesOf(rdev uint64) map[string]bool {
	self := fmt.Sprintf("%d:%d", unix.Major(rdev), unix.Minor(rdev))
	devs := map[string]bool{self: true}
	parts, _ := filepath.Glob(filepath.Join("/sys/dev/block", self, "*", "partition"))
	for _, p := range parts {
		if b, err := os.ReadFile(filepath.Join(filepath.Dir(p), "dev")); err == nil {
			devs[strings.TrimSpace(string(b))] = true
		}
	}
	return devs
}

// mountedIn scans a mountinfo file for a filesystem on one of devs.
func mountedIn(mountinfo string, devs map[string]bool) (string, error) {
	f, err := os.Open(mountinfo)
	if err != nil {
		return "", fmt.Errorf("reading mounts: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// id parent major:minor root mountpoint ...
		fields := strings.Fields(sc.Text())
		if len(fields) >= 5 && devs[fields[2]] {
			return fields[4], nil
		}
	}
	return "", sc.Err()
}

// swapIn reports whether one of devs is an active swap device.
func swapIn(swaps string, devs map[string]bool) (string, error) {
	b, err := os.ReadFile(swaps)
	if err != nil {
		return "", nil // no swap accounting: nothing to find
	}
	for _, line := range strings.Split(string(b), "\n")[1:] {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		var st unix.Stat_t
		if unix.Stat(fields[0], &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFBLK &&
			devs[fmt.Sprintf("%d:%d", unix.Major(st.Rdev), unix.Minor(st.Rdev))] {
			return "swap", nil
		}
	}
	return "", nil
}
