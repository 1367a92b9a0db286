#include "junit_merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "atomic_write.h"
#include "c_numeric.h"
#include "junit.h"

struct counts {
    size_t tests, failures, errors, skipped;
    double seconds;
};

static int is_elem(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int has_child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (is_elem(c, name))
            return 1;
    return 0;
}

static void set_count(xmlNodePtr n, const char *name, size_t v)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%zu", v);
    xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)buf);
}

static void set_time(xmlNodePtr n, double v)
{
    char buf[64];

    snprintf(buf, sizeof buf, "%.3f", v);
    xmlSetProp(n, (const xmlChar *)"time", (const xmlChar *)buf);
}

/* Counts a suite's test cases and rewrites its totals. */
static void recount(xmlNodePtr suite, struct counts *total)
{
    struct counts c = {0, 0, 0, 0, 0};

    for (xmlNodePtr tc = suite->children; tc; tc = tc->next) {
        xmlChar *time;

        if (!is_elem(tc, "testcase"))
            continue;
        c.tests++;
        if (has_child(tc, "failure"))
            c.failures++;
        else if (has_child(tc, "error"))
            c.errors++;
        else if (has_child(tc, "skipped"))
            c.skipped++;
        time = xmlGetProp(tc, (const xmlChar *)"time");
        if (time) {
            c.seconds += strtod((const char *)time, NULL);
            xmlFree(time);
        }
    }
    set_count(suite, "tests", c.tests);
    set_count(suite, "failures", c.failures);
    set_count(suite, "errors", c.errors);
    set_count(suite, "skipped", c.skipped);
    set_time(suite, c.seconds);
    total->tests += c.tests;
    total->failures += c.failures;
    total->errors += c.errors;
    total->skipped += c.skipped;
    total->seconds += c.seconds;
}

/* The suite of that name already under root, or NULL. */
static xmlNodePtr find_suite(xmlNodePtr root, const xmlChar *name)
{
    for (xmlNodePtr s = root->children; s; s = s->next) {
        xmlChar *other;
        int same;

        if (!is_elem(s, "testsuite"))
            continue;
        other = xmlGetProp(s, (const xmlChar *)"name");
        same = xmlStrEqual(other ? other : (const xmlChar *)"", name ? name : (const xmlChar *)"");
        xmlFree(other);
        if (same)
            return s;
    }
    return NULL;
}

/* 1 when the suite's <properties> has a property called name. */
static int has_property(xmlNodePtr props, const xmlChar *name)
{
    for (xmlNodePtr p = props ? props->children : NULL; p; p = p->next) {
        xmlChar *other;
        int same;

        if (!is_elem(p, "property"))
            continue;
        other = xmlGetProp(p, (const xmlChar *)"name");
        same = other && name && xmlStrEqual(other, name);
        xmlFree(other);
        if (same)
            return 1;
    }
    return 0;
}

static xmlNodePtr first_child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (is_elem(c, name))
            return c;
    return NULL;
}

/*
 * Joins `from` (a copy, owned by the output document) into the suite `into`
 * of the same name: its test cases and other children go after those of
 * `into`, its properties are added where `into` has none of that name (so
 * the first input's values win), and `from` is freed.
 */
static void join_suite(xmlNodePtr into, xmlNodePtr from)
{
    xmlNodePtr props = first_child(into, "properties");
    xmlNodePtr c = from->children;

    while (c) {
        xmlNodePtr next = c->next;

        xmlUnlinkNode(c);
        if (is_elem(c, "properties")) {
            if (!props) {
                /* properties come first in a suite */
                if (into->children)
                    xmlAddPrevSibling(into->children, c);
                else
                    xmlAddChild(into, c);
                props = c;
            } else {
                xmlNodePtr p = c->children;
                while (p) {
                    xmlNodePtr pnext = p->next;
                    xmlChar *name = is_elem(p, "property") ? xmlGetProp(p, (const xmlChar *)"name") : NULL;

                    if (name && !has_property(props, name)) {
                        xmlUnlinkNode(p);
                        xmlAddChild(props, p);
                    }
                    xmlFree(name);
                    p = pnext;
                }
                xmlFreeNode(c);
            }
        } else if (c->type == XML_ELEMENT_NODE) {
            xmlAddChild(into, c);
        } else {
            xmlFreeNode(c); /* whitespace and comments of the input */
        }
        c = next;
    }
    xmlFreeNode(from);
}

static int add_suites(xmlDocPtr out, xmlNodePtr root, const char *path, struct err *e)
{
    xmlDocPtr in = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNodePtr top;

    if (!in)
        return err_set(e, "%s: not a well-formed XML file", path);
    if (in->intSubset) {
        xmlFreeDoc(in);
        return err_set(e, "%s: a DOCTYPE is not allowed", path);
    }
    top = xmlDocGetRootElement(in);
    if (!top || (!is_elem(top, "testsuites") && !is_elem(top, "testsuite"))) {
        xmlFreeDoc(in);
        return err_set(e, "%s: not a JUnit file (root is not <testsuites> or <testsuite>)", path);
    }
    for (xmlNodePtr s = is_elem(top, "testsuite") ? top : top->children; s; s = s->next) {
        xmlNodePtr copy, same;
        xmlChar *name;

        if (!is_elem(s, "testsuite")) {
            if (s == top)
                break;
            continue;
        }
        copy = xmlDocCopyNode(s, out, 1);
        if (!copy) {
            xmlFreeDoc(in);
            return err_set(e, "out of memory");
        }
        name = xmlGetProp(copy, (const xmlChar *)"name");
        same = find_suite(root, name);
        xmlFree(name);
        if (same)
            join_suite(same, copy);
        else
            xmlAddChild(root, copy);
        if (s == top)
            break;
    }
    xmlFreeDoc(in);
    return 0;
}

/* The property of that name in props, or NULL. */
static xmlNodePtr find_property(xmlNodePtr props, const char *name)
{
    for (xmlNodePtr p = props ? props->children : NULL; p; p = p->next) {
        xmlChar *v = is_elem(p, "property") ? xmlGetProp(p, (const xmlChar *)"name") : NULL;
        int same = v && strcmp((const char *)v, name) == 0;

        xmlFree(v);
        if (same)
            return p;
    }
    return NULL;
}

/* Adds the test case's runtime version to list (space-separated) when it
 * is not there yet; 1 when added, 0 when not, -1 out of memory. */
static int note_version(xmlNodePtr tc, struct strbuf *list)
{
    xmlNodePtr prop = find_property(first_child(tc, "properties"), JUNIT_PROP_RUNTIME);
    xmlChar *v = prop ? xmlGetProp(prop, (const xmlChar *)"value") : NULL;
    const char *p = strbuf_str(list);
    size_t n = v ? strlen((const char *)v) : 0;
    int found = 0, rc = 0;

    while (v && n && *p && !found) {
        found = strncmp(p, (const char *)v, n) == 0 && (p[n] == ' ' || p[n] == '\0');
        p += strcspn(p, " ");
        p += *p == ' ';
    }
    if (v && n && !found && strchr((const char *)v, ' ') == NULL)
        rc = (list->len && strbuf_addch(list, ' ') < 0) || strbuf_adds(list, (const char *)v) < 0 ? -1 : 1;
    xmlFree(v);
    return rc;
}

/*
 * The suites' runtime properties say what the merged test cases ran on:
 * JUNIT_PROP_RUNTIMES every version of their JUNIT_PROP_RUNTIME, and
 * JUNIT_PROP_RUNTIME the version when there is one (dropped when there
 * are several).  Only suites that carry one of the two are touched, and
 * only when some test case has a version.  0 or -1 (out of memory).
 */
static int merge_runtime_versions(xmlNodePtr root)
{
    struct strbuf list = STRBUF_INIT;
    size_t count = 0;
    int rc = 0;

    for (xmlNodePtr suite = root->children; suite && rc >= 0; suite = suite->next)
        for (xmlNodePtr tc = suite->children; tc && rc >= 0; tc = tc->next)
            if (is_elem(tc, "testcase") && (rc = note_version(tc, &list)) > 0)
                count++;
    for (xmlNodePtr suite = root->children; suite && rc >= 0 && count; suite = suite->next) {
        xmlNodePtr props = first_child(suite, "properties");
        xmlNodePtr all = find_property(props, JUNIT_PROP_RUNTIMES), one = find_property(props, JUNIT_PROP_RUNTIME);

        if (!all && !one)
            continue;
        if (!all) {
            all = xmlNewChild(props, NULL, (const xmlChar *)"property", NULL);
            if (!all || !xmlSetProp(all, (const xmlChar *)"name", (const xmlChar *)JUNIT_PROP_RUNTIMES))
                rc = -1;
        }
        if (rc >= 0 && !xmlSetProp(all, (const xmlChar *)"value", (const xmlChar *)strbuf_str(&list)))
            rc = -1;
        if (rc >= 0 && one && count == 1 &&
            !xmlSetProp(one, (const xmlChar *)"value", (const xmlChar *)strbuf_str(&list)))
            rc = -1;
        if (one && count > 1) {
            xmlUnlinkNode(one);
            xmlFreeNode(one);
        }
    }
    strbuf_release(&list);
    return rc < 0 ? -1 : 0;
}

int junit_merge(char *const *inputs, size_t n, const char *out, struct tally *t, struct err *e)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root;
    struct counts total = {0, 0, 0, 0, 0};
    size_t next_id = 0;
    xmlChar *text = NULL;
    int text_len = 0;
    struct c_numeric cn;
    int rc = 0;

    if (!doc)
        return err_set(e, "out of memory");
    /* Times are read and written with a '.', whatever LC_NUMERIC the process has. */
    if (c_numeric_init(&cn) != 0) {
        xmlFreeDoc(doc);
        return err_set(e, "out of memory");
    }
    root = xmlNewDocNode(doc, NULL, (const xmlChar *)"testsuites", NULL);
    xmlDocSetRootElement(doc, root);
    xmlSetProp(root, (const xmlChar *)"name", (const xmlChar *)"profcheck");
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = add_suites(doc, root, inputs[i], e);
    for (xmlNodePtr suite = root->children; suite && rc == 0; suite = suite->next) {
        set_count(suite, "id", next_id++);
        recount(suite, &total);
    }
    if (rc == 0 && merge_runtime_versions(root) < 0)
        rc = err_set(e, "%s: out of memory", out);
    if (rc == 0) {
        set_count(root, "tests", total.tests);
        set_count(root, "failures", total.failures);
        set_count(root, "errors", total.errors);
        set_time(root, total.seconds);
        xmlDocDumpFormatMemoryEnc(doc, &text, &text_len, "UTF-8", 1);
        if (!text)
            rc = err_set(e, "%s: out of memory", out);
        else
            rc = atomic_write(out, text, (size_t)text_len, e);
        xmlFree(text);
    }
    c_numeric_release(&cn);
    xmlFreeDoc(doc);
    if (rc == 0) {
        t->passed = total.tests - total.failures - total.errors - total.skipped;
        t->failed = total.failures + total.errors;
        t->skipped = total.skipped;
    }
    return rc;
}
