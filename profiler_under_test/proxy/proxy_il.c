/*
 * proxy_il.c - what the proxy finds out about a method body an agent hands
 * to SetILFunctionBody: how long it is, whether it is well formed (il_verify
 * with the stack shapes of the methods it calls, read from the module's
 * metadata), and whether the method already has native code.
 */
#include <stdio.h>
#include <string.h>

#include "proxy/proxy.h"
#include "proxy/proxy_il.h"

#define TINY_FORMAT 0x2u
#define FAT_FORMAT 0x3u
#define MORE_SECTS 0x8u
#define SECT_FAT 0x40u
#define SECT_MORE 0x80u
#define BODY_MAX (64u << 20)

/*
 * The length of the body at p, read the way the runtime reads it: the
 * header, the code, then each EH section at the next 4-byte boundary.
 * SetILFunctionBody on ICorProfilerInfo takes no length, so this reads no
 * further than the runtime itself is about to.  0 when the header is
 * unusable.
 */
size_t proxy_body_extent(const uint8_t *p)
{
    size_t len;
    uint32_t code_size;
    unsigned header;

    if (!p)
        return 0;
    if ((p[0] & 0x3u) == TINY_FORMAT)
        return 1u + (p[0] >> 2);
    if ((p[0] & 0x3u) != FAT_FORMAT)
        return 0;
    header = (unsigned)(p[1] >> 4) * 4u;
    if (header < 12)
        return 0;
    memcpy(&code_size, p + 4, 4);
    if (code_size > BODY_MAX)
        return 0;
    len = header + code_size;
    if (!(p[0] & MORE_SECTS))
        return len;
    for (int sections = 0; sections < 64; sections++) {
        uint32_t size;
        uint8_t kind;
        len = (len + 3u) & ~(size_t)3u;
        kind = p[len];
        if (kind & SECT_FAT)
            size = (uint32_t)p[len + 1] | (uint32_t)p[len + 2] << 8 | (uint32_t)p[len + 3] << 16;
        else
            size = p[len + 1];
        if (size < 4 || size > BODY_MAX)
            return len + 4;
        len += size;
        if (!(kind & SECT_MORE))
            return len;
    }
    return len;
}

/* ---- stack shapes from metadata -------------------------------------------- */

struct shapes {
    struct cp_md_import *imp;
};

static int sig_of(struct cp_md_import *imp, cp_token token, cp_sig *sig, cp_ulong *len)
{
    cp_token parent = 0;
    cp_ulong name_len = 0, attrs = 0, rva = 0, impl = 0;

    switch (token >> 24) {
    case 0x06:
        return CP_SUCCEEDED(imp->vtbl->GetMethodProps(imp, token, &parent, NULL, 0, &name_len, &attrs, sig, len,
                                                      &rva, &impl)) ? 0 : -1;
    case 0x0A:
        return CP_SUCCEEDED(imp->vtbl->GetMemberRefProps(imp, token, &parent, NULL, 0, &name_len, sig, len))
                   ? 0 : -1;
    case 0x11:
        return CP_SUCCEEDED(imp->vtbl->GetSigFromToken(imp, token, sig, len)) ? 0 : -1;
    case 0x2B: {
        struct cp_md_import2 *imp2 = NULL;
        cp_sig inst = NULL;
        cp_ulong inst_len = 0;
        int rc = -1;
        if (CP_FAILED(imp->vtbl->QueryInterface(imp, &cp_iid_IMetaDataImport2, (void **)&imp2)) || !imp2)
            return -1;
        if (CP_SUCCEEDED(imp2->vtbl->GetMethodSpecProps(imp2, token, &parent, &inst, &inst_len)))
            rc = (parent >> 24) == 0x2B ? -1 : sig_of(imp, parent, sig, len);
        imp2->vtbl->Release(imp2);
        return rc;
    }
    default:
        return -1;
    }
}

static int call_shape(void *ctx, uint16_t opcode, uint32_t token, struct il_call_shape *shape)
{
    struct shapes *s = ctx;
    char params[512];
    cp_sig sig = NULL;
    cp_ulong len = 0;

    (void)opcode;
    if (!s->imp || sig_of(s->imp, token, &sig, &len) < 0)
        return -1;
    return sig_describe(s->imp, sig, len, params, sizeof params, shape);
}

int proxy_body_check(cp_module_id module, cp_token method, const uint8_t *body, size_t len, char *why,
                     size_t why_size)
{
    struct shapes s = {NULL};
    struct il_verify_context vc = {&s, call_shape, -1};
    struct il_call_shape own;
    struct il_error err;
    int rc;

    if (!modules_is_unloaded(module) &&
        CP_SUCCEEDED(prof.info->vtbl->GetModuleMetaData(prof.info, module, ofRead, &cp_iid_IMetaDataImport,
                                                        (struct cp_unknown **)&s.imp)) &&
        s.imp && call_shape(&s, 0, method, &own) == 0)
        vc.returns = own.returns;
    il_error_init(&err);
    rc = il_verify(body, len, &vc, &err);
    if (s.imp)
        s.imp->vtbl->Release(s.imp);
    if (rc < 0)
        snprintf(why, why_size, "%s", err.msg);
    return rc;
}

int proxy_method_compiled(cp_module_id module, cp_token method)
{
    cp_function_id fid = 0;
    uint32_t n = 0;
    cp_hr hr;

    if (modules_is_unloaded(module) ||
        CP_FAILED(prof.info->vtbl->GetFunctionFromToken(prof.info, module, method, &fid)) || !fid)
        return 0;
    hr = prof.info->vtbl->GetCodeInfo2(prof.info, fid, 0, &n, NULL);
    return CP_SUCCEEDED(hr) && n > 0;
}
