/*
 * cmd_attach.c - `profcheck attach PID --profiler LIB --clsid GUID`: loads
 * a profiler into a running .NET process through its diagnostics socket
 * and reports what the runtime answered (docs/attach.md).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../attach/client.h"
#include "cli.h"
#include "help.h"
#include "abi/cp_hresults.h"
#include "opts.h"

/* Exit codes of `profcheck attach` (beyond 0, 2 and 3). */
enum {
    EXIT_ATTACH_NO_PROCESS = 4,
    EXIT_ATTACH_NO_SOCKET = 5,
    EXIT_ATTACH_REFUSED = 6,
    EXIT_ATTACH_RUNTIME_ERROR = 7,
    EXIT_ATTACH_TIMEOUT = 8,
    EXIT_ATTACH_NO_REPLY = 9
};

#define DEFAULT_TIMEOUT 10.0

enum { OPT_HELP = 1, OPT_PROFILER, OPT_CLSID, OPT_CLIENT_DATA, OPT_TIMEOUT, OPT_QUIET };

static const struct opt_spec specs[] = {
    {"help", 'h', 0, OPT_HELP},
    {"profiler", 'p', 1, OPT_PROFILER},
    {"clsid", 0, 1, OPT_CLSID},
    {"client-data", 0, 1, OPT_CLIENT_DATA},
    {"timeout", 't', 1, OPT_TIMEOUT},
    {"quiet", 'q', 0, OPT_QUIET},
    {NULL, 0, 0, 0},
};

/* The --help text: man/profcheck-attach.txt (cli/help.h). */
static void usage(FILE *f)
{
    fputs(help_attach, f);
}

static int exit_code_of(int status)
{
    switch (status) {
    case ATTACH_OK: return EXIT_PASSED;
    case ATTACH_NO_PROCESS: return EXIT_ATTACH_NO_PROCESS;
    case ATTACH_NO_SOCKET: return EXIT_ATTACH_NO_SOCKET;
    case ATTACH_REFUSED: return EXIT_ATTACH_REFUSED;
    case ATTACH_RUNTIME_ERROR: return EXIT_ATTACH_RUNTIME_ERROR;
    case ATTACH_TIMEOUT: return EXIT_ATTACH_TIMEOUT;
    case ATTACH_LOCAL: return EXIT_ENVIRONMENT;
    default: return EXIT_ATTACH_NO_REPLY;
    }
}

static int parse_pid(const char *text, pid_t *pid)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(text, &end, 10);
    if (errno || end == text || *end || v <= 0 || v > INT_MAX)
        return -1;
    *pid = (pid_t)v;
    return 0;
}

int cmd_attach(int argc, char **argv)
{
    const char *value, *pid_text = NULL, *profiler = NULL, *clsid = NULL, *client_data = NULL;
    char absolute[PATH_MAX], hr_text[96];
    struct attach_request rq;
    double timeout = DEFAULT_TIMEOUT;
    int quiet = 0, id, status;
    int32_t hr = 0;
    struct stat st;
    struct opts o;
    struct err e;
    pid_t pid;

    opts_init(&o, argc, argv);
    err_init(&e);
    memset(&rq, 0, sizeof rq);
    while ((id = opts_next(&o, specs, &value, &e)) != -1) {
        switch (id) {
        case -2:
            fprintf(stderr, "profcheck attach: %s\n", e.msg);
            usage(stderr);
            return EXIT_USAGE;
        case OPT_HELP: usage(stdout); return EXIT_PASSED;
        case OPT_PROFILER: profiler = value; break;
        case OPT_CLSID: clsid = value; break;
        case OPT_CLIENT_DATA: client_data = value; break;
        case OPT_QUIET: quiet = 1; break;
        case OPT_TIMEOUT: {
            char *end;
            errno = 0;
            timeout = strtod(value, &end);
            if (errno || end == value || *end || !(timeout > 0) || timeout > 86400) {
                fprintf(stderr, "profcheck attach: --timeout wants seconds between 0 and 86400, not '%s'\n", value);
                return EXIT_USAGE;
            }
            break;
        }
        default:
            if (pid_text) {
                fprintf(stderr, "profcheck attach: one process id only ('%s' and '%s')\n", pid_text, value);
                return EXIT_USAGE;
            }
            pid_text = value;
        }
    }
    if (!pid_text || !profiler || !clsid) {
        fprintf(stderr, "profcheck attach: %s\n",
                !pid_text ? "name the process id" : !profiler ? "--profiler is required" : "--clsid is required");
        usage(stderr);
        return EXIT_USAGE;
    }
    if (parse_pid(pid_text, &pid) < 0) {
        fprintf(stderr, "profcheck attach: '%s' is not a process id\n", pid_text);
        return EXIT_USAGE;
    }
    if (ipc_guid_parse(clsid, &rq.clsid, &e) < 0) {
        fprintf(stderr, "profcheck attach: --clsid: %s\n", e.msg);
        return EXIT_USAGE;
    }
    /* The process first: a wrong pid is the likelier mistake, and its
     * answer does not depend on the library. */
    if (kill(pid, 0) < 0 && errno == ESRCH) {
        fprintf(stderr, "profcheck attach: no process with id %ld\n", (long)pid);
        return EXIT_ATTACH_NO_PROCESS;
    }
    if (stat(profiler, &st) < 0) {
        fprintf(stderr, "profcheck attach: %s: %s\n", profiler, strerror(errno));
        return EXIT_ENVIRONMENT;
    }
    if (!S_ISREG(st.st_mode) || !realpath(profiler, absolute)) {
        fprintf(stderr, "profcheck attach: %s: %s\n", profiler,
                S_ISREG(st.st_mode) ? strerror(errno) : "not a regular file");
        return EXIT_ENVIRONMENT;
    }
    rq.profiler_path = absolute;
    rq.timeout = (uint32_t)(timeout * 1000);
    rq.client_data = client_data;
    rq.client_data_len = client_data ? strlen(client_data) : 0;
    /* A message the protocol cannot carry is a mistake in the arguments. */
    {
        uint8_t *msg = NULL;
        size_t len = 0;
        if (ipc_attach_encode(&rq, &msg, &len, &e) < 0) {
            fprintf(stderr, "profcheck attach: %s\n", e.msg);
            return EXIT_USAGE;
        }
        free(msg);
    }

    status = attach_client_run(pid, &rq, timeout, &hr, &e);
    if (status == ATTACH_OK) {
        cp_hr_format(hr, hr_text, sizeof hr_text);
        if (!quiet)
            printf("attached %s to process %ld: %s\n", absolute, (long)pid, hr_text);
        return EXIT_PASSED;
    }
    fprintf(stderr, "profcheck attach: %s\n", e.msg);
    return exit_code_of(status);
}
