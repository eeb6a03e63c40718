package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/xbench/xbench/compare"
)

// This file is `xbench compare BASE.json NEW.json`.

// compareCommand is the compare subcommand.
var compareCommand = command{
	summary: "compare two JSON reports (xbench or fio) and fail on a significant regression",
	run:     runCompare,
}

// defaultFailOn are the metrics whose regression fails by default.
const defaultFailOn = "iops,cpu"

// runCompare runs `xbench compare`. It returns nil (exit 0) when nothing
// that --fail-on names got significantly worse, an error (exit 1) when
// something did, and a usageError (exit 2) for bad flags or reports it
// cannot use.
func runCompare(_ context.Context, args []string, stdout, _ io.Writer) error {
	fs := pflag.NewFlagSet("xbench compare", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	threshold := fs.String("threshold", "5%", "change that does not count: the minimum effect size: a metric is worse or better only when its estimated change reaches it (and the U test is significant)")
	confidence := fs.String("confidence", "95%", "confidence of the interval of each change (Hodges-Lehmann, the Mann-Whitney U test's), in percent")
	points := fs.String("percentiles", "50,99,99.9", "completion latency percentiles to compare")
	failOn := fs.String("fail-on", defaultFailOn, "metrics whose significant regression fails (exit 1): iops, peak (the fastest IOPS sample), bw, cpu (CPU time per IO), pN (clat percentile), or none")
	format := fs.String("format", "text", "output format: text, markdown or json")
	help := fs.BoolP("help", "h", false, "print this help and exit")
	fs.SortFlags = false
	if err := fs.Parse(args); err != nil {
		return usageError{fmt.Errorf("compare: %w (see xbench compare --help)", err)}
	}
	if *help {
		fmt.Fprintf(stdout, "usage: xbench compare [options] BASE.json NEW.json\n\n"+
			"Compares two JSON reports of xbench (with --repeat, every run counts) or fio\n"+
			"(several reports appended to one file count as runs), job by job and direction\n"+
			"by direction. Exit status: 0 no significant regression, 1 a significant\n"+
			"regression of a --fail-on metric, 2 unusable input.\n\n%s", fs.FlagUsages())
		return nil
	}
	o, err := compareOptions(*threshold, *confidence, *points, *failOn)
	if err != nil {
		return usageError{fmt.Errorf("compare: %w", err)}
	}
	write, ok := map[string]func(io.Writer, *compare.Result) error{
		"text": compare.WriteText, "markdown": compare.WriteMarkdown, "json": compare.WriteJSON,
	}[*format]
	if !ok {
		return usageError{fmt.Errorf("compare: --format=%s: want text, markdown or json", *format)}
	}
	if fs.NArg() != 2 {
		return usageError{errors.New("compare: want two reports: xbench compare BASE.json NEW.json")}
	}
	base, err := compare.Load(fs.Arg(0))
	if err != nil {
		return usageError{fmt.Errorf("compare: %w", err)}
	}
	next, err := compare.Load(fs.Arg(1))
	if err != nil {
		return usageError{fmt.Errorf("compare: %w", err)}
	}
	res, err := compare.Compare(base, next, o)
	if err != nil {
		return usageError{fmt.Errorf("compare %s %s: %w", fs.Arg(0), fs.Arg(1), err)}
	}
	if err := write(stdout, res); err != nil {
		return fmt.Errorf("compare: writing: %w", err)
	}
	if reg := res.Regressions(); len(reg) > 0 {
		return fmt.Errorf("%s", firstLine(reg, len(reg)))
	}
	return nil
}

// firstLine is the one-line error of a failed comparison.
func firstLine(reg []compare.Row, n int) string {
	r := reg[0]
	s := fmt.Sprintf("regression: %s %s %+.1f%%", r.Key, r.Metric.Label(), 100*r.Delta)
	if n > 1 {
		s += fmt.Sprintf(" (and %d more)", n-1)
	}
	return s
}

// compareOptions reads the compare flags.
func compareOptions(threshold, confidence, points, failOn string) (compare.Options, error) {
	var o compare.Options
	t, err := parsePercent(threshold)
	if err != nil || t < 0 || t >= 100 {
		return o, fmt.Errorf("--threshold=%s: want a percentage from 0 to 100", threshold)
	}
	c, err := parsePercent(confidence)
	if err != nil || c <= 0 || c >= 100 {
		return o, fmt.Errorf("--confidence=%s: want a percentage between 0 and 100", confidence)
	}
	o.Threshold, o.Alpha = t/100, (100-c)/100
	o.Metrics = []compare.Metric{compare.IOPS, compare.BW, compare.CPU}
	for _, p := range strings.Split(points, ",") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		m, err := compare.ParseMetric("p" + strings.TrimPrefix(strings.TrimSpace(p), "p"))
		if err != nil {
			return o, fmt.Errorf("--percentiles=%s: %w", points, err)
		}
		if !slices.Contains(o.Metrics, m) {
			o.Metrics = append(o.Metrics, m)
		}
	}
	if strings.TrimSpace(failOn) == "none" {
		return o, nil
	}
	for _, f := range strings.Split(failOn, ",") {
		m, err := compare.ParseMetric(f)
		if err != nil {
			return o, fmt.Errorf("--fail-on=%s: %w", failOn, err)
		}
		if !slices.Contains(o.Metrics, m) {
			o.Metrics = append(o.Metrics, m) // peak or a percentile to fail on is also shown
		}
		if !slices.Contains(o.FailOn, m) {
			o.FailOn = append(o.FailOn, m)
		}
	}
	return o, nil
}

// parsePercent reads "5%" or "5" as 5.
func parsePercent(s string) (float64, error) {
	return strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "%"), 64)
}
