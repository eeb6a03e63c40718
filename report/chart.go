package report

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"
)

// Chart layout, in SVG user units (pixels).
const (
	chartWidth    = 960
	chartMargin   = 16
	chartLabelW   = 130 // the engine names on the left
	chartPanelW   = (chartWidth - 2*chartMargin - chartLabelW) / 3
	chartBarH     = 16
	chartRowGap   = 6
	chartHeadH    = 34 // a job's heading and its panel titles
	chartBlockGap = 18
)

// chartPanel is one of the three measures drawn for each job.
type chartPanel struct {
	title  string
	figure func(*RunSummary) Figure
	format func(float64) string
}

var chartPanels = []chartPanel{
	{"IOPS (higher is better)", func(s *RunSummary) Figure { return s.IOPS }, FormatCount},
	{"clat p99 (lower is better)", func(s *RunSummary) Figure { return s.P99 }, FormatNanos},
	{"CPU per IO (lower is better)", func(s *RunSummary) Figure { return s.CPUPerIO }, FormatNanos},
}

// WriteRepeatsChartSVG draws the figures of WriteRepeatsTable as a
// self-contained SVG image: for each job and direction, one bar per engine
// for IOPS, clat p99 and CPU per IO, each bar the median over the runs with
// a whisker from the smallest to the largest run. It can stand alone as a
// file or be embedded in an HTML page.
func WriteRepeatsChartSVG(w io.Writer, r *Repeats) error {
	sums := SummarizeRepeats(r)
	blocks := chartBlocks(sums)
	var body strings.Builder
	y := chartMargin + 22
	fmt.Fprintf(&body, `<text x="%d" y="%d" font-size="16" font-weight="bold">%s</text>`+"\n",
		chartMargin, y, esc("xbench: "+strings.TrimSpace(strings.SplitN(repeatsHeading(r), ";", 2)[0])))
	y += 18
	fmt.Fprintf(&body, `<text x="%d" y="%d" font-size="12" fill="#444">bars: median over the runs; whiskers: from the lowest to the highest run</text>`+"\n",
		chartMargin, y)
	y += 8
	for _, blk := range blocks {
		y += chartBlockGap
		y = drawChartBlock(&body, blk, y)
	}
	if len(r.Unavailable) > 0 {
		y += chartBlockGap
		for _, p := range r.Unavailable {
			y += 16
			fmt.Fprintf(&body, `<text x="%d" y="%d" font-size="12" fill="#666">not run here: %s: %s</text>`+"\n",
				chartMargin, y, esc(p.Engine), esc(p.Reason))
		}
	}
	height := y + chartMargin
	_, err := fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif">
<rect width="100%%" height="100%%" fill="white"/>
%s</svg>
`, chartWidth, height, chartWidth, height, body.String())
	return err
}

// chartBlocks groups the summaries by job entry and direction.
func chartBlocks(sums []RunSummary) [][]RunSummary {
	var out [][]RunSummary
	for i, s := range sums {
		if i == 0 || s.Entry != sums[i-1].Entry || s.Dir != sums[i-1].Dir {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], s)
	}
	return out
}

// drawChartBlock draws one job's three panels from y down and returns the
// y below them.
func drawChartBlock(b *strings.Builder, blk []RunSummary, y int) int {
	y += 16
	fmt.Fprintf(b, `<text x="%d" y="%d" font-size="14" font-weight="bold">%s (%s)</text>`+"\n",
		chartMargin, y, esc(blk[0].Job), blk[0].Dir)
	y += chartHeadH - 16
	for p, panel := range chartPanels {
		x0 := chartMargin + chartLabelW + p*chartPanelW
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="12" fill="#333">%s</text>`+"\n", x0, y-4, esc(panel.title))
		scale := 0.0
		for i := range blk {
			f := panel.figure(&blk[i])
			scale = math.Max(scale, nanTo0(math.Max(f.Max, f.Median)))
		}
		for i := range blk {
			drawChartBar(b, panel, &blk[i], i, x0, y+i*(chartBarH+chartRowGap), scale)
		}
	}
	for i := range blk {
		label := blk[i].Engine
		if label == "" {
			label = "all runs"
		}
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="12">%s</text>`+"\n",
			chartMargin, y+i*(chartBarH+chartRowGap)+chartBarH-4, esc(label))
	}
	return y + len(blk)*(chartBarH+chartRowGap)
}

// drawChartBar draws one engine's bar, whisker and value in a panel.
func drawChartBar(b *strings.Builder, panel chartPanel, s *RunSummary, i, x0, y int, scale float64) {
	f := panel.figure(s)
	if math.IsNaN(f.Median) || scale <= 0 {
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11" fill="#999">n/a</text>`+"\n", x0, y+chartBarH-4)
		return
	}
	avail := float64(chartPanelW - 70) // room for the value label
	px := func(v float64) float64 { return float64(x0) + avail*v/scale }
	color := chartColors[i%len(chartColors)]
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%s: %s</title></rect>`+"\n",
		x0, y, px(f.Median)-float64(x0), chartBarH, color, esc(s.Engine), esc(panel.format(f.Median)))
	mid := y + chartBarH/2
	fmt.Fprintf(b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#222" stroke-width="1.5"/>`+"\n",
		px(f.Min), mid, px(f.Max), mid)
	for _, v := range []float64{f.Min, f.Max} {
		fmt.Fprintf(b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#222" stroke-width="1.5"/>`+"\n",
			px(v), mid-4, px(v), mid+4)
	}
	fmt.Fprintf(b, `<text x="%.1f" y="%d" font-size="11">%s</text>`+"\n",
		px(math.Max(f.Max, f.Median))+4, y+chartBarH-4, esc(panel.format(f.Median)))
}

func nanTo0(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}

// esc escapes text for SVG.
func esc(s string) string { return html.EscapeString(s) }
