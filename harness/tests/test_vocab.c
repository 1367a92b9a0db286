/*
 * test_vocab.c - the names case files may use and the names the reference
 * profiler sends must be the same lists: a field the profiler sends but
 * `validate` refuses would be unusable, and a name `validate` accepts but
 * the profiler never sends would make a <not> check pass vacuously.
 * Every C source of the profiler is read for the names it emits.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <CUnit/CUnit.h>

#include "model/vocab.h"
#include "util/strbuf.h"

void test_register(void);

/* Appends every C source under dir (recursively, sorted by readdir) to sb. */
static int add_sources(const char *dir, struct strbuf *sb)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int rc = 0;

    if (!d)
        return -1;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        char path[4096], buf[4096];
        size_t len = strlen(de->d_name), n;
        struct stat st;
        FILE *f;

        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (lstat(path, &st) < 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            rc = add_sources(path, sb);
            continue;
        }
        if (!S_ISREG(st.st_mode) || len < 2 || strcmp(de->d_name + len - 2, ".c") != 0)
            continue;
        if (!(f = fopen(path, "r")))
            rc = -1;
        while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
            strbuf_add(sb, buf, n);
        if (f)
            fclose(f);
        strbuf_adds(sb, "\n");
    }
    closedir(d);
    return rc;
}

/* Every C source of the reference profiler, one after the other. */
static char *profiler_sources(void)
{
    struct strbuf sb = STRBUF_INIT;
    char root[4096];

    snprintf(root, sizeof root, "%s/profiler_under_test", PROFCHECK_SOURCE_DIR);
    if (add_sources(root, &sb) < 0) {
        strbuf_release(&sb);
        return NULL;
    }
    return strbuf_detach(&sb);
}

/* Calls `fn(&em, "name"` (or `fn("name"`) in text: each quoted name to visit. */
static void each_literal_after(const char *text, const char *call, void (*visit)(const char *, void *), void *data)
{
    for (const char *p = strstr(text, call); p; p = strstr(p + 1, call)) {
        const char *q = strchr(p, '"');
        const char *end = q ? strchr(q + 1, '"') : NULL;
        const char *paren_end = strchr(p, ')');
        char name[128];

        if (!q || !end || (paren_end && q > paren_end) || (size_t)(end - q - 1) >= sizeof name)
            continue;
        memcpy(name, q + 1, (size_t)(end - q - 1));
        name[end - q - 1] = '\0';
        visit(name, data);
    }
}

static void check_field(const char *name, void *data)
{
    size_t *count = data;

    (*count)++;
    if (!vocab_is_field(name)) {
        fprintf(stderr, "\n    the profiler sends field '%s', which case files may not name", name);
        CU_FAIL("field missing from vocab_fields");
    }
}

static void check_event(const char *name, void *data)
{
    size_t *count = data;

    (*count)++;
    if (!vocab_is_event(name)) {
        fprintf(stderr, "\n    the profiler sends event '%s', which case files may not name", name);
        CU_FAIL("event missing from vocab_events");
    }
}

static void test_profiler_names_are_known(void)
{
    size_t fields = 0, events = 0;
    char *text = profiler_sources();

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    each_literal_after(text, "emit_u64(", check_field, &fields);
    each_literal_after(text, "emit_hr(", check_field, &fields);
    each_literal_after(text, "emit_str(", check_field, &fields);
    each_literal_after(text, "wire_put_u64(&em->w,", check_field, &fields);
    each_literal_after(text, "wire_put_str(&em->w,", check_field, &fields);
    each_literal_after(text, "emit_begin(&em,", check_event, &events);
    each_literal_after(text, "emit_module(", check_event, &events);
    each_literal_after(text, "begin_function(&em,", check_event, &events);
    free(text);
    /* The scan itself must have found the calls. */
    CU_ASSERT_TRUE(fields >= 20);
    CU_ASSERT_TRUE(events >= 15);
}

static void test_known_events_are_sent(void)
{
    char *all = profiler_sources();

    CU_ASSERT_PTR_NOT_NULL_FATAL(all);
    for (const char *const *e = vocab_events; *e; e++) {
        char quoted[160];
        snprintf(quoted, sizeof quoted, "\"%s\"", *e);
        if (!strstr(all, quoted)) {
            fprintf(stderr, "\n    case files may name event '%s', which the profiler never sends", *e);
            CU_FAIL("event in vocab_events is never sent");
        }
    }
    free(all);
}

static void test_groups(void)
{
    /* Every event a group brings is a known event. */
    for (const struct event_group *g = vocab_groups; g->name; g++) {
        char copy[512];
        snprintf(copy, sizeof copy, "%s", g->events);
        for (char *save = NULL, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
            CU_ASSERT_TRUE(vocab_is_event(w));
        CU_ASSERT_TRUE(g->mask != 0 || g->mask_high != 0);
    }
    CU_ASSERT_PTR_NOT_NULL(vocab_group("jit"));
    CU_ASSERT_EQUAL(vocab_group("jit")->mask, 0x20u);
    CU_ASSERT_EQUAL(vocab_group("rejit")->mask, 0x40000u);
    CU_ASSERT_PTR_NULL(vocab_group("JIT"));
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("vocab", NULL, NULL);

    CU_add_test(s, "profiler_names_are_known", test_profiler_names_are_known);
    CU_add_test(s, "known_events_are_sent", test_known_events_are_sent);
    CU_add_test(s, "groups", test_groups);
}
