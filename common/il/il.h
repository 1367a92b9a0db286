/*
 * il.h - a CIL (ECMA-335) text assembler and method-body rewriter.
 *
 * Shared by the harness, which checks the IL of case files when it loads
 * them, and by the reference profiler, which assembles bodies inside the
 * runtime's callbacks and resolves names through the runtime's metadata.
 * No I/O and no global mutable state: every function works on what the
 * caller hands it.  Functions return 0 on success and a negative value on
 * failure, with the reason in a caller-supplied struct il_error.
 *
 * The text form (one instruction per piece; pieces are separated by ';' or
 * newlines, "//" starts a comment that runs to the end of the line):
 *
 *   label:                        defines a label at the next instruction
 *   .maxstack N                   optional; computed when absent
 *   .locals [init] (type [name], ...)
 *   .try L1 to L2 catch Asm!Ns.Type handler L3 to L4
 *   .try L1 to L2 filter LF handler L3 to L4
 *   .try L1 to L2 finally handler L3 to L4
 *   .try L1 to L2 fault handler L3 to L4
 *   opcode [operand]              every ECMA-335 Partition III opcode
 *
 * "to" labels are exclusive ends.  Operands: integers in decimal or 0x hex
 * (negative allowed), floats with '.' or 'e', strings in double quotes with
 * the escapes \" \\ \n \t \r and \u followed by four hex digits, labels,
 * switch lists "(L1, L2)", local/argument indexes, member names
 * "Asm!Ns.Type::Member" (a signature suffix such as "(int32)" is kept as
 * written), type names "Asm!Ns.Type" (an optional leading "class" or
 * "valuetype" is dropped) and raw tokens "0x0A000012".  ldtoken also takes
 * a leading "method" or "field" that tells the resolver which kind of
 * member the name is.  A prefix (tail., volatile., ...) may share its piece
 * with the instruction it prefixes.
 *
 * Line and column numbers count from 1; columns count bytes.
 */
#ifndef PROFCHECK_IL_H
#define PROFCHECK_IL_H

#include <stddef.h>
#include <stdint.h>

struct il_error {
    int line;   /* 0 when the error has no position in the text */
    int column;
    char msg[256];
};

void il_error_init(struct il_error *err);

/* ---- the opcode table (ECMA-335 Partition III) ---- */

enum il_operand_kind {
    IL_OP_NONE,
    IL_OP_I8,       /* int8 (ldc.i4.s), or unsigned int8 (unaligned., no.) */
    IL_OP_I32,
    IL_OP_I64,
    IL_OP_R4,
    IL_OP_R8,
    IL_OP_STRING,   /* user-string token */
    IL_OP_METHOD,
    IL_OP_FIELD,
    IL_OP_TYPE,
    IL_OP_TOKEN,    /* ldtoken: a method, field or type */
    IL_OP_SIG,      /* calli: a StandAloneSig token */
    IL_OP_BRANCH8,
    IL_OP_BRANCH32,
    IL_OP_SWITCH,
    IL_OP_VAR8,
    IL_OP_VAR16
};

enum il_flow {
    IL_FLOW_NEXT,
    IL_FLOW_BRANCH,
    IL_FLOW_COND_BRANCH,
    IL_FLOW_RETURN,  /* ret, endfinally, endfilter */
    IL_FLOW_THROW,
    IL_FLOW_CALL,
    IL_FLOW_META     /* prefixes */
};

struct il_opcode {
    const char *name;
    uint16_t value;  /* 0x00-0xFF, or 0xFExx */
    uint8_t size;    /* bytes of the opcode itself: 1 or 2 */
    enum il_operand_kind operand;
    int8_t pops;     /* stack items; -1 = depends on a signature (calls, ret) */
    int8_t pushes;   /* -1 = depends on a signature */
    uint8_t flow;    /* enum il_flow */
};

/* NULL when unknown.  By name also accepts the aliases ECMA-335 lists
 * (brnull, brzero, brinst, endfault, ldind.u8, ldelem.u8 and the .s forms),
 * returning the entry of the opcode they stand for. */
const struct il_opcode *il_opcode_by_name(const char *name);
const struct il_opcode *il_opcode_by_value(uint16_t value);

/* The table itself, ordered by value. */
const struct il_opcode *il_opcode_table(size_t *count);

/* ---- parsing ---- */

/* Parsed text; opaque. */
struct il_prog;

/* Checks syntax, opcodes, operand forms, label definitions and uses,
 * duplicate labels, local indexes against the .locals count and the
 * .maxstack range. */
int il_parse(const char *text, struct il_prog **out, struct il_error *err);
void il_prog_free(struct il_prog *p);

/* ---- assembling ---- */

/* What a method operand means for the stack, from its signature.  A
 * resolver that cannot tell sets params to -1. */
struct il_call_shape {
    int params;   /* number of declared parameters */
    int has_this; /* instance method */
    int returns;  /* 1 unless void */
};

/*
 * Every callback returns 0 and sets *token, or -1 with err->msg filled
 * (e.g. "no method 'X' in type 'Y'"); the assembler adds the position.
 *
 * member_token is called for every named method, field and type operand
 * (kind says which: IL_OP_METHOD, IL_OP_FIELD, IL_OP_TYPE, IL_OP_TOKEN for
 * an ldtoken name of unknown kind, IL_OP_SIG for calli) and for the class
 * types of .locals and catch clauses.  Raw tokens are used as written
 * without asking, except on call, callvirt, newobj and calli, whose stack
 * effect needs the signature: there name is the token's text, *token is
 * preset to its value and shape->params to -1, and the resolver fills the
 * shape.  shape is NULL for kinds other than IL_OP_METHOD and IL_OP_SIG.
 * An operand written "$name" (any token operand, ldstr's too) goes to
 * member_token as that text, "$" included, with the opcode's operand kind
 * (IL_OP_STRING for ldstr) and *token 0: a token the resolver keeps under
 * that name.
 *
 * string_token gets the text of an ldstr operand as UTF-8 (it may contain
 * NUL characters, hence len).  sig_token gets a LocalVarSig blob.
 */
struct il_resolver {
    void *ctx;
    int (*string_token)(void *ctx, const char *utf8, size_t len, uint32_t *token, struct il_error *err);
    int (*member_token)(void *ctx, enum il_operand_kind kind, const char *name, uint32_t *token,
                        struct il_call_shape *shape, struct il_error *err);
    int (*sig_token)(void *ctx, const uint8_t *sig, size_t len, uint32_t *token, struct il_error *err);
};

/* A complete method body: header, code and EH sections, ready for
 * SetILFunctionBody.  bytes is malloc'd. */
struct il_body {
    uint8_t *bytes;
    size_t len;
};

void il_body_init(struct il_body *b);
void il_body_release(struct il_body *b);

/*
 * Encodes p into a method body: resolves every token through r, computes
 * branch offsets, and computes the max stack by simulating the stack along
 * every path (entry with 0 items, catch and filter handlers with 1, finally
 * and fault handlers with 0; leave and endfinally empty the stack).  Errors
 * on underflow, on different depths where paths join, on a ret that does
 * not leave exactly returns_value (0 or 1) items, on control running off
 * the end of the code and, when .maxstack is given, on code that needs
 * more.  Chooses a tiny header when the code is under 64 bytes, the max
 * stack at most 8, and there are no locals and no EH clauses; a fat header
 * otherwise.
 */
int il_assemble(const struct il_prog *p, const struct il_resolver *r, int returns_value,
                struct il_body *out, struct il_error *err);

/*
 * Assembles only the code bytes of p (no header), e.g. a prefix for
 * il_method_prepend.  The code may run off its end and branch to its end,
 * into whatever code follows it, but only with an empty stack.  A ret may
 * leave 0 or 1 items (the same at every ret).  p must not have EH clauses;
 * its .locals only count for the index check.  *code is malloc'd (free()
 * it); *max_stack is the stack the code needs.
 */
int il_assemble_code(const struct il_prog *p, const struct il_resolver *r, uint8_t **code, size_t *len,
                     uint16_t *max_stack, struct il_error *err);

/*
 * Validation without a runtime: il_parse, then il_assemble with a resolver
 * that accepts every name (dummy tokens) and reports every call's shape as
 * unknown; the stack is then not checked across such calls.  Since it does
 * not know the method's return type, a ret may leave 0 or 1 items, the same
 * at every ret.  il_check_code does the same with il_assemble_code's rules.
 */
int il_check(const char *text, struct il_error *err);
int il_check_code(const char *text, struct il_error *err);

/* The ELEMENT_TYPE of a primitive type as IL text names it ("int32",
 * "string", "object", ...); 0, or -1 when the name is not one. */
int il_prim_elem(const char *name, uint8_t *elem);

/* ECMA-335 II.23.2 compressed unsigned integer: 1, 2 or 4 bytes written to
 * out; 0 when v > 0x1FFFFFFF. */
size_t il_compress_u32(uint32_t v, uint8_t out[4]);

/* ---- existing bodies (ECMA-335 II.25.4) ---- */

#define IL_EH_CATCH 0x0000u   /* typed handler: class_token_or_filter is the class token */
#define IL_EH_FILTER 0x0001u  /* class_token_or_filter is the filter's offset */
#define IL_EH_FINALLY 0x0002u
#define IL_EH_FAULT 0x0004u

struct il_eh_clause {
    uint32_t flags, try_offset, try_length, handler_offset, handler_length, class_token_or_filter;
};

struct il_method {
    int fat;
    uint16_t max_stack;  /* 8 for a tiny header */
    uint32_t code_size;
    uint32_t local_sig;
    int init_locals;
    const uint8_t *code; /* points into the parsed header's buffer */
    struct il_eh_clause *clauses; /* malloc'd; the clauses of every EH section in order */
    size_t nclauses;
    size_t total_len;    /* header + code + padding + EH sections */
};

void il_method_init(struct il_method *m);

/* Parses the body at header: tiny or fat header, EH sections (small or fat,
 * chained by MoreSects) at 4-byte aligned offsets after the code, counted
 * from header, which must be 4-byte aligned for a fat header.  Never reads
 * at or past header + available. */
int il_method_parse(const uint8_t *header, size_t available, struct il_method *out, struct il_error *err);
void il_method_release(struct il_method *m);

/*
 * A new body whose code is prefix (assembled code, no header) followed by
 * m's code.  Every EH clause's try, handler and filter offsets move by
 * prefix_len; branches in the original code are relative and stay as they
 * are.  Max stack is max(m's, prefix_stack); the local signature and init
 * flag are kept.  The header is fat when m's was, when the new code is 64
 * bytes or more, or when the max stack is over 8.  All clauses go into one
 * EH section, in the small format when every clause fits it and in the fat
 * format otherwise.
 */
int il_method_prepend(const struct il_method *m, const uint8_t *prefix, size_t prefix_len,
                      uint16_t prefix_stack, struct il_body *out, struct il_error *err);

/* What il_verify may ask about the body's method and the methods it calls. */
struct il_verify_context {
    void *ctx;
    /* The stack shape of the method a call/callvirt/newobj/calli token names
     * (opcode is the instruction's value, e.g. 0x28 call, 0x73 newobj); 0, or -1
     * when unknown.  NULL: every call's shape is unknown. */
    int (*call_shape)(void *ctx, uint16_t opcode, uint32_t token, struct il_call_shape *shape);
    int returns; /* the method's own return: 1 a value, 0 void, -1 unknown */
};

/* Verifies a method body of len bytes (ECMA-335 II.25.4, Partition III):
 * header and EH sections (il_method_parse), every opcode known, every operand
 * inside the code, every branch and switch target at the start of an
 * instruction inside the code, control never running off the end, EH clauses
 * inside the code and on instruction boundaries (try, handler, filter), and,
 * when every call's shape is known, the stack: no underflow, no more than the
 * header's max stack, the same depth where paths join, catch/filter handlers
 * entered with 1 item, finally/fault with 0, leave emptying the stack, ret
 * leaving `returns` items (0 or 1, the same at every ret, when unknown).
 * ctx may be NULL.  0, or -1 with err->msg naming the IL offset as IL_xxxx
 * (err->line and column stay 0).
 *
 * "Off the end" is structural, as the JIT has it: the last instruction must
 * not fall through even when no path reaches it.  EH clauses must also be
 * of a known kind with non-empty try and handler blocks, a filter must start
 * before its handler, a try block must be entered with an empty stack,
 * endfilter must find 1 item and jmp none.  The stack is simulated only
 * along reachable paths; bytes after the last EH section (or after the code,
 * without sections) are not looked at. */
int il_verify(const uint8_t *body, size_t len, const struct il_verify_context *ctx, struct il_error *err);

#endif
