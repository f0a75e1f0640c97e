/*
 * lookup.c: finding entities in an image: by id, by name or alias, by a
 * code of another system, and the closest names for "did you mean".  The
 * tables are sorted arrays of keys (model.h), searched by bisection.
 */
#include <string.h>

#include "model.h"
#include "../text/text.h"

/* strcmp of the NUL-terminated key against q[0..n) (no NUL inside). */
static int key_vs(const char *key, const char *q, size_t n)
{
	int c = strncmp(key, q, n);
	if (c)
		return c;
	return key[n] ? 1 : 0;
}

/* The entry of a sorted key table whose key is q[0..n), or NULL. */
static const bwi_key *find_key(const bwi_model *m, const bwi_key *tab,
                               size_t count, const char *q, size_t n)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *key = bwi_model_str(m, &tab[mid].key);
		int c;
		if (!key)
			return NULL; /* a damaged file's table */
		c = key_vs(key, q, n);
		if (c == 0)
			return &tab[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const bw_entity *bwi_model_get(const bwi_model *m, const char *id)
{
	size_t lo = 0, hi = m->toc->n[BWI_R_IDS];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const bw_entity *e = bwi_model_at(m, m->ids[mid]);
		int c = strcmp(bwi_entity_id(e), id);
		if (c == 0)
			return e;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *bwi_model_hidden(const bwi_model *m, const char *id,
                             unsigned long *line, unsigned long *column)
{
	size_t lo = 0, hi = m->toc->n[BWI_R_HIDDEN];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const bwi_hidden *h = &m->hidden[mid];
		int c = strcmp(bwi_rel_str(&h->id), id);
		if (c == 0) {
			if (line)
				*line = h->line;
			if (column)
				*column = h->column;
			return bwi_rel_str(&h->file);
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ===== Codes ===== */

/* The code systems by BWI_CODE_*, and the prefixes that name one in a
 * lookup ("atc:L01"). */
static const struct code_system {
	const char *name;
	const char *const prefixes[3];
} code_systems[BWI_NCODE_SYSTEMS] = {
	[BWI_CODE_ICD10] = {"icd10", {"icd10", "icd-10", "icd"}},
	[BWI_CODE_ATC] = {"atc", {"atc", NULL, NULL}},
	[BWI_CODE_FMA] = {"fma", {NULL, NULL, NULL}},
	[BWI_CODE_UBERON] = {"uberon", {NULL, NULL, NULL}},
	[BWI_CODE_TA98] = {"ta98", {"ta98", "ta", NULL}},
	[BWI_CODE_LOCAL] = {"local", {"local", NULL, NULL}},
};
#define NSYSTEMS BWI_NCODE_SYSTEMS

int bwi_code_system(const char *name)
{
	for (size_t i = 0; name && i < NSYSTEMS; i++)
		if (strcmp(code_systems[i].name, name) == 0)
			return (int)i;
	return -1;
}

size_t bwi_code_key(char *key, size_t size, int system, const char *code)
{
	size_t n = 1;
	key[0] = (char)('0' + system);
	for (const char *p = code; *p; p++) {
		char c = *p;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == ':' || c == '-'))
			continue;
		if (n + 1 >= size)
			return 0;
		key[n++] = c;
	}
	key[n] = '\0';
	return n > 1 ? n : 0;
}

static char lower_ascii(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* Whether s starts with the lower-case word w and a colon, case aside. */
static int prefixed(const char *s, const char *w)
{
	for (; *w; s++, w++)
		if (lower_ascii(*s) != *w)
			return 0;
	return *s == ':';
}

/* The code fact held under key[0..n) exactly, or NULL. */
static const bw_fact *code_held(const bwi_model *m, const char *key, size_t n)
{
	const bwi_key *k = find_key(m, m->codes, m->toc->n[BWI_R_CODES], key, n);
	const bw_fact *f = k ? bwi_model_fact(m, k->value) : NULL;
	if (f && bwi_fact_field(f) != BW_FIELD_CODE) {
		bwi_model_damage(m, "not a usable compiled database: a code entry "
		                 "names a fact that is no code");
		return NULL;
	}
	return f;
}

/* Whether a key's code has the shape of an ICD-10 or ATC code: a letter,
 * then two digits (ICD-10 allows a letter third), then letters and
 * digits. */
static int hierarchical(const char *key, size_t n)
{
	if (n < 4 || key[1] < 'A' || key[1] > 'Z' || key[2] < '0' ||
	    key[2] > '9' || !((key[3] >= '0' && key[3] <= '9') ||
	                      (key[3] >= 'A' && key[3] <= 'Z')))
		return 0;
	return !strchr(key, '-') && !strchr(key, ':');
}

/* The code fact of system for code exactly (else NULL), with its key and
 * the key's length in key and *n. */
static const bw_fact *code_exact(const bwi_model *m, int system,
                                 const char *code, char *key, size_t *n)
{
	*n = bwi_code_key(key, BWI_CODE_KEY_MAX, system, code);
	return *n ? code_held(m, key, *n) : NULL;
}

/* The code fact of system for code: exact, else (ICD-10 and ATC) the
 * longest held code it starts with, else an ICD-10 range. */
static const bw_fact *code_in(const bwi_model *m, int system, const char *code)
{
	char key[BWI_CODE_KEY_MAX];
	size_t n;
	const bw_fact *f = code_exact(m, system, code, key, &n);
	if (f || !n || (system != BWI_CODE_ICD10 && system != BWI_CODE_ATC) ||
	    !hierarchical(key, n))
		return f;
	/* more specific than the corpus holds: "I80.29" is under "I80.2" */
	for (size_t k = n - 1; k >= 4; k--)
		if ((f = code_held(m, key, k)))
			return f;
	for (size_t i = 0; system == BWI_CODE_ICD10 &&
	     i < m->toc->n[BWI_R_RANGES]; i++)
		if (strncmp(key + 1, m->ranges[i].lo, 3) >= 0 &&
		    strncmp(key + 1, m->ranges[i].hi, 3) <= 0)
			return bwi_model_fact(m, m->ranges[i].fact);
	return NULL;
}

/* Whether an unprefixed code reads as ATC before ICD-10: no dot, and a
 * letter after its first three characters ("B01AA03", not "I80.2"). */
static int atc_first(const char *code)
{
	char key[BWI_CODE_KEY_MAX];
	size_t n = bwi_code_key(key, sizeof key, BWI_CODE_ATC, code);
	return !strchr(code, '.') && n >= 5 && key[4] >= 'A' && key[4] <= 'Z';
}

const bw_fact *bwi_model_code(const bwi_model *m, const char *code)
{
	char key[BWI_CODE_KEY_MAX];
	const bw_fact *f = NULL;
	size_t n = strlen(code);
	int first;
	/* a code is one word: words with spaces between are names, and
	 * answering them costs a lookup per system for nothing */
	while (n && code[n - 1] == ' ')
		n--;
	for (const char *p = code + strspn(code, " "); p < code + n; p++)
		if (*p == ' ')
			return NULL;
	/* "atc:L01" names its system; "FMA:" and "UBERON:" are part of
	 * their codes */
	for (size_t i = 0; i < NSYSTEMS; i++)
		for (size_t k = 0; k < 3 && code_systems[i].prefixes[k]; k++)
			if (prefixed(code, code_systems[i].prefixes[k]))
				return code_in(m, (int)i, code +
				               strlen(code_systems[i].prefixes[k]) + 1);
	/* unprefixed: a code held exactly, in the systems' order ("L01" is
	 * ICD-10's before ATC's); then a broader code or range of the
	 * hierarchical system the code's shape suggests first */
	for (size_t i = 0; i < NSYSTEMS && !f; i++)
		f = code_exact(m, (int)i, code, key, &n);
	first = atc_first(code) ? BWI_CODE_ATC : BWI_CODE_ICD10;
	if (!f)
		f = code_in(m, first, code);
	if (!f)
		f = code_in(m, first == BWI_CODE_ATC ? BWI_CODE_ICD10 : BWI_CODE_ATC,
		            code);
	return f;
}

/* ===== Names ===== */

bw_status bwi_model_lookup(const bw_entity **out, const bwi_model *m,
                           const char *name)
{
	const bwi_key *hit;
	char *key;
	size_t klen;
	bw_status st;
	*out = bwi_model_get(m, name);
	if (*out)
		return BW_OK;
	if (bwi_model_hidden(m, name, NULL, NULL))
		return BW_ENOTFOUND; /* a hidden id ends the search */
	st = bwi_name_key(&key, &klen, name, strlen(name));
	if (st)
		return st;
	hit = klen ? find_key(m, m->names, m->toc->n[BWI_R_NAMES], key, klen) :
	      NULL;
	bwi_free(key);
	if (!hit) {
		/* a code another system uses: "I80.2", "B01AA03" */
		const bw_fact *f = bwi_model_code(m, name);
		if (!f)
			return BW_ENOTFOUND;
		*out = bwi_fact_owner(f);
		return BW_OK;
	}
	*out = bwi_model_at(m, hit->value);
	return BW_OK;
}

const char *bwi_model_name_key(const bwi_model *m, const char *key, size_t n)
{
	const bwi_key *hit = find_key(m, m->names, m->toc->n[BWI_R_NAMES], key,
	                              n);
	return hit ? bwi_model_str(m, &hit->key) : NULL;
}

/* The distance from key to the closest of e's id, name and aliases. */
static size_t entity_distance(const bw_entity *e, const char *key, size_t klen)
{
	size_t nalias, best;
	const bw_fact *alias = bwi_entity_facts(e, BW_FIELD_ALIAS, &nalias);
	best = bwi_name_distance(key, klen, bwi_entity_id(e));
	for (size_t i = 0; i < 1 + nalias; i++) {
		const char *text = i == 0 ? bwi_entity_name(e) :
		                   bwi_fact_text(&alias[i - 1]);
		size_t d = bwi_name_distance(key, klen, text);
		if (d < best)
			best = d;
	}
	return best;
}

size_t bwi_model_closest(const bwi_model *m, bw_kind kind, const char *name,
                         const bw_entity **out, size_t n)
{
	size_t dist[8], got = 0, klen;
	char *key;
	if (n > 8)
		n = 8;
	if (!n || (unsigned)kind >= BW_KIND_COUNT ||
	    bwi_name_key(&key, &klen, name, strlen(name)))
		return 0;
	for (size_t i = 0; i < bwi_model_count(m, kind); i++) {
		const bw_entity *e = bwi_model_kind_at(m, kind, i);
		size_t d = entity_distance(e, key, klen), j;
		if (got == n && d >= dist[n - 1])
			continue;
		/* insertion into the sorted top n; ties keep id order */
		j = got < n ? got++ : n - 1;
		while (j > 0 && dist[j - 1] > d) {
			dist[j] = dist[j - 1];
			out[j] = out[j - 1];
			j--;
		}
		dist[j] = d;
		out[j] = e;
	}
	bwi_free(key);
	return got;
}
