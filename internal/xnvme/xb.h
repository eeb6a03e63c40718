/*
 * xb.h - xbench's queue layer: devices, queues and the batch cycle.
 *
 * The API follows xNVMe's split: a device is an open file or block device,
 * a queue is one thread's IO context on it, driven by one mechanism (null,
 * psync, libaio, io_uring). Go crosses into C once per batch through
 * xb_queue_cycle(): it fills submission entries in the queue's C-owned
 * array, and C submits them, reaps completions into the completion array
 * and stamps both edges of the batch. C never calls back into Go.
 *
 * Every function that can fail returns 0 (or a count) on success and
 * -errno on failure.
 */
#ifndef XB_H
#define XB_H

#include <stddef.h>
#include <stdint.h>

/*
 * IO operations carried by struct xb_sqe. A trim discards the range: a hole
 * punched in a file (fallocate PUNCH_HOLE|KEEP_SIZE), BLKDISCARD on a block
 * device. The syncs flush the whole file; they ignore offset and nbytes and
 * complete with res 0.
 */
enum xb_op {
	XB_OP_READ = 0,
	XB_OP_WRITE = 1,
	XB_OP_TRIM = 2,
	XB_OP_FSYNC = 3,
	XB_OP_FDATASYNC = 4,
};

/*
 * One IO to submit, filled by Go. The slot names the IO's buffer and comes
 * back in its completion; a slot is in flight at most once. The file indexes
 * the devices the queue was created on.
 */
struct xb_sqe {
	uint64_t offset; /* byte offset in the file */
	uint32_t nbytes; /* transfer length in bytes */
	uint32_t slot;   /* buffer slot, below the queue depth */
	uint8_t opcode;  /* enum xb_op */
	uint8_t rsvd0;
	uint16_t file;   /* index into the queue's devices */
	uint32_t buf_off; /* where the transfer starts in the slot's buffer: the rest of a short IO */
};

/*
 * One completed IO, filled by C. Timestamps are CLOCK_MONOTONIC
 * nanoseconds taken at batch edges: every IO of one submit call shares
 * t_submit and t_issued, every completion of one reap shares the cycle's
 * t_reap (struct xb_cycle), which is also its t_done. In a serial run
 * (xb_queue_serial) each IO has its own edges.
 */
struct xb_cqe {
	int32_t res;       /* bytes transferred, or -errno */
	uint32_t slot;     /* the slot of the submission */
	uint64_t t_submit; /* when the submit call that carried the IO began */
	uint64_t t_issued; /* when it returned; equals t_submit for sync mechanisms */
	uint64_t t_done;   /* when the reap that found its completion returned */
};

/* What one xb_queue_cycle() did. */
struct xb_cycle {
	uint32_t submitted; /* entries taken from the front of the submission array */
	uint32_t completed; /* entries written to the completion array */
	uint64_t t_reap;    /* when the reap returned: the completion time of this cycle's IOs */
};

/* Layout pinned for the Go mirror (internal/xnvme/types.go). */
_Static_assert(sizeof(struct xb_sqe) == 24, "xb_sqe layout");
_Static_assert(offsetof(struct xb_sqe, nbytes) == 8, "xb_sqe.nbytes");
_Static_assert(offsetof(struct xb_sqe, slot) == 12, "xb_sqe.slot");
_Static_assert(offsetof(struct xb_sqe, opcode) == 16, "xb_sqe.opcode");
_Static_assert(offsetof(struct xb_sqe, file) == 18, "xb_sqe.file");
_Static_assert(offsetof(struct xb_sqe, buf_off) == 20, "xb_sqe.buf_off");
_Static_assert(sizeof(struct xb_cqe) == 32, "xb_cqe layout");
_Static_assert(offsetof(struct xb_cqe, slot) == 4, "xb_cqe.slot");
_Static_assert(offsetof(struct xb_cqe, t_submit) == 8, "xb_cqe.t_submit");
_Static_assert(offsetof(struct xb_cqe, t_issued) == 16, "xb_cqe.t_issued");
_Static_assert(offsetof(struct xb_cqe, t_done) == 24, "xb_cqe.t_done");
_Static_assert(sizeof(struct xb_cycle) == 16, "xb_cycle layout");

/* Flags for xb_dev_open(). */
#define XB_DEV_WRITE (1u << 0)  /* open for writing as well as reading */
#define XB_DEV_DIRECT (1u << 1) /* O_DIRECT */

/* Kinds of device. */
enum xb_dev_kind {
	XB_DEV_FILE = 0,
	XB_DEV_BLOCK = 1,
	XB_DEV_CHAR = 2,
};

/* What xb_dev_open() learned about the device. */
struct xb_geo {
	uint64_t size;       /* bytes: st_size, BLKGETSIZE64 for a block device, the namespace's for NVMe */
	uint32_t lba_nbytes; /* logical block size: BLKSSZGET, the NVMe LBA format's, or a file's direct-IO alignment */
	uint32_t kind;       /* enum xb_dev_kind */
};

struct xb_dev;
struct xb_queue;

/* Opens path (an existing file or device) and reads its geometry. */
int xb_dev_open(const char *path, uint32_t flags, struct xb_dev **dev);
/* The geometry read at open. */
const struct xb_geo *xb_dev_geo(const struct xb_dev *dev);
void xb_dev_close(struct xb_dev *dev);

struct xb_xnvme_opts;
struct xb_fault_opts;

/*
 * Engine options (fio's engine-specific options), for the mechanisms that
 * take them; the others ignore them. Zero means fio's default throughout.
 */
#define XB_ENG_FIXEDBUFS (1u << 0)      /* io_uring(_cmd): registered buffers */
#define XB_ENG_REGFILES (1u << 1)       /* io_uring(_cmd): registered files */
#define XB_ENG_SQPOLL (1u << 2)         /* io_uring(_cmd): SQ polling thread */
#define XB_ENG_HIPRI (1u << 3)          /* io_uring(_cmd): IOPOLL; pvsync2: RWF_HIPRI */
#define XB_ENG_VECTORED (1u << 4)       /* io_uring: READV/WRITEV (nonvectored=0) */
#define XB_ENG_NONVECTORED (1u << 5)    /* io_uring: READ/WRITE, not probed (nonvectored=1) */
#define XB_ENG_NOWAIT (1u << 6)         /* RWF_NOWAIT */
#define XB_ENG_UNCACHED (1u << 7)       /* RWF_DONTCACHE on buffered IO */
#define XB_ENG_USERSPACE_REAP (1u << 8) /* libaio: read the AIO ring when not waiting */

struct xb_engine_opts {
	uint32_t flags;       /* XB_ENG_* */
	int32_t sqpoll_cpu;   /* the SQ thread's CPU, or -1 */
	uint32_t force_async; /* io_uring(_cmd): IOSQE_ASYNC every N requests; 0 never */
	uint32_t hipri_pct;   /* pvsync2: percent of IOs with RWF_HIPRI; 0 means 100 */
};

/* Options for xb_queue_init(). */
struct xb_queue_opts {
	const char *mech;     /* mechanism name: one of xb_mech_names() */
	uint32_t depth;       /* IOs in flight at most; also the number of buffer slots */
	uint32_t buf_nbytes;  /* bytes per buffer slot */
	uint32_t buf_align;   /* buffer alignment, a power of two */
	uint32_t fill;        /* fill buffers with pseudo-random bytes, for writes */
	uint32_t submit_max;  /* IOs per submit call at most (fio's iodepth_batch_submit); 0: depth */
	uint32_t reap_max;    /* completions per reap at most (iodepth_batch_complete_max); 0: depth */
	uint32_t serial;      /* at depth 1 on a synchronous mechanism: buffer slots and entries for xb_queue_serial */
	struct xb_engine_opts eng; /* the mechanism's own options */
	/* For a mechanism that opens its own device (XB_CAP_URI): */
	const char *uri;                    /* the device, such as /dev/nvme0n1 or 2GB */
	const struct xb_xnvme_opts *xnvme;  /* the xnvme mechanism's library and options */
	const struct xb_fault_opts *fault;  /* the xbench-fault test mechanism's faults */
};

/* Mechanism capabilities, from xb_queue_caps(). */
#define XB_CAP_SYNC (1u << 0)     /* IO completes inside submit: no slat */
#define XB_CAP_DISKLESS (1u << 1) /* needs no device */
#define XB_CAP_URI (1u << 2)      /* opens its own device from opts->uri, and its buffers */

/*
 * Creates a queue on the ndevs devices of devs (none for a diskless
 * mechanism, and for one that opens its own device from opts->uri); a
 * submission's file indexes them. Must be called on the thread that will
 * drive the queue. The devices must outlive the queue.
 */
int xb_queue_init(struct xb_dev *const *devs, uint32_t ndevs, const struct xb_queue_opts *opts,
		  struct xb_queue **q);
void xb_queue_term(struct xb_queue *q);

/* The queue's arrays, depth entries each, and its cycle result. */
struct xb_sqe *xb_queue_sq(struct xb_queue *q);
struct xb_cqe *xb_queue_cq(struct xb_queue *q);
const struct xb_cycle *xb_queue_result(const struct xb_queue *q);
uint32_t xb_queue_caps(const struct xb_queue *q);
/* The buffer of a slot, for tests and verification. */
void *xb_queue_buf(struct xb_queue *q, uint32_t slot);

/*
 * One batch: submits the first nsq entries of the submission array, in
 * submit calls of at most submit_max entries each (each call stamped on its
 * own), then reaps at least min_cq (but never more than are in flight) and
 * at most reap_max completions into the completion array. The result is in
 * xb_queue_result(). Entries that were not submitted (a full device queue)
 * stay for the caller to resubmit. A submission naming a file the queue does
 * not have fails the cycle with -EINVAL before anything is submitted.
 */
int xb_queue_cycle(struct xb_queue *q, uint32_t nsq, uint32_t min_cq);

/*
 * The number of buffer slots and of entries in the submission and
 * completion arrays: the depth, or the serial option of a queue of depth 1
 * whose mechanism completes its IOs inside submit.
 */
uint32_t xb_queue_slots(const struct xb_queue *q);

/*
 * A serial run, for a queue of depth 1 whose mechanism completes inside
 * submit (xb_queue_slots above 1): performs the first nsq entries one after
 * another, one IO in flight at a time, each in its own submit call stamped
 * on its own: an IO's t_submit is when its call began, its t_issued the
 * same (no submission latency), its t_done when the call returned, which is
 * also the next IO's t_submit. The run stops after an IO that transferred
 * other than nbytes (an error or a short IO), and once an IO completes at
 * or after until; the entries not performed stay for the caller. Every IO
 * performed is completed: submitted and completed are equal, and t_reap is
 * the last t_done. -EOPNOTSUPP for another queue.
 */
int xb_queue_serial(struct xb_queue *q, uint32_t nsq, uint64_t until);

/*
 * The faults of the xbench-fault mechanism, a test mechanism: it performs
 * each IO with a blocking system call, as psync does, then completes it
 * asynchronously after delay_ns, so that any depth can be in flight. The
 * faults apply to the operations whose bit (1 << XB_OP_*) is set in ops.
 */
struct xb_fault_opts {
	const uint64_t *fail;       /* an IO covering one of these byte offsets fails ... */
	uint32_t nfail;
	uint32_t every;             /* ... and so does every Nth IO (0: none) ... */
	int32_t err;                /* ... with -err, without being performed */
	uint32_t short_nbytes;      /* the bytes a short IO transfers (0: half its length) */
	const uint64_t *short_at;   /* an IO starting at one of these offsets completes short */
	uint32_t nshort;
	uint32_t nflip;
	const uint64_t *flip;       /* a read covering one of these offsets gets that byte's low bit flipped */
	uint64_t delay_ns;          /* every completion is held this long */
	uint32_t ops;
	uint32_t rsvd;
};

/* What the xbench-fault mechanism injected. */
struct xb_fault_counts {
	uint64_t failed;  /* IOs failed with -err */
	uint64_t shorts;  /* IOs completed short */
	uint64_t flipped; /* bits flipped in read data */
	uint64_t ios;     /* IOs submitted */
};

/* What a queue's xbench-fault mechanism injected so far; -ENOTSUP for another mechanism. */
int xb_queue_fault_counts(const struct xb_queue *q, struct xb_fault_counts *out);

/* Names of the mechanisms built in, NULL-terminated. */
const char *const *xb_mech_names(void);
/* The XB_CAP_* of a mechanism, or -ENOENT for an unknown name. */
int xb_mech_caps(const char *name);

/* What the kernel's io_uring offers, from xb_uring_probe(). */
#define XB_URING_MAX_OPS 256
struct xb_uring_features {
	uint32_t features;             /* IORING_FEAT_* from io_uring_setup's params */
	uint32_t setup;                /* the IORING_SETUP_* flags probed that the kernel accepts */
	uint8_t ops[XB_URING_MAX_OPS]; /* per IORING_OP_*: 1 when IORING_REGISTER_PROBE says supported */
};
/* Sets up a few small rings to learn what io_uring offers; -errno when it has none. */
int xb_uring_probe(struct xb_uring_features *f);

/* Sets up and destroys a one-entry AIO context: -errno when Linux AIO is unavailable. */
int xb_aio_probe(void);

/*
 * CLOCK_MONOTONIC in nanoseconds: the clock of every timestamp above, read
 * from the invariant TSC where the kernel keeps time with it (xb_clock.c).
 * xb_now's reading is never taken before the instructions ahead of it
 * have run; xb_now_early's may be taken a little early, which only
 * suits the start of an interval.
 */
uint64_t xb_now(void);
uint64_t xb_now_early(void);

/* Which clock xb_now reads. */
struct xb_clock_info {
	uint32_t tsc;    /* 1: the TSC, calibrated against CLOCK_MONOTONIC; 0: clock_gettime */
	uint32_t rsvd;
	uint64_t tsc_hz; /* the TSC's calibrated rate, when it is the clock */
};
void xb_clock_info(struct xb_clock_info *out);
/* Sleeps for ns nanoseconds (clock_nanosleep), returning early on a signal. */
void xb_sleep(uint64_t ns);

#endif /* XB_H */
