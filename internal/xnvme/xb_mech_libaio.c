/*
 * xb_mech_libaio.c - the libaio mechanism: Linux native AIO through
 * libaio, io_submit(2) for a batch and io_getevents(2) to reap.
 */
#include <errno.h>
#include <libaio.h>
#include <stdlib.h>

#include "xb_mech.h"

struct aio_state {
	io_context_t ctx;
	struct iocb *iocbs;      /* one per slot */
	struct iocb **batch;     /* the iocbs of one submit */
	struct io_event *events; /* one reap's events */
};

static void aio_free(struct aio_state *s)
{
	free(s->iocbs);
	free(s->batch);
	free(s->events);
	free(s);
}

static int aio_init(struct xb_queue *q)
{
	struct aio_state *s = calloc(1, sizeof(*s));
	int rc;

	if (!s)
		return -ENOMEM;
	s->iocbs = calloc(q->depth, sizeof(*s->iocbs));
	s->batch = calloc(q->depth, sizeof(*s->batch));
	s->events = calloc(q->depth, sizeof(*s->events));
	if (!s->iocbs || !s->batch || !s->events) {
		aio_free(s);
		return -ENOMEM;
	}
	rc = io_setup((int)q->depth, &s->ctx); /* libaio returns -errno */
	if (rc) {
		aio_free(s);
		return rc;
	}
	q->priv = s;
	return 0;
}

static int aio_submit(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n)
{
	struct aio_state *s = q->priv;
	int rc;

	for (uint32_t i = 0; i < n; i++) {
		const struct xb_sqe *e = &sqes[i];
		struct iocb *cb = &s->iocbs[e->slot];
		void *buf = xb_slot_buf(q, e->slot);

		if (e->opcode == XB_OP_WRITE)
			io_prep_pwrite(cb, q->dev->fd, buf, e->nbytes, (long long)e->offset);
		else
			io_prep_pread(cb, q->dev->fd, buf, e->nbytes, (long long)e->offset);
		cb->data = (void *)(uintptr_t)e->slot;
		s->batch[i] = cb;
	}
	do {
		rc = io_submit(s->ctx, (long)n, s->batch);
	} while (rc == -EINTR);
	if (rc == -EAGAIN)
		return 0; /* the kernel's queue is full: resubmit after a reap */
	return rc;
}

static int aio_reap(struct xb_queue *q, struct xb_cqe *cqes, uint32_t min, uint32_t max)
{
	struct aio_state *s = q->priv;
	int rc;

	do {
		rc = io_getevents(s->ctx, (long)min, (long)max, s->events, NULL);
	} while (rc == -EINTR);
	if (rc < 0)
		return rc;
	for (int i = 0; i < rc; i++) {
		cqes[i].slot = (uint32_t)(uintptr_t)s->events[i].data;
		cqes[i].res = (int32_t)(long)s->events[i].res;
	}
	return rc;
}

static void aio_term(struct xb_queue *q)
{
	struct aio_state *s = q->priv;

	io_destroy(s->ctx);
	aio_free(s);
}

const struct xb_mech xb_mech_libaio = {
	.name = "libaio",
	.caps = 0,
	.init = aio_init,
	.submit = aio_submit,
	.reap = aio_reap,
	.term = aio_term,
};
