/*
 * load_case.c - one variant of a case: the root element and its sections
 * (description, requires, tags, app, profiler, steps, events, outcome,
 * known-issue, selftest) into a case_def (caseload_internal.h).
 */
#include "caseload_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../engine/requires.h"
#include "../util/strbuf.h"

#define DEFAULT_TIMEOUT 60.0

static int load_app(struct loader *ld, xmlNodePtr node)
{
    struct case_def *c = ld->c;
    char *fixture = load_attr(node, "fixture");
    char *args = load_attr(node, "args");
    int rc = 0;

    if (dup_to(&c->fixture, fixture) < 0 || split_words(args, &c->args, &c->nargs) < 0)
        rc = load_oom(ld);
    xmlFree(fixture);
    xmlFree(args);
    if (rc < 0 || attr_path(ld, node, "dll", 1, &c->app_dll) < 0)
        return -1;
    if (!c->fixture == !c->app_dll)
        return fail_at(ld, node, "<app> takes fixture=\"Name\" (built with profcheck, or found by --fixtures) or "
                                 "dll=\"path/App.dll\" (relative to the case file), one of them");
    if (c->app_dll && strlen(c->app_dll) > 4 && strcmp(c->app_dll + strlen(c->app_dll) - 4, ".dll") != 0)
        return fail_at(ld, node, "dll=\"%s\": the app is run as `dotnet App.dll`; name its .dll", c->app_dll);
    for (xmlNodePtr n = first_elem(node->children); n; n = next_elem(n)) {
        struct env_var *v;
        char *name, *value;
        int ok;

        if (!is_elem(n, "env"))
            continue;
        ok = load_applies(ld, n);
        if (ok < 0)
            return -1;
        if (!ok)
            continue;
        v = realloc(c->env, (c->nenv + 1) * sizeof *v);
        if (!v)
            return load_oom(ld);
        c->env = v;
        name = load_attr(n, "name");
        value = load_attr(n, "value");
        c->env[c->nenv].name = name ? strdup(name) : NULL;
        c->env[c->nenv].value = value ? strdup(value) : NULL;
        xmlFree(name);
        xmlFree(value);
        c->nenv++;
        if (!c->env[c->nenv - 1].name || !c->env[c->nenv - 1].value)
            return load_oom(ld);
        if (strncmp(c->env[c->nenv - 1].name, "CORECLR_", 8) == 0 ||
            strncmp(c->env[c->nenv - 1].name, "PROFCHECK_", 10) == 0)
            return fail_at(ld, n, "environment variable '%s' is set by profcheck itself; use <profiler>",
                           c->env[c->nenv - 1].name);
    }
    return 0;
}

static int load_selftest(struct loader *ld, xmlNodePtr node)
{
    struct selftest *st = &ld->c->selftest;
    char *v = load_attr(node, "verdict");
    int rc = 0;

    st->present = 1;
    if (!v || verdict_parse(v, &st->verdict) < 0)
        rc = fail_at(ld, node, "unknown verdict '%s'", v ? v : "");
    xmlFree(v);
    if (rc < 0)
        return rc;
    v = load_attr(node, "reason");
    if (dup_to(&st->reason, v) < 0)
        rc = load_oom(ld);
    xmlFree(v);
    return rc;
}

static int load_requires(struct loader *ld, xmlNodePtr node)
{
    struct requirements *rq = &ld->c->requires;
    char *runtime = load_attr(node, "runtime"), *features = load_attr(node, "features");
    char **words = NULL;
    size_t nwords = 0;
    int rc = 0;

    if (runtime) {
        if (version_in_range(runtime, "0") < 0)
            rc = fail_at(ld, node, "malformed runtime range '%s' (use e.g. \">=8.0 <11\")", runtime);
        else if (rq->runtime)
            rc = fail_at(ld, node, "two runtime ranges apply (use when=)");
        else if (!(rq->runtime = strdup(runtime)))
            rc = load_oom(ld);
    }
    if (rc == 0 && split_words(features, &words, &nwords) < 0)
        rc = load_oom(ld);
    for (size_t i = 0; rc == 0 && i < nwords; i++) {
        const char *name = words[i] + (words[i][0] == '!');
        int known = 0;
        char **v;

        for (const char *const *f = requires_features; *f && !known; f++)
            known = strcmp(*f, name) == 0;
        if (!known) {
            rc = fail_at(ld, node, "unknown feature '%s' (known: x64 arm64 linux root setsid)", name);
            break;
        }
        v = realloc(rq->features, (rq->nfeatures + 1) * sizeof *v);
        if (!v) {
            rc = load_oom(ld);
            break;
        }
        rq->features = v;
        rq->features[rq->nfeatures++] = words[i];
        words[i] = NULL;
    }
    for (size_t i = 0; i < nwords; i++)
        free(words[i]);
    free(words);
    xmlFree(runtime);
    xmlFree(features);
    return rc;
}

static int load_root(struct loader *ld, xmlNodePtr root)
{
    struct case_def *c = ld->c;

    if (load_timeout(ld, root, &c->timeout) < 0)
        return -1;
    if (c->timeout == 0)
        c->timeout = DEFAULT_TIMEOUT;
    {
        char *v = load_attr(root, "retries");
        c->retries = v ? atoi(v) : 0;
        xmlFree(v);
    }
    if (load_runtimes_attr(ld, root) < 0)
        return -1;
    for (xmlNodePtr n = first_elem(root->children); n; n = next_elem(n)) {
        int rc = 0;

        if (is_elem(n, "description")) {
            char *text = node_text(n);
            rc = dup_to(&c->description, text) < 0 ? load_oom(ld) : 0;
            xmlFree(text);
        } else if (is_elem(n, "requires")) {
            rc = load_applies(ld, n);
            if (rc > 0)
                rc = load_requires(ld, n);
        } else if (is_elem(n, "tags")) {
            char *text = node_text(n);
            rc = split_words(text, &c->tags, &c->ntags) < 0 ? load_oom(ld) : 0;
            xmlFree(text);
        } else if (is_elem(n, "app")) {
            rc = load_app(ld, n);
        } else if (is_elem(n, "profiler")) {
            rc = load_profiler(ld, n);
        } else if (is_elem(n, "steps")) {
            rc = load_steps(ld, n);
        } else if (is_elem(n, "events")) {
            rc = load_events(ld, n);
        } else if (is_elem(n, "outcome")) {
            rc = load_applies(ld, n);
            if (rc > 0 && ld->c->outcome.line)
                rc = fail_at(ld, n, "two <outcome> elements apply to variant %s (use when=)",
                             ld->c->variant ? ld->c->variant : "of this case");
            else if (rc > 0)
                rc = load_outcome(ld, n);
        } else if (is_elem(n, "known-issue")) {
            rc = load_applies(ld, n);
            if (rc > 0 && !ld->c->known.ref) {
                char *ref = load_attr(n, "ref");
                char *text = node_text(n);
                char *intermittent = load_attr(n, "intermittent");
                ld->c->known.intermittent = intermittent && strcmp(intermittent, "true") == 0;
                xmlFree(intermittent);
                ld->c->known.ref = ref ? strdup(ref) : NULL;
                ld->c->known.text = strdup(text ? text : "");
                xmlFree(ref);
                xmlFree(text);
                rc = ld->c->known.ref && ld->c->known.text ? 0 : load_oom(ld);
            }
        } else if (is_elem(n, "selftest")) {
            rc = load_selftest(ld, n);
        }
        if (rc < 0)
            return rc;
    }
    if (apply_variant(ld) < 0)
        return -1;
    for (size_t i = 0; i + 1 < c->nsteps; i++)
        if (c->steps[i].app_ends)
            return err_set(ld->e, "%s:%d: app-ends=\"true\" belongs on the last step: nothing can run after the app "
                                  "has ended",
                           ld->name, c->steps[i].line);
    if (c->profiler.load == LOAD_NONE) {
        for (size_t i = 0; i < c->nsteps; i++)
            if (c->steps[i].kind == STEP_WAIT_EVENT || c->steps[i].kind == STEP_RESOLVE ||
                c->steps[i].kind == STEP_REQUEST || c->steps[i].kind == STEP_SET_MASK ||
                c->steps[i].kind == STEP_ATTACH || c->steps[i].kind == STEP_DETACH || c->steps[i].kind == STEP_DEFINE ||
                c->steps[i].kind == STEP_QUERY_CODE || c->steps[i].kind == STEP_SET_IL_MAP ||
                c->steps[i].kind == STEP_NGEN_INLINERS)
                return err_set(ld->e, "%s:%d: this step needs the profiler, but <profiler load=\"none\"/>",
                               ld->name, c->steps[i].line);
        if (c->nchecks)
            return err_set(ld->e, "%s:%d: event checks need the profiler, but <profiler load=\"none\"/>",
                           ld->name, c->checks[0].line);
    }
    return 0;
}

/* Loads the variant chosen in ld->pick as out. */
int load_variant(struct loader *ld, xmlNodePtr root, const char *id, struct case_def *out)
{
    struct strbuf vname = STRBUF_INIT, full = STRBUF_INIT;
    int rc = 0;

    case_init(out);
    ld->c = out;
    ld->vars = NULL;
    ld->nvars = 0;
    for (size_t a = 0; a < ld->matrix->naxes && rc == 0; a++)
        rc = strbuf_addf(&vname, "%s%s=%s", a ? "," : "", ld->matrix->axes[a].name,
                         ld->matrix->axes[a].values[ld->pick[a]]);
    if (rc == 0)
        rc = vname.len ? strbuf_addf(&full, "%s[%s]", id, vname.buf) : strbuf_adds(&full, id);
    if (rc < 0 || !(out->id = strbuf_detach(&full)) || dup_to(&out->path, ld->name) < 0 ||
        (vname.len && !(out->variant = strdup(vname.buf))))
        rc = err_set(ld->e, "%s: out of memory", ld->name);
    else
        rc = load_root(ld, root);
    strbuf_release(&vname);
    strbuf_release(&full);
    for (size_t i = 0; i < ld->nvars; i++)
        free(ld->vars[i]);
    free(ld->vars);
    if (rc < 0)
        case_release(out);
    return rc;
}
