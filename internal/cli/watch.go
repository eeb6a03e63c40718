package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/xbench/xbench/engine"
	"github.com/xbench/xbench/internal/sysx"
	"github.com/xbench/xbench/report"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// watchers are the goroutines that watch a run: the progress line on
// stderr and the interim reports of --status-interval.
type watchers struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// startWatchers starts what o asks for.
func startWatchers(ctx context.Context, o *options, mon *engine.Monitor, jobs []*workload.Job,
	global []workload.Setting, out, stderr io.Writer) *watchers {
	ctx, cancel := context.WithCancel(ctx)
	w := &watchers{cancel: cancel}
	if showETA(o.eta, stderr) {
		w.wg.Go(func() { etaLoop(ctx, mon, stderr, time.Second) })
	}
	if o.statusInterval > 0 {
		w.wg.Go(func() { statusLoop(ctx, o, mon, global, out, stderr) })
	}
	return w
}

// stop stops the watchers and waits for them.
func (w *watchers) stop() {
	w.cancel()
	w.wg.Wait()
}

// showETA decides whether to show the progress line: always, never, or
// when stderr is a terminal.
func showETA(mode string, stderr io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	f, ok := stderr.(*os.File)
	return ok && sysx.IsTerminal(int(f.Fd()))
}

// etaLoop rewrites the progress line every interval, in place, and ends it
// with a newline when the run is over.
func etaLoop(ctx context.Context, mon *engine.Monitor, stderr io.Writer, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	var prev []engine.CloneProgress
	prevAt := time.Now()
	width := 0
	for {
		select {
		case <-ctx.Done():
			if width > 0 {
				fmt.Fprintln(stderr)
			}
			return
		case now := <-t.C:
			cur := mon.Progress()
			line := etaLine(cur, prev, now.Sub(prevAt))
			pad := max(width-len(line), 0)
			fmt.Fprintf(stderr, "\r%s%s", line, strings.Repeat(" ", pad))
			width = len(line)
			prev, prevAt = cur, now
		}
	}
}

// etaLine is fio's status line: "Jobs: 1 (f=1): [r(1)][45.5%][r=1034MiB/s][r=265k IOPS][eta 00m:06s]",
// with the rates of the last interval (dt) from the counters in cur and
// prev.
func etaLine(cur, prev []engine.CloneProgress, dt time.Duration) string {
	running := 0
	var states strings.Builder
	var rate, iops [stats.NumDirs]uint64
	var done, total float64
	var eta time.Duration
	for i, c := range cur {
		r := '_'
		switch {
		case c.Running:
			running++
			r = runState(c.Job.RW)
		case !c.Done:
			r = 'P'
		}
		states.WriteRune(r)
		if i < len(prev) && dt > 0 {
			for d := range stats.NumDirs {
				if c.IOs[d] >= prev[i].IOs[d] && c.Bytes[d] >= prev[i].Bytes[d] {
					iops[d] += uint64(float64(c.IOs[d]-prev[i].IOs[d]) / dt.Seconds())
					rate[d] += uint64(float64(c.Bytes[d]-prev[i].Bytes[d]) / dt.Seconds())
				}
			}
		}
		done += c.Fraction
		total++
		if c.Running && c.Fraction > 0 {
			eta = max(eta, time.Duration(float64(c.Elapsed)*(1-c.Fraction)/c.Fraction))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Jobs: %d (f=%d): [%s][%3.1f%%]", running, running, runLengths(states.String()), 100*done/max(total, 1))
	var rs, is []string
	for d := range stats.NumDirs {
		if rate[d] == 0 && iops[d] == 0 {
			continue
		}
		c := "rwt"[d : d+1]
		rs = append(rs, c+"="+report.Num2Str(rate[d], 4, 1, true, report.UnitBytePerSec))
		is = append(is, c+"="+report.Num2Str(iops[d], 4, 1, false, report.UnitNone))
	}
	if len(rs) > 0 {
		fmt.Fprintf(&b, "[%s][%s IOPS]", strings.Join(rs, ","), strings.Join(is, ","))
	}
	fmt.Fprintf(&b, "[eta %s]", etaString(eta))
	return b.String()
}

// runLengths writes fio's compressed run string: "rrrP" is "r(3),P(1)".
func runLengths(s string) string {
	var parts []string
	for i := 0; i < len(s); {
		k := i
		for k < len(s) && s[k] == s[i] {
			k++
		}
		parts = append(parts, fmt.Sprintf("%c(%d)", s[i], k-i))
		i = k
	}
	return strings.Join(parts, ",")
}

// etaString formats a time left as fio does: "01h:02m:03s" or "02m:03s",
// with days when needed.
func etaString(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	days, h, m, sec := s/86400, s/3600%24, s/60%60, s%60
	switch {
	case days > 0:
		return fmt.Sprintf("%dd:%02dh:%02dm:%02ds", days, h, m, sec)
	case h > 0:
		return fmt.Sprintf("%02dh:%02dm:%02ds", h, m, sec)
	}
	return fmt.Sprintf("%02dm:%02ds", m, sec)
}

// statusLoop writes a full interim report every --status-interval.
func statusLoop(ctx context.Context, o *options, mon *engine.Monitor, global []workload.Setting, out, stderr io.Writer) {
	t := time.NewTicker(o.statusInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			clones := mon.Interim(2 * time.Second)
			if len(clones) == 0 {
				continue
			}
			rep := buildRun(clones, global)
			interim := &options{formats: interimFormats(o.formats), terseVersion: o.terseVersion}
			if err := writeReports(out, interim, rep); err != nil {
				fmt.Fprintf(stderr, "xbench: interim report: %v\n", err)
			}
		}
	}
}

// interimFormats are the formats of interim reports: the text ones asked
// for (an HTML page is written once, at the end).
func interimFormats(formats []string) []string {
	var out []string
	for _, f := range formats {
		if f != "html" {
			out = append(out, f)
		}
	}
	return out
}

// runState is fio's letter for a running job in the progress line: R, W, M
// (mixed reads and writes) or D (trims), in lower case when random.
func runState(rw workload.RW) rune {
	r := 'R'
	switch {
	case rw.Mixed():
		r = 'M'
	case rw.Writes():
		r = 'W'
	case rw.Trims():
		r = 'D'
	}
	if rw.Random() {
		r += 'a' - 'A'
	}
	return r
}
