package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/workload"
)

// withStandIn points xbench at a freshly built stand-in for libxnvme.
func withStandIn(t *testing.T) string {
	t.Helper()
	lib := testutil.StandInXNVMe(t)
	t.Setenv(xnvme.LibraryPathEnv, lib)
	return lib
}

// withoutLibrary hides every libxnvme from xbench, or skips the test when
// one is installed where the dynamic linker finds it anyway.
func withoutLibrary(t *testing.T) {
	t.Helper()
	t.Setenv(xnvme.LibraryPathEnv, filepath.Join(t.TempDir(), "libxnvme.so"))
	t.Setenv("PKG_CONFIG_PATH", t.TempDir())
	t.Setenv("PKG_CONFIG_LIBDIR", t.TempDir())
	if r := xnvme.LoadDefault(); r.Library != nil {
		t.Skipf("skipping: a libxnvme is installed here (%s)", r.Library.Path())
	}
}

func TestLibconf(t *testing.T) {
	t.Run("loaded", func(t *testing.T) {
		lib := withStandIn(t)
		rc, out, stderr := runMain(t, "libconf")
		require.Equal(t, 0, rc, stderr)
		assert.Equal(t, "libxnvme: loaded\n  path: "+lib+"\n  version: 0.7.5\ntried, in order:\n  XNVME_LIBRARY_PATH: "+lib+": loaded\n"+
			"libconf:\n  - conf: XBENCH_STANDIN\n  - conf: XNVME_BE_RAMDISK_ENABLED\n  - conf: XNVME_BE_CBI_ASYNC_NIL_ENABLED\n", out)

		rc, out, _ = runMain(t, "libconf", "--output-format=json")
		require.Equal(t, 0, rc)
		var rep libconfReport
		require.NoError(t, json.Unmarshal([]byte(out), &rep))
		assert.True(t, rep.Loaded)
		assert.Equal(t, "0.7.5", rep.Version)
		assert.Equal(t, []string{"0.7.4", "0.7.5"}, rep.Supported)
		assert.Len(t, rep.Libconf, 3)
	})
	t.Run("not loaded", func(t *testing.T) {
		withoutLibrary(t)
		rc, out, stderr := runMain(t, "libconf")
		require.Equal(t, 1, rc)
		assert.True(t, strings.HasPrefix(out, "libxnvme: not loaded\ntried, in order:\n  XNVME_LIBRARY_PATH: "), out)
		assert.Contains(t, out, "libxnvme.so: cannot open shared object file: No such file or directory\n  pkg-config: ")
		assert.Contains(t, out, "\n  system search path: libxnvme.so: ")
		assert.Contains(t, out, "set XNVME_LIBRARY_PATH to its libxnvme.so")
		assert.Equal(t, "xbench: libxnvme is not loaded; set XNVME_LIBRARY_PATH to the libxnvme.so of xNVMe 0.7.4 or 0.7.5\n", stderr)

		rc, out, _ = runMain(t, "libconf", "--output-format=json")
		require.Equal(t, 1, rc)
		var rep libconfReport
		require.NoError(t, json.Unmarshal([]byte(out), &rep))
		assert.False(t, rep.Loaded)
		assert.Len(t, rep.Tried, 3)
		assert.Contains(t, rep.Error, "libxnvme not found")
	})
	t.Run("an unsupported version says why", func(t *testing.T) {
		withoutLibrary(t)
		t.Setenv(xnvme.LibraryPathEnv, testutil.StandInXNVMe(t, "-DSTANDIN_MAIN_ABI"))
		rc, out, _ := runMain(t, "libconf")
		require.Equal(t, 1, rc)
		assert.Contains(t, out, "libxnvme.so: xNVMe 0.7.5 from the unreleased main branch (it has xnvme_libconf_get)")
	})
}

func TestEnum(t *testing.T) {
	t.Run("loaded", func(t *testing.T) {
		withStandIn(t)
		rc, out, stderr := runMain(t, "enum")
		require.Equal(t, 0, rc, stderr)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		require.Len(t, lines, 4, out)
		assert.Contains(t, lines[0], "xnvme_enumerate (libxnvme 0.7.5, ")
		assert.Contains(t, lines[0], "): 2 devices")
		assert.Regexp(t, `^URI +TYPE +NSID +CSI +BE +SIZE +LBA +MODEL$`, lines[1])
		assert.Regexp(t, `^8MB +ramdisk +1 +nvm +ramdisk +8192KiB +512 +xbench stand-in libxnvme$`, lines[2])
		assert.Regexp(t, `^16MB +ramdisk `, lines[3])

		rc, out, _ = runMain(t, "enum", "--be=ramdisk", "--output-format=json")
		require.Equal(t, 0, rc)
		var rep enumReport
		require.NoError(t, json.Unmarshal([]byte(out), &rep))
		require.Len(t, rep.Devices, 2)
		assert.EqualValues(t, 16<<20, rep.Devices[1].Geometry.TBytes)
		assert.Empty(t, rep.BlockDevices)

		rc, _, stderr = runMain(t, "enum", "--be=spdk")
		assert.Equal(t, 1, rc, "the stand-in refuses every backend but the ramdisk")
		assert.Contains(t, stderr, "xnvme_enumerate: no such device or address")
	})
	t.Run("without the library, sysfs", func(t *testing.T) {
		withoutLibrary(t)
		rc, out, stderr := runMain(t, "enum")
		require.Equal(t, 0, rc, stderr)
		assert.True(t, strings.HasPrefix(out, "libxnvme not found (xbench libconf says where it looked): listing Linux NVMe and block devices from sysfs\nNVMe controllers: "), out)
		assert.Contains(t, out, "\nblock devices: ")

		rc, out, _ = runMain(t, "enum", "--output-format=json")
		require.Equal(t, 0, rc)
		var rep enumReport
		require.NoError(t, json.Unmarshal([]byte(out), &rep))
		assert.False(t, rep.Libxnvme.Loaded)
		assert.Empty(t, rep.Devices)
	})
}

func TestInfo(t *testing.T) {
	t.Run("loaded", func(t *testing.T) {
		withStandIn(t)
		rc, out, stderr := runMain(t, "info", "--async=nil", "--direct", "64MB")
		require.Equal(t, 0, rc, stderr)
		for _, want := range []string{
			"uri: 64MB\ntype: ramdisk\nnsid: 1\ncsi: nvm\nserial: STANDIN0001\nmodel: xbench stand-in libxnvme\nfirmware: 0.7.5\n",
			" chose:\n  be: ramdisk\n  async: nil\n  sync: ramdisk\n  admin: ramdisk_as_ns\n  mem: posix\n  direct: 1\n",
			"geometry:\n  type: conventional\n  npugrp: 1\n  npunit: 1\n  nzone: 1\n  nsect: 131072\n",
			"  tbytes: 67108864 (64.0MiB)\n  ssw: 9\n  mdts_nbytes: 1048576\n  lba_nbytes: 512\n",
		} {
			assert.Contains(t, out, want)
		}

		rc, out, _ = runMain(t, "info", "--output-format=json", "8MB?nodirect", "--direct")
		require.Equal(t, 0, rc)
		var rep infoReport
		require.NoError(t, json.Unmarshal([]byte(out), &rep))
		require.NotNil(t, rep.Device)
		assert.False(t, rep.Device.Direct, "what the library used")
		assert.Equal(t, "thrpool", rep.Device.Async)

		rc, _, stderr = runMain(t, "info", "nonsense")
		assert.Equal(t, 1, rc)
		assert.Equal(t, "xbench: xnvme_dev_open(nonsense): no such device or address\n", stderr)
	})
	t.Run("without the library", func(t *testing.T) {
		withoutLibrary(t)
		rc, _, stderr := runMain(t, "info", "2GB")
		assert.Equal(t, 1, rc)
		assert.Contains(t, stderr, "xbench: 2GB is not a path, and opening it needs libxnvme: libxnvme not found (")
		assert.Equal(t, 1, strings.Count(stderr, "\n"))

		path := testutil.File(t, t.TempDir(), "f", 1<<20, nil)
		rc, out, stderr := runMain(t, "info", path)
		require.Equal(t, 0, rc, stderr)
		assert.Contains(t, out, "what Linux reports\npath: "+path+"\nkind: file\nsize: 1048576 (1024KiB)\n")
	})
}

func TestXNVMeCommandUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"info"}, "info takes one device URI"},
		{[]string{"enum", "x"}, "enum takes no arguments"},
		{[]string{"libconf", "--output-format=xml"}, `--output-format: unknown format "xml"`},
		{[]string{"info", "--frob", "2GB"}, "unknown flag: --frob"},
	} {
		rc, _, stderr := runMain(t, tc.args...)
		assert.Equal(t, 2, rc, tc.args)
		assert.Contains(t, stderr, tc.want)
	}
	rc, out, _ := runMain(t, "info", "--help")
	assert.Equal(t, 0, rc)
	assert.Contains(t, out, "usage: xbench info")
	assert.Contains(t, out, "--async")
	rc, out, _ = runMain(t, "--help")
	assert.Equal(t, 0, rc)
	for _, c := range []string{"libconf", "enum", "info"} {
		assert.Contains(t, out, "\n  "+c+" ")
	}
}

// A job file with ioengine=xnvme runs end to end through the stand-in.
func TestXNVMeJobEndToEnd(t *testing.T) {
	withStandIn(t)
	job := writeJob(t, t.TempDir(), "x.ini", `
[global]
ioengine=xnvme
bs=4k
iodepth=8
runtime=1
time_based

[ram]
rw=randread
filename=64MB
xnvme_async=thrpool
`)
	rc, out, stderr := runMain(t, "--output-format=json", job)
	require.Equal(t, 0, rc, stderr)
	var rep fioJSON
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Len(t, rep.Jobs, 1)
	j := rep.Jobs[0]
	assert.Equal(t, "thrpool", j.Options["xnvme_async"])
	checkDir(t, j.Read, 4096, false)
	assert.Equal(t, "ram: xnvme 64MB (libxnvme 0.7.5): be=ramdisk async=thrpool sync=ramdisk admin=ramdisk_as_ns mem=posix direct=0\n", stderr)
}

func TestXNVMeJobWithoutTheLibrary(t *testing.T) {
	withoutLibrary(t)
	job := writeJob(t, t.TempDir(), "x.ini", "[ram]\nioengine=xnvme\nfilename=2GB\n")
	rc, out, stderr := runMain(t, job)
	assert.Equal(t, 1, rc)
	assert.Contains(t, stderr, "xbench: job ram: ioengine=xnvme: libxnvme not found (")
	assert.Contains(t, stderr, "or set XNVME_LIBRARY_PATH to its libxnvme.so\n")
	assert.Equal(t, 1, strings.Count(stderr, "\n"))
	assert.NotContains(t, out, "xbench:")
}

const compareJobFile = "../../jobs/xnvme-compare.ini"

// jobs/xnvme-compare.ini runs the same workload through native io_uring
// and three xNVMe async interfaces, one group after another.
func TestXNVMeCompareJobFile(t *testing.T) {
	f, err := workload.ParseFile(compareJobFile)
	require.NoError(t, err)
	require.Len(t, f.Jobs, 4)
	type want struct{ name, engine, async string }
	var got []want
	for i, j := range f.Jobs {
		assert.Equal(t, i, j.GroupID, "each job its own group: they run one after another")
		assert.Equal(t, workload.RandRead, j.RW)
		assert.EqualValues(t, 4096, j.BS.BS[workload.DirRead])
		assert.Equal(t, 32, j.IODepth)
		assert.True(t, j.Direct)
		assert.Equal(t, []string{"xbench-xnvme-compare.dat"}, j.Files.Names)
		got = append(got, want{j.Name, j.IOEngine, j.XNVMe.Async})
	}
	assert.Equal(t, []want{
		{"native-io_uring", "io_uring", ""}, {"xnvme-io_uring", "xnvme", "io_uring"},
		{"xnvme-libaio", "xnvme", "libaio"}, {"xnvme-emu", "xnvme", "emu"},
	}, got)

}

// With a real libxnvme, a shortened copy of jobs/xnvme-compare.ini runs
// end to end.
func TestRealXNVMeCompareJobFile(t *testing.T) {
	r := xnvme.LoadDefault()
	if r.Library == nil || slices.Contains(r.Library.Config(), "conf: XBENCH_STANDIN") {
		t.Skipf("skipping: no real libxnvme: %v", r.Err())
	}
	dir := testutil.DirectIODir(t)
	b, err := os.ReadFile(compareJobFile)
	require.NoError(t, err)
	text := strings.NewReplacer("runtime=10", "runtime=1", "size=256m", "size=16m",
		"filename=xbench-xnvme-compare.dat", "filename="+filepath.Join(dir, "cmp.dat")).Replace(string(b))
	rc, out, stderr := runMain(t, "--output-format=json", writeJob(t, dir, "cmp.ini", text))
	require.Equal(t, 0, rc, stderr)
	var rep fioJSON
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Len(t, rep.Jobs, 4)
	for i, j := range rep.Jobs {
		assert.Equal(t, i, j.GroupID)
		checkDir(t, j.Read, 4096, false)
	}
	for _, async := range []string{"io_uring", "libaio", "emu"} {
		assert.Contains(t, stderr, "xnvme-"+async+": xnvme "+filepath.Join(dir, "cmp.dat")+" (libxnvme ")
		assert.Contains(t, stderr, "async="+async+" sync=psync")
	}
}
