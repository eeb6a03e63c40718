/*
 * xb_nvme.c - NVMe namespaces and commands: the admin identify ioctl that
 * learns a namespace's block size and size, and the encoding of reads,
 * writes, flushes and trims (Dataset Management) as NVMe I/O commands.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include "xb_nvme.h"

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int xb_nvme_id_ns_parse(const uint8_t *id, uint32_t nsid, struct xb_nvme_ns *ns)
{
	uint8_t flbas = id[XB_NVME_ID_FLBAS];
	/* NVMe 2.0: with more than 16 formats, bits 6:5 are the index's high bits. */
	unsigned fmt = (flbas & 0x0f) | (id[XB_NVME_ID_NLBAF] >= 16 ? ((flbas >> 5) & 0x3) << 4 : 0);
	const uint8_t *lbaf = id + XB_NVME_ID_LBAF + 4 * fmt;

	memset(ns, 0, sizeof(*ns));
	ns->nsid = nsid;
	ns->nsze = le64(id + XB_NVME_ID_NSZE);
	ns->ms = (uint32_t)lbaf[0] | (uint32_t)lbaf[1] << 8;
	ns->lba_shift = lbaf[2];
	ns->extended = !!(flbas & 0x10);
	/* LBADS is at least 9 (512 bytes) when the format is in use. */
	return ns->lba_shift < 9 || ns->lba_shift > 30 ? -EINVAL : 0;
}

int xb_nvme_ns_of_fd(int fd, struct xb_nvme_ns *ns)
{
	uint8_t *id;
	int nsid, rc;

	nsid = ioctl(fd, NVME_IOCTL_ID);
	if (nsid < 0)
		return -errno;
	if (posix_memalign((void **)&id, 4096, XB_NVME_IDENTIFY_BYTES))
		return -ENOMEM;
	memset(id, 0, XB_NVME_IDENTIFY_BYTES);
	struct nvme_passthru_cmd cmd = {
		.opcode = XB_NVME_ADMIN_IDENTIFY,
		.nsid = (uint32_t)nsid,
		.addr = (uint64_t)(uintptr_t)id,
		.data_len = XB_NVME_IDENTIFY_BYTES,
		.cdw10 = 0, /* CNS 0: Identify Namespace; CSI 0 (NVM) in cdw11 */
	};
	rc = ioctl(fd, NVME_IOCTL_ADMIN_CMD, &cmd);
	if (rc < 0)
		rc = -errno;
	else if (rc > 0)
		rc = -EIO; /* an NVMe status */
	else
		rc = xb_nvme_id_ns_parse(id, (uint32_t)nsid, ns);
	free(id);
	return rc;
}

int xb_nvme_ns_info(const char *path, struct xb_nvme_ns *ns)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -errno;
	rc = xb_nvme_ns_of_fd(fd, ns);
	close(fd);
	return rc;
}

int xb_nvme_encode(struct nvme_uring_cmd *cmd, const struct xb_nvme_ns *ns, const struct xb_sqe *e, void *buf,
		   struct iovec *iov, int vectored, struct xb_nvme_dsm_range *range)
{
	uint64_t mask = (1ull << ns->lba_shift) - 1, slba = e->offset >> ns->lba_shift;
	uint64_t nlb = (uint64_t)e->nbytes >> ns->lba_shift;

	memset(cmd, 0, sizeof(*cmd));
	cmd->nsid = ns->nsid;
	if (e->opcode == XB_OP_FSYNC || e->opcode == XB_OP_FDATASYNC) {
		cmd->opcode = XB_NVME_FLUSH;
		return 0;
	}
	if ((e->offset & mask) || (e->nbytes & mask) || !nlb)
		return -EINVAL;
	switch (e->opcode) {
	case XB_OP_READ:
	case XB_OP_WRITE:
		if (nlb > 65536)
			return -EINVAL;
		cmd->opcode = e->opcode == XB_OP_READ ? XB_NVME_READ : XB_NVME_WRITE;
		cmd->cdw10 = (uint32_t)slba;         /* SLBA, bits 31:0 */
		cmd->cdw11 = (uint32_t)(slba >> 32); /* SLBA, bits 63:32 */
		cmd->cdw12 = (uint32_t)(nlb - 1);    /* NLB, 0's based, bits 15:0 */
		if (vectored) {
			iov->iov_base = buf;
			iov->iov_len = e->nbytes;
			cmd->addr = (uint64_t)(uintptr_t)iov;
			cmd->data_len = 1; /* iovecs */
		} else {
			cmd->addr = (uint64_t)(uintptr_t)buf;
			cmd->data_len = e->nbytes;
		}
		return 0;
	case XB_OP_TRIM:
		range->cattr = 0;
		range->nlb = (uint32_t)nlb;
		range->slba = slba;
		cmd->opcode = XB_NVME_DSM;
		cmd->cdw10 = 0;      /* NR: one range, 0's based */
		cmd->cdw11 = 1u << 2; /* AD: deallocate */
		cmd->addr = (uint64_t)(uintptr_t)range;
		cmd->data_len = sizeof(*range);
		return 0;
	}
	return -EINVAL;
}
