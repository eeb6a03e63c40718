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
	"github.com/xbench/xbench/workload"
)

// This file is the default command: run job files, with fio's flags.

// options are the parsed flags.
type options struct {
	// formats are the report formats, in the order fio prints them.
	formats  []string
	output   string
	jobFiles []string
	// jobArgs are the job options given as flags, in order.
	jobArgs   []workload.Arg
	sections  []string
	parseOnly bool
	showCmd   bool
	readOnly  bool
	force     bool
	multi     multiRun // --repeat, --engines: see repeatflags.go
	// terseVersion, eta, statusInterval, hdrLog and hdrInterval shape the
	// outputs: see outputs.go and watch.go.
	terseVersion   int
	eta            string
	statusInterval time.Duration
	hdrLog         string
	hdrInterval    time.Duration
}

// runJobFiles parses the flags of a run and runs its job files.
func runJobFiles(ctx context.Context, in *interrupts, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
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
	plan, err := workload.Load(o.jobArgs, o.jobFiles, workload.ParseOptions{
		Sections: o.sections,
		ReadOnly: o.readOnly,
		Stdin:    stdin,
	})
	if err != nil {
		return usageError{err}
	}
	switch {
	case o.showCmd:
		return writeShowCmd(out, plan.Files)
	case o.parseOnly:
		return nil
	case len(plan.Jobs) == 0:
		where := "the command line"
		if n := len(o.jobFiles); n > 0 {
			where = o.jobFiles[n-1]
		}
		return usageError{fmt.Errorf("%s: no jobs defined", where)}
	}
	if o.multi.active() {
		return runMulti(ctx, o, plan, out, stderr)
	}
	return runJobs(ctx, in, o, plan, out, stderr)
}

// parseFlags reads the command line. It returns nil options when a flag
// such as --version has already done all there is to do.
func parseFlags(args []string, stdout io.Writer) (*options, error) {
	fs := pflag.NewFlagSet("xbench", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	format := fs.String("output-format", "normal", "report formats, a comma list of normal, json, json+, terse and html")
	output := fs.String("output", "", "write the report to this file instead of stdout")
	terse := fs.Int("terse-version", 3, "terse format version: 3, 4 or 5")
	eta := fs.String("eta", "auto", "show the progress line on stderr: always, never, or auto (when stderr is a terminal)")
	var status secondsFlag
	fs.Var(&status, "status-interval", "print a full interim report every `N` seconds (or with a unit: 500ms, 1m); 0 turns it off")
	minimal := fs.Bool("minimal", false, "terse output, as --output-format=terse")
	hdrLog := fs.String("hdr-log", "", "write every job's interval latency histograms to this file, in the HdrHistogram log format")
	hdrInterval := fs.Duration("hdr-log-interval", time.Second, "interval of --hdr-log histograms (log_hist_msec when a job sets write_hist_log)")
	sections := fs.StringArray("section", nil, "run only the job section `NAME` (repeatable; the command line and first job file only, as in fio)")
	parseOnly := fs.Bool("parse-only", false, "check the job files and options, run nothing")
	showCmd := fs.Bool("showcmd", false, "print each job file as the equivalent fio command line")
	readOnly := fs.Bool("readonly", false, "refuse any job that writes, before anything is opened")
	force := fs.Bool("force", false, "write to block devices that hold a partition table, an LVM or RAID signature or other devices (a mounted filesystem still needs allow_mounted_write=1)")
	cmdHelp := fs.String("cmdhelp", "", "list the job options, or describe `OPTION`")
	fs.Lookup("cmdhelp").NoOptDefVal = "all"
	engHelp := fs.String("enghelp", "", "list the IO engines that run here, or describe `ENGINE`'s options")
	fs.Lookup("enghelp").NoOptDefVal = "all"
	version := fs.Bool("version", false, "print the version and exit")
	help := fs.BoolP("help", "h", false, "print this help and exit")
	var seen seenFlags
	addFioFlags(fs, &seen)
	var jobs jobArgs
	addJobFlags(fs, &jobs)
	multi := addMultiRunFlags(fs)

	if err := fs.Parse(longFlags(fs, args)); err != nil {
		return nil, usageError{fmt.Errorf("%w (see xbench --help)", err)}
	}
	if len(seen.names) > 0 {
		return nil, usageError{fmt.Errorf("fio flag --%s is not supported by xbench", seen.names[0])}
	}
	switch {
	case *help:
		writeUsage(stdout, fs)
		return nil, nil
	case *version:
		fmt.Fprintln(stdout, versionString())
		return nil, nil
	case fs.Changed("cmdhelp"):
		return nil, writeCmdHelp(stdout, *cmdHelp)
	case fs.Changed("enghelp"):
		return nil, writeEngHelp(stdout, *engHelp)
	}
	o := &options{
		output:         *output,
		jobFiles:       fs.Args(),
		jobArgs:        jobs.args,
		sections:       *sections,
		parseOnly:      *parseOnly,
		showCmd:        *showCmd,
		readOnly:       *readOnly,
		force:          *force,
		terseVersion:   *terse,
		eta:            *eta,
		statusInterval: time.Duration(status),
		hdrLog:         *hdrLog,
		hdrInterval:    *hdrInterval,
	}
	var err error
	if *minimal {
		*format += ",terse"
	}
	if o.formats, err = parseFormats(*format); err != nil {
		return nil, usageError{err}
	}
	if o.multi, err = multi(); err != nil {
		return nil, usageError{err}
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
	if len(o.jobFiles) == 0 && !hasJob(o.jobArgs) && !o.parseOnly && !o.showCmd {
		return nil, usageError{errors.New("no job file given (usage: xbench [options] JOBFILE...)")}
	}
	return o, nil
}

// hasJob reports whether the command line starts a job (--name=X, X not
// a global section).
func hasJob(args []workload.Arg) bool {
	return slices.ContainsFunc(args, func(a workload.Arg) bool {
		return a.Name == "name" && !strings.HasPrefix(a.Value, "global")
	})
}

// secondsFlag is a flag that takes a time as fio's command line does: a
// number of seconds, or a number with fio's time suffix.
type secondsFlag time.Duration

func (f *secondsFlag) Set(v string) error {
	d, err := workload.ParseTime(v, time.Second)
	if err != nil {
		return err
	}
	*f = secondsFlag(d)
	return nil
}
func (f *secondsFlag) String() string { return time.Duration(*f).String() }
func (f *secondsFlag) Type() string   { return "seconds" }

// parseFormats reads --output-format, a comma list, into the formats to
// print in fio's order: terse, then json or json+, then normal; xbench's
// html comes last. fio's "minimal" is its name for terse.
func parseFormats(list string) ([]string, error) {
	want := map[string]bool{}
	for f := range strings.SplitSeq(list, ",") {
		f = strings.TrimSpace(f)
		if f == "minimal" {
			f = "terse"
		}
		if !slices.Contains(outputFormats, f) {
			return nil, fmt.Errorf("--output-format: unknown format %q (want %s)", f, strings.Join(outputFormats, ", "))
		}
		want[f] = true
	}
	var out []string
	for _, f := range []string{"terse", "json", "json+", "normal", "html"} {
		if want[f] {
			out = append(out, f)
		}
	}
	return out, nil
}

// writeUsage writes --help.
func writeUsage(w io.Writer, fs *pflag.FlagSet) {
	fmt.Fprintf(w, `usage: xbench [options] [--name=JOB --OPTION=VALUE...] [JOBFILE...]
       xbench COMMAND [options] ...

Runs fio job files (JOBFILE "-" is standard input) and jobs given on the
command line: --name=JOB starts a job, any job option follows as
--OPTION=VALUE, and options before the first --name apply to every job.
xbench --cmdhelp lists the job options.

%s`, fs.FlagUsages())
	if cmds := commands(); len(cmds) > 0 {
		fmt.Fprintf(w, "\ncommands:\n")
		for _, n := range slices.Sorted(maps.Keys(cmds)) {
			fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
		}
	}
}
