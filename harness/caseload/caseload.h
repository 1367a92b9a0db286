/*
 * caseload.h - case file (XML) -> struct case_def.
 *
 * Files are parsed with libxml2 with network access and entity substitution
 * off, documents with a DOCTYPE are refused, the result is validated against
 * cases/case.xsd (compiled into the binary), and then checked for what the
 * schema cannot express: event and field names, HRESULT names, regexes,
 * captures.  Every error reads "file:line: message".
 */
#ifndef PROFCHECK_CASELOAD_H
#define PROFCHECK_CASELOAD_H

#include "../model/case.h"
#include "../util/err.h"

/*
 * What one case file may cost to load (docs/cases.md, "Limits"): its size,
 * the size of each text and attribute, how deep its elements and its
 * <repeat>s nest, how many steps a variant unrolls to, and how much all its
 * variants together copy (the file once per variant, plus the text of every
 * unrolled step).  Each is refused as "file:line: message" before the work.
 */
#define CASE_FILE_MAX (1u << 20)
#define CASE_TEXT_MAX (64u << 10)
#define CASE_DEPTH_MAX 32
#define CASE_REPEAT_DEPTH_MAX 4
#define CASE_STEPS_MAX 20000
#define CASE_LOAD_MAX (64u << 20)

struct caseload {
    void *schema;       /* xmlSchemaPtr */
    void *schema_valid; /* xmlSchemaValidCtxtPtr */
    /* The runtime version the cases are loaded for ("8.0.31"), which
     * when="runtime..." conditions test; NULL (caseload_init's): not known,
     * and every runtime condition is false.  The caller may set it between
     * loads. */
    const char *runtime_version;
    /* 1 when the agent-neutral cases run a vendor's agent (run --agent):
     * when="agent=reference" then holds for no case.  The caller may set it. */
    int vendor_agent;
};

int caseload_init(struct caseload *cl, struct err *e);
void caseload_release(struct caseload *cl);

/*
 * Loads path as the case called id: one case_def, or one per variant of
 * its <matrix> (ids "id[axis=value,...]").  On failure *out is empty.
 */
int caseload_file(struct caseload *cl, const char *path, const char *id, struct case_set *out,
                  struct err *e);

/* The same from memory (for tests); `name` stands for the file name in messages. */
int caseload_memory(struct caseload *cl, const char *xml, size_t len, const char *name,
                    const char *id, struct case_set *out, struct err *e);

/* The schema text compiled into the binary. */
extern const char caseload_xsd[];
extern const unsigned long caseload_xsd_len;

#endif
