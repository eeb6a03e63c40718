package workload

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// This file is fio's options on random offsets (HOWTO "I/O type"):
// allrandrepeat, percentage_random and random_distribution.

// Randomness holds the options on random offsets beside randrepeat,
// randseed and norandommap.
type Randomness struct {
	// AllRepeat seeds every random generator (block sizes, the rw mix,
	// start delays...) repeatably, not just the offsets (allrandrepeat).
	AllRepeat bool
	// Percent is the percentage of a random pattern's IOs, per direction,
	// that go to a random offset; the others continue sequentially
	// (percentage_random). fio's default is 100.
	Percent [NumDirs]uint64
	// Dist is the distribution of random offsets (random_distribution).
	Dist Distribution
}

// DistKind is a random offset distribution.
type DistKind uint8

// The distributions of fio's random_distribution.
const (
	// DistRandom is uniform, fio's default.
	DistRandom DistKind = iota
	// DistZipf is a Zipf distribution of exponent Param (theta).
	DistZipf
	// DistPareto is a Pareto distribution of power Param (h).
	DistPareto
	// DistNormal is a normal distribution of deviation Param percent.
	DistNormal
	// DistZoned sends given percentages of IO to zones given as
	// percentages of the file.
	DistZoned
	// DistZonedAbs is DistZoned with zones of given sizes.
	DistZonedAbs
)

var distNames = [...]string{"random", "zipf", "pareto", "normal", "zoned", "zoned_abs"}

// String returns fio's name of the distribution.
func (k DistKind) String() string { return distNames[k] }

// Distribution is random_distribution.
type Distribution struct {
	Kind DistKind
	// Param is zipf's theta (default 1.1), pareto's h (default 0.2) or
	// normal's deviation in percent (default 0).
	Param float64
	// Center, from 0 to 1, moves the most likely offset there; -1 leaves
	// fio's default (random for zipf and pareto, the middle for normal).
	Center float64
	// Zones are the zones of a zoned distribution, per direction (fio's
	// parser takes one set for all three).
	Zones [NumDirs][]Zone
}

// Zone is one zone of a zoned distribution: Access percent of the IOs go
// to it, and it spans SizePct percent of the file (zoned) or Size bytes
// (zoned_abs), after the zones before it.
type Zone struct {
	Access  uint32
	SizePct uint32
	Size    uint64
}

// fio's default parameters (fio.h: FIO_DEF_ZIPF, FIO_DEF_PARETO).
const (
	defaultZipfTheta = 1.1
	defaultParetoH   = 0.2
)

// maxZones is fio's limit on zones per direction (ZONESPLIT_MAX).
const maxZones = 256

// randomOptions are fio's options on random offsets.
var randomOptions = []*optionDef{
	boolOpt("allrandrepeat", "0", `Seed every random generator repeatably, not just the offsets (fio HOWTO "I/O type", allrandrepeat)`,
		func(j *Job, v bool) { j.Random.AllRepeat = v }),
	dirIntOpt("percentage_random", "100,100,100", `Percentage of a random pattern's IOs, per direction, at random offsets; the others continue sequentially (fio HOWTO "I/O type", percentage_random)`,
		0, 100, func(j *Job, l *dirList[uint64]) { l.apply(&j.Random.Percent) }),
	{
		info: OptionInfo{Name: "random_distribution", Type: "enum", Default: "random", Values: distNames[:],
			Help: `Distribution of random offsets: random, zipf:theta, pareto:h, normal:dev, each with an optional ":center", or zoned:access/size:..., zoned_abs:access/bytes:... (fio HOWTO "I/O type", random_distribution)`},
		parse: setDistribution,
	},
}

// setDistribution parses random_distribution as fio's
// str_random_distribution_cb does.
func setDistribution(j *Job, v string) error {
	v = strings.Trim(v, cSpace)
	if strings.Contains(v, ",") {
		// fio matches the name up to the first "," (opt_len), so it
		// rejects per-direction zones although its HOWTO shows them.
		return errors.New("fio 3.33 cannot parse a \",\" in random_distribution (per-direction zones); give one set of zones")
	}
	name, rest, hasRest := strings.Cut(v, ":")
	d := Distribution{Center: -1}
	switch name {
	case "random":
		if hasRest {
			return fmt.Errorf("fio ignores %q after random; remove it", rest)
		}
	case "zipf":
		d.Kind, d.Param = DistZipf, defaultZipfTheta
	case "pareto":
		d.Kind, d.Param = DistPareto, defaultParetoH
	case "normal":
		d.Kind = DistNormal
	case "zoned", "zoned_abs":
		d.Kind = DistZoned
		if name == "zoned_abs" {
			d.Kind = DistZonedAbs
		}
		if !hasRest {
			return fmt.Errorf("%s needs zones, such as %s:60/10:40/90", name, name)
		}
		zones, err := parseZones(j, rest, d.Kind == DistZonedAbs)
		if err != nil {
			return err
		}
		d.Zones = [NumDirs][]Zone{zones, zones, zones}
		j.Random.Dist = d
		return nil
	default:
		return fmt.Errorf("want one of %s", strings.Join(distNames[:], ", "))
	}
	if hasRest {
		p, c, hasCenter := strings.Cut(rest, ":")
		var err error
		if d.Param, err = strconv.ParseFloat(p, 64); err != nil {
			return fmt.Errorf("%q is not a number", p)
		}
		if hasCenter {
			if d.Center, err = strconv.ParseFloat(c, 64); err != nil {
				return fmt.Errorf("center %q is not a number", c)
			}
			if d.Center < 0 || d.Center > 1 {
				return errors.New("the center must be between 0 and 1")
			}
		}
	}
	switch {
	case d.Kind == DistZipf && d.Param == 1:
		return errors.New("zipf theta must be different from 1.0")
	case d.Kind == DistPareto && (d.Param <= 0 || d.Param >= 1):
		return errors.New("pareto h must be between 0 and 1, both excluded")
	case d.Kind == DistNormal && (d.Param < 0 || d.Param >= 100):
		return errors.New("the normal deviation must be at least 0 and below 100")
	}
	j.Random.Dist = d
	return nil
}

// parseZones parses one direction's zones, "access/size:...", as fio's
// zone_split_ddir does: access percentages must add up to exactly 100;
// zoned sizes are percentages adding up to at most 100, blank ones sharing
// the rest; zoned_abs sizes are byte counts.
func parseZones(j *Job, s string, absolute bool) ([]Zone, error) {
	entries := strings.Split(s, ":")
	if len(entries) > maxZones {
		return nil, fmt.Errorf("%d zones; fio takes at most %d", len(entries), maxZones)
	}
	zones := make([]Zone, 0, len(entries))
	access, sizes, blank := uint64(0), uint64(0), uint32(0)
	for _, e := range entries {
		a, sz, ok := strings.Cut(e, "/")
		if e == "" || !ok || (absolute && sz == "") {
			return nil, fmt.Errorf("zone %q is not access%%/size", e)
		}
		n, err := parseCount(a)
		if err != nil || n > 100 {
			return nil, fmt.Errorf("access percentage %q is not a whole number up to 100", a)
		}
		z := Zone{Access: uint32(n)}
		access += n
		switch {
		case absolute:
			if z.Size, err = jobNumber(j, sz); err != nil {
				return nil, err
			}
		case sz == "":
			blank++
		default:
			p, err := parseCount(sz)
			if err != nil || p == 0 || p > 100 {
				return nil, fmt.Errorf("size percentage %q is not a whole number from 1 to 100", sz)
			}
			z.SizePct = uint32(p)
			sizes += p
		}
		zones = append(zones, z)
	}
	if access != 100 {
		return nil, fmt.Errorf("access percentages add up to %d, not 100", access)
	}
	if sizes > 100 {
		return nil, fmt.Errorf("size percentages add up to %d, more than 100", sizes)
	}
	for i := range zones {
		if !absolute && zones[i].SizePct == 0 {
			zones[i].SizePct = uint32(100-sizes) / blank
		}
	}
	return zones, nil
}
