package workload

import (
	"errors"
	"fmt"
	"strings"
)

// This file parses fio's per-direction lists (HOWTO "Block size", bs):
// "8k,32k" gives reads 8k and writes and trims 32k. A value not followed by
// a comma carries to the later directions; an empty value leaves its
// direction as it was ("bs=,8k" changes writes and trims only, "bs=8k,"
// reads only).

// dirList is one value per data direction, and which ones a list set.
type dirList[T any] struct {
	vals [NumDirs]T
	set  [NumDirs]bool
}

// apply copies the values the list set into dst.
func (l *dirList[T]) apply(dst *[NumDirs]T) {
	for d := range NumDirs {
		if l.set[d] {
			dst[d] = l.vals[d]
		}
	}
}

// parseDirList splits v at commas and parses each value with parse.
func parseDirList[T any](v string, parse func(string) (T, error)) (dirList[T], error) {
	var l dirList[T]
	if v == "" {
		return l, errors.New("empty value")
	}
	parts := strings.Split(v, ",")
	if len(parts) > NumDirs {
		return l, fmt.Errorf("%d values given; at most %d (read, write, trim)", len(parts), NumDirs)
	}
	found := false
	for i, p := range parts {
		if p == "" {
			continue
		}
		x, err := parse(p)
		if err != nil {
			if len(parts) > 1 {
				return l, fmt.Errorf("%s value %q: %w", Dir(i), p, err)
			}
			return l, err
		}
		last := i == len(parts)-1
		for d := i; d < NumDirs && (d == i || last); d++ {
			l.vals[d], l.set[d] = x, true
		}
		found = true
	}
	if !found {
		return l, errors.New("no value")
	}
	return l, nil
}

// noRangeInList rejects a "-" or ":" in a list value of an option that
// takes no range: fio's parser splits at them as at commas, so it reads
// "bs=4k-8k" as "bs=4k,8k".
func noRangeInList(name, v string) error {
	if i := strings.IndexAny(v, "-:"); i >= 0 {
		list := v[:i] + "," + v[i+1:]
		return fmt.Errorf("fio reads %q as the list %q (reads %q, writes and trims %q); write %s=%s for that, or use the range option (bsrange for bs)",
			v, list, v[:i], v[i+1:], name, quoteIfNeeded(list))
	}
	return nil
}

// dirSizeOpt is a per-direction list of byte counts of at least min.
func dirSizeOpt(name, def, help string, min uint64, set func(*Job, *dirList[uint64])) *optionDef {
	return &optionDef{
		info: OptionInfo{Name: name, Type: "size list", Default: def, Help: help},
		parse: func(j *Job, v string) error {
			if err := noRangeInList(name, v); err != nil {
				return err
			}
			l, err := parseDirList(v, func(s string) (uint64, error) {
				n, err := jobNumber(j, s)
				if err == nil && n < min {
					err = fmt.Errorf("must be at least %d", min)
				}
				return n, err
			})
			if err != nil {
				return err
			}
			set(j, &l)
			return nil
		},
	}
}

// dirIntOpt is a per-direction list of integers within [min, max].
func dirIntOpt(name, def, help string, min, max uint64, set func(*Job, *dirList[uint64])) *optionDef {
	return &optionDef{
		info: OptionInfo{Name: name, Type: "int list", Default: def, Help: help},
		parse: func(j *Job, v string) error {
			if err := noRangeInList(name, v); err != nil {
				return err
			}
			l, err := parseDirList(v, func(s string) (uint64, error) {
				n, err := jobNumber(j, s)
				if err == nil && (n < min || n > max) {
					err = fmt.Errorf("must be between %d and %d", min, max)
				}
				return n, err
			})
			if err != nil {
				return err
			}
			set(j, &l)
			return nil
		},
	}
}

// parseSizeRange parses "low-high" or "low:high". With single, one size
// means low=high. fio swaps a reversed range for bsrange (FIO_OPT_RANGE);
// for the other range options it keeps the order, so a reversed range is
// an error there unless swap is set.
func parseSizeRangeOrder(j *Job, v string, single, swap bool) (lo, hi uint64, err error) {
	a, b, ok := strings.Cut(v, "-")
	if !ok {
		a, b, ok = strings.Cut(v, ":")
	}
	if !ok {
		if !single {
			return 0, 0, fmt.Errorf("%q is not a range such as 1k-4k or 1k:4k", v)
		}
		n, err := jobNumber(j, v)
		return n, n, err
	}
	if lo, err = jobNumber(j, a); err != nil {
		return 0, 0, err
	}
	if hi, err = jobNumber(j, b); err != nil {
		return 0, 0, err
	}
	if lo > hi {
		if !swap {
			return 0, 0, fmt.Errorf("range %q runs backwards", v)
		}
		lo, hi = hi, lo
	}
	return lo, hi, nil
}

// parseSizeRange is parseSizeRangeOrder for the options that keep the
// order of their range.
func parseSizeRange(j *Job, v string, single bool) (lo, hi uint64, err error) {
	return parseSizeRangeOrder(j, v, single, false)
}
