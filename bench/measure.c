/*
 * measure.c: the timing helper of bench/run.sh.
 *
 *   measure [-s] [-t SECONDS] [-o FILE] -- CMD [ARG...] [--- CMD [ARG...]]...
 *
 * Runs the commands one after the other (fork + execvp, stdin from
 * /dev/null, stdout and stderr inherited), stopping at the first that fails,
 * and writes one line to FILE (default: stdout):
 *
 *   ok WALL_NS CPU_NS MAXRSS_KIB
 *   fail STEP WHY WALL_NS CPU_NS MAXRSS_KIB
 *
 * WALL_NS   CLOCK_MONOTONIC from just before the first fork to the reaping
 *           of the last command.
 * CPU_NS    ru_utime + ru_stime of every process reaped below this one
 *           (getrusage(RUSAGE_CHILDREN) once all are reaped): the commands
 *           and the descendants they waited for, and, with -s, the orphans
 *           adopted on the way.
 * MAXRSS_KIB the largest ru_maxrss that wait4() reported for a command: the
 *           peak RSS of the runtime process (or of the biggest descendant
 *           it reaped, as Linux folds those in), not a sum.
 *
 * -s  become a child subreaper (PR_SET_CHILD_SUBREAPER), so that a process
 *     a command leaves behind (a detached container's init) is reparented
 *     here, reaped here, and its CPU time counted. After the last command,
 *     leftover children get up to one second to exit; any still running is
 *     reported on stderr and left alone.
 * -t  kill (SIGKILL, by pid) a command still running after SECONDS (default
 *     60); the result is then "fail STEP timeout ...".
 *
 *   measure --reaper -- CMD [ARG...]
 *
 * Runs CMD as a child subreaper and reaps whatever is reparented to it
 * until CMD exits; SIGINT and SIGQUIT are ignored (the terminal sends them to
 * CMD as well), SIGTERM and SIGHUP are passed on to CMD. Then children
 * still left (all of them descendants of CMD) get two seconds to exit, are
 * killed by pid with SIGKILL, and reaped. Exits with CMD's status.
 *
 * On SIGINT, SIGTERM or SIGHUP the measuring mode kills its running command
 * by pid (SIGKILL), reaps it, and exits 128 + the signal.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_signal;
static volatile sig_atomic_t got_alarm;

static void on_signal(int sig) { got_signal = sig; }
static void on_alarm(int sig) { (void)sig; got_alarm = 1; }

static void handle(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: let waitpid() return EINTR */
	sigaction(sig, &sa, NULL);
}

static void usage(void)
{
	fprintf(stderr, "usage: measure [-s] [-t SECONDS] [-o FILE] -- CMD [ARG...] [--- CMD [ARG...]]...\n"
			"       measure --reaper -- CMD [ARG...]\n");
	exit(2);
}

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long tv_ns(struct timeval tv) { return (long long)tv.tv_sec * 1000000000LL + (long long)tv.tv_usec * 1000LL; }

static pid_t spawn(char **argv)
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("measure: fork");
		return -1;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGALRM, SIG_DFL);
		int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && fd != 0) {
			dup2(fd, 0);
			close(fd);
		}
		execvp(argv[0], argv);
		fprintf(stderr, "measure: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Reap children until none is left or (when limit_s > 0) limit_s seconds
 * have passed; returns how many are still there (0, or -1 if unknown). */
static int drain(unsigned limit_s)
{
	for (;;) {
		pid_t p = waitpid(-1, NULL, WNOHANG);
		if (p > 0)
			continue;
		if (p < 0 && errno == ECHILD)
			return 0;
		if (p < 0 && errno != EINTR)
			return -1;
		break; /* children exist, none exited yet */
	}
	if (limit_s == 0)
		return 1;
	got_alarm = 0;
	alarm(limit_s);
	for (;;) {
		pid_t p = waitpid(-1, NULL, 0);
		if (p > 0)
			continue;
		if (p < 0 && errno == ECHILD) {
			alarm(0);
			return 0;
		}
		if (got_alarm || (p < 0 && errno != EINTR))
			break;
	}
	alarm(0);
	/* Count who is left. */
	int n = 0;
	siginfo_t si;
	memset(&si, 0, sizeof si);
	if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == 0)
		n = 1;
	return n;
}

/* Measuring mode, interrupted: the running command is already killed and
 * reaped; reap what else is there and report nothing. */
static int interrupted(int subreaper)
{
	int sig = got_signal;
	if (subreaper)
		drain(1);
	return 128 + sig;
}

static int reaper(char **argv)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
		perror("measure: PR_SET_CHILD_SUBREAPER");
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	handle(SIGTERM, on_signal);
	handle(SIGHUP, on_signal);
	handle(SIGALRM, on_alarm);
	pid_t main_pid = spawn(argv);
	if (main_pid < 0)
		return 1;
	int status = 0;
	for (;;) {
		if (got_signal) {
			kill(main_pid, got_signal);
			got_signal = 0;
		}
		int st;
		pid_t p = waitpid(-1, &st, 0);
		if (p == main_pid) {
			status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			break;
		}
		if (p < 0 && errno == ECHILD)
			break;
	}
	if (drain(2) != 0) {
		/* Leftovers are descendants of CMD: orphans reparented here. Each is
		 * our own child now; kill them one by one, by pid. */
		for (int round = 0; round < 50; round++) {
			char path[64];
			int left = 0;
			/* Find our children through /proc/self/task/.../children. */
			snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
			FILE *f = fopen(path, "r");
			if (f) {
				int pid;
				while (fscanf(f, "%d", &pid) == 1) {
					fprintf(stderr, "measure: killing leftover process %d\n", pid);
					kill(pid, SIGKILL);
					left++;
				}
				fclose(f);
			}
			if (drain(1) == 0 || left == 0)
				break;
		}
	}
	return status;
}

int main(int argc, char **argv)
{
	int subreaper = 0;
	unsigned timeout_s = 60;
	const char *out = NULL;
	int i = 1;

	if (argc > 1 && strcmp(argv[1], "--reaper") == 0) {
		if (argc < 4 || strcmp(argv[2], "--") != 0)
			usage();
		return reaper(argv + 3);
	}
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "-s") == 0) {
			subreaper = 1;
		} else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
			timeout_s = (unsigned)strtoul(argv[++i], NULL, 10);
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else {
			usage();
		}
	}
	if (i >= argc)
		usage();

	/* Split the rest at "---" into commands, in place. */
	char **cmds[64];
	int ncmd = 0;
	cmds[ncmd++] = argv + i;
	for (int j = i; j < argc; j++) {
		if (strcmp(argv[j], "---") == 0) {
			argv[j] = NULL;
			if (ncmd == 64)
				usage();
			cmds[ncmd++] = argv + j + 1;
		}
	}
	for (int c = 0; c < ncmd; c++)
		if (cmds[c][0] == NULL)
			usage();

	if (subreaper && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
		perror("measure: PR_SET_CHILD_SUBREAPER");
		return 2;
	}
	handle(SIGINT, on_signal);
	handle(SIGTERM, on_signal);
	handle(SIGHUP, on_signal);
	handle(SIGALRM, on_alarm);

	long maxrss = 0;
	int failed_step = 0;
	char why[64] = "";
	long long t0 = now_ns(), t1 = t0;

	for (int c = 0; c < ncmd && !failed_step; c++) {
		if (got_signal)
			return interrupted(subreaper);
		pid_t pid = spawn(cmds[c]);
		if (pid < 0) {
			failed_step = c + 1;
			snprintf(why, sizeof why, "fork");
			break;
		}
		got_alarm = 0;
		alarm(timeout_s);
		for (;;) {
			int st;
			struct rusage ru;
			if (got_signal) {
				kill(pid, SIGKILL);
				while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
					;
				return interrupted(subreaper);
			}
			if (got_alarm) {
				got_alarm = 0;
				kill(pid, SIGKILL);
				snprintf(why, sizeof why, "timeout-%us", timeout_s);
				failed_step = c + 1;
				/* keep waiting: the SIGKILL ends it */
			}
			pid_t p = wait4(-1, &st, 0, &ru);
			if (p < 0) {
				if (errno == EINTR)
					continue;
				perror("measure: wait4");
				return 2;
			}
			if (p != pid)
				continue; /* an adopted orphan (with -s) */
			if (ru.ru_maxrss > maxrss)
				maxrss = ru.ru_maxrss;
			if (!failed_step) {
				if (WIFEXITED(st) && WEXITSTATUS(st) != 0) {
					failed_step = c + 1;
					snprintf(why, sizeof why, "exit-%d", WEXITSTATUS(st));
				} else if (WIFSIGNALED(st)) {
					failed_step = c + 1;
					snprintf(why, sizeof why, "signal-%d", WTERMSIG(st));
				}
			}
			break;
		}
		alarm(0);
		t1 = now_ns();
	}

	if (got_signal)
		return interrupted(subreaper);
	if (subreaper) {
		int left = drain(1);
		if (left != 0)
			fprintf(stderr, "measure: processes left behind still running 1 s after the last command\n");
	} else {
		drain(0);
	}

	struct rusage ch;
	getrusage(RUSAGE_CHILDREN, &ch);
	long long cpu = tv_ns(ch.ru_utime) + tv_ns(ch.ru_stime);

	FILE *f = stdout;
	if (out) {
		f = fopen(out, "w");
		if (!f) {
			perror(out);
			return 2;
		}
	}
	if (failed_step)
		fprintf(f, "fail %d %s %lld %lld %ld\n", failed_step, why, t1 - t0, cpu, maxrss);
	else
		fprintf(f, "ok %lld %lld %ld\n", t1 - t0, cpu, maxrss);
	if (out && fclose(f) != 0) {
		perror(out);
		return 2;
	}
	return failed_step ? 1 : 0;
}
