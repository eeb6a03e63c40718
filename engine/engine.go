// Package engine runs jobs. Each job clone runs on its own goroutine locked
// to an OS thread (pinned when cpus_allowed is set), keeps iodepth IOs in
// flight on its own queue, and records slat, clat and lat into its own
// histograms. Jobs start as fio starts them: together, except where
// stonewall, wait_for and startdelay hold them back.
package engine

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
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
	// Force lets jobs write to block devices that hold a partition table,
	// an LVM or RAID signature or other devices (--force); a mounted
	// filesystem still needs allow_mounted_write=1.
	Force bool

	// Monitor, when set, is told about the clones of the run, for a
	// progress display and interim reports.
	Monitor *Monitor
	// HDRLog keeps every clone's interval HdrHistograms (Clone.HDRIntervals)
	// for an HdrHistogram log; HDRInterval is their length, unless the
	// job's write_hist_log sets one with log_hist_msec.
	HDRLog      bool
	HDRInterval time.Duration

	traceIOs bool // record every clone's IOs, for tests
	// beforeVerify runs on a clone's thread when its verify phase starts,
	// for tests that corrupt what was written.
	beforeVerify func(*Clone)
	origin       uint64 // when the run started (xnvme.Now): the origin of --hdr-log
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

// Run runs the jobs and returns every clone's stats. It returns an error,
// and no result, when a job cannot start: a missing file, a device that
// refuses O_DIRECT, an unavailable engine. An IO error during the run ends
// that clone and is kept in its stats. Cancelling ctx stops the clones
// cleanly: they drain what is in flight and keep what they measured, and
// the clones not started yet never start.
func Run(ctx context.Context, jobs []*workload.Job, o Options) (*Result, error) {
	if o.Notes == nil {
		o.Notes = io.Discard
	}
	// The clones log failed IOs from their own threads.
	o.Notes = &lockedWriter{w: o.Notes}
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
	clones, err := prepare(jobs, o)
	if err != nil {
		return nil, err
	}
	if err := createLogs(clones); err != nil {
		return nil, err
	}
	res := &Result{Clones: clones, Start: time.Now()}
	o.origin = xnvme.Now()
	for _, c := range clones {
		c.opts = &o
	}
	if o.Monitor != nil {
		o.Monitor.add(clones)
	}
	disks := newDiskTracker(clones)
	err = newScheduler(clones).run(ctx)
	res.Disks = disks.done()
	if err != nil {
		return nil, err
	}
	for _, c := range clones {
		if c.Stats == nil {
			// Never started: ended by exitall or a cancelled run.
			c.Stats = newJobStats(c.Job)
		}
	}
	return res, nil
}

// diskTracker reads the disk statistics of the devices a run uses, when
// the run starts and when it ends.
type diskTracker struct {
	names  []string
	before []diskstat.Reading
}

// newDiskTracker reads the devices of clones.
func newDiskTracker(clones []*Clone) *diskTracker {
	t := &diskTracker{}
	for _, c := range clones {
		if c.uri {
			continue // libxnvme's device, not necessarily a Linux one
		}
		for _, p := range c.Paths {
			if p == "" {
				continue
			}
			if n := diskstat.Device("/sys", p); n != "" && !slices.Contains(t.names, n) {
				t.names = append(t.names, n)
			}
		}
	}
	t.before = diskstat.Read("/sys", t.names)
	return t
}

// done returns what each device did since the run started.
func (t *diskTracker) done() []stats.DiskUtil {
	if len(t.names) == 0 {
		return nil
	}
	return diskstat.Diff(t.before, diskstat.Read("/sys", t.names))
}

// createLogs empties every log file the clones write, once, before they
// append to them (with per_job_logs=0 several clones share a file).
func createLogs(clones []*Clone) error {
	done := map[string]bool{}
	for _, c := range clones {
		for _, f := range logFiles(c.Job, c.Thread) {
			if !done[f] {
				if err := fiolog.Create(f); err != nil {
					return fmt.Errorf("job %s: %w", c.Job.Name, err)
				}
				done[f] = true
			}
		}
	}
	return nil
}

// prepare resolves every clone's files, sizes its IO and lays out missing
// files, before any thread starts, as fio does by default
// (create_serialize).
func prepare(jobs []*workload.Job, o Options) ([]*Clone, error) {
	var clones []*Clone
	laidOut := map[string]uint64{}
	thread := 0
	for _, j := range jobs {
		caps, err := xnvme.MechanismCaps(j.IOEngine)
		if err != nil {
			return nil, fmt.Errorf("job %s: ioengine=%s: %w", j.Name, j.IOEngine, err)
		}
		if err := checkEngineOptions(j, clonePaths(j, 0, caps), o.Notes); err != nil {
			return nil, err
		}
		depth := j.IODepth
		if caps.Sync && depth > 1 {
			fmt.Fprintln(o.Notes, "note: both iodepth >= 1 and synchronous I/O engine are selected, queue depth will be capped at 1")
			depth = 1
		}
		for i := range max(j.NumJobs, 1) {
			thread++
			c, err := prepareClone(j, i, thread, caps, laidOut, o)
			if err != nil {
				return nil, err
			}
			c.depth = depth
			clones = append(clones, c)
		}
	}
	return clones, nil
}

// prepareClone resolves clone i of j, the thread-th of the run.
func prepareClone(j *workload.Job, i, thread int, caps xnvme.Caps, laidOut map[string]uint64, o Options) (*Clone, error) {
	var paths []string
	var infos []workload.FileInfo
	var libDev *xnvme.LibDevice
	var err error
	if caps.URI {
		// libxnvme opens the device: it says how large it is.
		paths = []string{xnvmeURI(j)}
		infos, libDev, err = resolveURI(j, i, o.XNVMe, o.Notes, o.Force)
	} else {
		paths = clonePaths(j, i, caps)
		infos, err = statFiles(j, paths, caps, o.Force)
	}
	if err != nil {
		return nil, err
	}
	seeds := j.Seeds(thread, o.Entropy)
	r := seeds.Rand(workload.SeedFileSize)
	plan, err := j.Plan(i, infos, &r)
	if err != nil {
		return nil, planError(j, caps, paths, infos, err)
	}
	if err := j.CheckRandomMap(plan); err != nil {
		return nil, fmt.Errorf("job %s: %w", j.Name, err)
	}
	if !caps.Diskless && !caps.URI {
		if err := layOut(j, paths, plan, laidOut, o); err != nil {
			return nil, err
		}
	}
	c := &Clone{
		Job:        j,
		Index:      i,
		Thread:     thread,
		gen:        workload.NewGenerator(j, plan, seeds),
		mech:       j.IOEngine,
		cpus:       cpusOf(j, thread),
		startDelay: startDelayOf(j, &seeds),
		tracing:    o.traceIOs,
		uri:        caps.URI,
		lib:        o.XNVMe,
		XNVMe:      libDev,
	}
	if !caps.Diskless {
		c.Paths, c.Path = paths, paths[0]
	}
	for _, f := range plan.Files {
		c.fileEnds = append(c.fileEnds, f.RealSize)
	}
	if err := prepareVerify(c, plan, &seeds, o.Notes); err != nil {
		return nil, err
	}
	return c, nil
}

// cpusOf returns the CPUs the clone with fio's thread number thread runs
// on: all of cpus_allowed, or with cpus_allowed_policy=split one of them,
// in turn (fio's fio_cpus_split).
func cpusOf(j *workload.Job, thread int) workload.CPUSet {
	if j.CPUsAllowed == nil || j.CPUsPolicy != workload.CPUsSplit {
		return j.CPUsAllowed
	}
	return workload.CPUSet{j.CPUsAllowed[(thread-1)%len(j.CPUsAllowed)]}
}

// startDelayOf draws a clone's start delay from the job's startdelay
// range, as fio does for each clone.
func startDelayOf(j *workload.Job, seeds *workload.Seeds) time.Duration {
	lo, hi := j.Flow.StartDelay, j.Flow.StartDelayHigh
	if hi <= lo {
		return lo
	}
	r := seeds.Rand(workload.SeedStartDelay)
	return lo + time.Duration(r.Below(uint64(hi-lo)+1))
}
