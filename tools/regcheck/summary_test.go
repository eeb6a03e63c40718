package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func ptr(v float64) *float64 { return &v }

// rowsOf is one comparison's rows: peak and cpu of null and file.
func rowsOf(nullPeak, filePeak float64, nullFails, fileFails bool) []row {
	verdict := func(fails bool) string {
		if fails {
			return "worse"
		}
		return "same"
	}
	return []row{
		{Job: "null", Metric: "peak", Delta: ptr(nullPeak), Verdict: verdict(nullFails), Regression: nullFails},
		{Job: "null", Metric: "cpu", Delta: ptr(0.01), Verdict: "same"},
		{Job: "file", Metric: "peak", Delta: ptr(filePeak), Verdict: verdict(fileFails), Regression: fileFails},
		{Job: "file", Metric: "p99", Verdict: "worse"}, // no delta: not compared
	}
}

func TestTally(t *testing.T) {
	sc := newScenario("slowed 10%", 0.1)
	line := sc.tally(rowsOf(-0.1, -0.02, true, false), "peak,cpu")
	// A rate down by 10% is a time per IO up by 11.1%.
	require.Equal(t, "slowed 10% null +11.1% FAILED, slowed 10% file +2.0% passed", line)
	sc.tally(rowsOf(-0.12, -0.1, true, true), "peak")
	require.Equal(t, 2, sc.trials)
	require.Equal(t, []string{"null", "file"}, sc.jobs)
	require.Equal(t, map[string]int{"null": 2, "file": 1}, sc.flagged)
	require.Equal(t, 2, sc.worse["null"]["peak"])
	require.Equal(t, 2, sc.worse["file"]["p99"], "worse is counted whether or not it fails")
	require.Len(t, sc.change["file"]["p99"], 0)
	require.InDeltaSlice(t, []float64{0.01, 0.01}, sc.change["null"]["cpu"], 1e-12)
}

func TestTimeChange(t *testing.T) {
	for _, tc := range []struct {
		metric      string
		delta, want float64
	}{
		{"peak", -0.5, 1}, // half the rate: twice the time
		{"iops", 0.25, -0.2},
		{"bw", 0, 0},
		{"cpu", 0.1, 0.1}, // already a time
		{"p99", -0.1, -0.1},
	} {
		t.Run(tc.metric, func(t *testing.T) {
			require.InDelta(t, tc.want, timeChange(tc.metric, tc.delta), 1e-12)
		})
	}
}

func TestSpreadOf(t *testing.T) {
	require.Equal(t, "-", spreadOf(nil))
	v := []float64{0.05, 0.01, 0.02, 0.03, 0.04, 0.06, 0.07, 0.08, 0.09, 0.10}
	require.Equal(t, "+5.5% (+2.0% to +10.0%)", spreadOf(v))
}

// The limits hold for the rates measured, not for the rates the trials
// could be consistent with: one false alarm in 30 trials (3.3%) is within
// 5%, two (6.7%) are not; 27 detections in 30 (90%) reach 90%, 26 do not.
func TestSummarizeLimits(t *testing.T) {
	c := config{failOn: "peak", maxFalse: 0.05, minDetect: 0.90, pause: 5 * time.Microsecond}
	cal := &calibration{jobs: []string{"null", "file"}, perIO: map[string]float64{"null": 40, "file": 1250}}
	run := func(falseNull, falseFile, detectNull, detectFile int) ([]string, string) {
		same, slow := newScenario("identical", 0), newScenario("slowed 10%", 0.1)
		for i := range 30 {
			same.tally(rowsOf(0, 0, i < falseNull, i < falseFile), c.failOn)
			slow.tally(rowsOf(-0.1, -0.1, i < detectNull, i < detectFile), c.failOn)
		}
		var out bytes.Buffer
		bad := summarize(&out, c, cal, []*scenario{same, slow})
		return bad, out.String()
	}
	bad, out := run(1, 0, 27, 30)
	require.Empty(t, bad, out)
	require.Contains(t, out, "null  identical   1/30    3.3% (1-17%)")
	require.Contains(t, out, "<= 5% ok")
	require.Contains(t, out, "27/30   90.0% (74-97%)")
	require.Contains(t, out, "+10.0%, +11.1% (+11.1% to +11.1%)", "nominal and measured slowdown")

	bad, out = run(2, 0, 30, 26)
	require.Equal(t, []string{"null identical: 2/30", "file slowed 10%: 26/30"}, bad, out)
	require.Contains(t, out, "<= 5% BROKEN")
	require.Contains(t, out, ">= 90% BROKEN")
}
