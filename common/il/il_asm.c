/*
 * il_asm.c - struct il_prog into code bytes and method bodies.
 *
 * Three passes: instruction offsets (every instruction has a fixed size,
 * short forms are kept as written), encoding with the tokens from the
 * resolver, then a simulation of the stack depth along every path, which
 * gives the max stack and finds underflows, joins with different depths
 * and wrong depths at ret.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "il_internal.h"

#define DEPTH_UNSEEN LONG_MIN
#define DEPTH_UNKNOWN (-1L)

/* Largest code accepted: offsets must fit an int32 branch. */
#define CODE_MAX 0x7FFFFFFFu

struct asm_opts {
    int returns;        /* 0 or 1; -1: 0 or 1, the same at every ret */
    int unknown_shapes; /* calls of unknown shape are allowed (il_check) */
    int code_only;      /* il_assemble_code: control may leave at the end */
};

struct asm_out {
    uint8_t *code;
    size_t len;
    long max_stack;
    uint32_t local_sig;
    struct il_eh_clause *clauses;
    size_t nclauses;
};

struct assembler {
    const struct il_prog *p;
    const struct il_resolver *r;
    const struct asm_opts *o;
    struct il_error *err;
    uint32_t *offs;               /* offs[i]: offset of instruction i; offs[ninsns]: code size */
    struct il_call_shape *shapes; /* per instruction, for calls */
    uint8_t *code;
    size_t len;
};

static void put_le16(uint8_t *b, uint16_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

static void put_le64(uint8_t *b, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

size_t il_compress_u32(uint32_t v, uint8_t out[4])
{
    if (v <= 0x7F) {
        out[0] = (uint8_t)v;
        return 1;
    }
    if (v <= 0x3FFF) {
        out[0] = (uint8_t)(0x80 | (v >> 8));
        out[1] = (uint8_t)v;
        return 2;
    }
    if (v <= 0x1FFFFFFF) {
        out[0] = (uint8_t)(0xC0 | (v >> 24));
        out[1] = (uint8_t)(v >> 16);
        out[2] = (uint8_t)(v >> 8);
        out[3] = (uint8_t)v;
        return 4;
    }
    return 0;
}

static size_t operand_size(const struct il_insn *in)
{
    if (in->op->operand == IL_OP_SWITCH)
        return 4 + 4 * in->ntargets;
    return il_operand_size(in->op->operand);
}

/* Fails at instruction i, naming it and its offset after the message. */
static int fail_at(struct assembler *a, size_t i, const char *what)
{
    const struct il_insn *in = &a->p->insns[i];
    char q[IL_QUOTE_MAX + 8];

    il_insn_quote(a->p, in, q, sizeof q);
    return il_fail(a->err, in->line, in->column, "%s at '%s' (offset %u)", what, q, a->offs[i]);
}

/* Resolver failures get the position of the operand and a message when the
 * resolver gave none. */
static int resolver_failed(struct assembler *a, int line, int column, const char *name)
{
    a->err->line = line;
    a->err->column = column;
    if (a->err->msg[0] == '\0')
        il_fail(a->err, line, column, "cannot resolve '%s'", name);
    return -1;
}

static int needs_shape(const struct il_opcode *op)
{
    return op->value == 0x28 || op->value == 0x6F || op->value == 0x73 || op->value == 0x29;
}

static int resolve_operand(struct assembler *a, size_t i, uint32_t *token)
{
    const struct il_insn *in = &a->p->insns[i];
    const struct il_resolver *r = a->r;
    struct il_call_shape *shape = &a->shapes[i];
    enum il_operand_kind kind;

    shape->params = -1;
    shape->has_this = 0;
    shape->returns = 0;
    if (in->named) {
        /* "$name": the resolver knows the token; the kind is the opcode's. */
        kind = in->op->operand;
        if (!r || !r->member_token)
            return il_fail(a->err, in->oline, in->ocolumn, "no resolver for '%s'", in->str);
        *token = 0;
        a->err->msg[0] = '\0';
        if (r->member_token(r->ctx, kind, in->str, token, (kind == IL_OP_METHOD || kind == IL_OP_SIG) ? shape : NULL,
                            a->err) < 0)
            return resolver_failed(a, in->oline, in->ocolumn, in->str);
        return 0;
    }
    if (in->op->operand == IL_OP_STRING) {
        if (!r || !r->string_token)
            return il_fail(a->err, in->oline, in->ocolumn, "no resolver for the string of '%s'", in->op->name);
        a->err->msg[0] = '\0';
        if (r->string_token(r->ctx, in->str, in->str_len, token, a->err) < 0)
            return resolver_failed(a, in->oline, in->ocolumn, in->str);
        return 0;
    }
    if (in->raw && !needs_shape(in->op)) {
        *token = in->token;
        return 0;
    }
    kind = in->raw ? in->op->operand : in->name_kind;
    if (!r || !r->member_token)
        return il_fail(a->err, in->oline, in->ocolumn, "no resolver for '%s'", in->str);
    *token = in->raw ? in->token : 0;
    a->err->msg[0] = '\0';
    if (r->member_token(r->ctx, kind, in->str, token, (kind == IL_OP_METHOD || kind == IL_OP_SIG) ? shape : NULL,
                        a->err) < 0)
        return resolver_failed(a, in->oline, in->ocolumn, in->str);
    return 0;
}

static int label_offset(const struct assembler *a, size_t label, uint32_t *off)
{
    *off = a->offs[a->p->labels[label].insn];
    return 0;
}

static int encode(struct assembler *a)
{
    const struct il_prog *p = a->p;
    size_t total = 0;

    a->offs = calloc(p->ninsns + 1, sizeof *a->offs);
    a->shapes = calloc(p->ninsns + 1, sizeof *a->shapes);
    if (!a->offs || !a->shapes)
        return il_fail(a->err, 0, 0, "out of memory");
    for (size_t i = 0; i < p->ninsns; i++) {
        size_t size = p->insns[i].op->size + operand_size(&p->insns[i]);

        a->offs[i] = (uint32_t)total;
        if (size > CODE_MAX - total)
            return il_fail(a->err, p->insns[i].line, p->insns[i].column, "the code is larger than %u bytes",
                           CODE_MAX);
        total += size;
    }
    a->offs[p->ninsns] = (uint32_t)total;
    a->code = malloc(total ? total : 1);
    if (!a->code)
        return il_fail(a->err, 0, 0, "out of memory");
    a->len = total;
    for (size_t i = 0; i < p->ninsns; i++) {
        const struct il_insn *in = &p->insns[i];
        uint8_t *b = a->code + a->offs[i];
        uint32_t next = a->offs[i + 1], token, target, u32;

        if (in->op->size == 2) {
            *b++ = 0xFE;
            *b++ = (uint8_t)in->op->value;
        } else {
            *b++ = (uint8_t)in->op->value;
        }
        switch (in->op->operand) {
        case IL_OP_NONE:
            break;
        case IL_OP_I8:
        case IL_OP_VAR8:
            *b = (uint8_t)in->ival;
            break;
        case IL_OP_VAR16:
            put_le16(b, (uint16_t)in->ival);
            break;
        case IL_OP_I32:
            put_le32(b, (uint32_t)in->ival);
            break;
        case IL_OP_I64:
            put_le64(b, in->ival);
            break;
        case IL_OP_R4:
            memcpy(&u32, &in->fval, 4);
            put_le32(b, u32);
            break;
        case IL_OP_R8: {
            uint64_t u64;

            memcpy(&u64, &in->dval, 8);
            put_le64(b, u64);
            break;
        }
        case IL_OP_STRING:
        case IL_OP_METHOD:
        case IL_OP_FIELD:
        case IL_OP_TYPE:
        case IL_OP_TOKEN:
        case IL_OP_SIG:
            if (resolve_operand(a, i, &token) < 0)
                return -1;
            put_le32(b, token);
            break;
        case IL_OP_BRANCH8: {
            int64_t rel;

            label_offset(a, in->label, &target);
            rel = (int64_t)target - (int64_t)next;
            if (rel < -128 || rel > 127)
                return il_fail(a->err, in->oline, in->ocolumn, "branch to '%s' is out of range for a short branch",
                               p->labels[in->label].name);
            *b = (uint8_t)(int8_t)rel;
            break;
        }
        case IL_OP_BRANCH32:
            label_offset(a, in->label, &target);
            put_le32(b, (uint32_t)((int64_t)target - (int64_t)next));
            break;
        case IL_OP_SWITCH:
            put_le32(b, (uint32_t)in->ntargets);
            b += 4;
            for (size_t k = 0; k < in->ntargets; k++) {
                label_offset(a, in->targets[k], &target);
                put_le32(b + 4 * k, (uint32_t)((int64_t)target - (int64_t)next));
            }
            break;
        }
    }
    return 0;
}

/* ---- exception clauses ---- */

static int clauses_build(struct assembler *a, struct asm_out *out)
{
    const struct il_prog *p = a->p;

    if (p->ntries == 0)
        return 0;
    out->clauses = calloc(p->ntries, sizeof *out->clauses);
    if (!out->clauses)
        return il_fail(a->err, 0, 0, "out of memory");
    for (size_t i = 0; i < p->ntries; i++) {
        const struct il_try *t = &p->tries[i];
        struct il_eh_clause *c = &out->clauses[i];
        uint32_t ts, te, hs, he, fs = 0;

        label_offset(a, t->try_start, &ts);
        label_offset(a, t->try_end, &te);
        label_offset(a, t->handler_start, &hs);
        label_offset(a, t->handler_end, &he);
        if (te <= ts)
            return il_fail(a->err, t->line, t->column, "the try block from '%s' to '%s' is empty",
                           p->labels[t->try_start].name, p->labels[t->try_end].name);
        if (he <= hs)
            return il_fail(a->err, t->line, t->column, "the handler from '%s' to '%s' is empty",
                           p->labels[t->handler_start].name, p->labels[t->handler_end].name);
        if (t->flags == IL_EH_FILTER) {
            label_offset(a, t->filter, &fs);
            if (fs >= hs)
                return il_fail(a->err, t->line, t->column, "the filter '%s' must start before the handler '%s'",
                               p->labels[t->filter].name, p->labels[t->handler_start].name);
        }
        c->flags = t->flags;
        c->try_offset = ts;
        c->try_length = te - ts;
        c->handler_offset = hs;
        c->handler_length = he - hs;
        if (t->flags == IL_EH_FILTER) {
            c->class_token_or_filter = fs;
        } else if (t->flags == IL_EH_CATCH) {
            if (t->raw) {
                c->class_token_or_filter = t->token;
            } else {
                if (!a->r || !a->r->member_token)
                    return il_fail(a->err, t->line, t->column, "no resolver for '%s'", t->class_name);
                a->err->msg[0] = '\0';
                if (a->r->member_token(a->r->ctx, IL_OP_TYPE, t->class_name, &c->class_token_or_filter, NULL,
                                       a->err) < 0)
                    return resolver_failed(a, t->line, t->column, t->class_name);
            }
        }
        out->nclauses++;
    }
    return 0;
}

/* ---- the local signature (ECMA-335 II.23.2.6) ---- */

static int sig_put(uint8_t **sig, size_t *len, size_t *cap, const uint8_t *b, size_t n)
{
    if (*len + n > *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        uint8_t *g;

        while (ncap < *len + n)
            ncap *= 2;
        g = realloc(*sig, ncap);
        if (!g)
            return -1;
        *sig = g;
        *cap = ncap;
    }
    memcpy(*sig + *len, b, n);
    *len += n;
    return 0;
}

static int locals_build(struct assembler *a, struct asm_out *out)
{
    const struct il_prog *p = a->p;
    uint8_t *sig = NULL, b[8];
    size_t len = 0, cap = 0, n;
    int rc = -1;

    b[0] = IL_LOCAL_SIG;
    n = il_compress_u32((uint32_t)p->nlocals, b + 1);
    if (sig_put(&sig, &len, &cap, b, 1 + n) < 0)
        goto oom;
    for (size_t i = 0; i < p->nlocals; i++) {
        const struct il_local *l = &p->locals[i];
        uint8_t arr = IL_ELEMENT_SZARRAY;

        for (int k = 0; k < l->arrays; k++) {
            if (sig_put(&sig, &len, &cap, &arr, 1) < 0)
                goto oom;
        }
        if (sig_put(&sig, &len, &cap, &l->elem, 1) < 0)
            goto oom;
        if (l->elem == IL_ELEMENT_CLASS || l->elem == IL_ELEMENT_VALUETYPE) {
            uint32_t token = l->raw ? l->token : 0, table, coded;

            if (!l->raw) {
                if (!a->r || !a->r->member_token) {
                    il_fail(a->err, l->line, l->column, "no resolver for '%s'", l->type_name);
                    goto out;
                }
                a->err->msg[0] = '\0';
                if (a->r->member_token(a->r->ctx, IL_OP_TYPE, l->type_name, &token, NULL, a->err) < 0) {
                    resolver_failed(a, l->line, l->column, l->type_name);
                    goto out;
                }
            }
            /* TypeDefOrRefOrSpecEncoded (II.23.2.8): rid << 2 | table tag. */
            table = token >> 24;
            if (table != 0x02 && table != 0x01 && table != 0x1B) {
                il_fail(a->err, l->line, l->column, "token 0x%08X of '%s' is not a TypeDef, TypeRef or TypeSpec",
                        token, l->raw ? "local" : l->type_name);
                goto out;
            }
            coded = (token & 0x00FFFFFFu) << 2 | (table == 0x02 ? 0u : table == 0x01 ? 1u : 2u);
            n = il_compress_u32(coded, b);
            if (sig_put(&sig, &len, &cap, b, n) < 0)
                goto oom;
        }
    }
    if (!a->r || !a->r->sig_token) {
        il_fail(a->err, p->locals_line, p->locals_column, "no resolver for the signature of '.locals'");
        goto out;
    }
    a->err->msg[0] = '\0';
    if (a->r->sig_token(a->r->ctx, sig, len, &out->local_sig, a->err) < 0) {
        resolver_failed(a, p->locals_line, p->locals_column, ".locals");
        goto out;
    }
    rc = 0;
    goto out;
oom:
    il_fail(a->err, p->locals_line, p->locals_column, "out of memory");
out:
    free(sig);
    return rc;
}

/* ---- the stack ---- */

struct sim {
    struct assembler *a;
    long *depth;        /* per instruction, DEPTH_UNSEEN, DEPTH_UNKNOWN or known */
    size_t *work;
    size_t nwork;
    unsigned char *try_start;
    long max;
    long ret_depth;     /* returns == -1: the depth the first ret left */
    size_t ret_insn;
};

/* Control reaches target with d items, from instruction from by a branch
 * (or an EH entry) when branch is set, else by falling through. */
static int flow_to(struct sim *s, size_t target, long d, size_t from, int branch)
{
    struct assembler *a = s->a;
    const struct il_prog *p = a->p;
    char msg[160];
    long cur;

    if (target == p->ninsns) {
        if (!a->o->code_only) {
            if (!branch)
                return fail_at(a, from, "control runs off the end of the code");
            return fail_at(a, from, "branch past the end of the code");
        }
        if (d > 0) {
            snprintf(msg, sizeof msg, "stack depth is %ld where control leaves the code", d);
            return fail_at(a, from, msg);
        }
        return 0;
    }
    if (d > s->max)
        s->max = d;
    if (s->try_start[target] && d > 0)
        return fail_at(a, target, "stack is not empty at the start of a try block");
    cur = s->depth[target];
    if (cur == d || (d == DEPTH_UNKNOWN && cur != DEPTH_UNSEEN))
        return 0;
    if (cur == DEPTH_UNSEEN || cur == DEPTH_UNKNOWN) {
        s->depth[target] = d;
        s->work[s->nwork++] = target;
        return 0;
    }
    snprintf(msg, sizeof msg, "inconsistent stack depth (%ld and %ld)", cur, d);
    return fail_at(a, target, msg);
}

static int sim_ret(struct sim *s, size_t i, long d)
{
    struct assembler *a = s->a;
    int want = a->o->returns;
    char msg[160];

    if (d == DEPTH_UNKNOWN)
        return 0;
    if (want >= 0) {
        if (d < want)
            return fail_at(a, i, "stack underflow");
        if (d > want) {
            snprintf(msg, sizeof msg, "stack depth is %ld instead of %d", d, want);
            return fail_at(a, i, msg);
        }
        return 0;
    }
    if (d > 1) {
        snprintf(msg, sizeof msg, "stack depth is %ld instead of 0 or 1", d);
        return fail_at(a, i, msg);
    }
    if (s->ret_depth < 0) {
        s->ret_depth = d;
        s->ret_insn = i;
    } else if (s->ret_depth != d) {
        const struct il_insn *in = &a->p->insns[i];

        return il_fail(a->err, in->line, in->column,
                       "stack depth at 'ret' (offset %u) is %ld, but %ld at the 'ret' at offset %u", a->offs[i], d,
                       s->ret_depth, a->offs[s->ret_insn]);
    }
    return 0;
}

static int sim_step(struct sim *s, size_t i)
{
    struct assembler *a = s->a;
    const struct il_prog *p = a->p;
    const struct il_insn *in = &p->insns[i];
    const struct il_opcode *op = in->op;
    const struct il_call_shape *sh = &a->shapes[i];
    long d = s->depth[i], pops = op->pops, pushes = op->pushes, nd;
    char msg[160];

    if (op->value == 0x2A)
        return sim_ret(s, i, d);
    if (needs_shape(op)) {
        if (sh->params < 0) {
            if (!a->o->unknown_shapes)
                return fail_at(a, i, "unknown stack effect (the resolver gave no signature)");
            pops = pushes = -1;
        } else if (op->value == 0x73) {
            pops = sh->params;
            pushes = 1;
        } else {
            pops = (long)sh->params + (sh->has_this ? 1 : 0) + (op->value == 0x29 ? 1 : 0);
            pushes = sh->returns ? 1 : 0;
        }
    }
    if (d != DEPTH_UNKNOWN && pops >= 0 && d < pops)
        return fail_at(a, i, "stack underflow");
    nd = (d == DEPTH_UNKNOWN || pops < 0) ? DEPTH_UNKNOWN : d - pops + pushes;
    if (nd > s->max)
        s->max = nd;
    switch (op->value) {
    case 0xDC: /* endfinally */
        return 0;
    case 0xFE11: /* endfilter */
        if (d != DEPTH_UNKNOWN && d > 1) {
            snprintf(msg, sizeof msg, "stack depth is %ld instead of 1", d);
            return fail_at(a, i, msg);
        }
        return 0;
    case 0x27: /* jmp */
        if (d != DEPTH_UNKNOWN && d != 0) {
            snprintf(msg, sizeof msg, "stack depth is %ld instead of 0", d);
            return fail_at(a, i, msg);
        }
        return 0;
    case 0xDD: /* leave */
    case 0xDE: /* leave.s: empties the stack */
        return flow_to(s, p->labels[in->label].insn, 0, i, 1);
    default:
        break;
    }
    switch (op->flow) {
    case IL_FLOW_THROW:
    case IL_FLOW_RETURN:
        return 0;
    case IL_FLOW_BRANCH:
        return flow_to(s, p->labels[in->label].insn, nd, i, 1);
    case IL_FLOW_COND_BRANCH:
        if (op->operand == IL_OP_SWITCH) {
            for (size_t k = 0; k < in->ntargets; k++) {
                if (flow_to(s, p->labels[in->targets[k]].insn, nd, i, 1) < 0)
                    return -1;
            }
        } else if (flow_to(s, p->labels[in->label].insn, nd, i, 1) < 0) {
            return -1;
        }
        return flow_to(s, i + 1, nd, i, 0);
    default:
        return flow_to(s, i + 1, nd, i, 0);
    }
}

static int simulate(struct assembler *a, long *max_stack)
{
    const struct il_prog *p = a->p;
    struct sim s;
    int rc = -1;

    memset(&s, 0, sizeof s);
    s.a = a;
    s.ret_depth = -1;
    s.depth = malloc((p->ninsns + 1) * sizeof *s.depth);
    s.work = malloc((2 * p->ninsns + 2) * sizeof *s.work);
    s.try_start = calloc(p->ninsns + 1, 1);
    if (!s.depth || !s.work || !s.try_start) {
        il_fail(a->err, 0, 0, "out of memory");
        goto out;
    }
    for (size_t i = 0; i <= p->ninsns; i++)
        s.depth[i] = DEPTH_UNSEEN;
    for (size_t i = 0; i < p->ntries; i++)
        s.try_start[p->labels[p->tries[i].try_start].insn] = 1;
    if (p->ninsns == 0) {
        if (!a->o->code_only) {
            il_fail(a->err, 0, 0, "the method has no instructions");
            goto out;
        }
        rc = 0;
        goto out;
    }
    if (flow_to(&s, 0, 0, 0, 1) < 0)
        goto out;
    for (size_t i = 0; i < p->ntries; i++) {
        const struct il_try *t = &p->tries[i];
        long entry = (t->flags == IL_EH_CATCH || t->flags == IL_EH_FILTER) ? 1 : 0;

        if (flow_to(&s, p->labels[t->handler_start].insn, entry, p->labels[t->handler_start].insn, 1) < 0)
            goto out;
        if (t->flags == IL_EH_FILTER &&
            flow_to(&s, p->labels[t->filter].insn, 1, p->labels[t->filter].insn, 1) < 0)
            goto out;
    }
    while (s.nwork > 0) {
        if (sim_step(&s, s.work[--s.nwork]) < 0)
            goto out;
    }
    rc = 0;
out:
    *max_stack = s.max;
    free(s.depth);
    free(s.work);
    free(s.try_start);
    return rc;
}

/* ---- entry points ---- */

static int assemble(const struct il_prog *p, const struct il_resolver *r, const struct asm_opts *o,
                    struct asm_out *out, struct il_error *err)
{
    struct assembler a;
    int rc = -1;

    memset(out, 0, sizeof *out);
    memset(&a, 0, sizeof a);
    a.p = p;
    a.r = r;
    a.o = o;
    a.err = err;
    if (o->code_only && p->ntries > 0) {
        il_fail(err, p->tries[0].line, p->tries[0].column, "exception clauses need a method header");
        goto out;
    }
    if (!o->code_only && p->has_locals && locals_build(&a, out) < 0)
        goto out;
    if (encode(&a) < 0 || clauses_build(&a, out) < 0 || simulate(&a, &out->max_stack) < 0)
        goto out;
    if (p->maxstack >= 0) {
        if (out->max_stack > p->maxstack) {
            il_fail(err, p->maxstack_line, p->maxstack_column,
                    "'.maxstack %ld' is less than the %ld stack items the code needs", p->maxstack, out->max_stack);
            goto out;
        }
        out->max_stack = p->maxstack;
    } else if (out->max_stack > 0xFFFF) {
        il_fail(err, 0, 0, "the code needs %ld stack items, more than a method header can declare",
                out->max_stack);
        goto out;
    }
    out->code = a.code;
    out->len = a.len;
    a.code = NULL;
    rc = 0;
out:
    if (rc < 0) {
        free(out->clauses);
        out->clauses = NULL;
        out->nclauses = 0;
    }
    free(a.code);
    free(a.offs);
    free(a.shapes);
    return rc;
}

int il_assemble(const struct il_prog *p, const struct il_resolver *r, int returns_value, struct il_body *out,
                struct il_error *err)
{
    struct asm_opts o = {returns_value ? 1 : 0, 0, 0};
    struct asm_out ao;
    struct il_error scratch;
    int rc;

    if (!err)
        err = &scratch;
    il_error_init(err);
    if (out)
        il_body_init(out);
    if (!p || !out)
        return il_fail(err, 0, 0, "nothing to assemble");
    if (assemble(p, r, &o, &ao, err) < 0)
        return -1;
    rc = il_body_build(NULL, 0, ao.code, ao.len, (uint32_t)ao.max_stack, ao.local_sig, p->init_locals,
                       ao.clauses, ao.nclauses, 0, p->has_locals, out, err);
    free(ao.code);
    free(ao.clauses);
    return rc;
}

int il_assemble_code(const struct il_prog *p, const struct il_resolver *r, uint8_t **code, size_t *len,
                     uint16_t *max_stack, struct il_error *err)
{
    struct asm_opts o = {-1, 0, 1};
    struct asm_out ao;
    struct il_error scratch;

    if (!err)
        err = &scratch;
    il_error_init(err);
    if (!p || !code || !len)
        return il_fail(err, 0, 0, "nothing to assemble");
    *code = NULL;
    *len = 0;
    if (assemble(p, r, &o, &ao, err) < 0)
        return -1;
    *code = ao.code;
    *len = ao.len;
    if (max_stack)
        *max_stack = (uint16_t)ao.max_stack;
    free(ao.clauses);
    return 0;
}

/* ---- checking without a runtime ---- */

static int check_string(void *ctx, const char *utf8, size_t len, uint32_t *token, struct il_error *err)
{
    (void)ctx;
    (void)utf8;
    (void)len;
    (void)err;
    *token = 0x70000001;
    return 0;
}

static int check_member(void *ctx, enum il_operand_kind kind, const char *name, uint32_t *token,
                        struct il_call_shape *shape, struct il_error *err)
{
    (void)ctx;
    (void)name;
    (void)err;
    if (*token == 0) {
        switch (kind) {
        case IL_OP_METHOD: *token = 0x0A000001; break;
        case IL_OP_FIELD: *token = 0x04000001; break;
        case IL_OP_SIG: *token = 0x11000001; break;
        case IL_OP_STRING: *token = 0x70000001; break;
        default: *token = 0x01000001; break;
        }
    }
    if (shape)
        shape->params = -1;
    return 0;
}

static int check_sig(void *ctx, const uint8_t *sig, size_t len, uint32_t *token, struct il_error *err)
{
    (void)ctx;
    (void)sig;
    (void)len;
    (void)err;
    *token = 0x11000001;
    return 0;
}

static int check_text(const char *text, int code_only, struct il_error *err)
{
    struct il_resolver r = {NULL, check_string, check_member, check_sig};
    struct asm_opts o = {-1, 1, code_only};
    struct il_prog *p;
    struct asm_out ao;
    struct il_error scratch;
    int rc;

    if (!err)
        err = &scratch;
    if (il_parse(text, &p, err) < 0)
        return -1;
    rc = assemble(p, &r, &o, &ao, err);
    if (rc == 0) {
        free(ao.code);
        free(ao.clauses);
    }
    il_prog_free(p);
    return rc;
}

int il_check(const char *text, struct il_error *err)
{
    return check_text(text, 0, err);
}

int il_check_code(const char *text, struct il_error *err)
{
    return check_text(text, 1, err);
}
