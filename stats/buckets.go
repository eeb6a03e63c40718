package stats

import hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

// LatencyBuckets is fio's latency distribution, the "lat (nsec)", "lat
// (usec)" and "lat (msec)" lines: counts of IOs whose completion latency
// (fio buckets clat, io_u.c's io_u_mark_latency) fell in each range. Nsec
// and Usec hold [0,2), [2,4), [4,10), [10,20), [20,50), [50,100),
// [100,250), [250,500), [500,750) and [750,1000) of their unit; Msec adds
// [1000,2000) and [2000,inf).
//
// xbench derives the buckets from its HdrHistograms, whose buckets are
// 0.1% wide: an IO within 0.1% of a boundary above 2 µs may be counted on
// the other side of it.
type LatencyBuckets struct {
	Nsec [10]uint64
	Usec [10]uint64
	Msec [12]uint64
}

// bucketEdges are the lower edges of buckets 1.. in each unit.
var bucketEdges = [...]uint64{2, 4, 10, 20, 50, 100, 250, 500, 750, 1000, 2000}

// edgeIndex is the bucket of v among the first n-1 edges.
func edgeIndex(v uint64, n int) int {
	i := 0
	for i < n-1 && v >= bucketEdges[i] {
		i++
	}
	return i
}

// add counts n IOs of ns nanoseconds.
func (b *LatencyBuckets) add(ns, n uint64) {
	switch {
	case ns < 1000:
		b.Nsec[edgeIndex(ns, len(b.Nsec))] += n
	case ns < 1000000:
		b.Usec[edgeIndex(ns/1000, len(b.Usec))] += n
	default:
		b.Msec[edgeIndex(ns/1000000, len(b.Msec))] += n
	}
}

// Add adds o into b.
func (b *LatencyBuckets) Add(o *LatencyBuckets) {
	for i := range b.Nsec {
		b.Nsec[i] += o.Nsec[i]
	}
	for i := range b.Usec {
		b.Usec[i] += o.Usec[i]
	}
	for i := range b.Msec {
		b.Msec[i] += o.Msec[i]
	}
}

// Buckets returns l's samples in fio's latency buckets.
func (l *Latency) Buckets() LatencyBuckets {
	var b LatencyBuckets
	if l == nil {
		return b
	}
	for _, bar := range bars(l.hist) {
		b.add(uint64(bar.From), uint64(bar.Count))
	}
	return b
}

// Bin is one bucket of a latency histogram: Count samples around Value
// nanoseconds.
type Bin struct {
	// Value is the bucket's midpoint in nanoseconds.
	Value uint64
	// Count is the number of samples in it.
	Count uint64
}

// Bins returns the non-empty buckets of l's histogram in increasing order,
// each keyed by its midpoint, as fio's json+ "bins". Below 2048 ns every
// nanosecond has its own bucket; above, buckets are 0.1% wide (fio's are
// 1.6% wide).
func (l *Latency) Bins() []Bin {
	var out []Bin
	for _, bar := range bars(l.hist) {
		out = append(out, Bin{Value: uint64(bar.From + (bar.To-bar.From+1)/2), Count: uint64(bar.Count)})
	}
	return out
}

// bars returns the non-empty buckets of h.
func bars(h *hdrhistogram.Histogram) []hdrhistogram.Bar {
	var out []hdrhistogram.Bar
	if h.TotalCount() == 0 {
		return nil
	}
	for _, b := range h.Distribution() {
		if b.Count > 0 {
			out = append(out, b)
		}
	}
	return out
}

// fio's latency histogram layout (stat.h): 29 groups of 64 buckets, each
// group twice as wide as the one before.
const (
	fioPlatBits = 6
	fioPlatVal  = 1 << fioPlatBits
	// FioPlatNR is the number of buckets of fio's latency histogram, the
	// columns of its histogram log.
	FioPlatNR = 29 * fioPlatVal
)

// FioPlatIndex is the index of fio's latency histogram bucket that holds
// val nanoseconds (stat.c, plat_val_to_idx).
func FioPlatIndex(val uint64) int {
	msb := 0
	for v := val; v > 1; v >>= 1 {
		msb++
	}
	if msb <= fioPlatBits {
		return int(val)
	}
	errorBits := msb - fioPlatBits
	base := (errorBits + 1) << fioPlatBits
	offset := int((fioPlatVal - 1) & (val >> errorBits))
	return min(base+offset, FioPlatNR-1)
}

// FioPlatValue is the value fio shows for bucket idx of its latency
// histogram, the middle of its range (stat.c, plat_idx_to_val).
func FioPlatValue(idx int) uint64 {
	if idx < fioPlatVal<<1 {
		return uint64(idx)
	}
	errorBits := uint(idx>>fioPlatBits) - 1
	base := uint64(1) << (errorBits + fioPlatBits)
	k := uint64(idx % fioPlatVal)
	return base + uint64((float64(k)+0.5)*float64(uint64(1)<<errorBits))
}

// FioPlat adds h's samples into plat, fio's latency histogram. Each of
// xbench's buckets lies inside one of fio's (both are aligned powers of two
// and xbench's are narrower), so the conversion is exact.
func FioPlat(h *hdrhistogram.Histogram, plat *[FioPlatNR]uint64) {
	for _, b := range bars(h) {
		plat[FioPlatIndex(uint64(b.From))] += uint64(b.Count)
	}
}
