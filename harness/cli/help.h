/*
 * help.h - the --help text of profcheck and of each command.  Each is
 * generated, together with the command's manual page, from one source,
 * man/<page>.txt, by man/mangen.c (docs/architecture.md, "Help and
 * manual pages"): edit the text there.
 */
#ifndef PROFCHECK_HELP_H
#define PROFCHECK_HELP_H

extern const char help_profcheck[];
extern const char help_run[];
extern const char help_list[];
extern const char help_validate[];
extern const char help_merge[];
extern const char help_attach[];
extern const char help_inspect_agent[];
extern const char help_paths[];

#endif
