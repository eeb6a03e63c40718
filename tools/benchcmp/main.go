// Command benchcmp runs the same jobs through fio and xbench, interleaved
// (fio, xbench, xbench, fio, ...: the order alternates from one round to
// the next), and prints one table of the performance targets: for each,
// the medians of both tools, the value the target is about (mostly a
// ratio xbench/fio), the target, and whether it is met. It is what `make
// bench` runs; --json writes the same as JSON (`make bench-json`).
//
// The targets (issue 9): null engine 4 KiB random reads at iodepth 1
// (IOPS >= 2x fio's) and 32 (>= 3x); io_uring 4 KiB random reads of a loop
// device over a tmpfs file at iodepth 32 (IOPS >= 1x fio's, whole-process
// user CPU per IO <= 0.5x); numjobs=2 of the null QD1 job reaching >= 1.8x
// the single job's IOPS; and clat percentiles on the loop device that
// agree with fio's within the noise of the runs. Both tools record every
// latency (no gtod_reduce).
//
// The loop device (--loop) is backed by a file on tmpfs (the default: bound
// by the CPU, the steadiest on a virtual machine) or on the disk
// filesystem of --dir, attached with --direct-io=on; attaching needs root
// and losetup, and without them the jobs read a file in --dir instead.
// --matrix runs the engine matrix instead: every engine at iodepth 1, 32
// and 128 on the loop device, IOPS and CPU side by side.
//
// CPU comes from wait4's resource usage of each process, which includes
// every thread and reaped child, so both tools pay for all they do.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"time"

	"github.com/spf13/pflag"

	"github.com/xbench/xbench/internal/xnvme"
)

// config is what the flags ask for.
type config struct {
	xbench, fio      string
	reps             int
	runtime          string
	dir, loop        string
	only             *regexp.Regexp
	jsonPath, commit string
	matrix           bool
	show             string
}

func main() {
	var c config
	pflag.StringVar(&c.xbench, "xbench", "bin/xbench", "the xbench binary")
	pflag.StringVar(&c.fio, "fio", "fio", "the fio binary")
	pflag.IntVar(&c.reps, "reps", 5, "runs of each tool per job, interleaved")
	pflag.StringVar(&c.runtime, "runtime", "3", "runtime of each run (fio time syntax)")
	pflag.StringVar(&c.dir, "dir", ".", "directory for the data files (a disk filesystem that accepts O_DIRECT)")
	pflag.StringVar(&c.loop, "loop", "tmpfs", "back the loop device with a file on tmpfs (/dev/shm) or on the disk of --dir (disk), or use a file in --dir (none)")
	only := pflag.String("only", "", "run only the jobs whose name matches this regular expression")
	pflag.StringVar(&c.jsonPath, "json", "", "also write the table and every run to this file as JSON")
	pflag.StringVar(&c.commit, "commit", "", "the commit measured, for the record")
	pflag.BoolVar(&c.matrix, "matrix", false, "run the engine matrix (every engine at iodepth 1, 32, 128) instead of the targets")
	pflag.StringVar(&c.show, "show", "", "run nothing: print the table of targets of a JSON file written by --json, from its runs")
	pflag.Parse()
	if c.show != "" {
		check(show(c.show))
		return
	}
	if abs, err := exec.LookPath(c.xbench); err == nil {
		c.xbench, _ = filepath.Abs(abs)
	}
	var err error
	c.only, err = regexp.Compile(*only)
	check(err)
	check(run(c))
}

// run measures the cases and prints the table.
func run(c config) error {
	if _, err := exec.LookPath(c.fio); err != nil {
		return fmt.Errorf("%s not found: the table compares xbench with fio", c.fio)
	}
	tmp, err := os.MkdirTemp("", "benchcmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	cases := targetCases()
	if c.matrix {
		cases = matrixCases()
	}
	var chosen []benchCase
	for _, bc := range cases {
		if c.only.MatchString(bc.name) {
			chosen = append(chosen, bc)
		}
	}
	target, what := "", ""
	for _, bc := range chosen {
		if bc.disk {
			t, desc, cleanup, err := prepareTarget(c.loop, c.dir)
			if err != nil {
				return err
			}
			defer cleanup()
			target, what = t, desc
			break
		}
	}

	rec := record{
		Date: time.Now().UTC().Format(time.RFC3339), Commit: c.commit, CPUs: runtime.NumCPU(),
		Clock: xnvme.ClockSource().String(), Target: what, Reps: c.reps, Runtime: c.runtime,
		LoadBefore: loadAverage(), Runs: map[string]*runs{},
	}
	if v, err := exec.Command(c.fio, "--version").Output(); err == nil {
		rec.Fio = string(trimSpace(v))
	}
	paths := map[string]string{}
	for i, bc := range chosen {
		path := filepath.Join(tmp, fmt.Sprintf("case%d.ini", i))
		if err := os.WriteFile(path, []byte(bc.jobText(target, c.runtime)), 0o644); err != nil {
			return err
		}
		paths[bc.name] = path
		rec.Runs[bc.name] = &runs{}
	}
	// Rounds: every case once per tool in each, the tool that goes first
	// alternating, so that neither always runs on a machine the other
	// just warmed or loaded.
	for rep := range c.reps {
		for _, bc := range chosen {
			r := rec.Runs[bc.name]
			for k := range 2 {
				if (k+rep)%2 == 0 {
					s, err := runOne(c.fio, paths[bc.name])
					if err != nil {
						return err
					}
					r.Fio = append(r.Fio, s)
				} else {
					s, err := runOne(c.xbench, paths[bc.name])
					if err != nil {
						return err
					}
					r.XBench = append(r.XBench, s)
				}
			}
		}
	}
	rec.LoadAfter = loadAverage()
	if c.matrix {
		printMatrix(os.Stdout, &rec, chosen)
	} else {
		rec.Targets = targets(rec.Runs)
		printTargets(os.Stdout, &rec)
	}
	if c.jsonPath != "" {
		return writeJSON(c.jsonPath, &rec)
	}
	return nil
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchcmp:", err)
		os.Exit(1)
	}
}
