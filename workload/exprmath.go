package workload

import (
	"errors"
	"math"
	"math/big"
)

// This file holds the arithmetic of fio's expressions (expr.go): each
// operator computed as fio's grammar computes it, and plainly.

// errTooLarge reports an overflow.
var errTooLarge = errors.New("expression value is too large")

// binary applies a binary operator the way fio's grammar does, and plainly.
func binary(op byte, a, b exprValue) (exprValue, error) {
	if (op == '/' || op == '%') && b.plain() == 0 {
		return a, errors.New("division by zero in expression")
	}
	out := a // yacc's default action is $$ = $1: the result keeps a's has_dval
	var ok bool
	switch op {
	case '+', '-', '*':
		out.dval = floatOp(op, a.dval, b.dval)
		if !a.hasD && !b.hasD {
			out.ival, ok = intOp(op, a.ival, b.ival)
		} else {
			out.ival, ok = floatToInt(out.dval)
		}
	case '/':
		// fio skips each half whose divisor is zero, keeping a's value.
		ok = !(a.ival == math.MinInt64 && b.ival == -1)
		if b.ival != 0 {
			out.ival = a.ival / b.ival
		}
		if b.dval >= 1e-20 || b.dval <= -1e-20 {
			out.dval = a.dval / b.dval
		}
		if a.hasD || b.hasD {
			out.ival, ok = floatToInt(out.dval)
		}
	case '%':
		if a.float || b.float || a.hasD || b.hasD {
			return a, errors.New("modulo of a fraction in expression")
		}
		ok = true
		if b.ival != 0 && b.ival != -1 {
			out.ival = a.ival % b.ival
		} else {
			out.ival = 0 // x % -1 (C leaves MinInt64 % -1 undefined)
		}
		out.dval = float64(out.ival)
	case '^':
		if y := 2 * b.plain(); y != math.Trunc(y) || 2*b.dval != math.Trunc(2*b.dval) {
			return a, errors.New("xbench computes only whole and half exponents (fio uses C's pow)")
		}
		if math.IsNaN(floatOp('^', a.plain(), b.plain())) || math.IsNaN(floatOp('^', a.dval, b.dval)) {
			return a, errors.New("a negative number to a half power is not a number")
		}
		out, ok = power(a, b)
	}
	if !ok {
		return a, errTooLarge
	}
	return plainOp(out, a, b, op)
}

// floatOp computes x op y for + - * / ^.
func floatOp(op byte, x, y float64) float64 {
	switch op {
	case '+':
		return x + y
	case '-':
		return x - y
	case '*':
		return x * y
	case '/':
		return x / y
	}
	p, ok := cpow(x, y)
	if !ok {
		return math.NaN()
	}
	return p
}

// power is fio's "^": an integer loop for integers, pow otherwise.
func power(a, b exprValue) (exprValue, bool) {
	out := a
	out.dval = floatOp('^', a.dval, b.dval)
	if a.hasD || b.hasD {
		var ok bool
		out.ival, ok = floatToInt(out.dval)
		return out, ok
	}
	switch {
	case b.ival == 0:
		out.ival = 1
	case b.ival > 0:
		var ok bool
		out.ival, ok = intPow(a.ival, b.ival)
		return out, ok
	case a.ival == 0:
		return out, false // 0 to a negative power
	default:
		var ok bool
		out.ival, ok = floatToInt(floatOp('^', float64(a.ival), float64(b.ival)))
		return out, ok
	}
	return out, true
}

// negate is unary minus.
func negate(v exprValue) (exprValue, error) {
	if v.ival == math.MinInt64 || v.plainInt == math.MinInt64 {
		return v, errTooLarge
	}
	v.ival, v.dval = -v.ival, -v.dval
	v.plainInt, v.plainFloat = -v.plainInt, -v.plainFloat
	return v, nil
}

// plainOp sets out's plain value to a op b: integer arithmetic on
// integers (division truncating, as in C), floating point otherwise.
func plainOp(out, a, b exprValue, op byte) (exprValue, error) {
	if !a.float && !b.float {
		var n int64
		var ok bool
		switch op {
		case '/':
			n, ok = a.plainInt/b.plainInt, !(a.plainInt == math.MinInt64 && b.plainInt == -1)
		case '%':
			n, ok = a.plainInt%b.plainInt, true
		case '^':
			if b.plainInt < 0 {
				out.plainFloat, out.float = floatOp('^', float64(a.plainInt), float64(b.plainInt)), true
				if math.IsNaN(out.plainFloat) || math.IsInf(out.plainFloat, 0) {
					return out, errTooLarge
				}
				return out, nil
			}
			n, ok = intPow(a.plainInt, b.plainInt)
		default:
			n, ok = intOp(op, a.plainInt, b.plainInt)
		}
		if !ok {
			return out, errTooLarge
		}
		out.plainInt, out.float = n, false
		return out, nil
	}
	f := floatOp(op, a.plain(), b.plain())
	if math.IsNaN(f) || math.Abs(f) >= math.MaxInt64 {
		return out, errTooLarge
	}
	out.plainFloat, out.float = f, true
	return out, nil
}

// plain returns the plain value as a float.
func (v exprValue) plain() float64 {
	if v.float {
		return v.plainFloat
	}
	return float64(v.plainInt)
}

// intOp computes a op b for + - *, reporting overflow.
func intOp(op byte, a, b int64) (int64, bool) {
	switch op {
	case '+':
		r := a + b
		return r, (r > a) == (b > 0) || b == 0
	case '-':
		r := a - b
		return r, (r < a) == (b > 0) || b == 0
	default:
		return mulInt(a, b)
	}
}

// mulInt multiplies, reporting overflow.
func mulInt(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	r := a * b
	if r/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return r, true
}

// intPow raises a to a non-negative power, reporting overflow.
func intPow(a, e int64) (int64, bool) {
	switch a {
	case 0, 1:
		return a, true
	case -1:
		if e%2 == 0 {
			return 1, true
		}
		return -1, true
	}
	r := int64(1)
	for range e {
		var ok bool
		if r, ok = mulInt(r, a); !ok {
			return 0, false
		}
	}
	return r, true
}

// floatToInt truncates f as C's (long long) cast does, reporting values
// out of range.
func floatToInt(f float64) (int64, bool) {
	if math.IsNaN(f) || math.Abs(f) >= math.MaxInt64 {
		return 0, false
	}
	return int64(f), true
}

// maxPowExp bounds the exponents cpow computes exactly; beyond it the
// result is 0, 1 or out of range anyway.
const maxPowExp = 4096

// cpow computes x to the power y rounded correctly, as glibc's pow does
// (Go's math.Pow may be one unit off in the last place, which changes a
// truncated result). It handles whole and half exponents and reports
// others, and results that are not real numbers, as not computable.
func cpow(x, y float64) (float64, bool) {
	twice := 2 * y
	if twice != math.Trunc(twice) || math.IsNaN(x) {
		return 0, false
	}
	neg := y < 0
	if neg {
		y, twice = -y, -twice
	}
	whole := math.Floor(y)
	half := twice != 2*whole
	if half && x < 0 {
		return 0, false
	}
	if whole > maxPowExp {
		switch a := math.Abs(x); {
		case a == 1 && !half:
			return math.Pow(x, whole), true
		case a == 1:
			return 1, true
		case (a > 1) != neg:
			return math.Inf(1), true
		}
		return 0, true
	}
	const prec = 256
	r := new(big.Float).SetPrec(prec).SetFloat64(1)
	b := new(big.Float).SetPrec(prec).SetFloat64(x)
	for n := uint64(whole); n > 0; n >>= 1 {
		if n&1 == 1 {
			r.Mul(r, b)
		}
		b.Mul(b, b)
	}
	if half {
		r.Mul(r, new(big.Float).SetPrec(prec).Sqrt(new(big.Float).SetPrec(prec).SetFloat64(x)))
	}
	if neg {
		if r.Sign() == 0 {
			return math.Inf(1), true
		}
		r.Quo(new(big.Float).SetPrec(prec).SetFloat64(1), r)
	}
	f, _ := r.Float64()
	return f, true
}
