/*
 * libxnvme_standin.c - a stand-in for libxnvme, for tests on machines
 * without xNVMe. It is xbench's own code: the functions xbench calls, with
 * xNVMe v0.7.x's signatures and struct layouts, written down here
 * independently of the binding's declarations (xb_xnvme_abi.h) so that
 * each checks the other. Devices live in memory.
 *
 * This file holds the version, the build configuration, buffers and
 * devices; standin_queue.c the queues; standin.h the layouts. Built by the
 * tests with the system C compiler (testutil.StandInXNVMe):
 *
 *   cc -shared -fPIC -o libxnvme.so *.c [-D...]
 *
 *   -DSTANDIN_MINOR=N -DSTANDIN_PATCH=N  the version (default 0.7.5)
 *   -DSTANDIN_MAIN_ABI                   the main branch's libconf API
 *   -DSTANDIN_OMIT_POKE                  leave out xnvme_queue_poke
 *
 * A URI is a size, "<N>GB" (as xNVMe's ramdisk) or "<N>MB", optionally
 * followed by stand-in options: "?busy=K" makes xnvme_cmd_pass return
 * -EBUSY with K commands outstanding, "?eio=K" fails every K-th command
 * with EIO, "?lba=N" sets the block size, "?nodirect" drops O_DIRECT as
 * the Linux backend does when the O_DIRECT open fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "standin.h"

#ifndef STANDIN_MINOR
#define STANDIN_MINOR 7
#endif
#ifndef STANDIN_PATCH
#define STANDIN_PATCH 5
#endif

/* ---- Version and build configuration ---- */

int xnvme_ver_major(void) { return 0; }
int xnvme_ver_minor(void) { return STANDIN_MINOR; }
int xnvme_ver_patch(void) { return STANDIN_PATCH; }

#define LIBCONF_ENTRIES                                                                            \
	{"conf: XBENCH_STANDIN", "conf: XNVME_BE_RAMDISK_ENABLED",                                 \
	 "conf: XNVME_BE_CBI_ASYNC_NIL_ENABLED", NULL}

#ifdef STANDIN_MAIN_ABI
/* The main branch replaced the array with a function returning a struct. */
struct xnvme_libconf {
	const char **entries;
};
static const char *libconf_entries[] = LIBCONF_ENTRIES;
static struct xnvme_libconf g_libconf = {libconf_entries};
const struct xnvme_libconf *xnvme_libconf_get(void) { return &g_libconf; }
#else
/* v0.7.x: extern const char *xnvme_libconf[] */
const char *xnvme_libconf[] = LIBCONF_ENTRIES;
#endif

void xnvme_opts_set_defaults(struct xnvme_opts *opts)
{
	opts->rdwr = 1;
	opts->nsid = 1;
	opts->admin_timeout = 60000000;
	opts->command_timeout = 30000000;
	opts->create_mode = 0600;
}

/* ---- Buffers: remembered, so that commands can insist on them ---- */

#define MAX_BUFS 4096
static struct {
	char *p;
	size_t n;
} bufs[MAX_BUFS];

void *xnvme_buf_alloc(const void *dev, size_t nbytes)
{
	size_t n = (nbytes + 4095) & ~(size_t)4095;

	(void)dev;
	for (int i = 0; i < MAX_BUFS; i++) {
		if (!bufs[i].p) {
			bufs[i].p = aligned_alloc(4096, n ? n : 4096);
			bufs[i].n = nbytes;
			return bufs[i].p;
		}
	}
	errno = ENOMEM;
	return NULL;
}

void xnvme_buf_free(const void *dev, void *buf)
{
	(void)dev;
	for (int i = 0; i < MAX_BUFS; i++) {
		if (buf && bufs[i].p == buf) {
			free(buf);
			bufs[i].p = NULL;
		}
	}
}

int standin_is_buf(const char *p, size_t n)
{
	for (int i = 0; i < MAX_BUFS; i++)
		if (bufs[i].p && p >= bufs[i].p && p + n <= bufs[i].p + bufs[i].n)
			return 1;
	return 0;
}

/* ---- Devices ---- */


static int parse_uri(const char *uri, uint64_t *size, uint32_t *lba, uint32_t *busy, uint32_t *eio,
		     int *nodirect)
{
	char *end;
	unsigned long long n = strtoull(uri, &end, 10);
	const char *q;

	if (end == uri || n == 0)
		return -1;
	if (!strncmp(end, "GB", 2))
		*size = n << 30;
	else if (!strncmp(end, "MB", 2))
		*size = n << 20;
	else
		return -1;
	q = end + 2;
	if (*q && *q != '?')
		return -1;
	for (q = strchr(q, '?'); q && *q; q = strchr(q, '&')) {
		q++;
		if (!strncmp(q, "busy=", 5))
			*busy = (uint32_t)atoi(q + 5);
		else if (!strncmp(q, "eio=", 4))
			*eio = (uint32_t)atoi(q + 4);
		else if (!strncmp(q, "lba=", 4))
			*lba = (uint32_t)atoi(q + 4);
		else if (!strncmp(q, "nodirect", 8))
			*nodirect = 1;
		else
			return -1;
	}
	return 0;
}

static const char *or_default(const char *v, const char *def) { return v ? v : def; }

struct xnvme_dev *xnvme_dev_open(const char *uri, struct xnvme_opts *opts)
{
	uint64_t size = 0;
	uint32_t lba = 512, busy = 0, eio = 0;
	int nodirect = 0;
	struct xnvme_dev *dev;
	const char *async = or_default(opts->async, "thrpool");

	if (parse_uri(uri, &size, &lba, &busy, &eio, &nodirect) || (lba & (lba - 1)) || lba < 512) {
		errno = ENXIO; /* no backend takes it */
		return NULL;
	}
	if ((opts->be && strcmp(opts->be, "ramdisk")) ||
	    (strcmp(async, "thrpool") && strcmp(async, "emu") && strcmp(async, "nil"))) {
		errno = ENXIO;
		return NULL;
	}
	dev = calloc(1, sizeof(*dev));
	if (!dev || !(dev->mem = calloc(1, size))) {
		free(dev);
		errno = ENOMEM;
		return NULL;
	}
	dev->busy = busy;
	dev->eio = eio;
	dev->opts = *opts;
	dev->opts.be = "ramdisk";
	dev->opts.async = strcmp(async, "thrpool") ? (strcmp(async, "emu") ? "nil" : "emu") : "thrpool";
	dev->opts.sync = "ramdisk";
	dev->opts.admin = "ramdisk_as_ns";
	dev->opts.mem = "posix";
	if (nodirect)
		dev->opts.direct = 0;

	dev->geo.type = 1; /* conventional */
	dev->geo.npugrp = dev->geo.npunit = dev->geo.nzone = 1;
	dev->geo.nbytes = lba;
	dev->geo.lba_nbytes = lba;
	dev->geo.tbytes = size;
	dev->geo.nsect = size / lba;
	while ((1u << dev->geo.ssw) < lba)
		dev->geo.ssw++;
	dev->geo.mdts_nbytes = 1 << 20;

	snprintf(dev->ident.uri, sizeof(dev->ident.uri), "%s", uri);
	dev->ident.dtype = 5; /* ramdisk */
	dev->ident.nsid = 1;
	memcpy(dev->ctrlr + 4, "STANDIN0001         ", 20);
	memcpy(dev->ctrlr + 24, "xbench stand-in libxnvme                ", 40);
	memcpy(dev->ctrlr + 64, "0.7.5   ", 8);
	return dev;
}

void xnvme_dev_close(struct xnvme_dev *dev)
{
	if (!dev)
		return;
	free(dev->mem);
	free(dev);
}

const struct xnvme_geo *xnvme_dev_get_geo(const struct xnvme_dev *dev) { return &dev->geo; }
const struct xnvme_ident *xnvme_dev_get_ident(const struct xnvme_dev *dev) { return &dev->ident; }
const struct xnvme_opts *xnvme_dev_get_opts(const struct xnvme_dev *dev) { return &dev->opts; }
const void *xnvme_dev_get_ctrlr(const struct xnvme_dev *dev) { return dev->ctrlr; }
uint32_t xnvme_dev_get_nsid(const struct xnvme_dev *dev) { return dev->ident.nsid; }

typedef int (*xnvme_enumerate_cb)(struct xnvme_dev *dev, void *cb_args);

int xnvme_enumerate(const char *sys_uri, struct xnvme_opts *opts, xnvme_enumerate_cb cb, void *cb_args)
{
	static const char *const uris[] = {"8MB", "16MB"};

	if (sys_uri)
		return -ENOSYS;
	for (size_t i = 0; i < sizeof(uris) / sizeof(uris[0]); i++) {
		struct xnvme_dev *dev = xnvme_dev_open(uris[i], opts);

		if (!dev)
			return -errno;
		if (cb(dev, cb_args))
			xnvme_dev_close(dev);
	}
	return 0;
}

