package workload

import (
	"fmt"
	"math"

	"github.com/xbench/xbench/verify"
)

// This file is fio's verification options (HOWTO "Verification"): how
// written blocks are made checkable, and when they are read back.

// Verification is a job's verify options.
type Verification struct {
	// Method is verify=; verify.None when the job does not verify. A
	// verify_pattern without verify= gives verify.Pattern, as in fio.
	Method verify.Method
	// methodSet is set once a job file sets verify=.
	methodSet bool
	// Do runs the read-back phase after each write phase (do_verify).
	Do bool
	// Pattern fills written blocks instead of random data (verify_pattern);
	// PatternText is the option as written.
	Pattern     verify.PatternSpec
	PatternText string
	// Fatal ends the job at the first bad block and stops checking the
	// block at its first bad chunk (verify_fatal).
	Fatal bool
	// Dump writes the expected and received chunk of a mismatch to files
	// (verify_dump).
	Dump bool
	// Backlog verifies the written blocks every Backlog writes, Batch of
	// them at a time (verify_backlog, verify_backlog_batch; Batch 0 means
	// Backlog).
	Backlog, Batch uint64
	// Offset moves each header this far into its chunk (verify_offset).
	Offset int
	// Interval puts a header every Interval bytes (verify_interval), fixed
	// up as fio does once the block sizes are known.
	Interval int
	// Only verifies what an earlier run of the job wrote, writing nothing
	// (verify_only).
	Only bool
	// StateSave saves how far the write phase got when the job ends
	// (verify_state_save); StateLoad verifies only that far
	// (verify_state_load).
	StateSave, StateLoad bool
	// Experimental is experimental_verify. fio then replays the workload
	// instead of logging writes; xbench verifies from its log either way,
	// which reads back the same blocks.
	Experimental bool
}

// Verifies reports whether the job checks data it reads back.
func (v *Verification) Verifies() bool { return v.Method != verify.None }

// verifyOptions are fio's verification options.
var verifyOptions = []*optionDef{
	{
		info: OptionInfo{Name: "verify", Type: "enum", Default: "0", Values: verify.Names(),
			Help: `Verify data written: the checksum or pattern each block carries (fio HOWTO "Verification", verify)`},
		parse: func(j *Job, v string) error {
			m, err := verify.ParseMethod(v)
			if err != nil {
				return err
			}
			j.Verify.Method, j.Verify.methodSet = m, true
			return nil
		},
	},
	boolOpt("do_verify", "1", `Run the verify phase after each write phase (fio HOWTO "Verification", do_verify)`,
		func(j *Job, v bool) { j.Verify.Do = v }),
	stringOpt("verify_pattern", "", `Fill written blocks with this pattern and verify it: numbers, "strings", 'files' and %o, the block offset (fio HOWTO "Verification", verify_pattern)`,
		func(j *Job, v string) error {
			p, err := verify.ParsePattern(v)
			if err != nil {
				return err
			}
			j.Verify.Pattern, j.Verify.PatternText = p, v
			return nil
		}),
	boolOpt("verify_fatal", "0", `End the job at the first verify failure (fio HOWTO "Verification", verify_fatal)`,
		func(j *Job, v bool) { j.Verify.Fatal = v }),
	boolOpt("verify_dump", "0", `Dump the expected and received data of a failed block to files (fio HOWTO "Verification", verify_dump)`,
		func(j *Job, v bool) { j.Verify.Dump = v }),
	sizeOpt("verify_backlog", "", `Verify the written blocks every this many writes (fio HOWTO "Verification", verify_backlog)`,
		0, func(j *Job, v uint64) { j.Verify.Backlog = v }),
	sizeOpt("verify_backlog_batch", "", `Verify this many blocks at a time with verify_backlog (fio HOWTO "Verification", verify_backlog_batch)`,
		0, func(j *Job, v uint64) { j.Verify.Batch = v }),
	intOpt("verify_offset", "", `Swap the verify header with the data this far into each block (fio HOWTO "Verification", verify_offset)`,
		verify.HeaderSize, math.MaxInt32, func(j *Job, v int) { j.Verify.Offset = v }),
	intOpt("verify_interval", "", `Write a verify header every this many bytes (fio HOWTO "Verification", verify_interval)`,
		2*verify.HeaderSize, math.MaxInt32, func(j *Job, v int) { j.Verify.Interval = v }),
	flagOpt("verify_only", `Only verify what an earlier run of the job wrote; write nothing (fio HOWTO "Verification", verify_only)`,
		func(j *Job, v bool) { j.Verify.Only = v }),
	boolOpt("verify_state_save", "1", `Save how far the write phase got when the job ends, for verify_state_load (fio HOWTO "Verification", verify_state_save)`,
		func(j *Job, v bool) { j.Verify.StateSave = v }),
	boolOpt("verify_state_load", "0", `Verify only as far as the saved state of an earlier run says it wrote (fio HOWTO "Verification", verify_state_load)`,
		func(j *Job, v bool) { j.Verify.StateLoad = v }),
	boolOpt("experimental_verify", "0", `Enable experimental verification; xbench verifies from its write log either way (fio HOWTO "Verification", experimental_verify)`,
		func(j *Job, v bool) { j.Verify.Experimental = v }),
	flagOpt("verifysort", `Deprecated in fio, which ignores it; xbench always verifies in offset order, what it asked for (fio HOWTO "Verification")`,
		func(*Job, bool) {}),
	intOpt("verifysort_nr", "", `Deprecated in fio, which ignores it, as xbench does (fio HOWTO "Verification")`,
		0, math.MaxInt32, func(*Job, int) {}),
}

// fixupVerify completes a job's verification as fio's fixup_options does:
// a pattern without verify= verifies the pattern, and the interval divides
// every block the job writes.
func fixupVerify(j *Job) error {
	v := &j.Verify
	if len(v.Pattern.Bytes) > 0 && !v.methodSet {
		v.Method = verify.Pattern
	}
	if v.Method == verify.PatternOnly && len(v.Pattern.Bytes) == 0 {
		return fixupError(fmt.Errorf("job %q: verify=pattern needs verify_pattern", j.Name), "verify")
	}
	if !v.Verifies() {
		return nil
	}
	if v.Only && j.TimeBased {
		return fixupError(fmt.Errorf("job %q: verify_only does not work with time_based (fio HOWTO)", j.Name), "verify_only", "time_based")
	}
	w, r := j.BS.Min[DirWrite], j.BS.Min[DirRead]
	maxW := j.BS.Max[DirWrite]
	iv := uint64(v.Interval)
	if maxW != w && iv == 0 {
		iv = w
	}
	if iv > w {
		iv = w
	} else if j.RW.Reads() && iv > r {
		iv = r
	}
	if iv == 0 || w%iv != 0 || maxW%iv != 0 {
		iv = gcd(w, maxW)
	}
	for _, s := range j.BS.Split[DirWrite] {
		iv = gcd(iv, s.Size)
	}
	if j.BS.Unaligned {
		// fio puts one header in each block of an unaligned size.
		iv = j.BS.MinBS()
	}
	v.Interval = int(iv)
	if j.BS.Unaligned {
		v.Interval = 0
	}
	if hl := v.Method.HeaderLen(); hl > 0 {
		if uint64(hl) >= iv {
			return fixupError(fmt.Errorf("job %q: verify=%s needs %d bytes of header in each block of %d bytes; use a larger bs or verify_interval",
				j.Name, v.Method, hl, iv), "verify", "verify_interval", "bs")
		}
		if v.Offset > 0 && v.Offset < hl {
			return fixupError(fmt.Errorf("job %q: verify_offset=%d would overlap the %d-byte header it is swapped with; use at least %d",
				j.Name, v.Offset, hl, hl), "verify_offset", "verify")
		}
		if v.Offset > 0 && uint64(v.Offset+hl) > iv {
			return fixupError(fmt.Errorf("job %q: verify_offset=%d leaves no room for the %d-byte header in a verify_interval of %d bytes",
				j.Name, v.Offset, hl, iv), "verify_offset", "verify_interval")
		}
	}
	if v.Batch == 0 {
		v.Batch = v.Backlog
	}
	return nil
}

// gcd is the greatest common divisor of a and b.
func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
