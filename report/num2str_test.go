package report

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The expected strings are copied from real fio 3.33 output (the fixtures
// in testdata/fio and a few runs noted by name), for the raw numbers fio
// printed in its JSON for the same run.
func TestNum2Str(t *testing.T) {
	tests := []struct {
		name   string
		num    uint64
		maxlen int
		pow2   bool
		unit   Unit
		want   string
	}{
		// IOPS=... (integer IOPS, decimal prefixes, 4 figures).
		{"iops uring", 56312, 4, false, UnitNone, "56.3k"},
		{"iops null", 2048000, 4, false, UnitNone, "2048k"},
		{"iops carry", 3276800, 4, false, UnitNone, "3277k"},
		{"iops 16k", 16000, 4, false, UnitNone, "16.0k"},
		{"iops 169k", 169000, 4, false, UnitNone, "169k"},
		{"iops small", 110, 4, false, UnitNone, "110"},
		{"iops 67.5k", 67473, 4, false, UnitNone, "67.5k"},
		// BW=... both ways.
		{"bw uring iec", 230655360, 4, true, UnitBytePerSec, "220MiB/s"},
		{"bw uring si", 230655360, 4, false, UnitBytePerSec, "231MB/s"},
		{"bw null iec", 16777216000, 4, true, UnitBytePerSec, "15.6GiB/s"},
		{"bw null si", 16777216000, 4, false, UnitBytePerSec, "16.8GB/s"},
		{"bw 12.5GiB", 13421772800, 4, true, UnitBytePerSec, "12.5GiB/s"},
		{"bw 9.95GiB", 10682368000, 4, true, UnitBytePerSec, "9.95GiB/s"},
		{"bw net iec", 454605, 4, true, UnitBytePerSec, "444KiB/s"},
		{"bw net si", 454605, 4, false, UnitBytePerSec, "455kB/s"},
		{"bw kb1000 si", 32000000000, 4, false, UnitBytePerSec, "32.0GB/s"},
		{"bw kb1000 iec", 32000000000, 4, true, UnitBytePerSec, "29.8GiB/s"},
		{"bw net bits iec", 454605, 4, true, UnitBitPerSec, "3552Kibit/s"},
		// io=... sizes.
		{"io uring iec", 461541376, 4, true, UnitByte, "440MiB"},
		{"io uring si", 461541376, 4, false, UnitByte, "462MB"},
		{"io 64MiB", 67108864, 4, true, UnitByte, "64.0MiB"},
		{"io 67.1MB", 67108864, 4, false, UnitByte, "67.1MB"},
		{"io 676KiB", 692224, 4, true, UnitByte, "676KiB"},
		{"io 692kB", 692224, 4, false, UnitByte, "692kB"},
		{"io 800KiB", 819200, 4, true, UnitByte, "800KiB"},
		{"io 819kB", 819200, 4, false, UnitByte, "819kB"},
		{"io 10.2MiB", 10682368, 4, true, UnitByte, "10.2MiB"},
		{"io 30.5MiB", 32000000, 4, true, UnitByte, "30.5MiB"},
		// bs=... in the pre-run line.
		{"bs 4096", 4096, 4, true, UnitByte, "4096B"},
		{"bs 8192", 8192, 4, true, UnitByte, "8192B"},
		{"bs 1M", 1048576, 4, true, UnitByte, "1024KiB"},
		{"bs 64k", 65536, 4, true, UnitByte, "64.0KiB"},
		{"bs 16k kb1000", 16000, 4, false, UnitByte, "16.0kB"},
		// min=/max= of latency lines (6 figures).
		{"lat max 9869.7k", 9869683, 6, false, UnitNone, "9869.7k"},
		{"lat max 6072.6k", 6072610, 6, false, UnitNone, "6072.6k"},
		{"lat max small", 982, 6, false, UnitNone, "982"},
		{"lat max 429009", 429009, 6, false, UnitNone, "429009"},
		{"lat max 2020", 2020, 6, false, UnitNone, "2020"},
		// Rounding corners of the algorithm itself.
		{"zero", 0, 4, true, UnitByte, "0B"},
		{"carry into next digit", 9999, 3, false, UnitNone, "10.0k"},
		{"decimals round up to integer", 1999999, 4, false, UnitNone, "2000k"},
		{"top prefix", 1 << 63, 4, true, UnitByte, "8192PiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Num2Str(tt.num, tt.maxlen, 1, tt.pow2, tt.unit))
		})
	}
}

func TestNum2StrBase(t *testing.T) {
	// A count already in KiB starts one prefix up.
	assert.Equal(t, "4096KiB", Num2Str(4096, 4, 1024, true, UnitByte))
	assert.Equal(t, "1000kB", Num2Str(1000, 4, 1000, false, UnitByte))
}

// The unit choices below are fio's display_lat decisions seen in real
// output: "slat (usec): min=3, max=2020, avg= 8.78, stdev=20.03" and so on.
func TestScaleLatency(t *testing.T) {
	tests := []struct {
		name             string
		min, max         uint64
		mean, stddev     float64
		unit             string
		wantMin, wantMax uint64
	}{
		{"uring slat usec", 3085, 2020227, 8783.2, 20030.1, "usec", 3, 2020},
		// clat max is far above 99999 but min is 331: stays in nsec.
		{"uring clat nsec", 331, 9869683, 558365.72, 395848.70, "nsec", 331, 9869683},
		{"uring lat usec", 51316, 9873378, 567140, 403970, "usec", 51, 9873},
		{"net msec", 3218692, 125105476, 9e6, 17.52e6, "msec", 3, 125},
		// Small stddev keeps nsec even when min and max qualify.
		{"stddev too small for usec", 5000, 200000, 6000, 999, "nsec", 5000, 200000},
		// msec range but stddev under 1ms: falls back to usec.
		{"stddev too small for msec", 3000000, 150000000, 4e6, 999999, "usec", 3000, 150000},
		{"max not over 99999", 3000, 99999, 5000, 5000, "nsec", 3000, 99999},
		{"null engine", 20, 982, 29.59, 21.58, "nsec", 20, 982},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ScaleLatency(tt.min, tt.max, tt.mean, tt.stddev)
			assert.Equal(t, tt.unit, f.Unit)
			assert.Equal(t, tt.wantMin, f.Min)
			assert.Equal(t, tt.wantMax, f.Max)
		})
	}
}

func TestPercentileUnit(t *testing.T) {
	tests := []struct {
		name       string
		minv, maxv uint64
		unit       string
	}{
		{"uring usec", 333824, 9895936, "usec"},
		{"net msec", 3620864, 125829120, "msec"},
		{"null nsec", 20, 1224, "nsec"},
		{"min too small for usec", 1990, 9895936, "nsec"},
		{"max too small for msec", 3000000, 99999999, "usec"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, _ := percentileUnit(tt.minv, tt.maxv)
			assert.Equal(t, tt.unit, u.name)
		})
	}
}
