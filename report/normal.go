package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xbench/xbench/stats"
)

// WriteNormal writes fio's human-readable report: a blank line, then for
// each job that moved IO its block (the "name: (groupid=..)" line, each
// used direction's IOPS and bandwidth line with its slat/clat/lat lines,
// percentiles and bandwidth and IOPS samples, the latency distribution,
// the cpu line, IO depths, submit, complete, issued rwts and latency),
// then each group's "Run status group" summary and the Disk stats.
// Spacing and number formatting follow fio 3.33 exactly.
func WriteNormal(w io.Writer, r *Run) error {
	if err := r.check(); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteByte('\n')
	for i := range r.Jobs {
		writeJobNormal(&b, r, &r.Jobs[i])
	}
	for i := range r.Groups {
		writeGroupNormal(&b, r, &r.Groups[i])
	}
	writeDisksNormal(&b, r.Disks)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeJobNormal writes one job's block, or nothing when it moved no IO.
func writeJobNormal(b *strings.Builder, r *Run, j *Job) {
	s := j.Stats
	var bytes, ios uint64
	for d := range s.Dirs {
		bytes += s.Dirs[d].IOBytes
		ios += s.Dirs[d].TotalIOs
	}
	if bytes == 0 && ios == 0 {
		return
	}
	members := max(s.Members, 1)
	if s.Error == 0 {
		fmt.Fprintf(b, "%s: (groupid=%d, jobs=%d): err=%2d: pid=%d: %s\n",
			s.Name, s.GroupID, members, s.Error, j.PID, ctime(r.Time))
	} else {
		fmt.Fprintf(b, "%s: (groupid=%d, jobs=%d): err=%2d (%s): pid=%d: %s\n",
			s.Name, s.GroupID, members, s.Error, s.ErrorText, j.PID, ctime(r.Time))
	}
	if j.Description != "" {
		fmt.Fprintf(b, "  Description  : [%s]\n", j.Description)
	}
	// fio takes the binary or decimal choice of these lines from the
	// group's kb_base (that of its last entry), the rest from the entry.
	groupPow2 := j.pow2()
	if last := r.lastJobOfGroup(s.GroupID); last != nil {
		groupPow2 = last.pow2()
	}
	g := r.group(s.GroupID)
	for d := stats.Read; d < stats.NumDirs; d++ {
		if s.Dirs[d].IOBytes != 0 {
			writeDirNormal(b, j, g, d, groupPow2)
		}
	}
	writeLatenciesNormal(b, s)
	writeSyncNormal(b, j)
	usr, sys := cpuPercent(s)
	fmt.Fprintf(b, "  cpu          : usr=%3.2f%%, sys=%3.2f%%, ctx=%d, majf=%d, minf=%d\n",
		usr, sys, s.CPU.Ctx, s.CPU.MajFlt, s.CPU.MinFlt)
	writeDepthsNormal(b, s)
}

// cpuPercent returns user and system CPU time as percentages of the job's
// runtime, from whole milliseconds truncated as fio keeps these three
// (mtime_since), unlike the per-direction runtimes it rounds up.
func cpuPercent(s *stats.Job) (usr, sys float64) {
	rt := truncMsec(s.Runtime)
	if rt == 0 {
		return 0, 0
	}
	usr = float64(truncMsec(s.CPU.User)) * 100 / float64(rt)
	sys = float64(truncMsec(s.CPU.System)) * 100 / float64(rt)
	return usr, sys
}

// writeDirNormal writes one direction's lines of a job block; g is the
// entry's group and pow2 picks binary units first.
func writeDirNormal(b *strings.Builder, j *Job, g *stats.Group, d stats.Dir, pow2 bool) {
	ds := &j.Stats.Dirs[d]
	runt := stats.Msec(ds.Runtime)
	if runt == 0 {
		return
	}
	sig := j.sigFigs()
	bw := stats.BytesPerSec(ds.IOBytes, ds.Runtime)
	iops := ds.TotalIOs * 1000 / runt
	post := ""
	if d == stats.Write {
		// fio reports zoned-device resets on every write line; xbench
		// never resets zones.
		post = "; 0 zone resets"
	}
	fmt.Fprintf(b, "  %s: IOPS=%s, BW=%s (%s)(%s/%dmsec)%s\n", d,
		Num2Str(iops, sig, 1, false, UnitNone),
		Num2Str(bw, sig, 1, pow2, j.bwUnit()),
		Num2Str(bw, sig, 1, !pow2, j.bwUnit()),
		Num2Str(ds.IOBytes, sig, 1, pow2, UnitByte),
		runt, post)

	writeLatNormal(b, "slat", ds.Slat)
	writeLatNormal(b, "clat", ds.Clat)
	writeLatNormal(b, " lat", ds.Lat)

	points, precision := j.percentiles()
	points = sortedPercentiles(points)
	for _, m := range [...]struct {
		name string
		on   bool
		l    *stats.Latency
	}{
		{"slat", j.SlatPercentiles, ds.Slat},
		{"clat", !j.NoClatPercentiles, ds.Clat},
		{"lat", j.LatPercentiles, ds.Lat},
	} {
		if m.on && measured(m.l) {
			writePercentiles(b, m.name, points, percentileValues(m.l, points), precision)
		}
	}
	writeRatesNormal(b, j, g, d)
}

// writeSyncNormal writes the latency of the job's fsyncs and fdatasyncs,
// with fio's percentiles, when it issued any.
func writeSyncNormal(b *strings.Builder, j *Job) {
	l := j.Stats.Sync.Lat
	if !measured(l) {
		return
	}
	b.WriteString("  fsync/fdatasync/sync_file_range:\n")
	writeLatNormal(b, "sync", l)
	points, precision := j.percentiles()
	points = sortedPercentiles(points)
	writePercentiles(b, "sync", points, percentileValues(l, points), precision)
}

// writeLatNormal writes a "clat (usec): min=.., max=.., avg=.., stdev=.."
// line, or nothing for an unmeasured metric.
func writeLatNormal(b *strings.Builder, name string, l *stats.Latency) {
	if !measured(l) {
		return
	}
	f := ScaleLatency(l.Min(), l.Max(), l.Mean(), l.Stddev())
	fmt.Fprintf(b, "    %s (%s): min=%s, max=%s, avg=%5.02f, stdev=%5.02f\n",
		name, f.Unit,
		Num2Str(f.Min, 6, 1, false, UnitNone),
		Num2Str(f.Max, 6, 1, false, UnitNone),
		f.Mean, f.Stddev)
}

var groupDirLabel = [stats.NumDirs]string{"   READ", "  WRITE", "   TRIM"}

// writeGroupNormal writes a group's "Run status group" summary. Units and
// significant figures come from the group's last entry, as in fio.
func writeGroupNormal(b *strings.Builder, r *Run, g *stats.Group) {
	fmt.Fprintf(b, "\nRun status group %d (all jobs):\n", g.ID)
	sig, pow2, bw := 4, true, UnitBytePerSec
	if j := r.lastJobOfGroup(g.ID); j != nil {
		sig, pow2, bw = j.sigFigs(), j.pow2(), j.bwUnit()
	}
	for d := range g.Dirs {
		gd := &g.Dirs[d]
		if !gd.Used() {
			continue
		}
		n := func(v uint64, p bool, u Unit) string { return Num2Str(v, sig, 1, p, u) }
		fmt.Fprintf(b, "%s: bw=%s (%s), %s-%s (%s-%s), io=%s (%s), run=%d-%dmsec\n",
			groupDirLabel[d],
			n(gd.AggBW, pow2, bw), n(gd.AggBW, !pow2, bw),
			n(gd.MinBW, pow2, bw), n(gd.MaxBW, pow2, bw),
			n(gd.MinBW, !pow2, bw), n(gd.MaxBW, !pow2, bw),
			n(gd.IOBytes, pow2, UnitByte), n(gd.IOBytes, !pow2, UnitByte),
			stats.Msec(gd.MinRun), stats.Msec(gd.MaxRun))
	}
}
