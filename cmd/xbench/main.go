// Command xbench runs fio job files through xbench's engines and prints
// fio-compatible reports.
package main

import (
	"os"

	"github.com/xbench/xbench/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
