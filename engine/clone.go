package engine

import (
	"fmt"
	"io"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/xbench/xbench/fiolog"
	"github.com/xbench/xbench/internal/sysx"
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/verify"
	"github.com/xbench/xbench/workload"
)

// Clone is one clone of a job: it runs on its own OS thread with its own
// queue, and measures into its own stats.
type Clone struct {
	// Job is the job this is a clone of.
	Job *workload.Job
	// Index numbers the clones of a job from 0.
	Index int
	// Thread numbers the clones of the run from 1, as fio's thread_number:
	// it seeds the clone's random generators and picks its CPU with
	// cpus_allowed_policy=split.
	Thread int
	// Path is its first file or device; empty for a diskless engine.
	Path string
	// Paths are all its files; empty names for a diskless engine.
	Paths []string
	// TID is the id of the clone's thread.
	TID int
	// CPUs are the CPUs the clone's thread was allowed to run on.
	CPUs []int
	// Stats is what the clone measured.
	Stats *stats.Job
	// XNVMe is what libxnvme said about the device of an ioengine=xnvme
	// clone when the job was prepared: the backend and mechanisms it chose,
	// and whether O_DIRECT held. Nil for other engines.
	XNVMe *xnvme.LibDevice
	// HDRIntervals are the clone's interval histograms, kept with
	// Options.HDRLog.
	HDRIntervals []fiolog.Interval
	// Faults are what ioengine=xbench-fault, the test engine, injected
	// into the clone's IOs; nil for other engines.
	Faults *xnvme.FaultCounts

	gen        *workload.Generator
	mech       string
	depth      int
	cpus       workload.CPUSet // the CPUs to pin to, nil for none
	startDelay time.Duration
	stop       atomic.Bool // set to end the clone early
	tracing    bool        // record every IO issued, for tests
	trace      []workload.IO
	uri        bool           // Path is a device URI that the queue opens itself (xnvme)
	lib        *xnvme.Library // for ioengine=xnvme

	opts     *Options
	logs     *cloneLogs // nil when the clone writes no logs
	progress progress

	// fileEnds are the sizes of the clone's files once laid out.
	fileEnds []uint64
	// codec, wlog and verifySeed are the clone's verification (see
	// verify.go); nil when the job does not verify.
	codec      *verify.Codec
	wlog       *writeLog
	verifySeed workload.Rand
	vstate     *verifyState // the state verify_state_load loaded
}

// notes is where the clone logs what fio prints beside its report.
func (c *Clone) notes() io.Writer {
	if c.opts == nil || c.opts.Notes == nil {
		return io.Discard
	}
	return c.opts.Notes
}

// run is the clone's thread. It sets up on a locked, pinned OS thread,
// reports the outcome on ready, waits for start, then drives its queue
// until the job is done or stop is set. The thread is never unlocked: its
// affinity was changed, so it exits with the goroutine.
func (c *Clone) run(ready chan<- error, start <-chan struct{}, abort *atomic.Bool) {
	runtime.LockOSThread()
	c.TID = sysx.Gettid()
	defer c.progress.state.Store(stateDone)
	devs, q, err := c.setup()
	if err == nil && c.opts != nil {
		if c.logs, err = openLogs(c, c.opts, q.Sync()); err != nil {
			q.Close()
			closeDevices(devs)
		}
	}
	ready <- err
	if err != nil {
		return
	}
	defer closeDevices(devs)
	defer q.Close()
	<-start
	if abort.Load() {
		if c.logs != nil {
			c.logs.close()
		}
		return
	}
	c.loop(q)
	if f, ok := q.FaultCounts(); ok {
		c.Faults = &f
	}
}

// setup pins the thread and opens the clone's devices and queue.
func (c *Clone) setup() ([]*xnvme.Device, *xnvme.Queue, error) {
	j := c.Job
	if c.cpus != nil {
		if err := sysx.PinThread(c.cpus); err != nil {
			return nil, nil, fmt.Errorf("job %s: cpus_allowed=%s: %w", j.Name, j.CPUsAllowed, err)
		}
	}
	c.CPUs, _ = sysx.ThreadCPUs()
	var devs []*xnvme.Device
	if c.Path != "" && !c.uri {
		for _, p := range c.Paths {
			// Passthrough bypasses the page cache; a character device
			// takes no O_DIRECT.
			direct := j.Direct && j.IOEngine != "io_uring_cmd"
			dev, err := xnvme.Open(p, xnvme.OpenOptions{Write: j.RW.Modifies(), Direct: direct})
			if err != nil {
				closeDevices(devs)
				return nil, nil, openError(j, err)
			}
			devs = append(devs, dev)
			if err := checkBlockSizes(j, dev); err != nil {
				closeDevices(devs)
				return nil, nil, err
			}
		}
	}
	q, err := xnvme.NewQueue(devs, c.queueOptions())
	if err != nil {
		closeDevices(devs)
		if c.uri {
			return nil, nil, xnvmeQueueError(j, err)
		}
		return nil, nil, queueError(j, err)
	}
	return devs, q, nil
}

// queueOptions are the options of the clone's queue. An xnvme queue opens
// its own device, the clone's URI.
func (c *Clone) queueOptions() xnvme.QueueOptions {
	j := c.Job
	o := xnvme.QueueOptions{
		Mechanism:  c.mech,
		Depth:      c.depth,
		BufferSize: int(bufferSize(j)),
		Fill:       j.RW.Writes(),
		SubmitMax:  submitMax(j, c.depth),
		ReapMax:    j.Batch.CompleteMax,
		Serial:     c.serialSlots(),
		Engine:     engineOptions(j),
	}
	if c.uri {
		o.URI, o.Library, o.Lib = c.Path, c.lib, libOptions(j)
	}
	if c.mech == xnvme.FaultMechanism {
		o.Fault = faultOptions(j)
	}
	return o
}

// closeDevices closes every device of devs.
func closeDevices(devs []*xnvme.Device) {
	for _, d := range devs {
		d.Close()
	}
}

// bufferSize is the size of a slot's buffer: the largest block size of the
// directions the job issues.
func bufferSize(j *workload.Job) uint64 {
	size := uint64(1)
	for d := range workload.NumDirs {
		if j.RW.Does(workload.Dir(d)) {
			size = max(size, j.BS.Max[d])
		}
	}
	return size
}

// checkBlockSizes refuses block sizes and alignments that dev cannot do:
// with direct=1 every IO must cover whole logical blocks of a block device
// (or the direct-IO alignment of a file), and start on one; so must every
// NVMe passthrough command.
func checkBlockSizes(j *workload.Job, dev *xnvme.Device) error {
	g := dev.Geometry()
	lbs := uint64(g.BlockSize)
	why := "which direct=1 requires"
	switch {
	case lbs == 0:
		return nil
	case g.Kind == xnvme.Char:
		why = "as NVMe commands carry whole blocks"
	case !j.Direct:
		return nil
	}
	kind := "logical block size"
	if g.Kind == xnvme.File {
		kind = "direct-IO alignment"
	}
	for _, s := range blockSizes(j) {
		if s%lbs != 0 {
			return fmt.Errorf("job %s: bs=%d is not a multiple of %s's %s %d, %s", j.Name, s, dev.Path(), kind, lbs, why)
		}
	}
	for d := range workload.NumDirs {
		if a := j.BS.Align[d]; j.RW.Does(workload.Dir(d)) && a%lbs != 0 {
			return fmt.Errorf("job %s: blockalign=%d is not a multiple of %s's %s %d, %s", j.Name, a, dev.Path(), kind, lbs, why)
		}
	}
	return nil
}

// blockSizes lists the block sizes a job issues in the directions it
// does: each direction's smallest, largest and bssplit sizes.
func blockSizes(j *workload.Job) []uint64 {
	var sizes []uint64
	for d := range workload.NumDirs {
		if !j.RW.Does(workload.Dir(d)) {
			continue
		}
		sizes = append(sizes, j.BS.Min[d], j.BS.Max[d])
		for _, s := range j.BS.Split[d] {
			sizes = append(sizes, s.Size)
		}
	}
	return sizes
}

// newJobStats returns a clone's stats with the directions its pattern
// issues.
func newJobStats(j *workload.Job) *stats.Job {
	st := &stats.Job{Name: j.Name, GroupID: j.GroupID, Members: 1}
	for d := range workload.NumDirs {
		if j.RW.Does(workload.Dir(d)) {
			st.Dirs[d] = stats.NewDirStats()
		}
	}
	if j.Verify.Verifies() && j.RW.Writes() && st.Dirs[workload.DirRead].Clat == nil {
		// The verify phase reads back what was written.
		st.Dirs[workload.DirRead] = stats.NewDirStats()
	}
	if j.Sync.Fsync != 0 || j.Sync.Fdatasync != 0 {
		st.Sync.Lat = stats.NewLatency()
	}
	return st
}

// setError records an error that broke the queue as the job's error.
func setError(st *stats.Job, err error) {
	st.Error = int(syscall.EIO)
	if errno, ok := asErrno(err); ok {
		st.Error = int(errno)
	}
	st.ErrorText = err.Error()
}
