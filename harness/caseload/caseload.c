/*
 * caseload.c - the case loader's entry points (caseload.h): the schema, the
 * parse (no network, DOCTYPE refused), validation, and one load per variant
 * of the case's <matrix> (load_case.c loads each).
 */
#include "caseload_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#define CASE_NS "urn:profcheck:case:1"

/* The first error libxml2 reports while parsing or validating. */
struct xml_errors {
    int have;
    int line;
    char msg[512];
};

static void collect_error(void *data, xmlErrorPtr error)
{
    struct xml_errors *xe = data;
    size_t n;

    if (xe->have || !error)
        return;
    xe->have = 1;
    xe->line = error->line;
    snprintf(xe->msg, sizeof xe->msg, "%s", error->message ? error->message : "malformed XML");
    n = strlen(xe->msg);
    while (n > 0 && (xe->msg[n - 1] == '\n' || xe->msg[n - 1] == ' '))
        xe->msg[--n] = '\0';
}

int caseload_init(struct caseload *cl, struct err *e)
{
    struct xml_errors xe = {0};
    xmlSchemaParserCtxtPtr pctx;

    cl->schema = NULL;
    cl->schema_valid = NULL;
    cl->runtime_version = NULL;
    pctx = xmlSchemaNewMemParserCtxt(caseload_xsd, (int)caseload_xsd_len);
    if (!pctx)
        return err_set(e, "case schema: out of memory");
    xmlSchemaSetParserStructuredErrors(pctx, collect_error, &xe);
    cl->schema = xmlSchemaParse(pctx);
    xmlSchemaFreeParserCtxt(pctx);
    if (!cl->schema)
        return err_set(e, "case schema:%d: %s", xe.line, xe.have ? xe.msg : "cannot be compiled");
    cl->schema_valid = xmlSchemaNewValidCtxt(cl->schema);
    if (!cl->schema_valid) {
        caseload_release(cl);
        return err_set(e, "case schema: out of memory");
    }
    return 0;
}

void caseload_release(struct caseload *cl)
{
    if (cl->schema_valid)
        xmlSchemaFreeValidCtxt(cl->schema_valid);
    if (cl->schema)
        xmlSchemaFree(cl->schema);
    cl->schema = NULL;
    cl->schema_valid = NULL;
}

/* Bytes of the text nodes directly under node (an element or attribute). */
static size_t text_bytes(xmlNodePtr children)
{
    size_t n = 0;

    for (xmlNodePtr t = children; t; t = t->next)
        if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
            n += strlen((const char *)t->content);
    return n;
}

/* The limits a tree must keep before anything else looks at it: nesting,
 * text and attribute sizes, <repeat> inside <repeat>. */
static int check_limits(xmlNodePtr node, int depth, int repeats, const char *name, struct err *e)
{
    size_t n;

    if (depth > CASE_DEPTH_MAX)
        return err_set(e, "%s:%ld: elements nest deeper than %d levels", name, xmlGetLineNo(node), CASE_DEPTH_MAX);
    if (node->ns && strcmp((const char *)node->name, "repeat") == 0 && ++repeats > CASE_REPEAT_DEPTH_MAX)
        return err_set(e, "%s:%ld: <repeat> nests deeper than %d levels", name, xmlGetLineNo(node),
                       CASE_REPEAT_DEPTH_MAX);
    n = text_bytes(node->children);
    if (n > CASE_TEXT_MAX)
        return err_set(e, "%s:%ld: <%s> holds %zu bytes of text; at most %u are allowed", name, xmlGetLineNo(node),
                       (const char *)node->name, n, CASE_TEXT_MAX);
    for (xmlAttrPtr a = node->properties; a; a = a->next) {
        n = text_bytes(a->children);
        if (n > CASE_TEXT_MAX)
            return err_set(e, "%s:%ld: the attribute %s holds %zu bytes; at most %u are allowed", name,
                           xmlGetLineNo(node), (const char *)a->name, n, CASE_TEXT_MAX);
    }
    for (xmlNodePtr c = node->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && check_limits(c, depth + 1, repeats, name, e) < 0)
            return -1;
    return 0;
}

static int load_doc(struct caseload *cl, xmlDocPtr doc, const char *name, const char *id, size_t file_bytes,
                    struct case_set *out, struct err *e)
{
    struct matrix matrix;
    struct loader ld;
    struct xml_errors xe = {0};
    xmlNodePtr root = xmlDocGetRootElement(doc);
    size_t total = 1, load_bytes = 0;
    int rc;

    memset(&matrix, 0, sizeof matrix);
    if (doc->intSubset || doc->extSubset)
        return err_set(e, "%s:%ld: a DOCTYPE is not allowed in case files", name,
                       doc->intSubset ? xmlGetLineNo((xmlNodePtr)doc->intSubset) : 1L);
    if (!root)
        return err_set(e, "%s:1: empty document", name);
    if (!root->ns || strcmp((const char *)root->ns->href, CASE_NS) != 0 || strcmp((const char *)root->name, "case") != 0)
        return err_set(e, "%s:%ld: the root element must be <case xmlns=\"" CASE_NS "\">", name,
                       xmlGetLineNo(root));
    if (check_limits(root, 1, 0, name, e) < 0)
        return -1;
    xmlSchemaSetValidStructuredErrors(cl->schema_valid, collect_error, &xe);
    rc = xmlSchemaValidateDoc(cl->schema_valid, doc);
    xmlSchemaSetValidStructuredErrors(cl->schema_valid, NULL, NULL);
    if (rc != 0)
        return err_set(e, "%s:%d: %s", name, xe.line, xe.have ? xe.msg : "does not match the case schema");

    memset(&ld, 0, sizeof ld);
    ld.name = name;
    ld.doc = doc;
    ld.e = e;
    ld.matrix = &matrix;
    ld.load_bytes = &load_bytes;
    ld.runtime_version = cl->runtime_version;
    ld.vendor_agent = cl->vendor_agent;
    agent_of_case(&ld, root);
    for (xmlNodePtr n = first_elem(root->children); n; n = next_elem(n)) {
        if (is_elem(n, "matrix") && matrix_load(&ld, n, &matrix) < 0) {
            matrix_release(&matrix);
            return -1;
        }
    }
    for (size_t a = 0; a < matrix.naxes; a++)
        total *= matrix.axes[a].nvalues;
    /* Each variant is a copy of the whole case. */
    if (total > 1 && total * file_bytes > CASE_LOAD_MAX) {
        matrix_release(&matrix);
        return err_set(e, "%s:%ld: the matrix makes %zu variants of a %zu-byte file: more than %u MiB to load", name,
                       xmlGetLineNo(root), total, file_bytes, CASE_LOAD_MAX >> 20);
    }
    load_bytes = total * file_bytes;
    out->v = calloc(total, sizeof *out->v);
    if (!out->v) {
        matrix_release(&matrix);
        return err_set(e, "%s: out of memory", name);
    }
    /* Every combination, the last axis turning fastest. */
    for (size_t k = 0; k < total; k++) {
        size_t rest = k;
        for (size_t a = matrix.naxes; a-- > 0;) {
            ld.pick[a] = rest % matrix.axes[a].nvalues;
            rest /= matrix.axes[a].nvalues;
        }
        rc = load_variant(&ld, root, id, &out->v[out->n]);
        if (rc < 0)
            break;
        out->n++;
    }
    matrix_release(&matrix);
    if (rc < 0)
        case_set_release(out);
    return rc;
}

static const int parse_options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                 XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;

/* libxml2 hands the parser context as `data` to sax->serror. */
static void ctx_error(void *data, xmlErrorPtr error)
{
    xmlParserCtxtPtr ctx = data;

    collect_error(ctx->_private, error);
}

/*
 * A DOCTYPE is refused as soon as the parser meets it, before any entity
 * declaration is processed: no expansion bombs, no external entities.
 */
static void refuse_doctype(void *data, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
    xmlParserCtxtPtr ctx = data;
    struct xml_errors *xe = ctx->_private;

    (void)name;
    (void)external_id;
    (void)system_id;
    if (!xe->have) {
        xe->have = 1;
        xe->line = ctx->input ? ctx->input->line : 1;
        snprintf(xe->msg, sizeof xe->msg, "a DOCTYPE is not allowed in case files");
    }
    xmlStopParser(ctx);
}

static void parse_with(xmlParserCtxtPtr ctx, struct xml_errors *xe)
{
    ctx->userData = ctx;
    ctx->_private = xe;
    ctx->sax->serror = ctx_error;
    ctx->sax->internalSubset = refuse_doctype;
}

static int load_parsed(struct caseload *cl, xmlParserCtxtPtr ctx, xmlDocPtr doc, struct xml_errors *xe,
                       const char *name, const char *id, size_t file_bytes, struct case_set *out, struct err *e)
{
    int rc;

    if (!doc || !ctx->wellFormed || xe->have) {
        if (doc)
            xmlFreeDoc(doc);
        if (xe->have)
            return err_set(e, "%s:%d: %s", name, xe->line, xe->msg);
        return err_set(e, "%s:1: not a well-formed XML document", name);
    }
    xml_oom = 0;
    rc = load_doc(cl, doc, name, id, file_bytes, out, e);
    xmlFreeDoc(doc);
    if (rc == 0 && xml_oom) {
        case_set_release(out);
        return err_set(e, "%s: out of memory", name);
    }
    return rc;
}

int caseload_memory(struct caseload *cl, const char *xml, size_t len, const char *name,
                    const char *id, struct case_set *out, struct err *e)
{
    struct xml_errors xe = {0};
    xmlParserCtxtPtr ctx;
    xmlDocPtr doc;
    int rc;

    out->v = NULL;
    out->n = 0;
    if (len > CASE_FILE_MAX)
        return err_set(e, "%s:1: the file has %zu bytes; a case file may have at most %u (1 MiB)", name, len,
                       CASE_FILE_MAX);
    ctx = xmlNewParserCtxt();
    if (!ctx)
        return err_set(e, "%s: out of memory", name);
    parse_with(ctx, &xe);
    doc = xmlCtxtReadMemory(ctx, xml, (int)len, name, NULL, parse_options);
    rc = load_parsed(cl, ctx, doc, &xe, name, id, len, out, e);
    xmlFreeParserCtxt(ctx);
    return rc;
}

/* The whole file, if it is a regular file of at most CASE_FILE_MAX bytes.
 * Opened without blocking: a FIFO named as a case file is refused, not
 * waited on. */
static char *read_case_file(const char *path, size_t *len, struct err *e)
{
    struct stat st;
    size_t got = 0;
    char *buf;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

    if (fd < 0)
        return err_errno(e, "%s: cannot open", path), NULL;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return err_set(e, "%s: cannot open: not a regular file", path), NULL;
    }
    if ((unsigned long long)st.st_size > CASE_FILE_MAX) {
        close(fd);
        return err_set(e, "%s:1: the file has %lld bytes; a case file may have at most %u (1 MiB)", path,
                       (long long)st.st_size, CASE_FILE_MAX),
               NULL;
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        close(fd);
        return err_set(e, "%s: out of memory", path), NULL;
    }
    while (got <= (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size + 1 - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            err_errno(e, "%s: cannot read", path);
            close(fd);
            free(buf);
            return NULL;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (got > (size_t)st.st_size) {
        free(buf);
        return err_set(e, "%s: the file grew while it was read", path), NULL;
    }
    *len = got;
    return buf;
}

int caseload_file(struct caseload *cl, const char *path, const char *id, struct case_set *out,
                  struct err *e)
{
    size_t len = 0;
    char *xml;
    int rc;

    out->v = NULL;
    out->n = 0;
    xml = read_case_file(path, &len, e);
    if (!xml)
        return -1;
    rc = caseload_memory(cl, xml, len, path, id, out, e);
    free(xml);
    return rc;
}
