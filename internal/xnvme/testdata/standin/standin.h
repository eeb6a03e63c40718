/*
 * standin.h - the layouts of the libxnvme stand-in (see libxnvme_standin.c),
 * as in xNVMe v0.7.x's include/libxnvme_*.h, written down independently of
 * the binding's declarations (internal/xnvme/xb_xnvme_abi.h).
 */
#ifndef STANDIN_H
#define STANDIN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

struct xnvme_geo {
	int type;
	uint32_t npugrp, npunit, nzone;
	uint64_t nsect;
	uint32_t nbytes, nbytes_oob;
	uint64_t tbytes, ssw;
	uint32_t mdts_nbytes, lba_nbytes;
	uint8_t lba_extended, pi_type, pi_loc, pi_format;
	uint8_t _rsvd[4];
};
_Static_assert(sizeof(struct xnvme_geo) == 64, "geo");

struct xnvme_ident {
	char subnqn[256];
	char uri[384];
	uint32_t dtype, nsid;
	uint8_t csi;
	uint8_t rsvd[55];
};
_Static_assert(sizeof(struct xnvme_ident) == 704, "ident");

struct xnvme_opts {
	const char *be, *dev, *mem, *sync, *async, *admin;
	uint32_t nsid;
	uint8_t rdonly, wronly, rdwr, create, truncate, direct;
	uint32_t create_mode;
	uint8_t poll_io, poll_sq, register_files, register_buffers;
	struct {
		uint32_t value, given;
	} css;
	uint32_t use_cmb_sqs, shm_id, main_core;
	const char *core_mask, *adrfam, *subnqn, *hostnqn;
	uint32_t admin_timeout, command_timeout, spdk_fabrics, keep_alive_timeout_ms;
};
_Static_assert(sizeof(struct xnvme_opts) == 136, "opts");

struct xnvme_spec_status {
	uint16_t p : 1, sc : 8, sct : 3, rsvd2 : 2, m : 1, dnr : 1;
};

struct xnvme_spec_cpl {
	uint64_t result;
	uint16_t sqhd, sqid, cid;
	struct xnvme_spec_status status;
};

struct xnvme_spec_cmd_nvm {
	uint32_t cdw00_09[10];
	uint64_t slba;
	uint32_t nlb : 16, rest : 16;
	uint32_t cdw13_15[3];
};

union xnvme_spec_cmd {
	struct {
		uint16_t opcode : 8, fuse : 2, rsvd : 4, psdt : 2;
		uint16_t cid;
		uint32_t nsid;
	} common;
	struct xnvme_spec_cmd_nvm nvm;
};
_Static_assert(sizeof(union xnvme_spec_cmd) == 64, "cmd");

struct xnvme_cmd_ctx;
typedef void (*xnvme_queue_cb)(struct xnvme_cmd_ctx *ctx, void *opaque);

struct xnvme_cmd_ctx {
	union xnvme_spec_cmd cmd;
	struct xnvme_spec_cpl cpl;
	struct xnvme_dev *dev;
	struct {
		struct xnvme_queue *queue;
		xnvme_queue_cb cb;
		void *cb_arg;
	} async;
	uint32_t opts;
	uint8_t be_rsvd[12];
};
_Static_assert(sizeof(struct xnvme_cmd_ctx) == 128, "cmd_ctx");
_Static_assert(offsetof(struct xnvme_cmd_ctx, cpl.status) == 78, "status");
_Static_assert(offsetof(struct xnvme_cmd_ctx, async.cb) == 96, "cb");

/* ---- Shared between the files of the stand-in ---- */

struct xnvme_dev {
	struct xnvme_geo geo;
	struct xnvme_ident ident;
	struct xnvme_opts opts;
	uint8_t ctrlr[4096];
	char *mem;
	uint32_t busy, eio;
	uint64_t ncmds;
};

/* Whether [p, p+n) lies in a buffer from xnvme_buf_alloc. */
int standin_is_buf(const char *p, size_t n);

#endif /* STANDIN_H */
