// Package testutil holds test helpers shared by xbench's packages: a
// temporary directory on a filesystem that accepts O_DIRECT, loop devices
// attached for a test, and probes for what the machine can do. Helpers skip
// the test with a reason when the machine lacks what they need.
package testutil

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// DirectIODir returns a fresh directory, removed after the test, on a
// filesystem that accepts O_DIRECT: the test's temporary directory when it
// does (tmpfs does not), else one beside the package under test. It skips
// the test when neither does.
func DirectIODir(t testing.TB) string {
	t.Helper()
	if dir := t.TempDir(); SupportsDirectIO(dir) {
		return dir
	}
	dir, err := os.MkdirTemp(".", ".xbench-test-")
	if err != nil {
		t.Fatalf("creating a directory beside the package: %v", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(abs) })
	if !SupportsDirectIO(abs) {
		t.Skipf("skipping: neither %s nor %s accepts O_DIRECT", os.TempDir(), abs)
	}
	return abs
}

// SupportsDirectIO reports whether a file in dir can be opened with O_DIRECT.
func SupportsDirectIO(dir string) bool {
	f, err := os.CreateTemp(dir, "odirect-probe-")
	if err != nil {
		return false
	}
	name := f.Name()
	f.Close()
	defer os.Remove(name)
	fd, err := unix.Open(name, unix.O_RDWR|unix.O_DIRECT, 0)
	if err != nil {
		return false
	}
	unix.Close(fd)
	return true
}

// File creates a file of size bytes in dir, filled with data from fill (or
// zeros when fill is nil), and returns its path.
func File(t testing.TB, dir, name string, size int64, fill func([]byte, int64)) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	for off := int64(0); off < size; off += int64(len(buf)) {
		n := min(int64(len(buf)), size-off)
		if fill != nil {
			fill(buf[:n], off)
		}
		if _, err := f.WriteAt(buf[:n], off); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	return path
}

// LoopDevice attaches backing to a free loop device with direct IO on and
// returns the device path; the device is detached when the test ends. It
// skips the test unless it runs as root with losetup available.
func LoopDevice(t testing.TB, backing string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("skipping: loop devices need root")
	}
	if _, err := exec.LookPath("losetup"); err != nil {
		t.Skip("skipping: losetup is not installed")
	}
	out, err := exec.Command("losetup", "--find", "--show", "--direct-io=on", backing).CombinedOutput()
	if err != nil {
		t.Skipf("skipping: losetup could not attach %s: %v: %s", backing, err, strings.TrimSpace(string(out)))
	}
	dev := strings.TrimSpace(string(out))
	t.Cleanup(func() {
		if out, err := exec.Command("losetup", "--detach", dev).CombinedOutput(); err != nil {
			t.Errorf("detaching %s: %v: %s", dev, err, out)
		}
	})
	return dev
}

// SkipUnlessIOUring skips the test when err says io_uring is unavailable
// (disabled by sysctl, blocked by seccomp, or too old a kernel).
func SkipUnlessIOUring(t testing.TB, err error) {
	t.Helper()
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
		t.Skipf("skipping: io_uring is not available here: %v", err)
	}
}
