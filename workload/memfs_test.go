package workload

import (
	"io"
	"io/fs"
	"path"
	"strings"
)

// memOpen opens files from memory, for ParseOptions.Open.
func memOpen(files map[string]string) func(string) (io.ReadCloser, error) {
	return func(name string) (io.ReadCloser, error) {
		text, ok := files[path.Clean(name)]
		if !ok {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		return io.NopCloser(strings.NewReader(text)), nil
	}
}
