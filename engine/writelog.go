package engine

import (
	"fmt"

	"github.com/xbench/xbench/workload"
)

// writeLog remembers the blocks a verifying clone wrote and has not read
// back yet, as fio's io_piece log does, without allocating once the clone
// runs: each file's region has an entry per unit (the largest size every
// write offset and length is a multiple of), holding the block that starts
// there. A write drops the blocks it overlaps, so only the last write of
// each byte is verified (fio's rbtree of pieces), and a write that would
// overlap a block in flight waits for it, so that which write lands last is
// never in doubt.
type writeLog struct {
	files   []fileLog
	unit    uint64
	maxLen  uint64 // the longest block, for finding blocks that start before an offset
	pending int    // blocks written and not yet read back
	// fifo holds the written blocks in the order they completed, for
	// verify_backlog; an entry whose block was overwritten since is
	// skipped.
	fifo             []logRef
	fifoHead, fifoN  int
	scanFile, scanAt int // where the verify phase's scan is
}

// fileLog is one file's entries.
type fileLog struct {
	start uint64
	e     []logEntry
}

// logEntry is the block that starts in one unit.
type logEntry struct {
	off      uint64
	seed     uint64
	numberIO uint64
	len      uint32
	state    uint8
}

// The states of an entry.
const (
	entryLive    uint8 = 1 << iota // a block starts here
	entryWriting                   // its write is in flight
	entryReading                   // its verify read is in flight
)

// logRef names an entry for the fifo.
type logRef struct {
	file uint32
	unit uint32
	seed uint64
}

// maxLogBytes bounds the memory of a clone's write log, as the random map
// is bounded.
const maxLogBytes = 1 << 30

// newWriteLog returns the log of a clone of j whose files plan sized; fifo
// is set for verify_backlog.
func newWriteLog(j *workload.Job, plan workload.FilePlan, fifo bool) (*writeLog, error) {
	unit := j.BS.Min[workload.DirWrite]
	unit = gcd64(unit, j.BS.Max[workload.DirWrite])
	for _, s := range j.BS.Split[workload.DirWrite] {
		unit = gcd64(unit, s.Size)
	}
	if j.RW.Random() {
		unit = gcd64(unit, j.BS.Align[workload.DirWrite])
	}
	for _, f := range plan.Files {
		if f.Offset != 0 {
			unit = gcd64(unit, f.Offset)
		}
	}
	unit = max(unit, 1)
	l := &writeLog{unit: unit, maxLen: max(j.BS.Max[workload.DirWrite], j.BS.Max[workload.DirTrim]), files: make([]fileLog, len(plan.Files))}
	var entries uint64
	for _, f := range plan.Files {
		entries += (f.Size + unit - 1) / unit
	}
	const entrySize = 40
	if bytes := entries * entrySize * 3 / 2; bytes > maxLogBytes {
		return nil, fmt.Errorf("verifying its %d blocks of %d bytes would take %d MiB to track them; lower size or raise bs", entries, unit, bytes>>20)
	}
	for i, f := range plan.Files {
		l.files[i] = fileLog{start: f.Offset, e: make([]logEntry, (f.Size+unit-1)/unit)}
	}
	if fifo {
		l.fifo = make([]logRef, entries/2+1)
	}
	return l, nil
}

// gcd64 is the greatest common divisor of a and b.
func gcd64(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// span returns the entries of file f that may hold a block overlapping
// [off, off+n): from the first that a block as long as the longest could
// start in.
func (l *writeLog) span(f int, off, n uint64) (fl *fileLog, lo, hi int) {
	fl = &l.files[f]
	if off < fl.start {
		n -= min(n, fl.start-off)
		off = fl.start
	}
	rel := off - fl.start
	lo = int(rel / l.unit)
	if back := int((l.maxLen + l.unit - 1) / l.unit); lo > back {
		lo -= back
	} else {
		lo = 0
	}
	hi = min(int((rel+n+l.unit-1)/l.unit), len(fl.e))
	return fl, lo, hi
}

// overlaps reports whether e's block overlaps [off, off+n).
func (e *logEntry) overlaps(off, n uint64) bool {
	return e.off < off+n && off < e.off+uint64(e.len)
}

// busy reports whether a block in flight, being written or read back,
// overlaps [off, off+n) of file f.
func (l *writeLog) busy(f int, off, n uint64) bool {
	fl, lo, hi := l.span(f, off, n)
	for i := lo; i < hi; i++ {
		e := &fl.e[i]
		if e.state&(entryWriting|entryReading) != 0 && e.overlaps(off, n) {
			return true
		}
	}
	return false
}

// drop forgets the blocks overlapping [off, off+n) of file f: they were
// overwritten or trimmed.
func (l *writeLog) drop(f int, off, n uint64) {
	fl, lo, hi := l.span(f, off, n)
	for i := lo; i < hi; i++ {
		e := &fl.e[i]
		if e.state&entryLive != 0 && e.overlaps(off, n) {
			if e.state&entryWriting == 0 {
				l.pending--
			}
			*e = logEntry{}
		}
	}
}

// entry returns the entry of the block at off of file f, nil for an
// offset outside the file's region, which the log cannot hold.
func (l *writeLog) entry(f int, off uint64) *logEntry {
	fl := &l.files[f]
	if off < fl.start || (off-fl.start)/l.unit >= uint64(len(fl.e)) {
		return nil
	}
	return &fl.e[(off-fl.start)/l.unit]
}

// write logs a write about to be issued.
func (l *writeLog) write(f int, off, n, seed, numberIO uint64) {
	l.drop(f, off, n)
	if e := l.entry(f, off); e != nil {
		*e = logEntry{off: off, seed: seed, numberIO: numberIO, len: uint32(n), state: entryLive | entryWriting}
	}
}

// written records that the write of the block at off completed.
func (l *writeLog) written(f int, off uint64) {
	e := l.entry(f, off)
	if e == nil || e.state&entryWriting == 0 || e.off != off {
		return
	}
	e.state &^= entryWriting
	l.pending++
	if l.fifo != nil {
		l.push(logRef{file: uint32(f), unit: uint32((off - l.files[f].start) / l.unit), seed: e.seed})
	}
}

// failed forgets the block at off, whose write failed.
func (l *writeLog) failed(f int, off uint64) {
	if e := l.entry(f, off); e != nil && e.off == off && e.state&entryWriting != 0 {
		*e = logEntry{}
	}
}

// push appends r to the fifo, first dropping the entries of blocks
// overwritten since when it is full.
func (l *writeLog) push(r logRef) {
	if l.fifoN == len(l.fifo) {
		n := 0
		for i := range l.fifoN {
			x := l.fifo[(l.fifoHead+i)%len(l.fifo)]
			if l.current(x) != nil {
				l.fifo[n] = x
				n++
			}
		}
		l.fifoHead, l.fifoN = 0, n
		if n == len(l.fifo) {
			return // cannot happen: live blocks are fewer than units
		}
	}
	l.fifo[(l.fifoHead+l.fifoN)%len(l.fifo)] = r
	l.fifoN++
}

// current returns the entry r names if it still holds the block r was
// pushed for, written and waiting to be read back.
func (l *writeLog) current(r logRef) *logEntry {
	e := &l.files[r.file].e[r.unit]
	if e.state != entryLive || e.seed != r.seed {
		return nil
	}
	return e
}

// nextBacklog takes the oldest written block not read back yet, for
// verify_backlog.
func (l *writeLog) nextBacklog() (int, *logEntry) {
	for l.fifoN > 0 {
		r := l.fifo[l.fifoHead]
		l.fifoHead = (l.fifoHead + 1) % len(l.fifo)
		l.fifoN--
		if e := l.current(r); e != nil {
			e.state |= entryReading
			return int(r.file), e
		}
	}
	return 0, nil
}

// nextScan takes the next written block in offset order, for the verify
// phase; nil when there is none.
func (l *writeLog) nextScan() (int, *logEntry) {
	for ; l.scanFile < len(l.files); l.scanFile, l.scanAt = l.scanFile+1, 0 {
		es := l.files[l.scanFile].e
		for ; l.scanAt < len(es); l.scanAt++ {
			if e := &es[l.scanAt]; e.state == entryLive {
				e.state |= entryReading
				l.scanAt++
				return l.scanFile, e
			}
		}
	}
	return 0, nil
}

// rewind starts the verify phase's scan over.
func (l *writeLog) rewind() { l.scanFile, l.scanAt = 0, 0 }

// verified forgets the block at off once its read back completed.
func (l *writeLog) verified(f int, off uint64) {
	if e := l.entry(f, off); e != nil && e.off == off && e.state&entryReading != 0 {
		*e = logEntry{}
		l.pending--
	}
}

// clear forgets every block, at the start of a pass.
func (l *writeLog) clear() {
	for i := range l.files {
		clear(l.files[i].e)
	}
	l.pending, l.fifoHead, l.fifoN = 0, 0, 0
	l.rewind()
}
