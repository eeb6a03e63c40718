package workload

import "fmt"

// This file assembles what one command line asks to run, as fio's
// parse_cmd_line and parse_options do (init.c): the jobs given as options
// on the command line, then each job file in turn.

// Arg is one job option given on the command line: --bs=4k is {Name:
// "bs", Value: "4k", HasValue: true} and --time_based is {Name:
// "time_based"}.
type Arg struct {
	Name     string
	Value    string
	HasValue bool
}

// Plan is everything one command line asks to run.
type Plan struct {
	// Jobs are the command-line jobs, then each job file's, in order.
	Jobs []*Job
	// Global are the global options in effect when the last job file was
	// read, which fio's JSON report shows as "global options".
	Global []Setting
	// Files are the parsed job files, in order.
	Files []*JobFile
}

// commandLine names the command line in messages and as a job's Source.
const commandLine = "command line"

// Load parses a run as fio does:
//
//   - Command-line options before the first --name are global; --name=X
//     starts a job and the options after it are that job's (a name
//     starting with "global" starts global options again). The
//     command-line jobs come first.
//   - The first job file shares the command line's globals and reporting
//     groups. Each later file starts from fio's defaults again, and its
//     first job starts a new group, as fio puts a stonewall there.
//   - --section (o.Sections) selects among the command-line jobs and the
//     first file's sections only: fio forgets it after the first file.
//
// Errors are *ParseError, but for an option of o that is itself wrong.
func Load(args []Arg, files []string, o ParseOptions) (*Plan, error) {
	b, err := newBuilder(o)
	if err != nil {
		return nil, err
	}
	if err := b.commandLine(args); err != nil {
		return nil, err
	}
	p := &Plan{}
	var units [][]*Job // the jobs of each builder, for group numbering
	for i, path := range files {
		if i > 0 {
			units = append(units, b.jobs)
			later := o
			later.Sections = nil
			if b, err = newBuilder(later); err != nil {
				return nil, err
			}
		}
		jf, err := b.file(path)
		if err != nil {
			return nil, err
		}
		p.Files = append(p.Files, jf)
	}
	units = append(units, b.jobs)
	p.Global = b.globalSet
	chainGroups(units)
	for _, u := range units {
		p.Jobs = append(p.Jobs, u...)
	}
	if err := checkPlan(p); err != nil {
		return nil, err
	}
	return p, nil
}

// commandLine applies the job options given on the command line.
func (b *builder) commandLine(args []Arg) error {
	at := position{file: commandLine}
	var job *Job // nil while the options are global
	var own map[string]position
	skipping := false
	end := func() error {
		if job == nil {
			return nil
		}
		if err := b.finish(job, own); err != nil {
			return err
		}
		if err := b.addJob(job, own); err != nil {
			return err
		}
		job = nil
		return nil
	}
	for _, a := range args {
		if a.Name == "name" {
			if err := end(); err != nil {
				return err
			}
			skipping = a.HasValue && b.skip(a.Value)
			if a.HasValue && !isGlobal(a.Value) && !skipping {
				job, own = b.newJob(a.Value, commandLine, 0), map[string]position{}
			}
		}
		if skipping {
			continue
		}
		l := optionLine{at: at, key: a.Name, value: a.Value, hasValue: a.HasValue}
		target, where := &b.global, b.globalAt
		if job != nil {
			target, where = job, own
		}
		set, err := b.apply(target, l, where)
		if err != nil {
			return err
		}
		if job != nil {
			job.Options = append(job.Options, set)
		} else {
			b.globalSet = append(b.globalSet, set)
		}
	}
	return end()
}

// chainGroups numbers the reporting groups of each unit of jobs after
// those of the units before it. A unit's first job starts a new group
// when an earlier unit had jobs, and waits for them: fio puts a stonewall
// between job files.
func chainGroups(units [][]*Job) {
	next := 0
	for _, jobs := range units {
		if len(jobs) == 0 {
			continue
		}
		if next > 0 {
			jobs[0].Flow.Stonewall = true
		}
		last := next
		for _, j := range jobs {
			j.GroupID += next
			last = max(last, j.GroupID)
		}
		next = last + 1
	}
}

// checkPlan checks the jobs against each other, as fio's add_job does
// once a job's group is known. Checks that need the whole run belong here
// (wait_for naming a job that exists, for one).
func checkPlan(p *Plan) error {
	for i, j := range p.Jobs {
		if !j.GroupReporting {
			continue
		}
		for _, prev := range p.Jobs[:i] {
			if prev.GroupID == j.GroupID && prev.Report.LatPercentiles != j.Report.LatPercentiles {
				return &ParseError{File: j.Source, Line: j.Line, Msg: fmt.Sprintf(
					"job %q: lat_percentiles differs from job %q of its group (fio requires the same with group_reporting)",
					j.Name, prev.Name)}
			}
		}
	}
	return nil
}
