/*
** runner.c: an OCI runtime command line on top of lc (lc.h), shaped like
** runc so that containerd, podman and conmon can call it in runc's place.
**
**   runner [global options] <command> [command options] [arguments]
**
** Commands: create, start, run, exec, state, list, kill, delete, pause,
** resume, ps, update, events, checkpoint, restore, spec, features, help.
** Global options (before the command): --root DIR, --log FILE,
** --log-format text|json, --debug, --criu PATH, --version/-v, --help/-h.
**
** Flags.  A value follows as the next argument or after '=' (--root=/x).
** Like Go's flag package, which runc uses, a flag may be spelt with one or
** two dashes (-root, --root, -b, --b), and a boolean takes an optional
** =true/=false.  Command flags may come before or after the positional
** arguments; "--" ends the flags.  Unknown flags are errors.
**
** Exit codes, as runc's:
**   0     success; --help, --version, `runner` alone (prints the help);
**         `delete --force` of a container that does not exist
**   1     any error: a usage error (unknown flag or command, missing or
**         extra argument, bad signal) or a failure reported by lc
**   N     `run` in the foreground: the init's exit status, or 128+S when
**         signal S killed it (a shell's convention)
**
** Errors and logs.  Every error is one line.  Logs (lc's warnings, --debug
** output, and our errors) go to the --log file, or to stderr without one,
** as the lines runc's logger (logrus) writes:
**   text: time="2006-01-02T15:04:05Z07:00" level=error msg="..."
**   json: {"level":"error","msg":"...","time":"2006-01-02T15:04:05Z07:00"}
** A person reads the error on stderr as "runner: MSG".  The exception is
** --log-format json without --log: stderr is then the JSON log, which the
** caller asked for and parses, so the error is a JSON line there instead.
**
** This file calls lc.h and plain libc only: no syscalls of its own, no lc
** internals.  RUNNER_NO_MAIN leaves main() out so test/test_runner.c can
** include this file and call its static functions.  RUNNER_MINIMAL (the
** embedded build's) leaves out ps, update, events, checkpoint, restore and
** spec: they stay listed and fail with "NAME: not in this build".
*/
/* POSIX 2008 and Linux extras (sigwaitinfo, tm_gmtoff, SIGSTKFLT) even
 * under -std=c11; an includer that set it already keeps its choice. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h> /* rename; output goes through struct out, not stdio */
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <termios.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lc.h"

/* Built with lc's LC_NO_TERMINAL: no terminals (refused naming the field),
** and the pty proxy and console socket code drop out. */
#ifdef LC_NO_TERMINAL
#define RUNNER_TERMINAL 0
#else
#define RUNNER_TERMINAL 1
#endif

/* strerror, or with lc's LC_NO_ERRMSG (codes and errno only, no message
** text) errno's number: musl's table of messages stays out of that build. */
static const char *errstr(int e)
{
#ifdef LC_NO_ERRMSG
	static char buf[16];

	lc_snprintf(buf, sizeof buf, "errno %d", e);
	return buf;
#else
	return strerror(e);
#endif
}

/* config.json larger than this is refused before parsing (DESIGN: 1 MiB). */
#define RUNNER_CONFIG_MAX (1024 * 1024)

/* Go's tabwriter as runc's list sets it up: minwidth 12, padding 3. */
#define LIST_MINWIDTH 12
#define LIST_PADDING 3
#define LIST_COLS 6

/*
** Output without stdio: text collects in buf and leaves in one write(2)
** when buf is full or flushed.  A log line, built in its own buffer and
** flushed at its end, so reaches an O_APPEND file whole.
*/
struct out {
	int fd;
	int failed;  /* -errno of a failed write (a full disk, a closed pipe), or 0 */
	size_t n;    /* bytes waiting in buf */
	size_t size; /* of buf */
	char *buf;
};

/* Everything one invocation needs; no globals, so tests can make many. */
struct runner {
	char root[PATH_MAX];  /* state root: --root made absolute, or "" until
			       * runner_root() asks lc for the default */
	const char *log_path; /* --log FILE; NULL: logs go to errfd */
	int log_json;         /* --log-format json */
	int debug;            /* --debug: log at debug level */
	const char *criu;     /* --criu PATH: the criu binary (NULL: PATH) */
	const char *root_arg; /* --root as given */
	const char *log_format; /* --log-format as given */
	int version;          /* --version */
	struct out out;       /* command output: stdout (tests: a file) */
	int errfd;            /* errors for a person: stderr */
	int logfd;            /* the open --log file, or -1 */
	int argc;             /* the command and its arguments, set by */
	char **argv;          /* runner_parse(); argv[0] is the command name */
	char out_buf[4096];   /* out's buffer */
};

/* What a parser tells its caller. */
enum {
	PARSE_ERR = -1, /* a usage error, already reported: exit 1 */
	PARSE_OK = 0,   /* go on */
	PARSE_HELP = 1, /* --help or --version was answered: exit 0 */
};

/* flag_one() also says whether it took a flag or met a positional. */
enum {
	FLAG_POSITIONAL = 2,
	FLAG_TAKEN = 3,
};

enum flag_kind {
	FLAG_BOOL,       /* int: 1 when given (or =true), 0 for =false */
	FLAG_STR,        /* const char *: the value, never empty */
	FLAG_REFUSED,    /* known but not supported: the spec says why */
	FLAG_LIST,       /* struct flag_list: every value, in order */
};

/* The values of a flag that may be given many times (exec -e, --cap). */
#define FLAG_LIST_MAX 64
struct flag_list {
	const char *v[FLAG_LIST_MAX];
	int n;
};

/*
** One flag of a command, in a static table that both parses and prints
** the command's help.  The value goes into the command's options struct,
** at off.  A table ends with a NULL spec.
*/
struct flag {
	const char *spec;   /* "name ARG\tmeaning": the long name without
			     * dashes, the value's name if it takes one, and
			     * what it does (FLAG_REFUSED: why it is refused) */
	char short_name;    /* one-letter alias, 0 for none */
	unsigned char kind; /* enum flag_kind */
	unsigned short off; /* offsetof the value in the options struct */
};

#define FLAG(spec, short_name, kind, type, field) \
	{ spec, short_name, kind, offsetof(type, field) }

/* What an option or a command does, for --help.  RUNNER_MINIMAL's help
** lists the commands and options without it (a refused flag keeps its
** reason: it is the error). */
#ifdef RUNNER_MINIMAL
#define HELP(text) ""
#else
#define HELP(text) text
#endif

static void cmd_usage(struct runner *r, const char *name);
static void runner_usage(struct out *out);

/* ------------------------------------------------------------------ */
/* Logging: logrus-compatible lines                                    */

/* Level names as logrus prints them. */
static const char *log_level_name(int level)
{
	switch (level) {
	case LC_LOG_ERROR:
		return "error";
	case LC_LOG_WARN:
		return "warning";
	case LC_LOG_INFO:
		return "info";
	default:
		return "debug";
	}
}

/*
** t as RFC 3339 in UTC, "2006-01-02T15:04:05Z": runc's logrus writes
** local time with its offset, and UTC is as valid a time stamp; it keeps
** libc's time zone code out of a static runner.  buf needs 21 bytes.
*/
static void log_time(char *buf, size_t size, time_t t)
{
	lc_time_rfc3339(buf, size, t, -1);
}

/* write(2) all of buf.  Returns 0 or -errno. */
static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static void out_flush(struct out *o)
{
	int rc = o->n ? write_all(o->fd, o->buf, o->n) : 0;

	if (rc < 0)
		o->failed = rc;
	o->n = 0;
}

static void out_write(struct out *o, const char *s, size_t len)
{
	while (len > 0) {
		size_t k = o->size - o->n;

		if (k == 0) {
			out_flush(o);
			continue;
		}
		if (k > len)
			k = len;
		memcpy(o->buf + o->n, s, k);
		o->n += k;
		s += k;
		len -= k;
	}
}

static void out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

static void out_putc(struct out *o, char c)
{
	out_write(o, &c, 1);
}

/* fprintf without libc's printf: lc_vsnprintf, then out_write. */
static void out_print(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out_print(struct out *o, const char *fmt, ...)
{
	char buf[1024];
	char *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = lc_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if ((size_t)n < sizeof buf) {
		out_write(o, buf, (size_t)n);
		return;
	}
	big = malloc((size_t)n + 1);
	if (!big) {
		out_puts(o, buf);
		return;
	}
	va_start(ap, fmt);
	lc_vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	out_write(o, big, (size_t)n);
	free(big);
}

/* logrus's text formatter quotes a value unless it is all [A-Za-z0-9-._/@^+]. */
static int log_needs_quote(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-._/@^+", *s))
			return 1;
	return 0;
}

/*
** s quoted, in one of two ways:
**   text: as Go's strconv.Quote does (%q), bytes >= 0x80 passed as UTF-8:
**         \" \\ \a \b \f \n \r \t \v, other control bytes and DEL as \xXX;
**   json: as Go's encoding/json writes a string with HTML escaping on
**         (logrus's default): \" \\ \n \r \t, other control bytes as \u00XX,
**         < > & as \u003c \u003e \u0026, and U+2028/U+2029 escaped.
*/
static void log_put_quoted(struct out *f, const char *s, int json)
{
	const char *named = json ? "\nn\rr\tt" : "\aa\bb\ff\nn\rr\tt\vv";
	const unsigned char *p;
	const char *e;

	out_putc(f, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		unsigned char ch = *p;

		/* U+2028/U+2029 (line and paragraph separators) end lines
		 * for JavaScript parsers, so Go escapes them */
		if (json && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
			out_puts(f, p[2] == 0xa8 ? "\\u2028" : "\\u2029");
			p += 2;
		} else if (ch == '"' || ch == '\\') {
			out_putc(f, '\\');
			out_putc(f, (char)ch);
		} else if (ch < 0x20 && (e = strchr(named, ch))) {
			out_putc(f, '\\');
			out_putc(f, e[1]);
		} else if (json && (ch < 0x20 || strchr("<>&", ch))) {
			out_print(f, "\\u%04x", ch);
		} else if (!json && (ch < 0x20 || ch == 0x7f)) {
			out_print(f, "\\x%02x", ch);
		} else {
			out_putc(f, (char)ch);
		}
	}
	out_putc(f, '"');
}

/* The longest log line: a 4 KiB message, each byte escaped in six. */
#define LOG_LINE_MAX (32 * 1024)

/* One log line, newline included, in runc's text or JSON layout, written
** to fd in one write(2). */
static void log_write_line(int fd, int json, int level, const char *msg, time_t t)
{
	char line[LOG_LINE_MAX];
	struct out o = { fd, 0, 0, sizeof line, line };
	struct out *f = &o;
	char when[40];

	log_time(when, sizeof when, t);
	if (json) {
		/* encoding/json sorts map keys: level, msg, time */
		out_print(f, "{\"level\":\"%s\",\"msg\":", log_level_name(level));
		log_put_quoted(f, msg, 1);
		out_print(f, ",\"time\":\"%s\"}\n", when);
	} else {
		out_print(f, "time=\"%s\" level=%s msg=", when, log_level_name(level));
		if (log_needs_quote(msg))
			log_put_quoted(f, msg, 0);
		else
			out_puts(f, msg);
		out_putc(f, '\n');
	}
	out_flush(f);
}

/* Log msg at level to the --log file, or stderr without one. */
static void runner_vlog(struct runner *r, int level, const char *fmt, va_list ap)
{
	char msg[4096];

	if (level >= LC_LOG_DEBUG && !r->debug)
		return;
	lc_vsnprintf(msg, sizeof msg, fmt, ap);
	log_write_line(r->logfd >= 0 ? r->logfd : r->errfd, r->log_json, level, msg, lc_time_now(NULL));
}

static void runner_log(struct runner *r, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void runner_log(struct runner *r, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	runner_vlog(r, level, fmt, ap);
	va_end(ap);
}

/*
** Report an error: a log line in the --log file, and one line on stderr
** ("runner: MSG", or the JSON line when stderr is the JSON log).
*/
static void runner_error(struct runner *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void runner_error(struct runner *r, const char *fmt, ...)
{
	char msg[4096];
	va_list ap;

	va_start(ap, fmt);
	lc_vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (r->logfd >= 0)
		log_write_line(r->logfd, r->log_json, LC_LOG_ERROR, msg, lc_time_now(NULL));
	if (r->logfd < 0 && r->log_json) {
		log_write_line(r->errfd, 1, LC_LOG_ERROR, msg, lc_time_now(NULL));
	} else {
		char line[sizeof msg + 16];
		struct out o = { r->errfd, 0, 0, sizeof line, line };

		out_print(&o, "runner: %s\n", msg);
		out_flush(&o);
	}
}

/* lc's log callback: its lines join ours. */
static void runner_lc_log(int level, const char *msg, void *arg)
{
	runner_log(arg, level, "%s", msg);
}

/* Report an lc failure and return the exit code 1.  id names a container
** for the one message we word ourselves. */
static int runner_fail(struct runner *r, const char *id, const lc_error *err)
{
	if (err->code == LC_ENOTFOUND && id)
		runner_error(r, "container %s does not exist", id);
	else if (err->msg[0])
		runner_error(r, "%s", err->msg);
	else
		runner_error(r, "%s", lc_strerror(err->code));
	return 1;
}

/* Open the --log file for appending, as runc does (0644). */
static int runner_open_log(struct runner *r)
{
	int fd;

	/* runc's default log is /dev/stderr: treat it as "no log file" so an
	 * error is not printed twice. */
	if (!r->log_path || strcmp(r->log_path, "/dev/stderr") == 0)
		return 0;
	/* each line leaves in one write(2) (log_write_line), so O_APPEND
	 * keeps lines from concurrent runners whole */
	fd = open(r->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0) {
		runner_error(r, "open log %s: %s", r->log_path, errstr(errno));
		return -1;
	}
	r->logfd = fd;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Small helpers: paths, files, signals                                */

/*
** in made absolute against the working directory and cleaned lexically
** (no empty, "." or ".." components), like Go's filepath.Abs, which runc
** applies to --root, --bundle and --pid-file.  Returns 0 or -errno.
*/
static int path_abs(const char *in, char *out, size_t size)
{
	char joined[PATH_MAX * 2];
	const char *p;
	size_t len = 0;
	int n;

	if (!in || !*in)
		return -EINVAL;
	if (in[0] == '/') {
		n = lc_snprintf(joined, sizeof joined, "%s", in);
	} else {
		char cwd[PATH_MAX];

		if (!getcwd(cwd, sizeof cwd))
			return -errno;
		n = lc_snprintf(joined, sizeof joined, "%s/%s", cwd, in);
	}
	if (n < 0 || (size_t)n >= sizeof joined)
		return -ENAMETOOLONG;

	/* out grows one "/component" at a time; ".." drops the last one */
	for (p = joined; *p;) {
		size_t clen;

		while (*p == '/')
			p++;
		clen = strcspn(p, "/");
		if (clen == 0 || (clen == 1 && p[0] == '.')) {
			p += clen;
			continue;
		}
		if (clen == 2 && p[0] == '.' && p[1] == '.') {
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
			p += clen;
			continue;
		}
		if (len + 1 + clen >= size)
			return -ENAMETOOLONG;
		out[len++] = '/';
		memcpy(out + len, p, clen);
		len += clen;
		p += clen;
	}
	if (len == 0) {
		if (size < 2)
			return -ENAMETOOLONG;
		out[len++] = '/';
	}
	out[len] = '\0';
	return 0;
}

/*
** Read the bundle's config.json (or another JSON file; "-" is stdin) into
** a new NUL-terminated buffer.  Files over RUNNER_CONFIG_MAX are refused
** before lc parses anything.  Returns 0, or -1 after reporting.
*/
static int config_read(struct runner *r, const char *path, char **out, size_t *len)
{
	char *buf = NULL;
	size_t have = 0;
	size_t cap = RUNNER_CONFIG_MAX + 1;
	ssize_t n;
	off_t size;
	int fd;

	/* "-" is stdin, read from a duplicate so that both are closed alike
	** (dup and lseek, not fcntl and fstat: musl's are 1 KiB more) */
	fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		runner_error(r, "open %s: %s", path, errstr(errno));
		return -1;
	}
	size = lseek(fd, 0, SEEK_END);
	if (size >= 0 && lseek(fd, 0, SEEK_SET) == 0) {
		if (size > RUNNER_CONFIG_MAX)
			goto too_large;
		/* the file's size and one byte to see it end: a small buffer,
		 * not a mapping of the whole limit (grown if the file grew) */
		cap = (size_t)size + 1;
	}
	buf = malloc(cap + 1);
	if (!buf) {
		runner_error(r, "read %s: %s", path, errstr(ENOMEM));
		goto out_close;
	}
	/* read one byte past the limit to tell "exactly 1 MiB" from "more" */
	while (have <= RUNNER_CONFIG_MAX) {
		if (have == cap) {
			char *more = realloc(buf, RUNNER_CONFIG_MAX + 2);

			if (!more) {
				runner_error(r, "read %s: %s", path, errstr(ENOMEM));
				goto out_free;
			}
			buf = more;
			cap = RUNNER_CONFIG_MAX + 1;
		}
		n = read(fd, buf + have, cap - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			runner_error(r, "read %s: %s", path, errstr(errno));
			goto out_free;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	if (have > RUNNER_CONFIG_MAX)
		goto too_large;
	close(fd);
	buf[have] = '\0';
	*out = buf;
	*len = have;
	return 0;

too_large:
	runner_error(r, "%s: file too large (the limit is %d bytes)", path, RUNNER_CONFIG_MAX);
out_free:
	free(buf);
out_close:
	close(fd);
	return -1;
}

/*
** Write pid (decimal, no newline, as runc does) to path atomically: into
** ".NAME.PID.tmp" in the same directory, then rename over path, so a
** reader never sees a partial file.  Returns 0, or -1 after reporting.
*/
static int pidfile_write(struct runner *r, const char *path, long pid)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;
	char tmp[PATH_MAX];
	char text[24];
	int fd;
	int rc;
	int n;

	n = lc_snprintf(tmp, sizeof tmp, "%.*s.%s.%ld.tmp", dirlen, path, path + dirlen,
		     (long)getpid());
	if (n < 0 || (size_t)n >= sizeof tmp) {
		runner_error(r, "pid file %s: %s", path, errstr(ENAMETOOLONG));
		return -1;
	}
	/* the name holds our pid, so a file there is a leftover of a dead
	 * runner that had it; O_EXCL|O_NOFOLLOW then refuse anything else */
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0) {
		runner_error(r, "open %s: %s", tmp, errstr(errno));
		return -1;
	}
	n = lc_snprintf(text, sizeof text, "%ld", pid);
	rc = write_all(fd, text, (size_t)n);
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc < 0) {
		runner_error(r, "write %s: %s", tmp, errstr(-rc));
		goto out_unlink;
	}
	if (rename(tmp, path) < 0) {
		runner_error(r, "rename %s to %s: %s", tmp, path, errstr(errno));
		goto out_unlink;
	}
	return 0;

out_unlink:
	unlink(tmp);
	return -1;
}

/* Signal names as kill(1) and runc know them, without "SIG": 8 bytes an
** entry, no pointers. */
static const struct {
	char name[7];
	unsigned char sig;
} signal_names[] = {
	{ "HUP", SIGHUP },	 { "INT", SIGINT },	  { "QUIT", SIGQUIT },
	{ "ILL", SIGILL },	 { "TRAP", SIGTRAP },	  { "ABRT", SIGABRT },
	{ "IOT", SIGIOT },	 { "BUS", SIGBUS },	  { "FPE", SIGFPE },
	{ "KILL", SIGKILL },	 { "USR1", SIGUSR1 },	  { "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 },	 { "PIPE", SIGPIPE },	  { "ALRM", SIGALRM },
	{ "TERM", SIGTERM },	 { "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD },
	{ "CLD", SIGCHLD },	 { "CONT", SIGCONT },	  { "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP },	 { "TTIN", SIGTTIN },	  { "TTOU", SIGTTOU },
	{ "URG", SIGURG },	 { "XCPU", SIGXCPU },	  { "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },	  { "WINCH", SIGWINCH },
	{ "IO", SIGIO },	 { "POLL", SIGPOLL },	  { "PWR", SIGPWR },
	{ "SYS", SIGSYS },
};

/* A decimal number of at most 9 digits (no sign), or -1. */
static int parse_small_uint(const char *s)
{
	int v = 0;
	int i;

	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 9)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return i > 0 ? v : -1;
}

/*
** A signal given as a number (0..SIGRTMAX), or a name in any case with or
** without "SIG" (KILL, SIGKILL, sigkill), or RTMIN, RTMIN+N, RTMAX, RTMAX-N.
** 0 is accepted: it checks that the init exists.  Returns 0 or -1.
*/
static int signal_parse(const char *s, int *sig)
{
	char up[20]; /* s in upper case (no libc strcasecmp, 300 bytes); the
		      * longest name is SIGRTMAX-NNNNNNNNN */
	const char *name = up;
	size_t i;
	int v;

	if (*s >= '0' && *s <= '9') {
		v = parse_small_uint(s);
		if (v < 0 || v > SIGRTMAX)
			return -1;
		*sig = v;
		return 0;
	}
	for (i = 0; s[i] && i < sizeof up - 1; i++)
		up[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i]);
	if (s[i])
		return -1; /* longer than any name */
	up[i] = '\0';
	if (strncmp(name, "SIG", 3) == 0)
		name += 3;
	for (i = 0; i < sizeof signal_names / sizeof signal_names[0]; i++) {
		if (strcmp(name, signal_names[i].name) == 0) {
			*sig = signal_names[i].sig;
			return 0;
		}
	}
	if (strncmp(name, "RTMIN", 5) == 0 || strncmp(name, "RTMAX", 5) == 0) {
		int max = name[4] == 'X';

		if (name[5] == '\0') {
			v = 0;
		} else if (name[5] == (max ? '-' : '+')) {
			v = parse_small_uint(name + 6);
			if (v < 0 || v > SIGRTMAX - SIGRTMIN)
				return -1;
		} else {
			return -1;
		}
		*sig = max ? SIGRTMAX - v : SIGRTMIN + v;
		return 0;
	}
	return -1;
}

/* A waitpid status as an exit code: the status, or 128+N for signal N. */
static int exit_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return 1;
}

/* ------------------------------------------------------------------ */
/* Flag parsing                                                        */

/* Does flag f answer to name[0..len): its long name, or its letter? */
static int flag_is(const struct flag *f, const char *name, size_t len)
{
	if (len == 1 && f->short_name && name[0] == f->short_name)
		return 1;
	return strcspn(f->spec, " \t") == len && strncmp(f->spec, name, len) == 0;
}

/* "true"/"false" and the other spellings Go's strconv.ParseBool takes. */
static int parse_bool(const char *s, int *v)
{
	static const char *const yes[] = { "1", "t", "T", "true", "TRUE", "True" };
	static const char *const no[] = { "0", "f", "F", "false", "FALSE", "False" };
	size_t i;

	for (i = 0; i < 6; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*v = 1;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*v = 0;
			return 0;
		}
	}
	return -1;
}

/*
** Look at argv[*i].  A flag from flags is stored into opts and *i moves
** past it (and its value): FLAG_TAKEN.  A non-flag leaves *i alone:
** FLAG_POSITIONAL.  --help/-h: PARSE_HELP.  Anything else is reported:
** PARSE_ERR.  ctx, when not NULL, is the command name that prefixes
** messages.
*/
static int flag_one(struct runner *r, const char *ctx, const struct flag *flags, void *opts,
		    int argc, char **argv, int *i)
{
	const char *arg = argv[*i];
	const char *pre = ctx ? ctx : "";
	const char *sep = ctx ? ": " : "";
	const char *name;
	const char *eq;
	const char *value;
	const struct flag *f;
	void *dest;
	int shown; /* the flag as typed, without "=value" */
	size_t len;

	if (arg[0] != '-' || arg[1] == '\0')
		return FLAG_POSITIONAL;
	name = arg + (arg[1] == '-' ? 2 : 1);
	eq = strchr(name, '=');
	len = eq ? (size_t)(eq - name) : strlen(name);
	value = eq ? eq + 1 : NULL;
	shown = (int)(name - arg + len);

	for (f = flags; f && f->spec; f++)
		if (flag_is(f, name, len))
			break;
	if (!f || !f->spec) {
		if ((len == 4 && strncmp(name, "help", 4) == 0) || (len == 1 && *name == 'h'))
			return PARSE_HELP;
		runner_error(r, "%s%sunknown flag %.*s", pre, sep, shown, arg);
		return PARSE_ERR;
	}
	dest = (char *)opts + f->off;

	switch (f->kind) {
	case FLAG_REFUSED:
		runner_error(r, "%s%s%.*s: %s", pre, sep, shown, arg, strchr(f->spec, '\t') + 1);
		return PARSE_ERR;
	case FLAG_BOOL:
		if (!value) {
			*(int *)dest = 1;
		} else if (parse_bool(value, dest) < 0) {
			runner_error(r, "%s%sinvalid value \"%s\" for flag %.*s", pre, sep, value,
				     shown, arg);
			return PARSE_ERR;
		}
		(*i)++;
		return FLAG_TAKEN;
	case FLAG_STR:
	case FLAG_LIST:
		if (!value && *i + 1 < argc)
			value = argv[++*i];
		if (!value || !*value) {
			runner_error(r, "%s%sflag %.*s needs a value", pre, sep, shown, arg);
			return PARSE_ERR;
		}
		if (f->kind == FLAG_STR) {
			*(const char **)dest = value;
		} else {
			struct flag_list *l = dest;

			if (l->n == FLAG_LIST_MAX) {
				runner_error(r, "%s%sflag %.*s given more than %d times", pre, sep,
					     shown, arg, FLAG_LIST_MAX);
				return PARSE_ERR;
			}
			l->v[l->n++] = value;
		}
		(*i)++;
		return FLAG_TAKEN;
	}
	return PARSE_ERR;
}

/* flag_one for a command (argv[0] is its name), printing its usage for
** --help. */
static int flag_step(struct runner *r, const struct flag *flags, void *opts, int argc,
		     char **argv, int *i)
{
	int rc = flag_one(r, argv[0], flags, opts, argc, argv, i);

	if (rc == PARSE_HELP)
		cmd_usage(r, argv[0]);
	return rc;
}

/*
** Parse a command's arguments (argv[0] is its name) against flags, into
** opts.  The positional ones go to pos[]: at least min, at most max;
** what[k] names positional k for the "missing" message.  Unset slots
** become NULL.  With rest, parsing stops after the max-th positional and
** *rest is the index of what follows, the arguments of the command that
** exec or ps runs, flags or not.  Returns PARSE_OK, PARSE_HELP (usage
** printed) or PARSE_ERR (reported).
*/
static int cmd_parse(struct runner *r, const struct flag *flags, void *opts, int argc,
		     char **argv, const char **pos, int min, int max, const char *const *what,
		     int *rest)
{
	int only_positional = 0;
	int n = 0;
	int i = 1;
	int rc;

	while (i < argc) {
		if (!only_positional && strcmp(argv[i], "--") == 0) {
			only_positional = 1;
			i++;
			continue;
		}
		if (!only_positional) {
			rc = flag_step(r, flags, opts, argc, argv, &i);
			if (rc == PARSE_HELP || rc == PARSE_ERR)
				return rc;
			if (rc == FLAG_TAKEN)
				continue;
		}
		if (n == max) {
			runner_error(r, "%s: unexpected argument \"%s\"", argv[0], argv[i]);
			return PARSE_ERR;
		}
		pos[n++] = argv[i++];
		if (rest && n == max)
			break;
	}
	if (rest)
		*rest = i;
	if (n < min) {
		runner_error(r, "%s: missing %s", argv[0], what[n]);
		return PARSE_ERR;
	}
	for (; n < max; n++)
		pos[n] = NULL;
	return PARSE_OK;
}

/* The exit code for a parser's answer other than PARSE_OK. */
static int parse_exit(int rc)
{
	return rc == PARSE_HELP ? 0 : 1;
}

static const char *const what_id[] = { "container ID", "signal" };

/* Set up r with its output streams and no options. */
static void runner_init(struct runner *r, int outfd, int errfd)
{
	memset(r, 0, sizeof *r);
	r->out = (struct out){ outfd, 0, 0, sizeof r->out_buf, r->out_buf };
	r->errfd = errfd;
	r->logfd = -1;
}

/* The global options, before the command. */
static const struct flag global_flags[] = {
	FLAG("root DIR\t" HELP("container state (default: /run/lc as root, $XDG_RUNTIME_DIR/lc "
	     "otherwise)"), 0, FLAG_STR, struct runner, root_arg),
	FLAG("log FILE\t" HELP("write logs to FILE (default: stderr)"), 0, FLAG_STR, struct runner,
	     log_path),
	FLAG("log-format FMT\t" HELP("text (default) or json"), 0, FLAG_STR, struct runner, log_format),
	FLAG("debug\t" HELP("log at debug level"), 0, FLAG_BOOL, struct runner, debug),
	FLAG("criu PATH\t" HELP("the criu binary for checkpoint/restore (default: criu in PATH)"), 0,
	     FLAG_STR, struct runner, criu),
	FLAG("version\t" HELP("print the version"), 'v', FLAG_BOOL, struct runner, version),
	FLAG("systemd-cgroup\tnot supported (lc drives cgroupfs itself; set linux.cgroupsPath)",
	     0, FLAG_REFUSED, struct runner, version),
	{ NULL, 0, 0, 0 },
};

/*
** Parse the global options in argv[1..] up to the command; r->argc/argv
** then hold the command and its arguments.  Returns PARSE_OK, PARSE_HELP
** when --help, --version or an empty command line was answered, or
** PARSE_ERR after reporting.  Nothing is opened here.
*/
static int runner_parse(struct runner *r, int argc, char **argv)
{
	const char *format;
	int i = 1;
	int rc;

	while (i < argc) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		rc = flag_one(r, NULL, global_flags, r, argc, argv, &i);
		if (rc == PARSE_HELP) {
			runner_usage(&r->out);
			return PARSE_HELP;
		}
		if (rc == PARSE_ERR)
			return PARSE_ERR;
		if (rc == FLAG_POSITIONAL)
			break;
	}

	format = r->log_format;
	if (format && strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
		runner_error(r, "invalid --log-format \"%s\": want text or json", format);
		return PARSE_ERR;
	}
	r->log_json = format && strcmp(format, "json") == 0;
	if (r->root_arg) {
		rc = path_abs(r->root_arg, r->root, sizeof r->root);
		if (rc < 0) {
			runner_error(r, "--root %s: %s", r->root_arg, errstr(-rc));
			return PARSE_ERR;
		}
	}
	if (r->version) {
		out_print(&r->out, "runner version %s\nspec: %s\n", LC_VERSION, LC_OCI_VERSION);
		return PARSE_HELP;
	}
	r->argc = argc - i;
	r->argv = argv + i;
	if (r->argc == 0) {
		/* runc prints its help and succeeds; so do we */
		runner_usage(&r->out);
		return PARSE_HELP;
	}
	return PARSE_OK;
}

/* r->root, asking lc for the default the first time.  0 or -1 (reported). */
static int runner_root(struct runner *r)
{
	lc_error err;

	if (r->root[0])
		return 0;
	if (lc_default_root(r->root, sizeof r->root, &err) < 0) {
		r->root[0] = '\0';
		runner_fail(r, NULL, &err);
		return -1;
	}
	return 0;
}

/* Load container id from the root; 0, or 1 after reporting. */
static int container_load(struct runner *r, const char *id, lc_container **c)
{
	lc_error err;

	if (runner_root(r) < 0)
		return 1;
	if (lc_container_load(r->root, id, c, &err) < 0)
		return runner_fail(r, id, &err);
	return 0;
}

/* ------------------------------------------------------------------ */
/* create, run, start                                                  */

/* Options of create and run (run's extras stay 0 for create). */
/* ------------------------------------------------------------------ */
/* Terminals                                                           */

/* Connect to the --console-socket PATH; the fd, or -1 (reported). */
static int console_connect(struct runner *r, const char *path)
{
	struct sockaddr_un sa;
	size_t len = strlen(path);
	int fd;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (len >= sizeof sa.sun_path) {
		runner_error(r, "--console-socket %s: path too long", path);
		return -1;
	}
	memcpy(sa.sun_path, path, len); /* sa is zeroed: the NUL is there */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
		return fd;
	runner_error(r, "--console-socket %s: %s", path, errstr(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

/*
** Where a terminal's master goes: to the console socket when one is
** given; a detached process without one is refused, as runc does (nobody
** would hold the master).  Sets p->console_socket; 0 or -1 (reported).
*/
static int console_setup(struct runner *r, lc_process *p, const char *socket_path, int detach)
{
	if (!RUNNER_TERMINAL && (p->terminal || socket_path)) {
		runner_error(r, "process.terminal: terminals are not supported: built with "
				"LC_NO_TERMINAL");
		return -1;
	}
	if (!p->terminal) {
		if (socket_path) {
			runner_error(r, "--console-socket needs a terminal (process.terminal or -t)");
			return -1;
		}
		return 0;
	}
	if (!socket_path) {
		if (detach) {
			runner_error(r, "cannot allocate a tty for a detached process without "
					"--console-socket");
			return -1;
		}
		return 0;
	}
	p->console_socket = console_connect(r, socket_path);
	return p->console_socket < 0 ? -1 : 0;
}

/* Write all of buf to fd, waiting while it is full.  0 or -1. */
static int tty_write(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && (errno == EINTR || errno == EAGAIN)) {
			struct pollfd p = { fd, POLLOUT, 0 };

			poll(&p, 1, 100);
			continue;
		}
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The runner's window size onto the pty (SIGWINCH then reaches the
** process's foreground group by itself). */
static void tty_copy_size(int master)
{
	struct winsize ws;

	if (ioctl(0, TIOCGWINSZ, &ws) == 0)
		ioctl(master, TIOCSWINSZ, &ws);
}

/*
** The process a foreground run or exec stays with: the container's init
** (c set, waited for through lc) or an exec'd process (pid, our child).
*/
struct fg {
	struct runner *r;
	lc_container *c;
	pid_t pid;
};

enum { FG_RUNNING = -1, FG_FAILED = -2 };

/* The process's exit code once it has exited, FG_RUNNING while it runs,
 * or FG_FAILED after saying why waiting for it failed. */
static int fg_done(struct fg *f)
{
	lc_error err;
	int wstatus;
	pid_t w;
	int rc;

	if (f->c) {
		rc = lc_container_wait(f->c, &wstatus, LC_WAIT_NOHANG, &err);
		if (rc == 0)
			return exit_code(wstatus);
		if (rc == LC_EAGAIN)
			return FG_RUNNING;
		runner_fail(f->r, NULL, &err);
		return FG_FAILED;
	}
	w = waitpid(f->pid, &wstatus, WNOHANG);
	if (w == f->pid)
		return exit_code(wstatus);
	if (w == 0 || errno == EINTR)
		return FG_RUNNING;
	runner_error(f->r, "wait for %d: %s", (int)f->pid, errstr(errno));
	return FG_FAILED;
}

/* Pass a signal on; the process may be exiting right now, so a failure
 * is only worth a warning. */
static void fg_signal(struct fg *f, int sig)
{
	lc_error err;

	runner_log(f->r, LC_LOG_DEBUG, "forwarding signal %d to %s", sig,
		   f->c ? "the init" : "the process");
	if (f->c ? lc_container_signal(f->c, sig, 0, &err) < 0 : kill(f->pid, sig) < 0)
		runner_log(f->r, LC_LOG_WARN, "forward signal %d: %s", sig,
			   f->c ? err.msg : errstr(errno));
}

/*
** Stay with the process: forward signals to it until it exits, then
** return its exit code (or 1 when waiting fails).  The caller has blocked
** set, so signals queue up and sigwaitinfo takes them in turn; SIGCHLD
** wakes us to reap.
*/
static int fg_forward(struct fg *f, const sigset_t *set)
{
	siginfo_t info;
	int code;
	int sig;

	while ((code = fg_done(f)) == FG_RUNNING) {
		sig = sigwaitinfo(set, &info);
		if (sig < 0 && errno != EINTR) {
			runner_error(f->r, "sigwaitinfo: %s", errstr(errno));
			return 1;
		}
		if (sig > 0 && sig != SIGCHLD)
			fg_signal(f, sig);
	}
	return code < 0 ? 1 : code;
}

/*
** A foreground process with a terminal and no console socket: copy stdin
** to the pty and the pty to stdout, in raw mode when stdin is a terminal
** (restored before returning), follow the window size, and pass other
** signals on to the process, until it exits; return its exit code (or 1).
** The caller has blocked set.
*/
static int tty_proxy(struct fg *f, int master, const sigset_t *set)
{
	struct runner *r = f->r;
	struct termios saved;
	struct termios raw;
	int is_tty = tcgetattr(0, &saved) == 0; /* fails (ENOTTY) unless a terminal */
	int in_open = 1;
	int out_open = 1;
	char buf[4096];
	int code;
	int sfd;

	sfd = signalfd(-1, set, SFD_CLOEXEC);
	if (sfd < 0) {
		runner_error(r, "signalfd: %s", errstr(errno));
		return 1;
	}
	ioctl(master, FIONBIO, &(int){ 1 }); /* O_NONBLOCK (musl's fcntl is 400 bytes) */
	if (is_tty) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
		tty_copy_size(master);
	}
	while ((code = fg_done(f)) == FG_RUNNING) {
		struct pollfd pf[3] = {
			{ sfd, POLLIN, 0 },
			{ out_open ? master : -1, POLLIN, 0 },
			{ in_open ? 0 : -1, POLLIN, 0 },
		};
		ssize_t n;

		if (poll(pf, 3, 1000) < 0 && errno != EINTR)
			break;
		if (pf[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
				if (si.ssi_signo == SIGWINCH && is_tty)
					tty_copy_size(master);
				else if (si.ssi_signo != SIGCHLD)
					fg_signal(f, (int)si.ssi_signo);
			}
		}
		if (pf[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(master, buf, sizeof buf);
			if (n > 0)
				tty_write(1, buf, (size_t)n);
			else if (n == 0 || (errno != EAGAIN && errno != EINTR))
				out_open = 0; /* EIO: the process closed its side */
		}
		if (pf[2].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(0, buf, sizeof buf);
			if (n > 0)
				tty_write(master, buf, (size_t)n);
			else if (n == 0 || errno != EINTR)
				in_open = 0;
		}
	}
	/* what the process wrote last */
	while (out_open) {
		ssize_t n = read(master, buf, sizeof buf);

		if (n <= 0)
			break;
		tty_write(1, buf, (size_t)n);
	}
	if (is_tty)
		tcsetattr(0, TCSANOW, &saved);
	close(sfd);
	return code < 0 ? 1 : code;
}

/* Add "KEY=VALUE" to p->env, replacing an entry with the same key. */
static int process_setenv(lc_process *p, const char *kv)
{
	size_t klen = strcspn(kv, "=");
	size_t n = 0;
	char **env;
	char *dup;

	for (; p->env && p->env[n]; n++) {
		if (strncmp(p->env[n], kv, klen) == 0 && p->env[n][klen] == '=') {
			dup = strdup(kv);
			if (!dup)
				return -1;
			free(p->env[n]);
			p->env[n] = dup;
			return 0;
		}
	}
	env = realloc(p->env, (n + 2) * sizeof *env);
	if (!env)
		return -1;
	p->env = env;
	env[n] = strdup(kv);
	env[n + 1] = NULL;
	return env[n] ? 0 : -1;
}

/*
** The fds a process gets besides stdio, as runc passes them: with
** init_proc, the socket-activation fds of LISTEN_FDS first (the process
** is told LISTEN_FDS=N and LISTEN_PID=1), then --preserve-fds N more;
** together they are the caller's fds 3 and up.
*/
static int process_pass_fds(struct runner *r, lc_process *p, const char *preserve, int init_proc)
{
	const char *listen = getenv("LISTEN_FDS");
	int n_listen = 0;
	int n = 0;

	if (preserve && (n = parse_small_uint(preserve)) < 0) {
		runner_error(r, "--preserve-fds: invalid number \"%s\"", preserve);
		return -1;
	}
	if (init_proc && listen && *listen) {
		char kv[32];

		n_listen = parse_small_uint(listen);
		if (n_listen < 0) {
			runner_error(r, "LISTEN_FDS: invalid number \"%s\"", listen);
			return -1;
		}
		lc_snprintf(kv, sizeof kv, "LISTEN_FDS=%d", n_listen);
		if (n_listen > 0 && (process_setenv(p, kv) < 0 ||
				     process_setenv(p, "LISTEN_PID=1") < 0)) {
			runner_error(r, "out of memory");
			return -1;
		}
	}
	p->preserve_fds = n_listen + n;
	return 0;
}

struct create_opts {
	const char *bundle;   /* -b, --bundle; NULL means "." */
	const char *pid_file; /* --pid-file */
	const char *preserve; /* --preserve-fds N */
	const char *console;  /* --console-socket PATH */
	int no_pivot;         /* --no-pivot */
	int detach;           /* run: -d, --detach */
	int keep;             /* run: --keep, leave the stopped container */
	const char *id;
	const lc_criu_opts *restore; /* restore: criu restores the init instead
				      * of a start */
};

/* run's flags; create's are the same without the first two. */
static const struct flag run_flags[] = {
	FLAG("detach\t" HELP("do not wait for the process"), 'd', FLAG_BOOL,
	     struct create_opts, detach),
	FLAG("keep\t" HELP("keep the stopped container's state after it exits"), 0, FLAG_BOOL,
	     struct create_opts, keep),
	FLAG("bundle DIR\t" HELP("bundle directory with config.json (default: .)"), 'b', FLAG_STR,
	     struct create_opts, bundle),
	FLAG("pid-file FILE\t" HELP("write the init's pid to FILE"), 0, FLAG_STR, struct create_opts,
	     pid_file),
	FLAG("preserve-fds N\t" HELP("pass fds 3..3+N-1 on to the process"), 0, FLAG_STR,
	     struct create_opts, preserve),
	FLAG("console-socket PATH\t" HELP("send the terminal's master fd to this unix socket"), 0,
	     FLAG_STR, struct create_opts, console),
	FLAG("no-pivot\t" HELP("use MS_MOVE and chroot instead of pivot_root"), 0, FLAG_BOOL,
	     struct create_opts, no_pivot),
	{ NULL, 0, 0, 0 },
};
#define create_flags (run_flags + 2)

static int create_parse(struct runner *r, int argc, char **argv, int is_run,
			struct create_opts *o)
{
	int rc;

	memset(o, 0, sizeof *o);
	rc = cmd_parse(r, is_run ? run_flags : create_flags, o, argc, argv, &o->id, 1, 1,
		       what_id, NULL);
	if (!is_run)
		o->detach = 1; /* create never waits: its process is detached */
	return rc;
}

/* Destroy c, killing what runs in it; a failure is only worth a warning. */
static void container_discard(struct runner *r, lc_container *c, const char *id)
{
	lc_error err;

	if (lc_container_destroy(c, 1, &err) < 0)
		runner_log(r, LC_LOG_WARN, "destroy %s: %s", id, err.msg);
}

/*
** create and run up to the pre-exec barrier: read BUNDLE/config.json,
** make the container, start its init (blocked before execve), write the
** pid file.  On failure whatever was made is destroyed and the error
** reported: returns 1.  On success the caller owns *cfgp and *cp.
*/
static int container_setup(struct runner *r, const struct create_opts *o, lc_config **cfgp,
			   lc_container **cp)
{
	char bundle[PATH_MAX];
	char path[PATH_MAX];
	char pid_file[PATH_MAX];
	lc_config *cfg = NULL;
	lc_container *c = NULL;
	lc_error err;
	char *json = NULL;
	size_t len;
	int rc;

	if (lc_id_check(o->id, &err) < 0)
		return runner_fail(r, NULL, &err);
	rc = path_abs(o->bundle ? o->bundle : ".", bundle, sizeof bundle);
	if (rc < 0) {
		runner_error(r, "bundle %s: %s", o->bundle ? o->bundle : ".", errstr(-rc));
		return 1;
	}
	/* before the chdir below: a relative pid file is relative to where
	 * we were started, as with runc */
	if (o->pid_file) {
		rc = path_abs(o->pid_file, pid_file, sizeof pid_file);
		if (rc < 0) {
			runner_error(r, "pid file %s: %s", o->pid_file, errstr(-rc));
			return 1;
		}
	}
	rc = lc_snprintf(path, sizeof path, "%s/config.json", strcmp(bundle, "/") ? bundle : "");
	if (rc < 0 || (size_t)rc >= sizeof path) {
		runner_error(r, "bundle %s: %s", bundle, errstr(ENAMETOOLONG));
		return 1;
	}
	if (config_read(r, path, &json, &len) < 0)
		return 1;
	if (lc_config_from_oci(json, len, bundle, &cfg, &err) < 0) {
		rc = runner_fail(r, NULL, &err);
		goto out_json;
	}
	if (o->no_pivot)
		cfg->no_pivot = 1;
	if (process_pass_fds(r, &cfg->process, o->preserve, 1) < 0 ||
	    console_setup(r, &cfg->process, o->console, o->detach) < 0) {
		rc = 1;
		goto out_cfg;
	}
	if (runner_root(r) < 0) {
		rc = 1;
		goto out_cfg;
	}
	/* runc works from inside the bundle: relative paths in the config
	 * (bind mount sources, hooks) then mean the same for both */
	if (chdir(bundle) < 0) {
		runner_error(r, "chdir %s: %s", bundle, errstr(errno));
		rc = 1;
		goto out_cfg;
	}
	runner_log(r, LC_LOG_DEBUG, "creating container %s from %s in %s", o->id, path, r->root);
	if (lc_container_create(r->root, o->id, cfg, &c, &err) < 0) {
		rc = runner_fail(r, NULL, &err);
		goto out_cfg;
	}
	if (o->restore)
		rc = lc_container_restore(c, &cfg->process, o->restore, &err);
	else
		rc = lc_container_start(c, &cfg->process, &err);
	if (cfg->process.console_socket >= 0) {
		close(cfg->process.console_socket); /* lc sent the master on it */
		cfg->process.console_socket = -1;
	}
	if (rc < 0) {
		rc = runner_fail(r, NULL, &err);
		goto out_destroy;
	}
	if (o->pid_file && pidfile_write(r, pid_file, (long)lc_container_pid(c)) < 0) {
		rc = 1;
		goto out_destroy;
	}
	free(json);
	*cfgp = cfg;
	*cp = c;
	return 0;

out_destroy:
	container_discard(r, c, o->id);
	lc_container_free(c);
out_cfg:
	if (cfg && cfg->process.console_socket >= 0)
		close(cfg->process.console_socket);
	lc_config_free(cfg);
out_json:
	free(json);
	return rc;
}

/* An inherited SIG_IGN on SIGCHLD would have the kernel reap our child
 * (the init, an exec'd process, a hook, newuidmap) behind our back, and wait would never see
 * its status: back to the default. */
static void sigchld_default(void)
{
	struct sigaction dfl;

	memset(&dfl, 0, sizeof dfl); /* sa_handler SIG_DFL, empty sa_mask */
	sigaction(SIGCHLD, &dfl, NULL);
}

static int cmd_create(struct runner *r, int argc, char **argv)
{
	struct create_opts o;
	lc_config *cfg;
	lc_container *c;
	int rc;

	rc = create_parse(r, argc, argv, 0, &o);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	sigchld_default(); /* the hooks and newuidmap are waited for */
	if (container_setup(r, &o, &cfg, &c))
		return 1;
	lc_container_free(c);
	lc_config_free(cfg);
	return 0;
}

/*
** The signals a foreground run passes on to the init: every one that can
** be caught, except SIGCHLD (ours: it drives the wait) and the faults our
** own code could raise, which must keep their default action.  Unless
** detach, they are blocked from here on: they wait in the queue until
** fg_forward() or tty_proxy() passes them on.
*/
static void run_signal_set(sigset_t *set, int detach)
{
	sigfillset(set);
	sigdelset(set, SIGKILL);
	sigdelset(set, SIGSTOP);
	sigdelset(set, SIGSEGV);
	sigdelset(set, SIGBUS);
	sigdelset(set, SIGILL);
	sigdelset(set, SIGFPE);
	sigdelset(set, SIGTRAP);
	sigdelset(set, SIGSYS);
	if (!detach)
		sigprocmask(SIG_BLOCK, set, NULL);
}

/* Stay with the foreground process until it exits: through the pty proxy
** when it has a terminal whose master lc kept in c (no console socket),
** else passing signals on.  Its exit code, or 1. */
static int fg_wait(struct fg *f, lc_container *c, int terminal, const sigset_t *set)
{
	int master;
	int rc;

	if (!RUNNER_TERMINAL || !terminal)
		return fg_forward(f, set);
	master = lc_container_take_console(c);
	rc = master < 0 ? 1 : tty_proxy(f, master, set);
	if (master >= 0)
		close(master);
	return rc;
}

static int cmd_run(struct runner *r, int argc, char **argv)
{
	struct create_opts o;
	lc_config *cfg;
	lc_container *c;
	lc_error err;
	struct fg fg;
	sigset_t set;
	int rc;

	rc = create_parse(r, argc, argv, 1, &o);
	if (rc != PARSE_OK)
		return parse_exit(rc);

	sigchld_default();

	if (container_setup(r, &o, &cfg, &c))
		return 1;

	/* Block the forwarded signals only now, after the init was cloned:
	 * it must not start life with our blocked mask. */
	run_signal_set(&set, o.detach);

	if (lc_container_exec(c, &err) < 0) {
		rc = runner_fail(r, NULL, &err);
		container_discard(r, c, o.id);
		goto out;
	}
	if (o.detach) {
		rc = 0;
		goto out;
	}
	fg = (struct fg){ r, c, 0 };
	rc = fg_wait(&fg, c, cfg->process.terminal, &set);
	if (!o.keep)
		container_discard(r, c, o.id);
	/* The mask stays blocked: a signal still queued must not kill us
	 * before we exit with the container's code. */
out:
	lc_container_free(c);
	lc_config_free(cfg);
	return rc;
}

/* start, pause, resume: one container ID, one lc call. */
static int cmd_id_call(struct runner *r, int argc, char **argv,
			    int (*fn)(lc_container *, lc_error *))
{
	const char *id;
	lc_container *c;
	lc_error err;
	int rc;

	rc = cmd_parse(r, NULL, NULL, argc, argv, &id, 1, 1, what_id, NULL);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	if (container_load(r, id, &c))
		return 1;
	rc = 0;
	if (fn(c, &err) < 0)
		rc = runner_fail(r, id, &err);
	lc_container_free(c);
	return rc;
}

static int cmd_start(struct runner *r, int argc, char **argv)
{
	return cmd_id_call(r, argc, argv, lc_container_exec);
}

/* ------------------------------------------------------------------ */
/* exec                                                                */

struct exec_opts {
	const char *process;       /* -p, --process process.json */
	const char *cwd;           /* --cwd */
	const char *user;          /* -u, --user uid[:gid] */
	const char *pid_file;      /* --pid-file */
	const char *preserve;      /* --preserve-fds N */
	const char *console;       /* --console-socket PATH */
	const char *apparmor;      /* --apparmor PROFILE */
	const char *label;         /* --process-label LABEL (SELinux) */
	int tty;                   /* -t, --tty */
	int detach;                /* -d, --detach */
	int no_new_privs;          /* --no-new-privs */
	int ignore_paused;         /* --ignore-paused */
	struct flag_list env;      /* -e, --env KEY=VALUE */
	struct flag_list caps;     /* -c, --cap CAP_X */
	struct flag_list gids;     /* -g, --additional-gids GID */
	const char *id;
	char **args;               /* the command, after the ID */
	int nargs;
};

/*
** runc's exec: flags, then the container ID, then the command and its
** arguments, which are not looked at for flags.
*/
static const struct flag exec_flags[] = {
	FLAG("process FILE\t" HELP("process.json to run instead of the command line"), 'p', FLAG_STR,
	     struct exec_opts, process),
	FLAG("env KEY=VALUE\t" HELP("set an environment variable (repeatable)"), 'e', FLAG_LIST,
	     struct exec_opts, env),
	FLAG("cwd DIR\t" HELP("working directory inside the container"), 0, FLAG_STR, struct exec_opts,
	     cwd),
	FLAG("user UID[:GID]\t" HELP("user and group ids"), 'u', FLAG_STR, struct exec_opts, user),
	FLAG("additional-gids G\t" HELP("add a supplementary group (repeatable)"), 'g', FLAG_LIST,
	     struct exec_opts, gids),
	FLAG("cap CAP\t" HELP("add a capability (repeatable)"), 'c', FLAG_LIST, struct exec_opts, caps),
	FLAG("no-new-privs\t" HELP("set no_new_privs"), 0, FLAG_BOOL, struct exec_opts, no_new_privs),
	FLAG("apparmor PROFILE\t" HELP("AppArmor profile to run the process under"), 0, FLAG_STR,
	     struct exec_opts, apparmor),
	FLAG("process-label LABEL\t" HELP("SELinux label to run the process with"), 0, FLAG_STR,
	     struct exec_opts, label),
	FLAG("tty\t" HELP("allocate a terminal for the process"), 't', FLAG_BOOL, struct exec_opts, tty),
	FLAG("console-socket PATH\t" HELP("send the terminal's master fd to this unix socket"), 0,
	     FLAG_STR, struct exec_opts, console),
	FLAG("detach\t" HELP("do not wait for the process"), 'd', FLAG_BOOL, struct exec_opts, detach),
	FLAG("pid-file FILE\t" HELP("write the process's pid to FILE"), 0, FLAG_STR, struct exec_opts,
	     pid_file),
	FLAG("preserve-fds N\t" HELP("pass fds 3..3+N-1 on to the process"), 0, FLAG_STR,
	     struct exec_opts, preserve),
	FLAG("ignore-paused\t" HELP("exec even into a paused container"), 0, FLAG_BOOL, struct exec_opts,
	     ignore_paused),
	FLAG("cgroup\tsub-cgroups are not supported yet", 0, FLAG_REFUSED, struct exec_opts, tty),
	{ NULL, 0, 0, 0 },
};

static int exec_parse(struct runner *r, int argc, char **argv, struct exec_opts *o)
{
	int i;
	int rc;

	memset(o, 0, sizeof *o);
	rc = cmd_parse(r, exec_flags, o, argc, argv, &o->id, 1, 1, what_id, &i);
	if (rc != PARSE_OK)
		return rc;
	o->args = argv + i;
	o->nargs = argc - i;
	if (!o->process && o->nargs == 0) {
		runner_error(r, "exec: missing the command to run (or -p process.json)");
		return PARSE_ERR;
	}
	return PARSE_OK;
}

/* Parse a decimal id (uid or gid) into *v.  0 or -1. */
static int parse_id(const char *s, uint32_t *v)
{
	unsigned long long x;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	x = lc_strtoull(s, &end);
	if (errno || *end || x > UINT32_MAX)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

/* Replace *dst with a copy of v ("" clears it, as in runc).  0 or -1. */
static int process_set_str(char **dst, const char *v)
{
	char *c = v[0] ? strdup(v) : NULL;

	if (v[0] && !c)
		return -1;
	free(*dst);
	*dst = c;
	return 0;
}

/*
** The process to exec: process.json, or the container's own process with
** the command line's args; then the overrides of the flags.  Returns a new
** lc_process or NULL (reported).
*/
static lc_process *exec_process(struct runner *r, lc_container *c, const struct exec_opts *o)
{
	const lc_config *cfg = lc_container_config(c);
	lc_process *p = NULL;
	lc_error err;
	int i;

	if (o->process) {
		char *json;
		size_t len;

		if (config_read(r, o->process, &json, &len) < 0)
			return NULL;
		i = lc_process_from_oci(json, len, &p, &err);
		free(json);
		if (i < 0) {
			runner_error(r, "%s: %s", o->process, err.msg);
			return NULL;
		}
	} else {
		if (!cfg) {
			runner_error(r, "exec: the config of container %s is not known: use -p",
				     o->id);
			return NULL;
		}
		if (lc_process_dup(&cfg->process, &p, &err) < 0) {
			runner_fail(r, o->id, &err);
			return NULL;
		}
	}
	if (o->nargs > 0) {
		char **args = calloc((size_t)o->nargs + 1, sizeof *args);

		if (!args)
			goto nomem;
		for (i = 0; i < o->nargs; i++)
			if (!(args[i] = strdup(o->args[i])))
				break;
		for (i = 0; p->args && p->args[i]; i++)
			free(p->args[i]);
		free(p->args);
		p->args = args;
		for (i = 0; i < o->nargs; i++)
			if (!args[i])
				goto nomem;
	}
	for (i = 0; i < o->env.n; i++) {
		if (!strchr(o->env.v[i], '=')) {
			runner_error(r, "exec: --env %s: expected KEY=VALUE", o->env.v[i]);
			goto fail;
		}
		if (process_setenv(p, o->env.v[i]) < 0)
			goto nomem;
	}
	if (o->cwd) {
		if (o->cwd[0] != '/') {
			runner_error(r, "exec: --cwd %s: must be an absolute path", o->cwd);
			goto fail;
		}
		free(p->cwd);
		if (!(p->cwd = strdup(o->cwd)))
			goto nomem;
	}
	if (o->user) {
		char buf[64];
		char *colon;

		lc_snprintf(buf, sizeof buf, "%s", o->user);
		colon = strchr(buf, ':');
		if (colon)
			*colon = '\0';
		if (parse_id(buf, &p->uid) < 0 || (colon && parse_id(colon + 1, &p->gid) < 0)) {
			runner_error(r, "exec: --user %s: expected UID[:GID] as numbers", o->user);
			goto fail;
		}
	}
	if (o->gids.n) {
		uint32_t *g = realloc(p->groups, (p->n_groups + (size_t)o->gids.n) * sizeof *g);

		if (!g)
			goto nomem;
		p->groups = g;
		for (i = 0; i < o->gids.n; i++) {
			if (parse_id(o->gids.v[i], &g[p->n_groups]) < 0) {
				runner_error(r, "exec: --additional-gids %s: not a number", o->gids.v[i]);
				goto fail;
			}
			p->n_groups++;
		}
	}
	for (i = 0; i < o->caps.n; i++) {
		int cap = lc_cap_from_name(o->caps.v[i]);

		if (cap < 0) {
			runner_error(r, "exec: --cap %s: unknown capability", o->caps.v[i]);
			goto fail;
		}
		p->has_caps = 1;
		p->caps.bounding |= 1ULL << cap;
		p->caps.effective |= 1ULL << cap;
		p->caps.permitted |= 1ULL << cap;
	}
	if (o->no_new_privs)
		p->no_new_privs = 1;
	/* lc refuses them where the host lacks the LSM, naming the field */
	if (o->apparmor && process_set_str(&p->apparmor_profile, o->apparmor) < 0)
		goto nomem;
	if (o->label && process_set_str(&p->selinux_label, o->label) < 0)
		goto nomem;
	/* runc: -t, or process.json's own "terminal" */
	if (!o->process)
		p->terminal = o->tty;
	else if (o->tty)
		p->terminal = 1;
	if (process_pass_fds(r, p, o->preserve, 0) < 0 ||
	    console_setup(r, p, o->console, o->detach) < 0)
		goto fail;
	return p;
nomem:
	runner_error(r, "exec: out of memory");
fail:
	if (p && p->console_socket >= 0)
		close(p->console_socket);
	lc_process_free(p);
	return NULL;
}

static int cmd_exec(struct runner *r, int argc, char **argv)
{
	struct exec_opts o;
	char pid_file[PATH_MAX];
	lc_container *c;
	lc_process *p;
	lc_error err;
	struct fg fg;
	sigset_t set;
	pid_t pid;
	int pidfd = -1;
	int rc;

	rc = exec_parse(r, argc, argv, &o);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	if (o.pid_file && path_abs(o.pid_file, pid_file, sizeof pid_file) < 0) {
		runner_error(r, "pid file %s: %s", o.pid_file, errstr(ENAMETOOLONG));
		return 1;
	}
	if (container_load(r, o.id, &c))
		return 1;
	p = exec_process(r, c, &o);
	if (!p) {
		lc_container_free(c);
		return 1;
	}
	sigchld_default();
	/* Signals sent from here on queue up for fg_forward to pass on: the
	 * process may already be running (and telling the world so) when
	 * spawn returns.  The child starts with an empty mask regardless. */
	run_signal_set(&set, o.detach);
	rc = lc_container_spawn(c, p, o.ignore_paused ? LC_SPAWN_IGNORE_PAUSED : 0, &pid,
				&pidfd, &err);
	if (p->console_socket >= 0) {
		close(p->console_socket); /* lc sent the master on it */
		p->console_socket = -1;
	}
	if (rc < 0) {
		rc = runner_fail(r, o.id, &err);
		goto out;
	}
	if (o.pid_file && pidfile_write(r, pid_file, (long)pid) < 0) {
		rc = 1;
		goto out;
	}
	if (o.detach) {
		rc = 0;
		goto out;
	}
	/* As run does: pass signals on to the process until it exits. */
	fg = (struct fg){ r, NULL, pid };
	rc = fg_wait(&fg, c, p->terminal, &set);
out:
	if (pidfd >= 0)
		close(pidfd);
	lc_process_free(p);
	lc_container_free(c);
	return rc;
}

/* ------------------------------------------------------------------ */
/* state, list                                                         */

static int cmd_state(struct runner *r, int argc, char **argv)
{
	const char *id;
	lc_container *c;
	lc_error err;
	char *json;
	int rc;

	rc = cmd_parse(r, NULL, NULL, argc, argv, &id, 1, 1, what_id, NULL);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	if (container_load(r, id, &c))
		return 1;
	rc = 0;
	if (lc_container_state(c, 2, &json, &err) < 0) {
		rc = runner_fail(r, id, &err);
	} else {
		out_print(&r->out, "%s\n", json);
		free(json);
	}
	lc_container_free(c);
	return rc;
}

/* One line of `list`. */
struct list_row {
	const char *id;
	long pid;            /* 0 when stopped, as runc shows it */
	const char *status;
	const char *bundle;
	const char *created; /* RFC 3339 */
	const char *owner;
};

/* Display width of s in columns: one per UTF-8 character, as tabwriter counts. */
static size_t text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* The cells of row (pid formatted into buf), or of the header when row is NULL. */
static void list_cells(const struct list_row *row, char *buf, size_t size,
		       const char *cell[LIST_COLS])
{
	static const char *const head[LIST_COLS] = { "ID",	"PID",	   "STATUS",
						     "BUNDLE", "CREATED", "OWNER" };

	if (!row) {
		memcpy(cell, head, sizeof head);
		return;
	}
	lc_snprintf(buf, size, "%ld", row->pid);
	cell[0] = row->id;
	cell[1] = buf;
	cell[2] = row->status;
	cell[3] = row->bundle;
	cell[4] = row->created;
	cell[5] = row->owner;
}

/*
** The `runc list` table: what Go's tabwriter prints with runc's settings
** (minwidth 12, padding 3, spaces).  A column is as wide as its widest
** cell plus 3, and at least 12; the last column is not padded.
*/
static void list_print_table(struct out *out, const struct list_row *rows, size_t n)
{
	size_t width[LIST_COLS - 1];
	const char *cell[LIST_COLS];
	char pid[24];
	size_t i;
	size_t k;

	for (k = 0; k < LIST_COLS - 1; k++)
		width[k] = LIST_MINWIDTH;
	for (i = 0; i <= n; i++) {
		list_cells(i ? &rows[i - 1] : NULL, pid, sizeof pid, cell);
		for (k = 0; k < LIST_COLS - 1; k++)
			if (text_width(cell[k]) + LIST_PADDING > width[k])
				width[k] = text_width(cell[k]) + LIST_PADDING;
	}
	for (i = 0; i <= n; i++) {
		list_cells(i ? &rows[i - 1] : NULL, pid, sizeof pid, cell);
		for (k = 0; k < LIST_COLS - 1; k++)
			out_print(out, "%s%*s", cell[k], (int)(width[k] - text_width(cell[k])), "");
		out_print(out, "%s\n", cell[LIST_COLS - 1]);
	}
}

struct list_opts {
	const char *format; /* -f, --format: "table" (default) or "json" */
	int quiet;          /* -q, --quiet: IDs only */
};

static const struct flag list_flags[] = {
	FLAG("format FMT\t" HELP("table (default) or json"), 'f', FLAG_STR, struct list_opts, format),
	FLAG("quiet\t" HELP("print container IDs only"), 'q', FLAG_BOOL, struct list_opts, quiet),
	{ NULL, 0, 0, 0 },
};

/* list's and ps's --format: "table" or "json".  PARSE_OK, or PARSE_ERR
** after reporting. */
static int format_check(struct runner *r, const char *cmd, const char *format)
{
	if (strcmp(format, "table") == 0 || strcmp(format, "json") == 0)
		return PARSE_OK;
	runner_error(r, "%s: invalid format \"%s\": want table or json", cmd, format);
	return PARSE_ERR;
}

static int list_parse(struct runner *r, int argc, char **argv, struct list_opts *o)
{
	int rc;

	memset(o, 0, sizeof *o);
	o->format = "table";
	rc = cmd_parse(r, list_flags, o, argc, argv, NULL, 0, 0, NULL, NULL);
	return rc != PARSE_OK ? rc : format_check(r, argv[0], o->format);
}

/* The JSON form: an array of compact states, or "null" for none (runc's
** Go nil slice).  Returns 0 or 1 after reporting. */
static int list_print_json(struct runner *r, lc_container **cs, size_t n)
{
	lc_error err;
	char *json;
	size_t i;

	if (n == 0) {
		out_puts(&r->out, "null\n");
		return 0;
	}
	out_putc(&r->out, '[');
	for (i = 0; i < n; i++) {
		if (lc_container_state(cs[i], 0, &json, &err) < 0)
			return runner_fail(r, lc_container_id(cs[i]), &err);
		out_print(&r->out, "%s%s", i ? "," : "", json);
		free(json);
	}
	out_puts(&r->out, "]\n");
	return 0;
}

static int cmd_list(struct runner *r, int argc, char **argv)
{
	struct list_opts o;
	struct list_row *rows = NULL;
	lc_container **cs = NULL;
	lc_error err;
	char **ids;
	size_t nids;
	size_t n = 0;
	size_t i;
	int rc;

	rc = list_parse(r, argc, argv, &o);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	if (runner_root(r) < 0)
		return 1;
	if (lc_list(r->root, &ids, &nids, &err) < 0)
		return runner_fail(r, NULL, &err);

	cs = calloc(nids + 1, sizeof *cs);
	rows = calloc(nids + 1, sizeof *rows);
	if (!cs || !rows) {
		runner_error(r, "list: %s", errstr(ENOMEM));
		rc = 1;
		goto out;
	}
	/* a container that vanished or is half made is skipped, not fatal */
	for (i = 0; i < nids; i++) {
		if (lc_container_load(r->root, ids[i], &cs[n], &err) < 0) {
			runner_log(r, LC_LOG_WARN, "list: skipping %s: %s", ids[i], err.msg);
			continue;
		}
		n++;
	}

	rc = 0;
	if (o.quiet) {
		for (i = 0; i < n; i++)
			out_print(&r->out, "%s\n", lc_container_id(cs[i]));
	} else if (strcmp(o.format, "json") == 0) {
		rc = list_print_json(r, cs, n);
	} else {
		for (i = 0; i < n; i++) {
			lc_status st = lc_container_status(cs[i]);

			rows[i].id = lc_container_id(cs[i]);
			rows[i].pid = st == LC_STATUS_STOPPED ? 0 : (long)lc_container_pid(cs[i]);
			rows[i].status = lc_status_name(st);
			rows[i].bundle = lc_container_bundle(cs[i]);
			rows[i].created = lc_container_created(cs[i]);
			rows[i].owner = lc_container_owner(cs[i]);
		}
		list_print_table(&r->out, rows, n);
	}
out:
	for (i = 0; cs && i < n; i++)
		lc_container_free(cs[i]);
	free(cs);
	free(rows);
	lc_list_free(ids);
	return rc;
}

/* ------------------------------------------------------------------ */
/* kill, delete                                                        */

struct kill_opts {
	int all;        /* -a, --all: every process in the cgroup */
	int sig;        /* SIGTERM unless given */
	const char *id;
};

static const struct flag kill_flags[] = {
	FLAG("all\t" HELP("signal every process in the container"), 'a', FLAG_BOOL, struct kill_opts, all),
	{ NULL, 0, 0, 0 },
};

static int kill_parse(struct runner *r, int argc, char **argv, struct kill_opts *o)
{
	const char *pos[2];
	int rc;

	memset(o, 0, sizeof *o);
	rc = cmd_parse(r, kill_flags, o, argc, argv, pos, 1, 2, what_id, NULL);
	if (rc != PARSE_OK)
		return rc;
	o->id = pos[0];
	o->sig = SIGTERM;
	if (pos[1] && signal_parse(pos[1], &o->sig) < 0) {
		runner_error(r, "%s: unknown signal \"%s\"", argv[0], pos[1]);
		return PARSE_ERR;
	}
	return PARSE_OK;
}

static int cmd_kill(struct runner *r, int argc, char **argv)
{
	struct kill_opts o;
	lc_container *c;
	lc_error err;
	int rc;

	rc = kill_parse(r, argc, argv, &o);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	if (container_load(r, o.id, &c))
		return 1;
	rc = 0;
	if (lc_container_signal(c, o.sig, o.all, &err) < 0)
		rc = runner_fail(r, o.id, &err);
	lc_container_free(c);
	return rc;
}

struct delete_opts {
	int force; /* -f, --force: kill a running container; a missing one is fine */
	const char *id;
};

static const struct flag delete_flags[] = {
	FLAG("force\t" HELP("kill it if it runs; succeed if it does not exist"), 'f', FLAG_BOOL,
	     struct delete_opts, force),
	{ NULL, 0, 0, 0 },
};

static int delete_parse(struct runner *r, int argc, char **argv, struct delete_opts *o)
{
	memset(o, 0, sizeof *o);
	return cmd_parse(r, delete_flags, o, argc, argv, &o->id, 1, 1, what_id, NULL);
}

static int cmd_delete(struct runner *r, int argc, char **argv)
{
	struct delete_opts o;
	lc_container *c;
	lc_error err;
	int rc;

	rc = delete_parse(r, argc, argv, &o);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	if (runner_root(r) < 0)
		return 1;
	rc = lc_container_load(r->root, o.id, &c, &err);
	if (rc == LC_ENOTFOUND && o.force)
		return 0; /* runc: --force on a missing container succeeds quietly */
	if (rc < 0)
		return runner_fail(r, o.id, &err);
	rc = 0;
	if (lc_container_destroy(c, o.force, &err) < 0)
		rc = runner_fail(r, o.id, &err);
	lc_container_free(c);
	return rc;
}

/* ------------------------------------------------------------------ */
/* pause, resume, ps, update, events                                   */

static int cmd_pause(struct runner *r, int argc, char **argv)
{
	return cmd_id_call(r, argc, argv, lc_container_pause);
}

static int cmd_resume(struct runner *r, int argc, char **argv)
{
	return cmd_id_call(r, argc, argv, lc_container_resume);
}

/* ps, update, events, checkpoint, restore and spec: not in a
** RUNNER_MINIMAL build (the embedded one), which answers them with an
** error (cmd_absent) and is about 14 KiB smaller. */
#ifndef RUNNER_MINIMAL
struct ps_opts {
	const char *format; /* -f, --format: "table" (default) or "json" */
	const char *id;
	char **ps_args;     /* what follows the ID: ps(1)'s own arguments */
	int n_ps_args;
};

/*
** runc's `ps`: flags up to the container ID, and everything after the ID
** is for ps(1), flags included (`runner ps ID -o pid,comm`).
*/
static const struct flag ps_flags[] = {
	FLAG("format FMT\t" HELP("table (default) or json (the pids)"), 'f', FLAG_STR, struct ps_opts,
	     format),
	{ NULL, 0, 0, 0 },
};

static int ps_parse(struct runner *r, int argc, char **argv, struct ps_opts *o)
{
	int i;
	int rc;

	memset(o, 0, sizeof *o);
	o->format = "table";
	rc = cmd_parse(r, ps_flags, o, argc, argv, &o->id, 1, 1, what_id, &i);
	if (rc != PARSE_OK)
		return rc;
	o->ps_args = argv + i;
	o->n_ps_args = argc - i;
	return format_check(r, argv[0], o->format);
}

/* Exec ps(1), looked for in PATH as execvp does (musl's default PATH
** when unset; an empty entry is the working directory; only "not there"
** and "not allowed" go on to the next entry), without execvp's 500
** bytes.  Returns only when no ps could be run. */
static void ps_exec(char **argv)
{
	const char *dir = getenv("PATH");
	char exe[PATH_MAX];

	if (!dir)
		dir = "/usr/local/bin:/bin:/usr/bin";
	for (;;) {
		int n = (int)strcspn(dir, ":");

		if ((size_t)lc_snprintf(exe, sizeof exe, "%.*s%sps", n, dir, n ? "/" : "") <
		    sizeof exe) {
			execve(exe, argv, environ);
			if (errno != ENOENT && errno != ENOTDIR && errno != EACCES)
				return;
		}
		if (!dir[n])
			return;
		dir += n + 1;
	}
}

/* Start ps with its stdout and stderr on the pipe's write end, and
** neither of the pipe's fds besides (a plain pipe(2): musl's pipe2 is 200
** bytes).  vfork: the child only moves fds and execs, and musl's fork
** would bring its thread locks and the vDSO clock into a static runner
** (2 KiB).  On its own, so that vfork's shared stack holds nothing of the
** caller's. */
static __attribute__((noinline)) pid_t ps_spawn(char **argv, const int fds[2])
{
	pid_t pid = vfork();

	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		if (fds[0] > 2)
			close(fds[0]);
		if (fds[1] > 2)
			close(fds[1]);
		ps_exec(argv);
		_exit(127);
	}
	return pid;
}

/*
** Run ps(1) with args (or -ef) and capture what it prints, stdout and
** stderr together.  Returns its exit status (-1 if it could not run);
** *out is a new NUL-terminated buffer.
*/
static int ps_capture(char **args, int nargs, char **out)
{
	char *argv[64];
	char *buf = NULL;
	size_t len = 0;
	size_t cap = 0;
	int fds[2];
	int status;
	pid_t pid;
	int i;

	*out = NULL;
	if (nargs > 62 || pipe(fds) < 0)
		return -1;
	argv[0] = "ps";
	for (i = 0; i < nargs; i++)
		argv[i + 1] = args[i];
	if (nargs == 0)
		argv[++nargs] = "-ef";
	argv[nargs + 1] = NULL;
	pid = ps_spawn(argv, fds);
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	close(fds[1]);
	for (;;) {
		ssize_t n;

		if (len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap ? cap * 2 : 8192);

			if (!nb)
				break;
			buf = nb;
			cap = cap ? cap * 2 : 8192;
		}
		n = read(fds[0], buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!buf && !(buf = calloc(1, 1)))
		return -1;
	buf[len] = '\0';
	*out = buf;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Print ps's header and the lines whose PID column holds one of pids. */
static int ps_filter(struct runner *r, char *text, const pid_t *pids, size_t n)
{
	char *line;
	char *save = NULL;
	int col = -1;
	int k;

	line = strtok_r(text, "\n", &save);
	if (!line) {
		runner_error(r, "ps: no output");
		return 1;
	}
	{
		char head[4096];
		char *tok;
		char *s2 = NULL;

		lc_snprintf(head, sizeof head, "%s", line);
		for (k = 0, tok = strtok_r(head, " \t", &s2); tok;
		     tok = strtok_r(NULL, " \t", &s2), k++)
			if (strcmp(tok, "PID") == 0) {
				col = k;
				break;
			}
	}
	if (col < 0) {
		runner_error(r, "couldn't find PID field in ps output");
		return 1;
	}
	out_print(&r->out, "%s\n", line);
	while ((line = strtok_r(NULL, "\n", &save))) {
		char copy[4096];
		char *tok;
		char *s2 = NULL;
		long pid = -1;
		size_t i;

		lc_snprintf(copy, sizeof copy, "%s", line);
		for (k = 0, tok = strtok_r(copy, " \t", &s2); tok && k < col;
		     tok = strtok_r(NULL, " \t", &s2), k++)
			;
		if (!tok || (pid = lc_strtoll(tok, NULL)) <= 0) {
			runner_error(r, "unable to parse pid: %s", tok ? tok : "(none)");
			return 1;
		}
		for (i = 0; i < n; i++)
			if (pids[i] == (pid_t)pid) {
				out_print(&r->out, "%s\n", line);
				break;
			}
	}
	return 0;
}

static int cmd_ps(struct runner *r, int argc, char **argv)
{
	struct ps_opts o;
	lc_container *c;
	lc_error err;
	pid_t *pids = NULL;
	char *text = NULL;
	size_t n = 0;
	size_t i;
	int rc;

	rc = ps_parse(r, argc, argv, &o);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	if (container_load(r, o.id, &c))
		return 1;
	if (lc_container_processes(c, &pids, &n, &err) < 0) {
		rc = runner_fail(r, o.id, &err);
		goto out;
	}
	rc = 0;
	if (strcmp(o.format, "json") == 0) {
		/* Go's encoding of a []int; runc's empty list is nil: null */
		if (n == 0)
			out_puts(&r->out, "null\n");
		for (i = 0; i < n; i++)
			out_print(&r->out, "%s%ld%s", i ? "," : "[", (long)pids[i],
				i + 1 == n ? "]\n" : "");
		goto out;
	}
	rc = ps_capture(o.ps_args, o.n_ps_args, &text);
	if (rc != 0) {
		if (rc < 0)
			runner_error(r, "ps: %s", errstr(errno ? errno : EIO));
		else
			runner_error(r, "exit status %d: %s", rc, text ? text : "");
		rc = 1;
		goto out;
	}
	rc = ps_filter(r, text, pids, n);
out:
	free(text);
	free(pids);
	lc_container_free(c);
	return rc;
}

/*
** A size as docker's go-units RAMInBytes reads it: a decimal number, an
** optional space, then an optional k/m/g/t/p (binary multiples, any
** case), an optional 'i' and an optional 'b' ("512m", "1.5G", "64MiB",
** "100").  Returns 0 or -1.
*/
static int parse_ram(const char *s, int64_t *out)
{
	static const char units[] = "kmgtp";
	long double v = 0;
	long double frac = 0.1L;
	const char *p = s;
	const char *u;
	int digits = 0;

	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (*p++ - '0');
		digits++;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, frac /= 10)
			v += (*p - '0') * frac;
	}
	if (!digits)
		return -1;
	if (*p == ' ')
		p++;
	if (*p && (u = strchr(units, tolower((unsigned char)*p)))) {
		int k;

		for (k = 0; k <= u - units; k++)
			v *= 1024;
		p++;
	}
	if (*p == 'i' || *p == 'I')
		p++;
	if (*p == 'b' || *p == 'B')
		p++;
	if (*p || v >= 9223372036854775807.0L)
		return -1;
	*out = (int64_t)v;
	return 0;
}

/* A decimal integer in [min, max].  0 or -1. */
static int parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = lc_strtoll(s, &end);
	if (!*s || *end || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

struct update_opts {
	const char *resources; /* -r, --resources FILE or "-": JSON, other flags ignored */
	const char *blkio_weight;
	const char *cpu_period;
	const char *cpu_quota;
	const char *cpu_burst;
	const char *cpu_share;
	const char *cpu_rt_period;
	const char *cpu_rt_runtime;
	const char *cpuset_cpus;
	const char *cpuset_mems;
	const char *cpu_idle;
	const char *memory;
	const char *memory_reservation;
	const char *memory_swap;
	const char *pids_limit;
	const char *id;
};

static const struct flag update_flags_table[] = {
	FLAG("resources F\t" HELP("OCI LinuxResources JSON from F (- for stdin); other flags are then "
	     "ignored"), 'r', FLAG_STR, struct update_opts, resources),
	FLAG("memory N\t" HELP("memory limit (bytes, or 64m, 1g; -1 unlimited)"), 0, FLAG_STR,
	     struct update_opts, memory),
	FLAG("memory-swap N\t" HELP("memory + swap limit (-1 unlimited)"), 0, FLAG_STR, struct update_opts,
	     memory_swap),
	FLAG("memory-reservation N\t" HELP("soft limit"), 0, FLAG_STR, struct update_opts,
	     memory_reservation),
	FLAG("cpu-share N\t" HELP("CPU shares"), 0, FLAG_STR, struct update_opts, cpu_share),
	FLAG("cpu-shares N\t" HELP("CPU shares"), 0, FLAG_STR, struct update_opts, cpu_share),
	FLAG("cpu-quota N\t" HELP("CFS quota in usec (-1 unlimited)"), 0, FLAG_STR, struct update_opts,
	     cpu_quota),
	FLAG("cpu-period N\t" HELP("CFS period in usec"), 0, FLAG_STR, struct update_opts, cpu_period),
	FLAG("cpu-burst N\t" HELP("CFS burst in usec"), 0, FLAG_STR, struct update_opts, cpu_burst),
	FLAG("cpu-rt-runtime N\t" HELP("realtime runtime in usec (v1)"), 0, FLAG_STR, struct update_opts,
	     cpu_rt_runtime),
	FLAG("cpu-rt-period N\t" HELP("realtime period in usec (v1)"), 0, FLAG_STR, struct update_opts,
	     cpu_rt_period),
	FLAG("cpuset-cpus L\t" HELP("cpus to run on (0-3,7)"), 0, FLAG_STR, struct update_opts,
	     cpuset_cpus),
	FLAG("cpuset-mems L\t" HELP("memory nodes to use (0-3,7)"), 0, FLAG_STR, struct update_opts,
	     cpuset_mems),
	FLAG("cpu-idle 0|1\t" HELP("SCHED_IDLE for the group"), 0, FLAG_STR, struct update_opts, cpu_idle),
	FLAG("pids-limit N\t" HELP("maximum number of processes"), 0, FLAG_STR, struct update_opts,
	     pids_limit),
	FLAG("blkio-weight N\t" HELP("block IO weight, 10..1000"), 0, FLAG_STR, struct update_opts,
	     blkio_weight),
	FLAG("kernel-memory\tkernel memory limits are not supported (Linux 5.16 removed them)", 0,
	     FLAG_REFUSED, struct update_opts, id),
	FLAG("kernel-memory-tcp\tkernel TCP memory limits are not supported by update", 0,
	     FLAG_REFUSED, struct update_opts, id),
	FLAG("l3-cache-schema\tIntel RDT is not supported", 0, FLAG_REFUSED, struct update_opts,
	     id),
	FLAG("mem-bw-schema\tIntel RDT is not supported", 0, FLAG_REFUSED, struct update_opts, id),
	{ NULL, 0, 0, 0 },
};

static int update_parse(struct runner *r, int argc, char **argv, struct update_opts *o)
{
	memset(o, 0, sizeof *o);
	return cmd_parse(r, update_flags_table, o, argc, argv, &o->id, 1, 1, what_id, NULL);
}

/*
** What each flag of `update` sets (offsets into update_opts and
** lc_resources), in the order update_flags reads them: memory sizes take
** units or -1, the integers are plain ones in their kind's range.  The
** message names the flag as update_flags_table spells it.
*/
enum {
	UPD_U16,   /* uint16_t, 10..1000 (blkio weight)            */
	UPD_U64,   /* uint64_t, 0..INT64_MAX                       */
	UPD_QUOTA, /* int64_t, -1 (unlimited) ..INT64_MAX          */
	UPD_IDLE,  /* int64_t, 0 or 1                              */
	UPD_I64,   /* int64_t, any                                 */
	UPD_RAM,   /* int64_t, a size ("64m") or -1                */
	UPD_STR,   /* char *, copied when not empty (has: unused)  */
};
static const int64_t update_range[UPD_RAM][2] = {
	{ 10, 1000 }, { 0, INT64_MAX }, { -1, INT64_MAX }, { 0, 1 }, { INT64_MIN, INT64_MAX },
};
#define UPD(flag, res, has, kind) \
	{ offsetof(struct update_opts, flag), offsetof(lc_resources, res), \
	  offsetof(lc_resources, has), kind }
static const struct update_flag {
	unsigned short opt;  /* the flag's value in update_opts  */
	unsigned short val;  /* the value in lc_resources        */
	unsigned short has;  /* the has_ flag set with it        */
	unsigned char kind;  /* UPD_*                            */
} update_table[] = {
	UPD(blkio_weight, blkio.weight, blkio.has_weight, UPD_U16),
	UPD(cpu_period, cpu.period, cpu.has_period, UPD_U64),
	UPD(cpu_quota, cpu.quota, cpu.has_quota, UPD_QUOTA),
	UPD(cpu_burst, cpu.burst, cpu.has_burst, UPD_U64),
	UPD(cpu_share, cpu.shares, cpu.has_shares, UPD_U64),
	UPD(cpu_rt_period, cpu.realtime_period, cpu.has_realtime_period, UPD_U64),
	UPD(cpu_rt_runtime, cpu.realtime_runtime, cpu.has_realtime_runtime, UPD_QUOTA),
	UPD(cpu_idle, cpu.idle, cpu.has_idle, UPD_IDLE),
	UPD(memory, memory.limit, memory.has_limit, UPD_RAM),
	UPD(memory_reservation, memory.reservation, memory.has_reservation, UPD_RAM),
	UPD(memory_swap, memory.swap, memory.has_swap, UPD_RAM),
	UPD(pids_limit, pids_limit, has_pids_limit, UPD_I64),
	{ offsetof(struct update_opts, cpuset_cpus), offsetof(lc_resources, cpu.cpus), 0, UPD_STR },
	{ offsetof(struct update_opts, cpuset_mems), offsetof(lc_resources, cpu.mems), 0, UPD_STR },
};

/* The flags of `update` as lc_resources.  Returns 0 or 1 after reporting. */
static int update_flags(struct runner *r, const struct update_opts *o, lc_resources *res)
{
	char *base = (char *)res;
	size_t i;

	for (i = 0; i < sizeof update_table / sizeof update_table[0]; i++) {
		const struct update_flag *t = &update_table[i];
		const char *s = *(const char *const *)((const char *)o + t->opt);
		void *dest = base + t->val;
		int64_t x = -1;

		if (!s)
			continue;
		if (t->kind == UPD_STR) {
			if (*s && !(*(char **)dest = strdup(s)))
				return 1;
			continue;
		}
		if (t->kind == UPD_RAM ? strcmp(s, "-1") != 0 && parse_ram(s, &x) < 0
				       : parse_i64(s, update_range[t->kind][0],
						   update_range[t->kind][1], &x) < 0) {
			const struct flag *f = update_flags_table;

			while (f->off != t->opt) /* the first flag that sets it */
				f++;
			runner_error(r, "update: invalid value for --%.*s: \"%s\"",
				     (int)strcspn(f->spec, " "), f->spec, s);
			return 1;
		}
		*(int *)(base + t->has) = 1;
		if (t->kind == UPD_U64)
			*(uint64_t *)dest = (uint64_t)x;
		else if (t->kind == UPD_U16)
			*(uint16_t *)dest = (uint16_t)x;
		else
			*(int64_t *)dest = x;
	}
	return 0;
}

static int cmd_update(struct runner *r, int argc, char **argv)
{
	struct update_opts o;
	lc_resources res;
	lc_container *c = NULL;
	lc_error err;
	int rc;

	rc = update_parse(r, argc, argv, &o);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	memset(&res, 0, sizeof res);
	if (o.resources) {
		char *json;
		size_t len;

		if (config_read(r, o.resources, &json, &len) < 0)
			return 1;
		rc = lc_resources_from_oci(json, len, &res, &err);
		free(json);
		if (rc < 0) {
			runner_error(r, "update: %s: %s", o.resources, err.msg);
			return 1;
		}
	} else if (update_flags(r, &o, &res)) {
		lc_resources_clear(&res);
		return 1;
	}
	/* runc's fix-ups: unlimited memory with no swap given lifts swap
	 * too; a changed cpu-idle comes with shares (0: leave them); the
	 * usage check happens only when asked for in -r */
	if (res.memory.has_limit && res.memory.limit == -1 && !res.memory.has_swap) {
		res.memory.has_swap = 1;
		res.memory.swap = 0;
	}
	if (!res.memory.has_check_before_update) {
		res.memory.has_check_before_update = 1;
		res.memory.check_before_update = 0;
	}
	rc = container_load(r, o.id, &c);
	if (rc == 0 && lc_container_set(c, &res, &err) < 0)
		rc = runner_fail(r, o.id, &err);
	lc_container_free(c);
	lc_resources_clear(&res);
	return rc;
}

/*
** A Go duration ("5s", "500ms", "1m30s", "1.5h", "250us"): decimal
** numbers, each with a unit.  Nanoseconds into *ns; 0 or -1.
*/
static int parse_duration(const char *s, int64_t *ns)
{
	static const struct {
		char unit[4];
		uint64_t ns; /* in one unit */
	} units[] = {
		{ "ns", 1 },	 { "us", 1000 },     { "\xc2\xb5s", 1000 }, { "ms", 1000000 },
		{ "s", 1000000000 }, { "m", 60000000000 }, { "h", 3600000000000 },
	};
	long double total = 0;

	if (!*s)
		return -1;
	if (strcmp(s, "0") == 0) {
		*ns = 0;
		return 0;
	}
	while (*s) {
		long double v = 0;
		long double frac = 0.1L;
		int digits = 0;
		size_t i;
		size_t best = 0;
		int found = -1;

		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (*s++ - '0');
			digits++;
		}
		if (*s == '.')
			for (s++; *s >= '0' && *s <= '9'; s++, frac /= 10, digits++)
				v += (*s - '0') * frac;
		if (!digits)
			return -1;
		/* the longest unit that matches ("ms" before "m") */
		for (i = 0; i < sizeof units / sizeof units[0]; i++) {
			size_t n = strlen(units[i].unit);

			if (strncmp(s, units[i].unit, n) == 0 && n > best) {
				best = n;
				found = (int)i;
			}
		}
		if (found < 0)
			return -1;
		total += v * units[found].ns;
		s += best;
	}
	if (total > 9.2e18L)
		return -1;
	*ns = (int64_t)total;
	return 0;
}

struct events_opts {
	const char *interval; /* --interval DURATION, default 5s */
	int stats;            /* --stats: once, then exit */
	const char *id;
};

static const struct flag events_flags[] = {
	FLAG("interval D\t" HELP("time between stats lines (Go duration, default 5s)"), 0, FLAG_STR,
	     struct events_opts, interval),
	FLAG("stats\t" HELP("print the stats once and exit"), 0, FLAG_BOOL, struct events_opts, stats),
	{ NULL, 0, 0, 0 },
};

static int events_parse(struct runner *r, int argc, char **argv, struct events_opts *o)
{
	memset(o, 0, sizeof *o);
	o->interval = "5s";
	return cmd_parse(r, events_flags, o, argc, argv, &o->id, 1, 1, what_id, NULL);
}

/* One event line as runc's JSON encoder writes it. */
static void events_put(struct runner *r, const char *type, const char *id, const char *data)
{
	out_print(&r->out, "{\"type\":\"%s\",\"id\":", type);
	log_put_quoted(&r->out, id, 1);
	if (data)
		out_print(&r->out, ",\"data\":%s", data);
	out_puts(&r->out, "}\n");
	out_flush(&r->out);
}

static int events_stats(struct runner *r, lc_container *c, lc_stats *st)
{
	lc_error err;
	char *json;

	if (lc_container_stats(c, st, &err) < 0 || lc_stats_json(st, &json, &err) < 0) {
		runner_error(r, "%s", err.msg);
		return -1;
	}
	events_put(r, "stats", lc_container_id(c), json);
	free(json);
	return 0;
}

static int cmd_events(struct runner *r, int argc, char **argv)
{
	struct events_opts o;
	lc_container *c;
	lc_stats *st;
	uint64_t ooms = 0;
	int64_t ns;
	int rc;

	rc = events_parse(r, argc, argv, &o);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	if (parse_duration(o.interval, &ns) < 0) {
		runner_error(r, "events: invalid value \"%s\" for flag --interval", o.interval);
		return 1;
	}
	if (ns <= 0) {
		runner_error(r, "duration interval must be greater than 0");
		return 1;
	}
	if (container_load(r, o.id, &c))
		return 1;
	st = malloc(sizeof *st);
	if (!st) {
		lc_container_free(c);
		runner_error(r, "events: %s", errstr(ENOMEM));
		return 1;
	}
	rc = 0;
	if (lc_container_status(c) == LC_STATUS_STOPPED) {
		runner_error(r, "container with id %s is not running", o.id);
		rc = 1;
		goto out;
	}
	if (o.stats) {
		rc = events_stats(r, c, st) < 0;
		goto out;
	}
	/* a stats line each interval, and an "oom" line for each OOM kill
	 * seen in between, until the container stops */
	{
		lc_error err;

		if (lc_container_stats(c, st, &err) == 0)
			ooms = st->oom_kills;
	}
	for (;;) {
		struct timespec ts = { (time_t)(ns / 1000000000), (long)(ns % 1000000000) };

		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
		/* the cgroup outlives the init until delete: an OOM kill
		 * that stopped the container is still reported */
		if (lc_container_stats(c, st, NULL) == 0)
			for (; ooms < st->oom_kills; ooms++)
				events_put(r, "oom", o.id, NULL);
		if (lc_container_status(c) == LC_STATUS_STOPPED)
			break;
		if (events_stats(r, c, st) < 0)
			runner_log(r, LC_LOG_WARN, "events: no stats of %s this time", o.id);
	}
out:
	free(st);
	lc_container_free(c);
	return rc;
}

/* ------------------------------------------------------------------ */
/* checkpoint, restore                                                 */

/* The criu flags checkpoint and restore share, as runc spells them. */
struct criu_flags {
	lc_criu_opts o;
	const char *image_path;    /* --image-path (default ./checkpoint) */
	const char *work_path;     /* --work-path */
	const char *page_server;   /* --page-server ADDRESS:PORT */
	const char *status_fd;     /* --status-fd N */
	const char *cg_mode;       /* --manage-cgroups-mode soft|full|strict|ignore */
	struct flag_list empty_ns; /* --empty-ns network */
	char images[PATH_MAX];
	char work[PATH_MAX];
	char addr[256];
};

/* The criu options from the flags, paths made absolute; 0 or -1 (reported). */
static int criu_flags_finish(struct runner *r, struct criu_flags *f)
{
	static const char *const modes[] = { "", "soft", "full", "strict", "ignore" };
	int rc;
	int i;

	f->o.criu_path = r->criu;
	rc = path_abs(f->image_path ? f->image_path : "checkpoint", f->images, sizeof f->images);
	if (rc < 0) {
		runner_error(r, "--image-path: %s", errstr(-rc));
		return -1;
	}
	f->o.images_dir = f->images;
	if (f->work_path) {
		rc = path_abs(f->work_path, f->work, sizeof f->work);
		if (rc < 0) {
			runner_error(r, "--work-path: %s", errstr(-rc));
			return -1;
		}
		f->o.work_dir = f->work;
	}
	if (f->cg_mode) {
		for (i = 1; i < 5 && strcmp(f->cg_mode, modes[i]) != 0; i++)
			;
		if (i == 5) {
			runner_error(r, "invalid --manage-cgroups-mode \"%s\": want soft, full, "
					"strict or ignore", f->cg_mode);
			return -1;
		}
		f->o.manage_cgroups_mode = i;
	}
	for (i = 0; i < f->empty_ns.n; i++) {
		if (strcmp(f->empty_ns.v[i], "network") != 0) {
			runner_error(r, "--empty-ns %s: only network is supported",
				     f->empty_ns.v[i]);
			return -1;
		}
		f->o.empty_ns |= LC_NS_NET;
	}
	if (f->page_server) {
		const char *colon = strrchr(f->page_server, ':');
		int port = colon ? parse_small_uint(colon + 1) : -1;

		if (!colon || colon == f->page_server || port <= 0 || port > 65535 ||
		    (size_t)(colon - f->page_server) >= sizeof f->addr) {
			runner_error(r, "--page-server %s: want ADDRESS:PORT", f->page_server);
			return -1;
		}
		lc_snprintf(f->addr, sizeof f->addr, "%.*s", (int)(colon - f->page_server),
			 f->page_server);
		f->o.page_server_address = f->addr;
		f->o.page_server_port = port;
	}
	if (f->status_fd) {
		f->o.status_fd = parse_small_uint(f->status_fd);
		if (f->o.status_fd < 0) {
			runner_error(r, "--status-fd %s: want a fd number", f->status_fd);
			return -1;
		}
	}
	return 0;
}

#define CRIU_FLAG(spec, kind, field) FLAG(spec, 0, kind, struct criu_flags, field)
static const struct flag checkpoint_flags[] = {
	CRIU_FLAG("image-path DIR\t" HELP("the images' directory (default: ./checkpoint)"), FLAG_STR,
		  image_path),
	CRIU_FLAG("work-path DIR\t" HELP("criu's log and work files (default: the images)"), FLAG_STR,
		  work_path),
	CRIU_FLAG("parent-path DIR\t" HELP("previous images (pre-dump), relative to the images"),
		  FLAG_STR, o.parent_dir),
	CRIU_FLAG("leave-running\t" HELP("keep the container running afterwards"), FLAG_BOOL,
		  o.leave_running),
	CRIU_FLAG("pre-dump\t" HELP("dump memory only, keep running"), FLAG_BOOL, o.pre_dump),
	CRIU_FLAG("tcp-established\t" HELP("include established TCP connections"), FLAG_BOOL,
		  o.tcp_established),
	CRIU_FLAG("ext-unix-sk\t" HELP("allow external unix sockets"), FLAG_BOOL, o.ext_unix_sk),
	CRIU_FLAG("shell-job\t" HELP("allow a shell job (session or terminal)"), FLAG_BOOL, o.shell_job),
	CRIU_FLAG("file-locks\t" HELP("include file locks"), FLAG_BOOL, o.file_locks),
	CRIU_FLAG("page-server ADDR:PORT\t" HELP("send pages to a criu page server"), FLAG_STR,
		  page_server),
	CRIU_FLAG("lazy-pages\t" HELP("leave pages for a lazy restore"), FLAG_BOOL, o.lazy_pages),
	CRIU_FLAG("status-fd N\t" HELP("with --lazy-pages: criu writes here when ready"), FLAG_STR,
		  status_fd),
	CRIU_FLAG("manage-cgroups-mode M\t" HELP("soft (default), full, strict or ignore"), FLAG_STR,
		  cg_mode),
	CRIU_FLAG("empty-ns network\t" HELP("leave the network namespace's contents out"),
		  FLAG_LIST, empty_ns),
	CRIU_FLAG("auto-dedup\t" HELP("deduplicate the memory images (criu --auto-dedup)"),
		  FLAG_BOOL, o.auto_dedup),
	{ NULL, 0, 0, 0 },
};

static int cmd_checkpoint(struct runner *r, int argc, char **argv)
{
	struct criu_flags f;
	const char *id;
	lc_container *c;
	lc_error err;
	int rc;

	memset(&f, 0, sizeof f);
	lc_criu_opts_init(&f.o);
	rc = cmd_parse(r, checkpoint_flags, &f, argc, argv, &id, 1, 1, what_id, NULL);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	if (criu_flags_finish(r, &f) < 0)
		return 1;
	if (container_load(r, id, &c))
		return 1;
	rc = 0;
	if (lc_container_checkpoint(c, &f.o, &err) < 0) {
		rc = runner_fail(r, id, &err);
	} else if (!f.o.leave_running && !f.o.pre_dump) {
		/* as runc: the checkpointed container is gone; restore makes
		 * it again from its bundle */
		if (lc_container_destroy(c, 1, &err) < 0)
			rc = runner_fail(r, id, &err);
	}
	lc_container_free(c);
	return rc;
}

/* restore's options: create's, and the criu flags. */
struct restore_opts {
	struct create_opts c;
	struct criu_flags f;
};

#define RESTORE_FLAG(spec, short_name, kind, field) \
	FLAG(spec, short_name, kind, struct restore_opts, field)
static const struct flag restore_flags[] = {
	RESTORE_FLAG("bundle DIR\tbundle directory with config.json (default: .)", 'b', FLAG_STR,
		     c.bundle),
	RESTORE_FLAG("detach\tdo not wait for the process", 'd', FLAG_BOOL, c.detach),
	RESTORE_FLAG("pid-file FILE\twrite the init's pid to FILE", 0, FLAG_STR,
		     c.pid_file),
	RESTORE_FLAG("console-socket PATH\tsend the terminal's master fd to this unix socket", 0,
		     FLAG_STR, c.console),
	RESTORE_FLAG("no-pivot\tuse MS_MOVE and chroot instead of pivot_root", 0, FLAG_BOOL,
		     c.no_pivot),
	RESTORE_FLAG("image-path DIR\tthe images' directory (default: ./checkpoint)", 0, FLAG_STR,
		     f.image_path),
	RESTORE_FLAG("work-path DIR\tcriu's log and work files (default: the images)", 0,
		     FLAG_STR, f.work_path),
	RESTORE_FLAG("tcp-established\tinclude established TCP connections", 0, FLAG_BOOL,
		     f.o.tcp_established),
	RESTORE_FLAG("ext-unix-sk\tallow external unix sockets", 0, FLAG_BOOL, f.o.ext_unix_sk),
	RESTORE_FLAG("shell-job\tallow a shell job (session or terminal)", 0, FLAG_BOOL,
		     f.o.shell_job),
	RESTORE_FLAG("file-locks\tinclude file locks", 0, FLAG_BOOL, f.o.file_locks),
	RESTORE_FLAG("manage-cgroups-mode M\tsoft (default), full, strict or ignore", 0, FLAG_STR,
		     f.cg_mode),
	RESTORE_FLAG("empty-ns network\tleave the network namespace's contents out", 0,
		     FLAG_LIST, f.empty_ns),
	RESTORE_FLAG("auto-dedup\tdeduplicate the memory images (criu --auto-dedup)", 0, FLAG_BOOL,
		     f.o.auto_dedup),
	RESTORE_FLAG("lazy-pages\trestore with pages left for a lazy page server", 0, FLAG_BOOL,
		     f.o.lazy_pages),
	RESTORE_FLAG("lsm-profile TYPE:NAME\tthe LSM profile of the restored processes", 0,
		     FLAG_STR, f.o.lsm_profile),
	RESTORE_FLAG("lsm-mount-context CTX\tthe SELinux context of the restored mounts", 0,
		     FLAG_STR, f.o.lsm_mount_context),
	{ NULL, 0, 0, 0 },
};

static int cmd_restore(struct runner *r, int argc, char **argv)
{
	struct restore_opts ro;
	struct create_opts *o = &ro.c;
	lc_config *cfg;
	lc_container *c;
	sigset_t set;
	int rc;

	memset(&ro, 0, sizeof ro);
	lc_criu_opts_init(&ro.f.o);
	rc = cmd_parse(r, restore_flags, &ro, argc, argv, &o->id, 1, 1, what_id, NULL);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	if (criu_flags_finish(r, &ro.f) < 0)
		return 1;
	o->restore = &ro.f.o;
	/* the init criu restores is our child: keep its status for us */
	sigchld_default();
	if (container_setup(r, o, &cfg, &c))
		return 1;
	rc = 0;
	if (!o->detach) {
		run_signal_set(&set, 0);
		rc = fg_forward(&(struct fg){ r, c, 0 }, &set);
		container_discard(r, c, o->id);
	}
	lc_container_free(c);
	lc_config_free(cfg);
	return rc;
}

/* ------------------------------------------------------------------ */
/* spec                                                                */

/*
** The config.json `runc spec` writes, except that ociVersion is the spec
** version lc implements: compact, with ' for " (the text has neither ' nor
** \\), and spec_indent() writes it out byte for byte as runc does.  The
** four capability sets are the same list: each is an @ here, which
** spec_indent() writes as spec_caps.
*/
static const char spec_caps[] = "['CAP_AUDIT_WRITE','CAP_KILL','CAP_NET_BIND_SERVICE']";
static const char spec_json[] =
	"{'ociVersion':'" LC_OCI_VERSION "',"
	"'process':{'terminal':true,'user':{'uid':0,'gid':0},'args':['sh'],"
	"'env':['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',"
	"'TERM=xterm'],'cwd':'/',"
	"'capabilities':{'bounding':@,'effective':@,'permitted':@,'ambient':@},"
	"'rlimits':[{'type':'RLIMIT_NOFILE','hard':1024,'soft':1024}],"
	"'noNewPrivileges':true},"
	"'root':{'path':'rootfs','readonly':true},"
	"'hostname':'runc',"
	"'mounts':["
	"{'destination':'/proc','type':'proc','source':'proc'},"
	"{'destination':'/dev','type':'tmpfs','source':'tmpfs',"
	"'options':['nosuid','strictatime','mode=755','size=65536k']},"
	"{'destination':'/dev/pts','type':'devpts','source':'devpts',"
	"'options':['nosuid','noexec','newinstance','ptmxmode=0666','mode=0620','gid=5']},"
	"{'destination':'/dev/shm','type':'tmpfs','source':'shm',"
	"'options':['nosuid','noexec','nodev','mode=1777','size=65536k']},"
	"{'destination':'/dev/mqueue','type':'mqueue','source':'mqueue',"
	"'options':['nosuid','noexec','nodev']},"
	"{'destination':'/sys','type':'sysfs','source':'sysfs',"
	"'options':['nosuid','noexec','nodev','ro']},"
	"{'destination':'/sys/fs/cgroup','type':'cgroup','source':'cgroup',"
	"'options':['nosuid','noexec','nodev','relatime','ro']}],"
	"'linux':{'resources':{'devices':[{'allow':false,'access':'rwm'}]},"
	"'namespaces':[{'type':'pid'},{'type':'network'},{'type':'ipc'},{'type':'uts'},"
	"{'type':'mount'}],"
	"'maskedPaths':['/proc/acpi','/proc/asound','/proc/kcore','/proc/keys',"
	"'/proc/latency_stats','/proc/timer_list','/proc/timer_stats','/proc/sched_debug',"
	"'/sys/firmware','/proc/scsi'],"
	"'readonlyPaths':['/proc/bus','/proc/fs','/proc/irq','/proc/sys','/proc/sysrq-trigger']}}";

/* A newline and depth tabs. */
static void spec_newline(struct out *o, int depth)
{
	out_putc(o, '\n');
	while (depth-- > 0)
		out_putc(o, '\t');
}

/*
** The compact template s as Go's json.MarshalIndent(v, "", "\t") writes
** it (runc's spec): each member and element on a line of its own, ": "
** after a key, no final newline; ' becomes ", and @ spec_caps.  The
** template has no empty objects or arrays and no ' or @ in its strings.
*/
static void spec_indent(struct out *o, const char *s)
{
	const char *back = NULL; /* where s goes on after spec_caps */
	int depth = 0;
	int in_str = 0;
	char c;

	for (;;) {
		c = *s++;
		if (c == '\0' && back) {
			s = back;
			back = NULL;
		} else if (c == '\0') {
			break;
		} else if (c == '@' && !in_str) {
			back = s;
			s = spec_caps;
		} else if (c == '\'') {
			in_str = !in_str;
			out_putc(o, '"');
		} else if (in_str) {
			out_putc(o, c);
		} else if (c == '{' || c == '[') {
			out_putc(o, c);
			spec_newline(o, ++depth);
		} else if (c == '}' || c == ']') {
			spec_newline(o, --depth);
			out_putc(o, c);
		} else if (c == ',') {
			out_putc(o, ',');
			spec_newline(o, depth);
		} else if (c == ':') {
			out_puts(o, ": ");
		} else {
			out_putc(o, c);
		}
	}
}

/* Replace the first old in the NUL-terminated heap text *s by new.
** 0, or -1 when old is not there or memory runs out. */
static int spec_edit(char **s, const char *old, const char *new)
{
	size_t lo = strlen(old);
	size_t ln = strlen(new);
	size_t len = strlen(*s);
	char *at = *s;
	char *t;

	/* a plain scan: libc's strstr is 1.3 KiB in a static build */
	while (*at && strncmp(at, old, lo) != 0)
		at++;
	if (!*at)
		return -1;
	t = malloc(len - lo + ln + 1);
	if (!t)
		return -1;
	memcpy(t, *s, (size_t)(at - *s));
	memcpy(t + (at - *s), new, ln);
	memcpy(t + (at - *s) + ln, at + lo, len - (size_t)(at - *s) - lo + 1);
	free(*s);
	*s = t;
	return 0;
}

/*
** `runc spec --rootless`: the default config changed to run as the
** calling user: a user namespace mapping the caller's uid and gid to 0,
** no network namespace (it could not be given a link), no device
** cgroup rules, the host's /sys bound (sysfs needs a network namespace
** of its own), and devpts without gid=5 (not mapped).  A new string the
** caller frees, or NULL.
*/
static char *spec_rootless(void)
{
	char maps[256];
	char *s = strdup(spec_json);

	lc_snprintf(maps, sizeof maps,
		 "'uidMappings':[{'containerID':0,'hostID':%u,'size':1}],"
		 "'gidMappings':[{'containerID':0,'hostID':%u,'size':1}],",
		 (unsigned)geteuid(), (unsigned)getegid());
	if (!s ||
	    spec_edit(&s, "'resources':{'devices':[{'allow':false,'access':'rwm'}]},", maps) < 0 ||
	    spec_edit(&s, "{'type':'network'},", "") < 0 ||
	    spec_edit(&s, "{'type':'mount'}", "{'type':'mount'},{'type':'user'}") < 0 ||
	    spec_edit(&s, ",'gid=5'", "") < 0 ||
	    spec_edit(&s, "'sysfs','source':'sysfs','options':[",
		      "'none','source':'/sys','options':['rbind',") < 0) {
		free(s);
		return NULL;
	}
	return s;
}

struct spec_opts {
	const char *bundle; /* -b, --bundle: where to write; NULL: here */
	int rootless;       /* --rootless: spec_rootless() */
};

static const struct flag spec_flags[] = {
	FLAG("bundle DIR\t" HELP("write DIR/config.json instead of ./config.json"), 'b', FLAG_STR,
	     struct spec_opts, bundle),
	FLAG("rootless\t" HELP("a config for a container run by an unprivileged user"), 0, FLAG_BOOL,
	     struct spec_opts, rootless),
	{ NULL, 0, 0, 0 },
};

static int spec_parse(struct runner *r, int argc, char **argv, struct spec_opts *o)
{
	memset(o, 0, sizeof *o);
	return cmd_parse(r, spec_flags, o, argc, argv, NULL, 0, 0, NULL, NULL);
}

static int cmd_spec(struct runner *r, int argc, char **argv)
{
	struct spec_opts o;
	char path[PATH_MAX];
	char buf[4096];
	struct out w = { -1, 0, 0, sizeof buf, buf };
	char *text = NULL;
	int rc;

	rc = spec_parse(r, argc, argv, &o);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	if (o.rootless && !(text = spec_rootless())) {
		runner_error(r, "spec: %s", errstr(ENOMEM));
		return 1;
	}
	if (o.bundle)
		rc = lc_snprintf(path, sizeof path, "%s/config.json", o.bundle);
	else
		rc = lc_snprintf(path, sizeof path, "config.json");
	if (rc < 0 || (size_t)rc >= sizeof path) {
		runner_error(r, "spec: bundle %s: %s", o.bundle, errstr(ENAMETOOLONG));
		free(text);
		return 1;
	}
	/* O_EXCL: never overwrite, and no window between check and create */
	w.fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (w.fd < 0) {
		if (errno == EEXIST)
			runner_error(r, "File %s exists. Remove it first", path);
		else
			runner_error(r, "open %s: %s", path, errstr(errno));
		free(text);
		return 1;
	}
	spec_indent(&w, text ? text : spec_json);
	out_flush(&w);
	free(text);
	rc = w.failed;
	if (close(w.fd) < 0 && rc == 0)
		rc = -errno;
	if (rc < 0) {
		runner_error(r, "write %s: %s", path, errstr(-rc));
		unlink(path);
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* help, the command table, main                                       */

/* runc features: what this build of lc can do, as OCI features JSON. */
#else
static int cmd_absent(struct runner *r, int argc, char **argv)
{
	(void)argc;
	runner_error(r, "%s: not in this build (RUNNER_MINIMAL)", argv[0]);
	return 1;
}
#endif /* RUNNER_MINIMAL */

static int cmd_features(struct runner *r, int argc, char **argv)
{
	lc_error err;
	char *json;
	int rc;

	rc = cmd_parse(r, NULL, NULL, argc, argv, NULL, 0, 0, what_id, NULL);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	if (lc_features_json(4, &json, &err) < 0)
		return runner_fail(r, NULL, &err);
	out_print(&r->out, "%s\n", json);
	free(json);
	return 0;
}

static int cmd_help(struct runner *r, int argc, char **argv);

/* A command a RUNNER_MINIMAL build leaves out: listed, answering an error. */
#ifdef RUNNER_MINIMAL
#define CMD_EXTRA(name, fn, args, summary, flags) { name, cmd_absent, "", "(not in this build)", NULL }
#else
#define CMD_EXTRA(name, fn, args, summary, flags) { name, fn, args, summary, flags }
#endif

static const struct command {
	const char *name;
	int (*fn)(struct runner *r, int argc, char **argv);
	const char *args;    /* after "runner NAME" in the usage line */
	const char *summary;
	const struct flag *flags; /* its options, or NULL */
} commands[] = {
	{ "create", cmd_create, "[options] <container-id>",
	  HELP("create a container: its init waits before exec until `start`"), create_flags },
	{ "start", cmd_start, "<container-id>", HELP("run the process of a created container"), NULL },
	{ "run", cmd_run, "[options] <container-id>",
	  HELP("create and start a container, and wait for it unless detached"), run_flags },
	{ "exec", cmd_exec, "[options] <container-id> <command> [args...]",
	  HELP("run another process in a running container"), exec_flags },
	{ "state", cmd_state, "<container-id>", HELP("print the state of a container as JSON"), NULL },
	{ "list", cmd_list, "[options]", HELP("list the containers under the root"), list_flags },
	{ "kill", cmd_kill, "[options] <container-id> [signal]",
	  HELP("send a signal (default SIGTERM) to the container's init"), kill_flags },
	{ "delete", cmd_delete, "[options] <container-id>",
	  HELP("delete a container and everything it holds"), delete_flags },
	{ "pause", cmd_pause, "<container-id>", HELP("freeze every process of a container"), NULL },
	{ "resume", cmd_resume, "<container-id>", HELP("thaw a paused container"), NULL },
	CMD_EXTRA("ps", cmd_ps, "[options] <container-id> [ps options]",
	  HELP("list the processes of a container (ps -ef by default, filtered)"), ps_flags),
	CMD_EXTRA("update", cmd_update, "[options] <container-id>",
	  HELP("change the cgroup limits of a running container"), update_flags_table),
	CMD_EXTRA("events", cmd_events, "[options] <container-id>",
	  HELP("print stats (and OOM kills) as JSON lines, every interval"), events_flags),
	CMD_EXTRA("checkpoint", cmd_checkpoint, "[options] <container-id>",
	  HELP("checkpoint a running container with criu (it stops, unless --leave-running)"),
	  checkpoint_flags),
	CMD_EXTRA("restore", cmd_restore, "[options] <container-id>",
	  HELP("restore a container from a checkpoint, as a new container from its bundle"),
	  restore_flags),
	CMD_EXTRA("spec", cmd_spec, "[options]", HELP("write a starting config.json"), spec_flags),
	{ "features", cmd_features, "", HELP("print what this build supports (OCI features JSON)"),
	  NULL },
	{ "help", cmd_help, "[command]", HELP("show the help, or a command's"), NULL },
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const struct command *cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* The options of a flag table, one line each ("  -b, --bundle DIR   meaning"),
** leaving out the refused ones. */
static void flags_usage(struct out *out, const struct flag *f)
{
	char left[32];

	for (; f && f->spec; f++) {
		int n = (int)strcspn(f->spec, "\t");

		if (f->kind == FLAG_REFUSED)
			continue;
		if (f->short_name)
			lc_snprintf(left, sizeof left, "-%c, --%.*s", f->short_name, n, f->spec);
		else
			lc_snprintf(left, sizeof left, "--%.*s", n, f->spec);
		out_print(out, f->spec[n + 1] ? "  %-24s %s\n" : "  %s\n", left, f->spec + n + 1);
	}
}

static void runner_usage(struct out *out)
{
	size_t i;

	out_print(out,
		"runner: an OCI container runtime on lc %s (runtime-spec %s)\n\n"
		"Usage: runner [global options] <command> [command options] [arguments]\n\n"
		"Commands:\n",
		LC_VERSION, LC_OCI_VERSION);
	for (i = 0; i < N_COMMANDS; i++)
		out_print(out, *commands[i].summary ? "  %-10s %s\n" : "  %s\n", commands[i].name,
			  commands[i].summary);
	out_puts(out, "\nGlobal options:\n");
	flags_usage(out, global_flags);
	out_puts(out, "  -h, --help               print this help\n");
}

static void cmd_usage(struct runner *r, const char *name)
{
	const struct command *cmd = cmd_find(name);

	if (!cmd)
		return;
	out_print(&r->out, "Usage: runner %s %s\n\n%s\n", cmd->name, cmd->args, cmd->summary);
	if (cmd->flags) {
		out_puts(&r->out, "\nOptions:\n");
		flags_usage(&r->out, cmd->flags);
	}
}

static int cmd_help(struct runner *r, int argc, char **argv)
{
	static const char *const what[] = { "command" };
	const char *name;
	int rc;

	rc = cmd_parse(r, NULL, NULL, argc, argv, &name, 0, 1, what, NULL);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	if (!name) {
		runner_usage(&r->out);
		return 0;
	}
	if (!cmd_find(name)) {
		runner_error(r, "help: unknown command \"%s\"", name);
		return 1;
	}
	cmd_usage(r, name);
	return 0;
}

/*
** The whole command line: parse, open the log, run the command.  Returns
** the process's exit code (see the top of this file).
*/
static int runner_main(struct runner *r, int argc, char **argv)
{
	const struct command *cmd;
	int rc;

	rc = runner_parse(r, argc, argv);
	if (rc != PARSE_OK)
		return parse_exit(rc);
	if (runner_open_log(r) < 0)
		return 1;
	lc_set_log(runner_lc_log, r->debug ? LC_LOG_DEBUG : LC_LOG_WARN, r);

	cmd = cmd_find(r->argv[0]);
	if (!cmd) {
		runner_error(r, "unknown command \"%s\"", r->argv[0]);
		rc = 1;
	} else {
		runner_log(r, LC_LOG_DEBUG, "runner %s: command %s", LC_VERSION, cmd->name);
		rc = cmd->fn(r, r->argc, r->argv);
	}

	lc_set_log(NULL, 0, NULL);
	if (r->logfd >= 0) {
		close(r->logfd);
		r->logfd = -1;
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* The static runner's allocator (RUNNER_MALLOC; `make static` sets it)
**
** A runner lives for one command and allocates a few hundred small blocks
** (the config's parse tree, its copy, strings).  musl's allocator gives
** groups of them back to the kernel as soon as they are free and maps them
** again on the next call: about 30 page faults and a dozen mmap/munmap
** pairs per `run`, 5% of its CPU time.  This one never returns small
** blocks to the kernel: sizes round up to a power of two (32 bytes to
** 8 KiB with the header), a freed block goes on its class's list and is
** the next one of that class handed out, and new blocks are cut from 256
** KiB mappings (MAP_NORESERVE: a page costs only once touched).  Larger
** blocks are mappings of their own, unmapped when freed.  One thread only
** (the runner has one; the clone children of lc never allocate).  The
** functions are plain static ones, tested by test/test_runner.c in every
** build; RUNNER_MALLOC makes them the program's malloc family. */

#if defined(RUNNER_MALLOC) || defined(RUNNER_NO_MAIN)
#define RA_MIN_SHIFT 5   /* the smallest block: 32 bytes, header included */
#define RA_CLASSES 9     /* 32 .. 8192 */
#define RA_ARENA (256 * 1024)

struct ra_block {
	size_t size;     /* class index, or the mapping's length (> RA_CLASSES) */
	char pad[16 - sizeof(size_t)]; /* a 16-byte header on 32-bit targets too:
					* the payload 16-byte aligned, like malloc's */
	struct ra_block *next; /* on a free list: the next free block
				* (overlays the payload) */
};

static struct ra_block *ra_free_list[RA_CLASSES];
static char *ra_cur;
static char *ra_end;

#define RA_HDR offsetof(struct ra_block, next)

static void *ra_malloc(size_t n)
{
	struct ra_block *b;
	size_t c = 0;

	if (n > ((size_t)1 << (RA_MIN_SHIFT + RA_CLASSES - 1)) - RA_HDR) {
		size_t len = (n + RA_HDR + 4095) & ~(size_t)4095;

		if (len < n) {
			errno = ENOMEM;
			return NULL;
		}
		b = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (b == MAP_FAILED)
			return NULL;
		b->size = len;
		return (char *)b + RA_HDR;
	}
	while (((size_t)1 << (RA_MIN_SHIFT + c)) - RA_HDR < n)
		c++;
	b = ra_free_list[c];
	if (b) {
		ra_free_list[c] = b->next;
		return (char *)b + RA_HDR;
	}
	if ((size_t)(ra_end - ra_cur) < (size_t)1 << (RA_MIN_SHIFT + c)) {
		char *a = mmap(NULL, RA_ARENA, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		if (a == MAP_FAILED)
			return NULL;
		ra_cur = a;
		ra_end = a + RA_ARENA;
	}
	b = (struct ra_block *)ra_cur;
	ra_cur += (size_t)1 << (RA_MIN_SHIFT + c);
	b->size = c;
	return (char *)b + RA_HDR;
}

/* What a block can hold. */
static size_t ra_usable(const struct ra_block *b)
{
	return (b->size < RA_CLASSES ? (size_t)1 << (RA_MIN_SHIFT + b->size) : b->size) - RA_HDR;
}

static void ra_free(void *p)
{
	struct ra_block *b;

	if (!p)
		return;
	b = (struct ra_block *)((char *)p - RA_HDR);
	if (b->size >= RA_CLASSES) {
		munmap(b, b->size);
		return;
	}
	b->next = ra_free_list[b->size];
	ra_free_list[b->size] = b;
}

static void *ra_realloc(void *p, size_t n)
{
	void *q;
	size_t have;

	if (!p)
		return ra_malloc(n);
	have = ra_usable((struct ra_block *)((char *)p - RA_HDR));
	if (n <= have)
		return p;
	q = ra_malloc(n);
	if (q) {
		memcpy(q, p, have);
		ra_free(p);
	}
	return q;
}

static void *ra_calloc(size_t k, size_t n)
{
	void *p;

	if (n && k > (size_t)-1 / n) {
		errno = ENOMEM;
		return NULL;
	}
	p = ra_malloc(k * n);
	if (p)
		memset(p, 0, k * n);
	return p;
}

#ifdef RUNNER_MALLOC
void *malloc(size_t n) { return ra_malloc(n); }
void free(void *p) { ra_free(p); }
void *realloc(void *p, size_t n) { return ra_realloc(p, n); }
void *calloc(size_t k, size_t n) { return ra_calloc(k, n); }
#endif
#endif /* RUNNER_MALLOC || RUNNER_NO_MAIN */

#ifndef RUNNER_NO_MAIN
int main(int argc, char **argv)
{
	struct runner r;
	int rc;

	runner_init(&r, 1, 2);
	rc = runner_main(&r, argc, argv);
	out_flush(&r.out);
	if (r.out.failed && rc == 0)
		rc = 1; /* output lost (a full disk, a closed pipe): say so */
	return rc;
}
#endif
