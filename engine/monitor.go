package engine

import (
	"sync"
	"time"

	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// Monitor watches a run from another goroutine: the progress display reads
// the counters the clones publish once per cycle, and interim reports ask
// the clones for a copy of their stats at their next batch edge. Neither
// adds work per IO.
type Monitor struct {
	mu     sync.Mutex
	clones []*Clone
	seq    uint64
}

// NewMonitor returns a Monitor to pass in Options.
func NewMonitor() *Monitor { return &Monitor{} }

// add registers the clones of a group as it starts.
func (m *Monitor) add(clones []*Clone) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.clones = append(m.clones, clones...)
}

// CloneProgress is how far one clone has got.
type CloneProgress struct {
	// Job is the clone's job.
	Job *workload.Job
	// Running is set while the clone drives its queue; Done once it has
	// finished.
	Running, Done bool
	// IOs and Bytes count, per direction, the IOs and bytes completed in
	// the measured phase.
	IOs, Bytes [stats.NumDirs]uint64
	// Elapsed is the time since the clone started its loop.
	Elapsed time.Duration
	// Fraction is the part of the job done, from 0 to 1: of its bytes, or
	// of its time when it is time based.
	Fraction float64
}

// Progress returns every clone's progress, in job order.
func (m *Monitor) Progress() []CloneProgress {
	m.mu.Lock()
	clones := append([]*Clone(nil), m.clones...)
	m.mu.Unlock()
	now := xnvme.Now()
	out := make([]CloneProgress, len(clones))
	for i, c := range clones {
		p := &c.progress
		st := p.state.Load()
		cp := CloneProgress{Job: c.Job, Running: st == stateRunning, Done: st == stateDone}
		for d := range cp.IOs {
			cp.IOs[d], cp.Bytes[d] = p.ios[d].Load(), p.bytes[d].Load()
		}
		if st != stateWaiting {
			if started := p.started.Load(); started != 0 && now > started {
				cp.Elapsed = time.Duration(now - started)
			}
		}
		cp.Fraction = fraction(c.Job, cp, p.planned.Load())
		out[i] = cp
	}
	return out
}

// fraction estimates how much of a clone's job is done; planned is the
// bytes it issues, 0 when time based.
func fraction(j *workload.Job, p CloneProgress, planned uint64) float64 {
	if p.Done {
		return 1
	}
	var f float64
	if total := j.RampTime + j.Runtime; j.Runtime > 0 {
		f = float64(p.Elapsed) / float64(total)
	}
	if planned > 0 {
		f = max(f, float64(p.Bytes[0]+p.Bytes[1]+p.Bytes[2])/float64(planned))
	}
	return min(f, 1)
}

// Interim asks every running clone for a copy of its stats and returns one
// entry per clone that has started, in job order, with Stats set to the
// copy (or the final stats of a clone that is done). It waits at most
// timeout for the running clones to answer at their next batch edge; a
// clone that does not answer in time is left out.
func (m *Monitor) Interim(timeout time.Duration) []*Clone {
	m.mu.Lock()
	m.seq++
	seq := m.seq
	clones := append([]*Clone(nil), m.clones...)
	m.mu.Unlock()
	for _, c := range clones {
		c.progress.snapWant.Store(seq)
	}
	deadline := time.Now().Add(timeout)
	var out []*Clone
	for _, c := range clones {
		for {
			p := &c.progress
			switch st := p.state.Load(); {
			case st == stateDone:
				if c.Stats != nil {
					out = append(out, &Clone{Job: c.Job, Index: c.Index, TID: c.TID, Path: c.Path, Thread: c.Thread, Stats: c.Stats})
				}
			case st == stateRunning && p.snapDone.Load() == seq:
				out = append(out, &Clone{Job: c.Job, Index: c.Index, TID: c.TID, Path: c.Path, Thread: c.Thread, Stats: p.snap.Load()})
			case st == stateRunning && time.Now().Before(deadline):
				time.Sleep(time.Millisecond)
				continue
			}
			break
		}
	}
	return out
}
