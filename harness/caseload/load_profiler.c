/*
 * load_profiler.c - <profiler>: how the profiler is loaded, its event mask,
 * filters, faults, callbacks failed on purpose, agent, code queries, the
 * requests made on a callback (<request-in>, <request-on>) and the metadata
 * changes made in one (<define-in>) (caseload_internal.h).
 */
#include "caseload_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../attach/ipc.h"
#include "abi/cp_hresults.h"
#include "../model/vocab.h"

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
int load_mask(struct loader *ld, xmlNodePtr node, uint32_t *mask, uint32_t *high)
{
    char **groups = NULL;
    size_t ngroups = 0;
    char *v = load_attr(node, "events");
    int rc = 0;

    *mask = 0;
    *high = 0;
    if (split_words(v, &groups, &ngroups) < 0)
        rc = load_oom(ld);
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
        v = load_attr(node, profiler_switches[i].attr);
        if (v && parse_bool(v)) {
            *mask |= profiler_switches[i].mask;
            *high |= profiler_switches[i].high;
        }
        xmlFree(v);
    }
    for (int h = 0; rc == 0 && h < 2; h++) {
        uint32_t bits;
        v = load_attr(node, h ? "mask-high" : "mask");
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

static int load_queries(struct loader *ld, xmlNodePtr node, struct profiler_setup *p);
static int load_define_in(struct loader *ld, xmlNodePtr node, struct profiler_setup *p);

int load_profiler(struct loader *ld, xmlNodePtr node)
{
    struct profiler_setup *p = &ld->c->profiler;
    char *v;

    v = load_attr(node, "load");
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
                     has_attr(node, "fail-callback") || has_attr(node, "queries") || has_attr(node, "reject-cached") ||
                     first_elem(node->children)))
        return fail_at(ld, node, "load=\"agent\" runs the agent as it is: fault, deny-inline, reject-cached, "
                                 "callbacks, fail-callback, queries, request-in, request-on and define-in belong to "
                                 "the reference profiler's own cases");
    if (p->agent && p->demo_agent && has_attr(node, "path"))
        return fail_at(ld, node, "give the agent by path or by demo-agent, not both");
    if (p->agent && (p->demo_agent || has_attr(node, "path")) && !has_attr(node, "clsid"))
        return fail_at(ld, node, "an agent given by path or demo-agent needs its clsid");
    if (load_mask(ld, node, &p->mask, &p->mask_high) < 0)
        return -1;
    if (attr_to(ld, node, "only", &p->only) < 0 || attr_to(ld, node, "deny-inline", &p->deny_inline) < 0 ||
        attr_to(ld, node, "reject-cached", &p->reject_cached) < 0 ||
        attr_to(ld, node, "fault", &p->fault) < 0 || attr_path(ld, node, "path", 0, &p->path) < 0 ||
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
    v = load_attr(node, "callbacks");
    if (v)
        p->callback_max = atoi(v);
    xmlFree(v);
    v = load_attr(node, "record");
    p->record_none = v && (strcmp(v, "false") == 0 || strcmp(v, "0") == 0);
    xmlFree(v);
    if (p->load == LOAD_NONE &&
        (has_attr(node, "events") || p->mask || p->mask_high || p->only || p->deny_inline || p->reject_cached ||
         p->fault || p->path || p->clsid))
        return fail_at(ld, node, "load=\"none\" runs no profiler: events, masks, deny-inline, fault, path and "
                                 "clsid cannot be set");
    if (load_fail_callback(ld, node, p) < 0 || load_queries(ld, node, p) < 0)
        return -1;
    for (xmlNodePtr n = first_elem(node->children); n; n = next_elem(n)) {
        int rc;

        if (!is_elem(n, "request-in") && !is_elem(n, "request-on") && !is_elem(n, "define-in"))
            continue;
        if (p->load == LOAD_NONE)
            return fail_at(ld, n, "load=\"none\" runs no profiler: it makes no requests and no metadata changes");
        rc = load_applies(ld, n);
        if (rc <= 0) {
            if (rc < 0)
                return -1;
            continue;
        }
        if (is_elem(n, "define-in") ? load_define_in(ld, n, p) < 0 : load_trigger(ld, n, p) < 0)
            return -1;
    }
    return 0;
}

/* <define-in callback="ModuleLoadFinished" name="GLOB"><define .../>...</define-in>:
 * metadata changes the profiler makes inside the callback. */
static int load_define_in(struct loader *ld, xmlNodePtr node, struct profiler_setup *p)
{
    struct define_in_spec *d;
    size_t bytes = 0;

    if (p->ndefine_ins == DEFINE_INS_MAX)
        return fail_at(ld, node, "at most %d <define-in> apply to a variant", DEFINE_INS_MAX);
    d = &p->define_ins[p->ndefine_ins++];
    memset(d, 0, sizeof *d);
    if (attr_to(ld, node, "callback", &d->callback) < 0 || attr_to(ld, node, "name", &d->name) < 0)
        return -1;
    for (xmlNodePtr n = first_elem(node->children); n; n = next_elem(n)) {
        struct define_one *v;
        int rc = load_applies(ld, n);

        if (rc <= 0) {
            if (rc < 0)
                return -1;
            continue;
        }
        if (has_attr(n, "expect-hr") || has_attr(n, "timeout"))
            return fail_at(ld, n, "a <define> inside <define-in> is not a step: no expect-hr, no timeout (the "
                                  "Define event records its HRESULT)");
        v = realloc(d->defines, (d->ndefines + 1) * sizeof *v);
        if (!v)
            return load_oom(ld);
        d->defines = v;
        memset(&v[d->ndefines], 0, sizeof *v);
        v[d->ndefines].line = (int)xmlGetLineNo(n);
        if (load_define_args(ld, n, &v[d->ndefines].args, &v[d->ndefines].nargs) < 0) {
            d->ndefines++;
            return -1;
        }
        for (size_t i = 0; i < v[d->ndefines].nargs; i++)
            bytes += strlen(v[d->ndefines].args[i].key) + strlen(v[d->ndefines].args[i].value) + 2;
        d->ndefines++;
    }
    if (d->ndefines == 0)
        return fail_at(ld, node, "<define-in> holds no <define>");
    if (bytes > TRIGGER_REQUEST_MAX)
        return fail_at(ld, node, "these defines hold %zu bytes; the ones made on a callback may hold %d (they go in "
                                 "the profiler's configuration)",
                       bytes, TRIGGER_REQUEST_MAX);
    return 0;
}

/* queries="rejit-finished jit-finished cache-finished rejit-started": the
 * code queries after compilations (docs/cases.md, "Code queries"). */
static int load_queries(struct loader *ld, xmlNodePtr node, struct profiler_setup *p)
{
    static const char *const words[] = {"rejit-finished", "jit-finished", "cache-finished", "rejit-started", NULL};
    char **list = NULL;
    size_t n = 0;
    int rc = 0;

    if (attr_to(ld, node, "queries", &p->queries) < 0)
        return -1;
    if (!p->queries)
        return 0;
    if (p->load == LOAD_NONE)
        return fail_at(ld, node, "load=\"none\" runs no profiler: it makes no queries");
    if (split_words(p->queries, &list, &n) < 0)
        return load_oom(ld);
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t k = 0;
        while (words[k] && strcmp(words[k], list[i]) != 0)
            k++;
        if (!words[k])
            rc = fail_at(ld, node, "queries: unknown word '%s' (known: rejit-finished jit-finished cache-finished "
                                   "rejit-started)",
                         list[i]);
    }
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
    return rc;
}

int load_fail_callback(struct loader *ld, xmlNodePtr node, struct profiler_setup *p)
{
    char **items = NULL;
    size_t n = 0;
    char *v = load_attr(node, "fail-callback"), *after = load_attr(node, "fail-after-work");
    int rc = 0;

    if (after)
        p->fail_after_work = parse_bool(after);
    xmlFree(after);
    if (!v)
        return 0;
    if (p->load == LOAD_NONE)
        rc = fail_at(ld, node, "load=\"none\" runs no profiler: it fails no callback");
    else if (split_words(v, &items, &n) < 0)
        rc = load_oom(ld);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char *eq = strchr(items[i], '=');
        int32_t hr;
        size_t k;
        struct fail_spec *grown;

        if (!eq || eq == items[i] || !eq[1]) {
            rc = fail_at(ld, node, "fail-callback: '%s' is not CALLBACK=HRESULT (e.g. GetReJITParameters=E_FAIL)",
                         items[i]);
            break;
        }
        *eq = '\0';
        if (!vocab_is_callback(items[i])) {
            rc = fail_at(ld, node, "fail-callback: %s is not a method of ICorProfilerCallback11", items[i]);
            break;
        }
        if (!vocab_can_fail(items[i])) {
            rc = fail_at(ld, node, "fail-callback: %s cannot be failed (reference counting, Initialize, "
                                   "InitializeForAttach and Shutdown keep the profiler running)",
                         items[i]);
            break;
        }
        if (cp_hr_parse(eq + 1, &hr) < 0) {
            rc = fail_at(ld, node, "fail-callback: unknown HRESULT '%s'", eq + 1);
            break;
        }
        for (k = 0; k < p->nfails && strcmp(p->fails[k].callback, items[i]) != 0; k++)
            ;
        if (k < p->nfails) { /* a variant's value replaces the case's */
            p->fails[k].hr = hr;
            continue;
        }
        grown = realloc(p->fails, (p->nfails + 1) * sizeof *grown);
        if (!grown) {
            rc = load_oom(ld);
            break;
        }
        p->fails = grown;
        p->fails[p->nfails].hr = hr;
        p->fails[p->nfails].callback = strdup(items[i]);
        if (!p->fails[p->nfails++].callback)
            rc = load_oom(ld);
    }
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
    xmlFree(v);
    return rc;
}

int load_trigger(struct loader *ld, xmlNodePtr n, struct profiler_setup *p)
{
    struct trigger_spec *t;
    xmlNodePtr req = first_elem(n->children);
    char *times;
    size_t size;
    int own = is_elem(n, "request-on"), rc;

    if (!is_elem(n, "request-in") && !own)
        return 0;
    if (p->ntriggers == TRIGGERS_MAX)
        return fail_at(ld, n, "at most %d <request-in> and <request-on> apply to a variant (when= picks them)",
                       TRIGGERS_MAX);
    t = &p->triggers[p->ntriggers];
    memset(t, 0, sizeof *t);
    if (attr_to(ld, n, "callback", &t->callback) < 0 || attr_to(ld, n, "name", &t->name) < 0)
        return -1;
    p->ntriggers++; /* counted now, so that case_release frees what is there */
    if (!t->callback || !t->name)
        return load_oom(ld);
    t->own_thread = own;
    t->times = 1;
    times = load_attr(n, "times");
    if (times && strcmp(times, "all") == 0) {
        t->times = 0;
    } else if (times) {
        uint32_t k;
        if (parse_u32(times, &k) < 0 || k == 0) {
            xmlFree(times);
            return fail_at(ld, n, "times is \"all\" or a number from 1");
        }
        t->times = k;
    }
    xmlFree(times);
    rc = load_request_opt(ld, req, is_elem(req, "revert"), &t->request, 1);
    if (rc < 0)
        return -1;
    t->event_method = rc == 1;
    if (t->event_method && strcmp(t->callback, "ModuleLoadFinished") == 0)
        return fail_at(ld, req, "a request on ModuleLoadFinished must name its methods (the event's own method "
                                "is there only for JIT callbacks)");
    size = (t->request.methods ? strlen(t->request.methods) : 0) + (t->request.il ? strlen(t->request.il) : 0);
    if (size > TRIGGER_REQUEST_MAX)
        return fail_at(ld, req, "this request holds %zu bytes of names and IL; one made on a callback may hold %d "
                                "(it goes in the profiler's configuration)",
                       size, TRIGGER_REQUEST_MAX);
    return 0;
}
