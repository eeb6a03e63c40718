package engine

import "github.com/xbench/xbench/workload"

// slots are a queue's buffer slots: the free ones, and the IO each busy
// one carries, for its completion.
type slots struct {
	free []uint32
	ios  []workload.IO
}

// newSlots returns depth free slots.
func newSlots(depth int) slots {
	s := slots{free: make([]uint32, 0, depth), ios: make([]workload.IO, depth)}
	for i := depth - 1; i >= 0; i-- {
		s.free = append(s.free, uint32(i))
	}
	return s
}

// take returns a free slot carrying io.
func (s *slots) take(io *workload.IO) uint32 {
	slot := s.free[len(s.free)-1]
	s.free = s.free[:len(s.free)-1]
	s.ios[slot] = *io
	return slot
}

// put frees slot and returns the IO it carried.
func (s *slots) put(slot uint32) *workload.IO {
	s.free = append(s.free, slot)
	return &s.ios[slot]
}
