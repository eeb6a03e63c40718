package xnvme

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
)

// deviceMechs are the mechanisms that need a device.
var deviceMechs = []string{"sync", "psync", "pvsync", "pvsync2", "libaio", "io_uring"}

// newQueue opens a queue or skips when io_uring is unavailable.
func newQueue(t *testing.T, devs []*Device, o QueueOptions) *Queue {
	t.Helper()
	q, err := NewQueue(devs, o)
	if o.Mechanism == "io_uring" {
		testutil.SkipUnlessIOUring(t, err)
	}
	require.NoError(t, err)
	t.Cleanup(func() { q.Close() })
	return q
}

// cycleAll submits entries and waits for all of them, returning the
// completions by slot.
func cycleAll(t *testing.T, q *Queue, entries ...SQE) map[uint32]CQE {
	t.Helper()
	copy(q.SQ(), entries)
	got := map[uint32]CQE{}
	c, err := q.Cycle(len(entries), len(entries))
	require.NoError(t, err)
	require.Equal(t, len(entries), c.Submitted)
	for {
		for _, e := range q.CQ()[:c.Completed] {
			got[e.Slot] = e
		}
		if len(got) == len(entries) {
			return got
		}
		c, err = q.Cycle(0, len(entries)-len(got))
		require.NoError(t, err)
	}
}

// A trim punches a hole in a file with every mechanism: the range reads
// back as zeros and the file keeps its size.
func TestTrimPunchesAHoleInAFile(t *testing.T) {
	dir := testutil.DirectIODir(t)
	for _, mech := range deviceMechs {
		t.Run(mech, func(t *testing.T) {
			lockThread(t)
			path := testutil.File(t, dir, "trim-"+mech, 8*testBS, func(b []byte, off int64) {
				for i := range b {
					b[i] = 0xa5
				}
			})
			dev, err := Open(path, OpenOptions{Write: true})
			require.NoError(t, err)
			defer dev.Close()
			q := newQueue(t, []*Device{dev}, QueueOptions{Mechanism: mech, Depth: 4, BufferSize: testBS})
			done := cycleAll(t, q,
				SQE{Offset: 2 * testBS, Nbytes: 2 * testBS, Slot: 0, Opcode: OpTrim},
				SQE{Offset: 0, Nbytes: testBS, Slot: 1, Opcode: OpRead})
			require.EqualValues(t, 2*testBS, done[0].Res, "a trim completes with its length")
			require.EqualValues(t, testBS, done[1].Res)

			b, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Len(t, b, 8*testBS)
			require.Equal(t, make([]byte, 2*testBS), b[2*testBS:4*testBS])
			require.Equal(t, bytes.Repeat([]byte{0xa5}, 2*testBS), b[:2*testBS])
			require.Equal(t, bytes.Repeat([]byte{0xa5}, 4*testBS), b[4*testBS:])
		})
	}
}

// On a block device a trim is BLKDISCARD; the loop device passes it to its
// backing file as a hole.
func TestTrimDiscardsOnABlockDevice(t *testing.T) {
	lockThread(t)
	dir := testutil.DirectIODir(t)
	backing := testutil.File(t, dir, "trim-backing", 4<<20, func(b []byte, off int64) {
		for i := range b {
			b[i] = 0x5a
		}
	})
	loop := testutil.LoopDevice(t, backing)
	dev, err := Open(loop, OpenOptions{Write: true, Direct: true})
	require.NoError(t, err)
	defer dev.Close()
	q := newQueue(t, []*Device{dev}, QueueOptions{Mechanism: "psync", Depth: 1, BufferSize: 1 << 20})
	done := cycleAll(t, q, SQE{Offset: 1 << 20, Nbytes: 1 << 20, Slot: 0, Opcode: OpTrim})
	if done[0].Res == -int32(syscall.EOPNOTSUPP) {
		t.Skip("skipping: this loop device does not support discard")
	}
	require.EqualValues(t, 1<<20, done[0].Res)
	done = cycleAll(t, q, SQE{Offset: 1 << 20, Nbytes: 1 << 20, Slot: 0, Opcode: OpRead})
	require.EqualValues(t, 1<<20, done[0].Res)
	require.Equal(t, make([]byte, 1<<20), q.Buffer(0), "discarded blocks of a loop device read as zeros")
}

// fsync and fdatasync complete with 0 on every mechanism, and null
// completes them without a device.
func TestSyncsComplete(t *testing.T) {
	dir := testutil.DirectIODir(t)
	for _, mech := range append([]string{"null"}, deviceMechs...) {
		t.Run(mech, func(t *testing.T) {
			lockThread(t)
			var devs []*Device
			if mech != "null" {
				path := testutil.File(t, dir, "sync-"+mech, 4*testBS, nil)
				dev, err := Open(path, OpenOptions{Write: true})
				require.NoError(t, err)
				defer dev.Close()
				devs = []*Device{dev}
			}
			q := newQueue(t, devs, QueueOptions{Mechanism: mech, Depth: 4, BufferSize: testBS})
			done := cycleAll(t, q,
				SQE{Offset: 0, Nbytes: testBS, Slot: 0, Opcode: OpWrite},
				SQE{Slot: 1, Opcode: OpFsync},
				SQE{Slot: 2, Opcode: OpFdatasync})
			require.EqualValues(t, testBS, done[0].Res)
			require.Zero(t, done[1].Res)
			require.Zero(t, done[2].Res)
		})
	}
}

// A submission's File picks one of the queue's devices.
func TestSubmissionsAddressSeveralFiles(t *testing.T) {
	dir := testutil.DirectIODir(t)
	for _, mech := range deviceMechs {
		t.Run(mech, func(t *testing.T) {
			lockThread(t)
			var devs []*Device
			var paths []string
			for i := range 3 {
				p := testutil.File(t, dir, fmt.Sprintf("multi-%s-%d", mech, i), 2*testBS, nil)
				d, err := Open(p, OpenOptions{Write: true, Direct: true})
				require.NoError(t, err)
				defer d.Close()
				devs, paths = append(devs, d), append(paths, p)
			}
			q := newQueue(t, devs, QueueOptions{Mechanism: mech, Depth: 3, BufferSize: testBS})
			var entries []SQE
			for i := range 3 {
				stamp(q.Buffer(i), uint64(100+i))
				entries = append(entries, SQE{Offset: testBS, Nbytes: testBS, Slot: uint32(i), Opcode: OpWrite, File: uint16(i)})
			}
			for _, e := range cycleAll(t, q, entries...) {
				require.EqualValues(t, testBS, e.Res)
			}
			for i, p := range paths {
				b, err := os.ReadFile(p)
				require.NoError(t, err)
				checkStamp(t, b[testBS:], uint64(100+i))
				require.Equal(t, make([]byte, testBS), b[:testBS])
			}
		})
	}
}

func TestBadSubmissionsAreRefused(t *testing.T) {
	dir := testutil.DirectIODir(t)
	path := testutil.File(t, dir, "bad", testBS, nil)
	dev, err := Open(path, OpenOptions{})
	require.NoError(t, err)
	defer dev.Close()
	q := newQueue(t, []*Device{dev}, QueueOptions{Mechanism: "psync", Depth: 2, BufferSize: testBS})
	for name, e := range map[string]SQE{
		"file":   {Nbytes: testBS, File: 1},
		"slot":   {Nbytes: testBS, Slot: 2},
		"opcode": {Nbytes: testBS, Opcode: 9},
	} {
		t.Run(name, func(t *testing.T) {
			q.SQ()[0] = e
			c, err := q.Cycle(1, 1)
			require.ErrorIs(t, err, syscall.EINVAL)
			require.Zero(t, c.Submitted)
		})
	}
}

// SubmitMax splits a cycle's submissions into calls of at most that many,
// each stamped on its own; ReapMax caps what one cycle reaps.
func TestSubmitAndReapLimits(t *testing.T) {
	q := newQueue(t, nil, QueueOptions{Mechanism: "null", Depth: 8, BufferSize: testBS, SubmitMax: 3, ReapMax: 5})
	for i := range q.SQ() {
		q.SQ()[i] = SQE{Nbytes: testBS, Slot: uint32(i)}
	}
	c, err := q.Cycle(8, 8)
	require.NoError(t, err)
	require.Equal(t, 8, c.Submitted)
	require.Equal(t, 5, c.Completed, "ReapMax caps a reap")
	stamps := map[uint64]int{}
	for _, e := range q.CQ()[:c.Completed] {
		stamps[e.TSubmit]++
	}
	c, err = q.Cycle(0, 8)
	require.NoError(t, err)
	require.Equal(t, 3, c.Completed, "the rest comes with the next cycle")
	for _, e := range q.CQ()[:c.Completed] {
		stamps[e.TSubmit]++
	}
	require.GreaterOrEqual(t, len(stamps), 3, "8 entries in calls of 3 take 3 submit calls")
	for ts, n := range stamps {
		require.LessOrEqual(t, n, 3, "stamp %d shared by more entries than one call carries", ts)
	}
}

// A cycle never waits for more completions than the mechanism itself has
// in flight, when trims completed inline and ReapMax leaves some of them
// for later.
func TestReapMaxWithInlineCompletions(t *testing.T) {
	lockThread(t)
	path := testutil.File(t, testutil.DirectIODir(t), "inline", 4*testBS, nil)
	dev, err := Open(path, OpenOptions{Write: true})
	require.NoError(t, err)
	defer dev.Close()
	q := newQueue(t, []*Device{dev}, QueueOptions{Mechanism: "libaio", Depth: 4, BufferSize: testBS, ReapMax: 1})
	copy(q.SQ(), []SQE{
		{Offset: 0, Nbytes: testBS, Slot: 0, Opcode: OpTrim},
		{Offset: testBS, Nbytes: testBS, Slot: 1, Opcode: OpTrim},
		{Offset: 2 * testBS, Nbytes: testBS, Slot: 2, Opcode: OpRead},
	})
	done := make(chan int)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		got := 0
		c, err := q.Cycle(3, 3)
		for err == nil && got+c.Completed < 3 {
			got += c.Completed
			c, err = q.Cycle(0, 3-got)
		}
		done <- got + c.Completed
	}()
	select {
	case n := <-done:
		require.Equal(t, 3, n)
	case <-time.After(10 * time.Second):
		t.Fatal("the cycle waits for completions that cannot come")
	}
}
