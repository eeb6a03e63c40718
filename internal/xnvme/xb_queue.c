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
	&xb_mech_psync,
	&xb_mech_libaio,
	&xb_mech_io_uring,
	&xb_mech_xnvme,
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

uint64_t xb_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
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
	free(q->bufs);
	free(q->sq);
	free(q->cq);
	free(q->t_submit);
	free(q->t_issued);
	free(q);
}

int xb_queue_init(struct xb_dev *dev, const struct xb_queue_opts *opts, struct xb_queue **out)
{
	const struct xb_mech *mech = mech_find(opts->mech);
	int own_bufs = mech && (mech->caps & XB_CAP_URI);
	struct xb_queue *q;
	size_t nbufs;
	int rc;

	if (!mech)
		return -ENOENT;
	if (own_bufs ? (dev || !opts->uri) : (!dev && !(mech->caps & XB_CAP_DISKLESS)))
		return -EINVAL;
	if (!opts->depth || !opts->buf_nbytes || !opts->buf_align ||
	    (opts->buf_align & (opts->buf_align - 1)))
		return -EINVAL;

	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	q->mech = mech;
	q->dev = dev;
	q->depth = opts->depth;
	q->buf_nbytes = opts->buf_nbytes;
	q->opts = opts;

	nbufs = (size_t)q->depth * q->buf_nbytes;
	if (!own_bufs && posix_memalign((void **)&q->bufs, opts->buf_align, nbufs)) {
		q->bufs = NULL;
		queue_free(q);
		return -ENOMEM;
	}

	q->sq = calloc(q->depth, sizeof(*q->sq));
	q->cq = calloc(q->depth, sizeof(*q->cq));
	q->t_submit = calloc(q->depth, sizeof(*q->t_submit));
	q->t_issued = calloc(q->depth, sizeof(*q->t_issued));
	if (!q->sq || !q->cq || !q->t_submit || !q->t_issued) {
		queue_free(q);
		return -ENOMEM;
	}

	rc = mech->init(q);
	q->opts = NULL;
	if (rc) {
		queue_free(q);
		return rc;
	}
	if (opts->fill)
		fill_random(q->bufs, nbufs, 0x9e3779b97f4a7c15ull);
	else
		memset(q->bufs, 0, nbufs);
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
uint32_t xb_queue_caps(const struct xb_queue *q) { return q->mech->caps; }

void *xb_queue_buf(struct xb_queue *q, uint32_t slot)
{
	return slot < q->depth ? xb_slot_buf(q, slot) : NULL;
}

int xb_queue_cycle(struct xb_queue *q, uint32_t nsq, uint32_t min_cq)
{
	struct xb_cycle *res = &q->result;
	uint64_t t_submit, t_issued;
	int rc;

	res->submitted = 0;
	res->completed = 0;

	if (nsq > q->depth)
		return -EINVAL;
	if (nsq) {
		t_submit = xb_now();
		rc = q->mech->submit(q, q->sq, nsq);
		if (rc < 0)
			return rc;
		t_issued = (q->mech->caps & XB_CAP_SYNC) ? t_submit : xb_now();
		for (int i = 0; i < rc; i++) {
			uint32_t slot = q->sq[i].slot;

			q->t_submit[slot] = t_submit;
			q->t_issued[slot] = t_issued;
		}
		res->submitted = (uint32_t)rc;
		q->inflight += (uint32_t)rc;
	}

	/* Never wait for more completions than there are IOs to complete. */
	if (min_cq > q->inflight)
		min_cq = q->inflight;
	rc = q->mech->reap(q, q->cq, min_cq, q->depth);
	res->t_reap = xb_now();
	if (rc < 0)
		return rc;
	for (int i = 0; i < rc; i++) {
		struct xb_cqe *c = &q->cq[i];

		c->t_submit = q->t_submit[c->slot];
		c->t_issued = q->t_issued[c->slot];
	}
	res->completed = (uint32_t)rc;
	q->inflight -= (uint32_t)rc;
	return 0;
}

int xb_done_init(struct xb_queue *q)
{
	struct xb_done_ring *r = calloc(1, sizeof(*r));
	uint32_t cap = 1;

	while (cap < q->depth)
		cap <<= 1;
	if (r)
		r->ent = calloc(cap, sizeof(*r->ent));
	if (!r || !r->ent) {
		free(r);
		return -ENOMEM;
	}
	r->mask = cap - 1;
	q->priv = r;
	return 0;
}

int xb_done_reap(struct xb_queue *q, struct xb_cqe *cqes, uint32_t min, uint32_t max)
{
	struct xb_done_ring *r = q->priv;
	uint32_t n = r->count < max ? r->count : max;

	(void)min; /* every IO submitted has already completed */
	for (uint32_t i = 0; i < n; i++) {
		cqes[i] = r->ent[r->head];
		r->head = (r->head + 1) & r->mask;
	}
	r->count -= n;
	return (int)n;
}

void xb_done_term(struct xb_queue *q)
{
	struct xb_done_ring *r = q->priv;

	if (r)
		free(r->ent);
	free(r);
}
