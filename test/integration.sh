#!/bin/bash
# Integration tests: run real containers through an OCI runtime CLI.
#
#   RUNTIME=./runner test/integration.sh [FILTER]
#
# RUNTIME defaults to ./runner; RUNTIME=runc runs the same tests against runc,
# which the runner must behave like. FILTER (an extended regex) picks the
# tests whose name matches (t_foo_bar, or as printed: "foo bar").
#
# Every test runs in a fresh state directory (--root) with its own hardlinked
# copy of one busybox rootfs (made by mkbundle.sh), under a time limit
# (TEST_TIMEOUT, 20 s), and is cleaned up afterwards whatever happened:
# containers deleted with -f, their cgroups (/lctest/<id> in every hierarchy)
# removed, mounts under the test's own directory unmounted. Output: one line
# per test (`ok - name`, `not ok - name: reason`, `skip - name: reason`), then
# exactly one line `N passed, N failed, N skipped`; exit status 1 if any test
# failed. Lines starting with '#' are notes, not results; VERBOSE=1 adds the
# log of each failed test as such notes.
#
# Needs root and python3.

# Container scripts are single-quoted on purpose (they expand inside).
# shellcheck disable=SC2016,SC2015
set -u
export LC_ALL=C

SELF=$(realpath -- "${BASH_SOURCE[0]}")
HERE=$(dirname -- "$SELF")
# How much slower than a plain host this machine is (the emulated test VM
# sets it), for the few waits that depend on the container's speed.
SLOW=${LC_TEST_SLOW:-1}
TEST_TIMEOUT=${TEST_TIMEOUT:-20}

# ------------------------------------------------------------------ runtime

resolve_runtime() {
	local r=${RUNTIME:-./runner}
	case $r in
	*/*) [ -e "$r" ] && realpath -- "$r" || echo "$r" ;;
	*) command -v -- "$r" || echo "$r" ;;
	esac
}

# runc 1.1 and older differ from what the runner must do in a few places (see
# the tests that call runc_differs); this tells them apart.
runtime_is_old_runc() {
	"$RUNTIME" --version 2>/dev/null | head -n1 | grep -Eq '^runc version (0\.|1\.[01]\.)'
}

# -------------------------------------------------------- per-test helpers
# These run inside the per-test process (`integration.sh __one NAME`), where
# T (the test's directory), ROOT (its --root), ROOTFS (the shared rootfs),
# BASECFG (the base config.json) and IDPFX are set.

ASSERTS=0
note_ok() { ASSERTS=$((ASSERTS + 1)); }

oneline() { # squash text to one short line for a reason
	local s=${1//$'\n'/ | }
	s=${s//$'\t'/ }
	[ ${#s} -le 400 ] || s="${s:0:400}..."
	printf '%s' "$s"
}
fail() { printf 'fail %s\n' "$(oneline "$*")" >"$T/result"; exit 1; }
skip() { printf 'skip %s\n' "$(oneline "$*")" >"$T/result"; exit 0; }
# A place where runc (the reference) is known to differ from the sensible
# behaviour the test asserts: under runc <= 1.1 the test is skipped with the
# reason; any other runtime must do it right.
runc_differs() { if runtime_is_old_runc; then skip "runc <= 1.1 differs: $*"; fi; }

expect_eq() { # WHAT EXPECTED ACTUAL
	[ "$3" == "$2" ] || fail "$1: expected '$2', got '$3'"
	note_ok
}
expect_ne() { # WHAT UNEXPECTED ACTUAL
	[ "$3" != "$2" ] || fail "$1: got '$3', which it must not be"
	note_ok
}
expect_match() { # WHAT ERE TEXT
	[[ $3 =~ $2 ]] || fail "$1: '$3' does not match /$2/"
	note_ok
}
expect_nomatch() { # WHAT ERE TEXT
	[[ $3 =~ $2 ]] && fail "$1: '$3' matches /$2/"
	note_ok
}
expect_contains() { # WHAT NEEDLE HAYSTACK
	[[ $3 == *"$2"* ]] || fail "$1: '$2' not in '$3'"
	note_ok
}
expect_icontains() { # WHAT NEEDLE HAYSTACK (case-insensitive)
	[[ ${3,,} == *"${2,,}"* ]] || fail "$1: '$2' not in '$3'"
	note_ok
}
expect_rc() { # WHAT EXPECTED ACTUAL [DETAIL]
	[ "$3" = "$2" ] || fail "$1: exit status $3, expected $2${4:+ ($4)}"
	note_ok
}
expect_fails() { # WHAT RC [DETAIL]
	[ "$2" != 0 ] || fail "$1: succeeded, expected a failure${3:+ ($3)}"
	note_ok
}

cid() { printf '%s-%s' "$IDPFX" "$1"; } # a container ID unique to this run

rt() { "$RUNTIME" --root "$ROOT" "$@"; }

# mkb ID SCRIPT [PYTHON]: bundle at $T/b-ID whose process runs `sh -c SCRIPT`
# (SCRIPT empty: args left as in the base config), root.path = the test's own
# rootfs (read-only), cgroupsPath /lctest/ID; then PYTHON is exec'd with `c`
# the config and helpers: p (process), l (linux), tmpfs(dest, *opts),
# bind(src, dest, *opts), drop_ns(type), set_ns(type, path=None).
mkb() {
	local id=$1 script=$2 edit=${3:-}
	local b=$T/b-$id
	mkdir -p "$b" || fail "mkdir $b"
	echo "$id" >>"$T/ids"
	[ -d "$T/rootfs" ] || cp -al "$ROOTFS" "$T/rootfs" || fail "cannot copy the rootfs"
	python3 - "$BASECFG" "$b/config.json" "$id" "$T/rootfs" "$script" "$edit" <<-'EOF' >"$T/mkb.err" 2>&1 ||
	import json, sys
	src, dst, cid, rootfs, script, edit = sys.argv[1:7]
	with open(src) as f:
	    c = json.load(f)
	c["root"] = {"path": rootfs, "readonly": True}
	l = c.setdefault("linux", {})
	l["cgroupsPath"] = "/lctest/" + cid
	p = c["process"]
	p["terminal"] = False
	if script:
	    p["args"] = ["sh", "-c", script]
	def tmpfs(dest, *opts):
	    c["mounts"].append({"destination": dest, "type": "tmpfs", "source": "tmpfs", "options": list(opts)})
	def bind(src, dest, *opts):
	    c["mounts"].append({"destination": dest, "type": "bind", "source": src, "options": ["rbind"] + list(opts)})
	def drop_ns(t):
	    l["namespaces"] = [n for n in l["namespaces"] if n["type"] != t]
	def set_ns(t, path=None):
	    drop_ns(t)
	    l["namespaces"].append({"type": t, "path": path} if path else {"type": t})
	exec(edit)
	with open(dst, "w") as f:
	    json.dump(c, f, indent=1)
	EOF
		fail "mkb $id: $(cat "$T/mkb.err")"
}

# write config.json of bundle ID raw (for malformed-input tests)
raw_config() { printf '%s' "$2" >"$T/b-$1/config.json"; }

# run_ctr ID [RUN-OPTIONS...]: `run` in the foreground with stdin /dev/null;
# sets RC, OUT, ERR. Output goes through files so that a process left holding
# the pipe cannot hang the test.
run_ctr() {
	local id=$1
	shift
	rt run --bundle "$T/b-$id" "$@" "$id" </dev/null >"$T/$id.out" 2>"$T/$id.err"
	RC=$?
	OUT=$(cat "$T/$id.out")
	ERR=$(cat "$T/$id.err")
}

# run a container that must succeed; fail the test otherwise
run_ok() {
	run_ctr "$@"
	[ "$RC" = 0 ] || fail "run $1 exited $RC: $ERR $OUT"
}

# rtq CMD...: run a runtime command; sets RC OUT ERR
rtq() {
	rt "$@" </dev/null >"$T/rtq.out" 2>"$T/rtq.err"
	RC=$?
	OUT=$(cat "$T/rtq.out")
	ERR=$(cat "$T/rtq.err")
}

# field of `state ID` (json); empty when state fails
state_field() {
	rt state "$1" 2>/dev/null | python3 -c 'import json,sys
try: print(json.load(sys.stdin).get(sys.argv[1], ""))
except Exception: pass' "$2"
}

# alive PID: the process exists and is not a zombie
alive() {
	local s
	s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	s=${s##*) }
	[ "${s:0:1}" != Z ] && [ "${s:0:1}" != X ]
}

# wait_for SECONDS CMD...: poll CMD until it succeeds
wait_for() {
	local deadline=$((SECONDS + $1)) n=0
	shift
	until "$@"; do
		[ $SECONDS -lt "$deadline" ] || return 1
		sleep 0.05
	done
}
not_alive() { ! alive "$1"; }
status_is() { [ "$(state_field "$1" status)" = "$2" ]; }
file_has() { [ -s "$1" ]; }

# leftovers ID: print what the container ID (bundle $T/b-ID) left behind:
# a state directory, a cgroup, a mount, a process. Empty output: nothing.
leftovers() {
	local id=$1 d
	# state: the --root holds nothing, and nothing appeared beside it
	if [ -n "$(ls -A "$ROOT" 2>/dev/null)" ]; then
		echo "state dir has: $(ls -A "$ROOT" | tr '\n' ' ')"
	fi
	if [ "$(ls -A "$(dirname "$ROOT")")" != "$(basename "$ROOT")" ]; then
		echo "beside the state dir: $(ls -A "$(dirname "$ROOT")" | tr '\n' ' ')"
	fi
	for d in /sys/fs/cgroup/*/lctest/"$id" /sys/fs/cgroup/lctest/"$id"; do
		[ -d "$d" ] && echo "cgroup $d"
	done
	if grep -F -- "$T/" /proc/self/mountinfo >/dev/null; then
		echo "mount: $(grep -F -- "$T/" /proc/self/mountinfo | head -n3)"
	fi
	procs_of "$id" | sed 's/^/process /'
}

# procs_of ID: live processes that belong to container ID or to this test:
# in cgroup /lctest/ID, or with root, cwd or command line under $T, or in
# another mount namespace whose mounts mention $T.
procs_of() {
	python3 - "$T" "/lctest/$1" <<-'EOF'
	import os, sys
	t, cg = sys.argv[1], sys.argv[2]
	me = {os.getpid(), os.getppid()}
	def rd(p):
	    try:
	        with open(p, "rb") as f:
	            return f.read().decode("utf-8", "replace")
	    except OSError:
	        return ""
	def link(p):
	    try:
	        return os.readlink(p)
	    except OSError:
	        return ""
	mymnt = link("/proc/self/ns/mnt")
	for pid in os.listdir("/proc"):
	    if not pid.isdigit() or int(pid) in me:
	        continue
	    st = rd("/proc/%s/stat" % pid)
	    if not st or st.rsplit(")", 1)[-1].split()[0] in ("Z", "X"):
	        continue
	    why = []
	    for line in rd("/proc/%s/cgroup" % pid).splitlines():
	        path = line.split(":", 2)[-1]
	        if path == cg or path.startswith(cg + "/"):
	            why.append("in cgroup " + line)
	            break
	    cmd = rd("/proc/%s/cmdline" % pid).replace("\0", " ").strip()
	    if t + "/" in cmd + " ":
	        why.append("command line mentions the test dir")
	    for l in ("root", "cwd"):
	        if link("/proc/%s/%s" % (pid, l)).startswith(t + "/"):
	            why.append(l + " under the test dir")
	    mnt = link("/proc/%s/ns/mnt" % pid)
	    if mnt and mnt != mymnt and (" " + t + "/") in rd("/proc/%s/mountinfo" % pid):
	        why.append("its mounts use the test dir")
	    if why:
	        print(pid, repr(cmd), "; ".join(why))
	EOF
}

expect_no_leftovers() { # WHAT ID
	local l
	l=$(leftovers "$2")
	[ -z "$l" ] || fail "$1 left behind: $l"
	note_ok
}

# the namespace links of the test process itself (the host's)
host_ns() { readlink "/proc/self/ns/$1"; }

# --------------------------------------------------------------- the tests

t_hostname_is_set_from_config() {
	local id before
	id=$(cid h)
	before=$(hostname)
	mkb "$id" 'hostname; cat /proc/sys/kernel/hostname' 'c["hostname"] = "lc-test-host"'
	run_ok "$id"
	expect_eq "hostname output" $'lc-test-host\nlc-test-host' "$OUT"
	expect_eq "host's own hostname" "$before" "$(hostname)"
}

t_domainname_is_set_from_config() {
	local id before
	id=$(cid d)
	runc_differs "it ignores the config's domainname (runc supports it from 1.2)"
	before=$(cat /proc/sys/kernel/domainname)
	mkb "$id" 'cat /proc/sys/kernel/domainname; domainname 2>/dev/null || true' \
		'c["hostname"] = "lc-host"; c["domainname"] = "lc.example"'
	run_ok "$id"
	expect_eq "domainname inside" "lc.example" "$(head -n1 <<<"$OUT")"
	expect_eq "host's own domainname" "$before" "$(cat /proc/sys/kernel/domainname)"
}

t_every_configured_namespace_is_new() {
	local id n inside
	id=$(cid ns)
	mkb "$id" 'for n in mnt uts ipc pid net cgroup; do echo "$n $(readlink /proc/self/ns/$n)"; done' \
		'l["namespaces"] = [{"type": t} for t in ("mount", "uts", "ipc", "pid", "network", "cgroup")]'
	run_ok "$id"
	for n in mnt uts ipc pid net cgroup; do
		inside=$(awk -v n="$n" '$1 == n { print $2 }' <<<"$OUT")
		expect_match "$n namespace inside" "^$n:\[[0-9]+\]$" "$inside"
		expect_ne "$n namespace inside vs host" "$(host_ns "$n")" "$inside"
	done
}

t_a_namespace_path_is_joined() {
	local id ino inside
	id=$(cid nsj)
	touch "$T/netns" || fail "touch"
	echo "$T/netns" >>"$T/unmount"
	unshare --net="$T/netns" true || skip "cannot make a network namespace with unshare"
	ino=$(stat -L -c %i "$T/netns")
	mkb "$id" 'readlink /proc/self/ns/net; readlink /proc/self/ns/uts' \
		"set_ns('network', '$T/netns')"
	run_ok "$id"
	inside=$(head -n1 <<<"$OUT")
	expect_eq "joined net namespace" "net:[$ino]" "$inside"
	expect_ne "uts namespace (new)" "$(host_ns uts)" "$(sed -n 2p <<<"$OUT")"
}

t_loopback_is_up_in_a_new_network_namespace() {
	local id flags
	id=$(cid lo)
	mkb "$id" 'cat /sys/class/net/lo/flags /sys/class/net/lo/operstate; ip -o link show lo' \
		'set_ns("network")'
	run_ok "$id"
	flags=$(sed -n 1p <<<"$OUT")
	expect_match "lo flags" '^0x[0-9a-f]+$' "$flags"
	expect_eq "lo flags & (IFF_UP|IFF_LOOPBACK)" 9 $((flags & 9))
	expect_match "lo operstate" '^(unknown|up)$' "$(sed -n 2p <<<"$OUT")"
	expect_match "ip link show lo" '<[^>]*\bUP\b[^>]*>' "$(sed -n 3p <<<"$OUT")"
}

t_tmpfs_mount_has_its_options() {
	local id line
	id=$(cid tmpfs)
	mkb "$id" 'grep " /mnt " /proc/mounts; echo x > /mnt/f && echo wrote' \
		'tmpfs("/mnt", "size=2m", "mode=750", "nosuid", "nodev")'
	run_ok "$id"
	line=$(grep '^tmpfs /mnt ' <<<"$OUT")
	expect_match "tmpfs line in /proc/mounts" '^tmpfs /mnt tmpfs rw,' "$line"
	expect_match "tmpfs size option" '[ ,]size=2048k[ ,]' "$line"
	expect_match "tmpfs mode option" '[ ,]mode=750[ ,]' "$line"
	expect_match "tmpfs nosuid" '[ ,]nosuid[ ,]' "$line"
	expect_match "tmpfs nodev" '[ ,]nodev[ ,]' "$line"
	expect_eq "write to the tmpfs" wrote "$(tail -n1 <<<"$OUT")"
}

t_bind_mount_read_write_is_shared_with_the_host() {
	local id
	id=$(cid bind)
	mkdir -p "$T/hostdir" && echo from-host >"$T/hostdir/in" || fail "mkdir"
	mkb "$id" 'cat /mnt/in; echo from-container > /mnt/out && echo wrote' \
		"bind('$T/hostdir', '/mnt', 'rw')"
	run_ok "$id"
	expect_eq "container output" $'from-host\nwrote' "$OUT"
	expect_eq "file seen by the host" from-container "$(cat "$T/hostdir/out" 2>&1)"
}

t_bind_mount_read_only_refuses_writes() {
	local id
	id=$(cid robind)
	mkdir -p "$T/rodir" && echo ro-content >"$T/rodir/f" || fail "mkdir"
	mkb "$id" 'cat /mnt/f; touch /mnt/new; echo "touch=$?"; grep " /mnt " /proc/mounts' \
		"bind('$T/rodir', '/mnt', 'ro')"
	run_ok "$id"
	expect_eq "read through the ro bind" ro-content "$(sed -n 1p <<<"$OUT")"
	expect_eq "touch status" "touch=1" "$(sed -n 2p <<<"$OUT")"
	expect_contains "touch error" "Read-only file system" "$ERR"
	expect_match "mount flags" '^[^ ]+ /mnt [^ ]+ ro[, ]' "$(sed -n 3p <<<"$OUT")"
	[ ! -e "$T/rodir/new" ] || fail "the file was created on the host"
	note_ok
}

t_masked_paths_read_empty() {
	local id
	id=$(cid mask)
	mkb "$id" 'echo "file=[$(cat /etc/lcsecret)] bytes=$(wc -c < /etc/lcsecret)"; echo "dir=[$(ls -A /lcdir)]"; cat /lcdir/inner; echo "cat=$?"' \
		'l["maskedPaths"] = l.get("maskedPaths", []) + ["/etc/lcsecret", "/lcdir"]'
	echo secret >"$T/rootfs/etc/lcsecret" && mkdir "$T/rootfs/lcdir" && echo inner >"$T/rootfs/lcdir/inner" ||
		fail "cannot make the fixtures"
	run_ok "$id"
	expect_eq "masked file" "file=[] bytes=0" "$(sed -n 1p <<<"$OUT")"
	expect_eq "masked directory" "dir=[]" "$(sed -n 2p <<<"$OUT")"
	expect_eq "file under masked directory" "cat=1" "$(sed -n 3p <<<"$OUT")"
	expect_eq "host file intact" secret "$(cat "$T/rootfs/etc/lcsecret")"
}

t_readonly_paths_refuse_writes() {
	local id
	id=$(cid ropath)
	mkb "$id" 'touch /mnt/x; echo "ro=$?"; touch /tmp/x; echo "rw=$?"' \
		'tmpfs("/tmp"); tmpfs("/mnt"); l["readonlyPaths"] = l.get("readonlyPaths", []) + ["/mnt"]'
	run_ok "$id"
	expect_eq "touch in the readonly path" "ro=1" "$(sed -n 1p <<<"$OUT")"
	expect_contains "touch error" "Read-only file system" "$ERR"
	expect_eq "touch in a writable tmpfs" "rw=0" "$(sed -n 2p <<<"$OUT")"
}

caps_edit='
s = ["CAP_CHOWN", "CAP_NET_BIND_SERVICE", "CAP_KILL"]
p["capabilities"] = {"bounding": s, "permitted": s, "effective": s,
                     "inheritable": ["CAP_KILL"], "ambient": ["CAP_KILL"]}
'
# CAP_CHOWN 0, CAP_KILL 5, CAP_NET_BIND_SERVICE 10
caps_expected=$'CapInh:\t0000000000000020
CapPrm:\t0000000000000421
CapEff:\t0000000000000421
CapBnd:\t0000000000000421
CapAmb:\t0000000000000020'

t_capabilities_are_exactly_as_configured_with_no_new_privileges() {
	local id
	id=$(cid caps)
	mkb "$id" 'grep -E "^(Cap|NoNewPrivs)" /proc/self/status' "$caps_edit"'
p["noNewPrivileges"] = True'
	run_ok "$id"
	expect_eq "capability sets" "$caps_expected" "$(grep ^Cap <<<"$OUT")"
	expect_eq "NoNewPrivs" $'NoNewPrivs:\t1' "$(grep ^NoNewPrivs <<<"$OUT")"
}

t_capabilities_are_exactly_as_configured_without_no_new_privileges() {
	local id
	id=$(cid caps0)
	mkb "$id" 'grep -E "^(Cap|NoNewPrivs)" /proc/self/status' "$caps_edit"'
p["noNewPrivileges"] = False'
	run_ok "$id"
	expect_eq "capability sets" "$caps_expected" "$(grep ^Cap <<<"$OUT")"
	expect_eq "NoNewPrivs" $'NoNewPrivs:\t0' "$(grep ^NoNewPrivs <<<"$OUT")"
}

t_user_group_and_additional_groups() {
	local id
	id=$(cid user)
	mkb "$id" 'id; grep -E "^(Uid|Gid|Groups):" /proc/self/status' \
		'p["user"] = {"uid": 1000, "gid": 1000, "additionalGids": [1001, 2000]}'
	run_ok "$id"
	expect_eq "id" "uid=1000(lcuser) gid=1000(lcuser) groups=1001(lcgroup),2000" "$(sed -n 1p <<<"$OUT")"
	expect_eq "Uid" $'Uid:\t1000\t1000\t1000\t1000' "$(grep ^Uid <<<"$OUT")"
	expect_eq "Gid" $'Gid:\t1000\t1000\t1000\t1000' "$(grep ^Gid <<<"$OUT")"
	expect_match "Groups" $'^Groups:\t1001 2000 ?$' "$(grep ^Groups <<<"$OUT")"
}

t_umask_applies_to_new_files() {
	local id
	id=$(cid umask)
	mkb "$id" 'umask; touch /tmp/f; mkdir /tmp/d; stat -c "%a %u" /tmp/f /tmp/d' \
		'p["user"] = {"uid": 1000, "gid": 1000, "umask": 0o077}; tmpfs("/tmp", "mode=1777")'
	run_ok "$id"
	expect_eq "umask" "0077" "$(sed -n 1p <<<"$OUT")"
	expect_eq "new file mode and owner" "600 1000" "$(sed -n 2p <<<"$OUT")"
	expect_eq "new directory mode and owner" "700 1000" "$(sed -n 3p <<<"$OUT")"
}

t_rlimits_are_applied() {
	local id hard
	id=$(cid rlim)
	hard=$(ulimit -Hn)
	[ "$hard" = unlimited ] || [ "$hard" -ge 2048 ] || skip "host hard NOFILE limit $hard < 2048"
	mkb "$id" 'ulimit -Sn; ulimit -Hn; grep "^Max open files" /proc/self/limits' \
		'p["rlimits"] = [{"type": "RLIMIT_NOFILE", "soft": 1024, "hard": 2048}]'
	run_ok "$id"
	expect_eq "soft" 1024 "$(sed -n 1p <<<"$OUT")"
	expect_eq "hard" 2048 "$(sed -n 2p <<<"$OUT")"
	expect_match "/proc/self/limits" '^Max open files +1024 +2048 +files' "$(sed -n 3p <<<"$OUT")"
}

t_env_and_cwd() {
	local id
	id=$(cid env)
	mkb "$id" 'echo "FOO=$FOO"; pwd; env | grep -E "^(FOO|PATH|TERM)=" | sort' \
		'p["env"] = ["FOO=bar baz", "PATH=/bin:/sbin"]; p["cwd"] = "/tmp"'
	run_ok "$id"
	expect_eq "FOO" "FOO=bar baz" "$(sed -n 1p <<<"$OUT")"
	expect_eq "pwd" /tmp "$(sed -n 2p <<<"$OUT")"
	expect_eq "environment" $'FOO=bar baz\nPATH=/bin:/sbin' "$(sed -n '3,$p' <<<"$OUT")"
}

t_exit_code_is_the_containers() {
	local id
	id=$(cid exit)
	mkb "$id" 'echo before; exit 3'
	run_ctr "$id"
	expect_rc "run of 'exit 3'" 3 "$RC" "$ERR"
	expect_eq "output" before "$OUT"
}

t_exit_code_of_a_killed_container_is_128_plus_signal() {
	local id
	id=$(cid kill9)
	# no pid namespace: an init cannot be SIGKILLed from inside its namespace
	mkb "$id" 'kill -9 $$; echo survived' 'drop_ns("pid")'
	run_ctr "$id"
	expect_rc "run of 'kill -9 \$\$'" 137 "$RC" "$ERR"
	expect_eq "output" "" "$OUT"
}

t_signals_to_run_are_forwarded() {
	local id rpid rc
	id=$(cid fwd)
	mkb "$id" 'trap "echo got-term; exit 42" TERM; echo ready; sleep 30 & wait $!'
	# the runtime itself in the background (not a subshell running it)
	"$RUNTIME" --root "$ROOT" run --bundle "$T/b-$id" "$id" </dev/null >"$T/fwd.out" 2>"$T/fwd.err" &
	rpid=$!
	wait_for 10 grep -q ready "$T/fwd.out" || fail "container never said ready: $(cat "$T/fwd.err")"
	kill -TERM "$rpid"
	wait "$rpid"
	rc=$?
	expect_rc "run after SIGTERM" 42 "$rc" "$(cat "$T/fwd.err")"
	expect_eq "container output" $'ready\ngot-term' "$(cat "$T/fwd.out")"
}

t_lifecycle_create_start_stop_delete() {
	local id pid st
	id=$(cid life)
	mkdir "$T/shared" && mkfifo "$T/shared/go" || fail "mkfifo"
	mkb "$id" 'read x < /mnt/go; echo "got $x" > /mnt/done' "bind('$T/shared', '/mnt', 'rw')"

	rtq create --bundle "$T/b-$id" "$id"
	expect_rc "create" 0 "$RC" "$ERR"
	expect_eq "status after create" created "$(state_field "$id" status)"
	pid=$(state_field "$id" pid)
	expect_match "pid after create" '^[1-9][0-9]*$' "$pid"
	alive "$pid" || fail "init pid $pid is not alive after create"
	note_ok
	expect_eq "state id" "$id" "$(state_field "$id" id)"
	expect_eq "state bundle" "$T/b-$id" "$(state_field "$id" bundle)"
	[ ! -e "$T/shared/done" ] || fail "the process ran before start"

	rtq list
	expect_rc "list" 0 "$RC" "$ERR"
	expect_match "list header" '^ID +PID +STATUS +BUNDLE +CREATED +OWNER' "$(head -n1 <<<"$OUT")"
	expect_match "list row (created)" "^$id +$pid +created +$T/b-$id " "$(grep "^$id " <<<"$OUT")"

	rtq start "$id"
	expect_rc "start" 0 "$RC" "$ERR"
	expect_eq "status after start" running "$(state_field "$id" status)"
	expect_eq "pid after start" "$pid" "$(state_field "$id" pid)"
	rtq list --format json
	st=$(python3 -c 'import json,sys
for c in json.loads(sys.argv[1]) or []:
    if c["id"] == sys.argv[2]: print(c["status"], c["pid"], c["bundle"])' "$OUT" "$id" 2>&1)
	expect_eq "list --format json" "running $pid $T/b-$id" "$st"

	timeout 5 sh -c 'echo hello > "$1"' sh "$T/shared/go" || fail "the container does not read the fifo"
	wait_for 5 status_is "$id" stopped || fail "status is '$(state_field "$id" status)' after exit, not stopped"
	note_ok
	expect_eq "container output" "got hello" "$(cat "$T/shared/done")"
	rtq list
	expect_match "list row (stopped)" "^$id +[0-9]+ +stopped +$T/b-$id " "$(grep "^$id " <<<"$OUT")"

	rtq delete "$id"
	expect_rc "delete" 0 "$RC" "$ERR"
	rtq state "$id"
	expect_fails "state after delete" "$RC"
	expect_icontains "state error" "does not exist" "$ERR"
	rtq list
	expect_eq "list row after delete" "" "$(grep "^$id " <<<"$OUT")"
	expect_no_leftovers "delete" "$id"
}

t_kill_with_a_signal_name_and_number() {
	local a b pid
	a=$(cid kterm)
	b=$(cid kkill)
	mkdir "$T/shared" || fail mkdir
	mkb "$a" 'trap "echo term > /mnt/got; exit 0" TERM; echo > /mnt/ready; sleep 30 & wait $!' \
		"bind('$T/shared', '/mnt', 'rw')"
	mkb "$b" 'exec sleep 30'

	rtq run -d --bundle "$T/b-$a" "$a"
	expect_rc "run -d" 0 "$RC" "$ERR"
	wait_for 10 test -e "$T/shared/ready" || fail "container never got ready"
	rtq kill "$a" 15
	expect_rc "kill 15" 0 "$RC" "$ERR"
	wait_for 5 status_is "$a" stopped || fail "not stopped after kill 15: $(state_field "$a" status)"
	note_ok
	expect_eq "trap ran" term "$(cat "$T/shared/got" 2>&1)"

	rtq run -d --bundle "$T/b-$b" "$b"
	expect_rc "run -d" 0 "$RC" "$ERR"
	pid=$(state_field "$b" pid)
	expect_eq "status" running "$(state_field "$b" status)"
	rtq kill "$b" KILL
	expect_rc "kill KILL" 0 "$RC" "$ERR"
	wait_for 5 not_alive "$pid" || fail "pid $pid alive after kill KILL"
	note_ok
	wait_for 5 status_is "$b" stopped || fail "not stopped after kill KILL: $(state_field "$b" status)"
	note_ok
	rtq delete "$a"
	expect_rc "delete $a" 0 "$RC" "$ERR"
	rtq delete "$b"
	expect_rc "delete $b" 0 "$RC" "$ERR"
}

t_delete_running_needs_force() {
	local id pid
	id=$(cid del)
	mkb "$id" 'exec sleep 30'
	rtq run -d --bundle "$T/b-$id" "$id"
	expect_rc "run -d" 0 "$RC" "$ERR"
	pid=$(state_field "$id" pid)
	expect_match "pid" '^[1-9][0-9]*$' "$pid"
	rtq delete "$id"
	expect_fails "delete of a running container" "$RC"
	expect_icontains "delete error" "running" "$ERR"
	expect_eq "status after refused delete" running "$(state_field "$id" status)"
	alive "$pid" || fail "init died after refused delete"
	note_ok
	rtq delete -f "$id"
	expect_rc "delete -f" 0 "$RC" "$ERR"
	wait_for 5 not_alive "$pid" || fail "pid $pid still alive after delete -f"
	note_ok
	rtq state "$id"
	expect_fails "state after delete -f" "$RC"
	expect_no_leftovers "delete -f" "$id"
}

t_run_detached_writes_the_pid_file() {
	local id pid
	id=$(cid pidf)
	mkb "$id" 'exec sleep 30'
	rtq run -d --pid-file "$T/pidfile" --bundle "$T/b-$id" "$id"
	expect_rc "run -d --pid-file" 0 "$RC" "$ERR"
	pid=$(cat "$T/pidfile" 2>&1)
	expect_match "pid file" '^[1-9][0-9]*$' "$pid"
	expect_eq "pid file vs state" "$(state_field "$id" pid)" "$pid"
	alive "$pid" || fail "pid $pid from the pid file is not alive"
	note_ok
	expect_eq "its command" "sleep 30" "$(tr '\0' ' ' <"/proc/$pid/cmdline" | sed 's/ $//')"
	expect_contains "its cgroup" ":/lctest/$id" "$(cat "/proc/$pid/cgroup")"
	rtq kill "$id" KILL
	expect_rc "kill" 0 "$RC" "$ERR"
	wait_for 5 not_alive "$pid" || fail "pid $pid alive after kill"
	wait_for 5 status_is "$id" stopped || fail "not stopped after kill"
	rtq delete "$id"
	expect_rc "delete" 0 "$RC" "$ERR"
	expect_no_leftovers "run -d" "$id"
}

t_features_is_valid_json_with_the_keys_engines_read() {
	rtq features
	expect_rc "features" 0 "$RC" "$ERR"
	expect_eq "keys engines read" "ok" "$(python3 -c '
import json, sys
d = json.loads(sys.argv[1])
need = ["ociVersionMin", "ociVersionMax", "hooks", "mountOptions", "linux"]
lin = ["namespaces", "capabilities", "cgroup", "seccomp", "apparmor", "selinux"]
miss = [k for k in need if k not in d] + [k for k in lin if k not in d.get("linux", {})]
caps = d["linux"]["capabilities"]
print("ok" if not miss and "CAP_SYS_ADMIN" in caps and "mount" in d["linux"]["namespaces"]
      else "missing %s" % miss)' "$OUT" 2>&1)"
}

# ---- terminals

# console_recv SOCK: start ttytool.py's console-socket receiver in the
# background and wait until it listens; TTYPID is its pid.
console_recv() {
	python3 "$HERE/ttytool.py" recv "$1" "$T/tty.out" 2>"$T/tty.err" &
	TTYPID=$!
	wait_for 10 test -S "$1" || fail "the console socket receiver did not start"
}

t_terminal_master_goes_to_the_console_socket() {
	local id
	id=$(cid ttysock)
	mkb "$id" '' 'p["terminal"] = True; p["args"] = ["sh"]; p["consoleSize"] = {"height": 24, "width": 80}'
	console_recv "$T/console.sock"
	rtq run -d --console-socket "$T/console.sock" --bundle "$T/b-$id" "$id"
	expect_rc "run -d --console-socket" 0 "$RC" "$ERR"
	wait "$TTYPID"
	expect_rc "the receiver" 0 "$?" "$(cat "$T/tty.err")"
	expect_eq "what the receiver saw" \
		$'name: /dev/ptmx\nsize1: 24 80\ntty: /dev/pts/0\nsize2: 33 77' "$(cat "$T/tty.out")"
	wait_for 10 status_is "$id" stopped || fail "the shell did not exit"
	rtq delete "$id"
	expect_no_leftovers "terminal" "$id"
}

t_terminal_for_a_detached_run_needs_a_console_socket() {
	local id
	id=$(cid ttydet)
	mkb "$id" '' 'p["terminal"] = True; p["args"] = ["sh"]'
	rtq run -d --bundle "$T/b-$id" "$id"
	expect_fails "run -d with a terminal and no console socket" "$RC"
	expect_match "error says why" 'console[ -]socket' "$ERR"
	expect_no_leftovers "terminal without a socket" "$id"
}

t_run_with_a_terminal_proxies_the_pty_and_restores_the_mode() {
	local id
	id=$(cid ttyrun)
	mkb "$id" '' 'p["terminal"] = True; p["args"] = ["sh"]'
	python3 "$HERE/ttytool.py" pty "$T/pty.out" 'tty; echo "hi-$((2*3))"; exit 3\n' -- \
		"$RUNTIME" --root "$ROOT" run --bundle "$T/b-$id" "$id" 2>"$T/pty.err"
	expect_rc "ttytool" 0 "$?" "$(cat "$T/pty.err")"
	expect_contains "exit status of the shell" "status: 3" "$(cat "$T/pty.out")"
	expect_contains "terminal mode restored" "restored: yes" "$(cat "$T/pty.out")"
	expect_contains "the shell's tty" "/dev/pts/0" "$(cat "$T/pty.out")"
	expect_contains "the shell's output" "hi-6" "$(cat "$T/pty.out")"
	expect_no_leftovers "run -t" "$id"
}

t_exec_with_a_terminal_gets_its_own_pty() {
	local id
	id=$(cid ttyexec)
	mkb "$id" 'exec sleep 30'
	start_bg "$id"
	python3 "$HERE/ttytool.py" pty "$T/pty.out" 'tty; exit 4\n' -- \
		"$RUNTIME" --root "$ROOT" exec -t "$id" sh 2>"$T/pty.err"
	expect_rc "ttytool" 0 "$?" "$(cat "$T/pty.err")"
	expect_contains "exit status" "status: 4" "$(cat "$T/pty.out")"
	expect_contains "a pty of the container's devpts" "/dev/pts/0" "$(cat "$T/pty.out")"
	expect_contains "terminal mode restored" "restored: yes" "$(cat "$T/pty.out")"
	console_recv "$T/console.sock"
	rtq exec -d -t --console-socket "$T/console.sock" "$id" sh
	expect_rc "exec -d -t --console-socket" 0 "$RC" "$ERR"
	wait "$TTYPID"
	expect_rc "the receiver" 0 "$?" "$(cat "$T/tty.err")"
	expect_match "exec's pty through the socket" $'tty: /dev/pts/[0-9]+\nsize2: 33 77' "$(cat "$T/tty.out")"
	rtq delete -f "$id"
	expect_no_leftovers "exec -t" "$id"
}

# ---- exec: more processes in a running container

# start_bg ID: run ID detached (its bundle made by mkb) and set PID
start_bg() {
	rtq run -d --bundle "$T/b-$1" "$1"
	[ "$RC" = 0 ] || fail "run -d $1 exited $RC: $ERR"
	PID=$(state_field "$1" pid)
	[ -n "$PID" ] && [ "$PID" != 0 ] || fail "no pid for $1"
}

# xq ARGS...: `exec ARGS` with stdin /dev/null; sets RC OUT ERR
xq() {
	rt exec "$@" </dev/null >"$T/x.out" 2>"$T/x.err"
	RC=$?
	OUT=$(cat "$T/x.out")
	ERR=$(cat "$T/x.err")
}

t_exec_joins_every_namespace_and_the_cgroup_of_the_init() {
	local id n inside
	id=$(cid exns)
	mkb "$id" 'exec sleep 30' 'set_ns("cgroup")'
	start_bg "$id"
	for n in mnt uts ipc pid net cgroup; do
		rtq exec "$id" readlink "/proc/self/ns/$n"
		expect_rc "exec readlink $n" 0 "$RC" "$ERR"
		expect_eq "$n namespace of exec vs init" "$(readlink "/proc/$PID/ns/$n")" "$OUT"
	done
	rtq exec "$id" sh -c 'cat /proc/self/cgroup; echo --; cat /proc/1/cgroup'
	expect_eq "cgroup of exec vs init (both seen inside)" "${OUT#*--$'\n'}" "${OUT%$'\n'--*}"
	expect_contains "the container's cgroup, seen from the host" "/lctest/$id" \
		"$(cat "/proc/$PID/cgroup")"
	inside=$(tr '\0' ' ' <"/proc/$PID/cmdline")
	expect_eq "the init is untouched" "sleep 30 " "$inside"
	rtq delete -f "$id"
	expect_no_leftovers "exec" "$id"
}

t_exec_takes_user_env_cwd_and_caps_from_flags() {
	local id
	id=$(cid exusr)
	mkb "$id" 'exec sleep 30' 'p["env"] = ["PATH=/bin", "KEEP=1"]'
	start_bg "$id"
	xq "$id" sh -c 'echo $KEEP $FOO; pwd; id -u; id -g; id -G'
	expect_rc "exec with the init's process" 0 "$RC" "$ERR"
	expect_eq "defaults from config.json" $'1\n/\n0\n0\n0' "$OUT"
	xq --user 1000:1000 --additional-gids 1001 -e FOO=bar -e KEEP=2 --cwd /tmp "$id" \
		sh -c 'echo $KEEP $FOO; pwd; id -u; id -g; id -G'
	expect_rc "exec with flags" 0 "$RC" "$ERR"
	expect_eq "user, groups, env, cwd" $'2 bar\n/tmp\n1000\n1000\n1000 1001' "$OUT"
	# the base config's set is CAP_AUDIT_WRITE|CAP_KILL|CAP_NET_BIND_SERVICE
	# (0x20000420); --cap adds CAP_NET_RAW (bit 13, 0x2000)
	xq --cap CAP_NET_RAW --no-new-privs "$id" \
		sh -c 'grep -E "^(CapEff|CapBnd|NoNewPrivs)" /proc/self/status'
	expect_rc "exec with --cap" 0 "$RC" "$ERR"
	expect_eq "capabilities and no_new_privs" \
		$'CapEff:\t0000000020002420\nCapBnd:\t0000000020002420\nNoNewPrivs:\t1' "$OUT"
	rtq delete -f "$id"
}

t_exec_passes_on_exit_codes_and_signals() {
	local id xpid
	id=$(cid exsig)
	mkb "$id" 'exec sleep 30'
	start_bg "$id"
	xq "$id" sh -c 'exit 5'
	expect_rc "exec exit 5" 5 "$RC" "$ERR"
	xq "$id" sh -c 'kill -KILL $$'
	expect_rc "exec killed by SIGKILL" 137 "$RC" "$ERR"
	# the runtime itself in the background (not a subshell running it)
	"$RUNTIME" --root "$ROOT" exec "$id" sh -c 'trap "exit 42" TERM; echo ready; while :; do sleep 0.1; done' \
		</dev/null >"$T/x.out" 2>&1 &
	xpid=$!
	wait_for 10 grep -q ready "$T/x.out" || fail "exec never said ready: $(cat "$T/x.out")"
	kill -TERM "$xpid"
	wait "$xpid"
	expect_rc "SIGTERM to exec is forwarded" 42 "$?" "$(cat "$T/x.out")"
	rtq delete -f "$id"
}

t_exec_passes_preserved_fds_and_no_others() {
	local id
	id=$(cid exfd)
	mkb "$id" 'exec sleep 30'
	start_bg "$id"
	# fd 3: preserved, fd 4 and 5: open without CLOEXEC in the runtime's
	# environment, not asked for: neither may show up in the container.
	rt exec --preserve-fds 1 "$id" sh -c 'echo via-fd3 >&3; ls /proc/self/fd' \
		3>"$T/fd3" 4>"$T/fd4" 5<"$T/fd3" </dev/null >"$T/x.out" 2>"$T/x.err"
	expect_rc "exec --preserve-fds 1" 0 "$?" "$(cat "$T/x.err")"
	expect_eq "written through the preserved fd" "via-fd3" "$(cat "$T/fd3")"
	expect_eq "fds inside: stdio, 3, and ls's own" "0 1 2 3 4" "$(tr '\n' ' ' <"$T/x.out" | sed 's/ $//')"
	rt exec "$id" ls /proc/self/fd 3>"$T/fd3" 4>"$T/fd4" </dev/null >"$T/x.out" 2>"$T/x.err"
	expect_eq "without --preserve-fds: stdio and ls's own" "0 1 2 3" "$(tr '\n' ' ' <"$T/x.out" | sed 's/ $//')"
	rtq delete -f "$id"
}

t_exec_runs_a_process_json() {
	local id
	id=$(cid exjson)
	mkb "$id" 'exec sleep 30'
	start_bg "$id"
	cat >"$T/process.json" <<-'EOF'
	{"args": ["sh", "-c", "echo $A; id -u; pwd"], "env": ["PATH=/bin", "A=from-json"],
	 "cwd": "/etc", "user": {"uid": 65534, "gid": 65534}}
	EOF
	xq -p "$T/process.json" "$id"
	expect_rc "exec -p" 0 "$RC" "$ERR"
	expect_eq "process.json applied" $'from-json\n65534\n/etc' "$OUT"
	printf '{"args": "sh"}' >"$T/bad.json"
	xq -p "$T/bad.json" "$id"
	expect_fails "exec -p with a bad process.json" "$RC"
	expect_contains "error names the field" ".args: expected array, got string" "$ERR"
	rtq delete -f "$id"
}

t_exec_into_a_stopped_container_is_refused() {
	local id
	id=$(cid exstop)
	mkb "$id" 'true'
	rtq run -d --bundle "$T/b-$id" "$id"
	expect_rc "run -d" 0 "$RC" "$ERR"
	wait_for 5 status_is "$id" stopped || fail "not stopped"
	xq "$id" true
	expect_fails "exec into a stopped container" "$RC"
	expect_contains "error says why" "stopped" "$ERR"
	xq "$id" nosuchcmd
	expect_fails "exec of a missing binary" "$RC"
	rtq delete "$id"
	expect_rc "delete" 0 "$RC" "$ERR"
	mkb "$id" 'exec sleep 30'
	start_bg "$id"
	xq "$id" nosuchcmd
	expect_fails "exec of a missing binary" "$RC"
	expect_contains "runc's words" 'exec: "nosuchcmd": executable file not found in $PATH' "$ERR"
	rtq delete -f "$id"
	expect_no_leftovers "exec" "$id"
}

t_exec_into_a_paused_container_is_refused_unless_ignore_paused() {
	local id xpid
	id=$(cid expause)
	mkb "$id" 'exec sleep 30'
	start_bg "$id"
	rtq pause "$id"
	expect_rc "pause" 0 "$RC" "$ERR"
	# (a time limit: an exec let into the frozen cgroup would hang)
	timeout 5 "$RUNTIME" --root "$ROOT" exec "$id" true </dev/null >"$T/x.out" 2>"$T/x.err"
	expect_fails "exec into a paused container" "$?"
	expect_contains "error says why" "paused" "$(cat "$T/x.err")"
	# --ignore-paused: the process joins the frozen cgroup, so it runs
	# once the container is resumed, and exec waits for it meanwhile
	"$RUNTIME" --root "$ROOT" exec --ignore-paused "$id" sh -c 'echo ran-after-resume' \
		</dev/null >"$T/x.out" 2>"$T/x.err" &
	xpid=$!
	sleep 0.5
	if ! alive "$xpid"; then
		wait "$xpid"
		fail "exec --ignore-paused ended while paused (status $?): $(cat "$T/x.err")"
	fi
	note_ok
	rtq resume "$id"
	expect_rc "resume" 0 "$RC" "$ERR"
	wait "$xpid"
	expect_rc "exec --ignore-paused" 0 "$?" "$(cat "$T/x.err")"
	expect_eq "its output" ran-after-resume "$(cat "$T/x.out")"
	rtq delete -f "$id"
	expect_no_leftovers "exec" "$id"
}

t_kill_all_reaches_every_process_of_the_container() {
	local id spid
	id=$(cid killall)
	# no pid namespace of its own: the init's death alone would leave the
	# exec'd process running
	mkb "$id" 'exec sleep 30' 'drop_ns("pid")'
	start_bg "$id"
	xq -d --pid-file "$T/x.pid" "$id" sleep 31
	expect_rc "exec -d" 0 "$RC" "$ERR"
	spid=$(cat "$T/x.pid" 2>/dev/null)
	[ -n "$spid" ] && alive "$spid" || fail "no live pid in the exec pid file: '$spid'"
	expect_contains "the exec'd process is in the container's cgroup" "/lctest/$id" "$(cat "/proc/$spid/cgroup")"
	rtq kill --all "$id" KILL
	expect_rc "kill --all" 0 "$RC" "$ERR"
	wait_for 5 not_alive "$PID" || fail "the init $PID survived kill --all"
	wait_for 5 not_alive "$spid" || fail "the exec'd process $spid survived kill --all"
	note_ok
	rtq delete -f "$id"
	expect_no_leftovers "kill --all" "$id"
}

# ---- escapes: each test is one class of container escape that hit runc
# or crun; each was seen to fail with the protection in lc.c taken out.

# no_host_etc TAG SUFFIX...: no /etc/TAG-SUFFIX was made on the host (an
# escaped mount point); any that was is removed, then the test fails.
no_host_etc() {
	local tag=$1 d made=
	shift
	for d in "$@"; do
		if [ -e "/etc/$tag-$d" ]; then
			made+=" /etc/$tag-$d"
			rmdir "/etc/$tag-$d"
		fi
	done
	[ -z "$made" ] || fail "made on the host: $made"
	note_ok
}

t_escape_mount_destinations_through_symlinks_or_dotdot_stay_in_the_rootfs() {
	local id tag d
	id=$(cid escmnt)
	tag=lc-esc-$IDPFX
	mkdir -p "$T/hostdir" || fail "mkdir"
	mkb "$id" 'for d in a b c d; do grep -q " /etc/'"$tag"'-$d " /proc/mounts && echo in-$d; done' "
tmpfs('/abs-etc/$tag-a')
tmpfs('/rel-etc/$tag-b')
tmpfs('/mnt/../../../../../../../../../../etc/$tag-c')
bind('$T/hostdir', '/rel-etc/../abs-etc/$tag-d')"
	ln -s /etc "$T/rootfs/abs-etc" &&
		ln -s ../../../../../../../../../../etc "$T/rootfs/rel-etc" || fail "symlinks"
	run_ctr "$id"
	no_host_etc "$tag" a b c d
	expect_rc "run" 0 "$RC" "$ERR"
	expect_eq "every mount landed in the container's /etc" $'in-a\nin-b\nin-c\nin-d' "$OUT"
	for d in a b c d; do
		[ -d "$T/rootfs/etc/$tag-$d" ] || fail "mount point $d not made in the rootfs's /etc"
	done
	note_ok
}

# The symlinks come in with an earlier mount (a volume), not with the image:
# a later mount's destination goes through them and must stay inside.
t_escape_a_symlink_a_volume_brings_in_stays_in_the_rootfs() {
	local id tag
	id=$(cid escvol)
	tag=lc-esc-$IDPFX
	mkdir -p "$T/vol" || fail "mkdir"
	ln -s /etc "$T/vol/abs" && ln -s ../../../../../../../../etc "$T/vol/rel" || fail "symlinks"
	mkb "$id" 'for d in a b; do grep -q " /etc/'"$tag"'-$d " /proc/mounts && echo in-$d; done' "
bind('$T/vol', '/vol')
tmpfs('/vol/abs/$tag-a')
tmpfs('/vol/rel/$tag-b')"
	run_ctr "$id"
	no_host_etc "$tag" a b
	expect_rc "run" 0 "$RC" "$ERR"
	expect_eq "both mounts landed in the container's /etc" $'in-a\nin-b' "$OUT"
}

# A symlink swapped in while lc sets up the mounts: a host process keeps
# exchanging a directory of a volume with a symlink to /etc (renameat2
# RENAME_EXCHANGE) while containers mount through that name.  Whichever
# one each run meets, nothing may be mounted or made in the host's /etc.
t_escape_a_symlink_swapped_in_during_setup_stays_in_the_rootfs() {
	local id tag i swapper made='' ran=0
	id=$(cid escrace)
	tag=lc-esc-$IDPFX
	mkdir -p "$T/vol/p" && ln -s /etc "$T/vol/q" || fail "volume"
	mkb "$id" 'true' "
bind('$T/vol', '/vol')
tmpfs('/vol/p/$tag')"
	python3 - "$T/vol" <<-'EOF' &
	import ctypes, os, sys
	libc = ctypes.CDLL(None, use_errno=True)
	p, q = (os.path.join(sys.argv[1], n).encode() for n in ("p", "q"))
	while True:  # RENAME_EXCHANGE = 2, AT_FDCWD = -100
	    libc.renameat2(-100, p, -100, q, 2)
	EOF
	swapper=$!
	for i in $(seq 1 40); do
		run_ctr "$id"
		[ "$RC" = 0 ] && ran=$((ran + 1))
		if [ -e "/etc/$tag" ]; then
			made=" /etc/$tag (run $i)"
			umount "/etc/$tag" 2>/dev/null
			rmdir "/etc/$tag"
			break
		fi
	done
	kill "$swapper"
	wait "$swapper" 2>/dev/null
	[ -z "$made" ] || fail "made on the host: $made"
	note_ok
	expect_ne "some runs got through the setup" 0 "$ran"
	expect_no_leftovers "the last run" "$id"
}

t_escape_proc_that_is_a_symlink_in_the_rootfs_is_refused() {
	local id target
	id=$(cid escproc)
	mkdir -p "$T/hostproc" || fail "mkdir"
	mkb "$id" 'echo started'
	rmdir "$T/rootfs/proc" || fail "rmdir proc"
	# to a directory of the image, and to a host path
	for target in /etc "$T/hostproc"; do
		ln -sfn "$target" "$T/rootfs/proc" || fail "symlink"
		run_ctr "$id"
		expect_fails "run with /proc -> $target" "$RC" "$OUT"
		expect_match "the error names /proc and why" '/proc.*(symlink|ordinary directory)' "$ERR"
		expect_eq "nothing ran" "" "$OUT"
		expect_eq "host directory untouched" "" "$(ls -A "$T/hostproc")"
		expect_no_leftovers "run with /proc -> $target" "$id"
	done
}

t_escape_a_plain_proc_directory_with_fake_files_is_refused() {
	local id noproc
	id=$(cid escfake)
	runc_differs "it writes sysctls through a /proc that is not procfs"
	# no proc mount, a writable rootfs, and nothing that needs a real /proc
	# for mounts: only the procfs check stands between lc and a fake file
	noproc='
c["mounts"] = [m for m in c["mounts"] if m["destination"] != "/proc"]
c["root"]["readonly"] = False
l["maskedPaths"] = []
l["readonlyPaths"] = []'
	mkb "$id" 'echo started' "$noproc"'
l["sysctl"] = {"kernel.shmmax": "12345"}'
	mkdir -p "$T/rootfs/proc/sys/kernel" "$T/rootfs/proc/self" || fail "mkdir"
	echo fake >"$T/rootfs/proc/sys/kernel/shmmax"
	echo fake >"$T/rootfs/proc/self/oom_score_adj"
	run_ctr "$id"
	expect_fails "run with a plain /proc and a sysctl" "$RC" "$OUT"
	expect_match "the error names the file and why" 'shmmax.*procfs' "$ERR"
	expect_eq "the fake file is untouched" fake "$(cat "$T/rootfs/proc/sys/kernel/shmmax")"
	expect_no_leftovers "run" "$id"
	# an exec'd process writes its oom_score_adj in the container's /proc
	rm -r "$T/rootfs/proc/sys" || fail "rm"
	mkb "$id" 'exec sleep 30' "$noproc"
	start_bg "$id"
	printf '{"args": ["echo", "ran"], "cwd": "/", "env": ["PATH=/bin"], "oomScoreAdj": 500}' >"$T/p.json"
	xq -p "$T/p.json" "$id"
	expect_fails "exec with oomScoreAdj and a plain /proc" "$RC" "$OUT"
	expect_match "the error names the file and why" 'oom_score_adj.*procfs' "$ERR"
	expect_eq "the fake file is untouched" fake "$(cat "$T/rootfs/proc/self/oom_score_adj")"
	rtq delete -f "$id"
}

t_escape_masked_paths_need_the_real_dev_null() {
	local id how
	id=$(cid escnull)
	runc_differs "it binds whatever /dev/null is over masked paths"
	# no tmpfs on /dev: the image's own /dev/null stays what it is
	mkb "$id" 'cat /etc/lcsecret' '
c["mounts"] = [m for m in c["mounts"] if m["destination"] != "/dev"]
l["maskedPaths"] = ["/etc/lcsecret"]'
	echo secret >"$T/rootfs/etc/lcsecret" && echo not-null >"$T/rootfs/etc/notnull" || fail "fixtures"
	for how in file symlink; do
		rm -f "$T/rootfs/dev/null"
		if [ "$how" = file ]; then
			echo fake-null >"$T/rootfs/dev/null"
		else
			ln -s /etc/notnull "$T/rootfs/dev/null"
		fi
		run_ctr "$id"
		expect_fails "run with /dev/null a $how" "$RC" "$OUT"
		expect_contains "the error names /dev/null" "/dev/null" "$ERR"
		expect_eq "nothing ran" "" "$OUT"
		expect_no_leftovers "run with /dev/null a $how" "$id"
	done
}

t_escape_no_host_fd_or_cwd_reaches_run_or_exec() {
	local id lines what
	id=$(cid escfd)
	mkdir -p "$T/hostcwd" || fail "mkdir"
	mkb "$id" 'ls -l /proc/self/fd; echo cwd=$(readlink /proc/self/cwd)'
	# the runtime runs in a host directory with fds 5, 7 (a directory), 9
	# open and inheritable
	(cd "$T/hostcwd" && rt run --bundle "$T/b-$id" "$id" 5<"$BASECFG" 7<"$T/hostcwd" 9>"$T/fd9" \
		</dev/null >"$T/run.out" 2>"$T/run.err")
	expect_rc "run" 0 "$?" "$(cat "$T/run.err")"
	mkb "$id" 'exec sleep 30'
	start_bg "$id"
	(cd "$T/hostcwd" && rt exec "$id" sh -c 'ls -l /proc/self/fd; echo cwd=$(readlink /proc/self/cwd)' \
		5<"$BASECFG" 7<"$T/hostcwd" 9>"$T/fd9" </dev/null >"$T/exec.out" 2>"$T/exec.err")
	expect_rc "exec" 0 "$?" "$(cat "$T/exec.err")"
	for what in run exec; do
		lines=$(grep -- ' -> ' "$T/$what.out")
		# (ls -l has closed its own fd for /proc/self/fd when it looks)
		expect_eq "$what: fds inside: stdio only" "0 1 2" \
			"$(awk '{ print $(NF - 2) }' <<<"$lines" | tr '\n' ' ' | sed 's/ $//')"
		expect_eq "$what: cwd" "cwd=/" "$(grep ^cwd= "$T/$what.out")"
	done
	rtq delete -f "$id"
}

t_escape_a_cwd_through_a_magic_link_is_refused() {
	local id n
	id=$(cid esccwd)
	runc_differs "it lets a cwd of /proc/self/fd/N reach its own fds (CVE-2024-21626, fixed in 1.1.12)"
	# /proc/self/fd/N: a directory fd the runtime holds while it sets the
	# process up (the state directory, a cgroup) would put it on the host
	for n in 3 4 5 6 7 8 9 10; do
		mkb "$id" 'echo cwd=$(readlink /proc/self/cwd)' "p['cwd'] = '/proc/self/fd/$n'"
		run_ctr "$id"
		expect_fails "run with cwd /proc/self/fd/$n" "$RC" "$OUT"
		expect_contains "the error names the cwd" "/proc/self/fd/$n" "$ERR"
		rtq delete -f "$id"
	done
	mkb "$id" 'exec sleep 30'
	start_bg "$id"
	for n in 3 4 5 6 7 8 9 10; do
		xq --cwd "/proc/self/fd/$n" "$id" sh -c 'echo cwd=$(readlink /proc/self/cwd)'
		expect_fails "exec --cwd /proc/self/fd/$n" "$RC" "$OUT"
	done
	rtq delete -f "$id"
	expect_no_leftovers "run" "$id"
}

t_escape_proc_1_exe_of_a_waiting_init_cannot_be_opened_from_exec() {
	local id
	id=$(cid escexe)
	runc_differs "its waiting init can be read through /proc/1 here (its exe is a sealed copy of runc)"
	# A user namespace and every capability in it for the exec'd process:
	# then only the init's being non-dumpable keeps it from the runtime's
	# binary (/proc/1/exe) and its fds while it waits for start.  Root maps
	# to root: with another host uid, the init's setresuid in the user
	# namespace would make it non-dumpable anyway (commit_creds).
	mkb "$id" 'true' 'set_ns("user")
l["uidMappings"] = [{"containerID": 0, "hostID": 0, "size": 65536}]
l["gidMappings"] = [{"containerID": 0, "hostID": 0, "size": 65536}]
allcaps = [n for n in ("CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP "
    "LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER SYS_MODULE "
    "SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE SYS_RESOURCE SYS_TIME "
    "SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP MAC_OVERRIDE MAC_ADMIN SYSLOG "
    "WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF CHECKPOINT_RESTORE").split()]
p["capabilities"] = {k: ["CAP_" + n for n in allcaps] for k in ("bounding", "effective", "permitted")}'
	rtq create --bundle "$T/b-$id" "$id"
	expect_rc "create" 0 "$RC" "$ERR"
	xq "$id" sh -c 'grep CapEff /proc/self/status; head -c 4 /proc/1/exe | od -c | head -n1
		readlink /proc/1/exe && echo READ-EXE; cd /proc/1/cwd && echo CD-CWD
		for f in /proc/1/fd/*; do readlink "$f" && echo READ-FD; done'
	expect_contains "the exec'd process has every capability" "CapEff:	000001ffffffffff" "$OUT"
	expect_nomatch "the init's binary was not read" 'E +L +F' "$OUT"
	expect_nomatch "nor its path" 'READ-EXE' "$OUT"
	expect_nomatch "nor its fds" "READ-FD" "$OUT"
	expect_nomatch "nor its cwd" 'CD-CWD' "$OUT"
	expect_contains "refused" "Permission denied" "$ERR"
	rtq delete -f "$id"
	expect_no_leftovers "create" "$id"
}

# the runtime under setpriv with inheritable and ambient capabilities: a
# process gets none of them unless its config asks
t_escape_capability_sets_are_exactly_the_configs_for_init_and_exec() {
	local id want
	id=$(cid esccap)
	command -v setpriv >/dev/null || skip "needs setpriv (util-linux)"
	setpriv --inh-caps +kill,+chown --ambient-caps +kill,+chown true 2>/dev/null ||
		skip "setpriv cannot raise ambient capabilities here"
	mkb "$id" 'grep ^Cap /proc/self/status; exec sleep 30' '
s = ["CAP_CHOWN", "CAP_NET_BIND_SERVICE", "CAP_KILL"]
p["capabilities"] = {"bounding": s, "permitted": s, "effective": s}'
	want=$'CapInh:\t0000000000000000
CapPrm:\t0000000000000421
CapEff:\t0000000000000421
CapBnd:\t0000000000000421
CapAmb:\t0000000000000000'
	setpriv --inh-caps +kill,+chown --ambient-caps +kill,+chown -- \
		"$RUNTIME" --root "$ROOT" run -d --bundle "$T/b-$id" "$id" </dev/null >"$T/r.out" 2>"$T/r.err" ||
		fail "run -d: $(cat "$T/r.err")"
	PID=$(state_field "$id" pid)
	expect_eq "init's capability sets" "$want" "$(grep ^Cap "/proc/$PID/status")"
	setpriv --inh-caps +kill,+chown --ambient-caps +kill,+chown -- \
		"$RUNTIME" --root "$ROOT" exec "$id" grep ^Cap /proc/self/status </dev/null >"$T/x.out" 2>"$T/x.err"
	expect_rc "exec" 0 "$?" "$(cat "$T/x.err")"
	expect_eq "exec'd process's capability sets" "$want" "$(cat "$T/x.out")"
	# asked for: inheritable and ambient CAP_KILL (bit 5)
	printf '{"args": ["grep", "^Cap", "/proc/self/status"], "cwd": "/", "env": ["PATH=/bin"], "capabilities": %s}' \
		'{"bounding": ["CAP_KILL"], "permitted": ["CAP_KILL"], "effective": ["CAP_KILL"], "inheritable": ["CAP_KILL"], "ambient": ["CAP_KILL"]}' \
		>"$T/p.json"
	setpriv --inh-caps +kill,+chown --ambient-caps +kill,+chown -- \
		"$RUNTIME" --root "$ROOT" exec -p "$T/p.json" "$id" </dev/null >"$T/x.out" 2>"$T/x.err"
	expect_rc "exec -p" 0 "$?" "$(cat "$T/x.err")"
	expect_eq "exec'd process's capability sets as asked" $'CapInh:\t0000000000000020
CapPrm:\t0000000000000020
CapEff:\t0000000000000020
CapBnd:\t0000000000000020
CapAmb:\t0000000000000020' "$(cat "$T/x.out")"
	rtq delete -f "$id"
}

# ---- cgroups: limits, pause/resume, ps, update, events
# Every test here runs on cgroup v1 (hybrid hosts too) and on v2, which it
# detects at run time; what only one of them has is tested there and
# skipped with the reason on the other.

cg_is_v2() { [ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = cgroup2fs ]; }
cg_version() { if cg_is_v2; then echo v2; else echo v1; fi; }
# cgf CONTROLLER FILE ID: the host path of a cgroup file of container ID
cgf() { if cg_is_v2; then echo "/sys/fs/cgroup/lctest/$3/$2"; else echo "/sys/fs/cgroup/$1/lctest/$3/$2"; fi; }
cgread() { cat "$(cgf "$@")" 2>&1; }
# cgin CONTROLLER FILE, for container scripts: the container's own cgroup
# file (it has its own cgroup namespace and /sys/fs/cgroup mount)
CGIN='cgin() { if [ -e /sys/fs/cgroup/cgroup.controllers ]; then cat /sys/fs/cgroup/$2; else cat /sys/fs/cgroup/$1/$2; fi; }; '
# "MAJ:MIN" of a block device of this host that is not loop/ram/zram, or ""
first_blockdev() {
	local d
	for d in /sys/block/*; do
		case ${d##*/} in loop* | ram* | zram*) continue ;; esac
		[ -r "$d/dev" ] && { cat "$d/dev"; return; }
	done
}
need_cg_version() { [ "$(cg_version)" = "$1" ] || skip "needs cgroup $1 (this host: $(cg_version))"; }

t_cgroup_limits_land_in_their_files() {
	local id blk ma mi swap
	id=$(cid cglim)
	blk=$(first_blockdev)
	ma=${blk%%:*} mi=${blk##*:}
	# memory+swap needs swap accounting (v1: memsw files)
	swap=', "swap": 100663296'
	cg_is_v2 || [ -e /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes ] || swap=
	mkb "$id" 'exec sleep 30' "
l['resources'].update({'memory': {'limit': 67108864, 'reservation': 33554432$swap},
    'cpu': {'shares': 512, 'quota': 50000, 'period': 100000, 'cpus': '0', 'mems': '0'},
    'pids': {'limit': 20}})
if '$blk':
    l['resources']['blockIO'] = {'throttleReadBpsDevice': [{'major': int('$ma'), 'minor': int('$mi'), 'rate': 1048576}]}"
	rtq run -d --bundle "$T/b-$id" "$id"
	expect_rc "run -d" 0 "$RC" "$ERR"
	wait_for 5 test -e "$(cgf pids pids.max "$id")" || fail "no cgroup for $id"
	if cg_is_v2; then
		expect_eq "memory.max" 67108864 "$(cgread memory memory.max "$id")"
		expect_eq "memory.swap.max (swap - limit)" 33554432 "$(cgread memory memory.swap.max "$id")"
		expect_eq "memory.low" 33554432 "$(cgread memory memory.low "$id")"
		expect_eq "cpu.weight (from 512 shares)" 59 "$(cgread cpu cpu.weight "$id")"
		expect_eq "cpu.max" "50000 100000" "$(cgread cpu cpu.max "$id")"
		[ -z "$blk" ] || expect_match "io.max" "^$blk rbps=1048576 " "$(cgread io io.max "$id")"
	else
		expect_eq "memory.limit_in_bytes" 67108864 "$(cgread memory memory.limit_in_bytes "$id")"
		[ -z "$swap" ] ||
			expect_eq "memory.memsw.limit_in_bytes" 100663296 "$(cgread memory memory.memsw.limit_in_bytes "$id")"
		expect_eq "memory.soft_limit_in_bytes" 33554432 "$(cgread memory memory.soft_limit_in_bytes "$id")"
		expect_eq "cpu.shares" 512 "$(cgread cpu cpu.shares "$id")"
		expect_eq "cpu.cfs_quota_us" 50000 "$(cgread cpu cpu.cfs_quota_us "$id")"
		expect_eq "cpu.cfs_period_us" 100000 "$(cgread cpu cpu.cfs_period_us "$id")"
		[ -z "$blk" ] ||
			expect_eq "blkio.throttle.read_bps_device" "$blk 1048576" "$(cgread blkio blkio.throttle.read_bps_device "$id")"
	fi
	expect_eq "cpuset.cpus" 0 "$(cgread cpuset cpuset.cpus "$id")"
	expect_eq "pids.max" 20 "$(cgread pids pids.max "$id")"
	rtq kill "$id" KILL
	wait_for 5 status_is "$id" stopped || fail "not stopped after kill"
	rtq delete "$id"
	expect_rc "delete" 0 "$RC" "$ERR"
	expect_no_leftovers "delete" "$id"
}

t_cgroup_limits_are_seen_from_inside() {
	local id memf
	id=$(cid cgin)
	if cg_is_v2; then memf=memory.max; else memf=memory.limit_in_bytes; fi
	mkb "$id" "${CGIN}cgin memory $memf; cgin pids pids.max" "
set_ns('cgroup')
l['resources'].update({'memory': {'limit': 33554432}, 'pids': {'limit': 30}})"
	run_ok "$id"
	expect_eq "limits inside" $'33554432\n30' "$OUT"
	expect_no_leftovers "run" "$id"
}

t_memory_limit_oom_kills_a_process_that_exceeds_it() {
	local id ooms
	id=$(cid oom)
	# 16 MiB of memory and no swap; the shell then holds 64 MiB in a variable
	mkb "$id" 'x=$(head -c 64m /dev/zero | tr "\0" a); echo "survived ${#x}"' "
l['resources'].update({'memory': {'limit': 16777216, 'swap': 16777216}})"
	run_ctr "$id" --keep
	expect_rc "run of the memory hog" 137 "$RC" "$ERR"
	expect_eq "output" "" "$OUT"
	if cg_is_v2; then
		ooms=$(awk '$1 == "oom_kill" { print $2 }' "$(cgf memory memory.events "$id")")
	else
		ooms=$(awk '$1 == "oom_kill" { print $2 }' "$(cgf memory memory.oom_control "$id")")
	fi
	expect_match "OOM kills counted by the cgroup" '^[1-9][0-9]*$' "$ooms"
	rtq delete "$id"
	expect_rc "delete" 0 "$RC" "$ERR"
	expect_no_leftovers "delete" "$id"
}

t_pids_limit_stops_a_fork_bomb() {
	local id
	id=$(cid pids)
	# a bounded bomb: 40 sleepers in a subshell, which dies at the first
	# fork the limit refuses; then everything but the init is killed
	mkb "$id" '(for i in $(seq 40); do sleep 30 & done) 2>/dev/null; echo "bomb=$?"
n=0; for p in /proc/[0-9]*; do n=$((n+1)); done; echo "procs=$n"; kill -9 -1' "
l['resources'].update({'pids': {'limit': 20}})"
	run_ctr "$id" --keep
	expect_rc "run" 0 "$RC" "$ERR"
	expect_match "the bomb's subshell" '^bomb=[1-9]' "$(sed -n 1p <<<"$OUT")"
	expect_match "processes at most" '^procs=(1[0-9]|20)$' "$(sed -n 2p <<<"$OUT")"
	expect_match "forks refused (pids.events)" '^max [1-9][0-9]*$' "$(grep '^max ' "$(cgf pids pids.events "$id")")"
	expect_eq "pids.max" 20 "$(cgread pids pids.max "$id")"
	rtq delete "$id"
	expect_rc "delete" 0 "$RC" "$ERR"
	expect_no_leftovers "delete" "$id"
}

t_device_rule_denies_an_unlisted_device_while_null_works() {
	local a b edit
	a=$(cid devdeny)
	b=$(cid devallow)
	# 7:0 (a loop device) is in neither the config nor runc's default list
	edit='
for k in p["capabilities"]: p["capabilities"][k].append("CAP_MKNOD")
tmpfs("/tmp", "dev", "mode=1777")'
	mkb "$a" 'mknod /tmp/blk b 7 0 && echo made; dd if=/tmp/blk of=/dev/null bs=512 count=1; echo "dd=$?"
echo x > /dev/null && echo null-ok; head -c 4 /dev/urandom | wc -c' "$edit"
	run_ok "$a"
	expect_eq "container output" $'made\ndd=1\nnull-ok\n4' "$OUT"
	expect_contains "dd error" "Operation not permitted" "$ERR"
	mkb "$b" 'mknod /tmp/blk b 7 0 && echo made; dd if=/tmp/blk of=/dev/null bs=512 count=1 2>&1; echo x > /dev/null && echo null-ok' "$edit"'
l["resources"]["devices"].append({"allow": True, "type": "b", "major": 7, "minor": 0, "access": "r"})'
	run_ok "$b"
	expect_nomatch "open with an allow rule" "Operation not permitted" "$OUT"
	expect_contains "container output" "null-ok" "$OUT"
	expect_no_leftovers "run" "$b"
}

# linux.devices: each node made with its type, numbers, mode and owner, its
# parent directory made when missing; the default nodes are there too.
t_config_devices_are_made_with_their_mode_and_owner() {
	local id
	id=$(cid devnodes)
	mkb "$id" 'stat -c "%n %F %t:%T %a %u:%g" /dev/lcsub/blk /dev/lcfifo /dev/null /dev/tty' '
l["devices"] = [{"path": "/dev/lcsub/blk", "type": "b", "major": 7, "minor": 200,
                 "fileMode": 0o640, "uid": 1000, "gid": 1001},
                {"path": "/dev/lcfifo", "type": "p", "uid": 4294967295, "gid": 5}]'
	run_ok "$id"
	expect_eq "nodes" "/dev/lcsub/blk block special file 7:c8 640 1000:1001
/dev/lcfifo fifo 0:0 666 0:5
/dev/null character special file 1:3 666 0:0
/dev/tty character special file 5:0 666 0:0" "$OUT"
	expect_no_leftovers "run" "$id"
}

count_of() { cat "$T/shared/count" 2>/dev/null; }
count_above() { [ "$(count_of)" -gt "$1" ] 2>/dev/null; }

t_pause_stops_a_counter_and_resume_restarts_it() {
	local id c1 c2 pid
	id=$(cid pause)
	mkdir "$T/shared" || fail mkdir
	# the count is renamed into place, so a read never sees a half write
	mkb "$id" 'i=0; while true; do i=$((i+1)); echo $i > /mnt/c.tmp; mv /mnt/c.tmp /mnt/count; sleep 0.05; done' \
		"bind('$T/shared', '/mnt', 'rw')"
	rtq run -d --bundle "$T/b-$id" "$id"
	expect_rc "run -d" 0 "$RC" "$ERR"
	pid=$(state_field "$id" pid)
	wait_for 5 count_above 2 || fail "the counter does not count: $(count_of)"
	rtq pause "$id"
	expect_rc "pause" 0 "$RC" "$ERR"
	expect_eq "status after pause" paused "$(state_field "$id" status)"
	rtq list
	expect_match "list row" "^$id +$pid +paused " "$(grep "^$id " <<<"$OUT")"
	c1=$(count_of)
	expect_match "count when paused" '^[0-9]+$' "$c1"
	sleep 0.5
	c2=$(count_of)
	expect_eq "count while paused" "$c1" "$c2"
	rtq pause "$id"
	expect_fails "pause of a paused container" "$RC"
	expect_contains "pause error" "cannot pause container $id: it is paused" "$ERR"
	rtq delete "$id"
	expect_fails "delete of a paused container without -f" "$RC"
	expect_icontains "delete error" "paused" "$ERR"
	rtq resume "$id"
	expect_rc "resume" 0 "$RC" "$ERR"
	expect_eq "status after resume" running "$(state_field "$id" status)"
	wait_for 5 count_above "$c2" || fail "the counter does not count after resume: $(count_of)"
	note_ok
	rtq resume "$id"
	expect_fails "resume of a running container" "$RC"
	expect_contains "resume error" "cannot resume container $id: it is running, not paused" "$ERR"
	rtq pause "$id"
	expect_rc "pause again" 0 "$RC" "$ERR"
	rtq delete -f "$id"
	expect_rc "delete -f of a paused container" 0 "$RC" "$ERR"
	wait_for 5 not_alive "$pid" || fail "init $pid alive after delete -f"
	note_ok
	expect_no_leftovers "delete -f" "$id"
}

pid_count() { rt ps --format json "$1" 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin) or []))' 2>/dev/null; }
pids_are() { [ "$(pid_count "$1")" = "$2" ]; }

t_ps_lists_the_containers_pids() {
	local id pid json
	id=$(cid ps)
	mkb "$id" 'sleep 31 & echo started; wait'
	rtq run -d --bundle "$T/b-$id" "$id"
	expect_rc "run -d" 0 "$RC" "$ERR"
	pid=$(state_field "$id" pid)
	wait_for 5 pids_are "$id" 2 || fail "ps --format json: not 2 pids: $(rt ps --format json "$id" 2>&1)"
	rtq ps --format json "$id"
	expect_rc "ps --format json" 0 "$RC" "$ERR"
	json=$(python3 -c 'import json,sys; v=json.loads(sys.argv[1]); print(len(v), int(sys.argv[2]) in v)' "$OUT" "$pid" 2>&1)
	expect_eq "json pids (count, has the init)" "2 True" "$json"
	rtq ps "$id"
	expect_rc "ps" 0 "$RC" "$ERR"
	# procps or busybox ps: a header with PID, then the container's rows
	expect_match "ps header" '(^| )PID( |$)' "$(head -n1 <<<"$OUT")"
	expect_eq "ps rows" 2 "$(tail -n +2 <<<"$OUT" | wc -l)"
	expect_match "ps row of the init" "(^| )$pid " "$(grep 'sh -c' <<<"$OUT")"
	expect_contains "ps row of the sleep" "sleep 31" "$OUT"
	if ps -o pid,comm >/dev/null 2>&1; then
		rtq ps "$id" -o pid,comm
		expect_rc "ps with ps options" 0 "$RC" "$ERR"
		expect_match "ps -o pid,comm" "^ *$pid +sh$" "$(grep " sh$" <<<"$OUT")"
	fi
	rtq delete -f "$id"
	expect_rc "delete -f" 0 "$RC" "$ERR"
	expect_no_leftovers "delete -f" "$id"
}

t_update_changes_limits_live() {
	local id memf
	id=$(cid upd)
	mkb "$id" 'exec sleep 30' "
l['resources'].update({'memory': {'limit': 67108864}, 'pids': {'limit': 20}})"
	rtq run -d --bundle "$T/b-$id" "$id"
	expect_rc "run -d" 0 "$RC" "$ERR"
	if cg_is_v2; then memf=memory.max; else memf=memory.limit_in_bytes; fi
	expect_eq "memory before" 67108864 "$(cgread memory $memf "$id")"
	rtq update --memory 128m --pids-limit 50 --cpu-quota 30000 --cpu-period 100000 --cpu-share 256 "$id"
	expect_rc "update" 0 "$RC" "$ERR"
	expect_eq "memory after update" 134217728 "$(cgread memory $memf "$id")"
	expect_eq "pids.max after update" 50 "$(cgread pids pids.max "$id")"
	if cg_is_v2; then
		expect_eq "cpu.max after update" "30000 100000" "$(cgread cpu cpu.max "$id")"
		expect_eq "cpu.weight after update" 35 "$(cgread cpu cpu.weight "$id")"
	else
		expect_eq "cpu.cfs_quota_us after update" 30000 "$(cgread cpu cpu.cfs_quota_us "$id")"
		expect_eq "cpu.shares after update" 256 "$(cgread cpu cpu.shares "$id")"
	fi
	# -r FILE and -r -: OCI LinuxResources; what they leave out stays
	echo '{"pids": {"limit": 60}}' >"$T/res.json"
	rtq update -r "$T/res.json" "$id"
	expect_rc "update -r FILE" 0 "$RC" "$ERR"
	expect_eq "pids.max after -r" 60 "$(cgread pids pids.max "$id")"
	expect_eq "memory kept" 134217728 "$(cgread memory $memf "$id")"
	rt update -r - "$id" <<<'{"memory": {"limit": 100663296}}' >"$T/u.out" 2>&1
	expect_rc "update -r -" 0 "$?" "$(cat "$T/u.out")"
	expect_eq "memory after -r -" 100663296 "$(cgread memory $memf "$id")"
	rt update -r - "$id" <<<'{"memory": {"limit": 1024, "checkBeforeUpdate": true}}' >"$T/u.out" 2>&1
	expect_fails "update below the usage with checkBeforeUpdate" "$?"
	expect_contains "error names the value" "1024" "$(cat "$T/u.out")"
	expect_contains "error says why" "current usage" "$(cat "$T/u.out")"
	rt update -r - "$id" <<<'{"memory": {"limit": "x"}}' >"$T/u.out" 2>&1
	expect_fails "update -r with a string limit" "$?"
	expect_contains "error names the field" "memory.limit" "$(cat "$T/u.out")"
	rtq kill "$id" KILL
	wait_for 5 status_is "$id" stopped || fail "not stopped after kill"
	rtq update --pids-limit 5 "$id"
	expect_fails "update of a stopped container" "$RC"
	expect_icontains "error" "not running" "$ERR"
	rtq delete "$id"
	expect_no_leftovers "delete" "$id"
}

t_events_print_stats_as_json_lines() {
	local id got
	id=$(cid events)
	mkb "$id" 'exec sleep 30' "l['resources'].update({'pids': {'limit': 40}, 'memory': {'limit': 67108864}})"
	rtq run -d --bundle "$T/b-$id" "$id"
	expect_rc "run -d" 0 "$RC" "$ERR"
	rtq events --stats "$id"
	expect_rc "events --stats" 0 "$RC" "$ERR"
	expect_eq "one line" 1 "$(wc -l <<<"$OUT")"
	got=$(python3 -c 'import json,sys
e = json.loads(sys.argv[1]); d = e["data"]
print(e["type"], e["id"] == sys.argv[2], d["pids"]["current"], d["pids"]["limit"],
      d["memory"]["usage"]["limit"], "usage" in d["memory"]["usage"], sorted(d)[:3])' "$OUT" "$id" 2>&1)
	expect_eq "stats line" "stats True 1 40 67108864 True ['blkio', 'cpu', 'cpuset']" "$got"
	timeout 2 "$RUNTIME" --root "$ROOT" events --interval 300ms "$id" >"$T/ev.out" 2>"$T/ev.err"
	expect_match "lines in 2s at 300ms" '^[3-7]$' "$(wc -l <"$T/ev.out")"
	expect_eq "every line is a stats event" "" "$(grep -v '^{"type":"stats","id":' "$T/ev.out")"
	rtq events --interval 0s "$id"
	expect_fails "events --interval 0s" "$RC"
	rtq delete -f "$id"
	rtq events --stats "$id"
	expect_fails "events of a deleted container" "$RC"
	expect_no_leftovers "delete -f" "$id"
}

t_events_report_an_oom_kill() {
	local id
	id=$(cid evoom)
	# a subshell outgrows the limit two seconds in.  The kernel may take
	# the init too (a second kill while the first victim's memory is not
	# yet back), so the container may stop: the OOM is reported anyway.
	mkb "$id" 'sleep 2; (x=$(head -c 64m /dev/zero | tr "\0" a)); exec sleep 30' "
l['resources'].update({'memory': {'limit': 16777216, 'swap': 16777216}})"
	rtq run -d --bundle "$T/b-$id" "$id"
	expect_rc "run -d" 0 "$RC" "$ERR"
	timeout $((5 * SLOW)) "$RUNTIME" --root "$ROOT" events --interval 250ms "$id" >"$T/ev.out" 2>"$T/ev.err"
	# runc reports each of the kernel's OOM notifications, lc each kill
	expect_eq "an oom event" "{\"type\":\"oom\",\"id\":\"$id\"}" "$(grep -m1 '"oom"' "$T/ev.out")"
	rtq delete -f "$id"
	expect_no_leftovers "delete -f" "$id"
}

t_unified_is_refused_on_cgroup_v1() {
	local id
	need_cg_version v1
	id=$(cid unif1)
	mkb "$id" 'echo should-not-run' "l['resources']['unified'] = {'pids.max': '7'}"
	run_ctr "$id"
	expect_fails "run with linux.resources.unified on v1" "$RC"
	expect_eq "stdout" "" "$OUT"
	expect_contains "error names the field" "unified" "$ERR"
	expect_contains "error says why" "cgroup v1" "$ERR"
	expect_no_leftovers "refused unified" "$id"
}

t_unified_values_are_written_on_cgroup_v2() {
	local id
	need_cg_version v2
	id=$(cid unif2)
	mkb "$id" "${CGIN}cgin pids pids.max; cgin memory memory.high" "
set_ns('cgroup')
l['resources']['unified'] = {'pids.max': '7', 'memory.high': '50003968'}"
	run_ok "$id"
	expect_eq "pids.max and memory.high inside" $'7\n50003968' "$OUT"
	expect_no_leftovers "run" "$id"
}

t_v1_only_memory_settings_are_refused_on_cgroup_v2() {
	local id
	need_cg_version v2
	id=$(cid v1only)
	mkb "$id" 'echo should-not-run' "l['resources']['memory'] = {'swappiness': 10}"
	run_ctr "$id"
	expect_fails "run with memory.swappiness on v2" "$RC"
	expect_contains "error" ".linux.resources.memory.swappiness: not supported on this host's cgroup v2" "$ERR"
	expect_no_leftovers "refused swappiness" "$id"
}

# runc (every version) warns and ignores kernel memory limits; lc refuses
# them: Linux 5.16 removed them, and a config must not run weaker.
t_kernel_memory_limit_is_refused_naming_the_field() {
	local id
	id=$(cid kmem)
	if "$RUNTIME" --version 2>/dev/null | head -n1 | grep -q '^runc version'; then
		skip "runc ignores kernel memory limits with a warning"
	fi
	mkb "$id" 'echo should-not-run' "l['resources']['memory'] = {'kernel': 10485760}"
	run_ctr "$id"
	expect_fails "run with memory.kernel" "$RC"
	expect_eq "stdout" "" "$OUT"
	expect_contains "error names the field" ".linux.resources.memory.kernel" "$ERR"
	expect_no_leftovers "refused kernel memory" "$id"
	mkb "$id" 'exec sleep 30'
	rtq run -d --bundle "$T/b-$id" "$id"
	expect_rc "run -d" 0 "$RC" "$ERR"
	rtq update --kernel-memory 10m "$id"
	expect_fails "update --kernel-memory" "$RC"
	expect_contains "--kernel-memory error" "kernel-memory" "$ERR"
	rtq delete -f "$id"
	expect_no_leftovers "delete -f" "$id"
}

# ---- bad input: one clear error, nothing left behind

bad_id() { # SHOWN-ID
	local id bad=$1
	id=$(cid badid)
	mkb "$id" 'echo should-not-run'
	rtq run --bundle "$T/b-$id" "$bad"
	expect_fails "run with ID '$bad'" "$RC"
	expect_eq "stdout" "" "$OUT"
	expect_icontains "error" "id" "$ERR"
	if [ -n "$bad" ]; then
		if runtime_is_old_runc; then
			echo "# note: runc does not quote the ID in: $ERR"
		else
			expect_contains "error names the ID" "$bad" "$ERR"
		fi
	else
		expect_match "error for the empty ID" '[Ee]mpty|missing|required' "$ERR"
	fi
	expect_no_leftovers "ID '$bad'" "$id"
}
t_invalid_id_dotdot_is_refused() { bad_id "../x"; }
t_invalid_id_with_slash_is_refused() { bad_id "a/b"; }
t_invalid_id_empty_is_refused() { bad_id ""; }

t_missing_absolute_binary_fails_cleanly() {
	local id
	id=$(cid nobin)
	mkb "$id" '' 'p["args"] = ["/nonexistent"]'
	run_ctr "$id"
	expect_fails "run of /nonexistent" "$RC"
	expect_contains "error names the binary" "/nonexistent" "$ERR"
	expect_icontains "error says why" "no such file or directory" "$ERR"
	expect_no_leftovers "missing binary" "$id"
}

t_missing_binary_in_path_fails_cleanly() {
	local id
	id=$(cid nocmd)
	mkb "$id" '' 'p["args"] = ["nosuchcmd"]'
	run_ctr "$id"
	expect_fails "run of nosuchcmd" "$RC"
	expect_contains "error names the command" "nosuchcmd" "$ERR"
	expect_match "error says why" 'executable file not found in \$PATH|[Nn]o such file or directory' "$ERR"
	expect_no_leftovers "missing command" "$id"
}

# lc refuses a relative mount destination, naming the field (the core
# issue asks for it; runtime-spec 1.1 and runc 1.1 accept one as relative
# to "/", runc with a warning that support will go away).
t_relative_mount_destination_is_refused() {
	local id
	id=$(cid relmnt)
	runc_differs "it accepts a relative destination with a warning"
	mkb "$id" 'echo should-not-run' \
		'c["mounts"].append({"destination": "relative/path", "type": "tmpfs", "source": "tmpfs", "options": ["size=1m"]})'
	run_ctr "$id"
	expect_fails "run with a relative mount destination" "$RC"
	expect_eq "stdout" "" "$OUT"
	expect_contains "error names the field" ".destination: must be an absolute path" "$ERR"
	expect_contains "error names the value" "relative/path" "$ERR"
	expect_no_leftovers "relative mount destination" "$id"
}

t_mount_of_unknown_filesystem_type_is_refused() {
	local id
	id=$(cid badfs)
	mkb "$id" 'echo should-not-run' \
		'c["mounts"].append({"destination": "/mnt", "type": "lcnosuchfs", "source": "none"})'
	run_ctr "$id"
	expect_fails "run with a mount of type lcnosuchfs" "$RC"
	expect_eq "stdout" "" "$OUT"
	expect_contains "error names the destination" "/mnt" "$ERR"
	expect_no_leftovers "unknown filesystem type" "$id"
}

t_bind_mount_with_missing_source_is_refused() {
	local id
	id=$(cid nosrc)
	mkb "$id" 'echo should-not-run' "bind('$T/no/such/src', '/mnt', 'rw')"
	run_ctr "$id"
	expect_fails "run with a missing bind source" "$RC"
	expect_eq "stdout" "" "$OUT"
	expect_contains "error names the source" "$T/no/such/src" "$ERR"
	expect_no_leftovers "missing bind source" "$id"
}

t_truncated_config_is_refused() {
	local id cfg
	id=$(cid trunc)
	mkb "$id" 'echo should-not-run'
	cfg=$(cat "$T/b-$id/config.json")
	raw_config "$id" "${cfg:0:$((${#cfg} / 2))}"
	run_ctr "$id"
	expect_fails "run with truncated config.json" "$RC"
	expect_eq "stdout" "" "$OUT"
	expect_match "error says where" '[Ee][Oo][Ff]|end of (input|file|data)|line [0-9]+|offset [0-9]+|position [0-9]+|column [0-9]+' "$ERR"
	expect_no_leftovers "truncated config" "$id"
}

t_config_field_of_wrong_type_is_refused() {
	local id
	id=$(cid wrongtype)
	mkb "$id" 'echo should-not-run' 'c["hostname"] = 5'
	run_ctr "$id"
	expect_fails "run with \"hostname\": 5" "$RC"
	expect_eq "stdout" "" "$OUT"
	expect_contains "error names the field" "hostname" "$ERR"
	expect_no_leftovers "wrong type" "$id"
}

# ---- seccomp (linux.seccomp)

SECCOMP_DEFAULT=$HERE/seccomp-default.json

# probe: a static test program, compiled into the test's rootfs as /probe.
#   probe syscall NR [ARG...]   the raw syscall; prints "ret=R errno=E"
#   probe int80 NR              an i386 syscall through int 0x80 (x86_64)
#   probe trap NR               the syscall with a SIGSYS handler; prints
#                               what the handler saw, or "no signal"
# Programs are built at test time, never committed as binaries.
make_probe() {
	command -v gcc >/dev/null || skip "no gcc to build the test program"
	cat >"$T/probe.c" <<-'EOF_C'
	#define _GNU_SOURCE
	#include <errno.h>
	#include <signal.h>
	#include <stdio.h>
	#include <stdlib.h>
	#include <string.h>
	#include <sys/syscall.h>
	#include <unistd.h>
	static volatile int seen_nr = -1, seen_code = -1;
	static void on_sigsys(int sig, siginfo_t *si, void *uc)
	{
		(void)sig; (void)uc;
		seen_nr = si->si_syscall;
		seen_code = si->si_code;
	}
	int main(int argc, char **argv)
	{
		long a[6] = {0};
		long nr, r;
		int i;
		if (argc < 3)
			return 2;
		nr = strtol(argv[2], NULL, 0);
		for (i = 3; i < argc && i < 9; i++)
			a[i - 3] = (long)strtoull(argv[i], NULL, 0);
		if (strcmp(argv[1], "int80") == 0) {
	#if defined(__x86_64__)
			r = nr;
			__asm__ volatile("int $0x80" : "+a"(r) : : "memory");
			printf("int80 ret=%ld\n", r);
			return 0;
	#else
			return 3;
	#endif
		}
		if (strcmp(argv[1], "trap") == 0) {
			struct sigaction sa;
			memset(&sa, 0, sizeof sa);
			sa.sa_sigaction = on_sigsys;
			sa.sa_flags = SA_SIGINFO;
			sigaction(SIGSYS, &sa, NULL);
			syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
			if (seen_nr < 0)
				printf("no signal\n");
			else
				printf("SIGSYS syscall=%d code=%d\n", seen_nr, seen_code);
			return 0;
		}
		errno = 0;
		r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		printf("ret=%ld errno=%d\n", r, r < 0 ? errno : 0);
		return 0;
	}
	EOF_C
	[ -d "$T/rootfs" ] || cp -al "$ROOTFS" "$T/rootfs" || fail "cannot copy the rootfs"
	gcc -static -O1 -o "$T/rootfs/probe" "$T/probe.c" 2>"$T/gcc.err" ||
		skip "gcc -static failed: $(cat "$T/gcc.err")"
}

# seccomp_edit JSON: python for mkb that sets linux.seccomp to JSON
seccomp_edit() { printf 'l["seccomp"] = json.loads(r"""%s""")\n' "$1"; }

# mkb_probe ID 'ARG...' JSON: a bundle whose process is `/probe ARG...`
# itself (a shell would make calls of its own) under the profile JSON
mkb_probe() {
	local a py="p['args'] = ['/probe'"
	for a in $2; do py+=", '$a'"; done
	mkb "$1" '' "$py]
$(seccomp_edit "$3")"
}

t_seccomp_default_like_profile_runs_busybox() {
	local id
	id=$(cid scdef)
	mkb "$id" 'echo hello; ls / | wc -l; cat /etc/passwd | grep -c root; sh -c "exit 4"; echo sub=$?
	echo x > /tmp/f && mv /tmp/f /tmp/g && cat /tmp/g; sleep 0; date +%Y >/dev/null && echo date
	grep -E "^(Seccomp|Seccomp_filters|NoNewPrivs):" /proc/self/status' \
		"tmpfs('/tmp'); l['seccomp'] = json.load(open('$SECCOMP_DEFAULT'))"
	run_ok "$id"
	expect_eq "output" "hello
$(ls "$ROOTFS" | wc -l)
1
sub=4
x
date
NoNewPrivs:	1
Seccomp:	2
Seccomp_filters:	1" "$OUT"
}

t_seccomp_loads_before_the_capability_drop_without_no_new_privileges() {
	local id
	id=$(cid scnnp)
	# the filter is loaded before setresuid, capset...; the profile, like
	# older ones, lacks close_range, which must not matter
	mkb "$id" 'grep -E "^(CapEff|Seccomp|NoNewPrivs):" /proc/self/status; id -u' \
		"p['noNewPrivileges'] = False; p['user'] = {'uid': 1000, 'gid': 1000}
l['seccomp'] = json.load(open('$SECCOMP_DEFAULT'))
l['seccomp']['syscalls'][0]['names'].remove('close_range')"
	run_ok "$id"
	expect_eq "status" $'CapEff:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t2\n1000' "$OUT"
}

t_seccomp_denied_syscall_returns_the_configured_errno() {
	local id
	id=$(cid scerr)
	mkb "$id" 'mkdir /tmp/d; echo "mkdir=$?"; touch /tmp/f; rm /tmp/f; echo "rm=$?"; ls /tmp' \
		"tmpfs('/tmp'); $(seccomp_edit '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
  {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
  {"names": ["unlink", "unlinkat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 30}]}')"
	run_ok "$id"
	expect_eq "output" $'mkdir=1\nrm=1\nf' "$OUT"
	expect_contains "mkdir error" "can't create directory '/tmp/d': Operation not permitted" "$ERR"
	expect_contains "rm error" "Read-only file system" "$ERR"
}

t_exec_runs_under_the_container_s_seccomp_filter() {
	local id
	id=$(cid scexec)
	mkb "$id" 'exec sleep 30' \
		"tmpfs('/tmp'); $(seccomp_edit '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
  {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}')"
	start_bg "$id"
	rtq exec "$id" sh -c 'mkdir /tmp/d; echo "mkdir=$?"; grep Seccomp: /proc/self/status'
	expect_rc "exec" 0 "$RC" "$ERR"
	expect_eq "mkdir denied in the exec'd process too" $'mkdir=1\nSeccomp:\t2' "$OUT"
	rtq delete -f "$id"
}

t_seccomp_argument_filter_matches_exactly() {
	local id
	id=$(cid scarg)
	make_probe
	# personality(2) allowed for the query value 0xffffffff only, on all 64
	# bits; the rest EACCES.  getpriority(which, who) filtered when which
	# is 0 and who >= 2^32: two comparisons in one rule, ANDed.
	mkb "$id" 'for v in 0xffffffff 0x1ffffffff 0xffffffff00000000 8 0; do
	/probe syscall 135 $v | sed "s/ret=[0-9]* /ret=ok /"; done
	for a in "0 0x100000000" "0 0x7fffffffffffffff" "1 0x100000000" "0 0xffffffff" "0 5"; do
	/probe syscall 140 $a | grep -q " errno=7$" && echo filtered || echo passed; done' \
		"$(seccomp_edit '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
  {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_NE"}]},
  {"names": ["getpriority"], "action": "SCMP_ACT_ERRNO", "errnoRet": 7, "args": [
    {"index": 0, "value": 0, "op": "SCMP_CMP_EQ"},
    {"index": 1, "value": 4294967296, "op": "SCMP_CMP_GE"}]}]}')"
	run_ok "$id"
	expect_eq "personality results" 'ret=ok errno=0
ret=-1 errno=13
ret=-1 errno=13
ret=-1 errno=13
ret=-1 errno=13' "$(head -n5 <<<"$OUT")"
	expect_eq "getpriority: which == 0 && who >= 2^32" \
		$'filtered\nfiltered\npassed\npassed\npassed' "$(tail -n5 <<<"$OUT")"
}

# lc ANDs every comparison of a rule, also two on the same argument (a
# range); runc makes one rule of each such comparison, an OR.
t_seccomp_comparisons_on_one_argument_are_anded() {
	local id
	id=$(cid scrange)
	runc_differs "it ORs comparisons on the same argument"
	make_probe
	mkb "$id" 'for v in 0x100000000 0x17fffffff 0x180000000 0xffffffff 0x200000000; do
	/probe syscall 140 0 $v | grep -q " errno=7$" && echo filtered || echo passed; done' \
		"$(seccomp_edit '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
  {"names": ["getpriority"], "action": "SCMP_ACT_ERRNO", "errnoRet": 7, "args": [
    {"index": 1, "value": 4294967296, "op": "SCMP_CMP_GE"},
    {"index": 1, "value": 6442450944, "op": "SCMP_CMP_LT"}]}]}')"
	run_ok "$id"
	expect_eq "getpriority, who in [2^32, 1.5*2^32)" \
		$'filtered\nfiltered\npassed\npassed\npassed' "$OUT"
}

# The first rule naming a syscall whose comparisons hold decides, in
# config order; libseccomp lets a rule without comparisons win instead.
t_seccomp_first_matching_rule_decides() {
	local id
	id=$(cid scorder)
	runc_differs "libseccomp gives a rule without comparisons precedence"
	make_probe
	mkb "$id" 'for v in 0xffffffff 8; do /probe syscall 135 $v | cut -d" " -f2; done' \
		"$(seccomp_edit '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
  {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_EQ"}]},
  {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}')"
	run_ok "$id"
	expect_eq "personality(0xffffffff), personality(8)" $'errno=0\nerrno=13' "$OUT"
}

t_seccomp_kill_process_and_kill_kill_with_sigsys() {
	local a b
	a=$(cid sckp)
	b=$(cid sckt)
	make_probe
	mkb_probe "$a" 'syscall 110' \
		'{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_KILL_PROCESS"}]}'
	mkb_probe "$b" 'syscall 110' \
		'{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_KILL"}]}'
	run_ctr "$a"
	expect_rc "run with getppid killed (KILL_PROCESS)" 159 "$RC" "$ERR"
	expect_eq "output" "" "$OUT"
	run_ctr "$b"
	expect_rc "run with getppid killed (KILL)" 159 "$RC" "$ERR"
}

t_seccomp_trap_raises_sigsys() {
	local id
	id=$(cid sctrap)
	make_probe
	mkb_probe "$id" 'trap 110' \
		'{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_TRAP"}]}'
	run_ok "$id"
	expect_eq "what the SIGSYS handler saw" "SIGSYS syscall=110 code=1" "$OUT"
}

t_seccomp_foreign_architecture_syscalls_are_killed() {
	local a b
	a=$(cid sci386)
	b=$(cid scx32)
	runc_differs "libseccomp filters the listed x86 and x32 ABIs by their own tables"
	[ "$(uname -m)" = x86_64 ] || skip "x86_64 only"
	make_probe
	# i386 getpid (20) through int 0x80, then an x32 getpid: the profile
	# allows everything and lists both ABIs, yet lc kills them.
	mkb_probe "$a" 'int80 20' \
		'{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]}'
	mkb_probe "$b" "syscall $((0x40000000 + 39))" \
		'{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"]}'
	run_ctr "$a"
	expect_rc "run of an int 0x80 getpid" 159 "$RC" "$ERR $OUT"
	run_ctr "$b"
	expect_rc "run of an x32 getpid" 159 "$RC" "$ERR $OUT"
}

# agent: listens on $T/agent.sock; writes the state it gets to
# $T/agent.json; answers mkdir/mkdirat with EDQUOT and chmod/fchmodat with
# success without doing anything; exits when the container is gone.
make_agent() {
	cat >"$T/agent.c" <<-'EOF_C'
	#define _GNU_SOURCE
	#include <errno.h>
	#include <linux/seccomp.h>
	#include <poll.h>
	#include <stdio.h>
	#include <string.h>
	#include <sys/ioctl.h>
	#include <sys/socket.h>
	#include <sys/syscall.h>
	#include <sys/un.h>
	#include <unistd.h>
	int main(int argc, char **argv)
	{
		struct sockaddr_un sa = {AF_UNIX};
		char buf[65536];
		union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int))]; } ctl;
		struct iovec iov = {buf, sizeof buf - 1};
		struct msghdr m = {0};
		FILE *out;
		ssize_t n;
		int s, c, fd;
		if (argc != 3)
			return 2;
		snprintf(sa.sun_path, sizeof sa.sun_path, "%s", argv[1]);
		s = socket(AF_UNIX, SOCK_STREAM, 0);
		if (s < 0 || bind(s, (void *)&sa, sizeof sa) < 0 || listen(s, 1) < 0)
			return 3;
		c = accept(s, NULL, NULL);
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = ctl.b;
		m.msg_controllen = sizeof ctl.b;
		n = recvmsg(c, &m, 0);
		if (n <= 0 || !CMSG_FIRSTHDR(&m) || CMSG_FIRSTHDR(&m)->cmsg_type != SCM_RIGHTS)
			return 4;
		memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof fd);
		buf[n] = 0;
		out = fopen(argv[2], "w");
		fputs(buf, out);
		fclose(out);
		for (;;) {
			struct pollfd p = {fd, POLLIN, 0};
			struct seccomp_notif req;
			struct seccomp_notif_resp resp;
			if (poll(&p, 1, 15000) <= 0 || (p.revents & POLLHUP))
				return 0;
			memset(&req, 0, sizeof req);
			if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
				continue;
			memset(&resp, 0, sizeof resp);
			resp.id = req.id;
			if (req.data.nr == SYS_mkdir || req.data.nr == SYS_mkdirat)
				resp.error = -EDQUOT;
			ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
		}
	}
	EOF_C
	gcc -O1 -o "$T/agent" "$T/agent.c" 2>"$T/gcc.err" || skip "gcc failed: $(cat "$T/gcc.err")"
}

t_seccomp_notify_reaches_the_agent_and_the_container_sees_its_answer() {
	local id apid check
	id=$(cid scnotify)
	make_agent
	"$T/agent" "$T/agent.sock" "$T/agent.json" &
	apid=$!
	wait_for 5 test -S "$T/agent.sock" || fail "the agent did not start"
	mkb "$id" 'mkdir /tmp/d; echo "mkdir=$?"; touch /tmp/f; chmod 600 /tmp/f; echo "chmod=$?"
	stat -c %a /tmp/f; ls /tmp' \
		"tmpfs('/tmp'); $(seccomp_edit '{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "'"$T/agent.sock"'",
  "listenerMetadata": "lc-test-meta", "syscalls": [
  {"names": ["mkdir", "mkdirat", "chmod", "fchmodat", "fchmodat2"], "action": "SCMP_ACT_NOTIFY"}]}')"
	run_ok "$id"
	wait "$apid" || fail "the agent failed: status $?"
	expect_eq "output" $'mkdir=1\nchmod=0\n644\nf' "$OUT"
	expect_contains "mkdir error (the agent's EDQUOT)" "Disk quota exceeded" "$ERR"
	check=$(python3 - "$T/agent.json" "$id" "$T/b-$id" <<-'EOF_PY' 2>&1
	import json, sys
	s = json.load(open(sys.argv[1]))
	assert s["ociVersion"], s
	assert s["fds"] == ["seccompFd"], s["fds"]
	assert s["metadata"] == "lc-test-meta", s.get("metadata")
	st = s["state"]
	assert st["id"] == sys.argv[2] and st["bundle"] == sys.argv[3], st
	assert st["status"] == "creating", st["status"]
	assert isinstance(s["pid"], int) and s["pid"] > 1 and st["pid"] == s["pid"], s
	print("ok")
	EOF_PY
	)
	expect_eq "the state the agent got" ok "$check"
}

t_seccomp_notify_without_an_agent_fails_cleanly() {
	local id
	id=$(cid scnoagent)
	mkb "$id" 'echo should-not-run' "$(seccomp_edit '{"defaultAction": "SCMP_ACT_ALLOW",
  "listenerPath": "'"$T/nobody.sock"'", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}')"
	run_ctr "$id"
	expect_fails "run with no agent listening" "$RC"
	expect_eq "stdout" "" "$OUT"
	expect_contains "error names the socket" "$T/nobody.sock" "$ERR"
	expect_no_leftovers "missing agent" "$id"
}

t_seccomp_bad_action_is_refused_naming_the_field() {
	local id
	id=$(cid scbad)
	mkb "$id" 'echo should-not-run' "$(seccomp_edit '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
  {"names": ["read"], "action": "SCMP_ACT_ALLOW"}, {"names": ["mkdir"], "action": "SCMP_ACT_FOO"}]}')"
	run_ctr "$id"
	expect_fails "run with action SCMP_ACT_FOO" "$RC"
	expect_eq "stdout" "" "$OUT"
	if runtime_is_old_runc; then
		expect_contains "error names the action" "SCMP_ACT_FOO" "$ERR"
	else
		expect_contains "error names the field" \
			'.linux.seccomp.syscalls[1].action: unknown action "SCMP_ACT_FOO"' "$ERR"
	fi
	expect_no_leftovers "bad seccomp action" "$id"
}

# ---- networking: veth, bridge, macvlan, ipvlan, IPv6, netDevices
#
# Each of these tests runs in a network namespace of its own (own_netns):
# the bridges and parent devices it makes, and the veth host ends lc makes
# for it, live and die there, so no traffic ever reaches the machine's real
# interfaces. Networks are asked for with lc's annotations (README,
# "Networking"); runc ignores them, so these tests are for lc only.

# own_netns: run the rest of this test under `unshare -n`, with lo up.
# Call it first: it starts the test over in the new namespace.
own_netns() {
	if [ -z "${LC_IT_NETNS:-}" ]; then
		LC_IT_NETNS=1 exec unshare -n bash "$SELF" __one "${FUNCNAME[1]}"
		skip "cannot make a network namespace with unshare -n"
	fi
	ip -V 2>&1 | grep -q iproute2 || skip "needs ip(8) from iproute2"
	ip link set lo up || fail "cannot set lo up in the test's namespace"
}

# need_kinds KIND...: skip unless the kernel makes links of these kinds
# (macvlan and ipvlan on lcpar0, which must exist)
need_kinds() {
	local k
	for k in "$@"; do
		case $k in
		veth) ip link add lcprobe0 type veth peer name lcprobe1 ;;
		macvlan | ipvlan) ip link add lcprobe0 link lcpar0 type "$k" ;;
		*) ip link add lcprobe0 type "$k" ;;
		esac >/dev/null 2>&1 || skip "the kernel has no $k devices"
		ip link del lcprobe0
	done
}

lc_only_networks() { # the networks come from annotations only lc reads
	case $("$RUNTIME" --version 2>/dev/null | head -n1) in
	runc*|crun*) skip "networks are lc's org.lc.net annotations" ;;
	esac
}

# mkb_net ID SCRIPT ANNOTATIONS-PYTHON-DICT [MORE-PYTHON]: a bundle whose
# process may ping (CAP_NET_RAW), in a new network namespace, with /mnt
# bound to $T/shared, and the given annotations.
mkb_net() {
	mkdir -p "$T/shared"
	mkb "$1" "$2" "set_ns('network'); bind('$T/shared', '/mnt', 'rw')
for k in p.get('capabilities', {}): p['capabilities'][k] = p['capabilities'][k] + ['CAP_NET_RAW']
c['annotations'] = $3
${4:-}"
}

hping() { # ping once from the test's namespace
	if command -v ping >/dev/null; then ping -c1 -W2 "$1"; else busybox ping -c1 -W2 "$1"; fi
}

# a device the test owns that can be a macvlan parent or a netDevice:
# dummy where the kernel has it, else ifb
mkdev() {
	ip link add "$1" type dummy 2>/dev/null || ip link add "$1" type ifb 2>/dev/null ||
		skip "the kernel has neither dummy nor ifb devices"
}

has_link() { ip link show "$1" >/dev/null 2>&1; }

ping_ok() { # WHAT: the container's ping (in $T/shared) succeeded
	[ "$(cat "$T/shared/ping.rc")" = 0 ] || fail "$1: $(cat "$T/shared/ping")"
	note_ok
}

t_veth_gets_address_route_mtu_and_mac_and_pings_both_ways() {
	local id out
	own_netns
	lc_only_networks
	need_kinds veth
	id=$(cid veth)
	mkb_net "$id" 'ip -o -4 addr show dev eth0 > /mnt/addr; ip route > /mnt/route
cat /sys/class/net/eth0/mtu /sys/class/net/eth0/address > /mnt/link
until [ -e /mnt/go ]; do sleep 0.05; done
ping -c1 -W2 10.0.0.1 > /mnt/ping 2>&1; echo $? > /mnt/ping.rc; exec sleep 30' \
		'{"org.lc.net.eth0": "veth host=lcv0 addr=10.0.0.2/24 gw=10.0.0.1 mtu=1400 mac=02:00:0a:00:00:02",
  "org.lc.route.1": "dst=10.9.0.0/16 via=10.0.0.1 dev=eth0"}'
	rtq run -d --bundle "$T/b-$id" "$id"
	expect_rc "run -d" 0 "$RC" "$ERR"
	has_link lcv0 || fail "no host-side veth lcv0"
	note_ok
	# (not /sys/class/net: the test's /sys shows the host's namespace)
	expect_match "host side MTU and state" ' mtu 1400 .* state (UP|LOWERLAYERDOWN) ' \
		"$(ip -o link show lcv0)"
	ip addr add 10.0.0.1/24 dev lcv0 || fail "ip addr add on lcv0"
	touch "$T/shared/go"
	wait_for 10 file_has "$T/shared/ping.rc" || fail "the container never pinged"
	expect_match "address in the container" 'inet 10\.0\.0\.2/24 ' "$(cat "$T/shared/addr")"
	out=$(cat "$T/shared/route")
	expect_match "default route" '(^|'$'\n'')default via 10\.0\.0\.1 dev eth0' "$out"
	expect_match "extra route" '(^|'$'\n'')10\.9\.0\.0/16 via 10\.0\.0\.1 dev eth0' "$out"
	expect_eq "MTU and MAC in the container" $'1400\n02:00:0a:00:00:02' "$(cat "$T/shared/link")"
	ping_ok "container pings the host side"
	out=$(hping 10.0.0.2 2>&1)
	expect_rc "host side pings the container" 0 "$?" "$out"
	rtq delete -f "$id"
	expect_rc "delete -f" 0 "$RC" "$ERR"
	! has_link lcv0 || fail "the host-side veth lcv0 is still there after delete"
	note_ok
	expect_no_leftovers "delete" "$id"
}

t_veth_two_containers_ping_each_other_through_a_bridge() {
	local a b pb ports
	own_netns
	lc_only_networks
	need_kinds veth bridge
	a=$(cid bra)
	b=$(cid brb)
	ip link add lcbr0 type bridge && ip link set lcbr0 up || fail "cannot make a bridge"
	mkb_net "$a" 'exec sleep 30' '{"org.lc.net.eth0": "veth host=lcva bridge=lcbr0 hairpin addr=10.1.0.2/24"}'
	mkb_net "$b" 'for i in 1 2 3; do ping -c1 -W2 10.1.0.2 > /mnt/ping 2>&1 && break; done
echo $? > /mnt/ping.rc; exec sleep 30' '{"org.lc.net.eth0": "veth bridge=lcbr0 addr=10.1.0.3/24"}'
	rtq run -d --bundle "$T/b-$a" "$a"
	expect_rc "run -d $a" 0 "$RC" "$ERR"
	rtq run -d --bundle "$T/b-$b" "$b"
	expect_rc "run -d $b" 0 "$RC" "$ERR"
	pb=$(state_field "$b" pid)
	wait_for 10 file_has "$T/shared/ping.rc" || fail "the container never pinged"
	ping_ok "ping through the bridge"
	ports=$(ip -o link show master lcbr0 | awk -F': ' '{ print $2 }' | sed 's/@.*//' | sort | tr '\n' ' ')
	expect_eq "bridge ports (named, and generated from the pid)" "lc$pb-0 lcva " "$ports"
	expect_match "hairpin mode on lcva" ' hairpin on ' "$(ip -d -o link show lcva)"
	expect_match "no hairpin on the other" ' hairpin off ' "$(ip -d -o link show "lc$pb-0")"
	rtq delete -f "$a"
	expect_rc "delete -f $a" 0 "$RC" "$ERR"
	rtq delete -f "$b"
	expect_rc "delete -f $b" 0 "$RC" "$ERR"
	expect_eq "bridge ports after delete" "" "$(ip -o link show master lcbr0)"
}

vlan_pair() { # TYPE MODE: two containers on parent lcpar0 reach each other
	local type=$1 mode=$2 a b
	a=$(cid "${type}a")
	b=$(cid "${type}b")
	mkb_net "$a" 'exec sleep 30' "{'org.lc.net.eth0': '$type parent=lcpar0 mode=$mode addr=10.2.0.2/24'}"
	mkb_net "$b" 'cat /sys/class/net/eth0/type > /mnt/type
for i in 1 2 3; do ping -c1 -W2 10.2.0.2 > /mnt/ping 2>&1 && break; done; echo $? > /mnt/ping.rc' \
		"{'org.lc.net.eth0': '$type parent=lcpar0 mode=$mode addr=10.2.0.3/24'}"
	rtq run -d --bundle "$T/b-$a" "$a"
	expect_rc "run -d $a" 0 "$RC" "$ERR"
	run_ok "$b"
	ping_ok "$type: ping between the containers"
	rtq delete -f "$a"
	expect_rc "delete -f $a" 0 "$RC" "$ERR"
	expect_no_leftovers "delete" "$a"
	expect_eq "interfaces left in the test's namespace" "lcpar0 lo" \
		"$(ip -o link | awk -F': ' '{ print $2 }' | sed 's/@.*//' | sort | tr '\n' ' ' | sed 's/ $//')"
}

t_macvlan_containers_reach_each_other_on_a_parent() {
	own_netns
	lc_only_networks
	mkdev lcpar0
	ip link set lcpar0 up || fail "lcpar0 up"
	need_kinds macvlan
	vlan_pair macvlan bridge
}

t_ipvlan_containers_reach_each_other_on_a_parent() {
	own_netns
	lc_only_networks
	mkdev lcpar0
	ip link set lcpar0 up || fail "lcpar0 up"
	need_kinds ipvlan
	vlan_pair ipvlan l2
}

t_ipv6_address_and_route_are_present() {
	local id
	own_netns
	lc_only_networks
	need_kinds veth
	[ -e /proc/net/if_inet6 ] || skip "IPv6 is disabled"
	id=$(cid v6)
	mkb_net "$id" 'cat /proc/net/if_inet6; echo --; cat /proc/net/ipv6_route; echo --; ip -o addr show dev lo' \
		'{"org.lc.net.eth0": "veth addr=fd00::2/64 gw=fd00::1 addr=10.4.0.2/24",
  "org.lc.net.lo": "loopback addr=10.255.0.1/32",
  "org.lc.route.7": "dst=fd01::/64 via=fd00::1"}'
	run_ok "$id"
	expect_match "address in /proc/net/if_inet6" \
		'(^|'$'\n'')fd000000000000000000000000000002 [0-9a-f]+ 40 00 [0-9a-f]+ +eth0' "$OUT"
	expect_match "route in /proc/net/ipv6_route" \
		'(^|'$'\n'')fd010000000000000000000000000000 40 0+ 00 fd000000000000000000000000000001 [0-9a-f ]+eth0' "$OUT"
	expect_match "default route in /proc/net/ipv6_route" \
		'(^|'$'\n'')0{32} 00 0{32} 00 fd000000000000000000000000000001 [0-9a-f ]+eth0' "$OUT"
	expect_match "extra address on lo" 'inet 10\.255\.0\.1/32 ' "$OUT"
}

t_net_devices_move_in_renamed_and_come_back_after_delete() {
	local id id2
	own_netns
	lc_only_networks
	id=$(cid nd)
	id2=$(cid nd2)
	mkdev lcnd0
	ip addr add 10.3.0.1/24 dev lcnd0 && ip link set lcnd0 up || fail "cannot set lcnd0 up"
	mkb_net "$id" 'ip -o -4 addr show dev eth5 > /mnt/addr; cat /sys/class/net/eth5/flags > /mnt/flags; exec sleep 30' \
		'{}' 'l["netDevices"] = {"lcnd0": {"name": "eth5"}}'
	rtq run -d --bundle "$T/b-$id" "$id"
	expect_rc "run -d" 0 "$RC" "$ERR"
	wait_for 5 file_has "$T/shared/flags" || fail "the container wrote nothing"
	! has_link lcnd0 || fail "lcnd0 is still in the test's namespace"
	note_ok
	expect_match "its address in the container" 'inet 10\.3\.0\.1/24 ' "$(cat "$T/shared/addr")"
	expect_eq "up in the container" 1 $(($(cat "$T/shared/flags") & 1))
	rtq delete -f "$id"
	expect_rc "delete -f" 0 "$RC" "$ERR"
	has_link lcnd0 || fail "lcnd0 did not come back after delete"
	note_ok
	expect_match "its address after delete" 'inet 10\.3\.0\.1/24 ' "$(ip -o -4 addr show dev lcnd0)"
	expect_match "up after delete" '<([^>]*,)?UP[,>]' "$(ip -o link show lcnd0)"
	# and when the container has exited before delete (run in the foreground)
	mkb_net "$id2" 'ip -o link show dev eth6' '{}' 'l["netDevices"] = {"lcnd0": {"name": "eth6"}}'
	run_ok "$id2"
	expect_match "renamed in the second container" '^[0-9]+: eth6[:@]' "$OUT"
	has_link lcnd0 || fail "lcnd0 did not come back after the container exited"
	note_ok
	expect_no_leftovers "delete" "$id2"
}

t_network_failures_name_the_entry_and_leave_no_interface() {
	local id links
	own_netns
	lc_only_networks
	need_kinds veth bridge
	id=$(cid nfail)
	ip link add lcdup type bridge || fail "cannot make a bridge"
	links=$(ip -o link | awk -F': ' '{ print $2 }' | sort | tr '\n' ' ')
	# a missing bridge, after a network that worked
	mkb_net "$id" 'echo should-not-run' \
		'{"org.lc.net.eth0": "veth host=lcok0 addr=10.0.0.2/24", "org.lc.net.eth1": "veth host=lcbad bridge=lcnobr"}'
	run_ctr "$id"
	expect_fails "run with a missing bridge" "$RC"
	expect_contains "error names the entry and the bridge" "network eth1: bridge lcnobr" "$ERR"
	expect_icontains "error says why" "no such device" "$ERR"
	expect_eq "interfaces after the failure" "$links" "$(ip -o link | awk -F': ' '{ print $2 }' | sort | tr '\n' ' ')"
	expect_no_leftovers "missing bridge" "$id"
	# a host-side name that is taken: the existing interface is left alone
	mkb_net "$id" 'echo should-not-run' \
		'{"org.lc.net.eth0": "veth host=lcok0", "org.lc.net.eth1": "veth host=lcdup"}'
	run_ctr "$id"
	expect_fails "run with a host name in use" "$RC"
	expect_contains "error names the entry and the name" "network eth1: create veth lcdup" "$ERR"
	expect_icontains "error says why" "exists" "$ERR"
	expect_eq "interfaces after the failure" "$links" "$(ip -o link | awk -F': ' '{ print $2 }' | sort | tr '\n' ' ')"
	expect_match "lcdup is still a bridge" ' bridge ' "$(ip -d -o link show lcdup)"
	expect_no_leftovers "name in use" "$id"
	# the same name twice in the container
	mkb_net "$id" 'echo should-not-run' '{"org.lc.net.eth0": "veth"}' 'l["netDevices"] = {"lcdup": {"name": "eth0"}}'
	run_ctr "$id"
	expect_fails "run with a name used twice" "$RC"
	expect_contains "error" "network eth0: the name is used twice in the container" "$ERR"
	expect_no_leftovers "name used twice" "$id"
	# a bad address: refused when the config is read, naming the annotation
	mkb_net "$id" 'echo should-not-run' '{"org.lc.net.eth0": "veth addr=10.0.0.256/24"}'
	run_ctr "$id"
	expect_fails "run with a bad address" "$RC"
	expect_contains "error names the annotation" 'org.lc.net.eth0' "$ERR"
	expect_contains "error names the value" 'addr=10.0.0.256/24' "$ERR"
	expect_no_leftovers "bad address" "$id"
	# networks without a network namespace of their own
	mkb_net "$id" 'echo should-not-run' '{"org.lc.net.eth0": "veth"}' 'drop_ns("network")'
	run_ctr "$id"
	expect_fails "run without a new network namespace" "$RC"
	expect_contains "error" "need a new network namespace" "$ERR"
	expect_eq "interfaces after the failures" "$links" "$(ip -o link | awk -F': ' '{ print $2 }' | sort | tr '\n' ' ')"
	expect_no_leftovers "no network namespace" "$id"
}

# ------------------------------------------- read-only and initramfs hosts

# ro_run ID: `run` bundle ID with the test's rootfs bind-mounted read-only
# over itself (a rootfs on a read-only filesystem, as a squashfs image is),
# inside a mount namespace of the test's own: the host's mounts are left
# alone. Sets RC OUT ERR.
ro_run() {
	local id=$1
	unshare -m --propagation private sh -c \
		'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"' \
		sh "$T/rootfs" "$RUNTIME" --root "$ROOT" run --bundle "$T/b-$id" "$id" \
		</dev/null >"$T/$id.out" 2>"$T/$id.err"
	RC=$?
	OUT=$(cat "$T/$id.out")
	ERR=$(cat "$T/$id.err")
}

t_a_read_only_rootfs_gets_no_mountpoint_and_a_clear_error() {
	local id
	id=$(cid rofs)
	# what exists is used as it is
	mkb "$id" 'grep -c " /mnt " /proc/mounts; touch /lcfile 2>/dev/null; echo "touch=$?"' \
		'tmpfs("/mnt")'
	ro_run "$id"
	expect_rc "run with every mountpoint present" 0 "$RC" "$ERR"
	expect_eq "output" $'1\ntouch=1' "$OUT"
	# a missing mount destination
	mkb "$id" 'echo should-not-run' 'tmpfs("/lcnew/deeper")'
	ro_run "$id"
	expect_fails "run with a missing mountpoint" "$RC"
	expect_contains "error names the destination" "mount tmpfs on /lcnew/deeper: /lcnew/deeper does not exist" "$ERR"
	expect_contains "error says why" "in the read-only rootfs" "$ERR"
	[ ! -e "$T/rootfs/lcnew" ] || fail "/lcnew was made in the rootfs"
	expect_no_leftovers "missing mountpoint" "$id"
	# a missing device node (no tmpfs on /dev: the image's own /dev)
	mkb "$id" 'echo should-not-run' \
		'c["mounts"] = [m for m in c["mounts"] if not m["destination"].startswith("/dev")]'
	ro_run "$id"
	expect_fails "run with a read-only /dev" "$RC"
	expect_contains "error names the node" "/dev/null does not exist in the read-only rootfs" "$ERR"
	[ -z "$(ls -A "$T/rootfs/dev")" ] || fail "nodes were made in the rootfs: $(ls -A "$T/rootfs/dev")"
	note_ok
	expect_no_leftovers "missing device" "$id"
	# a missing cwd
	mkb "$id" 'echo should-not-run' 'p["cwd"] = "/lcwork"'
	ro_run "$id"
	expect_fails "run with a missing cwd" "$RC"
	expect_contains "error names the cwd" "/lcwork does not exist in the read-only rootfs" "$ERR"
	[ ! -e "$T/rootfs/lcwork" ] || fail "/lcwork was made in the rootfs"
	expect_no_leftovers "missing cwd" "$id"
}

# pivot_root(2) says EINVAL when the caller's root cannot be pivoted away: an
# initramfs (the rootfs has no parent mount), or a root whose parent mount is
# shared. The second is made here: the host's / bound (rbind) into a tmpfs
# that is then made shared, in a mount namespace of the test's own, and the
# runtime run chrooted there. (The next test has the first case, in the
# test VM.)
t_pivot_root_refused_falls_back_to_move_and_chroot() {
	local id j=$T/jail
	id=$(cid nopivot)
	mkb "$id" 'echo "busybox=$(ls /bin/busybox)"; echo "mask=[$(cat /etc/lcsecret)]"; touch /lcx 2>/dev/null; echo "touch=$?"' \
		'l["maskedPaths"] = l.get("maskedPaths", []) + ["/etc/lcsecret"]'
	echo secret >"$T/rootfs/etc/lcsecret" && mkdir -p "$j" || fail "cannot make the fixtures"
	unshare -m --propagation private sh -c \
		'mount -t tmpfs tmpfs "$1" && mkdir "$1/root" && mount --rbind / "$1/root" &&
		 mount --make-shared "$1" && j=$1 && shift && exec chroot "$j/root" "$@"' \
		sh "$j" "$RUNTIME" --root "$ROOT" --debug --log "$T/debug.log" \
		run --bundle "$T/b-$id" "$id" </dev/null >"$T/$id.out" 2>"$T/$id.err"
	RC=$?
	OUT=$(cat "$T/$id.out")
	ERR=$(cat "$T/$id.err")
	expect_rc "run from a root pivot_root refuses" 0 "$RC" "$ERR $(cat "$T/debug.log")"
	expect_eq "output" $'busybox=/bin/busybox\nmask=[]\ntouch=1' "$OUT"
	expect_contains "the debug log says so" "used MS_MOVE and chroot instead" "$(cat "$T/debug.log")"
	expect_no_leftovers "fallback" "$id"
	# the same container from the host's root: pivot_root, nothing said
	rm -f "$T/debug.log"
	rt --debug --log "$T/debug.log" run --bundle "$T/b-$id" "$id" </dev/null >"$T/$id.out" 2>"$T/$id.err"
	expect_rc "run from the host's root" 0 "$?" "$(cat "$T/$id.err")"
	expect_nomatch "no fallback from the host's root" "MS_MOVE" "$(cat "$T/debug.log")"
}

# The real case: the runtime's root is an initramfs (rootfs has no parent
# mount). The test VM's init keeps its initramfs under the tmpfs it runs
# on and an fd to it open; suite.sh names it in LC_TEST_INITRAMFS
# (/proc/1/fd/3). The bundle and state go onto the initramfs, and the
# runtime runs chrooted there, in a mount namespace with /proc, /sys,
# cgroup2, /dev and /run mounted.
t_pivot_root_on_an_initramfs_root_falls_back_to_move_and_chroot() {
	local id ir=${LC_TEST_INITRAMFS:-} d rt
	[ -n "$ir" ] || skip "needs a host whose root is an initramfs (LC_TEST_INITRAMFS; the test VM sets it)"
	[ "$(stat -c %d:%i "$ir/")" != "$(stat -c %d:%i /)" ] ||
		fail "LC_TEST_INITRAMFS=$ir is the root this test runs on"
	rt=$(realpath -- "$RUNTIME")
	[ -x "$ir$rt" ] || skip "the runtime $rt is not on the initramfs $ir"
	id=$(cid iramfs)
	d=/lctest-$id
	mkb "$id" 'echo "busybox=$(ls /bin/busybox)"; echo "mask=[$(cat /etc/lcsecret)]"; touch /lcx 2>/dev/null; echo "touch=$?"' \
		"c['root']['path'] = '$d/rootfs'
l['maskedPaths'] = l.get('maskedPaths', []) + ['/etc/lcsecret']"
	echo secret >"$T/rootfs/etc/lcsecret" || fail "cannot make the fixtures"
	trap 'rm -rf "$ir$d"' EXIT
	mkdir "$ir$d" && cp -a "$T/rootfs" "$ir$d/rootfs" && cp -a "$T/b-$id" "$ir$d/b" ||
		fail "cannot copy the bundle onto the initramfs"
	chroot "$ir" unshare -m sh -c \
		'mount -t proc proc /proc && mount -t sysfs sysfs /sys &&
		 mount -t cgroup2 cgroup2 /sys/fs/cgroup && mount -t devtmpfs devtmpfs /dev &&
		 mount -t tmpfs tmpfs /run && exec "$@"' \
		sh "$rt" --root "$d/state" --debug --log "$d/debug.log" \
		run --bundle "$d/b" "$id" </dev/null >"$T/$id.out" 2>"$T/$id.err"
	RC=$?
	OUT=$(cat "$T/$id.out")
	ERR=$(cat "$T/$id.err")
	expect_rc "run from an initramfs root" 0 "$RC" "$ERR $(cat "$ir$d/debug.log")"
	expect_eq "output" $'busybox=/bin/busybox\nmask=[]\ntouch=1' "$OUT"
	expect_contains "the debug log says so" "used MS_MOVE and chroot instead" "$(cat "$ir$d/debug.log")"
	expect_eq "state left on the initramfs" "" "$(ls "$ir$d/state" 2>&1)"
	expect_no_leftovers "fallback" "$id"
}

# ------------------------------------------------------------------ hooks

# hook_script PATH SHELL: a hook that appends one line to $LOG:
# "KIND mnt pid net uts STATE-JSON", KIND being its first argument
hook_script() {
	cat >"$1" <<-EOF || fail "write $1"
	#!$2
	state=\$(cat)
	echo "\$1 \$(readlink /proc/self/ns/mnt) \$(readlink /proc/self/ns/pid) \$(readlink /proc/self/ns/net) \$(readlink /proc/self/ns/uts) \$state" >>"\$LOG"
	EOF
	chmod 755 "$1"
}

# hooks_edit KIND=PATH[:LOG]...: python for mkb adding one hook per
# argument, with args [path, KIND] and env PATH, LOG (default $T/shared/log)
hooks_edit() {
	local a py='c["hooks"] = {}'
	for a in "$@"; do
		py+=$'\n'"c['hooks'].setdefault('${a%%=*}', []).append({'path': '${a#*=}', 'args': ['${a#*=}', '${a%%=*}'], 'env': ['PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'LOG=$T/shared/log']})"
	done
	printf '%s' "$py"
}

# hook_kinds: the kinds in $T/shared/log, in order, on one line
hook_kinds() { awk '{ printf "%s%s", sep, $1; sep = " " }' "$T/shared/log" 2>/dev/null; }

# hook_log_check ID PID HOSTNS CTRNS: every line of $T/shared/log ran in
# the namespaces its kind should (NS: "mnt pid net uts" links) and got the
# container's state with the status of that point; prints what differs
hook_log_check() {
	python3 - "$T/shared/log" "$1" "$2" "$T/b-$1" "$3" "$4" <<-'EOF'
	import json, sys
	log, cid, pid, bundle, host, ctr = sys.argv[1:7]
	want = {"prestart": ("host", "creating"), "createRuntime": ("host", "creating"),
	        "createContainer": ("ctr", "creating"), "startContainer": ("ctr", "created"),
	        "poststart": ("host", "running"), "poststop": ("host", "stopped")}
	for line in open(log):
	    f = line.rstrip("\n").split(" ", 5)
	    kind, ns = f[0], " ".join(f[1:5])
	    where, status = want[kind]
	    if ns != {"host": host, "ctr": ctr}[where]:
	        print("%s ran in %s, not in the %s namespaces %s" % (kind, ns, where, {"host": host, "ctr": ctr}[where]))
	    try:
	        st = json.loads(f[5])
	    except Exception as e:
	        print("%s: state is not JSON (%s): %r" % (kind, e, f[5:]))
	        continue
	    got = (st.get("id"), st.get("status"), str(st.get("pid")), st.get("bundle"), st.get("ociVersion") is not None)
	    exp = (cid, status, pid, bundle, True)
	    if got != exp:
	        print("%s: state %s, expected %s" % (kind, got, exp))
	EOF
}

# mkb_all_hooks ID SCRIPT: bundle ID (with $T/shared on /mnt) whose six
# hooks log to $T/shared/log: $T/hook for the five with host paths,
# /hook in the rootfs for startContainer (looked up in the container:
# busybox's sh runs it)
mkb_all_hooks() {
	mkdir -p "$T/shared" || fail "mkdir"
	hook_script "$T/hook" /bin/sh
	mkb "$1" "$2" "bind('$T/shared', '/mnt', 'rw')
$(hooks_edit prestart="$T/hook" createRuntime="$T/hook" createContainer="$T/hook" poststart="$T/hook" poststop="$T/hook")
c['hooks']['startContainer'] = [{'path': '/hook', 'args': ['/hook', 'startContainer'], 'env': ['PATH=/bin:/sbin:/usr/bin', 'LOG=/mnt/log']}]"
	hook_script "$T/rootfs/hook" /bin/sh
}

t_hooks_run_in_order_in_their_namespaces_with_the_state() {
	local id pid host ctr k bad
	runc_differs "runc 1.1 runs poststart hooks at create"
	id=$(cid hooks)
	mkb_all_hooks "$id" 'echo ran > /mnt/ran'
	rtq create --bundle "$T/b-$id" "$id"
	expect_rc "create" 0 "$RC" "$ERR"
	pid=$(state_field "$id" pid)
	host= ctr=
	for k in mnt pid net uts; do
		host+="${host:+ }$(host_ns $k)"
		ctr+="${ctr:+ }$(readlink "/proc/$pid/ns/$k")"
	done
	expect_eq "hooks after create" "prestart createRuntime createContainer" "$(hook_kinds)"
	rtq start "$id"
	expect_rc "start" 0 "$RC" "$ERR"
	expect_eq "hooks after start" "prestart createRuntime createContainer startContainer poststart" "$(hook_kinds)"
	wait_for 5 status_is "$id" stopped || fail "the container did not exit"
	expect_eq "the process ran" ran "$(cat "$T/shared/ran" 2>/dev/null)"
	rtq delete "$id"
	expect_rc "delete" 0 "$RC" "$ERR"
	expect_eq "hooks after delete" "prestart createRuntime createContainer startContainer poststart poststop" "$(hook_kinds)"
	bad=$(hook_log_check "$id" "$pid" "$host" "$ctr" 2>&1)
	expect_eq "namespaces and state of each hook" "" "$bad"
	expect_no_leftovers "delete" "$id"
}

# fail_hook PATH RC TEXT: a hook that prints TEXT and exits RC
fail_hook() {
	printf '#!/bin/sh\necho "%s"\nexit %s\n' "$3" "$2" >"$1" && chmod 755 "$1" || fail "write $1"
}

t_run_runs_every_hook_in_order_and_fails_on_a_start_container_hook() {
	local id
	runc_differs "runc 1.1 runs poststart hooks at create"
	id=$(cid runhooks)
	mkb_all_hooks "$id" 'echo ran'
	run_ctr "$id"
	expect_rc "run" 0 "$RC" "$ERR"
	expect_eq "output" ran "$OUT"
	expect_eq "hooks" "prestart createRuntime createContainer startContainer poststart poststop" "$(hook_kinds)"
	expect_no_leftovers "run" "$id"
	fail_hook "$T/rootfs/hook" 9 "not today"
	rm -f "$T/shared/log"
	run_ctr "$id"
	expect_fails "run with a failing startContainer hook" "$RC"
	expect_contains "error" "not today" "$ERR"
	expect_nomatch "the process did not run" ran "$OUT"
	expect_eq "hooks" "prestart createRuntime createContainer poststop" "$(hook_kinds)"
	expect_no_leftovers "failed run" "$id"
}

t_a_hook_past_its_timeout_is_killed_and_create_fails_cleanly() {
	local id t0
	id=$(cid slowhook)
	mkdir -p "$T/shared" || fail "mkdir"
	# its child names the test dir, so that leftovers sees it if it lives on
	printf '#!/bin/sh\nsh -c "sleep 30; :" "$0.child" &\nwait\n' >"$T/slow" && chmod 755 "$T/slow" || fail "write hook"
	mkb "$id" 'echo should-not-run' "c['hooks'] = {'createRuntime': [{'path': '$T/slow', 'timeout': 1}]}"
	t0=$SECONDS
	rtq create --bundle "$T/b-$id" "$id"
	expect_fails "create with a hook past its timeout" "$RC"
	[ $((SECONDS - t0)) -lt 10 ] || fail "create took $((SECONDS - t0)) s"
	expect_contains "error" "createRuntime hook 0 ($T/slow): timed out after 1 s" "$ERR"
	rtq state "$id"
	expect_fails "state after the failed create" "$RC"
	expect_no_leftovers "timed out hook" "$id"
}

t_a_failing_prestart_hook_leaves_no_container() {
	local id
	id=$(cid badhook)
	mkdir -p "$T/shared" || fail "mkdir"
	fail_hook "$T/bad" 3 "no network for you"
	hook_script "$T/hook" /bin/sh
	mkb "$id" 'echo should-not-run' "$(hooks_edit prestart="$T/bad" createRuntime="$T/hook" poststop="$T/hook")"
	rtq create --bundle "$T/b-$id" "$id"
	expect_fails "create with a failing prestart hook" "$RC"
	expect_contains "error has the hook's output" "no network for you" "$ERR"
	expect_nomatch "the next hooks did not run" createRuntime "$(hook_kinds)"
	expect_no_leftovers "failing prestart" "$id"
}

# An engine may start the runtime with SIGCHLD ignored; the kernel would
# then reap a hook (or newuidmap) by itself and the runtime's wait fail.
t_create_waits_for_its_hooks_even_with_sigchld_ignored() {
	local id
	id=$(cid sigign)
	mkdir -p "$T/shared" || fail "mkdir"
	hook_script "$T/hook" /bin/sh
	mkb "$id" 'true' "$(hooks_edit prestart="$T/hook")"
	python3 -c 'import os, signal, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
os.execv(sys.argv[1], sys.argv[1:])' "$RUNTIME" --root "$ROOT" create --bundle "$T/b-$id" "$id" \
		</dev/null >"$T/rtq.out" 2>"$T/rtq.err"
	RC=$?
	ERR=$(cat "$T/rtq.err")
	expect_rc "create with SIGCHLD ignored" 0 "$RC" "$ERR"
	expect_eq "the prestart hook ran" prestart "$(hook_kinds)"
	rtq delete -f "$id"
	expect_no_leftovers "create with SIGCHLD ignored" "$id"
}

t_a_failing_start_container_hook_fails_start() {
	local id
	id=$(cid badstart)
	mkdir -p "$T/shared" || fail "mkdir"
	mkb "$id" 'echo ran > /mnt/ran' "bind('$T/shared', '/mnt', 'rw')
c['hooks'] = {'startContainer': [{'path': '/bad'}]}"
	fail_hook "$T/rootfs/bad" 4 "no ldconfig"
	rtq create --bundle "$T/b-$id" "$id"
	expect_rc "create" 0 "$RC" "$ERR"
	rtq start "$id"
	expect_fails "start with a failing startContainer hook" "$RC"
	expect_contains "error" "startContainer hook 0 (/bad): exit status 4" "$ERR"
	wait_for 5 status_is "$id" stopped || fail "status is $(state_field "$id" status), not stopped"
	note_ok
	[ ! -e "$T/shared/ran" ] || fail "the process ran"
	rtq delete "$id"
	expect_rc "delete" 0 "$RC" "$ERR"
	expect_no_leftovers "delete" "$id"
}

t_failing_poststart_and_poststop_hooks_are_reported_and_the_lifecycle_goes_on() {
	local id
	runc_differs "runc 1.1 runs poststart hooks at create"
	id=$(cid posthooks)
	mkdir -p "$T/shared" || fail "mkdir"
	fail_hook "$T/bad" 5 "poststart says no"
	fail_hook "$T/bad2" 6 "poststop says no"
	hook_script "$T/hook" /bin/sh
	mkb "$id" 'sleep 30' "$(hooks_edit poststart="$T/bad" poststart="$T/hook" poststop="$T/bad2" poststop="$T/hook")"
	rtq create --bundle "$T/b-$id" "$id"
	expect_rc "create" 0 "$RC" "$ERR"
	rtq start "$id"
	expect_rc "start with a failing poststart hook" 0 "$RC" "$ERR"
	expect_contains "warning" "poststart hook 0 ($T/bad): exit status 5: poststart says no" "$ERR"
	expect_eq "status" running "$(state_field "$id" status)"
	expect_eq "the next poststart hook ran" poststart "$(hook_kinds)"
	rtq delete -f "$id"
	expect_rc "delete with a failing poststop hook" 0 "$RC" "$ERR"
	expect_contains "warning" "poststop hook 0 ($T/bad2): exit status 6: poststop says no" "$ERR"
	expect_eq "the next poststop hook ran" "poststart poststop" "$(hook_kinds)"
	expect_no_leftovers "delete" "$id"
}

# ---- checkpoint/restore with criu
# CRIU (default: criu in PATH) is the criu binary handed to the runtime with
# --criu. The tests that need a real one skip, saying why, when it is missing
# or `criu check` fails here (Debian's criu 3.17 on kernels >= 6.18). Their
# containers' stdio are pipes, as with runc's: criu cannot checkpoint a file
# opened outside the container's mounts, and restore re-connects pipes.

# need_criu: skip unless CRIU passes `criu check`; sets CRIU_BIN. The
# answer is kept for the whole run in the work directory.
need_criu() {
	local cache=$T/../criu-check
	CRIU_BIN=$(command -v "${CRIU:-criu}") || skip "no criu here (CRIU=${CRIU:-criu})"
	if [ ! -s "$cache" ]; then
		if "$CRIU_BIN" check >"$cache.out" 2>&1; then
			echo ok >"$cache"
		else
			# the first error and the line before it (what criu ran)
			echo "$(grep -m1 -B1 'Error' "$cache.out" | tr '\n' ' ' || tail -n1 "$cache.out")" >"$cache"
		fi
	fi
	[ "$(cat "$cache")" = ok ] || skip "\`$CRIU_BIN check\` fails here: $(cat "$cache")"
}

# crt CMD...: the runtime with --criu
crt() { "$RUNTIME" --root "$ROOT" --criu "$CRIU_BIN" "$@"; }

# piped OUT CMD...: run CMD with stdin a pipe (a sleep holds its other end)
# and stdout+stderr a pipe into the file OUT (through cat); sets RC.
piped() {
	local out=$1
	shift
	exec 7< <(exec sleep 600)
	echo $! >>"$T/pids"
	"$@" <&7 > >(exec cat >>"$out") 2>&1
	RC=$?
	exec 7<&-
}
kill_piped() { [ -s "$T/pids" ] && kill $(cat "$T/pids") 2>/dev/null; true; }

COUNTER='i=0; while :; do i=$((i+1)); echo $i; sleep 0.1; done'

# counter_at LEAST FILE: wait until the counter in FILE reached LEAST
counter_at() { wait_for 20 awk -v n="$1" '$1 + 0 >= n { f = 1 } END { exit !f }' "$2"; }

# start_counter ID [PYTHON]: a detached container counting into $T/ID.out1
start_counter() {
	mkb "$1" "${3:-$COUNTER}" "${2:-}"
	piped "$T/$1.out1" rt run -d --bundle "$T/b-$1" "$1"
	[ "$RC" = 0 ] || fail "run -d $1 exited $RC: $(cat "$T/$1.out1")"
	counter_at 3 "$T/$1.out1" || fail "the counter did not start: $(cat "$T/$1.out1")"
}

# checkpoint_ok ID ARGS...: checkpoint that must succeed
checkpoint_ok() {
	local id=$1
	shift
	crt checkpoint "$@" "$id" >"$T/ck.err" 2>&1 || fail "checkpoint $id: $(cat "$T/ck.err")"
	note_ok
}

# restored_counter ID IMAGES LAST [ARGS...]: restore ID from IMAGES (its
# bundle b-ID unless ARGS say -b), and check that the counter goes on from
# LAST: the first number it writes is LAST+1.
restored_counter() {
	local id=$1 img=$2 last=$3 first
	shift 3
	piped "$T/$id.out2" crt restore -d --bundle "$T/b-$id" --image-path "$img" "$@" "$id"
	[ "$RC" = 0 ] || fail "restore $id exited $RC: $(cat "$T/$id.out2")"
	expect_eq "state after restore" running "$(state_field "$id" status)"
	counter_at $((last + 3)) "$T/$id.out2" || fail "no counting after restore: $(cat "$T/$id.out2")"
	first=$(head -n1 "$T/$id.out2")
	expect_eq "first number after restore" $((last + 1)) "$first"
}

t_criu_checkpoint_stops_the_container_and_restore_goes_on_counting() {
	local id last
	need_criu
	trap kill_piped EXIT
	id=$(cid cr)
	start_counter "$id"
	checkpoint_ok "$id" --image-path "$T/img"
	expect_eq "state after checkpoint (deleted, as runc)" "" "$(state_field "$id" status)"
	last=$(tail -n1 "$T/$id.out1")
	sleep 0.5
	expect_eq "the counter stopped" "$last" "$(tail -n1 "$T/$id.out1")"
	[ -s "$T/img/descriptors.json" ] || fail "no descriptors.json in the images"
	restored_counter "$id" "$T/img" "$last"
	rt delete -f "$id" >/dev/null 2>&1
	expect_eq "state after delete" "" "$(state_field "$id" status)"
}

t_criu_leave_running_keeps_the_container_going() {
	local id n
	need_criu
	trap kill_piped EXIT
	id=$(cid lr)
	start_counter "$id"
	checkpoint_ok "$id" --leave-running --image-path "$T/img"
	expect_eq "state after checkpoint" running "$(state_field "$id" status)"
	n=$(tail -n1 "$T/$id.out1")
	counter_at $((n + 3)) "$T/$id.out1" || fail "the counter stopped at $n"
	note_ok
	[ -s "$T/img/descriptors.json" ] || fail "no descriptors.json in the images"
}

t_criu_restore_under_a_new_id_after_the_original_is_deleted() {
	local id new last
	need_criu
	trap kill_piped EXIT
	id=$(cid old)
	new=$(cid new)
	echo "$new" >>"$T/ids"
	start_counter "$id"
	checkpoint_ok "$id" --image-path "$T/img"
	rt delete -f "$id" >/dev/null 2>&1
	last=$(tail -n1 "$T/$id.out1")
	# the new container takes the old one's bundle, output file and all
	piped "$T/$new.out2" crt restore -d --bundle "$T/b-$id" --image-path "$T/img" "$new"
	[ "$RC" = 0 ] || fail "restore $new exited $RC: $(cat "$T/$new.out2")"
	expect_eq "state of the new id" running "$(state_field "$new" status)"
	expect_eq "state of the old id" "" "$(state_field "$id" status)"
	counter_at $((last + 3)) "$T/$new.out2" || fail "no counting after restore"
	expect_eq "first number after restore" $((last + 1)) "$(head -n1 "$T/$new.out2")"
	expect_eq "restored pid is the state's" "$(state_field "$new" pid)" \
		"$(rt list -f json | python3 -c 'import json,sys; print([c["pid"] for c in json.load(sys.stdin) if c["id"]==sys.argv[1]][0])' "$new")"
}

t_criu_a_bind_mount_and_stdio_pipes_are_restored() {
	local id last
	need_criu
	trap kill_piped EXIT
	id=$(cid bm)
	mkdir -p "$T/data"
	start_counter "$id" "bind('$T/data', '/data')" \
		'i=0; while :; do i=$((i+1)); echo $i; echo $i >/data/n; sleep 0.1; done'
	checkpoint_ok "$id" --image-path "$T/img"
	last=$(tail -n1 "$T/$id.out1")
	restored_counter "$id" "$T/img" "$last"
	wait_for 5 awk -v n=$((last + 2)) '$1 + 0 >= n { f = 1 } END { exit !f }' "$T/data/n" ||
		fail "the bind mount is not written after restore: $(cat "$T/data/n")"
	note_ok
}

# hold_console SOCKET OUT: a receiver that takes the pty master from
# SOCKET and copies what comes out of it to OUT
hold_console() {
	python3 "$HERE/ttytool.py" hold "$1" "$2" 2>>"$T/hold.err" &
	echo $! >>"$T/pids"
	wait_for 10 test -S "$1" || fail "the console socket receiver did not start"
}

# criu is told that the terminal is external (its master is the
# receiver's); restore makes a new pty, gives criu its slave for the old
# one and /dev/console, and sends the master to the new console socket
t_criu_a_container_with_a_terminal_goes_on_on_a_new_one() {
	local id last first
	need_criu
	trap kill_piped EXIT
	id=$(cid tty)
	mkb "$id" "$COUNTER" 'p["terminal"] = True'
	hold_console "$T/c1.sock" "$T/$id.out1"
	rtq run -d --console-socket "$T/c1.sock" --bundle "$T/b-$id" "$id"
	expect_rc "run -d with a terminal" 0 "$RC" "$ERR"
	counter_at 3 "$T/$id.out1" || fail "the counter did not start: $(cat "$T/$id.out1")"
	checkpoint_ok "$id" --image-path "$T/img"
	expect_eq "state after checkpoint" "" "$(state_field "$id" status)"
	last=$(tr -d '\r' <"$T/$id.out1" | tail -n1)
	hold_console "$T/c2.sock" "$T/$id.out2"
	crt restore -d --console-socket "$T/c2.sock" --bundle "$T/b-$id" --image-path "$T/img" \
		"$id" >"$T/rs.err" 2>&1 || fail "restore: $(cat "$T/rs.err")"
	expect_eq "state after restore" running "$(state_field "$id" status)"
	counter_at $((last + 3)) "$T/$id.out2" || fail "no counting on the new terminal: $(cat "$T/$id.out2")"
	first=$(tr -d '\r' <"$T/$id.out2" | head -n1)
	expect_eq "first number on the new terminal" $((last + 1)) "$first"
	rtq delete -f "$id"
	expect_no_leftovers "restored with a terminal" "$id"
}

t_criu_pre_dump_then_dump_chain_restores() {
	local id last
	need_criu
	"$CRIU_BIN" check --feature mem_dirty_track >/dev/null 2>&1 ||
		skip "this kernel has no soft-dirty tracking (criu check --feature mem_dirty_track)"
	trap kill_piped EXIT
	id=$(cid pd)
	start_counter "$id"
	checkpoint_ok "$id" --pre-dump --image-path "$T/img/pre"
	expect_eq "state after pre-dump" running "$(state_field "$id" status)"
	checkpoint_ok "$id" --parent-path ../pre --image-path "$T/img/final"
	[ -e "$T/img/final/parent" ] || fail "no parent link in the final images"
	last=$(tail -n1 "$T/$id.out1")
	restored_counter "$id" "$T/img/final" "$last"
}

# a running container (stdio on files), for the failure tests
sleeper() {
	mkb "$1" 'sleep 600'
	rt run -d --bundle "$T/b-$1" "$1" </dev/null >"$T/$1.out" 2>&1 || fail "run -d $1: $(cat "$T/$1.out")"
}

t_criu_missing_binary_fails_clearly_and_leaves_the_container_running() {
	local id
	id=$(cid nocriu)
	sleeper "$id"
	rt --criu /nonexistent/criu checkpoint --image-path "$T/img" "$id" >"$T/ck.err" 2>&1
	expect_fails "checkpoint with a missing criu" $?
	expect_contains "error" "/nonexistent/criu is not an executable file" "$(cat "$T/ck.err")"
	expect_eq "state" running "$(state_field "$id" status)"
	[ -e "$T/img/descriptors.json" ] && fail "descriptors.json written for a failed checkpoint"
	note_ok
}

t_criu_too_old_is_refused_and_leaves_the_container_running() {
	local id
	id=$(cid oldcriu)
	printf '#!/bin/sh\necho "Version: 3.12"\n' >"$T/criu" && chmod 755 "$T/criu"
	sleeper "$id"
	rt --criu "$T/criu" checkpoint --image-path "$T/img" "$id" >"$T/ck.err" 2>&1
	expect_fails "checkpoint with criu 3.12" $?
	expect_contains "error" "criu 3.12.0 at $T/criu is too old: lc needs 3.15 or newer" \
		"$(cat "$T/ck.err")"
	expect_eq "state" running "$(state_field "$id" status)"
}

t_criu_refused_dump_quotes_its_log_and_leaves_no_checkpoint() {
	local id
	id=$(cid refused)
	# a criu that answers its version and refuses every dump, with a log
	cat >"$T/criu" <<-'EOF'
	#!/bin/sh
	[ "$1" = --version ] && { echo "Version: 4.2"; exit 0; }
	while [ $# -gt 0 ]; do
		case $1 in --work-dir) w=$2 ;; --log-file) l=$2 ;; esac
		shift
	done
	printf '(00.000100) Warn (x.c:1): a warning\n(00.000200) Error (fake.c:42): dump refused by the test\n(00.000300) Error (cr-dump.c:2128): Dumping FAILED.\n' >"$w/$l"
	exit 1
	EOF
	chmod 755 "$T/criu"
	sleeper "$id"
	rt --criu "$T/criu" checkpoint --image-path "$T/img" --work-path "$T/work" "$id" >"$T/ck.err" 2>&1
	expect_fails "checkpoint refused by criu" $?
	expect_contains "error" "criu dump failed (exit 1): (00.000200) Error (fake.c:42): dump refused by the test (log $T/work/dump.log)" "$(cat "$T/ck.err")"
	expect_eq "state" running "$(state_field "$id" status)"
	[ -e "$T/img/descriptors.json" ] && fail "descriptors.json written for a failed checkpoint"
	rt --criu "$T/criu" restore -d --bundle "$T/b-$id" --image-path "$T/img" "$(cid r2)" >"$T/rs.err" 2>&1
	expect_fails "restore of an incomplete checkpoint" $?
	expect_contains "error" "not a complete checkpoint" "$(cat "$T/rs.err")"
	expect_eq "no container left by the failed restore" "" "$(state_field "$(cid r2)" status)"
}

# ------------------------------------------------------------------ harness

# ---- user namespaces and rootless containers

# python for mkb: a new user namespace mapping 0-65535 to host 100000-165535
USERNS='set_ns("user"); l["uidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]; l["gidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]'

# test_user NAME: add the system user NAME for this test (cleanup() removes
# it and its /etc/subuid and /etc/subgid lines); its XDG_RUNTIME_DIR is
# $T/xdg-NAME (0700, its own)
test_user() {
	command -v useradd >/dev/null && command -v setpriv >/dev/null ||
		skip "needs useradd and setpriv"
	echo "$1" >>"$T/users"
	useradd -M -N -d /nonexistent -s /bin/sh "$1" >/dev/null 2>&1 ||
		fail "useradd $1 (left over from an earlier run?)"
	mkdir -p "$T/xdg-$1" && chown "$1:" "$T/xdg-$1" && chmod 700 "$T/xdg-$1" ||
		fail "XDG_RUNTIME_DIR for $1"
}

# as_user NAME CMD...: run CMD as NAME (its own uid, gid and groups only)
as_user() {
	local u=$1
	shift
	setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups \
		env -i PATH="${PATH_FOR_USER:-/usr/sbin:/usr/bin:/sbin:/bin}" HOME=/ \
		XDG_RUNTIME_DIR="$T/xdg-$u" ASAN_OPTIONS="${ASAN_OPTIONS:-}" "$@"
}

# urt NAME ARGS...: the runtime as NAME, default root; sets RC OUT ERR
urt() {
	local u=$1
	shift
	as_user "$u" "$RUNTIME" "$@" </dev/null >"$T/urt.out" 2>"$T/urt.err"
	RC=$?
	OUT=$(cat "$T/urt.out")
	ERR=$(cat "$T/urt.err")
}

# rootless_bundle NAME DIR SCRIPT [PYTHON]: `spec --rootless` run by NAME
# in DIR (made, NAME's), with the test's rootfs, no terminal, sh -c SCRIPT
rootless_bundle() {
	local u=$1 d=$2 script=$3 edit=${4:-}
	[ -d "$T/rootfs" ] || cp -al "$ROOTFS" "$T/rootfs" || fail "cannot copy the rootfs"
	mkdir -p "$d" && chown "$u:" "$d" || fail "mkdir $d"
	(cd "$d" && as_user "$u" "$RUNTIME" spec --rootless) || fail "spec --rootless as $u"
	as_user "$u" python3 - "$d/config.json" "$T/rootfs" "$script" "$edit" <<-'EOF' ||
	import json, sys
	path, rootfs, script, edit = sys.argv[1:5]
	with open(path) as f:
	    c = json.load(f)
	c["root"] = {"path": rootfs, "readonly": True}
	c["process"]["terminal"] = False
	c["process"]["args"] = ["sh", "-c", script]
	l = c["linux"]
	p = c["process"]
	exec(edit)
	with open(path, "w") as f:
	    json.dump(c, f, indent=1)
	EOF
		fail "editing the rootless config failed"
}

t_user_namespace_maps_container_root_to_host_ids() {
	local id
	id=$(cid userns)
	mkdir -p "$T/shared" && chown 100000:100000 "$T/shared"
	echo secret >"$T/secret" && chmod 600 "$T/secret"
	mkb "$id" 'cat /proc/self/uid_map; id -u; touch /mnt/made-here
		cat /secret 2>&1 && echo READ-SECRET
		mount -t tmpfs none /tmp && echo TMPFS-OK
		mount -t debugfs none /root 2>/dev/null && echo DEBUGFS-MOUNTED
		echo done' "$USERNS"'
bind("'"$T/shared"'", "/mnt")
bind("'"$T/secret"'", "/secret")
p["capabilities"] = {k: ["CAP_SYS_ADMIN", "CAP_DAC_OVERRIDE", "CAP_CHOWN", "CAP_FOWNER"] for k in ("bounding", "effective", "permitted")}'
	touch "$T/rootfs/secret"
	run_ctr "$id"
	expect_rc "run in a user namespace" 0 "$RC" "$ERR"
	expect_match "uid_map inside shows the mapping" '^ +0 +100000 +65536' "$OUT"
	expect_contains "the process is root inside" $'\n0\n' "$OUT"
	expect_eq "owner on the host of a file container-root made" "100000:100000" \
		"$(stat -c %u:%g "$T/shared/made-here" 2>&1)"
	expect_contains "container-root cannot read host-root's 0600 file" "Permission denied" "$OUT"
	expect_nomatch "no secret read" "READ-SECRET" "$OUT"
	expect_contains "it may mount in its own mount namespace" "TMPFS-OK" "$OUT"
	expect_nomatch "but not a filesystem only host root may mount" "DEBUGFS-MOUNTED" "$OUT"
	expect_contains "the script ran to the end" "done" "$OUT"
	rtq delete -f "$id"
	expect_no_leftovers "run" "$id"
}

t_user_namespace_keeps_devices_hostname_and_create_start() {
	local id
	id=$(cid usernsdev)
	mkb "$id" 'echo x >/dev/null && head -c 4 /dev/zero | wc -c; hostname; ls /sys/kernel >/dev/null && echo SYS
		grep " /sys " /proc/self/mounts | cut -d" " -f4 | cut -d, -f1' "$USERNS"'
drop_ns("network")
c["hostname"] = "inuserns"'
	rtq create --bundle "$T/b-$id" "$id"
	expect_rc "create" 0 "$RC" "$ERR"
	expect_eq "status after create" created "$(state_field "$id" status)"
	rt start "$id" >/dev/null 2>&1
	wait_for 5 status_is "$id" stopped || fail "did not stop"
	run_ctr "$id" 2>/dev/null
	rtq delete -f "$id"
	run_ctr "$id"
	expect_rc "run" 0 "$RC" "$ERR"
	expect_contains "/dev/null and /dev/zero work (bound from the host)" $'4\n' "$OUT"
	expect_contains "hostname" "inuserns" "$OUT"
	expect_contains "/sys without a network namespace (host's, bound)" "SYS" "$OUT"
	expect_contains "and read-only" $'\nro' "$OUT"
	rtq delete -f "$id"
	expect_no_leftovers "run" "$id"
}

t_overlapping_id_ranges_are_a_config_error() {
	local id
	id=$(cid overlap)
	mkb "$id" 'true' "$USERNS"'
l["uidMappings"].append({"containerID": 100, "hostID": 500000, "size": 10})'
	run_ctr "$id"
	expect_fails "run with overlapping ranges" "$RC"
	expect_contains "error names the field" ".linux.uidMappings[1] overlaps .linux.uidMappings[0] (containerID)" "$ERR"
	expect_no_leftovers "refused config" "$id"
}

t_idmapped_mount_shows_a_host_owner_as_container_root() {
	local id
	id=$(cid idmap)
	rtq features
	[[ $OUT == *'"idmap": {'*'"enabled": true'* ]] || skip "no idmapped mounts on this kernel"
	mkdir -p "$T/data" && touch "$T/data/f" && chown -R 1000:1000 "$T/data"
	mkb "$id" 'stat -c "%u:%g" /mnt/f; stat -c "%u" /mnt' "$USERNS"'
c["mounts"].append({"destination": "/mnt", "type": "bind", "source": "'"$T/data"'",
    "options": ["rbind"],
    "uidMappings": [{"containerID": 1000, "hostID": 100000, "size": 1}],
    "gidMappings": [{"containerID": 1000, "hostID": 100000, "size": 1}]})'
	run_ctr "$id"
	if [[ $RC != 0 && $ERR == *"cannot idmap"* ]]; then
		# the refusal gives errno's text once (it once came twice)
		expect_match "the refusal's reason" 'cannot idmap: [^:]+$' "$ERR"
		skip "the kernel or the filesystem of the test dir cannot idmap ($ERR)"
	fi
	expect_rc "run with an idmapped mount" 0 "$RC" "$ERR"
	expect_eq "owner inside (host 1000 shows as container 0)" $'0:0\n0' "$OUT"
	expect_eq "owner on the host unchanged" "1000:1000" "$(stat -c %u:%g "$T/data/f")"
	rtq delete -f "$id"
	expect_no_leftovers "run" "$id"
}

t_recursive_read_only_mount_option() {
	local id
	id=$(cid rro)
	mkdir -p "$T/rw/sub" && mount -t tmpfs tmpfs "$T/rw/sub" || fail "tmpfs"
	mkb "$id" 'touch /mnt/sub/x 2>&1; grep " /mnt/sub " /proc/self/mounts | cut -d" " -f4 | cut -d, -f1' '
bind("'"$T/rw"'", "/mnt", "rro")'
	run_ctr "$id"
	expect_rc "run" 0 "$RC" "$ERR"
	expect_contains "a submount is read-only too" "Read-only file system" "$OUT"
	expect_contains "its flags say ro" $'\nro' "$OUT"
	rtq delete -f "$id"
	umount "$T/rw/sub"
	expect_no_leftovers "run" "$id"
}

t_rootless_user_runs_spec_rootless_end_to_end() {
	local u=lctest-user v=lctest-other b id
	test_user "$u"
	test_user "$v"
	b=$T/ub
	id=$(cid rootless)
	rootless_bundle "$u" "$b" 'cat /proc/self/uid_map; id -u; exec sleep 30'
	as_user "$u" "$RUNTIME" run -d --bundle "$b" "$id" </dev/null >"$T/urt.out" 2>"$T/urt.err"
	expect_rc "run -d as $u" 0 "$?" "$(cat "$T/urt.err")"
	urt "$u" state "$id"
	expect_rc "state as $u" 0 "$RC" "$ERR"
	expect_contains "it runs" '"status": "running"' "$OUT"
	expect_eq "its state dir is private" "700" "$(stat -c %a "$T/xdg-$u/lc")"
	urt "$v" state "$id"
	expect_fails "another user cannot see it" "$RC"
	urt "$v" --root "$T/xdg-$u/lc" delete -f "$id"
	expect_fails "nor delete it through its root" "$RC"
	expect_icontains "permission denied" "permission denied" "$ERR"
	urt "$u" list -q
	expect_eq "list as $u" "$id" "$OUT"
	urt "$u" kill "$id" KILL
	expect_rc "kill as $u" 0 "$RC" "$ERR"
	wait_for 5 eval '[ "$(as_user "$u" "$RUNTIME" state "$id" 2>/dev/null | grep -o stopped)" = stopped ]' ||
		fail "not stopped after kill"
	urt "$u" delete "$id"
	expect_rc "delete as $u" 0 "$RC" "$ERR"
	expect_eq "nothing left in its state dir" "" "$(ls -A "$T/xdg-$u/lc")"
	# run in the foreground: the single map of its own ids
	rootless_bundle "$u" "$T/ub2" 'cat /proc/self/uid_map /proc/self/gid_map; id -u; id -g'
	urt "$u" run --bundle "$T/ub2" "$id-fg"
	expect_rc "run as $u" 0 "$RC" "$ERR"
	expect_match "its own uid is root inside" "^ +0 +$(id -u "$u") +1" "$OUT"
	expect_contains "uid and gid 0 inside" $'\n0\n0' "$OUT"
	expect_eq "nothing left in its state dir" "" "$(ls -A "$T/xdg-$u/lc")"
}

t_rootless_user_maps_several_ranges_with_newuidmap() {
	local u=lctest-user b id uid
	command -v newuidmap >/dev/null || skip "no newuidmap (package uidmap)"
	test_user "$u"
	uid=$(id -u "$u")
	echo "$u:300000:65536" >>/etc/subuid
	echo "$u:300000:65536" >>/etc/subgid
	id=$(cid rlmulti)
	b=$T/ub
	rootless_bundle "$u" "$b" 'cat /proc/self/uid_map; touch /tmp/x; chown 1000:1000 /tmp/x && echo CHOWNED' '
l["uidMappings"] = [{"containerID": 0, "hostID": '"$uid"', "size": 1}, {"containerID": 1, "hostID": 300000, "size": 65536}]
l["gidMappings"] = [{"containerID": 0, "hostID": '"$(id -g "$u")"', "size": 1}, {"containerID": 1, "hostID": 300000, "size": 65536}]
c["mounts"].append({"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid"]})
p["capabilities"] = {k: ["CAP_CHOWN"] for k in ("bounding", "effective", "permitted")}'
	urt "$u" run --bundle "$b" "$id"
	expect_rc "run with two ranges" 0 "$RC" "$ERR"
	expect_match "the second range is there" $'\n +1 +300000 +65536' "$OUT"
	expect_contains "an id of the second range can own files" "CHOWNED" "$OUT"
	# not granted: newuidmap refuses, and its words are in the error
	as_user "$u" sed -i 's/300000/400000/' "$b/config.json"
	urt "$u" run --bundle "$b" "$id-no"
	expect_fails "run with a range not in /etc/subuid" "$RC"
	expect_contains "newuidmap's refusal" "newuidmap" "$ERR"
	expect_contains "its reason" "not allowed" "$ERR"
	expect_eq "nothing left in its state dir" "" "$(ls -A "$T/xdg-$u/lc")"
	# no helper in PATH
	PATH_FOR_USER=/nonexistent urt "$u" run --bundle "$b" "$id-nohelper"
	expect_fails "run without newuidmap in PATH" "$RC"
	expect_contains "says the helper is missing" "newuidmap not found in PATH" "$ERR"
	expect_eq "nothing left in its state dir" "" "$(ls -A "$T/xdg-$u/lc")"
	[ -z "$(procs_of "$id-no")" ] || fail "processes left: $(procs_of "$id-no")"
	note_ok
}

t_rootless_needs_a_state_root() {
	local u=lctest-user
	test_user "$u"
	as_user "$u" env -u XDG_RUNTIME_DIR "$RUNTIME" list </dev/null >"$T/urt.out" 2>"$T/urt.err"
	expect_fails "list without XDG_RUNTIME_DIR" "$?"
	expect_contains "says what to do" "XDG_RUNTIME_DIR is not set" "$(cat "$T/urt.err")"
}

# ---- process config: personality, scheduler, io priority, time
# namespace, LSM labels

t_personality_linux32_shows_i686_inside_and_in_exec() {
	local id
	[ "$(uname -m)" = x86_64 ] || skip "LINUX32 shows i686 on x86_64 hosts only (this is $(uname -m))"
	id=$(cid pers)
	mkb "$id" 'uname -m; cat /proc/self/personality' \
		'l["personality"] = {"domain": "LINUX32", "flags": ["ADDR_NO_RANDOMIZE"]}'
	run_ok "$id"
	expect_eq "uname -m and the persona (LINUX32 | ADDR_NO_RANDOMIZE)" $'i686\n00040008' "$OUT"
	mkb "$id" 'exec sleep 30' 'l["personality"] = {"domain": "LINUX32"}'
	start_bg "$id"
	xq "$id" uname -m
	expect_rc "exec uname -m" 0 "$RC" "$ERR"
	expect_eq "an exec'd process has the container's domain" "i686" "$OUT"
	rtq delete -f "$id"
	mkb "$id" 'echo should-not-run' 'l["personality"] = {"domain": "LINUX64"}'
	run_ctr "$id"
	expect_fails "run with domain LINUX64" "$RC"
	expect_eq "stdout" "" "$OUT"
	expect_contains "error names the field" ".linux.personality.domain: unknown domain \"LINUX64\"" "$ERR"
	expect_no_leftovers "bad personality" "$id"
}

# sched_fields: policy and nice, fields 41 and 19 of /proc/self/stat, as
# the container's process sees them (after `cut`, which inherits them)
sched_script='cut -d" " -f41,19 /proc/self/stat'

# process.execCPUAffinity: an exec'd process ends on final (its own, or the
# config's), and a runtime pinned with taskset does not pin the container:
# without final, affinity is reset to every CPU (runc's rules).
cpus_of() { sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "$1"; }
t_exec_cpu_affinity_is_final_and_a_pinned_runtime_does_not_pin() {
	local id online
	runc_differs "runc 1.1 has no process.execCPUAffinity"
	online=$(cat /sys/devices/system/cpu/online)
	[[ $online =~ ^0-[1-9] ]] || skip "needs two online CPUs from 0 (online: $online)"
	id=$(cid aff)
	# this test's shell, and so every runtime it starts, on CPU 0 only
	python3 -c 'import os, sys; os.sched_setaffinity(int(sys.argv[1]), {0})' "$BASHPID" ||
		fail "cannot pin the test to CPU 0"
	expect_eq "the runtime is pinned" 0 "$(cpus_of /proc/self/status)"
	mkb "$id" 'exec sleep 30' 'p["execCPUAffinity"] = {"initial": "0", "final": "1"}'
	start_bg "$id"
	expect_eq "the init is not pinned like the runtime" "$online" "$(cpus_of "/proc/$PID/status")"
	xq "$id" grep Cpus_allowed_list: /proc/self/status
	expect_rc "exec" 0 "$RC" "$ERR"
	expect_eq "exec ends on the config's final CPU" $'Cpus_allowed_list:\t1' "$OUT"
	printf '{"args": ["grep", "Cpus_allowed_list:", "/proc/self/status"], "env": ["PATH=/bin"],
	  "execCPUAffinity": {"final": "0"}}' >"$T/p0.json"
	xq -p "$T/p0.json" "$id"
	expect_rc "exec -p" 0 "$RC" "$ERR"
	expect_eq "exec -p ends on its own final CPU" $'Cpus_allowed_list:\t0' "$OUT"
	printf '{"args": ["grep", "Cpus_allowed_list:", "/proc/self/status"], "env": ["PATH=/bin"]}' \
		>"$T/p1.json"
	xq -p "$T/p1.json" "$id"
	expect_eq "exec -p without one takes the config's" $'Cpus_allowed_list:\t1' "$OUT"
	printf '{"args": ["/bin/true"], "execCPUAffinity": {"final": "1000"}}' >"$T/off.json"
	xq -p "$T/off.json" "$id"
	expect_fails "exec with a final CPU that is not online" "$RC"
	expect_contains "error names the field" \
		".process.execCPUAffinity.final: sched_setaffinity 1000: Invalid argument" "$ERR"
	printf '{"args": ["/bin/true"], "execCPUAffinity": {"initial": "5-2"}}' >"$T/bad.json"
	xq -p "$T/bad.json" "$id"
	expect_fails "exec with a backwards range" "$RC"
	expect_contains "error names the field" \
		'.process.execCPUAffinity.initial: "5-2": a range runs backwards' "$ERR"
	expect_eq "failed execs leave no process behind" 1 "$(pid_count "$id")"
	rtq delete -f "$id"
	mkb "$id" 'true' 'p["execCPUAffinity"] = {"final": "0,x"}'
	run_ctr "$id"
	expect_fails "run with a malformed list" "$RC"
	expect_contains "error names the field" \
		'.process.execCPUAffinity.final: "0,x": expected a CPU list such as "0-3,7"' "$ERR"
	expect_no_leftovers "bad execCPUAffinity" "$id"
}

t_scheduler_policy_and_nice_apply_to_the_init_and_exec() {
	local id
	runc_differs "runc 1.1 ignores process.scheduler"
	id=$(cid sched)
	mkb "$id" "$sched_script" 'p["scheduler"] = {"policy": "SCHED_BATCH", "nice": 5}'
	run_ok "$id"
	expect_eq "nice and policy (SCHED_BATCH is 3)" "5 3" "$OUT"
	mkb "$id" "$sched_script" 'p["scheduler"] = {"policy": "SCHED_IDLE"}'
	run_ok "$id"
	expect_eq "nice and policy (SCHED_IDLE is 5)" "0 5" "$OUT"
	mkb "$id" 'exec sleep 30' 'p["scheduler"] = {"policy": "SCHED_OTHER", "nice": 7}'
	start_bg "$id"
	expect_eq "the init's nice and policy, seen from the host" "7 0" \
		"$(cut -d' ' -f19,41 "/proc/$PID/stat")"
	xq "$id" sh -c "$sched_script"
	expect_eq "exec takes the container's process scheduler" "7 0" "$OUT"
	cat >"$T/process.json" <<-EOF
	{"args": ["sh", "-c", "$(printf '%s' "$sched_script" | sed 's/"/\\"/g')"],
	 "env": ["PATH=/bin"], "scheduler": {"policy": "SCHED_BATCH", "nice": 3}}
	EOF
	xq -p "$T/process.json" "$id"
	expect_rc "exec -p with a scheduler" 0 "$RC" "$ERR"
	expect_eq "exec -p's own scheduler" "3 3" "$OUT"
	rtq delete -f "$id"
	mkb "$id" 'echo should-not-run' 'p["scheduler"] = {"policy": "SCHED_RR"}'
	run_ctr "$id"
	expect_fails "run with SCHED_RR and no priority" "$RC"
	expect_contains "error names the field" ".process.scheduler.priority: SCHED_RR needs a priority in [1, 99]" "$ERR"
	expect_no_leftovers "bad scheduler" "$id"
}

# SCHED_FIFO needs a realtime budget where the kernel schedules realtime
# tasks by cgroup (v1 with CONFIG_RT_GROUP_SCHED: cpu.rt_runtime_us, 0 for
# a new cgroup): the test gives /lctest one and the container a share.
t_scheduler_sched_fifo_gets_its_priority() {
	local id cg=/sys/fs/cgroup/cpu/lctest old=
	runc_differs "runc 1.1 ignores process.scheduler"
	id=$(cid fifo)
	if [ -e /sys/fs/cgroup/cpu/cpu.rt_runtime_us ]; then
		mkdir -p "$cg" || skip "cannot make $cg"
		old=$(cat "$cg/cpu.rt_runtime_us")
		[ "$old" -ge 20000 ] 2>/dev/null || echo 20000 >"$cg/cpu.rt_runtime_us" ||
			skip "this host gives /lctest no realtime budget (cpu.rt_runtime_us)"
		mkb "$id" 'cut -d" " -f18,40,41 /proc/self/stat' \
			'p["scheduler"] = {"policy": "SCHED_FIFO", "priority": 10}
l.setdefault("resources", {})["cpu"] = {"realtimeRuntime": 10000, "realtimePeriod": 1000000}'
	else
		mkb "$id" 'cut -d" " -f18,40,41 /proc/self/stat' \
			'p["scheduler"] = {"policy": "SCHED_FIFO", "priority": 10}'
	fi
	run_ctr "$id"
	[ -n "$old" ] && [ "$old" -lt 20000 ] && echo "$old" >"$cg/cpu.rt_runtime_us" 2>/dev/null
	expect_rc "run with SCHED_FIFO 10" 0 "$RC" "$ERR"
	expect_eq "prio, rt_priority and policy (SCHED_FIFO is 1)" "-11 10 1" "$OUT"
}

t_io_priority_is_set_for_the_init_and_exec() {
	local id
	runc_differs "runc 1.1 ignores process.ioPriority"
	command -v ionice >/dev/null || skip "no ionice on the host"
	id=$(cid ioprio)
	mkb "$id" 'exec sleep 30' 'p["ioPriority"] = {"class": "IOPRIO_CLASS_BE", "priority": 6}'
	start_bg "$id"
	expect_eq "the init's io priority, seen from the host" "best-effort: prio 6" \
		"$(ionice -p "$PID")"
	xq "$id" sh -c 'ionice -p $$'
	expect_rc "exec ionice" 0 "$RC" "$ERR"
	expect_match "exec takes the container's process io priority" "best-effort.*6" "$OUT"
	rtq delete -f "$id"
	mkb "$id" 'ionice -p $$' 'p["ioPriority"] = {"class": "IOPRIO_CLASS_IDLE"}'
	run_ok "$id"
	expect_eq "idle class" "idle" "$OUT"
	mkb "$id" 'echo should-not-run' 'p["ioPriority"] = {"class": "IOPRIO_CLASS_FAST", "priority": 1}'
	run_ctr "$id"
	expect_fails "run with a bad io class" "$RC"
	expect_contains "error names the field" ".process.ioPriority.class: unknown class \"IOPRIO_CLASS_FAST\"" "$ERR"
	expect_no_leftovers "bad io class" "$id"
}

t_time_namespace_offsets_shift_uptime_for_the_init_and_exec() {
	local id host inside d
	runc_differs "runc 1.1 has no linux.timeOffsets"
	[ -e /proc/self/ns/time ] || skip "this kernel has no time namespaces"
	id=$(cid timens)
	mkb "$id" 'cat /proc/uptime; cat /proc/self/timens_offsets' \
		'set_ns("time")
l["timeOffsets"] = {"boottime": {"secs": 864000, "nanosecs": 5}, "monotonic": {"secs": -3}}'
	run_ok "$id"
	host=$(cut -d' ' -f1 /proc/uptime)
	inside=$(head -n1 <<<"$OUT" | cut -d' ' -f1)
	d=$(python3 -c "print(round(float('$inside') - float('$host')))")
	[ "$d" -ge 863990 ] && [ "$d" -le 864000 ] || fail "uptime inside is $inside, on the host $host: not 10 days ahead"
	note_ok
	expect_match "the offsets, as the kernel shows them" \
		'monotonic +-3 +0.*boottime +864000 +5' "$(tail -n2 <<<"$OUT" | tr '\n' ' ')"
	mkb "$id" 'exec sleep 30' 'set_ns("time")
l["timeOffsets"] = {"boottime": {"secs": 864000}}'
	start_bg "$id"
	xq "$id" sh -c 'readlink /proc/self/ns/time; cut -d" " -f1 /proc/uptime'
	expect_rc "exec in a time namespace" 0 "$RC" "$ERR"
	expect_eq "exec joins the init's time namespace" "$(readlink "/proc/$PID/ns/time")" \
		"$(head -n1 <<<"$OUT")"
	expect_ne "which is not the host's" "$(readlink /proc/self/ns/time)" "$(head -n1 <<<"$OUT")"
	host=$(cut -d' ' -f1 /proc/uptime)
	d=$(python3 -c "print(round(float('$(tail -n1 <<<"$OUT")') - float('$host')))")
	[ "$d" -ge 863990 ] && [ "$d" -le 864000 ] || fail "exec's uptime is not 10 days ahead ($d s)"
	note_ok
	rtq delete -f "$id"
	# in a user namespace: the time namespace is the container root's
	mkb "$id" 'exec sleep 30' "$USERNS"'
set_ns("time")
l["timeOffsets"] = {"boottime": {"secs": 864000}}'
	start_bg "$id"
	xq "$id" sh -c 'id -u; cut -d" " -f1 /proc/uptime'
	expect_rc "exec in a user and time namespace" 0 "$RC" "$ERR"
	host=$(cut -d' ' -f1 /proc/uptime)
	d=$(python3 -c "print(round(float('$(tail -n1 <<<"$OUT")') - float('$host')))")
	[ "$d" -ge 863990 ] && [ "$d" -le 864000 ] || fail "uptime in a user namespace is not 10 days ahead ($d s)"
	note_ok
	expect_eq "the init's time namespace, seen from the host, is not the host's" 1 \
		"$([ "$(readlink "/proc/$PID/ns/time")" != "$(readlink /proc/self/ns/time)" ] && echo 1)"
	rtq delete -f "$id"
	mkb "$id" 'echo should-not-run' 'l["timeOffsets"] = {"boottime": {"secs": 5}}'
	run_ctr "$id"
	expect_fails "run with offsets and no time namespace" "$RC"
	expect_contains "error names the field" ".linux.timeOffsets: set, but .linux.namespaces has no new time namespace" "$ERR"
	expect_no_leftovers "offsets without a time namespace" "$id"
}

apparmor_on() { [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ]; }

# Where AppArmor is on, the profile is entered at execve (unconfined is
# always there); where it is off, asking for one fails, naming the field.
t_apparmor_profile_is_entered_or_refused_clearly() {
	local id
	runc_differs "its error does not name the field"
	id=$(cid aa)
	mkb "$id" 'cat /proc/self/attr/current' 'p["apparmorProfile"] = "unconfined"'
	run_ctr "$id"
	if apparmor_on; then
		echo "# note: AppArmor is on here: the profile is written and entered"
		expect_rc "run with apparmorProfile unconfined" 0 "$RC" "$ERR"
		expect_eq "the process's profile" "unconfined" "$OUT"
		mkb "$id" 'echo should-not-run' 'p["apparmorProfile"] = "lc-no-such-profile"'
		run_ctr "$id"
		expect_fails "run with a profile the kernel does not have" "$RC"
		expect_eq "stdout" "" "$OUT"
		expect_contains "error names the field and the profile" \
			".process.apparmorProfile: write \"exec lc-no-such-profile\"" "$ERR"
		expect_no_leftovers "unknown AppArmor profile" "$id"
	else
		expect_fails "run with apparmorProfile where AppArmor is off" "$RC"
		expect_eq "stdout" "" "$OUT"
		expect_contains "error names the field" ".process.apparmorProfile: AppArmor is not enabled on this host" "$ERR"
		expect_no_leftovers "apparmorProfile without AppArmor" "$id"
	fi
	mkb "$id" 'exec sleep 30'
	start_bg "$id"
	xq --apparmor unconfined "$id" cat /proc/self/attr/current
	if apparmor_on; then
		expect_rc "exec --apparmor unconfined" 0 "$RC" "$ERR"
		expect_eq "exec'd process's profile" "unconfined" "$OUT"
	else
		expect_fails "exec --apparmor where AppArmor is off" "$RC"
		expect_contains "error names the field" ".process.apparmorProfile: AppArmor is not enabled" "$ERR"
		printf '{"args": ["true"], "apparmorProfile": "unconfined"}' >"$T/process.json"
		xq -p "$T/process.json" "$id"
		expect_fails "exec -p with an apparmorProfile" "$RC"
		expect_contains "error names the field" ".process.apparmorProfile: AppArmor is not enabled" "$ERR"
	fi
	expect_eq "the container is still running" running "$(state_field "$id" status)"
	rtq delete -f "$id"
}

t_selinux_labels_are_refused_clearly_without_selinux() {
	local id
	runc_differs "its error does not name the field"
	[ ! -e /sys/fs/selinux/enforce ] || skip "SELinux is on here: labels would need this host's policy"
	id=$(cid se)
	mkb "$id" 'echo should-not-run' 'p["selinuxLabel"] = "system_u:system_r:container_t:s0:c1,c2"'
	run_ctr "$id"
	expect_fails "run with selinuxLabel" "$RC"
	expect_contains "error names the field" ".process.selinuxLabel: SELinux is not enabled on this host" "$ERR"
	expect_no_leftovers "selinuxLabel without SELinux" "$id"
	mkb "$id" 'echo should-not-run' 'l["mountLabel"] = "system_u:object_r:container_file_t:s0"'
	run_ctr "$id"
	expect_fails "run with mountLabel" "$RC"
	expect_contains "error names the field" ".linux.mountLabel: SELinux is not enabled on this host" "$ERR"
	expect_no_leftovers "mountLabel without SELinux" "$id"
	mkb "$id" 'exec sleep 30'
	start_bg "$id"
	xq --process-label system_u:system_r:container_t:s0 "$id" true
	expect_fails "exec --process-label" "$RC"
	expect_contains "error names the field" ".process.selinuxLabel: SELinux is not enabled" "$ERR"
	rtq delete -f "$id"
}

# Where AppArmor is on and apparmor_parser is there (the cgroup v2 VM
# carries Debian's), a real profile: test/vm/lc-test.apparmor, loaded for
# this test and removed after it, lets busybox work but write nowhere
# under /lc-denied. The container's processes run in it, enforced.
t_apparmor_profile_confines_the_container() {
	local id prof=$HERE/vm/lc-test.apparmor
	apparmor_on || skip "AppArmor is not enabled here (the cgroup v2 VM, test/vm/run.sh, has it)"
	command -v apparmor_parser >/dev/null || skip "no apparmor_parser here (Debian's package apparmor)"
	[ -e /sys/kernel/security/apparmor/profiles ] || skip "securityfs is not mounted on /sys/kernel/security"
	[ -r "$prof" ] || fail "no $prof"
	apparmor_parser -r -K -q "$prof" >"$T/aa.err" 2>&1 || fail "apparmor_parser -r $prof: $(cat "$T/aa.err")"
	trap 'apparmor_parser -R -K -q "$prof" >/dev/null 2>&1' EXIT
	note_ok
	id=$(cid aap)
	mkb "$id" 'cat /proc/self/attr/current
echo allowed >/tmp/f && cat /tmp/f
echo denied >/lc-denied/f || echo "write refused"
cat /lc-denied/f 2>/dev/null || echo "nothing written"' \
		'p["apparmorProfile"] = "lc-test"; tmpfs("/tmp"); tmpfs("/lc-denied")'
	run_ctr "$id"
	expect_rc "run with apparmorProfile lc-test" 0 "$RC" "$ERR"
	expect_eq "the process's profile, enforced; the allowed write done, the denied one refused" \
		$'lc-test (enforce)\nallowed\nwrite refused\nnothing written' "$OUT"
	expect_contains "the kernel refused the denied write" "/lc-denied/f: Permission denied" "$ERR"
	# exec: in the container's profile, or in the one --apparmor names
	mkb "$id" 'exec sleep 30' 'p["apparmorProfile"] = "lc-test"; tmpfs("/lc-denied")'
	start_bg "$id"
	expect_eq "the init's profile, seen from the host" "lc-test (enforce)" "$(cat "/proc/$PID/attr/current")"
	xq "$id" sh -c 'cat /proc/self/attr/current; touch /lc-denied/x 2>/dev/null || echo "write refused"'
	expect_rc "exec" 0 "$RC" "$ERR"
	expect_eq "exec'd process: the container's profile" $'lc-test (enforce)\nwrite refused' "$OUT"
	xq --apparmor unconfined "$id" sh -c 'cat /proc/self/attr/current; touch /lc-denied/x && echo written'
	expect_rc "exec --apparmor unconfined" 0 "$RC" "$ERR"
	expect_eq "exec --apparmor unconfined: unconfined, may write" $'unconfined\nwritten' "$OUT"
	rtq delete -f "$id"
	mkb "$id" 'exec sleep 30' 'tmpfs("/lc-denied")'
	start_bg "$id"
	xq --apparmor lc-test "$id" sh -c 'cat /proc/self/attr/current; touch /lc-denied/x 2>/dev/null || echo "write refused"'
	expect_rc "exec --apparmor lc-test" 0 "$RC" "$ERR"
	expect_eq "exec --apparmor lc-test: confined" $'lc-test (enforce)\nwrite refused' "$OUT"
	xq --apparmor lc-no-such-profile "$id" true
	expect_fails "exec --apparmor with a profile the kernel does not have" "$RC"
	expect_contains "error names the field and the profile" \
		".process.apparmorProfile: write \"exec lc-no-such-profile\"" "$ERR"
	expect_eq "the container is still running" running "$(state_field "$id" status)"
	rtq delete -f "$id"
	expect_no_leftovers "containers in the lc-test profile" "$id"
}

selinux_on() { [ -e /sys/fs/selinux/enforce ]; }
# se_valid CONTEXT: the loaded SELinux policy takes CONTEXT as valid
se_valid() {
	python3 -c 'import os, sys
os.write(os.open("/sys/fs/selinux/context", os.O_RDWR), sys.argv[1].encode())' "$1" 2>/dev/null
}
# se_label PATH: PATH's SELinux label (its security.selinux attribute)
se_label() {
	python3 -c 'import os, sys
try: print(os.getxattr(sys.argv[1], "security.selinux", follow_symlinks=False).rstrip(b"\0").decode())
except OSError as e: print("error: %s" % e.strerror)' "$1"
}
SE_CTR=system_u:system_r:container_t:s0:c1,c2
SE_FILE=system_u:object_r:container_file_t:s0:c1,c2

# Where SELinux is on (the SELinux VM: LSM=selinux test/vm/run.sh, with its
# own policy, test/vm/lc-test.cil) the process label is entered at execve,
# under no_new_privs too; exec takes the container's label or its own.
t_selinux_process_label_is_entered_by_run_and_exec() {
	local id
	selinux_on || skip "SELinux is not on here (LSM=selinux test/vm/run.sh boots a VM where it is)"
	se_valid "$SE_CTR" || skip "this host's SELinux policy has no $SE_CTR"
	id=$(cid sep)
	mkb "$id" 'tr -d "\0" </proc/self/attr/current' "p['selinuxLabel'] = '$SE_CTR'"
	run_ctr "$id"
	expect_rc "run with selinuxLabel" 0 "$RC" "$ERR"
	expect_eq "the process's label" "$SE_CTR" "$OUT"
	mkb "$id" 'exec sleep 30' "p['selinuxLabel'] = '$SE_CTR'"
	start_bg "$id"
	expect_eq "the init's label, seen from the host" "$SE_CTR" "$(tr -d '\0' <"/proc/$PID/attr/current")"
	xq "$id" sh -c 'tr -d "\0" </proc/self/attr/current'
	expect_rc "exec" 0 "$RC" "$ERR"
	expect_eq "exec'd process: the container's label" "$SE_CTR" "$OUT"
	xq --process-label system_u:system_r:container_t:s0:c3 "$id" sh -c 'tr -d "\0" </proc/self/attr/current'
	expect_rc "exec --process-label" 0 "$RC" "$ERR"
	expect_eq "exec'd process: --process-label's label" system_u:system_r:container_t:s0:c3 "$OUT"
	xq --process-label system_u:system_r:lc_no_such_t:s0 "$id" true
	expect_fails "exec --process-label with a type the policy lacks" "$RC"
	expect_contains "error names the field and the label" \
		".process.selinuxLabel: \"system_u:system_r:lc_no_such_t:s0\" is not a valid SELinux context here" "$ERR"
	expect_eq "the container is still running" running "$(state_field "$id" status)"
	rtq delete -f "$id"
	mkb "$id" 'echo should-not-run' "p['selinuxLabel'] = 'system_u:system_r:lc_no_such_t:s0'"
	run_ctr "$id"
	expect_fails "run with a selinuxLabel the policy does not know" "$RC"
	expect_eq "stdout" "" "$OUT"
	expect_contains "error names the field and the label" \
		".process.selinuxLabel: \"system_u:system_r:lc_no_such_t:s0\" is not a valid SELinux context here" "$ERR"
	expect_no_leftovers "invalid selinuxLabel" "$id"
	# lc's test policy has a valid domain no other may enter: the kernel's
	# refusal at execve is the error
	se_valid system_u:system_r:lc_denied_t:s0 || return 0
	mkb "$id" 'echo should-not-run' "p['selinuxLabel'] = 'system_u:system_r:lc_denied_t:s0'"
	run_ctr "$id"
	expect_fails "run with a label the policy does not let it enter" "$RC"
	expect_eq "stdout" "" "$OUT"
	expect_match "the kernel refused the execve, the error names the field" \
		'exec /bin/sh: (Permission denied|Operation not permitted) \(SELinux may refuse the transition to \.process\.selinuxLabel "system_u:system_r:lc_denied_t:s0"' "$ERR"
	expect_no_leftovers "label refused at execve" "$id"
}

# linux.mountLabel: the container's own tmpfs, devpts and mqueue mounts,
# and the files made in them, carry the label; proc and sysfs keep the
# policy's labels.
t_selinux_mount_label_labels_the_container_mounts() {
	local id f
	selinux_on || skip "SELinux is not on here (LSM=selinux test/vm/run.sh boots a VM where it is)"
	se_valid "$SE_FILE" || skip "this host's SELinux policy has no $SE_FILE"
	id=$(cid sem)
	mkb "$id" 'touch /dev/shm/f /tmp/f && exec sleep 30' "l['mountLabel'] = '$SE_FILE'; tmpfs('/tmp')"
	start_bg "$id"
	wait_for $((5 * SLOW)) test -e "/proc/$PID/root/tmp/f" || fail "the container made no /tmp/f"
	for f in /dev /dev/null /dev/pts /dev/shm /dev/shm/f /dev/mqueue /tmp /tmp/f; do
		expect_eq "label of $f" "$SE_FILE" "$(se_label "/proc/$PID/root$f")"
	done
	for f in /proc /sys; do
		expect_ne "label of $f" "$SE_FILE" "$(se_label "/proc/$PID/root$f")"
	done
	rtq delete -f "$id"
	mkb "$id" 'echo should-not-run' "l['mountLabel'] = 'system_u:object_r:lc_no_such_t:s0'"
	run_ctr "$id"
	expect_fails "run with a mountLabel the policy does not know" "$RC"
	expect_eq "stdout" "" "$OUT"
	expect_contains "error names the field and the label" \
		".linux.mountLabel: \"system_u:object_r:lc_no_such_t:s0\" is not a valid SELinux context here" "$ERR"
	expect_no_leftovers "invalid mountLabel" "$id"
}

# one test, in its own process: integration.sh __one NAME
if [ "${1:-}" = __one ]; then
	RUNTIME=$(resolve_runtime)
	cd "$T" || exit 1
	"$2"
	if [ -e "$T/result" ]; then exit 0; fi
	if [ "$ASSERTS" = 0 ]; then
		echo "fail the test asserted nothing" >"$T/result"
	else
		echo "pass" >"$T/result"
	fi
	exit 0
fi

# Become a child subreaper (through python3's prctl), so that container
# processes orphaned by the runtime are reaped by this shell at once instead
# of lingering as zombies until PID 1 gets to them.
if [ -z "${LC_IT_REAPER:-}" ] && command -v python3 >/dev/null; then
	export LC_IT_REAPER=1
	exec python3 -c '
import ctypes, os, sys
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
os.execv("/bin/bash", ["bash"] + sys.argv[1:])' "$SELF" "$@"
fi

FILTER=${1:-}
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: needs root"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

RUNTIME=$(resolve_runtime)
export RUNTIME

WORK=$(mktemp -d /tmp/lc-it.XXXXXX)
chmod 755 "$WORK"
export ROOTFS=$WORK/base/rootfs BASECFG=$WORK/base/config.json

npass=0 nfail=0 nskip=0

# cleanup T: everything a test may have left, whatever happened in it
cleanup() {
	local t=$1 root=$1/s/state id ids pids p d m u
	ids=$( { cat "$t/ids" 2>/dev/null; ls -A "$root" 2>/dev/null; } | sort -u)
	for id in $ids; do
		timeout 10 "$RUNTIME" --root "$root" delete -f "$id" >/dev/null 2>&1
	done
	# processes of this test that survived delete -f (ours: killed by pid)
	for _ in 1 2 3; do
		pids=$(for id in $ids; do T=$t procs_of "$id"; done | awk '{print $1}' | sort -u)
		[ -n "$pids" ] || break
		for p in $pids; do kill -KILL "$p" 2>/dev/null; done
		sleep 0.2
	done
	for id in $ids; do
		for d in /sys/fs/cgroup/*/lctest/"$id" /sys/fs/cgroup/lctest/"$id"; do
			[ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
		done
	done
	# users a test made, with their subordinate id ranges
	for u in $(cat "$t/users" 2>/dev/null); do
		for p in $(ps -o pid= -u "$u" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
		userdel "$u" >/dev/null 2>&1
		sed -i "/^$u:/d" /etc/subuid /etc/subgid 2>/dev/null
	done
	# mounts under the test's own directory (never the host's), deepest first
	for _ in 1 2 3; do
		m=$(awk -v t="$t/" 'index($5, t) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
		[ -n "$m" ] || break
		for d in $m; do umount -l "$d" 2>/dev/null; done
	done
	rm -rf --one-file-system -- "$t"
}

CUR_T=
finish() {
	local d
	[ -z "$CUR_T" ] || cleanup "$CUR_T"
	for d in /sys/fs/cgroup/*/lctest /sys/fs/cgroup/lctest; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	rm -rf --one-file-system -- "$WORK"
}
trap finish EXIT
trap 'exit 130' INT TERM

if ! err=$(RUNTIME=$RUNTIME CGNAME=base bash "$HERE/mkbundle.sh" "$WORK/base" 2>&1) ||
	! [ -s "$BASECFG" ]; then
	echo "not ok - setup: mkbundle.sh with RUNTIME=$RUNTIME failed: $(oneline "$err")"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi

n=0
# the tests, in the order they are written
for name in $(grep -oE '^t_[a-z0-9_]+\(\)' "$SELF" | tr -d '()'); do
	pretty=${name#t_}
	pretty=${pretty//_/ }
	[ -z "$FILTER" ] || [[ $name =~ $FILTER ]] || [[ $pretty =~ $FILTER ]] || continue
	n=$((n + 1))
	T=$WORK/$n
	CUR_T=$T
	mkdir -p "$T/s/state" && chmod 700 "$T/s/state"
	rc=0
	export T ROOT=$T/s/state IDPFX="lc$$-$n"
	timeout -k 5 "$TEST_TIMEOUT" bash "$SELF" __one "$name" >"$T/log" 2>&1 || rc=$?
	res=$(cat "$T/result" 2>/dev/null)
	if [ -z "$res" ]; then
		if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
			res="fail timed out after ${TEST_TIMEOUT}s"
		else
			res="fail exited $rc without a result: $(oneline "$(tail -n3 "$T/log")")"
		fi
	fi
	grep '^# ' "$T/log"
	case $res in
	pass) echo "ok - $pretty"; npass=$((npass + 1)) ;;
	skip*) echo "skip - $pretty: ${res#skip }"; nskip=$((nskip + 1)) ;;
	*)
		echo "not ok - $pretty: ${res#fail }"
		nfail=$((nfail + 1))
		[ -z "${VERBOSE:-}" ] || sed 's/^/#   /' "$T/log"
		;;
	esac
	cleanup "$T"
	CUR_T=
done

echo "$npass passed, $nfail failed, $nskip skipped"
[ "$nfail" = 0 ]
