/*
 * build.c: from a validated document to entities.
 *
 * The schema has already checked structure, vocabularies and patterns, so
 * this walk trusts the shape of the tree and only does what a schema cannot:
 * parse vertebral levels (and refuse backwards ranges), detect an id defined
 * twice in one layer, and record where every element starts so later errors
 * can name it.  Text is whitespace-collapsed and interned.  Facts are
 * gathered in document order and then grouped by field with a counting sort
 * into the arena, giving each entity its field_start[] table.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xml.h"

typedef struct builder {
	bwi_draft *m;
	bwi_xml_doc *d;
	bw_error *err;
	bwi_dfact *facts;               /* scratch, reused per entity */
	size_t nfacts, capfacts;
	bwi_drule *rules;
	size_t nrules, caprules;
	char *scratch;                /* text being collapsed, reused */
	size_t capscratch;
	const xmlNode *bad;           /* the element of a refused value */
	char why[200];                /* what is wrong with it */
} builder;

static int is_el(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

static const char *attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0 && a->children &&
		    a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Append s to the collapsed text in buf (w bytes so far). */
static size_t collapse_into(char *buf, size_t w, const char *s)
{
	for (; *s; s++) {
		if (is_space(*s)) {
			if (w && buf[w - 1] != ' ')
				buf[w++] = ' ';
		} else {
			buf[w++] = *s;
		}
	}
	return w;
}

/*
 * Facets.  The schema compiled into the library is corpus/bodywork.rng
 * without its <param> facets (bw_embed strips them): libxml2 compiles a
 * facet's pattern again for every value it checks, which made validation
 * five times slower than parsing.  The same rules are checked here instead,
 * once, with the element's position; tests/CMakeLists.txt runs xmllint with
 * the full schema over the same bad files, so the two stay in step.
 */

/* Refuse a value of element n: the caller returns NULL, oom() reports. */
static void refuse(builder *b, const xmlNode *n, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
static void refuse(builder *b, const xmlNode *n, const char *fmt, ...)
{
	va_list ap;
	if (b->bad)
		return;
	b->bad = n;
	va_start(ap, fmt);
	vsnprintf(b->why, sizeof(b->why), fmt, ap);
	va_end(ap);
}

/* id.type and token.type: [a-z0-9]+(-[a-z0-9]+)*, at most 64 bytes. */
static int is_id(const char *s, size_t n)
{
	if (n == 0 || n > 64 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '-' ? s[i + 1] == '-' :
		    !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

/* isbn: [0-9][0-9-]{8,15}[0-9Xx] */
static int is_isbn(const char *s)
{
	size_t n = strlen(s);
	if (n < 10 || n > 17 || s[0] < '0' || s[0] > '9')
		return 0;
	for (size_t i = 1; i + 1 < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return (s[n - 1] >= '0' && s[n - 1] <= '9') || s[n - 1] == 'X' ||
	       s[n - 1] == 'x';
}

/* Attributes whose values are ids or open tokens. */
static int is_id_attr(const char *name)
{
	static const char *const names[] = {
		"id", "source", "muscle", "symptom", "technique", "modality",
		"method", "movement", "site", "within", "contact",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

static const char *const id_rule =
	"lowercase letters and digits, words joined by single hyphens, "
	"at most 64 characters";

/* No fact needs more: a longer text is a broken or hostile file. */
#define BWI_MAX_TEXT (1u << 20)
/* Texts up to this many bytes are interned. */
#define BWI_INTERN_MAX 64

/* The interned, whitespace-collapsed text directly inside n (or an
 * attribute value when n is NULL and s is given).  NULL when out of memory
 * or refused (empty, or over BWI_MAX_TEXT; then b->bad is set). */
static const char *text_of(builder *b, const xmlNode *n, const char *s)
{
	size_t len = 0, w = 0;
	char *buf;
	if (s) {
		len = strlen(s);
	} else {
		for (const xmlNode *c = n->children; c; c = c->next)
			if ((c->type == XML_TEXT_NODE ||
			     c->type == XML_CDATA_SECTION_NODE) && c->content)
				len += strlen((const char *)c->content);
	}
	if (len > BWI_MAX_TEXT) {
		refuse(b, n, "the text of <%s> is %zu bytes, over the %u-byte "
		       "limit for one fact", n ? (const char *)n->name : "?",
		       len, BWI_MAX_TEXT);
		return NULL;
	}
	if (bwi_grow(&b->scratch, &b->capscratch, len + 1, 1))
		return NULL;
	buf = b->scratch;
	if (s) {
		w = collapse_into(buf, 0, s);
	} else {
		for (const xmlNode *c = n->children; c; c = c->next)
			if ((c->type == XML_TEXT_NODE ||
			     c->type == XML_CDATA_SECTION_NODE) && c->content)
				w = collapse_into(buf, w, (const char *)c->content);
	}
	while (w && buf[w - 1] == ' ')
		w--;
	if (!s && w == 0) {
		refuse(b, n, "<%s> is empty", (const char *)n->name);
		return NULL;
	}
	/* Short strings (ids, vocabulary, names) repeat and are interned;
	 * sentences rarely do, and a map of them would only cost time. */
	return w <= BWI_INTERN_MAX ? bwi_draft_intern(b->m, buf, w)
	                           : bwi_arena_strndup(&b->m->arena, buf, w);
}

/* An attribute's value as the schema reads it: its datatypes are tokens,
 * so white space around and between words is collapsed first, and only
 * then is the value checked. */
static const char *attr_text(builder *b, const xmlNode *n, const char *name)
{
	const char *v = attr(n, name), *t;
	if (!v || !(t = text_of(b, NULL, v)))
		return NULL;
	if (is_id_attr(name) && !is_id(t, strlen(t))) {
		refuse(b, n, "%s=\"%.80s\" of <%s> must be %s", name, v,
		       (const char *)n->name, id_rule);
		return NULL;
	}
	return t;
}

/* A closed-vocabulary attribute, read as attr_text does and mapped through
 * lookup; a value outside the vocabulary is refused, never stored. */
static int vocab_attr(builder *b, const xmlNode *n, const char *name,
                      int (*lookup)(const char *))
{
	const char *t = attr_text(b, n, name);
	int v = t ? lookup(t) : -1;
	if (t && v < 0)
		refuse(b, n, "%s=\"%.80s\" of <%s> is not a known value", name,
		       t, (const char *)n->name);
	return v;
}

/* A getter returned NULL: out of memory, or a value refused above. */
static bw_status oom(builder *b)
{
	uint32_t line, column;
	if (!b->bad)
		return bwi_error_code(b->err, BW_ENOMEM);
	bwi_xml_where(b->d, b->bad, &line, &column);
	return bwi_error_set(b->err, BW_ESCHEMA, b->d->name, line, column,
	                     "<%s> does not match the schema: %s",
	                     (const char *)b->bad->name, b->why);
}

/* Append a blank fact for element n in field; NULL when out of memory. */
static bwi_dfact *new_fact(builder *b, const xmlNode *n, bw_field field)
{
	bwi_dfact *f;
	uint32_t line, column;
	if (bwi_grow(&b->facts, &b->capfacts, b->nfacts + 1,
	             sizeof(*b->facts)))
		return NULL;
	f = &b->facts[b->nfacts++];
	memset(f, 0, sizeof(*f));
	bwi_xml_where(b->d, n, &line, &column);
	f->line = line;
	f->column = column;
	f->field = (uint16_t)field;
	f->evidence = BW_EVIDENCE_ESTABLISHED;
	return f;
}

static bw_status set_grade(builder *b, bwi_dfact *f, const xmlNode *n)
{
	f->source_id = attr_text(b, n, "source");
	if (attr(n, "source") && !f->source_id)
		return oom(b);
	if (attr(n, "evidence")) {
		int ev = vocab_attr(b, n, "evidence", bwi_evidence_from_name);
		if (ev < 0)
			return oom(b);
		f->evidence = (uint8_t)ev;
	}
	return BW_OK;
}

/* The fact's record of rarely used parts, made on first need. */
static bwi_dmore *more_of(builder *b, bwi_dfact *f)
{
	if (!f->more)
		f->more = bwi_arena_alloc(&b->m->arena, sizeof(*f->more));
	return f->more;
}

static bw_status set_levels(builder *b, bwi_dfact *f, const xmlNode *n)
{
	const char *lv = attr(n, "levels");
	uint64_t levels;
	if (!lv)
		return BW_OK;
	if (bwi_levels_parse(&levels, lv, strlen(lv)))
		return bwi_error_set(b->err, BW_ESCHEMA, b->d->name, f->line,
		                     f->column, "levels=\"%.80s\" of <%s> is not a "
		                     "list of spinal levels and ranges from C1 "
		                     "to Co4, each range running downwards, as in "
		                     "T12-L4,S1", lv, (const char *)n->name);
	if (!more_of(b, f))
		return oom(b);
	f->more->levels = levels;
	return BW_OK;
}

/* A fact element: text, or <text> plus <correction> when disputed. */
static bw_status fact_element(builder *b, const xmlNode *n, bw_field field,
                              const char *qualifier_attr,
                              const char *target_attr)
{
	bwi_dfact *f = new_fact(b, n, field);
	bw_status st;
	if (!f)
		return oom(b);
	if ((st = set_grade(b, f, n)) || (st = set_levels(b, f, n)))
		return st;
	if (qualifier_attr && attr(n, qualifier_attr) &&
	    !(f->qualifier = attr_text(b, n, qualifier_attr)))
		return oom(b);
	if (target_attr && !(f->target_id = attr_text(b, n, target_attr)))
		return oom(b);
	if (f->evidence == BW_EVIDENCE_DISPUTED) {
		for (const xmlNode *c = n->children; c; c = c->next) {
			if (is_el(c, "text")) {
				if (!(f->text = text_of(b, c, NULL)))
					return oom(b);
			} else if (is_el(c, "correction")) {
				if (!more_of(b, f) ||
				    !(f->more->correction = text_of(b, c, NULL)) ||
				    !(f->more->correction_source_id =
				      attr_text(b, c, "source")))
					return oom(b);
			}
		}
	} else if (!(f->text = text_of(b, n, NULL))) {
		return oom(b);
	}
	return BW_OK;
}

static int is_alnum_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Whether s matches shape: L a capital letter, D a digit, X either, any
 * other character itself. */
static int shaped(const char *s, const char *shape)
{
	for (; *shape; s++, shape++) {
		char c = *s;
		int ok = *shape == 'L' ? c >= 'A' && c <= 'Z' :
		         *shape == 'D' ? c >= '0' && c <= '9' :
		         *shape == 'X' ? (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') :
		         c == *shape;
		if (!ok)
			return 0;
	}
	return *s == '\0';
}

/* An ICD-10 code of s[0..n): LDX, then "." and 1 to 4 of X. */
static int is_icd10(const char *s, size_t n)
{
	char one[16];
	if (n < 3 || n > 8)
		return 0;
	memcpy(one, s, n);
	one[n] = '\0';
	if (n == 3)
		return shaped(one, "LDX");
	for (size_t k = 1; k <= 4; k++) {
		static const char *const shapes[] = {"LDX.X", "LDX.XX", "LDX.XXX",
		                                     "LDX.XXXX"};
		if (n == 4 + k && shaped(one, shapes[k - 1]))
			return 1;
	}
	return 0;
}

/* Whether text has the form its system requires (corpus/bodywork.rng). */
static int code_ok(int system, const char *text)
{
	static const char *const atc[] = {"L", "LDD", "LDDL", "LDDLL", "LDDLLDD"};
	const char *dash = strchr(text, '-');
	size_t n = strlen(text);
	switch (system) {
	case BWI_CODE_ICD10:
		return dash ? is_icd10(text, (size_t)(dash - text)) &&
		              is_icd10(dash + 1, strlen(dash + 1))
		            : is_icd10(text, n);
	case BWI_CODE_ATC:
		for (size_t i = 0; i < sizeof atc / sizeof *atc; i++)
			if (shaped(text, atc[i]))
				return 1;
		return 0;
	case BWI_CODE_FMA:
		if (n < 5 || n > 11 || strncmp(text, "FMA:", 4) || text[4] == '0')
			return 0;
		for (size_t i = 4; i < n; i++)
			if (text[i] < '0' || text[i] > '9')
				return 0;
		return 1;
	case BWI_CODE_UBERON:
		return shaped(text, "UBERON:DDDDDDD");
	case BWI_CODE_TA98:
		return shaped(text, "ADD.D.DD.DDD");
	case BWI_CODE_LOCAL:
		if (n < 1 || n > 32 || !is_alnum_char(text[0]))
			return 0;
		for (size_t i = 1; i < n; i++)
			if (!is_alnum_char(text[i]) && !strchr("._:-", text[i]))
				return 0;
		return 1;
	default:
		return 0;
	}
}

/* <code system= source= evidence= [shared="yes"]>: of its system's form;
 * a range stays within one letter and runs upwards. */
static bw_status code_element(builder *b, const xmlNode *n)
{
	bw_status st = fact_element(b, n, BW_FIELD_CODE, "system", NULL);
	const char *dash, *shared = attr(n, "shared");
	bwi_dfact *f;
	int system;
	if (st)
		return st;
	f = &b->facts[b->nfacts - 1];
	f->shared = shared && strcmp(shared, "yes") == 0;
	system = bwi_code_system(f->qualifier);
	if (!code_ok(system, f->text)) {
		refuse(b, n, "\"%.40s\" is not a code of the %s system", f->text,
		       f->qualifier ? f->qualifier : "(none)");
		return oom(b);
	}
	if (system == BWI_CODE_ICD10 && (dash = strchr(f->text, '-')) &&
	    (dash[1] != f->text[0] || strncmp(f->text, dash + 1, 3) > 0)) {
		refuse(b, n, "the code range \"%.40s\" must stay within one letter "
		       "and run upwards", f->text);
		return oom(b);
	}
	return BW_OK;
}

/* A value-only fact: a technique attribute or a source's field, graded
 * later from the steps (techniques) or left unsourced (sources). */
static bw_status value_element(builder *b, const xmlNode *n, bw_field field)
{
	bwi_dfact *f = new_fact(b, n, field);
	if (!f || !(f->text = text_of(b, n, NULL)))
		return oom(b);
	if ((field == BW_FIELD_METHOD || field == BW_FIELD_MOVEMENT) &&
	    !is_id(f->text, strlen(f->text)))
		refuse(b, n, "\"%.80s\" must be %s", f->text, id_rule);
	else if (field == BW_FIELD_ISBN && !is_isbn(f->text))
		refuse(b, n, "\"%.80s\" is not an ISBN", f->text);
	return b->bad ? oom(b) : BW_OK;
}

static bw_status steps_element(builder *b, const xmlNode *n)
{
	bw_status st;
	for (const xmlNode *c = n->children; c; c = c->next) {
		bwi_dfact *f;
		if (!is_el(c, "step"))
			continue;
		if (!(f = new_fact(b, c, BW_FIELD_STEP)))
			return oom(b);
		if ((st = set_grade(b, f, n)))
			return st;
		if (!(f->text = text_of(b, c, NULL)))
			return oom(b);
	}
	return BW_OK;
}

static bw_status rule_element(builder *b, const xmlNode *n)
{
	bwi_drule *r;
	size_t nm = 0, ni = 0, np = 0, k = 0;
	int sev, ev;
	uint32_t line, column;
	if (bwi_grow(&b->rules, &b->caprules, b->nrules + 1,
	             sizeof(*b->rules)))
		return oom(b);
	r = &b->rules[b->nrules++];
	memset(r, 0, sizeof(*r));
	bwi_xml_where(b->d, n, &line, &column);
	r->line = line;
	r->column = column;
	if ((sev = vocab_attr(b, n, "severity", bwi_severity_from_name)) < 0 ||
	    (ev = vocab_attr(b, n, "evidence", bwi_evidence_from_name)) < 0)
		return oom(b);
	r->severity = (uint8_t)sev;
	r->evidence = (uint8_t)ev;
	if (!(r->source_id = attr_text(b, n, "source")))
		return oom(b);
	if (attr(n, "site") && !(r->site.id = attr_text(b, n, "site")))
		return oom(b);
	/* the schema ties site= to local rules; a hand-built tree that breaks
	 * that is refused rather than read as a rule of no place */
	if ((r->severity == BW_SEVERITY_LOCAL) != (r->site.id != NULL)) {
		refuse(b, n, "a local rule, and only a local rule, names a site");
		return oom(b);
	}
	for (const xmlNode *c = n->children; c; c = c->next) {
		nm += is_el(c, "match");
		ni += is_el(c, "instead");
		np += is_el(c, "prefer");
	}
	if ((nm && !(r->matches = bwi_arena_alloc(&b->m->arena,
	                                          nm * sizeof(*r->matches)))) ||
	    (ni && !(r->instead = bwi_arena_alloc(&b->m->arena,
	                                          ni * sizeof(*r->instead)))) ||
	    (np && !(r->prefer = bwi_arena_alloc(&b->m->arena,
	                                         np * sizeof(*r->prefer)))))
		return oom(b);
	r->nmatches = nm;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (is_el(c, "instead")) {
			if (!(r->instead[r->ninstead++].id =
			      attr_text(b, c, "technique")))
				return oom(b);
			continue;
		}
		if (is_el(c, "prefer")) {
			int pos = vocab_attr(b, c, "position", bwi_position_from_name);
			if (pos < 0)
				return oom(b);
			r->prefer[r->nprefer++] = attr_text(b, c, "position");
			continue;
		}
		if (is_el(c, "match")) {
			bwi_dmatch *mt = &r->matches[k++];
			if (attr(c, "technique") &&
			    !(mt->technique_id = attr_text(b, c, "technique")))
				return oom(b);
			for (int a = 0; a < BWI_MATCH_NATTR; a++)
				if (attr(c, bwi_match_attr_names[a]) &&
				    !(mt->attr[a] = attr_text(b, c,
				                              bwi_match_attr_names[a])))
					return oom(b);
		} else if (is_el(c, "reason")) {
			if (!(r->reason = text_of(b, c, NULL)))
				return oom(b);
		} else if (is_el(c, "adjustment")) {
			if (!(r->adjustment = text_of(b, c, NULL)))
				return oom(b);
		}
	}
	return BW_OK;
}

/* One child element of an entity. */
static bw_status child_element(builder *b, bwi_dentity *e, const xmlNode *c)
{
	const char *name = (const char *)c->name;
	int field;
	if (strcmp(name, "name") == 0)
		return (e->name = text_of(b, c, NULL)) ? BW_OK : oom(b);
	if (strcmp(name, "steps") == 0)
		return steps_element(b, c);
	if (strcmp(name, "rule") == 0)
		return rule_element(b, c);
	field = bwi_field_from_name(name);
	if (field < 0) /* the schema admits nothing else */
		return bwi_error_set(b->err, BW_ESCHEMA, b->d->name, 0, 0,
		                     "unexpected element <%s>", name);
	if (e->kind == BW_KIND_SOURCE) {
		bw_status st = value_element(b, c, (bw_field)field);
		if (!st && field == BW_FIELD_TITLE)
			e->name = b->facts[b->nfacts - 1].text;
		if (!st && field == BW_FIELD_SUMMARY)
			e->summary = b->facts[b->nfacts - 1].text;
		return st;
	}
	switch (field) {
	case BW_FIELD_ALIAS:
		return fact_element(b, c, BW_FIELD_ALIAS, "type", NULL);
	case BW_FIELD_CODE:
		return code_element(b, c);
	case BW_FIELD_RELATED:
		return fact_element(b, c, BW_FIELD_RELATED, "type", "muscle");
	case BW_FIELD_CAUSES:
		return fact_element(b, c, BW_FIELD_CAUSES, NULL, "symptom");
	case BW_FIELD_ZONE: {
		/* <zone site="ID" extent= source= evidence=/>: a reference to a
		 * body site, sourced */
		bwi_dfact *f = new_fact(b, c, BW_FIELD_ZONE);
		if (!f || !(f->target_id = attr_text(b, c, "site")) ||
		    !(f->qualifier = attr_text(b, c, "extent")))
			return oom(b);
		f->text = f->target_id;
		return set_grade(b, f, c);
	}
	case BW_FIELD_MEMBER: {
		/* <member muscle="ID" source= evidence=/>: a reference, sourced */
		bwi_dfact *f = new_fact(b, c, BW_FIELD_MEMBER);
		if (!f || !(f->target_id = attr_text(b, c, "muscle")))
			return oom(b);
		f->text = f->target_id;
		return set_grade(b, f, c);
	}
	case BW_FIELD_TARGET: {
		bwi_dfact *f = new_fact(b, c, BW_FIELD_TARGET);
		const char *role = attr(c, "role");
		if (!f || !(f->target_id = attr_text(b, c, "muscle")) ||
		    !(f->qualifier = text_of(b, NULL, role ? role : "primary")))
			return oom(b);
		f->text = f->target_id;
		return BW_OK;
	}
	case BW_FIELD_CONTACT: {
		/* a site id, resolved like any other reference */
		bw_status st = value_element(b, c, BW_FIELD_CONTACT);
		bwi_dfact *f = &b->facts[b->nfacts - 1];
		if (!st && !is_id(f->text, strlen(f->text))) {
			refuse(b, c, "\"%.80s\" must be a site id: %s", f->text,
			       id_rule);
			return oom(b);
		}
		if (!st)
			f->target_id = f->text;
		return st;
	}
	case BW_FIELD_POSITION: case BW_FIELD_PRESSURE:
	case BW_FIELD_METHOD: case BW_FIELD_MOVEMENT:
		return value_element(b, c, (bw_field)field);
	default: {
		bw_status st = fact_element(b, c, (bw_field)field, NULL, NULL);
		if (!st && field == BW_FIELD_SUMMARY)
			e->summary = b->facts[b->nfacts - 1].text;
		return st;
	}
	}
}

/* Split a space-separated region list into the entity's regions. */
static bw_status set_regions(builder *b, bwi_dentity *e, const xmlNode *el,
                           const char *list)
{
	size_t n = 0, k = 0;
	for (const char *p = list; *p;) {
		while (*p && is_space(*p))
			p++;
		if (*p)
			n++;
		while (*p && !is_space(*p))
			p++;
	}
	e->regions = bwi_arena_alloc(&b->m->arena, (n ? n : 1) * sizeof(char *));
	if (!e->regions)
		return oom(b);
	for (const char *p = list; *p;) {
		const char *s;
		while (*p && is_space(*p))
			p++;
		s = p;
		while (*p && !is_space(*p))
			p++;
		if (p > s && !is_id(s, (size_t)(p - s))) {
			refuse(b, el, "region \"%.*s\" must be %s",
			       (int)(p - s > 80 ? 80 : p - s), s, id_rule);
			return oom(b);
		}
		if (p > s && !(e->regions[k++] = bwi_draft_intern(b->m, s,
		                                                  (size_t)(p - s))))
			return oom(b);
	}
	e->nregions = k;
	return BW_OK;
}

static bw_status set_attrs(builder *b, bwi_dentity *e, const xmlNode *n)
{
	/* (the image keeps the values in these slots, naming them by kind) */
	for (int i = 0, k = 0; i < BWI_ENTITY_NATTR; i++) {
		const char *an = bwi_entity_attr_names[e->kind][i];
		if (!an || !attr(n, an))
			continue;
		e->attr_name[k] = an;
		if (!(e->attr_value[k++] = attr_text(b, n, an)))
			return oom(b);
	}
	if (e->kind == BW_KIND_CONDITION && !e->attr_name[0]) {
		/* category is optional: a condition proper unless it says */
		e->attr_name[0] = "category";
		if (!(e->attr_value[0] = bwi_draft_intern(b->m, "condition", 9)))
			return oom(b);
	}
	if (e->kind == BW_KIND_SITE)
		e->within.id = bwi_dentity_attr(e, "within");
	if (e->kind == BW_KIND_MUSCLE && attr(n, "region"))
		return set_regions(b, e, n, attr(n, "region"));
	return BW_OK;
}

/* Move the scratch facts and rules into the arena, grouped by field. */
static bw_status freeze(builder *b, bwi_dentity *e)
{
	uint32_t next[BW_FIELD_COUNT];
	uint32_t count[BW_FIELD_COUNT] = { 0 };
	const bwi_dfact *steps = NULL;
	for (size_t i = 0; i < b->nfacts; i++) {
		count[b->facts[i].field]++;
		if (b->facts[i].field == BW_FIELD_STEP && !steps)
			steps = &b->facts[i];
	}
	e->field_start[0] = 0;
	for (int f = 0; f < BW_FIELD_COUNT; f++) {
		e->field_start[f + 1] = e->field_start[f] + count[f];
		next[f] = e->field_start[f];
	}
	e->facts = bwi_arena_alloc(&b->m->arena,
	                           (b->nfacts ? b->nfacts : 1) * sizeof(bwi_dfact));
	if (!e->facts)
		return oom(b);
	for (size_t i = 0; i < b->nfacts; i++) {
		bwi_dfact *f = &e->facts[next[b->facts[i].field]++];
		*f = b->facts[i];
		f->owner = e;
		/* A technique's attributes and targets rest on the same source
		 * as its steps: they describe the same procedure. */
		if (e->kind == BW_KIND_TECHNIQUE && steps && !f->source_id) {
			f->source_id = steps->source_id;
			f->evidence = steps->evidence;
		}
	}
	if (b->nrules) {
		e->rules = bwi_arena_alloc(&b->m->arena,
		                           b->nrules * sizeof(bwi_drule));
		if (!e->rules)
			return oom(b);
		memcpy(e->rules, b->rules, b->nrules * sizeof(bwi_drule));
		for (size_t i = 0; i < b->nrules; i++)
			e->rules[i].owner = e;
		e->nrules = b->nrules;
	}
	return BW_OK;
}

static bw_status entity_element(builder *b, bwi_layer *layer,
                                const xmlNode *n, bw_kind kind)
{
	bwi_dentity *e = bwi_arena_alloc(&b->m->arena, sizeof(*e));
	const bwi_dentity *dup;
	uint32_t line, column;
	bw_status st;
	if (!e)
		return oom(b);
	e->kind = (uint8_t)kind;
	bwi_xml_where(b->d, n, &line, &column);
	e->line = line;
	e->column = column;
	if (!(e->id = attr_text(b, n, "id")) ||
	    !(e->file = bwi_draft_intern(b->m, b->d->name, strlen(b->d->name))))
		return oom(b);
	dup = bwi_map_get(&layer->seen, e->id, strlen(e->id));
	if (dup)
		return bwi_error_set(b->err, BW_ECORPUS, b->d->name, line, column,
		                     "duplicate id '%s': already defined at "
		                     "%s:%lu:%lu in the same layer", e->id,
		                     dup->file, (unsigned long)dup->line,
		                     (unsigned long)dup->column);
	b->nfacts = b->nrules = 0;
	if ((st = set_attrs(b, e, n)))
		return st;
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (st = child_element(b, e, c)))
			return st;
	/* a baseline applies to every client, so it may only caution */
	if (kind == BW_KIND_CONDITION &&
	    strcmp(bwi_dentity_attr(e, "category"), "baseline") == 0)
		for (size_t i = 0; i < b->nrules; i++)
			if (b->rules[i].severity != BW_SEVERITY_CAUTION)
				return bwi_error_set(b->err, BW_ECORPUS, b->d->name,
				                     b->rules[i].line, b->rules[i].column,
				                     "condition '%s' is a baseline, applied "
				                     "to every client: its rules may only "
				                     "be cautions", e->id);
	if ((st = freeze(b, e)))
		return st;
	if (bwi_map_put(&layer->seen, e->id, strlen(e->id), e, NULL) ||
	    bwi_grow(&layer->entities, &layer->capentities,
	             layer->nentities + 1, sizeof(*layer->entities)))
		return oom(b);
	layer->entities[layer->nentities++] = e;
	return BW_OK;
}

static bw_status hide_element(builder *b, bwi_layer *layer, const xmlNode *n)
{
	bwi_hide *h;
	uint32_t line, column;
	if (bwi_grow(&layer->hides, &layer->caphides, layer->nhides + 1,
	             sizeof(*layer->hides)))
		return oom(b);
	h = &layer->hides[layer->nhides++];
	bwi_xml_where(b->d, n, &line, &column);
	h->line = line;
	h->column = column;
	if (!(h->id = attr_text(b, n, "id")) ||
	    !(h->file = bwi_draft_intern(b->m, b->d->name, strlen(b->d->name))))
		return oom(b);
	return BW_OK;
}

/* SVG path data of a body map: drawing commands, numbers and separators
 * only (it is copied into the SVG the library writes), 1 to 8192 bytes. */
static const char *path_attr(builder *b, const xmlNode *n)
{
	const char *d = attr(n, "d");
	size_t len = d ? strlen(d) : 0;
	if (len < 1 || len > 8192 ||
	    strspn(d, "MmLlHhVvCcSsQqTtAaZz0123456789 ,.-") != len) {
		refuse(b, n, "d of <%s> must be 1 to 8192 characters of SVG path "
		       "commands and numbers", (const char *)n->name);
		return NULL;
	}
	return bwi_arena_strndup(&b->m->arena, d, len);
}

/* A positive whole number attribute of at most 100000. */
static unsigned size_attr(builder *b, const xmlNode *n, const char *name)
{
	const char *v = attr(n, name);
	unsigned long x = 0;
	for (const char *p = v; p && *p && x <= 100000; p++)
		x = *p >= '0' && *p <= '9' ? x * 10 + (unsigned long)(*p - '0')
		                           : 100001;
	if (!v || x < 1 || x > 100000) {
		refuse(b, n, "%s of <%s> must be a whole number from 1 to 100000",
		       name, (const char *)n->name);
		return 0;
	}
	return (unsigned)x;
}

static size_t count_children(const xmlNode *n, const char *name)
{
	size_t k = 0;
	for (const xmlNode *c = n->children; c; c = c->next)
		k += is_el(c, name);
	return k;
}

/* One <view>: its size, outlines and regions, into v (arena memory). */
static bw_status view_element(builder *b, const xmlNode *n, bwi_dview *v)
{
	size_t no = count_children(n, "outline"), nr = count_children(n, "region");
	const char *file = bwi_draft_intern(b->m, b->d->name, strlen(b->d->name));
	v->outlines = bwi_arena_alloc(&b->m->arena, (no + 1) * sizeof(char *));
	v->regions = bwi_arena_alloc(&b->m->arena,
	                             (nr + 1) * sizeof(bwi_dregion));
	if (!file || !v->outlines || !v->regions ||
	    !(v->name = attr_text(b, n, "name")) ||
	    !(v->width = size_attr(b, n, "width")) ||
	    !(v->height = size_attr(b, n, "height")))
		return oom(b);
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (is_el(c, "outline")) {
			if (!(v->outlines[v->noutlines++] = path_attr(b, c)))
				return oom(b);
		} else if (is_el(c, "region")) {
			bwi_dregion *r = &v->regions[v->nregions++];
			memset(r, 0, sizeof(*r));
			bwi_xml_where(b->d, c, &r->line, &r->column);
			r->file = file;
			if (!(r->site_id = attr_text(b, c, "site")) ||
			    !(r->d = path_attr(b, c)))
				return oom(b);
		}
	}
	return BW_OK;
}

/* <bodymap>: the schematic body, replacing any an earlier layer gave. */
static bw_status bodymap_element(builder *b, const xmlNode *n)
{
	size_t nv = count_children(n, "view");
	bwi_dbodymap *map = bwi_arena_alloc(&b->m->arena, sizeof(*map));
	bw_status st = BW_OK;
	if (!map ||
	    !(map->views = bwi_arena_alloc(&b->m->arena,
	                                   (nv + 1) * sizeof(bwi_dview))) ||
	    !(map->id = attr_text(b, n, "id")))
		return oom(b);
	map->nviews = 0;
	for (const xmlNode *c = n->children; c && !st; c = c->next)
		if (is_el(c, "view")) {
			bwi_dview *v = &map->views[map->nviews++];
			memset(v, 0, sizeof(*v));
			st = view_element(b, c, v);
		}
	if (!st)
		b->m->bodymap = map;
	return st;
}

/* <synonyms>: each <set> of <term>s becomes a synonym set of the model. */
static bw_status synonyms_element(builder *b, const xmlNode *n)
{
	const char **terms = NULL;
	size_t cap = 0;
	bw_status st = BW_OK;
	for (const xmlNode *set = n->children; set && !st; set = set->next) {
		size_t nt = 0;
		if (!is_el(set, "set"))
			continue;
		for (const xmlNode *t = set->children; t && !st; t = t->next) {
			if (!is_el(t, "term"))
				continue;
			if (bwi_grow(&terms, &cap, nt + 1, sizeof(*terms)) ||
			    !(terms[nt] = text_of(b, t, NULL)))
				st = oom(b);
			else
				nt++;
		}
		if (!st && nt && bwi_draft_add_synset(b->m, terms, nt))
			st = oom(b);
	}
	bwi_free(terms);
	return st;
}

void bwi_layer_init(bwi_layer *l)
{
	memset(l, 0, sizeof(*l));
	bwi_map_init(&l->seen);
}

void bwi_layer_free(bwi_layer *l)
{
	bwi_map_free(&l->seen);
	bwi_free(l->entities);
	bwi_free(l->hides);
	bwi_layer_init(l);
}

bw_status bwi_build(bwi_draft *m, bwi_layer *layer, bwi_xml_doc *d,
                    bw_error *err)
{
	builder b = { m, d, err, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, "" };
	bw_status st = BW_OK;
	const xmlNode *root = xmlDocGetRootElement(d->doc);
	for (const xmlNode *n = root ? root->children : NULL; n && !st;
	     n = n->next) {
		bw_kind kind;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(n, "hide"))
			st = hide_element(&b, layer, n);
		else if (is_el(n, "synonyms"))
			st = synonyms_element(&b, n);
		else if (is_el(n, "bodymap"))
			st = bodymap_element(&b, n);
		else if (bw_kind_parse(&kind, (const char *)n->name, NULL) == BW_OK)
			st = entity_element(&b, layer, n, kind);
	}
	bwi_free(b.facts);
	bwi_free(b.rules);
	bwi_free(b.scratch);
	return st;
}
