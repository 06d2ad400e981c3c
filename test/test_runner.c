/*
** test_runner.c: unit tests for runner.c, the parts that need no container:
** global and per-command flag parsing, signal names, the list table, log
** lines, the spec template, pid and config files, and the error paths that
** end before lc would start anything.
**
** runner.c is included, so its static functions are callable; lc comes
** from lc.o (or /work/parts/lc_stub.c until lc.c exists):
**   gcc -std=gnu11 -Wall -Wextra -Werror -DLC_TESTING \
**       -fsanitize=address,undefined test/test_runner.c lc.o -lcmocka
*/
#define _GNU_SOURCE /* before any header: runner.c needs POSIX 2008 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>

#define RUNNER_NO_MAIN
#include "../runner.c"

/* Number of entries in a NULL-terminated argv literal. */
#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

/* A memory file for output; fd_text() reads what it holds. */
static int fd_mem(void)
{
	int fd = memfd_create("test_runner", MFD_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

/* Everything written to fd so far, NUL-terminated; *buf is replaced. */
static const char *fd_text(int fd, char **buf)
{
	off_t n = lseek(fd, 0, SEEK_END);

	assert_true(n >= 0);
	free(*buf);
	*buf = calloc(1, (size_t)n + 1);
	assert_non_null(*buf);
	assert_int_equal(pread(fd, *buf, (size_t)n, 0), n);
	return *buf;
}

/* A runner whose stdout and stderr are memory files. */
struct fx {
	struct runner r;
	int out;
	int err;
	char *out_buf;
	char *err_buf;
};

static void fx_init(struct fx *fx)
{
	memset(fx, 0, sizeof *fx);
	fx->out = fd_mem();
	fx->err = fd_mem();
	runner_init(&fx->r, fx->out, fx->err);
}

/* What the runner printed so far; valid until the next call. */
static const char *fx_out(struct fx *fx)
{
	out_flush(&fx->r.out);
	return fd_text(fx->out, &fx->out_buf);
}

static const char *fx_err(struct fx *fx)
{
	return fd_text(fx->err, &fx->err_buf);
}

static void fx_done(struct fx *fx)
{
	if (fx->r.logfd >= 0)
		close(fx->r.logfd);
	close(fx->out);
	close(fx->err);
	free(fx->out_buf);
	free(fx->err_buf);
}

/* A scratch directory; tmp_path() names a file in it. */
static char tmpdir[64];

static void tmp_make(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_runner.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
}

static const char *tmp_path(const char *name)
{
	static char path[2][PATH_MAX];
	static int which;

	which ^= 1;
	snprintf(path[which], sizeof path[which], "%s/%s", tmpdir, name);
	return path[which];
}

/* Remove the scratch directory and the plain files in it. */
static void tmp_remove(void)
{
	struct dirent *de;
	DIR *d = opendir(tmpdir);

	assert_non_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlink(tmp_path(de->d_name));
	closedir(d);
	assert_int_equal(rmdir(tmpdir), 0);
}

static int tmp_count_entries(void)
{
	struct dirent *de;
	DIR *d = opendir(tmpdir);
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* The whole content of path, NUL-terminated, or NULL. */
static char *slurp(const char *path)
{
	char *buf;
	long n;
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static void put_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* ------------------------------------------------------------------ */
/* Global options                                                      */

static void runner_parse_reads_root_log_format_and_debug(void **state)
{
	char *argv[] = { "runner", "--root",  "/run/x", "--log", "/tmp/l", "--log-format",
			 "json",   "--debug", "state",  "web",   NULL };
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(runner_parse(&fx.r, ARGC(argv), argv), PARSE_OK);
	assert_string_equal(fx.r.root, "/run/x");
	assert_string_equal(fx.r.log_path, "/tmp/l");
	assert_int_equal(fx.r.log_json, 1);
	assert_int_equal(fx.r.debug, 1);
	assert_int_equal(fx.r.argc, 2);
	assert_string_equal(fx.r.argv[0], "state");
	assert_string_equal(fx.r.argv[1], "web");
	assert_string_equal(fx_err(&fx), "");
	fx_done(&fx);
}

static void runner_parse_accepts_equals_and_single_dash_forms(void **state)
{
	char *argv[] = { "runner", "--root=/a", "-log=/l", "-log-format", "text", "list", NULL };
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(runner_parse(&fx.r, ARGC(argv), argv), PARSE_OK);
	assert_string_equal(fx.r.root, "/a");
	assert_string_equal(fx.r.log_path, "/l");
	assert_int_equal(fx.r.log_json, 0);
	assert_string_equal(fx.r.argv[0], "list");
	fx_done(&fx);
}

static void runner_parse_leaves_root_empty_for_the_lc_default(void **state)
{
	char *argv[] = { "runner", "list", NULL };
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(runner_parse(&fx.r, ARGC(argv), argv), PARSE_OK);
	assert_string_equal(fx.r.root, "");
	assert_null(fx.r.log_path);
	fx_done(&fx);
}

static void runner_parse_makes_root_absolute_and_clean(void **state)
{
	char *argv[] = { "runner", "--root", "rel/../a/./b//", "list", NULL };
	char cwd[PATH_MAX];
	char want[PATH_MAX * 2];
	struct fx fx;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof cwd));
	snprintf(want, sizeof want, "%s/a/b", strcmp(cwd, "/") ? cwd : "");
	fx_init(&fx);
	assert_int_equal(runner_parse(&fx.r, ARGC(argv), argv), PARSE_OK);
	assert_string_equal(fx.r.root, want);
	fx_done(&fx);
}

static void runner_parse_rejects_a_bad_log_format(void **state)
{
	char *argv[] = { "runner", "--log-format", "yaml", "list", NULL };
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(runner_parse(&fx.r, ARGC(argv), argv), PARSE_ERR);
	assert_string_equal(fx_err(&fx), "runner: invalid --log-format \"yaml\": want text or json\n");
	fx_done(&fx);
}

static void runner_parse_rejects_an_unknown_flag_by_name(void **state)
{
	char *argv[] = { "runner", "--foo=1", "list", NULL };
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(runner_parse(&fx.r, ARGC(argv), argv), PARSE_ERR);
	assert_string_equal(fx_err(&fx), "runner: unknown flag --foo\n");
	fx_done(&fx);
}

static void runner_parse_rejects_a_flag_without_its_value(void **state)
{
	char *argv[] = { "runner", "--root", NULL };
	char *argv2[] = { "runner", "--log=", "list", NULL };
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(runner_parse(&fx.r, ARGC(argv), argv), PARSE_ERR);
	assert_string_equal(fx_err(&fx), "runner: flag --root needs a value\n");
	fx_done(&fx);

	fx_init(&fx);
	assert_int_equal(runner_parse(&fx.r, ARGC(argv2), argv2), PARSE_ERR);
	assert_string_equal(fx_err(&fx), "runner: flag --log needs a value\n");
	fx_done(&fx);
}

static void runner_parse_refuses_systemd_cgroup(void **state)
{
	char *argv[] = { "runner", "--systemd-cgroup", "list", NULL };
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(runner_parse(&fx.r, ARGC(argv), argv), PARSE_ERR);
	assert_non_null(strstr(fx_err(&fx), "runner: --systemd-cgroup: not supported"));
	fx_done(&fx);
}

static void runner_parse_prints_the_version_in_runc_shape(void **state)
{
	char *argv[] = { "runner", "--version", NULL };
	char *argv2[] = { "runner", "-v", "list", NULL };
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(runner_parse(&fx.r, ARGC(argv), argv), PARSE_HELP);
	assert_string_equal(fx_out(&fx), "runner version " LC_VERSION "\nspec: 1.2.0\n");
	fx_done(&fx);

	fx_init(&fx);
	assert_int_equal(runner_parse(&fx.r, ARGC(argv2), argv2), PARSE_HELP);
	assert_string_equal(fx_out(&fx), "runner version " LC_VERSION "\nspec: 1.2.0\n");
	fx_done(&fx);
}

static void runner_parse_answers_help_and_an_empty_command_line(void **state)
{
	char *argv[] = { "runner", "-h", NULL };
	char *argv2[] = { "runner", NULL };
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(runner_parse(&fx.r, ARGC(argv), argv), PARSE_HELP);
	assert_non_null(strstr(fx_out(&fx), "Usage: runner [global options] <command>"));
	fx_done(&fx);

	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv2), argv2), 0);
	assert_non_null(strstr(fx_out(&fx), "Commands:\n"));
	fx_done(&fx);
}

static void runner_main_rejects_an_unknown_command(void **state)
{
	char *argv[] = { "runner", "frobnicate", NULL };
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 1);
	assert_string_equal(fx_err(&fx), "runner: unknown command \"frobnicate\"\n");
	fx_done(&fx);
}

/* ------------------------------------------------------------------ */
/* Command flags                                                       */

static void create_flags_parse_in_both_spellings(void **state)
{
	char *argv[] = { "create", "-b", "/b", "--pid-file=/p", "--no-pivot", "web", NULL };
	char *argv2[] = { "create", "--bundle=/b", "--pid-file", "/p", "web", NULL };
	struct create_opts o;
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(create_parse(&fx.r, ARGC(argv), argv, 0, &o), PARSE_OK);
	assert_string_equal(o.bundle, "/b");
	assert_string_equal(o.pid_file, "/p");
	assert_int_equal(o.no_pivot, 1);
	assert_string_equal(o.id, "web");

	assert_int_equal(create_parse(&fx.r, ARGC(argv2), argv2, 0, &o), PARSE_OK);
	assert_string_equal(o.bundle, "/b");
	assert_string_equal(o.pid_file, "/p");
	assert_int_equal(o.no_pivot, 0);
	assert_string_equal(fx_err(&fx), "");
	fx_done(&fx);
}

static void run_flags_may_follow_the_id(void **state)
{
	char *argv[] = { "run", "web", "-d", "--keep", "--bundle", "/b", NULL };
	struct create_opts o;
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(create_parse(&fx.r, ARGC(argv), argv, 1, &o), PARSE_OK);
	assert_string_equal(o.id, "web");
	assert_int_equal(o.detach, 1);
	assert_int_equal(o.keep, 1);
	assert_string_equal(o.bundle, "/b");
	fx_done(&fx);
}

static void exec_flags_stop_at_the_id_and_repeat(void **state)
{
	char *argv[] = { "exec", "-e", "A=1", "--env=B=2", "-u", "1000:1000", "--cap", "CAP_KILL",
			 "-d", "web", "sh", "-c", "echo -e x", "--cwd", NULL };
	struct exec_opts o;
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(exec_parse(&fx.r, ARGC(argv), argv, &o), PARSE_OK);
	assert_int_equal(o.env.n, 2);
	assert_string_equal(o.env.v[0], "A=1");
	assert_string_equal(o.env.v[1], "B=2");
	assert_string_equal(o.user, "1000:1000");
	assert_int_equal(o.caps.n, 1);
	assert_int_equal(o.detach, 1);
	assert_string_equal(o.id, "web");
	/* everything after the ID is the command, flags or not */
	assert_int_equal(o.nargs, 4);
	assert_string_equal(o.args[0], "sh");
	assert_string_equal(o.args[3], "--cwd");
	assert_null(o.cwd);
	assert_string_equal(fx_err(&fx), "");
	fx_done(&fx);
}

static void exec_needs_an_id_and_a_command(void **state)
{
	char *noid[] = { "exec", "-d", NULL };
	char *nocmd[] = { "exec", "web", NULL };
	char *tty[] = { "exec", "--console-socket", "web", NULL };
	struct exec_opts o;
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(exec_parse(&fx.r, ARGC(noid), noid, &o), PARSE_ERR);
	assert_int_equal(exec_parse(&fx.r, ARGC(nocmd), nocmd, &o), PARSE_ERR);
	assert_int_equal(exec_parse(&fx.r, ARGC(tty), tty, &o), PARSE_ERR);
	assert_string_equal(fx_err(&fx),
			    "runner: exec: missing container ID\n"
			    "runner: exec: missing the command to run (or -p process.json)\n"
			    "runner: exec: missing container ID\n");
	fx_done(&fx);
}

static void preserve_fds_adds_listen_fds_for_the_init(void **state)
{
	lc_process p;
	struct fx fx;

	(void)state;
	fx_init(&fx);
	memset(&p, 0, sizeof p);
	setenv("LISTEN_FDS", "2", 1);
	assert_int_equal(process_pass_fds(&fx.r, &p, "3", 1), 0);
	assert_int_equal(p.preserve_fds, 5);
	assert_non_null(p.env);
	assert_string_equal(p.env[0], "LISTEN_FDS=2");
	assert_string_equal(p.env[1], "LISTEN_PID=1");
	assert_null(p.env[2]);
	assert_int_equal(process_pass_fds(&fx.r, &p, NULL, 0), 0);
	assert_int_equal(p.preserve_fds, 0); /* exec: LISTEN_FDS is the init's */
	assert_int_equal(process_pass_fds(&fx.r, &p, "x", 1), -1);
	assert_string_equal(fx_err(&fx), "runner: --preserve-fds: invalid number \"x\"\n");
	unsetenv("LISTEN_FDS");
	free(p.env[0]);
	free(p.env[1]);
	free(p.env);
	fx_done(&fx);
}

static void create_refuses_run_only_flags(void **state)
{
	char *argv[] = { "create", "-d", "web", NULL };
	struct create_opts o;
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(create_parse(&fx.r, ARGC(argv), argv, 0, &o), PARSE_ERR);
	assert_string_equal(fx_err(&fx), "runner: create: unknown flag -d\n");
	fx_done(&fx);
}

static void boolean_flags_take_an_explicit_value(void **state)
{
	char *argv[] = { "run", "--detach=false", "--no-pivot=true", "web", NULL };
	char *argv2[] = { "run", "--detach=maybe", "web", NULL };
	struct create_opts o;
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(create_parse(&fx.r, ARGC(argv), argv, 1, &o), PARSE_OK);
	assert_int_equal(o.detach, 0);
	assert_int_equal(o.no_pivot, 1);
	assert_int_equal(create_parse(&fx.r, ARGC(argv2), argv2, 1, &o), PARSE_ERR);
	assert_string_equal(fx_err(&fx), "runner: run: invalid value \"maybe\" for flag --detach\n");
	fx_done(&fx);
}

static void run_without_an_id_reports_the_missing_container_id(void **state)
{
	char *argv[] = { "run", "-b", "/b", NULL };
	struct create_opts o;
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(create_parse(&fx.r, ARGC(argv), argv, 1, &o), PARSE_ERR);
	assert_string_equal(fx_err(&fx), "runner: run: missing container ID\n");
	fx_done(&fx);
}

static void a_command_flag_without_value_is_named(void **state)
{
	char *argv[] = { "create", "web", "--pid-file", NULL };
	struct create_opts o;
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(create_parse(&fx.r, ARGC(argv), argv, 0, &o), PARSE_ERR);
	assert_string_equal(fx_err(&fx), "runner: create: flag --pid-file needs a value\n");
	fx_done(&fx);
}

static void an_unknown_command_flag_names_command_and_flag(void **state)
{
	char *argv[] = { "kill", "--signal", "KILL", "web", NULL };
	struct kill_opts o;
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(kill_parse(&fx.r, ARGC(argv), argv, &o), PARSE_ERR);
	assert_string_equal(fx_err(&fx), "runner: kill: unknown flag --signal\n");
	fx_done(&fx);
}

static void an_extra_argument_is_named(void **state)
{
	char *argv[] = { "runner", "state", "a", "b", NULL };
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 1);
	assert_string_equal(fx_err(&fx), "runner: state: unexpected argument \"b\"\n");
	fx_done(&fx);
}

static void double_dash_ends_the_flags(void **state)
{
	char *argv[] = { "delete", "-f", "--", "-odd", NULL };
	struct delete_opts o;
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(delete_parse(&fx.r, ARGC(argv), argv, &o), PARSE_OK);
	assert_int_equal(o.force, 1);
	assert_string_equal(o.id, "-odd");
	fx_done(&fx);
}

static void kill_parses_all_and_defaults_to_sigterm(void **state)
{
	char *argv[] = { "kill", "--all", "web", NULL };
	char *argv2[] = { "kill", "web", "sigusr1", "-a=false", NULL };
	struct kill_opts o;
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(kill_parse(&fx.r, ARGC(argv), argv, &o), PARSE_OK);
	assert_int_equal(o.all, 1);
	assert_int_equal(o.sig, SIGTERM);
	assert_string_equal(o.id, "web");
	assert_int_equal(kill_parse(&fx.r, ARGC(argv2), argv2, &o), PARSE_OK);
	assert_int_equal(o.all, 0);
	assert_int_equal(o.sig, SIGUSR1);
	fx_done(&fx);
}

static void kill_names_an_unknown_signal_before_touching_the_container(void **state)
{
	char *argv[] = { "runner", "--root", "/nonexistent/root", "kill", "web", "FOO", NULL };
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 1);
	assert_string_equal(fx_err(&fx), "runner: kill: unknown signal \"FOO\"\n");
	fx_done(&fx);
}

static void ram_sizes_read_like_go_units(void **state)
{
	static const struct {
		const char *s;
		int64_t v;
	} ok[] = {
		{ "100", 100 },	     { "64m", 67108864 },	{ "64M", 67108864 },
		{ "64MiB", 67108864 }, { "1.5G", 1610612736 },	{ "512k", 524288 },
		{ "1 gb", 1073741824 }, { "2t", 2199023255552LL },
	};
	static const char *const bad[] = { "", "x", "-5", "64q", "1.5.5m", "64mm", "99999999999t" };
	size_t i;
	int64_t v;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		assert_int_equal(parse_ram(ok[i].s, &v), 0);
		assert_int_equal(v, ok[i].v);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (parse_ram(bad[i], &v) == 0)
			fail_msg("\"%s\" accepted as %lld", bad[i], (long long)v);
}

static void durations_read_like_go(void **state)
{
	int64_t ns;

	(void)state;
	assert_int_equal(parse_duration("5s", &ns), 0);
	assert_int_equal(ns, 5000000000LL);
	assert_int_equal(parse_duration("300ms", &ns), 0);
	assert_int_equal(ns, 300000000);
	assert_int_equal(parse_duration("1m30s", &ns), 0);
	assert_int_equal(ns, 90000000000LL);
	assert_int_equal(parse_duration("1.5h", &ns), 0);
	assert_int_equal(ns, 5400000000000LL);
	assert_int_equal(parse_duration("250us", &ns), 0);
	assert_int_equal(ns, 250000);
	assert_int_equal(parse_duration("2\xc2\xb5s7ns", &ns), 0);
	assert_int_equal(ns, 2007);
	assert_int_equal(parse_duration("0", &ns), 0);
	assert_int_equal(ns, 0);
	assert_int_equal(parse_duration("10", &ns), -1);
	assert_int_equal(parse_duration("", &ns), -1);
	assert_int_equal(parse_duration("5x", &ns), -1);
}

/* ps is looked up in PATH as execvp does: entries that lack it are passed
** over, an unset PATH means /usr/local/bin:/bin:/usr/bin, and without any
** ps the child exits 127. */
static void ps_capture_looks_ps_up_in_path(void **state)
{
	const char *was = getenv("PATH");
	char *saved = was ? strdup(was) : NULL;
	char *text = NULL;

	(void)state;
	if (access("/usr/bin/ps", X_OK) != 0 && access("/bin/ps", X_OK) != 0)
		skip();
	setenv("PATH", "/nonexistent::/etc/passwd:/usr/bin:/bin", 1);
	assert_int_equal(ps_capture(NULL, 0, &text), 0);
	assert_non_null(strstr(text, "PID"));
	free(text);
	unsetenv("PATH");
	assert_int_equal(ps_capture(NULL, 0, &text), 0);
	assert_non_null(strstr(text, "PID"));
	free(text);
	setenv("PATH", "/nonexistent:", 1);
	assert_int_equal(ps_capture(NULL, 0, &text), 127);
	free(text);
	if (saved)
		setenv("PATH", saved, 1);
	free(saved);
}

static void ps_gives_what_follows_the_id_to_ps(void **state)
{
	char *argv[] = { "ps", "-f", "json", "web", "-o", "pid,comm", NULL };
	char *argv2[] = { "ps", "web", NULL };
	char *argv3[] = { "ps", "--format=xml", "web", NULL };
	char *argv4[] = { "ps", "--", "web", "-ef", NULL };
	char *argv5[] = { "ps", NULL };
	struct ps_opts o;
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(ps_parse(&fx.r, ARGC(argv), argv, &o), PARSE_OK);
	assert_string_equal(o.format, "json");
	assert_string_equal(o.id, "web");
	assert_int_equal(o.n_ps_args, 2);
	assert_string_equal(o.ps_args[0], "-o");
	assert_int_equal(ps_parse(&fx.r, ARGC(argv2), argv2, &o), PARSE_OK);
	assert_string_equal(o.format, "table");
	assert_int_equal(o.n_ps_args, 0);
	assert_int_equal(ps_parse(&fx.r, ARGC(argv4), argv4, &o), PARSE_OK);
	assert_string_equal(o.id, "web");
	assert_int_equal(o.n_ps_args, 1);
	assert_int_equal(ps_parse(&fx.r, ARGC(argv3), argv3, &o), PARSE_ERR);
	assert_int_equal(ps_parse(&fx.r, ARGC(argv5), argv5, &o), PARSE_ERR);
	assert_string_equal(fx_err(&fx), "runner: ps: invalid format \"xml\": want table or json\n"
					 "runner: ps: missing container ID\n");
	fx_done(&fx);
}

static void update_flags_become_resources(void **state)
{
	char *argv[] = { "update", "--memory", "64m", "--memory-swap", "-1", "--cpu-share", "512",
			 "--cpu-quota=-1", "--pids-limit", "0", "--cpuset-cpus", "0-1",
			 "--blkio-weight", "300", "--cpu-idle", "1", "web", NULL };
	char *argv2[] = { "update", "--memory", "lots", "web", NULL };
	char *argv3[] = { "update", "--kernel-memory", "1m", "web", NULL };
	char *argv4[] = { "update", "--cpu-shares", "256", "--cpuset-mems", "0", "web", NULL };
	struct update_opts o;
	lc_resources res;
	struct fx fx;

	(void)state;
	fx_init(&fx);
	memset(&res, 0, sizeof res);
	assert_int_equal(update_parse(&fx.r, ARGC(argv), argv, &o), PARSE_OK);
	assert_int_equal(update_flags(&fx.r, &o, &res), 0);
	assert_true(res.memory.has_limit && res.memory.limit == 67108864);
	assert_true(res.memory.has_swap && res.memory.swap == -1);
	assert_false(res.memory.has_reservation);
	assert_true(res.cpu.has_shares && res.cpu.shares == 512);
	assert_true(res.cpu.has_quota && res.cpu.quota == -1);
	assert_false(res.cpu.has_period);
	assert_true(res.has_pids_limit && res.pids_limit == 0);
	assert_string_equal(res.cpu.cpus, "0-1");
	assert_null(res.cpu.mems);
	assert_true(res.blkio.has_weight && res.blkio.weight == 300);
	assert_true(res.cpu.has_idle && res.cpu.idle == 1);
	lc_resources_clear(&res);
	assert_int_equal(update_parse(&fx.r, ARGC(argv2), argv2, &o), PARSE_OK);
	assert_int_equal(update_flags(&fx.r, &o, &res), 1);
	lc_resources_clear(&res);
	/* runc's other spelling of --cpu-share */
	assert_int_equal(update_parse(&fx.r, ARGC(argv4), argv4, &o), PARSE_OK);
	assert_int_equal(update_flags(&fx.r, &o, &res), 0);
	assert_true(res.cpu.has_shares && res.cpu.shares == 256);
	assert_string_equal(res.cpu.mems, "0");
	assert_false(res.memory.has_limit);
	lc_resources_clear(&res);
	assert_int_equal(update_parse(&fx.r, ARGC(argv3), argv3, &o), PARSE_ERR);
	assert_string_equal(fx_err(&fx),
			    "runner: update: invalid value for --memory: \"lots\"\n"
			    "runner: update: --kernel-memory: kernel memory limits are not supported "
			    "(Linux 5.16 removed them)\n");
	fx_done(&fx);
}

/* Each integer flag of update takes exactly its range, and a refusal
** names the flag (--cpu-shares as --cpu-share, runc's first spelling). */
static void update_flags_take_each_range_and_name_the_flag(void **state)
{
	static const struct {
		const char *flag;
		const char *good;
		const char *bad;
		const char *name;
	} t[] = {
		{ "--blkio-weight", "1000", "9", "blkio-weight" },
		{ "--blkio-weight", "10", "1001", "blkio-weight" },
		{ "--cpu-period", "0", "-1", "cpu-period" },
		{ "--cpu-quota", "-1", "-2", "cpu-quota" },
		{ "--cpu-rt-runtime", "-1", "-2", "cpu-rt-runtime" },
		{ "--cpu-rt-period", "9223372036854775807", "9223372036854775808", "cpu-rt-period" },
		{ "--cpu-idle", "1", "2", "cpu-idle" },
		{ "--cpu-idle", "0", "-1", "cpu-idle" },
		{ "--pids-limit", "-9223372036854775808", "1x", "pids-limit" },
		{ "--cpu-shares", "0", "-1", "cpu-share" },
		{ "--cpu-burst", "0", "-1", "cpu-burst" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *good[] = { "update", (char *)t[i].flag, (char *)t[i].good, "web", NULL };
		char *bad[] = { "update", (char *)t[i].flag, (char *)t[i].bad, "web", NULL };
		char want[128];
		struct update_opts o;
		lc_resources res;
		struct fx fx;

		fx_init(&fx);
		memset(&res, 0, sizeof res);
		assert_int_equal(update_parse(&fx.r, ARGC(good), good, &o), PARSE_OK);
		if (update_flags(&fx.r, &o, &res) != 0)
			fail_msg("%s %s refused", t[i].flag, t[i].good);
		lc_resources_clear(&res);
		if (update_parse(&fx.r, ARGC(bad), bad, &o) == PARSE_OK) {
			assert_int_equal(update_flags(&fx.r, &o, &res), 1);
			snprintf(want, sizeof want, "runner: update: invalid value for --%s: \"%s\"\n",
				 t[i].name, t[i].bad);
			assert_string_equal(fx_err(&fx), want);
		}
		lc_resources_clear(&res);
		fx_done(&fx);
	}
}

static void events_refuses_a_bad_interval_before_touching_the_container(void **state)
{
	char *argv[] = { "runner", "--root", "/nonexistent/root", "events", "--interval", "5", "web",
			 NULL };
	char *argv2[] = { "runner", "--root", "/nonexistent/root", "events", "--interval=0s", "web",
			  NULL };
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 1);
	assert_int_equal(runner_main(&fx.r, ARGC(argv2), argv2), 1);
	assert_string_equal(fx_err(&fx), "runner: events: invalid value \"5\" for flag --interval\n"
					 "runner: duration interval must be greater than 0\n");
	fx_done(&fx);
}

static void list_parses_format_and_quiet(void **state)
{
	char *argv[] = { "list", "-f", "json", "-q", NULL };
	char *argv2[] = { "list", "--format=yaml", NULL };
	char *argv3[] = { "list", "x", NULL };
	struct list_opts o;
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(list_parse(&fx.r, ARGC(argv), argv, &o), PARSE_OK);
	assert_string_equal(o.format, "json");
	assert_int_equal(o.quiet, 1);
	assert_int_equal(list_parse(&fx.r, ARGC(argv2), argv2, &o), PARSE_ERR);
	assert_int_equal(list_parse(&fx.r, ARGC(argv3), argv3, &o), PARSE_ERR);
	assert_string_equal(fx_err(&fx), "runner: list: invalid format \"yaml\": want table or json\n"
					 "runner: list: unexpected argument \"x\"\n");
	fx_done(&fx);
}

static void a_command_help_flag_prints_its_usage(void **state)
{
	char *argv[] = { "runner", "delete", "--help", NULL };
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 0);
	assert_non_null(strstr(fx_out(&fx), "Usage: runner delete [options] <container-id>\n"));
	assert_non_null(strstr(fx_out(&fx), "--force"));
	fx_done(&fx);
}

/* Each command's --help lists every option its table takes, with its
** value's name and meaning, and none of the refused ones. */
static void every_command_help_lists_each_option_with_its_meaning(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_COMMANDS; i++) {
		char *argv[] = { "runner", (char *)commands[i].name, "--help", NULL };
		const struct flag *f;
		struct fx fx;

		if (!commands[i].flags)
			continue;
		fx_init(&fx);
		assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 0);
		for (f = commands[i].flags; f->spec; f++) {
			char want[256];
			const char *line;
			int n = (int)strcspn(f->spec, "\t");

			snprintf(want, sizeof want, "--%.*s", n, f->spec);
			if (f->kind == FLAG_REFUSED) {
				assert_null(strstr(fx_out(&fx), want));
				continue;
			}
			strcat(want, " ");
			line = strstr(fx_out(&fx), want);
			if (!line)
				fail_msg("%s --help lacks %s", commands[i].name, want);
			line += strspn(line + n + 2, " ") + n + 2;
			if (strncmp(line, f->spec + n + 1, strlen(f->spec + n + 1)) ||
			    line[strlen(f->spec + n + 1)] != '\n')
				fail_msg("%s --help: %s without its meaning", commands[i].name, want);
		}
		fx_done(&fx);
	}
}

/* ------------------------------------------------------------------ */
/* Signals and exit codes                                              */

static void signal_parse_accepts_names_numbers_and_prefixes(void **state)
{
	int sig = -1;

	(void)state;
	assert_int_equal(signal_parse("KILL", &sig), 0);
	assert_int_equal(sig, SIGKILL);
	assert_int_equal(signal_parse("SIGKILL", &sig), 0);
	assert_int_equal(sig, SIGKILL);
	assert_int_equal(signal_parse("sigkill", &sig), 0);
	assert_int_equal(sig, SIGKILL);
	assert_int_equal(signal_parse("term", &sig), 0);
	assert_int_equal(sig, SIGTERM);
	assert_int_equal(signal_parse("9", &sig), 0);
	assert_int_equal(sig, 9);
	assert_int_equal(signal_parse("0", &sig), 0);
	assert_int_equal(sig, 0);
	assert_int_equal(signal_parse("WINCH", &sig), 0);
	assert_int_equal(sig, SIGWINCH);
	assert_int_equal(signal_parse("64", &sig), 0);
	assert_int_equal(sig, 64);
	assert_int_equal(signal_parse("RTMIN", &sig), 0);
	assert_int_equal(sig, SIGRTMIN);
	assert_int_equal(signal_parse("SIGRTMIN+2", &sig), 0);
	assert_int_equal(sig, SIGRTMIN + 2);
	assert_int_equal(signal_parse("rtmax-1", &sig), 0);
	assert_int_equal(sig, SIGRTMAX - 1);
}

static void signal_parse_rejects_out_of_range_and_garbage(void **state)
{
	static const char *const bad[] = { "65", "-1", "", "SIG", "FOO", "9x", "SIG9", "+9",
					   "99999999999", "RTMIN+31", "RTMIN-1", "RTMAX+1",
					   "RTMIN+", "KILLX" };
	size_t i;
	int sig = -1;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (signal_parse(bad[i], &sig) == 0)
			fail_msg("signal \"%s\" was accepted as %d", bad[i], sig);
	}
}

static void exit_code_is_the_status_or_128_plus_the_signal(void **state)
{
	(void)state;
	assert_int_equal(exit_code(0), 0);
	assert_int_equal(exit_code(3 << 8), 3);
	assert_int_equal(exit_code(SIGKILL), 128 + SIGKILL);
	assert_int_equal(exit_code(SIGTERM | 0x80), 128 + SIGTERM); /* with a core dump */
}

/* ------------------------------------------------------------------ */
/* list table                                                          */

/* What `runc list` printed on this machine for two containers, one with
** a UTF-8 bundle path: the column is padded by characters, not bytes. */
static void list_table_matches_runc_output(void **state)
{
	static const struct list_row rows[] = {
		{ "a-much-longer-container-name-here", 14693, "running", "/tmp/rb",
		  "2026-11-26T06:08:49.973039445Z", "root" },
		{ "ctr-one", 14726, "created", "/tmp/rb\xc3\xa9", "2026-11-26T06:08:49.997951257Z",
		  "root" },
	};
	char *buf = NULL;
	char space[64];
	struct out o = { fd_mem(), 0, 0, sizeof space, space };

	(void)state;
	list_print_table(&o, rows, 2);
	out_flush(&o);
	assert_string_equal(
		fd_text(o.fd, &buf),
		"ID                                  PID         STATUS      BUNDLE      CREATED                          OWNER\n"
		"a-much-longer-container-name-here   14693       running     /tmp/rb     2026-11-26T06:08:49.973039445Z   root\n"
		"ctr-one                             14726       created     /tmp/rb\xc3\xa9"
		"    2026-11-26T06:08:49.997951257Z   root\n");
	close(o.fd);
	free(buf);
}

static void list_table_without_rows_is_the_header(void **state)
{
	char *buf = NULL;
	char space[64];
	struct out o = { fd_mem(), 0, 0, sizeof space, space };

	(void)state;
	list_print_table(&o, NULL, 0);
	out_flush(&o);
	assert_string_equal(fd_text(o.fd, &buf), "ID          PID         STATUS      BUNDLE      CREATED     OWNER\n");
	close(o.fd);
	free(buf);
}

static void list_table_keeps_the_minimum_width_for_short_cells(void **state)
{
	static const struct list_row rows[] = {
		{ "a", 0, "stopped", "", "", "" },
		{ "nine-char", 1, "running", "/b", "t", "1000" },
	};
	char *buf = NULL;
	char space[64];
	struct out o = { fd_mem(), 0, 0, sizeof space, space };

	(void)state;
	list_print_table(&o, rows, 2);
	out_flush(&o);
	assert_string_equal(fd_text(o.fd, &buf), "ID          PID         STATUS      BUNDLE      CREATED     OWNER\n"
				 "a           0           stopped                             \n"
				 "nine-char   1           running     /b          t           1000\n");
	close(o.fd);
	free(buf);
}

static void list_of_an_empty_root_prints_null_as_json(void **state)
{
	char *argv[] = { "runner", "--root", NULL, "list", "--format", "json", NULL };
	char *argv2[] = { "runner", "--root", NULL, "list", NULL };
	struct fx fx;

	(void)state;
	tmp_make();
	argv[2] = tmpdir;
	argv2[2] = tmpdir;
	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 0);
	assert_string_equal(fx_out(&fx), "null\n");
	fx_done(&fx);

	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv2), argv2), 0);
	assert_string_equal(fx_out(&fx),
			    "ID          PID         STATUS      BUNDLE      CREATED     OWNER\n");
	fx_done(&fx);
	tmp_remove();
}

/* ------------------------------------------------------------------ */
/* Log lines                                                           */

static char *log_line(int json, int level, const char *msg, time_t t)
{
	char *buf = NULL;
	int fd = fd_mem();

	log_write_line(fd, json, level, msg, t);
	fd_text(fd, &buf);
	close(fd);
	return buf;
}

static void json_log_line_matches_logrus_field_order_and_time(void **state)
{
	char *line;

	(void)state;
	set_tz("UTC");
	line = log_line(1, LC_LOG_ERROR, "container does not exist", 1795673081);
	assert_string_equal(line, "{\"level\":\"error\",\"msg\":\"container does not exist\","
				  "\"time\":\"2026-11-26T06:04:41Z\"}\n");
	free(line);
	line = log_line(1, LC_LOG_WARN, "w", 0);
	assert_string_equal(line,
			    "{\"level\":\"warning\",\"msg\":\"w\",\"time\":\"1970-01-01T00:00:00Z\"}\n");
	free(line);
}

static void json_log_line_escapes_like_go(void **state)
{
	char *line;

	(void)state;
	set_tz("UTC");
	line = log_line(1, LC_LOG_DEBUG, "a\"b\\c\nd\te\x01<&>\xe2\x80\xa8\xc3\xa9", 0);
	assert_string_equal(line, "{\"level\":\"debug\",\"msg\":\"a\\\"b\\\\c\\nd\\te\\u0001"
				  "\\u003c\\u0026\\u003e\\u2028\xc3\xa9\","
				  "\"time\":\"1970-01-01T00:00:00Z\"}\n");
	free(line);
	line = log_line(1, LC_LOG_DEBUG, "\b\f\v\x7f\xe2\x80\xa9", 0);
	assert_string_equal(line, "{\"level\":\"debug\",\"msg\":\"\\u0008\\u000c\\u000b\x7f"
				  "\\u2029\",\"time\":\"1970-01-01T00:00:00Z\"}\n");
	free(line);
}

static void text_log_line_quotes_like_logrus(void **state)
{
	char *line;

	(void)state;
	set_tz("UTC");
	line = log_line(0, LC_LOG_ERROR, "container does not exist", 1795673081);
	assert_string_equal(line,
			    "time=\"2026-11-26T06:04:41Z\" level=error msg=\"container does not exist\"\n");
	free(line);
	/* a value of only [A-Za-z0-9-._/@^+] stays bare */
	line = log_line(0, LC_LOG_INFO, "/run/lc@x^1+2", 0);
	assert_string_equal(line, "time=\"1970-01-01T00:00:00Z\" level=info msg=/run/lc@x^1+2\n");
	free(line);
	line = log_line(0, LC_LOG_WARN, "No help topic for 'x'\n\x1b\"", 0);
	assert_string_equal(line, "time=\"1970-01-01T00:00:00Z\" level=warning "
				  "msg=\"No help topic for 'x'\\n\\x1b\\\"\"\n");
	free(line);
	line = log_line(0, LC_LOG_WARN, "\a\b\f\r\t\v\x7f\\<\xe2\x80\xa9", 0);
	assert_string_equal(line, "time=\"1970-01-01T00:00:00Z\" level=warning "
				  "msg=\"\\a\\b\\f\\r\\t\\v\\x7f\\\\<\xe2\x80\xa9\"\n");
	free(line);
}

/* UTC whatever TZ says: no libc time zone code in a static runner. */
static void log_time_is_utc_in_any_time_zone(void **state)
{
	char buf[40];

	(void)state;
	set_tz("IST-5:30");
	log_time(buf, sizeof buf, 0);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	set_tz("EST5");
	log_time(buf, sizeof buf, -1);
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
	set_tz("UTC");
}

static void an_error_goes_to_the_json_log_file_and_to_stderr(void **state)
{
	char *argv[] = { "runner", "--log", NULL, "--log-format=json", "kill", "web", "FOO", NULL };
	static const char want[] = "{\"level\":\"error\",\"msg\":\"kill: unknown signal "
				   "\\\"FOO\\\"\",\"time\":\"";
	struct fx fx;
	char *log;

	(void)state;
	tmp_make();
	argv[2] = (char *)tmp_path("log.json");
	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 1);
	assert_string_equal(fx_err(&fx), "runner: kill: unknown signal \"FOO\"\n");
	log = slurp(tmp_path("log.json"));
	assert_non_null(log);
	assert_memory_equal(log, want, sizeof want - 1);
	assert_string_equal(log + strlen(log) - 3, "\"}\n");
	free(log);
	fx_done(&fx);
	tmp_remove();
}

static void an_error_is_a_json_line_on_stderr_without_a_log_file(void **state)
{
	char *argv[] = { "runner", "--log-format", "json", "bogus", NULL };
	static const char want[] = "{\"level\":\"error\",\"msg\":\"unknown command \\\"bogus\\\"\",";
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 1);
	assert_memory_equal(fx_err(&fx), want, sizeof want - 1);
	fx_done(&fx);
}

static void debug_lines_go_to_the_text_log_file(void **state)
{
	char *argv[] = { "runner", "--debug", "--log", NULL, "help", NULL };
	struct fx fx;
	char *log;

	(void)state;
	tmp_make();
	argv[3] = (char *)tmp_path("log.txt");
	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 0);
	log = slurp(tmp_path("log.txt"));
	assert_non_null(log);
	assert_non_null(strstr(log, " level=debug msg=\"runner " LC_VERSION ": command help\"\n"));
	assert_string_equal(fx_err(&fx), "");
	free(log);
	fx_done(&fx);
	tmp_remove();
}

/* ------------------------------------------------------------------ */
/* spec                                                                */

/* The template as `runner spec` writes it. */
static char *spec_text(void)
{
	char *buf = NULL;
	char space[100];
	struct out o = { fd_mem(), 0, 0, sizeof space, space };

	spec_indent(&o, spec_json);
	out_flush(&o);
	fd_text(o.fd, &buf);
	close(o.fd);
	return buf;
}

static void spec_template_is_runc_spec(void **state)
{
	static const char *const keys[] = {
		"\t\"process\": {\n\t\t\"terminal\": true,\n\t\t\"user\": {\n",
		"\t\t\"args\": [\n\t\t\t\"sh\"\n\t\t],\n",
		"\t\t\t\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\n",
		"\t\t\"cwd\": \"/\",\n",
		"\t\t\t\"ambient\": [\n\t\t\t\t\"CAP_AUDIT_WRITE\",\n",
		"\t\t\t\t\"type\": \"RLIMIT_NOFILE\",\n\t\t\t\t\"hard\": 1024,\n",
		"\t\t\"noNewPrivileges\": true\n",
		"\t\"root\": {\n\t\t\"path\": \"rootfs\",\n\t\t\"readonly\": true\n\t},\n",
		"\t\"hostname\": \"runc\",\n",
		"\t\t\t\"destination\": \"/sys/fs/cgroup\",\n",
		"\t\t\t\t\t\"allow\": false,\n\t\t\t\t\t\"access\": \"rwm\"\n",
		"\t\t\t\t\"type\": \"mount\"\n",
		"\t\t\t\"/proc/scsi\"\n\t\t],\n",
		"\t\t\t\"/proc/sysrq-trigger\"\n\t\t]\n\t}\n}",
	};
	char *text = spec_text();
	size_t i;

	(void)state;
	assert_memory_equal(text, "{\n\t\"ociVersion\": \"1.2.0\",\n", 26);
	assert_null(strstr(text, "\"terminal\": false"));
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (!strstr(text, keys[i]))
			fail_msg("spec lacks: %s", keys[i]);
	/* like runc's, no newline after the closing brace */
	assert_int_equal(text[strlen(text) - 1], '}');
	/* Go's indentation: a tab per level, an element per line */
	assert_non_null(strstr(text, "\t\t\t\"options\": [\n\t\t\t\t\"nosuid\",\n"));
	assert_non_null(strstr(text, "\t\t\t\t\"relatime\",\n\t\t\t\t\"ro\"\n\t\t\t]\n\t\t}\n\t],\n"));
	assert_int_equal(strlen(text), 2556);
	free(text);
}

static void spec_writes_config_json_once(void **state)
{
	char *argv[] = { "runner", "spec", "-b", NULL, NULL };
	char want[PATH_MAX + 64];
	struct stat st;
	struct fx fx;
	char *want_text;
	char *text;

	(void)state;
	tmp_make();
	argv[3] = tmpdir;
	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 0);
	text = slurp(tmp_path("config.json"));
	assert_non_null(text);
	want_text = spec_text();
	assert_string_equal(text, want_text);
	free(want_text);
	free(text);
	assert_int_equal(stat(tmp_path("config.json"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0666 & ~022);

	assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 1);
	snprintf(want, sizeof want, "runner: File %s/config.json exists. Remove it first\n",
		 tmpdir);
	assert_string_equal(fx_err(&fx), want);
	fx_done(&fx);
	tmp_remove();
}

/* spec --rootless: runc's rootless changes, and a config lc takes as is. */
static void spec_rootless_maps_the_caller_and_drops_the_network(void **state)
{
	char *argv[] = { "runner", "spec", "--rootless", "-b", NULL, NULL };
	lc_config *cfg = NULL;
	lc_error err;
	struct fx fx;
	char *text;
	size_t i;

	(void)state;
	tmp_make();
	argv[4] = tmpdir;
	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 0);
	text = slurp(tmp_path("config.json"));
	assert_non_null(text);
	assert_null(strstr(text, "\"network\""));
	assert_null(strstr(text, "gid=5"));
	assert_null(strstr(text, "\"resources\""));
	/* runc's layout of what --rootless adds */
	assert_non_null(strstr(text, "\t\"linux\": {\n\t\t\"uidMappings\": [\n\t\t\t{\n"
				     "\t\t\t\t\"containerID\": 0,\n"));
	assert_non_null(strstr(text, "\t\t\t{\n\t\t\t\t\"type\": \"user\"\n\t\t\t}\n\t\t],\n"));
	assert_non_null(strstr(text, "\"source\": \"/sys\",\n\t\t\t\"options\": [\n"
				     "\t\t\t\t\"rbind\",\n"));
	assert_int_equal(lc_config_from_oci(text, strlen(text), tmpdir, &cfg, &err), 0);
	assert_true(cfg->namespaces & LC_NS_USER);
	assert_false(cfg->namespaces & LC_NS_NET);
	assert_int_equal(cfg->n_uid_mappings, 1);
	assert_int_equal(cfg->uid_mappings[0].container_id, 0);
	assert_int_equal(cfg->uid_mappings[0].host_id, geteuid());
	assert_int_equal(cfg->uid_mappings[0].size, 1);
	assert_int_equal(cfg->gid_mappings[0].host_id, getegid());
	for (i = 0; i < cfg->n_mounts; i++)
		if (strcmp(cfg->mounts[i].destination, "/sys") == 0)
			assert_string_equal(cfg->mounts[i].source, "/sys");
	lc_config_free(cfg);
	free(text);
	fx_done(&fx);
	tmp_remove();
}

/* ------------------------------------------------------------------ */
/* pid file, config.json, paths                                        */

static void pid_file_is_replaced_atomically_without_leftovers(void **state)
{
	struct stat st;
	struct fx fx;
	char *text;

	(void)state;
	tmp_make();
	put_file(tmp_path("pid"), "old contents", 12);
	fx_init(&fx);
	assert_int_equal(pidfile_write(&fx.r, tmp_path("pid"), 1234), 0);
	text = slurp(tmp_path("pid"));
	assert_string_equal(text, "1234");
	free(text);
	assert_int_equal(tmp_count_entries(), 1);
	assert_int_equal(stat(tmp_path("pid"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_string_equal(fx_err(&fx), "");
	fx_done(&fx);
	tmp_remove();
}

static void pid_file_in_a_missing_directory_names_the_path(void **state)
{
	struct fx fx;

	(void)state;
	fx_init(&fx);
	assert_int_equal(pidfile_write(&fx.r, "/nonexistent-dir/pid", 1), -1);
	assert_non_null(strstr(fx_err(&fx), "runner: open /nonexistent-dir/.pid."));
	assert_non_null(strstr(fx_err(&fx), ".tmp: No such file or directory\n"));
	fx_done(&fx);
}

static void config_read_takes_one_mib_and_refuses_more(void **state)
{
	char *big = malloc(RUNNER_CONFIG_MAX + 1);
	char want[PATH_MAX + 64];
	struct fx fx;
	char *json;
	size_t len;

	(void)state;
	assert_non_null(big);
	memset(big, ' ', RUNNER_CONFIG_MAX + 1);
	big[0] = '{';
	tmp_make();
	put_file(tmp_path("ok.json"), big, RUNNER_CONFIG_MAX);
	put_file(tmp_path("big.json"), big, RUNNER_CONFIG_MAX + 1);
	fx_init(&fx);
	assert_int_equal(config_read(&fx.r, tmp_path("ok.json"), &json, &len), 0);
	assert_int_equal(len, RUNNER_CONFIG_MAX);
	assert_int_equal(json[len], '\0');
	free(json);
	assert_int_equal(config_read(&fx.r, tmp_path("big.json"), &json, &len), -1);
	snprintf(want, sizeof want, "runner: %s: file too large (the limit is 1048576 bytes)\n",
		 tmp_path("big.json"));
	assert_string_equal(fx_err(&fx), want);
	fx_done(&fx);
	free(big);
	tmp_remove();
}

static void run_with_a_missing_config_names_the_file(void **state)
{
	char *argv[] = { "runner", "--root", NULL, "run", "--bundle", NULL, "web", NULL };
	char want[PATH_MAX + 64];
	struct fx fx;

	(void)state;
	tmp_make();
	argv[2] = tmpdir;
	argv[5] = tmpdir;
	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 1);
	snprintf(want, sizeof want, "runner: open %s/config.json: No such file or directory\n",
		 tmpdir);
	assert_string_equal(fx_err(&fx), want);
	fx_done(&fx);
	tmp_remove();
}

static void delete_force_of_a_missing_container_succeeds_quietly(void **state)
{
	char *argv[] = { "runner", "--root", NULL, "delete", "--force", "ghost", NULL };
	char *argv2[] = { "runner", "--root", NULL, "delete", "ghost", NULL };
	struct fx fx;

	(void)state;
	tmp_make();
	argv[2] = tmpdir;
	argv2[2] = tmpdir;
	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 0);
	assert_string_equal(fx_err(&fx), "");
	assert_int_equal(runner_main(&fx.r, ARGC(argv2), argv2), 1);
	assert_string_equal(fx_err(&fx), "runner: container ghost does not exist\n");
	fx_done(&fx);
	tmp_remove();
}

static void state_of_a_missing_container_says_it_does_not_exist(void **state)
{
	char *argv[] = { "runner", "--root", NULL, "state", "ghost", NULL };
	struct fx fx;

	(void)state;
	tmp_make();
	argv[2] = tmpdir;
	fx_init(&fx);
	assert_int_equal(runner_main(&fx.r, ARGC(argv), argv), 1);
	assert_string_equal(fx_err(&fx), "runner: container ghost does not exist\n");
	assert_string_equal(fx_out(&fx), "");
	fx_done(&fx);
	tmp_remove();
}

/* The static runner's allocator: aligned, disjoint blocks; a freed block
** is reused by its class; realloc keeps the contents; calloc zeroes a
** reused block; sizes past the classes get mappings of their own. */
static void the_static_runner_s_allocator_hands_out_sound_blocks(void **state)
{
	static const size_t sizes[] = {0, 1, 15, 16, 17, 48, 100, 1000, 4080, 8176, 8177, 70000};
	enum { N = sizeof sizes / sizeof sizes[0], ROUNDS = 40 };
	unsigned char *p[ROUNDS][N];
	unsigned char *q;
	size_t i;
	size_t k;
	size_t j;

	(void)state;
	for (k = 0; k < ROUNDS; k++)
		for (i = 0; i < N; i++) {
			p[k][i] = ra_malloc(sizes[i]);
			assert_non_null(p[k][i]);
			assert_int_equal((uintptr_t)p[k][i] % 16, 0);
			assert_true(ra_usable((struct ra_block *)(p[k][i] - RA_HDR)) >= sizes[i]);
			memset(p[k][i], (int)(k * N + i), sizes[i]);
		}
	for (k = 0; k < ROUNDS; k++) /* no block overwrote another */
		for (i = 0; i < N; i++)
			for (j = 0; j < sizes[i]; j++)
				assert_int_equal(p[k][i][j], (unsigned char)(k * N + i));
	q = p[3][5];
	ra_free(q);
	assert_ptr_equal(ra_malloc(sizes[5]), q); /* its class's list hands it back */
	memset(q, 0xff, sizes[5]);
	ra_free(q);
	q = ra_calloc(1, sizes[5]);
	assert_ptr_equal(q, p[3][5]);
	for (j = 0; j < sizes[5]; j++)
		assert_int_equal(q[j], 0);
	q = ra_realloc(q, 20);  /* fits: the same block */
	assert_ptr_equal(q, p[3][5]);
	memcpy(q, "0123456789", 10);
	q = ra_realloc(q, 90000); /* moves to a mapping, contents kept */
	assert_non_null(q);
	assert_memory_equal(q, "0123456789", 10);
	q[89999] = 1;
	p[3][5] = q;
	assert_null(ra_calloc((size_t)-1 / 2, 3));
	assert_int_equal(errno, ENOMEM);
	assert_null(ra_malloc((size_t)-1 - 8));
	for (k = 0; k < ROUNDS; k++)
		for (i = 0; i < N; i++)
			ra_free(p[k][i]);
	ra_free(NULL);
	assert_non_null(q = ra_realloc(NULL, 5));
	ra_free(q);
}

static void path_abs_cleans_dots_and_slashes(void **state)
{
	char out[PATH_MAX];

	(void)state;
	assert_int_equal(path_abs("/a//b/./c/../d/", out, sizeof out), 0);
	assert_string_equal(out, "/a/b/d");
	assert_int_equal(path_abs("/../..", out, sizeof out), 0);
	assert_string_equal(out, "/");
	assert_int_equal(path_abs("/", out, sizeof out), 0);
	assert_string_equal(out, "/");
	assert_int_equal(path_abs("/abc", out, 4), -ENAMETOOLONG);
	assert_int_equal(path_abs("", out, sizeof out), -EINVAL);
}

/* A relative path is taken against the working directory. */
static void path_abs_joins_a_relative_path_to_the_working_directory(void **state)
{
	char was[PATH_MAX];
	char out[PATH_MAX];

	(void)state;
	assert_non_null(getcwd(was, sizeof was));
	assert_int_equal(chdir("/usr/lib"), 0);
	assert_int_equal(path_abs("x/../y/.", out, sizeof out), 0);
	assert_string_equal(out, "/usr/lib/y");
	assert_int_equal(path_abs("../..", out, sizeof out), 0);
	assert_string_equal(out, "/");
	assert_int_equal(chdir(was), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(runner_parse_reads_root_log_format_and_debug),
		cmocka_unit_test(exec_flags_stop_at_the_id_and_repeat),
		cmocka_unit_test(exec_needs_an_id_and_a_command),
		cmocka_unit_test(preserve_fds_adds_listen_fds_for_the_init),
		cmocka_unit_test(runner_parse_accepts_equals_and_single_dash_forms),
		cmocka_unit_test(runner_parse_leaves_root_empty_for_the_lc_default),
		cmocka_unit_test(runner_parse_makes_root_absolute_and_clean),
		cmocka_unit_test(runner_parse_rejects_a_bad_log_format),
		cmocka_unit_test(runner_parse_rejects_an_unknown_flag_by_name),
		cmocka_unit_test(runner_parse_rejects_a_flag_without_its_value),
		cmocka_unit_test(runner_parse_refuses_systemd_cgroup),
		cmocka_unit_test(runner_parse_prints_the_version_in_runc_shape),
		cmocka_unit_test(runner_parse_answers_help_and_an_empty_command_line),
		cmocka_unit_test(runner_main_rejects_an_unknown_command),
		cmocka_unit_test(create_flags_parse_in_both_spellings),
		cmocka_unit_test(run_flags_may_follow_the_id),
		cmocka_unit_test(create_refuses_run_only_flags),
		cmocka_unit_test(boolean_flags_take_an_explicit_value),
		cmocka_unit_test(run_without_an_id_reports_the_missing_container_id),
		cmocka_unit_test(a_command_flag_without_value_is_named),
		cmocka_unit_test(an_unknown_command_flag_names_command_and_flag),
		cmocka_unit_test(an_extra_argument_is_named),
		cmocka_unit_test(double_dash_ends_the_flags),
		cmocka_unit_test(kill_parses_all_and_defaults_to_sigterm),
		cmocka_unit_test(ram_sizes_read_like_go_units),
		cmocka_unit_test(durations_read_like_go),
		cmocka_unit_test(ps_capture_looks_ps_up_in_path),
		cmocka_unit_test(ps_gives_what_follows_the_id_to_ps),
		cmocka_unit_test(update_flags_become_resources),
		cmocka_unit_test(update_flags_take_each_range_and_name_the_flag),
		cmocka_unit_test(events_refuses_a_bad_interval_before_touching_the_container),
		cmocka_unit_test(kill_names_an_unknown_signal_before_touching_the_container),
		cmocka_unit_test(list_parses_format_and_quiet),
		cmocka_unit_test(a_command_help_flag_prints_its_usage),
		cmocka_unit_test(every_command_help_lists_each_option_with_its_meaning),
		cmocka_unit_test(signal_parse_accepts_names_numbers_and_prefixes),
		cmocka_unit_test(signal_parse_rejects_out_of_range_and_garbage),
		cmocka_unit_test(exit_code_is_the_status_or_128_plus_the_signal),
		cmocka_unit_test(list_table_matches_runc_output),
		cmocka_unit_test(list_table_without_rows_is_the_header),
		cmocka_unit_test(list_table_keeps_the_minimum_width_for_short_cells),
		cmocka_unit_test(list_of_an_empty_root_prints_null_as_json),
		cmocka_unit_test(json_log_line_matches_logrus_field_order_and_time),
		cmocka_unit_test(json_log_line_escapes_like_go),
		cmocka_unit_test(text_log_line_quotes_like_logrus),
		cmocka_unit_test(log_time_is_utc_in_any_time_zone),
		cmocka_unit_test(an_error_goes_to_the_json_log_file_and_to_stderr),
		cmocka_unit_test(an_error_is_a_json_line_on_stderr_without_a_log_file),
		cmocka_unit_test(debug_lines_go_to_the_text_log_file),
		cmocka_unit_test(spec_template_is_runc_spec),
		cmocka_unit_test(spec_writes_config_json_once),
		cmocka_unit_test(spec_rootless_maps_the_caller_and_drops_the_network),
		cmocka_unit_test(pid_file_is_replaced_atomically_without_leftovers),
		cmocka_unit_test(pid_file_in_a_missing_directory_names_the_path),
		cmocka_unit_test(config_read_takes_one_mib_and_refuses_more),
		cmocka_unit_test(run_with_a_missing_config_names_the_file),
		cmocka_unit_test(delete_force_of_a_missing_container_succeeds_quietly),
		cmocka_unit_test(state_of_a_missing_container_says_it_does_not_exist),
		cmocka_unit_test(path_abs_cleans_dots_and_slashes),
		cmocka_unit_test(path_abs_joins_a_relative_path_to_the_working_directory),
		cmocka_unit_test(the_static_runner_s_allocator_hands_out_sound_blocks),
	};

	/* file modes in the tests assume the usual umask */
	umask(022);
	set_tz("UTC");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
