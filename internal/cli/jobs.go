package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/xbench/xbench/engine"
	"github.com/xbench/xbench/report"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// runJobs parses the job files, runs their jobs and writes the reports.
func runJobs(ctx context.Context, o *options, out, stderr io.Writer) error {
	jobs, global, err := loadJobs(o.jobFiles)
	if err != nil {
		return err
	}
	if o.formats[0] == "normal" {
		var hdr []report.HeaderJob
		nthreads := 0
		for _, j := range jobs {
			hdr = append(hdr, report.HeaderJobOf(j))
			nthreads += max(j.NumJobs, 1)
		}
		if err := report.WriteHeader(out, versionString(), hdr, nthreads); err != nil {
			return err
		}
	}
	res, err := engine.Run(ctx, jobs, engine.Options{Notes: stderr})
	if err != nil {
		return err
	}
	rep := &report.Run{
		Version:       versionString(),
		Time:          time.Now(),
		GlobalOptions: global,
		Jobs:          entries(res.Clones),
	}
	st := make([]*stats.Job, len(rep.Jobs))
	for i := range rep.Jobs {
		st[i] = rep.Jobs[i].Stats
	}
	rep.Groups = stats.Summarize(st)
	for _, f := range o.formats {
		switch f {
		case "normal":
			err = report.WriteNormal(out, rep)
		case "json":
			err = report.WriteJSON(out, rep)
		}
		if err != nil {
			return fmt.Errorf("writing the report: %w", err)
		}
	}
	return jobErrors(res.Clones, stderr)
}

// loadJobs parses every job file. Each file's groups follow the previous
// file's, so files run one after another.
func loadJobs(paths []string) ([]*workload.Job, []workload.Setting, error) {
	var jobs []*workload.Job
	var global []workload.Setting
	nextGroup := 0
	for _, p := range paths {
		f, err := workload.ParseFile(p)
		if err != nil {
			return nil, nil, usageError{err}
		}
		last := nextGroup
		for _, j := range f.Jobs {
			j.GroupID += nextGroup
			last = max(last, j.GroupID)
		}
		if len(jobs) > 0 && len(f.Jobs) > 0 {
			// fio separates job files by a stonewall.
			f.Jobs[0].Flow.Stonewall = true
		}
		nextGroup = last + 1
		jobs = append(jobs, f.Jobs...)
		global = append(global, f.Global...)
	}
	if len(jobs) == 0 {
		return nil, nil, usageError{fmt.Errorf("%s: no jobs defined", paths[len(paths)-1])}
	}
	return jobs, global, nil
}

// entries turns clones into report entries. As in fio, a clone joins the
// entry before it when it has group_reporting and is in the same group;
// otherwise it starts a new entry.
func entries(clones []*engine.Clone) []report.Job {
	var out []report.Job
	for i, c := range clones {
		if i > 0 && c.Job.GroupReporting && clones[i-1].Job.GroupID == c.Job.GroupID {
			out[len(out)-1].Stats.Merge(c.Stats)
			continue
		}
		merged := &stats.Job{}
		merged.Merge(c.Stats)
		out = append(out, report.Job{Stats: merged, Options: c.Job.Options, PID: c.TID})
	}
	return out
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
