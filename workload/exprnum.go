package workload

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// This file reads sizes and times written as fio expressions, "(1g*2)" or
// "(10m+30s)", as fio's str_to_decimal does (parse.c), and reports where
// fio would read something other than what the arithmetic says.

// isExpr reports whether a number option's value is an expression: fio
// evaluates a value that starts with "(".
func isExpr(s string) bool { return strings.HasPrefix(s, "(") }

// checkExprText rejects the characters fio cuts a number option's value
// at before it evaluates anything (handle_option splits at ",", ":" and
// "-" for its lists and ranges), so that an expression holding them never
// reaches fio's evaluator whole.
func checkExprText(s string) error {
	if i := strings.IndexAny(s, ",:-"); i >= 0 {
		return fmt.Errorf("fio cuts a value at %q (for lists and ranges) before it evaluates an expression, so %q cannot work; compute the value without %q",
			s[i:i+1], s, s[i:i+1])
	}
	return nil
}

// sizeExpr evaluates a byte count or integer written as an expression.
// Inside an expression fio reads "k" as 1024 whatever kb_base says, so
// with kb_base=1000 a size unit in an expression is an error.
func sizeExpr(s string, kbBase uint64) (uint64, error) {
	if err := checkExprText(s); err != nil {
		return 0, err
	}
	v, units, sizeUnits, timeUnits, err := evalExpr(s, false)
	switch {
	case err != nil:
		return 0, err
	case timeUnits:
		return 0, fmt.Errorf("time unit in the size expression %q", s)
	case sizeUnits && kbBase == 1000:
		return 0, fmt.Errorf("fio reads size units in an expression as powers of 1024 even with kb_base=1000; write %q without units", s)
	}
	n, err := exprResult(s, v, units, 1)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return uint64(n), nil
}

// timeExpr evaluates a time written as an expression. A number without
// unit is in unit, the option's default unit. For options whose default
// unit is the second (fio's is_seconds) fio keeps only whole seconds of an
// expression, so a fraction of a second is an error.
func timeExpr(s string, unit time.Duration) (time.Duration, error) {
	if err := checkExprText(s); err != nil {
		return 0, err
	}
	if unit < time.Microsecond || unit%time.Microsecond != 0 {
		return 0, fmt.Errorf("time unit %v is not a whole number of microseconds", unit)
	}
	v, units, sizeUnits, _, err := evalExpr(s, true)
	switch {
	case err != nil:
		return 0, err
	case sizeUnits:
		return 0, fmt.Errorf("size unit in the time expression %q (in a time, m is minutes)", s)
	}
	us, err := exprResult(s, v, units, int64(unit/time.Microsecond))
	if err != nil {
		return 0, err
	}
	switch {
	case us < 0:
		return 0, fmt.Errorf("%q is negative", s)
	case unit == time.Second && us%1e6 != 0:
		return 0, fmt.Errorf("fio keeps only whole seconds of the expression %q (%v)", s, time.Duration(us)*time.Microsecond)
	case us > math.MaxInt64/int64(time.Microsecond):
		return 0, fmt.Errorf("%q is too long", s)
	}
	return time.Duration(us) * time.Microsecond, nil
}

// exprResult returns fio's value of an evaluated expression, in the unit
// of its units (bytes, or microseconds for a time). Without a unit suffix
// fio multiplies by implied, the default unit, and keeps a C int.
func exprResult(s string, v exprValue, units bool, implied int64) (int64, error) {
	plain, ok := v.plainInt, true
	if v.float {
		plain, ok = floatToInt(v.plainFloat)
	}
	if !ok {
		return 0, errTooLarge
	}
	if v.ival != plain {
		return 0, fmt.Errorf("fio's expression parser computes %d for %q, not %d (it drops fractions along the way); rewrite the expression", v.ival, s, plain)
	}
	if units {
		return v.ival, nil
	}
	n, ok := mulInt(v.ival, implied)
	if !ok || n > math.MaxInt32 || n < math.MinInt32 {
		return 0, fmt.Errorf("fio computes an expression without a unit in 32 bits and misreads %q; give it a unit", s)
	}
	return n, nil
}
