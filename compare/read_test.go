package compare

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/stats"
)

// fio-3.33-three-runs.json is fio 3.33's JSON output of one job file run
// three times, appended to one file, notes and all: fio prints "note:"
// lines on stdout before each report. It has a job with numjobs=2 and no
// group_reporting, so two entries share a name.
func TestParseFioReports(t *testing.T) {
	s, err := Load(filepath.Join("testdata", "fio-3.33-three-runs.json"))
	require.NoError(t, err)
	require.Equal(t, "fio-3.33", s.Producer)
	require.Equal(t, 3, s.Runs)
	require.Equal(t, []Key{
		{Job: "nullread", Dir: "read"},
		{Job: "twice", Dir: "write"},
		{Job: "twice", Clone: 1, Dir: "write"},
		{Job: "sync", Dir: "read"},
	}, s.Keys)
	for _, k := range s.Keys {
		require.Len(t, s.Samples[k], 3, "%s", k)
		for _, smp := range s.Samples[k] {
			require.Positive(t, smp.IOPS)
			require.InDelta(t, smp.IOPS*4096, smp.BW, 0.01*smp.BW+4096)
			p99, ok := smp.ClatPercentile(99)
			require.True(t, ok)
			p50, ok := smp.ClatPercentile(50)
			require.True(t, ok)
			require.GreaterOrEqual(t, p99, p50)
			_, ok = smp.ClatPercentile(99.999)
			require.False(t, ok, "not in fio's default percentile_list")
			require.False(t, math.IsNaN(smp.CPUPerIO))
		}
	}
	require.Equal(t, "twice#2 write", s.Keys[2].String())
}

// An xbench report with repeats counts as its runs, and its histograms
// give any percentile.
func TestParseXbenchRepeats(t *testing.T) {
	l := stats.NewLatency()
	for v := uint64(1000); v < 2000; v++ {
		l.Record(v)
	}
	e, err := l.Export()
	require.NoError(t, err)
	doc := `{"fio version": "xbench-t", "jobs": [{"jobname": "j", "read": {"iops": 3, "total_ios": 9}}],
 "repeats": {"count": 2, "runs": [
  {"repeat": 1, "engine": "io_uring", "jobs": [{"jobname": "j", "usr_cpu_ns": 500, "sys_cpu_ns": 500,
    "read": {"iops": 1, "iops_max": 7, "iops_samples": 3, "bw_bytes": 4096, "total_ios": 1000, "clat_ns": {"N": 1000, "min": 1000, "max": 1999,
    "sum": ` + itoa(e.Sum) + `, "sum_sq": "` + e.SumSq + `", "histogram": "` + e.Histogram + `"}}}]},
  {"repeat": 1, "engine": "psync", "jobs": [{"jobname": "j", "read": {"iops": 2, "total_ios": 5}}]}]}}`
	s, err := Parse([]byte(doc), "x.json")
	require.NoError(t, err)
	require.Equal(t, 2, s.Runs)
	k := Key{Job: "j", Engine: "io_uring", Dir: "read"}
	require.Equal(t, []Key{k, {Job: "j", Engine: "psync", Dir: "read"}}, s.Keys)
	smp := s.Samples[k][0]
	require.Equal(t, 1.0, smp.CPUPerIO)
	require.Equal(t, 7.0, smp.PeakIOPS)
	require.Zero(t, s.Samples[s.Keys[1]][0].PeakIOPS, "no IOPS samples, no peak")
	p, ok := smp.ClatPercentile(99.995)
	require.True(t, ok)
	require.Equal(t, float64(l.Percentile(99.995)), p)
}

func TestParseRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"empty":         "",
		"not json":      "hello\n",
		"cut short":     `{"fio version": "fio-3.33", "jobs": [`,
		"no jobs":       `{"a": 1}`,
		"job error":     `{"fio version": "fio-3.33", "jobs": [{"jobname": "j", "error": 5, "read": {"total_ios": 1}}]}`,
		"bad histogram": `{"fio version": "x", "jobs": [{"jobname": "j", "read": {"total_ios": 1, "clat_ns": {"N": 1, "sum": 1, "sum_sq": "1", "histogram": "AAAA"}}}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(doc), "bad.json")
			require.Error(t, err)
			require.Contains(t, err.Error(), "bad.json")
		})
	}
	_, err := Load(filepath.Join(t.TempDir(), "missing.json"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

func itoa(v uint64) string { return strconv.FormatUint(v, 10) }
