package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fioRuns writes fio-style JSON reports, one per IOPS value, one after
// another in one file: each run's job "j" reads at that rate with CPU per
// IO and p99 scaling with it.
func fioRuns(t *testing.T, dir, name string, iops ...float64) string {
	t.Helper()
	var b strings.Builder
	for _, v := range iops {
		fmt.Fprintf(&b, `{"fio version": "fio-3.33", "jobs": [{"jobname": "j", "error": 0, "job_runtime": 1000,
  "usr_cpu": %f, "sys_cpu": 0,
  "read": {"iops": %f, "bw_bytes": %f, "total_ios": %d,
    "clat_ns": {"N": %d, "percentile": {"50.000000": %d, "99.000000": %d}}}}]}
`, 100*v/1e6, v, 4096*v, int(v), int(v), int(1e9/v), int(3e9/v))
	}
	return writeJob(t, dir, name, b.String())
}

// The exit status: 0 without a significant regression, 1 with one, 2 for
// input it cannot use. Output goes to stdout; one line to stderr.
func TestCompareExitStatus(t *testing.T) {
	dir := t.TempDir()
	base := fioRuns(t, dir, "base.json", 100e3, 101e3, 99e3, 100.5e3, 99.5e3)
	same := fioRuns(t, dir, "same.json", 100.2e3, 99.8e3, 100.9e3, 99.1e3, 100e3)
	slow := fioRuns(t, dir, "slow.json", 80e3, 81e3, 79e3, 80.5e3, 79.5e3)
	fast := fioRuns(t, dir, "fast.json", 120e3, 121e3, 119e3, 120.5e3, 119.5e3)
	one := fioRuns(t, dir, "one.json", 90e3)
	other := writeJob(t, dir, "other.json", `{"fio version": "fio-3.33", "jobs": [{"jobname": "k", "read": {"iops": 1, "total_ios": 1}}]}`)
	garbage := writeJob(t, dir, "garbage.json", "not json\n")
	for _, tc := range []struct {
		name   string
		args   []string
		rc     int
		stdout string
		stderr string
	}{
		{"identical", []string{base, same}, 0, "no significant regression.", ""},
		{"20% slower", []string{base, slow}, 1, "-20.0%  -21.3% to -18.7%  WORSE\n", "xbench: regression: j read IOPS -20.0%\n"},
		{"20% faster", []string{base, fast}, 0, "better", ""},
		{"slower, but only p50 fails", []string{"--fail-on=p50", base, slow}, 1, "+25.0%  +23.0% to +27.1%  WORSE\n", "j read clat p50 +25.0%"},
		{"slower, nothing fails", []string{"--fail-on=none", base, slow}, 0, "worse", ""},
		{"slower, within a 30% threshold", []string{"--threshold=30%", base, slow}, 0, "interval of the change (Hodges-Lehmann, Mann-Whitney U) excludes 0 and the estimate reaches 30%", ""},
		{"single run: threshold alone", []string{base, one}, 1, "not statistically grounded", "regression"},
		{"markdown", []string{"--format=markdown", base, slow}, 1, "| j | read | IOPS |", "regression"},
		{"json", []string{"--format=json", base, slow}, 1, `"regressions": 1`, "regression"},
		{"missing file", []string{base, filepath.Join(dir, "nope.json")}, 2, "", "nope.json"},
		{"not JSON", []string{base, garbage}, 2, "", "not a JSON report of xbench or fio"},
		{"no common job", []string{base, other}, 2, "", "no job and direction is in both reports"},
		{"one argument", []string{base}, 2, "", "want two reports"},
		{"bad format", []string{"--format=xml", base, same}, 2, "", "--format=xml"},
		{"bad threshold", []string{"--threshold=ten", base, same}, 2, "", "--threshold=ten"},
		{"bad metric", []string{"--fail-on=speed", base, same}, 2, "", `unknown metric "speed"`},
		{"peak without IOPS samples", []string{"--fail-on=peak", base, same}, 2, "", "no IOPS samples"},
		{"percentile the report lacks", []string{"--fail-on=p99.99", base, same}, 2, "", "no clat p99.99"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc, out, stderr := runMain(t, append([]string{"compare"}, tc.args...)...)
			require.Equal(t, tc.rc, rc, "stdout:\n%s\nstderr:\n%s", out, stderr)
			require.Contains(t, out, tc.stdout)
			require.Contains(t, stderr, tc.stderr)
			require.LessOrEqual(t, strings.Count(stderr, "\n"), 1, stderr)
			if tc.rc == 2 {
				require.Empty(t, out)
			}
		})
	}
	rc, out, _ := runMain(t, "compare", "--format=json", base, slow)
	require.Equal(t, 1, rc)
	require.True(t, json.Valid([]byte(out)))
	rc, out, _ = runMain(t, "compare", "--help")
	require.Equal(t, 0, rc)
	require.Contains(t, out, "usage: xbench compare")
	rc, out, _ = runMain(t, "--help")
	require.Equal(t, 0, rc)
	require.Contains(t, out, "compare    compare two JSON reports")
}

// A baseline made by fio compares with xbench runs of the same job file:
// jobs match by name and direction.
func TestCompareFioBaselineWithXbench(t *testing.T) {
	if _, err := exec.LookPath("fio"); err != nil {
		t.Skip("skipping: fio is not installed")
	}
	dir := t.TempDir()
	job := writeJob(t, dir, "c.ini", "[global]\nioengine=null\nrw=randread\nsize=256m\niodepth=4\n[one]\n[two]\nrw=randwrite\n")
	var fioOut []byte
	for range 5 {
		out, err := exec.Command("fio", "--output-format=json", job).Output()
		require.NoError(t, err)
		fioOut = append(fioOut, out...)
	}
	base := filepath.Join(dir, "fio.json")
	require.NoError(t, os.WriteFile(base, fioOut, 0o644))
	next := filepath.Join(dir, "xbench.json")
	rc, _, stderr := runMain(t, "--repeat=5", "--output-format=json", "--output="+next, job)
	require.Equal(t, 0, rc, stderr)

	rc, out, stderr := runMain(t, "compare", "--fail-on=none", "--percentiles=50,99,99.99", base, next)
	require.Equal(t, 0, rc, stderr)
	require.Contains(t, out, "base: "+base+" (5 runs of fio-3.33)")
	require.Contains(t, out, "new:  "+next+" (5 runs of xbench-")
	require.Regexp(t, `(?m)^one +read +IOPS +\S+ ±\S+ +\S+ ±\S+ +[+-]\d+\.\d% +[+-]\d+\.\d% to [+-]\d+\.\d% +(~|better|worse)$`, out)
	require.Regexp(t, `(?m)^two +write +clat p99\.99 `, out)
	require.NotContains(t, out, "only in")
}
