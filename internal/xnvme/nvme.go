package xnvme

/*
#include <stdlib.h>
#include <string.h>
#include "xb_nvme.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// NVMeNamespace is a namespace of an NVMe generic character device
// (/dev/ngXnY), as the admin Identify Namespace command describes it.
type NVMeNamespace struct {
	// NSID is the namespace id (NVME_IOCTL_ID).
	NSID uint32
	// Blocks is the namespace size in logical blocks (NSZE).
	Blocks uint64
	// BlockSize is the logical block size of its LBA format (LBADS).
	BlockSize uint32
	// MetadataSize is the metadata bytes per block (MS), and Extended says
	// the metadata is interleaved with the data (an extended LBA).
	MetadataSize uint32
	Extended     bool
}

// Size is the namespace's size in bytes.
func (n NVMeNamespace) Size() uint64 { return n.Blocks * uint64(n.BlockSize) }

// ReadNVMeNamespace identifies the namespace of the NVMe generic device at
// path with the admin identify ioctl (which needs root). On a device that
// is not an NVMe namespace the error wraps ENOTTY.
func ReadNVMeNamespace(path string) (NVMeNamespace, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var ns C.struct_xb_nvme_ns
	if err := errno(int(C.xb_nvme_ns_info(cpath, &ns))); err != nil {
		return NVMeNamespace{}, fmt.Errorf("identifying the NVMe namespace of %s: %w", path, err)
	}
	return namespaceOf(&ns), nil
}

func namespaceOf(ns *C.struct_xb_nvme_ns) NVMeNamespace {
	return NVMeNamespace{
		NSID: uint32(ns.nsid), Blocks: uint64(ns.nsze), BlockSize: 1 << uint(ns.lba_shift),
		MetadataSize: uint32(ns.ms), Extended: ns.extended != 0,
	}
}

// parseIdentifyNamespace reads an Identify Namespace data structure (4096
// bytes) as the device's admin command returns it, for tests.
func parseIdentifyNamespace(id []byte, nsid uint32) (NVMeNamespace, error) {
	if len(id) != C.XB_NVME_IDENTIFY_BYTES {
		return NVMeNamespace{}, fmt.Errorf("identify data is %d bytes, not %d", len(id), C.XB_NVME_IDENTIFY_BYTES)
	}
	cid := C.CBytes(id)
	defer C.free(cid)
	var ns C.struct_xb_nvme_ns
	if err := errno(int(C.xb_nvme_id_ns_parse((*C.uint8_t)(cid), C.uint32_t(nsid), &ns))); err != nil {
		return NVMeNamespace{}, err
	}
	return namespaceOf(&ns), nil
}

// nvmeCommand is what encodeNVMe built: the 72 bytes of the kernel's
// struct nvme_uring_cmd, the DSM range of a trim, and the addresses it
// was given, for tests.
type nvmeCommand struct {
	cmd      [C.sizeof_struct_nvme_uring_cmd]byte
	dsmRange [C.sizeof_struct_xb_nvme_dsm_range]byte
	buf, iov uintptr
	rangeAt  uintptr
}

// encodeNVMe encodes the command of e on a namespace of blocks of
// 1<<lbaShift bytes, with a buffer and iovec in C memory, for tests of
// the encoding against the NVMe specification's field layout.
func encodeNVMe(nsid, lbaShift uint32, e SQE, vectored bool) (nvmeCommand, error) {
	mem := C.calloc(1, C.size_t(C.sizeof_struct_nvme_uring_cmd+C.sizeof_struct_xb_nvme_dsm_range+C.sizeof_struct_iovec+8))
	defer C.free(mem)
	cmd := (*C.struct_nvme_uring_cmd)(mem)
	rng := (*C.struct_xb_nvme_dsm_range)(unsafe.Add(mem, C.sizeof_struct_nvme_uring_cmd))
	iov := (*C.struct_iovec)(unsafe.Add(mem, C.sizeof_struct_nvme_uring_cmd+C.sizeof_struct_xb_nvme_dsm_range))
	buf := unsafe.Add(mem, C.sizeof_struct_nvme_uring_cmd+C.sizeof_struct_xb_nvme_dsm_range+C.sizeof_struct_iovec)
	ns := C.struct_xb_nvme_ns{nsid: C.uint32_t(nsid), lba_shift: C.uint32_t(lbaShift)}
	csqe := C.struct_xb_sqe{offset: C.uint64_t(e.Offset), nbytes: C.uint32_t(e.Nbytes), slot: C.uint32_t(e.Slot), opcode: C.uint8_t(e.Opcode)}
	vec := C.int(0)
	if vectored {
		vec = 1
	}
	if err := errno(int(C.xb_nvme_encode(cmd, &ns, &csqe, buf, iov, vec, rng))); err != nil {
		return nvmeCommand{}, err
	}
	var out nvmeCommand
	copy(out.cmd[:], unsafe.Slice((*byte)(mem), len(out.cmd)))
	copy(out.dsmRange[:], unsafe.Slice((*byte)(unsafe.Pointer(rng)), len(out.dsmRange)))
	out.buf, out.iov, out.rangeAt = uintptr(buf), uintptr(unsafe.Pointer(iov)), uintptr(unsafe.Pointer(rng))
	return out, nil
}
