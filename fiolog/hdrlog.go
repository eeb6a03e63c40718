package fiolog

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
)

// Interval is one interval histogram of an HdrHistogram log, already
// encoded, so that a clone can keep its intervals compactly until the run
// ends.
type Interval struct {
	// Tag names the series, for example "randread.0.read.clat".
	Tag string
	// Start is the interval's start and Length its length, from the log's
	// start time.
	Start, Length time.Duration
	// MaxNs is the largest value recorded in the interval, in nanoseconds.
	MaxNs int64
	// Payload is the histogram in HdrHistogram's compressed V2 encoding,
	// base64 as it appears in the log.
	Payload []byte
}

// EncodeInterval encodes h as an Interval.
func EncodeInterval(tag string, start, length time.Duration, h *hdrhistogram.Histogram) (Interval, error) {
	p, err := h.EncodeV2()
	if err != nil {
		return Interval{}, fmt.Errorf("encoding histogram %s: %w", tag, err)
	}
	return Interval{Tag: tag, Start: start, Length: length, MaxNs: h.Max(), Payload: p}, nil
}

// Tag returns an HdrHistogram log tag from its parts, replacing the
// characters a tag cannot hold (commas, blanks, line breaks) with '_'.
func Tag(parts ...string) string {
	t := strings.Join(parts, ".")
	return strings.Map(func(r rune) rune {
		switch r {
		case ',', ' ', '\t', '\r', '\n':
			return '_'
		}
		return r
	}, t)
}

// WriteHdrLog writes intervals as an HdrHistogram log (format version 1.3,
// as written by HdrHistogram's Java and Go HistogramLogWriter): a version
// comment, the start time, the legend, then one line per interval in order
// of start time, "Tag=TAG,start,length,max,payload" with seconds from the
// start time and the maximum in milliseconds. Logs of several runs merge
// exactly: reading them and adding histograms of the same tag.
func WriteHdrLog(w io.Writer, start time.Time, intervals []Interval) error {
	lw := hdrhistogram.NewHistogramLogWriter(w)
	if err := lw.OutputLogFormatVersion(); err != nil {
		return err
	}
	if err := lw.OutputStartTime(start.UnixMilli()); err != nil {
		return err
	}
	if err := lw.OutputLegend(); err != nil {
		return err
	}
	sorted := slices.Clone(intervals)
	slices.SortStableFunc(sorted, func(a, b Interval) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), strings.Compare(a.Tag, b.Tag))
	})
	for _, iv := range sorted {
		tag := ""
		if iv.Tag != "" {
			tag = "Tag=" + iv.Tag + ","
		}
		if _, err := fmt.Fprintf(w, "%s%.3f,%.3f,%.3f,%s\n", tag, iv.Start.Seconds(), iv.Length.Seconds(),
			float64(iv.MaxNs)/hdrhistogram.MsToNsRatio, iv.Payload); err != nil {
			return err
		}
	}
	return nil
}
