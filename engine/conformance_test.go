package engine

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/workload"
)

// The conformance suite runs the same jobs through every engine this
// machine supports, and every io_uring option, and checks what each run
// did: the IOs and bytes the job asked for, latencies that hold together,
// and for writes what landed in the file. (The mechanisms' own suite,
// internal/xnvme's TestConformanceWriteThenRead, writes and reads back
// stamped blocks through each engine and option.)

// confEngine is an engine with options, as the suite runs it.
type confEngine struct {
	name string
	opts []string
}

// conformanceEngines are the engines (and io_uring option sets) to run:
// all that xbench has, less those this machine cannot run, each skipped
// with its reason.
func conformanceEngines(t *testing.T) []confEngine {
	engines := []confEngine{
		{"null", []string{"ioengine=null"}},
		{"sync", []string{"ioengine=sync"}},
		{"psync", []string{"ioengine=psync"}},
		{"pvsync", []string{"ioengine=pvsync"}},
		{"pvsync2", []string{"ioengine=pvsync2"}},
		{"libaio", []string{"ioengine=libaio"}},
		{"libaio/userspace_reap", []string{"ioengine=libaio", "userspace_reap"}},
	}
	if _, err := xnvme.ProbeIOUring(); err != nil {
		t.Logf("not running io_uring: %v", err)
		return engines
	}
	return append(engines,
		confEngine{"io_uring", []string{"ioengine=io_uring"}},
		confEngine{"io_uring/fixedbufs", []string{"ioengine=io_uring", "fixedbufs"}},
		confEngine{"io_uring/registerfiles", []string{"ioengine=io_uring", "registerfiles"}},
		confEngine{"io_uring/fixedbufs+registerfiles", []string{"ioengine=io_uring", "fixedbufs", "registerfiles", "iodepth_batch_submit=32"}},
		confEngine{"io_uring/nonvectored=0", []string{"ioengine=io_uring", "nonvectored=0"}},
		confEngine{"io_uring/force_async=4", []string{"ioengine=io_uring", "force_async=4"}},
		// On two CPUs the SQ thread takes one of them: keep it short.
		confEngine{"io_uring/sqthread_poll", []string{"ioengine=io_uring", "sqthread_poll"}},
	)
}

// confJob is one job of the suite.
type confJob struct {
	name string
	opts []string
}

var confJobs = []confJob{
	{"read", []string{"rw=read"}},
	{"randread", []string{"rw=randread"}},
	{"write", []string{"rw=write"}},
	{"randwrite", []string{"rw=randwrite"}},
	{"randrw", []string{"rw=randrw", "rwmixread=60"}},
}

var confBlockSizes = []string{"bs=4k", "bssplit=4k/50:16k/30:64k/20"}

func TestConformance(t *testing.T) {
	dir := testutil.DirectIODir(t)
	const size = 1 << 20
	for _, e := range conformanceEngines(t) {
		depths := []int{1, 8, 32}
		if strings.Contains(e.name, "/") {
			depths = []int{8} // an option set: one depth
		}
		for _, cj := range confJobs {
			for _, bs := range confBlockSizes {
				for _, depth := range depths {
					name := fmt.Sprintf("%s/%s/%s/depth=%d", e.name, cj.name, bs, depth)
					t.Run(name, func(t *testing.T) {
						path := filepath.Join(dir, "conf")
						opts := append(append(joinOpts(e.opts, cj.opts...), bs, "direct=1", fmt.Sprintf("iodepth=%d", depth),
							fmt.Sprintf("size=%d", size)), filenameOf(e, path)...)
						c := runConformance(t, job(t, "c", opts...), depth, size)
						if !strings.HasPrefix(e.name, "null") && !c.Job.RW.Reads() {
							checkWritten(t, path, c, depth)
						}
						require.NoError(t, os.RemoveAll(path))
					})
				}
			}
		}
	}
}

// The same jobs on a loop device, the stand-in for a block device.
func TestConformanceOnALoopDevice(t *testing.T) {
	dir := testutil.DirectIODir(t)
	loop := testutil.LoopDevice(t, testutil.File(t, dir, "backing", 4<<20, nil))
	for _, e := range conformanceEngines(t) {
		if e.name == "null" {
			continue
		}
		for _, cj := range []confJob{confJobs[1], confJobs[3], confJobs[4]} {
			t.Run(e.name+"/"+cj.name, func(t *testing.T) {
				opts := append(joinOpts(e.opts, cj.opts...), "bs=4k", "direct=1", "iodepth=8", "filename="+loop)
				c := runConformance(t, job(t, "c", opts...), 8, 4<<20)
				if !c.Job.RW.Reads() {
					checkWritten(t, loop, c, 8)
				}
			})
		}
	}
}

// joinOpts joins two option lists into a new one.
func joinOpts(a []string, b ...string) []string { return append(append([]string(nil), a...), b...) }

// filenameOf names the job's file, none for the null engine.
func filenameOf(e confEngine, path string) []string {
	if e.name == "null" {
		return nil
	}
	return []string{"filename=" + path}
}

// runConformance runs one job of size bytes and checks its counts and
// latencies.
func runConformance(t *testing.T, j *workload.Job, depth int, size uint64) *Clone {
	t.Helper()
	var notes bytes.Buffer
	res, err := Run(context.Background(), []*workload.Job{j}, Options{Notes: &notes, traceIOs: true})
	require.NoError(t, err)
	c := res.Clones[0]
	st := c.Stats
	require.Zero(t, st.Error, st.ErrorText)
	caps, err := xnvme.MechanismCaps(j.IOEngine)
	require.NoError(t, err)
	sync := caps.Sync || (j.IOEngine == "null" && depth == 1)
	if caps.Sync {
		depth = 1
		if j.IODepth > 1 {
			require.Contains(t, notes.String(), "queue depth will be capped at 1", "fio's note")
		}
	}

	// io_bytes and total_ios are the job's: its size, in the IOs issued.
	var ios, bytes [workload.NumDirs]uint64
	for _, io := range c.trace {
		ios[io.Dir]++
		bytes[io.Dir] += io.Len
	}
	require.Equal(t, size, bytes[0]+bytes[1]+bytes[2])
	var sumLat float64
	for d := range workload.NumDirs {
		ds := &st.Dirs[d]
		if !j.RW.Does(workload.Dir(d)) {
			require.Zero(t, ios[d])
			continue
		}
		require.Equal(t, ios[d], ds.TotalIOs, "total_ios of %s", workload.Dir(d))
		require.Equal(t, bytes[d], ds.IOBytes, "io_bytes of %s", workload.Dir(d))
		if j.BS.Split[d] == nil {
			require.Equal(t, ds.IOBytes/j.BS.BS[d], ds.TotalIOs)
		}
		if ds.TotalIOs > 0 {
			checkLatencies(t, ds, sync)
			sumLat += ds.Lat.Mean() * float64(ds.Lat.N())
		}
	}
	// Every IO's lat lies within the run, and at most depth IOs are in
	// flight at once: the latencies add up to at most depth times the
	// runtime (Little's law), whatever the machine's load.
	require.LessOrEqual(t, sumLat, float64(depth)*float64(st.Runtime.Nanoseconds())*(1+1e-9),
		"latencies of %d IOs add up to more than %d x the runtime %v", st.Dirs[0].TotalIOs+st.Dirs[1].TotalIOs, depth, st.Runtime)
	return c
}

// checkWritten reads what a write job left: every range it wrote holds a
// buffer's data (not zeros), at most depth different buffers' worth at
// one block size, and the rest of the device holds what was there.
func checkWritten(t *testing.T, path string, c *Clone, depth int) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	written := make([]bool, len(data))
	distinct := map[uint64]map[string]bool{}
	for _, io := range c.trace {
		if io.Dir != workload.DirWrite {
			continue
		}
		b := data[io.Offset : io.Offset+io.Len]
		require.NotEqual(t, make([]byte, io.Len), b, "the write at %d landed", io.Offset)
		if distinct[io.Len] == nil {
			distinct[io.Len] = map[string]bool{}
		}
		distinct[io.Len][string(b)] = true
		for i := range b {
			written[io.Offset+uint64(i)] = true
		}
	}
	for n, set := range distinct {
		require.LessOrEqual(t, len(set), depth, "writes of %d bytes carry one of the %d buffers", n, depth)
	}
	if c.Job.RW.Reads() {
		return // a mixed job's file was laid out with data
	}
	for i, w := range written {
		if !w && data[i] != 0 {
			t.Fatalf("byte %d was not written but is %#x", i, data[i])
		}
	}
}
