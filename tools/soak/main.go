// Command soak runs a mixed verify workload with injected faults for a
// bounded time, round after round, and checks that xbench holds up: its
// memory stays flat (the Go heap in use, and the resident set, which the C
// allocator's arenas move up and down), no goroutine or file descriptor
// leaks, and every
// fault the test engine injected is accounted for in the report (failed
// IOs in the errors counted, short IOs in short_ios, flipped bits in the
// verify failures). It is what `make soak` runs; it prints its figures and
// exits 1 when a check fails.
package main

import (
	"context"
	"fmt"
	flag "github.com/spf13/pflag"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/xbench/xbench/engine"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

func main() {
	duration := flag.Duration("duration", time.Minute, "how long to run rounds for")
	dir := flag.String("dir", "", "directory for the data files (default: a temporary one)")
	growth := flag.Float64("max-growth", 0.10, "the most the heap in use may grow from the second round to the last (growth under 1 MiB passes)")
	flag.Parse()
	if err := soak(*duration, *dir, *growth); err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
}

// jobFile is the soak's workload: random overwrites verified as they go
// and at the end, a mixed job whose writes fail now and then, and a job
// that checks, as it reads it, a file another wrote; every fault is
// injected by the test engine.
const jobFile = `
[global]
ioengine=xbench-fault
bs=4k
size=8m
continue_on_error=all
error_dump=0
verify_state_save=0
fault_delay=50us

[overwrite]
filename=DIR/a
rw=randwrite
norandommap
io_size=24m
iodepth=32
verify=crc32c
verify_backlog=64
fault_every=101
fault_short=4096:1m:3m:5m
fault_flip=12345:2000000:6000001

[mixed]
filename=DIR/b
rw=randrw
iodepth=8
verify=md5
fault_every=53
fault_rw=write
fault_short=8192:4m

[fill]
filename=DIR/c
rw=write
iodepth=4
verify=sha1
do_verify=0
fault_short=0:2m

[check]
filename=DIR/c
rw=randread
iodepth=16
stonewall
verify=sha1
fault_flip=777777:7777777
`

// round is what one round of the soak measured.
type round struct {
	heapKB, rssKB      uint64
	goroutines, fds    int
	ios, faults, errs  uint64
	shorts, shortsSeen uint64
}

// soak runs rounds for d and checks them.
func soak(d time.Duration, dir string, maxGrowth float64) error {
	if dir == "" {
		tmp, err := os.MkdirTemp("", "xbench-soak-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	jf, err := workload.Parse(strings.NewReader(strings.ReplaceAll(jobFile, "DIR", dir)), "soak.fio")
	if err != nil {
		return err
	}
	var base round
	var rounds []round
	var failures []string
	end := time.Now().Add(d)
	for len(rounds) < 3 || time.Now().Before(end) {
		r, problems, err := runRound(jf.Jobs)
		if err != nil {
			return err
		}
		failures = append(failures, problems...)
		m := measure()
		r.heapKB, r.rssKB, r.goroutines, r.fds = m.heapKB, m.rssKB, m.goroutines, m.fds
		rounds = append(rounds, r)
		if len(rounds) == 1 {
			// What the first run makes lazily (the runtime's poller, pools)
			// stays: count from there.
			base = m
		}
		fmt.Printf("round %3d: %8d IOs, %5d faults injected, %5d errors counted, %3d short IOs; heap %6d KiB, rss %6d KiB, %d goroutines, %d fds\n",
			len(rounds), r.ios, r.faults, r.errs, r.shortsSeen, r.heapKB, r.rssKB, r.goroutines, r.fds)
	}
	first, last := rounds[1], rounds[len(rounds)-1]
	if g := float64(last.heapKB)/float64(first.heapKB) - 1; g > maxGrowth && last.heapKB-first.heapKB > 1024 {
		failures = append(failures, fmt.Sprintf("the heap grew by %.1f%% from round 2 to round %d (%d to %d KiB)", 100*g, len(rounds), first.heapKB, last.heapKB))
	}
	// The resident set moves with the C allocator's arenas: a leak shows
	// as growth well past the highest of the first quarter of rounds.
	var early uint64
	for _, r := range rounds[:max(len(rounds)/4, 1)] {
		early = max(early, r.rssKB)
	}
	if last.rssKB > 2*early {
		failures = append(failures, fmt.Sprintf("the resident set grew to %d KiB, more than twice the %d KiB of the first rounds", last.rssKB, early))
	}
	if last.goroutines > base.goroutines {
		failures = append(failures, fmt.Sprintf("%d goroutines after the rounds, %d before", last.goroutines, base.goroutines))
	}
	if last.fds != base.fds {
		failures = append(failures, fmt.Sprintf("%d file descriptors after the rounds, %d before", last.fds, base.fds))
	}
	var ios, faults uint64
	for _, r := range rounds {
		ios += r.ios
		faults += r.faults
	}
	fmt.Printf("soak: %d rounds in %v, %d IOs, %d faults injected and accounted for; heap %d -> %d KiB, rss %d -> %d KiB, goroutines %d -> %d, fds %d -> %d\n",
		len(rounds), d, ios, faults, first.heapKB, last.heapKB, first.rssKB, last.rssKB, base.goroutines, last.goroutines, base.fds, last.fds)
	if len(failures) > 0 {
		return fmt.Errorf("%d checks failed:\n  %s", len(failures), strings.Join(failures, "\n  "))
	}
	return nil
}

// runRound runs the jobs once and checks that every injected fault is in
// the report.
func runRound(jobs []*workload.Job) (round, []string, error) {
	res, err := engine.Run(context.Background(), jobs, engine.Options{Entropy: uint64(time.Now().UnixNano())})
	if err != nil {
		return round{}, nil, err
	}
	var r round
	var problems []string
	for _, c := range res.Clones {
		st, f := c.Stats, c.Faults
		if f == nil {
			return r, nil, fmt.Errorf("job %s: no fault counts", c.Job.Name)
		}
		var short, issued, done uint64
		for d := range stats.NumDirs {
			short += st.Dirs[d].Short
			issued += st.Dirs[d].Issued
			done += st.Dirs[d].TotalIOs
		}
		r.ios += f.IOs
		r.faults += f.Failed + f.Shorts + f.Flipped
		r.errs += st.TotalErrors
		r.shortsSeen += short
		// A fatal error would end the job: with continue_on_error=all
		// and the injected errors all EIO or EILSEQ, none is.
		if want := f.Failed + f.Flipped; st.TotalErrors != want {
			problems = append(problems, fmt.Sprintf("job %s: %d errors counted, %d injected (%d failed IOs, %d flipped bits): %s",
				c.Job.Name, st.TotalErrors, want, f.Failed, f.Flipped, st.ErrorText))
		}
		if short != f.Shorts {
			problems = append(problems, fmt.Sprintf("job %s: %d short IOs counted, %d injected", c.Job.Name, short, f.Shorts))
		}
		if issued-done != f.Failed {
			problems = append(problems, fmt.Sprintf("job %s: %d IOs issued and not completed, %d failed", c.Job.Name, issued-done, f.Failed))
		}
	}
	return r, problems, nil
}

// measure reads the process's memory, goroutines and descriptors, after a
// collection.
func measure() round {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r := round{heapKB: ms.HeapInuse >> 10, goroutines: runtime.NumGoroutine()}
	if ents, err := os.ReadDir("/proc/self/fd"); err == nil {
		r.fds = len(ents)
	}
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for l := range strings.SplitSeq(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
				fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &r.rssKB)
			}
		}
	}
	return r
}
