package engine

import (
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// recorder records completions into a clone's stats: the latencies the
// job measures (disable_slat, disable_clat, disable_lat, gtod_reduce) and
// per-direction counts, and the syncs' latency (fio's "sync" section).
type recorder struct {
	st              *stats.Job
	slat, clat, lat bool
	ios, bytes      [workload.NumDirs]uint64
	blocks          uint64 // data IOs completed, for think time
	syncs           uint64 // fsyncs completed (fio counts only those)
}

// newRecorder returns the recorder of j into st; a synchronous engine has
// no submission latency.
func newRecorder(j *workload.Job, st *stats.Job, sync bool) recorder {
	return recorder{
		st:   st,
		slat: !sync && !j.Measure.NoSlat,
		clat: !j.Measure.NoClat,
		lat:  !j.Measure.NoLat,
	}
}

// record records the completion e of io, reaped at now.
func (r *recorder) record(io *workload.IO, e *xnvme.CQE, now uint64) {
	d := io.Dir
	if d >= workload.NumDirs {
		if d == workload.DirSync {
			r.syncs++
		}
		if r.clat {
			r.st.Sync.Lat.Record(now - e.TIssued)
		}
		return
	}
	ds := &r.st.Dirs[d]
	if r.slat {
		ds.Slat.Record(e.TIssued - e.TSubmit)
	}
	if r.clat {
		ds.Clat.Record(now - e.TIssued)
	}
	if r.lat {
		ds.Lat.Record(now - e.TSubmit)
	}
	r.ios[d]++
	r.bytes[d] += uint64(e.Res)
	r.blocks++
}

// reset forgets what was measured, at the end of the ramp.
func (r *recorder) reset() {
	for d := range r.st.Dirs {
		ds := &r.st.Dirs[d]
		for _, l := range []*stats.Latency{ds.Slat, ds.Clat, ds.Lat} {
			if l != nil {
				l.Reset()
			}
		}
	}
	if r.st.Sync.Lat != nil {
		r.st.Sync.Lat.Reset()
	}
	r.ios, r.bytes, r.syncs = [workload.NumDirs]uint64{}, [workload.NumDirs]uint64{}, 0
}

// finish writes the counts into the stats; runtime is the measured time.
func (r *recorder) finish(runtime uint64) {
	for d := range workload.NumDirs {
		ds := &r.st.Dirs[d]
		ds.TotalIOs, ds.IOBytes = r.ios[d], r.bytes[d]
		if ds.Used() {
			ds.Runtime = durationOf(runtime)
		}
	}
	r.st.Sync.TotalIOs = r.syncs
	r.st.Runtime = durationOf(runtime)
}
