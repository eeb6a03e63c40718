/*
 * xb_xnvme_abi.h - the part of libxnvme's ABI that xbench uses, declared
 * without xNVMe's headers.
 *
 * libxnvme is loaded at run time (xb_xnvme_lib.c), so nothing here comes
 * from the library's headers: each struct is written down from xNVMe
 * v0.7.4/v0.7.5's include/libxnvme_*.h and pinned with static asserts, and
 * the Go test TestXNVMeLayoutMatchesTheReleasedABI checks the same offsets.
 * Fields xbench does not touch are kept as opaque bytes. The unreleased
 * main branch changed struct xnvme_opts after offset 96 and the libconf
 * API, so it is recognised and refused (xb_xnvme_lib.c), never driven with
 * these layouts.
 */
#ifndef XB_XNVME_ABI_H
#define XB_XNVME_ABI_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/* enum xnvme_geo_type */
#define XNVME_GEO_UNKNOWN 0
#define XNVME_GEO_CONVENTIONAL 1
#define XNVME_GEO_ZONED 2
#define XNVME_GEO_KV 3

/* struct xnvme_geo (libxnvme_geo.h): a device's geometry, 64 bytes. */
struct xnvme_geo {
	uint32_t type; /* enum xnvme_geo_type */
	uint32_t npugrp;
	uint32_t npunit;
	uint32_t nzone;
	uint64_t nsect; /* sectors per zone */
	uint32_t nbytes;
	uint32_t nbytes_oob;
	uint64_t tbytes; /* total bytes */
	uint64_t ssw;    /* log2 of the LBA size: offset >> ssw is the LBA */
	uint32_t mdts_nbytes;
	uint32_t lba_nbytes;
	uint8_t lba_extended;
	uint8_t pi_type;
	uint8_t pi_loc;
	uint8_t pi_format;
	uint8_t rsvd[4];
};
_Static_assert(sizeof(struct xnvme_geo) == 64, "xnvme_geo size");
_Static_assert(offsetof(struct xnvme_geo, nsect) == 16, "xnvme_geo.nsect");
_Static_assert(offsetof(struct xnvme_geo, tbytes) == 32, "xnvme_geo.tbytes");
_Static_assert(offsetof(struct xnvme_geo, ssw) == 40, "xnvme_geo.ssw");
_Static_assert(offsetof(struct xnvme_geo, mdts_nbytes) == 48, "xnvme_geo.mdts_nbytes");
_Static_assert(offsetof(struct xnvme_geo, lba_nbytes) == 52, "xnvme_geo.lba_nbytes");
_Static_assert(offsetof(struct xnvme_geo, pi_format) == 59, "xnvme_geo.pi_format");

/* struct xnvme_ident (libxnvme_ident.h): what a URI names, 704 bytes. */
struct xnvme_ident {
	char subnqn[256];
	char uri[384];
	uint32_t dtype; /* the library's internal enum xnvme_dev_type */
	uint32_t nsid;
	uint8_t csi;
	uint8_t rsvd[55];
};
_Static_assert(sizeof(struct xnvme_ident) == 704, "xnvme_ident size");
_Static_assert(offsetof(struct xnvme_ident, uri) == 256, "xnvme_ident.uri");
_Static_assert(offsetof(struct xnvme_ident, dtype) == 640, "xnvme_ident.dtype");
_Static_assert(offsetof(struct xnvme_ident, csi) == 648, "xnvme_ident.csi");

/*
 * struct xnvme_opts (libxnvme_opts.h), 136 bytes in v0.7.4 and v0.7.5. Only
 * the first 96 bytes are the same on the main branch, and xbench sets only
 * fields in them. Always fill it with xnvme_opts_set_defaults() on a
 * buffer larger than any version's struct (union xnvme_opts_buf), never by
 * value from xnvme_opts_default().
 */
struct xnvme_opts {
	const char *be;
	const char *dev;
	const char *mem;
	const char *sync;
	const char *async;
	const char *admin;
	uint32_t nsid;
	uint8_t rdonly;
	uint8_t wronly;
	uint8_t rdwr;
	uint8_t create;
	uint8_t truncate;
	uint8_t direct;
	uint32_t create_mode;
	uint8_t poll_io;
	uint8_t poll_sq;
	uint8_t register_files;
	uint8_t register_buffers;
	uint32_t css_value;
	uint32_t css_given;
	uint32_t use_cmb_sqs;
	uint32_t shm_id;
	uint32_t main_core;
	const char *core_mask;
	uint8_t tail[40]; /* adrfam .. keep_alive_timeout_ms: differs by version */
};
_Static_assert(sizeof(struct xnvme_opts) == 136, "xnvme_opts size");
_Static_assert(offsetof(struct xnvme_opts, async) == 32, "xnvme_opts.async");
_Static_assert(offsetof(struct xnvme_opts, nsid) == 48, "xnvme_opts.nsid");
_Static_assert(offsetof(struct xnvme_opts, rdonly) == 52, "xnvme_opts.rdonly");
_Static_assert(offsetof(struct xnvme_opts, direct) == 57, "xnvme_opts.direct");
_Static_assert(offsetof(struct xnvme_opts, poll_io) == 64, "xnvme_opts.poll_io");
_Static_assert(offsetof(struct xnvme_opts, core_mask) == 88, "xnvme_opts.core_mask");
_Static_assert(offsetof(struct xnvme_opts, tail) == 96, "xnvme_opts stable prefix");

union xnvme_opts_buf {
	struct xnvme_opts opts;
	uint8_t room[1024];
};

/* NVMe NVM opcodes (libxnvme_spec.h). */
#define XNVME_SPEC_NVM_OPC_WRITE 0x01
#define XNVME_SPEC_NVM_OPC_READ 0x02

/* Status code type of errors the Linux backends carry as errno in sc. */
#define XNVME_STATUS_CODE_TYPE_VENDOR 0x7

struct xnvme_cmd_ctx;
typedef void (*xnvme_queue_cb)(struct xnvme_cmd_ctx *ctx, void *cb_arg);

/*
 * struct xnvme_cmd_ctx (libxnvme_cmd.h), 128 bytes: the 64-byte NVMe
 * command, the 16-byte completion, then the asynchronous fields. Of the
 * command, xbench sets the fields of an NVM read or write; of the
 * completion, it reads the 16-bit status word (phase:1, sc:8, sct:3, ...).
 */
struct xnvme_cmd_ctx {
	union {
		uint8_t bytes[64];
		struct {
			uint8_t opcode; /* cdw0 bits 0-7 */
			uint8_t flags;
			uint16_t cid;
			uint32_t nsid;
			uint8_t cdw02_09[32];
			uint64_t slba;
			uint16_t nlb; /* zero-based */
			uint16_t cdw12_hi;
			uint8_t cdw13_15[12];
		} nvm;
	} cmd;
	union {
		uint8_t bytes[16];
		struct {
			uint64_t result;
			uint16_t sqhd;
			uint16_t sqid;
			uint16_t cid;
			uint16_t status;
		} f;
	} cpl;
	void *dev;
	struct {
		void *queue;
		xnvme_queue_cb cb;
		void *cb_arg;
	} async;
	uint32_t opts;
	uint8_t be_rsvd[12];
};
_Static_assert(sizeof(struct xnvme_cmd_ctx) == 128, "xnvme_cmd_ctx size");
_Static_assert(offsetof(struct xnvme_cmd_ctx, cmd.nvm.nsid) == 4, "cmd.nsid");
_Static_assert(offsetof(struct xnvme_cmd_ctx, cmd.nvm.slba) == 40, "cmd.nvm.slba");
_Static_assert(offsetof(struct xnvme_cmd_ctx, cmd.nvm.nlb) == 48, "cmd.nvm.nlb");
_Static_assert(offsetof(struct xnvme_cmd_ctx, cpl) == 64, "cpl");
_Static_assert(offsetof(struct xnvme_cmd_ctx, cpl.f.status) == 78, "cpl.status");
_Static_assert(offsetof(struct xnvme_cmd_ctx, async.queue) == 88, "async.queue");
_Static_assert(offsetof(struct xnvme_cmd_ctx, async.cb) == 96, "async.cb");
_Static_assert(offsetof(struct xnvme_cmd_ctx, async.cb_arg) == 104, "async.cb_arg");

/* Offsets inside the unions, for the Go layout test. */
enum {
	XB_XNVME_OFF_CMD_OPCODE = offsetof(struct xnvme_cmd_ctx, cmd.nvm.opcode),
	XB_XNVME_OFF_CMD_NSID = offsetof(struct xnvme_cmd_ctx, cmd.nvm.nsid),
	XB_XNVME_OFF_CMD_SLBA = offsetof(struct xnvme_cmd_ctx, cmd.nvm.slba),
	XB_XNVME_OFF_CMD_NLB = offsetof(struct xnvme_cmd_ctx, cmd.nvm.nlb),
	XB_XNVME_OFF_CPL_STATUS = offsetof(struct xnvme_cmd_ctx, cpl.f.status),
	XB_XNVME_OFF_ASYNC_CB = offsetof(struct xnvme_cmd_ctx, async.cb),
	XB_XNVME_OFF_ASYNC_CB_ARG = offsetof(struct xnvme_cmd_ctx, async.cb_arg),
};

/* The status word's fields: xnvme_cmd_ctx_cpl_status() is sc || sct. */
static inline uint32_t xnvme_status_sc(uint16_t status) { return (status >> 1) & 0xff; }
static inline uint32_t xnvme_status_sct(uint16_t status) { return (status >> 9) & 0x7; }

/* Offsets in the 4096-byte NVMe Identify Controller data (NVMe base spec). */
#define XNVME_IDFY_CTRLR_SN 4  /* serial number, 20 ASCII bytes */
#define XNVME_IDFY_CTRLR_MN 24 /* model number, 40 ASCII bytes */
#define XNVME_IDFY_CTRLR_FR 64 /* firmware revision, 8 ASCII bytes */

/* Flags of xnvme_queue_init() (enum xnvme_queue_opts). */
#define XNVME_QUEUE_IOPOLL 0x1
#define XNVME_QUEUE_SQPOLL 0x2

/* What xnvme_enumerate()'s callback returns to have the device closed. */
#define XNVME_ENUMERATE_DEV_CLOSE 1

typedef int (*xnvme_enumerate_cb)(void *dev, void *cb_args);

/*
 * The functions xbench resolves with dlsym. xnvme_cmd_ctx_set_cb() and
 * xnvme_cmd_ctx_cpl_status() are static inline in the headers, so they are
 * not here: xbench sets ctx->async and reads the status word itself.
 */
struct xb_xnvme_fns {
	void (*opts_set_defaults)(struct xnvme_opts *opts);
	void *(*dev_open)(const char *uri, struct xnvme_opts *opts);
	void (*dev_close)(void *dev);
	const struct xnvme_geo *(*dev_get_geo)(const void *dev);
	const struct xnvme_ident *(*dev_get_ident)(const void *dev);
	const struct xnvme_opts *(*dev_get_opts)(const void *dev);
	const void *(*dev_get_ctrlr)(const void *dev);
	uint32_t (*dev_get_nsid)(const void *dev);
	int (*enumerate)(const char *sys_uri, struct xnvme_opts *opts, xnvme_enumerate_cb cb,
			 void *cb_args);
	int (*queue_init)(void *dev, uint16_t capacity, int opts, void **queue);
	int (*queue_term)(void *queue);
	int (*queue_set_cb)(void *queue, xnvme_queue_cb cb, void *cb_arg);
	int (*queue_poke)(void *queue, uint32_t max);
	struct xnvme_cmd_ctx *(*queue_get_cmd_ctx)(void *queue);
	int (*queue_put_cmd_ctx)(void *queue, struct xnvme_cmd_ctx *ctx);
	int (*cmd_pass)(struct xnvme_cmd_ctx *ctx, void *dbuf, size_t dbuf_nbytes, void *mbuf,
			size_t mbuf_nbytes);
	int (*cmd_passv)(struct xnvme_cmd_ctx *ctx, struct iovec *dvec, size_t dvec_cnt,
			 size_t dvec_nbytes, struct iovec *mvec, size_t mvec_cnt,
			 size_t mvec_nbytes);
	void *(*buf_alloc)(const void *dev, size_t nbytes);
	void (*buf_free)(const void *dev, void *buf);
};

#endif /* XB_XNVME_ABI_H */
