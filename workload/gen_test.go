package workload

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// generate runs the first clone of a job to its end on files (an unknown
// size each when nil) and returns its IOs.
func generate(t *testing.T, opts string, files []FileInfo) []IO {
	t.Helper()
	j := parseJob(t, opts)
	if files == nil {
		files = make([]FileInfo, max(len(j.Files.Used()), j.Files.NrFiles, 1))
	}
	p, err := j.Plan(0, files, nil)
	require.NoError(t, err)
	return drain(NewGenerator(j, p, j.Seeds(1, 1)), 1<<22)
}

// totals sums IOs and bytes per direction (syncs included).
func totals(ios []IO) (n, bytes [5]uint64) {
	for _, io := range ios {
		n[io.Dir]++
		bytes[io.Dir] += io.Len
	}
	return n, bytes
}

func TestSequentialOffsets(t *testing.T) {
	ios := generate(t, "size=16k\nrw=read", nil)
	require.Len(t, ios, 4)
	for i, io := range ios {
		assert.Equal(t, IO{Dir: DirRead, Offset: uint64(i) * 4096, Len: 4096}, io)
	}
	// A hole after each IO, wrapping to the start until size bytes are
	// done; and fio's way backwards from an offset.
	var offs []uint64
	for _, io := range generate(t, "size=32k\nrw=write:4k", nil) {
		offs = append(offs, io.Offset)
	}
	assert.Equal(t, []uint64{0, 8192, 16384, 24576, 0, 8192, 16384, 24576}, offs)
	offs = nil
	for _, io := range generate(t, "size=16k\noffset=16k\nrw=read:-8k", nil) {
		offs = append(offs, io.Offset)
	}
	assert.Equal(t, []uint64{16384, 24576, 20480, 16384}, offs)
}

// Files are served round robin; a file with nothing left drops out.
func TestFilesRoundRobin(t *testing.T) {
	ios := generate(t, "size=40k\nrw=read\nnrfiles=3", nil)
	var files []int
	for _, io := range ios {
		files = append(files, io.File)
	}
	// 40k over 3 files is 13653 bytes each, as in fio: room for three
	// blocks; what is left over is less than a block, so no file gets more.
	assert.Equal(t, []int{0, 1, 2, 0, 1, 2, 0, 1, 2}, files)
	n, bytes := totals(ios)
	assert.EqualValues(t, 9, n[DirRead])
	assert.EqualValues(t, 36<<10, bytes[DirRead])
}

// A random pattern visits every block once per pass, with the permutation
// and with the random map, and each pass may repeat the last (randrepeat).
func TestRandomVisitsEachBlockOnce(t *testing.T) {
	for _, opts := range []string{
		"size=1m\nrw=randread",                  // permutation
		"size=1m\nrw=randread\nbs=4k,2k",        // random map, units of 2k for reads of 4k
		"size=1m\nrw=randwrite\nbsrange=4k-16k", // random map, cut at done blocks
	} {
		t.Run(opts, func(t *testing.T) {
			ios := generate(t, opts, nil)
			done := map[uint64]bool{}
			var total uint64
			for _, io := range ios {
				for b := io.Offset; b < io.Offset+io.Len; b += 1024 {
					require.False(t, done[b], "byte %d twice", b)
					done[b] = true
				}
				total += io.Len
			}
			if !strings.Contains(opts, "4k,2k") {
				assert.EqualValues(t, 1<<20, total)
			}
		})
	}
	two := generate(t, "size=64k\nrw=randread\nloops=2", nil)
	require.Len(t, two, 32)
	assert.Equal(t, two[:16], two[16:], "with randrepeat each pass repeats the offsets")
	two = generate(t, "size=64k\nrw=randread\nloops=2\nrandseed=5", nil)
	assert.NotEqual(t, two[:16], two[16:], "randseed turns randrepeat off")
}

// The rw mix follows rwmixread; trimwrite writes each block it trimmed.
func TestDirections(t *testing.T) {
	n, _ := totals(generate(t, "size=64m\nrw=randrw\nrwmixread=70", nil))
	share := float64(n[DirRead]) / float64(n[DirRead]+n[DirWrite])
	assert.InDelta(t, 0.7, share, 0.02)

	ios := generate(t, "size=64k\nrw=trimwrite", nil)
	require.Len(t, ios, 32)
	for i := 0; i < len(ios); i += 2 {
		assert.Equal(t, DirTrim, ios[i].Dir)
		assert.Equal(t, IO{Dir: DirWrite, Offset: ios[i].Offset, Len: ios[i].Len}, ios[i+1])
	}
	ios = generate(t, "size=64k\nrw=randtrimwrite\nbsrange=4k-16k", nil)
	for i := 0; i+1 < len(ios); i += 2 {
		assert.Equal(t, DirTrim, ios[i].Dir)
		assert.Equal(t, IO{Dir: DirWrite, Offset: ios[i].Offset, Len: ios[i].Len}, ios[i+1])
	}
}

// fsync goes after every N writes issued; a read in between re-arms it,
// as in fio.
func TestSyncs(t *testing.T) {
	n, _ := totals(generate(t, "size=32k\nrw=write\nfsync=2", nil))
	assert.EqualValues(t, 3, n[DirSync], "after writes 2, 4 and 6; not after the last")
	n, _ = totals(generate(t, "size=32k\nrw=write\nfdatasync=4", nil))
	assert.EqualValues(t, 1, n[DirDataSync])
	n, _ = totals(generate(t, "size=32k\nrw=read\nfsync=2", nil))
	assert.Zero(t, n[DirSync], "a job that does not write does not sync")
}

// bssplit and bsrange draw sizes in their proportions, multiples of the
// minimum unless bs_unaligned.
func TestBlockSizeDraws(t *testing.T) {
	counts := map[uint64]float64{}
	ios := generate(t, "size=64m\nrw=read\nbssplit=4k/20:8k/80", nil)
	for _, io := range ios {
		counts[io.Len]++
	}
	assert.InDelta(t, 0.2, counts[4096]/float64(len(ios)), 0.02)
	assert.InDelta(t, 0.8, counts[8192]/float64(len(ios)), 0.02)

	counts = map[uint64]float64{}
	ios = generate(t, "size=64m\nrw=read\nbsrange=1k-4k", nil)
	for _, io := range ios {
		counts[io.Len]++
	}
	require.Len(t, counts, 4)
	for _, s := range []uint64{1024, 2048, 3072, 4096} {
		assert.InDelta(t, 0.25, counts[s]/float64(len(ios)), 0.02, "bs %d", s)
	}
	odd := 0
	for _, io := range generate(t, "size=1m\nrw=read\nbsrange=1k-4k\nbs_unaligned", nil) {
		if io.Len%1024 != 0 {
			odd++
		}
	}
	assert.Positive(t, odd)
}

// Zoned distributions send their shares of IO to their zones; zipf favours
// a few blocks.
func TestDistributions(t *testing.T) {
	ios := generate(t, "size=64m\nrw=randread\nrandom_distribution=zoned:80/10:20/90", nil)
	first := 0
	for _, io := range ios {
		if io.Offset < 64<<20/10 {
			first++
		}
	}
	assert.InDelta(t, 0.8, float64(first)/float64(len(ios)), 0.03)

	ios = generate(t, "size=64m\nrw=randread\nrandom_distribution=zoned_abs:50/1m:50/63m", nil)
	first = 0
	for _, io := range ios {
		if io.Offset < 1<<20 {
			first++
		}
	}
	assert.InDelta(t, 0.5, float64(first)/float64(len(ios)), 0.03)

	hits := map[uint64]int{}
	ios = generate(t, "size=64m\nrw=randread\nrandom_distribution=zipf:1.2", nil)
	for _, io := range ios {
		hits[io.Offset]++
	}
	assert.Less(t, len(hits), len(ios)/2, "zipf revisits hot blocks")
}

// percentage_random and "randread:N" mix sequential IOs in.
func TestSequentialShare(t *testing.T) {
	seq := func(ios []IO) float64 {
		n := 0
		for i := 1; i < len(ios); i++ {
			if ios[i].Offset == ios[i-1].Offset+ios[i-1].Len {
				n++
			}
		}
		return float64(n) / float64(len(ios))
	}
	assert.InDelta(t, 0.7, seq(generate(t, "size=16m\nrw=randread\npercentage_random=30", nil)), 0.03)
	assert.InDelta(t, 7.0/8, seq(generate(t, "size=16m\nrw=randread:8", nil)), 0.03)
	assert.InDelta(t, 1, seq(generate(t, "size=16m\nrw=randread:0", nil)), 0.01)
}

// The limits: io_size repeats or stops short, number_ios, loops.
func TestLimits(t *testing.T) {
	for _, tc := range []struct {
		opts  string
		ios   int
		bytes uint64
	}{
		{"size=64k\nrw=read\nio_size=160k", 40, 160 << 10},
		{"size=64k\nrw=randread\nio_size=16k", 4, 16 << 10},
		{"size=64k\nrw=read\nnumber_ios=5", 5, 20 << 10},
		{"size=64k\nrw=read\nloops=3", 48, 192 << 10},
		{"size=64k\nrw=read\nnumber_ios=5\nloops=2", 10, 40 << 10},
		{"size=64k\nrw=trimwrite\nnumber_ios=3", 6, 24 << 10},
		{"size=64k\nrw=randwrite\nnorandommap\nio_size=128k", 32, 128 << 10},
	} {
		t.Run(strings.ReplaceAll(tc.opts, "\n", " "), func(t *testing.T) {
			ios := generate(t, tc.opts, nil)
			assert.Len(t, ios, tc.ios)
			var bytes uint64
			for _, io := range ios {
				bytes += io.Len
			}
			assert.Equal(t, tc.bytes, bytes)
		})
	}
}

// A time-based job never runs out of IO: sequential IO wraps, random IO
// starts the file over.
func TestTimeBasedNeverEnds(t *testing.T) {
	for _, rw := range []string{"read", "randread", "randrw"} {
		j := parseJob(t, "size=16k\ntime_based\nruntime=1\nrw="+rw)
		p, err := j.Plan(0, make([]FileInfo, 1), nil)
		require.NoError(t, err)
		g := NewGenerator(j, p, j.Seeds(1, 1))
		assert.Len(t, drain(g, 1000), 1000, rw)
	}
}

// The rate gate spaces IOs at the rate, and lets a mixed pattern switch to
// the direction that is due.
func TestRateGate(t *testing.T) {
	j := parseJob(t, "rw=read\nrate_iops=1000")
	g := newRateGate(j, &Seeds{})
	var now uint64
	for i := range 5 {
		d, due := g.choose(DirRead, now)
		assert.Equal(t, DirRead, d)
		if i > 0 {
			assert.Equal(t, uint64(i)*1e6, due, "IO %d is due after %d ms", i, i)
			now = due
		}
		g.issue(d, 4096)
	}
	j = parseJob(t, "rw=randrw\nrate_iops=1000,10")
	g = newRateGate(j, &Seeds{})
	g.issue(DirWrite, 4096)
	d, due := g.choose(DirWrite, 1)
	assert.Equal(t, DirRead, d, "writes are not due, reads are")
	assert.Zero(t, due)
	off := newRateGate(parseJob(t, ""), &Seeds{})
	assert.False(t, off.On())

	j = parseJob(t, "rw=read\nrate_iops=1000\nrate_process=poisson")
	g = newRateGate(j, &Seeds{1, 2, 3})
	var sum float64
	for range 10000 {
		g.issue(DirRead, 4096)
	}
	sum = float64(g.due[DirRead]) / 10000
	assert.InDelta(t, 1e6, sum, 0.05e6, "poisson keeps the mean interval")
}

// Each clone gets its own seeds; randrepeat, randseed and allrandrepeat
// decide what repeats.
func TestSeeds(t *testing.T) {
	j := parseJob(t, "")
	assert.Equal(t, j.Seeds(1, 1), j.Seeds(1, 2), "randrepeat ignores entropy")
	assert.NotEqual(t, j.Seeds(1, 1), j.Seeds(2, 1), "clones differ")
	noRepeat := parseJob(t, "randrepeat=0")
	assert.NotEqual(t, noRepeat.Seeds(1, 1), noRepeat.Seeds(1, 2))
	all := parseJob(t, "randrepeat=0\nallrandrepeat=1")
	assert.Equal(t, all.Seeds(1, 1), all.Seeds(1, 2), "allrandrepeat repeats everything")
	seeded := parseJob(t, "randseed=42")
	assert.Equal(t, seeded.Seeds(1, 1), seeded.Seeds(1, 2))
	assert.NotEqual(t, seeded.Seeds(1, 1), j.Seeds(1, 1))
	s := j.Seeds(1, 0)
	seen := map[uint64]bool{}
	for _, v := range s {
		assert.False(t, seen[v], "each purpose has its own seed")
		seen[v] = true
	}
}

func TestRandMap(t *testing.T) {
	m := newRandMap(200)
	assert.EqualValues(t, 3, m.setRun(10, 3))
	assert.False(t, m.isFree(11))
	assert.EqualValues(t, 2, m.setRun(8, 5), "stops at a done block")
	b, ok := m.nextFree(9)
	assert.True(t, ok)
	assert.EqualValues(t, 13, b)
	assert.EqualValues(t, 200-13, m.setRun(13, 1000), "stops at the end")
	b, ok = m.nextFree(199)
	assert.True(t, ok)
	assert.EqualValues(t, 0, b, "wraps around")
	m.setRun(0, 8)
	_, ok = m.nextFree(5)
	assert.False(t, ok, "all done")
	m.reset()
	assert.True(t, m.isFree(150))

	big := newRandMap(1 << 20)
	big.setRun(0, 1<<20-1)
	b, ok = big.nextFree(3)
	assert.True(t, ok)
	assert.EqualValues(t, 1<<20-1, b, "the summary skips full words")
}

func TestRandomVariables(t *testing.T) {
	r := NewRand(1)
	const n = 1000
	z, p, g := NewZipf(n, 1.2, -1, &r), NewPareto(n, 0.3, 0.5, &r), NewGauss(n, 10, -1)
	for name, next := range map[string]func() uint64{
		"zipf":   func() uint64 { return z.Next(&r) },
		"pareto": func() uint64 { return p.Next(&r) },
		"normal": func() uint64 { return g.Next(&r) },
	} {
		counts := map[uint64]int{}
		for range 100000 {
			v := next()
			require.Less(t, v, uint64(n), name)
			counts[v]++
		}
		top := 0
		for _, c := range counts {
			top = max(top, c)
		}
		assert.Greater(t, top, 100000/n*5, "%s has hot blocks", name)
	}
	for range 1000 {
		v := r.Between(1, 100)
		require.True(t, v >= 1 && v <= 100)
		f := r.Float64()
		require.True(t, f >= 0 && f < 1 && !math.IsNaN(f))
	}
}
