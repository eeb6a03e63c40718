package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// runner runs xbench and xbench compare in a scratch directory and adds up
// the CPU time they take.
type runner struct {
	xbench, dir string
	c           config
	childCPU    time.Duration
}

// writeJob writes the job file text with c.set and extra added to every
// job section, and returns its path.
func (r *runner) writeJob(text, name string, extra []string) (string, error) {
	p := filepath.Join(r.dir, name+".ini")
	return p, os.WriteFile(p, []byte(withOptions(text, slices.Concat(r.c.set, extra))), 0o644)
}

// xbenchRun runs the job file once, with JSON output, and appends the
// report to out: compare reads a file of reports one after another as
// that many runs.
func (r *runner) xbenchRun(job, out string) error {
	args := []string{r.xbench, "--output-format=json", job}
	if r.c.rtPriority > 0 {
		// Real-time (SCHED_FIFO) priority: other processes cannot take
		// the jobs' CPUs while they run.
		args = append([]string{"chrt", "--fifo", strconv.Itoa(r.c.rtPriority)}, args...)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = r.dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r.account(cmd)
	if err != nil {
		hint := ""
		if r.c.rtPriority > 0 {
			hint = " (chrt needs root or CAP_SYS_NICE; --rt-priority=0 runs without it)"
		}
		return fmt.Errorf("%s: %v: %s%s", strings.Join(args, " "), err, lastLine(stderr.String()), hint)
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("keeping the report: %w", err)
	}
	if _, err := f.Write(stdout.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("keeping the report: %w", err)
	}
	return f.Close()
}

// row is the part of compare's JSON rows that regcheck reads.
type row struct {
	Job        string   `json:"job"`
	Metric     string   `json:"metric"`
	Delta      *float64 `json:"delta"`
	Verdict    string   `json:"verdict"`
	Regression bool     `json:"regression"`
}

// compare runs xbench compare and returns its rows. Exit status 1 (a
// regression) is an outcome, not an error.
func (r *runner) compare(base, next string) ([]row, error) {
	cmd := exec.Command(r.xbench, "compare", "--format=json", "--fail-on="+r.c.failOn,
		"--threshold="+r.c.threshold, "--confidence="+r.c.confidence, base, next)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r.account(cmd)
	if exit, ok := err.(*exec.ExitError); err != nil && !(ok && exit.ExitCode() == 1) {
		return nil, fmt.Errorf("xbench compare %s %s: %v: %s", base, next, err, lastLine(stderr.String()))
	}
	var res struct {
		Rows []row `json:"rows"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("reading xbench compare's JSON: %w", err)
	}
	return res.Rows, nil
}

// account adds the CPU time of a finished command.
func (r *runner) account(cmd *exec.Cmd) {
	if s := cmd.ProcessState; s != nil {
		r.childCPU += s.UserTime() + s.SystemTime()
	}
}

// withOptions returns the job file text with the options added at the end
// of every job section, after the section's own options, so that they win.
// An option written JOB:name=value goes to the section JOB only.
func withOptions(text string, opts []string) string {
	var b strings.Builder
	section := ""
	flush := func() {
		if section == "" || strings.HasPrefix(section, "global") {
			return
		}
		for _, o := range opts {
			if job, opt, ok := strings.Cut(o, ":"); ok && !strings.Contains(job, "=") {
				if job != section {
					continue
				}
				o = opt
			}
			b.WriteString(o + "\n")
		}
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		if line == "" {
			continue
		}
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
			flush()
			section = strings.TrimSpace(t[1 : len(t)-1])
		}
		if !strings.HasSuffix(line, "\n") {
			line += "\n"
		}
		b.WriteString(line)
	}
	flush()
	return b.String()
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// parsePercent reads "10%" or "10" as 10.
func parsePercent(s string) (float64, error) {
	return strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "%"), 64)
}
