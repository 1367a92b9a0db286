#include "junit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "atomic_write.h"
#include "c_numeric.h"
#include "sanitize.h"

struct area_totals {
    size_t tests, failures, errors, skipped;
    double seconds;
};

/* Writes sanitised text; 0 or -1. */
static int write_text(xmlTextWriterPtr w, const char *text, size_t cap)
{
    struct strbuf sb = STRBUF_INIT;
    int rc = -1;

    if (!text)
        return 0;
    if (sanitize_capped(text, strlen(text), cap, &sb) == 0)
        rc = xmlTextWriterWriteString(w, (const xmlChar *)strbuf_str(&sb)) < 0 ? -1 : 0;
    strbuf_release(&sb);
    return rc;
}

/* An output stream a result kept (RESULT_OUTPUT_KEEP): cut already, or capped here. */
static int write_output(xmlTextWriterPtr w, const char *text, size_t left_out)
{
    struct strbuf sb = STRBUF_INIT;
    int rc = -1;

    if (!text)
        return 0;
    if ((left_out ? sanitize_cut(text, strlen(text), left_out, &sb)
                  : sanitize_capped(text, strlen(text), JUNIT_OUTPUT_CAP, &sb)) == 0)
        rc = xmlTextWriterWriteString(w, (const xmlChar *)strbuf_str(&sb)) < 0 ? -1 : 0;
    strbuf_release(&sb);
    return rc;
}

static int write_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
    struct strbuf sb = STRBUF_INIT;
    int rc = -1;

    if (sanitize_text(value ? value : "", value ? strlen(value) : 0, &sb) == 0)
        rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)name, (const xmlChar *)strbuf_str(&sb)) < 0 ? -1 : 0;
    strbuf_release(&sb);
    return rc;
}

static int write_attrf(xmlTextWriterPtr w, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int write_attrf(xmlTextWriterPtr w, const char *name, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return write_attr(w, name, buf);
}

static int same_area(const struct result *a, const struct result *b)
{
    return strcmp(a->area ? a->area : "", b->area ? b->area : "") == 0;
}

static void totals(const struct result *results, size_t n, size_t first, struct area_totals *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = first; i < n; i++) {
        if (!same_area(&results[first], &results[i]))
            continue;
        t->tests++;
        t->seconds += results[i].seconds;
        switch (results[i].verdict) {
        case VERDICT_FAIL:
        case VERDICT_XPASS:
            t->failures++;
            break;
        case VERDICT_ERROR:
        case VERDICT_TIMEOUT:
            t->errors++;
            break;
        case VERDICT_SKIP:
            t->skipped++;
            break;
        default:
            break;
        }
    }
}

/* The JUnit type of a verdict that did not pass. */
static const char *failure_type(enum verdict v)
{
    switch (v) {
    case VERDICT_XPASS:
        return "UnexpectedPass";
    case VERDICT_ERROR:
        return "CaseError";
    case VERDICT_TIMEOUT:
        return "Timeout";
    default:
        return "CheckFailed";
    }
}

static int is_error(enum verdict v)
{
    return v == VERDICT_ERROR || v == VERDICT_TIMEOUT;
}

/* "message\ndetails" as the element's text; 0 or -1. */
static int write_body(xmlTextWriterPtr w, const char *message, const char *details)
{
    struct strbuf text = STRBUF_INIT;
    int rc = -1;

    if (strbuf_addf(&text, "%s\n", message) == 0 && (!details || strbuf_adds(&text, details) == 0))
        rc = write_text(w, strbuf_str(&text), JUNIT_OUTPUT_CAP);
    strbuf_release(&text);
    return rc;
}

/* <element message type>message + details</element>; type may be NULL. */
static int write_report_element(xmlTextWriterPtr w, const char *element, const char *type, const char *message,
                                const char *details, int with_text)
{
    if (xmlTextWriterStartElement(w, (const xmlChar *)element) < 0 || write_attr(w, "message", message) < 0)
        return -1;
    if (type && write_attr(w, "type", type) < 0)
        return -1;
    if (with_text && write_body(w, message, details) < 0)
        return -1;
    return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

/* An earlier attempt: <flakyFailure|rerunFailure message type><stackTrace>
 * message + details</stackTrace></...>, the shape both Surefire's schema
 * and Jenkins' junit-10.xsd accept, and the one place Jenkins reads an
 * attempt's details from. */
static int write_attempt(xmlTextWriterPtr w, const char *element, const struct attempt *a, size_t i, size_t runs)
{
    char message[1024];

    snprintf(message, sizeof message, "attempt %zu of %zu: %s", i + 1, runs,
             a->message ? a->message : verdict_name(a->verdict));
    if (xmlTextWriterStartElement(w, (const xmlChar *)element) < 0 || write_attr(w, "message", message) < 0 ||
        write_attr(w, "type", failure_type(a->verdict)) < 0 ||
        xmlTextWriterStartElement(w, (const xmlChar *)"stackTrace") < 0 || write_body(w, message, a->details) < 0 ||
        xmlTextWriterEndElement(w) < 0)
        return -1;
    return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

/*
 * The verdict's element, then one element per earlier failed attempt: a
 * case that passed after failing has flakyFailure children and no failure;
 * one that failed every time has its failure or error and a rerunFailure
 * per earlier run.  Attempts that ended in an error or a timeout are
 * flakyFailure/rerunFailure too (their type says Timeout or CaseError):
 * Jenkins reads only those two names, so a flakyError would vanish there.
 */
static int write_outcome(xmlTextWriterPtr w, const struct result *r)
{
    const char *message = r->message ? r->message : verdict_name(r->verdict);
    int passed = r->verdict == VERDICT_PASS || r->verdict == VERDICT_XFAIL;

    if (r->verdict == VERDICT_SKIP)
        return write_report_element(w, "skipped", NULL, message, NULL, 0);
    if (!passed && write_report_element(w, is_error(r->verdict) ? "error" : "failure", failure_type(r->verdict),
                                        message, r->details, 1) < 0)
        return -1;
    for (size_t i = 0; i < r->nattempts; i++)
        if (write_attempt(w, passed ? "flakyFailure" : "rerunFailure", &r->attempts[i], i, r->nattempts + 1) < 0)
            return -1;
    return 0;
}

static int write_property(xmlTextWriterPtr w, const char *name, const char *value)
{
    if (xmlTextWriterStartElement(w, (const xmlChar *)"property") < 0 || write_attr(w, "name", name) < 0 ||
        write_attr(w, "value", value) < 0)
        return -1;
    return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

/* The test case's <properties>: what the result carries (measurements,
 * known-issue, xfail), the runtime it ran on and how many runs it took.
 * Jenkins shows them on the test case's page. */
static int write_case_properties(xmlTextWriterPtr w, const struct result *r)
{
    char runs[32];

    if (!r->nprops && !r->runtime_version && !r->nattempts)
        return 0;
    if (xmlTextWriterStartElement(w, (const xmlChar *)"properties") < 0)
        return -1;
    for (size_t i = 0; i < r->nprops; i++)
        if (write_property(w, r->props[i].name, r->props[i].value) < 0)
            return -1;
    if (r->runtime_version && write_property(w, JUNIT_PROP_RUNTIME, r->runtime_version) < 0)
        return -1;
    snprintf(runs, sizeof runs, "%zu", r->nattempts + 1);
    if (r->nattempts && write_property(w, JUNIT_PROP_ATTEMPTS, runs) < 0)
        return -1;
    return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

static int write_case(xmlTextWriterPtr w, const struct result *r, const struct junit_meta *meta)
{
    if (xmlTextWriterStartElement(w, (const xmlChar *)"testcase") < 0 || write_attr(w, "name", r->id) < 0 ||
        write_attrf(w, "classname", "%s.%s", meta->classname_prefix, r->area ? r->area : "cases") < 0 ||
        write_attrf(w, "time", "%.3f", r->seconds) < 0 || write_case_properties(w, r) < 0 ||
        write_outcome(w, r) < 0)
        return -1;
    if (r->nprops || (r->stdout_text && r->stdout_text[0]) || (r->replies_text && r->replies_text[0])) {
        /* Measurements ride in system-out as [[PROPERTY|name=value]] lines,
         * before the app's output, so that capping it never cuts them. */
        if (xmlTextWriterStartElement(w, (const xmlChar *)"system-out") < 0)
            return -1;
        for (size_t i = 0; i < r->nprops; i++) {
            struct strbuf line = STRBUF_INIT;
            int rc = strbuf_addf(&line, "[[PROPERTY|%s=%s]]\n", r->props[i].name, r->props[i].value);
            if (rc == 0)
                rc = write_text(w, strbuf_str(&line), JUNIT_OUTPUT_CAP);
            strbuf_release(&line);
            if (rc < 0)
                return -1;
        }
        /* The replies of the app's reply channel come first, between marker
         * lines (junit_read.c takes them apart again), then its stdout. */
        if (r->replies_text && r->replies_text[0] &&
            (write_text(w, JUNIT_REPLIES_BEGIN "\n", JUNIT_OUTPUT_CAP) < 0 ||
             write_output(w, r->replies_text, r->replies_left_out) < 0 ||
             write_text(w, r->replies_text[strlen(r->replies_text) - 1] == '\n' ? JUNIT_REPLIES_END "\n"
                                                                              : "\n" JUNIT_REPLIES_END "\n",
                        JUNIT_OUTPUT_CAP) < 0))
            return -1;
        if (write_output(w, r->stdout_text, r->stdout_left_out) < 0 || xmlTextWriterEndElement(w) < 0)
            return -1;
    }
    if (r->stderr_text && r->stderr_text[0]) {
        if (xmlTextWriterStartElement(w, (const xmlChar *)"system-err") < 0 ||
            write_output(w, r->stderr_text, r->stderr_left_out) < 0 || xmlTextWriterEndElement(w) < 0)
            return -1;
    }
    return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

static int write_suite(xmlTextWriterPtr w, const struct result *results, size_t n, size_t first, size_t id,
                       const struct junit_meta *meta, const char *stamp)
{
    struct area_totals t;

    totals(results, n, first, &t);
    if (xmlTextWriterStartElement(w, (const xmlChar *)"testsuite") < 0 ||
        write_attr(w, "name", results[first].area ? results[first].area : "cases") < 0 ||
        write_attrf(w, "tests", "%zu", t.tests) < 0 || write_attrf(w, "failures", "%zu", t.failures) < 0 ||
        write_attrf(w, "errors", "%zu", t.errors) < 0 || write_attrf(w, "skipped", "%zu", t.skipped) < 0 ||
        write_attrf(w, "time", "%.3f", t.seconds) < 0 || write_attr(w, "timestamp", stamp) < 0 ||
        write_attr(w, "hostname", meta->hostname ? meta->hostname : "localhost") < 0 ||
        write_attrf(w, "id", "%zu", id) < 0)
        return -1;
    if (xmlTextWriterStartElement(w, (const xmlChar *)"properties") < 0)
        return -1;
    for (size_t i = 0; i < meta->nprops; i++)
        if (write_property(w, meta->props[i].name, meta->props[i].value) < 0)
            return -1;
    if (xmlTextWriterEndElement(w) < 0)
        return -1;
    for (size_t i = first; i < n; i++)
        if (same_area(&results[first], &results[i]) && write_case(w, &results[i], meta) < 0)
            return -1;
    return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

/* 1 when results[i]'s area appeared before i. */
static int area_seen(const struct result *results, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (same_area(&results[j], &results[i]))
            return 1;
    return 0;
}

static int render(xmlTextWriterPtr w, const struct result *results, size_t n, const struct junit_meta *meta)
{
    size_t failures = 0, errors = 0, suite_id = 0;
    double seconds = 0;
    char stamp[32];
    struct tm tm;

    gmtime_r(&meta->timestamp, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    for (size_t i = 0; i < n; i++) {
        seconds += results[i].seconds;
        failures += results[i].verdict == VERDICT_FAIL || results[i].verdict == VERDICT_XPASS;
        errors += results[i].verdict == VERDICT_ERROR || results[i].verdict == VERDICT_TIMEOUT;
    }
    if (xmlTextWriterSetIndent(w, 1) < 0 || xmlTextWriterSetIndentString(w, (const xmlChar *)"  ") < 0 ||
        xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
        xmlTextWriterStartElement(w, (const xmlChar *)"testsuites") < 0 || write_attr(w, "name", meta->name) < 0 ||
        write_attrf(w, "tests", "%zu", n) < 0 || write_attrf(w, "failures", "%zu", failures) < 0 ||
        write_attrf(w, "errors", "%zu", errors) < 0 || write_attrf(w, "time", "%.3f", seconds) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (area_seen(results, i))
            continue;
        if (write_suite(w, results, n, i, suite_id++, meta, stamp) < 0)
            return -1;
    }
    if (xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndDocument(w) < 0)
        return -1;
    return 0;
}

int junit_render(const struct result *results, size_t n, const struct junit_meta *meta, char **out, size_t *len,
                 struct err *e)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w;
    struct c_numeric cn;
    int rc;

    *out = NULL;
    *len = 0;
    if (!buf)
        return err_set(e, "junit report: out of memory");
    w = xmlNewTextWriterMemory(buf, 0);
    if (!w) {
        xmlBufferFree(buf);
        return err_set(e, "junit report: out of memory");
    }
    /* Times are "%.3f" with a '.', whatever LC_NUMERIC the process has. */
    if (c_numeric_init(&cn) != 0) {
        xmlFreeTextWriter(w);
        xmlBufferFree(buf);
        return err_set(e, "junit report: out of memory");
    }
    rc = render(w, results, n, meta);
    c_numeric_release(&cn);
    xmlFreeTextWriter(w); /* flushes into buf */
    if (rc == 0) {
        *len = (size_t)xmlBufferLength(buf);
        *out = malloc(*len + 1);
        if (*out) {
            memcpy(*out, xmlBufferContent(buf), *len);
            (*out)[*len] = '\0';
        } else {
            rc = -1;
        }
    }
    xmlBufferFree(buf);
    if (rc < 0)
        return err_set(e, "junit report: cannot render (out of memory)");
    return 0;
}

int junit_write(const char *path, const struct result *results, size_t n, const struct junit_meta *meta,
                struct err *e)
{
    char *doc;
    size_t len;
    int rc;

    if (junit_render(results, n, meta, &doc, &len, e) < 0)
        return -1;
    rc = atomic_write(path, doc, len, e);
    free(doc);
    return rc;
}
