package workload

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
)

// This file is fio's file options (HOWTO "Target file/device"): filename,
// directory, nrfiles and filesize, and fio's default names for a job's
// files.

// Files are the files a job does IO on.
type Files struct {
	// Names are the files set with filename, in order, each with the
	// directory of its section in front (fio's add_file). Empty means
	// fio's default names (Name).
	Names []string
	// pending counts the names at the end of Names added by the section
	// being read, which get the section's directory when it ends.
	pending int
	// Directory holds the directories of directory=, which fio separates
	// with ":"; clone n uses entry n modulo their number.
	Directory []string
	// NrFiles is the number of files (nrfiles). filename counts its
	// names, as in fio: the first names replace nrfiles, whatever their
	// order in the section; a larger count (from a later section) is cut
	// to the names given, a smaller one uses only the first names.
	NrFiles int
	// SizeLow and SizeHigh are filesize=: the size of each file, or a
	// range each file's size is drawn from. 0 means size/nrfiles.
	SizeLow, SizeHigh uint64
	// Service is file_service_type: which file serves the next IO.
	Service FileService
}

// fileOptions are fio's file options.
var fileOptions = []*optionDef{
	stringOpt("filename", "", `File or device to use (fio HOWTO "Target file/device", filename): several separated by ":", written "\:" for a colon in a name`, setFilename).withPrio(-1),
	stringOpt("directory", "", `Directory to put the job's files in (fio HOWTO "Target file/device", directory); several separated by ":" go to the clones in turn`, setDirectory),
	intOpt("nrfiles", "1", `Number of files to split the job's IO between (fio HOWTO "Target file/device", nrfiles)`,
		1, math.MaxInt32, func(j *Job, v int) { j.Files.NrFiles = v }).withAlias("nr_files"),
	filesizeOption(),
	fileServiceOption(),
}

// pathMax is fio's limit on the filename value (PATH_MAX).
const pathMax = 4096

// setFilename adds files to the job. fio strips blanks around the value
// and splits it at every ":" not escaped as "\:"; each filename line adds
// files, also to those the globals named. How they count toward nrfiles is
// settled when the section ends (endSection).
func setFilename(j *Job, v string) error {
	if len(v) > pathMax-1 {
		return fmt.Errorf("longer than %d bytes", pathMax-1)
	}
	names := splitFilenames(strings.Trim(v, cSpace))
	if len(names) == 0 {
		return errors.New("no file name")
	}
	j.Files.Names = append(j.Files.Names, names...)
	j.Files.pending += len(names)
	return nil
}

// setDirectory sets the directories, split at ":" as fio's get_next_str
// does (with "\:" escapes). As in fio, each must exist.
func setDirectory(j *Job, v string) error {
	dirs := splitFilenames(strings.Trim(v, cSpace))
	if len(dirs) == 0 {
		return errors.New("no directory")
	}
	for _, d := range dirs {
		if fi, err := os.Lstat(d); err != nil || !fi.IsDir() {
			return fmt.Errorf("%s is not a directory", quoteIfNeeded(d))
		}
	}
	j.Files.Directory = dirs
	return nil
}

// endSection settles the names the section added. fio applies filename
// after the other options of a section (its prio is -1), so the section's
// directory goes in front of them, and they count toward nrfiles after
// the section's nrfiles: the first names of a job replace the count, later
// ones add to it (str_filename_cb). A filename from an earlier section
// keeps the directory of that section.
func (f *Files) endSection() {
	first := len(f.Names) - f.pending
	if f.pending == 0 {
		return
	}
	if first == 0 {
		f.NrFiles = 0
	}
	f.NrFiles += f.pending
	f.pending = 0
	if len(f.Directory) == 0 {
		return
	}
	for i := first; i < len(f.Names); i++ {
		f.Names[i] = f.Directory[0] + "/" + f.Names[i]
	}
}

// Used returns the files the job does IO on, fio's nr_files: the first
// NrFiles names.
func (f *Files) Used() []string {
	return f.Names[:min(len(f.Names), f.NrFiles)]
}

// DefaultName is fio's name for file filenum of clone: directory (the
// clone's entry of directory=) and "jobname.clone.filenum" (fio's
// filename_format default, $jobname.$jobnum.$filenum).
func (j *Job) DefaultName(clone, filenum int) string {
	name := fmt.Sprintf("%s.%d.%d", j.Name, clone, filenum)
	if d := j.Files.Directory; len(d) > 0 {
		return d[clone%len(d)] + "/" + name
	}
	return name
}

// splitFilenames splits a filename value as fio's get_next_str does: at
// each ":" not preceded by "\", unescaping "\:", skipping empty names at the
// start of each part and stopping at the first empty name.
func splitFilenames(s string) []string {
	var names []string
	for {
		s = strings.TrimLeft(s, ":")
		var b strings.Builder
		rest, more := "", false
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c == '\\' && i+1 < len(s) && s[i+1] == ':' {
				b.WriteByte(':')
				i++
				continue
			}
			if c == ':' {
				rest, more = s[i+1:], true
				break
			}
			b.WriteByte(c)
		}
		if b.Len() == 0 {
			return names
		}
		names = append(names, b.String())
		if !more {
			return names
		}
		s = rest
	}
}

// filesizeOption is fio's filesize: one size, or a range "low-high" (or
// "low:high") each file's size is drawn from.
func filesizeOption() *optionDef {
	return &optionDef{
		info: OptionInfo{Name: "filesize", Type: "size",
			Help: `Size of each file, or a range to draw each file's size from, such as 1m-4m (fio HOWTO "Target file/device", filesize)`},
		parse: func(j *Job, v string) error {
			lo, hi, err := parseSizeRange(j, v, true)
			if err != nil {
				return err
			}
			if lo == 0 {
				return errors.New("must be at least 1")
			}
			j.Files.SizeLow, j.Files.SizeHigh = lo, hi
			return nil
		},
	}
}
