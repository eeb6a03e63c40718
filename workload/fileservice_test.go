package workload

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// filesOf lists the file of each IO.
func filesOf(ios []IO) []int {
	files := make([]int, len(ios))
	for i, io := range ios {
		files[i] = io.File
	}
	return files
}

func TestFileServiceTypes(t *testing.T) {
	for _, tc := range []struct {
		opts string
		want []int
	}{
		{"file_service_type=roundrobin", []int{0, 1, 2, 0, 1, 2, 0, 1, 2}},
		{"file_service_type=roundrobin:2", []int{0, 0, 1, 1, 2, 2, 0, 1, 2}},
		{"file_service_type=sequential", []int{0, 0, 0, 1, 1, 1, 2, 2, 2}},
		{"file_service_type=sequential:2", []int{0, 0, 0, 1, 1, 1, 2, 2, 2}}, // fio ignores :N here
	} {
		t.Run(tc.opts, func(t *testing.T) {
			ios := generate(t, "size=36k\nrw=read\nnrfiles=3\n"+tc.opts, nil)
			assert.Equal(t, tc.want, filesOf(ios))
		})
	}
}

// file_service_type=random picks among the files not done, so each file
// still gets all its blocks, in an order that is not round robin; with
// :N each pick serves N IOs.
func TestFileServiceRandom(t *testing.T) {
	ios := generate(t, "size=1200k\nrw=read\nnrfiles=3\nfile_service_type=random", nil)
	per := map[int]int{}
	for _, f := range filesOf(ios) {
		per[f]++
	}
	assert.Equal(t, map[int]int{0: 100, 1: 100, 2: 100}, per)
	rr := generate(t, "size=1200k\nrw=read\nnrfiles=3", nil)
	assert.NotEqual(t, filesOf(rr), filesOf(ios))

	ios = generate(t, "size=1200k\nrw=read\nnrfiles=3\nfile_service_type=random:4", nil)
	files := filesOf(ios)
	for i := 0; i+4 <= 200; i += 4 {
		assert.Equal(t, []int{files[i], files[i], files[i], files[i]}, files[i:i+4], "runs of 4 from %d", i)
	}
	again := generate(t, "size=1200k\nrw=read\nnrfiles=3\nfile_service_type=random:4", nil)
	assert.Equal(t, files, filesOf(again), "the picks repeat with randrepeat")
}

// fio is the oracle: with its null engine and write_iolog it lists every
// IO it issues, file by file; xbench's generator issues the same IOs in
// the same order for each deterministic file service type.
func TestFileServiceOrderMatchesFio(t *testing.T) {
	fio, err := exec.LookPath("fio")
	if err != nil {
		t.Skip("skipping: fio is not installed")
	}
	for _, opts := range []string{
		"rw=read\nnrfiles=3\nsize=48k",
		"rw=read\nnrfiles=3\nsize=48k\nfile_service_type=roundrobin:2",
		"rw=write\nnrfiles=4\nsize=64k\nfile_service_type=roundrobin:3",
		"rw=read\nnrfiles=3\nsize=48k\nfile_service_type=sequential",
		"rw=read\nnrfiles=2\nfilesize=8k\nsize=32k\nfile_service_type=sequential\nloops=2",
		"rw=write\nnrfiles=3\nsize=96k\nbs=8k\nfile_service_type=roundrobin:5",
		"rw=read:4k\nnrfiles=2\nsize=64k\nfile_service_type=sequential",
	} {
		t.Run(strings.ReplaceAll(opts, "\n", " "), func(t *testing.T) {
			dir := t.TempDir()
			args := []string{"--name=j", "--ioengine=null", "--write_iolog=" + filepath.Join(dir, "io.log")}
			for _, o := range strings.Split(opts, "\n") {
				args = append(args, "--"+o)
			}
			cmd := exec.Command(fio, args...)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, string(out))
			want := readIOLog(t, filepath.Join(dir, "io.log"))

			j := parseJob(t, "ioengine=null\n"+opts)
			files := make([]FileInfo, j.Files.NrFiles)
			p, err := j.Plan(0, files, nil)
			require.NoError(t, err)
			var got []string
			for _, io := range drain(NewGenerator(j, p, j.Seeds(1, 1)), 1<<16) {
				got = append(got, fmt.Sprintf("%d %s %d %d", io.File, io.Dir, io.Offset, io.Len))
			}
			require.Equal(t, want, got)
		})
	}
}

// readIOLog reads the reads and writes of a fio version 3 iolog ("TIME
// FILE read|write OFFSET LENGTH"), naming each file by its number (fio's
// default names end in ".N").
func readIOLog(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var ios []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 5 || (fields[2] != "read" && fields[2] != "write") {
			continue
		}
		file, err := strconv.Atoi(fields[1][strings.LastIndexByte(fields[1], '.')+1:])
		require.NoError(t, err)
		ios = append(ios, fmt.Sprintf("%d %s %s %s", file, fields[2], fields[3], fields[4]))
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, ios)
	return ios
}

func TestFileServiceAndCreationOptions(t *testing.T) {
	j := parseJob(t, "allow_file_create=0\nallow_mounted_write=1\nfile_service_type=random:3")
	assert.False(t, j.Safety.AllowFileCreate)
	assert.True(t, j.Safety.AllowMountedWrite)
	assert.Equal(t, FileService{Kind: ServiceRandom, Nr: 3}, j.Files.Service)
	j = parseJob(t, "")
	assert.True(t, j.Safety.AllowFileCreate, "fio's default")
	assert.False(t, j.Safety.AllowMountedWrite, "fio's default")
	require.Equal(t, FileService{Kind: ServiceRoundRobin, Nr: 1}, j.Files.Service)
}
