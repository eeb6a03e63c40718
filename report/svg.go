package report

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// This file draws the HTML report's charts as inline SVG: line charts of
// series over linear or logarithmic axes, with ticks and a legend. No
// script and no external asset is needed to show them.

// series is one line of a chart.
type series struct {
	name string
	x, y []float64
}

// axis describes one axis of a chart.
type axis struct {
	label string
	log   bool // logarithmic (values must be > 0)
	// ticks, when set, replaces the automatic ticks: value and label.
	ticks []tick
}

type tick struct {
	v     float64
	label string
}

// chartColors are the series and bar colours, in order, repeating: shared
// by the HTML report's charts and the engine-comparison chart.
var chartColors = []string{"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"}

const (
	chartW, chartH                     = 560, 280
	padL, padR, padT, padB             = 70, 16, 30, 48
	plotW, plotH                       = chartW - padL - padR, chartH - padT - padB
	chartStyle                         = `font-family="sans-serif" font-size="11"`
	gridColor, axisColor, legendOffset = "#ddd", "#444", 16
)

// lineChart draws series as an SVG line chart titled title.
func lineChart(title string, xa, ya axis, ss []series, bars bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" %s>`,
		chartW, chartH, chartW, chartH, chartStyle)
	fmt.Fprintf(&b, `<text x="%d" y="18" font-size="13" font-weight="bold">%s</text>`, padL, html.EscapeString(title))
	xmin, xmax, ymin, ymax := bounds(ss, xa.log, ya.log)
	if !ya.log {
		ymin = 0
	}
	sx := scaler(xmin, xmax, xa.log, padL, padL+plotW)
	sy := scaler(ymin, ymax, ya.log, padT+plotH, padT)
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="%s"/>`, padL, padT, plotW, plotH, axisColor)
	for _, t := range ticksFor(ya, ymin, ymax) {
		y := sy(t.v)
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s"/>`, padL, padL+plotW, y, y, gridColor)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`, padL-4, y+4, html.EscapeString(t.label))
	}
	for _, t := range ticksFor(xa, xmin, xmax) {
		x := sx(t.v)
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="%s"/>`, x, x, padT, padT+plotH, gridColor)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`, x, padT+plotH+14, html.EscapeString(t.label))
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`, padL+plotW/2, chartH-8, html.EscapeString(xa.label))
	fmt.Fprintf(&b, `<text transform="translate(14,%d) rotate(-90)" text-anchor="middle">%s</text>`, padT+plotH/2, html.EscapeString(ya.label))
	for i, s := range ss {
		color := chartColors[i%len(chartColors)]
		if bars {
			for k := range s.x {
				x, y := sx(s.x[k]), sy(s.y[k])
				fmt.Fprintf(&b, `<line class="bar" x1="%.1f" x2="%.1f" y1="%d" y2="%.1f" stroke="%s" stroke-width="2"/>`, x, x, padT+plotH, y, color)
			}
		} else {
			var pts strings.Builder
			for k := range s.x {
				fmt.Fprintf(&pts, "%.1f,%.1f ", sx(s.x[k]), sy(s.y[k]))
			}
			fmt.Fprintf(&b, `<polyline class="series" fill="none" stroke="%s" stroke-width="1.5" points="%s"/>`, color, strings.TrimSpace(pts.String()))
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d">%s</text>`,
			padL+plotW-150, padT+6+i*legendOffset, color, padL+plotW-136, padT+15+i*legendOffset, html.EscapeString(s.name))
	}
	b.WriteString("</svg>")
	return b.String()
}

// bounds returns the range of the series' points.
func bounds(ss []series, xlog, ylog bool) (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, s := range ss {
		for k := range s.x {
			if (xlog && s.x[k] <= 0) || (ylog && s.y[k] <= 0) {
				continue
			}
			xmin, xmax = min(xmin, s.x[k]), max(xmax, s.x[k])
			ymin, ymax = min(ymin, s.y[k]), max(ymax, s.y[k])
		}
	}
	if math.IsInf(xmin, 0) {
		xmin, xmax, ymin, ymax = 0, 1, 0, 1
	}
	if xmax <= xmin {
		xmax = xmin + 1
	}
	if ymax <= ymin {
		ymax = ymin + 1
	}
	return xmin, xmax * 1.0001, ymin, ymax * 1.05
}

// scaler maps [lo, hi] onto pixels [p0, p1].
func scaler(lo, hi float64, log bool, p0, p1 int) func(float64) float64 {
	if log {
		lo, hi = math.Log10(lo), math.Log10(hi)
	}
	return func(v float64) float64 {
		if log {
			v = math.Log10(max(v, 1e-300))
		}
		return float64(p0) + (v-lo)/(hi-lo)*float64(p1-p0)
	}
}

// ticksFor returns an axis's ticks within [lo, hi].
func ticksFor(a axis, lo, hi float64) []tick {
	if a.ticks != nil {
		var out []tick
		for _, t := range a.ticks {
			if t.v >= lo && t.v <= hi {
				out = append(out, t)
			}
		}
		return out
	}
	var out []tick
	if a.log {
		for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
			if v := math.Pow(10, e); v >= lo && v <= hi {
				out = append(out, tick{v, shortNum(v)})
			}
		}
		return out
	}
	step := math.Pow(10, math.Floor(math.Log10((hi-lo)/5)))
	for _, m := range []float64{1, 2, 5, 10} {
		if (hi-lo)/(step*m) <= 6 {
			step *= m
			break
		}
	}
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		out = append(out, tick{v, shortNum(v)})
	}
	return out
}

// shortNum formats a tick value compactly: 1.5k, 20M, 0.5.
func shortNum(v float64) string {
	for _, u := range []struct {
		div float64
		suf string
	}{{1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
		if math.Abs(v) >= u.div {
			return trimFloat(v/u.div) + u.suf
		}
	}
	return trimFloat(v)
}

func trimFloat(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}
