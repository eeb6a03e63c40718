package xnvme

/*
#include "xb_xnvme_abi.h"
*/
import "C"

import "unsafe"

// abiLayout reports the sizes and offsets of xbench's declarations of
// libxnvme's structs (xb_xnvme_abi.h) as the C compiler laid them out, for
// the test that checks them against xNVMe's released headers.
func abiLayout() map[string]uintptr {
	var geo C.struct_xnvme_geo
	var ident C.struct_xnvme_ident
	var opts C.struct_xnvme_opts
	var ctx C.struct_xnvme_cmd_ctx
	return map[string]uintptr{
		"geo":             unsafe.Sizeof(geo),
		"geo.nsect":       unsafe.Offsetof(geo.nsect),
		"geo.tbytes":      unsafe.Offsetof(geo.tbytes),
		"geo.ssw":         unsafe.Offsetof(geo.ssw),
		"geo.mdts_nbytes": unsafe.Offsetof(geo.mdts_nbytes),
		"geo.lba_nbytes":  unsafe.Offsetof(geo.lba_nbytes),
		"ident":           unsafe.Sizeof(ident),
		"ident.uri":       unsafe.Offsetof(ident.uri),
		"ident.dtype":     unsafe.Offsetof(ident.dtype),
		"ident.nsid":      unsafe.Offsetof(ident.nsid),
		"ident.csi":       unsafe.Offsetof(ident.csi),
		"opts":            unsafe.Sizeof(opts),
		"opts.async":      unsafe.Offsetof(opts.async),
		"opts.nsid":       unsafe.Offsetof(opts.nsid),
		"opts.rdonly":     unsafe.Offsetof(opts.rdonly),
		"opts.rdwr":       unsafe.Offsetof(opts.rdwr),
		"opts.direct":     unsafe.Offsetof(opts.direct),
		"opts.poll_io":    unsafe.Offsetof(opts.poll_io),
		"opts.poll_sq":    unsafe.Offsetof(opts.poll_sq),
		"opts.core_mask":  unsafe.Offsetof(opts.core_mask),
		"cmd_ctx":         unsafe.Sizeof(ctx),
		"cmd_ctx.cpl":     unsafe.Offsetof(ctx.cpl),
		"cmd_ctx.dev":     unsafe.Offsetof(ctx.dev),
		"cmd_ctx.async":   unsafe.Offsetof(ctx.async),
		"cmd_ctx.opts":    unsafe.Offsetof(ctx.opts),
		"cmd.opcode":      C.XB_XNVME_OFF_CMD_OPCODE,
		"cmd.nsid":        C.XB_XNVME_OFF_CMD_NSID,
		"cmd.nvm.slba":    C.XB_XNVME_OFF_CMD_SLBA,
		"cmd.nvm.nlb":     C.XB_XNVME_OFF_CMD_NLB,
		"cpl.status":      C.XB_XNVME_OFF_CPL_STATUS,
		"async.cb":        C.XB_XNVME_OFF_ASYNC_CB,
		"async.cb_arg":    C.XB_XNVME_OFF_ASYNC_CB_ARG,
	}
}
