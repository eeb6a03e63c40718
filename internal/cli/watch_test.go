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
	rr := &workload.Job{RW: workload.RandRead}
	sw := &workload.Job{RW: workload.Write}
	reads := func(ios uint64) [stats.NumDirs]uint64 { return [stats.NumDirs]uint64{ios, 0, 0} }
	writes := func(ios uint64) [stats.NumDirs]uint64 { return [stats.NumDirs]uint64{0, ios, 0} }
	prev := []engine.CloneProgress{{Job: rr, Running: true, IOs: reads(1000), Bytes: reads(1000 * 4096)}, {Job: sw, Running: true}, {Job: sw}}
	cur := []engine.CloneProgress{
		{Job: rr, Running: true, IOs: reads(266000), Bytes: reads(266000 * 4096), Fraction: 0.5, Elapsed: 5 * time.Second},
		{Job: sw, Running: true, IOs: writes(100), Bytes: writes(100 << 20), Fraction: 0.25, Elapsed: 5 * time.Second},
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
