// Command benchcmp runs the same jobs through fio and xbench, one after the
// other and interleaved (fio, xbench, fio, xbench, ...), and prints the
// median IOPS and the whole-process CPU per IO of both side by side, with
// their ratios. It is what `make bench` runs.
//
// The jobs: the null engine (the framework's own cost) and, for each engine
// at iodepth 1, 32 and 128, 4 KiB random reads of a loop device, plus
// io_uring with fixedbufs, registerfiles and submit batches of 32. The loop
// device (--loop) is backed by a file on tmpfs (the default: bound by the
// CPU, the steadiest on a virtual machine) or on the disk filesystem of
// --dir, attached with --direct-io=on; attaching needs root and losetup,
// and without them the jobs read a file in --dir instead.
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
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// benchCase is one job, run by both tools.
type benchCase struct {
	name   string
	engine string
	depth  int
	extra  string // more job options, one per line
	disk   bool   // reads the target rather than the null engine
}

// cases are the rows of the table.
func cases() []benchCase {
	var cs []benchCase
	for _, d := range []int{1, 32, 128} {
		cs = append(cs, benchCase{name: fmt.Sprintf("null qd%d", d), engine: "null", depth: d})
	}
	for _, e := range []string{"sync", "psync", "pvsync", "pvsync2", "libaio", "io_uring"} {
		for _, d := range []int{1, 32, 128} {
			cs = append(cs, benchCase{name: fmt.Sprintf("%s qd%d", e, d), engine: e, depth: d, disk: true})
		}
	}
	for _, d := range []int{32, 128} {
		cs = append(cs, benchCase{name: fmt.Sprintf("io_uring fixed+reg batch32 qd%d", d), engine: "io_uring", depth: d, disk: true,
			extra: "fixedbufs\nregisterfiles\niodepth_batch_submit=32\niodepth_batch_complete_max=32"})
	}
	return cs
}

// jobText is a case's job file.
func (c benchCase) jobText(target, runtime string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s]\nioengine=%s\nrw=randread\nbs=4k\niodepth=%d\ntime_based\nruntime=%s\n",
		strings.NewReplacer(" ", "-", "+", "-").Replace(c.name), c.engine, c.depth, runtime)
	if c.disk {
		fmt.Fprintf(&b, "direct=1\nfilename=%s\n", target)
		if !strings.HasPrefix(target, "/dev/") {
			b.WriteString("size=1g\n")
		}
	} else {
		b.WriteString("size=1g\n")
	}
	if c.extra != "" {
		b.WriteString(c.extra + "\n")
	}
	return b.String()
}

// sample is one run's outcome.
type sample struct {
	iops float64
	ios  float64
	cpu  time.Duration // user + system of the whole process
}

func main() {
	xbench := pflag.String("xbench", "bin/xbench", "the xbench binary")
	fio := pflag.String("fio", "fio", "the fio binary")
	reps := pflag.Int("reps", 3, "runs of each tool per job, interleaved")
	runtime := pflag.String("runtime", "3", "runtime of each run (fio time syntax)")
	dir := pflag.String("dir", ".", "directory for the data files (a disk filesystem that accepts O_DIRECT)")
	loop := pflag.String("loop", "tmpfs", "back the loop device with a file on tmpfs (/dev/shm) or on the disk of --dir (disk), or use a file in --dir (none)")
	only := pflag.String("only", "", "run only the jobs whose name matches this regular expression")
	pflag.Parse()
	if abs, err := exec.LookPath(*xbench); err == nil {
		*xbench, _ = filepath.Abs(abs)
	}
	match, err := regexp.Compile(*only)
	check(err)

	haveFio := true
	if _, err := exec.LookPath(*fio); err != nil {
		fmt.Fprintf(os.Stderr, "benchcmp: %s not found; showing xbench only\n", *fio)
		haveFio = false
	}
	tmp, err := os.MkdirTemp("", "benchcmp-")
	check(err)
	defer os.RemoveAll(tmp)
	target, what, cleanup := prepareTarget(*loop, *dir)
	defer cleanup()
	fmt.Printf("target: %s\n\n", what)

	const row = "%-34s %10s %12s %6s %16s %19s %10s\n"
	fmt.Printf(row, "job", "fio IOPS", "xbench IOPS", "ratio", "fio CPU s/M IOs", "xbench CPU s/M IOs", "CPU ratio")
	for i, c := range cases() {
		if !match.MatchString(c.name) {
			continue
		}
		path := filepath.Join(tmp, fmt.Sprintf("case%d.ini", i))
		check(os.WriteFile(path, []byte(c.jobText(target, *runtime)), 0o644))
		var fs, xs []sample
		for range *reps {
			if haveFio {
				fs = append(fs, runOne(*fio, path))
			}
			xs = append(xs, runOne(*xbench, path))
		}
		fi, xi := median(fs, iopsOf), median(xs, iopsOf)
		fc, xc := median(fs, cpuPerMillion), median(xs, cpuPerMillion)
		fmt.Printf(row, c.name, num(fi, "%.0f", haveFio), num(xi, "%.0f", true), ratio(xi, fi, haveFio),
			num(fc, "%.2f", haveFio), num(xc, "%.2f", true), ratio(xc, fc, haveFio))
	}
	fmt.Printf("\nmedians of %d interleaved runs each (fio, xbench, fio, xbench, ...), of IOPS and of CPU per IO apart; ratio = xbench/fio\n", *reps)
	fmt.Printf("(IOPS: higher is better; CPU seconds per million IOs, whole process from wait4: lower is better)\n")
	fmt.Printf("sync, psync, pvsync and pvsync2 run one IO at a time whatever the iodepth, in both tools\n")
}

// prepareTarget sets up what the disk jobs read: a loop device over a 1
// GiB file, or the file itself. It returns the path, a description and
// what undoes it.
func prepareTarget(loop, dir string) (string, string, func()) {
	backingDir := dir
	switch loop {
	case "tmpfs":
		backingDir = "/dev/shm"
	case "disk", "none":
	default:
		check(fmt.Errorf("--loop=%s: want tmpfs, disk or none", loop))
	}
	backing, err := filepath.Abs(filepath.Join(backingDir, fmt.Sprintf("xbench-bench-%d.dat", os.Getpid())))
	check(err)
	check(writeBacking(backing, 1<<30))
	removeBacking := func() { os.Remove(backing) }
	if loop == "none" {
		return backing, "a 1 GiB file, " + backing, removeBacking
	}
	out, err := exec.Command("losetup", "--find", "--show", "--direct-io=on", backing).CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchcmp: cannot attach a loop device (%v: %s); reading the file instead\n", err, bytes.TrimSpace(out))
		return backing, "a 1 GiB file, " + backing, removeBacking
	}
	dev := strings.TrimSpace(string(out))
	dio, _ := os.ReadFile("/sys/block/" + filepath.Base(dev) + "/loop/dio")
	desc := fmt.Sprintf("%s, a loop device over a 1 GiB file on %s (%s), direct-io=%s", dev, loop, backing, strings.TrimSpace(string(dio)))
	return dev, desc, func() {
		exec.Command("losetup", "--detach", dev).Run()
		removeBacking()
	}
}

// writeBacking writes size bytes of non-zero data to path, so that every
// page of a tmpfs file is there to read.
func writeBacking(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	buf := bytes.Repeat([]byte("xbench-benchcmp\n"), 1<<16)
	for off := int64(0); off < size; off += int64(len(buf)) {
		if _, err := f.WriteAt(buf, off); err != nil {
			return err
		}
	}
	return nil
}

// runOne runs one tool on a job file with JSON output and reads its IOPS,
// IO count and whole-process CPU time.
func runOne(bin, job string) sample {
	var out, errb bytes.Buffer
	cmd := exec.Command(bin, "--output-format=json", job)
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Dir = filepath.Dir(job)
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
	s := sample{cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	for _, j := range rep.Jobs {
		s.iops += j.Read.IOPS + j.Write.IOPS
		s.ios += j.Read.TotalIOs + j.Write.TotalIOs
	}
	return s
}

// median is the median of f over the runs (the upper one of an even count).
func median(s []sample, f func(sample) float64) float64 {
	if len(s) == 0 {
		return 0
	}
	v := make([]float64, len(s))
	for i := range s {
		v[i] = f(s[i])
	}
	slices.Sort(v)
	return v[len(v)/2]
}

func iopsOf(s sample) float64 { return s.iops }

// cpuPerMillion is a run's CPU seconds per million IOs.
func cpuPerMillion(s sample) float64 {
	if s.ios == 0 {
		return 0
	}
	return s.cpu.Seconds() / s.ios * 1e6
}

func num(v float64, format string, ok bool) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf(format, v)
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
