/*
 * xb_mech_null.c - the null mechanism: every IO completes at once without
 * touching a device, like fio's null engine. It measures the framework.
 * Reads, writes and trims complete with their length, syncs with 0. As in
 * fio, at depth 1 it is a synchronous engine (no submission latency); at a
 * greater depth its IOs are submitted, then reaped.
 */
#include "xb_mech.h"

static int null_init(struct xb_queue *q)
{
	if (q->depth == 1)
		q->caps |= XB_CAP_SYNC;
	return 0;
}

static int null_submit(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		int32_t res = sqes[i].opcode <= XB_OP_TRIM ? (int32_t)sqes[i].nbytes : 0;

		xb_done_push(q, sqes[i].slot, res);
	}
	return (int)n;
}

const struct xb_mech xb_mech_null = {
	.name = "null",
	.caps = XB_CAP_DISKLESS,
	.init = null_init,
	.submit = null_submit,
	.reap = xb_reap_none,
	.term = xb_term_none,
};
