/*
 * xb_uring.h - what the io_uring and io_uring_cmd mechanisms share: a ring
 * set up from the engine options (SQPOLL, IOPOLL, registered buffers and
 * files), the target and flags of an entry, submission and reaping.
 */
#ifndef XB_URING_H
#define XB_URING_H

#include <liburing.h>
#include <sys/uio.h>

#include "xb_mech.h"

struct xb_uring {
	struct io_uring ring;
	struct iovec *iov;     /* per slot: its buffer (registered with fixedbufs; READV's iovec) */
	uint32_t fixedbufs;    /* buffers registered: READ_FIXED/WRITE_FIXED */
	uint32_t regfiles;     /* files registered: entries name a file slot */
	uint32_t sqpoll;       /* a kernel thread consumes the submission queue */
	uint32_t iopoll;       /* completions are polled for (IORING_SETUP_IOPOLL) */
	uint32_t force_async;  /* IOSQE_ASYNC every this many entries; 0 never */
	uint32_t prepped;      /* entries since the last IOSQE_ASYNC */
};

/*
 * Sets up u's ring for q from q->opts->eng with extra setup flags (SQE128
 * and CQE32 for passthrough), registering buffers and files as asked.
 * sqthread_poll implies registered files, as in fio. Returns -errno.
 */
int xb_uring_init(struct xb_queue *q, struct xb_uring *u, unsigned extra_flags);
void xb_uring_exit(struct xb_uring *u);

/* Points an entry at a submission's file (its descriptor or registered slot) and applies force_async. */
static inline void xb_uring_target(const struct xb_queue *q, struct xb_uring *u, struct io_uring_sqe *sqe,
				   const struct xb_sqe *e)
{
	if (u->regfiles) {
		sqe->fd = e->file;
		sqe->flags |= IOSQE_FIXED_FILE;
	} else {
		sqe->fd = xb_sqe_fd(q, e);
	}
	if (u->force_async && ++u->prepped == u->force_async) {
		u->prepped = 0;
		sqe->flags |= IOSQE_ASYNC;
	}
}

/* Hands every prepared entry to the kernel (with SQPOLL: publishes them, waking the thread if it sleeps). */
int xb_uring_flush(struct xb_uring *u);

/* Ends a submit that took `taken` entries, `prepped` of them into the ring: hands those over. Returns taken or -errno. */
static inline int xb_uring_submitted(struct xb_uring *u, uint32_t prepped, uint32_t taken)
{
	int rc = prepped ? xb_uring_flush(u) : 0;

	return rc < 0 ? rc : (int)taken;
}

/*
 * Reaps between min and max completions into cqes: their slot and the raw
 * cqe->res, which the mechanism then turns into bytes or -errno.
 */
int xb_uring_reap(struct xb_uring *u, struct xb_cqe *cqes, uint32_t min, uint32_t max);

#endif /* XB_URING_H */
