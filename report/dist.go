package report

import (
	"fmt"
	"strings"
	"syscall"

	"github.com/xbench/xbench/stats"
)

// This file writes the distributions of a job's block in fio's normal
// report and its JSON: the "lat (nsec/usec/msec)" buckets, "IO depths",
// "submit", "complete", "issued rwts" and the "latency" target line.

var latRanges = [...]string{"2", "4", "10", "20", "50", "100", "250", "500", "750", "1000", "2000", ">=2000"}

// latPercents converts bucket counts to fio's percentages of the job's
// issued IOs (stat.c, stat_calc_lat): a non-empty bucket under 0.01% shows
// as 0.01%.
func latPercents(counts []uint64, total uint64) []float64 {
	out := make([]float64, len(counts))
	if total == 0 {
		return out
	}
	for i, c := range counts {
		p := float64(c) / float64(total) * 100
		if p < 0.01 && c != 0 {
			p = 0.01
		}
		out[i] = p
	}
	return out
}

// writeLatBuckets writes the "lat (unit)   : 250=0.02%, ..." lines of one
// unit, five buckets a line, skipping empty ones (stat.c, show_lat).
func writeLatBuckets(b *strings.Builder, unit string, pct []float64) {
	n := 0
	for i, p := range pct {
		if p <= 0 {
			continue
		}
		if n%5 == 0 {
			if n > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(b, "  lat (%s)   : ", unit)
		} else {
			b.WriteString(", ")
		}
		fmt.Fprintf(b, "%s=%3.2f%%", latRanges[i], p)
		n++
	}
	if n > 0 {
		b.WriteByte('\n')
	}
}

// writeLatenciesNormal writes the job's latency distribution.
func writeLatenciesNormal(b *strings.Builder, s *stats.Job) {
	lb := s.LatencyBuckets()
	total := s.Issued()
	writeLatBuckets(b, "nsec", latPercents(lb.Nsec[:], total))
	writeLatBuckets(b, "usec", latPercents(lb.Usec[:], total))
	writeLatBuckets(b, "msec", latPercents(lb.Msec[:], total))
}

// writeDepthsNormal writes the IO depths, submit, complete, issued rwts
// and latency lines that end a job's block.
func writeDepthsNormal(b *strings.Builder, s *stats.Job) {
	d := s.Depth.Percent(s.Issued())
	fmt.Fprintf(b, "  IO depths    : 1=%3.1f%%, 2=%3.1f%%, 4=%3.1f%%, 8=%3.1f%%, 16=%3.1f%%, 32=%3.1f%%, >=64=%3.1f%%\n",
		d[0], d[1], d[2], d[3], d[4], d[5], d[6])
	for _, m := range [...]struct {
		name string
		dist *stats.Dist
	}{{"submit  ", &s.Submit}, {"complete", &s.Complete}} {
		p := m.dist.Percent(m.dist.Total())
		fmt.Fprintf(b, "     %s  : 0=%3.1f%%, 4=%3.1f%%, 8=%3.1f%%, 16=%3.1f%%, 32=%3.1f%%, 64=%3.1f%%, >=64=%3.1f%%\n",
			m.name, p[0], p[1], p[2], p[3], p[4], p[5], p[6])
	}
	r, w, t := &s.Dirs[stats.Read], &s.Dirs[stats.Write], &s.Dirs[stats.Trim]
	fmt.Fprintf(b, "     issued rwts: total=%d,%d,%d,0 short=%d,%d,%d,0 dropped=%d,%d,%d,0\n",
		r.Issued, w.Issued, t.Issued, r.Short, w.Short, t.Short, r.Dropped, w.Dropped, t.Dropped)
	if s.CountsErrors {
		fmt.Fprintf(b, "     errors    : total=%d, first_error=%d/<%s>\n", s.TotalErrors, s.FirstError, strerror(s.FirstError))
	}
	if s.IODepth > 0 {
		// xbench has no latency_target: fio's line then shows its
		// defaults and the queue depth.
		fmt.Fprintf(b, "     latency   : target=0, window=0, percentile=100.00%%, depth=%d\n", s.IODepth)
	}
}

// addDepthsJSON adds iodepth_level, iodepth_submit, iodepth_complete,
// latency_ns/us/ms and the latency target keys to a job's object.
func addDepthsJSON(o *jsonObject, s *stats.Job) {
	d := s.Depth.Percent(s.Issued())
	lvl := o.object("iodepth_level")
	for i, p := range d {
		key := fmt.Sprint(1 << i)
		if i == 6 {
			key = ">=64"
		}
		lvl.add(key, p)
	}
	for _, m := range [...]struct {
		key  string
		dist *stats.Dist
	}{{"iodepth_submit", &s.Submit}, {"iodepth_complete", &s.Complete}} {
		obj := o.object(m.key)
		for i, p := range m.dist.Percent(m.dist.Total()) {
			key := fmt.Sprint(1 << (i + 1))
			switch i {
			case 0:
				key = "0"
			case 6:
				key = ">=64"
			}
			obj.add(key, p)
		}
	}
	lb := s.LatencyBuckets()
	total := s.Issued()
	for _, u := range [...]struct {
		key    string
		counts []uint64
	}{{"latency_ns", lb.Nsec[:]}, {"latency_us", lb.Usec[:]}, {"latency_ms", lb.Msec[:]}} {
		obj := o.object(u.key)
		for i, p := range latPercents(u.counts, total) {
			obj.add(latRanges[i], p)
		}
	}
	if s.CountsErrors {
		o.add("total_err", s.TotalErrors)
		o.add("first_error", s.FirstError)
	}
	if s.IODepth > 0 {
		o.add("latency_depth", s.IODepth)
		o.add("latency_target", uint64(0))
		o.add("latency_percentile", 100.0)
		o.add("latency_window", uint64(0))
	}
}

// strerror is the C library's text of errno, as fio prints it: "Success"
// for 0.
func strerror(errno int) string {
	if errno == 0 {
		return "Success"
	}
	msg := syscall.Errno(errno).Error()
	if msg == "" {
		return fmt.Sprintf("Unknown error %d", errno)
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}
