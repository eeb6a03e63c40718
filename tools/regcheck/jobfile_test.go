package main

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/workload"
)

// The variants regcheck writes from the committed job file, with its
// default --set, parse into what the protocol needs: 15 ms runs without a
// ramp, each job pinned to a CPU of its own and sampling its IOPS every
// millisecond, the file job on io_uring (libaio's io_destroy costs each
// process ~30 ms, which halved the runs that fit), and a slowed variant
// pausing every thinktime_blocks IOs by the calibrated amount.
func TestCIRegressionVariants(t *testing.T) {
	text, err := os.ReadFile("../../jobs/ci-regression.ini")
	require.NoError(t, err)
	r := &runner{dir: t.TempDir(), c: config{set: []string{"runtime=15ms", "ramp_time=0"}}}
	cal := &calibration{jobs: []string{"null", "file"}, perIO: map[string]float64{"null": 50, "file": 700}}
	for _, tc := range []struct {
		name     string
		slowdown float64
		blocks   map[string]int
	}{
		{name: "A"},
		{name: "10%", slowdown: 0.1, blocks: map[string]int{"null": 1000, "file": 71}},
		{name: "20%", slowdown: 0.2, blocks: map[string]int{"null": 500, "file": 36}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var extra []string
			if tc.slowdown > 0 {
				extra = cal.slowOptions(tc.slowdown, 5*time.Microsecond)
			}
			p, err := r.writeJob(string(text), "variant-"+tc.name, extra)
			require.NoError(t, err)
			jf, err := workload.ParseFile(p)
			require.NoError(t, err)
			require.Len(t, jf.Jobs, 2)
			engines := map[string]string{}
			cpus := map[string]workload.CPUSet{}
			for _, j := range jf.Jobs {
				engines[j.Name] = j.IOEngine
				cpus[j.Name] = j.CPUsAllowed
				require.Equal(t, 15*time.Millisecond, j.Runtime, j.Name)
				require.Zero(t, j.RampTime, j.Name)
				if tc.slowdown == 0 {
					require.Zero(t, j.Think.Time, j.Name)
					require.Zero(t, j.Think.Spin, j.Name)
					continue
				}
				require.Equal(t, workload.ThinkTime{Time: 5 * time.Microsecond, Spin: 5 * time.Microsecond, Blocks: tc.blocks[j.Name]}, j.Think, j.Name)
			}
			require.Equal(t, map[string]string{"null": "null", "file": "io_uring"}, engines)
			require.Equal(t, map[string]workload.CPUSet{"null": {0}, "file": {1}}, cpus)
			require.Contains(t, string(text), "\niopsavgtime=1\n")
		})
	}
}
