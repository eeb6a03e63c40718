// Package engine runs jobs. Each job clone runs on its own goroutine locked
// to an OS thread (pinned when cpus_allowed is set), keeps iodepth IOs in
// flight on its own queue, and records slat, clat and lat into its own
// histograms. Groups run one after another; the clones of a group run
// together and start at the same moment.
package engine

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/xbench/xbench/fiolog"
	"github.com/xbench/xbench/internal/diskstat"
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// Options configure a run.
type Options struct {
	// Notes receives what fio prints beside its report: files being laid
	// out and notes about adjusted options. Nil discards them.
	Notes io.Writer
	// Entropy seeds jobs that set randrepeat=0 without randseed; zero
	// draws it from the system.
	Entropy uint64
	// XNVMe is the libxnvme that ioengine=xnvme jobs drive; nil loads it
	// from the default places when a job needs it.
	XNVMe *xnvme.Library
	// ReadOnly refuses to lay out (create or extend) any file, as fio's
	// --readonly; jobs that write are refused when they are parsed.
	ReadOnly bool

	// Monitor, when set, is told about each group's clones as the group
	// starts, for a progress display and interim reports.
	Monitor *Monitor
	// HDRLog keeps every clone's interval HdrHistograms (Clone.HDRIntervals)
	// for an HdrHistogram log; HDRInterval is their length, unless the
	// job's write_hist_log sets one with log_hist_msec.
	HDRLog      bool
	HDRInterval time.Duration

	traceOffsets bool // record every clone's offsets, for tests
	origin       uint64
}

// Result is what a run did, clone by clone in job order.
type Result struct {
	Clones []*Clone
	// Disks are what the block devices the clones did IO on did during the
	// run, from /sys/block (empty for files on tmpfs, the null engine).
	Disks []stats.DiskUtil
	// Start is when the run started: the origin of the interval times of
	// Clone.HDRIntervals.
	Start time.Time
}

// Run runs the jobs, group by group, and returns every clone's stats. It
// returns an error, and no result, when a job cannot start: a missing
// file, a device that refuses O_DIRECT, an unavailable engine. An IO error
// during the run ends that clone and is kept in its stats. Cancelling ctx
// stops the clones cleanly: they drain what is in flight and keep what they
// measured.
func Run(ctx context.Context, jobs []*workload.Job, o Options) (*Result, error) {
	if o.Notes == nil {
		o.Notes = io.Discard
	}
	if o.Entropy == 0 {
		var b [8]byte
		_, _ = rand.Read(b[:])
		o.Entropy = binary.LittleEndian.Uint64(b[:])
	}
	lib, err := xnvmeLibrary(jobs, o.XNVMe)
	if err != nil {
		return nil, err
	}
	o.XNVMe = lib
	if o.HDRInterval <= 0 {
		o.HDRInterval = time.Second
	}
	res := &Result{Start: time.Now()}
	o.origin = xnvme.Now()
	if err := createLogs(jobs); err != nil {
		return nil, err
	}
	thread := 0
	disks := &diskTracker{}
	defer func() { res.Disks = disks.done() }()
	for _, group := range groups(jobs) {
		if ctx.Err() != nil {
			break
		}
		clones, err := prepare(group, o)
		if err != nil {
			return nil, err
		}
		for _, c := range clones {
			thread++
			c.Thread = thread
			c.opts = &o
		}
		if o.Monitor != nil {
			o.Monitor.add(clones)
		}
		disks.add(clones)
		if err := runGroup(ctx, clones); err != nil {
			return nil, err
		}
		res.Clones = append(res.Clones, clones...)
	}
	return res, nil
}

// diskTracker reads the disk statistics of the devices a run uses: each
// device when its first group starts, all of them when the run ends.
type diskTracker struct {
	names  []string
	before []diskstat.Reading
}

// add reads the devices of clones not seen yet.
func (t *diskTracker) add(clones []*Clone) {
	var fresh []string
	for _, c := range clones {
		if c.Path == "" {
			continue
		}
		if n := diskstat.Device("/sys", c.Path); n != "" && !slices.Contains(t.names, n) && !slices.Contains(fresh, n) {
			fresh = append(fresh, n)
		}
	}
	t.names = append(t.names, fresh...)
	t.before = append(t.before, diskstat.Read("/sys", fresh)...)
}

// done returns what each device did since it was first read.
func (t *diskTracker) done() []stats.DiskUtil {
	if len(t.names) == 0 {
		return nil
	}
	return diskstat.Diff(t.before, diskstat.Read("/sys", t.names))
}

// createLogs empties every log file the jobs write, once, before their
// clones append to them (with per_job_logs=0 several clones share a file).
func createLogs(jobs []*workload.Job) error {
	thread := 0
	done := map[string]bool{}
	for _, j := range jobs {
		for range max(j.NumJobs, 1) {
			thread++
			for _, f := range logFiles(j, thread) {
				if !done[f] {
					if err := fiolog.Create(f); err != nil {
						return fmt.Errorf("job %s: %w", j.Name, err)
					}
					done[f] = true
				}
			}
		}
	}
	return nil
}

// groups splits jobs into runs of the same group ID, in order.
func groups(jobs []*workload.Job) [][]*workload.Job {
	var out [][]*workload.Job
	for i, j := range jobs {
		if i == 0 || j.GroupID != jobs[i-1].GroupID {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], j)
	}
	return out
}

// prepare resolves every clone's target and lays out missing files, before
// any thread starts.
func prepare(jobs []*workload.Job, o Options) ([]*Clone, error) {
	var clones []*Clone
	laidOut := map[string]bool{}
	for _, j := range jobs {
		caps, err := xnvme.MechanismCaps(j.IOEngine)
		if err != nil {
			return nil, fmt.Errorf("job %s: ioengine=%s: %w", j.Name, j.IOEngine, err)
		}
		depth := j.IODepth
		if caps.Sync && depth > 1 {
			fmt.Fprintln(o.Notes, "note: both iodepth >= 1 and synchronous I/O engine are selected, queue depth will be capped at 1")
			depth = 1
		}
		for i := range max(j.NumJobs, 1) {
			var t target
			var libDev *xnvme.LibDevice
			if caps.URI {
				t, libDev, err = resolveURI(j, i, o.XNVMe, o.Notes)
			} else {
				t, err = resolveTarget(j, i, caps)
			}
			if err != nil {
				return nil, err
			}
			if t.size < j.BlockSize {
				return nil, fmt.Errorf("job %s: bs=%d is larger than the IO size %d", j.Name, j.BlockSize, t.size)
			}
			if t.layout && o.ReadOnly {
				return nil, fmt.Errorf("job %s: %s is missing or shorter than size=%d, and --readonly refuses to lay it out", j.Name, t.path, t.size)
			}
			if t.layout && !laidOut[t.path] {
				if err := layOut(j, t, o.Notes); err != nil {
					return nil, err
				}
				laidOut[t.path] = true
			}
			clones = append(clones, &Clone{
				Job:     j,
				Index:   i,
				Path:    t.path,
				XNVMe:   libDev,
				target:  t,
				lib:     o.XNVMe,
				mech:    j.IOEngine,
				depth:   depth,
				seed:    j.Seed(i, o.Entropy),
				tracing: o.traceOffsets,
			})
		}
	}
	return clones, nil
}

// runGroup starts every clone of a group on its own thread, lets them go
// at once when all are set up, and waits for them to finish.
func runGroup(ctx context.Context, clones []*Clone) error {
	var abort, stop atomic.Bool
	ready := make(chan error, len(clones))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for _, c := range clones {
		wg.Go(func() { c.run(ready, start, &abort, &stop) })
	}
	var setupErr error
	for range clones {
		if err := <-ready; err != nil && setupErr == nil {
			setupErr = err
		}
	}
	abort.Store(setupErr != nil)
	cancel := context.AfterFunc(ctx, func() { stop.Store(true) })
	close(start)
	wg.Wait()
	cancel()
	return setupErr
}
