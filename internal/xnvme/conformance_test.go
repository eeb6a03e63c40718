package xnvme

import (
	"fmt"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
)

// mechConfig is one mechanism with one set of engine options, as the
// conformance suite runs it.
type mechConfig struct {
	name     string
	mech     string
	eng      EngineOptions
	buffered bool // open the files without O_DIRECT (uncached acts on buffered IO only)
	depths   []int
	// readsOnly writes without the options first: nowait fails an IO that
	// would block with EAGAIN, as a direct write over a file with cached
	// pages does on ext4, while reads of cached data never block.
	readsOnly bool
}

// mechConfigs are every mechanism that needs a device, with fio's options
// for it, alone and together.
var mechConfigs = []mechConfig{
	{"sync", "sync", EngineOptions{}, false, []int{1}, false},
	{"psync", "psync", EngineOptions{}, false, []int{1}, false},
	{"pvsync", "pvsync", EngineOptions{}, false, []int{1}, false},
	{"pvsync2", "pvsync2", EngineOptions{}, false, []int{1}, false},
	{"pvsync2/nowait", "pvsync2", EngineOptions{NoWait: true}, true, []int{1}, true},
	{"pvsync2/uncached", "pvsync2", EngineOptions{Uncached: true}, true, []int{1}, false},
	{"libaio", "libaio", EngineOptions{}, false, []int{1, 8, 32}, false},
	{"libaio/userspace_reap", "libaio", EngineOptions{UserspaceReap: true}, false, []int{1, 32}, false},
	{"libaio/nowait", "libaio", EngineOptions{NoWait: true}, true, []int{8}, true},
	{"io_uring", "io_uring", EngineOptions{}, false, []int{1, 8, 32}, false},
	{"io_uring/fixedbufs", "io_uring", EngineOptions{FixedBufs: true}, false, []int{1, 32}, false},
	{"io_uring/registerfiles", "io_uring", EngineOptions{RegisterFiles: true}, false, []int{1, 32}, false},
	{"io_uring/fixedbufs+registerfiles", "io_uring", EngineOptions{FixedBufs: true, RegisterFiles: true}, false, []int{32}, false},
	{"io_uring/nonvectored=0", "io_uring", EngineOptions{Vectored: true}, false, []int{8}, false},
	{"io_uring/nonvectored=1", "io_uring", EngineOptions{NonVectored: true}, false, []int{8}, false},
	{"io_uring/force_async=2", "io_uring", EngineOptions{ForceAsync: 2}, false, []int{8}, false},
	{"io_uring/sqthread_poll", "io_uring", EngineOptions{SQPoll: true}, false, []int{1, 8}, false},
	{"io_uring/sqthread_poll_cpu=0", "io_uring", EngineOptions{SQPoll: true, SQPollCPU: 0, SQPollCPUSet: true}, false, []int{8}, false},
	{"io_uring/sqthread_poll+fixedbufs", "io_uring", EngineOptions{SQPoll: true, FixedBufs: true}, false, []int{8}, false},
	{"io_uring/nowait", "io_uring", EngineOptions{NoWait: true}, true, []int{8}, true},
	{"io_uring/uncached", "io_uring", EngineOptions{Uncached: true}, true, []int{8}, false},
}

// Every mechanism, with every option, writes two files and reads them
// back: each block carries its file and offset, so a block written to or
// read from the wrong place, or a buffer mixed up, is caught.
func TestConformanceWriteThenRead(t *testing.T) {
	dir := testutil.DirectIODir(t)
	const nblocks, nfiles = 256, 2
	for _, mc := range mechConfigs {
		for _, depth := range mc.depths {
			t.Run(fmt.Sprintf("%s/depth=%d", mc.name, depth), func(t *testing.T) {
				lockThread(t)
				var devs []*Device
				for f := range nfiles {
					path := testutil.File(t, dir, fmt.Sprintf("conf-%d", f), nblocks/nfiles*testBS, nil)
					dev, err := Open(path, OpenOptions{Write: true, Direct: !mc.buffered})
					require.NoError(t, err)
					defer dev.Close()
					devs = append(devs, dev)
				}
				if mc.readsOnly {
					w, err := NewQueue(devs, QueueOptions{Mechanism: mc.mech, Depth: depth, BufferSize: testBS})
					testutil.SkipUnlessIOUring(t, err)
					require.NoError(t, err)
					runAllFiles(t, w, OpWrite, nblocks, nfiles)
					w.Close()
				}
				q, err := NewQueue(devs, QueueOptions{Mechanism: mc.mech, Depth: depth, BufferSize: testBS, Engine: mc.eng})
				if mc.mech == "io_uring" {
					testutil.SkipUnlessIOUring(t, err)
				}
				if mc.eng.Uncached && err != nil {
					require.ErrorIs(t, err, syscall.EOPNOTSUPP, "uncached fails only where the kernel or filesystem lacks RWF_DONTCACHE")
					t.Skipf("skipping: this kernel or filesystem has no uncached buffered IO: %v", err)
				}
				require.NoError(t, err)
				defer q.Close()
				require.Equal(t, mc.mech != "libaio" && mc.mech != "io_uring", q.Sync())
				if !mc.readsOnly {
					runAllFiles(t, q, OpWrite, nblocks, nfiles)
				}
				runAllFiles(t, q, OpRead, nblocks, nfiles)
			})
		}
	}
}

// With nowait, an IO that would block completes with EAGAIN, a result of
// its own rather than a broken queue: here a direct write over a file
// whose pages are in the page cache, which ext4 must flush first.
func TestNowaitFailsTheIOThatWouldBlock(t *testing.T) {
	dir := testutil.DirectIODir(t)
	for _, mech := range []string{"pvsync2", "libaio", "io_uring"} {
		t.Run(mech, func(t *testing.T) {
			lockThread(t)
			path := testutil.File(t, dir, "nowait-"+mech, 64*testBS, nil)
			dev, err := Open(path, OpenOptions{Write: true, Direct: true})
			require.NoError(t, err)
			defer dev.Close()
			q := newQueue(t, []*Device{dev}, QueueOptions{Mechanism: mech, Depth: 1, BufferSize: testBS, Engine: EngineOptions{NoWait: true}})
			res := map[int32]int{}
			for b := range 64 {
				done := cycleAll(t, q, SQE{Offset: uint64(b) * testBS, Nbytes: testBS, Opcode: OpWrite})
				res[done[0].Res]++
			}
			for r := range res {
				require.Contains(t, []int32{testBS, -int32(syscall.EAGAIN)}, r, "a write either completes or would block")
			}
		})
	}
}

// A file the kernel cannot do uncached IO on fails the queue's setup with
// EOPNOTSUPP, rather than every IO.
func TestUncachedRefusedWhereUnsupported(t *testing.T) {
	lockThread(t)
	// /proc files support none of the RWF_* flags.
	dev, err := Open("/proc/self/stat", OpenOptions{})
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	defer dev.Close()
	for _, mech := range []string{"pvsync2", "io_uring"} {
		t.Run(mech, func(t *testing.T) {
			_, err := NewQueue([]*Device{dev}, QueueOptions{Mechanism: mech, Depth: 1, BufferSize: testBS, Engine: EngineOptions{Uncached: true}})
			require.ErrorIs(t, err, syscall.EOPNOTSUPP)
		})
	}
}

// At depth 1 the null mechanism is synchronous, as fio's null engine:
// no submission latency.
func TestNullIsSynchronousAtDepthOne(t *testing.T) {
	for depth, sync := range map[int]bool{1: true, 2: false, 32: false} {
		q, err := NewQueue(nil, QueueOptions{Mechanism: "null", Depth: depth, BufferSize: testBS})
		require.NoError(t, err)
		require.Equal(t, sync, q.Sync(), "depth %d", depth)
		q.Close()
	}
}

// The sync mechanism seeks only when the file's position is not already
// the IO's offset: reading blocks in order then out of order returns each
// block's own data.
func TestSyncSeeksWhenOutOfOrder(t *testing.T) {
	lockThread(t)
	dir := testutil.DirectIODir(t)
	path := testutil.File(t, dir, "seek", 8*testBS, func(b []byte, off int64) {
		for i := 0; i < len(b); i += testBS {
			stamp(b[i:i+testBS], uint64(off)+uint64(i))
		}
	})
	dev, err := Open(path, OpenOptions{})
	require.NoError(t, err)
	defer dev.Close()
	q := newQueue(t, []*Device{dev}, QueueOptions{Mechanism: "sync", Depth: 1, BufferSize: testBS})
	for _, block := range []uint64{0, 1, 2, 7, 3, 3, 0} {
		done := cycleAll(t, q, SQE{Offset: block * testBS, Nbytes: testBS, Opcode: OpRead})
		require.EqualValues(t, testBS, done[0].Res)
		checkStamp(t, q.Buffer(0), block*testBS)
	}
}
