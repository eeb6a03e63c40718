package report

import (
	"fmt"
	"strconv"
)

// Unit is the unit suffix num2str appends after the SI or IEC prefix, as
// fio's enum n2s_unit.
type Unit int

// The units num2str can append.
const (
	// UnitNone appends nothing: plain counts such as IOPS.
	UnitNone Unit = iota
	// UnitPerSec appends "/s".
	UnitPerSec
	// UnitByte appends "B".
	UnitByte
	// UnitBit multiplies by 8 and appends "bit".
	UnitBit
	// UnitBytePerSec appends "B/s", fio's default bandwidth unit.
	UnitBytePerSec
	// UnitBitPerSec multiplies by 8 and appends "bit/s".
	UnitBitPerSec
)

var unitSuffix = [...]string{
	UnitNone:       "",
	UnitPerSec:     "/s",
	UnitByte:       "B",
	UnitBit:        "bit",
	UnitBytePerSec: "B/s",
	UnitBitPerSec:  "bit/s",
}

var (
	siPrefix  = [...]string{"", "k", "M", "G", "T", "P", "E"}
	iecPrefix = [...]string{"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"}
)

// Num2Str formats num the way fio's num2str does: it divides by 1000 (or
// 1024 when pow2) until the integer part has at most maxlen digits, then
// fills the remaining room with decimals of the last remainder, rounding
// with carry. base says what one unit of num already is (1, or 1024 when
// num counts KiB); pow2 selects IEC prefixes (Ki, Mi) instead of SI (k, M).
//
// Examples from fio's output: Num2Str(461541376, 4, 1, true, UnitByte) is
// "440MiB" and with pow2 false "462MB"; Num2Str(56312, 4, 1, false,
// UnitNone) is "56.3k".
func Num2Str(num uint64, maxlen, base int, pow2 bool, unit Unit) string {
	thousand := uint64(1000)
	prefix := siPrefix[:]
	if pow2 {
		thousand = 1024
		prefix = iecPrefix[:]
	}
	post := 0
	for base > 1 {
		base /= int(thousand)
		post++
	}
	if unit == UnitBit || unit == UnitBitPerSec {
		num *= 8
	}
	suffix := ""
	if int(unit) >= 0 && int(unit) < len(unitSuffix) {
		suffix = unitSuffix[unit]
	}

	// Divide until the integer part fits, remembering the last remainder.
	divided := false
	var modulo uint64
	carry := false
	for post < len(prefix) {
		if len(strconv.FormatUint(num, 10)) <= maxlen {
			break
		}
		modulo = num % thousand
		num /= thousand
		carry = modulo >= thousand/2
		divided = true
		post++
	}
	if post >= len(prefix) {
		post = 0
	}
	if !divided {
		return strconv.FormatUint(num, 10) + prefix[post] + suffix
	}

	// No room for a decimal point and a digit: round and stop.
	room := maxlen - len(strconv.FormatUint(num, 10))
	if room <= 1 {
		if carry {
			num++
		}
		return strconv.FormatUint(num, 10) + prefix[post] + suffix
	}

	// Fill the room with decimals of the remainder; "1.00" carries over.
	frac := fmt.Sprintf("%.*f", room-1, float64(modulo)/float64(thousand))
	if frac[0] == '1' {
		num++
	}
	return strconv.FormatUint(num, 10) + "." + frac[2:] + prefix[post] + suffix
}

// latUnit is the unit a latency line is shown in.
type latUnit struct {
	name    string // "nsec", "usec" or "msec"
	divisor uint64
}

var (
	unitNsec = latUnit{"nsec", 1}
	unitUsec = latUnit{"usec", 1000}
	unitMsec = latUnit{"msec", 1000000}
)

// LatencyFigures are a latency's min, max, mean and standard deviation in
// the unit fio picks to show them.
type LatencyFigures struct {
	// Unit is "nsec", "usec" or "msec".
	Unit         string
	Min, Max     uint64
	Mean, Stddev float64
}

// ScaleLatency picks the unit fio's display_lat shows a latency in, given
// its figures in nanoseconds, and converts them: milliseconds when the
// minimum exceeds 2 ms, the maximum exceeds 99.999999 ms and the standard
// deviation exceeds 1 ms; otherwise microseconds under the same conditions
// scaled down by 1000; otherwise nanoseconds. Min and Max are truncated.
func ScaleLatency(min, max uint64, mean, stddev float64) LatencyFigures {
	u := unitNsec
	switch {
	case min > 2000000 && max > 99999999 && stddev > 1000000.0:
		u = unitMsec
	case min > 2000 && max > 99999 && stddev > 1000.0:
		u = unitUsec
	}
	return LatencyFigures{
		Unit:   u.name,
		Min:    min / u.divisor,
		Max:    max / u.divisor,
		Mean:   mean / float64(u.divisor),
		Stddev: stddev / float64(u.divisor),
	}
}

// percentileUnit picks the unit of a percentile block from the smallest and
// largest percentile value in nanoseconds, as fio's show_clat_percentiles:
// it does not look at the standard deviation, only at the range.
func percentileUnit(minv, maxv uint64) (u latUnit, steps int) {
	switch {
	case minv > 2000000 && maxv > 99999999:
		return unitMsec, 2
	case minv > 2000 && maxv > 99999:
		return unitUsec, 1
	}
	return unitNsec, 0
}
