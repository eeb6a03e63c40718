package engine

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/workload"
)

// runErr runs one job and returns its setup error, and the notes.
func runErr(t *testing.T, opts ...string) (error, string) {
	t.Helper()
	var notes bytes.Buffer
	_, err := Run(context.Background(), []*workload.Job{job(t, "e", opts...)}, Options{Notes: &notes})
	if err != nil {
		require.NotContains(t, err.Error(), "\n", "one line")
	}
	return err, notes.String()
}

// hipri is refused where the kernel cannot poll, with the reason, instead
// of io_uring failing every IO with EOPNOTSUPP or preadv2 dropping
// RWF_HIPRI without a word.
func TestHiPriRefusedWhereItCannotPoll(t *testing.T) {
	dir := testutil.DirectIODir(t)
	file := testutil.File(t, dir, "poll", 1<<20, nil)
	for _, engine := range []string{"io_uring", "pvsync2"} {
		t.Run(engine+"/buffered", func(t *testing.T) {
			err, _ := runErr(t, "ioengine="+engine, "hipri", "filename="+file)
			require.EqualError(t, err, "job e: hipri polls for direct IO only; set direct=1")
		})
		t.Run(engine+"/file", func(t *testing.T) {
			err, _ := runErr(t, "ioengine="+engine, "hipri", "direct=1", "filename="+file)
			require.Error(t, err)
			require.Regexp(t, `^job e: hipri: .*(has no poll queues|is not on a block device that can poll)`, err.Error())
		})
	}
	if testutil.SupportsDirectIO("/dev/shm") {
		path := filepath.Join("/dev/shm", fmt.Sprintf("xbench-poll-%d", os.Getpid()))
		defer os.Remove(path)
		err, _ := runErr(t, "ioengine=io_uring", "hipri", "direct=1", "size=1m", "filename="+path)
		require.ErrorContains(t, err, "is not on a block device that can poll (its filesystem has no block device, as tmpfs); drop hipri")
	}
	loop := testutil.LoopDevice(t, file)
	for _, engine := range []string{"io_uring", "pvsync2"} {
		t.Run(engine+"/loop", func(t *testing.T) {
			err, _ := runErr(t, "ioengine="+engine, "hipri", "direct=1", "filename="+loop)
			want := fmt.Sprintf("job e: hipri: %s has no poll queues (/sys/block/%s/queue/io_poll is 0), so its IO cannot complete by polling; drop hipri, or give the driver poll queues (NVMe: the nvme module's poll_queues=N)",
				loop, filepath.Base(loop))
			require.EqualError(t, err, want)
		})
	}
	t.Run("hipri_percentage=0 polls nothing", func(t *testing.T) {
		err, _ := runErr(t, "ioengine=pvsync2", "hipri", "hipri_percentage=0", "direct=1", "filename="+loop)
		require.NoError(t, err)
	})
}

func TestSQThreadPollCPU(t *testing.T) {
	err, _ := runErr(t, "ioengine=io_uring", "sqthread_poll", "sqthread_poll_cpu=4096", "size=64k")
	require.ErrorContains(t, err, "job e: sqthread_poll_cpu=4096: this machine has CPUs 0 to ")
	dir := testutil.DirectIODir(t)
	_, notes := runErr(t, "ioengine=io_uring", "sqthread_poll_cpu=0", "size=64k", "filename="+filepath.Join(dir, "f"))
	require.Contains(t, notes, "note: job e: sqthread_poll_cpu has no effect without sqthread_poll")
}

func TestUncached(t *testing.T) {
	dir := testutil.DirectIODir(t)
	path := filepath.Join(dir, "uncached")
	_, notes := runErr(t, "ioengine=pvsync2", "uncached=1", "direct=1", "size=64k", "filename="+path)
	assert.Contains(t, notes, "note: job e: uncached applies to buffered IO; with direct=1 it has no effect, as in fio")
	// A block device takes no RWF_DONTCACHE on Linux 6.18.
	loop := testutil.LoopDevice(t, testutil.File(t, dir, "backing", 1<<20, nil))
	for _, engine := range []string{"pvsync2", "io_uring"} {
		err, _ := runErr(t, "ioengine="+engine, "uncached=1", "filename="+loop)
		if err != nil {
			require.ErrorContains(t, err, "the kernel or the filesystem refuses uncached (uncached needs RWF_DONTCACHE, Linux 6.14+, on a filesystem that has it;")
		}
	}
}

// allow_mounted_write=1 lets a job write to a mounted device, as in fio;
// checked without running, so nothing is written.
func TestAllowMountedWrite(t *testing.T) {
	dev := mountedBlockDevice(t)
	j := job(t, "w", "filename="+dev, "rw=write")
	require.ErrorContains(t, refuseMounted(j, dev, false), "; set allow_mounted_write=1 to write anyway")
	j = job(t, "w", "filename="+dev, "rw=write", "allow_mounted_write=1")
	require.NoError(t, refuseMounted(j, dev, false))
}

// With direct=1, bs and blockalign must be multiples of the logical block
// size of a block device (and of a file's direct-IO alignment).
func TestBlockSizeAgainstTheDevice(t *testing.T) {
	dir := testutil.DirectIODir(t)
	loop := testutil.LoopDevice(t, testutil.File(t, dir, "backing", 1<<20, nil))
	lbs, err := os.ReadFile("/sys/block/" + filepath.Base(loop) + "/queue/logical_block_size")
	require.NoError(t, err)
	for _, tc := range []struct {
		opts []string
		want string
	}{
		{[]string{"bs=256"}, "job e: bs=256 is not a multiple of %s's logical block size %s, which direct=1 requires"},
		{[]string{"bs=4k", "rw=randread", "blockalign=256"}, "job e: blockalign=256 is not a multiple of %s's logical block size %s, which direct=1 requires"},
		{[]string{"bssplit=4k/50:256/50", "rw=randread"}, "job e: bs=256 is not a multiple of %s's logical block size %s, which direct=1 requires"},
	} {
		err, _ := runErr(t, append(tc.opts, "direct=1", "filename="+loop)...)
		require.EqualError(t, err, fmt.Sprintf(tc.want, loop, bytes.TrimSpace(lbs)))
	}
	err, _ = runErr(t, "bs=256", "rw=randread", "blockalign=256", "filename="+loop)
	require.NoError(t, err, "buffered IO takes any size")
}

// io_uring_cmd drives NVMe generic devices only, and says so of anything
// else.
func TestIOUringCmdOnOtherTargets(t *testing.T) {
	dir := testutil.DirectIODir(t)
	file := testutil.File(t, dir, "plain", 1<<20, nil)
	const want = "ioengine=io_uring_cmd drives NVMe generic character devices (/dev/ngXnY)"
	err, _ := runErr(t, "ioengine=io_uring_cmd", "filename="+file)
	require.EqualError(t, err, "job e: "+file+" is a regular file; "+want)
	err, _ = runErr(t, "ioengine=io_uring_cmd", "filename=/dev/null")
	require.EqualError(t, err, "job e: /dev/null is not an NVMe namespace's generic device (identifying the NVMe namespace of /dev/null: inappropriate ioctl for device); "+want)
	err, _ = runErr(t, "ioengine=io_uring_cmd", "filename="+filepath.Join(dir, "ng9n1"))
	require.ErrorContains(t, err, "no such file or directory; "+want)
	loop := testutil.LoopDevice(t, file)
	err, _ = runErr(t, "ioengine=io_uring_cmd", "filename="+loop)
	require.EqualError(t, err, "job e: "+loop+" is a block device; "+want)
}
