/*
 * il_opcodes.c - the CIL opcode table, from ECMA-335 Partition III.
 *
 * Stack effects count items, not slots: dup pops 1 and pushes 2.  Calls,
 * newobj and ret depend on a signature and are marked -1.  Runtime-internal
 * encodings that ECMA-335 does not define (the "unused" slots, prefix1-7,
 * prefixref) are not in the table.
 */
#include <string.h>

#include "il_internal.h"

#define OP(nm, val, kind, pop, push, fl) \
    { nm, (uint16_t)(val), (uint8_t)((val) > 0xFF ? 2 : 1), kind, pop, push, (uint8_t)(fl) }

/* Short names for the table only. */
#define NONE IL_OP_NONE
#define I8 IL_OP_I8
#define I32 IL_OP_I32
#define I64 IL_OP_I64
#define R4 IL_OP_R4
#define R8 IL_OP_R8
#define STR IL_OP_STRING
#define MTH IL_OP_METHOD
#define FLD IL_OP_FIELD
#define TYP IL_OP_TYPE
#define TOK IL_OP_TOKEN
#define SIG IL_OP_SIG
#define BR8 IL_OP_BRANCH8
#define BR32 IL_OP_BRANCH32
#define SWT IL_OP_SWITCH
#define V8 IL_OP_VAR8
#define V16 IL_OP_VAR16
#define NEXT IL_FLOW_NEXT
#define BRAN IL_FLOW_BRANCH
#define COND IL_FLOW_COND_BRANCH
#define RETN IL_FLOW_RETURN
#define THRW IL_FLOW_THROW
#define CALL IL_FLOW_CALL
#define META IL_FLOW_META

static const struct il_opcode il_ops[] = {
    OP("nop", 0x00, NONE, 0, 0, NEXT),
    OP("break", 0x01, NONE, 0, 0, NEXT),
    OP("ldarg.0", 0x02, NONE, 0, 1, NEXT),
    OP("ldarg.1", 0x03, NONE, 0, 1, NEXT),
    OP("ldarg.2", 0x04, NONE, 0, 1, NEXT),
    OP("ldarg.3", 0x05, NONE, 0, 1, NEXT),
    OP("ldloc.0", 0x06, NONE, 0, 1, NEXT),
    OP("ldloc.1", 0x07, NONE, 0, 1, NEXT),
    OP("ldloc.2", 0x08, NONE, 0, 1, NEXT),
    OP("ldloc.3", 0x09, NONE, 0, 1, NEXT),
    OP("stloc.0", 0x0A, NONE, 1, 0, NEXT),
    OP("stloc.1", 0x0B, NONE, 1, 0, NEXT),
    OP("stloc.2", 0x0C, NONE, 1, 0, NEXT),
    OP("stloc.3", 0x0D, NONE, 1, 0, NEXT),
    OP("ldarg.s", 0x0E, V8, 0, 1, NEXT),
    OP("ldarga.s", 0x0F, V8, 0, 1, NEXT),
    OP("starg.s", 0x10, V8, 1, 0, NEXT),
    OP("ldloc.s", 0x11, V8, 0, 1, NEXT),
    OP("ldloca.s", 0x12, V8, 0, 1, NEXT),
    OP("stloc.s", 0x13, V8, 1, 0, NEXT),
    OP("ldnull", 0x14, NONE, 0, 1, NEXT),
    OP("ldc.i4.m1", 0x15, NONE, 0, 1, NEXT),
    OP("ldc.i4.0", 0x16, NONE, 0, 1, NEXT),
    OP("ldc.i4.1", 0x17, NONE, 0, 1, NEXT),
    OP("ldc.i4.2", 0x18, NONE, 0, 1, NEXT),
    OP("ldc.i4.3", 0x19, NONE, 0, 1, NEXT),
    OP("ldc.i4.4", 0x1A, NONE, 0, 1, NEXT),
    OP("ldc.i4.5", 0x1B, NONE, 0, 1, NEXT),
    OP("ldc.i4.6", 0x1C, NONE, 0, 1, NEXT),
    OP("ldc.i4.7", 0x1D, NONE, 0, 1, NEXT),
    OP("ldc.i4.8", 0x1E, NONE, 0, 1, NEXT),
    OP("ldc.i4.s", 0x1F, I8, 0, 1, NEXT),
    OP("ldc.i4", 0x20, I32, 0, 1, NEXT),
    OP("ldc.i8", 0x21, I64, 0, 1, NEXT),
    OP("ldc.r4", 0x22, R4, 0, 1, NEXT),
    OP("ldc.r8", 0x23, R8, 0, 1, NEXT),
    OP("dup", 0x25, NONE, 1, 2, NEXT),
    OP("pop", 0x26, NONE, 1, 0, NEXT),
    OP("jmp", 0x27, MTH, 0, 0, CALL),
    OP("call", 0x28, MTH, -1, -1, CALL),
    OP("calli", 0x29, SIG, -1, -1, CALL),
    OP("ret", 0x2A, NONE, -1, 0, RETN),
    OP("br.s", 0x2B, BR8, 0, 0, BRAN),
    OP("brfalse.s", 0x2C, BR8, 1, 0, COND),
    OP("brtrue.s", 0x2D, BR8, 1, 0, COND),
    OP("beq.s", 0x2E, BR8, 2, 0, COND),
    OP("bge.s", 0x2F, BR8, 2, 0, COND),
    OP("bgt.s", 0x30, BR8, 2, 0, COND),
    OP("ble.s", 0x31, BR8, 2, 0, COND),
    OP("blt.s", 0x32, BR8, 2, 0, COND),
    OP("bne.un.s", 0x33, BR8, 2, 0, COND),
    OP("bge.un.s", 0x34, BR8, 2, 0, COND),
    OP("bgt.un.s", 0x35, BR8, 2, 0, COND),
    OP("ble.un.s", 0x36, BR8, 2, 0, COND),
    OP("blt.un.s", 0x37, BR8, 2, 0, COND),
    OP("br", 0x38, BR32, 0, 0, BRAN),
    OP("brfalse", 0x39, BR32, 1, 0, COND),
    OP("brtrue", 0x3A, BR32, 1, 0, COND),
    OP("beq", 0x3B, BR32, 2, 0, COND),
    OP("bge", 0x3C, BR32, 2, 0, COND),
    OP("bgt", 0x3D, BR32, 2, 0, COND),
    OP("ble", 0x3E, BR32, 2, 0, COND),
    OP("blt", 0x3F, BR32, 2, 0, COND),
    OP("bne.un", 0x40, BR32, 2, 0, COND),
    OP("bge.un", 0x41, BR32, 2, 0, COND),
    OP("bgt.un", 0x42, BR32, 2, 0, COND),
    OP("ble.un", 0x43, BR32, 2, 0, COND),
    OP("blt.un", 0x44, BR32, 2, 0, COND),
    OP("switch", 0x45, SWT, 1, 0, COND),
    OP("ldind.i1", 0x46, NONE, 1, 1, NEXT),
    OP("ldind.u1", 0x47, NONE, 1, 1, NEXT),
    OP("ldind.i2", 0x48, NONE, 1, 1, NEXT),
    OP("ldind.u2", 0x49, NONE, 1, 1, NEXT),
    OP("ldind.i4", 0x4A, NONE, 1, 1, NEXT),
    OP("ldind.u4", 0x4B, NONE, 1, 1, NEXT),
    OP("ldind.i8", 0x4C, NONE, 1, 1, NEXT),
    OP("ldind.i", 0x4D, NONE, 1, 1, NEXT),
    OP("ldind.r4", 0x4E, NONE, 1, 1, NEXT),
    OP("ldind.r8", 0x4F, NONE, 1, 1, NEXT),
    OP("ldind.ref", 0x50, NONE, 1, 1, NEXT),
    OP("stind.ref", 0x51, NONE, 2, 0, NEXT),
    OP("stind.i1", 0x52, NONE, 2, 0, NEXT),
    OP("stind.i2", 0x53, NONE, 2, 0, NEXT),
    OP("stind.i4", 0x54, NONE, 2, 0, NEXT),
    OP("stind.i8", 0x55, NONE, 2, 0, NEXT),
    OP("stind.r4", 0x56, NONE, 2, 0, NEXT),
    OP("stind.r8", 0x57, NONE, 2, 0, NEXT),
    OP("add", 0x58, NONE, 2, 1, NEXT),
    OP("sub", 0x59, NONE, 2, 1, NEXT),
    OP("mul", 0x5A, NONE, 2, 1, NEXT),
    OP("div", 0x5B, NONE, 2, 1, NEXT),
    OP("div.un", 0x5C, NONE, 2, 1, NEXT),
    OP("rem", 0x5D, NONE, 2, 1, NEXT),
    OP("rem.un", 0x5E, NONE, 2, 1, NEXT),
    OP("and", 0x5F, NONE, 2, 1, NEXT),
    OP("or", 0x60, NONE, 2, 1, NEXT),
    OP("xor", 0x61, NONE, 2, 1, NEXT),
    OP("shl", 0x62, NONE, 2, 1, NEXT),
    OP("shr", 0x63, NONE, 2, 1, NEXT),
    OP("shr.un", 0x64, NONE, 2, 1, NEXT),
    OP("neg", 0x65, NONE, 1, 1, NEXT),
    OP("not", 0x66, NONE, 1, 1, NEXT),
    OP("conv.i1", 0x67, NONE, 1, 1, NEXT),
    OP("conv.i2", 0x68, NONE, 1, 1, NEXT),
    OP("conv.i4", 0x69, NONE, 1, 1, NEXT),
    OP("conv.i8", 0x6A, NONE, 1, 1, NEXT),
    OP("conv.r4", 0x6B, NONE, 1, 1, NEXT),
    OP("conv.r8", 0x6C, NONE, 1, 1, NEXT),
    OP("conv.u4", 0x6D, NONE, 1, 1, NEXT),
    OP("conv.u8", 0x6E, NONE, 1, 1, NEXT),
    OP("callvirt", 0x6F, MTH, -1, -1, CALL),
    OP("cpobj", 0x70, TYP, 2, 0, NEXT),
    OP("ldobj", 0x71, TYP, 1, 1, NEXT),
    OP("ldstr", 0x72, STR, 0, 1, NEXT),
    OP("newobj", 0x73, MTH, -1, 1, CALL),
    OP("castclass", 0x74, TYP, 1, 1, NEXT),
    OP("isinst", 0x75, TYP, 1, 1, NEXT),
    OP("conv.r.un", 0x76, NONE, 1, 1, NEXT),
    OP("unbox", 0x79, TYP, 1, 1, NEXT),
    OP("throw", 0x7A, NONE, 1, 0, THRW),
    OP("ldfld", 0x7B, FLD, 1, 1, NEXT),
    OP("ldflda", 0x7C, FLD, 1, 1, NEXT),
    OP("stfld", 0x7D, FLD, 2, 0, NEXT),
    OP("ldsfld", 0x7E, FLD, 0, 1, NEXT),
    OP("ldsflda", 0x7F, FLD, 0, 1, NEXT),
    OP("stsfld", 0x80, FLD, 1, 0, NEXT),
    OP("stobj", 0x81, TYP, 2, 0, NEXT),
    OP("conv.ovf.i1.un", 0x82, NONE, 1, 1, NEXT),
    OP("conv.ovf.i2.un", 0x83, NONE, 1, 1, NEXT),
    OP("conv.ovf.i4.un", 0x84, NONE, 1, 1, NEXT),
    OP("conv.ovf.i8.un", 0x85, NONE, 1, 1, NEXT),
    OP("conv.ovf.u1.un", 0x86, NONE, 1, 1, NEXT),
    OP("conv.ovf.u2.un", 0x87, NONE, 1, 1, NEXT),
    OP("conv.ovf.u4.un", 0x88, NONE, 1, 1, NEXT),
    OP("conv.ovf.u8.un", 0x89, NONE, 1, 1, NEXT),
    OP("conv.ovf.i.un", 0x8A, NONE, 1, 1, NEXT),
    OP("conv.ovf.u.un", 0x8B, NONE, 1, 1, NEXT),
    OP("box", 0x8C, TYP, 1, 1, NEXT),
    OP("newarr", 0x8D, TYP, 1, 1, NEXT),
    OP("ldlen", 0x8E, NONE, 1, 1, NEXT),
    OP("ldelema", 0x8F, TYP, 2, 1, NEXT),
    OP("ldelem.i1", 0x90, NONE, 2, 1, NEXT),
    OP("ldelem.u1", 0x91, NONE, 2, 1, NEXT),
    OP("ldelem.i2", 0x92, NONE, 2, 1, NEXT),
    OP("ldelem.u2", 0x93, NONE, 2, 1, NEXT),
    OP("ldelem.i4", 0x94, NONE, 2, 1, NEXT),
    OP("ldelem.u4", 0x95, NONE, 2, 1, NEXT),
    OP("ldelem.i8", 0x96, NONE, 2, 1, NEXT),
    OP("ldelem.i", 0x97, NONE, 2, 1, NEXT),
    OP("ldelem.r4", 0x98, NONE, 2, 1, NEXT),
    OP("ldelem.r8", 0x99, NONE, 2, 1, NEXT),
    OP("ldelem.ref", 0x9A, NONE, 2, 1, NEXT),
    OP("stelem.i", 0x9B, NONE, 3, 0, NEXT),
    OP("stelem.i1", 0x9C, NONE, 3, 0, NEXT),
    OP("stelem.i2", 0x9D, NONE, 3, 0, NEXT),
    OP("stelem.i4", 0x9E, NONE, 3, 0, NEXT),
    OP("stelem.i8", 0x9F, NONE, 3, 0, NEXT),
    OP("stelem.r4", 0xA0, NONE, 3, 0, NEXT),
    OP("stelem.r8", 0xA1, NONE, 3, 0, NEXT),
    OP("stelem.ref", 0xA2, NONE, 3, 0, NEXT),
    OP("ldelem", 0xA3, TYP, 2, 1, NEXT),
    OP("stelem", 0xA4, TYP, 3, 0, NEXT),
    OP("unbox.any", 0xA5, TYP, 1, 1, NEXT),
    OP("conv.ovf.i1", 0xB3, NONE, 1, 1, NEXT),
    OP("conv.ovf.u1", 0xB4, NONE, 1, 1, NEXT),
    OP("conv.ovf.i2", 0xB5, NONE, 1, 1, NEXT),
    OP("conv.ovf.u2", 0xB6, NONE, 1, 1, NEXT),
    OP("conv.ovf.i4", 0xB7, NONE, 1, 1, NEXT),
    OP("conv.ovf.u4", 0xB8, NONE, 1, 1, NEXT),
    OP("conv.ovf.i8", 0xB9, NONE, 1, 1, NEXT),
    OP("conv.ovf.u8", 0xBA, NONE, 1, 1, NEXT),
    OP("refanyval", 0xC2, TYP, 1, 1, NEXT),
    OP("ckfinite", 0xC3, NONE, 1, 1, NEXT),
    OP("mkrefany", 0xC6, TYP, 1, 1, NEXT),
    OP("ldtoken", 0xD0, TOK, 0, 1, NEXT),
    OP("conv.u2", 0xD1, NONE, 1, 1, NEXT),
    OP("conv.u1", 0xD2, NONE, 1, 1, NEXT),
    OP("conv.i", 0xD3, NONE, 1, 1, NEXT),
    OP("conv.ovf.i", 0xD4, NONE, 1, 1, NEXT),
    OP("conv.ovf.u", 0xD5, NONE, 1, 1, NEXT),
    OP("add.ovf", 0xD6, NONE, 2, 1, NEXT),
    OP("add.ovf.un", 0xD7, NONE, 2, 1, NEXT),
    OP("mul.ovf", 0xD8, NONE, 2, 1, NEXT),
    OP("mul.ovf.un", 0xD9, NONE, 2, 1, NEXT),
    OP("sub.ovf", 0xDA, NONE, 2, 1, NEXT),
    OP("sub.ovf.un", 0xDB, NONE, 2, 1, NEXT),
    OP("endfinally", 0xDC, NONE, 0, 0, RETN),
    OP("leave", 0xDD, BR32, 0, 0, BRAN),
    OP("leave.s", 0xDE, BR8, 0, 0, BRAN),
    OP("stind.i", 0xDF, NONE, 2, 0, NEXT),
    OP("conv.u", 0xE0, NONE, 1, 1, NEXT),
    OP("arglist", 0xFE00, NONE, 0, 1, NEXT),
    OP("ceq", 0xFE01, NONE, 2, 1, NEXT),
    OP("cgt", 0xFE02, NONE, 2, 1, NEXT),
    OP("cgt.un", 0xFE03, NONE, 2, 1, NEXT),
    OP("clt", 0xFE04, NONE, 2, 1, NEXT),
    OP("clt.un", 0xFE05, NONE, 2, 1, NEXT),
    OP("ldftn", 0xFE06, MTH, 0, 1, NEXT),
    OP("ldvirtftn", 0xFE07, MTH, 1, 1, NEXT),
    OP("ldarg", 0xFE09, V16, 0, 1, NEXT),
    OP("ldarga", 0xFE0A, V16, 0, 1, NEXT),
    OP("starg", 0xFE0B, V16, 1, 0, NEXT),
    OP("ldloc", 0xFE0C, V16, 0, 1, NEXT),
    OP("ldloca", 0xFE0D, V16, 0, 1, NEXT),
    OP("stloc", 0xFE0E, V16, 1, 0, NEXT),
    OP("localloc", 0xFE0F, NONE, 1, 1, NEXT),
    OP("endfilter", 0xFE11, NONE, 1, 0, RETN),
    OP("unaligned.", 0xFE12, I8, 0, 0, META),
    OP("volatile.", 0xFE13, NONE, 0, 0, META),
    OP("tail.", 0xFE14, NONE, 0, 0, META),
    OP("initobj", 0xFE15, TYP, 1, 0, NEXT),
    OP("constrained.", 0xFE16, TYP, 0, 0, META),
    OP("cpblk", 0xFE17, NONE, 3, 0, NEXT),
    OP("initblk", 0xFE18, NONE, 3, 0, NEXT),
    OP("no.", 0xFE19, I8, 0, 0, META),
    OP("rethrow", 0xFE1A, NONE, 0, 0, THRW),
    OP("sizeof", 0xFE1C, TYP, 0, 1, NEXT),
    OP("refanytype", 0xFE1D, NONE, 1, 1, NEXT),
    OP("readonly.", 0xFE1E, NONE, 0, 0, META),
};

/* Other names ECMA-335 Partition III gives to the same encodings. */
static const struct {
    const char *alias;
    uint16_t value;
} il_aliases[] = {
    {"brnull", 0x39},   {"brnull.s", 0x2C}, {"brzero", 0x39},    {"brzero.s", 0x2C},
    {"brinst", 0x3A},   {"brinst.s", 0x2D}, {"endfault", 0xDC},  {"ldind.u8", 0x4C},
    {"ldelem.u8", 0x96},
};

const struct il_opcode *il_opcode_table(size_t *count)
{
    if (count)
        *count = sizeof il_ops / sizeof il_ops[0];
    return il_ops;
}

const struct il_opcode *il_opcode_by_value(uint16_t value)
{
    size_t lo = 0, hi = sizeof il_ops / sizeof il_ops[0];

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (il_ops[mid].value == value)
            return &il_ops[mid];
        if (il_ops[mid].value < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const struct il_opcode *il_opcode_by_name(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof il_ops / sizeof il_ops[0]; i++) {
        if (strcmp(il_ops[i].name, name) == 0)
            return &il_ops[i];
    }
    for (size_t i = 0; i < sizeof il_aliases / sizeof il_aliases[0]; i++) {
        if (strcmp(il_aliases[i].alias, name) == 0)
            return il_opcode_by_value(il_aliases[i].value);
    }
    return NULL;
}

size_t il_operand_size(enum il_operand_kind kind)
{
    switch (kind) {
    case IL_OP_NONE:
        return 0;
    case IL_OP_I8:
    case IL_OP_BRANCH8:
    case IL_OP_VAR8:
        return 1;
    case IL_OP_VAR16:
        return 2;
    case IL_OP_I64:
    case IL_OP_R8:
        return 8;
    case IL_OP_I32:
    case IL_OP_R4:
    case IL_OP_STRING:
    case IL_OP_METHOD:
    case IL_OP_FIELD:
    case IL_OP_TYPE:
    case IL_OP_TOKEN:
    case IL_OP_SIG:
    case IL_OP_BRANCH32:
    case IL_OP_SWITCH:
        return 4;
    }
    return 0;
}
