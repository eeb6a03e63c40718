package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// showCmdCases are the --showcmd golden tests: each runs from
// testdata/showcmd with these arguments, and its golden file holds what
// fio 3.33's --showcmd printed for the same arguments (gen.sh).
var showCmdCases = []struct {
	golden string
	args   []string
	stdin  string // a file fed to standard input
}{
	{"globals", []string{"globals.fio"}, ""},
	{"include", []string{"include.fio"}, ""},
	{"env", []string{"env.fio"}, ""},
	{"empty", []string{"empty.fio"}, ""},
	{"two-files", []string{"globals.fio", "second.fio"}, ""},
	{"sections", []string{"--section=rand", "--section=b1", "globals.fio", "second.fio"}, ""},
	{"cmdline", []string{"--iodepth=3", "--name=cmdline", "--ioengine=null", "--size=1m", "second.fio"}, ""},
	{"stdin", []string{"-"}, "second.fio"},
}

// showCmdEnv is the environment gen.sh sets.
func showCmdEnv(t *testing.T) {
	t.Setenv("XB_SHOWCMD_SIZE", "2m")
	t.Setenv("XB_SHOWCMD_BS", "16")
	os.Unsetenv("XB_SHOWCMD_UNSET")
}

func TestShowCmdMatchesFio(t *testing.T) {
	t.Chdir(filepath.Join("testdata", "showcmd"))
	showCmdEnv(t)
	for _, tc := range showCmdCases {
		t.Run(tc.golden, func(t *testing.T) {
			want, err := os.ReadFile(tc.golden + ".golden")
			require.NoError(t, err)
			var stdin []byte
			if tc.stdin != "" {
				stdin, err = os.ReadFile(tc.stdin)
				require.NoError(t, err)
			}
			var out, errb bytes.Buffer
			rc := Run(append([]string{"--showcmd"}, tc.args...), bytes.NewReader(stdin), &out, &errb)
			require.Equal(t, 0, rc, errb.String())
			assert.Equal(t, string(want), out.String())
			assert.Empty(t, errb.String())
		})
	}
}

// The golden files are still what the installed fio prints.
func TestShowCmdGoldenIsFios(t *testing.T) {
	if _, err := exec.LookPath("fio"); err != nil {
		t.Skip("skipping: fio is not installed")
	}
	t.Chdir(filepath.Join("testdata", "showcmd"))
	showCmdEnv(t)
	for _, tc := range showCmdCases {
		t.Run(tc.golden, func(t *testing.T) {
			cmd := exec.Command("fio", append([]string{"--showcmd"}, tc.args...)...)
			if tc.stdin != "" {
				f, err := os.Open(tc.stdin)
				require.NoError(t, err)
				defer f.Close()
				cmd.Stdin = f
			}
			out, err := cmd.Output()
			require.NoError(t, err)
			want, err := os.ReadFile(tc.golden + ".golden")
			require.NoError(t, err)
			assert.Equal(t, string(want), string(out))
		})
	}
}

func TestShowCmdOption(t *testing.T) {
	var b strings.Builder
	writeShowOption(&b, settingOf("time_based", ""))
	writeShowOption(&b, settingOf("bs", "4k"))
	writeShowOption(&b, settingOf("description", "x y"))
	assert.Equal(t, `--time_based --bs=4k --description="x y" `, b.String())
}
