#include "test_files.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/strbuf.h"

void test_print_escaped(const char *label, const char *s, size_t len)
{
    fprintf(stderr, "  %s (%zu bytes): \"", label, len);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
            fputc(c, stderr);
        else
            fprintf(stderr, "\\x%02x", c);
    }
    fputs("\"\n", stderr);
}

char *test_dup(const char *s)
{
    char *copy;

    if (!s)
        return NULL;
    copy = strdup(s);
    if (!copy)
        abort();
    return copy;
}

char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct strbuf sb = STRBUF_INIT;
    char chunk[4096];
    size_t got;

    *len = 0;
    if (!f)
        return NULL;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (strbuf_add(&sb, chunk, got) < 0)
            abort();
    fclose(f);
    *len = sb.len;
    if (!sb.buf)
        return strdup("");
    return strbuf_detach(&sb);
}

int test_write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok;

    if (!f)
        return -1;
    ok = fwrite(data, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    return ok ? 0 : -1;
}

int test_temp_dir(char *dir, size_t size)
{
    int n = snprintf(dir, size, "/tmp/profcheck-test-");

    /* mkdtemp replaces six trailing 'X' characters. */
    if (n < 0 || (size_t)n + 7 > size)
        return -1;
    for (int i = 0; i < 6; i++)
        dir[n + i] = 'X';
    dir[n + 6] = '\0';
    return mkdtemp(dir) ? 0 : -1;
}

int test_count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;

    if (!d)
        return -1;
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

void test_remove_tree(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *de;

    if (lstat(path, &st) < 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    d = opendir(path);
    if (d) {
        while ((de = readdir(d)) != NULL) {
            char child[4096];

            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            snprintf(child, sizeof child, "%s/%s", path, de->d_name);
            test_remove_tree(child);
        }
        closedir(d);
    }
    rmdir(path);
}

int test_matches_golden(const char *name, const char *doc, size_t len)
{
    char path[4096];
    const char *dump_dir = getenv("PROFCHECK_GOLDEN_OUT");
    size_t golden_len;
    char *golden;
    int same;

    snprintf(path, sizeof path, "%s/%s", PROFCHECK_TEST_DATA, name);
    golden = test_read_file(path, &golden_len);
    if (!golden) {
        fprintf(stderr, "\ncannot read the golden file %s\n", path);
        same = 0;
    } else {
        same = golden_len == len && memcmp(golden, doc, len) == 0;
        if (!same) {
            size_t at = 0;

            while (at < len && at < golden_len && golden[at] == doc[at])
                at++;
            fprintf(stderr, "\n%s: rendered document differs from the golden file at byte %zu\n", path, at);
        }
    }
    if (!same && dump_dir && *dump_dir) {
        snprintf(path, sizeof path, "%s/%s", dump_dir, name);
        if (test_write_file(path, doc, len) == 0)
            fprintf(stderr, "rendered document written to %s\n", path);
    }
    free(golden);
    return same;
}
