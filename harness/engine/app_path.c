/*
 * app_path.c - where a case's app is (app_path.h).
 */
#include "app_path.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int app_path_fixture(const char *search, const char *name, char *dll, size_t size, char *looked, size_t looked_size)
{
    const char *p = search;
    size_t used = 0;
    int first = 1;

    if (looked && looked_size)
        looked[0] = '\0';
    while (p) {
        const char *start = p, *end = strchr(p, APP_PATH_SEP);
        int len = end ? (int)(end - p) : (int)strlen(p);
        char candidate[4096];

        p = end ? end + 1 : NULL;
        if (len == 0)
            continue;
        snprintf(candidate, sizeof candidate, "%.*s/%s/%s.dll", len, start, name, name);
        if (first)
            snprintf(dll, size, "%s", candidate);
        if (looked && used < looked_size) {
            int n = snprintf(looked + used, looked_size - used, "%s%s", first ? "" : ", ", candidate);
            used += n > 0 ? (size_t)n : 0;
        }
        first = 0;
        if (access(candidate, R_OK) == 0) {
            snprintf(dll, size, "%s", candidate);
            return 0;
        }
    }
    return -1;
}

int app_path_dll(const char *search, const struct case_def *c, char *dll, size_t size, char *looked,
                 size_t looked_size)
{
    if (c->app_dll) {
        snprintf(dll, size, "%s", c->app_dll);
        if (looked && looked_size)
            snprintf(looked, looked_size, "%s", c->app_dll);
        return access(dll, R_OK) == 0 ? 0 : -1;
    }
    return app_path_fixture(search, c->fixture, dll, size, looked, looked_size);
}

void app_path_runtimeconfig(const char *dll, char *out, size_t size)
{
    size_t len = strlen(dll);

    if (len > 4 && strcmp(dll + len - 4, ".dll") == 0)
        len -= 4;
    snprintf(out, size, "%.*s.runtimeconfig.json", (int)len, dll);
}
