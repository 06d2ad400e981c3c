/*
** test_api.c: the public contract, through lc.h only (linked with lc.o).
** Runs real containers from a busybox-static rootfs made here, with a
** config filled in C the way firmware code does it (no JSON).  Needs root;
** without it every test is skipped with the reason printed.
*/
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <fcntl.h>
#include <dirent.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../lc.h"

static char rootfs[] = "/tmp/lc-api-rootfs-XXXXXX";
static char stateroot[] = "/tmp/lc-api-state-XXXXXX";
static int have_root;

static int setup_all(void **state)
{
	char cmd[512];

	(void)state;
	have_root = geteuid() == 0 && access("/bin/busybox", X_OK) == 0;
	if (!have_root)
		return 0;
	if (!mkdtemp(rootfs) || !mkdtemp(stateroot))
		return -1;
	snprintf(cmd, sizeof cmd,
		 "set -e; cd %s; mkdir -p bin proc dev tmp etc; cp /bin/busybox bin/; "
		 "for a in $(./bin/busybox --list); do [ $a = busybox ] || ln -sf busybox bin/$a; done",
		 rootfs);
	return system(cmd) == 0 ? 0 : -1;
}

static int teardown_all(void **state)
{
	char cmd[512];

	(void)state;
	if (!have_root)
		return 0;
	snprintf(cmd, sizeof cmd, "rm -rf %s %s; rmdir /sys/fs/cgroup/*/lc 2>/dev/null; true",
		 rootfs, stateroot);
	return system(cmd) == 0 ? 0 : -1;
}

#define NEED_ROOT()                                                              \
	do {                                                                     \
		if (!have_root) {                                                \
			print_message("skip: needs root and /bin/busybox\n");    \
			skip();                                                  \
		}                                                                \
	} while (0)

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	assert_non_null(p);
	return p;
}

/* A config built by hand: new mount, pid, uts, ipc namespaces, /proc. */
static lc_config *make_config(const char *script)
{
	static const unsigned kinds[] = {LC_NS_MNT, LC_NS_PID, LC_NS_UTS, LC_NS_IPC};
	lc_config *cfg;
	lc_error err;
	size_t i;

	assert_int_equal(lc_config_new(&cfg, &err), 0);
	cfg->rootfs = xstrdup(rootfs);
	cfg->hostname = xstrdup("apitest");
	cfg->process.args = calloc(4, sizeof(char *));
	cfg->process.args[0] = xstrdup("sh");
	cfg->process.args[1] = xstrdup("-c");
	cfg->process.args[2] = xstrdup(script);
	cfg->process.env = calloc(2, sizeof(char *));
	cfg->process.env[0] = xstrdup("PATH=/bin");
	cfg->ns = calloc(4, sizeof *cfg->ns);
	for (i = 0; i < 4; i++) {
		cfg->ns[i].type = kinds[i];
		cfg->namespaces |= kinds[i];
	}
	cfg->n_ns = 4;
	cfg->mounts = calloc(1, sizeof *cfg->mounts);
	cfg->mounts[0].destination = xstrdup("/proc");
	cfg->mounts[0].type = xstrdup("proc");
	cfg->mounts[0].source = xstrdup("proc");
	cfg->n_mounts = 1;
	cfg->cgroups_path = xstrdup("/lctest/api");
	return cfg;
}

static int path_exists(const char *fmt, const char *arg)
{
	char p[512];
	struct stat st;

	snprintf(p, sizeof p, fmt, arg);
	return stat(p, &st) == 0;
}

/* Nothing of container id is left: state dir, cgroup, process. */
static void assert_nothing_left(const char *id, pid_t pid)
{
	assert_false(path_exists("%s/api", stateroot) && strcmp(id, "api") == 0);
	assert_false(path_exists("/sys/fs/cgroup/memory/lctest/api%s", ""));
	assert_false(path_exists("/sys/fs/cgroup/pids/lctest/api%s", ""));
	if (pid > 0)
		assert_true(kill(pid, 0) < 0 && errno == ESRCH);
	rmdir("/sys/fs/cgroup/memory/lctest");
}

static void api_runs_a_container_and_returns_its_exit_status(void **state)
{
	lc_config *cfg;
	lc_container *c = NULL;
	lc_error err;
	int st = -1;

	(void)state;
	NEED_ROOT();
	cfg = make_config("test \"$(hostname)\" = apitest && test $$ = 1 && exit 7");
	assert_int_equal(lc_container_create(stateroot, "api", cfg, &c, &err), 0);
	lc_config_free(cfg); /* create copied what it needs */
	assert_int_equal(lc_container_status(c), LC_STATUS_CREATING);
	if (lc_container_run(c, NULL, &err) != LC_EMISUSE)
		fail_msg("run without a process must be refused");
	cfg = make_config("test \"$(hostname)\" = apitest && test $$ = 1 && exit 7");
	if (lc_container_run(c, &cfg->process, &err) != 0)
		fail_msg("run: %s", err.msg);
	assert_int_equal(lc_container_wait(c, &st, 0, &err), 0);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 7);
	assert_int_equal(lc_container_status(c), LC_STATUS_STOPPED);
	assert_int_equal(lc_container_destroy(c, 0, &err), 0);
	assert_nothing_left("api", lc_container_pid(c));
	lc_container_free(c);
	lc_config_free(cfg);
}

static void api_create_then_exec_walks_through_the_states(void **state)
{
	lc_config *cfg;
	lc_container *c = NULL;
	lc_container *seen = NULL;
	lc_error err;
	char *json = NULL;
	char buf[64];
	int in[2];
	int out[2];
	int st;
	ssize_t n;

	(void)state;
	NEED_ROOT();
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	cfg = make_config("read line; echo got:$line");
	cfg->process.stdio[0] = in[0];
	cfg->process.stdio[1] = out[1];
	assert_int_equal(lc_container_create(stateroot, "api", cfg, &c, &err), 0);
	if (lc_container_start(c, &cfg->process, &err) != 0)
		fail_msg("start: %s", err.msg);
	close(in[0]);
	close(out[1]);
	assert_int_equal(lc_container_status(c), LC_STATUS_CREATED);
	assert_true(lc_container_pid(c) > 0);
	/* Another handle, as `runner state` in another process would load. */
	assert_int_equal(lc_container_load(stateroot, "api", &seen, &err), 0);
	assert_int_equal(lc_container_pid(seen), lc_container_pid(c));
	assert_int_equal(lc_container_state(seen, 0, &json, &err), 0);
	assert_non_null(strstr(json, "\"status\":\"created\""));
	assert_non_null(strstr(json, "\"id\":\"api\""));
	free(json);
	assert_int_equal(lc_container_exec(seen, &err), 0);
	assert_int_equal(lc_container_status(c), LC_STATUS_RUNNING);
	assert_int_equal(lc_container_exec(seen, &err), LC_ESTATE);
	assert_int_equal(write(in[1], "hi\n", 3), 3);
	n = read(out[0], buf, sizeof buf - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "got:hi\n");
	assert_int_equal(lc_container_wait(c, &st, 0, &err), 0);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(lc_container_status(seen), LC_STATUS_STOPPED);
	assert_int_equal(lc_container_state(seen, 2, &json, &err), 0);
	assert_non_null(strstr(json, "\n  \"status\": \"stopped\",\n"));
	assert_non_null(strstr(json, "\"pid\": 0,"));
	free(json);
	assert_int_equal(lc_container_destroy(seen, 0, &err), 0);
	assert_nothing_left("api", lc_container_pid(c));
	lc_container_free(seen);
	lc_container_free(c);
	lc_config_free(cfg);
	close(in[1]);
	close(out[0]);
}

static void api_reports_a_missing_executable_in_runc_words(void **state)
{
	static const char *const names[] = {"nosuchcmd", "/nonexistent"};
	static const char *const msgs[] = {
		"exec: \"nosuchcmd\": executable file not found in $PATH",
		"exec: \"/nonexistent\": stat /nonexistent: no such file or directory",
	};
	size_t i;

	(void)state;
	NEED_ROOT();
	for (i = 0; i < 2; i++) {
		lc_config *cfg = make_config("");
		lc_container *c = NULL;
		lc_error err;

		free(cfg->process.args[0]);
		free(cfg->process.args[1]);
		free(cfg->process.args[2]);
		cfg->process.args[0] = xstrdup(names[i]);
		cfg->process.args[1] = NULL;
		cfg->process.args[2] = NULL;
		assert_int_equal(lc_container_create(stateroot, "api", cfg, &c, &err), 0);
		assert_int_equal(lc_container_start(c, &cfg->process, &err), LC_ENOEXEC);
		assert_string_equal(err.msg, msgs[i]);
		assert_int_equal(err.sys_errno, ENOENT);
		/* Back to "creating": no process, no cgroup. */
		assert_int_equal(lc_container_status(c), LC_STATUS_CREATING);
		assert_false(path_exists("/sys/fs/cgroup/pids/lctest/api%s", ""));
		assert_int_equal(lc_container_destroy(c, 0, &err), 0);
		assert_nothing_left("api", 0);
		lc_container_free(c);
		lc_config_free(cfg);
	}
}

static void api_signal_reaches_the_init_and_destroy_needs_force(void **state)
{
	lc_config *cfg;
	lc_container *c = NULL;
	lc_error err;
	pid_t pid;
	int st;

	(void)state;
	NEED_ROOT();
	cfg = make_config("sleep 100");
	assert_int_equal(lc_container_create(stateroot, "api", cfg, &c, &err), 0);
	assert_int_equal(lc_container_run(c, &cfg->process, &err), 0);
	pid = lc_container_pid(c);
	assert_int_equal(lc_container_destroy(c, 0, &err), LC_ESTATE);
	assert_string_equal(err.msg, "cannot delete container api that is not stopped: running");
	assert_true(path_exists("%s/api/state.json", stateroot));
	assert_int_equal(lc_container_signal(c, SIGKILL, 0, &err), 0);
	assert_int_equal(lc_container_wait(c, &st, 0, &err), 0);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	assert_int_equal(lc_container_signal(c, SIGTERM, 0, &err), LC_ESTATE);
	assert_int_equal(lc_container_destroy(c, 0, &err), 0);
	assert_nothing_left("api", pid);
	lc_container_free(c);
	lc_config_free(cfg);
}

static void api_force_destroy_kills_a_running_container(void **state)
{
	lc_config *cfg;
	lc_container *c = NULL;
	lc_error err;
	pid_t pid;

	(void)state;
	NEED_ROOT();
	cfg = make_config("sleep 100");
	assert_int_equal(lc_container_create(stateroot, "api", cfg, &c, &err), 0);
	assert_int_equal(lc_container_run(c, &cfg->process, &err), 0);
	pid = lc_container_pid(c);
	assert_int_equal(lc_container_destroy(c, 1, &err), 0);
	assert_nothing_left("api", pid);
	lc_container_free(c);
	lc_config_free(cfg);
}

/* An additional process joins the running init's namespaces. */
static void api_spawn_runs_a_process_in_the_container(void **state)
{
	lc_config *cfg;
	lc_process *xp = NULL;
	lc_container *c = NULL;
	lc_error err;
	char want[64];
	char buf[64];
	int out[2];
	pid_t pid = 0;
	int pidfd = -1;
	size_t len;
	int st;
	ssize_t n;

	(void)state;
	NEED_ROOT();
	cfg = make_config("sleep 100");
	assert_int_equal(lc_container_create(stateroot, "api", cfg, &c, &err), 0);
	assert_int_equal(lc_process_dup(&cfg->process, &xp, &err), 0);
	free(xp->args[2]);
	xp->args[2] = xstrdup("echo $$ $(hostname); readlink /proc/self/ns/pid");
	assert_int_equal(pipe(out), 0);
	xp->stdio[1] = out[1];
	assert_int_equal(lc_container_spawn(c, xp, 0, &pid, &pidfd, &err), LC_ESTATE);
	assert_int_equal(lc_container_run(c, &cfg->process, &err), 0);
	if (lc_container_spawn(c, xp, 0, &pid, &pidfd, &err) != 0)
		fail_msg("spawn: %s", err.msg);
	close(out[1]);
	assert_true(pid > 0);
	assert_true(pidfd >= 0);
	for (len = 0; len < sizeof buf - 1; len += (size_t)n) {
		n = read(out[0], buf + len, sizeof buf - 1 - len);
		if (n <= 0)
			break;
	}
	buf[len] = '\0';
	snprintf(want, sizeof want, "/proc/%d/ns/pid", (int)lc_container_pid(c));
	n = readlink(want, want + 32, 31);
	assert_true(n > 0);
	want[32 + n] = '\0';
	snprintf(want, 32, "2 apitest\n");
	assert_int_equal(strncmp(buf, want, strlen(want)), 0); /* pid 2: after the init */
	assert_non_null(strstr(buf, want + 32));
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(pidfd);
	close(out[0]);
	assert_int_equal(lc_container_destroy(c, 1, &err), 0);
	assert_int_equal(lc_container_spawn(c, xp, 0, &pid, NULL, &err), LC_ESTATE);
	lc_process_free(xp);
	lc_container_free(c);
	lc_config_free(cfg);
}

/* Several threads of one program create, run, wait for and destroy
** containers at the same time: the clone child must not depend on locks
** another thread may hold (no malloc, no stdio before execve). */
#define MT_THREADS 4
#define MT_ROUNDS 3

static void *mt_worker(void *arg)
{
	long n = (long)arg;
	long failures = 0;
	int r;

	for (r = 0; r < MT_ROUNDS; r++) {
		char id[32];
		char want[32];
		char script[96];
		lc_config *cfg;
		lc_container *c = NULL;
		lc_error err;
		int st = -1;

		snprintf(id, sizeof id, "mt%ld-%d", n, r);
		snprintf(want, sizeof want, "%ld", n * 10 + r);
		snprintf(script, sizeof script, "exit %s", want);
		if (lc_config_new(&cfg, &err) < 0)
			return (void *)-1L;
		lc_config_free(cfg);
		cfg = make_config(script);
		free(cfg->cgroups_path);
		cfg->cgroups_path = malloc(48);
		snprintf(cfg->cgroups_path, 48, "/lctest/%s", id);
		if (lc_container_create(stateroot, id, cfg, &c, &err) < 0 ||
		    lc_container_run(c, &cfg->process, &err) < 0 ||
		    lc_container_wait(c, &st, 0, &err) < 0 || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != atoi(want)) {
			print_error("thread %ld round %d: %s (status %d)\n", n, r, err.msg, st);
			failures++;
		}
		if (c && lc_container_destroy(c, 1, &err) < 0)
			failures++;
		lc_container_free(c);
		lc_config_free(cfg);
	}
	return (void *)failures;
}

static void api_threads_spawn_containers_at_the_same_time(void **state)
{
	pthread_t t[MT_THREADS];
	long total = 0;
	long i;

	(void)state;
	NEED_ROOT();
	for (i = 0; i < MT_THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, mt_worker, (void *)i), 0);
	for (i = 0; i < MT_THREADS; i++) {
		void *ret;

		assert_int_equal(pthread_join(t[i], &ret), 0);
		total += (long)ret;
	}
	assert_int_equal(total, 0);
	assert_int_equal(access("/sys/fs/cgroup/pids/lctest/mt0-0", F_OK), -1);
}

/* Without cgroupsPath the container lives in /lc/ID of every hierarchy,
** and destroy removes it (and /lc, once empty). */
static void api_default_cgroup_is_lc_slash_id_and_is_removed(void **state)
{
	static const char *const ctrls[] = {"pids", "memory", "cpu", "freezer", "systemd"};
	lc_config *cfg;
	lc_container *c = NULL;
	lc_error err;
	char path[256];
	char buf[64];
	size_t i;
	pid_t pid;
	FILE *f;

	(void)state;
	NEED_ROOT();
	cfg = make_config("sleep 100");
	free(cfg->cgroups_path);
	cfg->cgroups_path = NULL;
	assert_int_equal(lc_container_create(stateroot, "apidef", cfg, &c, &err), 0);
	assert_int_equal(lc_container_run(c, &cfg->process, &err), 0);
	pid = lc_container_pid(c);
	for (i = 0; i < sizeof ctrls / sizeof ctrls[0]; i++) {
		snprintf(path, sizeof path, "/sys/fs/cgroup/%s/lc/apidef/cgroup.procs", ctrls[i]);
		f = fopen(path, "r");
		if (!f && errno == ENOENT && access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0)
			continue; /* a unified host: checked below */
		assert_non_null(f);
		assert_non_null(fgets(buf, sizeof buf, f));
		assert_int_equal(atoi(buf), pid);
		fclose(f);
	}
	assert_int_equal(lc_container_destroy(c, 1, &err), 0);
	for (i = 0; i < sizeof ctrls / sizeof ctrls[0]; i++) {
		snprintf(path, sizeof path, "/sys/fs/cgroup/%s/lc/apidef", ctrls[i]);
		assert_int_equal(access(path, F_OK), -1);
	}
	assert_int_equal(access("/sys/fs/cgroup/pids/lc", F_OK), -1);
	lc_container_free(c);
	lc_config_free(cfg);
}

/* Limits set in C, then the cgroup operations: processes, pause and
** resume (seen from a second handle), set (kept in the state: a loaded
** handle merges into it), stats and their JSON. */
static void api_limits_pause_processes_set_and_stats(void **state)
{
	lc_config *cfg;
	lc_container *c = NULL;
	lc_container *again = NULL;
	lc_resources upd;
	lc_stats *st;
	lc_error err;
	pid_t *pids = NULL;
	size_t n = 0;
	char *json = NULL;
	pid_t pid;

	(void)state;
	NEED_ROOT();
	st = calloc(1, sizeof *st);
	assert_non_null(st);
	cfg = make_config("exec sleep 30");
	cfg->resources.has_pids_limit = 1;
	cfg->resources.pids_limit = 10;
	cfg->resources.memory.has_limit = 1;
	cfg->resources.memory.limit = 64 << 20;
	if (lc_container_create(stateroot, "api", cfg, &c, &err) < 0 ||
	    lc_container_run(c, &cfg->process, &err) < 0)
		fail_msg("create/run: %s", err.msg);
	pid = lc_container_pid(c);
	assert_int_equal(lc_container_processes(c, &pids, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(pids[0], pid);
	free(pids);

	assert_int_equal(lc_container_resume(c, &err), LC_ESTATE);
	if (lc_container_pause(c, &err) < 0)
		fail_msg("pause: %s", err.msg);
	assert_int_equal(lc_container_status(c), LC_STATUS_PAUSED);
	assert_int_equal(lc_container_load(stateroot, "api", &again, &err), 0);
	assert_int_equal(lc_container_status(again), LC_STATUS_PAUSED);
	assert_int_equal(lc_container_pause(again, &err), LC_ESTATE);
	if (lc_container_resume(again, &err) < 0)
		fail_msg("resume: %s", err.msg);
	assert_int_equal(lc_container_status(c), LC_STATUS_RUNNING);

	memset(&upd, 0, sizeof upd);
	upd.has_pids_limit = 1;
	upd.pids_limit = 15;
	if (lc_container_set(again, &upd, &err) < 0)
		fail_msg("set: %s", err.msg);
	lc_container_free(again);
	again = NULL;
	/* a new handle from state.json: the memory limit set at create and
	** the pids limit of the update are both there */
	assert_int_equal(lc_container_load(stateroot, "api", &again, &err), 0);
	memset(&upd, 0, sizeof upd);
	upd.memory.has_limit = 1;
	upd.memory.limit = 96 << 20;
	if (lc_container_set(again, &upd, &err) < 0)
		fail_msg("set: %s", err.msg);
	assert_int_equal(lc_container_stats(again, st, &err), 0);
	assert_int_equal(st->pids_current, 1);
	assert_int_equal(st->pids_limit, 15);
	assert_int_equal(st->memory.limit, 96 << 20);
	assert_true(st->memory.usage > 0);
	assert_int_equal(lc_stats_json(st, &json, &err), 0);
	assert_non_null(strstr(json, "\"pids\":{\"current\":1,\"limit\":15}"));
	free(json);
	lc_container_free(again);

	assert_int_equal(lc_container_pause(c, &err), 0);
	if (lc_container_destroy(c, 1, &err) < 0) /* a paused one too */
		fail_msg("destroy: %s", err.msg);
	lc_container_free(c);
	lc_config_free(cfg);
	free(st);
	assert_nothing_left("api", pid);
}

/* The kept config.json is written without fsync: when it is cut short
** (a power cut), the container still loads, without its config. */
static void api_load_survives_a_torn_config_copy(void **state)
{
	lc_config *cfg;
	lc_container *c = NULL;
	lc_container *seen = NULL;
	lc_error err;
	char path[512];
	FILE *f;
	static const char json[] = "{\"root\":{\"path\":\"/\"},\"process\":"
				   "{\"args\":[\"true\"]},\"linux\":{\"namespaces\":"
				   "[{\"type\":\"mount\"}]}}";

	(void)state;
	NEED_ROOT();
	assert_int_equal(lc_config_from_oci(json, sizeof json - 1, NULL, &cfg, &err), 0);
	assert_int_equal(lc_container_create(stateroot, "torn", cfg, &c, &err), 0);
	assert_int_equal(lc_container_load(stateroot, "torn", &seen, &err), 0);
	assert_non_null(lc_container_config(seen));
	lc_container_free(seen);
	snprintf(path, sizeof path, "%s/torn/config.json", stateroot);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"root\": {", f); /* torn */
	fclose(f);
	assert_int_equal(lc_container_load(stateroot, "torn", &seen, &err), 0);
	assert_null(lc_container_config(seen));
	assert_int_equal(lc_container_destroy(seen, 1, &err), 0);
	assert_false(path_exists("%s/torn", stateroot));
	lc_container_free(seen);
	lc_container_free(c);
	lc_config_free(cfg);
}

static void api_lists_ids_and_refuses_a_duplicate(void **state)
{
	lc_config *cfg;
	lc_container *a = NULL;
	lc_container *b = NULL;
	lc_container *dup = (lc_container *)1;
	lc_error err;
	char **ids;
	size_t n;

	(void)state;
	NEED_ROOT();
	cfg = make_config("true");
	assert_int_equal(lc_container_create(stateroot, "zeta", cfg, &a, &err), 0);
	assert_int_equal(lc_container_create(stateroot, "alpha", cfg, &b, &err), 0);
	assert_int_equal(lc_container_create(stateroot, "zeta", cfg, &dup, &err), LC_EEXIST);
	assert_string_equal(err.msg, "container with id zeta already exists");
	assert_null(dup);
	assert_int_equal(lc_list(stateroot, &ids, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ids[0], "alpha");
	assert_string_equal(ids[1], "zeta");
	assert_null(ids[2]);
	lc_list_free(ids);
	assert_int_equal(lc_container_destroy(a, 0, &err), 0);
	assert_int_equal(lc_container_destroy(b, 0, &err), 0);
	assert_int_equal(lc_list(stateroot, &ids, &n, &err), 0);
	assert_int_equal(n, 0);
	lc_list_free(ids);
	assert_int_equal(lc_container_load(stateroot, "zeta", &dup, &err), LC_ENOTFOUND);
	lc_container_free(a);
	lc_container_free(b);
	lc_config_free(cfg);
}

/* The networking of a config filled in C, in a forked child with a
** network namespace of its own (so the veth host end never lives in the
** machine's): the container sees its address and route, the host end
** exists while it runs and is gone after destroy.  Returns what failed. */
static const char *api_net_child(void)
{
	lc_config *cfg;
	lc_container *c = NULL;
	lc_network *n;
	lc_route *r;
	lc_error err;
	int st = -1;

	if (unshare(CLONE_NEWNET) < 0)
		return "unshare CLONE_NEWNET";
	cfg = make_config("ip -o addr show dev eth0 | grep -q 'inet 10.77.0.2/24 ' &&"
			  " ip route | grep -q '^10.78.0.0/16 via 10.77.0.1 dev eth0'");
	cfg->ns = realloc(cfg->ns, 5 * sizeof *cfg->ns);
	memset(&cfg->ns[4], 0, sizeof cfg->ns[4]);
	cfg->ns[4].type = LC_NS_NET;
	cfg->namespaces |= LC_NS_NET;
	cfg->n_ns = 5;
	n = calloc(1, sizeof *n);
	n->type = LC_NET_VETH;
	n->name = xstrdup("eth0");
	n->host_name = xstrdup("lcapi0");
	n->addresses = calloc(1, sizeof(char *));
	n->addresses[0] = xstrdup("10.77.0.2/24");
	n->n_addresses = 1;
	cfg->networks = n;
	cfg->n_networks = 1;
	r = calloc(1, sizeof *r);
	r->destination = xstrdup("10.78.0.0/16");
	r->gateway = xstrdup("10.77.0.1");
	cfg->routes = r;
	cfg->n_routes = 1;
	if (lc_container_create(stateroot, "apinet", cfg, &c, &err) < 0)
		return "create";
	lc_config_free(cfg);
	cfg = make_config("true");
	if (lc_container_start(c, &cfg->process, &err) < 0) {
		fprintf(stderr, "start: %s\n", err.msg);
		if (err.sys_errno == EOPNOTSUPP) {
			lc_container_destroy(c, 1, &err);
			return "skip"; /* a kernel without veth (the test VM) */
		}
		return "start";
	}
	lc_config_free(cfg);
	if (if_nametoindex("lcapi0") == 0)
		return "no host end lcapi0 while the container runs";
	if (lc_container_exec(c, &err) < 0 || lc_container_wait(c, &st, 0, &err) < 0)
		return "exec or wait";
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return "the container did not see its address or route";
	if (lc_container_destroy(c, 0, &err) < 0)
		return "destroy";
	lc_container_free(c);
	if (if_nametoindex("lcapi0") != 0)
		return "the host end lcapi0 is still there after destroy";
	return NULL;
}

static void api_networks_filled_in_c_are_set_up_and_removed(void **state)
{
	pid_t pid;
	int st;

	(void)state;
	NEED_ROOT();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *what = api_net_child();

		if (what)
			fprintf(stderr, "api_net_child: %s\n", what);
		_exit(what ? (strcmp(what, "skip") ? 1 : 77) : 0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	if (WEXITSTATUS(st) == 77) {
		print_message("skip: the kernel has no veth devices\n");
		skip();
	}
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_false(path_exists("%s/apinet", stateroot));
}

/* Entries in dir (0 when it does not exist). */
static int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	while (d && (de = readdir(d)))
		n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
	if (d)
		closedir(d);
	return n;
}

/* cgroup directories of /lctest/ID in any hierarchy (v1 or v2). */
static int cgroups_of(const char *id)
{
	char pat[256];
	glob_t g;
	int n;

	snprintf(pat, sizeof pat, "/sys/fs/cgroup/{*/,}lctest/%s", id);
	if (glob(pat, GLOB_BRACE | GLOB_ONLYDIR, NULL, &g) != 0)
		return 0;
	n = (int)g.gl_pathc;
	globfree(&g);
	return n;
}

static void api_library_mode_runs_a_container_with_no_state_directory(void **state)
{
	lc_config *cfg;
	lc_container *c = NULL;
	lc_container *dup = NULL;
	lc_container *orphan = NULL;
	lc_error err;
	char defroot[256];
	char **ids;
	size_t n;
	char *json = NULL;
	pid_t pid;
	int before;
	int st = -1;

	(void)state;
	NEED_ROOT();
	assert_int_equal(lc_default_root(defroot, sizeof defroot, &err), 0);
	before = dir_entries(stateroot);
	cfg = make_config("echo library-mode; exit 3");
	free(cfg->cgroups_path);
	cfg->cgroups_path = xstrdup("/lctest/api-nostate");
	assert_int_equal(lc_container_create(LC_ROOT_NONE, "api-nostate", cfg, &c, &err), 0);
	assert_int_equal(lc_container_status(c), LC_STATUS_CREATING);
	assert_int_equal(lc_container_start(c, &cfg->process, &err), 0);
	pid = lc_container_pid(c);
	assert_true(pid > 0);
	assert_int_equal(lc_container_status(c), LC_STATUS_CREATED);
	assert_int_equal(lc_container_state(c, 0, &json, &err), 0);
	assert_non_null(strstr(json, "\"status\":\"created\""));
	free(json);
	/* nobody else can find it; its cgroup claims the ID */
	assert_int_equal(lc_container_load(LC_ROOT_NONE, "api-nostate", &dup, &err), LC_EMISUSE);
	assert_int_equal(lc_list(LC_ROOT_NONE, &ids, &n, &err), LC_EMISUSE);
	assert_int_equal(lc_container_create(LC_ROOT_NONE, "api-nostate", cfg, &dup, &err),
			 LC_EEXIST);
	assert_null(dup);
	assert_int_equal(cgroups_of("api-nostate") > 0, 1);
	/* the barrier is the socket: exec, then the exit status */
	assert_int_equal(lc_container_exec(c, &err), 0);
	assert_int_equal(lc_container_wait(c, &st, 0, &err), 0);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 3);
	assert_int_equal(lc_container_status(c), LC_STATUS_STOPPED);
	assert_int_equal(lc_container_destroy(c, 0, &err), 0);
	lc_container_free(c);
	assert_int_equal(cgroups_of("api-nostate"), 0);
	assert_int_equal(dir_entries(stateroot), before);
	assert_false(path_exists("%s/api-nostate", defroot));

	/* a handle freed before exec: its init leaves, the cgroup stays */
	assert_int_equal(lc_container_create(LC_ROOT_NONE, "api-nostate", cfg, &orphan, &err), 0);
	assert_int_equal(lc_container_start(orphan, &cfg->process, &err), 0);
	pid = lc_container_pid(orphan);
	lc_container_free(orphan);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 1);
	assert_int_equal(cgroups_of("api-nostate") > 0, 1);
	assert_int_equal(system("rmdir /sys/fs/cgroup/*/lctest/api-nostate "
				"/sys/fs/cgroup/lctest/api-nostate 2>/dev/null; true"),
			 0);
	assert_int_equal(cgroups_of("api-nostate"), 0);
	assert_int_equal(dir_entries(stateroot), before);
	lc_config_free(cfg);
}

/* The container's memory cgroup directory (v1 or v2), whether it is v2,
** or NULL with why printed. */
static const char *memcg_dir(const char *cg, char *buf, size_t size, int *v2)
{
	struct stat st;
	char ctl[256] = "";
	FILE *f;

	*v2 = 0;
	if (stat("/sys/fs/cgroup/memory/memory.oom_control", &st) == 0) {
		snprintf(buf, size, "/sys/fs/cgroup/memory%s", cg);
		return buf;
	}
	f = fopen("/sys/fs/cgroup/cgroup.subtree_control", "r");
	if (f) {
		if (!fgets(ctl, sizeof ctl, f))
			ctl[0] = 0;
		fclose(f);
	}
	if (!strstr(ctl, "memory") || stat("/sys/fs/cgroup/memory.pressure", &st) < 0) {
		print_message("skip: no cgroup v1 memory controller and no v2 memory "
			      "controller with PSI at /sys/fs/cgroup\n");
		return NULL;
	}
	*v2 = 1;
	snprintf(buf, size, "/sys/fs/cgroup%s", cg);
	return buf;
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char p[512];
	int fd;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	fd = open(p, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return; /* memsw files are missing without swap accounting */
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* A container is created, given a 16 MiB limit (no swap) from the host
** before start (what linux.resources.memory will set), then allocates
** past it, on cgroup v1 (the host) or v2 (the test VM):
** the OOM fd becomes readable (an event a kill at most), then is quiet
** once drained, and the kill counter moved by one or two.  The pressure
** fd at "low" fires on the way. */
static void api_oom_and_memory_pressure_fds_fire(void **state)
{
	lc_config *cfg;
	lc_container *c = NULL;
	lc_error err;
	char dir[256];
	struct pollfd pfd;
	uint64_t before = 0;
	uint64_t after = 0;
	int oomfd = -1;
	int pressfd = -1;
	int wstatus;
	int events;
	int v2;
	char cgpath[64];

	(void)state;
	NEED_ROOT();
	/* the pid in the name: a run that failed half-way (cmocka leaves
	** the test at the failed assertion) or one in another tree at the
	** same time must not make this one's create fail */
	snprintf(cgpath, sizeof cgpath, "/lctest/api-oom-%d", (int)getpid());
	if (!memcg_dir(cgpath, dir, sizeof dir, &v2))
		skip();
	cfg = make_config("head -c 256m /dev/zero | tail; echo survived");
	free(cfg->cgroups_path);
	cfg->cgroups_path = xstrdup(cgpath);
	assert_int_equal(lc_container_create(stateroot, "oom", cfg, &c, &err), 0);
	assert_int_equal(lc_container_notify_oom(c, &oomfd, &err), LC_ESTATE);
	assert_int_equal(lc_container_start(c, &cfg->process, &err), 0);
	if (v2) {
		/* memory.high a little lower: the kernel's throttling there
		** is a memory stall PSI counts, however soon the OOM kill */
		write_file(dir, "memory.high", "15728640");
		write_file(dir, "memory.max", "16777216");
		write_file(dir, "memory.swap.max", "0");
	} else {
		write_file(dir, "memory.limit_in_bytes", "16777216");
		write_file(dir, "memory.memsw.limit_in_bytes", "16777216");
	}
	if (lc_container_notify_oom(c, &oomfd, &err) != 0)
		fail_msg("notify_oom: %s", err.msg);
	assert_int_equal(lc_container_notify_memory_pressure(c, 7, &pressfd, &err), LC_EMISUSE);
	if (lc_container_notify_memory_pressure(c, LC_PRESSURE_LOW, &pressfd, &err) != 0)
		fail_msg("notify_memory_pressure: %s", err.msg);
	assert_int_equal(lc_container_oom_count(c, &before, &err), 0);
	pfd.fd = oomfd;
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, 0), 0); /* nothing yet */
	assert_int_equal(lc_container_exec(c, &err), 0);
	assert_int_equal(poll(&pfd, 1, 10000), 1);
	assert_int_equal(lc_container_wait(c, &wstatus, 0, &err), 0);
	assert_int_equal(lc_container_oom_count(c, &after, &err), 0);
	/* at least one kill; the kernel may take both ends of the pipe */
	assert_true(after > before);
	assert_true(after - before <= 2);
	/* an event a kill at most; v2's come by inotify on memory.events,
	** which the kernel sends from a work queue: a second kill's may
	** come in after the first drain, so wait a little for it */
	events = lc_notify_drain(oomfd);
	while (poll(&pfd, 1, 300) == 1)
		events += lc_notify_drain(oomfd);
	assert_true(events >= 1);
	assert_true((uint64_t)events <= after - before);
	assert_int_equal(poll(&pfd, 1, 0), 0); /* drained: quiet again */
	assert_int_equal(lc_notify_drain(oomfd), 0);
	/* v2's PSI fd is always POLLIN: its event is POLLPRI, which the
	** poll itself clears */
	pfd.fd = pressfd;
	pfd.events = v2 ? POLLPRI : POLLIN;
	assert_int_equal(poll(&pfd, 1, 0), 1);
	assert_int_equal(lc_notify_drain(pressfd), 1);
	assert_int_equal(poll(&pfd, 1, 0), 0);
	assert_int_equal(lc_container_destroy(c, 1, &err), 0);
	/* the cgroup's removal: v1's eventfds fire once more, v2's PSI fd
	** reports POLLERR; v2's inotify fd says nothing of it (see lc.h),
	** though a last memory.events change may still come in */
	pfd.fd = pressfd;
	assert_int_equal(poll(&pfd, 1, 2000), 1);
	pfd.fd = oomfd;
	pfd.events = POLLIN;
	if (!v2)
		assert_int_equal(poll(&pfd, 1, 2000), 1);
	close(oomfd);
	close(pressfd);
	assert_int_equal(lc_container_notify_oom(c, &oomfd, &err), LC_ESTATE);
	lc_container_free(c);
	lc_config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(api_runs_a_container_and_returns_its_exit_status),
		cmocka_unit_test(api_create_then_exec_walks_through_the_states),
		cmocka_unit_test(api_reports_a_missing_executable_in_runc_words),
		cmocka_unit_test(api_signal_reaches_the_init_and_destroy_needs_force),
		cmocka_unit_test(api_force_destroy_kills_a_running_container),
		cmocka_unit_test(api_spawn_runs_a_process_in_the_container),
		cmocka_unit_test(api_default_cgroup_is_lc_slash_id_and_is_removed),
		cmocka_unit_test(api_threads_spawn_containers_at_the_same_time),
		cmocka_unit_test(api_limits_pause_processes_set_and_stats),
		cmocka_unit_test(api_load_survives_a_torn_config_copy),
		cmocka_unit_test(api_lists_ids_and_refuses_a_duplicate),
		cmocka_unit_test(api_networks_filled_in_c_are_set_up_and_removed),
		cmocka_unit_test(api_library_mode_runs_a_container_with_no_state_directory),
		cmocka_unit_test(api_oom_and_memory_pressure_fds_fire),
	};

	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
