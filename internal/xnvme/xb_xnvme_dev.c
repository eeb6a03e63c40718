/*
 * xb_xnvme_dev.c - opening devices through libxnvme: the options, what the
 * library reports about a device, and enumeration. The callback of
 * xnvme_enumerate stays in C and fills an array; nothing calls Go.
 */
#include <errno.h>
#include <string.h>

#include "xb_xnvme.h"

void xb_xnvme_opts_fill(const struct xb_xnvme_opts *o, union xnvme_opts_buf *buf)
{
	struct xnvme_opts *opts = &buf->opts;

	memset(buf, 0, sizeof(*buf));
	o->lib->fn.opts_set_defaults(opts);
	opts->be = o->be;
	opts->mem = o->mem;
	opts->sync = o->sync;
	opts->async = o->async;
	opts->admin = o->admin;
	if (o->nsid)
		opts->nsid = o->nsid;
	/* The defaults open read-write; a job that only reads opens read-only. */
	opts->rdonly = !o->write;
	opts->wronly = 0;
	opts->rdwr = !!o->write;
	opts->direct = o->direct;
	opts->poll_io = o->poll_io;
	opts->poll_sq = o->poll_sq;
}

/* Copies an ASCII field of fixed width, trimming the blanks NVMe pads with. */
static void copy_ascii(char *dst, const unsigned char *src, size_t n)
{
	while (n && (src[n - 1] == ' ' || src[n - 1] == 0))
		n--;
	for (size_t i = 0; i < n; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
	dst[n] = 0;
}

static void copy_name(char *dst, const char *src)
{
	if (!src) {
		dst[0] = 0;
		return;
	}
	strncpy(dst, src, XB_XNVME_NAME_LEN - 1);
	dst[XB_XNVME_NAME_LEN - 1] = 0;
}

void xb_xnvme_info_read(const struct xb_xnvme_lib *lib, const void *dev, struct xb_xnvme_info *info)
{
	const struct xnvme_opts *used = lib->fn.dev_get_opts(dev);
	const struct xnvme_geo *geo = lib->fn.dev_get_geo(dev);
	const struct xnvme_ident *ident = lib->fn.dev_get_ident(dev);
	const unsigned char *ctrlr = lib->fn.dev_get_ctrlr(dev);

	memset(info, 0, sizeof(*info));
	if (geo)
		info->geo = *geo;
	if (ident)
		info->ident = *ident;
	if (used) {
		copy_name(info->be, used->be);
		copy_name(info->mem, used->mem);
		copy_name(info->sync, used->sync);
		copy_name(info->async, used->async);
		copy_name(info->admin, used->admin);
		info->direct = used->direct;
	}
	info->nsid = lib->fn.dev_get_nsid(dev);
	if (ctrlr) {
		copy_ascii(info->serial, ctrlr + XNVME_IDFY_CTRLR_SN, 20);
		copy_ascii(info->model, ctrlr + XNVME_IDFY_CTRLR_MN, 40);
		copy_ascii(info->firmware, ctrlr + XNVME_IDFY_CTRLR_FR, 8);
	}
}

int xb_xnvme_dev_info(const struct xb_xnvme_opts *o, const char *uri, struct xb_xnvme_info *info)
{
	struct xb_xnvme_lib *lib = o->lib;
	union xnvme_opts_buf buf;
	void *dev;
	int rc = 0;

	if (!lib || !lib->fn.dev_open)
		return -ENOSYS;
	xb_xnvme_opts_fill(o, &buf);
	pthread_mutex_lock(&lib->setup_lock);
	errno = 0;
	dev = lib->fn.dev_open(uri, &buf.opts);
	if (!dev) {
		rc = errno ? -errno : -ENODEV;
	} else {
		xb_xnvme_info_read(lib, dev, info);
		lib->fn.dev_close(dev);
	}
	pthread_mutex_unlock(&lib->setup_lock);
	return rc;
}

struct enum_state {
	const struct xb_xnvme_lib *lib;
	struct xb_xnvme_info *out;
	uint32_t max, count;
};

static int enum_cb(void *dev, void *arg)
{
	struct enum_state *s = arg;

	if (s->count < s->max)
		xb_xnvme_info_read(s->lib, dev, &s->out[s->count]);
	s->count++;
	return XNVME_ENUMERATE_DEV_CLOSE;
}

int xb_xnvme_enumerate(const struct xb_xnvme_opts *o, struct xb_xnvme_info *out, uint32_t max,
		       uint32_t *count)
{
	struct xb_xnvme_lib *lib = o->lib;
	struct enum_state s = {.lib = lib, .out = out, .max = max};
	union xnvme_opts_buf buf;
	int rc;

	if (!lib || !lib->fn.enumerate)
		return -ENOSYS;
	xb_xnvme_opts_fill(o, &buf);
	pthread_mutex_lock(&lib->setup_lock);
	rc = lib->fn.enumerate(NULL, &buf.opts, enum_cb, &s);
	pthread_mutex_unlock(&lib->setup_lock);
	*count = s.count;
	return rc < 0 ? rc : 0;
}
