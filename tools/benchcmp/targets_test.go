package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runsOf makes runs whose IOPS are the given figures, one per round, with
// 1 s of user CPU each over iops IOs and the given clat p50.
func runsOf(iops []float64, p50 float64) []sample {
	s := make([]sample, len(iops))
	for i, v := range iops {
		s[i] = sample{IOPS: v, IOs: v, User: time.Second, ClatP50: p50, ClatP99: 2 * p50}
	}
	return s
}

func rowNamed(t *testing.T, rows []targetRow, prefix string) targetRow {
	t.Helper()
	for _, r := range rows {
		if strings.HasPrefix(r.Name, prefix) {
			return r
		}
	}
	t.Fatalf("no row %q", prefix)
	return targetRow{}
}

// Each target judges its own value against its own bound.
func TestTargets(t *testing.T) {
	r := map[string]*runs{
		// Round by round xbench does 3x, 1x and 2.5x: the median is 2.5,
		// though the ratio of the medians would be 20/10 = 2.
		nullQD1.name:   {Fio: runsOf([]float64{10, 20, 4}, 0), XBench: runsOf([]float64{30, 20, 10}, 0)},
		nullQD1x2.name: {Fio: runsOf([]float64{20, 40, 8}, 0), XBench: runsOf([]float64{50, 40, 19}, 0)},
		nullQD32.name:  {Fio: runsOf([]float64{10, 10, 10}, 0), XBench: runsOf([]float64{29, 29, 29}, 0)},
		uringQD32.name: {Fio: runsOf([]float64{100, 100, 100}, 0), XBench: runsOf([]float64{100, 101, 99}, 0)},
		uringQD1.name:  {Fio: runsOf([]float64{1, 1, 1}, 1000), XBench: runsOf([]float64{1, 1, 1}, 1050)},
		uringQD32One.name: {Fio: runsOf([]float64{1, 1, 1}, 1000),
			XBench: runsOf([]float64{1, 1, 1}, 1300)},
	}
	rows := targets(r)

	qd1 := rowNamed(t, rows, "null 4k randread QD1")
	assert.InDelta(t, 2.5, qd1.Value, 1e-9, "the median of the rounds' ratios")
	assert.True(t, qd1.Met)
	assert.Equal(t, ">= 2.0", qd1.Target)

	qd32 := rowNamed(t, rows, "null 4k randread QD32")
	assert.InDelta(t, 2.9, qd32.Value, 1e-9)
	assert.False(t, qd32.Met)

	user := rowNamed(t, rows, "io_uring loop/tmpfs QD32: user CPU")
	assert.InDelta(t, 1.0, user.Value, 0.02, "1 s of user CPU over about as many IOs")
	assert.False(t, user.Met, "<= 0.5")

	scaling := rowNamed(t, rows, "null QD1 numjobs=2")
	assert.InDelta(t, 1.9, scaling.Value, 1e-9, "rounds: 50/30, 40/20, 19/10")
	assert.True(t, scaling.Met)
	assert.Contains(t, scaling.Note, "fio's own: 2.00")

	p50 := rowNamed(t, rows, "io_uring loop/tmpfs QD1: clat p50")
	assert.InDelta(t, 1.05, p50.Value, 1e-9)
	assert.True(t, p50.Met, "5% apart, within 10%")
	far := rowNamed(t, rows, "io_uring loop/tmpfs QD32 IO by IO: clat p50")
	assert.False(t, far.Met, "30% apart with runs that do not spread")
}

// A tool whose own runs spread widely widens the agreement band, and says
// so when it is too wide to tell anything.
func TestClatAgreementWidensWithTheRunsSpread(t *testing.T) {
	fio := runsOf([]float64{1, 1, 1}, 0)
	fio[0].ClatP50, fio[1].ClatP50, fio[2].ClatP50 = 1000, 1500, 2200
	r := map[string]*runs{uringQD1.name: {Fio: fio, XBench: runsOf([]float64{1, 1, 1}, 2000)}}
	row := rowNamed(t, targets(r), "io_uring loop/tmpfs QD1: clat p50")
	require.InDelta(t, 0.8, spread(fio, clatP50Of), 1e-9)
	assert.True(t, row.Met, "2000 against a median of 1500 is within 80%")
	assert.Contains(t, row.Note, "inconclusive")
}
