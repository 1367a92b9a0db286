#include "runtimes.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/strbuf.h"

/* The next tab-separated field of *p, cut in place; NULL at the end. */
static char *field(char **p)
{
    char *start = *p, *tab;

    if (!start)
        return NULL;
    tab = strchr(start, '\t');
    if (tab) {
        *tab = '\0';
        *p = tab + 1;
    } else {
        *p = NULL;
    }
    return start;
}

static int digits_and_dots(const char *s)
{
    if (!isdigit((unsigned char)*s))
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s) && *s != '.')
            return 0;
    return s[-1] != '.';
}

int runtimes_parse(const char *text, const char *source, const char *fixtures_root, struct runtime_set *out,
                   struct err *e)
{
    char *copy = strdup(text), *line, *save = NULL;
    int lineno = 0, rc = 0;

    runtime_set_init(out);
    out->labelled = 1;
    if (!copy)
        return err_set(e, "%s: out of memory", source);
    for (line = copy; line && rc == 0; line = save) {
        char *nl = strchr(line, '\n'), *rest = line, *name, *version, *tfm;
        char dir[4096];

        save = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        lineno++;
        if (nl && nl > line && nl[-1] == '\r')
            nl[-1] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        name = field(&rest);
        version = field(&rest);
        tfm = field(&rest);
        if (!name || !version || !tfm || !digits_and_dots(name) || !digits_and_dots(version) ||
            strncmp(tfm, "net", 3) != 0 || !digits_and_dots(tfm + 3)) {
            rc = err_set(e, "%s:%d: not \"RUNTIME<tab>VERSION<tab>TFM...\" (e.g. 8.0, 8.0.31, net8.0)", source, lineno);
            break;
        }
        for (size_t i = 0; i < out->n; i++)
            if (strcmp(out->v[i].name, name) == 0)
                rc = err_set(e, "%s:%d: runtime %s is listed twice", source, lineno, name);
        if (rc == 0 && (size_t)snprintf(dir, sizeof dir, "%s/%s", fixtures_root, tfm) >= sizeof dir)
            rc = err_set(e, "%s: the fixtures directory is too long", source);
        if (rc == 0 && runtime_set_add(out, name, version, tfm, dir) < 0)
            rc = err_set(e, "%s: out of memory", source);
    }
    free(copy);
    if (rc < 0)
        runtime_set_release(out);
    return rc;
}

int runtimes_read(const char *path, const char *fixtures_root, struct runtime_set *out, struct err *e)
{
    struct strbuf text = STRBUF_INIT;
    char buf[4096];
    FILE *f = fopen(path, "r");
    size_t n;
    int rc = 0;

    runtime_set_init(out);
    if (!f)
        return err_errno(e, "%s", path);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 && rc == 0)
        if (text.len + n > 1024 * 1024 || strbuf_add(&text, buf, n) < 0)
            rc = err_set(e, "%s: too large", path);
    if (rc == 0 && ferror(f))
        rc = err_errno(e, "%s", path);
    fclose(f);
    if (rc == 0)
        rc = runtimes_parse(strbuf_str(&text), path, fixtures_root, out, e);
    strbuf_release(&text);
    return rc;
}

int runtimes_word_ok(const char *word)
{
    if (strcmp(word, "all") == 0)
        return 1;
    if (strncmp(word, "net", 3) == 0)
        word += 3;
    return digits_and_dots(word);
}

/* 1 when word names target t: "8.0", "8" or "net8.0". */
static int names(const char *word, const struct runtime_target *t)
{
    size_t n = strlen(word);

    if (strcmp(word, t->name) == 0 || strcmp(word, t->tfm) == 0)
        return 1;
    return strncmp(word, t->name, n) == 0 && strcmp(t->name + n, ".0") == 0;
}

int runtimes_select(const struct runtime_set *all, const char *source, const char *advice, char *const *wanted,
                    size_t nwanted, struct runtime_set *out, struct err *e)
{
    unsigned char *pick = calloc(all->n ? all->n : 1, 1);
    struct strbuf missing = STRBUF_INIT, have = STRBUF_INIT, build = STRBUF_INIT;
    size_t nmissing = 0;
    int rc = 0;

    runtime_set_init(out);
    out->labelled = 1;
    if (!pick)
        return err_set(e, "out of memory");
    for (size_t w = 0; w < nwanted && rc == 0; w++) {
        char *copy = strdup(wanted[w]), *save = NULL;

        if (!copy) {
            rc = -1;
            break;
        }
        for (char *word = strtok_r(copy, ", ", &save); word && rc == 0; word = strtok_r(NULL, ", ", &save)) {
            int found = 0;

            for (size_t i = 0; i < all->n; i++) {
                if (strcmp(word, "all") == 0 || names(word, &all->v[i])) {
                    pick[i] = 1;
                    found = 1;
                }
            }
            if (!found) {
                const char *version = strncmp(word, "net", 3) == 0 ? word + 3 : word;

                rc = strbuf_addf(&missing, "%s%s", nmissing ? ", " : "", word) < 0 ? -1 : 0;
                if (rc == 0 && strbuf_addf(&build, ",%s%s", version, strchr(version, '.') ? "" : ".0") < 0)
                    rc = -1;
                nmissing++;
            }
        }
        free(copy);
    }
    for (size_t i = 0; i < all->n && rc == 0; i++) {
        if (strbuf_addf(&have, "%s%s", i ? ", " : "", all->v[i].name) < 0)
            rc = -1;
        if (pick[i] && !nmissing &&
            runtime_set_add(out, all->v[i].name, all->v[i].version, all->v[i].tfm, all->v[i].fixtures_dir) < 0)
            rc = -1;
    }
    if (rc < 0) {
        err_set(e, "out of memory");
    } else if (nmissing && advice) {
        rc = err_set(e, "%s %s %s not built: %s has %s; %s", nmissing == 1 ? "runtime" : "runtimes",
                     strbuf_str(&missing), nmissing == 1 ? "is" : "are", source, all->n ? strbuf_str(&have) : "none",
                     advice);
    } else if (nmissing) {
        struct strbuf list = STRBUF_INIT;

        for (size_t i = 0; i < all->n; i++)
            strbuf_addf(&list, "%s%s", i ? "," : "", all->v[i].name);
        rc = err_set(e, "%s %s %s not built: %s has %s; `make build RUNTIMES=%s%s` builds %s from the runtime packs the package registry serves",
                     nmissing == 1 ? "runtime" : "runtimes", strbuf_str(&missing), nmissing == 1 ? "is" : "are",
                     source, all->n ? strbuf_str(&have) : "none",
                     strbuf_str(&list), all->n ? strbuf_str(&build) : strbuf_str(&build) + 1,
                     nmissing == 1 ? "it" : "them");
        strbuf_release(&list);
    } else if (out->n == 0) {
        rc = err_set(e, "%s lists no runtime", source);
    }
    free(pick);
    strbuf_release(&missing);
    strbuf_release(&have);
    strbuf_release(&build);
    if (rc < 0)
        runtime_set_release(out);
    return rc;
}
