/*
** lc.h: Linux containers in one C file (lc.c), libc and raw syscalls only.
**
** Typical use, as root:
**
**   lc_config *cfg;  lc_container *c;  lc_error err;  int status;
**   lc_config_from_oci(json, len, "/srv/bundle", &cfg, &err);  // or fill one by hand
**   lc_container_create("/run/lc", "web", cfg, &c, &err);       // state dir, no process yet
**   lc_container_run(c, &cfg->process, &err);                   // clone init, exec args
**   lc_container_wait(c, &status, 0, &err);                     // waitpid-style status
**   lc_container_destroy(c, 1, &err);                           // kill, cgroups, state
**   lc_container_free(c);  lc_config_free(cfg);
**
** Conventions.  Every call that can fail returns 0 or a negative LC_E* code
** and fills *err when err != NULL.  lc_error holds no pointers, so reporting
** works after an allocation failure.  The caller owns what it passes in; lc
** copies what it keeps.  Handles come back through out-parameters and are
** released by a matching _free that accepts NULL.  There is no global state
** besides the optional log callback (lc_set_log).
*/
#ifndef LC_H
#define LC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef LC_API
#define LC_API extern __attribute__((visibility("default")))
#endif

#define LC_VERSION "0.1.0"
#define LC_OCI_VERSION "1.2.0"  /* the runtime-spec version lc implements */

/* ------------------------------------------------------------------ */
/* Errors                                                              */

enum {
	LC_OK = 0,
	LC_ESYS = -1,         /* a syscall failed; see sys_errno              */
	LC_ECONFIG = -2,      /* config malformed or a value refused          */
	LC_ESTATE = -3,       /* not allowed in the container's current state */
	LC_EUNSUPPORTED = -4, /* compiled out (LC_NO_*) or kernel lacks it    */
	LC_ENOMEM = -5,       /* allocation failed                            */
	LC_EMISUSE = -6,      /* NULL handle, bad argument, bad container ID  */
	LC_ECHILD = -7,       /* container init failed before exec            */
	LC_ENOTFOUND = -8,    /* no such container                            */
	LC_EEXIST = -9,       /* container ID already in use                  */
	LC_ENOEXEC = -10,     /* the process's executable was not found       */
	LC_EAGAIN = -11,      /* not yet: the init is still running (NOHANG)  */
};

typedef struct lc_error {
	int code;      /* LC_E*, 0 when no error                         */
	int sys_errno; /* errno of the failing call, 0 if none           */
	char msg[240]; /* "mount proc on /proc: Permission denied"       */
} lc_error;

/* Short English text for an LC_E* code; never NULL. */
LC_API const char *lc_strerror(int code);

/* ------------------------------------------------------------------ */
/* Configuration: a plain struct.  lc_config owns every string and     */
/* array reachable from it; lc_config_free releases them with free(3)  */
/* (or the LC_FREE hook lc.c was built with).                          */

/* Namespace kinds, as bits. */
enum {
	LC_NS_MNT = 1u << 0,
	LC_NS_UTS = 1u << 1,
	LC_NS_IPC = 1u << 2,
	LC_NS_PID = 1u << 3,
	LC_NS_NET = 1u << 4,
	LC_NS_USER = 1u << 5,
	LC_NS_CGROUP = 1u << 6,
	LC_NS_TIME = 1u << 7,
};
#define LC_NS_COUNT 8

typedef struct lc_namespace {
	unsigned type; /* one LC_NS_* bit                              */
	char *path;    /* join this namespace; NULL creates a new one  */
} lc_namespace;

/* A mount, with its OCI options already split. */
typedef struct lc_mount {
	char *source;           /* may be NULL (e.g. for proc)                 */
	char *destination;      /* absolute path inside the container          */
	char *type;             /* "proc", "tmpfs", "bind", ...; may be NULL   */
	unsigned long flags;    /* MS_* flags to set (MS_RDONLY, MS_BIND, ...) */
	unsigned long clear;    /* MS_* flags an option asked to clear ("rw") */
	unsigned long propagation; /* MS_PRIVATE/MS_SHARED/... with MS_REC, 0 */
	char *data;             /* options that are not flags, comma-joined   */
} lc_mount;

typedef struct lc_rlimit {
	int resource;  /* RLIMIT_* number */
	uint64_t soft; /* RLIM_INFINITY is UINT64_MAX */
	uint64_t hard;
} lc_rlimit;

/* Capability sets as bit masks (bit N = capability number N). */
typedef struct lc_caps {
	uint64_t bounding;
	uint64_t effective;
	uint64_t permitted;
	uint64_t inheritable;
	uint64_t ambient;
} lc_caps;

typedef struct lc_device {
	char *path;         /* absolute path inside the container     */
	char type;          /* 'c', 'b', 'u' or 'p'                    */
	int64_t major;
	int64_t minor;
	uint32_t file_mode; /* permission bits; 0 means 0666           */
	uint32_t uid;
	uint32_t gid;
} lc_device;

typedef struct lc_keyval {
	char *key;
	char *value;
} lc_keyval;

/* ------------------------------------------------------------------ */
/* cgroup resources: linux.resources of the OCI spec, field by field.   */
/* Every scalar has a has_ flag: 0 leaves the kernel's value alone.     */
/* Strings and arrays are owned by the struct that holds them.          */

/* A device cgroup rule.  Rules apply in order, as writes to the v1
** devices.allow/devices.deny files would; lc appends runc's default
** allow list (null, zero, full, tty, random, urandom, ptmx, pts, tun,
** and mknod of any device) after them. */
typedef struct lc_devrule {
	int allow;          /* 1: allow, 0: deny                                */
	char type;          /* 'a' (all), 'c' or 'b'                            */
	int64_t major;      /* -1: any                                          */
	int64_t minor;      /* -1: any                                          */
	char access[4];     /* a non-empty subset of "rwm", NUL-terminated      */
} lc_devrule;

typedef struct lc_weight_device {
	int64_t major;
	int64_t minor;
	int has_weight;
	uint16_t weight;        /* 10..1000                                     */
	int has_leaf_weight;
	uint16_t leaf_weight;   /* 10..1000                                     */
} lc_weight_device;

typedef struct lc_throttle_device {
	int64_t major;
	int64_t minor;
	uint64_t rate;          /* bytes or IOs per second; 0 removes the limit */
} lc_throttle_device;

typedef struct lc_hugepage_limit {
	char *pagesize;         /* "2MB", "1GB", ...                            */
	uint64_t limit;         /* bytes                                        */
} lc_hugepage_limit;

typedef struct lc_net_priority {
	char *name;             /* interface name                               */
	uint32_t priority;
} lc_net_priority;

typedef struct lc_rdma_limit {
	char *device;           /* "mlx5_1"                                     */
	int has_hca_handles;
	uint32_t hca_handles;
	int has_hca_objects;
	uint32_t hca_objects;
} lc_rdma_limit;

typedef struct lc_res_memory {
	int has_limit;
	int64_t limit;          /* bytes; -1 unlimited                          */
	int has_reservation;
	int64_t reservation;    /* soft limit (v2: memory.low); -1 unlimited    */
	int has_swap;
	int64_t swap;           /* memory + swap, bytes (v2: minus limit); -1   */
	int has_kernel;
	int64_t kernel;         /* refused: kernels since 5.16 have no kmem limit */
	int has_kernel_tcp;
	int64_t kernel_tcp;     /* v1 memory.kmem.tcp.limit_in_bytes            */
	int has_swappiness;
	uint64_t swappiness;    /* 0..100, v1 only                              */
	int has_disable_oom_killer;
	int disable_oom_killer; /* v1 only                                      */
	int has_use_hierarchy;
	int use_hierarchy;      /* v1 only                                      */
	int has_check_before_update;
	int check_before_update; /* refuse a limit below the current usage      */
} lc_res_memory;

typedef struct lc_res_cpu {
	int has_shares;
	uint64_t shares;        /* v1 cpu.shares; v2 converted to cpu.weight    */
	int has_quota;
	int64_t quota;          /* usec per period; -1 unlimited; 0 leaves it  */
	int has_burst;
	uint64_t burst;         /* usec                                         */
	int has_period;
	uint64_t period;        /* usec; 0 leaves it                            */
	int has_realtime_runtime;
	int64_t realtime_runtime; /* usec, v1 only; 0 leaves it                 */
	int has_realtime_period;
	uint64_t realtime_period; /* usec, v1 only; 0 leaves it                 */
	char *cpus;             /* cpuset, "0-3,5"; NULL leaves it              */
	char *mems;             /* memory nodes; NULL leaves it                 */
	int has_idle;
	int64_t idle;           /* 0 or 1 (SCHED_IDLE for the group)            */
} lc_res_cpu;

typedef struct lc_res_blkio {
	int has_weight;
	uint16_t weight;        /* 10..1000; v2 io.weight is converted          */
	int has_leaf_weight;
	uint16_t leaf_weight;   /* 10..1000, v1 CFQ only                        */
	lc_weight_device *weight_device;
	size_t n_weight_device;
	lc_throttle_device *read_bps;   /* throttleReadBpsDevice                */
	size_t n_read_bps;
	lc_throttle_device *write_bps;  /* throttleWriteBpsDevice               */
	size_t n_write_bps;
	lc_throttle_device *read_iops;  /* throttleReadIOPSDevice               */
	size_t n_read_iops;
	lc_throttle_device *write_iops; /* throttleWriteIOPSDevice              */
	size_t n_write_iops;
} lc_res_blkio;

typedef struct lc_resources {
	lc_res_memory memory;
	lc_res_cpu cpu;
	int has_pids_limit;
	int64_t pids_limit;     /* > 0 the limit; 0 is written as 1; < 0 "max"  */
	lc_res_blkio blkio;
	lc_hugepage_limit *hugepage_limits;
	size_t n_hugepage_limits;
	int has_net_class_id;
	uint32_t net_class_id;  /* v1 net_cls.classid                           */
	lc_net_priority *net_priorities; /* v1 net_prio.ifpriomap               */
	size_t n_net_priorities;
	lc_rdma_limit *rdma;
	size_t n_rdma;
	lc_keyval *unified;     /* v2 only: file name -> value, written as is   */
	size_t n_unified;
	lc_devrule *devices;
	size_t n_devices;
} lc_resources;

/* Parse an OCI LinuxResources object (what `runc update -r` reads) into
** *out, which is cleared first.  Errors name the field (".memory.limit").
** Release what *out holds with lc_resources_clear. */
LC_API int lc_resources_from_oci(const char *json, size_t len, lc_resources *out,
				 lc_error *err);
/* Free what r owns and zero it; r itself is the caller's.  NULL: no-op. */
LC_API void lc_resources_clear(lc_resources *r);

/* A process to run in the container: the init (config's process) or,
** later, an additional one. */
typedef struct lc_process {
	char **args;            /* NULL-terminated; args[0] is looked up in PATH */
	char **env;             /* NULL-terminated "K=V" strings; may be NULL   */
	char *cwd;              /* absolute; NULL means "/"                     */
	uint32_t uid;
	uint32_t gid;
	uint32_t *groups;       /* additional gids                              */
	size_t n_groups;
	int umask;              /* -1: leave as inherited (0022 default applied by the OCI parser) */
	lc_rlimit *rlimits;
	size_t n_rlimits;
	int has_caps;           /* 0: keep the full set the runtime has         */
	lc_caps caps;
	int no_new_privs;
	int has_oom_score_adj;
	int oom_score_adj;
	int terminal;           /* a pty; not supported yet: refused            */
	int stdio[3];           /* fds for 0,1,2 in the caller; -1 inherits     */
} lc_process;

typedef struct lc_config {
	char *oci_version;      /* "1.2.0"                                      */
	char *bundle;           /* absolute bundle directory, may be NULL        */
	char *rootfs;           /* absolute rootfs path                          */
	int rootfs_readonly;
	lc_process process;     /* the init process                              */
	char *hostname;
	char *domainname;
	lc_mount *mounts;
	size_t n_mounts;
	unsigned namespaces;    /* LC_NS_* bits to create or join                */
	lc_namespace *ns;       /* one per bit set in namespaces (path or NULL)  */
	size_t n_ns;
	char **masked_paths;
	size_t n_masked_paths;
	char **readonly_paths;
	size_t n_readonly_paths;
	lc_device *devices;
	size_t n_devices;
	lc_keyval *sysctl;
	size_t n_sysctl;
	lc_keyval *annotations;
	size_t n_annotations;
	unsigned long rootfs_propagation; /* MS_* with MS_REC; 0: MS_REC|MS_PRIVATE */
	char *cgroups_path;     /* NULL: "/lc/<id>"                              */
	lc_resources resources; /* linux.resources: cgroup limits, device rules  */
	int no_pivot;           /* use MS_MOVE + chroot instead of pivot_root    */
} lc_config;

/* Allocate a config with the secure defaults (umask 022, no caps kept
** unless set, stdio inherited).  *out is freed with lc_config_free. */
LC_API int lc_config_new(lc_config **out, lc_error *err);

/* Parse an OCI runtime-spec config.json of len bytes.  bundle_dir, when
** given, is where a relative root.path is resolved.  Unknown fields are
** ignored; a known field of the wrong type or an invalid value fails with
** LC_ECONFIG and a message naming the field (".linux.namespaces[2].type").
** On success *out is a new config. */
LC_API int lc_config_from_oci(const char *json, size_t len, const char *bundle_dir,
			      lc_config **out, lc_error *err);

LC_API void lc_config_free(lc_config *cfg); /* NULL: no-op */

/* Capability name ("CAP_SYS_ADMIN") to number, -1 if unknown. */
LC_API int lc_cap_from_name(const char *name);
/* Capability number to name, NULL if unknown. */
LC_API const char *lc_cap_name(int cap);
/* Highest capability number lc knows. */
LC_API int lc_cap_last(void);

/* ------------------------------------------------------------------ */
/* Containers                                                          */

typedef struct lc_container lc_container; /* opaque */

typedef enum lc_status {
	LC_STATUS_CREATING = 0,
	LC_STATUS_CREATED,
	LC_STATUS_RUNNING,
	LC_STATUS_PAUSED,
	LC_STATUS_STOPPED,
} lc_status;

/* "creating", "created", "running", "paused", "stopped". */
LC_API const char *lc_status_name(lc_status s);

/* Check a container ID: [A-Za-z0-9_+.-]+, not "." or "..", at most 1024
** bytes.  Returns 0 or LC_EMISUSE. */
LC_API int lc_id_check(const char *id, lc_error *err);

/* Make ROOT/ID and remember the config (deep copy: cfg may be freed after).
** No process is started.  root NULL means the default (/run/lc for root,
** $XDG_RUNTIME_DIR/lc otherwise).  Fails with LC_EEXIST when the ID is in
** use.  On failure nothing is left behind. */
LC_API int lc_container_create(const char *root, const char *id, const lc_config *cfg,
			       lc_container **out, lc_error *err);

/* Rebuild a handle for ROOT/ID from its state.json.  LC_ENOTFOUND if there
** is no such container. */
LC_API int lc_container_load(const char *root, const char *id, lc_container **out,
			     lc_error *err);

/* Start the container's init for proc (normally &cfg->process): clone it
** into the namespaces and cgroup, build its rootfs, and leave it blocked
** before execve on ROOT/ID/exec.fifo (state "created").  Forks: the init is
** a child of the calling process, and starts with every signal unblocked
** and at its default disposition, whatever the caller's set-up.  On
** failure the container is back in its "creating" state (no process,
** cgroup or mount is left); lc_container_destroy removes its state. */
LC_API int lc_container_start(lc_container *c, const lc_process *proc, lc_error *err);

/* Let a "created" container's init execve its process.  Returns once the
** init has passed the barrier.  May be called from another process than
** the one that started it (after lc_container_load). */
LC_API int lc_container_exec(lc_container *c, lc_error *err);

/* lc_container_start then lc_container_exec. */
LC_API int lc_container_run(lc_container *c, const lc_process *proc, lc_error *err);

/* Wait for the init to exit (only in the process that started it).
** *wstatus gets a waitpid(2) status.  flags: 0 or LC_WAIT_NOHANG, with
** which the call returns LC_EAGAIN at once while the init still runs. */
#define LC_WAIT_NOHANG 1
LC_API int lc_container_wait(lc_container *c, int *wstatus, int flags, lc_error *err);

/* Send sig to the init, or with all != 0 to every process in the
** container's cgroup.  LC_ESTATE when the container is stopped. */
LC_API int lc_container_signal(lc_container *c, int sig, int all, lc_error *err);

/* Current status, worked out from the init's pid and start time, the
** exec.fifo and the freezer. */
LC_API lc_status lc_container_status(lc_container *c);

/* The OCI state as JSON, in runc's shape: ociVersion, id, pid, status,
** bundle, rootfs, created, owner, annotations (when any).  indent 0 gives
** one line; 2 gives `runc state`'s layout.  *json is a new NUL-terminated
** string the caller frees with free(3). */
LC_API int lc_container_state(lc_container *c, unsigned indent, char **json, lc_error *err);

/* Host pid of the init, 0 when there is none. */
LC_API pid_t lc_container_pid(const lc_container *c);
LC_API const char *lc_container_id(const lc_container *c);
LC_API const char *lc_container_bundle(const lc_container *c);   /* may be "" */
LC_API const char *lc_container_created(const lc_container *c);  /* RFC 3339 */
/* Owner of the state directory, as a user name or a uid string. */
LC_API const char *lc_container_owner(const lc_container *c);

/* Kill every process left (SIGKILL), remove the cgroups and ROOT/ID.
** LC_ESTATE if the container is running and force is 0. */
LC_API int lc_container_destroy(lc_container *c, int force, lc_error *err);

/* Freeze every process of the container (v1 freezer.state FROZEN, v2
** cgroup.freeze), returning once the kernel says they are frozen.  The
** container must be created or running; it is "paused" afterwards. */
LC_API int lc_container_pause(lc_container *c, lc_error *err);
/* Thaw a paused container. */
LC_API int lc_container_resume(lc_container *c, lc_error *err);

/* The host pids of every process in the container's cgroup (and its
** sub-cgroups), ascending.  *pids is a new array the caller frees with
** free(3); *n may be 0. */
LC_API int lc_container_processes(lc_container *c, pid_t **pids, size_t *n, lc_error *err);

/* Change the limits of a live container (created, running or paused).
** The fields set in r are merged into the container's resources (device
** arrays and limits by major:minor, hugepage limits by size), and the
** whole set is written again, as `runc update` does.  Device rules are
** not changed on a live container: r's devices are ignored. */
LC_API int lc_container_set(lc_container *c, const lc_resources *r, lc_error *err);

/* Statistics, a plain struct (no pointers, nothing to free).  Units:
** nanoseconds for CPU times, bytes for memory.  A counter the kernel does
** not have stays 0. */
#define LC_STATS_MAX_CPUS 256
#define LC_STATS_MAX_RAW 128
#define LC_STATS_MAX_BLKIO 64
#define LC_STATS_MAX_HUGETLB 8

typedef struct lc_stats_mem {
	uint64_t usage;
	uint64_t max;           /* peak usage                                   */
	uint64_t limit;         /* UINT64_MAX-ish kernel value when unlimited   */
	uint64_t failcnt;       /* v1 failcnt; v2 memory.events max             */
} lc_stats_mem;

typedef struct lc_stats_kv {
	char key[48];
	uint64_t value;
} lc_stats_kv;

typedef struct lc_stats_blkio {
	uint64_t major;
	uint64_t minor;
	char op[16];            /* "Read", "Write", "Sync", "Async", "Total"...  */
	uint64_t value;
} lc_stats_blkio;

typedef struct lc_stats_hugetlb {
	char pagesize[16];      /* "2MB"                                        */
	uint64_t usage;
	uint64_t max;           /* peak usage (v1)                              */
	uint64_t failcnt;
} lc_stats_hugetlb;

typedef struct lc_stats {
	uint64_t cpu_total;     /* CPU time, all CPUs                           */
	uint64_t cpu_user;
	uint64_t cpu_kernel;
	uint64_t cpu_percpu[LC_STATS_MAX_CPUS];        /* v1 cpuacct only       */
	uint64_t cpu_percpu_user[LC_STATS_MAX_CPUS];
	uint64_t cpu_percpu_kernel[LC_STATS_MAX_CPUS];
	unsigned n_cpus;        /* entries in the cpu_percpu arrays             */
	uint64_t cpu_periods;   /* CFS enforcement periods                      */
	uint64_t cpu_throttled_periods;
	uint64_t cpu_throttled_time;
	uint16_t cpuset_cpus[LC_STATS_MAX_CPUS];      /* effective cpus          */
	unsigned n_cpuset_cpus;
	uint16_t cpuset_mems[LC_STATS_MAX_CPUS];      /* effective memory nodes  */
	unsigned n_cpuset_mems;
	uint64_t cpuset_cpu_exclusive;  /* v1 cpuset flags, as runc reports them */
	uint64_t cpuset_mem_hardwall;
	uint64_t cpuset_mem_exclusive;
	uint64_t cpuset_memory_migrate;
	uint64_t cpuset_memory_spread_page;
	uint64_t cpuset_memory_spread_slab;
	uint64_t cpuset_memory_pressure;
	uint64_t cpuset_sched_load_balance;
	int64_t cpuset_sched_relax_domain_level;
	uint64_t memory_cache;
	lc_stats_mem memory;    /* memory.usage_in_bytes / memory.current ...   */
	lc_stats_mem swap;      /* v1: memory+swap; v2: swap + memory usage     */
	lc_stats_mem kernel;    /* v1 kmem                                      */
	lc_stats_mem kernel_tcp; /* v1 kmem.tcp                                 */
	uint64_t oom_kills;     /* OOM kills in the cgroup (not in runc's JSON) */
	lc_stats_kv memory_raw[LC_STATS_MAX_RAW]; /* memory.stat                 */
	unsigned n_memory_raw;
	uint64_t pids_current;
	uint64_t pids_limit;    /* 0: no limit                                  */
	lc_stats_blkio io_service_bytes[LC_STATS_MAX_BLKIO];
	unsigned n_io_service_bytes;
	lc_stats_blkio io_serviced[LC_STATS_MAX_BLKIO];
	unsigned n_io_serviced;
	lc_stats_hugetlb hugetlb[LC_STATS_MAX_HUGETLB];
	unsigned n_hugetlb;
} lc_stats;

/* Read the container's cgroup statistics into *st. */
LC_API int lc_container_stats(lc_container *c, lc_stats *st, lc_error *err);

/* st as the JSON `runc events` puts under "data" (runc's types.Stats:
** cpu, cpuset, memory, pids, blkio, hugetlb, intel_rdt,
** network_interfaces).  *json is a new string the caller frees with
** free(3). */
LC_API int lc_stats_json(const lc_stats *st, char **json, lc_error *err);

LC_API void lc_container_free(lc_container *c); /* NULL: no-op */

/* IDs of the containers under root, sorted.  *ids is a NULL-terminated
** array freed with lc_list_free. */
LC_API int lc_list(const char *root, char ***ids, size_t *n, lc_error *err);
LC_API void lc_list_free(char **ids);

/* The default state root for this caller (see lc_container_create), into
** buf.  Returns 0 or LC_EMISUSE (no XDG_RUNTIME_DIR for a non-root user). */
LC_API int lc_default_root(char *buf, size_t size, lc_error *err);

/* ------------------------------------------------------------------ */
/* Build information and logging                                       */

enum {
	LC_FEAT_SECCOMP = 1u << 0,
	LC_FEAT_NETLINK = 1u << 1,
	LC_FEAT_CRIU = 1u << 2,
	LC_FEAT_CGROUP_V1 = 1u << 3,
	LC_FEAT_CGROUP_V2 = 1u << 4,
	LC_FEAT_ERRMSG = 1u << 5,
};
LC_API unsigned lc_features(void);

enum { LC_LOG_ERROR = 0, LC_LOG_WARN = 1, LC_LOG_INFO = 2, LC_LOG_DEBUG = 3 };
typedef void (*lc_log_fn)(int level, const char *msg, void *arg);
/* Set the log callback (NULL: no logging) and the most verbose level
** passed to it.  The only global state lc has.  The callback is only
** called in the caller's process, never inside a container's init. */
LC_API void lc_set_log(lc_log_fn fn, int max_level, void *arg);

#ifdef __cplusplus
}
#endif
#endif /* LC_H */
