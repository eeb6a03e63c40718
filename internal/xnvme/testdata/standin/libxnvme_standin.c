/*
 * libxnvme_standin.c - a stand-in for libxnvme, for tests on machines
 * without xNVMe. It is xbench's own code: the functions xbench calls, with
 * xNVMe v0.7.x's signatures and struct layouts, written down here
 * independently of the binding's declarations (xb_xnvme_abi.h) so that
 * each checks the other. Devices live in memory.
 *
 * Built by the tests with the system C compiler:
 *
 *   cc -shared -fPIC -o libxnvme.so libxnvme_standin.c [-D...]
 *
 *   -DSTANDIN_MINOR=N -DSTANDIN_PATCH=N  the version (default 0.7.5)
 *   -DSTANDIN_MAIN_ABI                   the main branch's libconf API
 *   -DSTANDIN_OMIT_POKE                  leave out xnvme_queue_poke
 *
 * A URI is a size, "<N>GB" (as xNVMe's ramdisk) or "<N>MB", optionally
 * followed by stand-in options: "?busy=K" makes xnvme_cmd_pass return
 * -EBUSY with K commands outstanding, "?eio=K" fails every K-th command
 * with EIO, "?lba=N" sets the block size, "?nodirect" drops O_DIRECT as
 * the Linux backend does when the O_DIRECT open fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#ifndef STANDIN_MINOR
#define STANDIN_MINOR 7
#endif
#ifndef STANDIN_PATCH
#define STANDIN_PATCH 5
#endif

/* ---- Layouts, as in xNVMe v0.7.x's include/libxnvme_*.h ---- */

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

/* ---- Version and build configuration ---- */

int xnvme_ver_major(void) { return 0; }
int xnvme_ver_minor(void) { return STANDIN_MINOR; }
int xnvme_ver_patch(void) { return STANDIN_PATCH; }

#define LIBCONF_ENTRIES                                                                            \
	{"conf: XBENCH_STANDIN", "conf: XNVME_BE_RAMDISK_ENABLED",                                 \
	 "conf: XNVME_BE_CBI_ASYNC_NIL_ENABLED", NULL}

#ifdef STANDIN_MAIN_ABI
/* The main branch replaced the array with a function returning a struct. */
struct xnvme_libconf {
	const char **entries;
};
static const char *libconf_entries[] = LIBCONF_ENTRIES;
static struct xnvme_libconf g_libconf = {libconf_entries};
const struct xnvme_libconf *xnvme_libconf_get(void) { return &g_libconf; }
#else
/* v0.7.x: extern const char *xnvme_libconf[] */
const char *xnvme_libconf[] = LIBCONF_ENTRIES;
#endif

void xnvme_opts_set_defaults(struct xnvme_opts *opts)
{
	opts->rdwr = 1;
	opts->nsid = 1;
	opts->admin_timeout = 60000000;
	opts->command_timeout = 30000000;
	opts->create_mode = 0600;
}

/* ---- Buffers: remembered, so that commands can insist on them ---- */

#define MAX_BUFS 4096
static struct {
	char *p;
	size_t n;
} bufs[MAX_BUFS];

void *xnvme_buf_alloc(const void *dev, size_t nbytes)
{
	size_t n = (nbytes + 4095) & ~(size_t)4095;

	(void)dev;
	for (int i = 0; i < MAX_BUFS; i++) {
		if (!bufs[i].p) {
			bufs[i].p = aligned_alloc(4096, n ? n : 4096);
			bufs[i].n = nbytes;
			return bufs[i].p;
		}
	}
	errno = ENOMEM;
	return NULL;
}

void xnvme_buf_free(const void *dev, void *buf)
{
	(void)dev;
	for (int i = 0; i < MAX_BUFS; i++) {
		if (buf && bufs[i].p == buf) {
			free(buf);
			bufs[i].p = NULL;
		}
	}
}

static int is_buf(const char *p, size_t n)
{
	for (int i = 0; i < MAX_BUFS; i++)
		if (bufs[i].p && p >= bufs[i].p && p + n <= bufs[i].p + bufs[i].n)
			return 1;
	return 0;
}

/* ---- Devices ---- */

struct xnvme_dev {
	struct xnvme_geo geo;
	struct xnvme_ident ident;
	struct xnvme_opts opts;
	uint8_t ctrlr[4096];
	char *mem;
	uint32_t busy, eio;
	uint64_t ncmds;
};

static int parse_uri(const char *uri, uint64_t *size, uint32_t *lba, uint32_t *busy, uint32_t *eio,
		     int *nodirect)
{
	char *end;
	unsigned long long n = strtoull(uri, &end, 10);
	const char *q;

	if (end == uri || n == 0)
		return -1;
	if (!strncmp(end, "GB", 2))
		*size = n << 30;
	else if (!strncmp(end, "MB", 2))
		*size = n << 20;
	else
		return -1;
	q = end + 2;
	if (*q && *q != '?')
		return -1;
	for (q = strchr(q, '?'); q && *q; q = strchr(q, '&')) {
		q++;
		if (!strncmp(q, "busy=", 5))
			*busy = (uint32_t)atoi(q + 5);
		else if (!strncmp(q, "eio=", 4))
			*eio = (uint32_t)atoi(q + 4);
		else if (!strncmp(q, "lba=", 4))
			*lba = (uint32_t)atoi(q + 4);
		else if (!strncmp(q, "nodirect", 8))
			*nodirect = 1;
		else
			return -1;
	}
	return 0;
}

static const char *or_default(const char *v, const char *def) { return v ? v : def; }

struct xnvme_dev *xnvme_dev_open(const char *uri, struct xnvme_opts *opts)
{
	uint64_t size = 0;
	uint32_t lba = 512, busy = 0, eio = 0;
	int nodirect = 0;
	struct xnvme_dev *dev;
	const char *async = or_default(opts->async, "thrpool");

	if (parse_uri(uri, &size, &lba, &busy, &eio, &nodirect) || (lba & (lba - 1)) || lba < 512) {
		errno = ENXIO; /* no backend takes it */
		return NULL;
	}
	if ((opts->be && strcmp(opts->be, "ramdisk")) ||
	    (strcmp(async, "thrpool") && strcmp(async, "emu") && strcmp(async, "nil"))) {
		errno = ENXIO;
		return NULL;
	}
	dev = calloc(1, sizeof(*dev));
	if (!dev || !(dev->mem = calloc(1, size))) {
		free(dev);
		errno = ENOMEM;
		return NULL;
	}
	dev->busy = busy;
	dev->eio = eio;
	dev->opts = *opts;
	dev->opts.be = "ramdisk";
	dev->opts.async = strcmp(async, "thrpool") ? (strcmp(async, "emu") ? "nil" : "emu") : "thrpool";
	dev->opts.sync = "ramdisk";
	dev->opts.admin = "ramdisk_as_ns";
	dev->opts.mem = "posix";
	if (nodirect)
		dev->opts.direct = 0;

	dev->geo.type = 1; /* conventional */
	dev->geo.npugrp = dev->geo.npunit = dev->geo.nzone = 1;
	dev->geo.nbytes = lba;
	dev->geo.lba_nbytes = lba;
	dev->geo.tbytes = size;
	dev->geo.nsect = size / lba;
	while ((1u << dev->geo.ssw) < lba)
		dev->geo.ssw++;
	dev->geo.mdts_nbytes = 1 << 20;

	snprintf(dev->ident.uri, sizeof(dev->ident.uri), "%s", uri);
	dev->ident.dtype = 5; /* ramdisk */
	dev->ident.nsid = 1;
	memcpy(dev->ctrlr + 4, "STANDIN0001         ", 20);
	memcpy(dev->ctrlr + 24, "xbench stand-in libxnvme                ", 40);
	memcpy(dev->ctrlr + 64, "0.7.5   ", 8);
	return dev;
}

void xnvme_dev_close(struct xnvme_dev *dev)
{
	if (!dev)
		return;
	free(dev->mem);
	free(dev);
}

const struct xnvme_geo *xnvme_dev_get_geo(const struct xnvme_dev *dev) { return &dev->geo; }
const struct xnvme_ident *xnvme_dev_get_ident(const struct xnvme_dev *dev) { return &dev->ident; }
const struct xnvme_opts *xnvme_dev_get_opts(const struct xnvme_dev *dev) { return &dev->opts; }
const void *xnvme_dev_get_ctrlr(const struct xnvme_dev *dev) { return dev->ctrlr; }
uint32_t xnvme_dev_get_nsid(const struct xnvme_dev *dev) { return dev->ident.nsid; }

typedef int (*xnvme_enumerate_cb)(struct xnvme_dev *dev, void *cb_args);

int xnvme_enumerate(const char *sys_uri, struct xnvme_opts *opts, xnvme_enumerate_cb cb, void *cb_args)
{
	static const char *const uris[] = {"8MB", "16MB"};

	if (sys_uri)
		return -ENOSYS;
	for (size_t i = 0; i < sizeof(uris) / sizeof(uris[0]); i++) {
		struct xnvme_dev *dev = xnvme_dev_open(uris[i], opts);

		if (!dev)
			return -errno;
		if (cb(dev, cb_args))
			xnvme_dev_close(dev);
	}
	return 0;
}

/* ---- Queues: commands complete in order at poke ---- */

#define CMD_ASYNC 0x1

struct xnvme_queue {
	struct xnvme_dev *dev;
	uint32_t capacity, outstanding;
	int nil;
	struct xnvme_cmd_ctx *pool;  /* capacity + 1 contexts */
	struct xnvme_cmd_ctx **free; /* a stack of free contexts */
	uint32_t nfree;
	struct pending {
		struct xnvme_cmd_ctx *ctx;
		char *buf;
	} *fifo; /* capacity entries */
	uint32_t head;
};

int xnvme_queue_init(struct xnvme_dev *dev, uint16_t capacity, int opts, struct xnvme_queue **out)
{
	struct xnvme_queue *q;

	(void)opts;
	if (!dev || !capacity || (capacity & (capacity - 1)) || capacity >= 4096)
		return -EINVAL;
	if (!strcmp(dev->opts.async, "nil") && capacity > 29)
		return -EINVAL; /* as xNVMe's nil: at most 29 commands */
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	q->dev = dev;
	q->capacity = capacity;
	q->nil = !strcmp(dev->opts.async, "nil");
	q->pool = calloc(capacity + 1u, sizeof(*q->pool));
	q->free = calloc(capacity + 1u, sizeof(*q->free));
	q->fifo = calloc(capacity, sizeof(*q->fifo));
	if (!q->pool || !q->free || !q->fifo) {
		free(q->pool);
		free(q->free);
		free(q->fifo);
		free(q);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i <= capacity; i++) {
		q->pool[i].dev = dev;
		q->pool[i].async.queue = q;
		q->pool[i].opts = CMD_ASYNC;
		q->free[q->nfree++] = &q->pool[i];
	}
	*out = q;
	return 0;
}

int xnvme_queue_term(struct xnvme_queue *q)
{
	if (!q)
		return -EINVAL;
	free(q->pool);
	free(q->free);
	free(q->fifo);
	free(q);
	return 0;
}

int xnvme_queue_set_cb(struct xnvme_queue *q, xnvme_queue_cb cb, void *cb_arg)
{
	for (uint32_t i = 0; i <= q->capacity; i++) {
		q->pool[i].async.cb = cb;
		q->pool[i].async.cb_arg = cb_arg;
	}
	return 0;
}

struct xnvme_cmd_ctx *xnvme_queue_get_cmd_ctx(struct xnvme_queue *q)
{
	if (!q->nfree) {
		errno = ENOMEM;
		return NULL;
	}
	return q->free[--q->nfree];
}

int xnvme_queue_put_cmd_ctx(struct xnvme_queue *q, struct xnvme_cmd_ctx *ctx)
{
	q->free[q->nfree++] = ctx;
	return 0;
}

int xnvme_cmd_pass(struct xnvme_cmd_ctx *ctx, void *dbuf, size_t dbuf_nbytes, void *mbuf,
		   size_t mbuf_nbytes)
{
	struct xnvme_queue *q = ctx->async.queue;
	struct xnvme_dev *dev = ctx->dev;
	uint32_t op = ctx->cmd.common.opcode;

	if (!(ctx->opts & CMD_ASYNC) || !q)
		return -EINVAL;
	if (q->outstanding == q->capacity || (dev->busy && q->outstanding >= dev->busy))
		return -EBUSY;
	if (op != 0x01 && op != 0x02)
		return -ENOSYS;
	if (mbuf || mbuf_nbytes)
		return -ENOTSUP;
	if (dbuf_nbytes != ((size_t)ctx->cmd.nvm.nlb + 1) << dev->geo.ssw)
		return -EINVAL;
	if (!is_buf(dbuf, dbuf_nbytes))
		return -EFAULT; /* not from xnvme_buf_alloc */
	q->fifo[(q->head + q->outstanding) % q->capacity] = (struct pending){ctx, dbuf};
	q->outstanding++;
	return 0;
}

int xnvme_cmd_passv(struct xnvme_cmd_ctx *ctx, struct iovec *dvec, size_t dvec_cnt, size_t dvec_nbytes,
		    struct iovec *mvec, size_t mvec_cnt, size_t mvec_nbytes)
{
	if (dvec_cnt != 1 || dvec[0].iov_len != dvec_nbytes || mvec || mvec_cnt || mvec_nbytes)
		return -EINVAL;
	return xnvme_cmd_pass(ctx, dvec[0].iov_base, dvec_nbytes, NULL, 0);
}

#ifndef STANDIN_OMIT_POKE
/* Carries out one command. Like xNVMe's io_uring and libaio paths, it
 * sets the status only on error, so a reused context keeps a stale one. */
static void execute(struct xnvme_queue *q, struct pending *p)
{
	struct xnvme_cmd_ctx *ctx = p->ctx;
	struct xnvme_dev *dev = q->dev;
	uint64_t off = ctx->cmd.nvm.slba << dev->geo.ssw;
	uint64_t n = ((uint64_t)ctx->cmd.nvm.nlb + 1) << dev->geo.ssw;
	int write = ctx->cmd.common.opcode == 0x01;

	dev->ncmds++;
	if (off + n > dev->geo.tbytes) {
		ctx->cpl.status.sct = 0; /* generic */
		ctx->cpl.status.sc = 0x80; /* LBA out of range */
	} else if (dev->eio && dev->ncmds % dev->eio == 0) {
		ctx->cpl.status.sct = 0x7;
		ctx->cpl.status.sc = EIO;
	} else if (write && dev->opts.rdonly) {
		ctx->cpl.status.sct = 0x7;
		ctx->cpl.status.sc = EBADF;
	} else if (!q->nil) {
		if (write)
			memcpy(dev->mem + off, p->buf, n);
		else
			memcpy(p->buf, dev->mem + off, n);
		ctx->cpl.result = n;
	}
}

int xnvme_queue_poke(struct xnvme_queue *q, uint32_t max)
{
	uint32_t done = 0;

	if (!max || max > q->outstanding)
		max = q->outstanding;
	while (done < max) {
		struct pending p = q->fifo[q->head];

		q->head = (q->head + 1) % q->capacity;
		q->outstanding--;
		execute(q, &p);
		p.ctx->async.cb(p.ctx, p.ctx->async.cb_arg);
		done++;
	}
	return (int)done;
}
#endif
