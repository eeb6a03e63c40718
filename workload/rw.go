package workload

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// This file is fio's rw option (HOWTO "I/O type", rw/readwrite): the IO
// pattern, its ":N" sequencer suffix and the rwmix options.

// Dir is an IO direction, in the order of fio's enum fio_ddir, so that it
// indexes per-direction values the way stats.Dir does.
type Dir uint8

// The directions. Read, write and trim carry data; the syncs that fsync=
// and fdatasync= issue do not.
const (
	DirRead Dir = iota
	DirWrite
	DirTrim
	DirSync
	DirDataSync
)

// NumDirs is the number of data directions: read, write and trim.
const NumDirs = 3

var dirNames = [...]string{"read", "write", "trim", "sync", "datasync"}

// String returns fio's name of the direction.
func (d Dir) String() string {
	if int(d) < len(dirNames) {
		return dirNames[d]
	}
	return fmt.Sprintf("Dir(%d)", int(d))
}

// RW is an IO pattern, fio's rw option: which directions it issues and
// whether offsets are random. It is a set of bits, as fio's td_ddir.
type RW uint8

const (
	rwRead RW = 1 << iota
	rwWrite
	rwRand
	rwTrim
)

// The IO patterns.
const (
	// Read reads sequentially.
	Read = rwRead
	// Write writes sequentially.
	Write = rwWrite
	// Trim trims sequentially.
	Trim = rwTrim
	// RandRead reads at random offsets.
	RandRead = rwRead | rwRand
	// RandWrite writes at random offsets.
	RandWrite = rwWrite | rwRand
	// RandTrim trims at random offsets.
	RandTrim = rwTrim | rwRand
	// ReadWrite mixes sequential reads and writes (rw, readwrite).
	ReadWrite = rwRead | rwWrite
	// RandRW mixes random reads and writes.
	RandRW = rwRead | rwWrite | rwRand
	// TrimWrite trims a block and then writes it, sequentially.
	TrimWrite = rwTrim | rwWrite
	// RandTrimWrite trims a block and then writes it, at random offsets.
	RandTrimWrite = rwTrim | rwWrite | rwRand
)

// rwChoices are fio's rw values, in fio's order.
var rwChoices = []enumChoice[RW]{
	{"read", Read}, {"write", Write}, {"trim", Trim},
	{"randread", RandRead}, {"randwrite", RandWrite}, {"randtrim", RandTrim},
	{"rw", ReadWrite}, {"readwrite", ReadWrite}, {"randrw", RandRW},
	{"trimwrite", TrimWrite}, {"randtrimwrite", RandTrimWrite},
}

// String returns fio's spelling of the pattern, as its reports show it.
func (r RW) String() string {
	for _, c := range rwChoices {
		if c.value == r {
			return c.name
		}
	}
	return fmt.Sprintf("RW(%d)", int(r))
}

// Random reports whether the pattern picks random offsets.
func (r RW) Random() bool { return r&rwRand != 0 }

// Reads reports whether the pattern reads.
func (r RW) Reads() bool { return r&rwRead != 0 }

// Writes reports whether the pattern writes.
func (r RW) Writes() bool { return r&rwWrite != 0 }

// Trims reports whether the pattern trims.
func (r RW) Trims() bool { return r&rwTrim != 0 }

// Modifies reports whether the pattern changes data: it writes or trims.
func (r RW) Modifies() bool { return r&(rwWrite|rwTrim) != 0 }

// Mixed reports whether the pattern mixes reads and writes (fio's td_rw),
// choosing each IO's direction by rwmixread.
func (r RW) Mixed() bool { return r&(rwRead|rwWrite) == rwRead|rwWrite }

// TrimsThenWrites reports whether the pattern is trimwrite or
// randtrimwrite, which write each block right after trimming it.
func (r RW) TrimsThenWrites() bool { return r&(rwTrim|rwWrite) == rwTrim|rwWrite }

// Does reports whether the pattern issues IO in the data direction d.
func (r RW) Does(d Dir) bool {
	switch d {
	case DirRead:
		return r.Reads()
	case DirWrite:
		return r.Writes()
	case DirTrim:
		return r.Trims()
	}
	return false
}

// Mix is what rw's suffix and the rwmix options say about a pattern.
type Mix struct {
	// Read is the percentage of a mixed pattern's IOs that read
	// (rwmixread; rwmixwrite sets 100 minus its value). fio's default is 50.
	Read int
	// SeqNr is, for a random pattern, how often a new random offset is
	// drawn: every SeqNr-th IO, the others continuing sequentially from the
	// previous one ("rw=randread:8"). 1, fio's default, draws one for every
	// IO; 0 never does.
	SeqNr uint32
	// SeqAdd is, for a sequential pattern, the bytes skipped after each IO
	// ("rw=write:4k" writes every other 4k block); negative values go
	// backwards.
	SeqAdd int64
}

// rwOption is fio's rw option: one of rwChoices, compared up to a "," or
// ":" as fio's parser does, then the sequencer suffix after ":".
func rwOption() *optionDef {
	return &optionDef{
		info: OptionInfo{Name: "rw", Alias: "readwrite", Type: "enum", Default: "read", Values: rwNames(),
			Help: `IO direction and pattern (fio HOWTO "I/O type", rw); "randread:8" draws a random offset every 8 IOs, "write:4k" skips 4k after each IO`},
		parse: setRW,
	}
}

// setRW parses an rw value into j.RW and j.Mix's sequencer.
func setRW(j *Job, v string) error {
	if strings.TrimLeft(v, cSpace) != v {
		return errors.New("fio keeps the blank after \"=\" and would not recognise the value; remove it")
	}
	mode, suffix, hasSuffix := strings.Cut(v, ":")
	if i := strings.IndexByte(mode, ','); i >= 0 {
		return fmt.Errorf("fio ignores %q after the mode; remove it", v[i:])
	}
	i := slices.IndexFunc(rwChoices, func(c enumChoice[RW]) bool { return c.name == mode })
	if i < 0 {
		return fmt.Errorf("want one of %s", strings.Join(rwNames(), ", "))
	}
	j.RW = rwChoices[i].value
	j.Mix.SeqNr, j.Mix.SeqAdd = 1, 0
	if !hasSuffix {
		return nil
	}
	suffix = strings.Trim(suffix, cSpace)
	if j.RW.Random() {
		// fio reads the suffix with atoi.
		n, err := strconv.ParseUint(suffix, 10, 32)
		if err != nil {
			return fmt.Errorf("the suffix of a random pattern is how many IOs share one random offset, a whole number, not %q", suffix)
		}
		j.Mix.SeqNr = uint32(n)
		return nil
	}
	neg := strings.HasPrefix(suffix, "-")
	n, err := jobNumber(j, strings.TrimPrefix(suffix, "-"))
	if err != nil {
		return fmt.Errorf("the suffix of a sequential pattern is the size to skip after each IO: %w", err)
	}
	j.Mix.SeqAdd = int64(n)
	if neg {
		j.Mix.SeqAdd = -j.Mix.SeqAdd
	}
	return nil
}

// rwNames lists the rw values.
func rwNames() []string {
	names := make([]string, len(rwChoices))
	for i, c := range rwChoices {
		names[i] = c.name
	}
	return names
}

// mixOptions are fio's rwmix options.
var mixOptions = []*optionDef{
	intOpt("rwmixread", "50", `Percentage of a mixed pattern's IOs that read (fio HOWTO "I/O type", rwmixread)`,
		0, 100, func(j *Job, v int) { j.Mix.Read = v }),
	intOpt("rwmixwrite", "50", `Percentage of a mixed pattern's IOs that write; sets rwmixread to the rest (fio HOWTO "I/O type", rwmixwrite)`,
		0, 100, func(j *Job, v int) { j.Mix.Read = 100 - v }),
}
