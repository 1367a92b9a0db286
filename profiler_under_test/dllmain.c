/*
 * dllmain.c - how the runtime gets hold of the profiler: the exported
 * DllGetClassObject hands out a class factory for our CLSID, whose
 * CreateInstance gives the one callback object (or the proxy), and one for
 * the reference agent's CLSID (agent/ref_agent.c).  The top layer: it uses
 * the layers below and nothing uses it.
 */
#include <string.h>

#include "agent/agent.h"
#include "callback/callback.h"
#include "proxy/proxy.h"

#define EXPORT __attribute__((visibility("default")))

/* A static class factory whose CreateInstance calls create. */
struct ref_factory {
    struct cp_class_factory base;
    cp_hr (*create)(const struct cp_guid *iid, void **out);
};

/* PROFCHECK_REF_CLSID_TEXT */
static const struct cp_guid profcheck_ref_clsid = {
    0xD44BE2FE, 0x5787, 0x48B9, {0xAD, 0xD7, 0xED, 0x24, 0x97, 0xA9, 0xA7, 0x4A}};

static cp_hr factory_QueryInterface(struct cp_class_factory *self, const struct cp_guid *iid, void **out)
{
    if (!out)
        return CP_E_POINTER;
    if (cp_guid_equal(iid, &cp_iid_IUnknown) || cp_guid_equal(iid, &cp_iid_IClassFactory)) {
        *out = self;
        return CP_S_OK;
    }
    *out = NULL;
    return CP_E_NOINTERFACE;
}

/* The factory is static: reference counts do not matter. */
static cp_ulong factory_AddRef(struct cp_class_factory *self)
{
    (void)self;
    return 2;
}

static cp_ulong factory_Release(struct cp_class_factory *self)
{
    (void)self;
    return 1;
}

static cp_hr factory_CreateInstance(struct cp_class_factory *self, struct cp_unknown *outer,
                                    const struct cp_guid *iid, void **out)
{
    if (!out)
        return CP_E_POINTER;
    *out = NULL;
    if (outer)
        return CP_CLASS_E_NOAGGREGATION;
    return ((struct ref_factory *)self)->create(iid, out);
}

static cp_hr factory_LockServer(struct cp_class_factory *self, cp_bool lock)
{
    (void)self;
    (void)lock;
    return CP_S_OK;
}

static const struct cp_class_factory_vtbl factory_vtbl = {
    factory_QueryInterface, factory_AddRef, factory_Release, factory_CreateInstance, factory_LockServer,
};

/* The factory's IClassFactory (or IUnknown) for DllGetClassObject. */
static cp_hr ref_factory_get(struct ref_factory *f, const struct cp_guid *iid, void **out)
{
    f->base.vtbl = &factory_vtbl;
    return f->base.vtbl->QueryInterface(&f->base, iid, out);
}

/* The profiler's own object, or the proxy in front of an agent. */
static cp_hr create_profiler(const struct cp_guid *iid, void **out)
{
    if (proxy_wanted())
        return proxy_create(iid, out);
    if (!prof.callback.vtbl)
        callback_setup();
    return prof.callback.vtbl->QueryInterface(&prof.callback, iid, out);
}

static struct ref_factory profiler_factory = {{NULL}, create_profiler};
static struct ref_factory agent_factory = {{NULL}, ref_agent_create};

EXPORT cp_hr DllGetClassObject(const struct cp_guid *clsid, const struct cp_guid *iid, void **out)
{
    if (!out)
        return CP_E_POINTER;
    *out = NULL;
    if (cp_guid_equal(clsid, &profcheck_agent_clsid))
        return ref_factory_get(&agent_factory, iid, out);
    if (!cp_guid_equal(clsid, &profcheck_ref_clsid))
        return CP_CLASS_E_CLASSNOTAVAILABLE;
    return ref_factory_get(&profiler_factory, iid, out);
}

EXPORT cp_hr DllCanUnloadNow(void)
{
    /* Callbacks may still be under way on other threads: never unload. */
    return CP_S_FALSE;
}
