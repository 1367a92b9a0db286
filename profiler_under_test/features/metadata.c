/*
 * metadata.c - the `define` command: one metadata change in a loaded
 * module through IMetaDataEmit(2), then ICorProfilerInfo7::ApplyMetaData
 * (docs/attach.md, "Metadata changes").
 *
 * The command's fields name the change (kind) and its parts.  Tokens are
 * named as IL text names them ("Asm!Ns.Type", "Asm!Ns.Type::M(int32)") or
 * as "$name" for a token an earlier define stored with as="name".
 * Signatures are written "static int32(string, int32[])" for methods and
 * "int32" for fields; only primitive types and their arrays.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "features/features.h"

#define SAVED_MAX 64
#define SIG_MAX 256

/* Tokens stored by as="name", per module. */
static struct saved_token {
    cp_module_id module;
    char name[64];
    cp_token token;
} saved[SAVED_MAX];
static size_t nsaved;
static pthread_mutex_t saved_lock = PTHREAD_MUTEX_INITIALIZER;

struct define_ctx {
    const struct wire_msg *msg;
    struct md_scope sc;
    char why[512];
};

static int field_text(const struct wire_msg *msg, const char *key, char *buf, size_t size)
{
    const struct wire_field *f = wire_msg_get(msg, key);

    buf[0] = '\0';
    if (!f || f->type != WIRE_STR || f->len >= size)
        return -1;
    memcpy(buf, f->str, f->len);
    buf[f->len] = '\0';
    return 0;
}

static int fail(struct define_ctx *dc, const char *fmt, const char *a, const char *b)
{
    snprintf(dc->why, sizeof dc->why, fmt, a, b);
    return -1;
}

/* The text of a required field, or -1 with why. */
static int need(struct define_ctx *dc, const char *key, char *buf, size_t size)
{
    if (field_text(dc->msg, key, buf, size) < 0 || !buf[0])
        return fail(dc, "this kind of define needs %s=\"...\"%s", key, "");
    return 0;
}

static int saved_find(cp_module_id module, const char *name, cp_token *out)
{
    int found = 0;

    pthread_mutex_lock(&saved_lock);
    for (size_t i = 0; i < nsaved && !found; i++) {
        if (saved[i].module == module && strcmp(saved[i].name, name) == 0) {
            *out = saved[i].token;
            found = 1;
        }
    }
    pthread_mutex_unlock(&saved_lock);
    return found ? 0 : -1;
}

static void saved_store(cp_module_id module, const char *name, cp_token token)
{
    pthread_mutex_lock(&saved_lock);
    for (size_t i = 0; i < nsaved; i++) {
        if (saved[i].module == module && strcmp(saved[i].name, name) == 0) {
            saved[i].token = token;
            pthread_mutex_unlock(&saved_lock);
            return;
        }
    }
    if (nsaved < SAVED_MAX) {
        saved[nsaved].module = module;
        snprintf(saved[nsaved].name, sizeof saved[nsaved].name, "%s", name);
        saved[nsaved++].token = token;
    }
    pthread_mutex_unlock(&saved_lock);
}

/* A token named by field key: "$name", a type, or a member. */
static int token_of(struct define_ctx *dc, const char *key, enum il_operand_kind kind, cp_token *out)
{
    char text[NAME_MAX_BYTES];

    if (need(dc, key, text, sizeof text) < 0)
        return -1;
    if (text[0] == '$') {
        if (saved_find(dc->sc.module, text + 1, out) < 0)
            return fail(dc, "%s names no token stored with as=\"%s\"", text, text + 1);
        return 0;
    }
    if (kind == IL_OP_TYPE && strchr(text, ':'))
        kind = IL_OP_METHOD;
    return md_scope_resolve(&dc->sc, kind, text, out, NULL, dc->why, sizeof dc->why);
}

/* ---- signatures ------------------------------------------------------------- */

static int sig_type(struct define_ctx *dc, const char *text, uint8_t *sig, size_t *len)
{
    char word[64];
    size_t n = strlen(text), arrays = 0;
    uint8_t elem;

    while (n >= 2 && text[n - 2] == '[' && text[n - 1] == ']') {
        n -= 2;
        arrays++;
    }
    if (n == 0 || n >= sizeof word)
        return fail(dc, "'%s' is not a type%s", text, "");
    memcpy(word, text, n);
    word[n] = '\0';
    if (strcmp(word, "void") == 0)
        elem = ELEMENT_TYPE_VOID;
    else if (il_prim_elem(word, &elem) < 0)
        return fail(dc, "'%s' is not a primitive type (bool, int32, string, object, ...)%s", word, "");
    if (*len + arrays + 1 > SIG_MAX)
        return fail(dc, "signature too long at '%s'%s", text, "");
    for (size_t i = 0; i < arrays; i++)
        sig[(*len)++] = ELEMENT_TYPE_SZARRAY;
    sig[(*len)++] = elem;
    return 0;
}

/* Trims spaces in place. */
static char *trim(char *s)
{
    char *end;

    while (*s == ' ')
        s++;
    end = s + strlen(s);
    while (end > s && end[-1] == ' ')
        *--end = '\0';
    return s;
}

/* "static RET(P, ...)" or "instance RET(...)" into a MethodDefSig blob. */
static int method_sig(struct define_ctx *dc, const char *text, uint8_t *sig, size_t *len)
{
    char copy[512], *p, *open, *close, *params;
    uint8_t conv = IMAGE_CEE_CS_CALLCONV_DEFAULT;
    size_t count_at, count = 0;

    snprintf(copy, sizeof copy, "%s", text);
    p = trim(copy);
    if (strncmp(p, "instance ", 9) == 0) {
        conv = IMAGE_CEE_CS_CALLCONV_HASTHIS;
        p += 9;
    } else if (strncmp(p, "static ", 7) == 0) {
        p += 7;
    }
    open = strchr(p, '(');
    close = strrchr(p, ')');
    if (!open || !close || close < open || close[1] != '\0')
        return fail(dc, "sig=\"%s\" is not of the form \"static int32(string, int32)\"%s", text, "");
    *open = '\0';
    *close = '\0';
    params = open + 1;
    *len = 0;
    sig[(*len)++] = conv;
    count_at = (*len)++; /* fewer than 128 parameters: one byte */
    if (sig_type(dc, trim(p), sig, len) < 0)
        return -1;
    if (*trim(params)) {
        for (char *tok = strtok(params, ","); tok; tok = strtok(NULL, ",")) {
            if (sig_type(dc, trim(tok), sig, len) < 0)
                return -1;
            count++;
        }
    }
    if (count > 127)
        return fail(dc, "too many parameters in '%s'%s", text, "");
    sig[count_at] = (uint8_t)count;
    return 0;
}

/* Flag words ("public static") into a value from a table. */
struct flag_word {
    const char *word;
    uint32_t value;
};

static int flags_of(struct define_ctx *dc, const char *key, const char *fallback, const struct flag_word *table,
                    uint32_t *out)
{
    char text[256], *save = NULL;

    if (field_text(dc->msg, key, text, sizeof text) < 0 || !text[0])
        snprintf(text, sizeof text, "%s", fallback);
    *out = 0;
    for (char *w = strtok_r(text, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        const struct flag_word *f = table;
        while (f->word && strcmp(f->word, w) != 0)
            f++;
        if (!f->word)
            return fail(dc, "unknown flag '%s' in %s", w, key);
        *out |= f->value;
    }
    return 0;
}

static const struct flag_word type_flags[] = {
    {"public", tdPublic},     {"nested-public", tdNestedPublic}, {"nested-private", tdNestedPrivate},
    {"abstract", tdAbstract}, {"sealed", tdSealed},              {"interface", tdInterface},
    {"beforefieldinit", tdBeforeFieldInit}, {NULL, 0},
};

static const struct flag_word method_flags[] = {
    {"public", mdPublic},     {"private", mdPrivate}, {"static", mdStatic},       {"virtual", mdVirtual},
    {"final", mdFinal},       {"hidebysig", mdHideBySig}, {"newslot", mdNewSlot}, {"abstract", mdAbstract},
    {"pinvokeimpl", mdPinvokeImpl}, {"specialname", mdSpecialName}, {"rtspecialname", mdRTSpecialName},
    {NULL, 0},
};

static const struct flag_word field_flags[] = {
    {"public", 0x0006}, {"private", 0x0001}, {"static", 0x0010}, {"initonly", 0x0020}, {NULL, 0},
};

static int wide(struct define_ctx *dc, const char *key, cp_wchar *out, size_t cap)
{
    char text[NAME_MAX_BYTES];

    if (need(dc, key, text, sizeof text) < 0)
        return -1;
    utf8_to_utf16(text, strlen(text), out, cap);
    return 0;
}

/* An AssemblyRef of the module by simple name, or 0. */
static cp_token assembly_ref(struct md_scope *sc, const char *name)
{
    struct cp_md_assembly_import *ai = NULL;
    cp_enum_handle h = NULL;
    cp_token refs[64], found = 0;
    cp_ulong count = 0;

    if (CP_FAILED(sc->imp->vtbl->QueryInterface(sc->imp, &cp_iid_IMetaDataAssemblyImport, (void **)&ai)) || !ai)
        return 0;
    while (!found && CP_SUCCEEDED(ai->vtbl->EnumAssemblyRefs(ai, &h, refs, 64, &count)) && count > 0) {
        for (cp_ulong i = 0; i < count && !found; i++) {
            cp_wchar w[256];
            cp_ulong len = 0;
            char text[512];
            if (CP_SUCCEEDED(ai->vtbl->GetAssemblyRefProps(ai, refs[i], NULL, NULL, w, 256, &len, NULL, NULL, NULL,
                                                           NULL))) {
                utf16_to_utf8(w, len, text, sizeof text);
                if (strcmp(text, name) == 0)
                    found = refs[i];
            }
        }
    }
    if (h)
        ai->vtbl->CloseEnum(ai, h);
    ai->vtbl->Release(ai);
    return found;
}

/* Gives method a body assembled from the `il` field (SetILFunctionBody). */
static cp_hr method_body(struct define_ctx *dc, cp_token method, struct emit *em)
{
    char text[IL_TEXT_MAX + 1];
    struct cp_method_malloc *alloc = NULL;
    struct il_body body = {NULL, 0};
    void *mem;
    cp_hr hr;

    if (field_text(dc->msg, "il", text, sizeof text) < 0 || !text[0])
        return CP_S_OK;
    if (md_scope_assemble(&dc->sc, method, text, &body, dc->why, sizeof dc->why) < 0) {
        emit_str(em, "il-error", dc->why);
        return CP_E_FAIL;
    }
    hr = prof.info->vtbl->GetILFunctionBodyAllocator(prof.info, dc->sc.module, &alloc);
    if (CP_SUCCEEDED(hr) && alloc) {
        mem = alloc->vtbl->Alloc(alloc, (cp_ulong)body.len);
        if (mem) {
            memcpy(mem, body.bytes, body.len);
            hr = prof.info->vtbl->SetILFunctionBody(prof.info, dc->sc.module, method, mem);
        } else {
            hr = CP_E_OUTOFMEMORY;
        }
        alloc->vtbl->Release(alloc);
    }
    emit_u64(em, "il-size", body.len);
    emit_hr(em, "il-hr", hr);
    il_body_release(&body);
    return hr;
}

/* ---- the kinds -------------------------------------------------------------- */

/* Makes the change; the define's own HRESULT (and *token), or -1 when a part
 * could not be resolved (dc->why). */
static int define_one(struct define_ctx *dc, const char *kind, cp_token *token, cp_hr *hr, struct emit *em)
{
    struct cp_md_emit *e = dc->sc.emit;
    cp_wchar name[512];
    uint8_t sig[SIG_MAX];
    size_t sig_len = 0;
    char text[NAME_MAX_BYTES];
    cp_token a = 0, b = 0;
    uint32_t flags = 0;

    if (strcmp(kind, "user-string") == 0) {
        size_t n;
        if (need(dc, "text", text, sizeof text) < 0)
            return -1;
        n = utf8_to_utf16(text, strlen(text), name, 512);
        *hr = e->vtbl->DefineUserString(e, name, (cp_ulong)n, token);
    } else if (strcmp(kind, "type-ref") == 0) {
        if (need(dc, "scope", text, sizeof text) < 0 || wide(dc, "name", name, 512) < 0)
            return -1;
        a = assembly_ref(&dc->sc, text);
        if (!a)
            return fail(dc, "the module has no reference to assembly '%s'%s", text, "");
        *hr = e->vtbl->DefineTypeRefByName(e, a, name, token);
    } else if (strcmp(kind, "member-ref") == 0) {
        if (token_of(dc, "parent", IL_OP_TYPE, &a) < 0 || wide(dc, "name", name, 512) < 0 ||
            need(dc, "sig", text, sizeof text) < 0)
            return -1;
        if (method_sig(dc, text, sig, &sig_len) < 0)
            return -1;
        *hr = e->vtbl->DefineMemberRef(e, a, name, sig, (cp_ulong)sig_len, token);
    } else if (strcmp(kind, "type-def") == 0 || strcmp(kind, "nested-type") == 0) {
        int nested = kind[0] == 'n';
        if (wide(dc, "name", name, 512) < 0 ||
            flags_of(dc, "flags", nested ? "nested-public abstract sealed" : "public abstract sealed", type_flags,
                     &flags) < 0)
            return -1;
        if (field_text(dc->msg, "extends", text, sizeof text) == 0 && text[0]) {
            if (token_of(dc, "extends", IL_OP_TYPE, &a) < 0)
                return -1;
        } else if (md_scope_resolve(&dc->sc, IL_OP_TYPE, "System.Runtime!System.Object", &a, NULL, dc->why,
                                    sizeof dc->why) < 0) {
            return -1;
        }
        if (nested) {
            if (token_of(dc, "in", IL_OP_TYPE, &b) < 0)
                return -1;
            *hr = e->vtbl->DefineNestedType(e, name, flags, a, NULL, b, token);
        } else {
            *hr = e->vtbl->DefineTypeDef(e, name, flags, a, NULL, token);
        }
    } else if (strcmp(kind, "method") == 0) {
        if (token_of(dc, "type", IL_OP_TYPE, &a) < 0 || wide(dc, "name", name, 512) < 0 ||
            need(dc, "sig", text, sizeof text) < 0 || method_sig(dc, text, sig, &sig_len) < 0 ||
            flags_of(dc, "flags", "public static hidebysig", method_flags, &flags) < 0)
            return -1;
        /* miIL | miManaged (0); a pinvokeimpl method has no IL. */
        /* A pinvokeimpl method gets miPreserveSig (0x80): without it the
         * runtime treats the native return value as an HRESULT. */
        *hr = e->vtbl->DefineMethod(e, a, name, flags, sig, (cp_ulong)sig_len, 0,
                                    (flags & mdPinvokeImpl) ? 0x80 : 0, token);
        if (CP_SUCCEEDED(*hr) && !(flags & mdPinvokeImpl) && !(flags & mdAbstract))
            method_body(dc, *token, em);
    } else if (strcmp(kind, "field") == 0) {
        if (token_of(dc, "type", IL_OP_TYPE, &a) < 0 || wide(dc, "name", name, 512) < 0 ||
            need(dc, "sig", text, sizeof text) < 0 ||
            flags_of(dc, "flags", "public static", field_flags, &flags) < 0)
            return -1;
        sig[sig_len++] = IMAGE_CEE_CS_CALLCONV_FIELD;
        if (sig_type(dc, text, sig, &sig_len) < 0)
            return -1;
        *hr = e->vtbl->DefineField(e, a, name, flags, sig, (cp_ulong)sig_len, 0, NULL, 0, token);
    } else if (strcmp(kind, "custom-attribute") == 0) {
        static const uint8_t no_args[4] = {0x01, 0x00, 0x00, 0x00}; /* prolog, no named arguments */
        if (token_of(dc, "owner", IL_OP_TYPE, &a) < 0 || token_of(dc, "ctor", IL_OP_METHOD, &b) < 0)
            return -1;
        *hr = e->vtbl->DefineCustomAttribute(e, a, b, no_args, sizeof no_args, token);
    } else if (strcmp(kind, "module-ref") == 0) {
        if (wide(dc, "name", name, 512) < 0)
            return -1;
        *hr = e->vtbl->DefineModuleRef(e, name, token);
    } else if (strcmp(kind, "pinvoke-map") == 0) {
        if (token_of(dc, "method", IL_OP_METHOD, &a) < 0 || token_of(dc, "module-ref", IL_OP_TYPE, &b) < 0 ||
            wide(dc, "import", name, 512) < 0)
            return -1;
        /* pmCallConvCdecl (0x200): the Unix calling convention. */
        *hr = e->vtbl->DefinePinvokeMap(e, a, 0x200, name, b);
        *token = a;
    } else if (strcmp(kind, "event") == 0) {
        if (token_of(dc, "type", IL_OP_TYPE, &a) < 0 || wide(dc, "name", name, 512) < 0 ||
            token_of(dc, "event-type", IL_OP_TYPE, &b) < 0)
            return -1;
        *hr = e->vtbl->DefineEvent(e, a, name, 0, b, 0, 0, 0, NULL, token);
    } else if (strcmp(kind, "method-impl") == 0) {
        cp_token body = 0;
        if (token_of(dc, "type", IL_OP_TYPE, &a) < 0 || token_of(dc, "body", IL_OP_METHOD, &body) < 0 ||
            token_of(dc, "decl", IL_OP_METHOD, &b) < 0)
            return -1;
        *hr = e->vtbl->DefineMethodImpl(e, a, body, b);
        *token = body;
    } else if (strcmp(kind, "method-spec") == 0) {
        struct cp_md_emit2 *e2 = (struct cp_md_emit2 *)e;
        char *save = NULL;
        size_t count_at;
        uint8_t count = 0;
        if (token_of(dc, "method", IL_OP_METHOD, &a) < 0 || need(dc, "args", text, sizeof text) < 0)
            return -1;
        sig[sig_len++] = IMAGE_CEE_CS_CALLCONV_GENERICINST;
        count_at = sig_len++;
        for (char *w = strtok_r(text, " ,", &save); w; w = strtok_r(NULL, " ,", &save), count++)
            if (sig_type(dc, w, sig, &sig_len) < 0)
                return -1;
        sig[count_at] = count;
        *hr = e2->vtbl->DefineMethodSpec(e2, a, sig, (cp_ulong)sig_len, token);
    } else {
        return fail(dc, "unknown kind '%s'%s", kind, "");
    }
    return 0;
}

void metadata_define(const struct wire_msg *msg, struct wire_writer *reply)
{
    struct define_ctx dc;
    char kind[32], assembly[256], as[64], apply[8];
    cp_module_id module;
    cp_token token = 0;
    cp_hr hr = CP_E_FAIL, apply_hr = CP_S_OK;
    int applied = 0;
    struct emit em;

    memset(&dc, 0, sizeof dc);
    dc.msg = msg;
    field_text(msg, "kind", kind, sizeof kind);
    field_text(msg, "as", as, sizeof as);
    field_text(msg, "apply", apply, sizeof apply);
    if (field_text(msg, "assembly", assembly, sizeof assembly) < 0 || !assembly[0]) {
        wire_put_hr(reply, "hr", CP_E_INVALIDARG);
        wire_put_u64(reply, "resolved", 0);
        wire_put_str(reply, "why", "define needs assembly=\"...\"");
        return;
    }
    module = module_of_assembly(assembly);
    if (!module || md_scope_open(module, &dc.sc) < 0) {
        wire_put_hr(reply, "hr", CP_E_INVALIDARG);
        wire_put_u64(reply, "resolved", 0);
        wire_put_str(reply, "why", module ? "cannot open the module's metadata for writing"
                                          : "no module of that assembly is loaded");
        return;
    }
    emit_begin(&em, "Define");
    emit_str(&em, "kind", kind);
    emit_str(&em, "assembly", assembly);
    if (define_one(&dc, kind, &token, &hr, &em) < 0) {
        md_scope_close(&dc.sc);
        wire_put_hr(reply, "hr", CP_E_INVALIDARG);
        wire_put_u64(reply, "resolved", 0);
        wire_put_str(reply, "why", dc.why);
        return;
    }
    if (CP_SUCCEEDED(hr) && as[0])
        saved_store(module, as, token);
    if (strcmp(apply, "false") != 0 && CP_SUCCEEDED(hr) && prof.info_version >= 7) {
        apply_hr = prof.info->vtbl->ApplyMetaData(prof.info, module);
        applied = 1;
    }
    md_scope_close(&dc.sc);
    emit_hr(&em, "hr", hr);
    emit_u64(&em, "token", token);
    if (applied)
        emit_hr(&em, "apply-hr", apply_hr);
    emit_send(&em);
    wire_put_hr(reply, "hr", hr);
    wire_put_u64(reply, "token", token);
    if (applied)
        wire_put_hr(reply, "apply-hr", apply_hr);
}
