// Package diskstat reads the statistics of block devices from
// /sys/block/NAME/stat, for fio's "Disk stats" of the devices a run used.
package diskstat

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/xbench/xbench/stats"
)

// Device resolves the block device that path lives on: the device itself
// for a block device node, else the device of the filesystem holding the
// file. A partition resolves to its disk, as fio reports the disk. It
// returns the device's name under /sys/block, or "" when there is none
// (tmpfs, a network filesystem, a character device).
func Device(sysRoot, path string) string {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return ""
	}
	dev := st.Dev
	if st.Mode&unix.S_IFMT == unix.S_IFBLK {
		dev = st.Rdev
	}
	link := filepath.Join(sysRoot, "dev", "block", fmt.Sprintf("%d:%d", unix.Major(dev), unix.Minor(dev)))
	real, err := filepath.EvalSymlinks(link)
	if err != nil {
		return ""
	}
	if _, err := os.Stat(filepath.Join(real, "partition")); err == nil {
		real = filepath.Dir(real)
	}
	name := filepath.Base(real)
	if _, err := os.Stat(filepath.Join(sysRoot, "block", name, "stat")); err != nil {
		return ""
	}
	return name
}

// Reading is one read of a device's counters.
type Reading struct {
	// Name is the device's name.
	Name string
	// Fields are the counters of /sys/block/NAME/stat (Documentation/
	// block/stat.rst): reads, read merges, sectors, read ticks, writes,
	// write merges, sectors, write ticks, in flight, io_ticks,
	// time_in_queue.
	Fields [11]uint64
	// At is when it was read.
	At time.Time
}

// Read reads the counters of each named device under sysRoot ("/sys"),
// skipping devices that cannot be read.
func Read(sysRoot string, names []string) []Reading {
	var out []Reading
	for _, n := range names {
		raw, err := os.ReadFile(filepath.Join(sysRoot, "block", n, "stat"))
		if err != nil {
			continue
		}
		r := Reading{Name: n, At: time.Now()}
		for i, f := range strings.Fields(string(raw)) {
			if i == len(r.Fields) {
				break
			}
			r.Fields[i], _ = strconv.ParseUint(f, 10, 64)
		}
		out = append(out, r)
	}
	return out
}

// Diff returns what each device did between two readings, in fio's terms.
func Diff(before, after []Reading) []stats.DiskUtil {
	var out []stats.DiskUtil
	for _, a := range after {
		i := slices.IndexFunc(before, func(b Reading) bool { return b.Name == a.Name })
		if i < 0 {
			continue
		}
		b := before[i]
		d := func(k int) uint64 { return a.Fields[k] - b.Fields[k] }
		out = append(out, stats.DiskUtil{
			Name:    a.Name,
			IOs:     [2]uint64{d(0), d(4)},
			Merges:  [2]uint64{d(1), d(5)},
			Ticks:   [2]uint64{d(3), d(7)},
			IOTicks: d(9),
			InQueue: d(10),
			Msec:    uint64(a.At.Sub(b.At) / time.Millisecond),
		})
	}
	return out
}
