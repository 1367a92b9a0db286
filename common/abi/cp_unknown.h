/*
 * cp_unknown.h - the two COM interfaces every profiler meets first:
 * IUnknown (slots 0-2 of every interface) and IClassFactory, which the
 * runtime obtains from DllGetClassObject to create the profiler.
 */
#ifndef PROFCHECK_CP_UNKNOWN_H
#define PROFCHECK_CP_UNKNOWN_H

#include "cp_types.h"

struct cp_unknown;

struct cp_unknown_vtbl {
    cp_hr (*QueryInterface)(struct cp_unknown *self, const struct cp_guid *iid, void **out);
    cp_ulong (*AddRef)(struct cp_unknown *self);
    cp_ulong (*Release)(struct cp_unknown *self);
};

struct cp_unknown {
    const struct cp_unknown_vtbl *vtbl;
};

struct cp_class_factory;

struct cp_class_factory_vtbl {
    cp_hr (*QueryInterface)(struct cp_class_factory *self, const struct cp_guid *iid, void **out);
    cp_ulong (*AddRef)(struct cp_class_factory *self);
    cp_ulong (*Release)(struct cp_class_factory *self);
    cp_hr (*CreateInstance)(struct cp_class_factory *self, struct cp_unknown *outer,
                            const struct cp_guid *iid, void **out);
    cp_hr (*LockServer)(struct cp_class_factory *self, cp_bool lock);
};

struct cp_class_factory {
    const struct cp_class_factory_vtbl *vtbl;
};

extern const struct cp_guid cp_iid_IUnknown;
extern const struct cp_guid cp_iid_IClassFactory;

/* 1 when both GUIDs are the same. */
int cp_guid_equal(const struct cp_guid *a, const struct cp_guid *b);

#endif
