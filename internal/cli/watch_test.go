package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/engine"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

func TestETALine(t *testing.T) {
	rr := &workload.Job{RW: workload.RandRead, BlockSize: 4096}
	sw := &workload.Job{RW: workload.Write, BlockSize: 1 << 20}
	prev := []engine.CloneProgress{{Job: rr, Running: true, Completed: 1000}, {Job: sw, Running: true, Dir: stats.Write}, {Job: sw}}
	cur := []engine.CloneProgress{
		{Job: rr, Running: true, Completed: 266000, Fraction: 0.5, Elapsed: 5 * time.Second},
		{Job: sw, Running: true, Completed: 100, Dir: stats.Write, Fraction: 0.25, Elapsed: 5 * time.Second},
		{Job: sw},
	}
	assert.Equal(t, "Jobs: 2 (f=2): [r(1),W(1),P(1)][25.0%][r=1035MiB/s,w=100MiB/s][r=265k,w=100 IOPS][eta 00m:15s]",
		etaLine(cur, prev, time.Second))
	assert.Equal(t, "01h:02m:03s", etaString(time.Hour+2*time.Minute+3*time.Second))
}

func TestStatusInterval(t *testing.T) {
	dir := t.TempDir()
	job := writeJob(t, dir, "j.ini", "[s]\nioengine=null\nsize=64m\nruntime=2500ms\ntime_based\n")
	rc, out, stderr := runMain(t, "--status-interval=1s", "--eta=always", job)
	require.Equal(t, 0, rc, stderr)
	assert.GreaterOrEqual(t, strings.Count(out, "Run status group 0"), 3, "two interim reports and the final one")
	assert.Contains(t, stderr, "Jobs: 1 (f=1): [R(1)]")
	assert.NotContains(t, out, "Jobs: ", "the progress line stays on stderr")
}
