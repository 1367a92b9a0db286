/*
 * cp_hresults.h - the HRESULT name table shared by the profiler and the
 * harness: the COM codes, every CORPROF_E_* code of the runtime, the metadata
 * and runtime errors a profiler commonly meets, and the result codes of the
 * diagnostics IPC protocol.
 *
 * CP_HRESULT_LIST(X) expands X(NAME, 0xVALUEu) once per entry, NAME being
 * the runtime's own spelling.  Some names share a value (COR_E_ARGUMENT and
 * DS_IPC_E_INVALIDARG are E_INVALIDARG, DS_IPC_E_FAIL is E_FAIL, two
 * DS_IPC_E_* codes equal CORPROF_E_* codes).  Lookup by value returns the
 * entry listed first, so the list puts the COM or CORPROF name before its
 * aliases.
 */
#ifndef PROFCHECK_CP_HRESULTS_H
#define PROFCHECK_CP_HRESULTS_H

#include <stddef.h>

#include "cp_types.h"

#define CP_HRESULT_LIST(X)                                          \
    /* COM */                                                       \
    X(S_OK, 0x00000000u)                                            \
    X(S_FALSE, 0x00000001u)                                         \
    X(E_FAIL, 0x80004005u)                                          \
    X(E_INVALIDARG, 0x80070057u)                                    \
    X(E_NOTIMPL, 0x80004001u)                                       \
    X(E_NOINTERFACE, 0x80004002u)                                   \
    X(E_OUTOFMEMORY, 0x8007000Eu)                                   \
    X(E_POINTER, 0x80004003u)                                       \
    X(E_UNEXPECTED, 0x8000FFFFu)                                    \
    X(E_ACCESSDENIED, 0x80070005u)                                  \
    X(E_ABORT, 0x80004004u)                                         \
    X(E_HANDLE, 0x80070006u)                                        \
    X(CLASS_E_CLASSNOTAVAILABLE, 0x80040111u)                       \
    X(CLASS_E_NOAGGREGATION, 0x80040110u)                           \
    /* profiling API */                                             \
    X(CORPROF_E_FUNCTION_NOT_COMPILED, 0x80131350u)                 \
    X(CORPROF_E_DATAINCOMPLETE, 0x80131351u)                        \
    X(CORPROF_E_FUNCTION_NOT_IL, 0x80131354u)                       \
    X(CORPROF_E_NOT_MANAGED_THREAD, 0x80131355u)                    \
    X(CORPROF_E_CALL_ONLY_FROM_INIT, 0x80131356u)                   \
    X(CORPROF_E_NOT_YET_AVAILABLE, 0x8013135Bu)                     \
    X(CORPROF_E_TYPE_IS_PARAMETERIZED, 0x8013135Cu)                 \
    X(CORPROF_E_FUNCTION_IS_PARAMETERIZED, 0x8013135Du)             \
    X(CORPROF_E_STACKSNAPSHOT_INVALID_TGT_THREAD, 0x8013135Eu)      \
    X(CORPROF_E_STACKSNAPSHOT_UNMANAGED_CTX, 0x8013135Fu)           \
    X(CORPROF_E_STACKSNAPSHOT_UNSAFE, 0x80131360u)                  \
    X(CORPROF_E_STACKSNAPSHOT_ABORTED, 0x80131361u)                 \
    X(CORPROF_E_LITERALS_HAVE_NO_ADDRESS, 0x80131362u)              \
    X(CORPROF_E_UNSUPPORTED_CALL_SEQUENCE, 0x80131363u)             \
    X(CORPROF_E_ASYNCHRONOUS_UNSAFE, 0x80131364u)                   \
    X(CORPROF_E_CLASSID_IS_ARRAY, 0x80131365u)                      \
    X(CORPROF_E_CLASSID_IS_COMPOSITE, 0x80131366u)                  \
    X(CORPROF_E_PROFILER_DETACHING, 0x80131367u)                    \
    X(CORPROF_E_PROFILER_NOT_ATTACHABLE, 0x80131368u)               \
    X(CORPROF_E_UNRECOGNIZED_PIPE_MSG_FORMAT, 0x80131369u)          \
    X(CORPROF_E_PROFILER_ALREADY_ACTIVE, 0x8013136Au)               \
    X(CORPROF_E_PROFILEE_INCOMPATIBLE_WITH_TRIGGER, 0x8013136Bu)    \
    X(CORPROF_E_IPC_FAILED, 0x8013136Cu)                            \
    X(CORPROF_E_PROFILEE_PROCESS_NOT_FOUND, 0x8013136Du)            \
    X(CORPROF_E_CALLBACK3_REQUIRED, 0x8013136Eu)                    \
    X(CORPROF_E_UNSUPPORTED_FOR_ATTACHING_PROFILER, 0x8013136Fu)    \
    X(CORPROF_E_IRREVERSIBLE_INSTRUMENTATION_PRESENT, 0x80131370u)  \
    X(CORPROF_E_RUNTIME_UNINITIALIZED, 0x80131371u)                 \
    X(CORPROF_E_IMMUTABLE_FLAGS_SET, 0x80131372u)                   \
    X(CORPROF_E_PROFILER_NOT_YET_INITIALIZED, 0x80131373u)          \
    X(CORPROF_E_INCONSISTENT_WITH_FLAGS, 0x80131374u)               \
    X(CORPROF_E_PROFILER_CANCEL_ACTIVATION, 0x80131375u)            \
    X(CORPROF_E_CONCURRENT_GC_NOT_PROFILABLE, 0x80131376u)          \
    X(CORPROF_E_DEBUGGING_DISABLED, 0x80131378u)                    \
    X(CORPROF_E_TIMEOUT_WAITING_FOR_CONCURRENT_GC, 0x80131379u)     \
    X(CORPROF_E_MODULE_IS_DYNAMIC, 0x8013137Au)                     \
    X(CORPROF_E_CALLBACK4_REQUIRED, 0x8013137Bu)                    \
    X(CORPROF_E_REJIT_NOT_ENABLED, 0x8013137Cu)                     \
    X(CORPROF_E_FUNCTION_IS_COLLECTIBLE, 0x8013137Eu)               \
    X(CORPROF_E_CALLBACK6_REQUIRED, 0x80131380u)                    \
    X(CORPROF_E_CALLBACK7_REQUIRED, 0x80131382u)                    \
    X(CORPROF_E_REJIT_INLINING_DISABLED, 0x80131383u)               \
    X(CORPROF_E_SUSPENSION_IN_PROGRESS, 0x80131388u)                \
    X(CORPROF_E_NOT_GC_OBJECT, 0x80131389u)                         \
    X(CORPROF_E_MODULE_IS_ENC, 0x8013138Au)                         \
    /* metadata */                                                  \
    X(CLDB_E_RECORD_NOTFOUND, 0x80131130u)                          \
    X(CLDB_E_FILE_CORRUPT, 0x8013110Eu)                             \
    X(CLDB_E_INDEX_NOTFOUND, 0x80131124u)                           \
    X(META_E_BAD_SIGNATURE, 0x80131192u)                            \
    X(META_S_DUPLICATE, 0x00131197u)                                \
    X(ERROR_MOD_NOT_FOUND, 0x8007007Eu)                             \
    X(ERROR_PROC_NOT_FOUND, 0x8007007Fu)                            \
    X(META_E_BADMETADATA, 0x8013118Au)                              \
    /* runtime */                                                   \
    X(COR_E_INVALIDPROGRAM, 0x8013153Au)                            \
    X(COR_E_BADIMAGEFORMAT, 0x8007000Bu)                            \
    X(COR_E_EXECUTIONENGINE, 0x80131506u)                           \
    X(COR_E_TYPELOAD, 0x80131522u)                                  \
    X(COR_E_MISSINGMETHOD, 0x80131513u)                             \
    X(COR_E_FILENOTFOUND, 0x80070002u)                              \
    X(COR_E_ARGUMENT, 0x80070057u)                                  \
    X(COR_E_OVERFLOW, 0x80131516u)                                  \
    /* diagnostics IPC */                                           \
    X(DS_IPC_E_BAD_ENCODING, 0x80131384u)                           \
    X(DS_IPC_E_UNKNOWN_COMMAND, 0x80131385u)                        \
    X(DS_IPC_E_UNKNOWN_MAGIC, 0x80131386u)                          \
    X(DS_IPC_E_NOTSUPPORTED, 0x80131515u)                           \
    X(DS_IPC_E_FAIL, 0x80004005u)                                   \
    X(DS_IPC_E_NOT_YET_AVAILABLE, 0x8013135Bu)                      \
    X(DS_IPC_E_RUNTIME_UNINITIALIZED, 0x80131371u)                  \
    X(DS_IPC_E_INVALIDARG, 0x80070057u)

#define CP_S_OK ((cp_hr)0x00000000u)
#define CP_S_FALSE ((cp_hr)0x00000001u)
#define CP_E_FAIL ((cp_hr)0x80004005u)
#define CP_E_INVALIDARG ((cp_hr)0x80070057u)
#define CP_E_NOTIMPL ((cp_hr)0x80004001u)
#define CP_E_NOINTERFACE ((cp_hr)0x80004002u)
#define CP_E_OUTOFMEMORY ((cp_hr)0x8007000Eu)
#define CP_E_POINTER ((cp_hr)0x80004003u)
#define CP_E_UNEXPECTED ((cp_hr)0x8000FFFFu)
#define CP_CLASS_E_CLASSNOTAVAILABLE ((cp_hr)0x80040111u)
#define CP_CLASS_E_NOAGGREGATION ((cp_hr)0x80040110u)
#define CP_CLDB_E_RECORD_NOTFOUND ((cp_hr)0x80131130u)

#define CP_CORPROF_E_FUNCTION_NOT_COMPILED ((cp_hr)0x80131350u)
#define CP_CORPROF_E_DATAINCOMPLETE ((cp_hr)0x80131351u)
#define CP_CORPROF_E_FUNCTION_NOT_IL ((cp_hr)0x80131354u)
#define CP_CORPROF_E_NOT_MANAGED_THREAD ((cp_hr)0x80131355u)
#define CP_CORPROF_E_CALL_ONLY_FROM_INIT ((cp_hr)0x80131356u)
#define CP_CORPROF_E_NOT_YET_AVAILABLE ((cp_hr)0x8013135Bu)
#define CP_CORPROF_E_TYPE_IS_PARAMETERIZED ((cp_hr)0x8013135Cu)
#define CP_CORPROF_E_FUNCTION_IS_PARAMETERIZED ((cp_hr)0x8013135Du)
#define CP_CORPROF_E_STACKSNAPSHOT_INVALID_TGT_THREAD ((cp_hr)0x8013135Eu)
#define CP_CORPROF_E_STACKSNAPSHOT_UNMANAGED_CTX ((cp_hr)0x8013135Fu)
#define CP_CORPROF_E_STACKSNAPSHOT_UNSAFE ((cp_hr)0x80131360u)
#define CP_CORPROF_E_STACKSNAPSHOT_ABORTED ((cp_hr)0x80131361u)
#define CP_CORPROF_E_LITERALS_HAVE_NO_ADDRESS ((cp_hr)0x80131362u)
#define CP_CORPROF_E_UNSUPPORTED_CALL_SEQUENCE ((cp_hr)0x80131363u)
#define CP_CORPROF_E_ASYNCHRONOUS_UNSAFE ((cp_hr)0x80131364u)
#define CP_CORPROF_E_CLASSID_IS_ARRAY ((cp_hr)0x80131365u)
#define CP_CORPROF_E_CLASSID_IS_COMPOSITE ((cp_hr)0x80131366u)
#define CP_CORPROF_E_PROFILER_DETACHING ((cp_hr)0x80131367u)
#define CP_CORPROF_E_PROFILER_NOT_ATTACHABLE ((cp_hr)0x80131368u)
#define CP_CORPROF_E_UNRECOGNIZED_PIPE_MSG_FORMAT ((cp_hr)0x80131369u)
#define CP_CORPROF_E_PROFILER_ALREADY_ACTIVE ((cp_hr)0x8013136Au)
#define CP_CORPROF_E_PROFILEE_INCOMPATIBLE_WITH_TRIGGER ((cp_hr)0x8013136Bu)
#define CP_CORPROF_E_IPC_FAILED ((cp_hr)0x8013136Cu)
#define CP_CORPROF_E_PROFILEE_PROCESS_NOT_FOUND ((cp_hr)0x8013136Du)
#define CP_CORPROF_E_CALLBACK3_REQUIRED ((cp_hr)0x8013136Eu)
#define CP_CORPROF_E_UNSUPPORTED_FOR_ATTACHING_PROFILER ((cp_hr)0x8013136Fu)
#define CP_CORPROF_E_IRREVERSIBLE_INSTRUMENTATION_PRESENT ((cp_hr)0x80131370u)
#define CP_CORPROF_E_RUNTIME_UNINITIALIZED ((cp_hr)0x80131371u)
#define CP_CORPROF_E_IMMUTABLE_FLAGS_SET ((cp_hr)0x80131372u)
#define CP_CORPROF_E_PROFILER_NOT_YET_INITIALIZED ((cp_hr)0x80131373u)
#define CP_CORPROF_E_INCONSISTENT_WITH_FLAGS ((cp_hr)0x80131374u)
#define CP_CORPROF_E_PROFILER_CANCEL_ACTIVATION ((cp_hr)0x80131375u)
#define CP_CORPROF_E_CONCURRENT_GC_NOT_PROFILABLE ((cp_hr)0x80131376u)
#define CP_CORPROF_E_DEBUGGING_DISABLED ((cp_hr)0x80131378u)
#define CP_CORPROF_E_TIMEOUT_WAITING_FOR_CONCURRENT_GC ((cp_hr)0x80131379u)
#define CP_CORPROF_E_MODULE_IS_DYNAMIC ((cp_hr)0x8013137Au)
#define CP_CORPROF_E_CALLBACK4_REQUIRED ((cp_hr)0x8013137Bu)
#define CP_CORPROF_E_REJIT_NOT_ENABLED ((cp_hr)0x8013137Cu)
#define CP_CORPROF_E_FUNCTION_IS_COLLECTIBLE ((cp_hr)0x8013137Eu)
#define CP_CORPROF_E_CALLBACK6_REQUIRED ((cp_hr)0x80131380u)
#define CP_CORPROF_E_CALLBACK7_REQUIRED ((cp_hr)0x80131382u)
#define CP_CORPROF_E_REJIT_INLINING_DISABLED ((cp_hr)0x80131383u)
#define CP_CORPROF_E_SUSPENSION_IN_PROGRESS ((cp_hr)0x80131388u)
#define CP_CORPROF_E_NOT_GC_OBJECT ((cp_hr)0x80131389u)
#define CP_CORPROF_E_MODULE_IS_ENC ((cp_hr)0x8013138Au)

/* The name of hr from CP_HRESULT_LIST, or NULL when it has none. */
const char *cp_hr_name(cp_hr hr);

/*
 * Reads an HRESULT written as a name from CP_HRESULT_LIST (exact,
 * case-sensitive), as 0x or 0X followed by 1 to 8 hex digits (any 32-bit
 * pattern), or as a decimal integer with an optional leading minus that fits
 * in 32 signed bits.  Nothing may precede or follow.  Returns 0 and stores
 * the value in *out, or returns -1 and leaves *out alone when text is NULL
 * or has any other form.
 */
int cp_hr_parse(const char *text, cp_hr *out);

/*
 * Writes "NAME (0x8013137C)" for a named hr, "0x8013137C" otherwise (eight
 * upper-case hex digits), truncated to fit size bytes including the
 * terminating NUL.  Returns the length the full text has, as snprintf does;
 * buf may be NULL when size is 0.
 */
int cp_hr_format(cp_hr hr, char *buf, size_t size);

#endif
