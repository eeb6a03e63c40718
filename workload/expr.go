package workload

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// This file evaluates fio's arithmetic expressions, the "(...)" a number
// option may hold (HOWTO "Parameter types"; fio's exp/expression-parser.l
// and .y, used by str_to_decimal in parse.c). Each node is evaluated twice:
// the way fio's parser computes it, with its integer and floating-point
// halves and their quirks, and plainly (integer arithmetic on integers,
// floating point once a fraction is involved). Where the two disagree fio
// would silently misread the expression, and xbench reports an error
// instead of guessing which one the author meant.
//
// Note: Debian's fio 3.33 is built without CONFIG_ARITHMETIC and rejects
// every expression; the rules here follow fio's own expression parser.

// exprMaxLen is the longest expression fio reads: it copies the value into
// a buffer of 1000 bytes, less 3.
const exprMaxLen = 997

// exprValue is one evaluated node.
type exprValue struct {
	// fio's view: its integer and floating-point values, and whether the
	// floating-point value is the one that counts (has_dval).
	ival int64
	dval float64
	hasD bool
	// plain is the plain value: an integer unless float is set.
	plainInt   int64
	plainFloat float64
	float      bool
}

// exprSuffix is one unit suffix of fio's expression lexer.
type exprSuffix struct {
	ival int64
	// hasD is fio's has_dval for the suffix (ms and us have it).
	hasD bool
	// time tells a time unit (in microseconds) from a size unit.
	time bool
}

// exprSuffixes are the suffixes of fio's lexer, lower-cased. It matches
// them case-insensitively, always in powers of 1024 whatever kb_base says
// ("kib" and friends are powers of 1000), and has no "b", "tib", "msec" or
// "usec". "m" is handled apart: mega in a size, minutes in a time. fio's
// "t" and "tb" carry 1024^5 as their floating-point value, a bug that
// applySuffix reproduces and the comparison with the plain value catches.
var exprSuffixes = map[string]exprSuffix{
	"k": {ival: 1 << 10}, "kb": {ival: 1 << 10},
	"mb": {ival: 1 << 20},
	"g":  {ival: 1 << 30}, "gb": {ival: 1 << 30},
	"t": {ival: 1 << 40}, "tb": {ival: 1 << 40},
	"p": {ival: 1 << 50}, "pb": {ival: 1 << 50},
	"kib": {ival: 1e3}, "mib": {ival: 1e6}, "gib": {ival: 1e9}, "pib": {ival: 1e12},
	"ms": {ival: 1000, hasD: true, time: true},
	"us": {ival: 1, hasD: true, time: true},
	"s":  {ival: 1e6, time: true},
	"h":  {ival: 3600e6, time: true},
	"d":  {ival: 86400e6, time: true},
}

// exprToken is one token: an operator or parenthesis (op), a number (num)
// or a suffix (suffix).
type exprToken struct {
	op     byte
	num    *exprValue
	suffix string
}

// exprParser holds the tokens of one expression and the evaluation mode.
type exprParser struct {
	toks []exprToken
	pos  int
	// time selects time mode: "m" is minutes.
	time bool
	// units records that a suffix was used (fio's units_specified).
	units bool
	// sizeUnits and timeUnits record which kinds of suffix were used.
	sizeUnits, timeUnits bool
}

// yacc precedences of fio's grammar, lowest first: "+ -" (left), suffix
// (right), "* /" (left), "^" (right), "%" (left), unary minus.
const (
	precAdd    = 1
	precSuffix = 2
	precMul    = 3
	precPow    = 4
	precMod    = 5
	precUnary  = 6
)

// evalExpr evaluates an expression written in parentheses, in time mode
// or size mode, and returns fio's result before it applies implied units,
// and whether a unit suffix was given.
func evalExpr(s string, time bool) (v exprValue, units, sizeUnits, timeUnits bool, err error) {
	if len(s) > exprMaxLen {
		return v, false, false, false, fmt.Errorf("expression is longer than %d bytes", exprMaxLen)
	}
	toks, err := lexExpr(s)
	if err != nil {
		return v, false, false, false, err
	}
	p := &exprParser{toks: toks, time: time}
	v, err = p.parse(0, false)
	if err != nil {
		return v, false, false, false, err
	}
	if p.pos != len(p.toks) {
		return v, false, false, false, fmt.Errorf("unexpected %s in expression %q", p.toks[p.pos], s)
	}
	return v, p.units, p.sizeUnits, p.timeUnits, nil
}

// String names a token for messages.
func (t exprToken) String() string {
	switch {
	case t.num != nil:
		return "number"
	case t.suffix != "":
		return fmt.Sprintf("unit %q", t.suffix)
	}
	return fmt.Sprintf("%q", string(t.op))
}

// lexExpr splits an expression into tokens as fio's lexer does.
func lexExpr(s string) ([]exprToken, error) {
	var toks []exprToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case strings.IndexByte("#:,", c) >= 0:
			return nil, fmt.Errorf("fio ignores everything after %q in an expression", string(c))
		case strings.IndexByte("+-*/%^()", c) >= 0:
			toks = append(toks, exprToken{op: c})
			i++
		case isDigit(c) || c == '.':
			n, v, err := lexNumber(s[i:])
			if err != nil {
				return nil, err
			}
			toks = append(toks, exprToken{num: &v})
			i += n
		case isAlpha(c):
			w := suffixWord(s[i:])
			if _, ok := exprSuffixes[strings.ToLower(w)]; !ok && !strings.EqualFold(w, "m") {
				return nil, fmt.Errorf("unknown unit %q in expression (fio takes k, kb, kib, m, mb, mib, g, gb, gib, t, tb, p, pb, pib, us, ms, s, h, d)", w)
			}
			toks = append(toks, exprToken{suffix: strings.ToLower(w)})
			i += len(w)
		default:
			return nil, fmt.Errorf("unexpected character %q in expression", string(c))
		}
	}
	return toks, nil
}

// suffixWord returns the letters at the start of s, for messages.
func suffixWord(s string) string {
	n := 0
	for n < len(s) && isAlpha(s[n]) {
		n++
	}
	return s[:n]
}

// lexNumber reads the number at the start of s the way fio's lexer does:
// "0x" hex and decimal integers into a C int, and numbers with a fraction
// or an exponent as doubles. It returns the number of bytes read.
func lexNumber(s string) (int, exprValue, error) {
	if len(s) > 2 && s[0] == '0' && s[1] == 'x' && isHex(s[2]) {
		n := 2
		for n < len(s) && isHex(s[n]) {
			n++
		}
		v, err := strconv.ParseInt(s[2:n], 16, 64)
		if err != nil || v > math.MaxInt32 {
			return 0, exprValue{}, fmt.Errorf("fio reads %q in an expression as a 32-bit integer and misreads it", s[:n])
		}
		return n, intValue(v), nil
	}
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	float := false
	if n < len(s) && s[n] == '.' {
		k := n + 1
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k == n+1 {
			return 0, exprValue{}, fmt.Errorf("%q is not a number fio reads in an expression", s[:k])
		}
		n, float = k, true
	}
	if n < len(s) && (s[n] == 'e' || s[n] == 'E') && n+1 < len(s) && (isDigit(s[n+1]) || s[n+1] == '+' || s[n+1] == '-') {
		k := n + 1
		if s[k] == '+' || s[k] == '-' {
			k++
		}
		if k == len(s) || !isDigit(s[k]) {
			return 0, exprValue{}, fmt.Errorf("bad exponent in %q", s[:k])
		}
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		n, float = k, true
	}
	if !float {
		v, err := strconv.ParseInt(s[:n], 10, 64)
		if err != nil || v > math.MaxInt32 {
			return 0, exprValue{}, fmt.Errorf("fio reads %q in an expression as a 32-bit integer and misreads it; use a unit suffix", s[:n])
		}
		return n, intValue(v), nil
	}
	f, err := strconv.ParseFloat(s[:n], 64)
	if err != nil || math.IsInf(f, 0) || f >= math.MaxInt64 {
		return 0, exprValue{}, fmt.Errorf("%q is out of range", s[:n])
	}
	return n, exprValue{ival: int64(f), dval: f, hasD: true, plainFloat: f, float: true}, nil
}

// intValue is an integer number.
func intValue(v int64) exprValue {
	return exprValue{ival: v, dval: float64(v), plainInt: v}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// peek returns the next token, or a zero token at the end.
func (p *exprParser) peek() exprToken {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return exprToken{}
}

// binding returns the precedence and right-associativity of a token that
// continues an expression (a binary operator or a suffix), or 0.
func binding(t exprToken) (prec int, right bool) {
	switch {
	case t.suffix != "":
		return precSuffix, true
	case t.op == '+' || t.op == '-':
		return precAdd, false
	case t.op == '*' || t.op == '/':
		return precMul, false
	case t.op == '^':
		return precPow, true
	case t.op == '%':
		return precMod, false
	}
	return 0, false
}

// parse parses an expression in the context of an operator of precedence
// ctx (0 at the top), as yacc resolves its conflicts: a following operator
// binds here when its precedence is higher, or equal and right-associative.
func (p *exprParser) parse(ctx int, ctxRight bool) (exprValue, error) {
	left, err := p.primary()
	if err != nil {
		return left, err
	}
	for {
		t := p.peek()
		prec, right := binding(t)
		if prec == 0 || prec < ctx || (prec == ctx && !ctxRight) {
			return left, nil
		}
		p.pos++
		if t.suffix != "" {
			if left, err = p.applySuffix(left, t.suffix); err != nil {
				return left, err
			}
			continue
		}
		rhs, err := p.parse(prec, right)
		if err != nil {
			return left, err
		}
		if left, err = binary(t.op, left, rhs); err != nil {
			return left, err
		}
	}
}

// primary parses a number, a parenthesized expression or a negation.
func (p *exprParser) primary() (exprValue, error) {
	t := p.peek()
	p.pos++
	switch {
	case t.num != nil:
		return *t.num, nil
	case t.op == '(':
		v, err := p.parse(0, false)
		if err != nil {
			return v, err
		}
		if p.peek().op != ')' {
			return v, errors.New("unbalanced parentheses in expression")
		}
		p.pos++
		return v, nil
	case t.op == '-':
		v, err := p.parse(precUnary, false)
		if err != nil {
			return v, err
		}
		return negate(v)
	case t.op == 0 && t.suffix == "":
		return exprValue{}, errors.New("expression ends too early")
	}
	return exprValue{}, fmt.Errorf("unexpected %s in expression", t)
}

// applySuffix multiplies v by a unit, as fio's "expression SUFFIX" rule.
func (p *exprParser) applySuffix(v exprValue, name string) (exprValue, error) {
	sfx, ok := exprSuffixes[name]
	if name == "m" {
		sfx, ok = exprSuffix{ival: 1 << 20}, true
		if p.time {
			sfx = exprSuffix{ival: 60e6, time: true}
		}
	}
	if !ok {
		return v, fmt.Errorf("unknown unit %q", name)
	}
	p.units = true
	if sfx.time {
		p.timeUnits = true
	} else {
		p.sizeUnits = true
	}
	d := float64(sfx.ival)
	if name == "t" || name == "tb" {
		d = math.Pow(1024, 5) // fio's lexer bug, kept to find what fio computes
	}
	out := v
	if !v.hasD && !sfx.hasD {
		n, ok := mulInt(v.ival, sfx.ival)
		if !ok {
			return v, errTooLarge
		}
		out.ival, out.dval = n, float64(n)
	} else {
		f := float64(int64(v.dval)) * d
		if math.Abs(f) >= math.MaxInt64 {
			return v, errTooLarge
		}
		out.ival, out.dval = int64(f), v.dval*d
	}
	return plainOp(out, v, intValue(sfx.ival), '*')
}
