#!/bin/bash
# mkbundle.sh DIR [ROOTFS]
#
# Makes an OCI bundle at DIR: DIR/config.json from `${RUNTIME:-runc} spec`,
# edited for tests (terminal false, args ["sh"], cgroupsPath /lctest/NAME
# where NAME is ${CGNAME:-$(basename DIR)}), and a busybox-static root
# filesystem.
#
# Without ROOTFS the root filesystem is built at DIR/rootfs and root.path is
# "rootfs". With ROOTFS (an existing directory made by an earlier call) no
# rootfs is built and root.path is the absolute path of ROOTFS, so that many
# bundles can share one rootfs cheaply.
#
# The rootfs holds bin/busybox with a symlink per applet in bin/, the
# directories proc sys dev etc tmp root mnt, and etc/passwd + etc/group with
# root, nobody (65534), lcuser (1000:1000) and lcgroup (1001, lcuser a member).
# shellcheck disable=SC2015
set -eu

usage() { echo "usage: $0 DIR [ROOTFS]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
dir=$1
shared=${2:-}

runtime=${RUNTIME:-runc}
case $runtime in
	*/*) runtime=$(realpath -- "$runtime") ;;
	*) runtime=$(command -v -- "$runtime") || { echo "$0: runtime '$RUNTIME' not found" >&2; exit 1; } ;;
esac

busybox=/bin/busybox
is_static() { ! LC_ALL=C grep -qa -e '/ld-linux' -e '/ld-musl' "$1"; }
if ! [ -x "$busybox" ] || ! is_static "$busybox"; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 &&
			  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null 2>&1; } || true
	fi
	{ [ -x "$busybox" ] && is_static "$busybox"; } ||
		{ echo "$0: need a static $busybox (Debian package busybox-static)" >&2; exit 1; }
fi

mkdir -p -- "$dir"
dir=$(realpath -- "$dir")

if [ -n "$shared" ]; then
	[ -x "$shared/bin/busybox" ] || { echo "$0: $shared is not a rootfs made by $0" >&2; exit 1; }
	rootpath=$(realpath -- "$shared")
else
	rootfs=$dir/rootfs
	rm -rf -- "$rootfs"
	mkdir -p -- "$rootfs"/{bin,proc,sys,dev,etc,tmp,root,mnt}
	chmod 1777 "$rootfs/tmp"
	chmod 0700 "$rootfs/root"
	cp -- "$busybox" "$rootfs/bin/busybox"
	(
		cd "$rootfs/bin"
		for applet in $("$busybox" --list); do
			[ "$applet" = busybox ] || ln -sf busybox "$applet"
		done
	)
	cat >"$rootfs/etc/passwd" <<-'EOF'
	root:x:0:0:root:/root:/bin/sh
	lcuser:x:1000:1000:lc test user:/tmp:/bin/sh
	nobody:x:65534:65534:nobody:/nonexistent:/bin/false
	EOF
	cat >"$rootfs/etc/group" <<-'EOF'
	root:x:0:
	lcuser:x:1000:
	lcgroup:x:1001:lcuser
	nogroup:x:65534:
	EOF
	rootpath=rootfs
fi

# `spec` refuses to overwrite config.json: run it in an empty directory.
tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
(cd "$tmp" && "$runtime" spec) || { echo "$0: '$runtime spec' failed" >&2; exit 1; }
[ -s "$tmp/config.json" ] || { echo "$0: '$runtime spec' wrote no config.json" >&2; exit 1; }

CGPATH="/lctest/${CGNAME:-$(basename -- "$dir")}" ROOTPATH=$rootpath \
python3 - "$tmp/config.json" "$dir/config.json" <<-'EOF'
	import json, os, sys
	with open(sys.argv[1]) as f:
	    c = json.load(f)
	p = c.setdefault("process", {})
	p["terminal"] = False
	p["args"] = ["sh"]
	c["root"] = {"path": os.environ["ROOTPATH"], "readonly": True}
	c.setdefault("linux", {})["cgroupsPath"] = os.environ["CGPATH"]
	with open(sys.argv[2] + ".tmp", "w") as f:
	    json.dump(c, f, indent=1)
	os.rename(sys.argv[2] + ".tmp", sys.argv[2])
EOF
