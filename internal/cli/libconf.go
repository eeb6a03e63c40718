package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/xbench/xbench/internal/xnvme"
)

// This file is `xbench libconf`: whether libxnvme loads, from where, its
// version and its build configuration; and, when it does not load, every
// place tried and why. It exits 1 when the library is not loaded, so that
// scripts can test for it.

const libconfUsage = "xbench libconf [--output-format=normal|json]"

// libconfReport is the JSON form of `xbench libconf`.
type libconfReport struct {
	libStatus
	Supported []string `json:"supported_versions"`
	Libconf   []string `json:"libconf"`
}

func runLibconf(_ context.Context, args []string, stdout, _ io.Writer) error {
	fs, format, help := newCommandFlags("libconf")
	if ok, err := parseCommandFlags(fs, args, format, help, libconfUsage, stdout); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("libconf takes no arguments (usage: %s)", libconfUsage)}
	}
	r := xnvme.LoadDefault()
	rep := libconfReport{libStatus: statusOf(r), Libconf: []string{}}
	for _, v := range xnvme.SupportedVersions() {
		rep.Supported = append(rep.Supported, v.String())
	}
	if r.Library != nil {
		rep.Libconf = r.Library.Config()
	}
	var err error
	if *format == "json" {
		err = writeJSON(stdout, rep)
	} else {
		err = writeLibconf(stdout, rep)
	}
	if err != nil {
		return err
	}
	if r.Library == nil {
		return fmt.Errorf("libxnvme is not loaded; set %s to the libxnvme.so of xNVMe %s", xnvme.LibraryPathEnv, strings.Join(rep.Supported, " or "))
	}
	return nil
}

func writeLibconf(w io.Writer, rep libconfReport) error {
	ew := &errWriter{w: w}
	if rep.Loaded {
		ew.printf("libxnvme: loaded\n  path: %s\n  version: %s\n", rep.Path, rep.Version)
	} else {
		ew.printf("libxnvme: not loaded\n")
	}
	ew.printf("tried, in order:\n")
	for _, t := range rep.Tried {
		ew.printf("  %s\n", t)
	}
	if !rep.Loaded {
		ew.printf("xbench drives the released ABI of xNVMe %s: set %s to its libxnvme.so (or its directory), or install it where pkg-config or the dynamic linker finds it\n",
			strings.Join(rep.Supported, " and "), xnvme.LibraryPathEnv)
		return ew.err
	}
	ew.printf("libconf:\n")
	for _, e := range rep.Libconf {
		ew.printf("  - %s\n", e)
	}
	return ew.err
}
