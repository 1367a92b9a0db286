/*
 * test_torture.c - allocation failures: the Nth allocation fails, for N = 1,
 * 2, ... until the operation succeeds.  Every failing run must end in an
 * error (a message, no crash), and the successful one must give the same
 * result as without the torture.  Our own code is linked with --wrap for
 * malloc, calloc, realloc, strdup and strndup, and libxml2 is pointed at the
 * same hooks with xmlMemSetup.  (Leaks show up in the sanitizer build.)
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

#include "caseload/caseload.h"
#include "il/il.h"

void test_register(void);

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static long fail_at; /* 0: never */
static long calls;

static int should_fail(void)
{
    return fail_at > 0 && ++calls == fail_at;
}

void *__wrap_malloc(size_t size)
{
    return should_fail() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return should_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    return should_fail() ? NULL : __real_realloc(p, size);
}

char *__wrap_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = __wrap_malloc(n);

    if (d)
        memcpy(d, s, n);
    return d;
}

char *__wrap_strndup(const char *s, size_t max)
{
    size_t n = strnlen(s, max);
    char *d = __wrap_malloc(n + 1);

    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static void arm(long n)
{
    calls = 0;
    fail_at = n;
}

static struct caseload cl;

/* libxml2 prints "Memory allocation failed" for each failure: expected here. */
static void quiet_errors(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

static int suite_init(void)
{
    struct err e;

    xmlSetGenericErrorFunc(NULL, quiet_errors);
    if (xmlMemSetup(free, __wrap_malloc, __wrap_realloc, __wrap_strdup) != 0)
        return -1;
    err_init(&e);
    return caseload_init(&cl, &e);
}

static const char case_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<case xmlns=\"urn:profcheck:case:1\" timeout=\"30\">\n"
    "  <description>torture</description>\n"
    "  <tags>a b</tags>\n"
    "  <matrix><axis name=\"tc\"><value name=\"on\"/><value name=\"off\"/></axis></matrix>\n"
    "  <app fixture=\"Rejit\" args=\"x y\"><env name=\"A\" value=\"1\"/></app>\n"
    "  <profiler events=\"jit rejit\" only=\"Rejit!*\"/>\n"
    "  <steps>\n"
    "    <wait stdout=\"ready\"/>\n"
    "    <rejit method=\"Rejit!Fixtures.Target::Value\"><il>.locals init (int32)\n ldc.i4 42; stloc.0; ldloc.0; ret</il></rejit>\n"
    "    <attach hold=\"true\"/><attach-reply/>\n"
    "    <define kind=\"user-string\" assembly=\"Rejit\" text=\"x\"/>\n"
    "    <wait stdout-re=\"Target.Value=[0-9]+\"/>\n"
    "  </steps>\n"
    "  <events>\n"
    "    <check event=\"JITCompilationStarted\" method=\"Rejit!*\" function-id=\"$f\"/>\n"
    "    <next event=\"JITCompilationFinished\" function-id=\"$f\"/>\n"
    "    <count event=\"ReJITError\" max=\"0\" as=\"n\"/>\n"
    "    <unordered><check event=\"GetReJITParameters\"/><check event=\"ReJITCompilationStarted\"/></unordered>\n"
    "  </events>\n"
    "  <outcome exit=\"0\"><stdout contains=\"ready\"/></outcome>\n"
    "</case>\n";

/* What a loaded case comes to, as text: every step and check as written,
 * the request bodies, the environment and the outcome. */
static void fingerprint(const struct case_set *set, char *out, size_t size)
{
    size_t o = 0;

#define PUT(...) (o += (size_t)snprintf(out + o, o < size ? size - o : 0, __VA_ARGS__))
    for (size_t v = 0; v < set->n; v++) {
        const struct case_def *c = &set->v[v];
        PUT("%s|%s|%s|%zu|%zu|%zu|", c->id, c->fixture ? c->fixture : "", c->description ? c->description : "",
            c->ntags, c->nargs, c->nenv);
        for (size_t i = 0; i < c->nenv; i++)
            PUT("%s=%s|", c->env[i].name, c->env[i].value);
        PUT("%u/%u|%s|", c->profiler.mask, c->profiler.mask_high, c->profiler.only ? c->profiler.only : "");
        for (size_t i = 0; i < c->nsteps; i++)
            PUT("S%d:%s:%s:%s|", c->steps[i].kind, c->steps[i].source ? c->steps[i].source : "",
                c->steps[i].request.il ? c->steps[i].request.il : "", c->steps[i].text ? c->steps[i].text : "");
        for (size_t i = 0; i < c->nchecks; i++)
            PUT("C%d:%s:%zu|", c->checks[i].kind, c->checks[i].source ? c->checks[i].source : "",
                c->checks[i].pattern.npreds);
        PUT("O%d:%d:%zu|", c->outcome.has_exit, c->outcome.exit_code, c->outcome.nstreams);
    }
#undef PUT
}

static void test_caseload(void)
{
    static char want[65536], got[65536];
    struct case_set set;
    struct err e;
    long total, silent = 0, failed = 0;

    err_init(&e);
    arm(LONG_MAX); /* count the allocations of one load */
    CU_ASSERT_EQUAL_FATAL(caseload_memory(&cl, case_xml, sizeof case_xml - 1, "t.xml", "area/t", &set, &e), 0);
    total = calls;
    arm(0);
    fingerprint(&set, want, sizeof want);
    case_set_release(&set);
    CU_ASSERT_TRUE(total > 100);

    for (long n = 1; n <= total; n++) {
        int rc;
        err_init(&e);
        arm(n);
        rc = caseload_memory(&cl, case_xml, sizeof case_xml - 1, "t.xml", "area/t", &set, &e);
        arm(0);
        if (rc != 0) {
            failed++;
            if (!e.msg[0])
                CU_FAIL("a failed load left no message");
            continue;
        }
        fingerprint(&set, got, sizeof got);
        case_set_release(&set);
        if (strcmp(got, want) != 0) {
            if (silent++ == 0 && getenv("TORTURE_TRACE"))
                fprintf(stderr, "allocation %ld failed silently:\n  want %.300s\n  got  %.300s\n", n, want, got);
        }
    }
    if (getenv("TORTURE_TRACE"))
        fprintf(stderr, "%ld allocations: %ld loads failed with a message, %ld changed silently\n", total, failed,
                silent);
    CU_ASSERT_EQUAL(silent, 0);
    CU_ASSERT_TRUE(failed > 0);
}

static void test_il(void)
{
    static const char text[] = ".locals init (int32, string)\n"
                               ".try L1 to L2 catch System.Runtime!System.Exception handler L3 to L4\n"
                               "L1: ldstr \"x\"\nstloc.1\nleave L4\nL2: nop\nL3: pop\nleave L4\n"
                               "L4: ldc.i4 1\nswitch (L5, L6)\nL5: nop\nL6: ldc.i4.0\nret\n";
    struct il_error err;
    long n;
    int rc = -1;

    for (n = 1; n < 100000 && rc != 0; n++) {
        il_error_init(&err);
        arm(n);
        rc = il_check(text, &err);
        arm(0);
        if (rc != 0 && !err.msg[0]) {
            CU_FAIL("a failed assembly left no message");
            break;
        }
    }
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_TRUE(n > 3);
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("torture", suite_init, NULL);

    CU_add_test(s, "case loader under failing allocations", test_caseload);
    CU_add_test(s, "IL assembler under failing allocations", test_il);
}
