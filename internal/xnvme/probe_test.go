package xnvme

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/internal/testutil"
)

// The probe reads what the kernel reports rather than assuming it: every
// kernel with io_uring maps its rings at once (SINGLE_MMAP, 5.4) and has
// READV and FSYNC (5.1).
func TestProbeIOUring(t *testing.T) {
	f, err := ProbeIOUring()
	testutil.SkipUnlessIOUring(t, err)
	require.NoError(t, err)
	assert.Contains(t, f.Features, "SINGLE_MMAP")
	assert.True(t, f.Supports("READV"))
	assert.True(t, f.Supports("FSYNC"))
	assert.False(t, f.Supports("NOSUCH"))
	assert.Subset(t, []string{"SQPOLL", "IOPOLL", "SQE128|CQE32", "COOP_TASKRUN", "SINGLE_ISSUER|DEFER_TASKRUN"}, f.Setup)
	for _, op := range f.Ops() {
		assert.True(t, f.Supports(op))
	}
}

func TestProbeLibAIO(t *testing.T) {
	require.NoError(t, ProbeLibAIO(), "Linux AIO is available on every machine the tests run on")
}
