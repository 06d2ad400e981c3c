/*
** test_criu.c: checkpoint/restore through criu's command line (@@ 14).
** White-box: includes lc.c.  The argv lc builds for criu is compared,
** word for word, with expected lists for each option and mount layout;
** the version parser and the log quote are checked on canned text.  No
** criu runs here (test/integration.sh runs the real one).
**
** Built twice: normally, and with every LC_NO_* switch (the minimal
** build), where checkpoint and restore must answer LC_EUNSUPPORTED.
*/
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "fail_alloc.h"
#include "../lc.c"

#ifdef LC_NO_ERRMSG
#define assert_msg_has(got, want) ((void)(got), (void)(want))
#else
#define assert_msg_has(got, want) assert_non_null(strstr(got, want))
#endif

/* A config from OCI JSON; the rootfs need not exist for these tests. */
static __attribute__((unused)) lc_config *cfg_of(const char *json)
{
	lc_config *cfg = NULL;
	lc_error err;

	if (lc_config_from_oci(json, strlen(json), "/b", &cfg, &err) < 0)
		fail_msg("config: %s", err.msg);
	return cfg;
}

#define BASE_CFG(extra)                                                                   \
	"{\"ociVersion\":\"1.2.0\",\"root\":{\"path\":\"/b/rootfs\"},"                   \
	"\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\"},"                                 \
	"\"linux\":{\"namespaces\":[{\"type\":\"mount\"},{\"type\":\"pid\"}]" extra "}}"

#ifndef LC_NO_CRIU
/* The words of a, joined by single spaces, to compare with one string. */
static void assert_argv(const criu_argv *a, const char *want)
{
	char got[8192];
	size_t len = 0;
	size_t i;

	got[0] = '\0';
	for (i = 0; i < a->n; i++)
		len += (size_t)snprintf(got + len, sizeof got - len, "%s%s", i ? " " : "", a->v[i]);
	assert_string_equal(got, want);
	assert_null(a->v[a->n]);
}

static void job_init(criu_job *j, int mode, const lc_config *cfg, const lc_criu_opts *o)
{
	memset(j, 0, sizeof *j);
	j->mode = mode;
	j->cfg = cfg;
	j->opts = o;
	j->criu = "/usr/sbin/criu";
	j->work_dir = o->work_dir ? o->work_dir : o->images_dir;
	j->root = mode == CRIU_RESTORE ? "/run/lc/c1/criu-root" : "/b/rootfs";
	j->pid = 4242;
	j->cg_path = "/lc/c1";
	j->pidfile = "/run/lc/c1/restore.pid";
	j->ext_fd[0] = j->ext_fd[1] = -1;
}

static void build(const criu_job *j, const char *want)
{
	criu_argv a;
	lc_error err;

	assert_int_equal(criu_build_argv(j, &a, &err), 0);
	assert_argv(&a, want);
	criu_argv_free(&a);
}

static void dump_with_defaults_has_images_work_log_tree_root_and_cgroups(void **state)
{
	lc_config *cfg = cfg_of(BASE_CFG(""));
	lc_criu_opts o;
	criu_job j;

	(void)state;
	lc_criu_opts_init(&o);
	assert_int_equal(o.status_fd, -1);
	o.images_dir = "/img";
	job_init(&j, CRIU_DUMP, cfg, &o);
	build(&j, "/usr/sbin/criu dump --images-dir /img --work-dir /img --log-file dump.log "
		  "-v4 --tree 4242 --root /b/rootfs --manage-cgroups=soft");
	j.freeze_cgroup = "/sys/fs/cgroup/freezer/lc/c1";
	o.work_dir = "/work";
	j.work_dir = "/work";
	build(&j, "/usr/sbin/criu dump --images-dir /img --work-dir /work --log-file dump.log "
		  "-v4 --tree 4242 --root /b/rootfs --manage-cgroups=soft "
		  "--freeze-cgroup /sys/fs/cgroup/freezer/lc/c1");
	lc_config_free(cfg);
}

static void every_dump_option_becomes_its_criu_flag(void **state)
{
	lc_config *cfg = cfg_of(BASE_CFG(""));
	lc_criu_opts o;
	criu_job j;

	(void)state;
	lc_criu_opts_init(&o);
	o.images_dir = "/img";
	o.leave_running = 1;
	o.tcp_established = 1;
	o.ext_unix_sk = 1;
	o.shell_job = 1;
	o.file_locks = 1;
	o.parent_dir = "../pre";
	o.page_server_address = "10.0.0.1";
	o.page_server_port = 2222;
	o.lazy_pages = 1;
	o.status_fd = 7;
	o.manage_cgroups_mode = LC_CRIU_CG_STRICT;
	o.empty_ns = LC_NS_NET;
	o.auto_dedup = 1;
	job_init(&j, CRIU_DUMP, cfg, &o);
	build(&j, "/usr/sbin/criu dump --images-dir /img --work-dir /img --log-file dump.log "
		  "-v4 --tree 4242 --root /b/rootfs --manage-cgroups=strict --tcp-established "
		  "--ext-unix-sk --shell-job --file-locks --empty-ns net --auto-dedup "
		  "--lazy-pages --leave-running --prev-images-dir ../pre --track-mem "
		  "--page-server --address 10.0.0.1 --port 2222 --status-fd 7");
	lc_config_free(cfg);
}

static void each_manage_cgroups_mode_is_spelt_as_criu_wants(void **state)
{
	static const char *const want[] = {"soft", "soft", "full", "strict", "ignore"};
	lc_config *cfg = cfg_of(BASE_CFG(""));
	lc_criu_opts o;
	criu_argv a;
	criu_job j;
	lc_error err;
	char flag[64];
	int m;

	(void)state;
	lc_criu_opts_init(&o);
	o.images_dir = "/img";
	job_init(&j, CRIU_RESTORE, cfg, &o);
	for (m = LC_CRIU_CG_DEFAULT; m <= LC_CRIU_CG_IGNORE; m++) {
		o.manage_cgroups_mode = m;
		assert_int_equal(criu_build_argv(&j, &a, &err), 0);
		snprintf(flag, sizeof flag, "--manage-cgroups=%s", want[m]);
		assert_string_equal(a.v[11], flag);
		criu_argv_free(&a);
	}
	o.manage_cgroups_mode = 9;
	assert_int_equal(criu_build_argv(&j, &a, &err), LC_EMISUSE);
	assert_msg_has(err.msg, "manage-cgroups mode 9");
	lc_config_free(cfg);
}

static void pre_dump_tracks_memory_and_has_no_root_or_mounts(void **state)
{
	lc_config *cfg = cfg_of(BASE_CFG("") );
	lc_criu_opts o;
	criu_job j;

	(void)state;
	lc_criu_opts_init(&o);
	o.images_dir = "/img/1";
	o.pre_dump = 1;
	o.leave_running = 1; /* meaningless for a pre-dump: not passed */
	job_init(&j, CRIU_PRE_DUMP, cfg, &o);
	build(&j, "/usr/sbin/criu pre-dump --images-dir /img/1 --work-dir /img/1 "
		  "--log-file pre-dump.log -v4 --tree 4242 --manage-cgroups=soft --track-mem");
	o.parent_dir = "../0";
	build(&j, "/usr/sbin/criu pre-dump --images-dir /img/1 --work-dir /img/1 "
		  "--log-file pre-dump.log -v4 --tree 4242 --manage-cgroups=soft "
		  "--prev-images-dir ../0 --track-mem");
	lc_config_free(cfg);
}

#define MOUNTS_CFG                                                                        \
	",\"maskedPaths\":[\"/proc/kcore\",\"/proc/acpi\"]}," \
	"\"mounts\":[{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},"      \
	"{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"},"               \
	"{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"/srv/data\","            \
	"\"options\":[\"rbind\",\"rw\"]},"                                                  \
	"{\"destination\":\"/etc/hosts\",\"type\":\"none\",\"source\":\"/srv/hosts\","       \
	"\"options\":[\"bind\",\"ro\"]},"                                                   \
	"{\"destination\":\"/sys/fs/cgroup\",\"type\":\"cgroup\",\"source\":\"cgroup\"}],\"x\":{"

static void bind_mounts_and_masked_files_are_external_on_dump_and_mapped_back(void **state)
{
	lc_config *cfg = cfg_of(BASE_CFG(MOUNTS_CFG));
	static const unsigned char masked[] = {1, 0}; /* kcore a file, acpi a dir */
	lc_criu_opts o;
	criu_job j;

	(void)state;
	lc_criu_opts_init(&o);
	o.images_dir = "/img";
	job_init(&j, CRIU_DUMP, cfg, &o);
	j.masked_file = masked;
	/* cgroup v2 host: the cgroup mount is a real one, not external */
	build(&j, "/usr/sbin/criu dump --images-dir /img --work-dir /img --log-file dump.log "
		  "-v4 --tree 4242 --root /b/rootfs --manage-cgroups=soft "
		  "--external mnt[/data]:/data --external mnt[/etc/hosts]:/etc/hosts "
		  "--external mnt[/proc/kcore]:/dev/null");
	job_init(&j, CRIU_RESTORE, cfg, &o);
	build(&j, "/usr/sbin/criu restore --images-dir /img --work-dir /img "
		  "--log-file restore.log -v4 --root /run/lc/c1/criu-root --manage-cgroups=soft "
		  "--restore-detached --restore-sibling --evasive-devices "
		  "--pidfile /run/lc/c1/restore.pid --cgroup-root /lc/c1 "
		  "--external mnt[/data]:/srv/data --external mnt[/etc/hosts]:/srv/hosts "
		  "--external mnt[/dev/null]:/dev/null");
	lc_config_free(cfg);
}

static void v1_cgroup_binds_are_external_per_hierarchy(void **state)
{
	static const char *const mnts[] = {"/sys/fs/cgroup/cpu,cpuacct",
					   "/sys/fs/cgroup/freezer"};
	lc_config *cfg = cfg_of(BASE_CFG(
		"},\"mounts\":[{\"destination\":\"/sys/fs/cgroup\",\"type\":\"cgroup\","
		"\"source\":\"cgroup\"}],\"x\":{"));
	lc_criu_opts o;
	criu_job j;

	(void)state;
	lc_criu_opts_init(&o);
	o.images_dir = "/img";
	job_init(&j, CRIU_DUMP, cfg, &o);
	j.cg_mnts = mnts;
	j.n_cg_mnts = 2;
	build(&j, "/usr/sbin/criu dump --images-dir /img --work-dir /img --log-file dump.log "
		  "-v4 --tree 4242 --root /b/rootfs --manage-cgroups=soft "
		  "--external mnt[/sys/fs/cgroup/cpu,cpuacct]:/sys/fs/cgroup/cpu,cpuacct "
		  "--external mnt[/sys/fs/cgroup/freezer]:/sys/fs/cgroup/freezer");
	job_init(&j, CRIU_RESTORE, cfg, &o);
	j.cg_mnts = mnts;
	j.n_cg_mnts = 2;
	j.cg_path = "/lctest/new";
	build(&j, "/usr/sbin/criu restore --images-dir /img --work-dir /img "
		  "--log-file restore.log -v4 --root /run/lc/c1/criu-root --manage-cgroups=soft "
		  "--restore-detached --restore-sibling --evasive-devices "
		  "--pidfile /run/lc/c1/restore.pid --cgroup-root /lctest/new "
		  "--external mnt[/sys/fs/cgroup/cpu,cpuacct]:/sys/fs/cgroup/cpu,cpuacct/lctest/new "
		  "--external mnt[/sys/fs/cgroup/freezer]:/sys/fs/cgroup/freezer/lctest/new");
	lc_config_free(cfg);
}

static void joined_namespaces_are_external_and_inherited_or_joined(void **state)
{
	lc_config *cfg = cfg_of(
		"{\"ociVersion\":\"1.2.0\",\"root\":{\"path\":\"/b/rootfs\"},"
		"\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\"},\"linux\":{\"namespaces\":["
		"{\"type\":\"mount\"},{\"type\":\"network\",\"path\":\"/run/netns/n1\"},"
		"{\"type\":\"pid\",\"path\":\"/proc/9/ns/pid\"},"
		"{\"type\":\"uts\",\"path\":\"/run/uts1\"},{\"type\":\"ipc\"}]}}");
	lc_criu_opts o;
	criu_job j;

	(void)state;
	lc_criu_opts_init(&o);
	o.images_dir = "/img";
	job_init(&j, CRIU_DUMP, cfg, &o);
	j.ext_ino[0] = 4026532001ULL;
	j.ext_ino[1] = 4026531836ULL;
	build(&j, "/usr/sbin/criu dump --images-dir /img --work-dir /img --log-file dump.log "
		  "-v4 --tree 4242 --root /b/rootfs --manage-cgroups=soft "
		  "--external net[4026532001]:extRootNetNS --external pid[4026531836]:extRootPidNS");
	job_init(&j, CRIU_RESTORE, cfg, &o);
	j.ext_fd[0] = 3;
	j.ext_fd[1] = 4;
	build(&j, "/usr/sbin/criu restore --images-dir /img --work-dir /img "
		  "--log-file restore.log -v4 --root /run/lc/c1/criu-root --manage-cgroups=soft "
		  "--restore-detached --restore-sibling --evasive-devices "
		  "--pidfile /run/lc/c1/restore.pid --cgroup-root /lc/c1 "
		  "--inherit-fd fd[3]:extRootNetNS --inherit-fd fd[4]:extRootPidNS "
		  "--join-ns uts:/run/uts1");
	lc_config_free(cfg);
}

static void a_joined_cgroup_namespace_cannot_be_restored(void **state)
{
	lc_config *cfg = cfg_of(BASE_CFG(
		",\"namespaces\":[{\"type\":\"mount\"},{\"type\":\"cgroup\",\"path\":\"/x\"}]"));
	lc_criu_opts o;
	criu_argv a;
	criu_job j;
	lc_error err;

	(void)state;
	lc_criu_opts_init(&o);
	o.images_dir = "/img";
	job_init(&j, CRIU_RESTORE, cfg, &o);
	assert_int_equal(criu_build_argv(&j, &a, &err), LC_ECONFIG);
	assert_msg_has(err.msg, "cannot join the namespace at /x");
	assert_null(a.v);
	lc_config_free(cfg);
}

static void restore_reconnects_stdio_pipes_veths_and_lsm(void **state)
{
	lc_config *cfg = cfg_of(BASE_CFG(""));
	lc_veth_pair veths[] = {{"eth0", "vh0"}, {"eth1", "vh1"}};
	lc_criu_opts o;
	criu_job j;

	(void)state;
	lc_criu_opts_init(&o);
	o.images_dir = "/img";
	o.work_dir = "/w";
	o.lsm_profile = "apparmor:p";
	o.lsm_mount_context = "system_u:object_r:c:s0";
	o.veth_pairs = veths;
	o.n_veth_pairs = 2;
	o.tcp_established = 1;
	job_init(&j, CRIU_RESTORE, cfg, &o);
	j.stdio[0] = "/dev/null";
	j.stdio[1] = "pipe:[1234]";
	j.stdio[2] = "pipe:[1234]";
	build(&j, "/usr/sbin/criu restore --images-dir /img --work-dir /w "
		  "--log-file restore.log -v4 --root /run/lc/c1/criu-root --manage-cgroups=soft "
		  "--tcp-established --restore-detached --restore-sibling --evasive-devices "
		  "--pidfile /run/lc/c1/restore.pid --cgroup-root /lc/c1 "
		  "--lsm-profile apparmor:p --lsm-mount-context system_u:object_r:c:s0 "
		  "--veth-pair eth0=vh0 --veth-pair eth1=vh1 "
		  "--inherit-fd fd[1]:pipe:[1234] --inherit-fd fd[2]:pipe:[1234]");
	/* an empty network namespace gets no veths */
	o.empty_ns = LC_NS_NET;
	o.tcp_established = 0;
	o.lsm_profile = NULL;
	o.lsm_mount_context = NULL;
	j.stdio[1] = j.stdio[2] = NULL;
	build(&j, "/usr/sbin/criu restore --images-dir /img --work-dir /w "
		  "--log-file restore.log -v4 --root /run/lc/c1/criu-root --manage-cgroups=soft "
		  "--empty-ns net --restore-detached --restore-sibling --evasive-devices "
		  "--pidfile /run/lc/c1/restore.pid --cgroup-root /lc/c1");
	lc_config_free(cfg);
}

/* Every option and every kind of external at once, for dump, pre-dump and
** restore: the whole command line, word for word, so that a change in how
** it is built shows up here. */
static void every_option_at_once_gives_the_whole_command_line(void **state)
{
	static const char *const mnts[] = {"/sys/fs/cgroup/cpu,cpuacct",
					   "/sys/fs/cgroup/freezer"};
	static const unsigned char masked[] = {1, 0};
	lc_config *cfg = cfg_of(
		"{\"ociVersion\":\"1.2.0\",\"root\":{\"path\":\"/b/rootfs\"},"
		"\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\"},\"linux\":{\"namespaces\":["
		"{\"type\":\"mount\"},{\"type\":\"network\",\"path\":\"/run/netns/n1\"},"
		"{\"type\":\"pid\",\"path\":\"/proc/9/ns/pid\"},"
		"{\"type\":\"uts\",\"path\":\"/run/uts1\"},{\"type\":\"ipc\",\"path\":\"/run/ipc1\"}]"
		MOUNTS_CFG "}}");
	lc_veth_pair veths[] = {{"eth1", "vh1"}};
	lc_network nets[2];
	lc_criu_opts o;
	criu_job j;

	(void)state;
	memset(nets, 0, sizeof nets);
	nets[0].type = LC_NET_VETH;
	nets[0].name = "eth0";
	nets[0].host_name = "vh0";
	nets[1].type = LC_NET_VETH;
	nets[1].name = "eth2"; /* a generated host name: not passed */
	cfg->networks = nets;
	cfg->n_networks = 2;
	lc_criu_opts_init(&o);
	o.images_dir = "/img";
	o.work_dir = "/w";
	o.parent_dir = "../pre";
	o.leave_running = 1;
	o.tcp_established = 1;
	o.ext_unix_sk = 1;
	o.shell_job = 1;
	o.file_locks = 1;
	o.page_server_address = "10.0.0.1";
	o.page_server_port = 2222;
	o.lazy_pages = 1;
	o.status_fd = 7;
	o.manage_cgroups_mode = LC_CRIU_CG_FULL;
	o.auto_dedup = 1;
	o.lsm_profile = "apparmor:p";
	o.lsm_mount_context = "system_u:object_r:c:s0";
	o.veth_pairs = veths;
	o.n_veth_pairs = 1;
	job_init(&j, CRIU_DUMP, cfg, &o);
	j.freeze_cgroup = "/sys/fs/cgroup/freezer/lc/c1";
	j.cg_mnts = mnts;
	j.n_cg_mnts = 2;
	j.masked_file = masked;
	j.ext_ino[0] = 4026532001ULL;
	j.ext_ino[1] = 4026531836ULL;
	j.tty_key = "tty[8800:2e]";
	build(&j, "/usr/sbin/criu dump --images-dir /img --work-dir /w --log-file dump.log -v4 "
		  "--tree 4242 --root /b/rootfs --manage-cgroups=full --freeze-cgroup "
		  "/sys/fs/cgroup/freezer/lc/c1 --tcp-established --ext-unix-sk --shell-job "
		  "--file-locks --auto-dedup --lazy-pages --leave-running --prev-images-dir "
		  "../pre --track-mem --page-server --address 10.0.0.1 --port 2222 --status-fd 7 "
		  "--external mnt[/data]:/data --external mnt[/etc/hosts]:/etc/hosts --external "
		  "mnt[/sys/fs/cgroup/cpu,cpuacct]:/sys/fs/cgroup/cpu,cpuacct --external "
		  "mnt[/sys/fs/cgroup/freezer]:/sys/fs/cgroup/freezer --external "
		  "mnt[/proc/kcore]:/dev/null --external tty[8800:2e] --external "
		  "mnt[/dev/console]:/dev/console --external net[4026532001]:extRootNetNS "
		  "--external pid[4026531836]:extRootPidNS");
	j.mode = CRIU_PRE_DUMP;
	build(&j, "/usr/sbin/criu pre-dump --images-dir /img --work-dir /w --log-file "
		  "pre-dump.log -v4 --tree 4242 --manage-cgroups=full --freeze-cgroup "
		  "/sys/fs/cgroup/freezer/lc/c1 --tcp-established --ext-unix-sk --shell-job "
		  "--file-locks --auto-dedup --lazy-pages --prev-images-dir ../pre --track-mem "
		  "--page-server --address 10.0.0.1 --port 2222 --status-fd 7");
	job_init(&j, CRIU_RESTORE, cfg, &o);
	j.cg_mnts = mnts;
	j.n_cg_mnts = 2;
	j.ext_fd[0] = 3;
	j.ext_fd[1] = 4;
	j.stdio[0] = "/dev/null";
	j.stdio[1] = "pipe:[1234]";
	j.stdio[2] = "pipe:[1235]";
	j.tty_key = "tty[8800:2e]";
	j.tty_fd = 5;
	j.tty_path = "/dev/pts/7";
	build(&j, "/usr/sbin/criu restore --images-dir /img --work-dir /w --log-file restore.log "
		  "-v4 --root /run/lc/c1/criu-root --manage-cgroups=full --tcp-established "
		  "--ext-unix-sk --shell-job --file-locks --auto-dedup --lazy-pages "
		  "--restore-detached --restore-sibling --evasive-devices --pidfile "
		  "/run/lc/c1/restore.pid --cgroup-root /lc/c1 --lsm-profile apparmor:p "
		  "--lsm-mount-context system_u:object_r:c:s0 --external mnt[/data]:/srv/data "
		  "--external mnt[/etc/hosts]:/srv/hosts --external "
		  "mnt[/sys/fs/cgroup/cpu,cpuacct]:/sys/fs/cgroup/cpu,cpuacct/lc/c1 --external "
		  "mnt[/sys/fs/cgroup/freezer]:/sys/fs/cgroup/freezer/lc/c1 --external "
		  "mnt[/dev/null]:/dev/null --inherit-fd fd[3]:extRootNetNS --inherit-fd "
		  "fd[4]:extRootPidNS --join-ns uts:/run/uts1 --join-ns ipc:/run/ipc1 --veth-pair "
		  "eth0=vh0 --veth-pair eth1=vh1 --inherit-fd fd[1]:pipe:[1234] --inherit-fd "
		  "fd[2]:pipe:[1235] --inherit-fd fd[5]:tty[8800:2e] --external "
		  "mnt[/dev/console]:/dev/pts/7");
	cfg->networks = NULL;
	cfg->n_networks = 0;
	lc_config_free(cfg);
}

static void options_criu_cannot_do_are_refused(void **state)
{
	lc_config *cfg = cfg_of(BASE_CFG(""));
	lc_criu_opts o;
	criu_argv a;
	criu_job j;
	lc_error err;

	(void)state;
	lc_criu_opts_init(&o);
	o.images_dir = "/img";
	o.empty_ns = LC_NS_PID;
	job_init(&j, CRIU_DUMP, cfg, &o);
	assert_int_equal(criu_build_argv(&j, &a, &err), LC_EMISUSE);
	assert_msg_has(err.msg, "only the network namespace");
	o.empty_ns = 0;
	o.page_server_address = "10.0.0.1";
	assert_int_equal(criu_build_argv(&j, &a, &err), LC_EMISUSE);
	assert_msg_has(err.msg, "address and port");
	lc_config_free(cfg);
}

static void an_allocation_failure_anywhere_is_enomem_and_leaks_nothing(void **state)
{
	lc_config *cfg = cfg_of(BASE_CFG(MOUNTS_CFG));
	lc_criu_opts o;
	criu_argv a;
	criu_job j;
	lc_error err;
	long n;
	int rc;

	(void)state;
	lc_criu_opts_init(&o);
	o.images_dir = "/img";
	job_init(&j, CRIU_RESTORE, cfg, &o);
	for (n = 0;; n++) {
		alloc_countdown = n;
		rc = criu_build_argv(&j, &a, &err);
		alloc_countdown = -1;
		if (rc == 0)
			break;
		assert_int_equal(rc, LC_ENOMEM);
		assert_null(a.v);
	}
	assert_true(n > 5);
	criu_argv_free(&a);
	lc_config_free(cfg);
}

static void a_terminal_is_external_on_dump_and_a_new_one_inherited_on_restore(void **state)
{
	lc_config *cfg = cfg_of(BASE_CFG(""));
	lc_criu_opts o;
	criu_job j;

	(void)state;
	lc_criu_opts_init(&o);
	o.images_dir = "/img";
	job_init(&j, CRIU_DUMP, cfg, &o);
	j.tty_key = "tty[8800:2e]";
	build(&j, "/usr/sbin/criu dump --images-dir /img --work-dir /img --log-file dump.log "
		  "-v4 --tree 4242 --root /b/rootfs --manage-cgroups=soft "
		  "--external tty[8800:2e] --external mnt[/dev/console]:/dev/console");
	job_init(&j, CRIU_RESTORE, cfg, &o);
	j.tty_key = "tty[8800:2e]";
	j.tty_fd = 3;
	j.tty_path = "/dev/pts/7";
	build(&j, "/usr/sbin/criu restore --images-dir /img --work-dir /img "
		  "--log-file restore.log -v4 --root /run/lc/c1/criu-root --manage-cgroups=soft "
		  "--restore-detached --restore-sibling --evasive-devices "
		  "--pidfile /run/lc/c1/restore.pid --cgroup-root /lc/c1 "
		  "--inherit-fd fd[3]:tty[8800:2e] --external mnt[/dev/console]:/dev/pts/7");
	lc_config_free(cfg);
}

static void criu_version_text_is_parsed(void **state)
{
	(void)state;
	assert_int_equal(criu_parse_version("Version: 3.17.1\n"), 31701);
	assert_int_equal(criu_parse_version("Version: 4.2\nGitID: v4.2\n"), 40200);
	assert_int_equal(criu_parse_version("Version: 3.15\n"), 31500);
	assert_int_equal(criu_parse_version("criu 3.17\n"), -1);
	assert_int_equal(criu_parse_version("Version: x\n"), -1);
}

static void the_quoted_log_line_is_the_first_real_error(void **state)
{
	char dir[] = "/tmp/lc-test-criu-XXXXXX";
	char path[128];
	char quote[160];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/dump.log", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("(00.000001) Version: 4.2\n"
	      "(00.084265) Error (criu/util.c:1534): rlimit: Can't setup RLIMIT_NOFILE for self\n"
	      "(00.204295) Error (criu/cr-dump.c:1681): A session leader of 5(1) is outside\n"
	      "(00.271955) Error (criu/cr-dump.c:2128): Dumping FAILED.\n", f);
	fclose(f);
	criu_log_quote(dir, "dump.log", quote, sizeof quote);
	assert_string_equal(quote, "(00.204295) Error (criu/cr-dump.c:1681): A session leader "
				   "of 5(1) is outside");
	/* the test VM's first try: a tun probe, then iptables-restore's exit
	** status before the line that says why */
	f = fopen(path, "w");
	fputs("(01.139269) Error (criu/tun.c:85): tun: Unable to create tun: No such file\n"
	      "(01.853674) Running network-lock scripts\n"
	      "(01.9) Error (criu/page-xfer.c:392): page-xfer: No parent image found, though\n"
	      "(02.052215) Error (criu/util.c:642): exited, status=2\n"
	      "(02.244340) Error (criu/net.c:3071): Locking network failed: iptables-restore\n"
	      "(02.503323) Error (criu/util.c:642): exited, status=1\n"
	      "(02.737127) Error (criu/cr-dump.c:2053): Dumping FAILED.\n", f);
	fclose(f);
	criu_log_quote(dir, "dump.log", quote, sizeof quote);
	assert_string_equal(quote, "(02.244340) Error (criu/net.c:3071): Locking network failed: "
				   "iptables-restore");
	/* only a helper's exit status: that */
	f = fopen(path, "w");
	fputs("(00.1) Error (criu/util.c:642): exited, status=2\n(00.2) Error (x.c:1): Dumping "
	      "FAILED.\n", f);
	fclose(f);
	criu_log_quote(dir, "dump.log", quote, sizeof quote);
	assert_string_equal(quote, "(00.1) Error (criu/util.c:642): exited, status=2");
	f = fopen(path, "w");
	fputs("(00.000001) one\n(00.000002) the last line\n\n", f);
	fclose(f);
	criu_log_quote(dir, "dump.log", quote, sizeof quote);
	assert_string_equal(quote, "(00.000002) the last line");
	criu_log_quote(dir, "missing.log", quote, sizeof quote);
	assert_string_equal(quote, "");
	unlink(path);
	rmdir(dir);
}

static void a_missing_criu_is_a_clear_error(void **state)
{
	char out[LC_PATH_MAX];
	lc_error err;

	(void)state;
	assert_int_equal(criu_find("/nonexistent/criu", out, sizeof out, &err), LC_EUNSUPPORTED);
	assert_msg_has(err.msg, "/nonexistent/criu is not an executable file");
	setenv("PATH", "/nonexistent", 1);
	assert_int_equal(criu_find(NULL, out, sizeof out, &err), LC_EUNSUPPORTED);
	assert_msg_has(err.msg, "criu not found in PATH");
	assert_int_equal(criu_find("/bin/sh", out, sizeof out, &err), 0);
	assert_string_equal(out, "/bin/sh");
}
#endif /* LC_NO_CRIU */

static void features_report_criu_truthfully(void **state)
{
	lc_error err;
	char *json;

	(void)state;
	assert_int_equal(lc_features_json(0, &json, &err), 0);
#ifdef LC_NO_CRIU
	assert_false(lc_features() & LC_FEAT_CRIU);
	assert_non_null(strstr(json, "\"org.lc.criu.enabled\":\"false\""));
#else
	assert_true(lc_features() & LC_FEAT_CRIU);
	assert_non_null(strstr(json, "\"org.lc.criu.enabled\":\"true\""));
#endif
	free(json);
}

static void checkpoint_and_restore_check_their_arguments(void **state)
{
	lc_criu_opts o;
	lc_error err;

	(void)state;
	lc_criu_opts_init(&o);
	o.images_dir = "/img";
#ifdef LC_NO_CRIU
	assert_int_equal(lc_container_checkpoint(NULL, &o, &err), LC_EUNSUPPORTED);
	assert_msg_has(err.msg, "built with LC_NO_CRIU");
	assert_int_equal(lc_container_restore(NULL, NULL, &o, &err), LC_EUNSUPPORTED);
	assert_msg_has(err.msg, "built with LC_NO_CRIU");
#else
	assert_int_equal(lc_container_checkpoint(NULL, &o, &err), LC_EMISUSE);
	assert_int_equal(lc_container_restore(NULL, NULL, &o, &err), LC_EMISUSE);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#ifndef LC_NO_CRIU
		cmocka_unit_test(dump_with_defaults_has_images_work_log_tree_root_and_cgroups),
		cmocka_unit_test(every_dump_option_becomes_its_criu_flag),
		cmocka_unit_test(each_manage_cgroups_mode_is_spelt_as_criu_wants),
		cmocka_unit_test(pre_dump_tracks_memory_and_has_no_root_or_mounts),
		cmocka_unit_test(bind_mounts_and_masked_files_are_external_on_dump_and_mapped_back),
		cmocka_unit_test(v1_cgroup_binds_are_external_per_hierarchy),
		cmocka_unit_test(joined_namespaces_are_external_and_inherited_or_joined),
		cmocka_unit_test(a_joined_cgroup_namespace_cannot_be_restored),
		cmocka_unit_test(restore_reconnects_stdio_pipes_veths_and_lsm),
		cmocka_unit_test(a_terminal_is_external_on_dump_and_a_new_one_inherited_on_restore),
		cmocka_unit_test(every_option_at_once_gives_the_whole_command_line),
		cmocka_unit_test(options_criu_cannot_do_are_refused),
		cmocka_unit_test(an_allocation_failure_anywhere_is_enomem_and_leaks_nothing),
		cmocka_unit_test(criu_version_text_is_parsed),
		cmocka_unit_test(the_quoted_log_line_is_the_first_real_error),
		cmocka_unit_test(a_missing_criu_is_a_clear_error),
#endif
		cmocka_unit_test(features_report_criu_truthfully),
		cmocka_unit_test(checkpoint_and_restore_check_their_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
