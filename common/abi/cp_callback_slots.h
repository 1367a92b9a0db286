/*
 * cp_callback_slots.h - every slot of ICorProfilerCallback11, in vtable
 * order: X(slot, name, argument count), the interface pointer not counted.
 * The reference profiler builds its tables of forwarders from it (its
 * core/slots.h checks the slots against cp_callback.h); the harness reads
 * the names (a case may fail a callback by name).
 */
#ifndef PROFCHECK_CP_CALLBACK_SLOTS_H
#define PROFCHECK_CP_CALLBACK_SLOTS_H

/* How many slots ICorProfilerCallback11 has. */
#define CP_CALLBACK_SLOT_COUNT 98

#define CP_CALLBACK_SLOTS(X) \
    X(0, QueryInterface, 2) \
    X(1, AddRef, 0) \
    X(2, Release, 0) \
    X(3, Initialize, 1) \
    X(4, Shutdown, 0) \
    X(5, AppDomainCreationStarted, 1) \
    X(6, AppDomainCreationFinished, 2) \
    X(7, AppDomainShutdownStarted, 1) \
    X(8, AppDomainShutdownFinished, 2) \
    X(9, AssemblyLoadStarted, 1) \
    X(10, AssemblyLoadFinished, 2) \
    X(11, AssemblyUnloadStarted, 1) \
    X(12, AssemblyUnloadFinished, 2) \
    X(13, ModuleLoadStarted, 1) \
    X(14, ModuleLoadFinished, 2) \
    X(15, ModuleUnloadStarted, 1) \
    X(16, ModuleUnloadFinished, 2) \
    X(17, ModuleAttachedToAssembly, 2) \
    X(18, ClassLoadStarted, 1) \
    X(19, ClassLoadFinished, 2) \
    X(20, ClassUnloadStarted, 1) \
    X(21, ClassUnloadFinished, 2) \
    X(22, FunctionUnloadStarted, 1) \
    X(23, JITCompilationStarted, 2) \
    X(24, JITCompilationFinished, 3) \
    X(25, JITCachedFunctionSearchStarted, 2) \
    X(26, JITCachedFunctionSearchFinished, 2) \
    X(27, JITFunctionPitched, 1) \
    X(28, JITInlining, 3) \
    X(29, ThreadCreated, 1) \
    X(30, ThreadDestroyed, 1) \
    X(31, ThreadAssignedToOSThread, 2) \
    X(32, RemotingClientInvocationStarted, 0) \
    X(33, RemotingClientSendingMessage, 2) \
    X(34, RemotingClientReceivingReply, 2) \
    X(35, RemotingClientInvocationFinished, 0) \
    X(36, RemotingServerReceivingMessage, 2) \
    X(37, RemotingServerInvocationStarted, 0) \
    X(38, RemotingServerInvocationReturned, 0) \
    X(39, RemotingServerSendingReply, 2) \
    X(40, UnmanagedToManagedTransition, 2) \
    X(41, ManagedToUnmanagedTransition, 2) \
    X(42, RuntimeSuspendStarted, 1) \
    X(43, RuntimeSuspendFinished, 0) \
    X(44, RuntimeSuspendAborted, 0) \
    X(45, RuntimeResumeStarted, 0) \
    X(46, RuntimeResumeFinished, 0) \
    X(47, RuntimeThreadSuspended, 1) \
    X(48, RuntimeThreadResumed, 1) \
    X(49, MovedReferences, 4) \
    X(50, ObjectAllocated, 2) \
    X(51, ObjectsAllocatedByClass, 3) \
    X(52, ObjectReferences, 4) \
    X(53, RootReferences, 2) \
    X(54, ExceptionThrown, 1) \
    X(55, ExceptionSearchFunctionEnter, 1) \
    X(56, ExceptionSearchFunctionLeave, 0) \
    X(57, ExceptionSearchFilterEnter, 1) \
    X(58, ExceptionSearchFilterLeave, 0) \
    X(59, ExceptionSearchCatcherFound, 1) \
    X(60, ExceptionOSHandlerEnter, 1) \
    X(61, ExceptionOSHandlerLeave, 1) \
    X(62, ExceptionUnwindFunctionEnter, 1) \
    X(63, ExceptionUnwindFunctionLeave, 0) \
    X(64, ExceptionUnwindFinallyEnter, 1) \
    X(65, ExceptionUnwindFinallyLeave, 0) \
    X(66, ExceptionCatcherEnter, 2) \
    X(67, ExceptionCatcherLeave, 0) \
    X(68, COMClassicVTableCreated, 4) \
    X(69, COMClassicVTableDestroyed, 3) \
    X(70, ExceptionCLRCatcherFound, 0) \
    X(71, ExceptionCLRCatcherExecute, 0) \
    X(72, ThreadNameChanged, 3) \
    X(73, GarbageCollectionStarted, 3) \
    X(74, SurvivingReferences, 3) \
    X(75, GarbageCollectionFinished, 0) \
    X(76, FinalizeableObjectQueued, 2) \
    X(77, RootReferences2, 5) \
    X(78, HandleCreated, 2) \
    X(79, HandleDestroyed, 1) \
    X(80, InitializeForAttach, 3) \
    X(81, ProfilerAttachComplete, 0) \
    X(82, ProfilerDetachSucceeded, 0) \
    X(83, ReJITCompilationStarted, 3) \
    X(84, GetReJITParameters, 3) \
    X(85, ReJITCompilationFinished, 4) \
    X(86, ReJITError, 4) \
    X(87, MovedReferences2, 4) \
    X(88, SurvivingReferences2, 3) \
    X(89, ConditionalWeakTableElementReferences, 4) \
    X(90, GetAssemblyReferences, 2) \
    X(91, ModuleInMemorySymbolsUpdated, 1) \
    X(92, DynamicMethodJITCompilationStarted, 4) \
    X(93, DynamicMethodJITCompilationFinished, 3) \
    X(94, DynamicMethodUnloaded, 1) \
    X(95, EventPipeEventDelivered, 12) \
    X(96, EventPipeProviderCreated, 1) \
    X(97, LoadAsNotificationOnly, 1)

#endif
