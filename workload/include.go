package workload

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// This file reads fio's "include FILE" lines (init.c: __parse_jobs_ini).
// An include line inside a section stands for the option lines of FILE,
// which holds no section headers and may include further files. A name
// that does not open as given is taken relative to the including file.

// includeName recognises an include line. As fio does, it takes any line
// starting with "include" as one and the file name to start one character
// after the word ("include x.fio", "include=x.fio"). Unlike fio, it takes
// only a blank or "=" as that character, and rejects a name that fio could
// not open because it starts with a blank.
func includeName(text string) (name string, ok bool, err error) {
	rest, ok := strings.CutPrefix(text, "include")
	if !ok {
		return "", false, nil
	}
	switch {
	case rest == "":
		return "", true, errors.New("include without a file name")
	case rest[0] != ' ' && rest[0] != '\t' && rest[0] != '=':
		return "", false, nil // an option named include...; the builder rejects it
	}
	name = rest[1:]
	switch {
	case name == "":
		return "", true, errors.New("include without a file name")
	case isCSpace(rune(name[0])):
		return "", true, fmt.Errorf("include %q: fio takes the file name right after one blank, so the name would start with a blank; remove the extra blanks", name)
	}
	return name, true, nil
}

// include reads the file named on line lineNo of path into s.
func (ir *iniReader) include(s *iniSection, path string, lineNo int, name string) error {
	fail := func(format string, args ...any) error {
		return &ParseError{File: path, Line: lineNo, Msg: fmt.Sprintf(format, args...)}
	}
	if len(ir.stack) > maxIncludeDepth {
		return fail("include %q: more than %d nested includes", name, maxIncludeDepth)
	}
	f, resolved, err := ir.openInclude(path, name)
	if err != nil {
		return fail("%s", err)
	}
	defer f.Close()
	key := includeKey(resolved)
	if slices.Contains(ir.stack, key) {
		return fail("include %q: include cycle (%s includes itself)", name, resolved)
	}
	ir.stack = append(ir.stack, key)
	defer func() { ir.stack = ir.stack[:len(ir.stack)-1] }()
	return scanLines(f, resolved, func(n int, text string) error {
		switch {
		case text == "":
			return nil
		case text[0] == '[':
			return &ParseError{File: resolved, Line: n,
				Msg: fmt.Sprintf("section header %q in an included file (fio: no new sections in included files)", text)}
		}
		return ir.entry(s, resolved, n, text)
	})
}

// openInclude opens the file an include line names. As fio does, when the
// name does not exist as given and the including file's path has a
// directory part, it takes the name relative to that directory.
func (ir *iniReader) openInclude(from, name string) (io.ReadCloser, string, error) {
	open := ir.open
	if open == nil {
		open = func(n string) (io.ReadCloser, error) { return os.Open(n) }
	}
	f, err := open(name)
	if err == nil {
		return f, name, nil
	}
	slash := strings.LastIndexByte(from, '/')
	if !errors.Is(err, fs.ErrNotExist) || slash < 0 {
		return nil, "", fmt.Errorf("cannot open include file %q: %s", name, errText(err))
	}
	rel := from[:slash+1] + name
	f, err2 := open(rel)
	if err2 != nil {
		return nil, "", fmt.Errorf("cannot open include file %q (nor %q): %s", name, rel, errText(err2))
	}
	return f, rel, nil
}

// errText returns an error's text without the path an *fs.PathError
// repeats, on one line.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return oneLine(err.Error())
}

// includeKey names a file for cycle detection: its absolute, cleaned path.
func includeKey(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}
