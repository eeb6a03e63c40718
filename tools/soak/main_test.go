package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A short soak passes its checks; make soak runs a long one.
func TestShortSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the soak in -short mode")
	}
	require.NoError(t, soak(2*time.Second, t.TempDir(), 0.10))
}
