package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// This file measures how much CPU time other processes took while regcheck
// ran: the time all CPUs were busy (/proc/stat) less the CPU time of
// regcheck's own children (xbench and xbench compare). The load average
// cannot tell: it counts regcheck's own jobs, tasks waiting on IO, and
// lags by a minute.

// cpuBusy is a reading of /proc/stat: the busy time of all CPUs so far.
type cpuBusy struct {
	at   time.Time
	busy time.Duration
	cpus int
}

// userHZ is the unit of /proc/stat's times (USER_HZ, 100 on Linux).
const userHZ = 100

// readCPUBusy reads the first line of /proc/stat: user, nice, system,
// idle, iowait, irq, softirq, steal... Busy is all but idle and iowait
// (guest time is already counted in user).
func readCPUBusy() (cpuBusy, error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuBusy{}, fmt.Errorf("reading the CPU times: %w", err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return cpuBusy{}, fmt.Errorf("reading the CPU times: unexpected /proc/stat line %q", line)
	}
	var ticks int64
	for i, s := range f[1:9] {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return cpuBusy{}, fmt.Errorf("reading the CPU times: %q: %w", line, err)
		}
		if i != 3 && i != 4 { // idle, iowait
			ticks += v
		}
	}
	return cpuBusy{at: time.Now(), busy: time.Duration(ticks) * time.Second / userHZ, cpus: runtime.NumCPU()}, nil
}

// otherCPUs returns how many CPUs other processes kept busy on average
// between since and b, given the CPU time regcheck's children took.
func (b cpuBusy) otherCPUs(since cpuBusy, ours time.Duration) float64 {
	spent := b.at.Sub(since.at)
	if spent <= 0 {
		return 0
	}
	return max(0, float64(b.busy-since.busy-ours)/float64(spent))
}

// loadAverage is the one-minute load average of /proc/loadavg, or "?".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}
