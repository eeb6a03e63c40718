package engine

import (
	"errors"
	"fmt"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/xbench/xbench/fiolog"
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// cloneLogs writes one clone's per-job logs (write_bw_log, write_iops_log,
// write_lat_log, write_hist_log) and keeps its interval HdrHistograms for
// --hdr-log. It is driven by the sampler once per cycle; logging every IO
// (log_avg_msec=0) walks that cycle's completions and appends to buffers
// that are written out between batches.
type cloneLogs struct {
	j    *workload.Job
	sync bool

	t0 uint64 // the job's start: log times count from it
	st *stats.Job

	bw, iops, slat, clat, lat *fiolog.Log
	// slatW, clatW and latW average each direction's latencies under
	// log_avg_msec, as fio keeps a window per direction.
	slatW, clatW, latW [workload.NumDirs]fiolog.Window

	hist *fiolog.HistLog
	// every is the interval of the histogram logs in ns, last the end of
	// the previous interval.
	every, last uint64
	// hdr is set for --hdr-log: interval histograms are kept in hdrOut,
	// tagged from hdrTag, timed from origin.
	hdr    bool
	hdrTag string
	origin uint64
	hdrOut *[]fiolog.Interval

	err error
}

// openLogs opens a clone's log files, or returns nil when it writes none.
func openLogs(c *Clone, o *Options, sync bool) (*cloneLogs, error) {
	j := c.Job
	lg := &j.Logs
	histOn := lg.Hist.On && lg.HistMsec > 0
	if !lg.BW.On && !lg.IOPS.On && !lg.Lat.On && !histOn && !o.HDRLog {
		return nil, nil
	}
	l := &cloneLogs{j: j, sync: sync, hdr: o.HDRLog,
		origin: o.origin, hdrOut: &c.HDRIntervals,
		hdrTag: fiolog.Tag(j.Name, fmt.Sprint(c.Index))}
	open := func(f workload.LogFile, kind string) (*fiolog.Log, error) {
		if !f.On {
			return nil, nil
		}
		return fiolog.Open(fiolog.Name(f.PrefixFor(j.Name), kind, c.Thread, lg.PerJob), lg.Offset)
	}
	var err error
	var errs []error
	l.bw, err = open(lg.BW, "bw")
	errs = append(errs, err)
	l.iops, err = open(lg.IOPS, "iops")
	errs = append(errs, err)
	l.lat, err = open(lg.Lat, "lat")
	errs = append(errs, err)
	l.slat, err = open(lg.Lat, "slat")
	errs = append(errs, err)
	l.clat, err = open(lg.Lat, "clat")
	errs = append(errs, err)
	if histOn {
		l.hist, err = fiolog.OpenHist(fiolog.Name(lg.Hist.PrefixFor(j.Name), "clat_hist", c.Thread, lg.PerJob))
		errs = append(errs, err)
		l.every = lg.HistMsec * uint64(time.Millisecond)
	} else if l.hdr {
		l.every = uint64(o.HDRInterval)
	}
	for d := range workload.NumDirs {
		for _, w := range []*fiolog.Window{&l.slatW[d], &l.clatW[d], &l.latW[d]} {
			w.Every, w.Max = lg.AvgMsec, lg.MaxValue
		}
	}
	if err := errors.Join(errs...); err != nil {
		l.close()
		return nil, fmt.Errorf("job %s: %w", j.Name, err)
	}
	return l, nil
}

// logFiles lists the log files a clone of j writes, so that Run can empty
// each once before the clones append to them.
func logFiles(j *workload.Job, thread int) []string {
	lg := &j.Logs
	var out []string
	add := func(f workload.LogFile, kinds ...string) {
		if f.On {
			for _, k := range kinds {
				out = append(out, fiolog.Name(f.PrefixFor(j.Name), k, thread, lg.PerJob))
			}
		}
	}
	add(lg.BW, "bw")
	add(lg.IOPS, "iops")
	add(lg.Lat, "lat", "slat", "clat")
	if lg.HistMsec > 0 {
		add(lg.Hist, "clat_hist")
	}
	return out
}

// begin starts logging at t0 into the stats st.
func (l *cloneLogs) begin(t0 uint64, st *stats.Job) {
	l.t0, l.last, l.st = t0, t0, st
	if l.hist == nil && !l.hdr {
		return
	}
	for d := range st.Dirs {
		ds := &st.Dirs[d]
		if ds.Clat == nil {
			continue
		}
		ds.Clat.UseWindow()
		if l.hdr {
			ds.Slat.UseWindow()
			ds.Lat.UseWindow()
		}
	}
}

// msec is a time stamp as fio's logs write it: milliseconds since the job
// started.
func (l *cloneLogs) msec(t uint64) uint64 { return (t - l.t0) / uint64(time.Millisecond) }

// logsEveryIO reports whether the logs need every IO: latency logs, and
// bandwidth or IOPS logs without log_avg_msec.
func (l *cloneLogs) logsEveryIO() bool {
	return l.lat != nil || (l.j.Logs.AvgMsec == 0 && (l.bw != nil || l.iops != nil))
}

// tick ends a histogram interval when one is due at now.
func (l *cloneLogs) tick(now uint64) {
	if l.every > 0 && now-l.last >= l.every {
		l.rotate(now)
	}
}

// logIO logs one completed IO, reaped at now: an entry per log, or its
// latencies added to the averaging windows under log_avg_msec.
func (l *cloneLogs) logIO(now uint64, io *workload.IO, e *xnvme.CQE) {
	ms := l.msec(now)
	d := io.Dir
	dir, bs := uint8(d), uint32(io.Len)
	clat, lat, slat := now-e.TIssued, now-e.TSubmit, e.TIssued-e.TSubmit
	if l.j.Logs.AvgMsec > 0 {
		if l.lat == nil {
			return
		}
		if v, ok := l.latW[d].Add(ms, 1, lat, lat); ok {
			l.lat.Add(fiolog.Entry{TimeMs: ms, Value: v, Dir: dir})
		}
		if v, ok := l.clatW[d].Add(ms, 1, clat, clat); ok {
			l.clat.Add(fiolog.Entry{TimeMs: ms, Value: v, Dir: dir})
		}
		if !l.sync {
			if v, ok := l.slatW[d].Add(ms, 1, slat, slat); ok {
				l.slat.Add(fiolog.Entry{TimeMs: ms, Value: v, Dir: dir})
			}
		}
		return
	}
	if l.lat != nil {
		l.lat.Add(fiolog.Entry{TimeMs: ms, Value: lat, Offset: io.Offset, BS: bs, Dir: dir})
		l.clat.Add(fiolog.Entry{TimeMs: ms, Value: clat, Offset: io.Offset, BS: bs, Dir: dir})
		if !l.sync {
			l.slat.Add(fiolog.Entry{TimeMs: ms, Value: slat, Offset: io.Offset, BS: bs, Dir: dir})
		}
	}
	if l.bw != nil {
		var rate uint64
		if clat > 0 {
			rate = io.Len * 1000000 / clat // fio's add_bw_sample
		}
		l.bw.Add(fiolog.Entry{TimeMs: ms, Value: rate, Offset: io.Offset, BS: bs, Dir: dir})
	}
	if l.iops != nil {
		l.iops.Add(fiolog.Entry{TimeMs: ms, Value: 1, Offset: io.Offset, BS: bs, Dir: dir})
	}
}

// sampleBS is the block size fio writes on an averaged sample of direction
// d: the job's, when it has one size, else 0 (stat.c, __add_samples).
func (l *cloneLogs) sampleBS(d workload.Dir) uint32 {
	if bs := &l.j.BS; bs.Min[d] == bs.Max[d] && len(bs.Split[d]) == 0 {
		return uint32(bs.Min[d])
	}
	return 0
}

// sample logs a bandwidth (KiB/s) or IOPS sample of direction d to lg
// (l.bw or l.iops) under log_avg_msec.
func (l *cloneLogs) sample(lg *fiolog.Log, now uint64, d workload.Dir, rate uint64) {
	if lg != nil && l.j.Logs.AvgMsec > 0 {
		lg.Add(fiolog.Entry{TimeMs: l.msec(now), Value: rate, BS: l.sampleBS(d), Dir: uint8(d)})
	}
}

// rotate ends a histogram interval at now: the histogram log gets each
// direction's interval completion latencies, --hdr-log its interval
// histograms.
func (l *cloneLogs) rotate(now uint64) {
	ms := l.msec(now)
	start, length := time.Duration(l.last-l.origin), time.Duration(now-l.last)
	for d := range l.st.Dirs {
		ds := &l.st.Dirs[d]
		if ds.Clat == nil {
			continue
		}
		dir, dirName := uint8(d), stats.Dir(d).String()
		keep := func(metric string) func(*hdrhistogram.Histogram) {
			return func(h *hdrhistogram.Histogram) {
				if metric == "clat" && l.hist != nil {
					l.hist.Write(ms, dir, uint64(l.sampleBS(workload.Dir(d))), h)
				}
				if l.hdr {
					iv, err := fiolog.EncodeInterval(fiolog.Tag(l.hdrTag, dirName, metric), start, length, h)
					if err != nil && l.err == nil {
						l.err = err
					}
					*l.hdrOut = append(*l.hdrOut, iv)
				}
			}
		}
		if l.hdr {
			ds.Slat.FlushWindow(keep("slat"))
		}
		ds.Clat.FlushWindow(keep("clat"))
		if l.hdr {
			ds.Lat.FlushWindow(keep("lat"))
		}
	}
	l.last = now
}

// finish writes the last partial interval and windows, and closes the
// files.
func (l *cloneLogs) finish(now uint64) {
	if l.every > 0 {
		l.rotate(now)
	}
	ms := l.msec(now)
	for d := range workload.NumDirs {
		for _, p := range []struct {
			w   *fiolog.Window
			log *fiolog.Log
		}{{&l.latW[d], l.lat}, {&l.clatW[d], l.clat}, {&l.slatW[d], l.slat}} {
			if p.log == nil {
				continue
			}
			if v, ok := p.w.Pending(ms); ok {
				p.log.Add(fiolog.Entry{TimeMs: ms, Value: v, Dir: uint8(d)})
			}
		}
	}
	l.close()
}

// close closes every file, keeping the first error.
func (l *cloneLogs) close() {
	for _, f := range []*fiolog.Log{l.bw, l.iops, l.lat, l.slat, l.clat} {
		if err := f.Close(); err != nil && l.err == nil {
			l.err = err
		}
	}
	if err := l.hist.Close(); err != nil && l.err == nil {
		l.err = err
	}
}
