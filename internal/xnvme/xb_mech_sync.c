/*
 * xb_mech_sync.c - the sync mechanism: lseek(2) then read(2)/write(2), one
 * IO at a time inside submit, like fio's sync engine. As fio does, the
 * seek is skipped when the file's position is already the IO's offset
 * (the last IO on it ended there).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <unistd.h>

#include "xb_mech.h"

/* Per file: where its position is, or UINT64_MAX when unknown. */
struct sync_state {
	uint64_t *pos;
};

static int sync_init(struct xb_queue *q)
{
	struct sync_state *s = calloc(1, sizeof(*s));

	if (!s || !(s->pos = calloc(q->nfiles, sizeof(*s->pos)))) {
		free(s);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < q->nfiles; i++)
		s->pos[i] = UINT64_MAX;
	q->priv = s;
	return 0;
}

/* One read or write at the file's position, after seeking there. */
static int32_t sync_rw(struct xb_queue *q, struct sync_state *s, const struct xb_sqe *e)
{
	int fd = q->files[e->file].fd;
	void *buf = xb_sqe_buf(q, e);
	ssize_t n;

	if (s->pos[e->file] != e->offset) {
		if (lseek(fd, (off_t)e->offset, SEEK_SET) < 0) {
			s->pos[e->file] = UINT64_MAX;
			return -errno;
		}
	}
	do {
		n = e->opcode == XB_OP_WRITE ? write(fd, buf, e->nbytes) : read(fd, buf, e->nbytes);
	} while (n < 0 && errno == EINTR);
	s->pos[e->file] = n < 0 ? UINT64_MAX : e->offset + (uint64_t)n;
	return xb_io_result(n);
}

static int sync_submit(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n)
{
	struct sync_state *s = q->priv;

	for (uint32_t i = 0; i < n; i++) {
		const struct xb_sqe *e = &sqes[i];
		int32_t res = e->opcode <= XB_OP_WRITE ? sync_rw(q, s, e) : xb_io_nondata(q, e);

		xb_done_push(q, e->slot, res);
	}
	return (int)n;
}

static void sync_term(struct xb_queue *q)
{
	struct sync_state *s = q->priv;

	free(s->pos);
	free(s);
}

const struct xb_mech xb_mech_sync = {
	.name = "sync",
	.caps = XB_CAP_SYNC,
	.init = sync_init,
	.submit = sync_submit,
	.reap = xb_reap_none,
	.term = sync_term,
};
