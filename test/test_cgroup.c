/*
** test_cgroup.c: cgroups (@@ 10) and the linux.resources parser (@@ 6).
** White-box: includes lc.c, with an allocator hook that can fail the Nth
** allocation.  Pure tests first (parser, merge, conversions, device rule
** emulator, the eBPF program instruction by instruction, stats JSON, both
** drivers writing into a fake cgroup tree); then, as root, the v2 driver
** on this host's cgroup2 mount (a hybrid host's unified/ has no
** controllers, but freezing and device programs work there).  Linked
** with libm to check lc's own log2/exp10 against it.
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

#include <math.h>

#ifdef LC_NO_ERRMSG
#define assert_msg(got, want) ((void)(got), (void)(want))
#define assert_msg_has(got, want) ((void)(got), (void)(want))
#else
#define assert_msg(got, want) assert_string_equal(got, want)
#define assert_msg_has(got, want) assert_non_null(strstr(got, want))
#endif

/* Every field of LinuxResources, with values that differ from each other. */
static const char full_resources[] =
	"{\n"
	"  \"memory\": {\"limit\": 67108864, \"reservation\": 33554432, \"swap\": 134217728,\n"
	"             \"kernelTCP\": 1048576, \"swappiness\": 30,\n"
	"             \"disableOOMKiller\": true, \"useHierarchy\": true,\n"
	"             \"checkBeforeUpdate\": false},\n"
	"  \"cpu\": {\"shares\": 512, \"quota\": 50000, \"burst\": 1000, \"period\": 100000,\n"
	"          \"realtimeRuntime\": 950, \"realtimePeriod\": 1000000,\n"
	"          \"cpus\": \"0-1\", \"mems\": \"0\", \"idle\": 1},\n"
	"  \"pids\": {\"limit\": 20},\n"
	"  \"blockIO\": {\"weight\": 500, \"leafWeight\": 300,\n"
	"              \"weightDevice\": [{\"major\": 8, \"minor\": 0, \"weight\": 600},\n"
	"                               {\"major\": 8, \"minor\": 16, \"leafWeight\": 700}],\n"
	"              \"throttleReadBpsDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 1048576}],\n"
	"              \"throttleWriteBpsDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 2097152}],\n"
	"              \"throttleReadIOPSDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 100}],\n"
	"              \"throttleWriteIOPSDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 200}]},\n"
	"  \"hugepageLimits\": [{\"pageSize\": \"2MB\", \"limit\": 4194304},\n"
	"                     {\"pageSize\": \"1GB\", \"limit\": 0}],\n"
	"  \"network\": {\"classID\": 1048577, \"priorities\": [{\"name\": \"eth0\", \"priority\": 5}]},\n"
	"  \"rdma\": {\"mlx5_1\": {\"hcaHandles\": 3, \"hcaObjects\": 10000}},\n"
	"  \"unified\": {\"memory.high\": \"50000000\", \"io.weight\": \"default 100\"},\n"
	"  \"devices\": [{\"allow\": false, \"access\": \"rwm\"},\n"
	"              {\"allow\": true, \"type\": \"c\", \"major\": 10, \"minor\": 229,\n"
	"               \"access\": \"mwr\"},\n"
	"              {\"allow\": true, \"type\": \"b\", \"major\": 8, \"access\": \"r\"}]\n"
	"}\n";

static void parse_res(const char *json, lc_resources *r)
{
	lc_error err;

	memset(&err, 0, sizeof err);
	if (lc_resources_from_oci(json, strlen(json), r, &err) != 0)
		fail_msg("parse: %s", err.msg);
}

static void resources_parser_reads_every_field(void **state)
{
	lc_resources r;

	(void)state;
	parse_res(full_resources, &r);
	assert_true(r.memory.has_limit);
	assert_int_equal(r.memory.limit, 67108864);
	assert_int_equal(r.memory.reservation, 33554432);
	assert_int_equal(r.memory.swap, 134217728);
	assert_false(r.memory.has_kernel);
	assert_int_equal(r.memory.kernel_tcp, 1048576);
	assert_int_equal(r.memory.swappiness, 30);
	assert_true(r.memory.has_disable_oom_killer && r.memory.disable_oom_killer);
	assert_true(r.memory.has_use_hierarchy && r.memory.use_hierarchy);
	assert_true(r.memory.has_check_before_update && !r.memory.check_before_update);
	assert_int_equal(r.cpu.shares, 512);
	assert_int_equal(r.cpu.quota, 50000);
	assert_int_equal(r.cpu.burst, 1000);
	assert_int_equal(r.cpu.period, 100000);
	assert_int_equal(r.cpu.realtime_runtime, 950);
	assert_int_equal(r.cpu.realtime_period, 1000000);
	assert_string_equal(r.cpu.cpus, "0-1");
	assert_string_equal(r.cpu.mems, "0");
	assert_true(r.cpu.has_idle && r.cpu.idle == 1);
	assert_true(r.has_pids_limit && r.pids_limit == 20);
	assert_int_equal(r.blkio.weight, 500);
	assert_int_equal(r.blkio.leaf_weight, 300);
	assert_int_equal(r.blkio.n_weight_device, 2);
	assert_true(r.blkio.weight_device[0].has_weight && !r.blkio.weight_device[0].has_leaf_weight);
	assert_int_equal(r.blkio.weight_device[0].weight, 600);
	assert_int_equal(r.blkio.weight_device[1].minor, 16);
	assert_int_equal(r.blkio.weight_device[1].leaf_weight, 700);
	assert_int_equal(r.blkio.n_read_bps, 1);
	assert_int_equal(r.blkio.read_bps[0].rate, 1048576);
	assert_int_equal(r.blkio.write_bps[0].rate, 2097152);
	assert_int_equal(r.blkio.read_iops[0].rate, 100);
	assert_int_equal(r.blkio.write_iops[0].rate, 200);
	assert_int_equal(r.n_hugepage_limits, 2);
	assert_string_equal(r.hugepage_limits[1].pagesize, "1GB");
	assert_int_equal(r.hugepage_limits[0].limit, 4194304);
	assert_true(r.has_net_class_id && r.net_class_id == 1048577);
	assert_string_equal(r.net_priorities[0].name, "eth0");
	assert_int_equal(r.net_priorities[0].priority, 5);
	assert_string_equal(r.rdma[0].device, "mlx5_1");
	assert_int_equal(r.rdma[0].hca_handles, 3);
	assert_int_equal(r.rdma[0].hca_objects, 10000);
	assert_int_equal(r.n_unified, 2);
	assert_string_equal(r.unified[1].key, "io.weight");
	assert_string_equal(r.unified[1].value, "default 100");
	assert_int_equal(r.n_devices, 3);
	assert_false(r.devices[0].allow);
	assert_int_equal(r.devices[0].type, 'a');
	assert_int_equal(r.devices[0].major, -1);
	assert_string_equal(r.devices[1].access, "rwm"); /* "mwr", normalised */
	assert_int_equal(r.devices[2].type, 'b');
	assert_int_equal(r.devices[2].minor, -1);
	lc_resources_clear(&r);
	assert_null(r.devices);
}

static const struct {
	const char *json;
	const char *msg;
} bad_resources[] = {
	{"{\"memory\": {\"limit\": -2}}",
	 ".memory.limit: -2 out of range [-1, 9223372036854775807] (line 1, column 22)"},
	{"{\"memory\": {\"swappiness\": 101}}",
	 ".memory.swappiness: 101 out of range [0, 100] (line 1, column 27)"},
	{"{\"memory\": {\"disableOOMKiller\": 1}}",
	 ".memory.disableOOMKiller: expected boolean, got number (line 1, column 33)"},
	{"{\"cpu\": {\"cpus\": \"0-3;rm\"}}",
	 ".cpu.cpus: must be a list like \"0-3,7\" (line 1, column 18)"},
	{"{\"cpu\": {\"idle\": 2}}", ".cpu.idle: 2 out of range [0, 1] (line 1, column 18)"},
	{"{\"cpu\": 5}", ".cpu: expected object, got number (line 1, column 9)"},
	{"{\"pids\": {\"limit\": 1.5}}", ".pids.limit: expected an integer (line 1, column 20)"},
	{"{\"blockIO\": {\"weight\": 5}}",
	 ".blockIO.weight: must be between 10 and 1000 (line 1, column 24)"},
	{"{\"blockIO\": {\"throttleReadBpsDevice\": [{\"major\": 8, \"minor\": 0}]}}",
	 ".blockIO.throttleReadBpsDevice[0].rate: required (line 1, column 40)"},
	{"{\"blockIO\": {\"weightDevice\": [{\"minor\": 0, \"weight\": 100}]}}",
	 ".blockIO.weightDevice[0].major: required (line 1, column 31)"},
	{"{\"hugepageLimits\": [{\"pageSize\": \"../2MB\", \"limit\": 1}]}",
	 ".hugepageLimits[0].pageSize: required, a size like \"2MB\" or \"1GB\" (line 1, column 34)"},
	{"{\"network\": {\"priorities\": [{\"name\": \"eth0 1\\neth1\", \"priority\": 1}]}}",
	 ".network.priorities[0].name: required, an interface name (line 1, column 38)"},
	{"{\"rdma\": {\"mlx 5\": {\"hcaHandles\": 1}}}",
	 ".rdma[\"mlx 5\"]: not a device name (line 1, column 20)"},
	{"{\"unified\": {\"../memory.max\": \"1\"}}",
	 ".unified[\"../memory.max\"]: must be a file name like \"memory.high\" (line 1, column 31)"},
	{"{\"unified\": {\"memory.max\": 1}}",
	 ".unified[\"memory.max\"]: expected string, got number (line 1, column 28)"},
	{"{\"devices\": [{\"access\": \"rwm\"}]}", ".devices[0].allow: required (line 1, column 14)"},
	{"{\"devices\": [{\"allow\": true, \"access\": \"\"}]}",
	 ".devices[0].access: required, a non-empty subset of \"rwm\" (line 1, column 40)"},
	{"{\"devices\": [{\"allow\": true, \"access\": \"rx\"}]}",
	 ".devices[0].access: required, a non-empty subset of \"rwm\" (line 1, column 40)"},
	{"{\"devices\": [{\"allow\": true, \"type\": \"u\", \"access\": \"r\"}]}",
	 ".devices[0].type: must be one of a, c, b (line 1, column 38)"},
	{"{\"devices\": [{\"allow\": true, \"major\": -2, \"access\": \"r\"}]}",
	 ".devices[0].major: -2 out of range [-1, 4294967295] (line 1, column 39)"},
};

static void resources_parser_names_the_field_in_every_error(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad_resources / sizeof bad_resources[0]; i++) {
		lc_resources r;
		lc_error err;
		int rc;

		memset(&err, 0, sizeof err);
		rc = lc_resources_from_oci(bad_resources[i].json, strlen(bad_resources[i].json), &r,
					   &err);
		if (rc != LC_ECONFIG)
			fail_msg("%s: rc %d (%s)", bad_resources[i].json, rc, err.msg);
		assert_msg(err.msg, bad_resources[i].msg);
		assert_null(r.devices);
	}
}

static void config_resources_errors_carry_the_linux_resources_path(void **state)
{
	static const char json[] =
		"{\"root\":{\"path\":\"/r\"},\"process\":{\"args\":[\"sh\"]},"
		"\"linux\":{\"resources\":{\"blockIO\":{\"throttleWriteIOPSDevice\":"
		"[{\"major\":8,\"minor\":-1,\"rate\":1}]}}}}";
	lc_config *cfg = NULL;
	lc_error err;

	(void)state;
	assert_int_equal(lc_config_from_oci(json, strlen(json), NULL, &cfg, &err), LC_ECONFIG);
	assert_null(cfg);
	assert_msg(err.msg, ".linux.resources.blockIO.throttleWriteIOPSDevice[0].minor: -1 out of "
			    "range [0, 4294967295] (line 1, column 128)");
}

/* The state.json form reads back to the same resources. */
static void resources_round_trip_through_json(void **state)
{
	lc_resources r;
	lc_resources back;
	json_writer w;
	char *one;
	char *two;
	lc_error err;

	(void)state;
	parse_res(full_resources, &r);
	jw_init(&w, 0);
	cfg_res_write(&w, &r);
	one = jw_finish(&w, NULL, &err);
	assert_non_null(one);
	parse_res(one, &back);
	jw_init(&w, 0);
	cfg_res_write(&w, &back);
	two = jw_finish(&w, NULL, &err);
	assert_non_null(two);
	assert_string_equal(one, two);
	assert_non_null(strstr(one, "\"memory\":{\"limit\":67108864,\"reservation\":33554432"));
	assert_non_null(strstr(one, "{\"allow\":true,\"type\":\"b\",\"major\":8,\"access\":\"r\"}"));
	mem_free(one);
	mem_free(two);
	lc_resources_clear(&r);
	lc_resources_clear(&back);
}

static void resources_merge_replaces_what_the_update_sets(void **state)
{
	lc_resources r;
	lc_resources u;
	lc_resources copy;

	(void)state;
	parse_res(full_resources, &r);
	parse_res("{\"memory\": {\"limit\": 1000}, \"cpu\": {\"cpus\": \"1\"},"
		  " \"blockIO\": {\"throttleReadBpsDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 5},"
		  "  {\"major\": 8, \"minor\": 32, \"rate\": 6}],"
		  "  \"weightDevice\": [{\"major\": 8, \"minor\": 16, \"weight\": 10}]},"
		  " \"hugepageLimits\": [{\"pageSize\": \"2MB\", \"limit\": 7}],"
		  " \"unified\": {\"memory.high\": \"max\", \"pids.max\": \"9\"},"
		  " \"rdma\": {\"mlx5_1\": {\"hcaHandles\": 4}},"
		  " \"devices\": [{\"allow\": true, \"access\": \"rwm\"}]}",
		  &u);
	assert_int_equal(cfg_res_dup(&copy, &r), 0);
	assert_int_equal(cfg_res_merge(&copy, &u), 0);
	assert_int_equal(copy.memory.limit, 1000);
	assert_int_equal(copy.memory.swap, 134217728); /* kept */
	assert_string_equal(copy.cpu.cpus, "1");
	assert_string_equal(copy.cpu.mems, "0");
	assert_int_equal(copy.blkio.n_read_bps, 2);
	assert_int_equal(copy.blkio.read_bps[0].rate, 5);
	assert_int_equal(copy.blkio.read_bps[1].minor, 32);
	assert_int_equal(copy.blkio.weight_device[1].weight, 10);
	assert_int_equal(copy.blkio.weight_device[1].leaf_weight, 700); /* kept */
	assert_int_equal(copy.n_hugepage_limits, 2);
	assert_int_equal(copy.hugepage_limits[0].limit, 7);
	assert_int_equal(copy.n_unified, 3);
	assert_string_equal(copy.unified[0].value, "max");
	assert_string_equal(copy.unified[2].key, "pids.max");
	assert_int_equal(copy.rdma[0].hca_handles, 4);
	assert_int_equal(copy.rdma[0].hca_objects, 10000);
	assert_int_equal(copy.n_devices, 3); /* device rules never merge */
	assert_false(copy.devices[0].allow);
	lc_resources_clear(&copy);
	lc_resources_clear(&u);
	lc_resources_clear(&r);
}

static void resources_fail_cleanly_on_every_allocation_failure(void **state)
{
	long n;

	(void)state;
	for (n = 0;; n++) {
		lc_resources r;
		lc_resources copy;
		lc_error err;
		int rc;

		memset(&copy, 0, sizeof copy);
		alloc_countdown = n;
		rc = lc_resources_from_oci(full_resources, strlen(full_resources), &r, &err);
		if (rc == 0) {
			rc = cfg_res_dup(&copy, &r) == 0 ? 0 : LC_ENOMEM;
			if (rc == 0 && cfg_res_merge(&copy, &r) < 0)
				rc = LC_ENOMEM;
			lc_resources_clear(&r);
		}
		alloc_countdown = -1;
		lc_resources_clear(&copy);
		if (rc == 0)
			break;
		assert_int_equal(rc, LC_ENOMEM);
		assert_true(n < 100000);
	}
	assert_true(n > 30);
}

/* ---- conversions ---- */

/* runc's formula with libm, for comparison. */
static uint64_t weight_libm(uint64_t s)
{
	double l;
	double e;

	if (s == 0)
		return 0;
	if (s <= 2)
		return 1;
	if (s >= 262144)
		return 10000;
	l = log2((double)s);
	e = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
	return (uint64_t)ceil(pow(10, e));
}

static void cpu_shares_convert_to_weight_as_runc_does(void **state)
{
	static const uint64_t table[][2] = {
		{0, 0},	      {1, 1},	     {2, 1},	     {3, 2},	       {10, 4},
		{100, 17},    {256, 35},     {512, 59},      {1000, 99},       {1024, 100},
		{2048, 174},  {4096, 303},   {10000, 627},   {100000, 4340},   {262143, 10000},
		{262144, 10000}, {300000, 10000},
	};
	uint64_t s;
	size_t i;
	unsigned off = 0;

	(void)state;
	for (i = 0; i < sizeof table / sizeof table[0]; i++)
		assert_int_equal(cg_cpu_weight(table[i][0]), table[i][1]);
	/* lc has no libm: its log2 and exp10 must agree with libm's
	** everywhere in the range */
	for (s = 0; s <= 262145; s++)
		if (cg_cpu_weight(s) != weight_libm(s))
			off++;
	assert_int_equal(off, 0);
}

static void blkio_weight_converts_to_io_weight_linearly(void **state)
{
	(void)state;
	assert_int_equal(cg_io_weight(0), 0);
	assert_int_equal(cg_io_weight(10), 1);
	assert_int_equal(cg_io_weight(100), 910);
	assert_int_equal(cg_io_weight(500), 4950);
	assert_int_equal(cg_io_weight(1000), 10000);
}

static void swap_converts_to_swap_max_minus_the_limit(void **state)
{
	static const struct {
		int has_limit;
		int64_t limit;
		int has_swap;
		int64_t swap;
		int rc;
		int set;
		int64_t out;
	} t[] = {
		{1, -1, 0, 0, 0, 1, -1},       /* unlimited memory lifts swap too */
		{1, 100, 1, -1, 0, 1, -1},     /* unlimited swap */
		{1, 100, 0, 0, 0, 0, 0},       /* swap unset: leave it */
		{1, -1, 1, 300, 0, 1, 300},    /* unlimited memory: swap as is */
		{0, 0, 1, 300, LC_ECONFIG, 0, 0},
		{1, 200, 1, 100, LC_ECONFIG, 0, 0},
		{1, 100, 1, 300, 0, 1, 200},
		{1, 100, 1, 100, 0, 1, 0},     /* no swap at all */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		lc_res_memory m;
		lc_error err;
		int64_t out = 42;
		int set = 42;

		memset(&m, 0, sizeof m);
		m.has_limit = t[i].has_limit;
		m.limit = t[i].limit;
		m.has_swap = t[i].has_swap;
		m.swap = t[i].swap;
		assert_int_equal(cg_swap_v2(&m, &out, &set, &err), t[i].rc);
		if (t[i].rc == 0) {
			assert_int_equal(set, t[i].set);
			assert_int_equal(out, t[i].out);
		}
	}
}

static void pids_limit_texts_follow_runc(void **state)
{
	char b[24];

	(void)state;
	cg_pids_max(20, b, sizeof b);
	assert_string_equal(b, "20");
	cg_pids_max(0, b, sizeof b);
	assert_string_equal(b, "1");
	cg_pids_max(-1, b, sizeof b);
	assert_string_equal(b, "max");
}

/* ---- device rules ---- */

static void devices_deny_all_keeps_runc_defaults(void **state)
{
	static const lc_devrule deny_all = {0, 'a', -1, -1, "rwm"};
	cg_devstate st;
	lc_error err;
	char s[64];

	(void)state;
	assert_int_equal(cg_dev_build(&deny_all, 1, NULL, 0, &st, &err), 0);
	assert_false(st.default_allow);
	assert_int_equal(st.n, 11);
	cg_dev_str(s, sizeof s, st.ex[0].type, st.ex[0].major, st.ex[0].minor, st.ex[0].acc);
	assert_string_equal(s, "c *:* m");
	cg_dev_str(s, sizeof s, st.ex[2].type, st.ex[2].major, st.ex[2].minor, st.ex[2].acc);
	assert_string_equal(s, "c 1:3 rwm");
	cg_dev_str(s, sizeof s, st.ex[8].type, st.ex[8].major, st.ex[8].minor, st.ex[8].acc);
	assert_string_equal(s, "c 136:* rwm");
}


static void devices_rules_replay_like_the_v1_controller(void **state)
{
	lc_devrule rules[] = {
		{1, 'a', -1, -1, "rwm"},   /* allow all: blacklist mode */
		{0, 'c', 1, 3, "w"},       /* deny writes to /dev/null */
		{0, 'c', 1, 3, "r"},       /* merged into the same exception */
		{1, 'c', 1, 3, "w"},       /* and taken out again */
	};
	lc_device dev = {"/dev/null", 'c', 1, 3, 0666, 0, 0};
	cg_devstate st;
	lc_error err;

	(void)state;
	/* a linux.devices entry for /dev/null drops that default rule; in
	** blacklist mode the other defaults add nothing */
	assert_int_equal(cg_dev_build(rules, 4, &dev, 1, &st, &err), 0);
	assert_true(st.default_allow);
	assert_int_equal(st.n, 1);
	assert_int_equal(st.ex[0].acc, BPF_DEVCG_ACC_READ);
	/* a deny inside a wider allow-exception is refused, as runc does */
	{
		lc_devrule hole[] = {
			{0, 'a', -1, -1, "rwm"},
			{1, 'c', 1, -1, "rw"},
			{0, 'c', 1, 5, "w"},
		};

		assert_int_equal(cg_dev_build(hole, 3, NULL, 0, &st, &err), LC_ECONFIG);
		assert_msg(err.msg, ".linux.resources.devices[2]: cannot take access out of part of "
				    "the wider rule \"c 1:* rw\"");
	}
}

/* One expected instruction, for comparing the program field by field. */
struct insn {
	uint8_t code;
	uint8_t dst;
	uint8_t src;
	int16_t off;
	int32_t imm;
};

static void assert_program(const cg_devstate *st, const struct insn *want, size_t n)
{
	struct bpf_insn got[CG_BPF_MAX];
	int count = cg_bpf_build(st, got, CG_BPF_MAX);
	size_t i;

	assert_int_equal(count, (int)n);
	for (i = 0; i < n; i++) {
		if (got[i].code != want[i].code || got[i].dst_reg != want[i].dst ||
		    got[i].src_reg != want[i].src || got[i].off != want[i].off ||
		    got[i].imm != want[i].imm)
			fail_msg("insn %zu: got {%#x, r%u, r%u, %d, %d}, want {%#x, r%u, r%u, %d, %d}", i,
				 got[i].code, got[i].dst_reg, got[i].src_reg, got[i].off, got[i].imm,
				 want[i].code, want[i].dst, want[i].src, want[i].off, want[i].imm);
	}
}

#define LDXW (BPF_LDX | BPF_W | BPF_MEM)
#define ANDK (BPF_ALU | BPF_AND | BPF_K)
#define RSHK (BPF_ALU | BPF_RSH | BPF_K)
#define MOVX (BPF_ALU | BPF_MOV | BPF_X)
#define MOVK (BPF_ALU | BPF_MOV | BPF_K)
#define JNEK (BPF_JMP | BPF_JNE | BPF_K)
#define JEQK (BPF_JMP | BPF_JEQ | BPF_K)
#define EXIT (BPF_JMP | BPF_EXIT)
#define PRELUDE                                                                          \
	{LDXW, 2, 1, 0, 0}, {ANDK, 2, 0, 0, 0xffff}, {LDXW, 3, 1, 0, 0}, {RSHK, 3, 0, 0, 16}, \
		{LDXW, 4, 1, 4, 0}, {LDXW, 5, 1, 8, 0}

static void bpf_program_for_an_allow_list_is_exact(void **state)
{
	lc_devrule rules[] = {
		{0, 'a', -1, -1, "rwm"},
		{1, 'c', 1, 3, "rwm"}, /* all access: no access test */
		{1, 'c', -1, -1, "m"}, /* wildcards: no major, minor test */
		{1, 'b', 8, -1, "r"},
	};
	static const struct insn want[] = {
		PRELUDE,
		/* c 1:3 rwm: 5 instructions */
		{JNEK, 2, 0, 4, BPF_DEVCG_DEV_CHAR},
		{JNEK, 4, 0, 3, 1},
		{JNEK, 5, 0, 2, 3},
		{MOVK, 0, 0, 0, 1},
		{EXIT, 0, 0, 0, 0},
		/* c *:* m: type, access (all asked must be granted) */
		{JNEK, 2, 0, 5, BPF_DEVCG_DEV_CHAR},
		{MOVX, 1, 3, 0, 0},
		{ANDK, 1, 0, 0, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE},
		{JNEK, 1, 0, 2, 0},
		{MOVK, 0, 0, 0, 1},
		{EXIT, 0, 0, 0, 0},
		/* b 8:* r */
		{JNEK, 2, 0, 6, BPF_DEVCG_DEV_BLOCK},
		{MOVX, 1, 3, 0, 0},
		{ANDK, 1, 0, 0, BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_WRITE},
		{JNEK, 1, 0, 3, 0},
		{JNEK, 4, 0, 2, 8},
		{MOVK, 0, 0, 0, 1},
		{EXIT, 0, 0, 0, 0},
		/* the default: deny */
		{MOVK, 0, 0, 0, 0},
		{EXIT, 0, 0, 0, 0},
	};
	cg_devstate st;
	lc_error err;
	size_t i;

	(void)state;
	st.default_allow = 0;
	st.n = 0;
	for (i = 0; i < 4; i++)
		assert_int_equal(cg_dev_apply(&st, &rules[i], "t", &err), 0);
	assert_program(&st, want, sizeof want / sizeof want[0]);
}

static void bpf_program_for_a_deny_list_denies_any_overlap(void **state)
{
	lc_devrule rules[] = {
		{1, 'a', -1, -1, "rwm"},
		{0, 'c', 1, 5, "w"},
		{0, 'b', -1, 7, "rwm"},
	};
	static const struct insn want[] = {
		PRELUDE,
		/* c 1:5 w: denied when w is among what is asked */
		{JNEK, 2, 0, 7, BPF_DEVCG_DEV_CHAR},
		{MOVX, 1, 3, 0, 0},
		{ANDK, 1, 0, 0, BPF_DEVCG_ACC_WRITE},
		{JEQK, 1, 0, 4, 0},
		{JNEK, 4, 0, 3, 1},
		{JNEK, 5, 0, 2, 5},
		{MOVK, 0, 0, 0, 0},
		{EXIT, 0, 0, 0, 0},
		/* b *:7 rwm */
		{JNEK, 2, 0, 3, BPF_DEVCG_DEV_BLOCK},
		{JNEK, 5, 0, 2, 7},
		{MOVK, 0, 0, 0, 0},
		{EXIT, 0, 0, 0, 0},
		/* the default: allow */
		{MOVK, 0, 0, 0, 1},
		{EXIT, 0, 0, 0, 0},
	};
	cg_devstate st;
	lc_error err;
	size_t i;

	(void)state;
	st.default_allow = 0;
	st.n = 0;
	for (i = 0; i < 3; i++)
		assert_int_equal(cg_dev_apply(&st, &rules[i], "t", &err), 0);
	assert_program(&st, want, sizeof want / sizeof want[0]);
}

/* ---- stats JSON ---- */

static void stats_json_has_runcs_shape(void **state)
{
	lc_stats *st = calloc(1, sizeof *st);
	char *json = NULL;
	lc_error err;

	(void)state;
	assert_non_null(st);
	st->cpu_total = 1000;
	st->cpu_user = 600;
	st->cpu_kernel = 400;
	st->n_cpus = 2;
	st->cpu_percpu[0] = 700;
	st->cpu_percpu[1] = 300;
	st->cpu_throttled_periods = 3;
	st->n_cpuset_cpus = 2;
	st->cpuset_cpus[1] = 1;
	st->cpuset_sched_load_balance = 1;
	st->cpuset_sched_relax_domain_level = -1;
	st->memory.usage = 4096;
	st->memory.limit = 8192;
	st->n_memory_raw = 2;
	strcpy(st->memory_raw[0].key, "rss");
	st->memory_raw[0].value = 5;
	strcpy(st->memory_raw[1].key, "cache");
	st->memory_raw[1].value = 7;
	st->memory_cache = 7;
	st->pids_current = 2;
	st->pids_limit = 20;
	st->n_io_service_bytes = 1;
	st->io_service_bytes[0].major = 8;
	strcpy(st->io_service_bytes[0].op, "Read");
	st->io_service_bytes[0].value = 512;
	st->n_hugetlb = 1;
	strcpy(st->hugetlb[0].pagesize, "2MB");
	assert_int_equal(lc_stats_json(st, &json, &err), 0);
	assert_string_equal(
		json,
		"{\"cpu\":{\"usage\":{\"total\":1000,\"percpu\":[700,300],"
		"\"percpu_kernel\":[0,0],\"percpu_user\":[0,0],\"kernel\":400,\"user\":600},"
		"\"throttling\":{\"throttledPeriods\":3}},"
		"\"cpuset\":{\"cpus\":[0,1],\"cpu_exclusive\":0,\"mem_hardwall\":0,\"mem_exclusive\":0,"
		"\"memory_migrate\":0,\"memory_spread_page\":0,\"memory_spread_slab\":0,"
		"\"memory_pressure\":0,\"sched_load_balance\":1,\"sched_relax_domain_level\":-1},"
		"\"memory\":{\"cache\":7,\"usage\":{\"limit\":8192,\"usage\":4096,\"failcnt\":0},"
		"\"raw\":{\"cache\":7,\"rss\":5}},"
		"\"pids\":{\"current\":2,\"limit\":20},"
		"\"blkio\":{\"ioServiceBytesRecursive\":[{\"major\":8,\"op\":\"Read\",\"value\":512}]},"
		"\"hugetlb\":{\"2MB\":{\"failcnt\":0}},\"intel_rdt\":{},\"network_interfaces\":null}");
	free(json);
	free(st);
}

/* ---- the drivers against a fake cgroup tree ----
** Plain files stand in for the cgroup files: a driver writes each value
** at offset 0, so a file written once holds exactly that value. */

static char fake[] = "/tmp/lc-cgfake-XXXXXX";
static char v2root[256]; /* the cgroup2 mount the host tests use */
static int v2_available(void);

static void fake_file(const char *dir, const char *name, const char *content)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static void fake_expect(const char *dir, const char *name, const char *want)
{
	char path[512];
	char buf[256];
	ssize_t n;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	n = fd_read_small(AT_FDCWD, path, buf, sizeof buf);
	if (n < 0)
		fail_msg("%s: %s", path, strerror((int)-n));
	if (strcmp(buf, want) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", path, buf, want);
}

static void fake_tree(const char *sub, const char *const *files, const char *dir_out)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "mkdir -p %s/%s", fake, sub);
	assert_int_equal(system(cmd), 0);
	for (; *files; files++)
		fake_file(dir_out, *files, "");
}

static int fake_setup(void **state)
{
	(void)state;
	return mkdtemp(fake) ? 0 : -1;
}

static int fake_teardown(void **state)
{
	char cmd[1024];

	(void)state;
	/* what a failed host test left (no process is left in them) */
	if (v2_available()) {
		snprintf(cmd, sizeof cmd, "rmdir %s/lctest/unit-%d %s/lctest/unit-bpf-%d %s/lctest "
			 "2>/dev/null", v2root, (int)getpid(), v2root, (int)getpid(), v2root);
		(void)system(cmd);
	}
	snprintf(cmd, sizeof cmd, "rm -rf %s", fake);
	return system(cmd) == 0 ? 0 : -1;
}

static void v2_driver_writes_each_resource_to_its_file(void **state)
{
	static const char *const files[] = {
		"memory.max", "memory.swap.max", "memory.low", "cpu.weight", "cpu.max",
		"cpu.max.burst", "cpu.idle", "io.weight", "pids.max", "cpuset.cpus", "cpuset.mems",
		"hugetlb.2MB.max", "hugetlb.1GB.max", "rdma.max", "memory.high", "io.max",
		"memory.current", NULL};
	char dir[512];
	lc_resources r;
	lc_error err;
	cg_ctx g;

	(void)state;
	snprintf(dir, sizeof dir, "%s/v2/ctr", fake);
	fake_tree("v2/ctr", files, dir);
	fake_file(dir, "cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
	fake_file(dir, "memory.current", "4096\n");
	memset(&g, 0, sizeof g);
	g.drv = &cg_v2_driver;
	snprintf(g.root, sizeof g.root, "%s/v2", fake);
	g.path = "/ctr";
	parse_res("{\"memory\": {\"limit\": 67108864, \"reservation\": 33554432, \"swap\": 134217728,"
		  "  \"checkBeforeUpdate\": true},"
		  " \"cpu\": {\"shares\": 512, \"quota\": 50000, \"burst\": 1000, \"period\": 200000,"
		  "  \"cpus\": \"0-1\", \"mems\": \"0\", \"idle\": 1},"
		  " \"pids\": {\"limit\": 20},"
		  " \"blockIO\": {\"weight\": 500,"
		  "  \"throttleReadBpsDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 1048576}]},"
		  " \"hugepageLimits\": [{\"pageSize\": \"2MB\", \"limit\": 4194304},"
		  "  {\"pageSize\": \"1GB\", \"limit\": 0}],"
		  " \"rdma\": {\"mlx5_1\": {\"hcaHandles\": 3, \"hcaObjects\": 10000}},"
		  " \"unified\": {\"memory.high\": \"50000000\"}}",
		  &r);
	if (g.drv->set(&g, &r, NULL, &err) != 0)
		fail_msg("set: %s", err.msg);
	fake_expect(dir, "memory.max", "67108864");
	fake_expect(dir, "memory.swap.max", "67108864"); /* swap minus limit */
	fake_expect(dir, "memory.low", "33554432");
	fake_expect(dir, "cpu.weight", "59");            /* shares 512 */
	fake_expect(dir, "cpu.max", "50000 200000");
	fake_expect(dir, "cpu.max.burst", "1000");
	fake_expect(dir, "cpu.idle", "1");
	fake_expect(dir, "io.weight", "default 4950");   /* blkio 500 */
	fake_expect(dir, "io.max", "8:0 rbps=1048576");
	fake_expect(dir, "pids.max", "20");
	fake_expect(dir, "cpuset.cpus", "0-1");
	fake_expect(dir, "cpuset.mems", "0");
	fake_expect(dir, "hugetlb.2MB.max", "4194304");
	fake_expect(dir, "hugetlb.1GB.max", "0");
	fake_expect(dir, "rdma.max", "mlx5_1 hca_handle=3 hca_object=10000");
	fake_expect(dir, "memory.high", "50000000");
	lc_resources_clear(&r);

	/* checkBeforeUpdate refuses a limit below the usage */
	parse_res("{\"memory\": {\"limit\": 1024, \"checkBeforeUpdate\": true}}", &r);
	assert_int_equal(g.drv->set(&g, &r, NULL, &err), LC_ECONFIG);
	assert_msg(err.msg, ".linux.resources.memory.limit: 1024 is below the current usage 4096");
	lc_resources_clear(&r);
	/* a controller the cgroup lacks is named */
	fake_file(dir, "cgroup.controllers", "cpu io\n");
	parse_res("{\"pids\": {\"limit\": 5}}", &r);
	assert_int_equal(g.drv->set(&g, &r, NULL, &err), LC_EUNSUPPORTED);
	assert_msg_has(err.msg, ".linux.resources.pids.limit: the pids controller is not enabled");
	lc_resources_clear(&r);
	/* a unified key with no file says so */
	parse_res("{\"unified\": {\"cpu.nosuch\": \"1\"}}", &r);
	assert_int_equal(g.drv->set(&g, &r, NULL, &err), LC_ECONFIG);
	assert_msg_has(err.msg, ".linux.resources.unified[\"cpu.nosuch\"]: no file cpu.nosuch in");
	lc_resources_clear(&r);
}

/* io.stat's "MAJ:MIN rbytes=N wbytes=N rios=N wios=N ..." lines, and the
** hugepage sizes named after /sys/kernel/mm/hugepages/hugepages-NkB. */
static void v2_stats_read_io_stat_and_hugepage_sizes(void **state)
{
	static const char *const none[] = {NULL};
	lc_stats *st = calloc(1, sizeof *st);
	char sizes[LC_STATS_MAX_HUGETLB][16];
	char d[512];
	lc_error err;
	unsigned i;
	unsigned n;
	cg_ctx g;

	(void)state;
	assert_non_null(st);
	snprintf(d, sizeof d, "%s/v2s/ctr", fake);
	fake_tree("v2s/ctr", none, d);
	fake_file(d, "io.stat", "8:0 rbytes=4096 wbytes=512 rios=3 wios=1 dbytes=0\n"
				"junk line\n259:1 rbytes=1 wbytes=2 rios=5 wios=6\n");
	fake_file(d, "cpu.stat", "usage_usec 7\nuser_usec 5\nsystem_usec 2\nnr_periods 4\n"
				 "nr_throttled 1\nthrottled_usec 3\n");
	fake_file(d, "pids.current", "3\n");
	fake_file(d, "pids.max", "max\n");
	fake_file(d, "cpuset.cpus.effective", "0-2,5\n");
	memset(&g, 0, sizeof g);
	g.drv = &cg_v2_driver;
	snprintf(g.root, sizeof g.root, "%s/v2s", fake);
	g.path = "/ctr";
	if (cg_stats(&g, st, &err) != 0)
		fail_msg("stats: %s", err.msg);
	assert_int_equal(st->n_io_service_bytes, 4);
	assert_int_equal(st->io_service_bytes[0].major, 8);
	assert_string_equal(st->io_service_bytes[0].op, "Read");
	assert_int_equal(st->io_service_bytes[0].value, 4096);
	assert_string_equal(st->io_service_bytes[1].op, "Write");
	assert_int_equal(st->io_service_bytes[1].value, 512);
	assert_int_equal(st->io_service_bytes[2].major, 259);
	assert_int_equal(st->io_service_bytes[2].minor, 1);
	assert_int_equal(st->n_io_serviced, 4);
	assert_int_equal(st->io_serviced[3].value, 6);
	/* cpu.stat's microseconds as nanoseconds; "max" pids as 0 */
	assert_int_equal(st->cpu_total, 7000);
	assert_int_equal(st->cpu_user, 5000);
	assert_int_equal(st->cpu_kernel, 2000);
	assert_int_equal(st->cpu_periods, 4);
	assert_int_equal(st->cpu_throttled_periods, 1);
	assert_int_equal(st->cpu_throttled_time, 3000);
	assert_int_equal(st->pids_current, 3);
	assert_int_equal(st->pids_limit, 0);
	assert_int_equal(st->n_cpuset_cpus, 4);
	assert_int_equal(st->cpuset_cpus[3], 5);
	free(st);

	n = cg_hugepage_sizes(sizes, LC_STATS_MAX_HUGETLB);
	for (i = 0; i < n; i++)
		assert_true(strstr(sizes[i], "B") && sizes[i][0] >= '1' && sizes[i][0] <= '9');
	if (access("/sys/kernel/mm/hugepages/hugepages-2048kB", F_OK) == 0) {
		for (i = 0; i < n && strcmp(sizes[i], "2MB") != 0; i++)
			;
		assert_true(i < n);
	}
}

static void v2_create_enables_controllers_above_the_leaf(void **state)
{
	char root[200];
	char mid[600];
	lc_error err;
	cg_ctx g;

	(void)state;
	snprintf(root, sizeof root, "%s/v2c", fake);
	snprintf(mid, sizeof mid, "mkdir -p %s", root);
	assert_int_equal(system(mid), 0);
	fake_file(root, "cgroup.controllers", "pids memory\n");
	fake_file(root, "cgroup.subtree_control", "");
	memset(&g, 0, sizeof g);
	g.drv = &cg_v2_driver;
	snprintf(g.root, sizeof g.root, "%s", root);
	g.path = "/lcx/ctr";
	if (g.drv->create(&g, &err) != 0)
		fail_msg("create: %s", err.msg);
	/* one write per controller: the last one is what the file holds */
	fake_expect(root, "cgroup.subtree_control", "+memory");
	snprintf(mid, sizeof mid, "%s/lcx", root);
	assert_int_equal(access(mid, F_OK), 0);
	snprintf(mid, sizeof mid, "%s/lcx/ctr", root);
	assert_int_equal(access(mid, F_OK), 0);
	/* already enabled: nothing written */
	fake_file(root, "cgroup.subtree_control", "memory pids\n");
	g.path = "/lcy";
	assert_int_equal(g.drv->create(&g, &err), 0);
	fake_expect(root, "cgroup.subtree_control", "memory pids\n");
}

static void v2_refuses_what_only_v1_has(void **state)
{
	static const struct {
		const char *json;
		const char *field;
	} t[] = {
		{"{\"memory\": {\"swappiness\": 10}}", ".memory.swappiness"},
		{"{\"memory\": {\"kernel\": 10}}", ".memory.kernel"},
		{"{\"memory\": {\"kernelTCP\": 10}}", ".memory.kernelTCP"},
		{"{\"memory\": {\"disableOOMKiller\": true}}", ".memory.disableOOMKiller"},
		{"{\"cpu\": {\"realtimeRuntime\": 10}}", ".cpu.realtimeRuntime"},
		{"{\"cpu\": {\"realtimePeriod\": 10}}", ".cpu.realtimePeriod"},
		{"{\"blockIO\": {\"leafWeight\": 10}}", ".blockIO.leafWeight"},
		{"{\"network\": {\"classID\": 1}}", ".network.classID"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		char want[160];
		lc_resources r;
		lc_error err;
		cg_ctx g;

		memset(&g, 0, sizeof g);
		parse_res(t[i].json, &r);
		assert_int_equal(cg_v2_check(&g, &r, &err), LC_EUNSUPPORTED);
		snprintf(want, sizeof want,
			 ".linux.resources%s: not supported on this host's cgroup v2",
			 t[i].field);
		assert_msg(err.msg, want);
		lc_resources_clear(&r);
	}
}

#ifndef LC_NO_CGROUP_V1
/* A fake v1 host: one directory per hierarchy. */
static void fake_v1(cg_ctx *g, unsigned ctrls_missing)
{
	static const struct {
		const char *name;
		unsigned ctrl;
	} h[] = {
		{"cpu", CG_CPU},	 {"cpuset", CG_CPUSET}, {"memory", CG_MEMORY},
		{"devices", CG_DEVICES}, {"blkio", CG_BLKIO},	{"pids", CG_PIDS},
		{"hugetlb", CG_HUGETLB}, {"net_cls", CG_NET_CLS}, {"net_prio", CG_NET_PRIO},
		{"rdma", CG_RDMA},
	};
	size_t i;

	memset(g, 0, sizeof *g);
	g->drv = &cg_v1_driver;
	g->path = "/ctr";
	for (i = 0; i < sizeof h / sizeof h[0]; i++) {
		if (h[i].ctrl & ctrls_missing)
			continue;
		snprintf(g->h[g->n].mnt, sizeof g->h[g->n].mnt, "%s/v1/%s", fake, h[i].name);
		g->h[g->n].ctrls = h[i].ctrl;
		g->n++;
	}
}

static void v1_driver_writes_each_resource_to_its_file(void **state)
{
	static const char *const cpu[] = {"cpu.shares", "cpu.cfs_period_us", "cpu.cfs_quota_us",
					  "cpu.cfs_burst_us", "cpu.rt_period_us",
					  "cpu.rt_runtime_us", "cpu.idle", NULL};
	static const char *const mem[] = {"memory.limit_in_bytes", "memory.memsw.limit_in_bytes",
					  "memory.soft_limit_in_bytes", "memory.kmem.tcp.limit_in_bytes",
					  "memory.swappiness", "memory.oom_control",
					  "memory.use_hierarchy", NULL};
	static const char *const blk[] = {"blkio.weight", "blkio.leaf_weight",
					  "blkio.weight_device", "blkio.leaf_weight_device",
					  "blkio.throttle.read_bps_device",
					  "blkio.throttle.write_bps_device",
					  "blkio.throttle.read_iops_device",
					  "blkio.throttle.write_iops_device", NULL};
	static const char *const misc[] = {NULL};
	char d[512];
	lc_resources r;
	lc_error err;
	cg_ctx g;

	(void)state;
	fake_v1(&g, 0);
	snprintf(d, sizeof d, "%s/v1/cpu/ctr", fake);
	fake_tree("v1/cpu/ctr", cpu, d);
	fake_file(d, "cpu.shares", "1024"); /* read back after the write */
	snprintf(d, sizeof d, "%s/v1/memory/ctr", fake);
	fake_tree("v1/memory/ctr", mem, d);
	fake_file(d, "memory.limit_in_bytes", "0"); /* below the new memsw: memsw first */
	snprintf(d, sizeof d, "%s/v1/blkio/ctr", fake);
	fake_tree("v1/blkio/ctr", blk, d);
	snprintf(d, sizeof d, "%s/v1/cpuset/ctr", fake);
	fake_tree("v1/cpuset/ctr", misc, d);
	fake_file(d, "cpuset.cpus", "");
	fake_file(d, "cpuset.mems", "");
	snprintf(d, sizeof d, "%s/v1/pids/ctr", fake);
	fake_tree("v1/pids/ctr", misc, d);
	fake_file(d, "pids.max", "");
	snprintf(d, sizeof d, "%s/v1/hugetlb/ctr", fake);
	fake_tree("v1/hugetlb/ctr", misc, d);
	fake_file(d, "hugetlb.2MB.limit_in_bytes", "");
	fake_file(d, "hugetlb.1GB.limit_in_bytes", "");
	snprintf(d, sizeof d, "%s/v1/net_cls/ctr", fake);
	fake_tree("v1/net_cls/ctr", misc, d);
	fake_file(d, "net_cls.classid", "");
	snprintf(d, sizeof d, "%s/v1/net_prio/ctr", fake);
	fake_tree("v1/net_prio/ctr", misc, d);
	fake_file(d, "net_prio.ifpriomap", "");
	snprintf(d, sizeof d, "%s/v1/rdma/ctr", fake);
	fake_tree("v1/rdma/ctr", misc, d);
	fake_file(d, "rdma.max", "");
	snprintf(d, sizeof d, "%s/v1/devices/ctr", fake);
	fake_tree("v1/devices/ctr", misc, d);

	parse_res(full_resources, &r);
	r.cpu.shares = 1024; /* what the fake file reads back */
	cfg_free_keyvals(r.unified, r.n_unified); /* v2 only */
	r.unified = NULL;
	r.n_unified = 0;
	if (g.drv->set(&g, &r, NULL, &err) != 0)
		fail_msg("set: %s", err.msg);
	snprintf(d, sizeof d, "%s/v1/memory/ctr", fake);
	fake_expect(d, "memory.limit_in_bytes", "67108864");
	fake_expect(d, "memory.memsw.limit_in_bytes", "134217728");
	fake_expect(d, "memory.soft_limit_in_bytes", "33554432");
	fake_expect(d, "memory.kmem.tcp.limit_in_bytes", "1048576");
	fake_expect(d, "memory.swappiness", "30");
	fake_expect(d, "memory.oom_control", "1");
	fake_expect(d, "memory.use_hierarchy", "1");
	snprintf(d, sizeof d, "%s/v1/cpu/ctr", fake);
	fake_expect(d, "cpu.shares", "1024");
	fake_expect(d, "cpu.cfs_period_us", "100000");
	fake_expect(d, "cpu.cfs_quota_us", "50000");
	fake_expect(d, "cpu.cfs_burst_us", "1000");
	fake_expect(d, "cpu.rt_period_us", "1000000");
	fake_expect(d, "cpu.rt_runtime_us", "950");
	fake_expect(d, "cpu.idle", "1");
	snprintf(d, sizeof d, "%s/v1/cpuset/ctr", fake);
	fake_expect(d, "cpuset.cpus", "0-1");
	fake_expect(d, "cpuset.mems", "0");
	snprintf(d, sizeof d, "%s/v1/pids/ctr", fake);
	fake_expect(d, "pids.max", "20");
	snprintf(d, sizeof d, "%s/v1/blkio/ctr", fake);
	fake_expect(d, "blkio.weight", "500");
	fake_expect(d, "blkio.leaf_weight", "300");
	fake_expect(d, "blkio.weight_device", "8:0 600");
	fake_expect(d, "blkio.leaf_weight_device", "8:16 700");
	fake_expect(d, "blkio.throttle.read_bps_device", "8:0 1048576");
	fake_expect(d, "blkio.throttle.write_bps_device", "8:0 2097152");
	fake_expect(d, "blkio.throttle.read_iops_device", "8:0 100");
	fake_expect(d, "blkio.throttle.write_iops_device", "8:0 200");
	snprintf(d, sizeof d, "%s/v1/hugetlb/ctr", fake);
	fake_expect(d, "hugetlb.2MB.limit_in_bytes", "4194304");
	fake_expect(d, "hugetlb.1GB.limit_in_bytes", "0");
	snprintf(d, sizeof d, "%s/v1/net_cls/ctr", fake);
	fake_expect(d, "net_cls.classid", "1048577");
	snprintf(d, sizeof d, "%s/v1/net_prio/ctr", fake);
	fake_expect(d, "net_prio.ifpriomap", "eth0 5");
	snprintf(d, sizeof d, "%s/v1/rdma/ctr", fake);
	fake_expect(d, "rdma.max", "mlx5_1 hca_handle=3 hca_object=10000");
	lc_resources_clear(&r);
}

static void v1_refuses_unified_kernel_memory_and_missing_controllers(void **state)
{
	lc_resources r;
	lc_error err;
	cg_ctx g;

	(void)state;
	fake_v1(&g, CG_HUGETLB);
	parse_res("{\"unified\": {\"memory.high\": \"1\"}}", &r);
	assert_int_equal(cg_v1_check(&g, &r, &err), LC_EUNSUPPORTED);
	assert_msg(err.msg, ".linux.resources.unified: needs cgroup v2 (this host: cgroup v1)");
	lc_resources_clear(&r);
	parse_res("{\"memory\": {\"kernel\": 1}}", &r);
	assert_int_equal(cg_v1_check(&g, &r, &err), LC_EUNSUPPORTED);
	assert_msg_has(err.msg, ".linux.resources.memory.kernel: kernel memory limits are not");
	lc_resources_clear(&r);
	parse_res("{\"hugepageLimits\": [{\"pageSize\": \"2MB\", \"limit\": 1}]}", &r);
	assert_int_equal(cg_v1_check(&g, &r, &err), LC_EUNSUPPORTED);
	assert_msg(err.msg,
		   ".linux.resources.hugepageLimits: the hugetlb cgroup controller is not mounted");
	lc_resources_clear(&r);
	fake_v1(&g, CG_DEVICES);
	memset(&r, 0, sizeof r);
	assert_int_equal(cg_v1_check(&g, &r, &err), LC_EUNSUPPORTED);
	assert_msg(err.msg,
		   ".linux.resources.devices: the devices cgroup controller is not mounted");
}

/* devices.list is read back and must list what was written: each
** exception once, in any order; in allow-all mode "a *:* rwm" alone. */
static void v1_devices_list_must_say_what_was_written(void **state)
{
	static const char *const files[] = {"devices.allow", "devices.deny", NULL};
	static const lc_devrule deny_all = {0, 'a', -1, -1, "rwm"};
	static const lc_devrule allow_all[] = {{1, 'a', -1, -1, "rwm"}, {0, 'c', 99, 1, "w"}};
	static const char defaults[] = "c 10:200 rwm\nc *:* m\nb *:* m\nc 1:3 rwm\nc 1:8 rwm\n"
				       "c 1:7 rwm\nc 5:0 rwm\nc 1:5 rwm\nc 1:9 rwm\nc 5:2 rwm\n";
	static const struct {
		const char *tail; /* after defaults */
		const char *msg;
	} t[] = {
		{"c 136:* rwm\n", NULL},
		{"", ".linux.resources.devices: devices.list has 10 entries, the rules give 11"},
		{"c 136:* rwm\nc 1:3 rwm\n",
		 ".linux.resources.devices: devices.list has 12 entries, the rules give 11"},
		{"c 136:* rw\n", ".linux.resources.devices: the kernel's devices.list has "
				 "\"c 136:* rw\", which the rules do not give"},
		{"136:* rwm\n", ".linux.resources.devices: the kernel's devices.list has "
				"\"136:* rwm\", which the rules do not give"},
		{"a *:* rwm\n", ".linux.resources.devices: the kernel's devices.list has "
				"\"a *:* rwm\", which the rules do not give"},
	};
	char list[512];
	char d[512];
	cg_devstate st;
	lc_error err;
	cg_ctx g;
	size_t i;

	(void)state;
	fake_v1(&g, 0);
	snprintf(d, sizeof d, "%s/v1/devices/ctr", fake);
	fake_tree("v1/devices/ctr", files, d);
	assert_int_equal(cg_dev_build(&deny_all, 1, NULL, 0, &st, &err), 0);
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		snprintf(list, sizeof list, "%s%s", defaults, t[i].tail);
		fake_file(d, "devices.list", list);
		if (!t[i].msg) {
			if (cg_v1_devices(d, &st, &err) != 0)
				fail_msg("%s", err.msg);
			continue;
		}
		assert_int_equal(cg_v1_devices(d, &st, &err), LC_ESYS);
		assert_msg(err.msg, t[i].msg);
	}
	/* allow-all with a deny exception: the list says "a *:* rwm" only */
	assert_int_equal(cg_dev_build(allow_all, 2, NULL, 0, &st, &err), 0);
	assert_true(st.default_allow && st.n == 1);
	fake_file(d, "devices.list", "a *:* rwm\n");
	if (cg_v1_devices(d, &st, &err) != 0)
		fail_msg("%s", err.msg);
	fake_expect(d, "devices.deny", "c 99:1 w");
	fake_file(d, "devices.list", "a *:* rwm\nc 99:1 w\n");
	assert_int_equal(cg_v1_devices(d, &st, &err), LC_ESYS);
	assert_msg(err.msg, ".linux.resources.devices: the kernel's devices.list has \"c 99:1 w\", "
			    "which the rules do not give");
}

/* The v1 statistics files, read without sscanf: "MAJ:MIN Op Value" lines
** (the "Total N" line has no device and is skipped) and cpuacct.usage_all's
** "cpu user system" rows under a header. */
static void v1_stats_read_blkio_and_per_cpu_lines(void **state)
{
	static const char *const none[] = {NULL};
	lc_stats *st = calloc(1, sizeof *st);
	char d[512];
	lc_error err;
	cg_ctx g;

	(void)state;
	assert_non_null(st);
	memset(&g, 0, sizeof g);
	g.drv = &cg_v1_driver;
	g.path = "/ctr";
	snprintf(g.h[0].mnt, sizeof g.h[0].mnt, "%s/v1s/blkio", fake);
	g.h[0].ctrls = CG_BLKIO;
	snprintf(g.h[1].mnt, sizeof g.h[1].mnt, "%s/v1s/cpuacct", fake);
	g.h[1].ctrls = CG_CPUACCT;
	g.n = 2;
	snprintf(d, sizeof d, "%s/v1s/blkio/ctr", fake);
	fake_tree("v1s/blkio/ctr", none, d);
	fake_file(d, "blkio.io_service_bytes_recursive",
		  "8:0 Read 4096\n8:0 Write 512\n253:16 Discard 0\nTotal 4608\n");
	fake_file(d, "blkio.io_serviced_recursive", "");
	fake_file(d, "blkio.throttle.io_serviced_recursive", "8:16 Async 7\n");
	snprintf(d, sizeof d, "%s/v1s/cpuacct/ctr", fake);
	fake_tree("v1s/cpuacct/ctr", none, d);
	fake_file(d, "cpuacct.usage_all", "cpu user system\n0 100 20\n1 300 40\n");
	fake_file(d, "cpuacct.stat", "user 12\nsystem 3\n"); /* USER_HZ ticks */
	fake_file(d, "cpuacct.usage", "777\n");
	if (cg_stats(&g, st, &err) != 0)
		fail_msg("stats: %s", err.msg);
	assert_int_equal(st->n_io_service_bytes, 3);
	assert_int_equal(st->io_service_bytes[0].major, 8);
	assert_int_equal(st->io_service_bytes[0].minor, 0);
	assert_string_equal(st->io_service_bytes[0].op, "Read");
	assert_int_equal(st->io_service_bytes[0].value, 4096);
	assert_string_equal(st->io_service_bytes[1].op, "Write");
	assert_int_equal(st->io_service_bytes[1].value, 512);
	assert_int_equal(st->io_service_bytes[2].major, 253);
	assert_int_equal(st->io_service_bytes[2].minor, 16);
	assert_string_equal(st->io_service_bytes[2].op, "Discard");
	assert_int_equal(st->n_io_serviced, 1); /* from the throttling layer */
	assert_int_equal(st->io_serviced[0].minor, 16);
	assert_string_equal(st->io_serviced[0].op, "Async");
	assert_int_equal(st->io_serviced[0].value, 7);
	assert_int_equal(st->n_cpus, 2);
	assert_int_equal(st->cpu_percpu_user[1], 300);
	assert_int_equal(st->cpu_percpu_kernel[1], 40);
	assert_int_equal(st->cpu_percpu[0], 120);
	assert_int_equal(st->cpu_user, 120000000);  /* 12 ticks of 10 ms */
	assert_int_equal(st->cpu_kernel, 30000000);
	assert_int_equal(st->cpu_total, 777);
	free(st);
}
#endif

/* ---- the v2 driver on this host's cgroup2 mount (root only) ---- */

/* The cgroup2 mount to try things in: /sys/fs/cgroup on a v2 host, a
** hybrid host's unified/, or nothing. */
static int v2_available(void)
{
	struct statfs sf;

	if (geteuid() != 0)
		return 0;
	if (statfs("/sys/fs/cgroup", &sf) == 0 && (unsigned long)sf.f_type == CGROUP2_SUPER_MAGIC)
		snprintf(v2root, sizeof v2root, "/sys/fs/cgroup");
	else if (statfs("/sys/fs/cgroup/unified", &sf) == 0 &&
		 (unsigned long)sf.f_type == CGROUP2_SUPER_MAGIC)
		snprintf(v2root, sizeof v2root, "/sys/fs/cgroup/unified");
	else
		return 0;
	return 1;
}

#define NEED_V2()                                                                          \
	do {                                                                               \
		if (!v2_available()) {                                                     \
			print_message("      skipped: needs root and a cgroup2 mount\n");     \
			skip();                                                            \
		}                                                                          \
	} while (0)

/* Make g's cgroup.  On a hybrid host the cgroup2 root is the host's own:
** the driver's create would enable controllers in its subtree_control, so
** the test only makes the directories there. */
static void v2_make(cg_ctx *g)
{
	char dir[512];
	lc_error err;

	if (strcmp(v2root, "/sys/fs/cgroup") == 0) {
		if (g->drv->create(g, &err) != 0)
			fail_msg("create: %s", err.msg);
		return;
	}
	cg_v2_dir(g, dir, sizeof dir);
	assert_int_equal(path_mkdir_all(dir, 0755), 0);
}

/* A child parked in the cgroup; returns its pid. */
static pid_t park_child(cg_ctx *g)
{
	lc_error err;
	int p[2];
	char c;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		if (g->drv->enter(g, getpid(), &err) < 0)
			_exit(3);
		if (write(p[1], "x", 1) != 1)
			_exit(4);
		for (;;)
			pause();
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	return pid;
}

static void v2_driver_freezes_lists_and_removes_on_this_host(void **state)
{
	char path[320];
	pid_t pids[8];
	pid_t pid;
	lc_error err;
	cg_ctx g;
	int st;

	(void)state;
	NEED_V2();
	snprintf(path, sizeof path, "/lctest/unit-%d", (int)getpid());
	memset(&g, 0, sizeof g);
	g.drv = &cg_v2_driver;
	snprintf(g.root, sizeof g.root, "%s", v2root);
	g.path = path;
	v2_make(&g);
	pid = park_child(&g);
	{
		char dir[512];

		g.drv->procs(&g, dir, sizeof dir);
		assert_int_equal(cg_read_procs(dir, pids, 8, 0, 0), 1);
		assert_int_equal(pids[0], pid);
	}
	assert_int_equal(g.drv->frozen(&g), 0);
	if (g.drv->freeze(&g, 1, &err) != 0)
		fail_msg("freeze: %s", err.msg);
	assert_int_equal(g.drv->frozen(&g), 1);
	if (g.drv->freeze(&g, 0, &err) != 0)
		fail_msg("thaw: %s", err.msg);
	assert_int_equal(g.drv->frozen(&g), 0);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	if (g.drv->destroy(&g, &err) != 0)
		fail_msg("destroy: %s", err.msg);
	snprintf(path, sizeof path, "%s/lctest", v2root);
	rmdir(path);
}

/* Can a child in the cgroup open path (flags)?  0 or the errno. */
static int child_open(cg_ctx *g, const char *path, int flags)
{
	pid_t pid = fork();
	int st;

	assert_true(pid >= 0);
	if (pid == 0) {
		lc_error err;
		int fd;

		if (g->drv->enter(g, getpid(), &err) < 0)
			_exit(200);
		fd = open(path, flags | O_CLOEXEC);
		_exit(fd >= 0 ? 0 : errno);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_not_equal(WEXITSTATUS(st), 200);
	return WEXITSTATUS(st);
}

static int attached_programs(const char *dir)
{
	union bpf_attr a;
	uint32_t ids[8];
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	assert_true(fd >= 0);
	memset(&a, 0, sizeof a);
	a.query.target_fd = (uint32_t)fd;
	a.query.attach_type = BPF_CGROUP_DEVICE;
	a.query.prog_ids = (uint64_t)(uintptr_t)ids;
	a.query.prog_cnt = 8;
	assert_int_equal(sys_bpf(BPF_PROG_QUERY, &a, sizeof a), 0);
	close(fd);
	return (int)a.query.prog_cnt;
}

static void bpf_device_program_filters_opens_and_is_replaced(void **state)
{
	static const lc_devrule deny_all = {0, 'a', -1, -1, "rwm"};
	lc_devrule more[2] = {{0, 'a', -1, -1, "rwm"}, {1, 'c', 1, 11, "r"}};
	cg_devstate *st = malloc(sizeof *st);
	char path[320];
	char dir[512];
	lc_error err;
	cg_ctx g;

	(void)state;
	assert_non_null(st);
	if (!v2_available() || access("/dev/kmsg", R_OK) != 0) {
		free(st);
		print_message("      skipped: needs root, a cgroup2 mount and /dev/kmsg\n");
		skip();
	}
	snprintf(path, sizeof path, "/lctest/unit-bpf-%d", (int)getpid());
	memset(&g, 0, sizeof g);
	g.drv = &cg_v2_driver;
	snprintf(g.root, sizeof g.root, "%s", v2root);
	g.path = path;
	v2_make(&g);
	cg_v2_dir(&g, dir, sizeof dir);
	/* deny all + runc's defaults: /dev/null opens, /dev/kmsg (1:11) not */
	assert_int_equal(cg_dev_build(&deny_all, 1, NULL, 0, st, &err), 0);
	if (cg_v2_devices(dir, st, &err) != 0)
		fail_msg("install: %s", err.msg);
	assert_int_equal(attached_programs(dir), 1);
	assert_int_equal(child_open(&g, "/dev/null", O_RDWR), 0);
	assert_int_equal(child_open(&g, "/dev/kmsg", O_RDONLY), EPERM);
	/* a second program replaces the first: still one, and it lets a
	** read of 1:11 through, but not a write */
	assert_int_equal(cg_dev_build(more, 2, NULL, 0, st, &err), 0);
	if (cg_v2_devices(dir, st, &err) != 0)
		fail_msg("replace: %s", err.msg);
	assert_int_equal(attached_programs(dir), 1);
	assert_int_equal(child_open(&g, "/dev/kmsg", O_RDONLY), 0);
	assert_int_equal(child_open(&g, "/dev/kmsg", O_WRONLY), EPERM);
	assert_int_equal(child_open(&g, "/dev/zero", O_RDONLY), 0);
	free(st);
	if (g.drv->destroy(&g, &err) != 0)
		fail_msg("destroy: %s", err.msg);
	snprintf(path, sizeof path, "%s/lctest", v2root);
	rmdir(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resources_parser_reads_every_field),
		cmocka_unit_test(resources_parser_names_the_field_in_every_error),
		cmocka_unit_test(config_resources_errors_carry_the_linux_resources_path),
		cmocka_unit_test(resources_round_trip_through_json),
		cmocka_unit_test(resources_merge_replaces_what_the_update_sets),
		cmocka_unit_test(resources_fail_cleanly_on_every_allocation_failure),
		cmocka_unit_test(cpu_shares_convert_to_weight_as_runc_does),
		cmocka_unit_test(blkio_weight_converts_to_io_weight_linearly),
		cmocka_unit_test(swap_converts_to_swap_max_minus_the_limit),
		cmocka_unit_test(pids_limit_texts_follow_runc),
		cmocka_unit_test(devices_deny_all_keeps_runc_defaults),
		cmocka_unit_test(devices_rules_replay_like_the_v1_controller),
		cmocka_unit_test(bpf_program_for_an_allow_list_is_exact),
		cmocka_unit_test(bpf_program_for_a_deny_list_denies_any_overlap),
		cmocka_unit_test(stats_json_has_runcs_shape),
		cmocka_unit_test(v2_driver_writes_each_resource_to_its_file),
		cmocka_unit_test(v2_create_enables_controllers_above_the_leaf),
		cmocka_unit_test(v2_refuses_what_only_v1_has),
		cmocka_unit_test(v2_stats_read_io_stat_and_hugepage_sizes),
#ifndef LC_NO_CGROUP_V1
		cmocka_unit_test(v1_driver_writes_each_resource_to_its_file),
		cmocka_unit_test(v1_refuses_unified_kernel_memory_and_missing_controllers),
		cmocka_unit_test(v1_devices_list_must_say_what_was_written),
		cmocka_unit_test(v1_stats_read_blkio_and_per_cpu_lines),
#endif
		cmocka_unit_test(v2_driver_freezes_lists_and_removes_on_this_host),
		cmocka_unit_test(bpf_device_program_filters_opens_and_is_replaced),
	};

	return cmocka_run_group_tests(tests, fake_setup, fake_teardown);
}
