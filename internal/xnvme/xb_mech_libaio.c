/*
 * xb_mech_libaio.c - the libaio mechanism: Linux native AIO through
 * libaio, io_submit(2) for a batch and io_getevents(2) to reap. Syncs are
 * AIO commands too (IOCB_CMD_FSYNC/FDSYNC); trims are performed inline.
 * fio's options: nowait (RWF_NOWAIT on reads and writes), and
 * userspace_reap, which reaps from the AIO ring in user space when the
 * reap waits for nothing, as fio's user_io_getevents does.
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
	int rw_flags;            /* RWF_* of reads and writes (nowait) */
	int user_reap;           /* userspace_reap */
};

/*
 * The kernel's AIO ring, which io_setup(2) maps into the process: the
 * context is its address (fs/aio.c, struct aio_ring).
 */
struct aio_ring {
	unsigned id, nr, head, tail;
	unsigned magic, compat_features, incompat_features, header_length;
	struct io_event events[];
};

#define AIO_RING_MAGIC 0xa10a10a1

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
	rc = xb_rwf_flags(q, &s->rw_flags);
	if (!rc)
		rc = io_setup((int)q->depth, &s->ctx); /* libaio returns -errno */
	if (rc) {
		aio_free(s);
		return rc;
	}
	s->user_reap = (q->opts->eng.flags & XB_ENG_USERSPACE_REAP) &&
		       ((struct aio_ring *)s->ctx)->magic == AIO_RING_MAGIC;
	q->priv = s;
	return 0;
}

/*
 * Hands the first nb prepared iocbs to the kernel and returns how many it
 * took: all, fewer when its queue is full, or -errno.
 */
static int aio_flush(struct aio_state *s, uint32_t nb)
{
	int rc;

	if (!nb)
		return 0;
	do {
		rc = io_submit(s->ctx, (long)nb, s->batch);
	} while (rc == -EINTR);
	if (rc == -EAGAIN)
		return 0; /* the kernel's queue is full: resubmit after a reap */
	return rc;
}

/* Prepares the iocb of one read, write or sync. */
static struct iocb *aio_prep(struct xb_queue *q, struct aio_state *s, const struct xb_sqe *e)
{
	struct iocb *cb = &s->iocbs[e->slot];
	void *buf = xb_sqe_buf(q, e);
	int fd = xb_sqe_fd(q, e);

	switch (e->opcode) {
	case XB_OP_READ:
		io_prep_pread(cb, fd, buf, e->nbytes, (long long)e->offset);
		cb->aio_rw_flags = s->rw_flags;
		break;
	case XB_OP_WRITE:
		io_prep_pwrite(cb, fd, buf, e->nbytes, (long long)e->offset);
		cb->aio_rw_flags = s->rw_flags;
		break;
	case XB_OP_FSYNC:
		io_prep_fsync(cb, fd);
		break;
	default:
		io_prep_fdsync(cb, fd);
		break;
	}
	cb->data = (void *)(uintptr_t)e->slot;
	return cb;
}

/*
 * Submits reads, writes and syncs with io_submit(2). A trim has no AIO
 * command, so, as fio's libaio engine does, it is performed synchronously
 * in order: the IOs before it are handed over first.
 */
static int aio_submit(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n)
{
	struct aio_state *s = q->priv;
	uint32_t taken = 0, nb = 0;
	int rc;

	for (uint32_t i = 0; i < n; i++) {
		const struct xb_sqe *e = &sqes[i];

		if (e->opcode != XB_OP_TRIM) {
			s->batch[nb++] = aio_prep(q, s, e);
			continue;
		}
		rc = aio_flush(s, nb);
		if (rc < 0)
			return taken ? (int)taken : rc;
		taken += (uint32_t)rc;
		if ((uint32_t)rc < nb)
			return (int)taken;
		nb = 0;
		xb_done_push(q, e->slot, xb_io_sync(q, e));
		taken++;
	}
	rc = aio_flush(s, nb);
	if (rc < 0)
		return taken ? (int)taken : rc;
	return (int)(taken + (uint32_t)rc);
}

/* Takes up to max events from the AIO ring without a system call. */
static int aio_user_reap(struct aio_state *s, uint32_t max)
{
	struct aio_ring *ring = (struct aio_ring *)s->ctx;
	uint32_t n = 0;
	unsigned head = ring->head;

	while (n < max && head != __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE)) {
		s->events[n++] = ring->events[head];
		head = (head + 1) % ring->nr;
	}
	__atomic_store_n(&ring->head, head, __ATOMIC_RELEASE);
	return (int)n;
}

static int aio_reap(struct xb_queue *q, struct xb_cqe *cqes, uint32_t min, uint32_t max)
{
	struct aio_state *s = q->priv;
	int rc;

	if (s->user_reap && !min) {
		rc = aio_user_reap(s, max);
	} else {
		do {
			rc = io_getevents(s->ctx, (long)min, (long)max, s->events, NULL);
		} while (rc == -EINTR);
	}
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

int xb_aio_probe(void)
{
	io_context_t ctx = 0;
	int rc = io_setup(1, &ctx);

	if (rc)
		return rc;
	io_destroy(ctx);
	return 0;
}

const struct xb_mech xb_mech_libaio = {
	.name = "libaio",
	.caps = 0,
	.init = aio_init,
	.submit = aio_submit,
	.reap = aio_reap,
	.term = aio_term,
};
