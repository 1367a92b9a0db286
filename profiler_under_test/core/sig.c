/*
 * sig.c - method signatures (ECMA-335 II.23.2.1) as text and as a call
 * shape.  The text is how cases pick an overload: "(int32)", "(int64,string)",
 * "(!!0)", "(Fixtures.Pair)", "(int32[],object&)".
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"

struct sig_reader {
    const uint8_t *p;
    const uint8_t *end;
    struct cp_md_import *imp;
};

static int read_u32(struct sig_reader *r, uint32_t *out)
{
    const uint8_t *p = r->p;

    if (p >= r->end)
        return -1;
    if ((p[0] & 0x80) == 0) {
        *out = p[0];
        r->p += 1;
    } else if ((p[0] & 0xC0) == 0x80) {
        if (r->end - p < 2)
            return -1;
        *out = (uint32_t)(p[0] & 0x3F) << 8 | p[1];
        r->p += 2;
    } else if ((p[0] & 0xE0) == 0xC0) {
        if (r->end - p < 4)
            return -1;
        *out = (uint32_t)(p[0] & 0x1F) << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        r->p += 4;
    } else {
        return -1;
    }
    return 0;
}

/* A TypeDefOrRef coded index (II.23.2.8) -> token. */
static int read_type_token(struct sig_reader *r, cp_token *tok)
{
    static const uint32_t tables[] = {mdtTypeDef, mdtTypeRef, mdtTypeSpec};
    uint32_t coded;

    if (read_u32(r, &coded) < 0 || (coded & 3) == 3)
        return -1;
    *tok = tables[coded & 3] | (coded >> 2);
    return 0;
}

static void append(char *buf, size_t size, const char *text)
{
    size_t n = strlen(buf);

    if (n < size)
        snprintf(buf + n, size - n, "%s", text);
}

static void type_token_name(struct sig_reader *r, cp_token tok, char *buf, size_t size)
{
    cp_wchar wname[512];
    cp_ulong len = 0;
    char name[NAME_MAX_BYTES] = "?";
    cp_hr hr = CP_E_FAIL;

    if (CP_TOKEN_TYPE(tok) == mdtTypeDef)
        hr = r->imp->vtbl->GetTypeDefProps(r->imp, tok, wname, 512, &len, NULL, NULL);
    else if (CP_TOKEN_TYPE(tok) == mdtTypeRef)
        hr = r->imp->vtbl->GetTypeRefProps(r->imp, tok, NULL, wname, 512, &len);
    if (CP_SUCCEEDED(hr))
        utf16_to_utf8(wname, len, name, sizeof name);
    append(buf, size, name);
}

static int read_type(struct sig_reader *r, char *buf, size_t size, int depth);

static int read_type(struct sig_reader *r, char *buf, size_t size, int depth)
{
    static const char *const simple[] = {
        [ELEMENT_TYPE_VOID] = "void",       [ELEMENT_TYPE_BOOLEAN] = "bool",   [ELEMENT_TYPE_CHAR] = "char",
        [ELEMENT_TYPE_I1] = "int8",         [ELEMENT_TYPE_U1] = "uint8",       [ELEMENT_TYPE_I2] = "int16",
        [ELEMENT_TYPE_U2] = "uint16",       [ELEMENT_TYPE_I4] = "int32",       [ELEMENT_TYPE_U4] = "uint32",
        [ELEMENT_TYPE_I8] = "int64",        [ELEMENT_TYPE_U8] = "uint64",      [ELEMENT_TYPE_R4] = "float32",
        [ELEMENT_TYPE_R8] = "float64",      [ELEMENT_TYPE_STRING] = "string",  [ELEMENT_TYPE_TYPEDBYREF] = "typedref",
        [ELEMENT_TYPE_I] = "native int",    [ELEMENT_TYPE_U] = "native uint",  [ELEMENT_TYPE_OBJECT] = "object",
    };
    uint32_t et, n, count;
    cp_token tok;
    char num[16];

    if (depth > 32 || r->p >= r->end)
        return -1;
    et = *r->p++;
    if (et < sizeof simple / sizeof *simple && simple[et]) {
        append(buf, size, simple[et]);
        return 0;
    }
    switch (et) {
    case ELEMENT_TYPE_CMOD_REQD:
    case ELEMENT_TYPE_CMOD_OPT:
        return read_type_token(r, &tok) < 0 ? -1 : read_type(r, buf, size, depth + 1);
    case ELEMENT_TYPE_PINNED:
        return read_type(r, buf, size, depth + 1);
    case ELEMENT_TYPE_PTR:
    case ELEMENT_TYPE_BYREF:
    case ELEMENT_TYPE_SZARRAY:
        if (read_type(r, buf, size, depth + 1) < 0)
            return -1;
        append(buf, size, et == ELEMENT_TYPE_PTR ? "*" : et == ELEMENT_TYPE_BYREF ? "&" : "[]");
        return 0;
    case ELEMENT_TYPE_VALUETYPE:
    case ELEMENT_TYPE_CLASS:
        if (read_type_token(r, &tok) < 0)
            return -1;
        type_token_name(r, tok, buf, size);
        return 0;
    case ELEMENT_TYPE_VAR:
    case ELEMENT_TYPE_MVAR:
        if (read_u32(r, &n) < 0)
            return -1;
        snprintf(num, sizeof num, "%s%u", et == ELEMENT_TYPE_VAR ? "!" : "!!", n);
        append(buf, size, num);
        return 0;
    case ELEMENT_TYPE_GENERICINST:
        if (r->p >= r->end)
            return -1;
        r->p++; /* CLASS or VALUETYPE */
        if (read_type_token(r, &tok) < 0 || read_u32(r, &count) < 0)
            return -1;
        type_token_name(r, tok, buf, size);
        append(buf, size, "<");
        for (uint32_t i = 0; i < count; i++) {
            if (i)
                append(buf, size, ",");
            if (read_type(r, buf, size, depth + 1) < 0)
                return -1;
        }
        append(buf, size, ">");
        return 0;
    case ELEMENT_TYPE_ARRAY: {
        uint32_t rank, nsizes, nbounds, v;
        if (read_type(r, buf, size, depth + 1) < 0 || read_u32(r, &rank) < 0 || read_u32(r, &nsizes) < 0)
            return -1;
        for (uint32_t i = 0; i < nsizes; i++)
            if (read_u32(r, &v) < 0)
                return -1;
        if (read_u32(r, &nbounds) < 0)
            return -1;
        for (uint32_t i = 0; i < nbounds; i++)
            if (read_u32(r, &v) < 0) /* signed, compressed: the same width */
                return -1;
        append(buf, size, "[");
        for (uint32_t i = 1; i < rank; i++)
            append(buf, size, ",");
        append(buf, size, "]");
        return 0;
    }
    case ELEMENT_TYPE_FNPTR:
        append(buf, size, "method");
        return -1; /* not needed for overload picking; refuse rather than guess */
    default:
        return -1;
    }
}

int sig_describe(struct cp_md_import *imp, cp_sig sig, cp_ulong len, char *params, size_t size,
                 struct il_call_shape *shape)
{
    struct sig_reader r = {sig, sig + len, imp};
    uint32_t conv, count, generic = 0;
    char ret[256] = "";

    params[0] = '\0';
    if (len == 0)
        return -1;
    conv = *r.p++;
    if ((conv & IMAGE_CEE_CS_CALLCONV_GENERIC) && read_u32(&r, &generic) < 0)
        return -1;
    if (read_u32(&r, &count) < 0 || read_type(&r, ret, sizeof ret, 0) < 0)
        return -1;
    append(params, size, "(");
    for (uint32_t i = 0; i < count; i++) {
        if (i)
            append(params, size, ",");
        if (read_type(&r, params, size, 0) < 0)
            return -1;
    }
    append(params, size, ")");
    if (shape) {
        shape->params = (int)count;
        shape->has_this = (conv & IMAGE_CEE_CS_CALLCONV_HASTHIS) && !(conv & IMAGE_CEE_CS_CALLCONV_EXPLICITTHIS);
        shape->returns = strcmp(ret, "void") != 0;
    }
    return 0;
}
