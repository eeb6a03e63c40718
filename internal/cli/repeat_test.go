package cli

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/stats"
)

// repeatsJSON is the part of the repeats section the tests read.
type repeatsJSON struct {
	Jobs []struct {
		Jobname string         `json:"jobname"`
		GroupID int            `json:"groupid"`
		Options map[string]any `json:"job options"`
		Read    dirJSON        `json:"read"`
	} `json:"jobs"`
	Repeats struct {
		Count       int      `json:"count"`
		DelayMs     int      `json:"delay_ms"`
		Engines     []string `json:"engines"`
		Unavailable []struct {
			Engine, Reason string
		} `json:"unavailable"`
		Runs []struct {
			Repeat int    `json:"repeat"`
			Engine string `json:"engine"`
			Jobs   []struct {
				Jobname string `json:"jobname"`
				UsrNs   int64  `json:"usr_cpu_ns"`
				Read    struct {
					TotalIOs uint64 `json:"total_ios"`
					Runtime  uint64 `json:"runtime"`
					Clat     struct {
						N         uint64 `json:"N"`
						Min       uint64 `json:"min"`
						Max       uint64 `json:"max"`
						Sum       uint64 `json:"sum"`
						SumSq     string `json:"sum_sq"`
						Histogram string `json:"histogram"`
					} `json:"clat_ns"`
				} `json:"read"`
				Write *struct{} `json:"write"`
			} `json:"jobs"`
		} `json:"runs"`
	} `json:"repeats"`
}

// --repeat keeps every run, with its histogram, and pools them exactly at
// the top level, in fio's schema.
func TestRepeatKeepsEveryRunAndPools(t *testing.T) {
	dir := t.TempDir()
	job := writeJob(t, dir, "r.ini", "[r]\nioengine=null\nrw=randread\nsize=4m\niodepth=4\n")
	rc, out, stderr := runMain(t, "--repeat=3", "--repeat-delay=10ms", "--output-format=json", job)
	require.Equal(t, 0, rc, stderr)
	require.Contains(t, stderr, "run 3/3: repetition 3/3")
	var rep repeatsJSON
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Equal(t, 3, rep.Repeats.Count)
	require.Equal(t, 10, rep.Repeats.DelayMs)
	require.Nil(t, rep.Repeats.Engines)
	require.Len(t, rep.Repeats.Runs, 3)
	require.Len(t, rep.Jobs, 1)

	pooled := stats.NewLatency()
	var ios uint64
	for i, run := range rep.Repeats.Runs {
		require.Equal(t, i+1, run.Repeat)
		require.Len(t, run.Jobs, 1)
		j := run.Jobs[0]
		require.Nil(t, j.Write, "directions without IO are left out of runs")
		require.EqualValues(t, 1024, j.Read.TotalIOs, "4m / 4k per run")
		c := j.Read.Clat
		l, err := stats.ImportLatency(stats.LatencyExport{N: c.N, Min: c.Min, Max: c.Max, Sum: c.Sum, SumSq: c.SumSq, Histogram: c.Histogram})
		require.NoError(t, err)
		pooled.Merge(l)
		ios += j.Read.TotalIOs
	}
	top := rep.Jobs[0].Read
	require.Equal(t, ios, top.TotalIOs)
	require.Equal(t, pooled.N(), top.Clat.N)
	require.Equal(t, pooled.Min(), top.Clat.Min)
	require.Equal(t, pooled.Max(), top.Clat.Max)
	require.InDelta(t, pooled.Mean(), top.Clat.Mean, 1e-6)
	for p, v := range top.Clat.Percentile {
		var q float64
		_, err := fmt.Sscan(p, &q)
		require.NoError(t, err)
		require.Equal(t, pooled.Percentile(q), v, "p%s of the pooled histogram", p)
	}
}

// --engines runs each engine in turn, A B A B, lists the engines that
// cannot run with the reason, and draws the table and the chart.
func TestEnginesInterleavedWithTableAndChart(t *testing.T) {
	dir := t.TempDir()
	job := writeJob(t, dir, "e.ini", "[global]\nrw=randread\nsize=1m\niodepth=4\n[e]\nfilename="+filepath.Join(dir, "e.dat")+"\n")
	chart := filepath.Join(dir, "c.svg")
	t.Setenv("XNVME_LIBRARY_PATH", filepath.Join(dir, "no-libxnvme.so")) // xnvme cannot run here
	rc, out, stderr := runMain(t, "--engines=psync,null,xnvme:io_uring,mmap", "--repeat=2", "--chart="+chart, "--output-format=normal,json", job)
	require.Equal(t, 0, rc, stderr)
	// JSON comes first, as fio prints it before the normal report.
	r := strings.NewReader(out)
	dec := json.NewDecoder(r)
	var rep repeatsJSON
	require.NoError(t, dec.Decode(&rep))
	rest, err := io.ReadAll(io.MultiReader(dec.Buffered(), r))
	require.NoError(t, err)
	table := string(rest)
	var order []string
	for _, r := range rep.Repeats.Runs {
		order = append(order, r.Engine)
	}
	require.Equal(t, []string{"psync", "null", "psync", "null"}, order)
	require.Equal(t, []string{"psync", "null", "xnvme:io_uring", "mmap"}, rep.Repeats.Engines)
	reasons := map[string]string{}
	for _, u := range rep.Repeats.Unavailable {
		reasons[u.Engine] = u.Reason
	}
	require.Len(t, reasons, 2)
	require.Contains(t, reasons["xnvme:io_uring"], "libxnvme")
	require.Contains(t, reasons["mmap"], `fio ioengine "mmap" is not supported by xbench`)

	require.Len(t, rep.Jobs, 2, "one pooled entry per engine")
	require.Equal(t, "psync", rep.Jobs[0].Options["ioengine"])
	require.Equal(t, "null", rep.Jobs[1].Options["ioengine"])
	require.NotEqual(t, rep.Jobs[0].GroupID, rep.Jobs[1].GroupID, "each engine's jobs form their own group")
	require.EqualValues(t, 512, rep.Jobs[0].Read.TotalIOs, "two runs of 1m")

	require.Contains(t, table, "2 runs per engine, interleaved")
	require.Regexp(t, `(?m)^e +read +psync +\S+ ±.*1\.00$`, table)
	require.Regexp(t, `(?m)^e +read +null `, table)
	require.Contains(t, table, "not run here:\n")
	require.Regexp(t, `(?m)^  xnvme:io_uring: .*libxnvme`, table)
	require.NotContains(t, table, "Run status group", "fio's report does not say which engine ran")

	svg, err := os.ReadFile(chart)
	require.NoError(t, err)
	var doc struct {
		XMLName xml.Name
	}
	require.NoError(t, xml.Unmarshal(svg, &doc), "the chart is well-formed XML")
	require.Equal(t, "svg", doc.XMLName.Local)
	require.Contains(t, string(svg), "not run here: xnvme:io_uring")
	require.Equal(t, 1, strings.Count(stderr, "queue depth will be capped"), "a note repeated by every run shows once")
}

// An engine whose run cannot start (here every engine: the job reads a
// file that does not exist) is listed with the reason, and when no engine
// can run, the exit status says so.
func TestEnginesNoneCanRun(t *testing.T) {
	dir := t.TempDir()
	job := writeJob(t, dir, "n.ini", "[n]\nrw=read\nfilename="+filepath.Join(dir, "missing")+"\n")
	rc, out, stderr := runMain(t, "--engines=psync,libaio", job)
	require.Equal(t, 1, rc)
	require.Contains(t, stderr, "no engine could run")
	require.Contains(t, out, "not run here:\n  psync: ")
	require.Contains(t, out, "  libaio: ")
}

func TestRepeatTableAfterFiosReport(t *testing.T) {
	dir := t.TempDir()
	job := writeJob(t, dir, "t.ini", "[t]\nioengine=null\nsize=2m\n")
	rc, out, stderr := runMain(t, "--repeat=2", job)
	require.Equal(t, 0, rc, stderr)
	require.Contains(t, out, "Starting 1 thread")
	require.Equal(t, 1, strings.Count(out, "Starting"), "the header once")
	require.Contains(t, out, "t: (groupid=0, jobs=1)")
	require.Contains(t, out, "io=4096KiB", "the pooled report holds both runs")
	require.Regexp(t, `2 runs; medians.*\n\njob +dir +IOPS +bandwidth +clat p50 +clat p99 +clat p99\.9 +CPU/IO\nt +read `, out)
}

func TestMultiRunFlagErrors(t *testing.T) {
	dir := t.TempDir()
	job := writeJob(t, dir, "f.ini", "[f]\nioengine=null\nsize=1m\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--repeat=0", job}, "--repeat=0: want 1 or more"},
		{[]string{"--repeat-delay=soon", "--repeat=2", job}, "--repeat-delay=soon: not a duration"},
		{[]string{"--repeat-delay=-1", "--repeat=2", job}, "negative"},
		{[]string{"--engines=frob", job}, `--engines=frob: unknown ioengine "frob"`},
		{[]string{"--engines=null,null", job}, "null is listed twice"},
		{[]string{"--engines=libaio:x", job}, "only xnvme takes a mechanism"},
		{[]string{"--engines=null,", job}, "empty engine name"},
		{[]string{"--chart=c.svg", job}, "--chart needs --repeat=N (N > 1) or --engines"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			rc, _, stderr := runMain(t, tc.args...)
			require.Equal(t, 2, rc)
			require.Contains(t, stderr, tc.want)
			require.Equal(t, 1, strings.Count(stderr, "\n"), stderr)
		})
	}
}
