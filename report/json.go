package report

// WriteJSON follows fio 3.33's --output-format=json: the same keys in the
// same order, with the same types and units, printed by jsonwriter.go in
// fio's layout. Keys fio writes from things xbench does not do are
// omitted rather than filled with invented values:
//
//   - top level: "cpu idleness" (fio's idle_prof);
//   - per job: "eta" and "elapsed" (progress figures of the running fio,
//     meaningless once it is done), and the keys of options xbench does
//     not implement: "total_err"/"first_error" (continue_on_error),
//     "desc" (description), "block" (trim block infos), "steadystate"
//     (steadystate), the "mixed" direction (unified_rw_reporting) and the
//     per-priority "prios" (cmdprio);
//   - per direction: "cachehit" (only with cache hit accounting);
//   - per disk: the "aggr_*" figures of devices with slaves (md, dm).
//
// Like fio, every job has "read", "write", "trim" and "sync" objects, with
// zeros where nothing was done, and a latency
// without samples is written as zeros. As in fio, options whose value is
// empty (bare keys such as "thread") are left out of "global options" and
// "job options", and those objects are absent when there are no options.
// The latency target keys show fio's defaults (xbench has no
// latency_target) and the job's queue depth.

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// WriteJSON writes the run as fio's JSON report.
func WriteJSON(w io.Writer, r *Run) error { return writeJSON(w, r, false) }

// WriteJSONPlus writes the run as fio's json+ report: the JSON report with
// each latency that has percentiles also giving its histogram as "bins",
// bucket midpoints in nanoseconds mapped to counts, which fio's
// fio_jsonplus_clat2csv reads. xbench's buckets are its HdrHistogram's:
// every nanosecond up to 2047 ns, then 0.1% wide (fio's are 1.6% wide).
func WriteJSONPlus(w io.Writer, r *Run) error { return writeJSON(w, r, true) }

func writeJSON(w io.Writer, r *Run, plus bool) error {
	if err := r.check(); err != nil {
		return err
	}
	root := &jsonObject{}
	root.add("fio version", r.Version)
	root.add("timestamp", r.Time.Unix())
	root.add("timestamp_ms", r.Time.UnixMilli())
	root.add("time", ctime(r.Time))
	addOptionsJSON(root, "global options", r.GlobalOptions)
	jobs := &jsonArray{}
	root.add("jobs", jobs)
	for i := range r.Jobs {
		j := &r.Jobs[i]
		jobs.vals = append(jobs.vals, jobJSON(j, r.group(j.Stats.GroupID), plus))
	}
	addDisksJSON(root, r.Disks)
	if r.Repeats != nil {
		rep, err := repeatsJSON(r.Repeats)
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		root.add("repeats", rep)
	}
	_, err := io.WriteString(w, printJSON(root))
	return err
}

// addOptionsJSON adds an object of option names and values, as fio's
// json_add_job_opts: nothing for no options, and no pair for an option
// without a value.
func addOptionsJSON(parent *jsonObject, key string, opts []workload.Setting) {
	if len(opts) == 0 {
		return
	}
	o := parent.object(key)
	for _, s := range opts {
		if s.Value != "" {
			o.add(s.Name, s.Value)
		}
	}
}

// jobJSON builds one entry of "jobs".
func jobJSON(j *Job, g *stats.Group, plus bool) *jsonObject {
	s := j.Stats
	o := &jsonObject{}
	o.add("jobname", s.Name)
	o.add("groupid", s.GroupID)
	o.add("error", s.Error)
	addOptionsJSON(o, "job options", j.Options)
	points, _ := j.percentiles()
	points = sortedPercentiles(points)
	for d := stats.Read; d < stats.NumDirs; d++ {
		dirJSON(o.object(d.String()), j, g, d, points, plus)
	}
	// fio counts only the fsyncs in total_ios; the latency has the
	// fdatasyncs too, with percentiles when clat or lat ones are on.
	sync := o.object("sync")
	sync.add("total_ios", s.Sync.TotalIOs)
	sync.add("lat_ns", latJSON(s.Sync.Lat, pointsIf(!j.NoClatPercentiles || j.LatPercentiles, points), plus))

	usr, sys := cpuPercent(s)
	o.add("job_runtime", truncMsec(s.Runtime))
	o.add("usr_cpu", usr)
	o.add("sys_cpu", sys)
	o.add("ctx", s.CPU.Ctx)
	o.add("majf", s.CPU.MajFlt)
	o.add("minf", s.CPU.MinFlt)
	addDepthsJSON(o, s)
	if j.Description != "" {
		o.add("desc", j.Description)
	}
	return o
}

// dirJSON fills one direction's object.
func dirJSON(o *jsonObject, j *Job, g *stats.Group, d stats.Dir, points []float64, plus bool) {
	ds := &j.Stats.Dirs[d]
	var bwBytes uint64
	var iops float64
	runt := stats.Msec(ds.Runtime)
	if runt != 0 {
		bwBytes = stats.BytesPerSec(ds.IOBytes, ds.Runtime)
		iops = stats.IOPS(ds.TotalIOs, ds.Runtime)
	}
	o.add("io_bytes", ds.IOBytes)
	o.add("io_kbytes", ds.IOBytes>>10)
	o.add("bw_bytes", bwBytes)
	o.add("bw", bwBytes/1024)
	o.add("iops", iops)
	o.add("runtime", runt)
	o.add("total_ios", ds.TotalIOs)
	o.add("short_ios", ds.Short)
	o.add("drop_ios", ds.Dropped)
	o.add("slat_ns", latJSON(ds.Slat, pointsIf(j.SlatPercentiles, points), plus))
	o.add("clat_ns", latJSON(ds.Clat, pointsIf(!j.NoClatPercentiles, points), plus))
	o.add("lat_ns", latJSON(ds.Lat, pointsIf(j.LatPercentiles, points), plus))
	addRatesJSON(o, g, d, ds)
}

// pointsIf returns points when on, else nil.
func pointsIf(on bool, points []float64) []float64 {
	if on {
		return points
	}
	return nil
}

// latJSON builds a latency object in nanoseconds: min, max, mean, stddev,
// N, and the percentiles at points when there are points and samples,
// followed for json+ by the histogram's bins.
func latJSON(l *stats.Latency, points []float64, plus bool) *jsonObject {
	o := &jsonObject{}
	if !measured(l) {
		o.add("min", uint64(0)).add("max", uint64(0))
		o.add("mean", 0.0).add("stddev", 0.0)
		o.add("N", uint64(0))
		return o
	}
	o.add("min", l.Min()).add("max", l.Max())
	o.add("mean", l.Mean()).add("stddev", l.Stddev())
	o.add("N", l.N())
	if len(points) > 0 {
		p := o.object("percentile")
		for i, v := range percentileValues(l, points) {
			p.add(jsonFloat(points[i]), v)
		}
		if plus {
			bins := o.object("bins")
			for _, bin := range l.Bins() {
				bins.add(strconv.FormatUint(bin.Value, 10), bin.Count)
			}
		}
	}
	return o
}
