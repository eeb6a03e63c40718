package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// record is everything one bench run measured: the JSON of --json.
type record struct {
	Date   string `json:"date"`
	Commit string `json:"commit,omitempty"`
	Fio    string `json:"fio_version,omitempty"`
	CPUs   int    `json:"cpus"`
	// Clock is the clock xbench stamps IOs with.
	Clock string `json:"xbench_clock"`
	// Target is the loop device (or file) the disk jobs read.
	Target  string `json:"target,omitempty"`
	Reps    int    `json:"reps"`
	Runtime string `json:"runtime"`
	// LoadBefore and LoadAfter are /proc/loadavg around the runs: the
	// machine is shared.
	LoadBefore [3]float64       `json:"load_before"`
	LoadAfter  [3]float64       `json:"load_after"`
	Targets    []targetRow      `json:"targets,omitempty"`
	Runs       map[string]*runs `json:"runs"`
}

// printTargets prints the table of targets.
func printTargets(w io.Writer, r *record) {
	header(w, r)
	const row = "%-58s %12s %12s %-5s %7s %-20s %-22s %s\n"
	fmt.Fprintf(w, row, "target", "fio", "xbench", "unit", "value", "measure", "target", "met")
	for _, t := range r.Targets {
		met := "no"
		if t.Met {
			met = "yes"
		}
		if t.Note != "" {
			met += " (" + t.Note + ")"
		}
		fmt.Fprintf(w, row, t.Name, human(t.Fio), human(t.XBench), t.Unit, fmt.Sprintf("%.2f", t.Value), t.Measure, t.Target, met)
	}
	footer(w, r)
}

// printMatrix prints the engine matrix: IOPS and CPU per IO side by side.
func printMatrix(w io.Writer, r *record, cases []benchCase) {
	header(w, r)
	const row = "%-34s %10s %12s %6s %16s %19s %10s\n"
	fmt.Fprintf(w, row, "job", "fio IOPS", "xbench IOPS", "ratio", "fio CPU ns/IO", "xbench CPU ns/IO", "CPU ratio")
	for _, c := range cases {
		cr := r.Runs[c.name]
		fi, xi := median(cr.Fio, iopsOf), median(cr.XBench, iopsOf)
		fc, xc := median(cr.Fio, cpuPerIO), median(cr.XBench, cpuPerIO)
		fmt.Fprintf(w, row, c.name, human(fi), human(xi), fmt.Sprintf("%.2f", ratio(xi, fi)),
			fmt.Sprintf("%.0f", fc), fmt.Sprintf("%.0f", xc), fmt.Sprintf("%.2f", ratio(xc, fc)))
	}
	footer(w, r)
	fmt.Fprintf(w, "sync, psync, pvsync and pvsync2 run one IO at a time whatever the iodepth, in both tools\n")
}

func header(w io.Writer, r *record) {
	fmt.Fprintf(w, "%s, commit %s, %s, %d CPUs, load average %.2f %.2f %.2f\n", r.Date, r.Commit, r.Fio, r.CPUs,
		r.LoadBefore[0], r.LoadBefore[1], r.LoadBefore[2])
	fmt.Fprintf(w, "xbench clock: %s\n", r.Clock)
	if r.Target != "" {
		fmt.Fprintf(w, "disk jobs read %s\n", r.Target)
	}
	fmt.Fprintln(w)
}

func footer(w io.Writer, r *record) {
	fmt.Fprintf(w, "\nmedians of %d runs of %s s per tool and job, interleaved (the tool that goes first alternates); load average after: %.2f %.2f %.2f\n",
		r.Reps, r.Runtime, r.LoadAfter[0], r.LoadAfter[1], r.LoadAfter[2])
	fmt.Fprintf(w, "IOPS values: median over rounds of the ratio of runs of one round, which follow each other\n")
	fmt.Fprintf(w, "CPU: whole process, from wait4 (every thread counts); clat percentiles agree when within the larger of 10%% and either tool's own spread of runs\n")
}

// human writes a figure with a unit prefix: 6.94M, 245k, 1527.
func human(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e4:
		return fmt.Sprintf("%.1fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}

// show prints the table of targets of the record at path, evaluated anew
// from its runs.
func show(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	r.Targets = targets(r.Runs)
	printTargets(os.Stdout, &r)
	return nil
}

// writeJSON writes the record to path.
func writeJSON(path string, r *record) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// trimSpace trims a command's output.
func trimSpace(b []byte) []byte { return bytes.TrimSpace(b) }
