package stats

import (
	"errors"
	"fmt"
	"math"
	"math/big"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
)

// LatencyExport is a Latency in plain values, for saving it (in the JSON
// report's repeats section) and reading it back without loss: the exact
// sums beside the histogram in HdrHistogram's compressed, base64 encoding.
type LatencyExport struct {
	// N, Min, Max and Sum are the sample count, extremes and total, in
	// nanoseconds.
	N, Min, Max, Sum uint64
	// SumSq is the exact sum of squares, in decimal (it needs 128 bits).
	SumSq string
	// Histogram is the HdrHistogram in its V2 compressed encoding, base64.
	Histogram string
}

// Export returns l as plain values.
func (l *Latency) Export() (LatencyExport, error) {
	h, err := l.hist.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	if err != nil {
		return LatencyExport{}, fmt.Errorf("encoding a latency histogram: %w", err)
	}
	sq := new(big.Int).Lsh(new(big.Int).SetUint64(l.sumSqHi), 64)
	sq.Or(sq, new(big.Int).SetUint64(l.sumSqLo))
	return LatencyExport{N: l.n, Min: l.Min(), Max: l.max, Sum: l.sum, SumSq: sq.String(), Histogram: string(h)}, nil
}

// ImportLatency rebuilds the Latency that Export described. It checks that
// the histogram has xbench's range and precision and holds N samples, so
// that percentiles and merges mean what they do for a measured Latency.
func ImportLatency(e LatencyExport) (*Latency, error) {
	h, err := hdrhistogram.Decode([]byte(e.Histogram))
	if err != nil {
		return nil, fmt.Errorf("decoding a latency histogram: %w", err)
	}
	if h.LowestTrackableValue() != histLowest || h.HighestTrackableValue() != histHighest || h.SignificantFigures() != histSigFigs {
		return nil, fmt.Errorf("latency histogram covers %d..%d ns at %d significant figures, not xbench's %d..%d at %d",
			h.LowestTrackableValue(), h.HighestTrackableValue(), h.SignificantFigures(), int64(histLowest), int64(histHighest), histSigFigs)
	}
	if uint64(h.TotalCount()) != e.N {
		return nil, fmt.Errorf("latency histogram holds %d samples, not N=%d", h.TotalCount(), e.N)
	}
	sq, ok := new(big.Int).SetString(e.SumSq, 10)
	if !ok || sq.Sign() < 0 || sq.BitLen() > 128 {
		return nil, fmt.Errorf("latency sum of squares %q is not a 128-bit decimal", e.SumSq)
	}
	if e.N > 0 && e.Min > e.Max {
		return nil, errors.New("latency minimum above its maximum")
	}
	l := &Latency{hist: h, n: e.N, min: e.Min, max: e.Max, sum: e.Sum}
	if e.N == 0 {
		l.min, l.max = math.MaxUint64, 0
	}
	l.sumSqLo = new(big.Int).And(sq, new(big.Int).SetUint64(math.MaxUint64)).Uint64()
	l.sumSqHi = new(big.Int).Rsh(sq, 64).Uint64()
	return l, nil
}
