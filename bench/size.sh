#!/bin/bash
# size.sh: the size table of `make size`: lc.o (full and minimal) and the
# stripped static runner (full and minimal) for x86_64, aarch64 and armhf.
# x86_64 links with musl (musl-gcc); Debian has no musl cross compilers, so
# aarch64 and armhf link statically with glibc, which is much larger.
set -euo pipefail
cd "$(dirname "$0")/.."
B=build/size
mkdir -p "$B/kinc"
bash test/deps.sh musl-tools gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf >/dev/null
ln -sfn /usr/include/linux "$B/kinc/linux"
ln -sfn /usr/include/asm-generic "$B/kinc/asm-generic"
ln -sfn "/usr/include/$(gcc -print-multiarch)/asm" "$B/kinc/asm"
WARN="-std=gnu11 -Wall -Wextra -Werror -D_FILE_OFFSET_BITS=64"
MINIMAL="-DLC_NO_CRIU -DLC_NO_SECCOMP -DLC_NO_NETLINK -DLC_NO_ERRMSG -DLC_NO_CGROUP_V1 -DLC_NO_HOOKS -DLC_NO_USERNS -DLC_NO_TERMINAL -DLC_NO_LSM -DRUNNER_MINIMAL"
# The embedded build's flags come from the Makefile (make size exports them).
: "${SMALL:?run me through make size}" "${SMALL_MUSL:?run me through make size}" "${LTO?}"
kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
text() { size "$1" | awk 'NR == 2 { print $1 + $2 }'; } # text + data of an object file

printf '%-8s %-6s %12s %12s %10s\n' arch libc "lc.o KiB" "runner KiB" build
for t in x86_64:musl-gcc:strip aarch64:aarch64-linux-gnu-gcc:aarch64-linux-gnu-strip \
	armhf:arm-linux-gnueabihf-gcc:arm-linux-gnueabihf-strip; do
	IFS=: read -r arch cc strip <<<"$t"
	extra=""
	libc=glibc
	small=$SMALL
	# x86_64 as make static builds it: musl and the runner's own allocator
	[ "$arch" = x86_64 ] && { extra="-isystem $B/kinc -DRUNNER_MALLOC"; libc=musl; small=$SMALL_MUSL; }
	for build in full minimal; do
		flags=""
		[ "$build" = minimal ] && flags=$MINIMAL
		$cc $WARN $extra $small $flags -c lc.c -o "$B/$arch-$build-lc.o"
		$cc $WARN $extra $small $LTO $flags -static lc.c runner.c \
			-o "$B/$arch-$build-runner" 2>/dev/null
		$strip "$B/$arch-$build-runner"
		printf '%-8s %-6s %12s %12s %10s\n' "$arch" "$libc" \
			"$(kib "$(text "$B/$arch-$build-lc.o")")" \
			"$(kib "$(stat -c %s "$B/$arch-$build-runner")")" "$build"
	done
done
echo "(lc.o: text+data with -Oz; runner: static, stripped file size)"
