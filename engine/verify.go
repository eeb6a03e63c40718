package engine

import (
	"fmt"
	"io"

	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/verify"
	"github.com/xbench/xbench/workload"
)

// verifier is a clone's data verification (verify=...), as fio's: each
// block written is filled with data and headers the codec can check, and
// logged; after each write phase (do_verify), or every verify_backlog
// writes, the logged blocks are read back and checked. A job that only
// reads checks every block it reads against the headers it finds. It works
// on the slots' buffers in place and allocates nothing per IO.
type verifier struct {
	cfg    *workload.Verification
	codec  *verify.Codec
	log    *writeLog // nil for a job that does not write
	bufs   [][]byte  // each slot's buffer
	slots  []verifySlot
	seeds  workload.Rand // the seeds of the blocks written
	writes uint64        // the writes issued, which number them
	thread uint16
	expect verify.Expect // what a read back compares
	// checkReads checks every read, for a job that only reads.
	checkReads bool
	// dryRun logs the writes without issuing them (verify_only).
	dryRun bool
	// batchLeft counts the reads back of the current verify_backlog batch.
	batchLeft uint64
	// exhausted is set once the verify phase has nothing left to issue.
	exhausted bool
	// fake pretends to verify, for an engine that moves no data (null),
	// as fio does.
	fake bool
	// comp remembers the last writes completed, for verify_state_save;
	// state is the state loaded for verify_only (verify_state_load).
	comp  *completions
	state *verifyState
}

// verifySlot is what a busy slot carries for verification.
type verifySlot struct {
	kind uint8
	file int
	blk  verify.Block
}

// The kinds of slot.
const (
	slotPlain  uint8 = iota // nothing to verify
	slotWrite               // a logged write
	slotVerify              // a read back of a logged block
	slotCheck               // a read checked against its own headers
)

// The outcomes of prepare.
const (
	ioIssue uint8 = iota // issue the IO
	ioHold               // hold it: it overlaps a block in flight
	ioSkip               // drop it: verify_only logs writes without issuing them
)

// prepareVerify sets up the verification of clone c, whose files plan
// sized, before it runs: its codec, and the log of a job that writes. It
// notes, as fio does, a verify phase that cannot start and writers that
// may overwrite each other's blocks.
func prepareVerify(c *Clone, plan workload.FilePlan, seeds *workload.Seeds, notes io.Writer) error {
	j := c.Job
	if !j.Verify.Verifies() {
		return nil
	}
	v := &j.Verify
	if c.Index == 0 && j.RW.Writes() && v.Do {
		if j.TimeBased && !j.RW.Reads() && v.Backlog == 0 {
			fmt.Fprintf(notes, "note: job %s: the verify phase will never start: the write phase uses all of runtime (set verify_backlog to verify as it writes)\n", j.Name)
		}
		if j.NumJobs > 1 && len(j.Files.Used()) > 0 {
			fmt.Fprintf(notes, "note: job %s: its %d clones write the same files and may overwrite each other's blocks, which fails verification\n", j.Name, j.NumJobs)
		}
	}
	c.codec = verify.NewCodec(verify.Config{Method: v.Method, Interval: v.Interval, HeaderOffset: v.Offset,
		Pattern: v.Pattern, Fatal: v.Fatal}, int(bufferSize(j)))
	c.verifySeed = seeds.Rand(workload.SeedVerify)
	if !j.RW.Writes() {
		return nil
	}
	if v.StateLoad && v.Only {
		st, err := loadVerifyState(j, c.Thread)
		if err != nil {
			return fmt.Errorf("job %s: %w", j.Name, err)
		}
		c.vstate = st
	}
	l, err := newWriteLog(j, plan, v.Backlog > 0)
	if err != nil {
		return fmt.Errorf("job %s: verify=%s: %w", j.Name, v.Method, err)
	}
	c.wlog = l
	return nil
}

// newVerifier returns the verifier of clone c, whose queue is q, or nil
// when the job does not verify.
func newVerifier(c *Clone, q *xnvme.Queue) *verifier {
	j := c.Job
	if !j.Verify.Verifies() {
		return nil
	}
	v := &verifier{
		cfg:   &j.Verify,
		codec: c.codec,
		log:   c.wlog,
		bufs:  make([][]byte, c.depth),
		slots: make([]verifySlot, c.depth),
		seeds: c.verifySeed,
		// fio numbers threads with 16 bits in the header.
		thread:     uint16(c.Thread),
		checkReads: !j.RW.Writes(),
		dryRun:     j.Verify.Only && j.RW.Writes(),
		expect:     verify.Expect{Seed: true, NumberIO: true},
		fake:       c.Path == "" && !c.uri,
		state:      c.vstate,
	}
	if j.Verify.StateSave && j.RW.Writes() && !v.dryRun {
		v.comp = newCompletions(max(len(c.Paths), 1), c.depth)
	}
	if v.dryRun {
		// As fio: verify_only cannot know which write made a block.
		v.expect = verify.Expect{}
	}
	for i := range v.bufs {
		v.bufs[i] = q.Buffer(i)
	}
	if v.log != nil {
		v.log.clear()
	}
	return v
}

// prepare readies the IO io about to be issued in slot at now (the
// loop's clock): a write gets its data and headers and is logged, a trim
// drops the blocks it discards, a read of a job that only reads is marked
// for checking. It returns ioHold when the IO overlaps a logged block in
// flight, and ioSkip for a write of verify_only.
func (v *verifier) prepare(slot uint32, io *workload.IO, now uint64) uint8 {
	vs := &v.slots[slot]
	switch io.Dir {
	case workload.DirWrite:
		if v.log.busy(io.File, io.Offset, io.Len) {
			return ioHold
		}
		seed := v.seeds.Uint64()
		nio := v.writes
		v.writes++
		if v.dryRun {
			if v.state == nil || v.state.written(nio, io.File, io.Offset) {
				v.log.write(io.File, io.Offset, io.Len, seed, nio)
				v.log.written(io.File, io.Offset)
			}
			return ioSkip
		}
		*vs = verifySlot{kind: slotWrite, file: io.File, blk: verify.Block{
			Offset: io.Offset, Len: int(io.Len), Seed: seed, NumberIO: uint16(nio), Thread: v.thread,
			Sec: uint32(now / 1e9), Nsec: uint32(now % 1e9),
		}}
		v.codec.Fill(v.bufs[slot], &vs.blk)
		v.log.write(io.File, io.Offset, io.Len, seed, nio)
	case workload.DirTrim:
		if v.log != nil {
			if v.log.busy(io.File, io.Offset, io.Len) {
				return ioHold
			}
			v.log.drop(io.File, io.Offset, io.Len)
		}
		vs.kind = slotPlain
	case workload.DirRead:
		if vs.kind == slotVerify {
			return ioIssue // a read back, set up by readBack
		}
		vs.kind = slotPlain
		if v.checkReads {
			*vs = verifySlot{kind: slotCheck, file: io.File, blk: verify.Block{Offset: io.Offset, Len: int(io.Len)}}
		}
	default:
		vs.kind = slotPlain
	}
	return ioIssue
}

// readBack fills io with the read back of a logged block for slot: the
// next in offset order in the verify phase, or the oldest in a
// verify_backlog batch. It reports false when there is none to issue now.
func (v *verifier) readBack(slot uint32, io *workload.IO, phase bool) bool {
	var f int
	var e *logEntry
	if phase {
		f, e = v.log.nextScan()
		if e == nil {
			v.exhausted = true
			return false
		}
	} else {
		if v.log == nil || v.cfg.Backlog == 0 || v.dryRun {
			return false
		}
		if v.batchLeft == 0 && uint64(v.log.pending) >= v.cfg.Backlog {
			v.batchLeft = v.cfg.Batch
		}
		if v.batchLeft == 0 {
			return false
		}
		if f, e = v.log.nextBacklog(); e == nil {
			v.batchLeft = 0
			return false
		}
		v.batchLeft--
	}
	*io = workload.IO{File: f, Dir: workload.DirRead, Offset: e.off, Len: uint64(e.len)}
	v.slots[slot] = verifySlot{kind: slotVerify, file: f, blk: verify.Block{
		Offset: e.off, Len: int(e.len), Seed: e.seed, NumberIO: uint16(e.numberIO)}}
	return true
}

// startPhase starts the verify phase at the end of a write phase and
// reports whether it has blocks to read back.
func (v *verifier) startPhase() bool {
	if v.log == nil || !v.cfg.Do || v.log.pending == 0 {
		return false
	}
	v.log.rewind()
	v.exhausted = false
	return true
}

// endPass forgets the blocks of the pass that ended.
func (v *verifier) endPass() {
	if v.log != nil {
		v.log.clear()
	}
	v.batchLeft = 0
}

// done handles the completion of the IO of slot and returns the mismatch
// of a block that did not verify.
func (v *verifier) done(slot uint32) (int, *verify.Mismatch) {
	vs := &v.slots[slot]
	kind := vs.kind
	vs.kind = slotPlain
	switch kind {
	case slotWrite:
		v.log.written(vs.file, vs.blk.Offset)
		if v.comp != nil {
			v.comp.add(vs.file, vs.blk.Offset)
		}
	case slotVerify:
		v.log.verified(vs.file, vs.blk.Offset)
		if !v.fake {
			return vs.file, v.codec.Check(v.bufs[slot], &vs.blk, v.expect)
		}
	case slotCheck:
		if !v.fake {
			return vs.file, v.codec.Check(v.bufs[slot], &vs.blk, verify.Expect{})
		}
	}
	return 0, nil
}

// failed handles the IO of slot that failed: a block whose write failed is
// not read back.
func (v *verifier) failed(slot uint32) {
	vs := &v.slots[slot]
	switch vs.kind {
	case slotWrite:
		v.log.failed(vs.file, vs.blk.Offset)
	case slotVerify:
		v.log.verified(vs.file, vs.blk.Offset)
	}
	vs.kind = slotPlain
}

// finish saves the verify state of a job that wrote (verify_state_save),
// once its loop is over.
func (v *verifier) finish(c *Clone) {
	if v == nil || v.comp == nil {
		return
	}
	if err := saveVerifyState(c, v.writes, v.comp); err != nil {
		fmt.Fprintf(c.notes(), "xbench: job %s: %v\n", c.Job.Name, err)
	}
}
