/*
 * xml.c: parsing one corpus file with libxml2, safely, within a budget, and
 * locating errors.
 *
 * Hardening: the bytes are already in memory (libxml2 never opens a file, so
 * never decompresses one); the parser runs with XML_PARSE_NONET and
 * XML_PARSE_BIG_LINES and without NOENT, DTDLOAD, DTDVALID, XINCLUDE or
 * HUGE; the internalSubset SAX callback stops the parse at any DOCTYPE, so
 * no entity is ever declared, let alone expanded or fetched.  Errors go to a
 * per-context structured handler (sax->serror), never to stderr; the first
 * one is kept, and libxml2 running out of memory is BW_ENOMEM.
 *
 * Budget: before libxml2 sees the file, one linear scan of the raw code
 * units (bytes, or UTF-16 or UCS-4 units when the file starts so) refuses a
 * NUL anywhere, records where each start tag begins (4 bytes an element),
 * and refuses a start tag with more than BWI_MAX_ATTRS attributes and a file
 * with more than BWI_MAX_ELEMENTS elements, so libxml2's attribute handling,
 * quadratic in their number, never runs on a long list.  While libxml2
 * builds the tree, the startElementNs callback enforces the same caps and
 * BWI_MAX_CHILDREN children per element in every encoding, and stops the
 * parse at the first element over a cap: neither the tree nor the schema
 * validator (quadratic in the siblings of one element) ever sees more.
 *
 * Positions: libxml2 records an element's line but not its column, and the
 * schema validator reports only the node.  The scan skips comments, CDATA
 * sections, processing instructions and quoted attribute values, none of
 * which can hold a start tag, and the DOM's elements are numbered in
 * document order; element k starts at tags[k].  Line and column come from a
 * walk over the units that counts CR, LF and CRLF as one line end each; it
 * resumes where the previous lookup ended, so lookups in document order cost
 * one pass in all, and no per-line table is kept.  When the counts disagree
 * (a file in an encoding the scan cannot read), positions fall back to
 * libxml2's line with column 0.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

#include "xml.h"

typedef struct parse_state {
	bw_error *err;
	bwi_xml_doc *d;
	xmlParserCtxtPtr ctxt;        /* while libxml2 parses */
	int failed;                   /* the first error is recorded */
	bw_status code;               /* and its status */
	size_t elements;              /* start tags seen by the parser */
	uint32_t *kids;               /* children so far, per open element */
	size_t depth, capkids;
} parse_state;

/* ----- code units and positions ----- */

static uint32_t unit(const bwi_xml_doc *d, size_t i)
{
	const unsigned char *p = (const unsigned char *)d->buf + i * d->width;
	if (d->width == 1)
		return p[0];
	if (d->width == 2)
		return d->big ? (uint32_t)p[0] << 8 | p[1]
		              : (uint32_t)p[1] << 8 | p[0];
	return d->big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	                (uint32_t)p[2] << 8 | p[3]
	              : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	                (uint32_t)p[1] << 8 | p[0];
}

/* The first unit u at or after i, or nunits. */
static size_t find_unit(const bwi_xml_doc *d, size_t i, uint32_t u)
{
	if (d->width == 1) {
		const char *p = i < d->len ?
			memchr(d->buf + i, (int)u, d->len - i) : NULL;
		return p ? (size_t)(p - d->buf) : d->nunits;
	}
	while (i < d->nunits && unit(d, i) != u)
		i++;
	return i;
}

/* Whether the ASCII text s starts at unit i. */
static int at_text(const bwi_xml_doc *d, size_t i, const char *s)
{
	for (; *s; s++, i++)
		if (i >= d->nunits || unit(d, i) != (unsigned char)*s)
			return 0;
	return 1;
}

static size_t skip_past(const bwi_xml_doc *d, size_t i, const char *pat)
{
	size_t n = strlen(pat);
	for (; (i = find_unit(d, i, (unsigned char)pat[0])) < d->nunits; i++)
		if (at_text(d, i, pat))
			return i + n;
	return d->nunits;
}

/* Line and column (1-based, in units) of unit offset off.  CR, LF and CRLF
 * each end one line. */
static void locate(bwi_xml_doc *d, size_t off, uint32_t *line,
                   uint32_t *column)
{
	if (off > d->nunits)
		off = d->nunits;
	if (off < d->at)
		d->at = d->at_start = 0, d->at_line = 1;
	for (size_t i = d->at; i < off; i++) {
		uint32_t u = unit(d, i);
		if (u == '\r' || (u == '\n' && !(i && unit(d, i - 1) == '\r')))
			d->at_line++;
		if (u == '\r' || u == '\n')
			d->at_start = i + 1;
	}
	d->at = off;
	*line = (uint32_t)d->at_line;
	*column = (uint32_t)(off - d->at_start + 1);
}

/* The element name of the start tag at unit off, for messages. */
static void tag_name(const bwi_xml_doc *d, size_t off, char *out,
                     size_t size)
{
	size_t n = 0;
	for (size_t i = off + 1; i < d->nunits && n + 1 < size; i++) {
		uint32_t u = unit(d, i);
		if (u == ' ' || u == '\t' || u == '\r' || u == '\n' ||
		    u == '/' || u == '>')
			break;
		out[n++] = u < 0x80 ? (char)u : '?';
	}
	out[n] = '\0';
}

/* ----- errors ----- */

static bw_status fail_at(parse_state *ps, bw_status code, size_t off,
                         const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* Record the first error, at unit offset off (SIZE_MAX: where the parser
 * is, by line only, or nowhere before it starts). */
static bw_status fail_at(parse_state *ps, bw_status code, size_t off,
                         const char *fmt, ...)
{
	uint32_t line = 0, column = 0;
	va_list ap;
	if (ps->failed)
		return ps->code;
	ps->failed = 1;
	ps->code = code;
	if (off != SIZE_MAX)
		locate(ps->d, off, &line, &column);
	else if (ps->ctxt && code != BW_ENOMEM)
		line = (uint32_t)xmlSAX2GetLineNumber(ps->ctxt);
	va_start(ap, fmt);
	bwi_error_vset(ps->err, code, ps->d->name, line, column, fmt, ap);
	va_end(ap);
	return code;
}

/* Element <name> is over one of the caps; off is its start tag. */
static bw_status over_cap(parse_state *ps, size_t off, const char *name,
                          const char *what, unsigned long count,
                          unsigned long cap)
{
	if (cap == BWI_MAX_ELEMENTS)
		return fail_at(ps, BW_EPARSE, off, "<%s> is element %lu of the "
		               "file, over the limit of %lu elements per file",
		               name, count, cap);
	return fail_at(ps, BW_ESCHEMA, off, "<%s> has %s%lu %s, over the limit "
	               "of %lu per element", name,
	               cap == BWI_MAX_CHILDREN ? "at least " : "", count, what,
	               cap);
}

/* ----- the scan before parsing ----- */

/* Which code units the file is written in, as libxml2 will detect it. */
static bw_status set_units(parse_state *ps)
{
	bwi_xml_doc *d = ps->d;
	d->width = 1;
	if (d->len >= 4) {
		switch (xmlDetectCharEncoding((const unsigned char *)d->buf,
		                              (int)d->len)) {
		case XML_CHAR_ENCODING_UTF16LE: d->width = 2; break;
		case XML_CHAR_ENCODING_UTF16BE: d->width = 2; d->big = 1; break;
		case XML_CHAR_ENCODING_UCS4LE: d->width = 4; break;
		case XML_CHAR_ENCODING_UCS4BE: d->width = 4; d->big = 1; break;
		case XML_CHAR_ENCODING_EBCDIC:
			return fail_at(ps, BW_EPARSE, SIZE_MAX, "EBCDIC is not "
			               "supported: write corpus files in UTF-8");
		default: break;
		}
	}
	d->nunits = d->len / d->width;
	return BW_OK;
}

/* The start tag at unit i: count its attributes (one '=' each outside
 * quoted values); return the unit after it. */
static size_t start_tag(parse_state *ps, size_t i)
{
	const bwi_xml_doc *d = ps->d;
	size_t off = i;
	unsigned long attrs = 0;
	uint32_t quote = 0;
	for (i++; i < d->nunits; i++) {
		uint32_t u = unit(d, i);
		if (quote) {
			if (u == quote)
				quote = 0;
		} else if (u == '"' || u == '\'') {
			quote = u;
		} else if (u == '=') {
			attrs++;
		} else if (u == '>') {
			break;
		}
	}
	if (attrs > BWI_MAX_ATTRS) {
		char name[48];
		tag_name(d, off, name, sizeof(name));
		over_cap(ps, off, name, "attributes", attrs, BWI_MAX_ATTRS);
	}
	return i;
}

static bw_status scan(parse_state *ps)
{
	bwi_xml_doc *d = ps->d;
	size_t i, capt = 0;
	bw_status st = set_units(ps);
	if (st)
		return st;
	if ((i = find_unit(d, 0, 0)) < d->nunits)
		return fail_at(ps, BW_EPARSE, i, "NUL byte: a corpus file is text "
		               "and may not contain one");
	for (i = 0; !ps->failed && (i = find_unit(d, i, '<')) < d->nunits;) {
		if (at_text(d, i, "<!--")) {
			i = skip_past(d, i + 4, "-->");
		} else if (at_text(d, i, "<![CDATA[")) {
			i = skip_past(d, i + 9, "]]>");
		} else if (at_text(d, i, "<?")) {
			i = skip_past(d, i + 2, "?>");
		} else if (at_text(d, i, "<!") || at_text(d, i, "</")) {
			i = skip_past(d, i + 2, ">");
		} else if (d->ntags == BWI_MAX_ELEMENTS) {
			char name[48];
			tag_name(d, i, name, sizeof(name));
			over_cap(ps, i, name, "elements",
			         (unsigned long)d->ntags + 1, BWI_MAX_ELEMENTS);
		} else if (bwi_grow(&d->tags, &capt, d->ntags + 1,
		                    sizeof(*d->tags))) {
			return fail_at(ps, BW_ENOMEM, SIZE_MAX, "%s",
			               bw_strerror(BW_ENOMEM));
		} else {
			d->tags[d->ntags++] = (uint32_t)i;
			i = start_tag(ps, i);
		}
	}
	return ps->failed ? ps->code : BW_OK;
}

/* ----- SAX callbacks ----- */

static void record_xml_error(xmlParserCtxtPtr ctxt, const xmlError *e)
{
	parse_state *ps = ctxt->_private;
	xmlParserInputPtr in = ctxt->input;
	char msg[400];
	size_t n, off = SIZE_MAX;
	if (ps->failed || !e || e->level == XML_ERR_WARNING)
		return;
	if (e->code == XML_ERR_NO_MEMORY) {
		fail_at(ps, BW_ENOMEM, SIZE_MAX, "%s", bw_strerror(BW_ENOMEM));
		return;
	}
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "malformed XML");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	/* some messages hold a line break; an error is one line */
	for (char *c = msg; *c; c++)
		if (*c == '\n')
			*c = ' ';
	/* Undecoded input: the parser's place is a byte offset into the file,
	 * which locate() turns into a line that counts CR line ends too. */
	if (ps->d->width == 1 && in && in->buf && !in->buf->encoder &&
	    in->cur >= in->base)
		off = in->consumed + (size_t)(in->cur - in->base);
	if (off <= ps->d->len) {
		fail_at(ps, BW_EPARSE, off, "malformed XML: %s", msg);
	} else {
		fail_at(ps, BW_EPARSE, SIZE_MAX, "malformed XML: %s", msg);
		if (ps->err)
			ps->err->column = (unsigned long)(e->int2 > 0 ? e->int2 : 0);
	}
}

static void on_parse_error(void *user, bwi_xml_error e)
{
	record_xml_error(user, e);
}

static void on_doctype(void *user, const xmlChar *name, const xmlChar *ext,
                       const xmlChar *sys)
{
	xmlParserCtxtPtr ctxt = user;
	parse_state *ps = ctxt->_private;
	(void)name, (void)ext, (void)sys;
	if (!ps->failed) {
		fail_at(ps, BW_EPARSE, SIZE_MAX, "a DOCTYPE is not allowed in a "
		        "corpus file (no DTDs or entity declarations)");
		if (ps->err)
			ps->err->column = 1;
	}
	xmlStopParser(ctxt);
}

/* The caps, checked before element <name> joins the tree (a child over the
 * cap is reported at its own position, naming its parent).  The scan has
 * refused files over the other caps already; this holds in every encoding. */
static bw_status check_element(parse_state *ps, const char *name,
                               int nb_attributes)
{
	size_t k = ++ps->elements;
	/* where element k starts, when the scan saw it */
	size_t off = k <= ps->d->ntags ? ps->d->tags[k - 1] : SIZE_MAX;
	if (k > BWI_MAX_ELEMENTS)
		return over_cap(ps, off, name, "elements", (unsigned long)k,
		                BWI_MAX_ELEMENTS);
	if (nb_attributes > (int)BWI_MAX_ATTRS)
		return over_cap(ps, off, name, "attributes",
		                (unsigned long)nb_attributes, BWI_MAX_ATTRS);
	/* the root's children, the entities, count against the file's cap */
	if (ps->depth > 1 && ++ps->kids[ps->depth - 1] > BWI_MAX_CHILDREN)
		return over_cap(ps, off, ps->ctxt->node ?
		                (const char *)ps->ctxt->node->name : "?",
		                "child elements", BWI_MAX_CHILDREN + 1ul,
		                BWI_MAX_CHILDREN);
	if (bwi_grow(&ps->kids, &ps->capkids, ps->depth + 1,
	             sizeof(*ps->kids)))
		return fail_at(ps, BW_ENOMEM, SIZE_MAX, "%s",
		               bw_strerror(BW_ENOMEM));
	ps->kids[ps->depth++] = 0;
	return BW_OK;
}

static void on_start(void *user, const xmlChar *localname,
                     const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces,
                     int nb_attributes, int nb_defaulted,
                     const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = user;
	if (check_element(ctxt->_private, (const char *)localname,
	                  nb_attributes)) {
		xmlStopParser(ctxt);
		return;
	}
	xmlSAX2StartElementNs(ctxt, localname, prefix, uri, nb_namespaces,
	                      namespaces, nb_attributes, nb_defaulted,
	                      attributes);
}

static void on_end(void *user, const xmlChar *localname,
                   const xmlChar *prefix, const xmlChar *uri)
{
	xmlParserCtxtPtr ctxt = user;
	parse_state *ps = ctxt->_private;
	if (ps->depth)
		ps->depth--;
	xmlSAX2EndElementNs(ctxt, localname, prefix, uri);
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

/* Whether libxml2 has reported running out of memory outside a parser or
 * validation context (the tree module does) since this file's parse began;
 * reset clears the note first. */
static int lost_memory(int reset)
{
	if (xmlStructuredError != bwi_xml_note_oom)
		return 0;
	if (reset)
		*(int *)xmlStructuredErrorContext = 0;
	return *(int *)xmlStructuredErrorContext;
}

void bwi_xml_where(bwi_xml_doc *d, const xmlNode *node,
                   uint32_t *line, uint32_t *column)
{
	uintptr_t k = node ? (uintptr_t)node->_private : 0;
	if (!d->positions || k == 0 || k > d->ntags) {
		*line = node ? (uint32_t)xmlGetLineNo(node) : 0;
		*column = 0;
		return;
	}
	locate(d, d->tags[k - 1], line, column);
}

bw_status bwi_xml_parse(bwi_xml_doc *d, const char *name, const char *buf,
                        size_t len, bw_error *err)
{
	parse_state ps;
	xmlParserCtxtPtr ctxt;
	memset(&ps, 0, sizeof(ps));
	ps.err = err;
	ps.d = d;
	memset(d, 0, sizeof(*d));
	d->name = name;
	d->buf = buf;
	d->len = len;
	d->at_line = 1;
	if (len > INT_MAX)
		return bwi_error_set(err, BW_EPARSE, name, 0, 0,
		                     "file is too large to parse");
	lost_memory(1);
	if (scan(&ps)) {
		bwi_xml_free(d);
		return ps.code;
	}
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		bwi_xml_free(d);
		return bwi_error_code(err, BW_ENOMEM);
	}
	ctxt->_private = &ps;
	ps.ctxt = ctxt;
	ctxt->sax->serror = on_parse_error;
	ctxt->sax->internalSubset = on_doctype;
	ctxt->sax->startElementNs = on_start;
	ctxt->sax->endElementNs = on_end;
	d->doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL,
	                           XML_PARSE_NONET | XML_PARSE_BIG_LINES |
	                           XML_PARSE_NOBLANKS);
	if (ps.code != BW_ENOMEM && (ctxt->errNo == XML_ERR_NO_MEMORY ||
	                             lost_memory(0))) {
		ps.failed = 0;
		fail_at(&ps, BW_ENOMEM, SIZE_MAX, "%s", bw_strerror(BW_ENOMEM));
	}
	if (!ps.failed && (!d->doc || !ctxt->wellFormed))
		fail_at(&ps, BW_EPARSE, SIZE_MAX,
		        "malformed XML: the parser gave up");
	xmlFreeParserCtxt(ctxt);
	bwi_free(ps.kids);
	if (ps.failed) {
		bwi_xml_free(d);
		return ps.code;
	}
	d->positions = number_elements(xmlDocGetRootElement(d->doc), 0) ==
	               d->ntags;
	return BW_OK;
}

typedef struct valid_state {
	bwi_xml_doc *d;
	bw_error *err;
	int failed;
	bw_status code;
	bwi_sink *sink;               /* NULL: keep the first problem only */
	const xmlNode *last;          /* the entity last reported to it */
} valid_state;

/* The entity (child of the root) holding node; the node itself when it is
 * the root or outside the tree. */
static const xmlNode *entity_of(const xmlNode *node)
{
	while (node && node->parent && node->parent->type == XML_ELEMENT_NODE &&
	       node->parent->parent &&
	       node->parent->parent->type == XML_ELEMENT_NODE)
		node = node->parent;
	return node;
}

static void on_valid_error(void *user, bwi_xml_error e)
{
	valid_state *vs = user;
	const xmlNode *node = e ? e->node : NULL;
	uint32_t line = 0, column = 0;
	char msg[300];
	size_t n;
	if (!e || e->level == XML_ERR_WARNING)
		return;
	if (vs->sink && vs->code != BW_ENOMEM) {
		/* one problem an entity: the rest follow from the first */
		const xmlNode *top = entity_of(node);
		if (vs->sink->full || (vs->failed && top && top == vs->last))
			return;
		vs->last = top;
	} else if (vs->failed) {
		return;
	}
	vs->failed = 1;
	vs->code = BW_ESCHEMA;
	if (e->code == XML_ERR_NO_MEMORY) {
		vs->code = bwi_error_code(vs->err, BW_ENOMEM);
		return;
	}
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
	if (vs->sink)
		bwi_sink_report(vs->err, vs->sink);
}

bw_status bwi_xml_validate(bwi_xml_doc *d, xmlRelaxNGPtr schema,
                           bw_error *err)
{
	return bwi_xml_check(d, schema, NULL, err);
}

bw_status bwi_xml_check(bwi_xml_doc *d, xmlRelaxNGPtr schema,
                        bwi_sink *sink, bw_error *err)
{
	valid_state vs = { d, err, 0, BW_ESCHEMA, sink, NULL };
	xmlRelaxNGValidCtxtPtr v = xmlRelaxNGNewValidCtxt(schema);
	int rc;
	if (!v)
		return bwi_error_code(err, BW_ENOMEM);
	xmlRelaxNGSetValidStructuredErrors(v, on_valid_error, &vs);
	rc = xmlRelaxNGValidateDoc(v, d->doc);
	xmlRelaxNGFreeValidCtxt(v);
	if (lost_memory(0))
		return bwi_error_code(err, BW_ENOMEM);
	if (rc == 0)
		return BW_OK;
	if (!vs.failed) {
		bwi_error_set(err, BW_ESCHEMA, d->name, 0, 0,
		              "does not match the schema");
		if (sink)
			bwi_sink_report(err, sink);
		return BW_ESCHEMA;
	}
	return vs.code;
}

void bwi_xml_free(bwi_xml_doc *d)
{
	if (d->doc)
		xmlFreeDoc(d->doc);
	bwi_free(d->tags);
	d->doc = NULL;
	d->tags = NULL;
	d->ntags = 0;
}

void bwi_xml_silent(void *ctx, const char *msg, ...)
{
	(void)ctx, (void)msg;
}

void bwi_xml_note_oom(void *flag, bwi_xml_error e)
{
	if (e && e->code == XML_ERR_NO_MEMORY)
		*(int *)flag = 1;
}


static void on_schema_error(void *user, bwi_xml_error e)
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
	if (!*out || failed || lost_memory(0)) {
		if (*out)
			xmlRelaxNGFree(*out);
		*out = NULL;
		return bwi_error_set(err, BW_ENOMEM, schema->name, 0, 0,
		                     "the corpus schema could not be compiled");
	}
	return BW_OK;
}
