package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/xbench/xbench/internal/sysx"
	"github.com/xbench/xbench/internal/xnvme"
)

// This file is `xbench enum`: the devices xnvme_enumerate finds or,
// without libxnvme, the NVMe and block devices sysfs lists.

const enumUsage = "xbench enum [--be=BACKEND] [--output-format=normal|json]"

// enumReport is the JSON form of `xbench enum`. Devices is set when
// libxnvme enumerated; Controllers and BlockDevices come from sysfs
// otherwise.
type enumReport struct {
	Libxnvme     libStatus             `json:"libxnvme"`
	Devices      []xnvme.LibDevice     `json:"devices,omitempty"`
	Controllers  []sysx.NVMeController `json:"nvme_controllers,omitempty"`
	BlockDevices []sysx.BlockDevice    `json:"block_devices,omitempty"`
}

func runEnum(_ context.Context, args []string, stdout, _ io.Writer) error {
	fs, format, help := newCommandFlags("enum")
	lf := addLibFlags(fs, false)
	if ok, err := parseCommandFlags(fs, args, format, help, enumUsage, stdout); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("enum takes no arguments (usage: %s)", enumUsage)}
	}
	r := xnvme.LoadDefault()
	rep := enumReport{Libxnvme: statusOf(r)}
	if r.Library != nil {
		devs, err := r.Library.Enumerate(lf.options())
		if err != nil {
			return err
		}
		rep.Devices = devs
	} else {
		var err error
		if rep.Controllers, err = sysx.NVMeControllers("/sys"); err != nil {
			return fmt.Errorf("listing NVMe controllers: %w", err)
		}
		if rep.BlockDevices, err = sysx.BlockDevices("/sys"); err != nil {
			return fmt.Errorf("listing block devices: %w", err)
		}
	}
	if *format == "json" {
		return writeJSON(stdout, rep)
	}
	return writeEnum(stdout, rep)
}

func writeEnum(w io.Writer, rep enumReport) error {
	ew := &errWriter{w: w}
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	if rep.Libxnvme.Loaded {
		ew.printf("xnvme_enumerate (libxnvme %s, %s): %s\n", rep.Libxnvme.Version, rep.Libxnvme.Path, plural(len(rep.Devices), "device"))
		if len(rep.Devices) > 0 {
			fmt.Fprintf(tw, "URI\tTYPE\tNSID\tCSI\tBE\tSIZE\tLBA\tMODEL\n")
		}
		for _, d := range rep.Devices {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%d\t%s\n", d.URI, d.Type, d.NSID, d.CSI, d.Backend,
				sizeString(d.Geometry.TBytes), d.Geometry.LBANBytes, d.Model)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		return ew.err
	}
	ew.printf("libxnvme not found (xbench libconf says where it looked): listing Linux NVMe and block devices from sysfs\n")
	ew.printf("NVMe controllers: %d\n", len(rep.Controllers))
	if len(rep.Controllers) > 0 {
		fmt.Fprintf(tw, "  PATH\tMODEL\tSERIAL\tFIRMWARE\tTRANSPORT\tADDRESS\tGENERIC\n")
	}
	for _, c := range rep.Controllers {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%v\n", c.Path, c.Model, c.Serial, c.Firmware, c.Transport, c.Address, c.Generic)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	ew.printf("block devices: %d\n", len(rep.BlockDevices))
	if len(rep.BlockDevices) > 0 {
		fmt.Fprintf(tw, "  PATH\tSIZE\tLBA\tNVME NSID\tRO\tMODEL\n")
	}
	for _, d := range rep.BlockDevices {
		nsid := "-"
		if d.NVMe {
			nsid = fmt.Sprint(d.NSID)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\t%v\t%s\n", d.Path, sizeString(d.Size), d.LogicalBlockSize, nsid, d.ReadOnly, d.Model)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return ew.err
}
