package workload

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// This file defines what an option is and the constructors that make one
// per value type. The options themselves are listed in jobopts.go.

// OptionInfo describes one option xbench implements, for --cmdhelp.
type OptionInfo struct {
	// Name is the option's name; Alias is fio's other name for it, if any.
	Name  string
	Alias string
	// Type names the kind of value: "size" (bytes with k/m/g suffixes),
	// "int", "bool" (0 or 1), "flag" (bare, or 0/1), "time" (seconds, or
	// with a us/ms/s/m/h/d suffix), "enum", "string", "cpulist" or "logfile"
	// (bare, or a log file name prefix).
	Type string
	// Default is fio's default as fio spells it; "" if there is none.
	Default string
	// Help says what the option does, in fio's terms.
	Help string
	// Values lists the accepted values of an enum option.
	Values []string
	// Engines lists the ioengines an engine option belongs to; it is empty
	// for the general options. As in fio, an engine option is accepted only
	// after an ioengine that defines it has been set.
	Engines []string
	// Range gives the accepted numbers, as "min=1, max=64"; "" if any.
	Range string
	// Unit is the unit of a time option's plain numbers: "s", "ms" or "us".
	Unit string
}

// optionDef is one option: its description and how it sets a Job.
type optionDef struct {
	info OptionInfo
	// parse sets j from the value written after "=". The value keeps the
	// blanks fio keeps (leading ones); the parser decides what they mean.
	parse func(j *Job, value string) error
	// bare sets j for the option written without "=value"; nil if the
	// option needs a value. Only fio's "empty or boolean" options
	// (FIO_OPT_STR_SET) may be bare.
	bare func(j *Job)
	// prio orders the options of one job-file section: fio parses those of
	// higher prio first (kb_base before the sizes it changes, filename
	// after directory), keeping the written order among equals.
	prio int
}

// withPrio sets the option's parsing priority and returns o.
func (o *optionDef) withPrio(prio int) *optionDef {
	o.prio = prio
	return o
}

// forEngines makes o an option of the named ioengines and returns o.
func (o *optionDef) forEngines(engines ...string) *optionDef {
	o.info.Engines = engines
	return o
}

// withAlias records fio's alias for the option and returns o.
func (o *optionDef) withAlias(alias string) *optionDef {
	o.info.Alias = alias
	return o
}

// jobKBBase is the kb base for the size values of j: what "k" means.
func jobKBBase(j *Job) uint64 {
	if j.Report.KBBase == 0 {
		return defaultKBBase
	}
	return uint64(j.Report.KBBase)
}

// numericValue drops the blanks fio's number parser skips (strtoll skips
// them) and rejects a blank before a suffixed number: fio looks for the
// suffix from the first character, so it reads "bs= 4k" as 4 bytes and
// "runtime= 1m" as one second.
func numericValue(v string) (string, error) {
	t := strings.TrimLeft(v, cSpace)
	if t != v && isExpr(t) {
		return "", fmt.Errorf("fio evaluates an expression only when it starts right after \"=\" (%q); remove the blank", v)
	}
	if t != v && unitSuffix(t) != "" {
		return "", fmt.Errorf("fio reads a value that starts with a blank without its unit (%q as %q); remove the blank after \"=\"",
			v, strings.TrimSuffix(t, unitSuffix(t)))
	}
	return t, nil
}

// jobNumber parses an option's number the way fio's size parser reads it,
// with the job's kb base.
func jobNumber(j *Job, v string) (uint64, error) {
	t, err := numericValue(v)
	if err != nil {
		return 0, err
	}
	return parseSize(t, jobKBBase(j))
}

// sizeOpt is an option holding a byte count of at least min.
func sizeOpt(name, def, help string, min uint64, set func(*Job, uint64)) *optionDef {
	return &optionDef{
		info: OptionInfo{Name: name, Type: "size", Default: def, Help: help, Range: fmt.Sprintf("min=%d", min)},
		parse: func(j *Job, v string) error {
			n, err := jobNumber(j, v)
			if err != nil {
				return err
			}
			if n < min {
				return fmt.Errorf("must be at least %d", min)
			}
			set(j, n)
			return nil
		},
	}
}

// intOpt is an integer option within [min, max]. Like fio, it takes the
// size suffixes too ("iodepth=1k" is 1024).
func intOpt(name, def, help string, min, max int, set func(*Job, int)) *optionDef {
	return &optionDef{
		info: OptionInfo{Name: name, Type: "int", Default: def, Help: help, Range: fmt.Sprintf("min=%d, max=%d", min, max)},
		parse: func(j *Job, v string) error {
			n, err := jobNumber(j, v)
			if err != nil {
				return err
			}
			if n < uint64(min) || n > uint64(max) {
				return fmt.Errorf("must be between %d and %d", min, max)
			}
			set(j, int(n))
			return nil
		},
	}
}

// durationOpt is a time option whose plain numbers are seconds, fio's
// default unit for times.
func durationOpt(name, def, help string, set func(*Job, time.Duration)) *optionDef {
	return timeOpt(name, def, help, time.Second, set)
}

// timeUnitNames name the default units a time option may have.
var timeUnitNames = map[time.Duration]string{time.Second: "s", time.Millisecond: "ms", time.Microsecond: "us"}

// timeOpt is a time option whose plain numbers are in unit: seconds for
// most of fio's times, microseconds for thinktime and the latency targets.
// The unit also applies to a plain number in an expression, and with
// seconds an expression keeps whole seconds only, as in fio.
func timeOpt(name, def, help string, unit time.Duration, set func(*Job, time.Duration)) *optionDef {
	return &optionDef{
		info: OptionInfo{Name: name, Type: "time", Default: def, Help: help, Unit: timeUnitNames[unit]},
		parse: func(j *Job, v string) error {
			t, err := numericValue(v)
			if err != nil {
				return err
			}
			d, err := parseTime(t, unit)
			if err != nil {
				return err
			}
			set(j, d)
			return nil
		},
	}
}

// boolOpt is fio's boolean option (FIO_OPT_BOOL): it needs a value, 0 or 1.
// fio takes no true/false/yes/no.
func boolOpt(name, def, help string, set func(*Job, bool)) *optionDef {
	return &optionDef{
		info: OptionInfo{Name: name, Type: "bool", Default: def, Help: help},
		parse: func(j *Job, v string) error {
			n, err := parseCount(strings.TrimLeft(v, cSpace))
			if err != nil {
				return err
			}
			if n > 1 {
				return errors.New("must be 0 or 1")
			}
			set(j, n == 1)
			return nil
		},
	}
}

// flagOpt is fio's "empty or boolean" option (FIO_OPT_STR_SET): written
// bare it means 1; with a value, any non-zero integer means true.
func flagOpt(name, help string, set func(*Job, bool)) *optionDef {
	return &optionDef{
		info: OptionInfo{Name: name, Type: "flag", Help: help},
		parse: func(j *Job, v string) error {
			n, err := parseCount(strings.TrimLeft(v, cSpace))
			if err != nil {
				return err
			}
			set(j, n != 0)
			return nil
		},
		bare: func(j *Job) { set(j, true) },
	}
}

// enumChoice is one accepted value of an enum option.
type enumChoice[T any] struct {
	name  string
	value T
}

// enumOpt is an option taking one of choices, matched exactly and
// case-sensitively as fio does. For any other value, other may return the
// error to report (a value fio knows but xbench does not); if it returns
// nil the value is reported as not one of the choices.
func enumOpt[T any](name, def, help string, choices []enumChoice[T], other func(string) error, set func(*Job, T)) *optionDef {
	names := make([]string, len(choices))
	for i, c := range choices {
		names[i] = c.name
	}
	return &optionDef{
		info: OptionInfo{Name: name, Type: "enum", Default: def, Help: help, Values: names},
		parse: func(j *Job, v string) error {
			if t := strings.TrimLeft(v, cSpace); t != v {
				return errors.New("fio keeps the blank after \"=\" and would not recognise the value; remove it")
			}
			for _, c := range choices {
				if c.name == v {
					set(j, c.value)
					return nil
				}
			}
			if other != nil {
				if err := other(v); err != nil {
					return err
				}
			}
			return fmt.Errorf("want one of %s", strings.Join(names, ", "))
		},
	}
}

// stringOpt is a free-form string option. set gets the value as written,
// with the leading blanks fio keeps, and may reject it. An empty value is
// an error, as in fio.
func stringOpt(name, def, help string, set func(*Job, string) error) *optionDef {
	return &optionDef{
		info: OptionInfo{Name: name, Type: "string", Default: def, Help: help},
		parse: func(j *Job, v string) error {
			if v == "" {
				return errors.New("empty value")
			}
			return set(j, v)
		},
	}
}

// cpuListOpt is an option holding a CPU list such as "0-3,6".
func cpuListOpt(name, help string, set func(*Job, CPUSet)) *optionDef {
	return &optionDef{
		info: OptionInfo{Name: name, Type: "cpulist", Help: help},
		parse: func(j *Job, v string) error {
			cpus, err := parseCPUList(v)
			if err != nil {
				return err
			}
			set(j, cpus)
			return nil
		},
	}
}

// optionIndex finds a definition by name or alias.
var optionIndex = indexOptions(optionDefs)

// indexOptions maps the names and aliases of defs to them.
func indexOptions(defs []*optionDef) map[string]*optionDef {
	m := make(map[string]*optionDef, 2*len(defs))
	for _, o := range defs {
		m[o.info.Name] = o
		if o.info.Alias != "" {
			m[o.info.Alias] = o
		}
	}
	return m
}

// Options returns the options xbench implements, sorted by name.
func Options() []OptionInfo {
	out := make([]OptionInfo, 0, len(optionDefs))
	for _, o := range optionDefs {
		info := o.info
		info.Values = slices.Clone(info.Values)
		info.Engines = slices.Clone(info.Engines)
		out = append(out, info)
	}
	slices.SortFunc(out, func(a, b OptionInfo) int { return strings.Compare(a.Name, b.Name) })
	return out
}
