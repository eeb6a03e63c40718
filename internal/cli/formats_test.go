package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// needTool skips the test when a program is missing; CI installs them all
// (scripts/deps.sh).
func needTool(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			t.Skipf("skipping: %s is not installed (make deps installs it)", n)
		}
	}
}

// inDir runs f with the working directory set to dir, where fio's logs go.
func inDir(t *testing.T, dir string) {
	t.Helper()
	old, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(dir))
	t.Cleanup(func() { _ = os.Chdir(old) })
}

// xbenchBinary builds the binary once per test that needs a real process.
func xbenchBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "xbench")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/xbench/xbench/cmd/xbench").CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

// The terse lines have fio's number of fields for each version.
func TestTerseFieldsMatchFio(t *testing.T) {
	needTool(t, "fio")
	dir := t.TempDir()
	job := writeJob(t, dir, "t.ini", "[t]\nioengine=null\nsize=16m\nthread\n")
	for _, v := range []string{"3", "4", "5"} {
		fioOut, err := exec.Command("fio", "--output-format=terse", "--terse-version="+v, job).Output()
		require.NoError(t, err)
		rc, out, stderr := runMain(t, "--output-format=terse", "--terse-version="+v, job)
		require.Equal(t, 0, rc, stderr)
		f, x := strings.Split(strings.TrimSpace(string(fioOut)), ";"), strings.Split(strings.TrimSpace(out), ";")
		require.Len(t, x, len(f), "version %s", v)
		assert.Equal(t, f[0], x[0])
		assert.Equal(t, f[2:5], x[2:5], "name, group and error")
	}
}

// fio's own fio_jsonplus_clat2csv converts xbench's json+ and validates
// its CSV against it.
func TestJSONPlusThroughClat2csv(t *testing.T) {
	needTool(t, "fio_jsonplus_clat2csv")
	dir := t.TempDir()
	job := writeJob(t, dir, "j.ini", "[r]\nioengine=null\nsize=32m\nrw=randread\n[w]\nioengine=null\nsize=16m\nrw=write\niodepth=8\n")
	src := filepath.Join(dir, "plus.json")
	rc, _, stderr := runMain(t, "--output-format=json+", "--output", src, job)
	require.Equal(t, 0, rc, stderr)
	csv := filepath.Join(dir, "plus.csv")
	for _, args := range [][]string{{src, csv}, {src, csv, "--validate"}} {
		out, err := exec.Command("fio_jsonplus_clat2csv", args...).CombinedOutput()
		require.NoError(t, err, string(out))
	}
	for _, n := range []string{"plus_job0.csv", "plus_job1.csv"} {
		raw, err := os.ReadFile(filepath.Join(dir, n))
		require.NoError(t, err)
		lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
		require.Greater(t, len(lines), 2, n)
		assert.True(t, strings.HasPrefix(lines[0], "nsec, read_slat_ns_count"), n)
		last := strings.Split(lines[len(lines)-1], ",")
		require.NotEmpty(t, last)
	}
}

// fio_generate_plots and fio2gnuplot plot the bandwidth, IOPS and latency
// logs.
func TestLogsPlot(t *testing.T) {
	needTool(t, "fio_generate_plots", "fio2gnuplot", "gnuplot")
	dir := t.TempDir()
	inDir(t, dir)
	job := writeJob(t, dir, "j.ini", "[global]\nioengine=null\niodepth=4\nruntime=1500ms\ntime_based\nsize=64m\n"+
		"[avg]\nwrite_bw_log\nwrite_iops_log\nwrite_lat_log\nlog_avg_msec=100\n"+
		"[each]\nrw=randwrite\nsize=256k\ntime_based=0\nwrite_lat_log=each\nwrite_bw_log=each\nlog_offset=1\n")
	rc, _, stderr := runMain(t, "--output-format=json", "--output", filepath.Join(dir, "r.json"), job)
	require.Equal(t, 0, rc, stderr)
	for _, f := range []string{"avg_bw.1.log", "avg_iops.1.log", "avg_lat.1.log", "avg_clat.1.log", "avg_slat.1.log",
		"each_lat.2.log", "each_clat.2.log", "each_slat.2.log", "each_bw.2.log"} {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
		require.NotEmpty(t, lines, f)
		fields := 5
		if strings.HasPrefix(f, "each") {
			fields = 6 // log_offset
			require.Len(t, lines, 64, "%s: one line per IO", f)
		}
		for _, l := range lines {
			require.Len(t, strings.Split(l, ", "), fields, "%s: %q", f, l)
		}
	}
	out, err := exec.Command("fio_generate_plots", "xb").CombinedOutput()
	require.NoError(t, err, string(out))
	for _, k := range []string{"bw", "iops", "lat", "clat", "slat"} {
		st, err := os.Stat("xb-" + k + ".svg")
		require.NoError(t, err, string(out))
		assert.Greater(t, st.Size(), int64(1000))
	}
	require.NoError(t, os.Mkdir("g", 0o755))
	// fio2gnuplot averages per second, so it reads the job that ran for
	// more than one.
	out, err = exec.Command("fio2gnuplot", "-p", "avg_bw*.log", "-g", "-d", "g").CombinedOutput()
	require.NoError(t, err, string(out))
	pngs, _ := filepath.Glob("g/*.png")
	assert.NotEmpty(t, pngs, string(out))
}

// The histogram log has fio's 1856 bucket columns; the HdrHistogram log
// reads back with HdrHistogram's reader and its intervals add up to the
// report's counts exactly.
func TestHistogramLogs(t *testing.T) {
	dir := t.TempDir()
	inDir(t, dir)
	job := writeJob(t, dir, "j.ini", "[h]\nioengine=null\nrw=randread\nsize=64m\nruntime=1200ms\ntime_based\niodepth=4\nwrite_hist_log\nlog_hist_msec=200\n")
	hlog := filepath.Join(dir, "run.hlog")
	rc, out, stderr := runMain(t, "--output-format=json", "--hdr-log", hlog, job)
	require.Equal(t, 0, rc, stderr)
	var doc fioJSON
	require.NoError(t, json.Unmarshal([]byte(out), &doc))

	raw, err := os.ReadFile("h_clat_hist.1.log")
	require.NoError(t, err)
	var histTotal uint64
	for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		f := strings.Split(l, ", ")
		require.Len(t, f, 3+1856)
		for _, c := range f[3:] {
			var n uint64
			_, err := fmtSscan(c, &n)
			require.NoError(t, err)
			histTotal += n
		}
	}
	assert.Equal(t, doc.Jobs[0].Read.Clat.N, histTotal, "the histogram log's intervals add up to every IO")

	f, err := os.Open(hlog)
	require.NoError(t, err)
	defer f.Close()
	r := hdrhistogram.NewHistogramLogReader(f)
	sums := map[string]int64{}
	for {
		h, err := r.NextIntervalHistogram()
		if h == nil || errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		sums[h.Tag()] += h.TotalCount()
	}
	for _, m := range []string{"slat", "clat", "lat"} {
		assert.EqualValues(t, doc.Jobs[0].Read.TotalIOs, sums["h.0.read."+m], m)
	}
}

// SIGINT in the middle of a run stops the jobs and still writes a complete
// report of what ran.
func TestSIGINTWritesReport(t *testing.T) {
	bin := xbenchBinary(t)
	dir := t.TempDir()
	job := writeJob(t, dir, "j.ini", "[long]\nioengine=null\nrw=randread\nsize=64m\nruntime=60\ntime_based\n")
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin, "--output-format=json", job)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			require.NoError(t, cmd.Start())
			time.Sleep(1500 * time.Millisecond)
			start := time.Now()
			require.NoError(t, cmd.Process.Signal(sig))
			require.NoError(t, cmd.Wait(), stderr.String())
			assert.Less(t, time.Since(start), 10*time.Second)
			var doc fioJSON
			require.NoError(t, json.Unmarshal(stdout.Bytes(), &doc), stdout.String())
			require.Len(t, doc.Jobs, 1)
			r := doc.Jobs[0].Read
			assert.Greater(t, r.TotalIOs, uint64(0))
			assert.Equal(t, r.TotalIOs, r.Clat.N)
			assert.Less(t, r.Runtime, uint64(30000), "stopped long before its 60 s")
		})
	}
}

// The HTML report renders its charts in headless Chromium; the screenshot
// is kept in the test's artifact directory (go test -artifacts).
func TestHTMLRendersInChromium(t *testing.T) {
	needTool(t, "chromium")
	dir := t.TempDir()
	job := writeJob(t, dir, "j.ini", "[global]\nioengine=null\nruntime=2\ntime_based\nsize=64m\n[reads]\nrw=randread\niodepth=8\n[writes]\nrw=write\nbs=64k\n")
	page := filepath.Join(dir, "report.html")
	rc, _, stderr := runMain(t, "--output-format=html", "--output", page, job)
	require.Equal(t, 0, rc, stderr)
	shot := filepath.Join(t.ArtifactDir(), "report.png")
	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
		"--disable-component-update", "--disable-sync", "--disable-quic", "--user-data-dir=" + t.TempDir()}
	dom, err := exec.Command("chromium", append(flags, "--dump-dom", "file://"+page)...).Output()
	require.NoError(t, err)
	assert.Equal(t, 8, strings.Count(string(dom), "<svg"), "four charts for each of two jobs")
	assert.Equal(t, 2*2+2*2, strings.Count(string(dom), `class="series"`), "IOPS and bandwidth lines, and lat and clat spectra, per job")
	assert.Contains(t, string(dom), `id="summary"`)
	out, err := exec.Command("chromium", append(flags, "--window-size=1400,1800", "--screenshot="+shot, "file://"+page)...).CombinedOutput()
	require.NoError(t, err, string(out))
	st, err := os.Stat(shot)
	require.NoError(t, err)
	assert.Greater(t, st.Size(), int64(20000), "a blank page would be tiny")
	t.Logf("screenshot: %s", shot)
}

// fmtSscan reads one unsigned integer.
func fmtSscan(s string, n *uint64) (int, error) { return fmt.Sscan(s, n) }

// A second SIGINT gives up on the IOs in flight: xbench writes what the
// jobs have done at once and exits, here while every IO takes 30 s.
func TestSecondSIGINTExitsAtOnce(t *testing.T) {
	bin := xbenchBinary(t)
	dir := t.TempDir()
	job := writeJob(t, dir, "j.ini", "[stuck]\nioengine=xbench-fault\nfault_delay=30s\niodepth=4\nfilename="+
		filepath.Join(dir, "f")+"\nrw=randread\nsize=1m\nruntime=60\ntime_based\n[quick]\nioengine=null\nrw=read\nsize=1m\n")
	cmd := exec.Command(bin, "--output-format=json", job)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	time.Sleep(1000 * time.Millisecond)
	start := time.Now()
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	time.Sleep(300 * time.Millisecond)
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err := cmd.Wait()
	assert.Less(t, time.Since(start), 5*time.Second, "exited without waiting for the IOs in flight")
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	assert.Equal(t, exitFailed, exit.ExitCode())
	assert.Contains(t, stderr.String(), "xbench: interrupted again: writing what the jobs have done")
	var doc fioJSON
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &doc), stdout.String())
	require.Len(t, doc.Jobs, 2)
	assert.Equal(t, "stuck", doc.Jobs[0].Jobname)
	assert.Equal(t, int(syscall.EINTR), doc.Jobs[0].Error)
	assert.EqualValues(t, 1<<20/4096, doc.Jobs[1].Read.TotalIOs, "the job that had finished keeps its report")
}
