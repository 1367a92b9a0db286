/*
 * proxy_il.h - facts about a body an agent hands to SetILFunctionBody
 * (proxy_il.c).
 */
#ifndef PROFCHECK_PROXY_IL_H
#define PROFCHECK_PROXY_IL_H

#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

/* The body's length read from its header and EH sections, 0 when unusable. */
size_t proxy_body_extent(const uint8_t *p);
/* il_verify on the body of method in module; 0, or -1 with why. */
int proxy_body_check(cp_module_id module, cp_token method, const uint8_t *body, size_t len, char *why,
                     size_t why_size);
/* 1 when the method already has native code. */
int proxy_method_compiled(cp_module_id module, cp_token method);

#endif
