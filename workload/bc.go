package workload

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// This file computes what fio asks bc for. When a job-file line holds one
// of fio's reserved words ($ncpus...) and an operator, fio pipes the value
// to bc (options.c: bc_calc) and takes bc's output as the value. xbench
// computes the integer arithmetic bc would do (scale 0: integer division
// truncating toward zero) and rejects anything else, where bc would print
// an error, a fraction, or read letters as variables worth 0.

// bcCalc evaluates s as bc would and returns its output.
func bcCalc(s string) (string, error) {
	toks, err := lexBC(s)
	if err != nil {
		return "", err
	}
	p := &bcParser{toks: toks}
	v, err := p.sum()
	if err != nil {
		return "", err
	}
	if p.pos != len(p.toks) {
		return "", fmt.Errorf("bc cannot read %q", s)
	}
	return strconv.FormatInt(v, 10), nil
}

// bcToken is a number (op 0) or an operator or parenthesis.
type bcToken struct {
	op  byte
	num int64
}

// lexBC splits s into bc tokens, accepting only decimal integers,
// + - * / % ^ and parentheses.
func lexBC(s string) ([]bcToken, error) {
	var toks []bcToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case isDigit(c):
			k := i
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			if k < len(s) && s[k] == '.' {
				return nil, fmt.Errorf("bc would compute %q with a fraction", s)
			}
			n, err := strconv.ParseInt(s[i:k], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%q is too large", s[i:k])
			}
			toks = append(toks, bcToken{num: n})
			i = k
		case strings.IndexByte("+-*/%^()", c) >= 0:
			if (c == '+' || c == '-') && i+1 < len(s) && s[i+1] == c {
				return nil, fmt.Errorf("bc reads %q in %q as an increment or decrement", s[i:i+2], s)
			}
			toks = append(toks, bcToken{op: c})
			i++
		default:
			return nil, fmt.Errorf("bc cannot compute %q (unexpected %q)", s, string(c))
		}
	}
	if len(toks) == 0 {
		return nil, errors.New("bc has nothing to compute")
	}
	return toks, nil
}

// bcParser parses bc's expression grammar: + - lowest, then * / %, then
// ^ (right-associative), then unary minus.
type bcParser struct {
	toks []bcToken
	pos  int
}

// next returns the next operator, or 0 at the end or before a number.
func (p *bcParser) next() byte {
	if p.pos < len(p.toks) {
		return p.toks[p.pos].op
	}
	return 0
}

func (p *bcParser) sum() (int64, error) {
	v, err := p.product()
	for err == nil && (p.next() == '+' || p.next() == '-') {
		op := p.next()
		p.pos++
		var r int64
		if r, err = p.product(); err == nil {
			var ok bool
			if v, ok = intOp(op, v, r); !ok {
				err = errTooLarge
			}
		}
	}
	return v, err
}

func (p *bcParser) product() (int64, error) {
	v, err := p.power()
	for err == nil && (p.next() == '*' || p.next() == '/' || p.next() == '%') {
		op := p.next()
		p.pos++
		var r int64
		if r, err = p.power(); err != nil {
			break
		}
		switch {
		case op == '*':
			var ok bool
			if v, ok = mulInt(v, r); !ok {
				err = errTooLarge
			}
		case r == 0:
			err = errors.New("bc: divide by zero")
		case v == math.MinInt64 && r == -1:
			err = errTooLarge
		case op == '/':
			v /= r
		default:
			v %= r
		}
	}
	return v, err
}

func (p *bcParser) power() (int64, error) {
	base, err := p.unary()
	if err != nil || p.next() != '^' {
		return base, err
	}
	p.pos++
	exp, err := p.power()
	if err != nil {
		return 0, err
	}
	if exp >= 0 {
		v, ok := intPow(base, exp)
		if !ok {
			return 0, errTooLarge
		}
		return v, nil
	}
	switch base {
	case 0:
		return 0, errors.New("bc: divide by zero")
	case 1, -1:
		v, _ := intPow(base, -exp)
		return v, nil
	}
	return 0, nil // 1/base^n truncated at scale 0
}

func (p *bcParser) unary() (int64, error) {
	if p.next() == '-' {
		p.pos++
		v, err := p.primary()
		if err != nil {
			return 0, err
		}
		if v == math.MinInt64 {
			return 0, errTooLarge
		}
		return -v, nil
	}
	return p.primary()
}

func (p *bcParser) primary() (int64, error) {
	if p.pos >= len(p.toks) {
		return 0, errors.New("bc: expression ends too early")
	}
	t := p.toks[p.pos]
	p.pos++
	switch t.op {
	case 0:
		return t.num, nil
	case '(':
		v, err := p.sum()
		if err != nil {
			return 0, err
		}
		if p.next() != ')' {
			return 0, errors.New("bc: unbalanced parentheses")
		}
		p.pos++
		return v, nil
	}
	return 0, fmt.Errorf("bc: unexpected %q", string(t.op))
}
