/*
 * load_profiler.c - <profiler>: how the profiler is loaded, its event mask,
 * filters, faults, agent and request-in (caseload_internal.h).
 */
#include "caseload_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../attach/ipc.h"
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

int load_profiler(struct loader *ld, xmlNodePtr node)
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
