package xnvme

import (
	"errors"
	"syscall"
)

// errno turns a C return code (-errno) into a Go error, nil for rc >= 0.
func errno(rc int) error {
	if rc >= 0 {
		return nil
	}
	return syscall.Errno(-rc)
}

// ErrUnknownMechanism is returned for a mechanism name that is not built in.
var ErrUnknownMechanism = errors.New("unknown mechanism")
