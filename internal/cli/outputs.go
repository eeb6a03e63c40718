package cli

import (
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/xbench/xbench/engine"
	"github.com/xbench/xbench/fiolog"
	"github.com/xbench/xbench/report"
)

// outputFormats are the values --output-format takes.
var outputFormats = []string{"normal", "json", "json+", "terse", "html"}

// writeReports writes rep in every format asked for, in fio's order
// (terse, then json or json+, then normal), and the HTML report last.
func writeReports(out io.Writer, o *options, rep *report.Run) error {
	for _, f := range []string{"terse", "json", "json+", "normal", "html"} {
		if !slices.Contains(o.formats, f) {
			continue
		}
		var err error
		switch f {
		case "terse":
			err = report.WriteTerse(out, rep, o.terseVersion)
		case "json":
			if slices.Contains(o.formats, "json+") {
				continue // json+ is json with bins
			}
			err = report.WriteJSON(out, rep)
		case "json+":
			err = report.WriteJSONPlus(out, rep)
		case "normal":
			err = report.WriteNormal(out, rep)
		case "html":
			err = report.WriteHTML(out, rep)
		}
		if err != nil {
			return fmt.Errorf("writing the %s report: %w", f, err)
		}
	}
	return nil
}

// writeHdrLog writes every clone's interval histograms to path.
func writeHdrLog(path string, res *engine.Result) error {
	var all []fiolog.Interval
	for _, c := range res.Clones {
		all = append(all, c.HDRIntervals...)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--hdr-log: %w", err)
	}
	if err := fiolog.WriteHdrLog(f, res.Start, all); err != nil {
		f.Close()
		return fmt.Errorf("--hdr-log: writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("--hdr-log: %w", err)
	}
	return nil
}
