package workload

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// This file builds jobs from sections, as fio's __parse_jobs_ini and
// fio_options_parse do (init.c, options.c): every section whose name
// starts with "global" updates the base that later jobs start from, and
// each job section adds its own options to a copy of that base.

// ParseFile reads and parses the job file at path ("-" is standard
// input). Errors are *ParseError.
func ParseFile(path string) (*JobFile, error) {
	return ParseFileWith(path, ParseOptions{})
}

// ParseFileWith is ParseFile with options.
func ParseFileWith(path string, o ParseOptions) (*JobFile, error) {
	b, err := newBuilder(o)
	if err != nil {
		return nil, err
	}
	return b.file(path)
}

// Parse parses a job file read from r; path names it in messages, in each
// Job's Source, and is the directory included files are found relative
// to. Errors are *ParseError. A file without job sections is not an error
// here; the caller decides whether having no jobs at all is.
func Parse(r io.Reader, path string) (*JobFile, error) {
	return ParseWith(r, path, ParseOptions{})
}

// ParseWith is Parse with options.
func ParseWith(r io.Reader, path string, o ParseOptions) (*JobFile, error) {
	if r == nil {
		return nil, &ParseError{File: path, Msg: "no input"}
	}
	b, err := newBuilder(o)
	if err != nil {
		return nil, err
	}
	return b.read(r, path)
}

// ParseOptions are what parsing needs beyond the job file itself. The
// zero value reads the environment, the system and the file system.
type ParseOptions struct {
	// Sections, when not empty, keeps only the job sections with these
	// names (fio's --section); global sections always apply.
	Sections []string
	// ReadOnly refuses any job that would write (fio's --readonly).
	ReadOnly bool
	// Env looks up the variables of ${VAR}; nil means os.LookupEnv.
	Env func(string) (string, bool)
	// System gives the values of $pagesize, $mb_memory and $ncpus; nil
	// means ThisSystem.
	System func() (SystemValues, error)
	// Open opens job files and included files; nil means os.Open.
	Open func(name string) (io.ReadCloser, error)
	// Stdin is read for the job file "-"; nil means os.Stdin.
	Stdin io.Reader
}

// defaultJob returns a job with fio's defaults, as fio's
// fill_default_options sets them: by parsing each option's default.
func defaultJob() Job {
	var j Job
	for _, o := range optionDefs {
		if o.info.Default == "" {
			continue
		}
		if err := o.parse(&j, o.info.Default); err != nil {
			// The defaults are constants; TestDefaults covers them.
			panic(fmt.Sprintf("workload: bad default %q for option %q: %v", o.info.Default, o.info.Name, err))
		}
	}
	// A default is not a setting: randseed counts as set only if a job
	// file sets it.
	j.RandSeedSet = false
	clearDefaultMarks(&j)
	return j
}

// position locates an option: a file and line, or the command line
// (line 0).
type position struct {
	file string
	line int
}

// builder turns sections into jobs. One builder reads the command line
// and the first job file, which share their globals in fio; each later
// job file gets a fresh one.
type builder struct {
	opts  ParseOptions
	subst *substituter
	// options are the definitions to parse with, by name and alias.
	options map[string]*optionDef
	// global is the defaults merged with the global options read so far,
	// globalSet those options in order (fio's def_thread opt_list, which
	// --showcmd and the JSON "global options" show) and globalAt where
	// each was last set.
	global    Job
	globalSet []Setting
	globalAt  map[string]position
	// jobs are the jobs built so far.
	jobs []*Job
}

// newBuilder makes a builder with fio's defaults.
func newBuilder(o ParseOptions) (*builder, error) {
	for _, s := range o.Sections {
		if s == "global" {
			return nil, errors.New("--section=global: global sections always apply; name a job section")
		}
	}
	return &builder{
		opts:     o,
		subst:    &substituter{env: o.Env, system: o.System},
		options:  optionIndex,
		global:   defaultJob(),
		globalAt: map[string]position{},
	}, nil
}

// file opens and reads the job file at path.
func (b *builder) file(path string) (*JobFile, error) {
	if path == "-" {
		in := b.opts.Stdin
		if in == nil {
			in = os.Stdin
		}
		return b.read(in, path)
	}
	open := b.opts.Open
	if open == nil {
		open = func(n string) (io.ReadCloser, error) { return os.Open(n) }
	}
	f, err := open(path)
	if err != nil {
		return nil, &ParseError{File: path, Msg: "cannot open job file: " + errText(err), err: err}
	}
	defer f.Close()
	return b.read(f, path)
}

// read parses one job file into the builder's jobs and returns it.
func (b *builder) read(r io.Reader, path string) (*JobFile, error) {
	ir := &iniReader{open: b.opts.Open}
	sections, err := ir.read(r, path)
	if err != nil {
		return nil, err
	}
	jf := &JobFile{Path: path}
	first := len(b.jobs)
	for _, s := range sections {
		if err := b.section(jf, s); err != nil {
			return nil, err
		}
	}
	jf.Jobs = b.jobs[first:len(b.jobs):len(b.jobs)]
	return jf, nil
}

// isGlobal reports whether a section name makes a global section: in fio,
// any name starting with "global".
func isGlobal(name string) bool { return strings.HasPrefix(name, "global") }

// skip reports whether --section leaves the job section name out.
func (b *builder) skip(name string) bool {
	return len(b.opts.Sections) > 0 && !isGlobal(name) && !slices.Contains(b.opts.Sections, name)
}

// section adds one section of jf: it updates the globals or adds a job.
func (b *builder) section(jf *JobFile, s iniSection) error {
	if b.skip(s.name) {
		return nil
	}
	lines, err := b.prepare(s.entries)
	if err != nil {
		return err
	}
	if isGlobal(s.name) {
		set, err := b.applyAll(&b.global, lines, false, b.globalAt)
		if err != nil {
			return err
		}
		b.global.Files.endSection()
		b.globalSet = append(b.globalSet, set...)
		jf.Global = append(jf.Global, set...)
		jf.Sections = append(jf.Sections, Section{Name: s.name, Global: true, Options: slices.Clone(b.globalSet)})
		return nil
	}
	j := b.newJob(s.name, s.file, s.line)
	own := map[string]position{}
	set, err := b.applyAll(j, lines, false, own)
	if err != nil {
		return err
	}
	j.Options = set
	if err := b.finish(j, own); err != nil {
		return err
	}
	if err := b.addJob(j, own); err != nil {
		return err
	}
	jf.Sections = append(jf.Sections, Section{Name: s.name, Options: j.Options})
	return nil
}

// newJob starts a job from the globals.
func (b *builder) newJob(name, file string, line int) *Job {
	j := b.global
	j.CPUsAllowed = slices.Clone(b.global.CPUsAllowed)
	j.Files.Names = slices.Clone(b.global.Files.Names)
	j.Name, j.Source, j.Line, j.GroupID, j.Options = name, file, line, 0, nil
	return &j
}

// optionLine is one option to apply: its name, its value, and where it
// was written.
type optionLine struct {
	at       position
	key      string
	value    string
	hasValue bool
	// prio is the parsing priority of the option as written, before
	// substitution (fio sorts the original lines).
	prio int
}

// prepare makes fio's substitutions in a section's lines, splits them
// into options and sorts them by priority, keeping the written order
// among equals, as fio's sort_options does.
func (b *builder) prepare(entries []iniEntry) ([]optionLine, error) {
	lines := make([]optionLine, 0, len(entries))
	for _, e := range entries {
		at := position{e.file, e.line}
		text, err := b.subst.line(e.text)
		if err != nil {
			return nil, b.errorAt(at, "%v", err)
		}
		origKey, _, _ := splitOption(e.text)
		key, value, hasValue := splitOption(text)
		prio := 0
		if o := b.options[origKey]; o != nil {
			prio = o.prio
		}
		lines = append(lines, optionLine{at: at, key: key, value: value, hasValue: hasValue, prio: prio})
	}
	slices.SortStableFunc(lines, func(x, y optionLine) int { return y.prio - x.prio })
	return lines, nil
}

// splitOption splits an option line at its first "=" and drops the
// blanks before it; fio keeps the blanks after it.
func splitOption(text string) (key, value string, hasValue bool) {
	key, value, hasValue = strings.Cut(text, "=")
	return strings.TrimRight(key, cSpace), value, hasValue
}

// applyAll applies lines to j and returns them as settings. A job-file
// section is applied as fio's fio_options_parse does: the general options
// first, then, once the section's ioengine is known, the engine's own
// options. The command line (ordered) is applied in order, so an engine
// option must follow its ioengine. at records where each option was set.
func (b *builder) applyAll(j *Job, lines []optionLine, ordered bool, at map[string]position) ([]Setting, error) {
	var set, engineSet []Setting
	var engine []optionLine
	for _, l := range lines {
		if o := b.options[l.key]; !ordered && o != nil && len(o.info.Engines) > 0 {
			engine = append(engine, l)
			continue
		}
		s, err := b.apply(j, l, at)
		if err != nil {
			return nil, err
		}
		set = append(set, s)
	}
	slices.SortStableFunc(engine, func(x, y optionLine) int { return b.options[y.key].prio - b.options[x.key].prio })
	for _, l := range engine {
		s, err := b.apply(j, l, at)
		if err != nil {
			return nil, err
		}
		engineSet = append(engineSet, s)
	}
	return append(set, engineSet...), nil
}

// apply sets one option on j and returns it as a Setting under the
// option's fio name (aliases are echoed under the name, as fio does).
func (b *builder) apply(j *Job, l optionLine, at map[string]position) (Setting, error) {
	if l.key == "" {
		return Setting{}, b.errorAt(l.at, "missing option name before \"=\"")
	}
	o := b.options[l.key]
	if o == nil {
		if _, known := slices.BinarySearch(fioOptionNames, l.key); known {
			return Setting{}, b.errorAt(l.at, "fio option %q is not supported by xbench", l.key)
		}
		return Setting{}, b.errorAt(l.at, "unknown option %q", quoteIfNeeded(l.key))
	}
	if len(o.info.Engines) > 0 && !slices.Contains(o.info.Engines, j.IOEngine) {
		return Setting{}, b.errorAt(l.at, "option %q belongs to ioengine=%s, not ioengine=%s; set ioengine first (fio parses an engine's options only after its ioengine)",
			l.key, strings.Join(o.info.Engines, "|"), j.IOEngine)
	}
	set := Setting{Name: o.info.Name, Value: l.value}
	if !l.hasValue {
		if o.bare == nil {
			return Setting{}, b.errorAt(l.at, "option %q requires a value (%s=...)", l.key, l.key)
		}
		o.bare(j)
	} else if err := o.parse(j, l.value); err != nil {
		return Setting{}, b.errorAt(l.at, "%s", optionError(l.key, l.value, err))
	}
	at[o.info.Name] = l.at
	if err := b.verify(j, o.info.Name, l.at); err != nil {
		return Setting{}, err
	}
	return set, nil
}

// verify checks an option just set against the run's options, as fio's
// option verifiers do: with --readonly, rw may not name a pattern that
// writes or trims.
func (b *builder) verify(j *Job, name string, at position) error {
	if name != "rw" || !b.opts.ReadOnly {
		return nil
	}
	switch {
	case j.RW.Writes():
		return b.errorAt(at, "rw=%s writes, and --readonly refuses jobs that write", j.RW)
	case j.RW.Trims():
		return b.errorAt(at, "rw=%s trims, and --readonly refuses jobs that write or trim", j.RW)
	}
	return nil
}

// finish applies fio's fixups to a complete job (fixup_options in init.c)
// and checks the options against each other. own has where each option
// of the job's own section was set, to point at.
func (b *builder) finish(j *Job, own map[string]position) error {
	// A randseed overrides randrepeat.
	if j.RandSeedSet {
		j.RandRepeat = false
	}
	// fio warns that time_based needs a runtime and turns it off.
	if j.TimeBased && j.Runtime == 0 {
		j.TimeBased = false
	}
	if err := fixupIO(j); err != nil {
		// Point at the latest of the options the problem involves that
		// the job's own section set, or at its header.
		at := position{j.Source, j.Line}
		var fe *ioFixupError
		if errors.As(err, &fe) {
			for _, o := range fe.options {
				if p, ok := own[o]; ok && p.file == at.file && p.line > at.line {
					at = p
				}
			}
		}
		return b.errorAt(at, "%v", err)
	}
	return nil
}

// addJob adds a finished job, numbering its group and checking wait_for
// as fio's add_job does (placeJob). own has where each of its options was
// set.
func (b *builder) addJob(j *Job, own map[string]position) error {
	if err := placeJob(j, b.jobs); err != nil {
		at, ok := own["wait_for"]
		if !ok {
			at = position{j.Source, j.Line}
		}
		return b.errorAt(at, "%v", err)
	}
	b.jobs = append(b.jobs, j)
	return nil
}

// errorAt makes a ParseError at a position.
func (b *builder) errorAt(at position, format string, args ...any) error {
	return &ParseError{File: at.file, Line: at.line, Msg: fmt.Sprintf(format, args...)}
}
