#!/bin/bash
# summary.sh LOG...: add up the counts that cmocka suites, integration.sh
# and the test VMs (test/vm/run.sh: "cgroup v2 VM: N passed, ...", and
# with LSM=selinux "SELinux VM: N passed, ...") printed in their logs and print one closing line,
# "all suites: N passed, N failed, N skipped".
pass=0 fail=0 skip=0
for log in "$@"; do
	while IFS= read -r line; do
		case $line in
		"[  PASSED  ] "*) n=${line#*] }; pass=$((pass + ${n%% *})) ;;
		"[  FAILED  ] "*" test(s), listed below:") n=${line#*] }; fail=$((fail + ${n%% *})) ;;
		"[  SKIPPED ] "*" test(s), listed below:") n=${line#*] }; skip=$((skip + ${n%% *})) ;;
		[0-9]*" passed, "*" failed, "*" skipped")
			set -- $line
			pass=$((pass + $1)) fail=$((fail + $3)) skip=$((skip + $5)) ;;
		"cgroup v2 VM: "[0-9]*" passed, "*" failed, "*" skipped" | \
			"SELinux VM: "[0-9]*" passed, "*" failed, "*" skipped")
			set -- ${line#*VM: }
			pass=$((pass + $1)) fail=$((fail + $3)) skip=$((skip + $5)) ;;
		esac
	done <"$log"
done
echo "all suites: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
