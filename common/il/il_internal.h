/*
 * il_internal.h - what the parser hands the assembler; private to il/.
 */
#ifndef PROFCHECK_IL_INTERNAL_H
#define PROFCHECK_IL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "il.h"

/* ECMA-335 II.23.1.16 element types used in local signatures. */
#define IL_ELEMENT_CLASS 0x12u
#define IL_ELEMENT_VALUETYPE 0x11u
#define IL_ELEMENT_SZARRAY 0x1Du
#define IL_LOCAL_SIG 0x07u

/* The longest instruction text quoted in a message. */
#define IL_QUOTE_MAX 64

struct il_insn {
    const struct il_opcode *op;
    int line, column;            /* of the opcode */
    int oline, ocolumn;          /* of the operand; the opcode's when there is none */
    size_t src_start, src_end;   /* the instruction's text in il_prog.src */
    uint64_t ival;               /* integer and index operands, two's complement */
    double dval;                 /* ldc.r8 */
    float fval;                  /* ldc.r4 */
    char *str;                   /* ldstr text (UTF-8), or a member or type name */
    size_t str_len;
    enum il_operand_kind name_kind; /* the kind member_token is asked for */
    int raw;                     /* the operand is a raw token */
    int named;                   /* the operand is "$name": a token kept under that name */
    uint32_t token;
    size_t label;                /* branch target, index into il_prog.labels */
    size_t *targets;             /* switch targets, indexes into il_prog.labels */
    size_t ntargets;
};

struct il_label {
    char *name;
    int defined;
    int line, column;            /* the definition, or the first use while undefined */
    size_t insn;                 /* index of the instruction it marks; ninsns for the end */
};

struct il_local {
    uint8_t elem;                /* element type; CLASS or VALUETYPE take a type name */
    int arrays;                  /* number of trailing [] */
    char *type_name;
    int raw;
    uint32_t token;
    int line, column;
};

struct il_try {
    uint32_t flags;              /* IL_EH_* */
    size_t try_start, try_end, handler_start, handler_end, filter; /* label indexes */
    char *class_name;            /* catch clauses */
    int raw;
    uint32_t token;
    int line, column;            /* of ".try" */
};

struct il_prog {
    char *src;
    struct il_insn *insns;
    size_t ninsns, insn_cap;
    struct il_label *labels;
    size_t nlabels, label_cap;
    struct il_local *locals;
    size_t nlocals, local_cap;
    int has_locals, init_locals;
    int locals_line, locals_column;
    long maxstack;               /* -1 when absent */
    int maxstack_line, maxstack_column;
    struct il_try *tries;
    size_t ntries, try_cap;
};

/* Bytes of an operand of this kind; for IL_OP_SWITCH only its count (4),
 * the targets follow. */
size_t il_operand_size(enum il_operand_kind kind);

/* Formats err->msg and sets the position; returns -1. */
int il_fail(struct il_error *err, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The instruction's text on one line, cut to IL_QUOTE_MAX bytes. */
void il_insn_quote(const struct il_prog *p, const struct il_insn *in, char *buf, size_t size);

/* Whether the opcode addresses a local variable; *fixed gets the index of
 * ldloc.N / stloc.N, -1 for the forms with an operand. */
int il_opcode_is_local(const struct il_opcode *op, int *fixed);

/* A method body from its parts: code is prefix followed by code. */
int il_body_build(const uint8_t *prefix, size_t prefix_len, const uint8_t *code, size_t code_len,
                  uint32_t max_stack, uint32_t local_sig, int init_locals, const struct il_eh_clause *clauses,
                  size_t nclauses, uint32_t clause_shift, int force_fat, struct il_body *out,
                  struct il_error *err);

#endif
