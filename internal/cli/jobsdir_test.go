package cli

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// The example job files of jobs/ parse, so that a user who copies one
// starts from a file xbench takes.
func TestExampleJobFilesParse(t *testing.T) {
	files, err := filepath.Glob("../../jobs/*.ini")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			rc, _, stderr := runMain(t, "--parse-only", f)
			require.Equal(t, 0, rc, stderr)
		})
	}
}
