// Command benchcmp runs the same job files through fio and xbench, one after
// the other and interleaved (fio, xbench, fio, xbench, ...), and prints the
// median IOPS and the whole-process CPU per IO of both side by side. It is
// what `make bench` runs.
//
// CPU comes from wait4's resource usage of each process, which includes
// every thread and reaped child, so both tools pay for all they do.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"
)

// benchCase is one job, written to a file and run by both tools.
type benchCase struct {
	name string
	job  string // job file text; %s is replaced with the data file path
}

var cases = []benchCase{
	{"null 4k randread qd1", `
[null-qd1]
ioengine=null
rw=randread
bs=4k
size=1g
iodepth=1
time_based
runtime=%[2]s
`},
	{"null 4k randread qd32", `
[null-qd32]
ioengine=null
rw=randread
bs=4k
size=1g
iodepth=32
time_based
runtime=%[2]s
`},
	{"io_uring 4k randread qd32 file", `
[uring-qd32]
ioengine=io_uring
direct=1
rw=randread
bs=4k
size=256m
iodepth=32
time_based
runtime=%[2]s
filename=%[1]s
`},
}

// sample is one run's outcome.
type sample struct {
	iops    float64
	ios     float64
	cpu     time.Duration // user + system of the whole process
	elapsed time.Duration
}

func main() {
	xbench := pflag.String("xbench", "bin/xbench", "the xbench binary")
	fio := pflag.String("fio", "fio", "the fio binary")
	reps := pflag.Int("reps", 3, "runs of each tool per job, interleaved")
	runtime := pflag.String("runtime", "3", "runtime of each run (fio time syntax)")
	dir := pflag.String("dir", ".", "directory for the data file (must accept O_DIRECT)")
	pflag.Parse()
	if abs, err := exec.LookPath(*xbench); err == nil {
		*xbench, _ = filepath.Abs(abs)
	}

	haveFio := true
	if _, err := exec.LookPath(*fio); err != nil {
		fmt.Fprintf(os.Stderr, "benchcmp: %s not found; showing xbench only\n", *fio)
		haveFio = false
	}
	tmp, err := os.MkdirTemp("", "benchcmp-")
	check(err)
	defer os.RemoveAll(tmp)
	data, err := filepath.Abs(filepath.Join(*dir, "xbench-bench.dat"))
	check(err)
	defer os.Remove(data)

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "job\tfio IOPS\txbench IOPS\tratio\tfio CPU ns/IO\txbench CPU ns/IO\tCPU ratio\t\n")
	for i, c := range cases {
		path := filepath.Join(tmp, fmt.Sprintf("case%d.ini", i))
		check(os.WriteFile(path, []byte(fmt.Sprintf(c.job, data, *runtime)), 0o644))
		var fs, xs []sample
		for range *reps {
			if haveFio {
				fs = append(fs, runOne(*fio, path))
			}
			xs = append(xs, runOne(*xbench, path))
		}
		f, x := median(fs), median(xs)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", c.name,
			num(f.iops, haveFio), num(x.iops, true), ratio(x.iops, f.iops, haveFio),
			num(nsPerIO(f), haveFio), num(nsPerIO(x), true), ratio(nsPerIO(x), nsPerIO(f), haveFio))
	}
	tw.Flush()
	fmt.Printf("\nmedians of %d interleaved runs each; ratio = xbench/fio (IOPS: higher is better; CPU: lower is better)\n", *reps)
}

// runOne runs one tool on a job file with JSON output and reads its IOPS,
// IO count and whole-process CPU time.
func runOne(bin, job string) sample {
	var out, errb bytes.Buffer
	cmd := exec.Command(bin, "--output-format=json", job)
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Dir = filepath.Dir(job)
	began := time.Now()
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "benchcmp: %s %s: %v\n%s", bin, job, err, errb.String())
		os.Exit(1)
	}
	var rep struct {
		Jobs []struct {
			Read, Write struct {
				IOPS     float64 `json:"iops"`
				TotalIOs float64 `json:"total_ios"`
			}
		}
	}
	// fio may print notes before its JSON; start at the first brace.
	text := out.Bytes()
	if i := bytes.IndexByte(text, '{'); i > 0 {
		text = text[i:]
	}
	check(json.Unmarshal(text, &rep))
	s := sample{
		cpu:     cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(),
		elapsed: time.Since(began),
	}
	for _, j := range rep.Jobs {
		s.iops += j.Read.IOPS + j.Write.IOPS
		s.ios += j.Read.TotalIOs + j.Write.TotalIOs
	}
	return s
}

func median(s []sample) sample {
	if len(s) == 0 {
		return sample{}
	}
	s = slices.Clone(s)
	slices.SortFunc(s, func(a, b sample) int {
		switch {
		case a.iops < b.iops:
			return -1
		case a.iops > b.iops:
			return 1
		}
		return 0
	})
	return s[len(s)/2]
}

func nsPerIO(s sample) float64 {
	if s.ios == 0 {
		return 0
	}
	return float64(s.cpu.Nanoseconds()) / s.ios
}

func num(v float64, ok bool) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.0f", v)
}

func ratio(a, b float64, ok bool) string {
	if !ok || b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchcmp:", err)
		os.Exit(1)
	}
}
