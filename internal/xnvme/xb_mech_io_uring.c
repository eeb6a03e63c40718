/*
 * xb_mech_io_uring.c - the io_uring mechanism through liburing: one ring
 * per queue, one io_uring_enter(2) to submit a batch and one to wait when
 * fewer completions are ready than the caller needs. Syncs are
 * IORING_OP_FSYNC; trims are performed inline.
 */
#include <errno.h>
#include <liburing.h>
#include <stdlib.h>

#include "xb_mech.h"

/*
 * Ring setup flags, tried in order until the kernel accepts one: a queue has
 * exactly one issuing thread, which also reaps, so task work can wait for
 * the reap (DEFER_TASKRUN) and needs no interrupt (COOP_TASKRUN); the CQ
 * needs no more entries than the SQ. Older kernels refuse the newer flags
 * with EINVAL.
 */
static const unsigned setup_flags[] = {
	IORING_SETUP_CQSIZE | IORING_SETUP_COOP_TASKRUN |
		IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
	IORING_SETUP_CQSIZE | IORING_SETUP_COOP_TASKRUN,
	IORING_SETUP_CQSIZE,
	0,
};

static int uring_init(struct xb_queue *q)
{
	struct io_uring *ring = calloc(1, sizeof(*ring));
	int rc = -EINVAL;

	if (!ring)
		return -ENOMEM;
	for (size_t i = 0; i < sizeof(setup_flags) / sizeof(setup_flags[0]) && rc == -EINVAL; i++) {
		struct io_uring_params p = {
			.flags = setup_flags[i],
			.cq_entries = q->depth,
		};

		rc = io_uring_queue_init_params(q->depth, ring, &p); /* -errno */
	}
	if (rc) {
		free(ring);
		return rc;
	}
	q->priv = ring;
	return 0;
}

/* Hands every prepared entry to the kernel, retrying after signals. */
static int uring_flush(struct io_uring *ring)
{
	int rc;

	do {
		rc = io_uring_submit(ring);
	} while (rc == -EINTR);
	return rc;
}

/* Prepares the ring entry of one read, write or sync. */
static void uring_prep(struct xb_queue *q, struct io_uring_sqe *sqe, const struct xb_sqe *e)
{
	void *buf = xb_sqe_buf(q, e);
	int fd = xb_sqe_fd(q, e);

	switch (e->opcode) {
	case XB_OP_WRITE:
		io_uring_prep_write(sqe, fd, buf, e->nbytes, e->offset);
		break;
	case XB_OP_FSYNC:
		io_uring_prep_fsync(sqe, fd, 0);
		break;
	case XB_OP_FDATASYNC:
		io_uring_prep_fsync(sqe, fd, IORING_FSYNC_DATASYNC);
		break;
	default:
		io_uring_prep_read(sqe, fd, buf, e->nbytes, e->offset);
		break;
	}
	io_uring_sqe_set_data64(sqe, e->slot);
}

/*
 * Queues reads, writes and syncs (IORING_OP_FSYNC) and hands them over with
 * one io_uring_enter(2). A trim is performed synchronously in order, after
 * handing over the entries before it, as fio's io_uring engine does.
 */
static int uring_submit(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n)
{
	struct io_uring *ring = q->priv;
	uint32_t i, prepped = 0;
	int rc;

	for (i = 0; i < n; i++) {
		const struct xb_sqe *e = &sqes[i];
		struct io_uring_sqe *sqe;

		if (e->opcode == XB_OP_TRIM) {
			if (prepped) {
				rc = uring_flush(ring);
				if (rc < 0)
					return rc;
				prepped = 0;
			}
			xb_done_push(q, e->slot, xb_io_sync(q, e));
			continue;
		}
		sqe = io_uring_get_sqe(ring);
		if (!sqe)
			break;
		uring_prep(q, sqe, e);
		prepped++;
	}
	/*
	 * Entries the kernel did not consume stay in the SQ ring and go with
	 * the next enter, so every prepared entry counts as taken.
	 */
	if (prepped) {
		rc = uring_flush(ring);
		if (rc < 0)
			return rc;
	}
	return (int)i;
}

static int uring_reap(struct xb_queue *q, struct xb_cqe *cqes, uint32_t min, uint32_t max)
{
	struct io_uring *ring = q->priv;
	struct io_uring_cqe *cqe;
	uint32_t n = 0;
	unsigned head;
	int rc;

	if (io_uring_sq_ready(ring)) {
		rc = uring_flush(ring);
		if (rc < 0)
			return rc;
	}
	if (min && io_uring_cq_ready(ring) < min) {
		do {
			rc = io_uring_wait_cqe_nr(ring, &cqe, min);
		} while (rc == -EINTR);
		if (rc < 0)
			return rc;
	}
	io_uring_for_each_cqe(ring, head, cqe) {
		if (n == max)
			break;
		cqes[n].slot = (uint32_t)io_uring_cqe_get_data64(cqe);
		cqes[n].res = cqe->res;
		n++;
	}
	io_uring_cq_advance(ring, n);
	return (int)n;
}

static void uring_term(struct xb_queue *q)
{
	io_uring_queue_exit(q->priv);
	free(q->priv);
}

const struct xb_mech xb_mech_io_uring = {
	.name = "io_uring",
	.caps = 0,
	.init = uring_init,
	.submit = uring_submit,
	.reap = uring_reap,
	.term = uring_term,
};
