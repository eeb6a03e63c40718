package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/xbench/xbench/engine"
	"github.com/xbench/xbench/report"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// runJobs runs the plan's jobs and writes the reports.
func runJobs(ctx context.Context, in *interrupts, o *options, plan *workload.Plan, out, stderr io.Writer) error {
	jobs := plan.Jobs
	if slices.Contains(o.formats, "normal") {
		if err := writeHeader(out, jobs); err != nil {
			return err
		}
	}
	mon := engine.NewMonitor()
	watch := startWatchers(ctx, o, mon, jobs, plan.Global, out, stderr)
	finished := make(chan struct{})
	var once reportOnce
	go abandonOnAgain(in, finished, &once, o, mon, plan.Global, out, stderr)
	res, err := engine.Run(ctx, jobs, engine.Options{Notes: stderr, ReadOnly: o.readOnly, Force: o.force, Monitor: mon,
		HDRLog: o.hdrLog != "", HDRInterval: o.hdrInterval})
	close(finished)
	watch.stop()
	if err != nil {
		return err
	}
	if !once.take() {
		select {} // a second interrupt is writing the reports and exits
	}
	rep := buildRun(res.Clones, plan.Global)
	rep.Disks = res.Disks
	if err := writeReports(out, o, rep); err != nil {
		return err
	}
	if o.hdrLog != "" {
		if err := writeHdrLog(o.hdrLog, res); err != nil {
			return err
		}
	}
	return jobErrors(res.Clones, stderr)
}

// buildRun makes the report of clones.
func buildRun(clones []*engine.Clone, global []workload.Setting) *report.Run {
	rep := &report.Run{
		Version:       versionString(),
		Time:          time.Now(),
		GlobalOptions: global,
		Jobs:          entries(clones),
	}
	st := make([]*stats.Job, len(rep.Jobs))
	for i := range rep.Jobs {
		st[i] = rep.Jobs[i].Stats
	}
	rep.Groups = stats.Summarize(st)
	return rep
}

// writeHeader writes the lines fio prints before the jobs start.
func writeHeader(out io.Writer, jobs []*workload.Job) error {
	var hdr []report.HeaderJob
	nthreads := 0
	for _, j := range jobs {
		hdr = append(hdr, report.HeaderJobOf(j))
		nthreads += max(j.NumJobs, 1)
	}
	return report.WriteHeader(out, versionString(), hdr, nthreads)
}

// entries turns clones into report entries. As in fio, a clone joins the
// entry before it when it has group_reporting and is in the same group;
// otherwise it starts a new entry.
func entries(clones []*engine.Clone) []report.Job {
	var out []report.Job
	for i, c := range clones {
		if i > 0 && c.Job.GroupReporting && clones[i-1].Job.GroupID == c.Job.GroupID {
			e := &out[len(out)-1]
			e.Stats.Merge(c.Stats)
			lastMember(e, c.Job)
			continue
		}
		merged := &stats.Job{}
		merged.Merge(c.Stats)
		e := report.Job{
			Stats:       merged,
			PID:         c.TID,
			KBBase:      c.Job.Report.KBBase,
			UnitBase:    c.Job.Report.UnitBase,
			SigFigs:     c.Job.Report.SigFigs,
			Description: c.Job.Report.Description,
		}
		lastMember(&e, c.Job)
		out = append(out, e)
	}
	return out
}

// lastMember sets what fio takes from an entry's last member (stat.c:
// __show_run_stats): the percentile options and the "job options". The
// units, figures and description stay the first member's.
func lastMember(e *report.Job, j *workload.Job) {
	r := j.Report
	e.Options = j.Options
	e.Percentiles, e.PercentilePrecision = r.Percentiles, r.PercentilePrecision
	e.NoClatPercentiles = !r.ClatPercentiles
	e.LatPercentiles, e.SlatPercentiles = r.LatPercentiles, r.SlatPercentiles
}

// jobErrors prints each job's error on stderr and returns an error when any
// job failed, so that the exit status says so.
func jobErrors(clones []*engine.Clone, stderr io.Writer) error {
	failed := 0
	for _, c := range clones {
		if c.Stats.Error != 0 {
			fmt.Fprintf(stderr, "xbench: job %s: %s\n", c.Job.Name, c.Stats.ErrorText)
			failed++
		}
	}
	if failed > 0 {
		return errors.New(plural(failed, "job") + " failed")
	}
	return nil
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
