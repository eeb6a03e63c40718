/*
 * xb_xnvme.h - xbench's binding to libxnvme, loaded at run time.
 *
 * xb_xnvme_lib_open() dlopens one candidate library and reads its version
 * and ABI; xb_xnvme_lib_bind() resolves the functions xbench calls, after
 * the caller (Go) has decided that the version is supported. A bound
 * library opens devices (xb_xnvme_dev_info, xb_xnvme_enumerate) and backs
 * the "xnvme" queue mechanism (xb_mech_xnvme.c), which takes it through
 * struct xb_xnvme_opts in struct xb_queue_opts.
 *
 * Functions return 0 (or a count) on success and -errno on failure.
 */
#ifndef XB_XNVME_H
#define XB_XNVME_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "xb_xnvme_abi.h"

/* Which ABI a library has, told apart by its symbols. */
enum xb_xnvme_abi {
	XB_XNVME_ABI_UNKNOWN = 0, /* neither libconf symbol */
	XB_XNVME_ABI_07 = 1,      /* xnvme_libconf is a data array: v0.7.x */
	XB_XNVME_ABI_MAIN = 2,    /* xnvme_libconf_get exists: the main branch */
};

/* A loaded libxnvme. */
struct xb_xnvme_lib {
	void *handle; /* from dlopen */
	int major, minor, patch;
	int abi;                   /* enum xb_xnvme_abi */
	const char *const *libconf; /* xnvme_libconf entries (0.7.x), NULL-terminated */
	struct xb_xnvme_fns fn;     /* valid after xb_xnvme_lib_bind() */
	/*
	 * Serialises opening and closing devices and queues, as fio's xnvme
	 * engine does: some backends set up process-wide state there.
	 */
	pthread_mutex_t setup_lock;
};

/*
 * Opens the library at path (a file, or a bare name for the system search
 * path) and reads its version. On failure, why holds dlerror() or the
 * missing symbol.
 */
int xb_xnvme_lib_open(const char *path, struct xb_xnvme_lib **lib, char *why, size_t whylen);
/*
 * Resolves every function xbench calls. On failure (-ENOENT), why names
 * the first missing symbol.
 */
int xb_xnvme_lib_bind(struct xb_xnvme_lib *lib, char *why, size_t whylen);
/* Unloads a library that was refused. */
void xb_xnvme_lib_close(struct xb_xnvme_lib *lib);

/* How to open a device: fio's xnvme engine options, and the open flags. */
struct xb_xnvme_opts {
	struct xb_xnvme_lib *lib;
	const char *be;    /* xnvme_be: NULL lets the library choose */
	const char *mem;   /* xnvme_mem */
	const char *sync;  /* xnvme_sync */
	const char *async; /* xnvme_async */
	const char *admin; /* xnvme_admin */
	uint32_t nsid;     /* xnvme_dev_nsid: 0 keeps the library's default */
	uint8_t write;     /* open for writing as well as reading */
	uint8_t direct;    /* O_DIRECT */
	uint8_t poll_io;   /* hipri */
	uint8_t poll_sq;   /* sqthread_poll */
	uint8_t iovec;     /* xnvme_iovec: vectored commands */
	uint8_t rsvd[3];
};

#define XB_XNVME_NAME_LEN 24

/* What a device is and what the library chose for it. */
struct xb_xnvme_info {
	struct xnvme_geo geo;
	struct xnvme_ident ident;
	char be[XB_XNVME_NAME_LEN];
	char mem[XB_XNVME_NAME_LEN];
	char sync[XB_XNVME_NAME_LEN];
	char async[XB_XNVME_NAME_LEN];
	char admin[XB_XNVME_NAME_LEN];
	uint32_t nsid;   /* xnvme_dev_get_nsid() */
	uint8_t direct;  /* O_DIRECT as actually used: the Linux backend may drop it */
	uint8_t rsvd[3];
	char serial[21]; /* from Identify Controller, NUL-terminated, blanks trimmed */
	char model[41];
	char firmware[9];
	uint8_t rsvd2[1];
};

/* Fills xnvme_opts from o, on top of the library's defaults. */
void xb_xnvme_opts_fill(const struct xb_xnvme_opts *o, union xnvme_opts_buf *buf);
/* Reads what the library says about an open device. */
void xb_xnvme_info_read(const struct xb_xnvme_lib *lib, const void *dev, struct xb_xnvme_info *info);
/* Opens uri, reads its info and closes it again. */
int xb_xnvme_dev_info(const struct xb_xnvme_opts *o, const char *uri, struct xb_xnvme_info *info);
/*
 * Lists the devices xnvme_enumerate() finds, at most max of them, into
 * out; *count gets how many were found (possibly more than max).
 */
int xb_xnvme_enumerate(const struct xb_xnvme_opts *o, struct xb_xnvme_info *out, uint32_t max,
		       uint32_t *count);

struct xb_queue;
/* What the device of an xnvme queue is, and what the library chose for it. */
int xb_queue_xnvme_info(const struct xb_queue *q, struct xb_xnvme_info *info);

#endif /* XB_XNVME_H */
