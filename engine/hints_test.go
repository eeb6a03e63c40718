package engine

import (
	"fmt"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

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
			"locked-memory limit (ulimit -l)"},
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
