/*
 * xb_sync.c - IO performed by blocking system calls, shared by the sync
 * family (sync, psync, pvsync, pvsync2) and by the asynchronous mechanisms
 * for their trims, as fio's libaio and io_uring engines do
 * (FIO_ASYNCIO_SYNC_TRIM): pread/pwrite, a trim (a punched hole in a file,
 * BLKDISCARD on a block device), fsync/fdatasync, and the RWF_* flags
 * some mechanisms pass.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include "xb_mech.h"

#ifndef RWF_DONTCACHE
#define RWF_DONTCACHE 0x00000080 /* Linux 6.14: uncached buffered IO */
#endif

/* Discards [offset, offset+nbytes) of a file or block device. */
static int xb_trim(const struct xb_qfile *f, uint64_t offset, uint32_t nbytes)
{
	int rc;

	if (f->block) {
		uint64_t range[2] = {offset, nbytes};

		rc = ioctl(f->fd, BLKDISCARD, range);
	} else {
		rc = fallocate(f->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)offset,
			       (off_t)nbytes);
	}
	return rc < 0 ? -errno : 0;
}

int32_t xb_io_nondata(const struct xb_queue *q, const struct xb_sqe *e)
{
	const struct xb_qfile *f = &q->files[e->file];
	int rc;

	do {
		switch (e->opcode) {
		case XB_OP_TRIM:
			rc = xb_trim(f, e->offset, e->nbytes);
			return rc < 0 ? rc : (int32_t)e->nbytes;
		case XB_OP_FSYNC:
			rc = fsync(f->fd);
			break;
		case XB_OP_FDATASYNC:
			rc = fdatasync(f->fd);
			break;
		default:
			return -EINVAL;
		}
	} while (rc < 0 && errno == EINTR);
	return rc < 0 ? -errno : 0;
}

int32_t xb_io_sync(const struct xb_queue *q, const struct xb_sqe *e)
{
	int fd = q->files[e->file].fd;
	void *buf = xb_sqe_buf(q, e);
	ssize_t n;

	switch (e->opcode) {
	case XB_OP_READ:
		do {
			n = pread(fd, buf, e->nbytes, (off_t)e->offset);
		} while (n < 0 && errno == EINTR);
		return xb_io_result(n);
	case XB_OP_WRITE:
		do {
			n = pwrite(fd, buf, e->nbytes, (off_t)e->offset);
		} while (n < 0 && errno == EINTR);
		return xb_io_result(n);
	}
	return xb_io_nondata(q, e);
}

int xb_rwf_flags(const struct xb_queue *q, int *flags)
{
	const struct xb_engine_opts *o = &q->opts->eng;
	int want = 0;

	if (o->flags & XB_ENG_NOWAIT)
		want |= RWF_NOWAIT;
	for (uint32_t i = 0; i < q->nfiles && (o->flags & XB_ENG_UNCACHED); i++) {
		int fl = fcntl(q->files[i].fd, F_GETFL);

		if (fl >= 0 && !(fl & O_DIRECT))
			want |= RWF_DONTCACHE;
	}
	/* The kernel checks the flags before it reads, even at the end of a file. */
	for (uint32_t i = 0; i < q->nfiles && want; i++) {
		char byte;
		struct iovec iov = {.iov_base = &byte, .iov_len = 1};

		if (preadv2(q->files[i].fd, &iov, 1, 0, want) < 0 && errno == EOPNOTSUPP)
			return -EOPNOTSUPP;
	}
	*flags = want;
	return 0;
}

int xb_reap_none(struct xb_queue *q, struct xb_cqe *cqes, uint32_t min, uint32_t max)
{
	(void)q;
	(void)cqes;
	(void)min;
	(void)max;
	return 0;
}

int xb_init_none(struct xb_queue *q)
{
	(void)q;
	return 0;
}

void xb_term_none(struct xb_queue *q)
{
	(void)q;
}
