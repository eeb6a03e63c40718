package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/xbench/xbench/engine"
	"github.com/xbench/xbench/workload"
)

// interrupts is how a run is stopped from outside: the first SIGINT or
// SIGTERM cancels the run's context, so that the jobs drain what is in
// flight and the complete report is written; a second SIGINT (or SIGTERM)
// closes again, and the run writes what it has at once and exits without
// waiting for the IOs in flight.
type interrupts struct {
	again chan struct{}
}

// watchSignals returns the run's context and its interrupts; stop
// releases the signals.
func watchSignals() (context.Context, *interrupts, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	in := &interrupts{again: make(chan struct{})}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		for n := 0; ; n++ {
			select {
			case <-sigs:
			case <-done:
				return
			}
			if n == 0 {
				cancel()
				continue
			}
			close(in.again)
			return
		}
	}()
	return ctx, in, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}

// reportOnce lets either the normal end of a run or a second interrupt
// write the reports, never both.
type reportOnce struct {
	mu   sync.Mutex
	done bool
}

// take reports whether the caller is the one to write the reports.
func (r *reportOnce) take() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done {
		return false
	}
	r.done = true
	return true
}

// abandonOnAgain waits for a second interrupt while the jobs run; then it
// writes the report of what the clones have done (their stats at their
// next batch edge, or the counts of a clone stuck in an IO) and exits.
// Closing finished stops the wait.
func abandonOnAgain(in *interrupts, finished <-chan struct{}, once *reportOnce, o *options, mon *engine.Monitor,
	global []workload.Setting, out, stderr io.Writer) {
	if in == nil {
		return
	}
	select {
	case <-in.again:
	case <-finished:
		return
	}
	if !once.take() {
		return
	}
	fmt.Fprintln(stderr, "xbench: interrupted again: writing what the jobs have done, without waiting for the IOs in flight")
	rep := buildRun(mon.Abandon(200*time.Millisecond), global)
	if err := writeReports(out, o, rep); err != nil {
		fmt.Fprintf(stderr, "xbench: %v\n", err)
	}
	if f, ok := out.(*os.File); ok {
		f.Sync()
	}
	os.Exit(exitFailed)
}
