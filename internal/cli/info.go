package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/xbench/xbench/internal/xnvme"
)

// This file is `xbench info URI`: the device as libxnvme opens it, its
// identity, geometry and the backend and mechanisms the library chose.
// Without libxnvme, a URI that is a path gets what Linux reports about it;
// any other URI (the ramdisk, a PCI address) needs the library.

const infoUsage = "xbench info [--be=B] [--async=A] [--sync=S] [--admin=A] [--mem=M] [--dev-nsid=N] [--direct] [--output-format=normal|json] URI"

// linuxDevice is what Linux reports about a path, without libxnvme.
type linuxDevice struct {
	Path             string `json:"path"`
	Kind             string `json:"kind"`
	Size             uint64 `json:"size"`
	LogicalBlockSize uint32 `json:"logical_block_size"`
}

// infoReport is the JSON form of `xbench info`.
type infoReport struct {
	Libxnvme libStatus        `json:"libxnvme"`
	Device   *xnvme.LibDevice `json:"device,omitempty"`
	Linux    *linuxDevice     `json:"linux,omitempty"`
}

func runInfo(_ context.Context, args []string, stdout, _ io.Writer) error {
	fs, format, help := newCommandFlags("info")
	lf := addLibFlags(fs, true)
	if ok, err := parseCommandFlags(fs, args, format, help, infoUsage, stdout); !ok {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{fmt.Errorf("info takes one device URI (usage: %s)", infoUsage)}
	}
	uri := fs.Arg(0)
	r := xnvme.LoadDefault()
	rep := infoReport{Libxnvme: statusOf(r)}
	if r.Library != nil {
		d, err := r.Library.Open(uri, lf.options())
		if err != nil {
			return err
		}
		rep.Device = &d
	} else {
		if _, err := os.Stat(uri); err != nil {
			return fmt.Errorf("%s is not a path, and opening it needs libxnvme: %w", uri, r.Err())
		}
		dev, err := xnvme.Open(uri, xnvme.OpenOptions{})
		if err != nil {
			return err
		}
		g := dev.Geometry()
		dev.Close()
		rep.Linux = &linuxDevice{Path: uri, Kind: g.Kind.String(), Size: g.Size, LogicalBlockSize: g.BlockSize}
	}
	if *format == "json" {
		return writeJSON(stdout, rep)
	}
	return writeInfo(stdout, rep)
}

func writeInfo(w io.Writer, rep infoReport) error {
	ew := &errWriter{w: w}
	if l := rep.Linux; l != nil {
		ew.printf("libxnvme not found (xbench libconf says where it looked): what Linux reports\n")
		ew.printf("path: %s\nkind: %s\nsize: %d (%s)\nlogical_block_size: %d\n", l.Path, l.Kind, l.Size, sizeString(l.Size), l.LogicalBlockSize)
		return ew.err
	}
	d, g := rep.Device, rep.Device.Geometry
	ew.printf("uri: %s\ntype: %s\nnsid: %d\ncsi: %s\n", d.URI, d.Type, d.NSID, d.CSI)
	for _, f := range [][2]string{{"subnqn", d.SubNQN}, {"serial", d.Serial}, {"model", d.Model}, {"firmware", d.Firmware}} {
		if f[1] != "" {
			ew.printf("%s: %s\n", f[0], f[1])
		}
	}
	ew.printf("libxnvme %s (%s) chose:\n", rep.Libxnvme.Version, rep.Libxnvme.Path)
	ew.printf("  be: %s\n  async: %s\n  sync: %s\n  admin: %s\n  mem: %s\n  direct: %d\n",
		d.Backend, d.Async, d.Sync, d.Admin, d.Mem, btoi(d.Direct))
	ew.printf("geometry:\n  type: %s\n  npugrp: %d\n  npunit: %d\n  nzone: %d\n  nsect: %d\n",
		g.Type, g.NPUGrp, g.NPUnit, g.NZone, g.NSect)
	ew.printf("  nbytes: %d\n  nbytes_oob: %d\n  tbytes: %d (%s)\n  ssw: %d\n  mdts_nbytes: %d\n",
		g.NBytes, g.NBytesOOB, g.TBytes, sizeString(g.TBytes), g.SSW, g.MDTSNBytes)
	ew.printf("  lba_nbytes: %d\n  lba_extended: %d\n  pi_type: %d\n  pi_loc: %d\n  pi_format: %d\n",
		g.LBANBytes, btoi(g.LBAExtended), g.PIType, g.PILoc, g.PIFormat)
	return ew.err
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
