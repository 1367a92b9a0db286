/*
 * test_rx.c - the regular expressions of case files (util/rx.h): POSIX ERE
 * meaning on PCRE2, and the limits that keep a pattern from taking the
 * machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "util/rx.h"

void test_register(void);

/* 1/0 as rx_match says, -9 when the pattern does not compile. */
static int match(const char *pattern, const char *line)
{
    char why[256];
    struct rx *rx;
    int rc;

    if (rx_compile(pattern, &rx, why, sizeof why) < 0) {
        fprintf(stderr, "\n    '%s' does not compile: %s\n", pattern, why);
        return -9;
    }
    rc = rx_match(rx, line, strlen(line));
    rx_free(rx);
    return rc;
}

/* The message of a pattern that must not compile. */
static const char *refusal(const char *pattern)
{
    static char why[256];
    struct rx *rx;

    if (rx_compile(pattern, &rx, why, sizeof why) == 0) {
        rx_free(rx);
        return "";
    }
    return why;
}

/* What POSIX ERE means, as the suite's cases use it and glibc's regexec answered. */
static void test_ere_meaning(void)
{
    static const struct {
        const char *pattern, *line;
        int want;
    } t[] = {
        {"^spawned [0-9]+$", "spawned 4242", 1},
        {"^spawned [0-9]+$", "spawned 42x", 0},
        {"^Target.Value=[1-9][0-9]*$", "Target.Value=42", 1},
        {"^Target.Value=[1-9][0-9]*$", "Target.Value=042", 0},
        {"a|b", "xbx", 1},
        {"(ab){2}", "abab", 1},
        {"(ab){2}", "ab", 0},
        {"a{2,}", "aa", 1},
        {"x{1,3}y", "xxxxy", 1},
        {"[[:digit:]]+", "abc7", 1},
        {"[[:alpha:]]", "123", 0},
        {"[^a-c]", "abc", 0},
        {"[]a]", "]", 1},
        {"[^]a]", "]", 0},
        /* A backslash in a bracket expression is itself, not an escape. */
        {"[\\]", "\\", 1},
        {"[a\\]+", "\\a\\", 1},
        {"[\\d]", "d", 1},
        {"[\\d]", "5", 0},
        /* Escaped specials outside brackets. */
        {"a\\.b", "a.b", 1},
        {"a\\.b", "axb", 0},
        {"\\(x\\)", "(x)", 1},
        /* GNU's word and text boundaries. */
        {"\\<cat\\>", "a cat sat", 1},
        {"\\<cat\\>", "concatenate", 0},
        {"\\`abc\\'", "abc", 1},
        {"\\`abc\\'", "xabc", 0},
        /* Back-references (a GNU extension glibc had). */
        {"^(a+)b\\1$", "aabaa", 1},
        {"^(a+)b\\1$", "aaba", 0},
        /* '.' is any byte; '$' is the end of the line only. */
        {"^.$", "\r", 1},
        {"x$", "x\n", 0},
        /* Lazy repeats do not change whether a line matches. */
        {"a+?b", "aaab", 1},
        /* The empty pattern matches every line. */
        {"", "anything", 1},
    };

    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        int got = match(t[i].pattern, t[i].line);
        if (got != t[i].want)
            fprintf(stderr, "\n    /%s/ on '%s': got %d, want %d\n", t[i].pattern, t[i].line, got, t[i].want);
        CU_ASSERT_EQUAL(got, t[i].want);
    }
}

/* Bytes, not characters: NUL and invalid UTF-8 in a line are matched as they are. */
static void test_bytes(void)
{
    char why[256];
    struct rx *rx;

    CU_ASSERT_EQUAL_FATAL(rx_compile("b.c$", &rx, why, sizeof why), 0);
    CU_ASSERT_EQUAL(rx_match(rx, "a\0b\0c", 5), 1);
    CU_ASSERT_EQUAL(rx_match(rx, "a\xff" "b\xc3" "c", 5), 1);
    rx_free(rx);
}

static void test_refusals(void)
{
    char *big = malloc(RX_PATTERN_MAX + 2);

    CU_ASSERT_PTR_NOT_NULL(strstr(refusal("(unclosed"), "missing closing parenthesis"));
    CU_ASSERT_PTR_NOT_NULL(strstr(refusal("[abc"), "not closed with ']'"));
    CU_ASSERT_PTR_NOT_NULL(strstr(refusal("abc\\"), "a backslash ends the pattern"));
    /* POSIX and PCRE2 disagree on a quantifier followed by '+'. */
    CU_ASSERT_PTR_NOT_NULL(strstr(refusal("a*+"), "possessive"));
    CU_ASSERT_PTR_NOT_NULL(strstr(refusal("a{2}+"), "possessive"));
    CU_ASSERT_STRING_EQUAL(refusal("a}+"), ""); /* a literal '}' repeated */
    /* glibc's regcomp grew to gigabytes on this one. */
    CU_ASSERT_PTR_NOT_NULL(strstr(refusal("(.*){1,32000}[bc]"), "too large"));
    /* More than 64 nested groups. */
    {
        char deep[2 * 70 + 2];
        memset(deep, '(', 70);
        deep[70] = 'a';
        memset(deep + 71, ')', 70);
        deep[141] = '\0';
        CU_ASSERT_PTR_NOT_NULL(strstr(refusal(deep), "parentheses are too deeply nested"));
    }
    /* UTF mode cannot be switched on from inside a pattern. */
    CU_ASSERT_NOT_EQUAL(refusal("(*UTF)x")[0], '\0');
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    memset(big, 'a', RX_PATTERN_MAX + 1);
    big[RX_PATTERN_MAX + 1] = '\0';
    CU_ASSERT_PTR_NOT_NULL(strstr(refusal(big), "the pattern has 4097 bytes; at most 4096"));
    free(big);
}

/* A pattern that backtracks without end gives up on the line, at once,
 * instead of keeping the case running for minutes (glibc needed 28 s for
 * 200 characters and doubled with every few more). */
static void test_backtracking_gives_up(void)
{
    char line[402];

    memset(line, 'a', 400);
    line[400] = 'b';
    line[401] = '\0';
    CU_ASSERT_EQUAL(match("^(a*)*\\1\\1$", line), RX_LIMIT);
    CU_ASSERT_EQUAL(match("^(a+)+$", line), RX_LIMIT);
    CU_ASSERT_EQUAL(match("^(a|aa)+$", line), RX_LIMIT);
    /* A pattern may lower its own limits, never raise them. */
    CU_ASSERT_EQUAL(match("(*LIMIT_MATCH=100000000)^(a+)+$", line), RX_LIMIT);
}

/* What rx_capture takes from line into out ("" when it does not match):
 * the first group, or the whole match; the pattern's group count in *groups. */
static int capture(const char *pattern, const char *line, char *out, size_t size, int *groups)
{
    char why[256];
    struct rx *rx;
    size_t start = 0, end = 0;
    int rc;

    out[0] = '\0';
    if (rx_compile(pattern, &rx, why, sizeof why) < 0)
        return -9;
    rc = rx_capture(rx, line, strlen(line), &start, &end);
    *groups = rx_groups(rx);
    if (rc == 1)
        snprintf(out, size, "%.*s", (int)(end - start), line + start);
    rx_free(rx);
    return rc;
}

/* <property>: the first group of a matching line, or the whole match. */
static void test_capture(void)
{
    char got[64], line[402];
    int groups = -1;

    CU_ASSERT_EQUAL(capture("^jitted [0-9]+ ([0-9]+)$", "jitted 50 1225", got, sizeof got, &groups), 1);
    CU_ASSERT_STRING_EQUAL(got, "1225");
    CU_ASSERT_EQUAL(groups, 1);
    CU_ASSERT_EQUAL(capture("[0-9]+ms", "took 35ms in all", got, sizeof got, &groups), 1);
    CU_ASSERT_STRING_EQUAL(got, "35ms");
    CU_ASSERT_EQUAL(groups, 0);
    /* A group that took no part: the whole match. */
    CU_ASSERT_EQUAL(capture("a(x)?b", "zab", got, sizeof got, &groups), 1);
    CU_ASSERT_STRING_EQUAL(got, "ab");
    CU_ASSERT_EQUAL(capture("^n=([0-9]+)$", "n=x", got, sizeof got, &groups), 0);
    CU_ASSERT_STRING_EQUAL(got, "");
    CU_ASSERT_EQUAL(capture("(a)(b)(c)", "abc", got, sizeof got, &groups), 1);
    CU_ASSERT_STRING_EQUAL(got, "a");
    CU_ASSERT_EQUAL(groups, 3);
    /* The same limits as a match. */
    memset(line, 'a', 400);
    line[400] = 'b';
    line[401] = '\0';
    CU_ASSERT_EQUAL(capture("^(a+)+$", line, got, sizeof got, &groups), RX_LIMIT);
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("rx", NULL, NULL);

    CU_add_test(s, "ere_meaning", test_ere_meaning);
    CU_add_test(s, "bytes", test_bytes);
    CU_add_test(s, "refusals", test_refusals);
    CU_add_test(s, "backtracking_gives_up", test_backtracking_gives_up);
    CU_add_test(s, "capture", test_capture);
}
