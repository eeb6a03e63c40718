package report

import (
	"fmt"
	"time"

	"github.com/xbench/xbench/stats"
)

// Repeats holds every run of an invocation that ran its job files more than
// once: several repetitions (--repeat), several engines (--engines), or
// both. The report's top level then holds the pooled result of each job
// (per engine), in fio's schema; Repeats holds what each run measured.
type Repeats struct {
	// Count is the number of repetitions asked for.
	Count int
	// Delay is the pause between two runs.
	Delay time.Duration
	// Engines names the engines compared, in the order given, as given
	// ("io_uring", "xnvme:io_uring"); nil when each job ran on its own
	// ioengine.
	Engines []string
	// Unavailable lists the engines that could not run here, with why.
	Unavailable []EngineProblem
	// Runs are the runs in the order they ran.
	Runs []RepeatRun
}

// EngineProblem is an engine that could not run, and why.
type EngineProblem struct {
	// Engine is the engine as given to --engines.
	Engine string
	// Reason says why it could not run, in one line.
	Reason string
}

// RepeatRun is one run of the job files.
type RepeatRun struct {
	// Repeat numbers the repetition from 1.
	Repeat int
	// Engine is the engine this run used, as given to --engines; "" when
	// jobs ran on their own ioengine.
	Engine string
	// Time is when the run ended.
	Time time.Time
	// Jobs are the run's report entries, as in Run.Jobs.
	Jobs []Job
}

// repeatsJSON builds the "repeats" object. Each run lists its jobs with
// fio's per-job keys, but only the directions that moved IO, plus the
// exact CPU times "usr_cpu_ns" and "sys_cpu_ns"; each latency adds what is needed to rebuild it exactly: "sum", "sum_sq" (in
// decimal, as it needs 128 bits) and "histogram" (HdrHistogram's V2
// compressed encoding in base64).
func repeatsJSON(r *Repeats) (*jsonObject, error) {
	o := &jsonObject{}
	o.add("count", r.Count)
	o.add("delay_ms", r.Delay.Milliseconds())
	if r.Engines != nil {
		engines := &jsonArray{}
		for _, e := range r.Engines {
			engines.vals = append(engines.vals, e)
		}
		o.add("engines", engines)
	}
	if len(r.Unavailable) > 0 {
		un := &jsonArray{}
		for _, p := range r.Unavailable {
			un.vals = append(un.vals, (&jsonObject{}).add("engine", p.Engine).add("reason", p.Reason))
		}
		o.add("unavailable", un)
	}
	runs := &jsonArray{}
	for _, run := range r.Runs {
		ro := &jsonObject{}
		ro.add("repeat", run.Repeat)
		if run.Engine != "" {
			ro.add("engine", run.Engine)
		}
		ro.add("timestamp_ms", run.Time.UnixMilli())
		jobs := &jsonArray{}
		for i := range run.Jobs {
			jo, err := repeatJobJSON(&run.Jobs[i])
			if err != nil {
				return nil, err
			}
			jobs.vals = append(jobs.vals, jo)
		}
		ro.add("jobs", jobs)
		runs.vals = append(runs.vals, ro)
	}
	o.add("runs", runs)
	return o, nil
}

// repeatJobJSON builds one job of one run.
func repeatJobJSON(j *Job) (*jsonObject, error) {
	s := j.Stats
	o := &jsonObject{}
	o.add("jobname", s.Name)
	o.add("groupid", s.GroupID)
	o.add("error", s.Error)
	points, _ := j.percentiles()
	points = sortedPercentiles(points)
	for d := stats.Read; d < stats.NumDirs; d++ {
		ds := &s.Dirs[d]
		if !ds.Used() {
			continue
		}
		do := o.object(d.String())
		dirJSON(do, j, nil, d, points, false) // a single run has no group summary
		for _, m := range [...]struct {
			key string
			lat *stats.Latency
		}{{"slat_ns", ds.Slat}, {"clat_ns", ds.Clat}, {"lat_ns", ds.Lat}} {
			if err := addExport(do, m.key, m.lat); err != nil {
				return nil, fmt.Errorf("job %s, %s %s: %w", s.Name, d, m.key, err)
			}
		}
	}
	usr, sys := cpuPercent(s)
	o.add("job_runtime", truncMsec(s.Runtime))
	o.add("usr_cpu", usr)
	o.add("sys_cpu", sys)
	// The exact CPU times: the percentages above count whole
	// milliseconds, too coarse for CPU per IO over a short run.
	o.add("usr_cpu_ns", int64(s.CPU.User))
	o.add("sys_cpu_ns", int64(s.CPU.System))
	o.add("ctx", s.CPU.Ctx)
	o.add("majf", s.CPU.MajFlt)
	o.add("minf", s.CPU.MinFlt)
	return o, nil
}

// addExport appends the exact sums and the histogram of l to the latency
// object that dirJSON wrote under key, when l has samples.
func addExport(dir *jsonObject, key string, l *stats.Latency) error {
	if !measured(l) {
		return nil
	}
	var lat *jsonObject
	for _, p := range dir.pairs {
		if p.key == key {
			lat, _ = p.val.(*jsonObject)
		}
	}
	if lat == nil {
		return fmt.Errorf("no %s object", key)
	}
	e, err := l.Export()
	if err != nil {
		return err
	}
	lat.add("sum", e.Sum)
	lat.add("sum_sq", e.SumSq)
	lat.add("histogram", e.Histogram)
	return nil
}
