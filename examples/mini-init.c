/*
** mini-init.c: a tiny PID 1 for a board, built on lc.h alone.
**
**   mini-init ROOTFS [CGROUP-PARENT]
**
** Starts two containers from one busybox-like ROOTFS (which needs /bin/sh,
** /proc and /dev to exist; it may be read-only):
**   web   a stand-in for a service: prints a line, then sleeps in a loop
**   log   a second one, likewise
** Both are in library mode (LC_ROOT_NONE): no state directory anywhere,
** only their cgroups, CGROUP-PARENT/web and CGROUP-PARENT/log (default
** parent /mini-init).  Each has new mount, PID, UTS and IPC namespaces,
** /proc and a tmpfs /dev of its own, and its id as host name; web may
** use 64 MiB of memory at most (lc_config's resources, which lc writes to
** its cgroup).  This file uses nothing but lc.h.
**
** Supervision is one epoll loop over a signalfd (SIGTERM, SIGINT, SIGCHLD)
** and one pidfd per container init.  When an init exits, its container is
** destroyed (whatever is left in its cgroup is killed, the cgroups go) and
** started again, after a second if it lived less than one.  As PID 1 it
** also reaps every orphan that is not a container init.  SIGTERM or
** SIGINT destroys both containers and exits 0.  What it does goes to
** stdout, one "mini-init: ..." line per event.
*/
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mount.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../lc.h"

typedef struct service {
	const char *id;     /* container ID and host name         */
	const char *script; /* what its init runs under sh -c     */
	int64_t memory_max; /* bytes, or 0 for no limit           */
	lc_config *cfg;     /* built once, reused by each restart */
	lc_container *c;    /* the running container, or NULL     */
	int pidfd;          /* pidfd of its init, or -1           */
	time_t started;     /* CLOCK_MONOTONIC seconds            */
	unsigned restarts;
} service;

static service services[] = {
	{"web", "echo web: serving; while :; do sleep 1; done", 64 << 20, NULL, NULL, -1, 0, 0},
	{"log", "echo log: collecting; while :; do sleep 1; done", 0, NULL, NULL, -1, 0, 0},
};
#define N_SERVICES (sizeof services / sizeof services[0])

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p) {
		fprintf(stderr, "mini-init: out of memory\n");
		exit(1);
	}
	return p;
}

static time_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* A config filled in C, the way firmware builds one (no JSON). */
static int service_config(service *s, const char *rootfs, const char *cg_parent, lc_error *err)
{
	static const unsigned kinds[] = {LC_NS_MNT, LC_NS_PID, LC_NS_UTS, LC_NS_IPC};
	lc_config *cfg;
	char cg[256];
	size_t i;

	if (lc_config_new(&cfg, err) < 0)
		return err->code;
	cfg->rootfs = xstrdup(rootfs);
	cfg->hostname = xstrdup(s->id);
	cfg->process.args = calloc(4, sizeof(char *));
	cfg->process.env = calloc(2, sizeof(char *));
	cfg->ns = calloc(4, sizeof *cfg->ns);
	cfg->mounts = calloc(2, sizeof *cfg->mounts);
	if (!cfg->process.args || !cfg->process.env || !cfg->ns || !cfg->mounts) {
		fprintf(stderr, "mini-init: out of memory\n");
		exit(1);
	}
	cfg->process.args[0] = xstrdup("sh");
	cfg->process.args[1] = xstrdup("-c");
	cfg->process.args[2] = xstrdup(s->script);
	cfg->process.env[0] = xstrdup("PATH=/bin:/sbin:/usr/bin:/usr/sbin");
	for (i = 0; i < 4; i++) {
		cfg->ns[i].type = kinds[i];
		cfg->namespaces |= kinds[i];
	}
	cfg->n_ns = 4;
	cfg->mounts[0].destination = xstrdup("/proc");
	cfg->mounts[0].type = xstrdup("proc");
	cfg->mounts[0].source = xstrdup("proc");
	cfg->mounts[1].destination = xstrdup("/dev");
	cfg->mounts[1].type = xstrdup("tmpfs");
	cfg->mounts[1].source = xstrdup("tmpfs");
	cfg->mounts[1].data = xstrdup("mode=755,size=64k");
	cfg->mounts[1].flags = MS_NOSUID | MS_NOEXEC;
	cfg->n_mounts = 2;
	if (s->memory_max) {
		cfg->resources.memory.has_limit = 1;
		cfg->resources.memory.limit = s->memory_max;
	}
	snprintf(cg, sizeof cg, "%s/%s", cg_parent, s->id);
	cfg->cgroups_path = xstrdup(cg);
	s->cfg = cfg;
	return 0;
}

/* Create and run s, and watch its init's pidfd. */
static int service_start(service *s, int ep, unsigned index)
{
	struct epoll_event ev;
	lc_error err;

	if (lc_container_create(LC_ROOT_NONE, s->id, s->cfg, &s->c, &err) < 0 ||
	    lc_container_run(s->c, &s->cfg->process, &err) < 0) {
		fprintf(stderr, "mini-init: %s: %s\n", s->id, err.msg);
		if (s->c)
			lc_container_destroy(s->c, 1, NULL);
		lc_container_free(s->c);
		s->c = NULL;
		return -1;
	}
	s->pidfd = (int)syscall(SYS_pidfd_open, lc_container_pid(s->c), 0);
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.u32 = index;
	if (s->pidfd < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, s->pidfd, &ev) < 0) {
		perror("mini-init: pidfd");
		return -1;
	}
	s->started = now();
	printf("mini-init: %s started, pid %d\n", s->id, (int)lc_container_pid(s->c));
	fflush(stdout);
	return 0;
}

/* Stop watching s and destroy its container (killing what is left). */
static void service_stop(service *s, int ep)
{
	lc_error err;

	if (s->pidfd >= 0) {
		epoll_ctl(ep, EPOLL_CTL_DEL, s->pidfd, NULL);
		close(s->pidfd);
		s->pidfd = -1;
	}
	if (!s->c)
		return;
	if (lc_container_destroy(s->c, 1, &err) < 0)
		fprintf(stderr, "mini-init: destroy %s: %s\n", s->id, err.msg);
	lc_container_free(s->c);
	s->c = NULL;
}

/* If s's init has exited: report it, destroy and start the container
** again.  A spurious wakeup (it still runs) does nothing. */
static void service_check(service *s, int ep, unsigned index)
{
	int status;

	if (!s->c || lc_container_wait(s->c, &status, LC_WAIT_NOHANG, NULL) != 0)
		return;
	if (WIFSIGNALED(status))
		printf("mini-init: %s exited on signal %d, restarting\n", s->id, WTERMSIG(status));
	else
		printf("mini-init: %s exited with status %d, restarting\n", s->id,
		       WEXITSTATUS(status));
	fflush(stdout);
	service_stop(s, ep);
	if (now() - s->started < 1)
		sleep(1); /* do not spin on one that cannot start */
	s->restarts++;
	service_start(s, ep, index);
}

/* SIGCHLD: container inits go to service_check; any other child (an
** orphan handed to PID 1) is reaped here.  WNOWAIT looks first, so that
** lc_container_wait still finds its own init's status. */
static void reap(int ep)
{
	siginfo_t si;
	pid_t last = 0;
	unsigned i;

	for (;;) {
		memset(&si, 0, sizeof si);
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0 || si.si_pid == 0)
			return;
		for (i = 0; i < N_SERVICES; i++)
			if (services[i].c && lc_container_pid(services[i].c) == si.si_pid)
				break;
		if (i < N_SERVICES && si.si_pid != last)
			service_check(&services[i], ep, i);
		else
			waitpid(si.si_pid, NULL, 0);
		last = si.si_pid;
	}
}

int main(int argc, char **argv)
{
	const char *cg_parent = argc > 2 ? argv[2] : "/mini-init";
	struct epoll_event ev;
	sigset_t set;
	lc_error err;
	unsigned i;
	int sfd;
	int ep;

	if (argc < 2 || argc > 3 || argv[1][0] != '/') {
		fprintf(stderr, "usage: mini-init ROOTFS [CGROUP-PARENT]  (absolute paths)\n");
		return 2;
	}
	/* Signals arrive through the signalfd only; lc starts each init with
	** every signal unblocked and at its default. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (sfd < 0 || ep < 0) {
		perror("mini-init: signalfd/epoll");
		return 1;
	}
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.u32 = N_SERVICES; /* the signalfd */
	epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);

	for (i = 0; i < N_SERVICES; i++) {
		if (service_config(&services[i], argv[1], cg_parent, &err) < 0) {
			fprintf(stderr, "mini-init: %s: %s\n", services[i].id, err.msg);
			return 1;
		}
		service_start(&services[i], ep, i);
	}

	for (;;) {
		struct epoll_event evs[N_SERVICES + 1];
		int n = epoll_wait(ep, evs, N_SERVICES + 1, -1);
		int stop = 0;
		int k;

		if (n < 0 && errno != EINTR) {
			perror("mini-init: epoll_wait");
			break;
		}
		for (k = 0; k < n; k++) {
			struct signalfd_siginfo si;

			if (evs[k].data.u32 < N_SERVICES) {
				service_check(&services[evs[k].data.u32], ep, evs[k].data.u32);
				continue;
			}
			while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
				if (si.ssi_signo == SIGCHLD)
					reap(ep);
				else
					stop = 1;
			}
		}
		if (stop)
			break;
	}
	printf("mini-init: stopping\n");
	fflush(stdout);
	for (i = 0; i < N_SERVICES; i++) {
		service_stop(&services[i], ep);
		lc_config_free(services[i].cfg);
	}
	printf("mini-init: stopped\n");
	fflush(stdout);
	return 0;
}
