#!/bin/bash
# test_mini_init.sh: examples/mini-init as PID 1 of a PID namespace of its
# own (unshare -p -f --mount-proc), with its rootfs bind-mounted read-only
# in a mount namespace of the test's own. Checks that both containers run
# (web with its memory limit),
# that an init killed from outside is restarted, and that SIGTERM destroys
# both and exits 0, leaving no cgroup, process or state directory.
#
#   bash test/test_mini_init.sh        (as root; make check-integration runs it)
#
# MINI_INIT picks the binary (default build/mini-init-asan). Output: ok/not
# ok lines, then "N passed, N failed, N skipped" (counted by summary.sh).
set -u
export LC_ALL=C
cd "$(dirname "$0")/.."
BIN=$(realpath "${MINI_INIT:-build/mini-init-asan}")
pass=0 fail=0 skip=0
ok() { echo "ok - mini-init: $*"; pass=$((pass + 1)); }
bad() { echo "not ok - mini-init: $*"; fail=$((fail + 1)); }
check() { # WHAT CMD...
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}
finish() {
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" = 0 ]
	exit
}
if [ "$(id -u)" != 0 ] || ! [ -x /bin/busybox ] || ! [ -x "$BIN" ]; then
	echo "skip - mini-init: needs root, /bin/busybox and $BIN"
	skip=1
	finish
fi

W=$(mktemp -d /tmp/lc-mini.XXXXXX)
CG=/lctest/mini-$$
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then CGDIR=/sys/fs/cgroup$CG; else CGDIR=/sys/fs/cgroup/pids$CG; fi
UPID=
cleanup() {
	[ -z "$UPID" ] || kill -KILL "$UPID" 2>/dev/null
	local d
	for d in /sys/fs/cgroup/*$CG/* /sys/fs/cgroup$CG/* /sys/fs/cgroup/*$CG /sys/fs/cgroup$CG; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	rm -rf --one-file-system -- "$W"
}
trap cleanup EXIT

mkdir -p "$W/rootfs/bin" "$W/rootfs/proc" "$W/rootfs/dev" && cp /bin/busybox "$W/rootfs/bin/" &&
	for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "$W/rootfs/bin/$a"; done ||
	{ bad "cannot make the rootfs"; finish; }

# wait_for SECONDS CMD...
wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -lt "$deadline" ] || return 1
		sleep 0.1
	done
}
out_has() { grep -q -- "$1" "$W/out"; }
count_of() { grep -c -- "$1" "$W/out"; }
# init_of NAME: host pid of the container's init (pid 1 in its namespace)
init_of() {
	local p
	for p in $(cat "$CGDIR/$1/cgroup.procs" 2>/dev/null); do
		[[ $(grep NSpid "/proc/$p/status" 2>/dev/null) =~ [[:space:]]1$ ]] && { echo "$p"; return; }
	done
}
has_init() { [ -n "$(init_of "$1")" ]; }

ls -A /run/lc 2>/dev/null | sort >"$W/run-before"
unshare -m -p -f --mount-proc --propagation private sh -c \
	'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" "$1" "$3"' \
	sh "$W/rootfs" "$BIN" "$CG" >"$W/out" 2>&1 </dev/null &
UPID=$!
check "both containers start" wait_for 10 eval 'out_has "web started" && out_has "log started"'
check "both containers run their services" wait_for 5 eval 'out_has "web: serving" && out_has "log: collecting"'
check "both inits are in their cgroups" wait_for 5 eval 'has_init web && has_init log'
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
	web_max=$(cat "/sys/fs/cgroup$CG/web/memory.max" 2>&1) log_max=$(cat "/sys/fs/cgroup$CG/log/memory.max" 2>&1)
else
	web_max=$(cat "/sys/fs/cgroup/memory$CG/web/memory.limit_in_bytes" 2>&1)
	log_max=$(cat "/sys/fs/cgroup/memory$CG/log/memory.limit_in_bytes" 2>&1)
	[ "$log_max" = 9223372036854771712 ] && log_max=max
fi
check "web has its 64 MiB memory limit (got $web_max)" [ "$web_max" = 67108864 ]
check "log has none (got $log_max)" [ "$log_max" = max ]
MINI=$(cat "/proc/$UPID/task/$UPID/children" 2>/dev/null | awk '{print $1}')
check "mini-init is PID 1 of its namespace" eval '[[ $(grep NSpid "/proc/$MINI/status" 2>/dev/null) =~ [[:space:]]1$ ]]'

web=$(init_of web)
log=$(init_of log)
kill -KILL "$web"
check "a killed init is seen" wait_for 10 out_has "web exited on signal 9, restarting"
check "and its container is started again" wait_for 10 eval '[ "$(count_of "web started")" = 2 ]'
check "the new init runs" wait_for 5 eval 'has_init web && [ "$(init_of web)" != "$web" ]'
check "the other container was left alone" eval '[ "$(init_of log)" = "$log" ] && [ "$(count_of "log started")" = 1 ]'
web=$(init_of web)

kill -TERM "$MINI"
rc=0
for _ in $(seq 100); do kill -0 "$UPID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$UPID" 2>/dev/null; then rc=timeout; else wait "$UPID" || rc=$?; fi
UPID=
check "SIGTERM: mini-init exits 0 (got $rc)" [ "$rc" = 0 ]
check "SIGTERM: it says it stopped" out_has "mini-init: stopped"
gone() { ! kill -0 "$1" 2>/dev/null; }
check "no container process is left" eval 'gone "$web" && gone "$log"'
left=$(ls -d /sys/fs/cgroup/*$CG/* /sys/fs/cgroup$CG/* 2>/dev/null | grep -E '/(web|log)$')
check "no cgroup is left${left:+: $left}" [ -z "$left" ]
ls -A /run/lc 2>/dev/null | sort >"$W/run-after"
check "no state directory appeared" eval '! comm -13 "$W/run-before" "$W/run-after" | grep -qxE "web|log"'
check "no sanitizer report" eval '! grep -q Sanitizer "$W/out"'
if [ "$fail" != 0 ] || [ -n "${VERBOSE:-}" ]; then sed 's/^/#   /' "$W/out"; fi
finish
