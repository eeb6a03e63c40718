package xnvme

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/xbench/xbench/internal/sysx"
	"github.com/xbench/xbench/internal/testutil"
)

// BenchmarkNullCycle measures one batch through the null mechanism: the
// cgo crossing, the batch-edge timestamps and the C bookkeeping, reported
// per IO.
func BenchmarkNullCycle(b *testing.B) {
	for _, depth := range []int{1, 32} {
		b.Run(fmt.Sprintf("depth=%d", depth), func(b *testing.B) {
			benchQueue(b, QueueOptions{Mechanism: "null", Depth: depth, BufferSize: 4096}, depth)
		})
	}
}

// benchLibQueue measures one full batch of depth reads through an xnvme
// queue on uri, reported per IO.
func benchLibQueue(b *testing.B, lib *Library, uri string, o LibOptions, depth int) {
	benchQueue(b, QueueOptions{Mechanism: "xnvme", Depth: depth, BufferSize: 4096, URI: uri, Library: lib, Lib: o}, depth)
}

// benchQueue measures one full batch of depth 4 KiB reads through a queue
// made with o, reported per IO.
func benchQueue(b *testing.B, o QueueOptions, depth int) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	q, err := NewQueue(nil, o)
	if err != nil {
		b.Fatal(err)
	}
	defer q.Close()
	sq := q.SQ()
	for i := range sq {
		sq[i] = SQE{Offset: uint64(i) * 4096, Nbytes: 4096, Slot: uint32(i)}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := q.Cycle(depth, depth); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*depth), "ns/IO")
}

// BenchmarkPathOverhead compares xNVMe's path with the native one at
// iodepth 1, one 4 KiB read per cycle: the null mechanism against the
// xNVMe ramdisk with async nil (no data moves: the cost of the path
// alone), psync against xNVMe's emu (both pread) on a file in the page
// cache, and native io_uring against xNVMe's io_uring on a file, both
// buffered (the page cache serves the reads, so the CPU cost of the path
// shows) and direct. Besides wall time it reports the CPU time of the
// benchmark's thread per IO (getrusage), which other load on the machine
// disturbs less. The xNVMe cases need a real libxnvme
// (XNVME_LIBRARY_PATH) and are skipped without one. The machine is noisy:
// run it several times, interleaved, and compare medians.
func BenchmarkPathOverhead(b *testing.B) {
	const fileSize = 64 << 20
	dir := testutil.DirectIODir(b)
	file := testutil.File(b, dir, "overhead", fileSize, nil)
	cases := []struct {
		name string
		o    QueueOptions
		path string
		dio  bool
		lib  bool
	}{
		{"null/native", QueueOptions{Mechanism: "null"}, "", false, false},
		{"null/xnvme-nil", QueueOptions{Mechanism: "xnvme", URI: "2GB", Lib: LibOptions{Async: "nil"}}, "", false, true},
		{"file-buffered/native-psync", QueueOptions{Mechanism: "psync"}, file, false, false},
		{"file-buffered/xnvme-emu", QueueOptions{Mechanism: "xnvme", URI: file, Lib: LibOptions{Async: "emu"}}, "", false, true},
		{"file-buffered/native-io_uring", QueueOptions{Mechanism: "io_uring"}, file, false, false},
		{"file-buffered/xnvme-io_uring", QueueOptions{Mechanism: "xnvme", URI: file, Lib: LibOptions{Async: "io_uring"}}, "", false, true},
		{"file-direct/native-io_uring", QueueOptions{Mechanism: "io_uring"}, file, true, false},
		{"file-direct/xnvme-io_uring", QueueOptions{Mechanism: "xnvme", URI: file, Lib: LibOptions{Async: "io_uring", Direct: true}}, "", true, true},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			o := tc.o
			o.Depth, o.BufferSize = 1, 4096
			if tc.lib {
				o.Library = realLibrary(b)
			}
			var devs []*Device
			if tc.path != "" {
				dev, err := Open(tc.path, OpenOptions{Direct: tc.dio})
				if err != nil {
					b.Fatal(err)
				}
				defer dev.Close()
				devs = append(devs, dev)
			}
			q, err := NewQueue(devs, o)
			if err != nil {
				b.Fatal(err)
			}
			defer q.Close()
			sq := q.SQ()
			b.ReportAllocs()
			i := uint64(0)
			u0, _ := sysx.ThreadUsage()
			for b.Loop() {
				sq[0] = SQE{Offset: (i * 4096) % fileSize, Nbytes: 4096}
				i++
				c, err := q.Cycle(1, 1)
				if err != nil || c.Completed != 1 || q.CQ()[0].Res != 4096 {
					b.Fatalf("cycle: %+v %v res=%d", c, err, q.CQ()[0].Res)
				}
			}
			u := must(sysx.ThreadUsage()).Sub(u0)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/IO")
			b.ReportMetric(float64((u.User+u.System).Nanoseconds())/float64(b.N), "cpu-ns/IO")
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
