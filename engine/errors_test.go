package engine

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// faultDepths are the depths every error path is driven at.
var faultDepths = []int{1, 4, 32}

// faultJob is a job of the fault-injecting test engine on a fresh file.
func faultJob(t *testing.T, depth int, opts ...string) *workload.Job {
	t.Helper()
	path := filepath.Join(t.TempDir(), "f")
	return job(t, "e", append([]string{"filename=" + path, "size=64k", "bs=4k", "ioengine=" + workload.FaultEngine,
		fmt.Sprintf("iodepth=%d", depth), "fault_delay=20us"}, opts...)...)
}

// Failed IOs: each is counted and logged with its offset, length and
// errno; continue_on_error and ignore_error decide whether the job goes
// on; the job's error is the fatal one, or else the first it went past.
func TestIOErrorPolicy(t *testing.T) {
	cases := []struct {
		name    string
		opts    []string
		err     syscall.Errno
		total   uint64 // errors counted
		counted bool
		done    bool // the job did all its IO
	}{
		{"fatal by default", []string{"rw=read", "fault_fail=8192"}, syscall.EIO, 1, false, false},
		{"continue on read errors", []string{"rw=read", "fault_fail=8192:20000:40960", "continue_on_error=read"}, syscall.EIO, 3, true, true},
		{"continue on io errors", []string{"rw=randwrite", "fault_fail=8192:20000", "continue_on_error=io"}, syscall.EIO, 2, true, true},
		{"continue on write errors only", []string{"rw=read", "fault_fail=8192", "continue_on_error=write"}, syscall.EIO, 1, true, false},
		{"ENOSPC is fatal unless ignored", []string{"rw=write", "fault_fail=8192", "fault_errno=ENOSPC", "continue_on_error=all"}, syscall.ENOSPC, 1, true, false},
		{"ignore_error", []string{"rw=write", "fault_fail=8192:12288", "fault_errno=ENOSPC", "ignore_error=,ENOSPC:EDQUOT"}, syscall.ENOSPC, 2, true, true},
		{"ignore_error by number", []string{"rw=read", "fault_fail=0", "fault_errno=5", "ignore_error=5"}, syscall.EIO, 1, true, true},
		{"every Nth IO", []string{"rw=randread", "fault_every=4", "continue_on_error=all"}, syscall.EIO, 4, true, true},
		{"trims count as writes", []string{"rw=trim", "fault_fail=4096", "continue_on_error=write"}, syscall.EIO, 1, true, true},
	}
	for _, depth := range faultDepths {
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%d/%s", depth, tc.name), func(t *testing.T) {
				var notes bytes.Buffer
				j := faultJob(t, depth, tc.opts...)
				c := run(t, Options{Notes: &notes}, j).Clones[0]
				st := c.Stats
				assert.Equal(t, int(tc.err), st.Error, st.ErrorText)
				assert.Contains(t, st.ErrorText, "offset=")
				assert.Contains(t, st.ErrorText, "buflen=4096")
				assert.Equal(t, tc.counted, st.CountsErrors)
				if tc.counted || depth == 1 {
					assert.Equal(t, tc.total, st.TotalErrors)
				}
				assert.Equal(t, int(tc.err), st.FirstError)
				assert.Contains(t, st.ErrorText, "io_u error on file "+c.Path+": "+tc.err.Error())
				if tc.counted {
					logged := uint64(strings.Count(notes.String(), "xbench: job e: io_u error on file "+c.Path+": "+tc.err.Error()))
					if tc.done {
						assert.Equal(t, tc.total, logged, "every error the job went past is logged")
					} else {
						assert.Equal(t, tc.total-1, logged, "the fatal one is the job's error")
					}
				}
				var moved, failed uint64
				for d := range stats.NumDirs {
					moved += st.Dirs[d].IOBytes
					failed += st.Dirs[d].Issued - st.Dirs[d].TotalIOs - st.Dirs[d].Dropped
				}
				assert.Equal(t, st.TotalErrors, failed, "every failed IO is counted as issued and not completed")
				if tc.done {
					assert.Equal(t, 64<<10-tc.total*4096, moved)
				} else {
					assert.Less(t, moved, uint64(64<<10))
				}
			})
		}
	}
}

// With error_dump=0 only the fatal error is logged.
func TestErrorDumpOff(t *testing.T) {
	var notes bytes.Buffer
	j := faultJob(t, 4, "rw=read", "fault_fail=0:4096:8192", "continue_on_error=read", "error_dump=0")
	st := run(t, Options{Notes: &notes}, j).Clones[0].Stats
	assert.EqualValues(t, 3, st.TotalErrors)
	assert.NotContains(t, notes.String(), "io_u error")
}

// Short IOs are counted and issued again for the rest, into the right
// place of the buffer: the data verifies.
func TestShortIOsAreIssuedAgain(t *testing.T) {
	for _, depth := range faultDepths {
		for _, rw := range []string{"write", "randwrite"} {
			t.Run(fmt.Sprintf("%d/%s", depth, rw), func(t *testing.T) {
				j := faultJob(t, depth, "rw="+rw, "fault_short=0:8192:40960", "fault_short_bytes=1000",
					"verify=md5", "verify_state_save=0")
				st := run(t, Options{}, j).Clones[0].Stats
				require.Zero(t, st.Error, st.ErrorText)
				w, r := &st.Dirs[stats.Write], &st.Dirs[stats.Read]
				assert.EqualValues(t, 6, w.Short+r.Short, "the three writes at those offsets and their read backs")
				assert.EqualValues(t, 64<<10, w.IOBytes)
				assert.EqualValues(t, 16, w.TotalIOs)
				assert.EqualValues(t, 64<<10, r.IOBytes)
			})
		}
	}
}

// The runtime expiring, or the run being cancelled (SIGINT, SIGTERM),
// while IOs are in flight: they drain, every one issued completes and is
// counted, then the job reports.
func TestStopDrainsInFlightIOs(t *testing.T) {
	for _, how := range []string{"runtime", "cancel"} {
		for _, depth := range []int{1, 8} {
			t.Run(fmt.Sprintf("%s/%d", how, depth), func(t *testing.T) {
				opts := []string{"rw=randread", "fault_delay=150ms", "time_based", "runtime=60s"}
				ctx := t.Context()
				if how == "runtime" {
					opts[3] = "runtime=500ms"
				} else {
					var cancel func()
					ctx, cancel = context.WithTimeout(ctx, 500*time.Millisecond)
					defer cancel()
				}
				j := faultJob(t, depth, opts...)
				began := time.Now()
				res, err := Run(ctx, []*workload.Job{j}, Options{})
				require.NoError(t, err)
				assert.Less(t, time.Since(began), 2*time.Second)
				st := res.Clones[0].Stats
				require.Zero(t, st.Error, st.ErrorText)
				r := &st.Dirs[stats.Read]
				assert.Zero(t, r.Dropped)
				assert.Equal(t, r.Issued, r.TotalIOs, "every IO issued completed")
				// At least the first round of IOs went through; how many
				// more depends on how soon a loaded machine starts the job.
				assert.GreaterOrEqual(t, r.TotalIOs, uint64(depth))
				assert.Equal(t, r.TotalIOs, r.Clat.N())
			})
		}
	}
}
