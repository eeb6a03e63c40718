package xnvme

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
)

const testBS = 4096

// lockThread keeps the test on one OS thread, as every user of a queue must:
// an io_uring ring set up for a single issuer refuses submissions from any
// other thread.
func lockThread(t *testing.T) {
	runtime.LockOSThread()
	t.Cleanup(runtime.UnlockOSThread)
}

// stamp writes a block's identity into every 8 bytes of buf, so that a
// block read from the wrong offset is caught.
func stamp(buf []byte, off uint64) {
	for i := 0; i+8 <= len(buf); i += 8 {
		binary.LittleEndian.PutUint64(buf[i:], off^uint64(i)*0x9e3779b97f4a7c15)
	}
}

func checkStamp(t *testing.T, buf []byte, off uint64) {
	t.Helper()
	want := make([]byte, len(buf))
	stamp(want, off)
	if i := firstDiff(want, buf); i >= 0 {
		t.Fatalf("block at offset %d differs from byte %d: got %x, want %x", off, i, buf[i:min(i+8, len(buf))], want[i:min(i+8, len(want))])
	}
}

func firstDiff(a, b []byte) int {
	for i := range a {
		if i >= len(b) || a[i] != b[i] {
			return i
		}
	}
	return -1
}

// runAll pushes every block of [0, nblocks) through q with opcode, keeping
// up to depth IOs in flight, and checks each completion. For reads it checks
// the data; for writes it stamps the data first.
func runAll(t *testing.T, q *Queue, op Opcode, nblocks int) {
	t.Helper()
	runAllFiles(t, q, op, nblocks, 1)
}

// runAllFiles is runAll over nfiles files: block i is block i/nfiles of
// file i%nfiles, stamped with both.
func runAllFiles(t *testing.T, q *Queue, op Opcode, nblocks, nfiles int) {
	t.Helper()
	depth := len(q.SQ())
	free := make([]uint32, 0, depth)
	for s := depth - 1; s >= 0; s-- {
		free = append(free, uint32(s))
	}
	keyOf := make([]uint64, depth)
	next, done, inflight := 0, 0, 0
	for done < nblocks {
		n := 0
		for len(free) > 0 && next < nblocks {
			slot := free[len(free)-1]
			free = free[:len(free)-1]
			file, off := next%nfiles, uint64(next/nfiles)*testBS
			key := off ^ uint64(file)<<48
			if op == OpWrite {
				stamp(q.Buffer(int(slot)), key)
			}
			q.SQ()[n] = SQE{Offset: off, Nbytes: testBS, Slot: slot, Opcode: op, File: uint16(file)}
			keyOf[slot] = key
			n++
			next++
		}
		minCQ := 0
		if n == 0 {
			minCQ = 1
		}
		c, err := q.Cycle(n, minCQ)
		require.NoError(t, err)
		// A full device queue may take fewer; put the rest back.
		for _, e := range q.SQ()[c.Submitted:n] {
			free = append(free, e.Slot)
			next--
		}
		inflight += c.Submitted - c.Completed
		require.GreaterOrEqual(t, inflight, 0)
		for _, cqe := range q.CQ()[:c.Completed] {
			require.EqualValues(t, testBS, cqe.Res, "slot %d", cqe.Slot)
			require.LessOrEqual(t, cqe.TSubmit, cqe.TIssued)
			require.LessOrEqual(t, cqe.TIssued, c.Reaped, "a completion is never stamped before its reap")
			if q.Sync() {
				require.Equal(t, cqe.TSubmit, cqe.TIssued)
			}
			if op == OpRead {
				checkStamp(t, q.Buffer(int(cqe.Slot)), keyOf[cqe.Slot])
			}
			free = append(free, cqe.Slot)
			done++
		}
	}
	require.Zero(t, inflight)
}

// Every mechanism, at several depths, writes a file through O_DIRECT and
// reads it back.
func TestMechanismsWriteThenRead(t *testing.T) {
	dir := testutil.DirectIODir(t)
	const nblocks = 256
	for _, mech := range []string{"psync", "libaio", "io_uring"} {
		for _, depth := range []int{1, 8, 32} {
			t.Run(fmt.Sprintf("%s/depth=%d", mech, depth), func(t *testing.T) {
				lockThread(t)
				path := testutil.File(t, dir, fmt.Sprintf("%s-%d", mech, depth), nblocks*testBS, nil)
				dev, err := Open(path, OpenOptions{Write: true, Direct: true})
				require.NoError(t, err)
				defer dev.Close()
				require.Equal(t, File, dev.Geometry().Kind)
				require.EqualValues(t, nblocks*testBS, dev.Geometry().Size)

				q, err := NewQueue([]*Device{dev}, QueueOptions{Mechanism: mech, Depth: depth, BufferSize: testBS})
				if mech == "io_uring" {
					testutil.SkipUnlessIOUring(t, err)
				}
				require.NoError(t, err)
				defer q.Close()

				runAll(t, q, OpWrite, nblocks)
				runAll(t, q, OpRead, nblocks)
			})
		}
	}
}

func TestNullCompletesEverythingWithoutADevice(t *testing.T) {
	for _, depth := range []int{1, 32, 128} {
		t.Run(fmt.Sprint(depth), func(t *testing.T) {
			q, err := NewQueue(nil, QueueOptions{Mechanism: "null", Depth: depth, BufferSize: testBS})
			require.NoError(t, err)
			defer q.Close()
			for i := range q.SQ() {
				q.SQ()[i] = SQE{Offset: uint64(i) * testBS, Nbytes: testBS, Slot: uint32(i)}
			}
			c, err := q.Cycle(depth, depth)
			require.NoError(t, err)
			require.Equal(t, depth, c.Submitted)
			require.Equal(t, depth, c.Completed)
			seen := map[uint32]bool{}
			for _, cqe := range q.CQ()[:c.Completed] {
				require.EqualValues(t, testBS, cqe.Res)
				seen[cqe.Slot] = true
			}
			require.Len(t, seen, depth)
		})
	}
}

// The loop device stands in for a block device: its size and logical block
// size come from the kernel.
func TestBlockDeviceGeometry(t *testing.T) {
	lockThread(t)
	dir := testutil.DirectIODir(t)
	backing := testutil.File(t, dir, "loop-backing", 8<<20, nil)
	loop := testutil.LoopDevice(t, backing)

	dev, err := Open(loop, OpenOptions{Write: true, Direct: true})
	require.NoError(t, err)
	defer dev.Close()
	g := dev.Geometry()
	require.Equal(t, Block, g.Kind)
	require.EqualValues(t, 8<<20, g.Size)
	require.Contains(t, []uint32{512, 4096}, g.BlockSize)

	q, err := NewQueue([]*Device{dev}, QueueOptions{Mechanism: "libaio", Depth: 4, BufferSize: testBS})
	require.NoError(t, err)
	defer q.Close()
	runAll(t, q, OpWrite, 64)
	runAll(t, q, OpRead, 64)
}

func TestErrors(t *testing.T) {
	t.Run("missing file", func(t *testing.T) {
		_, err := Open("/nonexistent/xbench", OpenOptions{})
		require.ErrorIs(t, err, syscall.ENOENT)
		require.EqualError(t, err, "opening /nonexistent/xbench: no such file or directory")
	})
	t.Run("unknown mechanism", func(t *testing.T) {
		_, err := NewQueue(nil, QueueOptions{Mechanism: "nope", Depth: 1, BufferSize: testBS})
		require.ErrorIs(t, err, ErrUnknownMechanism)
	})
	t.Run("device needed", func(t *testing.T) {
		_, err := NewQueue(nil, QueueOptions{Mechanism: "psync", Depth: 1, BufferSize: testBS})
		require.ErrorIs(t, err, syscall.EINVAL)
	})
	t.Run("too many submissions", func(t *testing.T) {
		q, err := NewQueue(nil, QueueOptions{Mechanism: "null", Depth: 2, BufferSize: testBS})
		require.NoError(t, err)
		defer q.Close()
		_, err = q.Cycle(3, 0)
		require.ErrorIs(t, err, syscall.EINVAL)
	})
	t.Run("IO error comes back in the completion", func(t *testing.T) {
		dir := testutil.DirectIODir(t)
		path := testutil.File(t, dir, "small", testBS, nil)
		dev, err := Open(path, OpenOptions{Direct: true})
		require.NoError(t, err)
		defer dev.Close()
		q, err := NewQueue([]*Device{dev}, QueueOptions{Mechanism: "psync", Depth: 1, BufferSize: testBS})
		require.NoError(t, err)
		defer q.Close()
		// An unaligned O_DIRECT read fails with EINVAL.
		q.SQ()[0] = SQE{Offset: 1, Nbytes: testBS, Slot: 0}
		c, err := q.Cycle(1, 1)
		require.NoError(t, err)
		require.Equal(t, 1, c.Completed)
		require.EqualValues(t, -int32(syscall.EINVAL), q.CQ()[0].Res)
	})
}

func TestMechanismsListed(t *testing.T) {
	require.Equal(t, []string{"null", "sync", "psync", "pvsync", "pvsync2", "libaio", "io_uring", "io_uring_cmd", "xnvme", "xbench-fault"}, Mechanisms())
	for name, want := range map[string]Caps{
		"xbench-fault": {},
		"null":         {Diskless: true},
		"sync":         {Sync: true},
		"psync":        {Sync: true},
		"pvsync":       {Sync: true},
		"pvsync2":      {Sync: true},
		"libaio":       {},
		"io_uring":     {},
		"io_uring_cmd": {},
		"xnvme":        {URI: true},
	} {
		got, err := MechanismCaps(name)
		require.NoError(t, err)
		require.Equal(t, want, got, name)
	}
	_, err := MechanismCaps("nope")
	require.ErrorIs(t, err, ErrUnknownMechanism)
}

// A caller that asks for more completions than are in flight gets what
// there is instead of waiting forever.
func TestCycleNeverWaitsForMoreThanInFlight(t *testing.T) {
	dir := testutil.DirectIODir(t)
	path := testutil.File(t, dir, "wait", 16*testBS, nil)
	dev, err := Open(path, OpenOptions{Direct: true})
	require.NoError(t, err)
	defer dev.Close()
	for _, mech := range []string{"libaio", "io_uring"} {
		t.Run(mech, func(t *testing.T) {
			lockThread(t)
			q, err := NewQueue([]*Device{dev}, QueueOptions{Mechanism: mech, Depth: 8, BufferSize: testBS})
			if mech == "io_uring" {
				testutil.SkipUnlessIOUring(t, err)
			}
			require.NoError(t, err)
			defer q.Close()
			c, err := q.Cycle(0, 4)
			require.NoError(t, err)
			require.Zero(t, c.Completed)

			q.SQ()[0] = SQE{Offset: 0, Nbytes: testBS, Slot: 0}
			q.SQ()[1] = SQE{Offset: testBS, Nbytes: testBS, Slot: 1}
			c, err = q.Cycle(2, 8)
			require.NoError(t, err)
			require.Equal(t, 2, c.Submitted)
			got := c.Completed
			require.Equal(t, 2, got, "both completions come back although 8 were asked for")
		})
	}
}
