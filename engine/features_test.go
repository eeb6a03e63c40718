package engine

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// A job with several files lays them out and does its IO on each, through
// one queue, with every engine.
func TestSeveralFilesPerQueue(t *testing.T) {
	dir := testutil.DirectIODir(t)
	for _, engine := range []string{"psync", "libaio", "io_uring"} {
		t.Run(engine, func(t *testing.T) {
			j := job(t, "m", "ioengine="+engine, "iodepth=8", "rw=randwrite", "size=3m", "nrfiles=3", "direct=1", "directory="+dir)
			var notes bytes.Buffer
			res, err := Run(context.Background(), []*workload.Job{j}, Options{Notes: &notes, traceIOs: true})
			if engine == "io_uring" {
				testutil.SkipUnlessIOUring(t, err)
			}
			require.NoError(t, err)
			assert.Contains(t, notes.String(), "m: Laying out IO files (3 files / total 3MiB)")
			c := res.Clones[0]
			require.Zero(t, c.Stats.Error, c.Stats.ErrorText)
			assert.EqualValues(t, 3<<20, c.Stats.Dirs[stats.Write].IOBytes)
			perFile := map[int]int{}
			for _, io := range c.trace {
				perFile[io.File]++
			}
			assert.Equal(t, map[int]int{0: 256, 1: 256, 2: 256}, perFile)
			for i := range 3 {
				fi, err := os.Stat(filepath.Join(dir, "m.0."+string(rune('0'+i))))
				require.NoError(t, err)
				assert.EqualValues(t, 1<<20, fi.Size())
			}
			require.NoError(t, os.RemoveAll(dir))
			require.NoError(t, os.MkdirAll(dir, 0o755))
		})
	}
}

// Trims punch holes in a file and count as trims, with every engine.
func TestTrimOnAFile(t *testing.T) {
	dir := testutil.DirectIODir(t)
	for _, engine := range []string{"psync", "libaio", "io_uring"} {
		t.Run(engine, func(t *testing.T) {
			path := testutil.File(t, dir, "trim-"+engine, 1<<20, func(b []byte, off int64) {
				for i := range b {
					b[i] = 1
				}
			})
			j := job(t, "t", "ioengine="+engine, "iodepth=4", "rw=randtrim", "bs=64k", "filename="+path)
			res, err := Run(context.Background(), []*workload.Job{j}, Options{})
			if engine == "io_uring" {
				testutil.SkipUnlessIOUring(t, err)
			}
			require.NoError(t, err)
			st := res.Clones[0].Stats
			require.Zero(t, st.Error, st.ErrorText)
			assert.EqualValues(t, 16, st.Dirs[stats.Trim].TotalIOs)
			assert.EqualValues(t, 1<<20, st.Dirs[stats.Trim].IOBytes)
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, make([]byte, 1<<20), b, "every block is a hole")
		})
	}
}

// fsync= issues syncs between writes and records their latency; each
// engine issues them its own way.
func TestSyncs(t *testing.T) {
	dir := testutil.DirectIODir(t)
	for _, engine := range []string{"psync", "libaio", "io_uring"} {
		t.Run(engine, func(t *testing.T) {
			path := filepath.Join(dir, "sync-"+engine)
			j := job(t, "s", "ioengine="+engine, "iodepth=4", "rw=write", "size=256k", "fsync=8", "fdatasync=16", "end_fsync=1", "filename="+path)
			res, err := Run(context.Background(), []*workload.Job{j}, Options{})
			if engine == "io_uring" {
				testutil.SkipUnlessIOUring(t, err)
			}
			require.NoError(t, err)
			st := res.Clones[0].Stats
			require.Zero(t, st.Error, st.ErrorText)
			// 64 writes: an fsync after writes 8, 16, ..., 56 (not after
			// the last); at 16, 32 and 48 the fsync comes first.
			assert.EqualValues(t, 7, st.Sync.TotalIOs)
			assert.EqualValues(t, 7, st.Sync.Lat.N(), "fdatasyncs never come: the fsync before them re-arms")
			assert.EqualValues(t, 64, st.Dirs[stats.Write].TotalIOs)
		})
	}
}

// gtod_reduce records no latency but still counts the IO.
func TestMeasurementOptions(t *testing.T) {
	for _, tc := range []struct {
		opt             string
		slat, clat, lat bool
	}{
		{"gtod_reduce=1", false, false, false},
		{"disable_slat=1", false, true, true},
		{"disable_clat=1", true, false, true},
		{"disable_lat=1", true, true, false},
	} {
		t.Run(tc.opt, func(t *testing.T) {
			res := run(t, Options{}, job(t, "g", "ioengine=null", "size=1m", "iodepth=4", tc.opt))
			d := &res.Clones[0].Stats.Dirs[stats.Read]
			assert.EqualValues(t, 256, d.TotalIOs)
			assert.Equal(t, tc.slat, d.Slat.N() > 0, "slat")
			assert.Equal(t, tc.clat, d.Clat.N() > 0, "clat")
			assert.Equal(t, tc.lat, d.Lat.N() > 0, "lat")
		})
	}
}

// A rate spaces the IOs out; think time pauses between them.
func TestPacing(t *testing.T) {
	for _, tc := range []struct {
		opts []string
		min  time.Duration
	}{
		{[]string{"rate_iops=1000", "number_ios=100"}, 95 * time.Millisecond},
		{[]string{"rate=400k", "number_ios=100"}, 950 * time.Millisecond},
		{[]string{"rate_iops=1000", "rate_process=poisson", "number_ios=100"}, 50 * time.Millisecond},
		{[]string{"iodepth=1", "thinktime=10ms", "thinktime_blocks=10", "number_ios=100"}, 99 * time.Millisecond},
		{[]string{"iodepth=1", "thinktime=2ms", "thinktime_spin=1ms", "number_ios=20"}, 39 * time.Millisecond},
	} {
		t.Run(tc.opts[0], func(t *testing.T) {
			j := job(t, "p", append([]string{"ioengine=null", "size=1m", "iodepth=4"}, tc.opts...)...)
			began := time.Now()
			res := run(t, Options{}, j)
			assert.GreaterOrEqual(t, time.Since(began), tc.min)
			assert.Equal(t, j.Extent.NumberIOs, res.Clones[0].Stats.Dirs[stats.Read].TotalIOs)
		})
	}
}

// A job below its rate_min after the two seconds fio lets it settle ends
// with an error.
func TestRateMin(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: takes three seconds")
	}
	j := job(t, "r", "ioengine=null", "size=1m", "rate_iops=100", "rate_iops_min=50,", "rate_cycle=200", "time_based", "runtime=10s", "thinktime=100ms")
	res := run(t, Options{}, j)
	st := res.Clones[0].Stats
	assert.Equal(t, int(syscall.EIO), st.Error)
	assert.Contains(t, st.ErrorText, "read rate_iops_min=50 not met")
}

// stonewall waits for the jobs before it; new_group and wait_for start
// as fio starts them; startdelay holds a job back.
func TestStartOrder(t *testing.T) {
	js := jobs(t, `
[global]
ioengine=null
size=1m
rate_iops=2000
[a]
[b]
new_group
[c]
wait_for=a
[d]
stonewall
[e]
startdelay=300ms
`)
	res := run(t, Options{}, js...)
	start := map[string]time.Time{}
	end := map[string]time.Time{}
	for _, c := range res.Clones {
		start[c.Job.Name] = c.Stats.Start
		end[c.Job.Name] = c.Stats.Start.Add(c.Stats.Runtime)
	}
	near := 50 * time.Millisecond
	assert.WithinDuration(t, start["a"], start["b"], near, "new_group does not wait")
	assert.False(t, start["c"].Before(end["a"]), "c waits for a")
	assert.False(t, start["d"].Before(end["c"]), "d waits for everything before it")
	assert.False(t, start["e"].Before(end["c"]), "e waits with d's stonewall")
	assert.Equal(t, []int{0, 1, 1, 2, 2}, []int{res.Clones[0].Stats.GroupID, res.Clones[1].Stats.GroupID,
		res.Clones[2].Stats.GroupID, res.Clones[3].Stats.GroupID, res.Clones[4].Stats.GroupID})

	js = jobs(t, "[a]\nioengine=null\nsize=1m\n[b]\nioengine=null\nsize=1m\nstartdelay=200ms\n")
	res = run(t, Options{}, js...)
	assert.GreaterOrEqual(t, res.Clones[1].Stats.Start.Sub(res.Clones[0].Stats.Start), 190*time.Millisecond)
}

// exitall ends the group when one of its jobs ends; the next group still
// runs.
func TestExitAll(t *testing.T) {
	js := jobs(t, `
[global]
ioengine=null
exitall
[short]
size=1m
[long]
size=1m
time_based
runtime=1h
[late]
size=1m
startdelay=1h
[next]
stonewall
size=1m
`)
	began := time.Now()
	res := run(t, Options{}, js...)
	assert.Less(t, time.Since(began), 10*time.Second)
	names := map[string]*stats.Job{}
	for _, c := range res.Clones {
		names[c.Job.Name] = c.Stats
	}
	assert.EqualValues(t, 256, names["short"].Dirs[stats.Read].TotalIOs)
	assert.Zero(t, names["late"].Dirs[stats.Read].TotalIOs, "a job not started yet never starts")
	assert.EqualValues(t, 256, names["next"].Dirs[stats.Read].TotalIOs)
}

// A setup error of a job that starts later stops the run with that error.
func TestLaterSetupError(t *testing.T) {
	js := jobs(t, "[a]\nioengine=null\nsize=1m\n[b]\nioengine=psync\nstonewall\nsize=1m\ncpus_allowed=1000\nfilename="+
		testutil.File(t, t.TempDir(), "f", 1<<20, nil)+"\n")
	_, err := Run(context.Background(), js, Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "job b: cpus_allowed=1000")
}

// cpus_allowed_policy=split gives each clone one CPU of the set, in turn.
func TestCPUsSplit(t *testing.T) {
	j := job(t, "s", "ioengine=null", "size=1m", "numjobs=3", "cpus_allowed=0-1", "cpus_allowed_policy=split")
	res := run(t, Options{}, j)
	assert.Equal(t, []int{0}, res.Clones[0].CPUs)
	assert.Equal(t, []int{1}, res.Clones[1].CPUs)
	assert.Equal(t, []int{0}, res.Clones[2].CPUs)
}

// The reap policy: wait only when the queue is full (for iodepth_low) or
// when the loop drains.
func TestReaping(t *testing.T) {
	r := newReaping(job(t, "r", "iodepth=16", "iodepth_low=4", "iodepth_batch_complete_min=2", "ioengine=libaio"), 16)
	assert.Equal(t, 0, r.waitFor(4, 4, false, false), "room left: do not wait")
	assert.Equal(t, 12, r.waitFor(8, 8, false, false), "full: drain to iodepth_low")
	assert.Equal(t, 8, r.waitFor(0, 8, true, false), "draining: wait for all")
	assert.Equal(t, 1, r.waitFor(2, 2, false, true), "the device refused IOs: wait for one")
	r = newReaping(job(t, "r", "iodepth=16", "iodepth_batch_complete_min=4", "ioengine=libaio"), 16)
	assert.Equal(t, 4, r.waitFor(16, 0, false, false), "full: at least iodepth_batch_complete_min")
	assert.Equal(t, 8, submitMax(job(t, "d", "iodepth=32"), 32), "xbench's default")
	assert.Equal(t, 1, submitMax(job(t, "d", "iodepth=32", "iodepth_batch_submit=1"), 32), "fio's 1, when set")
	assert.Equal(t, 4, submitMax(job(t, "d", "iodepth=4"), 4))
}

// A direction converts to its operation by value.
func TestOpcodesMatchDirections(t *testing.T) {
	for d, op := range map[workload.Dir]xnvme.Opcode{
		workload.DirRead: xnvme.OpRead, workload.DirWrite: xnvme.OpWrite, workload.DirTrim: xnvme.OpTrim,
		workload.DirSync: xnvme.OpFsync, workload.DirDataSync: xnvme.OpFdatasync,
	} {
		assert.Equal(t, op, opcodeOf(d), d.String())
	}
}

// The recorder records the completions of one submit call reaped together
// as one run, with the same figures as recording them one by one.
func TestRecorderRuns(t *testing.T) {
	j := job(t, "r", "ioengine=null", "rw=randrw", "size=1m")
	st := newJobStats(j)
	rec := newRecorder(j, st, false)
	rec.errs = &errorPolicy{h: j.Errors, st: st, notes: io.Discard, path: func(int) string { return "f" }}
	sl := newSlots(8)
	var cq []xnvme.CQE
	for i := range 8 {
		dir := workload.DirRead
		if i >= 5 {
			dir = workload.DirWrite
		}
		slot := sl.takeWith(&workload.IO{Dir: dir, Len: 4096})
		submit := uint64(100 + 10*(i/3)) // calls of three IOs
		cq = append(cq, xnvme.CQE{Res: 4096, Slot: slot, TSubmit: submit, TIssued: submit + 5})
	}
	require.False(t, rec.complete(cq, &sl, 1000))
	rec.finish(1)
	r, w := &st.Dirs[stats.Read], &st.Dirs[stats.Write]
	assert.EqualValues(t, 5, r.TotalIOs)
	assert.EqualValues(t, 3, w.TotalIOs)
	assert.EqualValues(t, 5, r.Lat.N())
	assert.EqualValues(t, 3, w.Clat.N())
	assert.EqualValues(t, 1000-100, r.Lat.Max())
	assert.EqualValues(t, 1000-110, r.Lat.Min())
	assert.EqualValues(t, 1000-115, w.Clat.Max())
	assert.EqualValues(t, 1000-125, w.Clat.Min())
	assert.EqualValues(t, 5, r.Slat.Max())
	assert.Len(t, sl.free, 8, "every slot is free again")

	// A failed completion is not recorded: it becomes the job's error.
	slot := sl.takeWith(&workload.IO{Dir: workload.DirRead, Offset: 8192, Len: 4096})
	require.True(t, rec.complete([]xnvme.CQE{{Res: -5, Slot: slot}}, &sl, 2000))
	assert.Equal(t, 5, st.Error)
	assert.Equal(t, "io_u error on file f: input/output error: read offset=8192, buflen=4096", st.ErrorText)
	assert.EqualValues(t, 5, r.TotalIOs)
}
