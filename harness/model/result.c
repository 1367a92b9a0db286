#include "result.h"

#include <stdlib.h>
#include <string.h>

void result_init(struct result *r)
{
    memset(r, 0, sizeof *r);
}

void result_release(struct result *r)
{
    free(r->id);
    free(r->area);
    free(r->message);
    free(r->details);
    free(r->stdout_text);
    free(r->stderr_text);
    free(r->runtime_version);
    for (size_t i = 0; i < r->nprops; i++) {
        free(r->props[i].name);
        free(r->props[i].value);
    }
    free(r->props);
    result_init(r);
}

static const char *const verdict_names[] = {"PASS", "FAIL", "ERROR", "TIMEOUT", "SKIP", "XFAIL", "XPASS"};
static const char *const verdict_words[] = {"pass", "fail", "error", "timeout", "skip", "xfail", "xpass"};

const char *verdict_name(enum verdict v)
{
    return (unsigned)v < sizeof verdict_names / sizeof *verdict_names ? verdict_names[v] : "?";
}

int verdict_parse(const char *text, enum verdict *out)
{
    for (size_t i = 0; i < sizeof verdict_words / sizeof *verdict_words; i++) {
        if (strcmp(text, verdict_words[i]) == 0) {
            *out = (enum verdict)i;
            return 0;
        }
    }
    return -1;
}

void tally_add(struct tally *t, enum verdict v)
{
    switch (v) {
    case VERDICT_PASS:
    case VERDICT_XFAIL:
        t->passed++;
        break;
    case VERDICT_SKIP:
        t->skipped++;
        break;
    default:
        t->failed++;
        break;
    }
}
