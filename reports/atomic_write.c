#include "atomic_write.h"

#include <stdio.h>
#include <unistd.h>

int atomic_write(const char *path, const void *data, size_t len, struct err *e)
{
    char tmp[4096];
    FILE *f;
    int ok;

    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp%d", path, (int)getpid()) >= sizeof tmp)
        return err_set(e, "%s: path too long", path);
    f = fopen(tmp, "wb");
    if (!f)
        return err_errno(e, "%s: cannot write the report", path);
    ok = fwrite(data, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) < 0) {
        err_errno(e, "%s: cannot write the report", path);
        unlink(tmp);
        return -1;
    }
    return 0;
}
