/*
 * getpid_loop.c: the program bench/run.sh runs inside a container to time
 * the seccomp filter (rows 13-14).
 *
 *   getpid_loop N
 *
 * Makes N raw getpid system calls (syscall(SYS_getpid): no libc cache) and
 * prints one line, "getpid-loop N ELAPSED_NS CPU_NS": the CLOCK_MONOTONIC
 * and CLOCK_PROCESS_CPUTIME_ID time of the loop alone, so the runtime's
 * start-up is not in it, and other load on the machine shows in the first
 * only. Built at bench time with gcc -static and copied into the bundle's
 * rootfs.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long long ns_between(struct timespec a, struct timespec b)
{
	return (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
	if (n <= 0) {
		fprintf(stderr, "usage: getpid_loop N (N > 0)\n");
		return 2;
	}
	struct timespec a, b, ca, cb;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		syscall(SYS_getpid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
	printf("getpid-loop %ld %lld %lld\n", n, ns_between(a, b), ns_between(ca, cb));
	return 0;
}
