package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
)

// fioJSON is the part of fio's JSON report that the tests read.
type fioJSON struct {
	Version string `json:"fio version"`
	Jobs    []struct {
		Jobname string         `json:"jobname"`
		GroupID int            `json:"groupid"`
		Error   int            `json:"error"`
		Options map[string]any `json:"job options"`
		Read    dirJSON        `json:"read"`
		Write   dirJSON        `json:"write"`
		UsrCPU  float64        `json:"usr_cpu"`
		SysCPU  float64        `json:"sys_cpu"`
	} `json:"jobs"`
}

type dirJSON struct {
	IOBytes  uint64  `json:"io_bytes"`
	IOKBytes uint64  `json:"io_kbytes"`
	BWBytes  uint64  `json:"bw_bytes"`
	BW       uint64  `json:"bw"`
	IOPS     float64 `json:"iops"`
	Runtime  uint64  `json:"runtime"`
	TotalIOs uint64  `json:"total_ios"`
	Slat     latJSON `json:"slat_ns"`
	Clat     latJSON `json:"clat_ns"`
	Lat      latJSON `json:"lat_ns"`
}

type latJSON struct {
	Min        uint64            `json:"min"`
	Max        uint64            `json:"max"`
	Mean       float64           `json:"mean"`
	Stddev     float64           `json:"stddev"`
	N          uint64            `json:"N"`
	Percentile map[string]uint64 `json:"percentile"`
}

// runMain runs xbench in-process and returns its exit status and output.
func runMain(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	rc := Main(args, &out, &errb)
	return rc, out.String(), errb.String()
}

func writeJob(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	return p
}

// checkDir checks the invariants of one direction of a JSON report.
func checkDir(t *testing.T, d dirJSON, bs uint64, sync bool) {
	t.Helper()
	require.Positive(t, d.TotalIOs)
	require.Equal(t, d.TotalIOs*bs, d.IOBytes, "io_bytes == total_ios*bs")
	require.Equal(t, d.IOBytes>>10, d.IOKBytes)
	require.Equal(t, d.IOBytes*1000/d.Runtime, d.BWBytes)
	require.Equal(t, d.BWBytes/1024, d.BW)
	require.InDelta(t, float64(d.TotalIOs)*1000/float64(d.Runtime), d.IOPS, 1e-3)
	lats := map[string]latJSON{"clat": d.Clat, "lat": d.Lat}
	if !sync {
		lats["slat"] = d.Slat
	} else {
		require.Zero(t, d.Slat.N, "a sync engine has no slat")
	}
	for name, l := range lats {
		require.Equal(t, d.TotalIOs, l.N, name)
		require.LessOrEqual(t, float64(l.Min), l.Mean, name)
		require.LessOrEqual(t, l.Mean, float64(l.Max), name)
	}
	require.Len(t, d.Clat.Percentile, 17)
	prev := uint64(0)
	for _, p := range []string{"1.000000", "5.000000", "10.000000", "20.000000", "30.000000", "40.000000",
		"50.000000", "60.000000", "70.000000", "80.000000", "90.000000", "95.000000", "99.000000",
		"99.500000", "99.900000", "99.950000", "99.990000"} {
		v, ok := d.Clat.Percentile[p]
		require.True(t, ok, "percentile %s", p)
		require.GreaterOrEqual(t, v, prev, "percentiles are non-decreasing at %s", p)
		require.LessOrEqual(t, v, d.Clat.Max)
		prev = v
	}
}

// Every engine runs a short time-based job end to end, and the JSON report
// is consistent with itself and with the requested runtime.
func TestEveryEngineEndToEnd(t *testing.T) {
	dir := testutil.DirectIODir(t)
	for _, engine := range []string{"null", "psync", "libaio", "io_uring"} {
		t.Run(engine, func(t *testing.T) {
			job := writeJob(t, dir, engine+".ini", fmt.Sprintf(`
[global]
ioengine=%s
direct=1
bs=4k
iodepth=8
runtime=1
time_based

[%s]
rw=randread
size=4m
filename=%s
`, engine, engine, filepath.Join(dir, engine+".dat")))
			rc, out, stderr := runMain(t, "--output-format=json", job)
			if engine == "io_uring" && strings.Contains(stderr, "io_uring is disabled") {
				t.Skip("skipping: " + stderr)
			}
			require.Equal(t, 0, rc, stderr)
			var rep fioJSON
			require.NoError(t, json.Unmarshal([]byte(out), &rep), "stdout holds nothing but the JSON report")
			require.Equal(t, "xbench-"+Version, rep.Version)
			require.Len(t, rep.Jobs, 1)
			j := rep.Jobs[0]
			require.Equal(t, engine, j.Jobname)
			require.Zero(t, j.Error)
			require.Equal(t, "randread", j.Options["rw"])
			checkDir(t, j.Read, 4096, engine == "psync")
			require.Zero(t, j.Write.TotalIOs)
			require.GreaterOrEqual(t, j.Read.Runtime, uint64(1000), "runtime close to the requested 1 s")
			require.Less(t, j.Read.Runtime, uint64(1500))
			if engine != "null" {
				require.Contains(t, stderr, "Laying out IO file")
			}
		})
	}
}

func TestNormalReport(t *testing.T) {
	dir := t.TempDir()
	job := writeJob(t, dir, "n.ini", `
[global]
ioengine=null
size=16m
group_reporting

[twins]
rw=randread
numjobs=2
`)
	rc, out, stderr := runMain(t, job)
	require.Equal(t, 0, rc, stderr)
	for _, want := range []string{
		"twins: (g=0): rw=randread, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, ioengine=null, iodepth=1\n...\n",
		"xbench-" + Version + "\nStarting 2 threads\n",
		"twins: (groupid=0, jobs=2): err= 0: pid=",
		"  read: IOPS=",
		"    clat percentiles (",
		"  cpu          : usr=",
		"Run status group 0 (all jobs):\n   READ: bw=",
		"io=32.0MiB (33.6MB)",
	} {
		require.Contains(t, out, want)
	}
	require.Equal(t, 1, strings.Count(out, "(groupid=0"), "group_reporting merges the clones")
	require.Empty(t, stderr)
}

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	job := writeJob(t, dir, "o.ini", "[o]\nioengine=null\nsize=1m\n")
	dest := filepath.Join(dir, "report.json")
	rc, out, stderr := runMain(t, "--output-format=json", "--output", dest, job)
	require.Equal(t, 0, rc, stderr)
	require.Empty(t, out)
	b, err := os.ReadFile(dest)
	require.NoError(t, err)
	var rep fioJSON
	require.NoError(t, json.Unmarshal(b, &rep))
	require.EqualValues(t, 1<<20, rep.Jobs[0].Read.IOBytes)
}

func TestBadInputIsOneLineAndExitStatus(t *testing.T) {
	dir := t.TempDir()
	unknown := writeJob(t, dir, "unknown.ini", "[j]\nioengine=null\nsize=1m\nfrobnicate=1\n")
	badValue := writeJob(t, dir, "bad.ini", "[j]\nioengine=null\nsize=1q\n")
	noSize := writeJob(t, dir, "nosize.ini", "[j]\nioengine=null\n")
	missing := writeJob(t, dir, "missing.ini", "[j]\nfilename="+filepath.Join(dir, "absent")+"\n")
	empty := writeJob(t, dir, "empty.ini", "[global]\nbs=4k\n")
	cases := []struct {
		name string
		args []string
		rc   int
		want string
	}{
		{"unknown option", []string{unknown}, 2, unknown + `:4: unknown option "frobnicate"`},
		{"bad value", []string{badValue}, 2, badValue + ":3:"},
		{"no jobs", []string{empty}, 2, "no jobs defined"},
		{"missing job file", []string{filepath.Join(dir, "nope.ini")}, 2, "nope.ini"},
		{"null without size", []string{noSize}, 1, "size= is required"},
		{"missing target", []string{missing}, 1, "does not exist and size= is not set"},
		{"no arguments", nil, 2, "no job file given"},
		{"bad flag", []string{"--frob"}, 2, "unknown flag: --frob"},
		{"bad format", []string{"--output-format=xml", unknown}, 2, `unknown format "xml"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rc, out, stderr := runMain(t, tc.args...)
			require.Equal(t, tc.rc, rc)
			require.Contains(t, stderr, tc.want)
			require.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
			require.NotContains(t, out, "xbench:")
		})
	}
}

// The built binary behaves like Main: no stack traces, the right status.
func TestBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "xbench")
	build := exec.Command("go", "build", "-o", bin, "github.com/xbench/xbench/cmd/xbench")
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))

	dir := t.TempDir()
	bad := writeJob(t, dir, "bad.ini", "rw=read\n[j]\n")
	cmd := exec.Command(bin, bad)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	require.Equal(t, 2, exit.ExitCode())
	require.Equal(t, 1, strings.Count(stderr.String(), "\n"), stderr.String())
	require.NotContains(t, stderr.String(), "goroutine")

	good := writeJob(t, dir, "good.ini", "[g]\nioengine=null\nsize=1m\n")
	out, err = exec.Command(bin, "--output-format=json", good).Output()
	require.NoError(t, err)
	require.True(t, json.Valid(out))

	out, err = exec.Command(bin, "--version").Output()
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(out), "xbench-"))
}

// Every key xbench writes in its JSON report is one fio writes at the same
// place with the same JSON type, checked against fio itself on the same job.
func TestJSONKeysAreFiosKeys(t *testing.T) {
	if _, err := exec.LookPath("fio"); err != nil {
		t.Skip("skipping: fio is not installed")
	}
	dir := t.TempDir()
	job := writeJob(t, dir, "k.ini", `
[global]
ioengine=null
size=8m
[k]
rw=randread
iodepth=4
`)
	fioOut, err := exec.Command("fio", "--output-format=json", job).Output()
	require.NoError(t, err)
	rc, out, stderr := runMain(t, "--output-format=json", job)
	require.Equal(t, 0, rc, stderr)

	var fio, xb any
	require.NoError(t, json.Unmarshal(fioOut, &fio))
	require.NoError(t, json.Unmarshal([]byte(out), &xb))
	sameShape(t, "", fio, xb)

	// And the same job moves the same bytes.
	var f, x fioJSON
	require.NoError(t, json.Unmarshal(fioOut, &f))
	require.NoError(t, json.Unmarshal([]byte(out), &x))
	require.Equal(t, f.Jobs[0].Read.IOBytes, x.Jobs[0].Read.IOBytes)
	require.Equal(t, f.Jobs[0].Read.TotalIOs, x.Jobs[0].Read.TotalIOs)
}

// sameShape checks that every key of xb exists in fio with the same type.
func sameShape(t *testing.T, path string, fio, xb any) {
	t.Helper()
	switch x := xb.(type) {
	case map[string]any:
		f, ok := fio.(map[string]any)
		require.True(t, ok, "%s: xbench has an object, fio a %T", path, fio)
		for k, v := range x {
			if path == "/jobs/0/job options" || path == "/global options" {
				continue // the job's own options
			}
			fv, ok := f[k]
			require.True(t, ok, "%s/%s: fio has no such key", path, k)
			sameShape(t, path+"/"+k, fv, v)
		}
	case []any:
		f, ok := fio.([]any)
		require.True(t, ok, "%s: xbench has an array, fio a %T", path, fio)
		for i := range min(len(x), len(f)) {
			sameShape(t, fmt.Sprintf("%s/%d", path, i), f[i], x[i])
		}
	default:
		require.IsType(t, fio, xb, path)
	}
}
