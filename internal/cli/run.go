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
	"time"

	"github.com/spf13/pflag"

	"github.com/xbench/xbench/report"
)

// This file is the default command: run job files, with fio's flags.

// options are the parsed flags.
type options struct {
	formats        []string
	output         string
	jobFiles       []string
	terseVersion   int
	eta            string
	statusInterval time.Duration
	hdrLog         string
	hdrInterval    time.Duration
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
	return runJobs(ctx, o, out, stderr)
}

// parseFlags reads the command line. It returns nil options when a flag
// such as --version has already done all there is to do.
func parseFlags(args []string, stdout io.Writer) (*options, error) {
	fs := pflag.NewFlagSet("xbench", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("output-format", "normal", "report formats, a comma list of normal, json, json+, terse and html")
	output := fs.String("output", "", "write the report to this file instead of stdout")
	terse := fs.Int("terse-version", 3, "terse format version: 3, 4 or 5")
	eta := fs.String("eta", "auto", "show the progress line on stderr: always, never, or auto (when stderr is a terminal)")
	status := fs.Duration("status-interval", 0, "print a full interim report this often (for example 10s); 0 turns it off")
	hdrLog := fs.String("hdr-log", "", "write every job's interval latency histograms to this file, in the HdrHistogram log format")
	hdrInterval := fs.Duration("hdr-log-interval", time.Second, "interval of --hdr-log histograms (log_hist_msec when a job sets write_hist_log)")
	version := fs.Bool("version", false, "print the version and exit")
	help := fs.BoolP("help", "h", false, "print this help and exit")
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
	o := &options{output: *output, jobFiles: fs.Args(), terseVersion: *terse, eta: *eta,
		statusInterval: *status, hdrLog: *hdrLog, hdrInterval: *hdrInterval}
	for _, f := range strings.Split(*format, ",") {
		f = strings.TrimSpace(f)
		if !slices.Contains(outputFormats, f) {
			return nil, usageError{fmt.Errorf("--output-format: unknown format %q (want %s)", f, strings.Join(outputFormats, ", "))}
		}
		if !slices.Contains(o.formats, f) {
			o.formats = append(o.formats, f)
		}
	}
	switch {
	case !slices.Contains(report.TerseVersions, o.terseVersion):
		return nil, usageError{fmt.Errorf("--terse-version: %d is not supported (want 3, 4 or 5)", o.terseVersion)}
	case o.eta != "always" && o.eta != "never" && o.eta != "auto":
		return nil, usageError{fmt.Errorf("--eta: unknown value %q (want always, never or auto)", o.eta)}
	case o.statusInterval < 0:
		return nil, usageError{errors.New("--status-interval must not be negative")}
	case o.hdrInterval <= 0:
		return nil, usageError{errors.New("--hdr-log-interval must be positive")}
	}
	if len(o.jobFiles) == 0 {
		return nil, usageError{errors.New("no job file given (usage: xbench [options] JOBFILE...)")}
	}
	return o, nil
}
