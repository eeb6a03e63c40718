package engine

import (
	"time"

	"github.com/xbench/xbench/internal/xnvme"
)

// This file decides when a clone runs its IOs serially: at iodepth 1 on a
// mechanism that completes each IO inside its submit call (the sync family,
// null), a cycle hands C several IOs and C performs them one after
// another, each in its own call with its own stamps, instead of crossing
// back into Go after every IO (xnvme.Queue.Serial). One IO is in flight at
// any time, as at iodepth 1 it must be; what goes is the return to Go
// between two IOs, which no IO's latency ever included.
//
// The IOs of a run are generated before the first of them starts, so a run
// is only for jobs whose next IO does not depend on when the last one
// completed: no rate (an IO's due time), no think time (a pause after so
// many IOs), no minimum rate (checked each cycle), no verification (which
// reads back what it wrote). The run ends at the first IO that fails or
// comes back short, so that the error policy sees it before any other IO
// starts, and at the loop's next deadline (the end, the end of the ramp,
// the next yield, or serialSlice after it began), so that the timed phase
// ends where it would IO by IO.

// serialIOs is the most IOs of one serial run: 16 cuts the crossings and
// per-cycle work of a QD1 null job to a sixteenth.
const serialIOs = 16

// serialBytes caps the buffers a serial queue adds: each IO of a run has a
// slot of its own, so a run of large blocks is shorter.
const serialBytes = 1 << 20

// serialSlice bounds how long one run goes on, so that a clone on a slow
// device still notices promptly that it must stop.
const serialSlice = uint64(100 * time.Microsecond)

// serialSlots is the number of slots the clone's queue asks for serial
// runs, or 0 when the clone runs IO by IO.
func (c *Clone) serialSlots() int {
	j := c.Job
	if c.depth != 1 || c.uri || j.Verify.Verifies() || j.Rate.Limited() || j.Rate.HasMinimum() || j.Think.Time > 0 {
		return 0
	}
	n := min(serialIOs, serialBytes/max(int(bufferSize(j)), 1))
	if n < 2 {
		return 0
	}
	return n
}

// serialUntil is when a serial run that starts around now stops taking new
// IOs: the first of the deadlines the loop checks between cycles.
func serialUntil(now, end, rampEnd uint64, ramping bool, lastYield uint64) uint64 {
	until := min(end, lastYield+yieldEvery, now+serialSlice)
	if ramping {
		until = min(until, rampEnd)
	}
	return until
}

// serialQueue reports whether q runs serially: it has more slots than its
// depth of 1.
func serialQueue(q *xnvme.Queue, depth int) bool { return depth == 1 && q.Slots() > 1 }
