/*
 * xb_mech_null.c - the null mechanism: every IO completes at once without
 * touching a device, like fio's null engine. It measures the framework.
 */
#include "xb_mech.h"

static int null_submit(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		xb_done_push(q, sqes[i].slot, (int32_t)sqes[i].nbytes);
	return (int)n;
}

const struct xb_mech xb_mech_null = {
	.name = "null",
	.caps = XB_CAP_DISKLESS,
	.init = xb_done_init,
	.submit = null_submit,
	.reap = xb_done_reap,
	.term = xb_done_term,
};
