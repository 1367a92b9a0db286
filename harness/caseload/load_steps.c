/*
 * load_steps.c - <steps>: wait, send, resolve, query-code, ngen-inliners, set-il-map, rejit and revert,
 * set-event-mask, measure, attach, attach-reply, detach, define, repeat
 * (caseload_internal.h).
 */
#include "caseload_internal.h"

#include <stdlib.h>
#include <string.h>

#include "abi/cp_hresults.h"

/* The steps node's children unroll to at most, <repeat>s multiplied out
 * (every child counted, whatever its when=), saturating past limit. */
static size_t unrolled_steps(xmlNodePtr node, size_t limit)
{
    size_t total = 0;

    for (xmlNodePtr n = first_elem(node->children); n && total <= limit; n = next_elem(n)) {
        size_t one = 1;
        if (is_elem(n, "repeat")) {
            char *v = load_attr(n, "times");
            long times = v ? strtol(v, NULL, 10) : 0;
            size_t inner = unrolled_steps(n, limit);
            xmlFree(v);
            one = times <= 0 ? 0 : inner > limit / (size_t)times ? limit + 1 : inner * (size_t)times;
        }
        total += one;
    }
    return total > limit ? limit + 1 : total;
}

static struct step *new_step(struct loader *ld, xmlNodePtr node, enum step_kind kind)
{
    struct case_def *c = ld->c;
    struct step *v;
    struct step *s;

    if (c->nsteps >= CASE_STEPS_MAX) {
        fail_at(ld, node, "the steps unroll to more than %d", CASE_STEPS_MAX);
        return NULL;
    }
    v = realloc(c->steps, (c->nsteps + 1) * sizeof *v);
    if (!v) {
        load_oom(ld);
        return NULL;
    }
    c->steps = v;
    s = &c->steps[c->nsteps++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->line = (int)xmlGetLineNo(node);
    if (node_source(node, &s->source) < 0) {
        load_oom(ld);
        return NULL;
    }
    /* Unrolled steps copy their element each time: charged to the file. */
    *ld->load_bytes += sizeof *s + strlen(s->source);
    if (*ld->load_bytes > CASE_LOAD_MAX) {
        fail_at(ld, node, "the unrolled steps of all variants hold more than %u MiB", CASE_LOAD_MAX >> 20);
        return NULL;
    }
    return s;
}

static int load_wait(struct loader *ld, xmlNodePtr node)
{
    static const struct {
        const char *attr;
        enum stream_id stream;
        int regex;
    } lines[] = {
        {"stdout", STREAM_STDOUT, 0},
        {"stderr", STREAM_STDERR, 0},
        {"stdout-re", STREAM_STDOUT, 1},
        {"stderr-re", STREAM_STDERR, 1},
    };
    int found = -1, count = 0;
    struct step *s;

    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        if (has_attr(node, lines[i].attr)) {
            found = (int)i;
            count++;
        }
    }
    if (count > 1)
        return fail_at(ld, node, "<wait> takes one of stdout, stderr, stdout-re, stderr-re");
    if (found >= 0) {
        char *text;
        int rc;

        for (xmlAttrPtr a = node->properties; a; a = a->next) {
            const char *k = (const char *)a->name;
            if (strcmp(k, lines[found].attr) != 0 && strcmp(k, "timeout") != 0 && strcmp(k, "when") != 0)
                return fail_at(ld, node, "<wait %s> cannot also have '%s'", lines[found].attr, k);
        }
        s = new_step(ld, node, STEP_WAIT_LINE);
        if (!s)
            return -1;
        s->stream = lines[found].stream;
        text = load_attr(node, lines[found].attr);
        rc = compile_line_match(ld, node, text ? text : "", lines[found].regex, &s->match);
        xmlFree(text);
        if (rc < 0)
            return rc;
        return load_timeout(ld, node, &s->timeout);
    }
    s = new_step(ld, node, STEP_WAIT_EVENT);
    if (!s)
        return -1;
    if (load_pattern(ld, node, USE_WAIT, 0, &s->pattern) < 0)
        return -1;
    if (s->pattern.npreds == 0)
        return fail_at(ld, node, "<wait> needs an output line (stdout=...) or event fields (event=...)");
    return load_timeout(ld, node, &s->timeout);
}

static int load_send(struct loader *ld, xmlNodePtr node)
{
    struct step *s = new_step(ld, node, STEP_SEND);

    if (!s)
        return -1;
    if (attr_text(ld, node, "stdin", &s->text) < 0)
        return -1;
    if (strchr(s->text, '\n') || strchr(s->text, '\r'))
        return fail_at(ld, node, "<send stdin> is one line: use one <send> per line");
    return 0;
}


static int load_resolve(struct loader *ld, xmlNodePtr node)
{
    struct step *s = new_step(ld, node, is_elem(node, "query-code")      ? STEP_QUERY_CODE
                                        : is_elem(node, "ngen-inliners") ? STEP_NGEN_INLINERS
                                                                         : STEP_RESOLVE);
    char *v;

    if (!s)
        return -1;
    if (attr_text(ld, node, "method", &s->text) < 0)
        return -1;
    if (!method_name_ok(s->text))
        return fail_at(ld, node, "method '%s' is not of the form Assembly!Namespace.Type::Method", s->text);
    v = load_attr(node, "expect-hr");
    if (v) {
        if (cp_hr_parse(v, &s->expect_hr) < 0) {
            fail_at(ld, node, "unknown HRESULT '%s' (use a name such as S_OK or a number)", v);
            xmlFree(v);
            return -1;
        }
        s->has_expect_hr = 1;
        xmlFree(v);
    }
    return load_timeout(ld, node, &s->timeout);
}

static int load_expect_hr(struct loader *ld, xmlNodePtr node, struct step *s);

/* <set-il-map method="..." map="OLD:NEW ..." start-jit="true"/>. */
static int load_set_il_map(struct loader *ld, xmlNodePtr node)
{
    struct step *s = new_step(ld, node, STEP_SET_IL_MAP);
    char *v;

    if (!s)
        return -1;
    if (attr_text(ld, node, "method", &s->text) < 0 || attr_text(ld, node, "map", &s->il_map) < 0)
        return -1;
    if (!method_name_ok(s->text))
        return fail_at(ld, node, "method '%s' is not of the form Assembly!Namespace.Type::Method", s->text);
    if (!il_map_ok(s->il_map) || strlen(s->il_map) > 4000)
        return fail_at(ld, node, "map=\"%.80s\" is not OLD:NEW pairs of IL offsets separated by spaces (at most 4000 "
                                 "bytes)",
                       s->il_map);
    v = load_attr(node, "start-jit");
    s->start_jit = v && parse_bool(v);
    xmlFree(v);
    return load_expect_hr(ld, node, s) < 0 || load_timeout(ld, node, &s->timeout) < 0 ? -1 : 0;
}

static int load_expect_hr(struct loader *ld, xmlNodePtr node, struct step *s)
{
    char *v = load_attr(node, "expect-hr");

    if (!v)
        return 0;
    if (cp_hr_parse(v, &s->expect_hr) < 0) {
        fail_at(ld, node, "unknown HRESULT '%s' (use a name such as S_OK or a number)", v);
        xmlFree(v);
        return -1;
    }
    s->has_expect_hr = 1;
    xmlFree(v);
    return 0;
}

static int load_request_step(struct loader *ld, xmlNodePtr node, int revert)
{
    struct step *s = new_step(ld, node, STEP_REQUEST);
    char *v;

    if (!s)
        return -1;
    if (load_request(ld, node, revert, &s->request) < 0 || load_expect_hr(ld, node, s) < 0 ||
        load_timeout(ld, node, &s->timeout) < 0)
        return -1;
    v = load_attr(node, "app-ends");
    s->app_ends = v && parse_bool(v);
    xmlFree(v);
    if (s->app_ends && (s->has_expect_hr || has_attr(node, "expect-status")))
        return fail_at(ld, node, "app-ends=\"true\" expects no reply: expect-hr and expect-status cannot be given");
    v = load_attr(node, "expect-status");
    if (v) {
        int32_t hr;
        if (!revert) {
            xmlFree(v);
            return fail_at(ld, node, "only <revert> has per-method statuses (RequestRevert's status array)");
        }
        if (cp_hr_parse(v, &hr) < 0) {
            fail_at(ld, node, "unknown HRESULT '%s' in expect-status", v);
            xmlFree(v);
            return -1;
        }
        s->expect_status = strdup(v);
        xmlFree(v);
        if (!s->expect_status)
            return load_oom(ld);
    }
    return 0;
}

static int load_set_mask(struct loader *ld, xmlNodePtr node)
{
    struct step *s = new_step(ld, node, STEP_SET_MASK);

    if (!s)
        return -1;
    if (load_mask(ld, node, &s->mask, &s->mask_high) < 0 || load_expect_hr(ld, node, s) < 0 ||
        load_timeout(ld, node, &s->timeout) < 0)
        return -1;
    return 0;
}

/* min-growth-kib / max-growth-kib: a bound in KiB on the growth since an
 * earlier <measure>: "N", or "$name", "$name*F", "$name+N", "$name*F-N"
 * over the growth an earlier <measure name="name" since="..."> saw. */
static int load_growth_bound(struct loader *ld, xmlNodePtr node, const char *attr_name, struct growth_bound *b)
{
    char *v = load_attr(node, attr_name), *end = NULL;
    const char *p;
    int rc = 0;

    if (!v)
        return 0;
    memset(b, 0, sizeof *b);
    b->factor = 1;
    p = v;
    if (*p == '$') {
        size_t n = 0;
        int found = 0;

        /* The name ends at '*', '+', or a '-' before a digit (names may hold '-'). */
        while (p[1 + n] && p[1 + n] != '*' && p[1 + n] != '+' &&
               !(p[1 + n] == '-' && p[2 + n] >= '0' && p[2 + n] <= '9'))
            n++;
        b->var = strndup(p + 1, n);
        if (!b->var) {
            xmlFree(v);
            return load_oom(ld);
        }
        for (size_t i = 0; i + 1 < ld->c->nsteps && !found; i++)
            found = ld->c->steps[i].kind == STEP_MEASURE && ld->c->steps[i].since &&
                    strcmp(ld->c->steps[i].text, b->var) == 0;
        if (!found)
            rc = fail_at(ld, node, "%s=\"%s\": $%s names no earlier <measure> with since=\"...\" (whose growth it "
                                   "would be)",
                         attr_name, v, b->var);
        p += 1 + n;
        if (rc == 0 && *p == '*') {
            b->factor = strtol(p + 1, &end, 10);
            if (end == p + 1 || b->factor < 0 || b->factor > 1000)
                rc = fail_at(ld, node, "%s=\"%s\": the factor after '*' is a whole number from 0 to 1000", attr_name, v);
            p = end;
        }
        if (rc == 0 && *p) {
            b->offset = strtol(p, &end, 10);
            if ((*p != '+' && *p != '-') || end == p + 1 || *end)
                rc = fail_at(ld, node, "%s=\"%s\" is not $name, $name*F, $name+N or $name*F-N", attr_name, v);
        }
    } else {
        b->offset = strtol(v, &end, 10);
        if (!*v || *end || b->offset < -1048576L * 1024 || b->offset > 1048576L * 1024)
            rc = fail_at(ld, node, "%s=\"%s\" is not a number of KiB (or $name*F+N)", attr_name, v);
    }
    if (rc == 0 && !has_attr(node, "since"))
        rc = fail_at(ld, node, "%s needs since=\"...\": the measurement the growth is counted from", attr_name);
    b->set = rc == 0;
    xmlFree(v);
    return rc;
}

static int load_measure(struct loader *ld, xmlNodePtr node)
{
    struct step *s = new_step(ld, node, STEP_MEASURE);
    char *name = load_attr(node, "name"), *since = load_attr(node, "since");
    int rc = 0;

    if (!s) {
        rc = -1;
    } else if (dup_to(&s->text, name) < 0 || dup_to(&s->since, since) < 0) {
        rc = load_oom(ld);
    } else if (since) {
        int found = 0;
        for (size_t i = 0; i + 1 < ld->c->nsteps && !found; i++)
            found = ld->c->steps[i].kind == STEP_MEASURE && strcmp(ld->c->steps[i].text, since) == 0;
        if (!found)
            rc = fail_at(ld, node, "since=\"%s\" names no earlier <measure>", since);
    }
    if (rc == 0 && (load_growth_bound(ld, node, "min-growth-kib", &s->growth_min) < 0 ||
                    load_growth_bound(ld, node, "max-growth-kib", &s->growth_max) < 0))
        rc = -1;
    if (rc == 0 && s->growth_min.set && s->growth_max.set && !s->growth_min.var && !s->growth_max.var &&
        s->growth_min.offset > s->growth_max.offset)
        rc = fail_at(ld, node, "min-growth-kib is above max-growth-kib");
    xmlFree(name);
    xmlFree(since);
    return rc;
}

static int load_attach(struct loader *ld, xmlNodePtr node)
{
    static const char *const errors[] = {"no-socket", "refused", "no-reply", NULL};
    struct step *s = new_step(ld, node, STEP_ATTACH);
    char *hold;
    int known = 0;

    if (!s)
        return -1;
    if (attr_to(ld, node, "clsid", &s->attach.clsid) < 0 || attr_path(ld, node, "profiler", 0, &s->attach.profiler) < 0 ||
        attr_to(ld, node, "client-data", &s->attach.client_data) < 0 ||
        attr_to(ld, node, "expect-error", &s->attach.expect_error) < 0 || load_expect_hr(ld, node, s) < 0 ||
        load_timeout(ld, node, &s->timeout) < 0)
        return -1;
    hold = load_attr(node, "hold");
    s->attach.hold = hold && parse_bool(hold);
    xmlFree(hold);
    if (s->attach.expect_error) {
        for (size_t i = 0; errors[i]; i++)
            known |= strcmp(errors[i], s->attach.expect_error) == 0;
        if (!known)
            return fail_at(ld, node, "expect-error=\"%s\" is not one of no-socket, refused, no-reply",
                           s->attach.expect_error);
        if (s->has_expect_hr)
            return fail_at(ld, node, "expect-error and expect-hr exclude each other: with an error there is no "
                                     "reply");
    }
    if (s->attach.hold && (s->has_expect_hr || s->attach.expect_error))
        return fail_at(ld, node, "with hold=\"true\" the answer is awaited by <attach-reply>: put expect-hr or "
                                 "expect-error there");
    return 0;
}

static int load_attach_reply(struct loader *ld, xmlNodePtr node)
{
    struct step *s = new_step(ld, node, STEP_ATTACH_REPLY);
    char *v;
    int held = 0;

    if (!s)
        return -1;
    /* The nearest earlier <attach> must hold, and not be answered yet. */
    for (size_t i = ld->c->nsteps - 1; i-- > 0;) {
        if (ld->c->steps[i].kind == STEP_ATTACH_REPLY)
            break;
        if (ld->c->steps[i].kind == STEP_ATTACH) {
            held = ld->c->steps[i].attach.hold;
            break;
        }
    }
    if (!held)
        return fail_at(ld, node, "<attach-reply> answers an earlier <attach hold=\"true\"/>, and there is none");
    if (attr_to(ld, node, "expect-error", &s->attach.expect_error) < 0 || load_expect_hr(ld, node, s) < 0 ||
        load_timeout(ld, node, &s->timeout) < 0)
        return -1;
    v = load_attr(node, "release");
    s->attach.keep_held = v && !parse_bool(v);
    xmlFree(v);
    if (s->attach.expect_error && strcmp(s->attach.expect_error, "no-reply") != 0)
        return fail_at(ld, node, "after a held attach the only error left is expect-error=\"no-reply\"");
    if (s->attach.expect_error && s->has_expect_hr)
        return fail_at(ld, node, "expect-error and expect-hr exclude each other: with an error there is no reply");
    return 0;
}

static int load_detach(struct loader *ld, xmlNodePtr node)
{
    struct step *s = new_step(ld, node, STEP_DETACH);
    char *v;

    if (!s)
        return -1;
    if (load_expect_hr(ld, node, s) < 0 || load_timeout(ld, node, &s->timeout) < 0)
        return -1;
    v = load_attr(node, "expected-ms");
    if (v) {
        int rc = parse_u32(v, &s->mask) < 0 || s->mask > 600000
                     ? fail_at(ld, node, "expected-ms=\"%s\" is not a number of milliseconds (0-600000)", v)
                     : 0;
        xmlFree(v);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Metadata changes the profiler knows (docs/attach.md, "Metadata"). */
static const char *const define_kinds[] = {"user-string", "type-ref", "member-ref", "type-def", "nested-type",
                                           "method", "field", "custom-attribute", "pinvoke-map", "module-ref",
                                           "event", "method-impl", "method-spec", "assembly-ref", NULL};

int load_define_args(struct loader *ld, xmlNodePtr node, struct step_arg **args, size_t *nargs)
{
    char *kind = load_attr(node, "kind");
    int known = 0;

    for (size_t i = 0; kind && define_kinds[i]; i++)
        known |= strcmp(define_kinds[i], kind) == 0;
    if (!known) {
        int rc = fail_at(ld, node, "kind=\"%s\" is not a metadata change the profiler makes (user-string, "
                                   "type-ref, member-ref, type-def, nested-type, method, field, custom-attribute, "
                                   "pinvoke-map, module-ref, event, method-impl, method-spec, assembly-ref)",
                         kind ? kind : "");
        xmlFree(kind);
        return rc;
    }
    xmlFree(kind);
    for (xmlAttrPtr a = node->properties; a; a = a->next) {
        const char *key = (const char *)a->name;
        char *value;
        struct step_arg *v;

        if (strcmp(key, "when") == 0 || strcmp(key, "timeout") == 0 || strcmp(key, "expect-hr") == 0)
            continue;
        v = realloc(*args, (*nargs + 1) * sizeof *v);
        if (!v)
            return load_oom(ld);
        *args = v;
        value = load_attr(node, key);
        v[*nargs].key = strdup(key);
        v[*nargs].value = strdup(value ? value : "");
        xmlFree(value);
        if (!v[*nargs].key || !v[*nargs].value) {
            free(v[*nargs].key);
            free(v[*nargs].value);
            return load_oom(ld);
        }
        (*nargs)++;
    }
    return 0;
}

static int load_define(struct loader *ld, xmlNodePtr node)
{
    struct step *s = new_step(ld, node, STEP_DEFINE);

    if (!s)
        return -1;
    if (load_expect_hr(ld, node, s) < 0 || load_timeout(ld, node, &s->timeout) < 0)
        return -1;
    return load_define_args(ld, node, &s->args, &s->nargs);
}

int load_steps(struct loader *ld, xmlNodePtr node)
{
    for (xmlNodePtr n = first_elem(node->children); n; n = next_elem(n)) {
        int rc = load_applies(ld, n);

        if (rc <= 0) {
            if (rc < 0)
                return -1;
            continue;
        }
        rc = 0;
        if (is_elem(n, "wait"))
            rc = load_wait(ld, n);
        else if (is_elem(n, "send"))
            rc = load_send(ld, n);
        else if (is_elem(n, "resolve") || is_elem(n, "query-code") || is_elem(n, "ngen-inliners"))
            rc = load_resolve(ld, n);
        else if (is_elem(n, "rejit") || is_elem(n, "rejit-with-inliners"))
            rc = load_request_step(ld, n, 0);
        else if (is_elem(n, "revert"))
            rc = load_request_step(ld, n, 1);
        else if (is_elem(n, "set-event-mask"))
            rc = load_set_mask(ld, n);
        else if (is_elem(n, "measure"))
            rc = load_measure(ld, n);
        else if (is_elem(n, "attach"))
            rc = load_attach(ld, n);
        else if (is_elem(n, "attach-reply"))
            rc = load_attach_reply(ld, n);
        else if (is_elem(n, "detach"))
            rc = load_detach(ld, n);
        else if (is_elem(n, "define"))
            rc = load_define(ld, n);
        else if (is_elem(n, "set-il-map"))
            rc = load_set_il_map(ld, n);
        else if (is_elem(n, "repeat")) {
            /* Unrolled: each round is the same steps again (a request's
             * token-step counts the rounds of the innermost repeat).  How
             * many that makes is known before the first round. */
            char *v = load_attr(n, "times");
            long times = v ? strtol(v, NULL, 10) : 0, outer = ld->round;
            size_t room = CASE_STEPS_MAX - ld->c->nsteps, inner = unrolled_steps(n, CASE_STEPS_MAX);
            xmlFree(v);
            if (times > 0 && (inner > room || (inner > 0 && (size_t)times > room / inner))) {
                if (inner > CASE_STEPS_MAX)
                    return fail_at(ld, n, "<repeat times=\"%ld\"> unrolls to more than %d steps", times,
                                   CASE_STEPS_MAX);
                return fail_at(ld, n, "<repeat times=\"%ld\"> of %zu steps makes more than %d steps in all", times,
                               inner, CASE_STEPS_MAX);
            }
            for (long i = 0; i < times && rc == 0; i++) {
                ld->round = i;
                rc = load_steps(ld, n);
            }
            ld->round = outer;
        }
        if (rc < 0)
            return rc;
    }
    return 0;
}
