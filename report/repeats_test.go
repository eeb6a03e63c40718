package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/stats"
)

// syntheticRepeats is a fixed engine comparison: two engines with three
// runs each, interleaved, one job, and an engine that could not run.
func syntheticRepeats() *Repeats {
	ms := time.Millisecond
	r := &Repeats{Count: 3, Delay: 250 * ms, Engines: []string{"io_uring", "psync", "xnvme:io_uring"},
		Unavailable: []EngineProblem{{"xnvme:io_uring", `ioengine=xnvme: fio ioengine "xnvme" is not supported by xbench`}}}
	for rep := 1; rep <= 3; rep++ {
		for e, engine := range []string{"io_uring", "psync"} {
			ios := uint64(60000 - 20000*e + 1000*rep)
			seed := uint64(10*rep + e)
			j := &stats.Job{Name: "randread", Members: 1, Runtime: time.Second,
				CPU: stats.CPU{User: time.Duration(ios) * 400 * time.Nanosecond, System: time.Duration(ios) * time.Duration(1500+500*e) * time.Nanosecond}}
			j.Dirs[stats.Read] = stats.DirStats{IOBytes: 4096 * ios, TotalIOs: ios, Runtime: time.Second,
				Clat: sampleLatency(seed, 2000, uint64(40000+30000*e), 20000, 100),
				Lat:  sampleLatency(seed+100, 2000, uint64(42000+30000*e), 20000, 100)}
			if e == 0 {
				j.Dirs[stats.Read].Slat = sampleLatency(seed+200, 2000, 900, 400, 0)
			}
			r.Runs = append(r.Runs, RepeatRun{Repeat: rep, Engine: engine,
				Time: goldenTime.Add(time.Duration(rep*2+e) * time.Second), Jobs: []Job{{Stats: j}}})
		}
	}
	return r
}

func TestSummarizeRepeats(t *testing.T) {
	sums := SummarizeRepeats(syntheticRepeats())
	require.Len(t, sums, 2)
	u, p := sums[0], sums[1]
	require.Equal(t, "io_uring", u.Engine)
	require.Equal(t, 3, u.Runs)
	require.Equal(t, 62000.0, u.IOPS.Median)
	require.Equal(t, 61000.0, u.IOPS.Min)
	require.Equal(t, 63000.0, u.IOPS.Max)
	require.InDelta(t, 1000.0/62000, u.IOPS.Spread, 1e-12)
	require.Equal(t, 1.0, u.Ratio)
	require.Equal(t, 42000.0/62000, p.Ratio)
	require.InDelta(t, 1900, u.CPUPerIO.Median, 1e-9)
	require.InDelta(t, 2400, p.CPUPerIO.Median, 1e-9)
	require.Greater(t, p.P99.Median, u.P99.Median)

	solo := syntheticRepeats()
	solo.Engines = nil
	for i := range solo.Runs {
		solo.Runs[i].Engine = ""
	}
	s := SummarizeRepeats(solo)
	require.Len(t, s, 1, "without engines every run is one series")
	require.Equal(t, 6, s[0].Runs)
	require.True(t, math.IsNaN(s[0].Ratio))
}

func TestRepeatsGolden(t *testing.T) {
	r := syntheticRepeats()
	var table, svg bytes.Buffer
	require.NoError(t, WriteRepeatsTable(&table, r))
	checkGolden(t, "repeats.table.golden", table.Bytes())
	require.NoError(t, WriteRepeatsChartSVG(&svg, r))
	checkGolden(t, "repeats.svg.golden", svg.Bytes())
	var doc struct{ XMLName xml.Name }
	require.NoError(t, xml.Unmarshal(svg.Bytes(), &doc))
	require.Equal(t, "svg", doc.XMLName.Local)

	run := &Run{Version: "xbench-test", Time: goldenTime, Repeats: r}
	for _, rr := range r.Runs[:2] {
		run.Jobs = append(run.Jobs, rr.Jobs...)
	}
	var js bytes.Buffer
	require.NoError(t, WriteJSON(&js, run))
	checkGolden(t, "repeats.json.golden", js.Bytes())
	var parsed struct {
		Repeats struct {
			Runs []struct {
				Jobs []struct {
					Read struct {
						Clat struct {
							N         uint64 `json:"N"`
							Min, Max  uint64
							Sum       uint64 `json:"sum"`
							SumSq     string `json:"sum_sq"`
							Histogram string `json:"histogram"`
						} `json:"clat_ns"`
					} `json:"read"`
				} `json:"jobs"`
			} `json:"runs"`
		} `json:"repeats"`
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &parsed))
	require.Len(t, parsed.Repeats.Runs, 6)
	c := parsed.Repeats.Runs[3].Jobs[0].Read.Clat
	l, err := stats.ImportLatency(stats.LatencyExport{N: c.N, Min: c.Min, Max: c.Max, Sum: c.Sum, SumSq: c.SumSq, Histogram: c.Histogram})
	require.NoError(t, err)
	orig := r.Runs[3].Jobs[0].Stats.Dirs[stats.Read].Clat
	require.True(t, orig.Histogram().Equals(l.Histogram()), "the histogram round-trips exactly")
	require.Equal(t, orig.Stddev(), l.Stddev())
}
