package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/spf13/pflag"
)

// This file is the default command: run job files, with fio's flags.

// options are the parsed flags.
type options struct {
	formats  []string
	output   string
	jobFiles []string
	multi    multiRun // --repeat, --engines: see repeatflags.go
}

// runJobFiles parses the flags of a run and runs its job files.
func runJobFiles(ctx context.Context, args []string, stdout, stderr io.Writer) error {
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
	if o.multi.active() {
		return runMulti(ctx, o, out, stderr)
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
	multi := addMultiRunFlags(fs)
	fs.SortFlags = false
	if err := fs.Parse(args); err != nil {
		return nil, usageError{fmt.Errorf("%w (see xbench --help)", err)}
	}
	switch {
	case *help:
		fmt.Fprintf(stdout, "usage: xbench [options] JOBFILE...\n       xbench COMMAND [options] ...\n\nRuns fio job files.\n\n%s", fs.FlagUsages())
		if cmds := commands(); len(cmds) > 0 {
			fmt.Fprintf(stdout, "\ncommands:\n")
			for _, n := range slices.Sorted(maps.Keys(cmds)) {
				fmt.Fprintf(stdout, "  %-10s %s\n", n, cmds[n].summary)
			}
		}
		return nil, nil
	case *version:
		fmt.Fprintln(stdout, versionString())
		return nil, nil
	}
	o := &options{output: *output, jobFiles: fs.Args()}
	var err error
	if o.multi, err = multi(); err != nil {
		return nil, usageError{err}
	}
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
