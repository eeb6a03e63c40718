package workload

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// This file is fio's block size options (HOWTO "Block size"): bs, bsrange,
// bssplit, blockalign and bs_unaligned, each with a value per direction.

// BlockSizes are a job's block sizes, per direction (indexed by Dir).
type BlockSizes struct {
	// BS is bs=.
	BS [NumDirs]uint64
	// Min and Max are the smallest and largest block size (fio's min_bs
	// and max_bs): bsrange= or the sizes of bssplit=, whichever came last,
	// or BS. The parser fills them in when a job is complete.
	Min, Max [NumDirs]uint64
	// Split is bssplit=, sorted by percentage as fio sorts it. When it is
	// set, sizes are drawn from it instead of from [Min, Max].
	Split [NumDirs][]BSSplit
	// Align is blockalign=, the boundary random offsets fall on. The
	// parser makes it Min unless set for a random pattern.
	Align [NumDirs]uint64
	// Unaligned lets a size drawn from a range be any byte count rather
	// than a multiple of Min (bs_unaligned).
	Unaligned bool
}

// BSSplit is one entry of bssplit=: a block size and the percentage of
// IOs that use it.
type BSSplit struct {
	Size    uint64
	Percent uint32
}

// maxBlockSize is the largest IO xbench issues: a completion's result is a
// 32-bit byte count.
const maxBlockSize = 1<<31 - 1

// maxSplits is fio's limit on bssplit entries per direction (BSSPLIT_MAX).
const maxSplits = 64

// MinBS is the smallest block size of any direction (fio's td_min_bs).
func (b *BlockSizes) MinBS() uint64 { return min(b.Min[DirRead], b.Min[DirWrite], b.Min[DirTrim]) }

// MaxBS is the largest block size of any direction (fio's td_max_bs).
func (b *BlockSizes) MaxBS() uint64 { return max(b.Max[DirRead], b.Max[DirWrite], b.Max[DirTrim]) }

// blockSizeOptions are fio's block size options.
var blockSizeOptions = []*optionDef{
	dirSizeOpt("bs", "4096", `Block size of each IO, per direction: "8k,32k" reads 8k and writes and trims 32k (fio HOWTO "Block size", bs)`,
		1, func(j *Job, l *dirList[uint64]) { l.apply(&j.BS.BS) }).withAlias("blocksize"),
	dirSizeOpt("ba", "", `Boundary random offsets are aligned to, per direction; turns off the random map (fio HOWTO "Block size", blockalign)`,
		1, func(j *Job, l *dirList[uint64]) { l.apply(&j.BS.Align) }).withAlias("blockalign"),
	bsrangeOption(),
	bssplitOption(),
	flagOpt("bs_unaligned", `Let sizes drawn from bsrange be any byte count, not multiples of its minimum (fio HOWTO "Block size", bs_unaligned)`,
		func(j *Job, v bool) { j.BS.Unaligned = v }).withAlias("blocksize_unaligned"),
}

// bsrangeOption is bsrange: "1k-4k" or "1k:4k" per direction; fio swaps a
// reversed range.
func bsrangeOption() *optionDef {
	return &optionDef{
		info: OptionInfo{Name: "bsrange", Alias: "blocksize_range", Type: "range list",
			Help: `Range of block sizes per direction, such as 1k-4k,2k-8k; sizes are multiples of the minimum (fio HOWTO "Block size", bsrange)`},
		parse: func(j *Job, v string) error {
			l, err := parseDirList(v, func(s string) ([2]uint64, error) {
				lo, hi, err := parseSizeRangeOrder(j, s, false, true)
				if err == nil && lo == 0 {
					err = errors.New("must be at least 1")
				}
				return [2]uint64{lo, hi}, err
			})
			if err != nil {
				return err
			}
			for d := range NumDirs {
				if l.set[d] {
					j.BS.Min[d], j.BS.Max[d] = l.vals[d][0], l.vals[d][1]
				}
			}
			return nil
		},
	}
}

// bssplitOption is bssplit: "4k/10:64k/50:32k/40" per direction.
func bssplitOption() *optionDef {
	return &optionDef{
		info: OptionInfo{Name: "bssplit", Type: "split list",
			Help: `Weighted block sizes per direction, such as 4k/10:64k/50:32k/40; blank percentages share the rest evenly (fio HOWTO "Block size", bssplit)`},
		parse: func(j *Job, v string) error {
			l, err := parseDirList(strings.Trim(v, cSpace), func(s string) ([]BSSplit, error) { return parseBSSplit(j, s) })
			if err != nil {
				return err
			}
			for d := range NumDirs {
				if !l.set[d] {
					continue
				}
				s := l.vals[d]
				j.BS.Split[d] = s
				j.BS.Min[d] = slices.MinFunc(s, func(a, b BSSplit) int { return cmp.Compare(a.Size, b.Size) }).Size
				j.BS.Max[d] = slices.MaxFunc(s, func(a, b BSSplit) int { return cmp.Compare(a.Size, b.Size) }).Size
			}
			return nil
		},
	}
}

// parseBSSplit parses one direction's bssplit entries as fio's bssplit_ddir
// does: blank percentages share what the others leave of 100 evenly (in
// whole percents), and the entries are sorted by percentage. Where fio
// silently misreads, this is an error: an empty entry (fio stops reading
// there), a percentage that is not a whole number or is above 100 (fio
// takes its leading digits, caps it at 100), a 0% entry (fio treats it as
// blank) and percentages adding up to more than 100.
func parseBSSplit(j *Job, s string) ([]BSSplit, error) {
	entries := strings.Split(s, ":")
	if len(entries) > maxSplits {
		return nil, fmt.Errorf("%d entries; fio takes at most %d", len(entries), maxSplits)
	}
	out := make([]BSSplit, 0, len(entries))
	sum, blank := uint32(0), uint32(0)
	for _, e := range entries {
		if e == "" {
			return nil, fmt.Errorf("empty entry in %q (fio stops reading at it)", s)
		}
		sizeStr, pctStr, hasPct := strings.Cut(e, "/")
		size, err := jobNumber(j, sizeStr)
		if err != nil {
			return nil, err
		}
		if size == 0 {
			return nil, fmt.Errorf("block size 0 in %q", e)
		}
		pct := uint32(0)
		if hasPct && pctStr != "" {
			n, err := parseCount(pctStr)
			switch {
			case err != nil:
				return nil, fmt.Errorf("percentage %q in %q is not a whole number", pctStr, e)
			case n == 0:
				return nil, fmt.Errorf("0%% in %q: fio reads 0 as a blank percentage; leave the size out", e)
			case n > 100:
				return nil, fmt.Errorf("percentage %d in %q is above 100", n, e)
			}
			pct = uint32(n)
			sum += pct
		} else {
			blank++
		}
		out = append(out, BSSplit{Size: size, Percent: pct})
	}
	if sum > 100 {
		return nil, fmt.Errorf("percentages add up to %d, more than 100", sum)
	}
	if blank > 0 {
		share := (100 - sum) / blank
		if blank == 1 && len(out) == 1 {
			share = 100
		}
		for i := range out {
			if out[i].Percent == 0 {
				out[i].Percent = share
			}
		}
	}
	slices.SortStableFunc(out, func(a, b BSSplit) int { return cmp.Compare(a.Percent, b.Percent) })
	return out, nil
}

// fixupBlockSizes fills in Min, Max and Align as fio's fixup_options does,
// and turns the random map off when an alignment differs from the minimum
// size.
func fixupBlockSizes(j *Job) error {
	b := &j.BS
	for d := range NumDirs {
		if b.Min[d] == 0 {
			b.Min[d] = b.BS[d]
		}
		if b.Max[d] == 0 {
			b.Max[d] = b.BS[d]
		}
		if b.Max[d] > maxBlockSize {
			return fmt.Errorf("%s block size %d is larger than xbench supports (%d)", Dir(d), b.Max[d], uint64(maxBlockSize))
		}
		if b.Align[d] == 0 || !j.RW.Random() {
			b.Align[d] = b.Min[d]
		}
	}
	if b.Align != b.Min {
		// fio: "Any use of blockalign= turns off randommap".
		j.NoRandomMap = true
	}
	return nil
}
