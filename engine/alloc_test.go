package engine

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xbench/xbench/workload"
)

// mallocs returns how many heap allocations running the job took.
func mallocs(t testing.TB, j *workload.Job) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Run(context.Background(), []*workload.Job{j}, Options{Entropy: 1})
	require.NoError(t, err)
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs
}

// The timed loop allocates nothing per IO: a job four times as long
// allocates as much as a short one, give or take the runtime's own noise.
func TestLoopDoesNotAllocatePerIO(t *testing.T) {
	for _, depth := range []int{1, 32} {
		t.Run(fmt.Sprint(depth), func(t *testing.T) {
			short := job(t, "a", "ioengine=null", "rw=randread", fmt.Sprintf("iodepth=%d", depth), "size=256m")
			long := job(t, "a", "ioengine=null", "rw=randread", fmt.Sprintf("iodepth=%d", depth), "size=1g")
			mallocs(t, short) // warm up lazily initialised state
			a, b := mallocs(t, short), mallocs(t, long)
			extraIOs := (1<<30 - 256<<20) / 4096
			require.Less(t, float64(b)-float64(a), 0.001*float64(extraIOs),
				"%d more IOs cost %d more allocations (%d vs %d)", extraIOs, int64(b)-int64(a), b, a)
		})
	}
}

// BenchmarkNullJob runs a whole null-engine job, the framework's cost per
// IO: offsets, the crossing into C (per serial run of up to 16 IOs at
// depth 1, per batch at 32), timestamps and the histogram records.
func BenchmarkNullJob(b *testing.B) {
	for _, depth := range []int{1, 32} {
		b.Run(fmt.Sprintf("depth=%d", depth), func(b *testing.B) {
			j := job(b, "bench", "ioengine=null", "rw=randread", fmt.Sprintf("iodepth=%d", depth),
				fmt.Sprintf("size=%d", max(b.N, 1)*4096))
			b.ReportAllocs()
			b.ResetTimer()
			if _, err := Run(context.Background(), []*workload.Job{j}, Options{Entropy: 1}); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/IO")
		})
	}
}

// Verification allocates nothing per IO either: writing, logging, reading
// back and checking a job twelve times as long allocates as much, give or
// take the runtime's own noise.
func TestVerifyDoesNotAllocatePerIO(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, depth := range []int{1, 16} {
		t.Run(fmt.Sprint(depth), func(t *testing.T) {
			mk := func(size string) *workload.Job {
				return job(t, "a", "filename=f", "ioengine="+workload.FaultEngine, "rw=randwrite", "norandommap",
					fmt.Sprintf("iodepth=%d", depth), "size=4m", "io_size="+size, "verify=crc32c", "verify_backlog=32")
			}
			short, long := mk("8m"), mk("96m")
			mallocs(t, short)
			a, b := mallocs(t, short), mallocs(t, long)
			extraIOs := 2 * (96<<20 - 8<<20) / 4096 // writes and read backs
			require.Less(t, float64(b)-float64(a), 0.001*float64(extraIOs),
				"%d more IOs cost %d more allocations (%d vs %d)", extraIOs, int64(b)-int64(a), b, a)
		})
	}
}
