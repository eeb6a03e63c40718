package cli

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every rejected job file gets one line naming the file, line, option and
// reason, and exit status 2.
func TestJobFileErrors(t *testing.T) {
	dir := t.TempDir()
	writeJob(t, dir, "inc.fio", "bs=8k\n[k]\n")
	for _, tc := range []struct{ name, text, want string }{
		{"unknown option", "[j]\nioengine=null\nfrob=1\n", `:3: unknown option "frob"`},
		{"fio option", "[j]\ncreate_on_open=1\n", `:2: fio option "create_on_open" is not supported by xbench`},
		{"bad suffix", "[j]\nbs=4kz\n", `:2: bad value "4kz" for option "bs": unknown size suffix "kz"`},
		{"bad time", "[j]\nruntime=10sec\n", `:2: bad value "10sec" for option "runtime": unknown time suffix "sec"`},
		{"misread expression", "[j]\nbs=(1.5k)\n", `:2: bad value "(1.5k)" for option "bs": fio's expression parser computes 1024`},
		{"outside a section", "bs=4k\n[j]\n", `:1: option "bs=4k" is outside of any [section]`},
		{"include missing", "[j]\n\ninclude nothere.fio\n", `:3: cannot open include file "nothere.fio"`},
		{"section in include", "[j]\ninclude inc.fio\n", `inc.fio:2: section header "[k]" in an included file`},
		{"bs larger than size", "[j]\nsize=4k\nbs=8k\n", `:3: job "j": bs (8192) is larger than size (4096)`},
		{"bc", "[j]\nnumjobs=$ncpus/0\n", `:2: fio hands "`},
		{"case", "[j]\nRW=read\n", `:2: unknown option "RW"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeJob(t, dir, strings.ReplaceAll(tc.name, " ", "_")+".fio", tc.text)
			rc, out, stderr := runMain(t, path)
			assert.Equal(t, 2, rc)
			assert.Empty(t, out)
			assert.True(t, strings.HasPrefix(stderr, "xbench: "+dir), stderr)
			assert.Contains(t, stderr, tc.want)
			assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
		})
	}
}

func TestLongFlags(t *testing.T) {
	fs, _ := newTestFlagSet()
	fs.Bool("showcmd", false, "")
	in := []string{"-name=x", "-bs", "4k", "-showcmd", "-h", "-", "-x=1", "--rw=read", "a.fio", "--", "-size=1m"}
	assert.Equal(t, []string{"--name=x", "--bs", "4k", "--showcmd", "-h", "-", "-x=1", "--rw=read", "a.fio", "--", "-size=1m"},
		longFlags(fs, in))
}
