package workload

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWithEngine(t *testing.T) {
	f, err := Parse(strings.NewReader("[global]\nioengine=libaio\nbs=8k\n[a]\nrw=randread\nioengine=io_uring\niodepth=4\ncpus_allowed=0\n"), "m.ini")
	require.NoError(t, err)
	j := f.Jobs[0]
	c, err := j.WithEngine("psync", nil, f.Global)
	require.NoError(t, err)
	require.Equal(t, "psync", c.IOEngine)
	require.Equal(t, "io_uring", j.IOEngine, "the original is untouched")
	require.EqualValues(t, 8192, c.BS.BS[DirRead])
	require.Equal(t, 4, c.IODepth)
	require.Equal(t, []Setting{{"rw", "randread"}, {"iodepth", "4"}, {"cpus_allowed", "0"}, {"ioengine", "psync"}}, c.Options)
	c.CPUsAllowed[0] = 1
	require.Equal(t, CPUSet{0}, j.CPUsAllowed, "the copy owns its CPU set")

	x, err := j.WithEngine("xnvme", []Setting{{"xnvme_async", "io_uring"}}, f.Global)
	require.NoError(t, err)
	require.Equal(t, "xnvme", x.IOEngine)
	require.Equal(t, "io_uring", x.XNVMe.Async, "xnvme:MECH picks the async mechanism")

	for _, tc := range []struct {
		engine   string
		settings []Setting
		want     string
	}{
		{"mmap", nil, `ioengine=mmap: fio ioengine "mmap" is not supported by xbench`},
		{"frob", nil, `ioengine=frob: unknown ioengine "frob"`},
		{"null", []Setting{{"nosuch", "1"}}, `nosuch=1: unknown option "nosuch"`},
	} {
		t.Run(tc.engine, func(t *testing.T) {
			_, err := j.WithEngine(tc.engine, tc.settings, f.Global)
			require.EqualError(t, err, tc.want)
		})
	}
}

// An engine option the new engine does not define makes the job unable to
// run on it.
func TestWithEngineRefusesAnotherEnginesOption(t *testing.T) {
	defs := indexOptions(append(slices.Clone(optionDefs),
		boolOpt("hipri_test", "0", "test-only io_uring option", func(*Job, bool) {}).forEngines("io_uring")))
	j := defaultJob()
	j.Name, j.IOEngine = "a", "io_uring"
	j.Options = []Setting{{"ioengine", "io_uring"}, {"hipri_test", "1"}}
	_, err := j.withEngine("libaio", nil, nil, defs)
	require.EqualError(t, err, "job a sets hipri_test, an option of ioengine=io_uring only")
	_, err = j.withEngine("io_uring", nil, nil, defs)
	require.NoError(t, err)
	j.Options = j.Options[:1]
	_, err = j.withEngine("libaio", nil, []Setting{{"hipri_test", ""}}, defs)
	require.Error(t, err, "a global engine option counts too")
}
