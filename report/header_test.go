package report

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/workload"
)

func TestWriteHeaderStartingLine(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{1, "Starting 1 thread\n"},
		{2, "Starting 2 threads\n"},
		{0, "Starting \n"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, WriteHeader(&b, "xbench-0.1.0", nil, tt.n))
			assert.Equal(t, "xbench-0.1.0\n"+tt.want, b.String())
		})
	}
}

// The line is fio's, from testdata/fio/uring.out.
func TestHeaderJobOf(t *testing.T) {
	h := HeaderJobOf(&workload.Job{Name: "uring", RW: workload.RandRead, BS: fixedBS(4096), IOEngine: "io_uring", IODepth: 32})
	var b bytes.Buffer
	require.NoError(t, WriteHeader(&b, "fio-3.33", []HeaderJob{h}, 1))
	assert.Equal(t, "uring: (g=0): rw=randread, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, ioengine=io_uring, iodepth=32\nfio-3.33\nStarting 1 thread\n", b.String())
	assert.Equal(t, 1, HeaderJobOf(&workload.Job{}).IODepth, "fio's default depth")
	assert.Equal(t, 1, HeaderJobOf(&workload.Job{}).NumJobs)
}

// fixedBS is one block size for every direction.
func fixedBS(bs uint64) workload.BlockSizes {
	all := [workload.NumDirs]uint64{bs, bs, bs}
	return workload.BlockSizes{BS: all, Min: all, Max: all, Align: all}
}

// HeaderJobOf shows each direction's range of block sizes.
func TestHeaderShowsEachDirectionsBlockSizes(t *testing.T) {
	bs := workload.BlockSizes{Min: [3]uint64{8192, 1024, 4096}, Max: [3]uint64{8192, 4096, 4096}}
	h := HeaderJobOf(&workload.Job{Name: "m", RW: workload.RandRW, BS: bs, IOEngine: "null"})
	var b bytes.Buffer
	require.NoError(t, WriteHeader(&b, "xbench", []HeaderJob{h}, 1))
	require.Contains(t, b.String(), "m: (g=0): rw=randrw, bs=(R) 8192B-8192B, (W) 1024B-4096B, (T) 4096B-4096B, ioengine=null, iodepth=1\n")
}
