package engine

import "github.com/xbench/xbench/workload"

// slots are a queue's buffer slots: the free ones, and the IO each busy
// one carries, for its completion.
type slots struct {
	free []uint32
	ios  []workload.IO
	// bufOff is where the rest of a short IO goes in its slot's buffer.
	bufOff []uint32
}

// newSlots returns depth free slots.
func newSlots(depth int) slots {
	s := slots{free: make([]uint32, 0, depth), ios: make([]workload.IO, depth), bufOff: make([]uint32, depth)}
	for i := depth - 1; i >= 0; i-- {
		s.free = append(s.free, uint32(i))
	}
	return s
}

// next returns the slot the next take returns and its IO, for the
// generator to fill in place.
func (s *slots) next() (uint32, *workload.IO) {
	slot := s.free[len(s.free)-1]
	return slot, &s.ios[slot]
}

// take takes the slot next returned.
func (s *slots) take() { s.free = s.free[:len(s.free)-1] }

// takeWith takes a free slot carrying io.
func (s *slots) takeWith(io *workload.IO) uint32 {
	slot, dst := s.next()
	*dst = *io
	s.take()
	return slot
}

// put frees slot and returns the IO it carried.
func (s *slots) put(slot uint32) *workload.IO {
	s.free = append(s.free, slot)
	return &s.ios[slot]
}

// unput takes back the slot put last, whose IO goes on.
func (s *slots) unput() { s.free = s.free[:len(s.free)-1] }

// inFlight counts the busy slots carrying an IO of direction d, once the
// loop is over: the IOs a broken queue was left with.
func (s *slots) inFlight(d workload.Dir) uint64 {
	free := make([]bool, len(s.ios))
	for _, f := range s.free {
		free[f] = true
	}
	var n uint64
	for i := range s.ios {
		if !free[i] && s.ios[i].Dir == d {
			n++
		}
	}
	return n
}
