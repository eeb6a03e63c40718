package sysx

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// PageSize returns the system's page size in bytes.
func PageSize() int { return os.Getpagesize() }

// PhysicalMemory returns the bytes of physical memory, as glibc's
// sysconf(_SC_PHYS_PAGES) times the page size.
func PhysicalMemory() (uint64, error) {
	var info unix.Sysinfo_t
	if err := unix.Sysinfo(&info); err != nil {
		return 0, fmt.Errorf("sysinfo: %w", err)
	}
	return uint64(info.Totalram) * uint64(info.Unit), nil
}

// CPUsConfigured returns the number of CPUs the system has configured,
// online or not, as glibc's sysconf(_SC_NPROCESSORS_CONF): the CPUs listed
// in /sys/devices/system/cpu/possible.
func CPUsConfigured() (int, error) {
	b, err := os.ReadFile("/sys/devices/system/cpu/possible")
	if err != nil {
		return 0, fmt.Errorf("reading the possible CPUs: %w", err)
	}
	return countCPUList(strings.TrimSpace(string(b)))
}

// countCPUList counts the CPUs of a kernel CPU list such as "0-3,8".
func countCPUList(s string) (int, error) {
	n := 0
	for part := range strings.SplitSeq(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		first, err := strconv.Atoi(lo)
		if err != nil {
			return 0, fmt.Errorf("bad CPU list %q", s)
		}
		last := first
		if isRange {
			if last, err = strconv.Atoi(hi); err != nil || last < first {
				return 0, fmt.Errorf("bad CPU list %q", s)
			}
		}
		n += last - first + 1
	}
	return n, nil
}
