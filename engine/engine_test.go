package engine

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// job returns a job with fio's defaults and the given changes.
func job(name string, change func(*workload.Job)) *workload.Job {
	j := &workload.Job{
		Name: name, BlockSize: 4096, RW: workload.Read, IOEngine: "psync",
		IODepth: 1, NumJobs: 1, RandRepeat: true,
	}
	if change != nil {
		change(j)
	}
	return j
}

func run(t *testing.T, o Options, jobs ...*workload.Job) *Result {
	t.Helper()
	res, err := Run(context.Background(), jobs, o)
	require.NoError(t, err)
	return res
}

// checkLatencies checks what every measured direction must satisfy.
func checkLatencies(t *testing.T, d *stats.DirStats, sync bool) {
	t.Helper()
	for name, l := range map[string]*stats.Latency{"clat": d.Clat, "lat": d.Lat} {
		require.Equal(t, d.TotalIOs, l.N(), name)
		require.LessOrEqual(t, float64(l.Min()), l.Mean(), name)
		require.LessOrEqual(t, l.Mean(), float64(l.Max()), name)
		prev := uint64(0)
		for _, p := range []float64{1, 50, 90, 99, 99.9, 100} {
			v := l.Percentile(p)
			require.GreaterOrEqual(t, v, prev, "%s p%v", name, p)
			prev = v
		}
	}
	if sync {
		require.Zero(t, d.Slat.N(), "sync engines have no submission latency")
	} else {
		require.Equal(t, d.TotalIOs, d.Slat.N())
	}
	require.GreaterOrEqual(t, d.Lat.Min(), d.Clat.Min())
}

func TestNullJobDoesEveryBlockOnce(t *testing.T) {
	for _, depth := range []int{1, 32} {
		for _, rw := range []workload.RW{workload.Read, workload.RandRead, workload.Write, workload.RandWrite} {
			t.Run(fmt.Sprintf("%s/depth=%d", rw, depth), func(t *testing.T) {
				j := job("n", func(j *workload.Job) {
					j.IOEngine, j.IODepth, j.RW, j.Size = "null", depth, rw, 1<<20
				})
				res := run(t, Options{traceOffsets: true}, j)
				require.Len(t, res.Clones, 1)
				c := res.Clones[0]
				dir := stats.Read
				if rw.Writes() {
					dir = stats.Write
				}
				d := &c.Stats.Dirs[dir]
				require.EqualValues(t, 256, d.TotalIOs)
				require.EqualValues(t, 1<<20, d.IOBytes)
				require.Zero(t, c.Stats.Error)
				checkLatencies(t, d, false)

				seen := map[uint64]bool{}
				for _, off := range c.trace {
					require.Zero(t, off%4096)
					require.Less(t, off, uint64(1<<20))
					require.False(t, seen[off], "offset %d twice", off)
					seen[off] = true
				}
				require.Len(t, seen, 256)
			})
		}
	}
}

func TestRandRepeatIssuesTheSameOffsetsTwice(t *testing.T) {
	offsets := func(change func(*workload.Job), entropy uint64) []uint64 {
		j := job("r", func(j *workload.Job) {
			j.IOEngine, j.IODepth, j.RW, j.Size, j.NumJobs = "null", 8, workload.RandRead, 4<<20, 2
			change(j)
		})
		res := run(t, Options{traceOffsets: true, Entropy: entropy}, j)
		require.Len(t, res.Clones, 2)
		require.NotEqual(t, res.Clones[0].trace, res.Clones[1].trace, "clones get their own sequence")
		return res.Clones[0].trace
	}
	repeat := func(j *workload.Job) { j.RandRepeat = true }
	require.Equal(t, offsets(repeat, 1), offsets(repeat, 2), "randrepeat=1 repeats")

	seeded := func(j *workload.Job) { j.RandRepeat, j.RandSeed, j.RandSeedSet = false, 99, true }
	require.Equal(t, offsets(seeded, 1), offsets(seeded, 2), "randseed repeats")
	require.NotEqual(t, offsets(repeat, 1), offsets(seeded, 1), "randseed changes the sequence")

	noRepeat := func(j *workload.Job) { j.RandRepeat = false }
	require.NotEqual(t, offsets(noRepeat, 1), offsets(noRepeat, 2), "randrepeat=0 does not repeat")

	noMap := func(j *workload.Job) { j.NoRandomMap = true }
	require.Equal(t, offsets(noMap, 1), offsets(noMap, 2), "norandommap repeats too")
}

// Every engine reads and writes a file through O_DIRECT, laying it out
// first.
func TestEnginesOnAFile(t *testing.T) {
	dir := testutil.DirectIODir(t)
	for _, engine := range []string{"psync", "libaio", "io_uring"} {
		for _, rw := range []workload.RW{workload.RandRead, workload.Write} {
			t.Run(engine+"/"+rw.String(), func(t *testing.T) {
				path := filepath.Join(dir, engine+"-"+rw.String())
				j := job("f", func(j *workload.Job) {
					j.IOEngine, j.IODepth, j.RW, j.Size, j.Direct, j.Filename = engine, 16, rw, 2<<20, true, path
				})
				var notes bytes.Buffer
				res, err := Run(context.Background(), []*workload.Job{j}, Options{Notes: &notes})
				if engine == "io_uring" {
					testutil.SkipUnlessIOUring(t, err)
				}
				require.NoError(t, err)
				require.Contains(t, notes.String(), "f: Laying out IO file (1 file / 2MiB)")
				if engine == "psync" {
					require.Contains(t, notes.String(), "queue depth will be capped at 1")
				}
				fi, err := os.Stat(path)
				require.NoError(t, err)
				require.EqualValues(t, 2<<20, fi.Size())

				c := res.Clones[0]
				require.Zero(t, c.Stats.Error, c.Stats.ErrorText)
				dir := stats.Read
				if rw.Writes() {
					dir = stats.Write
				}
				d := &c.Stats.Dirs[dir]
				require.EqualValues(t, 512, d.TotalIOs)
				require.EqualValues(t, 2<<20, d.IOBytes)
				checkLatencies(t, d, engine == "psync")
				require.Positive(t, d.Runtime)
			})
		}
	}
}

func TestBlockDevice(t *testing.T) {
	dir := testutil.DirectIODir(t)
	backing := testutil.File(t, dir, "backing", 16<<20, nil)
	loop := testutil.LoopDevice(t, backing)
	for _, engine := range []string{"psync", "libaio", "io_uring"} {
		t.Run(engine, func(t *testing.T) {
			j := job("b", func(j *workload.Job) {
				j.IOEngine, j.IODepth, j.RW, j.Direct, j.Filename = engine, 32, workload.RandRead, true, loop
			})
			res, err := Run(context.Background(), []*workload.Job{j}, Options{})
			if engine == "io_uring" {
				testutil.SkipUnlessIOUring(t, err)
			}
			require.NoError(t, err)
			d := &res.Clones[0].Stats.Dirs[stats.Read]
			require.EqualValues(t, 16<<20, d.IOBytes, "size defaults to the whole device")
		})
	}
}

func TestTimeBasedRunsForRuntime(t *testing.T) {
	j := job("t", func(j *workload.Job) {
		j.IOEngine, j.IODepth, j.RW, j.Size = "null", 4, workload.RandRead, 1<<20
		j.TimeBased, j.Runtime, j.RampTime = true, 300*time.Millisecond, 100*time.Millisecond
	})
	res := run(t, Options{}, j)
	c := res.Clones[0]
	d := &c.Stats.Dirs[stats.Read]
	// The run wraps over the 256 blocks many times; only the timed phase
	// after the ramp counts.
	require.Greater(t, d.TotalIOs, uint64(256))
	require.GreaterOrEqual(t, d.Runtime, 300*time.Millisecond)
	require.Less(t, d.Runtime, 300*time.Millisecond+250*time.Millisecond)
	require.Equal(t, d.TotalIOs, d.Lat.N())
	require.Equal(t, c.Stats.Runtime, d.Runtime)
}

func TestCancelStopsCleanly(t *testing.T) {
	j := job("c", func(j *workload.Job) {
		j.IOEngine, j.IODepth, j.Size, j.NumJobs = "null", 8, 1<<20, 2
		j.TimeBased, j.Runtime = true, time.Hour
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	began := time.Now()
	res, err := Run(ctx, []*workload.Job{j}, Options{})
	require.NoError(t, err)
	require.Less(t, time.Since(began), 5*time.Second)
	for _, c := range res.Clones {
		require.Positive(t, c.Stats.Dirs[stats.Read].TotalIOs)
		require.Zero(t, c.Stats.Error)
	}
}

func TestCPUsAllowedPinsEveryClone(t *testing.T) {
	j := job("p", func(j *workload.Job) {
		j.IOEngine, j.Size, j.NumJobs, j.CPUsAllowed = "null", 1<<20, 2, workload.CPUSet{0}
	})
	for _, c := range run(t, Options{}, j).Clones {
		require.Equal(t, []int{0}, c.CPUs)
		require.NotZero(t, c.TID)
	}
}

func TestGroupsRunInOrder(t *testing.T) {
	a := job("a", func(j *workload.Job) { j.IOEngine, j.Size = "null", 1<<20 })
	b := job("b", func(j *workload.Job) { j.IOEngine, j.Size, j.GroupID = "null", 1<<20, 1 })
	res := run(t, Options{}, a, b)
	require.Len(t, res.Clones, 2)
	require.Equal(t, 0, res.Clones[0].Stats.GroupID)
	require.Equal(t, 1, res.Clones[1].Stats.GroupID)
	require.True(t, !res.Clones[1].Stats.Start.Before(res.Clones[0].Stats.Start))
}

// A file that shrinks under a running job ends it with an IO error, which
// the stats keep, instead of a crash or a silent short count.
func TestShortReadEndsTheJobWithAnError(t *testing.T) {
	dir := testutil.DirectIODir(t)
	path := testutil.File(t, dir, "shrinks", 1<<20, nil)
	j := job("s", func(j *workload.Job) {
		j.Filename, j.RW, j.TimeBased, j.Runtime = path, workload.RandRead, true, 10*time.Second
	})
	go func() {
		time.Sleep(100 * time.Millisecond)
		os.Truncate(path, 0)
	}()
	res := run(t, Options{}, j)
	st := res.Clones[0].Stats
	require.Equal(t, 5, st.Error, "EIO")
	require.Contains(t, st.ErrorText, "short read")
	require.Contains(t, st.ErrorText, path)
}

func TestSetupErrors(t *testing.T) {
	dir := testutil.DirectIODir(t)
	existing := testutil.File(t, dir, "existing", 1<<20, nil)
	cases := []struct {
		name string
		job  func(*workload.Job)
		want string
	}{
		{"missing file without size", func(j *workload.Job) { j.Filename = filepath.Join(dir, "nope") },
			"does not exist and size= is not set"},
		{"null without size", func(j *workload.Job) { j.IOEngine = "null" },
			"size= is required with ioengine=null"},
		{"bs larger than size", func(j *workload.Job) { j.Filename, j.BlockSize = existing, 2<<20 },
			"bs=2097152 is larger than the IO size 1048576"},
		{"unaligned direct bs", func(j *workload.Job) { j.Filename, j.BlockSize, j.Direct = existing, 1000, true },
			"is not a multiple of"},
		{"character device", func(j *workload.Job) { j.Filename = "/dev/null" },
			"is a character device"},
		{"unknown engine", func(j *workload.Job) { j.Filename, j.IOEngine = existing, "nope" },
			"ioengine=nope"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(context.Background(), []*workload.Job{job("e", tc.job)}, Options{})
			require.ErrorContains(t, err, tc.want)
			require.NotContains(t, err.Error(), "\n")
		})
	}
}

func TestDirectIORefusedByTmpfs(t *testing.T) {
	if testutil.SupportsDirectIO("/dev/shm") || !isDir("/dev/shm") {
		t.Skip("skipping: no tmpfs at /dev/shm that refuses O_DIRECT")
	}
	path := testutil.File(t, "/dev/shm", fmt.Sprintf("xbench-test-%d", os.Getpid()), 1<<20, nil)
	defer os.Remove(path)
	j := job("d", func(j *workload.Job) { j.Filename, j.Direct = path, true })
	_, err := Run(context.Background(), []*workload.Job{j}, Options{})
	require.ErrorContains(t, err, "does not support O_DIRECT (direct=1); set direct=0")
}

func TestRefusesToWriteAMountedDevice(t *testing.T) {
	dev := mountedBlockDevice(t)
	j := job("w", func(j *workload.Job) { j.Filename, j.RW = dev, workload.Write })
	_, err := Run(context.Background(), []*workload.Job{j}, Options{})
	require.ErrorContains(t, err, "refusing to write to "+dev)
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// mountedBlockDevice returns the block device of the root filesystem.
func mountedBlockDevice(t *testing.T) string {
	b, err := os.ReadFile("/proc/self/mounts")
	require.NoError(t, err)
	for _, line := range bytes.Split(b, []byte("\n")) {
		var dev, mnt string
		if n, _ := fmt.Sscan(string(line), &dev, &mnt); n == 2 && mnt == "/" {
			if fi, err := os.Stat(dev); err == nil && fi.Mode()&os.ModeDevice != 0 && fi.Mode()&os.ModeCharDevice == 0 {
				return dev
			}
		}
	}
	t.Skip("skipping: the root filesystem is not on a block device here")
	return ""
}
