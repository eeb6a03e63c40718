package cli

import (
	"github.com/spf13/pflag"

	"github.com/xbench/xbench/workload"
)

// settingOf makes a workload.Setting.
func settingOf(name, value string) workload.Setting {
	return workload.Setting{Name: name, Value: value}
}

// newTestFlagSet makes a flag set with the job flags only.
func newTestFlagSet() (*pflag.FlagSet, *jobArgs) {
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	rec := &jobArgs{}
	addJobFlags(fs, rec)
	return fs, rec
}
