/*
 * standin_queue.c - the stand-in's queues: commands complete in order when
 * the queue is poked, as with xNVMe's emulated and ramdisk interfaces.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "standin.h"

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
	if (!standin_is_buf(dbuf, dbuf_nbytes))
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
