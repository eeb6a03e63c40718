package workload

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// This file holds the options that shape how a job is reported and how
// its quantities read: kb_base, unit_base, significant_figures,
// description and the percentile options (fio 3.33 HOWTO, "Measurements
// and reporting" and "Job description"; options.c).

// ReportOptions are a job's options that shape its report.
type ReportOptions struct {
	// KBBase is kb_base: 1024 (fio's default) makes "k" 1024 and the
	// reports show binary units first; 1000 makes "k" 1000 and shows
	// decimal units first. Either way "KiB" means the other base.
	KBBase int
	// UnitBase is unit_base: 8 reports bandwidth in bytes, 1 in bits, and
	// 0 (fio's default) picks bytes for every engine xbench has.
	UnitBase int
	// SigFigs is significant_figures, the figures of rates and sizes in
	// the normal report (1 to 10, default 4).
	SigFigs int
	// Description is the description option, shown in the reports.
	Description string
	// Percentiles is percentile_list, the points reported for latency
	// percentiles, and PercentilePrecision the decimals the normal report
	// shows for them: the most any point was written with.
	Percentiles         []float64
	PercentilePrecision int
	// ClatPercentiles, LatPercentiles and SlatPercentiles report the
	// percentiles of completion, total and submission latency
	// (clat_percentiles, on by default; the others off).
	ClatPercentiles, LatPercentiles, SlatPercentiles bool
}

// maxPercentiles is fio's FIO_IO_U_LIST_MAX_LEN, the most points a
// percentile_list holds.
const maxPercentiles = 20

// maxDescription is the longest description fio shows: it copies it into
// a buffer of FIO_JOBDESC_SIZE (256) bytes.
const maxDescription = 255

// reportOptions are the options of this file.
var reportOptions = []*optionDef{
	enumOpt("kb_base", "1024", "Unit prefix interpretation for quantities of data (IEC and SI): 1024 or 1000",
		[]enumChoice[int]{{"1024", 1024}, {"1000", 1000}}, nil,
		func(j *Job, v int) { j.Report.KBBase = v }).withPrio(1),
	enumOpt("unit_base", "0", "Bit multiple of result summary data (8 for byte, 1 for bit, 0 to pick)",
		[]enumChoice[int]{{"0", 0}, {"8", 8}, {"1", 1}}, nil,
		func(j *Job, v int) { j.Report.UnitBase = v }).withPrio(1),
	intOpt("significant_figures", "4", "Significant figures for output-format set to normal",
		1, 10, func(j *Job, v int) { j.Report.SigFigs = v }),
	{
		info: OptionInfo{Name: "description", Type: "string", Help: "Text job description"},
		parse: func(j *Job, v string) error {
			if len(v) > maxDescription {
				return fmt.Errorf("longer than %d bytes (fio would cut it)", maxDescription)
			}
			j.Report.Description = v
			return nil
		},
	},
	{
		info: OptionInfo{Name: "percentile_list", Type: "floatlist",
			Default: "1:5:10:20:30:40:50:60:70:80:90:95:99:99.5:99.9:99.95:99.99",
			Help:    "Specify a custom list of percentiles to report for completion latency, as 99:99.9:99.99",
			Range:   "min=0, max=100"},
		parse: func(j *Job, v string) error {
			points, precision, err := ParsePercentileList(v)
			if err != nil {
				return err
			}
			j.Report.Percentiles, j.Report.PercentilePrecision = points, precision
			return nil
		},
	},
	boolOpt("clat_percentiles", "1", "Enable the reporting of completion latency percentiles",
		func(j *Job, v bool) { j.Report.ClatPercentiles = v }),
	boolOpt("lat_percentiles", "0", "Enable the reporting of IO latency percentiles",
		func(j *Job, v bool) { j.Report.LatPercentiles = v }),
	boolOpt("slat_percentiles", "0", "Enable the reporting of submission latency percentiles",
		func(j *Job, v bool) { j.Report.SlatPercentiles = v }),
}

// ParsePercentileList reads fio's percentile_list, points from 0 to 100
// separated by ":" such as "1:5:99.5:99.999", at most 20 of them. It
// returns the points and the precision fio derives for the normal report:
// the most digits any point has after its decimal point. Unlike fio, which
// reads each point with sscanf, it rejects a point with trailing text,
// NaN or infinity.
func ParsePercentileList(s string) ([]float64, int, error) {
	var points []float64
	precision := 0
	for f := range strings.SplitSeq(s, ":") {
		if len(points) == maxPercentiles {
			return nil, 0, fmt.Errorf("more than %d points", maxPercentiles)
		}
		f = strings.Trim(f, cSpace)
		p, err := strconv.ParseFloat(f, 64)
		switch {
		case err != nil && f == "":
			return nil, 0, errors.New("empty point")
		case err != nil || math.IsNaN(p) || math.IsInf(p, 0):
			return nil, 0, fmt.Errorf("%q is not a number", f)
		case p < 0 || p > 100:
			return nil, 0, fmt.Errorf("%q is not between 0 and 100", f)
		}
		points = append(points, p)
		if _, frac, ok := strings.Cut(f, "."); ok {
			n := 0
			for n < len(frac) && isDigit(frac[n]) {
				n++
			}
			precision = max(precision, n)
		}
	}
	return points, precision, nil
}
