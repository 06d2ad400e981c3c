/*
** test_config.c: OCI config.json -> lc_config (@@ 6), container IDs, and
** the deep copy.  White-box: includes lc.c, with an allocator hook that
** can fail the Nth allocation so every ENOMEM path is walked.
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

/* Messages are compared only when the build has them (not LC_NO_ERRMSG). */
#ifdef LC_NO_ERRMSG
#define MSG_EQ(got, want) 1
#define assert_msg(got, want) ((void)(got), (void)(want))
#else
#define MSG_EQ(got, want) (strcmp((got), (want)) == 0)
#define assert_msg(got, want) assert_string_equal(got, want)
#endif

/* The hooks of full_config; a build without hooks (LC_NO_HOOKS) refuses
** any, so there full_config has none. */
#ifdef LC_NO_HOOKS
#define FULL_HOOKS ""
#else
#define FULL_HOOKS \
	",\n" \
	"  \"hooks\": {\n" \
	"    \"prestart\": [{\"path\": \"/usr/bin/fix-mounts\", \"args\": [\"fix-mounts\", \"a1\"],\n" \
	"                  \"env\": [\"key1=value1\"]}, {\"path\": \"/usr/bin/net\"}],\n" \
	"    \"createRuntime\": [{\"path\": \"/cr\", \"args\": []}],\n" \
	"    \"createContainer\": [{\"path\": \"/cc\", \"timeout\": 7}],\n" \
	"    \"startContainer\": [{\"path\": \"/sbin/ldconfig\"}],\n" \
	"    \"poststart\": null,\n" \
	"    \"poststop\": [{\"path\": \"/ps\", \"env\": []}],\n" \
	"    \"futureKind\": [{\"whatever\": 1}]\n" \
	"  }"
#endif

static const char full_config[] =
	"{\n"
	"  \"ociVersion\": \"1.2.0\",\n"
	"  \"root\": {\"path\": \"rootfs\", \"readonly\": true},\n"
	"  \"process\": {\n"
	"    \"terminal\": false,\n"
	"    \"user\": {\"uid\": 1000, \"gid\": 4294967295, \"umask\": 63,\n"
	"             \"additionalGids\": [5, 6, 7]},\n"
	"    \"args\": [\"sh\", \"-c\", \"echo \\u00e9\"],\n"
	"    \"env\": [\"PATH=/bin\", \"TERM=xterm\"],\n"
	"    \"cwd\": \"/work\",\n"
	"    \"capabilities\": {\n"
	"      \"bounding\": [\"CAP_CHOWN\", \"CAP_KILL\"],\n"
	"      \"effective\": [\"CAP_KILL\"],\n"
	"      \"permitted\": [\"CAP_KILL\", \"CAP_CHECKPOINT_RESTORE\"],\n"
	"      \"inheritable\": [],\n"
	"      \"ambient\": [\"CAP_KILL\"]\n"
	"    },\n"
	"    \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"hard\": 2048, \"soft\": 1024},\n"
	"                {\"type\": \"RLIMIT_CORE\", \"hard\": 18446744073709551615,\n"
	"                 \"soft\": 0}],\n"
	"    \"noNewPrivileges\": true,\n"
	"    \"oomScoreAdj\": -17,\n"
	"    \"futureField\": {\"ignored\": [1, 2, 3]}\n"
	"  },\n"
	"  \"hostname\": \"box\",\n"
	"  \"domainname\": \"example.org\",\n"
	"  \"mounts\": [\n"
	"    {\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},\n"
	"    {\"destination\": \"/data\", \"type\": \"bind\", \"source\": \"/srv/data\",\n"
	"     \"options\": [\"rbind\", \"ro\", \"nosuid\", \"rslave\"]},\n"
	"    {\"destination\": \"/tmp\", \"type\": \"tmpfs\", \"source\": \"tmpfs\",\n"
	"     \"options\": [\"nodev\", \"size=64k\", \"mode=1777\", \"rw\", \"noexec\", \"exec\"]}\n"
	"  ],\n"
	"  \"linux\": {\n"
	"    \"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"network\", \"path\": \"/run/netns/x\"},\n"
	"                   {\"type\": \"mount\"}, {\"type\": \"uts\"}, {\"type\": \"ipc\"},\n"
	"                   {\"type\": \"cgroup\"}],\n"
	"    \"maskedPaths\": [\"/proc/kcore\", \"/proc/keys\"],\n"
	"    \"readonlyPaths\": [\"/proc/sys\"],\n"
	"    \"devices\": [{\"path\": \"/dev/fuse\", \"type\": \"c\", \"major\": 10, \"minor\": 229,\n"
	"                 \"fileMode\": 438, \"uid\": 0, \"gid\": 0}],\n"
	"    \"sysctl\": {\"net.ipv4.ip_forward\": \"1\", \"kernel.msgmax\": \"8192\"},\n"
	"    \"rootfsPropagation\": \"rslave\",\n"
	"    \"cgroupsPath\": \"/lctest/full\",\n"
	"    \"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"}]}\n"
	"  },\n"
	"  \"annotations\": {\"org.example.a\": \"1\", \"org.example.b\": \"two\",\n"
	"                  \"org.example.a\": \"last\"}"
	FULL_HOOKS
	"\n}\n";

static lc_config *parse_ok(const char *json)
{
	lc_config *cfg = NULL;
	lc_error err;

	memset(&err, 0, sizeof err);
	if (lc_config_from_oci(json, strlen(json), "/bundle", &cfg, &err) != 0)
		fail_msg("unexpected error: %s", err.msg);
	return cfg;
}

static void config_converts_every_field_of_a_full_sample(void **state)
{
	lc_config *cfg = parse_ok(full_config);
	const lc_process *p = &cfg->process;

	(void)state;
	assert_string_equal(cfg->oci_version, "1.2.0");
	assert_string_equal(cfg->rootfs, "/bundle/rootfs");
	assert_string_equal(cfg->bundle, "/bundle");
	assert_int_equal(cfg->rootfs_readonly, 1);
	/* process */
	assert_int_equal(p->terminal, 0);
	assert_int_equal(p->uid, 1000);
	assert_int_equal(p->gid, 4294967295u);
	assert_int_equal(p->umask, 63);
	assert_int_equal(p->n_groups, 3);
	assert_int_equal(p->groups[0], 5);
	assert_int_equal(p->groups[2], 7);
	assert_string_equal(p->args[0], "sh");
	assert_string_equal(p->args[2], "echo \xc3\xa9");
	assert_null(p->args[3]);
	assert_string_equal(p->env[1], "TERM=xterm");
	assert_null(p->env[2]);
	assert_string_equal(p->cwd, "/work");
	assert_int_equal(p->has_caps, 1);
	assert_int_equal(p->caps.bounding, (1ULL << 0) | (1ULL << 5));
	assert_int_equal(p->caps.effective, 1ULL << 5);
	assert_int_equal(p->caps.permitted, (1ULL << 5) | (1ULL << 40));
	assert_int_equal(p->caps.inheritable, 0);
	assert_int_equal(p->caps.ambient, 1ULL << 5);
	assert_int_equal(p->n_rlimits, 2);
	assert_int_equal(p->rlimits[0].resource, RLIMIT_NOFILE);
	assert_int_equal(p->rlimits[0].soft, 1024);
	assert_int_equal(p->rlimits[0].hard, 2048);
	assert_int_equal(p->rlimits[1].resource, RLIMIT_CORE);
	assert_true(p->rlimits[1].hard == UINT64_MAX);
	assert_int_equal(p->no_new_privs, 1);
	assert_int_equal(p->has_oom_score_adj, 1);
	assert_int_equal(p->oom_score_adj, -17);
	assert_int_equal(p->stdio[0], -1);
	/* names */
	assert_string_equal(cfg->hostname, "box");
	assert_string_equal(cfg->domainname, "example.org");
	/* mounts */
	assert_int_equal(cfg->n_mounts, 3);
	assert_string_equal(cfg->mounts[0].destination, "/proc");
	assert_string_equal(cfg->mounts[0].type, "proc");
	assert_int_equal(cfg->mounts[0].flags, 0);
	assert_null(cfg->mounts[0].data);
	assert_string_equal(cfg->mounts[1].source, "/srv/data");
	assert_int_equal(cfg->mounts[1].flags, MS_BIND | MS_REC | MS_RDONLY | MS_NOSUID);
	assert_int_equal(cfg->mounts[1].propagation, MS_SLAVE | MS_REC);
	assert_int_equal(cfg->mounts[2].flags, MS_NODEV);
	assert_int_equal(cfg->mounts[2].clear, MS_RDONLY | MS_NOEXEC);
	assert_string_equal(cfg->mounts[2].data, "size=64k,mode=1777");
	/* namespaces */
	assert_int_equal(cfg->namespaces, LC_NS_PID | LC_NS_NET | LC_NS_MNT | LC_NS_UTS |
						  LC_NS_IPC | LC_NS_CGROUP);
	assert_int_equal(cfg->n_ns, 6);
	assert_int_equal(cfg->ns[1].type, LC_NS_NET);
	assert_string_equal(cfg->ns[1].path, "/run/netns/x");
	assert_null(cfg->ns[0].path);
	assert_int_equal(ns_clone_flags(cfg), CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS |
						      CLONE_NEWIPC);
	/* linux */
	assert_int_equal(cfg->n_masked_paths, 2);
	assert_string_equal(cfg->masked_paths[1], "/proc/keys");
	assert_int_equal(cfg->n_readonly_paths, 1);
	assert_string_equal(cfg->readonly_paths[0], "/proc/sys");
	assert_int_equal(cfg->n_devices, 1);
	assert_string_equal(cfg->devices[0].path, "/dev/fuse");
	assert_int_equal(cfg->devices[0].type, 'c');
	assert_int_equal(cfg->devices[0].major, 10);
	assert_int_equal(cfg->devices[0].minor, 229);
	assert_int_equal(cfg->devices[0].file_mode, 0666);
	assert_int_equal(cfg->n_sysctl, 2);
	assert_string_equal(cfg->sysctl[0].key, "net.ipv4.ip_forward");
	assert_string_equal(cfg->sysctl[0].value, "1");
	assert_int_equal(cfg->rootfs_propagation, MS_SLAVE | MS_REC);
	assert_string_equal(cfg->cgroups_path, "/lctest/full");
	/* annotations: duplicate key, the last one wins */
	assert_int_equal(cfg->n_annotations, 2);
	assert_string_equal(cfg->annotations[0].key, "org.example.b");
	assert_string_equal(cfg->annotations[1].key, "org.example.a");
	assert_string_equal(cfg->annotations[1].value, "last");
	lc_config_free(cfg);
}

static void config_keeps_an_absolute_root_path_and_defaults(void **state)
{
	lc_config *cfg = parse_ok("{\"root\":{\"path\":\"/abs/root\"},"
				  "\"process\":{\"args\":[\"true\"]}}");

	(void)state;
	assert_string_equal(cfg->rootfs, "/abs/root");
	assert_int_equal(cfg->process.umask, 022);
	assert_int_equal(cfg->process.has_caps, 0);
	assert_int_equal(cfg->process.no_new_privs, 0);
	assert_null(cfg->process.env);
	assert_null(cfg->hostname);
	assert_int_equal(cfg->n_mounts, 0);
	lc_config_free(cfg);
}

/* Each bad document and the exact message it must give. */
static const struct {
	const char *json;
	int code;
	const char *msg;
} bad_configs[] = {
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},\"hostname\":5}", LC_ECONFIG,
	 ".hostname: expected string, got number (line 1, column 59)"},
	{"{\"process\":{\"args\":[\"sh\"]}}", LC_ECONFIG, ".root: required"},
	{"{\"root\":{\"path\":\"r\"}}", LC_ECONFIG, ".process: required"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[]}}", LC_ECONFIG,
	 ".process.args: required: at least one argument (line 1, column 40)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\", 3]}}", LC_ECONFIG,
	 ".process.args[1]: expected string, got number (line 1, column 47)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],\"cwd\":\"rel\"}}", LC_ECONFIG,
	 ".process.cwd: must be an absolute path, not \"rel\" (line 1, column 53)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],\"user\":{\"uid\":-1}}}",
	 LC_ECONFIG, ".process.user.uid: -1 out of range [0, 4294967295] (line 1, column 61)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],\"user\":{\"uid\":4294967296}}}",
	 LC_ECONFIG,
	 ".process.user.uid: 4294967296 out of range [0, 4294967295] (line 1, column 61)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],\"user\":{\"gid\":1.5}}}",
	 LC_ECONFIG, ".process.user.gid: expected an integer (line 1, column 61)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"capabilities\":{\"bounding\":[\"CAP_FLY\"]}}}",
	 LC_ECONFIG,
	 ".process.capabilities.bounding[0]: unknown capability \"CAP_FLY\" (line 1, column 75)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"rlimits\":[{\"type\":\"RLIMIT_FOO\",\"soft\":1,\"hard\":1}]}}",
	 LC_ECONFIG, ".process.rlimits[0].type: unknown rlimit type (line 1, column 66)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"soft\":2,\"hard\":1}]}}",
	 LC_ECONFIG, ".process.rlimits[0]: soft limit above hard limit (line 1, column 58)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],\"oomScoreAdj\":1001}}",
	 LC_ECONFIG, ".process.oomScoreAdj: 1001 out of range [-1000, 1000] (line 1, column 61)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"mounts\":[{\"destination\":\"relative/path\",\"type\":\"tmpfs\"}]}",
	 LC_ECONFIG, ".mounts[0].destination: must be an absolute path, not \"relative/path\" (line 1, column 73)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"mounts\":[{\"destination\":\"/x\",\"type\":\"bind\"}]}",
	 LC_ECONFIG, ".mounts[0].source: required for a bind mount (line 1, column 58)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"mounts\":[{\"destination\":\"/x\",\"type\":\"tmpfs\",\"options\":[\"a,b\"]}]}",
	 LC_ECONFIG, ".mounts[0].options[0]: invalid mount option (line 1, column 104)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"pdi\"}]}}",
	 LC_ECONFIG, ".linux.namespaces[1].type: unknown namespace type (line 1, column 94)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"pid\"}]}}",
	 LC_ECONFIG, ".linux.namespaces[1].type: duplicate namespace type (line 1, column 94)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"linux\":{\"namespaces\":[{\"type\":\"network\",\"path\":\"netns\"}]}}",
	 LC_ECONFIG, ".linux.namespaces[0].path: must be an absolute path, not \"netns\" (line 1, column 96)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"linux\":{\"rootfsPropagation\":\"sideways\"}}",
	 LC_ECONFIG, ".linux.rootfsPropagation: unknown propagation (line 1, column 77)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"linux\":{\"devices\":[{\"path\":\"/dev/x\",\"type\":\"q\",\"major\":1,\"minor\":1}]}}",
	 LC_ECONFIG, ".linux.devices[0].type: must be one of c, b, u, p (line 1, column 92)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"linux\":{\"sysctl\":{\"kernel.x\":1}}}",
	 LC_ECONFIG, ".linux.sysctl[\"kernel.x\"]: expected string, got number (line 1, column 78)"},
#ifdef LC_NO_SECCOMP
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\"}}}",
	 LC_EUNSUPPORTED, ".linux.seccomp: seccomp is not supported: built with LC_NO_SECCOMP"},
#else
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_NONE\"}}}",
	 LC_ECONFIG,
	 ".linux.seccomp.defaultAction: unknown action \"SCMP_ACT_NONE\" (line 1, column 84)"},
#endif
#ifndef LC_NO_USERNS /* else the maps are not read, and create refuses them */
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"linux\":{\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":0}]}}",
	 LC_ECONFIG, ".linux.uidMappings[0].size: must be at least 1"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"linux\":{\"gidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":10},"
	 "{\"containerID\":5,\"hostID\":5000,\"size\":1}]}}",
	 LC_ECONFIG, ".linux.gidMappings[1] overlaps .linux.gidMappings[0] (containerID)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"linux\":{\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":10},"
	 "{\"containerID\":10,\"hostID\":1009,\"size\":1}]}}",
	 LC_ECONFIG, ".linux.uidMappings[1] overlaps .linux.uidMappings[0] (hostID)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"linux\":{\"uidMappings\":[{\"containerID\":4294967295,\"hostID\":0,\"size\":2}]}}",
	 LC_ECONFIG, ".linux.uidMappings[0]: range goes past id 4294967295"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"linux\":{\"uidMappings\":[{\"containerID\":0,\"size\":1}]}}",
	 LC_ECONFIG, ".linux.uidMappings[0].hostID: required (line 1, column 72)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"linux\":{\"uidMappings\":[{\"containerID\":0,\"hostID\":-1,\"size\":1}]}}",
	 LC_ECONFIG, ".linux.uidMappings[0].hostID: -1 out of range [0, 4294967295] (line 1, column 98)"},
#endif
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"mounts\":[{\"destination\":\"/m\",\"type\":\"tmpfs\","
	 "\"uidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":1}],"
	 "\"gidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":1}]}]}",
	 LC_ECONFIG, ".mounts[0].uidMappings: only bind mounts can be idmapped (line 1, column 58)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"mounts\":[{\"destination\":\"/m\",\"type\":\"bind\",\"source\":\"/s\","
	 "\"uidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":1}]}]}",
	 LC_ECONFIG,
	 ".mounts[0]: an idmapped mount needs both uidMappings and gidMappings (line 1, column 58)"},
	/* an explicit null is an error where the member is a number that has no "unset" */
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],\"user\":{\"uid\":null}}}",
	 LC_ECONFIG, ".process.user.uid: expected number, got null (line 1, column 61)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],\"rlimits\":[{\"type\":"
	 "\"RLIMIT_NOFILE\",\"soft\":null,\"hard\":1}]}}",
	 LC_ECONFIG, ".process.rlimits[0].soft: expected number, got null (line 1, column 89)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},\"linux\":{\"devices\":[{\"path\":"
	 "\"/dev/x\",\"type\":\"c\",\"major\":1,\"minor\":1,\"fileMode\":null,\"uid\":null}]}}",
	 LC_ECONFIG, ".linux.devices[0].uid: expected number, got null (line 1, column 138)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"linux\":{\"resources\":{\"memory\":{\"limit\":\"x\"}}}}",
	 LC_ECONFIG,
	 ".linux.resources.memory.limit: expected number, got string (line 1, column 88)"},
#ifdef LC_NO_HOOKS
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"hooks\":{\"poststop\":[{\"path\":\"/a\"}]}}",
	 LC_EUNSUPPORTED, ".hooks.poststop: hooks are not supported: built with LC_NO_HOOKS"},
#else
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"hooks\":{\"prestart\":[{\"path\":\"true\"}]}}",
	 LC_ECONFIG, ".hooks.prestart[0].path: must be an absolute path, not \"true\" (line 1, column 77)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"hooks\":{\"poststop\":[{\"path\":\"/a\"},{\"args\":[\"x\"]}]}}",
	 LC_ECONFIG, ".hooks.poststop[1].path: required (line 1, column 83)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"hooks\":{\"createContainer\":[{\"path\":\"/a\",\"timeout\":0}]}}",
	 LC_ECONFIG, ".hooks.createContainer[0].timeout: must be greater than zero (line 1, column 99)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"hooks\":{\"startContainer\":[{\"path\":\"/a\",\"args\":[\"a\",1]}]}}",
	 LC_ECONFIG, ".hooks.startContainer[0].args[1]: expected string, got number (line 1, column 100)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"hooks\":{\"poststart\":{\"path\":\"/a\"}}}",
	 LC_ECONFIG, ".hooks.poststart: expected array, got object (line 1, column 69)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"hooks\":[]}",
	 LC_ECONFIG, ".hooks: expected object, got array (line 1, column 56)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},"
	 "\"hooks\":{\"createRuntime\":[{\"path\":\"/a\",\"timeout\":1.5}]}}",
	 LC_ECONFIG, ".hooks.createRuntime[0].timeout: expected an integer (line 1, column 97)"},
#endif
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],\"terminal\":true,"
	 "\"consoleSize\":{\"height\":-1}}}",
	 LC_ECONFIG,
	 ".process.consoleSize.height: -1 out of range [0, 65535] (line 1, column 87)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"execCPUAffinity\":{\"initial\":\"1-0\"}}}",
	 LC_ECONFIG, ".process.execCPUAffinity.initial: \"1-0\": a range runs backwards"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"execCPUAffinity\":{\"final\":\"0,,1\"}}}",
	 LC_ECONFIG, ".process.execCPUAffinity.final: \"0,,1\": expected a CPU list such as \"0-3,7\""},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"execCPUAffinity\":{\"final\":\"2-1024\"}}}",
	 LC_ECONFIG, ".process.execCPUAffinity.final: \"2-1024\": CPU numbers go up to 1023"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"execCPUAffinity\":{\"initial\":3}}}",
	 LC_ECONFIG, ".process.execCPUAffinity.initial: expected string, got number (line 1, column 76)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"execCPUAffinity\":{\"final\":\"0-\"}}}",
	 LC_ECONFIG, ".process.execCPUAffinity.final: \"0-\": expected a CPU list such as \"0-3,7\""},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"scheduler\":{\"policy\":\"SCHED_FAST\"}}}",
	 LC_ECONFIG, ".process.scheduler.policy: unknown policy \"SCHED_FAST\" (line 1, column 69)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"scheduler\":{\"nice\":1}}}",
	 LC_ECONFIG, ".process.scheduler.policy: required (line 1, column 59)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"scheduler\":{\"policy\":\"SCHED_OTHER\",\"nice\":20}}}",
	 LC_ECONFIG, ".process.scheduler.nice: 20 out of range [-20, 19] (line 1, column 90)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"scheduler\":{\"policy\":\"SCHED_BATCH\",\"priority\":5}}}",
	 LC_ECONFIG, ".process.scheduler.priority: only SCHED_FIFO and SCHED_RR take one (SCHED_BATCH has none)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"scheduler\":{\"policy\":\"SCHED_FIFO\"}}}",
	 LC_ECONFIG, ".process.scheduler.priority: SCHED_FIFO needs a priority in [1, 99], not 0"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"scheduler\":{\"policy\":\"SCHED_ISO\"}}}",
	 LC_EUNSUPPORTED, ".process.scheduler.policy: SCHED_ISO is not implemented by Linux"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"scheduler\":{\"policy\":\"SCHED_IDLE\",\"runtime\":5000}}}",
	 LC_ECONFIG, ".process.scheduler: runtime, deadline and period are for SCHED_DEADLINE only (not SCHED_IDLE)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"scheduler\":{\"policy\":\"SCHED_DEADLINE\",\"runtime\":5000,\"deadline\":4000}}}",
	 LC_ECONFIG, ".process.scheduler: SCHED_DEADLINE needs 1024 <= runtime <= deadline <= period (ns; period 0 means deadline)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"scheduler\":{\"policy\":\"SCHED_OTHER\",\"flags\":[\"SCHED_FLAG_FAST\"]}}}",
	 LC_ECONFIG, ".process.scheduler.flags[0]: unknown flag \"SCHED_FLAG_FAST\" (line 1, column 92)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"ioPriority\":{\"class\":\"IOPRIO_CLASS_NONE\",\"priority\":1}}}",
	 LC_ECONFIG, ".process.ioPriority.class: unknown class \"IOPRIO_CLASS_NONE\" (line 1, column 69)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"ioPriority\":{\"class\":\"IOPRIO_CLASS_BE\",\"priority\":8}}}",
	 LC_ECONFIG, ".process.ioPriority.priority: 8 out of range [0, 7] (line 1, column 98)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],"
	 "\"ioPriority\":{\"priority\":1}}}",
	 LC_ECONFIG, ".process.ioPriority.class: required (line 1, column 60)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},\"linux\":{"
	 "\"personality\":{\"domain\":\"LINUX64\"}}}",
	 LC_ECONFIG, ".linux.personality.domain: unknown domain \"LINUX64\" (line 1, column 81)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},\"linux\":{"
	 "\"personality\":{\"domain\":\"LINUX\",\"flags\":[\"ADDR_NO_RANDOMIZE\",\"FAST\"]}}}",
	 LC_ECONFIG, ".linux.personality.flags[1]: unknown flag \"FAST\" (line 1, column 118)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},\"linux\":{"
	 "\"timeOffsets\":{\"realtime\":{\"secs\":1}}}}",
	 LC_ECONFIG, ".linux.timeOffsets.realtime: unknown clock (the kernel offsets \"monotonic\" and \"boottime\") (line 1, column 83)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},\"linux\":{"
	 "\"timeOffsets\":{\"boottime\":{\"secs\":1,\"nanosecs\":1000000000}}}}",
	 LC_ECONFIG, ".linux.timeOffsets.boottime.nanosecs: 1000000000 out of range [0, 999999999] (line 1, column 104)"},
	{"{\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"]},\"linux\":{"
	 "\"intelRdt\":{\"closID\":\"x\"}}}",
	 LC_EUNSUPPORTED, ".linux.intelRdt: not supported by this build of lc yet"},
	{"[1]", LC_ECONFIG, ".: expected object, got array (line 1, column 1)"},
	{"{\"root\":", LC_ECONFIG, "config.json: 1:9: unexpected end of input at .root"},
};

static void config_rejects_bad_values_naming_the_field(void **state)
{
	size_t i;
	int failures = 0;

	(void)state;
	for (i = 0; i < sizeof bad_configs / sizeof bad_configs[0]; i++) {
		lc_config *cfg = (lc_config *)1;
		lc_error err;
		int rc;

		memset(&err, 0, sizeof err);
		rc = lc_config_from_oci(bad_configs[i].json, strlen(bad_configs[i].json), "/b",
					&cfg, &err);
		if (rc != bad_configs[i].code || !MSG_EQ(err.msg, bad_configs[i].msg) ||
		    err.code != rc || cfg != NULL) {
			print_error("case %zu: got %d \"%s\", want %d \"%s\"\n", i, rc, err.msg,
				    bad_configs[i].code, bad_configs[i].msg);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* Parse and copy the full sample; 0 or the first error. */
static int parse_and_copy(void *arg)
{
	lc_config *cfg = NULL;
	lc_config *copy = NULL;
	lc_error err;
	int rc;

	(void)arg;
	rc = lc_config_from_oci(full_config, strlen(full_config), "/bundle", &cfg, &err);
	if (rc == 0)
		rc = cfg_dup(cfg, &copy) == 0 ? 0 : LC_ENOMEM;
	lc_config_free(copy);
	lc_config_free(cfg);
	return rc;
}

static void config_fails_cleanly_on_every_allocation_failure(void **state)
{
	(void)state;
	assert_true(fail_each_allocation(parse_and_copy, NULL) > 50);
}

#ifndef LC_NO_HOOKS
static void config_parses_hooks_of_every_kind(void **state)
{
	lc_config *cfg = parse_ok(full_config);
	const lc_hook *h;

	(void)state;
	assert_int_equal(cfg->n_hooks[LC_HOOK_PRESTART], 2);
	h = &cfg->hooks[LC_HOOK_PRESTART][0];
	assert_string_equal(h->path, "/usr/bin/fix-mounts");
	assert_string_equal(h->args[0], "fix-mounts");
	assert_string_equal(h->args[1], "a1");
	assert_null(h->args[2]);
	assert_string_equal(h->env[0], "key1=value1");
	assert_null(h->env[1]);
	assert_int_equal(h->timeout, 0);
	h = &cfg->hooks[LC_HOOK_PRESTART][1];
	assert_string_equal(h->path, "/usr/bin/net");
	assert_null(h->args);
	assert_null(h->env);
	/* "args": [] is no argv at all: the hook gets {path} */
	assert_int_equal(cfg->n_hooks[LC_HOOK_CREATE_RUNTIME], 1);
	assert_null(cfg->hooks[LC_HOOK_CREATE_RUNTIME][0].args);
	assert_int_equal(cfg->hooks[LC_HOOK_CREATE_CONTAINER][0].timeout, 7);
	assert_string_equal(cfg->hooks[LC_HOOK_START_CONTAINER][0].path, "/sbin/ldconfig");
	assert_int_equal(cfg->n_hooks[LC_HOOK_POSTSTART], 0);
	assert_null(cfg->hooks[LC_HOOK_POSTSTART]);
	/* "env": [] is an empty environment, not "not given" */
	assert_non_null(cfg->hooks[LC_HOOK_POSTSTOP][0].env);
	assert_null(cfg->hooks[LC_HOOK_POSTSTOP][0].env[0]);
	lc_config_free(cfg);
}
#endif

static void config_copy_is_deep_and_equal(void **state)
{
	lc_config *cfg = parse_ok(full_config);
	lc_config *copy = NULL;

	(void)state;
	assert_int_equal(cfg_dup(cfg, &copy), 0);
	assert_ptr_not_equal(copy->process.args, cfg->process.args);
	assert_ptr_not_equal(copy->process.args[0], cfg->process.args[0]);
	assert_string_equal(copy->process.args[2], cfg->process.args[2]);
	assert_ptr_not_equal(copy->mounts[1].source, cfg->mounts[1].source);
	assert_string_equal(copy->mounts[2].data, "size=64k,mode=1777");
	assert_string_equal(copy->ns[1].path, "/run/netns/x");
	assert_string_equal(copy->devices[0].path, "/dev/fuse");
	assert_string_equal(copy->sysctl[1].value, "8192");
	assert_string_equal(copy->annotations[1].value, "last");
	assert_int_equal(copy->process.groups[1], 6);
	assert_int_equal(copy->process.rlimits[0].hard, 2048);
#ifndef LC_NO_HOOKS
	assert_int_equal(copy->n_hooks[LC_HOOK_PRESTART], 2);
	assert_ptr_not_equal(copy->hooks[LC_HOOK_PRESTART], cfg->hooks[LC_HOOK_PRESTART]);
	assert_ptr_not_equal(copy->hooks[LC_HOOK_PRESTART][0].args[1],
			     cfg->hooks[LC_HOOK_PRESTART][0].args[1]);
#endif
	lc_config_free(cfg); /* the copy must not depend on it */
#ifndef LC_NO_HOOKS
	assert_string_equal(copy->hooks[LC_HOOK_PRESTART][0].args[1], "a1");
	assert_string_equal(copy->hooks[LC_HOOK_PRESTART][0].env[0], "key1=value1");
	assert_int_equal(copy->hooks[LC_HOOK_CREATE_CONTAINER][0].timeout, 7);
#endif
	assert_string_equal(copy->readonly_paths[0], "/proc/sys");
	lc_config_free(copy);
}

static void process_json_parses_alone_and_copies_deep(void **state)
{
	static const char json[] = "{\"args\": [\"sh\", \"-c\", \"true\"], \"cwd\": \"/x\","
				   " \"env\": [\"A=1\"], \"user\": {\"uid\": 7, \"gid\": 8},"
				   " \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1, \"hard\": 2}]}";
	lc_process *p = NULL;
	lc_process *q = NULL;
	lc_config *cfg;
	lc_error err;

	(void)state;
	assert_int_equal(lc_process_from_oci(json, strlen(json), &p, &err), 0);
	assert_string_equal(p->args[2], "true");
	assert_string_equal(p->cwd, "/x");
	assert_int_equal(p->uid, 7);
	assert_int_equal(p->umask, 022);
	assert_int_equal(p->stdio[2], -1);
	assert_int_equal(lc_process_dup(p, &q, &err), 0);
	lc_process_free(p);
	assert_string_equal(q->env[0], "A=1");
	assert_int_equal(q->rlimits[0].hard, 2);
	lc_process_free(q);
	assert_int_equal(lc_process_from_oci("{\"args\": 1}", 11, &p, &err), LC_ECONFIG);
	assert_msg(err.msg, ".process.args: expected array, got number (line 1, column 10)");
	assert_null(p);
	/* the config keeps its own text, for the state directory */
	cfg = parse_ok(full_config);
	assert_int_equal(cfg->oci_json_len, strlen(full_config));
	assert_memory_equal(cfg->oci_json, full_config, cfg->oci_json_len);
	lc_config_free(cfg);
}

static void id_check_accepts_runc_ids_and_refuses_the_rest(void **state)
{
	static const char *const good[] = {"a", "web-1", "A_b.c+d", "...", "x..y"};
	static const char *const bad[] = {"", ".", "..", "../x", "a/b", "a b", "a\n", "ü"};
	char longid[LC_ID_MAX + 2];
	lc_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(lc_id_check(good[i], &err), 0);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(lc_id_check(bad[i], &err), LC_EMISUSE);
#ifndef LC_NO_ERRMSG
		assert_non_null(strstr(err.msg, "invalid container ID"));
#endif
	}
	memset(longid, 'a', sizeof longid - 1);
	longid[sizeof longid - 1] = '\0';
	assert_int_equal(lc_id_check(longid, &err), LC_EMISUSE);
	assert_int_equal(lc_id_check(NULL, &err), LC_EMISUSE);
}

static void capability_names_round_trip(void **state)
{
	int i;

	(void)state;
	for (i = 0; i <= lc_cap_last(); i++)
		assert_int_equal(lc_cap_from_name(lc_cap_name(i)), i);
	assert_int_equal(lc_cap_from_name("CAP_SYS_ADMIN"), 21);
	assert_int_equal(lc_cap_from_name("cap_sys_admin"), -1);
	assert_null(lc_cap_name(lc_cap_last() + 1));
	assert_null(lc_cap_name(-1));
}

static void create_refuses_bad_input_and_leaves_no_state_dir(void **state)
{
	char root[] = "/tmp/lc-test-config-XXXXXX";
	lc_container *c = (lc_container *)1;
	lc_config *cfg;
	lc_error err;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(root));
	cfg = parse_ok("{\"root\":{\"path\":\"/nonexistent-rootfs\"},"
		       "\"process\":{\"args\":[\"sh\"]},"
		       "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]}}");
	assert_int_equal(lc_container_create(root, "../x", cfg, &c, &err), LC_EMISUSE);
	assert_msg(err.msg, "invalid container ID \"../x\": only [A-Za-z0-9_+.-] allowed");
	assert_int_equal(lc_container_create(root, "ok", cfg, &c, &err), LC_ECONFIG);
	assert_msg(err.msg,
			    ".root.path: rootfs /nonexistent-rootfs: No such file or directory");
	assert_null(c);
	assert_int_equal(stat(root, &st), 0);
	assert_int_equal(rmdir(root), 0); /* empty: nothing was left in it */
	lc_config_free(cfg);
}

static void create_checks_hooks_filled_in_c(void **state)
{
	char root[] = "/tmp/lc-test-config-XXXXXX";
	lc_container *c = NULL;
	lc_config *cfg;
	lc_error err;

	(void)state;
	assert_non_null(mkdtemp(root));
#ifdef LC_NO_HOOKS
	/* a config filled in C with a hook is refused at create */
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]},"
		       "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]}}");
	cfg->hooks[LC_HOOK_POSTSTART] = calloc(1, sizeof(lc_hook));
	assert_non_null(cfg->hooks[LC_HOOK_POSTSTART]);
	cfg->hooks[LC_HOOK_POSTSTART][0].path = str_dup("/ok");
	cfg->n_hooks[LC_HOOK_POSTSTART] = 1;
	assert_int_equal(lc_container_create(root, "h", cfg, &c, &err), LC_EUNSUPPORTED);
	assert_msg(err.msg, ".hooks.poststart: hooks are not supported: built with LC_NO_HOOKS");
#else
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]},"
		       "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]},"
		       "\"hooks\":{\"poststart\":[{\"path\":\"/ok\"},{\"path\":\"/ok2\"}]}}");
	mem_free(cfg->hooks[LC_HOOK_POSTSTART][1].path);
	cfg->hooks[LC_HOOK_POSTSTART][1].path = str_dup("relative");
	assert_int_equal(lc_container_create(root, "h", cfg, &c, &err), LC_ECONFIG);
	assert_msg(err.msg, ".hooks.poststart[1].path: must be an absolute path");
	mem_free(cfg->hooks[LC_HOOK_POSTSTART][1].path);
	cfg->hooks[LC_HOOK_POSTSTART][1].path = NULL;
	assert_int_equal(lc_container_create(root, "h", cfg, &c, &err), LC_ECONFIG);
	assert_msg(err.msg, ".hooks.poststart[1].path: must be an absolute path");
	cfg->hooks[LC_HOOK_POSTSTART][1].path = str_dup("/ok2");
	cfg->hooks[LC_HOOK_POSTSTART][0].timeout = -1;
	assert_int_equal(lc_container_create(root, "h", cfg, &c, &err), LC_ECONFIG);
	assert_msg(err.msg, ".hooks.poststart[0].timeout: must be greater than zero");
#endif
	assert_null(c);
	assert_int_equal(rmdir(root), 0);
	lc_config_free(cfg);
}

/* LC_NO_TERMINAL: a process with a terminal is refused at create, and
** nothing is left in the state root.  (The full build's terminals are
** run by the integration tests.) */
static void create_refuses_a_terminal_only_without_terminal_support(void **state)
{
	char root[] = "/tmp/lc-test-config-XXXXXX";
	lc_container *c = NULL;
	lc_config *cfg;
	lc_error err;

	(void)state;
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"],"
		       "\"terminal\":true},\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]}}");
	assert_true(cfg->process.terminal);
#ifdef LC_NO_TERMINAL
	assert_false(lc_features() & LC_FEAT_TERMINAL);
	assert_non_null(mkdtemp(root));
	assert_int_equal(lc_container_create(root, "t", cfg, &c, &err), LC_EUNSUPPORTED);
	assert_msg(err.msg, ".process.terminal: terminals are not supported: built with LC_NO_TERMINAL");
	assert_null(c);
	assert_int_equal(rmdir(root), 0); /* empty: no state directory left */
#else
	(void)root;
	(void)c;
	(void)err;
	assert_true(lc_features() & LC_FEAT_TERMINAL);
#endif
	lc_config_free(cfg);
}

/* LC_NO_LSM: any AppArmor or SELinux label is refused at create, naming
** its field, and nothing is left.  (The full build's labels are run in
** the VMs: t_apparmor_profile_confines_the_container, t_selinux_*.) */
static void create_refuses_lsm_labels_only_without_lsm_support(void **state)
{
	static const char *const cases[][3] = { /* process's, linux's, the field */
		{",\"apparmorProfile\":\"p\"", "", ".process.apparmorProfile"},
		{",\"selinuxLabel\":\"system_u:system_r:t:s0\"", "", ".process.selinuxLabel"},
		{"", ",\"mountLabel\":\"system_u:object_r:t:s0\"", ".linux.mountLabel"},
	};
	char root[] = "/tmp/lc-test-config-XXXXXX";
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(root));
#ifdef LC_NO_LSM
	assert_false(lc_features() & LC_FEAT_LSM);
#else
	assert_true(lc_features() & LC_FEAT_LSM);
#endif
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char json[512];
		char want[128];
		lc_container *c = NULL;
		lc_config *cfg;
		lc_error err;

		snprintf(json, sizeof json,
			 "{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]%s},"
			 "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]%s}}",
			 cases[i][0], cases[i][1]);
		cfg = parse_ok(json);
#ifdef LC_NO_LSM
		assert_int_equal(lc_container_create(root, "l", cfg, &c, &err), LC_EUNSUPPORTED);
		snprintf(want, sizeof want, "%s: LSM labels are not supported: built with LC_NO_LSM",
			 cases[i][2]);
		assert_msg(err.msg, want);
		assert_null(c);
#else
		(void)c;
		(void)err;
		(void)want;
		assert_true(cfg->process.apparmor_profile || cfg->process.selinux_label ||
			    cfg->mount_label);
#endif
		lc_config_free(cfg);
	}
	assert_int_equal(rmdir(root), 0); /* empty: no state directory left */
}

/* Network annotations are lc's extension; without rtnetlink they are not
** parsed, and create refuses the first by its key (and leaves nothing). */
static void create_refuses_network_annotations_without_netlink(void **state)
{
	char root[] = "/tmp/lc-test-config-XXXXXX";
	lc_container *c = NULL;
	lc_config *cfg;
	lc_error err;

	(void)state;
	assert_non_null(mkdtemp(root));
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]},"
		       "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]},"
		       "\"annotations\":{\"org.example\":\"x\",\"org.lc.route.1\":\"dst=default\"}}");
#ifdef LC_NO_NETLINK
	assert_int_equal(cfg->n_routes, 0);
	assert_int_equal(lc_container_create(root, "n", cfg, &c, &err), LC_EUNSUPPORTED);
	assert_msg(err.msg, ".annotations[\"org.lc.route.1\"]: networks and routes need rtnetlink "
			    "(built with LC_NO_NETLINK)");
	assert_int_equal(lc_config_networks_from_annotations(cfg, &err), LC_EUNSUPPORTED);
	assert_msg(err.msg, ".annotations[\"org.lc.route.1\"]: networks and routes need rtnetlink "
			    "(built with LC_NO_NETLINK)");
	assert_null(c);
	lc_config_free(cfg);
	/* netDevices are not read either (not even their names): refused whole */
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]},"
		       "\"linux\":{\"namespaces\":[{\"type\":\"mount\"},{\"type\":\"network\"}],"
		       "\"netDevices\":{\"eth/0\":{\"name\":7}}}}");
	assert_int_equal(cfg->n_net_devices, 1);
	assert_int_equal(lc_container_create(root, "n", cfg, &c, &err), LC_EUNSUPPORTED);
	assert_msg(err.msg, "networks, routes and netDevices need rtnetlink (built with "
			    "LC_NO_NETLINK)");
	assert_null(c);
	assert_int_equal(lc_config_networks_from_annotations(cfg, &err), 0);
#else
	(void)c;
	(void)err;
	assert_int_equal(cfg->n_routes, 1);
	assert_string_equal(cfg->routes[0].destination, "default");
#endif
	assert_int_equal(rmdir(root), 0);
	lc_config_free(cfg);
}

static void create_requires_a_mount_namespace(void **state)
{
	lc_container *c = NULL;
	lc_config *cfg;
	lc_error err;

	(void)state;
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]},"
		       "\"hostname\":\"h\",\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]}}");
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_ECONFIG);
	assert_msg(err.msg, ".hostname: setting it needs a private UTS namespace");
	lc_config_free(cfg);
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]}}");
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_ECONFIG);
	assert_msg(err.msg, ".linux.namespaces: a new mount namespace is required");
	lc_config_free(cfg);
}

static void idmaps_parse_with_several_ranges_and_copy_deep(void **state)
{
	lc_config *cfg;
	lc_config *copy = NULL;

	(void)state;
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]},"
		       "\"mounts\":[{\"destination\":\"/m\",\"type\":\"bind\",\"source\":\"/s\","
		       "\"options\":[\"rro\",\"rnosuid\",\"rnoatime\",\"rsuid\"],"
		       "\"uidMappings\":[{\"containerID\":1000,\"hostID\":100000,\"size\":1}],"
		       "\"gidMappings\":[{\"containerID\":1000,\"hostID\":100000,\"size\":1}]}],"
		       "\"linux\":{\"namespaces\":[{\"type\":\"user\"},{\"type\":\"mount\"}],"
		       "\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1},"
		       "{\"containerID\":1,\"hostID\":100000,\"size\":65536}],"
		       "\"gidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}]}}");
	assert_true(cfg->namespaces & LC_NS_USER);
	assert_int_equal(cfg->n_uid_mappings, 2);
	assert_int_equal(cfg->n_gid_mappings, 1);
	assert_int_equal(cfg->mounts[0].n_uid_mappings, 1);
	assert_int_equal(cfg->mounts[0].attr_set, LC_MOUNT_ATTR_RDONLY | LC_MOUNT_ATTR_NOATIME);
	assert_int_equal(cfg->mounts[0].attr_clr, LC_MOUNT_ATTR_NOSUID);
	assert_int_equal(cfg->mounts[0].attr_atime, 1);
#ifdef LC_NO_USERNS
	/* counted but not read: create refuses them (create_checks_user_namespace_...) */
	assert_int_equal(cfg->uid_mappings[1].size, 0);
	lc_config_free(cfg);
	return;
#endif
	assert_int_equal(cfg->uid_mappings[1].container_id, 1);
	assert_int_equal(cfg->uid_mappings[1].host_id, 100000);
	assert_int_equal(cfg->uid_mappings[1].size, 65536);
	assert_int_equal(cfg->mounts[0].gid_mappings[0].host_id, 100000);
	assert_int_equal(ns_idmap_host(cfg->uid_mappings, cfg->n_uid_mappings, 0), 1000);
	assert_int_equal(ns_idmap_host(cfg->uid_mappings, cfg->n_uid_mappings, 65536), 165535);
	assert_int_equal(ns_idmap_host(cfg->uid_mappings, cfg->n_uid_mappings, 65537), -1);
	assert_int_equal(cfg_dup(cfg, &copy), 0);
	assert_ptr_not_equal(copy->uid_mappings, cfg->uid_mappings);
	assert_memory_equal(copy->uid_mappings, cfg->uid_mappings, 2 * sizeof *cfg->uid_mappings);
	assert_ptr_not_equal(copy->mounts[0].uid_mappings, cfg->mounts[0].uid_mappings);
	assert_int_equal(copy->mounts[0].uid_mappings[0].container_id, 1000);
	lc_config_free(copy);
	lc_config_free(cfg);
}

static void idmaps_refuse_too_many_ranges_and_render_as_the_kernel_wants(void **state)
{
	lc_idmap map[LC_MAX_IDMAPS + 1];
	char text[64];
	lc_error err;
	size_t i;

	(void)state;
	for (i = 0; i <= LC_MAX_IDMAPS; i++) {
		map[i].container_id = (uint32_t)i * 10;
		map[i].host_id = 100000 + (uint32_t)i * 10;
		map[i].size = 10;
	}
	assert_int_equal(cfg_idmap_check(map, LC_MAX_IDMAPS, ".linux.uidMappings", &err), 0);
	assert_int_equal(cfg_idmap_check(map, LC_MAX_IDMAPS + 1, ".linux.uidMappings", &err),
			 LC_ECONFIG);
	assert_msg(err.msg, ".linux.uidMappings: 341 ranges, the kernel takes at most 340");
	assert_int_equal(cfg_idmap_check(map, 0, ".linux.gidMappings", &err), LC_ECONFIG);
	assert_msg(err.msg, ".linux.gidMappings: at least one range is required");
	assert_int_equal(ns_idmap_render(map, 2, text, sizeof text), 0);
	assert_string_equal(text, "0 100000 10\n10 100010 10\n");
	assert_int_equal(ns_idmap_render(map, LC_MAX_IDMAPS, text, sizeof text), -ENAMETOOLONG);
}

static void create_checks_user_namespace_and_maps_together(void **state)
{
	lc_container *c = NULL;
	lc_config *cfg;
	lc_error err;

	(void)state;
#ifdef LC_NO_USERNS
	/* refused whole: a user namespace, id maps, an idmapped mount */
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]},"
		       "\"linux\":{\"namespaces\":[{\"type\":\"user\"},{\"type\":\"mount\"}],"
		       "\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}]}}");
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_EUNSUPPORTED);
	assert_msg(err.msg, ".linux.namespaces: user namespaces are not supported: built with "
			    "LC_NO_USERNS");
	lc_config_free(cfg);
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]},"
		       "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}],"
		       "\"gidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}]}}");
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_EUNSUPPORTED);
	assert_msg(err.msg, ".linux.gidMappings: user namespaces are not supported: built with "
			    "LC_NO_USERNS");
	lc_config_free(cfg);
	/* not read, so even a malformed one is refused only here, by the same words */
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]},"
		       "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}],"
		       "\"uidMappings\":[{\"hostID\":-1}]}}");
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_EUNSUPPORTED);
	assert_msg(err.msg, ".linux.uidMappings: user namespaces are not supported: built with "
			    "LC_NO_USERNS");
	lc_config_free(cfg);
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]},"
		       "\"mounts\":[{\"destination\":\"/m\",\"type\":\"bind\",\"source\":\"/s\","
		       "\"options\":[\"bind\"],"
		       "\"uidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":1}],"
		       "\"gidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":1}]}],"
		       "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]}}");
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_EUNSUPPORTED);
	assert_msg(err.msg, ".mounts[0]: idmapped mounts are not supported: built with "
			    "LC_NO_USERNS");
	lc_config_free(cfg);
#else
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]},"
		       "\"linux\":{\"namespaces\":[{\"type\":\"user\"},{\"type\":\"mount\"}],"
		       "\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}]}}");
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_ECONFIG);
	assert_msg(err.msg,
		   ".linux.gidMappings: a new user namespace needs uidMappings and gidMappings");
	lc_config_free(cfg);
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]},"
		       "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}],"
		       "\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}]}}");
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_ECONFIG);
	assert_msg(err.msg,
		   ".linux.uidMappings: set, but .linux.namespaces has no new user namespace");
	lc_config_free(cfg);
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]},"
		       "\"linux\":{\"namespaces\":[{\"type\":\"user\",\"path\":\"/proc/1/ns/user\"},"
		       "{\"type\":\"mount\"},{\"type\":\"pid\"}]}}");
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_EUNSUPPORTED);
	assert_msg(err.msg, ".linux.namespaces: a new pid namespace with a user namespace "
			    "joined by path is not supported");
	lc_config_free(cfg);
#endif
	assert_null(c);
}

static void features_report_what_was_built(void **state)
{
	unsigned f = lc_features();

	(void)state;
#ifdef LC_NO_SECCOMP
	assert_int_equal(!!(f & LC_FEAT_SECCOMP), 0);
#else
	assert_int_equal(!!(f & LC_FEAT_SECCOMP), 1);
#endif
#ifdef LC_NO_CRIU
	assert_int_equal(!!(f & LC_FEAT_CRIU), 0);
#else
	assert_int_equal(!!(f & LC_FEAT_CRIU), 1);
#endif
#ifdef LC_NO_NETLINK
	assert_int_equal(!!(f & LC_FEAT_NETLINK), 0);
#else
	assert_int_equal(!!(f & LC_FEAT_NETLINK), 1);
#endif
#ifdef LC_NO_HOOKS
	assert_int_equal(!!(f & LC_FEAT_HOOKS), 0);
#else
	assert_int_equal(!!(f & LC_FEAT_HOOKS), 1);
#endif
#ifdef LC_NO_USERNS
	assert_int_equal(!!(f & LC_FEAT_USERNS), 0);
#else
	assert_int_equal(!!(f & LC_FEAT_USERNS), 1);
#endif
#ifdef LC_NO_ERRMSG
	assert_int_equal(!!(f & LC_FEAT_ERRMSG), 0);
#else
	assert_int_equal(!!(f & LC_FEAT_ERRMSG), 1);
#endif
}

/* The OCI features document says what this build has, and only that. */
static void features_json_matches_the_build(void **state)
{
	const json_value *linux_;
	const json_value *v;
	json_value *doc = NULL;
	lc_error err;
	char *json = NULL;
	size_t i;
	int seen_kill = 0;

	(void)state;
	assert_int_equal(lc_features_json(4, &json, &err), 0);
	assert_int_equal(json_parse(json, strlen(json), &doc, &err), 0);
	assert_non_null(strstr(json, "\n    \"ociVersionMin\": \"1.0.0\",\n"));
	assert_string_equal(json_get(doc, "ociVersionMax")->str, LC_OCI_VERSION);
	v = json_get(doc, "hooks");
	assert_int_equal(v->type, JSON_ARRAY);
#ifdef LC_NO_HOOKS
	assert_int_equal(v->n, 0);
#else
	assert_int_equal(v->n, LC_HOOK_KINDS);
	assert_string_equal(v->kids[0]->str, "prestart");
	assert_string_equal(v->kids[5]->str, "poststop");
#endif
	assert_true(json_get(doc, "mountOptions")->n > 20);
	linux_ = json_get(doc, "linux");
	assert_non_null(linux_);
	v = json_get(linux_, "capabilities");
	assert_int_equal(v->n, (size_t)lc_cap_last() + 1);
	v = json_get(linux_, "namespaces");
#ifdef LC_NO_USERNS
	assert_int_equal(v->n, LC_NS_COUNT - 1);
	assert_string_equal(v->kids[5]->str, "cgroup");
#else
	assert_int_equal(v->n, LC_NS_COUNT);
	assert_string_equal(v->kids[5]->str, "user");
#endif
	v = json_get(linux_, "seccomp");
#ifdef LC_NO_SECCOMP
	assert_int_equal(json_get(v, "enabled")->type, JSON_FALSE);
	assert_null(json_get(v, "actions"));
#else
	assert_int_equal(json_get(v, "enabled")->type, JSON_TRUE);
	for (i = 0; i < json_get(v, "actions")->n; i++)
		seen_kill |= strcmp(json_get(v, "actions")->kids[i]->str, "SCMP_ACT_KILL_PROCESS") == 0;
	assert_true(seen_kill);
	assert_int_equal(json_get(v, "operators")->n, 7);
#endif
	(void)seen_kill;
	(void)i;
	v = json_get(json_get(linux_, "netDevices"), "enabled");
#ifdef LC_NO_NETLINK
	assert_int_equal(v->type, JSON_FALSE);
#else
	assert_int_equal(v->type, JSON_TRUE);
#endif
	assert_int_equal(json_get(json_get(linux_, "cgroup"), "v2")->type, JSON_TRUE);
	/* "compiled in", as runtime-spec defines it, whatever the host has */
#ifdef LC_NO_LSM
	assert_int_equal(json_get(json_get(linux_, "apparmor"), "enabled")->type, JSON_FALSE);
	assert_int_equal(json_get(json_get(linux_, "selinux"), "enabled")->type, JSON_FALSE);
#else
	assert_int_equal(json_get(json_get(linux_, "apparmor"), "enabled")->type, JSON_TRUE);
	assert_int_equal(json_get(json_get(linux_, "selinux"), "enabled")->type, JSON_TRUE);
#endif
	assert_int_equal(json_get(json_get(linux_, "intelRdt"), "enabled")->type, JSON_FALSE);
	json_free(doc);
	mem_free(json);
}

/* execCPUAffinity's lists become the masks sched_setaffinity takes. */
static void cpu_lists_parse_into_masks(void **state)
{
	const size_t bits = 8 * sizeof(unsigned long);
	cpu_mask m;
	lc_error err;
	size_t i;

	(void)state;
	assert_int_equal(cpus_parse("0-3,7", &m, "f", &err), 0);
	assert_int_equal(m.w[0], 0x8f);
	for (i = 1; i < sizeof m.w / sizeof m.w[0]; i++)
		assert_int_equal(m.w[i], 0);
	assert_int_equal(cpus_parse("1023,64,5-5", &m, "f", &err), 0);
	assert_int_equal(m.w[0], 1UL << 5);
	assert_int_equal(m.w[64 / bits], 1UL << (64 % bits));
	assert_int_equal(m.w[1023 / bits] >> (1023 % bits), 1);
	assert_int_equal(cpus_parse("0-1023", &m, "f", &err), 0);
	for (i = 0; i < sizeof m.w / sizeof m.w[0]; i++)
		assert_true(m.w[i] == ~0UL);
	assert_int_equal(cpus_parse("", &m, "f", &err), LC_ECONFIG);
	assert_int_equal(cpus_parse("1,", &m, "f", &err), LC_ECONFIG);
	assert_int_equal(cpus_parse(" 1", &m, "f", &err), LC_ECONFIG);
	assert_int_equal(cpus_parse("-1", &m, "f", &err), LC_ECONFIG);
	assert_int_equal(cpus_parse("99999999999999999999999", &m, "f", &err), LC_ECONFIG);
	assert_msg(err.msg, "f: \"99999999999999999999999\": CPU numbers go up to 1023");
}

static void scheduler_io_priority_personality_and_offsets_parse_and_copy(void **state)
{
	lc_config *cfg;
	lc_config *copy = NULL;
	lc_process *p = NULL;
	lc_error err;

	(void)state;
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"],"
		       "\"apparmorProfile\":\"lc-test\",\"selinuxLabel\":\"system_u:system_r:"
		       "container_t:s0:c1,c2\",\"scheduler\":{\"policy\":\"SCHED_DEADLINE\","
		       "\"flags\":[\"SCHED_FLAG_RESET_ON_FORK\",\"SCHED_FLAG_DL_OVERRUN\"],"
		       "\"runtime\":10000,\"deadline\":20000,\"period\":30000},"
		       "\"ioPriority\":{\"class\":\"IOPRIO_CLASS_RT\",\"priority\":3},"
		       "\"execCPUAffinity\":{\"initial\":\"0-1\",\"final\":\"\"}},"
		       "\"linux\":{\"mountLabel\":\"system_u:object_r:container_file_t:s0\","
		       "\"personality\":{\"domain\":\"LINUX32\",\"flags\":[\"ADDR_NO_RANDOMIZE\"]},"
		       "\"timeOffsets\":{\"boottime\":{\"secs\":-5,\"nanosecs\":7},"
		       "\"monotonic\":{\"secs\":86400}}}}");
	assert_string_equal(cfg->process.apparmor_profile, "lc-test");
	assert_string_equal(cfg->process.selinux_label, "system_u:system_r:container_t:s0:c1,c2");
	assert_true(cfg->process.has_scheduler);
	assert_int_equal(cfg->process.sched.policy, LC_SCHED_DEADLINE);
	assert_int_equal(cfg->process.sched.flags,
			 LC_SCHED_FLAG_RESET_ON_FORK | LC_SCHED_FLAG_DL_OVERRUN);
	assert_int_equal(cfg->process.sched.runtime, 10000);
	assert_int_equal(cfg->process.sched.deadline, 20000);
	assert_int_equal(cfg->process.sched.period, 30000);
	assert_true(cfg->process.has_io_priority);
	assert_int_equal(cfg->process.io_priority_class, LC_IOPRIO_CLASS_RT);
	assert_int_equal(cfg->process.io_priority, 3);
	assert_string_equal(cfg->process.cpus_initial, "0-1");
	assert_null(cfg->process.cpus_final); /* "" is "not set" */
	assert_string_equal(cfg->mount_label, "system_u:object_r:container_file_t:s0");
	assert_true(cfg->has_personality);
	assert_int_equal(cfg->personality, LC_PER_LINUX32 | 0x0040000);
	assert_true(cfg->has_time_offsets);
	assert_int_equal(cfg->time_boottime.secs, -5);
	assert_int_equal(cfg->time_boottime.nanosecs, 7);
	assert_int_equal(cfg->time_monotonic.secs, 86400);
	assert_int_equal(cfg->time_monotonic.nanosecs, 0);
	assert_int_equal(cfg_dup(cfg, &copy), 0);
	assert_ptr_not_equal(copy->process.apparmor_profile, cfg->process.apparmor_profile);
	assert_ptr_not_equal(copy->mount_label, cfg->mount_label);
	assert_ptr_not_equal(copy->process.cpus_initial, cfg->process.cpus_initial);
	lc_config_free(cfg);
	assert_string_equal(copy->process.cpus_initial, "0-1");
	assert_string_equal(copy->process.selinux_label, "system_u:system_r:container_t:s0:c1,c2");
	assert_string_equal(copy->mount_label, "system_u:object_r:container_file_t:s0");
	assert_int_equal(copy->process.sched.period, 30000);
	lc_config_free(copy);
	/* "" is "not set", as in runc; nice alone is SCHED_OTHER's */
	cfg = parse_ok("{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"],"
		       "\"apparmorProfile\":\"\",\"scheduler\":{\"policy\":\"SCHED_OTHER\","
		       "\"nice\":-20}},\"linux\":{\"mountLabel\":\"\"}}");
	assert_null(cfg->process.apparmor_profile);
	assert_null(cfg->mount_label);
	assert_int_equal(cfg->process.sched.nice, -20);
	assert_false(cfg->has_personality);
	assert_false(cfg->has_time_offsets);
	lc_config_free(cfg);
	/* process.json (exec -p) takes them too */
	assert_int_equal(lc_process_from_oci("{\"args\":[\"sh\"],\"scheduler\":{\"policy\":"
					     "\"SCHED_RR\",\"priority\":99}}",
					     63, &p, &err), 0);
	assert_int_equal(p->sched.policy, LC_SCHED_RR);
	assert_int_equal(p->sched.priority, 99);
	lc_process_free(p);
}

/* What create refuses in a config filled in C or parsed: offsets without
** a time namespace of lc's own, bad personality bits, a scheduler the
** kernel would refuse, and labels for an LSM this host does not have. */
static void create_checks_time_offsets_personality_scheduler_and_lsms(void **state)
{
	static const char base[] = "{\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"sh\"]},"
				   "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}%s],"
				   "\"timeOffsets\":{\"boottime\":{\"secs\":10}}}}";
	char json[512];
	lc_container *c = NULL;
	lc_config *cfg;
	lc_error err;

	(void)state;
	snprintf(json, sizeof json, base, "");
	cfg = parse_ok(json);
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_ECONFIG);
	assert_msg(err.msg, ".linux.timeOffsets: set, but .linux.namespaces has no new time "
			    "namespace");
	lc_config_free(cfg);
	snprintf(json, sizeof json, base, ",{\"type\":\"time\",\"path\":\"/proc/1/ns/time\"}");
	cfg = parse_ok(json);
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_ECONFIG);
	assert_msg(err.msg, ".linux.timeOffsets: set, but .linux.namespaces has no new time "
			    "namespace");
	/* filled in C */
	cfg->has_time_offsets = 0;
	cfg->time_boottime.nanosecs = 1000000000;
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_ECONFIG);
	assert_msg(err.msg, ".linux.timeOffsets: nanosecs must be below 1000000000");
	cfg->time_boottime.nanosecs = 0;
	cfg->has_personality = 1;
	cfg->personality = 0x0004; /* PER_SVR4 */
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_ECONFIG);
	assert_msg(err.msg, ".linux.personality.domain: 0x4 is neither LINUX nor LINUX32");
	cfg->personality = LC_PER_LINUX32 | 0x10000000;
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_ECONFIG);
	assert_msg(err.msg, ".linux.personality.flags: unknown bits 0x10000000");
	cfg->personality = LC_PER_LINUX32;
	cfg->process.has_scheduler = 1;
	cfg->process.sched.policy = 7;
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_ECONFIG);
	assert_msg(err.msg, ".process.scheduler.policy: unknown policy 7");
	cfg->process.sched.policy = LC_SCHED_IDLE;
	cfg->process.has_io_priority = 1;
	cfg->process.io_priority_class = 0;
	assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err), LC_ECONFIG);
	assert_msg(err.msg, ".process.ioPriority.class: unknown class 0");
	cfg->process.io_priority_class = LC_IOPRIO_CLASS_IDLE;
	cfg->process.apparmor_profile = str_dup("lc-test");
	if (!LC_LSM) /* LC_NO_LSM: create_refuses_lsm_labels_only_without_lsm_support */
		goto out;
	if (!lsm_apparmor_enabled()) {
		assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err),
				 LC_EUNSUPPORTED);
		assert_msg(err.msg,
			   ".process.apparmorProfile: AppArmor is not enabled on this host");
	}
	mem_free(cfg->process.apparmor_profile);
	cfg->process.apparmor_profile = NULL;
	cfg->mount_label = str_dup("system_u:object_r:container_file_t:s0");
	if (!lsm_selinux_enabled()) {
		assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err),
				 LC_EUNSUPPORTED);
		assert_msg(err.msg, ".linux.mountLabel: SELinux is not enabled on this host");
		cfg->process.selinux_label = str_dup("system_u:system_r:container_t:s0");
		assert_int_equal(lc_container_create("/tmp", "x", cfg, &c, &err),
				 LC_EUNSUPPORTED);
		assert_msg(err.msg, ".process.selinuxLabel: SELinux is not enabled on this host");
	}
out:
	assert_null(c);
	lc_config_free(cfg);
}

static void mount_label_goes_into_the_data_of_filesystem_mounts_only(void **state)
{
	static const char label[] = "system_u:object_r:container_file_t:s0:c1,c2";
	lc_mount tmpfs = {.type = (char *)"tmpfs", .data = (char *)"mode=755"};
	lc_mount devpts = {.type = (char *)"devpts"};
	lc_mount proc = {.type = (char *)"proc"};
	lc_mount mqueue = {.type = (char *)"mqueue"};
	lc_mount bind = {.type = (char *)"bind", .flags = MS_BIND};
	char buf[128];
	const char *d;

	(void)state;
	d = tmpfs.data;
	assert_int_equal(mnt_label_data(&tmpfs, &d, label, buf, sizeof buf), 0);
	assert_string_equal(d, "mode=755,context=\"system_u:object_r:container_file_t:s0:c1,c2\"");
	d = NULL;
	assert_int_equal(mnt_label_data(&devpts, &d, label, buf, sizeof buf), 0);
	assert_string_equal(d, "context=\"system_u:object_r:container_file_t:s0:c1,c2\"");
	d = NULL;
	assert_int_equal(mnt_label_data(&proc, &d, label, buf, sizeof buf), 0);
	assert_null(d);
	/* its root is labeled after the mount (mnt_label_root) */
	assert_int_equal(mnt_label_data(&mqueue, &d, label, buf, sizeof buf), 0);
	assert_null(d);
	assert_int_equal(mnt_label_data(&bind, &d, label, buf, sizeof buf), 0);
	assert_null(d);
	d = tmpfs.data;
	assert_int_equal(mnt_label_data(&tmpfs, &d, NULL, buf, sizeof buf), 0);
	assert_ptr_equal(d, tmpfs.data);
	assert_int_equal(mnt_label_data(&tmpfs, &d, label, buf, 20), -ENAMETOOLONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(config_converts_every_field_of_a_full_sample),
		cmocka_unit_test(config_keeps_an_absolute_root_path_and_defaults),
		cmocka_unit_test(config_rejects_bad_values_naming_the_field),
		cmocka_unit_test(config_fails_cleanly_on_every_allocation_failure),
#ifndef LC_NO_HOOKS
		cmocka_unit_test(config_parses_hooks_of_every_kind),
#endif
		cmocka_unit_test(config_copy_is_deep_and_equal),
		cmocka_unit_test(process_json_parses_alone_and_copies_deep),
		cmocka_unit_test(id_check_accepts_runc_ids_and_refuses_the_rest),
		cmocka_unit_test(capability_names_round_trip),
		cmocka_unit_test(create_refuses_bad_input_and_leaves_no_state_dir),
		cmocka_unit_test(create_checks_hooks_filled_in_c),
		cmocka_unit_test(create_refuses_a_terminal_only_without_terminal_support),
		cmocka_unit_test(create_refuses_lsm_labels_only_without_lsm_support),
		cmocka_unit_test(create_refuses_network_annotations_without_netlink),
		cmocka_unit_test(create_requires_a_mount_namespace),
		cmocka_unit_test(idmaps_parse_with_several_ranges_and_copy_deep),
		cmocka_unit_test(idmaps_refuse_too_many_ranges_and_render_as_the_kernel_wants),
		cmocka_unit_test(create_checks_user_namespace_and_maps_together),
		cmocka_unit_test(features_report_what_was_built),
		cmocka_unit_test(features_json_matches_the_build),
		cmocka_unit_test(cpu_lists_parse_into_masks),
		cmocka_unit_test(scheduler_io_priority_personality_and_offsets_parse_and_copy),
		cmocka_unit_test(create_checks_time_offsets_personality_scheduler_and_lsms),
		cmocka_unit_test(mount_label_goes_into_the_data_of_filesystem_mounts_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
