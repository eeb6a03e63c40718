package xnvme

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
)

// The binding's declarations of libxnvme's structs have the offsets of
// xNVMe v0.7.4 and v0.7.5's headers (checked by compiling against both
// releases' include/libxnvme_*.h).
func TestXNVMeLayoutMatchesTheReleasedABI(t *testing.T) {
	want := map[string]uintptr{
		"geo": 64, "geo.nsect": 16, "geo.tbytes": 32, "geo.ssw": 40, "geo.mdts_nbytes": 48, "geo.lba_nbytes": 52,
		"ident": 704, "ident.uri": 256, "ident.dtype": 640, "ident.nsid": 644, "ident.csi": 648,
		"opts": 136, "opts.async": 32, "opts.nsid": 48, "opts.rdonly": 52, "opts.rdwr": 54, "opts.direct": 57,
		"opts.poll_io": 64, "opts.poll_sq": 65, "opts.core_mask": 88,
		"cmd_ctx": 128, "cmd_ctx.cpl": 64, "cmd_ctx.dev": 80, "cmd_ctx.async": 88, "cmd_ctx.opts": 112,
		"cmd.opcode": 0, "cmd.nsid": 4, "cmd.nvm.slba": 40, "cmd.nvm.nlb": 48,
		"cpl.status": 78, "async.cb": 96, "async.cb_arg": 104,
	}
	assert.Equal(t, want, abiLayout())
}

// writePC writes an xnvme.pc whose libdir is libdir and points pkg-config
// at it for the test.
func writePC(t *testing.T, libdir string) {
	t.Helper()
	dir := t.TempDir()
	pc := "libdir=" + libdir + "\nName: xnvme\nDescription: test\nVersion: 0.7.5\nLibs: -L${libdir} -lxnvme\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "xnvme.pc"), []byte(pc), 0o644))
	t.Setenv("PKG_CONFIG_PATH", dir)
}

func TestLoaderSearchOrder(t *testing.T) {
	a := testutil.StandInXNVMe(t, "-DSTANDIN_PATCH=5")
	b := testutil.StandInXNVMe(t, "-DSTANDIN_PATCH=4")
	old := testutil.StandInXNVMe(t, "-DSTANDIN_PATCH=3")

	t.Run("XNVME_LIBRARY_PATH comes first", func(t *testing.T) {
		t.Setenv(LibraryPathEnv, a)
		writePC(t, filepath.Dir(b))
		r := LoadDefault()
		require.NoError(t, r.Err())
		assert.Equal(t, a, r.Library.Path())
		assert.Equal(t, Version{0, 7, 5}, r.Library.Version())
		require.Len(t, r.Attempts, 1, "nothing after the first library that loads is tried")
		assert.Equal(t, LibraryPathEnv+": "+a+": loaded", r.Attempts[0].String())
	})
	t.Run("XNVME_LIBRARY_PATH may name the directory", func(t *testing.T) {
		t.Setenv(LibraryPathEnv, filepath.Dir(a))
		r := LoadDefault()
		require.NoError(t, r.Err())
		assert.Equal(t, a, r.Library.Path())
	})
	t.Run("then pkg-config's libdir", func(t *testing.T) {
		t.Setenv(LibraryPathEnv, "")
		writePC(t, filepath.Dir(b))
		r := LoadDefault()
		require.NoError(t, r.Err())
		assert.Equal(t, b, r.Library.Path())
		assert.Equal(t, Version{0, 7, 4}, r.Library.Version())
		assert.Equal(t, LibraryPathEnv+": not set", r.Attempts[0].String())
	})
	t.Run("an unsupported library is passed over with its reason", func(t *testing.T) {
		t.Setenv(LibraryPathEnv, old)
		writePC(t, filepath.Dir(b))
		r := LoadDefault()
		require.NoError(t, r.Err())
		assert.Equal(t, b, r.Library.Path())
		require.Len(t, r.Attempts, 2)
		assert.EqualError(t, r.Attempts[0].Err, "xNVMe 0.7.3 is not supported: xbench supports the released ABI of 0.7.4 or 0.7.5")
	})
	t.Run("nothing found names every place tried", func(t *testing.T) {
		t.Setenv(LibraryPathEnv, filepath.Join(t.TempDir(), "missing.so"))
		t.Setenv("PKG_CONFIG_PATH", t.TempDir())
		r := Load([]Candidate{DefaultCandidates()[0], DefaultCandidates()[1], {Source: "system search path", Path: "libxnvme-xbench-absent.so"}})
		require.Nil(t, r.Library)
		require.Len(t, r.Attempts, 3)
		err := r.Err()
		require.ErrorIs(t, err, ErrLibraryNotFound)
		msg := err.Error()
		assert.Contains(t, msg, "libxnvme not found (XNVME_LIBRARY_PATH: ")
		assert.Contains(t, msg, "missing.so: cannot open shared object file: No such file or directory; ")
		assert.Contains(t, msg, "pkg-config: Package xnvme was not found in the pkg-config search path.; ")
		assert.Contains(t, msg, "system search path: libxnvme-xbench-absent.so: cannot open shared object file")
		assert.Contains(t, msg, "): install xNVMe 0.7.4 or 0.7.5, or set XNVME_LIBRARY_PATH to its libxnvme.so")
		assert.NotContains(t, msg, "\n")
	})
	t.Run("the system search path is the last candidate", func(t *testing.T) {
		c := DefaultCandidates()
		require.Len(t, c, 3)
		assert.Equal(t, Candidate{Source: "system search path", Path: "libxnvme.so"}, c[2])
	})
}

func TestVersionGate(t *testing.T) {
	for _, tc := range []struct {
		name    string
		defines []string
		err     string
	}{
		{"0.7.5", nil, ""},
		{"0.7.4", []string{"-DSTANDIN_PATCH=4"}, ""},
		{"0.7.3", []string{"-DSTANDIN_PATCH=3"}, "xNVMe 0.7.3 is not supported: xbench supports the released ABI of 0.7.4 or 0.7.5"},
		{"0.8.0", []string{"-DSTANDIN_MINOR=8", "-DSTANDIN_PATCH=0"}, "xNVMe 0.8.0 is not supported: xbench supports the released ABI of 0.7.4 or 0.7.5"},
		{"main", []string{"-DSTANDIN_MAIN_ABI"}, "xNVMe 0.7.5 from the unreleased main branch (it has xnvme_libconf_get), whose ABI differs from the releases: xbench supports the released ABI of 0.7.4 or 0.7.5"},
		{"missing symbol", []string{"-DSTANDIN_OMIT_POKE"}, "xNVMe 0.7.5 lacks the symbol xnvme_queue_poke that xbench calls"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := testutil.StandInXNVMe(t, tc.defines...)
			r := Load([]Candidate{{Source: "test", Path: path}})
			if tc.err == "" {
				require.NoError(t, r.Err())
				assert.Equal(t, []string{"conf: XBENCH_STANDIN", "conf: XNVME_BE_RAMDISK_ENABLED", "conf: XNVME_BE_CBI_ASYNC_NIL_ENABLED"}, r.Library.Config())
				return
			}
			require.Nil(t, r.Library)
			require.EqualError(t, r.Attempts[0].Err, tc.err)
			assert.Contains(t, r.Err().Error(), "test: "+path+": "+tc.err)
		})
	}
	t.Run("not an xNVMe library", func(t *testing.T) {
		r := Load([]Candidate{{Source: "test", Path: "libc.so.6"}})
		require.Nil(t, r.Library)
		require.EqualError(t, r.Attempts[0].Err, "no symbol xnvme_ver_major: not an xNVMe library")
	})
}

// standIn loads a freshly built stand-in.
func standIn(t *testing.T, defines ...string) *Library {
	t.Helper()
	r := Load([]Candidate{{Source: "test", Path: testutil.StandInXNVMe(t, defines...)}})
	require.NoError(t, r.Err())
	return r.Library
}

func TestLibraryOpenAndEnumerate(t *testing.T) {
	lib := standIn(t)
	d, err := lib.Open("64MB", LibOptions{Async: "nil", Direct: true})
	require.NoError(t, err)
	assert.Equal(t, LibDevice{
		URI: "64MB", Type: "ramdisk", NSID: 1, CSI: "nvm",
		Serial: "STANDIN0001", Model: "xbench stand-in libxnvme", Firmware: "0.7.5",
		Backend: "ramdisk", Async: "nil", Sync: "ramdisk", Admin: "ramdisk_as_ns", Mem: "posix", Direct: true,
		Geometry: LibGeometry{
			Type: 1, NPUGrp: 1, NPUnit: 1, NZone: 1, NSect: 64 << 20 / 512, NBytes: 512,
			TBytes: 64 << 20, SSW: 9, MDTSNBytes: 1 << 20, LBANBytes: 512,
		},
	}, d)
	assert.Equal(t, "conventional", d.Geometry.Type.String())

	d, err = lib.Open("8MB?nodirect", LibOptions{Direct: true})
	require.NoError(t, err)
	assert.False(t, d.Direct, "what the library used, not what was asked")
	assert.Equal(t, "thrpool", d.Async, "the library's own choice")

	_, err = lib.Open("/dev/xbench-absent", LibOptions{})
	require.EqualError(t, err, "xnvme_dev_open(/dev/xbench-absent): no such device or address")

	devs, err := lib.Enumerate(LibOptions{})
	require.NoError(t, err)
	require.Len(t, devs, 2)
	assert.Equal(t, "8MB", devs[0].URI)
	assert.EqualValues(t, 16<<20, devs[1].Geometry.TBytes)
}
