package stats

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func jobWith(group int, dir Dir, bytes uint64, runtime time.Duration) *Job {
	j := &Job{Name: "j", GroupID: group, Members: 1}
	j.Dirs[dir] = NewDirStats()
	j.Dirs[dir].IOBytes = bytes
	j.Dirs[dir].TotalIOs = bytes / 4096
	j.Dirs[dir].Runtime = runtime
	return j
}

// The figures of fio's "Run status group" for two jobs taken from a real
// fio run: 4096 KiB each in 130 and 119 ms.
func TestSummarizeMatchesFio(t *testing.T) {
	a := jobWith(0, Read, 4<<20, 129*time.Millisecond+400*time.Microsecond)
	b := jobWith(0, Read, 4<<20, 119*time.Millisecond)
	g := Summarize([]*Job{a, b})
	require.Len(t, g, 1)
	r := g[0].Dirs[Read]
	require.EqualValues(t, 8<<20, r.IOBytes)
	require.Equal(t, 119*time.Millisecond, r.MinRun)
	require.Equal(t, 130*time.Millisecond, r.MaxRun, "runtimes round up to whole ms")
	require.EqualValues(t, 4194304*1000/119, r.MaxBW)
	require.EqualValues(t, 4194304*1000/130, r.MinBW)
	require.EqualValues(t, 8388608*1000/130, r.AggBW)
	require.False(t, g[0].Dirs[Write].Used())
	require.Zero(t, g[0].Dirs[Write].MinBW)
}

func TestSummarizeOrdersGroups(t *testing.T) {
	g := Summarize([]*Job{
		jobWith(2, Write, 4096, time.Second),
		jobWith(0, Read, 4096, time.Second),
	})
	require.Equal(t, 0, g[0].ID)
	require.Equal(t, 2, g[1].ID)
}

func TestMergeIsGroupReporting(t *testing.T) {
	a := jobWith(0, Read, 8192, 2*time.Second)
	a.Dirs[Read].Lat.Record(100)
	a.CPU.User = time.Second
	a.Runtime = 2 * time.Second
	b := jobWith(0, Read, 4096, 3*time.Second)
	b.Name = "second"
	b.Dirs[Read].Lat.Record(300)
	b.CPU.User = time.Second
	b.Runtime = 3 * time.Second
	b.Error, b.ErrorText = 5, "io error"

	var m Job
	m.Merge(a)
	m.Merge(b)
	require.Equal(t, "j", m.Name, "the first member names the entry")
	require.Equal(t, 2, m.Members)
	require.EqualValues(t, 12288, m.Dirs[Read].IOBytes)
	require.Equal(t, 3*time.Second, m.Dirs[Read].Runtime, "the longest runtime")
	require.Equal(t, 5*time.Second, m.Runtime, "job runtimes add up, as fio's total_run_time")
	require.Equal(t, 2*time.Second, m.CPU.User)
	require.EqualValues(t, 2, m.Dirs[Read].Lat.N())
	require.EqualValues(t, 200, m.Dirs[Read].Lat.Mean())
	require.Equal(t, 5, m.Error)
	require.False(t, m.Dirs[Write].Used())
}

func TestRates(t *testing.T) {
	require.EqualValues(t, 0, Msec(0))
	require.EqualValues(t, 1, Msec(time.Microsecond), "any IO takes at least 1 ms")
	require.EqualValues(t, 1, Msec(999*time.Microsecond+999))
	require.EqualValues(t, 2001, Msec(2000*time.Millisecond+1*time.Microsecond), "fio's run=2001msec for runtime=2")
	require.EqualValues(t, 2000, Msec(2000*time.Millisecond+999), "below a microsecond does not count")
	require.EqualValues(t, 100_000, BytesPerSec(100, 999*time.Microsecond))
	require.EqualValues(t, 100_000, BytesPerSec(100, time.Millisecond))
	require.InDelta(t, 77480.759620, IOPS(155039, 2001*time.Millisecond), 1e-6, "fio's iops for 155039 IOs in 2001 ms")
}
