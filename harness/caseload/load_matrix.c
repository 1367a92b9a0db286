/*
 * load_matrix.c - a case's <matrix>: its axes and values, `when` on an
 * element, and what a chosen value adds to the case (caseload_internal.h).
 */
#include "caseload_internal.h"

#include <stdlib.h>
#include <string.h>

/* 1 when node applies to the variant being loaded, 0 when its `when` excludes
 * it, -1 (with the message set) when `when` names an unknown axis or value
 * or has a malformed runtime condition (load_runtime.c). */
int load_applies(struct loader *ld, xmlNodePtr node)
{
    char *when = load_attr(node, "when");
    char *save = NULL;
    int result = 1;

    if (!when)
        return 1;
    for (char *cond = strtok_r(when, " \t\n", &save); cond; cond = strtok_r(NULL, " \t\n", &save)) {
        char *eq = strchr(cond, '=');

        if (is_agent_condition(cond)) {
            int holds = agent_condition(ld, node, cond);

            if (holds < 0) {
                xmlFree(when);
                return -1;
            }
            result &= holds;
            continue;
        }
        if (is_runtime_condition(cond)) {
            int holds = runtime_condition(ld, node, cond);

            if (holds < 0) {
                xmlFree(when);
                return -1;
            }
            result &= holds;
            continue;
        }
        if (!eq) {
            fail_at(ld, node, "when=\"%s\": a condition is axis=value, axis!=value or a runtime condition such as "
                              "%s>=10.0", cond, RUNTIME_WORD);
            xmlFree(when);
            return -1;
        }
        int negate = eq && eq > cond && eq[-1] == '!';
        size_t axis_len = eq ? (size_t)(eq - cond) - (size_t)negate : 0;
        const struct axis *axis = NULL;
        size_t a = 0, v = 0;

        for (a = 0; eq && a < ld->matrix->naxes; a++) {
            if (strlen(ld->matrix->axes[a].name) == axis_len && strncmp(ld->matrix->axes[a].name, cond, axis_len) == 0) {
                axis = &ld->matrix->axes[a];
                break;
            }
        }
        if (!axis) {
            fail_at(ld, node, "when=\"%s\": no axis '%.*s' in <matrix>", cond, (int)axis_len, cond);
            xmlFree(when);
            return -1;
        }
        for (v = 0; v < axis->nvalues; v++)
            if (strcmp(axis->values[v], eq + 1) == 0)
                break;
        if (v == axis->nvalues) {
            fail_at(ld, node, "when=\"%s\": axis '%s' has no value '%s'", cond, axis->name, eq + 1);
            xmlFree(when);
            return -1;
        }
        if ((ld->pick[a] == v) == negate)
            result = 0;
    }
    xmlFree(when);
    return result;
}

void matrix_release(struct matrix *m)
{
    for (size_t a = 0; a < m->naxes; a++) {
        free(m->axes[a].name);
        for (size_t v = 0; v < m->axes[a].nvalues; v++)
            free(m->axes[a].values[v]);
    }
    memset(m, 0, sizeof *m);
}

int matrix_load(struct loader *ld, xmlNodePtr node, struct matrix *m)
{
    memset(m, 0, sizeof *m);
    for (xmlNodePtr a = first_elem(node->children); a; a = next_elem(a)) {
        struct axis *axis = &m->axes[m->naxes++];
        char *name = load_attr(a, "name");

        axis->name = name ? strdup(name) : NULL;
        xmlFree(name);
        if (!axis->name)
            return load_oom(ld);
        if (strcmp(axis->name, RUNTIME_WORD) == 0)
            return fail_at(ld, a, "no axis may be called '%s': when=\"%s>=10.0\" tests the runtime itself",
                           RUNTIME_WORD, RUNTIME_WORD);
        if (strcmp(axis->name, AGENT_WORD) == 0)
            return fail_at(ld, a, "no axis may be called '%s': when=\"%s=reference\" tests the case's agent",
                           AGENT_WORD, AGENT_WORD);
        for (size_t i = 0; i + 1 < m->naxes; i++)
            if (strcmp(m->axes[i].name, axis->name) == 0)
                return fail_at(ld, a, "axis '%s' is declared twice", axis->name);
        for (xmlNodePtr v = first_elem(a->children); v; v = next_elem(v)) {
            char *vname = load_attr(v, "name");
            axis->values[axis->nvalues] = vname ? strdup(vname) : NULL;
            axis->nodes[axis->nvalues] = v;
            xmlFree(vname);
            if (!axis->values[axis->nvalues])
                return load_oom(ld);
            axis->nvalues++; /* counted now, so that matrix_release frees it */
            for (size_t i = 0; i + 1 < axis->nvalues; i++)
                if (strcmp(axis->values[i], axis->values[axis->nvalues - 1]) == 0)
                    return fail_at(ld, v, "axis '%s' has the value '%s' twice", axis->name, axis->values[i]);
        }
    }
    return 0;
}

/* The chosen values' <env> and <profiler> additions: mask bits are ORed in,
 * deny-inline replaces the case's, fail-callback adds (or replaces the
 * HRESULT of a callback the case fails too), <request-in> and <request-on>
 * are added to the case's. */
int apply_variant(struct loader *ld)
{
    struct case_def *c = ld->c;

    for (size_t a = 0; a < ld->matrix->naxes; a++) {
        xmlNodePtr value = ld->matrix->axes[a].nodes[ld->pick[a]];

        for (xmlNodePtr n = first_elem(value->children); n; n = next_elem(n)) {
            if (is_elem(n, "env")) {
                char *name = load_attr(n, "name"), *val = load_attr(n, "value");
                size_t i;
                int rc = 0;

                for (i = 0; i < c->nenv; i++)
                    if (strcmp(c->env[i].name, name) == 0)
                        break;
                if (i == c->nenv) {
                    struct env_var *v = realloc(c->env, (c->nenv + 1) * sizeof *v);
                    if (!v)
                        rc = load_oom(ld);
                    else {
                        c->env = v;
                        c->env[c->nenv].name = strdup(name);
                        c->env[c->nenv].value = NULL;
                        c->nenv++;
                    }
                }
                if (rc == 0) {
                    free(c->env[i].value);
                    c->env[i].value = strdup(val);
                    if (!c->env[i].name || !c->env[i].value)
                        rc = load_oom(ld);
                }
                xmlFree(name);
                xmlFree(val);
                if (rc < 0)
                    return -1;
            } else if (is_elem(n, "profiler")) {
                struct profiler_setup *p = &c->profiler;
                uint32_t mask = 0, high = 0;

                if (load_mask(ld, n, &mask, &high) < 0)
                    return -1;
                if (p->load == LOAD_NONE && (mask || high || has_attr(n, "deny-inline") || first_elem(n->children)))
                    return fail_at(ld, n, "the case runs no profiler: a variant cannot set its mask, deny-inline or "
                                          "requests");
                if (p->agent && (has_attr(n, "deny-inline") || has_attr(n, "fail-callback") ||
                                 first_elem(n->children)))
                    return fail_at(ld, n, "load=\"agent\" runs the agent as it is: a variant cannot set deny-inline, "
                                          "fail-callback or requests");
                p->mask |= mask;
                p->mask_high |= high;
                if (has_attr(n, "deny-inline")) {
                    free(p->deny_inline); /* the variant's value replaces the case's */
                    p->deny_inline = NULL;
                    if (attr_to(ld, n, "deny-inline", &p->deny_inline) < 0)
                        return -1;
                }
                if (load_fail_callback(ld, n, p) < 0)
                    return -1;
                for (xmlNodePtr t = first_elem(n->children); t; t = next_elem(t))
                    if (load_trigger(ld, t, p) < 0)
                        return -1;
            }
        }
    }
    return 0;
}
