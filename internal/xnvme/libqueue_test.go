package xnvme

import (
	"fmt"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
)

// newLibQueue opens an xnvme queue on uri.
func newLibQueue(t *testing.T, lib *Library, uri string, depth int, o LibOptions) (*Queue, error) {
	t.Helper()
	q, err := NewQueue(nil, QueueOptions{Mechanism: "xnvme", Depth: depth, BufferSize: testBS, URI: uri, Library: lib, Lib: o})
	if err == nil {
		t.Cleanup(func() { q.Close() })
	}
	return q, err
}

// Every async mechanism of the stand-in, at several depths, with and
// without vectored commands, writes the device and reads it back; a full
// queue (-EBUSY) leaves entries for the caller to pass again.
func TestXNVMeQueueWritesThenReads(t *testing.T) {
	lib := standIn(t)
	const nblocks = 256
	for _, tc := range []struct {
		uri, async string
		iovec      bool
		depths     []int
	}{
		{"4MB", "thrpool", false, []int{1, 8, 32, 100}},
		{"4MB", "emu", true, []int{1, 16}},
		{"4MB?lba=4096", "emu", false, []int{4}},
		{"4MB?busy=3", "thrpool", false, []int{8}},
	} {
		for _, depth := range tc.depths {
			t.Run(fmt.Sprintf("%s/%s/iovec=%v/depth=%d", tc.uri, tc.async, tc.iovec, depth), func(t *testing.T) {
				lockThread(t)
				q, err := newLibQueue(t, lib, tc.uri, depth, LibOptions{Async: tc.async, Write: true, IOVec: tc.iovec})
				require.NoError(t, err)
				d, ok := q.LibDevice()
				require.True(t, ok)
				assert.Equal(t, tc.async, d.Async)
				assert.False(t, q.Sync())
				runAll(t, q, OpWrite, nblocks)
				runAll(t, q, OpRead, nblocks)
			})
		}
	}
}

// A queue whose library refuses more commands than busy= takes only those
// and leaves the rest in the submission array.
func TestXNVMeQueueBusy(t *testing.T) {
	lib := standIn(t)
	q, err := newLibQueue(t, lib, "1MB?busy=2", 8, LibOptions{})
	require.NoError(t, err)
	for i := range 8 {
		q.SQ()[i] = SQE{Offset: uint64(i) * testBS, Nbytes: testBS, Slot: uint32(i)}
	}
	c, err := q.Cycle(8, 0)
	require.NoError(t, err)
	assert.Equal(t, 2, c.Submitted, "-EBUSY after two")
	assert.Equal(t, 2, c.Completed, "the poke of the same cycle completes them")
	c, err = q.Cycle(0, 1)
	require.NoError(t, err)
	assert.Zero(t, c.Completed, "nothing is in flight: the reap does not wait")
}

// Completions carry the errno of a failed command, and a context reused
// after an error does not report the stale status.
func TestXNVMeQueueErrors(t *testing.T) {
	lib := standIn(t)

	t.Run("EIO, then success on the same context", func(t *testing.T) {
		q, err := newLibQueue(t, lib, "1MB?eio=2", 1, LibOptions{})
		require.NoError(t, err)
		var got []int32
		for i := range 4 {
			q.SQ()[0] = SQE{Offset: uint64(i) * testBS, Nbytes: testBS}
			c, err := q.Cycle(1, 1)
			require.NoError(t, err)
			require.Equal(t, 1, c.Completed)
			got = append(got, q.CQ()[0].Res)
		}
		assert.Equal(t, []int32{testBS, -int32(syscall.EIO), testBS, -int32(syscall.EIO)}, got)
	})
	t.Run("beyond the end is an NVMe status: EIO", func(t *testing.T) {
		q, err := newLibQueue(t, lib, "1MB", 1, LibOptions{})
		require.NoError(t, err)
		q.SQ()[0] = SQE{Offset: 1 << 20, Nbytes: testBS}
		c, err := q.Cycle(1, 1)
		require.NoError(t, err)
		require.Equal(t, 1, c.Completed)
		assert.EqualValues(t, -int32(syscall.EIO), q.CQ()[0].Res)
	})
	t.Run("a write on a device opened read-only", func(t *testing.T) {
		q, err := newLibQueue(t, lib, "1MB", 1, LibOptions{})
		require.NoError(t, err)
		q.SQ()[0] = SQE{Offset: 0, Nbytes: testBS, Opcode: OpWrite}
		c, err := q.Cycle(1, 1)
		require.NoError(t, err)
		require.Equal(t, 1, c.Completed)
		assert.EqualValues(t, -int32(syscall.EBADF), q.CQ()[0].Res)
	})
	t.Run("a command the library refuses completes with its error", func(t *testing.T) {
		q, err := newLibQueue(t, lib, "1MB", 2, LibOptions{})
		require.NoError(t, err)
		// Not a whole number of blocks: xnvme_cmd_pass says EINVAL.
		q.SQ()[0] = SQE{Offset: 0, Nbytes: 1000}
		q.SQ()[1] = SQE{Offset: testBS, Nbytes: testBS, Slot: 1}
		c, err := q.Cycle(2, 2)
		require.NoError(t, err)
		require.Equal(t, 2, c.Submitted)
		require.Equal(t, 2, c.Completed)
		res := map[uint32]int32{q.CQ()[0].Slot: q.CQ()[0].Res, q.CQ()[1].Slot: q.CQ()[1].Res}
		assert.Equal(t, map[uint32]int32{0: -int32(syscall.EINVAL), 1: testBS}, res)
	})
	for _, tc := range []struct {
		name  string
		uri   string
		depth int
		o     LibOptions
		err   syscall.Errno
	}{
		{"unknown URI", "nonsense", 1, LibOptions{}, syscall.ENXIO},
		{"unknown async", "1MB", 1, LibOptions{Async: "kqueue"}, syscall.ENXIO},
		{"nil at a depth beyond 29 commands", "1MB", 17, LibOptions{Async: "nil"}, syscall.EINVAL},
		{"capacity of 4096", "1MB", 2049, LibOptions{}, syscall.EINVAL},
		{"bs not a whole number of blocks", "1MB?lba=8192", 1, LibOptions{}, syscall.EINVAL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := newLibQueue(t, lib, tc.uri, tc.depth, tc.o)
			require.ErrorIs(t, err, tc.err)
		})
	}
	t.Run("nil takes 16", func(t *testing.T) {
		q, err := newLibQueue(t, lib, "1MB", 16, LibOptions{Async: "nil"})
		require.NoError(t, err)
		for i := range 16 {
			q.SQ()[i] = SQE{Offset: uint64(i) * testBS, Nbytes: testBS, Slot: uint32(i)}
		}
		c, err := q.Cycle(16, 16)
		require.NoError(t, err)
		assert.Equal(t, 16, c.Completed)
	})
	t.Run("no library", func(t *testing.T) {
		_, err := NewQueue(nil, QueueOptions{Mechanism: "xnvme", Depth: 1, BufferSize: testBS, URI: "1MB"})
		require.ErrorIs(t, err, syscall.ENOSYS)
	})
	t.Run("no URI", func(t *testing.T) {
		_, err := NewQueue(nil, QueueOptions{Mechanism: "xnvme", Depth: 1, BufferSize: testBS, Library: lib})
		require.ErrorIs(t, err, syscall.EINVAL)
	})
}

// The buffers come from xnvme_buf_alloc: the stand-in refuses any other
// memory with EFAULT, so a passing write-then-read proves it; here the
// other queues' buffers are not the library's.
func TestXNVMeLibDeviceOnlyForXNVMeQueues(t *testing.T) {
	q, err := NewQueue(nil, QueueOptions{Mechanism: "null", Depth: 1, BufferSize: testBS})
	require.NoError(t, err)
	defer q.Close()
	_, ok := q.LibDevice()
	assert.False(t, ok)
}

func BenchmarkXNVMeStandInCycle(b *testing.B) {
	r := Load([]Candidate{{Source: "bench", Path: testutil.StandInXNVMe(b)}})
	if r.Library == nil {
		b.Fatal(r.Err())
	}
	for _, depth := range []int{1, 16} {
		b.Run(fmt.Sprintf("depth=%d", depth), func(b *testing.B) {
			benchLibQueue(b, r.Library, "64MB", LibOptions{Async: "nil"}, depth)
		})
	}
}
