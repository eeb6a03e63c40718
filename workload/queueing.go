package workload

import "math"

// This file is fio's queueing options (HOWTO "I/O depth" and "Buffers and
// memory"): the submit and reap batches, the low-water mark, direct and
// buffered.

// Batching says how IOs are submitted and reaped in batches. Zero values
// are unset; the engine applies fio's rules for them.
type Batching struct {
	// Submit caps the IOs one submit call carries (iodepth_batch_submit,
	// alias iodepth_batch). fio's default is 1; SubmitSet says whether the
	// job file set it, since xbench's default differs (see the README).
	Submit    int
	SubmitSet bool
	// CompleteMin is the fewest completions to wait for when the queue is
	// full (iodepth_batch_complete_min, alias iodepth_batch_complete);
	// fio's default is 1.
	CompleteMin int
	// CompleteMax caps the completions one reap takes
	// (iodepth_batch_complete_max); 0 takes all there are.
	CompleteMax int
	// Low is the depth a full queue drains to before it is filled again
	// (iodepth_low); 0 means iodepth.
	Low int
}

// queueOptions are fio's batching options and direct/buffered.
var queueOptions = []*optionDef{
	intOpt("iodepth_batch_submit", "1", `IOs to submit in one call (fio HOWTO "I/O depth", iodepth_batch_submit); 0 means iodepth`,
		0, math.MaxInt32, func(j *Job, v int) { j.Batch.Submit, j.Batch.SubmitSet = v, true }).withAlias("iodepth_batch"),
	intOpt("iodepth_batch_complete_min", "1", `Fewest completions to wait for when the queue is full (fio HOWTO "I/O depth", iodepth_batch_complete_min)`,
		0, math.MaxInt32, func(j *Job, v int) { j.Batch.CompleteMin = v }).withAlias("iodepth_batch_complete"),
	intOpt("iodepth_batch_complete_max", "", `Most completions to reap at once; unset, all there are (fio HOWTO "I/O depth", iodepth_batch_complete_max)`,
		0, math.MaxInt32, func(j *Job, v int) { j.Batch.CompleteMax = v }),
	intOpt("iodepth_low", "", `Depth a full queue drains to before it is filled again; unset, iodepth (fio HOWTO "I/O depth", iodepth_low)`,
		0, math.MaxInt32, func(j *Job, v int) { j.Batch.Low = v }),
	boolOpt("direct", "0", `Use O_DIRECT IO, bypassing the page cache (negates buffered) (fio HOWTO "I/O type", direct)`,
		func(j *Job, v bool) { j.Direct = v }),
	boolOpt("buffered", "1", `Use buffered IO (negates direct) (fio HOWTO "I/O type", buffered)`,
		func(j *Job, v bool) { j.Direct = !v }),
}

// fixupBatching applies fio's fixup_options rules: the low-water mark and
// the submit batch are at most iodepth, 0 meaning iodepth, and the reap
// cap is at least the minimum.
func fixupBatching(j *Job) {
	b := &j.Batch
	if b.Low > j.IODepth || b.Low == 0 {
		b.Low = j.IODepth
	}
	if b.Submit > j.IODepth || b.Submit == 0 {
		b.Submit = j.IODepth
	}
	if b.CompleteMax != 0 && b.CompleteMin > b.CompleteMax {
		b.CompleteMax = b.CompleteMin
	}
}
