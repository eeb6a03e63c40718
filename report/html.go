package report

import (
	"fmt"
	"html/template"
	"io"
	"math"

	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// WriteHTML writes the run as one self-contained HTML page, readable
// offline: the options, a summary table, and per job inline SVG charts of
// IOPS and bandwidth over time, the latency percentile spectrum (latency
// against 1/(1-p) on a logarithmic "nines" axis, HdrHistogram's usual
// plot) and the latency distribution. It has no script, font or style
// sheet from elsewhere.
func WriteHTML(w io.Writer, r *Run) error {
	if err := r.check(); err != nil {
		return err
	}
	page := htmlPage{Title: "xbench report", Version: r.Version, Time: ctime(r.Time), Global: r.GlobalOptions, Disks: r.Disks}
	for i := range r.Jobs {
		j := &r.Jobs[i]
		hj := htmlJob{Name: j.Stats.Name, Group: j.Stats.GroupID, Options: j.Options, Error: j.Stats.ErrorText}
		for d := stats.Read; d < stats.NumDirs; d++ {
			ds := &j.Stats.Dirs[d]
			if !ds.Used() {
				continue
			}
			hj.Rows = append(hj.Rows, summaryRow(j, d))
		}
		hj.Charts = jobCharts(j)
		page.Jobs = append(page.Jobs, hj)
	}
	return htmlTemplate.Execute(w, page)
}

type htmlPage struct {
	Title, Version, Time string
	Global               []workload.Setting
	Jobs                 []htmlJob
	Disks                []stats.DiskUtil
}

type htmlJob struct {
	Name    string
	Group   int
	Error   string
	Options []workload.Setting
	Rows    []htmlRow
	Charts  []template.HTML
}

type htmlRow struct {
	Dir, IOPS, BW, IO, Runtime, Mean, P50, P99, P999, Max string
}

// summaryRow is one direction's line of the summary table.
func summaryRow(j *Job, d stats.Dir) htmlRow {
	ds := &j.Stats.Dirs[d]
	bw := stats.BytesPerSec(ds.IOBytes, ds.Runtime)
	row := htmlRow{
		Dir:     d.String(),
		IOPS:    Num2Str(uint64(stats.IOPS(ds.TotalIOs, ds.Runtime)), 4, 1, false, UnitNone),
		BW:      Num2Str(bw, 4, 1, j.pow2(), UnitBytePerSec),
		IO:      Num2Str(ds.IOBytes, 4, 1, j.pow2(), UnitByte),
		Runtime: fmt.Sprintf("%d ms", stats.Msec(ds.Runtime)),
	}
	if l := ds.Lat; measured(l) {
		row.Mean, row.Max = fmtNs(l.Mean()), fmtNs(float64(l.Max()))
		row.P50, row.P99, row.P999 = fmtNs(float64(l.Percentile(50))), fmtNs(float64(l.Percentile(99))), fmtNs(float64(l.Percentile(99.9)))
	}
	return row
}

// fmtNs shows a latency in a readable unit.
func fmtNs(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.2f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

// jobCharts draws a job's four charts.
func jobCharts(j *Job) []template.HTML {
	var iops, bw, spectrum, dist []series
	for d := stats.Read; d < stats.NumDirs; d++ {
		ds := &j.Stats.Dirs[d]
		if !ds.Used() {
			continue
		}
		if len(ds.IOPSSeries) > 0 {
			iops = append(iops, pointSeries(d.String(), ds.IOPSSeries, 1))
		}
		if len(ds.BWSeries) > 0 {
			bw = append(bw, pointSeries(d.String(), ds.BWSeries, 1.0/1024))
		}
		for _, m := range []struct {
			name string
			l    *stats.Latency
		}{{"lat", ds.Lat}, {"clat", ds.Clat}} {
			if !measured(m.l) {
				continue
			}
			spectrum = append(spectrum, spectrumSeries(d.String()+" "+m.name, m.l))
			if m.name == "lat" {
				dist = append(dist, distSeries(d.String()+" lat", m.l))
			}
		}
	}
	secs := axis{label: "time (s)"}
	var out []template.HTML
	for _, c := range []struct {
		title string
		xa    axis
		ya    axis
		ss    []series
		bars  bool
	}{
		{"IOPS over time", secs, axis{label: "IOPS"}, iops, false},
		{"Bandwidth over time", secs, axis{label: "MiB/s"}, bw, false},
		{"Latency by percentile", axis{label: "percentile", log: true, ticks: ninesTicks}, axis{label: "latency (µs)", log: true}, spectrum, false},
		{"Latency distribution", axis{label: "latency (µs)", log: true}, axis{label: "% of IOs"}, dist, true},
	} {
		if len(c.ss) == 0 {
			continue
		}
		out = append(out, template.HTML(lineChart(j.Stats.Name+": "+c.title, c.xa, c.ya, c.ss, c.bars)))
	}
	return out
}

// pointSeries turns samples into a series in seconds, values times scale.
func pointSeries(name string, pts []stats.Point, scale float64) series {
	s := series{name: name}
	for _, p := range pts {
		s.x = append(s.x, float64(p.TimeMs)/1000)
		s.y = append(s.y, float64(p.Value)*scale)
	}
	return s
}

// ninesTicks label the percentile spectrum's x axis, 1/(1-p).
var ninesTicks = []tick{{1, "0%"}, {10, "90%"}, {100, "99%"}, {1e3, "99.9%"}, {1e4, "99.99%"}, {1e5, "99.999%"}, {1e6, "99.9999%"}, {1e7, "99.99999%"}}

// spectrumSeries is the latency at percentiles from 0 to the last sample,
// against 1/(1-p).
func spectrumSeries(name string, l *stats.Latency) series {
	s := series{name: name}
	n := float64(l.N())
	for k := 0.0; ; k += 0.25 {
		frac := 1 - math.Pow(10, -k)
		if frac*n >= n-0.5 || k > 7 {
			frac = 1
		}
		s.x = append(s.x, math.Min(math.Pow(10, k), 1e7))
		s.y = append(s.y, float64(l.Percentile(max(frac*100, 1e-9)))/1000)
		if frac == 1 {
			return s
		}
	}
}

// distSeries is the share of IOs in each histogram bucket, against the
// bucket's latency, in 60 logarithmic bins.
func distSeries(name string, l *stats.Latency) series {
	s := series{name: name}
	bins := l.Bins()
	if len(bins) == 0 {
		return s
	}
	lo, hi := math.Log10(float64(max(bins[0].Value, 1))), math.Log10(float64(bins[len(bins)-1].Value)+1)
	const n = 60
	var counts [n]uint64
	for _, b := range bins {
		k := int((math.Log10(float64(max(b.Value, 1))) - lo) / (hi - lo) * n)
		counts[min(max(k, 0), n-1)] += b.Count
	}
	for k, c := range counts {
		if c == 0 {
			continue
		}
		s.x = append(s.x, math.Pow(10, lo+(float64(k)+0.5)*(hi-lo)/n)/1000)
		s.y = append(s.y, 100*float64(c)/float64(l.N()))
	}
	return s
}

var htmlTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
th { background: #f0f0f0; }
td.l, th.l { text-align: left; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.err { color: #b00; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p>{{.Version}}, {{.Time}}</p>
{{if .Global}}<h2>Global options</h2>
<table><tr><th class="l">option</th><th class="l">value</th></tr>
{{range .Global}}<tr><td class="l">{{.Name}}</td><td class="l">{{.Value}}</td></tr>
{{end}}</table>{{end}}
<h2>Summary</h2>
<table id="summary"><tr><th class="l">job</th><th class="l">dir</th><th>IOPS</th><th>bandwidth</th><th>IO</th><th>runtime</th><th>lat mean</th><th>p50</th><th>p99</th><th>p99.9</th><th>max</th></tr>
{{range .Jobs}}{{$name := .Name}}{{range .Rows}}<tr><td class="l">{{$name}}</td><td class="l">{{.Dir}}</td><td>{{.IOPS}}</td><td>{{.BW}}</td><td>{{.IO}}</td><td>{{.Runtime}}</td><td>{{.Mean}}</td><td>{{.P50}}</td><td>{{.P99}}</td><td>{{.P999}}</td><td>{{.Max}}</td></tr>
{{end}}{{end}}</table>
{{if .Disks}}<h2>Disk stats</h2>
<table><tr><th class="l">device</th><th>read IOs</th><th>write IOs</th><th>util</th></tr>
{{range .Disks}}<tr><td class="l">{{.Name}}</td><td>{{index .IOs 0}}</td><td>{{index .IOs 1}}</td><td>{{printf "%.2f%%" .Util}}</td></tr>
{{end}}</table>{{end}}
{{range .Jobs}}<section class="job">
<h2>{{.Name}} (group {{.Group}})</h2>
{{if .Error}}<p class="err">{{.Error}}</p>{{end}}
{{if .Options}}<table><tr><th class="l">option</th><th class="l">value</th></tr>
{{range .Options}}<tr><td class="l">{{.Name}}</td><td class="l">{{.Value}}</td></tr>
{{end}}</table>{{end}}
<div class="charts">{{range .Charts}}{{.}}{{end}}</div>
</section>
{{end}}</body>
</html>
`))
