#include "case.h"

#include <stdlib.h>
#include <string.h>

#include "../util/rx.h"

void case_init(struct case_def *c)
{
    memset(c, 0, sizeof *c);
    c->profiler.load = LOAD_STARTUP;
    c->profiler.callback_max = 11;
}

void pattern_release(struct pattern *p)
{
    for (size_t i = 0; i < p->npreds; i++) {
        free(p->preds[i].key);
        free(p->preds[i].value);
    }
    free(p->preds);
    p->preds = NULL;
    p->npreds = 0;
}

const struct pred *pattern_find(const struct pattern *p, const char *key)
{
    for (size_t i = 0; i < p->npreds; i++)
        if (strcmp(p->preds[i].key, key) == 0)
            return &p->preds[i];
    return NULL;
}

void check_release(struct check *k)
{
    free(k->source);
    free(k->min_var);
    free(k->max_var);
    free(k->distinct);
    free(k->as);
    pattern_release(&k->pattern);
    for (size_t i = 0; i < k->nchildren; i++)
        check_release(&k->children[i]);
    free(k->children);
    memset(k, 0, sizeof *k);
}

void request_spec_release(struct request_spec *r)
{
    free(r->methods);
    free(r->raw_assembly);
    free(r->il);
    memset(r, 0, sizeof *r);
}

static void line_match_release(struct line_match *m)
{
    free(m->text);
    rx_free(m->re);
    memset(m, 0, sizeof *m);
}

static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void case_release(struct case_def *c)
{
    free(c->id);
    free(c->runtime);
    free(c->runtime_version);
    free(c->fixtures_dir);
    free(c->path);
    free(c->description);
    strv_free(c->tags, c->ntags);
    free(c->fixture);
    free(c->app_dll);
    strv_free(c->args, c->nargs);
    for (size_t i = 0; i < c->nenv; i++) {
        free(c->env[i].name);
        free(c->env[i].value);
    }
    free(c->env);
    free(c->profiler.only);
    free(c->profiler.deny_inline);
    free(c->profiler.fault);
    free(c->profiler.path);
    free(c->profiler.clsid);
    free(c->profiler.demo_agent);
    for (size_t i = 0; i < c->profiler.ntriggers; i++) {
        free(c->profiler.triggers[i].callback);
        free(c->profiler.triggers[i].name);
        request_spec_release(&c->profiler.triggers[i].request);
    }
    for (size_t i = 0; i < c->profiler.nfails; i++)
        free(c->profiler.fails[i].callback);
    free(c->profiler.fails);
    for (size_t i = 0; i < c->nsteps; i++) {
        struct step *s = &c->steps[i];
        free(s->source);
        free(s->text);
        free(s->since);
        free(s->expect_status);
        free(s->attach.clsid);
        free(s->attach.profiler);
        free(s->attach.client_data);
        free(s->attach.expect_error);
        for (size_t k = 0; k < s->nargs; k++) {
            free(s->args[k].key);
            free(s->args[k].value);
        }
        free(s->args);
        request_spec_release(&s->request);
        line_match_release(&s->match);
        pattern_release(&s->pattern);
    }
    free(c->steps);
    for (size_t i = 0; i < c->nchecks; i++)
        check_release(&c->checks[i]);
    free(c->checks);
    for (size_t i = 0; i < c->outcome.nstreams; i++) {
        free(c->outcome.streams[i].source);
        line_match_release(&c->outcome.streams[i].match);
    }
    free(c->outcome.streams);
    for (size_t i = 0; i < c->outcome.nprops; i++) {
        free(c->outcome.props[i].name);
        line_match_release(&c->outcome.props[i].match);
    }
    free(c->outcome.props);
    free(c->selftest.reason);
    free(c->variant);
    free(c->requires.runtime);
    strv_free(c->requires.features, c->requires.nfeatures);
    free(c->known.ref);
    free(c->known.text);
    case_init(c);
}

void case_set_release(struct case_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        case_release(&s->v[i]);
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

void case_area(const char *id, char *out, size_t size)
{
    const char *slash = strchr(id, '/');
    size_t n = slash ? (size_t)(slash - id) : strlen("cases");

    if (!slash)
        id = "cases";
    if (size == 0)
        return;
    if (n >= size)
        n = size - 1;
    memcpy(out, id, n);
    out[n] = '\0';
}
