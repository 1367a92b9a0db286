/*
 * caseload.c - the case loader's entry points (caseload.h): the schema, the
 * parse (no network, DOCTYPE refused), validation, and one load per variant
 * of the case's <matrix> (load_case.c loads each).
 */
#include "caseload_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int load_doc(struct caseload *cl, xmlDocPtr doc, const char *name, const char *id, struct case_set *out,
                    struct err *e)
{
    struct matrix matrix;
    struct loader ld;
    struct xml_errors xe = {0};
    xmlNodePtr root = xmlDocGetRootElement(doc);
    size_t total = 1;
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
    ld.runtime_version = cl->runtime_version;
    for (xmlNodePtr n = first_elem(root->children); n; n = next_elem(n)) {
        if (is_elem(n, "matrix") && matrix_load(&ld, n, &matrix) < 0) {
            matrix_release(&matrix);
            return -1;
        }
    }
    for (size_t a = 0; a < matrix.naxes; a++)
        total *= matrix.axes[a].nvalues;
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
                       const char *name, const char *id, struct case_set *out, struct err *e)
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
    rc = load_doc(cl, doc, name, id, out, e);
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
    if (len > INT_MAX)
        return err_set(e, "%s:1: file too large", name);
    ctx = xmlNewParserCtxt();
    if (!ctx)
        return err_set(e, "%s: out of memory", name);
    parse_with(ctx, &xe);
    doc = xmlCtxtReadMemory(ctx, xml, (int)len, name, NULL, parse_options);
    rc = load_parsed(cl, ctx, doc, &xe, name, id, out, e);
    xmlFreeParserCtxt(ctx);
    return rc;
}

int caseload_file(struct caseload *cl, const char *path, const char *id, struct case_set *out,
                  struct err *e)
{
    struct xml_errors xe = {0};
    xmlParserCtxtPtr ctx;
    xmlDocPtr doc;
    FILE *f;
    int rc;

    out->v = NULL;
    out->n = 0;
    f = fopen(path, "rb");
    if (!f)
        return err_errno(e, "%s: cannot open", path);
    fclose(f);
    ctx = xmlNewParserCtxt();
    if (!ctx)
        return err_set(e, "%s: out of memory", path);
    parse_with(ctx, &xe);
    doc = xmlCtxtReadFile(ctx, path, NULL, parse_options);
    rc = load_parsed(cl, ctx, doc, &xe, path, id, out, e);
    xmlFreeParserCtxt(ctx);
    return rc;
}
