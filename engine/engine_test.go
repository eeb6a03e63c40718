package engine

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// job parses one job section with fio's defaults and the given options,
// such as "rw=randread".
func job(t testing.TB, name string, opts ...string) *workload.Job {
	t.Helper()
	jobs := jobs(t, "["+name+"]\n"+strings.Join(opts, "\n"))
	require.Len(t, jobs, 1)
	return jobs[0]
}

// jobs parses a job file.
func jobs(t testing.TB, text string) []*workload.Job {
	t.Helper()
	f, err := workload.Parse(strings.NewReader(text+"\n"), "test.fio")
	require.NoError(t, err)
	return f.Jobs
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
		for _, rw := range []string{"read", "randread", "write", "randwrite", "trim", "randtrim"} {
			t.Run(fmt.Sprintf("%s/depth=%d", rw, depth), func(t *testing.T) {
				j := job(t, "n", "ioengine=null", fmt.Sprintf("iodepth=%d", depth), "rw="+rw, "size=1m")
				res := run(t, Options{traceIOs: true}, j)
				require.Len(t, res.Clones, 1)
				c := res.Clones[0]
				dir := stats.Read
				switch {
				case j.RW.Writes():
					dir = stats.Write
				case j.RW.Trims():
					dir = stats.Trim
				}
				d := &c.Stats.Dirs[dir]
				require.EqualValues(t, 256, d.TotalIOs)
				require.EqualValues(t, 1<<20, d.IOBytes)
				require.Zero(t, c.Stats.Error)
				checkLatencies(t, d, depth == 1) // fio's null engine is synchronous at depth 1

				seen := map[uint64]bool{}
				for _, io := range c.trace {
					require.Zero(t, io.Offset%4096)
					require.Less(t, io.Offset, uint64(1<<20))
					require.False(t, seen[io.Offset], "offset %d twice", io.Offset)
					seen[io.Offset] = true
				}
				require.Len(t, seen, 256)
			})
		}
	}
}

func TestRandRepeatIssuesTheSameOffsetsTwice(t *testing.T) {
	offsets := func(opt string, entropy uint64) []workload.IO {
		j := job(t, "r", "ioengine=null", "iodepth=8", "rw=randread", "size=4m", "numjobs=2", opt)
		res := run(t, Options{traceIOs: true, Entropy: entropy}, j)
		require.Len(t, res.Clones, 2)
		require.NotEqual(t, res.Clones[0].trace, res.Clones[1].trace, "clones get their own sequence")
		return res.Clones[0].trace
	}
	require.Equal(t, offsets("randrepeat=1", 1), offsets("randrepeat=1", 2), "randrepeat=1 repeats")
	require.Equal(t, offsets("randseed=99", 1), offsets("randseed=99", 2), "randseed repeats")
	require.NotEqual(t, offsets("randrepeat=1", 1), offsets("randseed=99", 1), "randseed changes the sequence")
	require.NotEqual(t, offsets("randrepeat=0", 1), offsets("randrepeat=0", 2), "randrepeat=0 does not repeat")
	require.Equal(t, offsets("norandommap", 1), offsets("norandommap", 2), "norandommap repeats too")
}

// Every engine reads and writes a file through O_DIRECT, laying it out
// first.
func TestEnginesOnAFile(t *testing.T) {
	dir := testutil.DirectIODir(t)
	for _, engine := range []string{"psync", "libaio", "io_uring"} {
		for _, rw := range []string{"randread", "write"} {
			t.Run(engine+"/"+rw, func(t *testing.T) {
				path := filepath.Join(dir, engine+"-"+rw)
				j := job(t, "f", "ioengine="+engine, "iodepth=16", "rw="+rw, "size=2m", "direct=1", "filename="+path)
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
				if j.RW.Writes() {
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
			j := job(t, "b", "ioengine="+engine, "iodepth=32", "rw=randread", "direct=1", "filename="+loop)
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
	j := job(t, "t", "ioengine=null", "iodepth=4", "rw=randread", "size=1m", "time_based", "runtime=300ms", "ramp_time=100ms")
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
	j := job(t, "c", "ioengine=null", "iodepth=8", "size=1m", "numjobs=2", "time_based", "runtime=1h")
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
	j := job(t, "p", "ioengine=null", "size=1m", "numjobs=2", "cpus_allowed=0")
	for _, c := range run(t, Options{}, j).Clones {
		require.Equal(t, []int{0}, c.CPUs)
		require.NotZero(t, c.TID)
	}
}

// A file that shrinks under a running job ends it with an IO error, which
// the stats keep, instead of a crash or a silent short count.
func TestShortReadEndsTheJobWithAnError(t *testing.T) {
	dir := testutil.DirectIODir(t)
	path := testutil.File(t, dir, "shrinks", 1<<20, nil)
	j := job(t, "s", "filename="+path, "rw=randread", "time_based", "runtime=10s")
	go func() {
		time.Sleep(100 * time.Millisecond)
		os.Truncate(path, 0)
	}()
	res := run(t, Options{}, j)
	st := res.Clones[0].Stats
	require.Equal(t, 5, st.Error, "EIO")
	require.Contains(t, st.ErrorText, "transferred nothing")
	require.Contains(t, st.ErrorText, path)
}

func TestSetupErrors(t *testing.T) {
	dir := testutil.DirectIODir(t)
	existing := testutil.File(t, dir, "existing", 1<<20, nil)
	cases := []struct {
		name string
		opts []string
		want string
	}{
		{"missing file without size", []string{"filename=" + filepath.Join(dir, "nope")},
			"does not exist and size= is not set"},
		{"null without size", []string{"ioengine=null"},
			"size= is required with ioengine=null"},
		{"bs larger than the file", []string{"filename=" + existing, "bs=2m"},
			"the block size is larger than the IO size (1048576 bytes, smallest block 2097152)"},
		{"unaligned direct bs", []string{"filename=" + existing, "bs=1000", "direct=1"},
			"is not a multiple of"},
		{"character device", []string{"filename=/dev/null"},
			"is a character device"},
		{"offset past the end", []string{"filename=" + existing, "offset=2m"},
			"offset=2097152 lies past the end of " + existing},
		{"random map too large", []string{"ioengine=null", "size=16t", "rw=randread", "bsrange=512-4k"},
			"the random map would not fit in memory (1 GiB per clone); set norandommap (it would take 4096 MiB)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(context.Background(), []*workload.Job{job(t, "e", tc.opts...)}, Options{})
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
	j := job(t, "d", "filename="+path, "direct=1")
	_, err := Run(context.Background(), []*workload.Job{j}, Options{})
	require.ErrorContains(t, err, "does not support O_DIRECT (direct=1); set direct=0")
}

func TestRefusesToWriteAMountedDevice(t *testing.T) {
	dev := mountedBlockDevice(t)
	for _, rw := range []string{"write", "trim"} {
		j := job(t, "w", "filename="+dev, "rw="+rw)
		_, err := Run(context.Background(), []*workload.Job{j}, Options{})
		require.ErrorContains(t, err, "refusing to write to "+dev)
	}
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
