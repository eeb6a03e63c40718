package xnvme

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
)

// These tests drive a real libxnvme, found as xbench finds it
// (XNVME_LIBRARY_PATH, pkg-config, the system search path), and skip with
// the loader's reasons when there is none. CI has none; run them with
//
//	XNVME_LIBRARY_PATH=/path/to/libxnvme.so go test ./internal/xnvme -run Real

// realLibrary loads the real libxnvme or skips the test.
func realLibrary(t testing.TB) *Library {
	t.Helper()
	r := LoadDefault()
	if r.Library == nil {
		t.Skipf("skipping: no real libxnvme: %v", r.Err())
	}
	if slices.Contains(r.Library.Config(), "conf: XBENCH_STANDIN") {
		t.Skipf("skipping: %s is xbench's stand-in, not libxnvme", r.Library.Path())
	}
	return r.Library
}

func TestRealRamdisk(t *testing.T) {
	lib := realLibrary(t)
	t.Logf("libxnvme %s from %s", lib.Version(), lib.Path())
	for _, tc := range []struct {
		async string
		depth int
	}{{"thrpool", 1}, {"thrpool", 32}, {"nil", 1}, {"nil", 16}} {
		t.Run(fmt.Sprintf("%s/depth=%d", tc.async, tc.depth), func(t *testing.T) {
			lockThread(t)
			q, err := newLibQueue(t, lib, "2GB", tc.depth, LibOptions{Async: tc.async, Write: true})
			require.NoError(t, err)
			d, _ := q.LibDevice()
			assert.Equal(t, "ramdisk", d.Backend)
			assert.Equal(t, tc.async, d.Async)
			assert.Equal(t, "ramdisk", d.Type)
			assert.EqualValues(t, 2<<30, d.Geometry.TBytes)
			if tc.async == "nil" {
				// nil transfers no data: count completions only.
				for i := range tc.depth {
					q.SQ()[i] = SQE{Offset: uint64(i) * testBS, Nbytes: testBS, Slot: uint32(i)}
				}
				c, err := q.Cycle(tc.depth, tc.depth)
				require.NoError(t, err)
				require.Equal(t, tc.depth, c.Completed)
				for _, e := range q.CQ()[:c.Completed] {
					require.EqualValues(t, testBS, e.Res)
				}
				return
			}
			runAll(t, q, OpWrite, 512)
			runAll(t, q, OpRead, 512)
		})
	}
	t.Run("nil refuses a depth beyond 16", func(t *testing.T) {
		_, err := newLibQueue(t, lib, "2GB", 32, LibOptions{Async: "nil"})
		require.Error(t, err)
	})
}

func TestRealFile(t *testing.T) {
	lib := realLibrary(t)
	dir := testutil.DirectIODir(t)
	const nblocks = 256
	for _, async := range []string{"io_uring", "libaio", "emu", "thrpool"} {
		for _, depth := range []int{1, 16} {
			t.Run(fmt.Sprintf("%s/depth=%d", async, depth), func(t *testing.T) {
				lockThread(t)
				path := testutil.File(t, dir, fmt.Sprintf("x-%s-%d", async, depth), nblocks*testBS, nil)
				q, err := newLibQueue(t, lib, path, depth, LibOptions{Async: async, Write: true, Direct: true})
				require.NoError(t, err)
				d, _ := q.LibDevice()
				assert.Equal(t, "linux", d.Backend)
				assert.Equal(t, async, d.Async)
				assert.Equal(t, "file", d.Type)
				assert.True(t, d.Direct, "O_DIRECT kept on a filesystem that takes it")
				assert.EqualValues(t, nblocks*testBS, d.Geometry.TBytes)
				runAll(t, q, OpWrite, nblocks)
				runAll(t, q, OpRead, nblocks)
			})
		}
	}
	t.Run("a dropped O_DIRECT is reported", func(t *testing.T) {
		tmp := ""
		for _, d := range []string{t.TempDir(), "/dev/shm"} {
			if _, err := os.Stat(d); err == nil && !testutil.SupportsDirectIO(d) {
				tmp = d
				break
			}
		}
		if tmp == "" {
			t.Skip("skipping: no filesystem without O_DIRECT (the test directory and /dev/shm take it)")
		}
		path := testutil.File(t, tmp, fmt.Sprintf("xbench-buffered-%d", os.Getpid()), 1<<20, nil)
		t.Cleanup(func() { os.Remove(path) })
		d, err := lib.Open(path, LibOptions{Direct: true})
		require.NoError(t, err)
		assert.False(t, d.Direct, "the Linux backend retried without O_DIRECT")
	})
	t.Run("info", func(t *testing.T) {
		path := testutil.File(t, dir, "info", 1<<20, nil)
		d, err := lib.Open(path, LibOptions{})
		require.NoError(t, err)
		assert.Equal(t, path, d.URI)
		assert.Equal(t, "fs", d.CSI)
		assert.Equal(t, "psync", d.Sync)
		assert.EqualValues(t, 1<<20, d.Geometry.TBytes)
	})
}

func TestRealLoopDevice(t *testing.T) {
	lib := realLibrary(t)
	dir := testutil.DirectIODir(t)
	loop := testutil.LoopDevice(t, testutil.File(t, dir, "loop-backing", 8<<20, nil))
	for _, async := range []string{"io_uring", "libaio"} {
		t.Run(async, func(t *testing.T) {
			lockThread(t)
			q, err := newLibQueue(t, lib, loop, 8, LibOptions{Async: async, Write: true, Direct: true})
			require.NoError(t, err)
			d, _ := q.LibDevice()
			assert.Equal(t, "block device", d.Type)
			assert.EqualValues(t, 8<<20, d.Geometry.TBytes)
			runAll(t, q, OpWrite, 128)
			runAll(t, q, OpRead, 128)
		})
	}
}
