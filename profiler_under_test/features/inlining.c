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
 *
 * The `ngen-inliners` command asks the runtime instead, for precompiled
 * code: ICorProfilerInfo6::EnumNgenModuleMethodsInliningThisMethod over
 * every loaded module, one NgenInliner event per inliner it lists.
 */
#include <stdio.h>
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

/* ---- inliners in precompiled images ----------------------------------------- */

/* The inliners `module` lists for the inlinee, as NgenInliner events; how
 * many, or -1 with *hr when the call failed. */
static long ngen_inliners_in(cp_module_id module, cp_module_id inlinee_module, cp_token inlinee,
                             const char *inlinee_name, cp_hr *hr)
{
    struct cp_method_enum *en = NULL;
    struct cp_prf_method batch[64];
    cp_bool incomplete = 0;
    cp_ulong fetched = 0;
    long count = 0;

    *hr = prof.info->vtbl->EnumNgenModuleMethodsInliningThisMethod(prof.info, module, inlinee_module, inlinee,
                                                                     &incomplete, &en);
    if (CP_FAILED(*hr) || !en)
        return CP_FAILED(*hr) ? -1 : 0;
    while (CP_SUCCEEDED(en->vtbl->Next(en, 64, batch, &fetched)) && fetched > 0) {
        for (cp_ulong i = 0; i < fetched; i++) {
            char name[NAME_MAX_BYTES] = "";
            struct emit em;

            names_method_token(batch[i].module_id, batch[i].method_id, name, sizeof name);
            emit_begin(&em, "NgenInliner");
            emit_str(&em, "inlinee", inlinee_name);
            emit_str(&em, "inliner", name);
            emit_u64(&em, "module-id", batch[i].module_id);
            emit_u64(&em, "token", batch[i].method_id);
            emit_u64(&em, "incomplete", incomplete != 0);
            emit_send(&em);
            count++;
        }
        if (fetched < 64)
            break;
    }
    en->vtbl->Release(en);
    return count;
}

void inlining_ngen_inliners(const struct wire_msg *msg, struct wire_writer *reply)
{
    const struct wire_field *f = wire_msg_get(msg, "method");
    char method[NAME_MAX_BYTES], why[256] = "";
    struct cp_module_enum *mods = NULL;
    cp_module_id ids[64], inlinee_module = 0;
    cp_token inlinee = 0;
    cp_ulong fetched = 0;
    long total = 0, failed = 0;
    cp_hr hr, own = CP_S_OK;

    snprintf(method, sizeof method, "%.*s", f && f->type == WIRE_STR ? (int)f->len : 0,
             f && f->type == WIRE_STR ? f->str : "");
    hr = names_resolve(method, &inlinee_module, &inlinee, why, sizeof why);
    if (hr != CP_S_OK || prof.info_version < 6 || CP_FAILED(prof.info->vtbl->EnumModules(prof.info, &mods)) || !mods) {
        wire_put_hr(reply, "hr", hr != CP_S_OK ? hr : CP_E_NOINTERFACE);
        wire_put_u64(reply, "resolved", 0);
        wire_put_str(reply, "why", hr != CP_S_OK ? why : "no ICorProfilerInfo6 or no module list");
        return;
    }
    while (CP_SUCCEEDED(mods->vtbl->Next(mods, 64, ids, &fetched)) && fetched > 0) {
        for (cp_ulong i = 0; i < fetched; i++) {
            cp_hr one;
            long n;

            if (modules_is_unloaded(ids[i]))
                continue;
            n = ngen_inliners_in(ids[i], inlinee_module, inlinee, method, &one);
            if (ids[i] == inlinee_module)
                own = one;
            failed += n < 0;
            total += n > 0 ? n : 0;
        }
        if (fetched < 64)
            break;
    }
    mods->vtbl->Release(mods);
    /* The answer of the inlinee's own module; the others add their inliners
     * (a module without inlining information answers a failure). */
    wire_put_hr(reply, "hr", own);
    wire_put_u64(reply, "count", (uint64_t)total);
    wire_put_u64(reply, "failed-modules", (uint64_t)failed);
}
