package report

import (
	"fmt"
	"strings"

	"github.com/xbench/xbench/stats"
)

// This file shows the bandwidth and IOPS samples: the "bw (KiB/s)" and
// "iops" lines of the normal report and the bw_* and iops_* JSON keys.

// aggPercent is the share of the group's aggregate bandwidth that a job's
// mean bandwidth sample (KiB/s) represents, fio's "per=" (stat.c,
// convert_agg_kbytes_percent, which takes the mean as an int).
func aggPercent(g *stats.Group, d stats.Dir, mean float64) float64 {
	if g == nil || g.Dirs[d].AggBW <= 1024 {
		return 100
	}
	return min(float64(int64(mean))*100/(float64(g.Dirs[d].AggBW)/1024), 100)
}

// writeRatesNormal writes a direction's bw and iops sample lines.
func writeRatesNormal(b *strings.Builder, j *Job, g *stats.Group, d stats.Dir) {
	ds := &j.Stats.Dirs[d]
	if bw := &ds.BW; bw.N > 0 {
		kb := float64(j.kbBase())
		unit := "KiB"
		if !j.pow2() {
			unit = "kB"
		}
		minv, maxv, mean, dev := bw.Min(), bw.MaxVal, bw.Mean(), bw.Stddev()
		per := aggPercent(g, d, mean)
		if mean > kb*kb {
			// fio divides and says MiB whatever kb_base is.
			minv, maxv = uint64(float64(minv)/kb), uint64(float64(maxv)/kb)
			mean, dev = mean/kb, dev/kb
			unit = "MiB"
		}
		fmt.Fprintf(b, "   bw (%5s/s): min=%5d, max=%5d, per=%3.2f%%, avg=%5.02f, stdev=%5.02f, samples=%d\n",
			unit, minv, maxv, per, mean, dev, bw.N)
	}
	if io := &ds.IOPS; io.N > 0 {
		fmt.Fprintf(b, "   iops        : min=%5d, max=%5d, avg=%5.02f, stdev=%5.02f, samples=%d\n",
			io.Min(), io.MaxVal, io.Mean(), io.Stddev(), io.N)
	}
}

// addRatesJSON adds a direction's bw_* and iops_* keys.
func addRatesJSON(o *jsonObject, g *stats.Group, d stats.Dir, ds *stats.DirStats) {
	bw := &ds.BW
	per := 0.0
	if bw.N > 0 {
		per = aggPercent(g, d, bw.Mean())
	}
	o.add("bw_min", bw.Min()).add("bw_max", bw.MaxVal)
	o.add("bw_agg", per).add("bw_mean", bw.Mean()).add("bw_dev", bw.Stddev())
	o.add("bw_samples", bw.N)
	io := &ds.IOPS
	o.add("iops_min", io.Min()).add("iops_max", io.MaxVal)
	o.add("iops_mean", io.Mean()).add("iops_stddev", io.Stddev())
	o.add("iops_samples", io.N)
}
