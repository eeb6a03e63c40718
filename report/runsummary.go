package report

import (
	"math"

	"github.com/xbench/xbench/internal/stat"
	"github.com/xbench/xbench/stats"
)

// Figure is one measure taken over several runs.
type Figure struct {
	// Median is the median over the runs; Min and Max are the extremes.
	Median, Min, Max float64
	// Spread is the largest distance of a run from the median, relative to
	// the median: 0.04 when every run is within 4% of it.
	Spread float64
}

// figureOf summarises the values of one measure, one per run.
func figureOf(v []float64) Figure {
	if len(v) == 0 {
		return Figure{math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	}
	f := Figure{Median: stat.Median(v), Min: v[0], Max: v[0], Spread: stat.Spread(v)}
	for _, x := range v {
		f.Min, f.Max = math.Min(f.Min, x), math.Max(f.Max, x)
	}
	return f
}

// RunSummary is what one job did in one direction on one engine, over all
// the runs of that engine.
type RunSummary struct {
	// Job is the job's name and Entry its position among each run's
	// report entries.
	Job   string
	Entry int
	// Dir is the direction.
	Dir stats.Dir
	// Engine is the engine as given to --engines; "" without engines.
	Engine string
	// Runs is the number of runs summarised.
	Runs int
	// IOPS, BW (bytes per second), the completion latency percentiles P50,
	// P99 and P999 (ns), and CPUPerIO (user plus system CPU time of the
	// job per IO, in ns, counting the IOs of every direction).
	IOPS, BW, P50, P99, P999, CPUPerIO Figure
	// Ratio is the median IOPS over that of the first engine that ran the
	// job: 1 for that engine, NaN without engines.
	Ratio float64
}

// SummarizeRepeats summarises the runs job by job, then direction by
// direction (those that moved IO), then engine by engine in the order of
// r.Engines. Engines without runs are left out.
func SummarizeRepeats(r *Repeats) []RunSummary {
	if len(r.Runs) == 0 {
		return nil
	}
	engines := r.Engines
	if engines == nil {
		engines = []string{""}
	}
	var out []RunSummary
	for entry, first := range r.Runs[0].Jobs {
		for d := stats.Read; d < stats.NumDirs; d++ {
			base := math.NaN()
			for _, e := range engines {
				s, ok := summarizeEntry(r.Runs, e, entry, d)
				if !ok {
					continue
				}
				s.Job = first.Stats.Name
				if r.Engines != nil {
					if math.IsNaN(base) {
						base = s.IOPS.Median
					}
					s.Ratio = s.IOPS.Median / base
				} else {
					s.Ratio = math.NaN()
				}
				out = append(out, s)
			}
		}
	}
	return out
}

// summarizeEntry summarises entry's direction d over the runs of engine e.
// It reports false when no run of e moved IO in that direction.
func summarizeEntry(runs []RepeatRun, e string, entry int, d stats.Dir) (RunSummary, bool) {
	var iops, bw, p50, p99, p999, cpu []float64
	for _, run := range runs {
		if run.Engine != e || entry >= len(run.Jobs) {
			continue
		}
		js := run.Jobs[entry].Stats
		ds := &js.Dirs[d]
		if !ds.Used() {
			continue
		}
		iops = append(iops, stats.IOPS(ds.TotalIOs, ds.Runtime))
		bw = append(bw, float64(stats.BytesPerSec(ds.IOBytes, ds.Runtime)))
		if measured(ds.Clat) {
			p50 = append(p50, float64(ds.Clat.Percentile(50)))
			p99 = append(p99, float64(ds.Clat.Percentile(99)))
			p999 = append(p999, float64(ds.Clat.Percentile(99.9)))
		}
		var ios uint64
		for i := range js.Dirs {
			ios += js.Dirs[i].TotalIOs
		}
		cpu = append(cpu, float64(js.CPU.User+js.CPU.System)/float64(ios))
	}
	if len(iops) == 0 {
		return RunSummary{}, false
	}
	return RunSummary{
		Entry: entry, Dir: d, Engine: e, Runs: len(iops),
		IOPS: figureOf(iops), BW: figureOf(bw),
		P50: figureOf(p50), P99: figureOf(p99), P999: figureOf(p999),
		CPUPerIO: figureOf(cpu),
	}, true
}
