/*
 * c_numeric.h - the calling thread's LC_NUMERIC set to "C" for a while, so
 * that the reports write and read numbers ("%.3f", strtod) with a '.',
 * whatever locale the process has.  Only this thread is affected.
 */
#ifndef PROFCHECK_C_NUMERIC_H
#define PROFCHECK_C_NUMERIC_H

#include <locale.h>

struct c_numeric {
    locale_t c;     /* the "C" numeric locale in use */
    locale_t saved; /* what the thread had before */
};

/* Switches the calling thread to LC_NUMERIC "C"; -1 when out of memory
 * (nothing changed then). */
int c_numeric_init(struct c_numeric *cn);

/* Gives the thread back the locale it had. */
void c_numeric_release(struct c_numeric *cn);

#endif
