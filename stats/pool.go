package stats

import "time"

// Pool adds o, a later run of the same job, into j: the figures of
// repetitions run one after another. Unlike Merge, which joins clones that
// ran side by side (and so keeps the longest runtime), Pool adds the
// per-direction runtimes, so that the pooled IOPS and bandwidth are the
// totals over the total measured time. Latency histograms merge exactly.
// The first run's name, group, start and member count are kept: every run
// has the same clones.
func (j *Job) Pool(o *Job) {
	var runtimes [NumDirs]time.Duration
	for d := range j.Dirs {
		runtimes[d] = j.Dirs[d].Runtime + o.Dirs[d].Runtime
	}
	members := j.Members
	j.Merge(o)
	if members > 0 {
		j.Members = members
	}
	for d := range j.Dirs {
		j.Dirs[d].Runtime = runtimes[d]
	}
}
