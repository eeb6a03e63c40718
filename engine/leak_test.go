package engine

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/workload"
)

// resources are what a process holds that a run must give back.
type resources struct {
	fds, rings int
	lockedKB   string
	goroutines int
}

// holding reads what the process holds now.
func holding(t *testing.T) resources {
	t.Helper()
	var r resources
	ents, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	for _, e := range ents {
		r.fds++
		if l, _ := os.Readlink(filepath.Join("/proc/self/fd", e.Name())); strings.Contains(l, "io_uring") {
			r.rings++
		}
	}
	status, err := os.ReadFile("/proc/self/status")
	require.NoError(t, err)
	for l := range strings.SplitSeq(string(status), "\n") {
		if strings.HasPrefix(l, "VmLck:") {
			r.lockedKB = strings.TrimSpace(strings.TrimPrefix(l, "VmLck:"))
		}
	}
	r.goroutines = runtime.NumGoroutine()
	return r
}

// Nothing leaks: after runs on every engine, with verification, failed
// IOs, failed setups and a cancelled run, the process holds the same
// descriptors (no io_uring instance among them), locked memory and
// goroutines as before, and the only files left are the data files and
// what the jobs asked for.
func TestNothingLeaks(t *testing.T) {
	dir := testutil.DirectIODir(t)
	work := t.TempDir()
	t.Chdir(work)
	data := filepath.Join(dir, "data")
	jobsToRun := [][]string{
		{"ioengine=psync", "rw=randwrite", "verify=crc32c", "verify_state_save=0"},
		{"ioengine=libaio", "iodepth=16", "rw=randrw", "direct=1"},
		{"ioengine=io_uring", "iodepth=16", "rw=randwrite", "verify=md5", "verify_state_save=0", "direct=1"},
		{"ioengine=" + workload.FaultEngine, "iodepth=8", "rw=randread", "fault_every=3", "continue_on_error=all"},
		{"ioengine=" + workload.FaultEngine, "iodepth=8", "rw=read", "fault_fail=8192"},
		{"ioengine=io_uring", "iodepth=65536"}, // refused at setup
		{"ioengine=libaio", "iodepth=4", "rw=read", "time_based", "runtime=10s", "cancel"},
	}
	before := holding(t)
	for round := range 3 {
		for _, opts := range jobsToRun {
			ctx := t.Context()
			if slices.Contains(opts, "cancel") {
				c, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
				defer cancel()
				ctx, opts = c, opts[:len(opts)-1]
			}
			j := job(t, "l", append([]string{"filename=" + data, "size=1m"}, opts...)...)
			Run(ctx, []*workload.Job{j}, Options{})
		}
		if round == 0 {
			before = holding(t) // lazily made runtime state comes with the first round
		}
	}
	var after resources
	for range 50 { // the clones' threads exit as their goroutines return
		if after = holding(t); after.goroutines <= before.goroutines {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	assert.Equal(t, before.fds, after.fds, "descriptors")
	assert.Zero(t, after.rings, "io_uring instances")
	assert.Equal(t, before.lockedKB, after.lockedKB, "locked memory")
	assert.LessOrEqual(t, after.goroutines, before.goroutines, "goroutines")
	left, err := os.ReadDir(work)
	require.NoError(t, err)
	assert.Empty(t, left, "files in the working directory")
	files, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, files, 1)
	assert.Equal(t, "data", files[0].Name())
}
