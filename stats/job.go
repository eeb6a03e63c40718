package stats

import "time"

// Dir is an IO direction. It indexes per-direction arrays in the order of
// fio's enum fio_ddir, so that reports list directions as fio does.
type Dir int

// The IO directions.
const (
	Read Dir = iota
	Write
	Trim
	// NumDirs is the number of directions.
	NumDirs
)

var dirNames = [NumDirs]string{"read", "write", "trim"}

// String returns fio's name for the direction: "read", "write" or "trim".
func (d Dir) String() string { return dirNames[d] }

// DirStats are the measurements of one direction of one job.
type DirStats struct {
	// IOBytes is the number of bytes transferred.
	IOBytes uint64
	// TotalIOs is the number of IOs completed.
	TotalIOs uint64
	// Runtime is the time during which this direction was measured: from
	// the start of the timed phase to the last completion.
	Runtime time.Duration
	// Slat is the submission latency: from the start of the submit call
	// that carried the IO to its return. Empty for synchronous engines,
	// which have no separate submission, as in fio.
	Slat *Latency
	// Clat is the completion latency: from the end of submission to the
	// reap that returned the IO.
	Clat *Latency
	// Lat is the total latency, Slat plus Clat.
	Lat *Latency
	// Issued counts the IOs submitted (fio's "issued rwts" total), Short
	// those that completed with fewer bytes than asked, and Dropped those
	// still in flight when a broken queue was closed.
	Issued, Short, Dropped uint64
	// BW holds the bandwidth samples in KiB/s, one per bwavgtime interval;
	// IOPS the IOPS samples, one per iopsavgtime interval.
	BW, IOPS SampleStats
	// BWSeries and IOPSSeries are the same samples over time, for charts.
	BWSeries, IOPSSeries []Point
}

// Point is one sample of a series: Value at TimeMs milliseconds after the
// job's measured phase began.
type Point struct {
	TimeMs, Value uint64
}

// sumSeries adds b into a sample by sample, as group reporting adds the
// clones' rates; the longer series keeps its tail.
func sumSeries(a, b []Point) []Point {
	out := append([]Point(nil), a...)
	for i, p := range b {
		if i < len(out) {
			out[i].Value += p.Value
		} else {
			out = append(out, p)
		}
	}
	return out
}

// NewDirStats returns DirStats with empty latency metrics.
func NewDirStats() DirStats {
	return DirStats{Slat: NewLatency(), Clat: NewLatency(), Lat: NewLatency()}
}

// Used reports whether the direction moved any IO.
func (d *DirStats) Used() bool { return d.TotalIOs != 0 || d.IOBytes != 0 }

// merge adds o into d as fio's group reporting does: counts add up, the
// runtime is the longest one and the latencies are pooled.
func (d *DirStats) merge(o *DirStats) {
	d.IOBytes += o.IOBytes
	d.TotalIOs += o.TotalIOs
	d.Runtime = max(d.Runtime, o.Runtime)
	d.Issued += o.Issued
	d.Short += o.Short
	d.Dropped += o.Dropped
	d.BW.Sum(&o.BW)
	d.IOPS.Sum(&o.IOPS)
	d.BWSeries = sumSeries(d.BWSeries, o.BWSeries)
	d.IOPSSeries = sumSeries(d.IOPSSeries, o.IOPSSeries)
	for _, p := range [...]struct {
		dst **Latency
		src *Latency
	}{
		{&d.Slat, o.Slat}, {&d.Clat, o.Clat}, {&d.Lat, o.Lat},
	} {
		if p.src == nil {
			continue
		}
		if *p.dst == nil {
			*p.dst = NewLatency()
		}
		(*p.dst).Merge(p.src)
	}
}

// SyncStats are what a job's fsyncs and fdatasyncs measured, fio's "sync"
// section.
type SyncStats struct {
	// TotalIOs counts the fsyncs. As in fio's report, fdatasyncs count
	// only in Lat.
	TotalIOs uint64
	// Lat is the completion latency of the fsyncs and fdatasyncs; nil
	// when the job issues none.
	Lat *Latency
}

// merge adds o into s.
func (s *SyncStats) merge(o *SyncStats) {
	s.TotalIOs += o.TotalIOs
	if o.Lat == nil {
		return
	}
	if s.Lat == nil {
		s.Lat = NewLatency()
	}
	s.Lat.Merge(o.Lat)
}

// CPU is the processor time and scheduling counts of a job's thread, from
// getrusage(RUSAGE_THREAD) over the timed phase.
type CPU struct {
	// User and System are the CPU times spent in user and kernel mode.
	User, System time.Duration
	// Ctx counts voluntary and involuntary context switches.
	Ctx uint64
	// MajFlt and MinFlt count major and minor page faults.
	MajFlt, MinFlt uint64
}

// Job is what one job clone measured, or several clones merged by
// group_reporting.
type Job struct {
	// Name is the job's name (its section name, or the name option).
	Name string
	// GroupID is the reporting group the job belongs to.
	GroupID int
	// Members is how many clones were merged into this entry (fio's
	// "jobs=N").
	Members int
	// Error is the errno that ended the job, 0 when it ran cleanly.
	Error int
	// ErrorText describes Error.
	ErrorText string
	// CountsErrors is set for a job that goes past some errors
	// (continue_on_error): its report then shows TotalErrors, the errors
	// counted, and FirstError, the errno of the first.
	CountsErrors bool
	TotalErrors  uint64
	FirstError   int
	// Dirs holds the per-direction measurements, indexed by Dir.
	Dirs [NumDirs]DirStats
	// Sync holds what the job's syncs measured.
	Sync SyncStats
	// CPU is the thread's CPU usage during the timed phase.
	CPU CPU
	// Runtime is the length of the timed phase (fio's job_runtime); merged
	// entries sum their members' runtimes, as fio does.
	Runtime time.Duration
	// Start is when the job's timed phase began.
	Start time.Time
	// Depth is the "IO depths" distribution: IOs counted by how many were
	// in flight when they were submitted. Submit and Complete count the
	// submit and reap calls by how many IOs each carried.
	Depth, Submit, Complete Dist
	// IODepth is the configured queue depth, shown as the latency line's
	// "depth" (fio's latency_depth); merged entries keep the last
	// member's, as fio does.
	IODepth int
}

// Merge adds o into j as fio's group reporting does. The first member's
// name and group are kept.
func (j *Job) Merge(o *Job) {
	if j.Members == 0 {
		j.Name, j.GroupID, j.Start = o.Name, o.GroupID, o.Start
	}
	j.Members += max(o.Members, 1)
	if j.Error == 0 && o.Error != 0 {
		j.Error, j.ErrorText = o.Error, o.ErrorText
	}
	j.CountsErrors = j.CountsErrors || o.CountsErrors
	j.TotalErrors += o.TotalErrors
	if j.FirstError == 0 {
		j.FirstError = o.FirstError
	}
	for d := range j.Dirs {
		j.Dirs[d].merge(&o.Dirs[d])
	}
	j.Sync.merge(&o.Sync)
	j.CPU.User += o.CPU.User
	j.CPU.System += o.CPU.System
	j.CPU.Ctx += o.CPU.Ctx
	j.CPU.MajFlt += o.CPU.MajFlt
	j.CPU.MinFlt += o.CPU.MinFlt
	j.Runtime += o.Runtime
	j.Depth.add(&o.Depth)
	j.Submit.add(&o.Submit)
	j.Complete.add(&o.Complete)
	j.IODepth = o.IODepth
}

// LatencyBuckets returns fio's latency distribution of the job's
// completion latencies, every direction together.
func (j *Job) LatencyBuckets() LatencyBuckets {
	var b LatencyBuckets
	for d := range j.Dirs {
		if c := j.Dirs[d].Clat; c != nil {
			x := c.Buckets()
			b.Add(&x)
		}
	}
	return b
}

// Issued is the number of IOs issued in every direction, the total fio
// computes the distributions' percentages from.
func (j *Job) Issued() uint64 {
	var n uint64
	for d := range j.Dirs {
		n += j.Dirs[d].Issued
	}
	return n
}
