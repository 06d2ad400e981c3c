/*
** test_json.c: unit tests for lc.c section 5, the JSON reader and writer.
**
** White-box: lc.c is included, so its static json_ and jw_ functions can
** be called.  Build and run:
**   gcc -std=gnu11 -Wall -Wextra -Werror -DLC_TESTING \
**       -fsanitize=address,undefined test/test_json.c -lcmocka && ./a.out
*/
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
** Allocation hooks, so a test can fail the Nth allocation and check that
** nothing leaks.  lc.c uses them when it was not told to use others with
** -DLC_MALLOC=...; the tests that need them skip when they are not in use.
*/
static unsigned long hook_calls;	/* allocation calls so far */
static unsigned long hook_fail_at;	/* fail this call (1-based); 0: never */
static long hook_live;			/* blocks allocated and not yet freed */

#ifndef LC_MALLOC
static void *hook_malloc(size_t n)
{
	void *p;

	if (++hook_calls == hook_fail_at)
		return NULL;
	p = malloc(n);
	if (p)
		hook_live++;
	return p;
}

static void *hook_realloc(void *old, size_t n)
{
	void *p;

	if (++hook_calls == hook_fail_at)
		return NULL;
	p = realloc(old, n);
	if (p && !old)
		hook_live++;
	return p;
}

static void hook_free(void *p)
{
	if (p)
		hook_live--;
	free(p);
}

#define LC_MALLOC hook_malloc
#define LC_REALLOC hook_realloc
#define LC_FREE hook_free
#endif

#include "../lc.c"

/* Without message text (LC_NO_ERRMSG) only codes are compared, and the
** message must be empty. */
#ifdef LC_NO_ERRMSG
#define MSG_EQ(got, want) ((void)(want), (got)[0] == '\0')
#else
#define MSG_EQ(got, want) (strcmp((got), (want)) == 0)
#endif

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/*
** Parse a copy of the len bytes at text in a buffer of exactly that size,
** so AddressSanitizer catches any read past the end.
*/
static int parse_exact(const char *text, size_t len, json_value **out, lc_error *err)
{
	char *copy;
	int rc;

	copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	rc = json_parse(copy, len, out, err);
	free(copy);
	return rc;
}

static json_value *parse_ok(const char *text)
{
	json_value *v = NULL;
	lc_error err;
	int rc;

	memset(&err, 0, sizeof err);
	rc = parse_exact(text, strlen(text), &v, &err);
	if (rc != 0)
		fail_msg("parse of %s failed: %s", text, err.msg);
	assert_non_null(v);
	return v;
}

/*
** Does parsing fail with LC_ECONFIG and exactly this message, and leave
** *out NULL?  Prints what it got when not.
*/
static int fails_with(const char *text, size_t len, const char *msg)
{
	json_value *v = (json_value *)1;
	lc_error err;
	int rc;

	memset(&err, 0, sizeof err);
	rc = parse_exact(text, len, &v, &err);
	if (rc == LC_ECONFIG && err.code == LC_ECONFIG && err.sys_errno == 0 &&
	    MSG_EQ(err.msg, msg) && v == NULL)
		return 1;
	if (rc == 0)
		json_free(v);
	print_error("document %.*s\n  expected: %s\n  got (%d): %s\n",
		    (int)(len > 80 ? 80 : len), text, msg, rc, err.msg);
	return 0;
}

static void expect_error(const char *text, size_t len, const char *msg)
{
	assert_true(fails_with(text, len, msg));
}

static int tree_equal(const json_value *a, const json_value *b)
{
	size_t i;

	if (a->type != b->type || a->len != b->len || a->n != b->n)
		return 0;
	if (a->len && memcmp(a->str, b->str, a->len) != 0)
		return 0;
	for (i = 0; i < a->n; i++) {
		if (a->type == JSON_OBJECT &&
		    (a->klens[i] != b->klens[i] ||
		     memcmp(a->keys[i], b->keys[i], a->klens[i]) != 0))
			return 0;
		if (!tree_equal(a->kids[i], b->kids[i]))
			return 0;
	}
	return 1;
}

static char *write_tree(const json_value *v, unsigned indent)
{
	json_writer w;
	lc_error err;
	char *text;

	jw_init(&w, indent);
	jw_value(&w, v);
	text = jw_finish(&w, NULL, &err);
	if (!text)
		fail_msg("jw_finish: %s", err.msg);
	return text;
}

/* ------------------------------------------------------------------ */
/* Reader: valid documents                                             */

static void json_parses_every_value_kind(void **state)
{
	json_value *v;
	const json_value *k;

	(void)state;
	v = parse_ok("{\"n\":null,\"f\":false,\"t\":true,\"i\":-12,"
		     "\"d\":3.25e-2,\"s\":\"hi\",\"a\":[1,[],{}],\"o\":{\"x\":{}}}");
	assert_int_equal(v->type, JSON_OBJECT);
	assert_int_equal(v->n, 8);
	assert_int_equal(json_get(v, "n")->type, JSON_NULL);
	assert_int_equal(json_get(v, "f")->type, JSON_FALSE);
	assert_int_equal(json_get(v, "t")->type, JSON_TRUE);
	k = json_get(v, "i");
	assert_int_equal(k->type, JSON_NUMBER);
	assert_string_equal(k->str, "-12");
	assert_int_equal(k->len, 3);
	k = json_get(v, "d");
	assert_int_equal(k->type, JSON_NUMBER);
	assert_string_equal(k->str, "3.25e-2");
	k = json_get(v, "s");
	assert_int_equal(k->type, JSON_STRING);
	assert_string_equal(k->str, "hi");
	assert_int_equal(k->len, 2);
	k = json_get(v, "a");
	assert_int_equal(k->type, JSON_ARRAY);
	assert_int_equal(k->n, 3);
	assert_string_equal(k->kids[0]->str, "1");
	assert_int_equal(k->kids[1]->type, JSON_ARRAY);
	assert_int_equal(k->kids[1]->n, 0);
	assert_int_equal(k->kids[2]->type, JSON_OBJECT);
	assert_int_equal(k->kids[2]->n, 0);
	k = json_get(json_get(v, "o"), "x");
	assert_non_null(k);
	assert_int_equal(k->type, JSON_OBJECT);
	assert_string_equal(v->keys[7], "o");
	json_free(v);

	/* Scalars are documents too. */
	v = parse_ok("0");
	assert_int_equal(v->type, JSON_NUMBER);
	json_free(v);
	v = parse_ok("\"\"");
	assert_int_equal(v->type, JSON_STRING);
	assert_int_equal(v->len, 0);
	assert_string_equal(v->str, "");
	json_free(v);
	v = parse_ok("null");
	assert_int_equal(v->type, JSON_NULL);
	json_free(v);
}

static void json_keeps_number_literals(void **state)
{
	static const char *const nums[] = {
		"0", "-0", "1", "-1", "0.5", "-0.0", "10.01", "1e5", "1E5",
		"1e+5", "1e-5", "1.5E+10", "123456789012345678901234567890",
		"0e0", "-0.1e-0",
	};
	json_value *v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		v = parse_ok(nums[i]);
		assert_int_equal(v->type, JSON_NUMBER);
		assert_string_equal(v->str, nums[i]);
		assert_int_equal(v->len, strlen(nums[i]));
		json_free(v);
	}
}

static void json_decodes_every_escape(void **state)
{
	json_value *v;

	(void)state;
	v = parse_ok("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC\\uffff\"");
	assert_int_equal(v->len, 17);
	assert_memory_equal(v->str, "\"\\/\b\f\n\r\tA\xc3\xa9\xe2\x82\xac\xef\xbf\xbf", 18);
	json_free(v);

	/* Raw UTF-8 of every length passes through. */
	v = parse_ok("\"\x7f \xc2\x80 \xdf\xbf \xe0\xa0\x80 \xed\x9f\xbf \xee\x80\x80 "
		     "\xf0\x90\x80\x80 \xf4\x8f\xbf\xbf\"");
	assert_string_equal(v->str, "\x7f \xc2\x80 \xdf\xbf \xe0\xa0\x80 \xed\x9f\xbf "
				    "\xee\x80\x80 \xf0\x90\x80\x80 \xf4\x8f\xbf\xbf");
	json_free(v);
}

static void json_combines_surrogate_pairs(void **state)
{
	json_value *v;

	(void)state;
	v = parse_ok("\"\\ud83d\\ude00\"");
	assert_int_equal(v->len, 4);
	assert_memory_equal(v->str, "\xf0\x9f\x98\x80", 5);
	json_free(v);

	/* The lowest and highest pairs, upper-case hex. */
	v = parse_ok("\"\\uD800\\uDC00\\uDBFF\\uDFFF\"");
	assert_int_equal(v->len, 8);
	assert_memory_equal(v->str, "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 9);
	json_free(v);
}

static void json_keeps_nul_in_strings_and_keys(void **state)
{
	json_value *v;
	const json_value *k;

	(void)state;
	v = parse_ok("{\"s\":\"a\\u0000b\",\"k\\u0000\":1,\"k\":2}");
	k = json_get(v, "s");
	assert_int_equal(k->len, 3);
	assert_memory_equal(k->str, "a\0b", 4);
	assert_int_equal(v->klens[1], 2);
	assert_memory_equal(v->keys[1], "k\0", 3);
	/* "k" matches only the key without the NUL. */
	assert_string_equal(json_get(v, "k")->str, "2");
	json_free(v);

	v = parse_ok("{\"k\\u0000x\":1}");
	assert_null(json_get(v, "k"));
	json_free(v);
}

static void json_keeps_big_integers_exact(void **state)
{
	json_value *v;
	int64_t i;
	uint64_t u;

	(void)state;
	v = parse_ok("[9223372036854775807,-9223372036854775808,"
		     "18446744073709551615,4294967295]");
	assert_int_equal(json_get_i64(v->kids[0], &i), 0);
	assert_true(i == INT64_MAX);
	assert_int_equal(json_get_i64(v->kids[1], &i), 0);
	assert_true(i == INT64_MIN);
	assert_int_equal(json_get_u64(v->kids[2], &u), 0);
	assert_true(u == UINT64_MAX);
	assert_int_equal(json_get_u64(v->kids[3], &u), 0);
	assert_true(u == 4294967295u);
	assert_int_equal(json_get_i64(v->kids[3], &i), 0);
	assert_true(i == 4294967295);
	json_free(v);
}

static void json_get_returns_last_duplicate_key(void **state)
{
	json_value *v;

	(void)state;
	v = parse_ok("{\"a\":1,\"b\":2,\"a\":3}");
	assert_int_equal(v->n, 3);
	assert_string_equal(json_get(v, "a")->str, "3");
	assert_string_equal(json_get(v, "b")->str, "2");
	assert_null(json_get(v, "c"));
	assert_null(json_get(v, ""));
	assert_null(json_get(v, NULL));
	assert_null(json_get(NULL, "a"));
	assert_null(json_get(v->kids[0], "a"));
	json_free(v);

	v = parse_ok("{\"\":7}");
	assert_string_equal(json_get(v, "")->str, "7");
	json_free(v);
}

static void json_accepts_whitespace_everywhere(void **state)
{
	json_value *v;

	(void)state;
	v = parse_ok(" \t\r\n{ \t\r\n\"a\" \t\r\n: \t\r\n[ \t\r\n1 \t\r\n, \t\r\n"
		     "{ \t\r\n} \t\r\n, \t\r\n[ \t\r\n] \t\r\n] \t\r\n, \t\r\n"
		     "\"b\"\n:\nnull\n} \t\r\n");
	assert_int_equal(v->n, 2);
	assert_int_equal(json_get(v, "a")->n, 3);
	assert_int_equal(json_get(v, "b")->type, JSON_NULL);
	json_free(v);
}

static void json_records_line_and_column_of_values(void **state)
{
	json_value *v;
	const json_value *b;

	(void)state;
	v = parse_ok("{\r\n  \"a\": 1,\r\n  \"b\": [true,\n\t\"x\"]\r\n}");
	assert_int_equal(v->line, 1);
	assert_int_equal(v->col, 1);
	assert_int_equal(json_get(v, "a")->line, 2);
	assert_int_equal(json_get(v, "a")->col, 8);
	b = json_get(v, "b");
	assert_int_equal(b->line, 3);
	assert_int_equal(b->col, 8);
	assert_int_equal(b->kids[0]->line, 3);
	assert_int_equal(b->kids[0]->col, 9);
	assert_int_equal(b->kids[1]->line, 4);
	assert_int_equal(b->kids[1]->col, 2);
	json_free(v);

	/* Columns count characters: "é" is two bytes, one column. */
	v = parse_ok("[\"\xc3\xa9\", 1]");
	assert_int_equal(v->kids[1]->col, 7);
	json_free(v);
}

/* ------------------------------------------------------------------ */
/* Reader: malformed documents                                         */

struct bad_doc {
	const char *text;
	size_t len;
	const char *msg;
};

#define BAD(text, msg) { text, sizeof(text) - 1, msg }

static const struct bad_doc bad_docs[] = {
	/* Empty and truncated documents. */
	BAD("", "1:1: unexpected end of input at ."),
	BAD(" \n\t ", "2:3: unexpected end of input at ."),
	BAD("{", "1:2: unexpected end of input at ."),
	BAD("{\"a\"", "1:5: unexpected end of input at ."),
	BAD("{\"a\":", "1:6: unexpected end of input at .a"),
	BAD("{\"a\":1", "1:7: unexpected end of input at ."),
	BAD("[", "1:2: unexpected end of input at .[0]"),
	BAD("[1,", "1:4: unexpected end of input at .[1]"),
	BAD("\"abc", "1:5: unexpected end of input at ."),
	BAD("\"\\", "1:3: unexpected end of input at ."),
	BAD("\"\\u12", "1:6: unexpected end of input at ."),
	BAD("\"\\ud800", "1:8: unexpected end of input at ."),
	BAD("\"\\ud800\\", "1:9: unexpected end of input at ."),
	BAD("{\"a\":[1,{\"b\":\"x\\", "1:17: unexpected end of input at .a[1].b"),
	BAD("tru", "1:4: unexpected end of input at ."),
	BAD("[fals", "1:6: unexpected end of input at .[0]"),
	BAD("-", "1:2: unexpected end of input at ."),
	BAD("1.", "1:3: unexpected end of input at ."),
	BAD("1e-", "1:4: unexpected end of input at ."),

	/* Escapes and surrogates. */
	BAD("\"\\q\"", "1:2: invalid escape '\\q' in string at ."),
	BAD("\"\\x41\"", "1:2: invalid escape '\\x' in string at ."),
	BAD("\"\\'\"", "1:2: invalid escape '\\'' in string at ."),
	BAD("\"\\\x01\"", "1:2: invalid byte 0x01 after '\\' in string at ."),
	BAD("\"\\u12g4\"", "1:2: expected 4 hex digits after \\u at ."),
	BAD("\"\\u12\"", "1:2: expected 4 hex digits after \\u at ."),
	BAD("\"\\U0041\"", "1:2: invalid escape '\\U' in string at ."),
	BAD("\"\\ud800\"", "1:2: lone surrogate \\ud800 in string at ."),
	BAD("\"\\uDC00\"", "1:2: lone surrogate \\udc00 in string at ."),
	BAD("\"x\\ud800\\u0041\"", "1:3: lone surrogate \\ud800 in string at ."),
	BAD("\"\\ud800\\ud800\"", "1:2: lone surrogate \\ud800 in string at ."),
	BAD("\"\\ud800x\"", "1:2: lone surrogate \\ud800 in string at ."),
	BAD("\"\\ud800\\n\"", "1:2: lone surrogate \\ud800 in string at ."),
	BAD("\"\\ud800\\uzzzz\"", "1:8: expected 4 hex digits after \\u at ."),

	/* Raw control characters and invalid UTF-8 in strings. */
	BAD("\"a\nb\"", "1:3: control character 0x0a in string at ."),
	BAD("[\"\t\"]", "1:3: control character 0x09 in string at .[0]"),
	BAD("\"\x01\"", "1:2: control character 0x01 in string at ."),
	BAD("\"\x1f\"", "1:2: control character 0x1f in string at ."),
	BAD("\"\xff\"", "1:2: invalid UTF-8 byte 0xff at ."),
	BAD("\"ok \x80\"", "1:5: invalid UTF-8 byte 0x80 at ."),
	BAD("\"\xc0\xaf\"", "1:2: invalid UTF-8 byte 0xc0 at ."),
	BAD("\"\xc1\xbf\"", "1:2: invalid UTF-8 byte 0xc1 at ."),
	BAD("\"\xe0\x80\xaf\"", "1:2: invalid UTF-8 byte 0xe0 at ."),
	BAD("\"\xf0\x8f\xbf\xbf\"", "1:2: invalid UTF-8 byte 0xf0 at ."),
	BAD("\"\xed\xa0\x80\"", "1:2: invalid UTF-8 byte 0xed at ."),
	BAD("\"\xed\xbf\xbf\"", "1:2: invalid UTF-8 byte 0xed at ."),
	BAD("\"\xf4\x90\x80\x80\"", "1:2: invalid UTF-8 byte 0xf4 at ."),
	BAD("\"\xf5\x80\x80\x80\"", "1:2: invalid UTF-8 byte 0xf5 at ."),
	BAD("\"\xe2\x82\"", "1:2: invalid UTF-8 byte 0xe2 at ."),
	BAD("\"\xe2\x82", "1:2: invalid UTF-8 byte 0xe2 at ."),
	BAD("\"\xc3\x28\"", "1:2: invalid UTF-8 byte 0xc3 at ."),
	BAD("\"\xf0\x9f\x98\"", "1:2: invalid UTF-8 byte 0xf0 at ."),

	/* Numbers. */
	BAD("01", "1:1: leading zero in number at ."),
	BAD("00", "1:1: leading zero in number at ."),
	BAD("[-01]", "1:3: leading zero in number at .[0]"),
	BAD("[1.]", "1:4: expected digit after '.' at .[0]"),
	BAD("[1.e5]", "1:4: expected digit after '.' at .[0]"),
	BAD(".5", "1:1: missing digit before '.' at ."),
	BAD("+1", "1:1: leading '+' in number at ."),
	BAD("[-]", "1:3: expected digit after '-' at .[0]"),
	BAD("-.5", "1:2: expected digit after '-' at ."),
	BAD("-Infinity", "1:2: expected digit after '-' at ."),
	BAD("[1e]", "1:4: expected digit in exponent at .[0]"),
	BAD("[1e+]", "1:5: expected digit in exponent at .[0]"),
	BAD("0x1f", "1:2: invalid character 'x' in number at ."),
	BAD("[1.5.3]", "1:5: invalid character '.' in number at .[0]"),
	BAD("12abc", "1:3: invalid character 'a' in number at ."),
	BAD("1e5e5", "1:4: invalid character 'e' in number at ."),

	/* Literals. */
	BAD("NaN", "1:1: invalid literal at ."),
	BAD("Infinity", "1:1: invalid literal at ."),
	BAD("True", "1:1: invalid literal at ."),
	BAD("nullx", "1:1: invalid literal at ."),
	BAD("[nul]", "1:2: invalid literal at .[0]"),
	BAD("undefined", "1:1: invalid literal at ."),

	/* Structure. */
	BAD("[1,2,]", "1:6: trailing comma in array at ."),
	BAD("[1,2,\n]", "2:1: trailing comma in array at ."),
	BAD("{\"a\":1,}", "1:8: trailing comma in object at ."),
	BAD("{\"a\" 1}", "1:6: expected ':' after object key at ."),
	BAD("{\"a\"::1}", "1:6: unexpected character ':' at .a"),
	BAD("{\"a\":}", "1:6: unexpected character '}' at .a"),
	BAD("{1:2}", "1:2: object key must be a string at ."),
	BAD("{a:1}", "1:2: object key must be a string at ."),
	BAD("{,}", "1:2: object key must be a string at ."),
	BAD("{'a':1}", "1:2: single quotes are not allowed at ."),
	BAD("['a']", "1:2: single quotes are not allowed at .[0]"),
	BAD("[1 // c\n]", "1:4: comments are not allowed at ."),
	BAD("/* c */ 1", "1:1: comments are not allowed at ."),
	BAD("{/**/}", "1:2: comments are not allowed at ."),
	BAD("[1 2]", "1:4: expected ',' or ']' after array element at ."),
	BAD("[1}", "1:3: expected ',' or ']' after array element at ."),
	BAD("{\"a\":1 \"b\":2}", "1:8: expected ',' or '}' after object member at ."),
	BAD("{\"a\":1]", "1:7: expected ',' or '}' after object member at ."),
	BAD("[,1]", "1:2: unexpected character ',' at .[0]"),
	BAD("]", "1:1: unexpected character ']' at ."),
	BAD("[\x01]", "1:2: unexpected byte 0x01 at .[0]"),
	BAD("\xef\xbb\xbf{}", "1:1: unexpected byte 0xef at ."),
	BAD("\f1", "1:1: unexpected byte 0x0c at ."),

	/* Trailing garbage. */
	BAD("{\"a\":1} x", "1:9: trailing characters after the document at ."),
	BAD("1 2", "1:3: trailing characters after the document at ."),
	BAD("[]]", "1:3: trailing characters after the document at ."),
	BAD("{}\0", "1:3: trailing characters after the document at ."),
	BAD("{} // c", "1:4: comments are not allowed at ."),

	/* Paths. */
	BAD("{\"a\":[1,{\"b c\":tru}]}", "1:16: invalid literal at .a[1][\"b c\"]"),
	BAD("{\"x\\\"y\\\\\":[x]}", "1:12: invalid literal at .[\"x\\\"y\\\\\"][0]"),
	BAD("{\"\":x}", "1:5: invalid literal at .[\"\"]"),
	BAD("{\"a\\u0000b\":x}", "1:13: invalid literal at .[\"a\\u0000b\"]"),
	BAD("{\"tab\\there\":x}", "1:14: invalid literal at .[\"tab\\u0009here\"]"),
	BAD("{\"k-1_B\":{\"0\":[[x]]}}", "1:17: invalid literal at .k-1_B.0[0][0]"),
	BAD("{\"\xc3\xa9\":x}", "1:6: invalid literal at .[\"\xc3\xa9\"]"),
	BAD("[\"\xc3\xa9\", x]", "1:7: invalid literal at .[1]"),
	BAD("[\n1,\n\"a\nb\"]", "3:3: control character 0x0a in string at .[1]"),
};

static void json_rejects_malformed_documents(void **state)
{
	size_t failed = 0;
	size_t i;

	(void)state;
	assert_true(sizeof bad_docs / sizeof bad_docs[0] >= 40);
	for (i = 0; i < sizeof bad_docs / sizeof bad_docs[0]; i++)
		if (!fails_with(bad_docs[i].text, bad_docs[i].len, bad_docs[i].msg))
			failed++;
	assert_int_equal(failed, 0);
}

static void json_reports_positions_across_lf_and_crlf(void **state)
{
	static const char lf[] = "{\n  \"a\": [\n    1,\n    tru x\n  ]\n}";
	static const char crlf[] = "{\r\n  \"a\": [\r\n    1,\r\n    tru x\r\n  ]\r\n}";
	static const char cr[] = "{\r  \"a\": [\r    1,\r    tru x\r  ]\r}";

	(void)state;
	expect_error(lf, sizeof lf - 1, "4:5: invalid literal at .a[1]");
	expect_error(crlf, sizeof crlf - 1, "4:5: invalid literal at .a[1]");
	/* A lone CR is whitespace, not a line break. */
	expect_error(cr, sizeof cr - 1, "1:23: invalid literal at .a[1]");
	expect_error("[\r\n\r\n", 5, "3:1: unexpected end of input at .[0]");
	expect_error("{\n\"a\":\n\n \"\\q\"}", 14, "4:3: invalid escape '\\q' in string at .a");
}

/* n '[' then n ']'. */
static char *nested_arrays(size_t n)
{
	char *s = malloc(2 * n + 1);

	assert_non_null(s);
	memset(s, '[', n);
	memset(s + n, ']', n);
	s[2 * n] = '\0';
	return s;
}

static void depth_message(char *msg, size_t size)
{
	size_t off;
	int i;

	off = (size_t)snprintf(msg, size, "1:%d: nesting deeper than %d at .",
			       LC_JSON_MAX_DEPTH + 1, LC_JSON_MAX_DEPTH);
	for (i = 0; i < LC_JSON_MAX_DEPTH && off < size; i++)
		off += (size_t)snprintf(msg + off, size - off, "[0]");
}

static void json_rejects_depth_over_limit(void **state)
{
	json_value *v;
	const json_value *k;
	lc_error err;
	char msg[512];
	char *doc;
	int i;

	(void)state;
	doc = nested_arrays(LC_JSON_MAX_DEPTH);
	v = parse_ok(doc);
	for (k = v, i = 1; k->n; k = k->kids[0])
		i++;
	assert_int_equal(i, LC_JSON_MAX_DEPTH);
	json_free(v);
	free(doc);

	doc = nested_arrays(LC_JSON_MAX_DEPTH + 1);
	depth_message(msg, sizeof msg);
	assert_true(strlen(msg) < sizeof(((lc_error *)0)->msg));
	expect_error(doc, strlen(doc), msg);
	free(doc);

	/* Objects count as well; the message names the 65th. */
	doc = malloc(8 * (LC_JSON_MAX_DEPTH + 1) + 1);
	assert_non_null(doc);
	doc[0] = '\0';
	for (i = 0; i <= LC_JSON_MAX_DEPTH; i++)
		strcat(doc, "{\"a\":");
	v = NULL;
	assert_int_equal(json_parse(doc, strlen(doc), &v, &err), LC_ECONFIG);
#ifndef LC_NO_ERRMSG
	assert_non_null(strstr(err.msg, ": nesting deeper than "));
	assert_non_null(strstr(err.msg, " at .a.a.a."));
#endif
	assert_null(v);
	free(doc);
}

static void json_rejects_depth_bomb_fast(void **state)
{
	size_t n = 100000 < LC_CONFIG_MAX_BYTES ? 100000 : LC_CONFIG_MAX_BYTES;
	char msg[512];
	char *doc;
	clock_t t0;

	(void)state;
	doc = malloc(n);
	assert_non_null(doc);
	memset(doc, '[', n);
	depth_message(msg, sizeof msg);
	t0 = clock();
	expect_error(doc, n, msg);
	assert_true(clock() - t0 < CLOCKS_PER_SEC);
	free(doc);
}

static void json_rejects_oversized_document(void **state)
{
	json_value *v;
	lc_error err;
	char msg[128];
	char *doc;
	size_t n = LC_CONFIG_MAX_BYTES;

	(void)state;
	doc = malloc(n + 1);
	assert_non_null(doc);
	memset(doc, ' ', n + 1);
	doc[n - 1] = '1';
	assert_int_equal(json_parse(doc, n, &v, &err), 0);
	assert_string_equal(v->str, "1");
	json_free(v);

	doc[n] = '1';
	snprintf(msg, sizeof msg, "1:1: document larger than %lu bytes at .",
		 (unsigned long)LC_CONFIG_MAX_BYTES);
	expect_error(doc, n + 1, msg);
	free(doc);
}

static void json_truncates_long_paths_keeping_the_end(void **state)
{
	char doc[1024];
	char full[512];
	char want[512];
	char head[64];
	size_t room;
	lc_error err;
	json_value *v;
	size_t i;

	(void)state;
#ifdef LC_NO_ERRMSG
	skip();
#endif
	/* {"kkk...":{"lll...":{"mmm...":x}}}, 100 bytes per key. */
	strcpy(doc, "{\"");
	strcpy(full, ".");
	for (i = 0; i < 3; i++) {
		char key[101];

		memset(key, 'k' + (int)i, 100);
		key[100] = '\0';
		if (i > 0) {
			strcat(doc, "{\"");
			strcat(full, ".");
		}
		strcat(doc, key);
		strcat(doc, "\":");
		strcat(full, key);
	}
	strcat(doc, "x}}}");

	snprintf(head, sizeof head, "1:%zu: invalid literal at ", strlen(doc) - 3);
	room = sizeof err.msg - 1 - strlen(head);
	snprintf(want, sizeof want, "%s...%s", head, full + strlen(full) - (room - 3));
	assert_int_equal(strlen(want), sizeof err.msg - 1);
	expect_error(doc, strlen(doc), want);

	/* A cut never leaves half a character: keys of "é" only. */
	strcpy(doc, "{\"");
	for (i = 0; i < 150; i++)
		strcat(doc, "\xc3\xa9");
	strcat(doc, "\":x}");
	assert_int_equal(json_parse(doc, strlen(doc), &v, &err), LC_ECONFIG);
	assert_non_null(strstr(err.msg, "invalid literal at ...\xc3\xa9"));
	assert_string_equal(err.msg + strlen(err.msg) - 4, "\xc3\xa9\"]");
	for (i = 0; err.msg[i]; i += json_utf8_len((const unsigned char *)err.msg + i,
						  strlen(err.msg + i)))
		assert_true(json_utf8_len((const unsigned char *)err.msg + i,
					  strlen(err.msg + i)) > 0);
}

static void json_parse_accepts_null_err_and_rejects_null_out(void **state)
{
	json_value *v = (json_value *)1;
	lc_error err;

	(void)state;
	assert_int_equal(json_parse("[1", 2, &v, NULL), LC_ECONFIG);
	assert_null(v);
	assert_int_equal(json_parse("1", 1, NULL, &err), LC_EMISUSE);
	assert_int_equal(json_parse(NULL, 0, &v, &err), LC_ECONFIG);
	assert_true(MSG_EQ(err.msg, "1:1: unexpected end of input at ."));
	json_free(NULL);
}

/* ------------------------------------------------------------------ */
/* Converters                                                          */

static void json_get_i64_converts_exactly_at_the_edges(void **state)
{
	static const struct {
		const char *text;
		int rc;
		int64_t want;
	} cases[] = {
		{ "0", 0, 0 },
		{ "-0", 0, 0 },
		{ "42", 0, 42 },
		{ "-42", 0, -42 },
		{ "9223372036854775807", 0, INT64_MAX },
		{ "-9223372036854775808", 0, INT64_MIN },
		{ "9223372036854775808", -ERANGE, 0 },
		{ "-9223372036854775809", -ERANGE, 0 },
		{ "18446744073709551615", -ERANGE, 0 },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "-99999999999999999999999", -ERANGE, 0 },
		{ "1.0", -EINVAL, 0 },
		{ "1e3", -EINVAL, 0 },
		{ "1E3", -EINVAL, 0 },
		{ "-0.0", -EINVAL, 0 },
		{ "99999999999999999999.5", -EINVAL, 0 },
		{ "\"5\"", -EINVAL, 0 },
		{ "true", -EINVAL, 0 },
		{ "null", -EINVAL, 0 },
	};
	json_value *v;
	int64_t out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		v = parse_ok(cases[i].text);
		out = 12345;
		if (json_get_i64(v, &out) != cases[i].rc)
			fail_msg("json_get_i64(%s) != %d", cases[i].text, cases[i].rc);
		if (cases[i].rc == 0)
			assert_true(out == cases[i].want);
		else
			assert_true(out == 12345);
		json_free(v);
	}
	assert_int_equal(json_get_i64(NULL, &out), -EINVAL);
}

static void json_get_u64_converts_exactly_at_the_edges(void **state)
{
	static const struct {
		const char *text;
		int rc;
		uint64_t want;
	} cases[] = {
		{ "0", 0, 0 },
		{ "-0", 0, 0 },
		{ "4294967295", 0, 4294967295u },
		{ "4294967296", 0, 4294967296u },
		{ "9223372036854775808", 0, 9223372036854775808u },
		{ "18446744073709551615", 0, UINT64_MAX },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "184467440737095516150", -ERANGE, 0 },
		{ "-1", -ERANGE, 0 },
		{ "-18446744073709551615", -ERANGE, 0 },
		{ "1.5", -EINVAL, 0 },
		{ "1e0", -EINVAL, 0 },
		{ "-1e0", -EINVAL, 0 },
		{ "\"1\"", -EINVAL, 0 },
		{ "[1]", -EINVAL, 0 },
	};
	json_value *v;
	uint64_t out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		v = parse_ok(cases[i].text);
		out = 12345;
		if (json_get_u64(v, &out) != cases[i].rc)
			fail_msg("json_get_u64(%s) != %d", cases[i].text, cases[i].rc);
		if (cases[i].rc == 0)
			assert_true(out == cases[i].want);
		else
			assert_true(out == 12345);
		json_free(v);
	}
	assert_int_equal(json_get_u64(NULL, &out), -EINVAL);
}

/* strtod() follows LC_NUMERIC; the converter must not. */
static void json_type_name_names_every_type(void **state)
{
	(void)state;
	assert_string_equal(json_type_name(JSON_NULL), "null");
	assert_string_equal(json_type_name(JSON_FALSE), "boolean");
	assert_string_equal(json_type_name(JSON_TRUE), "boolean");
	assert_string_equal(json_type_name(JSON_NUMBER), "number");
	assert_string_equal(json_type_name(JSON_STRING), "string");
	assert_string_equal(json_type_name(JSON_ARRAY), "array");
	assert_string_equal(json_type_name(JSON_OBJECT), "object");
}

/* ------------------------------------------------------------------ */
/* Writer                                                              */

static void write_sample(json_writer *w)
{
	jw_obj_begin(w);
	jw_key(w, "a");
	jw_i64(w, 1);
	jw_key(w, "b");
	jw_arr_begin(w);
	jw_i64(w, 1);
	jw_u64(w, 2);
	jw_arr_end(w);
	jw_key(w, "c");
	jw_obj_begin(w);
	jw_obj_end(w);
	jw_key(w, "d");
	jw_arr_begin(w);
	jw_arr_end(w);
	jw_key(w, "e");
	jw_obj_begin(w);
	jw_key(w, "f");
	jw_arr_begin(w);
	jw_obj_begin(w);
	jw_obj_end(w);
	jw_arr_begin(w);
	jw_arr_end(w);
	jw_arr_end(w);
	jw_obj_end(w);
	jw_key(w, "g");
	jw_null(w);
	jw_key(w, "h");
	jw_bool(w, 1);
	jw_key(w, "i");
	jw_bool(w, 0);
	jw_key(w, "j");
	jw_str(w, "s");
	jw_key(w, "k");
	jw_i64(w, INT64_MIN);
	jw_key(w, "l");
	jw_u64(w, UINT64_MAX);
	jw_key(w, "m");
	jw_str(w, NULL);
	jw_key(w, "n");
	jw_i64(w, 0);
	jw_obj_end(w);
}

static void jw_writes_compact_json(void **state)
{
	json_writer w;
	lc_error err;
	size_t len = 0;
	char *text;

	(void)state;
	jw_init(&w, 0);
	write_sample(&w);
	text = jw_finish(&w, &len, &err);
	assert_non_null(text);
	assert_string_equal(text,
		"{\"a\":1,\"b\":[1,2],\"c\":{},\"d\":[],\"e\":{\"f\":[{},[]]},"
		"\"g\":null,\"h\":true,\"i\":false,\"j\":\"s\","
		"\"k\":-9223372036854775808,\"l\":18446744073709551615,"
		"\"m\":\"\",\"n\":0}");
	assert_int_equal(len, strlen(text));
	mem_free(text);
}

static void jw_writes_go_indented_layout(void **state)
{
	json_writer w;
	lc_error err;
	char *text;

	(void)state;
	jw_init(&w, 2);
	write_sample(&w);
	text = jw_finish(&w, NULL, &err);
	assert_non_null(text);
	assert_string_equal(text,
		"{\n"
		"  \"a\": 1,\n"
		"  \"b\": [\n"
		"    1,\n"
		"    2\n"
		"  ],\n"
		"  \"c\": {},\n"
		"  \"d\": [],\n"
		"  \"e\": {\n"
		"    \"f\": [\n"
		"      {},\n"
		"      []\n"
		"    ]\n"
		"  },\n"
		"  \"g\": null,\n"
		"  \"h\": true,\n"
		"  \"i\": false,\n"
		"  \"j\": \"s\",\n"
		"  \"k\": -9223372036854775808,\n"
		"  \"l\": 18446744073709551615,\n"
		"  \"m\": \"\",\n"
		"  \"n\": 0\n"
		"}");
	mem_free(text);

	/* Top-level scalars and empty containers stand alone. */
	jw_init(&w, 2);
	jw_arr_begin(&w);
	jw_arr_end(&w);
	text = jw_finish(&w, NULL, &err);
	assert_string_equal(text, "[]");
	mem_free(text);
	jw_init(&w, 2);
	jw_str(&w, "x");
	text = jw_finish(&w, NULL, &err);
	assert_string_equal(text, "\"x\"");
	mem_free(text);
}

static void jw_escapes_strings_like_go(void **state)
{
	json_writer w;
	lc_error err;
	size_t len;
	char *text;

	(void)state;
	jw_init(&w, 0);
	jw_obj_begin(&w);
	jw_key(&w, "<k&\"\n");
	jw_str(&w, "q\"b\\s/\n\t\r\b\f\x01\x1f\x7f<>&"
		   "\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xaa \xc3\xa9 \xf0\x9f\x98\x80");
	jw_key(&w, "bad");
	jw_str(&w, "\xff" "a" "\xc0\xaf" "b" "\xe0\x80\x80" "c" "\xed\xa0\x80" "d" "\xe2\x82");
	jw_key(&w, "nul");
	jw_strn(&w, "a\0b", 3);
	jw_obj_end(&w);
	text = jw_finish(&w, &len, &err);
	assert_non_null(text);
	assert_string_equal(text,
		"{\"\\u003ck\\u0026\\\"\\n\":"
		"\"q\\\"b\\\\s/\\n\\t\\r\\b\\f\\u0001\\u001f\x7f\\u003c\\u003e\\u0026"
		"\\u2028\\u2029\xe2\x80\xaa \xc3\xa9 \xf0\x9f\x98\x80\","
		"\"bad\":\"\\ufffda\\ufffd\\ufffdb\\ufffd\\ufffd\\ufffdc"
		"\\ufffd\\ufffd\\ufffdd\\ufffd\\ufffd\","
		"\"nul\":\"a\\u0000b\"}");
	mem_free(text);
}

static void expect_misuse(json_writer *w, const char *msg)
{
	lc_error err;
	size_t len = 99;
	char *text;

	memset(&err, 0, sizeof err);
	text = jw_finish(w, &len, &err);
	assert_null(text);
	assert_int_equal(len, 0);
	assert_int_equal(err.code, LC_EMISUSE);
	assert_true(MSG_EQ(err.msg, msg));
	assert_null(w->buf);
}

static void jw_reports_unbalanced_and_misplaced_calls(void **state)
{
	json_writer w;
	int i;
	char msg[64];

	(void)state;
	jw_init(&w, 0);
	jw_obj_end(&w);
	expect_misuse(&w, "write JSON: '}' without a matching '{'");

	jw_init(&w, 2);
	jw_arr_begin(&w);
	jw_obj_end(&w);
	jw_arr_end(&w);		/* ignored: the first error sticks */
	expect_misuse(&w, "write JSON: '}' without a matching '{'");

	jw_init(&w, 0);
	jw_obj_begin(&w);
	jw_arr_end(&w);
	expect_misuse(&w, "write JSON: ']' without a matching '['");

	jw_init(&w, 0);
	jw_obj_begin(&w);
	jw_key(&w, "a");
	jw_arr_begin(&w);
	expect_misuse(&w, "write JSON: '[' never closed");

	jw_init(&w, 0);
	jw_obj_begin(&w);
	jw_i64(&w, 1);
	expect_misuse(&w, "write JSON: object member without a key");

	jw_init(&w, 0);
	jw_arr_begin(&w);
	jw_key(&w, "a");
	expect_misuse(&w, "write JSON: key outside an object");

	jw_init(&w, 0);
	jw_key(&w, "a");
	expect_misuse(&w, "write JSON: key outside an object");

	jw_init(&w, 0);
	jw_obj_begin(&w);
	jw_key(&w, "a");
	jw_key(&w, "b");
	expect_misuse(&w, "write JSON: key without a value");

	jw_init(&w, 0);
	jw_obj_begin(&w);
	jw_key(&w, "a");
	jw_obj_end(&w);
	expect_misuse(&w, "write JSON: key without a value before '}'");

	jw_init(&w, 0);
	jw_obj_begin(&w);
	jw_key(&w, "a");
	expect_misuse(&w, "write JSON: key without a value");

	jw_init(&w, 0);
	jw_i64(&w, 1);
	jw_i64(&w, 2);
	expect_misuse(&w, "write JSON: more than one top-level value");

	jw_init(&w, 0);
	expect_misuse(&w, "write JSON: no value written");

	jw_init(&w, 0);
	for (i = 0; i <= LC_JSON_MAX_DEPTH; i++)
		jw_arr_begin(&w);
	for (i = 0; i <= LC_JSON_MAX_DEPTH; i++)
		jw_arr_end(&w);
	snprintf(msg, sizeof msg, "write JSON: nesting deeper than %d", LC_JSON_MAX_DEPTH);
	expect_misuse(&w, msg);
}

static const char *const corpus[] = {
	"null", "true", "false", "0", "-1.5e-7", "\"\"", "[]", "{}",
	"{\"a\":[1,2,{\"b\":null}],\"c\":\"\\u00e9\\ud83d\\ude00\",\"d\":{}}",
	"[[[[[]]]],{\"\":{\"\":[]}},\"<&>\\u2028\\u0000\\t\\\\\\\"\"]",
	"{\"k\\u0000\":1,\"k\":2,\"k\":3,\"x y\":[true,false,null]}",
	"[9223372036854775807,-9223372036854775808,18446744073709551615,"
	"123456789012345678901234567890.5e-300]",
	"{\"process\":{\"args\":[\"sh\",\"-c\",\"echo hi\"],\"env\":[\"PATH=/bin\"],"
	"\"user\":{\"uid\":0,\"gid\":0}},\"linux\":{\"namespaces\":[{\"type\":\"pid\"},"
	"{\"type\":\"mount\"},{\"type\":\"network\",\"path\":\"/proc/1/ns/net\"}]}}",
};

static void jw_round_trips_parsed_trees(void **state)
{
	json_value *a;
	json_value *b;
	unsigned indent;
	size_t i;
	char *text;

	(void)state;
	for (i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
		a = parse_ok(corpus[i]);
		for (indent = 0; indent <= 4; indent += 2) {
			text = write_tree(a, indent);
			b = parse_ok(text);
			if (!tree_equal(a, b))
				fail_msg("round trip of %s gave %s", corpus[i], text);
			json_free(b);
			mem_free(text);
		}
		json_free(a);
	}

	/* Writing normalises: whitespace goes, escapes are Go's. */
	a = parse_ok(" { \"a\" : [ 1 , 2.5E3 , \"\\u00e9\\/\\u003C\" ] } ");
	text = write_tree(a, 0);
	assert_string_equal(text, "{\"a\":[1,2.5E3,\"\xc3\xa9/\\u003c\"]}");
	mem_free(text);
	json_free(a);
}

/* ------------------------------------------------------------------ */
/* Allocation failures                                                 */

static void json_parse_fails_cleanly_on_every_allocation_failure(void **state)
{
	json_value *v;
	lc_error err;
	char want[128];
	unsigned long n;
	long live;
	size_t i;
	int rc;

	(void)state;
	snprintf(want, sizeof want, "parse JSON: %s", strerror(ENOMEM));
	for (i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
		for (n = 1;; n++) {
			live = hook_live;
			hook_calls = 0;
			hook_fail_at = n;
			v = NULL;
			rc = json_parse(corpus[i], strlen(corpus[i]), &v, &err);
			hook_fail_at = 0;
			if (hook_calls == 0) {
				json_free(v);
				skip();		/* lc.c was built with other hooks */
			}
			if (rc == 0) {
				assert_true(n > hook_calls);
				json_free(v);
				break;
			}
			assert_int_equal(rc, LC_ENOMEM);
			assert_int_equal(err.code, LC_ENOMEM);
			assert_int_equal(err.sys_errno, ENOMEM);
			assert_true(MSG_EQ(err.msg, want));
			assert_null(v);
			assert_int_equal(hook_live, live);
		}
	}
}

static void jw_fails_cleanly_without_memory(void **state)
{
	json_writer w;
	lc_error err;
	char want[128];
	unsigned long n;
	long live;
	char *text;
	size_t len;
	int i;

	(void)state;
	snprintf(want, sizeof want, "write JSON: %s", strerror(ENOMEM));
	for (n = 1;; n++) {
		live = hook_live;
		hook_calls = 0;
		hook_fail_at = n;
		jw_init(&w, 2);
		jw_arr_begin(&w);
		for (i = 0; i < 200; i++)
			write_sample(&w);
		jw_arr_end(&w);
		text = jw_finish(&w, &len, &err);
		hook_fail_at = 0;
		if (hook_calls == 0) {
			mem_free(text);
			skip();
		}
		if (text) {
			assert_true(n > hook_calls);
			assert_true(hook_calls > 3);
			assert_int_equal(len, strlen(text));
			mem_free(text);
			break;
		}
		assert_int_equal(err.code, LC_ENOMEM);
		assert_true(MSG_EQ(err.msg, want));
		assert_int_equal(hook_live, live);
	}
}

/* lc's own formatter (section 4) against glibc's snprintf, conversion by
** conversion, with the widths and flags lc and runner use. */
#define SAME_AS_LIBC(...)                                                   \
	do {                                                                \
		char mine[128];                                             \
		char libc[128];                                             \
		int n1 = str_print(mine, sizeof mine, __VA_ARGS__);         \
		int n2 = snprintf(libc, sizeof libc, __VA_ARGS__);          \
		assert_string_equal(mine, libc);                            \
		assert_int_equal(n1, n2);                                   \
	} while (0)

static void str_print_formats_like_snprintf(void **state)
{
	(void)state;
	SAME_AS_LIBC("plain text, 100%% sure");
	SAME_AS_LIBC("%d %d %d %i", 0, -1, INT_MAX, INT_MIN);
	SAME_AS_LIBC("%u %u", 0u, UINT_MAX);
	SAME_AS_LIBC("%ld %ld %lu", LONG_MIN, LONG_MAX, ULONG_MAX);
	SAME_AS_LIBC("%lld %lld %llu", (long long)INT64_MIN, (long long)INT64_MAX,
		     (unsigned long long)UINT64_MAX);
	SAME_AS_LIBC("%zu %zu", (size_t)0, SIZE_MAX);
	SAME_AS_LIBC("%x %X %lx %llx", 0xbeefu, 0xbeefu, 0x7fffffffUL, 0xffffffffffffffffULL);
	SAME_AS_LIBC("%02x %04x %04lx %02d %04d %09ld", 5u, 0xabu, 0x1UL, 7, 2026, 42L);
	SAME_AS_LIBC("%02d %05d %-5d| %5d|", -3, -42, -7, 12);
	SAME_AS_LIBC("%c%c%%", 'a', '"');
	SAME_AS_LIBC("[%s] [%-10s] [%10s] [%*s] [%-*s]", "x", "left", "right", 6, "a", 4, "b");
	SAME_AS_LIBC("[%.3s] [%.*s] [%.0s] [%.80s]", "abcdef", 2, "xyz", "gone", "short");
	SAME_AS_LIBC("%s", "");
	SAME_AS_LIBC("%*s|", 0, "");
}

static void str_print_cuts_and_counts_like_snprintf(void **state)
{
	char buf[8];
	int n;

	(void)state;
	memset(buf, 'x', sizeof buf);
	n = str_print(buf, sizeof buf, "%s-%llu", "abcdef", (unsigned long long)UINT64_MAX);
	assert_int_equal(n, 27);
	assert_string_equal(buf, "abcdef-");
	n = str_print(buf, 1, "%d", 12345);
	assert_int_equal(n, 5);
	assert_string_equal(buf, "");
	buf[0] = 'q';
	n = str_print(buf, 0, "%d", 1); /* size 0: nothing written */
	assert_int_equal(n, 1);
	assert_int_equal(buf[0], 'q');
	assert_int_equal(str_fmt(buf, sizeof buf, "%s", "1234567"), 0);
	assert_int_equal(str_fmt(buf, sizeof buf, "%s", "12345678"), -ENAMETOOLONG);
	assert_int_equal(lc_snprintf(buf, sizeof buf, "%lld", (long long)INT64_MIN), 20);
	assert_string_equal(buf, "-922337");
}

/* lc_strtoull and lc_strtoll agree with the C library's base-10 strtoull
** and strtoll: value, end pointer and ERANGE. */
static void str_dec_matches_libc(void **state)
{
	static const char *in[] = {"0", "42", "  +7x", "\t-13", "-", "+", "", "x1",
				   "18446744073709551615", "18446744073709551616",
				   "99999999999999999999999", "-1", "9223372036854775807",
				   "9223372036854775808", "-9223372036854775808",
				   "-9223372036854775809", "007 ", "-0"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof in / sizeof in[0]; i++) {
		char *e1;
		char *e2;
		int r1;
		int r2;
		unsigned long long u;
		long long l;

		errno = 0;
		u = lc_strtoull(in[i], &e1);
		r1 = errno;
		errno = 0;
		assert_true(u == strtoull(in[i], &e2, 10));
		r2 = errno;
		assert_ptr_equal(e1, e2);
		assert_int_equal(r1, r2);
		errno = 0;
		l = lc_strtoll(in[i], &e1);
		r1 = errno;
		errno = 0;
		assert_true(l == strtoll(in[i], &e2, 10));
		r2 = errno;
		assert_ptr_equal(e1, e2);
		assert_int_equal(r1, r2);
	}
}

static void str_time_writes_rfc3339_utc(void **state)
{
	char buf[40];

	(void)state;
	assert_int_equal(str_time(buf, sizeof buf, 0, -1), 20);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	str_time(buf, sizeof buf, -1, -1);
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
	str_time(buf, sizeof buf, 1795673081, 5);
	assert_string_equal(buf, "2026-11-26T06:04:41.000000005Z");
	str_time(buf, sizeof buf, 951782400, -1); /* a leap day of a 400th year */
	assert_string_equal(buf, "2000-02-29T00:00:00Z");
	str_time(buf, sizeof buf, 4107542400LL, -1); /* 2100 is no leap year */
	assert_string_equal(buf, "2100-03-01T00:00:00Z");
	str_time(buf, sizeof buf, -2208988800LL, 999999999);
	assert_string_equal(buf, "1900-01-01T00:00:00.999999999Z");
	/* every day of 1960..2100 (..2037 with a 32-bit time_t) agrees with gmtime_r */
	for (long long t = -315619200LL; t < (sizeof(time_t) < 8 ? 2145916800LL : 4133980800LL);
	     t += 86400 + 3601) {
		char want[40];
		struct tm tm;
		time_t tt = (time_t)t;

		gmtime_r(&tt, &tm);
		strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
		lc_time_rfc3339(buf, sizeof buf, t, -1);
		assert_string_equal(buf, want);
	}
}

/* lc_time_now: the kernel's wall clock through the raw syscall (also the
** time64 call on a 32-bit ABI with 64-bit time_t), as libc reads it. */
static void time_now_is_the_wall_clock(void **state)
{
	struct timespec before;
	struct timespec after;
	long nsec = -1;
	long long now;

	(void)state;
	clock_gettime(CLOCK_REALTIME, &before);
	now = lc_time_now(&nsec);
	clock_gettime(CLOCK_REALTIME, &after);
	assert_true(nsec >= 0 && nsec < 1000000000);
	assert_true(now * 1000000000LL + nsec >= (long long)before.tv_sec * 1000000000LL + before.tv_nsec);
	assert_true(now * 1000000000LL + nsec <= (long long)after.tv_sec * 1000000000LL + after.tv_nsec);
	assert_true(lc_time_now(NULL) >= now);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a;
	int y = *(const int *)b;

	return (x > y) - (x < y);
}

struct wide {
	long long key;
	char pad[13];
};

static int cmp_wide(const void *a, const void *b)
{
	const struct wide *x = a;
	const struct wide *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

/* mem_sort (section 4) orders like qsort: every length up to 300 and
** 5000, few and many duplicates, and elements of an odd size. */
static void mem_sort_orders_like_qsort(void **state)
{
	static int a[5000];
	static int b[5000];
	static struct wide w[700];
	unsigned seed = 1;
	size_t n;
	size_t i;

	(void)state;
	for (n = 0; n <= 5000; n = n < 300 ? n + 1 : n + 4700) {
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			a[i] = b[i] = (int)(seed >> 8) % (n % 2 ? 7 : 100000) - 3;
		}
		mem_sort(a, n, sizeof a[0], cmp_int);
		qsort(b, n, sizeof b[0], cmp_int);
		assert_memory_equal(a, b, sizeof a);
	}
	for (i = 0; i < 700; i++) {
		w[i].key = (long long)((700 - i) * 7919 % 701) - 350;
		memset(w[i].pad, (int)(w[i].key & 0x7f), sizeof w[i].pad);
	}
	mem_sort(w, 700, sizeof w[0], cmp_wide);
	for (i = 1; i < 700; i++) {
		assert_true(w[i - 1].key <= w[i].key);
		assert_int_equal(w[i].pad[12], (char)(w[i].key & 0x7f));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mem_sort_orders_like_qsort),
		cmocka_unit_test(str_print_formats_like_snprintf),
		cmocka_unit_test(str_print_cuts_and_counts_like_snprintf),
		cmocka_unit_test(str_time_writes_rfc3339_utc),
		cmocka_unit_test(time_now_is_the_wall_clock),
		cmocka_unit_test(json_parses_every_value_kind),
		cmocka_unit_test(json_keeps_number_literals),
		cmocka_unit_test(json_decodes_every_escape),
		cmocka_unit_test(json_combines_surrogate_pairs),
		cmocka_unit_test(json_keeps_nul_in_strings_and_keys),
		cmocka_unit_test(json_keeps_big_integers_exact),
		cmocka_unit_test(json_get_returns_last_duplicate_key),
		cmocka_unit_test(json_accepts_whitespace_everywhere),
		cmocka_unit_test(json_records_line_and_column_of_values),
		cmocka_unit_test(json_rejects_malformed_documents),
		cmocka_unit_test(json_reports_positions_across_lf_and_crlf),
		cmocka_unit_test(json_rejects_depth_over_limit),
		cmocka_unit_test(json_rejects_depth_bomb_fast),
		cmocka_unit_test(json_rejects_oversized_document),
		cmocka_unit_test(json_truncates_long_paths_keeping_the_end),
		cmocka_unit_test(json_parse_accepts_null_err_and_rejects_null_out),
		cmocka_unit_test(json_get_i64_converts_exactly_at_the_edges),
		cmocka_unit_test(json_get_u64_converts_exactly_at_the_edges),
		cmocka_unit_test(json_type_name_names_every_type),
		cmocka_unit_test(str_dec_matches_libc),
		cmocka_unit_test(jw_writes_compact_json),
		cmocka_unit_test(jw_writes_go_indented_layout),
		cmocka_unit_test(jw_escapes_strings_like_go),
		cmocka_unit_test(jw_reports_unbalanced_and_misplaced_calls),
		cmocka_unit_test(jw_round_trips_parsed_trees),
		cmocka_unit_test(json_parse_fails_cleanly_on_every_allocation_failure),
		cmocka_unit_test(jw_fails_cleanly_without_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
