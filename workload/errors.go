package workload

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ParseError is an error in a job file. Its message is one line naming the
// file and line, "jobs/x.ini:7: unknown option \"foo\"".
type ParseError struct {
	// File is the job file, as given to Parse.
	File string
	// Line is the 1-based line of the problem; 0 when the problem is not
	// tied to a line (the file cannot be opened or read).
	Line int
	// Msg says what is wrong, without the file and line.
	Msg string

	err error // the underlying error, if any, for errors.Is and errors.As
}

// Error returns "FILE:LINE: MSG", or "FILE: MSG" when Line is 0. A file name
// containing control characters is quoted so that the message stays on one
// line.
func (e *ParseError) Error() string {
	file := e.File
	if strings.ContainsFunc(file, isControl) {
		file = strconv.Quote(file)
	}
	if e.Line <= 0 {
		return fmt.Sprintf("%s: %s", file, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", file, e.Line, e.Msg)
}

// Unwrap returns the error that caused this one, such as the error opening
// the file, or nil.
func (e *ParseError) Unwrap() error { return e.err }

// oneLine replaces the line breaks in s by blanks, to keep a message that
// quotes an outside error on one line.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// quoteIfNeeded returns s as it is if it prints plainly on one line, and
// quoted otherwise.
func quoteIfNeeded(s string) string {
	if q := strconv.Quote(s); q[1:len(q)-1] != s {
		return q
	}
	return s
}

// isControl reports whether r is an ASCII control character, as C's
// iscntrl does.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// fullError is an error from an option's parser whose message stands on its
// own ("rw=randrw is not supported by xbench yet"). Any other error from a
// parser is a reason, reported as `bad value "V" for option "O": reason`.
type fullError struct{ msg string }

func (e *fullError) Error() string { return e.msg }

// fullErrorf makes a fullError.
func fullErrorf(format string, args ...any) error {
	return &fullError{msg: fmt.Sprintf(format, args...)}
}

// optionError turns the error of parsing value for option name into the
// message of a ParseError.
func optionError(name, value string, err error) string {
	var full *fullError
	if errors.As(err, &full) {
		return full.msg
	}
	return fmt.Sprintf("bad value %q for option %q: %v", value, name, err)
}
