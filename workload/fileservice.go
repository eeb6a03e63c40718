package workload

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// This file is fio's file_service_type (HOWTO "Target file/device"): how a
// job with several files picks the file of its next IO. The generator's
// side is in gen_files.go.

// FileServiceKind is a way of picking the next file.
type FileServiceKind int

// The file service types xbench implements.
const (
	// ServiceRoundRobin takes the files in turn (fio's default).
	ServiceRoundRobin FileServiceKind = iota
	// ServiceSequential finishes one file before moving to the next.
	ServiceSequential
	// ServiceRandom picks a file at random (uniform) among those not
	// done.
	ServiceRandom
)

// FileService is file_service_type: the kind, and with roundrobin and
// random how many IOs go to a file before the next is picked (":N", 1 by
// default; sequential ignores it, as fio does).
type FileService struct {
	Kind FileServiceKind
	Nr   int
}

// fileServiceNames are the values xbench takes; fio's non-uniform ones
// are refused by name.
var fileServiceNames = map[string]FileServiceKind{
	"roundrobin": ServiceRoundRobin, "sequential": ServiceSequential, "random": ServiceRandom,
}

// fileServiceOption is fio's file_service_type: "roundrobin", "sequential"
// or "random", each with an optional ":N".
func fileServiceOption() *optionDef {
	return &optionDef{
		info: OptionInfo{Name: "file_service_type", Type: "enum", Default: "roundrobin",
			Help:   `How to select which file to service next, with ":N" IOs per pick (fio HOWTO "Target file/device", file_service_type)`,
			Values: []string{"roundrobin", "sequential", "random"}},
		parse: func(j *Job, v string) error {
			s, err := parseFileService(v)
			if err != nil {
				return err
			}
			j.Files.Service = s
			return nil
		},
	}
}

// parseFileService reads a file_service_type value. fio reads the ":N"
// with atoi; xbench wants a whole number of at least 1.
func parseFileService(v string) (FileService, error) {
	name, nr, hasNr := strings.Cut(v, ":")
	kind, ok := fileServiceNames[name]
	switch {
	case ok:
	case name == "zipf" || name == "pareto" || name == "normal" || name == "gauss":
		return FileService{}, fmt.Errorf("file_service_type=%s is not supported by xbench (want roundrobin, sequential or random)", name)
	default:
		return FileService{}, errors.New("want one of roundrobin, sequential, random, each with an optional :N")
	}
	s := FileService{Kind: kind, Nr: 1}
	if hasNr {
		n, err := strconv.Atoi(nr)
		if err != nil || n < 1 {
			return FileService{}, fmt.Errorf("the :N after %s is the number of IOs per pick, a whole number of at least 1, not %q", name, nr)
		}
		s.Nr = n
	}
	return s, nil
}
