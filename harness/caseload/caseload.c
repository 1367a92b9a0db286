#include "caseload.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "../attach/ipc.h"
#include "../engine/requires.h"
#include "../model/vocab.h"
#include "text/glob.h"
#include "../util/strbuf.h"
#include "abi/cp_hresults.h"
#include "il/il.h"

#define CASE_NS "urn:profcheck:case:1"
#define DEFAULT_TIMEOUT 60.0

/* The first error libxml2 reports while parsing or validating. */
struct xml_errors {
    int have;
    int line;
    char msg[512];
};

static void collect_error(void *data, xmlErrorPtr error)
{
    struct xml_errors *xe = data;
    size_t n;

    if (xe->have || !error)
        return;
    xe->have = 1;
    xe->line = error->line;
    snprintf(xe->msg, sizeof xe->msg, "%s", error->message ? error->message : "malformed XML");
    n = strlen(xe->msg);
    while (n > 0 && (xe->msg[n - 1] == '\n' || xe->msg[n - 1] == ' '))
        xe->msg[--n] = '\0';
}

int caseload_init(struct caseload *cl, struct err *e)
{
    struct xml_errors xe = {0};
    xmlSchemaParserCtxtPtr pctx;

    cl->schema = NULL;
    cl->schema_valid = NULL;
    pctx = xmlSchemaNewMemParserCtxt(caseload_xsd, (int)caseload_xsd_len);
    if (!pctx)
        return err_set(e, "case schema: out of memory");
    xmlSchemaSetParserStructuredErrors(pctx, collect_error, &xe);
    cl->schema = xmlSchemaParse(pctx);
    xmlSchemaFreeParserCtxt(pctx);
    if (!cl->schema)
        return err_set(e, "case schema:%d: %s", xe.line, xe.have ? xe.msg : "cannot be compiled");
    cl->schema_valid = xmlSchemaNewValidCtxt(cl->schema);
    if (!cl->schema_valid) {
        caseload_release(cl);
        return err_set(e, "case schema: out of memory");
    }
    return 0;
}

void caseload_release(struct caseload *cl)
{
    if (cl->schema_valid)
        xmlSchemaFreeValidCtxt(cl->schema_valid);
    if (cl->schema)
        xmlSchemaFree(cl->schema);
    cl->schema = NULL;
    cl->schema_valid = NULL;
}

/* ---- helpers over the tree ------------------------------------------------ */

/* The matrix of a case: axes and their values, and the variant being loaded. */
#define MAX_AXES 4
#define MAX_VALUES 8

struct matrix {
    size_t naxes;
    struct axis {
        char *name;
        size_t nvalues;
        char *values[MAX_VALUES];
        xmlNodePtr nodes[MAX_VALUES];
    } axes[MAX_AXES];
};

struct loader {
    const char *name; /* file name for messages */
    xmlDocPtr doc;
    struct case_def *c;
    struct err *e;
    /* capture variables bound by <check> so far */
    char **vars;
    size_t nvars;
    const struct matrix *matrix;
    size_t pick[MAX_AXES]; /* the variant: a value index per axis */
};

static int fail_at(struct loader *ld, xmlNodePtr node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail_at(struct loader *ld, xmlNodePtr node, const char *fmt, ...)
{
    char msg[ERR_MSG_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_set(ld->e, "%s:%ld: %s", ld->name, node ? xmlGetLineNo(node) : 0L, msg);
}

static int is_elem(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr first_elem(xmlNodePtr n)
{
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

static xmlNodePtr next_elem(xmlNodePtr n)
{
    return first_elem(n->next);
}

/* The attribute's value (caller frees) or NULL when absent. */
/*
 * libxml2 answers NULL both for "no such attribute" and for "out of
 * memory".  The getters below tell the two apart and note the second, and
 * a load that saw it fails as out of memory instead of going on with a
 * value silently missing.  (Loading runs on one thread at a time per
 * thread: the flag is thread-local.)
 */
static _Thread_local int xml_oom;

static char *attr(xmlNodePtr n, const char *name)
{
    char *v = (char *)xmlGetNoNsProp(n, (const xmlChar *)name);

    if (!v && xmlHasNsProp(n, (const xmlChar *)name, NULL))
        xml_oom = 1;
    return v;
}

/* The text content of an element ("" for an empty one), NULL on no memory. */
static char *node_text(xmlNodePtr n)
{
    char *v = (char *)xmlNodeGetContent(n);

    if (!v)
        xml_oom = 1;
    return v;
}

static int has_attr(xmlNodePtr n, const char *name)
{
    return xmlHasNsProp(n, (const xmlChar *)name, NULL) != NULL;
}

/* Same as strdup, but NULL in gives NULL out without error. */
static int dup_to(char **dst, const char *src)
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
static int node_source(xmlNodePtr node, char **out)
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
    }
    xmlOutputBufferClose(ob);
    return *out ? 0 : -1;
}

static int oom(struct loader *ld)
{
    return err_set(ld->e, "%s: out of memory", ld->name);
}

/* The attribute's value (or NULL when absent) into *dst, freshly allocated. */
static int attr_to(struct loader *ld, xmlNodePtr node, const char *name, char **dst)
{
    char *v = attr(node, name);
    int rc = dup_to(dst, v);

    xmlFree(v);
    return rc < 0 ? oom(ld) : 0;
}

/* As attr_to, but an absent attribute gives "". */
static int attr_text(struct loader *ld, xmlNodePtr node, const char *name, char **dst)
{
    if (attr_to(ld, node, name, dst) < 0)
        return -1;
    if (!*dst && dup_to(dst, "") < 0)
        return oom(ld);
    return 0;
}

/* Splits s on whitespace into a new vector. */
static int split_words(const char *s, char ***out, size_t *n)
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

static int parse_u32(const char *s, uint32_t *out)
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

static int parse_bool(const char *s)
{
    return strcmp(s, "true") == 0 || strcmp(s, "1") == 0;
}

static int var_name_ok(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (s++; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return 0;
    return 1;
}

static int var_bound(struct loader *ld, const char *name)
{
    for (size_t i = 0; i < ld->nvars; i++)
        if (strcmp(ld->vars[i], name) == 0)
            return 1;
    return 0;
}

static int var_bind(struct loader *ld, const char *name)
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

static int compile_line_match(struct loader *ld, xmlNodePtr node, const char *text, int is_regex,
                              struct line_match *m)
{
    int rc;

    memset(m, 0, sizeof *m);
    if (dup_to(&m->text, text) < 0)
        return oom(ld);
    m->is_regex = is_regex;
    if (!is_regex)
        return 0;
    rc = regcomp(&m->re, text, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        char buf[256];
        regerror(rc, &m->re, buf, sizeof buf);
        return fail_at(ld, node, "bad regular expression '%s': %s", text, buf);
    }
    m->re_ready = 1;
    return 0;
}

/* ---- variants ----------------------------------------------------------------- */

/* 1 when node applies to the variant being loaded, 0 when its `when` excludes
 * it, -1 (with the message set) when `when` names an unknown axis or value. */
static int applies(struct loader *ld, xmlNodePtr node)
{
    char *when = attr(node, "when");
    char *save = NULL;
    int result = 1;

    if (!when)
        return 1;
    for (char *cond = strtok_r(when, " \t\n", &save); cond; cond = strtok_r(NULL, " \t\n", &save)) {
        char *eq = strchr(cond, '=');
        int negate = eq && eq > cond && eq[-1] == '!';
        size_t axis_len = eq ? (size_t)(eq - cond) - (size_t)negate : 0;
        const struct axis *axis = NULL;
        size_t a = 0, v = 0;

        for (a = 0; eq && a < ld->matrix->naxes; a++) {
            if (strlen(ld->matrix->axes[a].name) == axis_len && strncmp(ld->matrix->axes[a].name, cond, axis_len) == 0) {
                axis = &ld->matrix->axes[a];
                break;
            }
        }
        if (!axis) {
            fail_at(ld, node, "when=\"%s\": no axis '%.*s' in <matrix>", cond, (int)axis_len, cond);
            xmlFree(when);
            return -1;
        }
        for (v = 0; v < axis->nvalues; v++)
            if (strcmp(axis->values[v], eq + 1) == 0)
                break;
        if (v == axis->nvalues) {
            fail_at(ld, node, "when=\"%s\": axis '%s' has no value '%s'", cond, axis->name, eq + 1);
            xmlFree(when);
            return -1;
        }
        if ((ld->pick[a] == v) == negate)
            result = 0;
    }
    xmlFree(when);
    return result;
}

static void matrix_release(struct matrix *m)
{
    for (size_t a = 0; a < m->naxes; a++) {
        free(m->axes[a].name);
        for (size_t v = 0; v < m->axes[a].nvalues; v++)
            free(m->axes[a].values[v]);
    }
    memset(m, 0, sizeof *m);
}

static int matrix_load(struct loader *ld, xmlNodePtr node, struct matrix *m)
{
    memset(m, 0, sizeof *m);
    for (xmlNodePtr a = first_elem(node->children); a; a = next_elem(a)) {
        struct axis *axis = &m->axes[m->naxes++];
        char *name = attr(a, "name");

        axis->name = name ? strdup(name) : NULL;
        xmlFree(name);
        if (!axis->name)
            return oom(ld);
        for (size_t i = 0; i + 1 < m->naxes; i++)
            if (strcmp(m->axes[i].name, axis->name) == 0)
                return fail_at(ld, a, "axis '%s' is declared twice", axis->name);
        for (xmlNodePtr v = first_elem(a->children); v; v = next_elem(v)) {
            char *vname = attr(v, "name");
            axis->values[axis->nvalues] = vname ? strdup(vname) : NULL;
            axis->nodes[axis->nvalues] = v;
            xmlFree(vname);
            if (!axis->values[axis->nvalues])
                return oom(ld);
            axis->nvalues++; /* counted now, so that matrix_release frees it */
            for (size_t i = 0; i + 1 < axis->nvalues; i++)
                if (strcmp(axis->values[i], axis->values[axis->nvalues - 1]) == 0)
                    return fail_at(ld, v, "axis '%s' has the value '%s' twice", axis->name, axis->values[i]);
        }
    }
    return 0;
}

/* ---- event patterns -------------------------------------------------------- */

enum pattern_use {
    USE_WAIT,  /* steps: no captures */
    USE_CHECK, /* binds captures */
    USE_OTHER, /* not/count/each: captures must be bound already */
    USE_EACH   /* <before>/<after> in <each>: as USE_OTHER, and "=field" refers to the <each> event */
};

static int is_reserved(const char *key, enum pattern_use use, int is_count)
{
    if (strcmp(key, "when") == 0)
        return 1;
    if (use == USE_WAIT && strcmp(key, "timeout") == 0)
        return 1;
    if (is_count && (strcmp(key, "min") == 0 || strcmp(key, "max") == 0 || strcmp(key, "distinct") == 0 ||
                     strcmp(key, "as") == 0))
        return 1;
    return 0;
}

static int load_pattern(struct loader *ld, xmlNodePtr node, enum pattern_use use, int is_count,
                        struct pattern *p)
{
    memset(p, 0, sizeof *p);
    for (xmlAttrPtr a = node->properties; a; a = a->next) {
        const char *key = (const char *)a->name;
        struct pred *pr, *np;
        char *value;

        if (a->ns)
            return fail_at(ld, node, "attribute '%s:%s' has a namespace; event fields have none",
                           (const char *)a->ns->prefix, key);
        if (is_reserved(key, use, is_count))
            continue;
        if (!vocab_is_field(key))
            return fail_at(ld, node, "unknown event field '%s' (docs/protocol.md lists the fields)", key);
        value = (char *)xmlNodeListGetString(ld->doc, a->children, 1);
        if (!value)
            value = (char *)xmlStrdup((const xmlChar *)"");
        if (!value)
            return oom(ld);
        np = realloc(p->preds, (p->npreds + 1) * sizeof *np);
        if (!np) {
            xmlFree(value);
            return oom(ld);
        }
        p->preds = np;
        pr = &p->preds[p->npreds];
        memset(pr, 0, sizeof *pr);
        if (use == USE_EACH && value[0] == '=') {
            if (!vocab_is_field(value + 1)) {
                fail_at(ld, node, "'%s' refers to an unknown event field '%s'", value, value + 1);
                xmlFree(value);
                return -1;
            }
            pr->op = PRED_SAME;
            pr->value = strdup(value + 1);
        } else if (value[0] == '$') {
            if (use == USE_WAIT) {
                xmlFree(value);
                return fail_at(ld, node, "captures ('%s') are allowed in <events> checks only", key);
            }
            if (!var_name_ok(value + 1)) {
                fail_at(ld, node, "bad capture name '%s' in %s", value, key);
                xmlFree(value);
                return -1;
            }
            if ((use == USE_OTHER || use == USE_EACH) && !var_bound(ld, value + 1)) {
                fail_at(ld, node, "capture '%s' is used before a <check> binds it", value);
                xmlFree(value);
                return -1;
            }
            pr->op = PRED_CAPTURE;
            pr->value = strdup(value + 1);
        } else {
            if (strcmp(key, "event") == 0 && !glob_has_wildcard(value) && !vocab_is_event(value)) {
                fail_at(ld, node, "unknown event '%s' (docs/protocol.md lists the events)", value);
                xmlFree(value);
                return -1;
            }
            if (strcmp(key, "hr") == 0) {
                int32_t hr;
                if (cp_hr_parse(value, &hr) < 0) {
                    fail_at(ld, node, "unknown HRESULT '%s' (use a name such as S_OK or a number)", value);
                    xmlFree(value);
                    return -1;
                }
            }
            pr->op = glob_has_wildcard(value) ? PRED_GLOB : PRED_EQUAL;
            pr->value = strdup(value);
        }
        xmlFree(value);
        pr->key = strdup(key);
        p->npreds++;
        if (!pr->key || !pr->value)
            return oom(ld);
    }
    if (use == USE_CHECK) {
        for (size_t i = 0; i < p->npreds; i++)
            if (p->preds[i].op == PRED_CAPTURE && var_bind(ld, p->preds[i].value) < 0)
                return oom(ld);
    }
    return 0;
}

/* ---- sections ------------------------------------------------------------- */

static int load_timeout(struct loader *ld, xmlNodePtr node, double *out)
{
    char *v = attr(node, "timeout");

    *out = 0;
    if (!v)
        return 0;
    *out = strtod(v, NULL);
    xmlFree(v);
    if (!(*out > 0))
        return fail_at(ld, node, "timeout must be a positive number of seconds");
    return 0;
}

static int load_app(struct loader *ld, xmlNodePtr node)
{
    struct case_def *c = ld->c;
    char *fixture = attr(node, "fixture");
    char *args = attr(node, "args");
    int rc = 0;

    if (dup_to(&c->fixture, fixture) < 0 || split_words(args, &c->args, &c->nargs) < 0)
        rc = oom(ld);
    xmlFree(fixture);
    xmlFree(args);
    if (rc < 0)
        return rc;
    for (xmlNodePtr n = first_elem(node->children); n; n = next_elem(n)) {
        struct env_var *v;
        char *name, *value;
        int ok;

        if (!is_elem(n, "env"))
            continue;
        ok = applies(ld, n);
        if (ok < 0)
            return -1;
        if (!ok)
            continue;
        v = realloc(c->env, (c->nenv + 1) * sizeof *v);
        if (!v)
            return oom(ld);
        c->env = v;
        name = attr(n, "name");
        value = attr(n, "value");
        c->env[c->nenv].name = name ? strdup(name) : NULL;
        c->env[c->nenv].value = value ? strdup(value) : NULL;
        xmlFree(name);
        xmlFree(value);
        c->nenv++;
        if (!c->env[c->nenv - 1].name || !c->env[c->nenv - 1].value)
            return oom(ld);
        if (strncmp(c->env[c->nenv - 1].name, "CORECLR_", 8) == 0 ||
            strncmp(c->env[c->nenv - 1].name, "PROFCHECK_", 10) == 0)
            return fail_at(ld, n, "environment variable '%s' is set by profcheck itself; use <profiler>",
                           c->env[c->nenv - 1].name);
    }
    return 0;
}

/* Switches of <profiler> (and of a variant's <profiler>) and their bits. */
static const struct {
    const char *attr;
    uint32_t mask, high;
} profiler_switches[] = {
    {"disable-inlining", 0x200000u, 0}, /* COR_PRF_DISABLE_INLINING */
    {"disable-ngen", 0x80000000u, 0},   /* COR_PRF_DISABLE_ALL_NGEN_IMAGES */
    {"disable-tiering", 0, 0x8u},       /* COR_PRF_HIGH_DISABLE_TIERED_COMPILATION */
};

/* The event-mask bits an element asks for: its `events` groups, its
 * disable-* switches, and raw `mask` / `mask-high` bits. */
static int load_mask(struct loader *ld, xmlNodePtr node, uint32_t *mask, uint32_t *high)
{
    char **groups = NULL;
    size_t ngroups = 0;
    char *v = attr(node, "events");
    int rc = 0;

    *mask = 0;
    *high = 0;
    if (split_words(v, &groups, &ngroups) < 0)
        rc = oom(ld);
    xmlFree(v);
    for (size_t i = 0; rc == 0 && i < ngroups; i++) {
        const struct event_group *g = vocab_group(groups[i]);
        if (!g) {
            rc = fail_at(ld, node, "unknown event group '%s' (known: module assembly class jit cache exception rejit)",
                         groups[i]);
            break;
        }
        *mask |= g->mask;
        *high |= g->mask_high;
    }
    for (size_t i = 0; i < ngroups; i++)
        free(groups[i]);
    free(groups);
    for (size_t i = 0; rc == 0 && i < sizeof profiler_switches / sizeof *profiler_switches; i++) {
        v = attr(node, profiler_switches[i].attr);
        if (v && parse_bool(v)) {
            *mask |= profiler_switches[i].mask;
            *high |= profiler_switches[i].high;
        }
        xmlFree(v);
    }
    for (int h = 0; rc == 0 && h < 2; h++) {
        uint32_t bits;
        v = attr(node, h ? "mask-high" : "mask");
        if (!v)
            continue;
        if (parse_u32(v, &bits) < 0)
            rc = fail_at(ld, node, "%s must be a 32-bit number", h ? "mask-high" : "mask");
        else if (h)
            *high |= bits;
        else
            *mask |= bits;
        xmlFree(v);
    }
    return rc;
}

static int load_request(struct loader *ld, xmlNodePtr node, int revert, struct request_spec *rq);

static int load_profiler(struct loader *ld, xmlNodePtr node)
{
    struct profiler_setup *p = &ld->c->profiler;
    char *v;

    v = attr(node, "load");
    if (v && strcmp(v, "none") == 0)
        p->load = LOAD_NONE;
    else if (v && strcmp(v, "attach") == 0)
        p->load = LOAD_ATTACH;
    p->agent = v && strcmp(v, "agent") == 0;
    xmlFree(v);
    if (attr_to(ld, node, "demo-agent", &p->demo_agent) < 0)
        return -1;
    if (p->demo_agent && !p->agent)
        return fail_at(ld, node, "demo-agent names the agent of load=\"agent\"");
    if (p->agent && (has_attr(node, "fault") || has_attr(node, "deny-inline") || has_attr(node, "callbacks") ||
                     first_elem(node->children)))
        return fail_at(ld, node, "load=\"agent\" runs the agent as it is: fault, deny-inline, callbacks and "
                                 "request-in belong to the reference profiler's own cases");
    if (p->agent && p->demo_agent && has_attr(node, "path"))
        return fail_at(ld, node, "give the agent by path or by demo-agent, not both");
    if (p->agent && (p->demo_agent || has_attr(node, "path")) && !has_attr(node, "clsid"))
        return fail_at(ld, node, "an agent given by path or demo-agent needs its clsid");
    if (p->load == LOAD_ATTACH && has_attr(node, "callbacks"))
        return fail_at(ld, node, "callbacks cannot be set with load=\"attach\": the runtime asks for the "
                                 "callback interfaces before the profiler can be told");
    if (load_mask(ld, node, &p->mask, &p->mask_high) < 0)
        return -1;
    if (attr_to(ld, node, "only", &p->only) < 0 || attr_to(ld, node, "deny-inline", &p->deny_inline) < 0 ||
        attr_to(ld, node, "fault", &p->fault) < 0 || attr_to(ld, node, "path", &p->path) < 0 ||
        attr_to(ld, node, "clsid", &p->clsid) < 0)
        return -1;
    if (p->fault) {
        static const char *const faults[] = {"crash-in-jit:", "close-after:", "garbage-after:", "oversized-after:"};
        int known = 0;
        for (size_t i = 0; i < sizeof faults / sizeof *faults; i++)
            known |= strncmp(p->fault, faults[i], strlen(faults[i])) == 0 && p->fault[strlen(faults[i])] != '\0';
        if (!known)
            return fail_at(ld, node, "fault=\"%s\" is not one of crash-in-jit:GLOB, close-after:N, garbage-after:N, "
                                     "oversized-after:N",
                           p->fault);
    }
    if (p->clsid) {
        struct ipc_guid g;
        struct err ge;
        err_init(&ge);
        if (ipc_guid_parse(p->clsid, &g, &ge) < 0)
            return fail_at(ld, node, "clsid: %s", ge.msg);
    }
    v = attr(node, "callbacks");
    if (v)
        p->callback_max = atoi(v);
    xmlFree(v);
    v = attr(node, "record");
    p->record_none = v && (strcmp(v, "false") == 0 || strcmp(v, "0") == 0);
    xmlFree(v);
    if (p->load == LOAD_NONE &&
        (has_attr(node, "events") || p->mask || p->mask_high || p->only || p->deny_inline || p->fault || p->path ||
         p->clsid))
        return fail_at(ld, node, "load=\"none\" runs no profiler: events, masks, deny-inline, fault, path and "
                                 "clsid cannot be set");
    for (xmlNodePtr n = first_elem(node->children); n; n = next_elem(n)) {
        xmlNodePtr req;

        if (!is_elem(n, "request-in"))
            continue;
        if (p->load == LOAD_NONE)
            return fail_at(ld, n, "load=\"none\" runs no profiler: it makes no requests");
        req = first_elem(n->children);
        v = attr(n, "callback");
        p->trigger.callback = v ? strdup(v) : NULL;
        xmlFree(v);
        v = attr(n, "name");
        p->trigger.name = v ? strdup(v) : NULL;
        xmlFree(v);
        if (!p->trigger.callback || !p->trigger.name)
            return oom(ld);
        p->trigger.present = 1;
        if (load_request(ld, req, is_elem(req, "revert"), &p->trigger.request) < 0)
            return -1;
    }
    return 0;
}

static struct step *new_step(struct loader *ld, xmlNodePtr node, enum step_kind kind)
{
    struct case_def *c = ld->c;
    struct step *v = realloc(c->steps, (c->nsteps + 1) * sizeof *v);
    struct step *s;

    if (!v)
        return NULL;
    c->steps = v;
    s = &c->steps[c->nsteps++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->line = (int)xmlGetLineNo(node);
    if (node_source(node, &s->source) < 0)
        return NULL;
    return s;
}

static int load_wait(struct loader *ld, xmlNodePtr node)
{
    static const struct {
        const char *attr;
        enum stream_id stream;
        int regex;
    } lines[] = {
        {"stdout", STREAM_STDOUT, 0},
        {"stderr", STREAM_STDERR, 0},
        {"stdout-re", STREAM_STDOUT, 1},
        {"stderr-re", STREAM_STDERR, 1},
    };
    int found = -1, count = 0;
    struct step *s;

    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        if (has_attr(node, lines[i].attr)) {
            found = (int)i;
            count++;
        }
    }
    if (count > 1)
        return fail_at(ld, node, "<wait> takes one of stdout, stderr, stdout-re, stderr-re");
    if (found >= 0) {
        char *text;
        int rc;

        for (xmlAttrPtr a = node->properties; a; a = a->next) {
            const char *k = (const char *)a->name;
            if (strcmp(k, lines[found].attr) != 0 && strcmp(k, "timeout") != 0 && strcmp(k, "when") != 0)
                return fail_at(ld, node, "<wait %s> cannot also have '%s'", lines[found].attr, k);
        }
        s = new_step(ld, node, STEP_WAIT_LINE);
        if (!s)
            return oom(ld);
        s->stream = lines[found].stream;
        text = attr(node, lines[found].attr);
        rc = compile_line_match(ld, node, text ? text : "", lines[found].regex, &s->match);
        xmlFree(text);
        if (rc < 0)
            return rc;
        return load_timeout(ld, node, &s->timeout);
    }
    s = new_step(ld, node, STEP_WAIT_EVENT);
    if (!s)
        return oom(ld);
    if (load_pattern(ld, node, USE_WAIT, 0, &s->pattern) < 0)
        return -1;
    if (s->pattern.npreds == 0)
        return fail_at(ld, node, "<wait> needs an output line (stdout=...) or event fields (event=...)");
    return load_timeout(ld, node, &s->timeout);
}

static int load_send(struct loader *ld, xmlNodePtr node)
{
    struct step *s = new_step(ld, node, STEP_SEND);

    if (!s)
        return oom(ld);
    if (attr_text(ld, node, "stdin", &s->text) < 0)
        return -1;
    if (strchr(s->text, '\n') || strchr(s->text, '\r'))
        return fail_at(ld, node, "<send stdin> is one line: use one <send> per line");
    return 0;
}

/* "Assembly!Namespace.Type::Method": each part non-empty. */
static int method_name_ok(const char *s)
{
    const char *bang = strchr(s, '!');
    const char *colons = bang ? strstr(bang, "::") : NULL;

    return bang && bang > s && colons && colons > bang + 1 && colons[2] != '\0';
}

static int load_resolve(struct loader *ld, xmlNodePtr node)
{
    struct step *s = new_step(ld, node, STEP_RESOLVE);
    char *v;

    if (!s)
        return oom(ld);
    if (attr_text(ld, node, "method", &s->text) < 0)
        return -1;
    if (!method_name_ok(s->text))
        return fail_at(ld, node, "method '%s' is not of the form Assembly!Namespace.Type::Method", s->text);
    v = attr(node, "expect-hr");
    if (v) {
        if (cp_hr_parse(v, &s->expect_hr) < 0) {
            fail_at(ld, node, "unknown HRESULT '%s' (use a name such as S_OK or a number)", v);
            xmlFree(v);
            return -1;
        }
        s->has_expect_hr = 1;
        xmlFree(v);
    }
    return load_timeout(ld, node, &s->timeout);
}

/* The IL text of a request: the `il` attribute or an <il> child. */
static int request_il(struct loader *ld, xmlNodePtr node, char **out, int *line)
{
    char *v = attr(node, "il");

    *out = NULL;
    *line = (int)xmlGetLineNo(node);
    for (xmlNodePtr n = first_elem(node->children); n; n = next_elem(n)) {
        if (!is_elem(n, "il"))
            continue;
        if (v) {
            xmlFree(v);
            return fail_at(ld, n, "give the IL as an attribute or as an <il> element, not both");
        }
        v = node_text(n);
        *line = (int)xmlGetLineNo(n);
    }
    if (v && dup_to(out, v) < 0) {
        xmlFree(v);
        return oom(ld);
    }
    xmlFree(v);
    return 0;
}

/* Flag words of an attribute, or a number: 0 with *out set, -1 when an
 * unknown word is found (named in the error). */
struct flag_word {
    const char *word;
    uint32_t bits;
};

static int parse_flag_words(struct loader *ld, xmlNodePtr node, const char *name, const struct flag_word *words,
                            size_t nwords, uint32_t *out)
{
    char *v = attr(node, name);
    char **list = NULL;
    size_t n = 0;
    int rc = 0;

    *out = 0;
    if (!v)
        return 0;
    if (parse_u32(v, out) == 0) {
        xmlFree(v);
        return 0;
    }
    if (split_words(v, &list, &n) < 0)
        rc = oom(ld);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        size_t k = 0;
        while (k < nwords && strcmp(words[k].word, list[i]) != 0)
            k++;
        if (k == nwords)
            rc = fail_at(ld, node, "unknown %s '%s' (known: %s%s%s, or a number)", name, list[i], words[0].word,
                         nwords > 1 ? " " : "", nwords > 1 ? words[1].word : "");
        else
            *out |= words[k].bits;
    }
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
    xmlFree(v);
    return rc;
}

/* rejit-with-inliners' flags, inliners="tracked", codegen="...". */
static int load_request_flags(struct loader *ld, xmlNodePtr node, struct request_spec *rq)
{
    static const struct flag_word rejit_flags[] = {
        {"block-inlining", 0x1},     /* COR_PRF_REJIT_BLOCK_INLINING */
        {"inlining-callbacks", 0x2}, /* COR_PRF_REJIT_INLINING_CALLBACKS */
    };
    static const struct flag_word codegen_flags[] = {
        {"disable-inlining", 0x1},      /* COR_PRF_CODEGEN_DISABLE_INLINING */
        {"disable-optimizations", 0x2}, /* COR_PRF_CODEGEN_DISABLE_ALL_OPTIMIZATIONS */
    };
    char *v;
    int rc = 0;

    rq->with_inliners = is_elem(node, "rejit-with-inliners");
    if (rq->with_inliners && !has_attr(node, "flags"))
        return fail_at(ld, node, "<rejit-with-inliners> needs flags=\"...\" (block-inlining inlining-callbacks, "
                                 "or a number such as 0)");
    if (parse_flag_words(ld, node, "flags", rejit_flags, 2, &rq->rejit_flags) < 0 ||
        parse_flag_words(ld, node, "codegen", codegen_flags, 2, &rq->codegen) < 0)
        return -1;
    v = attr(node, "inliners");
    if (v && strcmp(v, "tracked") == 0 && !rq->revert && !rq->with_inliners)
        rq->tracked = 1;
    else if (v && strcmp(v, "none") != 0)
        rc = fail_at(ld, node, "inliners=\"%s\": only <rejit> takes inliners, \"tracked\" or \"none\"", v);
    xmlFree(v);
    if (rc == 0 && rq->revert && rq->codegen)
        rc = fail_at(ld, node, "<revert> takes no codegen flags");
    return rc;
}

static int load_request(struct loader *ld, xmlNodePtr node, int revert, struct request_spec *rq)
{
    char *method = attr(node, "method"), *token = attr(node, "token"), *assembly = attr(node, "assembly");
    char *prologue = attr(node, "prologue"), *original = attr(node, "original"), *call = attr(node, "call");
    char *il = NULL;
    int il_line = 0, bodies = 0, rc = 0;

    memset(rq, 0, sizeof *rq);
    rq->revert = revert;
    if (request_il(ld, node, &il, &il_line) < 0) {
        rc = -1;
        goto out;
    }
    if ((method != NULL) == (token != NULL)) {
        rc = fail_at(ld, node, "<%s> takes method=\"...\" or token=\"...\" with assembly=\"...\"",
                     (const char *)node->name);
        goto out;
    }
    if (token && !assembly) {
        rc = fail_at(ld, node, "token=\"...\" needs assembly=\"...\" (whose module holds it)");
        goto out;
    }
    if (assembly && !token) {
        rc = fail_at(ld, node, "assembly=\"...\" goes with token=\"...\"; a method name already names its assembly");
        goto out;
    }
    if (method) {
        char *copy = strdup(method), *save = NULL;
        int count = 0;

        if (!copy) {
            rc = oom(ld);
            goto out;
        }
        for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
            count++;
            if (!method_name_ok(w)) {
                rc = fail_at(ld, node, "method '%s' is not of the form Assembly!Namespace.Type::Method", w);
                break;
            }
        }
        free(copy);
        if (rc == 0 && count == 0)
            rc = fail_at(ld, node, "method=\"\" names no method");
        if (rc < 0)
            goto out;
    }
    if (token && parse_u32(token, &rq->raw_token) < 0) {
        rc = fail_at(ld, node, "token must be a 32-bit number");
        goto out;
    }
    bodies = (il != NULL) + (prologue != NULL) + (original && parse_bool(original));
    if (bodies > 1 || (revert && bodies)) {
        rc = fail_at(ld, node, revert ? "<revert> takes no new body (il, prologue, original)"
                                       : "<rejit> takes one of il, prologue, original");
        goto out;
    }
    if (il) {
        struct il_error ie;

        memset(&ie, 0, sizeof ie);
        if (il_check(il, &ie) < 0) {
            rc = err_set(ld->e, "%s:%d: IL %d:%d: %s", ld->name, il_line, ie.line, ie.column, ie.msg);
            goto out;
        }
        rq->body = BODY_TEXT;
    } else if (prologue) {
        if (!method_name_ok(prologue)) {
            rc = fail_at(ld, node, "prologue '%s' is not of the form Assembly!Namespace.Type::Method", prologue);
            goto out;
        }
        rq->body = BODY_PROLOGUE;
    } else if (original && parse_bool(original)) {
        rq->body = BODY_ORIGINAL;
    }
    if (load_request_flags(ld, node, rq) < 0) {
        rc = -1;
        goto out;
    }
    if (call && strcmp(call, "zero-count") == 0)
        rq->call = CALL_MODE_ZERO_COUNT;
    else if (call && strcmp(call, "null-arrays") == 0)
        rq->call = CALL_MODE_NULL_ARRAYS;
    if (dup_to(&rq->methods, method) < 0 || dup_to(&rq->raw_assembly, assembly) < 0 ||
        dup_to(&rq->il, il ? il : prologue) < 0)
        rc = oom(ld);
out:
    free(il);
    xmlFree(method);
    xmlFree(token);
    xmlFree(assembly);
    xmlFree(prologue);
    xmlFree(original);
    xmlFree(call);
    if (rc < 0)
        request_spec_release(rq);
    return rc;
}

static int load_expect_hr(struct loader *ld, xmlNodePtr node, struct step *s)
{
    char *v = attr(node, "expect-hr");

    if (!v)
        return 0;
    if (cp_hr_parse(v, &s->expect_hr) < 0) {
        fail_at(ld, node, "unknown HRESULT '%s' (use a name such as S_OK or a number)", v);
        xmlFree(v);
        return -1;
    }
    s->has_expect_hr = 1;
    xmlFree(v);
    return 0;
}

static int load_request_step(struct loader *ld, xmlNodePtr node, int revert)
{
    struct step *s = new_step(ld, node, STEP_REQUEST);
    char *v;

    if (!s)
        return oom(ld);
    if (load_request(ld, node, revert, &s->request) < 0 || load_expect_hr(ld, node, s) < 0 ||
        load_timeout(ld, node, &s->timeout) < 0)
        return -1;
    v = attr(node, "app-ends");
    s->app_ends = v && parse_bool(v);
    xmlFree(v);
    if (s->app_ends && (s->has_expect_hr || has_attr(node, "expect-status")))
        return fail_at(ld, node, "app-ends=\"true\" expects no reply: expect-hr and expect-status cannot be given");
    v = attr(node, "expect-status");
    if (v) {
        int32_t hr;
        if (!revert) {
            xmlFree(v);
            return fail_at(ld, node, "only <revert> has per-method statuses (RequestRevert's status array)");
        }
        if (cp_hr_parse(v, &hr) < 0) {
            fail_at(ld, node, "unknown HRESULT '%s' in expect-status", v);
            xmlFree(v);
            return -1;
        }
        s->expect_status = strdup(v);
        xmlFree(v);
        if (!s->expect_status)
            return oom(ld);
    }
    return 0;
}

static int load_set_mask(struct loader *ld, xmlNodePtr node)
{
    struct step *s = new_step(ld, node, STEP_SET_MASK);

    if (!s)
        return oom(ld);
    if (load_mask(ld, node, &s->mask, &s->mask_high) < 0 || load_expect_hr(ld, node, s) < 0 ||
        load_timeout(ld, node, &s->timeout) < 0)
        return -1;
    return 0;
}

static int load_measure(struct loader *ld, xmlNodePtr node)
{
    struct step *s = new_step(ld, node, STEP_MEASURE);
    char *name = attr(node, "name"), *since = attr(node, "since");
    int rc = 0;

    if (!s) {
        rc = oom(ld);
    } else if (dup_to(&s->text, name) < 0 || dup_to(&s->since, since) < 0) {
        rc = oom(ld);
    } else if (since) {
        int found = 0;
        for (size_t i = 0; i + 1 < ld->c->nsteps && !found; i++)
            found = ld->c->steps[i].kind == STEP_MEASURE && strcmp(ld->c->steps[i].text, since) == 0;
        if (!found)
            rc = fail_at(ld, node, "since=\"%s\" names no earlier <measure>", since);
    }
    xmlFree(name);
    xmlFree(since);
    return rc;
}

static int load_attach(struct loader *ld, xmlNodePtr node)
{
    static const char *const errors[] = {"no-socket", "refused", "no-reply", NULL};
    struct step *s = new_step(ld, node, STEP_ATTACH);
    char *hold;
    int known = 0;

    if (!s)
        return oom(ld);
    if (attr_to(ld, node, "clsid", &s->attach.clsid) < 0 || attr_to(ld, node, "profiler", &s->attach.profiler) < 0 ||
        attr_to(ld, node, "client-data", &s->attach.client_data) < 0 ||
        attr_to(ld, node, "expect-error", &s->attach.expect_error) < 0 || load_expect_hr(ld, node, s) < 0 ||
        load_timeout(ld, node, &s->timeout) < 0)
        return -1;
    hold = attr(node, "hold");
    s->attach.hold = hold && parse_bool(hold);
    xmlFree(hold);
    if (s->attach.expect_error) {
        for (size_t i = 0; errors[i]; i++)
            known |= strcmp(errors[i], s->attach.expect_error) == 0;
        if (!known)
            return fail_at(ld, node, "expect-error=\"%s\" is not one of no-socket, refused, no-reply",
                           s->attach.expect_error);
        if (s->has_expect_hr)
            return fail_at(ld, node, "expect-error and expect-hr exclude each other: with an error there is no "
                                     "reply");
    }
    if (s->attach.hold && (s->has_expect_hr || s->attach.expect_error))
        return fail_at(ld, node, "with hold=\"true\" the answer is awaited by <attach-reply>: put expect-hr or "
                                 "expect-error there");
    return 0;
}

static int load_attach_reply(struct loader *ld, xmlNodePtr node)
{
    struct step *s = new_step(ld, node, STEP_ATTACH_REPLY);
    char *v;
    int held = 0;

    if (!s)
        return oom(ld);
    /* The nearest earlier <attach> must hold, and not be answered yet. */
    for (size_t i = ld->c->nsteps - 1; i-- > 0;) {
        if (ld->c->steps[i].kind == STEP_ATTACH_REPLY)
            break;
        if (ld->c->steps[i].kind == STEP_ATTACH) {
            held = ld->c->steps[i].attach.hold;
            break;
        }
    }
    if (!held)
        return fail_at(ld, node, "<attach-reply> answers an earlier <attach hold=\"true\"/>, and there is none");
    if (attr_to(ld, node, "expect-error", &s->attach.expect_error) < 0 || load_expect_hr(ld, node, s) < 0 ||
        load_timeout(ld, node, &s->timeout) < 0)
        return -1;
    v = attr(node, "release");
    s->attach.keep_held = v && !parse_bool(v);
    xmlFree(v);
    if (s->attach.expect_error && strcmp(s->attach.expect_error, "no-reply") != 0)
        return fail_at(ld, node, "after a held attach the only error left is expect-error=\"no-reply\"");
    if (s->attach.expect_error && s->has_expect_hr)
        return fail_at(ld, node, "expect-error and expect-hr exclude each other: with an error there is no reply");
    return 0;
}

static int load_detach(struct loader *ld, xmlNodePtr node)
{
    struct step *s = new_step(ld, node, STEP_DETACH);
    char *v;

    if (!s)
        return oom(ld);
    if (load_expect_hr(ld, node, s) < 0 || load_timeout(ld, node, &s->timeout) < 0)
        return -1;
    v = attr(node, "expected-ms");
    if (v) {
        int rc = parse_u32(v, &s->mask) < 0 || s->mask > 600000
                     ? fail_at(ld, node, "expected-ms=\"%s\" is not a number of milliseconds (0-600000)", v)
                     : 0;
        xmlFree(v);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Metadata changes the profiler knows (docs/attach.md, "Metadata"). */
static const char *const define_kinds[] = {"user-string", "type-ref", "member-ref", "type-def", "nested-type",
                                           "method", "field", "custom-attribute", "pinvoke-map", "module-ref",
                                           "event", "method-impl", "method-spec", NULL};

static int load_define(struct loader *ld, xmlNodePtr node)
{
    struct step *s = new_step(ld, node, STEP_DEFINE);
    char *kind;
    int known = 0;

    if (!s)
        return oom(ld);
    if (load_expect_hr(ld, node, s) < 0 || load_timeout(ld, node, &s->timeout) < 0)
        return -1;
    kind = attr(node, "kind");
    for (size_t i = 0; kind && define_kinds[i]; i++)
        known |= strcmp(define_kinds[i], kind) == 0;
    if (!known) {
        int rc = fail_at(ld, node, "kind=\"%s\" is not a metadata change the profiler makes (user-string, "
                                   "type-ref, member-ref, type-def, nested-type, method, field, custom-attribute, "
                                   "pinvoke-map, module-ref, event, method-impl, method-spec)",
                         kind ? kind : "");
        xmlFree(kind);
        return rc;
    }
    xmlFree(kind);
    for (xmlAttrPtr a = node->properties; a; a = a->next) {
        const char *key = (const char *)a->name;
        char *value;
        struct step_arg *v;

        if (strcmp(key, "when") == 0 || strcmp(key, "timeout") == 0 || strcmp(key, "expect-hr") == 0)
            continue;
        v = realloc(s->args, (s->nargs + 1) * sizeof *v);
        if (!v)
            return oom(ld);
        s->args = v;
        value = attr(node, key);
        v[s->nargs].key = strdup(key);
        v[s->nargs].value = strdup(value ? value : "");
        xmlFree(value);
        if (!v[s->nargs].key || !v[s->nargs].value) {
            free(v[s->nargs].key);
            free(v[s->nargs].value);
            return oom(ld);
        }
        s->nargs++;
    }
    return 0;
}

static int load_steps(struct loader *ld, xmlNodePtr node)
{
    for (xmlNodePtr n = first_elem(node->children); n; n = next_elem(n)) {
        int rc = applies(ld, n);

        if (rc <= 0) {
            if (rc < 0)
                return -1;
            continue;
        }
        rc = 0;
        if (is_elem(n, "wait"))
            rc = load_wait(ld, n);
        else if (is_elem(n, "send"))
            rc = load_send(ld, n);
        else if (is_elem(n, "resolve"))
            rc = load_resolve(ld, n);
        else if (is_elem(n, "rejit") || is_elem(n, "rejit-with-inliners"))
            rc = load_request_step(ld, n, 0);
        else if (is_elem(n, "revert"))
            rc = load_request_step(ld, n, 1);
        else if (is_elem(n, "set-event-mask"))
            rc = load_set_mask(ld, n);
        else if (is_elem(n, "measure"))
            rc = load_measure(ld, n);
        else if (is_elem(n, "attach"))
            rc = load_attach(ld, n);
        else if (is_elem(n, "attach-reply"))
            rc = load_attach_reply(ld, n);
        else if (is_elem(n, "detach"))
            rc = load_detach(ld, n);
        else if (is_elem(n, "define"))
            rc = load_define(ld, n);
        else if (is_elem(n, "repeat")) {
            /* Unrolled: each round is the same steps again. */
            char *v = attr(n, "times");
            long times = v ? strtol(v, NULL, 10) : 0;
            xmlFree(v);
            for (long i = 0; i < times && rc == 0; i++)
                rc = load_steps(ld, n);
        }
        if (rc < 0)
            return rc;
    }
    return 0;
}

/*
 * A bound of <count>: a count, or "$n", "$n+K", "$n-K" over a count that an
 * earlier <count as="n"> bound.  Returns 1 when given, 0 when absent, -1.
 */
static int parse_count_bound(struct loader *ld, xmlNodePtr node, const char *name, long *out, char **var)
{
    char *v = attr(node, name);
    char *end, *num;
    long n = 0;
    int rc = 1;

    if (!v)
        return 0;
    num = v;
    if (v[0] == '$') {
        size_t len = 0;
        char *vn;

        while (isalnum((unsigned char)v[1 + len]) || v[1 + len] == '_')
            len++;
        vn = strndup(v + 1, len);

        if (!vn) {
            xmlFree(v);
            return oom(ld);
        }
        if (!var_name_ok(vn) || !var_bound(ld, vn)) {
            rc = fail_at(ld, node, "%s=\"%s\": '$%s' is not a count bound earlier with <count as=\"%s\">", name, v,
                         vn, vn);
            free(vn);
            xmlFree(v);
            return rc;
        }
        *var = vn;
        num = v + 1 + len;
        if (*num == '\0') {
            *out = 0;
            xmlFree(v);
            return 1;
        }
    }
    errno = 0;
    n = strtol(num, &end, 10);
    if (errno || end == num || *end || (!*var && n < 0) || (*var && num[0] != '+' && num[0] != '-')) {
        rc = fail_at(ld, node, "%s must be a count (0 or more), or $name, $name+K, $name-K", name);
    } else {
        *out = n;
    }
    xmlFree(v);
    return rc;
}

/* One check element (and its children) into *k. */
static int load_check(struct loader *ld, xmlNodePtr n, struct check *k)
{
    static const struct {
        const char *name;
        enum check_kind kind;
        enum pattern_use use;
    } kinds[] = {
        {"check", CHECK_ORDERED, USE_CHECK}, {"next", CHECK_NEXT, USE_CHECK},
        {"not", CHECK_NOT, USE_OTHER},       {"count", CHECK_COUNT, USE_OTHER},
        {"unordered", CHECK_UNORDERED, USE_CHECK}, {"each", CHECK_EACH, USE_OTHER},
    };
    enum pattern_use use = USE_OTHER;

    memset(k, 0, sizeof *k);
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        if (is_elem(n, kinds[i].name)) {
            k->kind = kinds[i].kind;
            use = kinds[i].use;
        }
    }
    k->line = (int)xmlGetLineNo(n);
    k->max = -1;
    if (node_source(n, &k->source) < 0)
        return oom(ld);
    if (k->kind == CHECK_UNORDERED) {
        for (xmlNodePtr c = first_elem(n->children); c; c = next_elem(c)) {
            struct check *v = realloc(k->children, (k->nchildren + 1) * sizeof *v);
            if (!v)
                return oom(ld);
            k->children = v;
            if (load_check(ld, c, &k->children[k->nchildren++]) < 0)
                return -1;
        }
        return 0;
    }
    if (load_pattern(ld, n, use, k->kind == CHECK_COUNT, &k->pattern) < 0)
        return -1;
    if (k->pattern.npreds == 0)
        return fail_at(ld, n, "<%s> needs at least one event field (event=...)", (const char *)n->name);
    if (k->kind == CHECK_COUNT) {
        int has_min = parse_count_bound(ld, n, "min", &k->min, &k->min_var);
        int has_max = has_min < 0 ? -1 : parse_count_bound(ld, n, "max", &k->max, &k->max_var);

        if (has_min < 0 || has_max < 0)
            return -1;
        if (!has_min && !has_max && !has_attr(n, "as"))
            return fail_at(ld, n, "<count> needs min, max or both (or as=\"name\" to bind the count)");
        if (has_max && !k->min_var && !k->max_var && k->max < k->min)
            return fail_at(ld, n, "<count> max (%ld) is below min (%ld)", k->max, k->min);
        if (attr_to(ld, n, "distinct", &k->distinct) < 0 || attr_to(ld, n, "as", &k->as) < 0)
            return -1;
        if (k->distinct && !vocab_is_field(k->distinct))
            return fail_at(ld, n, "distinct=\"%s\" is not an event field", k->distinct);
        if (k->as && (!var_name_ok(k->as) || var_bound(ld, k->as)))
            return fail_at(ld, n, "as=\"%s\": a capture name not bound before is needed", k->as);
        if (k->as && var_bind(ld, k->as) < 0)
            return oom(ld);
    }
    if (k->kind == CHECK_EACH) {
        xmlNodePtr c = first_elem(n->children);
        struct check *child = calloc(1, sizeof *child);

        if (!child)
            return oom(ld);
        k->children = child;
        k->nchildren = 1;
        child->after = is_elem(c, "after");
        child->line = (int)xmlGetLineNo(c);
        child->max = -1;
        if (node_source(c, &child->source) < 0)
            return oom(ld);
        if (load_pattern(ld, c, USE_EACH, 0, &child->pattern) < 0)
            return -1;
        if (child->pattern.npreds == 0)
            return fail_at(ld, c, "<%s> needs at least one event field", (const char *)c->name);
    }
    return 0;
}

static int load_events(struct loader *ld, xmlNodePtr node)
{
    struct case_def *c = ld->c;
    int positive = 0;

    for (xmlNodePtr n = first_elem(node->children); n; n = next_elem(n)) {
        struct check *v;
        int ok = applies(ld, n);

        if (ok < 0)
            return -1;
        if (!ok)
            continue;
        if (is_elem(n, "next") && !positive)
            return fail_at(ld, n, "<next> needs a <check> (or <unordered>) before it");
        v = realloc(c->checks, (c->nchecks + 1) * sizeof *v);
        if (!v)
            return oom(ld);
        c->checks = v;
        if (load_check(ld, n, &c->checks[c->nchecks++]) < 0)
            return -1;
        if (is_elem(n, "check") || is_elem(n, "next") || is_elem(n, "unordered"))
            positive = 1;
    }
    return 0;
}

static int parse_signal(const char *s, int *out)
{
    static const struct {
        const char *name;
        int sig;
    } sigs[] = {
        {"SIGHUP", SIGHUP},   {"SIGINT", SIGINT},   {"SIGQUIT", SIGQUIT}, {"SIGILL", SIGILL},
        {"SIGTRAP", SIGTRAP}, {"SIGABRT", SIGABRT}, {"SIGBUS", SIGBUS},   {"SIGFPE", SIGFPE},
        {"SIGKILL", SIGKILL}, {"SIGSEGV", SIGSEGV}, {"SIGPIPE", SIGPIPE}, {"SIGTERM", SIGTERM},
    };
    char *end;
    long n;

    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        if (strcmp(s, sigs[i].name) == 0) {
            *out = sigs[i].sig;
            return 0;
        }
    }
    n = strtol(s, &end, 10);
    if (end == s || *end || n <= 0 || n >= 65)
        return -1;
    *out = (int)n;
    return 0;
}

static int load_outcome(struct loader *ld, xmlNodePtr node)
{
    struct outcome *o = &ld->c->outcome;
    char *v;

    o->line = (int)xmlGetLineNo(node);
    v = attr(node, "exit");
    if (v) {
        o->has_exit = 1;
        o->exit_code = atoi(v);
    }
    xmlFree(v);
    v = attr(node, "signal");
    if (v) {
        if (parse_signal(v, &o->signal) < 0) {
            fail_at(ld, node, "unknown signal '%s' (use a name such as SIGSEGV or a number)", v);
            xmlFree(v);
            return -1;
        }
        o->has_signal = 1;
    }
    xmlFree(v);
    if (o->has_exit && o->has_signal)
        return fail_at(ld, node, "<outcome> takes exit or signal, not both");

    for (xmlNodePtr n = first_elem(node->children); n; n = next_elem(n)) {
        static const char *const ops[] = {"contains", "not-contains", "matches", "empty"};
        struct stream_check *sv, *sc;
        int which = -1, count = 0;
        char *text;
        int rc;

        if (!is_elem(n, "stdout") && !is_elem(n, "stderr"))
            continue;
        switch (applies(ld, n)) {
        case -1:
            return -1;
        case 0:
            continue;
        default:
            break;
        }
        for (int i = 0; i < 4; i++) {
            if (has_attr(n, ops[i])) {
                which = i;
                count++;
            }
        }
        if (count != 1)
            return fail_at(ld, n, "<%s> takes exactly one of contains, not-contains, matches, empty",
                           (const char *)n->name);
        sv = realloc(o->streams, (o->nstreams + 1) * sizeof *sv);
        if (!sv)
            return oom(ld);
        o->streams = sv;
        sc = &o->streams[o->nstreams++];
        memset(sc, 0, sizeof *sc);
        sc->stream = is_elem(n, "stdout") ? STREAM_STDOUT : STREAM_STDERR;
        sc->line = (int)xmlGetLineNo(n);
        if (node_source(n, &sc->source) < 0)
            return oom(ld);
        text = attr(n, ops[which]);
        switch (which) {
        case 0:
            sc->op = STREAM_CONTAINS;
            break;
        case 1:
            sc->op = STREAM_NOT_CONTAINS;
            break;
        case 2:
            sc->op = STREAM_MATCHES;
            break;
        default:
            sc->op = STREAM_EMPTY;
            if (!parse_bool(text)) {
                xmlFree(text);
                return fail_at(ld, n, "empty=\"false\" checks nothing: leave it out");
            }
            break;
        }
        rc = compile_line_match(ld, n, text ? text : "", which == 2, &sc->match);
        xmlFree(text);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int load_selftest(struct loader *ld, xmlNodePtr node)
{
    struct selftest *st = &ld->c->selftest;
    char *v = attr(node, "verdict");
    int rc = 0;

    st->present = 1;
    if (!v || verdict_parse(v, &st->verdict) < 0)
        rc = fail_at(ld, node, "unknown verdict '%s'", v ? v : "");
    xmlFree(v);
    if (rc < 0)
        return rc;
    v = attr(node, "reason");
    if (dup_to(&st->reason, v) < 0)
        rc = oom(ld);
    xmlFree(v);
    return rc;
}

static int load_requires(struct loader *ld, xmlNodePtr node)
{
    struct requirements *rq = &ld->c->requires;
    char *runtime = attr(node, "runtime"), *features = attr(node, "features");
    char **words = NULL;
    size_t nwords = 0;
    int rc = 0;

    if (runtime) {
        if (version_in_range(runtime, "0") < 0)
            rc = fail_at(ld, node, "malformed runtime range '%s' (use e.g. \">=8.0 <11\")", runtime);
        else if (rq->runtime)
            rc = fail_at(ld, node, "two runtime ranges apply (use when=)");
        else if (!(rq->runtime = strdup(runtime)))
            rc = oom(ld);
    }
    if (rc == 0 && split_words(features, &words, &nwords) < 0)
        rc = oom(ld);
    for (size_t i = 0; rc == 0 && i < nwords; i++) {
        const char *name = words[i] + (words[i][0] == '!');
        int known = 0;
        char **v;

        for (const char *const *f = requires_features; *f && !known; f++)
            known = strcmp(*f, name) == 0;
        if (!known) {
            rc = fail_at(ld, node, "unknown feature '%s' (known: x64 arm64 linux root setsid)", name);
            break;
        }
        v = realloc(rq->features, (rq->nfeatures + 1) * sizeof *v);
        if (!v) {
            rc = oom(ld);
            break;
        }
        rq->features = v;
        rq->features[rq->nfeatures++] = words[i];
        words[i] = NULL;
    }
    for (size_t i = 0; i < nwords; i++)
        free(words[i]);
    free(words);
    xmlFree(runtime);
    xmlFree(features);
    return rc;
}

/* The chosen values' <env> and <profiler> additions. */
static int apply_variant(struct loader *ld)
{
    struct case_def *c = ld->c;

    for (size_t a = 0; a < ld->matrix->naxes; a++) {
        xmlNodePtr value = ld->matrix->axes[a].nodes[ld->pick[a]];

        for (xmlNodePtr n = first_elem(value->children); n; n = next_elem(n)) {
            if (is_elem(n, "env")) {
                char *name = attr(n, "name"), *val = attr(n, "value");
                size_t i;
                int rc = 0;

                for (i = 0; i < c->nenv; i++)
                    if (strcmp(c->env[i].name, name) == 0)
                        break;
                if (i == c->nenv) {
                    struct env_var *v = realloc(c->env, (c->nenv + 1) * sizeof *v);
                    if (!v)
                        rc = oom(ld);
                    else {
                        c->env = v;
                        c->env[c->nenv].name = strdup(name);
                        c->env[c->nenv].value = NULL;
                        c->nenv++;
                    }
                }
                if (rc == 0) {
                    free(c->env[i].value);
                    c->env[i].value = strdup(val);
                    if (!c->env[i].name || !c->env[i].value)
                        rc = oom(ld);
                }
                xmlFree(name);
                xmlFree(val);
                if (rc < 0)
                    return -1;
            } else if (is_elem(n, "profiler")) {
                uint32_t mask = 0, high = 0;

                if (load_mask(ld, n, &mask, &high) < 0)
                    return -1;
                if (c->profiler.load == LOAD_NONE && (mask || high))
                    return fail_at(ld, n, "the case runs no profiler: a variant cannot set its mask");
                c->profiler.mask |= mask;
                c->profiler.mask_high |= high;
            }
        }
    }
    return 0;
}

static int load_root(struct loader *ld, xmlNodePtr root)
{
    struct case_def *c = ld->c;

    if (load_timeout(ld, root, &c->timeout) < 0)
        return -1;
    if (c->timeout == 0)
        c->timeout = DEFAULT_TIMEOUT;
    {
        char *v = attr(root, "retries");
        c->retries = v ? atoi(v) : 0;
        xmlFree(v);
    }
    for (xmlNodePtr n = first_elem(root->children); n; n = next_elem(n)) {
        int rc = 0;

        if (is_elem(n, "description")) {
            char *text = node_text(n);
            rc = dup_to(&c->description, text) < 0 ? oom(ld) : 0;
            xmlFree(text);
        } else if (is_elem(n, "requires")) {
            rc = applies(ld, n);
            if (rc > 0)
                rc = load_requires(ld, n);
        } else if (is_elem(n, "tags")) {
            char *text = node_text(n);
            rc = split_words(text, &c->tags, &c->ntags) < 0 ? oom(ld) : 0;
            xmlFree(text);
        } else if (is_elem(n, "app")) {
            rc = load_app(ld, n);
        } else if (is_elem(n, "profiler")) {
            rc = load_profiler(ld, n);
        } else if (is_elem(n, "steps")) {
            rc = load_steps(ld, n);
        } else if (is_elem(n, "events")) {
            rc = load_events(ld, n);
        } else if (is_elem(n, "outcome")) {
            rc = applies(ld, n);
            if (rc > 0 && ld->c->outcome.line)
                rc = fail_at(ld, n, "two <outcome> elements apply to variant %s (use when=)",
                             ld->c->variant ? ld->c->variant : "of this case");
            else if (rc > 0)
                rc = load_outcome(ld, n);
        } else if (is_elem(n, "known-issue")) {
            rc = applies(ld, n);
            if (rc > 0 && !ld->c->known.ref) {
                char *ref = attr(n, "ref");
                char *text = node_text(n);
                ld->c->known.ref = ref ? strdup(ref) : NULL;
                ld->c->known.text = strdup(text ? text : "");
                xmlFree(ref);
                xmlFree(text);
                rc = ld->c->known.ref && ld->c->known.text ? 0 : oom(ld);
            }
        } else if (is_elem(n, "selftest")) {
            rc = load_selftest(ld, n);
        }
        if (rc < 0)
            return rc;
    }
    if (apply_variant(ld) < 0)
        return -1;
    for (size_t i = 0; i + 1 < c->nsteps; i++)
        if (c->steps[i].app_ends)
            return err_set(ld->e, "%s:%d: app-ends=\"true\" belongs on the last step: nothing can run after the app "
                                  "has ended",
                           ld->name, c->steps[i].line);
    if (c->profiler.load == LOAD_NONE) {
        for (size_t i = 0; i < c->nsteps; i++)
            if (c->steps[i].kind == STEP_WAIT_EVENT || c->steps[i].kind == STEP_RESOLVE ||
                c->steps[i].kind == STEP_REQUEST || c->steps[i].kind == STEP_SET_MASK ||
                c->steps[i].kind == STEP_ATTACH || c->steps[i].kind == STEP_DETACH || c->steps[i].kind == STEP_DEFINE)
                return err_set(ld->e, "%s:%d: this step needs the profiler, but <profiler load=\"none\"/>",
                               ld->name, c->steps[i].line);
        if (c->nchecks)
            return err_set(ld->e, "%s:%d: event checks need the profiler, but <profiler load=\"none\"/>",
                           ld->name, c->checks[0].line);
    }
    return 0;
}

/* Loads the variant chosen in ld->pick as out. */
static int load_variant(struct loader *ld, xmlNodePtr root, const char *id, struct case_def *out)
{
    struct strbuf vname = STRBUF_INIT, full = STRBUF_INIT;
    int rc = 0;

    case_init(out);
    ld->c = out;
    ld->vars = NULL;
    ld->nvars = 0;
    for (size_t a = 0; a < ld->matrix->naxes && rc == 0; a++)
        rc = strbuf_addf(&vname, "%s%s=%s", a ? "," : "", ld->matrix->axes[a].name,
                         ld->matrix->axes[a].values[ld->pick[a]]);
    if (rc == 0)
        rc = vname.len ? strbuf_addf(&full, "%s[%s]", id, vname.buf) : strbuf_adds(&full, id);
    if (rc < 0 || !(out->id = strbuf_detach(&full)) || dup_to(&out->path, ld->name) < 0 ||
        (vname.len && !(out->variant = strdup(vname.buf))))
        rc = err_set(ld->e, "%s: out of memory", ld->name);
    else
        rc = load_root(ld, root);
    strbuf_release(&vname);
    strbuf_release(&full);
    for (size_t i = 0; i < ld->nvars; i++)
        free(ld->vars[i]);
    free(ld->vars);
    if (rc < 0)
        case_release(out);
    return rc;
}

static int load_doc(struct caseload *cl, xmlDocPtr doc, const char *name, const char *id, struct case_set *out,
                    struct err *e)
{
    struct matrix matrix;
    struct loader ld;
    struct xml_errors xe = {0};
    xmlNodePtr root = xmlDocGetRootElement(doc);
    size_t total = 1;
    int rc;

    memset(&matrix, 0, sizeof matrix);
    if (doc->intSubset || doc->extSubset)
        return err_set(e, "%s:%ld: a DOCTYPE is not allowed in case files", name,
                       doc->intSubset ? xmlGetLineNo((xmlNodePtr)doc->intSubset) : 1L);
    if (!root)
        return err_set(e, "%s:1: empty document", name);
    if (!root->ns || strcmp((const char *)root->ns->href, CASE_NS) != 0 || strcmp((const char *)root->name, "case") != 0)
        return err_set(e, "%s:%ld: the root element must be <case xmlns=\"" CASE_NS "\">", name,
                       xmlGetLineNo(root));
    xmlSchemaSetValidStructuredErrors(cl->schema_valid, collect_error, &xe);
    rc = xmlSchemaValidateDoc(cl->schema_valid, doc);
    xmlSchemaSetValidStructuredErrors(cl->schema_valid, NULL, NULL);
    if (rc != 0)
        return err_set(e, "%s:%d: %s", name, xe.line, xe.have ? xe.msg : "does not match the case schema");

    memset(&ld, 0, sizeof ld);
    ld.name = name;
    ld.doc = doc;
    ld.e = e;
    ld.matrix = &matrix;
    for (xmlNodePtr n = first_elem(root->children); n; n = next_elem(n)) {
        if (is_elem(n, "matrix") && matrix_load(&ld, n, &matrix) < 0) {
            matrix_release(&matrix);
            return -1;
        }
    }
    for (size_t a = 0; a < matrix.naxes; a++)
        total *= matrix.axes[a].nvalues;
    out->v = calloc(total, sizeof *out->v);
    if (!out->v) {
        matrix_release(&matrix);
        return err_set(e, "%s: out of memory", name);
    }
    /* Every combination, the last axis turning fastest. */
    for (size_t k = 0; k < total; k++) {
        size_t rest = k;
        for (size_t a = matrix.naxes; a-- > 0;) {
            ld.pick[a] = rest % matrix.axes[a].nvalues;
            rest /= matrix.axes[a].nvalues;
        }
        rc = load_variant(&ld, root, id, &out->v[out->n]);
        if (rc < 0)
            break;
        out->n++;
    }
    matrix_release(&matrix);
    if (rc < 0)
        case_set_release(out);
    return rc;
}

static const int parse_options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                 XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;

/* libxml2 hands the parser context as `data` to sax->serror. */
static void ctx_error(void *data, xmlErrorPtr error)
{
    xmlParserCtxtPtr ctx = data;

    collect_error(ctx->_private, error);
}

/*
 * A DOCTYPE is refused as soon as the parser meets it, before any entity
 * declaration is processed: no expansion bombs, no external entities.
 */
static void refuse_doctype(void *data, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
    xmlParserCtxtPtr ctx = data;
    struct xml_errors *xe = ctx->_private;

    (void)name;
    (void)external_id;
    (void)system_id;
    if (!xe->have) {
        xe->have = 1;
        xe->line = ctx->input ? ctx->input->line : 1;
        snprintf(xe->msg, sizeof xe->msg, "a DOCTYPE is not allowed in case files");
    }
    xmlStopParser(ctx);
}

static void parse_with(xmlParserCtxtPtr ctx, struct xml_errors *xe)
{
    ctx->userData = ctx;
    ctx->_private = xe;
    ctx->sax->serror = ctx_error;
    ctx->sax->internalSubset = refuse_doctype;
}

static int load_parsed(struct caseload *cl, xmlParserCtxtPtr ctx, xmlDocPtr doc, struct xml_errors *xe,
                       const char *name, const char *id, struct case_set *out, struct err *e)
{
    int rc;

    if (!doc || !ctx->wellFormed || xe->have) {
        if (doc)
            xmlFreeDoc(doc);
        if (xe->have)
            return err_set(e, "%s:%d: %s", name, xe->line, xe->msg);
        return err_set(e, "%s:1: not a well-formed XML document", name);
    }
    xml_oom = 0;
    rc = load_doc(cl, doc, name, id, out, e);
    xmlFreeDoc(doc);
    if (rc == 0 && xml_oom) {
        case_set_release(out);
        return err_set(e, "%s: out of memory", name);
    }
    return rc;
}

int caseload_memory(struct caseload *cl, const char *xml, size_t len, const char *name,
                    const char *id, struct case_set *out, struct err *e)
{
    struct xml_errors xe = {0};
    xmlParserCtxtPtr ctx;
    xmlDocPtr doc;
    int rc;

    out->v = NULL;
    out->n = 0;
    if (len > INT_MAX)
        return err_set(e, "%s:1: file too large", name);
    ctx = xmlNewParserCtxt();
    if (!ctx)
        return err_set(e, "%s: out of memory", name);
    parse_with(ctx, &xe);
    doc = xmlCtxtReadMemory(ctx, xml, (int)len, name, NULL, parse_options);
    rc = load_parsed(cl, ctx, doc, &xe, name, id, out, e);
    xmlFreeParserCtxt(ctx);
    return rc;
}

int caseload_file(struct caseload *cl, const char *path, const char *id, struct case_set *out,
                  struct err *e)
{
    struct xml_errors xe = {0};
    xmlParserCtxtPtr ctx;
    xmlDocPtr doc;
    FILE *f;
    int rc;

    out->v = NULL;
    out->n = 0;
    f = fopen(path, "rb");
    if (!f)
        return err_errno(e, "%s: cannot open", path);
    fclose(f);
    ctx = xmlNewParserCtxt();
    if (!ctx)
        return err_set(e, "%s: out of memory", path);
    parse_with(ctx, &xe);
    doc = xmlCtxtReadFile(ctx, path, NULL, parse_options);
    rc = load_parsed(cl, ctx, doc, &xe, path, id, out, e);
    xmlFreeParserCtxt(ctx);
    return rc;
}
