/*
 * xb_mech_xnvme.c - the xnvme mechanism: IO through libxnvme, loaded at run
 * time, which brings every xNVMe backend (Linux io_uring, libaio, emu,
 * thrpool, the ramdisk, SPDK...).
 *
 * A queue opens its own device from a URI with the job's xNVMe options,
 * takes its buffers from xnvme_buf_alloc, and creates an xNVMe queue with
 * a power-of-two capacity of at least the depth. Submission passes one
 * command per entry (xnvme_cmd_pass); reaping pokes the queue. The
 * completion callback runs in C on the poking thread and appends to the
 * completion array of the current reap, as fio's cb_pool does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xb_mech.h"
#include "xb_xnvme.h"

/* The callback argument of one slot. */
struct slot_arg {
	struct xnvme_state *s;
	uint32_t slot;
	uint32_t nbytes;
};

struct xnvme_state {
	struct xb_xnvme_lib *lib;
	void *dev;
	void *queue;
	uint32_t ssw;
	uint32_t nsid;
	uint8_t iovec;
	struct slot_arg *args; /* one per slot */
	struct iovec *iov;     /* one per slot, for xnvme_iovec */
	/* Where the callback writes: the current reap's completion array. */
	struct xb_cqe *out;
	uint32_t nout, max;
	/* IOs the library refused at submission, completed at the next reap. */
	struct xb_cqe *refused;
	uint32_t nrefused;
	struct xb_xnvme_info info;
};

/* The res of a completion: bytes on success, else -errno. */
static int32_t cpl_res(const struct xnvme_cmd_ctx *ctx, uint32_t nbytes)
{
	uint16_t status = ctx->cpl.f.status;
	uint32_t sc = xnvme_status_sc(status), sct = xnvme_status_sct(status);

	if (!sc && !sct)
		return (int32_t)nbytes;
	/* The Linux backends carry an errno in sc with the vendor type. */
	if (sct == XNVME_STATUS_CODE_TYPE_VENDOR && sc)
		return -(int32_t)sc;
	return -EIO;
}

static void on_completion(struct xnvme_cmd_ctx *ctx, void *cb_arg)
{
	struct slot_arg *a = cb_arg;
	struct xnvme_state *s = a->s;

	if (s->nout < s->max) {
		struct xb_cqe *c = &s->out[s->nout++];

		c->slot = a->slot;
		c->res = cpl_res(ctx, a->nbytes);
	}
	s->lib->fn.queue_put_cmd_ctx(ctx->async.queue, ctx);
}

static void state_free(struct xb_queue *q, struct xnvme_state *s)
{
	struct xb_xnvme_lib *lib = s->lib;

	pthread_mutex_lock(&lib->setup_lock);
	if (s->queue)
		lib->fn.queue_term(s->queue);
	if (q->bufs)
		lib->fn.buf_free(s->dev, q->bufs);
	q->bufs = NULL;
	if (s->dev)
		lib->fn.dev_close(s->dev);
	pthread_mutex_unlock(&lib->setup_lock);
	free(s->args);
	free(s->iov);
	free(s->refused);
	free(s);
}

/* The smallest power of two of at least n. */
static uint32_t pow2_at_least(uint32_t n)
{
	uint32_t c = 1;

	while (c < n)
		c <<= 1;
	return c;
}

static int open_queue(struct xb_queue *q, struct xnvme_state *s, const struct xb_xnvme_opts *o)
{
	uint32_t capacity = pow2_at_least(q->depth);
	union xnvme_opts_buf buf;
	int flags = 0, rc;

	if (capacity >= 4096)
		return -EINVAL; /* xNVMe queues hold fewer than 4096 */
	xb_xnvme_opts_fill(o, &buf);
	errno = 0;
	s->dev = s->lib->fn.dev_open(q->opts->uri, &buf.opts);
	if (!s->dev)
		return errno ? -errno : -ENODEV;
	xb_xnvme_info_read(s->lib, s->dev, &s->info);
	s->ssw = (uint32_t)s->info.geo.ssw;
	s->nsid = s->info.nsid;
	if (!s->info.geo.lba_nbytes || q->buf_nbytes % s->info.geo.lba_nbytes ||
	    q->buf_nbytes / s->info.geo.lba_nbytes > 65536)
		return -EINVAL; /* nlb is a zero-based count of whole blocks */

	q->bufs = s->lib->fn.buf_alloc(s->dev, (size_t)q->depth * q->buf_nbytes);
	if (!q->bufs)
		return -ENOMEM;

	if (o->poll_io)
		flags |= XNVME_QUEUE_IOPOLL;
	if (o->poll_sq)
		flags |= XNVME_QUEUE_SQPOLL;
	rc = s->lib->fn.queue_init(s->dev, (uint16_t)capacity, flags, &s->queue);
	if (rc) {
		s->queue = NULL;
		return rc < 0 ? rc : -EIO;
	}
	s->lib->fn.queue_set_cb(s->queue, on_completion, NULL);
	return 0;
}

static int xnvme_init(struct xb_queue *q)
{
	const struct xb_xnvme_opts *o = q->opts->xnvme;
	struct xnvme_state *s;
	int rc;

	if (!o || !o->lib || !o->lib->fn.dev_open)
		return -ENOSYS; /* libxnvme is not loaded */
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->lib = o->lib;
	s->iovec = o->iovec;
	s->args = calloc(q->depth, sizeof(*s->args));
	s->iov = calloc(q->depth, sizeof(*s->iov));
	s->refused = calloc(q->depth, sizeof(*s->refused));
	if (!s->args || !s->iov || !s->refused) {
		state_free(q, s);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < q->depth; i++) {
		s->args[i].s = s;
		s->args[i].slot = i;
	}
	pthread_mutex_lock(&s->lib->setup_lock);
	rc = open_queue(q, s, o);
	pthread_mutex_unlock(&s->lib->setup_lock);
	if (rc) {
		state_free(q, s);
		return rc;
	}
	q->priv = s;
	return 0;
}

static int xnvme_submit(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n)
{
	struct xnvme_state *s = q->priv;
	const struct xb_xnvme_fns *fn = &s->lib->fn;
	uint32_t i;

	for (i = 0; i < n; i++) {
		const struct xb_sqe *e = &sqes[i];
		struct slot_arg *a = &s->args[e->slot];
		struct xnvme_cmd_ctx *ctx = fn->queue_get_cmd_ctx(s->queue);
		void *buf = xb_sqe_buf(q, e);
		int rc;

		if (e->opcode != XB_OP_READ && e->opcode != XB_OP_WRITE) {
			/*
			 * Trims and syncs have no NVM command here yet: refuse
			 * them rather than send them as something else.
			 */
			if (ctx)
				fn->queue_put_cmd_ctx(s->queue, ctx);
			s->refused[s->nrefused].slot = e->slot;
			s->refused[s->nrefused].res = -EOPNOTSUPP;
			s->nrefused++;
			continue;
		}
		if (!ctx)
			break; /* every context is in flight */
		/*
		 * Clear the command and the completion: the io_uring and libaio
		 * paths leave a stale status in a reused context on success,
		 * and libaio keeps its iocb in the command.
		 */
		memset(&ctx->cmd, 0, sizeof(ctx->cmd) + sizeof(ctx->cpl));
		ctx->cmd.nvm.opcode = e->opcode == XB_OP_WRITE ? XNVME_SPEC_NVM_OPC_WRITE
							       : XNVME_SPEC_NVM_OPC_READ;
		ctx->cmd.nvm.nsid = s->nsid;
		ctx->cmd.nvm.slba = e->offset >> s->ssw;
		ctx->cmd.nvm.nlb = (uint16_t)((e->nbytes >> s->ssw) - 1);
		ctx->async.cb = on_completion;
		ctx->async.cb_arg = a;
		a->nbytes = e->nbytes;
		if (s->iovec) {
			s->iov[e->slot].iov_base = buf;
			s->iov[e->slot].iov_len = e->nbytes;
			rc = fn->cmd_passv(ctx, &s->iov[e->slot], 1, e->nbytes, NULL, 0, 0);
		} else {
			rc = fn->cmd_pass(ctx, buf, e->nbytes, NULL, 0);
		}
		if (rc == 0)
			continue;
		fn->queue_put_cmd_ctx(s->queue, ctx);
		if (rc == -EBUSY || rc == -EAGAIN)
			break; /* the queue is full: the rest stay for the caller */
		/* Refused outright: it completes with the error at the next reap. */
		s->refused[s->nrefused].slot = e->slot;
		s->refused[s->nrefused].res = rc < 0 ? rc : -EIO;
		s->nrefused++;
	}
	return (int)i;
}

static int xnvme_reap(struct xb_queue *q, struct xb_cqe *cqes, uint32_t min, uint32_t max)
{
	struct xnvme_state *s = q->priv;
	int rc;

	s->out = cqes;
	s->nout = 0;
	s->max = max;
	while (s->nrefused && s->nout < max)
		cqes[s->nout++] = s->refused[--s->nrefused];
	do {
		if (s->nout == max)
			break;
		rc = s->lib->fn.queue_poke(s->queue, max - s->nout);
		if (rc < 0 && rc != -EBUSY && rc != -EAGAIN)
			return rc;
	} while (s->nout < min);
	return (int)s->nout;
}

static void xnvme_term(struct xb_queue *q)
{
	struct xnvme_state *s = q->priv;

	if (s)
		state_free(q, s);
	q->priv = NULL;
}

int xb_queue_xnvme_info(const struct xb_queue *q, struct xb_xnvme_info *info)
{
	const struct xnvme_state *s = q->priv;

	if (q->mech != &xb_mech_xnvme || !s)
		return -EINVAL;
	*info = s->info;
	return 0;
}

const struct xb_mech xb_mech_xnvme = {
	.name = "xnvme",
	.caps = XB_CAP_URI,
	.init = xnvme_init,
	.submit = xnvme_submit,
	.reap = xnvme_reap,
	.term = xnvme_term,
};
