/*
 * app_path.h - where a case's app is: its own dll (<app dll>), or a fixture
 * by name, looked for in each directory of the fixtures search path
 * (`run --fixtures DIR`, repeatable; build/fixtures by default), as
 * DIR/Name/Name.dll.
 */
#ifndef PROFCHECK_APP_PATH_H
#define PROFCHECK_APP_PATH_H

#include <stddef.h>

#include "../model/case.h"

/* Directories of a search path are separated by this character. */
#define APP_PATH_SEP ':'

/* The fixture `name` in the search path: 0 with dll set to the first
 * DIR/name/name.dll that exists; -1 with dll set to where it was looked for
 * first (and `looked` listing every place, when not NULL). */
int app_path_fixture(const char *search, const char *name, char *dll, size_t size, char *looked, size_t looked_size);

/* The case's app: its dll, or its fixture in the search path (as above). */
int app_path_dll(const char *search, const struct case_def *c, char *dll, size_t size, char *looked,
                 size_t looked_size);

/* The runtimeconfig.json next to an app's dll: App.dll -> App.runtimeconfig.json. */
void app_path_runtimeconfig(const char *dll, char *out, size_t size);

#endif
