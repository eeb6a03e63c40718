package engine

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// A clone runs serially only at iodepth 1, and only when its next IO does
// not depend on when the last one completed.
func TestSerialSlots(t *testing.T) {
	cases := []struct {
		name  string
		depth int
		opts  []string
		want  int
	}{
		{"null qd1", 1, nil, serialIOs},
		{"null qd32", 32, nil, 0},
		{"large blocks", 1, []string{"bs=256k"}, 4},
		{"blocks of a MiB", 1, []string{"bs=1m"}, 0},
		{"rate", 1, []string{"rate_iops=1000"}, 0},
		{"minimum rate", 1, []string{"rate_iops_min=1"}, 0},
		{"think time", 1, []string{"thinktime=10"}, 0},
		{"verify", 1, []string{"rw=randwrite", "verify=crc32c"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			j := job(t, "a", append([]string{"ioengine=null", "rw=randread", "size=1m"}, c.opts...)...)
			cl := &Clone{Job: j, depth: c.depth}
			require.Equal(t, c.want, cl.serialSlots())
		})
	}
}

// A serial run issues what IO by IO would: the same IOs in the same
// order, each counted at depth 1 and in submit and complete batches of
// one, with a latency of its own. A rate far above what the device does
// makes the same job run IO by IO.
func TestSerialRunIssuesWhatIOByIODoes(t *testing.T) {
	dir := t.TempDir()
	path := testutil.File(t, dir, "f", 1<<20, nil)
	for _, engine := range []string{"null", "psync"} {
		t.Run(engine, func(t *testing.T) {
			base := []string{"ioengine=" + engine, "rw=randrw", "bs=4k", "iodepth=1", "size=1m", "loops=3", "fsync=7"}
			if engine != "null" {
				base = append(base, "filename="+path)
			}
			serialJob := job(t, "a", base...)
			byIOJob := job(t, "a", append(base, "rate_iops=100000000")...)
			require.NotZero(t, (&Clone{Job: serialJob, depth: 1}).serialSlots())
			require.Zero(t, (&Clone{Job: byIOJob, depth: 1}).serialSlots())
			serial := run(t, Options{traceIOs: true, Entropy: 7}, serialJob).Clones[0]
			byIO := run(t, Options{traceIOs: true, Entropy: 7}, byIOJob).Clones[0]

			require.Equal(t, byIO.trace, serial.trace)
			st := serial.Stats
			total := uint64(0)
			for d := range workload.NumDirs {
				ds := &st.Dirs[d]
				require.Equal(t, byIO.Stats.Dirs[d].TotalIOs, ds.TotalIOs)
				require.Equal(t, byIO.Stats.Dirs[d].IOBytes, ds.IOBytes)
				if ds.Used() {
					checkLatencies(t, ds, true)
					// A synchronous engine's lat is its clat, IO by IO.
					require.Equal(t, ds.Clat.N(), ds.Lat.N())
					require.Equal(t, ds.Clat.Mean(), ds.Lat.Mean())
					require.Equal(t, ds.Clat.Stddev(), ds.Lat.Stddev())
					require.Equal(t, ds.Clat.Max(), ds.Lat.Max())
					require.Equal(t, ds.Clat.Percentile(99), ds.Lat.Percentile(99))
				}
				total += ds.TotalIOs
			}
			require.EqualValues(t, 3*256, total)
			require.Equal(t, byIO.Stats.Sync.TotalIOs, st.Sync.TotalIOs)
			ios := total + st.Sync.TotalIOs
			require.Equal(t, ios, st.Depth[stats.DepthBucket(1)], "every IO ran at depth 1")
			require.Equal(t, ios, st.Submit[stats.BatchBucket(1)], "every IO was submitted on its own")
			require.Equal(t, ios, st.Complete[stats.BatchBucket(1)], "every IO completed on its own")
		})
	}
}
