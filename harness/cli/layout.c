#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Cuts the last component off path ("/a/b" -> "/a", "/a" -> "/"). */
static void cut_last(char *path)
{
    char *slash = strrchr(path, '/');

    if (!slash)
        snprintf(path, PATH_MAX, ".");
    else if (slash == path)
        path[1] = '\0';
    else
        *slash = '\0';
}

/* dir/name into out, without a doubled '/' after "/". */
static void join(char *out, const char *dir, const char *name)
{
    snprintf(out, PATH_MAX, "%.*s%s%s", PATH_MAX - 64, dir, strcmp(dir, "/") == 0 ? "" : "/", name);
}

/* The source tree named by BUILD/layout.txt ("source=DIR"); 0, or -1 when
 * build is not a build tree. */
static int read_build_marker(const char *build, char *source)
{
    char marker[PATH_MAX], line[PATH_MAX + 16];
    FILE *f;
    int rc = -1;

    join(marker, build, "layout.txt");
    f = fopen(marker, "r");
    if (!f)
        return -1;
    while (rc < 0 && fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");

        line[n] = '\0';
        if (strncmp(line, "source=", 7) == 0 && line[7] == '/') {
            snprintf(source, PATH_MAX, "%s", line + 7);
            rc = 0;
        }
    }
    fclose(f);
    return rc;
}

/* The data of a data directory (installed, or PROFCHECK_DATA_DIR). */
static void data_paths(struct cli_paths *p, const char *data, const char *from)
{
    snprintf(p->data, sizeof p->data, "%s", data);
    join(p->cases, data, "cases");
    join(p->fixtures, data, "fixtures");
    join(p->runtimes, data, "runtimes.txt");
    join(p->schemas, data, "schemas");
    p->dotnet[0] = '\0';
    p->data_from = from;
}

static void lib_paths(struct cli_paths *p, const char *lib, const char *agents, const char *from)
{
    snprintf(p->lib, sizeof p->lib, "%s", lib);
    join(p->profiler, lib, "libprofcheck_ref.so");
    snprintf(p->agents, sizeof p->agents, "%s", agents);
    p->lib_from = from;
}

void layout_detect(struct cli_paths *p, const char *exe, const char *data_dir, const char *lib_dir)
{
    char dir[PATH_MAX];

    memset(p, 0, sizeof *p);
    snprintf(p->exe, sizeof p->exe, "%s", exe ? exe : "");
    /* PREFIX/bin/profcheck or BUILD/bin/profcheck -> PREFIX or BUILD */
    if (p->exe[0] == '/') {
        snprintf(p->build, sizeof p->build, "%s", p->exe);
        cut_last(p->build);
        cut_last(p->build);
    } else {
        snprintf(p->build, sizeof p->build, ".");
    }
    if (read_build_marker(p->build, p->source) == 0) {
        p->layout = LAYOUT_BUILD;
        join(p->cases, p->source, "cases");
        join(p->fixtures, p->build, "fixtures");
        join(p->runtimes, p->build, "dotnet/runtimes.txt");
        join(p->schemas, p->source, "reports");
        join(p->dotnet, p->build, "dotnet/dotnet");
        join(p->reports, p->build, "reports");
        join(p->lib, p->build, "lib");
        join(p->profiler, p->build, "lib/libprofcheck_ref.so");
        join(p->agents, p->build, "agents");
        p->data_from = "build tree";
        p->lib_from = "build tree";
        p->hint = "run `make build`";
    } else {
        p->layout = LAYOUT_INSTALLED;
        join(dir, p->build, "share/profcheck");
        data_paths(p, dir, "installed");
        join(dir, p->build, "lib/profcheck");
        lib_paths(p, dir, dir, "installed");
        snprintf(p->reports, sizeof p->reports, "profcheck-reports");
        p->hint = "`profcheck paths` shows where profcheck looks";
    }
    if (data_dir && data_dir[0]) {
        data_paths(p, data_dir, "PROFCHECK_DATA_DIR");
        p->hint = "`profcheck paths` shows where profcheck looks";
    }
    if (lib_dir && lib_dir[0])
        lib_paths(p, lib_dir, lib_dir, "PROFCHECK_LIB_DIR");
}

void cli_paths_default(struct cli_paths *p)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

    if (n > 0)
        exe[n] = '\0';
    layout_detect(p, n > 0 ? exe : NULL, getenv("PROFCHECK_DATA_DIR"), getenv("PROFCHECK_LIB_DIR"));
}
