package engine

import (
	"sync/atomic"
	"time"

	"github.com/xbench/xbench/internal/sysx"
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/stats"
)

// sampler takes a clone's measurements besides the latency histograms, once
// per cycle of the timed loop and never per IO: the IO depth, submit and
// complete distributions, the issued count, bandwidth and IOPS samples
// every bwavgtime and iopsavgtime, the counters the progress display reads,
// interim snapshots for --status-interval, and the per-job logs. Its times
// are the batch-edge stamps of the cycles.
type sampler struct {
	c   *Clone
	st  *stats.Job
	d   *stats.DirStats
	dir stats.Dir
	bs  uint64

	start  uint64 // start of the measured phase
	usage0 sysx.Usage

	bwEvery, iopsEvery uint64 // sample intervals in ns
	bwLast, iopsLast   uint64 // when the last samples were taken
	bwIOs, iopsIOs     uint64 // completed IOs at the last samples

	logs *cloneLogs // nil without logs
}

// newSampler starts sampling at t0, the start of the loop. slotOffset
// holds the offset of the IO in each slot; blocks is how many IOs the job
// issues when it is not time based.
func newSampler(c *Clone, st *stats.Job, dir stats.Dir, t0 uint64, slotOffset []uint64, blocks uint64) *sampler {
	j := c.Job
	s := &sampler{
		c: c, st: st, d: &st.Dirs[dir], dir: dir, bs: j.BlockSize,
		bwEvery:   uint64(j.Logs.BWInterval()),
		iopsEvery: uint64(j.Logs.IOPSInterval()),
		logs:      c.logs,
	}
	st.IODepth = c.depth
	s.reset(t0)
	if s.logs != nil {
		s.logs.slotOffset = slotOffset
		s.logs.begin(t0, st)
	}
	c.progress.blocks.Store(blocks)
	c.progress.started.Store(t0)
	c.progress.state.Store(stateRunning)
	return s
}

// reset forgets what was sampled, at the start of the measured phase (the
// end of ramp_time), as fio's reset_io_stats does.
func (s *sampler) reset(now uint64) {
	s.st.Depth, s.st.Submit, s.st.Complete = stats.Dist{}, stats.Dist{}, stats.Dist{}
	s.d.Issued, s.d.Short, s.d.Dropped = 0, 0, 0
	s.d.BW, s.d.IOPS = stats.SampleStats{}, stats.SampleStats{}
	s.d.BWSeries, s.d.IOPSSeries = s.d.BWSeries[:0], s.d.IOPSSeries[:0]
	s.start, s.bwLast, s.iopsLast = now, now, now
	s.bwIOs, s.iopsIOs = 0, 0
	s.usage0, _ = sysx.ThreadUsage()
}

// batch accounts one cycle: nsq entries offered to the queue with depth IOs
// in flight counting them, what the cycle did, its completions cq, and ios,
// the IOs completed in the measured phase so far.
func (s *sampler) batch(nsq, depth int, cyc *xnvme.Cycle, cq []xnvme.CQE, ios uint64) {
	st := s.st
	if nsq > 0 {
		st.Depth[stats.DepthBucket(depth)] += uint64(cyc.Submitted)
		st.Submit[stats.BatchBucket(cyc.Submitted)]++
		s.d.Issued += uint64(cyc.Submitted)
	}
	st.Complete[stats.BatchBucket(cyc.Completed)]++
	now := cyc.Reaped
	if s.logs != nil {
		s.logs.batch(now, cq, ios)
	}
	if now-s.bwLast >= s.bwEvery {
		if rate, ok := s.rate(now, s.bwLast, ios-s.bwIOs, s.bs); ok {
			rate /= 1024 // KiB/s
			s.d.BW.Add(rate)
			s.d.BWSeries = append(s.d.BWSeries, stats.Point{TimeMs: (now - s.start) / uint64(time.Millisecond), Value: rate})
			if s.logs != nil {
				s.logs.bwSample(now, rate)
			}
		}
		s.bwLast, s.bwIOs = now, ios
	}
	if now-s.iopsLast >= s.iopsEvery {
		if rate, ok := s.rate(now, s.iopsLast, ios-s.iopsIOs, 1); ok {
			s.d.IOPS.Add(rate)
			s.d.IOPSSeries = append(s.d.IOPSSeries, stats.Point{TimeMs: (now - s.start) / uint64(time.Millisecond), Value: rate})
			if s.logs != nil {
				s.logs.iopsSample(now, rate)
			}
		}
		s.iopsLast, s.iopsIOs = now, ios
	}
	s.c.progress.completed.Store(ios)
	if want := s.c.progress.snapWant.Load(); want != s.c.progress.snapDone.Load() {
		s.snapshot(now, ios, want)
	}
}

// rate is fio's rate of one interval (stat.c, __add_samples): units per
// second over whole milliseconds, none for an interval without IO.
func (s *sampler) rate(now, last, n, unit uint64) (uint64, bool) {
	if n == 0 {
		return 0, false
	}
	spent := (now - last) / uint64(time.Millisecond)
	if spent == 0 {
		return 0, true
	}
	return n * unit * 1000 / spent, true
}

// finish ends sampling when the loop is done: inflight IOs were left in a
// broken queue.
func (s *sampler) finish(now uint64, inflight int) {
	s.d.Dropped = uint64(inflight)
	if s.logs != nil {
		s.logs.finish(now)
		if s.logs.err != nil && s.st.Error == 0 {
			setError(s.st, s.logs.err)
		}
	}
}

// snapshot publishes a copy of the clone's stats so far for an interim
// report, answering request want.
func (s *sampler) snapshot(now, ios uint64, want uint64) {
	snap := &stats.Job{}
	snap.Merge(s.st)
	sd := &snap.Dirs[s.dir]
	sd.TotalIOs, sd.IOBytes = ios, ios*s.bs
	if now > s.start {
		sd.Runtime = time.Duration(now - s.start)
	}
	snap.Runtime = sd.Runtime
	if u, err := sysx.ThreadUsage(); err == nil {
		snap.CPU = cpuOf(u.Sub(s.usage0))
	}
	s.c.progress.snap.Store(snap)
	s.c.progress.snapDone.Store(want)
}

// cpuOf converts a thread's usage to the report's CPU figures.
func cpuOf(u sysx.Usage) stats.CPU {
	return stats.CPU{User: u.User, System: u.System, Ctx: u.Ctx, MajFlt: u.MajFlt, MinFlt: u.MinFlt}
}

// The states of a clone, as its progress shows them.
const (
	stateWaiting int32 = iota
	stateRunning
	stateDone
)

// progress is what a running clone publishes for the progress display and
// interim reports: plain atomics, stored once per cycle.
type progress struct {
	// state is stateWaiting, stateRunning or stateDone.
	state atomic.Int32
	// started is when the loop started (xnvme.Now), blocks the IOs a
	// size-based job issues.
	started, blocks atomic.Uint64
	// completed counts the IOs completed in the measured phase.
	completed atomic.Uint64
	// snapWant is the latest interim snapshot asked for, snapDone the
	// latest answered, snap the answer.
	snapWant, snapDone atomic.Uint64
	snap               atomic.Pointer[stats.Job]
}
