#include "runtime.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void runtime_set_init(struct runtime_set *s)
{
    memset(s, 0, sizeof *s);
}

void runtime_set_release(struct runtime_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].name);
        free(s->v[i].version);
        free(s->v[i].tfm);
        free(s->v[i].fixtures_dir);
    }
    free(s->v);
    runtime_set_init(s);
}

static int dup_or_null(char **dst, const char *src)
{
    *dst = src ? strdup(src) : NULL;
    return src && !*dst ? -1 : 0;
}

int runtime_set_add(struct runtime_set *s, const char *name, const char *version, const char *tfm,
                    const char *fixtures_dir)
{
    struct runtime_target *v = realloc(s->v, (s->n + 1) * sizeof *v);
    struct runtime_target *t;

    if (!v)
        return -1;
    s->v = v;
    t = &v[s->n];
    memset(t, 0, sizeof *t);
    s->n++; /* counted now, so that runtime_set_release frees what was copied */
    if (dup_or_null(&t->name, name) < 0 || dup_or_null(&t->version, version) < 0 || dup_or_null(&t->tfm, tfm) < 0 ||
        dup_or_null(&t->fixtures_dir, fixtures_dir) < 0)
        return -1;
    return 0;
}

/* "10.0" > "9.0" > "8.0", component by component. */
static int newer(const char *a, const char *b)
{
    while (*a || *b) {
        long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);

        if (x != y)
            return x > y;
        a += *a == '.';
        b += *b == '.';
        if ((*a && !isdigit((unsigned char)*a)) || (*b && !isdigit((unsigned char)*b)))
            break;
    }
    return 0;
}

size_t runtime_set_newest(const struct runtime_set *s)
{
    size_t best = 0;

    for (size_t i = 1; i < s->n; i++)
        if (newer(s->v[i].name ? s->v[i].name : "", s->v[best].name ? s->v[best].name : ""))
            best = i;
    return best;
}

size_t runtime_label_strip(const char *id, const char *label)
{
    size_t n = strlen(id), k = label ? strlen(label) : 0;

    if (!label || n < k + 3 || id[n - 1] != ']' || strncmp(id + n - k - 1, label, k) != 0 ||
        strncmp(id + n - k - 3, " [", 2) != 0)
        return n;
    return n - k - 3;
}

int runtime_label_find(const char *name, size_t *id_len, const char **label, size_t *label_len)
{
    size_t n = strlen(name);
    const char *open;

    if (n < 8 || name[n - 1] != ']')
        return 0;
    open = name + n - 1;
    while (open > name && open[-1] != '[')
        open--;
    if (open - name < 3 || open[-2] != ' ' || strncmp(open, "net", 3) != 0 || !isdigit((unsigned char)open[3]))
        return 0;
    for (const char *p = open; p < name + n - 1; p++)
        if (!isalnum((unsigned char)*p) && *p != '.')
            return 0;
    *id_len = (size_t)(open - 2 - name);
    *label = open;
    *label_len = (size_t)(name + n - 1 - open);
    return 1;
}
