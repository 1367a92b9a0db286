#include "verdict.h"

#include <stdlib.h>
#include <string.h>

#include "text/glob.h"
#include "../util/strbuf.h"

int verdict_retryable(const struct case_def *c, enum verdict v)
{
    if (v != VERDICT_FAIL && v != VERDICT_ERROR && v != VERDICT_TIMEOUT)
        return 0;
    /* An expected failure is not retried: a known issue, or a self-test
     * that requires a failure. */
    if (c->known.ref)
        return 0;
    return !c->selftest.present || c->selftest.verdict == VERDICT_PASS;
}

int verdict_keep_attempt(struct result *holder, struct result *failed)
{
    struct attempt *v = realloc(holder->attempts, (holder->nattempts + 1) * sizeof *v);

    if (!v) {
        result_release(failed);
        return -1;
    }
    holder->attempts = v;
    v[holder->nattempts].verdict = failed->verdict;
    v[holder->nattempts].seconds = failed->seconds;
    v[holder->nattempts].message = failed->message;
    v[holder->nattempts].details = failed->details;
    holder->nattempts++;
    failed->message = NULL;
    failed->details = NULL;
    result_release(failed);
    return 0;
}

static int set_message(struct result *r, struct strbuf *sb)
{
    free(r->message);
    r->message = strbuf_detach(sb);
    return r->message ? 0 : -1;
}

static int append_details(struct result *r, const char *text)
{
    struct strbuf sb = STRBUF_INIT;

    if (strbuf_adds(&sb, r->details ? r->details : "") < 0 || strbuf_adds(&sb, text) < 0) {
        strbuf_release(&sb);
        return -1;
    }
    free(r->details);
    r->details = strbuf_detach(&sb);
    return r->details ? 0 : -1;
}

static int apply_flaky(struct result *r)
{
    struct strbuf sb = STRBUF_INIT;

    if (r->verdict != VERDICT_PASS || r->nattempts == 0)
        return 0;
    if (strbuf_addf(&sb, "flaky: passed on attempt %zu of %zu after: %s", r->nattempts + 1, r->nattempts + 1,
                    r->attempts[r->nattempts - 1].message ? r->attempts[r->nattempts - 1].message : "a failure") < 0) {
        strbuf_release(&sb);
        return -1;
    }
    return set_message(r, &sb);
}

static int apply_known_issue(const struct case_def *c, struct result *r)
{
    const struct known_issue *k = &c->known;
    struct strbuf sb = STRBUF_INIT;
    const char *inner = r->message ? r->message : "";
    int rc;

    if (!k->ref || (r->verdict != VERDICT_PASS && r->verdict != VERDICT_FAIL && r->verdict != VERDICT_TIMEOUT))
        return 0;
    if (r->verdict == VERDICT_PASS && k->intermittent) {
        /* A race that did not happen this time: a pass, and the record
         * says the issue was not seen. */
        rc = result_add_prop(r, "known-issue-not-seen", "%s", k->ref);
        strbuf_release(&sb);
        return rc;
    }
    if (r->verdict == VERDICT_PASS) {
        r->verdict = VERDICT_XPASS;
        rc = strbuf_addf(&sb,
                         "%s: passed, but is marked as known issue %s; if the runtime no longer has it, remove the "
                         "mark (or narrow its when=)",
                         c->path, k->ref);
    } else {
        r->verdict = VERDICT_XFAIL;
        /* A passing test case in JUnit: the reason travels as a property. */
        rc = result_add_prop(r, "xfail", "%s", inner);
        if (rc == 0)
            rc = strbuf_addf(&sb, "known issue %s: %s", k->ref, inner);
    }
    if (rc == 0)
        rc = result_add_prop(r, "known-issue", "%s", k->ref);
    if (rc == 0)
        return set_message(r, &sb);
    strbuf_release(&sb);
    return -1;
}

/* 1 when message contains reason, in which '*' and '?' are wildcards (so
 * that a reason need not name figures --timeout-scale changes). */
static int reason_found(const char *message, const char *reason)
{
    struct strbuf pattern = STRBUF_INIT;
    int found;

    if (!glob_has_wildcard(reason))
        return strstr(message, reason) != NULL;
    if (strbuf_addf(&pattern, "*%s*", reason) < 0) {
        strbuf_release(&pattern);
        return 0;
    }
    found = glob_match(strbuf_str(&pattern), message);
    strbuf_release(&pattern);
    return found;
}

static int apply_selftest(const struct case_def *c, struct result *r)
{
    const struct selftest *st = &c->selftest;
    const char *inner = r->message ? r->message : "";
    struct strbuf sb = STRBUF_INIT;
    int rc;

    if (!st->present)
        return 0;
    if (r->verdict == st->verdict && (!st->reason || reason_found(inner, st->reason))) {
        rc = strbuf_addf(&sb, "selftest: the run came out %s as required: %s\n", verdict_name(r->verdict), inner);
        if (rc == 0)
            rc = append_details(r, strbuf_str(&sb));
        strbuf_release(&sb);
        r->verdict = VERDICT_PASS;
        free(r->message);
        r->message = NULL;
        return rc;
    }
    if (r->verdict != st->verdict)
        rc = strbuf_addf(&sb, "selftest: expected verdict %s, got %s%s%s", verdict_name(st->verdict),
                         verdict_name(r->verdict), inner[0] ? ": " : "", inner);
    else
        rc = strbuf_addf(&sb, "selftest: verdict %s as required, but the message lacks '%s': %s",
                         verdict_name(r->verdict), st->reason, inner);
    r->verdict = VERDICT_FAIL;
    if (rc < 0) {
        strbuf_release(&sb);
        return -1;
    }
    return set_message(r, &sb);
}

int verdict_finish(const struct case_def *c, struct result *r)
{
    /* A case cut short says nothing about the runtime or the harness. */
    if (r->interrupted)
        return 0;
    if (apply_flaky(r) < 0 || apply_known_issue(c, r) < 0 || apply_selftest(c, r) < 0)
        return -1;
    /* The event log is kept for what did not pass. */
    if (r->verdict == VERDICT_PASS)
        event_log_release(&r->events);
    return 0;
}
