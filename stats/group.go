package stats

import (
	"math"
	"slices"
	"time"
)

// GroupDir is one direction of a reporting group's summary, the "READ:" line
// of fio's "Run status group" block.
type GroupDir struct {
	// IOBytes is the bytes moved by every job of the group.
	IOBytes uint64
	// AggBW is the aggregate bandwidth in bytes per second: IOBytes over the
	// longest runtime.
	AggBW uint64
	// MinBW and MaxBW are the slowest and fastest job's bandwidth in bytes
	// per second.
	MinBW, MaxBW uint64
	// MinRun and MaxRun are the shortest and longest job runtimes.
	MinRun, MaxRun time.Duration
}

// Used reports whether any job of the group moved IO in this direction.
func (g *GroupDir) Used() bool { return g.MaxRun != 0 }

// Group summarises one reporting group, as fio's struct group_run_stats.
type Group struct {
	// ID is the group's number.
	ID int
	// Dirs holds the per-direction summaries, indexed by Dir.
	Dirs [NumDirs]GroupDir
}

// Msec converts a runtime to whole milliseconds as fio does (backend.c,
// update_runtime): microseconds rounded up, so that any IO at all gives a
// runtime of at least 1 ms. fio keeps runtimes in this unit and computes
// every rate from it.
func Msec(d time.Duration) uint64 { return (uint64(d/time.Microsecond) + 999) / 1000 }

// BytesPerSec is fio's bandwidth: bytes times 1000 over whole milliseconds,
// in integer arithmetic, or 0 for a zero runtime.
func BytesPerSec(bytes uint64, runtime time.Duration) uint64 {
	ms := Msec(runtime)
	if ms == 0 {
		return 0
	}
	return bytes * 1000 / ms
}

// IOPS is fio's IOPS: IOs times 1000 over whole milliseconds, or 0 for a
// zero runtime.
func IOPS(ios uint64, runtime time.Duration) float64 {
	ms := Msec(runtime)
	if ms == 0 {
		return 0
	}
	return 1000 * float64(ios) / float64(ms)
}

// Summarize computes the group summaries for the reported jobs (clones, or
// entries already merged by group_reporting), ordered by group ID. Runtimes
// count in whole milliseconds (Msec), as in fio, so the figures match fio's.
func Summarize(jobs []*Job) []Group {
	byID := map[int]*Group{}
	var order []int
	for _, j := range jobs {
		g := byID[j.GroupID]
		if g == nil {
			g = &Group{ID: j.GroupID}
			for d := range g.Dirs {
				g.Dirs[d].MinBW = math.MaxUint64
			}
			byID[j.GroupID] = g
			order = append(order, j.GroupID)
		}
		for d := range j.Dirs {
			js, gd := &j.Dirs[d], &g.Dirs[d]
			rt := time.Duration(Msec(js.Runtime)) * time.Millisecond
			if rt == 0 {
				continue
			}
			if gd.MinRun == 0 || rt < gd.MinRun {
				gd.MinRun = rt
			}
			gd.MaxRun = max(gd.MaxRun, rt)
			bw := BytesPerSec(js.IOBytes, rt)
			gd.MinBW = min(gd.MinBW, bw)
			gd.MaxBW = max(gd.MaxBW, bw)
			gd.IOBytes += js.IOBytes
		}
	}
	groups := make([]Group, 0, len(order))
	slices.Sort(order)
	for _, id := range order {
		g := byID[id]
		for d := range g.Dirs {
			gd := &g.Dirs[d]
			if gd.MaxRun == 0 {
				gd.MinBW = 0
				continue
			}
			gd.AggBW = BytesPerSec(gd.IOBytes, gd.MaxRun)
		}
		groups = append(groups, *g)
	}
	return groups
}
