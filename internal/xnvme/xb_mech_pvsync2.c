/*
 * xb_mech_pvsync2.c - the pvsync2 mechanism: preadv2(2)/pwritev2(2) with
 * one iovec and per-IO flags, one IO at a time inside submit, like fio's
 * pvsync2 engine: hipri sets RWF_HIPRI on hipri_percentage of the IOs
 * (drawn as fio draws them, 1 to 100 against the percentage), nowait
 * RWF_NOWAIT, uncached RWF_DONTCACHE on buffered files.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/uio.h>

#include "xb_mech.h"

struct pvsync2_state {
	int flags;      /* RWF_* of every read and write */
	uint32_t hipri; /* percent of IOs with RWF_HIPRI; 0 for none */
	uint64_t rand;  /* xorshift64 state of the hipri draws */
};

static int pvsync2_init(struct xb_queue *q)
{
	const struct xb_engine_opts *o = &q->opts->eng;
	struct pvsync2_state *s = calloc(1, sizeof(*s));
	int rc;

	if (!s)
		return -ENOMEM;
	rc = xb_rwf_flags(q, &s->flags);
	if (rc) {
		free(s);
		return rc;
	}
	if (o->flags & XB_ENG_HIPRI)
		s->hipri = o->hipri_pct ? o->hipri_pct : 100;
	s->rand = 0x2545f4914f6cdd1dull;
	q->priv = s;
	return 0;
}

/* The flags of the next read or write. */
static int pvsync2_flags(struct pvsync2_state *s)
{
	uint64_t x = s->rand;

	if (s->hipri >= 100)
		return s->flags | RWF_HIPRI;
	if (!s->hipri)
		return s->flags;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	s->rand = x;
	return (x % 100) + 1 <= s->hipri ? s->flags | RWF_HIPRI : s->flags;
}

static int32_t pvsync2_rw(struct xb_queue *q, struct pvsync2_state *s, const struct xb_sqe *e)
{
	struct iovec iov = {.iov_base = xb_sqe_buf(q, e), .iov_len = e->nbytes};
	int fd = q->files[e->file].fd, flags = pvsync2_flags(s);
	ssize_t n;

	do {
		n = e->opcode == XB_OP_WRITE ? pwritev2(fd, &iov, 1, (off_t)e->offset, flags)
					     : preadv2(fd, &iov, 1, (off_t)e->offset, flags);
	} while (n < 0 && errno == EINTR);
	return xb_io_result(n);
}

static int pvsync2_submit(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n)
{
	struct pvsync2_state *s = q->priv;

	for (uint32_t i = 0; i < n; i++) {
		const struct xb_sqe *e = &sqes[i];

		xb_done_push(q, e->slot, e->opcode <= XB_OP_WRITE ? pvsync2_rw(q, s, e) : xb_io_nondata(q, e));
	}
	return (int)n;
}

static void pvsync2_term(struct xb_queue *q)
{
	free(q->priv);
}

const struct xb_mech xb_mech_pvsync2 = {
	.name = "pvsync2",
	.caps = XB_CAP_SYNC,
	.init = pvsync2_init,
	.submit = pvsync2_submit,
	.reap = xb_reap_none,
	.term = pvsync2_term,
};
