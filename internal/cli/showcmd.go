package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/xbench/xbench/workload"
)

// writeShowCmd prints, for each job file, the command line fio's --showcmd
// prints for it (init.c: __parse_jobs_ini, dump_opt_list): "fio ", then
// for each section its options as --name=value, a job section starting
// with --name=SECTION and a global section repeating every global option
// set so far; a newline ends each file. The command-line jobs are not
// echoed, as in fio.
func writeShowCmd(w io.Writer, files []*workload.JobFile) error {
	var b strings.Builder
	for _, f := range files {
		for i, s := range f.Sections {
			if i == 0 {
				b.WriteString("fio ")
			}
			if !s.Global {
				fmt.Fprintf(&b, "--name=%s ", s.Name)
			}
			for _, o := range s.Options {
				writeShowOption(&b, o)
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeShowOption writes one option as fio's dump_print_option does: a
// bare option as "--name ", others as "--name=value ", with the value of
// description in double quotes (unescaped, as fio writes it).
func writeShowOption(b *strings.Builder, o workload.Setting) {
	if o.Value == "" {
		fmt.Fprintf(b, "--%s ", o.Name)
		return
	}
	delim := ""
	if o.Name == "description" {
		delim = `"`
	}
	fmt.Fprintf(b, "--%s=%s%s%s ", o.Name, delim, o.Value, delim)
}
