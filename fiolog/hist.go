package fiolog

import (
	"fmt"
	"os"
	"strconv"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/xbench/xbench/stats"
)

// HistLog is fio's completion latency histogram log (write_hist_log): one
// line per log_hist_msec interval and direction, "msec, ddir, bs, " then
// the interval's count in each of fio's 1856 latency buckets (iolog.c,
// flush_hist_samples with log_hist_coarseness=0).
type HistLog struct {
	f    *os.File
	path string
	plat [stats.FioPlatNR]uint64
	text []byte
	err  error
}

// OpenHist opens path for appending histogram lines.
func OpenHist(path string) (*HistLog, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening log %s: %w", path, err)
	}
	return &HistLog{f: f, path: path}, nil
}

// Write logs one interval's histogram h of direction dir.
func (l *HistLog) Write(timeMs uint64, dir uint8, bs uint64, h *hdrhistogram.Histogram) {
	clear(l.plat[:])
	stats.FioPlat(h, &l.plat)
	t := strconv.AppendUint(l.text[:0], timeMs, 10)
	t = append(t, ", "...)
	t = strconv.AppendUint(t, uint64(dir), 10)
	t = append(t, ", "...)
	t = strconv.AppendUint(t, bs, 10)
	for _, c := range l.plat {
		t = append(t, ", "...)
		t = strconv.AppendUint(t, c, 10)
	}
	t = append(t, '\n')
	l.text = t
	if l.err == nil {
		if _, err := l.f.Write(t); err != nil {
			l.err = fmt.Errorf("writing log %s: %w", l.path, err)
		}
	}
}

// Close closes the file and returns the first write error.
func (l *HistLog) Close() error {
	if l == nil || l.f == nil {
		return nil
	}
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
