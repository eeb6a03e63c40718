package engine

import (
	"syscall"
	"time"

	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/stats"
)

// Abandon returns what every clone of the run has done so far, for a run
// given up without waiting for its IOs in flight (a second interrupt): the
// stats of each clone that answers at its next batch edge within timeout,
// the final stats of those done, and for a clone stuck in an IO the counts
// of its progress, with EINTR as its error. Clones that never started come
// with empty stats.
func (m *Monitor) Abandon(timeout time.Duration) []*Clone {
	answered := map[*Clone]*stats.Job{}
	for _, c := range m.Interim(timeout) {
		answered[m.original(c)] = c.Stats
	}
	m.mu.Lock()
	clones := append([]*Clone(nil), m.clones...)
	m.mu.Unlock()
	out := make([]*Clone, 0, len(clones))
	for _, c := range clones {
		st, ok := answered[c]
		switch {
		case ok:
		case c.progress.state.Load() == stateWaiting:
			st = newJobStats(c.Job)
		default:
			st = countsOnly(c)
		}
		out = append(out, &Clone{Job: c.Job, Index: c.Index, TID: c.TID, Path: c.Path, Thread: c.Thread, Stats: st})
	}
	return out
}

// original finds the clone of the run an interim copy stands for.
func (m *Monitor) original(copy *Clone) *Clone {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range m.clones {
		if c.Job == copy.Job && c.Index == copy.Index {
			return c
		}
	}
	return nil
}

// countsOnly is the stats of a clone that could not answer: the IOs and
// bytes its progress shows, no latencies.
func countsOnly(c *Clone) *stats.Job {
	st := newJobStats(c.Job)
	p := &c.progress
	var elapsed time.Duration
	if started := p.started.Load(); started != 0 {
		if now := xnvme.Now(); now > started {
			elapsed = time.Duration(now - started)
		}
	}
	for d := range st.Dirs {
		ds := &st.Dirs[d]
		ds.TotalIOs, ds.IOBytes = p.ios[d].Load(), p.bytes[d].Load()
		ds.Issued = ds.TotalIOs
		if ds.Used() {
			ds.Runtime = elapsed
		}
	}
	st.Runtime = elapsed
	st.Error = int(syscall.EINTR)
	st.ErrorText = "interrupted again with IOs in flight: the figures are the counts so far, without latencies"
	return st
}
