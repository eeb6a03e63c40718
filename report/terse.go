package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xbench/xbench/stats"
)

// TerseVersions are the terse format versions WriteTerse writes; 3 is
// fio's default.
var TerseVersions = []int{3, 4, 5}

// WriteTerse writes fio's terse (minimal) format, one semicolon-separated
// line per job in fio 3.33's field order (stat.c,
// show_thread_status_terse_all): version, program, name, group, error;
// for read and write (and trim from version 4) the KiB moved, KiB/s, IOPS,
// runtime, slat, clat, 20 percentile fields, lat and the bandwidth
// samples (version 5 adds their count and the IOPS samples); CPU, IO
// depths, the latency distribution in µs and ms, and every disk's figures.
// Latencies are in microseconds.
func WriteTerse(w io.Writer, r *Run, version int) error {
	if err := r.check(); err != nil {
		return err
	}
	switch version {
	case 3, 4, 5:
	default:
		return fmt.Errorf("terse version %d is not supported (xbench writes 3, 4 and 5)", version)
	}
	var b strings.Builder
	for i := range r.Jobs {
		j := &r.Jobs[i]
		s := j.Stats
		fmt.Fprintf(&b, "%d;%s;%s;%d;%d", version, r.Version, s.Name, s.GroupID, s.Error)
		g := r.group(s.GroupID)
		writeDirTerse(&b, j, g, stats.Read, version)
		writeDirTerse(&b, j, g, stats.Write, version)
		if version >= 4 {
			writeDirTerse(&b, j, g, stats.Trim, version)
		}
		usr, sys := cpuPercent(s)
		fmt.Fprintf(&b, ";%f%%;%f%%;%d;%d;%d", usr, sys, s.CPU.Ctx, s.CPU.MajFlt, s.CPU.MinFlt)
		for _, p := range s.Depth.Percent(s.Issued()) {
			fmt.Fprintf(&b, ";%3.1f%%", p)
		}
		// fio adds the nanosecond buckets into the first microsecond one,
		// to keep the format unaltered (stat_calc_lat_nu).
		lb := s.LatencyBuckets()
		total := s.Issued()
		usec := latPercents(lb.Usec[:], total)
		if total > 0 {
			var ns uint64
			for _, c := range lb.Nsec {
				ns += c
			}
			usec[0] += 100 * float64(ns) / float64(total)
		}
		for _, p := range usec {
			fmt.Fprintf(&b, ";%3.2f%%", p)
		}
		for _, p := range latPercents(lb.Msec[:], total) {
			fmt.Fprintf(&b, ";%3.2f%%", p)
		}
		appendDisksTerse(&b, r.Disks)
		if s := j.Stats; s.CountsErrors {
			fmt.Fprintf(&b, ";%d;%d", s.TotalErrors, s.FirstError)
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeDirTerse writes one direction's fields (show_ddir_status_terse).
func writeDirTerse(b *strings.Builder, j *Job, g *stats.Group, d stats.Dir, version int) {
	ds := &j.Stats.Dirs[d]
	var bw, iops uint64
	runt := stats.Msec(ds.Runtime)
	if runt > 0 {
		bw = stats.BytesPerSec(ds.IOBytes, ds.Runtime) / 1024
		iops = ds.TotalIOs * 1000 / runt
	}
	fmt.Fprintf(b, ";%d;%d;%d;%d", ds.IOBytes>>10, bw, iops, runt)
	latTerse(b, ds.Slat)
	latTerse(b, ds.Clat)

	points, _ := j.percentiles()
	points = sortedPercentiles(points)
	var l *stats.Latency
	switch {
	case j.LatPercentiles:
		l = ds.Lat
	case !j.NoClatPercentiles:
		l = ds.Clat
	}
	var vals []uint64
	if measured(l) {
		vals = percentileValues(l, points)
	}
	for i := range maxPercentiles {
		if i >= len(vals) {
			b.WriteString(";0%=0")
			continue
		}
		fmt.Fprintf(b, ";%f%%=%d", points[i], vals[i]/1000)
	}
	latTerse(b, ds.Lat)

	if s := &ds.BW; s.N > 0 {
		per := 100.0
		if g != nil && g.Dirs[d].AggBW > 0 {
			per = min(s.Mean()*100/float64(g.Dirs[d].AggBW/1024), 100)
		}
		fmt.Fprintf(b, ";%d;%d;%f%%;%f;%f", s.Min(), s.MaxVal, per, s.Mean(), s.Stddev())
	} else {
		fmt.Fprintf(b, ";%d;%d;%f%%;%f;%f", 0, 0, 0.0, 0.0, 0.0)
	}
	if version == 5 {
		fmt.Fprintf(b, ";%d", ds.BW.N)
		s := &ds.IOPS
		fmt.Fprintf(b, ";%d;%d;%f;%f;%d", s.Min(), s.MaxVal, s.Mean(), s.Stddev(), s.N)
	}
}

// latTerse writes a latency's min, max, mean and deviation in µs.
func latTerse(b *strings.Builder, l *stats.Latency) {
	if !measured(l) {
		fmt.Fprintf(b, ";%d;%d;%f;%f", 0, 0, 0.0, 0.0)
		return
	}
	fmt.Fprintf(b, ";%d;%d;%f;%f", l.Min()/1000, l.Max()/1000, l.Mean()/1000, l.Stddev()/1000)
}
