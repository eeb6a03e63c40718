package workload

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeFiles writes files (name to content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
}

// chdir changes to dir for the test.
func chdir(t *testing.T, dir string) {
	t.Helper()
	t.Chdir(dir)
}

func TestInclude(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		// fio --showcmd inc/top.fio: fio --name=j --ioengine=null --size=1m --bs=8k --iodepth=2 --rw=write
		"inc/top.fio":       "[global]\ninclude=sub/g.fio\n[j]\nioengine=null\ninclude sub/i1.fio\nrw=write\n",
		"inc/sub/i1.fio":    "size=1m\ninclude i2.fio\n", // nested, relative to sub/i1.fio
		"inc/sub/i2.fio":    "bs=8k\n; comment\n\n  iodepth=2 # c\n",
		"inc/sub/g.fio":     "direct=0\n",
		"inc/sub/bad.fio":   "bs=8k\n\n[k]\n",
		"inc/sub/up.fio":    "include ../top.fio\n",
		"inc/self.fio":      "[j]\ninclude self.fio\n",
		"inc/loop1.fio":     "[j]\ninclude sub/loop2.fio\n",
		"inc/sub/loop2.fio": "include ../loop1.inc\n",
		"inc/loop1.inc":     "include sub/loop2.fio\n",
	})
	chdir(t, dir)
	jf, err := ParseFile("inc/top.fio")
	require.NoError(t, err)
	require.Len(t, jf.Jobs, 1)
	j := jf.Jobs[0]
	assert.Equal(t, []Setting{{"ioengine", "null"}, {"size", "1m"}, {"bs", "8k"}, {"iodepth", "2"}, {"rw", "write"}}, j.Options)
	assert.Equal(t, uint64(8192), j.BS.BS[DirRead])
	assert.Equal(t, 2, j.IODepth)
	assert.Equal(t, []Setting{{"direct", "0"}}, jf.Global, "an include in a global section adds global options")

	// As given, relative to the current directory, when that exists.
	writeFiles(t, dir, map[string]string{"i2.fio": "bs=16k\n"})
	jf, err = ParseFile("inc/top.fio")
	require.NoError(t, err)
	assert.Equal(t, uint64(16384), jf.Jobs[0].BS.BS[DirRead], "fio tries the name as given first")

	for _, tt := range []struct{ file, text, want string }{
		{"missing.fio", "[j]\n\ninclude nothere.fio\n", `missing.fio:3: cannot open include file "nothere.fio": no such file or directory`},
		{"inc/missing.fio", "[j]\ninclude nothere.fio\n", `inc/missing.fio:2: cannot open include file "nothere.fio" (nor "inc/nothere.fio"): no such file or directory`},
		{"inc/usesec.fio", "[j]\ninclude sub/bad.fio\n", `inc/sub/bad.fio:3: section header "[k]" in an included file (fio: no new sections in included files)`},
		{"inc/pre.fio", "include sub/i2.fio\n[j]\n", `inc/pre.fio:1: option "include sub/i2.fio" is outside of any [section]`},
		{"inc/blanks.fio", "[j]\ninclude   sub/i2.fio\n", `inc/blanks.fio:2: include "  sub/i2.fio": fio takes the file name right after one blank, so the name would start with a blank; remove the extra blanks`},
		{"inc/empty.fio", "[j]\ninclude\n", `inc/empty.fio:2: include without a file name`},
		{"inc/empty2.fio", "[j]\ninclude=\n", `inc/empty2.fio:2: include without a file name`},
		{"inc/other.fio", "[j]\nincludes=x\n", `inc/other.fio:2: unknown option "includes"`},
		{"inc/self.fio", "", `inc/self.fio:2: include "self.fio": include cycle (inc/self.fio includes itself)`},
		{"inc/loop1.fio", "", `inc/sub/../loop1.inc:1: include "sub/loop2.fio": include cycle (inc/sub/../sub/loop2.fio includes itself)`},
		{"inc/badopt.fio", "[j]\ninclude sub/i3.fio\n", `inc/sub/i3.fio:2: unknown option "frob"`},
	} {
		t.Run(tt.file, func(t *testing.T) {
			if tt.text != "" {
				writeFiles(t, dir, map[string]string{tt.file: tt.text, "inc/sub/i3.fio": "bs=4k\nfrob=1\n"})
			}
			_, err := ParseFile(tt.file)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			checkOneLine(t, err)
		})
	}
}

// Includes go through ParseOptions.Open, so that they can come from
// anywhere (the fuzz target reads them from memory).
func TestIncludeThroughOpen(t *testing.T) {
	files := map[string]string{"a/job.fio": "[j]\ninclude b.fio\n", "a/b.fio": "bs=8k\n"}
	o := ParseOptions{Open: memOpen(files)}
	jf, err := ParseFileWith("a/job.fio", o)
	require.NoError(t, err)
	assert.Equal(t, uint64(8192), jf.Jobs[0].BS.BS[DirRead])
	_, err = ParseWith(strings.NewReader("[j]\ninclude a/b.fio\n"), "-", o)
	require.NoError(t, err, "from stdin, a name is taken as given")
}

func TestIncludeDepth(t *testing.T) {
	// Each file includes the next one down, found relative to it.
	files := map[string]string{"job.fio": "[j]\ninclude d/1.fio\n"}
	for i := 1; i < 40; i++ {
		files[strings.Repeat("d/", i)+fmt.Sprintf("%d.fio", i)] = fmt.Sprintf("include d/%d.fio\n", i+1)
	}
	_, err := ParseFileWith("job.fio", ParseOptions{Open: memOpen(files)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "more than 32 nested includes")
}
