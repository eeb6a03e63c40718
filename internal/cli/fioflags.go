package cli

import "github.com/spf13/pflag"

// This file knows fio's own command-line flags (init.c: l_opts) that
// xbench does not implement, so that it names them rather than calling
// them unknown, and takes the one that changes nothing for xbench.

// fioFlag is one of fio's command-line flags.
type fioFlag struct {
	name string
	// arg says whether it takes a value: "required", "optional" or "none".
	arg string
}

// unsupportedFioFlags are fio's flags xbench does not implement.
var unsupportedFioFlags = []fioFlag{
	{"latency-log", "required"}, {"bandwidth-log", "none"},
	{"append-terse", "optional"}, {"eta-interval", "required"},
	{"eta-newline", "required"}, {"debug", "required"}, {"inflate-log", "required"},
	{"alloc-size", "required"}, {"profile", "required"}, {"warnings-fatal", "none"},
	{"server", "optional"}, {"server-internal", "required"},
	{"daemonize", "required"}, {"client", "required"}, {"remote-config", "required"},
	{"cpuclock-test", "none"}, {"crctest", "optional"}, {"memcpytest", "optional"},
	{"idle-prof", "required"}, {"trigger-file", "required"},
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
	var maxJobs int
	fs.IntVar(&maxJobs, "max-jobs", 0, "ignored, as fio ignores it")
	fs.Lookup("max-jobs").Hidden = true
}
