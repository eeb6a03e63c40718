// Package fiolog writes fio's per-job logs in fio 3.33's text formats, so
// that fio_generate_plots, fio2gnuplot and other readers of fio's logs read
// xbench's: the sample logs of write_bw_log, write_iops_log and
// write_lat_log (one line per sample: "msec, value, ddir, bs, prio", with
// the offset before prio under log_offset), and the completion latency
// histogram log of write_hist_log. It also writes interval HdrHistograms in
// the standard HdrHistogram log format (hdrlog.go).
//
// A Log is filled on a clone's thread between batches: Add appends to a
// fixed buffer and writes it out as text when it is full, so a clone logging
// every IO makes one write system call per few thousand IOs and no
// allocation.
package fiolog

import (
	"fmt"
	"os"
	"strconv"
)

// Entry is one sample of a sample log.
type Entry struct {
	// TimeMs is the time since the job started, in milliseconds.
	TimeMs uint64
	// Value is the sample: a latency in nanoseconds, a bandwidth in KiB/s,
	// or an IO count.
	Value uint64
	// Offset is the IO's offset in bytes, written under log_offset.
	Offset uint64
	// BS is the block size, or 0 for a sample over several IOs of
	// different sizes.
	BS uint32
	// Dir is the IO direction: 0 read, 1 write, 2 trim.
	Dir uint8
}

// bufEntries is how many entries a Log holds before writing them out.
const bufEntries = 4096

// Log is one open sample log file. It is not safe for concurrent use; the
// clones sharing a file (per_job_logs=0) each have their own Log on it and
// write whole lines with O_APPEND.
type Log struct {
	f      *os.File
	path   string
	offset bool
	buf    []Entry
	text   []byte
	err    error
}

// Create truncates or creates path, so that the Logs opened on it start
// from an empty file.
func Create(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("creating log %s: %w", path, err)
	}
	return f.Close()
}

// Open opens path for appending sample lines; withOffset adds the offset
// column, as fio's log_offset does.
func Open(path string, withOffset bool) (*Log, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening log %s: %w", path, err)
	}
	return &Log{f: f, path: path, offset: withOffset, buf: make([]Entry, 0, bufEntries)}, nil
}

// Add appends a sample, writing the buffer out first when it is full.
func (l *Log) Add(e Entry) {
	if len(l.buf) == cap(l.buf) {
		l.Flush()
	}
	l.buf = append(l.buf, e)
}

// Flush writes the buffered samples as text lines in one write call. The
// first write error is kept and returned by Close.
func (l *Log) Flush() {
	if len(l.buf) == 0 {
		return
	}
	t := l.text[:0]
	for i := range l.buf {
		t = appendEntry(t, &l.buf[i], l.offset)
	}
	l.text = t
	l.buf = l.buf[:0]
	if l.err == nil {
		if _, err := l.f.Write(t); err != nil {
			l.err = fmt.Errorf("writing log %s: %w", l.path, err)
		}
	}
}

// appendEntry formats e as fio's flush_samples does: "%lu, %ld, %u, %llu,
// %u\n", or with the offset before the priority.
func appendEntry(t []byte, e *Entry, offset bool) []byte {
	t = strconv.AppendUint(t, e.TimeMs, 10)
	t = append(t, ", "...)
	t = strconv.AppendUint(t, e.Value, 10)
	t = append(t, ", "...)
	t = strconv.AppendUint(t, uint64(e.Dir), 10)
	t = append(t, ", "...)
	t = strconv.AppendUint(t, uint64(e.BS), 10)
	if offset {
		t = append(t, ", "...)
		t = strconv.AppendUint(t, e.Offset, 10)
	}
	return append(t, ", 0\n"...)
}

// Close writes what is buffered and closes the file.
func (l *Log) Close() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.Flush()
	err := l.f.Close()
	l.f = nil
	if l.err != nil {
		return l.err
	}
	if err != nil {
		return fmt.Errorf("closing log %s: %w", l.path, err)
	}
	return nil
}

// Name returns fio's name of a log file (init.c, gen_log_name): prefix,
// the log type and, with perJob, the job's 1-based thread number:
// "job_bw.1.log", or "job_bw.log" for per_job_logs=0.
func Name(prefix, kind string, thread int, perJob bool) string {
	if perJob {
		return fmt.Sprintf("%s_%s.%d.log", prefix, kind, thread)
	}
	return fmt.Sprintf("%s_%s.log", prefix, kind)
}
