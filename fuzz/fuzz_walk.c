/* fuzz_walk.c - the directory walk that finds case files (engine/suite.c)
 * over trees the input builds: directories, case files and symbolic links
 * that lead back up (cycles), sideways or nowhere.  The walk must end, list
 * no file twice and no id twice.
 *
 * Each pair of input bytes is one step: (op % 5, n % 6) makes directory
 * dN, file fN.xml, a link lN to one of ".", "..", "../..", "dN", "gone"
 * (never above the tree's root), goes into dN, or goes back up. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ftw.h>

#include "engine/suite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char root[] = "/dev/shm/profcheck-fuzzwalk-XXXXXX", cwd[PATH_MAX], path[PATH_MAX + 32];
    char *paths[1] = {root};
    struct case_list list;
    struct err e;
    int depth = 0, files = 0;

    if (size > 64 || !mkdtemp(root))
        return 0;
    snprintf(cwd, sizeof cwd, "%s", root);
    for (size_t i = 0; i + 1 < size; i += 2) {
        int op = data[i] % 5, n = data[i + 1] % 6;

        switch (op) {
        case 0:
            snprintf(path, sizeof path, "%s/d%d", cwd, n);
            mkdir(path, 0700);
            break;
        case 1:
            snprintf(path, sizeof path, "%s/f%d.xml", cwd, n);
            if (access(path, F_OK) != 0) {
                FILE *f = fopen(path, "w");
                if (f) {
                    fclose(f);
                    files++;
                }
            }
            break;
        case 2: {
            const char *targets[] = {".", "..", "../..", "d0", "d1", "gone"};
            int t = n;
            if ((t == 1 && depth < 1) || (t == 2 && depth < 2))
                t = 0; /* never above the root */
            snprintf(path, sizeof path, "%s/l%d", cwd, data[i + 1] % 3);
            symlink(targets[t], path);
            break;
        }
        case 3: {
            struct stat st;
            snprintf(path, sizeof path, "%s/d%d", cwd, n);
            if (depth < 8 && lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
                snprintf(cwd, sizeof cwd, "%s", path);
                depth++;
            }
            break;
        }
        default:
            if (depth > 0) {
                *strrchr(cwd, '/') = '\0';
                depth--;
            }
            break;
        }
    }
    err_init(&e);
    if (suite_collect(paths, 1, &list, &e) == 0) {
        /* Each file at most once... */
        if ((int)list.len > files)
            abort();
        /* ...and no id twice (the list is sorted by id). */
        for (size_t i = 1; i < list.len; i++)
            if (strcmp(list.v[i - 1].id, list.v[i].id) == 0)
                abort();
        case_list_release(&list);
    }
    nftw(root, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    return 0;
}
