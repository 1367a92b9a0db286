/*
 * agent_run.c - the agent side of a load="agent" run (agent_run.h).
 */
#include <stdio.h>
#include <string.h>

#include "../agent/inspect.h"
#include "agent_run.h"
#include "lint.h"
#include "wire/ref_clsid.h"

void agent_run_resolve(const struct run_env *env, const struct case_def *c, struct agent_setup *a)
{
    const struct profiler_setup *p = &c->profiler;

    if (p->demo_agent) {
        snprintf(a->path, sizeof a->path, "%s/libagent_%s.so", env->agents_dir ? env->agents_dir : ".",
                 p->demo_agent);
        snprintf(a->clsid, sizeof a->clsid, "%s", p->clsid ? p->clsid : "");
    } else if (p->path) {
        snprintf(a->path, sizeof a->path, "%s", p->path);
        snprintf(a->clsid, sizeof a->clsid, "%s", p->clsid ? p->clsid : "");
    } else if (env->agent_path) {
        snprintf(a->path, sizeof a->path, "%s", env->agent_path);
        snprintf(a->clsid, sizeof a->clsid, "%s", env->agent_clsid ? env->agent_clsid : "");
    } else {
        snprintf(a->path, sizeof a->path, "%s", env->profiler_path);
        snprintf(a->clsid, sizeof a->clsid, "%s", PROFCHECK_AGENT_CLSID_TEXT);
    }
}

int agent_run_preflight(const struct agent_setup *a, struct result *res, struct strbuf *message,
                        struct strbuf *details)
{
    struct strbuf problems = STRBUF_INIT, warnings = STRBUF_INIT;
    struct agent_facts f;
    struct err e;
    int n, rc = 0;

    agent_facts_init(&f);
    err_init(&e);
    if (result_add_prop(res, "agent.path", "%s", a->path) < 0 || result_add_prop(res, "agent.clsid", "%s", a->clsid) < 0)
        return -1;
    if (agent_inspect(a->path, &f, &e) < 0) {
        rc = strbuf_addf(message, "agent lints failed: agent-preflight: %s", e.msg) < 0 ? -1 : 1;
        agent_facts_release(&f);
        return rc;
    }
    if (result_add_prop(res, "agent.build-id", "%s", f.build_id[0] ? f.build_id : "none") < 0 ||
        result_add_prop(res, "agent.exports", "%zu symbols; DllGetClassObject %s; DllCanUnloadNow %s", f.nexports,
                        f.exports_get_class_object ? "yes" : "no", f.exports_can_unload_now ? "yes" : "no") < 0) {
        agent_facts_release(&f);
        return -1;
    }
    n = agent_verdict(&f, &problems, &warnings);
    if (n < 0) {
        rc = -1;
    } else if (n > 0) {
        const char *first = strbuf_str(&problems);
        size_t len = strcspn(first, "\n");
        if (strbuf_addf(message, "agent lints failed: agent-preflight: %.*s", (int)len, first) < 0 ||
            strbuf_addf(details, "%s cannot be loaded as a profiler (profcheck inspect-agent):\n%s", a->path,
                        first) < 0)
            rc = -1;
        else
            rc = 1;
    }
    strbuf_release(&problems);
    strbuf_release(&warnings);
    agent_facts_release(&f);
    return rc;
}

#define LINT_SHOWN_PER_RULE 10 /* findings listed per rule; the rest are counted */

/* "(event #12)" or "(event #12; 50 times, the last #800)". */
static int add_where(struct strbuf *out, const struct lint_finding *f)
{
    if (f->count == 1)
        return strbuf_addf(out, " (event #%zu)", f->event + 1);
    return strbuf_addf(out, " (event #%zu; %zu times, the last #%zu)", f->event + 1, f->count, f->last + 1);
}

int agent_run_lints(const struct event_log *log, struct strbuf *message, struct strbuf *details)
{
    struct lint_report rep;
    size_t total = 0;
    int rc = 1;

    lint_report_init(&rep);
    if (lint_run(log, &rep) < 0) {
        lint_report_release(&rep);
        return -1;
    }
    if (rep.len == 0) {
        lint_report_release(&rep);
        return 0;
    }
    for (size_t i = 0; i < rep.len; i++)
        total += rep.v[i].count;
    if (strbuf_adds(message, "agent lints failed: ") < 0 || lint_report_rules(&rep, message) < 0 ||
        strbuf_addf(message, ": %s", rep.v[0].text) < 0 ||
        (total > 1 && strbuf_addf(message, " (%zu findings in all)", total) < 0))
        rc = -1;
    /* Rule by rule: each finding alike once, with its count, then what the rule is about. */
    for (const struct lint_rule *r = lint_rules; r->name && rc == 1; r++) {
        size_t shown = 0, more = 0;

        for (size_t i = 0; i < rep.len && rc == 1; i++) {
            const struct lint_finding *f = &rep.v[i];
            if (f->rule != r)
                continue;
            if (shown == LINT_SHOWN_PER_RULE) {
                more++;
                continue;
            }
            shown++;
            if (strbuf_addf(details, "lint %s: %s", r->name, f->text) < 0 || add_where(details, f) < 0 ||
                strbuf_addch(details, '\n') < 0)
                rc = -1;
        }
        if (shown == 0 || rc != 1)
            continue;
        if ((more && strbuf_addf(details, "lint %s: and %zu more of this rule\n", r->name, more) < 0) ||
            strbuf_addf(details, "  %s.\n  See: %s\n", r->summary, r->source) < 0)
            rc = -1;
    }
    lint_report_release(&rep);
    return rc;
}
