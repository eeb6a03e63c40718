package xnvme

import (
	"fmt"
	"runtime"
	"testing"
)

// BenchmarkNullCycle measures one batch through the null mechanism: the
// cgo crossing, the batch-edge timestamps and the C bookkeeping, reported
// per IO.
func BenchmarkNullCycle(b *testing.B) {
	for _, depth := range []int{1, 32} {
		b.Run(fmt.Sprintf("depth=%d", depth), func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			q, err := NewQueue(nil, QueueOptions{Mechanism: "null", Depth: depth, BufferSize: 4096})
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
		})
	}
}

// benchLibQueue measures one full batch of depth reads through an xnvme
// queue on uri, reported per IO.
func benchLibQueue(b *testing.B, lib *Library, uri string, o LibOptions, depth int) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	q, err := NewQueue(nil, QueueOptions{Mechanism: "xnvme", Depth: depth, BufferSize: 4096, URI: uri, Library: lib, Lib: o})
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
