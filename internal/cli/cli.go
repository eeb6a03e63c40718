// Package cli is xbench's command line: it parses flags and job files, runs
// the jobs and writes the reports. cmd/xbench is a thin wrapper around Main.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

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

// options are the parsed flags.
type options struct {
	formats  []string
	output   string
	jobFiles []string
}

// Main runs xbench with args (without the program name) and returns the
// exit status. Reports go to stdout (or --output); everything else goes to
// stderr, one line per error.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, args, stdout, stderr)
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

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stdout)
	if err != nil || o == nil {
		return err
	}
	out := stdout
	if o.output != "" {
		f, err := os.Create(o.output)
		if err != nil {
			return fmt.Errorf("--output: %w", err)
		}
		defer f.Close()
		out = f
	}
	return runJobs(ctx, o, out, stderr)
}

// parseFlags reads the command line. It returns nil options when a flag
// such as --version has already done all there is to do.
func parseFlags(args []string, stdout io.Writer) (*options, error) {
	fs := pflag.NewFlagSet("xbench", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("output-format", "normal", "report format: normal or json, or a comma list of them")
	output := fs.String("output", "", "write the report to this file instead of stdout")
	version := fs.Bool("version", false, "print the version and exit")
	help := fs.BoolP("help", "h", false, "print this help and exit")
	fs.SortFlags = false
	if err := fs.Parse(args); err != nil {
		return nil, usageError{fmt.Errorf("%w (see xbench --help)", err)}
	}
	switch {
	case *help:
		fmt.Fprintf(stdout, "usage: xbench [options] JOBFILE...\n\nRuns fio job files.\n\n%s", fs.FlagUsages())
		return nil, nil
	case *version:
		fmt.Fprintln(stdout, versionString())
		return nil, nil
	}
	o := &options{output: *output, jobFiles: fs.Args()}
	for _, f := range strings.Split(*format, ",") {
		f = strings.TrimSpace(f)
		if f != "normal" && f != "json" {
			return nil, usageError{fmt.Errorf("--output-format: unknown format %q (want normal or json)", f)}
		}
		o.formats = append(o.formats, f)
	}
	if len(o.jobFiles) == 0 {
		return nil, usageError{errors.New("no job file given (usage: xbench [options] JOBFILE...)")}
	}
	return o, nil
}

// versionString is what fio calls its version string, "fio-3.33".
func versionString() string { return "xbench-" + Version }
