package engine

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
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

// xnvmeJob parses an ioengine=xnvme job on uri with the given options, and
// xnvme_async=thrpool unless they set it.
func xnvmeJob(t testing.TB, name, uri string, opts ...string) *workload.Job {
	t.Helper()
	base := []string{"ioengine=xnvme"}
	if uri != "" {
		base = append(base, "filename="+uri)
	}
	if !slices.ContainsFunc(opts, func(o string) bool { return strings.HasPrefix(o, "xnvme_async=") }) {
		base = append(base, "xnvme_async=thrpool")
	}
	return job(t, name, append(base, opts...)...)
}

func TestXNVMeJobs(t *testing.T) {
	lib := standIn(t)
	for _, tc := range []struct {
		name   string
		job    *workload.Job
		ios    uint64
		clones int
	}{
		{"randread QD32", xnvmeJob(t, "r", "8MB", "rw=randread", "iodepth=32"), 2048, 1},
		{"write QD4 iovec", xnvmeJob(t, "w", "8MB", "rw=write", "iodepth=4", "xnvme_iovec=1"), 2048, 1},
		{"nil QD16 size", xnvmeJob(t, "n", "8MB", "rw=randread", "iodepth=16", "xnvme_async=nil", "size=1m"), 256, 1},
		{"two clones", xnvmeJob(t, "c", "8MB", "numjobs=2", "iodepth=8", "bs=64k"), 128, 2},
		{"a full queue (-EBUSY) at QD8", xnvmeJob(t, "b", "8MB?busy=2", "iodepth=8"), 2048, 1},
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
				assert.Equal(t, xnvmeURI(tc.job), c.Path)
			}
			assert.Contains(t, notes.String(), tc.job.Name+": xnvme "+xnvmeURI(tc.job)+" (libxnvme 0.7.5): be=ramdisk async="+tc.job.XNVMe.Async+" sync=ramdisk admin=ramdisk_as_ns mem=posix direct=0\n")
		})
	}
}

func TestXNVMeRandomOffsetsVisitEveryBlockOnce(t *testing.T) {
	j := xnvmeJob(t, "o", "1MB", "rw=randread", "iodepth=8")
	res := run(t, Options{XNVMe: standIn(t), traceIOs: true}, j)
	var offs []uint64
	for _, io := range res.Clones[0].trace {
		offs = append(offs, io.Offset)
	}
	slices.Sort(offs)
	require.Len(t, offs, 256)
	for i, o := range offs {
		require.EqualValues(t, i*4096, o)
	}
}

func TestXNVMeDirectFallbackIsReported(t *testing.T) {
	var notes bytes.Buffer
	j := xnvmeJob(t, "d", "8MB?nodirect", "direct=1")
	res, err := Run(context.Background(), []*workload.Job{j}, Options{XNVMe: standIn(t), Notes: &notes})
	require.NoError(t, err)
	assert.False(t, res.Clones[0].XNVMe.Direct)
	assert.Contains(t, notes.String(), "note: job d: libxnvme opened 8MB?nodirect without O_DIRECT")
}

func TestXNVMeIOErrorEndsTheJob(t *testing.T) {
	j := xnvmeJob(t, "e", "8MB?eio=100", "iodepth=4")
	res := run(t, Options{XNVMe: standIn(t)}, j)
	st := res.Clones[0].Stats
	require.Equal(t, int(syscall.EIO), st.Error)
	assert.Contains(t, st.ErrorText, "read offset=")
	assert.Contains(t, st.ErrorText, "on file 8MB?eio=100: input/output error")
}

func TestXNVMeSetupErrors(t *testing.T) {
	lib := standIn(t)
	for _, tc := range []struct {
		name string
		job  *workload.Job
		want string
	}{
		{"no filename", xnvmeJob(t, "e", ""), "job e: ioengine=xnvme needs filename=, an xNVMe device URI"},
		{"no backend opens it", xnvmeJob(t, "e", "nonsense"),
			"job e: xnvme_dev_open(nonsense): no such device or address: no xNVMe backend opens it with these options"},
		{"bs not whole blocks", xnvmeJob(t, "e", "8MB?lba=4096", "bs=2048"),
			"job e: bs=2048 is not a multiple of 8MB?lba=4096's block size 4096"},
		{"bs beyond mdts", xnvmeJob(t, "e", "8MB", "bs=2m"),
			"job e: bs=2097152 is more than 8MB's maximum data transfer (mdts) of 1048576 bytes"},
		{"too deep", xnvmeJob(t, "e", "8MB", "iodepth=4096"),
			"job e: iodepth=4096 is deeper than an xNVMe queue (at most 2048"},
		{"nil too deep", xnvmeJob(t, "e", "8MB", "iodepth=32", "xnvme_async=nil"),
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
	_, err := Run(context.Background(), []*workload.Job{xnvmeJob(t, "x", "2GB")}, Options{})
	require.ErrorIs(t, err, xnvme.ErrLibraryNotFound)
	require.ErrorContains(t, err, "job x: ioengine=xnvme: libxnvme not found (XNVME_LIBRARY_PATH: ")
	require.ErrorContains(t, err, "or set XNVME_LIBRARY_PATH to its libxnvme.so")
	require.NotContains(t, err.Error(), "\n")

	// Jobs of other engines do not need it.
	run(t, Options{}, job(t, "n", "ioengine=null", "size=1m"))
}
