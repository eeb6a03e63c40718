package workload

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Plan sizes a clone's files as fio's setup_files does.
func TestPlan(t *testing.T) {
	const m = 1 << 20
	file := func(size uint64) FileInfo { return FileInfo{Size: size, Known: true, Regular: true} }
	device := func(size uint64) FileInfo { return FileInfo{Size: size, Known: true} }
	unknown := FileInfo{}
	for _, tc := range []struct {
		name  string
		opts  string
		clone int
		files []FileInfo
		want  FilePlan
	}{
		{"existing file, no size", "", 0, []FileInfo{file(2 * m)},
			FilePlan{Files: []FileExtent{{0, 2 * m, 2 * m, false}}, Size: 2 * m}},
		{"missing file is laid out", "size=1m", 0, []FileInfo{file(0)},
			FilePlan{Files: []FileExtent{{0, m, m, true}}, Size: m}},
		{"size split between files", "size=3m", 0, []FileInfo{file(0), file(0), file(0)},
			FilePlan{Files: []FileExtent{{0, m, m, true}, {0, m, m, true}, {0, m, m, true}}, Size: 3 * m}},
		{"offset extends the file", "size=1m\noffset=512k", 0, []FileInfo{file(m)},
			FilePlan{Files: []FileExtent{{m / 2, m, 3 * m / 2, true}}, Size: m}},
		{"offset on a device cuts the region", "size=1m\noffset=512k", 0, []FileInfo{device(m)},
			FilePlan{Files: []FileExtent{{m / 2, m, m, false}}, Size: m}},
		{"offset_increment", "size=1m\noffset=4k\noffset_increment=1m", 2, []FileInfo{file(8 * m)},
			FilePlan{Files: []FileExtent{{2*m + 4096, m, 8 * m, false}}, Size: m}},
		{"percent offset rounds up to a block", "offset=10%", 0, []FileInfo{file(1000000)},
			FilePlan{Files: []FileExtent{{102400, 1000000 - 102400, 1000000, false}}, Size: 1000000 - 102400}},
		{"percent size", "size=25%\noffset=10%", 0, []FileInfo{file(4 * m)},
			FilePlan{Files: []FileExtent{{421888, m, 4 * m, false}}, Size: m}}, // 10% rounded up to a block
		{"percent size capped at the end", "size=90%\noffset=50%", 0, []FileInfo{file(4 * m)},
			FilePlan{Files: []FileExtent{{2 * m, 2 * m, 4 * m, false}}, Size: 2 * m}},
		{"percent io_size", "io_size=50%", 0, []FileInfo{file(4 * m)},
			FilePlan{Files: []FileExtent{{0, 4 * m, 4 * m, false}}, Size: 2 * m}},
		{"filesize", "filesize=64k\nnrfiles=2", 0, []FileInfo{file(0), file(0)},
			FilePlan{Files: []FileExtent{{0, 64 << 10, 64 << 10, true}, {0, 64 << 10, 64 << 10, true}}, Size: 128 << 10}},
		{"filesize keeps a file of the right size", "filesize=64k-1m", 0, []FileInfo{file(100 << 10)},
			FilePlan{Files: []FileExtent{{0, 100 << 10, 100 << 10, false}}, Size: 100 << 10}},
		{"diskless", "size=1m\nioengine=null", 0, []FileInfo{unknown},
			FilePlan{Files: []FileExtent{{0, m, m, false}}, Size: m}},
		{"diskless with an offset", "size=1m\nioengine=null\noffset=1m", 0, []FileInfo{unknown},
			FilePlan{Files: []FileExtent{{m, m, 2 * m, false}}, Size: m}},
		{"size larger than the files", "size=8m", 0, []FileInfo{device(m)},
			FilePlan{Files: []FileExtent{{0, 8 * m, m, false}}, Size: 8 * m}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := parseJob(t, tc.opts)
			r := NewRand(1)
			got, err := j.Plan(tc.clone, tc.files, &r)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}

	for _, tc := range []struct {
		opts  string
		files []FileInfo
		want  error
	}{
		{"", []FileInfo{file(0)}, ErrNoSize},
		{"ioengine=null", []FileInfo{unknown}, ErrNoSize},
		{"offset=2m", []FileInfo{file(m)}, ErrBadOffset},
		{"bs=2m", []FileInfo{file(m)}, ErrSmallerThanBS},
	} {
		_, err := parseJob(t, tc.opts).Plan(0, tc.files, nil)
		assert.ErrorIs(t, err, tc.want, tc.opts)
	}

	// A filesize range draws each file's size, a multiple of the block.
	j := parseJob(t, "filesize=64k-1m\nnrfiles=8")
	r := NewRand(3)
	p, err := j.Plan(0, make([]FileInfo, 8), &r)
	require.NoError(t, err)
	sizes := map[uint64]bool{}
	for _, f := range p.Files {
		assert.True(t, f.Size >= 64<<10 && f.Size <= 1<<20 && f.Size%4096 == 0, "%d", f.Size)
		sizes[f.Size] = true
	}
	assert.Greater(t, len(sizes), 1)
}
