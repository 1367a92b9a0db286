/*
 * inspect.c - the preflight of a profiler library with libelf: what the
 * dynamic loader and the runtime need of it, checked before any process is
 * started.
 */
#include "inspect.h"

#include <fcntl.h>
#include <gelf.h>
#include <dirent.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text/glob.h"
#include "elfinfo.h"

#if defined(__x86_64__)
#define HOST_MACHINE EM_X86_64
#elif defined(__aarch64__)
#define HOST_MACHINE EM_AARCH64
#elif defined(__i386__)
#define HOST_MACHINE EM_386
#elif defined(__arm__)
#define HOST_MACHINE EM_ARM
#else
#define HOST_MACHINE EM_NONE
#endif

#define HOST_CLASS ((int)(sizeof(void *) * 8))

void agent_facts_init(struct agent_facts *f)
{
    memset(f, 0, sizeof *f);
    f->host_machine = HOST_MACHINE;
    f->host_class = HOST_CLASS;
}

void agent_facts_release(struct agent_facts *f)
{
    for (size_t i = 0; i < f->nneeded; i++) {
        free(f->needed[i].name);
        free(f->needed[i].found);
    }
    free(f->needed);
    free(f->rpath);
    free(f->runpath);
    free(f->soname);
    f->needed = NULL;
    f->nneeded = 0;
    f->rpath = f->runpath = f->soname = NULL;
}

void agent_print_lines(FILE *f, const char *prefix, const struct strbuf *lines)
{
    const char *p = strbuf_str(lines);

    while (*p) {
        size_t n = strcspn(p, "\n");
        fprintf(f, "  %s%.*s\n", prefix, (int)n, p);
        p += n;
        p += *p == '\n';
    }
}

const char *agent_machine_name(int machine)
{
    switch (machine) {
    case EM_X86_64: return "x86-64";
    case EM_AARCH64: return "AArch64";
    case EM_386: return "i386";
    case EM_ARM: return "ARM";
    case EM_RISCV: return "RISC-V";
    case EM_PPC64: return "PowerPC64";
    case EM_S390: return "s390";
    case EM_LOONGARCH: return "LoongArch";
    default: return "other";
    }
}

static int is_file(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The ELF class and machine a library must have to be loaded with the
 * agent; the loader passes over others (a 32-bit libc in /lib32). */
struct wanted {
    int elf_class; /* 32 or 64 */
    int machine;
};

/* 1 when path is an ELF file of the wanted class and machine (or when its
 * header cannot be read, or nothing is wanted: then the loader decides). */
static int fits(const char *path, const struct wanted *w)
{
    unsigned char h[20];
    FILE *fp = fopen(path, "rbe");
    size_t n = fp ? fread(h, 1, sizeof h, fp) : 0;

    if (fp)
        fclose(fp);
    if (!w || n < sizeof h || memcmp(h, "\177ELF", 4) != 0)
        return 1;
    /* EI_CLASS at 4 (1: 32-bit, 2: 64-bit), e_machine at 18 in the file's byte order (EI_DATA at 5). */
    if ((h[4] == 1 ? 32 : h[4] == 2 ? 64 : 0) != w->elf_class)
        return 0;
    return (h[5] == 2 ? (h[18] << 8 | h[19]) : (h[19] << 8 | h[18])) == w->machine;
}

/* Tries dir/name; on a hit stores the path in *found. */
static int try_dir(const char *dir, size_t dir_len, const char *name, const struct wanted *w, char **found)
{
    char path[PATH_MAX];

    if (dir_len == 0 || (size_t)snprintf(path, sizeof path, "%.*s/%s", (int)dir_len, dir, name) >= sizeof path)
        return 0;
    if (!is_file(path) || !fits(path, w))
        return 0;
    *found = strdup(path);
    return *found != NULL;
}

/* Searches a ':'-separated list; $ORIGIN is the agent's directory. */
static int try_list(const char *list, const char *origin, const char *name, const struct wanted *w, char **found)
{
    while (list && *list) {
        size_t n = strcspn(list, ":");
        char dir[PATH_MAX];

        if (n >= 7 && strncmp(list, "$ORIGIN", 7) == 0)
            snprintf(dir, sizeof dir, "%s%.*s", origin, (int)(n - 7), list + 7);
        else
            snprintf(dir, sizeof dir, "%.*s", (int)n, list);
        if (try_dir(dir, strlen(dir), name, w, found))
            return 1;
        list += n;
        list += *list == ':';
    }
    return 0;
}

/* The directories of /etc/ld.so.conf and the files it includes. */
static int try_ld_conf(const char *conf, const char *name, const struct wanted *w, char **found, int depth)
{
    FILE *fp = fopen(conf, "re");
    char line[PATH_MAX];
    int hit = 0;

    if (!fp)
        return 0;
    while (!hit && fgets(line, sizeof line, fp)) {
        char *p = line + strspn(line, " \t");
        size_t n;

        p[strcspn(p, "#\n")] = '\0';
        n = strlen(p);
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            p[--n] = '\0';
        if (n == 0)
            continue;
        if (strncmp(p, "include", 7) == 0 && (p[7] == ' ' || p[7] == '\t') && depth < 4) {
            /* "include DIR/PATTERN": the pattern in the last part only. */
            char *pattern = p + 8 + strspn(p + 8, " \t"), *cut = strrchr(pattern, '/');
            DIR *d;
            struct dirent *de;
            if (!cut)
                continue;
            *cut = '\0';
            d = opendir(pattern);
            while (d && !hit && (de = readdir(d)) != NULL) {
                char sub[PATH_MAX];
                if (de->d_name[0] == '.' || !glob_match(cut + 1, de->d_name) ||
                    (size_t)snprintf(sub, sizeof sub, "%s/%s", pattern, de->d_name) >= sizeof sub)
                    continue;
                hit = try_ld_conf(sub, name, w, found, depth + 1);
            }
            if (d)
                closedir(d);
            continue;
        }
        hit = try_dir(p, n, name, w, found);
    }
    fclose(fp);
    return hit;
}

/* Where the dynamic loader would find a DT_NEEDED name, roughly as ld.so
 * searches: RPATH (without RUNPATH), LD_LIBRARY_PATH, RUNPATH, the
 * ld.so.conf directories, then the default ones; a library of another ELF
 * class or machine is passed over, as ld.so does. */
static void resolve_needed(struct agent_facts *f, const char *origin, struct needed_lib *lib)
{
    static const char *const defaults[] = {"/lib", "/usr/lib", "/lib64", "/usr/lib64", NULL};
    const struct wanted want = {f->elf_class, f->machine};
    /* A library for another machine is refused anyway: its needs are looked up as they are. */
    const struct wanted *w = f->elf_class == f->host_class && f->machine == f->host_machine ? &want : NULL;

    if (strchr(lib->name, '/')) {
        if (is_file(lib->name))
            lib->found = strdup(lib->name);
        return;
    }
    if (f->rpath && !f->runpath && try_list(f->rpath, origin, lib->name, w, &lib->found))
        return;
    if (try_list(getenv("LD_LIBRARY_PATH"), origin, lib->name, w, &lib->found))
        return;
    if (f->runpath && try_list(f->runpath, origin, lib->name, w, &lib->found))
        return;
    if (try_ld_conf("/etc/ld.so.conf", lib->name, w, &lib->found, 0))
        return;
    for (size_t i = 0; defaults[i]; i++)
        if (try_dir(defaults[i], strlen(defaults[i]), lib->name, w, &lib->found))
            return;
}

static int read_dynsym(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh, struct agent_facts *f)
{
    Elf_Data *data = elf_getdata(scn, NULL);
    size_t count = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;

    for (size_t i = 1; data && i < count; i++) {
        GElf_Sym sym;
        const char *name;
        int bind, vis;

        if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx == SHN_UNDEF)
            continue;
        bind = GELF_ST_BIND(sym.st_info);
        vis = GELF_ST_VISIBILITY(sym.st_other);
        if ((bind != STB_GLOBAL && bind != STB_WEAK) || (vis != STV_DEFAULT && vis != STV_PROTECTED))
            continue;
        f->nexports++;
        name = elf_strptr(elf, sh->sh_link, sym.st_name);
        if (!name || GELF_ST_TYPE(sym.st_info) != STT_FUNC)
            continue;
        if (strcmp(name, "DllGetClassObject") == 0)
            f->exports_get_class_object = 1;
        else if (strcmp(name, "DllCanUnloadNow") == 0)
            f->exports_can_unload_now = 1;
    }
    return 0;
}

static int read_dynamic(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh, struct agent_facts *f)
{
    Elf_Data *data = elf_getdata(scn, NULL);
    size_t count = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;

    for (size_t i = 0; data && i < count; i++) {
        GElf_Dyn dyn;
        const char *s;
        char **slot = NULL;

        if (!gelf_getdyn(data, (int)i, &dyn) || dyn.d_tag == DT_NULL)
            continue;
        if (dyn.d_tag == DT_TEXTREL || (dyn.d_tag == DT_FLAGS && (dyn.d_un.d_val & DF_TEXTREL))) {
            f->textrel = 1;
            continue;
        }
        if (dyn.d_tag != DT_NEEDED && dyn.d_tag != DT_RPATH && dyn.d_tag != DT_RUNPATH && dyn.d_tag != DT_SONAME)
            continue;
        s = elf_strptr(elf, sh->sh_link, dyn.d_un.d_val);
        if (!s)
            continue;
        if (dyn.d_tag == DT_NEEDED) {
            struct needed_lib *v = realloc(f->needed, (f->nneeded + 1) * sizeof *v);
            if (!v)
                return -1;
            f->needed = v;
            v[f->nneeded].found = NULL;
            v[f->nneeded].name = strdup(s);
            if (!v[f->nneeded].name)
                return -1;
            f->nneeded++;
            continue;
        }
        slot = dyn.d_tag == DT_RPATH ? &f->rpath : dyn.d_tag == DT_RUNPATH ? &f->runpath : &f->soname;
        free(*slot);
        *slot = strdup(s);
        if (!*slot)
            return -1;
    }
    return 0;
}

int agent_inspect(const char *path, struct agent_facts *f, struct err *e)
{
    char origin[PATH_MAX], *slash;
    GElf_Ehdr eh;
    size_t nph = 0;
    Elf_Scn *scn = NULL;
    Elf *elf;
    int fd, rc = 0;
    struct err ignored;

    agent_facts_init(f);
    if (!realpath(path, f->path))
        return err_errno(e, "%s", path);
    if (elf_version(EV_CURRENT) == EV_NONE)
        return err_set(e, "libelf: %s", elf_errmsg(-1));
    fd = open(f->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_errno(e, "%s", path);
    elf = elf_begin(fd, ELF_C_READ, NULL);
    if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
        if (elf)
            elf_end(elf);
        close(fd);
        return 0; /* not ELF: a fact, not an error */
    }
    f->is_elf = 1;
    f->elf_class = eh.e_ident[EI_CLASS] == ELFCLASS64 ? 64 : 32;
    f->machine = eh.e_machine;
    f->is_shared = eh.e_type == ET_DYN;
    if (elf_getphdrnum(elf, &nph) == 0) {
        for (size_t i = 0; i < nph; i++) {
            GElf_Phdr ph;
            if (!gelf_getphdr(elf, (int)i, &ph))
                continue;
            if (ph.p_type == PT_GNU_STACK) {
                f->has_gnu_stack = 1;
                f->exec_stack = (ph.p_flags & PF_X) != 0;
            } else if (ph.p_type == PT_DYNAMIC) {
                f->has_dynamic = 1;
            }
        }
    }
    while (rc == 0 && (scn = elf_nextscn(elf, scn)) != NULL) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh))
            continue;
        if (sh.sh_type == SHT_DYNSYM)
            rc = read_dynsym(elf, scn, &sh, f);
        else if (sh.sh_type == SHT_DYNAMIC)
            rc = read_dynamic(elf, scn, &sh, f);
    }
    elf_end(elf);
    close(fd);
    if (rc < 0) {
        agent_facts_release(f);
        return err_set(e, "%s: out of memory", path);
    }
    snprintf(origin, sizeof origin, "%s", f->path);
    slash = strrchr(origin, '/');
    if (slash)
        *slash = '\0';
    for (size_t i = 0; i < f->nneeded; i++)
        resolve_needed(f, origin, &f->needed[i]);
    err_init(&ignored);
    if (elfinfo_build_id(f->path, f->build_id, sizeof f->build_id, &ignored) < 0)
        f->build_id[0] = '\0';
    return 0;
}

int agent_verdict(const struct agent_facts *f, struct strbuf *problems, struct strbuf *warnings)
{
    int n = 0, rc = 0;

#define PROBLEM(...) (n++, rc |= strbuf_addf(problems, __VA_ARGS__))
#define WARNING(...) (rc |= strbuf_addf(warnings, __VA_ARGS__))
    if (!f->is_elf) {
        PROBLEM("not an ELF file: the runtime loads profilers with dlopen\n");
        return rc < 0 ? -1 : n;
    }
    if (f->elf_class != f->host_class)
        PROBLEM("ELF %d-bit, but this machine runs %d-bit processes\n", f->elf_class, f->host_class);
    if (f->machine != f->host_machine)
        PROBLEM("built for %s (e_machine %d), but this machine is %s\n", agent_machine_name(f->machine), f->machine,
                agent_machine_name(f->host_machine));
    if (!f->is_shared || !f->has_dynamic)
        PROBLEM("not a shared library (no dynamic section, or not ET_DYN)\n");
    if (!f->exports_get_class_object)
        PROBLEM("does not export DllGetClassObject: the runtime cannot get the profiler's class factory\n");
    for (size_t i = 0; i < f->nneeded; i++)
        if (!f->needed[i].found)
            PROBLEM("needs %s, which does not resolve on this machine\n", f->needed[i].name);
    if (f->exec_stack)
        WARNING("asks for an executable stack (PT_GNU_STACK with PF_X): loading it makes every thread's stack "
                "executable, and newer glibc refuses it in a process that did not start so\n");
    if (f->is_shared && !f->has_gnu_stack)
        WARNING("has no PT_GNU_STACK header: the loader assumes an executable stack\n");
    if (f->textrel)
        WARNING("has text relocations: its code pages are written at load time (not position-independent)\n");
    if (f->nexports > INSPECT_MANY_EXPORTS)
        WARNING("exports %zu symbols: they can interpose on the app's native libraries; export only "
                "DllGetClassObject, DllCanUnloadNow and the entry points your managed code calls by P/Invoke "
                "(a version script lists them)\n",
                f->nexports);
    if (f->is_shared && !f->exports_can_unload_now)
        WARNING("does not export DllCanUnloadNow (optional; the runtime does not need it on Linux)\n");
#undef PROBLEM
#undef WARNING
    return rc < 0 ? -1 : n;
}
