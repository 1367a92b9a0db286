/*
 * names.c - runtime ids and metadata tokens <-> the names events carry:
 * methods as "Assembly!Namespace.Type::Method" (nested types joined with
 * '+'), classes as "Assembly!Namespace.Type", modules by file name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#define WNAME 512

/*
 * Per module: its metadata import and its names, asked for once.  Naming a
 * method otherwise costs a GetModuleMetaData, a GetModuleInfo and a
 * GetAssemblyInfo on every JIT event.  Cleared with the name cache below,
 * at every module unload.
 */
#define MODULE_CACHE_SLOTS 64u

static struct module_slot {
    cp_module_id id;
    struct cp_md_import *imp; /* one reference held by the cache */
    struct cp_md_import *image_imp; /* a read-only scope on the image (image.c), or NULL */
    int image_tried;
    int named;
    char file[256];
    char assembly[256];
} module_cache[MODULE_CACHE_SLOTS];
static size_t module_cache_next;
static pthread_mutex_t module_cache_lock = PTHREAD_MUTEX_INITIALIZER;

/* The slot of module, claimed (round robin) when absent; under the lock. */
static struct module_slot *module_slot(cp_module_id module)
{
    struct module_slot *m;

    for (size_t i = 0; i < MODULE_CACHE_SLOTS; i++)
        if (module_cache[i].id == module)
            return &module_cache[i];
    m = &module_cache[module_cache_next++ % MODULE_CACHE_SLOTS];
    if (m->imp)
        m->imp->vtbl->Release(m->imp);
    if (m->image_imp)
        m->image_imp->vtbl->Release(m->image_imp);
    memset(m, 0, sizeof *m);
    m->id = module;
    return m;
}

static void module_cache_clear(void)
{
    pthread_mutex_lock(&module_cache_lock);
    for (size_t i = 0; i < MODULE_CACHE_SLOTS; i++) {
        if (module_cache[i].imp)
            module_cache[i].imp->vtbl->Release(module_cache[i].imp);
        if (module_cache[i].image_imp)
            module_cache[i].image_imp->vtbl->Release(module_cache[i].image_imp);
        memset(&module_cache[i], 0, sizeof module_cache[i]);
    }
    pthread_mutex_unlock(&module_cache_lock);
}

/* The module's IMetaDataImport with a reference for the caller (release_import). */
static struct cp_md_import *module_import(cp_module_id module)
{
    struct cp_unknown *unk = NULL;
    struct cp_md_import *imp = NULL;
    struct module_slot *m;
    cp_hr hr;

    if (modules_is_unloaded(module))
        return NULL;
    pthread_mutex_lock(&module_cache_lock);
    m = module_slot(module);
    if (m->imp) {
        imp = m->imp;
        imp->vtbl->AddRef(imp);
    }
    pthread_mutex_unlock(&module_cache_lock);
    if (imp)
        return imp;
    hr = prof.info->vtbl->GetModuleMetaData(prof.info, module, ofRead, &cp_iid_IMetaDataImport, &unk);
    if (CP_FAILED(hr) || !unk)
        return NULL;
    imp = (struct cp_md_import *)unk;
    pthread_mutex_lock(&module_cache_lock);
    m = module_slot(module);
    if (!m->imp) {
        imp->vtbl->AddRef(imp);
        m->imp = imp;
    }
    pthread_mutex_unlock(&module_cache_lock);
    return imp;
}

static void release_import(struct cp_md_import *imp)
{
    if (imp)
        imp->vtbl->Release(imp);
}

/*
 * The importer to name things of a module by, with a reference for the
 * caller: a read-only scope on the module's image when there is one (no
 * read-write switch of the runtime's metadata, image.c), else the runtime's.
 * *from_image says which, so that a caller can fall back to the runtime's
 * importer for tokens the image does not know.
 */
static struct cp_md_import *naming_import(cp_module_id module, int *from_image)
{
    struct cp_md_import *imp = NULL;
    struct module_slot *m;
    int tried;

    *from_image = 0;
    if (modules_is_unloaded(module))
        return NULL;
    pthread_mutex_lock(&module_cache_lock);
    m = module_slot(module);
    tried = m->image_tried;
    if (m->image_imp) {
        imp = m->image_imp;
        imp->vtbl->AddRef(imp);
    }
    pthread_mutex_unlock(&module_cache_lock);
    if (!imp && !tried) {
        imp = image_import(module);
        pthread_mutex_lock(&module_cache_lock);
        m = module_slot(module);
        m->image_tried = 1;
        if (imp && !m->image_imp) {
            imp->vtbl->AddRef(imp);
            m->image_imp = imp;
        }
        pthread_mutex_unlock(&module_cache_lock);
    }
    if (imp) {
        *from_image = 1;
        return imp;
    }
    return module_import(module);
}

/* "Ns.Outer+Inner" for a TypeDef; nesting is followed a few levels deep. */
static int type_name(struct cp_md_import *imp, cp_token type, char *buf, size_t size, int depth)
{
    cp_wchar wname[WNAME];
    cp_ulong len = 0, flags = 0;
    cp_token enclosing = 0;
    char name[NAME_MAX_BYTES];
    cp_hr hr = imp->vtbl->GetTypeDefProps(imp, type, wname, WNAME, &len, &flags, NULL);

    if (CP_FAILED(hr))
        return -1;
    utf16_to_utf8(wname, len, name, sizeof name);
    if ((flags & tdVisibilityMask) >= tdNestedPublic && depth < 8 &&
        CP_SUCCEEDED(imp->vtbl->GetNestedClassProps(imp, type, &enclosing)) && enclosing) {
        char outer[NAME_MAX_BYTES];
        if (type_name(imp, enclosing, outer, sizeof outer, depth + 1) < 0)
            return -1;
        snprintf(buf, size, "%s+%s", outer, name);
        return 0;
    }
    snprintf(buf, size, "%s", name);
    return 0;
}

/* The module's file and assembly names from the runtime; 0 or -1. */
static int module_names(cp_module_id mid, char *file, size_t file_size, char *assembly, size_t assembly_size)
{
    cp_wchar wname[WNAME];
    cp_ulong len = 0;
    cp_assembly_id aid = 0;
    cp_appdomain_id ad = 0;
    cp_module_id manifest = 0;
    const cp_byte *base = NULL;
    char path[NAME_MAX_BYTES];
    const char *slash;

    if (CP_FAILED(prof.info->vtbl->GetModuleInfo(prof.info, mid, &base, WNAME, &len, wname, &aid)))
        return -1;
    utf16_to_utf8(wname, len, path, sizeof path);
    slash = strrchr(path, '/');
    snprintf(file, file_size, "%s", slash ? slash + 1 : path);
    len = 0;
    if (CP_FAILED(prof.info->vtbl->GetAssemblyInfo(prof.info, aid, WNAME, &len, wname, &ad, &manifest)))
        return -1;
    utf16_to_utf8(wname, len, assembly, assembly_size);
    return 0;
}

int names_module(cp_module_id mid, char *file, size_t file_size, char *assembly, size_t assembly_size)
{
    char f[256], a[256];
    struct module_slot *m;
    int named;

    if (modules_is_unloaded(mid))
        return -1;
    pthread_mutex_lock(&module_cache_lock);
    m = module_slot(mid);
    named = m->named;
    if (named) {
        memcpy(f, m->file, sizeof f);
        memcpy(a, m->assembly, sizeof a);
    }
    pthread_mutex_unlock(&module_cache_lock);
    if (!named) {
        if (module_names(mid, f, sizeof f, a, sizeof a) < 0)
            return -1;
        pthread_mutex_lock(&module_cache_lock);
        m = module_slot(mid);
        memcpy(m->file, f, sizeof f);
        memcpy(m->assembly, a, sizeof a);
        m->named = 1;
        pthread_mutex_unlock(&module_cache_lock);
    }
    if (file && file_size)
        snprintf(file, file_size, "%s", f);
    if (assembly && assembly_size)
        snprintf(assembly, assembly_size, "%s", a);
    return 0;
}

/* "Ns.Type::Method" of a MethodDef in imp's scope; 0 or -1. */
static int method_name(struct cp_md_import *imp, cp_token token, char *buf, size_t size)
{
    cp_wchar wname[WNAME];
    cp_ulong len = 0;
    cp_token type = 0;
    char method[NAME_MAX_BYTES], tname[NAME_MAX_BYTES];

    if (CP_FAILED(imp->vtbl->GetMethodProps(imp, token, &type, wname, WNAME, &len, NULL, NULL, NULL, NULL, NULL)) ||
        type_name(imp, type, tname, sizeof tname, 0) < 0)
        return -1;
    utf16_to_utf8(wname, len, method, sizeof method);
    snprintf(buf, size, "%s::%s", tname, method);
    return 0;
}

int names_method_token(cp_module_id module, cp_token token, char *buf, size_t size)
{
    char member[2 * NAME_MAX_BYTES], assembly[256];
    int from_image, rc;
    struct cp_md_import *imp = naming_import(module, &from_image);

    if (!imp)
        return -1;
    rc = method_name(imp, token, member, sizeof member);
    release_import(imp);
    if (rc < 0 && from_image) {
        /* A method added after load: only the runtime's metadata knows it. */
        imp = module_import(module);
        rc = imp ? method_name(imp, token, member, sizeof member) : -1;
        release_import(imp);
    }
    if (rc < 0 || names_module(module, NULL, 0, assembly, sizeof assembly) < 0)
        return -1;
    snprintf(buf, size, "%s!%s", assembly, member);
    return 0;
}

/*
 * FunctionID -> name, so that the events of a method already named (its
 * JITCompilationFinished, every JITInlining it takes part in) cost no
 * metadata lookups.  Open addressing; cleared when it fills up and at every
 * module unload (a FunctionID may be reused afterwards).
 */
#define NAME_CACHE_SLOTS 4096u

static struct name_slot {
    cp_function_id fid;
    char *name;
} name_cache[NAME_CACHE_SLOTS];
static size_t name_cache_used;
static pthread_mutex_t name_cache_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t name_slot_of(cp_function_id fid)
{
    uint64_t h = (uint64_t)fid * 0x9E3779B97F4A7C15u;

    return (size_t)(h >> 52) & (NAME_CACHE_SLOTS - 1);
}

static void name_cache_clear_locked(void)
{
    for (size_t i = 0; i < NAME_CACHE_SLOTS; i++) {
        free(name_cache[i].name);
        name_cache[i].name = NULL;
        name_cache[i].fid = 0;
    }
    name_cache_used = 0;
}

void names_cache_clear(void)
{
    pthread_mutex_lock(&name_cache_lock);
    name_cache_clear_locked();
    pthread_mutex_unlock(&name_cache_lock);
    module_cache_clear();
}

static int name_cache_get(cp_function_id fid, char *buf, size_t size)
{
    int found = 0;

    pthread_mutex_lock(&name_cache_lock);
    for (size_t i = name_slot_of(fid), n = 0; n < NAME_CACHE_SLOTS && name_cache[i].name; n++) {
        if (name_cache[i].fid == fid) {
            snprintf(buf, size, "%s", name_cache[i].name);
            found = 1;
            break;
        }
        i = (i + 1) & (NAME_CACHE_SLOTS - 1);
    }
    pthread_mutex_unlock(&name_cache_lock);
    return found;
}

static void name_cache_put(cp_function_id fid, const char *name)
{
    size_t i;

    pthread_mutex_lock(&name_cache_lock);
    if (name_cache_used >= NAME_CACHE_SLOTS / 4 * 3)
        name_cache_clear_locked();
    for (i = name_slot_of(fid); name_cache[i].name && name_cache[i].fid != fid; i = (i + 1) & (NAME_CACHE_SLOTS - 1))
        ;
    if (!name_cache[i].name) {
        name_cache[i].name = strdup(name);
        if (name_cache[i].name) {
            name_cache[i].fid = fid;
            name_cache_used++;
        }
    }
    pthread_mutex_unlock(&name_cache_lock);
}

int names_method(cp_function_id fid, char *buf, size_t size)
{
    cp_class_id cls = 0;
    cp_module_id mod = 0;
    cp_token tok = 0;

    if (name_cache_get(fid, buf, size))
        return 0;
    if (CP_FAILED(prof.info->vtbl->GetFunctionInfo(prof.info, fid, &cls, &mod, &tok)))
        return -1;
    if (names_method_token(mod, tok, buf, size) < 0)
        return -1;
    name_cache_put(fid, buf);
    return 0;
}

/*
 * 0 when the `only` filter cannot select anything of the module: its
 * assembly does not match the part of the glob before '!'.  Names hold a
 * single '!', so that part of the glob must match the assembly name alone.
 * Asking costs no metadata: opening a module's metadata
 * (GetModuleMetaData) makes the runtime switch the module to its
 * read-write metadata, which slows the runtime's own reading of it
 * afterwards — a cost worth avoiding for modules no event will name.
 */
static int module_may_match(cp_module_id module)
{
    char part[sizeof prof.only], assembly[256];
    const char *bang = strchr(prof.only, '!');

    if (!prof.only[0] || !bang)
        return 1;
    if (names_module(module, NULL, 0, assembly, sizeof assembly) < 0)
        return 1;
    snprintf(part, sizeof part, "%.*s", (int)(bang - prof.only), prof.only);
    return glob_match(part, assembly);
}

int names_method_selected(cp_function_id fid, char *buf, size_t size)
{
    cp_class_id cls = 0;
    cp_module_id mod = 0;
    cp_token tok = 0;

    if (name_cache_get(fid, buf, size))
        return names_selected(buf, 0);
    if (CP_FAILED(prof.info->vtbl->GetFunctionInfo(prof.info, fid, &cls, &mod, &tok)))
        return -1;
    if (!module_may_match(mod))
        return 0;
    if (names_method_token(mod, tok, buf, size) < 0)
        return -1;
    name_cache_put(fid, buf);
    return names_selected(buf, 0);
}

int names_class(cp_class_id cid, char *buf, size_t size)
{
    cp_module_id mod = 0;
    cp_token tok = 0;
    struct cp_md_import *imp;
    char tname[NAME_MAX_BYTES], assembly[256];
    int rc, from_image;

    if (CP_FAILED(prof.info->vtbl->GetClassIDInfo(prof.info, cid, &mod, &tok)) || tok == 0)
        return -1;
    imp = naming_import(mod, &from_image);
    if (!imp)
        return -1;
    rc = type_name(imp, tok, tname, sizeof tname, 0);
    release_import(imp);
    if (rc < 0 && from_image) {
        imp = module_import(mod);
        rc = imp ? type_name(imp, tok, tname, sizeof tname, 0) : -1;
        release_import(imp);
    }
    if (rc < 0 || names_module(mod, NULL, 0, assembly, sizeof assembly) < 0)
        return -1;
    snprintf(buf, size, "%s!%s", assembly, tname);
    return 0;
}

int names_selected(const char *name, int is_assembly)
{
    char part[sizeof prof.only];
    const char *bang;

    if (prof.only[0] == '\0')
        return 1;
    if (!name)
        return 0;
    if (!is_assembly)
        return glob_match(prof.only, name);
    bang = strchr(prof.only, '!');
    if (!bang)
        return glob_match(prof.only, name);
    snprintf(part, sizeof part, "%.*s", (int)(bang - prof.only), prof.only);
    return glob_match(part, name);
}

/* Finds "Ns.Outer+Inner" in one module's metadata. */
cp_hr names_find_type(struct cp_md_import *imp, const char *path, cp_token *out)
{
    char part[NAME_MAX_BYTES];
    cp_wchar wname[WNAME];
    cp_token enclosing = 0, type = 0;
    const char *p = path;

    for (;;) {
        const char *plus = strchr(p, '+');
        size_t n = plus ? (size_t)(plus - p) : strlen(p);
        cp_hr hr;

        if (n == 0 || n >= sizeof part)
            return CP_CLDB_E_RECORD_NOTFOUND;
        memcpy(part, p, n);
        part[n] = '\0';
        utf8_to_utf16(part, n, wname, WNAME);
        hr = imp->vtbl->FindTypeDefByName(imp, wname, enclosing, &type);
        if (hr != CP_S_OK)
            return CP_FAILED(hr) ? hr : CP_CLDB_E_RECORD_NOTFOUND;
        if (!plus)
            break;
        enclosing = type;
        p = plus + 1;
    }
    *out = type;
    return CP_S_OK;
}

int names_same_params(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (*a != *b)
            return 0;
        if (!*a)
            return 1;
        a++;
        b++;
    }
}

cp_hr names_find_method(struct cp_md_import *imp, cp_token type, const char *name, const char *sig,
                        cp_token *out, struct il_call_shape *shape, char *why, size_t why_size)
{
    cp_wchar wname[WNAME];
    cp_token methods[32];
    cp_ulong count = 0;
    cp_enum_handle h = NULL;
    char seen[NAME_MAX_BYTES] = "";
    cp_hr hr;

    utf8_to_utf16(name, strlen(name), wname, WNAME);
    hr = imp->vtbl->EnumMethodsWithName(imp, &h, type, wname, methods, 32, &count);
    if (h)
        imp->vtbl->CloseEnum(imp, h);
    if (CP_FAILED(hr))
        return hr;
    for (cp_ulong i = 0; i < count; i++) {
        cp_sig blob = NULL;
        cp_ulong blob_len = 0;
        char params[NAME_MAX_BYTES];
        struct il_call_shape sh = {0, 0, 0};

        if (CP_FAILED(imp->vtbl->GetMethodProps(imp, methods[i], NULL, NULL, 0, NULL, NULL, &blob, &blob_len, NULL,
                                                NULL)) ||
            sig_describe(imp, blob, blob_len, params, sizeof params, &sh) < 0)
            continue;
        if (sig && !names_same_params(params, sig)) {
            size_t n = strlen(seen);
            snprintf(seen + n, sizeof seen - n, "%s%s", n ? " " : "", params);
            continue;
        }
        *out = methods[i];
        if (shape)
            *shape = sh;
        if (!sig && count > 1)
            snprintf(why, why_size, "overloaded: the first definition was taken; name one with its signature, e.g. %s%s",
                     name, params);
        return CP_S_OK;
    }
    if (count == 0)
        snprintf(why, why_size, "no method '%s'", name);
    else
        snprintf(why, why_size, "no overload of '%s' has the signature %s (there are: %s)", name, sig, seen);
    return CP_CLDB_E_RECORD_NOTFOUND;
}

int names_split(const char *full, struct member_name *out)
{
    const char *bang = strchr(full, '!');
    const char *colons = bang ? strstr(bang, "::") : NULL;
    const char *paren;

    memset(out, 0, sizeof *out);
    if (!bang || !colons || bang == full || colons == bang + 1 || colons[2] == '\0')
        return -1;
    paren = strchr(colons + 2, '(');
    if ((size_t)(bang - full) >= sizeof out->assembly || (size_t)(colons - bang - 1) >= sizeof out->type)
        return -1;
    snprintf(out->assembly, sizeof out->assembly, "%.*s", (int)(bang - full), full);
    snprintf(out->type, sizeof out->type, "%.*s", (int)(colons - bang - 1), bang + 1);
    if (paren) {
        if ((size_t)(paren - colons - 2) >= sizeof out->member || strlen(paren) >= sizeof out->sig ||
            paren[strlen(paren) - 1] != ')')
            return -1;
        snprintf(out->member, sizeof out->member, "%.*s", (int)(paren - colons - 2), colons + 2);
        snprintf(out->sig, sizeof out->sig, "%s", paren);
        out->has_sig = 1;
    } else {
        if (strlen(colons + 2) >= sizeof out->member)
            return -1;
        snprintf(out->member, sizeof out->member, "%s", colons + 2);
    }
    return out->member[0] ? 0 : -1;
}

cp_hr names_resolve(const char *method, cp_module_id *module, cp_token *token, char *why, size_t why_size)
{
    struct member_name mn;
    struct cp_module_enum *en = NULL;
    cp_module_id ids[64];
    cp_ulong fetched = 0;
    cp_hr result = CP_CLDB_E_RECORD_NOTFOUND;
    int saw_assembly = 0;
    cp_hr hr;

    if (names_split(method, &mn) < 0) {
        snprintf(why, why_size, "not of the form Assembly!Namespace.Type::Method or ...::Method(signature)");
        return CP_E_INVALIDARG;
    }
    hr = prof.info->vtbl->EnumModules(prof.info, &en);
    if (CP_FAILED(hr) || !en) {
        snprintf(why, why_size, "EnumModules failed");
        return CP_FAILED(hr) ? hr : CP_E_FAIL;
    }
    snprintf(why, why_size, "no loaded module of assembly '%s'", mn.assembly);
    while (result != CP_S_OK && CP_SUCCEEDED(en->vtbl->Next(en, 64, ids, &fetched)) && fetched > 0) {
        for (cp_ulong i = 0; i < fetched && result != CP_S_OK; i++) {
            char asm_name[256];
            struct cp_md_import *imp;
            cp_token tdef = 0;

            if (names_module(ids[i], NULL, 0, asm_name, sizeof asm_name) < 0 || strcmp(asm_name, mn.assembly) != 0)
                continue;
            saw_assembly = 1;
            imp = module_import(ids[i]);
            if (!imp)
                continue;
            hr = names_find_type(imp, mn.type, &tdef);
            if (hr != CP_S_OK) {
                snprintf(why, why_size, "no type '%s' in assembly '%s'", mn.type, mn.assembly);
                result = hr;
            } else {
                why[0] = '\0';
                result = names_find_method(imp, tdef, mn.member, mn.has_sig ? mn.sig : NULL, token, NULL, why,
                                           why_size);
                if (result == CP_S_OK)
                    *module = ids[i];
            }
            release_import(imp);
        }
        if (fetched < 64)
            break;
    }
    en->vtbl->Release(en);
    if (!saw_assembly)
        return CP_CLDB_E_RECORD_NOTFOUND;
    return result;
}
