package engine

import (
	"fmt"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/workload"
)

func TestHintsNameTheOptionToChange(t *testing.T) {
	cases := []struct {
		name   string
		engine string
		direct bool
		err    error
		hint   func(*workload.Job, error) error
		want   string
	}{
		{"O_DIRECT refused", "psync", true, syscall.EINVAL, openError,
			"job j: opening f: invalid argument: the filesystem does not support O_DIRECT (direct=1); set direct=0 or use a file on a disk filesystem"},
		{"EINVAL without direct", "psync", false, syscall.EINVAL, openError,
			"job j: opening f: invalid argument"},
		{"io_uring disabled", "io_uring", false, syscall.EPERM, queueError,
			"job j: opening f: operation not permitted: io_uring is disabled or unsupported here (see /proc/sys/kernel/io_uring_disabled); set ioengine=libaio or ioengine=psync"},
		{"io_uring too old", "io_uring", false, syscall.ENOSYS, queueError,
			"set ioengine=libaio or ioengine=psync"},
		{"io_uring memlock", "io_uring", false, syscall.ENOMEM, queueError,
			"locked-memory limit (RLIMIT_MEMLOCK, ulimit -l"},
		{"aio-max-nr", "libaio", false, syscall.EAGAIN, queueError,
			"/proc/sys/fs/aio-max-nr"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			j := &workload.Job{Name: "j", IOEngine: tc.engine, Direct: tc.direct}
			err := tc.hint(j, fmt.Errorf("opening f: %w", tc.err))
			require.ErrorContains(t, err, tc.want)
			require.ErrorIs(t, err, tc.err)
		})
	}
}

// Setup limits are named with their fix.
func TestSetupLimitsNameTheFix(t *testing.T) {
	t.Run("iodepth over the ring", func(t *testing.T) {
		j := job(t, "d", "ioengine=io_uring", "iodepth=65536", "filename="+filepath.Join(t.TempDir(), "f"), "size=1m")
		_, err := Run(t.Context(), []*workload.Job{j}, Options{})
		testutil.SkipUnlessIOUring(t, err)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "iodepth=65536 is more than an io_uring ring takes (32768, IORING_MAX_ENTRIES); lower iodepth")
	})
	t.Run("too many open files", func(t *testing.T) {
		var lim unix.Rlimit
		require.NoError(t, unix.Getrlimit(unix.RLIMIT_NOFILE, &lim))
		low := lim
		low.Cur = 64
		require.NoError(t, unix.Setrlimit(unix.RLIMIT_NOFILE, &low))
		defer unix.Setrlimit(unix.RLIMIT_NOFILE, &lim)
		j := job(t, "f", "directory="+t.TempDir(), "nrfiles=100", "size=1m")
		_, err := Run(t.Context(), []*workload.Job{j}, Options{})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "too many open files: its 1 clones open 100 files each, past the limit of open files (RLIMIT_NOFILE, ulimit -n) of 64; raise it or lower nrfiles or numjobs")
	})
	t.Run("locked memory", func(t *testing.T) {
		j := job(t, "m", "ioengine=io_uring", "iodepth=64", "bs=1m")
		err := memlockError(j, 64<<20, syscall.ENOMEM)
		assert.Contains(t, err.Error(), "registering 65536 KiB of buffers (fixedbufs: iodepth x bs) needs more locked memory than the limit (RLIMIT_MEMLOCK, ulimit -l")
	})
}
