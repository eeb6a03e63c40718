package workload

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIOUringOptions(t *testing.T) {
	j := parseJob(t, "ioengine=io_uring\nfixedbufs\nregisterfiles=1\nsqthread_poll\nsqthread_poll_cpu=1\nhipri\nnonvectored=0\nforce_async=4\nnowait=1\nuncached=1")
	assert.Equal(t, IOUringOptions{FixedBufs: true, RegisterFiles: true, NonVectored: 0, ForceAsync: 4, CmdType: "nvme"}, j.IOUring)
	assert.Equal(t, Polling{HiPri: true, HiPriPercent: 100, SQThread: true, SQThreadCPU: 1, SQThreadCPUSet: true}, j.Poll)
	assert.Equal(t, RWFlags{NoWait: true, Uncached: true}, j.RWFlags)

	j = parseJob(t, "ioengine=io_uring")
	assert.Equal(t, -1, j.IOUring.NonVectored, "fio's default: probe the kernel")
	assert.Equal(t, 1, parseJob(t, "ioengine=io_uring\nnonvectored=5").IOUring.NonVectored, "fio reads any non-zero value as on")

	j = parseJob(t, "ioengine=io_uring_cmd\ncmd_type=nvme\nfixedbufs\nsqthread_poll\nhipri")
	assert.Equal(t, "nvme", j.IOUring.CmdType)
	assert.True(t, j.IOUring.FixedBufs && j.Poll.SQThread && j.Poll.HiPri)
}

func TestSyncFamilyAndLibaioOptions(t *testing.T) {
	j := parseJob(t, "ioengine=pvsync2\nhipri\nhipri_percentage=25\nnowait=1\nuncached=1")
	assert.Equal(t, Polling{HiPri: true, HiPriPercent: 25}, j.Poll)
	assert.Equal(t, RWFlags{NoWait: true, Uncached: true}, j.RWFlags)

	j = parseJob(t, "ioengine=libaio\nuserspace_reap\nnowait=1")
	assert.True(t, j.LibAIO.UserspaceReap)
	assert.True(t, j.RWFlags.NoWait)

	for _, e := range []string{"sync", "psync", "pvsync", "pvsync2", "io_uring_cmd"} {
		assert.Equal(t, e, parseJob(t, "ioengine="+e).IOEngine)
	}
}

// Each engine option is accepted after the engines fio gives it, and
// refused, with the engines that have it, after any other.
func TestEngineOptionErrors(t *testing.T) {
	for _, tc := range []struct{ opts, want string }{
		{"ioengine=psync\nnowait=1", `option "nowait" belongs to ioengine=io_uring|libaio|pvsync2, not ioengine=psync`},
		{"ioengine=libaio\nuncached=1", `option "uncached" belongs to ioengine=io_uring|pvsync2, not ioengine=libaio`},
		{"ioengine=io_uring_cmd\nnowait=1", `option "nowait" belongs to ioengine=io_uring|libaio|pvsync2, not ioengine=io_uring_cmd`},
		{"ioengine=io_uring\ncmd_type=nvme", `option "cmd_type" belongs to ioengine=io_uring_cmd, not ioengine=io_uring`},
		{"ioengine=io_uring\nuserspace_reap", `option "userspace_reap" belongs to ioengine=libaio, not ioengine=io_uring`},
		{"ioengine=io_uring\nhipri_percentage=50", `option "hipri_percentage" belongs to ioengine=pvsync2, not ioengine=io_uring`},
		{"ioengine=xnvme\nfixedbufs", `option "fixedbufs" belongs to ioengine=io_uring|io_uring_cmd, not ioengine=xnvme`},
		{"ioengine=xnvme\nsqthread_poll_cpu=1", `option "sqthread_poll_cpu" belongs to ioengine=io_uring|io_uring_cmd, not ioengine=xnvme`},
		{"ioengine=io_uring\nnonvectored=-2", `bad value "-2" for option "nonvectored": want -1 (probe the kernel), 0 or 1`},
		{"ioengine=io_uring\nnonvectored=x", `bad value "x" for option "nonvectored": want -1 (probe the kernel), 0 or 1`},
		{"ioengine=pvsync2\nhipri_percentage=101", `bad value "101" for option "hipri_percentage": must be between 0 and 100`},
		{"ioengine=io_uring_cmd\ncmd_type=scsi", `bad value "scsi" for option "cmd_type": want one of nvme`},
		{"ioengine=io_uring\nforce_async=-1", `bad value "-1" for option "force_async": negative values are not allowed`},
	} {
		t.Run(strings.ReplaceAll(tc.opts, "\n", " "), func(t *testing.T) {
			assert.Contains(t, parseErr(t, tc.opts), tc.want)
		})
	}
}
