/*
 * inlining.c - what the profiler answers in JITInlining, and which
 * inliners it has seen.
 *
 * A case may deny inlining of callees whose names match a glob (CONFIG
 * field `deny-inline`); every other proposal is left as the runtime made
 * it.  Each inlining the profiler lets through is remembered as a pair of
 * methodDefs (inliner, inlinee), so that a request with tracked inliners
 * can add, recursively, every method that inlined one of its targets: the
 * workaround the ReJIT documentation of .NET Framework 4.5 describes for
 * profilers that monitor JITInlining themselves (seed 004).
 */
#include <string.h>

#include "features/features.h"

struct inline_pair {
    cp_module_id inliner_module;
    cp_token inliner;
    cp_module_id inlinee_module;
    cp_token inlinee;
};

#define PAIRS_MAX INLINING_PAIRS_MAX

static pthread_mutex_t pairs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct inline_pair pairs[PAIRS_MAX];
static size_t npairs;
static int pairs_overflowed;

int inlining_denied(const char *inlinee)
{
    return prof.deny_inline[0] != '\0' && inlinee && glob_match(prof.deny_inline, inlinee);
}

void inlining_record(cp_function_id inliner, cp_function_id inlinee)
{
    struct inline_pair p;
    cp_class_id cls;
    int known = 0;

    if (CP_FAILED(prof.info->vtbl->GetFunctionInfo(prof.info, inliner, &cls, &p.inliner_module, &p.inliner)) ||
        CP_FAILED(prof.info->vtbl->GetFunctionInfo(prof.info, inlinee, &cls, &p.inlinee_module, &p.inlinee)))
        return;
    pthread_mutex_lock(&pairs_lock);
    for (size_t i = 0; i < npairs && !known; i++)
        known = memcmp(&pairs[i], &p, sizeof p) == 0;
    if (!known && npairs < PAIRS_MAX)
        pairs[npairs++] = p;
    else if (!known && !pairs_overflowed)
        pairs_overflowed = 1;
    pthread_mutex_unlock(&pairs_lock);
}

static int listed(const cp_module_id *modules, const cp_token *tokens, size_t n, cp_module_id m, cp_token t)
{
    for (size_t i = 0; i < n; i++)
        if (modules[i] == m && tokens[i] == t)
            return 1;
    return 0;
}

size_t inlining_add_inliners(cp_module_id *modules, cp_token *tokens, size_t n, size_t cap)
{
    size_t first = n;
    int grew = 1;

    pthread_mutex_lock(&pairs_lock);
    if (pairs_overflowed)
        link_log("more than %d inlinings seen: tracked inliners may be incomplete", PAIRS_MAX);
    /* Until nothing is added: inliners of inliners, to any depth. */
    while (grew) {
        grew = 0;
        for (size_t i = 0; i < npairs; i++) {
            const struct inline_pair *p = &pairs[i];
            if (!listed(modules, tokens, n, p->inlinee_module, p->inlinee) ||
                listed(modules, tokens, n, p->inliner_module, p->inliner))
                continue;
            if (n == cap) {
                link_log("more than %zu methods with their inliners: the rest are left out", cap);
                grew = 0;
                break;
            }
            modules[n] = p->inliner_module;
            tokens[n] = p->inliner;
            n++;
            grew = 1;
        }
    }
    pthread_mutex_unlock(&pairs_lock);
    return n - first;
}
