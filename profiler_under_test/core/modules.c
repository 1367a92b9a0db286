/*
 * modules.c - every module the profiler has seen, with its assembly name.
 *
 * From ModuleUnloadStarted on (features/unload.c), a module is marked
 * unloaded, and nothing in the profiler asks the runtime about it again
 * (modules_is_unloaded guards every metadata and module-info call); a
 * request that names the assembly by raw token afterwards is made with the
 * remembered ModuleID, untouched.
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"

#define MODULES_MAX 512

static struct seen_module {
    cp_module_id id;
    char assembly[256];
    int unloaded;
} modules[MODULES_MAX];
static size_t nmodules;
static pthread_mutex_t modules_lock = PTHREAD_MUTEX_INITIALIZER;

void modules_note_loaded(cp_module_id id, const char *assembly)
{
    pthread_mutex_lock(&modules_lock);
    for (size_t i = 0; i < nmodules; i++) {
        if (modules[i].id == id) {
            /* An id the runtime reuses after an unload is a new module. */
            snprintf(modules[i].assembly, sizeof modules[i].assembly, "%s", assembly);
            modules[i].unloaded = 0;
            pthread_mutex_unlock(&modules_lock);
            return;
        }
    }
    if (nmodules < MODULES_MAX) {
        modules[nmodules].id = id;
        snprintf(modules[nmodules].assembly, sizeof modules[nmodules].assembly, "%s", assembly);
        modules[nmodules++].unloaded = 0;
    }
    pthread_mutex_unlock(&modules_lock);
}

void modules_note_unloading(cp_module_id id)
{
    pthread_mutex_lock(&modules_lock);
    for (size_t i = 0; i < nmodules; i++)
        if (modules[i].id == id)
            modules[i].unloaded = 1;
    pthread_mutex_unlock(&modules_lock);
}

int modules_is_unloaded(cp_module_id id)
{
    int unloaded = 0;

    pthread_mutex_lock(&modules_lock);
    for (size_t i = 0; i < nmodules && !unloaded; i++)
        unloaded = modules[i].id == id && modules[i].unloaded;
    pthread_mutex_unlock(&modules_lock);
    return unloaded;
}

cp_module_id modules_unloaded_of(const char *assembly)
{
    cp_module_id found = 0;

    pthread_mutex_lock(&modules_lock);
    for (size_t i = 0; i < nmodules; i++)
        if (modules[i].unloaded && strcmp(modules[i].assembly, assembly) == 0)
            found = modules[i].id; /* the latest */
    pthread_mutex_unlock(&modules_lock);
    return found;
}
