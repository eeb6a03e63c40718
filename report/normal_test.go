package report

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/stats"
)

// fio measures the job's runtime and CPU times in milliseconds truncated
// (mtime_since), but a direction's runtime in microseconds rounded up to
// milliseconds (update_runtime).
func TestMillisecondRounding(t *testing.T) {
	us := time.Microsecond
	j := &stats.Job{Name: "t", Members: 1, Runtime: 2000900 * us,
		CPU: stats.CPU{User: 91700 * us, System: 886999 * us}}
	j.Dirs[stats.Read] = stats.DirStats{IOBytes: 4096 * 1000, TotalIOs: 1000, Runtime: 1999001 * us}
	r := &Run{Version: "xbench", Time: goldenTime, Jobs: []Job{{Stats: j, PID: 7}}, Groups: stats.Summarize([]*stats.Job{j})}

	var b bytes.Buffer
	require.NoError(t, WriteNormal(&b, r))
	assert.Contains(t, b.String(), "  read: IOPS=500, BW=2000KiB/s (2048kB/s)(4000KiB/2000msec)\n")
	assert.Contains(t, b.String(), "  cpu          : usr=4.55%, sys=44.30%, ctx=0, majf=0, minf=0\n")
	assert.Contains(t, b.String(), "run=2000-2000msec\n")

	b.Reset()
	require.NoError(t, WriteJSON(&b, r))
	assert.Contains(t, b.String(), `"runtime" : 2000,`)
	assert.Contains(t, b.String(), `"job_runtime" : 2000,`)
	assert.Contains(t, b.String(), `"usr_cpu" : 4.550000,`)
}

// A job that moved no IO shows no block, as in fio; its group still gets
// its heading.
func TestNormalSkipsJobWithoutIO(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteNormal(&b, emptyRun()))
	assert.Equal(t, "\n\nRun status group 0 (all jobs):\n", b.String())
}
