package cli

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/report"
)

// This file holds what the xNVMe commands (libconf, enum, info) share:
// their flags, the libxnvme status they report and their output formats.

// newCommandFlags makes the flag set of a subcommand, with --help and
// --output-format.
func newCommandFlags(name string) (*pflag.FlagSet, *string, *bool) {
	fs := pflag.NewFlagSet("xbench "+name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	format := fs.String("output-format", "normal", "normal or json")
	help := fs.BoolP("help", "h", false, "print this help and exit")
	return fs, format, help
}

// parseCommandFlags parses args and checks --output-format. It returns
// false when --help has already done all there is to do.
func parseCommandFlags(fs *pflag.FlagSet, args []string, format *string, help *bool, usage string, stdout io.Writer) (bool, error) {
	if err := fs.Parse(args); err != nil {
		return false, usageError{fmt.Errorf("%w (see %s --help)", err, fs.Name())}
	}
	if *help {
		fmt.Fprintf(stdout, "usage: %s\n\n%s", usage, fs.FlagUsages())
		return false, nil
	}
	if *format != "normal" && *format != "json" {
		return false, usageError{fmt.Errorf("--output-format: unknown format %q (want normal or json)", *format)}
	}
	return true, nil
}

// libFlags are the flags that say how libxnvme opens a device, named as
// xNVMe's own tools name them.
type libFlags struct {
	be, async, sync, admin, mem *string
	nsid                        *uint32
	direct                      *bool
}

// addLibFlags adds --be, and with all set the other open options.
func addLibFlags(fs *pflag.FlagSet, all bool) *libFlags {
	f := &libFlags{be: fs.String("be", "", "xNVMe backend: linux, spdk, vfio, ramdisk (fio's xnvme_be)")}
	if all {
		f.async = fs.String("async", "", "asynchronous interface: io_uring, libaio, emu, thrpool, nil... (xnvme_async)")
		f.sync = fs.String("sync", "", "synchronous interface: nvme, psync, block (xnvme_sync)")
		f.admin = fs.String("admin", "", "admin interface: nvme, block (xnvme_admin)")
		f.mem = fs.String("mem", "", "buffer allocator: posix, hugepage (xnvme_mem)")
		f.nsid = fs.Uint32("dev-nsid", 0, "namespace, for user-space drivers (xnvme_dev_nsid)")
		f.direct = fs.Bool("direct", false, "open with O_DIRECT, and report whether it held")
	}
	return f
}

// options are the LibOptions the flags say.
func (f *libFlags) options() xnvme.LibOptions {
	o := xnvme.LibOptions{Backend: *f.be}
	if f.async != nil {
		o.Async, o.Sync, o.Admin, o.Mem = *f.async, *f.sync, *f.admin, *f.mem
		o.NSID, o.Direct = *f.nsid, *f.direct
	}
	return o
}

// libStatus is what the commands say about libxnvme.
type libStatus struct {
	Loaded  bool     `json:"loaded"`
	Path    string   `json:"path,omitempty"`
	Version string   `json:"version,omitempty"`
	Error   string   `json:"error,omitempty"`
	Tried   []string `json:"tried"`
}

// statusOf summarises a load.
func statusOf(r xnvme.LoadReport) libStatus {
	s := libStatus{Loaded: r.Library != nil, Tried: make([]string, len(r.Attempts))}
	for i, a := range r.Attempts {
		s.Tried[i] = a.String()
	}
	if r.Library != nil {
		s.Path, s.Version = r.Library.Path(), r.Library.Version().String()
	} else {
		s.Error = r.Err().Error()
	}
	return s
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// sizeString formats a byte count as fio does, such as 2048MiB.
func sizeString(n uint64) string { return report.Num2Str(n, 4, 1, true, report.UnitByte) }

// errWriter keeps the first write error, so that a report is written
// without checking every line.
type errWriter struct {
	w   io.Writer
	err error
}

// Write writes p unless an earlier write failed.
func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
