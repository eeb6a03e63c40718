package engine

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/xbench/xbench/internal/sysx"
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// Clone is one clone of a job: it runs on its own OS thread with its own
// queue, and measures into its own stats.
type Clone struct {
	// Job is the job this is a clone of.
	Job *workload.Job
	// Index numbers the clones of a job from 0.
	Index int
	// Path is the file or device it did IO on; empty for a diskless engine.
	Path string
	// TID is the id of the clone's thread.
	TID int
	// CPUs are the CPUs the clone's thread was allowed to run on.
	CPUs []int
	// Stats is what the clone measured.
	Stats *stats.Job

	target  target
	mech    string
	depth   int
	seed    uint64
	tracing bool     // record every offset issued, for tests
	trace   []uint64 // the offsets issued, when tracing
}

// run is the clone's thread. It sets up on a locked, pinned OS thread,
// reports the outcome on ready, waits for start, then drives its queue
// until the job is done or stop is set. The thread is never unlocked: its
// affinity was changed, so it exits with the goroutine.
func (c *Clone) run(ready chan<- error, start <-chan struct{}, abort, stop *atomic.Bool) {
	runtime.LockOSThread()
	c.TID = sysx.Gettid()
	dev, q, err := c.setup()
	ready <- err
	if err != nil {
		return
	}
	defer dev.Close()
	defer q.Close()
	<-start
	if abort.Load() {
		return
	}
	c.loop(q, stop)
}

// setup pins the thread and opens the clone's device and queue.
func (c *Clone) setup() (*xnvme.Device, *xnvme.Queue, error) {
	j := c.Job
	if j.CPUsAllowed != nil {
		if err := sysx.PinThread(j.CPUsAllowed); err != nil {
			return nil, nil, fmt.Errorf("job %s: cpus_allowed=%s: %w", j.Name, j.CPUsAllowed, err)
		}
	}
	c.CPUs, _ = sysx.ThreadCPUs()
	var dev *xnvme.Device
	if c.Path != "" {
		var err error
		dev, err = xnvme.Open(c.Path, xnvme.OpenOptions{Write: j.RW.Writes(), Direct: j.Direct})
		if err != nil {
			return nil, nil, openError(j, err)
		}
		if bs := dev.Geometry().BlockSize; j.Direct && j.BlockSize%uint64(bs) != 0 {
			dev.Close()
			return nil, nil, fmt.Errorf("job %s: bs=%d is not a multiple of %s's block size %d, which direct=1 requires",
				j.Name, j.BlockSize, c.Path, bs)
		}
	}
	var devs []*xnvme.Device
	if dev != nil {
		devs = []*xnvme.Device{dev}
	}
	q, err := xnvme.NewQueue(devs, xnvme.QueueOptions{
		Mechanism:  c.mech,
		Depth:      c.depth,
		BufferSize: int(j.BlockSize),
		Fill:       j.RW.Writes(),
	})
	if err != nil {
		if dev != nil {
			dev.Close()
		}
		return nil, nil, queueError(j, err)
	}
	return dev, q, nil
}

// loop keeps the queue full until the job's size is done or its time is
// up. Each iteration is one crossing into C: fill free slots with
// submissions, cycle, record the completions. Nothing in it allocates,
// locks or calls through an interface.
func (c *Clone) loop(q *xnvme.Queue, stop *atomic.Bool) {
	j := c.Job
	dir, st := newJobStats(j)
	c.Stats = st
	d := &st.Dirs[dir]
	sync := q.Sync()
	sq, cq := q.SQ(), q.CQ()
	bs := j.BlockSize
	op := xnvme.OpRead
	if j.RW.Writes() {
		op = xnvme.OpWrite
	}
	offsets := workload.NewOffsets(j.RW, c.target.size/bs, j.NoRandomMap, c.seed)
	limit := offsets.Blocks() // IOs to issue, unless time_based
	free := make([]uint32, 0, c.depth)
	for s := c.depth - 1; s >= 0; s-- {
		free = append(free, uint32(s))
	}
	slotOffset := make([]uint64, c.depth)

	t0 := xnvme.Now()
	usage0, _ := sysx.ThreadUsage()
	st.Start = time.Now()
	measureStart, rampEnd := t0, t0+uint64(j.RampTime)
	ramping := j.RampTime > 0
	end := endOf(rampEnd, j.Runtime)
	var issued, ios, lastReap uint64
	inflight, pending := 0, 0
	stopping := false

	for {
		n := pending
		for n+inflight < c.depth && !stopping && (j.TimeBased || issued < limit) {
			slot := free[len(free)-1]
			free = free[:len(free)-1]
			off := offsets.Next() * bs
			sq[n] = xnvme.SQE{Offset: off, Nbytes: uint32(bs), Slot: slot, Opcode: op}
			slotOffset[slot] = off
			n++
			issued++
		}
		if n == 0 && inflight == 0 {
			break
		}
		if c.tracing {
			for _, e := range sq[pending:n] {
				c.trace = append(c.trace, e.Offset)
			}
		}
		minCQ := 0
		if n == 0 || n+inflight == c.depth || pending > 0 {
			minCQ = 1 // nothing to add, or the queue is full: wait
		}
		cyc, err := q.Cycle(n, minCQ)
		inflight += cyc.Submitted - cyc.Completed
		pending = n - cyc.Submitted
		copy(sq, sq[cyc.Submitted:n])
		now := cyc.Reaped
		for i := range cq[:cyc.Completed] {
			e := &cq[i]
			free = append(free, e.Slot)
			if e.Res != int32(bs) {
				if st.Error == 0 {
					setIOError(st, j, c.Path, op, slotOffset[e.Slot], e.Res)
				}
				stopping = true
				continue
			}
			if !sync {
				d.Slat.Record(e.TIssued - e.TSubmit)
			}
			d.Clat.Record(now - e.TIssued)
			d.Lat.Record(now - e.TSubmit)
			ios++
		}
		if cyc.Completed > 0 {
			lastReap = now
		}
		if err == nil && n > 0 && cyc.Submitted == 0 && inflight == 0 {
			err = fmt.Errorf("%s: the device accepted none of %d IOs with none in flight: %w", q.Mechanism(), n, syscall.EAGAIN)
		}
		if err != nil {
			if st.Error == 0 {
				setError(st, err)
			}
			break // the queue is broken: closing it cancels what is in flight
		}
		if ramping && now >= rampEnd {
			// The ramp is over: forget what it measured, as fio does. Its
			// IOs still count toward size.
			ramping = false
			d.Slat.Reset()
			d.Clat.Reset()
			d.Lat.Reset()
			ios, lastReap, measureStart = 0, now, now
			end = endOf(now, j.Runtime)
			usage0, _ = sysx.ThreadUsage()
			st.Start = time.Now()
		}
		if now >= end || stop.Load() {
			stopping = true
		}
	}

	usage1, _ := sysx.ThreadUsage()
	u := usage1.Sub(usage0)
	st.CPU = stats.CPU{User: u.User, System: u.System, Ctx: u.Ctx, MajFlt: u.MajFlt, MinFlt: u.MinFlt}
	d.TotalIOs = ios
	d.IOBytes = ios * bs
	if lastReap > measureStart {
		d.Runtime = time.Duration(lastReap - measureStart)
	}
	st.Runtime = d.Runtime
}

// endOf returns when the timed phase that starts at start ends: after
// runtime, or never for a zero runtime.
func endOf(start uint64, runtime time.Duration) uint64 {
	if runtime <= 0 {
		return ^uint64(0)
	}
	return start + uint64(runtime)
}

// newJobStats returns a clone's stats with the direction its pattern uses.
func newJobStats(j *workload.Job) (stats.Dir, *stats.Job) {
	dir := stats.Read
	if j.RW.Writes() {
		dir = stats.Write
	}
	st := &stats.Job{Name: j.Name, GroupID: j.GroupID, Members: 1}
	st.Dirs[dir] = stats.NewDirStats()
	return dir, st
}

// setIOError records a failed or short IO as the job's error, the way fio
// reports "io_u error".
func setIOError(st *stats.Job, j *workload.Job, path string, op xnvme.Opcode, off uint64, res int32) {
	what := "read"
	if op == xnvme.OpWrite {
		what = "write"
	}
	if path == "" {
		path = j.Name
	}
	if res < 0 {
		errno := syscall.Errno(-res)
		st.Error = int(errno)
		st.ErrorText = fmt.Sprintf("%s offset=%d, buflen=%d on %s: %v", what, off, j.BlockSize, path, errno)
		return
	}
	st.Error = int(syscall.EIO)
	st.ErrorText = fmt.Sprintf("short %s at offset=%d on %s: %d of %d bytes", what, off, path, res, j.BlockSize)
}

// setError records an error that broke the queue as the job's error.
func setError(st *stats.Job, err error) {
	st.Error = int(syscall.EIO)
	if errno, ok := asErrno(err); ok {
		st.Error = int(errno)
	}
	st.ErrorText = err.Error()
}
