/*
 * xb_mech_psync.c - the psync mechanism: pread(2)/pwrite(2), one IO at a
 * time inside submit, like fio's psync engine.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>

#include "xb_mech.h"

/* One pread or pwrite, retried when a signal interrupts it. */
static int32_t psync_one(struct xb_queue *q, const struct xb_sqe *s)
{
	void *buf = xb_slot_buf(q, s->slot);
	ssize_t n;

	do {
		if (s->opcode == XB_OP_WRITE)
			n = pwrite(q->dev->fd, buf, s->nbytes, (off_t)s->offset);
		else
			n = pread(q->dev->fd, buf, s->nbytes, (off_t)s->offset);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : (int32_t)n;
}

static int psync_submit(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		xb_done_push(q, sqes[i].slot, psync_one(q, &sqes[i]));
	return (int)n;
}

const struct xb_mech xb_mech_psync = {
	.name = "psync",
	.caps = XB_CAP_SYNC,
	.init = xb_done_init,
	.submit = psync_submit,
	.reap = xb_done_reap,
	.term = xb_done_term,
};
