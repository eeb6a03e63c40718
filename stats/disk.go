package stats

// DiskUtil is what one block device did during a run, from the difference
// of two readings of /sys/block/NAME/stat, as fio's "Disk stats" shows it.
type DiskUtil struct {
	// Name is the device's kernel name, such as "nvme0n1".
	Name string
	// IOs, Merges and Ticks are the reads and writes completed, merged,
	// and the milliseconds spent on them, indexed read then write.
	IOs, Merges, Ticks [2]uint64
	// InQueue is the weighted milliseconds spent with IOs in flight
	// (time_in_queue).
	InQueue uint64
	// IOTicks is the milliseconds the device was busy.
	IOTicks uint64
	// Msec is the length of the measurement in milliseconds.
	Msec uint64
}

// Util is the percentage of the measurement the device was busy, at most
// 100, as fio computes it.
func (d *DiskUtil) Util() float64 {
	if d.Msec == 0 {
		return 0
	}
	return min(100*float64(d.IOTicks)/float64(d.Msec), 100)
}
