package cli

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runWithStdin runs xbench in-process with standard input.
func runWithStdin(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	rc := Run(args, strings.NewReader(stdin), &out, &errb)
	return rc, out.String(), errb.String()
}

// jobsOf decodes the jobs of a JSON report.
func jobsOf(t *testing.T, out string) fioJSON {
	t.Helper()
	var rep fioJSON
	require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
	return rep
}

// identity lists name/group/read bytes/read IOs of each job.
func identity(rep fioJSON) []string {
	var out []string
	for _, j := range rep.Jobs {
		out = append(out, strings.Join([]string{j.Jobname, itoa(j.GroupID), itoa(int(j.Read.IOBytes)), itoa(int(j.Read.TotalIOs)),
			itoa(int(j.Write.IOBytes)), itoa(int(j.Write.TotalIOs))}, "/"))
	}
	return out
}

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + jsonInt(n)) }

func jsonInt(n int) string { b, _ := json.Marshal(n); return string(b) }

// commandLineCases are command lines whose jobs, groups and IO xbench and
// fio agree on (null engine, deterministic sizes). Files are written to a
// temporary directory first.
var commandLineFiles = map[string]string{
	"a.fio": "[global]\nioengine=null\nsize=1m\n[a1]\nrw=randread\nbs=8k\n[globalfoo]\niodepth=4\n[a2]\n",
	"b.fio": "[b1]\nioengine=null\nsize=2m\n[b2]\nioengine=null\nsize=512k\nrw=write\n",
	"g.fio": "[global]\nbs=16k\n",
}

var commandLineCases = []struct {
	name string
	args []string
	want []string // name/group/read bytes/read IOs/write bytes/write IOs
}{
	{"one job", []string{"--name=x", "--ioengine=null", "--size=1m"}, []string{"x/0/1048576/256/0/0"}},
	{"globals before the first name", []string{"--ioengine=null", "--size=1m", "--bs=8k", "--name=x", "--name=y", "--bs=64k"},
		[]string{"x/0/1048576/128/0/0", "y/0/1048576/16/0/0"}},
	{"name=global", []string{"--name=global", "--ioengine=null", "--size=2m", "--name=x", "--rw=write"},
		[]string{"x/0/0/0/2097152/512"}},
	{"single dash and separate values", []string{"-name=x", "-ioengine", "null", "-size=1m", "--bs", "64k", "-rw=randread"},
		[]string{"x/0/1048576/16/0/0"}},
	{"bare flags", []string{"--name=x", "--ioengine=null", "--size=1m", "--thread", "--norandommap", "--rw=randread"},
		[]string{"x/0/1048576/256/0/0"}},
	{"command line then files", []string{"--iodepth=2", "--name=c", "--ioengine=null", "--size=1m", "a.fio", "b.fio"},
		[]string{"c/0/1048576/256/0/0", "a1/0/1048576/128/0/0", "a2/0/1048576/256/0/0", "b1/1/2097152/512/0/0", "b2/1/0/0/524288/128"}},
	{"files anywhere", []string{"a.fio", "--bs=64k", "b.fio"},
		[]string{"a1/0/1048576/128/0/0", "a2/0/1048576/16/0/0", "b1/1/2097152/512/0/0", "b2/1/0/0/524288/128"}},
	{"file without jobs", []string{"g.fio", "b.fio"}, []string{"b1/0/2097152/512/0/0", "b2/0/0/0/524288/128"}},
	{"sections", []string{"--section=a2", "--section=b2", "a.fio", "b.fio"},
		[]string{"a2/0/1048576/256/0/0", "b1/1/2097152/512/0/0", "b2/1/0/0/524288/128"}},
	{"numjobs", []string{"--name=x", "--ioengine=null", "--size=64k", "--numjobs=2"}, []string{"x/0/65536/16/0/0", "x/0/65536/16/0/0"}},
}

func TestCommandLineJobs(t *testing.T) {
	dir := t.TempDir()
	for name, text := range commandLineFiles {
		writeJob(t, dir, name, text)
	}
	t.Chdir(dir)
	for _, tc := range commandLineCases {
		t.Run(tc.name, func(t *testing.T) {
			rc, out, stderr := runMain(t, append([]string{"--output-format=json"}, tc.args...)...)
			require.Equal(t, 0, rc, stderr)
			assert.Equal(t, tc.want, identity(jobsOf(t, out)))
		})
	}
}

// fio runs the same command lines to the same jobs, groups and IO.
func TestCommandLineJobsMatchFio(t *testing.T) {
	if _, err := exec.LookPath("fio"); err != nil {
		t.Skip("skipping: fio is not installed")
	}
	dir := t.TempDir()
	for name, text := range commandLineFiles {
		writeJob(t, dir, name, text)
	}
	for _, tc := range commandLineCases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command("fio", append([]string{"--output-format=json"}, tc.args...)...)
			cmd.Dir = dir
			out, err := cmd.Output()
			require.NoError(t, err)
			assert.Equal(t, tc.want, identity(jobsOf(t, string(out))))
		})
	}
}

func TestCommandLineErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeJob(t, dir, "good.fio", "[g]\nioengine=null\nsize=1m\n")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown option", []string{"--name=x", "--frob=1"}, "xbench: unknown flag: --frob (see xbench --help)"},
		{"fio option", []string{"--name=x", "--create_on_open=1"}, `xbench: command line: fio option "create_on_open" is not supported by xbench`},
		{"fio option without value", []string{"--name=x", "--create_only", good}, `xbench: command line: fio option "create_only" is not supported by xbench`},
		{"fio flag", []string{"--bandwidth-log", good}, "xbench: fio flag --bandwidth-log is not supported by xbench"},
		{"fio flag with value", []string{"--trigger-file=x", good}, "xbench: fio flag --trigger-file is not supported by xbench"},
		{"bad status interval", []string{"--status-interval=1q", good}, `xbench: invalid argument "1q" for "--status-interval" flag`},
		{"bad value", []string{"--name=x", "--bs=4q"}, `xbench: command line: bad value "4q" for option "bs": unknown size suffix "q"`},
		{"bs larger than size", []string{"--name=x", "--ioengine=null", "--size=4k", "--bs=8k"}, `xbench: command line: job "x": bs (8192) is larger than size (4096)`},
		{"value required", []string{"--name=x", "--bs"}, "xbench: flag needs an argument: --bs (see xbench --help)"},
		{"section global", []string{"--section=global", good}, "xbench: --section=global: global sections always apply; name a job section"},
		{"eta", []string{"--eta=sometimes", good}, `xbench: --eta: unknown value "sometimes" (want always, never or auto)`},
		{"unknown format", []string{"--output-format=csv", good}, `xbench: --output-format: unknown format "csv" (want normal, json, json+, terse, html)`},
		{"no jobs", []string{"--name=global", "--bs=4k"}, "no job file given"},
		{"only globals in files", []string{filepath.Join(dir, "g.fio")}, "cannot open job file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc, out, stderr := runMain(t, tc.args...)
			assert.Equal(t, 2, rc)
			assert.Contains(t, stderr, tc.want)
			assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
			assert.Empty(t, out)
		})
	}
}

func TestAcceptedFioFlags(t *testing.T) {
	for _, args := range [][]string{{"--eta=never"}, {"--eta", "auto"}, {"--max-jobs=4"}} {
		rc, _, stderr := runMain(t, append(args, "--name=x", "--ioengine=null", "--size=64k", "--output-format=json")...)
		assert.Equal(t, 0, rc, "%v: %s", args, stderr)
	}
}

func TestOutputFormatOrder(t *testing.T) {
	// fio prints the JSON report before the normal one, whatever the
	// order of --output-format, and each once.
	for _, f := range []string{"normal,json", "json,normal", "json,normal,json"} {
		rc, out, stderr := runMain(t, "--output-format="+f, "--name=x", "--ioengine=null", "--size=64k")
		require.Equal(t, 0, rc, stderr)
		hdr := strings.Index(out, "x: (g=0)")
		js := strings.Index(out, "{\n")
		normal := strings.Index(out, "x: (groupid=0")
		assert.True(t, hdr == 0 && hdr < js && js < normal, f)
		assert.Equal(t, 1, strings.Count(out, `"fio version"`), f)
	}
}

func TestStdinJobFile(t *testing.T) {
	rc, out, stderr := runWithStdin(t, "[s1]\nioengine=null\nsize=64k\n", "--output-format=json", "-")
	require.Equal(t, 0, rc, stderr)
	assert.Equal(t, []string{"s1/0/65536/16/0/0"}, identity(jobsOf(t, out)))
	rc, _, stderr = runWithStdin(t, "[s1]\nfrob=1\n", "-")
	assert.Equal(t, 2, rc)
	assert.Equal(t, "xbench: -:2: unknown option \"frob\"\n", stderr)
}

func TestParseOnly(t *testing.T) {
	dir := t.TempDir()
	good := writeJob(t, dir, "good.fio", "[g]\nioengine=null\nsize=1m\nrw=write\n")
	empty := writeJob(t, dir, "empty.fio", "; nothing\n")
	bad := writeJob(t, dir, "bad.fio", "[g]\nioengine=null\nsize=4k\nbs=8k\n")
	for _, tc := range []struct {
		args   []string
		rc     int
		stderr string
	}{
		{[]string{good}, 0, ""},
		{[]string{empty}, 0, ""}, // fio: no jobs is fine with --parse-only
		{nil, 0, ""},
		{[]string{bad}, 2, bad + `:4: job "g": bs (8192) is larger than size (4096)`},
		{[]string{"--readonly", good}, 2, good + ":4: rw=write writes, and --readonly refuses jobs that write"},
	} {
		rc, out, stderr := runMain(t, append([]string{"--parse-only"}, tc.args...)...)
		assert.Equal(t, tc.rc, rc, "%v", tc.args)
		assert.Empty(t, out)
		assert.Contains(t, stderr, tc.stderr)
	}
	// Nothing ran: the write job's file was not created.
	assert.NoFileExists(t, filepath.Join(dir, "g.0.0"))
}

func TestReadOnly(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	w := writeJob(t, dir, "w.fio", "[w]\nsize=64k\nrw=randwrite\n")
	rc, _, stderr := runMain(t, "--readonly", w)
	assert.Equal(t, 2, rc)
	assert.Equal(t, "xbench: "+w+":3: rw=randwrite writes, and --readonly refuses jobs that write\n", stderr)
	assert.NoFileExists(t, filepath.Join(dir, "w.0.0"))

	// A read job whose file is missing would need it laid out (written).
	r := writeJob(t, dir, "r.fio", "[r]\nsize=64k\nrw=read\n")
	rc, _, stderr = runMain(t, "--readonly", r)
	assert.Equal(t, 1, rc)
	assert.Contains(t, stderr, "--readonly refuses to lay it out")
	assert.NoFileExists(t, filepath.Join(dir, "r.0.0"))

	// With the file there, it runs.
	rc, _, stderr = runMain(t, r)
	require.Equal(t, 0, rc, stderr)
	rc, _, stderr = runMain(t, "--readonly", "--output-format=json", r)
	assert.Equal(t, 0, rc, stderr)
}
