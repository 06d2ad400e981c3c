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
# The script builds ./runner (make runner) and bench/measure.c (into its
# temporary directory), then re-runs itself in a private mount namespace
# (unshare -m --propagation private) where /sys/fs/cgroup/unified is
# unmounted, since crun refuses this host's hybrid cgroup layout otherwise;
# there it runs under `measure --reaper`, which reaps and finally kills by
# pid whatever container process would otherwise outlive it.
#
# Everything it makes is removed on exit, Ctrl-C included: its containers
# (delete -f), their state directories, its cgroups (/lcbench/TAG/... in
# every hierarchy) and its temporary directory.
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
ROWS=(net nonet cs del)

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
	export LCBENCH_INNER=1 LCBENCH_W=$W
	trap - EXIT INT TERM
	exec unshare -m --propagation private -- "$W/measure" --reaper -- bash bench/run.sh "$@"
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
NOTES=()               # other things seen (leaks, leftovers)

row_label() {
	case $1 in
	net) echo "1 run /bin/true (default spec, netns)" ;;
	nonet) echo "2 run /bin/true (no network namespace)" ;;
	cs) echo "3 create + start + delete -f (/bin/true)" ;;
	del) echo "4 delete -f of a running container" ;;
	rss) echo "5 runtime peak RSS KiB (rows 3-4)" ;;
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
# config.json per runtime and row. They differ only in linux.cgroupsPath
# (/lcbench/TAG/RUNTIME-ROW) so that a cgroup one runtime leaves behind
# can neither be reused by another nor hide a leak.
spec_rt=runc
[ -n "${SKIPPED[runc]:-}" ] && spec_rt=${BIN[lc]}
RUNTIME=$spec_rt CGNAME=base bash "$REPO/test/mkbundle.sh" "$W/base" >"$LOG" 2>&1 ||
	{ cat "$LOG" >&2; die "test/mkbundle.sh failed"; }
mkdir -p "$W/res" "$W/b"
python3 - "$W/base/config.json" "$W/b" "$W/base/rootfs" "$CGBASE" "${RTS[@]}" <<'EOF' || die "cannot write the bundles"
import json, os, sys
src, out, rootfs, cgbase, rts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
with open(src) as f:
    base = json.load(f)
base["root"] = {"path": rootfs, "readonly": True}
variants = {
    "net": (["/bin/true"], True),
    "nonet": (["/bin/true"], False),
    "cs": (["/bin/true"], True),
    "del-a": (["sleep", "100"], True),
    "del-b": (["sleep", "100"], True),
}
for rt in rts:
    for name, (args, netns) in variants.items():
        c = json.loads(json.dumps(base))
        c["process"]["args"] = args
        c["process"]["terminal"] = False
        lx = c.setdefault("linux", {})
        if not netns:
            lx["namespaces"] = [n for n in lx.get("namespaces", []) if n.get("type") != "network"]
        lx["cgroupsPath"] = "%s/%s-%s" % (cgbase, rt, name)
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
	if [ -n "$left" ]; then
		[ "$quiet" = 1 ] || note_once "$rt, row $row: left behind after the measured commands:$left"
		local id
		for id in "$@"; do
			timeout 20 "${BIN[$rt]}" --root "$W/root-$rt" delete -f "$id" >/dev/null 2>&1
		done
		local v
		for v in "" -a -b; do cg_clean "$CGBASE/$rt-$row$v"; done
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

# Why measure said fail, in words.
why() { # RESULTFILE
	local _f step what
	read -r _f step what _ <"$1" 2>/dev/null || { echo "no result"; return; }
	echo "command $step of the sequence: $what"
}

# One prime + measured pair of ROW for RT in round N.
pair() {
	local row=$1 rt=$2 n=$3
	# (one local per dependent value: `local` expands all its words first)
	local b=${BIN[$2]} R=$W/root-$2 B=$W/b/$2-$1
	local p=b$3-$1-p m=b$3-$1-m
	: >"$LOG"
	mkdir -p "$R"
	case $row in
	net | nonet)
		meas "$W/r.p" -- "$b" --root "$R" run -b "$B" "$p" ||
			{ fail "$row" "$rt" "$n" "$b --root R run -b B ID" "$(why "$W/r.p")"; QUIET=1 check_left "$row" "$rt" "$p"; return; }
		meas "$W/r.m" -- "$b" --root "$R" run -b "$B" "$m" ||
			{ fail "$row" "$rt" "$n" "$b --root R run -b B ID" "$(why "$W/r.m")"; QUIET=1 check_left "$row" "$rt" "$m"; return; }
		keep "$row" "$rt" "$W/r.m"
		check_left "$row" "$rt" "$p" "$m"
		;;
	cs)
		local id
		for id in "$p" "$m"; do
			meas "$W/r.$id" -- "$b" --root "$R" create -b "$B" "$id" \
				--- "$b" --root "$R" start "$id" \
				--- "$b" --root "$R" delete -f "$id" ||
				{ fail "$row" "$rt" "$n" "$b --root R create -b B ID; start ID; delete -f ID" "$(why "$W/r.$id")"
				  QUIET=1 check_left "$row" "$rt" "$p" "$m"; return; }
		done
		keep "$row" "$rt" "$W/r.$m"
		check_left "$row" "$rt" "$p" "$m"
		;;
	del)
		# Unmeasured: two running containers (sleep 100), in their own cgroups.
		local id v
		for v in a:"$p" b:"$m"; do
			id=${v#*:}
			echo "+ create/start $id" >>"$LOG"
			local what=create rc=0
			timeout "$TIMEOUT" "$b" --root "$R" create -b "$B-${v%%:*}" "$id" </dev/null >>"$LOG" 2>&1 || rc=$?
			[ $rc = 0 ] && { what=start; timeout "$TIMEOUT" "$b" --root "$R" start "$id" </dev/null >>"$LOG" 2>&1 || rc=$?; }
			[ $rc = 0 ] ||
				{ [ $rc = 124 ] && rc="timeout-${TIMEOUT}s" || rc="exit-$rc"
				  fail "$row" "$rt" "$n" "$b --root R create -b B ID; start ID (unmeasured setup)" "$what: $rc"
				  QUIET=1 check_left "$row" "$rt" "$p" "$m"; return; }
		done
		meas "$W/r.p" -- "$b" --root "$R" delete -f "$p" ||
			{ fail "$row" "$rt" "$n" "$b --root R delete -f ID" "$(why "$W/r.p")"; QUIET=1 check_left "$row" "$rt" "$p" "$m"; return; }
		meas "$W/r.m" -- "$b" --root "$R" delete -f "$m" ||
			{ fail "$row" "$rt" "$n" "$b --root R delete -f ID" "$(why "$W/r.m")"; QUIET=1 check_left "$row" "$rt" "$p" "$m"; return; }
		keep "$row" "$rt" "$W/r.m"
		check_left "$row" "$rt" "$p" "$m"
		;;
	esac
}

start_s=$SECONDS
for ((n = 1; n <= ROUNDS; n++)); do
	# Every (row, runtime) pair once per round, in a fresh random order.
	todo=()
	for row in "${ROWS[@]}"; do
		for rt in "${RTS[@]}"; do
			[ -z "${SKIPPED[$rt]:-}" ] && todo+=("$row:$rt")
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
		awk -v b="$2" 'BEGIN { exit !(b > 0) }'; then
		awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
	else
		echo "-"
	fi
}
cell() { # ROW RT COLUMN SCALE
	if [ -n "${SKIPPED[$2]:-}" ] || [ -n "${FAILS[$1.$2]:-}" ]; then
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
q() { # FILE COL P
	[ -s "$1" ] || { echo "-"; return; }
	awk -v c="$2" '{ print $c }' "$1" | sort -g |
		awk -v p="$3" '{ v[NR] = $1 } END { i = int((NR - 1) * p + 0.5) + 1; printf "%.2f", v[i] / 1e6 }'
}
for row in "${ROWS[@]}"; do
	line=$(printf '  %-40s' "$(row_label "$row")")
	for rt in "${RTS[@]}"; do
		f=$W/res/$row.$rt
		if [ -s "$f" ]; then
			line+=$(printf '  %s %s-%s' "$rt" "$(q "$f" 1 0.25)" "$(q "$f" 1 0.75)")
		else
			line+=$(printf '  %s -' "$rt")
		fi
	done
	echo "$line"
done

# Failures and notes.
if [ ${#SKIPPED[@]} -gt 0 ] || [ ${#FAILS[@]} -gt 0 ]; then
	echo
	echo "fail cells:"
	for rt in "${RTS[@]}"; do
		[ -n "${SKIPPED[$rt]:-}" ] && echo "  $rt: not run: ${SKIPPED[$rt]}"
	done
	for row in "${ROWS[@]}"; do
		for rt in "${RTS[@]}"; do
			k=$row.$rt
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
