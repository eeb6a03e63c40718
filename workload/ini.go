package workload

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// This file reads the ini layer of a job file, following fio's
// __parse_jobs_ini (init.c): lines become sections of option lines, each
// with its file and line number (include.go reads the included files). It
// knows nothing about the options themselves.

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
	// file and line locate the header.
	file string
	line int
	// entries are the section's option lines, in order, with the lines of
	// the files it includes in place of each include line.
	entries []iniEntry
}

// iniEntry is one option line of a section: "key=value" or a bare "key",
// not yet split, since fio substitutes ${VAR} in the whole line first.
type iniEntry struct {
	// file and line locate the line: the job file, or an included file.
	file string
	line int
	// text is the line without its comment and surrounding blanks.
	text string
}

// iniReader reads a job file and the files it includes.
type iniReader struct {
	// open opens an included file; nil means os.Open.
	open func(name string) (io.ReadCloser, error)
	// stack holds the files being read, the job file first, to find
	// include cycles.
	stack []string
}

// maxIncludeDepth bounds nested includes.
const maxIncludeDepth = 32

// readINI splits a job file into sections. Errors are *ParseError.
func readINI(r io.Reader, path string) ([]iniSection, error) {
	return (&iniReader{}).read(r, path)
}

// read splits the job file read from r into sections, reading the files
// it includes. Errors are *ParseError.
func (ir *iniReader) read(r io.Reader, path string) ([]iniSection, error) {
	var sections []iniSection
	ir.stack = append(ir.stack[:0], includeKey(path))
	err := scanLines(r, path, func(lineNo int, text string) error {
		if text == "" {
			return nil
		}
		if text[0] == '[' {
			name, err := sectionName(text)
			if err != nil {
				return &ParseError{File: path, Line: lineNo, Msg: err.Error()}
			}
			sections = append(sections, iniSection{name: name, file: path, line: lineNo})
			return nil
		}
		if len(sections) == 0 {
			return &ParseError{File: path, Line: lineNo,
				Msg: fmt.Sprintf("option %q is outside of any [section]", text)}
		}
		return ir.entry(&sections[len(sections)-1], path, lineNo, text)
	})
	if err != nil {
		return nil, err
	}
	return sections, nil
}

// entry adds one option line to s, or the lines of the file it includes.
func (ir *iniReader) entry(s *iniSection, path string, lineNo int, text string) error {
	name, isInclude, err := includeName(text)
	if err != nil {
		return &ParseError{File: path, Line: lineNo, Msg: err.Error()}
	}
	if !isInclude {
		s.entries = append(s.entries, iniEntry{file: path, line: lineNo, text: text})
		return nil
	}
	return ir.include(s, path, lineNo, name)
}

// scanLines calls fn with each line of r, cleaned by cleanLine, and its
// 1-based number. It rejects the lines fio would misread: longer than
// fio's line buffer, or holding a NUL byte. Errors are *ParseError or
// fn's.
func scanLines(r io.Reader, path string, fn func(lineNo int, text string) error) error {
	br := bufio.NewReaderSize(r, maxLineLen+2)
	lineNo := 0
	for {
		raw, readErr := br.ReadSlice('\n')
		if len(raw) == 0 && readErr == io.EOF {
			return nil
		}
		lineNo++
		text := strings.TrimSuffix(string(raw), "\n")
		if errors.Is(readErr, bufio.ErrBufferFull) || len(text) > maxLineLen {
			return &ParseError{File: path, Line: lineNo, Msg: tooLong}
		}
		if readErr != nil && readErr != io.EOF {
			return &ParseError{File: path, Line: lineNo, Msg: "read error: " + oneLine(readErr.Error()), err: readErr}
		}
		if strings.IndexByte(text, 0) >= 0 {
			return &ParseError{File: path, Line: lineNo, Msg: "line contains a NUL byte"}
		}
		if err := fn(lineNo, cleanLine(text)); err != nil {
			return err
		}
		if readErr == io.EOF {
			return nil
		}
	}
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
