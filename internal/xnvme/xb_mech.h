/*
 * xb_mech.h - the contract between the generic queue and its mechanisms.
 *
 * A mechanism is four functions, in the spirit of fio's engine hooks and
 * xNVMe's async interface. Every mechanism exports a complete table; one
 * that is compiled out fills it with stubs returning -ENOSYS, so callers
 * never test for NULL.
 */
#ifndef XB_MECH_H
#define XB_MECH_H

#include "xb.h"

struct xb_dev {
	int fd;
	uint32_t flags;
	struct xb_geo geo;
};

struct xb_queue {
	const struct xb_mech *mech;
	struct xb_dev *dev;
	uint32_t depth;
	uint32_t buf_nbytes;
	uint8_t *bufs;        /* depth * buf_nbytes bytes */
	struct xb_sqe *sq;    /* depth entries, filled by Go */
	struct xb_cqe *cq;    /* depth entries, filled by C */
	uint64_t *t_submit;   /* per slot: when its submit began */
	uint64_t *t_issued;   /* per slot: when its submit returned */
	uint32_t inflight;    /* submitted and not yet reaped */
	struct xb_cycle result;
	void *priv;           /* the mechanism's own state */
	const struct xb_queue_opts *opts; /* during init only */
};

struct xb_mech {
	const char *name;
	uint32_t caps; /* XB_CAP_* */
	/*
	 * Sets up q->priv; q's device, depth and buffers are ready, and
	 * q->opts holds the options. A mechanism with XB_CAP_URI opens its
	 * own device from q->opts->uri and allocates q->bufs (depth *
	 * buf_nbytes bytes) itself; its term frees them and sets q->bufs to
	 * NULL, as its init does when it fails.
	 */
	int (*init)(struct xb_queue *q);
	/*
	 * Takes up to n entries from sqes and returns how many it took, or
	 * -errno. A sync mechanism performs them here and keeps their results
	 * for reap.
	 */
	int (*submit)(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n);
	/*
	 * Writes at least min and at most max completions (res and slot) to
	 * cqes, waiting if fewer than min are ready, and returns the count or
	 * -errno.
	 */
	int (*reap)(struct xb_queue *q, struct xb_cqe *cqes, uint32_t min, uint32_t max);
	/* Releases q->priv. */
	void (*term)(struct xb_queue *q);
};

extern const struct xb_mech xb_mech_null;
extern const struct xb_mech xb_mech_psync;
extern const struct xb_mech xb_mech_libaio;
extern const struct xb_mech xb_mech_io_uring;
extern const struct xb_mech xb_mech_xnvme;

/* The buffer of a slot. */
static inline void *xb_slot_buf(const struct xb_queue *q, uint32_t slot)
{
	return q->bufs + (size_t)slot * q->buf_nbytes;
}

/*
 * A ring of completions for mechanisms that complete inside submit (null,
 * psync): submit pushes, reap pops. Sized to the queue depth, which bounds
 * the IOs in flight. Such a mechanism uses xb_done_init, xb_done_reap and
 * xb_done_term as its init, reap and term hooks.
 */
struct xb_done_ring {
	struct xb_cqe *ent;
	uint32_t mask, head, count;
};

int xb_done_init(struct xb_queue *q);
int xb_done_reap(struct xb_queue *q, struct xb_cqe *cqes, uint32_t min, uint32_t max);
void xb_done_term(struct xb_queue *q);

static inline void xb_done_push(struct xb_queue *q, uint32_t slot, int32_t res)
{
	struct xb_done_ring *r = q->priv;
	struct xb_cqe *c = &r->ent[(r->head + r->count) & r->mask];

	c->slot = slot;
	c->res = res;
	r->count++;
}

#endif /* XB_MECH_H */
