package cli

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/workload"
)

func TestHelpAndVersion(t *testing.T) {
	rc, out, stderr := runMain(t, "--help")
	require.Equal(t, 0, rc, stderr)
	for _, want := range []string{"usage: xbench", "--name=JOB", "--output-format", "--section", "--parse-only", "--showcmd", "--readonly", "--cmdhelp", "--version"} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "--bs", "job options are listed by --cmdhelp, not --help")
	rc, out, _ = runMain(t, "-h")
	assert.Equal(t, 0, rc)
	assert.Contains(t, out, "usage: xbench")

	rc, out, _ = runMain(t, "--version")
	assert.Equal(t, 0, rc)
	assert.Equal(t, "xbench-"+Version+"\n", out)
	rc, out, _ = runMain(t, "-version")
	assert.Equal(t, 0, rc, "fio's single-dash form")
	assert.Equal(t, "xbench-"+Version+"\n", out)
}

// Every option's type is described, so --cmdhelp never prints an empty
// type line.
func TestEveryOptionTypeHasHelp(t *testing.T) {
	for _, o := range workload.Options() {
		assert.NotEmpty(t, typeHelp[o.Type], "option %s has type %q", o.Name, o.Type)
	}
}

func TestCmdHelp(t *testing.T) {
	rc, out, stderr := runMain(t, "--cmdhelp")
	require.Equal(t, 0, rc, stderr)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	opts := workload.Options()
	require.Len(t, lines, len(opts), "one line per option")
	for i, o := range opts {
		// fio's "%-24s: %s": a longer name pushes its help to the right.
		name, help, ok := strings.Cut(lines[i], ": ")
		require.True(t, ok, lines[i])
		assert.Equal(t, o.Name, strings.TrimSpace(name))
		assert.GreaterOrEqual(t, len(name), 24)
		assert.Equal(t, o.Help, help)
	}
	rc, all, _ := runMain(t, "--cmdhelp=all")
	assert.Equal(t, 0, rc)
	assert.Equal(t, out, all)

	rc, out, _ = runMain(t, "--cmdhelp=blocksize")
	assert.Equal(t, 0, rc)
	assert.Equal(t, `                  bs: Block size of each IO, per direction: "8k,32k" reads 8k and writes and trims 32k (fio HOWTO "Block size", bs)
               alias: blocksize
                type: integer with optional k/m/g/t/p suffix, per direction as a comma list: read,write,trim (opt=4k,64k)
             default: 4096
`, out)
	rc, out, _ = runMain(t, "--cmdhelp=kb_base")
	assert.Equal(t, 0, rc)
	assert.Contains(t, out, "        valid values: 1024\n                    : 1000\n")
	rc, out, _ = runMain(t, "--cmdhelp=runtime")
	assert.Equal(t, 0, rc)
	assert.Contains(t, out, "                unit: s when a number has no suffix\n")

	for name, want := range map[string]string{
		"create_on_open": `xbench: --cmdhelp: fio option "create_on_open" is not supported by xbench`,
		"nosuch":         `xbench: --cmdhelp: unknown option "nosuch" (xbench --cmdhelp lists them all)`,
	} {
		rc, out, stderr := runMain(t, "--cmdhelp="+name)
		assert.Equal(t, 2, rc)
		assert.Empty(t, out)
		assert.Equal(t, want+"\n", stderr)
	}
}

// Every job option is a flag, generated from the definitions.
func TestEveryOptionIsAFlag(t *testing.T) {
	for _, o := range workload.Options() {
		for _, name := range []string{o.Name, o.Alias} {
			if name == "" {
				continue
			}
			fs, rec := newTestFlagSet()
			value := "--" + name
			if o.Type != "flag" {
				value += "=v"
			}
			require.NoError(t, fs.Parse([]string{value}), name)
			require.Len(t, rec.args, 1, name)
			assert.Equal(t, name, rec.args[0].Name)
			assert.Equal(t, o.Type != "flag", rec.args[0].HasValue, name)
		}
	}
}
