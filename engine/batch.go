package engine

import "github.com/xbench/xbench/workload"

// This file maps fio's batching options (HOWTO "I/O depth") onto the
// cycle: each cycle fills every free slot, submits the new IOs in submit
// calls of at most iodepth_batch_submit each, and reaps what has completed,
// waiting only when it must.

// defaultSubmitBatch caps the IOs of one submit call when the job does not
// set iodepth_batch_submit. fio's default, 1, submits IO by IO as each is
// prepared; xbench prepares every free slot of a cycle at once and hands
// them to the kernel together, in calls of at most this many, which kept
// io_uring closest to fio's IOPS while keeping the batching (see the
// README).
const defaultSubmitBatch = 8

// submitMax is the most IOs one submit call carries.
func submitMax(j *workload.Job, depth int) int {
	if !j.Batch.SubmitSet {
		return min(defaultSubmitBatch, depth)
	}
	return min(j.Batch.Submit, depth)
}

// reaping decides how many completions a cycle waits for.
type reaping struct {
	completeMin int
	low         int
	depth       int
}

// newReaping returns the reaping rules of j at depth: when the queue is
// full, wait for iodepth_batch_complete_min completions (at least one),
// and for the queue to drain to iodepth_low.
func newReaping(j *workload.Job, depth int) reaping {
	return reaping{completeMin: max(j.Batch.CompleteMin, 1), low: min(j.Batch.Low, depth), depth: depth}
}

// waitFor returns the completions to wait for after submitting n IOs with
// inflight already in flight: none while there is room to submit more,
// some when the queue is full (or the device refused IOs last time, so
// that they can go once some complete), all of them when the loop must
// drain (the pass is over, the job is stopping, or it pauses for its rate
// or think time).
func (r *reaping) waitFor(n, inflight int, drain, stalled bool) int {
	total := n + inflight
	switch {
	case drain:
		return total
	case total >= r.depth:
		return max(r.completeMin, total-r.low)
	case stalled:
		return 1
	}
	return 0
}
