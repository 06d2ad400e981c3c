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

#include <stdarg.h>
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

/* snprintf and vsnprintf for what lc and runner print, without libc's
** printf (a static build is 9 KiB smaller): flags '-' and '0', a width
** (digits or '*'), a precision (digits or '*') for %s only, lengths l, ll
** and z, and conversions d i u x X c s %%.  No floating point.  Returns
** the length of the whole text; writes at most size - 1 bytes and a NUL. */
LC_API int lc_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
LC_API int lc_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* strtoull(s, end, 10) and strtoll(s, end, 10) (white space, a sign,
** ERANGE on overflow) without libc's scanner for every base. */
LC_API unsigned long long lc_strtoull(const char *s, char **end);
LC_API long long lc_strtoll(const char *s, char **end);

/* sec since the epoch as RFC 3339 in UTC, "2006-01-02T15:04:05Z", with
** nine digits of nsec before the Z when nsec >= 0 (runc's "created").
** Returns the length as lc_snprintf does; 36 bytes are always enough. */
LC_API int lc_time_rfc3339(char *buf, size_t size, long long sec, long nsec);

/* The wall-clock time (CLOCK_REALTIME) in seconds since the epoch, and
** its nanoseconds in *nsec when nsec is not NULL.  A raw syscall: a static
** binary that takes its time from here links no vDSO lookup. */
LC_API long long lc_time_now(long *nsec);

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

/* One range of a user namespace's id map (OCI LinuxIDMapping): ids
** container_id .. container_id+size-1 inside are host_id .. host_id+size-1
** outside.  For an idmapped mount, container_id is the id on the source
** filesystem and host_id the id it shows as (in the host's terms). */
typedef struct lc_idmap {
	uint32_t container_id;
	uint32_t host_id;
	uint32_t size;  /* at least 1 */
} lc_idmap;
#define LC_MAX_IDMAPS 340 /* the kernel's limit of lines in one uid_map */

/* Recursive mount attributes (OCI "rro", "rnosuid", ...): the kernel's
** MOUNT_ATTR_* bits, applied with mount_setattr(AT_RECURSIVE). */
enum {
	LC_MOUNT_ATTR_RDONLY = 0x1,
	LC_MOUNT_ATTR_NOSUID = 0x2,
	LC_MOUNT_ATTR_NODEV = 0x4,
	LC_MOUNT_ATTR_NOEXEC = 0x8,
	LC_MOUNT_ATTR_ATIME = 0x70,       /* mask of the three atime modes */
	LC_MOUNT_ATTR_RELATIME = 0x0,
	LC_MOUNT_ATTR_NOATIME = 0x10,
	LC_MOUNT_ATTR_STRICTATIME = 0x20,
	LC_MOUNT_ATTR_NODIRATIME = 0x80,
};

/* A mount, with its OCI options already split. */
typedef struct lc_mount {
	char *source;           /* may be NULL (e.g. for proc)                 */
	char *destination;      /* absolute path inside the container          */
	char *type;             /* "proc", "tmpfs", "bind", ...; may be NULL   */
	unsigned long flags;    /* MS_* flags to set (MS_RDONLY, MS_BIND, ...) */
	unsigned long clear;    /* MS_* flags an option asked to clear ("rw") */
	unsigned long propagation; /* MS_PRIVATE/MS_SHARED/... with MS_REC, 0 */
	char *data;             /* options that are not flags, comma-joined   */
	uint64_t attr_set;      /* LC_MOUNT_ATTR_* to set on the whole tree    */
	uint64_t attr_clr;      /* LC_MOUNT_ATTR_* to clear ("rrw", "rsuid")   */
	int attr_atime;         /* an r*atime option was given: attr_set's
				** atime bits replace the mount's           */
	lc_idmap *uid_mappings; /* idmapped bind mount (OCI 1.1): both or none */
	size_t n_uid_mappings;
	lc_idmap *gid_mappings;
	size_t n_gid_mappings;
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

/* Networking (like libcontainer's Networks and Routes).  Every network,
** route and netDevice needs a NEW network namespace in the config (not one
** joined by path): lc owns the interfaces it makes and removes them.  Host
** side means the network namespace of the process calling
** lc_container_start; lc_container_destroy undoes the host side only when
** it is called from that same namespace.  Names are interface names:
** 1-15 bytes, no '/', ':' or white space, not "." or "..". */
typedef enum lc_net_type {
	LC_NET_LOOPBACK = 1, /* "lo": brought up, addresses added           */
	LC_NET_VETH,         /* a veth pair: one end on the host, the peer in
			      * the container under name                    */
	LC_NET_MACVLAN,      /* a macvlan on the host interface parent      */
	LC_NET_IPVLAN,       /* an ipvlan on the host interface parent      */
} lc_net_type;

/* lc_network.mode.  0 is each type's default (macvlan bridge, ipvlan l2). */
enum {
	LC_NET_MODE_DEFAULT = 0,
	LC_NET_MODE_BRIDGE,   /* macvlan */
	LC_NET_MODE_PRIVATE,  /* macvlan */
	LC_NET_MODE_VEPA,     /* macvlan */
	LC_NET_MODE_PASSTHRU, /* macvlan */
	LC_NET_MODE_L2,       /* ipvlan  */
	LC_NET_MODE_L3,       /* ipvlan  */
	LC_NET_MODE_L3S,      /* ipvlan  */
};

typedef struct lc_network {
	lc_net_type type;
	char *name;          /* interface name in the container ("eth0"; "lo")  */
	char *host_name;     /* veth: host-side name; NULL: "lc<pid>-<index>"   */
	char *bridge;        /* veth: existing host bridge to attach to, or NULL */
	char *parent;        /* macvlan/ipvlan: the host interface they sit on   */
	int mode;            /* LC_NET_MODE_*                                    */
	char *mac;           /* "02:00:0a:00:00:02" or NULL (veth, macvlan)      */
	unsigned mtu;        /* 0: the kernel's default                          */
	unsigned txqueuelen; /* 0: the kernel's default                          */
	int hairpin;         /* veth with a bridge: hairpin mode on its port     */
	char **addresses;    /* "10.0.0.2/24", "fd00::2/64": n_addresses of them  */
	size_t n_addresses;
	char *gateway;       /* IPv4 default route through this interface, or NULL */
	char *gateway6;      /* IPv6 default route through this interface, or NULL */
} lc_network;

/* A route added in the container after every interface is up. */
typedef struct lc_route {
	char *destination;   /* "10.1.0.0/16", "fd01::/64" or "default"         */
	char *source;        /* preferred source address, or NULL               */
	char *gateway;       /* next hop, or NULL for a route on the link        */
	char *interface;     /* container interface name, or NULL               */
} lc_route;

/* OCI linux.netDevices: an existing host interface moved into the
** container under name (NULL: its host name; a "%d" in it lets the kernel
** pick a free number).  Its permanent global addresses go with it and it
** is brought up.  lc_container_destroy gives it back to the host side
** under its old name, with its addresses, up if it was up (to keep that
** possible after the init exits, lc pins the container's network
** namespace at ROOT/ID/netns until destroy).  See README for how this
** differs from runtime-spec 1.2. */
typedef struct lc_netdev {
	char *host_name;     /* interface in the host-side namespace            */
	char *name;          /* name in the container, or NULL                   */
} lc_netdev;

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
/* OCI hooks (config.json "hooks"): programs lc runs at six points of a
** container's life, each with the container's OCI state (the JSON of
** lc_container_state, in runc's shape) on its stdin and its stdout and
** stderr captured (the start of the output goes into the error message of
** a failing hook).  Kinds, in the order they run:
**   LC_HOOK_PRESTART         deprecated in OCI; runs with CREATE_RUNTIME
**   LC_HOOK_CREATE_RUNTIME   lc_container_start, in the caller's namespaces,
**                            after the init's mounts, before its pivot_root;
**                            status "creating", pid the init's
**   LC_HOOK_CREATE_CONTAINER the init runs it in the container's namespaces
**                            (path looked up in the caller's mount tree, as
**                            it is before pivot_root); "creating"
**   LC_HOOK_START_CONTAINER  the init runs it in the container, after
**                            lc_container_exec released it, right before
**                            execve (path looked up in the container); "created"
**   LC_HOOK_POSTSTART        lc_container_exec, in the caller's namespaces,
**                            once the process has execve'd; "running"
**   LC_HOOK_POSTSTOP         lc_container_destroy, in the caller's
**                            namespaces, after the container is gone; "stopped"
** A hook fails when it exits non-zero, is killed, or outlives its timeout
** (then its whole process group gets SIGKILL).  A failing hook of the
** first four kinds fails the call (the container is stopped: start is
** undone, or the init exits); a failing poststart or poststop hook is
** logged at LC_LOG_WARN and the rest go on, as runtime-spec 1.2 says
** (1.3 made a failing poststart stop the container).  The process running
** the hook waits for it: for the two kinds the init runs, so does the
** call that is waiting on the init.  Hooks are kept with the container
** only through its config.json (cfg->oci_json): a handle from
** lc_container_load has them when the config came from
** lc_config_from_oci. */
enum {
	LC_HOOK_PRESTART = 0,
	LC_HOOK_CREATE_RUNTIME,
	LC_HOOK_CREATE_CONTAINER,
	LC_HOOK_START_CONTAINER,
	LC_HOOK_POSTSTART,
	LC_HOOK_POSTSTOP,
};
#define LC_HOOK_KINDS 6

typedef struct lc_hook {
	char *path;   /* absolute: execve(2)'s path, no PATH search       */
	char **args;  /* NULL-terminated argv, args[0] included; NULL: {path} */
	char **env;   /* NULL-terminated "K=V"; NULL: an empty environment */
	int timeout;  /* seconds; 0: none                                 */
} lc_hook;

/* process.scheduler: sched_setattr(2) before execve.  Policies and
** flags are the kernel's numbers (SCHED_* of <sched.h>, SCHED_FLAG_* of
** <linux/sched.h>); these name them for callers without those headers. */
enum {
	LC_SCHED_OTHER = 0,
	LC_SCHED_FIFO = 1,
	LC_SCHED_RR = 2,
	LC_SCHED_BATCH = 3,
	LC_SCHED_IDLE = 5,
	LC_SCHED_DEADLINE = 6,
};
enum {
	LC_SCHED_FLAG_RESET_ON_FORK = 0x01,
	LC_SCHED_FLAG_RECLAIM = 0x02,
	LC_SCHED_FLAG_DL_OVERRUN = 0x04,
	LC_SCHED_FLAG_KEEP_POLICY = 0x08,
	LC_SCHED_FLAG_KEEP_PARAMS = 0x10,
	LC_SCHED_FLAG_UTIL_CLAMP_MIN = 0x20,
	LC_SCHED_FLAG_UTIL_CLAMP_MAX = 0x40,
};

typedef struct lc_sched {
	int policy;         /* LC_SCHED_*                                    */
	int nice;           /* -20..19; OTHER and BATCH                      */
	int priority;       /* 1..99 for FIFO and RR, else 0                 */
	uint64_t flags;     /* LC_SCHED_FLAG_* bits                          */
	uint64_t runtime;   /* DEADLINE only, in ns: runtime <= deadline     */
	uint64_t deadline;  /*   <= period (0: period = deadline)            */
	uint64_t period;
} lc_sched;

/* process.ioPriority classes: the kernel's IOPRIO_CLASS_* numbers. */
enum {
	LC_IOPRIO_CLASS_RT = 1,
	LC_IOPRIO_CLASS_BE = 2,
	LC_IOPRIO_CLASS_IDLE = 3,
};

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
	int terminal;           /* a pty made inside the container: its slave is
				** the process's stdio and controlling tty, its
				** master goes to console_socket or, without
				** one, to lc_container_take_console()       */
	unsigned short console_height;  /* consoleSize; 0: leave as it is     */
	unsigned short console_width;
	int console_socket;     /* a connected AF_UNIX socket, or -1: the master
				** is sent over it with SCM_RIGHTS (runc's
				** --console-socket protocol) and not kept    */
	int stdio[3];           /* fds for 0,1,2 in the caller; -1 inherits     */
	int preserve_fds;       /* the caller's fds 3..3+N-1 stay open in the
				** process (runc's --preserve-fds); every other
				** fd above 2 is closed before execve         */
	char *apparmor_profile; /* AppArmor profile the execve enters, or NULL;
				** refused (LC_EUNSUPPORTED) where the host
				** has AppArmor off                           */
	char *selinux_label;    /* SELinux label for the execve, or NULL;
				** refused where the host has no SELinux      */
	int has_scheduler;      /* apply sched with sched_setattr(2)          */
	lc_sched sched;
	int has_io_priority;    /* apply ioprio_set(2) with these:            */
	int io_priority_class;  /* LC_IOPRIO_CLASS_*                          */
	int io_priority;        /* 0 (highest) .. 7                           */
	char *cpus_initial;     /* process.execCPUAffinity: CPU lists such as
				** "0-3,7", or NULL.  Only for processes of
				** lc_container_spawn (which takes the
				** config's when the process has neither):
				** initial is set before the process is put
				** in the cgroup, final after, before execve.
				** A process with neither, the init included,
				** is reset to every CPU its cpuset allows
				** before execve, so that a caller pinned with
				** taskset does not pin the container (runc's
				** rule); with only initial the kernel decides
				** (joining a v1 cpuset resets it).          */
	char *cpus_final;
} lc_process;

/* Seccomp: a filter the init loads right before execve (see lc_seccomp).
** Actions, the SCMP_ACT_* names of runtime-spec; 0 is "not set". */
enum {
	LC_SECCOMP_ACT_KILL_THREAD = 1, /* SCMP_ACT_KILL, SCMP_ACT_KILL_THREAD    */
	LC_SECCOMP_ACT_KILL_PROCESS,    /* SCMP_ACT_KILL_PROCESS                  */
	LC_SECCOMP_ACT_TRAP,            /* SCMP_ACT_TRAP: SIGSYS                  */
	LC_SECCOMP_ACT_ERRNO,           /* SCMP_ACT_ERRNO: fail with errno_ret    */
	LC_SECCOMP_ACT_TRACE,           /* SCMP_ACT_TRACE: ptracer gets errno_ret */
	LC_SECCOMP_ACT_ALLOW,           /* SCMP_ACT_ALLOW                         */
	LC_SECCOMP_ACT_LOG,             /* SCMP_ACT_LOG: allow and audit-log      */
	LC_SECCOMP_ACT_NOTIFY,          /* SCMP_ACT_NOTIFY: ask the seccomp agent */
};

/* Argument comparisons (SCMP_CMP_*), unsigned and on all 64 bits. */
enum {
	LC_SECCOMP_CMP_NE = 1,
	LC_SECCOMP_CMP_LT,
	LC_SECCOMP_CMP_LE,
	LC_SECCOMP_CMP_EQ,
	LC_SECCOMP_CMP_GE,
	LC_SECCOMP_CMP_GT,
	LC_SECCOMP_CMP_MASKED_EQ, /* (arg & value) == value_two */
};

/* Filter flags: the kernel's SECCOMP_FILTER_FLAG_* bits. */
enum {
	LC_SECCOMP_FLAG_TSYNC = 1u << 0,
	LC_SECCOMP_FLAG_LOG = 1u << 1,
	LC_SECCOMP_FLAG_SPEC_ALLOW = 1u << 2,
	LC_SECCOMP_FLAG_NEW_LISTENER = 1u << 3, /* implied by any NOTIFY action */
	LC_SECCOMP_FLAG_TSYNC_ESRCH = 1u << 4,
	LC_SECCOMP_FLAG_WAIT_KILLABLE_RECV = 1u << 5,
};

typedef struct lc_seccomp_arg {
	unsigned index;     /* the syscall's argument number, 0..5             */
	uint64_t value;
	uint64_t value_two; /* LC_SECCOMP_CMP_MASKED_EQ only                    */
	int op;             /* LC_SECCOMP_CMP_*                                 */
} lc_seccomp_arg;

/* One rule: for each of its syscalls, when every arg comparison holds
** (an AND; none: always), the action is taken.  Rules are tried in order
** and the first that matches a call decides; calls no rule matches get
** the default action.  (libseccomp, under runc, lets a rule without
** comparisons win wherever it stands, and ORs comparisons of one arg.) */
typedef struct lc_seccomp_rule {
	char **names;           /* syscall names; one unknown on the build's
				** architecture is skipped with a warning    */
	size_t n_names;
	int *numbers;           /* and/or syscall numbers of that architecture */
	size_t n_numbers;
	int action;             /* LC_SECCOMP_ACT_*                            */
	int has_errno_ret;      /* ERRNO, TRACE: 0 means EPERM                 */
	uint32_t errno_ret;     /* 0..65535 (the kernel caps an errno at 4095) */
	lc_seccomp_arg *args;
	size_t n_args;
} lc_seccomp_rule;

/* linux.seccomp.  The filter checks the architecture first: only the one
** lc.c was built for (x86_64: "SCMP_ARCH_X86_64") has a syscall table, so
** every syscall of another one, listed or not (x86_64: i386 through
** int 0x80, x32 with __X32_SYSCALL_BIT), kills the process, as for an
** architecture missing from a libseccomp filter. */
typedef struct lc_seccomp {
	int default_action;         /* LC_SECCOMP_ACT_*; required             */
	int has_default_errno_ret;  /* as in lc_seccomp_rule                  */
	uint32_t default_errno_ret;
	char **architectures;       /* "SCMP_ARCH_*" names, checked; may be NULL */
	size_t n_architectures;
	unsigned flags;             /* LC_SECCOMP_FLAG_*                       */
	char *listener_path;        /* NOTIFY: unix socket of the seccomp agent */
	char *listener_metadata;    /* opaque text for the agent; may be NULL  */
	lc_seccomp_rule *rules;
	size_t n_rules;
} lc_seccomp;

/* linux.timeOffsets: one clock's offset in a new time namespace. */
typedef struct lc_time_offset {
	int64_t secs;
	uint32_t nanosecs; /* below 1000000000 */
} lc_time_offset;

/* linux.personality: the execution domain and its flags, as the
** persona argument of personality(2). */
enum {
	LC_PER_LINUX = 0x0000,
	LC_PER_LINUX32 = 0x0008,
};

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
	lc_seccomp *seccomp;    /* NULL: no filter; an LC_NO_SECCOMP build refuses one */
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
	char *oci_json;         /* the config.json text it came from, or NULL;
				** kept in ROOT/ID so lc_container_load in
				** another process gets the whole config back   */
	size_t oci_json_len;
	lc_network *networks;   /* set up in this order, see lc_network          */
	size_t n_networks;
	lc_route *routes;       /* added in this order, after the networks       */
	size_t n_routes;
	lc_netdev *net_devices; /* OCI linux.netDevices                          */
	size_t n_net_devices;
	lc_idmap *uid_mappings; /* a new user namespace's maps (both required   */
	size_t n_uid_mappings;  /* with one, none with a joined namespace); a   */
	lc_idmap *gid_mappings; /* non-root caller that asks for more than its  */
	size_t n_gid_mappings;  /* own id goes through newuidmap/newgidmap      */
	lc_hook *hooks[LC_HOOK_KINDS];  /* per LC_HOOK_* kind, in run order  */
	size_t n_hooks[LC_HOOK_KINDS];
	char *mount_label;      /* SELinux context= of the container's own
				** filesystem mounts (not binds, proc, sysfs,
				** mqueue, cgroup), or NULL; refused where
				** the host has no SELinux                    */
	int has_personality;    /* personality(2) for every process in it:   */
	unsigned long personality; /* LC_PER_LINUX or LC_PER_LINUX32, ORed
				** with flags (ADDR_NO_RANDOMIZE, ...)        */
	int has_time_offsets;   /* write these in the new time namespace     */
	lc_time_offset time_monotonic; /* (one is required with offsets)    */
	lc_time_offset time_boottime;
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

/* Parse an OCI "process" object (runc exec's process.json) into a new
** lc_process, with the same rules and messages as lc_config_from_oci. */
LC_API int lc_process_from_oci(const char *json, size_t len, lc_process **out,
			       lc_error *err);
/* A deep copy of src, e.g. a container's process to change for an exec. */
LC_API int lc_process_dup(const lc_process *src, lc_process **out, lc_error *err);
LC_API void lc_process_free(lc_process *p); /* NULL: no-op */

/* Add the networks and routes described by cfg->annotations to
** cfg->networks and cfg->routes: lc's extension to OCI, which other
** runtimes ignore.  lc_config_from_oci calls it; call it yourself after
** filling annotations by hand.  One annotation per interface, keyed by
** its name in the container, and one per route (added in the order of N):
**
**   "org.lc.net.NAME":  "TYPE OPTION..."   TYPE: veth macvlan ipvlan loopback
**       host=IFNAME     veth: host-side name (default lc<pid>-<index>)
**       bridge=IFNAME   veth: attach the host side to this existing bridge
**       hairpin         veth with bridge: hairpin mode on the bridge port
**       parent=IFNAME   macvlan, ipvlan: the host interface (required)
**       mode=MODE       macvlan: bridge (default) private vepa passthru;
**                       ipvlan: l2 (default) l3 l3s
**       addr=CIDR       an IPv4 or IPv6 address with prefix; repeatable
**       gw=IP           default route (IPv4 or IPv6; one of each at most)
**       mac=MAC mtu=N txqueuelen=N
**   "org.lc.route.N":   "dst=CIDR|default [via=IP] [src=IP] [dev=IFNAME]"
**
** e.g. "org.lc.net.eth0": "veth host=lcv0 bridge=br0 addr=10.0.0.2/24 gw=10.0.0.1".
** Other annotations are left alone.  A malformed one fails with
** LC_ECONFIG and a message that starts with its key. */
LC_API int lc_config_networks_from_annotations(lc_config *cfg, lc_error *err);

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
** $XDG_RUNTIME_DIR/lc otherwise): the state is then on whatever /run is,
** a tmpfs on most systems; on a board whose /run is not one, mount a tmpfs
** there or pass a root on a tmpfs, so that no state outlives a reboot (a
** root that is not on a tmpfs is said in the debug log).  root may also be
** LC_ROOT_NONE, below.  Fails with LC_EEXIST when the ID is in use.  On
** failure nothing is left behind. */
LC_API int lc_container_create(const char *root, const char *id, const lc_config *cfg,
			       lc_container **out, lc_error *err);

/* Library mode: lc_container_create(LC_ROOT_NONE, id, ...) makes a
** container that has no state directory at all and lives as long as its
** handle in the calling process (an init system, a supervisor):
**   - nothing is written anywhere but the cgroup, whose path (cgroups_path,
**     or "/lc/<id>") claims the ID: create fails with LC_EEXIST when that
**     cgroup exists already;
**   - start's exec barrier is the socket to the init instead of exec.fifo,
**     so lc_container_exec (or run) works only through this handle, and
**     the init of a started container exits if the handle is freed, or the
**     caller dies, before exec;
**   - lc_container_load and lc_list cannot see it (LC_EMISUSE for
**     LC_ROOT_NONE); state, status, signal, spawn, wait work as usual;
**   - lc_container_destroy kills its processes and removes its cgroups;
**     destroy it before lc_container_free, or its processes and cgroup
**     stay, found by no one but the cgroup's path;
**   - netDevices are refused (LC_EUNSUPPORTED): they need ROOT/ID/netns.
** Compare it by address only: it is not a path. */
LC_API const char lc_root_none[];
#define LC_ROOT_NONE lc_root_none

/* Rebuild a handle for ROOT/ID from its state.json.  LC_ENOTFOUND if there
** is no such container. */
LC_API int lc_container_load(const char *root, const char *id, lc_container **out,
			     lc_error *err);

/* Start the container's init for proc (normally &cfg->process): clone it
** into the namespaces and cgroup, build its rootfs, and leave it blocked
** before execve on ROOT/ID/exec.fifo (state "created").  Forks: the init is
** a child of the calling process, and starts with every signal unblocked
** and at its default disposition, whatever the caller's set-up.  The
** config's networks, routes and netDevices are set up before the init
** goes on (by the caller's process, which also forks a short-lived helper
** to reach the new network namespace); an error names the entry
** ("network eth1: bridge br9: No such device").  The prestart,
** createRuntime and createContainer hooks run here (see lc_hook); a
** failing one fails the call.  On failure the container
** is back in its "creating" state (no process, cgroup, mount or host-side
** interface is left); lc_container_destroy removes its state. */
LC_API int lc_container_start(lc_container *c, const lc_process *proc, lc_error *err);

/* Let a "created" container's init execve its process.  Returns once the
** process runs (or the init failed after the barrier: its error, e.g. a
** startContainer hook's, comes back here), after the poststart hooks.
** May be called from another process than the one that started it
** (after lc_container_load). */
LC_API int lc_container_exec(lc_container *c, lc_error *err);

/* Run an additional process in a running container (runc exec, or
** libcontainer's Start with Init=false): it joins every namespace of the
** container's init (time included) and its cgroup, then gets proc's user,
** groups, env, cwd, capabilities, no_new_privs, rlimits, oom_score_adj,
** scheduler, io priority and LSM labels, and the container's
** personality, in the same order and with the same non-dumpable guard as
** the init (labels for an LSM the host lacks: LC_EUNSUPPORTED).  Forks: the
** process is a child of the caller; *pid gets its host pid and, when
** pidfd is not NULL, *pidfd a pidfd the caller owns (wait on either).
** Refused (LC_ESTATE) when the container is not running, and when it is
** paused unless flags has LC_SPAWN_IGNORE_PAUSED.  A missing executable
** is LC_ENOEXEC with runc's words, as for the init. */
#define LC_SPAWN_IGNORE_PAUSED 1
LC_API int lc_container_spawn(lc_container *c, const lc_process *proc, int flags, pid_t *pid,
			      int *pidfd, lc_error *err);

/* The pty master of the last process started with terminal set and no
** console_socket (the init, or one from lc_container_spawn).  Returns
** the fd, which the caller now owns, or -1 when there is none. */
LC_API int lc_container_take_console(lc_container *c);

/* The container's config: the one given to create, or, for a loaded
** container, the config.json kept in its state directory.  NULL when not
** known (a config built in C, loaded in another process).  Owned by c. */
LC_API const lc_config *lc_container_config(const lc_container *c);

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

/* Kill every process left (SIGKILL), give netDevices back, delete the
** host ends of veth pairs, remove the cgroups and ROOT/ID.  LC_ESTATE if
** the container is running and force is 0.  Then the poststop hooks run
** (a failing one is a warning).  The network undo is best
** effort (what cannot be undone is logged at LC_LOG_WARN) and happens only
** when called from the network namespace lc_container_start ran in. */
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

/* Memory events as fds for the caller's poll/epoll loop.  The caller owns
** the fd (O_CLOEXEC, O_NONBLOCK) and closes it; lc keeps no copy.  It can
** be had once the container is started (its cgroup exists; LC_ESTATE
** before) and stays valid until the container's cgroup is removed by
** lc_container_destroy: then v1's eventfd fires one last time and a v2
** PSI fd reports POLLERR; v2's inotify fd says nothing of the removal
** (cgroupfs gives no IN_DELETE_SELF: the end comes from the pid or pidfd).
** LC_EUNSUPPORTED without a memory controller.  After a wake-up, lc_notify_drain(fd)
** clears the fd (it works for each kind), so it is readable again only
** for a later event.
**
** lc_container_notify_oom: readable when the cgroup ran out of memory.
**   cgroup v1: an eventfd on memory.oom_control.  The kernel notifies
**     every time it finds the cgroup out of memory, which for one OOM
**     kill can be many times while the victim exits; they collapse into
**     one wake-up until drained.
**   cgroup v2: an inotify fd watching memory.events (IN_MODIFY): it also
**     wakes when memory.high or memory.max is hit.
**   Either way, lc_container_oom_count says how many OOM kills there
**   were: compare it with the value from before the wake-up.
** lc_container_oom_count: the cgroup's oom_kill counter (v1:
**   memory.oom_control, since Linux 4.13; v2: memory.events).
** lc_container_notify_memory_pressure, level LC_PRESSURE_*:
**   cgroup v1: an eventfd on memory.pressure_level at "low", "medium" or
**     "critical" (and, in the kernel's default mode, the levels above).
**   cgroup v2: a PSI trigger on memory.pressure, poll it for POLLPRI
**     (one event per 1 s window at most):
**     low "some 50000 1000000" (some task stalled 5% of a second),
**     medium "some 150000 1000000" (15%),
**     critical "full 300000 1000000" (every task stalled 30%).
** lc_notify_drain: 1 when something was pending, 0 when not, LC_ESYS. */
enum { LC_PRESSURE_LOW = 0, LC_PRESSURE_MEDIUM = 1, LC_PRESSURE_CRITICAL = 2 };
LC_API int lc_container_notify_oom(lc_container *c, int *fd, lc_error *err);
LC_API int lc_container_notify_memory_pressure(lc_container *c, int level, int *fd,
					       lc_error *err);
LC_API int lc_container_oom_count(lc_container *c, uint64_t *n, lc_error *err);
LC_API int lc_notify_drain(int fd);

/* ------------------------------------------------------------------ */
/* Checkpoint and restore (criu)                                       */

/* How criu treats cgroups (its --manage-cgroups modes). */
enum {
	LC_CRIU_CG_DEFAULT = 0, /* soft                                         */
	LC_CRIU_CG_SOFT,        /* restore properties of cgroups criu creates  */
	LC_CRIU_CG_FULL,        /* restore every cgroup's properties           */
	LC_CRIU_CG_STRICT,      /* like full; the cgroups must not exist yet   */
	LC_CRIU_CG_IGNORE,      /* leave cgroups alone                          */
};

/* A veth pair criu re-creates on restore: the end in the container and
** its peer on the host side. */
typedef struct lc_veth_pair {
	const char *container_name;
	const char *host_name;
} lc_veth_pair;

/* libcontainer's CriuOpts.  Every pointer is borrowed: the caller keeps
** it valid for the call.  lc_criu_opts_init gives the defaults. */
typedef struct lc_criu_opts {
	const char *criu_path;      /* the criu binary; NULL: "criu" in PATH      */
	const char *images_dir;     /* required: where the images go (made 0700)  */
	const char *work_dir;       /* criu's log and temp files; NULL: images_dir */
	const char *parent_dir;     /* pre-dump chain: the previous images,
				    ** relative to images_dir ("../pre1")       */
	int leave_running;          /* dump: the container goes on afterwards     */
	int tcp_established;        /* established TCP connections                */
	int ext_unix_sk;            /* unix sockets connected to the outside      */
	int shell_job;              /* a session/terminal shared with the caller  */
	int file_locks;             /* flock/posix locks                          */
	int pre_dump;               /* pre-dump: memory only, keeps running       */
	const char *page_server_address; /* dump pages to a page server at       */
	int page_server_port;            /* address:port (both set, or neither)  */
	int lazy_pages;             /* dump: leave pages for lazy restore         */
	int status_fd;              /* lazy pages: criu writes a byte here when
				    ** ready; -1: none                          */
	int manage_cgroups_mode;    /* LC_CRIU_CG_*                               */
	unsigned empty_ns;          /* LC_NS_* to restore empty: LC_NS_NET only   */
	int auto_dedup;             /* punch holes in parent images as it goes    */
	const char *lsm_profile;    /* restore: "apparmor:NAME", "selinux:LABEL"  */
	const char *lsm_mount_context; /* restore: SELinux context for mounts    */
	const lc_veth_pair *veth_pairs; /* restore: veths to re-create           */
	size_t n_veth_pairs;
} lc_criu_opts;

/* Zero *o, status_fd -1. */
LC_API void lc_criu_opts_init(lc_criu_opts *o);

/* Checkpoint a running (or paused) container with criu's command line
** (`criu dump`, or `criu pre-dump` with opts->pre_dump).  Forks and execs
** criu, which must be at least 3.15 (`criu --version` is asked first).
** Bind mounts, v1 cgroup binds, /dev/null over masked paths and joined
** network/pid namespaces are declared external; the init's stdio (what
** fds 0-2 point at) is kept in IMAGES/descriptors.json, written only once
** the dump succeeded: restore refuses images without it.  With a terminal
** (process.terminal), its master being outside the container, criu is
** told the init's pty slave and /dev/console are external; the slave's
** key "tty[RDEV:DEV]" is a fourth entry of descriptors.json.  Unless
** leave_running or pre_dump, the container's processes are gone after it
** (status "stopped"; lc_container_destroy removes the rest).  A failure
** leaves the container as it was and quotes criu's log (WORK/dump.log).
** LC_EUNSUPPORTED: no criu, criu too old, or LC_NO_CRIU. */
LC_API int lc_container_checkpoint(lc_container *c, const lc_criu_opts *opts, lc_error *err);

/* Restore a checkpoint into c, a container fresh from lc_container_create
** (never started; it may have another ID than the one checkpointed).  Its
** cgroup is made and criu restores into it (--cgroup-root); the rootfs is
** bound into ROOT/ID/criu-root inside a private mount namespace of the
** criu process, never the caller's.  proc->stdio[0..2] (-1: the caller's
** own) take the place of what the init's fds were at dump time when those
** were pipes (--inherit-fd).  A checkpoint with a terminal gets a new pty
** (the caller's /dev/ptmx): criu puts its slave in place of the old one
** and binds it on /dev/console, and the master goes to
** proc->console_socket, or is kept for lc_container_take_console.  The
** config's process.terminal must match the checkpoint's (LC_ECONFIG).
** The restored init is a child of the caller
** (--restore-sibling): lc_container_wait works on it.  On success the
** container is "running" with the init's pid and start time recorded.  On
** failure no process, cgroup or mount is left and c is as it was. */
LC_API int lc_container_restore(lc_container *c, const lc_process *proc,
				const lc_criu_opts *opts, lc_error *err);

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
	LC_FEAT_HOOKS = 1u << 6,
	LC_FEAT_USERNS = 1u << 7,
	LC_FEAT_TERMINAL = 1u << 8,
	LC_FEAT_LSM = 1u << 9,
};
LC_API unsigned lc_features(void);

/* The OCI runtime features document (runtime-spec features.md) of this
** build: ociVersionMin/Max, hooks, mountOptions, and under "linux" the
** namespaces, capabilities, cgroup, seccomp (actions, operators, archs,
** flags), apparmor, selinux, intelRdt, mountExtensions and netDevices,
** from what was compiled in.  indent as for lc_container_state; *json is
** freed by the caller with free(3). */
LC_API int lc_features_json(unsigned indent, char **json, lc_error *err);

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
