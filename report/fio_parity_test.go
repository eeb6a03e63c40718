package report

import (
	"bytes"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/stats"
)

// The tests in this file replay real fio 3.33 runs (testdata/fio/*.out)
// through this package and compare the result with what fio printed, line
// for line. The header jobs are written out by hand from the job
// definitions in testdata/fio/gen.sh, independently of fio's output.

func bs(r, w, t uint64) [stats.NumDirs]BSRange {
	return [stats.NumDirs]BSRange{{r, r}, {w, w}, {t, t}}
}

var multiHeader = []HeaderJob{
	{Name: "a", GroupID: 0, RW: "randread", BS: bs(8192, 8192, 8192), IOEngine: "null", IODepth: 1, NumJobs: 3},
	{Name: "b", GroupID: 1, RW: "write", BS: bs(1<<20, 1<<20, 1<<20), IOEngine: "null", IODepth: 4, NumJobs: 1},
	{Name: "c", GroupID: 1, RW: "randrw", BS: bs(4096, 65536, 65536), IOEngine: "null", IODepth: 1, NumJobs: 1},
}

// fioFixtures lists the fixtures; each was generated three times (name.out,
// name-2.out and name-3.out, from runs of gen.sh), for different figures.
var fioFixtures = withSecondRuns([]fioFixture{
	{"uring", []HeaderJob{{Name: "uring", RW: "randread", BS: bs(4096, 4096, 4096), IOEngine: "io_uring", IODepth: 32, NumJobs: 1}}, 1},
	{"net", []HeaderJob{{Name: "net", RW: "read", BS: bs(4096, 4096, 4096), IOEngine: "net", IODepth: 1, NumJobs: 1}}, 1},
	{"multi", multiHeader, 5},
	{"multigr", multiHeader, 5},
	{"err", []HeaderJob{{Name: "e", RW: "read", BS: bs(4096, 4096, 4096), IOEngine: "psync", IODepth: 1, NumJobs: 1}}, 1},
	{"si", []HeaderJob{{Name: "si", RW: "randwrite", BS: bs(16000, 16000, 16000), IOEngine: "null", IODepth: 1, NumJobs: 1, KBBase: 1000}}, 1},
	{"mix", []HeaderJob{{Name: "mix", RW: "randrw", BS: bs(4096, 4096, 4096), IOEngine: "io_uring", IODepth: 8, NumJobs: 1}}, 1},
	{"trimerr", []HeaderJob{{Name: "trim", RW: "randtrim", BS: bs(65536, 65536, 65536), IOEngine: "psync", IODepth: 1, NumJobs: 1}}, 1},
	{"unitbits", []HeaderJob{{Name: "ub", RW: "randread", BS: bs(4096, 4096, 4096), IOEngine: "null", IODepth: 4, NumJobs: 1, SigFigs: 6}}, 1},
	{"kbgroup", []HeaderJob{
		{Name: "a", RW: "read", BS: bs(4096, 4096, 4096), IOEngine: "null", IODepth: 1, NumJobs: 1},
		{Name: "b", RW: "read", BS: bs(4096, 4096, 4096), IOEngine: "null", IODepth: 1, NumJobs: 1, KBBase: 1000},
	}, 2},
})

type fioFixture struct {
	name     string
	header   []HeaderJob
	nthreads int
}

func withSecondRuns(fx []fioFixture) []fioFixture {
	out := slices.Clone(fx)
	for _, suffix := range []string{"-2", "-3"} {
		for _, f := range fx {
			f.name += suffix
			out = append(out, f)
		}
	}
	return out
}

// replayedNormal matches the lines of fio's normal report that the replay
// cannot reproduce: the latency distribution, which xbench computes from
// its histograms, here synthesized from fio's percentiles
// (TestLatencyBucketsMatchFio checks the computation itself).
var replayedNormal = regexp.MustCompile(`^  lat \((nsec|usec|msec)\)\s+:`)

// fioNormalExpected is fio's header and normal report without the lines
// the replay cannot reproduce.
func fioNormalExpected(out *fioOutput) string {
	normal := out.Normal
	var b strings.Builder
	for _, l := range out.Header {
		if l != "" {
			b.WriteString(l + "\n")
		}
	}
	lines := strings.SplitAfter(normal, "\n")
	for _, l := range lines {
		if !replayedNormal.MatchString(l) {
			b.WriteString(l)
		}
	}
	return b.String()
}

var cellRE = regexp.MustCompile(`([\d.]+)th=\[\s*(\d+)\]`)

var latLineRE = regexp.MustCompile(`^    (slat|clat| lat) \((nsec|usec|msec)\): min=(\S+), max=(\S+), avg=\s*([\d.]+), stdev=\s*([\d.]+)$`)

// rateLineRE matches the bw and iops sample lines, whose stdev is rebuilt
// from fio's printed figure and may round the other way.
var rateLineRE = regexp.MustCompile(`^   (bw \(\s*\S+\)|iops        ): min=\s*(\d+), max=\s*(\d+), (per=\S+, )?avg=\s*([\d.]+), stdev=\s*([\d.]+), samples=(\d+)$`)

// assertLatLineClose accepts a latency line whose avg or stdev is one unit
// of the last digit off: fio keeps a running floating-point mean, which can
// fall either side of a rounding tie (11776.125 printed as 11776.13), where
// stats computes it exactly. Everything else must match.
func assertLatLineClose(t *testing.T, i int, want, have string) {
	t.Helper()
	re, n := latLineRE, 5
	if rateLineRE.MatchString(want) {
		re, n = rateLineRE, 5
	}
	w, h := re.FindStringSubmatch(want), re.FindStringSubmatch(have)
	if !assert.NotNil(t, h, "line %d: fio %q, xbench %q", i, want, have) {
		return
	}
	assert.Equal(t, w[1:n], h[1:n], "line %d: %q vs %q", i, want, have)
	for k := n; k <= n+1; k++ {
		a, _ := strconv.ParseFloat(w[k], 64)
		b, _ := strconv.ParseFloat(h[k], 64)
		assert.InDelta(t, a, b, 0.0100001, "line %d: %q vs %q", i, want, have)
	}
	t.Logf("line %d: fio %q, xbench %q (rounding tie)", i, want, have)
}

func TestNormalMatchesFio(t *testing.T) {
	for _, fx := range fioFixtures {
		t.Run(fx.name, func(t *testing.T) {
			fr, err := rebuildFioRun(filepath.Join("testdata", "fio", fx.name+".out"))
			require.NoError(t, err)
			var got bytes.Buffer
			require.NoError(t, WriteHeader(&got, fr.Run.Version, fx.header, fx.nthreads))
			require.NoError(t, WriteNormal(&got, fr.Run))

			want := strings.Split(fioNormalExpected(fr.Output), "\n")
			var have []string
			for _, l := range strings.Split(got.String(), "\n") {
				if !replayedNormal.MatchString(l) {
					have = append(have, l)
				}
			}
			require.Equal(t, len(want), len(have), "line count\n--- fio:\n%s\n--- xbench:\n%s", strings.Join(want, "\n"), got.String())
			for _, c := range fr.Inexact {
				t.Logf("%gth percentile: fio shows %d (its bucket midpoint), xbench %d", c.Point, c.Fio, c.Ours)
			}
			inexact := map[[2]string]bool{}
			for _, c := range fr.Inexact {
				inexact[[2]string{strconv.FormatUint(c.Fio, 10), strconv.FormatUint(c.Ours, 10)}] = true
			}
			for i := range want {
				if want[i] == have[i] {
					continue
				}
				if latLineRE.MatchString(want[i]) || rateLineRE.MatchString(want[i]) {
					assertLatLineClose(t, i, want[i], have[i])
					continue
				}
				// Only percentile cells may differ, and only where fio
				// shows a bucket midpoint that no sample could produce.
				wc, hc := cellRE.FindAllStringSubmatch(want[i], -1), cellRE.FindAllStringSubmatch(have[i], -1)
				if assert.NotEmpty(t, wc, "line %d differs:\nfio:    %q\nxbench: %q", i, want[i], have[i]) &&
					assert.Len(t, hc, len(wc)) {
					assert.Equal(t, cellRE.ReplaceAllString(want[i], "$1th=[]"), cellRE.ReplaceAllString(have[i], "$1th=[]"), "line %d layout", i)
					for k := range wc {
						if wc[k][2] != hc[k][2] {
							assert.True(t, inexact[[2]string{wc[k][2], hc[k][2]}],
								"line %d: %sth: fio %s, xbench %s", i, wc[k][1], wc[k][2], hc[k][2])
						}
					}
				}
			}
		})
	}
}

// omittedJSON are the keys of fio's JSON report that xbench leaves out
// (see json.go).
var omittedJSON = map[string]bool{"eta": true, "elapsed": true}

// latencyBucketsRE opens the latency distribution objects, whose values the
// replay cannot reproduce (see replayedNormal).
var latencyBucketsRE = regexp.MustCompile(`"latency_(ns|us|ms)" : \{`)

// batchDistRE opens the submit and complete distributions.
var batchDistRE = regexp.MustCompile(`"iodepth_(submit|complete)" : \{`)

var jsonPairRE = regexp.MustCompile(`^(\s*)"([^"]*)" : (.*)$`)

// jsonLines returns a JSON report's lines without omitted keys (and the
// objects or arrays they hold), and without trailing commas, which depend
// on what follows.
func jsonLines(text string, omit map[string]bool) []string {
	var out []string
	skipUntil := ""
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if skipUntil != "" {
			if strings.TrimSuffix(l, ",") == skipUntil {
				skipUntil = ""
			}
			continue
		}
		if m := jsonPairRE.FindStringSubmatch(l); m != nil && omit[m[2]] {
			switch strings.TrimSuffix(m[3], ",") {
			case "{":
				skipUntil = m[1] + "}"
			case "[":
				skipUntil = m[1] + "]"
			}
			continue
		}
		out = append(out, strings.TrimSuffix(l, ","))
	}
	return out
}

func TestJSONMatchesFio(t *testing.T) {
	for _, fx := range fioFixtures {
		t.Run(fx.name, func(t *testing.T) {
			fr, err := rebuildFioRun(filepath.Join("testdata", "fio", fx.name+".out"))
			require.NoError(t, err)
			var got bytes.Buffer
			require.NoError(t, WriteJSON(&got, fr.Run))

			want := jsonLines(fr.Output.JSON, omittedJSON)
			have := jsonLines(got.String(), nil)
			require.Equal(t, len(want), len(have), "line count\n--- fio:\n%s\n--- xbench:\n%s", strings.Join(want, "\n"), got.String())
			inPercentile, inBatchDist := false, false
			for i := range want {
				if strings.HasSuffix(want[i], `"percentile" : {`) || latencyBucketsRE.MatchString(want[i]) {
					inPercentile = true
				} else if batchDistRE.MatchString(want[i]) {
					inBatchDist = true
				} else if strings.TrimSpace(want[i]) == "}" {
					inPercentile, inBatchDist = false, false
				}
				if want[i] == have[i] {
					continue
				}
				wm, hm := jsonPairRE.FindStringSubmatch(want[i]), jsonPairRE.FindStringSubmatch(have[i])
				if !assert.NotNil(t, wm, "line %d: fio %q, xbench %q", i, want[i], have[i]) ||
					!assert.NotNil(t, hm, "line %d: fio %q, xbench %q", i, want[i], have[i]) {
					continue
				}
				assert.Equal(t, wm[1:3], hm[1:3], "line %d: indentation and key", i)
				switch {
				case inPercentile:
					// Values come from the synthetic samples; the text
					// report test checks how they show.
				case inBatchDist:
					// fio's JSON lacks the submit and complete totals: the
					// replay scales the percentages (see distOf).
					w, _ := strconv.ParseFloat(wm[3], 64)
					h, _ := strconv.ParseFloat(hm[3], 64)
					assert.InDelta(t, w, h, 2e-6, "line %d: %s", i, wm[2])
				case wm[2] == "mean" || wm[2] == "stddev" || strings.HasSuffix(wm[2], "_dev") || strings.HasSuffix(wm[2], "_stddev") || strings.HasSuffix(wm[2], "_mean"):
					// The synthetic samples are integers: with few of them
					// in narrow ranges the sum of squares can miss fio's by
					// a few units, which shows in the sixth decimal.
					w, _ := strconv.ParseFloat(wm[3], 64)
					h, _ := strconv.ParseFloat(hm[3], 64)
					assert.InEpsilon(t, w, h, 1e-6, "line %d: %s: fio %v xbench %v", i, wm[2], w, h)
				default:
					assert.Equal(t, want[i], have[i], "line %d", i)
				}
			}
		})
	}
}
