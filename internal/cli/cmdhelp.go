package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xbench/xbench/workload"
)

// This file is --cmdhelp[=OPTION], generated from the option definitions
// in fio's layout (parse.c: show_cmd_help): every option with its help,
// or one option with its alias, type, default, range and values.

// typeHelp describes each kind of option value.
var typeHelp = map[string]string{
	"size":      "integer with optional k/m/g/t/p suffix, or an (expression) (opt=4k)",
	"int":       "integer value, suffixes as for sizes (opt=100)",
	"bool":      "boolean value (opt=1)",
	"flag":      "empty or boolean value ([0|1])",
	"time":      "integer with optional us/ms/s/m/h/d suffix, or an (expression) (opt=10s)",
	"enum":      "string (opt=bla)",
	"string":    "string (opt=bla)",
	"cpulist":   "list of CPUs and ranges (opt=0-3,6)",
	"floatlist": "list of floating point values separated by ':' (opt=5.9:7.8)",

	"size list":       "integer with optional k/m/g/t/p suffix, per direction as a comma list: read,write,trim (opt=4k,64k)",
	"size or percent": "integer with optional k/m/g/t/p suffix, an (expression), or a percentage of the file (opt=50%)",
	"int list":        "integer value per direction as a comma list: read,write,trim (opt=100,0)",
	"range list":      "range of sizes low-high or low:high, per direction as a comma list (opt=4k-16k)",
	"split list":      "block sizes with their percentage of IOs, size/percent separated by ':', per direction as a comma list (opt=4k/10:64k/90)",
	"time range":      "integer with optional us/ms/s/m/h/d suffix, or a range low-high to draw from (opt=10s-20s)",
	"logfile":         "empty or boolean value, or the prefix of the log files' names (opt=prefix)",
}

// writeCmdHelp writes the help for one option, or for all ("all" or "").
// It returns a usage error for a name xbench does not implement.
func writeCmdHelp(w io.Writer, name string) error {
	opts := workload.Options()
	var b strings.Builder
	if name == "" || name == "all" {
		for _, o := range opts {
			fmt.Fprintf(&b, "%-24s: %s\n", o.Name, o.Help)
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	i := slices.IndexFunc(opts, func(o workload.OptionInfo) bool { return o.Name == name || o.Alias == name })
	if i < 0 {
		if _, known := slices.BinarySearch(workload.FioOptionNames(), name); known {
			return usageError{fmt.Errorf("--cmdhelp: fio option %q is not supported by xbench", name)}
		}
		return usageError{fmt.Errorf("--cmdhelp: unknown option %q (xbench --cmdhelp lists them all)", name)}
	}
	o := opts[i]
	fmt.Fprintf(&b, "%20s: %s\n", o.Name, o.Help)
	if o.Alias != "" {
		fmt.Fprintf(&b, "%20s: %s\n", "alias", o.Alias)
	}
	fmt.Fprintf(&b, "%20s: %s\n", "type", typeHelp[o.Type])
	if o.Unit != "" {
		fmt.Fprintf(&b, "%20s: %s\n", "unit", o.Unit+" when a number has no suffix")
	}
	def := o.Default
	if def == "" {
		def = "no default"
	}
	fmt.Fprintf(&b, "%20s: %s\n", "default", def)
	if o.Range != "" {
		fmt.Fprintf(&b, "%20s: %s\n", "range", o.Range)
	}
	if len(o.Engines) > 0 {
		fmt.Fprintf(&b, "%20s: %s\n", "ioengine", strings.Join(o.Engines, ", "))
	}
	for k, v := range o.Values {
		label := ""
		if k == 0 {
			label = "valid values"
		}
		fmt.Fprintf(&b, "%20s: %s\n", label, v)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
