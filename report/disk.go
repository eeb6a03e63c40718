package report

import (
	"fmt"
	"strings"

	"github.com/xbench/xbench/stats"
)

// writeDisksNormal writes fio's "Disk stats (read/write):" section, or
// nothing without disks.
func writeDisksNormal(b *strings.Builder, disks []stats.DiskUtil) {
	if len(disks) == 0 {
		return
	}
	b.WriteString("\nDisk stats (read/write):\n")
	for i := range disks {
		d := &disks[i]
		fmt.Fprintf(b, "  %s: ios=%d/%d, merge=%d/%d, ticks=%d/%d, in_queue=%d, util=%3.2f%%\n",
			d.Name, d.IOs[0], d.IOs[1], d.Merges[0], d.Merges[1], d.Ticks[0], d.Ticks[1], d.InQueue, d.Util())
	}
}

// addDisksJSON adds fio's "disk_util" array, or nothing without disks.
func addDisksJSON(root *jsonObject, disks []stats.DiskUtil) {
	if len(disks) == 0 {
		return
	}
	arr := &jsonArray{}
	root.add("disk_util", arr)
	for i := range disks {
		d := &disks[i]
		o := &jsonObject{}
		o.add("name", d.Name)
		o.add("read_ios", d.IOs[0]).add("write_ios", d.IOs[1])
		o.add("read_merges", d.Merges[0]).add("write_merges", d.Merges[1])
		o.add("read_ticks", d.Ticks[0]).add("write_ticks", d.Ticks[1])
		o.add("in_queue", d.InQueue)
		o.add("util", d.Util())
		arr.vals = append(arr.vals, o)
	}
}

// appendDisksTerse appends each disk's terse fields to a job's line.
func appendDisksTerse(b *strings.Builder, disks []stats.DiskUtil) {
	for i := range disks {
		d := &disks[i]
		fmt.Fprintf(b, ";%s;%d;%d;%d;%d;%d;%d;%d;%3.2f%%",
			d.Name, d.IOs[0], d.IOs[1], d.Merges[0], d.Merges[1], d.Ticks[0], d.Ticks[1], d.InQueue, d.Util())
	}
}
