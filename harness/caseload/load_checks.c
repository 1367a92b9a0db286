/*
 * load_checks.c - event patterns and the checks of <events>: check, next,
 * not, count, unordered, each, and their captures (caseload_internal.h).
 */
#include "caseload_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../model/vocab.h"
#include "abi/cp_hresults.h"
#include "text/glob.h"

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

int load_pattern(struct loader *ld, xmlNodePtr node, enum pattern_use use, int is_count,
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
            return load_oom(ld);
        np = realloc(p->preds, (p->npreds + 1) * sizeof *np);
        if (!np) {
            xmlFree(value);
            return load_oom(ld);
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
            return load_oom(ld);
    }
    if (use == USE_CHECK) {
        for (size_t i = 0; i < p->npreds; i++)
            if (p->preds[i].op == PRED_CAPTURE && var_bind(ld, p->preds[i].value) < 0)
                return load_oom(ld);
    }
    return 0;
}

/*
 * A bound of <count>: a count, or "$n", "$n+K", "$n-K" over a count that an
 * earlier <count as="n"> bound.  Returns 1 when given, 0 when absent, -1.
 */
static int parse_count_bound(struct loader *ld, xmlNodePtr node, const char *name, long *out, char **var)
{
    char *v = load_attr(node, name);
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
            return load_oom(ld);
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
        return load_oom(ld);
    if (k->kind == CHECK_UNORDERED) {
        for (xmlNodePtr c = first_elem(n->children); c; c = next_elem(c)) {
            struct check *v = realloc(k->children, (k->nchildren + 1) * sizeof *v);
            if (!v)
                return load_oom(ld);
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
            return load_oom(ld);
    }
    if (k->kind == CHECK_EACH) {
        xmlNodePtr c = first_elem(n->children);
        struct check *child = calloc(1, sizeof *child);

        if (!child)
            return load_oom(ld);
        k->children = child;
        k->nchildren = 1;
        child->after = is_elem(c, "after");
        child->line = (int)xmlGetLineNo(c);
        child->max = -1;
        if (node_source(c, &child->source) < 0)
            return load_oom(ld);
        if (load_pattern(ld, c, USE_EACH, 0, &child->pattern) < 0)
            return -1;
        if (child->pattern.npreds == 0)
            return fail_at(ld, c, "<%s> needs at least one event field", (const char *)c->name);
    }
    return 0;
}

int load_events(struct loader *ld, xmlNodePtr node)
{
    struct case_def *c = ld->c;
    int positive = 0;

    for (xmlNodePtr n = first_elem(node->children); n; n = next_elem(n)) {
        struct check *v;
        int ok = load_applies(ld, n);

        if (ok < 0)
            return -1;
        if (!ok)
            continue;
        if (is_elem(n, "next") && !positive)
            return fail_at(ld, n, "<next> needs a <check> (or <unordered>) before it");
        v = realloc(c->checks, (c->nchecks + 1) * sizeof *v);
        if (!v)
            return load_oom(ld);
        c->checks = v;
        if (load_check(ld, n, &c->checks[c->nchecks++]) < 0)
            return -1;
        if (is_elem(n, "check") || is_elem(n, "next") || is_elem(n, "unordered"))
            positive = 1;
    }
    return 0;
}
