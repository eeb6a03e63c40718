package workload

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parseJob parses one job with opts and returns it.
func parseJob(t *testing.T, opts string) *Job {
	t.Helper()
	jf := parse(t, "[j]\n"+opts+"\n")
	require.Len(t, jf.Jobs, 1)
	return jf.Jobs[0]
}

// parseErr returns the error of parsing one job with opts.
func parseErr(t *testing.T, opts string) string {
	t.Helper()
	_, err := Parse(strings.NewReader("[j]\n"+opts+"\n"), "x.fio")
	require.Error(t, err, opts)
	return err.Error()
}

// The per-direction list rule (fio HOWTO, bs): a value not followed by a
// comma carries to the later directions; an empty value leaves its
// direction as it was.
func TestDirectionLists(t *testing.T) {
	const d = 4096
	for _, tc := range []struct {
		bs   string
		want [NumDirs]uint64
	}{
		{"256k", [3]uint64{256 << 10, 256 << 10, 256 << 10}},
		{"8k,32k", [3]uint64{8192, 32768, 32768}},
		{"8k,32k,", [3]uint64{8192, 32768, d}},
		{",8k", [3]uint64{d, 8192, 8192}},
		{",8k,", [3]uint64{d, 8192, d}},
		{"8k,", [3]uint64{8192, d, d}},
		{"8k,,16k", [3]uint64{8192, d, 16384}},
		{",,16k", [3]uint64{d, d, 16384}},
		{"1k,2k,3k", [3]uint64{1024, 2048, 3072}},
	} {
		t.Run(tc.bs, func(t *testing.T) {
			assert.Equal(t, tc.want, parseJob(t, "bs="+tc.bs).BS.BS)
		})
	}
	// An empty value keeps the value of the global section.
	jf := parse(t, "[global]\nbs=2k\n[j]\nbs=,8k\n")
	assert.Equal(t, [3]uint64{2048, 8192, 8192}, jf.Jobs[0].BS.BS)

	for _, tc := range []struct{ opts, want string }{
		{"bs=1k,2k,3k,4k", "4 values given; at most 3 (read, write, trim)"},
		{"bs=,", "no value"},
		{"bs=4k-8k", `fio reads "4k-8k" as the list "4k,8k" (reads "4k", writes and trims "8k"); write bs=4k,8k for that`},
		{"bs=4k:8k", `fio reads "4k:8k" as the list "4k,8k"`},
		{"bs=4k,0", `write value "0": must be at least 1`},
		{"rate=1m,2q", `write value "2q": unknown size suffix "q"`},
		{"percentage_random=50,101", `write value "101": must be between 0 and 100`},
	} {
		assert.Contains(t, parseErr(t, tc.opts), tc.want, tc.opts)
	}
}

// Every per-direction option follows the list rule.
func TestDirectionListOptions(t *testing.T) {
	j := parseJob(t, "rw=randrw\nblockalign=8k,16k\nrate=1m,2m,\nrate_min=,1k\npercentage_random=50")
	assert.Equal(t, [3]uint64{8192, 16384, 16384}, j.BS.Align)
	assert.Equal(t, [3]uint64{1 << 20, 2 << 20, 0}, j.Rate.Bytes)
	assert.Equal(t, [3]uint64{0, 1024, 1024}, j.Rate.MinBytes)
	assert.Equal(t, [3]uint64{50, 50, 50}, j.Random.Percent)
	assert.True(t, j.NoRandomMap, "blockalign turns off the random map")
	j = parseJob(t, "rate_iops=,,5\nrate_iops_min=,,1")
	assert.Equal(t, [3]uint64{0, 0, 5}, j.Rate.IOPS)
	assert.Equal(t, [3]uint64{0, 0, 1}, j.Rate.MinIOPS)

	assert.Contains(t, parseErr(t, "rate=1m\nrate_iops=10"), "rate and rate_iops exclude each other")
	assert.Contains(t, parseErr(t, "rate=1m\nrate_min=2m"), "read rate_min (2097152) is above its rate (1048576)")
	assert.Contains(t, parseErr(t, "rate_iops=10\nrate_iops_min=,20"), "rate_iops_min")
}

// bsrange takes "low-high" or "low:high" per direction, swapped when
// reversed, as fio's range parser does.
func TestBSRange(t *testing.T) {
	for _, tc := range []struct {
		v        string
		min, max [NumDirs]uint64
	}{
		{"1k-4k", [3]uint64{1024, 1024, 1024}, [3]uint64{4096, 4096, 4096}},
		{"1k:4k", [3]uint64{1024, 1024, 1024}, [3]uint64{4096, 4096, 4096}},
		{"4k-1k", [3]uint64{1024, 1024, 1024}, [3]uint64{4096, 4096, 4096}},
		{"1k-4k,2k-8k", [3]uint64{1024, 2048, 2048}, [3]uint64{4096, 8192, 8192}},
		{"1k-4k,2k:8k,", [3]uint64{1024, 2048, 4096}, [3]uint64{4096, 8192, 4096}},
		{",512-1k", [3]uint64{4096, 512, 512}, [3]uint64{4096, 1024, 1024}},
	} {
		t.Run(tc.v, func(t *testing.T) {
			j := parseJob(t, "bsrange="+tc.v)
			assert.Equal(t, tc.min, j.BS.Min)
			assert.Equal(t, tc.max, j.BS.Max)
		})
	}
	assert.Contains(t, parseErr(t, "bsrange=4k"), `"4k" is not a range such as 1k-4k or 1k:4k`)
	assert.Contains(t, parseErr(t, "bsrange=0-4k"), "must be at least 1")
	// The range wins over bs, whatever the order.
	assert.Equal(t, [3]uint64{1024, 1024, 1024}, parseJob(t, "bsrange=1k-2k\nbs=8k").BS.Min)
}

// bssplit fills blank percentages evenly and sorts by percentage, per
// direction.
func TestBSSplit(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want [NumDirs][]BSSplit
	}{
		{"4k/10:64k/50:32k/40", [3][]BSSplit{
			{{4096, 10}, {32768, 40}, {65536, 50}}, {{4096, 10}, {32768, 40}, {65536, 50}}, {{4096, 10}, {32768, 40}, {65536, 50}}}},
		{"4k/50:1k/:32k/", [3][]BSSplit{
			{{1024, 25}, {32768, 25}, {4096, 50}}, {{1024, 25}, {32768, 25}, {4096, 50}}, {{1024, 25}, {32768, 25}, {4096, 50}}}},
		{"4k:8k:16k", [3][]BSSplit{
			{{4096, 33}, {8192, 33}, {16384, 33}}, {{4096, 33}, {8192, 33}, {16384, 33}}, {{4096, 33}, {8192, 33}, {16384, 33}}}},
		{"2k/50:4k/50,4k/90:8k/10", [3][]BSSplit{
			{{2048, 50}, {4096, 50}}, {{8192, 10}, {4096, 90}}, {{8192, 10}, {4096, 90}}}},
		{"2k/50:4k/50,", [3][]BSSplit{{{2048, 50}, {4096, 50}}, nil, nil}},
		{",,16k", [3][]BSSplit{nil, nil, {{16384, 100}}}},
	} {
		t.Run(tc.v, func(t *testing.T) {
			j := parseJob(t, "bssplit="+tc.v)
			assert.Equal(t, tc.want, j.BS.Split)
			for d := range NumDirs {
				if s := tc.want[d]; s != nil {
					lo, hi := s[0].Size, s[0].Size
					for _, e := range s {
						lo, hi = min(lo, e.Size), max(hi, e.Size)
					}
					assert.Equal(t, lo, j.BS.Min[d], "min of %s", Dir(d))
					assert.Equal(t, hi, j.BS.Max[d], "max of %s", Dir(d))
				}
			}
		})
	}
	for _, tc := range []struct{ v, want string }{
		{"4k/60:8k/60", "percentages add up to 120, more than 100"},
		{"4k/0:8k", "0% in \"4k/0\": fio reads 0 as a blank percentage"},
		{"4k/101", "percentage 101 in \"4k/101\" is above 100"},
		{"4k/5x", `percentage "5x" in "4k/5x" is not a whole number`},
		{"4k/50::8k/50", "empty entry"},
		{"0/100", "block size 0"},
		{strings.Repeat("4k:", 64) + "4k", "65 entries; fio takes at most 64"},
	} {
		assert.Contains(t, parseErr(t, "bssplit="+tc.v), tc.want, tc.v)
	}
}

func TestBlockSizeFixups(t *testing.T) {
	j := parseJob(t, "rw=randread\nbs=8k\nba=4k")
	assert.Equal(t, uint64(4096), j.BS.Align[DirRead])
	assert.True(t, j.NoRandomMap)
	j = parseJob(t, "rw=read\nbs=8k\nba=4k")
	assert.Equal(t, uint64(8192), j.BS.Align[DirRead], "a sequential pattern ignores blockalign")
	assert.False(t, j.NoRandomMap)
	assert.Equal(t, uint64(1024), parseJob(t, "bs=1k,4k,8k").BS.MinBS())
	assert.Equal(t, uint64(8192), parseJob(t, "bs=1k,4k,8k").BS.MaxBS())
	assert.True(t, parseJob(t, "bs_unaligned").BS.Unaligned)
	assert.True(t, parseJob(t, "blocksize_unaligned=1").BS.Unaligned)
	assert.Contains(t, parseErr(t, "bs=4g"), "larger than xbench supports")
	assert.Contains(t, parseErr(t, "size=4k\nbs=8k"), `job "j": bs (8192) is larger than size (4096)`)
	// The smallest block size of any direction counts, as in fio.
	assert.Equal(t, uint64(6144), parseJob(t, "size=6k\nbs=8k,4k").Size)
}

// Sizes and offsets take whole percentages up to 100.
func TestExtentOptions(t *testing.T) {
	for _, tc := range []struct {
		opts  string
		check func(*testing.T, *Job)
	}{
		{"size=50%", func(t *testing.T, j *Job) { assert.Equal(t, 50, j.Extent.SizePercent); assert.Zero(t, j.Size) }},
		{"size=1g", func(t *testing.T, j *Job) {
			assert.Equal(t, uint64(1<<30), j.Size)
			assert.Zero(t, j.Extent.SizePercent)
		}},
		{"io_size=30%", func(t *testing.T, j *Job) { assert.Equal(t, 30, j.Extent.IOSizePercent) }},
		{"io_limit=3m", func(t *testing.T, j *Job) { assert.Equal(t, uint64(3<<20), j.Extent.IOSize) }},
		{"offset=25%", func(t *testing.T, j *Job) { assert.Equal(t, 25, j.Extent.OffsetPercent) }},
		{"offset=0x1000", func(t *testing.T, j *Job) { assert.Equal(t, uint64(4096), j.Extent.Offset) }},
		{"offset_increment=10%", func(t *testing.T, j *Job) { assert.Equal(t, 10, j.Extent.OffsetIncrementPercent) }},
		{"number_ios=1k", func(t *testing.T, j *Job) { assert.Equal(t, uint64(1024), j.Extent.NumberIOs) }},
		{"loops=3", func(t *testing.T, j *Job) { assert.Equal(t, 3, j.Extent.Loops) }},
	} {
		t.Run(tc.opts, func(t *testing.T) { tc.check(t, parseJob(t, tc.opts)) })
	}
	assert.Contains(t, parseErr(t, "size=101%"), "101% is more than 100%")
	assert.Contains(t, parseErr(t, "offset=12.5%"), `"12.5%" is not a whole percentage`)
	assert.Contains(t, parseErr(t, "loops=0"), "must be between 1 and")
}

// rw takes every fio mode; its suffix is a count for random patterns and
// a size (possibly negative) for sequential ones.
func TestRW(t *testing.T) {
	for _, tc := range []struct {
		v   string
		rw  RW
		mix Mix
	}{
		{"read", Read, Mix{50, 1, 0}},
		{"trim", Trim, Mix{50, 1, 0}},
		{"rw", ReadWrite, Mix{50, 1, 0}},
		{"readwrite", ReadWrite, Mix{50, 1, 0}},
		{"randrw", RandRW, Mix{50, 1, 0}},
		{"trimwrite", TrimWrite, Mix{50, 1, 0}},
		{"randtrimwrite", RandTrimWrite, Mix{50, 1, 0}},
		{"randread:8", RandRead, Mix{50, 8, 0}},
		{"randread: 8 ", RandRead, Mix{50, 8, 0}},
		{"randwrite:0", RandWrite, Mix{50, 0, 0}},
		{"write:4k", Write, Mix{50, 1, 4096}},
		{"read:-8k", Read, Mix{50, 1, -8192}},
	} {
		t.Run(tc.v, func(t *testing.T) {
			j := parseJob(t, "rw="+tc.v)
			assert.Equal(t, tc.rw, j.RW)
			assert.Equal(t, tc.mix, j.Mix)
		})
	}
	assert.Equal(t, 70, parseJob(t, "rwmixread=70").Mix.Read)
	assert.Equal(t, 80, parseJob(t, "rwmixwrite=20").Mix.Read)
	assert.Equal(t, 30, parseJob(t, "rwmixread=10\nrwmixwrite=70").Mix.Read, "the last one wins")
	assert.Contains(t, parseErr(t, "rwmixread=101"), "must be between 0 and 100")

	for rw, want := range map[RW][5]bool{ // reads, writes, trims, random, mixed
		Read: {true, false, false, false, false}, RandRW: {true, true, false, true, true},
		TrimWrite: {false, true, true, false, false}, RandTrim: {false, false, true, true, false},
	} {
		assert.Equal(t, want, [5]bool{rw.Reads(), rw.Writes(), rw.Trims(), rw.Random(), rw.Mixed()}, rw.String())
	}
	assert.True(t, RandTrimWrite.TrimsThenWrites())
	assert.True(t, Trim.Modifies())
	assert.False(t, RandRead.Modifies())
}

func TestRandomDistribution(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want Distribution
	}{
		{"random", Distribution{Kind: DistRandom, Center: -1}},
		{"zipf", Distribution{Kind: DistZipf, Param: 1.1, Center: -1}},
		{"zipf:1.2", Distribution{Kind: DistZipf, Param: 1.2, Center: -1}},
		{"zipf:1.2:0.25", Distribution{Kind: DistZipf, Param: 1.2, Center: 0.25}},
		{"pareto", Distribution{Kind: DistPareto, Param: 0.2, Center: -1}},
		{"pareto:0.3:1", Distribution{Kind: DistPareto, Param: 0.3, Center: 1}},
		{"normal", Distribution{Kind: DistNormal, Center: -1}},
		{"normal:10:0.75", Distribution{Kind: DistNormal, Param: 10, Center: 0.75}},
	} {
		t.Run(tc.v, func(t *testing.T) {
			j := parseJob(t, "rw=randread\nrandom_distribution="+tc.v)
			assert.Equal(t, tc.want, j.Random.Dist)
			assert.Equal(t, tc.want.Kind != DistRandom, j.NoRandomMap, "a non-uniform distribution turns off the random map")
		})
	}
	z := parseJob(t, "random_distribution=zoned:60/10:30/20:8/30:2/").Random.Dist
	want := []Zone{{60, 10, 0}, {30, 20, 0}, {8, 30, 0}, {2, 40, 0}}
	assert.Equal(t, [3][]Zone{want, want, want}, z.Zones)
	za := parseJob(t, "random_distribution=zoned_abs:60/20g:40/100g").Random.Dist
	assert.Equal(t, DistZonedAbs, za.Kind)
	assert.Equal(t, []Zone{{60, 0, 20 << 30}, {40, 0, 100 << 30}}, za.Zones[DirWrite])

	for _, tc := range []struct{ v, want string }{
		{"zipf:1", "zipf theta must be different from 1.0"},
		{"pareto:1", "pareto h must be between 0 and 1"},
		{"normal:100", "the normal deviation must be at least 0 and below 100"},
		{"zipf:1.2:2", "the center must be between 0 and 1"},
		{"zipf:x", `"x" is not a number`},
		{"random:5", `fio ignores "5" after random`},
		{"zoned", "zoned needs zones"},
		{"zoned:60/10:30/20", "access percentages add up to 90, not 100"},
		{"zoned:60/60:40/60", "size percentages add up to 120"},
		{"zoned:100", `zone "100" is not access%/size`},
		{"zoned:50/50:50/50,100/100", "fio 3.33 cannot parse a \",\" in random_distribution"},
		{"gauss", "want one of random, zipf, pareto, normal, zoned, zoned_abs"},
	} {
		assert.Contains(t, parseErr(t, "random_distribution="+tc.v), tc.want, tc.v)
	}
}

func TestFileOptions(t *testing.T) {
	dir := t.TempDir()
	j := parseJob(t, "filename=a:b\\:c:d")
	assert.Equal(t, []string{"a", "b:c", "d"}, j.Files.Names)
	assert.Equal(t, 3, j.Files.NrFiles, "filename counts its names")
	j = parseJob(t, "nrfiles=2\nfilename=a:b:c")
	assert.Equal(t, 3, j.Files.NrFiles, "filename replaces the count")
	j = parseJob(t, "filename=a:b:c\nnrfiles=2")
	assert.Equal(t, 3, j.Files.NrFiles, "fio applies filename after nrfiles in a section")
	jf0 := parse(t, "[global]\nfilename=a:b:c\n[j]\nnrfiles=2\n")
	assert.Equal(t, []string{"a", "b"}, jf0.Jobs[0].Files.Used(), "a later section's nrfiles uses the first names")
	jf0 = parse(t, "[global]\nfilename=a\n[j]\nnrfiles=5\n")
	assert.Equal(t, 1, jf0.Jobs[0].Files.NrFiles, "nrfiles is cut to the names given")
	jf0 = parse(t, "[global]\nfilename=a:b\n[j]\nfilename=c\n")
	assert.Equal(t, 3, jf0.Jobs[0].Files.NrFiles, "later names add to the count")

	jf := parse(t, "[global]\nfilename=g\n[j]\nfilename=k\ndirectory="+dir+"\n")
	assert.Equal(t, []string{"g", dir + "/k"}, jf.Jobs[0].Files.Names,
		"a job adds files to the globals'; its directory applies to its own names only")
	jf = parse(t, "[j]\nfilename=k\ndirectory="+dir+"\n[k]\n")
	assert.Equal(t, []string{dir + "/k"}, jf.Jobs[0].Files.Names, "directory applies whatever its place in the section")

	j = parseJob(t, "directory="+dir+":"+dir)
	assert.Equal(t, []string{dir, dir}, j.Files.Directory)
	assert.Equal(t, dir+"/j.1.2", j.DefaultName(1, 2))
	assert.Equal(t, "j.0.0", parseJob(t, "").DefaultName(0, 0))
	assert.Contains(t, parseErr(t, "directory="+dir+"/nope"), "is not a directory")

	j = parseJob(t, "filesize=1m-4m")
	assert.Equal(t, [2]uint64{1 << 20, 4 << 20}, [2]uint64{j.Files.SizeLow, j.Files.SizeHigh})
	j = parseJob(t, "filesize=64k")
	assert.Equal(t, [2]uint64{64 << 10, 64 << 10}, [2]uint64{j.Files.SizeLow, j.Files.SizeHigh})
	assert.Contains(t, parseErr(t, "filesize=4m-1m"), "runs backwards")
}

func TestFlowAndQueueOptions(t *testing.T) {
	j := parseJob(t, "stonewall\nnew_group\nexitall\nstartdelay=1-10\ncpus_allowed_policy=split")
	assert.Equal(t, Flow{Stonewall: true, NewGroup: true, ExitAll: true, StartDelay: time.Second, StartDelayHigh: 10 * time.Second}, j.Flow)
	assert.Equal(t, CPUsSplit, j.CPUsPolicy)
	assert.True(t, parseJob(t, "wait_for_previous").Flow.Stonewall)
	assert.Equal(t, 500*time.Millisecond, parseJob(t, "startdelay=500ms").Flow.StartDelayHigh)
	assert.Contains(t, parseErr(t, "startdelay=10-1"), "runs backwards")

	j = parseJob(t, "iodepth=16\niodepth_batch=4\niodepth_batch_complete=2\niodepth_batch_complete_max=1\niodepth_low=32")
	assert.Equal(t, Batching{Submit: 4, SubmitSet: true, CompleteMin: 2, CompleteMax: 2, Low: 16}, j.Batch,
		"complete_max is at least complete_min; iodepth_low at most iodepth")
	j = parseJob(t, "iodepth=8\niodepth_batch_submit=0")
	assert.Equal(t, 8, j.Batch.Submit, "0 means iodepth")
	assert.False(t, parseJob(t, "").Batch.SubmitSet, "the default is not a setting")
	assert.True(t, parseJob(t, "buffered=0").Direct)
	assert.False(t, parseJob(t, "direct=1\nbuffered=1").Direct)

	j = parseJob(t, "thinktime=10\nthinktime_spin=1ms\nthinktime_blocks=4")
	assert.Equal(t, ThinkTime{Time: 10 * time.Microsecond, Spin: 10 * time.Microsecond, Blocks: 4}, j.Think,
		"thinktime is in microseconds; the spin is at most the think time")
	assert.Equal(t, 2*time.Second, parseJob(t, "rate_cycle=2000").Rate.Cycle)
	assert.Equal(t, RatePoisson, parseJob(t, "rate_process=poisson").Rate.Process)

	assert.Equal(t, Syncing{Fsync: 8, Fdatasync: 4, EndFsync: true}, parseJob(t, "fsync=8\nfdatasync=4\nend_fsync=1").Sync)
	assert.Equal(t, Measurement{true, true, true}, parseJob(t, "gtod_reduce=1").Measure)
	assert.Equal(t, Measurement{true, false, true}, parseJob(t, "gtod_reduce=1\ndisable_clat=0").Measure)
	assert.Equal(t, Measurement{NoSlat: true}, parseJob(t, "disable_slat=1").Measure)
}

// Groups are numbered as fio's add_job does; wait_for names an earlier job.
func TestGroupsAndWaitFor(t *testing.T) {
	jf := parse(t, "[a]\n[b]\nnew_group\n[c]\nstonewall\nnumjobs=2\n[d]\n[e]\nstonewall\nnew_group\n[f]\nwait_for=a\n")
	var groups []int
	for _, j := range jf.Jobs {
		groups = append(groups, j.GroupID)
	}
	assert.Equal(t, []int{0, 1, 2, 2, 3, 3}, groups)
	assert.Equal(t, 0, parse(t, "[a]\nstonewall\n").Jobs[0].GroupID, "the first job starts group 0")

	_, err := Parse(strings.NewReader("[b]\nwait_for=a\n[a]\n"), "x.fio")
	assert.EqualError(t, err, `x.fio:2: job "b": wait_for=a names no job before it (fio: "waitee job a unknown")`)
	_, err = Parse(strings.NewReader("[a]\nwait_for=a\n"), "x.fio")
	assert.EqualError(t, err, `x.fio:2: job "a" cannot wait for itself`)
}
