package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/compare"
)

// calSet is a set of runs of two jobs: null (one direction) and rw (a read
// and a write direction, whose IOPS add up).
func calSet(nullPeaks, rwReadPeaks, rwWritePeaks []float64) *compare.Set {
	s := &compare.Set{Runs: len(nullPeaks), Samples: map[compare.Key][]compare.Sample{}}
	add := func(k compare.Key, peaks []float64) {
		s.Keys = append(s.Keys, k)
		for _, p := range peaks {
			s.Samples[k] = append(s.Samples[k], compare.Sample{IOPS: p / 2, PeakIOPS: p, CPUPerIO: 1e9 / p})
		}
	}
	add(compare.Key{Job: "null", Dir: "read"}, nullPeaks)
	add(compare.Key{Job: "rw", Dir: "read"}, rwReadPeaks)
	add(compare.Key{Job: "rw", Dir: "write"}, rwWritePeaks)
	return s
}

func TestCalibrationOf(t *testing.T) {
	// Eight runs: the fastest is taken, as other work only slows a run
	// down.
	null := []float64{20e6, 25e6, 10e6, 24e6, 21e6, 23e6, 22e6, 19e6}
	set := calSet(null, []float64{1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6}, []float64{1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6})
	for _, tc := range []struct {
		metric        compare.Metric
		null, rw      float64
		measureSuffix string
	}{
		{compare.Peak, 1e9 / 25e6, 1e9 / 2e6, "1/peak IOPS"},
		{compare.IOPS, 1e9 / 12.5e6, 1e9 / 1e6, "1/IOPS"},
		{compare.CPU, 1e9 / 25e6, 1e9 / 1e6, "CPU time per IO"},
	} {
		t.Run(tc.metric.Name, func(t *testing.T) {
			cal, err := calibrationOf(set, tc.metric)
			require.NoError(t, err)
			require.Equal(t, []string{"null", "rw"}, cal.jobs)
			require.InDelta(t, tc.null, cal.perIO["null"], 1e-9)
			require.InDelta(t, tc.rw, cal.perIO["rw"], 1e-9)
			require.Equal(t, tc.measureSuffix, cal.measure)
		})
	}

	_, err := calibrationOf(calSet([]float64{0}, []float64{1}, []float64{1}), compare.Peak)
	require.ErrorContains(t, err, "job null has no 1/peak IOPS")
	_, err = calibrationOf(&compare.Set{Samples: map[compare.Key][]compare.Sample{}}, compare.Peak)
	require.ErrorContains(t, err, "measured no job")
}

func TestSlowdownOptions(t *testing.T) {
	cal := &calibration{jobs: []string{"null", "file"}, perIO: map[string]float64{"null": 40, "file": 1250}}
	pause := 5 * time.Microsecond
	for _, tc := range []struct {
		job      string
		slowdown float64
		blocks   int
	}{
		{"null", 0.10, 1250}, // 5000ns / (0.1 * 40ns)
		{"null", 0.20, 625},
		{"file", 0.10, 40}, // 5000ns / (0.1 * 1250ns)
		{"file", 0.20, 20},
		{"file", 5, 1}, // never fewer than one IO between pauses
	} {
		t.Run(tc.job, func(t *testing.T) {
			require.Equal(t, tc.blocks, cal.blocks(tc.job, tc.slowdown, pause))
			want := float64(pause) / float64(tc.blocks) / cal.perIO[tc.job]
			require.InDelta(t, want, cal.nominal(tc.job, tc.slowdown, pause), 1e-12)
			if tc.slowdown < 1 {
				require.InDelta(t, tc.slowdown, cal.nominal(tc.job, tc.slowdown, pause), 1e-9)
			}
		})
	}
	// Rounding the blocks changes the slowdown: 5000/(0.1*37) = 1351.35
	// rounds to 1351 IOs, a pause of 5us every 1351 IOs of 37ns is +10.003%.
	odd := &calibration{jobs: []string{"j"}, perIO: map[string]float64{"j": 37}}
	require.Equal(t, 1351, odd.blocks("j", 0.1, pause))
	require.InDelta(t, 5000.0/1351/37, odd.nominal("j", 0.1, pause), 1e-12)

	require.Equal(t, []string{
		"null:thinktime=5us", "null:thinktime_spin=5us", "null:thinktime_blocks=1250",
		"file:thinktime=5us", "file:thinktime_spin=5us", "file:thinktime_blocks=40",
	}, cal.slowOptions(0.1, pause))
}
