/*
 * xb_mech_psync.c - the psync mechanism: pread(2)/pwrite(2), trims and
 * syncs one IO at a time inside submit, like fio's psync engine.
 */
#include "xb_mech.h"

static int psync_submit(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		xb_done_push(q, sqes[i].slot, xb_io_sync(q, &sqes[i]));
	return (int)n;
}

const struct xb_mech xb_mech_psync = {
	.name = "psync",
	.caps = XB_CAP_SYNC,
	.init = xb_init_none,
	.submit = psync_submit,
	.reap = xb_reap_none,
	.term = xb_term_none,
};
