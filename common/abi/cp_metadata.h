/*
 * cp_metadata.h - the metadata interfaces a profiler reaches through
 * ICorProfilerInfo::GetModuleMetaData, as C vtables:
 *
 *   struct cp_md_import           IMetaDataImport                 65 slots
 *   struct cp_md_import2          IMetaDataImport2                73 slots
 *   struct cp_md_emit             IMetaDataEmit                   52 slots
 *   struct cp_md_emit2            IMetaDataEmit2                  60 slots
 *   struct cp_md_assembly_import  IMetaDataAssemblyImport         17 slots
 *   struct cp_md_assembly_emit    IMetaDataAssemblyEmit           13 slots
 *   struct cp_md_dispenser_ex     IMetaDataDispenser(Ex)          12 slots
 *
 * together with the structs their methods take, the token, attribute,
 * signature and IL-header constants of corhdr.h that profilers need to read
 * and write metadata and method bodies, and the interface IIDs.
 *
 * Slot numbering: slot N is the member at byte offset N * sizeof(void *) in
 * the vtable.  A derived interface gets its own complete vtable struct whose
 * leading members repeat the base interface's member for member, so a
 * struct cp_md_import2 * may also be used as a struct cp_md_import * (and a
 * struct cp_md_emit2 * as a struct cp_md_emit *).
 *
 * Parameter types: every md* token is cp_token, ULONG and DWORD are cp_ulong,
 * LPCWSTR is const cp_wchar * and LPWSTR cp_wchar *, PCCOR_SIGNATURE is
 * cp_sig, HCORENUM is cp_enum_handle.  CorSaveSize parameters are int-sized
 * enums in the ABI and travel as cp_ulong.  Interfaces not declared here
 * (IStream, IMapToken, ITypeInfo, error handlers)
 * are passed as struct cp_unknown *.  A few out-buffers are LPCWSTR in the
 * runtime's declaration (GetEventProps, GetPropertyProps, FindAssembly); they
 * keep that const here so the prototypes match.
 */
#ifndef PROFCHECK_CP_METADATA_H
#define PROFCHECK_CP_METADATA_H

#include "cp_types.h"
#include "cp_unknown.h"

struct cp_md_import;
struct cp_md_import2;
struct cp_md_emit;
struct cp_md_emit2;
struct cp_md_assembly_import;
struct cp_md_assembly_emit;
struct cp_md_dispenser_ex;

/* VARIANT, only ever passed by pointer (SetOption, GetOption). */
struct cp_variant;

/* ------------------------------------------------------------------------ */
/* Structs                                                                   */
/* ------------------------------------------------------------------------ */

/* COR_FIELD_OFFSET (GetClassLayout, SetClassLayout). */
struct cp_md_field_offset {
    cp_token field_token;   /* mdFieldDef */
    cp_ulong offset;
};

/* COR_SECATTR: one security custom attribute (DefineSecurityAttributeSet). */
struct cp_secattr {
    cp_token ctor;                  /* mdMemberRef of the attribute's constructor */
    const void *custom_attribute;   /* constructor arguments and named values blob */
    cp_ulong custom_attribute_size;
};

/* OSINFO */
struct cp_os_info {
    cp_ulong platform_id;
    cp_ulong major_version;
    cp_ulong minor_version;
};

/*
 * ASSEMBLYMETADATA.  The size fields are in/out: the caller passes the
 * capacity of each array (locale in wide chars), the callee the count filled.
 */
struct cp_assembly_metadata {
    uint16_t major_version;
    uint16_t minor_version;
    uint16_t build_number;
    uint16_t revision_number;
    cp_wchar *locale;           /* szLocale */
    cp_ulong locale_size;       /* cbLocale */
    cp_ulong *processors;       /* rProcessor: DWORD array */
    cp_ulong processor_count;   /* ulProcessor */
    struct cp_os_info *os;      /* rOS */
    cp_ulong os_count;          /* ulOS */
};

/* ------------------------------------------------------------------------ */
/* Tokens                                                                    */
/* ------------------------------------------------------------------------ */

/* CorTokenType: the table a token refers to, in its top byte. */
enum cp_cor_token_type {
    mdtModule = 0x00000000,
    mdtTypeRef = 0x01000000,
    mdtTypeDef = 0x02000000,
    mdtFieldDef = 0x04000000,
    mdtMethodDef = 0x06000000,
    mdtParamDef = 0x08000000,
    mdtInterfaceImpl = 0x09000000,
    mdtMemberRef = 0x0a000000,
    mdtCustomAttribute = 0x0c000000,
    mdtPermission = 0x0e000000,
    mdtSignature = 0x11000000,
    mdtEvent = 0x14000000,
    mdtProperty = 0x17000000,
    mdtMethodImpl = 0x19000000,
    mdtModuleRef = 0x1a000000,
    mdtTypeSpec = 0x1b000000,
    mdtAssembly = 0x20000000,
    mdtAssemblyRef = 0x23000000,
    mdtFile = 0x26000000,
    mdtExportedType = 0x27000000,
    mdtManifestResource = 0x28000000,
    mdtGenericParam = 0x2a000000,
    mdtMethodSpec = 0x2b000000,
    mdtGenericParamConstraint = 0x2c000000,
    mdtString = 0x70000000,
    mdtName = 0x71000000,
    mdtBaseType = 0x72000000
};

/* Table of a token (one of enum cp_cor_token_type) and its row number. */
#define CP_TOKEN_TYPE(t) ((cp_token)(t) & 0xff000000u)
#define CP_TOKEN_RID(t) ((cp_token)(t) & 0x00ffffffu)
/* Token for row rid of table type. */
#define CP_TOKEN_FROM_RID(rid, type) ((cp_token)(rid) | (cp_token)(type))

/* ------------------------------------------------------------------------ */
/* Scope opening and saving                                                  */
/* ------------------------------------------------------------------------ */

/* CorOpenFlags (OpenScope, OpenScopeOnMemory). */
enum cp_cor_open_flags {
    ofRead = 0x00000000,
    ofWrite = 0x00000001,
    ofReadWriteMask = 0x00000001,
    ofCopyMemory = 0x00000002,
    ofReadOnly = 0x00000010,
    ofTakeOwnership = 0x00000020,
    ofNoTypeLib = 0x00000080,
    ofNoTransform = 0x00001000
};

/* CorSaveSize (GetSaveSize, GetDeltaSaveSize). */
enum cp_cor_save_size {
    cssAccurate = 0x0000,
    cssQuick = 0x0001,
    cssDiscardTransientCAs = 0x0002
};

/* ------------------------------------------------------------------------ */
/* Attributes                                                                */
/* ------------------------------------------------------------------------ */

/* CorTypeAttr (GetTypeDefProps, DefineTypeDef). */
enum cp_cor_type_attr {
    tdVisibilityMask = 0x00000007,
    tdNotPublic = 0x00000000,
    tdPublic = 0x00000001,
    tdNestedPublic = 0x00000002,
    tdNestedPrivate = 0x00000003,
    tdNestedFamily = 0x00000004,
    tdNestedAssembly = 0x00000005,
    tdNestedFamANDAssem = 0x00000006,
    tdNestedFamORAssem = 0x00000007,

    tdLayoutMask = 0x00000018,
    tdAutoLayout = 0x00000000,
    tdSequentialLayout = 0x00000008,
    tdExplicitLayout = 0x00000010,

    tdClassSemanticsMask = 0x00000020,
    tdClass = 0x00000000,
    tdInterface = 0x00000020,

    tdAbstract = 0x00000080,
    tdSealed = 0x00000100,
    tdSpecialName = 0x00000400,

    tdImport = 0x00001000,
    tdSerializable = 0x00002000,
    tdWindowsRuntime = 0x00004000,

    tdStringFormatMask = 0x00030000,
    tdAnsiClass = 0x00000000,
    tdUnicodeClass = 0x00010000,
    tdAutoClass = 0x00020000,
    tdCustomFormatClass = 0x00030000,
    tdCustomFormatMask = 0x00C00000,

    tdBeforeFieldInit = 0x00100000,
    tdForwarder = 0x00200000,

    tdReservedMask = 0x00040800,
    tdRTSpecialName = 0x00000800,
    tdHasSecurity = 0x00040000
};

/* CorMethodAttr (GetMethodProps, DefineMethod). */
enum cp_cor_method_attr {
    mdMemberAccessMask = 0x0007,
    mdPrivateScope = 0x0000,
    mdPrivate = 0x0001,
    mdFamANDAssem = 0x0002,
    mdAssem = 0x0003,
    mdFamily = 0x0004,
    mdFamORAssem = 0x0005,
    mdPublic = 0x0006,

    mdStatic = 0x0010,
    mdFinal = 0x0020,
    mdVirtual = 0x0040,
    mdHideBySig = 0x0080,

    mdVtableLayoutMask = 0x0100,
    mdReuseSlot = 0x0000,
    mdNewSlot = 0x0100,

    mdCheckAccessOnOverride = 0x0200,
    mdAbstract = 0x0400,
    mdSpecialName = 0x0800,

    mdPinvokeImpl = 0x2000,
    mdUnmanagedExport = 0x0008,

    mdReservedMask = 0xd000,
    mdRTSpecialName = 0x1000,
    mdHasSecurity = 0x4000,
    mdRequireSecObject = 0x8000
};

/* ------------------------------------------------------------------------ */
/* Signatures                                                                */
/* ------------------------------------------------------------------------ */

/* CorCallingConvention: first byte of a signature. */
enum cp_cor_calling_convention {
    IMAGE_CEE_CS_CALLCONV_DEFAULT = 0x0,
    IMAGE_CEE_CS_CALLCONV_C = 0x1,
    IMAGE_CEE_CS_CALLCONV_STDCALL = 0x2,
    IMAGE_CEE_CS_CALLCONV_THISCALL = 0x3,
    IMAGE_CEE_CS_CALLCONV_FASTCALL = 0x4,
    IMAGE_CEE_CS_CALLCONV_VARARG = 0x5,
    IMAGE_CEE_CS_CALLCONV_FIELD = 0x6,
    IMAGE_CEE_CS_CALLCONV_LOCAL_SIG = 0x7,
    IMAGE_CEE_CS_CALLCONV_PROPERTY = 0x8,
    IMAGE_CEE_CS_CALLCONV_UNMANAGED = 0x9,
    IMAGE_CEE_CS_CALLCONV_GENERICINST = 0xa,
    IMAGE_CEE_CS_CALLCONV_NATIVEVARARG = 0xb,
    IMAGE_CEE_CS_CALLCONV_MAX = 0xc,

    IMAGE_CEE_CS_CALLCONV_MASK = 0x0f,
    IMAGE_CEE_CS_CALLCONV_HASTHIS = 0x20,
    IMAGE_CEE_CS_CALLCONV_EXPLICITTHIS = 0x40,
    IMAGE_CEE_CS_CALLCONV_GENERIC = 0x10
};

/* CorElementType: type codes inside signatures. */
enum cp_cor_element_type {
    ELEMENT_TYPE_END = 0x00,
    ELEMENT_TYPE_VOID = 0x01,
    ELEMENT_TYPE_BOOLEAN = 0x02,
    ELEMENT_TYPE_CHAR = 0x03,
    ELEMENT_TYPE_I1 = 0x04,
    ELEMENT_TYPE_U1 = 0x05,
    ELEMENT_TYPE_I2 = 0x06,
    ELEMENT_TYPE_U2 = 0x07,
    ELEMENT_TYPE_I4 = 0x08,
    ELEMENT_TYPE_U4 = 0x09,
    ELEMENT_TYPE_I8 = 0x0a,
    ELEMENT_TYPE_U8 = 0x0b,
    ELEMENT_TYPE_R4 = 0x0c,
    ELEMENT_TYPE_R8 = 0x0d,
    ELEMENT_TYPE_STRING = 0x0e,
    ELEMENT_TYPE_PTR = 0x0f,
    ELEMENT_TYPE_BYREF = 0x10,
    ELEMENT_TYPE_VALUETYPE = 0x11,
    ELEMENT_TYPE_CLASS = 0x12,
    ELEMENT_TYPE_VAR = 0x13,
    ELEMENT_TYPE_ARRAY = 0x14,
    ELEMENT_TYPE_GENERICINST = 0x15,
    ELEMENT_TYPE_TYPEDBYREF = 0x16,
    ELEMENT_TYPE_I = 0x18,
    ELEMENT_TYPE_U = 0x19,
    ELEMENT_TYPE_FNPTR = 0x1b,
    ELEMENT_TYPE_OBJECT = 0x1c,
    ELEMENT_TYPE_SZARRAY = 0x1d,
    ELEMENT_TYPE_MVAR = 0x1e,
    ELEMENT_TYPE_CMOD_REQD = 0x1f,
    ELEMENT_TYPE_CMOD_OPT = 0x20,
    ELEMENT_TYPE_INTERNAL = 0x21,
    ELEMENT_TYPE_MAX = 0x22,
    ELEMENT_TYPE_MODIFIER = 0x40,
    ELEMENT_TYPE_SENTINEL = 0x41,
    ELEMENT_TYPE_PINNED = 0x45
};

/* ------------------------------------------------------------------------ */
/* IL method bodies                                                          */
/* ------------------------------------------------------------------------ */

/* CorILMethodFlags: low bits of the first header byte (tiny) or word (fat). */
enum cp_cor_il_method_flags {
    CorILMethod_InitLocals = 0x0010,
    CorILMethod_MoreSects = 0x0008,
    CorILMethod_CompressedIL = 0x0040,
    CorILMethod_FormatShift = 3,
    CorILMethod_FormatMask = 0x0007,
    CorILMethod_TinyFormat = 0x0002,
    CorILMethod_SmallFormat = 0x0000,
    CorILMethod_FatFormat = 0x0003,
    CorILMethod_TinyFormat1 = 0x0006
};

/* CorILMethodSect: kind byte of a data section after the IL. */
enum cp_cor_il_method_sect {
    CorILMethod_Sect_Reserved = 0,
    CorILMethod_Sect_EHTable = 1,
    CorILMethod_Sect_OptILTable = 2,
    CorILMethod_Sect_KindMask = 0x3F,
    CorILMethod_Sect_FatFormat = 0x40,
    CorILMethod_Sect_MoreSects = 0x80
};

/* CorExceptionFlag: Flags of an exception-handling clause. */
enum cp_cor_exception_flag {
    COR_ILEXCEPTION_CLAUSE_NONE = 0x0000,
    COR_ILEXCEPTION_CLAUSE_FILTER = 0x0001,
    COR_ILEXCEPTION_CLAUSE_FINALLY = 0x0002,
    COR_ILEXCEPTION_CLAUSE_FAULT = 0x0004,
    COR_ILEXCEPTION_CLAUSE_DUPLICATED = 0x0008
};

/* ------------------------------------------------------------------------ */
/* Interfaces                                                                */
/* ------------------------------------------------------------------------ */

/*
 * The slots of IMetaDataImport (IUnknown's included), in vtable order, for an
 * interface pointer of type SELF: cp_md_import_vtbl and every interface derived
 * from it start with them.
 */
#define CP_MD_IMPORT_SLOTS(SELF) \
    /* IUnknown, slots 0-2 */                                                                        \
    cp_hr (*QueryInterface)(SELF *self, const struct cp_guid *iid, void **out);                      \
    cp_ulong (*AddRef)(SELF *self);                                                                  \
    cp_ulong (*Release)(SELF *self);                                                                 \
                                                                                                     \
    /* IMetaDataImport, slots 3-64 */                                                                \
    void (*CloseEnum)(SELF *self, cp_enum_handle en);                                                \
    cp_hr (*CountEnum)(SELF *self, cp_enum_handle en, cp_ulong *count);                              \
    cp_hr (*ResetEnum)(SELF *self, cp_enum_handle en, cp_ulong pos);                                 \
    cp_hr (*EnumTypeDefs)(SELF *self, cp_enum_handle *en, cp_token *type_defs,                       \
                          cp_ulong max, cp_ulong *count);                                            \
    cp_hr (*EnumInterfaceImpls)(SELF *self, cp_enum_handle *en, cp_token type_def,                   \
                                cp_token *impls, cp_ulong max, cp_ulong *count);                     \
    cp_hr (*EnumTypeRefs)(SELF *self, cp_enum_handle *en, cp_token *type_refs,                       \
                          cp_ulong max, cp_ulong *count);                                            \
    cp_hr (*FindTypeDefByName)(SELF *self, const cp_wchar *name,                                     \
                               cp_token enclosing_class, cp_token *type_def);                        \
    cp_hr (*GetScopeProps)(SELF *self, cp_wchar *name, cp_ulong name_size,                           \
                           cp_ulong *name_len, struct cp_guid *mvid);                                \
    cp_hr (*GetModuleFromScope)(SELF *self, cp_token *module);                                       \
    cp_hr (*GetTypeDefProps)(SELF *self, cp_token type_def, cp_wchar *name,                          \
                             cp_ulong name_size, cp_ulong *name_len, cp_ulong *flags,                \
                             cp_token *extends);                                                     \
    cp_hr (*GetInterfaceImplProps)(SELF *self, cp_token impl, cp_token *class_token,                 \
                                   cp_token *iface);                                                 \
    cp_hr (*GetTypeRefProps)(SELF *self, cp_token type_ref,                                          \
                             cp_token *resolution_scope, cp_wchar *name, cp_ulong name_size,         \
                             cp_ulong *name_len);                                                    \
    cp_hr (*ResolveTypeRef)(SELF *self, cp_token type_ref, const struct cp_guid *iid,                \
                            struct cp_unknown **scope, cp_token *type_def);                          \
    cp_hr (*EnumMembers)(SELF *self, cp_enum_handle *en, cp_token type_def,                          \
                         cp_token *members, cp_ulong max, cp_ulong *count);                          \
    cp_hr (*EnumMembersWithName)(SELF *self, cp_enum_handle *en, cp_token type_def,                  \
                                 const cp_wchar *name, cp_token *members, cp_ulong max,              \
                                 cp_ulong *count);                                                   \
    cp_hr (*EnumMethods)(SELF *self, cp_enum_handle *en, cp_token type_def,                          \
                         cp_token *methods, cp_ulong max, cp_ulong *count);                          \
    cp_hr (*EnumMethodsWithName)(SELF *self, cp_enum_handle *en, cp_token type_def,                  \
                                 const cp_wchar *name, cp_token *methods, cp_ulong max,              \
                                 cp_ulong *count);                                                   \
    cp_hr (*EnumFields)(SELF *self, cp_enum_handle *en, cp_token type_def,                           \
                        cp_token *fields, cp_ulong max, cp_ulong *count);                            \
    cp_hr (*EnumFieldsWithName)(SELF *self, cp_enum_handle *en, cp_token type_def,                   \
                                const cp_wchar *name, cp_token *fields, cp_ulong max,                \
                                cp_ulong *count);                                                    \
    cp_hr (*EnumParams)(SELF *self, cp_enum_handle *en, cp_token method,                             \
                        cp_token *params, cp_ulong max, cp_ulong *count);                            \
    cp_hr (*EnumMemberRefs)(SELF *self, cp_enum_handle *en, cp_token parent,                         \
                            cp_token *member_refs, cp_ulong max, cp_ulong *count);                   \
    cp_hr (*EnumMethodImpls)(SELF *self, cp_enum_handle *en, cp_token type_def,                      \
                             cp_token *method_bodies, cp_token *method_decls, cp_ulong max,          \
                             cp_ulong *count);                                                       \
    cp_hr (*EnumPermissionSets)(SELF *self, cp_enum_handle *en, cp_token token,                      \
                                cp_ulong actions, cp_token *permissions, cp_ulong max,               \
                                cp_ulong *count);                                                    \
    cp_hr (*FindMember)(SELF *self, cp_token type_def, const cp_wchar *name,                         \
                        cp_sig sig, cp_ulong sig_size, cp_token *member);                            \
    cp_hr (*FindMethod)(SELF *self, cp_token type_def, const cp_wchar *name,                         \
                        cp_sig sig, cp_ulong sig_size, cp_token *method);                            \
    cp_hr (*FindField)(SELF *self, cp_token type_def, const cp_wchar *name,                          \
                       cp_sig sig, cp_ulong sig_size, cp_token *field);                              \
    cp_hr (*FindMemberRef)(SELF *self, cp_token type_ref, const cp_wchar *name,                      \
                           cp_sig sig, cp_ulong sig_size, cp_token *member_ref);                     \
    cp_hr (*GetMethodProps)(SELF *self, cp_token method, cp_token *class_token,                      \
                            cp_wchar *name, cp_ulong name_size, cp_ulong *name_len, cp_ulong *attrs, \
                            cp_sig *sig, cp_ulong *sig_size, cp_ulong *code_rva,                     \
                            cp_ulong *impl_flags);                                                   \
    cp_hr (*GetMemberRefProps)(SELF *self, cp_token member_ref, cp_token *parent,                    \
                               cp_wchar *name, cp_ulong name_size, cp_ulong *name_len, cp_sig *sig,  \
                               cp_ulong *sig_size);                                                  \
    cp_hr (*EnumProperties)(SELF *self, cp_enum_handle *en, cp_token type_def,                       \
                            cp_token *properties, cp_ulong max, cp_ulong *count);                    \
    cp_hr (*EnumEvents)(SELF *self, cp_enum_handle *en, cp_token type_def,                           \
                        cp_token *events, cp_ulong max, cp_ulong *count);                            \
    cp_hr (*GetEventProps)(SELF *self, cp_token event, cp_token *class_token,                        \
                           const cp_wchar *name, cp_ulong name_size, cp_ulong *name_len,             \
                           cp_ulong *flags, cp_token *event_type, cp_token *add_on,                  \
                           cp_token *remove_on, cp_token *fire, cp_token *other_methods,             \
                           cp_ulong max, cp_ulong *other_count);                                     \
    cp_hr (*EnumMethodSemantics)(SELF *self, cp_enum_handle *en, cp_token method,                    \
                                 cp_token *event_props, cp_ulong max, cp_ulong *count);              \
    cp_hr (*GetMethodSemantics)(SELF *self, cp_token method, cp_token event_prop,                    \
                                cp_ulong *semantics_flags);                                          \
    cp_hr (*GetClassLayout)(SELF *self, cp_token type_def, cp_ulong *pack_size,                      \
                            struct cp_md_field_offset *field_offsets, cp_ulong max, cp_ulong *count, \
                            cp_ulong *class_size);                                                   \
    cp_hr (*GetFieldMarshal)(SELF *self, cp_token token, cp_sig *native_type,                        \
                             cp_ulong *native_type_size);                                            \
    cp_hr (*GetRVA)(SELF *self, cp_token token, cp_ulong *code_rva,                                  \
                    cp_ulong *impl_flags);                                                           \
    cp_hr (*GetPermissionSetProps)(SELF *self, cp_token permission, cp_ulong *action,                \
                                   const void **blob, cp_ulong *blob_size);                          \
    cp_hr (*GetSigFromToken)(SELF *self, cp_token signature, cp_sig *sig,                            \
                             cp_ulong *sig_size);                                                    \
    cp_hr (*GetModuleRefProps)(SELF *self, cp_token module_ref, cp_wchar *name,                      \
                               cp_ulong name_size, cp_ulong *name_len);                              \
    cp_hr (*EnumModuleRefs)(SELF *self, cp_enum_handle *en, cp_token *module_refs,                   \
                            cp_ulong max, cp_ulong *count);                                          \
    cp_hr (*GetTypeSpecFromToken)(SELF *self, cp_token type_spec, cp_sig *sig,                       \
                                  cp_ulong *sig_size);                                               \
    cp_hr (*GetNameFromToken)(SELF *self, cp_token token, const char **utf8_name);                   \
    cp_hr (*EnumUnresolvedMethods)(SELF *self, cp_enum_handle *en, cp_token *methods,                \
                                   cp_ulong max, cp_ulong *count);                                   \
    cp_hr (*GetUserString)(SELF *self, cp_token string, cp_wchar *buf,                               \
                           cp_ulong buf_size, cp_ulong *len);                                        \
    cp_hr (*GetPinvokeMap)(SELF *self, cp_token token, cp_ulong *mapping_flags,                      \
                           cp_wchar *import_name, cp_ulong name_size, cp_ulong *name_len,            \
                           cp_token *import_dll);                                                    \
    cp_hr (*EnumSignatures)(SELF *self, cp_enum_handle *en, cp_token *signatures,                    \
                            cp_ulong max, cp_ulong *count);                                          \
    cp_hr (*EnumTypeSpecs)(SELF *self, cp_enum_handle *en, cp_token *type_specs,                     \
                           cp_ulong max, cp_ulong *count);                                           \
    cp_hr (*EnumUserStrings)(SELF *self, cp_enum_handle *en, cp_token *strings,                      \
                             cp_ulong max, cp_ulong *count);                                         \
    cp_hr (*GetParamForMethodIndex)(SELF *self, cp_token method, cp_ulong param_seq,                 \
                                    cp_token *param);                                                \
    cp_hr (*EnumCustomAttributes)(SELF *self, cp_enum_handle *en, cp_token owner,                    \
                                  cp_token attr_type, cp_token *custom_attributes, cp_ulong max,     \
                                  cp_ulong *count);                                                  \
    cp_hr (*GetCustomAttributeProps)(SELF *self, cp_token custom_attribute,                          \
                                     cp_token *owner, cp_token *attr_type, const void **blob,        \
                                     cp_ulong *blob_size);                                           \
    cp_hr (*FindTypeRef)(SELF *self, cp_token resolution_scope, const cp_wchar *name,                \
                         cp_token *type_ref);                                                        \
    cp_hr (*GetMemberProps)(SELF *self, cp_token member, cp_token *class_token,                      \
                            cp_wchar *name, cp_ulong name_size, cp_ulong *name_len, cp_ulong *attrs, \
                            cp_sig *sig, cp_ulong *sig_size, cp_ulong *code_rva,                     \
                            cp_ulong *impl_flags, cp_ulong *cplus_type_flag, const void **value,     \
                            cp_ulong *value_len);                                                    \
    cp_hr (*GetFieldProps)(SELF *self, cp_token field, cp_token *class_token,                        \
                           cp_wchar *name, cp_ulong name_size, cp_ulong *name_len, cp_ulong *attrs,  \
                           cp_sig *sig, cp_ulong *sig_size, cp_ulong *cplus_type_flag,               \
                           const void **value, cp_ulong *value_len);                                 \
    cp_hr (*GetPropertyProps)(SELF *self, cp_token property, cp_token *class_token,                  \
                              const cp_wchar *name, cp_ulong name_size, cp_ulong *name_len,          \
                              cp_ulong *flags, cp_sig *sig, cp_ulong *sig_size,                      \
                              cp_ulong *cplus_type_flag, const void **default_value,                 \
                              cp_ulong *default_value_len, cp_token *setter, cp_token *getter,       \
                              cp_token *other_methods, cp_ulong max, cp_ulong *other_count);         \
    cp_hr (*GetParamProps)(SELF *self, cp_token param, cp_token *method,                             \
                           cp_ulong *sequence, cp_wchar *name, cp_ulong name_size,                   \
                           cp_ulong *name_len, cp_ulong *attrs, cp_ulong *cplus_type_flag,           \
                           const void **value, cp_ulong *value_len);                                 \
    cp_hr (*GetCustomAttributeByName)(SELF *self, cp_token owner,                                    \
                                      const cp_wchar *name, const void **data, cp_ulong *data_size); \
    cp_bool (*IsValidToken)(SELF *self, cp_token token);                                             \
    cp_hr (*GetNestedClassProps)(SELF *self, cp_token nested_class,                                  \
                                 cp_token *enclosing_class);                                         \
    cp_hr (*GetNativeCallConvFromSig)(SELF *self, const void *sig, cp_ulong sig_size,                \
                                      cp_ulong *call_conv);                                          \
    cp_hr (*IsGlobal)(SELF *self, cp_token token, int *is_global);

/* IMetaDataImport: slots 0-64 (IUnknown 0-2, own methods 3-64). */
struct cp_md_import_vtbl {
    CP_MD_IMPORT_SLOTS(struct cp_md_import)
};

struct cp_md_import {
    const struct cp_md_import_vtbl *vtbl;
};

/*
 * IMetaDataImport2: slots 0-72; 0-64 are IMetaDataImport's, its own methods
 * are 65-72.
 */
struct cp_md_import2_vtbl {
    CP_MD_IMPORT_SLOTS(struct cp_md_import2)

    /* IMetaDataImport2, slots 65-72 */
    cp_hr (*EnumGenericParams)(struct cp_md_import2 *self, cp_enum_handle *en, cp_token owner,
                               cp_token *generic_params, cp_ulong max, cp_ulong *count);
    cp_hr (*GetGenericParamProps)(struct cp_md_import2 *self, cp_token generic_param,
                                  cp_ulong *param_seq, cp_ulong *flags, cp_token *owner,
                                  cp_ulong *reserved, cp_wchar *name, cp_ulong name_size,
                                  cp_ulong *name_len);
    cp_hr (*GetMethodSpecProps)(struct cp_md_import2 *self, cp_token method_spec, cp_token *parent,
                                cp_sig *sig, cp_ulong *sig_size);
    cp_hr (*EnumGenericParamConstraints)(struct cp_md_import2 *self, cp_enum_handle *en,
                                         cp_token generic_param, cp_token *constraints,
                                         cp_ulong max, cp_ulong *count);
    cp_hr (*GetGenericParamConstraintProps)(struct cp_md_import2 *self, cp_token constraint,
                                            cp_token *generic_param, cp_token *constraint_type);
    cp_hr (*GetPEKind)(struct cp_md_import2 *self, cp_ulong *pe_kind, cp_ulong *machine);
    cp_hr (*GetVersionString)(struct cp_md_import2 *self, cp_wchar *buf, cp_ulong buf_size,
                              cp_ulong *len);
    cp_hr (*EnumMethodSpecs)(struct cp_md_import2 *self, cp_enum_handle *en, cp_token parent,
                             cp_token *method_specs, cp_ulong max, cp_ulong *count);
};

struct cp_md_import2 {
    const struct cp_md_import2_vtbl *vtbl;
};

/*
 * The slots of IMetaDataEmit (IUnknown's included), in vtable order, for an
 * interface pointer of type SELF: cp_md_emit_vtbl and every interface derived
 * from it start with them.
 */
#define CP_MD_EMIT_SLOTS(SELF) \
    /* IUnknown, slots 0-2 */                                                                        \
    cp_hr (*QueryInterface)(SELF *self, const struct cp_guid *iid, void **out);                      \
    cp_ulong (*AddRef)(SELF *self);                                                                  \
    cp_ulong (*Release)(SELF *self);                                                                 \
                                                                                                     \
    /* IMetaDataEmit, slots 3-51 */                                                                  \
    cp_hr (*SetModuleProps)(SELF *self, const cp_wchar *name);                                       \
    cp_hr (*Save)(SELF *self, const cp_wchar *file, cp_ulong save_flags);                            \
    cp_hr (*SaveToStream)(SELF *self, struct cp_unknown *stream, cp_ulong save_flags);               \
    cp_hr (*GetSaveSize)(SELF *self, cp_ulong accuracy, cp_ulong *save_size);                        \
    cp_hr (*DefineTypeDef)(SELF *self, const cp_wchar *name, cp_ulong flags,                         \
                           cp_token extends, cp_token *implements, cp_token *type_def);              \
    cp_hr (*DefineNestedType)(SELF *self, const cp_wchar *name, cp_ulong flags,                      \
                              cp_token extends, cp_token *implements, cp_token encloser,             \
                              cp_token *type_def);                                                   \
    cp_hr (*SetHandler)(SELF *self, struct cp_unknown *handler);                                     \
    cp_hr (*DefineMethod)(SELF *self, cp_token type_def, const cp_wchar *name,                       \
                          cp_ulong flags, cp_sig sig, cp_ulong sig_size, cp_ulong code_rva,          \
                          cp_ulong impl_flags, cp_token *method);                                    \
    cp_hr (*DefineMethodImpl)(SELF *self, cp_token type_def, cp_token body,                          \
                              cp_token decl);                                                        \
    cp_hr (*DefineTypeRefByName)(SELF *self, cp_token resolution_scope,                              \
                                 const cp_wchar *name, cp_token *type_ref);                          \
    cp_hr (*DefineImportType)(SELF *self,                                                            \
                              struct cp_md_assembly_import *assembly_import, const void *hash,       \
                              cp_ulong hash_size, struct cp_md_import *import, cp_token type_def,    \
                              struct cp_unknown *assembly_emit, cp_token *type_ref);                 \
    cp_hr (*DefineMemberRef)(SELF *self, cp_token parent, const cp_wchar *name,                      \
                             cp_sig sig, cp_ulong sig_size, cp_token *member_ref);                   \
    cp_hr (*DefineImportMember)(SELF *self,                                                          \
                                struct cp_md_assembly_import *assembly_import, const void *hash,     \
                                cp_ulong hash_size, struct cp_md_import *import, cp_token member,    \
                                struct cp_unknown *assembly_emit, cp_token parent,                   \
                                cp_token *member_ref);                                               \
    cp_hr (*DefineEvent)(SELF *self, cp_token type_def, const cp_wchar *name,                        \
                         cp_ulong flags, cp_token event_type, cp_token add_on, cp_token remove_on,   \
                         cp_token fire, cp_token *other_methods, cp_token *event);                   \
    cp_hr (*SetClassLayout)(SELF *self, cp_token type_def, cp_ulong pack_size,                       \
                            struct cp_md_field_offset *field_offsets, cp_ulong class_size);          \
    cp_hr (*DeleteClassLayout)(SELF *self, cp_token type_def);                                       \
    cp_hr (*SetFieldMarshal)(SELF *self, cp_token token, cp_sig native_type,                         \
                             cp_ulong native_type_size);                                             \
    cp_hr (*DeleteFieldMarshal)(SELF *self, cp_token token);                                         \
    cp_hr (*DefinePermissionSet)(SELF *self, cp_token token, cp_ulong action,                        \
                                 const void *blob, cp_ulong blob_size, cp_token *permission);        \
    cp_hr (*SetRVA)(SELF *self, cp_token method, cp_ulong rva);                                      \
    cp_hr (*GetTokenFromSig)(SELF *self, cp_sig sig, cp_ulong sig_size,                              \
                             cp_token *signature);                                                   \
    cp_hr (*DefineModuleRef)(SELF *self, const cp_wchar *name, cp_token *module_ref);                \
    cp_hr (*SetParent)(SELF *self, cp_token member_ref, cp_token parent);                            \
    cp_hr (*GetTokenFromTypeSpec)(SELF *self, cp_sig sig, cp_ulong sig_size,                         \
                                  cp_token *type_spec);                                              \
    cp_hr (*SaveToMemory)(SELF *self, void *data, cp_ulong data_size);                               \
    cp_hr (*DefineUserString)(SELF *self, const cp_wchar *str, cp_ulong len,                         \
                              cp_token *string);                                                     \
    cp_hr (*DeleteToken)(SELF *self, cp_token token);                                                \
    cp_hr (*SetMethodProps)(SELF *self, cp_token method, cp_ulong flags,                             \
                            cp_ulong code_rva, cp_ulong impl_flags);                                 \
    cp_hr (*SetTypeDefProps)(SELF *self, cp_token type_def, cp_ulong flags,                          \
                             cp_token extends, cp_token *implements);                                \
    cp_hr (*SetEventProps)(SELF *self, cp_token event, cp_ulong flags,                               \
                           cp_token event_type, cp_token add_on, cp_token remove_on, cp_token fire,  \
                           cp_token *other_methods);                                                 \
    cp_hr (*SetPermissionSetProps)(SELF *self, cp_token token, cp_ulong action,                      \
                                   const void *blob, cp_ulong blob_size, cp_token *permission);      \
    cp_hr (*DefinePinvokeMap)(SELF *self, cp_token token, cp_ulong mapping_flags,                    \
                              const cp_wchar *import_name, cp_token import_dll);                     \
    cp_hr (*SetPinvokeMap)(SELF *self, cp_token token, cp_ulong mapping_flags,                       \
                           const cp_wchar *import_name, cp_token import_dll);                        \
    cp_hr (*DeletePinvokeMap)(SELF *self, cp_token token);                                           \
    cp_hr (*DefineCustomAttribute)(SELF *self, cp_token owner, cp_token ctor,                        \
                                   const void *blob, cp_ulong blob_size,                             \
                                   cp_token *custom_attribute);                                      \
    cp_hr (*SetCustomAttributeValue)(SELF *self, cp_token custom_attribute,                          \
                                     const void *blob, cp_ulong blob_size);                          \
    cp_hr (*DefineField)(SELF *self, cp_token type_def, const cp_wchar *name,                        \
                         cp_ulong flags, cp_sig sig, cp_ulong sig_size, cp_ulong cplus_type_flag,    \
                         const void *value, cp_ulong value_len, cp_token *field);                    \
    cp_hr (*DefineProperty)(SELF *self, cp_token type_def, const cp_wchar *name,                     \
                            cp_ulong flags, cp_sig sig, cp_ulong sig_size, cp_ulong cplus_type_flag, \
                            const void *value, cp_ulong value_len, cp_token setter, cp_token getter, \
                            cp_token *other_methods, cp_token *property);                            \
    cp_hr (*DefineParam)(SELF *self, cp_token method, cp_ulong param_seq,                            \
                         const cp_wchar *name, cp_ulong flags, cp_ulong cplus_type_flag,             \
                         const void *value, cp_ulong value_len, cp_token *param);                    \
    cp_hr (*SetFieldProps)(SELF *self, cp_token field, cp_ulong flags,                               \
                           cp_ulong cplus_type_flag, const void *value, cp_ulong value_len);         \
    cp_hr (*SetPropertyProps)(SELF *self, cp_token property, cp_ulong flags,                         \
                              cp_ulong cplus_type_flag, const void *value, cp_ulong value_len,       \
                              cp_token setter, cp_token getter, cp_token *other_methods);            \
    cp_hr (*SetParamProps)(SELF *self, cp_token param, const cp_wchar *name,                         \
                           cp_ulong flags, cp_ulong cplus_type_flag, const void *value,              \
                           cp_ulong value_len);                                                      \
    cp_hr (*DefineSecurityAttributeSet)(SELF *self, cp_token owner,                                  \
                                        struct cp_secattr *attrs, cp_ulong attr_count,               \
                                        cp_ulong *error_attr);                                       \
    cp_hr (*ApplyEditAndContinue)(SELF *self, struct cp_unknown *delta);                             \
    cp_hr (*TranslateSigWithScope)(SELF *self,                                                       \
                                   struct cp_md_assembly_import *assembly_import, const void *hash,  \
                                   cp_ulong hash_size, struct cp_md_import *import, cp_sig sig,      \
                                   cp_ulong sig_size, struct cp_unknown *assembly_emit,              \
                                   struct cp_md_emit *emit, cp_sig_byte *translated_sig,             \
                                   cp_ulong translated_sig_max, cp_ulong *translated_sig_size);      \
    cp_hr (*SetMethodImplFlags)(SELF *self, cp_token method, cp_ulong impl_flags);                   \
    cp_hr (*SetFieldRVA)(SELF *self, cp_token field, cp_ulong rva);                                  \
    cp_hr (*Merge)(SELF *self, struct cp_md_import *import,                                          \
                   struct cp_unknown *host_map_token, struct cp_unknown *handler);                   \
    cp_hr (*MergeEnd)(SELF *self);

/* IMetaDataEmit: slots 0-51 (IUnknown 0-2, own methods 3-51). */
struct cp_md_emit_vtbl {
    CP_MD_EMIT_SLOTS(struct cp_md_emit)
};

struct cp_md_emit {
    const struct cp_md_emit_vtbl *vtbl;
};

/* IMetaDataEmit2: slots 0-59; 0-51 are IMetaDataEmit's, its own methods are 52-59. */
struct cp_md_emit2_vtbl {
    CP_MD_EMIT_SLOTS(struct cp_md_emit2)

    /* IMetaDataEmit2, slots 52-59 */
    cp_hr (*DefineMethodSpec)(struct cp_md_emit2 *self, cp_token parent, cp_sig sig,
                              cp_ulong sig_size, cp_token *method_spec);
    cp_hr (*GetDeltaSaveSize)(struct cp_md_emit2 *self, cp_ulong accuracy, cp_ulong *save_size);
    cp_hr (*SaveDelta)(struct cp_md_emit2 *self, const cp_wchar *file, cp_ulong save_flags);
    cp_hr (*SaveDeltaToStream)(struct cp_md_emit2 *self, struct cp_unknown *stream,
                               cp_ulong save_flags);
    cp_hr (*SaveDeltaToMemory)(struct cp_md_emit2 *self, void *data, cp_ulong data_size);
    cp_hr (*DefineGenericParam)(struct cp_md_emit2 *self, cp_token owner, cp_ulong param_seq,
                                cp_ulong flags, const cp_wchar *name, cp_ulong reserved,
                                cp_token *constraints, cp_token *generic_param);
    cp_hr (*SetGenericParamProps)(struct cp_md_emit2 *self, cp_token generic_param, cp_ulong flags,
                                  const cp_wchar *name, cp_ulong reserved, cp_token *constraints);
    cp_hr (*ResetENCLog)(struct cp_md_emit2 *self);
};

struct cp_md_emit2 {
    const struct cp_md_emit2_vtbl *vtbl;
};

/* IMetaDataAssemblyImport: slots 0-16 (IUnknown 0-2, own methods 3-16). */
struct cp_md_assembly_import_vtbl {
    /* IUnknown, slots 0-2 */
    cp_hr (*QueryInterface)(struct cp_md_assembly_import *self, const struct cp_guid *iid,
                            void **out);
    cp_ulong (*AddRef)(struct cp_md_assembly_import *self);
    cp_ulong (*Release)(struct cp_md_assembly_import *self);

    /* IMetaDataAssemblyImport, slots 3-16 */
    cp_hr (*GetAssemblyProps)(struct cp_md_assembly_import *self, cp_token assembly,
                              const void **public_key, cp_ulong *public_key_size,
                              cp_ulong *hash_alg_id, cp_wchar *name, cp_ulong name_size,
                              cp_ulong *name_len, struct cp_assembly_metadata *metadata,
                              cp_ulong *flags);
    cp_hr (*GetAssemblyRefProps)(struct cp_md_assembly_import *self, cp_token assembly_ref,
                                 const void **public_key_or_token,
                                 cp_ulong *public_key_or_token_size, cp_wchar *name,
                                 cp_ulong name_size, cp_ulong *name_len,
                                 struct cp_assembly_metadata *metadata, const void **hash,
                                 cp_ulong *hash_size, cp_ulong *flags);
    cp_hr (*GetFileProps)(struct cp_md_assembly_import *self, cp_token file, cp_wchar *name,
                          cp_ulong name_size, cp_ulong *name_len, const void **hash,
                          cp_ulong *hash_size, cp_ulong *flags);
    cp_hr (*GetExportedTypeProps)(struct cp_md_assembly_import *self, cp_token exported_type,
                                  cp_wchar *name, cp_ulong name_size, cp_ulong *name_len,
                                  cp_token *implementation, cp_token *type_def, cp_ulong *flags);
    cp_hr (*GetManifestResourceProps)(struct cp_md_assembly_import *self, cp_token resource,
                                      cp_wchar *name, cp_ulong name_size, cp_ulong *name_len,
                                      cp_token *implementation, cp_ulong *offset, cp_ulong *flags);
    cp_hr (*EnumAssemblyRefs)(struct cp_md_assembly_import *self, cp_enum_handle *en,
                              cp_token *assembly_refs, cp_ulong max, cp_ulong *count);
    cp_hr (*EnumFiles)(struct cp_md_assembly_import *self, cp_enum_handle *en, cp_token *files,
                       cp_ulong max, cp_ulong *count);
    cp_hr (*EnumExportedTypes)(struct cp_md_assembly_import *self, cp_enum_handle *en,
                               cp_token *exported_types, cp_ulong max, cp_ulong *count);
    cp_hr (*EnumManifestResources)(struct cp_md_assembly_import *self, cp_enum_handle *en,
                                   cp_token *resources, cp_ulong max, cp_ulong *count);
    cp_hr (*GetAssemblyFromScope)(struct cp_md_assembly_import *self, cp_token *assembly);
    cp_hr (*FindExportedTypeByName)(struct cp_md_assembly_import *self, const cp_wchar *name,
                                    cp_token enclosing_type, cp_token *exported_type);
    cp_hr (*FindManifestResourceByName)(struct cp_md_assembly_import *self, const cp_wchar *name,
                                        cp_token *resource);
    void (*CloseEnum)(struct cp_md_assembly_import *self, cp_enum_handle en);
    cp_hr (*FindAssembliesByName)(struct cp_md_assembly_import *self, const cp_wchar *app_base,
                                  const cp_wchar *private_bin, const cp_wchar *assembly_name,
                                  struct cp_unknown **assemblies, cp_ulong max, cp_ulong *count);
};

struct cp_md_assembly_import {
    const struct cp_md_assembly_import_vtbl *vtbl;
};

/* IMetaDataAssemblyEmit: slots 0-12 (IUnknown 0-2, own methods 3-12). */
struct cp_md_assembly_emit_vtbl {
    /* IUnknown, slots 0-2 */
    cp_hr (*QueryInterface)(struct cp_md_assembly_emit *self, const struct cp_guid *iid, void **out);
    cp_ulong (*AddRef)(struct cp_md_assembly_emit *self);
    cp_ulong (*Release)(struct cp_md_assembly_emit *self);

    /* IMetaDataAssemblyEmit, slots 3-12 */
    cp_hr (*DefineAssembly)(struct cp_md_assembly_emit *self, const void *public_key, cp_ulong public_key_size,
                            cp_ulong hash_alg_id, const cp_wchar *name, const struct cp_assembly_metadata *metadata,
                            cp_ulong flags, cp_token *assembly);
    cp_hr (*DefineAssemblyRef)(struct cp_md_assembly_emit *self, const void *public_key_or_token,
                               cp_ulong public_key_or_token_size, const cp_wchar *name,
                               const struct cp_assembly_metadata *metadata, const void *hash, cp_ulong hash_size,
                               cp_ulong flags, cp_token *assembly_ref);
    cp_hr (*DefineFile)(struct cp_md_assembly_emit *self, const cp_wchar *name, const void *hash,
                        cp_ulong hash_size, cp_ulong flags, cp_token *file);
    cp_hr (*DefineExportedType)(struct cp_md_assembly_emit *self, const cp_wchar *name, cp_token implementation,
                                cp_token type_def, cp_ulong flags, cp_token *exported_type);
    cp_hr (*DefineManifestResource)(struct cp_md_assembly_emit *self, const cp_wchar *name, cp_token implementation,
                                    cp_ulong offset, cp_ulong flags, cp_token *resource);
    cp_hr (*SetAssemblyProps)(struct cp_md_assembly_emit *self, cp_token assembly, const void *public_key,
                              cp_ulong public_key_size, cp_ulong hash_alg_id, const cp_wchar *name,
                              const struct cp_assembly_metadata *metadata, cp_ulong flags);
    cp_hr (*SetAssemblyRefProps)(struct cp_md_assembly_emit *self, cp_token assembly_ref,
                                 const void *public_key_or_token, cp_ulong public_key_or_token_size,
                                 const cp_wchar *name, const struct cp_assembly_metadata *metadata, const void *hash,
                                 cp_ulong hash_size, cp_ulong flags);
    cp_hr (*SetFileProps)(struct cp_md_assembly_emit *self, cp_token file, const void *hash, cp_ulong hash_size,
                          cp_ulong flags);
    cp_hr (*SetExportedTypeProps)(struct cp_md_assembly_emit *self, cp_token exported_type, cp_token implementation,
                                  cp_token type_def, cp_ulong flags);
    cp_hr (*SetManifestResourceProps)(struct cp_md_assembly_emit *self, cp_token resource, cp_token implementation,
                                      cp_ulong offset, cp_ulong flags);
};

struct cp_md_assembly_emit {
    const struct cp_md_assembly_emit_vtbl *vtbl;
};

/*
 * IMetaDataDispenserEx: slots 0-11; IMetaDataDispenser's methods are 3-5,
 * the Ex additions 6-11.  Obtained from CLSID_CorMetaDataDispenser.
 */
struct cp_md_dispenser_ex_vtbl {
    /* IUnknown, slots 0-2 */
    cp_hr (*QueryInterface)(struct cp_md_dispenser_ex *self, const struct cp_guid *iid, void **out);
    cp_ulong (*AddRef)(struct cp_md_dispenser_ex *self);
    cp_ulong (*Release)(struct cp_md_dispenser_ex *self);

    /* IMetaDataDispenser, slots 3-5 */
    cp_hr (*DefineScope)(struct cp_md_dispenser_ex *self, const struct cp_guid *clsid,
                         cp_ulong create_flags, const struct cp_guid *iid, struct cp_unknown **out);
    cp_hr (*OpenScope)(struct cp_md_dispenser_ex *self, const cp_wchar *scope, cp_ulong open_flags,
                       const struct cp_guid *iid, struct cp_unknown **out);
    cp_hr (*OpenScopeOnMemory)(struct cp_md_dispenser_ex *self, const void *data,
                               cp_ulong data_size, cp_ulong open_flags, const struct cp_guid *iid,
                               struct cp_unknown **out);

    /* IMetaDataDispenserEx, slots 6-11 */
    cp_hr (*SetOption)(struct cp_md_dispenser_ex *self, const struct cp_guid *option_id,
                       const struct cp_variant *value);
    cp_hr (*GetOption)(struct cp_md_dispenser_ex *self, const struct cp_guid *option_id,
                       struct cp_variant *value);
    cp_hr (*OpenScopeOnITypeInfo)(struct cp_md_dispenser_ex *self, struct cp_unknown *type_info,
                                  cp_ulong open_flags, const struct cp_guid *iid,
                                  struct cp_unknown **out);
    cp_hr (*GetCORSystemDirectory)(struct cp_md_dispenser_ex *self, cp_wchar *buf,
                                   cp_ulong buf_size, cp_ulong *len);
    cp_hr (*FindAssembly)(struct cp_md_dispenser_ex *self, const cp_wchar *app_base,
                          const cp_wchar *private_bin, const cp_wchar *global_bin,
                          const cp_wchar *assembly_name, const cp_wchar *name, cp_ulong name_size,
                          cp_ulong *name_len);
    cp_hr (*FindAssemblyModule)(struct cp_md_dispenser_ex *self, const cp_wchar *app_base,
                                const cp_wchar *private_bin, const cp_wchar *global_bin,
                                const cp_wchar *assembly_name, const cp_wchar *module_name,
                                cp_wchar *name, cp_ulong name_size, cp_ulong *name_len);
};

struct cp_md_dispenser_ex {
    const struct cp_md_dispenser_ex_vtbl *vtbl;
};

/* ------------------------------------------------------------------------ */
/* Interface and class IDs                                                   */
/* ------------------------------------------------------------------------ */

extern const struct cp_guid cp_iid_IMetaDataImport;
extern const struct cp_guid cp_iid_IMetaDataImport2;
extern const struct cp_guid cp_iid_IMetaDataEmit;
extern const struct cp_guid cp_iid_IMetaDataEmit2;
extern const struct cp_guid cp_iid_IMetaDataAssemblyImport;
extern const struct cp_guid cp_iid_IMetaDataAssemblyEmit;
extern const struct cp_guid cp_iid_IMetaDataDispenser;
extern const struct cp_guid cp_iid_IMetaDataDispenserEx;
extern const struct cp_guid cp_clsid_CorMetaDataDispenser;

#endif
