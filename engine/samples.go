package engine

import (
	"sync/atomic"
	"time"

	"github.com/xbench/xbench/fiolog"
	"github.com/xbench/xbench/internal/sysx"
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// sampler takes a clone's measurements besides the latency histograms, once
// per cycle of the timed loop and never per IO: the IO depth, submit and
// complete distributions, bandwidth and IOPS samples of each direction
// every bwavgtime and iopsavgtime, the counters the progress display reads,
// interim snapshots for --status-interval, and the per-job logs. Its times
// are the batch-edge stamps of the cycles; its counts are the recorder's.
type sampler struct {
	c   *Clone
	st  *stats.Job
	rec *recorder

	start  uint64 // start of the measured phase
	usage0 sysx.Usage

	bw, iops rateSeries // bandwidth (bytes) and IOPS (IOs) samples

	published uint64 // when the counts were last published
	// serial is set when the clone runs serially: each IO of a cycle was
	// submitted and completed on its own, at depth 1.
	serial bool

	logs *cloneLogs // nil without logs
}

// newSampler starts sampling at t0, the start of the loop, from the counts
// of rec.
func newSampler(c *Clone, st *stats.Job, rec *recorder, t0 uint64) *sampler {
	j := c.Job
	s := &sampler{
		c: c, st: st, rec: rec,
		bw:   rateSeries{every: uint64(j.Logs.BWInterval())},
		iops: rateSeries{every: uint64(j.Logs.IOPSInterval())},
		logs: c.logs,
	}
	st.IODepth = c.depth
	s.reset(t0)
	if s.logs != nil {
		rec.recordLatSeparately()
		s.logs.begin(t0, st)
		if s.logs.logsEveryIO() {
			rec.logs = s.logs
		}
	}
	c.progress.planned.Store(c.gen.PlannedBytes())
	c.progress.started.Store(t0)
	c.progress.state.Store(stateRunning)
	return s
}

// reset forgets what was sampled, at the start of the measured phase (the
// end of ramp_time), as fio's reset_io_stats does.
func (s *sampler) reset(now uint64) {
	s.st.Depth, s.st.Submit, s.st.Complete = stats.Dist{}, stats.Dist{}, stats.Dist{}
	for d := range s.st.Dirs {
		ds := &s.st.Dirs[d]
		ds.Issued, ds.Short, ds.Dropped = 0, 0, 0
		ds.BW, ds.IOPS = stats.SampleStats{}, stats.SampleStats{}
		ds.BWSeries, ds.IOPSSeries = ds.BWSeries[:0], ds.IOPSSeries[:0]
	}
	s.start, s.published = now, 0
	s.bw.restart(now)
	s.iops.restart(now)
	s.usage0, _ = sysx.ThreadUsage()
}

// batch accounts one cycle: nsq entries offered to the queue with depth IOs
// in flight counting them, and what the cycle did. It runs after the
// recorder took the cycle's completions.
func (s *sampler) batch(nsq, depth int, cyc *xnvme.Cycle) {
	st, rec := s.st, s.rec
	switch {
	case s.serial:
		st.Depth[stats.DepthBucket(1)] += uint64(cyc.Submitted)
		st.Submit[stats.BatchBucket(1)] += uint64(cyc.Submitted)
		st.Complete[stats.BatchBucket(1)] += uint64(cyc.Completed)
	case nsq > 0:
		st.Depth[stats.DepthBucket(depth)] += uint64(cyc.Submitted)
		st.Submit[stats.BatchBucket(cyc.Submitted)]++
		fallthrough
	default:
		st.Complete[stats.BatchBucket(cyc.Completed)]++
	}
	now := cyc.Reaped
	if s.logs != nil {
		s.logs.tick(now)
	}
	if s.bw.due(now) {
		s.sampleRates(&s.bw, now, &rec.bytes, true)
	}
	if s.iops.due(now) {
		s.sampleRates(&s.iops, now, &rec.ios, false)
	}
	if now-s.published >= publishEvery {
		s.publish()
		s.published = now
	}
	if p := &s.c.progress; p.snapWant.Load() != p.snapDone.Load() {
		s.snapshot(now, p.snapWant.Load())
	}
}

// publishEvery is how often a clone publishes its counts for the progress
// display: each publication is a few atomic stores, which cost a QD1 null
// job 8% of its time when made every cycle; readers look every second or
// so.
const publishEvery = uint64(time.Millisecond)

// publish stores the recorder's counts for the progress display.
func (s *sampler) publish() {
	p := &s.c.progress
	for d := range workload.NumDirs {
		p.ios[d].Store(s.rec.ios[d])
		p.bytes[d].Store(s.rec.bytes[d])
	}
}

// rateSeries is one kind of rate sample (bandwidth or IOPS) of every
// direction, taken every `every` ns from the recorder's counts.
type rateSeries struct {
	every  uint64                   // sample interval in ns
	last   uint64                   // when the last sample was taken
	counts [workload.NumDirs]uint64 // the recorder's counts then
}

// restart forgets the counts and starts an interval at now.
func (r *rateSeries) restart(now uint64) {
	r.last, r.counts = now, [workload.NumDirs]uint64{}
}

// due reports whether the interval that began at r.last is over at now.
func (r *rateSeries) due(now uint64) bool { return now-r.last >= r.every }

// rate is fio's rate of the interval ending at now for n units (stat.c,
// __add_samples): n per second over whole milliseconds, none for an
// interval without IO.
func (r *rateSeries) rate(now, n uint64) (uint64, bool) {
	if n == 0 {
		return 0, false
	}
	spent := (now - r.last) / uint64(time.Millisecond)
	if spent == 0 {
		return 0, true
	}
	return n * 1000 / spent, true
}

// sampleRates adds the samples of the interval of r ending at now, from
// the recorder's counts: bandwidth in KiB/s (bw, counts in bytes) or IOPS.
func (s *sampler) sampleRates(r *rateSeries, now uint64, counts *[workload.NumDirs]uint64, bw bool) {
	for d := range workload.NumDirs {
		rate, ok := r.rate(now, counts[d]-r.counts[d])
		if !ok {
			continue
		}
		ds := &s.st.Dirs[d]
		sum, series, lg := &ds.IOPS, &ds.IOPSSeries, (*fiolog.Log)(nil)
		if bw {
			rate /= 1024 // KiB/s
			sum, series = &ds.BW, &ds.BWSeries
		}
		sum.Add(rate)
		*series = append(*series, stats.Point{TimeMs: (now - s.start) / uint64(time.Millisecond), Value: rate})
		if s.logs != nil {
			lg = s.logs.iops
			if bw {
				lg = s.logs.bw
			}
			s.logs.sample(lg, now, workload.Dir(d), rate)
		}
	}
	r.last, r.counts = now, *counts
}

// finish ends sampling when the loop is done: the IOs of sl still taken
// were left in a broken queue (fio's dropped IOs). Issued counts every IO
// handed to the queue in the measured phase, as fio's issued counts.
func (s *sampler) finish(now uint64, sl *slots) {
	s.publish()
	for d := range workload.NumDirs {
		ds := &s.st.Dirs[d]
		ds.Dropped = sl.inFlight(workload.Dir(d))
		ds.Issued = s.rec.ios[d] + s.rec.failedIOs[d] + ds.Dropped
		ds.Short = s.rec.short[d]
	}
	if s.logs != nil {
		s.logs.finish(now)
		if s.logs.err != nil && s.st.Error == 0 {
			setError(s.st, s.logs.err)
		}
	}
}

// snapshot publishes a copy of the clone's stats so far for an interim
// report, answering request want.
func (s *sampler) snapshot(now uint64, want uint64) {
	snap := &stats.Job{}
	snap.Merge(s.st)
	s.rec.latInto(snap)
	var runtime time.Duration
	if now > s.start {
		runtime = time.Duration(now - s.start)
	}
	for d := range workload.NumDirs {
		sd := &snap.Dirs[d]
		sd.TotalIOs, sd.IOBytes = s.rec.ios[d], s.rec.bytes[d]
		if sd.Used() {
			sd.Runtime = runtime
		}
	}
	snap.Runtime = runtime
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
	// started is when the loop started (xnvme.Now), planned the bytes a
	// job that is not time based issues.
	started, planned atomic.Uint64
	// ios and bytes count, per direction, the IOs and bytes completed in
	// the measured phase.
	ios, bytes [workload.NumDirs]atomic.Uint64
	// snapWant is the latest interim snapshot asked for, snapDone the
	// latest answered, snap the answer.
	snapWant, snapDone atomic.Uint64
	snap               atomic.Pointer[stats.Job]
}
