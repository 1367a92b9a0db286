/*
 * tokens.c - metadata tokens kept under a name: a define with as="name"
 * keeps the token it made (features/metadata.c), and later defines and
 * the IL text of requests name it "$name" (features/rejit.c).  Per module,
 * at most SAVED_TOKENS_MAX, in prof under saved_lock.
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"

int tokens_find(cp_module_id module, const char *name, cp_token *out)
{
    int found = 0;

    pthread_mutex_lock(&prof.saved_lock);
    for (size_t i = 0; i < prof.nsaved && !found; i++) {
        if (prof.saved[i].module == module && strcmp(prof.saved[i].name, name) == 0) {
            *out = prof.saved[i].token;
            found = 1;
        }
    }
    pthread_mutex_unlock(&prof.saved_lock);
    return found ? 0 : -1;
}

void tokens_keep(cp_module_id module, const char *name, cp_token token)
{
    pthread_mutex_lock(&prof.saved_lock);
    for (size_t i = 0; i < prof.nsaved; i++) {
        if (prof.saved[i].module == module && strcmp(prof.saved[i].name, name) == 0) {
            prof.saved[i].token = token;
            pthread_mutex_unlock(&prof.saved_lock);
            return;
        }
    }
    if (prof.nsaved < SAVED_TOKENS_MAX) {
        prof.saved[prof.nsaved].module = module;
        snprintf(prof.saved[prof.nsaved].name, sizeof prof.saved[prof.nsaved].name, "%s", name);
        prof.saved[prof.nsaved++].token = token;
        pthread_mutex_unlock(&prof.saved_lock);
        return;
    }
    pthread_mutex_unlock(&prof.saved_lock);
    link_log("more than %d tokens kept with as=\"...\": '%s' is not kept", SAVED_TOKENS_MAX, name);
}
