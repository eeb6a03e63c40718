package main

import (
	"fmt"
	"math"
)

// runs are both tools' samples of one case.
type runs struct {
	Fio    []sample `json:"fio"`
	XBench []sample `json:"xbench"`
}

// targetRow is one row of the table: a measure of both tools, the value
// the target is about, and whether it is met.
type targetRow struct {
	Name string `json:"name"`
	// Fio and XBench are the medians shown side by side, in Unit.
	Fio    float64 `json:"fio"`
	XBench float64 `json:"xbench"`
	Unit   string  `json:"unit"`
	// Value is what the target judges: Measure says what it is.
	Value   float64 `json:"value"`
	Measure string  `json:"measure"`
	// Target is the bound, written out; Met whether Value meets it.
	Target string `json:"target"`
	Met    bool   `json:"met"`
	// Note says more, such as fio's own figure on a scaling row.
	Note string `json:"note,omitempty"`
}

// clatTolerance is the least relative difference that counts as the
// noise of a run for clat percentiles: each tool's own runs on the loop
// device spread by about this much from one run to the next.
const clatTolerance = 0.10

// targets evaluates the targets on the cases' runs.
func targets(r map[string]*runs) []targetRow {
	var rows []targetRow
	iopsAtLeast := func(name string, c benchCase, goal float64) {
		cr := r[c.name]
		if cr == nil {
			return
		}
		fc, xc := median(cr.Fio, cpuPerIO), median(cr.XBench, cpuPerIO)
		rows = append(rows, bound(targetRow{Name: name, Fio: median(cr.Fio, iopsOf), XBench: median(cr.XBench, iopsOf), Unit: "IOPS",
			Value: roundRatio(cr.XBench, cr.Fio), Measure: "xbench/fio",
			Note: fmt.Sprintf("CPU per IO: fio %.0f ns, xbench %.0f ns", fc, xc)}, ">=", goal))
	}
	iopsAtLeast("null 4k randread QD1: IOPS", nullQD1, 2.0)
	iopsAtLeast("null 4k randread QD32: IOPS", nullQD32, 3.0)
	iopsAtLeast("io_uring loop/tmpfs 4k randread QD32: IOPS", uringQD32, 1.0)
	if cr := r[uringQD32.name]; cr != nil {
		fio, xb := median(cr.Fio, userPerIO), median(cr.XBench, userPerIO)
		rows = append(rows, bound(targetRow{Name: "io_uring loop/tmpfs QD32: user CPU per IO (whole process)", Fio: fio, XBench: xb, Unit: "ns",
			Value: ratio(xb, fio), Measure: "xbench/fio"}, "<=", 0.5))
	}
	if one, two := r[nullQD1.name], r[nullQD1x2.name]; one != nil && two != nil {
		row := targetRow{Name: "null QD1 numjobs=2 on 2 CPUs: IOPS scaling", Fio: median(two.Fio, iopsOf), XBench: median(two.XBench, iopsOf),
			Unit: "IOPS", Value: roundRatio(two.XBench, one.XBench), Measure: "xbench 2 jobs/1 job"}
		row.Note = fmt.Sprintf("fio's own: %.2f; xbench CPU per IO: 1 job %.0f ns, 2 jobs %.0f ns", roundRatio(two.Fio, one.Fio),
			median(one.XBench, cpuPerIO), median(two.XBench, cpuPerIO))
		rows = append(rows, bound(row, ">=", 1.8))
	}
	for _, c := range []benchCase{uringQD1, uringQD32One} {
		cr := r[c.name]
		if cr == nil {
			continue
		}
		for _, p := range []struct {
			name string
			f    func(sample) float64
		}{{"p50", clatP50Of}, {"p99", clatP99Of}} {
			fio, xb := median(cr.Fio, p.f), median(cr.XBench, p.f)
			tol := max(clatTolerance, spread(cr.Fio, p.f), spread(cr.XBench, p.f))
			v := ratio(xb, fio)
			note := ""
			if tol > 0.5 {
				note = "inconclusive: the runs spread too widely to tell"
			}
			rows = append(rows, targetRow{Note: note,
				Name: fmt.Sprintf("io_uring loop/tmpfs QD%d%s: clat %s", c.depth, map[bool]string{true: " IO by IO", false: ""}[c.extra != ""], p.name), Fio: fio, XBench: xb, Unit: "ns",
				Value: v, Measure: "xbench/fio", Target: fmt.Sprintf("1 ± %.2f (run noise)", tol),
				Met: fio > 0 && math.Abs(v-1) <= tol,
			})
		}
	}
	return rows
}

// roundRatio is the median over rounds of the IOPS of a's run over b's,
// runs of one round being close in time: a machine whose load changes
// from one minute to the next moves both alike.
func roundRatio(a, b []sample) float64 {
	n := min(len(a), len(b))
	if n == 0 {
		return 0
	}
	r := make([]sample, n)
	for i := range n {
		r[i].IOPS = ratio(a[i].IOPS, b[i].IOPS)
	}
	return median(r, iopsOf)
}

// bound sets a row's target: value op goal.
func bound(row targetRow, op string, goal float64) targetRow {
	row.Target = fmt.Sprintf("%s %.1f", op, goal)
	switch op {
	case ">=":
		row.Met = row.Value >= goal
	case "<=":
		row.Met = row.Value > 0 && row.Value <= goal
	}
	return row
}

// ratio is a/b, or 0 without b.
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}
