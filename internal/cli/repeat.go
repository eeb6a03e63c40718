package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/xbench/xbench/engine"
	"github.com/xbench/xbench/report"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// This file runs the job files several times (--repeat) and on several
// engines (--engines), interleaved, and reports every run and their pooled
// results.

// engineRun is one engine's jobs and runs.
type engineRun struct {
	// label is the engine as given to --engines; "" for the jobs' own.
	label string
	jobs  []*workload.Job
	runs  []report.RepeatRun
}

// runMulti runs the job files o.multi.repeat times on each engine of
// o.multi.engines (or on their own engines), in the order A B C A B C, and
// writes the reports.
func runMulti(ctx context.Context, o *options, plan *workload.Plan, out, stderr io.Writer) error {
	jobs, global := plan.Jobs, plan.Global
	m := o.multi
	rep := &report.Repeats{Count: m.repeat, Delay: m.delay}
	var ers []*engineRun
	if m.engines == nil {
		ers = []*engineRun{{jobs: jobs}}
	} else {
		for _, spec := range m.engines {
			rep.Engines = append(rep.Engines, spec.label)
			ej, err := jobsOnEngine(jobs, global, spec)
			if err != nil {
				rep.Unavailable = append(rep.Unavailable, report.EngineProblem{Engine: spec.label, Reason: err.Error()})
				continue
			}
			ers = append(ers, &engineRun{label: spec.label, jobs: ej})
		}
	}
	if slices.Contains(o.formats, "normal") && m.engines == nil {
		if err := writeHeader(out, jobs); err != nil {
			return err
		}
	}
	notes := &onceWriter{w: stderr, seen: map[string]bool{}}
	failures := &onceWriter{w: stderr, seen: map[string]bool{}}
	failed := 0
	total, done := m.repeat*len(ers), 0
	for r := 1; r <= m.repeat && ctx.Err() == nil; r++ {
		for _, er := range ers {
			if er.jobs == nil || ctx.Err() != nil {
				continue // could not run before, or interrupted
			}
			if done > 0 && !sleepCtx(ctx, m.delay) {
				break
			}
			done++
			fmt.Fprintf(stderr, "run %d/%d: repetition %d/%d%s\n", done, total, r, m.repeat, engineSuffix(er.label))
			res, err := engine.Run(ctx, er.jobs, engine.Options{Notes: notes, ReadOnly: o.readOnly, Force: o.force})
			if err != nil {
				if m.engines == nil {
					return err
				}
				rep.Unavailable = append(rep.Unavailable, report.EngineProblem{Engine: er.label, Reason: err.Error()})
				er.jobs, er.runs = nil, nil
				continue
			}
			er.runs = append(er.runs, report.RepeatRun{Repeat: r, Engine: er.label, Time: time.Now(), Jobs: entries(res.Clones)})
			if jobErrors(res.Clones, failures) != nil {
				failed++
			}
		}
	}
	rep.Runs = inRunOrder(ers, m.repeat)
	if len(rep.Runs) == 0 {
		if err := report.WriteRepeatsTable(out, rep); err != nil {
			return err
		}
		return fmt.Errorf("no engine could run (%s)", rep.Unavailable[0].Reason)
	}
	if err := writeMultiReports(out, o, global, ers, rep); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%s had failed jobs", plural(failed, "run"))
	}
	return nil
}

// jobsOnEngine returns copies of jobs set to run on spec's engine.
func jobsOnEngine(jobs []*workload.Job, global []workload.Setting, spec engineSpec) ([]*workload.Job, error) {
	out := make([]*workload.Job, len(jobs))
	for i, j := range jobs {
		c, err := j.WithEngine(spec.ioengine, spec.settings, global)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// writeMultiReports writes the pooled reports and the runs. The normal
// format is fio's report of the pooled results followed by the table of
// runs; with engines it is the side-by-side table alone, as fio's report
// does not say which engine a job ran on.
func writeMultiReports(out io.Writer, o *options, global []workload.Setting, ers []*engineRun, rep *report.Repeats) error {
	run := &report.Run{Version: versionString(), Time: time.Now(), GlobalOptions: global, Repeats: rep}
	groups := 0
	for _, er := range ers {
		if len(er.runs) == 0 {
			continue
		}
		base := groups
		for _, j := range pool(er.runs) {
			// Each engine's jobs form groups of their own.
			j.Stats.GroupID += base
			groups = max(groups, j.Stats.GroupID+1)
			run.Jobs = append(run.Jobs, j)
		}
	}
	st := make([]*stats.Job, len(run.Jobs))
	for i := range run.Jobs {
		st[i] = run.Jobs[i].Stats
	}
	run.Groups = stats.Summarize(st)
	for _, f := range o.formats {
		var err error
		switch f {
		case "normal":
			if rep.Engines == nil {
				err = report.WriteNormal(out, run)
			}
			if err == nil {
				err = report.WriteRepeatsTable(out, rep)
			}
		case "json":
			err = report.WriteJSON(out, run)
		}
		if err != nil {
			return fmt.Errorf("writing the report: %w", err)
		}
	}
	if o.multi.chart != "" {
		var b bytes.Buffer
		if err := report.WriteRepeatsChartSVG(&b, rep); err != nil {
			return fmt.Errorf("drawing the chart: %w", err)
		}
		if err := os.WriteFile(o.multi.chart, b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("--chart: %w", err)
		}
	}
	return nil
}

// pool pools the runs of one engine entry by entry. Every run has the same
// entries, in the same order.
func pool(runs []report.RepeatRun) []report.Job {
	out := make([]report.Job, len(runs[0].Jobs))
	for i, first := range runs[0].Jobs {
		out[i] = first
		out[i].Stats = &stats.Job{}
		for _, r := range runs {
			out[i].Stats.Pool(r.Jobs[i].Stats)
		}
	}
	return out
}

// inRunOrder lists the runs kept in the order they ran: repetition by
// repetition, engine by engine.
func inRunOrder(ers []*engineRun, repeat int) []report.RepeatRun {
	var out []report.RepeatRun
	for r := 1; r <= repeat; r++ {
		for _, er := range ers {
			for _, run := range er.runs {
				if run.Repeat == r {
					out = append(out, run)
				}
			}
		}
	}
	return out
}

// engineSuffix names the engine of a run in the progress line.
func engineSuffix(label string) string {
	if label == "" {
		return ""
	}
	return ", engine " + label
}

// sleepCtx pauses for d, and reports false if ctx ended first.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// onceWriter passes each distinct write through once, so that a note every
// run prints ("Laying out IO file", "queue depth will be capped") shows
// once rather than once per run.
type onceWriter struct {
	w    io.Writer
	seen map[string]bool
}

func (o *onceWriter) Write(p []byte) (int, error) {
	if o.seen[string(p)] {
		return len(p), nil
	}
	o.seen[string(p)] = true
	return o.w.Write(p)
}
