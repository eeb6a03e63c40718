package workload

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// drain runs a generator to the end, or for at most limit IOs.
func drain(g *Generator, limit int) []IO {
	var ios []IO
	var io IO
	for len(ios) < limit && g.NextPass() {
		for len(ios) < limit && g.Next(&io) {
			ios = append(ios, io)
		}
	}
	return ios
}

// generatorOf parses a job and returns its first clone's generator and
// the same without the fast path.
func generatorOf(t *testing.T, opts string, files []FileInfo) (fast, general *Generator) {
	t.Helper()
	f, err := Parse(strings.NewReader("[j]\n"+opts+"\n"), "t.fio")
	require.NoError(t, err)
	j := f.Jobs[0]
	p, err := j.Plan(0, files, nil)
	require.NoError(t, err)
	fast, general = NewGenerator(j, p, j.Seeds(1, 7)), NewGenerator(j, p, j.Seeds(1, 7))
	general.fast = fastNone
	return fast, general
}

// The fast path yields exactly the IOs of the general path.
func TestFastPathMatchesGeneralPath(t *testing.T) {
	null := []FileInfo{{}}
	file := []FileInfo{{Size: 1 << 20, Known: true, Regular: true}}
	for _, tc := range []struct {
		opts  string
		files []FileInfo
	}{
		{"size=1m\nrw=read", null},
		{"size=1m\nrw=randread", null},
		{"size=1m\nrw=randwrite\nnorandommap", null},
		{"size=1m\nrw=trim\nbs=8k", null},
		{"size=1m\nrw=randtrim\nbs=16k", null},
		{"size=1m\nrw=read\noffset=256k", null},
		{"size=1m\nrw=randread\noffset=128k\nio_size=3m", null},
		{"size=1m\nrw=read\nloops=3", null},
		{"size=1m\nrw=randread\nloops=2\nrandrepeat=0", null},
		{"size=1m\nrw=read\nnumber_ios=17", null},
		{"size=1m\nrw=randread\nnumber_ios=300", null},
		{"size=100k\nrw=read\nbs=3k", null},
		{"size=1m\nrw=randread\nbs=3k", null},
		{"size=1m\nrw=randread\nbs=8k\nblockalign=4k", null},
		{"rw=read\nsize=50%", file},
		{"rw=randread\noffset=10%", file},
		{"rw=randread\ntime_based\nruntime=1", file},
		{"rw=read\ntime_based\nruntime=1", file},
		{"rw=randwrite\ntime_based\nruntime=1\nnorandommap", file},
	} {
		t.Run(strings.ReplaceAll(tc.opts, "\n", " "), func(t *testing.T) {
			fast, general := generatorOf(t, tc.opts, tc.files)
			require.NotEqual(t, fastNone, fast.fast, "the fast path serves this job")
			want := drain(general, 5000)
			require.NotEmpty(t, want)
			require.Equal(t, want, drain(fast, 5000))
		})
	}
}

// Jobs the fast path cannot serve take the general path.
func TestFastPathOnlyForSimpleJobs(t *testing.T) {
	for _, opts := range []string{
		"size=1m\nrw=randrw", "size=1m\nrw=trimwrite", "size=1m\nrw=read\nnrfiles=2",
		"size=1m\nrw=write\nfsync=4", "size=1m\nrw=read\nrate=1m", "size=1m\nrw=read\nbsrange=1k-4k",
		"size=1m\nrw=randread:4", "size=1m\nrw=write:4k", "size=1m\nrw=randread\npercentage_random=50",
		"size=1m\nrw=randread\nrandom_distribution=zipf", "size=1m\nrw=randread\nbs=16k,4k",
	} {
		files := []FileInfo{{}}
		if strings.Contains(opts, "nrfiles=2") {
			files = append(files, FileInfo{})
		}
		fast, _ := generatorOf(t, opts, files)
		require.Equal(t, fastNone, fast.fast, opts)
	}
}
