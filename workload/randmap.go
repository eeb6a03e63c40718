package workload

import "math/bits"

// randMap is fio's random map (lib/axmap.c): one bit per block of a file,
// set once the block has been done in this pass, so that random IO visits
// every block once. A picked block that is already done moves to the next
// free one, wrapping around at the end, as axmap_next_free does. A summary
// bit per 64-bit word marks full words, so that the search skips them.
type randMap struct {
	nbits uint64
	words []uint64 // bit b of word w is block w*64+b
	full  []uint64 // bit i set when words[i] is full
}

// newRandMap returns an empty map of n blocks.
func newRandMap(n uint64) *randMap {
	nw := (n + 63) / 64
	return &randMap{nbits: n, words: make([]uint64, nw), full: make([]uint64, (nw+63)/64)}
}

// reset clears every block, for a new pass.
func (m *randMap) reset() {
	clear(m.words)
	clear(m.full)
}

// isFree reports whether block b is not done yet. Blocks past the end
// count as done.
func (m *randMap) isFree(b uint64) bool {
	return b < m.nbits && m.words[b/64]&(1<<(b%64)) == 0
}

// nextFree returns the first free block after b, wrapping around to the
// start of the map, or false when every block is done.
func (m *randMap) nextFree(b uint64) (uint64, bool) {
	if b >= m.nbits {
		return 0, false
	}
	next := b + 1
	if next == m.nbits {
		next = 0
	}
	if f, ok := m.firstFree(next); ok {
		return f, true
	}
	if next != 0 {
		return m.firstFree(0)
	}
	return 0, false
}

// firstFree returns the first free block at or after b.
func (m *randMap) firstFree(b uint64) (uint64, bool) {
	w := b / 64
	if w >= uint64(len(m.words)) {
		return 0, false
	}
	if free := ^m.words[w] &^ (1<<(b%64) - 1); free != 0 {
		return m.found(w, free)
	}
	// Skip the full words, 64 at a time through the summary.
	for w++; w < uint64(len(m.words)); {
		if w%64 == 0 && m.full[w/64] == ^uint64(0) {
			w += 64
			continue
		}
		if free := ^m.words[w]; free != 0 {
			return m.found(w, free)
		}
		w++
	}
	return 0, false
}

// found turns the free bits of word w into a block, or false if the first
// of them is past the end of the map.
func (m *randMap) found(w, free uint64) (uint64, bool) {
	f := w*64 + uint64(bits.TrailingZeros64(free))
	return f, f < m.nbits
}

// setRun marks up to n blocks done from b on, stopping at the first one
// already done or at the end of the map, and returns how many it marked
// (fio's axmap_set_nr).
func (m *randMap) setRun(b, n uint64) uint64 {
	set := uint64(0)
	for set < n && m.isFree(b+set) {
		i := b + set
		m.words[i/64] |= 1 << (i % 64)
		if m.words[i/64] == ^uint64(0) {
			m.full[i/4096] |= 1 << (i / 64 % 64)
		}
		set++
	}
	return set
}
