/*
 * load_runtime.c - what a case says about the runtime it runs on:
 * conditions on its version in `when` (when="runtime<10.0 tc=off"), and
 * <case runtimes="once"> (caseload_internal.h, docs/cases.md).
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

int load_runtimes_attr(struct loader *ld, xmlNodePtr root)
{
    char *v = attr(root, "runtimes");

    ld->c->run_once = v && strcmp(v, "once") == 0;
    xmlFree(v);
    return 0;
}
