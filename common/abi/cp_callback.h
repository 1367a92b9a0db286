/*
 * cp_callback.h - the profiler callback interface, ICorProfilerCallback up
 * to ICorProfilerCallback11, as a C vtable, together with the enums its
 * methods take and the IIDs of its eleven versions.
 *
 * Each version extends the previous one, so a single table of 98 function
 * pointers serves all of them: IUnknown first, then the methods of every
 * version in declaration order.  A member at byte offset O is slot
 * O / sizeof(void *); the runtime calls slot N through vtbl[N].
 *
 * Every method returns cp_hr and takes the interface pointer first.
 */
#ifndef PROFCHECK_CP_CALLBACK_H
#define PROFCHECK_CP_CALLBACK_H

#include <stddef.h>
#include <stdint.h>

#include "cp_types.h"
#include "cp_unknown.h"

/* Interfaces passed to callbacks; they are declared elsewhere. */
struct cp_function_control;             /* ICorProfilerFunctionControl */
struct cp_assembly_reference_provider;  /* ICorProfilerAssemblyReferenceProvider */

/* Result of a search for a precompiled function (JITCachedFunctionSearchFinished). */
enum cp_jit_cache {
    COR_PRF_CACHED_FUNCTION_FOUND = 0,
    COR_PRF_CACHED_FUNCTION_NOT_FOUND = 1
};

/* Why control crossed between managed and unmanaged code. */
enum cp_transition_reason {
    COR_PRF_TRANSITION_CALL = 0,
    COR_PRF_TRANSITION_RETURN = 1
};

/* Why the runtime is suspending (RuntimeSuspendStarted); 5 is unassigned. */
enum cp_suspend_reason {
    COR_PRF_SUSPEND_OTHER = 0,
    COR_PRF_SUSPEND_FOR_GC = 1,
    COR_PRF_SUSPEND_FOR_APPDOMAIN_SHUTDOWN = 2,
    COR_PRF_SUSPEND_FOR_CODE_PITCHING = 3,
    COR_PRF_SUSPEND_FOR_SHUTDOWN = 4,
    COR_PRF_SUSPEND_FOR_INPROC_DEBUGGER = 6,
    COR_PRF_SUSPEND_FOR_GC_PREP = 7,
    COR_PRF_SUSPEND_FOR_REJIT = 8,
    COR_PRF_SUSPEND_FOR_PROFILER = 9
};

/* What started a collection (GarbageCollectionStarted). */
enum cp_gc_reason {
    COR_PRF_GC_OTHER = 0,
    COR_PRF_GC_INDUCED = 1
};

/* Where a root reported by RootReferences2 lives. */
enum cp_gc_root_kind {
    COR_PRF_GC_ROOT_OTHER = 0,
    COR_PRF_GC_ROOT_STACK = 1,
    COR_PRF_GC_ROOT_FINALIZER = 2,
    COR_PRF_GC_ROOT_HANDLE = 3
};

/* Bit set describing a root reported by RootReferences2. */
enum cp_gc_root_flags {
    COR_PRF_GC_ROOT_PINNING = 0x1,
    COR_PRF_GC_ROOT_WEAKREF = 0x2,
    COR_PRF_GC_ROOT_INTERIOR = 0x4,
    COR_PRF_GC_ROOT_REFCOUNTED = 0x8
};

/* Bit set passed to FinalizeableObjectQueued. */
enum cp_finalizer_flags {
    COR_PRF_FINALIZER_CRITICAL = 0x1
};

struct cp_callback;

/* COR_PRF_* enum parameters are 32-bit in the ABI, so they travel as cp_ulong. */
struct cp_callback_vtbl {
    /* IUnknown, slots 0-2 */
    cp_hr (*QueryInterface)(struct cp_callback *self, const struct cp_guid *iid, void **out);
    cp_ulong (*AddRef)(struct cp_callback *self);
    cp_ulong (*Release)(struct cp_callback *self);

    /* ICorProfilerCallback, slots 3-71 */
    cp_hr (*Initialize)(struct cp_callback *self, struct cp_unknown *info);
    cp_hr (*Shutdown)(struct cp_callback *self);
    cp_hr (*AppDomainCreationStarted)(struct cp_callback *self, cp_appdomain_id appdomain_id);
    cp_hr (*AppDomainCreationFinished)(struct cp_callback *self, cp_appdomain_id appdomain_id,
                                       cp_hr status);
    cp_hr (*AppDomainShutdownStarted)(struct cp_callback *self, cp_appdomain_id appdomain_id);
    cp_hr (*AppDomainShutdownFinished)(struct cp_callback *self, cp_appdomain_id appdomain_id,
                                       cp_hr status);
    cp_hr (*AssemblyLoadStarted)(struct cp_callback *self, cp_assembly_id assembly_id);
    cp_hr (*AssemblyLoadFinished)(struct cp_callback *self, cp_assembly_id assembly_id,
                                  cp_hr status);
    cp_hr (*AssemblyUnloadStarted)(struct cp_callback *self, cp_assembly_id assembly_id);
    cp_hr (*AssemblyUnloadFinished)(struct cp_callback *self, cp_assembly_id assembly_id,
                                    cp_hr status);
    cp_hr (*ModuleLoadStarted)(struct cp_callback *self, cp_module_id module_id);
    cp_hr (*ModuleLoadFinished)(struct cp_callback *self, cp_module_id module_id, cp_hr status);
    cp_hr (*ModuleUnloadStarted)(struct cp_callback *self, cp_module_id module_id);
    cp_hr (*ModuleUnloadFinished)(struct cp_callback *self, cp_module_id module_id, cp_hr status);
    cp_hr (*ModuleAttachedToAssembly)(struct cp_callback *self, cp_module_id module_id,
                                      cp_assembly_id assembly_id);
    cp_hr (*ClassLoadStarted)(struct cp_callback *self, cp_class_id class_id);
    cp_hr (*ClassLoadFinished)(struct cp_callback *self, cp_class_id class_id, cp_hr status);
    cp_hr (*ClassUnloadStarted)(struct cp_callback *self, cp_class_id class_id);
    cp_hr (*ClassUnloadFinished)(struct cp_callback *self, cp_class_id class_id, cp_hr status);
    cp_hr (*FunctionUnloadStarted)(struct cp_callback *self, cp_function_id function_id);
    cp_hr (*JITCompilationStarted)(struct cp_callback *self, cp_function_id function_id,
                                   cp_bool is_safe_to_block);
    cp_hr (*JITCompilationFinished)(struct cp_callback *self, cp_function_id function_id,
                                    cp_hr status, cp_bool is_safe_to_block);
    cp_hr (*JITCachedFunctionSearchStarted)(struct cp_callback *self, cp_function_id function_id,
                                            cp_bool *use_cached_function);
    /* result: enum cp_jit_cache */
    cp_hr (*JITCachedFunctionSearchFinished)(struct cp_callback *self, cp_function_id function_id,
                                             cp_ulong result);
    cp_hr (*JITFunctionPitched)(struct cp_callback *self, cp_function_id function_id);
    cp_hr (*JITInlining)(struct cp_callback *self, cp_function_id caller_id,
                         cp_function_id callee_id, cp_bool *should_inline);
    cp_hr (*ThreadCreated)(struct cp_callback *self, cp_thread_id thread_id);
    cp_hr (*ThreadDestroyed)(struct cp_callback *self, cp_thread_id thread_id);
    cp_hr (*ThreadAssignedToOSThread)(struct cp_callback *self, cp_thread_id managed_thread_id,
                                      cp_ulong os_thread_id);
    cp_hr (*RemotingClientInvocationStarted)(struct cp_callback *self);
    cp_hr (*RemotingClientSendingMessage)(struct cp_callback *self, struct cp_guid *cookie,
                                          cp_bool is_async);
    cp_hr (*RemotingClientReceivingReply)(struct cp_callback *self, struct cp_guid *cookie,
                                          cp_bool is_async);
    cp_hr (*RemotingClientInvocationFinished)(struct cp_callback *self);
    cp_hr (*RemotingServerReceivingMessage)(struct cp_callback *self, struct cp_guid *cookie,
                                            cp_bool is_async);
    cp_hr (*RemotingServerInvocationStarted)(struct cp_callback *self);
    cp_hr (*RemotingServerInvocationReturned)(struct cp_callback *self);
    cp_hr (*RemotingServerSendingReply)(struct cp_callback *self, struct cp_guid *cookie,
                                        cp_bool is_async);
    /* reason: enum cp_transition_reason */
    cp_hr (*UnmanagedToManagedTransition)(struct cp_callback *self, cp_function_id function_id,
                                          cp_ulong reason);
    cp_hr (*ManagedToUnmanagedTransition)(struct cp_callback *self, cp_function_id function_id,
                                          cp_ulong reason);
    /* suspend_reason: enum cp_suspend_reason */
    cp_hr (*RuntimeSuspendStarted)(struct cp_callback *self, cp_ulong suspend_reason);
    cp_hr (*RuntimeSuspendFinished)(struct cp_callback *self);
    cp_hr (*RuntimeSuspendAborted)(struct cp_callback *self);
    cp_hr (*RuntimeResumeStarted)(struct cp_callback *self);
    cp_hr (*RuntimeResumeFinished)(struct cp_callback *self);
    cp_hr (*RuntimeThreadSuspended)(struct cp_callback *self, cp_thread_id thread_id);
    cp_hr (*RuntimeThreadResumed)(struct cp_callback *self, cp_thread_id thread_id);
    cp_hr (*MovedReferences)(struct cp_callback *self, cp_ulong range_count,
                             cp_object_id *old_range_starts, cp_object_id *new_range_starts,
                             cp_ulong *range_lengths);
    cp_hr (*ObjectAllocated)(struct cp_callback *self, cp_object_id object_id,
                             cp_class_id class_id);
    cp_hr (*ObjectsAllocatedByClass)(struct cp_callback *self, cp_ulong class_count,
                                     cp_class_id *class_ids, cp_ulong *object_counts);
    cp_hr (*ObjectReferences)(struct cp_callback *self, cp_object_id object_id,
                              cp_class_id class_id, cp_ulong ref_count,
                              cp_object_id *ref_ids);
    cp_hr (*RootReferences)(struct cp_callback *self, cp_ulong root_count,
                            cp_object_id *root_ref_ids);
    cp_hr (*ExceptionThrown)(struct cp_callback *self, cp_object_id thrown_object_id);
    cp_hr (*ExceptionSearchFunctionEnter)(struct cp_callback *self, cp_function_id function_id);
    cp_hr (*ExceptionSearchFunctionLeave)(struct cp_callback *self);
    cp_hr (*ExceptionSearchFilterEnter)(struct cp_callback *self, cp_function_id function_id);
    cp_hr (*ExceptionSearchFilterLeave)(struct cp_callback *self);
    cp_hr (*ExceptionSearchCatcherFound)(struct cp_callback *self, cp_function_id function_id);
    cp_hr (*ExceptionOSHandlerEnter)(struct cp_callback *self, uintptr_t unused);
    cp_hr (*ExceptionOSHandlerLeave)(struct cp_callback *self, uintptr_t unused);
    cp_hr (*ExceptionUnwindFunctionEnter)(struct cp_callback *self, cp_function_id function_id);
    cp_hr (*ExceptionUnwindFunctionLeave)(struct cp_callback *self);
    cp_hr (*ExceptionUnwindFinallyEnter)(struct cp_callback *self, cp_function_id function_id);
    cp_hr (*ExceptionUnwindFinallyLeave)(struct cp_callback *self);
    cp_hr (*ExceptionCatcherEnter)(struct cp_callback *self, cp_function_id function_id,
                                   cp_object_id object_id);
    cp_hr (*ExceptionCatcherLeave)(struct cp_callback *self);
    cp_hr (*COMClassicVTableCreated)(struct cp_callback *self, cp_class_id wrapped_class_id,
                                     const struct cp_guid *implemented_iid, void *vtable,
                                     cp_ulong slot_count);
    cp_hr (*COMClassicVTableDestroyed)(struct cp_callback *self, cp_class_id wrapped_class_id,
                                       const struct cp_guid *implemented_iid, void *vtable);
    cp_hr (*ExceptionCLRCatcherFound)(struct cp_callback *self);
    cp_hr (*ExceptionCLRCatcherExecute)(struct cp_callback *self);

    /* ICorProfilerCallback2, slots 72-79 */
    cp_hr (*ThreadNameChanged)(struct cp_callback *self, cp_thread_id thread_id,
                               cp_ulong name_length, cp_wchar *name);
    /* reason: enum cp_gc_reason */
    cp_hr (*GarbageCollectionStarted)(struct cp_callback *self, int generation_count,
                                      cp_bool *generation_collected, cp_ulong reason);
    cp_hr (*SurvivingReferences)(struct cp_callback *self, cp_ulong range_count,
                                 cp_object_id *range_starts, cp_ulong *range_lengths);
    cp_hr (*GarbageCollectionFinished)(struct cp_callback *self);
    /* finalizer_flags: enum cp_finalizer_flags bits */
    cp_hr (*FinalizeableObjectQueued)(struct cp_callback *self, cp_ulong finalizer_flags,
                                      cp_object_id object_id);
    /* root_kinds: enum cp_gc_root_kind; root_flags: enum cp_gc_root_flags bits */
    cp_hr (*RootReferences2)(struct cp_callback *self, cp_ulong root_count,
                             cp_object_id *root_ref_ids, cp_ulong *root_kinds,
                             cp_ulong *root_flags, cp_id *root_ids);
    cp_hr (*HandleCreated)(struct cp_callback *self, cp_gc_handle_id handle_id,
                           cp_object_id initial_object_id);
    cp_hr (*HandleDestroyed)(struct cp_callback *self, cp_gc_handle_id handle_id);

    /* ICorProfilerCallback3, slots 80-82 */
    cp_hr (*InitializeForAttach)(struct cp_callback *self, struct cp_unknown *info,
                                 void *client_data, cp_ulong client_data_size);
    cp_hr (*ProfilerAttachComplete)(struct cp_callback *self);
    cp_hr (*ProfilerDetachSucceeded)(struct cp_callback *self);

    /* ICorProfilerCallback4, slots 83-88 */
    cp_hr (*ReJITCompilationStarted)(struct cp_callback *self, cp_function_id function_id,
                                     cp_rejit_id rejit_id, cp_bool is_safe_to_block);
    cp_hr (*GetReJITParameters)(struct cp_callback *self, cp_module_id module_id,
                                cp_token method_token, struct cp_function_control *control);
    cp_hr (*ReJITCompilationFinished)(struct cp_callback *self, cp_function_id function_id,
                                      cp_rejit_id rejit_id, cp_hr status,
                                      cp_bool is_safe_to_block);
    cp_hr (*ReJITError)(struct cp_callback *self, cp_module_id module_id, cp_token method_token,
                        cp_function_id function_id, cp_hr status);
    cp_hr (*MovedReferences2)(struct cp_callback *self, cp_ulong range_count,
                              cp_object_id *old_range_starts, cp_object_id *new_range_starts,
                              size_t *range_lengths);
    cp_hr (*SurvivingReferences2)(struct cp_callback *self, cp_ulong range_count,
                                  cp_object_id *range_starts, size_t *range_lengths);

    /* ICorProfilerCallback5, slot 89 */
    cp_hr (*ConditionalWeakTableElementReferences)(struct cp_callback *self, cp_ulong root_count,
                                                   cp_object_id *key_ref_ids,
                                                   cp_object_id *value_ref_ids,
                                                   cp_gc_handle_id *root_ids);

    /* ICorProfilerCallback6, slot 90 */
    cp_hr (*GetAssemblyReferences)(struct cp_callback *self, const cp_wchar *assembly_path,
                                   struct cp_assembly_reference_provider *provider);

    /* ICorProfilerCallback7, slot 91 */
    cp_hr (*ModuleInMemorySymbolsUpdated)(struct cp_callback *self, cp_module_id module_id);

    /* ICorProfilerCallback8, slots 92-93 */
    cp_hr (*DynamicMethodJITCompilationStarted)(struct cp_callback *self,
                                                cp_function_id function_id,
                                                cp_bool is_safe_to_block,
                                                const cp_byte *il_header,
                                                cp_ulong il_header_size);
    cp_hr (*DynamicMethodJITCompilationFinished)(struct cp_callback *self,
                                                 cp_function_id function_id, cp_hr status,
                                                 cp_bool is_safe_to_block);

    /* ICorProfilerCallback9, slot 94 */
    cp_hr (*DynamicMethodUnloaded)(struct cp_callback *self, cp_function_id function_id);

    /* ICorProfilerCallback10, slots 95-96 */
    cp_hr (*EventPipeEventDelivered)(struct cp_callback *self, cp_evpipe_provider provider,
                                     cp_ulong event_id, cp_ulong event_version,
                                     cp_ulong metadata_size, const cp_byte *metadata,
                                     cp_ulong event_data_size, const cp_byte *event_data,
                                     const struct cp_guid *activity_id,
                                     const struct cp_guid *related_activity_id,
                                     cp_thread_id event_thread, cp_ulong stack_frame_count,
                                     uintptr_t *stack_frames);
    cp_hr (*EventPipeProviderCreated)(struct cp_callback *self, cp_evpipe_provider provider);

    /* ICorProfilerCallback11, slot 97 */
    cp_hr (*LoadAsNotificationOnly)(struct cp_callback *self, cp_bool *notification_only);
};

struct cp_callback {
    const struct cp_callback_vtbl *vtbl;
};

extern const struct cp_guid cp_iid_ICorProfilerCallback;
extern const struct cp_guid cp_iid_ICorProfilerCallback2;
extern const struct cp_guid cp_iid_ICorProfilerCallback3;
extern const struct cp_guid cp_iid_ICorProfilerCallback4;
extern const struct cp_guid cp_iid_ICorProfilerCallback5;
extern const struct cp_guid cp_iid_ICorProfilerCallback6;
extern const struct cp_guid cp_iid_ICorProfilerCallback7;
extern const struct cp_guid cp_iid_ICorProfilerCallback8;
extern const struct cp_guid cp_iid_ICorProfilerCallback9;
extern const struct cp_guid cp_iid_ICorProfilerCallback10;
extern const struct cp_guid cp_iid_ICorProfilerCallback11;

#endif
