package engine

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/verify"
	"github.com/xbench/xbench/workload"
)

// errorPolicy applies a job's error handling (continue_on_error,
// ignore_error, error_dump) to the IOs that fail, as fio's
// break_on_this_error does: every failure is counted and described with
// its offset, length and errno; a non-fatal one lets the job go on, logged
// as it happens (error_dump), a fatal one becomes the job's error, which
// the report and the command line show, and ends it.
type errorPolicy struct {
	h     workload.ErrorHandling
	job   string
	notes io.Writer
	st    *stats.Job
	path  func(file int) string
	// counted is set while the job's error is the first of the errors it
	// went past, which a fatal one replaces.
	counted bool
	// verifyFatal ends the job at its first bad block (verify_fatal);
	// dump writes the expected and received data of each (verify_dump).
	verifyFatal, dump bool
	// ended is set once a failure ended the job: the IOs still in flight
	// complete, but are not verified.
	ended bool
}

// newErrorPolicy returns the policy of clone c, recording into st and
// logging to notes.
func newErrorPolicy(c *Clone, st *stats.Job, notes io.Writer) *errorPolicy {
	st.CountsErrors = c.Job.Errors.Counts()
	if notes == nil {
		notes = io.Discard
	}
	return &errorPolicy{h: c.Job.Errors, job: c.Job.Name, notes: notes, st: st, path: c.pathOf,
		verifyFatal: c.Job.Verify.Fatal, dump: c.Job.Verify.Dump}
}

// kindOf is the kind of failure of an IO in direction d with errno err:
// fio counts EILSEQ as a verify failure, a read's other errors as read
// failures, and everything else as a write failure.
func kindOf(d workload.Dir, err syscall.Errno) workload.ErrorKind {
	switch {
	case err == syscall.EILSEQ:
		return workload.ErrorVerify
	case d == workload.DirRead:
		return workload.ErrorRead
	}
	return workload.ErrorWrite
}

// ioFailed handles an IO that failed with err and reports whether the job
// must stop.
func (p *errorPolicy) ioFailed(io *workload.IO, err syscall.Errno) bool {
	text := fmt.Sprintf("io_u error on file %s: %v: %s offset=%d, buflen=%d", p.path(io.File), err, io.Dir, io.Offset, io.Len)
	return p.failed(kindOf(io.Dir, err), err, text)
}

// nothingDone handles an IO that transferred nothing, which fio counts as
// EIO ("full resid"): a read past the end of a file that shrank.
func (p *errorPolicy) nothingDone(io *workload.IO) bool {
	text := fmt.Sprintf("io_u error on file %s: %s offset=%d, buflen=%d transferred nothing (is the file shorter than the job expects?): %v",
		p.path(io.File), io.Dir, io.Offset, io.Len, syscall.EIO)
	return p.failed(kindOf(io.Dir, syscall.EIO), syscall.EIO, text)
}

// verifyFailed handles a block that did not verify and reports whether the
// job must stop.
func (p *errorPolicy) verifyFailed(file int, mm *verify.Mismatch) bool {
	path := p.path(file)
	stop := p.failed(workload.ErrorVerify, syscall.EILSEQ, fmt.Sprintf("verify failed on file %s: %s", path, mm.Error()))
	if p.dump {
		for _, d := range dumpMismatch(path, mm) {
			fmt.Fprintf(p.notes, "xbench: job %s: %s\n", p.job, d)
		}
	}
	p.ended = p.ended || stop || p.verifyFatal
	return stop || p.verifyFatal
}

// dumpMismatch writes the chunk of mm as read and as written to files
// named as fio names them, in the working directory:
// FILE.OFFSET.received and FILE.OFFSET.expected. It returns what it did,
// a line per file.
func dumpMismatch(path string, mm *verify.Mismatch) []string {
	var out []string
	for _, d := range []struct {
		kind string
		data []byte
	}{{"received", mm.ReceivedData}, {"expected", mm.ExpectedData}} {
		name := fmt.Sprintf("%s.%d.%s", filepath.Base(path), mm.Offset, d.kind)
		if err := os.WriteFile(name, d.data, 0o644); err != nil {
			out = append(out, fmt.Sprintf("dumping %s data: %v", d.kind, err))
			continue
		}
		out = append(out, fmt.Sprintf("%s data dumped as %s", d.kind, name))
	}
	return out
}

// failed counts a failure of kind k, logs it, and reports whether it ends
// the job.
func (p *errorPolicy) failed(k workload.ErrorKind, err syscall.Errno, text string) bool {
	st := p.st
	st.TotalErrors++
	if st.FirstError == 0 {
		st.FirstError = int(err)
	}
	fatal := !p.h.NonFatal(k, err)
	if !fatal && p.h.Dump {
		// The fatal error is the job's, which the caller reports.
		fmt.Fprintf(p.notes, "xbench: job %s: %s\n", p.job, text)
	}
	if fatal {
		p.ended = true
		if st.Error == 0 || p.counted {
			st.Error, st.ErrorText, p.counted = int(err), text, false
		}
		return true
	}
	if st.Error == 0 {
		// fio reports the first error of a job that went past its
		// errors as the job's error.
		st.Error, st.ErrorText, p.counted = int(err), text, true
	}
	return false
}

// lockedWriter serializes the writes of the clones, which log from their
// own threads.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// Write writes p under the lock.
func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
