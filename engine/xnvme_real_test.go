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
		xnvmeJob("ram-nil", "2GB", func(j *workload.Job) { j.XNVMe.Async, j.IODepth, j.Size = "nil", 16, 64<<20 }),
		xnvmeJob("ram-thrpool", "2GB", func(j *workload.Job) { j.XNVMe.Async, j.IODepth, j.Size = "thrpool", 8, 16<<20 }),
		xnvmeJob("file-io_uring", file, func(j *workload.Job) { j.XNVMe.Async, j.IODepth, j.Direct = "io_uring", 16, true }),
		xnvmeJob("file-libaio", file, func(j *workload.Job) { j.XNVMe.Async, j.IODepth, j.Direct = "libaio", 16, true }),
		xnvmeJob("file-write", file, func(j *workload.Job) {
			j.XNVMe.Async, j.IODepth, j.Direct, j.RW = "io_uring", 4, true, workload.RandWrite
		}),
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
			runRealXNVMeJob(t, lib, xnvmeJob("loop-"+async, loop, func(j *workload.Job) {
				j.XNVMe.Async, j.IODepth, j.Direct, j.RW = async, 8, true, workload.RandRead
			}))
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
	j := xnvmeJob("e", file, func(j *workload.Job) { j.XNVMe.Async, j.IODepth = "", 8 })
	_, err := Run(context.Background(), []*workload.Job{j}, Options{XNVMe: lib, Notes: &notes})
	require.NoError(t, err)
	assert.Contains(t, notes.String(), "be=linux async=emu sync=psync admin=file_as_ns mem=posix direct=0")
	assert.Contains(t, notes.String(), "note: job e: xnvme_async is not set and libxnvme chose emu")
}
