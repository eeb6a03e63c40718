package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	testutil.Golden(t, name, got, *update)
}

// rng is a small deterministic generator (xorshift64*), so the golden
// inputs never change with the Go version.
type rng uint64

func (r *rng) next() uint64 {
	x := uint64(*r)
	x ^= x >> 12
	x ^= x << 25
	x ^= x >> 27
	*r = rng(x)
	return x * 2685821657736338717
}

// sampleLatency records n latencies of base plus up to spread nanoseconds,
// one in every tailEvery ten times further out (none when 0).
func sampleLatency(seed uint64, n int, base, spread uint64, tailEvery int) *stats.Latency {
	r := rng(seed)
	l := stats.NewLatency()
	for i := range n {
		v := base + r.next()%spread
		if tailEvery > 0 && i%tailEvery == tailEvery-1 {
			v *= 10
		}
		l.Record(v)
	}
	return l
}

// sumLatency returns a + b sample by sample, as lat = slat + clat, by
// recording the same generator streams.
func sumLatency(seedA, seedB uint64, n int, baseA, spreadA, baseB, spreadB uint64, tailEvery int) *stats.Latency {
	ra, rb := rng(seedA), rng(seedB)
	l := stats.NewLatency()
	for i := range n {
		a := baseA + ra.next()%spreadA
		b := baseB + rb.next()%spreadB
		if tailEvery > 0 && i%tailEvery == tailEvery-1 {
			b *= 10
		}
		l.Record(a + b)
	}
	return l
}

var goldenTime = time.Date(2026, time.March, 5, 9, 4, 7, 123e6, time.UTC)

// syntheticRun is a deterministic run that exercises most of the report:
// every direction, all three latency units, submission latencies, merged
// clones, an error, kb_base=1000, a custom percentile list with lat and
// slat percentiles, a job without IO, and options that need escaping.
func syntheticRun() *Run {
	ms := time.Millisecond
	seq := &stats.Job{Name: "seq-read", GroupID: 0, Members: 1, Runtime: 2400 * ms,
		CPU: stats.CPU{User: 123 * ms, System: 456 * ms, Ctx: 7890, MinFlt: 33}}
	seq.Dirs[stats.Read] = stats.DirStats{
		IOBytes: 1 << 30, TotalIOs: 262144, Runtime: 2345 * ms,
		Slat: sampleLatency(1, 5000, 2500, 4000, 97),
		Clat: sampleLatency(2, 5000, 180000, 90000, 50),
		Lat:  sumLatency(1, 2, 5000, 2500, 4000, 180000, 90000, 50),
	}

	mixed := &stats.Job{Name: "mixed", GroupID: 0, Members: 2, Runtime: 4002 * ms,
		CPU: stats.CPU{User: 40 * ms, System: 1999 * ms, Ctx: 12, MajFlt: 1, MinFlt: 2}}
	mixed.Dirs[stats.Read] = stats.DirStats{IOBytes: 3 << 20, TotalIOs: 768, Runtime: 2001 * ms,
		Clat: sampleLatency(3, 768, 20, 60, 0), Lat: sampleLatency(4, 768, 40, 70, 0)}
	mixed.Dirs[stats.Write] = stats.DirStats{IOBytes: 5 << 20, TotalIOs: 80, Runtime: 1999 * ms,
		Clat: sampleLatency(5, 80, 900, 300000, 9), Lat: sampleLatency(6, 80, 1200, 400000, 9)}

	trim := &stats.Job{Name: "trimmer", GroupID: 1, Members: 1, Error: 5, ErrorText: "Input/output error",
		Runtime: 999 * ms, CPU: stats.CPU{System: 10 * ms}}
	trim.Dirs[stats.Trim] = stats.DirStats{IOBytes: 64 * 1000 * 1000, TotalIOs: 250, Runtime: 998 * ms,
		Clat: sampleLatency(7, 250, 2500000, 3000000, 20), Lat: sampleLatency(8, 250, 2600000, 3000000, 20)}

	idle := &stats.Job{Name: "idle", GroupID: 1, Members: 1}

	// Samples, distributions and issued counts, as the engine takes them.
	for _, j := range []*stats.Job{seq, mixed, trim} {
		for d := range j.Dirs {
			ds := &j.Dirs[d]
			ds.Issued = ds.TotalIOs
			for i := range 6 {
				if ds.TotalIOs > 0 {
					ds.BW.Add(uint64(400000 + 1000*i*i + 7*d))
					ds.IOPS.Add(uint64(100000 + 250*i*i + d))
				}
			}
		}
	}
	seq.IODepth, mixed.IODepth, trim.IODepth = 32, 1, 4
	seq.Depth = stats.Dist{3, 2, 4, 8, 16, 262111, 0}
	seq.Submit = stats.Dist{0, 10, 20, 400, 7000, 1, 0}
	seq.Complete = stats.Dist{5, 7000, 400, 20, 10, 1, 0}
	mixed.Depth = stats.Dist{848, 0, 0, 0, 0, 0, 0}
	mixed.Submit = stats.Dist{0, 848, 0, 0, 0, 0, 0}
	mixed.Complete = stats.Dist{0, 848, 0, 0, 0, 0, 0}
	mixed.Dirs[stats.Write].Short = 1
	trim.Dirs[stats.Trim].Dropped = 3
	trim.Depth = stats.Dist{1, 2, 247, 0, 0, 0, 0}
	trim.Submit = stats.Dist{0, 250, 0, 0, 0, 0, 0}
	trim.Complete = stats.Dist{3, 247, 0, 0, 0, 0, 0}

	jobs := []*stats.Job{seq, mixed, trim, idle}
	return &Run{
		Version: "xbench-0.1.0",
		Time:    goldenTime,
		GlobalOptions: []workload.Setting{
			{Name: "ioengine", Value: "io_uring"},
			{Name: "filename", Value: `/dev/"odd"\name`},
			{Name: "thread", Value: ""},
		},
		Jobs: []Job{
			{Stats: seq, PID: 4242, Options: []workload.Setting{{Name: "rw", Value: "read"}, {Name: "direct", Value: "1"}}},
			{Stats: mixed, PID: 4243, Options: []workload.Setting{{Name: "rw", Value: "randrw"}, {Name: "percentile_list", Value: "50:90:99.9:99.999"}},
				Percentiles: []float64{99.999, 50, 90, 99.9}, PercentilePrecision: 3, LatPercentiles: true, SlatPercentiles: true},
			{Stats: trim, PID: 4245, KBBase: 1000, NoClatPercentiles: true, LatPercentiles: true},
			{Stats: idle, PID: 4246, Options: []workload.Setting{{Name: "time_based", Value: ""}}},
		},
		Groups: stats.Summarize(jobs),
		Disks: []stats.DiskUtil{
			{Name: "nvme0n1", IOs: [2]uint64{262144, 848}, Merges: [2]uint64{0, 12}, Ticks: [2]uint64{34727, 90},
				InQueue: 34817, IOTicks: 3987, Msec: 4002},
			{Name: "sda", IOs: [2]uint64{0, 250}, Ticks: [2]uint64{0, 1200}, InQueue: 1200, IOTicks: 999, Msec: 998},
		},
	}
}

// emptyRun is a job that failed before any IO, as fio's EIO fixture.
func emptyRun() *Run {
	j := &stats.Job{Name: "e", Members: 1, Error: 5, ErrorText: "Input/output error"}
	return &Run{Version: "xbench-0.1.0", Time: goldenTime, Jobs: []Job{{Stats: j, PID: 1}},
		Groups: stats.Summarize([]*stats.Job{j})}
}

var goldenRuns = []struct {
	name string
	run  func() *Run
}{
	{"synthetic", syntheticRun},
	{"empty", emptyRun},
}

func TestGoldenNormal(t *testing.T) {
	for _, g := range goldenRuns {
		t.Run(g.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, WriteNormal(&b, g.run()))
			checkGolden(t, g.name+".normal.golden", b.Bytes())
		})
	}
}

func TestGoldenJSON(t *testing.T) {
	for _, g := range goldenRuns {
		t.Run(g.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, WriteJSON(&b, g.run()))
			checkGolden(t, g.name+".json.golden", b.Bytes())
		})
	}
}

func TestGoldenJSONPlus(t *testing.T) {
	for _, g := range goldenRuns {
		t.Run(g.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, WriteJSONPlus(&b, g.run()))
			require.True(t, json.Valid(b.Bytes()))
			checkGolden(t, g.name+".jsonplus.golden", b.Bytes())
		})
	}
}

func TestGoldenTerse(t *testing.T) {
	for _, g := range goldenRuns {
		for _, v := range TerseVersions {
			t.Run(fmt.Sprintf("%s/v%d", g.name, v), func(t *testing.T) {
				var b bytes.Buffer
				require.NoError(t, WriteTerse(&b, g.run(), v))
				checkGolden(t, fmt.Sprintf("%s.terse%d.golden", g.name, v), b.Bytes())
			})
		}
	}
	assert.Error(t, WriteTerse(&bytes.Buffer{}, emptyRun(), 2))
}

func TestHTMLIsSelfContained(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteHTML(&b, syntheticRun()))
	page := b.String()
	for _, bad := range []string{"<script", "http://", "https://", "<link", "@import"} {
		if bad == "http://" {
			// The SVG namespace is a name, not an address to load.
			page = strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, "")
		}
		assert.NotContains(t, page, bad)
	}
	assert.Equal(t, 3*2, strings.Count(page, "<svg"), "two latency charts for each of the three jobs with IO (the synthetic run has no sample series)")
	assert.Contains(t, page, `/dev/&#34;odd&#34;\name`, "options are escaped")
	assert.Contains(t, page, "<td class=\"l\">seq-read</td><td class=\"l\">read</td>")
}

func TestGoldenHeader(t *testing.T) {
	jobs := []HeaderJob{
		HeaderJobOf(&workload.Job{Name: "seq-read", RW: workload.Read, BS: fixedBS(4096), IOEngine: "io_uring", IODepth: 32, NumJobs: 1}),
		HeaderJobOf(&workload.Job{Name: "rand", GroupID: 1, RW: workload.RandWrite, BS: fixedBS(128 << 10), IOEngine: "libaio", NumJobs: 4}),
		{Name: "si", GroupID: 1, RW: "randread", BS: bs(16000, 16000, 16000), IOEngine: "psync", IODepth: 1, KBBase: 1000},
	}
	var b bytes.Buffer
	require.NoError(t, WriteHeader(&b, "xbench-0.1.0", jobs, 6))
	checkGolden(t, "header.golden", b.Bytes())
}

// TestJSONValid round-trips every JSON report through encoding/json and
// checks a few decoded values against the inputs.
func TestJSONValid(t *testing.T) {
	runs := map[string]*Run{"synthetic": syntheticRun(), "empty": emptyRun()}
	for _, fx := range fioFixtures {
		fr, err := rebuildFioRun(filepath.Join("testdata", "fio", fx.name+".out"))
		require.NoError(t, err)
		runs["fio "+fx.name] = fr.Run
	}
	for name, r := range runs {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, WriteJSON(&b, r))
			require.True(t, json.Valid(b.Bytes()))
			var doc struct {
				Version     string `json:"fio version"`
				TimestampMs int64  `json:"timestamp_ms"`
				Jobs        []struct {
					Name string `json:"jobname"`
					Read struct {
						IOBytes uint64 `json:"io_bytes"`
					} `json:"read"`
					Sync struct {
						TotalIOs uint64 `json:"total_ios"`
					} `json:"sync"`
				} `json:"jobs"`
			}
			require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
			assert.Equal(t, r.Version, doc.Version)
			assert.Equal(t, r.Time.UnixMilli(), doc.TimestampMs)
			require.Len(t, doc.Jobs, len(r.Jobs))
			for i, j := range doc.Jobs {
				assert.Equal(t, r.Jobs[i].Stats.Name, j.Name)
				assert.Equal(t, r.Jobs[i].Stats.Dirs[stats.Read].IOBytes, j.Read.IOBytes)
			}
		})
	}
}

func TestJSONEscapesOptions(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteJSON(&b, syntheticRun()))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	g := doc["global options"].(map[string]any)
	assert.Equal(t, `/dev/"odd"\name`, g["filename"])
	assert.NotContains(t, g, "thread", "fio drops options without a value")
	job := doc["jobs"].([]any)[3].(map[string]any)
	assert.Equal(t, map[string]any{}, job["job options"], "an option list of bare keys leaves an empty object, as in fio")
}

func TestWriteRejectsJobWithoutStats(t *testing.T) {
	r := &Run{Jobs: []Job{{}}}
	assert.Error(t, WriteNormal(&bytes.Buffer{}, r))
	assert.Error(t, WriteJSON(&bytes.Buffer{}, r))
}
