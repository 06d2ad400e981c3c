/*
** test_seccomp.c: the seccomp profile -> classic BPF compiler (@@ 12) and
** linux.seccomp in config.json (@@ 6).  White-box: includes lc.c.
**
** A small classic-BPF interpreter runs the generated programs against a
** reference model written here from the semantics alone (the top of
** @@ 12): arch check, then the first rule in config order that names the
** syscall and whose comparisons all hold, else the default action.  The
** kernel itself then loads and enforces a few programs in forked
** children.  In the LC_NO_SECCOMP build only the refusals are tested.
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
#define assert_msg(got, want) ((void)(got), (void)(want))
#else
#define assert_msg(got, want) assert_string_equal(got, want)
#endif

/* A config.json around a linux.seccomp object. */
static char *config_with(const char *seccomp)
{
	static const char head[] = "{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]},"
				   "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}],\"seccomp\":";
	size_t n = strlen(head) + strlen(seccomp) + 3;
	char *s = malloc(n);

	assert_non_null(s);
	snprintf(s, n, "%s%s}}", head, seccomp);
	return s;
}

/* Parse; returns the code, fills *cfg on success and err either way. */
static int parse(const char *seccomp, lc_config **cfg, lc_error *err)
{
	char *json = config_with(seccomp);
	int rc;

	memset(err, 0, sizeof *err);
	*cfg = NULL;
	rc = lc_config_from_oci(json, strlen(json), "/b", cfg, err);
	free(json);
	return rc;
}

#ifdef LC_NO_SECCOMP

static void seccomp_is_refused_when_built_without_it(void **state)
{
	lc_container *c = NULL;
	lc_config *cfg;
	lc_error err;

	(void)state;
	assert_int_equal(parse("{\"defaultAction\":\"SCMP_ACT_ALLOW\"}", &cfg, &err),
			 LC_EUNSUPPORTED);
	assert_null(cfg);
	assert_msg(err.msg, ".linux.seccomp: seccomp is not supported: built with LC_NO_SECCOMP");
	/* A config filled in C is refused at create, before anything is made. */
	assert_int_equal(lc_config_new(&cfg, &err), 0);
	cfg->rootfs = strdup("/");
	cfg->process.args = calloc(2, sizeof(char *));
	cfg->process.args[0] = strdup("sh");
	cfg->ns = calloc(1, sizeof *cfg->ns);
	cfg->ns[0].type = LC_NS_MNT;
	cfg->n_ns = 1;
	cfg->namespaces = LC_NS_MNT;
	cfg->seccomp = calloc(1, sizeof *cfg->seccomp);
	cfg->seccomp->default_action = LC_SECCOMP_ACT_ALLOW;
	assert_int_equal(lc_container_create("/tmp/lc-no-seccomp", "x", cfg, &c, &err),
			 LC_EUNSUPPORTED);
	assert_null(c);
	assert_int_equal(access("/tmp/lc-no-seccomp/x", F_OK), -1);
	lc_config_free(cfg);
	assert_int_equal(lc_features() & LC_FEAT_SECCOMP, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seccomp_is_refused_when_built_without_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#else /* the full build */

#include <libgen.h>
#include <sys/ioctl.h>

/* ---- a classic BPF interpreter, for seccomp programs ---- */

/* Check what the kernel's checker does that matters here: every jump
** lands inside, loads are aligned words of seccomp_data, it ends in ret. */
static void bpf_verify(const struct sock_filter *f, unsigned len)
{
	unsigned pc;

	assert_true(len > 0 && len <= BPF_MAXINSNS);
	assert_int_equal(f[len - 1].code, BPF_RET | BPF_K);
	for (pc = 0; pc < len; pc++) {
		const struct sock_filter *i = &f[pc];

		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			assert_true(i->k % 4 == 0 && i->k + 4 <= sizeof(struct seccomp_data));
			break;
		case BPF_ALU | BPF_AND | BPF_K:
		case BPF_RET | BPF_K:
			break;
		case BPF_JMP | BPF_JA:
			assert_true(pc + 1 + (uint64_t)i->k < len);
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_K:
			assert_true(pc + 1 + i->jt < len && pc + 1 + i->jf < len);
			break;
		default:
			fail_msg("instruction %u: unexpected code 0x%x", pc, i->code);
		}
	}
}

static uint32_t bpf_run(const struct sock_filter *f, unsigned len, const struct seccomp_data *d)
{
	uint32_t a = 0;
	unsigned pc = 0;

	for (;;) {
		const struct sock_filter *i;

		assert_true(pc < len);
		i = &f[pc++];
		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			memcpy(&a, (const char *)d + i->k, 4);
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= i->k;
			break;
		case BPF_JMP | BPF_JA:
			pc += i->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == i->k ? i->jt : i->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += a > i->k ? i->jt : i->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= i->k ? i->jt : i->jf;
			break;
		case BPF_RET | BPF_K:
			return i->k;
		default:
			fail_msg("bad code 0x%x", i->code);
		}
	}
}

/* ---- the reference model ---- */

static uint32_t model_action(int action, int has_errno, uint32_t e)
{
	uint32_t data = has_errno ? e : 1; /* EPERM */

	switch (action) {
	case LC_SECCOMP_ACT_KILL_THREAD: return 0;
	case LC_SECCOMP_ACT_KILL_PROCESS: return 0x80000000u;
	case LC_SECCOMP_ACT_TRAP: return 0x00030000u;
	case LC_SECCOMP_ACT_ERRNO: return 0x00050000u | data;
	case LC_SECCOMP_ACT_TRACE: return 0x7ff00000u | data;
	case LC_SECCOMP_ACT_ALLOW: return 0x7fff0000u;
	case LC_SECCOMP_ACT_LOG: return 0x7ffc0000u;
	case LC_SECCOMP_ACT_NOTIFY: return 0x7fc00000u;
	}
	fail_msg("bad action %d", action);
	return 0;
}

static int model_holds(const lc_seccomp_arg *a, uint64_t v)
{
	switch (a->op) {
	case LC_SECCOMP_CMP_NE: return v != a->value;
	case LC_SECCOMP_CMP_LT: return v < a->value;
	case LC_SECCOMP_CMP_LE: return v <= a->value;
	case LC_SECCOMP_CMP_EQ: return v == a->value;
	case LC_SECCOMP_CMP_GE: return v >= a->value;
	case LC_SECCOMP_CMP_GT: return v > a->value;
	case LC_SECCOMP_CMP_MASKED_EQ: return (v & a->value) == a->value_two;
	}
	fail_msg("bad op %d", a->op);
	return 0;
}

static int model_names(const lc_seccomp_rule *r, uint32_t nr)
{
	size_t i;

	for (i = 0; i < r->n_numbers; i++)
		if ((uint32_t)r->numbers[i] == nr)
			return 1;
	for (i = 0; i < r->n_names; i++)
		if (scmp_nr(r->names[i]) >= 0 && (uint32_t)scmp_nr(r->names[i]) == nr)
			return 1;
	return 0;
}

static uint32_t model(const lc_seccomp *s, const struct seccomp_data *d)
{
	size_t i;
	size_t k;

	if (d->arch != AUDIT_ARCH_X86_64 || (uint32_t)d->nr >= 0x40000000u)
		return 0x80000000u; /* a foreign ABI: the process dies */
	for (i = 0; i < s->n_rules; i++) {
		const lc_seccomp_rule *r = &s->rules[i];
		int all = 1;

		if (!model_names(r, (uint32_t)d->nr))
			continue;
		for (k = 0; k < r->n_args; k++)
			all = all && model_holds(&r->args[k], d->args[r->args[k].index]);
		if (all)
			return model_action(r->action, r->has_errno_ret, r->errno_ret);
	}
	return model_action(s->default_action, s->has_default_errno_ret, s->default_errno_ret);
}

/* ---- helpers ---- */

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) /* xorshift64*: the same sequence every run */
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 0x2545f4914f6cdd1dull;
}
static unsigned rndn(unsigned n) { return (unsigned)(rnd() % n); }

static void compile_ok(const lc_seccomp *s, struct sock_filter **f, unsigned short *len)
{
	lc_error err;

	memset(&err, 0, sizeof err);
	if (scmp_check(s, &err) < 0 || scmp_compile(s, f, len, &err) < 0)
		fail_msg("compile: %s", err.msg);
	bpf_verify(*f, *len);
}

static struct seccomp_data call(int nr, uint64_t a0)
{
	struct seccomp_data d;

	memset(&d, 0, sizeof d);
	d.nr = nr;
	d.arch = AUDIT_ARCH_X86_64;
	d.args[0] = a0;
	return d;
}

/* Parse a profile given as JSON; fail the test on an error. */
static lc_config *parse_ok(const char *seccomp)
{
	lc_config *cfg;
	lc_error err;

	if (parse(seccomp, &cfg, &err) != 0)
		fail_msg("parse: %s", err.msg);
	return cfg;
}

static char *read_test_file(const char *name)
{
	char path[512];
	char *dir = strdup(__FILE__);
	char *text = NULL;
	size_t len;

	assert_non_null(dir);
	snprintf(path, sizeof path, "%s/%s", dirname(dir), name);
	free(dir);
	if (fd_read_file(AT_FDCWD, path, 1 << 20, &text, &len) < 0)
		fail_msg("cannot read %s", path);
	return text;
}

/* ---- the tests ---- */

/* The syscall table as the test reads it: SCMP_SYSCALLS expanded again,
** to check what scmp_nr finds in lc's packed copy. */
#define SCMP_REF(name, nr) {#name, nr},
static const struct {
	const char *name;
	int nr;
} scmp_ref[] = {SCMP_SYSCALLS(SCMP_REF)};
#define SCMP_TABLE_LEN (sizeof scmp_ref / sizeof scmp_ref[0])

static int ref_nr(const char *name)
{
	size_t i;

	for (i = 0; i < SCMP_TABLE_LEN; i++)
		if (strcmp(scmp_ref[i].name, name) == 0)
			return scmp_ref[i].nr;
	return -1;
}

static void syscall_table_is_sorted_and_matches_the_headers(void **state)
{
	static const struct {
		const char *name;
		long nr;
	} spot[] = {
		{"read", SYS_read},           {"write", SYS_write},
		{"openat", SYS_openat},       {"execve", SYS_execve},
		{"mkdir", SYS_mkdir},         {"mkdirat", SYS_mkdirat},
		{"personality", SYS_personality}, {"getpid", SYS_getpid},
		{"clone", SYS_clone},         {"clone3", SYS_clone3},
		{"seccomp", SYS_seccomp},     {"sendmsg", SYS_sendmsg},
		{"close_range", SYS_close_range}, {"openat2", SYS_openat2},
		{"io_uring_setup", SYS_io_uring_setup}, {"_sysctl", SYS__sysctl},
		{"set_mempolicy_home_node", SYS_set_mempolicy_home_node},
	};
	char probe[64];
	size_t i;

	(void)state;
	assert_true(SCMP_TABLE_LEN >= 380);
	for (i = 1; i < SCMP_TABLE_LEN; i++)
		if (strcmp(scmp_ref[i - 1].name, scmp_ref[i].name) >= 0)
			fail_msg("table not sorted at %s, %s", scmp_ref[i - 1].name,
				 scmp_ref[i].name);
	for (i = 0; i < SCMP_TABLE_LEN; i++) {
		assert_true(scmp_ref[i].nr < 1024);
		assert_int_equal(scmp_nr(scmp_ref[i].name), scmp_ref[i].nr);
		/* names right after and before a real one in the order */
		snprintf(probe, sizeof probe, "%s_", scmp_ref[i].name);
		assert_int_equal(scmp_nr(probe), ref_nr(probe));
		snprintf(probe, sizeof probe, "%.*s", (int)strlen(scmp_ref[i].name) - 1,
			 scmp_ref[i].name);
		assert_int_equal(scmp_nr(probe), ref_nr(probe));
	}
	for (i = 0; i < sizeof spot / sizeof spot[0]; i++)
		assert_int_equal(scmp_nr(spot[i].name), spot[i].nr);
	assert_int_equal(scmp_nr("mseal"), 462);
	assert_int_equal(scmp_nr("file_setattr"), 469);
	assert_int_equal(scmp_nr("no_such_call"), -1);
	assert_int_equal(scmp_nr("socketcall"), -1); /* i386 only */
	assert_int_equal(scmp_nr(""), -1);
}

/* read, write: allow; personality(0xffffffff): allow; the rest EPERM. */
static void small_profile_compiles_to_the_expected_program(void **state)
{
	static const struct sock_filter want[] = {
		/* 0 */ {BPF_LD | BPF_W | BPF_ABS, 0, 0, 4},            /* arch */
		/* 1 */ {BPF_JMP | BPF_JEQ | BPF_K, 0, 9, AUDIT_ARCH_X86_64},
		/* 2 */ {BPF_LD | BPF_W | BPF_ABS, 0, 0, 0},            /* nr */
		/* 3 */ {BPF_JMP | BPF_JGE | BPF_K, 7, 0, 0x40000000},  /* x32 */
		/* 4 */ {BPF_JMP | BPF_JGE | BPF_K, 1, 0, 135},         /* tree root */
		/* 5 */ {BPF_JMP | BPF_JGE | BPF_K, 7, 6, 2},           /* [0,2) allow */
		/* 6 */ {BPF_JMP | BPF_JGE | BPF_K, 6, 0, 136},         /* 135: chain */
		/* 7 */ {BPF_LD | BPF_W | BPF_ABS, 0, 0, 20},           /* arg0 high */
		/* 8 */ {BPF_JMP | BPF_JEQ | BPF_K, 0, 4, 0},
		/* 9 */ {BPF_LD | BPF_W | BPF_ABS, 0, 0, 16},           /* arg0 low */
		/* 10 */ {BPF_JMP | BPF_JEQ | BPF_K, 1, 2, 0xffffffff},
		/* 11 */ {BPF_RET | BPF_K, 0, 0, SECCOMP_RET_KILL_PROCESS},
		/* 12 */ {BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW},
		/* 13 */ {BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ERRNO | EPERM},
	};
	lc_config *cfg = parse_ok(
		"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
		"{\"names\":[\"read\",\"write\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		"{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":"
		"[{\"index\":0,\"value\":4294967295,\"op\":\"SCMP_CMP_EQ\"}]}]}");
	struct sock_filter *f = NULL;
	unsigned short len = 0;
	size_t i;

	(void)state;
	compile_ok(cfg->seccomp, &f, &len);
	assert_int_equal(len, sizeof want / sizeof want[0]);
	for (i = 0; i < len; i++)
		if (memcmp(&f[i], &want[i], sizeof want[i]) != 0)
			fail_msg("instruction %zu: code 0x%x jt %u jf %u k 0x%x, want 0x%x %u %u 0x%x", i,
				 f[i].code, f[i].jt, f[i].jf, f[i].k, want[i].code, want[i].jt,
				 want[i].jf, want[i].k);
	assert_int_equal(bpf_run(f, len, &(struct seccomp_data){.nr = 135, .arch = AUDIT_ARCH_X86_64,
				.args = {0xffffffffull}}), SECCOMP_RET_ALLOW);
	assert_int_equal(bpf_run(f, len, &(struct seccomp_data){.nr = 135, .arch = AUDIT_ARCH_X86_64,
				.args = {0x1ffffffffull}}), SECCOMP_RET_ERRNO | EPERM);
	free(f);
	lc_config_free(cfg);
}

/* A random profile: rules over a small pool of numbers (neighbours and
** repeats are common), comparisons on values whose halves differ by one. */
static const uint32_t pool[] = {0, 1, 2, 3, 5, 8, 9, 10, 59, 60, 61, 135, 200, 201, 335,
				 1000, 0x3ffffffe, 0x3fffffff};
static const uint64_t vals[] = {0, 1, 2, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
				0x100000000ull, 0x100000001ull, 0x1ffffffffull, 0xffffffff00000000ull,
				0x8000000000000000ull, 0xfffffffffffffffeull, UINT64_MAX};

static uint64_t rnd_value(void)
{
	uint64_t v = rndn(4) == 0 ? rnd() : vals[rndn(sizeof vals / sizeof vals[0])];

	switch (rndn(6)) { /* nudge one half */
	case 0: return v + 1;
	case 1: return v - 1;
	case 2: return v ^ (1ull << 32);
	default: return v;
	}
}

static lc_seccomp *random_profile(size_t max_rules)
{
	lc_seccomp *s = calloc(1, sizeof *s);
	size_t i;
	size_t k;

	assert_non_null(s);
	s->default_action = 1 + (int)rndn(LC_SECCOMP_ACT_LOG);
	if ((s->default_action == LC_SECCOMP_ACT_ERRNO || s->default_action == LC_SECCOMP_ACT_TRACE) &&
	    rndn(2)) {
		s->has_default_errno_ret = 1;
		s->default_errno_ret = rndn(4096);
	}
	s->n_rules = 1 + rndn((unsigned)max_rules);
	s->rules = calloc(s->n_rules, sizeof *s->rules);
	s->listener_path = strdup("/agent");
	for (i = 0; i < s->n_rules; i++) {
		lc_seccomp_rule *r = &s->rules[i];

		r->action = 1 + (int)rndn(LC_SECCOMP_ACT_NOTIFY);
		if ((r->action == LC_SECCOMP_ACT_ERRNO || r->action == LC_SECCOMP_ACT_TRACE) &&
		    rndn(2)) {
			r->has_errno_ret = 1;
			r->errno_ret = rndn(65536);
		}
		r->n_numbers = 1 + rndn(3);
		r->numbers = calloc(r->n_numbers, sizeof *r->numbers);
		for (k = 0; k < r->n_numbers; k++)
			r->numbers[k] = (int)pool[rndn(sizeof pool / sizeof pool[0])];
		if (rndn(4) == 0) { /* and one by name */
			r->n_names = 1;
			r->names = calloc(2, sizeof *r->names);
			r->names[0] = strdup(rndn(2) ? "execve" : "no_such_call");
		}
		r->n_args = rndn(4) == 0 ? 0 : rndn(4);
		r->args = calloc(r->n_args + 1, sizeof *r->args);
		for (k = 0; k < r->n_args; k++) {
			r->args[k].index = rndn(6);
			r->args[k].op = 1 + (int)rndn(LC_SECCOMP_CMP_MASKED_EQ);
			r->args[k].value = rnd_value();
			r->args[k].value_two = rndn(2) ? rnd_value() : r->args[k].value & rnd_value();
		}
	}
	return s;
}

/* A call aimed at the profile: its numbers and neighbours, argument
** values at and around the ones its rules compare with. */
static struct seccomp_data random_call(const lc_seccomp *s)
{
	struct seccomp_data d;
	const lc_seccomp_rule *r = &s->rules[rndn((unsigned)s->n_rules)];
	unsigned i;

	memset(&d, 0, sizeof d);
	d.arch = AUDIT_ARCH_X86_64;
	d.nr = (int)(r->numbers[rndn((unsigned)r->n_numbers)] + (int)rndn(3) - 1);
	if (rndn(8) == 0)
		d.nr = (int)rndn(600);
	for (i = 0; i < 6; i++)
		d.args[i] = rnd_value();
	for (i = 0; i < r->n_args; i++) {
		const lc_seccomp_arg *a = &r->args[i];
		uint64_t v = a->op == LC_SECCOMP_CMP_MASKED_EQ && rndn(2) ? a->value_two : a->value;

		switch (rndn(4)) {
		case 0: v += 1; break;
		case 1: v -= 1; break;
		case 2: v ^= 1ull << 32; break;
		}
		d.args[a->index] = v;
	}
	switch (rndn(40)) {
	case 0: d.arch = AUDIT_ARCH_I386; break;
	case 1: d.nr |= 0x40000000; break;     /* x32 */
	case 2: d.arch = AUDIT_ARCH_AARCH64; break;
	}
	return d;
}

static void programs_agree_with_the_reference_model_on_random_calls(void **state)
{
	unsigned profiles = 0;
	unsigned calls = 0;
	unsigned max_len = 0;
	int p;

	(void)state;
	lc_set_log(NULL, 0, NULL);
	for (p = 0; p < 400; p++) {
		lc_config *cfg = calloc(1, sizeof *cfg);
		struct sock_filter *f = NULL;
		unsigned short len = 0;
		int c;

		cfg->seccomp = random_profile(p < 300 ? 12 : 120);
		compile_ok(cfg->seccomp, &f, &len);
		if (len > max_len)
			max_len = len;
		for (c = 0; c < 400; c++) {
			struct seccomp_data d = random_call(cfg->seccomp);
			uint32_t got = bpf_run(f, len, &d);
			uint32_t want = model(cfg->seccomp, &d);

			if (got != want)
				fail_msg("profile %d call %d: nr %d arch 0x%x args %llx %llx %llx: "
					 "program says 0x%x, model 0x%x", p, c, d.nr, d.arch,
					 (unsigned long long)d.args[0], (unsigned long long)d.args[1],
					 (unsigned long long)d.args[2], got, want);
			calls++;
		}
		profiles++;
		free(f);
		lc_config_free(cfg);
	}
	print_message("   %u random profiles, %u calls agree; longest program %u instructions\n",
		      profiles, calls, max_len);
}

/* Chains long enough that jumps from the tree to the shared returns need
** JA trampolines; the program must still say what the model says. */
static void long_jumps_go_through_trampolines(void **state)
{
	lc_seccomp s;
	lc_seccomp_rule rules[120];
	lc_seccomp_arg args[120][3];
	int numbers[120];
	struct sock_filter *f = NULL;
	unsigned short len = 0;
	unsigned ja = 0;
	unsigned i;

	(void)state;
	memset(&s, 0, sizeof s);
	memset(rules, 0, sizeof rules);
	memset(args, 0, sizeof args);
	s.default_action = LC_SECCOMP_ACT_ERRNO;
	s.rules = rules;
	s.n_rules = 120;
	for (i = 0; i < 120; i++) {
		numbers[i] = (int)(i * 3);
		rules[i].numbers = &numbers[i];
		rules[i].n_numbers = 1;
		rules[i].action = i % 2 ? LC_SECCOMP_ACT_ALLOW : LC_SECCOMP_ACT_TRAP;
		rules[i].args = args[i];
		rules[i].n_args = 3;
		args[i][0] = (lc_seccomp_arg){0, i, 0, LC_SECCOMP_CMP_GE};
		args[i][1] = (lc_seccomp_arg){1, 0x100000000ull * i, 0, LC_SECCOMP_CMP_NE};
		args[i][2] = (lc_seccomp_arg){2, 0xff00, 0x1200, LC_SECCOMP_CMP_MASKED_EQ};
	}
	compile_ok(&s, &f, &len);
	for (i = 0; i < len; i++)
		ja += f[i].code == (BPF_JMP | BPF_JA);
	assert_true(ja > 0);
	for (i = 0; i < 20000; i++) {
		struct seccomp_data d;

		memset(&d, 0, sizeof d);
		d.arch = AUDIT_ARCH_X86_64;
		d.nr = (int)rndn(380);
		d.args[0] = rndn(200);
		d.args[1] = rndn(2) ? 0x100000000ull * rndn(130) : rnd();
		d.args[2] = rndn(2) ? 0x1234 : rnd();
		assert_int_equal(bpf_run(f, len, &d), model(&s, &d));
	}
	print_message("   120 chained syscalls: %u instructions, %u JA trampolines\n", len, ja);
	free(f);
}

static void default_like_profile_of_350_syscalls_compiles_small(void **state)
{
	char *text = read_test_file("seccomp-default.json");
	lc_config *cfg = parse_ok(text);
	lc_seccomp *s = cfg->seccomp;
	struct sock_filter *f = NULL;
	unsigned short len = 0;
	size_t names = 0;
	size_t i;

	(void)state;
	for (i = 0; i < s->n_rules; i++)
		names += s->rules[i].n_names;
	assert_true(names >= 350);
	compile_ok(s, &f, &len);
	assert_true(len < 512); /* the kernel allows 4096 */
	print_message("   default-like profile: %zu syscall names -> %u BPF instructions\n", names,
		      len);
	/* what the profile says, through the program */
	assert_int_equal(bpf_run(f, len, &(struct seccomp_data){.nr = SYS_getpid,
				.arch = AUDIT_ARCH_X86_64}), SECCOMP_RET_ALLOW);
	assert_int_equal(bpf_run(f, len, &(struct seccomp_data){.nr = SYS_mount,
				.arch = AUDIT_ARCH_X86_64}), SECCOMP_RET_ERRNO | EPERM);
	assert_int_equal(bpf_run(f, len, &(struct seccomp_data){.nr = SYS_clone3,
				.arch = AUDIT_ARCH_X86_64}), SECCOMP_RET_ERRNO | ENOSYS);
	assert_int_equal(bpf_run(f, len, &(struct seccomp_data){.nr = SYS_clone,
				.arch = AUDIT_ARCH_X86_64, .args = {SIGCHLD}}), SECCOMP_RET_ALLOW);
	assert_int_equal(bpf_run(f, len, &(struct seccomp_data){.nr = SYS_clone,
				.arch = AUDIT_ARCH_X86_64, .args = {CLONE_NEWUSER}}),
			 SECCOMP_RET_ERRNO | EPERM);
	assert_int_equal(bpf_run(f, len, &(struct seccomp_data){.nr = SYS_socket,
				.arch = AUDIT_ARCH_X86_64, .args = {40}}), SECCOMP_RET_ERRNO | EPERM);
	assert_int_equal(bpf_run(f, len, &(struct seccomp_data){.nr = SYS_getpid,
				.arch = AUDIT_ARCH_I386}), SECCOMP_RET_KILL_PROCESS);
	assert_int_equal(bpf_run(f, len, &(struct seccomp_data){.nr = 0x40000000 | SYS_getpid,
				.arch = AUDIT_ARCH_X86_64}), SECCOMP_RET_KILL_PROCESS);
	for (i = 0; i < 5000; i++) {
		struct seccomp_data d = call((int)rndn(520), rndn(2) ? rndn(0x30000) : rnd());

		assert_int_equal(bpf_run(f, len, &d), model(s, &d));
	}
	free(f);
	lc_config_free(cfg);
	free(text);
}

/* Every syscall of the table, alternating actions, some with arg rules. */
static void every_syscall_of_the_table_fits_the_kernel_limit(void **state)
{
	lc_seccomp s;
	lc_seccomp_rule rules[SCMP_TABLE_LEN];
	const char *names[SCMP_TABLE_LEN];
	lc_seccomp_arg arg = {1, 0x1234, 0, LC_SECCOMP_CMP_LE};
	struct sock_filter *f = NULL;
	unsigned short len = 0;
	size_t i;

	(void)state;
	memset(&s, 0, sizeof s);
	memset(rules, 0, sizeof rules);
	s.default_action = LC_SECCOMP_ACT_KILL_PROCESS;
	s.rules = rules;
	s.n_rules = SCMP_TABLE_LEN;
	for (i = 0; i < SCMP_TABLE_LEN; i++) {
		names[i] = scmp_ref[i].name;
		rules[i].names = (char **)&names[i];
		rules[i].n_names = 1;
		rules[i].action = i % 3 ? LC_SECCOMP_ACT_ALLOW : LC_SECCOMP_ACT_ERRNO;
		if (i % 7 == 0) {
			rules[i].args = &arg;
			rules[i].n_args = 1;
		}
	}
	compile_ok(&s, &f, &len);
	assert_true(len < 4096);
	print_message("   all %zu syscalls of the table -> %u BPF instructions\n",
		      (size_t)SCMP_TABLE_LEN, len);
	for (i = 0; i < 5000; i++) {
		struct seccomp_data d = call((int)rndn(500), 0);

		d.args[1] = rndn(2) ? 0x1234 + rndn(3) - 1 : rnd();
		assert_int_equal(bpf_run(f, len, &d), model(&s, &d));
	}
	free(f);
}

static char logged[600];
static void capture_log(int level, const char *msg, void *arg)
{
	(void)arg;
	if (level == LC_LOG_WARN)
		snprintf(logged, sizeof logged, "%s", msg);
}

static void unknown_syscall_names_are_skipped_with_a_warning(void **state)
{
	lc_config *cfg = parse_ok("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
				  "{\"names\":[\"no_such_call\",\"getpid\",\"socketcall\"],"
				  "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":5}]}");
	struct sock_filter *f = NULL;
	unsigned short len = 0;

	(void)state;
	logged[0] = '\0';
	lc_set_log(capture_log, LC_LOG_WARN, NULL);
	compile_ok(cfg->seccomp, &f, &len);
	lc_set_log(NULL, 0, NULL);
	assert_string_equal(logged, "seccomp: skipping 2 syscall names unknown on SCMP_ARCH_X86_64: "
				    "no_such_call, socketcall");
	assert_int_equal(bpf_run(f, len, &(struct seccomp_data){.nr = SYS_getpid,
				.arch = AUDIT_ARCH_X86_64}), SECCOMP_RET_ERRNO | 5);
	assert_int_equal(bpf_run(f, len, &(struct seccomp_data){.nr = SYS_getppid,
				.arch = AUDIT_ARCH_X86_64}), SECCOMP_RET_ALLOW);
	free(f);
	lc_config_free(cfg);
}

static void a_parsed_profile_has_every_field(void **state)
{
	lc_config *cfg = parse_ok(
		"{\"defaultAction\":\"SCMP_ACT_TRACE\",\"defaultErrnoRet\":38,"
		"\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\"],"
		"\"flags\":[\"SECCOMP_FILTER_FLAG_LOG\",\"SECCOMP_FILTER_FLAG_SPEC_ALLOW\"],"
		"\"listenerPath\":\"/run/agent.sock\",\"listenerMetadata\":\"meta\","
		"\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_NOTIFY\"},"
		"{\"names\":[\"kill\",\"tkill\"],\"action\":\"SCMP_ACT_KILL\",\"args\":["
		"{\"index\":1,\"value\":9,\"op\":\"SCMP_CMP_EQ\"},"
		"{\"index\":0,\"value\":18446744073709551615,\"valueTwo\":7,"
		"\"op\":\"SCMP_CMP_MASKED_EQ\"}]}]}");
	lc_seccomp *s = cfg->seccomp;
	lc_config *copy = NULL;

	(void)state;
	assert_int_equal(s->default_action, LC_SECCOMP_ACT_TRACE);
	assert_int_equal(s->has_default_errno_ret, 1);
	assert_int_equal(s->default_errno_ret, 38);
	assert_int_equal(s->n_architectures, 2);
	assert_string_equal(s->architectures[1], "SCMP_ARCH_X86");
	assert_int_equal(s->flags, LC_SECCOMP_FLAG_LOG | LC_SECCOMP_FLAG_SPEC_ALLOW);
	assert_string_equal(s->listener_path, "/run/agent.sock");
	assert_string_equal(s->listener_metadata, "meta");
	assert_int_equal(s->n_rules, 2);
	assert_int_equal(s->rules[0].action, LC_SECCOMP_ACT_NOTIFY);
	assert_int_equal(s->rules[1].action, LC_SECCOMP_ACT_KILL_THREAD);
	assert_int_equal(s->rules[1].n_names, 2);
	assert_string_equal(s->rules[1].names[1], "tkill");
	assert_int_equal(s->rules[1].n_args, 2);
	assert_int_equal(s->rules[1].args[0].index, 1);
	assert_int_equal(s->rules[1].args[0].op, LC_SECCOMP_CMP_EQ);
	assert_true(s->rules[1].args[1].value == UINT64_MAX);
	assert_int_equal(s->rules[1].args[1].value_two, 7);
	assert_int_equal(s->rules[1].args[1].op, LC_SECCOMP_CMP_MASKED_EQ);
	/* the deep copy */
	assert_int_equal(cfg_dup(cfg, &copy), 0);
	assert_ptr_not_equal(copy->seccomp, s);
	assert_ptr_not_equal(copy->seccomp->rules[1].args, s->rules[1].args);
	assert_ptr_not_equal(copy->seccomp->rules[1].names[1], s->rules[1].names[1]);
	lc_config_free(cfg);
	assert_string_equal(copy->seccomp->rules[1].names[1], "tkill");
	assert_string_equal(copy->seccomp->listener_metadata, "meta");
	assert_int_equal(copy->seccomp->rules[1].args[1].value_two, 7);
	lc_config_free(copy);
}

/* Each bad profile and the exact message it must give. */
static const struct {
	const char *seccomp;
	const char *msg;
} bad_profiles[] = {
	{"{\"syscalls\":[]}", ".linux.seccomp.defaultAction: required (line 1, column 99)"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
	 "{\"names\":[\"a\"],\"action\":\"SCMP_ACT_ALLOW\"},{\"names\":[\"b\"],\"action\":\"SCMP_ACT_ALLOW\"},"
	 "{\"names\":[\"c\"],\"action\":\"SCMP_ACT_ALLOW\"},{\"names\":[\"d\"],\"action\":\"SCMP_ACT_FOO\"}]}",
	 ".linux.seccomp.syscalls[3].action: unknown action \"SCMP_ACT_FOO\" (line 1, column 295)"},
	{"{\"defaultAction\":\"SCMP_ACT_KILL_ALL\"}",
	 ".linux.seccomp.defaultAction: unknown action \"SCMP_ACT_KILL_ALL\" (line 1, column 116)"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"kill\"],"
	 "\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_LIKE\"}]}]}",
	 ".linux.seccomp.syscalls[0].args[0].op: unknown operator \"SCMP_CMP_LIKE\" (line 1, column 223)"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_Z80\"]}",
	 ".linux.seccomp.architectures[1]: unknown architecture \"SCMP_ARCH_Z80\" (line 1, column 169)"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"flags\":[\"SECCOMP_FILTER_FLAG_FAST\"]}",
	 ".linux.seccomp.flags[0]: unknown flag \"SECCOMP_FILTER_FLAG_FAST\" (line 1, column 142)"},
	{"{\"defaultAction\":\"SCMP_ACT_KILL\",\"defaultErrnoRet\":1}",
	 ".linux.seccomp.defaultErrnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno, "
	 "not SCMP_ACT_KILL"},
	{"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],"
	 "\"action\":\"SCMP_ACT_ALLOW\",\"errnoRet\":1}]}",
	 ".linux.seccomp.syscalls[0].errnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an "
	 "errno, not SCMP_ACT_ALLOW"},
	{"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],"
	 "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":65536}]}",
	 ".linux.seccomp.syscalls[0].errnoRet: 65536 out of range [0, 65535]"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"kill\"],"
	 "\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":6,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}",
	 ".linux.seccomp.syscalls[0].args[0].index: 6 out of range [0, 5]"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"kill\"],"
	 "\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":-1,\"op\":\"SCMP_CMP_EQ\"}]}]}",
	 ".linux.seccomp.syscalls[0].args[0].value: out of range for an unsigned 64-bit integer "
	 "(line 1, column 216)"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"kill\"],"
	 "\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":1}]}]}",
	 ".linux.seccomp.syscalls[0].args[0].op: required (line 1, column 197)"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[],\"action\":\"SCMP_ACT_ERRNO\"}]}",
	 ".linux.seccomp.syscalls[0].names: required: at least one syscall"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"action\":\"SCMP_ACT_ERRNO\"}]}",
	 ".linux.seccomp.syscalls[0].names: required: at least one syscall"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mkdir\"],"
	 "\"action\":\"SCMP_ACT_NOTIFY\"}]}",
	 ".linux.seccomp.listenerPath: required with SCMP_ACT_NOTIFY"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerMetadata\":\"x\"}",
	 ".linux.seccomp.listenerMetadata: set without listenerPath"},
	{"{\"defaultAction\":\"SCMP_ACT_NOTIFY\",\"listenerPath\":\"/a\"}",
	 ".linux.seccomp.defaultAction: SCMP_ACT_NOTIFY would block lc's own sendmsg of the "
	 "listener"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/a\",\"syscalls\":["
	 "{\"names\":[\"read\",\"sendmsg\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
	 ".linux.seccomp.syscalls[0].action: SCMP_ACT_NOTIFY on sendmsg would block handing the "
	 "listener to the agent"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"flags\":[\"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\"]}",
	 ".linux.seccomp.flags: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV needs SCMP_ACT_NOTIFY"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"defaultAction\":\"SCMP_ACT_ERRNO\"}",
	 ".linux.seccomp: duplicate key \"defaultAction\" (line 1, column 149)"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"kill\"],"
	 "\"action\":\"SCMP_ACT_ERRNO\",\"action\":\"SCMP_ACT_ALLOW\"}]}",
	 ".linux.seccomp.syscalls[0]: duplicate key \"action\" (line 1, column 198)"},
	{"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":{}}",
	 ".linux.seccomp.syscalls: expected array, got object (line 1, column 144)"},
	{"[]", ".linux.seccomp: expected object, got array (line 1, column 99)"},
};

static void bad_profiles_are_refused_naming_the_field(void **state)
{
	size_t i;
	int failures = 0;

	(void)state;
	for (i = 0; i < sizeof bad_profiles / sizeof bad_profiles[0]; i++) {
		lc_config *cfg;
		lc_error err;
		int rc = parse(bad_profiles[i].seccomp, &cfg, &err);

		if (rc != LC_ECONFIG || strcmp(err.msg, bad_profiles[i].msg) != 0 || cfg) {
			print_error("case %zu: got %d \"%s\"\n            want \"%s\"\n", i, rc, err.msg,
				    bad_profiles[i].msg);
			failures++;
		}
		lc_config_free(cfg);
	}
	assert_int_equal(failures, 0);
}

/* A config filled in C gets the same checks at create. */
static void a_profile_filled_in_c_is_checked_at_create(void **state)
{
	char root[] = "/tmp/lc-test-seccomp-XXXXXX";
	lc_container *c = NULL;
	lc_config *cfg = parse_ok("{\"defaultAction\":\"SCMP_ACT_ALLOW\"}");
	lc_seccomp_rule *r;
	lc_error err;

	(void)state;
	assert_non_null(mkdtemp(root));
	cfg->seccomp->rules = r = calloc(1, sizeof *r);
	cfg->seccomp->n_rules = 1;
	r->numbers = calloc(1, sizeof *r->numbers);
	r->numbers[0] = SYS_getpid;
	r->n_numbers = 1;
	r->action = 42;
	assert_int_equal(lc_container_create(root, "x", cfg, &c, &err), LC_ECONFIG);
	assert_string_equal(err.msg, ".linux.seccomp.syscalls[0].action: unknown action 42");
	r->action = LC_SECCOMP_ACT_NOTIFY;
	assert_int_equal(lc_container_create(root, "x", cfg, &c, &err), LC_ECONFIG);
	assert_string_equal(err.msg, ".linux.seccomp.listenerPath: required with SCMP_ACT_NOTIFY");
	r->numbers[0] = -3;
	r->action = LC_SECCOMP_ACT_ALLOW;
	assert_int_equal(lc_container_create(root, "x", cfg, &c, &err), LC_ECONFIG);
	assert_string_equal(err.msg, ".linux.seccomp.syscalls[0]: syscall number -3");
	cfg->seccomp->flags = 1u << 20;
	r->numbers[0] = SYS_getpid;
	assert_int_equal(lc_container_create(root, "x", cfg, &c, &err), LC_ECONFIG);
	assert_string_equal(err.msg, ".linux.seccomp.flags: unknown flag bits 0x100000");
	assert_null(c);
	assert_int_equal(rmdir(root), 0); /* nothing was made in it */
	lc_config_free(cfg);
}

/* Parse, copy and compile json; 0 or the first error. */
static int parse_copy_compile(void *json)
{
	lc_config *cfg = NULL;
	lc_config *copy = NULL;
	struct sock_filter *f = NULL;
	unsigned short len;
	lc_error err;
	int rc;

	rc = lc_config_from_oci(json, strlen(json), "/b", &cfg, &err);
	if (rc == 0)
		rc = cfg_dup(cfg, &copy) == 0 ? 0 : LC_ENOMEM;
	if (rc == 0)
		rc = scmp_compile(copy->seccomp, &f, &len, &err);
	free(f);
	lc_config_free(copy);
	lc_config_free(cfg);
	return rc;
}

static void parse_and_compile_fail_cleanly_on_every_allocation_failure(void **state)
{
	char *json = config_with(
		"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":1,"
		"\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\"],"
		"\"flags\":[\"SECCOMP_FILTER_FLAG_LOG\"],\"listenerPath\":\"/run/a\","
		"\"listenerMetadata\":\"m\",\"syscalls\":["
		"{\"names\":[\"read\",\"write\",\"nope\",\"close\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		"{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_NOTIFY\"},"
		"{\"names\":[\"personality\",\"kill\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
		"{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_LE\"},"
		"{\"index\":1,\"value\":8,\"valueTwo\":0,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}]}");

	(void)state;
	assert_true(fail_each_allocation(parse_copy_compile, json) > 50);
	free(json);
}

/* ---- the kernel loads and enforces what lc compiles ---- */

/* Fork; the child loads cfg's profile (with no_new_privs) through
** scmp_load and runs body.  Returns its wait status. */
static int in_filtered_child(const char *seccomp, int (*body)(void))
{
	lc_config *cfg = parse_ok(seccomp);
	scmp_prog p;
	lc_error err;
	pid_t pid;
	int st = -1;

	memset(&p, 0, sizeof p);
	p.agent_fd = -1;
	assert_int_equal(scmp_compile(cfg->seccomp, &p.filter, &p.len, &err), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || scmp_load(&p, -1, &err) < 0)
			_exit(100);
		_exit(body()); /* _exit: no atexit handlers under the filter */
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	scmp_prog_free(&p);
	lc_config_free(cfg);
	return st;
}

static int body_denied_calls(void)
{
	if (getpid() <= 0)
		return 1;
	if (mkdir("/nonexistent-dir/x", 0700) == 0 || errno != EXDEV)
		return 2;
	if (syscall(SYS_personality, 0xffffffffUL) < 0)
		return 3; /* the query value is allowed */
	if (syscall(SYS_personality, 0x1ffffffffUL) != -1 || errno != EPERM)
		return 4; /* the same low half, another high half: the default */
	if (syscall(SYS_personality, 8UL) != -1 || errno != EPERM)
		return 5;
	return 0;
}

static int body_killed_call(void)
{
	syscall(SYS_getppid);
	return 0;
}

static int body_i386_call(void)
{
	long r = 20; /* i386 getpid */

	__asm__ volatile("int $0x80" : "+a"(r) : : "memory");
	return 0;
}

static int body_x32_call(void)
{
	syscall(0x40000000 | SYS_getpid);
	return 0;
}

static void the_kernel_enforces_the_compiled_program(void **state)
{
	static const char profile[] =
		"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
		"{\"names\":[\"mkdir\",\"mkdirat\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":18},"
		"{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":"
		"[{\"index\":0,\"value\":4294967295,\"op\":\"SCMP_CMP_EQ\"}]},"
		"{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ERRNO\"},"
		"{\"names\":[\"getppid\"],\"action\":\"SCMP_ACT_KILL_PROCESS\"}]}";
	int st;

	(void)state;
	st = in_filtered_child(profile, body_denied_calls);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	st = in_filtered_child(profile, body_killed_call);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSYS);
	st = in_filtered_child(profile, body_i386_call); /* a foreign ABI, even allowed */
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSYS);
	st = in_filtered_child(profile, body_x32_call);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSYS);
}

/* NOTIFY end to end without a container: the parent plays the runtime
** (sends the state to the init's socket) and the agent (receives the
** listener and answers getppid with 4242). */
static void the_listener_reaches_the_agent_with_the_state(void **state)
{
	lc_config *cfg = parse_ok("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/x\","
				  "\"listenerMetadata\":\"hello agent\",\"syscalls\":["
				  "{\"names\":[\"getppid\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}");
	static const char st_json[] = "{\"ociVersion\":\"1.2.0\",\"fds\":[\"seccompFd\"]}";
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	char buf[256];
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct msghdr m;
	struct iovec iov = {buf, sizeof buf - 1};
	int agent[2];
	int init[2];
	scmp_prog p;
	lc_error err;
	ssize_t n;
	pid_t pid;
	int lfd;
	int st;

	(void)state;
	memset(&p, 0, sizeof p);
	assert_int_equal(scmp_compile(cfg->seccomp, &p.filter, &p.len, &err), 0);
	p.flags = LC_SECCOMP_FLAG_NEW_LISTENER;
	p.state_cap = sizeof st_json;
	p.state = malloc(p.state_cap);
	p.agent_path = "/x";
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, agent), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, init), 0);
	assert_int_equal(send(init[0], st_json, strlen(st_json), 0), (ssize_t)strlen(st_json));
	p.agent_fd = agent[1];
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(agent[0]);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || scmp_load(&p, init[1], &err) < 0)
			_exit(100);
		_exit(syscall(SYS_getppid) == 4242 ? 0 : 101);
	}
	close(agent[1]);
	p.agent_fd = -1;
	memset(&m, 0, sizeof m);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = ctl.b;
	m.msg_controllen = sizeof ctl.b;
	n = recvmsg(agent[0], &m, 0);
	assert_int_equal(n, (ssize_t)strlen(st_json));
	buf[n] = '\0';
	assert_string_equal(buf, st_json);
	assert_non_null(CMSG_FIRSTHDR(&m));
	assert_int_equal(CMSG_FIRSTHDR(&m)->cmsg_type, SCM_RIGHTS);
	memcpy(&lfd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof lfd);
	assert_int_equal(read(agent[0], buf, 1), 0); /* the init closed the connection */
	memset(&req, 0, sizeof req);
	assert_int_equal(ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, &req), 0);
	assert_int_equal(req.data.nr, SYS_getppid);
	assert_int_equal(req.pid, pid);
	memset(&resp, 0, sizeof resp);
	resp.id = req.id;
	resp.val = 4242;
	assert_int_equal(ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp), 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	close(lfd);
	close(agent[0]);
	close(init[0]);
	close(init[1]);
	scmp_prog_free(&p);
	lc_config_free(cfg);
}

/* What the runtime sends the agent: runtime-spec's containerProcessState. */
static void the_agent_gets_the_container_process_state(void **state)
{
	lc_config *cfg = parse_ok("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/x\","
				  "\"listenerMetadata\":\"m\\\"1\",\"syscalls\":["
				  "{\"names\":[\"getppid\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}");
	lc_keyval ann = {"k", "v"};
	lc_container c;
	lc_error err;
	char *json;
	size_t len;

	(void)state;
	memset(&c, 0, sizeof c);
	c.cfg = cfg;
	c.id = "web";
	c.bundle = "/b";
	c.rootfs = "/b/rootfs";
	c.oci_version = "1.0.2";
	snprintf(c.created, sizeof c.created, "2026-01-01T00:00:00Z");
	c.annotations = &ann;
	c.n_annotations = 1;
	json = scmp_agent_state(&c, 4422, &len, &err);
	assert_non_null(json);
	assert_string_equal(json,
		"{\"ociVersion\":\"" LC_OCI_VERSION "\",\"fds\":[\"seccompFd\"],\"pid\":4422,"
		"\"metadata\":\"m\\\"1\",\"state\":{\"ociVersion\":\"1.0.2\",\"id\":\"web\","
		"\"pid\":4422,\"status\":\"creating\",\"bundle\":\"/b\",\"rootfs\":\"/b/rootfs\","
		"\"created\":\"2026-01-01T00:00:00Z\",\"owner\":\"\",\"annotations\":{\"k\":\"v\"}}}");
	assert_int_equal(len, strlen(json));
	free(json);
	lc_config_free(cfg);
}

static void features_report_seccomp(void **state)
{
	(void)state;
	assert_int_equal(!!(lc_features() & LC_FEAT_SECCOMP), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(syscall_table_is_sorted_and_matches_the_headers),
		cmocka_unit_test(small_profile_compiles_to_the_expected_program),
		cmocka_unit_test(programs_agree_with_the_reference_model_on_random_calls),
		cmocka_unit_test(long_jumps_go_through_trampolines),
		cmocka_unit_test(default_like_profile_of_350_syscalls_compiles_small),
		cmocka_unit_test(every_syscall_of_the_table_fits_the_kernel_limit),
		cmocka_unit_test(unknown_syscall_names_are_skipped_with_a_warning),
		cmocka_unit_test(a_parsed_profile_has_every_field),
		cmocka_unit_test(bad_profiles_are_refused_naming_the_field),
		cmocka_unit_test(a_profile_filled_in_c_is_checked_at_create),
		cmocka_unit_test(parse_and_compile_fail_cleanly_on_every_allocation_failure),
		cmocka_unit_test(the_kernel_enforces_the_compiled_program),
		cmocka_unit_test(the_listener_reaches_the_agent_with_the_state),
		cmocka_unit_test(the_agent_gets_the_container_process_state),
		cmocka_unit_test(features_report_seccomp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
