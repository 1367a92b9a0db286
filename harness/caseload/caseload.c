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

#include "../model/vocab.h"
#include "../util/glob.h"
#include "cp_hresults.h"

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

struct loader {
    const char *name; /* file name for messages */
    xmlDocPtr doc;
    struct case_def *c;
    struct err *e;
    /* capture variables bound by <check> so far */
    char **vars;
    size_t nvars;
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
static char *attr(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetNoNsProp(n, (const xmlChar *)name);
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

static int node_source(xmlNodePtr node, char **out)
{
    xmlBufferPtr buf = xmlBufferCreate();
    int rc = -1;

    *out = NULL;
    if (!buf)
        return -1;
    if (xmlNodeDump(buf, node->doc, node, 0, 0) >= 0) {
        *out = strdup((const char *)xmlBufferContent(buf));
        rc = *out ? 0 : -1;
    }
    xmlBufferFree(buf);
    return rc;
}

static int oom(struct loader *ld)
{
    return err_set(ld->e, "%s: out of memory", ld->name);
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

/* ---- event patterns -------------------------------------------------------- */

enum pattern_use {
    USE_WAIT,  /* steps: no captures */
    USE_CHECK, /* binds captures */
    USE_OTHER  /* not/count: captures must be bound already */
};

static int is_reserved(const char *key, enum pattern_use use, int is_count)
{
    if (use == USE_WAIT && strcmp(key, "timeout") == 0)
        return 1;
    if (is_count && (strcmp(key, "min") == 0 || strcmp(key, "max") == 0))
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
        if (value[0] == '$') {
            if (use == USE_WAIT) {
                xmlFree(value);
                return fail_at(ld, node, "captures ('%s') are allowed in <events> checks only", key);
            }
            if (!var_name_ok(value + 1)) {
                fail_at(ld, node, "bad capture name '%s' in %s", value, key);
                xmlFree(value);
                return -1;
            }
            if (use == USE_OTHER && !var_bound(ld, value + 1)) {
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

        if (!is_elem(n, "env"))
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

static int load_profiler(struct loader *ld, xmlNodePtr node)
{
    struct profiler_setup *p = &ld->c->profiler;
    static const struct {
        const char *attr;
        uint32_t mask, high;
    } switches[] = {
        {"disable-inlining", 0x200000u, 0},     /* COR_PRF_DISABLE_INLINING */
        {"disable-ngen", 0x80000000u, 0},       /* COR_PRF_DISABLE_ALL_NGEN_IMAGES */
        {"disable-tiering", 0, 0x8u},           /* COR_PRF_HIGH_DISABLE_TIERED_COMPILATION */
    };
    char *v;

    v = attr(node, "load");
    if (v && strcmp(v, "none") == 0)
        p->load = LOAD_NONE;
    xmlFree(v);

    v = attr(node, "events");
    if (split_words(v, &p->groups, &p->ngroups) < 0) {
        xmlFree(v);
        return oom(ld);
    }
    xmlFree(v);
    for (size_t i = 0; i < p->ngroups; i++) {
        const struct event_group *g = vocab_group(p->groups[i]);
        if (!g)
            return fail_at(ld, node, "unknown event group '%s' (known: module assembly class jit cache exception rejit)",
                           p->groups[i]);
        p->mask |= g->mask;
        p->mask_high |= g->mask_high;
    }

    v = attr(node, "only");
    if (dup_to(&p->only, v) < 0) {
        xmlFree(v);
        return oom(ld);
    }
    xmlFree(v);

    v = attr(node, "callbacks");
    if (v)
        p->callback_max = atoi(v);
    xmlFree(v);

    for (size_t i = 0; i < sizeof switches / sizeof *switches; i++) {
        v = attr(node, switches[i].attr);
        if (v && parse_bool(v)) {
            p->mask |= switches[i].mask;
            p->mask_high |= switches[i].high;
        }
        xmlFree(v);
    }

    for (int high = 0; high < 2; high++) {
        uint32_t bits;
        v = attr(node, high ? "mask-high" : "mask");
        if (!v)
            continue;
        if (parse_u32(v, &bits) < 0) {
            xmlFree(v);
            return fail_at(ld, node, "%s must be a 32-bit number", high ? "mask-high" : "mask");
        }
        xmlFree(v);
        if (high)
            p->mask_high |= bits;
        else
            p->mask |= bits;
    }
    if (p->load == LOAD_NONE && (p->ngroups || p->mask || p->mask_high || p->only))
        return fail_at(ld, node, "load=\"none\" runs no profiler: events and masks cannot be set");
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
            if (strcmp(k, lines[found].attr) != 0 && strcmp(k, "timeout") != 0)
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
    char *text;

    if (!s)
        return oom(ld);
    text = attr(node, "stdin");
    if (dup_to(&s->text, text ? text : "") < 0) {
        xmlFree(text);
        return oom(ld);
    }
    xmlFree(text);
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
    v = attr(node, "method");
    if (dup_to(&s->text, v ? v : "") < 0) {
        xmlFree(v);
        return oom(ld);
    }
    xmlFree(v);
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

static int load_steps(struct loader *ld, xmlNodePtr node)
{
    for (xmlNodePtr n = first_elem(node->children); n; n = next_elem(n)) {
        int rc = 0;

        if (is_elem(n, "wait"))
            rc = load_wait(ld, n);
        else if (is_elem(n, "send"))
            rc = load_send(ld, n);
        else if (is_elem(n, "resolve"))
            rc = load_resolve(ld, n);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int parse_count_bound(struct loader *ld, xmlNodePtr node, const char *name, long *out)
{
    char *v = attr(node, name);
    char *end;
    long n;

    if (!v)
        return 0;
    errno = 0;
    n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < 0) {
        xmlFree(v);
        return fail_at(ld, node, "%s must be a count (0 or more)", name);
    }
    xmlFree(v);
    *out = n;
    return 1;
}

static int load_events(struct loader *ld, xmlNodePtr node)
{
    struct case_def *c = ld->c;

    for (xmlNodePtr n = first_elem(node->children); n; n = next_elem(n)) {
        struct check *v, *k;
        enum check_kind kind;
        enum pattern_use use;

        if (is_elem(n, "check")) {
            kind = CHECK_ORDERED;
            use = USE_CHECK;
        } else if (is_elem(n, "not")) {
            kind = CHECK_NOT;
            use = USE_OTHER;
        } else if (is_elem(n, "count")) {
            kind = CHECK_COUNT;
            use = USE_OTHER;
        } else {
            continue;
        }
        v = realloc(c->checks, (c->nchecks + 1) * sizeof *v);
        if (!v)
            return oom(ld);
        c->checks = v;
        k = &c->checks[c->nchecks++];
        memset(k, 0, sizeof *k);
        k->kind = kind;
        k->line = (int)xmlGetLineNo(n);
        k->max = -1;
        if (node_source(n, &k->source) < 0)
            return oom(ld);
        if (load_pattern(ld, n, use, kind == CHECK_COUNT, &k->pattern) < 0)
            return -1;
        if (k->pattern.npreds == 0)
            return fail_at(ld, n, "<%s> needs at least one event field (event=...)", (const char *)n->name);
        if (kind == CHECK_COUNT) {
            int has_min = parse_count_bound(ld, n, "min", &k->min);
            int has_max = parse_count_bound(ld, n, "max", &k->max);
            if (has_min < 0 || has_max < 0)
                return -1;
            if (!has_min && !has_max)
                return fail_at(ld, n, "<count> needs min, max or both");
            if (has_max && k->max < k->min)
                return fail_at(ld, n, "<count> max (%ld) is below min (%ld)", k->max, k->min);
        }
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

static int load_root(struct loader *ld, xmlNodePtr root)
{
    struct case_def *c = ld->c;

    if (load_timeout(ld, root, &c->timeout) < 0)
        return -1;
    if (c->timeout == 0)
        c->timeout = DEFAULT_TIMEOUT;
    for (xmlNodePtr n = first_elem(root->children); n; n = next_elem(n)) {
        int rc = 0;

        if (is_elem(n, "description")) {
            char *text = (char *)xmlNodeGetContent(n);
            rc = dup_to(&c->description, text) < 0 ? oom(ld) : 0;
            xmlFree(text);
        } else if (is_elem(n, "tags")) {
            char *text = (char *)xmlNodeGetContent(n);
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
            rc = load_outcome(ld, n);
        } else if (is_elem(n, "selftest")) {
            rc = load_selftest(ld, n);
        }
        if (rc < 0)
            return rc;
    }
    if (c->profiler.load == LOAD_NONE) {
        for (size_t i = 0; i < c->nsteps; i++)
            if (c->steps[i].kind == STEP_WAIT_EVENT || c->steps[i].kind == STEP_RESOLVE)
                return err_set(ld->e, "%s:%d: this step needs the profiler, but <profiler load=\"none\"/>",
                               ld->name, c->steps[i].line);
        if (c->nchecks)
            return err_set(ld->e, "%s:%d: event checks need the profiler, but <profiler load=\"none\"/>",
                           ld->name, c->checks[0].line);
    }
    return 0;
}

static int load_doc(struct caseload *cl, xmlDocPtr doc, const char *name, const char *id,
                    struct case_def *out, struct err *e)
{
    struct loader ld = {name, doc, out, e, NULL, 0};
    struct xml_errors xe = {0};
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int rc;

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

    case_init(out);
    if (dup_to(&out->id, id) < 0 || dup_to(&out->path, name) < 0)
        rc = err_set(e, "%s: out of memory", name);
    else
        rc = load_root(&ld, root);
    for (size_t i = 0; i < ld.nvars; i++)
        free(ld.vars[i]);
    free(ld.vars);
    if (rc < 0)
        case_release(out);
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
                       const char *name, const char *id, struct case_def *out, struct err *e)
{
    int rc;

    if (!doc || !ctx->wellFormed || xe->have) {
        if (doc)
            xmlFreeDoc(doc);
        if (xe->have)
            return err_set(e, "%s:%d: %s", name, xe->line, xe->msg);
        return err_set(e, "%s:1: not a well-formed XML document", name);
    }
    rc = load_doc(cl, doc, name, id, out, e);
    xmlFreeDoc(doc);
    return rc;
}

int caseload_memory(struct caseload *cl, const char *xml, size_t len, const char *name,
                    const char *id, struct case_def *out, struct err *e)
{
    struct xml_errors xe = {0};
    xmlParserCtxtPtr ctx;
    xmlDocPtr doc;
    int rc;

    case_init(out);
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

int caseload_file(struct caseload *cl, const char *path, const char *id, struct case_def *out,
                  struct err *e)
{
    struct xml_errors xe = {0};
    xmlParserCtxtPtr ctx;
    xmlDocPtr doc;
    FILE *f;
    int rc;

    case_init(out);
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
