/*
 * image.c - a module's metadata read from its loaded image, for naming.
 *
 * ICorProfilerInfo::GetModuleMetaData hands out the module's read-write
 * importer even for ofRead, which switches the module's metadata to its
 * read-write form and slows the runtime's own reads of it from then on
 * (docs/performance.md).  To name methods and classes the profiler does not
 * need that: the metadata is in the module's image (PE headers, the CLI
 * header, the metadata root), and the runtime's exported metadata dispenser
 * opens a read-only scope on those bytes in place.  Dynamic modules have no
 * image; names.c falls back to GetModuleMetaData for them, and for tokens
 * the image does not know (metadata added after load).
 */
#include <dlfcn.h>
#include <string.h>

#include "pe/pe.h"
#include "core/core.h"

typedef cp_hr (*get_dispenser_fn)(const struct cp_guid *clsid, const struct cp_guid *iid, void **out);

static pthread_once_t dispenser_once = PTHREAD_ONCE_INIT;
static struct cp_md_dispenser_ex *dispenser_found;

static void dispenser_find(void)
{
    void *coreclr = dlopen("libcoreclr.so", RTLD_NOW | RTLD_NOLOAD);
    get_dispenser_fn get;
    void *p = NULL;

    if (!coreclr)
        return;
    *(void **)&get = dlsym(coreclr, "MetaDataGetDispenser");
    if (get && CP_SUCCEEDED(get(&cp_clsid_CorMetaDataDispenser, &cp_iid_IMetaDataDispenser, &p)) && p)
        dispenser_found = p;
    /* The runtime stays loaded as long as the profiler: the handle is kept. */
}

struct cp_md_import *image_import(cp_module_id module)
{
    const cp_byte *base = NULL;
    cp_ulong len = 0, flags = 0;
    uint32_t md_size = 0;
    cp_assembly_id assembly = 0;
    struct cp_unknown *unk = NULL;
    const void *md = NULL;

    pthread_once(&dispenser_once, dispenser_find);
    if (!dispenser_found || prof.info_version < 3 ||
        CP_FAILED(prof.info->vtbl->GetModuleInfo2(prof.info, module, &base, 0, &len, NULL, &assembly, &flags)) ||
        (flags & (COR_PRF_MODULE_DYNAMIC | COR_PRF_MODULE_RESOURCE)) ||
        pe_metadata(base, 0, (flags & COR_PRF_MODULE_FLAT_LAYOUT) != 0, &md, &md_size) < 0)
        return NULL;
    if (CP_FAILED(dispenser_found->vtbl->OpenScopeOnMemory(dispenser_found, md, md_size, ofReadOnly,
                                                           &cp_iid_IMetaDataImport, &unk)) ||
        !unk)
        return NULL;
    return (struct cp_md_import *)unk;
}
