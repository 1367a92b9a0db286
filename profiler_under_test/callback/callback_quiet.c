/*
 * callback_quiet.c - an implementation of every ICorProfilerCallback11 slot
 * that records nothing and answers S_OK.  callback.c starts from this table
 * and replaces the slots it records, so a callback the runtime delivers but
 * the profiler does not watch is still answered with the right signature.
 */
#include "callback/callback.h"

static cp_hr quiet_Initialize(struct cp_callback *self, struct cp_unknown *info)
{
    (void)self;
    (void)info;
    return CP_S_OK;
}

static cp_hr quiet_Shutdown(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_AppDomainCreationStarted(struct cp_callback *self, cp_appdomain_id appdomain_id)
{
    (void)self;
    (void)appdomain_id;
    return CP_S_OK;
}

static cp_hr quiet_AppDomainCreationFinished(struct cp_callback *self, cp_appdomain_id appdomain_id, cp_hr status)
{
    (void)self;
    (void)appdomain_id;
    (void)status;
    return CP_S_OK;
}

static cp_hr quiet_AppDomainShutdownStarted(struct cp_callback *self, cp_appdomain_id appdomain_id)
{
    (void)self;
    (void)appdomain_id;
    return CP_S_OK;
}

static cp_hr quiet_AppDomainShutdownFinished(struct cp_callback *self, cp_appdomain_id appdomain_id, cp_hr status)
{
    (void)self;
    (void)appdomain_id;
    (void)status;
    return CP_S_OK;
}

static cp_hr quiet_AssemblyLoadStarted(struct cp_callback *self, cp_assembly_id assembly_id)
{
    (void)self;
    (void)assembly_id;
    return CP_S_OK;
}

static cp_hr quiet_AssemblyLoadFinished(struct cp_callback *self, cp_assembly_id assembly_id, cp_hr status)
{
    (void)self;
    (void)assembly_id;
    (void)status;
    return CP_S_OK;
}

static cp_hr quiet_AssemblyUnloadStarted(struct cp_callback *self, cp_assembly_id assembly_id)
{
    (void)self;
    (void)assembly_id;
    return CP_S_OK;
}

static cp_hr quiet_AssemblyUnloadFinished(struct cp_callback *self, cp_assembly_id assembly_id, cp_hr status)
{
    (void)self;
    (void)assembly_id;
    (void)status;
    return CP_S_OK;
}

static cp_hr quiet_ModuleLoadStarted(struct cp_callback *self, cp_module_id module_id)
{
    (void)self;
    (void)module_id;
    return CP_S_OK;
}

static cp_hr quiet_ModuleLoadFinished(struct cp_callback *self, cp_module_id module_id, cp_hr status)
{
    (void)self;
    (void)module_id;
    (void)status;
    return CP_S_OK;
}

static cp_hr quiet_ModuleUnloadStarted(struct cp_callback *self, cp_module_id module_id)
{
    (void)self;
    (void)module_id;
    return CP_S_OK;
}

static cp_hr quiet_ModuleUnloadFinished(struct cp_callback *self, cp_module_id module_id, cp_hr status)
{
    (void)self;
    (void)module_id;
    (void)status;
    return CP_S_OK;
}

static cp_hr quiet_ModuleAttachedToAssembly(struct cp_callback *self, cp_module_id module_id, cp_assembly_id assembly_id)
{
    (void)self;
    (void)module_id;
    (void)assembly_id;
    return CP_S_OK;
}

static cp_hr quiet_ClassLoadStarted(struct cp_callback *self, cp_class_id class_id)
{
    (void)self;
    (void)class_id;
    return CP_S_OK;
}

static cp_hr quiet_ClassLoadFinished(struct cp_callback *self, cp_class_id class_id, cp_hr status)
{
    (void)self;
    (void)class_id;
    (void)status;
    return CP_S_OK;
}

static cp_hr quiet_ClassUnloadStarted(struct cp_callback *self, cp_class_id class_id)
{
    (void)self;
    (void)class_id;
    return CP_S_OK;
}

static cp_hr quiet_ClassUnloadFinished(struct cp_callback *self, cp_class_id class_id, cp_hr status)
{
    (void)self;
    (void)class_id;
    (void)status;
    return CP_S_OK;
}

static cp_hr quiet_FunctionUnloadStarted(struct cp_callback *self, cp_function_id function_id)
{
    (void)self;
    (void)function_id;
    return CP_S_OK;
}

static cp_hr quiet_JITCompilationStarted(struct cp_callback *self, cp_function_id function_id, cp_bool is_safe_to_block)
{
    (void)self;
    (void)function_id;
    (void)is_safe_to_block;
    return CP_S_OK;
}

static cp_hr quiet_JITCompilationFinished(struct cp_callback *self, cp_function_id function_id, cp_hr status, cp_bool is_safe_to_block)
{
    (void)self;
    (void)function_id;
    (void)status;
    (void)is_safe_to_block;
    return CP_S_OK;
}

static cp_hr quiet_JITCachedFunctionSearchStarted(struct cp_callback *self, cp_function_id function_id, cp_bool *use_cached_function)
{
    (void)self;
    (void)function_id;
    (void)use_cached_function;
    return CP_S_OK;
}

static cp_hr quiet_JITCachedFunctionSearchFinished(struct cp_callback *self, cp_function_id function_id, cp_ulong result)
{
    (void)self;
    (void)function_id;
    (void)result;
    return CP_S_OK;
}

static cp_hr quiet_JITFunctionPitched(struct cp_callback *self, cp_function_id function_id)
{
    (void)self;
    (void)function_id;
    return CP_S_OK;
}

static cp_hr quiet_JITInlining(struct cp_callback *self, cp_function_id caller_id, cp_function_id callee_id, cp_bool *should_inline)
{
    (void)self;
    (void)caller_id;
    (void)callee_id;
    (void)should_inline;
    return CP_S_OK;
}

static cp_hr quiet_ThreadCreated(struct cp_callback *self, cp_thread_id thread_id)
{
    (void)self;
    (void)thread_id;
    return CP_S_OK;
}

static cp_hr quiet_ThreadDestroyed(struct cp_callback *self, cp_thread_id thread_id)
{
    (void)self;
    (void)thread_id;
    return CP_S_OK;
}

static cp_hr quiet_ThreadAssignedToOSThread(struct cp_callback *self, cp_thread_id managed_thread_id, cp_ulong os_thread_id)
{
    (void)self;
    (void)managed_thread_id;
    (void)os_thread_id;
    return CP_S_OK;
}

static cp_hr quiet_RemotingClientInvocationStarted(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_RemotingClientSendingMessage(struct cp_callback *self, struct cp_guid *cookie, cp_bool is_async)
{
    (void)self;
    (void)cookie;
    (void)is_async;
    return CP_S_OK;
}

static cp_hr quiet_RemotingClientReceivingReply(struct cp_callback *self, struct cp_guid *cookie, cp_bool is_async)
{
    (void)self;
    (void)cookie;
    (void)is_async;
    return CP_S_OK;
}

static cp_hr quiet_RemotingClientInvocationFinished(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_RemotingServerReceivingMessage(struct cp_callback *self, struct cp_guid *cookie, cp_bool is_async)
{
    (void)self;
    (void)cookie;
    (void)is_async;
    return CP_S_OK;
}

static cp_hr quiet_RemotingServerInvocationStarted(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_RemotingServerInvocationReturned(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_RemotingServerSendingReply(struct cp_callback *self, struct cp_guid *cookie, cp_bool is_async)
{
    (void)self;
    (void)cookie;
    (void)is_async;
    return CP_S_OK;
}

static cp_hr quiet_UnmanagedToManagedTransition(struct cp_callback *self, cp_function_id function_id, cp_ulong reason)
{
    (void)self;
    (void)function_id;
    (void)reason;
    return CP_S_OK;
}

static cp_hr quiet_ManagedToUnmanagedTransition(struct cp_callback *self, cp_function_id function_id, cp_ulong reason)
{
    (void)self;
    (void)function_id;
    (void)reason;
    return CP_S_OK;
}

static cp_hr quiet_RuntimeSuspendStarted(struct cp_callback *self, cp_ulong suspend_reason)
{
    (void)self;
    (void)suspend_reason;
    return CP_S_OK;
}

static cp_hr quiet_RuntimeSuspendFinished(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_RuntimeSuspendAborted(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_RuntimeResumeStarted(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_RuntimeResumeFinished(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_RuntimeThreadSuspended(struct cp_callback *self, cp_thread_id thread_id)
{
    (void)self;
    (void)thread_id;
    return CP_S_OK;
}

static cp_hr quiet_RuntimeThreadResumed(struct cp_callback *self, cp_thread_id thread_id)
{
    (void)self;
    (void)thread_id;
    return CP_S_OK;
}

static cp_hr quiet_MovedReferences(struct cp_callback *self, cp_ulong range_count, cp_object_id *old_range_starts, cp_object_id *new_range_starts, cp_ulong *range_lengths)
{
    (void)self;
    (void)range_count;
    (void)old_range_starts;
    (void)new_range_starts;
    (void)range_lengths;
    return CP_S_OK;
}

static cp_hr quiet_ObjectAllocated(struct cp_callback *self, cp_object_id object_id, cp_class_id class_id)
{
    (void)self;
    (void)object_id;
    (void)class_id;
    return CP_S_OK;
}

static cp_hr quiet_ObjectsAllocatedByClass(struct cp_callback *self, cp_ulong class_count, cp_class_id *class_ids, cp_ulong *object_counts)
{
    (void)self;
    (void)class_count;
    (void)class_ids;
    (void)object_counts;
    return CP_S_OK;
}

static cp_hr quiet_ObjectReferences(struct cp_callback *self, cp_object_id object_id, cp_class_id class_id, cp_ulong ref_count, cp_object_id *ref_ids)
{
    (void)self;
    (void)object_id;
    (void)class_id;
    (void)ref_count;
    (void)ref_ids;
    return CP_S_OK;
}

static cp_hr quiet_RootReferences(struct cp_callback *self, cp_ulong root_count, cp_object_id *root_ref_ids)
{
    (void)self;
    (void)root_count;
    (void)root_ref_ids;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionThrown(struct cp_callback *self, cp_object_id thrown_object_id)
{
    (void)self;
    (void)thrown_object_id;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionSearchFunctionEnter(struct cp_callback *self, cp_function_id function_id)
{
    (void)self;
    (void)function_id;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionSearchFunctionLeave(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionSearchFilterEnter(struct cp_callback *self, cp_function_id function_id)
{
    (void)self;
    (void)function_id;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionSearchFilterLeave(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionSearchCatcherFound(struct cp_callback *self, cp_function_id function_id)
{
    (void)self;
    (void)function_id;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionOSHandlerEnter(struct cp_callback *self, uintptr_t unused)
{
    (void)self;
    (void)unused;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionOSHandlerLeave(struct cp_callback *self, uintptr_t unused)
{
    (void)self;
    (void)unused;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionUnwindFunctionEnter(struct cp_callback *self, cp_function_id function_id)
{
    (void)self;
    (void)function_id;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionUnwindFunctionLeave(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionUnwindFinallyEnter(struct cp_callback *self, cp_function_id function_id)
{
    (void)self;
    (void)function_id;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionUnwindFinallyLeave(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionCatcherEnter(struct cp_callback *self, cp_function_id function_id, cp_object_id object_id)
{
    (void)self;
    (void)function_id;
    (void)object_id;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionCatcherLeave(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_COMClassicVTableCreated(struct cp_callback *self, cp_class_id wrapped_class_id, const struct cp_guid *implemented_iid, void *vtable, cp_ulong slot_count)
{
    (void)self;
    (void)wrapped_class_id;
    (void)implemented_iid;
    (void)vtable;
    (void)slot_count;
    return CP_S_OK;
}

static cp_hr quiet_COMClassicVTableDestroyed(struct cp_callback *self, cp_class_id wrapped_class_id, const struct cp_guid *implemented_iid, void *vtable)
{
    (void)self;
    (void)wrapped_class_id;
    (void)implemented_iid;
    (void)vtable;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionCLRCatcherFound(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_ExceptionCLRCatcherExecute(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_ThreadNameChanged(struct cp_callback *self, cp_thread_id thread_id, cp_ulong name_length, cp_wchar *name)
{
    (void)self;
    (void)thread_id;
    (void)name_length;
    (void)name;
    return CP_S_OK;
}

static cp_hr quiet_GarbageCollectionStarted(struct cp_callback *self, int generation_count, cp_bool *generation_collected, cp_ulong reason)
{
    (void)self;
    (void)generation_count;
    (void)generation_collected;
    (void)reason;
    return CP_S_OK;
}

static cp_hr quiet_SurvivingReferences(struct cp_callback *self, cp_ulong range_count, cp_object_id *range_starts, cp_ulong *range_lengths)
{
    (void)self;
    (void)range_count;
    (void)range_starts;
    (void)range_lengths;
    return CP_S_OK;
}

static cp_hr quiet_GarbageCollectionFinished(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_FinalizeableObjectQueued(struct cp_callback *self, cp_ulong finalizer_flags, cp_object_id object_id)
{
    (void)self;
    (void)finalizer_flags;
    (void)object_id;
    return CP_S_OK;
}

static cp_hr quiet_RootReferences2(struct cp_callback *self, cp_ulong root_count, cp_object_id *root_ref_ids, cp_ulong *root_kinds, cp_ulong *root_flags, cp_id *root_ids)
{
    (void)self;
    (void)root_count;
    (void)root_ref_ids;
    (void)root_kinds;
    (void)root_flags;
    (void)root_ids;
    return CP_S_OK;
}

static cp_hr quiet_HandleCreated(struct cp_callback *self, cp_gc_handle_id handle_id, cp_object_id initial_object_id)
{
    (void)self;
    (void)handle_id;
    (void)initial_object_id;
    return CP_S_OK;
}

static cp_hr quiet_HandleDestroyed(struct cp_callback *self, cp_gc_handle_id handle_id)
{
    (void)self;
    (void)handle_id;
    return CP_S_OK;
}

static cp_hr quiet_InitializeForAttach(struct cp_callback *self, struct cp_unknown *info, void *client_data, cp_ulong client_data_size)
{
    (void)self;
    (void)info;
    (void)client_data;
    (void)client_data_size;
    return CP_S_OK;
}

static cp_hr quiet_ProfilerAttachComplete(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_ProfilerDetachSucceeded(struct cp_callback *self)
{
    (void)self;
    return CP_S_OK;
}

static cp_hr quiet_ReJITCompilationStarted(struct cp_callback *self, cp_function_id function_id, cp_rejit_id rejit_id, cp_bool is_safe_to_block)
{
    (void)self;
    (void)function_id;
    (void)rejit_id;
    (void)is_safe_to_block;
    return CP_S_OK;
}

static cp_hr quiet_GetReJITParameters(struct cp_callback *self, cp_module_id module_id, cp_token method_token, struct cp_function_control *control)
{
    (void)self;
    (void)module_id;
    (void)method_token;
    (void)control;
    return CP_S_OK;
}

static cp_hr quiet_ReJITCompilationFinished(struct cp_callback *self, cp_function_id function_id, cp_rejit_id rejit_id, cp_hr status, cp_bool is_safe_to_block)
{
    (void)self;
    (void)function_id;
    (void)rejit_id;
    (void)status;
    (void)is_safe_to_block;
    return CP_S_OK;
}

static cp_hr quiet_ReJITError(struct cp_callback *self, cp_module_id module_id, cp_token method_token, cp_function_id function_id, cp_hr status)
{
    (void)self;
    (void)module_id;
    (void)method_token;
    (void)function_id;
    (void)status;
    return CP_S_OK;
}

static cp_hr quiet_MovedReferences2(struct cp_callback *self, cp_ulong range_count, cp_object_id *old_range_starts, cp_object_id *new_range_starts, size_t *range_lengths)
{
    (void)self;
    (void)range_count;
    (void)old_range_starts;
    (void)new_range_starts;
    (void)range_lengths;
    return CP_S_OK;
}

static cp_hr quiet_SurvivingReferences2(struct cp_callback *self, cp_ulong range_count, cp_object_id *range_starts, size_t *range_lengths)
{
    (void)self;
    (void)range_count;
    (void)range_starts;
    (void)range_lengths;
    return CP_S_OK;
}

static cp_hr quiet_ConditionalWeakTableElementReferences(struct cp_callback *self, cp_ulong root_count, cp_object_id *key_ref_ids, cp_object_id *value_ref_ids, cp_gc_handle_id *root_ids)
{
    (void)self;
    (void)root_count;
    (void)key_ref_ids;
    (void)value_ref_ids;
    (void)root_ids;
    return CP_S_OK;
}

static cp_hr quiet_GetAssemblyReferences(struct cp_callback *self, const cp_wchar *assembly_path, struct cp_assembly_reference_provider *provider)
{
    (void)self;
    (void)assembly_path;
    (void)provider;
    return CP_S_OK;
}

static cp_hr quiet_ModuleInMemorySymbolsUpdated(struct cp_callback *self, cp_module_id module_id)
{
    (void)self;
    (void)module_id;
    return CP_S_OK;
}

static cp_hr quiet_DynamicMethodJITCompilationStarted(struct cp_callback *self, cp_function_id function_id, cp_bool is_safe_to_block, const cp_byte *il_header, cp_ulong il_header_size)
{
    (void)self;
    (void)function_id;
    (void)is_safe_to_block;
    (void)il_header;
    (void)il_header_size;
    return CP_S_OK;
}

static cp_hr quiet_DynamicMethodJITCompilationFinished(struct cp_callback *self, cp_function_id function_id, cp_hr status, cp_bool is_safe_to_block)
{
    (void)self;
    (void)function_id;
    (void)status;
    (void)is_safe_to_block;
    return CP_S_OK;
}

static cp_hr quiet_DynamicMethodUnloaded(struct cp_callback *self, cp_function_id function_id)
{
    (void)self;
    (void)function_id;
    return CP_S_OK;
}

static cp_hr quiet_EventPipeEventDelivered(struct cp_callback *self, cp_evpipe_provider provider, cp_ulong event_id, cp_ulong event_version, cp_ulong metadata_size, const cp_byte *metadata, cp_ulong event_data_size, const cp_byte *event_data, const struct cp_guid *activity_id, const struct cp_guid *related_activity_id, cp_thread_id event_thread, cp_ulong stack_frame_count, uintptr_t *stack_frames)
{
    (void)self;
    (void)provider;
    (void)event_id;
    (void)event_version;
    (void)metadata_size;
    (void)metadata;
    (void)event_data_size;
    (void)event_data;
    (void)activity_id;
    (void)related_activity_id;
    (void)event_thread;
    (void)stack_frame_count;
    (void)stack_frames;
    return CP_S_OK;
}

static cp_hr quiet_EventPipeProviderCreated(struct cp_callback *self, cp_evpipe_provider provider)
{
    (void)self;
    (void)provider;
    return CP_S_OK;
}

static cp_hr quiet_LoadAsNotificationOnly(struct cp_callback *self, cp_bool *notification_only)
{
    (void)self;
    (void)notification_only;
    return CP_S_OK;
}

const struct cp_callback_vtbl callback_quiet_vtbl = {
    .QueryInterface = NULL, /* set by callback.c */
    .AddRef = NULL,
    .Release = NULL,
    .Initialize = quiet_Initialize,
    .Shutdown = quiet_Shutdown,
    .AppDomainCreationStarted = quiet_AppDomainCreationStarted,
    .AppDomainCreationFinished = quiet_AppDomainCreationFinished,
    .AppDomainShutdownStarted = quiet_AppDomainShutdownStarted,
    .AppDomainShutdownFinished = quiet_AppDomainShutdownFinished,
    .AssemblyLoadStarted = quiet_AssemblyLoadStarted,
    .AssemblyLoadFinished = quiet_AssemblyLoadFinished,
    .AssemblyUnloadStarted = quiet_AssemblyUnloadStarted,
    .AssemblyUnloadFinished = quiet_AssemblyUnloadFinished,
    .ModuleLoadStarted = quiet_ModuleLoadStarted,
    .ModuleLoadFinished = quiet_ModuleLoadFinished,
    .ModuleUnloadStarted = quiet_ModuleUnloadStarted,
    .ModuleUnloadFinished = quiet_ModuleUnloadFinished,
    .ModuleAttachedToAssembly = quiet_ModuleAttachedToAssembly,
    .ClassLoadStarted = quiet_ClassLoadStarted,
    .ClassLoadFinished = quiet_ClassLoadFinished,
    .ClassUnloadStarted = quiet_ClassUnloadStarted,
    .ClassUnloadFinished = quiet_ClassUnloadFinished,
    .FunctionUnloadStarted = quiet_FunctionUnloadStarted,
    .JITCompilationStarted = quiet_JITCompilationStarted,
    .JITCompilationFinished = quiet_JITCompilationFinished,
    .JITCachedFunctionSearchStarted = quiet_JITCachedFunctionSearchStarted,
    .JITCachedFunctionSearchFinished = quiet_JITCachedFunctionSearchFinished,
    .JITFunctionPitched = quiet_JITFunctionPitched,
    .JITInlining = quiet_JITInlining,
    .ThreadCreated = quiet_ThreadCreated,
    .ThreadDestroyed = quiet_ThreadDestroyed,
    .ThreadAssignedToOSThread = quiet_ThreadAssignedToOSThread,
    .RemotingClientInvocationStarted = quiet_RemotingClientInvocationStarted,
    .RemotingClientSendingMessage = quiet_RemotingClientSendingMessage,
    .RemotingClientReceivingReply = quiet_RemotingClientReceivingReply,
    .RemotingClientInvocationFinished = quiet_RemotingClientInvocationFinished,
    .RemotingServerReceivingMessage = quiet_RemotingServerReceivingMessage,
    .RemotingServerInvocationStarted = quiet_RemotingServerInvocationStarted,
    .RemotingServerInvocationReturned = quiet_RemotingServerInvocationReturned,
    .RemotingServerSendingReply = quiet_RemotingServerSendingReply,
    .UnmanagedToManagedTransition = quiet_UnmanagedToManagedTransition,
    .ManagedToUnmanagedTransition = quiet_ManagedToUnmanagedTransition,
    .RuntimeSuspendStarted = quiet_RuntimeSuspendStarted,
    .RuntimeSuspendFinished = quiet_RuntimeSuspendFinished,
    .RuntimeSuspendAborted = quiet_RuntimeSuspendAborted,
    .RuntimeResumeStarted = quiet_RuntimeResumeStarted,
    .RuntimeResumeFinished = quiet_RuntimeResumeFinished,
    .RuntimeThreadSuspended = quiet_RuntimeThreadSuspended,
    .RuntimeThreadResumed = quiet_RuntimeThreadResumed,
    .MovedReferences = quiet_MovedReferences,
    .ObjectAllocated = quiet_ObjectAllocated,
    .ObjectsAllocatedByClass = quiet_ObjectsAllocatedByClass,
    .ObjectReferences = quiet_ObjectReferences,
    .RootReferences = quiet_RootReferences,
    .ExceptionThrown = quiet_ExceptionThrown,
    .ExceptionSearchFunctionEnter = quiet_ExceptionSearchFunctionEnter,
    .ExceptionSearchFunctionLeave = quiet_ExceptionSearchFunctionLeave,
    .ExceptionSearchFilterEnter = quiet_ExceptionSearchFilterEnter,
    .ExceptionSearchFilterLeave = quiet_ExceptionSearchFilterLeave,
    .ExceptionSearchCatcherFound = quiet_ExceptionSearchCatcherFound,
    .ExceptionOSHandlerEnter = quiet_ExceptionOSHandlerEnter,
    .ExceptionOSHandlerLeave = quiet_ExceptionOSHandlerLeave,
    .ExceptionUnwindFunctionEnter = quiet_ExceptionUnwindFunctionEnter,
    .ExceptionUnwindFunctionLeave = quiet_ExceptionUnwindFunctionLeave,
    .ExceptionUnwindFinallyEnter = quiet_ExceptionUnwindFinallyEnter,
    .ExceptionUnwindFinallyLeave = quiet_ExceptionUnwindFinallyLeave,
    .ExceptionCatcherEnter = quiet_ExceptionCatcherEnter,
    .ExceptionCatcherLeave = quiet_ExceptionCatcherLeave,
    .COMClassicVTableCreated = quiet_COMClassicVTableCreated,
    .COMClassicVTableDestroyed = quiet_COMClassicVTableDestroyed,
    .ExceptionCLRCatcherFound = quiet_ExceptionCLRCatcherFound,
    .ExceptionCLRCatcherExecute = quiet_ExceptionCLRCatcherExecute,
    .ThreadNameChanged = quiet_ThreadNameChanged,
    .GarbageCollectionStarted = quiet_GarbageCollectionStarted,
    .SurvivingReferences = quiet_SurvivingReferences,
    .GarbageCollectionFinished = quiet_GarbageCollectionFinished,
    .FinalizeableObjectQueued = quiet_FinalizeableObjectQueued,
    .RootReferences2 = quiet_RootReferences2,
    .HandleCreated = quiet_HandleCreated,
    .HandleDestroyed = quiet_HandleDestroyed,
    .InitializeForAttach = quiet_InitializeForAttach,
    .ProfilerAttachComplete = quiet_ProfilerAttachComplete,
    .ProfilerDetachSucceeded = quiet_ProfilerDetachSucceeded,
    .ReJITCompilationStarted = quiet_ReJITCompilationStarted,
    .GetReJITParameters = quiet_GetReJITParameters,
    .ReJITCompilationFinished = quiet_ReJITCompilationFinished,
    .ReJITError = quiet_ReJITError,
    .MovedReferences2 = quiet_MovedReferences2,
    .SurvivingReferences2 = quiet_SurvivingReferences2,
    .ConditionalWeakTableElementReferences = quiet_ConditionalWeakTableElementReferences,
    .GetAssemblyReferences = quiet_GetAssemblyReferences,
    .ModuleInMemorySymbolsUpdated = quiet_ModuleInMemorySymbolsUpdated,
    .DynamicMethodJITCompilationStarted = quiet_DynamicMethodJITCompilationStarted,
    .DynamicMethodJITCompilationFinished = quiet_DynamicMethodJITCompilationFinished,
    .DynamicMethodUnloaded = quiet_DynamicMethodUnloaded,
    .EventPipeEventDelivered = quiet_EventPipeEventDelivered,
    .EventPipeProviderCreated = quiet_EventPipeProviderCreated,
    .LoadAsNotificationOnly = quiet_LoadAsNotificationOnly,
};
