/*
** fail_alloc.h: an allocator hook for white-box tests, included before
** "../lc.c": set alloc_countdown to N and the Nth allocation after it
** (counting from 0) fails, so a loop walks every ENOMEM path.  Include
** it after <cmocka.h>.
*/
#ifndef LC_TEST_FAIL_ALLOC_H
#define LC_TEST_FAIL_ALLOC_H
#include <stdlib.h>

static long alloc_countdown = -1; /* fail when it reaches 0; -1: never */
static void *fail_alloc(size_t n)
{
	if (alloc_countdown >= 0 && alloc_countdown-- == 0)
		return NULL;
	return malloc(n);
}
static void *fail_realloc(void *p, size_t n)
{
	if (alloc_countdown >= 0 && alloc_countdown-- == 0)
		return NULL;
	return realloc(p, n);
}
#define LC_MALLOC(n) fail_alloc(n)
#define LC_REALLOC(p, n) fail_realloc(p, n)

/* Run attempt(arg) with the 0th, 1st, ... allocation failing until it
** succeeds; every failure must be LC_ENOMEM (cmocka checks, ASan sees
** leaks).  attempt frees what it made.  Returns the number of the first
** allocation it got through without failing: how many it needs. */
static __attribute__((unused)) long fail_each_allocation(int (*attempt)(void *), void *arg)
{
	long n;

	for (n = 0;; n++) {
		int rc;

		alloc_countdown = n;
		rc = attempt(arg);
		alloc_countdown = -1;
		if (rc == 0)
			return n;
		assert_int_equal(rc, -5 /* LC_ENOMEM */);
		assert_true(n < 100000);
	}
}
#endif
