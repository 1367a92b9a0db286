/*
 * run_app.c - starting the app: the fixture's command line and an explicit
 * environment (what is passed through, the cookie, the profiler's
 * variables), spawned in the run directory (runner_internal.h).
 */
#include "runner_internal.h"

#include "app_path.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Environment variables handed through from profcheck's own environment. */
static const char *const pass_through[] = {"PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL",
                                           "DOTNET_ROOT", NULL};

static int build_env(struct run *r, char ***out)
{
    const struct case_def *c = r->c;
    size_t cap = 32 + c->nenv + r->env->nchild_env, n = 0;
    char **env = calloc(cap, sizeof *env);
    struct strbuf sb = STRBUF_INIT;

#define PUSH(...)                                                                                            \
    do {                                                                                                     \
        strbuf_reset(&sb);                                                                                   \
        if (n + 1 >= cap || strbuf_addf(&sb, __VA_ARGS__) < 0 || !(env[n++] = strdup(strbuf_str(&sb))))      \
            goto oom;                                                                                        \
    } while (0)

    if (!env)
        return -1;
    for (const char *const *v = pass_through; *v; v++) {
        const char *val = getenv(*v);
        if (val)
            PUSH("%s=%s", *v, val);
    }
    PUSH("TMPDIR=%s", r->dir);
    PUSH("DOTNET_CLI_TELEMETRY_OPTOUT=1");
    PUSH("DOTNET_NOLOGO=1");
    PUSH("%s=%s", PROC_COOKIE_VAR, r->cookie);
    PUSH("PROFCHECK_ATTEMPT=%d", r->env->attempt > 0 ? r->env->attempt : 1);
    PUSH("PROFCHECK_REPLY_FD=%d", RUN_REPLY_FD);
    for (size_t i = 0; i < c->nenv; i++)
        PUSH("%s=%s", c->env[i].name, c->env[i].value);
    for (size_t i = 0; i < r->env->nchild_env; i++)
        PUSH("%s", r->env->child_env[i]);
    if (c->profiler.agent) {
        /* The reference profiler as the proxy; path and clsid of the case name the agent. */
        PUSH("CORECLR_ENABLE_PROFILING=1");
        PUSH("CORECLR_PROFILER=%s", r->env->clsid);
        PUSH("CORECLR_PROFILER_PATH=%s", r->env->profiler_path);
        PUSH("PROFCHECK_CHANNEL=%s", r->chan.path);
        PUSH("PROFCHECK_AGENT=%s", r->agent.path);
        PUSH("PROFCHECK_AGENT_CLSID=%s", r->agent.clsid);
    } else if (c->profiler.load == LOAD_STARTUP) {
        PUSH("CORECLR_ENABLE_PROFILING=1");
        PUSH("CORECLR_PROFILER=%s", c->profiler.clsid ? c->profiler.clsid : r->env->clsid);
        PUSH("CORECLR_PROFILER_PATH=%s", c->profiler.path ? c->profiler.path : r->env->profiler_path);
        PUSH("PROFCHECK_CHANNEL=%s", r->chan.path);
        PUSH("PROFCHECK_CALLBACKS=%d", c->profiler.callback_max);
    } else if (c->profiler.load == LOAD_ATTACH) {
        /* Read when the runtime creates the profiler at the attach: only the
         * environment the app started with can say it that early. */
        PUSH("PROFCHECK_CALLBACKS=%d", c->profiler.callback_max);
    }
#undef PUSH
    strbuf_release(&sb);
    env[n] = NULL;
    *out = env;
    return 0;
oom:
    strbuf_release(&sb);
    for (size_t i = 0; i < n; i++)
        free(env[i]);
    free(env);
    return -1;
}

static void strv_free(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

int start_app(struct run *r)
{
    const struct case_def *c = r->c;
    char dll[PATH_MAX], looked[2048];
    char **argv = NULL, **envp = NULL;
    struct proc_spec spec;
    struct err e;
    int rc = 0;

    if (app_path_dll(r->env->fixtures_dir, c, dll, sizeof dll, looked, sizeof looked) < 0) {
        if (c->app_dll)
            run_decide(r, VERDICT_ERROR, "%s: the app %s is not there (build it; dll= is relative to the case file)",
                   c->path, c->app_dll);
        else
            run_decide(r, VERDICT_ERROR, "%s: fixture '%s' is not built: no %s (run `make build`, or give its "
                                     "directory with --fixtures)",
                   c->path, c->fixture, looked);
        return 0;
    }
    argv = calloc(c->nargs + 3, sizeof *argv);
    if (!argv)
        return -1;
    argv[0] = strdup(r->env->dotnet);
    argv[1] = strdup(dll);
    for (size_t i = 0; i < c->nargs; i++)
        argv[2 + i] = strdup(c->args[i]);
    for (size_t i = 0; i < c->nargs + 2; i++)
        if (!argv[i])
            rc = -1;
    if (rc == 0)
        rc = build_env(r, &envp);
    if (rc == 0) {
        spec.path = r->env->dotnet;
        spec.argv = argv;
        spec.envp = envp;
        spec.cwd = r->dir;
        spec.reply_fd = RUN_REPLY_FD;
        err_init(&e);
        if (proc_spawn(&r->proc, &spec, &e) < 0)
            run_decide(r, VERDICT_ERROR, "%s", e.msg);
        else {
            r->chan.owner = r->proc.pid; /* only the app's process tree may join the channel */
            run_trace(r, "started %s %s (pid %d)", r->env->dotnet, dll, (int)r->proc.pid);
        }
    }
    strv_free(argv);
    strv_free(envp);
    return rc;
}
