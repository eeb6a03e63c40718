// Package sysx isolates the Linux system calls the engine makes outside the
// queue layer: CPU affinity, per-thread resource usage and thread ids. The
// rest of xbench does not import golang.org/x/sys/unix.
package sysx

import (
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// PinThread restricts the calling OS thread to cpus. The caller must have
// locked its goroutine to the thread.
func PinThread(cpus []int) error {
	var set unix.CPUSet
	set.Zero()
	for _, c := range cpus {
		if c < 0 || c >= len(set)*64 {
			return fmt.Errorf("cpu %d is out of range", c)
		}
		set.Set(c)
	}
	if err := unix.SchedSetaffinity(0, &set); err != nil {
		return fmt.Errorf("pinning thread to cpus %v: %w", cpus, err)
	}
	return nil
}

// ThreadCPUs returns the CPUs the calling thread may run on.
func ThreadCPUs() ([]int, error) {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return nil, err
	}
	var cpus []int
	for c := 0; c < len(set)*64; c++ {
		if set.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	return cpus, nil
}

// Usage is a thread's resource usage at one moment.
type Usage struct {
	User, System   time.Duration
	Ctx            uint64 // voluntary plus involuntary context switches
	MajFlt, MinFlt uint64
}

// Sub returns u minus an earlier reading.
func (u Usage) Sub(earlier Usage) Usage {
	return Usage{
		User:   u.User - earlier.User,
		System: u.System - earlier.System,
		Ctx:    u.Ctx - earlier.Ctx,
		MajFlt: u.MajFlt - earlier.MajFlt,
		MinFlt: u.MinFlt - earlier.MinFlt,
	}
}

// ThreadUsage reads getrusage(RUSAGE_THREAD) for the calling thread.
func ThreadUsage() (Usage, error) {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_THREAD, &ru); err != nil {
		return Usage{}, fmt.Errorf("getrusage: %w", err)
	}
	return Usage{
		User:   time.Duration(ru.Utime.Nano()),
		System: time.Duration(ru.Stime.Nano()),
		Ctx:    uint64(ru.Nvcsw + ru.Nivcsw),
		MajFlt: uint64(ru.Majflt),
		MinFlt: uint64(ru.Minflt),
	}, nil
}

// Gettid returns the calling thread's id.
func Gettid() int { return unix.Gettid() }

// IsTerminal reports whether fd is a terminal.
func IsTerminal(fd int) bool {
	_, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	return err == nil
}
