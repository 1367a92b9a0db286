/*
 * agent_probe.c - before `run --agent` runs any case: does the agent load
 * at all?  One app is started under the proxy with the agent; when the
 * proxy cannot load the library, the CLSID is refused or the agent's
 * Initialize fails, every case would end the same way, so the run stops
 * with one message naming the likely cause (cli.h, agent_probe).
 */
#include <stdio.h>
#include <string.h>

#include "../caseload/caseload.h"
#include "../engine/runner.h"
#include "../util/strbuf.h"
#include "cli.h"

/* The case the probe runs: the app of the first agent case, the agent
 * behind the proxy, and nothing but the agent's start awaited. */
static int probe_xml(const struct case_def *like, struct strbuf *xml)
{
    return strbuf_adds(xml, "<?xml version=\"1.0\"?>\n<case xmlns=\"urn:profcheck:case:1\" timeout=\"30\">\n"
                            "  <description>Does the agent load?</description>\n") < 0 ||
                   strbuf_addf(xml, "  <app %s=\"%s\"/>\n", like->app_dll ? "dll" : "fixture",
                               like->app_dll ? like->app_dll : like->fixture) < 0 ||
                   strbuf_adds(xml, "  <profiler load=\"agent\"/>\n"
                                    "  <steps><wait event=\"AgentInitialized\"/></steps>\n"
                                    "  <events><check event=\"AgentInitialized\" hr=\"S_OK\"/></events>\n"
                                    "</case>\n") < 0
               ? -1
               : 0;
}

static const char *str_field(const struct event *ev, const char *key)
{
    const struct field *f = event_get(ev, key);
    return f && f->type == VAL_STR && f->s ? f->s : "";
}

/* The last few lines of the agent's and runtime's stderr, indented. */
static void add_stderr(const struct result *res, struct strbuf *why)
{
    const char *text = res->stderr_text ? res->stderr_text : "";
    size_t len = strlen(text), lines = 0, from = len;

    while (len && text[len - 1] == '\n')
        len--;
    for (from = len; from > 0 && lines < 6; from--)
        lines += text[from - 1] == '\n';
    if (from > 0)
        from++;
    if (len > from)
        strbuf_addf(why, "\n  the app's stderr ended with:\n    %.*s", (int)(len - from), text + from);
}

/* One message for what went wrong, from the events of the probe's run. */
static void explain(const struct run_env *env, const struct result *res, struct strbuf *why)
{
    for (size_t i = 0; i < res->events.len; i++) {
        const struct event *ev = &res->events.v[i];
        const char *name = event_name(ev), *error = str_field(ev, "error");
        const struct field *hr = event_get(ev, "hr");

        if (strcmp(name, "AgentLoadFailed") == 0) {
            strbuf_addf(why, "the proxy could not load it: %s", error);
            if (strstr(error, "CLASS_E_CLASSNOTAVAILABLE"))
                strbuf_adds(why, "\n  likely cause: --clsid must be the CLSID the agent's DllGetClassObject "
                                 "answers to (what its own setup puts in CORECLR_PROFILER)");
            else if (strncmp(error, "dlopen", 6) == 0)
                strbuf_addf(why, "\n  likely cause: the file, or a library it needs, cannot be loaded here "
                                 "(profcheck inspect-agent %s)",
                            env->agent_path);
            else if (strstr(error, "DllGetClassObject") && strstr(error, "exports no"))
                strbuf_adds(why, "\n  likely cause: DllGetClassObject is not exported (-fvisibility=hidden "
                                 "without marking it)");
            return;
        }
        if (strcmp(name, "AgentInitialized") == 0 && hr && hr->type == VAL_HR && hr->hr < 0) {
            char h[96];
            snprintf(h, sizeof h, "0x%08X", (unsigned)hr->hr);
            strbuf_addf(why, "its Initialize returned %s: the agent refused to start, and the runtime unloads "
                             "a profiler whose Initialize fails",
                        h);
            add_stderr(res, why);
            return;
        }
    }
    strbuf_addf(why, "%s", res->message ? res->message : "it did not start");
    add_stderr(res, why);
}

int agent_probe(const struct run_env *env, const struct case_def *like, struct strbuf *why)
{
    struct strbuf xml = STRBUF_INIT;
    struct caseload cl;
    struct case_set set = {NULL, 0};
    struct result res;
    struct err e;
    int rc = -1;

    err_init(&e);
    result_init(&res);
    if (probe_xml(like, &xml) < 0 || caseload_init(&cl, &e) < 0) {
        strbuf_release(&xml);
        return -1;
    }
    if (caseload_memory(&cl, xml.buf, xml.len, "agent probe", "agent-probe", &set, &e) < 0 || set.n != 1) {
        strbuf_addf(why, "cannot build the probe: %s", e.msg);
        rc = 1;
    } else if (runner_run(env, &set.v[0], &res) == 0) {
        rc = res.verdict == VERDICT_PASS ? 0 : 1;
        if (rc == 1)
            explain(env, &res, why);
    }
    case_set_release(&set);
    caseload_release(&cl);
    result_release(&res);
    strbuf_release(&xml);
    return rc;
}
