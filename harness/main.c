/*
 * main.c - profcheck: a conformance suite and regression harness for .NET
 * profiler agents.  Dispatches to the subcommands in cli/.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/help.h"

/* The --help text: man/profcheck.txt (cli/help.h). */
static void usage(FILE *f)
{
    fputs(help_profcheck, f);
}

int main(int argc, char **argv)
{
    const char *cmd;

    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return EXIT_PASSED;
    }
    if (strcmp(cmd, "--version") == 0) {
        /* --version --verbose: the version, then where everything is (profcheck paths). */
        if (argc > 2 && (strcmp(argv[2], "--verbose") == 0 || strcmp(argv[2], "-v") == 0))
            return cmd_paths(argc - 2, argv + 2);
        printf("profcheck %s%s%s%s\n", PROFCHECK_VERSION, profcheck_revision[0] ? " (" : "", profcheck_revision,
               profcheck_revision[0] ? ")" : "");
        return EXIT_PASSED;
    }
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "list") == 0)
        return cmd_list(argc - 1, argv + 1);
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc - 1, argv + 1);
    if (strcmp(cmd, "merge") == 0)
        return cmd_merge(argc - 1, argv + 1);
    if (strcmp(cmd, "attach") == 0)
        return cmd_attach(argc - 1, argv + 1);
    if (strcmp(cmd, "inspect-agent") == 0)
        return cmd_inspect(argc - 1, argv + 1);
    if (strcmp(cmd, "paths") == 0)
        return cmd_paths(argc - 1, argv + 1);
    fprintf(stderr, "profcheck: unknown command '%s'\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
}
