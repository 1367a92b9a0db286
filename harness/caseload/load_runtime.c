/*
 * load_runtime.c - what a case says about the runtime it runs on:
 * conditions on its version in `when` (when="runtime<10.0 tc=off"), and
 * <case runtimes="once">; and on the agent it runs (when="agent=reference")
 * (caseload_internal.h, docs/cases.md).
 */
#include "caseload_internal.h"

#include <string.h>

#include "../engine/requires.h"

int is_runtime_condition(const char *cond)
{
    size_t n = sizeof RUNTIME_WORD - 1;

    return strncmp(cond, RUNTIME_WORD, n) == 0 && cond[n] && strchr("<>=!", cond[n]) != NULL;
}

int runtime_condition(struct loader *ld, xmlNodePtr node, const char *cond)
{
    const char *rest = cond + sizeof RUNTIME_WORD - 1;
    size_t oplen = strspn(rest, "<>=!");
    char op[3];
    int holds;

    if (oplen == 0 || oplen > 2)
        return fail_at(ld, node, "when=\"%s\": the operator is one of >= > <= < = !=", cond);
    memcpy(op, rest, oplen);
    op[oplen] = '\0';
    holds = version_condition(op, rest + oplen, "0");
    if (holds < 0)
        return fail_at(ld, node,
                       "when=\"%s\": a runtime condition is %s followed by >=, >, <=, <, = or != and a version "
                       "(e.g. %s<10.0)",
                       cond, RUNTIME_WORD, RUNTIME_WORD);
    if (!ld->runtime_version)
        return 0;
    return version_condition(op, rest + oplen, ld->runtime_version);
}

int is_agent_condition(const char *cond)
{
    size_t n = sizeof AGENT_WORD - 1;

    return strncmp(cond, AGENT_WORD, n) == 0 && (cond[n] == '=' || (cond[n] == '!' && cond[n + 1] == '='));
}

int agent_condition(struct loader *ld, xmlNodePtr node, const char *cond)
{
    const char *rest = cond + sizeof AGENT_WORD - 1;
    int negate = rest[0] == '!';

    if (strcmp(rest + 1 + negate, "reference") != 0)
        return fail_at(ld, node, "when=\"%s\": the agent condition is %s=reference or %s!=reference", cond,
                       AGENT_WORD, AGENT_WORD);
    return ld->reference_agent != negate;
}

void agent_of_case(struct loader *ld, xmlNodePtr root)
{
    ld->reference_agent = 0;
    for (xmlNodePtr n = first_elem(root->children); n; n = next_elem(n)) {
        char *load, *demo, *path;

        if (!is_elem(n, "profiler"))
            continue;
        load = load_attr(n, "load");
        demo = load_attr(n, "demo-agent");
        path = load_attr(n, "path");
        ld->reference_agent = load && strcmp(load, "agent") == 0 && !demo && !path && !ld->vendor_agent;
        xmlFree(load);
        xmlFree(demo);
        xmlFree(path);
    }
}

int load_runtimes_attr(struct loader *ld, xmlNodePtr root)
{
    char *v = load_attr(root, "runtimes");

    ld->c->run_once = v && strcmp(v, "once") == 0;
    xmlFree(v);
    return 0;
}
