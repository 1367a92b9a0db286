/*
 * query.c - what the profiler asks the runtime about a method's native
 * code (CONFIG `queries`, the `query-code` command; docs/protocol.md,
 * "Code queries").
 *
 * After a compilation the case asked about (ReJITCompilationFinished,
 * JITCompilationFinished, JITCachedFunctionSearchFinished) the callback's
 * event gets the answers of GetReJITIDs, GetNativeCodeStartAddresses,
 * GetILToNativeMapping3 and GetFunctionFromIP2 on an address inside the
 * code; the `query-code` command asks the same about a method by name, on
 * the command thread, whenever a step says so.
 *
 * With `rejit-started`, ReJITCompilationStarted hands its FunctionID to a
 * thread of the profiler's own (which called InitializeCurrentThread),
 * which calls GetFunctionInfo2 and GetCodeInfo2 with it and records a
 * FunctionProbe event; the callback waits for that, at most
 * PROBE_WAIT_MS, so the probe happens before ReJITCompilationFinished.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "features/features.h"

#define PROBE_WAIT_MS 5000
#define REJIT_IDS_MAX 512
#define STARTS_MAX 16
#define MAP_MAX 256
#define MAP_TEXT_MAX 512

static const struct {
    const char *word;
    uint32_t bit;
} query_words[] = {
    {"rejit-finished", QUERY_REJIT_FINISHED},
    {"jit-finished", QUERY_JIT_FINISHED},
    {"cache-finished", QUERY_CACHE_FINISHED},
    {"rejit-started", QUERY_REJIT_STARTED},
};

/* ---- the code of one version ---------------------------------------------- */

/* "0 2 7 epilog": the IL offsets of a native map, in its order. */
static void map_text(const struct cp_il_to_native_map *map, uint32_t n, char *buf, size_t size)
{
    size_t used = 0;

    buf[0] = '\0';
    for (uint32_t i = 0; i < n && used + 16 < size; i++) {
        int32_t il = (int32_t)map[i].il_offset;
        const char *word = il == -1 ? "none" : il == -2 ? "prolog" : il == -3 ? "epilog" : NULL;
        int k = word ? snprintf(buf + used, size - used, "%s%s", i ? " " : "", word)
                     : snprintf(buf + used, size - used, "%s%d", i ? " " : "", il);
        if (k < 0 || (size_t)k >= size - used)
            break;
        used += (size_t)k;
    }
}

/* GetFunctionFromIP2 on an address in the middle of the code at start
 * (not its first byte); 0 when GetCodeInfo4 knows no code there. */
static int ip_of(uintptr_t start, cp_function_id *fid, cp_rejit_id *rejit, cp_hr *hr)
{
    struct cp_code_info code[4];
    uint32_t ncode = 0;

    *hr = prof.info->vtbl->GetCodeInfo4(prof.info, start, 4, &ncode, code);
    if (CP_FAILED(*hr) || ncode == 0 || code[0].size == 0)
        return 0;
    *hr = prof.info->vtbl->GetFunctionFromIP2(prof.info, (const cp_byte *)(code[0].start_address + code[0].size / 2),
                                              fid, rejit);
    return 1;
}

void query_code(cp_function_id fid, cp_rejit_id rejit, struct emit *em)
{
    cp_rejit_id ids[REJIT_IDS_MAX];
    uintptr_t starts[STARTS_MAX], first = 0;
    struct cp_il_to_native_map map[MAP_MAX];
    uint32_t nstarts = 0, nmap = 0, nulls = 0, mismatches = 0, resolved = 0;
    cp_function_id ip_fid = 0;
    cp_rejit_id ip_rejit = 0;
    cp_ulong nids = 0;
    char text[MAP_TEXT_MAX];
    cp_hr hr, ip_hr = CP_S_OK;

    if (prof.info_version < 9) {
        emit_str(em, "query-error", "the runtime has no ICorProfilerInfo9");
        return;
    }
    hr = prof.info->vtbl->GetReJITIDs(prof.info, fid, REJIT_IDS_MAX, &nids, ids);
    emit_hr(em, "rejit-ids-hr", hr);
    emit_u64(em, "rejit-ids", CP_SUCCEEDED(hr) ? nids : 0);
    hr = prof.info->vtbl->GetNativeCodeStartAddresses(prof.info, fid, rejit, STARTS_MAX, &nstarts, starts);
    if (CP_FAILED(hr))
        nstarts = 0;
    /* Every piece of code of the version must be found again from an
     * address inside it, as this FunctionID and ReJITID. */
    for (uint32_t i = 0; i < nstarts && i < STARTS_MAX; i++) {
        cp_function_id f = 0;
        cp_rejit_id r = 0;
        cp_hr one;

        if (starts[i] == 0) {
            nulls++;
            continue;
        }
        if (!first)
            first = starts[i];
        if (!ip_of(starts[i], &f, &r, &one) || CP_FAILED(one) || f != fid || r != rejit) {
            if (!mismatches++) {
                ip_hr = one;
                ip_fid = f;
                ip_rejit = r;
            }
        } else if (!resolved++ && !mismatches) {
            ip_fid = f;
            ip_rejit = r;
        }
    }
    emit_hr(em, "code-starts-hr", hr);
    emit_u64(em, "code-starts", nstarts);
    emit_u64(em, "code-starts-null", nulls);
    if (!first)
        return;
    emit_hr(em, "ip-hr", ip_hr);
    emit_u64(em, "ip-function-id", ip_fid);
    emit_u64(em, "ip-rejit-id", ip_rejit);
    emit_u64(em, "ip-mismatches", mismatches);
    hr = prof.info->vtbl->GetILToNativeMapping3(prof.info, first, MAP_MAX, &nmap, map);
    emit_hr(em, "map-hr", hr);
    if (CP_SUCCEEDED(hr)) {
        if (nmap > MAP_MAX)
            nmap = MAP_MAX;
        map_text(map, nmap, text, sizeof text);
        emit_u64(em, "map-entries", nmap);
        emit_str(em, "map-il", text);
    }
}

/* ---- the query-code command ------------------------------------------------ */

void query_run(const struct wire_msg *msg, struct wire_writer *reply)
{
    cp_rejit_id ids[REJIT_IDS_MAX];
    const struct wire_field *f = wire_msg_get(msg, "method");
    char method[NAME_MAX_BYTES], why[256] = "";
    cp_module_id module = 0;
    cp_token token = 0;
    cp_function_id fid = 0;
    cp_rejit_id rejit = 0;
    cp_ulong nids = 0;
    struct emit em;
    cp_hr hr;

    snprintf(method, sizeof method, "%.*s", f && f->type == WIRE_STR ? (int)f->len : 0,
             f && f->type == WIRE_STR ? f->str : "");
    hr = names_resolve(method, &module, &token, why, sizeof why);
    if (hr != CP_S_OK) {
        wire_put_hr(reply, "hr", hr);
        wire_put_u64(reply, "resolved", 0);
        wire_put_str(reply, "why", why);
        return;
    }
    hr = prof.info->vtbl->GetFunctionFromToken(prof.info, module, token, &fid);
    /* The newest version: the highest ReJITID the runtime lists (they come
     * in no particular order), 0 when none. */
    if (CP_SUCCEEDED(hr) && prof.info_version >= 4 &&
        CP_SUCCEEDED(prof.info->vtbl->GetReJITIDs(prof.info, fid, REJIT_IDS_MAX, &nids, ids)))
        for (cp_ulong i = 0; i < nids && i < REJIT_IDS_MAX; i++)
            rejit = ids[i] > rejit ? ids[i] : rejit;
    emit_begin(&em, "CodeQuery");
    emit_str(&em, "method", method);
    emit_hr(&em, "hr", hr);
    emit_str(&em, "from", "command-thread");
    if (CP_SUCCEEDED(hr)) {
        emit_u64(&em, "function-id", fid);
        emit_u64(&em, "rejit-id", rejit);
        query_code(fid, rejit, &em);
    }
    emit_send(&em);
    wire_put_hr(reply, "hr", hr);
    wire_put_u64(reply, "function-id", fid);
    wire_put_u64(reply, "rejit-id", rejit);
}

/* ---- the probe from another thread ----------------------------------------- */

static void probe_once(cp_function_id fid, uint64_t callback_thread)
{
    struct cp_code_info code[8];
    uint32_t ncode = 0, ntypes = 0;
    cp_class_id cls = 0;
    cp_module_id module = 0;
    cp_token token = 0;
    char name[NAME_MAX_BYTES] = "";
    struct emit em;
    cp_hr hr;

    emit_begin(&em, "FunctionProbe");
    emit_u64(&em, "function-id", fid);
    emit_str(&em, "from", "probe-thread");
    emit_u64(&em, "callback-thread", callback_thread);
    hr = prof.info->vtbl->GetFunctionInfo2(prof.info, fid, 0, &cls, &module, &token, 0, &ntypes, NULL);
    emit_hr(&em, "info-hr", hr);
    if (CP_SUCCEEDED(hr)) {
        names_method_token(module, token, name, sizeof name);
        emit_u64(&em, "module-id", module);
        emit_u64(&em, "token", token);
    }
    emit_str(&em, "method", name);
    hr = prof.info->vtbl->GetCodeInfo2(prof.info, fid, 8, &ncode, code);
    emit_hr(&em, "code-hr", hr);
    if (CP_SUCCEEDED(hr))
        emit_u64(&em, "code-ranges", ncode);
    emit_send(&em);
}

static void *probe_main(void *arg)
{
    (void)arg;
    if (prof.info_version >= 4)
        prof.info->vtbl->InitializeCurrentThread(prof.info);
    pthread_mutex_lock(&prof.probe.lock);
    while (!prof.probe.stop) {
        if (!prof.probe.pending) {
            pthread_cond_wait(&prof.probe.wake, &prof.probe.lock);
            continue;
        }
        cp_function_id fid = prof.probe.fid;
        uint64_t from = prof.probe.callback_thread;
        pthread_mutex_unlock(&prof.probe.lock);
        probe_once(fid, from);
        pthread_mutex_lock(&prof.probe.lock);
        prof.probe.pending = 0;
        pthread_cond_broadcast(&prof.probe.done);
    }
    pthread_mutex_unlock(&prof.probe.lock);
    return NULL;
}

void query_probe_started(cp_function_id fid)
{
    struct timespec until;
    int rc = 0;

    if (!prof.probe.started)
        return;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += PROBE_WAIT_MS / 1000;
    until.tv_nsec += (long)(PROBE_WAIT_MS % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&prof.probe.lock);
    /* One probe at a time: a second compilation waits for the first's. */
    while (prof.probe.pending && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&prof.probe.done, &prof.probe.lock, &until);
    if (rc == 0) {
        prof.probe.fid = fid;
        prof.probe.callback_thread = (uint64_t)syscall(SYS_gettid);
        prof.probe.pending = 1;
        pthread_cond_signal(&prof.probe.wake);
        while (prof.probe.pending && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&prof.probe.done, &prof.probe.lock, &until);
    }
    pthread_mutex_unlock(&prof.probe.lock);
    if (rc == ETIMEDOUT)
        link_log("the probe of FunctionID 0x%jx did not finish within %d ms", (uintmax_t)fid, PROBE_WAIT_MS);
}

void queries_configure(const char *spec)
{
    char copy[256], *save = NULL;

    snprintf(copy, sizeof copy, "%s", spec);
    prof.queries = 0;
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        size_t i = 0;
        while (i < sizeof query_words / sizeof *query_words && strcmp(query_words[i].word, w) != 0)
            i++;
        if (i == sizeof query_words / sizeof *query_words)
            link_log("queries: unknown word '%s'", w);
        else
            prof.queries |= query_words[i].bit;
    }
    if ((prof.queries & QUERY_REJIT_STARTED) && !prof.probe.started) {
        pthread_condattr_t attr;

        pthread_condattr_init(&attr);
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
        pthread_mutex_init(&prof.probe.lock, NULL);
        pthread_cond_init(&prof.probe.wake, NULL);
        pthread_cond_init(&prof.probe.done, &attr);
        pthread_condattr_destroy(&attr);
        if (pthread_create(&prof.probe.thread, NULL, probe_main, NULL) == 0)
            prof.probe.started = 1;
        else
            link_log("cannot start the probe thread: rejit-started probes are off");
    }
}

void queries_stop(void)
{
    if (!prof.probe.started)
        return;
    pthread_mutex_lock(&prof.probe.lock);
    prof.probe.stop = 1;
    pthread_cond_broadcast(&prof.probe.wake);
    pthread_mutex_unlock(&prof.probe.lock);
    pthread_join(prof.probe.thread, NULL);
    prof.probe.started = 0;
}
