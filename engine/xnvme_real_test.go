package engine

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// realLibrary loads a real libxnvme, found as xbench finds it, or skips.
// Run with XNVME_LIBRARY_PATH=/path/to/libxnvme.so to point at one.
func realLibrary(t *testing.T) *xnvme.Library {
	t.Helper()
	r := xnvme.LoadDefault()
	if r.Library == nil {
		t.Skipf("skipping: no real libxnvme: %v", r.Err())
	}
	if slices.Contains(r.Library.Config(), "conf: XBENCH_STANDIN") {
		t.Skipf("skipping: %s is xbench's stand-in, not libxnvme", r.Library.Path())
	}
	return r.Library
}

func TestRealXNVMeJobs(t *testing.T) {
	lib := realLibrary(t)
	dir := testutil.DirectIODir(t)
	file := testutil.File(t, dir, "real", 8<<20, nil)
	cases := []*workload.Job{
		xnvmeJob(t, "ram-nil", "2GB", "xnvme_async=nil", "iodepth=16", "size=64m"),
		xnvmeJob(t, "ram-thrpool", "2GB", "xnvme_async=thrpool", "iodepth=8", "size=16m"),
		xnvmeJob(t, "file-io_uring", file, "xnvme_async=io_uring", "iodepth=16", "direct=1"),
		xnvmeJob(t, "file-libaio", file, "xnvme_async=libaio", "iodepth=16", "direct=1"),
		xnvmeJob(t, "file-write", file, "xnvme_async=io_uring", "iodepth=4", "direct=1", "rw=randwrite"),
	}
	for _, j := range cases {
		t.Run(j.Name, func(t *testing.T) { runRealXNVMeJob(t, lib, j) })
	}
}

func TestRealXNVMeLoopDevice(t *testing.T) {
	lib := realLibrary(t)
	loop := testutil.LoopDevice(t, testutil.File(t, testutil.DirectIODir(t), "loop-backing", 16<<20, nil))
	for _, async := range []string{"io_uring", "libaio"} {
		t.Run(async, func(t *testing.T) {
			runRealXNVMeJob(t, lib, xnvmeJob(t, "loop-"+async, loop, "xnvme_async="+async, "iodepth=8", "direct=1", "rw=randread"))
		})
	}
}

// runRealXNVMeJob runs j and checks that it did IO without error through
// the mechanism it asked for.
func runRealXNVMeJob(t *testing.T, lib *xnvme.Library, j *workload.Job) {
	t.Helper()
	res, err := Run(context.Background(), []*workload.Job{j}, Options{XNVMe: lib})
	require.NoError(t, err)
	c := res.Clones[0]
	require.Zero(t, c.Stats.Error, c.Stats.ErrorText)
	dir := stats.Read
	if j.RW.Writes() {
		dir = stats.Write
	}
	d := &c.Stats.Dirs[dir]
	require.Positive(t, d.TotalIOs)
	checkLatencies(t, d, false)
	assert.Equal(t, j.XNVMe.Async, c.XNVMe.Async)
	assert.Equal(t, j.Direct, c.XNVMe.Direct)
}

func TestRealXNVMeNotesEmu(t *testing.T) {
	lib := realLibrary(t)
	file := testutil.File(t, testutil.DirectIODir(t), "emu", 1<<20, nil)
	var notes bytes.Buffer
	j := job(t, "e", "ioengine=xnvme", "filename="+file, "iodepth=8") // xnvme_async not set
	_, err := Run(context.Background(), []*workload.Job{j}, Options{XNVMe: lib, Notes: &notes})
	require.NoError(t, err)
	assert.Contains(t, notes.String(), "be=linux async=emu sync=psync admin=file_as_ns mem=posix direct=0")
	assert.Contains(t, notes.String(), "note: job e: xnvme_async is not set and libxnvme chose emu")
}
