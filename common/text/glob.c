#include "glob.h"

#include <string.h>

int glob_match(const char *p, const char *t)
{
    const char *star = NULL, *resume = NULL;

    while (*t) {
        if (*p == '*') {
            star = p++;
            resume = t;
        } else if (*p == '?' || (*p != '\0' && *p == *t)) {
            p++;
            t++;
        } else if (star) {
            p = star + 1;
            t = ++resume;
        } else {
            return 0;
        }
    }
    while (*p == '*')
        p++;
    return *p == '\0';
}

int glob_has_wildcard(const char *s)
{
    return strchr(s, '*') != NULL || strchr(s, '?') != NULL;
}
