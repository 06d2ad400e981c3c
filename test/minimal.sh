#!/bin/bash
# The minimal runner (make check-minimal builds it with RUNNER_MINIMAL and
# every LC_NO_* switch): the commands it leaves out each fail with one
# clear line and exit 1; the others are there.
#
#   bash test/minimal.sh RUNNER
set -u
R=$1
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
pass=0 fail=0
check() { # name, then the command's exit status, then what its output must have
	local name=$1 rc=$2 want=$3 got=$4
	if [ "$rc" = "${want%%:*}" ] && grep -qF -- "${want#*:}" <<<"$got"; then
		echo "ok - $name"; pass=$((pass + 1))
	else
		echo "not ok - $name: exit $rc, output: $got"; fail=$((fail + 1))
	fi
}
for c in ps update events checkpoint restore spec; do
	out=$("$R" --root "$D/root" "$c" x 2>&1); rc=$?
	check "minimal runner: $c is not in this build" "$rc" \
		"1:$c: not in this build (RUNNER_MINIMAL)" "$out"
done
out=$("$R" --help 2>&1); rc=$?
check "minimal runner: help lists the commands" "$rc" "0:  checkpoint (not in this build)" "$out"
out=$("$R" run --help 2>&1); rc=$?
check "minimal runner: run's help lists its options (without meanings)" "$rc" \
	"0:  -b, --bundle DIR" "$out"
out=$("$R" --root "$D/root" features 2>&1); rc=$?
check "minimal runner: features" "$rc" '0:"ociVersionMax"' "$out"
out=$("$R" --root "$D/root" state nosuch 2>&1); rc=$?
check "minimal runner: state of a missing container" "$rc" "1:nosuch" "$out"
# LC_NO_ERRMSG: errno's number in place of its text
out=$("$R" --root "$D/root" run -b "$D/nosuch" t0 2>&1); rc=$?
check "minimal runner: errno as a number (LC_NO_ERRMSG)" "$rc" \
	"1:open $D/nosuch/config.json: errno 2" "$out"
# LC_NO_TERMINAL: a process with a terminal is refused before anything is made
mkdir -p "$D/b/rootfs"
printf '%s' '{"ociVersion":"1.0.2","root":{"path":"rootfs"},"process":{"terminal":true,"args":["sh"],"cwd":"/"},"linux":{"namespaces":[{"type":"mount"}]}}' >"$D/b/config.json"
out=$("$R" --root "$D/root" run -b "$D/b" t1 2>&1); rc=$?
check "minimal runner: a terminal is refused (LC_NO_TERMINAL)" "$rc" \
	"1:process.terminal: terminals are not supported: built with LC_NO_TERMINAL" "$out"
left=$(ls -A "$D/root" 2>/dev/null)
check "minimal runner: the refused terminal left no state" "${#left}" "0:" "$left"
echo "$pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
