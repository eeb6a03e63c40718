package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// StandInXNVMe builds xbench's stand-in for libxnvme
// (internal/xnvme/testdata/standin) with the system C compiler, passing
// defines such as "-DSTANDIN_PATCH=4", and returns the path of the
// libxnvme.so it built in a fresh directory. It skips the test when there
// is no C compiler.
func StandInXNVMe(t testing.TB, defines ...string) string {
	t.Helper()
	_, self, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the stand-in's source")
	}
	srcs, err := filepath.Glob(filepath.Join(filepath.Dir(self), "..", "xnvme", "testdata", "standin", "*.c"))
	if err != nil || len(srcs) == 0 {
		t.Fatalf("no source for the libxnvme stand-in beside %s", self)
	}
	cc := os.Getenv("CC")
	if cc == "" {
		cc = "cc"
	}
	if _, err := exec.LookPath(cc); err != nil {
		t.Skipf("skipping: no C compiler (%s) to build the libxnvme stand-in", cc)
	}
	out := filepath.Join(t.TempDir(), "libxnvme.so")
	args := append(append([]string{"-shared", "-fPIC", "-O1", "-Wall", "-o", out}, srcs...), defines...)
	if msg, err := exec.Command(cc, args...).CombinedOutput(); err != nil {
		t.Fatalf("building the libxnvme stand-in: %s %s: %v\n%s", cc, strings.Join(args, " "), err, msg)
	}
	return out
}
