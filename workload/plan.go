package workload

import (
	"errors"
	"fmt"
)

// This file sizes a clone's files as fio's setup_files (filesetup.c)
// does: where IO starts in each file, how long its region is, which files
// must be laid out first and how many bytes a pass does.

// FileInfo is what is known about one of a clone's files before it runs.
type FileInfo struct {
	// Size is the file's size in bytes; 0 for a file that does not exist.
	Size uint64
	// Known is false when the size means nothing: a diskless engine.
	Known bool
	// Regular is set for a regular file (or one to create), which is laid
	// out when it is too short; a block device never is.
	Regular bool
}

// FileExtent is where a clone does IO in one file (fio's file_offset,
// io_size and real_file_size).
type FileExtent struct {
	// Offset is where the region starts.
	Offset uint64
	// Size is the region's length.
	Size uint64
	// RealSize is the file's size once laid out.
	RealSize uint64
	// Extend is set when the file must be laid out to RealSize first.
	Extend bool
}

// FilePlan is a clone's files and how much IO a pass does.
type FilePlan struct {
	Files []FileExtent
	// Size is the bytes of one pass (fio's size once the files are known).
	Size uint64
}

// Errors of Plan, for the caller to word for its context.
var (
	// ErrNoSize is returned when nothing gives the size of the IO.
	ErrNoSize = errors.New("size= is not set and the files give none")
	// ErrBadOffset is returned when the offset lies past a file's end.
	ErrBadOffset = errors.New("the offset is past the end of the file")
	// ErrSmallerThanBS is returned when the IO is smaller than a block.
	ErrSmallerThanBS = errors.New("the block size is larger than the IO size")
)

// Plan sizes the files of clone (0 for the first clone of the job) as fio
// does. files describes each file; r draws file sizes from a filesize
// range (nil for a fixed seed).
func (j *Job) Plan(clone int, files []FileInfo, r *Rand) (FilePlan, error) {
	if r == nil {
		fixed := NewRand(0)
		r = &fixed
	}
	nr := uint64(len(files))
	minBS := j.BS.MinBS()
	var total uint64
	for _, f := range files {
		total += f.Size
	}
	if total == 0 && j.Size == 0 && j.Files.SizeLow == 0 {
		return FilePlan{}, ErrNoSize
	}

	// Without filesize, each file gets an equal share of size; what does
	// not divide goes to the first files, a block each.
	var share, extra uint64
	if j.Files.SizeLow == 0 {
		share = j.Size / nr
		extra = (j.Size - share*nr) / minBS
	}
	p := FilePlan{Files: make([]FileExtent, len(files))}
	var planned uint64
	for i, f := range files {
		e := &p.Files[i]
		fsize := f.Size
		if !f.Known {
			// fio's get_file_sizes: an unknown size is the size's share,
			// or unknown.
			fsize = ^uint64(0)
			if j.Size != 0 {
				fsize = j.Size / nr
			}
		}
		e.Offset = j.startOffset(clone, fsize)
		switch {
		case j.Files.SizeLow == 0:
			e.Size = share
			if extra > 0 {
				extra--
				e.Size += minBS
			}
			if e.Size == 0 {
				if e.Offset > fsize {
					return FilePlan{}, ErrBadOffset
				}
				e.Size = fsize - e.Offset
			}
		case fsize < j.Files.SizeLow || fsize > j.Files.SizeHigh:
			if e.Offset > j.Files.SizeLow {
				return FilePlan{}, ErrBadOffset
			}
			size := j.Files.SizeLow
			if j.Files.SizeHigh != size {
				size = j.randFileSize(r)
			}
			e.Size = size - e.Offset
		default:
			e.Size = fsize - e.Offset
		}
		if pct := uint64(j.Extent.SizePercent); pct != 0 && pct != 100 {
			fileSize := e.Size + e.Offset
			e.Size = min(fileSize*pct/100, fileSize-e.Offset)
			e.Size -= e.Size % minBS
		}
		ioSize := e.Size
		if pct := uint64(j.Extent.IOSizePercent); pct != 0 && pct != 100 {
			ioSize = ioSize * pct / 100
		}
		planned += ioSize
		e.RealSize = fsize
		switch end := e.Size + e.Offset; {
		case !f.Known && (end > fsize || fsize == ^uint64(0)):
			// A diskless engine's file is as long as it needs.
			e.RealSize = end
		case end > fsize && f.Regular:
			// A regular file too short is laid out first; on a device,
			// IO stops at its end, as in fio.
			e.RealSize, e.Extend = end, true
		}
	}
	p.Size = j.Size
	if p.Size == 0 || (planned != 0 && p.Size > planned) {
		p.Size = planned
	}
	if p.Size < minBS {
		return FilePlan{}, fmt.Errorf("%w (%d bytes, smallest block %d)", ErrSmallerThanBS, p.Size, minBS)
	}
	return p, nil
}

// startOffset is fio's get_start_offset: offset plus the clone's
// increment; a percentage of the file is rounded up to a block.
func (j *Job) startOffset(clone int, real uint64) uint64 {
	x := &j.Extent
	align := false
	inc := x.OffsetIncrement
	if x.OffsetIncrementPercent != 0 {
		inc, align = uint64(x.OffsetIncrementPercent)*real/100, true
	}
	off := x.Offset + uint64(clone)*inc
	if x.OffsetPercent != 0 {
		off, align = real*uint64(x.OffsetPercent)/100+uint64(clone)*inc, true
	}
	if align {
		bs := j.BS.MinBS()
		off = (off + bs - 1) / bs * bs
	}
	return off
}

// randFileSize draws a file size from the filesize range, a multiple of
// the smallest block size, as fio's get_rand_file_size.
func (j *Job) randFileSize(r *Rand) uint64 {
	f := &j.Files
	size := f.SizeLow + r.Below(f.SizeHigh-f.SizeLow)
	return size - size%j.BS.MinBS()
}
