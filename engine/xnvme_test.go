package engine

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// standIn loads xbench's stand-in for libxnvme.
func standIn(t *testing.T) *xnvme.Library {
	t.Helper()
	r := xnvme.Load([]xnvme.Candidate{{Source: "test", Path: testutil.StandInXNVMe(t)}})
	require.NoError(t, r.Err())
	return r.Library
}

func xnvmeJob(name, uri string, change func(*workload.Job)) *workload.Job {
	return job(name, func(j *workload.Job) {
		j.IOEngine, j.Filename, j.XNVMe.Async = "xnvme", uri, "thrpool"
		if change != nil {
			change(j)
		}
	})
}

func TestXNVMeJobs(t *testing.T) {
	lib := standIn(t)
	for _, tc := range []struct {
		name   string
		job    *workload.Job
		ios    uint64
		clones int
	}{
		{"randread QD32", xnvmeJob("r", "8MB", func(j *workload.Job) { j.RW, j.IODepth = workload.RandRead, 32 }), 2048, 1},
		{"write QD4 iovec", xnvmeJob("w", "8MB", func(j *workload.Job) { j.RW, j.IODepth, j.XNVMe.IOVec = workload.Write, 4, true }), 2048, 1},
		{"nil QD16 size", xnvmeJob("n", "8MB", func(j *workload.Job) {
			j.RW, j.IODepth, j.XNVMe.Async, j.Size = workload.RandRead, 16, "nil", 1<<20
		}), 256, 1},
		{"two clones", xnvmeJob("c", "8MB", func(j *workload.Job) { j.NumJobs, j.IODepth, j.BlockSize = 2, 8, 64<<10 }), 128, 2},
		{"a full queue (-EBUSY) at QD8", xnvmeJob("b", "8MB?busy=2", func(j *workload.Job) { j.IODepth = 8 }), 2048, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var notes bytes.Buffer
			res, err := Run(context.Background(), []*workload.Job{tc.job}, Options{XNVMe: lib, Notes: &notes, Entropy: 1})
			require.NoError(t, err)
			require.Len(t, res.Clones, tc.clones)
			dir := stats.Read
			if tc.job.RW.Writes() {
				dir = stats.Write
			}
			for _, c := range res.Clones {
				require.Zero(t, c.Stats.Error, c.Stats.ErrorText)
				d := &c.Stats.Dirs[dir]
				require.Equal(t, tc.ios, d.TotalIOs)
				checkLatencies(t, d, false)
				require.NotNil(t, c.XNVMe)
				assert.Equal(t, "ramdisk", c.XNVMe.Backend)
				assert.Equal(t, tc.job.XNVMe.Async, c.XNVMe.Async)
				assert.Equal(t, tc.job.Filename, c.Path)
			}
			assert.Contains(t, notes.String(), tc.job.Name+": xnvme "+tc.job.Filename+" (libxnvme 0.7.5): be=ramdisk async="+tc.job.XNVMe.Async+" sync=ramdisk admin=ramdisk_as_ns mem=posix direct=0\n")
		})
	}
}

func TestXNVMeRandomOffsetsVisitEveryBlockOnce(t *testing.T) {
	j := xnvmeJob("o", "1MB", func(j *workload.Job) { j.RW, j.IODepth = workload.RandRead, 8 })
	res := run(t, Options{XNVMe: standIn(t), traceOffsets: true}, j)
	offs := slices.Clone(res.Clones[0].trace)
	slices.Sort(offs)
	require.Len(t, offs, 256)
	for i, o := range offs {
		require.EqualValues(t, i*4096, o)
	}
}

func TestXNVMeDirectFallbackIsReported(t *testing.T) {
	var notes bytes.Buffer
	j := xnvmeJob("d", "8MB?nodirect", func(j *workload.Job) { j.Direct = true })
	res, err := Run(context.Background(), []*workload.Job{j}, Options{XNVMe: standIn(t), Notes: &notes})
	require.NoError(t, err)
	assert.False(t, res.Clones[0].XNVMe.Direct)
	assert.Contains(t, notes.String(), "note: job d: libxnvme opened 8MB?nodirect without O_DIRECT")
}

func TestXNVMeIOErrorEndsTheJob(t *testing.T) {
	j := xnvmeJob("e", "8MB?eio=100", func(j *workload.Job) { j.IODepth = 4 })
	res := run(t, Options{XNVMe: standIn(t)}, j)
	st := res.Clones[0].Stats
	require.Equal(t, int(syscall.EIO), st.Error)
	assert.Contains(t, st.ErrorText, "read offset=")
	assert.Contains(t, st.ErrorText, "on 8MB?eio=100: input/output error")
}

func TestXNVMeSetupErrors(t *testing.T) {
	lib := standIn(t)
	for _, tc := range []struct {
		name string
		job  *workload.Job
		want string
	}{
		{"no filename", xnvmeJob("e", "", nil), "job e: ioengine=xnvme needs filename=, an xNVMe device URI"},
		{"no backend opens it", xnvmeJob("e", "nonsense", nil),
			"job e: xnvme_dev_open(nonsense): no such device or address: no xNVMe backend opens it with these options"},
		{"bs not whole blocks", xnvmeJob("e", "8MB?lba=4096", func(j *workload.Job) { j.BlockSize = 2048 }),
			"job e: bs=2048 is not a multiple of 8MB?lba=4096's block size 4096"},
		{"bs beyond mdts", xnvmeJob("e", "8MB", func(j *workload.Job) { j.BlockSize = 2 << 20 }),
			"job e: bs=2097152 is more than 8MB's maximum data transfer (mdts) of 1048576 bytes"},
		{"size beyond the device", xnvmeJob("e", "8MB", func(j *workload.Job) { j.Size = 16 << 20 }),
			"job e: size=16777216 is larger than 8MB (8388608 bytes)"},
		{"too deep", xnvmeJob("e", "8MB", func(j *workload.Job) { j.IODepth = 4096 }),
			"job e: iodepth=4096 is deeper than an xNVMe queue (at most 2048"},
		{"nil too deep", xnvmeJob("e", "8MB", func(j *workload.Job) { j.IODepth, j.XNVMe.Async = 32, "nil" }),
			"job e: setting up xnvme queue: invalid argument: xnvme_async=nil takes iodepth up to 16"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(context.Background(), []*workload.Job{tc.job}, Options{XNVMe: lib})
			require.ErrorContains(t, err, tc.want)
			require.NotContains(t, err.Error(), "\n")
		})
	}
}

// Without libxnvme, an xnvme job is refused before anything runs, naming
// the places searched and how to point xbench at the library.
func TestXNVMeWithoutTheLibrary(t *testing.T) {
	t.Setenv(xnvme.LibraryPathEnv, filepath.Join(t.TempDir(), "libxnvme.so"))
	t.Setenv("PKG_CONFIG_PATH", t.TempDir())
	if r := xnvme.LoadDefault(); r.Library != nil {
		t.Skipf("skipping: a libxnvme is installed here (%s)", r.Library.Path())
	}
	_, err := Run(context.Background(), []*workload.Job{xnvmeJob("x", "2GB", nil)}, Options{})
	require.ErrorIs(t, err, xnvme.ErrLibraryNotFound)
	require.ErrorContains(t, err, "job x: ioengine=xnvme: libxnvme not found (XNVME_LIBRARY_PATH: ")
	require.ErrorContains(t, err, "or set XNVME_LIBRARY_PATH to its libxnvme.so")
	require.NotContains(t, err.Error(), "\n")

	// Jobs of other engines do not need it.
	run(t, Options{}, job("n", func(j *workload.Job) { j.IOEngine, j.Size = "null", 1<<20 }))
}
