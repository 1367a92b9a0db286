/*
 * caseload_internal.h - what the files of the case loader share; private to
 * caseload/.  caseload.c parses and validates the document and walks the
 * variants of its <matrix>; load_case.c loads one variant's sections, each
 * in the file named after it.  Every function here takes the loader state
 * and reports as "file:line: message" through fail_at.
 */
#ifndef PROFCHECK_CASELOAD_INTERNAL_H
#define PROFCHECK_CASELOAD_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "caseload.h"

/* The matrix of a case: axes and their values, and the variant being loaded. */
#define MAX_AXES 4
#define MAX_VALUES 8

struct matrix {
    size_t naxes;
    struct axis {
        char *name;
        size_t nvalues;
        char *values[MAX_VALUES];
        xmlNodePtr nodes[MAX_VALUES];
    } axes[MAX_AXES];
};

struct loader {
    const char *name; /* file name for messages */
    size_t *load_bytes; /* charged against CASE_LOAD_MAX, over all variants */
    xmlDocPtr doc;
    struct case_def *c;
    struct err *e;
    /* capture variables bound by <check> so far */
    char **vars;
    size_t nvars;
    const struct matrix *matrix;
    size_t pick[MAX_AXES]; /* the variant: a value index per axis */
    long round;            /* the round of the innermost <repeat> being unrolled (0 outside) */
    const char *runtime_version; /* what when="runtime..." tests, or NULL (caseload.h) */
    int vendor_agent;            /* run --agent: when="agent=reference" holds for no case */
    int reference_agent;         /* this case runs the reference agent (when="agent=reference") */
};

/* ---- load_tree.c: helpers over the tree ---------------------------------- */

/* Set when libxml2 ran out of memory in attr or node_text (thread-local). */
extern _Thread_local int xml_oom;

int fail_at(struct loader *ld, xmlNodePtr node, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int load_oom(struct loader *ld);
int is_elem(xmlNodePtr n, const char *name);
xmlNodePtr first_elem(xmlNodePtr n);
xmlNodePtr next_elem(xmlNodePtr n);
char *load_attr(xmlNodePtr n, const char *name);
char *node_text(xmlNodePtr n);
int has_attr(xmlNodePtr n, const char *name);
int dup_to(char **dst, const char *src);
int node_source(xmlNodePtr node, char **out);
int attr_to(struct loader *ld, xmlNodePtr node, const char *name, char **dst);
int attr_text(struct loader *ld, xmlNodePtr node, const char *name, char **dst);
int case_path(struct loader *ld, const char *written, int always_file, char **out);
int attr_path(struct loader *ld, xmlNodePtr node, const char *name, int always_file, char **dst);
int split_words(const char *s, char ***out, size_t *n);
int parse_u32(const char *s, uint32_t *out);
int parse_bool(const char *s);
int var_name_ok(const char *s);
int var_bound(struct loader *ld, const char *name);
int var_bind(struct loader *ld, const char *name);
int compile_line_match(struct loader *ld, xmlNodePtr node, const char *text, int is_regex,
                       struct line_match *m);
int compile_line_capture(struct loader *ld, xmlNodePtr node, const char *text, struct line_match *m);
int load_timeout(struct loader *ld, xmlNodePtr node, double *out);

/* ---- load_matrix.c: variants --------------------------------------------- */

int load_applies(struct loader *ld, xmlNodePtr node);
/* ---- load_runtime.c: when="runtime<10.0" and <case runtimes> ------------ */

/* The name `when` gives the runtime; no axis may be called so. */
#define RUNTIME_WORD "runtime"
/* when="agent=reference" / "agent!=reference": whether the case's agent is
 * the reference profiler's own (load_runtime.c). */
#define AGENT_WORD "agent"
/* 1 when cond is a runtime condition ("runtime" and an operator). */
int is_runtime_condition(const char *cond);
/* 1 when the runtime condition holds for the runtime being loaded for, 0
 * when not (or that runtime is not known), -1 with the message when it is
 * malformed. */
int runtime_condition(struct loader *ld, xmlNodePtr node, const char *cond);
/* 1 when cond is an agent condition ("agent=" or "agent!="). */
int is_agent_condition(const char *cond);
/* 1 when it holds for the case (ld->reference_agent), 0 when not, -1 when malformed. */
int agent_condition(struct loader *ld, xmlNodePtr node, const char *cond);
/* Sets ld->reference_agent from the case's <profiler>: load="agent" without
 * demo-agent or path, and no vendor's agent for the run. */
void agent_of_case(struct loader *ld, xmlNodePtr root);
/* <case runtimes="each|once"> into the case; 0 or -1. */
int load_runtimes_attr(struct loader *ld, xmlNodePtr root);
int matrix_load(struct loader *ld, xmlNodePtr node, struct matrix *m);
void matrix_release(struct matrix *m);
int apply_variant(struct loader *ld);

/* ---- load_checks.c: event patterns and <events> -------------------------- */

enum pattern_use {
    USE_WAIT,  /* steps: no captures */
    USE_CHECK, /* binds captures */
    USE_OTHER, /* not/count/each: captures must be bound already */
    USE_EACH   /* <before>/<after> in <each>: as USE_OTHER, and "=field" refers to the <each> event */
};

int load_pattern(struct loader *ld, xmlNodePtr node, enum pattern_use use, int is_count,
                 struct pattern *p);
int load_events(struct loader *ld, xmlNodePtr node);

/* ---- load_profiler.c, load_request.c, load_steps.c, load_outcome.c ------- */

int load_mask(struct loader *ld, xmlNodePtr node, uint32_t *mask, uint32_t *high);
int load_profiler(struct loader *ld, xmlNodePtr node);
int method_name_ok(const char *s);
/* A <define>'s attributes but when, timeout and expect-hr, as they go to the
 * profiler; its kind checked (load_steps.c). */
int load_define_args(struct loader *ld, xmlNodePtr node, struct step_arg **args, size_t *nargs);
/* 1 when s is "OLD:NEW ..." with at least one pair (il-map, <set-il-map map>). */
int il_map_ok(const char *s);
int load_request(struct loader *ld, xmlNodePtr node, int revert, struct request_spec *rq);
/* As load_request; with method_optional a request may name no method (a
 * trigger's request about the callback's own method): 1 then, else 0. */
int load_request_opt(struct loader *ld, xmlNodePtr node, int revert, struct request_spec *rq, int method_optional);
/* fail-callback and fail-after-work of a <profiler> (or a variant's): added to p. */
int load_fail_callback(struct loader *ld, xmlNodePtr node, struct profiler_setup *p);
/* A <request-in> or <request-on> of a <profiler> (or a variant's): added to p. */
int load_trigger(struct loader *ld, xmlNodePtr node, struct profiler_setup *p);
/* The longest method name, and IL text, a request may carry. */
#define REQUEST_NAME_MAX 1000
#define REQUEST_IL_MAX (32 * 1024)
/* The most a trigger's request (its names and IL) may hold: it goes in the configuration frame. */
#define TRIGGER_REQUEST_MAX (12 * 1024)
int load_steps(struct loader *ld, xmlNodePtr node);
int load_outcome(struct loader *ld, xmlNodePtr node);

/* ---- load_case.c: one variant -------------------------------------------- */

int load_variant(struct loader *ld, xmlNodePtr root, const char *id, struct case_def *out);

#endif
