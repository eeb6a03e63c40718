package workload

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// This file parses option values: sizes, times, integers and CPU lists, with
// fio's meaning (parse.c: str_to_decimal, get_mult_bytes, get_mult_time;
// options.c: set_cpus_allowed). Where fio silently misreads a value (it
// reads "4kz" as 4096, "10sec" as 10 microseconds, "1.5k" as 1), these
// parsers return an error instead. Errors are reasons, without the option
// name; the option layer adds it.

// defaultKBBase is fio's default kb_base: "k" means 1024.
const defaultKBBase = 1024

// maxNumber is the largest number fio reads: it parses with strtoll.
const maxNumber = math.MaxInt64

// maxCPUs is the number of CPUs fio can pin to on Linux (CPU_SETSIZE).
const maxCPUs = 1024

// sizeUnits maps a lower-case size suffix to its power of the kb base.
var sizeUnits = map[string]int{
	"": 0, "b": 0,
	"k": 1, "kb": 1, "ki": 1,
	"m": 2, "mb": 2, "mi": 2,
	"g": 3, "gb": 3, "gi": 3,
	"t": 4, "tb": 4, "ti": 4,
	"p": 5, "pb": 5, "pi": 5,
}

// swappedSizeUnits maps the three-letter "kib" forms to their power of the
// other base: fio gives them the opposite meaning of kb_base, so that with
// the default kb_base=1024 "1KiB" is 1000 bytes and "1k" is 1024.
var swappedSizeUnits = map[string]int{"kib": 1, "mib": 2, "gib": 3, "tib": 4, "pib": 5}

// timeUnits maps a lower-case time suffix to its length.
var timeUnits = map[string]time.Duration{
	"us": time.Microsecond, "usec": time.Microsecond,
	"ms": time.Millisecond, "msec": time.Millisecond,
	"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour,
}

// numberParts checks s and splits it into its digits, their base and the
// suffix after them.
func numberParts(s string) (digits string, base int, suffix string, err error) {
	if err := checkNumber(s); err != nil {
		return "", 0, "", err
	}
	digits, base, suffix = splitNumber(s)
	if digits == "" {
		return "", 0, "", fmt.Errorf("%q is not a number", s)
	}
	return digits, base, suffix, nil
}

// parseSize parses a byte count such as "4096", "0x1000", "4k", "1MiB" or
// "(1g*2)", with fio's suffixes for the given kb base, 1024 or 1000 (fio's
// kb_base takes no other value).
func parseSize(s string, kbBase uint64) (uint64, error) {
	if kbBase != 1024 && kbBase != 1000 {
		return 0, fmt.Errorf("kb base %d is neither 1024 nor 1000", kbBase)
	}
	if isExpr(s) {
		return sizeExpr(s, kbBase)
	}
	n, base, suffix, err := numberParts(s)
	if err != nil {
		return 0, err
	}
	if base == 16 {
		if suffix != "" {
			return 0, fmt.Errorf("unit suffix %q after a hex number (fio ignores it)", suffix)
		}
		return parseDigits(n, 16)
	}
	lower := strings.ToLower(suffix)
	mult := uint64(1)
	if pow, ok := sizeUnits[lower]; ok {
		mult = sizePower(kbBase, pow)
	} else if pow, ok := swappedSizeUnits[lower]; ok {
		mult = sizePower(kibBase(kbBase), pow)
	} else if lower == "z" {
		return 0, errors.New("zone counts (the \"z\" suffix) are not supported by xbench yet")
	} else {
		return 0, fmt.Errorf("unknown size suffix %q", suffix)
	}
	v, err := parseDigits(n, 10)
	if err != nil {
		return 0, err
	}
	if v > maxNumber/mult {
		return 0, fmt.Errorf("%q is too large (max %d bytes)", s, uint64(maxNumber))
	}
	return v * mult, nil
}

// kibBase is the base of the "kib" suffixes: 1000 when kb_base is 1024,
// 1024 when it is 1000.
func kibBase(kbBase uint64) uint64 {
	if kbBase == 1000 {
		return 1024
	}
	return 1000
}

// sizePower returns base**pow for a base of 1000 or 1024 and a pow of at
// most 5, which cannot overflow.
func sizePower(base uint64, pow int) uint64 {
	r := uint64(1)
	for range pow {
		r *= base
	}
	return r
}

// ParseTime parses a time the way fio's time options read it: a number in
// unit (fio's seconds for most options), or with a us/ms/s/m/h/d suffix.
// Forms fio would silently misread are errors.
func ParseTime(s string, unit time.Duration) (time.Duration, error) { return parseTime(s, unit) }

// parseTime parses a time such as "10", "500ms", "2h" or "(1m+30s)". A
// number without suffix is in unit, the option's default unit: fio's
// seconds for runtime and ramp_time, microseconds for thinktime.
func parseTime(s string, unit time.Duration) (time.Duration, error) {
	if isExpr(s) {
		return timeExpr(s, unit)
	}
	n, base, suffix, err := numberParts(s)
	if err != nil {
		return 0, err
	}
	if base == 16 {
		return 0, fmt.Errorf("a hex time is misread by fio (it reads %q as microseconds)", s)
	}
	mult := unit
	if suffix != "" {
		var ok bool
		if mult, ok = timeUnits[strings.ToLower(suffix)]; !ok {
			return 0, fmt.Errorf("unknown time suffix %q (want us, usec, ms, msec, s, m, h or d)", suffix)
		}
	}
	v, err := parseDigits(n, 10)
	if err != nil {
		return 0, err
	}
	if mult <= 0 || v > uint64(math.MaxInt64/int64(mult)) {
		return 0, fmt.Errorf("%q is too long (max %v)", s, time.Duration(math.MaxInt64))
	}
	return time.Duration(v) * mult, nil
}

// parseCount parses a plain non-negative integer, decimal or "0x" hex,
// without suffix, as fio's boolean options take.
func parseCount(s string) (uint64, error) {
	if err := checkNumber(s); err != nil {
		return 0, err
	}
	n, base, suffix := splitNumber(s)
	if n == "" || suffix != "" {
		return 0, fmt.Errorf("%q is not an integer", s)
	}
	return parseDigits(n, base)
}

// checkNumber rejects the number forms fio reads but xbench does not, or
// that fio misreads.
func checkNumber(s string) error {
	switch {
	case s == "":
		return errors.New("empty value")
	case s[0] == '(':
		return errors.New("an expression is not allowed here")
	case s[0] == '-':
		return errors.New("negative values are not allowed")
	case strings.ContainsAny(s, ",:-"):
		return fmt.Errorf("lists and ranges (%q) are not supported by xbench yet", s)
	case strings.Contains(s, "%"):
		return errors.New("percentages are not supported by xbench yet")
	case strings.Contains(s, "."):
		return fmt.Errorf("fractions are not allowed (fio reads %q as the whole number before the \".\")", s)
	}
	return nil
}

// splitNumber splits s into its digits, their base (10, or 16 after "0x")
// and the suffix after them. A leading "+" is allowed, as strtoll allows it.
func splitNumber(s string) (digits string, base int, suffix string) {
	s = strings.TrimPrefix(s, "+")
	base = 10
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s, base = s[2:], 16
		isDigit = func(c byte) bool {
			return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
		}
	}
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i], base, s[i:]
}

// unitSuffix returns the unit suffix of a decimal number ("k" in "4k"), or
// "" if it has none or is hex.
func unitSuffix(s string) string {
	_, base, suffix := splitNumber(s)
	if base == 16 {
		return ""
	}
	return suffix
}

// parseDigits converts the digits of a number, up to maxNumber.
func parseDigits(digits string, base int) (uint64, error) {
	if digits == "" {
		return 0, errors.New("not a number")
	}
	v, err := strconv.ParseUint(digits, base, 64)
	if err != nil || v > maxNumber {
		return 0, fmt.Errorf("number is too large (max %d)", uint64(maxNumber))
	}
	return v, nil
}

// parseCPUList parses fio's CPU list syntax, comma-separated CPU numbers
// and inclusive ranges such as "0-3,6", into a sorted set without
// duplicates.
func parseCPUList(s string) (CPUSet, error) {
	var seen [maxCPUs]bool
	n := 0
	for item := range strings.SplitSeq(s, ",") {
		item = strings.Trim(item, cSpace)
		if item == "" {
			return nil, fmt.Errorf("empty entry in CPU list %q", s)
		}
		lo, hi, isRange := strings.Cut(item, "-")
		first, err := parseCPU(lo)
		if err != nil {
			return nil, err
		}
		last := first
		if isRange {
			if last, err = parseCPU(hi); err != nil {
				return nil, err
			}
			if last < first {
				return nil, fmt.Errorf("CPU range %q runs backwards", item)
			}
		}
		for c := first; c <= last; c++ {
			if !seen[c] {
				seen[c] = true
				n++
			}
		}
	}
	set := make(CPUSet, 0, n)
	for c := range maxCPUs {
		if seen[c] {
			set = append(set, c)
		}
	}
	return set, nil
}

// parseCPU parses one CPU number.
func parseCPU(s string) (int, error) {
	s = strings.Trim(s, cSpace)
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not a CPU number", s)
	}
	v, err := strconv.Atoi(s)
	if err != nil || v >= maxCPUs {
		return 0, fmt.Errorf("CPU %q is out of range (fio supports CPUs 0 to %d)", s, maxCPUs-1)
	}
	return v, nil
}
