package workload

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every section whose name starts with "global" is a global section, and
// applies to the jobs below it only (fio: init.c __parse_jobs_ini).
func TestGlobalPrefixSections(t *testing.T) {
	jf := parse(t, "[a]\n[globalish]\nbs=8k\n[b]\n[global2]\niodepth=4\n[c]\n[global\rx]\nbs=16k\n")
	require.Len(t, jf.Jobs, 3)
	assert.Equal(t, uint64(4096), jf.Jobs[0].BS.BS[DirRead])
	assert.Equal(t, uint64(8192), jf.Jobs[1].BS.BS[DirRead])
	assert.Equal(t, 1, jf.Jobs[1].IODepth)
	assert.Equal(t, uint64(8192), jf.Jobs[2].BS.BS[DirRead])
	assert.Equal(t, 4, jf.Jobs[2].IODepth)
	assert.Equal(t, []Setting{{"bs", "8k"}, {"iodepth", "4"}, {"bs", "16k"}}, jf.Global)
	assert.Equal(t, []Section{
		{Name: "a"},
		{Name: "globalish", Global: true, Options: []Setting{{"bs", "8k"}}},
		{Name: "b"},
		{Name: "global2", Global: true, Options: []Setting{{"bs", "8k"}, {"iodepth", "4"}}},
		{Name: "c"},
		{Name: "global\rx", Global: true, Options: []Setting{{"bs", "8k"}, {"iodepth", "4"}, {"bs", "16k"}}},
	}, jf.Sections)
	// "Global" is a job: fio compares case-sensitively.
	jf = parse(t, "[Global]\n")
	require.Len(t, jf.Jobs, 1)
}

// fio parses the options of a section in priority order: kb_base and
// unit_base first, filename last, the others as written.
func TestSectionOptionOrder(t *testing.T) {
	jf := parse(t, "[j]\nfilename=/tmp/x3/f\nbs=4k\nunit_base=1\nioengine=null\nkb_base=1000\nrw=read\ntime_based\n")
	// fio --showcmd: --name=j --unit_base=1 --kb_base=1000 --bs=4k --ioengine=null --rw=read --time_based --filename=/tmp/x3/f
	assert.Equal(t, []Setting{{"unit_base", "1"}, {"kb_base", "1000"}, {"bs", "4k"}, {"ioengine", "null"},
		{"rw", "read"}, {"time_based", ""}, {"filename", "/tmp/x3/f"}}, jf.Jobs[0].Options)
}

func TestParseSubstitutes(t *testing.T) {
	o := ParseOptions{Env: testEnv, System: testSystem}
	jf, err := ParseWith(strings.NewReader("[j]\nfilename=${DEV}\nnumjobs=$ncpus\niodepth=$ncpus*2\nbs=${BS}k\nname=${UNSET}x\n"), "x.fio", o)
	require.NoError(t, err)
	j := jf.Jobs[0]
	assert.Equal(t, []string{"/dev/nvme0n1"}, j.Files.Names)
	assert.Equal(t, 8, j.NumJobs)
	assert.Equal(t, 16, j.IODepth)
	assert.Equal(t, uint64(8192), j.BS.BS[DirRead])
	assert.Equal(t, "x", j.Name)
	// fio echoes the substituted values (--showcmd, JSON "job options").
	assert.Equal(t, []Setting{{"numjobs", "8"}, {"iodepth", "16"}, {"bs", "8k"}, {"name", "x"}, {"filename", "/dev/nvme0n1"}}, j.Options)

	// A variable can name the option; its priority is the written name's.
	jf, err = ParseWith(strings.NewReader("[j]\nsize=8k\n${KB}=1000\n"), "x.fio", ParseOptions{Env: func(string) (string, bool) { return "kb_base", true }})
	require.NoError(t, err)
	assert.Equal(t, uint64(8192), jf.Jobs[0].Size, "fio sorts the lines before it substitutes")

	_, err = ParseWith(strings.NewReader("[j]\n\nfilename=/dev/sd$ncpus-x\n"), "x.fio", o)
	assert.EqualError(t, err, `x.fio:3: fio hands "/dev/sd8-x" to bc (it holds a reserved word and an operator): bc cannot compute "/dev/sd8-x" (unexpected "d")`)
	_, err = ParseWith(strings.NewReader("[j]\niodepth=$ncpus^2\n"), "x.fio", o)
	assert.EqualError(t, err, `x.fio:2: bad value "8^2" for option "iodepth": unknown size suffix "^2"`)
}

func TestReadOnly(t *testing.T) {
	o := ParseOptions{ReadOnly: true}
	_, err := ParseWith(strings.NewReader("[j]\nrw=randread\n[k]\nsize=1m\n\nrw=write\n"), "x.fio", o)
	assert.EqualError(t, err, `x.fio:6: rw=write writes, and --readonly refuses jobs that write`)
	// fio checks the rw option where it is set, a global section included.
	_, err = ParseWith(strings.NewReader("[global]\nrw=randwrite\n[j]\nrw=read\n"), "x.fio", o)
	assert.EqualError(t, err, `x.fio:2: rw=randwrite writes, and --readonly refuses jobs that write`)
	_, err = Load([]Arg{arg("name", "w"), arg("rw", "write")}, nil, o)
	assert.EqualError(t, err, `command line: rw=write writes, and --readonly refuses jobs that write`)
	_, err = ParseWith(strings.NewReader("[j]\nrw=randtrim\n"), "x.fio", o)
	assert.EqualError(t, err, `x.fio:2: rw=randtrim trims, and --readonly refuses jobs that write or trim`)
	_, err = ParseWith(strings.NewReader("[j]\nrw=read\n[k]\nrw=randread\nverify=md5\n"), "x.fio", o)
	assert.NoError(t, err, "verifying reads writes nothing")
}

// A time option can count plain numbers in seconds (fio's default) or in
// another unit, as thinktime counts microseconds.
func TestTimeOptionUnits(t *testing.T) {
	var got time.Duration
	us := timeOpt("test_think", "0", "a time in microseconds", time.Microsecond, func(j *Job, d time.Duration) { got = d })
	assert.Equal(t, "us", us.info.Unit)
	for in, want := range map[string]time.Duration{"10": 10 * time.Microsecond, "10ms": 10 * time.Millisecond, "2s": 2 * time.Second, "(1ms*3)": 3 * time.Millisecond} {
		require.NoError(t, us.parse(&Job{}, in), in)
		assert.Equal(t, want, got, in)
	}
	ms := timeOpt("test_msec", "0", "a time in milliseconds", time.Millisecond, func(j *Job, d time.Duration) { got = d })
	require.NoError(t, ms.parse(&Job{}, "500"))
	assert.Equal(t, 500*time.Millisecond, got)
	s := durationOpt("test_secs", "0", "a time in seconds", func(j *Job, d time.Duration) { got = d })
	assert.Equal(t, "s", s.info.Unit)
	require.NoError(t, s.parse(&Job{}, "(1m+30s)"))
	assert.Equal(t, 90*time.Second, got)
}

func TestExpressionsInJobFiles(t *testing.T) {
	jf := parse(t, "[j]\nsize=(1g*2)\nbs=(4*1k)\niodepth=(2^4)\nruntime=(1m+30s)\n")
	j := jf.Jobs[0]
	assert.Equal(t, uint64(2<<30), j.Size)
	assert.Equal(t, uint64(4096), j.BS.BS[DirRead])
	assert.Equal(t, 16, j.IODepth)
	assert.Equal(t, 90*time.Second, j.Runtime)
	_, err := Parse(strings.NewReader("[j]\nbs= (4k)\n"), "x.fio")
	assert.EqualError(t, err, `x.fio:2: bad value " (4k)" for option "bs": fio evaluates an expression only when it starts right after "=" (" (4k)"); remove the blank`)
	_, err = Parse(strings.NewReader("[j]\ndirect=(1)\n"), "x.fio")
	assert.EqualError(t, err, `x.fio:2: bad value "(1)" for option "direct": an expression is not allowed here`)
}
