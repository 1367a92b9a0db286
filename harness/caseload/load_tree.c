/*
 * load_tree.c - helpers over the libxml2 tree for the case loader: elements,
 * attributes, their text, "file:line: message" errors, words and numbers,
 * capture names, line matches (caseload_internal.h).
 */
#include "caseload_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/strbuf.h"

#include "../util/rx.h"

int fail_at(struct loader *ld, xmlNodePtr node, const char *fmt, ...)
{
    char msg[ERR_MSG_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_set(ld->e, "%s:%ld: %s", ld->name, node ? xmlGetLineNo(node) : 0L, msg);
}

int is_elem(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr first_elem(xmlNodePtr n)
{
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

xmlNodePtr next_elem(xmlNodePtr n)
{
    return first_elem(n->next);
}

/*
 * libxml2 answers NULL both for "no such attribute" and for "out of
 * memory".  The getters below tell the two apart and note the second, and
 * a load that saw it fails as out of memory instead of going on with a
 * value silently missing.  (Loading runs on one thread at a time per
 * thread: the flag is thread-local.)
 */
_Thread_local int xml_oom;

/* The attribute's value (caller frees) or NULL when absent. */
char *load_attr(xmlNodePtr n, const char *name)
{
    char *v = (char *)xmlGetNoNsProp(n, (const xmlChar *)name);

    if (!v && xmlHasNsProp(n, (const xmlChar *)name, NULL))
        xml_oom = 1;
    return v;
}

/* The text content of an element ("" for an empty one), NULL on no memory. */
char *node_text(xmlNodePtr n)
{
    char *v = (char *)xmlNodeGetContent(n);

    if (!v)
        xml_oom = 1;
    return v;
}

int has_attr(xmlNodePtr n, const char *name)
{
    return xmlHasNsProp(n, (const xmlChar *)name, NULL) != NULL;
}

/* Same as strdup, but NULL in gives NULL out without error. */
int dup_to(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return 0;
    *dst = strdup(src);
    return *dst ? 0 : -1;
}

/* The element as written, on one line.  Dumped through an output buffer
 * whose error field says whether the dump completed: xmlNodeDump into an
 * xmlBuffer reports success even when it ran out of memory halfway. */
/* Messages quote an element as written; a long value (a hundred method
 * names, a page of IL) is cut to its start, so that the message stays a line. */
#define SOURCE_VALUE_MAX 160

static char *shorten_values(char *s)
{
    char *out = malloc(strlen(s) * 2 + 1), *o = out;
    size_t in_value = 0; /* characters of the current quoted value so far */
    int quoted = 0;

    if (!out)
        return s;
    for (const char *p = s; *p; p++) {
        if (*p == '"') {
            quoted = !quoted;
            in_value = 0;
            *o++ = *p;
            continue;
        }
        if (quoted && ++in_value > SOURCE_VALUE_MAX) {
            if (in_value == SOURCE_VALUE_MAX + 1) {
                memcpy(o, "...", 3);
                o += 3;
            }
            continue;
        }
        *o++ = *p;
    }
    *o = '\0';
    free(s);
    return out;
}

int node_source(xmlNodePtr node, char **out)
{
    xmlOutputBufferPtr ob = xmlAllocOutputBuffer(NULL);
    const char *in;
    size_t len;
    int space = 0;
    char *o;

    *out = NULL;
    if (!ob)
        return -1;
    xmlNodeDumpOutput(ob, node->doc, node, 0, 0, NULL);
    if (ob->error || !xmlOutputBufferGetContent(ob)) {
        xmlOutputBufferClose(ob);
        return -1;
    }
    in = (const char *)xmlOutputBufferGetContent(ob);
    len = xmlOutputBufferGetSize(ob);
    o = *out = malloc(len + 1);
    if (o) {
        /* Runs of white space become one space, and none at all between two tags. */
        for (size_t i = 0; i < len && in[i]; i++) {
            if (isspace((unsigned char)in[i])) {
                space = 1;
                continue;
            }
            if (space && o != *out && !(o[-1] == '>' && in[i] == '<'))
                *o++ = ' ';
            space = 0;
            *o++ = in[i];
        }
        *o = '\0';
        *out = shorten_values(*out);
    }
    xmlOutputBufferClose(ob);
    return *out ? 0 : -1;
}

int load_oom(struct loader *ld)
{
    return err_set(ld->e, "%s: out of memory", ld->name);
}

/* The attribute's value (or NULL when absent) into *dst, freshly allocated. */
int attr_to(struct loader *ld, xmlNodePtr node, const char *name, char **dst)
{
    char *v = load_attr(node, name);
    int rc = dup_to(dst, v);

    xmlFree(v);
    return rc < 0 ? load_oom(ld) : 0;
}

/* A path written in the case file, as a path the harness can use from
 * anywhere: absolute as it is; with a '/' relative to the case file's
 * directory; a bare name (no '/') as it is, unless always_file, for the
 * loader to search ("libm.so.6"). */
int case_path(struct loader *ld, const char *written, int always_file, char **out)
{
    const char *slash = strrchr(ld->name, '/');
    char cwd[4096] = "";
    struct strbuf sb = STRBUF_INIT;
    int rc;

    *out = NULL;
    if (written[0] == '/' || (!always_file && !strchr(written, '/')))
        return dup_to(out, written) < 0 ? load_oom(ld) : 0;
    if (ld->name[0] != '/' && !getcwd(cwd, sizeof cwd))
        cwd[0] = '\0';
    rc = strbuf_addf(&sb, "%s%s%.*s%s%s", cwd, cwd[0] ? "/" : "", slash ? (int)(slash - ld->name) : 0, ld->name,
                     slash ? "/" : "", written);
    if (rc < 0 || !(*out = strbuf_detach(&sb))) {
        strbuf_release(&sb);
        return load_oom(ld);
    }
    return 0;
}

/* An attribute holding a path (case_path), or NULL when absent. */
int attr_path(struct loader *ld, xmlNodePtr node, const char *name, int always_file, char **dst)
{
    char *v = load_attr(node, name);
    int rc = 0;

    *dst = NULL;
    if (v)
        rc = case_path(ld, v, always_file, dst);
    xmlFree(v);
    return rc;
}

/* As attr_to, but an absent attribute gives "". */
int attr_text(struct loader *ld, xmlNodePtr node, const char *name, char **dst)
{
    if (attr_to(ld, node, name, dst) < 0)
        return -1;
    if (!*dst && dup_to(dst, "") < 0)
        return load_oom(ld);
    return 0;
}

/* Splits s on whitespace into a new vector. */
int split_words(const char *s, char ***out, size_t *n)
{
    char **v = NULL;
    size_t count = 0;

    *out = NULL;
    *n = 0;
    while (s && *s) {
        const char *start;
        char **nv;

        while (*s && isspace((unsigned char)*s))
            s++;
        if (!*s)
            break;
        start = s;
        while (*s && !isspace((unsigned char)*s))
            s++;
        nv = realloc(v, (count + 1) * sizeof *v);
        if (!nv)
            goto fail;
        v = nv;
        v[count] = strndup(start, (size_t)(s - start));
        if (!v[count])
            goto fail;
        count++;
    }
    *out = v;
    *n = count;
    return 0;
fail:
    for (size_t i = 0; i < count; i++)
        free(v[i]);
    free(v);
    return -1;
}

int parse_u32(const char *s, uint32_t *out)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 0);
    if (errno || end == s || *end || v > UINT32_MAX || s[0] == '-')
        return -1;
    *out = (uint32_t)v;
    return 0;
}

int parse_bool(const char *s)
{
    return strcmp(s, "true") == 0 || strcmp(s, "1") == 0;
}

int var_name_ok(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (s++; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return 0;
    return 1;
}

int var_bound(struct loader *ld, const char *name)
{
    for (size_t i = 0; i < ld->nvars; i++)
        if (strcmp(ld->vars[i], name) == 0)
            return 1;
    return 0;
}

int var_bind(struct loader *ld, const char *name)
{
    char **v;

    if (var_bound(ld, name))
        return 0;
    v = realloc(ld->vars, (ld->nvars + 1) * sizeof *v);
    if (!v)
        return -1;
    ld->vars = v;
    ld->vars[ld->nvars] = strdup(name);
    if (!ld->vars[ld->nvars])
        return -1;
    ld->nvars++;
    return 0;
}

int compile_line_match(struct loader *ld, xmlNodePtr node, const char *text, int is_regex,
                       struct line_match *m)
{
    char why[256];

    memset(m, 0, sizeof *m);
    if (dup_to(&m->text, text) < 0)
        return load_oom(ld);
    m->is_regex = is_regex;
    if (!is_regex)
        return 0;
    if (rx_compile(text, &m->re, why, sizeof why) < 0)
        return strcmp(why, "out of memory") == 0 ? load_oom(ld)
                                                  : fail_at(ld, node, "bad regular expression '%.200s': %s", text, why);
    return 0;
}

/* A regex whose first group is wanted (<property>): one group at most. */
int compile_line_capture(struct loader *ld, xmlNodePtr node, const char *text, struct line_match *m)
{
    int groups;

    if (compile_line_match(ld, node, text, 1, m) < 0)
        return -1;
    groups = rx_groups(m->re);
    if (groups > 1)
        return fail_at(ld, node, "'%.200s' has %d groups; the property takes the first and only one", text, groups);
    return 0;
}

int load_timeout(struct loader *ld, xmlNodePtr node, double *out)
{
    char *v = load_attr(node, "timeout");

    *out = 0;
    if (!v)
        return 0;
    *out = strtod(v, NULL);
    xmlFree(v);
    if (!(*out > 0))
        return fail_at(ld, node, "timeout must be a positive number of seconds");
    return 0;
}
