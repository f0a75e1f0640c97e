/*
 * xml.c: parsing one corpus file with libxml2, safely, and locating errors.
 *
 * Hardening: the bytes are already in memory (libxml2 never opens a file, so
 * never decompresses one); the parser runs with XML_PARSE_NONET and
 * XML_PARSE_BIG_LINES and without NOENT, DTDLOAD, DTDVALID, XINCLUDE or
 * HUGE; the internalSubset SAX callback stops the parse at any DOCTYPE, so
 * no entity is ever declared, let alone expanded or fetched.  Errors go to a
 * per-context structured handler (sax->serror), never to stderr; the first
 * one is kept.
 *
 * Positions: libxml2 records an element's line but not its column, and the
 * schema validator reports only the node.  So we scan the raw bytes once for
 * start tags (skipping comments, CDATA sections, processing instructions and
 * quoted attribute values, none of which can hold a start tag) and number
 * the DOM's elements in document order; element k starts at tags[k], and a
 * table of line starts turns that offset into line and column.  When the
 * counts disagree (a file in another encoding), positions fall back to
 * libxml2's line with column 0.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "load.h"

typedef struct parse_state {
	bw_error *err;
	const char *name;
	int failed;                   /* the first error is recorded */
} parse_state;

static void record_xml_error(parse_state *ps, const xmlError *e)
{
	char msg[400];
	size_t n;
	if (ps->failed || !e || e->level == XML_ERR_WARNING)
		return;
	ps->failed = 1;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "malformed XML");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	/* some messages hold a line break; an error is one line */
	for (char *c = msg; *c; c++)
		if (*c == '\n')
			*c = ' ';
	bwi_error_set(ps->err, BW_EPARSE, ps->name, (unsigned long)e->line,
	              (unsigned long)(e->int2 > 0 ? e->int2 : 0),
	              "malformed XML: %s", msg);
}

static void on_parse_error(void *user, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = user;
	record_xml_error(ctxt->_private, e);
}

static void on_doctype(void *user, const xmlChar *name, const xmlChar *ext,
                       const xmlChar *sys)
{
	xmlParserCtxtPtr ctxt = user;
	parse_state *ps = ctxt->_private;
	(void)name, (void)ext, (void)sys;
	if (!ps->failed) {
		ps->failed = 1;
		bwi_error_set(ps->err, BW_EPARSE, ps->name,
		              (unsigned long)xmlSAX2GetLineNumber(ctxt), 1,
		              "a DOCTYPE is not allowed in a corpus file "
		              "(no DTDs or entity declarations)");
	}
	xmlStopParser(ctxt);
}

/* ----- start-tag scan ----- */

static const char *skip_past(const char *p, const char *end, const char *pat)
{
	size_t n = strlen(pat);
	while (p + n <= end) {
		if (memcmp(p, pat, n) == 0)
			return p + n;
		p++;
	}
	return end;
}

static bw_status push_offset(size_t **arr, size_t *n, size_t *cap, size_t v)
{
	bw_status st = bwi_grow((void **)arr, cap, *n + 1, sizeof(**arr));
	if (st)
		return st;
	(*arr)[(*n)++] = v;
	return BW_OK;
}

static bw_status scan(bwi_xml_doc *d)
{
	const char *p = d->buf, *end = d->buf + d->len;
	size_t capt = 0, capl = 0;
	bw_status st = push_offset(&d->lines, &d->nlines, &capl, 0);
	for (const char *q = p; st == BW_OK && q < end; q++)
		if (*q == '\n')
			st = push_offset(&d->lines, &d->nlines, &capl,
			                 (size_t)(q + 1 - p));
	while (st == BW_OK && p < end) {
		p = memchr(p, '<', (size_t)(end - p));
		if (!p)
			break;
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			p = skip_past(p + 4, end, "-->");
		} else if (end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
			p = skip_past(p + 9, end, "]]>");
		} else if (end - p >= 2 && p[1] == '?') {
			p = skip_past(p + 2, end, "?>");
		} else if (end - p >= 2 && (p[1] == '!' || p[1] == '/')) {
			p = skip_past(p + 2, end, ">");
		} else {
			char quote = 0;
			st = push_offset(&d->tags, &d->ntags, &capt,
			                 (size_t)(p - d->buf));
			for (p++; p < end; p++) {
				if (quote) {
					if (*p == quote)
						quote = 0;
				} else if (*p == '"' || *p == '\'') {
					quote = *p;
				} else if (*p == '>') {
					break;
				}
			}
		}
	}
	return st;
}

/* Number elements in document order; the number lives in node->_private. */
static size_t number_elements(xmlNode *n, size_t next)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		n->_private = (void *)(uintptr_t)(++next);
		next = number_elements(n->children, next);
	}
	return next;
}

void bwi_xml_where(const bwi_xml_doc *d, const xmlNode *node,
                   uint32_t *line, uint32_t *column)
{
	uintptr_t k = node ? (uintptr_t)node->_private : 0;
	size_t off, lo = 0, hi;
	if (!d->positions || k == 0 || k > d->ntags) {
		*line = node ? (uint32_t)xmlGetLineNo(node) : 0;
		*column = 0;
		return;
	}
	off = d->tags[k - 1];
	/* the last line start at or before off */
	hi = d->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (uint32_t)(lo + 1);
	*column = (uint32_t)(off - d->lines[lo] + 1);
}

bw_status bwi_xml_parse(bwi_xml_doc *d, const char *name, const char *buf,
                        size_t len, bw_error *err)
{
	parse_state ps = { err, name, 0 };
	xmlParserCtxtPtr ctxt;
	bw_status st;
	memset(d, 0, sizeof(*d));
	d->name = name;
	d->buf = buf;
	d->len = len;
	if (len > INT_MAX)
		return bwi_error_set(err, BW_EPARSE, name, 0, 0,
		                     "file is too large to parse");
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return bwi_error_code(err, BW_ENOMEM);
	ctxt->_private = &ps;
	ctxt->sax->serror = on_parse_error;
	ctxt->sax->internalSubset = on_doctype;
	d->doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL,
	                           XML_PARSE_NONET | XML_PARSE_BIG_LINES |
	                           XML_PARSE_NOBLANKS);
	if (!ps.failed && (!d->doc || !ctxt->wellFormed)) {
		ps.failed = 1;
		bwi_error_set(err, BW_EPARSE, name, 0, 0,
		              "malformed XML: the parser gave up");
	}
	xmlFreeParserCtxt(ctxt);
	if (ps.failed) {
		bwi_xml_free(d);
		return err ? err->code : BW_EPARSE;
	}
	if ((st = scan(d))) {
		bwi_xml_free(d);
		return bwi_error_code(err, st);
	}
	d->positions = number_elements(xmlDocGetRootElement(d->doc), 0) ==
	               d->ntags;
	return BW_OK;
}

typedef struct valid_state {
	const bwi_xml_doc *d;
	bw_error *err;
	int failed;
} valid_state;

static void on_valid_error(void *user, xmlErrorPtr e)
{
	valid_state *vs = user;
	const xmlNode *node = e ? e->node : NULL;
	uint32_t line = 0, column = 0;
	char msg[300];
	size_t n;
	if (vs->failed || !e || e->level == XML_ERR_WARNING)
		return;
	vs->failed = 1;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "invalid");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (node && node->type == XML_ELEMENT_NODE) {
		const xmlNode *t = node->children;
		bwi_xml_where(vs->d, node, &line, &column);
		/* "Error validating value" alone does not say which value. */
		if (strstr(msg, "validating value") && t && !t->next &&
		    t->type == XML_TEXT_NODE && t->content)
			snprintf(msg, sizeof(msg), "invalid value \"%.200s\"",
			         (const char *)t->content);
		bwi_error_set(vs->err, BW_ESCHEMA, vs->d->name, line, column,
		              "<%s> does not match the schema: %s",
		              (const char *)node->name, msg);
	} else {
		bwi_error_set(vs->err, BW_ESCHEMA, vs->d->name,
		              (unsigned long)e->line, 0,
		              "does not match the schema: %s", msg);
	}
}

bw_status bwi_xml_validate(bwi_xml_doc *d, xmlRelaxNGPtr schema,
                           bw_error *err)
{
	valid_state vs = { d, err, 0 };
	xmlRelaxNGValidCtxtPtr v = xmlRelaxNGNewValidCtxt(schema);
	int rc;
	if (!v)
		return bwi_error_code(err, BW_ENOMEM);
	xmlRelaxNGSetValidStructuredErrors(v, on_valid_error, &vs);
	rc = xmlRelaxNGValidateDoc(v, d->doc);
	xmlRelaxNGFreeValidCtxt(v);
	if (rc == 0)
		return BW_OK;
	if (!vs.failed)
		return bwi_error_set(err, BW_ESCHEMA, d->name, 0, 0,
		                     "does not match the schema");
	return BW_ESCHEMA;
}

void bwi_xml_free(bwi_xml_doc *d)
{
	if (d->doc)
		xmlFreeDoc(d->doc);
	bwi_free(d->tags);
	bwi_free(d->lines);
	d->doc = NULL;
	d->tags = d->lines = NULL;
	d->ntags = d->nlines = 0;
}

void bwi_xml_silent(void *ctx, const char *msg, ...)
{
	(void)ctx, (void)msg;
}

static void on_schema_error(void *user, xmlErrorPtr e)
{
	int *failed = user;
	(void)e;
	*failed = 1;
}

bw_status bwi_schema_parse(xmlRelaxNGPtr *out, const bwi_blob *schema,
                           bw_error *err)
{
	int failed = 0;
	xmlRelaxNGParserCtxtPtr p =
		xmlRelaxNGNewMemParserCtxt((const char *)schema->data,
		                           (int)schema->size);
	*out = NULL;
	if (!p)
		return bwi_error_code(err, BW_ENOMEM);
	xmlRelaxNGSetParserStructuredErrors(p, on_schema_error, &failed);
	*out = xmlRelaxNGParse(p);
	xmlRelaxNGFreeParserCtxt(p);
	if (!*out || failed) {
		if (*out)
			xmlRelaxNGFree(*out);
		*out = NULL;
		return bwi_error_set(err, BW_ENOMEM, schema->name, 0, 0,
		                     "the corpus schema could not be compiled");
	}
	return BW_OK;
}
