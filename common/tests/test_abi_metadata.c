/*
 * test_abi_metadata.c - pins the vtable layout of the metadata interfaces
 * (slot count and the slot of every method), the layout of the structs they
 * take, the corhdr.h constants and the IIDs declared in cp_metadata.h.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "abi/cp_metadata.h"

void test_register(void);

#define SLOT_OF(vtbl, member) (offsetof(struct vtbl, member) / sizeof(void *))
#define SLOT_COUNT(vtbl) (sizeof(struct vtbl) / sizeof(void *))

struct slot_case {
    const char *name;
    size_t actual;
    size_t expected;
};

#define SLOT_CASE(vtbl, member, slot) {#member, SLOT_OF(vtbl, member), (slot)}

static void check_slots(const struct slot_case *cases, size_t count)
{
    /* Report each mismatch under the method's name. */
    for (size_t i = 0; i < count; i++) {
        CU_assertImplementation(cases[i].actual == cases[i].expected, __LINE__, cases[i].name,
                                __FILE__, "", CU_FALSE);
    }
}

/* Every method of a list must sit at first_slot, first_slot + 1, ... in order. */
static void check_sequence(const struct slot_case *cases, size_t count, size_t first_slot)
{
    for (size_t i = 0; i < count; i++) {
        CU_assertImplementation(cases[i].actual == first_slot + i, __LINE__, cases[i].name,
                                __FILE__, "", CU_FALSE);
    }
}

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static void test_slot_counts(void)
{
    CU_ASSERT_EQUAL(SLOT_COUNT(cp_md_import_vtbl), 65);
    CU_ASSERT_EQUAL(SLOT_COUNT(cp_md_import2_vtbl), 73);
    CU_ASSERT_EQUAL(SLOT_COUNT(cp_md_emit_vtbl), 52);
    CU_ASSERT_EQUAL(SLOT_COUNT(cp_md_emit2_vtbl), 60);
    CU_ASSERT_EQUAL(SLOT_COUNT(cp_md_assembly_import_vtbl), 17);
    CU_ASSERT_EQUAL(SLOT_COUNT(cp_md_dispenser_ex_vtbl), 12);

    CU_ASSERT_EQUAL(sizeof(struct cp_md_import_vtbl) % sizeof(void *), 0);
    CU_ASSERT_EQUAL(sizeof(struct cp_md_import2_vtbl) % sizeof(void *), 0);
    CU_ASSERT_EQUAL(sizeof(struct cp_md_emit_vtbl) % sizeof(void *), 0);
    CU_ASSERT_EQUAL(sizeof(struct cp_md_emit2_vtbl) % sizeof(void *), 0);
    CU_ASSERT_EQUAL(sizeof(struct cp_md_assembly_import_vtbl) % sizeof(void *), 0);
    CU_ASSERT_EQUAL(sizeof(struct cp_md_dispenser_ex_vtbl) % sizeof(void *), 0);

    CU_ASSERT_EQUAL(sizeof(struct cp_md_import), sizeof(void *));
    CU_ASSERT_EQUAL(sizeof(struct cp_md_import2), sizeof(void *));
    CU_ASSERT_EQUAL(sizeof(struct cp_md_emit), sizeof(void *));
    CU_ASSERT_EQUAL(sizeof(struct cp_md_emit2), sizeof(void *));
    CU_ASSERT_EQUAL(sizeof(struct cp_md_assembly_import), sizeof(void *));
    CU_ASSERT_EQUAL(sizeof(struct cp_md_dispenser_ex), sizeof(void *));
}

static void test_import_pinned(void)
{
    static const struct slot_case cases[] = {
        SLOT_CASE(cp_md_import_vtbl, QueryInterface, 0),
        SLOT_CASE(cp_md_import_vtbl, AddRef, 1),
        SLOT_CASE(cp_md_import_vtbl, Release, 2),
        SLOT_CASE(cp_md_import_vtbl, CloseEnum, 3),
        SLOT_CASE(cp_md_import_vtbl, EnumTypeDefs, 6),
        SLOT_CASE(cp_md_import_vtbl, FindTypeDefByName, 9),
        SLOT_CASE(cp_md_import_vtbl, GetScopeProps, 10),
        SLOT_CASE(cp_md_import_vtbl, GetModuleFromScope, 11),
        SLOT_CASE(cp_md_import_vtbl, GetTypeDefProps, 12),
        SLOT_CASE(cp_md_import_vtbl, EnumMethods, 18),
        SLOT_CASE(cp_md_import_vtbl, FindMethod, 27),
        SLOT_CASE(cp_md_import_vtbl, GetMethodProps, 30),
        SLOT_CASE(cp_md_import_vtbl, GetMemberRefProps, 31),
        SLOT_CASE(cp_md_import_vtbl, GetSigFromToken, 41),
        SLOT_CASE(cp_md_import_vtbl, GetUserString, 47),
        SLOT_CASE(cp_md_import_vtbl, GetNestedClassProps, 62),
        SLOT_CASE(cp_md_import_vtbl, IsGlobal, 64),
    };
    check_slots(cases, COUNT_OF(cases));
}

/* IMetaDataImport in declaration order; expands for either vtable. */
#define IMPORT_METHODS(vt)                                                                      \
    SLOT_CASE(vt, CloseEnum, 0), SLOT_CASE(vt, CountEnum, 0), SLOT_CASE(vt, ResetEnum, 0),      \
        SLOT_CASE(vt, EnumTypeDefs, 0), SLOT_CASE(vt, EnumInterfaceImpls, 0),                   \
        SLOT_CASE(vt, EnumTypeRefs, 0), SLOT_CASE(vt, FindTypeDefByName, 0),                    \
        SLOT_CASE(vt, GetScopeProps, 0), SLOT_CASE(vt, GetModuleFromScope, 0),                  \
        SLOT_CASE(vt, GetTypeDefProps, 0), SLOT_CASE(vt, GetInterfaceImplProps, 0),             \
        SLOT_CASE(vt, GetTypeRefProps, 0), SLOT_CASE(vt, ResolveTypeRef, 0),                    \
        SLOT_CASE(vt, EnumMembers, 0), SLOT_CASE(vt, EnumMembersWithName, 0),                   \
        SLOT_CASE(vt, EnumMethods, 0), SLOT_CASE(vt, EnumMethodsWithName, 0),                   \
        SLOT_CASE(vt, EnumFields, 0), SLOT_CASE(vt, EnumFieldsWithName, 0),                     \
        SLOT_CASE(vt, EnumParams, 0), SLOT_CASE(vt, EnumMemberRefs, 0),                         \
        SLOT_CASE(vt, EnumMethodImpls, 0), SLOT_CASE(vt, EnumPermissionSets, 0),                \
        SLOT_CASE(vt, FindMember, 0), SLOT_CASE(vt, FindMethod, 0), SLOT_CASE(vt, FindField, 0), \
        SLOT_CASE(vt, FindMemberRef, 0), SLOT_CASE(vt, GetMethodProps, 0),                      \
        SLOT_CASE(vt, GetMemberRefProps, 0), SLOT_CASE(vt, EnumProperties, 0),                  \
        SLOT_CASE(vt, EnumEvents, 0), SLOT_CASE(vt, GetEventProps, 0),                          \
        SLOT_CASE(vt, EnumMethodSemantics, 0), SLOT_CASE(vt, GetMethodSemantics, 0),            \
        SLOT_CASE(vt, GetClassLayout, 0), SLOT_CASE(vt, GetFieldMarshal, 0),                    \
        SLOT_CASE(vt, GetRVA, 0), SLOT_CASE(vt, GetPermissionSetProps, 0),                      \
        SLOT_CASE(vt, GetSigFromToken, 0), SLOT_CASE(vt, GetModuleRefProps, 0),                 \
        SLOT_CASE(vt, EnumModuleRefs, 0), SLOT_CASE(vt, GetTypeSpecFromToken, 0),               \
        SLOT_CASE(vt, GetNameFromToken, 0), SLOT_CASE(vt, EnumUnresolvedMethods, 0),            \
        SLOT_CASE(vt, GetUserString, 0), SLOT_CASE(vt, GetPinvokeMap, 0),                       \
        SLOT_CASE(vt, EnumSignatures, 0), SLOT_CASE(vt, EnumTypeSpecs, 0),                      \
        SLOT_CASE(vt, EnumUserStrings, 0), SLOT_CASE(vt, GetParamForMethodIndex, 0),            \
        SLOT_CASE(vt, EnumCustomAttributes, 0), SLOT_CASE(vt, GetCustomAttributeProps, 0),      \
        SLOT_CASE(vt, FindTypeRef, 0), SLOT_CASE(vt, GetMemberProps, 0),                        \
        SLOT_CASE(vt, GetFieldProps, 0), SLOT_CASE(vt, GetPropertyProps, 0),                    \
        SLOT_CASE(vt, GetParamProps, 0), SLOT_CASE(vt, GetCustomAttributeByName, 0),            \
        SLOT_CASE(vt, IsValidToken, 0), SLOT_CASE(vt, GetNestedClassProps, 0),                  \
        SLOT_CASE(vt, GetNativeCallConvFromSig, 0), SLOT_CASE(vt, IsGlobal, 0)

static void test_import_sequence(void)
{
    static const struct slot_case import[] = {IMPORT_METHODS(cp_md_import_vtbl)};
    static const struct slot_case import2[] = {IMPORT_METHODS(cp_md_import2_vtbl)};

    CU_ASSERT_EQUAL(COUNT_OF(import), 62);
    check_sequence(import, COUNT_OF(import), 3);
    check_sequence(import2, COUNT_OF(import2), 3);
}

static void test_import2_pinned(void)
{
    static const struct slot_case cases[] = {
        SLOT_CASE(cp_md_import2_vtbl, QueryInterface, 0),
        SLOT_CASE(cp_md_import2_vtbl, Release, 2),
        SLOT_CASE(cp_md_import2_vtbl, GetTypeDefProps, 12),
        SLOT_CASE(cp_md_import2_vtbl, GetMethodProps, 30),
        SLOT_CASE(cp_md_import2_vtbl, IsGlobal, 64),
        SLOT_CASE(cp_md_import2_vtbl, GetGenericParamProps, 66),
        SLOT_CASE(cp_md_import2_vtbl, GetMethodSpecProps, 67),
    };
    static const struct slot_case own[] = {
        SLOT_CASE(cp_md_import2_vtbl, EnumGenericParams, 0),
        SLOT_CASE(cp_md_import2_vtbl, GetGenericParamProps, 0),
        SLOT_CASE(cp_md_import2_vtbl, GetMethodSpecProps, 0),
        SLOT_CASE(cp_md_import2_vtbl, EnumGenericParamConstraints, 0),
        SLOT_CASE(cp_md_import2_vtbl, GetGenericParamConstraintProps, 0),
        SLOT_CASE(cp_md_import2_vtbl, GetPEKind, 0),
        SLOT_CASE(cp_md_import2_vtbl, GetVersionString, 0),
        SLOT_CASE(cp_md_import2_vtbl, EnumMethodSpecs, 0),
    };
    check_slots(cases, COUNT_OF(cases));
    check_sequence(own, COUNT_OF(own), 65);
}

static void test_emit_pinned(void)
{
    static const struct slot_case cases[] = {
        SLOT_CASE(cp_md_emit_vtbl, QueryInterface, 0),
        SLOT_CASE(cp_md_emit_vtbl, SetModuleProps, 3),
        SLOT_CASE(cp_md_emit_vtbl, DefineTypeDef, 7),
        SLOT_CASE(cp_md_emit_vtbl, DefineNestedType, 8),
        SLOT_CASE(cp_md_emit_vtbl, DefineMethod, 10),
        SLOT_CASE(cp_md_emit_vtbl, DefineMethodImpl, 11),
        SLOT_CASE(cp_md_emit_vtbl, DefineTypeRefByName, 12),
        SLOT_CASE(cp_md_emit_vtbl, DefineMemberRef, 14),
        SLOT_CASE(cp_md_emit_vtbl, DefineEvent, 16),
        SLOT_CASE(cp_md_emit_vtbl, GetTokenFromSig, 23),
        SLOT_CASE(cp_md_emit_vtbl, DefineModuleRef, 24),
        SLOT_CASE(cp_md_emit_vtbl, DefineUserString, 28),
        SLOT_CASE(cp_md_emit_vtbl, DefinePinvokeMap, 34),
        SLOT_CASE(cp_md_emit_vtbl, DefineCustomAttribute, 37),
        SLOT_CASE(cp_md_emit_vtbl, DefineField, 39),
        SLOT_CASE(cp_md_emit_vtbl, MergeEnd, 51),
    };
    check_slots(cases, COUNT_OF(cases));
}

/* IMetaDataEmit in declaration order; expands for either vtable. */
#define EMIT_METHODS(vt)                                                                        \
    SLOT_CASE(vt, SetModuleProps, 0), SLOT_CASE(vt, Save, 0), SLOT_CASE(vt, SaveToStream, 0),   \
        SLOT_CASE(vt, GetSaveSize, 0), SLOT_CASE(vt, DefineTypeDef, 0),                         \
        SLOT_CASE(vt, DefineNestedType, 0), SLOT_CASE(vt, SetHandler, 0),                       \
        SLOT_CASE(vt, DefineMethod, 0), SLOT_CASE(vt, DefineMethodImpl, 0),                     \
        SLOT_CASE(vt, DefineTypeRefByName, 0), SLOT_CASE(vt, DefineImportType, 0),              \
        SLOT_CASE(vt, DefineMemberRef, 0), SLOT_CASE(vt, DefineImportMember, 0),                \
        SLOT_CASE(vt, DefineEvent, 0), SLOT_CASE(vt, SetClassLayout, 0),                        \
        SLOT_CASE(vt, DeleteClassLayout, 0), SLOT_CASE(vt, SetFieldMarshal, 0),                 \
        SLOT_CASE(vt, DeleteFieldMarshal, 0), SLOT_CASE(vt, DefinePermissionSet, 0),            \
        SLOT_CASE(vt, SetRVA, 0), SLOT_CASE(vt, GetTokenFromSig, 0),                            \
        SLOT_CASE(vt, DefineModuleRef, 0), SLOT_CASE(vt, SetParent, 0),                         \
        SLOT_CASE(vt, GetTokenFromTypeSpec, 0), SLOT_CASE(vt, SaveToMemory, 0),                 \
        SLOT_CASE(vt, DefineUserString, 0), SLOT_CASE(vt, DeleteToken, 0),                      \
        SLOT_CASE(vt, SetMethodProps, 0), SLOT_CASE(vt, SetTypeDefProps, 0),                    \
        SLOT_CASE(vt, SetEventProps, 0), SLOT_CASE(vt, SetPermissionSetProps, 0),               \
        SLOT_CASE(vt, DefinePinvokeMap, 0), SLOT_CASE(vt, SetPinvokeMap, 0),                    \
        SLOT_CASE(vt, DeletePinvokeMap, 0), SLOT_CASE(vt, DefineCustomAttribute, 0),            \
        SLOT_CASE(vt, SetCustomAttributeValue, 0), SLOT_CASE(vt, DefineField, 0),               \
        SLOT_CASE(vt, DefineProperty, 0), SLOT_CASE(vt, DefineParam, 0),                        \
        SLOT_CASE(vt, SetFieldProps, 0), SLOT_CASE(vt, SetPropertyProps, 0),                    \
        SLOT_CASE(vt, SetParamProps, 0), SLOT_CASE(vt, DefineSecurityAttributeSet, 0),          \
        SLOT_CASE(vt, ApplyEditAndContinue, 0), SLOT_CASE(vt, TranslateSigWithScope, 0),        \
        SLOT_CASE(vt, SetMethodImplFlags, 0), SLOT_CASE(vt, SetFieldRVA, 0),                    \
        SLOT_CASE(vt, Merge, 0), SLOT_CASE(vt, MergeEnd, 0)

static void test_emit_sequence(void)
{
    static const struct slot_case emit[] = {EMIT_METHODS(cp_md_emit_vtbl)};
    static const struct slot_case emit2[] = {EMIT_METHODS(cp_md_emit2_vtbl)};

    CU_ASSERT_EQUAL(COUNT_OF(emit), 49);
    check_sequence(emit, COUNT_OF(emit), 3);
    check_sequence(emit2, COUNT_OF(emit2), 3);
}

static void test_emit2_pinned(void)
{
    static const struct slot_case cases[] = {
        SLOT_CASE(cp_md_emit2_vtbl, DefineUserString, 28),
        SLOT_CASE(cp_md_emit2_vtbl, MergeEnd, 51),
        SLOT_CASE(cp_md_emit2_vtbl, DefineMethodSpec, 52),
    };
    static const struct slot_case own[] = {
        SLOT_CASE(cp_md_emit2_vtbl, DefineMethodSpec, 0),
        SLOT_CASE(cp_md_emit2_vtbl, GetDeltaSaveSize, 0),
        SLOT_CASE(cp_md_emit2_vtbl, SaveDelta, 0),
        SLOT_CASE(cp_md_emit2_vtbl, SaveDeltaToStream, 0),
        SLOT_CASE(cp_md_emit2_vtbl, SaveDeltaToMemory, 0),
        SLOT_CASE(cp_md_emit2_vtbl, DefineGenericParam, 0),
        SLOT_CASE(cp_md_emit2_vtbl, SetGenericParamProps, 0),
        SLOT_CASE(cp_md_emit2_vtbl, ResetENCLog, 0),
    };
    check_slots(cases, COUNT_OF(cases));
    check_sequence(own, COUNT_OF(own), 52);
}

static void test_assembly_import_slots(void)
{
    static const struct slot_case cases[] = {
        SLOT_CASE(cp_md_assembly_import_vtbl, QueryInterface, 0),
        SLOT_CASE(cp_md_assembly_import_vtbl, GetAssemblyProps, 3),
        SLOT_CASE(cp_md_assembly_import_vtbl, GetAssemblyFromScope, 12),
        SLOT_CASE(cp_md_assembly_import_vtbl, CloseEnum, 15),
    };
    static const struct slot_case own[] = {
        SLOT_CASE(cp_md_assembly_import_vtbl, GetAssemblyProps, 0),
        SLOT_CASE(cp_md_assembly_import_vtbl, GetAssemblyRefProps, 0),
        SLOT_CASE(cp_md_assembly_import_vtbl, GetFileProps, 0),
        SLOT_CASE(cp_md_assembly_import_vtbl, GetExportedTypeProps, 0),
        SLOT_CASE(cp_md_assembly_import_vtbl, GetManifestResourceProps, 0),
        SLOT_CASE(cp_md_assembly_import_vtbl, EnumAssemblyRefs, 0),
        SLOT_CASE(cp_md_assembly_import_vtbl, EnumFiles, 0),
        SLOT_CASE(cp_md_assembly_import_vtbl, EnumExportedTypes, 0),
        SLOT_CASE(cp_md_assembly_import_vtbl, EnumManifestResources, 0),
        SLOT_CASE(cp_md_assembly_import_vtbl, GetAssemblyFromScope, 0),
        SLOT_CASE(cp_md_assembly_import_vtbl, FindExportedTypeByName, 0),
        SLOT_CASE(cp_md_assembly_import_vtbl, FindManifestResourceByName, 0),
        SLOT_CASE(cp_md_assembly_import_vtbl, CloseEnum, 0),
        SLOT_CASE(cp_md_assembly_import_vtbl, FindAssembliesByName, 0),
    };
    check_slots(cases, COUNT_OF(cases));
    check_sequence(own, COUNT_OF(own), 3);
}

static void test_assembly_emit_slots(void)
{
    static const struct slot_case own[] = {
        SLOT_CASE(cp_md_assembly_emit_vtbl, DefineAssembly, 0),
        SLOT_CASE(cp_md_assembly_emit_vtbl, DefineAssemblyRef, 0),
        SLOT_CASE(cp_md_assembly_emit_vtbl, DefineFile, 0),
        SLOT_CASE(cp_md_assembly_emit_vtbl, DefineExportedType, 0),
        SLOT_CASE(cp_md_assembly_emit_vtbl, DefineManifestResource, 0),
        SLOT_CASE(cp_md_assembly_emit_vtbl, SetAssemblyProps, 0),
        SLOT_CASE(cp_md_assembly_emit_vtbl, SetAssemblyRefProps, 0),
        SLOT_CASE(cp_md_assembly_emit_vtbl, SetFileProps, 0),
        SLOT_CASE(cp_md_assembly_emit_vtbl, SetExportedTypeProps, 0),
        SLOT_CASE(cp_md_assembly_emit_vtbl, SetManifestResourceProps, 0),
    };

    CU_ASSERT_EQUAL(SLOT_COUNT(cp_md_assembly_emit_vtbl), 13);
    check_sequence(own, COUNT_OF(own), 3);
}

static void test_dispenser_slots(void)
{
    static const struct slot_case own[] = {
        SLOT_CASE(cp_md_dispenser_ex_vtbl, DefineScope, 0),
        SLOT_CASE(cp_md_dispenser_ex_vtbl, OpenScope, 0),
        SLOT_CASE(cp_md_dispenser_ex_vtbl, OpenScopeOnMemory, 0),
        SLOT_CASE(cp_md_dispenser_ex_vtbl, SetOption, 0),
        SLOT_CASE(cp_md_dispenser_ex_vtbl, GetOption, 0),
        SLOT_CASE(cp_md_dispenser_ex_vtbl, OpenScopeOnITypeInfo, 0),
        SLOT_CASE(cp_md_dispenser_ex_vtbl, GetCORSystemDirectory, 0),
        SLOT_CASE(cp_md_dispenser_ex_vtbl, FindAssembly, 0),
        SLOT_CASE(cp_md_dispenser_ex_vtbl, FindAssemblyModule, 0),
    };
    check_sequence(own, COUNT_OF(own), 3);
}

static void test_struct_layouts(void)
{
    CU_ASSERT_EQUAL(sizeof(struct cp_md_field_offset), 8);
    CU_ASSERT_EQUAL(offsetof(struct cp_md_field_offset, offset), 4);
    CU_ASSERT_EQUAL(sizeof(struct cp_os_info), 12);

    CU_ASSERT_EQUAL(offsetof(struct cp_secattr, custom_attribute), sizeof(void *));
    CU_ASSERT_EQUAL(offsetof(struct cp_secattr, custom_attribute_size), 2 * sizeof(void *));

    CU_ASSERT_EQUAL(offsetof(struct cp_assembly_metadata, revision_number), 6);
    CU_ASSERT_EQUAL(offsetof(struct cp_assembly_metadata, locale), 8);
    if (sizeof(void *) == 8) {
        CU_ASSERT_EQUAL(offsetof(struct cp_assembly_metadata, locale_size), 16);
        CU_ASSERT_EQUAL(offsetof(struct cp_assembly_metadata, processors), 24);
        CU_ASSERT_EQUAL(offsetof(struct cp_assembly_metadata, processor_count), 32);
        CU_ASSERT_EQUAL(offsetof(struct cp_assembly_metadata, os), 40);
        CU_ASSERT_EQUAL(offsetof(struct cp_assembly_metadata, os_count), 48);
        CU_ASSERT_EQUAL(sizeof(struct cp_assembly_metadata), 56);
        CU_ASSERT_EQUAL(sizeof(struct cp_secattr), 24);
    } else if (sizeof(void *) == 4) {
        CU_ASSERT_EQUAL(offsetof(struct cp_assembly_metadata, locale_size), 12);
        CU_ASSERT_EQUAL(offsetof(struct cp_assembly_metadata, processors), 16);
        CU_ASSERT_EQUAL(offsetof(struct cp_assembly_metadata, processor_count), 20);
        CU_ASSERT_EQUAL(offsetof(struct cp_assembly_metadata, os), 24);
        CU_ASSERT_EQUAL(offsetof(struct cp_assembly_metadata, os_count), 28);
        CU_ASSERT_EQUAL(sizeof(struct cp_assembly_metadata), 32);
        CU_ASSERT_EQUAL(sizeof(struct cp_secattr), 12);
    }
}

static void test_tokens(void)
{
    CU_ASSERT_EQUAL(mdtModule, 0x00000000);
    CU_ASSERT_EQUAL(mdtTypeRef, 0x01000000);
    CU_ASSERT_EQUAL(mdtTypeDef, 0x02000000);
    CU_ASSERT_EQUAL(mdtFieldDef, 0x04000000);
    CU_ASSERT_EQUAL(mdtMethodDef, 0x06000000);
    CU_ASSERT_EQUAL(mdtMemberRef, 0x0a000000);
    CU_ASSERT_EQUAL(mdtSignature, 0x11000000);
    CU_ASSERT_EQUAL(mdtModuleRef, 0x1a000000);
    CU_ASSERT_EQUAL(mdtTypeSpec, 0x1b000000);
    CU_ASSERT_EQUAL(mdtAssemblyRef, 0x23000000);
    CU_ASSERT_EQUAL(mdtMethodSpec, 0x2b000000);
    CU_ASSERT_EQUAL(mdtString, 0x70000000);
    CU_ASSERT_EQUAL(mdtName, 0x71000000);
    CU_ASSERT_EQUAL(mdtBaseType, 0x72000000);

    CU_ASSERT_EQUAL(CP_TOKEN_TYPE(0x06000123u), (cp_token)mdtMethodDef);
    CU_ASSERT_EQUAL(CP_TOKEN_RID(0x06000123u), 0x123u);
    CU_ASSERT_EQUAL(CP_TOKEN_TYPE(0x70ABCDEFu), (cp_token)mdtString);
    CU_ASSERT_EQUAL(CP_TOKEN_RID(0x70ABCDEFu), 0xABCDEFu);
    CU_ASSERT_EQUAL(CP_TOKEN_FROM_RID(0x42u, mdtTypeRef), 0x01000042u);
    CU_ASSERT_EQUAL(CP_TOKEN_RID(CP_TOKEN_FROM_RID(7u, mdtMemberRef)), 7u);
}

static void test_flag_constants(void)
{
    CU_ASSERT_EQUAL(ofRead, 0);
    CU_ASSERT_EQUAL(ofWrite, 1);

    CU_ASSERT_EQUAL(mdMemberAccessMask, 0x0007);
    CU_ASSERT_EQUAL(mdPublic, 0x0006);
    CU_ASSERT_EQUAL(mdStatic, 0x0010);
    CU_ASSERT_EQUAL(mdVirtual, 0x0040);
    CU_ASSERT_EQUAL(mdAbstract, 0x0400);
    CU_ASSERT_EQUAL(mdSpecialName, 0x0800);
    CU_ASSERT_EQUAL(mdRTSpecialName, 0x1000);
    CU_ASSERT_EQUAL(mdPinvokeImpl, 0x2000);

    CU_ASSERT_EQUAL(tdVisibilityMask, 0x7);
    CU_ASSERT_EQUAL(tdPublic, 0x1);
    CU_ASSERT_EQUAL(tdNestedPublic, 0x2);
    CU_ASSERT_EQUAL(tdNestedPrivate, 0x3);
    CU_ASSERT_EQUAL(tdNestedFamORAssem, 0x7);
    CU_ASSERT_EQUAL(tdInterface, 0x20);

    CU_ASSERT_EQUAL(IMAGE_CEE_CS_CALLCONV_DEFAULT, 0x00);
    CU_ASSERT_EQUAL(IMAGE_CEE_CS_CALLCONV_GENERIC, 0x10);
    CU_ASSERT_EQUAL(IMAGE_CEE_CS_CALLCONV_HASTHIS, 0x20);
    CU_ASSERT_EQUAL(IMAGE_CEE_CS_CALLCONV_EXPLICITTHIS, 0x40);
    CU_ASSERT_EQUAL(IMAGE_CEE_CS_CALLCONV_LOCAL_SIG, 0x07);

    CU_ASSERT_EQUAL(ELEMENT_TYPE_END, 0x00);
    CU_ASSERT_EQUAL(ELEMENT_TYPE_VOID, 0x01);
    CU_ASSERT_EQUAL(ELEMENT_TYPE_I4, 0x08);
    CU_ASSERT_EQUAL(ELEMENT_TYPE_STRING, 0x0e);
    CU_ASSERT_EQUAL(ELEMENT_TYPE_CLASS, 0x12);
    CU_ASSERT_EQUAL(ELEMENT_TYPE_GENERICINST, 0x15);
    CU_ASSERT_EQUAL(ELEMENT_TYPE_I, 0x18);
    CU_ASSERT_EQUAL(ELEMENT_TYPE_OBJECT, 0x1c);
    CU_ASSERT_EQUAL(ELEMENT_TYPE_SZARRAY, 0x1d);
    CU_ASSERT_EQUAL(ELEMENT_TYPE_MVAR, 0x1e);
    CU_ASSERT_EQUAL(ELEMENT_TYPE_SENTINEL, 0x41);
    CU_ASSERT_EQUAL(ELEMENT_TYPE_PINNED, 0x45);

    CU_ASSERT_EQUAL(CorILMethod_TinyFormat, 0x2);
    CU_ASSERT_EQUAL(CorILMethod_FatFormat, 0x3);
    CU_ASSERT_EQUAL(CorILMethod_FormatMask, 0x7);
    CU_ASSERT_EQUAL(CorILMethod_MoreSects, 0x8);
    CU_ASSERT_EQUAL(CorILMethod_InitLocals, 0x10);
    CU_ASSERT_EQUAL(CorILMethod_Sect_EHTable, 0x1);
    CU_ASSERT_EQUAL(CorILMethod_Sect_FatFormat, 0x40);
    CU_ASSERT_EQUAL(CorILMethod_Sect_MoreSects, 0x80);

    CU_ASSERT_EQUAL(COR_ILEXCEPTION_CLAUSE_NONE, 0);
    CU_ASSERT_EQUAL(COR_ILEXCEPTION_CLAUSE_FILTER, 1);
    CU_ASSERT_EQUAL(COR_ILEXCEPTION_CLAUSE_FINALLY, 2);
    CU_ASSERT_EQUAL(COR_ILEXCEPTION_CLAUSE_FAULT, 4);
}

/* Registry form of a GUID, upper case, with braces. */
static void guid_text(const struct cp_guid *g, char *buf, size_t size)
{
    snprintf(buf, size, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
             (unsigned)g->data1, (unsigned)g->data2, (unsigned)g->data3, g->data4[0],
             g->data4[1], g->data4[2], g->data4[3], g->data4[4], g->data4[5], g->data4[6],
             g->data4[7]);
}

static void check_guid_text(const struct cp_guid *g, const char *expected)
{
    char buf[40];
    guid_text(g, buf, sizeof buf);
    CU_assertImplementation(strcmp(buf, expected) == 0, __LINE__, expected, __FILE__, "",
                            CU_FALSE);
}

static void test_iids(void)
{
    static const uint8_t import_d4[8] = {0x9b, 0x67, 0x92, 0x80, 0x1a, 0x49, 0x7d, 0x44};
    static const uint8_t emit2_d4[8] = {0x83, 0x0e, 0x7b, 0x83, 0x3e, 0x81, 0x46, 0xa9};

    CU_ASSERT_EQUAL(cp_iid_IMetaDataImport.data1, 0x7dac8207u);
    CU_ASSERT_EQUAL(cp_iid_IMetaDataImport.data2, 0xd3ae);
    CU_ASSERT_EQUAL(cp_iid_IMetaDataImport.data3, 0x4c75);
    CU_ASSERT_EQUAL(memcmp(cp_iid_IMetaDataImport.data4, import_d4, 8), 0);

    CU_ASSERT_EQUAL(cp_iid_IMetaDataEmit2.data1, 0xf5dd9950u);
    CU_ASSERT_EQUAL(cp_iid_IMetaDataEmit2.data2, 0xf693);
    CU_ASSERT_EQUAL(cp_iid_IMetaDataEmit2.data3, 0x42e6);
    CU_ASSERT_EQUAL(memcmp(cp_iid_IMetaDataEmit2.data4, emit2_d4, 8), 0);

    check_guid_text(&cp_iid_IMetaDataImport, "{7DAC8207-D3AE-4C75-9B67-92801A497D44}");
    check_guid_text(&cp_iid_IMetaDataImport2, "{FCE5EFA0-8BBA-4F8E-A036-8F2022B08466}");
    check_guid_text(&cp_iid_IMetaDataEmit, "{BA3FEE4C-ECB9-4E41-83B7-183FA41CD859}");
    check_guid_text(&cp_iid_IMetaDataEmit2, "{F5DD9950-F693-42E6-830E-7B833E8146A9}");
    check_guid_text(&cp_iid_IMetaDataAssemblyImport, "{EE62470B-E94B-424E-9B7C-2F00C9249F93}");
    check_guid_text(&cp_iid_IMetaDataAssemblyEmit, "{211EF15B-5317-4438-B196-DEC87B887693}");
    check_guid_text(&cp_iid_IMetaDataDispenser, "{809C652E-7396-11D2-9771-00A0C9B4D50C}");
    check_guid_text(&cp_iid_IMetaDataDispenserEx, "{31BCFCE2-DAFB-11D2-9F81-00C04F79A0A3}");
    check_guid_text(&cp_clsid_CorMetaDataDispenser, "{E5CB7A31-7512-11D2-89CE-0080C792E5D8}");

    CU_ASSERT_EQUAL(sizeof(struct cp_guid), 16);
}

void test_register(void)
{
    CU_pSuite suite = CU_add_suite("abi_metadata", NULL, NULL);
    if (suite == NULL) {
        return;
    }
    CU_add_test(suite, "slot counts", test_slot_counts);
    CU_add_test(suite, "IMetaDataImport pinned slots", test_import_pinned);
    CU_add_test(suite, "IMetaDataImport method order", test_import_sequence);
    CU_add_test(suite, "IMetaDataImport2 slots", test_import2_pinned);
    CU_add_test(suite, "IMetaDataEmit pinned slots", test_emit_pinned);
    CU_add_test(suite, "IMetaDataEmit method order", test_emit_sequence);
    CU_add_test(suite, "IMetaDataEmit2 slots", test_emit2_pinned);
    CU_add_test(suite, "IMetaDataAssemblyImport slots", test_assembly_import_slots);
    CU_add_test(suite, "IMetaDataAssemblyEmit slots", test_assembly_emit_slots);
    CU_add_test(suite, "IMetaDataDispenserEx slots", test_dispenser_slots);
    CU_add_test(suite, "struct layouts", test_struct_layouts);
    CU_add_test(suite, "tokens", test_tokens);
    CU_add_test(suite, "flag constants", test_flag_constants);
    CU_add_test(suite, "IIDs", test_iids);
}
