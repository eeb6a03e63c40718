package engine

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/workload"
)

// signatures write, into the first bytes of a device, what each kind of
// signature starts with.
var signatures = []struct {
	name string
	put  func(b []byte)
	what string
}{
	{"gpt", func(b []byte) { copy(b[512:], "EFI PART") }, "a GPT partition table"},
	{"mbr", func(b []byte) {
		e := b[446:]
		e[4] = 0x83                                   // Linux
		binary.LittleEndian.PutUint32(e[8:], 2048)    // first sector
		binary.LittleEndian.PutUint32(e[12:], 100000) // sectors
		b[510], b[511] = 0x55, 0xaa
	}, "an MBR partition table"},
	{"lvm", func(b []byte) {
		copy(b[512:], "LABELONE")
		copy(b[512+24:], "LVM2 001")
	}, "an LVM physical volume"},
	{"md 1.2", func(b []byte) { binary.LittleEndian.PutUint32(b[4096:], mdMagic) }, "a Linux RAID (md) member"},
}

func TestHeadSignature(t *testing.T) {
	for _, s := range signatures {
		t.Run(s.name, func(t *testing.T) {
			b := make([]byte, 8192)
			s.put(b)
			assert.Equal(t, s.what, headSignature(b))
		})
	}
	assert.Empty(t, headSignature(make([]byte, 8192)))
	boot := make([]byte, 8192)
	boot[446], boot[510], boot[511] = 0xeb, 0x55, 0xaa // boot code, no partition table
	assert.Empty(t, headSignature(boot))
}

// A job that writes to a loop device holding a signature is refused, with
// what it found and how to go ahead; allow_mounted_write=1 and --force go
// ahead.
func TestWritesToSignedDevicesAreRefused(t *testing.T) {
	dir := t.TempDir()
	for _, s := range signatures {
		t.Run(s.name, func(t *testing.T) {
			backing := testutil.File(t, dir, "sig-"+s.name, 4<<20, nil)
			f, err := os.OpenFile(backing, os.O_RDWR, 0)
			require.NoError(t, err)
			head := make([]byte, 8192)
			s.put(head)
			_, err = f.WriteAt(head, 0)
			require.NoError(t, err)
			f.Close()
			dev := testutil.LoopDevice(t, backing)
			w := func(opts ...string) *workload.Job {
				return job(t, "w", append([]string{"filename=" + dev, "rw=write", "size=64k", "offset=1m"}, opts...)...)
			}
			_, err = Run(t.Context(), []*workload.Job{w()}, Options{})
			require.Error(t, err)
			assert.Equal(t, "job w: refusing to write to "+dev+": it holds "+s.what+"; set allow_mounted_write=1 or pass --force to write anyway", err.Error())
			run(t, Options{Force: true}, w())
			run(t, Options{}, w("allow_mounted_write=1"))
			// Reading is always allowed.
			run(t, Options{}, job(t, "r", "filename="+dev, "rw=read", "size=64k"))
		})
	}
}

// A mounted filesystem needs allow_mounted_write=1; --force is not enough.
func TestWritesToMountedDevicesNeedAllowMountedWrite(t *testing.T) {
	if _, err := exec.LookPath("mkfs.ext4"); err != nil {
		t.Skip("skipping: mkfs.ext4 is not installed")
	}
	dir := t.TempDir()
	dev := testutil.LoopDevice(t, testutil.File(t, dir, "fs", 16<<20, nil))
	mnt := mountExt4(t, dev, filepath.Join(dir, "mnt"))
	w := job(t, "w", "filename="+dev, "rw=randwrite", "size=64k")
	for _, o := range []Options{{}, {Force: true}} {
		_, err := Run(t.Context(), []*workload.Job{w}, o)
		require.Error(t, err)
		assert.Equal(t, "job w: refusing to write to "+dev+": it is in use (mounted at "+mnt+"); set allow_mounted_write=1 to write anyway", err.Error())
	}
}

// mountExt4 makes an ext4 filesystem on dev and mounts it at mnt until the
// test ends; it skips the test where that is not possible.
func mountExt4(t *testing.T, dev, mnt string) string {
	t.Helper()
	if out, err := exec.Command("mkfs.ext4", "-q", "-F", dev).CombinedOutput(); err != nil {
		t.Skipf("skipping: mkfs.ext4 %s: %v: %s", dev, err, out)
	}
	require.NoError(t, os.MkdirAll(mnt, 0o755))
	if out, err := exec.Command("mount", dev, mnt).CombinedOutput(); err != nil {
		t.Skipf("skipping: mount %s: %v: %s", dev, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", mnt, err, out)
		}
	})
	return mnt
}

// allow_file_create=0 refuses to create a missing file, and uses one that
// exists.
func TestAllowFileCreate(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing")
	_, err := Run(t.Context(), []*workload.Job{job(t, "c", "filename="+missing, "rw=write", "size=64k", "allow_file_create=0")}, Options{})
	require.EqualError(t, err, "job c: "+missing+" does not exist, and allow_file_create=0 forbids creating it")
	assert.NoFileExists(t, missing)
	existing := testutil.File(t, dir, "existing", 64<<10, nil)
	run(t, Options{}, job(t, "c", "filename="+existing, "rw=write", "size=64k", "allow_file_create=0"))
}
