package engine

import (
	"context"
	"sync/atomic"
	"time"
)

// This file starts and ends clones as fio's run_threads does (backend.c):
// every clone starts at once unless its startdelay has not passed since
// the start of the run, a job it waits for (wait_for) still runs or has
// not run yet, or it is a stonewall with anything before it started or
// still running, which also holds back every job after it. With exitall,
// a clone that ends ends its group (fio's default exit_what=group).

// cloneState is where a clone is in its life.
type cloneState uint8

const (
	notStarted cloneState = iota
	running
	finished
)

// scheduler starts the clones of a run and waits for them.
type scheduler struct {
	clones  []*Clone
	state   []cloneState
	exitAll bool
	done    chan int // the index of each clone that returns
	running int
}

// newScheduler returns the scheduler of clones; exitall set by any job
// applies to all, as in fio.
func newScheduler(clones []*Clone) *scheduler {
	s := &scheduler{clones: clones, state: make([]cloneState, len(clones)), done: make(chan int, len(clones))}
	for _, c := range clones {
		s.exitAll = s.exitAll || c.Job.Flow.ExitAll
	}
	return s
}

// run starts clones as they may start and returns when all have ended,
// or with the first setup error once the running ones have stopped.
func (s *scheduler) run(ctx context.Context) error {
	genesis := time.Now()
	cancelled := false
	stopAll := context.AfterFunc(ctx, func() {
		for _, c := range s.clones {
			c.stop.Store(true)
		}
	})
	defer stopAll()
	for {
		var next time.Duration
		if !cancelled {
			var batch []int
			batch, next = s.startable(time.Since(genesis))
			if err := s.start(batch); err != nil {
				for _, c := range s.clones {
					c.stop.Store(true)
				}
				s.waitAll()
				return err
			}
		}
		if s.running == 0 && (cancelled || !s.pending()) {
			return nil
		}
		s.wait(ctx, next, &cancelled)
	}
}

// wait waits for a clone to end, for next to pass (when not 0), or for ctx
// to be cancelled, which keeps the clones not started from starting.
func (s *scheduler) wait(ctx context.Context, next time.Duration, cancelled *bool) {
	var timer <-chan time.Time
	if next > 0 {
		t := time.NewTimer(next)
		defer t.Stop()
		timer = t.C
	}
	select {
	case i := <-s.done:
		s.ended(i)
	case <-timer:
	case <-ctx.Done():
		if !*cancelled {
			*cancelled = true
			s.skipPending()
		}
	}
}

// startable returns the clones that may start at elapsed since the start
// of the run, and how long until the next start delay passes (0 for
// none).
func (s *scheduler) startable(elapsed time.Duration) (batch []int, next time.Duration) {
	for i, c := range s.clones {
		if s.state[i] != notStarted {
			continue
		}
		if d := c.startDelay - elapsed; d > 0 {
			if next == 0 || d < next {
				next = d
			}
			continue
		}
		if c.Job.Flow.Stonewall && c.Index == 0 && (s.running > 0 || len(batch) > 0) {
			break
		}
		if s.waiteeRunning(c) {
			continue
		}
		batch = append(batch, i)
	}
	return batch, next
}

// waiteeRunning reports whether the job c waits for has a clone that has
// not finished.
func (s *scheduler) waiteeRunning(c *Clone) bool {
	w := c.Job.Flow.WaitFor
	if w == "" {
		return false
	}
	for i, o := range s.clones {
		if o.Job.Name == w && o.Job.Name != c.Job.Name && s.state[i] != finished {
			return true
		}
	}
	return false
}

// start sets the clones of batch up, each on its own thread, and lets them
// go at once when all are set up. On a setup error none of them runs.
func (s *scheduler) start(batch []int) error {
	if len(batch) == 0 {
		return nil
	}
	var abort atomic.Bool
	ready := make(chan error, len(batch))
	go1 := make(chan struct{})
	for _, i := range batch {
		c := s.clones[i]
		s.state[i] = running
		s.running++
		go func() {
			c.run(ready, go1, &abort)
			s.done <- i
		}()
	}
	var setupErr error
	for range batch {
		if err := <-ready; err != nil && setupErr == nil {
			setupErr = err
		}
	}
	abort.Store(setupErr != nil)
	close(go1)
	return setupErr
}

// ended notes that clone i returned; with exitall, its group ends.
func (s *scheduler) ended(i int) {
	s.state[i] = finished
	s.running--
	if !s.exitAll {
		return
	}
	g := s.clones[i].Job.GroupID
	for k, c := range s.clones {
		if c.Job.GroupID != g {
			continue
		}
		c.stop.Store(true)
		if s.state[k] == notStarted {
			s.state[k] = finished
		}
	}
}

// pending reports whether a clone has yet to start.
func (s *scheduler) pending() bool {
	for _, st := range s.state {
		if st == notStarted {
			return true
		}
	}
	return false
}

// skipPending marks the clones not started yet as finished: they never
// start.
func (s *scheduler) skipPending() {
	for i, st := range s.state {
		if st == notStarted {
			s.state[i] = finished
		}
	}
}

// waitAll waits for every running clone to return.
func (s *scheduler) waitAll() {
	for s.running > 0 {
		s.ended(<-s.done)
	}
}
