#!/bin/bash
# bench/run.sh: time the runner next to crun and runc, in one run.
#
#   bash bench/run.sh            (from the repo root, as root; `make bench`)
#   ROUNDS=30 SEED=42 bash bench/run.sh
#
# Environment: ROUNDS (default 20, at least 1; 20 or more for quotable
# figures), SEED (for the random order; default: random, printed),
# TIMEOUT (seconds one runtime command may take, default 60), KEEP_LOGS=1
# (copy the raw per-run figures to ./bench-raw-DATE/ before cleaning up),
# VERBOSE=1 (print every command and its output to stderr).
#
# See bench/README.md for the method and how to read the table.
#
# The script builds the static runner (make static), bench/measure.c and
# bench/getpid_loop.c (into its temporary directory), then re-runs itself
# in a private mount namespace and a network namespace of its own
# (unshare -m -n --propagation private) where /sys/fs/cgroup/unified is
# unmounted, since crun refuses this host's hybrid cgroup layout otherwise;
# there it runs under `measure --reaper`, which reaps and finally kills by
# pid whatever container process would otherwise outlive it.
#
# Everything it makes is removed on exit, Ctrl-C included: its containers
# (delete -f), their state directories, its cgroups (/lcbench/TAG/... in
# every hierarchy), its veths and `ip netns` names, and its temporary
# directory.
# shellcheck disable=SC2317
set -u
export LC_ALL=C

if [ "${LCBENCH_INNER:-}" != 1 ]; then
	# The exact command line, as typed (environment knobs first).
	LCBENCH_CMD=""
	for v in ROUNDS SEED TIMEOUT KEEP_LOGS VERBOSE; do
		[ -n "${!v+x}" ] && LCBENCH_CMD+="$v=$(printf '%q' "${!v}") "
	done
	LCBENCH_CMD+="bash $0"
	for a in "$@"; do LCBENCH_CMD+=" $(printf '%q' "$a")"; done
	export LCBENCH_CMD LCBENCH_CWD=$PWD
fi
ROUNDS=${ROUNDS:-20}
TIMEOUT=${TIMEOUT:-60}
RTS=(lc crun runc)
ROWS=(net nonet cs del lim pr upd exec veth cr vcr) # rows of the table, in order
SC_ROWS=(sc0 sc1)                             # the seccomp rows, a table of their own
LOOP_N=200000                                 # getpid calls per seccomp-row run

die() { echo "bench/run.sh: $*" >&2; exit 1; }

# =================================================================== outer
if [ "${LCBENCH_INNER:-}" != 1 ]; then
	[ "$(id -u)" = 0 ] || die "must run as root"
	case $ROUNDS in '' | *[!0-9]* | 0) die "ROUNDS must be a positive integer" ;; esac
	case $TIMEOUT in '' | *[!0-9]* | 0) die "TIMEOUT must be a positive integer" ;; esac
	for t in unshare python3 gcc make; do
		command -v "$t" >/dev/null || die "needs $t"
	done
	here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd) || die "cannot find the script's directory"
	cd -- "$here/.." || die "cannot cd to the repo root"
	# lc's column is the static musl runner (`make static`), the build that
	# goes on boards; LC_RUNNER=./runner measures the glibc one instead.
	if [ -z "${LC_RUNNER:-}" ]; then
		make -s static >&2 || die "make static failed"
		export LC_RUNNER=$PWD/build/runner-static
	else
		[ "$LC_RUNNER" != ./runner ] || make -s runner >&2 || die "make runner failed"
		LC_RUNNER=$(realpath -- "$LC_RUNNER")
		export LC_RUNNER
	fi

	base=/run
	[ -d /run ] && [ -w /run ] || base=${TMPDIR:-/tmp}
	W=$(mktemp -d "$base/lcbench.XXXXXX") || die "mktemp failed"
	trap 'rm -rf -- "$W"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	gcc -std=gnu11 -Wall -Wextra -Werror -O2 bench/measure.c -o "$W/measure" ||
		{ rm -rf -- "$W"; die "cannot build bench/measure.c"; }
	# The seccomp rows' program: static, so it runs in the busybox rootfs.
	LCBENCH_NOLOOP=""
	gcc -std=gnu11 -Wall -Wextra -Werror -O2 -static bench/getpid_loop.c -o "$W/getpid_loop" \
		2>"$W/loop.err" || LCBENCH_NOLOOP="gcc -static bench/getpid_loop.c failed: $(tail -n1 "$W/loop.err")"
	export LCBENCH_INNER=1 LCBENCH_W=$W LCBENCH_NOLOOP
	trap - EXIT INT TERM
	exec unshare -m -n --propagation private -- "$W/measure" --reaper -- bash bench/run.sh "$@"
fi

# =================================================================== inner
REPO=$PWD
W=$LCBENCH_W
M=$W/measure
TAG=${W##*.}           # cgroups live under /lcbench/$TAG/
CGBASE=/lcbench/$TAG
LOG=$W/op.log          # stdout+stderr of the runtime commands of one pair
declare -A BIN         # runtime name -> binary
declare -A FAILS=()    # row.rt -> number of failed rounds
declare -A REASON=()   # row.rt -> first failure, with command and message
declare -A SKIPPED=()  # rt -> why it is not run at all
declare -A CELL_SKIP=() # row.rt -> why that row is not run for rt
NOTES=()               # other things seen (leaks, leftovers)
NETNS_OURS=0           # 1: /run/netns is our own tmpfs (see below)
MADE_NETNS_DIR=0       # 1: /run/netns did not exist; we made it

row_label() {
	case $1 in
	net) echo "1 run /bin/true (default spec, netns)" ;;
	nonet) echo "2 run /bin/true (no network namespace)" ;;
	cs) echo "3 create + start + delete -f (/bin/true)" ;;
	del) echo "4 delete -f of a running container" ;;
	lim) echo "5 run /bin/true, memory+pids+cpu limits" ;;
	pr) echo "6 pause + resume of a running container" ;;
	upd) echo "7 update --memory --pids-limit, running" ;;
	exec) echo "8 exec /bin/true into a running container" ;;
	veth) echo "9 run /bin/true + veth, address, route" ;;
	cr) echo "10 create (default spec)" ;;
	vcr) echo "11 create + veth, address, route" ;;
	rss) echo "12 runtime peak RSS KiB (rows 3-4)" ;;
	sc0) echo "13 getpid loop, no seccomp" ;;
	sc1) echo "14 getpid loop, default-like seccomp" ;;
	esac
}

# ---------------------------------------------------------------- cleanup
# The cgroup hierarchies (v1 controllers, name=systemd, a cgroup2 mount).
cg_mounts() {
	awk '{ for (i = 7; i <= NF; i++) if ($i == "-") break;
	       if ($(i+1) == "cgroup" || $(i+1) == "cgroup2") print $5 }' /proc/self/mountinfo
}

# SIGKILL, by pid, every process in our cgroups (only containers we made
# are there), then remove the cgroup directories bottom-up. $1: a path
# under / of the hierarchies, default our whole subtree.
cg_clean() {
	local sub=${1:-$CGBASE} h d pid
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		local busy=0
		for h in $(cg_mounts); do
			[ -d "$h$sub" ] || continue
			while IFS= read -r d; do
				if [ -r "$d/cgroup.procs" ]; then
					while read -r pid; do
						[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null && busy=1
					done <"$d/cgroup.procs"
				fi
			done < <(find "$h$sub" -depth -type d 2>/dev/null)
			find "$h$sub" -depth -type d -exec rmdir {} + 2>/dev/null
			[ -d "$h$sub" ] && busy=1
		done
		[ $busy = 0 ] && break
		sleep 0.1
	done
	# crun writes its pid into /sys/fs/cgroup/unified/PATH/cgroup.procs even
	# with the cgroup2 mount gone, leaving plain files on the /sys/fs/cgroup
	# tmpfs (seen only in this mount namespace): remove them too.
	local u=/sys/fs/cgroup/unified
	if [ -d "$u$sub" ] && ! mountpoint -q "$u" &&
		[ "$(stat -f -c %T "$u" 2>/dev/null)" = tmpfs ]; then
		rm -rf --one-file-system -- "${u:?}$sub"
	fi
}

# The bench's own network namespace (unshare -n): every link in it but lo
# is ours, and so is every name in /run/netns, a tmpfs of this mount
# namespace (mounted only when NETNS_OURS=1).
links() {
	awk -F: 'NR > 2 { gsub(/ /, "", $1); if ($1 != "lo") print $1 }' /proc/self/net/dev
}
netns_names() {
	[ "$NETNS_OURS" = 1 ] && find /run/netns -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null
}
net_clean() {
	command -v ip >/dev/null || return 0
	local x
	for x in $(netns_names); do ip netns del "$x" 2>/dev/null || rm -f -- "/run/netns/$x"; done
	for x in $(links); do ip link del "$x" 2>/dev/null; done
}

cleanup_done=0
cleanup() {
	[ $cleanup_done = 1 ] && return
	cleanup_done=1
	trap '' INT TERM HUP
	local rt id
	for rt in "${RTS[@]}"; do
		{ [ -n "${BIN[$rt]:-}" ] && [ -d "$W/root-$rt" ]; } || continue
		for id in $(find "$W/root-$rt" -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null) \
			$(timeout 10 "${BIN[$rt]}" --root "$W/root-$rt" list -q 2>/dev/null); do
			timeout 20 "${BIN[$rt]}" --root "$W/root-$rt" delete -f "$id" >/dev/null 2>&1
		done
	done
	cg_clean "$CGBASE"
	net_clean
	for rt in "${RTS[@]}"; do
		mountpoint -q "$W/root-$rt" && umount "$W/root-$rt"
	done
	[ $NETNS_OURS = 1 ] && umount /run/netns 2>/dev/null
	[ $MADE_NETNS_DIR = 1 ] && rmdir /run/netns 2>/dev/null
	for h in $(cg_mounts) /sys/fs/cgroup/unified; do
		# /lcbench itself, if no other run uses it
		[ -d "$h/lcbench" ] && ! mountpoint -q "$h/lcbench" && rmdir "$h/lcbench" 2>/dev/null
	done
	if [ "${KEEP_LOGS:-}" = 1 ] && [ -d "$W/res" ]; then
		local keep
		keep="$LCBENCH_CWD/bench-raw-$(date -u +%Y%m%dT%H%M%SZ)"
		cp -r -- "$W/res" "$keep" && echo "raw figures kept in $keep" >&2
	fi
	cd / && rm -rf --one-file-system -- "$W"
}
on_signal() {
	echo "bench/run.sh: interrupted ($1), cleaning up" >&2
	cleanup
	exit "$2"
}
trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'on_signal HUP 129' HUP

# ------------------------------------------------------------ preparation
BIN[lc]=$LC_RUNNER
BIN[crun]=$(command -v crun || true)
BIN[runc]=$(command -v runc || true)
for rt in crun runc; do
	[ -n "${BIN[$rt]}" ] || SKIPPED[$rt]="$rt is not installed"
done
[ -x "${BIN[lc]}" ] || SKIPPED[lc]="$LC_RUNNER is missing"

version_of() {
	[ -n "${SKIPPED[$1]:-}" ] && { echo "(${SKIPPED[$1]})"; return; }
	case $1 in
	lc) echo "$("${BIN[lc]}" --version 2>&1 | paste -sd ';' - | sed 's/;/; /g') ($LC_RUNNER)" ;;
	*) "${BIN[$1]}" --version 2>&1 | head -1 ;;
	esac
}

# crun refuses a hybrid layout: unmount the cgroup2 part, in this namespace
# only.
umounted=no
if mountpoint -q /sys/fs/cgroup/unified 2>/dev/null; then
	umount /sys/fs/cgroup/unified || die "cannot unmount /sys/fs/cgroup/unified in the private namespace"
	umounted=yes
fi

# Networking happens only in the script's own network namespace (unshare -n
# above); the names `ip netns add` makes for crun and runc (row 9) live on
# a tmpfs mounted on /run/netns in this mount namespace only.
if command -v ip >/dev/null; then
	ip link set lo up || die "cannot set lo up in the bench's network namespace"
	if ! [ -d /run/netns ]; then
		mkdir /run/netns || die "cannot make /run/netns"
		MADE_NETNS_DIR=1
	fi
	mount -t tmpfs -o mode=0755,size=64k lcbench-netns /run/netns ||
		die "cannot mount a tmpfs on /run/netns in the private namespace"
	NETNS_OURS=1
else
	CELL_SKIP[veth.crun]="needs ip(8) for the setup it times"
	CELL_SKIP[veth.runc]=${CELL_SKIP[veth.crun]}
fi

# The state directories: a tmpfs each, mounted in this mount namespace
# only. The runtimes' default roots are under /run, a tmpfs nearly
# everywhere (not on this kind of host, where it is ext4: there lc's fsync
# of state.json would cost milliseconds of disk I/O that crun and runc,
# which do not fsync, never pay).
for rt in "${RTS[@]}"; do
	{ mkdir -p "$W/root-$rt" && mount -t tmpfs -o mode=0700,size=16m lcbench-state "$W/root-$rt"; } ||
		die "cannot mount a tmpfs on $W/root-$rt"
done

commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "no commit")
[ -n "$(git -C "$REPO" status --porcelain 2>/dev/null)" ] && commit+=" (work tree modified)"
seed=${SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
RANDOM=$seed

echo "lc benchmark: runner vs crun vs runc"
echo "command:  $LCBENCH_CMD   (in $LCBENCH_CWD)"
echo "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "kernel:   $(uname -srm)"
echo "host:     $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "cgroups:  $(if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then echo v2; else echo "v1$( [ $umounted = yes ] && echo ', hybrid: /sys/fs/cgroup/unified unmounted in a private mount namespace')"; fi)"
echo "lc:       $(version_of lc)   [repo $commit]"
echo "crun:     $(version_of crun)"
echo "runc:     $(version_of runc)"
echo "rounds:   $ROUNDS$( [ "$ROUNDS" -lt 20 ] && echo ' (fewer than 20: a smoke test, not figures to quote)'), random order seed $seed; each measured run primed by an identical unmeasured one"
echo

# The bundle: busybox rootfs + runc's spec (test/mkbundle.sh), then one
# config.json per runtime and row. A row's three are the same except in
# linux.cgroupsPath (/lcbench/TAG/RUNTIME-ROW, so that a cgroup one runtime
# leaves behind can neither be reused by another nor hide a leak) and, in
# row 9, in how the network is asked for (lc: its org.lc.net annotation;
# crun, runc: the path of the namespace the `ip` commands set up).
spec_rt=runc
[ -n "${SKIPPED[runc]:-}" ] && spec_rt=${BIN[lc]}
RUNTIME=$spec_rt CGNAME=base bash "$REPO/test/mkbundle.sh" "$W/base" >"$LOG" 2>&1 ||
	{ cat "$LOG" >&2; die "test/mkbundle.sh failed"; }
mkdir -p "$W/res" "$W/b"
if [ -n "$LCBENCH_NOLOOP" ]; then
	for rt in "${RTS[@]}"; do CELL_SKIP[sc0.$rt]=$LCBENCH_NOLOOP CELL_SKIP[sc1.$rt]=$LCBENCH_NOLOOP; done
else
	cp -- "$W/getpid_loop" "$W/base/rootfs/bin/getpid_loop" || die "cannot copy getpid_loop into the rootfs"
fi
python3 - "$W/base/config.json" "$W/b" "$W/base/rootfs" "$CGBASE" "$REPO/test/seccomp-default.json" \
	"$LOOP_N" "${RTS[@]}" <<'EOF' || die "cannot write the bundles"
import json, os, sys
src, out, rootfs, cgbase, profile, loop_n = sys.argv[1:7]
rts = sys.argv[7:]
with open(src) as f:
    base = json.load(f)
with open(profile) as f:
    seccomp = json.load(f)
base["root"] = {"path": rootfs, "readonly": True}
sleeper = ["sleep", "100"]
loop = ["/bin/getpid_loop", loop_n]
# name: (args, keep the network namespace, what else to change)
variants = {
    "net": (["/bin/true"], True, None),
    "nonet": (["/bin/true"], False, None),
    "cs": (["/bin/true"], True, None),
    "del-a": (sleeper, True, None),
    "del-b": (sleeper, True, None),
    "lim": (["/bin/true"], True, "limits"),
    "pr": (sleeper, True, None),
    "upd": (sleeper, True, None),
    "exec": (sleeper, True, None),
    "veth": (["/bin/true"], True, "veth"),
    "cr": (["/bin/true"], True, None),
    "vcr": (["/bin/true"], True, "veth"),
    "sc0": (loop, True, None),
    "sc1": (loop, True, "seccomp"),
}
for rt in rts:
    for name, (args, netns, extra) in variants.items():
        c = json.loads(json.dumps(base))
        c["process"]["args"] = args
        c["process"]["terminal"] = False
        lx = c.setdefault("linux", {})
        if not netns:
            lx["namespaces"] = [n for n in lx.get("namespaces", []) if n.get("type") != "network"]
        lx["cgroupsPath"] = "%s/%s-%s" % (cgbase, rt, name)
        if extra == "limits":
            r = lx.setdefault("resources", {})
            r["memory"] = {"limit": 128 << 20}
            r["pids"] = {"limit": 100}
            r["cpu"] = {"shares": 512, "quota": 50000, "period": 100000}
        elif extra == "veth" and rt == "lc":
            # lc sets the veth up itself, from its org.lc. annotations
            c["annotations"] = {"org.lc.net.eth0": "veth host=lcbh-lc addr=10.200.0.2/24 gw=10.200.0.1"}
        elif extra == "veth":
            # the others join a namespace that `ip` commands set up first
            for n in lx["namespaces"]:
                if n["type"] == "network":
                    n["path"] = "/run/netns/lcb-" + rt
        elif extra == "seccomp":
            lx["seccomp"] = seccomp
        d = os.path.join(out, "%s-%s" % (rt, name))
        os.makedirs(d)
        with open(os.path.join(d, "config.json"), "w") as f:
            json.dump(c, f, indent=1)
EOF

# ------------------------------------------------------------ measuring
# One measure invocation; the runtime's output goes to $LOG. Always as a
# subreaper (-s), so that the CPU time of a process a runtime orphans (a
# detached container init) is counted too, whichever runtime it is.
# meas OUT -- CMD... [--- CMD...]
meas() {
	local out=$1
	shift
	echo "+ ${*}" >>"$LOG"
	"$M" -s -t "$TIMEOUT" -o "$out" "$@" >>"$LOG" 2>&1 </dev/null
}

# Record the failure of ROW RT (round $3) with the command line $4.
fail() {
	local key=$1.$2 msg
	FAILS[$key]=$((${FAILS[$key]:-0} + 1))
	if [ -z "${REASON[$key]:-}" ]; then
		msg=$(grep -v '^+ ' "$LOG" | grep -v '^$' | tail -n 4 | sed 's/^/      /')
		REASON[$key]="round $3: \`$4\`: ${5:-failed}"
		[ -n "$msg" ] && REASON[$key]+=$'\n'"$msg"
	fi
}

# After a pair: nothing of it may be left. Report (unless QUIET=1, after a
# failure, when leftovers are expected) and clean what is.
check_left() { # ROW RT IDS...
	local row=$1 rt=$2 h left="" quiet=${QUIET:-0}
	shift 2
	local st
	st=$(find "$W/root-$rt" -mindepth 1 -maxdepth 1 -printf '%f ' 2>/dev/null)
	st=${st% }
	[ -n "$st" ] && left+=" state of [$st] in --root;"
	for h in $(cg_mounts); do
		for d in "$h$CGBASE/$rt-$row"*; do
			[ -d "$d" ] && left+=" cgroup ${d#/sys/fs/cgroup/};"
		done
	done
	st=$(links | paste -sd ' ' -)
	[ -n "$st" ] && left+=" links [$st] in the bench's network namespace;"
	st=$(netns_names | paste -sd ' ' -)
	[ -n "$st" ] && left+=" network namespaces [$st] in /run/netns;"
	if [ -n "$left" ]; then
		[ "$quiet" = 1 ] || note_once "$rt, row $row: left behind after the measured commands:$left"
		local id
		for id in "$@"; do
			timeout 20 "${BIN[$rt]}" --root "$W/root-$rt" delete -f "$id" >/dev/null 2>&1
		done
		local v
		for v in "" -a -b; do cg_clean "$CGBASE/$rt-$row$v"; done
		net_clean
	fi
}
declare -A NOTED=()
note_once() {
	local k=${1%%:*}
	[ -n "${NOTED[$k]:-}" ] && return
	NOTED[$k]=1
	NOTES+=("$1")
}

# Keep only the measured result of the pair: "wall cpu rss" in res/ROW.RT.
keep() { # ROW RT RESULTFILE
	read -r ok wall cpu rss <"$3"
	[ "$ok" = ok ] && echo "$wall $cpu $rss" >>"$W/res/$1.$2"
}

# The seccomp rows keep what the loop printed in the measured run (the last
# run in $LOG): "wall cpu", the loop's elapsed and CPU ns.
keep_loop() { # ROW RT N
	local tag n wall cpu
	read -r tag n wall cpu < <(grep '^getpid-loop ' "$LOG" | tail -n 1)
	if [ "$tag" = getpid-loop ] && [ "$n" = "$LOOP_N" ] && [ -n "$cpu" ]; then
		echo "$wall $cpu" >>"$W/res/$1.$2"
	else
		fail "$1" "$2" "$3" "/bin/getpid_loop $LOOP_N in the container" \
			"no \"getpid-loop $LOOP_N WALL_NS CPU_NS\" line in its output"
	fi
}

# Why measure said fail, in words.
why() { # RESULTFILE
	local _f step what
	read -r _f step what _ <"$1" 2>/dev/null || { echo "no result"; return; }
	echo "command $step of the sequence: $what"
}

# A command line for the report, with R (state directory), B (bundle) and ID
# (container) for the parts that change; R, B, C: those of pair(), the
# caller's caller.
words() {
	local out="" w
	for w in "$@"; do
		case $w in
		"$R") w=R ;;
		"$B" | "$B"-?) w=B ;;
		@ID@ | "$C") w=ID ;;
		---) w=";" ;;
		esac
		out+=" $w"
	done
	echo "${out# }"
}

# twice ROW RT N PRIME_ID MEASURED_ID CMD... : the pair proper. CMD (a
# sequence for measure, commands separated by ---) runs through meas with
# @ID@ replaced by PRIME_ID, then again with MEASURED_ID. If the caller
# has a non-empty array AFTER, that sequence runs (unmeasured, @ID@
# replaced the same way) after each of the two. Returns 1, with the
# failure recorded, if anything fails.
twice() {
	local row=$1 rt=$2 n=$3 id r
	local runs=("$4:$W/r.p" "$5:$W/r.m")
	shift 5
	for id in "${runs[@]}"; do
		r=${id#*:} id=${id%%:*}
		meas "$r" -- "${@//@ID@/$id}" ||
			{ fail "$row" "$rt" "$n" "$(words "$@")" "$(why "$r")"; return 1; }
		[ ${#AFTER[@]} = 0 ] || meas "$W/r.after" -- "${AFTER[@]//@ID@/$id}" ||
			{ fail "$row" "$rt" "$n" "$(words "${AFTER[@]}") (unmeasured cleanup)" "$(why "$W/r.after")"; return 1; }
	done
}

# Create and start a container that keeps running (unmeasured setup).
bg_start() { # ROW RT N ID BUNDLE
	local b=${BIN[$2]} R=$W/root-$2 what=create rc=0
	echo "+ create/start $4" >>"$LOG"
	timeout "$TIMEOUT" "$b" --root "$R" create -b "$5" "$4" </dev/null >>"$LOG" 2>&1 || rc=$?
	[ $rc = 0 ] && { what=start; timeout "$TIMEOUT" "$b" --root "$R" start "$4" </dev/null >>"$LOG" 2>&1 || rc=$?; }
	[ $rc = 0 ] && return 0
	[ $rc = 124 ] && rc="timeout-${TIMEOUT}s" || rc="exit-$rc"
	fail "$1" "$2" "$3" "$b --root R create -b B ID; start ID (unmeasured setup)" "$what: $rc"
	return 1
}

# The commands of one pair of ROW for RT in round N; 1 on a failure (recorded).
pair_cmds() {
	local row=$1 rt=$2 n=$3 AFTER=()
	# the ip(8) commands that do for crun and runc what lc does from its
	# org.lc.net annotation (rows 9 and 11), and those that undo them
	local ns=lcb-$rt h=lcbh-$rt
	local ip_setup=(ip netns add "$ns"
		--- ip link add "$h" type veth peer name eth0 netns "$ns"
		--- ip link set "$h" up
		--- ip -n "$ns" addr add 10.200.0.2/24 dev eth0
		--- ip -n "$ns" link set eth0 up
		--- ip -n "$ns" route add default via 10.200.0.1 ---)
	local ip_teardown=(--- ip link del "$h" --- ip netns del "$ns")
	case $row in
	net | nonet | lim | sc0 | sc1)
		twice "$row" "$rt" "$n" "$p" "$m" "$b" --root "$R" run -b "$B" @ID@
		;;
	veth)
		# crun and runc: the ip commands around a run that joins the
		# namespace they set up
		[ "$rt" = lc ] && ip_setup=() ip_teardown=()
		twice "$row" "$rt" "$n" "$p" "$m" "${ip_setup[@]}" "$b" --root "$R" run -b "$B" @ID@ "${ip_teardown[@]}"
		;;
	cr | vcr)
		# the setup alone: create measured, delete -f (and the ip
		# commands that undo the setup) after each, unmeasured
		[ "$rt" = lc ] || [ "$row" = cr ] && ip_setup=() ip_teardown=()
		AFTER=("$b" --root "$R" delete -f @ID@ "${ip_teardown[@]}")
		twice "$row" "$rt" "$n" "$p" "$m" "${ip_setup[@]}" "$b" --root "$R" create -b "$B" @ID@
		;;
	cs)
		twice "$row" "$rt" "$n" "$p" "$m" "$b" --root "$R" create -b "$B" @ID@ \
			--- "$b" --root "$R" start @ID@ --- "$b" --root "$R" delete -f @ID@
		;;
	del)
		# two running containers (sleep 100), each in its own cgroup
		bg_start "$row" "$rt" "$n" "$p" "$B-a" && bg_start "$row" "$rt" "$n" "$m" "$B-b" &&
			twice "$row" "$rt" "$n" "$p" "$m" "$b" --root "$R" delete -f @ID@
		;;
	pr | upd | exec)
		# one running container (sleep 100) for both runs of the pair
		bg_start "$row" "$rt" "$n" "$C" "$B" || return 1
		case $row in
		pr) twice "$row" "$rt" "$n" "$C" "$C" "$b" --root "$R" pause "$C" --- "$b" --root "$R" resume "$C" ;;
		upd) twice "$row" "$rt" "$n" "$C" "$C" "$b" --root "$R" update --memory 67108864 --pids-limit 100 "$C" ;;
		exec) twice "$row" "$rt" "$n" "$C" "$C" "$b" --root "$R" exec "$C" /bin/true ;;
		esac || return 1
		echo "+ delete -f $C" >>"$LOG"
		timeout "$TIMEOUT" "$b" --root "$R" delete -f "$C" </dev/null >>"$LOG" 2>&1 ||
			{ fail "$row" "$rt" "$n" "$b --root R delete -f ID (unmeasured cleanup)" "exit-$?"; return 1; }
		;;
	esac
}

# One prime + measured pair of ROW for RT in round N, then the checks.
pair() {
	local row=$1 rt=$2 n=$3
	# (one local per dependent value: `local` expands all its words first)
	local b=${BIN[$2]} R=$W/root-$2 B=$W/b/$2-$1
	local p=b$3-$1-p m=b$3-$1-m C=b$3-$1-c
	: >"$LOG"
	if ! pair_cmds "$row" "$rt" "$n"; then
		QUIET=1 check_left "$row" "$rt" "$p" "$m" "$C"
		return
	fi
	case $row in
	sc0 | sc1) keep_loop "$row" "$rt" "$n" ;;
	*) keep "$row" "$rt" "$W/r.m" ;;
	esac
	check_left "$row" "$rt" "$p" "$m" "$C"
}

start_s=$SECONDS
for ((n = 1; n <= ROUNDS; n++)); do
	# Every (row, runtime) pair once per round, in a fresh random order.
	todo=()
	for row in "${ROWS[@]}" "${SC_ROWS[@]}"; do
		for rt in "${RTS[@]}"; do
			[ -z "${SKIPPED[$rt]:-}" ] && [ -z "${CELL_SKIP[$row.$rt]:-}" ] && todo+=("$row:$rt")
		done
	done
	for ((i = ${#todo[@]} - 1; i > 0; i--)); do
		j=$((RANDOM % (i + 1)))
		t=${todo[i]}
		todo[i]=${todo[j]}
		todo[j]=$t
	done
	for t in "${todo[@]}"; do
		pair "${t%%:*}" "${t#*:}" "$n"
		[ "${VERBOSE:-}" = 1 ] && cat "$LOG" >&2
	done
	printf 'round %d/%d done, %d s\n' "$n" "$ROUNDS" $((SECONDS - start_s)) >&2
done

# ------------------------------------------------------------- the table
# median FILE COLUMN SCALE -> the median of that column / SCALE, or empty
median() {
	[ -s "$1" ] || return 0
	awk -v c="$2" '{ print $c }' "$1" | sort -g |
		awk -v s="$3" '{ v[NR] = $1 } END {
			if (NR % 2) m = v[(NR + 1) / 2]; else m = (v[NR / 2] + v[NR / 2 + 1]) / 2;
			printf "%.2f", m / s }'
}
maxcol() { # FILES... -> max of column 3
	cat "$@" 2>/dev/null | awk 'NF { if ($3 > m) m = $3; n++ } END { if (n) printf "%d", m }'
}
ratio() { # A B -> A/B, or -
	if [ -n "$1" ] && [ -n "$2" ] && [ "$1" != fail ] && [ "$2" != fail ] &&
		[ "$1" != - ] && [ "$2" != - ] && awk -v b="$2" 'BEGIN { exit !(b > 0) }'; then
		awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
	else
		echo "-"
	fi
}
cell() { # ROW RT COLUMN SCALE
	if [ -n "${SKIPPED[$2]:-}" ] || [ -n "${CELL_SKIP[$1.$2]:-}" ] || [ -n "${FAILS[$1.$2]:-}" ]; then
		echo fail
	else
		local v
		v=$(median "$W/res/$1.$2" "$3" "$4")
		echo "${v:-fail}"
	fi
}

fmt_head='%-42s | %8s %8s %8s %7s %9s | %8s %8s %8s %7s %9s\n'
fmt_line='%-42s | %8s %8s %8s %7s %9s | %8s %8s %8s %7s %9s\n'
printf '%-42s | %-44s | %-44s\n' "" "wall ms, median of $ROUNDS" "CPU ms (user+sys, child tree), median"
# shellcheck disable=SC2059
printf "$fmt_head" "measurement" lc crun runc lc/crun runc/crun lc crun runc lc/crun runc/crun
printf '%s\n' "$(printf '%.0s-' {1..140})"
for row in "${ROWS[@]}"; do
	declare -A wv=() cv=()
	for rt in "${RTS[@]}"; do
		wv[$rt]=$(cell "$row" "$rt" 1 1000000)
		cv[$rt]=$(cell "$row" "$rt" 2 1000000)
	done
	# shellcheck disable=SC2059
	printf "$fmt_line" "$(row_label "$row")" \
		"${wv[lc]}" "${wv[crun]}" "${wv[runc]}" "$(ratio "${wv[lc]}" "${wv[crun]}")" "$(ratio "${wv[runc]}" "${wv[crun]}")" \
		"${cv[lc]}" "${cv[crun]}" "${cv[runc]}" "$(ratio "${cv[lc]}" "${cv[crun]}")" "$(ratio "${cv[runc]}" "${cv[crun]}")"
done
declare -A rv=()
for rt in "${RTS[@]}"; do
	rv[$rt]=fail
	[ -z "${SKIPPED[$rt]:-}" ] && rv[$rt]=$(maxcol "$W/res/cs.$rt" "$W/res/del.$rt")
	[ -n "${rv[$rt]}" ] || rv[$rt]=fail
done
# shellcheck disable=SC2059
printf "$fmt_line" "$(row_label rss)" \
	"${rv[lc]}" "${rv[crun]}" "${rv[runc]}" "$(ratio "${rv[lc]}" "${rv[crun]}")" "$(ratio "${rv[runc]}" "${rv[crun]}")" \
	"" "" "" "" ""

# Spread: the interquartile range of the wall times, to judge the medians.
echo
echo "spread of wall ms (25th-75th percentile):"
q() { # FILE COL P SCALE
	[ -s "$1" ] || { echo "-"; return; }
	awk -v c="$2" '{ print $c }' "$1" | sort -g |
		awk -v p="$3" -v s="$4" '{ v[NR] = $1 } END { i = int((NR - 1) * p + 0.5) + 1; printf "%.2f", v[i] / s }'
}
spread() { # ROW SCALE
	local line rt f
	line=$(printf '  %-40s' "$(row_label "$1")")
	for rt in "${RTS[@]}"; do
		f=$W/res/$1.$rt
		if [ -s "$f" ]; then
			line+=$(printf '  %s %s-%s' "$rt" "$(q "$f" 1 0.25 "$2")" "$(q "$f" 1 0.75 "$2")")
		else
			line+=$(printf '  %s -' "$rt")
		fi
	done
	echo "$line"
}
for row in "${ROWS[@]}"; do spread "$row" 1e6; done

# What the network adds: row 11 minus row 10 (the setup alone) and row 9
# minus row 1 (setup and teardown in a whole run); same runtime, same
# rounds; differences of medians, so noise shows in them twice.
minus() { # A B -> A-B, or -
	if [ -n "$1" ] && [ -n "$2" ] && [ "$1" != fail ] && [ "$2" != fail ]; then
		awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.2f", a - b }'
	else
		echo "-"
	fi
}
echo
echo "one veth + address + default route, what it adds (ms, differences of medians; lc: its own rtnetlink"
echo "from the org.lc.net annotation; crun, runc: ip(8), 6 commands before and 2 after, around a runtime"
echo "that joins the namespace they set up; target: lc's setup adds < 1 ms):"
printf '  %-5s | %-26s | %-26s\n' "" "setup: row 11 minus row 10" "whole run: row 9 minus row 1"
for rt in "${RTS[@]}"; do
	printf '  %-5s | %8s wall %8s CPU | %8s wall %8s CPU\n' "$rt" \
		"$(minus "$(cell vcr "$rt" 1 1000000)" "$(cell cr "$rt" 1 1000000)")" \
		"$(minus "$(cell vcr "$rt" 2 1000000)" "$(cell cr "$rt" 2 1000000)")" \
		"$(minus "$(cell veth "$rt" 1 1000000)" "$(cell net "$rt" 1 1000000)")" \
		"$(minus "$(cell veth "$rt" 2 1000000)" "$(cell net "$rt" 2 1000000)")"
done

# The seccomp filter: ns per getpid with and without it, per runtime; from
# the loop's elapsed time and, less sensitive to other load on the
# machine, from its CPU time.
echo
echo "seccomp filter: $LOOP_N raw getpid calls in the container, timed by the loop itself (start-up not"
echo "included), ns per call, medians; row 14 with test/seccomp-default.json; target: lc's overhead <= crun's:"
printf '  %-42s | %-44s | %-44s\n' "" "elapsed" "CPU time"
# shellcheck disable=SC2059
printf "  $fmt_line" "" lc crun runc lc/crun runc/crun lc crun runc lc/crun runc/crun
declare -A e0=() e1=() c0=() c1=() eo=() co=()
# shellcheck disable=SC2034 # (read through sc_line's namerefs)
for rt in "${RTS[@]}"; do
	e0[$rt]=$(cell sc0 "$rt" 1 "$LOOP_N") e1[$rt]=$(cell sc1 "$rt" 1 "$LOOP_N")
	c0[$rt]=$(cell sc0 "$rt" 2 "$LOOP_N") c1[$rt]=$(cell sc1 "$rt" 2 "$LOOP_N")
	eo[$rt]=$(minus "${e1[$rt]}" "${e0[$rt]}") co[$rt]=$(minus "${c1[$rt]}" "${c0[$rt]}")
done
sc_line() { # LABEL ELAPSED-ARRAY CPU-ARRAY
	local -n e=$2 c=$3
	# shellcheck disable=SC2059
	printf "  $fmt_line" "$1" \
		"${e[lc]}" "${e[crun]}" "${e[runc]}" "$(ratio "${e[lc]#+}" "${e[crun]#+}")" "$(ratio "${e[runc]#+}" "${e[crun]#+}")" \
		"${c[lc]}" "${c[crun]}" "${c[runc]}" "$(ratio "${c[lc]#+}" "${c[crun]#+}")" "$(ratio "${c[runc]#+}" "${c[crun]#+}")"
}
sc_line "$(row_label sc0)" e0 c0
sc_line "$(row_label sc1)" e1 c1
sc_line "overhead of the filter (14 minus 13)" eo co
echo "  spread of elapsed ns per call (25th-75th percentile):"
for row in "${SC_ROWS[@]}"; do spread "$row" "$LOOP_N"; done

# Failures and notes.
if [ ${#SKIPPED[@]} -gt 0 ] || [ ${#CELL_SKIP[@]} -gt 0 ] || [ ${#FAILS[@]} -gt 0 ]; then
	echo
	echo "fail cells:"
	for rt in "${RTS[@]}"; do
		[ -n "${SKIPPED[$rt]:-}" ] && echo "  $rt: not run: ${SKIPPED[$rt]}"
	done
	for row in "${ROWS[@]}" "${SC_ROWS[@]}"; do
		for rt in "${RTS[@]}"; do
			k=$row.$rt
			[ -n "${CELL_SKIP[$k]:-}" ] && [ -z "${SKIPPED[$rt]:-}" ] &&
				echo "  $rt, $(row_label "$row"): not run: ${CELL_SKIP[$k]}"
			[ -n "${FAILS[$k]:-}" ] || continue
			echo "  $rt, $(row_label "$row"): failed in ${FAILS[$k]} of $ROUNDS rounds; first, ${REASON[$k]}"
		done
	done
fi
if [ ${#NOTES[@]} -gt 0 ]; then
	echo
	echo "notes:"
	for t in "${NOTES[@]}"; do echo "  $t"; done
fi
echo
echo "total time $((SECONDS - start_s)) s; R = a state directory per runtime, B = a bundle per runtime and row"
