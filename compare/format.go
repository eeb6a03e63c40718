package compare

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/xbench/xbench/report"
)

// This file writes a Result as text, as a Markdown table (for a pull
// request comment) and as JSON (for dashboards).

// WriteText writes the comparison as an aligned table for a terminal or a
// CI log.
func WriteText(w io.Writer, r *Result) error {
	var b strings.Builder
	for _, l := range r.preamble() {
		b.WriteString(l + "\n")
	}
	b.WriteByte('\n')
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(r.header(), "\t"))
	for i, row := range r.Rows {
		if i > 0 && row.Key != r.Rows[i-1].Key {
			fmt.Fprintln(tw)
		}
		fmt.Fprintln(tw, strings.Join(r.cells(&row, false), "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	b.WriteByte('\n')
	for _, l := range r.footer() {
		b.WriteString(l + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes the comparison as GitHub-flavoured Markdown.
func WriteMarkdown(w io.Writer, r *Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### xbench compare: %s\n\n", r.summary())
	for _, l := range r.preamble() {
		b.WriteString(l + "  \n")
	}
	b.WriteString("\n| " + strings.Join(r.header(), " | ") + " |\n|")
	for _, h := range r.header() {
		if h == "job" || h == "dir" || h == "engine" || h == "metric" || h == "verdict" {
			b.WriteString("---|")
		} else {
			b.WriteString("--:|")
		}
	}
	b.WriteByte('\n')
	for _, row := range r.Rows {
		b.WriteString("| " + strings.Join(r.cells(&row, true), " | ") + " |\n")
	}
	b.WriteByte('\n')
	for _, l := range r.footer() {
		b.WriteString(l + "  \n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// hasEngines reports whether any row is of an --engines run.
func (r *Result) hasEngines() bool {
	for _, row := range r.Rows {
		if row.Key.Engine != "" {
			return true
		}
	}
	return false
}

// preamble says what is compared, and how.
func (r *Result) preamble() []string {
	o := r.Options
	fail := make([]string, len(o.FailOn))
	for i, m := range o.FailOn {
		fail[i] = m.Name
	}
	failOn := strings.Join(fail, ",")
	if failOn == "" {
		failOn = "nothing"
	}
	return []string{
		fmt.Sprintf("base: %s (%s of %s)", r.Base.Path, runs(r.Base.Runs), r.Base.Producer),
		fmt.Sprintf("new:  %s (%s of %s)", r.New.Path, runs(r.New.Runs), r.New.Producer),
		fmt.Sprintf("rule: worse or better when the %g%% confidence interval of the change (Hodges-Lehmann, Mann-Whitney U) excludes 0 and the estimate reaches %g%%; fails on %s",
			100*(1-o.Alpha), 100*o.Threshold, failOn),
	}
}

func runs(n int) string {
	if n == 1 {
		return "1 run"
	}
	return fmt.Sprintf("%d runs", n)
}

// header returns the table's column names.
func (r *Result) header() []string {
	h := []string{"job", "dir"}
	if r.hasEngines() {
		h = append(h, "engine")
	}
	return append(h, "metric", "base", "new", "delta", fmt.Sprintf("%g%% CI", 100*(1-r.Options.Alpha)), "verdict")
}

// cells returns one row of the table.
func (r *Result) cells(row *Row, markdown bool) []string {
	k := row.Key
	job := k.Job
	if k.Clone > 0 {
		job = fmt.Sprintf("%s#%d", job, k.Clone+1)
	}
	if markdown {
		job = strings.ReplaceAll(job, "|", `\|`)
	}
	c := []string{job, k.Dir}
	if r.hasEngines() {
		c = append(c, k.Engine)
	}
	c = append(c, row.Metric.Label())
	if row.Missing != "" {
		return append(c, "-", "-", "-", "-", "n/a")
	}
	format := formatter(row.Metric)
	ci := "-"
	if row.Grounded {
		ci = fmt.Sprintf("%s to %s", percent(row.Low), percent(row.High))
	}
	verdict := row.Verdict.String()
	if !row.Grounded {
		verdict += "*"
	}
	if row.Regression() {
		verdict = strings.ToUpper(verdict)
		if markdown {
			verdict = "**" + verdict + "**"
		}
	}
	return append(c,
		withSpread(format, row.BaseMedian, row.BaseSpread, len(row.Base)),
		withSpread(format, row.NewMedian, row.NewSpread, len(row.New)),
		percent(row.Delta), ci, verdict)
}

// footer lists the notes and the outcome.
func (r *Result) footer() []string {
	var out []string
	if !r.Grounded() {
		out = append(out, fmt.Sprintf("* not statistically grounded: %s against %s are too few for a %g%% confidence interval; decided by the %g%% threshold alone (use --repeat=5 or more on both sides)",
			runs(r.Base.Runs), runs(r.New.Runs), 100*(1-r.Options.Alpha), 100*r.Options.Threshold))
	}
	for _, row := range r.Rows {
		if row.Missing != "" {
			out = append(out, fmt.Sprintf("%s %s: %s", row.Key, row.Metric.Label(), row.Missing))
		}
	}
	for _, k := range r.OnlyBase {
		out = append(out, fmt.Sprintf("only in %s: %s", r.Base.Path, k))
	}
	for _, k := range r.OnlyNew {
		out = append(out, fmt.Sprintf("only in %s: %s", r.New.Path, k))
	}
	out = append(out, r.summary()+".")
	return out
}

// summary is the outcome in a few words.
func (r *Result) summary() string {
	reg := r.Regressions()
	if len(reg) == 0 {
		return "no significant regression"
	}
	var what []string
	for _, row := range reg {
		what = append(what, fmt.Sprintf("%s %s %s", row.Key, row.Metric.Label(), percent(row.Delta)))
	}
	word := "regression"
	if len(reg) > 1 {
		word = "regressions"
	}
	kind := "significant"
	for _, row := range reg {
		if !row.Grounded {
			kind = fmt.Sprintf("(beyond the %g%% threshold, not statistically grounded)", 100*r.Options.Threshold)
			return fmt.Sprintf("%d %s %s: %s", len(reg), word, kind, strings.Join(what, ", "))
		}
	}
	return fmt.Sprintf("%d %s %s: %s", len(reg), kind, word, strings.Join(what, ", "))
}

// formatter returns how to print the metric's values.
func formatter(m Metric) func(float64) string {
	switch m {
	case IOPS, Peak:
		return report.FormatCount
	case BW:
		return report.FormatBytesPerSec
	}
	return report.FormatNanos // latencies and CPU per IO
}

func withSpread(format func(float64) string, median, spread float64, n int) string {
	if n < 2 || math.IsNaN(spread) {
		return format(median)
	}
	return fmt.Sprintf("%s ±%.1f%%", format(median), 100*spread)
}

func percent(d float64) string {
	if math.IsNaN(d) || math.IsInf(d, 0) {
		return "-"
	}
	return fmt.Sprintf("%+.1f%%", 100*d)
}

// WriteJSON writes the comparison as JSON: the settings, then one object
// per row with every run's value, then the regressions.
func WriteJSON(w io.Writer, r *Result) error {
	type side struct {
		Path     string `json:"path"`
		Producer string `json:"producer"`
		Runs     int    `json:"runs"`
	}
	type row struct {
		Job        string    `json:"job"`
		Clone      int       `json:"clone"`
		Engine     string    `json:"engine,omitempty"`
		Dir        string    `json:"dir"`
		Metric     string    `json:"metric"`
		Unit       string    `json:"unit"`
		Base       []float64 `json:"base"`
		New        []float64 `json:"new"`
		BaseMedian *float64  `json:"base_median"`
		NewMedian  *float64  `json:"new_median"`
		Delta      *float64  `json:"delta"`
		Low        *float64  `json:"delta_low"`
		High       *float64  `json:"delta_high"`
		P          *float64  `json:"p"`
		Grounded   bool      `json:"grounded"`
		Verdict    string    `json:"verdict"`
		FailOn     bool      `json:"fail_on"`
		Regression bool      `json:"regression"`
		Missing    string    `json:"missing,omitempty"`
	}
	out := struct {
		Base        side     `json:"base"`
		New         side     `json:"new"`
		Method      string   `json:"method"`
		Confidence  float64  `json:"confidence"`
		Alpha       float64  `json:"alpha"`
		Threshold   float64  `json:"threshold"`
		FailOn      []string `json:"fail_on"`
		Rows        []row    `json:"rows"`
		OnlyBase    []string `json:"only_base"`
		OnlyNew     []string `json:"only_new"`
		Regressions int      `json:"regressions"`
	}{
		Base:       side{r.Base.Path, r.Base.Producer, r.Base.Runs},
		New:        side{r.New.Path, r.New.Producer, r.New.Runs},
		Method:     "mann-whitney-u significant (hodges-lehmann confidence interval of new/base excludes 1) and estimate beyond the threshold",
		Confidence: 1 - r.Options.Alpha,
		Alpha:      r.Options.Alpha,
		Threshold:  r.Options.Threshold,
		FailOn:     []string{},
		Rows:       []row{},
		OnlyBase:   []string{},
		OnlyNew:    []string{},
	}
	for _, m := range r.Options.FailOn {
		out.FailOn = append(out.FailOn, m.Name)
	}
	for _, x := range r.Rows {
		unit := "ns"
		switch x.Metric {
		case IOPS, Peak:
			unit = "1/s"
		case BW:
			unit = "B/s"
		}
		verdict := map[Verdict]string{Same: "same", Better: "better", Worse: "worse"}[x.Verdict]
		if x.Missing != "" {
			verdict = "n/a"
		}
		out.Rows = append(out.Rows, row{
			Job: x.Key.Job, Clone: x.Key.Clone, Engine: x.Key.Engine, Dir: x.Key.Dir,
			Metric: x.Metric.Name, Unit: unit, Base: nonNil(x.Base), New: nonNil(x.New),
			BaseMedian: finite(x.BaseMedian), NewMedian: finite(x.NewMedian), Delta: finite(x.Delta),
			Low: finite(x.Low), High: finite(x.High),
			P: finite(x.P), Grounded: x.Grounded, Verdict: verdict, FailOn: x.FailOn,
			Regression: x.Regression(), Missing: x.Missing,
		})
	}
	for _, k := range r.OnlyBase {
		out.OnlyBase = append(out.OnlyBase, k.String())
	}
	for _, k := range r.OnlyNew {
		out.OnlyNew = append(out.OnlyNew, k.String())
	}
	out.Regressions = len(r.Regressions())
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// finite returns a pointer to v, or nil (JSON null) for NaN or infinity.
func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func nonNil(v []float64) []float64 {
	if v == nil {
		return []float64{}
	}
	return v
}
