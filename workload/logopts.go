package workload

import (
	"math"
	"time"
)

// This file holds the options of fio's statistics sampling and per-job
// logs (fio's "Measurements and reporting" section).

// LogFile is one of fio's write_*_log options: whether the log is written
// and the file name prefix it was given.
type LogFile struct {
	// On is set when the option appears.
	On bool
	// Prefix is the value given; empty means the job's name, as in fio.
	Prefix string
}

// PrefixFor returns the log's file name prefix for a job named name.
func (l LogFile) PrefixFor(name string) string {
	if l.Prefix != "" {
		return l.Prefix
	}
	return name
}

// Logs are a job's sampling and logging options.
type Logs struct {
	// BWAvgTime and IOPSAvgTime are the intervals of the bandwidth and
	// IOPS samples as set by bwavgtime and iopsavgtime; 0 means unset, and
	// fio's default of 500 ms (see BWInterval).
	BWAvgTime, IOPSAvgTime time.Duration
	// BW, IOPS, Lat and Hist are write_bw_log, write_iops_log,
	// write_lat_log (slat, clat and lat logs) and write_hist_log.
	BW, IOPS, Lat, Hist LogFile
	// AvgMsec averages log entries over this many milliseconds; 0 logs
	// every IO (log_avg_msec).
	AvgMsec uint64
	// HistMsec is the interval of the histogram log (log_hist_msec).
	HistMsec uint64
	// MaxValue logs the largest sample of a window instead of its mean
	// (log_max_value).
	MaxValue bool
	// Offset adds each IO's offset to its log line (log_offset).
	Offset bool
	// PerJob names log files after the job's thread number
	// (per_job_logs, default on).
	PerJob bool
}

// BWInterval is the bandwidth sample interval: bwavgtime, or log_avg_msec
// when a bandwidth log averages (the smaller of the two when both are
// set), as fio's add_job does.
func (l *Logs) BWInterval() time.Duration {
	return l.interval(l.BW.On, l.BWAvgTime)
}

// IOPSInterval is the IOPS sample interval, chosen as BWInterval is.
func (l *Logs) IOPSInterval() time.Duration {
	return l.interval(l.IOPS.On, l.IOPSAvgTime)
}

// defaultAvgTime is fio's default bwavgtime and iopsavgtime.
const defaultAvgTime = 500 * time.Millisecond

func (l *Logs) interval(logged bool, set time.Duration) time.Duration {
	avg := set
	if avg == 0 {
		avg = defaultAvgTime
	}
	if !logged || l.AvgMsec == 0 {
		return avg
	}
	logAvg := time.Duration(l.AvgMsec) * time.Millisecond
	if set != 0 {
		return min(logAvg, avg)
	}
	return logAvg
}

// msecOpt is an integer option counting milliseconds.
func msecOpt(name, def, help string, set func(*Job, int)) *optionDef {
	return intOpt(name, def, help, 0, math.MaxInt32, set)
}

// logFileOpt is a write_*_log option: bare, or with a file name prefix.
func logFileOpt(name, help string, field func(*Job) *LogFile) *optionDef {
	return &optionDef{
		info: OptionInfo{Name: name, Type: "logfile", Help: help},
		parse: func(j *Job, v string) error {
			*field(j) = LogFile{On: true, Prefix: v}
			return nil
		},
		bare: func(j *Job) { *field(j) = LogFile{On: true} },
	}
}

// logOptions are the sampling and logging options.
var logOptions = []*optionDef{
	// fio's default for both is 500; it is applied by BWInterval and
	// IOPSInterval, which need to know whether the job set them.
	msecOpt("bwavgtime", "", "Time window over which to calculate bandwidth (msec; default 500)", func(j *Job, v int) {
		j.Logs.BWAvgTime = time.Duration(max(v, 1)) * time.Millisecond
	}),
	msecOpt("iopsavgtime", "", "Time window over which to calculate IOPS (msec; default 500)", func(j *Job, v int) {
		j.Logs.IOPSAvgTime = time.Duration(max(v, 1)) * time.Millisecond
	}),
	logFileOpt("write_bw_log", "Write log of bandwidth during run", func(j *Job) *LogFile { return &j.Logs.BW }),
	logFileOpt("write_iops_log", "Write log of IOPS during run", func(j *Job) *LogFile { return &j.Logs.IOPS }),
	logFileOpt("write_lat_log", "Write log of latency during run (slat, clat and lat)", func(j *Job) *LogFile { return &j.Logs.Lat }),
	logFileOpt("write_hist_log", "Write log of latency histograms during run", func(j *Job) *LogFile { return &j.Logs.Hist }),
	msecOpt("log_avg_msec", "0", "Average bw/iops/lat logs over this period of time (msec)", func(j *Job, v int) {
		j.Logs.AvgMsec = uint64(v)
	}),
	msecOpt("log_hist_msec", "0", "Dump completion latency histograms at frequency of this time value (msec)", func(j *Job, v int) {
		j.Logs.HistMsec = uint64(v)
	}),
	boolOpt("log_max_value", "0", "Log max sample in a window instead of average", func(j *Job, v bool) { j.Logs.MaxValue = v }),
	boolOpt("log_offset", "0", "Include offset of IO for each log entry", func(j *Job, v bool) { j.Logs.Offset = v }),
	boolOpt("per_job_logs", "1", "Include job number in generated log files or not", func(j *Job, v bool) { j.Logs.PerJob = v }),
}
