/*
 * xb_mech_fault.c - xbench-fault, a TEST mechanism, not a benchmark: it
 * injects the faults of struct xb_fault_opts so that tests can drive every
 * error path of the engine at any depth. Each IO is performed with a
 * blocking system call (xb_io_sync), unless it is to fail, and completes
 * after delay_ns, in submission order, so that up to depth IOs are in
 * flight as with a real asynchronous mechanism:
 *
 *  - an IO covering one of fail[] (or every Nth IO) fails with -err
 *    without being performed;
 *  - an IO starting at one of short_at[] transfers short_nbytes (half its
 *    length by default) and completes short;
 *  - a read covering one of flip[] has the low bit of that byte flipped
 *    after it is read, as silent corruption would.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xb_mech.h"

struct fault_pending {
	uint64_t due;
	uint32_t slot;
	int32_t res;
};

struct fault_state {
	struct xb_fault_opts o;
	uint64_t *offs; /* fail, short_at and flip, copied */
	struct fault_pending *ring;
	uint32_t head, count;
	uint64_t nth; /* IOs of the faulted operations so far, for every */
	struct xb_fault_counts counts;
};

/* Copies n offsets to dst and returns where the next copy goes. */
static uint64_t *copy_offs(uint64_t *dst, const uint64_t *src, uint32_t n)
{
	if (n)
		memcpy(dst, src, n * sizeof(*src));
	return dst + n;
}

static int fault_init(struct xb_queue *q)
{
	const struct xb_fault_opts *o = q->opts->fault;
	struct fault_state *s;
	uint64_t *p;
	size_t n;

	if (!o)
		return -EINVAL;
	n = (size_t)o->nfail + o->nshort + o->nflip;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->offs = calloc(n ? n : 1, sizeof(*s->offs));
	s->ring = calloc(q->depth, sizeof(*s->ring));
	if (!s->offs || !s->ring) {
		free(s->offs);
		free(s->ring);
		free(s);
		return -ENOMEM;
	}
	s->o = *o;
	p = s->offs;
	s->o.fail = p;
	p = copy_offs(p, o->fail, o->nfail);
	s->o.short_at = p;
	p = copy_offs(p, o->short_at, o->nshort);
	s->o.flip = p;
	copy_offs(p, o->flip, o->nflip);
	q->priv = s;
	return 0;
}

static void fault_term(struct xb_queue *q)
{
	struct fault_state *s = q->priv;

	if (!s)
		return;
	free(s->offs);
	free(s->ring);
	free(s);
	q->priv = NULL;
}

/* The first of offs[] within [off, off+len), or -1. */
static int64_t covered(const uint64_t *offs, uint32_t n, uint64_t off, uint64_t len)
{
	for (uint32_t i = 0; i < n; i++)
		if (offs[i] >= off && offs[i] - off < len)
			return (int64_t)i;
	return -1;
}

static int starts_at(const uint64_t *offs, uint32_t n, uint64_t off)
{
	for (uint32_t i = 0; i < n; i++)
		if (offs[i] == off)
			return 1;
	return 0;
}

/* Performs (or fails) one IO and returns its result. */
static int32_t fault_io(struct xb_queue *q, struct fault_state *s, const struct xb_sqe *e)
{
	const struct xb_fault_opts *o = &s->o;
	int faulted = (o->ops >> e->opcode) & 1;
	int data = e->opcode == XB_OP_READ || e->opcode == XB_OP_WRITE;
	struct xb_sqe part = *e;
	int32_t res;

	s->counts.ios++;
	if (faulted) {
		s->nth++;
		if ((o->every && s->nth % o->every == 0) ||
		    (e->opcode <= XB_OP_TRIM && covered(o->fail, o->nfail, e->offset, e->nbytes) >= 0)) {
			s->counts.failed++;
			return -o->err;
		}
		if (data && e->nbytes > 1 && starts_at(o->short_at, o->nshort, e->offset)) {
			part.nbytes = o->short_nbytes && o->short_nbytes < e->nbytes ? o->short_nbytes : e->nbytes / 2;
			s->counts.shorts++;
		}
	}
	res = xb_io_sync(q, &part);
	if (faulted && e->opcode == XB_OP_READ && res > 0) {
		uint8_t *buf = xb_sqe_buf(q, e);

		for (uint32_t i = 0; i < o->nflip; i++) {
			if (o->flip[i] >= e->offset && o->flip[i] - e->offset < (uint64_t)res) {
				buf[o->flip[i] - e->offset] ^= 1;
				s->counts.flipped++;
			}
		}
	}
	return res;
}

static int fault_submit(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n)
{
	struct fault_state *s = q->priv;
	uint64_t due = s->o.delay_ns ? xb_now() + s->o.delay_ns : 0;

	for (uint32_t i = 0; i < n; i++) {
		struct fault_pending *p = &s->ring[(s->head + s->count) % q->depth];

		p->slot = sqes[i].slot;
		p->res = fault_io(q, s, &sqes[i]);
		p->due = due;
		s->count++;
	}
	return (int)n;
}

static int fault_reap(struct xb_queue *q, struct xb_cqe *cqes, uint32_t min, uint32_t max)
{
	struct fault_state *s = q->priv;
	uint32_t n = 0;

	while (n < max && s->count) {
		struct fault_pending *p = &s->ring[s->head];
		uint64_t now = p->due ? xb_now() : 0;

		if (p->due > now) {
			if (n >= min)
				break;
			xb_sleep(p->due - now);
			continue;
		}
		cqes[n].slot = p->slot;
		cqes[n].res = p->res;
		n++;
		s->head = (s->head + 1) % q->depth;
		s->count--;
	}
	return (int)n;
}

int xb_queue_fault_counts(const struct xb_queue *q, struct xb_fault_counts *out)
{
	if (q->mech != &xb_mech_fault)
		return -ENOTSUP;
	*out = ((const struct fault_state *)q->priv)->counts;
	return 0;
}

const struct xb_mech xb_mech_fault = {
	.name = "xbench-fault",
	.caps = 0,
	.init = fault_init,
	.submit = fault_submit,
	.reap = fault_reap,
	.term = fault_term,
};
