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
