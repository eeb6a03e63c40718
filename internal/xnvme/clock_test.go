package xnvme

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
)

// monotonic reads CLOCK_MONOTONIC in nanoseconds from Go, beside the C clock.
func monotonic(t *testing.T) uint64 {
	var ts syscall.Timespec
	_, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 1 /* CLOCK_MONOTONIC */, uintptr(unsafe.Pointer(&ts)), 0)
	require.Zero(t, e)
	return uint64(ts.Sec)*1e9 + uint64(ts.Nsec)
}

// The TSC is the clock exactly where the kernel says it is invariant and
// keeps time with it.
func TestClockSourceIsTheTSCWhereTrusted(t *testing.T) {
	cpuinfo, err := os.ReadFile("/proc/cpuinfo")
	require.NoError(t, err)
	cs, _ := os.ReadFile("/sys/devices/system/clocksource/clocksource0/current_clocksource")
	var flags string
	for _, line := range strings.Split(string(cpuinfo), "\n") {
		if strings.HasPrefix(line, "flags") {
			flags = line + " "
			break
		}
	}
	want := runtime.GOARCH == "amd64" && strings.Contains(flags, " constant_tsc ") && strings.Contains(flags, " nonstop_tsc ") &&
		strings.TrimSpace(string(cs)) == "tsc"
	c := ClockSource()
	assert.Equal(t, want, c.TSC, "clock %s", c)
	if c.TSC {
		assert.Greater(t, c.TSCHz, uint64(100e6))
	}
}

// pair reads CLOCK_MONOTONIC and Now at (nearly) the same moment: the
// narrowest of a few Now readings around a monotonic one, so that a
// preemption between the two readings does not count.
func pair(t *testing.T) (mono, now uint64) {
	best := ^uint64(0)
	for range 20 {
		a := Now()
		m := monotonic(t)
		b := Now()
		if b-a < best {
			best, mono, now = b-a, m, a+(b-a)/2
		}
	}
	return mono, now
}

// Whatever it reads, Now keeps CLOCK_MONOTONIC's time: it agrees with it
// at the start of an interval and over it.
func TestClockKeepsMonotonicTime(t *testing.T) {
	m0, n0 := pair(t)
	time.Sleep(50 * time.Millisecond)
	m1, n1 := pair(t)
	// The calibration's point is an instant of CLOCK_MONOTONIC: the two
	// clocks agree to within milliseconds however long the process runs
	// (a calibration error of 1e-5 is 36 ms an hour).
	assert.InDelta(t, float64(m0), float64(n0), 5e6, "offset at the start")
	assert.InDelta(t, float64(m1), float64(n1), 5e6, "offset 50 ms later")
	// And they tick at one rate: within 0.1% over the interval, give or
	// take the reads' own 20 µs.
	assert.InDelta(t, float64(m1-m0), float64(n1-n0), 0.001*float64(m1-m0)+20e3, "rate")
	// Never backwards.
	prev := Now()
	for range 100000 {
		now := Now()
		require.GreaterOrEqual(t, now, prev)
		prev = now
	}
}

// Every stamp of a cycle lies inside the call that took it, in order: an
// IO's submission before its issue, its issue before its reap, and its
// reap after the completion happened. The fault mechanism holds every
// completion for a delay, so a reap stamp taken before the completion
// would show a latency shorter than the delay.
func TestStampsLieInsideTheirCycleAndAfterTheCompletion(t *testing.T) {
	dir := t.TempDir()
	const delay = 300 * time.Microsecond
	cases := []struct {
		mech  string
		depth int
		delay time.Duration
	}{
		{"null", 1, 0}, {"null", 8, 0}, {"psync", 1, 0}, {"psync", 8, 0},
		{FaultMechanism, 1, delay}, {FaultMechanism, 8, delay},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/depth=%d", c.mech, c.depth), func(t *testing.T) {
			lockThread(t)
			var devs []*Device
			if c.mech != "null" {
				path := testutil.File(t, dir, fmt.Sprintf("%s%d", c.mech, c.depth), 64*testBS, nil)
				dev, err := Open(path, OpenOptions{})
				require.NoError(t, err)
				defer dev.Close()
				devs = []*Device{dev}
			}
			o := QueueOptions{Mechanism: c.mech, Depth: c.depth, BufferSize: testBS, SubmitMax: 2}
			if c.delay > 0 {
				o.Fault = &FaultOptions{Delay: c.delay}
			}
			q, err := NewQueue(devs, o)
			require.NoError(t, err)
			defer q.Close()
			for round := range 50 {
				for i := range c.depth {
					q.SQ()[i] = SQE{Offset: uint64((round*c.depth+i)%64) * testBS, Nbytes: testBS, Slot: uint32(i), Opcode: OpRead}
				}
				before := Now()
				cyc, err := q.Cycle(c.depth, c.depth)
				after := Now()
				require.NoError(t, err)
				require.Equal(t, c.depth, cyc.Completed)
				require.LessOrEqual(t, cyc.Reaped, after, "the reap is stamped inside the cycle")
				for _, e := range q.CQ()[:cyc.Completed] {
					require.LessOrEqual(t, before, e.TSubmit, "the submission is stamped inside the cycle")
					require.LessOrEqual(t, e.TSubmit, e.TIssued, "issued after submitted")
					require.LessOrEqual(t, e.TIssued, cyc.Reaped, "a completion is never stamped before its reap")
					require.GreaterOrEqual(t, cyc.Reaped-e.TSubmit, uint64(c.delay), "a completion is stamped after it happened")
				}
			}
		})
	}
}

// A serial run performs its IOs one after another, each stamped on its
// own: an IO starts when the one before it returned, completes after it
// started, and the run's reap is its last completion. It stops after an IO
// that transferred less than asked, and once an IO completes past until.
func TestSerialRunStampsEachIO(t *testing.T) {
	dir := t.TempDir()
	for _, mech := range []string{"null", "psync", "sync", "pvsync", "pvsync2"} {
		t.Run(mech, func(t *testing.T) {
			lockThread(t)
			var devs []*Device
			if mech != "null" {
				path := testutil.File(t, dir, mech, 64*testBS, nil)
				dev, err := Open(path, OpenOptions{Write: true})
				require.NoError(t, err)
				defer dev.Close()
				devs = []*Device{dev}
			}
			q, err := NewQueue(devs, QueueOptions{Mechanism: mech, Depth: 1, BufferSize: testBS, Serial: 8, Fill: true})
			require.NoError(t, err)
			defer q.Close()
			require.Equal(t, 8, q.Slots())
			for s := 1; s < 8; s++ {
				require.Equal(t, q.Buffer(0), q.Buffer(s), "slot %d carries the data of the queue's one slot", s)
			}
			fill := func(n int, last uint64) {
				for i := range n {
					q.SQ()[i] = SQE{Offset: uint64(i) * testBS, Nbytes: testBS, Slot: uint32(i), Opcode: OpRead}
				}
				if mech != "null" {
					q.SQ()[n-1].Offset = last
				}
			}

			fill(8, 7*testBS)
			before := Now()
			c, err := q.Serial(8, ^uint64(0))
			require.NoError(t, err)
			require.Equal(t, Cycle{Submitted: 8, Completed: 8, Reaped: c.Reaped}, c)
			prev := before
			for i, e := range q.CQ()[:8] {
				require.EqualValues(t, testBS, e.Res)
				require.EqualValues(t, i, e.Slot, "in order")
				require.Equal(t, e.TSubmit, e.TIssued, "no submission latency")
				require.LessOrEqual(t, prev, e.TSubmit, "an IO starts once the one before it returned")
				if i > 0 {
					require.Equal(t, q.CQ()[i-1].TDone, e.TSubmit, "one call's end is the next one's start")
				}
				require.LessOrEqual(t, e.TSubmit, e.TDone)
				prev = e.TDone
			}
			require.Equal(t, prev, c.Reaped)
			require.LessOrEqual(t, c.Reaped, Now())

			// A deadline already past: one IO, then the run stops.
			fill(8, 7*testBS)
			c, err = q.Serial(8, 0)
			require.NoError(t, err)
			require.Equal(t, 1, c.Completed)

			if mech != "null" {
				// A short read (past the end of the file) ends the run.
				fill(4, 64*testBS-512)
				q.SQ()[1].Offset = 64*testBS - 512
				c, err = q.Serial(4, ^uint64(0))
				require.NoError(t, err)
				require.Equal(t, 2, c.Completed)
				require.EqualValues(t, 512, q.CQ()[1].Res)
			}
		})
	}
}

// Only a synchronous queue of depth 1 runs serially; the others keep their
// depth's slots.
func TestSerialOnlyAtDepthOneOnASyncMechanism(t *testing.T) {
	lockThread(t)
	q, err := NewQueue(nil, QueueOptions{Mechanism: "null", Depth: 4, BufferSize: testBS, Serial: 8})
	require.NoError(t, err)
	defer q.Close()
	require.Equal(t, 4, q.Slots())
	_, err = q.Serial(1, ^uint64(0))
	require.ErrorIs(t, err, syscall.EOPNOTSUPP)

	dev, err := Open(testutil.File(t, t.TempDir(), "f", 16*testBS, nil), OpenOptions{})
	require.NoError(t, err)
	defer dev.Close()
	q2, err := NewQueue([]*Device{dev}, QueueOptions{Mechanism: FaultMechanism, Depth: 1, BufferSize: testBS, Serial: 8, Fault: &FaultOptions{}})
	require.NoError(t, err)
	defer q2.Close()
	require.Equal(t, 1, q2.Slots(), "the fault mechanism completes asynchronously")
}
