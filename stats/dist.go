package stats

// Dist is one of fio's seven-bucket distributions: "IO depths" (how many
// IOs were in flight when each IO was submitted), "submit" and "complete"
// (how many IOs each submit or reap call carried).
type Dist [7]uint64

// DepthBucket is the "IO depths" bucket of an IO submitted with depth IOs
// in flight, itself included (fio's io_u_mark_depth): 1, 2-3, 4-7, 8-15,
// 16-31, 32-63, >=64.
func DepthBucket(depth int) int {
	switch {
	case depth <= 1:
		return 0
	case depth < 4:
		return 1
	case depth < 8:
		return 2
	case depth < 16:
		return 3
	case depth < 32:
		return 4
	case depth < 64:
		return 5
	}
	return 6
}

// BatchBucket is the "submit"/"complete" bucket of a call that carried n
// IOs (fio's __io_u_mark_map): 0, 1-4, 5-8, 9-16, 17-32, 33-64, >64.
func BatchBucket(n int) int {
	switch {
	case n <= 0:
		return 0
	case n <= 4:
		return 1
	case n <= 8:
		return 2
	case n <= 16:
		return 3
	case n <= 32:
		return 4
	case n <= 64:
		return 5
	}
	return 6
}

// Total is the sum of the buckets.
func (d *Dist) Total() uint64 {
	var t uint64
	for _, v := range d {
		t += v
	}
	return t
}

// Percent returns each bucket as a percentage of total as fio's
// stat_calc_dist does: a non-empty bucket under 0.1% shows as 0.1%.
func (d *Dist) Percent(total uint64) [7]float64 {
	var out [7]float64
	if total == 0 {
		return out
	}
	for i, v := range d {
		p := float64(v) / float64(total) * 100
		if p < 0.1 && v != 0 {
			p = 0.1
		}
		out[i] = p
	}
	return out
}

// add adds o into d.
func (d *Dist) add(o *Dist) {
	for i := range d {
		d[i] += o[i]
	}
}
