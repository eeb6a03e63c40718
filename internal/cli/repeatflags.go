package cli

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/xbench/xbench/workload"
)

// This file holds the flags that run the job files more than once:
// --repeat, --repeat-delay, --engines and --chart.

// multiRun says how often, and on which engines, to run the job files.
type multiRun struct {
	// repeat is the number of repetitions; 1 runs once.
	repeat int
	// delay is the pause between two runs.
	delay time.Duration
	// engines are the engines to compare; nil runs each job on its own.
	engines []engineSpec
	// chart is the SVG file to draw the comparison in; "" draws none.
	chart string
}

// active reports whether the job files run more than once, or on engines
// other than their own, so that runs must be kept apart and pooled.
func (m multiRun) active() bool { return m.repeat > 1 || m.engines != nil }

// engineSpec is one entry of --engines.
type engineSpec struct {
	// label is the entry as given: "io_uring", "xnvme:io_uring".
	label string
	// ioengine is the ioengine to set on every job.
	ioengine string
	// settings are the engine's own options to set after it: for
	// "xnvme:MECH", xnvme_async=MECH.
	settings []workload.Setting
}

// addMultiRunFlags defines the flags on fs and returns the function that
// reads them once fs is parsed.
func addMultiRunFlags(fs *pflag.FlagSet) func() (multiRun, error) {
	repeat := fs.Int("repeat", 1, "run the job files this many times; the JSON report keeps every run under \"repeats\" and pools them at the top level")
	delay := fs.String("repeat-delay", "0", "pause between two runs (seconds, or with a unit: 500ms, 2s)")
	engines := fs.String("engines", "", "run every job on each of these ioengines, interleaved across repetitions (io_uring,libaio,psync,xnvme:MECH), and compare them side by side")
	chart := fs.String("chart", "", "with --repeat or --engines, draw the comparison as an SVG chart in this file")
	return func() (multiRun, error) {
		m := multiRun{repeat: *repeat, chart: *chart}
		if m.repeat < 1 {
			return m, fmt.Errorf("--repeat=%d: want 1 or more", m.repeat)
		}
		d, err := parseDelay(*delay)
		if err != nil {
			return m, fmt.Errorf("--repeat-delay=%s: %w", *delay, err)
		}
		m.delay = d
		if fs.Changed("engines") {
			if m.engines, err = parseEngines(*engines); err != nil {
				return m, fmt.Errorf("--engines=%s: %w", *engines, err)
			}
		}
		if m.chart != "" && !m.active() {
			return m, errors.New("--chart needs --repeat=N (N > 1) or --engines")
		}
		return m, nil
	}
}

// parseDelay reads a pause: a number of seconds, as fio's times, or a
// number with a unit.
func parseDelay(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f < 0 {
			return 0, errors.New("negative")
		}
		return time.Duration(f * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, errors.New("not a duration (write 2, 2s or 500ms)")
	}
	if d < 0 {
		return 0, errors.New("negative")
	}
	return d, nil
}

// parseEngines reads --engines: ioengine names, or "xnvme:MECH" for the
// xnvme engine with the async mechanism MECH. A name neither fio nor xbench
// knows is an error; one xbench cannot run is kept, to be listed as not run.
func parseEngines(s string) ([]engineSpec, error) {
	var out []engineSpec
	for _, e := range strings.Split(s, ",") {
		e = strings.TrimSpace(e)
		if e == "" {
			return nil, errors.New("empty engine name")
		}
		spec := engineSpec{label: e, ioengine: e}
		if name, mech, ok := strings.Cut(e, ":"); ok {
			if name != "xnvme" || mech == "" {
				return nil, fmt.Errorf("%q: only xnvme takes a mechanism, as xnvme:MECH (xnvme:io_uring)", e)
			}
			spec.ioengine = name
			spec.settings = []workload.Setting{{Name: "xnvme_async", Value: mech}}
		}
		if !workload.KnownEngine(spec.ioengine) {
			return nil, fmt.Errorf("unknown ioengine %q", spec.ioengine)
		}
		if slices.ContainsFunc(out, func(o engineSpec) bool { return o.label == e }) {
			return nil, fmt.Errorf("%s is listed twice", e)
		}
		out = append(out, spec)
	}
	return out, nil
}
