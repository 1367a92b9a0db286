/*
 * test_il.c - the CIL assembler and body rewriter (common/il):
 * byte sequences worked out by hand from ECMA-335 Partitions II and III,
 * the stack simulation, every parse error with its position, method body
 * parsing on exact-size buffers, and the prologue transform.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "il/il.h"

void test_register(void);

/* ---- a resolver that answers from a table and records what it was asked ---- */

struct fake_member {
    const char *name;
    uint32_t token;
    struct il_call_shape shape;
};

struct fake {
    const struct fake_member *members;
    size_t nmembers;
    uint32_t string_tok;
    char last_string[64];
    size_t last_string_len;
    uint8_t sig[64];
    size_t sig_len;
    int sig_calls;
    enum il_operand_kind last_kind;
    char last_name[128];
};

static int fake_string(void *ctx, const char *utf8, size_t len, uint32_t *token, struct il_error *err)
{
    struct fake *f = ctx;

    (void)err;
    f->last_string_len = len;
    memcpy(f->last_string, utf8, len < sizeof f->last_string ? len : sizeof f->last_string);
    *token = f->string_tok;
    return 0;
}

static int fake_member(void *ctx, enum il_operand_kind kind, const char *name, uint32_t *token,
                       struct il_call_shape *shape, struct il_error *err)
{
    struct fake *f = ctx;

    f->last_kind = kind;
    snprintf(f->last_name, sizeof f->last_name, "%s", name);
    for (size_t i = 0; i < f->nmembers; i++) {
        if (strcmp(f->members[i].name, name) == 0) {
            *token = f->members[i].token;
            if (shape)
                *shape = f->members[i].shape;
            return 0;
        }
    }
    snprintf(err->msg, sizeof err->msg, "no member '%s'", name);
    return -1;
}

static int fake_sig(void *ctx, const uint8_t *sig, size_t len, uint32_t *token, struct il_error *err)
{
    struct fake *f = ctx;

    (void)err;
    f->sig_calls++;
    f->sig_len = len;
    memcpy(f->sig, sig, len < sizeof f->sig ? len : sizeof f->sig);
    *token = 0x11000007;
    return 0;
}

static const struct fake_member members[] = {
    {"Basic!Fixtures.Probe::Hit", 0x0A000012, {0, 0, 0}},
    {"Basic!Fixtures.Math::Add(int32,int32)", 0x0A000013, {2, 0, 1}},
    {"Basic!Fixtures.Math::Inst(int32)", 0x0A000014, {1, 1, 1}},
    {"Basic!Fixtures.Point::.ctor(int32, int32)", 0x0A000015, {2, 1, 0}},
    {"Basic!System.Exception::.ctor", 0x0A000016, {0, 1, 0}},
    {"0x0A000020", 0x0A000020, {1, 0, 0}},
    {"Basic!Fixtures.Probe", 0x02000005, {0, 0, 0}},
    {"Basic!Fixtures.Point", 0x01000003, {0, 0, 0}},
    {"Basic!Fixtures.Far", 0x01000100, {0, 0, 0}},
    {"Basic!System.Exception", 0x01000009, {0, 0, 0}},
    {"Basic!Fixtures.Probe::Count", 0x04000002, {0, 0, 0}},
    {"$greeting", 0x70000042, {0, 0, 0}},
    {"$echo", 0x2B000001, {1, 0, 1}},
    {"$t", 0x02000009, {0, 0, 0}},
};

static void fake_init(struct fake *f, struct il_resolver *r)
{
    memset(f, 0, sizeof *f);
    f->members = members;
    f->nmembers = sizeof members / sizeof members[0];
    f->string_tok = 0x70000001;
    r->ctx = f;
    r->string_token = fake_string;
    r->member_token = fake_member;
    r->sig_token = fake_sig;
}

/* ---- helpers ---- */

/* Parses and assembles text with the fake resolver; 0 or -1. */
static int assemble_text(const char *text, int returns, struct fake *f, struct il_body *body, struct il_error *err)
{
    struct il_resolver r;
    struct il_prog *p = NULL;
    int rc;

    fake_init(f, &r);
    il_body_init(body);
    if (il_parse(text, &p, err) < 0)
        return -1;
    rc = il_assemble(p, &r, returns, body, err);
    il_prog_free(p);
    return rc;
}

static int code_text(const char *text, uint8_t **code, size_t *len, uint16_t *max, struct il_error *err)
{
    struct fake f;
    struct il_resolver r;
    struct il_prog *p = NULL;
    int rc;

    fake_init(&f, &r);
    if (il_parse(text, &p, err) < 0)
        return -1;
    rc = il_assemble_code(p, &r, code, len, max, err);
    il_prog_free(p);
    return rc;
}

static int bytes_equal(const uint8_t *got, size_t got_len, const uint8_t *want, size_t want_len)
{
    if (got_len != want_len) {
        fprintf(stderr, "\nlength %zu, expected %zu\n", got_len, want_len);
        return 0;
    }
    if (memcmp(got, want, want_len) != 0) {
        fprintf(stderr, "\ngot:      ");
        for (size_t i = 0; i < got_len; i++)
            fprintf(stderr, "%02X ", got[i]);
        fprintf(stderr, "\nexpected: ");
        for (size_t i = 0; i < want_len; i++)
            fprintf(stderr, "%02X ", want[i]);
        fprintf(stderr, "\n");
        return 0;
    }
    return 1;
}

/* Assembles text (returning a value when returns) and compares the body. */
static void expect_body(const char *text, int returns, const uint8_t *want, size_t want_len)
{
    struct fake f;
    struct il_body b;
    struct il_error err;
    int rc = assemble_text(text, returns, &f, &b, &err);

    if (rc < 0)
        fprintf(stderr, "\n%s: %d:%d: %s\n", text, err.line, err.column, err.msg);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT(bytes_equal(b.bytes, b.len, want, want_len));
    il_body_release(&b);
    CU_ASSERT_EQUAL(il_check(text, &err), 0);
}

/* The error of il_parse, and the same error from il_check. */
static void expect_parse_error(const char *text, int line, int column, const char *msg)
{
    struct il_prog *p = (struct il_prog *)1;
    struct il_error err;

    CU_ASSERT_EQUAL(il_parse(text, &p, &err), -1);
    CU_ASSERT_PTR_NULL(p);
    if (err.line != line || err.column != column || strcmp(err.msg, msg) != 0)
        fprintf(stderr, "\n%s\n  got      %d:%d: %s\n  expected %d:%d: %s\n", text, err.line, err.column, err.msg,
                line, column, msg);
    CU_ASSERT_EQUAL(err.line, line);
    CU_ASSERT_EQUAL(err.column, column);
    CU_ASSERT_STRING_EQUAL(err.msg, msg);
    memset(&err, 0x55, sizeof err);
    CU_ASSERT_EQUAL(il_check(text, &err), -1);
    CU_ASSERT_EQUAL(err.line, line);
    CU_ASSERT_EQUAL(err.column, column);
    CU_ASSERT_STRING_EQUAL(err.msg, msg);
}

/* The error of il_assemble (the text parses). */
static void expect_asm_error(const char *text, int returns, int line, int column, const char *msg)
{
    struct fake f;
    struct il_body b;
    struct il_error err;
    int rc = assemble_text(text, returns, &f, &b, &err);

    if (rc != -1 || err.line != line || err.column != column || strcmp(err.msg, msg) != 0)
        fprintf(stderr, "\n%s\n  got      %d %d:%d: %s\n  expected %d:%d: %s\n", text, rc, err.line, err.column,
                err.msg, line, column, msg);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_PTR_NULL(b.bytes);
    CU_ASSERT_EQUAL(err.line, line);
    CU_ASSERT_EQUAL(err.column, column);
    CU_ASSERT_STRING_EQUAL(err.msg, msg);
}

/* The max stack il_assemble_code computes for text; -1 on error. */
static long max_stack_of(const char *text)
{
    uint8_t *code = NULL;
    size_t len = 0;
    uint16_t max = 0;
    struct il_error err;

    if (code_text(text, &code, &len, &max, &err) < 0) {
        fprintf(stderr, "\n%s: %d:%d: %s\n", text, err.line, err.column, err.msg);
        return -1;
    }
    free(code);
    return max;
}

static uint16_t rd16(const uint8_t *b)
{
    return (uint16_t)(b[0] | b[1] << 8);
}

static uint32_t rd32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void wr16(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
}

static void wr32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

/* Text of n nops, one per line, between head and tail. */
static char *nops_text(const char *head, size_t n, const char *tail)
{
    size_t len = strlen(head) + n * 4 + strlen(tail) + 1;
    char *t = malloc(len), *w = t;

    if (!t)
        abort();
    w += sprintf(w, "%s", head);
    for (size_t i = 0; i < n; i++)
        w += sprintf(w, "nop\n");
    sprintf(w, "%s", tail);
    return t;
}

/* Parses a copy of bytes[0, len) held in a block of exactly len bytes. */
static int parse_exact(const uint8_t *bytes, size_t len, struct il_method *m, struct il_error *err)
{
    uint8_t *copy = malloc(len ? len : 1);
    int rc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
    if (len)
        memcpy(copy, bytes, len);
    rc = il_method_parse(len ? copy : NULL, len, m, err);
    /* m->code points into copy: callers only look at the other fields. */
    m->code = NULL;
    free(copy);
    return rc;
}

/* Every proper prefix of bytes fails cleanly; the whole parses. */
static void expect_truncations_fail(const uint8_t *bytes, size_t len)
{
    struct il_method m;
    struct il_error err;

    for (size_t n = 0; n < len; n++) {
        il_method_init(&m);
        if (parse_exact(bytes, n, &m, &err) != -1)
            fprintf(stderr, "\nprefix of %zu of %zu bytes parsed\n", n, len);
        CU_ASSERT_EQUAL(parse_exact(bytes, n, &m, &err), -1);
        CU_ASSERT(err.msg[0] != '\0');
        CU_ASSERT_PTR_NULL(m.clauses);
        il_method_release(&m);
    }
    CU_ASSERT_EQUAL(parse_exact(bytes, len, &m, &err), 0);
    CU_ASSERT_EQUAL(m.total_len, len);
    il_method_release(&m);
}

/* ---- the opcode table ---- */

static void test_opcode_spot_checks(void)
{
    static const struct {
        const char *name;
        uint16_t value;
        uint8_t size;
        enum il_operand_kind operand;
    } spots[] = {
        {"nop", 0x00, 1, IL_OP_NONE},          {"ldarg.0", 0x02, 1, IL_OP_NONE},
        {"ldc.i4.s", 0x1F, 1, IL_OP_I8},       {"ldc.i4", 0x20, 1, IL_OP_I32},
        {"ldc.i8", 0x21, 1, IL_OP_I64},        {"ldc.r4", 0x22, 1, IL_OP_R4},
        {"ldc.r8", 0x23, 1, IL_OP_R8},         {"ldstr", 0x72, 1, IL_OP_STRING},
        {"call", 0x28, 1, IL_OP_METHOD},       {"calli", 0x29, 1, IL_OP_SIG},
        {"ret", 0x2A, 1, IL_OP_NONE},          {"br.s", 0x2B, 1, IL_OP_BRANCH8},
        {"br", 0x38, 1, IL_OP_BRANCH32},       {"switch", 0x45, 1, IL_OP_SWITCH},
        {"ldfld", 0x7B, 1, IL_OP_FIELD},       {"box", 0x8C, 1, IL_OP_TYPE},
        {"unbox.any", 0xA5, 1, IL_OP_TYPE},    {"ldtoken", 0xD0, 1, IL_OP_TOKEN},
        {"leave", 0xDD, 1, IL_OP_BRANCH32},    {"leave.s", 0xDE, 1, IL_OP_BRANCH8},
        {"ldloc.s", 0x11, 1, IL_OP_VAR8},      {"conv.u", 0xE0, 1, IL_OP_NONE},
        {"arglist", 0xFE00, 2, IL_OP_NONE},    {"ceq", 0xFE01, 2, IL_OP_NONE},
        {"ldftn", 0xFE06, 2, IL_OP_METHOD},    {"ldarg", 0xFE09, 2, IL_OP_VAR16},
        {"stloc", 0xFE0E, 2, IL_OP_VAR16},     {"endfilter", 0xFE11, 2, IL_OP_NONE},
        {"unaligned.", 0xFE12, 2, IL_OP_I8},   {"initobj", 0xFE15, 2, IL_OP_TYPE},
        {"constrained.", 0xFE16, 2, IL_OP_TYPE}, {"rethrow", 0xFE1A, 2, IL_OP_NONE},
        {"sizeof", 0xFE1C, 2, IL_OP_TYPE},     {"readonly.", 0xFE1E, 2, IL_OP_NONE},
    };

    for (size_t i = 0; i < sizeof spots / sizeof spots[0]; i++) {
        const struct il_opcode *op = il_opcode_by_name(spots[i].name);

        CU_ASSERT_PTR_NOT_NULL_FATAL(op);
        CU_ASSERT_EQUAL(op->value, spots[i].value);
        CU_ASSERT_EQUAL(op->size, spots[i].size);
        CU_ASSERT_EQUAL(op->operand, spots[i].operand);
        CU_ASSERT_PTR_EQUAL(il_opcode_by_value(spots[i].value), op);
    }
    CU_ASSERT_EQUAL(il_opcode_by_name("dup")->pops, 1);
    CU_ASSERT_EQUAL(il_opcode_by_name("dup")->pushes, 2);
    CU_ASSERT_EQUAL(il_opcode_by_name("call")->pops, -1);
    CU_ASSERT_EQUAL(il_opcode_by_name("newobj")->pushes, 1);
    CU_ASSERT_EQUAL(il_opcode_by_name("stelem.ref")->pops, 3);
    CU_ASSERT_EQUAL(il_opcode_by_name("ret")->flow, IL_FLOW_RETURN);
    CU_ASSERT_EQUAL(il_opcode_by_name("throw")->flow, IL_FLOW_THROW);
    CU_ASSERT_EQUAL(il_opcode_by_name("brtrue")->flow, IL_FLOW_COND_BRANCH);
    CU_ASSERT_EQUAL(il_opcode_by_name("tail.")->flow, IL_FLOW_META);
    /* Aliases from Partition III. */
    CU_ASSERT_EQUAL(il_opcode_by_name("brnull")->value, 0x39);
    CU_ASSERT_EQUAL(il_opcode_by_name("brzero.s")->value, 0x2C);
    CU_ASSERT_EQUAL(il_opcode_by_name("brinst")->value, 0x3A);
    CU_ASSERT_EQUAL(il_opcode_by_name("endfault")->value, 0xDC);
    CU_ASSERT_EQUAL(il_opcode_by_name("ldelem.u8")->value, 0x96);
    /* Not ECMA-335 opcodes. */
    CU_ASSERT_PTR_NULL(il_opcode_by_name("ldc.i5"));
    CU_ASSERT_PTR_NULL(il_opcode_by_name("unused"));
    CU_ASSERT_PTR_NULL(il_opcode_by_name("LDC.I4"));
    CU_ASSERT_PTR_NULL(il_opcode_by_name(""));
    CU_ASSERT_PTR_NULL(il_opcode_by_value(0x24));
    CU_ASSERT_PTR_NULL(il_opcode_by_value(0xFE08));
    CU_ASSERT_PTR_NULL(il_opcode_by_value(0xFE23));
    CU_ASSERT_PTR_NULL(il_opcode_by_value(0xFF));
}

static void test_opcode_table_consistent(void)
{
    size_t n = 0;
    const struct il_opcode *t = il_opcode_table(&n);

    CU_ASSERT(n >= 200);
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT_PTR_EQUAL(il_opcode_by_name(t[i].name), &t[i]);
        CU_ASSERT_PTR_EQUAL(il_opcode_by_value(t[i].value), &t[i]);
        CU_ASSERT_EQUAL(t[i].size, t[i].value > 0xFF ? 2 : 1);
        CU_ASSERT(t[i].value <= 0xFF || (t[i].value >> 8) == 0xFE);
        if (i > 0)
            CU_ASSERT(t[i - 1].value < t[i].value);
        for (size_t k = i + 1; k < n; k++) {
            CU_ASSERT(strcmp(t[i].name, t[k].name) != 0);
            CU_ASSERT(t[i].value != t[k].value);
        }
    }
}

/* ---- golden bodies ---- */

static void test_golden_ldc_i4(void)
{
    /* Tiny header: (6 << 2) | 2 = 0x1A; ldc.i4 0x20 + int32 LE; ret 0x2A. */
    static const uint8_t want[] = {0x1A, 0x20, 0x2A, 0x00, 0x00, 0x00, 0x2A};

    expect_body("ldc.i4 42; ret", 1, want, sizeof want);
    expect_body("ldc.i4 0x2A\nret", 1, want, sizeof want);
    expect_body("  ldc.i4   42 // the answer\n\n ; ret ;", 1, want, sizeof want);
}

static void test_golden_constants(void)
{
    static const uint8_t s1[] = {0x0E, 0x1F, 0xFF, 0x2A};
    static const uint8_t s2[] = {0x1A, 0x20, 0x00, 0x00, 0x00, 0x80, 0x2A};
    static const uint8_t s3[] = {0x1A, 0x20, 0xFF, 0xFF, 0xFF, 0xFF, 0x2A};
    static const uint8_t i8[] = {0x2A, 0x21, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x2A};
    static const uint8_t i8n[] = {0x2A, 0x21, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x2A};
    static const uint8_t r8[] = {0x2A, 0x23, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x3F, 0x2A};
    static const uint8_t r4[] = {0x1A, 0x22, 0x00, 0x00, 0xC0, 0x3F, 0x2A};
    static const uint8_t r8e[] = {0x2A, 0x23, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x8F, 0xC0, 0x2A};
    static const uint8_t macros[] = {0x22, 0x15, 0x16, 0x1E, 0x14, 0x26, 0x26, 0x26, 0x2A};

    expect_body("ldc.i4.s -1; ret", 1, s1, sizeof s1);
    expect_body("ldc.i4 -2147483648; ret", 1, s2, sizeof s2);
    expect_body("ldc.i4 0xFFFFFFFF; ret", 1, s3, sizeof s3);
    expect_body("ldc.i8 0x100000000; ret", 1, i8, sizeof i8);
    expect_body("ldc.i8 -2; ret", 1, i8n, sizeof i8n);
    expect_body("ldc.r8 1.5; ret", 1, r8, sizeof r8);
    expect_body("ldc.r4 1.5; ret", 1, r4, sizeof r4);
    /* -1000.0 = 0xC08F400000000000 */
    expect_body("ldc.r8 -1e3; ret", 1, r8e, sizeof r8e);
    expect_body("ldc.i4.m1; ldc.i4.0; ldc.i4.8; ldnull; pop; pop; pop; ret", 1, macros, sizeof macros);
}

static void test_golden_ldstr(void)
{
    static const uint8_t want[] = {0x1A, 0x72, 0x01, 0x00, 0x00, 0x70, 0x2A};
    /* a " b \ c LF TAB CR e-acute (C3 A9) U+1F600 (F0 9F 98 80) NUL */
    static const char text[] = "a\"b\\c\n\t\r\xC3\xA9\xF0\x9F\x98\x80";
    struct fake f;
    struct il_body b;
    struct il_error err;

    expect_body("ldstr \"hi\"; ret", 1, want, sizeof want);
    CU_ASSERT_EQUAL(assemble_text("ldstr \"hi\"; ret", 1, &f, &b, &err), 0);
    CU_ASSERT_EQUAL(f.last_string_len, 2);
    CU_ASSERT_EQUAL(memcmp(f.last_string, "hi", 2), 0);
    il_body_release(&b);

    CU_ASSERT_EQUAL(assemble_text("ldstr \"a\\\"b\\\\c\\n\\t\\r\\u00e9\\uD83D\\uDE00\\u0000\" ; ret", 1, &f, &b,
                                  &err), 0);
    CU_ASSERT_EQUAL(f.last_string_len, sizeof text);
    CU_ASSERT_EQUAL(memcmp(f.last_string, text, sizeof text), 0);
    il_body_release(&b);

    /* ';' and "//" inside a string belong to it. */
    CU_ASSERT_EQUAL(assemble_text("ldstr \"x; // y\"; ret", 1, &f, &b, &err), 0);
    CU_ASSERT_EQUAL(f.last_string_len, 7);
    CU_ASSERT_EQUAL(memcmp(f.last_string, "x; // y", 7), 0);
    il_body_release(&b);
}

static void test_golden_calls(void)
{
    static const uint8_t hit[] = {0x1A, 0x28, 0x12, 0x00, 0x00, 0x0A, 0x2A};
    static const uint8_t add[] = {0x22, 0x17, 0x18, 0x28, 0x13, 0x00, 0x00, 0x0A, 0x2A};
    static const uint8_t raw[] = {0x1E, 0x16, 0x28, 0x20, 0x00, 0x00, 0x0A, 0x2A};
    static const uint8_t fld[] = {0x1A, 0x7E, 0x02, 0x00, 0x00, 0x04, 0x2A};
    struct fake f;
    struct il_body b;
    struct il_error err;

    expect_body("call Basic!Fixtures.Probe::Hit; ret", 0, hit, sizeof hit);
    CU_ASSERT_EQUAL(max_stack_of("call Basic!Fixtures.Probe::Hit"), 0);
    expect_body("ldc.i4.1; ldc.i4.2; call Basic!Fixtures.Math::Add(int32,int32); ret", 1, add, sizeof add);
    CU_ASSERT_EQUAL(max_stack_of("ldc.i4.1; ldc.i4.2; call Basic!Fixtures.Math::Add(int32,int32); pop"), 2);
    /* A raw token on a call still asks the resolver for the shape. */
    CU_ASSERT_EQUAL(assemble_text("ldc.i4.0\ncall 0x0A000020\nret", 0, &f, &b, &err), 0);
    CU_ASSERT_STRING_EQUAL(f.last_name, "0x0A000020");
    CU_ASSERT_EQUAL(f.last_kind, IL_OP_METHOD);
    il_body_release(&b);
    CU_ASSERT_EQUAL(assemble_text("call 0x0A000020\nret", 0, &f, &b, &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "stack underflow at 'call 0x0A000020' (offset 0)");
    expect_body("ldc.i4.0; call 0x0A000020; ret", 0, raw, sizeof raw);
    expect_body("ldsfld Basic!Fixtures.Probe::Count; ret", 1, fld, sizeof fld);
    /* Prefixes, alone or with the instruction they prefix. */
    {
        static const uint8_t want[] = {0x22, 0x14, 0xFE, 0x12, 0x01, 0xFE, 0x13, 0x4A, 0x2A};

        expect_body("ldnull; unaligned. 1; volatile. ldind.i4; ret", 1, want, sizeof want);
        expect_body("ldnull\nunaligned. 1 volatile.\nldind.i4\nret", 1, want, sizeof want);
    }
    /* Raw tokens elsewhere go straight into the code. */
    {
        static const uint8_t want[] = {0x1A, 0x7E, 0x34, 0x12, 0x00, 0x04, 0x2A};

        expect_body("ldsfld 0x04001234; ret", 1, want, sizeof want);
    }
}

/* "$name" operands: the resolver's member_token gets the name, "$" and all,
 * with the opcode's operand kind, ldstr's included. */
static void test_named_tokens(void)
{
    static const uint8_t str[] = {0x1A, 0x72, 0x42, 0x00, 0x00, 0x70, 0x2A};
    static const uint8_t spec[] = {0x3E, 0x23, 0, 0, 0, 0, 0, 0, 0x04, 0x40, 0x28, 0x01, 0x00, 0x00, 0x2B, 0x2A};
    static const uint8_t tok[] = {0x1A, 0xD0, 0x09, 0x00, 0x00, 0x02, 0x2A};
    struct fake f;
    struct il_body b;
    struct il_error err;

    expect_body("ldstr $greeting; ret", 1, str, sizeof str);
    CU_ASSERT_EQUAL(assemble_text("ldstr $greeting\nret", 1, &f, &b, &err), 0);
    CU_ASSERT_STRING_EQUAL(f.last_name, "$greeting");
    CU_ASSERT_EQUAL(f.last_kind, IL_OP_STRING);
    CU_ASSERT_EQUAL(f.last_string_len, 0); /* string_token was not asked */
    il_body_release(&b);
    /* A call through a named token takes its shape from the resolver: one argument, a result. */
    expect_body("ldc.r8 2.5; call $echo; ret", 1, spec, sizeof spec);
    CU_ASSERT_EQUAL(assemble_text("call $echo\nret", 1, &f, &b, &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "stack underflow at 'call $echo' (offset 0)");
    expect_body("ldtoken $t; ret", 1, tok, sizeof tok);
    CU_ASSERT_EQUAL(assemble_text("ldstr $nowhere\nret", 1, &f, &b, &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "no member '$nowhere'");
    CU_ASSERT_EQUAL(err.line, 1);
    CU_ASSERT_EQUAL(err.column, 7);
    CU_ASSERT_EQUAL(il_check("ldstr $x; call $m; pop; ret", &err), 0);
    CU_ASSERT_EQUAL(il_check("ldstr $; ret", &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "needs a name after '$'"));
}

static void test_golden_branches(void)
{
    /* br at 0 (5 bytes), nop at 5, L1 = 6: 6 - 5 = 1. */
    static const uint8_t fwd[] = {0x22, 0x38, 0x01, 0x00, 0x00, 0x00, 0x00, 0x16, 0x2A};
    /* nop at 0, br.s at 1 ends at 3: 0 - 3 = -3. */
    static const uint8_t back_s[] = {0x0E, 0x00, 0x2B, 0xFD};
    /* nop at 0, br at 1 ends at 6: -6. */
    static const uint8_t back[] = {0x1A, 0x00, 0x38, 0xFA, 0xFF, 0xFF, 0xFF};
    /* brtrue.s at 1 ends at 3, L at 5: 2. */
    static const uint8_t cond[] = {0x1E, 0x02, 0x2D, 0x02, 0x16, 0x2A, 0x17, 0x2A};

    expect_body("br L1; nop; L1: ldc.i4.0; ret", 1, fwd, sizeof fwd);
    expect_body("L0: nop; br.s L0", 0, back_s, sizeof back_s);
    expect_body("L0:\nnop\nbr L0", 0, back, sizeof back);
    expect_body("ldarg.0; brtrue.s L; ldc.i4.0; ret; L: ldc.i4.1; ret", 1, cond, sizeof cond);
}

static void test_short_branch_range(void)
{
    char *t;
    struct fake f;
    struct il_body b;
    struct il_error err;

    /* Forward: 127 nops between br.s and its target fit, 128 do not. */
    t = nops_text("br.s L1\n", 127, "L1: ret");
    CU_ASSERT_EQUAL(assemble_text(t, 0, &f, &b, &err), 0);
    CU_ASSERT_EQUAL(b.len, 12 + 2 + 127 + 1);
    CU_ASSERT_EQUAL(b.bytes[12 + 1], 0x7F);
    il_body_release(&b);
    free(t);
    t = nops_text("br.s L1\n", 128, "L1: ret");
    expect_asm_error(t, 0, 1, 6, "branch to 'L1' is out of range for a short branch");
    CU_ASSERT_EQUAL(il_check(t, &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "branch to 'L1' is out of range for a short branch");
    free(t);
    /* Backward: br.s after 126 nops lands at -128; after 127 at -129. */
    t = nops_text("L0:\n", 126, "br.s L0");
    CU_ASSERT_EQUAL(assemble_text(t, 0, &f, &b, &err), 0);
    CU_ASSERT_EQUAL(b.len, 12 + 128);
    CU_ASSERT_EQUAL(b.bytes[b.len - 1], 0x80);
    il_body_release(&b);
    free(t);
    t = nops_text("L0:\n", 127, "br.s L0");
    expect_asm_error(t, 0, 129, 6, "branch to 'L0' is out of range for a short branch");
    free(t);
    /* Never relaxed: the long form is used only when written. */
    t = nops_text("br L1\n", 200, "L1: ret");
    CU_ASSERT_EQUAL(assemble_text(t, 0, &f, &b, &err), 0);
    CU_ASSERT_EQUAL(rd32(b.bytes + 12 + 1), 200);
    il_body_release(&b);
    free(t);
}

static void test_golden_switch(void)
{
    /* ldarg.0 at 0; switch at 1: 1 + 4 + 2 * 4 = 13 bytes, ends at 14;
     * ldc.i4.0 14, ret 15, A = 16, ret 17, B = 18, ret 19.  A - 14 = 2, B - 14 = 4. */
    static const uint8_t want[] = {0x52, 0x02, 0x45, 0x02, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x04,
                                   0x00, 0x00, 0x00, 0x16, 0x2A, 0x17, 0x2A, 0x18, 0x2A};
    static const uint8_t empty[] = {0x1E, 0x02, 0x45, 0x00, 0x00, 0x00, 0x00, 0x2A};

    expect_body("ldarg.0; switch (A, B); ldc.i4.0; ret; A: ldc.i4.1; ret; B: ldc.i4.2; ret", 1, want, sizeof want);
    expect_body("ldarg.0\nswitch (A,\n        B)  // two\nldc.i4.0\nret\nA: ldc.i4.1\nret\nB:\nldc.i4.2\nret", 1,
                want, sizeof want);
    expect_body("ldarg.0; switch (); ret", 0, empty, sizeof empty);
}

static void test_fat_locals(void)
{
    /* Probe is TypeDef 5: (5 << 2) | 0 = 0x14; Point is TypeRef 3: (3 << 2) | 1 = 0x0D;
     * Far is TypeRef 0x100: 0x401 compressed as 0x84 0x01. */
    static const uint8_t sig[] = {0x07, 0x07, 0x08, 0x12, 0x14, 0x1D, 0x0E, 0x11, 0x0D,
                                  0x18, 0x1D, 0x1D, 0x19, 0x12, 0x84, 0x01};
    static const uint8_t want[] = {0x03, 0x30, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x07, 0x00,
                                   0x00, 0x11, 0x16, 0x0A, 0x2A};
    struct fake f;
    struct il_body b;
    struct il_error err;
    const char *text = ".locals (int32, class Basic!Fixtures.Probe, string[] names, valuetype Basic!Fixtures.Point,\n"
                       "         native int, nuint[][], class Basic!Fixtures.Far)\n"
                       "ldc.i4.0; stloc.0; ret";

    CU_ASSERT_EQUAL(assemble_text(text, 0, &f, &b, &err), 0);
    CU_ASSERT_EQUAL(f.sig_calls, 1);
    CU_ASSERT(bytes_equal(f.sig, f.sig_len, sig, sizeof sig));
    CU_ASSERT(bytes_equal(b.bytes, b.len, want, sizeof want));
    il_body_release(&b);
    CU_ASSERT_EQUAL(il_check(text, &err), 0);
}

static void test_fat_init_locals(void)
{
    /* Flags 0x013 (fat, init locals), size 3 dwords: 0x3013. */
    static const uint8_t want[] = {0x13, 0x30, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00, 0x07, 0x00,
                                   0x00, 0x11, 0x16, 0x13, 0x00, 0x2A};
    static const uint8_t sig[] = {0x07, 0x01, 0x0C};

    struct fake f;
    struct il_body b;
    struct il_error err;

    CU_ASSERT_EQUAL(assemble_text(".locals init (float32 x)\nldc.i4.0\nstloc.s 0\nret", 0, &f, &b, &err), 0);
    CU_ASSERT(bytes_equal(b.bytes, b.len, want, sizeof want));
    CU_ASSERT(bytes_equal(f.sig, f.sig_len, sig, sizeof sig));
    CU_ASSERT_EQUAL(rd16(b.bytes), 0x3013);
    il_body_release(&b);
}

static void test_fat_code_size(void)
{
    char *t;
    struct fake f;
    struct il_body b;
    struct il_error err;

    /* 62 nops and ret: 63 bytes, tiny (63 << 2 | 2 = 0xFE). */
    t = nops_text("", 62, "ret");
    CU_ASSERT_EQUAL(assemble_text(t, 0, &f, &b, &err), 0);
    CU_ASSERT_EQUAL(b.len, 64);
    CU_ASSERT_EQUAL(b.bytes[0], 0xFE);
    il_body_release(&b);
    free(t);
    /* 63 nops and ret: 64 bytes, fat. */
    t = nops_text("", 63, "ret");
    CU_ASSERT_EQUAL(assemble_text(t, 0, &f, &b, &err), 0);
    CU_ASSERT_EQUAL(b.len, 12 + 64);
    CU_ASSERT_EQUAL(rd16(b.bytes), 0x3003);
    CU_ASSERT_EQUAL(rd16(b.bytes + 2), 0);
    CU_ASSERT_EQUAL(rd32(b.bytes + 4), 64);
    CU_ASSERT_EQUAL(rd32(b.bytes + 8), 0);
    CU_ASSERT_EQUAL(b.bytes[12 + 63], 0x2A);
    il_body_release(&b);
    free(t);
}

static void test_fat_max_stack(void)
{
    static const uint8_t eight[] = {0x46, 0x16, 0x16, 0x16, 0x16, 0x16, 0x16, 0x16, 0x16, 0x26, 0x26,
                                    0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x2A};
    struct fake f;
    struct il_body b;
    struct il_error err;

    expect_body("ldc.i4.0;ldc.i4.0;ldc.i4.0;ldc.i4.0;ldc.i4.0;ldc.i4.0;ldc.i4.0;ldc.i4.0;"
                "pop;pop;pop;pop;pop;pop;pop;pop;ret",
                0, eight, sizeof eight);
    CU_ASSERT_EQUAL(assemble_text("ldc.i4.0;ldc.i4.0;ldc.i4.0;ldc.i4.0;ldc.i4.0;ldc.i4.0;ldc.i4.0;ldc.i4.0;"
                                  "ldc.i4.0;pop;pop;pop;pop;pop;pop;pop;pop;pop;ret",
                                  0, &f, &b, &err), 0);
    CU_ASSERT_EQUAL(b.len, 12 + 19);
    CU_ASSERT_EQUAL(rd16(b.bytes), 0x3003);
    CU_ASSERT_EQUAL(rd16(b.bytes + 2), 9);
    CU_ASSERT_EQUAL(rd32(b.bytes + 4), 19);
    il_body_release(&b);
    /* A declared .maxstack over 8 makes the header fat and is kept. */
    CU_ASSERT_EQUAL(assemble_text(".maxstack 20\nldc.i4.1\nret", 1, &f, &b, &err), 0);
    CU_ASSERT_EQUAL(b.len, 12 + 2);
    CU_ASSERT_EQUAL(rd16(b.bytes + 2), 20);
    il_body_release(&b);
    /* One within 8 keeps it tiny. */
    {
        static const uint8_t want[] = {0x0A, 0x17, 0x2A};

        expect_body(".maxstack 3; ldc.i4.1; ret", 1, want, sizeof want);
    }
    expect_asm_error("nop\n.maxstack 1\nldc.i4.1\ndup\nadd\nret", 1, 2, 1,
                     "'.maxstack 1' is less than the 2 stack items the code needs");
}

static void test_max_stack(void)
{
    CU_ASSERT_EQUAL(max_stack_of(""), 0);
    CU_ASSERT_EQUAL(max_stack_of("nop"), 0);
    CU_ASSERT_EQUAL(max_stack_of("ldc.i4.1; ldc.i4.2; add; ldc.i4.3; mul; pop"), 2);
    CU_ASSERT_EQUAL(max_stack_of("ldc.i4.1; dup; dup; add; add; pop"), 3);
    CU_ASSERT_EQUAL(max_stack_of("ldc.i4.1; ldc.i4.2; newobj Basic!Fixtures.Point::.ctor(int32, int32); pop"), 2);
    CU_ASSERT_EQUAL(max_stack_of("ldnull; ldc.i4.1; call Basic!Fixtures.Math::Inst(int32); pop"), 2);
    CU_ASSERT_EQUAL(max_stack_of("ldarg.0; brtrue L1; ldc.i4.1; ldc.i4.1; pop; br L2; L1: ldc.i4.2; L2: pop"), 2);
    CU_ASSERT_EQUAL(max_stack_of("newobj Basic!System.Exception::.ctor; throw"), 1);
    /* After ret, br and throw nothing runs unless a branch leads there. */
    CU_ASSERT_EQUAL(max_stack_of("ldc.i4.1; ret; pop; pop; pop"), 1);
    CU_ASSERT_EQUAL(max_stack_of("br L; pop; pop; L: nop"), 0);
    CU_ASSERT_EQUAL(max_stack_of("ldnull; throw; add; add"), 1);
    CU_ASSERT_EQUAL(max_stack_of("ldarg.0; brfalse L; ldc.i4.0; ldc.i4.0; ldc.i4.0; pop; pop; pop; L: nop"), 3);
    /* leave empties the stack; br does not. */
    CU_ASSERT_EQUAL(max_stack_of("ldc.i4.1; ldc.i4.1; leave.s L; L: nop"), 2);
    {
        uint8_t *code = NULL;
        size_t len;
        uint16_t max;
        struct il_error err;

        CU_ASSERT_EQUAL(code_text("ldc.i4.1; ldc.i4.1; br.s L; L: nop", &code, &len, &max, &err), -1);
        CU_ASSERT_PTR_NULL(code);
        CU_ASSERT_STRING_EQUAL(err.msg, "stack depth is 2 where control leaves the code at 'nop' (offset 4)");
    }
}

static void test_stack_errors(void)
{
    expect_asm_error("nop; nop; nop; ret", 1, 1, 16, "stack underflow at 'ret' (offset 3)");
    expect_asm_error("pop\nret", 0, 1, 1, "stack underflow at 'pop' (offset 0)");
    expect_asm_error("ldc.i4.1\nadd\nret", 1, 2, 1, "stack underflow at 'add' (offset 1)");
    expect_asm_error("ldc.i4.1; ldc.i4.2; ret", 1, 1, 21, "stack depth is 2 instead of 1 at 'ret' (offset 2)");
    expect_asm_error("ldc.i4.1; ret", 0, 1, 11, "stack depth is 1 instead of 0 at 'ret' (offset 1)");
    /* ldarg.0 0, brtrue 1, ldc.i4.1 6, ret 7: 0 items by the branch, 1 by falling through. */
    expect_asm_error("ldarg.0; brtrue L1; ldc.i4.1; L1: ret", 1, 1, 35,
                     "inconsistent stack depth (0 and 1) at 'ret' (offset 7)");
    expect_asm_error("ldc.i4.1; call Basic!Fixtures.Math::Add(int32,int32); ret", 1, 1, 11,
                     "stack underflow at 'call Basic!Fixtures.Math::Add(int32,int32)' (offset 1)");
    expect_asm_error("ldc.i4.1; call Basic!Fixtures.Math::Inst(int32); ret", 1, 1, 11,
                     "stack underflow at 'call Basic!Fixtures.Math::Inst(int32)' (offset 1)");
    expect_asm_error("ldc.i4.1; newobj Basic!Fixtures.Point::.ctor(int32, int32); ret", 1, 1, 11,
                     "stack underflow at 'newobj Basic!Fixtures.Point::.ctor(int32, int32)' (offset 1)");
    expect_asm_error("throw", 0, 1, 1, "stack underflow at 'throw' (offset 0)");
    expect_asm_error("ldc.i4.1; br L; L: ret", 0, 1, 20, "stack depth is 1 instead of 0 at 'ret' (offset 6)");
    {
        struct fake f;
        struct il_body b;
        struct il_error err;

        CU_ASSERT_EQUAL(assemble_text("ldc.i4.1; leave L; L: ret", 0, &f, &b, &err), 0);
        il_body_release(&b);
    }
    expect_asm_error("ldc.i4.1\npop", 0, 2, 1, "control runs off the end of the code at 'pop' (offset 1)");
    expect_asm_error("br L\nL:", 0, 1, 1, "branch past the end of the code at 'br L' (offset 0)");
    expect_asm_error("", 0, 0, 0, "the method has no instructions");
    /* A branch target after ret is simulated. */
    expect_asm_error("br L1\nL0: pop\nret\nL1: br L0", 0, 2, 5, "stack underflow at 'pop' (offset 5)");
    expect_asm_error("call Basic!Fixtures.Probe::Nope; ret", 0, 1, 6, "no member 'Basic!Fixtures.Probe::Nope'");
    /* Messages quote the instruction on one line, strings intact, long ones cut. */
    expect_asm_error("ldarg.0; brtrue L; ldc.i4.1; L: ldstr \"a // \\\" b\"  // c\n pop; ret", 0, 1, 33,
                     "inconsistent stack depth (0 and 1) at 'ldstr \"a // \\\" b\"' (offset 7)");
    expect_asm_error("switch (A,\n  B // b\n)\nA: B: ret", 0, 1, 1, "stack underflow at 'switch (A, B )' (offset 0)");
    {
        struct il_error err;

        CU_ASSERT_EQUAL(il_check("ldfld Basic!Fixtures.AVeryLongTypeNameThatGoesOnAndOn::AFieldNameThatIsLongToo", &err),
                        -1);
        CU_ASSERT_STRING_EQUAL(err.msg, "stack underflow at "
                                        "'ldfld Basic!Fixtures.AVeryLongTypeNameThatGoesOnAndOn::AField...' (offset 0)");
    }
}

static void test_eh_catch(void)
{
    /* nop 0, leave.s 1 (to 6), pop 3, leave.s 4 (to 6), ret 6: 7 bytes.
     * Fat header 0x300B (fat, more sections), max stack 1 (the exception
     * object), then 1 byte of padding and a small EH section: kind 0x01,
     * data size 4 + 12 = 16, clause flags 0, try 0+3, handler 3+3, class
     * token 0x01000009. */
    static const uint8_t want[] = {
        0x0B, 0x30, 0x01, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0xDE, 0x03, 0x26, 0xDE, 0x00, 0x2A, 0x00,
        0x01, 0x10, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x03, 0x03, 0x00, 0x03, 0x09, 0x00, 0x00, 0x01,
    };
    const char *text = ".try T0 to T1 catch Basic!System.Exception handler H0 to H1\n"
                       "T0: nop\n"
                       "    leave.s END\n"
                       "T1: H0: pop\n"
                       "    leave.s END\n"
                       "H1: END: ret";
    struct il_method m;
    struct il_error err;

    expect_body(text, 0, want, sizeof want);
    CU_ASSERT_EQUAL(parse_exact(want, sizeof want, &m, &err), 0);
    CU_ASSERT_EQUAL(m.fat, 1);
    CU_ASSERT_EQUAL(m.max_stack, 1);
    CU_ASSERT_EQUAL(m.code_size, 7);
    CU_ASSERT_EQUAL(m.nclauses, 1);
    CU_ASSERT_EQUAL(m.clauses[0].flags, IL_EH_CATCH);
    CU_ASSERT_EQUAL(m.clauses[0].try_offset, 0);
    CU_ASSERT_EQUAL(m.clauses[0].try_length, 3);
    CU_ASSERT_EQUAL(m.clauses[0].handler_offset, 3);
    CU_ASSERT_EQUAL(m.clauses[0].handler_length, 3);
    CU_ASSERT_EQUAL(m.clauses[0].class_token_or_filter, 0x01000009);
    CU_ASSERT_EQUAL(m.total_len, sizeof want);
    il_method_release(&m);
}

static void test_eh_finally_filter(void)
{
    struct fake f;
    struct il_body b;
    struct il_error err;
    struct il_method m;

    /* leave.s 0 (to 3), endfinally 2, ret 3. */
    CU_ASSERT_EQUAL(assemble_text(".try A to B finally handler B to C\nA: leave.s D\nB: endfinally\nC: D: ret", 0, &f,
                                  &b, &err), 0);
    CU_ASSERT_EQUAL(rd16(b.bytes + 2), 0);
    CU_ASSERT_EQUAL(il_method_parse(b.bytes, b.len, &m, &err), 0);
    CU_ASSERT_EQUAL(m.nclauses, 1);
    CU_ASSERT_EQUAL(m.clauses[0].flags, IL_EH_FINALLY);
    CU_ASSERT_EQUAL(m.clauses[0].try_length, 2);
    CU_ASSERT_EQUAL(m.clauses[0].handler_offset, 2);
    CU_ASSERT_EQUAL(m.clauses[0].handler_length, 1);
    CU_ASSERT_EQUAL(m.clauses[0].class_token_or_filter, 0);
    il_method_release(&m);
    il_body_release(&b);

    /* leave.s 0, filter: pop 2, ldc.i4.1 3, endfilter 4; handler: pop 6, leave.s 7; ret 9. */
    CU_ASSERT_EQUAL(assemble_text(".try A to F filter F handler H to E\n"
                                  "A: leave.s D\n"
                                  "F: pop; ldc.i4.1; endfilter\n"
                                  "H: pop; leave.s D\n"
                                  "E: D: ret",
                                  0, &f, &b, &err), 0);
    CU_ASSERT_EQUAL(rd16(b.bytes + 2), 1);
    CU_ASSERT_EQUAL(il_method_parse(b.bytes, b.len, &m, &err), 0);
    CU_ASSERT_EQUAL(m.nclauses, 1);
    CU_ASSERT_EQUAL(m.clauses[0].flags, IL_EH_FILTER);
    CU_ASSERT_EQUAL(m.clauses[0].try_offset, 0);
    CU_ASSERT_EQUAL(m.clauses[0].try_length, 2);
    CU_ASSERT_EQUAL(m.clauses[0].handler_offset, 6);
    CU_ASSERT_EQUAL(m.clauses[0].handler_length, 3);
    CU_ASSERT_EQUAL(m.clauses[0].class_token_or_filter, 2);
    il_method_release(&m);
    il_body_release(&b);

    /* The handler starts with one item: a finally handler does not. */
    expect_asm_error(".try A to B finally handler B to C\nA: leave.s C\nB: pop\nendfinally\nC: ret", 0, 3, 4,
                     "stack underflow at 'pop' (offset 2)");
    expect_asm_error(".try A to B finally handler B to D\nldc.i4.1\nA: leave.s D\nB: endfinally\nD: pop\nret", 0,
                     3, 4, "stack is not empty at the start of a try block at 'leave.s D' (offset 1)");
    expect_asm_error(".try B to A finally handler A to C\nA: nop\nB: endfinally\nC: ret", 0, 1, 1,
                     "the try block from 'B' to 'A' is empty");
}

static void test_resolver_positions(void)
{
    struct fake f;
    struct il_body b;
    struct il_error err;

    CU_ASSERT_EQUAL(assemble_text("nop\n  box Basic!Fixtures.Nowhere\nret", 0, &f, &b, &err), -1);
    CU_ASSERT_EQUAL(err.line, 2);
    CU_ASSERT_EQUAL(err.column, 7);
    CU_ASSERT_STRING_EQUAL(err.msg, "no member 'Basic!Fixtures.Nowhere'");
    CU_ASSERT_EQUAL(f.last_kind, IL_OP_TYPE);
    /* The resolver sees the name without class/valuetype. */
    CU_ASSERT_EQUAL(assemble_text("ldnull; castclass class Basic!Fixtures.Probe; pop; ret", 0, &f, &b, &err), 0);
    CU_ASSERT_STRING_EQUAL(f.last_name, "Basic!Fixtures.Probe");
    il_body_release(&b);
    CU_ASSERT_EQUAL(assemble_text("ldtoken field Basic!Fixtures.Probe::Count; pop; ret", 0, &f, &b, &err), 0);
    CU_ASSERT_EQUAL(f.last_kind, IL_OP_FIELD);
    il_body_release(&b);
    CU_ASSERT_EQUAL(assemble_text("ldtoken Basic!Fixtures.Probe; pop; ret", 0, &f, &b, &err), 0);
    CU_ASSERT_EQUAL(f.last_kind, IL_OP_TOKEN);
    il_body_release(&b);
    /* A call whose shape the resolver does not give. */
    {
        struct il_prog *p;
        struct il_resolver r;

        fake_init(&f, &r);
        CU_ASSERT_EQUAL(il_parse("call Basic!Fixtures.Probe; ret", &p, &err), -1);
        CU_ASSERT_STRING_EQUAL(err.msg,
                               "'call' needs a method name like Asm!Ns.Type::Method, not 'Basic!Fixtures.Probe'");
        CU_ASSERT_EQUAL(il_parse("call 0x0A000099; ret", &p, &err), 0);
        r.member_token = NULL;
        CU_ASSERT_EQUAL(il_assemble(p, &r, 0, &b, &err), -1);
        CU_ASSERT_STRING_EQUAL(err.msg, "no resolver for '0x0A000099'");
        il_prog_free(p);
    }
}

/* ---- parse errors ---- */

static void test_parse_errors(void)
{
    expect_parse_error("nop\n  ldc.i5 3", 2, 3, "unknown opcode 'ldc.i5'");
    expect_parse_error("ldc.i4", 1, 1, "missing integer operand for 'ldc.i4'");
    expect_parse_error("nop; ldc.i4 // none", 1, 6, "missing integer operand for 'ldc.i4'");
    expect_parse_error("br\nL: ret", 1, 1, "missing label operand for 'br'");
    expect_parse_error("ldstr; ret", 1, 1, "missing string operand for 'ldstr'");
    expect_parse_error("call\n", 1, 1, "missing method operand for 'call'");
    expect_parse_error("ret 1", 1, 5, "'ret' takes no operand, found '1'");
    expect_parse_error("ldc.i4 1 2", 1, 10, "unexpected '2' after the operand of 'ldc.i4'");
    expect_parse_error("box Basic!A.B extra", 1, 15, "unexpected 'extra' after the operand of 'box'");
    expect_parse_error("ldc.i4 12x", 1, 8, "bad integer '12x'");
    expect_parse_error("ldc.i4 0x", 1, 8, "bad integer '0x'");
    expect_parse_error("ldc.i4.s 128", 1, 10, "integer '128' is out of range for 'ldc.i4.s' (-128 to 127)");
    expect_parse_error("ldc.i4 0x100000000", 1, 8,
                       "integer '0x100000000' is out of range for 'ldc.i4' (-2147483648 to 4294967295)");
    expect_parse_error("ldc.i8 99999999999999999999", 1, 8,
                       "integer '99999999999999999999' is out of range for 'ldc.i8' "
                       "(-9223372036854775808 to 18446744073709551615)");
    expect_parse_error("ldarg.s -1", 1, 9, "integer '-1' is out of range for 'ldarg.s' (0 to 255)");
    expect_parse_error("ldarg 65535", 1, 7, "integer '65535' is out of range for 'ldarg' (0 to 65534)");
    expect_parse_error("ldc.r8 1.5.3", 1, 8, "bad number '1.5.3'");
    expect_parse_error("ldc.r4 1e39", 1, 8, "number '1e39' is out of range for 'ldc.r4'");
    expect_parse_error("ldstr \"a\\qb\"", 1, 9, "bad escape '\\q' in string");
    expect_parse_error("ldstr \"a\\u12G4\"", 1, 9, "bad escape '\\u12G4' in string");
    expect_parse_error("ldstr \"\\uD800x\"", 1, 8, "lone surrogate '\\uD800' in string");
    expect_parse_error("ldstr \"abc", 1, 7, "unterminated string");
    expect_parse_error("nop\nldstr \"abc\nret\"", 2, 7, "unterminated string");
    expect_parse_error("ldstr hi", 1, 7, "'ldstr' needs a string in double quotes, not 'hi'");
    expect_parse_error("br L2\nL1: ret", 1, 4, "label 'L2' is not defined");
    expect_parse_error(".try A to B finally handler B to C\nA: nop\nB: endfinally", 1, 34,
                       "label 'C' is not defined");
    expect_parse_error("L1: nop\n L1: ret", 2, 2, "label 'L1' is already defined at line 1, column 1");
    expect_parse_error("a.b: ret", 1, 1, "bad label name 'a.b'");
    expect_parse_error("br 1x", 1, 4, "bad label name '1x' in 'br'");
    expect_parse_error("switch (A B)\nA: B: ret", 1, 11, "expected ',' or ')' in the labels of 'switch', not 'B'");
    expect_parse_error("switch (A,", 1, 8, "missing ')' after the labels of 'switch'");
    expect_parse_error("switch A", 1, 8, "'switch' needs a list of labels like (L1, L2), not 'A'");
    expect_parse_error(".locals (int33)", 1, 10, "unknown type 'int33' in '.locals'");
    expect_parse_error(".locals (int32,\n  Basic!A.B)", 2, 3, "unknown type 'Basic!A.B' in '.locals'");
    expect_parse_error(".locals (native long)", 1, 10, "unknown type 'native long' in '.locals'");
    expect_parse_error(".locals (void)", 1, 10, "'void' is not a valid type for a local");
    expect_parse_error(".locals ()", 1, 9, "'.locals' lists no types");
    expect_parse_error(".locals (int32)\n.locals (int32)", 2, 1, "'.locals' is given twice");
    expect_parse_error(".locals (int32[3])", 1, 15, "only '[]' arrays are supported in '.locals'");
    expect_parse_error(".locals (int32)\nldloc.1\nret", 2, 1, "local index 1 is out of range: '.locals' declares 1");
    expect_parse_error("ldloc.s 3\nret", 1, 9, "local index 3 is out of range: there is no '.locals'");
    expect_parse_error(".locals (int32, int32)\nstloc 2", 2, 7, "local index 2 is out of range: '.locals' declares 2");
    expect_parse_error(".maxstack -1", 1, 11, "'.maxstack' must be between 0 and 65535, not -1");
    expect_parse_error(".maxstack 65536", 1, 11, "'.maxstack' must be between 0 and 65535, not 65536");
    expect_parse_error(".maxstack 2\n.maxstack 2", 2, 1, "'.maxstack' is given twice");
    expect_parse_error(".entrypoint", 1, 1, "unknown directive '.entrypoint'");
    expect_parse_error(".try A too B", 1, 8, "expected 'to' in '.try', not 'too'");
    expect_parse_error(".try A to B handler C to D", 1, 13,
                       "expected 'catch', 'filter', 'finally' or 'fault' in '.try', not 'handler'");
    expect_parse_error("42", 1, 1, "expected an instruction, not '42'");
    expect_parse_error("ldtoken 0x1234567890", 1, 9, "bad token '0x1234567890'");
    expect_parse_error("ldfld Basic!A.B::", 1, 7,
                       "'ldfld' needs a field name like Asm!Ns.Type::Field, not 'Basic!A.B::'");
    /* The first problem in text order wins. */
    expect_parse_error("ldloc.0\nbr Nowhere", 1, 1, "local index 0 is out of range: there is no '.locals'");
    expect_parse_error("br Nowhere\nldloc.0", 1, 4, "label 'Nowhere' is not defined");
}

static void test_parse_forms(void)
{
    static const char *good[] = {
        "// only a comment",
        "L:",
        "L1: L2: nop; ret",
        "ldarg.0\r\nret\r\n",
        "ldc.r8 2; ldc.r8 -0.5e-3; ldc.r4 .25; pop; pop; pop; ret",
        "ldc.i4 -0x10; pop; ret",
        ".locals init (int32 a, bool b, char, int8, uint8, int16, uint16, uint32, int64, uint64,\n"
        "  float32, float64, native int, native uint, nint, nuint, string, object, object[],\n"
        "  class 0x01000001, valuetype Basic!A.B[] c)\nldloc 20\npop\nret",
        "ldnull; isinst valuetype Basic!A.B; pop; ret",
        "ldc.i4.0; brzero L; L: ret",
        "ldnull; unaligned. 1; volatile. ldind.i4; pop; ret",
        "tail. call Basic!Fixtures.Probe::Hit; ret",
        "ldftn Basic!Fixtures.Probe::Hit; pop; ret",
        "ldtoken method Basic!Fixtures.Probe::Hit; pop; ret",
        "ldc.i4.0; ldc.i4.0; ldc.i4.0; calli 0x11000001; ret",
        "nop;;;nop;ret;",
        ".try A to B fault handler B to C; A: leave.s C; B: endfault; C: ret",
        ".try A to B catch class 0x01000001 handler B to C; A: leave.s C; B: pop; leave.s C; C: ret",
    };
    struct il_error err;

    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct il_prog *p = NULL;
        int rc = il_parse(good[i], &p, &err);

        if (rc < 0)
            fprintf(stderr, "\n%s: %d:%d: %s\n", good[i], err.line, err.column, err.msg);
        CU_ASSERT_EQUAL(rc, 0);
        il_prog_free(p);
    }
    /* Parsing alone does not need a method: "L:" is only rejected when assembled. */
    CU_ASSERT_EQUAL(il_check("L:", &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "the method has no instructions");
}

/* ---- il_check ---- */

static void test_check(void)
{
    static const char *good[] = {
        "ldc.i4 42; ret",
        "ldc.i4.s -1; ret",
        "ldc.i8 0x100000000; ret",
        "ldc.r8 1.5; ret",
        "ldstr \"hi\"; ret",
        "call Basic!Fixtures.Probe::Hit; ret",
        "ldc.i4.1; ldc.i4.2; call Basic!Fixtures.Math::Add(int32,int32); ret",
        "br L1; nop; L1: ldc.i4.0; ret",
        "ldarg.0; switch (A, B); ldc.i4.0; ret; A: ldc.i4.1; ret; B: ldc.i4.2; ret",
        ".locals init (int32, class Basic!Fixtures.Probe)\nldc.i4.0\nstloc.0\nret",
        /* Unknown shapes: the stack is not checked across the call. */
        "call Basic!X.Y::Z; pop; pop; pop; ret",
        "ldc.i4.1; ldc.i4.1; call Basic!X.Y::Z; ret",
        "newobj Basic!X.Y::.ctor; throw",
        ".try A to B catch Basic!System.Exception handler B to C; A: leave.s C; B: pop; leave.s C; C: ret",
    };
    struct il_error err;

    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int rc = il_check(good[i], &err);

        if (rc < 0)
            fprintf(stderr, "\n%s: %d:%d: %s\n", good[i], err.line, err.column, err.msg);
        CU_ASSERT_EQUAL(rc, 0);
    }
    CU_ASSERT_EQUAL(il_check("pop; ret", &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "stack underflow at 'pop' (offset 0)");
    CU_ASSERT_EQUAL(il_check("ldc.i4.1; ldc.i4.1; ret", &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "stack depth is 2 instead of 0 or 1 at 'ret' (offset 2)");
    /* ldarg.0 0, brtrue 1, ret 6, L: ldc.i4.1 7, ret 8. */
    CU_ASSERT_EQUAL(il_check("ldarg.0; brtrue L; ret; L: ldc.i4.1; ret", &err), -1);
    CU_ASSERT_EQUAL(err.line, 1);
    CU_ASSERT_EQUAL(err.column, 38);
    CU_ASSERT_STRING_EQUAL(err.msg, "stack depth at 'ret' (offset 8) is 1, but 0 at the 'ret' at offset 6");
    CU_ASSERT_EQUAL(il_check("ldc.i4.1; call Basic!X.Y::Z; L: pop; br L", &err), 0);
    CU_ASSERT_EQUAL(il_check("ldc.i4.1\nnop", &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "control runs off the end of the code at 'nop' (offset 1)");
    CU_ASSERT_EQUAL(il_check(NULL, &err), -1);
    CU_ASSERT_EQUAL(il_check("pop", NULL), -1);

    /* Snippets: control may run into the code that follows, with an empty stack. */
    CU_ASSERT_EQUAL(il_check_code("call Basic!Fixtures.Probe::Hit", &err), 0);
    CU_ASSERT_EQUAL(il_check_code("ldarg.0; brtrue END; call Basic!Fixtures.Probe::Hit; END:", &err), 0);
    CU_ASSERT_EQUAL(il_check_code("", &err), 0);
    CU_ASSERT_EQUAL(il_check_code("ldc.i4.1", &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "stack depth is 1 where control leaves the code at 'ldc.i4.1' (offset 0)");
    CU_ASSERT_EQUAL(il_check_code(".try A to B finally handler B to C; A: leave.s C; B: endfinally; C: nop", &err),
                    -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "exception clauses need a method header");
}

static void test_compress(void)
{
    static const struct {
        uint32_t v;
        size_t n;
        uint8_t b[4];
    } cases[] = {
        {0, 1, {0x00}},
        {0x7F, 1, {0x7F}},
        {0x80, 2, {0x80, 0x80}},
        {0x3FFF, 2, {0xBF, 0xFF}},
        {0x4000, 4, {0xC0, 0x00, 0x40, 0x00}},
        {0x1FFFFFFF, 4, {0xDF, 0xFF, 0xFF, 0xFF}},
        {0x20000000, 0, {0}},
        {0xFFFFFFFF, 0, {0}},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t out[4] = {0xAA, 0xAA, 0xAA, 0xAA};
        size_t n = il_compress_u32(cases[i].v, out);

        CU_ASSERT_EQUAL(n, cases[i].n);
        CU_ASSERT_EQUAL(memcmp(out, cases[i].b, n), 0);
        for (size_t k = n; k < 4; k++)
            CU_ASSERT_EQUAL(out[k], 0xAA);
    }
}

/* ---- il_method_parse ---- */

static void test_method_parse_tiny(void)
{
    static const uint8_t body[] = {0x1A, 0x20, 0x2A, 0x00, 0x00, 0x00, 0x2A, 0xEE, 0xEE};
    struct il_method m;
    struct il_error err;

    CU_ASSERT_EQUAL(il_method_parse(body, sizeof body, &m, &err), 0);
    CU_ASSERT_EQUAL(m.fat, 0);
    CU_ASSERT_EQUAL(m.max_stack, 8);
    CU_ASSERT_EQUAL(m.code_size, 6);
    CU_ASSERT_PTR_EQUAL(m.code, body + 1);
    CU_ASSERT_EQUAL(m.local_sig, 0);
    CU_ASSERT_EQUAL(m.init_locals, 0);
    CU_ASSERT_EQUAL(m.nclauses, 0);
    CU_ASSERT_EQUAL(m.total_len, 7);
    il_method_release(&m);
    expect_truncations_fail(body, 7);
    /* An empty tiny body is well formed. */
    {
        static const uint8_t empty[] = {0x02};

        CU_ASSERT_EQUAL(il_method_parse(empty, 1, &m, &err), 0);
        CU_ASSERT_EQUAL(m.code_size, 0);
        CU_ASSERT_EQUAL(m.total_len, 1);
    }
    CU_ASSERT_EQUAL(il_method_parse((const uint8_t *)"\x00", 1, &m, &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "bad method header format 0x0");
    CU_ASSERT_EQUAL(il_method_parse((const uint8_t *)"\x01", 1, &m, &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "bad method header format 0x1");
}

/* A fat body: header with the given flags, code of code_size bytes (nops
 * ending in ret), padding; returns the offset where sections go. */
static size_t fat_body(uint8_t *b, uint16_t flags, uint16_t max_stack, uint32_t code_size, uint32_t sig)
{
    wr16(b, flags | 0x3000);
    wr16(b + 2, max_stack);
    wr32(b + 4, code_size);
    wr32(b + 8, sig);
    memset(b + 12, 0x00, code_size);
    if (code_size)
        b[12 + code_size - 1] = 0x2A;
    return (12 + code_size + 3) & ~(size_t)3;
}

static void test_method_parse_small_eh(void)
{
    /* try/finally: try 0+4, finally 4+2, code 7 bytes; section at 20. */
    uint8_t b[64];
    size_t at = fat_body(b, 0x001B, 2, 7, 0x11000003), len;
    struct il_method m;
    struct il_error err;

    CU_ASSERT_EQUAL(at, 20);
    b[19] = 0xEE; /* padding is not read */
    b[at] = 0x01;
    b[at + 1] = 16;
    b[at + 2] = b[at + 3] = 0;
    wr16(b + at + 4, IL_EH_FINALLY);
    wr16(b + at + 6, 0);
    b[at + 8] = 4;
    wr16(b + at + 9, 4);
    b[at + 11] = 2;
    wr32(b + at + 12, 0);
    len = at + 16;
    CU_ASSERT_EQUAL(parse_exact(b, len, &m, &err), 0);
    CU_ASSERT_EQUAL(m.fat, 1);
    CU_ASSERT_EQUAL(m.max_stack, 2);
    CU_ASSERT_EQUAL(m.code_size, 7);
    CU_ASSERT_EQUAL(m.local_sig, 0x11000003);
    CU_ASSERT_EQUAL(m.init_locals, 1);
    CU_ASSERT_EQUAL(m.nclauses, 1);
    CU_ASSERT_EQUAL(m.clauses[0].flags, IL_EH_FINALLY);
    CU_ASSERT_EQUAL(m.clauses[0].try_offset, 0);
    CU_ASSERT_EQUAL(m.clauses[0].try_length, 4);
    CU_ASSERT_EQUAL(m.clauses[0].handler_offset, 4);
    CU_ASSERT_EQUAL(m.clauses[0].handler_length, 2);
    CU_ASSERT_EQUAL(m.total_len, 36);
    il_method_release(&m);
    expect_truncations_fail(b, len);
    /* A clause outside the code. */
    b[at + 11] = 4;
    CU_ASSERT_EQUAL(parse_exact(b, len, &m, &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "exception clause 1 lies outside the 7 bytes of code");
    CU_ASSERT_PTR_NULL(m.clauses);
    b[at + 11] = 2;
    /* An unknown section kind. */
    b[at] = 0x02;
    CU_ASSERT_EQUAL(parse_exact(b, len, &m, &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "unsupported method data section kind 0x02 at offset 20");
    b[at] = 0x01;
    b[at + 1] = 3;
    CU_ASSERT_EQUAL(parse_exact(b, len, &m, &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "EH section at offset 20 has data size 3, less than its header");
    /* A fat header that declares less than 12 bytes. */
    wr16(b, 0x201B);
    CU_ASSERT_EQUAL(parse_exact(b, len, &m, &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "the fat method header declares 8 bytes, less than 12");
}

static void test_method_parse_fat_eh(void)
{
    /* Code 40 bytes; fat section (kind 0x41) with a typed catch and a filter. */
    uint8_t b[128];
    size_t at = fat_body(b, 0x000B, 3, 40, 0), len;
    struct il_method m;
    struct il_error err;
    static const uint32_t c[2][6] = {
        {IL_EH_CATCH, 2, 10, 12, 6, 0x01000002},
        {IL_EH_FILTER, 2, 10, 30, 8, 20},
    };

    CU_ASSERT_EQUAL(at, 52);
    b[at] = 0x41;
    b[at + 1] = 52;
    b[at + 2] = 0;
    b[at + 3] = 0;
    for (size_t i = 0; i < 2; i++) {
        for (size_t k = 0; k < 6; k++)
            wr32(b + at + 4 + 24 * i + 4 * k, c[i][k]);
    }
    len = at + 52;
    CU_ASSERT_EQUAL(parse_exact(b, len, &m, &err), 0);
    CU_ASSERT_EQUAL(m.nclauses, 2);
    for (size_t i = 0; i < 2 && m.nclauses == 2; i++) {
        CU_ASSERT_EQUAL(m.clauses[i].flags, c[i][0]);
        CU_ASSERT_EQUAL(m.clauses[i].try_offset, c[i][1]);
        CU_ASSERT_EQUAL(m.clauses[i].try_length, c[i][2]);
        CU_ASSERT_EQUAL(m.clauses[i].handler_offset, c[i][3]);
        CU_ASSERT_EQUAL(m.clauses[i].handler_length, c[i][4]);
        CU_ASSERT_EQUAL(m.clauses[i].class_token_or_filter, c[i][5]);
    }
    CU_ASSERT_EQUAL(m.total_len, len);
    CU_ASSERT_EQUAL(m.init_locals, 0);
    il_method_release(&m);
    expect_truncations_fail(b, len);
}

static void test_method_parse_more_sects(void)
{
    /* Code 5 bytes; a small section with MoreSects (0x81) then a small one. */
    uint8_t b[64];
    size_t at = fat_body(b, 0x000B, 1, 5, 0), len;
    struct il_method m;
    struct il_error err;

    CU_ASSERT_EQUAL(at, 20);
    b[at] = 0x81;
    b[at + 1] = 16;
    b[at + 2] = b[at + 3] = 0;
    wr16(b + at + 4, IL_EH_FAULT);
    wr16(b + at + 6, 0);
    b[at + 8] = 2;
    wr16(b + at + 9, 2);
    b[at + 11] = 1;
    wr32(b + at + 12, 0);
    at += 16;
    b[at] = 0x01;
    b[at + 1] = 16;
    b[at + 2] = b[at + 3] = 0;
    wr16(b + at + 4, IL_EH_CATCH);
    wr16(b + at + 6, 0);
    b[at + 8] = 3;
    wr16(b + at + 9, 3);
    b[at + 11] = 2;
    wr32(b + at + 12, 0x1B000001);
    len = at + 16;
    CU_ASSERT_EQUAL(parse_exact(b, len, &m, &err), 0);
    CU_ASSERT_EQUAL(m.nclauses, 2);
    if (m.nclauses == 2) {
        CU_ASSERT_EQUAL(m.clauses[0].flags, IL_EH_FAULT);
        CU_ASSERT_EQUAL(m.clauses[1].flags, IL_EH_CATCH);
        CU_ASSERT_EQUAL(m.clauses[1].class_token_or_filter, 0x1B000001);
    }
    CU_ASSERT_EQUAL(m.total_len, len);
    il_method_release(&m);
    expect_truncations_fail(b, len);
}

/* ---- il_method_prepend ---- */

static const uint8_t probe_call[] = {0x28, 0x12, 0x00, 0x00, 0x0A};

static void test_prepend_tiny(void)
{
    static const uint8_t body[] = {0x1A, 0x20, 0x2A, 0x00, 0x00, 0x00, 0x2A};
    static const uint8_t want[] = {0x2E, 0x28, 0x12, 0x00, 0x00, 0x0A, 0x20, 0x2A, 0x00, 0x00, 0x00, 0x2A};
    struct il_method m, r;
    struct il_body out;
    struct il_error err;
    uint8_t *code = NULL;
    size_t len = 0;
    uint16_t max = 99;

    /* The prefix comes from the assembler. */
    CU_ASSERT_EQUAL(code_text("call Basic!Fixtures.Probe::Hit", &code, &len, &max, &err), 0);
    CU_ASSERT(bytes_equal(code, len, probe_call, sizeof probe_call));
    CU_ASSERT_EQUAL(max, 0);
    CU_ASSERT_EQUAL(il_method_parse(body, sizeof body, &m, &err), 0);
    CU_ASSERT_EQUAL(il_method_prepend(&m, code, len, max, &out, &err), 0);
    CU_ASSERT(bytes_equal(out.bytes, out.len, want, sizeof want));
    CU_ASSERT_EQUAL(il_method_parse(out.bytes, out.len, &r, &err), 0);
    CU_ASSERT_EQUAL(r.code_size, 11);
    CU_ASSERT_EQUAL(r.total_len, out.len);
    il_method_release(&r);
    il_body_release(&out);
    free(code);

    /* More than 8 stack items make it fat. */
    CU_ASSERT_EQUAL(il_method_prepend(&m, probe_call, sizeof probe_call, 9, &out, &err), 0);
    CU_ASSERT_EQUAL(il_method_parse(out.bytes, out.len, &r, &err), 0);
    CU_ASSERT_EQUAL(r.fat, 1);
    CU_ASSERT_EQUAL(r.max_stack, 9);
    CU_ASSERT_EQUAL(r.code_size, 11);
    CU_ASSERT_EQUAL(memcmp(r.code + 5, body + 1, 6), 0);
    CU_ASSERT_EQUAL(rd16(out.bytes), 0x3003);
    il_method_release(&r);
    il_body_release(&out);
    il_method_release(&m);

    /* 60 bytes of code and a 5-byte prefix: 65 bytes, fat, max stack 8. */
    {
        uint8_t big[61];

        memset(big, 0, sizeof big);
        big[0] = (uint8_t)(60 << 2 | 2);
        big[60] = 0x2A;
        CU_ASSERT_EQUAL(il_method_parse(big, sizeof big, &m, &err), 0);
        CU_ASSERT_EQUAL(il_method_prepend(&m, probe_call, sizeof probe_call, 0, &out, &err), 0);
        CU_ASSERT_EQUAL(out.len, 12 + 65);
        CU_ASSERT_EQUAL(rd16(out.bytes), 0x3003);
        CU_ASSERT_EQUAL(rd16(out.bytes + 2), 8);
        CU_ASSERT_EQUAL(rd32(out.bytes + 4), 65);
        CU_ASSERT_EQUAL(memcmp(out.bytes + 12, probe_call, 5), 0);
        CU_ASSERT_EQUAL(memcmp(out.bytes + 17, big + 1, 60), 0);
        il_body_release(&out);
        il_method_release(&m);
    }
}

static void test_prepend_fat_eh(void)
{
    /* The catch body of test_eh_catch and the filter body. */
    struct fake f;
    struct il_body orig, out;
    struct il_error err;
    struct il_method m, r;

    CU_ASSERT_EQUAL(assemble_text(".locals init (int32)\n"
                                  ".try A to F filter F handler H to E\n"
                                  ".try A to T catch Basic!System.Exception handler T to F\n"
                                  "A: leave.s D\n"
                                  "T: pop; leave.s D\n"
                                  "F: pop; ldc.i4.1; endfilter\n"
                                  "H: pop; leave.s D\n"
                                  "E: D: ret",
                                  0, &f, &orig, &err), 0);
    CU_ASSERT_EQUAL(il_method_parse(orig.bytes, orig.len, &m, &err), 0);
    CU_ASSERT_EQUAL(m.nclauses, 2);
    CU_ASSERT_EQUAL(il_method_prepend(&m, probe_call, sizeof probe_call, 0, &out, &err), 0);
    CU_ASSERT_EQUAL(il_method_parse(out.bytes, out.len, &r, &err), 0);
    CU_ASSERT_EQUAL(r.fat, 1);
    CU_ASSERT_EQUAL(r.max_stack, m.max_stack);
    CU_ASSERT_EQUAL(r.local_sig, 0x11000007);
    CU_ASSERT_EQUAL(r.init_locals, 1);
    CU_ASSERT_EQUAL(r.code_size, m.code_size + 5);
    CU_ASSERT_EQUAL(memcmp(r.code, probe_call, 5), 0);
    CU_ASSERT_EQUAL(memcmp(r.code + 5, m.code, m.code_size), 0);
    CU_ASSERT_EQUAL(r.nclauses, 2);
    for (size_t i = 0; i < 2 && r.nclauses == 2; i++) {
        CU_ASSERT_EQUAL(r.clauses[i].flags, m.clauses[i].flags);
        CU_ASSERT_EQUAL(r.clauses[i].try_offset, m.clauses[i].try_offset + 5);
        CU_ASSERT_EQUAL(r.clauses[i].try_length, m.clauses[i].try_length);
        CU_ASSERT_EQUAL(r.clauses[i].handler_offset, m.clauses[i].handler_offset + 5);
        CU_ASSERT_EQUAL(r.clauses[i].handler_length, m.clauses[i].handler_length);
    }
    /* The filter's offset moves; the class token does not. */
    CU_ASSERT_EQUAL(r.clauses[0].flags, IL_EH_FILTER);
    CU_ASSERT_EQUAL(r.clauses[0].class_token_or_filter, m.clauses[0].class_token_or_filter + 5);
    CU_ASSERT_EQUAL(r.clauses[1].class_token_or_filter, 0x01000009);
    /* Still the small format: kind 0x01 at the aligned end of the code. */
    CU_ASSERT_EQUAL(out.bytes[(12 + r.code_size + 3) & ~3u], 0x01);
    il_method_release(&r);
    il_body_release(&out);

    /* A larger prefix stack wins. */
    CU_ASSERT_EQUAL(il_method_prepend(&m, probe_call, sizeof probe_call, 7, &out, &err), 0);
    CU_ASSERT_EQUAL(rd16(out.bytes + 2), 7);
    il_body_release(&out);
    il_method_release(&m);
    il_body_release(&orig);
}

static void test_prepend_small_to_fat_eh(void)
{
    /* Code 0xFFF8 bytes with a finally clause at try 0xFFF0+4, handler
     * 0xFFF4+4, in the small format; a 16-byte prefix moves the try to
     * 0x10000, which only the fat format can hold. */
    const uint32_t code_size = 0xFFF8;
    size_t len = 12 + code_size + 16, at;
    uint8_t *b = malloc(len);
    uint8_t prefix[16];
    struct il_method m, r;
    struct il_body out;
    struct il_error err;

    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    at = fat_body(b, 0x000B, 2, code_size, 0);
    CU_ASSERT_EQUAL(at, 12 + code_size);
    b[at] = 0x01;
    b[at + 1] = 16;
    b[at + 2] = b[at + 3] = 0;
    wr16(b + at + 4, IL_EH_FINALLY);
    wr16(b + at + 6, 0xFFF0);
    b[at + 8] = 4;
    wr16(b + at + 9, 0xFFF4);
    b[at + 11] = 4;
    wr32(b + at + 12, 0);
    memset(prefix, 0, sizeof prefix);
    CU_ASSERT_EQUAL(il_method_parse(b, len, &m, &err), 0);
    CU_ASSERT_EQUAL(il_method_prepend(&m, prefix, sizeof prefix, 1, &out, &err), 0);
    /* 12 + 0x10008 is a multiple of 4: the fat section follows at once. */
    CU_ASSERT_EQUAL(out.len, 12 + code_size + 16 + 4 + 24);
    CU_ASSERT_EQUAL(out.bytes[12 + code_size + 16], 0x41);
    CU_ASSERT_EQUAL(out.bytes[12 + code_size + 17], 28);
    CU_ASSERT_EQUAL(il_method_parse(out.bytes, out.len, &r, &err), 0);
    CU_ASSERT_EQUAL(r.max_stack, 2);
    CU_ASSERT_EQUAL(r.nclauses, 1);
    CU_ASSERT_EQUAL(r.clauses[0].try_offset, 0x10000);
    CU_ASSERT_EQUAL(r.clauses[0].try_length, 4);
    CU_ASSERT_EQUAL(r.clauses[0].handler_offset, 0x10004);
    CU_ASSERT_EQUAL(r.clauses[0].handler_length, 4);
    il_method_release(&r);
    il_body_release(&out);
    /* An 8-byte prefix still fits the small format (try at 0xFFF8). */
    CU_ASSERT_EQUAL(il_method_prepend(&m, prefix, 8, 1, &out, &err), 0);
    CU_ASSERT_EQUAL(out.bytes[(12 + code_size + 8 + 3) & ~(size_t)3], 0x01);
    il_body_release(&out);
    il_method_release(&m);
    free(b);
}

static void test_prim_elem(void)
{
    uint8_t e = 0;

    CU_ASSERT_EQUAL(il_prim_elem("int32", &e), 0);
    CU_ASSERT_EQUAL(e, 0x08);
    CU_ASSERT_EQUAL(il_prim_elem("string", &e), 0);
    CU_ASSERT_EQUAL(e, 0x0E);
    CU_ASSERT_EQUAL(il_prim_elem("object", &e), 0);
    CU_ASSERT_EQUAL(e, 0x1C);
    CU_ASSERT_EQUAL(il_prim_elem("void", &e), -1);
    CU_ASSERT_EQUAL(il_prim_elem("Int32", &e), -1);
}

/* ---- il_verify ---- */

/* Call shapes by token: the methods of the fake resolver's table, plus
 * what a test sets; counts the questions and keeps the last opcode. */
struct shape_ctx {
    uint32_t token;               /* answered with shape below when not 0 */
    struct il_call_shape shape;
    uint32_t unknown;             /* answered with -1 */
    int calls;
    uint16_t last_opcode;
};

static int shape_of(void *ctx, uint16_t opcode, uint32_t token, struct il_call_shape *shape)
{
    struct shape_ctx *s = ctx;

    s->calls++;
    s->last_opcode = opcode;
    if (token == s->unknown)
        return -1;
    if (s->token && token == s->token) {
        *shape = s->shape;
        return 0;
    }
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        if (members[i].token == token && (token >> 24) == 0x0A) {
            *shape = members[i].shape;
            return 0;
        }
    }
    return -1;
}

static struct il_verify_context shape_context(struct shape_ctx *s, int returns)
{
    struct il_verify_context vc = {s, shape_of, returns};

    memset(s, 0, sizeof *s);
    return vc;
}

/* il_verify on a copy of bytes in a block of exactly len bytes. */
static int verify_exact(const uint8_t *bytes, size_t len, const struct il_verify_context *vc, struct il_error *err)
{
    uint8_t *copy = malloc(len ? len : 1);
    int rc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
    if (len)
        memcpy(copy, bytes, len);
    memset(err, 0x55, sizeof *err);
    rc = il_verify(len ? copy : NULL, len, vc, err);
    free(copy);
    return rc;
}

/* A tiny body around code (n < 64 bytes) in b; its length. */
static size_t tiny_of(uint8_t *b, const uint8_t *code, size_t n)
{
    b[0] = (uint8_t)(n << 2 | 0x2);
    memcpy(b + 1, code, n);
    return n + 1;
}

/* A fat body in b: max stack, code, and one small EH clause when c is not
 * NULL; its length. */
static size_t fat_of(uint8_t *b, uint16_t max_stack, const uint8_t *code, uint32_t n, const struct il_eh_clause *c)
{
    size_t at = (12 + n + 3) & ~(size_t)3;

    wr16(b, c ? 0x300B : 0x3003);
    wr16(b + 2, max_stack);
    wr32(b + 4, n);
    wr32(b + 8, 0);
    memcpy(b + 12, code, n);
    if (!c)
        return 12 + n;
    memset(b + 12 + n, 0, at - 12 - n);
    b[at] = 0x01;
    b[at + 1] = 16;
    b[at + 2] = b[at + 3] = 0;
    wr16(b + at + 4, c->flags);
    wr16(b + at + 6, c->try_offset);
    b[at + 8] = (uint8_t)c->try_length;
    wr16(b + at + 9, c->handler_offset);
    b[at + 11] = (uint8_t)c->handler_length;
    wr32(b + at + 12, c->class_token_or_filter);
    return at + 16;
}

static void expect_verify(const uint8_t *bytes, size_t len, const struct il_verify_context *vc, const char *msg)
{
    struct il_error err;
    int rc = verify_exact(bytes, len, vc, &err);

    if (msg) {
        if (rc != -1 || strcmp(err.msg, msg) != 0)
            fprintf(stderr, "\n  got      %d: %s\n  expected -1: %s\n", rc, rc ? err.msg : "", msg);
        CU_ASSERT_EQUAL(rc, -1);
        CU_ASSERT_STRING_EQUAL(err.msg, msg);
    } else {
        if (rc != 0)
            fprintf(stderr, "\n  unexpected: %s\n", err.msg);
        CU_ASSERT_EQUAL(rc, 0);
        CU_ASSERT_STRING_EQUAL(err.msg, "");
    }
    CU_ASSERT_EQUAL(err.line, 0);
    CU_ASSERT_EQUAL(err.column, 0);
}

/* The same for a tiny body around code. */
static void expect_tiny(const uint8_t *code, size_t n, const struct il_verify_context *vc, const char *msg)
{
    uint8_t b[64];

    CU_ASSERT_FATAL(n < 64);
    expect_verify(b, tiny_of(b, code, n), vc, msg);
}

/* Assembles text with the fake resolver and verifies the body with the
 * shapes of the same table and the same return. */
static void expect_assembled_verifies(const char *text, int returns)
{
    struct fake f;
    struct il_body b;
    struct il_error err;
    struct shape_ctx s;
    struct il_verify_context vc = shape_context(&s, returns);
    int rc = assemble_text(text, returns, &f, &b, &err);

    if (rc < 0)
        fprintf(stderr, "\n%s: %d:%d: %s\n", text, err.line, err.column, err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    expect_verify(b.bytes, b.len, &vc, NULL);
    expect_verify(b.bytes, b.len, NULL, NULL);
    il_body_release(&b);
}

/* The body of test_eh_catch: nop 0, leave.s 1 (to 6), pop 3, leave.s 4
 * (to 6), ret 6; max stack 1; one small clause at 24: flags 24, try 26 (+3
 * at 28), handler 29 (+3 at 31), class token 32. */
static const uint8_t catch_body[] = {
    0x0B, 0x30, 0x01, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xDE, 0x03, 0x26, 0xDE, 0x00, 0x2A, 0x00,
    0x01, 0x10, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x03, 0x03, 0x00, 0x03, 0x09, 0x00, 0x00, 0x01,
};

/* catch_body with its clause changed; verified against msg. */
static void expect_clause(uint16_t flags, uint16_t try_off, uint8_t try_len, uint16_t h_off, uint8_t h_len,
                          uint32_t token, const char *msg)
{
    uint8_t b[sizeof catch_body];

    memcpy(b, catch_body, sizeof b);
    wr16(b + 24, flags);
    wr16(b + 26, try_off);
    b[28] = try_len;
    wr16(b + 29, h_off);
    b[31] = h_len;
    wr32(b + 32, token);
    expect_verify(b, sizeof b, NULL, msg);
}

static void test_verify_tiny(void)
{
    /* ldc.i4.1, ldc.i4.2, add, ret */
    static const uint8_t code[] = {0x17, 0x18, 0x58, 0x2A};
    struct il_verify_context vc = {NULL, NULL, 1};
    uint8_t b[8];
    size_t n = tiny_of(b, code, sizeof code);

    CU_ASSERT_EQUAL(b[0], 0x12);
    expect_verify(b, n, NULL, NULL);
    expect_verify(b, n, &vc, NULL);
    vc.returns = 0;
    expect_verify(b, n, &vc, "IL_0003: ret with stack depth 1, expected 0");
    /* The header is checked first: a truncated body. */
    expect_verify(b, n - 1, NULL, "the method code is truncated: 4 bytes of code, 3 available");
    expect_verify(b, 0, NULL, "the method body is empty");
    b[0] = 0x02;
    expect_verify(b, 1, NULL, "the method has no code");
    /* NULL err is allowed. */
    CU_ASSERT_EQUAL(il_verify(catch_body, sizeof catch_body, NULL, NULL), 0);
}

static void test_verify_fat_eh(void)
{
    struct fake f;
    struct il_body b;
    struct il_error err;
    struct shape_ctx s;
    struct il_verify_context vc = shape_context(&s, 1);
    struct il_method m;
    const char *text = ".locals init (int32 x, class Basic!Fixtures.Point p)\n"
                       ".try T0 to T1 catch Basic!System.Exception handler H0 to H1\n"
                       ".try F0 to F1 finally handler G0 to G1\n"
                       "T0: ldc.i4.1; ldc.i4.2; call Basic!Fixtures.Math::Add(int32,int32); stloc.0; leave.s N\n"
                       "T1: H0: pop; leave.s N\n"
                       "H1: N: nop\n"
                       "F0: call Basic!Fixtures.Probe::Hit; leave.s E\n"
                       "F1: G0: ldloc.0; pop; endfinally\n"
                       "G1: E: ldloc.0; ret";

    expect_verify(catch_body, sizeof catch_body, NULL, NULL);
    CU_ASSERT_EQUAL_FATAL(assemble_text(text, 1, &f, &b, &err), 0);
    CU_ASSERT_EQUAL(il_method_parse(b.bytes, b.len, &m, &err), 0);
    CU_ASSERT_EQUAL(m.fat, 1);
    CU_ASSERT_EQUAL(m.nclauses, 2);
    CU_ASSERT_EQUAL(m.local_sig, 0x11000007);
    il_method_release(&m);
    expect_verify(b.bytes, b.len, &vc, NULL);
    CU_ASSERT_EQUAL(s.calls, 2);
    CU_ASSERT_EQUAL(s.last_opcode, 0x28);
    vc.returns = -1;
    expect_verify(b.bytes, b.len, &vc, NULL);
    vc.returns = 0;
    expect_verify(b.bytes, b.len, &vc, "IL_0019: ret with stack depth 1, expected 0");
    /* One byte short of the EH section. */
    expect_verify(b.bytes, b.len - 1, &vc, "EH section at offset 40 is truncated: 27 of 28 bytes available");
    /* Every proper prefix fails cleanly (under ASan: without reading past it). */
    for (size_t n = 0; n < b.len; n++) {
        CU_ASSERT_EQUAL(verify_exact(b.bytes, n, &vc, &err), -1);
        CU_ASSERT(err.msg[0] != '\0');
    }
    il_body_release(&b);

    /* A filter, and a catch nested in a try/finally. */
    expect_assembled_verifies(".try A to F filter F handler H to E\n"
                              "A: leave.s D\n"
                              "F: pop; ldc.i4.1; endfilter\n"
                              "H: pop; leave.s D\n"
                              "E: D: ret",
                              0);
    expect_assembled_verifies(".try A to B catch Basic!System.Exception handler B to C\n"
                              ".try A to C finally handler C to D\n"
                              "A: newobj Basic!System.Exception::.ctor; throw\n"
                              "B: pop; leave.s D\n"
                              "C: endfinally\n"
                              "D: ret",
                              0);
}

static void test_verify_assembled(void)
{
    static const struct {
        const char *text;
        int returns;
    } texts[] = {
        {"br L1; nop; L1: ldc.i4.0; ret", 1},
        {"L0: nop; br.s L0", 0},
        {"L0:\nnop\nbr L0", 0},
        {"ldarg.0; brtrue.s L; ldc.i4.0; ret; L: ldc.i4.1; ret", 1},
        {"ldarg.0; switch (A, B); ldc.i4.0; ret; A: ldc.i4.1; ret; B: ldc.i4.2; ret", 1},
        {"ldarg.0; switch (); ret", 0},
        {"ldstr \"hi\"; ret", 1},
        {"ldc.i4.0\ncall 0x0A000020\nret", 0},
        {"ldc.i4.1; ldc.i4.2; call Basic!Fixtures.Math::Add(int32,int32); ret", 1},
        {"ldnull; ldc.i4.1; callvirt Basic!Fixtures.Math::Inst(int32); ret", 1},
        {"ldc.i4.1; ldc.i4.2; newobj Basic!Fixtures.Point::.ctor(int32, int32); ret", 1},
        {"ldc.i4.1; leave L; L: ret", 0},
        {".locals init (float32 x)\nldc.i4.0\nstloc.s 0\nret", 0},
        {"ldc.i8 0x123456789; ldc.r8 1.5; pop; pop; ldc.r4 2.5; ldc.i4.s -3; pop; pop; ret", 0},
        {".maxstack 20\nldc.i4.0; dup; dup; dup; dup; dup; dup; dup; dup; dup; pop; pop; pop; pop; pop; pop; pop;"
         "pop; pop; ret", 1},
        {"ldarg.0; ldfld Basic!Fixtures.Probe::Count; volatile. ldsfld Basic!Fixtures.Probe::Count; add; ret", 1},
        {"ldtoken Basic!Fixtures.Probe; pop; tail. call Basic!Fixtures.Probe::Hit; ret", 0},
    };
    char *t;

    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        expect_assembled_verifies(texts[i].text, texts[i].returns);
    /* Long branches across a fat body. */
    t = nops_text("br L1\n", 200, "L1: ret");
    expect_assembled_verifies(t, 0);
    free(t);
    t = nops_text("L0:\n", 126, "br.s L0");
    expect_assembled_verifies(t, 0);
    free(t);
}

static void test_verify_prepended(void)
{
    struct fake f;
    struct il_body orig, out;
    struct il_error err;
    struct il_method m;
    struct shape_ctx s;
    struct il_verify_context vc = shape_context(&s, 0);

    CU_ASSERT_EQUAL_FATAL(assemble_text(".try A to F filter F handler H to E\n"
                                        "A: leave.s D\n"
                                        "F: pop; ldc.i4.1; endfilter\n"
                                        "H: pop; leave.s D\n"
                                        "E: D: ret",
                                        0, &f, &orig, &err), 0);
    CU_ASSERT_EQUAL(il_method_parse(orig.bytes, orig.len, &m, &err), 0);
    CU_ASSERT_EQUAL(il_method_prepend(&m, probe_call, sizeof probe_call, 0, &out, &err), 0);
    expect_verify(out.bytes, out.len, &vc, NULL);
    CU_ASSERT_EQUAL(s.calls, 1);
    il_body_release(&out);
    /* A prefix that leaves an item: the try block at IL_0001 starts with it. */
    {
        static const uint8_t push[] = {0x16};

        CU_ASSERT_EQUAL(il_method_prepend(&m, push, sizeof push, 1, &out, &err), 0);
        expect_verify(out.bytes, out.len, &vc, "IL_0001: stack depth 1 at the start of a try block (from IL_0000)");
        il_body_release(&out);
    }
    il_method_release(&m);
    il_body_release(&orig);
}

static void test_verify_branch_outside(void)
{
    /* nop, br.s at 1 ends at 3: 3 + 0x10 = 0x13; ret */
    static const uint8_t fwd[] = {0x00, 0x2B, 0x10, 0x2A};
    /* br.s at 0 ends at 2: 2 - 16 = -14 */
    static const uint8_t back[] = {0x2B, 0xF0, 0x2A};
    /* br at 0 ends at 5: 5 + 1 = 6, the end of the code, is outside too */
    static const uint8_t end[] = {0x38, 0x01, 0x00, 0x00, 0x00, 0x2A};
    /* brtrue at 1 ends at 6: 6 - 0x80000000 */
    static const uint8_t far[] = {0x16, 0x3A, 0x00, 0x00, 0x00, 0x80, 0x2A};
    /* leave.s at 0 ends at 2: 2 + 1 = 3 */
    static const uint8_t leave[] = {0xDE, 0x01, 0x2A};

    expect_tiny(fwd, sizeof fwd, NULL, "IL_0001: br.s target IL_0013 is outside the code (size 0x4)");
    expect_tiny(back, sizeof back, NULL, "IL_0000: br.s target -0xe is outside the code (size 0x3)");
    expect_tiny(end, sizeof end, NULL, "IL_0000: br target IL_0006 is outside the code (size 0x6)");
    expect_tiny(far, sizeof far, NULL, "IL_0001: brtrue target -0x7ffffffa is outside the code (size 0x7)");
    expect_tiny(leave, sizeof leave, NULL, "IL_0000: leave.s target IL_0003 is outside the code (size 0x3)");
    /* In range, these verify. */
    {
        static const uint8_t ok[] = {0x00, 0x2B, 0x00, 0x2A};

        expect_tiny(ok, sizeof ok, NULL, NULL);
    }
}

static void test_verify_branch_mid_insn(void)
{
    /* ldc.i4 at 0 (5 bytes), br.s at 5 ends at 7: 7 - 5 = 2, inside ldc.i4 */
    static const uint8_t code[] = {0x20, 0x01, 0x00, 0x00, 0x00, 0x2B, 0xFB};
    /* ldarg.0, brfalse.s at 1 ends at 3: 3 + 1 = 4, inside the 2-byte ldc.i4.s at 3 */
    static const uint8_t cond[] = {0x02, 0x2C, 0x01, 0x1F, 0x07, 0x2A};
    /* nop, then a br.s to itself plus one byte: its own operand */
    static const uint8_t own[] = {0x00, 0x2B, 0xFF};
    /* ldarg.0; brfalse.s at 1 to 4, the second byte of ceq (0xFE 0x01) at 3 */
    static const uint8_t two[] = {0x02, 0x2C, 0x01, 0xFE, 0x01, 0x2A};
    /* ldarg.0 x3; brfalse.s at 3 to 5, the first byte of ceq: fine */
    static const uint8_t two_ok[] = {0x02, 0x02, 0x02, 0x2C, 0x00, 0xFE, 0x01, 0x2A};

    expect_tiny(code, sizeof code, NULL, "IL_0005: br.s target IL_0002 is inside an instruction");
    expect_tiny(cond, sizeof cond, NULL, "IL_0001: brfalse.s target IL_0004 is inside an instruction");
    expect_tiny(own, sizeof own, NULL, "IL_0001: br.s target IL_0002 is inside an instruction");
    expect_tiny(two, sizeof two, NULL, "IL_0001: brfalse.s target IL_0004 is inside an instruction");
    expect_tiny(two_ok, sizeof two_ok, NULL, NULL);
}

static void test_verify_switch(void)
{
    /* ldarg.0 0; switch at 1 with 2 targets: 13 bytes, ends at 14; ret 14. */
    uint8_t code[] = {0x02, 0x45, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2A};
    static const uint8_t huge[] = {0x02, 0x45, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x2A};
    static const uint8_t cut[] = {0x02, 0x45, 0x01, 0x00};

    expect_tiny(code, sizeof code, NULL, NULL);
    wr32(code + 10, 5);
    expect_tiny(code, sizeof code, NULL, "IL_0001: switch target 1 IL_0013 is outside the code (size 0xf)");
    wr32(code + 10, (uint32_t)-10);
    expect_tiny(code, sizeof code, NULL, "IL_0001: switch target 1 IL_0004 is inside an instruction");
    wr32(code + 10, (uint32_t)-14);
    expect_tiny(code, sizeof code, NULL, NULL);
    wr32(code + 6, (uint32_t)-15);
    expect_tiny(code, sizeof code, NULL, "IL_0001: switch target 0 -0x1 is outside the code (size 0xf)");
    expect_tiny(huge, sizeof huge, NULL, "IL_0001: switch operand is truncated (17179869184 bytes, code size 0xb)");
    expect_tiny(cut, sizeof cut, NULL, "IL_0001: switch operand is truncated (4 bytes, code size 0x4)");
}

static void test_verify_truncated(void)
{
    static const uint8_t i4[] = {0x16, 0x20, 0x01, 0x00};
    static const uint8_t i8[] = {0x21, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    static const uint8_t br[] = {0x38, 0x00};
    static const uint8_t call[] = {0x00, 0x28, 0x12, 0x00, 0x00};
    static const uint8_t short_br[] = {0x00, 0x2B};
    static const uint8_t two[] = {0x00, 0xFE};
    static const uint8_t ldarg[] = {0xFE, 0x09, 0x00};

    expect_tiny(i4, sizeof i4, NULL, "IL_0001: ldc.i4 operand is truncated (4 bytes, code size 0x4)");
    expect_tiny(i8, sizeof i8, NULL, "IL_0000: ldc.i8 operand is truncated (8 bytes, code size 0x8)");
    expect_tiny(br, sizeof br, NULL, "IL_0000: br operand is truncated (4 bytes, code size 0x2)");
    expect_tiny(call, sizeof call, NULL, "IL_0001: call operand is truncated (4 bytes, code size 0x5)");
    expect_tiny(short_br, sizeof short_br, NULL, "IL_0001: br.s operand is truncated (1 bytes, code size 0x2)");
    expect_tiny(two, sizeof two, NULL, "IL_0001: two-byte opcode is truncated (code size 0x2)");
    expect_tiny(ldarg, sizeof ldarg, NULL, "IL_0000: ldarg operand is truncated (2 bytes, code size 0x3)");
}

static void test_verify_unknown_opcode(void)
{
    static const uint8_t one[] = {0x00, 0x24, 0x2A};
    static const uint8_t two[] = {0x00, 0xFE, 0x08, 0x2A};
    static const uint8_t ff[] = {0xFF};
    static const uint8_t after_ret[] = {0x2A, 0xA6};

    expect_tiny(one, sizeof one, NULL, "IL_0001: unknown opcode 0x24");
    expect_tiny(two, sizeof two, NULL, "IL_0001: unknown opcode 0xFE 0x08");
    expect_tiny(ff, sizeof ff, NULL, "IL_0000: unknown opcode 0xFF");
    /* Unreachable code is decoded too. */
    expect_tiny(after_ret, sizeof after_ret, NULL, "IL_0001: unknown opcode 0xA6");
}

static void test_verify_off_end(void)
{
    static const uint8_t pop[] = {0x16, 0x26};
    static const uint8_t after_ret[] = {0x2A, 0x00};
    static const uint8_t cond[] = {0x16, 0x2C, 0xFE};
    static const uint8_t call[] = {0x28, 0x12, 0x00, 0x00, 0x0A};
    static const uint8_t prefix[] = {0x00, 0xFE, 0x14};
    static const uint8_t sw[] = {0x16, 0x45, 0x00, 0x00, 0x00, 0x00};
    /* These end control: throw, rethrow, endfinally, jmp, br, leave. */
    static const uint8_t throw_[] = {0x14, 0x7A};
    static const uint8_t jmp[] = {0x27, 0x12, 0x00, 0x00, 0x0A};
    static const uint8_t loop[] = {0x00, 0x2B, 0xFD};

    expect_tiny(pop, sizeof pop, NULL, "IL_0001: control runs off the end of the code");
    expect_tiny(after_ret, sizeof after_ret, NULL, "IL_0001: control runs off the end of the code");
    expect_tiny(cond, sizeof cond, NULL, "IL_0001: control runs off the end of the code");
    expect_tiny(call, sizeof call, NULL, "IL_0000: control runs off the end of the code");
    expect_tiny(prefix, sizeof prefix, NULL, "IL_0001: control runs off the end of the code");
    expect_tiny(sw, sizeof sw, NULL, "IL_0001: control runs off the end of the code");
    expect_tiny(throw_, sizeof throw_, NULL, NULL);
    expect_tiny(jmp, sizeof jmp, NULL, NULL);
    expect_tiny(loop, sizeof loop, NULL, NULL);
}

static void test_verify_eh_bounds(void)
{
    /* As assembled: try 0+3, handler 3+3 (code size 7). */
    expect_clause(IL_EH_CATCH, 0, 3, 3, 3, 0x01000009, NULL);
    /* Outside the code: il_method_parse already refuses. */
    expect_clause(IL_EH_CATCH, 0, 3, 3, 5, 0x01000009, "exception clause 1 lies outside the 7 bytes of code");
    expect_clause(IL_EH_CATCH, 0, 8, 3, 3, 0x01000009, "exception clause 1 lies outside the 7 bytes of code");
    expect_clause(IL_EH_FILTER, 0, 3, 3, 3, 7, "exception clause 1 lies outside the 7 bytes of code");
    /* The handler may end at the end of the code. */
    expect_clause(IL_EH_CATCH, 0, 3, 3, 4, 0x01000009, NULL);
    /* Not on instruction boundaries. */
    expect_clause(IL_EH_CATCH, 0, 2, 3, 3, 0x01000009, "EH clause 1: try end IL_0002 is inside an instruction");
    expect_clause(IL_EH_CATCH, 2, 1, 3, 3, 0x01000009, "EH clause 1: try start IL_0002 is inside an instruction");
    expect_clause(IL_EH_CATCH, 0, 3, 5, 1, 0x01000009, "EH clause 1: handler start IL_0005 is inside an instruction");
    expect_clause(IL_EH_CATCH, 0, 3, 3, 2, 0x01000009, "EH clause 1: handler end IL_0005 is inside an instruction");
    expect_clause(IL_EH_FILTER, 0, 1, 4, 2, 2, "EH clause 1: filter start IL_0002 is inside an instruction");
    /* Other clause defects. */
    expect_clause(3, 0, 3, 3, 3, 0, "EH clause 1: unknown kind 0x3");
    expect_clause(IL_EH_CATCH, 0, 0, 3, 3, 0x01000009, "EH clause 1: the try block at IL_0000 is empty");
    expect_clause(IL_EH_CATCH, 0, 3, 3, 0, 0x01000009, "EH clause 1: the handler at IL_0003 is empty");
    expect_clause(IL_EH_FILTER, 0, 1, 3, 3, 4, "EH clause 1: filter IL_0004 does not start before its handler IL_0003");
    /* A finally handler starts with an empty stack: its pop underflows. */
    expect_clause(IL_EH_FINALLY, 0, 3, 3, 3, 0, "IL_0003: stack underflow (pop 1, depth 0)");
    expect_clause(IL_EH_FAULT, 0, 3, 3, 3, 0, "IL_0003: stack underflow (pop 1, depth 0)");
}

static void test_verify_stack_underflow(void)
{
    static const uint8_t add[] = {0x16, 0x58, 0x2A};
    static const uint8_t throw_[] = {0x7A};
    static const uint8_t filter[] = {0x16, 0x26, 0xFE, 0x11};
    struct il_verify_context vc = {NULL, NULL, 1};
    static const uint8_t ret[] = {0x2A};

    expect_tiny(add, sizeof add, NULL, "IL_0001: stack underflow (pop 2, depth 1)");
    expect_tiny(throw_, sizeof throw_, NULL, "IL_0000: stack underflow (pop 1, depth 0)");
    expect_tiny(filter, sizeof filter, NULL, "IL_0002: stack underflow (pop 1, depth 0)");
    expect_tiny(ret, sizeof ret, &vc, "IL_0000: stack underflow (pop 1, depth 0)");
    vc.returns = 0;
    expect_tiny(ret, sizeof ret, &vc, NULL);
}

static void test_verify_max_stack(void)
{
    /* Nine ldc.i4.0 need 9 items; a tiny header allows 8. */
    uint8_t nine[] = {0x16, 0x16, 0x16, 0x16, 0x16, 0x16, 0x16, 0x16, 0x16, 0x2A};
    uint8_t b[sizeof catch_body];
    struct il_verify_context vc = {NULL, NULL, -1};

    expect_tiny(nine, sizeof nine, &vc, "IL_0008: stack depth 9 exceeds max stack 8");
    nine[8] = 0x26; /* the ninth pushes nothing: pop */
    expect_tiny(nine, sizeof nine, &vc, "IL_0009: ret with stack depth 7, expected 0 or 1");
    /* The catch handler's exception object counts: max stack 0 is too few. */
    memcpy(b, catch_body, sizeof b);
    wr16(b + 2, 0);
    expect_verify(b, sizeof b, NULL, "IL_0003: stack depth 1 exceeds max stack 0");
    /* dup counts its peak. */
    {
        static const uint8_t fat[] = {0x03, 0x30, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                      0x17, 0x25, 0x2A};

        expect_verify(fat, sizeof fat, NULL, "IL_0001: stack depth 2 exceeds max stack 1");
    }
}

static void test_verify_join_depth(void)
{
    /* ldarg.0 0; brtrue.s at 1 to 4; ldc.i4.1 3; ret 4: 0 items by the branch, 1 by falling through. */
    static const uint8_t join[] = {0x02, 0x2D, 0x01, 0x17, 0x2A};
    /* A backward branch with one more item each time round. */
    static const uint8_t loop[] = {0x16, 0x2B, 0xFD};
    /* leave empties the stack; br does not. */
    static const uint8_t leave[] = {0x16, 0xDE, 0x00, 0x2A};
    static const uint8_t br[] = {0x16, 0x2B, 0x00, 0x2A};
    struct il_verify_context vc = {NULL, NULL, 0};

    expect_tiny(join, sizeof join, NULL, "IL_0004: paths join with stack depths 0 and 1 (from IL_0003)");
    expect_tiny(loop, sizeof loop, NULL, "IL_0000: paths join with stack depths 0 and 1 (from IL_0001)");
    expect_tiny(leave, sizeof leave, &vc, NULL);
    expect_tiny(br, sizeof br, &vc, "IL_0003: ret with stack depth 1, expected 0");
}

static void test_verify_ret(void)
{
    /* ldarg.0; brtrue.s at 1 to 4; ret 3; ldc.i4.1 4; ret 5 */
    static const uint8_t two_rets[] = {0x02, 0x2D, 0x01, 0x2A, 0x17, 0x2A};
    static const uint8_t ret2[] = {0x16, 0x16, 0x2A};
    struct il_verify_context vc = {NULL, NULL, -1};

    expect_tiny(two_rets, sizeof two_rets, &vc, "IL_0005: ret with stack depth 1, but 0 at the ret at IL_0003");
    expect_tiny(two_rets, sizeof two_rets, NULL, "IL_0005: ret with stack depth 1, but 0 at the ret at IL_0003");
    vc.returns = 1;
    expect_tiny(two_rets, sizeof two_rets, &vc, "IL_0003: stack underflow (pop 1, depth 0)");
    vc.returns = 0;
    expect_tiny(two_rets, sizeof two_rets, &vc, "IL_0005: ret with stack depth 1, expected 0");
    expect_tiny(ret2, sizeof ret2, NULL, "IL_0002: ret with stack depth 2, expected 0 or 1");
    vc.returns = 1;
    expect_tiny(ret2, sizeof ret2, &vc, "IL_0002: ret with stack depth 2, expected 1");
}

static void test_verify_calls(void)
{
    /* ldc.i4.1; ldc.i4.2; call Math::Add (2 params, returns); ret */
    static const uint8_t add[] = {0x17, 0x18, 0x28, 0x13, 0x00, 0x00, 0x0A, 0x2A};
    /* ldnull; ldc.i4.1; callvirt Math::Inst (this + 1, returns); ret */
    static const uint8_t inst[] = {0x14, 0x17, 0x6F, 0x14, 0x00, 0x00, 0x0A, 0x2A};
    /* ldc.i4.1; ldc.i4.2; newobj Point::.ctor (2 params): pushes the object; ret */
    static const uint8_t obj[] = {0x17, 0x18, 0x73, 0x15, 0x00, 0x00, 0x0A, 0x2A};
    /* ldc.i4.1; ldnull (the pointer); calli 0x11000001; ret */
    static const uint8_t calli[] = {0x17, 0x14, 0x29, 0x01, 0x00, 0x00, 0x11, 0x2A};
    /* add underflows, then call Probe::Hit; ret */
    static const uint8_t bad[] = {0x58, 0x28, 0x12, 0x00, 0x00, 0x0A, 0x2A};
    /* call Probe::Hit; br.s outside */
    static const uint8_t bad_br[] = {0x28, 0x12, 0x00, 0x00, 0x0A, 0x2B, 0x10};
    struct shape_ctx s;
    struct il_verify_context vc = shape_context(&s, 1);
    struct il_verify_context no_cb = {NULL, NULL, 1};

    expect_tiny(add, sizeof add, &vc, NULL);
    CU_ASSERT_EQUAL(s.calls, 1);
    CU_ASSERT_EQUAL(s.last_opcode, 0x28);
    expect_tiny(inst, sizeof inst, &vc, NULL);
    CU_ASSERT_EQUAL(s.last_opcode, 0x6F);
    expect_tiny(obj, sizeof obj, &vc, NULL);
    CU_ASSERT_EQUAL(s.last_opcode, 0x73);
    /* A shape from the callback decides: Add with 3 params underflows. */
    s.token = 0x0A000013;
    s.shape.params = 3;
    s.shape.has_this = 0;
    s.shape.returns = 1;
    expect_tiny(add, sizeof add, &vc, "IL_0002: stack underflow (pop 3, depth 2)");
    /* An instance method pops this too. */
    s.shape.params = 2;
    s.shape.has_this = 1;
    expect_tiny(add, sizeof add, &vc, "IL_0002: stack underflow (pop 3, depth 2)");
    /* A void method leaves nothing for ret. */
    s.shape.params = 2;
    s.shape.has_this = 0;
    s.shape.returns = 0;
    expect_tiny(add, sizeof add, &vc, "IL_0007: stack underflow (pop 1, depth 0)");
    /* newobj ignores has_this and pushes the object even for a void .ctor. */
    s.token = 0x0A000015;
    s.shape.params = 3;
    expect_tiny(obj, sizeof obj, &vc, "IL_0002: stack underflow (pop 3, depth 2)");
    /* calli pops the function pointer too. */
    s.token = 0x11000001;
    s.shape.params = 1;
    s.shape.returns = 1;
    expect_tiny(calli, sizeof calli, &vc, NULL);
    CU_ASSERT_EQUAL(s.last_opcode, 0x29);
    s.shape.params = 2;
    expect_tiny(calli, sizeof calli, &vc, "IL_0002: stack underflow (pop 3, depth 2)");

    /* Unknown shapes: no stack checks for the whole body. */
    memset(&s, 0, sizeof s);
    expect_tiny(bad, sizeof bad, &vc, "IL_0000: stack underflow (pop 2, depth 0)");
    expect_tiny(bad, sizeof bad, NULL, NULL);
    expect_tiny(bad, sizeof bad, &no_cb, NULL);
    s.unknown = 0x0A000012;
    expect_tiny(bad, sizeof bad, &vc, NULL);
    /* A resolver that gives params -1 means unknown too. */
    s.unknown = 0;
    s.token = 0x0A000012;
    s.shape.params = -1;
    expect_tiny(bad, sizeof bad, &vc, NULL);
    /* The structure is still checked. */
    expect_tiny(bad_br, sizeof bad_br, NULL, "IL_0005: br.s target IL_0017 is outside the code (size 0x7)");
    expect_tiny(bad_br, sizeof bad_br, &no_cb, "IL_0005: br.s target IL_0017 is outside the code (size 0x7)");
    /* Without calls, the stack is checked even without a callback. */
    {
        static const uint8_t pop[] = {0x26, 0x2A};

        expect_tiny(pop, sizeof pop, NULL, "IL_0000: stack underflow (pop 1, depth 0)");
    }
}

static void test_verify_endfilter_jmp(void)
{
    /* nop 0; leave.s at 1 to 11; filter: pop 3, ldc.i4.1 4, ldc.i4.1 5,
     * endfilter 6; handler: pop 8, leave.s at 9 to 11; ret 11. */
    uint8_t code[] = {0x00, 0xDE, 0x08, 0x26, 0x17, 0x17, 0xFE, 0x11, 0x26, 0xDE, 0x00, 0x2A};
    static const struct il_eh_clause filter = {IL_EH_FILTER, 0, 3, 8, 3, 3};
    /* ldc.i4.0; jmp: the stack must be empty. */
    static const uint8_t jmp[] = {0x16, 0x27, 0x12, 0x00, 0x00, 0x0A};
    uint8_t b[64];

    expect_verify(b, fat_of(b, 2, code, sizeof code, &filter), NULL,
                  "IL_0006: endfilter with stack depth 2, expected 1");
    code[5] = 0x00; /* nop */
    expect_verify(b, fat_of(b, 2, code, sizeof code, &filter), NULL, NULL);
    /* The filter starts with the exception object: max stack 0 is too few. */
    expect_verify(b, fat_of(b, 0, code, sizeof code, &filter), NULL, "IL_0008: stack depth 1 exceeds max stack 0");
    expect_tiny(jmp, sizeof jmp, NULL, "IL_0001: jmp with stack depth 1, expected 0");
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("il", NULL, NULL);

    if (!s)
        return;
    CU_add_test(s, "opcode_spot_checks", test_opcode_spot_checks);
    CU_add_test(s, "opcode_table_consistent", test_opcode_table_consistent);
    CU_add_test(s, "golden_ldc_i4", test_golden_ldc_i4);
    CU_add_test(s, "golden_constants", test_golden_constants);
    CU_add_test(s, "golden_ldstr", test_golden_ldstr);
    CU_add_test(s, "golden_calls", test_golden_calls);
    CU_add_test(s, "named_tokens", test_named_tokens);
    CU_add_test(s, "golden_branches", test_golden_branches);
    CU_add_test(s, "short_branch_range", test_short_branch_range);
    CU_add_test(s, "golden_switch", test_golden_switch);
    CU_add_test(s, "fat_locals", test_fat_locals);
    CU_add_test(s, "fat_init_locals", test_fat_init_locals);
    CU_add_test(s, "fat_code_size", test_fat_code_size);
    CU_add_test(s, "fat_max_stack", test_fat_max_stack);
    CU_add_test(s, "max_stack", test_max_stack);
    CU_add_test(s, "stack_errors", test_stack_errors);
    CU_add_test(s, "eh_catch", test_eh_catch);
    CU_add_test(s, "eh_finally_filter", test_eh_finally_filter);
    CU_add_test(s, "resolver_positions", test_resolver_positions);
    CU_add_test(s, "parse_errors", test_parse_errors);
    CU_add_test(s, "parse_forms", test_parse_forms);
    CU_add_test(s, "check", test_check);
    CU_add_test(s, "compress", test_compress);
    CU_add_test(s, "method_parse_tiny", test_method_parse_tiny);
    CU_add_test(s, "method_parse_small_eh", test_method_parse_small_eh);
    CU_add_test(s, "method_parse_fat_eh", test_method_parse_fat_eh);
    CU_add_test(s, "method_parse_more_sects", test_method_parse_more_sects);
    CU_add_test(s, "prepend_tiny", test_prepend_tiny);
    CU_add_test(s, "prepend_fat_eh", test_prepend_fat_eh);
    CU_add_test(s, "prepend_small_to_fat_eh", test_prepend_small_to_fat_eh);
    CU_add_test(s, "prim_elem", test_prim_elem);
    CU_add_test(s, "verify_tiny", test_verify_tiny);
    CU_add_test(s, "verify_fat_eh", test_verify_fat_eh);
    CU_add_test(s, "verify_assembled", test_verify_assembled);
    CU_add_test(s, "verify_prepended", test_verify_prepended);
    CU_add_test(s, "verify_branch_outside", test_verify_branch_outside);
    CU_add_test(s, "verify_branch_mid_insn", test_verify_branch_mid_insn);
    CU_add_test(s, "verify_switch", test_verify_switch);
    CU_add_test(s, "verify_truncated", test_verify_truncated);
    CU_add_test(s, "verify_unknown_opcode", test_verify_unknown_opcode);
    CU_add_test(s, "verify_off_end", test_verify_off_end);
    CU_add_test(s, "verify_eh_bounds", test_verify_eh_bounds);
    CU_add_test(s, "verify_stack_underflow", test_verify_stack_underflow);
    CU_add_test(s, "verify_max_stack", test_verify_max_stack);
    CU_add_test(s, "verify_join_depth", test_verify_join_depth);
    CU_add_test(s, "verify_ret", test_verify_ret);
    CU_add_test(s, "verify_calls", test_verify_calls);
    CU_add_test(s, "verify_endfilter_jmp", test_verify_endfilter_jmp);
}
