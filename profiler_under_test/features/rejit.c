/*
 * rejit.c - ReJIT requests and the bodies handed over in GetReJITParameters.
 *
 * A request names methods; they are resolved through the runtime's
 * metadata, a *plan* is stored for each (what GetReJITParameters will hand
 * back: assembled IL text, the original body with a probe call in front,
 * the original body unchanged, or nothing), and RequestReJIT or
 * RequestRevert is called.  Requests normally run on the profiler's command
 * thread; a trigger (trigger.c) can make one run inside a runtime callback
 * instead, to record what happens when a profiler does that.  Every
 * request is recorded as an event of its own.  A request may name any
 * number of methods.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "features/features.h"

/* The methods field of a request event keeps this much of the names. */
#define EVENT_METHODS_MAX 4000

/* ---- plans ------------------------------------------------------------------ */

/* Stores a plan; with keep, an existing plan for the method stays as it is. */
static void plan_store(cp_module_id module, cp_token method, enum plan_mode mode, uint32_t codegen,
                       const char *text, int keep)
{
    struct plan *slot = NULL;
    char *copy = strdup(text ? text : "");
    int existed = 0;

    pthread_mutex_lock(&prof.plan_lock);
    for (size_t i = 0; i < prof.nplans; i++) {
        if (prof.plans[i].module == module && prof.plans[i].method == method) {
            slot = &prof.plans[i];
            existed = 1;
            break;
        }
    }
    if (!slot && copy && prof.nplans == prof.plans_cap) {
        size_t cap = prof.plans_cap ? prof.plans_cap * 2 : 64;
        struct plan *v = realloc(prof.plans, cap * sizeof *v);
        if (v) {
            prof.plans = v;
            prof.plans_cap = cap;
        }
    }
    if (!slot && copy && prof.nplans < prof.plans_cap) {
        slot = &prof.plans[prof.nplans++];
        slot->text = NULL;
    }
    if (slot && copy && !(existed && keep)) {
        slot->module = module;
        slot->method = method;
        slot->mode = mode;
        slot->codegen = codegen;
        free(slot->text);
        slot->text = copy;
        copy = NULL;
    }
    pthread_mutex_unlock(&prof.plan_lock);
    if (!slot)
        link_log("out of memory: the plan for token 0x%08X is dropped", method);
    free(copy);
}

/* Copies the plan for (module, method) into *out (its text the caller's to
 * free); 0 when there is none. */
static int plan_find(cp_module_id module, cp_token method, struct plan *out)
{
    int found = 0;

    pthread_mutex_lock(&prof.plan_lock);
    for (size_t i = 0; i < prof.nplans && !found; i++) {
        if (prof.plans[i].module == module && prof.plans[i].method == method) {
            *out = prof.plans[i];
            out->text = strdup(prof.plans[i].text);
            found = out->text != NULL;
        }
    }
    pthread_mutex_unlock(&prof.plan_lock);
    return found;
}

const char *plan_mode_name(enum plan_mode mode)
{
    switch (mode) {
    case PLAN_TEXT:
        return "text";
    case PLAN_PROLOGUE:
        return "prologue";
    case PLAN_ORIGINAL:
        return "original";
    default:
        return "none";
    }
}

/* ---- requests --------------------------------------------------------------- */

cp_module_id module_of_assembly(const char *assembly)
{
    struct cp_module_enum *en = NULL;
    cp_module_id ids[64], found = 0;
    cp_ulong fetched = 0;

    if (CP_FAILED(prof.info->vtbl->EnumModules(prof.info, &en)) || !en)
        return 0;
    while (!found && CP_SUCCEEDED(en->vtbl->Next(en, 64, ids, &fetched)) && fetched > 0) {
        for (cp_ulong i = 0; i < fetched && !found; i++) {
            char name[256];
            if (names_module(ids[i], NULL, 0, name, sizeof name) == 0 && strcmp(name, assembly) == 0)
                found = ids[i];
        }
        if (fetched < 64)
            break;
    }
    en->vtbl->Release(en);
    return found;
}

static void hr_text(cp_hr hr, char *buf, size_t size)
{
    const char *name = cp_hr_name(hr);

    if (name)
        snprintf(buf, size, "%s", name);
    else
        snprintf(buf, size, "0x%08X", (unsigned)hr);
}

void request_init(struct request *rq)
{
    memset(rq, 0, sizeof *rq);
}

void request_release(struct request *rq)
{
    free(rq->methods);
    free(rq->text);
    request_init(rq);
}

/* Appends text to buf as far as it fits, ending in "... (N in all)" when cut. */
static void add_capped(char *buf, size_t size, const char *text, size_t count)
{
    size_t len = strlen(text);

    if (len < size) {
        memcpy(buf, text, len + 1);
        return;
    }
    snprintf(buf, size, "%.*s ... (%zu in all)", (int)(size - 40), text, count);
}

int request_run(const struct request *rq, const char *from, struct request_result *res)
{
    cp_module_id *modules = NULL;
    cp_token *tokens = NULL;
    cp_hr *statuses = NULL;
    size_t n = 0, explicit, cap = 3; /* the names, a raw token, a method by id */
    char *names = strdup(rq->methods ? rq->methods : "");
    char *inliners = NULL, *shown = NULL;
    struct emit em;
    char *save = NULL;
    int rc = -1;

    memset(res, 0, sizeof *res);
    for (const char *p = names ? names : ""; *p; p++)
        cap += *p == ' ';
    if (rq->tracked && !rq->revert)
        cap += INLINING_PAIRS_MAX;
    modules = calloc(cap, sizeof *modules);
    tokens = calloc(cap, sizeof *tokens);
    statuses = calloc(cap, sizeof *statuses);
    inliners = calloc(1, EVENT_METHODS_MAX);
    shown = calloc(1, EVENT_METHODS_MAX);
    if (!names || !modules || !tokens || !statuses || !inliners || !shown) {
        snprintf(res->why, sizeof res->why, "out of memory for a request of %zu methods", cap);
        res->hr = CP_E_OUTOFMEMORY;
        goto out;
    }
    for (char *name = strtok_r(names, " ", &save); name; name = strtok_r(NULL, " ", &save)) {
        char why[256] = "";
        cp_hr hr = names_resolve(name, &modules[n], &tokens[n], why, sizeof why);

        if (hr != CP_S_OK) {
            snprintf(res->why, sizeof res->why, "cannot resolve %s: %s", name, why);
            res->hr = hr;
            goto out;
        }
        n++;
    }
    if (rq->raw_assembly[0]) {
        /* An unloaded module is passed by the id it had, never looked at. */
        modules[n] = module_of_assembly(rq->raw_assembly);
        if (!modules[n])
            modules[n] = modules_unloaded_of(rq->raw_assembly);
        tokens[n] = rq->raw_token;
        if (!modules[n]) {
            snprintf(res->why, sizeof res->why, "no loaded module of assembly '%s'", rq->raw_assembly);
            res->hr = CP_CLDB_E_RECORD_NOTFOUND;
            goto out;
        }
        n++;
    }
    if (rq->module) {
        modules[n] = rq->module;
        tokens[n] = rq->token;
        n++;
    }
    res->resolved = 1;
    rc = 0;

    explicit = n;
    if (rq->tracked && !rq->revert) {
        size_t added = inlining_add_inliners(modules, tokens, n, cap);
        for (size_t i = n; i < n + added; i++) {
            char name[NAME_MAX_BYTES];
            size_t used = strlen(inliners);
            if (names_method_token(modules[i], tokens[i], name, sizeof name) < 0)
                snprintf(name, sizeof name, "0x%08X", (unsigned)tokens[i]);
            if (used + strlen(name) + 2 < EVENT_METHODS_MAX - 40)
                snprintf(inliners + used, EVENT_METHODS_MAX - used, "%s%s", i > n ? " " : "", name);
            else if (!strstr(inliners, " ..."))
                snprintf(inliners + used, EVENT_METHODS_MAX - used, " ... (%zu in all)", added);
        }
        n += added;
    }
    if (!rq->revert) {
        for (size_t i = 0; i < n; i++)
            plan_store(modules[i], tokens[i], i < explicit ? rq->mode : PLAN_NONE, rq->codegen, rq->text,
                       i >= explicit);
    }

    for (size_t i = 0; i < n; i++)
        statuses[i] = (cp_hr)0xDEADBEEFu;
    if (prof.info_version < 4) {
        res->hr = CP_E_NOINTERFACE;
        snprintf(res->why, sizeof res->why, "the runtime has no ICorProfilerInfo4");
    } else if (rq->with_inliners && prof.info_version < 10) {
        res->hr = CP_E_NOINTERFACE;
        snprintf(res->why, sizeof res->why, "the runtime has no ICorProfilerInfo10");
    } else if (rq->revert) {
        if (rq->call == CALL_ZERO_COUNT)
            res->hr = prof.info->vtbl->RequestRevert(prof.info, 0, modules, tokens, statuses);
        else if (rq->call == CALL_NULL_ARRAYS)
            res->hr = prof.info->vtbl->RequestRevert(prof.info, (cp_ulong)n, NULL, NULL, statuses);
        else
            res->hr = prof.info->vtbl->RequestRevert(prof.info, (cp_ulong)n, modules, tokens, statuses);
    } else if (rq->with_inliners) {
        cp_ulong count = rq->call == CALL_ZERO_COUNT ? 0 : (cp_ulong)n;
        int null_arrays = rq->call == CALL_NULL_ARRAYS;
        res->hr = prof.info->vtbl->RequestReJITWithInliners(prof.info, rq->rejit_flags, count,
                                                              null_arrays ? NULL : modules,
                                                              null_arrays ? NULL : tokens);
    } else {
        if (rq->call == CALL_ZERO_COUNT)
            res->hr = prof.info->vtbl->RequestReJIT(prof.info, 0, modules, tokens);
        else if (rq->call == CALL_NULL_ARRAYS)
            res->hr = prof.info->vtbl->RequestReJIT(prof.info, (cp_ulong)n, NULL, NULL);
        else
            res->hr = prof.info->vtbl->RequestReJIT(prof.info, (cp_ulong)n, modules, tokens);
    }

    /* Statuses: only RequestRevert has them, and only for the methods it was given. */
    if (rq->revert && rq->call == CALL_NORMAL) {
        for (size_t i = 0; i < n; i++) {
            char one[64];
            size_t used = strlen(res->statuses);
            if (statuses[i] == (cp_hr)0xDEADBEEFu)
                snprintf(one, sizeof one, "unset");
            else
                hr_text(statuses[i], one, sizeof one);
            if (used + strlen(one) + 2 < sizeof res->statuses)
                snprintf(res->statuses + used, sizeof res->statuses - used, "%s%s", i ? " " : "", one);
        }
    }

    if (rq->methods && rq->methods[0])
        add_capped(shown, EVENT_METHODS_MAX, rq->methods, explicit);
    else if (rq->module && names_method_token(rq->module, rq->token, shown, EVENT_METHODS_MAX) < 0)
        snprintf(shown, EVENT_METHODS_MAX, "0x%08X", (unsigned)rq->token);
    else if (!rq->module)
        snprintf(shown, EVENT_METHODS_MAX, "%s", rq->raw_assembly);
    emit_begin(&em, rq->revert ? "RequestRevert" : rq->with_inliners ? "RequestReJITWithInliners" : "RequestReJIT");
    emit_hr(&em, "hr", res->hr);
    emit_u64(&em, "count", rq->call == CALL_ZERO_COUNT ? 0 : n);
    emit_str(&em, "methods", shown);
    emit_str(&em, "from", from);
    if (rq->with_inliners)
        emit_u64(&em, "flags", rq->rejit_flags);
    if (rq->tracked && !rq->revert)
        emit_str(&em, "inliners", inliners);
    if (!rq->revert)
        emit_str(&em, "il", plan_mode_name(rq->mode));
    if (rq->codegen)
        emit_u64(&em, "codegen", rq->codegen);
    if (res->statuses[0])
        emit_str(&em, "statuses", res->statuses);
    emit_send(&em);
out:
    free(names);
    free(modules);
    free(tokens);
    free(statuses);
    free(inliners);
    free(shown);
    return rc;
}

/* ---- GetReJITParameters ----------------------------------------------------- */

static int set_err(struct il_error *err, const char *fmt, const char *a, const char *b)
{
    snprintf(err->msg, sizeof err->msg, fmt, a, b);
    return -1;
}

static int resolve_string(void *ctx, const char *utf8, size_t len, uint32_t *token, struct il_error *err)
{
    struct md_scope *rc = ctx;
    cp_wchar *w = malloc((len + 1) * sizeof *w);
    size_t wlen;
    cp_hr hr;

    if (!w)
        return set_err(err, "out of memory for string '%s'%s", "", "");
    wlen = utf8_to_utf16(utf8, len, w, len + 1);
    hr = rc->emit->vtbl->DefineUserString(rc->emit, w, (cp_ulong)wlen, token);
    free(w);
    if (CP_FAILED(hr)) {
        char h[32];
        hr_text(hr, h, sizeof h);
        return set_err(err, "DefineUserString failed: %s%s", h, "");
    }
    return 0;
}

static int resolve_sig(void *ctx, const uint8_t *sig, size_t len, uint32_t *token, struct il_error *err)
{
    struct md_scope *rc = ctx;
    cp_hr hr = rc->emit->vtbl->GetTokenFromSig(rc->emit, sig, (cp_ulong)len, token);

    if (CP_FAILED(hr)) {
        char h[32];
        hr_text(hr, h, sizeof h);
        return set_err(err, "GetTokenFromSig failed: %s%s", h, "");
    }
    return 0;
}

/* A TypeRef of this module named "Ns.Type", or 0. */
static cp_token find_type_ref(struct cp_md_import *imp, const char *type)
{
    cp_enum_handle h = NULL;
    cp_token refs[64], found = 0;
    cp_ulong count = 0;

    while (!found && CP_SUCCEEDED(imp->vtbl->EnumTypeRefs(imp, &h, refs, 64, &count)) && count > 0) {
        for (cp_ulong i = 0; i < count && !found; i++) {
            cp_wchar w[512];
            cp_ulong len = 0;
            char name[NAME_MAX_BYTES];
            if (CP_SUCCEEDED(imp->vtbl->GetTypeRefProps(imp, refs[i], NULL, w, 512, &len))) {
                utf16_to_utf8(w, len, name, sizeof name);
                if (strcmp(name, type) == 0)
                    found = refs[i];
            }
        }
    }
    if (h)
        imp->vtbl->CloseEnum(imp, h);
    return found;
}

/* A MemberRef under parent named `name` (with parameter text sig, if given). */
static cp_token find_member_ref(struct cp_md_import *imp, cp_token parent, const char *name, const char *sig,
                                struct il_call_shape *shape)
{
    cp_enum_handle h = NULL;
    cp_token refs[64], found = 0;
    cp_ulong count = 0;

    while (!found && CP_SUCCEEDED(imp->vtbl->EnumMemberRefs(imp, &h, parent, refs, 64, &count)) && count > 0) {
        for (cp_ulong i = 0; i < count && !found; i++) {
            cp_wchar w[512];
            cp_ulong len = 0, blob_len = 0;
            cp_sig blob = NULL;
            char mname[512], params[NAME_MAX_BYTES];
            struct il_call_shape sh = {0, 0, 0};

            if (CP_FAILED(imp->vtbl->GetMemberRefProps(imp, refs[i], NULL, w, 512, &len, &blob, &blob_len)))
                continue;
            utf16_to_utf8(w, len, mname, sizeof mname);
            if (strcmp(mname, name) != 0 || sig_describe(imp, blob, blob_len, params, sizeof params, &sh) < 0)
                continue;
            if (sig && !names_same_params(params, sig))
                continue;
            found = refs[i];
            if (shape)
                *shape = sh;
        }
    }
    if (h)
        imp->vtbl->CloseEnum(imp, h);
    return found;
}

static int resolve_member(void *ctx, enum il_operand_kind kind, const char *name, uint32_t *token,
                          struct il_call_shape *shape, struct il_error *err)
{
    struct md_scope *rc = ctx;
    struct member_name mn;
    char why[256] = "";
    cp_token type = 0;
    cp_hr hr;

    if (kind == IL_OP_TYPE) {
        const char *bang = strchr(name, '!');
        if (!bang)
            return set_err(err, "type '%s' is not of the form Assembly!Namespace.Type%s", name, "");
        if ((size_t)(bang - name) == strlen(rc->assembly) && strncmp(name, rc->assembly, strlen(rc->assembly)) == 0) {
            hr = names_find_type(rc->imp, bang + 1, &type);
            if (hr != CP_S_OK)
                return set_err(err, "no type '%s' in assembly '%s'", bang + 1, rc->assembly);
            *token = type;
            return 0;
        }
        type = find_type_ref(rc->imp, bang + 1);
        if (!type)
            return set_err(err, "module '%s' has no reference to type '%s'", rc->assembly, bang + 1);
        *token = type;
        return 0;
    }
    if (name[0] == '0' && (name[1] == 'x' || name[1] == 'X')) {
        /* A raw token (already in *token): only its call shape is needed. */
        cp_sig blob = NULL;
        cp_ulong blob_len = 0;
        char params[NAME_MAX_BYTES];
        cp_hr got = CP_E_FAIL;

        if (CP_TOKEN_TYPE(*token) == mdtMethodDef)
            got = rc->imp->vtbl->GetMethodProps(rc->imp, *token, NULL, NULL, 0, NULL, NULL, &blob, &blob_len, NULL,
                                                NULL);
        else if (CP_TOKEN_TYPE(*token) == mdtMemberRef)
            got = rc->imp->vtbl->GetMemberRefProps(rc->imp, *token, NULL, NULL, 0, NULL, &blob, &blob_len);
        if (CP_FAILED(got) || !shape || sig_describe(rc->imp, blob, blob_len, params, sizeof params, shape) < 0)
            return set_err(err, "token %s has no method signature in module '%s'", name, rc->assembly);
        return 0;
    }
    if (names_split(name, &mn) < 0)
        return set_err(err, "'%s' is not of the form Assembly!Namespace.Type::Member%s", name, "");
    if (strcmp(mn.assembly, rc->assembly) == 0) {
        hr = names_find_type(rc->imp, mn.type, &type);
        if (hr != CP_S_OK)
            return set_err(err, "no type '%s' in assembly '%s'", mn.type, mn.assembly);
        if (kind == IL_OP_FIELD) {
            cp_wchar w[512];
            cp_token fields[2];
            cp_ulong count = 0;
            cp_enum_handle h = NULL;
            utf8_to_utf16(mn.member, strlen(mn.member), w, 512);
            hr = rc->imp->vtbl->EnumFieldsWithName(rc->imp, &h, type, w, fields, 2, &count);
            if (h)
                rc->imp->vtbl->CloseEnum(rc->imp, h);
            if (CP_FAILED(hr) || count == 0)
                return set_err(err, "no field '%s' in type '%s'", mn.member, mn.type);
            *token = fields[0];
            return 0;
        }
        hr = names_find_method(rc->imp, type, mn.member, mn.has_sig ? mn.sig : NULL, token, shape, why, sizeof why);
        if (hr != CP_S_OK)
            return set_err(err, "%s in type '%s'", why, mn.type);
        return 0;
    }
    /* Another assembly: the module must already reference the member. */
    type = find_type_ref(rc->imp, mn.type);
    if (!type)
        return set_err(err, "module '%s' has no reference to type '%s'", rc->assembly, mn.type);
    *token = find_member_ref(rc->imp, type, mn.member, mn.has_sig ? mn.sig : NULL, shape);
    if (!*token)
        return set_err(err, "module has no reference to member '%s' of '%s'", mn.member, mn.type);
    return 0;
}

/* Builds the body the plan asks for; 0 with *out set, -1 with why. */
static int plan_body(const struct plan *pl, struct md_scope *rc, struct il_body *out, char *why, size_t why_size)
{
    struct il_resolver resolver = {rc, resolve_string, resolve_member, resolve_sig};
    struct il_error err;
    struct il_prog *prog = NULL;
    struct il_call_shape self = {0, 0, 1};
    cp_sig blob = NULL;
    cp_ulong blob_len = 0;
    char params[NAME_MAX_BYTES];
    int built = -1;

    memset(&err, 0, sizeof err);
    memset(out, 0, sizeof *out);
    if (pl->mode == PLAN_TEXT) {
        if (CP_SUCCEEDED(rc->imp->vtbl->GetMethodProps(rc->imp, pl->method, NULL, NULL, 0, NULL, NULL, &blob,
                                                       &blob_len, NULL, NULL)))
            sig_describe(rc->imp, blob, blob_len, params, sizeof params, &self);
        if (il_parse(pl->text, &prog, &err) == 0 && il_assemble(prog, &resolver, self.returns, out, &err) == 0)
            built = 0;
    } else if (pl->mode == PLAN_PROLOGUE) {
        const cp_byte *header = NULL;
        cp_ulong size = 0;
        char text[NAME_MAX_BYTES + 8];
        uint8_t *code = NULL;
        size_t code_len = 0;
        uint16_t stack = 0;
        struct il_method m;
        cp_hr hr;

        snprintf(text, sizeof text, "call %s", pl->text);
        hr = prof.info->vtbl->GetILFunctionBody(prof.info, pl->module, pl->method, &header, &size);
        if (CP_FAILED(hr)) {
            hr_text(hr, params, sizeof params);
            snprintf(why, why_size, "GetILFunctionBody failed: %s", params);
            return -1;
        }
        if (il_parse(text, &prog, &err) == 0 && il_assemble_code(prog, &resolver, &code, &code_len, &stack, &err) == 0 &&
            il_method_parse(header, size, &m, &err) == 0) {
            built = il_method_prepend(&m, code, code_len, stack, out, &err);
            il_method_release(&m);
        }
        free(code);
    }
    if (prog)
        il_prog_free(prog);
    if (built < 0)
        snprintf(why, why_size, "%s", err.msg[0] ? err.msg : "the body could not be built");
    return built;
}

cp_hr rejit_parameters(cp_module_id module, cp_token method, struct cp_function_control *control, struct emit *em)
{
    struct plan pl;
    struct md_scope rc;
    struct il_body body = {NULL, 0};
    char why[300] = "";
    cp_hr hr = CP_S_OK;

    if (!plan_find(module, method, &pl)) {
        emit_str(em, "il", "none");
        return CP_S_OK;
    }
    if (pl.codegen)
        emit_hr(em, "codegen-hr", control->vtbl->SetCodegenFlags(control, pl.codegen));
    emit_str(em, "il", plan_mode_name(pl.mode));
    if (pl.mode == PLAN_NONE) {
        free(pl.text);
        return CP_S_OK;
    }
    if (pl.mode == PLAN_ORIGINAL) {
        const cp_byte *header = NULL;
        cp_ulong size = 0;
        hr = prof.info->vtbl->GetILFunctionBody(prof.info, module, method, &header, &size);
        if (CP_SUCCEEDED(hr)) {
            hr = control->vtbl->SetILFunctionBody(control, size, header);
            emit_u64(em, "il-size", size);
            emit_hr(em, "il-hr", hr);
        } else {
            emit_str(em, "il-error", "GetILFunctionBody failed");
        }
        free(pl.text);
        return CP_S_OK;
    }

    if (md_scope_open(module, &rc) < 0) {
        emit_str(em, "il-error", "cannot open the module's metadata for writing");
    } else if (plan_body(&pl, &rc, &body, why, sizeof why) < 0) {
        emit_str(em, "il-error", why);
    } else {
        hr = control->vtbl->SetILFunctionBody(control, (cp_ulong)body.len, body.bytes);
        emit_u64(em, "il-size", body.len);
        emit_hr(em, "il-hr", hr);
    }
    il_body_release(&body);
    md_scope_close(&rc);
    free(pl.text);
    return CP_S_OK;
}

int md_scope_open(cp_module_id module, struct md_scope *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->module = module;
    if (modules_is_unloaded(module) ||
        CP_FAILED(prof.info->vtbl->GetModuleMetaData(prof.info, module, ofRead | ofWrite, &cp_iid_IMetaDataEmit2,
                                                     (struct cp_unknown **)&sc->emit)) ||
        !sc->emit ||
        CP_FAILED(sc->emit->vtbl->QueryInterface(sc->emit, &cp_iid_IMetaDataImport, (void **)&sc->imp)) ||
        names_module(module, NULL, 0, sc->assembly, sizeof sc->assembly) < 0) {
        md_scope_close(sc);
        return -1;
    }
    return 0;
}

void md_scope_close(struct md_scope *sc)
{
    if (sc->imp)
        sc->imp->vtbl->Release(sc->imp);
    if (sc->emit)
        sc->emit->vtbl->Release(sc->emit);
    sc->imp = NULL;
    sc->emit = NULL;
}

int md_scope_resolve(struct md_scope *sc, enum il_operand_kind kind, const char *name, cp_token *token,
                     struct il_call_shape *shape, char *why, size_t why_size)
{
    struct il_error err;

    memset(&err, 0, sizeof err);
    *token = 0;
    if (resolve_member(sc, kind, name, token, shape, &err) < 0) {
        snprintf(why, why_size, "%s", err.msg);
        return -1;
    }
    return 0;
}

int md_scope_assemble(struct md_scope *sc, cp_token method, const char *text, struct il_body *out, char *why,
                      size_t why_size)
{
    struct plan pl;

    memset(&pl, 0, sizeof pl);
    pl.module = sc->module;
    pl.method = method;
    pl.mode = PLAN_TEXT;
    pl.text = (char *)text; /* only read */
    return plan_body(&pl, sc, out, why, why_size);
}
