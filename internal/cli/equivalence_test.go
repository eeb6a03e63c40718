package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/internal/xnvme"
)

// The equivalence suite runs every job file of workload/testdata/equiv
// through fio and through xbench, each in an empty directory of its own,
// and compares their JSON reports. Each file opens with what it expects:
//
//	; expect: exact          the jobs (jobname, groupid, in order), and per
//	                         direction io_bytes and total_ios, and the
//	                         fsync count, are equal
//	; expect: within N%      the jobs are equal; each job's bytes and IOs
//	                         are within N% of fio's, each direction's
//	                         bytes within N% of the job's total, and its
//	                         share of reads within N points
//	; expect: jobs           only the jobs are equal (their IO depends on
//	                         timing, as with exitall)
//
// A "; mkdir: DIR..." line names directories to create first; a
// "; needs: io_uring" line skips the file, with the reason, where io_uring
// is not available.

const equivDir = "../../workload/testdata/equiv"

// equivJob is what the suite compares of one job of a JSON report.
type equivJob struct {
	Name    string        `json:"jobname"`
	GroupID int           `json:"groupid"`
	Error   int           `json:"error"`
	Read    equivDirStats `json:"read"`
	Write   equivDirStats `json:"write"`
	Trim    equivDirStats `json:"trim"`
	Sync    struct {
		TotalIOs uint64 `json:"total_ios"`
	} `json:"sync"`
}

type equivDirStats struct {
	IOBytes  uint64 `json:"io_bytes"`
	TotalIOs uint64 `json:"total_ios"`
}

// dirs returns the job's read, write and trim figures.
func (j *equivJob) dirs() [3]equivDirStats { return [3]equivDirStats{j.Read, j.Write, j.Trim} }

// expectation is a job file's "; expect:" line.
type expectation struct {
	kind      string // "exact", "within" or "jobs"
	tolerance float64
}

var expectLine = regexp.MustCompile(`(?m)^; expect: (exact|jobs|within ([0-9.]+)%)\s*$`)

func readExpectation(t *testing.T, text string) expectation {
	t.Helper()
	m := expectLine.FindStringSubmatch(text)
	require.NotNil(t, m, "the job file has no \"; expect:\" line")
	if m[2] == "" {
		return expectation{kind: m[1]}
	}
	tol, err := strconv.ParseFloat(m[2], 64)
	require.NoError(t, err)
	return expectation{kind: "within", tolerance: tol}
}

// skipUnlessIOUring skips the test when an io_uring queue cannot be set
// up here.
func skipUnlessIOUring(t *testing.T) {
	t.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	dev, err := xnvme.Open(testutil.File(t, t.TempDir(), "probe", 4096, nil), xnvme.OpenOptions{})
	require.NoError(t, err)
	defer dev.Close()
	q, err := xnvme.NewQueue([]*xnvme.Device{dev}, xnvme.QueueOptions{Mechanism: "io_uring", Depth: 1, BufferSize: 4096})
	testutil.SkipUnlessIOUring(t, err)
	require.NoError(t, err)
	q.Close()
}

var mkdirLine = regexp.MustCompile(`(?m)^; mkdir: (.*)$`)

// workDir returns an empty directory with the directories the job file's
// "; mkdir:" line names.
func workDir(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	if m := mkdirLine.FindStringSubmatch(text); m != nil {
		for _, d := range strings.Fields(m[1]) {
			require.NoError(t, os.MkdirAll(filepath.Join(dir, d), 0o755))
		}
	}
	return dir
}

// decodeReport reads the jobs of a JSON report; fio may print error lines
// before it.
func decodeReport(t *testing.T, out []byte) []equivJob {
	t.Helper()
	i := bytes.Index(out, []byte("{\n"))
	require.GreaterOrEqual(t, i, 0, "no JSON report in:\n%s", out)
	var doc struct {
		Jobs []equivJob `json:"jobs"`
	}
	require.NoError(t, json.Unmarshal(out[i:], &doc))
	return doc.Jobs
}

// fioTimeout bounds one fio run: every file takes a few seconds, and a
// fio that hangs (fio 3.33 sometimes does on jobs pausing together) fails
// the file instead of the whole test binary.
const fioTimeout = 2 * time.Minute

// runFio runs fio on the job file in dir.
func runFio(t *testing.T, dir, job string) []equivJob {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), fioTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "fio", "--output-format=json", job)
	cmd.Dir = dir
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err := cmd.Run()
	require.NoError(t, ctx.Err(), "fio did not finish within %v", fioTimeout)
	require.NoError(t, err, "fio: %s", stderr.String())
	return decodeReport(t, out.Bytes())
}

// runXbench runs xbench on the job file in dir.
func runXbench(t *testing.T, dir, job string) []equivJob {
	t.Helper()
	t.Chdir(dir)
	var out, stderr bytes.Buffer
	rc := Main([]string{"--output-format=json", job}, &out, &stderr)
	require.Equal(t, 0, rc, "xbench: %s", stderr.String())
	return decodeReport(t, out.Bytes())
}

func TestEquivalenceWithFio(t *testing.T) {
	if _, err := exec.LookPath("fio"); err != nil {
		t.Skip("skipping: fio is not installed (make deps installs it)")
	}
	files, err := filepath.Glob(filepath.Join(equivDir, "*.fio"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".fio"), func(t *testing.T) {
			text, err := os.ReadFile(file)
			require.NoError(t, err)
			want := readExpectation(t, string(text))
			if strings.Contains(string(text), "\n; needs: io_uring\n") {
				skipUnlessIOUring(t)
			}
			job, err := filepath.Abs(file)
			require.NoError(t, err)
			fio := runFio(t, workDir(t, string(text)), job)
			xb := runXbench(t, workDir(t, string(text)), job)
			compareJobs(t, want, fio, xb)
		})
	}
}

// compareJobs checks xbench's jobs against fio's.
func compareJobs(t *testing.T, want expectation, fio, xb []equivJob) {
	t.Helper()
	names := func(jobs []equivJob) []string {
		var s []string
		for _, j := range jobs {
			s = append(s, fmt.Sprintf("%s g=%d", j.Name, j.GroupID))
		}
		return s
	}
	require.Equal(t, names(fio), names(xb), "the jobs and their groups")
	if want.kind == "jobs" {
		return
	}
	for i := range fio {
		f, x := &fio[i], &xb[i]
		require.Zero(t, f.Error, "fio's job %s failed", f.Name)
		require.Zero(t, x.Error, "xbench's job %s failed", x.Name)
		if want.kind == "exact" {
			require.Equal(t, f.dirs(), x.dirs(), "job %d (%s): read, write and trim io_bytes/total_ios", i, f.Name)
			require.Equal(t, f.Sync.TotalIOs, x.Sync.TotalIOs, "job %d (%s): fsyncs", i, f.Name)
			continue
		}
		checkWithin(t, want.tolerance, i, f, x)
	}
}

// checkWithin compares a random mix: totals within tol percent, each
// direction's bytes within tol percent of the total, the read share of IOs
// within tol points.
func checkWithin(t *testing.T, tol float64, i int, f, x *equivJob) {
	t.Helper()
	var fb, xbytes, fios, xios float64
	for d := range 3 {
		fb += float64(f.dirs()[d].IOBytes)
		xbytes += float64(x.dirs()[d].IOBytes)
		fios += float64(f.dirs()[d].TotalIOs)
		xios += float64(x.dirs()[d].TotalIOs)
	}
	near := func(a, b, scale float64) bool { return math.Abs(a-b) <= tol/100*scale }
	require.True(t, near(fb, xbytes, fb), "job %d (%s): %v bytes, fio %v", i, f.Name, xbytes, fb)
	require.True(t, near(fios, xios, fios), "job %d (%s): %v IOs, fio %v", i, f.Name, xios, fios)
	for d, name := range []string{"read", "write", "trim"} {
		fd, xd := f.dirs()[d], x.dirs()[d]
		require.True(t, near(float64(fd.IOBytes), float64(xd.IOBytes), fb),
			"job %d (%s): %s bytes %d, fio %d", i, f.Name, name, xd.IOBytes, fd.IOBytes)
	}
	if fios > 0 && xios > 0 {
		fr, xr := float64(f.Read.TotalIOs)/fios, float64(x.Read.TotalIOs)/xios
		require.True(t, near(fr, xr, 1), "job %d (%s): read share %.3f, fio %.3f", i, f.Name, xr, fr)
	}
}
