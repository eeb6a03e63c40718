package workload

import "math"

// This file holds fio's xnvme engine options (fio's engines/xnvme.c), kept
// on Job.XNVMe. As in fio, they are accepted only after ioengine=xnvme.

// XNVMeOptions are the options of the xnvme ioengine, which drives
// libxnvme. Empty names leave the choice to the library.
type XNVMeOptions struct {
	// Backend is xnvme_be: linux, spdk, vfio or ramdisk.
	Backend string
	// Async is xnvme_async, the asynchronous command interface: emu,
	// thrpool, io_uring, io_uring_cmd, libaio, posix or nil (or nvme with
	// the user-space drivers). Unset, libxnvme's Linux backend picks emu,
	// which runs every command synchronously.
	Async string
	// Sync is xnvme_sync, the synchronous command interface: nvme, psync,
	// block or ramdisk.
	Sync string
	// Admin is xnvme_admin, the admin command interface: nvme, block or
	// ramdisk.
	Admin string
	// Mem is xnvme_mem, the buffer allocator: posix, hugepage, spdk or
	// vfio.
	Mem string
	// DevNSID is xnvme_dev_nsid, the namespace for user-space NVMe
	// drivers; 0 leaves libxnvme's default.
	DevNSID uint32
	// IOVec is xnvme_iovec: send vectored commands.
	IOVec bool
}

// choices makes enum choices whose values are their names.
func choices(names ...string) []enumChoice[string] {
	c := make([]enumChoice[string], len(names))
	for i, n := range names {
		c[i] = enumChoice[string]{n, n}
	}
	return c
}

// xnvmeOptions are fio's xnvme engine options. The names each takes are
// those libxnvme 0.7.x offers on Linux; fio stores any string and leaves
// the refusal to the library, xbench says at once.
var xnvmeOptions = []*optionDef{
	enumOpt("xnvme_be", "", "Select xNVMe backend [spdk,linux,fbsd]",
		choices("linux", "spdk", "vfio", "ramdisk"), nil,
		func(j *Job, v string) { j.XNVMe.Backend = v }).forEngines("xnvme"),
	enumOpt("xnvme_async", "", "Select xNVMe async. interface: [emu,thrpool,io_uring,libaio,posix,nil]",
		choices("emu", "thrpool", "io_uring", "io_uring_cmd", "libaio", "posix", "nil", "nvme"), nil,
		func(j *Job, v string) { j.XNVMe.Async = v }).forEngines("xnvme"),
	enumOpt("xnvme_sync", "", "Select xNVMe sync. interface: [nvme,psync]",
		choices("nvme", "psync", "block", "ramdisk"), nil,
		func(j *Job, v string) { j.XNVMe.Sync = v }).forEngines("xnvme"),
	enumOpt("xnvme_admin", "", "Select xNVMe admin. cmd-interface: [nvme,block,file_as_ns]",
		choices("nvme", "block", "ramdisk"), nil,
		func(j *Job, v string) { j.XNVMe.Admin = v }).forEngines("xnvme"),
	enumOpt("xnvme_mem", "", "Select xNVMe memory backend: [posix,hugepage,spdk,vfio]",
		choices("posix", "hugepage", "spdk", "vfio"), nil,
		func(j *Job, v string) { j.XNVMe.Mem = v }).forEngines("xnvme"),
	intOpt("xnvme_dev_nsid", "", "xNVMe Namespace-Identifier, for user-space NVMe driver",
		0, math.MaxUint32, func(j *Job, v int) { j.XNVMe.DevNSID = uint32(v) }).forEngines("xnvme"),
	flagOpt("xnvme_iovec", "Send vectored IOs", func(j *Job, v bool) { j.XNVMe.IOVec = v }).forEngines("xnvme"),
}
