package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xbench/xbench/stats"
	"github.com/xbench/xbench/workload"
)

// BSRange is the smallest and largest block size of one direction, in
// bytes.
type BSRange struct {
	Min, Max uint64
}

// HeaderJob is what fio's pre-run line shows about one job section:
//
//	name: (g=0): rw=randread, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, ioengine=io_uring, iodepth=32
type HeaderJob struct {
	// Name is the job's name.
	Name string
	// GroupID is its reporting group.
	GroupID int
	// RW is fio's spelling of the IO pattern, such as "randread".
	RW string
	// BS holds the block size range of each direction, indexed by
	// stats.Dir.
	BS [stats.NumDirs]BSRange
	// IOEngine names the engine.
	IOEngine string
	// IODepth is the configured queue depth.
	IODepth int
	// NumJobs is the number of clones; with more than one fio prints a
	// "..." line under the job's line.
	NumJobs int
	// KBBase and SigFigs format the block sizes as in Job; 0 means fio's
	// defaults of 1024 and 4.
	KBBase, SigFigs int
}

// HeaderJobOf describes a parsed job for WriteHeader: each direction's
// smallest and largest block size; an unset depth shows fio's default of 1.
func HeaderJobOf(j *workload.Job) HeaderJob {
	h := HeaderJob{
		Name:     j.Name,
		GroupID:  j.GroupID,
		RW:       j.RW.String(),
		IOEngine: j.IOEngine,
		IODepth:  max(j.IODepth, 1),
		NumJobs:  max(j.NumJobs, 1),
		KBBase:   j.Report.KBBase,
		SigFigs:  j.Report.SigFigs,
	}
	for d := range h.BS {
		h.BS[d] = BSRange{Min: j.BS.Min[d], Max: j.BS.Max[d]}
	}
	return h
}

// WriteHeader writes the lines fio prints before a run: one line per job
// section (and "..." under a section with several clones), the version
// line, and "Starting N thread(s)". xbench runs every clone as a thread,
// so nthreads counts all clones.
func WriteHeader(w io.Writer, version string, jobs []HeaderJob, nthreads int) error {
	var b strings.Builder
	for i := range jobs {
		writeHeaderJob(&b, &jobs[i])
	}
	fmt.Fprintf(&b, "%s\n", version)
	b.WriteString("Starting ")
	if nthreads > 0 {
		s := ""
		if nthreads > 1 {
			s = "s"
		}
		fmt.Fprintf(&b, "%d thread%s", nthreads, s)
	}
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// writeHeaderJob writes one job section's pre-run line.
func writeHeaderJob(b *strings.Builder, h *HeaderJob) {
	j := Job{KBBase: h.KBBase, SigFigs: h.SigFigs}
	sig, pow2 := j.sigFigs(), j.pow2()
	bs := func(v uint64) string { return Num2Str(v, sig, 1, pow2, UnitByte) }
	r, w, t := h.BS[stats.Read], h.BS[stats.Write], h.BS[stats.Trim]
	fmt.Fprintf(b, "%s: (g=%d): rw=%s, bs=(R) %s-%s, (W) %s-%s, (T) %s-%s, ioengine=%s, iodepth=%d\n",
		h.Name, h.GroupID, h.RW,
		bs(r.Min), bs(r.Max), bs(w.Min), bs(w.Max), bs(t.Min), bs(t.Max),
		h.IOEngine, h.IODepth)
	if h.NumJobs > 1 {
		b.WriteString("...\n")
	}
}
