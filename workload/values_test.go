package workload

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The "fio:" notes record what fio 3.33 did with the value, checked with
// `fio --debug=parse --parse-only` (which prints the parsed number) and with
// null-engine runs read back from --output-format=json.

func TestParseSize(t *testing.T) {
	const (
		k = 1024
		m = k * k
		g = m * k
		T = g * k
		p = T * k
	)
	tests := []struct {
		in     string
		kbBase uint64
		want   uint64
	}{
		{"0", 1024, 0},
		{"1", 1024, 1},
		{"4096", 1024, 4096},
		{"010", 1024, 10}, // fio: decimal, not octal
		{"+4", 1024, 4},   // fio: 4 (strtoll takes the sign)
		{"0x10", 1024, 16},
		{"0X10", 1024, 16},
		{"0x1F", 1024, 31},
		{"0x200", 1024, 512}, // fio: bs=0x200 is 512
		{"0x100000", 1024, m},
		{"1b", 1024, 1}, // fio: 1
		{"1B", 1024, 1},
		{"1k", 1024, k}, // fio: 1024
		{"1K", 1024, k},
		{"1kb", 1024, k}, // fio: 1024
		{"1KB", 1024, k},
		{"8kB", 1024, 8 * k}, // fio: 8192
		{"1ki", 1024, k},     // fio: 1024
		{"1Ki", 1024, k},
		{"1kib", 1024, 1000}, // fio: 1000, the swapped meaning
		{"1KiB", 1024, 1000}, // fio: bs=1KiB with size=1MiB did 1000 IOs of 1000 bytes
		{"1KIB", 1024, 1000},
		{"4KiB", 1024, 4000}, // fio: 4000
		{"1m", 1024, m},      // fio: 1048576
		{"1M", 1024, m},
		{"1mb", 1024, m},
		{"1mi", 1024, m}, // fio: 1048576
		{"1Mi", 1024, m},
		{"1mib", 1024, 1000000}, // fio: 1000000
		{"1MiB", 1024, 1000000}, // fio: 1000000
		{"1g", 1024, g},         // fio: 1073741824
		{"1gb", 1024, g},
		{"1gi", 1024, g},
		{"1gib", 1024, 1000000000}, // fio: 1000000000
		{"1GiB", 1024, 1000000000},
		{"1t", 1024, T}, // fio: 1099511627776
		{"1tb", 1024, T},
		{"1ti", 1024, T},
		{"1tib", 1024, 1000000000000}, // fio: 1000000000000
		{"1p", 1024, p},               // fio: 1125899906842624
		{"1pb", 1024, p},
		{"1pi", 1024, p},
		{"1pib", 1024, 1000000000000000}, // fio: 1000000000000000
		{"8191p", 1024, 8191 * p},
		// With kb_base=1000 the meanings swap back (fio: kb_base=1000,
		// size=1k is 1000, size=1kib is 1024, size=1MiB is 1048576).
		{"1k", 1000, 1000},
		{"1kb", 1000, 1000},
		{"1kib", 1000, 1024},
		{"1KiB", 1000, 1024},
		{"1m", 1000, 1000000},
		{"1MiB", 1000, m},
		{"1p", 1000, 1000000000000000},
		{"9223372036854775807", 1024, 9223372036854775807},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseSize(tt.in, tt.kbBase)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseSizeErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", "empty value"},
		{"k", `"k" is not a number`},        // fio: fails too
		{"4q", `unknown size suffix "q"`},   // fio: reads 4, ignoring q
		{"4kx", `unknown size suffix "kx"`}, // fio: reads 4096
		{"4bk", `unknown size suffix "bk"`}, // fio: reads 4
		{"1pq", `unknown size suffix "pq"`}, // fio: reads 1p
		{"1m1", `unknown size suffix "m1"`}, // fio: reads 1m
		{"1e3", `unknown size suffix "e3"`}, // fio: reads 1
		{"1x", `unknown size suffix "x"`},   // fio: reads 1
		{"4 k", `unknown size suffix " k"`}, // fio: reads 4
		{"4kz", `unknown size suffix "kz"`}, // fio: rejects it
		{"4z", "zone counts"},
		{"0x10k", `unit suffix "k" after a hex number`}, // fio: reads 16
		{"0x", `"0x" is not a number`},
		{"1.5k", "fractions are not allowed"}, // fio: reads 1
		{"-1", "negative values are not allowed"},
		{"4k,8k", "lists and ranges"}, // fio: per-direction values
		{"4:8", "lists and ranges"},
		{"4k-8k", "lists and ranges"},
		{"50%", "percentages are not supported"},
		{"(1.5k)", `fio's expression parser computes 1024 for "(1.5k)", not 1536`},
		{"8192p", "too large"},  // fio: wraps around to 0
		{"16384p", "too large"}, // fio: reads 0
		{"9223372036854775808", "too large"},
		{"99999999999999999999999", "too large"},
		{"++4", `"++4" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := parseSize(tt.in, defaultKBBase)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestParseSizeKBBase(t *testing.T) {
	for _, base := range []uint64{0, 1, 512, 2048} {
		_, err := parseSize("1k", base)
		assert.Error(t, err, base)
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"0", 0},
		{"10", 10 * time.Second}, // fio: 10000000us
		{"+10", 10 * time.Second},
		{"10s", 10 * time.Second},
		{"10S", 10 * time.Second},
		{"10us", 10 * time.Microsecond}, // fio: 10us
		{"10Us", 10 * time.Microsecond},
		{"10usec", 10 * time.Microsecond},
		{"10USEC", 10 * time.Microsecond},
		{"10ms", 10 * time.Millisecond}, // fio: 10000us
		{"10MS", 10 * time.Millisecond},
		{"10msec", 10 * time.Millisecond},
		{"1500ms", 1500 * time.Millisecond}, // fio: time_based run of 1500ms
		{"10m", 10 * time.Minute},           // fio: 600000000us; m is minutes here
		{"10M", 10 * time.Minute},
		{"10h", 10 * time.Hour},
		{"10H", 10 * time.Hour},
		{"10d", 240 * time.Hour}, // fio: 864000000000us
		{"10D", 240 * time.Hour},
		{"106751d", 106751 * 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseTime(tt.in, time.Second)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseTimeErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", "empty value"},
		{"s", `"s" is not a number`},
		{"10sec", `unknown time suffix "sec"`},     // fio: reads 10us
		{"10min", `unknown time suffix "min"`},     // fio: reads 10us
		{"10hr", `unknown time suffix "hr"`},       // fio: reads 10us
		{"10day", `unknown time suffix "day"`},     // fio: reads 10us
		{"10mss", `unknown time suffix "mss"`},     // fio: reads 10ms
		{"10usecs", `unknown time suffix "usecs"`}, // fio: reads 10us
		{"10ss", `unknown time suffix "ss"`},       // fio: reads 10us
		{"10u", `unknown time suffix "u"`},
		{"10x", `unknown time suffix "x"`}, // fio: reads it as hex, 16us
		{"10 s", `unknown time suffix " s"`},
		{"0x10", "hex time"},                 // fio: reads 16us, not 16s
		{"1.5", "fractions are not allowed"}, // fio: reads 1s
		{"1.5s", "fractions are not allowed"},
		{"-5", "negative values are not allowed"},
		{"10,20", "lists and ranges"},
		{"(1500ms)", `fio keeps only whole seconds of the expression "(1500ms)"`},
		{"106752d", "too long"},
		{"99999999999999999", "too long"}, // fio: wraps around
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := parseTime(tt.in, time.Second)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestParseCount(t *testing.T) {
	for in, want := range map[string]uint64{"0": 0, "1": 1, "2": 2, "0x1": 1, "+1": 1} {
		t.Run(in, func(t *testing.T) {
			got, err := parseCount(in)
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
	for _, in := range []string{"", "true", "yes", "on", "1x", "1k", "-1", "0x"} {
		t.Run(in, func(t *testing.T) {
			_, err := parseCount(in)
			assert.Error(t, err)
		})
	}
}

func TestParseCPUList(t *testing.T) {
	tests := []struct {
		in   string
		want CPUSet
	}{
		{"0", CPUSet{0}},
		{"0-3,6", CPUSet{0, 1, 2, 3, 6}},
		{"6,0-3,2", CPUSet{0, 1, 2, 3, 6}},
		{"5,5,5", CPUSet{5}},
		{" 1 , 2 - 3 ", CPUSet{1, 2, 3}},
		{"3-3", CPUSet{3}},
		{"1023", CPUSet{1023}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseCPUList(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.want.String(), got.String())
		})
	}
	errs := map[string]string{
		"":      "empty entry",
		"0,,3":  "empty entry", // fio: stops at the empty entry, pinning to 0 only
		"0,":    "empty entry",
		"a":     `"a" is not a CPU number`, // fio: atoi makes it CPU 0
		"3-1":   "runs backwards",          // fio: pins to nothing
		"1-":    `"" is not a CPU number`,
		"-1":    `"" is not a CPU number`,
		"1024":  "out of range",
		"0-1-2": `"1-2" is not a CPU number`,
	}
	for in, want := range errs {
		t.Run("error "+in, func(t *testing.T) {
			_, err := parseCPUList(in)
			require.Error(t, err)
			assert.Contains(t, err.Error(), want)
		})
	}
}

func TestSplitFilenames(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"/dev/sda", []string{"/dev/sda"}},
		{"a:b", []string{"a", "b"}},
		{`a\:b`, []string{"a:b"}},
		{`a\::b`, []string{"a:", "b"}},
		{":a", []string{"a"}},
		{"a:", []string{"a"}},
		{"a::b", []string{"a", "b"}},
		{"::", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, splitFilenames(tt.in))
		})
	}
}
