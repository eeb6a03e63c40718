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

#include <errno.h>
#include <sys/types.h>

#include "xb.h"

struct xb_dev {
	int fd;
	uint32_t flags;
	struct xb_geo geo;
};

/*
 * A ring of completions made inside submit: every IO of the mechanisms that
 * complete inside submit (null, psync), and the IOs an asynchronous
 * mechanism performs synchronously (trims, as fio does). Submit pushes,
 * the generic cycle pops before asking the mechanism to reap. Sized to the
 * queue depth, which bounds the IOs in flight.
 */
struct xb_done_ring {
	struct xb_cqe *ent;
	uint32_t mask, head, count;
};

/* One file of a queue: its descriptor and whether it is a block device. */
struct xb_qfile {
	int fd;
	uint32_t block; /* 1 for a block device: trims are BLKDISCARD */
};

struct xb_queue {
	const struct xb_mech *mech;
	uint32_t caps;        /* XB_CAP_*: the mechanism's, which its init may add to */
	struct xb_qfile *files; /* nfiles entries */
	uint32_t nfiles;
	uint32_t depth;
	uint32_t nslots;      /* buffer slots and array entries: depth, or more for a serial queue */
	uint32_t submit_max;  /* entries per submit call */
	uint32_t reap_max;    /* completions per reap */
	uint32_t buf_nbytes;
	uint8_t *bufs;        /* nslots * buf_nbytes bytes */
	struct xb_sqe *sq;    /* nslots entries, filled by Go */
	struct xb_cqe *cq;    /* nslots entries, filled by C */
	uint64_t *t_submit;   /* per slot: when its submit began */
	uint64_t *t_issued;   /* per slot: when its submit returned */
	uint32_t inflight;    /* submitted and not yet reaped */
	struct xb_done_ring done;
	struct xb_cycle result;
	void *priv;           /* the mechanism's own state */
	const struct xb_queue_opts *opts; /* during init only */
};

struct xb_mech {
	const char *name;
	uint32_t caps; /* XB_CAP_* */
	/*
	 * Sets up q->priv; q's files, depth and buffers are ready, and
	 * q->opts holds the options. It may add to q->caps (null at depth 1
	 * completes synchronously, as fio's null engine does). A mechanism with XB_CAP_URI opens its
	 * own device from q->opts->uri and allocates q->bufs (depth *
	 * buf_nbytes bytes) itself; its term frees them and sets q->bufs to
	 * NULL, as its init does when it fails.
	 */
	int (*init)(struct xb_queue *q);
	/*
	 * Takes up to n entries from sqes and returns how many it took, or
	 * -errno. An IO it performs synchronously goes to the done ring
	 * (xb_done_push) instead of the mechanism's own completions.
	 */
	int (*submit)(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n);
	/*
	 * Writes at least min and at most max completions (res and slot) to
	 * cqes, waiting if fewer than min are ready, and returns the count or
	 * -errno. Only IOs the mechanism completes itself come back here; the
	 * done ring is drained by the generic cycle.
	 */
	int (*reap)(struct xb_queue *q, struct xb_cqe *cqes, uint32_t min, uint32_t max);
	/* Releases q->priv. */
	void (*term)(struct xb_queue *q);
};

extern const struct xb_mech xb_mech_null;
extern const struct xb_mech xb_mech_sync;
extern const struct xb_mech xb_mech_psync;
extern const struct xb_mech xb_mech_pvsync;
extern const struct xb_mech xb_mech_pvsync2;
extern const struct xb_mech xb_mech_libaio;
extern const struct xb_mech xb_mech_io_uring;
extern const struct xb_mech xb_mech_io_uring_cmd;
extern const struct xb_mech xb_mech_xnvme;
extern const struct xb_mech xb_mech_fault;

/* The buffer of a slot. */
static inline void *xb_slot_buf(const struct xb_queue *q, uint32_t slot)
{
	return q->bufs + (size_t)slot * q->buf_nbytes;
}

/* Where the transfer of a submission starts: its slot's buffer, past buf_off. */
static inline void *xb_sqe_buf(const struct xb_queue *q, const struct xb_sqe *e)
{
	return (uint8_t *)xb_slot_buf(q, e->slot) + e->buf_off;
}

/* The descriptor of a submission's file (0 for a diskless queue). */
static inline int xb_sqe_fd(const struct xb_queue *q, const struct xb_sqe *e)
{
	return q->nfiles ? q->files[e->file].fd : -1;
}

static inline void xb_done_push(struct xb_queue *q, uint32_t slot, int32_t res)
{
	struct xb_done_ring *r = &q->done;
	struct xb_cqe *c = &r->ent[(r->head + r->count) & r->mask];

	c->slot = slot;
	c->res = res;
	r->count++;
}

/*
 * Performs one IO with a blocking system call and returns its result: bytes
 * transferred, 0 for a sync, or -errno. Used by psync for every IO and by
 * the asynchronous mechanisms for trims.
 */
int32_t xb_io_sync(const struct xb_queue *q, const struct xb_sqe *e);
/*
 * Performs a trim, fsync or fdatasync with a blocking system call, as
 * xb_io_sync does; the sync family's mechanisms call it for everything but
 * reads and writes.
 */
int32_t xb_io_nondata(const struct xb_queue *q, const struct xb_sqe *e);
/* A read or write's result: the bytes transferred, or -errno from errno. */
static inline int32_t xb_io_result(ssize_t n)
{
	return n < 0 ? -errno : (int32_t)n;
}
/*
 * Sets *flags to the RWF_* flags of the engine options in q->opts for
 * reads and writes (nowait; uncached, on files opened without O_DIRECT, as
 * fio does) and returns 0, or -EOPNOTSUPP when the kernel or the
 * filesystem of one of q's files refuses them: each file is probed with a
 * one-byte read at offset 0. For a mechanism's init.
 */
int xb_rwf_flags(const struct xb_queue *q, int *flags);

/* The reap of a mechanism whose IOs all complete inside submit. */
int xb_reap_none(struct xb_queue *q, struct xb_cqe *cqes, uint32_t min, uint32_t max);
/* The init and term of a mechanism that needs no state of its own. */
int xb_init_none(struct xb_queue *q);
void xb_term_none(struct xb_queue *q);

#endif /* XB_MECH_H */
