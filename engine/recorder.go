package engine

import (
	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// recorder records completions into a clone's stats: the latencies the
// job measures (disable_slat, disable_clat, disable_lat, gtod_reduce) and
// per-direction counts, and the syncs' latency (fio's "sync" section).
//
// Completions that share their stamps (the IOs of one submit call reaped
// together, in the same direction) share their latencies: the recorder
// records such a run once, with its count, at the next change of stamps or
// at the end of the cycle.
type recorder struct {
	st              *stats.Job
	dirs            [workload.NumDirs]*stats.DirStats
	slat, clat, lat bool
	ios, bytes      [workload.NumDirs]uint64
	syncs           uint64 // fsyncs completed (fio counts only those)

	run      uint64 // completions in the current run; 0 for none
	runDir   workload.Dir
	runStamp [2]uint64 // the run's TSubmit and TIssued

	failed    workload.IO // the first IO of a cycle that failed
	failedRes int32       // and its result
	// failedIOs and short count, per direction, the IOs that failed and
	// those of them that were short transfers.
	failedIOs, short [workload.NumDirs]uint64

	logs *cloneLogs // logs every IO when set (write_lat_log and kin)
}

// newRecorder returns the recorder of j into st; a synchronous engine has
// no submission latency.
func newRecorder(j *workload.Job, st *stats.Job, sync bool) recorder {
	r := recorder{
		st:   st,
		slat: !sync && !j.Measure.NoSlat,
		clat: !j.Measure.NoClat,
		lat:  !j.Measure.NoLat,
	}
	for d := range r.dirs {
		r.dirs[d] = &st.Dirs[d]
	}
	return r
}

// complete records a cycle's completions, reaped at now, and frees their
// slots. It reports whether one failed (an error or a short transfer); the
// first to fail is in failed and failedRes, and is not recorded.
func (r *recorder) complete(cq []xnvme.CQE, sl *slots, now uint64) bool {
	if len(cq) == 1 {
		// One completion, as at iodepth=1: record it as it is.
		e := &cq[0]
		io := sl.put(e.Slot)
		d := io.Dir
		switch {
		case e.Res != int32(io.Len):
			r.failed, r.failedRes = *io, e.Res
			r.fail(io, e.Res)
			return true
		case d >= workload.NumDirs:
			r.recordSync(d, e, now)
			return false
		}
		if r.logs != nil {
			r.logs.logIO(now, io, e)
		}
		ds := r.dirs[d]
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
		return false
	}
	bad := false
	for i := range cq {
		e := &cq[i]
		io := sl.put(e.Slot)
		if e.Res != int32(io.Len) {
			if !bad {
				r.failed, r.failedRes, bad = *io, e.Res, true
			}
			r.fail(io, e.Res)
			continue
		}
		d := io.Dir
		if d >= workload.NumDirs {
			r.recordSync(d, e, now)
			continue
		}
		if r.logs != nil {
			r.logs.logIO(now, io, e)
		}
		r.ios[d]++
		r.bytes[d] += uint64(e.Res)
		if r.run != 0 && d == r.runDir && e.TSubmit == r.runStamp[0] && e.TIssued == r.runStamp[1] {
			r.run++
			continue
		}
		if r.run != 0 {
			r.flush(now)
		}
		r.run, r.runDir, r.runStamp = 1, d, [2]uint64{e.TSubmit, e.TIssued}
	}
	if r.run != 0 {
		r.flush(now)
	}
	return bad
}

// fail counts a failed data IO, and a short transfer as fio's short IOs.
func (r *recorder) fail(io *workload.IO, res int32) {
	if io.Dir >= workload.NumDirs {
		return
	}
	r.failedIOs[io.Dir]++
	if res >= 0 {
		r.short[io.Dir]++
	}
}

// flush records the latencies of the current run, reaped at now.
func (r *recorder) flush(now uint64) {
	ds, n := r.dirs[r.runDir], r.run
	if r.slat {
		ds.Slat.RecordN(r.runStamp[1]-r.runStamp[0], n)
	}
	if r.clat {
		ds.Clat.RecordN(now-r.runStamp[1], n)
	}
	if r.lat {
		ds.Lat.RecordN(now-r.runStamp[0], n)
	}
	r.run = 0
}

// recordSync records the completion of a sync.
func (r *recorder) recordSync(d workload.Dir, e *xnvme.CQE, now uint64) {
	if d == workload.DirSync {
		r.syncs++
	}
	if r.clat {
		r.st.Sync.Lat.Record(now - e.TIssued)
	}
}

// blocks counts the data IOs completed, for think time.
func (r *recorder) blocks() uint64 { return r.ios[0] + r.ios[1] + r.ios[2] }

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
	r.ios, r.bytes, r.syncs, r.run = [workload.NumDirs]uint64{}, [workload.NumDirs]uint64{}, 0, 0
	r.failedIOs, r.short = [workload.NumDirs]uint64{}, [workload.NumDirs]uint64{}
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
