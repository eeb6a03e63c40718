package xnvme

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// The Go mirrors must match the C structs that xb.h pins with static asserts.
func TestLayoutMatchesC(t *testing.T) {
	var s SQE
	require.EqualValues(t, sizeofSQE, unsafe.Sizeof(s))
	require.EqualValues(t, 8, unsafe.Offsetof(s.Nbytes))
	require.EqualValues(t, 12, unsafe.Offsetof(s.Slot))
	require.EqualValues(t, 16, unsafe.Offsetof(s.Opcode))
	require.EqualValues(t, 18, unsafe.Offsetof(s.File))
	require.EqualValues(t, 20, unsafe.Offsetof(s.BufOff))

	var c CQE
	require.EqualValues(t, sizeofCQE, unsafe.Sizeof(c))
	require.EqualValues(t, 4, unsafe.Offsetof(c.Slot))
	require.EqualValues(t, 8, unsafe.Offsetof(c.TSubmit))
	require.EqualValues(t, 16, unsafe.Offsetof(c.TIssued))
	require.EqualValues(t, 24, unsafe.Offsetof(c.TDone))

	require.EqualValues(t, 16, sizeofCycle)
}
