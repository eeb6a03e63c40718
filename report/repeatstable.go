package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// WriteRepeatsTable writes the runs of a repeated run or an engine
// comparison side by side: for each job and direction (and engine), the
// median IOPS, bandwidth, clat p50/p99/p99.9 and CPU per IO over the runs,
// each with its spread, and with engines the ratio of IOPS to the first
// engine. Engines that could not run follow, with the reason.
func WriteRepeatsTable(w io.Writer, r *Repeats) error {
	var b strings.Builder
	b.WriteString(repeatsHeading(r))
	sums := SummarizeRepeats(r)
	if len(sums) > 0 {
		b.WriteByte('\n')
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		cols := []string{"job", "dir"}
		if r.Engines != nil {
			cols = append(cols, "engine")
		}
		cols = append(cols, "IOPS", "bandwidth", "clat p50", "clat p99", "clat p99.9", "CPU/IO")
		if r.Engines != nil {
			cols = append(cols, "vs "+sums[0].Engine)
		}
		fmt.Fprintln(tw, strings.Join(cols, "\t"))
		for i, s := range sums {
			if i > 0 && (s.Entry != sums[i-1].Entry || s.Dir != sums[i-1].Dir) && r.Engines != nil {
				fmt.Fprintln(tw)
			}
			row := []string{s.Job, s.Dir.String()}
			if r.Engines != nil {
				row = append(row, s.Engine)
			}
			row = append(row,
				withSpread(FormatCount, s.IOPS), withSpread(FormatBytesPerSec, s.BW),
				withSpread(FormatNanos, s.P50), withSpread(FormatNanos, s.P99),
				withSpread(FormatNanos, s.P999), withSpread(FormatNanos, s.CPUPerIO))
			if r.Engines != nil {
				row = append(row, fmt.Sprintf("%.2f", s.Ratio))
			}
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(r.Unavailable) > 0 {
		b.WriteString("\nnot run here:\n")
		for _, p := range r.Unavailable {
			fmt.Fprintf(&b, "  %s: %s\n", p.Engine, p.Reason)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// repeatsHeading says what the table shows.
func repeatsHeading(r *Repeats) string {
	runs := map[string]int{}
	for _, run := range r.Runs {
		runs[run.Engine]++
	}
	n := 0
	for _, c := range runs {
		n = max(n, c)
	}
	what := fmt.Sprintf("%d %s", n, pluralWord(n, "run"))
	if r.Engines != nil {
		what += " per engine, interleaved"
	}
	if r.Delay > 0 {
		what += fmt.Sprintf(", %v apart", r.Delay)
	}
	return "\n" + what + "; medians, ± the largest deviation of a run from the median\n"
}

// withSpread formats a figure's median and spread: "512k ±2.1%".
func withSpread(format func(float64) string, f Figure) string {
	if math.IsNaN(f.Median) {
		return "-"
	}
	if math.IsNaN(f.Spread) {
		return format(f.Median)
	}
	return fmt.Sprintf("%s ±%.1f%%", format(f.Median), 100*f.Spread)
}

func pluralWord(n int, w string) string {
	if n == 1 {
		return w
	}
	return w + "s"
}
