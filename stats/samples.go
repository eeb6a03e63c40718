package stats

import "math"

// SampleStats summarises periodic samples of a rate, the bandwidth or IOPS
// of one interval, as fio's struct io_stat does: minimum, maximum, and a
// running mean and sum of squared deviations (Welford's method, with fio's
// floating-point steps, so that the figures match fio's).
type SampleStats struct {
	// N is the number of samples.
	N uint64
	// MinVal and MaxVal are the smallest and largest sample; MinVal is
	// meaningful only when N > 0.
	MinVal, MaxVal uint64
	// MeanVal is the running mean.
	MeanVal float64
	// S is the running sum of squared deviations from the mean.
	S float64
}

// Add records one sample, as fio's add_stat_sample.
func (s *SampleStats) Add(v uint64) {
	if s.N == 0 || v < s.MinVal {
		s.MinVal = v
	}
	s.MaxVal = max(s.MaxVal, v)
	val := float64(v)
	if delta := val - s.MeanVal; delta != 0 {
		s.MeanVal += delta / (float64(s.N) + 1)
		s.S += delta * (val - s.MeanVal)
	}
	s.N++
}

// Min is the smallest sample, or 0 without samples.
func (s *SampleStats) Min() uint64 {
	if s.N == 0 {
		return 0
	}
	return s.MinVal
}

// Mean is the mean sample.
func (s *SampleStats) Mean() float64 { return s.MeanVal }

// Stddev is the sample standard deviation, as fio's calc_lat: 0 with fewer
// than two samples.
func (s *SampleStats) Stddev() float64 {
	if s.N < 2 {
		return 0
	}
	return math.Sqrt(s.S / (float64(s.N) - 1))
}

// Sum adds o into s the way fio's group reporting merges bandwidth and IOPS
// samples (sum_stat with pure_sum): minimum, maximum, count, mean and
// deviation sums all add up, so that a group's figures describe the
// group's aggregate rate.
func (s *SampleStats) Sum(o *SampleStats) {
	if o.N == 0 {
		return
	}
	if s.N == 0 {
		*s = *o
		return
	}
	s.MinVal += o.MinVal
	s.MaxVal += o.MaxVal
	s.N += o.N
	s.MeanVal += o.MeanVal
	s.S += o.S
}
