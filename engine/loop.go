package engine

import (
	"fmt"
	"runtime"
	"syscall"
	"time"

	"github.com/xbench/xbench/internal/sysx"
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// opcodeOf is the operation of a direction: their values are the same
// (TestOpcodesMatchDirections).
func opcodeOf(d workload.Dir) xnvme.Opcode { return xnvme.Opcode(d) }

// loop drives the queue until the job is done or its time is up. Each
// cycle is one crossing into C: fill the free slots with the generator's
// IOs, submit them and reap what completed, record the completions, then
// run the per-cycle checks. Nothing in a cycle allocates, locks or calls
// through an interface.
func (c *Clone) loop(q *xnvme.Queue) {
	j := c.Job
	st := newJobStats(j)
	c.Stats = st
	rec := newRecorder(j, st, q.Sync())
	rec.errs = newErrorPolicy(c, st, c.notes())
	rec.fileEnds = c.fileEnds
	rec.requeue = make([]uint32, 0, c.depth)
	vf := newVerifier(c, q)
	rec.vf = vf
	serial := serialQueue(q, c.depth)
	sl := newSlots(q.Slots())
	reap := newReaping(j, c.depth)
	pace := newPacer(j)
	gen := c.gen
	sq, cq := q.SQ(), q.CQ()
	stop := c.stop.Load
	depth, tracing := c.depth, c.tracing
	fill := depth // the IOs a cycle may carry, in flight or not
	if serial {
		fill = q.Slots()
	}

	t0 := xnvme.Now()
	smp := newSampler(c, st, &rec, t0)
	smp.serial = serial
	usage0, _ := sysx.ThreadUsage()
	st.Start = time.Now()
	epoch := t0 // the rate's time origin: the start, then the end of the ramp
	measureStart, rampEnd := t0, t0+uint64(j.RampTime)
	ramping := j.RampTime > 0
	end := endOf(rampEnd, j.Runtime)
	pace.minRate.restart(t0)
	now, lastReap, lastYield := t0, uint64(0), t0
	inflight, pending := 0, 0
	var held workload.IO // an IO not due yet (rate), or overlapping one in flight (verify)
	holding, blocked := false, false
	stopping := !gen.NextPass()
	passDone := false
	verifying := false // the pass's verify phase: reading back what it wrote

	for {
		// Issue again the rest of the short IOs, then fill the free
		// slots, unless the job stops, the pass is over or a pause is
		// due.
		gen.SetNow(now - epoch)
		if serial && stopping && pending > 0 {
			// The rest of a serial run never started: forget it.
			for _, e := range sq[:pending] {
				sl.put(e.Slot)
			}
			pending = 0
		}
		n := pending
		if len(rec.requeue) > 0 && !stopping {
			for _, slot := range rec.requeue {
				io := &sl.ios[slot]
				e := &sq[n]
				e.Offset, e.Nbytes, e.Slot, e.Opcode, e.File, e.BufOff = io.Offset, uint32(io.Len), slot, opcodeOf(io.Dir), uint16(io.File), sl.bufOff[slot]
				n++
			}
			rec.requeue = rec.requeue[:0]
		}
		for !stopping && !pace.thinking && n+inflight < fill {
			// The generator (or the verifier, reading back what was
			// written) fills the next slot's IO in place; one not due
			// yet waits aside until it is.
			slot, io := sl.next()
			switch {
			case holding:
				*io = held
			case verifying:
				if !vf.readBack(slot, io, true) {
					goto filled
				}
			case passDone:
				goto filled
			case vf != nil && vf.readBack(slot, io, false):
			case !gen.Next(io):
				passDone = true
				goto filled
			}
			if holding = io.Due > now-epoch; holding {
				held = *io
				break
			}
			if vf != nil {
				switch vf.prepare(slot, io, now) {
				case ioHold:
					held, holding, blocked = *io, true, true
					goto filled
				case ioSkip:
					continue
				}
				blocked = false
			}
			sl.take()
			sl.bufOff[slot] = 0
			e := &sq[n]
			e.Offset, e.Nbytes, e.Slot, e.Opcode, e.File, e.BufOff = io.Offset, uint32(io.Len), slot, opcodeOf(io.Dir), uint16(io.File), 0
			n++
			if tracing {
				c.trace = append(c.trace, *io)
			}
		}
	filled:
		if n == 0 && inflight == 0 {
			// The queue is empty: end the job, start the verify phase or
			// the next pass, or pause for the think time or the rate.
			switch {
			case stopping:
			case pace.thinking:
				// As in fio, a pause due after the last IO still happens.
				now = pace.pause(end, stop)
			case passDone:
				if !verifying {
					if j.Sync.EndFsync || (vf != nil && !j.Direct && !c.uri && vf.log != nil && vf.log.pending > 0) {
						// end_fsync, and fio's sync before a verify
						// phase reads back what the page cache holds.
						if t, err := c.endFsync(q, &sl); err != nil {
							setError(st, err)
							stopping = true
						} else {
							lastReap = t
						}
					}
					if vf != nil && !stopping && vf.startPhase() {
						if c.opts != nil && c.opts.beforeVerify != nil {
							c.opts.beforeVerify(c)
						}
						verifying = true
						break
					}
				}
				verifying, passDone = false, false
				if vf != nil {
					vf.endPass()
				}
				stopping = stopping || !gen.NextPass()
			case holding:
				now = sleepUntil(epoch+held.Due, end, stop)
			}
			if stopping {
				break
			}
			if now >= end || stop() {
				stopping = true
			}
			continue
		}

		drain := stopping || (passDone && (!verifying || vf.exhausted)) || pace.thinking || (holding && !blocked)
		var cyc xnvme.Cycle
		var err error
		if serial {
			cyc, err = q.Serial(n, serialUntil(now, end, rampEnd, ramping, lastYield))
		} else {
			cyc, err = q.Cycle(n, reap.waitFor(n, inflight, drain, pending > 0 || blocked))
		}
		running := inflight + n // the IO depth this cycle ran at
		inflight += cyc.Submitted - cyc.Completed
		pending = n - cyc.Submitted
		copy(sq, sq[cyc.Submitted:n])
		now = cyc.Reaped
		if serial {
			stopping = rec.completeSerial(cq[:cyc.Completed], &sl) || stopping
		} else if rec.complete(cq[:cyc.Completed], &sl, now) {
			stopping = true
		}
		if cyc.Completed > 0 {
			lastReap = now
		}
		smp.batch(n, running, &cyc)

		// Per-cycle checks: a broken queue, the ramp, the think time,
		// the minimum rate, the end of the run.
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
			// The ramp is over: forget what it measured, as fio does,
			// and start the rate over. Its IOs still count toward size.
			ramping = false
			rec.reset()
			gen.Rate().Reset()
			lastReap, measureStart, epoch = now, now, now
			end = endOf(now, j.Runtime)
			pace.minRate.restart(now)
			usage0, _ = sysx.ThreadUsage()
			st.Start = time.Now()
			smp.reset(now)
		}
		if pace.on {
			pace.completed(rec.blocks())
			if err := pace.minRate.check(now, &rec); err != nil && st.Error == 0 {
				setError(st, err)
				stopping = true
			}
		}
		if now >= end || c.stop.Load() {
			stopping = true
		}
		if now-lastYield >= yieldEvery {
			runtime.Gosched()
			lastYield = now
		}
	}

	smp.finish(max(lastReap, measureStart), &sl)
	vf.finish(c)
	usage1, _ := sysx.ThreadUsage()
	u := usage1.Sub(usage0)
	st.CPU = stats.CPU{User: u.User, System: u.System, Ctx: u.Ctx, MajFlt: u.MajFlt, MinFlt: u.MinFlt}
	runtimeNs := uint64(0)
	if lastReap > measureStart {
		runtimeNs = lastReap - measureStart
	}
	rec.finish(runtimeNs)
}

// endFsync fsyncs every file of the clone at the end of a pass
// (end_fsync), with the queue empty, and returns when the last completed.
// These syncs are not counted, as in fio.
func (c *Clone) endFsync(q *xnvme.Queue, sl *slots) (uint64, error) {
	sq, cq := q.SQ(), q.CQ()
	var t uint64
	for first := 0; first < len(c.Paths); first += c.depth {
		n := min(c.depth, len(c.Paths)-first)
		for i := range n {
			io := workload.IO{File: first + i, Dir: workload.DirSync}
			sq[i] = xnvme.SQE{Slot: sl.takeWith(&io), Opcode: xnvme.OpFsync, File: uint16(first + i)}
		}
		for submitted, completed := 0, 0; completed < n; {
			cyc, err := q.Cycle(n-submitted, n-completed)
			if err != nil {
				return 0, fmt.Errorf("end_fsync: %w", err)
			}
			copy(sq, sq[cyc.Submitted:n-submitted])
			submitted += cyc.Submitted
			completed += cyc.Completed
			for _, e := range cq[:cyc.Completed] {
				io := sl.put(e.Slot)
				if e.Res < 0 {
					return 0, fmt.Errorf("end_fsync of %s: %w", c.pathOf(io.File), syscall.Errno(-e.Res))
				}
			}
			t = cyc.Reaped
		}
	}
	return t, nil
}

// pathOf names file i of the clone, for messages.
func (c *Clone) pathOf(i int) string {
	if i < len(c.Paths) && c.Paths[i] != "" {
		return c.Paths[i]
	}
	return c.Job.Name
}

// endOf returns when the timed phase that starts at start ends: after
// runtime, or never for a zero runtime.
func endOf(start uint64, runtime time.Duration) uint64 {
	if runtime <= 0 {
		return ^uint64(0)
	}
	return start + uint64(runtime)
}

// yieldEvery is how often the loop yields to the Go scheduler. A locked
// goroutine that never yields looks to the runtime's sysmon like one
// running for too long (10 ms on one scheduling tick): from then on sysmon
// wakes every 20 µs and takes the thread's P whenever it finds it in the
// C cycle, which cost a QD1 job 20-30% more context switches and CPU per
// IO. Yielding well within those 10 ms keeps sysmon asleep; each yield of
// a locked goroutine costs a few context switches, so not much more often.
const yieldEvery = uint64(5 * time.Millisecond)

// durationOf converts nanoseconds to a Duration.
func durationOf(ns uint64) time.Duration { return time.Duration(ns) }
