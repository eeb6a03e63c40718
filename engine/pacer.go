package engine

import (
	"fmt"
	"syscall"
	"time"

	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/workload"
)

// This file paces a clone: think time between IOs (thinktime,
// thinktime_spin, thinktime_blocks), the waits of a rated job, and the
// check of its minimum rate (rate_min, rate_iops_min). As in fio, a pause
// waits for the IOs in flight first, so that it does not count as their
// latency.

// maxNap bounds one sleep, so that a sleeping clone still notices that it
// must stop.
const maxNap = 10 * time.Millisecond

// pacer decides when a clone pauses and does the pausing.
type pacer struct {
	on         bool // think time or a minimum rate to check
	think      workload.ThinkTime
	lastBlocks uint64
	thinking   bool
	minRate    minRate
}

// newPacer returns the pacer of j.
func newPacer(j *workload.Job) pacer {
	p := pacer{think: j.Think, minRate: newMinRate(j)}
	p.on = p.think.Time > 0 || p.minRate.on
	return p
}

// completed notes the data IOs completed so far; after every
// thinktime_blocks of them a pause is due.
func (p *pacer) completed(blocks uint64) {
	if p.think.Time > 0 && blocks >= p.lastBlocks+uint64(p.think.Blocks) {
		p.thinking = true
		p.lastBlocks = blocks
	}
}

// pause spins, then sleeps, for the think time, or until deadline (a
// CLOCK_MONOTONIC time) or stop. The queue is empty. It returns the time.
func (p *pacer) pause(deadline uint64, stop func() bool) uint64 {
	p.thinking = false
	now := xnvme.Now()
	spinEnd := now + uint64(p.think.Spin)
	for now < spinEnd && now < deadline {
		now = xnvme.Now()
	}
	return sleepUntil(now+uint64(p.think.Time-p.think.Spin), deadline, stop)
}

// sleepUntil sleeps until t, or deadline, or until stop reports true,
// and returns the time.
func sleepUntil(t, deadline uint64, stop func() bool) uint64 {
	t = min(t, deadline)
	now := xnvme.Now()
	for now < t && !stop() {
		xnvme.Sleep(min(time.Duration(t-now), maxNap))
		now = xnvme.Now()
	}
	return now
}

// minRate is fio's check of rate_min and rate_iops_min: after a settling
// time of two seconds, every rate_cycle, the bytes or IOs of each
// direction since the last check must reach the minimum.
type minRate struct {
	on          bool
	bytes, iops [workload.NumDirs]uint64
	cycle       uint64
	start, last uint64 // when measuring began, and the last check
	lastBytes   [workload.NumDirs]uint64
	lastIOs     [workload.NumDirs]uint64
	checked     bool
}

// settle is the time fio lets a job reach its rate before checking it.
const settle = 2 * time.Second

func newMinRate(j *workload.Job) minRate {
	return minRate{on: j.Rate.HasMinimum(), bytes: j.Rate.MinBytes, iops: j.Rate.MinIOPS,
		cycle: uint64(max(j.Rate.Cycle, time.Millisecond))}
}

// restart starts measuring at now, after the ramp.
func (m *minRate) restart(now uint64) {
	m.start, m.last, m.checked = now, now, false
}

// check returns an error when a direction fell below its minimum rate
// over the last cycle.
func (m *minRate) check(now uint64, r *recorder) error {
	if !m.on || now-m.start < uint64(settle) || (m.checked && now-m.last < m.cycle) {
		return nil
	}
	spent := now - m.last
	for d := range workload.NumDirs {
		if r.ios[d] == 0 {
			continue
		}
		if m.checked && spent > 0 {
			bytes := (r.bytes[d] - m.lastBytes[d]) * uint64(time.Second) / spent
			ios := (r.ios[d] - m.lastIOs[d]) * uint64(time.Second) / spent
			switch {
			case m.bytes[d] != 0 && bytes < m.bytes[d]:
				return fmt.Errorf("%s rate_min=%dB/s not met, got %dB/s: %w", workload.Dir(d), m.bytes[d], bytes, syscall.EIO)
			case m.bytes[d] == 0 && m.iops[d] != 0 && ios < m.iops[d]:
				return fmt.Errorf("%s rate_iops_min=%d not met, got %d IOPS: %w", workload.Dir(d), m.iops[d], ios, syscall.EIO)
			}
		}
		m.lastBytes[d], m.lastIOs[d] = r.bytes[d], r.ios[d]
	}
	m.last, m.checked = now, true
	return nil
}
