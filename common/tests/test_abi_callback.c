/*
 * test_abi_callback.c - pins the layout of struct cp_callback_vtbl (slot of
 * every ICorProfilerCallback11 method) and the callback IIDs.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "abi/cp_callback.h"

void test_register(void);

#define SLOT_OF(member) (offsetof(struct cp_callback_vtbl, member) / sizeof(void *))

struct slot_case {
    const char *name;
    size_t actual;
    size_t expected;
};

#define SLOT_CASE(member, slot) {#member, SLOT_OF(member), (slot)}

static void check_slots(const struct slot_case *cases, size_t count)
{
    /* Report each mismatch under the method's name. */
    for (size_t i = 0; i < count; i++) {
        CU_assertImplementation(cases[i].actual == cases[i].expected, __LINE__, cases[i].name,
                                __FILE__, "", CU_FALSE);
    }
}

static void test_slot_count(void)
{
    CU_ASSERT_EQUAL(sizeof(struct cp_callback_vtbl) / sizeof(void *), 98);
    CU_ASSERT_EQUAL(sizeof(struct cp_callback_vtbl) % sizeof(void *), 0);
    CU_ASSERT_EQUAL(sizeof(struct cp_callback), sizeof(void *));
}

static void test_slots_pinned(void)
{
    static const struct slot_case cases[] = {
        SLOT_CASE(QueryInterface, 0),
        SLOT_CASE(Initialize, 3),
        SLOT_CASE(Shutdown, 4),
        SLOT_CASE(ModuleLoadFinished, 14),
        SLOT_CASE(ClassLoadFinished, 19),
        SLOT_CASE(JITCompilationStarted, 23),
        SLOT_CASE(JITCompilationFinished, 24),
        SLOT_CASE(JITCachedFunctionSearchStarted, 25),
        SLOT_CASE(JITCachedFunctionSearchFinished, 26),
        SLOT_CASE(JITInlining, 28),
        SLOT_CASE(ExceptionThrown, 54),
        SLOT_CASE(InitializeForAttach, 80),
        SLOT_CASE(ProfilerAttachComplete, 81),
        SLOT_CASE(ProfilerDetachSucceeded, 82),
        SLOT_CASE(ReJITCompilationStarted, 83),
        SLOT_CASE(GetReJITParameters, 84),
        SLOT_CASE(ReJITCompilationFinished, 85),
        SLOT_CASE(ReJITError, 86),
        SLOT_CASE(LoadAsNotificationOnly, 97),
    };
    check_slots(cases, sizeof cases / sizeof cases[0]);
}

static void test_slots_unknown(void)
{
    static const struct slot_case cases[] = {
        SLOT_CASE(QueryInterface, 0),
        SLOT_CASE(AddRef, 1),
        SLOT_CASE(Release, 2),
    };
    check_slots(cases, sizeof cases / sizeof cases[0]);
}

static void test_slots_callback(void)
{
    static const struct slot_case cases[] = {
        SLOT_CASE(Initialize, 3),
        SLOT_CASE(Shutdown, 4),
        SLOT_CASE(AppDomainCreationStarted, 5),
        SLOT_CASE(AppDomainCreationFinished, 6),
        SLOT_CASE(AppDomainShutdownStarted, 7),
        SLOT_CASE(AppDomainShutdownFinished, 8),
        SLOT_CASE(AssemblyLoadStarted, 9),
        SLOT_CASE(AssemblyLoadFinished, 10),
        SLOT_CASE(AssemblyUnloadStarted, 11),
        SLOT_CASE(AssemblyUnloadFinished, 12),
        SLOT_CASE(ModuleLoadStarted, 13),
        SLOT_CASE(ModuleLoadFinished, 14),
        SLOT_CASE(ModuleUnloadStarted, 15),
        SLOT_CASE(ModuleUnloadFinished, 16),
        SLOT_CASE(ModuleAttachedToAssembly, 17),
        SLOT_CASE(ClassLoadStarted, 18),
        SLOT_CASE(ClassLoadFinished, 19),
        SLOT_CASE(ClassUnloadStarted, 20),
        SLOT_CASE(ClassUnloadFinished, 21),
        SLOT_CASE(FunctionUnloadStarted, 22),
        SLOT_CASE(JITCompilationStarted, 23),
        SLOT_CASE(JITCompilationFinished, 24),
        SLOT_CASE(JITCachedFunctionSearchStarted, 25),
        SLOT_CASE(JITCachedFunctionSearchFinished, 26),
        SLOT_CASE(JITFunctionPitched, 27),
        SLOT_CASE(JITInlining, 28),
        SLOT_CASE(ThreadCreated, 29),
        SLOT_CASE(ThreadDestroyed, 30),
        SLOT_CASE(ThreadAssignedToOSThread, 31),
        SLOT_CASE(RemotingClientInvocationStarted, 32),
        SLOT_CASE(RemotingClientSendingMessage, 33),
        SLOT_CASE(RemotingClientReceivingReply, 34),
        SLOT_CASE(RemotingClientInvocationFinished, 35),
        SLOT_CASE(RemotingServerReceivingMessage, 36),
        SLOT_CASE(RemotingServerInvocationStarted, 37),
        SLOT_CASE(RemotingServerInvocationReturned, 38),
        SLOT_CASE(RemotingServerSendingReply, 39),
        SLOT_CASE(UnmanagedToManagedTransition, 40),
        SLOT_CASE(ManagedToUnmanagedTransition, 41),
        SLOT_CASE(RuntimeSuspendStarted, 42),
        SLOT_CASE(RuntimeSuspendFinished, 43),
        SLOT_CASE(RuntimeSuspendAborted, 44),
        SLOT_CASE(RuntimeResumeStarted, 45),
        SLOT_CASE(RuntimeResumeFinished, 46),
        SLOT_CASE(RuntimeThreadSuspended, 47),
        SLOT_CASE(RuntimeThreadResumed, 48),
        SLOT_CASE(MovedReferences, 49),
        SLOT_CASE(ObjectAllocated, 50),
        SLOT_CASE(ObjectsAllocatedByClass, 51),
        SLOT_CASE(ObjectReferences, 52),
        SLOT_CASE(RootReferences, 53),
        SLOT_CASE(ExceptionThrown, 54),
        SLOT_CASE(ExceptionSearchFunctionEnter, 55),
        SLOT_CASE(ExceptionSearchFunctionLeave, 56),
        SLOT_CASE(ExceptionSearchFilterEnter, 57),
        SLOT_CASE(ExceptionSearchFilterLeave, 58),
        SLOT_CASE(ExceptionSearchCatcherFound, 59),
        SLOT_CASE(ExceptionOSHandlerEnter, 60),
        SLOT_CASE(ExceptionOSHandlerLeave, 61),
        SLOT_CASE(ExceptionUnwindFunctionEnter, 62),
        SLOT_CASE(ExceptionUnwindFunctionLeave, 63),
        SLOT_CASE(ExceptionUnwindFinallyEnter, 64),
        SLOT_CASE(ExceptionUnwindFinallyLeave, 65),
        SLOT_CASE(ExceptionCatcherEnter, 66),
        SLOT_CASE(ExceptionCatcherLeave, 67),
        SLOT_CASE(COMClassicVTableCreated, 68),
        SLOT_CASE(COMClassicVTableDestroyed, 69),
        SLOT_CASE(ExceptionCLRCatcherFound, 70),
        SLOT_CASE(ExceptionCLRCatcherExecute, 71),
    };
    check_slots(cases, sizeof cases / sizeof cases[0]);
}

static void test_slots_callback2_to_11(void)
{
    static const struct slot_case cases[] = {
        /* ICorProfilerCallback2 */
        SLOT_CASE(ThreadNameChanged, 72),
        SLOT_CASE(GarbageCollectionStarted, 73),
        SLOT_CASE(SurvivingReferences, 74),
        SLOT_CASE(GarbageCollectionFinished, 75),
        SLOT_CASE(FinalizeableObjectQueued, 76),
        SLOT_CASE(RootReferences2, 77),
        SLOT_CASE(HandleCreated, 78),
        SLOT_CASE(HandleDestroyed, 79),
        /* ICorProfilerCallback3 */
        SLOT_CASE(InitializeForAttach, 80),
        SLOT_CASE(ProfilerAttachComplete, 81),
        SLOT_CASE(ProfilerDetachSucceeded, 82),
        /* ICorProfilerCallback4 */
        SLOT_CASE(ReJITCompilationStarted, 83),
        SLOT_CASE(GetReJITParameters, 84),
        SLOT_CASE(ReJITCompilationFinished, 85),
        SLOT_CASE(ReJITError, 86),
        SLOT_CASE(MovedReferences2, 87),
        SLOT_CASE(SurvivingReferences2, 88),
        /* ICorProfilerCallback5 */
        SLOT_CASE(ConditionalWeakTableElementReferences, 89),
        /* ICorProfilerCallback6 */
        SLOT_CASE(GetAssemblyReferences, 90),
        /* ICorProfilerCallback7 */
        SLOT_CASE(ModuleInMemorySymbolsUpdated, 91),
        /* ICorProfilerCallback8 */
        SLOT_CASE(DynamicMethodJITCompilationStarted, 92),
        SLOT_CASE(DynamicMethodJITCompilationFinished, 93),
        /* ICorProfilerCallback9 */
        SLOT_CASE(DynamicMethodUnloaded, 94),
        /* ICorProfilerCallback10 */
        SLOT_CASE(EventPipeEventDelivered, 95),
        SLOT_CASE(EventPipeProviderCreated, 96),
        /* ICorProfilerCallback11 */
        SLOT_CASE(LoadAsNotificationOnly, 97),
    };
    check_slots(cases, sizeof cases / sizeof cases[0]);
}

static void check_guid(const struct cp_guid *g, uint32_t d1, uint16_t d2, uint16_t d3,
                       const uint8_t d4[8])
{
    CU_ASSERT_EQUAL(g->data1, d1);
    CU_ASSERT_EQUAL(g->data2, d2);
    CU_ASSERT_EQUAL(g->data3, d3);
    for (int i = 0; i < 8; i++) {
        CU_ASSERT_EQUAL(g->data4[i], d4[i]);
    }
}

static void test_iid_callback(void)
{
    /* 176FBED1-A55C-4796-98CA-A9DA0EF883E7 */
    static const uint8_t d4[8] = {0x98, 0xCA, 0xA9, 0xDA, 0x0E, 0xF8, 0x83, 0xE7};
    check_guid(&cp_iid_ICorProfilerCallback, 0x176FBED1, 0xA55C, 0x4796, d4);
}

static void test_iid_callback4(void)
{
    /* 7B63B2E3-107D-4D48-B2F6-F61E229470D2 */
    static const uint8_t d4[8] = {0xB2, 0xF6, 0xF6, 0x1E, 0x22, 0x94, 0x70, 0xD2};
    check_guid(&cp_iid_ICorProfilerCallback4, 0x7B63B2E3, 0x107D, 0x4D48, d4);
}

static void test_iid_callback11(void)
{
    /* 42350846-AAED-47F7-B128-FD0C98881CDE */
    static const uint8_t d4[8] = {0xB1, 0x28, 0xFD, 0x0C, 0x98, 0x88, 0x1C, 0xDE};
    check_guid(&cp_iid_ICorProfilerCallback11, 0x42350846, 0xAAED, 0x47F7, d4);
}

static void test_iids_distinct(void)
{
    const struct cp_guid *iids[] = {
        &cp_iid_ICorProfilerCallback,   &cp_iid_ICorProfilerCallback2,
        &cp_iid_ICorProfilerCallback3,  &cp_iid_ICorProfilerCallback4,
        &cp_iid_ICorProfilerCallback5,  &cp_iid_ICorProfilerCallback6,
        &cp_iid_ICorProfilerCallback7,  &cp_iid_ICorProfilerCallback8,
        &cp_iid_ICorProfilerCallback9,  &cp_iid_ICorProfilerCallback10,
        &cp_iid_ICorProfilerCallback11,
    };
    size_t n = sizeof iids / sizeof iids[0];
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            CU_ASSERT(memcmp(iids[i], iids[j], sizeof *iids[i]) != 0);
        }
    }
}

static void test_enum_values(void)
{
    CU_ASSERT_EQUAL(COR_PRF_CACHED_FUNCTION_FOUND, 0);
    CU_ASSERT_EQUAL(COR_PRF_CACHED_FUNCTION_NOT_FOUND, 1);
    CU_ASSERT_EQUAL(COR_PRF_TRANSITION_CALL, 0);
    CU_ASSERT_EQUAL(COR_PRF_TRANSITION_RETURN, 1);
    CU_ASSERT_EQUAL(COR_PRF_SUSPEND_OTHER, 0);
    CU_ASSERT_EQUAL(COR_PRF_SUSPEND_FOR_GC, 1);
    CU_ASSERT_EQUAL(COR_PRF_SUSPEND_FOR_APPDOMAIN_SHUTDOWN, 2);
    CU_ASSERT_EQUAL(COR_PRF_SUSPEND_FOR_CODE_PITCHING, 3);
    CU_ASSERT_EQUAL(COR_PRF_SUSPEND_FOR_SHUTDOWN, 4);
    CU_ASSERT_EQUAL(COR_PRF_SUSPEND_FOR_INPROC_DEBUGGER, 6);
    CU_ASSERT_EQUAL(COR_PRF_SUSPEND_FOR_GC_PREP, 7);
    CU_ASSERT_EQUAL(COR_PRF_SUSPEND_FOR_REJIT, 8);
    CU_ASSERT_EQUAL(COR_PRF_SUSPEND_FOR_PROFILER, 9);
    CU_ASSERT_EQUAL(COR_PRF_GC_OTHER, 0);
    CU_ASSERT_EQUAL(COR_PRF_GC_INDUCED, 1);
    CU_ASSERT_EQUAL(COR_PRF_GC_ROOT_OTHER, 0);
    CU_ASSERT_EQUAL(COR_PRF_GC_ROOT_STACK, 1);
    CU_ASSERT_EQUAL(COR_PRF_GC_ROOT_FINALIZER, 2);
    CU_ASSERT_EQUAL(COR_PRF_GC_ROOT_HANDLE, 3);
    CU_ASSERT_EQUAL(COR_PRF_GC_ROOT_PINNING, 0x1);
    CU_ASSERT_EQUAL(COR_PRF_GC_ROOT_WEAKREF, 0x2);
    CU_ASSERT_EQUAL(COR_PRF_GC_ROOT_INTERIOR, 0x4);
    CU_ASSERT_EQUAL(COR_PRF_GC_ROOT_REFCOUNTED, 0x8);
    CU_ASSERT_EQUAL(COR_PRF_FINALIZER_CRITICAL, 0x1);
}

void test_register(void)
{
    CU_pSuite suite = CU_add_suite("abi_callback", NULL, NULL);
    if (suite == NULL) {
        return;
    }
    CU_add_test(suite, "vtable has 98 slots", test_slot_count);
    CU_add_test(suite, "slots pinned by the harness", test_slots_pinned);
    CU_add_test(suite, "IUnknown slots 0-2", test_slots_unknown);
    CU_add_test(suite, "ICorProfilerCallback slots 3-71", test_slots_callback);
    CU_add_test(suite, "ICorProfilerCallback2-11 slots 72-97", test_slots_callback2_to_11);
    CU_add_test(suite, "IID ICorProfilerCallback", test_iid_callback);
    CU_add_test(suite, "IID ICorProfilerCallback4", test_iid_callback4);
    CU_add_test(suite, "IID ICorProfilerCallback11", test_iid_callback11);
    CU_add_test(suite, "callback IIDs are distinct", test_iids_distinct);
    CU_add_test(suite, "callback enum values", test_enum_values);
}
