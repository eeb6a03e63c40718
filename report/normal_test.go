package report

import (
	"bytes"
	"encoding/json"
	"strings"
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

// A job that synced shows fio's "fsync/fdatasync/sync_file_range" block
// after its directions, and its JSON "sync" object counts the fsyncs.
func TestSyncBlock(t *testing.T) {
	j := &stats.Job{Name: "s", Members: 1, Runtime: time.Second}
	j.Dirs[stats.Write] = stats.DirStats{IOBytes: 4096 * 8, TotalIOs: 8, Runtime: time.Second}
	j.Sync = stats.SyncStats{TotalIOs: 3, Lat: stats.NewLatency()}
	for _, ns := range []uint64{100000, 200000, 300000} {
		j.Sync.Lat.Record(ns)
	}
	r := &Run{Version: "xbench", Time: goldenTime, Jobs: []Job{{Stats: j, PID: 7}}, Groups: stats.Summarize([]*stats.Job{j})}

	var b bytes.Buffer
	require.NoError(t, WriteNormal(&b, r))
	out := b.String()
	assert.Contains(t, out, "(32.0KiB/1000msec); 0 zone resets\n"+
		"  fsync/fdatasync/sync_file_range:\n"+
		"    sync (usec): min=100, max=300, avg=200.00, stdev=100.00\n"+
		"    sync percentiles (usec):\n"+
		"     |  1.00th=[  101],  5.00th=[  101], 10.00th=[  101], 20.00th=[  101],\n")
	assert.Less(t, strings.Index(out, "sync percentiles"), strings.Index(out, "  cpu "))

	b.Reset()
	require.NoError(t, WriteJSON(&b, r))
	var doc struct {
		Jobs []struct {
			Sync struct {
				TotalIOs uint64 `json:"total_ios"`
				Lat      struct {
					N          uint64             `json:"N"`
					Min        uint64             `json:"min"`
					Percentile map[string]float64 `json:"percentile"`
				} `json:"lat_ns"`
			} `json:"sync"`
		} `json:"jobs"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	s := doc.Jobs[0].Sync
	assert.EqualValues(t, 3, s.TotalIOs)
	assert.EqualValues(t, 3, s.Lat.N)
	assert.EqualValues(t, 100000, s.Lat.Min)
	assert.Len(t, s.Lat.Percentile, 17)
}
