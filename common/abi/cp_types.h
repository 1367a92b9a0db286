/*
 * cp_types.h - base types of the CLR profiling ABI as seen from C on Linux.
 *
 * The runtime's PAL makes ULONG, DWORD, LONG, BOOL and HRESULT 32 bits wide,
 * WCHAR a 16-bit UTF-16 code unit, and every runtime ID (FunctionID, ModuleID,
 * ReJITID...) pointer sized.  Metadata tokens are 32 bits.  Methods use the
 * platform calling convention with the interface pointer as first argument.
 */
#ifndef PROFCHECK_CP_TYPES_H
#define PROFCHECK_CP_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <uchar.h>

typedef int32_t cp_hr;          /* HRESULT */
typedef uint32_t cp_ulong;      /* ULONG, DWORD, ULONG32 */
typedef int32_t cp_long;        /* LONG */
typedef int32_t cp_bool;        /* BOOL: 0 false, nonzero true */
typedef uint8_t cp_byte;        /* BYTE */
typedef char16_t cp_wchar;      /* WCHAR: one UTF-16 code unit */
typedef uint64_t cp_ulong64;    /* ULONG64 */

/* Runtime IDs: opaque pointer-sized values. */
typedef uintptr_t cp_id;
typedef cp_id cp_function_id;
typedef cp_id cp_class_id;
typedef cp_id cp_module_id;
typedef cp_id cp_assembly_id;
typedef cp_id cp_appdomain_id;
typedef cp_id cp_thread_id;
typedef cp_id cp_context_id;
typedef cp_id cp_object_id;
typedef cp_id cp_gc_handle_id;
typedef cp_id cp_rejit_id;
typedef cp_id cp_process_id;    /* ProcessID */
typedef cp_id cp_reference_id;  /* ReJITID-like opaque ids used by some callbacks */
typedef cp_id cp_evpipe_provider; /* EVENTPIPE_PROVIDER */
typedef cp_id cp_evpipe_event;    /* EVENTPIPE_EVENT */
typedef uint64_t cp_evpipe_session; /* EVENTPIPE_SESSION */

/* Metadata tokens (mdToken, mdMethodDef, mdTypeDef, ...). */
typedef uint32_t cp_token;

typedef uint8_t cp_sig_byte;                 /* COR_SIGNATURE */
typedef const cp_sig_byte *cp_sig;           /* PCCOR_SIGNATURE */
typedef void *cp_enum_handle;                /* HCORENUM */

struct cp_guid {
    uint32_t data1;
    uint16_t data2;
    uint16_t data3;
    uint8_t data4[8];
};

/* Severity bit set: the call failed. */
#define CP_FAILED(hr) ((cp_hr)(hr) < 0)
#define CP_SUCCEEDED(hr) ((cp_hr)(hr) >= 0)

#endif
