package engine

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/verify"
	"github.com/xbench/xbench/workload"
)

// writingEngines are the engines that move data, each with the depths to
// verify at.
var writingEngines = []struct {
	name   string
	depths []int
	opts   []string
}{
	{"sync", []int{1}, nil},
	{"psync", []int{1}, nil},
	{"pvsync", []int{1}, nil},
	{"pvsync2", []int{1}, nil},
	{"libaio", []int{1, 16}, nil},
	{"libaio", []int{16}, []string{"userspace_reap"}},
	{"io_uring", []int{1, 16}, nil},
	{"io_uring", []int{16}, []string{"fixedbufs", "registerfiles", "nonvectored=0"}},
	{workload.FaultEngine, []int{1, 16}, nil},
}

// runVerify runs j and skips the test where its engine is unavailable.
func runVerify(t *testing.T, o Options, j *workload.Job) *Result {
	t.Helper()
	res, err := Run(t.Context(), []*workload.Job{j}, o)
	if j.IOEngine == "io_uring" {
		testutil.SkipUnlessIOUring(t, err)
	}
	require.NoError(t, err)
	return res
}

// Every writing engine writes, then reads back and verifies, at several
// depths and patterns, without a false alarm: overlapping random writes
// (norandommap) included.
func TestVerifyOnEveryWritingEngine(t *testing.T) {
	dir := testutil.DirectIODir(t)
	t.Chdir(t.TempDir()) // where the verify state is saved
	patterns := []struct {
		name  string
		opts  []string
		bytes uint64 // read back
	}{
		{"write", []string{"rw=write", "size=1m"}, 1 << 20},
		{"randwrite", []string{"rw=randwrite", "size=1m", "bsrange=4k-16k"}, 0},
		{"norandommap", []string{"rw=randwrite", "norandommap", "size=256k", "io_size=2m"}, 0},
		{"randrw", []string{"rw=randrw", "size=1m"}, 0},
		{"backlog", []string{"rw=randwrite", "size=1m", "verify_backlog=8", "verify_backlog_batch=4"}, 1 << 20},
	}
	for _, e := range writingEngines {
		for _, depth := range e.depths {
			for _, p := range patterns {
				name := strings.Join(append([]string{e.name}, e.opts...), ",")
				t.Run(fmt.Sprintf("%s/%d/%s", name, depth, p.name), func(t *testing.T) {
					path := filepath.Join(dir, "v")
					os.Remove(path)
					opts := append([]string{"filename=" + path, "ioengine=" + e.name}, e.opts...)
					opts = append(opts, "direct=1", fmt.Sprintf("iodepth=%d", depth), "verify=crc32c")
					j := job(t, "v", append(opts, p.opts...)...)
					st := runVerify(t, Options{}, j).Clones[0].Stats
					require.Zero(t, st.Error, st.ErrorText)
					r := &st.Dirs[stats.Read]
					assert.Positive(t, r.IOBytes)
					if p.bytes != 0 {
						assert.Equal(t, p.bytes, r.IOBytes-readsOf(j, st))
					}
				})
			}
		}
	}
}

// readsOf is the bytes a mixed job read besides its read back.
func readsOf(j *workload.Job, st *stats.Job) uint64 {
	if j.RW.Reads() {
		return st.Dirs[stats.Read].IOBytes - st.Dirs[stats.Write].IOBytes
	}
	return 0
}

// Every method writes and verifies.
func TestVerifyEveryMethod(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, m := range verify.Names() {
		if m == "0" {
			continue
		}
		t.Run(m, func(t *testing.T) {
			opts := []string{"filename=" + filepath.Join(dir, m), "rw=randwrite", "size=512k", "bs=8k",
				"ioengine=" + workload.FaultEngine, "iodepth=4", "verify=" + m, "verify_interval=2k", "verify_offset=200"}
			if m == "pattern" || m == "meta" {
				opts = append(opts, `verify_pattern=0xdeadbeef%o"x"`)
			}
			st := run(t, Options{}, job(t, "m", opts...)).Clones[0].Stats
			require.Zero(t, st.Error, st.ErrorText)
			assert.EqualValues(t, 512<<10, st.Dirs[stats.Read].IOBytes)
		})
	}
}

// A corruption of the file between the write and the verify phase is
// caught, named with its file, offset and checksums, and ends the job with
// EILSEQ: flipped bits, a block written to the wrong place, stale data from
// an earlier write, a lost write.
func TestVerifyCatchesCorruptionBetweenPhases(t *testing.T) {
	const bs = 4096
	cases := []struct {
		name   string
		method string
		hurt   func(f *os.File, old []byte)
		want   []string
	}{
		{"bit flip", "crc32c", func(f *os.File, _ []byte) {
			b := make([]byte, 1)
			f.ReadAt(b, 5*bs+1000)
			b[0] ^= 0x20
			f.WriteAt(b, 5*bs+1000)
		}, []string{"crc32c: verify failed at offset 20480, length 4096", "first differing byte at offset 21480"}},
		{"misplaced block", "md5", func(f *os.File, _ []byte) {
			b := make([]byte, bs)
			f.ReadAt(b, 3*bs)
			f.WriteAt(b, 9*bs)
		}, []string{"verify failed at offset 36864", "bad header offset 0x3000, wanted 0x9000"}},
		{"stale data", "xxhash", func(f *os.File, old []byte) {
			f.WriteAt(old[7*bs:8*bs], 7*bs)
		}, []string{"verify failed at offset 28672", "bad header rand_seed"}},
		{"lost write", "sha256", func(f *os.File, _ []byte) {
			f.WriteAt(make([]byte, bs), 2*bs)
		}, []string{"verify failed at offset 8192", "bad header magic 0x0, wanted 0xacca"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "c")
			opts := func(seed string) []string {
				return []string{"filename=" + path, "rw=randwrite", "size=64k", "bs=4k", "randseed=" + seed,
					"ioengine=" + workload.FaultEngine, "iodepth=4", "verify=" + tc.method, "verify_state_save=0"}
			}
			// An earlier run leaves the stale data.
			run(t, Options{}, job(t, "old", append(opts("1"), "do_verify=0")...))
			old, err := os.ReadFile(path)
			require.NoError(t, err)
			var notes bytes.Buffer
			hurt := func(c *Clone) {
				f, err := os.OpenFile(path, os.O_RDWR, 0)
				require.NoError(t, err)
				defer f.Close()
				tc.hurt(f, old)
			}
			res := run(t, Options{Notes: &notes, beforeVerify: hurt}, job(t, "c", opts("2")...))
			st := res.Clones[0].Stats
			assert.Equal(t, int(syscall.EILSEQ), st.Error)
			for _, w := range tc.want {
				assert.Contains(t, st.ErrorText, w)
			}
			assert.Contains(t, st.ErrorText, "verify failed on file "+path)
		})
	}
}

// Without continue_on_error the first bad block ends the job; with
// continue_on_error=verify every bad block is counted, unless
// verify_fatal ends the job at the first; verify_dump writes the chunks.
func TestVerifyFailuresAndPolicy(t *testing.T) {
	flips := []string{"fault_flip=4100:20000:40000", "fault_rw=read"}
	for _, depth := range []int{1, 4, 32} {
		for _, tc := range []struct {
			opts      []string
			total     uint64
			counted   bool
			readBytes uint64 // read back; 0 when the job stopped early
		}{
			{nil, 1, false, 0},
			{[]string{"continue_on_error=verify"}, 3, true, 64 << 10},
			{[]string{"continue_on_error=all", "verify_fatal=1"}, 1, true, 0},
			{[]string{"continue_on_error=io"}, 1, true, 0},
		} {
			t.Run(fmt.Sprintf("%d/%v", depth, tc.opts), func(t *testing.T) {
				dir := t.TempDir()
				t.Chdir(dir)
				opts := append([]string{"filename=" + filepath.Join(dir, "f"), "rw=write", "size=64k", "bs=4k",
					"ioengine=" + workload.FaultEngine, fmt.Sprintf("iodepth=%d", depth), "verify=crc32c",
					"verify_dump=1", "verify_state_save=0"}, flips...)
				var notes bytes.Buffer
				st := run(t, Options{Notes: &notes}, job(t, "p", append(opts, tc.opts...)...)).Clones[0].Stats
				assert.Equal(t, int(syscall.EILSEQ), st.Error)
				assert.Equal(t, tc.counted, st.CountsErrors)
				assert.Equal(t, tc.total, st.TotalErrors)
				assert.Equal(t, int(syscall.EILSEQ), st.FirstError)
				if tc.readBytes != 0 {
					assert.Equal(t, tc.readBytes, st.Dirs[stats.Read].IOBytes)
				}
				assert.FileExists(t, filepath.Join(dir, "f.4096.received"))
				assert.FileExists(t, filepath.Join(dir, "f.4096.expected"))
				assert.Contains(t, notes.String(), "received data dumped as f.4096.received")
			})
		}
	}
}

// A job that only reads checks every block against the headers it finds:
// blocks fio wrote verify, and a flipped bit is caught.
func TestVerifyReadOnlyJob(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r")
	run(t, Options{}, job(t, "w", "filename="+path, "rw=write", "size=128k", "verify=sha1", "do_verify=0", "verify_state_save=0"))
	r := job(t, "r", "filename="+path, "rw=randread", "size=128k", "verify=sha1", "ioengine="+workload.FaultEngine, "iodepth=8")
	st := run(t, Options{}, r).Clones[0].Stats
	require.Zero(t, st.Error, st.ErrorText)
	assert.EqualValues(t, 128<<10, st.Dirs[stats.Read].IOBytes)

	r = job(t, "r", "filename="+path, "rw=read", "size=128k", "verify=sha1", "ioengine="+workload.FaultEngine, "fault_flip=70000")
	st = run(t, Options{}, r).Clones[0].Stats
	assert.Equal(t, int(syscall.EILSEQ), st.Error)
	assert.Contains(t, st.ErrorText, "first differing byte at offset 70000")
}

// A write phase cut short saves its state; verify_only with
// verify_state_load then verifies only what was surely written, where
// without the state it finds the blocks never written.
func TestVerifyStateSaveAndLoad(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	path := filepath.Join(dir, "s")
	opts := []string{"filename=" + path, "rw=randwrite", "size=1m", "bs=4k", "ioengine=" + workload.FaultEngine,
		"iodepth=8", "fault_delay=10ms", "verify=crc32c"}
	ctx, cancel := context.WithTimeout(t.Context(), 150*time.Millisecond)
	defer cancel()
	res, err := Run(ctx, []*workload.Job{job(t, "s", opts...)}, Options{})
	require.NoError(t, err)
	written := res.Clones[0].Stats.Dirs[stats.Write].TotalIOs
	require.Positive(t, written)
	require.Less(t, written, uint64(256), "cut short")
	require.FileExists(t, filepath.Join(dir, "local-s-0-verify.state"))

	st := run(t, Options{}, job(t, "s", append(opts, "verify_only", "verify_state_load=1")...)).Clones[0].Stats
	require.Zero(t, st.Error, st.ErrorText)
	assert.Zero(t, st.Dirs[stats.Write].IOBytes, "verify_only writes nothing")
	r := st.Dirs[stats.Read].TotalIOs
	assert.LessOrEqual(t, r, written)
	assert.GreaterOrEqual(t, r+8, written, "all but at most iodepth of the writes are verified")

	st = run(t, Options{}, job(t, "s", append(opts, "verify_only", "verify_state_save=0")...)).Clones[0].Stats
	assert.Equal(t, int(syscall.EILSEQ), st.Error, "without the state, blocks never written are read back")
	assert.Contains(t, st.ErrorText, "bad header magic")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "local-s-0-verify.state"), []byte("junk"), 0o644))
	_, err = Run(t.Context(), []*workload.Job{job(t, "s", append(opts, "verify_only", "verify_state_load=1")...)}, Options{})
	require.ErrorContains(t, err, "job s: verify_state_load: local-s-0-verify.state: too short to be a verify state file")
}

// The xnvme engine (here libxnvme's stand-in and its ramdisk) writes and
// verifies too.
func TestVerifyOnXNVMe(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, depth := range []int{1, 16} {
		t.Run(fmt.Sprint(depth), func(t *testing.T) {
			j := xnvmeJob(t, "x", "8MB", "rw=randwrite", "size=1m", fmt.Sprintf("iodepth=%d", depth), "verify=crc32c")
			st := run(t, Options{XNVMe: standIn(t)}, j).Clones[0].Stats
			require.Zero(t, st.Error, st.ErrorText)
			assert.EqualValues(t, 1<<20, st.Dirs[stats.Read].IOBytes)
		})
	}
}

// As fio, a verify phase that cannot start and writers that overwrite each
// other are noted.
func TestVerifyNotes(t *testing.T) {
	t.Chdir(t.TempDir())
	var notes bytes.Buffer
	run(t, Options{Notes: &notes}, job(t, "tb", "ioengine=null", "rw=write", "size=1m", "verify=crc32c", "time_based", "runtime=100ms"))
	assert.Contains(t, notes.String(), "note: job tb: the verify phase will never start: the write phase uses all of runtime")
	notes.Reset()
	run(t, Options{Notes: &notes}, job(t, "nj", "filename=shared", "rw=randwrite", "size=64k", "verify=crc32c", "numjobs=2"))
	assert.Contains(t, notes.String(), "note: job nj: its 2 clones write the same files and may overwrite each other's blocks")
}
