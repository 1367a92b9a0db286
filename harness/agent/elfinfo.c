#include "elfinfo.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NOTE_GNU_BUILD_ID 3 /* NT_GNU_BUILD_ID */

static int scan_notes(Elf *elf, char *hex, size_t size)
{
    Elf_Scn *scn = NULL;

    while ((scn = elf_nextscn(elf, scn)) != NULL) {
        GElf_Shdr sh;
        Elf_Data *data;
        size_t off = 0, name_off, desc_off;
        GElf_Nhdr nh;

        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
            continue;
        data = elf_getdata(scn, NULL);
        if (!data)
            continue;
        while ((off = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
            const unsigned char *desc = (const unsigned char *)data->d_buf + desc_off;
            const char *name = (const char *)data->d_buf + name_off;

            if (nh.n_type != NOTE_GNU_BUILD_ID || nh.n_namesz != 4 || memcmp(name, "GNU", 4) != 0)
                continue;
            if (size < 2 * nh.n_descsz + 1)
                return -1;
            for (size_t i = 0; i < nh.n_descsz; i++)
                snprintf(hex + 2 * i, 3, "%02x", desc[i]);
            return 0;
        }
    }
    return -1;
}

int elfinfo_build_id(const char *path, char *hex, size_t size, struct err *e)
{
    Elf *elf;
    int fd, rc;

    if (elf_version(EV_CURRENT) == EV_NONE)
        return err_set(e, "libelf: %s", elf_errmsg(-1));
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_errno(e, "%s", path);
    elf = elf_begin(fd, ELF_C_READ, NULL);
    if (!elf || elf_kind(elf) != ELF_K_ELF) {
        if (elf)
            elf_end(elf);
        close(fd);
        return err_set(e, "%s: not an ELF file", path);
    }
    rc = scan_notes(elf, hex, size);
    elf_end(elf);
    close(fd);
    if (rc < 0)
        return err_set(e, "%s: no GNU build-id note", path);
    return 0;
}
