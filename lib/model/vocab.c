/*
 * vocab.c: the names of the library's enums as the corpus spells them, in
 * one table each, so the loader, the getters and the bindings agree.
 */
#include <string.h>

#include "model.h"

static const char *const kind_names[BW_KIND_COUNT] = {
	"source", "muscle", "technique", "condition", "symptom", "site", "group"
};

static const char *const evidence_names[BW_EVIDENCE_COUNT] = {
	"established", "practice", "tradition", "anecdote", "disputed"
};

static const char *const severity_names[BW_SEVERITY_COUNT] = {
	"contraindicated", "local", "caution", "clearance", "red-flag"
};

static const char *const severity_labels[BW_SEVERITY_COUNT] = {
	"contraindicated", "local contraindication", "caution",
	"medical clearance needed", "stop and refer"
};

static const char *const position_names[] = {
	"supine", "prone", "side-lying", "seated", "standing", "kneeling", "any"
};

static const char *const field_names[BW_FIELD_COUNT] = {
	"alias", "summary", "note",
	"origin", "insertion", "action", "innervation", "blood-supply",
	"palpation", "related", "causes", "referral", "shortened-by",
	"weakened-by", "self-care", "association",
	"target", "position", "contact", "pressure", "method", "movement",
	"preparation", "step", "duration", "repetitions", "caution", "benefit",
	"sign", "red-flag", "clue", "structure", "member",
	"title", "author", "year", "edition", "publisher", "isbn", "url",
	"code", "zone"
};

static const char *const pressure_names[] = {
	"none", "light", "moderate", "deep"
};

const char *const bwi_match_attr_names[BWI_MATCH_NATTR] = {
	"modality", "position", "contact", "pressure", "min-pressure",
	"lever", "method", "movement"
};

/* The index of name among names[0..n) (NULL entries name nothing), or
 * -1. */
static int find_name(const char *const *names, int n, const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return i;
	return -1;
}

/* As the loader reads them (lib/load/build.c, set_attrs), in its order:
 * corpus/bodywork.rng gives each kind these and no other attributes. */
const char *const bwi_entity_attr_names[BW_KIND_COUNT][BWI_ENTITY_NATTR] = {
	[BW_KIND_SOURCE] = { "kind" },
	[BW_KIND_MUSCLE] = { "depth" },
	[BW_KIND_TECHNIQUE] = { "modality", "lever" },
	[BW_KIND_CONDITION] = { "category" },
	[BW_KIND_SITE] = { "type", "within" },
};

int bwi_entity_attr_slot(int kind, const char *name)
{
	return (unsigned)kind < BW_KIND_COUNT ?
	       find_name(bwi_entity_attr_names[kind], BWI_ENTITY_NATTR, name) :
	       -1;
}

/* The schema's vocabularies of the qualifying attributes (corpus/
 * bodywork.rng: <alias type=>, <code system=>, <related type=>, <zone
 * extent=>, <target role=>, the last "primary" when absent), which it
 * checks on every load, by field in BWI_QUAL_* order. */
const char *const bwi_qualifier_names[BWI_NQUALIFIERS] = {
	[BWI_QUAL_NONE] = NULL,
	[BWI_QUAL_ALIAS] = "synonym", "nickname", "abbreviation", "latin",
	"pronunciation", "misspelling",
	[BWI_QUAL_CODE + BWI_CODE_ICD10] = "icd10",
	[BWI_QUAL_CODE + BWI_CODE_ATC] = "atc",
	[BWI_QUAL_CODE + BWI_CODE_FMA] = "fma",
	[BWI_QUAL_CODE + BWI_CODE_UBERON] = "uberon",
	[BWI_QUAL_CODE + BWI_CODE_TA98] = "ta98",
	[BWI_QUAL_CODE + BWI_CODE_LOCAL] = "local",
	[BWI_QUAL_RELATED] = "synergist", "antagonist", "blends-with",
	"fascial-link", "stabilizer", "neighbour",
	[BWI_QUAL_ZONE] = "primary", "spillover",
	[BWI_QUAL_TARGET] = "primary", "secondary",
};

#define A BW_FIELD_ALIAS
#define C BW_FIELD_CODE
#define R BW_FIELD_RELATED
#define Z BW_FIELD_ZONE
#define T BW_FIELD_TARGET
const uint8_t bwi_qualifier_field[BWI_NQUALIFIERS] = {
	0xff, A, A, A, A, A, A, C, C, C, C, C, C, R, R, R, R, R, R, Z, Z, T, T
};
#undef A
#undef C
#undef R
#undef Z
#undef T
_Static_assert(BWI_NQUALIFIERS == 23 && BWI_NCODE_SYSTEMS == 6 &&
               BW_FIELD_COUNT <= 0xff, "the qualifier tables above");

int bwi_qualifier_index(int field, const char *name)
{
	if (!name)
		return BWI_QUAL_NONE;
	for (int q = 1; q < BWI_NQUALIFIERS; q++)
		if (bwi_qualifier_field[q] == field &&
		    strcmp(bwi_qualifier_names[q], name) == 0)
			return q;
	return -1;
}

int bwi_field_from_name(const char *name)
{
	return find_name(field_names, BW_FIELD_COUNT, name);
}

int bwi_evidence_from_name(const char *name)
{
	return find_name(evidence_names, BW_EVIDENCE_COUNT, name);
}

int bwi_severity_from_name(const char *name)
{
	return find_name(severity_names, BW_SEVERITY_COUNT, name);
}

int bwi_position_from_name(const char *name)
{
	return find_name(position_names,
	                 (int)(sizeof(position_names) / sizeof(*position_names)),
	                 name);
}

int bwi_pressure_rank(const char *name)
{
	return find_name(pressure_names, 4, name);
}

const char *bwi_pressure_name(int rank)
{
	return rank >= 0 && rank < 4 ? pressure_names[rank] : NULL;
}

const char *bw_kind_name(bw_kind kind)
{
	return (unsigned)kind < BW_KIND_COUNT ? kind_names[kind] : NULL;
}

bw_status bw_kind_parse(bw_kind *out, const char *name, bw_error *err)
{
	int k;
	if (!out || !name)
		return bwi_error_code(err, BW_EINVAL);
	k = find_name(kind_names, BW_KIND_COUNT, name);
	if (k < 0)
		return bwi_error_set(err, BW_EINVAL, NULL, 0, 0,
		                     "'%.200s' is not a kind of entity", name);
	*out = (bw_kind)k;
	return BW_OK;
}

const char *bw_evidence_name(bw_evidence evidence)
{
	return (unsigned)evidence < BW_EVIDENCE_COUNT ?
	       evidence_names[evidence] : NULL;
}

const char *bw_severity_name(bw_severity severity)
{
	return (unsigned)severity < BW_SEVERITY_COUNT ?
	       severity_names[severity] : NULL;
}

const char *bw_severity_label(bw_severity severity)
{
	return (unsigned)severity < BW_SEVERITY_COUNT ?
	       severity_labels[severity] : NULL;
}

int bw_severity_excludes(bw_severity severity)
{
	return (unsigned)severity < BW_SEVERITY_COUNT &&
	       severity != BW_SEVERITY_CAUTION;
}

const char *bw_field_name(bw_field field)
{
	return (unsigned)field < BW_FIELD_COUNT ? field_names[field] : NULL;
}

bw_status bw_field_parse(bw_field *out, const char *name, bw_error *err)
{
	int f;
	if (!out || !name)
		return bwi_error_code(err, BW_EINVAL);
	f = bwi_field_from_name(name);
	if (f < 0)
		return bwi_error_set(err, BW_EINVAL, NULL, 0, 0,
		                     "'%.200s' is not a field", name);
	*out = (bw_field)f;
	return BW_OK;
}
