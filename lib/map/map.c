/*
 * map.c: body maps as SVG (bw_map_muscle, bw_map_symptom, bw_map_screen).
 *
 * A map is the corpus's schematic body (model->bodymap: views of a
 * silhouette and one or more regions of SVG path data per body site) with
 * some sites marked.  Each mark has a class; a site takes the strongest
 * class any reason gives it, and the regions are drawn in the body map's
 * order, so a site within another (the femoral triangle in the thigh) is
 * drawn over it.  The classes come in colours from a palette that stays
 * apart for the common colour-blindnesses, each with its own pattern and
 * lightness, so they stay apart in grey too; a legend names them.
 *
 *  - muscle: where it lies (its region tokens read as site names: "hip",
 *    "lumbar"), outlined, and its referral zones, primary and spillover;
 *  - symptom: where it is felt and where it spreads, and the muscles whose
 *    causes name it or whose referral zones cover where it is felt;
 *  - screen: sites off, light pressure only, moderate at most, and
 *    cautioned, from the screen of the conditions given (bw_screen_new).
 *
 * Every marked region carries a <title> (site, class and why), the figure a
 * <title> and a <desc> that says in words what it shows, and the sources of
 * every fact or rule behind a mark are listed in the figure.  Text from the
 * corpus is escaped; path data was checked on load to hold only drawing
 * commands and numbers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../handle/handle.h"

/* Mark classes, weakest first: a site keeps the strongest. */
enum {
	M_NONE = 0,
	M_LOCATION,    /* muscle: where it lies (drawn as an outline) */
	M_SPILL,       /* referral or symptom: may spread here */
	M_PRIMARY,     /* referral or symptom: felt here */
	M_CAUTION,     /* screen: allowed with care */
	M_MODERATE,    /* screen: moderate pressure at most */
	M_LIGHT,       /* screen: light pressure only */
	M_OFF,         /* screen: no work here */
	M_COUNT
};

static const struct mark_style {
	const char *fill, *pattern, *label;
} styles[M_COUNT] = {
	[M_LOCATION] = {"none", NULL, "where the muscle lies (outlined)"},
	[M_SPILL] = {"#E69F00", "dots", "spillover: pain may spread here"},
	[M_PRIMARY] = {"#D55E00", NULL, "primary: pain is felt here"},
	[M_CAUTION] = {"#F0E442", "lines", "caution: allowed with care"},
	[M_MODERATE] = {"#56B4E9", "dots", "moderate pressure at most"},
	[M_LIGHT] = {"#0072B2", "hatch", "light pressure only"},
	[M_OFF] = {"#D55E00", "cross", "off: no work here"},
};

#define MAX_SOURCES 64
#define MAX_NOTES 48
#define NOTE_BYTES 160

typedef struct mapper {
	const bw_db *db;
	const bwi_model *model;       /* its body map's views */
	unsigned char *mark;          /* per site index: class */
	unsigned char *location;      /* per site index: muscle lies here */
	const char **why;             /* per site index: the reason shown */
	const bw_entity *sources[MAX_SOURCES];
	size_t nsources;
	const char *notes[MAX_NOTES]; /* lines listed beside the figure */
	size_t nnotes;
	char own[MAX_NOTES][NOTE_BYTES]; /* notes made here */
	size_t nown;
	char *out;
	size_t len, cap;
	int failed;
} mapper;

/* ----- output ----- */

static void put(mapper *m, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
static void put(mapper *m, const char *fmt, ...)
{
	va_list ap;
	int n;
	if (m->failed)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || bwi_grow(&m->out, &m->cap, m->len + (size_t)n + 1, 1)) {
		m->failed = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(m->out + m->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	m->len += (size_t)n;
}

/* Text for an element or attribute, with XML's five characters escaped. */
static void put_text(mapper *m, const char *s)
{
	for (; s && *s && !m->failed; s++) {
		switch (*s) {
		case '&': put(m, "&amp;"); break;
		case '<': put(m, "&lt;"); break;
		case '>': put(m, "&gt;"); break;
		case '"': put(m, "&quot;"); break;
		case '\'': put(m, "&apos;"); break;
		default: put(m, "%c", *s);
		}
	}
}

/* ----- marks ----- */

static void mark_site(mapper *m, const bw_entity *site, int cls,
                      const char *why)
{
	size_t i;
	if (!site || bwi_entity_kind(site) != BW_KIND_SITE)
		return;
	i = bwi_entity_index(site);
	if (cls == M_LOCATION) {
		m->location[i] = 1;
		return;
	}
	if (cls > m->mark[i]) {
		m->mark[i] = (unsigned char)cls;
		m->why[i] = why;
	}
}

static void cite(mapper *m, const bw_entity *source)
{
	if (!source)
		return;
	for (size_t i = 0; i < m->nsources; i++)
		if (m->sources[i] == source)
			return;
	if (m->nsources < MAX_SOURCES)
		m->sources[m->nsources++] = source;
}

static void note(mapper *m, const char *text)
{
	if (m->nnotes < MAX_NOTES)
		m->notes[m->nnotes++] = text;
}

/* A note written here, from a format. */
static void note_f(mapper *m, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
static void note_f(mapper *m, const char *fmt, ...)
{
	va_list ap;
	if (m->nown == MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(m->own[m->nown], NOTE_BYTES, fmt, ap);
	va_end(ap);
	note(m, m->own[m->nown++]);
}

/* The entity's zone facts as marks (primary or spillover), citing each. */
static void mark_zones(mapper *m, const bw_entity *e, const char *why)
{
	size_t n;
	const bw_fact *zones = bwi_entity_facts(e, BW_FIELD_ZONE, &n);
	for (size_t k = 0; k < n; k++) {
		const bw_fact *f = &zones[k];
		mark_site(m, bwi_fact_target(f),
		          strcmp(bwi_fact_qualifier(f), "primary") == 0 ?
		          M_PRIMARY : M_SPILL, why);
		cite(m, bwi_fact_source(f));
	}
}

/* Whether any primary zone of a overlaps a primary or spillover zone of b. */
static int zones_meet(const bw_entity *a, const bw_entity *b)
{
	size_t na, nb;
	const bw_fact *za = bwi_entity_facts(a, BW_FIELD_ZONE, &na);
	const bw_fact *zb = bwi_entity_facts(b, BW_FIELD_ZONE, &nb);
	for (size_t i = 0; i < na; i++) {
		if (strcmp(bwi_fact_qualifier(&za[i]), "primary") != 0)
			continue;
		for (size_t k = 0; k < nb; k++)
			if (bw_sites_overlap(bwi_fact_target(&za[i]),
			                     bwi_fact_target(&zb[k])))
				return 1;
	}
	return 0;
}

/* ----- drawing ----- */

#define GAP 24
#define TOP 64
#define PANEL 300
#define LINE 16

static void put_defs(mapper *m)
{
	put(m, "<defs>\n"
	    "<pattern id=\"dots\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
	    "<circle cx=\"3\" cy=\"3\" r=\"1.3\" fill=\"#000\" fill-opacity=\"0.55\"/></pattern>\n"
	    "<pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
	    "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" "
	    "stroke=\"#fff\" stroke-width=\"2\"/></pattern>\n"
	    "<pattern id=\"lines\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
	    "<line x1=\"0\" y1=\"3\" x2=\"6\" y2=\"3\" stroke=\"#000\" stroke-opacity=\"0.45\" "
	    "stroke-width=\"1\"/></pattern>\n"
	    "<pattern id=\"cross\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" "
	    "patternTransform=\"rotate(45)\"><path d=\"M0 3.5 H7 M3.5 0 V7\" stroke=\"#000\" "
	    "stroke-width=\"1.6\"/></pattern>\n"
	    "</defs>\n");
}

/* One region drawn in its class's colour, with its pattern over it. */
static void put_region(mapper *m, const bwi_map_region *reg)
{
	const bw_entity *site = bwi_region_site(reg);
	const char *d = bwi_region_d(reg);
	size_t i = bwi_entity_index(site);
	int cls = m->mark[i];
	const struct mark_style *st = &styles[cls];
	if (cls != M_NONE) {
		put(m, "<path d=\"%s\" fill=\"%s\" fill-opacity=\"0.85\" stroke=\"#333\" "
		    "stroke-width=\"0.8\" role=\"img\" aria-label=\"", d, st->fill);
		put_text(m, bwi_entity_name(site));
		put(m, ": %s\"><title>", st->label);
		put_text(m, bwi_entity_name(site));
		put(m, ": %s", st->label);
		if (m->why[i]) {
			put(m, " (");
			put_text(m, m->why[i]);
			put(m, ")");
		}
		put(m, "</title></path>\n");
		if (st->pattern)
			put(m, "<path d=\"%s\" fill=\"url(#%s)\" stroke=\"none\" "
			    "aria-hidden=\"true\"/>\n", d, st->pattern);
	}
	if (m->location[i]) {
		put(m, "<path d=\"%s\" fill=\"none\" stroke=\"#009E73\" "
		    "stroke-width=\"3\" stroke-dasharray=\"6 3\" role=\"img\" "
		    "aria-label=\"", d);
		put_text(m, bwi_entity_name(site));
		put(m, ": %s\"><title>", styles[M_LOCATION].label);
		put_text(m, bwi_entity_name(site));
		put(m, ": %s</title></path>\n", styles[M_LOCATION].label);
	}
}

static void put_swatch(mapper *m, int cls, unsigned x, unsigned y)
{
	const struct mark_style *st = &styles[cls];
	if (cls == M_LOCATION)
		put(m, "<rect x=\"%u\" y=\"%u\" width=\"22\" height=\"14\" fill=\"none\" "
		    "stroke=\"#009E73\" stroke-width=\"3\" stroke-dasharray=\"6 3\"/>\n",
		    x, y);
	else
		put(m, "<rect x=\"%u\" y=\"%u\" width=\"22\" height=\"14\" fill=\"%s\" "
		    "stroke=\"#333\"/>\n", x, y, st->fill);
	if (st->pattern)
		put(m, "<rect x=\"%u\" y=\"%u\" width=\"22\" height=\"14\" "
		    "fill=\"url(#%s)\"/>\n", x, y, st->pattern);
	put(m, "<text x=\"%u\" y=\"%u\">%s</text>\n", x + 30, y + 12, st->label);
}

/* Words wrapped to about width characters, one <text> per line from y
 * (only counted when !draw); the y after the last line. */
static unsigned put_wrapped(mapper *m, const char *text, unsigned x,
                            unsigned y, size_t width, int draw)
{
	const char *p = text;
	while (p && *p && !m->failed) {
		size_t n = strlen(p), cut = n;
		char line[256];
		if (n > width) {
			cut = width;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = width;
		}
		if (cut >= sizeof line)
			cut = sizeof line - 1;
		memcpy(line, p, cut);
		line[cut] = '\0';
		if (draw) {
			put(m, "<text x=\"%u\" y=\"%u\">", x, y);
			put_text(m, line);
			put(m, "</text>\n");
		}
		y += LINE;
		p += cut;
		while (*p == ' ')
			p++;
	}
	return y;
}

/* The whole figure: title, views, legend, notes and sources. */
static void put_svg(mapper *m, const char *title, const char *desc,
                    const int *legend, size_t nlegend)
{
	unsigned width = GAP, height = 0, x = GAP, y;
	for (size_t v = 0; v < bwi_model_nviews(m->model); v++) {
		const bwi_map_view *view = bwi_model_view(m->model, v);
		width += view->width + GAP;
		if (view->height > height)
			height = view->height;
	}
	width += PANEL;
	height += TOP + GAP;
	{
		/* the panel beside: the legend, then the notes, wrapped */
		unsigned panel = TOP + (unsigned)nlegend * 24 + 12;
		for (size_t i = 0; i < m->nnotes; i++)
			panel = put_wrapped(m, m->notes[i], 0, panel, 40, 0) + 4;
		if (panel + GAP > height)
			height = panel + GAP;
	}
	height += (unsigned)(m->nsources + 1) * LINE + GAP / 2;
	put(m, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" role=\"img\" "
	    "aria-labelledby=\"map-title map-desc\" font-family=\"sans-serif\" "
	    "font-size=\"13\">\n<title id=\"map-title\">", width, height, width,
	    height);
	put_text(m, title);
	put(m, "</title>\n<desc id=\"map-desc\">");
	put_text(m, desc);
	put(m, "</desc>\n");
	put_defs(m);
	put(m, "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n"
	    "<text x=\"%u\" y=\"30\" font-size=\"20\" font-weight=\"bold\">", GAP);
	put_text(m, title);
	put(m, "</text>\n");
	for (size_t v = 0; v < bwi_model_nviews(m->model); v++) {
		const bwi_map_view *view = bwi_model_view(m->model, v);
		const char *name = bwi_view_name(view); /* never NULL */
		put(m, "<g transform=\"translate(%u %u)\">\n<text x=\"%u\" y=\"-8\" "
		    "text-anchor=\"middle\" fill=\"#555\">%s</text>\n", x, TOP,
		    view->width / 2, name ? name : "");
		for (size_t i = 0; i < view->noutlines; i++) {
			const char *o = bwi_view_outline(view, i);
			if (o)
				put(m, "<path d=\"%s\" fill=\"#eeeeee\" "
				    "stroke=\"#777\" stroke-width=\"1.2\" "
				    "aria-hidden=\"true\"/>\n", o);
		}
		for (size_t i = 0; i < view->nregions; i++)
			put_region(m, bwi_view_region(view, i));
		put(m, "</g>\n");
		x += view->width + GAP;
	}
	y = TOP;
	for (size_t i = 0; i < nlegend; i++, y += 24)
		put_swatch(m, legend[i], x, y);
	y += 12;
	for (size_t i = 0; i < m->nnotes; i++)
		y = put_wrapped(m, m->notes[i], x, y, 40, 1) + 4;
	y = height - (unsigned)(m->nsources + 1) * LINE;
	put(m, "<text x=\"%u\" y=\"%u\" fill=\"#555\">Sources:</text>\n", GAP, y);
	for (size_t i = 0; i < m->nsources; i++) {
		y += LINE;
		put(m, "<text x=\"%u\" y=\"%u\" fill=\"#555\" font-size=\"11\">", GAP + 8, y);
		put_text(m, bwi_entity_name(m->sources[i]));
		put(m, " (");
		put_text(m, bwi_entity_id(m->sources[i]));
		put(m, ")</text>\n");
	}
	put(m, "</svg>\n");
}

/* ----- the calls ----- */

static bw_status begin(mapper *m, const bw_db *db, char **out, size_t *len,
                       bw_error *err)
{
	size_t n;
	memset(m, 0, sizeof(*m));
	if (out)
		*out = NULL;
	if (len)
		*len = 0;
	if (!out || !db)
		return bwi_error_code(err, BW_EINVAL);
	if (!db->model.bodymap)
		return bwi_error_set(err, BW_ENOTFOUND, NULL, 0, 0,
		                     "the corpus has no body map (<bodymap>)");
	m->db = db;
	m->model = &db->model;
	n = bwi_model_count(&db->model, BW_KIND_SITE) + 1;
	m->mark = bwi_calloc(n, 1);
	m->location = bwi_calloc(n, 1);
	m->why = bwi_calloc(n, sizeof(*m->why));
	if (!m->mark || !m->location || !m->why)
		return bwi_error_code(err, BW_ENOMEM);
	return BW_OK;
}

static bw_status finish(mapper *m, bw_status st, char **out, size_t *len,
                        bw_error *err)
{
	bwi_free(m->mark);
	bwi_free(m->location);
	bwi_free(m->why);
	if (!st && m->failed)
		st = bwi_error_code(err, BW_ENOMEM);
	if (!st)
		st = bwi_db_intact(m->db, err);
	if (st) {
		bwi_free(m->out);
		return st;
	}
	*out = m->out;
	if (len)
		*len = m->len;
	return BW_OK;
}

/* The entity name names, of kind want (a muscle may not be a group here). */
static bw_status named(const bw_db *db, const char *name, bw_kind want,
                       const bw_entity **e, bw_error *err)
{
	bw_status st;
	if (!name)
		return bwi_error_code(err, BW_EINVAL);
	if ((st = bw_db_lookup(e, db, name, err)))
		return st;
	if (bw_entity_kind(*e) != want)
		return bwi_error_set(err, BW_ENOTFOUND, NULL, 0, 0,
		                     "'%.200s' is a %s, not a %s", name,
		                     bw_kind_name(bw_entity_kind(*e)),
		                     bw_kind_name(want));
	return BW_OK;
}

bw_status bw_map_muscle(char **out, size_t *len, const bw_db *db,
                        const char *muscle, bw_error *err)
{
	static const int legend[] = {M_LOCATION, M_PRIMARY, M_SPILL};
	mapper m;
	const bw_entity *e = NULL;
	char title[300], desc[400];
	bw_status st = begin(&m, db, out, len, err);
	if (!st)
		st = named(db, muscle, BW_KIND_MUSCLE, &e, err);
	if (!st) {
		/* where it lies: its region tokens, read as site names */
		for (size_t i = 0; i < bw_entity_region_count(e) && !st; i++) {
			const bw_entity *site;
			bw_status x = bw_db_lookup(&site, db, bw_entity_region(e, i),
			                           NULL);
			if (x == BW_OK)
				mark_site(&m, site, M_LOCATION, NULL);
			else if (x != BW_ENOTFOUND)
				st = bwi_error_code(err, x);
		}
	}
	if (!st) {
		size_t nref;
		const bw_fact *refs = bwi_entity_facts(e, BW_FIELD_REFERRAL, &nref);
		mark_zones(&m, e, "referral");
		for (size_t k = 0; k < nref; k++) {
			note(&m, bwi_fact_text(&refs[k]));
			cite(&m, bwi_fact_source(&refs[k]));
		}
		snprintf(title, sizeof title, "%s: where it lies and where it "
		         "refers pain", bwi_entity_name(e));
		snprintf(desc, sizeof desc, "A schematic body, front and back, "
		         "with the region where %s lies outlined and the sites its "
		         "trigger points refer pain to filled: primary zones solid, "
		         "spillover zones dotted.", bwi_entity_name(e));
		put_svg(&m, title, desc, legend, 3);
	}
	return finish(&m, st, out, len, err);
}

bw_status bw_map_symptom(char **out, size_t *len, const bw_db *db,
                         const char *symptom, bw_error *err)
{
	static const int legend[] = {M_PRIMARY, M_SPILL};
	mapper m;
	const bw_entity *e = NULL;
	char title[300], desc[400];
	bw_status st = begin(&m, db, out, len, err);
	if (!st)
		st = named(db, symptom, BW_KIND_SYMPTOM, &e, err);
	if (!st) {
		const bwi_model *mod = &db->model;
		size_t ncauses = bwi_entity_nback(e, BWI_BACK_CAUSES);
		mark_zones(&m, e, "felt");
		note(&m, "Muscles whose trigger points refer pain here:");
		/* first the muscles whose causes name it, then those whose
		 * referral zones reach where it is felt */
		for (size_t i = 0; i < ncauses; i++) {
			const bw_fact *f = bwi_entity_back(e, BWI_BACK_CAUSES, i);
			note(&m, bwi_entity_name(bwi_fact_owner(f)));
			cite(&m, bwi_fact_source(f));
		}
		for (size_t i = 0; i < bwi_model_count(mod, BW_KIND_MUSCLE); i++) {
			const bw_entity *mu = bwi_model_kind_at(mod, BW_KIND_MUSCLE, i);
			int named_already = 0;
			for (size_t k = 0; k < ncauses; k++)
				named_already |= bwi_fact_owner(
					bwi_entity_back(e, BWI_BACK_CAUSES, k)) == mu;
			if (!named_already && zones_meet(e, mu)) {
				size_t nz;
				const bw_fact *zs = bwi_entity_facts(mu, BW_FIELD_ZONE, &nz);
				note(&m, bwi_entity_name(mu));
				for (size_t k = 0; k < nz; k++)
					cite(&m, bwi_fact_source(&zs[k]));
			}
		}
		snprintf(title, sizeof title, "%s: where it is felt",
		         bwi_entity_name(e));
		snprintf(desc, sizeof desc, "A schematic body, front and back, "
		         "with the sites where %s is felt filled solid and where "
		         "it may spread dotted, and a list of the muscles whose "
		         "trigger points refer pain there.", bwi_entity_name(e));
		put_svg(&m, title, desc, legend, 2);
	}
	return finish(&m, st, out, len, err);
}

bw_status bw_map_screen(char **out, size_t *len, const bw_db *db,
                        const char *const *conditions, size_t n,
                        bw_error *err)
{
	static const int legend[] = {M_OFF, M_LIGHT, M_MODERATE, M_CAUTION};
	mapper m;
	bw_screen *s = NULL;
	char title[400], desc[500];
	size_t at;
	bw_status st = begin(&m, db, out, len, err);
	if (!st)
		st = bw_screen_new(&s, db, conditions, n, err);
	if (!st) {
		at = (size_t)snprintf(title, sizeof title, "Session screen:");
		for (size_t i = 0; i < bw_screen_condition_count(s) &&
		                   at < sizeof title; i++)
			at += (size_t)snprintf(title + at, sizeof title - at, "%s %s",
			                       i ? "," : "",
			                       bwi_entity_name(bw_screen_condition(s, i)));
		if (bw_screen_refer(s))
			note(&m, "STOP AND REFER: a condition given is a red flag.");
		if (bw_screen_needs_clearance(s))
			note(&m, "MEDICAL CLEARANCE NEEDED before the work its lines "
			     "name.");
		for (size_t i = 0; i < bw_screen_count(s); i++) {
			bw_screen_action a = bw_screen_line_action(s, i);
			const bw_entity *site = bw_screen_line_site(s, i);
			const char *p = bw_screen_line_pressure(s, i);
			const bw_rule *r = bw_screen_line_rule(s, i, NULL);
			int cls = a == BW_SCREEN_AVOID || a == BW_SCREEN_CLEARANCE ? M_OFF :
			          a == BW_SCREEN_LIMIT ? (p && strcmp(p, "moderate") == 0 ?
			                                  M_MODERATE : p && strcmp(p, "none") == 0 ?
			                                  M_OFF : M_LIGHT) :
			          a == BW_SCREEN_CAUTION ? M_CAUTION : M_NONE;
			if (!site) {
				/* what no site can show: positions, and limits on the
				 * whole body */
				const char *who =
					bwi_entity_name(bw_screen_line_condition(s, i));
				if (a == BW_SCREEN_AVOID && bw_screen_line_position(s, i))
					note_f(&m, "Avoid the %s position (%s).",
					       bw_screen_line_position(s, i), who);
				else if (a == BW_SCREEN_LIMIT && p)
					note_f(&m, "Pressure %s at most everywhere (%s).", p,
					       who);
				else if (a == BW_SCREEN_NO_MASSAGE)
					note_f(&m, "No massage today (%s).", who);
				continue;
			}
			if (cls == M_NONE)
				continue;
			mark_site(&m, site, cls,
			          bwi_entity_name(bw_screen_line_condition(s, i)));
			if (r)
				cite(&m, bw_rule_source(r));
		}
		snprintf(desc, sizeof desc, "A schematic body, front and back, "
		         "with the sites the conditions put off limits cross-hatched, "
		         "those allowing light or moderate pressure only hatched or "
		         "dotted, and those needing caution lined; each site's title "
		         "names the condition.");
		put_svg(&m, title, desc, legend, 4);
		bw_screen_free(s);
	}
	return finish(&m, st, out, len, err);
}

void bw_map_free(char *svg)
{
	bwi_free(svg);
}
