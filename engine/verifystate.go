package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"

	"github.com/xbench/xbench/workload"
)

// This file is fio's verify state (verify_state_save, verify_state_load):
// when a job that writes with verification ends, it saves how many writes
// it issued and which of its last ones completed, so that a later
// verify_only run verifies only what was surely written. The file is fio's
// (verify-state.h: a version 3 header, then a thread_io_list), named as fio
// names it in the working directory: local-JOB-INDEX-verify.state.

const (
	stateVersion = 3
	stateHdrSize = 24  // version, size, crc
	stateListLen = 152 // struct thread_io_list before its completions
)

// verifyState is what a job's state file says.
type verifyState struct {
	// writes is how many writes the job issued; depth its iodepth.
	writes uint64
	depth  uint64
	// done holds, per file, the offsets of the last writes that completed.
	done map[uint64]map[uint64]bool
}

// stateFile names the state file of the clone with fio's thread number
// thread.
func stateFile(j *workload.Job, thread int) string {
	return fmt.Sprintf("local-%s-%d-verify.state", j.Name, thread-1)
}

// completions remembers the last depth writes completed in each file, as
// fio's last_write_comp.
type completions struct {
	offs [][]uint64 // per file, a ring of depth offsets
	next []int
	n    []int
}

// newCompletions returns room for depth completions in each of nfiles.
func newCompletions(nfiles, depth int) *completions {
	c := &completions{offs: make([][]uint64, nfiles), next: make([]int, nfiles), n: make([]int, nfiles)}
	for i := range c.offs {
		c.offs[i] = make([]uint64, depth)
	}
	return c
}

// add records the completed write at off of file f.
func (c *completions) add(f int, off uint64) {
	ring := c.offs[f]
	ring[c.next[f]] = off
	c.next[f] = (c.next[f] + 1) % len(ring)
	c.n[f] = min(c.n[f]+1, len(ring))
}

// saveVerifyState writes the state of clone c, which issued writes writes
// and completed those of comp last, to its state file.
func saveVerifyState(c *Clone, writes uint64, comp *completions) error {
	depth := len(comp.offs[0])
	size := stateListLen + depth*len(comp.offs)*16
	b := make([]byte, stateHdrSize+size)
	le := binary.LittleEndian
	s := b[stateHdrSize:]
	nc := 0
	for f, ring := range comp.offs {
		for i := range comp.n[f] {
			at := stateListLen + nc*16
			le.PutUint64(s[at:], uint64(f))
			le.PutUint64(s[at+8:], ring[(comp.next[f]-1-i+2*len(ring))%len(ring)])
			nc++
		}
	}
	le.PutUint64(s[0:], uint64(nc))
	le.PutUint32(s[8:], uint32(depth))
	le.PutUint32(s[12:], uint32(len(comp.offs)))
	le.PutUint64(s[16:], writes)
	le.PutUint64(s[24:], uint64(c.Thread-1))
	copy(s[88:88+63], c.Job.Name) // name[64] after the random state
	le.PutUint64(b[0:], stateVersion)
	le.PutUint64(b[8:], uint64(size))
	le.PutUint64(b[16:], uint64(^crc32.Checksum(s, crc32.MakeTable(crc32.Castagnoli))))
	name := stateFile(c.Job, c.Thread)
	if err := os.WriteFile(name, b, 0o644); err != nil {
		return fmt.Errorf("verify_state_save: %w", err)
	}
	return nil
}

// loadVerifyState reads the state file of the clone of j with fio's
// thread number thread.
func loadVerifyState(j *workload.Job, thread int) (*verifyState, error) {
	name := stateFile(j, thread)
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("verify_state_load: %w (run the job with verify_state_save=1 first)", err)
	}
	le := binary.LittleEndian
	bad := func(why string) error { return fmt.Errorf("verify_state_load: %s: %s", name, why) }
	if len(b) < stateHdrSize+stateListLen {
		return nil, bad("too short to be a verify state file")
	}
	if v := le.Uint64(b[0:]); v != stateVersion {
		return nil, bad(fmt.Sprintf("unsupported version %d (want %d)", v, stateVersion))
	}
	size := le.Uint64(b[8:])
	if size != uint64(len(b)-stateHdrSize) {
		return nil, bad("its size does not match its header")
	}
	s := b[stateHdrSize:]
	if uint32(le.Uint64(b[16:])) != ^crc32.Checksum(s, crc32.MakeTable(crc32.Castagnoli)) {
		return nil, bad("its checksum does not match: the file is corrupt")
	}
	st := &verifyState{writes: le.Uint64(s[16:]), depth: uint64(le.Uint32(s[8:])), done: map[uint64]map[uint64]bool{}}
	n := le.Uint64(s[0:])
	if stateListLen+n*16 > size {
		return nil, errors.New(name + ": more completions than it holds")
	}
	for i := range n {
		at := stateListLen + i*16
		f, off := le.Uint64(s[at:]), le.Uint64(s[at+8:])
		if st.done[f] == nil {
			st.done[f] = map[uint64]bool{}
		}
		st.done[f][off] = true
	}
	return st, nil
}

// written reports whether the write numbered nio, at off of file f, was
// surely written by the run that saved the state: every write but the
// last depth issued completed; of those, the ones it recorded.
func (s *verifyState) written(nio uint64, f int, off uint64) bool {
	switch {
	case nio >= s.writes:
		return false
	case nio+s.depth < s.writes:
		return true
	}
	return s.done[uint64(f)][off]
}
