#include "c_numeric.h"

int c_numeric_init(struct c_numeric *cn)
{
    cn->c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (cn->c == (locale_t)0)
        return -1;
    cn->saved = uselocale(cn->c);
    return 0;
}

void c_numeric_release(struct c_numeric *cn)
{
    uselocale(cn->saved);
    freelocale(cn->c);
}
