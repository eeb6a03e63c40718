package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// This file is a small ordered JSON tree and printer that lays values out
// exactly as fio's json.c does, so that xbench's JSON diffs cleanly against
// fio's:
//
//	{
//	  "key" : "value",
//	  "list" : [
//	    {
//	      "n" : 1,
//	      "f" : 0.500000
//	    }
//	  ]
//	}
//
// Pairs are `"key" : value`, each nesting level indents two spaces, an
// opening brace or bracket ends its line, integers print in full and
// floats as C's "%f" (six decimals).

// jsonObject is an object whose keys keep their insertion order.
type jsonObject struct {
	pairs []jsonPair
}

// jsonPair is one key and its value: a string, int64, uint64, float64,
// *jsonObject or *jsonArray.
type jsonPair struct {
	key string
	val any
}

// jsonArray is an ordered list of values.
type jsonArray struct {
	vals []any
}

// add appends a pair and returns the object, for chaining.
func (o *jsonObject) add(key string, val any) *jsonObject {
	o.pairs = append(o.pairs, jsonPair{key, val})
	return o
}

// object appends a pair holding a new empty object and returns that
// object.
func (o *jsonObject) object(key string) *jsonObject {
	c := &jsonObject{}
	o.add(key, c)
	return c
}

// printJSON renders v as fio does, followed by a newline.
func printJSON(v any) string {
	var b strings.Builder
	printJSONValue(&b, v, 0)
	b.WriteByte('\n')
	return b.String()
}

func printJSONIndent(b *strings.Builder, level int) {
	for range level {
		b.WriteString("  ")
	}
}

// printJSONValue writes v whose first line is indented to level.
func printJSONValue(b *strings.Builder, v any, level int) {
	switch v := v.(type) {
	case *jsonObject:
		b.WriteString("{\n")
		for i, p := range v.pairs {
			if i > 0 {
				b.WriteString(",\n")
			}
			printJSONIndent(b, level+1)
			b.WriteString(jsonQuote(p.key))
			b.WriteString(" : ")
			printJSONValue(b, p.val, level+1)
		}
		b.WriteByte('\n')
		printJSONIndent(b, level)
		b.WriteByte('}')
	case *jsonArray:
		b.WriteString("[\n")
		for i, e := range v.vals {
			if i > 0 {
				b.WriteString(",\n")
			}
			printJSONIndent(b, level+1)
			printJSONValue(b, e, level+1)
		}
		b.WriteByte('\n')
		printJSONIndent(b, level)
		b.WriteByte(']')
	case string:
		b.WriteString(jsonQuote(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case uint64:
		b.WriteString(strconv.FormatUint(v, 10))
	case float64:
		b.WriteString(jsonFloat(v))
	default:
		panic(fmt.Sprintf("report: no JSON form for %T", v))
	}
}

// jsonFloat formats f as C's "%f". JSON has no NaN or infinity, which fio
// would print as "nan" and "inf"; they become 0.
func jsonFloat(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		f = 0
	}
	return strconv.FormatFloat(f, 'f', 6, 64)
}

// jsonQuote quotes s as fio does, escaping backslashes and double quotes.
// fio copies control characters through, which is not valid JSON; they are
// escaped here instead (\n, \t, or \u00XX).
func jsonQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' || c == '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
