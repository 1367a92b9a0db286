/*
 * cp_info.h - the runtime side of the CLR profiling ABI as seen from C:
 * ICorProfilerInfo through ICorProfilerInfo15 (one flat vtable, since each
 * version derives from the previous one), ICorProfilerFunctionControl and
 * ICorProfilerMethodEnum, the structs and callback types their methods take,
 * the event-mask and related flag constants, and the interface IIDs.
 *
 * Vtable slot numbering: slot N is the member at byte offset
 * N * sizeof(void *) in the vtable, i.e. slot = offsetof(vtbl, m) / sizeof(void *).
 * Slots 0-2 are always IUnknown's QueryInterface, AddRef, Release.
 *
 * Enumerations: C gives an enum type the size of int, and the runtime's
 * unscoped enums without a fixed underlying type are int-sized too, so every
 * enum-typed parameter or field is declared as int (or cp_ulong where the
 * API itself says DWORD/ULONG).  The constant sets below are plain values.
 *
 * Enumerator interfaces the profiler only passes around (object, function,
 * module, thread enumerators, the IL body allocator) are opaque here.
 */
#ifndef PROFCHECK_CP_INFO_H
#define PROFCHECK_CP_INFO_H

#include "cp_types.h"
#include "cp_unknown.h"

/* ------------------------------------------------------------------------ */
/* Opaque interfaces used through pointers only                              */
/* ------------------------------------------------------------------------ */

struct cp_object_enum;      /* ICorProfilerObjectEnum */
struct cp_function_enum;    /* ICorProfilerFunctionEnum */
struct cp_module_enum;      /* ICorProfilerModuleEnum */
struct cp_thread_enum;      /* ICorProfilerThreadEnum */
struct cp_method_malloc;    /* IMethodMalloc */
struct cp_method_enum;      /* ICorProfilerMethodEnum, declared below */

/* ------------------------------------------------------------------------ */
/* Scalar typedefs                                                           */
/* ------------------------------------------------------------------------ */

typedef uintptr_t cp_frame_info;       /* COR_PRF_FRAME_INFO: opaque, valid during one callback */
typedef uintptr_t cp_elt_info;         /* COR_PRF_ELT_INFO: opaque, valid during one ELT hook */
typedef void **cp_object_handle_id;    /* ObjectHandleID */

/* FunctionIDOrClientID: what the ELT3 hooks receive; pointer sized. */
union cp_function_id_or_client_id {
    cp_function_id function_id;
    uintptr_t client_id;
};

/* ------------------------------------------------------------------------ */
/* Structs                                                                   */
/* ------------------------------------------------------------------------ */

/* COR_IL_MAP */
struct cp_il_map {
    uint32_t old_offset;
    uint32_t new_offset;
    cp_bool accurate;
};

/* COR_DEBUG_IL_TO_NATIVE_MAP */
struct cp_il_to_native_map {
    uint32_t il_offset;
    uint32_t native_start_offset;
    uint32_t native_end_offset;
};

/* COR_FIELD_OFFSET */
struct cp_field_offset {
    cp_token field_token;   /* mdFieldDef */
    cp_ulong offset;        /* from the ObjectID */
};

/* COR_PRF_FUNCTION_ARGUMENT_RANGE */
struct cp_function_argument_range {
    uintptr_t start_address;
    cp_ulong length;
};

/* COR_PRF_FUNCTION_ARGUMENT_INFO: variable length, num_ranges entries. */
struct cp_function_argument_info {
    cp_ulong num_ranges;
    cp_ulong total_argument_size;
    struct cp_function_argument_range ranges[1];
};

/* COR_PRF_CODE_INFO */
struct cp_code_info {
    uintptr_t start_address;
    size_t size;
};

/* COR_PRF_FUNCTION: element of ICorProfilerFunctionEnum */
struct cp_prf_function {
    cp_function_id function_id;
    cp_rejit_id rejit_id;
};

/* COR_PRF_METHOD: element of ICorProfilerMethodEnum */
struct cp_prf_method {
    cp_module_id module_id;
    cp_token method_id;     /* mdMethodDef */
};

/* COR_PRF_GC_GENERATION_RANGE */
struct cp_gc_generation_range {
    int generation;                     /* COR_PRF_GC_GENERATION */
    cp_object_id range_start;
    uintptr_t range_length;
    uintptr_t range_length_reserved;
};

/* COR_PRF_NONGC_HEAP_RANGE */
struct cp_nongc_heap_range {
    cp_object_id range_start;
    uintptr_t range_length;
    uintptr_t range_length_reserved;
};

/* COR_PRF_EX_CLAUSE_INFO */
struct cp_ex_clause_info {
    int clause_type;                    /* COR_PRF_CLAUSE_TYPE */
    uintptr_t program_counter;
    uintptr_t frame_pointer;
    uintptr_t shadow_stack_pointer;
};

/* COR_PRF_EVENTPIPE_PROVIDER_CONFIG */
struct cp_evpipe_provider_config {
    const cp_wchar *provider_name;
    uint64_t keywords;
    uint32_t logging_level;
    const cp_wchar *filter_data;        /* "key=value;..." or NULL */
};

/* COR_PRF_EVENTPIPE_PARAM_DESC */
struct cp_evpipe_param_desc {
    uint32_t type;                      /* COR_PRF_EVENTPIPE_PARAM_TYPE */
    uint32_t element_type;              /* used when type is an array */
    const cp_wchar *name;
};

/* COR_PRF_EVENT_DATA */
struct cp_event_data {
    uint64_t ptr;
    uint32_t size;
    uint32_t reserved;
};

/* COR_PRF_FILTER_DATA */
struct cp_filter_data {
    uint64_t ptr;
    uint32_t size;
    uint32_t type;
};

/* ------------------------------------------------------------------------ */
/* Callback types                                                            */
/* ------------------------------------------------------------------------ */

/* Enter/leave/tailcall hooks, in their three generations. */
typedef void (*cp_function_enter_hook)(cp_function_id function_id);
typedef void (*cp_function_leave_hook)(cp_function_id function_id);
typedef void (*cp_function_tailcall_hook)(cp_function_id function_id);

typedef void (*cp_function_enter2_hook)(cp_function_id function_id, uintptr_t client_data,
                                        cp_frame_info frame,
                                        struct cp_function_argument_info *argument_info);
typedef void (*cp_function_leave2_hook)(cp_function_id function_id, uintptr_t client_data,
                                        cp_frame_info frame,
                                        struct cp_function_argument_range *retval_range);
typedef void (*cp_function_tailcall2_hook)(cp_function_id function_id, uintptr_t client_data,
                                           cp_frame_info frame);

typedef void (*cp_function_enter3_hook)(union cp_function_id_or_client_id id);
typedef void (*cp_function_leave3_hook)(union cp_function_id_or_client_id id);
typedef void (*cp_function_tailcall3_hook)(union cp_function_id_or_client_id id);

typedef void (*cp_function_enter3_with_info_hook)(union cp_function_id_or_client_id id,
                                                  cp_elt_info elt_info);
typedef void (*cp_function_leave3_with_info_hook)(union cp_function_id_or_client_id id,
                                                  cp_elt_info elt_info);
typedef void (*cp_function_tailcall3_with_info_hook)(union cp_function_id_or_client_id id,
                                                     cp_elt_info elt_info);

/* FunctionIDMapper / FunctionIDMapper2: returns the client id for the hooks. */
typedef uintptr_t (*cp_function_id_mapper)(cp_function_id function_id, cp_bool *hook_function);
typedef uintptr_t (*cp_function_id_mapper2)(cp_function_id function_id, void *client_data,
                                            cp_bool *hook_function);

/* StackSnapshotCallback: once per managed frame or run of native frames. */
typedef cp_hr (*cp_stack_snapshot_callback)(cp_function_id function_id, uintptr_t ip,
                                            cp_frame_info frame_info, uint32_t context_size,
                                            cp_byte context[], void *client_data);

/* ObjectReferenceCallback: once per reference held by an object. */
typedef cp_bool (*cp_object_reference_callback)(cp_object_id root, cp_object_id *reference,
                                                void *client_data);

/* ObjectCallback: once per object in the GC heap; return 0 to stop. */
typedef cp_bool (*cp_object_callback)(cp_object_id object, void *callback_state);

/* EventPipeProviderCallback */
typedef void (*cp_evpipe_provider_callback)(const uint8_t *source_id, uint32_t is_enabled,
                                            uint8_t level, uint64_t match_any_keywords,
                                            uint64_t match_all_keywords,
                                            struct cp_filter_data *filter_data,
                                            void *callback_data);

/* ------------------------------------------------------------------------ */
/* COR_PRF_MONITOR: the event mask of SetEventMask / low word of SetEventMask2 */
/* ------------------------------------------------------------------------ */

#define COR_PRF_MONITOR_NONE                    0x00000000U
#define COR_PRF_MONITOR_FUNCTION_UNLOADS        0x00000001U
#define COR_PRF_MONITOR_CLASS_LOADS             0x00000002U
#define COR_PRF_MONITOR_MODULE_LOADS            0x00000004U
#define COR_PRF_MONITOR_ASSEMBLY_LOADS          0x00000008U
#define COR_PRF_MONITOR_APPDOMAIN_LOADS         0x00000010U
#define COR_PRF_MONITOR_JIT_COMPILATION         0x00000020U
#define COR_PRF_MONITOR_EXCEPTIONS              0x00000040U
#define COR_PRF_MONITOR_GC                      0x00000080U
#define COR_PRF_MONITOR_OBJECT_ALLOCATED        0x00000100U
#define COR_PRF_MONITOR_THREADS                 0x00000200U
#define COR_PRF_MONITOR_REMOTING                0x00000400U
#define COR_PRF_MONITOR_CODE_TRANSITIONS        0x00000800U
#define COR_PRF_MONITOR_ENTERLEAVE              0x00001000U
#define COR_PRF_MONITOR_CCW                     0x00002000U
#define COR_PRF_MONITOR_REMOTING_COOKIE         (0x00004000U | COR_PRF_MONITOR_REMOTING)
#define COR_PRF_MONITOR_REMOTING_ASYNC          (0x00008000U | COR_PRF_MONITOR_REMOTING)
#define COR_PRF_MONITOR_SUSPENDS                0x00010000U
#define COR_PRF_MONITOR_CACHE_SEARCHES          0x00020000U
#define COR_PRF_ENABLE_REJIT                    0x00040000U
#define COR_PRF_ENABLE_INPROC_DEBUGGING         0x00080000U
#define COR_PRF_ENABLE_JIT_MAPS                 0x00100000U
#define COR_PRF_DISABLE_INLINING                0x00200000U
#define COR_PRF_DISABLE_OPTIMIZATIONS           0x00400000U
#define COR_PRF_ENABLE_OBJECT_ALLOCATED         0x00800000U
#define COR_PRF_MONITOR_CLR_EXCEPTIONS          0x01000000U
#define COR_PRF_MONITOR_ALL                     0x0107FFFFU
#define COR_PRF_ENABLE_FUNCTION_ARGS            0x02000000U
#define COR_PRF_ENABLE_FUNCTION_RETVAL          0x04000000U
#define COR_PRF_ENABLE_FRAME_INFO               0x08000000U
#define COR_PRF_ENABLE_STACK_SNAPSHOT           0x10000000U
#define COR_PRF_USE_PROFILE_IMAGES              0x20000000U
#define COR_PRF_DISABLE_TRANSPARENCY_CHECKS_UNDER_FULL_TRUST 0x40000000U
#define COR_PRF_DISABLE_ALL_NGEN_IMAGES         0x80000000U
#define COR_PRF_ALL                             0x8FFFFFFFU

#define COR_PRF_REQUIRE_PROFILE_IMAGE                                                   \
    (COR_PRF_USE_PROFILE_IMAGES | COR_PRF_MONITOR_CODE_TRANSITIONS |                    \
     COR_PRF_MONITOR_ENTERLEAVE)

#define COR_PRF_ALLOWABLE_AFTER_ATTACH                                                  \
    (COR_PRF_MONITOR_THREADS | COR_PRF_MONITOR_MODULE_LOADS |                           \
     COR_PRF_MONITOR_ASSEMBLY_LOADS | COR_PRF_MONITOR_APPDOMAIN_LOADS |                 \
     COR_PRF_ENABLE_STACK_SNAPSHOT | COR_PRF_MONITOR_GC | COR_PRF_MONITOR_SUSPENDS |    \
     COR_PRF_MONITOR_CLASS_LOADS | COR_PRF_MONITOR_EXCEPTIONS |                         \
     COR_PRF_MONITOR_JIT_COMPILATION | COR_PRF_DISABLE_INLINING |                       \
     COR_PRF_DISABLE_OPTIMIZATIONS | COR_PRF_ENABLE_REJIT)

#define COR_PRF_ALLOWABLE_NOTIFICATION_PROFILER                                         \
    (COR_PRF_MONITOR_FUNCTION_UNLOADS | COR_PRF_MONITOR_CLASS_LOADS |                   \
     COR_PRF_MONITOR_MODULE_LOADS | COR_PRF_MONITOR_ASSEMBLY_LOADS |                    \
     COR_PRF_MONITOR_APPDOMAIN_LOADS | COR_PRF_MONITOR_JIT_COMPILATION |                \
     COR_PRF_MONITOR_EXCEPTIONS | COR_PRF_MONITOR_OBJECT_ALLOCATED |                    \
     COR_PRF_MONITOR_THREADS | COR_PRF_MONITOR_CODE_TRANSITIONS | COR_PRF_MONITOR_CCW | \
     COR_PRF_MONITOR_SUSPENDS | COR_PRF_MONITOR_CACHE_SEARCHES |                        \
     COR_PRF_DISABLE_INLINING | COR_PRF_DISABLE_OPTIMIZATIONS |                         \
     COR_PRF_ENABLE_OBJECT_ALLOCATED | COR_PRF_MONITOR_CLR_EXCEPTIONS |                 \
     COR_PRF_ENABLE_STACK_SNAPSHOT | COR_PRF_USE_PROFILE_IMAGES |                       \
     COR_PRF_DISABLE_ALL_NGEN_IMAGES)

/* Flags that may only be set from Initialize. */
#define COR_PRF_MONITOR_IMMUTABLE                                                       \
    (COR_PRF_MONITOR_CODE_TRANSITIONS | COR_PRF_MONITOR_REMOTING |                      \
     COR_PRF_MONITOR_REMOTING_COOKIE | COR_PRF_MONITOR_REMOTING_ASYNC |                 \
     COR_PRF_ENABLE_INPROC_DEBUGGING | COR_PRF_ENABLE_JIT_MAPS |                        \
     COR_PRF_ENABLE_OBJECT_ALLOCATED | COR_PRF_ENABLE_FUNCTION_ARGS |                   \
     COR_PRF_ENABLE_FUNCTION_RETVAL | COR_PRF_ENABLE_FRAME_INFO |                       \
     COR_PRF_USE_PROFILE_IMAGES | COR_PRF_DISABLE_TRANSPARENCY_CHECKS_UNDER_FULL_TRUST | \
     COR_PRF_DISABLE_ALL_NGEN_IMAGES)

/* ------------------------------------------------------------------------ */
/* COR_PRF_HIGH_MONITOR: high word of SetEventMask2                          */
/* ------------------------------------------------------------------------ */

#define COR_PRF_HIGH_MONITOR_NONE                       0x00000000U
#define COR_PRF_HIGH_ADD_ASSEMBLY_REFERENCES            0x00000001U
#define COR_PRF_HIGH_IN_MEMORY_SYMBOLS_UPDATED          0x00000002U
#define COR_PRF_HIGH_MONITOR_DYNAMIC_FUNCTION_UNLOADS   0x00000004U
#define COR_PRF_HIGH_DISABLE_TIERED_COMPILATION         0x00000008U
#define COR_PRF_HIGH_BASIC_GC                           0x00000010U
#define COR_PRF_HIGH_MONITOR_GC_MOVED_OBJECTS           0x00000020U
#define COR_PRF_HIGH_REQUIRE_PROFILE_IMAGE              0x00000000U
#define COR_PRF_HIGH_MONITOR_LARGEOBJECT_ALLOCATED      0x00000040U
#define COR_PRF_HIGH_MONITOR_EVENT_PIPE                 0x00000080U
#define COR_PRF_HIGH_MONITOR_PINNEDOBJECT_ALLOCATED     0x00000100U

#define COR_PRF_HIGH_ALLOWABLE_AFTER_ATTACH                                             \
    (COR_PRF_HIGH_IN_MEMORY_SYMBOLS_UPDATED | COR_PRF_HIGH_MONITOR_DYNAMIC_FUNCTION_UNLOADS | \
     COR_PRF_HIGH_BASIC_GC | COR_PRF_HIGH_MONITOR_GC_MOVED_OBJECTS |                    \
     COR_PRF_HIGH_MONITOR_LARGEOBJECT_ALLOCATED | COR_PRF_HIGH_MONITOR_EVENT_PIPE)

#define COR_PRF_HIGH_ALLOWABLE_NOTIFICATION_PROFILER                                    \
    (COR_PRF_HIGH_IN_MEMORY_SYMBOLS_UPDATED | COR_PRF_HIGH_MONITOR_DYNAMIC_FUNCTION_UNLOADS | \
     COR_PRF_HIGH_DISABLE_TIERED_COMPILATION | COR_PRF_HIGH_BASIC_GC |                  \
     COR_PRF_HIGH_MONITOR_GC_MOVED_OBJECTS | COR_PRF_HIGH_MONITOR_LARGEOBJECT_ALLOCATED | \
     COR_PRF_HIGH_MONITOR_EVENT_PIPE)

#define COR_PRF_HIGH_MONITOR_IMMUTABLE COR_PRF_HIGH_DISABLE_TIERED_COMPILATION

/* ------------------------------------------------------------------------ */
/* Smaller constant sets                                                     */
/* ------------------------------------------------------------------------ */

/* COR_PRF_SNAPSHOT_INFO: DoStackSnapshot info_flags */
enum {
    COR_PRF_SNAPSHOT_DEFAULT = 0x0,
    COR_PRF_SNAPSHOT_REGISTER_CONTEXT = 0x1,
    COR_PRF_SNAPSHOT_X86_OPTIMIZED = 0x2
};

/* COR_PRF_STATIC_TYPE: GetStaticFieldInfo result, bits may combine */
enum {
    COR_PRF_FIELD_NOT_A_STATIC = 0x0,
    COR_PRF_FIELD_APP_DOMAIN_STATIC = 0x1,
    COR_PRF_FIELD_THREAD_STATIC = 0x2,
    COR_PRF_FIELD_CONTEXT_STATIC = 0x4,
    COR_PRF_FIELD_RVA_STATIC = 0x8
};

/* COR_PRF_RUNTIME_TYPE: GetRuntimeInformation */
enum {
    COR_PRF_DESKTOP_CLR = 0x1,
    COR_PRF_CORE_CLR = 0x2
};

/* COR_PRF_REJIT_FLAGS: RequestReJITWithInliners */
enum {
    COR_PRF_REJIT_BLOCK_INLINING = 0x1,
    COR_PRF_REJIT_INLINING_CALLBACKS = 0x2
};

/* COR_PRF_CODEGEN_FLAGS: ICorProfilerFunctionControl::SetCodegenFlags */
enum {
    COR_PRF_CODEGEN_DISABLE_INLINING = 0x0001,
    COR_PRF_CODEGEN_DISABLE_ALL_OPTIMIZATIONS = 0x0002,
    COR_PRF_CODEGEN_DEBUG_INFO = 0x0003
};

/* COR_PRF_MODULE_FLAGS: GetModuleInfo2 module_flags */
enum {
    COR_PRF_MODULE_DISK = 0x00000001,
    COR_PRF_MODULE_NGEN = 0x00000002,
    COR_PRF_MODULE_DYNAMIC = 0x00000004,
    COR_PRF_MODULE_COLLECTIBLE = 0x00000008,
    COR_PRF_MODULE_RESOURCE = 0x00000010,
    COR_PRF_MODULE_FLAT_LAYOUT = 0x00000020,
    COR_PRF_MODULE_WINDOWS_RUNTIME = 0x00000040
};

/* COR_PRF_GC_GENERATION: cp_gc_generation_range.generation */
enum {
    COR_PRF_GC_GEN_0 = 0,
    COR_PRF_GC_GEN_1 = 1,
    COR_PRF_GC_GEN_2 = 2,
    COR_PRF_GC_LARGE_OBJECT_HEAP = 3,
    COR_PRF_GC_PINNED_OBJECT_HEAP = 4
};

/* COR_PRF_CLAUSE_TYPE: cp_ex_clause_info.clause_type */
enum {
    COR_PRF_CLAUSE_NONE = 0,
    COR_PRF_CLAUSE_FILTER = 1,
    COR_PRF_CLAUSE_CATCH = 2,
    COR_PRF_CLAUSE_FINALLY = 3
};

/* COR_PRF_HANDLE_TYPE: CreateHandle */
enum {
    COR_PRF_HANDLE_TYPE_WEAK = 0x1,
    COR_PRF_HANDLE_TYPE_STRONG = 0x2,
    COR_PRF_HANDLE_TYPE_PINNED = 0x3
};

/* IMethodMalloc: slots 0-3 (IUnknown 0-2, Alloc 3); memory for a method
 * body that SetILFunctionBody hands to the runtime. */
struct cp_method_malloc_vtbl {
    cp_hr (*QueryInterface)(struct cp_method_malloc *self, const struct cp_guid *iid, void **out);
    cp_ulong (*AddRef)(struct cp_method_malloc *self);
    cp_ulong (*Release)(struct cp_method_malloc *self);
    void *(*Alloc)(struct cp_method_malloc *self, cp_ulong size);
};

struct cp_method_malloc {
    const struct cp_method_malloc_vtbl *vtbl;
};

/* ------------------------------------------------------------------------ */
/* ICorProfilerInfo .. ICorProfilerInfo15                                    */
/* ------------------------------------------------------------------------ */

struct cp_info;

struct cp_info_vtbl {
    /* IUnknown, slots 0-2 */
    cp_hr (*QueryInterface)(struct cp_info *self, const struct cp_guid *iid, void **out);
    cp_ulong (*AddRef)(struct cp_info *self);
    cp_ulong (*Release)(struct cp_info *self);

    /* ICorProfilerInfo, slots 3-35 */
    cp_hr (*GetClassFromObject)(struct cp_info *self, cp_object_id object_id,
                                cp_class_id *class_id);
    cp_hr (*GetClassFromToken)(struct cp_info *self, cp_module_id module_id, cp_token type_def,
                               cp_class_id *class_id);
    cp_hr (*GetCodeInfo)(struct cp_info *self, cp_function_id function_id,
                         const cp_byte **start, cp_ulong *size);
    cp_hr (*GetEventMask)(struct cp_info *self, cp_ulong *events);
    cp_hr (*GetFunctionFromIP)(struct cp_info *self, const cp_byte *ip,
                               cp_function_id *function_id);
    cp_hr (*GetFunctionFromToken)(struct cp_info *self, cp_module_id module_id, cp_token token,
                                  cp_function_id *function_id);
    cp_hr (*GetHandleFromThread)(struct cp_info *self, cp_thread_id thread_id,
                                 void **thread_handle);
    cp_hr (*GetObjectSize)(struct cp_info *self, cp_object_id object_id, cp_ulong *size);
    cp_hr (*IsArrayClass)(struct cp_info *self, cp_class_id class_id,
                          cp_ulong *base_elem_type, cp_class_id *base_class_id,
                          cp_ulong *rank);
    cp_hr (*GetThreadInfo)(struct cp_info *self, cp_thread_id thread_id,
                           cp_ulong *os_thread_id);
    cp_hr (*GetCurrentThreadID)(struct cp_info *self, cp_thread_id *thread_id);
    cp_hr (*GetClassIDInfo)(struct cp_info *self, cp_class_id class_id,
                            cp_module_id *module_id, cp_token *type_def);
    cp_hr (*GetFunctionInfo)(struct cp_info *self, cp_function_id function_id,
                             cp_class_id *class_id, cp_module_id *module_id, cp_token *token);
    cp_hr (*SetEventMask)(struct cp_info *self, cp_ulong events);
    cp_hr (*SetEnterLeaveFunctionHooks)(struct cp_info *self, cp_function_enter_hook enter,
                                        cp_function_leave_hook leave,
                                        cp_function_tailcall_hook tailcall);
    cp_hr (*SetFunctionIDMapper)(struct cp_info *self, cp_function_id_mapper mapper);
    cp_hr (*GetTokenAndMetaDataFromFunction)(struct cp_info *self, cp_function_id function_id,
                                             const struct cp_guid *iid,
                                             struct cp_unknown **import, cp_token *token);
    cp_hr (*GetModuleInfo)(struct cp_info *self, cp_module_id module_id,
                           const cp_byte **base_load_address, cp_ulong name_cap,
                           cp_ulong *name_len, cp_wchar name[], cp_assembly_id *assembly_id);
    cp_hr (*GetModuleMetaData)(struct cp_info *self, cp_module_id module_id,
                               cp_ulong open_flags, const struct cp_guid *iid,
                               struct cp_unknown **out);
    cp_hr (*GetILFunctionBody)(struct cp_info *self, cp_module_id module_id,
                               cp_token method_id, const cp_byte **method_header,
                               cp_ulong *method_size);
    cp_hr (*GetILFunctionBodyAllocator)(struct cp_info *self, cp_module_id module_id,
                                        struct cp_method_malloc **malloc_out);
    cp_hr (*SetILFunctionBody)(struct cp_info *self, cp_module_id module_id,
                               cp_token method_id, const cp_byte *new_method_header);
    cp_hr (*GetAppDomainInfo)(struct cp_info *self, cp_appdomain_id appdomain_id,
                              cp_ulong name_cap, cp_ulong *name_len, cp_wchar name[],
                              cp_process_id *process_id);
    cp_hr (*GetAssemblyInfo)(struct cp_info *self, cp_assembly_id assembly_id,
                             cp_ulong name_cap, cp_ulong *name_len, cp_wchar name[],
                             cp_appdomain_id *appdomain_id, cp_module_id *module_id);
    cp_hr (*SetFunctionReJIT)(struct cp_info *self, cp_function_id function_id);
    cp_hr (*ForceGC)(struct cp_info *self);
    cp_hr (*SetILInstrumentedCodeMap)(struct cp_info *self, cp_function_id function_id,
                                      cp_bool start_jit, cp_ulong map_len,
                                      struct cp_il_map map[]);
    cp_hr (*GetInprocInspectionInterface)(struct cp_info *self, struct cp_unknown **out);
    cp_hr (*GetInprocInspectionIThisThread)(struct cp_info *self, struct cp_unknown **out);
    cp_hr (*GetThreadContext)(struct cp_info *self, cp_thread_id thread_id,
                              cp_context_id *context_id);
    cp_hr (*BeginInprocDebugging)(struct cp_info *self, cp_bool this_thread_only,
                                  cp_ulong *profiler_context);
    cp_hr (*EndInprocDebugging)(struct cp_info *self, cp_ulong profiler_context);
    cp_hr (*GetILToNativeMapping)(struct cp_info *self, cp_function_id function_id,
                                  uint32_t map_cap, uint32_t *map_len,
                                  struct cp_il_to_native_map map[]);

    /* ICorProfilerInfo2, slots 36-56 */
    cp_hr (*DoStackSnapshot)(struct cp_info *self, cp_thread_id thread_id,
                             cp_stack_snapshot_callback callback, uint32_t info_flags,
                             void *client_data, cp_byte context[], uint32_t context_size);
    cp_hr (*SetEnterLeaveFunctionHooks2)(struct cp_info *self, cp_function_enter2_hook enter,
                                         cp_function_leave2_hook leave,
                                         cp_function_tailcall2_hook tailcall);
    cp_hr (*GetFunctionInfo2)(struct cp_info *self, cp_function_id function_id,
                              cp_frame_info frame_info, cp_class_id *class_id,
                              cp_module_id *module_id, cp_token *token,
                              uint32_t type_args_cap, uint32_t *type_args_len,
                              cp_class_id type_args[]);
    cp_hr (*GetStringLayout)(struct cp_info *self, cp_ulong *buffer_length_offset,
                             cp_ulong *string_length_offset, cp_ulong *buffer_offset);
    cp_hr (*GetClassLayout)(struct cp_info *self, cp_class_id class_id,
                            struct cp_field_offset field_offsets[], cp_ulong field_offsets_cap,
                            cp_ulong *field_offsets_len, cp_ulong *class_size);
    cp_hr (*GetClassIDInfo2)(struct cp_info *self, cp_class_id class_id,
                             cp_module_id *module_id, cp_token *type_def,
                             cp_class_id *parent_class_id, uint32_t type_args_cap,
                             uint32_t *type_args_len, cp_class_id type_args[]);
    cp_hr (*GetCodeInfo2)(struct cp_info *self, cp_function_id function_id,
                          uint32_t code_infos_cap, uint32_t *code_infos_len,
                          struct cp_code_info code_infos[]);
    cp_hr (*GetClassFromTokenAndTypeArgs)(struct cp_info *self, cp_module_id module_id,
                                          cp_token type_def, uint32_t type_args_len,
                                          cp_class_id type_args[], cp_class_id *class_id);
    cp_hr (*GetFunctionFromTokenAndTypeArgs)(struct cp_info *self, cp_module_id module_id,
                                             cp_token func_def, cp_class_id class_id,
                                             uint32_t type_args_len, cp_class_id type_args[],
                                             cp_function_id *function_id);
    cp_hr (*EnumModuleFrozenObjects)(struct cp_info *self, cp_module_id module_id,
                                     struct cp_object_enum **out);
    cp_hr (*GetArrayObjectInfo)(struct cp_info *self, cp_object_id object_id,
                                uint32_t dimensions, uint32_t dimension_sizes[],
                                int dimension_lower_bounds[], cp_byte **data);
    cp_hr (*GetBoxClassLayout)(struct cp_info *self, cp_class_id class_id,
                               uint32_t *buffer_offset);
    cp_hr (*GetThreadAppDomain)(struct cp_info *self, cp_thread_id thread_id,
                                cp_appdomain_id *appdomain_id);
    cp_hr (*GetRVAStaticAddress)(struct cp_info *self, cp_class_id class_id,
                                 cp_token field_token, void **address);
    cp_hr (*GetAppDomainStaticAddress)(struct cp_info *self, cp_class_id class_id,
                                       cp_token field_token, cp_appdomain_id appdomain_id,
                                       void **address);
    cp_hr (*GetThreadStaticAddress)(struct cp_info *self, cp_class_id class_id,
                                    cp_token field_token, cp_thread_id thread_id,
                                    void **address);
    cp_hr (*GetContextStaticAddress)(struct cp_info *self, cp_class_id class_id,
                                     cp_token field_token, cp_context_id context_id,
                                     void **address);
    cp_hr (*GetStaticFieldInfo)(struct cp_info *self, cp_class_id class_id,
                                cp_token field_token, int *static_type);
    cp_hr (*GetGenerationBounds)(struct cp_info *self, cp_ulong ranges_cap,
                                 cp_ulong *ranges_len, struct cp_gc_generation_range ranges[]);
    cp_hr (*GetObjectGeneration)(struct cp_info *self, cp_object_id object_id,
                                 struct cp_gc_generation_range *range);
    cp_hr (*GetNotifiedExceptionClauseInfo)(struct cp_info *self,
                                            struct cp_ex_clause_info *info);

    /* ICorProfilerInfo3, slots 57-70 */
    cp_hr (*EnumJITedFunctions)(struct cp_info *self, struct cp_function_enum **out);
    cp_hr (*RequestProfilerDetach)(struct cp_info *self, cp_ulong expected_completion_ms);
    cp_hr (*SetFunctionIDMapper2)(struct cp_info *self, cp_function_id_mapper2 mapper,
                                  void *client_data);
    cp_hr (*GetStringLayout2)(struct cp_info *self, cp_ulong *string_length_offset,
                              cp_ulong *buffer_offset);
    cp_hr (*SetEnterLeaveFunctionHooks3)(struct cp_info *self, cp_function_enter3_hook enter,
                                         cp_function_leave3_hook leave,
                                         cp_function_tailcall3_hook tailcall);
    cp_hr (*SetEnterLeaveFunctionHooks3WithInfo)(struct cp_info *self,
                                                 cp_function_enter3_with_info_hook enter,
                                                 cp_function_leave3_with_info_hook leave,
                                                 cp_function_tailcall3_with_info_hook tailcall);
    cp_hr (*GetFunctionEnter3Info)(struct cp_info *self, cp_function_id function_id,
                                   cp_elt_info elt_info, cp_frame_info *frame_info,
                                   cp_ulong *argument_info_size,
                                   struct cp_function_argument_info *argument_info);
    cp_hr (*GetFunctionLeave3Info)(struct cp_info *self, cp_function_id function_id,
                                   cp_elt_info elt_info, cp_frame_info *frame_info,
                                   struct cp_function_argument_range *retval_range);
    cp_hr (*GetFunctionTailcall3Info)(struct cp_info *self, cp_function_id function_id,
                                      cp_elt_info elt_info, cp_frame_info *frame_info);
    cp_hr (*EnumModules)(struct cp_info *self, struct cp_module_enum **out);
    cp_hr (*GetRuntimeInformation)(struct cp_info *self, uint16_t *clr_instance_id,
                                   int *runtime_type, uint16_t *major_version,
                                   uint16_t *minor_version, uint16_t *build_number,
                                   uint16_t *qfe_version, cp_ulong version_cap,
                                   cp_ulong *version_len, cp_wchar version[]);
    cp_hr (*GetThreadStaticAddress2)(struct cp_info *self, cp_class_id class_id,
                                     cp_token field_token, cp_appdomain_id appdomain_id,
                                     cp_thread_id thread_id, void **address);
    cp_hr (*GetAppDomainsContainingModule)(struct cp_info *self, cp_module_id module_id,
                                           uint32_t appdomain_ids_cap,
                                           uint32_t *appdomain_ids_len,
                                           cp_appdomain_id appdomain_ids[]);
    cp_hr (*GetModuleInfo2)(struct cp_info *self, cp_module_id module_id,
                            const cp_byte **base_load_address, cp_ulong name_cap,
                            cp_ulong *name_len, cp_wchar name[], cp_assembly_id *assembly_id,
                            cp_ulong *module_flags);

    /* ICorProfilerInfo4, slots 71-80 */
    cp_hr (*EnumThreads)(struct cp_info *self, struct cp_thread_enum **out);
    cp_hr (*InitializeCurrentThread)(struct cp_info *self);
    cp_hr (*RequestReJIT)(struct cp_info *self, cp_ulong count, cp_module_id module_ids[],
                          cp_token method_ids[]);
    cp_hr (*RequestRevert)(struct cp_info *self, cp_ulong count, cp_module_id module_ids[],
                           cp_token method_ids[], cp_hr status[]);
    cp_hr (*GetCodeInfo3)(struct cp_info *self, cp_function_id function_id,
                          cp_rejit_id rejit_id, uint32_t code_infos_cap,
                          uint32_t *code_infos_len, struct cp_code_info code_infos[]);
    cp_hr (*GetFunctionFromIP2)(struct cp_info *self, const cp_byte *ip,
                                cp_function_id *function_id, cp_rejit_id *rejit_id);
    cp_hr (*GetReJITIDs)(struct cp_info *self, cp_function_id function_id,
                         cp_ulong rejit_ids_cap, cp_ulong *rejit_ids_len,
                         cp_rejit_id rejit_ids[]);
    cp_hr (*GetILToNativeMapping2)(struct cp_info *self, cp_function_id function_id,
                                   cp_rejit_id rejit_id, uint32_t map_cap, uint32_t *map_len,
                                   struct cp_il_to_native_map map[]);
    cp_hr (*EnumJITedFunctions2)(struct cp_info *self, struct cp_function_enum **out);
    cp_hr (*GetObjectSize2)(struct cp_info *self, cp_object_id object_id, size_t *size);

    /* ICorProfilerInfo5, slots 81-82 */
    cp_hr (*GetEventMask2)(struct cp_info *self, cp_ulong *events_low, cp_ulong *events_high);
    cp_hr (*SetEventMask2)(struct cp_info *self, cp_ulong events_low, cp_ulong events_high);

    /* ICorProfilerInfo6, slot 83 */
    cp_hr (*EnumNgenModuleMethodsInliningThisMethod)(struct cp_info *self,
                                                     cp_module_id inliners_module_id,
                                                     cp_module_id inlinee_module_id,
                                                     cp_token inlinee_method_id,
                                                     cp_bool *incomplete_data,
                                                     struct cp_method_enum **out);

    /* ICorProfilerInfo7, slots 84-86 */
    cp_hr (*ApplyMetaData)(struct cp_info *self, cp_module_id module_id);
    cp_hr (*GetInMemorySymbolsLength)(struct cp_info *self, cp_module_id module_id,
                                      cp_ulong *symbol_bytes);
    cp_hr (*ReadInMemorySymbols)(struct cp_info *self, cp_module_id module_id,
                                 cp_ulong read_offset, cp_byte *symbol_bytes,
                                 cp_ulong symbol_bytes_cap, cp_ulong *symbol_bytes_read);

    /* ICorProfilerInfo8, slots 87-89 */
    cp_hr (*IsFunctionDynamic)(struct cp_info *self, cp_function_id function_id,
                               cp_bool *is_dynamic);
    cp_hr (*GetFunctionFromIP3)(struct cp_info *self, const cp_byte *ip,
                                cp_function_id *function_id, cp_rejit_id *rejit_id);
    cp_hr (*GetDynamicFunctionInfo)(struct cp_info *self, cp_function_id function_id,
                                    cp_module_id *module_id, cp_sig *sig, cp_ulong *sig_len,
                                    cp_ulong name_cap, cp_ulong *name_len, cp_wchar name[]);

    /* ICorProfilerInfo9, slots 90-92 */
    cp_hr (*GetNativeCodeStartAddresses)(struct cp_info *self, cp_function_id function_id,
                                         cp_rejit_id rejit_id, uint32_t addresses_cap,
                                         uint32_t *addresses_len, uintptr_t addresses[]);
    cp_hr (*GetILToNativeMapping3)(struct cp_info *self, uintptr_t native_code_start,
                                   uint32_t map_cap, uint32_t *map_len,
                                   struct cp_il_to_native_map map[]);
    cp_hr (*GetCodeInfo4)(struct cp_info *self, uintptr_t native_code_start,
                          uint32_t code_infos_cap, uint32_t *code_infos_len,
                          struct cp_code_info code_infos[]);

    /* ICorProfilerInfo10, slots 93-98 */
    cp_hr (*EnumerateObjectReferences)(struct cp_info *self, cp_object_id object_id,
                                       cp_object_reference_callback callback,
                                       void *client_data);
    cp_hr (*IsFrozenObject)(struct cp_info *self, cp_object_id object_id, cp_bool *frozen);
    cp_hr (*GetLOHObjectSizeThreshold)(struct cp_info *self, cp_ulong *threshold);
    cp_hr (*RequestReJITWithInliners)(struct cp_info *self, cp_ulong rejit_flags,
                                      cp_ulong count, cp_module_id module_ids[],
                                      cp_token method_ids[]);
    cp_hr (*SuspendRuntime)(struct cp_info *self);
    cp_hr (*ResumeRuntime)(struct cp_info *self);

    /* ICorProfilerInfo11, slots 99-100 */
    cp_hr (*GetEnvironmentVariable)(struct cp_info *self, const cp_wchar *name,
                                    cp_ulong value_cap, cp_ulong *value_len,
                                    cp_wchar value[]);
    cp_hr (*SetEnvironmentVariable)(struct cp_info *self, const cp_wchar *name,
                                    const cp_wchar *value);

    /* ICorProfilerInfo12, slots 101-107 */
    cp_hr (*EventPipeStartSession)(struct cp_info *self, uint32_t provider_configs_len,
                                   struct cp_evpipe_provider_config provider_configs[],
                                   cp_bool request_rundown, cp_evpipe_session *session);
    cp_hr (*EventPipeAddProviderToSession)(struct cp_info *self, cp_evpipe_session session,
                                           struct cp_evpipe_provider_config provider_config);
    cp_hr (*EventPipeStopSession)(struct cp_info *self, cp_evpipe_session session);
    cp_hr (*EventPipeCreateProvider)(struct cp_info *self, const cp_wchar *provider_name,
                                     cp_evpipe_provider *provider);
    cp_hr (*EventPipeGetProviderInfo)(struct cp_info *self, cp_evpipe_provider provider,
                                      cp_ulong name_cap, cp_ulong *name_len,
                                      cp_wchar provider_name[]);
    cp_hr (*EventPipeDefineEvent)(struct cp_info *self, cp_evpipe_provider provider,
                                  const cp_wchar *event_name, uint32_t event_id,
                                  uint64_t keywords, uint32_t event_version, uint32_t level,
                                  uint8_t opcode, cp_bool need_stack, uint32_t param_descs_len,
                                  struct cp_evpipe_param_desc param_descs[],
                                  cp_evpipe_event *event);
    cp_hr (*EventPipeWriteEvent)(struct cp_info *self, cp_evpipe_event event,
                                 uint32_t data_len, struct cp_event_data data[],
                                 const struct cp_guid *activity_id,
                                 const struct cp_guid *related_activity_id);

    /* ICorProfilerInfo13, slots 108-110 */
    cp_hr (*CreateHandle)(struct cp_info *self, cp_object_id object, int handle_type,
                          cp_object_handle_id *handle);
    cp_hr (*DestroyHandle)(struct cp_info *self, cp_object_handle_id handle);
    cp_hr (*GetObjectIDFromHandle)(struct cp_info *self, cp_object_handle_id handle,
                                   cp_object_id *object);

    /* ICorProfilerInfo14, slots 111-113 */
    cp_hr (*EnumerateNonGCObjects)(struct cp_info *self, struct cp_object_enum **out);
    cp_hr (*GetNonGCHeapBounds)(struct cp_info *self, cp_ulong ranges_cap,
                                cp_ulong *ranges_len, struct cp_nongc_heap_range ranges[]);
    cp_hr (*EventPipeCreateProvider2)(struct cp_info *self, const cp_wchar *provider_name,
                                      cp_evpipe_provider_callback callback,
                                      cp_evpipe_provider *provider);

    /* ICorProfilerInfo15, slot 114 */
    cp_hr (*EnumerateGCHeapObjects)(struct cp_info *self, cp_object_callback callback,
                                    void *callback_state);
};

struct cp_info {
    const struct cp_info_vtbl *vtbl;
};

/* ------------------------------------------------------------------------ */
/* ICorProfilerFunctionControl                                               */
/* ------------------------------------------------------------------------ */

struct cp_function_control;

struct cp_function_control_vtbl {
    /* IUnknown, slots 0-2 */
    cp_hr (*QueryInterface)(struct cp_function_control *self, const struct cp_guid *iid,
                            void **out);
    cp_ulong (*AddRef)(struct cp_function_control *self);
    cp_ulong (*Release)(struct cp_function_control *self);

    /* ICorProfilerFunctionControl, slots 3-5 */
    cp_hr (*SetCodegenFlags)(struct cp_function_control *self, cp_ulong flags);
    cp_hr (*SetILFunctionBody)(struct cp_function_control *self, cp_ulong new_method_size,
                               const cp_byte *new_method_header);
    cp_hr (*SetILInstrumentedCodeMap)(struct cp_function_control *self, cp_ulong map_len,
                                      struct cp_il_map map[]);
};

struct cp_function_control {
    const struct cp_function_control_vtbl *vtbl;
};

/* ------------------------------------------------------------------------ */
/* ICorProfilerMethodEnum                                                    */
/* ------------------------------------------------------------------------ */

struct cp_method_enum;

struct cp_method_enum_vtbl {
    /* IUnknown, slots 0-2 */
    cp_hr (*QueryInterface)(struct cp_method_enum *self, const struct cp_guid *iid,
                            void **out);
    cp_ulong (*AddRef)(struct cp_method_enum *self);
    cp_ulong (*Release)(struct cp_method_enum *self);

    /* ICorProfilerMethodEnum, slots 3-7 */
    cp_hr (*Skip)(struct cp_method_enum *self, cp_ulong count);
    cp_hr (*Reset)(struct cp_method_enum *self);
    cp_hr (*Clone)(struct cp_method_enum *self, struct cp_method_enum **out);
    cp_hr (*GetCount)(struct cp_method_enum *self, cp_ulong *count);
    cp_hr (*Next)(struct cp_method_enum *self, cp_ulong count, struct cp_prf_method elements[],
                  cp_ulong *fetched);
};

struct cp_method_enum {
    const struct cp_method_enum_vtbl *vtbl;
};

/* ------------------------------------------------------------------------ */
/* ICorProfilerFunctionEnum                                                  */
/* ------------------------------------------------------------------------ */

struct cp_function_enum_vtbl {
    /* IUnknown, slots 0-2 */
    cp_hr (*QueryInterface)(struct cp_function_enum *self, const struct cp_guid *iid,
                            void **out);
    cp_ulong (*AddRef)(struct cp_function_enum *self);
    cp_ulong (*Release)(struct cp_function_enum *self);

    /* ICorProfilerFunctionEnum, slots 3-7 */
    cp_hr (*Skip)(struct cp_function_enum *self, cp_ulong count);
    cp_hr (*Reset)(struct cp_function_enum *self);
    cp_hr (*Clone)(struct cp_function_enum *self, struct cp_function_enum **out);
    cp_hr (*GetCount)(struct cp_function_enum *self, cp_ulong *count);
    cp_hr (*Next)(struct cp_function_enum *self, cp_ulong count, struct cp_prf_function elements[],
                  cp_ulong *fetched);
};

struct cp_function_enum {
    const struct cp_function_enum_vtbl *vtbl;
};

/* ------------------------------------------------------------------------ */
/* ICorProfilerModuleEnum                                                    */
/* ------------------------------------------------------------------------ */

struct cp_module_enum_vtbl {
    /* IUnknown, slots 0-2 */
    cp_hr (*QueryInterface)(struct cp_module_enum *self, const struct cp_guid *iid,
                            void **out);
    cp_ulong (*AddRef)(struct cp_module_enum *self);
    cp_ulong (*Release)(struct cp_module_enum *self);

    /* ICorProfilerModuleEnum, slots 3-7 */
    cp_hr (*Skip)(struct cp_module_enum *self, cp_ulong count);
    cp_hr (*Reset)(struct cp_module_enum *self);
    cp_hr (*Clone)(struct cp_module_enum *self, struct cp_module_enum **out);
    cp_hr (*GetCount)(struct cp_module_enum *self, cp_ulong *count);
    cp_hr (*Next)(struct cp_module_enum *self, cp_ulong count, cp_module_id ids[],
                  cp_ulong *fetched);
};

struct cp_module_enum {
    const struct cp_module_enum_vtbl *vtbl;
};

/* ------------------------------------------------------------------------ */
/* IIDs (defined in cp_info.c)                                               */
/* ------------------------------------------------------------------------ */

extern const struct cp_guid cp_iid_ICorProfilerInfo;
extern const struct cp_guid cp_iid_ICorProfilerInfo2;
extern const struct cp_guid cp_iid_ICorProfilerInfo3;
extern const struct cp_guid cp_iid_ICorProfilerInfo4;
extern const struct cp_guid cp_iid_ICorProfilerInfo5;
extern const struct cp_guid cp_iid_ICorProfilerInfo6;
extern const struct cp_guid cp_iid_ICorProfilerInfo7;
extern const struct cp_guid cp_iid_ICorProfilerInfo8;
extern const struct cp_guid cp_iid_ICorProfilerInfo9;
extern const struct cp_guid cp_iid_ICorProfilerInfo10;
extern const struct cp_guid cp_iid_ICorProfilerInfo11;
extern const struct cp_guid cp_iid_ICorProfilerInfo12;
extern const struct cp_guid cp_iid_ICorProfilerInfo13;
extern const struct cp_guid cp_iid_ICorProfilerInfo14;
extern const struct cp_guid cp_iid_ICorProfilerInfo15;
extern const struct cp_guid cp_iid_ICorProfilerFunctionControl;
extern const struct cp_guid cp_iid_ICorProfilerMethodEnum;
extern const struct cp_guid cp_iid_ICorProfilerModuleEnum;

#endif
