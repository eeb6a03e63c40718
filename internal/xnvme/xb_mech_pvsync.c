/*
 * xb_mech_pvsync.c - the pvsync mechanism: preadv(2)/pwritev(2) with one
 * iovec, one IO at a time inside submit, like fio's pvsync engine.
 */
#define _GNU_SOURCE
#include <sys/uio.h>

#include "xb_mech.h"

static int32_t pvsync_rw(struct xb_queue *q, const struct xb_sqe *e)
{
	struct iovec iov = {.iov_base = xb_sqe_buf(q, e), .iov_len = e->nbytes};
	int fd = q->files[e->file].fd;
	ssize_t n;

	do {
		n = e->opcode == XB_OP_WRITE ? pwritev(fd, &iov, 1, (off_t)e->offset)
					     : preadv(fd, &iov, 1, (off_t)e->offset);
	} while (n < 0 && errno == EINTR);
	return xb_io_result(n);
}

static int pvsync_submit(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct xb_sqe *e = &sqes[i];

		xb_done_push(q, e->slot, e->opcode <= XB_OP_WRITE ? pvsync_rw(q, e) : xb_io_nondata(q, e));
	}
	return (int)n;
}

const struct xb_mech xb_mech_pvsync = {
	.name = "pvsync",
	.caps = XB_CAP_SYNC,
	.init = xb_init_none,
	.submit = pvsync_submit,
	.reap = xb_reap_none,
	.term = xb_term_none,
};
