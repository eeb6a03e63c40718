package report

// WriteJSON follows fio 3.33's --output-format=json: the same keys in the
// same order, with the same types and units, printed by jsonwriter.go in
// fio's layout. Keys fio writes from measurements xbench does not take are
// omitted rather than filled with invented values:
//
//   - top level: "disk_util" (fio writes it only when it has disk stats)
//     and "cpu idleness" (only with idle_prof);
//   - per job: "eta" and "elapsed" (progress figures of the running fio);
//   - per direction: "short_ios" and "drop_ios"; the bandwidth and IOPS
//     sample statistics "bw_min", "bw_max", "bw_agg", "bw_mean", "bw_dev",
//     "bw_samples", "iops_min", "iops_max", "iops_mean", "iops_stddev" and
//     "iops_samples";
//   - per job: "iodepth_level", "iodepth_submit", "iodepth_complete",
//     "latency_ns", "latency_us", "latency_ms" (distribution buckets) and
//     the latency target keys "latency_depth", "latency_target",
//     "latency_percentile", "latency_window".
//
// Like fio, every job has "read", "write", "trim" and "sync" objects, with
// zeros where nothing was done, and a latency
// without samples is written as zeros. As in fio, options whose value is
// empty (bare keys such as "thread") are left out of "global options" and
// "job options", and those objects are absent when there are no options.

import (
	"io"

	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// WriteJSON writes the run as fio's JSON report.
func WriteJSON(w io.Writer, r *Run) error {
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
		jobs.vals = append(jobs.vals, jobJSON(&r.Jobs[i]))
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
func jobJSON(j *Job) *jsonObject {
	s := j.Stats
	o := &jsonObject{}
	o.add("jobname", s.Name)
	o.add("groupid", s.GroupID)
	o.add("error", s.Error)
	addOptionsJSON(o, "job options", j.Options)
	points, _ := j.percentiles()
	points = sortedPercentiles(points)
	for d := stats.Read; d < stats.NumDirs; d++ {
		dirJSON(o.object(d.String()), j, &s.Dirs[d], points)
	}
	// fio counts only the fsyncs in total_ios; the latency has the
	// fdatasyncs too, with percentiles when clat or lat ones are on.
	sync := o.object("sync")
	sync.add("total_ios", s.Sync.TotalIOs)
	sync.add("lat_ns", latJSON(s.Sync.Lat, pointsIf(!j.NoClatPercentiles || j.LatPercentiles, points)))

	usr, sys := cpuPercent(s)
	o.add("job_runtime", truncMsec(s.Runtime))
	o.add("usr_cpu", usr)
	o.add("sys_cpu", sys)
	o.add("ctx", s.CPU.Ctx)
	o.add("majf", s.CPU.MajFlt)
	o.add("minf", s.CPU.MinFlt)
	return o
}

// dirJSON fills one direction's object.
func dirJSON(o *jsonObject, j *Job, ds *stats.DirStats, points []float64) {
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
	o.add("slat_ns", latJSON(ds.Slat, pointsIf(j.SlatPercentiles, points)))
	o.add("clat_ns", latJSON(ds.Clat, pointsIf(!j.NoClatPercentiles, points)))
	o.add("lat_ns", latJSON(ds.Lat, pointsIf(j.LatPercentiles, points)))
}

// pointsIf returns points when on, else nil.
func pointsIf(on bool, points []float64) []float64 {
	if on {
		return points
	}
	return nil
}

// latJSON builds a latency object in nanoseconds: min, max, mean, stddev,
// N, and the percentiles at points when there are points and samples.
func latJSON(l *stats.Latency, points []float64) *jsonObject {
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
	}
	return o
}
