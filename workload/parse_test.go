package workload

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parse parses a job file given as a string, as jobs/x.ini.
func parse(t *testing.T, text string) *JobFile {
	t.Helper()
	jf, err := Parse(strings.NewReader(text), "jobs/x.ini")
	require.NoError(t, err)
	return jf
}

func TestDefaults(t *testing.T) {
	jf := parse(t, "[job]\n")
	require.Len(t, jf.Jobs, 1)
	// fio 3.33's defaults (options.c), with the job's own fields.
	bs := [NumDirs]uint64{4096, 4096, 4096}
	assert.Equal(t, &Job{
		Name:       "job",
		Source:     "jobs/x.ini",
		Line:       1,
		Files:      Files{NrFiles: 1, Service: FileService{Nr: 1}},
		Extent:     Extent{Loops: 1},
		BS:         BlockSizes{BS: bs, Min: bs, Max: bs, Align: bs},
		RW:         Read,
		Mix:        Mix{Read: 50, SeqNr: 1},
		IOEngine:   "psync",
		IODepth:    1,
		Batch:      Batching{Submit: 1, CompleteMin: 1, Low: 1},
		NumJobs:    1,
		RandRepeat: true,
		RandSeed:   0x89,
		Report: ReportOptions{
			KBBase:              1024,
			SigFigs:             4,
			Percentiles:         []float64{1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.5, 99.9, 99.95, 99.99},
			PercentilePrecision: 2,
			ClatPercentiles:     true,
		},
		Logs:    Logs{PerJob: true},
		Random:  Randomness{Percent: [NumDirs]uint64{100, 100, 100}, Dist: Distribution{Center: -1}},
		Rate:    Rate{Cycle: time.Second},
		Think:   ThinkTime{Blocks: 1},
		Poll:    Polling{HiPriPercent: 100},
		IOUring: IOUringOptions{NonVectored: -1, CmdType: "nvme"},
		Verify:  Verification{Do: true, StateSave: true},
		Errors:  ErrorHandling{Dump: true},
		Safety:  Safety{AllowFileCreate: true},
		Fault:   FaultInjection{Errno: syscall.EIO},
	}, jf.Jobs[0])
	assert.Equal(t, "jobs/x.ini", jf.Path)
	assert.Empty(t, jf.Global)
}

func TestParse(t *testing.T) {
	const file = `; a job file
# with comments
[global]
ioengine=libaio
bs=8k
direct=1
iodepth=16   ; inline comment
filename=/dev/nvme0n1

[seq-read]
rw=read
size=1g

[rand-write] # comment after a header
rw=randwrite
bs=4k
numjobs=4
time_based
runtime=30s
ramp_time=5
group_reporting
thread
norandommap
cpus_allowed=6,0-3
randseed=42

[global]
iodepth=32

[after]
name=renamed
`
	jf := parse(t, file)
	require.Len(t, jf.Jobs, 3)
	seq, rnd, after := jf.Jobs[0], jf.Jobs[1], jf.Jobs[2]

	assert.Equal(t, []Setting{
		{"ioengine", "libaio"}, {"bs", "8k"}, {"direct", "1"}, {"iodepth", "16"},
		{"filename", "/dev/nvme0n1"}, {"iodepth", "32"},
	}, jf.Global)

	assert.Equal(t, "seq-read", seq.Name)
	assert.Equal(t, 10, seq.Line)
	assert.Equal(t, "jobs/x.ini", seq.Source)
	assert.Equal(t, Read, seq.RW)
	assert.Equal(t, uint64(1<<30), seq.Size)
	assert.Equal(t, uint64(8192), seq.BS.Min[DirRead])
	assert.Equal(t, "libaio", seq.IOEngine)
	assert.Equal(t, 16, seq.IODepth)
	assert.True(t, seq.Direct)
	assert.Equal(t, []string{"/dev/nvme0n1"}, seq.Files.Names)
	assert.Equal(t, []Setting{{"rw", "read"}, {"size", "1g"}}, seq.Options)

	assert.Equal(t, "rand-write", rnd.Name)
	assert.Equal(t, 14, rnd.Line)
	assert.Equal(t, RandWrite, rnd.RW)
	assert.Equal(t, uint64(4096), rnd.BS.Min[DirWrite], "the job overrides the global bs")
	assert.Equal(t, 16, rnd.IODepth)
	assert.Equal(t, 4, rnd.NumJobs)
	assert.True(t, rnd.TimeBased)
	assert.Equal(t, 30*time.Second, rnd.Runtime)
	assert.Equal(t, 5*time.Second, rnd.RampTime)
	assert.True(t, rnd.GroupReporting)
	assert.True(t, rnd.Thread)
	assert.True(t, rnd.NoRandomMap)
	assert.Equal(t, CPUSet{0, 1, 2, 3, 6}, rnd.CPUsAllowed)
	assert.Equal(t, uint64(42), rnd.RandSeed)
	assert.True(t, rnd.RandSeedSet)
	assert.False(t, rnd.RandRepeat, "fio: a randseed overrides randrepeat")
	assert.Equal(t, []Setting{
		{"rw", "randwrite"}, {"bs", "4k"}, {"numjobs", "4"}, {"time_based", ""},
		{"runtime", "30s"}, {"ramp_time", "5"}, {"group_reporting", ""}, {"thread", ""},
		{"norandommap", ""}, {"cpus_allowed", "6,0-3"}, {"randseed", "42"},
	}, rnd.Options)

	assert.Equal(t, "renamed", after.Name)
	assert.Equal(t, 32, after.IODepth, "a later global section affects later jobs")
	assert.Equal(t, 16, seq.IODepth, "a later global section leaves earlier jobs alone")
	for _, j := range jf.Jobs {
		assert.Zero(t, j.GroupID)
	}
}

func TestParseForms(t *testing.T) {
	tests := []struct {
		name, file string
		check      func(t *testing.T, j *Job)
	}{
		{"blanks around key and =", "[j]\n  bs\t =4k\n", func(t *testing.T, j *Job) {
			assert.Equal(t, uint64(4096), j.BS.Min[DirRead])
		}},
		{"blank before an unsuffixed number", "[j]\niodepth = 8\nruntime = 10\n", func(t *testing.T, j *Job) {
			// fio skips the blank before a plain number.
			assert.Equal(t, 8, j.IODepth)
			assert.Equal(t, 10*time.Second, j.Runtime)
		}},
		{"value echoed as written", "[j]\ndirect= 1\n", func(t *testing.T, j *Job) {
			// fio: JSON "job options" shows "direct": " 1".
			assert.True(t, j.Direct)
			assert.Equal(t, []Setting{{"direct", " 1"}}, j.Options)
		}},
		{"CRLF line ends", "[j]\r\nbs=8k\r\n", func(t *testing.T, j *Job) {
			assert.Equal(t, uint64(8192), j.BS.Min[DirRead])
			assert.Equal(t, "j", j.Name)
		}},
		{"no final newline", "[j]\nbs=8k", func(t *testing.T, j *Job) {
			assert.Equal(t, uint64(8192), j.BS.Min[DirRead])
		}},
		{"comment anywhere in a line", "[j]\nbs=8k;4k\nsize=1m#2m\n", func(t *testing.T, j *Job) {
			assert.Equal(t, uint64(8192), j.BS.Min[DirRead])
			assert.Equal(t, uint64(1<<20), j.Size)
			assert.Equal(t, []Setting{{"bs", "8k"}, {"size", "1m"}}, j.Options)
		}},
		{"aliases echo the fio name", "[j]\nblocksize=8k\nreadwrite=randread\ntimeout=5\n", func(t *testing.T, j *Job) {
			// fio: JSON "job options" lists these as bs, rw and runtime.
			assert.Equal(t, uint64(8192), j.BS.Min[DirRead])
			assert.Equal(t, RandRead, j.RW)
			assert.Equal(t, 5*time.Second, j.Runtime)
			assert.Equal(t, []Setting{{"bs", "8k"}, {"rw", "randread"}, {"runtime", "5"}}, j.Options)
		}},
		{"last setting wins", "[j]\nbs=8k\nbs=16k\n", func(t *testing.T, j *Job) {
			assert.Equal(t, uint64(16384), j.BS.Min[DirRead])
		}},
		{"flags take 0 and other integers", "[j]\ntime_based=0\nthread=2\nnorandommap=0\nruntime=1\n", func(t *testing.T, j *Job) {
			assert.False(t, j.TimeBased)
			assert.True(t, j.Thread)
			assert.False(t, j.NoRandomMap)
		}},
		{"bools take 0 and 1", "[j]\ndirect=0x1\nrandrepeat=0\n", func(t *testing.T, j *Job) {
			assert.True(t, j.Direct)
			assert.False(t, j.RandRepeat)
		}},
		{"time_based without runtime is off", "[j]\ntime_based\n", func(t *testing.T, j *Job) {
			// fio: "time_based requires a runtime/timeout setting", and
			// runs the job as if time_based were not set.
			assert.False(t, j.TimeBased)
		}},
		{"ints take size suffixes", "[j]\niodepth=1k\n", func(t *testing.T, j *Job) {
			assert.Equal(t, 1024, j.IODepth) // fio: iodepth=1k is 1024
		}},
		{"name in a global section does not rename jobs", "[global]\nname=g\n[j]\n", func(t *testing.T, j *Job) {
			assert.Equal(t, "j", j.Name) // fio: the job is still called j
		}},
		{"section name kept as written", "[ j ]\n", func(t *testing.T, j *Job) {
			assert.Equal(t, " j ", j.Name) // fio: the job is called " j "
		}},
		{"name keeps its leading blank", "[j]\nname= n\n", func(t *testing.T, j *Job) {
			assert.Equal(t, " n", j.Name) // fio: jobname " n"
		}},
		{"filename is trimmed and unescaped", "[j]\nfilename= /tmp/a\\:b\n", func(t *testing.T, j *Job) {
			assert.Equal(t, []string{"/tmp/a:b"}, j.Files.Names)
		}},
		{"a global filename is inherited", "[global]\nfilename=/dev/x\n[j]\n[k]\n", func(t *testing.T, j *Job) {
			assert.Equal(t, []string{"/dev/x"}, j.Files.Names)
		}},
		{"size 0 means unset", "[j]\nsize=0\nbs=1m\n", func(t *testing.T, j *Job) {
			assert.Zero(t, j.Size)
		}},
		{"bs equal to size", "[j]\nsize=4k\nbs=4k\n", func(t *testing.T, j *Job) {
			assert.Equal(t, uint64(4096), j.Size)
		}},
		{"every supported ioengine", "[j]\nioengine=null\nioengine=psync\nioengine=libaio\nioengine=io_uring\n", func(t *testing.T, j *Job) {
			assert.Equal(t, "io_uring", j.IOEngine)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jf := parse(t, tt.file)
			require.NotEmpty(t, jf.Jobs)
			tt.check(t, jf.Jobs[0])
		})
	}
}

func TestParseNoJobs(t *testing.T) {
	for _, file := range []string{"", "\n\n; only comments\n", "[global]\nbs=8k\n"} {
		jf := parse(t, file)
		assert.Empty(t, jf.Jobs)
	}
}

func TestParseErrors(t *testing.T) {
	long := "[j]\nname=" + strings.Repeat("n", maxLineLen) + "\n"
	tests := []struct {
		name, file, want string
	}{
		{"option before any section", "\n; c\nbs=4k\n[j]\n", `jobs/x.ini:3: option "bs=4k" is outside of any [section]`},
		{"unknown option", "[j]\n\n\n\n\n\nfoo=1\n", `jobs/x.ini:7: unknown option "foo"`},
		{"unknown bare option", "[j]\nfoo\n", `jobs/x.ini:2: unknown option "foo"`},
		{"names are case-sensitive", "[j]\nDirect=1\n", `jobs/x.ini:2: unknown option "Direct"`},
		{"fio option", "[j]\nzonemode=strided\n", `jobs/x.ini:2: fio option "zonemode" is not supported by xbench`},
		{"file_service_type zipf", "[j]\nfile_service_type=zipf:1.2\n", `jobs/x.ini:2: bad value "zipf:1.2" for option "file_service_type": file_service_type=zipf is not supported by xbench (want roundrobin, sequential or random)`},
		{"file_service_type unknown", "[j]\nfile_service_type=rr\n", `jobs/x.ini:2: bad value "rr" for option "file_service_type": want one of roundrobin, sequential, random, each with an optional :N`},
		{"file_service_type zero", "[j]\nfile_service_type=random:0\n", `jobs/x.ini:2: bad value "random:0" for option "file_service_type": the :N after random is the number of IOs per pick, a whole number of at least 1, not "0"`},
		{"fio engine option", "[j]\nioengine=io_uring\ncmdprio_percentage=10\n", `jobs/x.ini:3: fio option "cmdprio_percentage" is not supported by xbench`},
		{"engine option before its engine", "[j]\nregisterfiles\n", `jobs/x.ini:2: option "registerfiles" belongs to ioengine=io_uring|io_uring_cmd, not ioengine=psync; set ioengine first (fio parses an engine's options only after its ioengine)`},
		{"fio option verify_async", "[j]\nverify_async=2\n", `jobs/x.ini:2: fio option "verify_async" is not supported by xbench`},
		{"fio alias", "[j]\npercentage_sequential=30\n", `jobs/x.ini:2: fio option "percentage_sequential" is not supported by xbench`},
		{"bad size suffix", "[j]\nsize=1g\n\nbs=4q\n", `jobs/x.ini:4: bad value "4q" for option "bs": unknown size suffix "q"`},
		{"bad size suffix via alias", "[j]\nblocksize=4q\n", `jobs/x.ini:2: bad value "4q" for option "blocksize": unknown size suffix "q"`},
		{"blank before a suffixed size", "[j]\nbs = 4k\n", `jobs/x.ini:2: bad value " 4k" for option "bs": fio reads a value that starts with a blank without its unit (" 4k" as "4"); remove the blank after "="`},
		{"blank before a suffixed time", "[j]\nruntime= 1m\n", `jobs/x.ini:2: bad value " 1m" for option "runtime": fio reads a value that starts with a blank without its unit (" 1m" as "1"); remove the blank after "="`},
		{"empty value", "[j]\nbs=\n", `jobs/x.ini:2: bad value "" for option "bs": empty value`},
		{"empty name", "[j]\nname=\n", `jobs/x.ini:2: bad value "" for option "name": empty value`},
		{"empty flag value", "[j]\nthread=\n", `jobs/x.ini:2: bad value "" for option "thread": empty value`},
		{"bad time suffix", "[j]\nruntime=10sec\n", `jobs/x.ini:2: bad value "10sec" for option "runtime": unknown time suffix "sec" (want us, usec, ms, msec, s, m, h or d)`},
		{"bad ramp_time", "[j]\nramp_time=1.5\n", `jobs/x.ini:2: bad value "1.5" for option "ramp_time": fractions are not allowed (fio reads "1.5" as the whole number before the ".")`},
		{"rw modifier not a number", "[j]\nrw=randread:x\n", `jobs/x.ini:2: bad value "randread:x" for option "rw": the suffix of a random pattern is how many IOs share one random offset, a whole number, not "x"`},
		{"rw modifier with control character", "[j]\nrw=read:\x01x\n", `jobs/x.ini:2: bad value "read:\x01x" for option "rw": the suffix of a sequential pattern is the size to skip after each IO: "\x01x" is not a number`},
		{"rw with a comma", "[j]\nrw=read,write\n", `jobs/x.ini:2: bad value "read,write" for option "rw": fio ignores ",write" after the mode; remove it`},
		{"rw unknown", "[j]\nrw=rand\n", `jobs/x.ini:2: bad value "rand" for option "rw": want one of read, write, trim, randread, randwrite, randtrim, rw, readwrite, randrw, trimwrite, randtrimwrite`},
		{"rw case", "[j]\nrw=READ\n", `jobs/x.ini:2: bad value "READ" for option "rw": want one of read, write, trim, randread, randwrite, randtrim, rw, readwrite, randrw, trimwrite, randtrimwrite`},
		{"rw blank", "[j]\nrw = read\n", `jobs/x.ini:2: bad value " read" for option "rw": fio keeps the blank after "=" and would not recognise the value; remove it`},
		{"ioengine mmap", "[j]\nioengine=mmap\n", `jobs/x.ini:2: fio ioengine "mmap" is not supported by xbench`},
		{"ioengine posixaio", "[j]\nioengine=posixaio\n", `jobs/x.ini:2: fio ioengine "posixaio" is not supported by xbench`},
		{"ioengine vsync", "[j]\nioengine=vsync\n", `jobs/x.ini:2: fio ioengine "vsync" is not supported by xbench`},
		{"ioengine mmap", "[j]\nioengine=mmap\n", `jobs/x.ini:2: fio ioengine "mmap" is not supported by xbench`},
		{"ioengine external", "[j]\nioengine=external:/x.so\n", `jobs/x.ini:2: fio ioengine "external:/x.so" is not supported by xbench`},
		{"ioengine unknown", "[j]\nioengine=x\n", `jobs/x.ini:2: unknown ioengine "x"`},
		{"iodepth 0", "[j]\niodepth=0\n", `jobs/x.ini:2: bad value "0" for option "iodepth": must be between 1 and 2147483647`},
		{"iodepth fraction", "[j]\niodepth=1.5\n", `jobs/x.ini:2: bad value "1.5" for option "iodepth": fractions are not allowed (fio reads "1.5" as the whole number before the ".")`},
		{"numjobs 0", "[j]\nnumjobs=0\n", `jobs/x.ini:2: bad value "0" for option "numjobs": must be between 1 and 2147483647`},
		{"numjobs negative", "[j]\nnumjobs=-1\n", `jobs/x.ini:2: bad value "-1" for option "numjobs": negative values are not allowed`},
		{"bs 0", "[j]\nbs=0\n", `jobs/x.ini:2: bad value "0" for option "bs": must be at least 1`},
		{"bs larger than size", "[j]\nsize=4k\nbs=8k\n", `jobs/x.ini:3: job "j": bs (8192) is larger than size (4096)`},
		{"bs larger than global size", "[global]\nsize=4k\n[j]\nnumjobs=2\n\nbs=8k\n", `jobs/x.ini:6: job "j": bs (8192) is larger than size (4096)`},
		{"bs and size from globals", "[global]\nsize=4k\nbs=8k\n[j]\n", `jobs/x.ini:4: job "j": bs (8192) is larger than size (4096)`},
		{"bare bool", "[j]\ndirect\n", `jobs/x.ini:2: option "direct" requires a value (direct=...)`},
		{"bare randrepeat", "[j]\nrandrepeat\n", `jobs/x.ini:2: option "randrepeat" requires a value (randrepeat=...)`},
		{"bare size", "[j]\nbs\n", `jobs/x.ini:2: option "bs" requires a value (bs=...)`},
		{"bool 2", "[j]\ndirect=2\n", `jobs/x.ini:2: bad value "2" for option "direct": must be 0 or 1`},
		{"bool true", "[j]\ndirect=true\n", `jobs/x.ini:2: bad value "true" for option "direct": "true" is not an integer`},
		{"flag yes", "[j]\ntime_based=yes\n", `jobs/x.ini:2: bad value "yes" for option "time_based": "yes" is not an integer`},
		{"cpus_allowed", "[j]\ncpus_allowed=3-1\n", `jobs/x.ini:2: bad value "3-1" for option "cpus_allowed": CPU range "3-1" runs backwards`},
		{"cpus_allowed bare", "[j]\ncpus_allowed\n", `jobs/x.ini:2: option "cpus_allowed" requires a value (cpus_allowed=...)`},
		{"randseed", "[j]\nrandseed=x\n", `jobs/x.ini:2: bad value "x" for option "randseed": "x" is not a number`},
		{"unclosed header", "[j\n", `jobs/x.ini:1: section header "[j" does not end with "]"`},
		{"text after header", "[j] x\n", `jobs/x.ini:1: section header "[j] x" does not end with "]"`},
		{"empty header", "[]\n", `jobs/x.ini:1: empty section name "[]"`},
		{"long section name", "[" + strings.Repeat("s", 255) + "]\n", `jobs/x.ini:1: section name is longer than 254 bytes (fio would cut it)`},
		{"missing key", "[j]\n=5\n", `jobs/x.ini:2: missing option name before "="`},
		{"error in a global section", "[global]\niodepth=x\n[j]\n", `jobs/x.ini:2: bad value "x" for option "iodepth": "x" is not a number`},
		{"error in a later job", "[a]\n[b]\nbs=8k\n[c]\nsize=1z\n", `jobs/x.ini:5: bad value "1z" for option "size": zone counts (the "z" suffix) are not supported by xbench yet`},
		{"line too long", long, `jobs/x.ini:2: line is longer than 8191 bytes (fio would split it in two)`},
		{"NUL byte", "[j]\nbs=4k\x00\n", `jobs/x.ini:2: line contains a NUL byte`},
		{"newline in value quoted", "[j]\nrw=x\x0by\n", `jobs/x.ini:2: bad value "x\vy" for option "rw": want one of read, write, trim, randread, randwrite, randtrim, rw, readwrite, randrw, trimwrite, randtrimwrite`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jf, err := Parse(strings.NewReader(tt.file), "jobs/x.ini")
			require.Error(t, err)
			assert.Nil(t, jf)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "jobs/x.ini", pe.File)
			assert.Equal(t, tt.want, err.Error())
			assert.NotContains(t, err.Error(), "\n")
		})
	}
}

func TestParseFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.fio")
	require.NoError(t, os.WriteFile(path, []byte("[j]\nbs=8k\n"), 0o600))
	jf, err := ParseFile(path)
	require.NoError(t, err)
	assert.Equal(t, path, jf.Path)
	require.Len(t, jf.Jobs, 1)
	assert.Equal(t, path, jf.Jobs[0].Source)

	missing := filepath.Join(dir, "missing.fio")
	_, err = ParseFile(missing)
	require.Error(t, err)
	assert.True(t, errors.Is(err, fs.ErrNotExist))
	assert.Equal(t, missing+": cannot open job file: no such file or directory", err.Error())
}

func TestParseErrorFormat(t *testing.T) {
	assert.Equal(t, "a.fio:3: bad", (&ParseError{File: "a.fio", Line: 3, Msg: "bad"}).Error())
	assert.Equal(t, "a.fio: bad", (&ParseError{File: "a.fio", Msg: "bad"}).Error())
	assert.Equal(t, `"a\n.fio":3: bad`, (&ParseError{File: "a\n.fio", Line: 3, Msg: "bad"}).Error())
}

func TestParseLongestLine(t *testing.T) {
	name := strings.Repeat("n", maxLineLen-len("name="))
	jf := parse(t, "[j]\nname="+name+"\n")
	assert.Equal(t, name, jf.Jobs[0].Name)
}

func TestParseReadError(t *testing.T) {
	_, err := Parse(io.MultiReader(strings.NewReader("[j]\n"), iotest.ErrReader(errors.New("disk\nfailed"))), "x.fio")
	assert.EqualError(t, err, "x.fio:2: read error: disk failed")
}

func TestParseNilReader(t *testing.T) {
	_, err := Parse(nil, "x")
	assert.EqualError(t, err, "x: no input")
}

// An engine's options are accepted only after its ioengine: in a job-file
// section fio parses the general options first, then the engine's own
// with the section's ioengine known, so their order within the section
// does not matter; on the command line, options are parsed in order.
func TestEngineOptionsFollowTheirEngine(t *testing.T) {
	var depth int
	opts := indexOptions(slices.Concat(optionDefs, []*optionDef{
		intOpt("test_depth", "0", "an option of the io_uring engine", 0, 64,
			func(j *Job, v int) { depth = v }).forEngines("io_uring", "libaio"),
	}))
	newTestBuilder := func() *builder {
		b, err := newBuilder(ParseOptions{})
		require.NoError(t, err)
		b.options = opts
		return b
	}
	parseWith := func(text string) (*JobFile, error) {
		return newTestBuilder().read(strings.NewReader(text), "x.ini")
	}
	_, err := parseWith("[j]\nioengine=io_uring\ntest_depth=8\n")
	require.NoError(t, err)
	require.Equal(t, 8, depth)
	_, err = parseWith("[global]\nioengine=libaio\n[j]\ntest_depth=4\n")
	require.NoError(t, err)
	require.Equal(t, 4, depth)
	jf, err := parseWith("[j]\ntest_depth=6\nbs=8k\nioengine=io_uring\n")
	require.NoError(t, err, "fio parses the engine's options after the section's general ones")
	require.Equal(t, 6, depth)
	require.Equal(t, []Setting{{"bs", "8k"}, {"ioengine", "io_uring"}, {"test_depth", "6"}}, jf.Jobs[0].Options,
		"fio lists the engine's options after the general ones")
	_, err = parseWith("[global]\ntest_depth=8\n[j]\nioengine=io_uring\n")
	require.EqualError(t, err, `x.ini:2: option "test_depth" belongs to ioengine=io_uring|libaio, not ioengine=psync; set ioengine first (fio parses an engine's options only after its ioengine)`)

	b := newTestBuilder()
	err = b.commandLine([]Arg{{Name: "name", Value: "j", HasValue: true}, {Name: "test_depth", Value: "8", HasValue: true},
		{Name: "ioengine", Value: "io_uring", HasValue: true}})
	require.EqualError(t, err, `command line: option "test_depth" belongs to ioengine=io_uring|libaio, not ioengine=psync; set ioengine first (fio parses an engine's options only after its ioengine)`)
	b = newTestBuilder()
	require.NoError(t, b.commandLine([]Arg{{Name: "ioengine", Value: "io_uring", HasValue: true}, {Name: "test_depth", Value: "3", HasValue: true},
		{Name: "name", Value: "j", HasValue: true}}))
	require.Equal(t, 3, depth)
}

// stonewall (wait_for_previous) starts a new group at each job that sets
// it, after the first, as fio's add_job does; groups run one after
// another.
func TestStonewallStartsAGroup(t *testing.T) {
	jf := parse(t, "[a]\n[b]\n[c]\nstonewall\n[d]\n[e]\nwait_for_previous\n")
	var groups []int
	for _, j := range jf.Jobs {
		groups = append(groups, j.GroupID)
	}
	assert.Equal(t, []int{0, 0, 1, 1, 2}, groups)

	jf = parse(t, "[global]\nstonewall\n[a]\n[b]\n[c]\n")
	groups = groups[:0]
	for _, j := range jf.Jobs {
		groups = append(groups, j.GroupID)
	}
	assert.Equal(t, []int{0, 1, 2}, groups, "a global stonewall separates every job")
}
