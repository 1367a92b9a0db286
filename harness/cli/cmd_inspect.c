/*
 * cmd_inspect.c - `profcheck inspect-agent LIB.so [--json]`: the preflight
 * of a profiler library (docs/vendor-guide.md, "Preflight").
 */
#include <stdio.h>
#include <string.h>

#include "../../reports/json.h"
#include "../agent/inspect.h"
#include "cli.h"
#include "help.h"
#include "opts.h"

enum { OPT_HELP = 1, OPT_JSON };

static const struct opt_spec specs[] = {
    {"help", 'h', 0, OPT_HELP},
    {"json", 0, 0, OPT_JSON},
    {NULL, 0, 0, 0},
};

/* The --help text: man/profcheck-inspect-agent.txt (cli/help.h). */
static void usage(FILE *f)
{
    fputs(help_inspect_agent, f);
}

static void lines_to_json(struct strbuf *out, const char *key, const struct strbuf *lines)
{
    const char *p = strbuf_str(lines);
    int first = 1;

    strbuf_addf(out, ",\"%s\":[", key);
    while (*p) {
        size_t n = strcspn(p, "\n");
        char one[1024];
        snprintf(one, sizeof one, "%.*s", (int)n, p);
        if (!first)
            strbuf_addch(out, ',');
        json_string(out, one);
        first = 0;
        p += n;
        p += *p == '\n';
    }
    strbuf_addch(out, ']');
}

static void print_json(const struct agent_facts *f, int nproblems, const struct strbuf *problems,
                       const struct strbuf *warnings)
{
    struct strbuf out = STRBUF_INIT;

    strbuf_adds(&out, "{\"path\":");
    json_string(&out, f->path);
    strbuf_addf(&out, ",\"elf\":%s", f->is_elf ? "true" : "false");
    if (f->is_elf) {
        strbuf_addf(&out, ",\"class\":%d,\"machine\":", f->elf_class);
        json_string(&out, agent_machine_name(f->machine));
        strbuf_addf(&out, ",\"e_machine\":%d,\"host_machine\":", f->machine);
        json_string(&out, agent_machine_name(f->host_machine));
        strbuf_addf(&out, ",\"shared\":%s,\"exports\":%zu,\"dll_get_class_object\":%s,\"dll_can_unload_now\":%s",
                    f->is_shared ? "true" : "false", f->nexports, f->exports_get_class_object ? "true" : "false",
                    f->exports_can_unload_now ? "true" : "false");
        strbuf_addf(&out, ",\"executable_stack\":%s,\"text_relocations\":%s", f->exec_stack ? "true" : "false",
                    f->textrel ? "true" : "false");
        strbuf_adds(&out, ",\"needed\":[");
        for (size_t i = 0; i < f->nneeded; i++) {
            strbuf_adds(&out, i ? ",{\"name\":" : "{\"name\":");
            json_string(&out, f->needed[i].name);
            strbuf_adds(&out, ",\"found\":");
            json_string(&out, f->needed[i].found);
            strbuf_addch(&out, '}');
        }
        strbuf_adds(&out, "],\"rpath\":");
        json_string(&out, f->rpath);
        strbuf_adds(&out, ",\"runpath\":");
        json_string(&out, f->runpath);
        strbuf_adds(&out, ",\"soname\":");
        json_string(&out, f->soname);
        strbuf_adds(&out, ",\"build_id\":");
        json_string(&out, f->build_id[0] ? f->build_id : NULL);
    }
    strbuf_addf(&out, ",\"loadable\":%s", nproblems == 0 ? "true" : "false");
    lines_to_json(&out, "problems", problems);
    lines_to_json(&out, "warnings", warnings);
    strbuf_adds(&out, "}\n");
    fputs(strbuf_str(&out), stdout);
    strbuf_release(&out);
}

static void print_human(const struct agent_facts *f, int nproblems, const struct strbuf *problems,
                        const struct strbuf *warnings)
{
    printf("agent: %s\n", f->path);
    if (f->is_elf) {
        printf("  ELF %d-bit %s (this machine: %d-bit %s), %s\n", f->elf_class, agent_machine_name(f->machine),
               f->host_class, agent_machine_name(f->host_machine), f->is_shared ? "shared object" : "not a shared object");
        printf("  exports: %zu symbols; DllGetClassObject %s; DllCanUnloadNow %s\n", f->nexports,
               f->exports_get_class_object ? "yes" : "no", f->exports_can_unload_now ? "yes" : "no");
        printf("  stack: %s; text relocations: %s\n",
               f->exec_stack ? "executable" : f->has_gnu_stack ? "not executable" : "unspecified",
               f->textrel ? "yes" : "none");
        for (size_t i = 0; i < f->nneeded; i++)
            printf("  needs %s: %s\n", f->needed[i].name, f->needed[i].found ? f->needed[i].found : "NOT FOUND");
        printf("  rpath: %s; runpath: %s; soname: %s\n", f->rpath ? f->rpath : "-", f->runpath ? f->runpath : "-",
               f->soname ? f->soname : "-");
        printf("  build-id: %s\n", f->build_id[0] ? f->build_id : "-");
    }
    agent_print_lines(stdout, "problem: ", problems);
    agent_print_lines(stdout, "warning: ", warnings);
    printf("verdict: %s\n", nproblems == 0 ? "loadable as a profiler" : "not loadable as a profiler");
}

int cmd_inspect(int argc, char **argv)
{
    struct strbuf problems = STRBUF_INIT, warnings = STRBUF_INIT;
    const char *value, *path = NULL;
    struct agent_facts f;
    struct opts o;
    struct err e;
    int id, json = 0, n;

    opts_init(&o, argc, argv);
    err_init(&e);
    while ((id = opts_next(&o, specs, &value, &e)) != -1) {
        if (id == -2) {
            fprintf(stderr, "profcheck inspect-agent: %s\n", e.msg);
            usage(stderr);
            return EXIT_USAGE;
        }
        if (id == OPT_HELP) {
            usage(stdout);
            return EXIT_PASSED;
        }
        if (id == OPT_JSON) {
            json = 1;
            continue;
        }
        if (path) {
            fprintf(stderr, "profcheck inspect-agent: one library at a time ('%s' and '%s')\n", path, value);
            return EXIT_USAGE;
        }
        path = value;
    }
    if (!path) {
        fprintf(stderr, "profcheck inspect-agent: name the library\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    if (agent_inspect(path, &f, &e) < 0) {
        fprintf(stderr, "profcheck inspect-agent: %s\n", e.msg);
        return EXIT_ENVIRONMENT;
    }
    n = agent_verdict(&f, &problems, &warnings);
    if (n >= 0) {
        if (json)
            print_json(&f, n, &problems, &warnings);
        else
            print_human(&f, n, &problems, &warnings);
    } else {
        fprintf(stderr, "profcheck inspect-agent: out of memory\n");
    }
    agent_facts_release(&f);
    strbuf_release(&problems);
    strbuf_release(&warnings);
    return n < 0 ? EXIT_ENVIRONMENT : n == 0 ? EXIT_PASSED : EXIT_FAILED;
}
