/*
 * run_runtime.c - which runtime the app loaded, seen from outside: the
 * directory of the libcoreclr.so mapped into it, which in a .NET root is
 * named after the version (shared/Microsoft.NETCore.App/8.0.31/).  A case
 * with a profiler has the version the profiler reported from inside; this
 * is for the apps without one (runner_internal.h).
 */
#include "runner_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOOKS_MAX 4 /* output lines that may come before the runtime is mapped (the host's own) */

/* The version directory of the libcoreclr.so in /proc/PID/maps, or NULL. */
static char *mapped_coreclr(pid_t pid)
{
    char path[64], line[4096];
    char *found = NULL;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
    f = fopen(path, "re");
    if (!f)
        return NULL;
    while (!found && fgets(line, sizeof line, f)) {
        char *lib = strstr(line, "/libcoreclr.so\n"), *dir;

        if (!lib)
            continue;
        *lib = '\0';
        dir = strrchr(line, '/');
        if (dir && dir[1] >= '0' && dir[1] <= '9')
            found = strdup(dir + 1);
    }
    fclose(f);
    return found;
}

void run_note_runtime(struct run *r)
{
    size_t lines = capture_end_line(&r->out[STREAM_STDOUT]) + capture_end_line(&r->out[STREAM_STDERR]) +
                   capture_end_line(&r->out[STREAM_REPLIES]);

    /* Once the app has written a line its runtime is usually loaded
     * (fixtures answer "ready" from managed code, on their reply channel
     * when they have one); looked at a few times at
     * most, while the app is still there to look at. */
    if (r->runtime_version || r->mapped_runtime || r->proc.pid <= 0 || r->proc.exited || lines == r->runtime_lines ||
        r->runtime_looks >= LOOKS_MAX)
        return;
    r->runtime_lines = lines;
    r->runtime_looks++;
    r->mapped_runtime = mapped_coreclr(r->proc.pid);
    if (r->mapped_runtime)
        run_trace(r, "the app runs on runtime %s (the libcoreclr.so it mapped)", r->mapped_runtime);
}
