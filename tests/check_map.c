/*
 * check_map.c: body maps (bw_map_muscle, bw_map_symptom, bw_map_screen) on
 * tests/data/valid with the layer tests/data/map/layer.xml (a small body
 * map, a muscle and a symptom with zones, a condition named "Cuts &
 * <scrapes>").  Each map must parse as XML, be an SVG with a title and a
 * description, give every marked region a <title> naming its site and
 * class, mark exactly the sites it should in the class it should, list its
 * sources, and escape corpus text; a corpus without a body map, an unknown
 * name or the wrong kind is refused; an allocation failure anywhere is
 * BW_ENOMEM with nothing leaked.  The bundled corpus's map has a region for
 * every body site.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "testutil.h"
#include "handle/handle.h"

static bw_db *db;

static void setup(void)
{
	static const char *const paths[] = {"valid", "map/layer.xml"};
	db = tu_open(paths, 2);
}

static void teardown(void)
{
	bw_db_close(db);
	db = NULL;
}

/* What a map marks: "site=class" for each marked region in drawing order,
 * joined by spaces, read back from the SVG's region titles. */
typedef struct parsed {
	char marks[2048];
	char title[256];
	int has_desc, regions_untitled;
	char text[4096];            /* every <text>, joined by '|' */
} parsed;

static void walk(const xmlNode *n, parsed *p)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)n->name, "path")) {
			xmlChar *role = xmlGetProp(n, (const xmlChar *)"role");
			if (role) {
				const xmlNode *t = n->children;
				while (t && (t->type != XML_ELEMENT_NODE ||
				             strcmp((const char *)t->name, "title")))
					t = t->next;
				if (!t) {
					p->regions_untitled++;
				} else {
					xmlChar *s = xmlNodeGetContent(t);
					char site[128], cls[128];
					/* "Site name: class label (why)" */
					if (sscanf((const char *)s, "%127[^:]: %127[^ (:]", site,
					           cls) == 2)
						snprintf(p->marks + strlen(p->marks),
						         sizeof p->marks - strlen(p->marks), "%s%s=%s",
						         p->marks[0] ? " " : "", site, cls);
					xmlFree(s);
				}
				xmlFree(role);
			}
		} else if (!strcmp((const char *)n->name, "title") &&
		           !strcmp((const char *)n->parent->name, "svg")) {
			xmlChar *s = xmlNodeGetContent(n);
			snprintf(p->title, sizeof p->title, "%s", (const char *)s);
			xmlFree(s);
		} else if (!strcmp((const char *)n->name, "desc")) {
			p->has_desc = 1;
		} else if (!strcmp((const char *)n->name, "text")) {
			xmlChar *s = xmlNodeGetContent(n);
			snprintf(p->text + strlen(p->text), sizeof p->text - strlen(p->text),
			         "%s|", (const char *)s);
			xmlFree(s);
		}
		walk(n->children, p);
	}
}

static parsed parse_svg(const char *svg, size_t len)
{
	parsed p;
	xmlDoc *doc = xmlReadMemory(svg, (int)len, "map.svg", NULL, XML_PARSE_NONET);
	xmlNode *root;
	memset(&p, 0, sizeof p);
	ck_assert_msg(doc != NULL, "the map is not well-formed XML");
	root = xmlDocGetRootElement(doc);
	ck_assert_str_eq((const char *)root->name, "svg");
	ck_assert_str_eq((const char *)root->ns->href, "http://www.w3.org/2000/svg");
	walk(root->children, &p);
	xmlFreeDoc(doc);
	ck_assert_int_eq(p.regions_untitled, 0);
	ck_assert(p.has_desc);
	return p;
}

START_TEST(test_muscle_map)
{
	char *svg = NULL;
	size_t len = 0;
	bw_error err;
	parsed p;
	ck_assert_int_eq(bw_map_muscle(&svg, &len, db, "test flexor", &err), BW_OK);
	ck_assert_uint_eq(len, strlen(svg));
	p = parse_svg(svg, len);
	ck_assert_str_eq(p.title, "Test flexor: where it lies and where it refers pain");
	/* drawing order: the thigh (both sides in one region), then the low
	 * back filled and outlined ("lumbar" is the low back's alias; "hip" is
	 * no site here) */
	ck_assert_str_eq(p.marks, "Thigh=spillover Low back=primary "
	                 "Low back=where");
	ck_assert_ptr_nonnull(strstr(p.text, "Along the low back"));
	ck_assert_ptr_nonnull(strstr(p.text, "Test Anatomy (anatomy-text)"));
	ck_assert_ptr_nonnull(strstr(p.text, "(forum)"));
	bw_map_free(svg);
}
END_TEST

START_TEST(test_symptom_map)
{
	char *svg = NULL;
	size_t len = 0;
	bw_error err;
	parsed p;
	ck_assert_int_eq(bw_map_symptom(&svg, &len, db, "thigh-ache", &err), BW_OK);
	p = parse_svg(svg, len);
	ck_assert_str_eq(p.title, "Thigh ache: where it is felt");
	ck_assert_str_eq(p.marks, "Thigh=primary Knee=spillover");
	/* the test flexor's spillover zone reaches the thigh */
	ck_assert_ptr_nonnull(strstr(p.text, "|Test flexor|"));
	ck_assert_ptr_null(strstr(p.text, "|Psoas major|"));
	bw_map_free(svg);
	/* psoas names low back pain in its causes */
	ck_assert_int_eq(bw_map_symptom(&svg, &len, db, "LBP", &err), BW_OK);
	p = parse_svg(svg, len);
	ck_assert_ptr_nonnull(strstr(p.text, "|Psoas major|"));
	ck_assert_str_eq(p.marks, "");
	bw_map_free(svg);
}
END_TEST

START_TEST(test_screen_map)
{
	const char *conds[] = {"cuts-and-scrapes", "endometriosis"};
	char *svg = NULL;
	size_t len = 0;
	bw_error err;
	parsed p;
	ck_assert_int_eq(bw_map_screen(&svg, &len, db, conds, 2, &err), BW_OK);
	p = parse_svg(svg, len);
	/* corpus text escaped, and read back as written */
	ck_assert_str_eq(p.title, "Session screen: Cuts & <scrapes>, Endometriosis");
	ck_assert_ptr_null(strstr(svg, "<scrapes>"));
	ck_assert_ptr_nonnull(strstr(svg, "Cuts &amp; &lt;scrapes&gt;"));
	/* off at the abdomen and the knee, caution on the thigh */
	ck_assert_str_eq(p.marks, "Abdomen=off Thigh=caution Knee=off");
	ck_assert_ptr_nonnull(strstr(p.text, "Release thread (forum)"));
	bw_map_free(svg);
}
END_TEST

START_TEST(test_refused)
{
	const char *none = NULL;
	char *svg = (char *)"x";
	bw_error err;
	bw_db *plain;
	static const char *const base[] = {"valid"};
	ck_assert_int_eq(bw_map_muscle(&svg, NULL, db, "nonesuch", &err),
	                 BW_ENOTFOUND);
	ck_assert_ptr_null(svg);
	ck_assert_int_eq(bw_map_muscle(&svg, NULL, db, "thigh-ache", &err),
	                 BW_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.message, "is a symptom, not a muscle"));
	ck_assert_int_eq(bw_map_symptom(&svg, NULL, db, "psoas-major", &err),
	                 BW_ENOTFOUND);
	ck_assert_int_eq(bw_map_screen(&svg, NULL, db, &none, 1, &err),
	                 BW_EINVAL);
	ck_assert_int_eq(bw_map_muscle(NULL, NULL, db, "psoas-major", &err),
	                 BW_EINVAL);
	ck_assert_int_eq(bw_map_muscle(&svg, NULL, NULL, "psoas-major", &err),
	                 BW_EINVAL);
	ck_assert_int_eq(bw_map_muscle(&svg, NULL, db, NULL, &err), BW_EINVAL);
	plain = tu_open(base, 1);
	ck_assert_int_eq(bw_map_muscle(&svg, NULL, plain, "psoas-major", &err),
	                 BW_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.message, "no body map"));
	bw_db_close(plain);
	bw_map_free(NULL);
}
END_TEST

START_TEST(test_out_of_memory)
{
	const char *conds[] = {"cuts-and-scrapes"};
	tu_alloc_install();
	for (int which = 0; which < 3; which++)
		for (long k = 0;; k++) {
			char *svg = NULL;
			bw_status st;
			long live;
			tu_alloc_arm(k);
			live = tu_alloc_live();
			st = which == 0 ? bw_map_muscle(&svg, NULL, db, "test-flexor", NULL) :
			     which == 1 ? bw_map_symptom(&svg, NULL, db, "thigh-ache", NULL) :
			     bw_map_screen(&svg, NULL, db, conds, 1, NULL);
			tu_alloc_disarm();
			if (!tu_alloc_failed()) {
				ck_assert_int_eq(st, BW_OK);
				bw_map_free(svg);
				break;
			}
			ck_assert_msg(st == BW_ENOMEM, "map %d, failing allocation %ld: %d",
			              which, k, st);
			ck_assert_ptr_null(svg);
			ck_assert_int_eq(tu_alloc_live(), live);
		}
	tu_alloc_restore();
}
END_TEST

/* The bundled body map: a region for every body site (every region names
 * a site, or the corpus would not open), and a map for every muscle and
 * every symptom. */
START_TEST(test_bundled_map)
{
	bw_db *b = NULL;
	bw_error err;
	size_t missing = 0;
	const bwi_model *m;
	ck_assert_int_eq(bw_db_open_bundled(&b, NULL, 0, &err), BW_OK);
	m = &b->model;
	ck_assert_ptr_nonnull(m->bodymap);
	for (size_t i = 0; i < bw_db_count(b, BW_KIND_SITE); i++) {
		const bw_entity *site = bw_db_entity_at(b, BW_KIND_SITE, i);
		int found = 0;
		for (size_t v = 0; v < bwi_model_nviews(m); v++) {
			const bwi_map_view *view = bwi_model_view(m, v);
			for (size_t r = 0; r < view->nregions; r++)
				found |= bwi_rel_get(&bwi_view_region(view, r)->site) ==
				         (const void *)site;
		}
		if (!found) {
			fprintf(stderr, "site %s has no region\n", bw_entity_id(site));
			missing++;
		}
	}
	ck_assert_uint_eq(missing, 0);
	for (int kind = BW_KIND_MUSCLE; kind <= BW_KIND_SYMPTOM; kind++) {
		if (kind != BW_KIND_MUSCLE && kind != BW_KIND_SYMPTOM)
			continue;
		for (size_t i = 0; i < bw_db_count(b, (bw_kind)kind); i++) {
			const bw_entity *e = bw_db_entity_at(b, (bw_kind)kind, i);
			char *svg = NULL;
			size_t len = 0;
			bw_status st = kind == BW_KIND_MUSCLE ?
				bw_map_muscle(&svg, &len, b, bw_entity_id(e), &err) :
				bw_map_symptom(&svg, &len, b, bw_entity_id(e), &err);
			ck_assert_msg(st == BW_OK, "%s: %s", bw_entity_id(e), err.message);
			parse_svg(svg, len);
			bw_map_free(svg);
		}
	}
	bw_db_close(b);
}
END_TEST

static Suite *map_suite(void)
{
	Suite *s = suite_create("map");
	TCase *tc = tcase_create("map");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_muscle_map);
	tcase_add_test(tc, test_symptom_map);
	tcase_add_test(tc, test_screen_map);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_out_of_memory);
	suite_add_tcase(s, tc);
	tc = tcase_create("bundled");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_bundled_map);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(map_suite());
}
