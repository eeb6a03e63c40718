package workload

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// arg makes a command-line option, bare when value is "-".
func arg(name, value string) Arg {
	if value == "-" {
		return Arg{Name: name}
	}
	return Arg{Name: name, Value: value, HasValue: true}
}

// jobSummary lists name(g=group) for each job.
func jobSummary(jobs []*Job) string {
	var out []string
	for _, j := range jobs {
		out = append(out, j.Name+"(g="+string(rune('0'+j.GroupID))+")")
	}
	return strings.Join(out, " ")
}

func TestLoad(t *testing.T) {
	// fio 3.33 run as
	//   fio --iodepth=3 --name=c --ioengine=null --size=1m a.fio b.fio
	// prints these header lines:
	//   c: (g=0): rw=read, ..., ioengine=null, iodepth=3
	//   a1: (g=0): rw=randread, ..., ioengine=null, iodepth=3
	//   a2: (g=0): rw=read, ..., ioengine=null, iodepth=4
	//   b1: (g=1): rw=read, ..., ioengine=null, iodepth=1
	// and its JSON "global options" are those of the last file, b.fio (none).
	files := map[string]string{
		"a.fio": "[global]\nioengine=null\nsize=1m\n[a1]\nrw=randread\nbs=8k\n[globalfoo]\niodepth=4\n[a2]\n",
		"b.fio": "[b1]\nioengine=null\nsize=2m\n",
	}
	args := []Arg{arg("iodepth", "3"), arg("name", "c"), arg("ioengine", "null"), arg("size", "1m")}
	p, err := Load(args, []string{"a.fio", "b.fio"}, ParseOptions{Open: memOpen(files)})
	require.NoError(t, err)
	assert.Equal(t, "c(g=0) a1(g=0) a2(g=0) b1(g=1)", jobSummary(p.Jobs))
	var depths []int
	for _, j := range p.Jobs {
		depths = append(depths, j.IODepth)
	}
	assert.Equal(t, []int{3, 3, 4, 1}, depths, "command-line globals reach the first file only")
	assert.Empty(t, p.Global)
	c := p.Jobs[0]
	assert.Equal(t, "command line", c.Source)
	assert.Equal(t, []Setting{{"name", "c"}, {"ioengine", "null"}, {"size", "1m"}}, c.Options)
	require.Len(t, p.Files, 2)
	assert.Equal(t, []Section{
		{Name: "global", Global: true, Options: []Setting{{"iodepth", "3"}, {"ioengine", "null"}, {"size", "1m"}}},
		{Name: "a1", Options: []Setting{{"rw", "randread"}, {"bs", "8k"}}},
		{Name: "globalfoo", Global: true, Options: []Setting{{"iodepth", "3"}, {"ioengine", "null"}, {"size", "1m"}, {"iodepth", "4"}}},
		{Name: "a2"},
	}, p.Files[0].Sections)

	// With one file, the global options are the command line's and the
	// file's: fio --output-format=json --iodepth=2 --name=c1 --ioengine=null --size=1m a.fio
	p, err = Load([]Arg{arg("iodepth", "2"), arg("name", "c1"), arg("ioengine", "null"), arg("size", "1m")},
		[]string{"a.fio"}, ParseOptions{Open: memOpen(files)})
	require.NoError(t, err)
	assert.Equal(t, []Setting{{"iodepth", "2"}, {"ioengine", "null"}, {"size", "1m"}, {"iodepth", "4"}}, p.Global)
}

func TestLoadCommandLine(t *testing.T) {
	// fio --name=global --ioengine=null --size=64k --name=x --bs=8k --name=y:
	// both jobs take the globals, only x the bs.
	p, err := Load([]Arg{arg("name", "global"), arg("ioengine", "null"), arg("size", "64k"),
		arg("name", "x"), arg("bs", "8k"), arg("time_based", "-"), arg("name", "y")}, nil, ParseOptions{})
	require.NoError(t, err)
	require.Len(t, p.Jobs, 2)
	x, y := p.Jobs[0], p.Jobs[1]
	assert.Equal(t, "x", x.Name)
	assert.Equal(t, uint64(8192), x.BS.BS[DirRead])
	assert.Equal(t, uint64(4096), y.BS.BS[DirRead])
	assert.Equal(t, "null", y.IOEngine)
	assert.Equal(t, []Setting{{"name", "x"}, {"bs", "8k"}, {"time_based", ""}}, x.Options)
	assert.Equal(t, []Setting{{"name", "global"}, {"ioengine", "null"}, {"size", "64k"}}, p.Global)

	// No substitution on the command line: the shell does that.
	_, err = Load([]Arg{arg("name", "x"), arg("numjobs", "$ncpus")}, nil, ParseOptions{})
	assert.EqualError(t, err, `command line: bad value "$ncpus" for option "numjobs": "$ncpus" is not a number`)

	// Options are applied in order: kb_base after size does not change it.
	p, err = Load([]Arg{arg("name", "x"), arg("size", "1k"), arg("kb_base", "1000"), arg("bs", "1k")}, nil, ParseOptions{})
	require.NoError(t, err)
	assert.Equal(t, uint64(1024), p.Jobs[0].Size)
	assert.Equal(t, uint64(1000), p.Jobs[0].BS.BS[DirRead])

	for _, tt := range []struct {
		args []Arg
		want string
	}{
		{[]Arg{arg("name", "x"), arg("bs", "4q")}, `command line: bad value "4q" for option "bs": unknown size suffix "q"`},
		{[]Arg{arg("name", "x"), arg("create_on_open", "1")}, `command line: fio option "create_on_open" is not supported by xbench`},
		{[]Arg{arg("bs", "8k"), arg("name", "x"), arg("size", "4k")}, `command line: job "x": bs (8192) is larger than size (4096)`},
		{[]Arg{arg("name", "x"), arg("direct", "-")}, `command line: option "direct" requires a value (direct=...)`},
	} {
		_, err := Load(tt.args, nil, ParseOptions{})
		assert.EqualError(t, err, tt.want)
	}
}

func TestLoadSections(t *testing.T) {
	files := map[string]string{
		"a.fio": "[global]\nioengine=null\nsize=1m\n[a1]\n[globalx]\nbs=8k\n[a2]\n[a3]\n",
		"b.fio": "[b1]\nioengine=null\nsize=1m\n[b2]\nioengine=null\nsize=1m\n",
	}
	o := ParseOptions{Open: memOpen(files), Sections: []string{"a2", "c", "b1"}}
	args := []Arg{arg("ioengine", "null"), arg("size", "1m"), arg("name", "c"), arg("name", "d"), arg("bs", "x")}
	p, err := Load(args, []string{"a.fio", "b.fio"}, o)
	require.NoError(t, err)
	// fio --section applies to the command line and the first file; global
	// sections always apply (a2 gets bs=8k); the section list is forgotten
	// after the first file (b1 and b2 both run).
	assert.Equal(t, "c(g=0) a2(g=0) b1(g=1) b2(g=1)", jobSummary(p.Jobs))
	assert.Equal(t, uint64(8192), p.Jobs[1].BS.BS[DirRead])
	var names []string
	for _, s := range p.Files[0].Sections {
		names = append(names, s.Name)
	}
	assert.Equal(t, []string{"global", "globalx", "a2"}, names, "skipped sections are not echoed")

	_, err = Load(nil, []string{"a.fio"}, ParseOptions{Open: memOpen(files), Sections: []string{"global"}})
	assert.EqualError(t, err, "--section=global: global sections always apply; name a job section")
}

func TestLoadGroups(t *testing.T) {
	files := map[string]string{
		"a.fio":    "[a]\nioengine=null\nsize=1m\n",
		"glob.fio": "[global]\nbs=8k\n",
		"b.fio":    "[b1]\nioengine=null\nsize=1m\n[b2]\nioengine=null\nsize=1m\n",
	}
	// A file without jobs does not start a group (fio: b1 is in group 1).
	p, err := Load(nil, []string{"glob.fio", "a.fio", "glob.fio", "b.fio"}, ParseOptions{Open: memOpen(files)})
	require.NoError(t, err)
	assert.Equal(t, "a(g=0) b1(g=1) b2(g=1)", jobSummary(p.Jobs))
	assert.Equal(t, uint64(4096), p.Jobs[1].BS.BS[DirRead], "globals do not cross files")
}

func TestLoadStdin(t *testing.T) {
	// cat job.fio | fio -
	p, err := Load(nil, []string{"-"}, ParseOptions{Stdin: strings.NewReader("[s1]\nioengine=null\nsize=1m\n")})
	require.NoError(t, err)
	require.Len(t, p.Jobs, 1)
	assert.Equal(t, "s1", p.Jobs[0].Name)
	assert.Equal(t, "-", p.Jobs[0].Source)
}

func TestLoadFileErrors(t *testing.T) {
	_, err := Load(nil, []string{"nope.fio"}, ParseOptions{Open: memOpen(nil)})
	assert.EqualError(t, err, "nope.fio: cannot open job file: file does not exist")
	files := map[string]string{"a.fio": "[a]\nioengine=null\nsize=1m\n", "bad.fio": "[b]\nfrob=1\n"}
	_, err = Load(nil, []string{"a.fio", "bad.fio"}, ParseOptions{Open: memOpen(files)})
	assert.EqualError(t, err, `bad.fio:2: unknown option "frob"`)
}
