/*
 * xb_xnvme_lib.c - loading libxnvme with dlopen and resolving the symbols
 * xbench calls. Which candidate to try, and whether a version is
 * supported, is decided in Go (library.go); this file only loads, reads
 * and resolves.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xb_xnvme.h"

static void set_why(char *why, size_t whylen, const char *fmt, const char *arg)
{
	if (why && whylen)
		snprintf(why, whylen, fmt, arg);
}

int xb_xnvme_lib_open(const char *path, struct xb_xnvme_lib **out, char *why, size_t whylen)
{
	static const char *const ver_syms[] = {"xnvme_ver_major", "xnvme_ver_minor", "xnvme_ver_patch"};
	int (*ver[3])(void);
	struct xb_xnvme_lib *lib;
	void *h;

	dlerror();
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();

		set_why(why, whylen, "%s", e ? e : "dlopen failed");
		return -ENOENT;
	}
	for (int i = 0; i < 3; i++) {
		*(void **)&ver[i] = dlsym(h, ver_syms[i]);
		if (!ver[i]) {
			set_why(why, whylen, "no symbol %s: not an xNVMe library", ver_syms[i]);
			dlclose(h);
			return -ENOENT;
		}
	}
	lib = calloc(1, sizeof(*lib));
	if (!lib) {
		dlclose(h);
		return -ENOMEM;
	}
	lib->handle = h;
	lib->major = ver[0]();
	lib->minor = ver[1]();
	lib->patch = ver[2]();
	/* main has the function xnvme_libconf_get; 0.7.x the array xnvme_libconf */
	if (dlsym(h, "xnvme_libconf_get")) {
		lib->abi = XB_XNVME_ABI_MAIN;
	} else if ((lib->libconf = dlsym(h, "xnvme_libconf"))) {
		lib->abi = XB_XNVME_ABI_07;
	}
	pthread_mutex_init(&lib->setup_lock, NULL);
	*out = lib;
	return 0;
}

/* The functions of struct xb_xnvme_fns, in order, with their symbols. */
#define FN(field, sym) {offsetof(struct xb_xnvme_fns, field), sym}
static const struct {
	size_t off;
	const char *sym;
} fn_syms[] = {
	FN(opts_set_defaults, "xnvme_opts_set_defaults"),
	FN(dev_open, "xnvme_dev_open"),
	FN(dev_close, "xnvme_dev_close"),
	FN(dev_get_geo, "xnvme_dev_get_geo"),
	FN(dev_get_ident, "xnvme_dev_get_ident"),
	FN(dev_get_opts, "xnvme_dev_get_opts"),
	FN(dev_get_ctrlr, "xnvme_dev_get_ctrlr"),
	FN(dev_get_nsid, "xnvme_dev_get_nsid"),
	FN(enumerate, "xnvme_enumerate"),
	FN(queue_init, "xnvme_queue_init"),
	FN(queue_term, "xnvme_queue_term"),
	FN(queue_set_cb, "xnvme_queue_set_cb"),
	FN(queue_poke, "xnvme_queue_poke"),
	FN(queue_get_cmd_ctx, "xnvme_queue_get_cmd_ctx"),
	FN(queue_put_cmd_ctx, "xnvme_queue_put_cmd_ctx"),
	FN(cmd_pass, "xnvme_cmd_pass"),
	FN(cmd_passv, "xnvme_cmd_passv"),
	FN(buf_alloc, "xnvme_buf_alloc"),
	FN(buf_free, "xnvme_buf_free"),
};
#undef FN

_Static_assert(sizeof(fn_syms) / sizeof(fn_syms[0]) * sizeof(void (*)(void)) ==
		       sizeof(struct xb_xnvme_fns),
	       "every function of struct xb_xnvme_fns has a symbol");

int xb_xnvme_lib_bind(struct xb_xnvme_lib *lib, char *why, size_t whylen)
{
	for (size_t i = 0; i < sizeof(fn_syms) / sizeof(fn_syms[0]); i++) {
		void *p = dlsym(lib->handle, fn_syms[i].sym);

		if (!p) {
			set_why(why, whylen, "%s", fn_syms[i].sym);
			return -ENOENT;
		}
		memcpy((char *)&lib->fn + fn_syms[i].off, &p, sizeof(p));
	}
	return 0;
}

void xb_xnvme_lib_close(struct xb_xnvme_lib *lib)
{
	if (!lib)
		return;
	pthread_mutex_destroy(&lib->setup_lock);
	dlclose(lib->handle);
	free(lib);
}
