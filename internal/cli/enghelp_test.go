package cli

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/xnvme"
)

// --enghelp lists every engine, those that cannot run here apart with
// the reason, in fio's layout (a tab before each name).
func TestEngHelpListsTheEngines(t *testing.T) {
	rc, out, stderr := runMain(t, "--enghelp")
	require.Equal(t, 0, rc, stderr)
	require.True(t, strings.HasPrefix(out, "Available IO engines:\n\t"), out)
	available, unavailable, _ := strings.Cut(out, "\nNot available here:\n")
	for _, e := range []string{"null", "sync", "psync", "pvsync", "pvsync2"} {
		assert.Contains(t, available, "\t"+e+" ", "the sync family runs everywhere")
	}
	listed := func(e string) bool { return strings.Contains(available, "\t"+e+" ") }
	_, uringErr := xnvme.ProbeIOUring()
	assert.Equal(t, uringErr == nil, listed("io_uring"), "io_uring is listed as available exactly when the probe sets up a ring")
	assert.Equal(t, xnvme.ProbeLibAIO() == nil, listed("libaio"))
	for _, e := range engineNames() {
		assert.True(t, listed(e) != strings.Contains(unavailable, "\t"+e+" "), "%s is in exactly one list", e)
	}
	rc, all, _ := runMain(t, "--enghelp=all")
	assert.Equal(t, 0, rc)
	assert.Equal(t, out, all)
}

// --enghelp=ENGINE lists the engine's options with their help, and for
// io_uring what the probe found.
func TestEngHelpForOneEngine(t *testing.T) {
	rc, out, stderr := runMain(t, "--enghelp=io_uring")
	require.Equal(t, 0, rc, stderr)
	for _, o := range []string{"fixedbufs", "registerfiles", "sqthread_poll", "sqthread_poll_cpu", "hipri", "nonvectored", "force_async", "nowait", "uncached"} {
		assert.Regexp(t, "(?m)^"+o+" +: [^ ]", out, "fio's \"%%-24s: %%s\" line for %s", o)
	}
	assert.NotContains(t, out, "cmd_type", "an io_uring_cmd option")
	assert.NotContains(t, out, "userspace_reap", "a libaio option")
	if _, err := xnvme.ProbeIOUring(); err == nil {
		assert.Contains(t, out, "io_uring on this kernel (probed):")
		assert.Regexp(t, "operations xbench issues: .*READ_FIXED", out)
	}
	assert.Contains(t, out, "hipri needs direct=1 and a device with poll queues")

	rc, out, _ = runMain(t, "--enghelp=io_uring_cmd")
	assert.Equal(t, 0, rc)
	assert.Regexp(t, "(?m)^cmd_type +: ", out)
	assert.Contains(t, out, "NVMe generic devices: ")

	rc, out, _ = runMain(t, "--enghelp=libaio")
	assert.Equal(t, 0, rc)
	assert.Regexp(t, "(?m)^userspace_reap +: ", out)
	assert.Regexp(t, "(?m)^nowait +: ", out)

	rc, out, _ = runMain(t, "--enghelp=psync")
	assert.Equal(t, 0, rc)
	assert.Equal(t, "IO engine psync has no options\n", out, "fio's words")
}

func TestEngHelpErrors(t *testing.T) {
	for _, tc := range []struct{ arg, want string }{
		{"--enghelp=mmap", `xbench: --enghelp: fio ioengine "mmap" is not supported by xbench (xbench --enghelp lists those it has)`},
		{"--enghelp=frob", `xbench: --enghelp: unknown ioengine "frob" (xbench --enghelp lists them)`},
		{"--enghelp=io_uring,cmd", `xbench: --enghelp=io_uring,cmd: engine commands are not supported by xbench; give the engine alone (--enghelp=io_uring)`},
	} {
		t.Run(tc.arg, func(t *testing.T) {
			rc, out, stderr := runMain(t, tc.arg)
			assert.Equal(t, exitBadArgs, rc)
			assert.Empty(t, out)
			assert.Equal(t, tc.want+"\n", stderr)
		})
	}
}
