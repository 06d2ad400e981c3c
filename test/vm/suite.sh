#!/bin/bash
# Inside the cgroup v2 test VM (run by its init): checks that this is a pure
# cgroup v2 host, then runs test_api and the integration suite against the
# runner. In the SELinux VM (/lc/selinux.policy there, run.sh's
# LSM=selinux) it checks that SELinux enforces that policy instead of
# running test_api. Prints "@@lcvm begin", the results, and one closing line
# "@@lcvm end PASSED FAILED SKIPPED" that test/vm/run.sh reads.
#
# /lc/vm.env (written by run.sh) sets FILTER, TEST_TIMEOUT and VERBOSE, or
# SCRIPT: a script to run instead of the tests (run.sh's VM_SCRIPT).
# Integration tests named in /lc/test/vm/known-failing are not run: each is
# reported as skipped with its reason.
set -u
exec 3<&- # init's fd to the initramfs: PID 1 keeps it (LC_TEST_INITRAMFS)
export LC_ALL=C PATH=/usr/bin:/bin:/usr/sbin:/sbin
# plain emulation (TCG) runs containers several times slower than the host
export LC_TEST_SLOW=6
FILTER='' TEST_TIMEOUT=60 VERBOSE='' SCRIPT=''
# shellcheck source=/dev/null
. /lc/vm.env
pass=0 fail=0 skip=0
now_ms() { local u; read -r u _ </proc/uptime; u=${u/./}; echo "${u}0"; }
secs_since() { local d=$(($(now_ms) - $1)); printf '%d.%d' $((d / 1000)) $((d % 1000 / 100)); }

echo "@@lcvm begin"
echo "# booted: kernel $(uname -r), up $(secs_since 0) s"
if [ -n "$SCRIPT" ]; then # run.sh's VM_SCRIPT, instead of the tests
	bash "$SCRIPT" 2>&1
	echo "@@lcvm end 0 0 0"
	exit 0
fi

# ---- a pure cgroup v2 host, every controller enabled for the root's children
fstype=$(stat -f -c %T /sys/fs/cgroup)
v1=$(awk '$3 == "cgroup" { print $2 }' /proc/mounts | tr '\n' ' ')
ctl=$(cat /sys/fs/cgroup/cgroup.subtree_control)
if [ "$fstype" = cgroup2fs ] && [ -z "$v1" ] && [ "$ctl" = "$(cat /sys/fs/cgroup/cgroup.controllers)" ]; then
	echo "ok - vm is a pure cgroup v2 host (controllers: $ctl)"
	pass=$((pass + 1))
else
	echo "not ok - vm is a pure cgroup v2 host: /sys/fs/cgroup is $fstype, v1 mounts: [$v1], subtree_control: [$ctl]"
	echo "@@lcvm end $pass 1 $skip"
	exit 0
fi

# ---- the SELinux VM: init loaded lc's policy and enforces it
if [ -e /lc/selinux.policy ]; then
	enforce=$(cat /sys/fs/selinux/enforce 2>&1)
	ctx=$(tr -d '\0' </proc/self/attr/current)
	if [ "$enforce" = 1 ] && [ "$ctx" = "system_u:system_r:kernel_t:s0-s0:c0.c3" ]; then
		echo "ok - vm enforces lc's SELinux policy (this shell runs as $ctx)"
		pass=$((pass + 1))
	else
		echo "not ok - vm enforces lc's SELinux policy: enforce [$enforce], this shell's context [$ctx]"
		echo "@@lcvm end $pass 1 $skip"
		exit 0
	fi
fi

# ---- test_api (cmocka), not in the SELinux VM
if [ ! -e /lc/selinux.policy ]; then
	t0=$(now_ms)
	echo "# test_api"
	(cd /tmp && ASAN_OPTIONS=detect_leaks=1 /lc/test_api) >/tmp/api.log 2>&1
	rc=$?
	cat /tmp/api.log
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' /tmp/api.log)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p' /tmp/api.log)
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test(s), listed below:/\1/p' /tmp/api.log)
	pass=$((pass + ${p:-0})) fail=$((fail + ${f:-0})) skip=$((skip + ${s:-0}))
	if [ "$rc" != 0 ] && [ -z "$f" ]; then
		echo "not ok - test_api exited $rc without a count of failures"
		fail=$((fail + 1))
	fi
	echo "# test_api took $(secs_since "$t0") s"
fi

# ---- the integration suite, less the known failures
declare -A known=()
while IFS= read -r line; do
	case $line in '#'* | '') continue ;; esac
	known[${line%%:*}]=${line#*: }
done </lc/test/vm/known-failing
# Tests of the runner's own input checks and of the escape classes behave
# the same on any kernel and cgroup version: they run on the host (make
# check-integration), not here, where each costs seconds of emulation (the
# symlink race alone runs 40 containers).  A FILTER naming them runs them.
HOST_ONLY='^t_(escape_|invalid_id_|truncated_config|config_field_of_wrong_type|relative_mount_destination|mount_of_unknown_filesystem|bind_mount_with_missing_source|missing_(absolute_)?binary|overlapping_id_ranges|seccomp_bad_action|create_waits_for_its_hooks_even_with_sigchld_ignored)'
run=() host_only=0
for name in $(grep -oE '^t_[a-z0-9_]+\(\)' /lc/test/integration.sh | tr -d '()'); do
	pretty=${name#t_}
	pretty=${pretty//_/ }
	[ -z "$FILTER" ] || [[ $name =~ $FILTER ]] || [[ $pretty =~ $FILTER ]] || continue
	if [ -z "$FILTER" ] && [[ $name =~ $HOST_ONLY ]]; then
		host_only=$((host_only + 1))
		continue
	fi
	if [ -n "${known[$name]:-}" ]; then
		echo "skip - $pretty: known failing on v2: ${known[$name]}"
		skip=$((skip + 1))
	else
		run+=("$name")
	fi
done
if [ ${#run[@]} = 0 ]; then
	echo "# integration: no test to run"
else
	t0=$(now_ms)
	re="^($(IFS='|'; echo "${run[*]}"))\$"
	echo "# integration (${#run[@]} tests, TEST_TIMEOUT=$TEST_TIMEOUT; $host_only run on the host only)"
	counted=
	# shown as they come; the suite's own count line is folded into ours
	while IFS= read -r line; do
		if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]]; then
			pass=$((pass + BASH_REMATCH[1])) fail=$((fail + BASH_REMATCH[2]))
			skip=$((skip + BASH_REMATCH[3])) counted=1
			echo "# integration: ${line}"
		else
			echo "$line"
		fi
	done < <(RUNTIME=/lc/runner ASAN_OPTIONS=detect_leaks=1 TEST_TIMEOUT=$TEST_TIMEOUT \
		VERBOSE=$VERBOSE bash /lc/test/integration.sh "$re" </dev/null 2>&1)
	wait $!
	rc=$?
	if [ -z "$counted" ]; then
		echo "not ok - integration.sh exited $rc without its count line"
		fail=$((fail + 1))
	fi
	echo "# integration took $(secs_since "$t0") s"
fi
echo "@@lcvm end $pass $fail $skip"
