/*
 * xb_uring.c - the ring of the io_uring and io_uring_cmd mechanisms, set
 * up as fio sets up its own (engines/io_uring.c), and the kernel's io_uring
 * features, probed once for xbench --enghelp.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xb_uring.h"

/*
 * The setup flags to try, from the most to the least wanted, as fio does:
 * a queue has exactly one issuing thread, which also reaps, so task work
 * can wait for the reap (DEFER_TASKRUN) and needs no interrupt
 * (COOP_TASKRUN); the CQ needs no more entries than the SQ. Older kernels
 * refuse the newer flags with EINVAL. SQPOLL takes none of the task-run
 * flags: its kernel thread completes the IO.
 */
static const unsigned drop_in_turn[] = {
	IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER,
	IORING_SETUP_COOP_TASKRUN,
	IORING_SETUP_CQSIZE,
};

static int ring_setup(struct xb_queue *q, struct xb_uring *u, unsigned extra)
{
	const struct xb_engine_opts *o = &q->opts->eng;
	struct io_uring_params p;
	unsigned flags = IORING_SETUP_CQSIZE | extra;
	int rc;

	if (u->sqpoll) {
		flags |= IORING_SETUP_SQPOLL | IORING_SETUP_SINGLE_ISSUER;
		if (o->sqpoll_cpu >= 0)
			flags |= IORING_SETUP_SQ_AFF;
	} else {
		flags |= IORING_SETUP_COOP_TASKRUN | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
	}
	if (u->iopoll)
		flags |= IORING_SETUP_IOPOLL;
	for (size_t i = 0;; i++) {
		memset(&p, 0, sizeof(p));
		p.flags = flags;
		p.cq_entries = q->depth;
		p.sq_thread_cpu = o->sqpoll_cpu >= 0 ? (uint32_t)o->sqpoll_cpu : 0;
		rc = io_uring_queue_init_params(q->depth, &u->ring, &p); /* -errno */
		if (rc != -EINVAL || i == sizeof(drop_in_turn) / sizeof(drop_in_turn[0]))
			return rc;
		flags &= ~drop_in_turn[i];
	}
}

/* Registers the slots' buffers and the queue's files, as the options ask. */
static int ring_register(struct xb_queue *q, struct xb_uring *u)
{
	int rc;

	if (u->fixedbufs) {
		rc = io_uring_register_buffers(&u->ring, u->iov, q->depth);
		if (rc)
			return rc;
	}
	if (u->regfiles && q->nfiles) {
		int *fds = calloc(q->nfiles, sizeof(*fds));

		if (!fds)
			return -ENOMEM;
		for (uint32_t i = 0; i < q->nfiles; i++)
			fds[i] = q->files[i].fd;
		rc = io_uring_register_files(&u->ring, fds, q->nfiles);
		free(fds);
		if (rc)
			return rc;
	}
	return 0;
}

int xb_uring_init(struct xb_queue *q, struct xb_uring *u, unsigned extra_flags)
{
	const struct xb_engine_opts *o = &q->opts->eng;
	int rc;

	u->fixedbufs = !!(o->flags & XB_ENG_FIXEDBUFS);
	u->sqpoll = !!(o->flags & XB_ENG_SQPOLL);
	u->regfiles = u->sqpoll || (o->flags & XB_ENG_REGFILES);
	u->iopoll = !!(o->flags & XB_ENG_HIPRI);
	u->force_async = o->force_async;
	u->iov = calloc(q->depth, sizeof(*u->iov));
	if (!u->iov)
		return -ENOMEM;
	for (uint32_t s = 0; s < q->depth; s++) {
		u->iov[s].iov_base = xb_slot_buf(q, s);
		u->iov[s].iov_len = q->buf_nbytes;
	}
	rc = ring_setup(q, u, extra_flags);
	if (rc) {
		free(u->iov);
		return rc;
	}
	rc = ring_register(q, u);
	if (rc) {
		xb_uring_exit(u);
		return rc;
	}
	return 0;
}

void xb_uring_exit(struct xb_uring *u)
{
	io_uring_queue_exit(&u->ring);
	free(u->iov);
}

/*
 * With a kernel thread polling the SQ, publishing the entries is enough.
 * Otherwise the enter that submits also runs the completions waiting as
 * deferred task work (GETEVENTS), as fio's commit does, so that the reap
 * that follows finds them in the CQ without entering the kernel again.
 */
int xb_uring_flush(struct xb_uring *u)
{
	int rc;

	do {
		rc = u->sqpoll ? io_uring_submit(&u->ring) : io_uring_submit_and_get_events(&u->ring);
	} while (rc == -EINTR);
	return rc;
}

int xb_uring_reap(struct xb_uring *u, struct xb_cqe *cqes, uint32_t min, uint32_t max)
{
	struct io_uring *ring = &u->ring;
	struct io_uring_cqe *cqe;
	uint32_t n = 0;
	unsigned head;
	int rc;

	if (io_uring_sq_ready(ring)) {
		rc = xb_uring_flush(u);
		if (rc < 0)
			return rc;
	}
	if (min && io_uring_cq_ready(ring) < min) {
		do {
			rc = io_uring_wait_cqe_nr(ring, &cqe, min);
		} while (rc == -EINTR);
		if (rc < 0)
			return rc;
	} else if (u->iopoll && !io_uring_cq_ready(ring)) {
		/* Polled IO completes only when polled for: poll once. */
		rc = io_uring_get_events(ring);
		if (rc < 0 && rc != -EINTR && rc != -EAGAIN)
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

/* The setup flags the probe tries one by one. */
static const unsigned probe_setups[] = {
	IORING_SETUP_SQPOLL, IORING_SETUP_IOPOLL, IORING_SETUP_SQE128 | IORING_SETUP_CQE32,
	IORING_SETUP_COOP_TASKRUN, IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
};

int xb_uring_probe(struct xb_uring_features *f)
{
	struct io_uring ring;
	struct io_uring_params p = {0};
	struct io_uring_probe *probe;
	int rc;

	memset(f, 0, sizeof(*f));
	rc = io_uring_queue_init_params(4, &ring, &p);
	if (rc)
		return rc;
	f->features = p.features;
	probe = io_uring_get_probe_ring(&ring);
	if (probe) {
		for (int op = 0; op <= probe->last_op && op < XB_URING_MAX_OPS; op++)
			f->ops[op] = io_uring_opcode_supported(probe, op);
		io_uring_free_probe(probe);
	}
	io_uring_queue_exit(&ring);
	for (size_t i = 0; i < sizeof(probe_setups) / sizeof(probe_setups[0]); i++) {
		struct io_uring_params q = {.flags = probe_setups[i]};

		if (io_uring_queue_init_params(4, &ring, &q) == 0) {
			f->setup |= probe_setups[i];
			io_uring_queue_exit(&ring);
		}
	}
	return 0;
}
