/*
 * xb_dev.c - opening files and block devices, and reading their geometry.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xb_mech.h"
#include "xb_nvme.h"

/* Direct-IO offset alignment of a file, or 512 when the kernel cannot say. */
static uint32_t file_dio_align(int fd)
{
	struct statx stx;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_DIOALIGN, &stx) == 0 &&
	    (stx.stx_mask & STATX_DIOALIGN) && stx.stx_dio_offset_align)
		return stx.stx_dio_offset_align;
	return 512;
}

static int read_geo(int fd, struct xb_geo *geo)
{
	struct stat st;
	int ssz;

	if (fstat(fd, &st))
		return -errno;

	if (S_ISBLK(st.st_mode)) {
		geo->kind = XB_DEV_BLOCK;
		if (ioctl(fd, BLKGETSIZE64, &geo->size))
			return -errno;
		if (ioctl(fd, BLKSSZGET, &ssz))
			return -errno;
		geo->lba_nbytes = (uint32_t)ssz;
		return 0;
	}
	if (S_ISCHR(st.st_mode)) {
		struct xb_nvme_ns ns;

		/* An NVMe namespace's generic device says its size and block size. */
		geo->kind = XB_DEV_CHAR;
		geo->size = 0;
		geo->lba_nbytes = 512;
		if (xb_nvme_ns_of_fd(fd, &ns) == 0) {
			geo->size = ns.nsze << ns.lba_shift;
			geo->lba_nbytes = 1u << ns.lba_shift;
		}
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return -EINVAL;

	geo->kind = XB_DEV_FILE;
	geo->size = (uint64_t)st.st_size;
	geo->lba_nbytes = file_dio_align(fd);
	return 0;
}

int xb_dev_open(const char *path, uint32_t flags, struct xb_dev **out)
{
	struct xb_dev *dev;
	struct stat st;
	int oflags = O_CLOEXEC;
	int rc;

	oflags |= (flags & XB_DEV_WRITE) ? O_RDWR : O_RDONLY;
	if (flags & XB_DEV_DIRECT)
		oflags |= O_DIRECT;
	/* As fio: a device's reads need not update its access time. */
	if (stat(path, &st) == 0 && (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode)))
		oflags |= O_NOATIME;

	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->flags = flags;
	dev->fd = open(path, oflags);
	if (dev->fd < 0 && errno == EPERM && (oflags & O_NOATIME))
		dev->fd = open(path, oflags & ~O_NOATIME); /* not the owner, without CAP_FOWNER */
	if (dev->fd < 0) {
		rc = -errno;
		free(dev);
		return rc;
	}
	rc = read_geo(dev->fd, &dev->geo);
	if (rc) {
		close(dev->fd);
		free(dev);
		return rc;
	}
	*out = dev;
	return 0;
}

const struct xb_geo *xb_dev_geo(const struct xb_dev *dev)
{
	return &dev->geo;
}

void xb_dev_close(struct xb_dev *dev)
{
	if (!dev)
		return;
	close(dev->fd);
	free(dev);
}
