package sysx

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSystemValues(t *testing.T) {
	require.Positive(t, PageSize())
	mem, err := PhysicalMemory()
	require.NoError(t, err)
	require.Greater(t, mem, uint64(1<<20))
	n, err := CPUsConfigured()
	require.NoError(t, err)
	require.GreaterOrEqual(t, n, 1)

	for s, want := range map[string]int{"0": 1, "0-1": 2, "0-3,8": 5, "0,2,4-7": 6} {
		got, err := countCPUList(s)
		require.NoError(t, err, s)
		require.Equal(t, want, got, s)
	}
	for _, bad := range []string{"", "x", "3-1", "0-"} {
		_, err := countCPUList(bad)
		require.Error(t, err, bad)
	}
}
