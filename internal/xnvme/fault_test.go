package xnvme

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
)

// The fault mechanism moves data as psync does when no fault is asked for,
// at any depth.
func TestFaultMechanismWithoutFaultsWritesThenReads(t *testing.T) {
	dir := t.TempDir()
	for _, depth := range []int{1, 8} {
		t.Run(fmt.Sprintf("depth=%d", depth), func(t *testing.T) {
			lockThread(t)
			path := testutil.File(t, dir, fmt.Sprintf("f%d", depth), 64*testBS, nil)
			dev, err := Open(path, OpenOptions{Write: true})
			require.NoError(t, err)
			defer dev.Close()
			q, err := NewQueue([]*Device{dev}, QueueOptions{Mechanism: FaultMechanism, Depth: depth, BufferSize: testBS,
				Fault: &FaultOptions{Delay: 20 * time.Microsecond}})
			require.NoError(t, err)
			defer q.Close()
			runAll(t, q, OpWrite, 64)
			runAll(t, q, OpRead, 64)
			c, ok := q.FaultCounts()
			require.True(t, ok)
			assert.Equal(t, FaultCounts{IOs: 128}, c)
		})
	}
}

// Each fault happens where it was asked for, and is counted.
func TestFaultMechanismInjects(t *testing.T) {
	lockThread(t)
	path := testutil.File(t, t.TempDir(), "f", 16*testBS, func(b []byte, off int64) {
		for i := range b {
			b[i] = 0x40
		}
	})
	dev, err := Open(path, OpenOptions{Write: true})
	require.NoError(t, err)
	defer dev.Close()
	q, err := NewQueue([]*Device{dev}, QueueOptions{Mechanism: FaultMechanism, Depth: 4, BufferSize: testBS,
		Fault: &FaultOptions{Fail: []uint64{testBS + 10}, Errno: syscall.EIO, Short: []uint64{2 * testBS}, ShortBytes: 512,
			Flip: []uint64{3*testBS + 7}, Delay: time.Millisecond}})
	require.NoError(t, err)
	defer q.Close()
	for i := range 4 {
		q.SQ()[i] = SQE{Offset: uint64(i) * testBS, Nbytes: testBS, Slot: uint32(i), Opcode: OpRead}
	}
	start := time.Now()
	c, err := q.Cycle(4, 4)
	require.NoError(t, err)
	require.Equal(t, 4, c.Completed)
	assert.GreaterOrEqual(t, time.Since(start), time.Millisecond, "completions are held for the delay")
	res := map[uint32]int32{}
	for _, e := range q.CQ()[:4] {
		res[e.Slot] = e.Res
	}
	assert.Equal(t, map[uint32]int32{0: testBS, 1: -int32(syscall.EIO), 2: 512, 3: testBS}, res)
	assert.Equal(t, byte(0x41), q.Buffer(3)[7])
	assert.Equal(t, byte(0x40), q.Buffer(3)[8])
	counts, _ := q.FaultCounts()
	assert.Equal(t, FaultCounts{Failed: 1, Shorts: 1, Flipped: 1, IOs: 4}, counts)

	// The rest of a short IO starts past what was done, in the same buffer.
	q.SQ()[0] = SQE{Offset: 2*testBS + 512, Nbytes: testBS - 512, Slot: 2, Opcode: OpRead, BufOff: 512}
	c, err = q.Cycle(1, 1)
	require.NoError(t, err)
	require.Equal(t, 1, c.Completed)
	assert.EqualValues(t, testBS-512, q.CQ()[0].Res)

	// A buffer offset past the buffer is refused.
	q.SQ()[0] = SQE{Offset: 0, Nbytes: testBS, Slot: 0, Opcode: OpRead, BufOff: 1}
	_, err = q.Cycle(1, 1)
	assert.ErrorIs(t, err, syscall.EINVAL)
}
