#!/bin/bash
# test/vm/run.sh: run test_api and the integration suite on a pure cgroup v2
# host, a qemu VM (plain TCG emulation) booting Debian's kernel with an
# initramfs made here. See test/vm/README.md.
#
#   bash test/vm/run.sh [FILTER]      (as root; make check-v2 does this)
#   LSM=selinux bash test/vm/run.sh [FILTER]      (make check-lsm)
#
# FILTER (an extended regex, as for integration.sh) picks the integration
# tests; empty: all of them but the ones listed in test/vm/known-failing.
# LSM=selinux boots the same VM with SELinux instead of AppArmor, enforcing
# test/vm/lc-test.cil (compiled here with secilc), and runs only the
# integration tests named selinux (FILTER empty), without test_api.
# Environment: VM_TIMEOUT (seconds for the whole VM, 1800), VM_TEST_TIMEOUT
# (per integration test inside the VM, 60), VERBOSE=1 (logs of failed tests),
# RUNTIME_BIN and API_BIN (the runner and test_api to copy in; default the
# ASan builds, made with make), VM_SCRIPT (a bash script to run in the VM
# instead of the suite, to look around by hand; its output is shown).
#
# Output: the VM's results, indented, then one line
# "cgroup v2 VM: N passed, N failed, N skipped" ("SELinux VM: ..." with
# LSM=selinux), which test/summary.sh counts.
# When the VM cannot run here (no qemu and no way to install it, no kernel
# package) it says why and counts as one skipped test. Exit status 1 if
# anything failed.
set -uo pipefail
export LC_ALL=C
LSM=${LSM:-}
case $LSM in
"") TAG="cgroup v2 VM" ;;
selinux) TAG="SELinux VM" ;;
*) echo "run.sh: LSM=$LSM: expected selinux or nothing" >&2; exit 2 ;;
esac
TOP=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=$TOP/build
VM=$BUILD/vm                # downloads; the cgroup v2 VM's files
OUT=$VM${LSM:+/$LSM}        # this boot's files (the SELinux VM's: build/vm/selinux)
R=$OUT/root                 # the initramfs tree
INITRD=$OUT/initramfs.cpio.gz
FILTER=${1:-}
[ -n "$FILTER" ] || [ -z "$LSM" ] || FILTER=selinux
VM_TIMEOUT=${VM_TIMEOUT:-1800}
RUNTIME_BIN=${RUNTIME_BIN:-$BUILD/runner-asan}
API_BIN=${API_BIN:-$BUILD/test_api}
# the host's Debian programs, never a PATH shim (pyenv and the like)
SYSPATH=/usr/sbin:/usr/bin:/sbin:/bin

skipped() {
	echo "skip - $TAG: $*"
	echo "$TAG: 0 passed, 0 failed, 1 skipped"
	exit 0
}
failed() {
	echo "not ok - $TAG: $*"
	echo "$TAG: 0 passed, 1 failed, 0 skipped"
	exit 1
}
note() { echo "# vm: $*"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
secs_since() { # MS: seconds since then, one decimal
	local d=$(($(now_ms) - $1))
	printf '%d.%d' $((d / 1000)) $((d % 1000 / 100))
}

# ------------------------------------------------------- host packages
# Debian packages the harness needs on the host, installed when missing.
need_pkgs() {
	local p missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} = 0 ] && return 0
	[ "$(id -u)" = 0 ] || return 1
	note "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$VM/apt.log" 2>&1 ||
		{ apt-get update -qq >>"$VM/apt.log" 2>&1 &&
		  apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$VM/apt.log" 2>&1; }
}

mkdir -p "$VM" "$OUT" || failed "cannot make $OUT"
command -v dpkg-query >/dev/null && command -v apt-get >/dev/null ||
	skipped "not a Debian host (no apt-get): cannot get qemu and Debian's kernel"
[ -e /dev/null ] && [ -d /proc/self ] || skipped "no /dev or /proc here"
need_pkgs qemu-system-x86 cpio busybox-static python3 ||
	skipped "missing Debian packages (qemu-system-x86 cpio busybox-static python3) and cannot install them: $(tail -n2 "$VM/apt.log" 2>/dev/null | tr '\n' ' ')"
QEMU=$(PATH=$SYSPATH command -v qemu-system-x86_64) || skipped "qemu-system-x86_64 not found after installing qemu-system-x86"

# ------------------------------------------------------ Debian's kernel
# The package linux-image-amd64 depends on, unpacked (its /boot, the
# netfilter, IP and socket-diag modules criu loads, veth, and the link kinds
# the network tests make: dummy, macvlan, ipvlan, bridge) into
# build/vm/kernel/PACKAGE; an earlier download is reused.
kernel_pkg() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}
first() { # PATH...: the first that exists (a glob that matched)
	local f
	for f in "$@"; do [ -e "$f" ] && { echo "$f"; return 0; }; done
	return 1
}
apt_download() { # PKG DIR: PKG's .deb into DIR, with the package lists updated if need be
	# as root apt would hand the download to the _apt user, who cannot write here
	(cd "$2" && apt-get download -o APT::Sandbox::User=root "$1") >>"$VM/apt.log" 2>&1 ||
		{ apt-get update -qq >>"$VM/apt.log" 2>&1 &&
		  (cd "$2" && apt-get download -o APT::Sandbox::User=root "$1") >>"$VM/apt.log" 2>&1; }
}
get_kernel() {
	local pkg dir deb
	pkg=$(kernel_pkg)
	if [ -z "$pkg" ]; then
		apt-get update -qq >"$VM/apt.log" 2>&1
		pkg=$(kernel_pkg)
	fi
	if [ -z "$pkg" ]; then # offline: an earlier download will do
		KERNEL=$(first "$VM"/kernel/*/boot/vmlinuz-*)
		return
	fi
	dir=$VM/kernel/$pkg
	KERNEL=$(first "$dir"/boot/vmlinuz-*) && [ -e "$dir/.modules4" ] && return 0
	rm -rf "$VM/dl" && mkdir -p "$VM/dl" || return 1
	note "downloading $pkg (what linux-image-amd64 depends on)"
	apt_download "$pkg" "$VM/dl" || return 1
	deb=$(first "$VM"/dl/*.deb) || return 1
	# dpkg -x of /boot and the net modules criu needs with what they
	# depend on (nf_tables and nf_conntrack: libcrc32c, which asks the
	# crypto API for crc32c), and the link kinds the network tests make
	# (dummy parents, macvlan, ipvlan, bridge with stp and llc); all the
	# modules are 400 MB unpacked
	rm -rf "$dir.tmp" && mkdir -p "$dir.tmp" &&
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir.tmp" --wildcards './boot/*' \
			'./lib/modules/*/kernel/net/netfilter/*' './lib/modules/*/kernel/net/ipv4/*' \
			'./lib/modules/*/kernel/net/ipv6/*' './lib/modules/*/kernel/net/unix/*' \
			'./lib/modules/*/kernel/net/netlink/*' './lib/modules/*/kernel/net/packet/*' \
			'./lib/modules/*/kernel/drivers/net/veth.ko*' './lib/modules/*/kernel/lib/libcrc32c.ko*' \
			'./lib/modules/*/kernel/drivers/net/dummy.ko*' './lib/modules/*/kernel/drivers/net/macvlan.ko*' \
			'./lib/modules/*/kernel/drivers/net/ipvlan/*' './lib/modules/*/kernel/net/bridge/bridge.ko*' \
			'./lib/modules/*/kernel/net/802/*' './lib/modules/*/kernel/net/llc/*' \
			'./lib/modules/*/kernel/crypto/crc32c_generic.ko*' \
			'./lib/modules/*/kernel/arch/x86/crypto/crc32c-intel.ko*' './lib/modules/*/modules.builtin*' \
			'./lib/modules/*/modules.order' &&
		touch "$dir.tmp/.modules4" && rm -rf "$dir" && mv "$dir.tmp" "$dir" && rm -rf "$VM/dl" || return 1
	KERNEL=$(first "$dir"/boot/vmlinuz-*)
}
get_kernel || skipped "cannot get Debian's kernel package: $(tail -n2 "$VM/apt.log" 2>/dev/null | tr '\n' ' ')"

# ------------------------------------------------------- the LSMs' tools
# AppArmor (the cgroup v2 VM's LSM, Debian's default): Debian's
# apparmor_parser, which needs only libc, for the test that loads
# test/vm/lc-test.apparmor; unpacked from the apparmor package into
# build/vm/apparmor (never installed here), reused later.
get_apparmor() {
	local deb
	AA_PARSER=$VM/apparmor/sbin/apparmor_parser
	[ -x "$AA_PARSER" ] && return 0
	rm -rf "$VM/dl" "$VM/apparmor.tmp" && mkdir -p "$VM/dl" "$VM/apparmor.tmp" || return 1
	apt_download apparmor "$VM/dl" && deb=$(first "$VM"/dl/apparmor_*.deb) &&
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$VM/apparmor.tmp" ./sbin/apparmor_parser &&
		rm -rf "$VM/apparmor" && mv "$VM/apparmor.tmp" "$VM/apparmor" && rm -rf "$VM/dl"
}
# SELinux (LSM=selinux): test/vm/lc-test.cil compiled by Debian's secilc,
# as a version 33 policy, the newest Linux 6.1 reads.
AA_PARSER=
if [ "$LSM" = selinux ]; then
	need_pkgs secilc ||
		skipped "missing the Debian package secilc and cannot install it: $(tail -n2 "$VM/apt.log" 2>/dev/null | tr '\n' ' ')"
	secilc -c 33 -o "$OUT/lc-test.policy" -f /dev/null "$TOP/test/vm/lc-test.cil" >"$OUT/secilc.log" 2>&1 ||
		failed "secilc test/vm/lc-test.cil: $(tail -n3 "$OUT/secilc.log" | tr '\n' ' ')"
elif ! get_apparmor; then
	AA_PARSER=
	note "no apparmor_parser (package apparmor): the AppArmor profile test will skip in the VM"
fi

# ----------------------------------------------------- the initramfs tree
# Programs come from the host with the libraries ldd lists, at the same
# paths (the tree is merged-usr: /lib and /lib64 point into /usr).
add_libs() { # BINARY
	local lib
	for lib in $(ldd "$1" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		[ -e "$R$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$R$lib" || return 1
	done
}
add_file() { # SRC DEST (DEST a path inside the VM)
	install -D -m "$(stat -L -c %a "$1")" "$(readlink -f "$1")" "$R$2" && add_libs "$1"
}
add_prog() { # NAME DIR: the host's program NAME, as DIR/NAME
	local p
	p=$(PATH=$SYSPATH command -v "$1") || { echo "host program $1 not found" >&2; return 1; }
	add_file "$p" "$2/$1"
}

# GNU programs that integration.sh and mkbundle.sh use outside containers
# (busybox's differ in options: timeout -k, rm --one-file-system, stat -L -c),
# and tar, which criu runs for the contents of a container's tmpfs mounts.
GNU_PROGS="bash basename cat chmod cp cut date dirname env grep head id ln ls
mkdir mkfifo mktemp mv readlink realpath rm rmdir sed sleep sort stat tail tee
timeout touch tr uname wc find unshare tar"

# The modules python3 loads for integration.sh's snippets (json, os, sys,
# ctypes) and test/ttytool.py, read off the host's python3, and their extension libraries.
py_modules() {
	env -i LC_ALL=C HOME=/ "$PY" -c '
import sys, json, os, ctypes, encodings.ascii, encodings.latin_1, encodings.utf_8
import array, fcntl, select, socket, struct, termios, time
for m in list(sys.modules.values()):
    f = getattr(m, "__file__", None)
    if f: print(f)'
}

build_tree() {
	local f p py
	rm -rf "$R" && mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,usr/lib,usr/lib64,proc,sys,dev,tmp,run,etc,root,lc/test/vm} || return 1
	ln -s usr/lib "$R/lib" && ln -s usr/lib64 "$R/lib64" || return 1
	# busybox: /bin/sh and every applet in /bin; GNU programs in /usr/bin
	# come first in PATH
	cp /bin/busybox "$R/bin/busybox" || return 1
	for p in $(/bin/busybox --list); do
		[ "$p" = busybox ] || ln -s busybox "$R/bin/$p"
	done
	for p in $GNU_PROGS; do add_prog "$p" /usr/bin || return 1; done
	rm -f "$R/bin/bash" && ln -s ../usr/bin/bash "$R/bin/bash" || return 1
	add_file "$(PATH=$SYSPATH command -v mawk)" /usr/bin/awk || return 1
	# python3
	PY=$(readlink -f /usr/bin/python3) || return 1
	py=$(basename "$PY")
	add_file "$PY" "/usr/bin/$py" && ln -s "$py" "$R/usr/bin/python3" || return 1
	f=$(py_modules) || { echo "$PY cannot list its modules" >&2; return 1; }
	for f in $f; do
		case $f in
		/usr/lib/python3*/*) add_file "$f" "$f" || return 1 ;;
		esac
	done
	# compiled once here, checked by hash only: no stale-mtime recompiles
	"$PY" -m compileall -q -s "$R" -p / --invalidation-mode unchecked-hash "$R/usr/lib/$py" >/dev/null || return 1
	# the LSM's: SELinux's policy, which init loads, or apparmor_parser
	if [ "$LSM" = selinux ]; then
		cp "$OUT/lc-test.policy" "$R/lc/selinux.policy" || return 1
	elif [ -n "$AA_PARSER" ]; then
		add_file "$AA_PARSER" /usr/sbin/apparmor_parser || return 1
		mkdir -p "$R/etc/apparmor" &&
			echo '# the parser reads the kernel features from securityfs' >"$R/etc/apparmor/parser.conf" || return 1
	fi
	# criu (Debian's) for the checkpoint tests, with iproute2's ip (criu
	# runs `ip ... save`), iptables, and the net modules its network locking loads
	# (nf_tables), with a modules.dep for busybox's modprobe
	if [ -n "$CRIU_PROG" ]; then
		add_prog criu /usr/sbin || return 1
		add_file "$(PATH=$SYSPATH command -v ip)" /usr/bin/ip || return 1
		# its network lock runs iptables (Debian's: nft-based, hence nf_tables)
		for p in iptables iptables-restore iptables-save ip6tables ip6tables-restore \
			ip6tables-save; do
			add_file "$(PATH=$SYSPATH command -v "$p")" "/usr/sbin/$p" || return 1
		done
		# and its extensions (the mark match of criu's rules), which it dlopens
		for f in /usr/lib/*/xtables/*.so; do
			add_file "$f" "$f" || return 1
		done
		for f in "$KDIR"/lib/modules/*; do
			[ -d "$f" ] || continue
			mkdir -p "$R/lib/modules" && cp -a "$f" "$R/lib/modules/" || return 1
			depmod -b "$R" "$(basename "$f")" || return 1
		done
	fi
	# the project's binaries and tests
	add_file "$RUNTIME_BIN" /lc/runner || return 1
	[ -n "$LSM" ] || add_file "$API_BIN" /lc/test_api || return 1
	cp "$TOP"/test/{integration.sh,mkbundle.sh,ttytool.py,seccomp-default.json} "$R/lc/test/" &&
		cp "$TOP"/test/vm/{suite.sh,known-failing,lc-test.apparmor} "$R/lc/test/vm/" &&
		cp "$TOP/test/vm/init" "$R/init" && chmod 755 "$R/init" || return 1
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$R/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$R/etc/group"
	# what suite.sh reads: the filter and timeouts
	{
		printf 'FILTER=%q\n' "$FILTER"
		printf 'TEST_TIMEOUT=%q\n' "${VM_TEST_TIMEOUT:-60}"
		printf 'VERBOSE=%q\n' "${VERBOSE:-}"
		[ -z "${VM_SCRIPT:-}" ] || printf 'SCRIPT=/lc/script.sh\n'
	} >"$R/lc/vm.env"
	[ -z "${VM_SCRIPT:-}" ] || cp "$VM_SCRIPT" "$R/lc/script.sh" || return 1
}

# criu in the VM when Debian's package can be had (its tests skip otherwise);
# not in the SELinux VM, which runs no checkpoint test
CRIU_PROG=
if [ -n "$LSM" ]; then
	:
elif need_pkgs criu kmod iproute2 iptables; then
	CRIU_PROG=$(PATH=$SYSPATH command -v criu) || CRIU_PROG=
else
	note "no criu package: the checkpoint tests will skip in the VM"
fi
KDIR=$(dirname "$(dirname "$KERNEL")")
bins=("$RUNTIME_BIN")
[ -n "$LSM" ] || bins+=("$API_BIN") # the SELinux VM runs no test_api
for f in "${bins[@]}"; do
	[ -x "$f" ] || failed "$f is missing (make check-v2 builds it)"
done
t0=$(now_ms)
build_tree >"$OUT/build.log" 2>&1 || failed "building the initramfs tree failed: $(tail -n3 "$OUT/build.log" | tr '\n' ' ')"
(cd "$R" && find . -print0 | LC_ALL=C sort -z | cpio -o -0 -H newc -R 0:0 --quiet | gzip -1 >"$INITRD.tmp") &&
	mv "$INITRD.tmp" "$INITRD" || failed "cpio of $R failed"
note "kernel $(basename "$KERNEL"); initramfs $(($(stat -c %s "$INITRD") / 1024)) KiB gzipped, $(du -sk "$R" | cut -f1) KiB unpacked, made in $(secs_since "$t0") s"

# ------------------------------------------------------------- the boot
# The serial console is the VM's stdout: the lines between its markers
# are the results, shown as they come, indented (so that no bare count
# line of the VM's is taken for one of the host's suites).
show() { # LOG: console lines from stdin, \r dropped, into LOG; results shown
	local line on=
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%$'\r'}
		printf '%s\n' "$line" >>"$1"
		case $line in
		*"@@lcvm begin"*) on=1 ;; # after the BIOS's terminal escapes
		*"@@lcvm end"*) on= ;;
		*) [ -z "$on" ] || printf '  %s\n' "$line" ;;
		esac
	done
}
CONSOLE=$OUT/console.log
: >"$CONSOLE"
note "booting $QEMU -accel tcg (timeout ${VM_TIMEOUT}s)"
t0=$(now_ms)
# Debian's kernel enables AppArmor; security= picks another major LSM
APPEND="console=ttyS0 quiet cgroup_no_v1=all panic=-1${LSM:+ security=$LSM}"
timeout -k 10 "$VM_TIMEOUT" "$QEMU" -accel tcg -m 1024 -nographic -no-reboot \
	-kernel "$KERNEL" -initrd "$INITRD" -append "$APPEND" </dev/null 2>&1 | show "$CONSOLE"
qrc=${PIPESTATUS[0]}
note "qemu exited $qrc after $(secs_since "$t0") s"

end=$(grep -ao '@@lcvm end [0-9]* [0-9]* [0-9]*' "$CONSOLE" | tail -n1)
if [ -z "$end" ]; then
	echo "# vm: the last lines of its console ($CONSOLE):"
	tail -n 30 "$CONSOLE" | sed 's/^/#   /'
	[ "$qrc" = 124 ] && failed "the VM timed out after ${VM_TIMEOUT}s without results"
	failed "the VM stopped without results (qemu exit status $qrc)"
fi
set -- $end
echo "$TAG: $3 passed, $4 failed, $5 skipped"
[ "$4" = 0 ]
