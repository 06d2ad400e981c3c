# lc: make all | static | check | demo | bench | size | fmt | clean
# Compile flags are fixed by the project: gnu11, every warning an error.
CC      ?= gcc
MUSLCC  ?= musl-gcc
WARN    := -std=gnu11 -Wall -Wextra -Werror
CFLAGS  ?= -O2 -g
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
# Every LC_NO_* switch at once: the smallest build (and the runner's
# RUNNER_MINIMAL, which only runner.c reads).
MINIMAL := -DLC_NO_CRIU -DLC_NO_SECCOMP -DLC_NO_NETLINK -DLC_NO_ERRMSG -DLC_NO_HOOKS -DLC_NO_USERNS \
	-DLC_NO_TERMINAL -DLC_NO_LSM -DRUNNER_MINIMAL
BUILD   := build
SHELL   := /bin/bash

.PHONY: all static check check-unit check-integration check-static check-minimal check-cross check-asan \
	check-v2 check-lsm demo bench size fmt clean deps

all: $(BUILD)/lc.o $(BUILD)/liblc.a runner $(BUILD)/mini-init

$(BUILD):
	mkdir -p $(BUILD)

$(BUILD)/lc.o: lc.c lc.h | $(BUILD)
	$(CC) $(WARN) $(CFLAGS) -c lc.c -o $@

$(BUILD)/liblc.a: $(BUILD)/lc.o
	ar rcs $@ $<

runner: runner.c lc.h $(BUILD)/lc.o
	$(CC) $(WARN) $(CFLAGS) runner.c $(BUILD)/lc.o -o $@

# examples/mini-init.c: a tiny PID 1 on lc.h (test/test_mini_init.sh).
$(BUILD)/mini-init: examples/mini-init.c lc.h $(BUILD)/lc.o
	$(CC) $(WARN) $(CFLAGS) examples/mini-init.c $(BUILD)/lc.o -o $@

# -Oz still makes a few choices that cost bytes here; measured on the static
# runner (make static, full): these five together save 4.3 KB.
SMALL_OPT := -fno-optimize-sibling-calls -fno-inline-functions-called-once -fno-caller-saves \
	-fno-partial-inlining -fno-expensive-optimizations
# The embedded build's flags (make static, make size, the cross builds):
# -Oz; a section per function and object so --gc-sections drops what is
# unused; no unwind tables; code and read-only data in one segment, which
# saves the page of padding -z separate-code puts around the code.
SMALL   := -Oz -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -Wl,--gc-sections -Wl,-z,noseparate-code $(SMALL_OPT)
# musl's static start never applies RELRO (only a dynamic loader does), so
# its page alignment buys nothing there: drop it and pack the segments.
# glibc's static start does apply it; the cross builds keep it.  Debian's
# gcc makes PIE by default; a static runner loaded at a fixed address
# needs no relocations or GOT indirection (5 KiB less).
# -mno-sse (x86_64 only): no variadic function here takes floating point,
# and without it each one gets a prologue that stores the eight SSE
# argument registers (76 bytes apiece: 1.1 KB in all).  The one use of
# double, cg_cpu_weight, then computes on the x87; its result for every
# cpu.shares from 0 to 270000 was compared with the SSE build's: equal.
SMALL_MUSL := $(SMALL) -fno-PIE -no-pie -Wl,-z,norelro -Wl,-z,common-page-size=16 -mno-sse
# The static runners link lc.c and runner.c with link-time optimization
# in one partition, so the two are optimized as one program (1.1 KB less
# full, 1.5 KB minimal).  lc.o itself is built without it.
LTO     := -flto -flto-partition=one
export SMALL SMALL_MUSL LTO

# A static runner with musl, stripped (the embedded build).
# musl-gcc sees no kernel headers: give it only linux/, asm/, asm-generic/.
KINC    := $(BUILD)/kinc
static: $(BUILD)/runner-static
$(KINC): | $(BUILD)
	mkdir -p $@
	ln -sfn /usr/include/linux $@/linux
	ln -sfn /usr/include/asm-generic $@/asm-generic
	ln -sfn /usr/include/$$(gcc -print-multiarch)/asm $@/asm
$(BUILD)/runner-static: lc.c lc.h runner.c | $(KINC)
	@command -v $(MUSLCC) >/dev/null || sh test/deps.sh musl-tools
	$(MUSLCC) $(WARN) -isystem $(KINC) $(SMALL_MUSL) $(LTO) -DRUNNER_MALLOC -static lc.c runner.c -o $@
	strip $@
	@ls -l $@

deps:
	@sh test/deps.sh gcc libc6-dev libcmocka-dev busybox-static iproute2 python3 uidmap

# ---- tests ---------------------------------------------------------------
# Unit tests (cmocka, white-box: they #include "../lc.c") and the runner
# and API tests, all under AddressSanitizer + UBSan; then the integration
# suite against a sanitized runner; then the minimal build's unit tests;
# then test_api and the integration suite again on a pure cgroup v2 host, a
# qemu VM (test/vm/README.md), and the SELinux tests in that VM booted with
# SELinux.
UNIT := test_json test_config test_seccomp test_netlink test_cgroup test_criu test_runner test_api

$(BUILD)/asan-lc.o: lc.c lc.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -DLC_TESTING -c lc.c -o $@

$(BUILD)/test_json: test/test_json.c lc.c lc.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -DLC_TESTING test/test_json.c -lcmocka -o $@
$(BUILD)/test_config: test/test_config.c test/fail_alloc.h lc.c lc.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -DLC_TESTING test/test_config.c -lcmocka -o $@
$(BUILD)/test_seccomp: test/test_seccomp.c test/fail_alloc.h lc.c lc.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -DLC_TESTING test/test_seccomp.c -lcmocka -o $@
$(BUILD)/test_netlink: test/test_netlink.c test/fail_alloc.h lc.c lc.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -DLC_TESTING test/test_netlink.c -lcmocka -o $@
$(BUILD)/test_cgroup: test/test_cgroup.c test/fail_alloc.h lc.c lc.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -DLC_TESTING test/test_cgroup.c -lcmocka -lm -o $@
$(BUILD)/test_criu: test/test_criu.c test/fail_alloc.h lc.c lc.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -DLC_TESTING test/test_criu.c -lcmocka -o $@
$(BUILD)/test_runner: test/test_runner.c runner.c $(BUILD)/asan-lc.o | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -DLC_TESTING test/test_runner.c $(BUILD)/asan-lc.o -lcmocka -o $@
$(BUILD)/test_api: test/test_api.c $(BUILD)/asan-lc.o | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) test/test_api.c $(BUILD)/asan-lc.o -lcmocka -lpthread -o $@
$(BUILD)/mini-init-asan: examples/mini-init.c $(BUILD)/asan-lc.o | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) examples/mini-init.c $(BUILD)/asan-lc.o -o $@
$(BUILD)/runner-asan: runner.c $(BUILD)/asan-lc.o | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) runner.c $(BUILD)/asan-lc.o -o $@

# The minimal build: every LC_NO_* switch; its unit tests must pass too,
# and its runner (RUNNER_MINIMAL: no ps, update, events, checkpoint,
# restore, spec) must refuse what it left out (test/minimal.sh).
$(BUILD)/runner-min: runner.c lc.c lc.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) $(MINIMAL) runner.c lc.c -o $@
$(BUILD)/test_config-min: test/test_config.c test/fail_alloc.h lc.c lc.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -DLC_TESTING $(MINIMAL) test/test_config.c -lcmocka -o $@
$(BUILD)/test_netlink-min: test/test_netlink.c test/fail_alloc.h lc.c lc.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -DLC_TESTING $(MINIMAL) test/test_netlink.c -lcmocka -o $@
# and the v2-only build: its cgroup tests must pass without the v1 driver
$(BUILD)/test_cgroup-min: test/test_cgroup.c test/fail_alloc.h lc.c lc.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -DLC_TESTING $(MINIMAL) -DLC_NO_CGROUP_V1 test/test_cgroup.c -lcmocka -lm -o $@
# the switches that refuse a config, with messages (no LC_NO_ERRMSG): their
# errors are compared word for word
$(BUILD)/test_config-sw: test/test_config.c test/fail_alloc.h lc.c lc.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -DLC_TESTING -DLC_NO_HOOKS -DLC_NO_USERNS -DLC_NO_NETLINK \
		-DLC_NO_TERMINAL -DLC_NO_LSM test/test_config.c -lcmocka -o $@
$(BUILD)/test_json-min: test/test_json.c lc.c lc.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -DLC_TESTING $(MINIMAL) -DLC_MINIMAL_TEST test/test_json.c -lcmocka -o $@
$(BUILD)/test_criu-min: test/test_criu.c test/fail_alloc.h lc.c lc.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -DLC_TESTING $(MINIMAL) test/test_criu.c -lcmocka -o $@
$(BUILD)/test_seccomp-min: test/test_seccomp.c test/fail_alloc.h lc.c lc.h | $(BUILD)
	$(CC) $(WARN) -O1 -g $(SAN) -DLC_TESTING $(MINIMAL) test/test_seccomp.c -lcmocka -o $@

# Each suite's output goes to the terminal and to a log; summary.sh adds
# the counts up into one closing line.
LOGS := $(BUILD)/logs
check: deps all
	@rm -rf $(LOGS); mkdir -p $(LOGS)
	@$(MAKE) --no-print-directory check-unit check-integration check-static check-minimal \
		check-cross check-v2 check-lsm
	@bash test/summary.sh $(LOGS)/*.log

check-asan: check

check-unit: $(addprefix $(BUILD)/,$(UNIT))
	@mkdir -p $(LOGS); set -e; for t in $(UNIT); do \
		echo "== $$t"; $(BUILD)/$$t 2>&1 | tee $(LOGS)/$$t.log; \
		test $${PIPESTATUS[0]} -eq 0; done

check-integration: $(BUILD)/runner-asan $(BUILD)/mini-init-asan
	@mkdir -p $(LOGS); echo "== integration"
	@set -o pipefail; ASAN_OPTIONS=detect_leaks=1 RUNTIME=$(CURDIR)/$(BUILD)/runner-asan \
		bash test/integration.sh 2>&1 | tee $(LOGS)/integration.log
	@echo "== examples/mini-init"
	@set -o pipefail; ASAN_OPTIONS=detect_leaks=1 MINI_INIT=$(CURDIR)/$(BUILD)/mini-init-asan \
		bash test/test_mini_init.sh 2>&1 | tee $(LOGS)/mini-init.log

# The embedded build (make static: musl, -Oz, the runner's own allocator)
# through the whole integration suite: about a minute and a half.
check-static: $(BUILD)/runner-static
	@mkdir -p $(LOGS); echo "== integration, static musl runner"
	@set -o pipefail; RUNTIME=$(CURDIR)/$(BUILD)/runner-static \
		bash test/integration.sh 2>&1 | tee $(LOGS)/integration-static.log

# aarch64 and armhf: the unit tests under qemu-user, and static runners.
check-cross:
	@mkdir -p $(LOGS); LOGS=$(CURDIR)/$(LOGS) bash test/cross.sh

check-minimal: $(BUILD)/test_config-min $(BUILD)/test_json-min $(BUILD)/test_seccomp-min \
		$(BUILD)/test_netlink-min $(BUILD)/test_cgroup-min $(BUILD)/test_criu-min \
		$(BUILD)/runner-min $(BUILD)/test_config-sw
	@mkdir -p $(LOGS); set -e; echo "== minimal build: $(MINIMAL) (cgroup: + -DLC_NO_CGROUP_V1)"; \
	for t in test_config-min test_json-min test_seccomp-min test_netlink-min test_cgroup-min \
		test_criu-min test_config-sw; do \
		$(BUILD)/$$t 2>&1 | tee $(LOGS)/$$t.log; test $${PIPESTATUS[0]} -eq 0; done
	@echo "== minimal runner (RUNNER_MINIMAL)"; set -o pipefail; \
		bash test/minimal.sh $(BUILD)/runner-min 2>&1 | tee $(LOGS)/runner-min.log
	@echo "== LC_NO_CGROUP_V1 alone compiles"; $(CC) $(WARN) $(CFLAGS) -DLC_NO_CGROUP_V1 -c lc.c -o $(BUILD)/lc-nov1.o

# The VM's count line reads "cgroup v2 VM: N passed, ..."; when it cannot
# run here it says why and counts as one skipped test.
check-v2: $(BUILD)/runner-asan $(BUILD)/test_api
	@mkdir -p $(LOGS); echo "== cgroup v2 VM"
	@set -o pipefail; bash test/vm/run.sh 2>&1 | tee $(LOGS)/v2-vm.log

# The same VM booted with SELinux enforcing a policy of the tests' own,
# for the SELinux tests alone (a few minutes): "SELinux VM: N passed, ...".
check-lsm: $(BUILD)/runner-asan
	@mkdir -p $(LOGS); echo "== SELinux VM"
	@set -o pipefail; LSM=selinux bash test/vm/run.sh 2>&1 | tee $(LOGS)/selinux-vm.log

# ---- demo, bench, size ----------------------------------------------------
# On a fresh Debian machine: install the compiler and busybox first.
demo:
	@sh test/deps.sh gcc libc6-dev busybox-static python3
	@$(MAKE) --no-print-directory runner
	bash test/demo.sh

bench: runner
	bash bench/run.sh

size:
	@bash bench/size.sh

fmt:
	clang-format -i lc.c lc.h runner.c test/*.c

clean:
	rm -rf $(BUILD) runner
