/*
 * xb_nvme.h - NVMe namespaces and commands for the io_uring_cmd mechanism:
 * a namespace's identity read with the admin identify ioctl, and the NVMe
 * I/O commands (NVM command set) that carry xbench's submissions.
 */
#ifndef XB_NVME_H
#define XB_NVME_H

#include <stddef.h>
#include <stdint.h>
#include <linux/nvme_ioctl.h>
#include <sys/uio.h>

#include "xb.h"

/* NVMe opcodes (NVM Command Set specification, "I/O Commands"). */
enum xb_nvme_opcode {
	XB_NVME_FLUSH = 0x00,
	XB_NVME_WRITE = 0x01,
	XB_NVME_READ = 0x02,
	XB_NVME_DSM = 0x09, /* Dataset Management: deallocate is a trim */
	XB_NVME_ADMIN_IDENTIFY = 0x06,
};

/* The size of an Identify data structure, and where its fields lie (NVM Command Set, Identify Namespace). */
#define XB_NVME_IDENTIFY_BYTES 4096
#define XB_NVME_ID_NSZE 0    /* namespace size in logical blocks, 64 bits */
#define XB_NVME_ID_NLBAF 25  /* number of LBA formats, 0's based */
#define XB_NVME_ID_FLBAS 26  /* formatted LBA size: format index, extended-LBA bit 4 */
#define XB_NVME_ID_LBAF 128  /* LBA formats, 4 bytes each: MS (16 bits), LBADS (8), RP (8) */

/* A namespace of an NVMe generic character device (/dev/ngXnY). */
struct xb_nvme_ns {
	uint64_t nsze;      /* size in logical blocks */
	uint32_t nsid;      /* namespace id */
	uint32_t lba_shift; /* log2 of the logical block size */
	uint32_t ms;        /* metadata bytes per logical block */
	uint32_t extended;  /* metadata interleaved with the data (extended LBA) */
};

/* One Dataset Management range (16 bytes): the trim of a DSM command. */
struct xb_nvme_dsm_range {
	uint32_t cattr; /* context attributes */
	uint32_t nlb;   /* length in logical blocks (not 0's based) */
	uint64_t slba;  /* starting LBA */
};

_Static_assert(sizeof(struct nvme_uring_cmd) == 72, "nvme_uring_cmd layout");
_Static_assert(offsetof(struct nvme_uring_cmd, nsid) == 4, "nvme_uring_cmd.nsid");
_Static_assert(offsetof(struct nvme_uring_cmd, addr) == 24, "nvme_uring_cmd.addr");
_Static_assert(offsetof(struct nvme_uring_cmd, data_len) == 36, "nvme_uring_cmd.data_len");
_Static_assert(offsetof(struct nvme_uring_cmd, cdw10) == 40, "nvme_uring_cmd.cdw10");
_Static_assert(sizeof(struct xb_nvme_dsm_range) == 16, "DSM range layout");

/* Reads the namespace of the NVMe generic device at path: NVME_IOCTL_ID, then Identify Namespace. */
int xb_nvme_ns_info(const char *path, struct xb_nvme_ns *ns);
/* The namespace of an open NVMe generic device. */
int xb_nvme_ns_of_fd(int fd, struct xb_nvme_ns *ns);
/* Reads the fields of an Identify Namespace data structure (4096 bytes); -EINVAL for a bad block size. */
int xb_nvme_id_ns_parse(const uint8_t *id, uint32_t nsid, struct xb_nvme_ns *ns);

/*
 * Builds the NVMe command of a submission in cmd: a read or write of the
 * logical blocks its bytes cover, from buf (through iov, with vectored
 * set: iov is filled and the command carries one iovec), a flush for the
 * syncs, a Dataset Management deallocate of one range (filled in range)
 * for a trim. -EINVAL when the offset or length is not whole blocks or
 * covers more than 65536 blocks.
 */
int xb_nvme_encode(struct nvme_uring_cmd *cmd, const struct xb_nvme_ns *ns, const struct xb_sqe *e, void *buf,
		   struct iovec *iov, int vectored, struct xb_nvme_dsm_range *range);

#endif /* XB_NVME_H */
