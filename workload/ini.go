package workload

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// This file reads the ini layer of a job file, following fio's
// __parse_jobs_ini (init.c): lines become sections of key/value entries,
// each with its line number. It knows nothing about the options themselves.

// maxLineLen is the longest line fio reads whole: it reads lines with
// fgets into an 8192 byte buffer (OPT_LEN_MAX), so longer lines are split in
// two. xbench rejects them instead.
const maxLineLen = 8191

// tooLong is the message for a line longer than maxLineLen.
var tooLong = fmt.Sprintf("line is longer than %d bytes (fio would split it in two)", maxLineLen)

// maxSectionName is the longest section name fio keeps: it scans the header
// with "[%255[^\n]" and drops the last character, the "]".
const maxSectionName = 254

// iniSection is one [section] of a job file.
type iniSection struct {
	// name is the text between the brackets, as written.
	name string
	// line is the line of the header.
	line int
	// entries are the section's lines, in order.
	entries []iniEntry
}

// iniEntry is one line of a section: "key=value", a bare "key", or an
// "include file" directive.
type iniEntry struct {
	line int
	// key is the text before the first "=", without surrounding blanks.
	key string
	// value is the text after the first "=". fio cuts trailing blanks but
	// keeps leading ones ("bs= 4k" has value " 4k"); so does xbench, and the
	// option parsers decide what the blanks mean.
	value string
	// hasValue tells "key=" (empty value) from a bare "key".
	hasValue bool
	// include is set for an "include FILE" line; value is then FILE.
	include bool
}

// readINI splits a job file into sections. Errors are *ParseError.
func readINI(r io.Reader, path string) ([]iniSection, error) {
	var sections []iniSection
	br := bufio.NewReaderSize(r, maxLineLen+2)
	lineNo := 0
	for {
		raw, readErr := br.ReadSlice('\n')
		if len(raw) == 0 && readErr == io.EOF {
			break
		}
		lineNo++
		text := strings.TrimSuffix(string(raw), "\n")
		if errors.Is(readErr, bufio.ErrBufferFull) || len(text) > maxLineLen {
			return nil, &ParseError{File: path, Line: lineNo, Msg: tooLong}
		}
		if readErr != nil && readErr != io.EOF {
			return nil, &ParseError{File: path, Line: lineNo, Msg: "read error: " + oneLine(readErr.Error()), err: readErr}
		}
		if strings.IndexByte(text, 0) >= 0 {
			return nil, &ParseError{File: path, Line: lineNo, Msg: "line contains a NUL byte"}
		}
		if err := readLine(&sections, cleanLine(text), path, lineNo); err != nil {
			return nil, err
		}
		if readErr == io.EOF {
			break
		}
	}
	return sections, nil
}

// readLine adds one cleaned line to sections.
func readLine(sections *[]iniSection, text, path string, lineNo int) error {
	if text == "" {
		return nil
	}
	if text[0] == '[' {
		name, err := sectionName(text)
		if err != nil {
			return &ParseError{File: path, Line: lineNo, Msg: err.Error()}
		}
		*sections = append(*sections, iniSection{name: name, line: lineNo})
		return nil
	}
	if len(*sections) == 0 {
		return &ParseError{File: path, Line: lineNo,
			Msg: fmt.Sprintf("option %q is outside of any [section]", text)}
	}
	s := &(*sections)[len(*sections)-1]
	s.entries = append(s.entries, splitEntry(text, lineNo))
	return nil
}

// cleanLine cuts a line at its comment and trims it as fio does: fio cuts
// at the first ";" or "#" anywhere in the line, strips leading white space
// and trailing white space and control characters.
func cleanLine(s string) string {
	if i := strings.IndexAny(s, ";#"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimLeft(s, cSpace)
	return strings.TrimRightFunc(s, func(r rune) bool { return isCSpace(r) || isControl(r) })
}

// cSpace holds the characters C's isspace accepts.
const cSpace = " \t\n\v\f\r"

// isCSpace reports whether r is white space for C's isspace.
func isCSpace(r rune) bool { return r < 0x80 && strings.ContainsRune(cSpace, r) }

// sectionName returns the name in a "[name]" header.
func sectionName(text string) (string, error) {
	if !strings.HasSuffix(text, "]") || len(text) < 2 {
		return "", fmt.Errorf("section header %q does not end with \"]\"", text)
	}
	name := text[1 : len(text)-1]
	switch {
	case name == "":
		return "", errors.New("empty section name \"[]\"")
	case len(name) > maxSectionName:
		return "", fmt.Errorf("section name is longer than %d bytes (fio would cut it)", maxSectionName)
	}
	return name, nil
}

// splitEntry splits a cleaned option line. Like fio, any line starting with
// "include" is an include directive; fio takes the file name to start one
// character after the word ("include x.fio", "include=x.fio").
func splitEntry(text string, lineNo int) iniEntry {
	if rest, ok := strings.CutPrefix(text, "include"); ok {
		if rest != "" {
			rest = rest[1:]
		}
		return iniEntry{line: lineNo, key: "include", value: rest, hasValue: true, include: true}
	}
	key, value, hasValue := strings.Cut(text, "=")
	return iniEntry{
		line:     lineNo,
		key:      strings.TrimRight(key, cSpace),
		value:    value,
		hasValue: hasValue,
	}
}
