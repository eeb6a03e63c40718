package workload

import (
	"fmt"
	"slices"
)

// This file gathers the options that shape the IO a job issues, kept in a
// file per theme, and the fixups fio applies to them once a job is
// complete (fixup_options in fio's init.c).

// ioOptions are the options on what IO a job issues and when.
var ioOptions = slices.Concat(fileOptions, extentOptions, blockSizeOptions, mixOptions, randomOptions,
	queueOptions, flowOptions, rateOptions, syncOptions)

// clearDefaultMarks forgets the marks that parsing a default left: an
// option counts as set only when a job file sets it.
func clearDefaultMarks(j *Job) {
	j.Batch.SubmitSet = false
	j.Verify.methodSet = false
}

// ioFixupError is a problem found when a job is complete, with the
// options to point at: the error names the line of the last one set.
type ioFixupError struct {
	options []string
	err     error
}

// fixupError makes an ioFixupError.
func fixupError(err error, options ...string) *ioFixupError {
	return &ioFixupError{options: options, err: err}
}

func (e *ioFixupError) Error() string { return e.err.Error() }

// fixupIO applies fio's fixups to the IO options of a complete job and
// checks them against each other.
func fixupIO(j *Job) error {
	j.Files.endSection()
	if err := fixupBlockSizes(j); err != nil {
		return fixupError(err, "bs", "bsrange", "bssplit")
	}
	if n := len(j.Files.Names); n > 0 && j.Files.NrFiles > n {
		j.Files.NrFiles = n
	}
	if j.Files.SizeHigh == 0 {
		j.Files.SizeHigh = j.Files.SizeLow
	}
	if j.Random.Dist.Kind != DistRandom {
		// fio: a non-uniform distribution excludes the random map.
		j.NoRandomMap = true
	}
	if j.Size != 0 && j.Size < j.BS.MinBS() {
		return fixupError(fmt.Errorf("job %q: bs (%d) is larger than size (%d)", j.Name, j.BS.MinBS(), j.Size), "size", "bs", "bsrange", "bssplit")
	}
	fixupBatching(j)
	if opt, err := fixupRate(j); err != nil {
		return fixupError(err, opt)
	}
	if err := fixupVerify(j); err != nil {
		return err
	}
	if j.Flow.WaitFor == j.Name && j.Flow.WaitFor != "" {
		return fixupError(fmt.Errorf("job %q cannot wait for itself", j.Name), "wait_for")
	}
	return nil
}
