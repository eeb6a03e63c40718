/*
 * xb_sync.c - one IO performed by a blocking system call: pread/pwrite, a
 * trim (a punched hole in a file, BLKDISCARD on a block device) and
 * fsync/fdatasync. psync performs every IO this way; the asynchronous
 * mechanisms perform their trims this way, as fio's libaio and io_uring
 * engines do (FIO_ASYNCIO_SYNC_TRIM).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "xb_mech.h"

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

int32_t xb_io_sync(const struct xb_queue *q, const struct xb_sqe *e)
{
	const struct xb_qfile *f = &q->files[e->file];
	void *buf = xb_sqe_buf(q, e);
	ssize_t n;

	do {
		switch (e->opcode) {
		case XB_OP_READ:
			n = pread(f->fd, buf, e->nbytes, (off_t)e->offset);
			break;
		case XB_OP_WRITE:
			n = pwrite(f->fd, buf, e->nbytes, (off_t)e->offset);
			break;
		case XB_OP_TRIM:
			n = xb_trim(f, e->offset, e->nbytes);
			return n < 0 ? (int32_t)n : (int32_t)e->nbytes;
		case XB_OP_FSYNC:
			n = fsync(f->fd);
			break;
		case XB_OP_FDATASYNC:
			n = fdatasync(f->fd);
			break;
		default:
			return -EINVAL;
		}
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : (int32_t)n;
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
