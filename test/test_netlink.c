/*
** test_netlink.c: rtnetlink (@@ 13) and the network config (@@ 6).
** White-box: includes lc.c.  Requests are compared byte for byte with
** what the kernel's ABI says they must be; answers are canned buffers fed
** to the parser, and to nl_call through a socketpair standing in for the
** kernel.  Nothing here touches a real network interface.
**
** Built twice: normally, and with every LC_NO_* switch (the minimal
** build), where only the config tests run and networks must be refused.
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
#define assert_msg_has(got, want) ((void)(got), (void)(want))
#else
#define assert_msg(got, want) assert_string_equal(got, want)
#define assert_msg_has(got, want) assert_non_null(strstr(got, want))
#endif

/* ---- helpers ----------------------------------------------------------- */

static const char base_config[] =
	"{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"/tmp\"},"
	" \"process\": {\"args\": [\"sh\"], \"cwd\": \"/\"},"
	" \"linux\": {\"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"network\"}]%s},"
	" \"annotations\": {%s}}";

/* Parse base_config with LINUX spliced into .linux and ANNOTATIONS into
** .annotations. */
static int parse(const char *linux_extra, const char *annotations, lc_config **cfg,
		 lc_error *err)
{
	char json[4096];

	snprintf(json, sizeof json, base_config, linux_extra, annotations);
	memset(err, 0, sizeof *err);
	return lc_config_from_oci(json, strlen(json), NULL, cfg, err);
}

static void parse_ok(const char *linux_extra, const char *annotations, lc_config **cfg)
{
	lc_error err;
	int rc = parse(linux_extra, annotations, cfg, &err);

	if (rc < 0)
		print_error("parse failed: %s\n", err.msg);
	assert_int_equal(rc, 0);
}

/* ---- config: annotations, netDevices, checks (every build) ------------ */

/* Without rtnetlink the annotations are not parsed (refused at create:
** config_checks_name_the_network_entry). */
#ifndef LC_NO_NETLINK
/* The annotation must be refused, with a message starting with want. */
static void annotation_refused(const char *annotations, const char *want)
{
	lc_config *cfg = NULL;
	lc_error err;

	assert_int_equal(parse("", annotations, &cfg, &err), LC_ECONFIG);
	assert_null(cfg);
#ifndef LC_NO_ERRMSG
	if (strncmp(err.msg, want, strlen(want)) != 0)
		print_error("got \"%s\"\n", err.msg);
	assert_int_equal(strncmp(err.msg, want, strlen(want)), 0);
#else
	(void)want;
#endif
}

static void annotations_give_networks_in_order(void **state)
{
	lc_config *cfg;
	const lc_network *n;

	(void)state;
	parse_ok("", "\"org.lc.net.eth0\": \"veth host=lcv0 bridge=br0 hairpin "
		     "addr=10.0.0.2/24 addr=fd00::2/64 gw=10.0.0.1 gw=fd00::1 mtu=1400 "
		     "txqueuelen=500 mac=02:00:0a:00:00:02\","
		     " \"other\": \"x\","
		     " \"org.lc.net.mv0\": \"  macvlan\\tparent=d0 mode=private \","
		     " \"org.lc.net.iv0\": \"ipvlan parent=d0 mode=l3s addr=10.1.0.2/16\","
		     " \"org.lc.net.lo\": \"loopback addr=127.0.0.2/8\"",
		 &cfg);
	assert_int_equal(cfg->n_networks, 4);
	n = &cfg->networks[0];
	assert_int_equal(n->type, LC_NET_VETH);
	assert_string_equal(n->name, "eth0");
	assert_string_equal(n->host_name, "lcv0");
	assert_string_equal(n->bridge, "br0");
	assert_int_equal(n->hairpin, 1);
	assert_int_equal(n->n_addresses, 2);
	assert_string_equal(n->addresses[0], "10.0.0.2/24");
	assert_string_equal(n->addresses[1], "fd00::2/64");
	assert_string_equal(n->gateway, "10.0.0.1");
	assert_string_equal(n->gateway6, "fd00::1");
	assert_int_equal(n->mtu, 1400);
	assert_int_equal(n->txqueuelen, 500);
	assert_string_equal(n->mac, "02:00:0a:00:00:02");
	n = &cfg->networks[1];
	assert_int_equal(n->type, LC_NET_MACVLAN);
	assert_string_equal(n->name, "mv0");
	assert_string_equal(n->parent, "d0");
	assert_int_equal(n->mode, LC_NET_MODE_PRIVATE);
	n = &cfg->networks[2];
	assert_int_equal(n->type, LC_NET_IPVLAN);
	assert_int_equal(n->mode, LC_NET_MODE_L3S);
	n = &cfg->networks[3];
	assert_int_equal(n->type, LC_NET_LOOPBACK);
	assert_string_equal(n->name, "lo");
	assert_int_equal(nl_config_check(cfg, NULL),
#ifdef LC_NO_NETLINK
			 LC_EUNSUPPORTED
#else
			 0
#endif
	);
	lc_config_free(cfg);
}

static void route_annotations_are_added_in_the_order_of_their_number(void **state)
{
	lc_config *cfg;

	(void)state;
	parse_ok("", "\"org.lc.route.10\": \"dst=10.3.0.0/16 via=10.0.0.1\","
		     " \"org.lc.route.2\": \"dst=default via=10.0.0.254 src=10.0.0.2 dev=eth0\","
		     " \"org.lc.route.007\": \"dst=fd01::/64 dev=eth0\"",
		 &cfg);
	assert_int_equal(cfg->n_routes, 3);
	assert_string_equal(cfg->routes[0].destination, "default");
	assert_string_equal(cfg->routes[0].gateway, "10.0.0.254");
	assert_string_equal(cfg->routes[0].source, "10.0.0.2");
	assert_string_equal(cfg->routes[0].interface, "eth0");
	assert_string_equal(cfg->routes[1].destination, "fd01::/64");
	assert_null(cfg->routes[1].gateway);
	assert_string_equal(cfg->routes[2].destination, "10.3.0.0/16");
	lc_config_free(cfg);
}

static void bad_annotations_are_refused_naming_their_key(void **state)
{
	(void)state;
	annotation_refused("\"org.lc.net.eth0\": \"veth addr=10.0.0.300/24\"",
			   ".annotations[\"org.lc.net.eth0\"]: addr=10.0.0.300/24: not an IPv4");
	annotation_refused("\"org.lc.net.eth0\": \"veth addr=10.0.0.3\"",
			   ".annotations[\"org.lc.net.eth0\"]: addr=10.0.0.3:");
	annotation_refused("\"org.lc.net.eth0\": \"veth addr=10.0.0.3/33\"",
			   ".annotations[\"org.lc.net.eth0\"]: addr=10.0.0.3/33:");
	annotation_refused("\"org.lc.net.eth0\": \"bond\"",
			   ".annotations[\"org.lc.net.eth0\"]: starts with the type");
	annotation_refused("\"org.lc.net.eth0\": \"\"",
			   ".annotations[\"org.lc.net.eth0\"]: starts with the type");
	annotation_refused("\"org.lc.net.eth0\": \"veth colour=red\"",
			   ".annotations[\"org.lc.net.eth0\"]: unknown option \"colour\"");
	annotation_refused("\"org.lc.net.eth0\": \"veth host=a host=b\"",
			   ".annotations[\"org.lc.net.eth0\"]: host given twice");
	annotation_refused("\"org.lc.net.eth0\": \"veth gw=1.2.3.4 gw=1.2.3.5\"",
			   ".annotations[\"org.lc.net.eth0\"]: an IPv4 gw given twice");
	annotation_refused("\"org.lc.net.eth0\": \"veth mtu=0\"",
			   ".annotations[\"org.lc.net.eth0\"]: mtu=0: expected an integer");
	annotation_refused("\"org.lc.net.eth0\": \"veth mtu=12x\"",
			   ".annotations[\"org.lc.net.eth0\"]: mtu=12x");
	annotation_refused("\"org.lc.net.eth0\": \"veth mac=01:00:5e:00:00:01\"",
			   ".annotations[\"org.lc.net.eth0\"]: mac=01:00:5e:00:00:01: not a unicast");
	annotation_refused("\"org.lc.net.eth0\": \"veth mac=02:00:0a:00:00\"",
			   ".annotations[\"org.lc.net.eth0\"]: mac=02:00:0a:00:00:");
	annotation_refused("\"org.lc.net.eth0\": \"macvlan parent=d0 mode=l3\"",
			   ".annotations[\"org.lc.net.eth0\"]: mode=l3: not a mode of macvlan");
	annotation_refused("\"org.lc.net.eth0\": \"veth host\"",
			   ".annotations[\"org.lc.net.eth0\"]: \"host\": expected OPTION=VALUE");
	annotation_refused("\"org.lc.net.a/b\": \"veth\"",
			   ".annotations[\"org.lc.net.a/b\"]: \"a/b\" is not a valid interface name");
	annotation_refused("\"org.lc.net.0123456789abcdef\": \"veth\"",
			   ".annotations[\"org.lc.net.0123456789abcdef\"]: ");
	annotation_refused("\"org.lc.route.x\": \"dst=default\"",
			   ".annotations[\"org.lc.route.x\"]: expected org.lc.route.N");
	annotation_refused("\"org.lc.route.1\": \"via=10.0.0.1\"",
			   ".annotations[\"org.lc.route.1\"]: dst= is required");
	annotation_refused("\"org.lc.route.1\": \"dst=default\", \"org.lc.route.01\": \"dst=default\"",
			   ".annotations[\"org.lc.route.01\"]: route 1 given twice");
}

#endif

static void net_devices_are_parsed_and_checked(void **state)
{
	lc_config *cfg = NULL;
	lc_error err;

	(void)state;
	parse_ok(", \"netDevices\": {\"dummy0\": {\"name\": \"eth1\"}, \"enp3s0\": {}}", "", &cfg);
	assert_int_equal(cfg->n_net_devices, 2);
#ifdef LC_NO_NETLINK
	/* counted, not read: create refuses them (nl_config_check) */
	assert_null(cfg->net_devices[0].host_name);
	assert_int_equal(nl_config_check(cfg, &err), LC_EUNSUPPORTED);
	lc_config_free(cfg);
	cfg = NULL;
	assert_int_equal(parse(", \"netDevices\": [\"d0\"]", "", &cfg, &err), LC_ECONFIG);
	assert_null(cfg);
	return;
#endif
	assert_string_equal(cfg->net_devices[0].host_name, "dummy0");
	assert_string_equal(cfg->net_devices[0].name, "eth1");
	assert_string_equal(cfg->net_devices[1].host_name, "enp3s0");
	assert_null(cfg->net_devices[1].name);
	lc_config_free(cfg);
	cfg = NULL;
	assert_int_equal(parse(", \"netDevices\": {\"a/b\": {}}", "", &cfg, &err), LC_ECONFIG);
	assert_msg_has(err.msg, ".linux.netDevices[\"a/b\"]: not a valid interface name");
	assert_int_equal(parse(", \"netDevices\": {\"d0\": {\"name\": \"x:y\"}}", "", &cfg, &err),
			 LC_ECONFIG);
	assert_msg_has(err.msg, ".linux.netDevices[\"d0\"].name: not a valid interface name");
	assert_int_equal(parse(", \"netDevices\": {\"d0\": {\"name\": 5}}", "", &cfg, &err),
			 LC_ECONFIG);
	assert_int_equal(parse(", \"netDevices\": [\"d0\"]", "", &cfg, &err), LC_ECONFIG);
	assert_null(cfg);
}

/* lc_container_create's checks, on configs filled in C. */
static void config_checks_name_the_network_entry(void **state)
{
	lc_config *cfg;
	lc_error err;
	int rc;

	(void)state;
#ifdef LC_NO_NETLINK
	parse_ok("", "\"org.lc.net.eth0\": \"veth\"", &cfg);
	assert_int_equal(cfg->n_networks, 0); /* not parsed */
	assert_int_equal(nl_config_check(cfg, &err), LC_EUNSUPPORTED);
	assert_msg(err.msg, ".annotations[\"org.lc.net.eth0\"]: networks and routes need "
			    "rtnetlink (built with LC_NO_NETLINK)");
	assert_int_equal(lc_config_networks_from_annotations(cfg, &err), LC_EUNSUPPORTED);
	lc_config_free(cfg);
	parse_ok("", "\"org.lc.route.1\": \"dst=default\"", &cfg);
	assert_int_equal(nl_config_check(cfg, &err), LC_EUNSUPPORTED);
	lc_config_free(cfg);
	parse_ok("", "\"org.lc.other\": \"x\"", &cfg);
	assert_int_equal(nl_config_check(cfg, &err), 0);
	lc_config_free(cfg);
	parse_ok(", \"netDevices\": {\"d0\": {}}", "", &cfg);
	assert_int_equal(nl_config_check(cfg, &err), LC_EUNSUPPORTED);
	lc_config_free(cfg);
	(void)rc;
#else
	static const struct {
		const char *annotations;
		const char *want;
	} cases[] = {
		{"\"org.lc.net.eth0\": \"veth hairpin\"", "network eth0: hairpin: needs a bridge"},
		{"\"org.lc.net.eth0\": \"veth parent=x\"",
		 "network eth0: parent: macvlan and ipvlan only, and required"},
		{"\"org.lc.net.eth0\": \"macvlan\"",
		 "network eth0: parent: macvlan and ipvlan only, and required"},
		{"\"org.lc.net.eth0\": \"ipvlan parent=d0 mac=02:00:00:00:00:01\"",
		 "network eth0: mac: 02:00:00:00:00:01: not a unicast MAC address (and ipvlan"},
		{"\"org.lc.net.eth0\": \"loopback\"",
		 "network eth0: loopback: named lo, addresses and gateways only"},
		{"\"org.lc.net.lo\": \"veth\"", "network lo: lo is the loopback interface"},
		{"\"org.lc.net.lo\": \"loopback mtu=100\"",
		 "network lo: loopback: named lo, addresses and gateways only"},
		{"\"org.lc.net.eth0\": \"veth host=v0\", \"org.lc.net.eth1\": \"veth host=v0\"",
		 "network eth1: host interface v0 is used twice"},
		{"\"org.lc.route.1\": \"dst=10.0.0.0/8 via=fd00::1\"",
		 "route to 10.0.0.0/8: gateway fd00::1: not an address of the destination's family"},
		{"\"org.lc.route.1\": \"dst=10.0.0.0/8\"",
		 "route to 10.0.0.0/8: needs a gateway or an interface"},
		{"\"org.lc.route.1\": \"dst=default dev=eth0\"",
		 "route to default: a gateway or a source gives its family"},
		{"\"org.lc.route.1\": \"dst=10.0.0.0/8 src=nope dev=eth0\"",
		 "route to 10.0.0.0/8: source nope"},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		parse_ok("", cases[i].annotations, &cfg);
		memset(&err, 0, sizeof err);
		rc = nl_config_check(cfg, &err);
		if (rc != LC_ECONFIG || strncmp(err.msg, cases[i].want, strlen(cases[i].want)))
			print_error("case %zu: rc %d \"%s\"\n", i, rc, err.msg);
		assert_int_equal(rc, LC_ECONFIG);
		assert_int_equal(strncmp(err.msg, cases[i].want, strlen(cases[i].want)), 0);
		lc_config_free(cfg);
	}
	/* a netDevice and a network cannot share a container name */
	parse_ok(", \"netDevices\": {\"d0\": {\"name\": \"eth0\"}}", "\"org.lc.net.eth0\": \"veth\"",
		 &cfg);
	assert_int_equal(nl_config_check(cfg, &err), LC_ECONFIG);
	assert_msg(err.msg, "network eth0: the name is used twice in the container");
	lc_config_free(cfg);
	/* a new network namespace is required */
	{
		char json[1024];

		snprintf(json, sizeof json,
			 "{\"root\": {\"path\": \"/tmp\"}, \"process\": {\"args\": [\"sh\"]},"
			 " \"linux\": {\"namespaces\": [{\"type\": \"mount\"}, {\"type\": "
			 "\"network\", \"path\": \"/run/netns/x\"}]},"
			 " \"annotations\": {\"org.lc.net.eth0\": \"veth\"}}");
		assert_int_equal(lc_config_from_oci(json, strlen(json), NULL, &cfg, &err), 0);
		assert_int_equal(nl_config_check(cfg, &err), LC_ECONFIG);
		assert_msg_has(err.msg, "need a new network namespace");
		lc_config_free(cfg);
	}
#endif
}

/* The deep copy lc_container_create keeps: every string its own. */
static void networks_survive_the_deep_copy(void **state)
{
	lc_config *cfg;
	lc_config *copy = NULL;

	(void)state;
	parse_ok(", \"netDevices\": {\"d0\": {\"name\": \"eth1\"}}",
		 "\"org.lc.net.eth0\": \"veth host=v0 addr=10.0.0.2/24 gw=10.0.0.1\","
		 " \"org.lc.route.1\": \"dst=10.1.0.0/16 via=10.0.0.1\"",
		 &cfg);
	assert_int_equal(cfg_dup(cfg, &copy), 0);
	assert_int_equal(copy->n_net_devices, 1);
#ifndef LC_NO_NETLINK
	assert_string_equal(copy->net_devices[0].name, "eth1");
	assert_ptr_not_equal(copy->networks, cfg->networks);
	assert_ptr_not_equal(copy->networks[0].addresses[0], cfg->networks[0].addresses[0]);
	assert_string_equal(copy->networks[0].addresses[0], "10.0.0.2/24");
	assert_string_equal(copy->routes[0].gateway, "10.0.0.1");
	lc_config_free(cfg);
	assert_string_equal(copy->networks[0].host_name, "v0");
#else
	lc_config_free(cfg);
#endif
	lc_config_free(copy);
}

/* Fail the 0th, 1st, ... allocation until the parse and the copy work:
** every failure is LC_ENOMEM with nothing leaked (ASan checks). */
static void network_config_fails_cleanly_on_every_allocation_failure(void **state)
{
	char json[2048];
	long n;

	(void)state;
	snprintf(json, sizeof json, base_config,
		 ", \"netDevices\": {\"d0\": {\"name\": \"eth1\"}, \"d1\": {}}",
		 "\"org.lc.net.eth0\": \"veth host=v0 bridge=b0 addr=10.0.0.2/24 addr=fd00::2/64 "
		 "gw=10.0.0.1 gw=fd00::1 mac=02:00:00:00:00:01\","
		 " \"org.lc.net.mv0\": \"macvlan parent=d0 addr=10.1.0.2/24\","
		 " \"org.lc.route.1\": \"dst=10.2.0.0/16 via=10.0.0.1 src=10.0.0.2 dev=eth0\","
		 " \"org.lc.route.2\": \"dst=default via=fd00::1\"");
	for (n = 0;; n++) {
		lc_config *cfg = NULL;
		lc_config *copy = NULL;
		lc_error err;
		int rc;

		alloc_countdown = n;
		rc = lc_config_from_oci(json, strlen(json), NULL, &cfg, &err);
		if (rc == 0)
			rc = cfg_dup(cfg, &copy) == 0 ? 0 : LC_ENOMEM;
		alloc_countdown = -1;
		if (rc == 0) {
#ifndef LC_NO_NETLINK
			assert_int_equal(copy->n_networks, 2);
			assert_int_equal(copy->n_routes, 2);
#endif
			assert_int_equal(copy->n_net_devices, 2);
		}
		lc_config_free(copy);
		lc_config_free(cfg);
		if (rc == 0)
			break;
		assert_int_equal(rc, LC_ENOMEM);
		assert_true(n < 100000);
	}
	assert_true(n > 30);
}

static void addresses_and_macs_parse(void **state)
{
	unsigned char mac[6];
	cfg_ip ip;

	(void)state;
#ifndef LC_NO_NETLINK
	assert_int_equal(cfg_ip_parse("10.1.2.3/8", 1, &ip), 0);
	assert_int_equal(ip.family, AF_INET);
	assert_int_equal(ip.prefix, 8);
	assert_memory_equal(ip.addr, "\x0a\x01\x02\x03", 4);
	assert_int_equal(cfg_ip_parse("fe80::1", 0, &ip), 0);
	assert_int_equal(ip.family, AF_INET6);
	assert_int_equal(ip.prefix, 128);
	assert_int_equal(cfg_ip_parse("fe80::1/129", 1, &ip), -EINVAL);
	assert_int_equal(cfg_ip_parse("10.0.0.1/", 1, &ip), -EINVAL);
	assert_int_equal(cfg_ip_parse("10.0.0.1/-1", 1, &ip), -EINVAL);
	assert_int_equal(cfg_ip_parse("10.0.0.1/24", 0, &ip), -EINVAL);
	assert_int_equal(cfg_ip_parse("/24", 1, &ip), -EINVAL);
	assert_int_equal(cfg_ip_parse("10.0.0.1/+8", 1, &ip), -EINVAL);
	assert_int_equal(cfg_ip_parse("10.0.0.1/ 8", 1, &ip), -EINVAL);
	assert_int_equal(cfg_ip_parse("10.0.0.1/8 ", 1, &ip), -EINVAL);
	assert_int_equal(cfg_ip_parse("10.0.0.1/33", 1, &ip), -EINVAL);
	assert_int_equal(cfg_ip_parse("::1/1280", 1, &ip), -EINVAL);
	assert_int_equal(cfg_ip_parse("10.0.0.1/99999999999999999999999", 1, &ip), -EINVAL);
	assert_int_equal(cfg_ip_parse("10.0.0.1/0032", 1, &ip), 0);
	assert_int_equal(ip.prefix, 32);
	assert_int_equal(cfg_ip_parse("::1/0", 1, &ip), 0);
	assert_int_equal(ip.prefix, 0);
	assert_int_equal(cfg_mac_parse("02:aB:0c:00:00:ff", mac), 0);
	assert_memory_equal(mac, "\x02\xab\x0c\x00\x00\xff", 6);
	assert_int_equal(cfg_mac_parse("00:00:00:00:00:00", mac), -EINVAL);
	assert_int_equal(cfg_mac_parse("02:00:00:00:00:00:00", mac), -EINVAL);
	assert_int_equal(cfg_mac_parse("02-00-00-00-00-01", mac), -EINVAL);
#else
	(void)mac;
	(void)ip;
#endif
	assert_true(cfg_ifname_ok("eth0"));
	assert_true(cfg_ifname_ok("012345678901234"));
	assert_false(cfg_ifname_ok("0123456789012345"));
	assert_false(cfg_ifname_ok(".."));
	assert_false(cfg_ifname_ok("a b"));
	assert_false(cfg_ifname_ok(""));
}

#ifndef LC_NO_NETLINK
/* ---- requests, byte for byte (little-endian hosts) ------------------- */

#define U16(x) (unsigned char)((x) & 0xff), (unsigned char)(((x) >> 8) & 0xff)
#define U32(x) U16((x) & 0xffff), U16(((unsigned)(x) >> 16) & 0xffff)
/* an attribute header: length, type */
#define ATTR(len, type) U16(len), U16(type)
#define NESTED 0x8000

static void veth_create_request_is_byte_exact(void **state)
{
	static const unsigned char want[] = {
		/* nlmsghdr: len 156, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE, seq 0, pid 0 */
		U32(156), U16(RTM_NEWLINK), U16(0x0605), U32(0), U32(0),
		/* ifinfomsg: AF_UNSPEC, type 0, index 0, flags IFF_UP, change IFF_UP */
		0, 0, U16(0), U32(0), U32(IFF_UP), U32(IFF_UP),
		ATTR(9, IFLA_IFNAME), 'l', 'c', 'v', '0', 0, 0, 0, 0,
		ATTR(8, IFLA_MTU), U32(1400),
		ATTR(8, IFLA_TXQLEN), U32(500),
		ATTR(8, IFLA_MASTER), U32(7),
		ATTR(88, NESTED | IFLA_LINKINFO),
		  ATTR(9, IFLA_INFO_KIND), 'v', 'e', 't', 'h', 0, 0, 0, 0,
		  ATTR(72, NESTED | IFLA_INFO_DATA),
		    ATTR(68, NESTED | VETH_INFO_PEER),
		      0, 0, U16(0), U32(0), U32(0), U32(0),
		      ATTR(9, IFLA_IFNAME), 'e', 't', 'h', '0', 0, 0, 0, 0,
		      ATTR(8, IFLA_NET_NS_FD), U32(5),
		      ATTR(8, IFLA_MTU), U32(1400),
		      ATTR(8, IFLA_TXQLEN), U32(500),
		      ATTR(10, IFLA_ADDRESS), 0x02, 0x00, 0x0a, 0x00, 0x00, 0x02, 0, 0,
	};
	static const unsigned char mac[6] = {0x02, 0x00, 0x0a, 0x00, 0x00, 0x02};
	lc_network n;
	nl_msg m;

	(void)state;
	memset(&n, 0, sizeof n);
	n.type = LC_NET_VETH;
	n.name = "eth0";
	n.mtu = 1400;
	n.txqueuelen = 500;
	nl_build_veth(&m, &n, "lcv0", 7, 5, mac);
	assert_false(m.overflow);
	assert_int_equal(m.len, sizeof want);
	assert_memory_equal(m.u.b, want, sizeof want);
}

static void macvlan_and_ipvlan_requests_carry_their_mode(void **state)
{
	static const unsigned char want_mv[] = {
		U32(84), U16(RTM_NEWLINK), U16(0x0605), U32(0), U32(0),
		0, 0, U16(0), U32(0), U32(0), U32(0),
		ATTR(8, IFLA_IFNAME), 'm', 'v', '0', 0,
		ATTR(8, IFLA_LINK), U32(3),
		ATTR(8, IFLA_NET_NS_FD), U32(9),
		ATTR(28, NESTED | IFLA_LINKINFO),
		  ATTR(12, IFLA_INFO_KIND), 'm', 'a', 'c', 'v', 'l', 'a', 'n', 0,
		  ATTR(12, NESTED | IFLA_INFO_DATA),
		    ATTR(8, IFLA_MACVLAN_MODE), U32(MACVLAN_MODE_VEPA),
	};
	static const unsigned char want_iv_info[] = {
		ATTR(28, NESTED | IFLA_LINKINFO),
		  ATTR(11, IFLA_INFO_KIND), 'i', 'p', 'v', 'l', 'a', 'n', 0, 0,
		  ATTR(12, NESTED | IFLA_INFO_DATA),
		    ATTR(6, IFLA_IPVLAN_MODE), U16(IPVLAN_MODE_L3), 0, 0,
	};
	lc_network n;
	nl_msg m;

	(void)state;
	memset(&n, 0, sizeof n);
	n.type = LC_NET_MACVLAN;
	n.name = "mv0";
	n.mode = LC_NET_MODE_VEPA;
	nl_build_vlan(&m, &n, 3, 9, NULL);
	assert_int_equal(m.len, sizeof want_mv);
	assert_memory_equal(m.u.b, want_mv, sizeof want_mv);
	n.type = LC_NET_IPVLAN;
	n.mode = LC_NET_MODE_L3;
	nl_build_vlan(&m, &n, 3, 9, NULL);
	assert_int_equal(m.len, 56 + sizeof want_iv_info);
	assert_memory_equal(m.u.b + 56, want_iv_info, sizeof want_iv_info);
}

static void address_request_has_local_address_and_broadcast(void **state)
{
	static const unsigned char want[] = {
		U32(48), U16(RTM_NEWADDR), U16(0x0605), U32(0), U32(0),
		/* ifaddrmsg: AF_INET, /24, flags 0, scope universe, index 4 */
		AF_INET, 24, 0, RT_SCOPE_UNIVERSE, U32(4),
		ATTR(8, IFA_LOCAL), 10, 0, 0, 2,
		ATTR(8, IFA_ADDRESS), 10, 0, 0, 2,
		ATTR(8, IFA_BROADCAST), 10, 0, 0, 255,
	};
	nl_msg m;
	cfg_ip ip;

	(void)state;
	assert_int_equal(cfg_ip_parse("10.0.0.2/24", 1, &ip), 0);
	nl_build_addr(&m, 4, &ip);
	assert_int_equal(m.len, sizeof want);
	assert_memory_equal(m.u.b, want, sizeof want);
	/* IPv6: no broadcast; loopback addresses get host scope */
	assert_int_equal(cfg_ip_parse("::1/128", 1, &ip), 0);
	nl_build_addr(&m, 1, &ip);
	assert_int_equal(m.len, 16 + 8 + 2 * 20);
	assert_int_equal(((struct ifaddrmsg *)(m.u.b + 16))->ifa_scope, RT_SCOPE_HOST);
}

static void route_request_for_a_default_gateway(void **state)
{
	static const unsigned char want[] = {
		U32(44), U16(RTM_NEWROUTE), U16(0x0605), U32(0), U32(0),
		/* rtmsg: AF_INET, dst /0, src /0, tos 0, main, boot, universe, unicast, flags 0 */
		AF_INET, 0, 0, 0, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_UNIVERSE, RTN_UNICAST, U32(0),
		ATTR(8, RTA_GATEWAY), 10, 0, 0, 1,
		ATTR(8, RTA_OIF), U32(2),
	};
	cfg_ip dst;
	cfg_ip gw;
	nl_msg m;

	(void)state;
	memset(&dst, 0, sizeof dst);
	dst.family = AF_INET;
	assert_int_equal(cfg_ip_parse("10.0.0.1", 0, &gw), 0);
	nl_build_route(&m, &dst, &gw, NULL, 2);
	assert_int_equal(m.len, sizeof want);
	assert_memory_equal(m.u.b, want, sizeof want);
	/* a link route: RTA_DST, link scope */
	assert_int_equal(cfg_ip_parse("fd01::/64", 1, &dst), 0);
	nl_build_route(&m, &dst, NULL, NULL, 2);
	assert_int_equal(((struct rtmsg *)(m.u.b + 16))->rtm_scope, RT_SCOPE_LINK);
	assert_int_equal(((struct rtmsg *)(m.u.b + 16))->rtm_dst_len, 64);
	assert_int_equal(m.len, 16 + 12 + 20 + 8);
}

static void hairpin_and_move_requests(void **state)
{
	static const unsigned char want_hp[] = {
		U32(44), U16(RTM_SETLINK), U16(0x0005), U32(0), U32(0),
		AF_BRIDGE, 0, U16(0), U32(6), U32(0), U32(0),
		ATTR(12, NESTED | IFLA_PROTINFO), ATTR(5, IFLA_BRPORT_MODE), 1, 0, 0, 0,
	};
	static const unsigned char want_mv[] = {
		U32(52), U16(RTM_NEWLINK), U16(0x0005), U32(0), U32(0),
		0, 0, U16(0), U32(12), U32(0), U32(0),
		ATTR(8, IFLA_NET_NS_FD), U32(4),
		ATTR(10, IFLA_IFNAME), 'e', 't', 'h', '1', '0', 0, 0, 0,
	};
	nl_msg m;

	(void)state;
	nl_build_hairpin(&m, 6);
	assert_int_equal(m.len, sizeof want_hp);
	assert_memory_equal(m.u.b, want_hp, sizeof want_hp);
	nl_build_move(&m, 12, 4, "eth10");
	assert_int_equal(m.len, sizeof want_mv);
	assert_memory_equal(m.u.b, want_mv, sizeof want_mv);
}

static void a_request_that_does_not_fit_is_refused(void **state)
{
	char name[NL_MSG_MAX];
	nl_sock s = {-1, 0};
	lc_error err;
	nl_msg m;

	(void)state;
	memset(name, 'x', 40);
	name[40] = '\0';
	nl_msg_init(&m, RTM_NEWLINK, 0);
	while (!m.overflow)
		nl_attr_str(&m, IFLA_IFNAME, name);
	nl_attr(&m, IFLA_IFNAME, name, sizeof name - 1); /* bigger than scratch: dropped */
	assert_true(m.len <= NL_MSG_MAX);
	assert_int_equal(nl_call(&s, &m, NULL, NULL, "big", &err), LC_EMISUSE);
	assert_msg(err.msg, "big: netlink request too large");
}

/* ---- answers ----------------------------------------------------------- */

/* A canned answer: NLMSG_ERROR for seq with error e, capped or echoing a
** 20-byte request, and the extended ACK text when text != NULL. */
static size_t canned_ack(unsigned char *buf, uint32_t seq, int e, int capped, const char *text)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct nlmsgerr *ne = NLMSG_DATA(h);
	size_t off;

	memset(buf, 0, 256);
	h->nlmsg_type = NLMSG_ERROR;
	h->nlmsg_seq = seq;
	ne->error = e;
	ne->msg.nlmsg_len = capped ? 16 : 36; /* the request: header + 20 bytes */
	ne->msg.nlmsg_type = RTM_NEWLINK;
	ne->msg.nlmsg_seq = seq;
	off = NLMSG_HDRLEN + (capped ? sizeof *ne : NLMSG_ALIGN(4 + 36));
	if (capped)
		h->nlmsg_flags |= NLM_F_CAPPED;
	if (text) {
		struct rtattr *a = (struct rtattr *)(buf + off);

		h->nlmsg_flags |= NLM_F_ACK_TLVS;
		a->rta_type = NLMSGERR_ATTR_MSG;
		a->rta_len = (unsigned short)RTA_LENGTH(strlen(text) + 1);
		memcpy(RTA_DATA(a), text, strlen(text) + 1);
		off += RTA_ALIGN(a->rta_len);
		/* an offset attribute after it, as the kernel sends */
		a = (struct rtattr *)(buf + off);
		a->rta_type = 2; /* NLMSGERR_ATTR_OFFS */
		a->rta_len = RTA_LENGTH(4);
		off += 8;
	}
	h->nlmsg_len = (uint32_t)off;
	return off;
}

static void ack_parsing(void **state)
{
	unsigned char buf[256];
	char text[64];
	size_t n;
	int error;

	(void)state;
	n = canned_ack(buf, 3, 0, 1, NULL);
	error = 0;
	assert_int_equal(nl_parse(buf, n, 3, NULL, NULL, &error, text, sizeof text), 1);
	assert_int_equal(error, 0);
	assert_string_equal(text, "");
	/* extended ACK text, capped */
	n = canned_ack(buf, 3, -EOPNOTSUPP, 1, "Unknown device type");
	error = 0;
	assert_int_equal(nl_parse(buf, n, 3, NULL, NULL, &error, text, sizeof text), 1);
	assert_int_equal(error, -EOPNOTSUPP);
	assert_string_equal(text, "Unknown device type");
	/* not capped: the TLVs come after the echoed request */
	n = canned_ack(buf, 3, -EINVAL, 0, "Nexthop has invalid gateway");
	error = 0;
	assert_int_equal(nl_parse(buf, n, 3, NULL, NULL, &error, text, sizeof text), 1);
	assert_int_equal(error, -EINVAL);
	assert_string_equal(text, "Nexthop has invalid gateway");
	/* a long text is cut to the buffer */
	assert_int_equal(nl_parse(buf, n, 3, NULL, NULL, &error, text, 8), 1);
	assert_string_equal(text, "Nexthop");
	/* the answer to another request is skipped */
	error = 0;
	assert_int_equal(nl_parse(buf, n, 4, NULL, NULL, &error, text, sizeof text), 0);
	assert_int_equal(error, 0);
}

static void malformed_answers_are_refused(void **state)
{
	unsigned char buf[256];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	char text[64];
	size_t n;
	int error = 0;

	(void)state;
	n = canned_ack(buf, 3, -EINVAL, 0, "x");
	assert_int_equal(nl_parse(buf, n - 4, 3, NULL, NULL, &error, text, sizeof text), -EPROTO);
	assert_int_equal(nl_parse(buf, 10, 3, NULL, NULL, &error, text, sizeof text), -EPROTO);
	h->nlmsg_len = 20; /* an error message too short for struct nlmsgerr */
	assert_int_equal(nl_parse(buf, 20, 3, NULL, NULL, &error, text, sizeof text), -EPROTO);
	/* an echoed length past the message: no text, no overread */
	n = canned_ack(buf, 3, -EINVAL, 0, "x");
	((struct nlmsgerr *)NLMSG_DATA(h))->msg.nlmsg_len = 5000;
	error = 0;
	assert_int_equal(nl_parse(buf, n, 3, NULL, NULL, &error, text, sizeof text), 1);
	assert_int_equal(error, -EINVAL);
	assert_string_equal(text, "");
	/* an attribute running past its message */
	n = canned_ack(buf, 3, -EINVAL, 1, "abc");
	((struct rtattr *)(buf + NLMSG_HDRLEN + sizeof(struct nlmsgerr)))->rta_len = 200;
	assert_int_equal(nl_parse(buf, n, 3, NULL, NULL, &error, text, sizeof text), 1);
	assert_string_equal(text, "");
}

/* An RTM_NEWLINK answer for link index, name, kind (NULL: none). */
static size_t canned_link(unsigned char *buf, uint32_t seq, int index, const char *name,
			  const char *kind)
{
	nl_msg m;

	nl_msg_init(&m, RTM_NEWLINK, 0);
	m.u.h.nlmsg_flags = 0;
	m.u.h.nlmsg_seq = seq;
	nl_ifi(&m, index)->ifi_flags = IFF_UP | IFF_BROADCAST;
	nl_attr_str(&m, IFLA_IFNAME, name);
	nl_attr_u32(&m, IFLA_MTU, 1500);
	if (kind) {
		size_t li = nl_nest_begin(&m, IFLA_LINKINFO);

		nl_attr_str(&m, IFLA_INFO_KIND, kind);
		nl_nest_end(&m, li);
	}
	memcpy(buf, m.u.b, m.len);
	return m.len;
}

static void link_answer_then_ack_in_one_datagram(void **state)
{
	unsigned char buf[512];
	char text[64];
	nl_link l;
	size_t n;
	int error = 0;

	(void)state;
	n = canned_link(buf, 9, 7, "br0", "bridge");
	n += canned_ack(buf + n, 9, 0, 1, NULL);
	assert_int_equal(nl_parse(buf, n, 9, nl_link_cb, &l, &error, text, sizeof text), 1);
	assert_int_equal(error, 0);
	assert_int_equal(l.index, 7);
	assert_string_equal(l.name, "br0");
	assert_string_equal(l.kind, "bridge");
	assert_true(l.flags & IFF_UP);
	n = canned_link(buf, 9, 2, "eth0", NULL);
	assert_int_equal(nl_parse(buf, n, 9, nl_link_cb, &l, &error, text, sizeof text), 0);
	assert_string_equal(l.kind, "");
}

/* An RTM_NEWADDR dump message. */
static size_t canned_addr(unsigned char *buf, uint32_t seq, int index, int family,
			  const char *addr, unsigned prefix, unsigned flags, int scope)
{
	struct ifaddrmsg *ifa;
	unsigned char a[16];
	nl_msg m;

	inet_pton(family, addr, a);
	nl_msg_init(&m, RTM_NEWADDR, 0);
	m.u.h.nlmsg_flags = NLM_F_MULTI;
	m.u.h.nlmsg_seq = seq;
	ifa = nl_put(&m, sizeof *ifa);
	ifa->ifa_family = (unsigned char)family;
	ifa->ifa_prefixlen = (unsigned char)prefix;
	ifa->ifa_index = (unsigned)index;
	ifa->ifa_scope = (unsigned char)scope;
	ifa->ifa_flags = (unsigned char)flags;
	nl_attr(&m, IFA_ADDRESS, a, family == AF_INET ? 4 : 16);
	nl_attr_u32(&m, IFA_FLAGS, flags);
	memcpy(buf, m.u.b, m.len);
	return m.len;
}

static void address_dump_keeps_permanent_global_ones_of_the_link(void **state)
{
	unsigned char buf[1024];
	struct nlmsghdr *done;
	char text[64];
	nl_addrs as;
	size_t n;
	int error = 0;

	(void)state;
	memset(&as, 0, sizeof as);
	as.index = 5;
	n = canned_addr(buf, 2, 5, AF_INET, "10.5.0.1", 24, IFA_F_PERMANENT, RT_SCOPE_UNIVERSE);
	n += canned_addr(buf + n, 2, 5, AF_INET6, "fe80::1", 64, IFA_F_PERMANENT, RT_SCOPE_LINK);
	n += canned_addr(buf + n, 2, 5, AF_INET6, "fd05::7", 64, 0, RT_SCOPE_UNIVERSE);
	n += canned_addr(buf + n, 2, 6, AF_INET, "10.6.0.1", 24, IFA_F_PERMANENT, RT_SCOPE_UNIVERSE);
	n += canned_addr(buf + n, 2, 5, AF_INET6, "fd05::1", 64, IFA_F_PERMANENT, RT_SCOPE_UNIVERSE);
	/* first datagram: no DONE yet */
	assert_int_equal(nl_parse(buf, n, 2, nl_addr_cb, &as, &error, text, sizeof text), 0);
	assert_int_equal(error, 0);
	assert_int_equal(as.n, 2);
	assert_int_equal(as.ip[0].family, AF_INET);
	assert_int_equal(as.ip[0].prefix, 24);
	assert_memory_equal(as.ip[0].addr, "\x0a\x05\x00\x01", 4);
	assert_int_equal(as.ip[1].family, AF_INET6);
	/* second datagram: DONE with error 0 */
	done = (struct nlmsghdr *)buf;
	memset(buf, 0, 32);
	done->nlmsg_len = NLMSG_LENGTH(sizeof(int));
	done->nlmsg_type = NLMSG_DONE;
	done->nlmsg_flags = NLM_F_MULTI;
	done->nlmsg_seq = 2;
	assert_int_equal(nl_parse(buf, done->nlmsg_len, 2, nl_addr_cb, &as, &error, text,
				  sizeof text),
			 1);
	assert_int_equal(error, 0);
	/* a DONE that reports an error (a dump interrupted by the kernel) */
	*(int *)NLMSG_DATA(done) = -EINTR;
	assert_int_equal(nl_parse(buf, done->nlmsg_len, 2, NULL, NULL, &error, text, sizeof text),
			 1);
	assert_int_equal(error, -EINTR);
}

/* nl_call against a socketpair playing the kernel: the request arrives
** as built, and the answer's extended ACK ends up in lc_error. */
static void nl_call_reports_the_kernels_extended_ack(void **state)
{
	unsigned char buf[512];
	nl_sock s;
	lc_error err;
	nl_link l;
	nl_msg m;
	ssize_t r;
	int sv[2];
	size_t n;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	s.fd = sv[0];
	s.seq = 40;
	/* an error with text */
	n = canned_ack(buf, 41, -EOPNOTSUPP, 1, "Unknown device type");
	assert_int_equal(write(sv[1], buf, n), (ssize_t)n);
	nl_build_updown(&m, 0, "eth0", 1);
	memset(&err, 0, sizeof err);
	assert_int_equal(nl_call(&s, &m, NULL, NULL, "create veth v0", &err), LC_ESYS);
	assert_int_equal(err.sys_errno, EOPNOTSUPP);
	assert_msg(err.msg, "create veth v0: Unknown device type: Operation not supported");
	r = read(sv[1], buf, sizeof buf);
	assert_int_equal(r, (ssize_t)m.len);
	assert_int_equal(((struct nlmsghdr *)buf)->nlmsg_seq, 41);
	assert_int_equal(((struct nlmsghdr *)buf)->nlmsg_len, m.len);
	/* an error without text; a stale answer to an older request first */
	n = canned_ack(buf, 40, 0, 1, NULL);
	n += canned_ack(buf + n, 42, -ENODEV, 0, NULL);
	assert_int_equal(write(sv[1], buf, n), (ssize_t)n);
	assert_int_equal(nl_call(&s, &m, NULL, NULL, "bridge br9", &err), LC_ESYS);
	assert_msg(err.msg, "bridge br9: No such device");
	assert_true(read(sv[1], buf, sizeof buf) > 0);
	/* a link lookup: the answer, then the ACK in a second datagram */
	n = canned_link(buf, 43, 3, "lcbr0", "bridge");
	assert_int_equal(write(sv[1], buf, n), (ssize_t)n);
	n = canned_ack(buf, 43, 0, 1, NULL);
	assert_int_equal(write(sv[1], buf, n), (ssize_t)n);
	assert_int_equal(nl_link_get(&s, "lcbr0", 0, &l, "bridge lcbr0", &err), 0);
	assert_int_equal(l.index, 3);
	assert_string_equal(l.kind, "bridge");
	assert_true(read(sv[1], buf, sizeof buf) > 0);
	/* garbage */
	memset(buf, 0xff, 8);
	assert_int_equal(write(sv[1], buf, 8), 8);
	assert_int_equal(nl_call(&s, &m, NULL, NULL, "x", &err), LC_ESYS);
	assert_msg(err.msg, "x: malformed netlink answer: Protocol error");
	close(sv[0]);
	close(sv[1]);
}

/* A record made in another network namespace is never acted on: only
** the record itself goes. */
static void a_record_from_another_namespace_touches_nothing(void **state)
{
	lc_container c;

	(void)state;
	memset(&c, 0, sizeof c);
	c.id = "x";
	c.dir = "/nonexistent-lc-test";
	c.dirfd = -1;
	c.net_state = str_dup("ns=1:2 veth=1/lo dev=1/lo/lo/1");
	assert_non_null(c.net_state);
	nl_net_stop(&c);
	assert_null(c.net_state);
}

static void generated_records_fit_their_buffer(void **state)
{
	lc_container c;
	lc_config cfg;
	char name[IFNAMSIZ];
	size_t i;

	(void)state;
	memset(&c, 0, sizeof c);
	memset(&cfg, 0, sizeof cfg);
	cfg.n_networks = 3;
	cfg.n_net_devices = 2;
	c.cfg = &cfg;
	assert_int_equal(nl_rec_init(&c, NULL), 0);
	memset(name, 'x', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	nl_rec_add(&c, "pin");
	for (i = 0; i < 3; i++)
		nl_rec_add(&c, "veth=%d/%s", 2147483647, name);
	for (i = 0; i < 2; i++)
		nl_rec_add(&c, "dev=%d/%s/%s/%d", 2147483647, name, name, 1);
	assert_true(strlen(c.net_state) < c.net_state_size);
	assert_non_null(strstr(c.net_state, "dev=2147483647/xxxxxxxxxxxxxxx/xxxxxxxxxxxxxxx/1"));
	assert_int_equal(c.net_state[strlen(c.net_state) - 1], '1');
	mem_free(c.net_state);
}

/* A network's mode is refused unless it is one of its type's: every
** type against every mode, and a few out of range. */
static void network_modes_are_checked_against_their_type(void **state)
{
	int type;
	int mode;

	(void)state;
	for (type = LC_NET_VETH; type <= LC_NET_IPVLAN; type++)
		for (mode = -2; mode <= LC_NET_MODE_L3S + 2; mode++) {
			lc_network n;
			lc_error err;
			int ok = mode == 0 || (type == LC_NET_MACVLAN && mode >= LC_NET_MODE_BRIDGE &&
					       mode <= LC_NET_MODE_PASSTHRU) ||
				 (type == LC_NET_IPVLAN && mode >= LC_NET_MODE_L2 &&
				  mode <= LC_NET_MODE_L3S);

			memset(&n, 0, sizeof n);
			n.type = type;
			n.name = (char *)"eth0";
			n.parent = type == LC_NET_VETH ? NULL : (char *)"d0";
			n.mode = mode;
			memset(&err, 0, sizeof err);
			if (ok) {
				assert_int_equal(nl_check_network(&n, &err), 0);
			} else {
				assert_int_equal(nl_check_network(&n, &err), LC_ECONFIG);
				assert_string_equal(err.msg, "mode: not one of this type's");
			}
		}
}

/* cfg_ip_parse's own IPv4/IPv6 reader takes what libc's inet_pton takes
** and gives the same bytes: a list of well-formed and malformed
** addresses, then random strings over their alphabet. */
static void ip_parse_matches_inet_pton(void **state)
{
	static const char *const ips[] = {
		"0.0.0.0", "1.2.3.4", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3.04",
		"1.2.3", "1.2.3.4.", ".1.2.3.4", "1..2.3", "1.2.3.4.5", "1234.1.1.1", "1.2.3.a",
		"1.2.3.-1", " 1.2.3.4", "1.2.3.4 ", "0x1.2.3.4", "00.0.0.0", "0.0.0.00",
		"::", "::1", "1::", "fe80::1", "FE80::A:b", "2001:db8::8:800:200c:417a",
		"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7::",
		"::1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1::2::3", ":::",
		":1::", "1::2:", ":1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:", "12345::", "1:23456::",
		"::ffff:1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4",
		"1:2:3:4:5:6::1.2.3.4", "1:2:3:4:5::1.2.3.4", "::1.2.3.4:1", "::1.2.3",
		"::01.2.3.4", "::256.1.1.1", "::a.2.3.4", "::1234.1.1.1", "1.2.3.4::", "::g",
		"0:0:0:0:0:0:0:0", "0000:0000:0000:0000:0000:0000:0000:0001", "00000::",
		"::ffff:", "1:", ":", "", "1::2:3:4:5:6:7", "1::2:3:4:5:6:7:8", "::1::",
	};
	static const char *const alphabets[] = {"0123456789aF:.:.::1x", "0123456789...", "012589.:"};
	char buf[48];
	size_t i;
	size_t k;

	(void)state;
	srand(7);
	for (i = 0; i < sizeof ips / sizeof ips[0] + 200000; i++) {
		const char *s = buf;
		unsigned char want[16];
		unsigned char got[16];
		int fam = 0;

		if (i < sizeof ips / sizeof ips[0]) {
			s = ips[i];
		} else {
			const char *alphabet = alphabets[i % 3];
			size_t n = (size_t)rand() % 24;

			for (k = 0; k < n; k++)
				buf[k] = alphabet[(size_t)rand() % strlen(alphabet)];
			buf[n] = '\0';
		}
		if (inet_pton(AF_INET, s, want) == 1)
			fam = AF_INET;
		else if (inet_pton(AF_INET6, s, want) == 1)
			fam = AF_INET6;
		if (cfg_ip4(s, got) == 0) {
			assert_int_equal(fam, AF_INET);
			assert_memory_equal(got, want, 4);
		} else if (cfg_ip6(s, got) == 0) {
			if (fam != AF_INET6)
				fail_msg("\"%s\": libc refuses it", s);
			assert_memory_equal(got, want, 16);
		} else if (fam) {
			fail_msg("\"%s\": libc takes it", s);
		}
	}
}

/* nl_ip_text (move's error context) writes what inet_ntop writes. */
static void ip_text_matches_inet_ntop(void **state)
{
	static const char *const ips[] = {
		"0.0.0.0", "10.1.2.3", "255.255.255.255", "::", "::1", "fe80::1",
		"2001:db8::8:800:200c:417a", "2001:db8:0:1:1:1:1:1", "1:0:0:2:0:0:0:3",
		"1:0:0:2:0:0:3:4", "ff02::2", "1::", "1:2:3:4:5:6:7:8", "0:1::",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ips / sizeof ips[0]; i++) {
		cfg_ip ip = { .family = strchr(ips[i], ':') ? AF_INET6 : AF_INET };
		char mine[INET6_ADDRSTRLEN];
		char libc[INET6_ADDRSTRLEN];

		assert_int_equal(inet_pton(ip.family, ips[i], ip.addr), 1);
		nl_ip_text(&ip, mine, sizeof mine);
		inet_ntop(ip.family, ip.addr, libc, sizeof libc);
		assert_string_equal(mine, libc);
	}
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
#ifndef LC_NO_NETLINK
		cmocka_unit_test(annotations_give_networks_in_order),
		cmocka_unit_test(route_annotations_are_added_in_the_order_of_their_number),
		cmocka_unit_test(bad_annotations_are_refused_naming_their_key),
#endif
		cmocka_unit_test(net_devices_are_parsed_and_checked),
		cmocka_unit_test(config_checks_name_the_network_entry),
		cmocka_unit_test(networks_survive_the_deep_copy),
		cmocka_unit_test(network_config_fails_cleanly_on_every_allocation_failure),
		cmocka_unit_test(addresses_and_macs_parse),
#ifndef LC_NO_NETLINK
		cmocka_unit_test(ip_parse_matches_inet_pton),
		cmocka_unit_test(network_modes_are_checked_against_their_type),
		cmocka_unit_test(ip_text_matches_inet_ntop),
		cmocka_unit_test(veth_create_request_is_byte_exact),
		cmocka_unit_test(macvlan_and_ipvlan_requests_carry_their_mode),
		cmocka_unit_test(address_request_has_local_address_and_broadcast),
		cmocka_unit_test(route_request_for_a_default_gateway),
		cmocka_unit_test(hairpin_and_move_requests),
		cmocka_unit_test(a_request_that_does_not_fit_is_refused),
		cmocka_unit_test(ack_parsing),
		cmocka_unit_test(malformed_answers_are_refused),
		cmocka_unit_test(link_answer_then_ack_in_one_datagram),
		cmocka_unit_test(address_dump_keeps_permanent_global_ones_of_the_link),
		cmocka_unit_test(nl_call_reports_the_kernels_extended_ack),
		cmocka_unit_test(a_record_from_another_namespace_touches_nothing),
		cmocka_unit_test(generated_records_fit_their_buffer),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
