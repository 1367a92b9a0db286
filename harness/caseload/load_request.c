/*
 * load_request.c - a ReJIT or revert request: the methods (by name or token),
 * the new body (IL, prologue, original) and the flags, for <rejit>, <revert>
 * and <request-in> (caseload_internal.h).
 */
#include "caseload_internal.h"

#include <stdlib.h>
#include <string.h>

#include "il/il.h"

/* "OLD:NEW OLD:NEW ...": IL offsets, each a number (decimal or 0x hex). */
int il_map_ok(const char *s)
{
    int entries = 0;

    while (*s) {
        char *end;
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        strtoul(s, &end, 0);
        if (end == s || *end != ':')
            return 0;
        s = end + 1;
        strtoul(s, &end, 0);
        if (end == s || (*end && *end != ' '))
            return 0;
        s = end;
        entries++;
    }
    return entries > 0;
}

/* "Assembly!Namespace.Type::Method": each part non-empty. */
int method_name_ok(const char *s)
{
    const char *bang = strchr(s, '!');
    const char *colons = bang ? strstr(bang, "::") : NULL;

    return bang && bang > s && colons && colons > bang + 1 && colons[2] != '\0';
}

/* The IL text of a request: the `il` attribute or an <il> child. */
static int request_il(struct loader *ld, xmlNodePtr node, char **out, int *line)
{
    char *v = load_attr(node, "il");

    *out = NULL;
    *line = (int)xmlGetLineNo(node);
    for (xmlNodePtr n = first_elem(node->children); n; n = next_elem(n)) {
        if (!is_elem(n, "il"))
            continue;
        if (v) {
            xmlFree(v);
            return fail_at(ld, n, "give the IL as an attribute or as an <il> element, not both");
        }
        v = node_text(n);
        *line = (int)xmlGetLineNo(n);
    }
    if (v && dup_to(out, v) < 0) {
        xmlFree(v);
        return load_oom(ld);
    }
    xmlFree(v);
    return 0;
}

/* Flag words of an attribute, or a number: 0 with *out set, -1 when an
 * unknown word is found (named in the error). */
struct flag_word {
    const char *word;
    uint32_t bits;
};

static int parse_flag_words(struct loader *ld, xmlNodePtr node, const char *name, const struct flag_word *words,
                            size_t nwords, uint32_t *out)
{
    char *v = load_attr(node, name);
    char **list = NULL;
    size_t n = 0;
    int rc = 0;

    *out = 0;
    if (!v)
        return 0;
    if (parse_u32(v, out) == 0) {
        xmlFree(v);
        return 0;
    }
    if (split_words(v, &list, &n) < 0)
        rc = load_oom(ld);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        size_t k = 0;
        while (k < nwords && strcmp(words[k].word, list[i]) != 0)
            k++;
        if (k == nwords)
            rc = fail_at(ld, node, "unknown %s '%s' (known: %s%s%s, or a number)", name, list[i], words[0].word,
                         nwords > 1 ? " " : "", nwords > 1 ? words[1].word : "");
        else
            *out |= words[k].bits;
    }
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
    xmlFree(v);
    return rc;
}

/* rejit-with-inliners' flags, inliners="tracked", codegen="...". */
static int load_request_flags(struct loader *ld, xmlNodePtr node, struct request_spec *rq)
{
    static const struct flag_word rejit_flags[] = {
        {"block-inlining", 0x1},     /* COR_PRF_REJIT_BLOCK_INLINING */
        {"inlining-callbacks", 0x2}, /* COR_PRF_REJIT_INLINING_CALLBACKS */
    };
    static const struct flag_word codegen_flags[] = {
        {"disable-inlining", 0x1},      /* COR_PRF_CODEGEN_DISABLE_INLINING */
        {"disable-optimizations", 0x2}, /* COR_PRF_CODEGEN_DISABLE_ALL_OPTIMIZATIONS */
    };
    char *v;
    int rc = 0;

    rq->with_inliners = is_elem(node, "rejit-with-inliners");
    if (rq->with_inliners && !has_attr(node, "flags"))
        return fail_at(ld, node, "<rejit-with-inliners> needs flags=\"...\" (block-inlining inlining-callbacks, "
                                 "or a number such as 0)");
    if (parse_flag_words(ld, node, "flags", rejit_flags, 2, &rq->rejit_flags) < 0 ||
        parse_flag_words(ld, node, "codegen", codegen_flags, 2, &rq->codegen) < 0)
        return -1;
    v = load_attr(node, "inliners");
    if (v && strcmp(v, "tracked") == 0 && !rq->revert && !rq->with_inliners)
        rq->tracked = 1;
    else if (v && strcmp(v, "none") != 0)
        rc = fail_at(ld, node, "inliners=\"%s\": only <rejit> takes inliners, \"tracked\" or \"none\"", v);
    xmlFree(v);
    if (rc == 0 && rq->revert && rq->codegen)
        rc = fail_at(ld, node, "<revert> takes no codegen flags");
    return rc;
}

/* token-step="N": inside a <repeat>, round K (from 0) passes token + K*N, so
 * that one step written once walks a table's rows; the token must stay in
 * its table (its top byte). */
static int load_token_step(struct loader *ld, xmlNodePtr node, const char *text, uint32_t *token)
{
    uint32_t step;
    uint64_t rid;

    if (parse_u32(text, &step) < 0)
        return fail_at(ld, node, "token-step must be a 32-bit number");
    rid = (uint64_t)(*token & 0x00FFFFFFu) + (uint64_t)ld->round * step;
    if (rid > 0x00FFFFFFu)
        return fail_at(ld, node, "token-step carries token 0x%08X out of its table in round %ld", (unsigned)*token,
                       ld->round + 1);
    *token = (*token & 0xFF000000u) | (uint32_t)rid;
    return 0;
}

int load_request(struct loader *ld, xmlNodePtr node, int revert, struct request_spec *rq)
{
    return load_request_opt(ld, node, revert, rq, 0) < 0 ? -1 : 0;
}

int load_request_opt(struct loader *ld, xmlNodePtr node, int revert, struct request_spec *rq, int method_optional)
{
    char *method = load_attr(node, "method"), *token = load_attr(node, "token");
    char *assembly = load_attr(node, "assembly"), *prologue = load_attr(node, "prologue");
    char *original = load_attr(node, "original"), *call = load_attr(node, "call");
    char *token_step = load_attr(node, "token-step"), *il_map = load_attr(node, "il-map");
    char *all = load_attr(node, "all-jitted");
    char *il = NULL;
    int il_line = 0, bodies = 0, rc = 0, none = !method && !token, all_jitted = all && parse_bool(all);

    memset(rq, 0, sizeof *rq);
    rq->revert = revert;
    if (request_il(ld, node, &il, &il_line) < 0) {
        rc = -1;
        goto out;
    }
    if (method && token) {
        rc = fail_at(ld, node, "<%s> takes method=\"...\" or token=\"...\" with assembly=\"...\", not both",
                     (const char *)node->name);
        goto out;
    }
    if (all_jitted && revert) {
        rc = fail_at(ld, node, "all-jitted=\"true\" goes on <rejit> or <rejit-with-inliners>");
        goto out;
    }
    if (!method && !token && !method_optional && !all_jitted) {
        rc = fail_at(ld, node, "<%s> takes method=\"...\" or token=\"...\" with assembly=\"...\"",
                     (const char *)node->name);
        goto out;
    }
    if (token && !assembly) {
        rc = fail_at(ld, node, "token=\"...\" needs assembly=\"...\" (whose module holds it)");
        goto out;
    }
    if (token_step && !token) {
        rc = fail_at(ld, node, "token-step=\"...\" goes with token=\"...\"");
        goto out;
    }
    if (assembly && !token) {
        rc = fail_at(ld, node, "assembly=\"...\" goes with token=\"...\"; a method name already names its assembly");
        goto out;
    }
    if (method) {
        char *copy = strdup(method), *save = NULL;
        int count = 0;

        if (!copy) {
            rc = load_oom(ld);
            goto out;
        }
        for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
            count++;
            if (strlen(w) > REQUEST_NAME_MAX) {
                rc = fail_at(ld, node, "method name %d is %zu bytes long; a name may have %d", count, strlen(w),
                             REQUEST_NAME_MAX);
                break;
            }
            if (!method_name_ok(w)) {
                rc = fail_at(ld, node, "method '%.80s%s' is not of the form Assembly!Namespace.Type::Method", w,
                             strlen(w) > 80 ? "..." : "");
                break;
            }
        }
        free(copy);
        if (rc == 0 && count == 0)
            rc = fail_at(ld, node, "method=\"\" names no method");
        if (rc < 0)
            goto out;
    }
    if (token && parse_u32(token, &rq->raw_token) < 0) {
        rc = fail_at(ld, node, "token must be a 32-bit number");
        goto out;
    }
    if (token_step && load_token_step(ld, node, token_step, &rq->raw_token) < 0) {
        rc = -1;
        goto out;
    }
    bodies = (il != NULL) + (prologue != NULL) + (original && parse_bool(original));
    if (bodies > 1 || (revert && bodies)) {
        rc = fail_at(ld, node, revert ? "<revert> takes no new body (il, prologue, original)"
                                       : "<rejit> takes one of il, prologue, original");
        goto out;
    }
    if (il && strlen(il) > REQUEST_IL_MAX) {
        rc = err_set(ld->e, "%s:%d: the IL text is %zu bytes long; a request may carry %d", ld->name, il_line,
                     strlen(il), REQUEST_IL_MAX);
        goto out;
    }
    if (il) {
        struct il_error ie;

        memset(&ie, 0, sizeof ie);
        if (il_check(il, &ie) < 0) {
            rc = err_set(ld->e, "%s:%d: IL %d:%d: %s", ld->name, il_line, ie.line, ie.column, ie.msg);
            goto out;
        }
        rq->body = BODY_TEXT;
    } else if (prologue) {
        if (strlen(prologue) > REQUEST_NAME_MAX || !method_name_ok(prologue)) {
            rc = fail_at(ld, node, "prologue '%.80s%s' is not of the form Assembly!Namespace.Type::Method",
                         prologue, strlen(prologue) > 80 ? "..." : "");
            goto out;
        }
        rq->body = BODY_PROLOGUE;
    } else if (original && parse_bool(original)) {
        rq->body = BODY_ORIGINAL;
    }
    if (il_map && (revert || !il_map_ok(il_map) || strlen(il_map) > 4000)) {
        rc = fail_at(ld, node, revert ? "<revert> takes no il-map" : "il-map=\"%.80s\" is not OLD:NEW pairs of IL "
                                                                     "offsets separated by spaces (at most 4000 bytes)",
                     il_map);
        goto out;
    }
    rq->all_jitted = all_jitted;
    none = none && !all_jitted;
    if (load_request_flags(ld, node, rq) < 0) {
        rc = -1;
        goto out;
    }
    if (call && strcmp(call, "zero-count") == 0)
        rq->call = CALL_MODE_ZERO_COUNT;
    else if (call && strcmp(call, "null-arrays") == 0)
        rq->call = CALL_MODE_NULL_ARRAYS;
    else if (call && strcmp(call, "null-modules") == 0)
        rq->call = CALL_MODE_NULL_MODULES;
    else if (call && strcmp(call, "null-methods") == 0)
        rq->call = CALL_MODE_NULL_METHODS;
    else if (call && strcmp(call, "null-statuses") == 0)
        rq->call = CALL_MODE_NULL_STATUSES;
    if (rq->call == CALL_MODE_NULL_STATUSES && !revert) {
        rc = fail_at(ld, node, "call=\"null-statuses\" is for <revert>: only RequestRevert has a status array");
        goto out;
    }
    if (dup_to(&rq->methods, method) < 0 || dup_to(&rq->raw_assembly, assembly) < 0 ||
        dup_to(&rq->il, il ? il : prologue) < 0 || dup_to(&rq->il_map, il_map) < 0)
        rc = load_oom(ld);
out:
    free(il);
    xmlFree(method);
    xmlFree(token);
    xmlFree(assembly);
    xmlFree(prologue);
    xmlFree(original);
    xmlFree(call);
    xmlFree(token_step);
    xmlFree(il_map);
    xmlFree(all);
    if (rc < 0) {
        request_spec_release(rq);
        return -1;
    }
    return none;
}
