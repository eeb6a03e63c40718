/*
 * xb_queue.c - the generic queue: mechanism lookup, buffers, and the batch
 * cycle that stamps submissions and completions at batch edges.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xb_mech.h"

static const struct xb_mech *const mechs[] = {
	&xb_mech_null,
	&xb_mech_sync,
	&xb_mech_psync,
	&xb_mech_pvsync,
	&xb_mech_pvsync2,
	&xb_mech_libaio,
	&xb_mech_io_uring,
	&xb_mech_io_uring_cmd,
	&xb_mech_xnvme,
	&xb_mech_fault,
};

#define NMECHS (sizeof(mechs) / sizeof(mechs[0]))

const char *const *xb_mech_names(void)
{
	static const char *names[NMECHS + 1];

	for (size_t i = 0; i < NMECHS; i++)
		names[i] = mechs[i]->name;
	return names;
}

static const struct xb_mech *mech_find(const char *name)
{
	for (size_t i = 0; i < NMECHS; i++)
		if (!strcmp(mechs[i]->name, name))
			return mechs[i];
	return NULL;
}

int xb_mech_caps(const char *name)
{
	const struct xb_mech *m = mech_find(name);

	return m ? (int)m->caps : -ENOENT;
}

void xb_sleep(uint64_t ns)
{
	struct timespec ts = {.tv_sec = (time_t)(ns / 1000000000ull), .tv_nsec = (long)(ns % 1000000000ull)};

	clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
}

/* Fills buf with xorshift64 output so that written data is not all zeros. */
static void fill_random(uint8_t *buf, size_t n, uint64_t seed)
{
	uint64_t x = seed | 1;

	for (size_t i = 0; i + 8 <= n; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(buf + i, &x, 8);
	}
}

static void queue_free(struct xb_queue *q)
{
	free(q->files);
	free(q->bufs);
	free(q->sq);
	free(q->cq);
	free(q->t_submit);
	free(q->t_issued);
	free(q->done.ent);
	free(q);
}

/* Sizes the done ring to hold every IO that can be in flight. */
static int done_init(struct xb_done_ring *r, uint32_t depth)
{
	uint32_t cap = 1;

	while (cap < depth)
		cap <<= 1;
	r->ent = calloc(cap, sizeof(*r->ent));
	if (!r->ent)
		return -ENOMEM;
	r->mask = cap - 1;
	return 0;
}

/* Moves up to max completions from the done ring to cqes. */
static uint32_t done_pop(struct xb_done_ring *r, struct xb_cqe *cqes, uint32_t max)
{
	uint32_t n = r->count < max ? r->count : max;

	for (uint32_t i = 0; i < n; i++) {
		cqes[i] = r->ent[r->head];
		r->head = (r->head + 1) & r->mask;
	}
	r->count -= n;
	return n;
}

/* A limit option: 0 or more than the depth means the depth. */
static uint32_t depth_limit(uint32_t v, uint32_t depth)
{
	return v && v < depth ? v : depth;
}

int xb_queue_init(struct xb_dev *const *devs, uint32_t ndevs, const struct xb_queue_opts *opts,
		  struct xb_queue **out)
{
	const struct xb_mech *mech = mech_find(opts->mech);
	int own_bufs = mech && (mech->caps & XB_CAP_URI);
	struct xb_queue *q;
	uint32_t nslots;
	size_t nbufs;
	int rc;

	if (!mech)
		return -ENOENT;
	/* A mechanism that opens its own device takes a URI and no devices. */
	if (own_bufs ? (ndevs || !opts->uri) : (!ndevs && !(mech->caps & XB_CAP_DISKLESS)))
		return -EINVAL;
	if (ndevs > UINT16_MAX + 1u)
		return -EINVAL;
	if (!opts->depth || !opts->buf_nbytes || !opts->buf_align ||
	    (opts->buf_align & (opts->buf_align - 1)))
		return -EINVAL;

	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	q->mech = mech;
	q->caps = mech->caps;
	q->depth = opts->depth;
	q->submit_max = depth_limit(opts->submit_max, q->depth);
	q->reap_max = depth_limit(opts->reap_max, q->depth);
	q->buf_nbytes = opts->buf_nbytes;
	q->opts = opts;
	/*
	 * A serial queue: depth 1 on a mechanism that may complete inside
	 * submit gets more slots; they stay only if it does (init decides).
	 */
	nslots = q->depth;
	if (opts->serial > 1 && q->depth == 1 && !own_bufs)
		nslots = opts->serial;

	if (ndevs) {
		q->files = calloc(ndevs, sizeof(*q->files));
		if (!q->files) {
			queue_free(q);
			return -ENOMEM;
		}
		for (uint32_t i = 0; i < ndevs; i++) {
			q->files[i].fd = devs[i]->fd;
			q->files[i].block = devs[i]->geo.kind == XB_DEV_BLOCK;
		}
		q->nfiles = ndevs;
	}

	nbufs = (size_t)nslots * q->buf_nbytes;
	if (!own_bufs && posix_memalign((void **)&q->bufs, opts->buf_align, nbufs)) {
		q->bufs = NULL;
		queue_free(q);
		return -ENOMEM;
	}

	q->sq = calloc(nslots, sizeof(*q->sq));
	q->cq = calloc(nslots, sizeof(*q->cq));
	q->t_submit = calloc(nslots, sizeof(*q->t_submit));
	q->t_issued = calloc(nslots, sizeof(*q->t_issued));
	if (!q->sq || !q->cq || !q->t_submit || !q->t_issued || done_init(&q->done, nslots)) {
		queue_free(q);
		return -ENOMEM;
	}

	rc = mech->init(q);
	q->opts = NULL;
	if (rc) {
		queue_free(q);
		return rc;
	}
	q->nslots = (q->caps & XB_CAP_SYNC) ? nslots : q->depth;
	if (opts->fill)
		fill_random(q->bufs, nbufs, 0x9e3779b97f4a7c15ull);
	else
		memset(q->bufs, 0, nbufs);
	/*
	 * The slots of a serial queue stand for its one slot: they carry the
	 * data it would, so that a serial run writes what IO by IO would.
	 */
	for (uint32_t s = q->depth; s < q->nslots; s++)
		memcpy(xb_slot_buf(q, s), q->bufs, q->buf_nbytes);
	*out = q;
	return 0;
}

void xb_queue_term(struct xb_queue *q)
{
	if (!q)
		return;
	q->mech->term(q);
	queue_free(q);
}

struct xb_sqe *xb_queue_sq(struct xb_queue *q) { return q->sq; }
struct xb_cqe *xb_queue_cq(struct xb_queue *q) { return q->cq; }
const struct xb_cycle *xb_queue_result(const struct xb_queue *q) { return &q->result; }
uint32_t xb_queue_caps(const struct xb_queue *q) { return q->caps; }
uint32_t xb_queue_slots(const struct xb_queue *q) { return q->nslots; }

void *xb_queue_buf(struct xb_queue *q, uint32_t slot)
{
	return slot < q->nslots ? xb_slot_buf(q, slot) : NULL;
}

/* Rejects submissions the mechanisms cannot carry out. */
static int check_sq(const struct xb_queue *q, uint32_t nsq)
{
	for (uint32_t i = 0; i < nsq; i++) {
		const struct xb_sqe *e = &q->sq[i];

		if (e->slot >= q->nslots || e->opcode > XB_OP_FDATASYNC ||
		    (q->nfiles && e->file >= q->nfiles) ||
		    (e->opcode <= XB_OP_WRITE && (uint64_t)e->buf_off + e->nbytes > q->buf_nbytes))
			return -EINVAL;
	}
	return 0;
}

/*
 * Submits the first nsq entries (at least one) in calls of at most
 * submit_max entries, stamping each call's entries, and returns how many
 * were taken, or -errno when the first call failed.
 */
static int submit_all(struct xb_queue *q, uint32_t nsq)
{
	const int sync = (q->caps & XB_CAP_SYNC) != 0;
	uint64_t t_submit = xb_now_early(), t_issued;
	uint32_t done = 0;

	for (;;) {
		uint32_t n = nsq - done < q->submit_max ? nsq - done : q->submit_max;
		int rc = q->mech->submit(q, q->sq + done, n);
		int more;

		if (rc < 0)
			return done ? (int)done : rc;
		more = (uint32_t)rc == n && done + n < nsq;
		/*
		 * A synchronous call has no submission latency; its end is
		 * stamped only to start the next call. A call's end stamp is
		 * the next call's start: what runs between them is this loop.
		 */
		t_issued = (!sync || more) ? xb_now() : t_submit;
		for (int i = 0; i < rc; i++) {
			uint32_t slot = q->sq[done + (uint32_t)i].slot;

			q->t_submit[slot] = t_submit;
			q->t_issued[slot] = sync ? t_submit : t_issued;
		}
		done += (uint32_t)rc;
		q->inflight += (uint32_t)rc;
		if (!more)
			break; /* all submitted, or the device queue is full */
		t_submit = t_issued;
	}
	return (int)done;
}

int xb_queue_cycle(struct xb_queue *q, uint32_t nsq, uint32_t min_cq)
{
	struct xb_cycle *res = &q->result;
	uint32_t n, own;
	int rc;

	res->submitted = 0;
	res->completed = 0;

	if (nsq > q->depth)
		return -EINVAL;
	rc = check_sq(q, nsq);
	if (rc)
		return rc;
	if (nsq) {
		rc = submit_all(q, nsq);
		if (rc < 0)
			return rc;
		res->submitted = (uint32_t)rc;
	}

	/* Never wait for more completions than there are IOs to complete. */
	if (min_cq > q->inflight)
		min_cq = q->inflight;
	if (min_cq > q->reap_max)
		min_cq = q->reap_max;
	/*
	 * What completed inside submit first, then the mechanism's own, never
	 * waiting for more than the mechanism has in flight.
	 */
	own = q->inflight - q->done.count;
	n = done_pop(&q->done, q->cq, q->reap_max);
	rc = 0;
	if (n < q->reap_max && own) {
		uint32_t want = min_cq > n ? min_cq - n : 0;

		rc = q->mech->reap(q, q->cq + n, want < own ? want : own, q->reap_max - n);
	}
	res->t_reap = xb_now();
	if (rc < 0)
		return rc;
	n += (uint32_t)rc;
	for (uint32_t i = 0; i < n; i++) {
		struct xb_cqe *c = &q->cq[i];

		c->t_submit = q->t_submit[c->slot];
		c->t_issued = q->t_issued[c->slot];
		c->t_done = res->t_reap;
	}
	res->completed = n;
	q->inflight -= n;
	return 0;
}

int xb_queue_serial(struct xb_queue *q, uint32_t nsq, uint64_t until)
{
	struct xb_cycle *res = &q->result;
	uint64_t t = 0;
	uint32_t i;
	int rc;

	res->submitted = 0;
	res->completed = 0;
	if (!(q->caps & XB_CAP_SYNC) || q->depth != 1)
		return -EOPNOTSUPP;
	if (nsq > q->nslots)
		return -EINVAL;
	rc = check_sq(q, nsq);
	if (rc)
		return rc;
	if (nsq)
		t = xb_now_early();
	for (i = 0; i < nsq;) {
		const struct xb_sqe *e = &q->sq[i];
		struct xb_cqe *c = &q->cq[i];

		rc = q->mech->submit(q, e, 1);
		if (rc <= 0) {
			/* Nothing taken: stop here, and fail only the first IO. */
			if (!i && rc < 0)
				return rc;
			break;
		}
		done_pop(&q->done, c, 1);
		c->t_submit = t;
		c->t_issued = t;
		/* The end of this call is the start of the next. */
		t = xb_now();
		c->t_done = t;
		i++;
		if (c->res != (int32_t)e->nbytes || t >= until)
			break;
	}
	res->submitted = i;
	res->completed = i;
	res->t_reap = i ? t : xb_now();
	return 0;
}
