#include "path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int path_search(const char *name, char *buf, size_t size)
{
    const char *path = getenv("PATH");

    while (path && *path) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);

        if (n > 0 && (size_t)snprintf(buf, size, "%.*s/%s", (int)n, path, name) < size && access(buf, X_OK) == 0)
            return 0;
        path += n + (colon ? 1 : 0);
    }
    if (size)
        buf[0] = '\0';
    return -1;
}

int path_absolute(const char *path, char *buf, size_t size)
{
    char cwd[4096];

    while (path[0] == '.' && path[1] == '/')
        path += 2;
    if (path[0] == '/')
        return (size_t)snprintf(buf, size, "%s", path) < size ? 0 : -1;
    if (!getcwd(cwd, sizeof cwd))
        return -1;
    return (size_t)snprintf(buf, size, "%s%s%s", cwd, strcmp(cwd, "/") == 0 ? "" : "/", path) < size ? 0 : -1;
}
