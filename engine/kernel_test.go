package engine

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// asyncEngines are the kernel's IO paths the real-fault tests take.
var asyncEngines = []string{"psync", "libaio", "io_uring"}

// A filesystem that fills up fails the writes with ENOSPC: the job ends
// with it, naming the write; with ignore_error it counts them and goes on.
func TestENOSPCOnASmallFilesystem(t *testing.T) {
	if _, err := exec.LookPath("mkfs.ext4"); err != nil {
		t.Skip("skipping: mkfs.ext4 is not installed")
	}
	dir := t.TempDir()
	dev := testutil.LoopDevice(t, testutil.File(t, dir, "fs", 16<<20, nil))
	mnt := mountExt4(t, dev, filepath.Join(dir, "mnt"))
	for _, e := range asyncEngines {
		for _, ignore := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/ignore=%v", e, ignore), func(t *testing.T) {
				path := filepath.Join(mnt, "big")
				defer os.Remove(path)
				opts := []string{"filename=" + path, "rw=write", "size=32m", "bs=64k", "direct=1", "ioengine=" + e, "iodepth=8"}
				if ignore {
					opts = append(opts, "ignore_error=,ENOSPC")
				}
				res, err := Run(t.Context(), []*workload.Job{job(t, "full", opts...)}, Options{})
				if e == "io_uring" {
					testutil.SkipUnlessIOUring(t, err)
				}
				require.NoError(t, err)
				st := res.Clones[0].Stats
				assert.Equal(t, int(syscall.ENOSPC), st.Error, st.ErrorText)
				assert.Contains(t, st.ErrorText, "io_u error on file "+path+": no space left on device: write offset=")
				w := &st.Dirs[stats.Write]
				assert.Positive(t, w.IOBytes)
				assert.Less(t, w.IOBytes, uint64(16<<20))
				if ignore {
					assert.Equal(t, uint64(32<<20)/(64<<10), w.Issued, "every write was tried")
					assert.Equal(t, w.Issued-w.TotalIOs, st.TotalErrors)
				}
			})
		}
	}
}

// A block device that shrinks under a job that reads it: the reads past
// its new end fail, and the job ends with EIO naming the offset.
func TestEIOPastTheEndOfABlockDevice(t *testing.T) {
	dir := t.TempDir()
	for _, e := range asyncEngines {
		t.Run(e, func(t *testing.T) {
			backing := testutil.File(t, dir, "shrinks-"+e, 8<<20, nil)
			dev := testutil.LoopDevice(t, backing)
			j := job(t, "r", "filename="+dev, "rw=randread", "direct=1", "ioengine="+e, "iodepth=4", "time_based", "runtime=10s")
			go func() {
				time.Sleep(100 * time.Millisecond)
				os.Truncate(backing, 1<<20)
				exec.Command("losetup", "--set-capacity", dev).Run()
			}()
			began := time.Now()
			res, err := Run(t.Context(), []*workload.Job{j}, Options{})
			if e == "io_uring" {
				testutil.SkipUnlessIOUring(t, err)
			}
			require.NoError(t, err)
			st := res.Clones[0].Stats
			assert.Less(t, time.Since(began), 5*time.Second, "the error ended the job")
			assert.Equal(t, int(syscall.EIO), st.Error, st.ErrorText)
			assert.Contains(t, st.ErrorText, "io_u error on file "+dev)
			assert.Contains(t, st.ErrorText, "read offset=")
		})
	}
}

// A file truncated while it is read: the job ends with EIO, or with
// continue_on_error=read counts every failed read and runs its time.
func TestFileTruncatedWhileRead(t *testing.T) {
	dir := testutil.DirectIODir(t)
	for _, e := range asyncEngines {
		for _, cont := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/continue=%v", e, cont), func(t *testing.T) {
				path := testutil.File(t, dir, "t-"+e, 4<<20, nil)
				opts := []string{"filename=" + path, "rw=randread", "direct=1", "ioengine=" + e, "iodepth=4", "time_based", "runtime=1s"}
				if cont {
					opts = append(opts, "continue_on_error=read")
				}
				go func() {
					time.Sleep(100 * time.Millisecond)
					os.Truncate(path, 1<<20)
				}()
				res, err := Run(t.Context(), []*workload.Job{job(t, "t", opts...)}, Options{})
				if e == "io_uring" {
					testutil.SkipUnlessIOUring(t, err)
				}
				require.NoError(t, err)
				st := res.Clones[0].Stats
				assert.Equal(t, int(syscall.EIO), st.Error, st.ErrorText)
				assert.Contains(t, st.ErrorText, "transferred nothing")
				if cont {
					r := &st.Dirs[stats.Read]
					assert.Positive(t, st.TotalErrors)
					assert.Equal(t, r.Issued-r.TotalIOs-r.Dropped, st.TotalErrors)
					assert.GreaterOrEqual(t, r.Runtime, 900*time.Millisecond)
				}
			})
		}
	}
}
