package workload

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
)

// This file builds jobs from the sections of a job file: global sections
// accumulate into the base every later job starts from, and each job
// section adds its own options.

// ParseFile reads and parses the job file at path. Errors are *ParseError.
func ParseFile(path string) (*JobFile, error) {
	f, err := os.Open(path)
	if err != nil {
		msg := err.Error()
		var pe *fs.PathError
		if errors.As(err, &pe) {
			msg = pe.Err.Error()
		}
		return nil, &ParseError{File: path, Msg: "cannot open job file: " + oneLine(msg), err: err}
	}
	defer f.Close()
	return Parse(f, path)
}

// Parse parses a job file read from r; path names it in messages and in
// each Job's Source. Errors are *ParseError. A file without job sections is
// not an error here (fio reads several job files into one run, and the
// globals of one apply to the jobs of the next); the caller decides whether
// having no jobs at all is.
func Parse(r io.Reader, path string) (*JobFile, error) {
	if r == nil {
		return nil, &ParseError{File: path, Msg: "no input"}
	}
	sections, err := readINI(r, path)
	if err != nil {
		return nil, err
	}
	b := builder{path: path, global: defaultJob(), file: &JobFile{Path: path}, options: optionIndex}
	for _, s := range sections {
		if err := b.section(s); err != nil {
			return nil, err
		}
	}
	return b.file, nil
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

// builder turns sections into jobs.
type builder struct {
	path string
	// global is the defaults merged with the global sections read so far.
	global Job
	file   *JobFile
	// options are the definitions to parse with, by name and alias.
	options map[string]*optionDef
}

// section adds one section: it updates the globals or adds a job.
func (b *builder) section(s iniSection) error {
	if s.name == "global" {
		for _, e := range s.entries {
			set, err := b.apply(&b.global, e)
			if err != nil {
				return err
			}
			b.file.Global = append(b.file.Global, set)
		}
		b.global.Files.endSection()
		return nil
	}
	if strings.HasPrefix(s.name, "global") {
		return b.errorf(s.line, "section %q: fio treats every section whose name starts with \"global\" as a global section; call it [global], or rename the job", s.name)
	}
	j := b.global
	j.CPUsAllowed = slices.Clone(b.global.CPUsAllowed)
	j.Files.Names = slices.Clone(b.global.Files.Names)
	j.Name, j.Source, j.Line, j.GroupID, j.Options = s.name, b.path, s.line, 0, nil
	lines := map[string]int{} // line of each option set in the section
	for _, e := range s.entries {
		set, err := b.apply(&j, e)
		if err != nil {
			return err
		}
		j.Options = append(j.Options, set)
		lines[set.Name] = e.line
	}
	if err := b.finish(&j, lines); err != nil {
		return err
	}
	if err := placeJob(&j, b.file.Jobs); err != nil {
		line := lines["wait_for"]
		if line == 0 {
			line = j.Line
		}
		return b.errorf(line, "%v", err)
	}
	b.file.Jobs = append(b.file.Jobs, &j)
	return nil
}

// apply sets one entry on j and returns it as a Setting under the option's
// fio name (aliases are echoed under the name, as fio does).
func (b *builder) apply(j *Job, e iniEntry) (Setting, error) {
	if e.include {
		return Setting{}, b.errorf(e.line, "include is not supported by xbench yet")
	}
	if err := checkSubstitutions(e.key + "=" + e.value); err != nil {
		return Setting{}, b.errorf(e.line, "%v", err)
	}
	if e.key == "" {
		return Setting{}, b.errorf(e.line, "missing option name before \"=\"")
	}
	o := b.options[e.key]
	if o == nil {
		if _, known := slices.BinarySearch(fioOptionNames, e.key); known {
			return Setting{}, b.errorf(e.line, "fio option %q is not supported by xbench", e.key)
		}
		return Setting{}, b.errorf(e.line, "unknown option %q", e.key)
	}
	if len(o.info.Engines) > 0 && !slices.Contains(o.info.Engines, j.IOEngine) {
		return Setting{}, b.errorf(e.line, "option %q belongs to ioengine=%s, not ioengine=%s; set ioengine first (fio parses an engine's options only after its ioengine)",
			e.key, strings.Join(o.info.Engines, "|"), j.IOEngine)
	}
	if !e.hasValue {
		if o.bare == nil {
			return Setting{}, b.errorf(e.line, "option %q requires a value (%s=...)", e.key, e.key)
		}
		o.bare(j)
		return Setting{Name: o.info.Name}, nil
	}
	if err := o.parse(j, e.value); err != nil {
		return Setting{}, b.errorf(e.line, "%s", optionError(e.key, e.value, err))
	}
	return Setting{Name: o.info.Name, Value: e.value}, nil
}

// fioKeywords are the words fio replaces in option lines.
var fioKeywords = []string{"$pagesize", "$mb_memory", "$ncpus"}

// checkSubstitutions rejects the substitutions fio makes in an option
// line, ${VAR} and its keywords, which xbench does not make yet.
func checkSubstitutions(line string) error {
	if strings.Contains(line, "${") {
		return errors.New("environment variables (${VAR}) are not supported by xbench yet")
	}
	for _, k := range fioKeywords {
		if strings.Contains(line, k) {
			return fmt.Errorf("fio keyword %s is not supported by xbench yet", k)
		}
	}
	return nil
}

// finish applies fio's fixups to a complete job (fixup_options in init.c)
// and checks the options against each other. lines has the line of each
// option the job's section set, to point at.
func (b *builder) finish(j *Job, lines map[string]int) error {
	// A randseed overrides randrepeat.
	if j.RandSeedSet {
		j.RandRepeat = false
	}
	// fio warns that time_based needs a runtime and turns it off.
	if j.TimeBased && j.Runtime == 0 {
		j.TimeBased = false
	}
	if err := fixupIO(j); err != nil {
		line := 0
		var fe *ioFixupError
		if errors.As(err, &fe) {
			for _, o := range fe.options {
				line = max(line, lines[o])
			}
		}
		if line == 0 {
			line = j.Line
		}
		return b.errorf(line, "%v", err)
	}
	return nil
}

// errorf makes a ParseError at line of the file.
func (b *builder) errorf(line int, format string, args ...any) error {
	return &ParseError{File: b.path, Line: line, Msg: fmt.Sprintf(format, args...)}
}
