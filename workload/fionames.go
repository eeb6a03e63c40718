package workload

import "slices"

// FioOptionNames returns every option name and alias fio 3.33 knows,
// sorted, for a command line that tells an option xbench lacks from a
// misspelling.
func FioOptionNames() []string { return slices.Clone(fioOptionNames) }
