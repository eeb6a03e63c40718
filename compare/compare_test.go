package compare

import (
	"bytes"
	"flag"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	testutil.Golden(t, name, got, *update)
}

// set builds a side from per-run IOPS, with bandwidth = 4 KiB * IOPS,
// CPU per IO and clat p99 given per run too.
func set(path string, key Key, iops, cpu, p99 []float64) *Set {
	s := &Set{Path: path, Producer: "xbench-test", Runs: len(iops), Samples: map[Key][]Sample{}}
	s.Keys = []Key{key}
	for i := range iops {
		s.Samples[key] = append(s.Samples[key], Sample{
			IOPS: iops[i], BW: 4096 * iops[i], CPUPerIO: cpu[i],
			points: map[string]float64{"50.000000": p99[i] / 2, "99.000000": p99[i]},
		})
	}
	return s
}

func opts() Options {
	return Options{
		Threshold: 0.05, Alpha: 0.05,
		Metrics: []Metric{IOPS, BW, CPU, Percentile(50), Percentile(99)},
		FailOn:  []Metric{IOPS, CPU},
	}
}

var rr = Key{Job: "randread", Dir: "read"}

// The decision rule, case by case.
func TestVerdicts(t *testing.T) {
	same := []float64{100, 102, 98, 101, 99, 100, 103, 97}
	scaled := func(f float64) []float64 {
		out := make([]float64, len(same))
		for i, v := range same {
			out[i] = v * f
		}
		return out
	}
	shuffled := []float64{101, 99, 100, 97, 103, 98, 100, 102}
	cases := []struct {
		name     string
		base     []float64
		new      []float64
		verdict  Verdict
		grounded bool
	}{
		{"same values", same, shuffled, Same, true},
		{"20% slower: significant and beyond 5%", same, scaled(0.8), Worse, true},
		{"20% faster", same, scaled(1.2), Better, true},
		{"3% slower: significant but below the threshold", same, scaled(0.97) /* every run lower */, Same, true},
		{"6% slower: significant and beyond the threshold", same, scaled(0.94), Worse, true},
		{"9% slower: beyond the threshold with confidence", same, scaled(0.91), Worse, true},
		{"noisy 10% shift: not significant", []float64{60, 140, 90, 110, 100}, []float64{55, 125, 80, 100, 90}, Same, true},
		{"single run each, 10% slower: threshold alone", []float64{100}, []float64{90}, Worse, false},
		{"single run each, 4% slower", []float64{100}, []float64{96}, Same, false},
		{"3 against 3 cannot reach p<0.05: threshold alone", []float64{100, 101, 99}, []float64{80, 81, 79}, Worse, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ones := func(n int) []float64 {
				v := make([]float64, n)
				for i := range v {
					v[i] = 50
				}
				return v
			}
			b := set("b.json", rr, tc.base, ones(len(tc.base)), ones(len(tc.base)))
			n := set("n.json", rr, tc.new, ones(len(tc.new)), ones(len(tc.new)))
			res, err := Compare(b, n, opts())
			require.NoError(t, err)
			row := res.Rows[0]
			require.Equal(t, IOPS, row.Metric)
			require.Equal(t, tc.verdict, row.Verdict, "delta %.3f (%.3f to %.3f) p %.4f", row.Delta, row.Low, row.High, row.P)
			require.Equal(t, tc.grounded, row.Grounded)
			require.Equal(t, tc.grounded, !math.IsNaN(row.P))
			require.Equal(t, tc.verdict == Worse, row.Regression())
			require.Equal(t, Same, res.Rows[2].Verdict, "CPU did not change")
		})
	}
}

// Latency and CPU get worse when they go up; a regression of a metric
// that is not in FailOn is shown but does not fail.
func TestDirectionOfMetrics(t *testing.T) {
	iops := []float64{100, 100, 100, 100, 100, 100}
	cpu := []float64{50, 51, 49, 50, 52, 48}
	p99 := []float64{1000, 1010, 990, 1005, 995, 1000}
	up := func(v []float64, f float64) []float64 {
		out := make([]float64, len(v))
		for i := range v {
			out[i] = v[i] * f
		}
		return out
	}
	b := set("b.json", rr, iops, cpu, p99)
	n := set("n.json", rr, iops, up(cpu, 1.3), up(p99, 1.3))
	res, err := Compare(b, n, opts())
	require.NoError(t, err)
	byMetric := map[string]Row{}
	for _, r := range res.Rows {
		byMetric[r.Metric.Name] = r
	}
	require.Equal(t, Worse, byMetric["cpu"].Verdict)
	require.True(t, byMetric["cpu"].Regression())
	require.Equal(t, Worse, byMetric["p99"].Verdict)
	require.False(t, byMetric["p99"].Regression(), "p99 is not in FailOn")
	require.Len(t, res.Regressions(), 1)

	n = set("n.json", rr, iops, up(cpu, 0.7), up(p99, 0.7))
	res, err = Compare(b, n, opts())
	require.NoError(t, err)
	require.Empty(t, res.Regressions())
	require.Equal(t, Better, res.Rows[2].Verdict)
}

func TestMatching(t *testing.T) {
	b := set("b.json", rr, []float64{1, 2}, []float64{1, 1}, []float64{1, 1})
	n := set("n.json", Key{Job: "other", Dir: "read"}, []float64{1, 2}, []float64{1, 1}, []float64{1, 1})
	_, err := Compare(b, n, opts())
	require.ErrorIs(t, err, ErrNoMatch)

	n.Keys = append(n.Keys, rr)
	n.Samples[rr] = b.Samples[rr]
	res, err := Compare(b, n, opts())
	require.NoError(t, err)
	require.Equal(t, []Key{{Job: "other", Dir: "read"}}, res.OnlyNew)
	require.Empty(t, res.OnlyBase)

	o := opts()
	o.FailOn = []Metric{Percentile(99.9)}
	_, err = Compare(b, n, o)
	require.ErrorContains(t, err, "not compared")
}

func TestParseMetric(t *testing.T) {
	for in, want := range map[string]Metric{
		"iops": IOPS, "IOPS": IOPS, "peak": Peak, "bw": BW, "bandwidth": BW, "cpu": CPU,
		"p99": Percentile(99), "p99.9": Percentile(99.9), "p50": Percentile(50),
	} {
		got, err := ParseMetric(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "lat", "p0", "p101", "pxx"} {
		_, err := ParseMetric(bad)
		require.Error(t, err, bad)
	}
	require.Equal(t, "clat p99.9", Percentile(99.9).Label())
}

// goldenResult is a fixed comparison with a regression, an improvement, an
// unchanged job and a job on one side only.
func goldenResult(t *testing.T) *Result {
	t.Helper()
	b := &Set{Path: "base.json", Producer: "xbench-1.0", Runs: 6, Samples: map[Key][]Sample{}}
	n := &Set{Path: "new.json", Producer: "xbench-1.1", Runs: 6, Samples: map[Key][]Sample{}}
	add := func(s *Set, k Key, iops, cpu, p99 float64, jitter []float64) {
		s.Keys = append(s.Keys, k)
		for _, j := range jitter {
			s.Samples[k] = append(s.Samples[k], Sample{
				IOPS: iops * j, BW: 4096 * iops * j, CPUPerIO: cpu / j, PeakIOPS: 1.25 * iops * j * j,
				points: map[string]float64{"50.000000": p99 / 3 / j, "99.000000": p99 / j, "99.900000": 2 * p99 / j},
			})
		}
	}
	j1 := []float64{1.00, 1.02, 0.98, 1.01, 0.99, 1.03}
	j2 := []float64{0.99, 1.01, 1.00, 0.97, 1.02, 1.00}
	add(b, Key{Job: "null", Dir: "read"}, 18.2e6, 46, 120, j1)
	add(n, Key{Job: "null", Dir: "read"}, 15.1e6, 55, 140, j2)
	add(b, Key{Job: "file", Dir: "read"}, 640e3, 1450, 2900, j1)
	add(n, Key{Job: "file", Dir: "read"}, 700e3, 1320, 2700, j2)
	add(b, Key{Job: "seq", Dir: "write"}, 90e3, 9000, 52000, j1)
	add(n, Key{Job: "seq", Dir: "write"}, 91e3, 8950, 52500, j2)
	add(b, Key{Job: "gone", Dir: "read"}, 1e3, 1, 1, j1)
	o := opts()
	o.Metrics = append([]Metric{IOPS, Peak}, append(o.Metrics[1:], Percentile(99.9))...)
	res, err := Compare(b, n, o)
	require.NoError(t, err)
	return res
}

func TestGoldenOutputs(t *testing.T) {
	res := goldenResult(t)
	for _, f := range []struct {
		name  string
		write func(*bytes.Buffer, *Result) error
	}{
		{"compare.text.golden", func(b *bytes.Buffer, r *Result) error { return WriteText(b, r) }},
		{"compare.markdown.golden", func(b *bytes.Buffer, r *Result) error { return WriteMarkdown(b, r) }},
		{"compare.json.golden", func(b *bytes.Buffer, r *Result) error { return WriteJSON(b, r) }},
	} {
		t.Run(f.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, f.write(&b, res))
			checkGolden(t, f.name, b.Bytes())
		})
	}
	require.Len(t, res.Regressions(), 2, "null: IOPS and CPU per IO")
}

// A single run on one side is said to be not statistically grounded.
func TestGoldenUngrounded(t *testing.T) {
	b := set("fio-base.json", rr, []float64{100e3}, []float64{1500}, []float64{9000})
	b.Producer = "fio-3.33"
	n := set("new.json", rr, []float64{91e3, 90e3, 92e3, 89e3, 90e3}, []float64{1600, 1610, 1590, 1620, 1600}, []float64{9100, 9000, 9200, 9100, 9000})
	res, err := Compare(b, n, opts())
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, WriteText(&out, res))
	checkGolden(t, "ungrounded.text.golden", out.Bytes())
}

// A change is worse when the interval excludes no change (the U test is
// significant) and the estimate reaches the threshold: 6% slower in every
// run is, though its interval reaches inside 5%; 4% slower is significant
// but below the threshold; with no threshold the rule is the plain test.
func TestSignificantAndBeyondThreshold(t *testing.T) {
	base := []float64{100, 102, 98, 101, 99, 100, 103, 97}
	scaled := func(f float64) []float64 {
		out := make([]float64, len(base))
		for i, v := range base {
			out[i] = f * v
		}
		return out
	}
	ones := []float64{1, 1, 1, 1, 1, 1, 1, 1}
	b := set("b.json", rr, base, ones, ones)
	for _, tc := range []struct {
		name      string
		factor    float64
		threshold float64
		want      Verdict
	}{
		{"6% slower", 0.94, 0.05, Worse},
		{"4% slower", 0.96, 0.05, Same},
		{"4% slower, no threshold", 0.96, 0, Worse},
		{"6% faster", 1.06, 0.05, Better},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := opts()
			o.Threshold = tc.threshold
			res, err := Compare(b, set("n.json", rr, scaled(tc.factor), ones, ones), o)
			require.NoError(t, err)
			row := res.Rows[0]
			require.Less(t, row.P, 0.05)
			require.True(t, row.Low < row.Delta && row.Delta < row.High)
			require.False(t, row.Low < 0 && row.High > 0, "the interval excludes 0")
			require.Equal(t, tc.want, row.Verdict, "delta %.3f (%.3f to %.3f)", row.Delta, row.Low, row.High)
		})
	}
	// The interval of 6% slower reaches inside the threshold: the old
	// rule (the whole interval beyond it) would not have called it worse.
	res, err := Compare(b, set("n.json", rr, scaled(0.94), ones, ones), opts())
	require.NoError(t, err)
	require.Greater(t, res.Rows[0].High, -0.05)
}

// Peak IOPS is read from each run's fastest IOPS sample; a run without
// samples has none, which fails only when peak is to fail on.
func TestPeak(t *testing.T) {
	mk := func(path string, peaks ...float64) *Set {
		s := &Set{Path: path, Producer: "x", Runs: len(peaks), Keys: []Key{rr}, Samples: map[Key][]Sample{}}
		for _, p := range peaks {
			s.Samples[rr] = append(s.Samples[rr], Sample{IOPS: p / 2, BW: 2048 * p, CPUPerIO: 10, PeakIOPS: p})
		}
		return s
	}
	o := Options{Threshold: 0.05, Alpha: 0.05, Metrics: []Metric{IOPS, Peak}, FailOn: []Metric{Peak}}
	base := mk("b.json", 100, 101, 99, 100, 102, 98)
	res, err := Compare(base, mk("n.json", 90, 91, 89, 90, 92, 88), o)
	require.NoError(t, err)
	require.Equal(t, Peak, res.Rows[1].Metric)
	require.Equal(t, "peak IOPS", res.Rows[1].Metric.Label())
	require.Equal(t, Worse, res.Rows[1].Verdict)
	require.True(t, res.Rows[1].Regression())

	_, err = Compare(base, mk("n.json", 0, 0, 0), o)
	require.ErrorContains(t, err, "no IOPS samples")
	o.FailOn = nil
	res, err = Compare(base, mk("n.json", 0, 0, 0), o)
	require.NoError(t, err)
	require.Contains(t, res.Rows[1].Missing, "iopsavgtime")
}
