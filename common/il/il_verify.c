/*
 * il_verify.c - checks a binary method body the way the runtime will read
 * it (ECMA-335 II.25.4 for the header and EH sections, Partition III for
 * the code) and reports the first defect.
 *
 * Passes: il_method_parse for the header and EH sections; decoding, which
 * finds every instruction's start and checks opcodes and operand sizes;
 * the structural checks (the last instruction must not fall through, which
 * the JIT rejects even in unreachable code; branch and switch targets; EH
 * clause boundaries); then, when every call's shape is known, a simulation
 * of the stack depth along every reachable path with the rules of
 * il_asm.c's simulation.  Messages name the IL offset as IL_xxxx.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "il_internal.h"

#define DEPTH_UNSEEN (-1L)

#define OP_JMP 0x27u
#define OP_CALL 0x28u
#define OP_CALLI 0x29u
#define OP_RET 0x2Au
#define OP_CALLVIRT 0x6Fu
#define OP_NEWOBJ 0x73u
#define OP_ENDFINALLY 0xDCu
#define OP_LEAVE 0xDDu
#define OP_LEAVE_S 0xDEu
#define OP_ENDFILTER 0xFE11u

struct vinsn {
    uint32_t off, next;            /* start, and the start of what follows */
    const struct il_opcode *op;
    const uint8_t *operand;        /* into the code; op->size bytes after off */
    struct il_call_shape shape;    /* calls: what call_shape said */
};

struct verifier {
    const struct il_method *m;
    const struct il_verify_context *vc;
    struct il_error *err;
    struct vinsn *insns;
    size_t n;
    uint32_t *at;                  /* per code offset: instruction index + 1 at a start, else 0 */
    long *depth;                   /* per instruction; DEPTH_UNSEEN until reached */
    size_t *work;
    size_t nwork;
    unsigned char *try_start;      /* per instruction */
    int returns;                   /* 0, 1, or -1: 0 or 1, the same at every ret */
    long ret_depth;                /* returns == -1: what the first ret left, or -1 */
    uint32_t ret_off;
};

static uint32_t rd32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static int is_call(const struct il_opcode *op)
{
    return op->value == OP_CALL || op->value == OP_CALLVIRT || op->value == OP_NEWOBJ || op->value == OP_CALLI;
}

/* ---- decoding ---- */

/* Bytes of the operand of op whose operand bytes start at b, of which left
 * are inside the code; more than left when it does not fit. */
static uint64_t operand_size(const struct il_opcode *op, const uint8_t *b, uint32_t left)
{
    if (op->operand != IL_OP_SWITCH)
        return il_operand_size(op->operand);
    /* A count, then that many int32 targets. */
    if (left < 4)
        return 4;
    return 4 + 4 * (uint64_t)rd32(b);
}

static int decode_one(struct verifier *v, uint32_t off, struct vinsn *in)
{
    const uint8_t *c = v->m->code;
    uint32_t size = v->m->code_size, left;
    uint16_t value = c[off];
    uint64_t need;

    if (value == 0xFE) {
        if (size - off < 2)
            return il_fail(v->err, 0, 0, "IL_%04x: two-byte opcode is truncated (code size 0x%x)", off, size);
        value = (uint16_t)(0xFE00u | c[off + 1]);
    }
    in->op = il_opcode_by_value(value);
    if (!in->op) {
        if (value > 0xFF)
            return il_fail(v->err, 0, 0, "IL_%04x: unknown opcode 0xFE 0x%02X", off, value & 0xFFu);
        return il_fail(v->err, 0, 0, "IL_%04x: unknown opcode 0x%02X", off, value);
    }
    left = size - off - in->op->size;
    need = operand_size(in->op, c + off + in->op->size, left);
    if (need > left)
        return il_fail(v->err, 0, 0, "IL_%04x: %s operand is truncated (%llu bytes, code size 0x%x)", off,
                       in->op->name, (unsigned long long)need, size);
    in->off = off;
    in->next = off + in->op->size + (uint32_t)need;
    in->operand = c + off + in->op->size;
    return 0;
}

static int decode(struct verifier *v)
{
    uint32_t size = v->m->code_size, off = 0;
    size_t cap = 0;

    v->at = calloc((size_t)size + 1, sizeof *v->at);
    if (!v->at)
        return il_fail(v->err, 0, 0, "out of memory");
    while (off < size) {
        struct vinsn *in;

        if (v->n == cap) {
            size_t ncap = cap ? 2 * cap : 64;
            struct vinsn *g = realloc(v->insns, ncap * sizeof *g);

            if (!g)
                return il_fail(v->err, 0, 0, "out of memory");
            v->insns = g;
            cap = ncap;
        }
        in = &v->insns[v->n];
        memset(in, 0, sizeof *in);
        if (decode_one(v, off, in) < 0)
            return -1;
        v->at[off] = (uint32_t)(++v->n);
        off = in->next;
    }
    return 0;
}

/* ---- structure ---- */

/* Whether control can go on to the next instruction. */
static int falls_through(const struct il_opcode *op)
{
    switch (op->flow) {
    case IL_FLOW_BRANCH:
    case IL_FLOW_RETURN:
    case IL_FLOW_THROW:
        return 0;
    case IL_FLOW_CALL:
        return op->value != OP_JMP;
    default:
        return 1;
    }
}

/* Number of branch targets of in (switch: its count). */
static uint32_t target_count(const struct vinsn *in)
{
    switch (in->op->operand) {
    case IL_OP_BRANCH8:
    case IL_OP_BRANCH32:
        return 1;
    case IL_OP_SWITCH:
        return rd32(in->operand);
    default:
        return 0;
    }
}

/* Target k of in, relative to the end of the instruction. */
static int64_t target_of(const struct vinsn *in, uint32_t k)
{
    int64_t rel;

    if (in->op->operand == IL_OP_BRANCH8)
        rel = (int8_t)in->operand[0];
    else if (in->op->operand == IL_OP_BRANCH32)
        rel = (int32_t)rd32(in->operand);
    else
        rel = (int32_t)rd32(in->operand + 4 + 4 * (size_t)k);
    return (int64_t)in->next + rel;
}

static int check_targets(struct verifier *v, const struct vinsn *in)
{
    uint32_t count = target_count(in), size = v->m->code_size;
    char what[48];

    for (uint32_t k = 0; k < count; k++) {
        int64_t t = target_of(in, k);

        if (in->op->operand == IL_OP_SWITCH)
            snprintf(what, sizeof what, "switch target %u", k);
        else
            snprintf(what, sizeof what, "%s target", in->op->name);
        if (t < 0)
            return il_fail(v->err, 0, 0, "IL_%04x: %s -0x%llx is outside the code (size 0x%x)", in->off, what,
                           (unsigned long long)-t, size);
        if (t >= size)
            return il_fail(v->err, 0, 0, "IL_%04x: %s IL_%04llx is outside the code (size 0x%x)", in->off, what,
                           (unsigned long long)t, size);
        if (!v->at[t])
            return il_fail(v->err, 0, 0, "IL_%04x: %s IL_%04llx is inside an instruction", in->off, what,
                           (unsigned long long)t);
    }
    return 0;
}

/* A clause's start (end = 0) or end (end = 1: the code's end is allowed). */
static int check_point(struct verifier *v, size_t clause, const char *what, uint64_t pos, int end)
{
    uint32_t size = v->m->code_size;

    if (pos > size || (pos == size && !end))
        return il_fail(v->err, 0, 0, "EH clause %zu: %s IL_%04llx is outside the code (size 0x%x)", clause, what,
                       (unsigned long long)pos, size);
    if (pos < size && !v->at[pos])
        return il_fail(v->err, 0, 0, "EH clause %zu: %s IL_%04llx is inside an instruction", clause, what,
                       (unsigned long long)pos);
    return 0;
}

static int check_clause(struct verifier *v, size_t i)
{
    const struct il_eh_clause *c = &v->m->clauses[i];
    size_t no = i + 1;

    if (c->flags != IL_EH_CATCH && c->flags != IL_EH_FILTER && c->flags != IL_EH_FINALLY && c->flags != IL_EH_FAULT)
        return il_fail(v->err, 0, 0, "EH clause %zu: unknown kind 0x%x", no, c->flags);
    if (check_point(v, no, "try start", c->try_offset, 0) < 0 ||
        check_point(v, no, "try end", (uint64_t)c->try_offset + c->try_length, 1) < 0 ||
        check_point(v, no, "handler start", c->handler_offset, 0) < 0 ||
        check_point(v, no, "handler end", (uint64_t)c->handler_offset + c->handler_length, 1) < 0)
        return -1;
    if (c->flags == IL_EH_FILTER && check_point(v, no, "filter start", c->class_token_or_filter, 0) < 0)
        return -1;
    if (c->try_length == 0)
        return il_fail(v->err, 0, 0, "EH clause %zu: the try block at IL_%04x is empty", no, c->try_offset);
    if (c->handler_length == 0)
        return il_fail(v->err, 0, 0, "EH clause %zu: the handler at IL_%04x is empty", no, c->handler_offset);
    /* The filter runs from its start to the handler's (II.19). */
    if (c->flags == IL_EH_FILTER && c->class_token_or_filter >= c->handler_offset)
        return il_fail(v->err, 0, 0, "EH clause %zu: filter IL_%04x does not start before its handler IL_%04x", no,
                       c->class_token_or_filter, c->handler_offset);
    return 0;
}

static int check_structure(struct verifier *v)
{
    const struct vinsn *last = &v->insns[v->n - 1];

    if (falls_through(last->op))
        return il_fail(v->err, 0, 0, "IL_%04x: control runs off the end of the code", last->off);
    for (size_t i = 0; i < v->n; i++) {
        if (check_targets(v, &v->insns[i]) < 0)
            return -1;
    }
    for (size_t i = 0; i < v->m->nclauses; i++) {
        if (check_clause(v, i) < 0)
            return -1;
    }
    return 0;
}

/* ---- the stack ---- */

/* Asks for every call's shape; 1 when all are known, 0 when one is not. */
static int shapes_known(struct verifier *v)
{
    const struct il_verify_context *vc = v->vc;

    for (size_t i = 0; i < v->n; i++) {
        struct vinsn *in = &v->insns[i];

        if (!is_call(in->op))
            continue;
        if (!vc || !vc->call_shape)
            return 0;
        in->shape.params = -1;
        in->shape.has_this = 0;
        in->shape.returns = 0;
        if (vc->call_shape(vc->ctx, in->op->value, rd32(in->operand), &in->shape) < 0 || in->shape.params < 0)
            return 0;
    }
    return 1;
}

static long index_of(const struct verifier *v, uint32_t off)
{
    return (long)v->at[off] - 1;
}

/* Control reaches instruction target with d items from the instruction at
 * from (for a handler's entry: the handler itself). */
static int flow_to(struct verifier *v, size_t target, long d, uint32_t from)
{
    uint32_t off = v->insns[target].off;
    long cur = v->depth[target];

    if (v->try_start[target] && d > 0)
        return il_fail(v->err, 0, 0, "IL_%04x: stack depth %ld at the start of a try block (from IL_%04x)", off, d,
                       from);
    if (cur == d)
        return 0;
    if (cur != DEPTH_UNSEEN)
        return il_fail(v->err, 0, 0, "IL_%04x: paths join with stack depths %ld and %ld (from IL_%04x)", off, cur, d,
                       from);
    v->depth[target] = d;
    v->work[v->nwork++] = target;
    return 0;
}

static int step_ret(struct verifier *v, const struct vinsn *in, long d)
{
    if (v->returns >= 0) {
        if (d < v->returns)
            return il_fail(v->err, 0, 0, "IL_%04x: stack underflow (pop %d, depth %ld)", in->off, v->returns, d);
        if (d > v->returns)
            return il_fail(v->err, 0, 0, "IL_%04x: ret with stack depth %ld, expected %d", in->off, d, v->returns);
        return 0;
    }
    if (d > 1)
        return il_fail(v->err, 0, 0, "IL_%04x: ret with stack depth %ld, expected 0 or 1", in->off, d);
    if (v->ret_depth < 0) {
        v->ret_depth = d;
        v->ret_off = in->off;
    } else if (v->ret_depth != d) {
        return il_fail(v->err, 0, 0, "IL_%04x: ret with stack depth %ld, but %ld at the ret at IL_%04x", in->off, d,
                       v->ret_depth, v->ret_off);
    }
    return 0;
}

/* The items in pops and pushes; calls take theirs from the shape. */
static void effect(const struct vinsn *in, long *pops, long *pushes)
{
    const struct il_call_shape *sh = &in->shape;

    *pops = in->op->pops;
    *pushes = in->op->pushes;
    if (!is_call(in->op))
        return;
    if (in->op->value == OP_NEWOBJ) {
        /* The constructor's this is the new object, not a stack item. */
        *pops = sh->params;
        *pushes = 1;
        return;
    }
    *pops = (long)sh->params + (sh->has_this ? 1 : 0) + (in->op->value == OP_CALLI ? 1 : 0);
    *pushes = sh->returns ? 1 : 0;
}

static int step(struct verifier *v, size_t i)
{
    const struct vinsn *in = &v->insns[i];
    long d = v->depth[i], pops, pushes, nd;

    if (in->op->value == OP_RET)
        return step_ret(v, in, d);
    effect(in, &pops, &pushes);
    if (d < pops)
        return il_fail(v->err, 0, 0, "IL_%04x: stack underflow (pop %ld, depth %ld)", in->off, pops, d);
    nd = d - pops + pushes;
    if (nd > v->m->max_stack)
        return il_fail(v->err, 0, 0, "IL_%04x: stack depth %ld exceeds max stack %u", in->off, nd, v->m->max_stack);
    switch (in->op->value) {
    case OP_ENDFINALLY:
        return 0;
    case OP_ENDFILTER:
        if (d != 1)
            return il_fail(v->err, 0, 0, "IL_%04x: endfilter with stack depth %ld, expected 1", in->off, d);
        return 0;
    case OP_JMP:
        if (d != 0)
            return il_fail(v->err, 0, 0, "IL_%04x: jmp with stack depth %ld, expected 0", in->off, d);
        return 0;
    case OP_LEAVE:
    case OP_LEAVE_S: /* empties the stack */
        return flow_to(v, (size_t)index_of(v, (uint32_t)target_of(in, 0)), 0, in->off);
    default:
        break;
    }
    switch (in->op->flow) {
    case IL_FLOW_THROW:
    case IL_FLOW_RETURN:
        return 0;
    case IL_FLOW_BRANCH:
        return flow_to(v, (size_t)index_of(v, (uint32_t)target_of(in, 0)), nd, in->off);
    case IL_FLOW_COND_BRANCH:
        for (uint32_t k = 0; k < target_count(in); k++) {
            if (flow_to(v, (size_t)index_of(v, (uint32_t)target_of(in, k)), nd, in->off) < 0)
                return -1;
        }
        break;
    default:
        break;
    }
    /* check_structure made sure the last instruction does not get here. */
    return flow_to(v, i + 1, nd, in->off);
}

/* A handler or filter entered with d items. */
static int enter(struct verifier *v, uint32_t off, long d)
{
    if (d > v->m->max_stack)
        return il_fail(v->err, 0, 0, "IL_%04x: stack depth %ld exceeds max stack %u", off, d, v->m->max_stack);
    return flow_to(v, (size_t)index_of(v, off), d, off);
}

static int check_stack(struct verifier *v)
{
    const struct il_method *m = v->m;

    v->depth = malloc(v->n * sizeof *v->depth);
    v->work = malloc(v->n * sizeof *v->work);
    v->try_start = calloc(v->n, 1);
    if (!v->depth || !v->work || !v->try_start)
        return il_fail(v->err, 0, 0, "out of memory");
    for (size_t i = 0; i < v->n; i++)
        v->depth[i] = DEPTH_UNSEEN;
    for (size_t i = 0; i < m->nclauses; i++)
        v->try_start[index_of(v, m->clauses[i].try_offset)] = 1;
    if (flow_to(v, 0, 0, 0) < 0)
        return -1;
    for (size_t i = 0; i < m->nclauses; i++) {
        const struct il_eh_clause *c = &m->clauses[i];
        int one = c->flags == IL_EH_CATCH || c->flags == IL_EH_FILTER;

        if (enter(v, c->handler_offset, one ? 1 : 0) < 0)
            return -1;
        if (c->flags == IL_EH_FILTER && enter(v, c->class_token_or_filter, 1) < 0)
            return -1;
    }
    /* Each instruction is queued once: its depth never changes after. */
    while (v->nwork > 0) {
        if (step(v, v->work[--v->nwork]) < 0)
            return -1;
    }
    return 0;
}

/* ---- entry point ---- */

static int verify(struct verifier *v)
{
    if (v->m->code_size == 0)
        return il_fail(v->err, 0, 0, "the method has no code");
    if (decode(v) < 0 || check_structure(v) < 0)
        return -1;
    if (!shapes_known(v))
        return 0;
    return check_stack(v);
}

int il_verify(const uint8_t *body, size_t len, const struct il_verify_context *ctx, struct il_error *err)
{
    struct il_error scratch;
    struct il_method m;
    struct verifier v;
    int rc;

    if (!err)
        err = &scratch;
    il_error_init(err);
    if (il_method_parse(body, len, &m, err) < 0)
        return -1;
    memset(&v, 0, sizeof v);
    v.m = &m;
    v.vc = ctx;
    v.err = err;
    v.returns = !ctx || ctx->returns < 0 ? -1 : ctx->returns > 0;
    v.ret_depth = -1;
    rc = verify(&v);
    free(v.insns);
    free(v.at);
    free(v.depth);
    free(v.work);
    free(v.try_start);
    il_method_release(&m);
    return rc;
}
