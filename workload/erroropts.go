package workload

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// This file is fio's error handling options (HOWTO "Error handling"):
// which failed IOs end a job and which it counts and goes past.

// ErrorKind is the kind of a failure, as fio's error_type_bit: a read, a
// write (trims and syncs count as writes), or a verify failure.
type ErrorKind uint8

// The kinds of failure.
const (
	ErrorRead ErrorKind = iota
	ErrorWrite
	ErrorVerify
	numErrorKinds
)

// ErrorHandling is what a job does when an IO fails.
type ErrorHandling struct {
	// Continue has bit 1<<k set for each kind k of failure the job goes
	// past (continue_on_error), when the error is one of Ignore[k].
	Continue uint8
	// Ignore lists, per kind, the errors the job goes past
	// (ignore_error); nil means fio's default, EIO and EILSEQ.
	Ignore [numErrorKinds][]syscall.Errno
	// Dump logs every failed IO, also those the job goes past
	// (error_dump).
	Dump bool
}

// NonFatal reports whether a failure of kind k with errno err lets the
// job go on, as fio's td_non_fatal_error.
func (e *ErrorHandling) NonFatal(k ErrorKind, err syscall.Errno) bool {
	if e.Continue&(1<<k) == 0 {
		return false
	}
	list := e.Ignore[k]
	if list == nil {
		return err == syscall.EIO || err == syscall.EILSEQ
	}
	for _, x := range list {
		if x == err {
			return true
		}
	}
	return false
}

// Counts reports whether the job counts errors (fio shows total_err and
// first_error only then).
func (e *ErrorHandling) Counts() bool { return e.Continue != 0 }

// continueChoices are continue_on_error's values.
var continueChoices = []enumChoice[uint8]{
	{"none", 0}, {"read", 1 << ErrorRead}, {"write", 1 << ErrorWrite},
	{"io", 1<<ErrorRead | 1<<ErrorWrite}, {"verify", 1 << ErrorVerify},
	{"all", 1<<ErrorRead | 1<<ErrorWrite | 1<<ErrorVerify}, {"0", 0},
	{"1", 1<<ErrorRead | 1<<ErrorWrite | 1<<ErrorVerify},
}

// errorOptions are fio's error handling options.
var errorOptions = []*optionDef{
	enumOpt("continue_on_error", "none", `Go on past non-fatal errors (EIO, EILSEQ, or those of ignore_error) of these kinds: none, read, write, io, verify or all (fio HOWTO "Error handling", continue_on_error)`,
		continueChoices, nil, func(j *Job, v uint8) { j.Errors.Continue = v }),
	stringOpt("ignore_error", "", `Errors to go past, per kind: READ_LIST,WRITE_LIST,VERIFY_LIST, each a ':' list of names (EIO) or numbers (fio HOWTO "Error handling", ignore_error)`,
		setIgnoreError),
	boolOpt("error_dump", "1", `Log every failed IO, also those the job goes past (fio HOWTO "Error handling", error_dump)`,
		func(j *Job, v bool) { j.Errors.Dump = v }),
}

// setIgnoreError parses ignore_error. As in fio, a kind given a list goes
// past those errors (it is added to continue_on_error).
func setIgnoreError(j *Job, v string) error {
	kinds := strings.Split(strings.TrimSpace(v), ",")
	if len(kinds) > int(numErrorKinds) {
		return fmt.Errorf("%d lists given; want at most 3 (read, write, verify)", len(kinds))
	}
	for k, list := range kinds {
		var errs []syscall.Errno
		for name := range strings.SplitSeq(list, ":") {
			if name == "" {
				break
			}
			e, err := parseErrno(name)
			if err != nil {
				return err
			}
			errs = append(errs, e)
		}
		if len(errs) > 0 {
			j.Errors.Ignore[k] = errs
			j.Errors.Continue |= 1 << k
		}
	}
	return nil
}

// parseErrno reads an error as fio's ignore_error does: a name such as
// ENOSPC, or a number.
func parseErrno(s string) (syscall.Errno, error) {
	if strings.HasPrefix(s, "E") {
		for e := syscall.Errno(1); e < 4096; e++ {
			if unix.ErrnoName(e) == s {
				return e, nil
			}
		}
		return 0, fmt.Errorf("unknown error %q (want a name such as EIO, or a number)", s)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n == 0 {
		return 0, errors.New("unknown error " + strconv.Quote(s) + " (want a name such as EIO, or a number)")
	}
	if n < 0 {
		n = -n
	}
	return syscall.Errno(n), nil
}
