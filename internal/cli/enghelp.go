package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/xbench/xbench/internal/xnvme"
	"github.com/xbench/xbench/workload"
)

// This file is --enghelp[=ENGINE], in fio's layout: the IO engines this
// binary and this kernel can run (probed, not assumed: io_uring's setup
// flags and operations, a Linux AIO context, libxnvme), then those that
// cannot run here and why; or one engine's options with their help.

// engineSummaries say what each engine does, beside its name.
var engineSummaries = map[string]string{
	"null":         "completes every IO at once without a device: the framework's own cost",
	"sync":         "lseek(2) then read(2)/write(2), one IO at a time",
	"psync":        "pread(2)/pwrite(2), one IO at a time",
	"pvsync":       "preadv(2)/pwritev(2), one IO at a time",
	"pvsync2":      "preadv2(2)/pwritev2(2) with per-IO flags (hipri, nowait, uncached)",
	"libaio":       "Linux native AIO: io_submit(2), io_getevents(2)",
	"io_uring":     "io_uring: reads and writes through a submission and a completion ring",
	"io_uring_cmd": "NVMe passthrough through io_uring on /dev/ngXnY (cmd_type=nvme)",
	"xnvme":        "the xNVMe library's backends (libxnvme, loaded at run time)",
}

// engineProbe is what the machine says about running the engines.
type engineProbe struct {
	uring    xnvme.IOUringFeatures
	uringErr error
	aioErr   error
	libErr   error
	ngDevs   []string // NVMe generic devices
	pollDevs []string // block devices with poll queues, for hipri
}

// probeEngines asks the kernel and the system once.
func probeEngines() engineProbe {
	var p engineProbe
	p.uring, p.uringErr = xnvme.ProbeIOUring()
	p.aioErr = xnvme.ProbeLibAIO()
	p.libErr = xnvme.LoadDefault().Err()
	p.ngDevs, _ = filepath.Glob("/dev/ng*n*")
	attrs, _ := filepath.Glob("/sys/block/*/queue/io_poll")
	for _, a := range attrs {
		if b, err := os.ReadFile(a); err == nil && strings.TrimSpace(string(b)) == "1" {
			p.pollDevs = append(p.pollDevs, filepath.Base(filepath.Dir(filepath.Dir(a))))
		}
	}
	return p
}

// unavailable says why engine cannot run here, or "" when it can.
func (p *engineProbe) unavailable(engine string) string {
	switch engine {
	case "libaio":
		if p.aioErr != nil {
			return p.aioErr.Error()
		}
	case "io_uring":
		if p.uringErr != nil {
			return p.uringErr.Error()
		}
	case "io_uring_cmd":
		switch {
		case p.uringErr != nil:
			return p.uringErr.Error()
		case !p.uring.Supports("URING_CMD"):
			return "this kernel's io_uring lacks IORING_OP_URING_CMD (Linux 5.19+)"
		case !p.uring.HasSetup("SQE128|CQE32"):
			return "this kernel's io_uring refuses 128-byte entries (IORING_SETUP_SQE128)"
		}
	case "xnvme":
		if p.libErr != nil {
			return p.libErr.Error()
		}
	}
	return ""
}

// engineNames are the engines xbench implements, in its order.
func engineNames() []string {
	opts := workload.Options()
	i := slices.IndexFunc(opts, func(o workload.OptionInfo) bool { return o.Name == "ioengine" })
	return opts[i].Values
}

// writeEngHelp writes --enghelp: every engine ("" or "all"), or one
// engine's options. fio's "ENGINE,COMMAND" form is refused.
func writeEngHelp(w io.Writer, engine string) error {
	p := probeEngines()
	if engine == "" || engine == "all" {
		return writeEngineList(w, &p)
	}
	if name, _, hasCmd := strings.Cut(engine, ","); hasCmd {
		return usageError{fmt.Errorf("--enghelp=%s: engine commands are not supported by xbench; give the engine alone (--enghelp=%s)", engine, name)}
	}
	if !slices.Contains(engineNames(), engine) {
		if workload.KnownEngine(engine) {
			return usageError{fmt.Errorf("--enghelp: fio ioengine %q is not supported by xbench (xbench --enghelp lists those it has)", engine)}
		}
		return usageError{fmt.Errorf("--enghelp: unknown ioengine %q (xbench --enghelp lists them)", engine)}
	}
	return writeEngineOptions(w, engine, &p)
}

// writeEngineList lists the engines that can run here, then the others.
func writeEngineList(w io.Writer, p *engineProbe) error {
	var b strings.Builder
	var missing []string
	b.WriteString("Available IO engines:\n")
	for _, e := range engineNames() {
		if why := p.unavailable(e); why != "" {
			missing = append(missing, fmt.Sprintf("\t%-14s %s\n", e, why))
			continue
		}
		fmt.Fprintf(&b, "\t%-14s %s\n", e, engineSummaries[e])
	}
	if len(missing) > 0 {
		b.WriteString("\nNot available here:\n")
		b.WriteString(strings.Join(missing, ""))
	}
	b.WriteString("\nxbench --enghelp=ENGINE lists an engine's options.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeEngineOptions writes one engine's options as fio does ("%-24s:
// %s"), then what this machine says about it.
func writeEngineOptions(w io.Writer, engine string, p *engineProbe) error {
	var b strings.Builder
	n := 0
	for _, o := range workload.Options() {
		if slices.Contains(o.Engines, engine) {
			fmt.Fprintf(&b, "%-24s: %s\n", o.Name, o.Help)
			n++
		}
	}
	if n == 0 {
		fmt.Fprintf(&b, "IO engine %s has no options\n", engine)
	}
	if why := p.unavailable(engine); why != "" {
		fmt.Fprintf(&b, "\n%s cannot run here: %s\n", engine, why)
	}
	if (engine == "io_uring" || engine == "io_uring_cmd") && p.uringErr == nil {
		writeUringFeatures(&b, engine, p)
	}
	if slices.Contains([]string{"io_uring", "io_uring_cmd", "pvsync2"}, engine) {
		polls := "none"
		if len(p.pollDevs) > 0 {
			polls = strings.Join(p.pollDevs, " ")
		}
		fmt.Fprintf(&b, "\nhipri needs direct=1 and a device with poll queues (/sys/block/DEV/queue/io_poll is 1); here: %s\n", polls)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeUringFeatures says what the kernel's io_uring offers, as probed.
func writeUringFeatures(b *strings.Builder, engine string, p *engineProbe) {
	f := &p.uring
	fmt.Fprintf(b, "\nio_uring on this kernel (probed):\n")
	fmt.Fprintf(b, "  features: %s\n", strings.Join(f.Features, " "))
	fmt.Fprintf(b, "  setup flags accepted: %s\n", strings.Join(f.Setup, " "))
	fmt.Fprintf(b, "  operations xbench issues: %s\n", strings.Join(f.Ops(), " "))
	if !f.HasSetup("SQPOLL") {
		fmt.Fprintf(b, "  sqthread_poll: refused by this kernel (SQPOLL)\n")
	}
	if !f.Supports("READ") {
		fmt.Fprintf(b, "  nonvectored: the kernel lacks IORING_OP_READ; reads go as READV\n")
	}
	if engine == "io_uring_cmd" {
		if len(p.ngDevs) == 0 {
			fmt.Fprintf(b, "  NVMe generic devices: none here (/dev/ngXnY)\n")
		} else {
			fmt.Fprintf(b, "  NVMe generic devices: %s\n", strings.Join(p.ngDevs, " "))
		}
	}
}
