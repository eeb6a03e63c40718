package cli

import (
	"fmt"

	"github.com/spf13/pflag"
)

// This file knows fio's own command-line flags (init.c: l_opts) that
// xbench does not implement, so that it names them rather than calling
// them unknown, and takes the two that change nothing for xbench.

// fioFlag is one of fio's command-line flags.
type fioFlag struct {
	name string
	// arg says whether it takes a value: "required", "optional" or "none".
	arg string
}

// unsupportedFioFlags are fio's flags xbench does not implement.
var unsupportedFioFlags = []fioFlag{
	{"latency-log", "required"}, {"bandwidth-log", "none"}, {"minimal", "none"},
	{"append-terse", "optional"}, {"enghelp", "optional"}, {"eta-interval", "required"},
	{"eta-newline", "required"}, {"debug", "required"}, {"inflate-log", "required"},
	{"alloc-size", "required"}, {"profile", "required"}, {"warnings-fatal", "none"},
	{"terse-version", "required"}, {"server", "optional"}, {"server-internal", "required"},
	{"daemonize", "required"}, {"client", "required"}, {"remote-config", "required"},
	{"cpuclock-test", "none"}, {"crctest", "optional"}, {"memcpytest", "optional"},
	{"idle-prof", "required"}, {"status-interval", "required"}, {"trigger-file", "required"},
	{"trigger-timeout", "required"}, {"trigger", "required"}, {"trigger-remote", "required"},
	{"aux-path", "required"}, {"merge-blktrace-only", "none"},
}

// seenFlags records the unsupported fio flags a command line used.
type seenFlags struct{ names []string }

// seenFlag is an unsupported fio flag; setting it records its use.
type seenFlag struct {
	name string
	seen *seenFlags
}

func (f *seenFlag) Set(string) error { f.seen.names = append(f.seen.names, f.name); return nil }
func (f *seenFlag) String() string   { return "" }
func (f *seenFlag) Type() string     { return "fio" }

// etaFlag is fio's --eta. xbench prints no progress line, which is what
// --eta=never asks for, and what auto gives when the output is not a
// terminal.
type etaFlag struct{}

func (etaFlag) Set(v string) error {
	switch v {
	case "never", "auto":
		return nil
	case "always":
		return fmt.Errorf("not supported by xbench (it prints no progress line)")
	}
	return fmt.Errorf("want never, auto or always")
}
func (etaFlag) String() string { return "" }
func (etaFlag) Type() string   { return "when" }

// addFioFlags adds fio's flags xbench does not implement to fs, recording
// their use in seen, and the ones it takes without effect.
func addFioFlags(fs *pflag.FlagSet, seen *seenFlags) {
	for _, ff := range unsupportedFioFlags {
		f := fs.VarPF(&seenFlag{name: ff.name, seen: seen}, ff.name, "", "")
		if ff.arg != "required" {
			f.NoOptDefVal = bareValue
		}
		f.Hidden = true
	}
	fs.Var(etaFlag{}, "eta", "when to print fio's progress line: xbench prints none (never, auto)")
	var maxJobs int
	fs.IntVar(&maxJobs, "max-jobs", 0, "ignored, as fio ignores it")
	fs.Lookup("max-jobs").Hidden = true
}
