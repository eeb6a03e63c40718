package verify

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// MaxPatternSize is the longest pattern fio takes (MAX_PATTERN_SIZE).
const MaxPatternSize = 512

// offsetFormatLen is the room %o takes in a pattern: the block's offset,
// 8 bytes little endian.
const offsetFormatLen = 8

// PatternSpec is a parsed verify_pattern: its bytes, and where %o pastes
// each block's offset into them.
type PatternSpec struct {
	// Bytes is the pattern, with zeros where %o goes.
	Bytes []byte
	// Offsets are the positions of %o in Bytes.
	Offsets []int
}

// ParsePattern reads a verify_pattern as fio's parse_and_fill_pattern
// does: a sequence of decimal numbers (of at most 32 bits, stored little
// endian in as few bytes as they need; 0 is one byte), hexadecimal numbers
// (0x..., their bytes in the order written), strings in double quotes,
// 'file' (the file's first bytes) and %o (the offset of each block).
func ParsePattern(s string) (PatternSpec, error) {
	var p PatternSpec
	if s == "" {
		return p, errors.New("empty pattern")
	}
	for rest := s; rest != ""; {
		var (
			part []byte
			err  error
		)
		switch rest[0] {
		case '"':
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				return p, fmt.Errorf("pattern %q: string without its closing quote", s)
			}
			part, rest = []byte(rest[1:1+end]), rest[2+end:]
		case '\'':
			end := strings.IndexByte(rest[1:], '\'')
			if end < 0 {
				return p, fmt.Errorf("pattern %q: file name without its closing quote", s)
			}
			part, err = readPatternFile(rest[1:1+end], MaxPatternSize-len(p.Bytes))
			rest = rest[2+end:]
		case '%':
			if !strings.HasPrefix(rest, "%o") {
				return p, fmt.Errorf("pattern %q: unknown format %.2q (only %%o, the block offset)", s, rest)
			}
			p.Offsets = append(p.Offsets, len(p.Bytes))
			part, rest = make([]byte, offsetFormatLen), rest[2:]
		default:
			part, rest, err = parsePatternNumber(rest)
		}
		if err != nil {
			return p, fmt.Errorf("pattern %q: %w", s, err)
		}
		if len(part) == 0 {
			return p, fmt.Errorf("pattern %q: empty element", s)
		}
		if len(p.Bytes)+len(part) > MaxPatternSize {
			return p, fmt.Errorf("pattern %q is longer than %d bytes", s, MaxPatternSize)
		}
		p.Bytes = append(p.Bytes, part...)
	}
	return p, nil
}

// readPatternFile reads at most max bytes of a pattern file.
func readPatternFile(name string, max int) ([]byte, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return b[:min(len(b), max)], nil
}

// parsePatternNumber reads the number at the start of s and returns its
// bytes and what follows it. A hexadecimal number ends where a next "0x"
// starts (fio reads 0xff0x14 as two numbers), a decimal one at the first
// character that is not a digit.
func parsePatternNumber(s string) ([]byte, string, error) {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isHex(s[2]) {
		n := 2
		for n < len(s) && isHex(s[n]) {
			if n+1 < len(s) && s[n] == '0' && (s[n+1] == 'x' || s[n+1] == 'X') && n+2 < len(s) && isHex(s[n+2]) {
				break
			}
			n++
		}
		digits := s[2:n]
		if len(digits)%2 == 1 {
			digits = "0" + digits // an odd digit count: the first nibble is a byte
		}
		out := make([]byte, len(digits)/2)
		for i := range out {
			v, _ := strconv.ParseUint(digits[2*i:2*i+2], 16, 8)
			out[i] = byte(v)
		}
		return out, s[n:], nil
	}
	n := 0
	if n < len(s) && (s[n] == '-' || s[n] == '+') {
		n++
	}
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		if s[n] == '0' && n+1 < len(s) && (s[n+1] == 'x' || s[n+1] == 'X') && n > 0 {
			break
		}
		n++
	}
	v, err := strconv.ParseInt(s[:n], 10, 64)
	if err != nil || v > 1<<31-1 || v < -(1<<31) {
		return nil, s, fmt.Errorf("%q is not a number of at most 32 bits, a \"string\", a 'file' or %%o", s)
	}
	if v == 0 {
		return []byte{0}, s[n:], nil
	}
	var out []byte
	for u := uint32(v); u != 0; u >>= 8 {
		out = append(out, byte(u))
	}
	return out, s[n:], nil
}

// isHex reports whether c is a hexadecimal digit.
func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
