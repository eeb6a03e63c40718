/*
 * xb_mech_io_uring.c - the io_uring mechanism through liburing, with fio's
 * io_uring options: one ring per queue, one io_uring_enter(2) to submit a
 * batch (none with SQPOLL while its thread is awake) and one to wait when
 * fewer completions are ready than the caller needs. Reads and writes are
 * READ/WRITE (READV/WRITEV with nonvectored=0 or on a kernel without them;
 * READ_FIXED/WRITE_FIXED with fixedbufs), syncs IORING_OP_FSYNC; trims are
 * performed inline, as fio does.
 */
#include <errno.h>
#include <stdlib.h>

#include "xb_uring.h"

struct uring_state {
	struct xb_uring u;
	int vectored; /* READV/WRITEV with one iovec */
	int rw_flags; /* RWF_* of reads and writes (nowait, uncached) */
};

/* Whether reads and writes go vectored: as asked, or, fio's default, when the kernel lacks IORING_OP_READ. */
static int uring_vectored(struct io_uring *ring, uint32_t flags)
{
	struct io_uring_probe *p;
	int vectored;

	if (flags & (XB_ENG_VECTORED | XB_ENG_NONVECTORED))
		return !!(flags & XB_ENG_VECTORED);
	p = io_uring_get_probe_ring(ring);
	if (!p)
		return 1;
	vectored = !io_uring_opcode_supported(p, IORING_OP_READ) || !io_uring_opcode_supported(p, IORING_OP_WRITE);
	io_uring_free_probe(p);
	return vectored;
}

static int uring_init(struct xb_queue *q)
{
	struct uring_state *s = calloc(1, sizeof(*s));
	int rc;

	if (!s)
		return -ENOMEM;
	rc = xb_rwf_flags(q, &s->rw_flags);
	if (!rc)
		rc = xb_uring_init(q, &s->u, 0);
	if (rc) {
		free(s);
		return rc;
	}
	s->vectored = uring_vectored(&s->u.ring, q->opts->eng.flags);
	q->priv = s;
	return 0;
}

/* Prepares the ring entry of one read, write or sync. */
static void uring_prep(struct xb_queue *q, struct uring_state *s, struct io_uring_sqe *sqe, const struct xb_sqe *e)
{
	void *buf = xb_sqe_buf(q, e);
	struct iovec *iov = &s->u.iov[e->slot];

	switch (e->opcode) {
	case XB_OP_READ:
	case XB_OP_WRITE:
		if (s->u.fixedbufs) {
			if (e->opcode == XB_OP_READ)
				io_uring_prep_read_fixed(sqe, 0, buf, e->nbytes, e->offset, (int)e->slot);
			else
				io_uring_prep_write_fixed(sqe, 0, buf, e->nbytes, e->offset, (int)e->slot);
		} else if (s->vectored) {
			iov->iov_base = buf;
			iov->iov_len = e->nbytes;
			if (e->opcode == XB_OP_READ)
				io_uring_prep_readv(sqe, 0, iov, 1, e->offset);
			else
				io_uring_prep_writev(sqe, 0, iov, 1, e->offset);
		} else if (e->opcode == XB_OP_READ) {
			io_uring_prep_read(sqe, 0, buf, e->nbytes, e->offset);
		} else {
			io_uring_prep_write(sqe, 0, buf, e->nbytes, e->offset);
		}
		sqe->rw_flags = s->rw_flags;
		break;
	case XB_OP_FSYNC:
		io_uring_prep_fsync(sqe, 0, 0);
		break;
	default:
		io_uring_prep_fsync(sqe, 0, IORING_FSYNC_DATASYNC);
		break;
	}
	xb_uring_target(q, &s->u, sqe, e);
	io_uring_sqe_set_data64(sqe, e->slot);
}

/*
 * Queues reads, writes and syncs and hands them over with one
 * io_uring_enter(2). A trim is performed synchronously in order, after
 * handing over the entries before it, as fio's io_uring engine does.
 */
static int uring_submit(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n)
{
	struct uring_state *s = q->priv;
	uint32_t i, prepped = 0;
	int rc;

	for (i = 0; i < n; i++) {
		const struct xb_sqe *e = &sqes[i];
		struct io_uring_sqe *sqe;

		if (e->opcode == XB_OP_TRIM) {
			if (prepped) {
				rc = xb_uring_flush(&s->u);
				if (rc < 0)
					return rc;
				prepped = 0;
			}
			xb_done_push(q, e->slot, xb_io_nondata(q, e));
			continue;
		}
		sqe = io_uring_get_sqe(&s->u.ring);
		if (!sqe)
			break;
		uring_prep(q, s, sqe, e);
		prepped++;
	}
	/*
	 * Entries the kernel did not consume stay in the SQ ring and go with
	 * the next enter, so every prepared entry counts as taken.
	 */
	return xb_uring_submitted(&s->u, prepped, i);
}

static int uring_reap(struct xb_queue *q, struct xb_cqe *cqes, uint32_t min, uint32_t max)
{
	struct uring_state *s = q->priv;

	return xb_uring_reap(&s->u, cqes, min, max);
}

static void uring_term(struct xb_queue *q)
{
	struct uring_state *s = q->priv;

	xb_uring_exit(&s->u);
	free(s);
}

const struct xb_mech xb_mech_io_uring = {
	.name = "io_uring",
	.caps = 0,
	.init = uring_init,
	.submit = uring_submit,
	.reap = uring_reap,
	.term = uring_term,
};
