package workload

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The expected values come from fio 3.33's own expression parser
// (exp/expression-parser.y and .l, built with bison and flex and driven
// through evaluate_arithmetic_expression), since Debian's fio is built
// without it.

func TestSizeExpressions(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want uint64
	}{
		{"(1g*2)", 2 << 30},
		{"(2+3k)", 3074}, // the suffix binds tighter than +
		{"(2*3k)", 6144}, // and looser than *: (2*3)k
		{"(8/2k)", 4096}, // (8/2)k
		{"(2*7%4)", 6},   // % binds tighter than *
		{"(2^3^2)", 512}, // ^ is right-associative
		{"(2^3k)", 8192}, // (2^3)k
		{"(1+1.5*2)", 4}, // fractions where fio keeps them
		{"(1.5*1024)", 1536},
		{"(10/4)", 2}, // integer division truncates
		{"(4k/3)", 1365},
		{"(10/0.5)", 20},
		{"(4^0.5)", 2},
		{"(7%3)", 1},
		{"(0x10)", 16},
		{"(1e3)", 1000},
		{"(.5*4)", 2},
		{"( 4 * 1k )", 4096},
		{"((1+2)*(3+4))", 21},
		{"(2*(3))k", 6144},
		{"(1kib)", 1000}, // with kb_base=1024, the "iB" forms are powers of 1000
		{"(1KiB)", 1000},
		{"(1mib*3)", 3000000},
		{"(1gib)", 1000000000},
		{"(1pib)", 1000000000000},
		{"(1m)", 1 << 20}, // mega in a size
		{"(1mb)", 1 << 20},
		{"(1gb)", 1 << 30},
		{"(3t)", 3 << 40},
		{"(2p)", 2 << 50},
		{"(1g+1g+1g)", 3 << 30},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseSize(tt.in, 1024)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSizeExpressionErrors(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		kbBase   uint64
	}{
		// fio computes these differently from the arithmetic.
		{"(1.5k)", `fio's expression parser computes 1024 for "(1.5k)", not 1536`, 1024},
		{"(1+1.5)*2", `fio's expression parser computes 4 for "(1+1.5)*2", not 5`, 1024},
		{"(1.5t)", `computes 1125899906842624`, 1024}, // fio's lexer has 1024^5 for t
		{"(3*1024*1024*1024)", `fio computes an expression without a unit in 32 bits and misreads "(3*1024*1024*1024)"`, 1024},
		{"(4294967296k)", `fio reads "4294967296" in an expression as a 32-bit integer`, 1024},
		{"(0x80000000)", `fio reads "0x80000000" in an expression as a 32-bit integer`, 1024},
		{"(4/0)", "division by zero", 1024}, // fio: 4
		{"(4%0)", "division by zero", 1024},
		{"(7.5%2)", "modulo of a fraction", 1024},
		{"(2^0.3)", "whole and half exponents", 1024},
		{"(2^62*4)", "too large", 1024},
		// fio cuts the value at these before evaluating it.
		{"(2g-1g)", `fio cuts a value at "-"`, 1024},
		{"(-1)", `fio cuts a value at "-"`, 1024},
		{"(1,2)", `fio cuts a value at ","`, 1024},
		{"(1:2)", `fio cuts a value at ":"`, 1024},
		// Units fio would take the wrong way.
		{"(1s)", "time unit in the size expression", 1024},
		{"(1ms)", "time unit in the size expression", 1024},
		{"(1k)", "powers of 1024 even with kb_base=1000", 1000},
		// Syntax.
		{"(1", "unbalanced parentheses", 1024},
		{"(1))", `unexpected ")"`, 1024},
		{"()", `unexpected ")"`, 1024},
		{"(1 2)", "unbalanced parentheses", 1024},
		{"(k)", `unexpected unit "k"`, 1024},
		{"(4b)", `unknown unit "b"`, 1024},
		{"(1tib)", `unknown unit "tib"`, 1024},
		{"(1msec)", `unknown unit "msec"`, 1024},
		{"(1.)", "is not a number fio reads", 1024},
		{"(1e)", `unknown unit "e"`, 1024},
		{"(1e+)", "bad exponent", 1024},
		{"(1@)", `unexpected character "@"`, 1024},
		{"(1#2)", `fio ignores everything after "#"`, 1024},
		{"(*2)", `unexpected "*"`, 1024},
		{"(2*)", `unexpected ")"`, 1024},
		{"(1kk)", `unknown unit "kk"`, 1024},
	} {
		t.Run(tt.in, func(t *testing.T) {
			_, err := parseSize(tt.in, tt.kbBase)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			checkOneLine(t, err)
		})
	}
}

func TestTimeExpressions(t *testing.T) {
	for _, tt := range []struct {
		in   string
		unit time.Duration
		want time.Duration
	}{
		// fio's runtime and ramp_time: a plain number is seconds, and only
		// whole seconds count. (The HOWTO says microseconds; the parser
		// multiplies by 10^6.)
		{"(10)", time.Second, 10 * time.Second},
		{"(1m)", time.Second, time.Minute}, // minutes in a time
		{"(1m+30s)", time.Second, 90 * time.Second},
		{"(90s)", time.Second, 90 * time.Second},
		{"(1h)", time.Second, time.Hour},
		{"(1d)", time.Second, 24 * time.Hour},
		{"(2*500ms)", time.Second, time.Second},
		// thinktime and friends: a plain number is microseconds.
		{"(10)", time.Microsecond, 10 * time.Microsecond},
		{"(1ms)", time.Microsecond, time.Millisecond},
		{"(1ms*3)", time.Microsecond, 3 * time.Millisecond},
		{"(10us)", time.Microsecond, 10 * time.Microsecond},
		{"(2s)", time.Microsecond, 2 * time.Second},
		// An option in milliseconds.
		{"(10)", time.Millisecond, 10 * time.Millisecond},
	} {
		t.Run(tt.in+"/"+tt.unit.String(), func(t *testing.T) {
			got, err := parseTime(tt.in, tt.unit)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	for _, tt := range []struct {
		in   string
		unit time.Duration
		want string
	}{
		{"(1500ms)", time.Second, "fio keeps only whole seconds"},
		{"(10us)", time.Second, "fio keeps only whole seconds"},
		{"(3000)", time.Second, "without a unit in 32 bits"}, // fio: -2147483648 us
		{"(1.5ms)", time.Microsecond, `computes 1000 for "(1.5ms)", not 1500`},
		{"(1k)", time.Second, "size unit in the time expression"},
		{"(1mb)", time.Second, "size unit in the time expression"},
		{"(1m-30s)", time.Second, `fio cuts a value at "-"`},
		{"(1)", time.Nanosecond, "not a whole number of microseconds"},
	} {
		t.Run("error "+tt.in, func(t *testing.T) {
			_, err := parseTime(tt.in, tt.unit)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// The evaluator itself does subtraction and negation as fio's grammar
// does, for callers that split values first (ranges).
func TestExpressionMinus(t *testing.T) {
	for in, want := range map[string]int64{
		"(5-3)":    2,
		"(-2^2)":   4, // unary minus binds tightest
		"(-2k)":    -2048,
		"(10-2-3)": 5,
		"(2*-3)":   -6,
	} {
		v, _, _, _, err := evalExpr(in, false)
		require.NoError(t, err, in)
		assert.Equal(t, want, v.ival, in)
	}
}

func TestCorrectlyRoundedPower(t *testing.T) {
	// Go's math.Pow(65536, 1.5) is 16777215.999999996; glibc's pow, which
	// fio uses, gives 16777216.
	p, ok := cpow(65536, 1.5)
	require.True(t, ok)
	assert.Equal(t, 16777216.0, p)
	for _, tt := range []struct{ x, y, want float64 }{
		{2, 10, 1024}, {2, -1, 0.5}, {4, 0.5, 2}, {9, -0.5, 1.0 / 3}, {1, 1e9, 1}, {-1, 1e9 + 1, -1}, {2, 1e9, 0}, {0.5, 1e9, 0},
	} {
		got, ok := cpow(tt.x, tt.y)
		require.True(t, ok)
		if tt.want == 0 && tt.x == 2 {
			assert.True(t, got > 1e300, "%v^%v", tt.x, tt.y)
			continue
		}
		assert.Equal(t, tt.want, got, "%v^%v", tt.x, tt.y)
	}
	_, ok = cpow(2, 0.3)
	assert.False(t, ok)
	_, ok = cpow(-4, 0.5)
	assert.False(t, ok)
}
