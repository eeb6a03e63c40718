package engine

import (
	"syscall"

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
	// latFromClat is set when lat is recorded as clat: on a synchronous
	// engine an IO's lat is its clat (it has no slat), so the recorder
	// records clat alone and adds it to lat when it is read (latInto).
	latFromClat bool
	ios, bytes  [workload.NumDirs]uint64
	syncs       uint64 // fsyncs completed (fio counts only those)

	run      uint64 // completions in the current run; 0 for none
	runDir   workload.Dir
	runStamp [2]uint64 // the run's TSubmit and TIssued

	// failedIOs counts, per direction, the IOs that failed; short those
	// that transferred less than asked and were issued again for the rest.
	failedIOs, short [workload.NumDirs]uint64
	// requeue lists the slots of the short IOs to issue again.
	requeue []uint32
	// fileEnds are the sizes of the clone's files: a short read that
	// reaches one is done.
	fileEnds []uint64

	errs *errorPolicy // what a failure does to the job
	vf   *verifier    // nil when the job does not verify
	logs *cloneLogs   // logs every IO when set (write_lat_log and kin)
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
	r.latFromClat = sync && r.clat && r.lat
	if r.latFromClat {
		r.lat = false
	}
	for d := range r.dirs {
		r.dirs[d] = &st.Dirs[d]
	}
	return r
}

// recordLatSeparately makes the recorder record lat on its own, for the
// logs that read it interval by interval.
func (r *recorder) recordLatSeparately() {
	if r.latFromClat {
		r.latFromClat, r.lat = false, true
	}
}

// latInto adds the clat recorded so far, which is lat, into the lat of
// st, when the recorder records lat as clat: st is the clone's stats at
// the end, or a snapshot of them.
func (r *recorder) latInto(st *stats.Job) {
	if !r.latFromClat {
		return
	}
	for d := range r.st.Dirs {
		if src, dst := r.st.Dirs[d].Clat, st.Dirs[d].Lat; src != nil && dst != nil {
			dst.Merge(src)
		}
	}
}

// complete records a cycle's completions, reaped at now, and frees their
// slots, except those of short IOs, which it lists in requeue. It reports
// whether a failure (or a block that did not verify) ends the job.
func (r *recorder) complete(cq []xnvme.CQE, sl *slots, now uint64) bool {
	if len(cq) == 1 {
		// One completion, as at iodepth=1: record it as it is.
		e := &cq[0]
		io := sl.put(e.Slot)
		d := io.Dir
		switch {
		case e.Res != int32(io.Len):
			return r.incomplete(e, io, sl)
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
		return r.vf != nil && r.verified(e.Slot)
	}
	stop := false
	for i := range cq {
		e := &cq[i]
		io := sl.put(e.Slot)
		if e.Res != int32(io.Len) {
			stop = r.incomplete(e, io, sl) || stop
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
		if r.vf != nil && r.verified(e.Slot) {
			stop = true
		}
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
	return stop
}

// completeSerial records the completions of a serial run, each reaped at
// its own TDone, as complete does one by one.
func (r *recorder) completeSerial(cq []xnvme.CQE, sl *slots) bool {
	stop := false
	for i := range cq {
		stop = r.complete(cq[i:i+1], sl, cq[i].TDone) || stop
	}
	return stop
}

// incomplete handles an IO of slot e.Slot that did not transfer all its
// bytes, as fio's io_completed does: a short one is counted and its rest
// issued again (unless a read reached the end of its file); one that
// failed, or transferred nothing, goes to the error policy. It reports
// whether the job must stop.
func (r *recorder) incomplete(e *xnvme.CQE, io *workload.IO, sl *slots) bool {
	d, res := io.Dir, e.Res
	if d < workload.NumDirs && res > 0 && uint64(res) < io.Len {
		r.short[d]++
		r.bytes[d] += uint64(res)
		if d == workload.DirRead && io.Offset+uint64(res) >= r.fileEnds[io.File] {
			// The read reached the end of the file: it is done, and
			// holds too little to verify.
			r.ios[d]++
			if r.vf != nil {
				r.vf.failed(e.Slot)
			}
			return false
		}
		io.Offset += uint64(res)
		io.Len -= uint64(res)
		sl.bufOff[e.Slot] += uint32(res)
		sl.unput()
		r.requeue = append(r.requeue, e.Slot)
		return false
	}
	if d < workload.NumDirs {
		r.failedIOs[d]++
	}
	if r.vf != nil {
		r.vf.failed(e.Slot)
	}
	if res >= 0 {
		return r.errs.nothingDone(io)
	}
	return r.errs.ioFailed(io, syscall.Errno(-res))
}

// verified hands the completed IO of slot to the verifier and reports
// whether a block that did not verify ends the job.
func (r *recorder) verified(slot uint32) bool {
	if r.errs.ended {
		r.vf.failed(slot) // the job is over: drain without checking
		return false
	}
	f, mm := r.vf.done(slot)
	if mm == nil {
		return false
	}
	return r.errs.verifyFailed(f, mm)
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
	r.latInto(r.st)
}
