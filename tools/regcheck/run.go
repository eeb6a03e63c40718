package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// variant is one configuration of the job file in a trial: as it is, or
// slowed.
type variant struct {
	name     string  // "A", "B", "10%"...
	slowdown float64 // 0 for the job as it is
	file     string  // its job file
}

// comparison is one comparison of a trial: variant new against base,
// counted in scenario sc.
type comparison struct {
	sc        *scenario
	base, new int // indexes into the variants
}

// design returns the variants of a trial, the comparisons made in each
// and their scenarios: A against B (identical configurations), and each
// slowed variant against A or B in turn.
func design(slowdowns []float64) ([]variant, []comparison, []*scenario) {
	vs := []variant{{name: "A"}, {name: "B"}}
	scs := []*scenario{newScenario("identical", 0)}
	cmps := []comparison{{sc: scs[0], base: 0, new: 1}}
	for i, s := range slowdowns {
		name := fmt.Sprintf("%.4g%%", 100*s) // 0.07 is 7.000000000000001%
		vs = append(vs, variant{name: name, slowdown: s})
		scs = append(scs, newScenario("slowed "+name, s))
		cmps = append(cmps, comparison{sc: scs[len(scs)-1], base: i % 2, new: len(vs) - 1})
	}
	return vs, cmps, scs
}

func run(c config) error {
	began := time.Now()
	xb, err := filepath.Abs(c.xbench)
	if err != nil {
		return err
	}
	text, err := os.ReadFile(c.job)
	if err != nil {
		return fmt.Errorf("reading the job file: %w", err)
	}
	tmp := c.keep
	if tmp == "" {
		if tmp, err = os.MkdirTemp("", "regcheck-"); err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
	} else if err := os.MkdirAll(tmp, 0o755); err != nil {
		return err
	}
	r := &runner{xbench: xb, dir: tmp, c: c}
	load0, err := readCPUBusy()
	if err != nil {
		return err
	}

	cal, err := r.calibrate(string(text))
	if err != nil {
		return err
	}
	vs, cmps, scs := design(c.slowdowns)
	for i := range vs {
		var extra []string
		if vs[i].slowdown > 0 {
			extra = cal.slowOptions(vs[i].slowdown, c.pause)
		}
		if vs[i].file, err = r.writeJob(string(text), "variant-"+vs[i].name, extra); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "calibrated (%s): %s\n", time.Since(began).Round(time.Second), cal)
	for _, v := range vs[2:] {
		fmt.Fprintf(os.Stderr, "  slowed %s: %s\n", v.name, strings.Join(cal.slowOptions(v.slowdown, c.pause), " "))
	}

	for t := range c.trials {
		outs := make([]string, len(vs))
		for i, v := range vs {
			outs[i] = filepath.Join(tmp, fmt.Sprintf("t%d-%s.json", t, v.name))
		}
		for round := range c.runs {
			// Every variant runs once per round, in an order that turns
			// from round to round (and trial to trial) over a Williams
			// Latin square: each variant holds each place, and follows
			// each other variant, equally often.
			for _, i := range williams(len(vs), t*c.runs+round) {
				if err := r.xbenchRun(vs[i].file, outs[i]); err != nil {
					return err
				}
			}
		}
		var line []string
		for _, cmp := range cmps {
			rows, err := r.compare(outs[cmp.base], outs[cmp.new])
			if err != nil {
				return err
			}
			line = append(line, cmp.sc.tally(rows, c.failOn))
		}
		busy, _ := readCPUBusy()
		fmt.Fprintf(os.Stderr, "trial %d/%d (%s, other processes %.2f CPUs): %s\n", t+1, c.trials,
			time.Since(began).Round(time.Second), busy.otherCPUs(load0, r.childCPU), strings.Join(line, "; "))
	}
	load1, err := readCPUBusy()
	if err != nil {
		return err
	}
	bad := summarize(os.Stdout, c, cal, scs)
	fmt.Printf("\n%d trials in %s; each ran the %d variants (%s) %d times, interleaved (order turning over a Williams Latin square), one run of %s per xbench process; compare --fail-on=%s --threshold=%s --confidence=%s\n",
		c.trials, time.Since(began).Round(time.Second), len(vs), variantNames(vs), c.runs,
		strings.Join(c.set, " "), c.failOn, c.threshold, c.confidence)
	fmt.Printf("other processes kept %.2f of %d CPUs busy on average while it ran (load average %s)\n",
		load1.otherCPUs(load0, r.childCPU), load1.cpus, loadAverage())
	if len(bad) > 0 {
		return fmt.Errorf("outside the limits: %s", strings.Join(bad, "; "))
	}
	return nil
}

func variantNames(vs []variant) string {
	var names []string
	for _, v := range vs {
		names = append(names, v.name)
	}
	return strings.Join(names, ", ")
}

// williams returns the order of n variants in round t: row t mod n of a
// Williams Latin square, in which every variant holds every place once
// and, for an even n, follows every other variant once, over n rounds.
func williams(n, t int) []int {
	first := make([]int, n)
	lo, hi := 1, n-1
	for i := 1; i < n; i++ {
		if i%2 == 1 {
			first[i], lo = lo, lo+1
		} else {
			first[i], hi = hi, hi-1
		}
	}
	out := make([]int, n)
	for i, s := range first {
		out[i] = (s + t) % n
	}
	return out
}
