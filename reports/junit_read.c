#include "junit_read.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "../harness/model/runtime.h"
#include "c_numeric.h"

static int is_elem(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (is_elem(c, name))
            return c;
    return NULL;
}

/* A copy of the attribute (NULL when absent or out of memory). */
static char *attr(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *copy = v ? strdup((const char *)v) : NULL;

    xmlFree(v);
    return copy;
}

/* The text content of n, a copy ("" when empty); NULL out of memory. */
static char *text_of(xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *copy = strdup(v ? (const char *)v : "");

    xmlFree(v);
    return copy;
}

/* text without a leading "prefix\n" (the writer puts the message first). */
static char *after_prefix(char *text, const char *prefix)
{
    size_t n = prefix ? strlen(prefix) : 0;
    char *rest;

    if (!text || !prefix || strncmp(text, prefix, n) != 0 || text[n] != '\n')
        return text;
    rest = strdup(text + n + 1);
    if (rest) {
        free(text);
        return rest;
    }
    return text;
}

/* An empty string is no details. */
static char *or_null(char *text)
{
    if (text && !text[0]) {
        free(text);
        return NULL;
    }
    return text;
}

static enum verdict verdict_of_type(const char *type, int error)
{
    if (type && strcmp(type, "Timeout") == 0)
        return VERDICT_TIMEOUT;
    if (type && strcmp(type, "CaseError") == 0)
        return VERDICT_ERROR;
    if (type && strcmp(type, "UnexpectedPass") == 0)
        return VERDICT_XPASS;
    return error ? VERDICT_ERROR : VERDICT_FAIL;
}

static int is_attempt(xmlNodePtr n)
{
    return is_elem(n, "flakyFailure") || is_elem(n, "rerunFailure") || is_elem(n, "flakyError") ||
           is_elem(n, "rerunError");
}

static int add_attempt(struct result *r, xmlNodePtr n)
{
    struct attempt *v = realloc(r->attempts, (r->nattempts + 1) * sizeof *v);
    struct attempt *a;
    char *type, *message, *body;
    xmlNodePtr trace = child(n, "stackTrace");
    const char *colon;

    if (!v)
        return -1;
    r->attempts = v;
    a = &v[r->nattempts];
    memset(a, 0, sizeof *a);
    type = attr(n, "type");
    message = attr(n, "message");
    a->verdict = verdict_of_type(type, is_elem(n, "flakyError") || is_elem(n, "rerunError"));
    free(type);
    body = after_prefix(trace ? text_of(trace) : text_of(n), message);
    a->details = or_null(body);
    /* "attempt 1 of 3: why" -> "why" */
    colon = message && strncmp(message, "attempt ", 8) == 0 ? strstr(message, ": ") : NULL;
    a->message = colon ? strdup(colon + 2) : message;
    if (colon)
        free(message);
    r->nattempts++;
    return 0;
}

static int add_prop(struct result *r, xmlNodePtr p)
{
    char *name = attr(p, "name"), *value = attr(p, "value");
    int rc = -1;

    if (!name) {
        free(value);
        return 0; /* not a property profcheck would write: left out */
    }
    if (strcmp(name, JUNIT_PROP_RUNTIME) == 0) {
        free(r->runtime_version);
        r->runtime_version = value ? value : strdup("");
        value = NULL;
        rc = r->runtime_version ? 0 : -1;
    } else if (strcmp(name, JUNIT_PROP_ATTEMPTS) == 0) {
        rc = 0;
    } else {
        rc = result_add_prop(r, name, "%s", value ? value : "");
    }
    free(name);
    free(value);
    return rc;
}

/* system-out without the [[PROPERTY|name=value]] lines of r's properties. */
static char *app_output(const struct result *r, char *text)
{
    const char *p = text;
    char *rest;

    for (size_t i = 0; i < r->nprops; i++) {
        size_t n = strlen("[[PROPERTY|") + strlen(r->props[i].name) + 1 + strlen(r->props[i].value) + 3;
        char *line = malloc(n + 1);
        int same;

        if (!line)
            return text;
        snprintf(line, n + 1, "[[PROPERTY|%s=%s]]\n", r->props[i].name, r->props[i].value);
        same = strncmp(p, line, n) == 0;
        free(line);
        if (!same)
            break;
        p += n;
    }
    if (p == text)
        return text;
    rest = strdup(p);
    if (!rest)
        return text;
    free(text);
    return rest;
}

/* system-out's replies, written between JUNIT_REPLIES_BEGIN and _END lines,
 * apart from the app's stdout. */
static int split_replies(struct result *r)
{
    static const char begin[] = JUNIT_REPLIES_BEGIN "\n", end[] = JUNIT_REPLIES_END "\n";
    char *text = r->stdout_text, *stop, *rest;

    if (strncmp(text, begin, sizeof begin - 1) != 0)
        return 0;
    stop = strstr(text + sizeof begin - 1, end);
    while (stop && stop[-1] != '\n')
        stop = strstr(stop + 1, end);
    if (!stop)
        return 0;
    r->replies_text = strndup(text + sizeof begin - 1, (size_t)(stop - text) - (sizeof begin - 1));
    rest = strdup(stop + sizeof end - 1);
    if (!r->replies_text || !rest) {
        free(rest);
        return -1;
    }
    free(r->stdout_text);
    r->stdout_text = rest;
    return 0;
}

static int read_case(xmlNodePtr tc, const char *area, struct result *r)
{
    xmlNodePtr props = child(tc, "properties");
    xmlNodePtr out = child(tc, "system-out"), err = child(tc, "system-err");
    char *time;

    result_init(r);
    r->id = attr(tc, "name");
    r->area = strdup(area);
    if (!r->id || !r->area)
        return -1;
    {
        const char *label;
        size_t id_len, label_len;

        /* "rejit/basic [net8.0]": a case on one runtime of several. */
        if (runtime_label_find(r->id, &id_len, &label, &label_len) && !(r->runtime = strndup(label, label_len)))
            return -1;
    }
    time = attr(tc, "time");
    r->seconds = time ? strtod(time, NULL) : 0;
    free(time);
    for (xmlNodePtr p = props ? props->children : NULL; p; p = p->next)
        if (is_elem(p, "property") && add_prop(r, p) < 0)
            return -1;
    r->verdict = VERDICT_PASS;
    for (xmlNodePtr c = tc->children; c; c = c->next) {
        int failure = is_elem(c, "failure"), error = is_elem(c, "error");

        if ((failure || error) && r->verdict == VERDICT_PASS) {
            char *type = attr(c, "type");

            r->verdict = failure && !(type && strcmp(type, "UnexpectedPass") == 0) ? VERDICT_FAIL
                                                                                    : verdict_of_type(type, error);
            free(type);
            r->message = attr(c, "message");
            r->details = or_null(after_prefix(text_of(c), r->message));
        } else if (is_elem(c, "skipped") && r->verdict == VERDICT_PASS) {
            r->verdict = VERDICT_SKIP;
            r->message = attr(c, "message");
        } else if (is_attempt(c) && add_attempt(r, c) < 0) {
            return -1;
        }
    }
    if (r->verdict == VERDICT_PASS) {
        for (size_t i = 0; i < r->nprops; i++)
            if (strcmp(r->props[i].name, "known-issue") == 0)
                r->verdict = VERDICT_XFAIL;
    }
    if (out && !(r->stdout_text = app_output(r, text_of(out))))
        return -1;
    if (out && split_replies(r) < 0)
        return -1;
    if (err && !(r->stderr_text = text_of(err)))
        return -1;
    return 0;
}

static int read_suite_facts(xmlNodePtr suite, struct junit_doc *d)
{
    xmlNodePtr props = child(suite, "properties");
    char *stamp = attr(suite, "timestamp");
    size_t n = 0;

    if (stamp) {
        struct tm tm;
        char *end;

        memset(&tm, 0, sizeof tm);
        end = strptime(stamp, "%Y-%m-%dT%H:%M:%S", &tm);
        if (end && !*end)
            d->timestamp = timegm(&tm);
        free(stamp);
    }
    for (xmlNodePtr p = props ? props->children : NULL; p; p = p->next)
        n += is_elem(p, "property");
    if (!n)
        return 0;
    d->props = calloc(n, sizeof *d->props);
    d->prop_view = calloc(n, sizeof *d->prop_view);
    if (!d->props || !d->prop_view)
        return -1;
    for (xmlNodePtr p = props->children; p; p = p->next) {
        struct result_prop *rp;

        if (!is_elem(p, "property"))
            continue;
        rp = &d->props[d->nprops];
        rp->name = attr(p, "name");
        rp->value = attr(p, "value");
        if (!rp->name)
            rp->name = strdup("");
        if (!rp->value)
            rp->value = strdup("");
        d->prop_view[d->nprops].name = rp->name;
        d->prop_view[d->nprops].value = rp->value;
        d->nprops++;
        if (!rp->name || !rp->value)
            return -1;
    }
    return 0;
}

static int read_suite(xmlNodePtr suite, struct junit_doc *d)
{
    char *name = attr(suite, "name");
    int rc = 0;

    if (d->n == 0 && !d->props && read_suite_facts(suite, d) < 0)
        rc = -1;
    for (xmlNodePtr tc = suite->children; tc && rc == 0; tc = tc->next) {
        struct result *v;

        if (!is_elem(tc, "testcase"))
            continue;
        v = realloc(d->results, (d->n + 1) * sizeof *v);
        if (!v) {
            rc = -1;
            break;
        }
        d->results = v;
        rc = read_case(tc, name && name[0] ? name : "cases", &v[d->n]);
        d->n++; /* released with the rest, whole or not */
    }
    free(name);
    return rc;
}

void junit_doc_init(struct junit_doc *d)
{
    memset(d, 0, sizeof *d);
}

void junit_doc_release(struct junit_doc *d)
{
    for (size_t i = 0; i < d->n; i++)
        result_release(&d->results[i]);
    free(d->results);
    for (size_t i = 0; i < d->nprops; i++) {
        free(d->props[i].name);
        free(d->props[i].value);
    }
    free(d->props);
    free(d->prop_view);
    junit_doc_init(d);
}

int junit_read(const char *path, struct junit_doc *d, struct err *e)
{
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNodePtr top;
    struct c_numeric cn;
    int rc = 0;

    junit_doc_init(d);
    if (!doc)
        return err_set(e, "%s: not a well-formed XML file", path);
    top = xmlDocGetRootElement(doc);
    if (doc->intSubset || !top || (!is_elem(top, "testsuites") && !is_elem(top, "testsuite"))) {
        xmlFreeDoc(doc);
        return err_set(e, "%s: not a JUnit file", path);
    }
    /* Times are read with a '.', whatever LC_NUMERIC the process has. */
    if (c_numeric_init(&cn) != 0) {
        xmlFreeDoc(doc);
        return err_set(e, "%s: out of memory", path);
    }
    if (is_elem(top, "testsuite"))
        rc = read_suite(top, d);
    for (xmlNodePtr s = is_elem(top, "testsuites") ? top->children : NULL; s && rc == 0; s = s->next)
        if (is_elem(s, "testsuite"))
            rc = read_suite(s, d);
    c_numeric_release(&cn);
    xmlFreeDoc(doc);
    if (rc < 0) {
        junit_doc_release(d);
        return err_set(e, "%s: out of memory", path);
    }
    return 0;
}
