/*
 * unload.c - code that goes away: module and class unloads of collectible
 * assemblies, and dynamic methods (DynamicMethod, ICorProfilerCallback8/9).
 *
 * ModuleUnloadStarted marks the module unloaded in the profiler's list of
 * modules (core/modules.c), after which nothing asks the runtime about it
 * again.
 */

#include "features/features.h"

static cp_hr cb_ModuleUnloadStarted(struct cp_callback *self, cp_module_id mid)
{
    char file[NAME_MAX_BYTES] = "", assembly[256] = "";
    struct emit em;

    (void)self;
    /* The last moment the module may be asked about. */
    names_module(mid, file, sizeof file, assembly, sizeof assembly);
    modules_note_unloading(mid);
    names_cache_clear();
    if (prof_silent() || !names_selected(assembly, 1))
        return CP_S_OK;
    emit_begin(&em, "ModuleUnloadStarted");
    emit_u64(&em, "module-id", mid);
    emit_str(&em, "module", file);
    emit_str(&em, "assembly", assembly);
    emit_send(&em);
    return CP_S_OK;
}

static cp_hr cb_ModuleUnloadFinished(struct cp_callback *self, cp_module_id mid, cp_hr status)
{
    struct emit em;

    (void)self;
    if (prof_silent())
        return CP_S_OK;
    emit_begin(&em, "ModuleUnloadFinished");
    emit_u64(&em, "module-id", mid);
    emit_hr(&em, "hr", status);
    emit_send(&em);
    return CP_S_OK;
}

static cp_hr cb_ClassUnloadStarted(struct cp_callback *self, cp_class_id cid)
{
    char name[NAME_MAX_BYTES] = "";
    struct emit em;

    (void)self;
    if (prof_silent())
        return CP_S_OK;
    /* A class of a module whose unload has started is not named: its
     * module is no longer asked about.  Unnamed, it passes the filter. */
    names_class(cid, name, sizeof name);
    if (name[0] && !names_selected(name, 0))
        return CP_S_OK;
    emit_begin(&em, "ClassUnloadStarted");
    emit_u64(&em, "class-id", cid);
    emit_str(&em, "class", name);
    emit_send(&em);
    return CP_S_OK;
}

static cp_hr cb_ClassUnloadFinished(struct cp_callback *self, cp_class_id cid, cp_hr status)
{
    struct emit em;

    (void)self;
    if (prof_silent())
        return CP_S_OK; /* no name to filter on any more: always recorded */
    emit_begin(&em, "ClassUnloadFinished");
    emit_u64(&em, "class-id", cid);
    emit_hr(&em, "hr", status);
    emit_send(&em);
    return CP_S_OK;
}

/* IsFunctionDynamic (ICorProfilerInfo8), or -1 when it cannot be asked. */
static void emit_dynamic(struct emit *em, cp_function_id fid)
{
    cp_bool dynamic = 0;
    cp_hr hr;

    if (prof.info_version < 8)
        return;
    hr = prof.info->vtbl->IsFunctionDynamic(prof.info, fid, &dynamic);
    emit_hr(em, "dynamic-hr", hr);
    if (CP_SUCCEEDED(hr))
        emit_u64(em, "dynamic", dynamic ? 1 : 0);
}

static cp_hr cb_DynamicMethodJITCompilationStarted(struct cp_callback *self, cp_function_id fid, cp_bool safe,
                                                   const cp_byte *header, cp_ulong header_size)
{
    struct emit em;

    (void)self;
    (void)header;
    if (prof_silent())
        return CP_S_OK;
    emit_begin(&em, "DynamicMethodJITCompilationStarted");
    emit_u64(&em, "function-id", fid);
    emit_u64(&em, "il-size", header_size);
    emit_u64(&em, "safe-to-block", safe ? 1 : 0);
    emit_dynamic(&em, fid);
    emit_send(&em);
    return CP_S_OK;
}

static cp_hr cb_DynamicMethodJITCompilationFinished(struct cp_callback *self, cp_function_id fid, cp_hr status,
                                                    cp_bool safe)
{
    struct emit em;

    (void)self;
    if (prof_silent())
        return CP_S_OK;
    emit_begin(&em, "DynamicMethodJITCompilationFinished");
    emit_u64(&em, "function-id", fid);
    emit_hr(&em, "hr", status);
    emit_u64(&em, "safe-to-block", safe ? 1 : 0);
    emit_send(&em);
    return CP_S_OK;
}

static cp_hr cb_DynamicMethodUnloaded(struct cp_callback *self, cp_function_id fid)
{
    struct emit em;

    (void)self;
    if (prof_silent())
        return CP_S_OK;
    emit_begin(&em, "DynamicMethodUnloaded");
    emit_u64(&em, "function-id", fid);
    emit_send(&em);
    return CP_S_OK;
}

void unload_setup(struct cp_callback_vtbl *vtbl)
{
    vtbl->ModuleUnloadStarted = cb_ModuleUnloadStarted;
    vtbl->ModuleUnloadFinished = cb_ModuleUnloadFinished;
    vtbl->ClassUnloadStarted = cb_ClassUnloadStarted;
    vtbl->ClassUnloadFinished = cb_ClassUnloadFinished;
    vtbl->DynamicMethodJITCompilationStarted = cb_DynamicMethodJITCompilationStarted;
    vtbl->DynamicMethodJITCompilationFinished = cb_DynamicMethodJITCompilationFinished;
    vtbl->DynamicMethodUnloaded = cb_DynamicMethodUnloaded;
}
