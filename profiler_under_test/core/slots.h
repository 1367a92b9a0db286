/*
 * slots.h - every slot of ICorProfilerCallback11 and ICorProfilerInfo15,
 * for the tables of forwarders built from them (core/busy.c, the proxy's
 * proxy.c and proxy_info.c): X(slot, name, argument count), in vtable
 * order, the interface pointer not counted.  The slot numbers are checked
 * against cp_callback.h and cp_info.h at compile time.
 */
#ifndef PROFCHECK_SLOTS_H
#define PROFCHECK_SLOTS_H

#include "abi/cp_callback_slots.h"

/* Generic function pointer: a vtable slot seen as an address. */
typedef void (*slot_fn)(void);

/*
 * For forwarders that take n arguments as uintptr_t: ARGT_n the types of a
 * function pointer after the interface pointer, ARGS_n the parameters
 * a1..an, PASS_n the arguments.  Every parameter of every slot listed here
 * is an integer or a pointer (one exception, noted where it is forwarded),
 * which the platform ABI passes exactly as it passes a uintptr_t.
 */
#define ARGT_0
#define ARGT_1 , uintptr_t
#define ARGT_2 ARGT_1, uintptr_t
#define ARGT_3 ARGT_2, uintptr_t
#define ARGT_4 ARGT_3, uintptr_t
#define ARGT_5 ARGT_4, uintptr_t
#define ARGT_6 ARGT_5, uintptr_t
#define ARGT_7 ARGT_6, uintptr_t
#define ARGT_8 ARGT_7, uintptr_t
#define ARGT_9 ARGT_8, uintptr_t
#define ARGT_10 ARGT_9, uintptr_t
#define ARGT_11 ARGT_10, uintptr_t
#define ARGT_12 ARGT_11, uintptr_t
#define ARGS_0
#define ARGS_1 , uintptr_t a1
#define ARGS_2 ARGS_1, uintptr_t a2
#define ARGS_3 ARGS_2, uintptr_t a3
#define ARGS_4 ARGS_3, uintptr_t a4
#define ARGS_5 ARGS_4, uintptr_t a5
#define ARGS_6 ARGS_5, uintptr_t a6
#define ARGS_7 ARGS_6, uintptr_t a7
#define ARGS_8 ARGS_7, uintptr_t a8
#define ARGS_9 ARGS_8, uintptr_t a9
#define ARGS_10 ARGS_9, uintptr_t a10
#define ARGS_11 ARGS_10, uintptr_t a11
#define ARGS_12 ARGS_11, uintptr_t a12
#define PASS_0
#define PASS_1 , a1
#define PASS_2 PASS_1, a2
#define PASS_3 PASS_2, a3
#define PASS_4 PASS_3, a4
#define PASS_5 PASS_4, a5
#define PASS_6 PASS_5, a6
#define PASS_7 PASS_6, a7
#define PASS_8 PASS_7, a8
#define PASS_9 PASS_8, a9
#define PASS_10 PASS_9, a10
#define PASS_11 PASS_10, a11
#define PASS_12 PASS_11, a12

/* ICorProfilerCallback..ICorProfilerCallback11 (common/abi/cp_callback_slots.h,
 * which the harness reads too, to know the callbacks' names). */
#define CALLBACK_SLOTS(X) CP_CALLBACK_SLOTS(X)

/* ICorProfilerInfo..ICorProfilerInfo15 */
#define INFO_SLOTS(X) \
    X(0, QueryInterface, 2) \
    X(1, AddRef, 0) \
    X(2, Release, 0) \
    X(3, GetClassFromObject, 2) \
    X(4, GetClassFromToken, 3) \
    X(5, GetCodeInfo, 3) \
    X(6, GetEventMask, 1) \
    X(7, GetFunctionFromIP, 2) \
    X(8, GetFunctionFromToken, 3) \
    X(9, GetHandleFromThread, 2) \
    X(10, GetObjectSize, 2) \
    X(11, IsArrayClass, 4) \
    X(12, GetThreadInfo, 2) \
    X(13, GetCurrentThreadID, 1) \
    X(14, GetClassIDInfo, 3) \
    X(15, GetFunctionInfo, 4) \
    X(16, SetEventMask, 1) \
    X(17, SetEnterLeaveFunctionHooks, 3) \
    X(18, SetFunctionIDMapper, 1) \
    X(19, GetTokenAndMetaDataFromFunction, 4) \
    X(20, GetModuleInfo, 6) \
    X(21, GetModuleMetaData, 4) \
    X(22, GetILFunctionBody, 4) \
    X(23, GetILFunctionBodyAllocator, 2) \
    X(24, SetILFunctionBody, 3) \
    X(25, GetAppDomainInfo, 5) \
    X(26, GetAssemblyInfo, 6) \
    X(27, SetFunctionReJIT, 1) \
    X(28, ForceGC, 0) \
    X(29, SetILInstrumentedCodeMap, 4) \
    X(30, GetInprocInspectionInterface, 1) \
    X(31, GetInprocInspectionIThisThread, 1) \
    X(32, GetThreadContext, 2) \
    X(33, BeginInprocDebugging, 2) \
    X(34, EndInprocDebugging, 1) \
    X(35, GetILToNativeMapping, 4) \
    X(36, DoStackSnapshot, 6) \
    X(37, SetEnterLeaveFunctionHooks2, 3) \
    X(38, GetFunctionInfo2, 8) \
    X(39, GetStringLayout, 3) \
    X(40, GetClassLayout, 5) \
    X(41, GetClassIDInfo2, 7) \
    X(42, GetCodeInfo2, 4) \
    X(43, GetClassFromTokenAndTypeArgs, 5) \
    X(44, GetFunctionFromTokenAndTypeArgs, 6) \
    X(45, EnumModuleFrozenObjects, 2) \
    X(46, GetArrayObjectInfo, 5) \
    X(47, GetBoxClassLayout, 2) \
    X(48, GetThreadAppDomain, 2) \
    X(49, GetRVAStaticAddress, 3) \
    X(50, GetAppDomainStaticAddress, 4) \
    X(51, GetThreadStaticAddress, 4) \
    X(52, GetContextStaticAddress, 4) \
    X(53, GetStaticFieldInfo, 3) \
    X(54, GetGenerationBounds, 3) \
    X(55, GetObjectGeneration, 2) \
    X(56, GetNotifiedExceptionClauseInfo, 1) \
    X(57, EnumJITedFunctions, 1) \
    X(58, RequestProfilerDetach, 1) \
    X(59, SetFunctionIDMapper2, 2) \
    X(60, GetStringLayout2, 2) \
    X(61, SetEnterLeaveFunctionHooks3, 3) \
    X(62, SetEnterLeaveFunctionHooks3WithInfo, 3) \
    X(63, GetFunctionEnter3Info, 5) \
    X(64, GetFunctionLeave3Info, 4) \
    X(65, GetFunctionTailcall3Info, 3) \
    X(66, EnumModules, 1) \
    X(67, GetRuntimeInformation, 9) \
    X(68, GetThreadStaticAddress2, 5) \
    X(69, GetAppDomainsContainingModule, 4) \
    X(70, GetModuleInfo2, 7) \
    X(71, EnumThreads, 1) \
    X(72, InitializeCurrentThread, 0) \
    X(73, RequestReJIT, 3) \
    X(74, RequestRevert, 4) \
    X(75, GetCodeInfo3, 5) \
    X(76, GetFunctionFromIP2, 3) \
    X(77, GetReJITIDs, 4) \
    X(78, GetILToNativeMapping2, 5) \
    X(79, EnumJITedFunctions2, 1) \
    X(80, GetObjectSize2, 2) \
    X(81, GetEventMask2, 2) \
    X(82, SetEventMask2, 2) \
    X(83, EnumNgenModuleMethodsInliningThisMethod, 5) \
    X(84, ApplyMetaData, 1) \
    X(85, GetInMemorySymbolsLength, 2) \
    X(86, ReadInMemorySymbols, 5) \
    X(87, IsFunctionDynamic, 2) \
    X(88, GetFunctionFromIP3, 3) \
    X(89, GetDynamicFunctionInfo, 7) \
    X(90, GetNativeCodeStartAddresses, 5) \
    X(91, GetILToNativeMapping3, 4) \
    X(92, GetCodeInfo4, 4) \
    X(93, EnumerateObjectReferences, 3) \
    X(94, IsFrozenObject, 2) \
    X(95, GetLOHObjectSizeThreshold, 1) \
    X(96, RequestReJITWithInliners, 4) \
    X(97, SuspendRuntime, 0) \
    X(98, ResumeRuntime, 0) \
    X(99, GetEnvironmentVariable, 4) \
    X(100, SetEnvironmentVariable, 2) \
    X(101, EventPipeStartSession, 4) \
    X(102, EventPipeAddProviderToSession, 2) \
    X(103, EventPipeStopSession, 1) \
    X(104, EventPipeCreateProvider, 2) \
    X(105, EventPipeGetProviderInfo, 4) \
    X(106, EventPipeDefineEvent, 11) \
    X(107, EventPipeWriteEvent, 5) \
    X(108, CreateHandle, 3) \
    X(109, DestroyHandle, 1) \
    X(110, GetObjectIDFromHandle, 2) \
    X(111, EnumerateNonGCObjects, 1) \
    X(112, GetNonGCHeapBounds, 3) \
    X(113, EventPipeCreateProvider2, 3) \
    X(114, EnumerateGCHeapObjects, 2)

#endif
