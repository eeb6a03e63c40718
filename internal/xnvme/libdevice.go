package xnvme

/*
#include <stdlib.h>
#include "xb_xnvme.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// LibOptions say how libxnvme opens a device: fio's xnvme engine options
// and the open flags. Empty names let the library choose.
type LibOptions struct {
	// Backend is xnvme_be: linux, spdk, vfio, ramdisk.
	Backend string
	// Async is xnvme_async: emu, thrpool, io_uring, io_uring_cmd, libaio,
	// posix, nil. xbench's engine always names one (see the engine).
	Async string
	// Sync is xnvme_sync: nvme, psync, block.
	Sync string
	// Admin is xnvme_admin: nvme, block.
	Admin string
	// Mem is xnvme_mem: posix, hugepage, spdk, vfio.
	Mem string
	// NSID is xnvme_dev_nsid, the namespace for user-space drivers; 0
	// keeps the library's default.
	NSID uint32
	// Write opens the device for writing as well as reading.
	Write bool
	// Direct asks for O_DIRECT; LibDevice.Direct says whether it was used.
	Direct bool
	// PollIO is fio's hipri: polled completions (io_uring IOPOLL).
	PollIO bool
	// PollSQ is fio's sqthread_poll: a kernel thread polls the submission
	// queue (io_uring SQPOLL).
	PollSQ bool
	// IOVec is xnvme_iovec: vectored commands.
	IOVec bool
}

// GeoType is the kind of a device's geometry (enum xnvme_geo_type).
type GeoType uint32

// geoTypes names the geometry types.
var geoTypes = []string{"unknown", "conventional", "zoned", "kv"}

// String names the geometry type as xNVMe prints it.
func (t GeoType) String() string {
	if int(t) < len(geoTypes) {
		return geoTypes[t]
	}
	return fmt.Sprintf("GeoType(%d)", uint32(t))
}

// MarshalText makes the JSON form the name.
func (t GeoType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads a name that MarshalText wrote.
func (t *GeoType) UnmarshalText(b []byte) error {
	for i, n := range geoTypes {
		if n == string(b) {
			*t = GeoType(i)
			return nil
		}
	}
	return fmt.Errorf("unknown geometry type %q", b)
}

// LibGeometry is a device's geometry as libxnvme reports it (struct
// xnvme_geo), copied field by field.
type LibGeometry struct {
	Type        GeoType `json:"type"`
	NPUGrp      uint32  `json:"npugrp"`
	NPUnit      uint32  `json:"npunit"`
	NZone       uint32  `json:"nzone"`
	NSect       uint64  `json:"nsect"`
	NBytes      uint32  `json:"nbytes"`
	NBytesOOB   uint32  `json:"nbytes_oob"`
	TBytes      uint64  `json:"tbytes"`
	SSW         uint64  `json:"ssw"`
	MDTSNBytes  uint32  `json:"mdts_nbytes"`
	LBANBytes   uint32  `json:"lba_nbytes"`
	LBAExtended bool    `json:"lba_extended"`
	PIType      uint8   `json:"pi_type"`
	PILoc       uint8   `json:"pi_loc"`
	PIFormat    uint8   `json:"pi_format"`
}

// LibDevice is what libxnvme says about a device it opened: its identity,
// its geometry and the backend and mechanisms it chose.
type LibDevice struct {
	URI  string `json:"uri"`
	Type string `json:"type"`
	NSID uint32 `json:"nsid"`
	// CSI is the command set: nvm, kv, zoned, fs.
	CSI    string `json:"csi"`
	SubNQN string `json:"subnqn,omitempty"`
	// Serial, Model and Firmware come from Identify Controller.
	Serial   string `json:"serial,omitempty"`
	Model    string `json:"model,omitempty"`
	Firmware string `json:"firmware,omitempty"`
	// Backend, Async, Sync, Admin and Mem are the library's choices.
	Backend string `json:"be"`
	Async   string `json:"async"`
	Sync    string `json:"sync"`
	Admin   string `json:"admin"`
	Mem     string `json:"mem"`
	// Direct says whether O_DIRECT was used: the Linux backend drops it
	// silently when the open with O_DIRECT fails.
	Direct   bool        `json:"direct"`
	Geometry LibGeometry `json:"geometry"`
}

// devTypes names xNVMe's device types (enum xnvme_dev_type, v0.7.x).
var devTypes = []string{"unknown", "nvme controller", "nvme namespace", "block device", "file", "ramdisk"}

// csiName names a command set identifier.
func csiName(csi uint8) string {
	switch csi {
	case 0x0:
		return "nvm"
	case 0x1:
		return "kv"
	case 0x2:
		return "zoned"
	case 0x1f:
		return "fs"
	}
	return fmt.Sprintf("0x%x", csi)
}

func libDeviceOf(in *C.struct_xb_xnvme_info) LibDevice {
	g := &in.geo
	d := LibDevice{
		URI:      C.GoString(&in.ident.uri[0]),
		Type:     fmt.Sprintf("type %d", uint32(in.ident.dtype)),
		NSID:     uint32(in.nsid),
		CSI:      csiName(uint8(in.ident.csi)),
		SubNQN:   C.GoString(&in.ident.subnqn[0]),
		Serial:   C.GoString(&in.serial[0]),
		Model:    C.GoString(&in.model[0]),
		Firmware: C.GoString(&in.firmware[0]),
		Backend:  C.GoString(&in.be[0]),
		Async:    C.GoString(&in.async[0]),
		Sync:     C.GoString(&in.sync[0]),
		Admin:    C.GoString(&in.admin[0]),
		Mem:      C.GoString(&in.mem[0]),
		Direct:   in.direct != 0,
		Geometry: LibGeometry{
			Type: GeoType(g._type), NPUGrp: uint32(g.npugrp), NPUnit: uint32(g.npunit),
			NZone: uint32(g.nzone), NSect: uint64(g.nsect), NBytes: uint32(g.nbytes),
			NBytesOOB: uint32(g.nbytes_oob), TBytes: uint64(g.tbytes), SSW: uint64(g.ssw),
			MDTSNBytes: uint32(g.mdts_nbytes), LBANBytes: uint32(g.lba_nbytes),
			LBAExtended: g.lba_extended != 0, PIType: uint8(g.pi_type), PILoc: uint8(g.pi_loc),
			PIFormat: uint8(g.pi_format),
		},
	}
	if t := int(in.ident.dtype); t < len(devTypes) {
		d.Type = devTypes[t]
	}
	return d
}

// cOptions is a C copy of LibOptions, in C memory (a queue's C options
// point to it), valid until free.
type cOptions struct {
	c    *C.struct_xb_xnvme_opts
	strs []*C.char
}

func (l *Library) cOptions(o LibOptions) *cOptions {
	co := &cOptions{c: (*C.struct_xb_xnvme_opts)(C.malloc(C.sizeof_struct_xb_xnvme_opts))}
	str := func(s string) *C.char {
		if s == "" {
			return nil
		}
		p := C.CString(s)
		co.strs = append(co.strs, p)
		return p
	}
	*co.c = C.struct_xb_xnvme_opts{
		lib: l.c, be: str(o.Backend), mem: str(o.Mem), sync: str(o.Sync),
		async: str(o.Async), admin: str(o.Admin), nsid: C.uint32_t(o.NSID),
		write: cBool(o.Write), direct: cBool(o.Direct), poll_io: cBool(o.PollIO),
		poll_sq: cBool(o.PollSQ), iovec: cBool(o.IOVec),
	}
	return co
}

func (co *cOptions) free() {
	for _, p := range co.strs {
		C.free(unsafe.Pointer(p))
	}
	C.free(unsafe.Pointer(co.c))
}

func cBool(b bool) C.uint8_t {
	if b {
		return 1
	}
	return 0
}

// Open opens uri through the library, reads what the library says about
// it, and closes it again. Errors wrap the errno.
func (l *Library) Open(uri string, o LibOptions) (LibDevice, error) {
	co := l.cOptions(o)
	defer co.free()
	curi := C.CString(uri)
	defer C.free(unsafe.Pointer(curi))
	var info C.struct_xb_xnvme_info
	if err := errno(int(C.xb_xnvme_dev_info(co.c, curi, &info))); err != nil {
		return LibDevice{}, fmt.Errorf("xnvme_dev_open(%s): %w", uri, err)
	}
	return libDeviceOf(&info), nil
}

// maxEnumerated bounds the devices Enumerate returns.
const maxEnumerated = 256

// Enumerate lists the devices xnvme_enumerate finds, opened with o (its
// Backend limits the search to one backend).
func (l *Library) Enumerate(o LibOptions) ([]LibDevice, error) {
	co := l.cOptions(o)
	defer co.free()
	infos := (*[maxEnumerated]C.struct_xb_xnvme_info)(C.malloc(maxEnumerated * C.sizeof_struct_xb_xnvme_info))
	defer C.free(unsafe.Pointer(infos))
	var n C.uint32_t
	if err := errno(int(C.xb_xnvme_enumerate(co.c, &infos[0], maxEnumerated, &n))); err != nil {
		return nil, fmt.Errorf("xnvme_enumerate: %w", err)
	}
	devs := make([]LibDevice, 0, min(int(n), maxEnumerated))
	for i := range min(int(n), maxEnumerated) {
		devs = append(devs, libDeviceOf(&infos[i]))
	}
	return devs, nil
}
