/*
 * test_abi_hresults.c - checks the HRESULT name table of cp_hresults.h:
 * values pinned against the runtime's headers, name/value round trips,
 * parsing of names, hex and decimal text, and bounded formatting.
 */
#include <stdint.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "abi/cp_hresults.h"

void test_register(void);

struct list_entry {
    const char *name;
    uint32_t value;
};

#define LIST_ENTRY(name, value) {#name, value},

static const struct list_entry list[] = {CP_HRESULT_LIST(LIST_ENTRY)};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Names whose value an earlier entry already names. */
static const char *const shadowed[] = {
    "COR_E_ARGUMENT",
    "DS_IPC_E_FAIL",
    "DS_IPC_E_NOT_YET_AVAILABLE",
    "DS_IPC_E_RUNTIME_UNINITIALIZED",
    "DS_IPC_E_INVALIDARG",
};

static int is_shadowed(const char *name)
{
    for (size_t i = 0; i < COUNT_OF(shadowed); i++) {
        if (strcmp(name, shadowed[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static void report(int ok, const char *what)
{
    CU_assertImplementation(ok, __LINE__, what, __FILE__, "", CU_FALSE);
}

static void test_names_unique(void)
{
    for (size_t i = 0; i < COUNT_OF(list); i++) {
        for (size_t j = i + 1; j < COUNT_OF(list); j++) {
            report(strcmp(list[i].name, list[j].name) != 0, list[i].name);
        }
    }
}

static void test_round_trip(void)
{
    size_t aliases = 0;

    for (size_t i = 0; i < COUNT_OF(list); i++) {
        cp_hr hr = 0;
        size_t first = i;

        report(cp_hr_parse(list[i].name, &hr) == 0, list[i].name);
        report((uint32_t)hr == list[i].value, list[i].name);

        for (size_t j = 0; j < i; j++) {
            if (list[j].value == list[i].value) {
                first = j;
                break;
            }
        }
        const char *name = cp_hr_name(hr);
        report(name != NULL && strcmp(name, list[first].name) == 0, list[i].name);
        if (first != i) {
            aliases++;
            report(is_shadowed(list[i].name), list[i].name);
        } else {
            report(!is_shadowed(list[i].name), list[i].name);
        }
    }
    CU_ASSERT_EQUAL(aliases, COUNT_OF(shadowed));
}

static void test_preferred_names(void)
{
    CU_ASSERT_STRING_EQUAL(cp_hr_name(CP_E_INVALIDARG), "E_INVALIDARG");
    CU_ASSERT_STRING_EQUAL(cp_hr_name(CP_E_FAIL), "E_FAIL");
    CU_ASSERT_STRING_EQUAL(cp_hr_name(CP_CORPROF_E_NOT_YET_AVAILABLE),
                           "CORPROF_E_NOT_YET_AVAILABLE");
    CU_ASSERT_STRING_EQUAL(cp_hr_name(CP_CORPROF_E_RUNTIME_UNINITIALIZED),
                           "CORPROF_E_RUNTIME_UNINITIALIZED");
    CU_ASSERT_STRING_EQUAL(cp_hr_name((cp_hr)0x80131515u), "DS_IPC_E_NOTSUPPORTED");
    CU_ASSERT_PTR_NULL(cp_hr_name((cp_hr)0x12345678u));
    CU_ASSERT_PTR_NULL(cp_hr_name((cp_hr)0x80131377u));
}

static void check_value(const char *name, uint32_t expected)
{
    cp_hr hr = 0;
    report(cp_hr_parse(name, &hr) == 0 && (uint32_t)hr == expected, name);
}

static void test_pinned_values(void)
{
    check_value("S_OK", 0x00000000u);
    check_value("S_FALSE", 0x00000001u);
    check_value("E_FAIL", 0x80004005u);
    check_value("E_INVALIDARG", 0x80070057u);
    check_value("E_NOTIMPL", 0x80004001u);
    check_value("E_NOINTERFACE", 0x80004002u);
    check_value("E_OUTOFMEMORY", 0x8007000Eu);
    check_value("E_POINTER", 0x80004003u);
    check_value("E_UNEXPECTED", 0x8000FFFFu);
    check_value("CLASS_E_CLASSNOTAVAILABLE", 0x80040111u);
    check_value("CLASS_E_NOAGGREGATION", 0x80040110u);

    check_value("CORPROF_E_CALLBACK4_REQUIRED", 0x8013137Bu);
    check_value("CORPROF_E_REJIT_NOT_ENABLED", 0x8013137Cu);
    check_value("CORPROF_E_FUNCTION_IS_COLLECTIBLE", 0x8013137Eu);
    check_value("CORPROF_E_MODULE_IS_DYNAMIC", 0x8013137Au);
    check_value("CORPROF_E_REJIT_INLINING_DISABLED", 0x80131383u);
    check_value("CORPROF_E_PROFILER_ALREADY_ACTIVE", 0x8013136Au);
    check_value("CORPROF_E_UNSUPPORTED_FOR_ATTACHING_PROFILER", 0x8013136Fu);
    check_value("CORPROF_E_IRREVERSIBLE_INSTRUMENTATION_PRESENT", 0x80131370u);
    check_value("CORPROF_E_IMMUTABLE_FLAGS_SET", 0x80131372u);

    check_value("COR_E_OVERFLOW", 0x80131516u);
    check_value("COR_E_ARGUMENT", 0x80070057u);

    check_value("DS_IPC_E_BAD_ENCODING", 0x80131384u);
    check_value("DS_IPC_E_UNKNOWN_COMMAND", 0x80131385u);
    check_value("DS_IPC_E_UNKNOWN_MAGIC", 0x80131386u);
    check_value("DS_IPC_E_NOTSUPPORTED", 0x80131515u);
    check_value("DS_IPC_E_FAIL", 0x80004005u);
    check_value("DS_IPC_E_NOT_YET_AVAILABLE", 0x8013135Bu);
    check_value("DS_IPC_E_RUNTIME_UNINITIALIZED", 0x80131371u);
    check_value("DS_IPC_E_INVALIDARG", 0x80070057u);
}

struct define_case {
    const char *name;
    cp_hr value;
};

#define DEFINE_CASE(name) {#name, CP_##name}

static void test_defines_match_list(void)
{
    static const struct define_case cases[] = {
        DEFINE_CASE(S_OK),
        DEFINE_CASE(S_FALSE),
        DEFINE_CASE(E_FAIL),
        DEFINE_CASE(E_INVALIDARG),
        DEFINE_CASE(E_NOTIMPL),
        DEFINE_CASE(E_NOINTERFACE),
        DEFINE_CASE(E_OUTOFMEMORY),
        DEFINE_CASE(E_POINTER),
        DEFINE_CASE(CLASS_E_CLASSNOTAVAILABLE),
        DEFINE_CASE(CLASS_E_NOAGGREGATION),
        DEFINE_CASE(CORPROF_E_FUNCTION_NOT_COMPILED),
        DEFINE_CASE(CORPROF_E_DATAINCOMPLETE),
        DEFINE_CASE(CORPROF_E_FUNCTION_NOT_IL),
        DEFINE_CASE(CORPROF_E_NOT_MANAGED_THREAD),
        DEFINE_CASE(CORPROF_E_CALL_ONLY_FROM_INIT),
        DEFINE_CASE(CORPROF_E_NOT_YET_AVAILABLE),
        DEFINE_CASE(CORPROF_E_TYPE_IS_PARAMETERIZED),
        DEFINE_CASE(CORPROF_E_FUNCTION_IS_PARAMETERIZED),
        DEFINE_CASE(CORPROF_E_STACKSNAPSHOT_INVALID_TGT_THREAD),
        DEFINE_CASE(CORPROF_E_STACKSNAPSHOT_UNMANAGED_CTX),
        DEFINE_CASE(CORPROF_E_STACKSNAPSHOT_UNSAFE),
        DEFINE_CASE(CORPROF_E_STACKSNAPSHOT_ABORTED),
        DEFINE_CASE(CORPROF_E_LITERALS_HAVE_NO_ADDRESS),
        DEFINE_CASE(CORPROF_E_UNSUPPORTED_CALL_SEQUENCE),
        DEFINE_CASE(CORPROF_E_ASYNCHRONOUS_UNSAFE),
        DEFINE_CASE(CORPROF_E_CLASSID_IS_ARRAY),
        DEFINE_CASE(CORPROF_E_CLASSID_IS_COMPOSITE),
        DEFINE_CASE(CORPROF_E_PROFILER_DETACHING),
        DEFINE_CASE(CORPROF_E_PROFILER_NOT_ATTACHABLE),
        DEFINE_CASE(CORPROF_E_UNRECOGNIZED_PIPE_MSG_FORMAT),
        DEFINE_CASE(CORPROF_E_PROFILER_ALREADY_ACTIVE),
        DEFINE_CASE(CORPROF_E_PROFILEE_INCOMPATIBLE_WITH_TRIGGER),
        DEFINE_CASE(CORPROF_E_IPC_FAILED),
        DEFINE_CASE(CORPROF_E_PROFILEE_PROCESS_NOT_FOUND),
        DEFINE_CASE(CORPROF_E_CALLBACK3_REQUIRED),
        DEFINE_CASE(CORPROF_E_UNSUPPORTED_FOR_ATTACHING_PROFILER),
        DEFINE_CASE(CORPROF_E_IRREVERSIBLE_INSTRUMENTATION_PRESENT),
        DEFINE_CASE(CORPROF_E_RUNTIME_UNINITIALIZED),
        DEFINE_CASE(CORPROF_E_IMMUTABLE_FLAGS_SET),
        DEFINE_CASE(CORPROF_E_PROFILER_NOT_YET_INITIALIZED),
        DEFINE_CASE(CORPROF_E_INCONSISTENT_WITH_FLAGS),
        DEFINE_CASE(CORPROF_E_PROFILER_CANCEL_ACTIVATION),
        DEFINE_CASE(CORPROF_E_CONCURRENT_GC_NOT_PROFILABLE),
        DEFINE_CASE(CORPROF_E_DEBUGGING_DISABLED),
        DEFINE_CASE(CORPROF_E_TIMEOUT_WAITING_FOR_CONCURRENT_GC),
        DEFINE_CASE(CORPROF_E_MODULE_IS_DYNAMIC),
        DEFINE_CASE(CORPROF_E_CALLBACK4_REQUIRED),
        DEFINE_CASE(CORPROF_E_REJIT_NOT_ENABLED),
        DEFINE_CASE(CORPROF_E_FUNCTION_IS_COLLECTIBLE),
        DEFINE_CASE(CORPROF_E_CALLBACK6_REQUIRED),
        DEFINE_CASE(CORPROF_E_CALLBACK7_REQUIRED),
        DEFINE_CASE(CORPROF_E_REJIT_INLINING_DISABLED),
        DEFINE_CASE(CORPROF_E_SUSPENSION_IN_PROGRESS),
        DEFINE_CASE(CORPROF_E_NOT_GC_OBJECT),
        DEFINE_CASE(CORPROF_E_MODULE_IS_ENC),
    };
    size_t corprof_defines = 0;
    size_t corprof_entries = 0;

    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        cp_hr hr = 0;
        report(cp_hr_parse(cases[i].name, &hr) == 0 && hr == cases[i].value, cases[i].name);
        if (strncmp(cases[i].name, "CORPROF_E_", 10) == 0) {
            corprof_defines++;
        }
    }
    for (size_t i = 0; i < COUNT_OF(list); i++) {
        if (strncmp(list[i].name, "CORPROF_E_", 10) == 0) {
            corprof_entries++;
        }
    }
    /* Every CORPROF_E_* entry of the list has its CP_ constant. */
    CU_ASSERT_EQUAL(corprof_defines, corprof_entries);
    CU_ASSERT_EQUAL(corprof_entries, 45);

    CU_ASSERT_TRUE(CP_FAILED(CP_E_FAIL));
    CU_ASSERT_TRUE(CP_FAILED(CP_CORPROF_E_REJIT_NOT_ENABLED));
    CU_ASSERT_TRUE(CP_SUCCEEDED(CP_S_FALSE));
}

static void check_parse(const char *text, uint32_t expected)
{
    cp_hr hr = 0;
    report(cp_hr_parse(text, &hr) == 0 && (uint32_t)hr == expected, text);
}

static void check_reject(const char *text)
{
    cp_hr hr = 0x5a5a5a5a;
    report(cp_hr_parse(text, &hr) == -1 && hr == 0x5a5a5a5a, text != NULL ? text : "NULL");
}

static void test_parse_hex(void)
{
    check_parse("0x0", 0);
    check_parse("0x1", 1);
    check_parse("0x8013137C", 0x8013137Cu);
    check_parse("0x8013137c", 0x8013137Cu);
    check_parse("0X8013137C", 0x8013137Cu);
    check_parse("0xFFFFFFFF", 0xFFFFFFFFu);
    check_parse("0x80000000", 0x80000000u);
    check_parse("0x7FFFFFFF", 0x7FFFFFFFu);
    check_parse("0x00000001", 1);

    cp_hr hr = 0;
    CU_ASSERT_EQUAL(cp_hr_parse("0xFFFFFFFF", &hr), 0);
    CU_ASSERT_EQUAL(hr, -1);
    CU_ASSERT_EQUAL(cp_hr_parse("0x80000000", &hr), 0);
    CU_ASSERT_EQUAL(hr, INT32_MIN);
}

static void test_parse_decimal(void)
{
    cp_hr hr = 1;

    CU_ASSERT_EQUAL(cp_hr_parse("0", &hr), 0);
    CU_ASSERT_EQUAL(hr, 0);
    CU_ASSERT_EQUAL(cp_hr_parse("1", &hr), 0);
    CU_ASSERT_EQUAL(hr, 1);
    CU_ASSERT_EQUAL(cp_hr_parse("2147483647", &hr), 0);
    CU_ASSERT_EQUAL(hr, INT32_MAX);
    CU_ASSERT_EQUAL(cp_hr_parse("-2147483648", &hr), 0);
    CU_ASSERT_EQUAL(hr, INT32_MIN);
    CU_ASSERT_EQUAL(cp_hr_parse("-2147467259", &hr), 0);
    CU_ASSERT_EQUAL(hr, CP_E_FAIL);
    CU_ASSERT_EQUAL(cp_hr_parse("-2147024809", &hr), 0);
    CU_ASSERT_EQUAL(hr, CP_E_INVALIDARG);
    CU_ASSERT_EQUAL(cp_hr_parse("-0", &hr), 0);
    CU_ASSERT_EQUAL(hr, 0);
    CU_ASSERT_EQUAL(cp_hr_parse("000042", &hr), 0);
    CU_ASSERT_EQUAL(hr, 42);
}

static void test_parse_rejects(void)
{
    check_reject("");
    check_reject("0x");
    check_reject("0X");
    check_reject("0x123456789");
    check_reject("0x000000000");
    check_reject("0xG");
    check_reject("0x12 ");
    check_reject("12abc");
    check_reject("S_ok");
    check_reject("s_ok");
    check_reject("S_OK ");
    check_reject(" S_OK");
    check_reject("2147483648");
    check_reject("-2147483649");
    check_reject("99999999999999999999");
    check_reject("-");
    check_reject("+1");
    check_reject(" 1");
    check_reject("1 ");
    check_reject("--1");
    check_reject(NULL);

    CU_ASSERT_EQUAL(cp_hr_parse("S_OK", NULL), -1);
}

static void test_format(void)
{
    char buf[64];

    CU_ASSERT_EQUAL(cp_hr_format(CP_CORPROF_E_REJIT_NOT_ENABLED, buf, sizeof buf),
                    (int)strlen("CORPROF_E_REJIT_NOT_ENABLED (0x8013137C)"));
    CU_ASSERT_STRING_EQUAL(buf, "CORPROF_E_REJIT_NOT_ENABLED (0x8013137C)");

    CU_ASSERT_EQUAL(cp_hr_format(CP_S_OK, buf, sizeof buf), (int)strlen("S_OK (0x00000000)"));
    CU_ASSERT_STRING_EQUAL(buf, "S_OK (0x00000000)");

    CU_ASSERT_EQUAL(cp_hr_format(CP_E_INVALIDARG, buf, sizeof buf),
                    (int)strlen("E_INVALIDARG (0x80070057)"));
    CU_ASSERT_STRING_EQUAL(buf, "E_INVALIDARG (0x80070057)");

    CU_ASSERT_EQUAL(cp_hr_format((cp_hr)0x8013ABCDu, buf, sizeof buf), 10);
    CU_ASSERT_STRING_EQUAL(buf, "0x8013ABCD");

    CU_ASSERT_EQUAL(cp_hr_format(42, buf, sizeof buf), 10);
    CU_ASSERT_STRING_EQUAL(buf, "0x0000002A");

    /* Formatted text parses back to the same value. */
    cp_hr hr = 0;
    cp_hr_format((cp_hr)0xDEADBEEFu, buf, sizeof buf);
    CU_ASSERT_EQUAL(cp_hr_parse(buf, &hr), 0);
    CU_ASSERT_EQUAL((uint32_t)hr, 0xDEADBEEFu);
}

static void test_format_truncation(void)
{
    static const char full[] = "CORPROF_E_CALLBACK4_REQUIRED (0x8013137B)";
    const int full_len = (int)strlen(full);

    CU_ASSERT_EQUAL(cp_hr_format(CP_CORPROF_E_CALLBACK4_REQUIRED, NULL, 0), full_len);

    for (size_t size = 0; size <= sizeof full + 2; size++) {
        char buf[sizeof full + 8];
        memset(buf, '#', sizeof buf);

        int n = cp_hr_format(CP_CORPROF_E_CALLBACK4_REQUIRED, buf, size);
        CU_ASSERT_EQUAL(n, full_len);
        for (size_t i = size; i < sizeof buf; i++) {
            CU_ASSERT_EQUAL(buf[i], '#');
        }
        if (size > 0) {
            size_t kept = size - 1 < strlen(full) ? size - 1 : strlen(full);
            CU_ASSERT_EQUAL(buf[kept], '\0');
            CU_ASSERT_EQUAL(memcmp(buf, full, kept), 0);
        }
    }

    char small[4];
    memset(small, '#', sizeof small);
    CU_ASSERT_EQUAL(cp_hr_format((cp_hr)0x12345678u, small, sizeof small), 10);
    CU_ASSERT_STRING_EQUAL(small, "0x1");
}

void test_register(void)
{
    CU_pSuite suite = CU_add_suite("abi_hresults", NULL, NULL);
    if (suite == NULL) {
        return;
    }
    CU_add_test(suite, "names unique", test_names_unique);
    CU_add_test(suite, "round trip of every entry", test_round_trip);
    CU_add_test(suite, "preferred names", test_preferred_names);
    CU_add_test(suite, "pinned values", test_pinned_values);
    CU_add_test(suite, "constants match list", test_defines_match_list);
    CU_add_test(suite, "parse hex", test_parse_hex);
    CU_add_test(suite, "parse decimal", test_parse_decimal);
    CU_add_test(suite, "parse rejects", test_parse_rejects);
    CU_add_test(suite, "format", test_format);
    CU_add_test(suite, "format truncation", test_format_truncation);
}
