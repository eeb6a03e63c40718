package workload

import (
	"fmt"
	"math"
	"strings"
)

// This file is fio's options on how much IO a job does and where (HOWTO
// "I/O size" and "I/O type"): size, io_size, offset, offset_increment,
// number_ios and loops, with fio's percentages of the file size.

// Extent says how much IO a job does and where in its files. Job.Size is
// the size in bytes; the rest is here.
type Extent struct {
	// SizePercent is size=N%: each file's region is N percent of the file
	// (from its offset). 0 when size is in bytes.
	SizePercent int
	// IOSize is io_size (io_limit): the bytes of IO to do, which may be
	// more than the region (it is then done several times) or less. 0
	// means the region's size. IOSizePercent is io_size=N%.
	IOSize        uint64
	IOSizePercent int
	// NumberIOs stops the job after this many IOs (number_ios); 0 means no
	// limit.
	NumberIOs uint64
	// Offset is where IO starts in each file (offset); OffsetPercent is
	// offset=N% of the file size.
	Offset        uint64
	OffsetPercent int
	// OffsetIncrement moves clone n's offset by n times this
	// (offset_increment); OffsetIncrementPercent is a percentage of the
	// file size.
	OffsetIncrement        uint64
	OffsetIncrementPercent int
	// Loops is how many times the job repeats its IO (loops).
	Loops int
}

// extentOptions are fio's size and offset options.
var extentOptions = []*optionDef{
	extentOpt("size", "", `Bytes of IO per clone, split between its files, or N% of each file; unset, the whole files (fio HOWTO "I/O size", size)`, 100,
		func(j *Job, n uint64, pct int) { j.Size, j.Extent.SizePercent = n, pct }),
	extentOpt("io_size", "", `Bytes of IO to do, repeating the region or stopping before its end, or N% of it (fio HOWTO "I/O size", io_size)`, 100,
		func(j *Job, n uint64, pct int) { j.Extent.IOSize, j.Extent.IOSizePercent = n, pct }).withAlias("io_limit"),
	extentOpt("offset", "0", `Start IO at this offset in each file, or at N% of it (fio HOWTO "I/O type", offset)`, 100,
		func(j *Job, n uint64, pct int) { j.Extent.Offset, j.Extent.OffsetPercent = n, pct }),
	extentOpt("offset_increment", "0", `Move clone n's offset by n times this, or n times N% of the file (fio HOWTO "I/O type", offset_increment)`, 100,
		func(j *Job, n uint64, pct int) { j.Extent.OffsetIncrement, j.Extent.OffsetIncrementPercent = n, pct }),
	sizeOpt("number_ios", "0", `Stop after this many IOs, whatever the size (fio HOWTO "I/O size", number_ios)`,
		0, func(j *Job, v uint64) { j.Extent.NumberIOs = v }),
	intOpt("loops", "1", `Repeat the job's IO this many times (fio HOWTO "Job description", loops)`,
		1, math.MaxInt32, func(j *Job, v int) { j.Extent.Loops = v }),
}

// extentOpt is a size option that also takes a whole percentage up to
// maxPct, "50%", as fio's size callbacks do. set gets the bytes or the
// percentage, the other zero.
func extentOpt(name, def, help string, maxPct int, set func(j *Job, n uint64, pct int)) *optionDef {
	return &optionDef{
		info: OptionInfo{Name: name, Type: "size or percent", Default: def, Help: help},
		parse: func(j *Job, v string) error {
			if p, ok := strings.CutSuffix(strings.TrimLeft(v, cSpace), "%"); ok {
				n, err := parseCount(p)
				if err != nil {
					return fmt.Errorf("%q is not a whole percentage", v)
				}
				if n > uint64(maxPct) {
					return fmt.Errorf("%d%% is more than %d%%", n, maxPct)
				}
				set(j, 0, int(n))
				return nil
			}
			n, err := jobNumber(j, v)
			if err != nil {
				return err
			}
			set(j, n, 0)
			return nil
		},
	}
}
