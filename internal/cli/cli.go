// Package cli is xbench's command line: it parses flags and job files, runs
// the jobs and writes the reports. cmd/xbench is a thin wrapper around Main.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"
)

// Version is xbench's version, set at build time with
// -ldflags "-X github.com/xbench/xbench/internal/cli.Version=...".
var Version = "dev"

// Exit statuses.
const (
	exitOK      = 0
	exitFailed  = 1 // a job could not start, or ended with an error
	exitBadArgs = 2 // bad flags or a job file xbench rejects
)

// usageError is a mistake on the command line or in a job file: exit 2.
type usageError struct{ error }

// command is a subcommand: xbench NAME ARGS...
type command struct {
	// summary is the one line shown in --help.
	summary string
	// run runs it with the arguments after its name.
	run func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands returns xbench's subcommands. Without one, xbench runs job
// files, as fio does. (A function rather than a variable, so that commands
// may refer back to it without an initialization cycle.)
func commands() map[string]command {
	return map[string]command{
		"compare": compareCommand,
		"libconf": {summary: "say whether libxnvme loads, from where, and its build configuration", run: runLibconf},
		"enum":    {summary: "list the devices libxnvme finds (without it, those sysfs lists)", run: runEnum},
		"info":    {summary: "open a device URI through libxnvme and print its identity and geometry", run: runInfo},
	}
}

// Main runs xbench with args (without the program name) and returns the
// exit status. Reports go to stdout (or --output); everything else goes to
// stderr, one line per error. The job file "-" reads os.Stdin.
func Main(args []string, stdout, stderr io.Writer) int {
	return Run(args, os.Stdin, stdout, stderr)
}

// Run is Main reading the job file "-" from stdin.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, in, stop := watchSignals()
	defer stop()
	var err error
	if cmd, ok := commands()[firstArg(args)]; ok {
		err = cmd.run(ctx, args[1:], stdout, stderr)
	} else {
		err = runJobFiles(ctx, in, args, stdin, stdout, stderr)
	}
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, pflag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "xbench: %v\n", err)
		return exitBadArgs
	default:
		fmt.Fprintf(stderr, "xbench: %v\n", err)
		return exitFailed
	}
}

func firstArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

// versionString is what fio calls its version string, "fio-3.33".
func versionString() string { return "xbench-" + Version }
