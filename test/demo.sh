#!/bin/bash
# make demo: build a busybox bundle with `runner spec`, run one container
# in it and show what it sees, then clean up.  Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
	echo "demo: run as root (containers need CAP_SYS_ADMIN)" >&2
	exit 1
fi
d=$(mktemp -d /tmp/lc-demo.XXXXXX)
trap 'rm -rf -- "$d"' EXIT
CGNAME=demo RUNTIME=$PWD/runner bash test/mkbundle.sh "$d/bundle" >/dev/null
python3 - "$d/bundle/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["hostname"] = "lc-demo"
c["process"]["args"] = ["sh", "-c",
    "echo \"hello from $(hostname), pid $$ in its own pid namespace\"; "
    "echo 'processes:'; ps; echo 'mounts:'; cut -d' ' -f2,3 /proc/mounts | head -8; "
    "grep -E '^Cap(Eff|Bnd)' /proc/self/status; ip -o link show lo"]
json.dump(c, open(sys.argv[1], "w"), indent=1)
PY
echo "+ runner --root $d/state run -b $d/bundle demo"
./runner --root "$d/state" run -b "$d/bundle" demo
echo "demo: container exited with status $?"
