#!/bin/bash
# cross.sh: build lc's unit tests for aarch64 and armhf with Debian's cross
# compilers and run them under qemu-user; also build the static runner for
# each.  Used by `make check-cross`.  Output ends with one line per
# architecture's suites, counted by summary.sh.
#
# cmocka for the targets comes from Debian's own arm64/armhf packages,
# downloaded (not installed) with apt lists kept under build/cross/, so the
# host's dpkg architectures are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
B=$PWD/build/cross
LOGS=${LOGS:-build/logs}
mkdir -p "$B" "$LOGS"
bash test/deps.sh gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf qemu-user-static

# 64-bit file offsets on 32-bit targets (readdir under qemu-user needs it).
WARN="-std=gnu11 -Wall -Wextra -Werror -D_FILE_OFFSET_BITS=64"
apt_x() {
	apt-get -qq -o Dir::State::Lists="$B/apt/lists" -o Dir::Cache="$B/apt/cache" \
		-o APT::Architectures::=arm64 -o APT::Architectures::=armhf "$@"
}

# arch  triplet  qemu
targets="arm64:aarch64-linux-gnu:qemu-aarch64-static armhf:arm-linux-gnueabihf:qemu-arm-static"

for t in $targets; do
	IFS=: read -r arch triplet qemu <<<"$t"
	root=$B/$arch
	if [ ! -e "$root/usr/include/cmocka.h" ]; then
		mkdir -p "$B/apt/lists/partial" "$B/apt/cache/archives/partial" "$B/debs"
		[ -n "$(ls "$B/apt/lists" 2>/dev/null | grep -v partial)" ] || apt_x update || true
		(cd "$B/debs" && apt_x download "libcmocka0:$arch" "libcmocka-dev:$arch" 2>/dev/null)
		mkdir -p "$root"
		for d in "$B"/debs/*_"$arch".deb; do dpkg -x "$d" "$root"; done
	fi
	cc=$triplet-gcc
	inc="-I$root/usr/include"
	lib="-L$root/usr/lib/$triplet -lcmocka"
	echo "== $arch: build"
	$cc $WARN -O1 -DLC_TESTING -c lc.c -o "$B/$arch-lc.o"
	$cc $WARN -O1 -DLC_TESTING $inc test/test_json.c $lib -o "$B/$arch-test_json"
	$cc $WARN -O1 -DLC_TESTING $inc test/test_config.c $lib -o "$B/$arch-test_config"
	$cc $WARN -O1 -DLC_TESTING $inc test/test_netlink.c $lib -o "$B/$arch-test_netlink"
	$cc $WARN -O1 -DLC_TESTING $inc test/test_runner.c "$B/$arch-lc.o" $lib -o "$B/$arch-test_runner"
	$cc $WARN ${SMALL:?run me through make check-cross} ${LTO-} -static \
		lc.c runner.c -o "$B/$arch-runner-static" 2>/dev/null
	$triplet-strip "$B/$arch-runner-static"
	for s in test_json test_config test_netlink test_runner; do
		echo "== $arch: $s (under $qemu)"
		QEMU_LD_PREFIX=/usr/$triplet LD_LIBRARY_PATH=$root/usr/lib/$triplet \
			"$qemu" "$B/$arch-$s" 2>&1 | tee "$LOGS/cross-$arch-$s.log"
		test "${PIPESTATUS[0]}" -eq 0
	done
	echo "== $arch: static runner $(stat -c %s "$B/$arch-runner-static") bytes:" \
		"$("$qemu" "$B/$arch-runner-static" --version | head -1)"
done
