package cli

import (
	"strings"

	"github.com/spf13/pflag"

	"github.com/xbench/xbench/workload"
)

// This file turns every job option into a flag, as fio's command line
// does: --bs=4k, --time_based. The flags are generated from the option
// definitions (workload.Options), plus fio's option names xbench lacks,
// which the job parser reports as not supported. They are recorded in
// order, since --name starts a job and the options before it are global.

// bareValue is what pflag passes for an option written without a value.
// Command-line arguments cannot hold a NUL byte, so no value is this.
const bareValue = "\x00"

// jobArgs records the job options of a command line in order.
type jobArgs struct {
	args []workload.Arg
}

// jobFlag is one job option as a flag.
type jobFlag struct {
	name string
	kind string
	rec  *jobArgs
}

func (f *jobFlag) Set(v string) error {
	if v == bareValue {
		f.rec.args = append(f.rec.args, workload.Arg{Name: f.name})
	} else {
		f.rec.args = append(f.rec.args, workload.Arg{Name: f.name, Value: v, HasValue: true})
	}
	return nil
}

func (f *jobFlag) String() string { return "" }
func (f *jobFlag) Type() string   { return f.kind }

// addJobFlags adds a hidden flag for every job option and alias, and for
// every option name fio knows, to fs; the flags record into rec. A name
// fs already has (one of xbench's own flags) is left alone.
func addJobFlags(fs *pflag.FlagSet, rec *jobArgs) {
	add := func(name, kind string, bare bool) {
		if fs.Lookup(name) != nil {
			return
		}
		f := fs.VarPF(&jobFlag{name: name, kind: kind, rec: rec}, name, "", "")
		if bare {
			f.NoOptDefVal = bareValue
		}
		f.Hidden = true
	}
	for _, o := range workload.Options() {
		bare := o.Type == "flag"
		add(o.Name, o.Type, bare)
		if o.Alias != "" {
			add(o.Alias, o.Type, bare)
		}
	}
	// fio's options xbench lacks take a value or none, so that the job
	// parser, not pflag, says what is wrong with them.
	for _, name := range workload.FioOptionNames() {
		add(name, "fio", true)
	}
}

// longFlags rewrites fio's single-dash long options ("-name=x", "-rw
// read"), which fio's getopt_long_only accepts, as pflag's "--name=x".
// A word after "--" is left alone, as is anything that is not one of
// fs's long flags.
func longFlags(fs *pflag.FlagSet, args []string) []string {
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' {
			name, _, _ := strings.Cut(a[1:], "=")
			if fs.Lookup(name) != nil {
				a = "-" + a
			}
		}
		out = append(out, a)
	}
	return out
}
