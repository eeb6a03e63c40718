/*
 * xb_mech_io_uring_cmd.c - the io_uring_cmd mechanism: NVMe passthrough on
 * the generic character devices of NVMe namespaces (/dev/ngXnY), as fio's
 * io_uring_cmd engine with cmd_type=nvme. Each IO is an NVMe command
 * (xb_nvme.c) in a 128-byte submission entry (IORING_OP_URING_CMD); its
 * logical blocks come from the namespace's LBA format, read with the admin
 * identify ioctl when the queue is set up. Reads and writes are NVMe Read
 * and Write, syncs a Flush, trims a Dataset Management deallocate. The
 * ring takes fio's options as io_uring does (xb_uring.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xb_nvme.h"
#include "xb_uring.h"

struct cmd_state {
	struct xb_uring u;
	struct xb_nvme_ns *ns;            /* per file */
	struct xb_nvme_dsm_range *ranges; /* per slot, for trims */
	int32_t *result;                  /* per slot: what a success completes with */
	int vectored;                     /* NVME_URING_CMD_IO_VEC with one iovec */
};

static void cmd_free(struct cmd_state *s)
{
	free(s->ns);
	free(s->ranges);
	free(s->result);
	free(s);
}

static int cmd_init(struct xb_queue *q)
{
	const struct xb_engine_opts *o = &q->opts->eng;
	struct cmd_state *s = calloc(1, sizeof(*s));
	int rc = -ENOMEM;

	if (!s)
		return -ENOMEM;
	s->ns = calloc(q->nfiles, sizeof(*s->ns));
	s->ranges = calloc(q->depth, sizeof(*s->ranges));
	s->result = calloc(q->depth, sizeof(*s->result));
	if (!s->ns || !s->ranges || !s->result)
		goto fail;
	for (uint32_t i = 0; i < q->nfiles; i++) {
		rc = xb_nvme_ns_of_fd(q->files[i].fd, &s->ns[i]);
		if (rc)
			goto fail;
		if (s->ns[i].extended) {
			rc = -EOPNOTSUPP; /* data and metadata interleaved */
			goto fail;
		}
	}
	/* Fixed buffers go without iovecs, as the kernel maps them itself. */
	s->vectored = (o->flags & XB_ENG_VECTORED) && !(o->flags & XB_ENG_FIXEDBUFS);
	rc = xb_uring_init(q, &s->u, IORING_SETUP_SQE128 | IORING_SETUP_CQE32);
	if (rc)
		goto fail;
	q->priv = s;
	return 0;
fail:
	cmd_free(s);
	return rc;
}

/* Prepares the 128-byte entry of one command; -EINVAL for IO that is not whole blocks. */
static int cmd_prep(struct xb_queue *q, struct cmd_state *s, struct io_uring_sqe *sqe, const struct xb_sqe *e)
{
	struct nvme_uring_cmd *cmd = (struct nvme_uring_cmd *)sqe->cmd;
	int data = e->opcode == XB_OP_READ || e->opcode == XB_OP_WRITE;
	int rc;

	memset(sqe, 0, 2 * sizeof(*sqe));
	rc = xb_nvme_encode(cmd, &s->ns[e->file], e, xb_sqe_buf(q, e), &s->u.iov[e->slot], s->vectored,
			    &s->ranges[e->slot]);
	if (rc)
		return rc;
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->cmd_op = data && s->vectored ? NVME_URING_CMD_IO_VEC : NVME_URING_CMD_IO;
	if (data && s->u.fixedbufs) {
		sqe->uring_cmd_flags = IORING_URING_CMD_FIXED;
		sqe->buf_index = (uint16_t)e->slot;
	}
	xb_uring_target(q, &s->u, sqe, e);
	io_uring_sqe_set_data64(sqe, e->slot);
	s->result[e->slot] = e->opcode <= XB_OP_TRIM ? (int32_t)e->nbytes : 0;
	return 0;
}

/* Queues one command per submission and hands them over with one io_uring_enter(2). */
static int cmd_submit(struct xb_queue *q, const struct xb_sqe *sqes, uint32_t n)
{
	struct cmd_state *s = q->priv;
	uint32_t i, prepped = 0;
	int rc;

	for (i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&s->u.ring);

		if (!sqe)
			break;
		rc = cmd_prep(q, s, sqe, &sqes[i]);
		if (rc) {
			/* Not sent: give the entry back as a no-op and fail this IO. */
			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, sqes[i].slot);
			s->result[sqes[i].slot] = rc;
		}
		prepped++;
	}
	return xb_uring_submitted(&s->u, prepped, i);
}

/* Reaps completions: 0 is success, a positive result an NVMe status (-EIO), a negative one -errno. */
static int cmd_reap(struct xb_queue *q, struct xb_cqe *cqes, uint32_t min, uint32_t max)
{
	struct cmd_state *s = q->priv;
	int n = xb_uring_reap(&s->u, cqes, min, max);

	for (int i = 0; i < n; i++) {
		int32_t want = s->result[cqes[i].slot];

		if (want < 0)
			cqes[i].res = want; /* refused before it was sent */
		else
			cqes[i].res = cqes[i].res == 0 ? want : cqes[i].res > 0 ? -EIO : cqes[i].res;
	}
	return n;
}

static void cmd_term(struct xb_queue *q)
{
	struct cmd_state *s = q->priv;

	xb_uring_exit(&s->u);
	cmd_free(s);
}

const struct xb_mech xb_mech_io_uring_cmd = {
	.name = "io_uring_cmd",
	.caps = 0,
	.init = cmd_init,
	.submit = cmd_submit,
	.reap = cmd_reap,
	.term = cmd_term,
};
