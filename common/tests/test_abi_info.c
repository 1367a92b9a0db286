/*
 * test_abi_info.c - pins the layout of cp_info.h: vtable slot numbers of
 * ICorProfilerInfo..Info15, ICorProfilerFunctionControl and
 * ICorProfilerMethodEnum, event-mask values, struct layouts and IIDs.
 */
#include <CUnit/CUnit.h>

#include <stddef.h>
#include <stdint.h>

#include "abi/cp_info.h"

void test_register(void);

#define INFO_SLOT(m) (offsetof(struct cp_info_vtbl, m) / sizeof(void *))
#define FC_SLOT(m) (offsetof(struct cp_function_control_vtbl, m) / sizeof(void *))
#define ME_SLOT(m) (offsetof(struct cp_method_enum_vtbl, m) / sizeof(void *))
#define FE_SLOT(m) (offsetof(struct cp_function_enum_vtbl, m) / sizeof(void *))
#define MM_SLOT(m) (offsetof(struct cp_method_malloc_vtbl, m) / sizeof(void *))

static void test_vtbl_sizes(void)
{
    CU_ASSERT_EQUAL(sizeof(struct cp_info_vtbl) % sizeof(void *), 0);
    CU_ASSERT_EQUAL(sizeof(struct cp_info_vtbl) / sizeof(void *), 115);
    CU_ASSERT_EQUAL(sizeof(struct cp_function_control_vtbl) / sizeof(void *), 6);
    CU_ASSERT_EQUAL(sizeof(struct cp_method_enum_vtbl) / sizeof(void *), 8);
    CU_ASSERT_EQUAL(sizeof(struct cp_info), sizeof(void *));
}

static void test_iunknown_slots(void)
{
    CU_ASSERT_EQUAL(INFO_SLOT(QueryInterface), 0);
    CU_ASSERT_EQUAL(INFO_SLOT(AddRef), 1);
    CU_ASSERT_EQUAL(INFO_SLOT(Release), 2);
}

/* The slots the lead fixed up front. */
static void test_pinned_slots(void)
{
    CU_ASSERT_EQUAL(INFO_SLOT(GetFunctionInfo), 15);
    CU_ASSERT_EQUAL(INFO_SLOT(SetEventMask), 16);
    CU_ASSERT_EQUAL(INFO_SLOT(GetModuleMetaData), 21);
    CU_ASSERT_EQUAL(INFO_SLOT(GetFunctionInfo2), 38);
    CU_ASSERT_EQUAL(INFO_SLOT(RequestProfilerDetach), 58);
    CU_ASSERT_EQUAL(INFO_SLOT(GetModuleInfo2), 70);
    CU_ASSERT_EQUAL(INFO_SLOT(InitializeCurrentThread), 72);
    CU_ASSERT_EQUAL(INFO_SLOT(RequestReJIT), 73);
    CU_ASSERT_EQUAL(INFO_SLOT(RequestRevert), 74);
    CU_ASSERT_EQUAL(INFO_SLOT(GetReJITIDs), 77);
    CU_ASSERT_EQUAL(INFO_SLOT(SetEventMask2), 82);
    CU_ASSERT_EQUAL(INFO_SLOT(EnumNgenModuleMethodsInliningThisMethod), 83);
    CU_ASSERT_EQUAL(INFO_SLOT(ApplyMetaData), 84);
    CU_ASSERT_EQUAL(INFO_SLOT(GetNativeCodeStartAddresses), 90);
    CU_ASSERT_EQUAL(INFO_SLOT(RequestReJITWithInliners), 96);
}

/* Further slots a profiler commonly calls. */
static void test_common_slots(void)
{
    CU_ASSERT_EQUAL(INFO_SLOT(GetEventMask), 6);
    CU_ASSERT_EQUAL(INFO_SLOT(GetFunctionFromIP), 7);
    CU_ASSERT_EQUAL(INFO_SLOT(GetFunctionFromToken), 8);
    CU_ASSERT_EQUAL(INFO_SLOT(GetThreadInfo), 12);
    CU_ASSERT_EQUAL(INFO_SLOT(GetCurrentThreadID), 13);
    CU_ASSERT_EQUAL(INFO_SLOT(GetClassIDInfo), 14);
    CU_ASSERT_EQUAL(INFO_SLOT(GetTokenAndMetaDataFromFunction), 19);
    CU_ASSERT_EQUAL(INFO_SLOT(GetModuleInfo), 20);
    CU_ASSERT_EQUAL(INFO_SLOT(GetILFunctionBody), 22);
    CU_ASSERT_EQUAL(INFO_SLOT(SetILFunctionBody), 24);
    CU_ASSERT_EQUAL(INFO_SLOT(GetAssemblyInfo), 26);
    CU_ASSERT_EQUAL(INFO_SLOT(GetClassIDInfo2), 41);
    CU_ASSERT_EQUAL(INFO_SLOT(GetCodeInfo2), 42);
    CU_ASSERT_EQUAL(INFO_SLOT(EnumModules), 66);
    CU_ASSERT_EQUAL(INFO_SLOT(GetRuntimeInformation), 67);
    CU_ASSERT_EQUAL(INFO_SLOT(GetFunctionFromIP2), 76);
    CU_ASSERT_EQUAL(INFO_SLOT(EnumJITedFunctions2), 79);
    CU_ASSERT_EQUAL(INFO_SLOT(GetEventMask2), 81);
    CU_ASSERT_EQUAL(INFO_SLOT(IsFunctionDynamic), 87);
    CU_ASSERT_EQUAL(INFO_SLOT(GetEnvironmentVariable), 99);
}

/* First and last slot of every interface version. */
static void test_group_boundaries(void)
{
    CU_ASSERT_EQUAL(INFO_SLOT(GetClassFromObject), 3);
    CU_ASSERT_EQUAL(INFO_SLOT(GetILToNativeMapping), 35);
    CU_ASSERT_EQUAL(INFO_SLOT(DoStackSnapshot), 36);
    CU_ASSERT_EQUAL(INFO_SLOT(GetNotifiedExceptionClauseInfo), 56);
    CU_ASSERT_EQUAL(INFO_SLOT(EnumJITedFunctions), 57);
    CU_ASSERT_EQUAL(INFO_SLOT(GetModuleInfo2), 70);
    CU_ASSERT_EQUAL(INFO_SLOT(EnumThreads), 71);
    CU_ASSERT_EQUAL(INFO_SLOT(GetObjectSize2), 80);
    CU_ASSERT_EQUAL(INFO_SLOT(GetEventMask2), 81);
    CU_ASSERT_EQUAL(INFO_SLOT(SetEventMask2), 82);
    CU_ASSERT_EQUAL(INFO_SLOT(EnumNgenModuleMethodsInliningThisMethod), 83);
    CU_ASSERT_EQUAL(INFO_SLOT(ApplyMetaData), 84);
    CU_ASSERT_EQUAL(INFO_SLOT(ReadInMemorySymbols), 86);
    CU_ASSERT_EQUAL(INFO_SLOT(IsFunctionDynamic), 87);
    CU_ASSERT_EQUAL(INFO_SLOT(GetDynamicFunctionInfo), 89);
    CU_ASSERT_EQUAL(INFO_SLOT(GetNativeCodeStartAddresses), 90);
    CU_ASSERT_EQUAL(INFO_SLOT(GetCodeInfo4), 92);
    CU_ASSERT_EQUAL(INFO_SLOT(EnumerateObjectReferences), 93);
    CU_ASSERT_EQUAL(INFO_SLOT(ResumeRuntime), 98);
    CU_ASSERT_EQUAL(INFO_SLOT(GetEnvironmentVariable), 99);
    CU_ASSERT_EQUAL(INFO_SLOT(SetEnvironmentVariable), 100);
    CU_ASSERT_EQUAL(INFO_SLOT(EventPipeStartSession), 101);
    CU_ASSERT_EQUAL(INFO_SLOT(EventPipeWriteEvent), 107);
    CU_ASSERT_EQUAL(INFO_SLOT(CreateHandle), 108);
    CU_ASSERT_EQUAL(INFO_SLOT(GetObjectIDFromHandle), 110);
    CU_ASSERT_EQUAL(INFO_SLOT(EnumerateNonGCObjects), 111);
    CU_ASSERT_EQUAL(INFO_SLOT(EventPipeCreateProvider2), 113);
    CU_ASSERT_EQUAL(INFO_SLOT(EnumerateGCHeapObjects), 114);
}

static void test_function_control_and_method_enum_slots(void)
{
    CU_ASSERT_EQUAL(FC_SLOT(QueryInterface), 0);
    CU_ASSERT_EQUAL(FC_SLOT(Release), 2);
    CU_ASSERT_EQUAL(FC_SLOT(SetCodegenFlags), 3);
    CU_ASSERT_EQUAL(FC_SLOT(SetILFunctionBody), 4);
    CU_ASSERT_EQUAL(FC_SLOT(SetILInstrumentedCodeMap), 5);

    CU_ASSERT_EQUAL(MM_SLOT(Release), 2);
    CU_ASSERT_EQUAL(MM_SLOT(Alloc), 3); /* IMethodMalloc: IUnknown, then Alloc */
    CU_ASSERT_EQUAL(sizeof(struct cp_method_malloc_vtbl), 4 * sizeof(void *));
    CU_ASSERT_EQUAL(INFO_SLOT(GetILFunctionBodyAllocator), 23);
    CU_ASSERT_EQUAL(ME_SLOT(Skip), 3);
    CU_ASSERT_EQUAL(ME_SLOT(Reset), 4);
    CU_ASSERT_EQUAL(ME_SLOT(Clone), 5);
    CU_ASSERT_EQUAL(ME_SLOT(GetCount), 6);
    CU_ASSERT_EQUAL(ME_SLOT(Next), 7);
    /* ICorProfilerFunctionEnum has the same shape over COR_PRF_FUNCTION. */
    CU_ASSERT_EQUAL(sizeof(struct cp_function_enum_vtbl) / sizeof(void *), 8);
    CU_ASSERT_EQUAL(FE_SLOT(GetCount), 6);
    CU_ASSERT_EQUAL(FE_SLOT(Next), 7);
    CU_ASSERT_EQUAL(sizeof(struct cp_prf_function), 2 * sizeof(uintptr_t));
}

static void test_flag_values(void)
{
    CU_ASSERT_EQUAL(COR_PRF_ENABLE_REJIT, 0x40000U);
    CU_ASSERT_EQUAL(COR_PRF_MONITOR_JIT_COMPILATION, 0x20U);
    CU_ASSERT_EQUAL(COR_PRF_DISABLE_ALL_NGEN_IMAGES, 0x80000000U);
    CU_ASSERT_EQUAL(COR_PRF_HIGH_DISABLE_TIERED_COMPILATION, 0x8U);

    CU_ASSERT_EQUAL(COR_PRF_MONITOR_REMOTING_COOKIE, 0x4400U);
    CU_ASSERT_EQUAL(COR_PRF_MONITOR_REMOTING_ASYNC, 0x8400U);
    CU_ASSERT_EQUAL(COR_PRF_ALL, 0x8FFFFFFFU);
    CU_ASSERT_EQUAL(COR_PRF_REQUIRE_PROFILE_IMAGE, 0x20001800U);
    CU_ASSERT_EQUAL(COR_PRF_ALLOWABLE_AFTER_ATTACH, 0x106502FEU);
    CU_ASSERT_EQUAL(COR_PRF_ALLOWABLE_NOTIFICATION_PROFILER, 0xB1E32B7FU);
    CU_ASSERT_EQUAL(COR_PRF_MONITOR_IMMUTABLE, 0xEE98CC00U);
    CU_ASSERT_EQUAL(COR_PRF_HIGH_ALLOWABLE_AFTER_ATTACH, 0xF6U);
    CU_ASSERT_EQUAL(COR_PRF_HIGH_ALLOWABLE_NOTIFICATION_PROFILER, 0xFEU);
    CU_ASSERT_EQUAL(COR_PRF_HIGH_MONITOR_IMMUTABLE, 0x8U);

    /* The masks must fit the 32-bit DWORD the API takes. */
    cp_ulong all = COR_PRF_ALL;
    CU_ASSERT_EQUAL(all, 0x8FFFFFFFU);

    CU_ASSERT_EQUAL(COR_PRF_REJIT_BLOCK_INLINING, 0x1);
    CU_ASSERT_EQUAL(COR_PRF_REJIT_INLINING_CALLBACKS, 0x2);
    CU_ASSERT_EQUAL(COR_PRF_CODEGEN_DISABLE_INLINING, 0x1);
    CU_ASSERT_EQUAL(COR_PRF_CODEGEN_DISABLE_ALL_OPTIMIZATIONS, 0x2);
    CU_ASSERT_EQUAL(COR_PRF_DESKTOP_CLR, 1);
    CU_ASSERT_EQUAL(COR_PRF_CORE_CLR, 2);
}

static void test_struct_layout(void)
{
    CU_ASSERT_EQUAL(sizeof(struct cp_il_map), 12);
    CU_ASSERT_EQUAL(sizeof(struct cp_il_to_native_map), 12);
    CU_ASSERT_EQUAL(sizeof(struct cp_field_offset), 8);
    CU_ASSERT_EQUAL(sizeof(struct cp_code_info), 2 * sizeof(void *));
    CU_ASSERT_EQUAL(sizeof(struct cp_prf_function), 2 * sizeof(void *));
    CU_ASSERT_EQUAL(offsetof(struct cp_prf_method, method_id), sizeof(void *));
    CU_ASSERT_EQUAL(offsetof(struct cp_gc_generation_range, range_start), sizeof(void *));
    CU_ASSERT_EQUAL(sizeof(struct cp_gc_generation_range), 4 * sizeof(void *));
    CU_ASSERT_EQUAL(sizeof(struct cp_nongc_heap_range), 3 * sizeof(void *));
    CU_ASSERT_EQUAL(offsetof(struct cp_ex_clause_info, program_counter), sizeof(void *));
    CU_ASSERT_EQUAL(sizeof(struct cp_ex_clause_info), 4 * sizeof(void *));
    CU_ASSERT_EQUAL(offsetof(struct cp_function_argument_info, ranges), 8);
    CU_ASSERT_EQUAL(sizeof(struct cp_event_data), 16);
    CU_ASSERT_EQUAL(sizeof(struct cp_filter_data), 16);
    CU_ASSERT_EQUAL(sizeof(union cp_function_id_or_client_id), sizeof(void *));
}

/* The 16 bytes of a GUID in the order they are written: {data1-data2-data3-data4}. */
static void guid_bytes(const struct cp_guid *g, uint8_t out[16])
{
    out[0] = (uint8_t)(g->data1 >> 24);
    out[1] = (uint8_t)(g->data1 >> 16);
    out[2] = (uint8_t)(g->data1 >> 8);
    out[3] = (uint8_t)g->data1;
    out[4] = (uint8_t)(g->data2 >> 8);
    out[5] = (uint8_t)g->data2;
    out[6] = (uint8_t)(g->data3 >> 8);
    out[7] = (uint8_t)g->data3;
    for (int i = 0; i < 8; i++) {
        out[8 + i] = g->data4[i];
    }
}

static void check_guid(const struct cp_guid *g, const uint8_t expected[16])
{
    uint8_t got[16];

    guid_bytes(g, got);
    for (int i = 0; i < 16; i++) {
        CU_ASSERT_EQUAL(got[i], expected[i]);
    }
}

static int same_guid(const struct cp_guid *a, const struct cp_guid *b)
{
    uint8_t x[16];
    uint8_t y[16];

    guid_bytes(a, x);
    guid_bytes(b, y);
    for (int i = 0; i < 16; i++) {
        if (x[i] != y[i]) {
            return 0;
        }
    }
    return 1;
}

static void test_iids(void)
{
    /* {0D8FDCAA-6257-47BF-B1BF-94DAC88466EE} */
    static const uint8_t info4[16] = {0x0D, 0x8F, 0xDC, 0xAA, 0x62, 0x57, 0x47, 0xBF,
                                      0xB1, 0xBF, 0x94, 0xDA, 0xC8, 0x84, 0x66, 0xEE};
    /* {2F1B5152-C869-40C9-AA5F-3ABE026BD720} */
    static const uint8_t info10[16] = {0x2F, 0x1B, 0x51, 0x52, 0xC8, 0x69, 0x40, 0xC9,
                                       0xAA, 0x5F, 0x3A, 0xBE, 0x02, 0x6B, 0xD7, 0x20};
    /* {B446462D-BD22-41DD-872D-DC714C49EB56} */
    static const uint8_t info15[16] = {0xB4, 0x46, 0x46, 0x2D, 0xBD, 0x22, 0x41, 0xDD,
                                       0x87, 0x2D, 0xDC, 0x71, 0x4C, 0x49, 0xEB, 0x56};

    check_guid(&cp_iid_ICorProfilerInfo4, info4);
    check_guid(&cp_iid_ICorProfilerInfo10, info10);
    check_guid(&cp_iid_ICorProfilerInfo15, info15);
}

static void test_iids_distinct(void)
{
    const struct cp_guid *all[] = {
        &cp_iid_ICorProfilerInfo,   &cp_iid_ICorProfilerInfo2,  &cp_iid_ICorProfilerInfo3,
        &cp_iid_ICorProfilerInfo4,  &cp_iid_ICorProfilerInfo5,  &cp_iid_ICorProfilerInfo6,
        &cp_iid_ICorProfilerInfo7,  &cp_iid_ICorProfilerInfo8,  &cp_iid_ICorProfilerInfo9,
        &cp_iid_ICorProfilerInfo10, &cp_iid_ICorProfilerInfo11, &cp_iid_ICorProfilerInfo12,
        &cp_iid_ICorProfilerInfo13, &cp_iid_ICorProfilerInfo14, &cp_iid_ICorProfilerInfo15,
        &cp_iid_ICorProfilerFunctionControl, &cp_iid_ICorProfilerMethodEnum,
    };
    const size_t n = sizeof all / sizeof all[0];

    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            CU_ASSERT_FALSE(same_guid(all[i], all[j]));
        }
    }
}

void test_register(void)
{
    CU_pSuite suite = CU_add_suite("abi_info", NULL, NULL);

    if (suite == NULL) {
        return;
    }
    CU_add_test(suite, "vtable sizes", test_vtbl_sizes);
    CU_add_test(suite, "IUnknown slots", test_iunknown_slots);
    CU_add_test(suite, "pinned Info slots", test_pinned_slots);
    CU_add_test(suite, "common Info slots", test_common_slots);
    CU_add_test(suite, "Info version boundaries", test_group_boundaries);
    CU_add_test(suite, "FunctionControl and MethodEnum slots",
                test_function_control_and_method_enum_slots);
    CU_add_test(suite, "flag values", test_flag_values);
    CU_add_test(suite, "struct layout", test_struct_layout);
    CU_add_test(suite, "IIDs of Info4, Info10, Info15", test_iids);
    CU_add_test(suite, "IIDs distinct", test_iids_distinct);
}
