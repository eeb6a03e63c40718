/*
 * xb_clock.c - the clock of every timestamp: CLOCK_MONOTONIC nanoseconds,
 * read from the CPU's time stamp counter where that is safe, as fio's
 * clocksource=cpu does.
 *
 * The TSC is used when it is invariant (constant_tsc and nonstop_tsc in
 * /proc/cpuinfo: it ticks at one rate whatever the CPU's frequency and
 * sleep state) and the kernel itself keeps time with it (its clocksource is
 * tsc, so the kernel found it synchronised across CPUs). Its rate is then
 * calibrated once per process against CLOCK_MONOTONIC, and a reading is
 * converted to CLOCK_MONOTONIC nanoseconds from that calibration. Otherwise
 * every reading is a clock_gettime(CLOCK_MONOTONIC).
 *
 * The calibration is set up once, on the first reading, and never changes
 * afterwards: the process has one clock, as it has one CLOCK_MONOTONIC.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "xb.h"

#if defined(__x86_64__)
#include <x86intrin.h>
#define XB_HAVE_TSC 1
#endif

/* The TSC's calibration: ns = base_ns + ((tsc - base_tsc) * mult) >> 32. */
struct xb_tsc_clock {
	int on;            /* the TSC is the clock */
	uint64_t base_tsc; /* a reading of the TSC ... */
	uint64_t base_ns;  /* ... and CLOCK_MONOTONIC at the same moment */
	uint64_t mult;     /* nanoseconds per tick, times 2^32 */
	uint64_t hz;       /* ticks per second, for xb_clock_info */
};

static struct xb_tsc_clock tsc_clock;
static pthread_once_t tsc_once = PTHREAD_ONCE_INIT;
static int tsc_ready; /* set once tsc_clock is final */

static uint64_t mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#ifdef XB_HAVE_TSC
/* Reports whether the first line of path starting with key contains every word of want. */
static int file_has(const char *path, const char *key, const char *const *want, int nwant)
{
	char line[8192];
	FILE *f = fopen(path, "re");
	int ok = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, strlen(key)))
			continue;
		ok = 1;
		for (int i = 0; i < nwant && ok; i++) {
			char word[64];

			snprintf(word, sizeof(word), " %s", want[i]);
			ok = strstr(line, word) != NULL;
		}
		break;
	}
	fclose(f);
	return ok;
}

/* Reports whether the TSC can stand for CLOCK_MONOTONIC. */
static int tsc_trusted(void)
{
	static const char *const flags[] = {"constant_tsc", "nonstop_tsc"};
	char line[64] = " ";
	FILE *f;

	if (!file_has("/proc/cpuinfo", "flags", flags, 2))
		return 0;
	f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "re");
	if (!f)
		return 0;
	if (!fgets(line + 1, sizeof(line) - 1, f))
		line[1] = 0;
	fclose(f);
	return !strcmp(line, " tsc\n");
}

/*
 * Reads the TSC and CLOCK_MONOTONIC at (nearly) the same moment: the
 * narrowest of a few TSC readings around a clock_gettime.
 */
static void tsc_pair(uint64_t *tsc, uint64_t *ns)
{
	uint64_t best = ~0ull;

	for (int i = 0; i < 16; i++) {
		uint64_t a = __rdtsc(), m = mono_now(), b = __rdtsc();

		if (b > a && b - a < best) {
			best = b - a;
			*tsc = a + (b - a) / 2;
			*ns = m;
		}
	}
}

/* Calibrates the TSC against CLOCK_MONOTONIC over a few milliseconds. */
static void tsc_setup(void)
{
	const struct timespec wait = {.tv_sec = 0, .tv_nsec = 4000000};
	uint64_t t0, n0, t1, n1;

	if (!tsc_trusted())
		return;
	tsc_pair(&t0, &n0);
	nanosleep(&wait, NULL);
	tsc_pair(&t1, &n1);
	if (t1 <= t0 || n1 <= n0 + 1000000)
		return;
	tsc_clock.hz = (uint64_t)((unsigned __int128)(t1 - t0) * 1000000000ull / (n1 - n0));
	/* Only a plausible rate: between 100 MHz and 20 GHz. */
	if (tsc_clock.hz < 100000000ull || tsc_clock.hz > 20000000000ull)
		return;
	tsc_clock.mult = (uint64_t)(((unsigned __int128)(n1 - n0) << 32) / (t1 - t0));
	tsc_clock.base_tsc = t1;
	tsc_clock.base_ns = n1;
	tsc_clock.on = 1;
}
#else
static void tsc_setup(void) {}
#endif

static void clock_setup(void)
{
	tsc_setup();
	__atomic_store_n(&tsc_ready, 1, __ATOMIC_RELEASE);
}

static inline void clock_ready(void)
{
	if (__builtin_expect(!__atomic_load_n(&tsc_ready, __ATOMIC_ACQUIRE), 0))
		pthread_once(&tsc_once, clock_setup);
}

#ifdef XB_HAVE_TSC
static inline uint64_t tsc_ns(uint64_t tsc)
{
	/* A reading taken just before the base (on another CPU) counts as the base. */
	if (tsc < tsc_clock.base_tsc)
		return tsc_clock.base_ns;
	return tsc_clock.base_ns + (uint64_t)(((unsigned __int128)(tsc - tsc_clock.base_tsc) * tsc_clock.mult) >> 32);
}
#endif

uint64_t xb_now(void)
{
	clock_ready();
#ifdef XB_HAVE_TSC
	if (tsc_clock.on) {
		/*
		 * lfence keeps the reading from running ahead of the loads
		 * before it: a completion's stamp is never taken before the
		 * reap that found it has finished reading the ring.
		 */
		_mm_lfence();
		return tsc_ns(__rdtsc());
	}
#endif
	return mono_now();
}

uint64_t xb_now_early(void)
{
	clock_ready();
#ifdef XB_HAVE_TSC
	if (tsc_clock.on)
		return tsc_ns(__rdtsc());
#endif
	return mono_now();
}

void xb_clock_info(struct xb_clock_info *out)
{
	clock_ready();
	out->tsc = (uint32_t)tsc_clock.on;
	out->rsvd = 0;
	out->tsc_hz = tsc_clock.hz;
}
