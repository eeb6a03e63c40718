package fiolog

// Window averages the samples of one direction over log_avg_msec, as fio
// does for its logs when log_avg_msec is set: when a window has passed, one
// entry carries the mean of its samples (rounded) or, with log_max_value,
// their maximum.
type Window struct {
	// Every is the window length in milliseconds.
	Every uint64
	// Max logs the largest sample rather than the mean.
	Max bool

	last, n, sum, max uint64
	started           bool
}

// Add adds n samples whose values sum to sum and whose largest is max, at
// timeMs. It returns the value to log and true when the window that ended
// at timeMs had samples.
func (w *Window) Add(timeMs, n, sum, max uint64) (uint64, bool) {
	if !w.started {
		w.started, w.last = true, timeMs-timeMs%w.Every
	}
	w.n += n
	w.sum += sum
	w.max = maxU(w.max, max)
	if timeMs-w.last < w.Every {
		return 0, false
	}
	return w.take(timeMs), true
}

// take ends the window at timeMs and returns its value.
func (w *Window) take(timeMs uint64) uint64 {
	v := w.max
	if !w.Max && w.n > 0 {
		v = (w.sum + w.n/2) / w.n
	}
	w.n, w.sum, w.max = 0, 0, 0
	w.last = timeMs - timeMs%w.Every
	return v
}

// Pending reports whether the window holds samples not logged yet, and
// their value, for the last line fio writes when the job ends.
func (w *Window) Pending(timeMs uint64) (uint64, bool) {
	if w.n == 0 {
		return 0, false
	}
	return w.take(timeMs), true
}

func maxU(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}
