package xnvme

/*
#include <stdlib.h>
#include "xb.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Kind is the kind of an open device.
type Kind int

// The kinds of device.
const (
	File  Kind = C.XB_DEV_FILE
	Block Kind = C.XB_DEV_BLOCK
	Char  Kind = C.XB_DEV_CHAR
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case File:
		return "file"
	case Block:
		return "block device"
	case Char:
		return "character device"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Geometry describes an open device.
type Geometry struct {
	// Size is the device's size in bytes: the file size, BLKGETSIZE64 for
	// a block device, the namespace's size for an NVMe generic device (0
	// for another character device).
	Size uint64
	// BlockSize is the logical block size (BLKSSZGET) of a block device,
	// the LBA format's block size of an NVMe generic device, or the
	// direct-IO offset alignment of a file (statx STATX_DIOALIGN, 512 when
	// the kernel does not say).
	BlockSize uint32
	// Kind is the kind of device.
	Kind Kind
}

// OpenOptions say how to open a device.
type OpenOptions struct {
	// Write opens it for writing as well as reading.
	Write bool
	// Direct opens it with O_DIRECT, bypassing the page cache.
	Direct bool
}

// Device is an open file or device.
type Device struct {
	c    *C.struct_xb_dev
	path string
	geo  Geometry
}

// Open opens an existing file or device. Errors wrap the errno, for
// example "opening /dev/x: permission denied".
func Open(path string, o OpenOptions) (*Device, error) {
	var flags C.uint32_t
	if o.Write {
		flags |= C.XB_DEV_WRITE
	}
	if o.Direct {
		flags |= C.XB_DEV_DIRECT
	}
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))

	var c *C.struct_xb_dev
	if err := errno(int(C.xb_dev_open(cpath, flags, &c))); err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	g := C.xb_dev_geo(c)
	return &Device{
		c:    c,
		path: path,
		geo:  Geometry{Size: uint64(g.size), BlockSize: uint32(g.lba_nbytes), Kind: Kind(g.kind)},
	}, nil
}

// Path is the path the device was opened with.
func (d *Device) Path() string { return d.path }

// Geometry is what Open learned about the device.
func (d *Device) Geometry() Geometry { return d.geo }

// Close closes the device; a nil Device is a no-op. Its queues must be
// closed first.
func (d *Device) Close() error {
	if d != nil && d.c != nil {
		C.xb_dev_close(d.c)
		d.c = nil
	}
	return nil
}
