/**
 * @file bodywork.h
 * @brief The public interface of libbodywork.
 *
 * libbodywork loads an XML corpus of muscles, bodywork techniques, client
 * conditions, symptoms and sources into an immutable in-memory database and
 * answers questions about it.  This header is the library's whole public
 * surface; nothing else is installed.
 *
 * @par Conventions, once for every function below
 *
 *  - Fallible calls return a bw_status: BW_OK (0) or a negative code.  Their
 *    outputs come first and are named out; on failure *out is set to NULL (or
 *    left untouched where it is a plain value) and nothing is allocated.
 *  - Every fallible call takes a nullable bw_error *err.  When it is not NULL
 *    and the call fails, it is filled with the code, a message in plain words,
 *    and, where the error is in a file, the file, line and column (1-based;
 *    0 when unknown).
 *  - A NULL handle or out pointer is BW_EINVAL; getters given NULL return
 *    NULL, 0 or the documented neutral value.  The library never prints,
 *    aborts or exits.
 *  - Ownership: (transfer none) means the result is borrowed from the
 *    database and lives exactly as long as it; (transfer full) means the
 *    caller owns it and frees it with the matching _free function.
 *  - Thread safety: a bw_db is immutable once bw_db_open returns, so any
 *    number of threads may read one database, and every entity, fact and rule
 *    in it, at once without locking; an iterator belongs to one thread at a
 *    time.  The library keeps no global or thread-local state apart from the
 *    allocator set by bw_set_allocator, which must be set before any other
 *    call.
 */
#ifndef BODYWORK_H
#define BODYWORK_H

#include <stddef.h>
#include <stdint.h>

#include "bodywork_export.h"
#include "bodywork_version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ===== Versions ===== */

/** BW_VERSION_CHECK(maj, min, patch): a number comparable with
 *  BW_VERSION_NUMBER, for compile-time checks. */
#define BW_VERSION_CHECK(major, minor, patch) \
	(((major) << 16) | ((minor) << 8) | (patch))

/** The version of the library actually linked, as "MAJOR.MINOR.PATCH".
 *  (transfer none: a static string.)
 *  @return "MAJOR.MINOR.PATCH"
 */
BW_EXPORT const char *bw_version(void);

/** The linked version as a number built like BW_VERSION_NUMBER.
 *  @return (major << 16) | (minor << 8) | patch
 */
BW_EXPORT int bw_version_number(void);

/* ===== Status and errors ===== */

/** What a fallible call returns.  Every code but BW_OK is negative. */
typedef enum bw_status {
	BW_OK = 0,        /**< success */
	BW_EINVAL = -1,   /**< a NULL or out-of-range argument */
	BW_ENOMEM = -2,   /**< an allocation failed; nothing was changed */
	BW_EIO = -3,      /**< a path is missing, unreadable, or not a file or folder */
	BW_EPARSE = -4,   /**< a corpus file is not well-formed XML, or is refused (DOCTYPE, size) */
	BW_ESCHEMA = -5,  /**< a corpus file breaks the schema */
	BW_ECORPUS = -6,  /**< corpus integrity: duplicate id, dangling reference, unknown hide */
	BW_ENOTFOUND = -7, /**< no entity has that id or name */
	BW_EQUERY = -8,   /**< a malformed query; the error's column is its byte position */
	BW_EUTF8 = -9,    /**< text that is not valid UTF-8 */
	BW_ITEROVER = -10 /**< an iterator has no more items (not a failure) */
} bw_status;

/** Details of a failure.  A plain struct the caller owns, usually on the
 *  stack; strings are truncated to fit and always NUL-terminated. */
typedef struct bw_error {
	bw_status code;       /**< the status the call returned */
	unsigned long line;   /**< 1-based line in file, 0 when not in a file */
	unsigned long column; /**< 1-based column (bytes), 0 when unknown */
	char file[1024];      /**< the file the error is in, "" when none */
	char message[512];    /**< what is wrong, in plain words */
} bw_error;

/** A short fixed description of a status code.  (transfer none: static.)
 *  Unknown codes give "unknown error".
 *  @param code  the status
 *  @return the description (static)
 */
BW_EXPORT const char *bw_strerror(bw_status code);

/* ===== Allocator ===== */

/** Replace the allocator the library uses for its own memory (libxml2 keeps
 *  its own).  Call it before any other bw_ function, from one thread; pass
 *  three NULLs to restore malloc, realloc and free.  Returns BW_EINVAL when
 *  only some of the three are NULL.
 *  @param malloc_fn  replaces malloc, or NULL
 *  @param realloc_fn  replaces realloc, or NULL
 *  @param free_fn  replaces free, or NULL
 *  @param err  filled on failure; may be NULL
 *  @return BW_OK, or BW_EINVAL when only some of the three are NULL
 */
BW_EXPORT bw_status bw_set_allocator(void *(*malloc_fn)(size_t),
                                     void *(*realloc_fn)(void *, size_t),
                                     void (*free_fn)(void *),
                                     bw_error *err);

/* ===== Kinds, fields, grades ===== */

/** The kinds of entity. */
typedef enum bw_kind {
	BW_KIND_SOURCE = 0,     /**< a book, article, course or other source facts cite */
	BW_KIND_MUSCLE,         /**< a muscle */
	BW_KIND_TECHNIQUE,      /**< a bodywork technique */
	BW_KIND_CONDITION,      /**< a client condition, medication or sign, with rules */
	BW_KIND_SYMPTOM,        /**< a symptom muscles can cause */
	BW_KIND_SITE,     /**< a body site: a region, or an endangerment site */
	BW_KIND_GROUP,    /**< a named group of muscles: rotator cuff, hamstrings */
	BW_KIND_COUNT /**< the number of kinds, not a kind */
} bw_kind;

/** The kind's name as the corpus spells it ("muscle"), or NULL when out of
 *  range.  (transfer none: static.)
 *  @param kind  the kind
 *  @return the name, or NULL
 */
BW_EXPORT const char *bw_kind_name(bw_kind kind);

/** Parse a kind name ("technique") into *out.  BW_EINVAL when unknown.
 *  @param out  receives the kind
 *  @param name  the kind's corpus name ("muscle")
 *  @param err  filled on failure; may be NULL
 *  @return BW_OK, or BW_EINVAL when name is no kind
 */
BW_EXPORT bw_status bw_kind_parse(bw_kind *out, const char *name,
                                  bw_error *err);

/** How well a fact is supported, from the corpus's evidence="" attribute. */
typedef enum bw_evidence {
	BW_EVIDENCE_ESTABLISHED = 0, /**< standard anatomy and physiology */
	BW_EVIDENCE_PRACTICE,        /**< what practitioners describe and use */
	BW_EVIDENCE_TRADITION,       /**< held in a somatic or energetic tradition */
	BW_EVIDENCE_ANECDOTE,        /**< one person's report */
	BW_EVIDENCE_DISPUTED,        /**< contradicted; see bw_fact_correction */
	BW_EVIDENCE_COUNT       /**< the number of grades, not a grade */
} bw_evidence;

/** The grade's corpus name ("established"), NULL when out of range.
 *  @param evidence  the grade
 *  @return the name, or NULL
 */
BW_EXPORT const char *bw_evidence_name(bw_evidence evidence);

/**
 * The fields an entity carries.  Each is the name of an XML element in the
 * corpus schema (bw_field_name gives it), and each holds zero or more facts
 * in corpus order.  Which fields a kind uses is in corpus/bodywork.rng.
 */
typedef enum bw_field {
	BW_FIELD_ALIAS = 0,     /**< other names; bw_fact_alias_type says which kind */
	BW_FIELD_SUMMARY,       /**< one summary per entity except sources */
	BW_FIELD_NOTE,          /**< a remark that fits no other field */
	/* muscle */
	BW_FIELD_ORIGIN,        /**< with vertebral levels where they apply */
	BW_FIELD_INSERTION,     /**< with vertebral levels where they apply */
	BW_FIELD_ACTION,        /**< what the muscle does */
	BW_FIELD_INNERVATION,   /**< levels are spinal nerve roots */
	BW_FIELD_BLOOD_SUPPLY,  /**< the arteries feeding it */
	BW_FIELD_PALPATION,     /**< how to find it by touch */
	BW_FIELD_RELATED,       /**< target: a muscle; bw_fact_relation says how */
	BW_FIELD_CAUSES,        /**< target: a symptom this muscle can cause */
	BW_FIELD_REFERRAL,      /**< where its trigger points refer pain */
	BW_FIELD_SHORTENED_BY,  /**< habits and postures that shorten it */
	BW_FIELD_WEAKENED_BY,   /**< habits and postures that weaken it */
	BW_FIELD_SELF_CARE,     /**< what a client can do at home */
	BW_FIELD_ASSOCIATION,   /**< somatic or emotional associations */
	/* technique */
	BW_FIELD_TARGET,        /**< target: a muscle; text its id, qualifier its role */
	BW_FIELD_POSITION,      /**< text: a client position, e.g. "supine" */
	BW_FIELD_CONTACT,       /**< target: the body site where contact is made;
	                             text its id, e.g. "lower-abdomen" */
	BW_FIELD_PRESSURE,      /**< text: "none", "light", "moderate" or "deep" */
	BW_FIELD_METHOD,        /**< text: e.g. "contract-relax" */
	BW_FIELD_MOVEMENT,      /**< text: e.g. "hip-extension" */
	BW_FIELD_PREPARATION,   /**< warm-up, consent conversation */
	BW_FIELD_STEP,          /**< ordered steps, one fact each */
	BW_FIELD_DURATION,      /**< how long the technique takes */
	BW_FIELD_REPETITIONS,   /**< how many times to repeat it */
	BW_FIELD_CAUTION,       /**< what to watch for while doing it */
	BW_FIELD_BENEFIT,       /**< what it is for */
	/* condition */
	BW_FIELD_SIGN,          /**< how the condition shows */
	BW_FIELD_RED_FLAG,      /**< what to ask about or watch for: stop and refer */
	/* symptom */
	BW_FIELD_CLUE,          /**< what points to the symptom's cause */
	/* site */
	BW_FIELD_STRUCTURE,     /**< what lies at the site (vessels, nerves, organs) */
	/* group */
	BW_FIELD_MEMBER,        /**< target: a member muscle; text its id */
	/* source: plain text values without their own source or grade */
	BW_FIELD_TITLE,         /**< a source's title */
	BW_FIELD_AUTHOR,        /**< an author, one fact each */
	BW_FIELD_YEAR,          /**< the year published */
	BW_FIELD_EDITION,       /**< the edition */
	BW_FIELD_PUBLISHER,     /**< the publisher */
	BW_FIELD_ISBN,          /**< the ISBN */
	BW_FIELD_URL,           /**< where it is online */
	/* any kind */
	BW_FIELD_CODE,          /**< a code another system gives the entity: text
	                             the code ("I80.2", "B01AA", "FMA:18060"),
	                             bw_fact_qualifier its system ("icd10",
	                             "atc", "fma", "uberon", "ta98", "local");
	                             see
	                             bw_db_lookup_code */
	/* muscle and symptom */
	BW_FIELD_ZONE,          /**< target: a body site the muscle's referral
	                             pattern or the symptom covers; text its id,
	                             bw_fact_qualifier "primary" or "spillover" */
	BW_FIELD_COUNT          /**< the number of fields, not a field */
} bw_field;

/** The field's corpus element name ("blood-supply"), NULL when out of
 *  range.  (transfer none: static.)
 *  @param field  the field
 *  @return the name, or NULL
 */
BW_EXPORT const char *bw_field_name(bw_field field);

/** Parse a field name ("shortened-by") into *out.  BW_EINVAL when unknown.
 *  @param out  receives the field
 *  @param name  the field's corpus element name ("blood-supply")
 *  @param err  filled on failure; may be NULL
 *  @return BW_OK, or BW_EINVAL when name is no field
 */
BW_EXPORT bw_status bw_field_parse(bw_field *out, const char *name,
                                   bw_error *err);

/* ===== Opaque handles ===== */

typedef struct bw_db bw_db;         /**< a loaded, immutable database */
typedef struct bw_entity bw_entity; /**< one entity, owned by its bw_db */
typedef struct bw_fact bw_fact;     /**< one sourced fact of an entity */
typedef struct bw_rule bw_rule;     /**< one rule of a condition */
typedef struct bw_iter bw_iter;     /**< an iterator over entities */

/* ===== Opening and closing ===== */

/**
 * Open a database from layers: each of paths[0 .. npaths-1] is a corpus file
 * or a folder (every *.xml in it, in byte order of their names, makes one
 * layer).  Later layers replace entities with the same id, add new ones, and
 * hide ones named by `<hide id="..."/>`.  Within one layer an id may appear
 * once.  Every file is checked against the corpus schema, and every reference
 * must resolve once all layers are read.
 *
 * On failure *out is NULL, err (if not NULL) names the file, line and column
 * of the first problem, and nothing stays allocated: a database is returned
 * whole or not at all.
 *
 * Files are read into memory by the library (never decompressed) and parsed
 * with no network access, no DTD, no entity expansion and no XInclude; a
 * DOCTYPE is refused.  A file larger than 256 MiB, nesting deeper than 256
 * elements, or one fact's text over 1 MiB is refused.  Devices, FIFOs and
 * symbolic-link loops are refused without being read.
 *
 * Limits, each refused while the file is read (before a tree or the schema
 * sees more), with its file, line and column: more than 32 attributes on
 * one element (BW_ESCHEMA), more than 4096 child elements of one element
 * below the root (BW_ESCHEMA), more than 4,194,304 elements in one file
 * (BW_EPARSE), and a NUL byte anywhere (BW_EPARSE).  Within them, open time
 * and memory grow linearly with a file's size; memory peaks at about 50
 * times the size for a file of tiny elements, 3 times for text.  Lines end
 * at CR, LF or CRLF.  Running out of memory, libxml2's included, is
 * BW_ENOMEM.
 *
 * A single path naming a compiled database (bw_db_compile) is mapped into
 * memory and used in place.  The open refuses a file that is truncated or
 * extended, of another format or library version, byte order or word
 * size, or whose header, section table or table of contents is damaged
 * (BW_ECORPUS); every other part is checked the first time a call reads
 * it, so opening costs the same at any size.  Damage found that way never
 * leads a read outside the file: the call that meets it, and every call
 * on the database after it, fails with BW_ECORPUS saying what is wrong
 * (the getters, which cannot fail, meanwhile see an empty stand-in for a
 * damaged entity).  bw_validate checks a compiled file whole.  A compiled
 * file cannot be a layer among others (BW_EINVAL).
 *
 * libxml2 is initialised on first use; a program that opens databases from
 * several threads at once should open its first one (or call libxml2's
 * xmlInitParser) from one thread before starting the others.
 *
 * @param out     receives the database (transfer full: bw_db_close)
 * @param paths   npaths file or folder paths, in layer order
 * @param npaths  at least 1
 * @return BW_OK, BW_EINVAL, BW_ENOMEM, BW_EIO, BW_EPARSE, BW_ESCHEMA,
 *         BW_ECORPUS
 *  @param err  filled on failure; may be NULL
 */
BW_EXPORT bw_status bw_db_open(bw_db **out, const char *const *paths,
                               size_t npaths, bw_error *err);

/**
 * Open the bundled corpus, which is compiled into the library, so this needs
 * no file.  When the environment variable BODYWORK_CORPUS is set and not
 * empty, it is read instead as a colon-separated list of paths opened as by
 * bw_db_open (the bundled corpus is then not included).
 *  @param out  receives the database (transfer full: bw_db_close)
 *  @param err  filled on failure; may be NULL
 *  @return as bw_db_open
 */
BW_EXPORT bw_status bw_db_open_default(bw_db **out, bw_error *err);

/**
 * Open the bundled corpus followed by further layers (a clinic's, a user's):
 * bw_db_open with the bundled corpus as the first layer.  npaths may be 0.
 * BODYWORK_CORPUS is not consulted.  With no further layers the bundled
 * corpus's compiled form, built with the library, is used in place, which
 * parses nothing; with layers its XML is read as the first layer.  When the
 * environment variable BODYWORK_BUNDLED_XML is set and not empty, the XML
 * is read in both cases (the test suites run both ways with it).
 *  @param out  receives the database (transfer full: bw_db_close)
 *  @param paths  npaths further layers, above the bundled corpus
 *  @param npaths  how many paths (may be 0)
 *  @param err  filled on failure; may be NULL
 *  @return as bw_db_open
 */
BW_EXPORT bw_status bw_db_open_bundled(bw_db **out, const char *const *paths,
                                       size_t npaths, bw_error *err);

/* ===== Compiled databases ===== */

/**
 * Write the compiled form of an open database to path: one file holding
 * its model, rule index and search index laid out to be used in place
 * (docs/compiled.md), with a header naming the format version, byte order,
 * word size, the library version that wrote it and the SHA-256 digest of
 * the XML it came from.  bw_db_open of the file then maps it instead of
 * parsing.  The file is written beside path and renamed over it, so a
 * reader never sees half of one.
 *  @param db    the database
 *  @param path  where to write
 *  @param err   filled on failure; may be NULL
 *  @return BW_OK, BW_EINVAL, BW_ENOMEM, BW_EIO
 */
BW_EXPORT bw_status bw_db_compile(const bw_db *db, const char *path,
                                  bw_error *err);

/**
 * Open XML corpus paths through a cache of compiled files in cache_dir
 * (created, with any folders above it, when missing): the first open compiles the corpus there, and
 * later opens map the compiled file while the digest of the XML still
 * matches.  The XML is read (not parsed) on every open to compute its
 * digest.  A cache file that cannot be used is replaced; one that cannot be
 * written leaves the database opened from the XML, so the cache never
 * makes an open fail that bw_db_open would not.
 *  @param out        receives the database (transfer full: bw_db_close)
 *  @param paths      npaths XML files or folders, in layer order
 *  @param npaths     at least 1
 *  @param cache_dir  the cache folder
 *  @param err        filled on failure; may be NULL
 *  @return as bw_db_open
 */
BW_EXPORT bw_status bw_db_open_cached(bw_db **out, const char *const *paths,
                                      size_t npaths, const char *cache_dir,
                                      bw_error *err);

/** The SHA-256 digest of the XML the database came from.
 *  @param db  the database
 *  @return 64 lower-case hex digits (transfer none: valid while db is
 *          open); NULL when db is NULL */
BW_EXPORT const char *bw_db_digest(const bw_db *db);

/** Whether the database is used in place from a compiled file or the
 *  library's compiled bundled corpus, or was built from XML.
 *  @param db  the database
 *  @return 1 when compiled, 0 when built from XML or db is NULL */
BW_EXPORT int bw_db_is_compiled(const bw_db *db);

/**
 * Whether everything read so far of a compiled database was intact.  A
 * compiled file's records are checked as they are first read (bw_db_open);
 * a call that meets a damaged one fails with BW_ECORPUS, but a getter
 * (bw_entity_name, bw_fact_target, bw_db_entity_at...) cannot fail, and
 * hands out an empty stand-in instead.  A program that reads through
 * getters asks this before trusting what it read.  A database built from
 * XML, or the library's own bundled corpus, is always intact.
 *  @param db   the database
 *  @param err  filled with the file and what is wrong; may be NULL
 *  @return BW_OK; BW_ECORPUS once damage has been met (and from then
 *          on); BW_EINVAL when db is NULL
 */
BW_EXPORT bw_status bw_db_intact(const bw_db *db, bw_error *err);

/* ===== Validating ===== */

/**
 * Called by bw_validate once for each problem found.
 * @param problem  the problem (transfer none: valid during the call only)
 * @param data     the data given to bw_validate
 * @return 0 to go on, non-zero to stop checking
 */
typedef int (*bw_diag_fn)(const bw_error *problem, void *data);

/** bw_validate flags: the bundled corpus is the first layer, below paths. */
#define BW_VALIDATE_BUNDLED 1u

/**
 * Check layers as bw_db_open would read them, and report every problem
 * rather than stopping at the first, the way a compiler does.  Each
 * problem reaches fn as a bw_error with its code, file, line, column
 * (1-based; 0 when unknown) and message, in the order found: for each
 * file, a file that cannot be read, its first XML error (a file that is
 * not well-formed XML cannot be read further), every schema problem (the
 * first in each entity: what the validator says after it follows from
 * it), or a problem building it (a duplicate id); each hide that names
 * nothing; then, once every layer is read, every reference that does not
 * resolve.  A file with a problem is left out, so references to what it
 * defines are reported too.  Nothing is kept: the database built on the
 * way is freed.  A single compiled database (bw_db_compile) is checked
 * whole, every record: what is wrong with it is its one problem; a compiled file
 * among several layers, or over the bundled corpus, is BW_EINVAL.
 *
 *  @param nproblems  receives the number of problems reported
 *  @param paths  npaths file or folder paths, in layer order
 *  @param npaths  how many paths (may be 0 with BW_VALIDATE_BUNDLED)
 *  @param flags  BW_VALIDATE_BUNDLED to read the bundled corpus first, or 0
 *  @param max_problems  stop after this many problems (0: no limit)
 *  @param fn  called with each problem as it is found (may be NULL)
 *  @param data  passed to fn unchanged
 *  @param err  filled on failure; may be NULL
 *  @return BW_OK when nothing is wrong; else the code of the first
 *          problem (BW_EIO, BW_EPARSE, BW_ESCHEMA, BW_ECORPUS), which err
 *          holds; BW_EINVAL (NULL nproblems, no paths, unknown flags) or
 *          BW_ENOMEM when the check could not run
 */
BW_EXPORT bw_status bw_validate(size_t *nproblems, const char *const *paths,
                                size_t npaths, unsigned int flags,
                                size_t max_problems, bw_diag_fn fn,
                                void *data, bw_error *err);

/** Free a database and everything borrowed from it.  NULL is ignored.
 *  @param db  the database
 */
BW_EXPORT void bw_db_close(bw_db *db);

/** How many entities of kind the database holds (0 when db is NULL or kind
 *  out of range).  BW_KIND_COUNT gives the total.
 *  @param db  the database
 *  @param kind  the kind, or BW_KIND_COUNT for every kind
 *  @return the count
 */
BW_EXPORT size_t bw_db_count(const bw_db *db, bw_kind kind);

/* ===== Looking entities up ===== */

/**
 * The entity with exactly this id ("psoas-major"), compared byte for byte.
 * An id that a layer hid (and no later layer defined again) is not found,
 * with the hide named in err's message, as for bw_db_lookup.
 * @param out  receives the entity, or NULL (transfer none)
 * @param db   the database
 * @param id   the id
 * @param err  filled on failure; may be NULL
 * @return BW_OK, BW_EINVAL, BW_ENOTFOUND
 */
BW_EXPORT bw_status bw_db_get(const bw_entity **out, const bw_db *db,
                              const char *id, bw_error *err);

/**
 * The entity a string names.  This is the one rule by which every call
 * that takes a name resolves it (bw_plan_new, bw_plan_restrictions,
 * bw_screen_new, the entities of bw_ask, the target:, causes: and contact:
 * filters of bw_search, the command line and the bindings):
 *
 *  1. An exact id ("psoas-major", byte for byte) of a live entity is that
 *     entity.
 *  2. An exact id of an entity a layer hid with `<hide id="..."/>` (and no
 *     later layer defined again) ends the search: BW_ENOTFOUND, and err's
 *     message says "'ID' was hidden by FILE:LINE:COLUMN".  A hidden id never
 *     falls through to another entity that happens to share its name.
 *  3. Otherwise the string is folded (Unicode case folding, NFKC
 *     normalisation, diacritics removed, runs of white space, hyphens and
 *     underscores made one space: "Psoas Major", "PSOAS-major" and
 *     "psoás  major" are the same) and compared with the folded id, name
 *     and every alias of each live entity.  When several entities match,
 *     an id wins over a name and a name over an alias; among equals, kind
 *     order (source, muscle, technique, condition, symptom, site, group)
 *     and then id decide.
 *  4. Otherwise a code another system uses finds the entity holding it,
 *     as bw_db_lookup_code finds it ("I80.2", "I80.29", "B01AA03").
 *
 * There is no typo tolerance and no partial matching here: "psoas majr" is
 * BW_ENOTFOUND.  For those, use bw_suggest or bw_search.
 *
 * @param out   receives the entity, or NULL (transfer none)
 * @param db    the database
 * @param name  the id, name or alias, UTF-8
 * @param err   filled on failure; may be NULL
 * @return BW_OK, BW_EINVAL, BW_ENOTFOUND, BW_EUTF8, BW_ENOMEM
 */
BW_EXPORT bw_status bw_db_lookup(const bw_entity **out, const bw_db *db,
                                 const char *name, bw_error *err);

/**
 * The entity a code of another system names, and the code that matched.
 * Entities carry codes as BW_FIELD_CODE facts: ICD-10 for conditions (a
 * code such as "I80.2", or a range of categories such as "M15-M19"), ATC
 * for medicines ("B01AA"), FMA, UBERON and TA98 ids for muscles, and a
 * layer's own codes (system "local").  Case, dots and spaces around do
 * not count ("i80.2" and "I802" are "I80.2"); a code is one word.  A prefix names the system:
 * "icd10:" (or "icd-10:", "icd:"), "atc:", "ta98:" (or "ta:"), "local:";
 * FMA and UBERON ids carry theirs.  In order:
 *
 *  1. a code the corpus holds as given: in the named system, or else in
 *     any, ICD-10 first (ICD-10 and ATC share some three-character codes:
 *     "L01" is impetigo, "atc:L01" cancer medicines);
 *  2. for ICD-10 and ATC, a code more specific than the corpus holds
 *     finds the longest code it starts with, down to three characters
 *     ("I80.29" finds "I80.2", "B01AA03" finds "B01AA"); unprefixed, a
 *     code with a letter after its first three characters and no dot is
 *     tried as ATC first, any other as ICD-10 first;
 *  3. an ICD-10 range holding its category ("E11.9" finds "E10-E14").
 *
 * A code several entities hold is marked shared (bw_fact_code_shared) on
 * all of them but, at most, the one a lookup should answer with ("M54.5"
 * is low back pain, though another symptom carries it too); when every
 * holder marks it, the first in kind and id order answers.
 *
 * @param out   receives the entity, or NULL (transfer none)
 * @param code  receives the code fact that matched (bw_fact_text is the
 *              code as the corpus holds it); may be NULL
 * @param db    the database
 * @param text  the code, as another system writes it
 * @param err   filled on failure; may be NULL
 * @return BW_OK, BW_EINVAL, BW_ENOTFOUND
 */
BW_EXPORT bw_status bw_db_lookup_code(const bw_entity **out,
                                      const bw_fact **code, const bw_db *db,
                                      const char *text, bw_error *err);

/**
 * Whether a code fact is marked shared="yes": the corpus gives the same
 * code to more than one entity on purpose.
 * @param f  a BW_FIELD_CODE fact
 * @return 1 when shared, else 0 (and for NULL or another field)
 */
BW_EXPORT int bw_fact_code_shared(const bw_fact *f);

/* ===== Iterating ===== */

/**
 * Iterate over every entity of kind (BW_KIND_COUNT: every entity), ordered
 * by kind and then by id.
 * @param out  receives the iterator (transfer full: bw_iter_free)
 *  @param db  the database
 *  @param kind  the kind, or BW_KIND_COUNT for every entity
 *  @param err  filled on failure; may be NULL
 *  @return BW_OK, BW_EINVAL, BW_ENOMEM
 */
BW_EXPORT bw_status bw_iter_new(bw_iter **out, const bw_db *db, bw_kind kind,
                                bw_error *err);

/** The next entity, or BW_ITEROVER when there is none (then *out is NULL).
 *  (transfer none)
 *  @param out  receives the entity, or NULL at the end (transfer none)
 *  @param it  the iterator
 *  @param err  filled on failure; may be NULL
 *  @return BW_OK, BW_ITEROVER at the end, BW_EINVAL
 */
BW_EXPORT bw_status bw_iter_next(const bw_entity **out, bw_iter *it,
                                 bw_error *err);

/** Free an iterator.  NULL is ignored.
 *  @param it  the iterator
 */
BW_EXPORT void bw_iter_free(bw_iter *it);

/** Entity number i (0-based) of kind, in the iterator's order, or NULL when
 *  i is out of range: random access for bindings and paging.
 *  @param db  the database
 *  @param kind  the kind, or BW_KIND_COUNT for every entity
 *  @param i  the position, from 0
 *  @return the entity, or NULL
 */
BW_EXPORT const bw_entity *bw_db_entity_at(const bw_db *db, bw_kind kind,
                                           size_t i);

/* ===== Entities ===== */

/** The entity's kind (BW_KIND_COUNT when e is NULL).
 *  @param e  the entity
 *  @return the kind
 */
BW_EXPORT bw_kind bw_entity_kind(const bw_entity *e);
/** Its stable id.  (transfer none)
 *  @param e  the entity
 *  @return the id, or NULL for NULL
 */
BW_EXPORT const char *bw_entity_id(const bw_entity *e);
/** Its display name; a source's title.  (transfer none)
 *  @param e  the entity
 *  @return the name, or NULL for NULL
 */
BW_EXPORT const char *bw_entity_name(const bw_entity *e);
/** Its summary text, or NULL when it has none.  (transfer none)
 *  @param e  the entity
 *  @return the summary, or NULL
 */
BW_EXPORT const char *bw_entity_summary(const bw_entity *e);
/** The corpus file the entity was loaded from (for the bundled corpus,
 *  "bundled:FILE.xml") and the line of its element.  (transfer none)
 *  @param e  the entity
 *  @return the file, or NULL for NULL
 */
BW_EXPORT const char *bw_entity_file(const bw_entity *e);
/** The line of the entity's element in bw_entity_file.
 *  @param e  the entity
 *  @return the 1-based line, 0 when e is NULL
 */
BW_EXPORT unsigned long bw_entity_line(const bw_entity *e);

/** Kind-specific attributes as text, NULL when the kind has none:
 *  a muscle's "depth"; a technique's "modality" and "lever"; a source's
 *  "kind".  (transfer none)
 *  @param e  the entity
 *  @param name  the attribute's name ("depth", "modality", "lever", "kind", ...)
 *  @return the value, or NULL
 */
BW_EXPORT const char *bw_entity_attr(const bw_entity *e, const char *name);

/** A muscle's regions ("lumbar", "hip", ...): count and i-th.
 *  (transfer none)
 *  @param e  the entity
 *  @return how many regions
 */
BW_EXPORT size_t bw_entity_region_count(const bw_entity *e);
/** A muscle's region i.  (transfer none)
 *  @param e  the entity
 *  @param i  the position, from 0
 *  @return region i, or NULL when out of range
 */
BW_EXPORT const char *bw_entity_region(const bw_entity *e, size_t i);

/** How many facts the entity has in field (0 for fields its kind lacks).
 *  @param e  the entity
 *  @param field  the field
 *  @return how many facts
 */
BW_EXPORT size_t bw_entity_fact_count(const bw_entity *e, bw_field field);

/** Fact i of field, in corpus order, or NULL when out of range.
 *  (transfer none)
 *  @param e  the entity
 *  @param field  the field
 *  @param i  the position, from 0
 *  @return the fact, or NULL
 */
BW_EXPORT const bw_fact *bw_entity_fact(const bw_entity *e, bw_field field,
                                        size_t i);

/* ===== Facts ===== */

/** The field the fact belongs to.
 *  @param f  the fact
 *  @return the field (BW_FIELD_COUNT when f is NULL)
 */
BW_EXPORT bw_field bw_fact_field(const bw_fact *f);
/** The fact's text; for a disputed fact, the claim.  (transfer none)
 *  @param f  the fact
 *  @return the text, or NULL for NULL
 */
BW_EXPORT const char *bw_fact_text(const bw_fact *f);
/** The source entity the fact cites, or NULL for a source's own fields.
 *  (transfer none)
 *  @param f  the fact
 *  @return the source, or NULL
 */
BW_EXPORT const bw_entity *bw_fact_source(const bw_fact *f);
/** The evidence grade.
 *  @param f  the fact
 *  @return the grade
 */
BW_EXPORT bw_evidence bw_fact_evidence(const bw_fact *f);
/** For a disputed fact, the correction and the source it cites; NULL
 *  otherwise.  (transfer none)
 *  @param f  the fact
 *  @return the correction, or NULL
 */
BW_EXPORT const char *bw_fact_correction(const bw_fact *f);
/** For a disputed fact, the source its correction cites; NULL otherwise.  (transfer none)
 *  @param f  the fact
 *  @return the source the correction cites, or NULL
 */
BW_EXPORT const bw_entity *bw_fact_correction_source(const bw_fact *f);
/** For related, causes and target facts, the entity referred to; NULL
 *  otherwise.  (transfer none)
 *  @param f  the fact
 *  @return the entity, or NULL
 */
BW_EXPORT const bw_entity *bw_fact_target(const bw_fact *f);
/** For a related fact, the relation ("synergist", "antagonist",
 *  "blends-with", "fascial-link", "stabilizer", "neighbour"); for an alias,
 *  its type ("synonym", "nickname", "abbreviation", "latin",
 *  "pronunciation", "misspelling"); for a target, its role ("primary" or
 *  "secondary", default "primary"); NULL otherwise.  (transfer none)
 *  @param f  the fact
 *  @return the qualifier, or NULL
 */
BW_EXPORT const char *bw_fact_qualifier(const bw_fact *f);

/**
 * Spinal levels as a bit set: bit 0 is C1, then C1-C8, T1-T12, L1-L5,
 * S1-S5 and Co1-Co4 in order (34 bits); 0 when the fact gives none.  C8
 * is a nerve root (innervation), not a vertebra.  Use
 * bw_levels_parse and bw_levels_format to work with them; level n (from 0)
 * is the bit ((uint64_t)1 << n).
 *  @param f  the fact
 *  @return the bit set, 0 for none
 */
BW_EXPORT uint64_t bw_fact_levels(const bw_fact *f);
/** The line of the fact's element in its entity's corpus file
 *  (bw_entity_file of the entity holding it).
 *  @param f  the fact
 *  @return the 1-based line, 0 when f is NULL
 */
BW_EXPORT unsigned long bw_fact_line(const bw_fact *f);

/** Parse levels ("T12-L4,S1") into a bit set.  BW_EINVAL when malformed or
 *  a range runs backwards.
 *  @param out  receives the bit set
 *  @param text  the levels as text ("T12-L4,S1")
 *  @param err  filled on failure; may be NULL
 *  @return BW_OK, or BW_EINVAL when text is malformed or a range runs backwards
 */
BW_EXPORT bw_status bw_levels_parse(uint64_t *out, const char *text,
                                    bw_error *err);
/** Write a bit set as ranges ("T12-L4") into buf (always NUL-terminated);
 *  returns the length the full text needs, as snprintf does.
 *  @param buf  where to write the text (may be NULL when size is 0)
 *  @param size  the size of buf in bytes
 *  @param levels  the bit set to write
 *  @return the length of the whole text, without its NUL
 */
BW_EXPORT size_t bw_levels_format(char *buf, size_t size, uint64_t levels);

/**
 * Muscles with an origin, insertion or innervation fact at any of the levels
 * in the set (field BW_FIELD_ORIGIN, BW_FIELD_INSERTION or
 * BW_FIELD_INNERVATION; BW_FIELD_COUNT for any of the three), each once, in
 * id order: "which muscles attach at L3".  Calls fn(muscle, data) for each
 * and stops early when fn returns non-zero.  Served from per-level lists
 * built at load, with no allocation.
 * @return BW_OK, or BW_EINVAL for a NULL db or fn, an empty set or another
 *         field
 *  @param db  the database
 *  @param levels  a bit set of spinal levels
 *  @param field  BW_FIELD_ORIGIN, BW_FIELD_INSERTION, BW_FIELD_INNERVATION, or BW_FIELD_COUNT for any
 *  @param fn  called with each muscle and data; returns non-zero to stop
 *  @param data  passed to fn unchanged
 *  @param err  filled on failure; may be NULL
 */
BW_EXPORT bw_status bw_db_muscles_at_levels(const bw_db *db, uint64_t levels,
                                            bw_field field,
                                            int (*fn)(const bw_entity *e,
                                                      void *data),
                                            void *data, bw_error *err);

/* ===== Relations, both directions ===== */

/**
 * Entities that refer to e through field: for a symptom and BW_FIELD_CAUSES,
 * the muscles that can cause it; for a muscle and BW_FIELD_TARGET, the
 * techniques aimed at it; for a muscle and BW_FIELD_RELATED, the muscles that
 * name it.  Count and i-th, in id order; the i-th is the fact in the
 * referring entity (bw_fact_target of it is e).  (transfer none)
 *  @param e  the entity
 *  @param field  the field the others refer through
 *  @return how many entities refer to e through field
 */
BW_EXPORT size_t bw_entity_backref_count(const bw_entity *e, bw_field field);
/** Fact i of those referring to e through field, in id order of the referring entities; bw_fact_target of it is e.  (transfer none)
 *  @param e  the entity
 *  @param field  the field the others refer through (BW_FIELD_CAUSES, BW_FIELD_TARGET, BW_FIELD_RELATED, BW_FIELD_CONTACT, BW_FIELD_MEMBER)
 *  @param i  the position, from 0
 *  @param from  receives the referring entity (may be NULL)
 *  @return the referring fact, or NULL when out of range
 */
BW_EXPORT const bw_fact *bw_entity_backref(const bw_entity *e, bw_field field,
                                           size_t i, const bw_entity **from);

/* ===== Condition rules ===== */

/**
 * How a condition's rule restricts a technique, from the corpus's severity=""
 * attribute.  Every severity but caution excludes what the rule matches.
 */
typedef enum bw_severity {
	BW_SEVERITY_CONTRAINDICATED = 0, /**< excludes what it matches everywhere;
	                                      with no match, no massage at all */
	BW_SEVERITY_LOCAL,        /**< excludes what it matches at its site */
	BW_SEVERITY_CAUTION,      /**< allows, with the reason as a caution */
	BW_SEVERITY_CLEARANCE,    /**< excludes until a physician clears the client */
	BW_SEVERITY_RED_FLAG,     /**< stop and refer for medical attention */
	BW_SEVERITY_COUNT       /**< the number of severities, not a severity */
} bw_severity;

/** The severity's corpus name ("red-flag"), NULL when out of range.
 *  @param severity  the severity
 *  @return the name, or NULL
 */
BW_EXPORT const char *bw_severity_name(bw_severity severity);

/** The severity in a practitioner's words ("local contraindication",
 *  "stop and refer"), NULL when out of range.  (transfer none: static.)
 *  @param severity  the severity
 *  @return the label, or NULL
 */
BW_EXPORT const char *bw_severity_label(bw_severity severity);

/** Whether a rule of this severity excludes what it matches (1 or 0).
 *  @param severity  the severity
 *  @return 1 or 0
 */
BW_EXPORT int bw_severity_excludes(bw_severity severity);

/** A condition's rules: count and i-th in corpus order.  (transfer none)
 *  @param e  the entity
 *  @return how many rules (0 for other kinds)
 */
BW_EXPORT size_t bw_entity_rule_count(const bw_entity *e);
/** The condition a rule belongs to.  (transfer none)
 *  @param r  the rule
 *  @return the condition, or NULL for NULL
 */
BW_EXPORT const bw_entity *bw_rule_condition(const bw_rule *r);
/** A condition's rule i, in corpus order.  (transfer none)
 *  @param e  the entity
 *  @param i  the position, from 0
 *  @return the rule, or NULL when out of range
 */
BW_EXPORT const bw_rule *bw_entity_rule(const bw_entity *e, size_t i);

/** The rule's severity (BW_SEVERITY_COUNT when r is NULL).
 *  @param r  the rule
 *  @return the severity
 */
BW_EXPORT bw_severity bw_rule_severity(const bw_rule *r);
/** A local rule's body site (a site entity); NULL for other rules.
 *  (transfer none)
 *  @param r  the rule
 *  @return the site, or NULL
 */
BW_EXPORT const bw_entity *bw_rule_site(const bw_rule *r);
/** Why the rule restricts what it matches, in the corpus's words.  (transfer none)
 *  @param r  the rule
 *  @return the reason, or NULL for NULL
 */
BW_EXPORT const char *bw_rule_reason(const bw_rule *r);
/** The adjustment to make instead, or NULL.  (transfer none)
 *  @param r  the rule
 *  @return the adjustment, or NULL
 */
BW_EXPORT const char *bw_rule_adjustment(const bw_rule *r);
/** The techniques the rule names to use instead (its instead elements):
 *  count and i-th.  A plan offers only those the client's conditions allow;
 *  see bw_plan_instead.  (transfer none)
 *  @param r  the rule
 *  @return how many techniques
 */
BW_EXPORT size_t bw_rule_instead_count(const bw_rule *r);
/** Technique i of those the rule names to use instead.  (transfer none)
 *  @param r  the rule
 *  @param i  the position, from 0
 *  @return the technique, or NULL when out of range
 */
BW_EXPORT const bw_entity *bw_rule_instead(const bw_rule *r, size_t i);
/** The client positions the rule prefers (prefer elements): count and i-th
 *  ("side-lying").  (transfer none)
 *  @param r  the rule
 *  @return how many positions
 */
BW_EXPORT size_t bw_rule_prefer_count(const bw_rule *r);
/** Client position i of those the rule prefers ("side-lying").  (transfer none)
 *  @param r  the rule
 *  @param i  the position, from 0
 *  @return the position, or NULL when out of range
 */
BW_EXPORT const char *bw_rule_prefer(const bw_rule *r, size_t i);
/** The source the rule cites.  (transfer none)
 *  @param r  the rule
 *  @return the source, or NULL
 */
BW_EXPORT const bw_entity *bw_rule_source(const bw_rule *r);
/** How well the rule is supported (BW_EVIDENCE_COUNT when r is NULL).
 *  @param r  the rule
 *  @return the grade
 */
BW_EXPORT bw_evidence bw_rule_evidence(const bw_rule *r);
/** The line of the rule's element in its condition's corpus file.
 *  @param r  the rule
 *  @return the 1-based line, 0 when r is NULL
 */
BW_EXPORT unsigned long bw_rule_line(const bw_rule *r);

/**
 * A rule's matches.  Each match is either one named technique
 * (bw_rule_match_technique) or a conjunction of technique attributes
 * (bw_rule_match_attr: "modality", "position", "contact", "pressure",
 * "min-pressure", "lever", "method", "movement"; NULL when the match does not
 * constrain that attribute).  A rule with no matches applies to every
 * technique.  (transfer none)
 *  @param r  the rule
 *  @return how many matches
 */
BW_EXPORT size_t bw_rule_match_count(const bw_rule *r);
/** Match i's named technique; NULL when the match is a conjunction of attributes.  (transfer none)
 *  @param r  the rule
 *  @param i  the match, from 0
 *  @return the technique, or NULL
 */
BW_EXPORT const bw_entity *bw_rule_match_technique(const bw_rule *r, size_t i);
/** Match i's value for one technique attribute; NULL when the match does not constrain it.  (transfer none)
 *  @param r  the rule
 *  @param i  the match, from 0
 *  @param attr  "modality", "position", "contact", "pressure", "min-pressure", "lever", "method" or "movement"
 *  @return the value, or NULL
 */
BW_EXPORT const char *bw_rule_match_attr(const bw_rule *r, size_t i,
                                         const char *attr);

/**
 * Whether rule r applies to technique t: some match (or none at all) holds,
 * and for a local rule t makes contact at the rule's site, at a site within
 * it, or at a site it lies within.  A match's contact= is read the same way.  Returns 1 or 0
 * (0 also when t is not a technique).
 *  @param r  the rule
 *  @param t  the technique
 *  @return 1 or 0
 */
BW_EXPORT int bw_rule_applies(const bw_rule *r, const bw_entity *t);

/* ===== Technique planner ===== */

/**
 * Write match i of rule r as text into buf, as snprintf does (returns the
 * length the whole text needs): "technique table-edge-stretch",
 * "lever=long movement=hip-extension", "pressure>=moderate contact=abdominal".
 * A local rule's site is not part of a match; see bw_rule_site.
 *  @param buf  where to write the text (may be NULL when size is 0)
 *  @param size  the size of buf in bytes
 *  @param r  the rule
 *  @param i  the match, from 0
 *  @return the length of the whole text, without its NUL
 */
BW_EXPORT size_t bw_rule_match_format(char *buf, size_t size, const bw_rule *r,
                                      size_t i);

typedef struct bw_plan bw_plan; /**< a planner's answer, owned by the caller */

/** The two lists of a plan. */
typedef enum bw_plan_list {
	BW_PLAN_ALLOWED = 0,  /**< usable, with any cautions attached */
	BW_PLAN_EXCLUDED,     /**< not to be used, with every reason */
	BW_PLAN_LIST_COUNT      /**< the number of lists, not a list */
} bw_plan_list;

/**
 * Plan work on a muscle for a client: every technique that targets the
 * muscle, split into allowed and excluded by the rules of the client's
 * conditions.  A rule that applies to a technique (bw_rule_applies)
 * excludes it unless its severity is caution, which attaches the caution
 * instead (bw_severity_excludes).  Allowed techniques come best first: those aimed at
 * the muscle as primary target before secondary, then fewer cautions, then
 * by name; excluded ones by name.
 *
 * The muscle and each condition are named by id, name or alias (as
 * bw_db_lookup).  A muscle group ("hamstrings") plans every technique
 * aimed at any of its members, each once.  Every plan also applies the
 * rules of the baseline conditions (category "baseline": the care every
 * client needs at endangerment sites), which may only caution.  An unknown name, or a name of the wrong kind, is
 * BW_ENOTFOUND and err's message names it and lists the closest known
 * muscles or conditions, so a condition is never silently ignored.
 *
 * @param out  receives the plan (transfer full: bw_plan_free)
 * @return BW_OK, BW_EINVAL, BW_ENOTFOUND, BW_EUTF8, BW_ENOMEM
 *  @param db  the database
 *  @param muscle  the muscle or muscle group, by id, name or alias (as bw_db_lookup)
 *  @param conditions  nconditions condition names (ids, names or aliases, as bw_db_lookup)
 *  @param nconditions  how many conditions (may be 0)
 *  @param err  filled on failure; may be NULL
 */
BW_EXPORT bw_status bw_plan_new(bw_plan **out, const bw_db *db,
                                const char *muscle,
                                const char *const *conditions,
                                size_t nconditions, bw_error *err);

/**
 * The inverse: every rule of every condition that applies to one technique
 * (named by id, name or alias), as a plan with that technique alone, in the
 * excluded list when some rule excludes it, else in the allowed list; its
 * reasons are then every restricting rule.  Served from an index of rules
 * by the technique attribute they name, built at load.
 *  @param out  receives the plan (transfer full: bw_plan_free)
 *  @param db  the database
 *  @param technique  the technique, by id, name or alias (as bw_db_lookup)
 *  @param err  filled on failure; may be NULL
 *  @return BW_OK, BW_EINVAL, BW_ENOTFOUND, BW_EUTF8, BW_ENOMEM
 */
BW_EXPORT bw_status bw_plan_restrictions(bw_plan **out, const bw_db *db,
                                         const char *technique, bw_error *err);

/** Free a plan.  NULL is ignored.
 *  @param p  the plan
 */
BW_EXPORT void bw_plan_free(bw_plan *p);

/** The muscle, or the muscle group, planned for (NULL for
 *  bw_plan_restrictions).  (transfer none)
 *  @param p  the plan
 *  @return the muscle or group, or NULL
 */
BW_EXPORT const bw_entity *bw_plan_muscle(const bw_plan *p);
/** The conditions, resolved, in the order given (duplicates removed).
 *  @param p  the plan
 *  @return how many conditions
 */
BW_EXPORT size_t bw_plan_condition_count(const bw_plan *p);
/** Condition i of the plan, resolved.  (transfer none)
 *  @param p  the plan
 *  @param i  the technique's position in list, from 0
 *  @return the condition, or NULL when out of range
 */
BW_EXPORT const bw_entity *bw_plan_condition(const bw_plan *p, size_t i);

/** How many techniques a list holds, and the i-th.  (transfer none)
 *  @param p  the plan
 *  @param list  which list: BW_PLAN_ALLOWED or BW_PLAN_EXCLUDED
 *  @return how many techniques
 */
BW_EXPORT size_t bw_plan_count(const bw_plan *p, bw_plan_list list);
/** Technique i of list.  (transfer none)
 *  @param p  the plan
 *  @param list  which list: BW_PLAN_ALLOWED or BW_PLAN_EXCLUDED
 *  @param i  the technique's position in list, from 0
 *  @return the technique, or NULL when out of range
 */
BW_EXPORT const bw_entity *bw_plan_technique(const bw_plan *p,
                                             bw_plan_list list, size_t i);

/**
 * The reasons attached to technique i of list: for an excluded technique,
 * every rule that excludes it, strongest first (stop and refer, clearance,
 * contraindicated, local), and then every caution; for an allowed one, its
 * cautions.  Reason k gives the rule (its severity, reason, adjustment,
 * source and evidence), the condition it belongs to (*condition), and which
 * of the rule's matches held (*match; -1 when the rule has no matches and
 * applies through its severity or site alone).  (transfer none)
 *  @param p  the plan
 *  @param list  which list: BW_PLAN_ALLOWED or BW_PLAN_EXCLUDED
 *  @param i  the technique's position in list, from 0
 *  @return how many reasons
 */
BW_EXPORT size_t bw_plan_reason_count(const bw_plan *p, bw_plan_list list,
                                      size_t i);
/** Reason k of technique i of list (see bw_plan_reason_count).  (transfer none)
 *  @param p  the plan
 *  @param list  which list: BW_PLAN_ALLOWED or BW_PLAN_EXCLUDED
 *  @param i  the technique's position in list, from 0
 *  @param k  the reason, from 0
 *  @param condition  receives the condition the rule belongs to (may be NULL)
 *  @param match  receives the index of the match that held, -1 for none (may be NULL)
 *  @return the rule, or NULL when out of range
 */
BW_EXPORT const bw_rule *bw_plan_reason(const bw_plan *p, bw_plan_list list,
                                        size_t i, size_t k,
                                        const bw_entity **condition,
                                        int *match);

/**
 * The techniques to use in place of technique i of list: those its
 * reasons' rules name (bw_rule_instead), each once, without the technique
 * itself and without any that a rule of the plan's conditions excludes
 * (for bw_plan_restrictions, the rule's own condition), so a plan never
 * recommends a technique it rules out.  Count and k-th, in the order the
 * reasons name them.  (transfer none)
 *  @param p  the plan
 *  @param list  which list: BW_PLAN_ALLOWED or BW_PLAN_EXCLUDED
 *  @param i  the technique's position in list, from 0
 *  @return how many techniques
 */
BW_EXPORT size_t bw_plan_instead_count(const bw_plan *p, bw_plan_list list,
                                       size_t i);
/** Technique k to use in place of technique i of list (see bw_plan_instead_count).  (transfer none)
 *  @param p  the plan
 *  @param list  which list: BW_PLAN_ALLOWED or BW_PLAN_EXCLUDED
 *  @param i  the technique's position in list, from 0
 *  @param k  the technique, from 0
 *  @return the technique, or NULL when out of range
 */
BW_EXPORT const bw_entity *bw_plan_instead(const bw_plan *p,
                                           bw_plan_list list, size_t i,
                                           size_t k);

/* ===== Body sites ===== */

/** The site a body site lies within ("thigh" for "femoral-triangle"), or
 *  NULL for a top-level site or another kind.  (transfer none)
 *  @param site  the body site
 *  @return the site, or NULL
 */
BW_EXPORT const bw_entity *bw_site_within(const bw_entity *site);

/** Whether two body sites overlap: the same site, or one lies within the
 *  other, however deep.  0 when either is NULL or not a site.
 *  @param a  a body site
 *  @param b  another body site
 *  @return 1 or 0
 */
BW_EXPORT int bw_sites_overlap(const bw_entity *a, const bw_entity *b);

/* ===== Session screen ===== */

/*
 * What a client's conditions mean for a whole session, with no muscle
 * named: whether to stop and refer, whether medical clearance is needed,
 * which body sites are off or limited, which positions to avoid or prefer,
 * what kind of work to avoid everywhere, and which red flags to ask about.
 * Each line carries the rule (or red-flag fact) it comes from, and so its
 * reason, condition, source and grade.
 */

typedef struct bw_screen bw_screen; /**< a session screen, owned by the caller */

/** What a screen line tells the practitioner, strongest first. */
typedef enum bw_screen_action {
	BW_SCREEN_REFER = 0,   /**< stop and refer: a red flag is present */
	BW_SCREEN_CLEARANCE,   /**< no massage (of what the line names) until a
	                            physician clears the client */
	BW_SCREEN_NO_MASSAGE,  /**< a whole-body contraindication: not today */
	BW_SCREEN_AVOID,       /**< off: a site, a position, or a kind of work */
	BW_SCREEN_LIMIT,       /**< a pressure ceiling at a site, or everywhere */
	BW_SCREEN_CAUTION,     /**< allowed with care: a site, position or work */
	BW_SCREEN_PREFER,      /**< a position to choose */
	BW_SCREEN_ASK,         /**< a red flag to ask about or watch for */
	BW_SCREEN_ACTION_COUNT  /**< the number of actions, not an action */
} bw_screen_action;

/** The action's name ("avoid"), NULL when out of range.  (static)
 *  @param action  the action
 *  @return the name, or NULL
 */
BW_EXPORT const char *bw_screen_action_name(bw_screen_action action);

/**
 * Screen a session for the client's conditions (ids, names or aliases, as
 * bw_plan_new; unknown names are BW_ENOTFOUND naming the closest).  Every
 * rule of every condition gives one line per match (or one line when it
 * has none): its severity and what the match constrains decide the action
 * and the site, position or pressure ceiling the line names.  Every
 * red-flag fact gives an ask line.  Lines come strongest action first,
 * then in the order of the conditions given and the rules within them.
 * @param out  receives the screen (transfer full: bw_screen_free)
 * @return BW_OK, BW_EINVAL, BW_ENOTFOUND, BW_EUTF8, BW_ENOMEM
 *  @param db  the database
 *  @param conditions  nconditions condition names (ids, names or aliases, as bw_db_lookup)
 *  @param nconditions  how many conditions (may be 0)
 *  @param err  filled on failure; may be NULL
 */
BW_EXPORT bw_status bw_screen_new(bw_screen **out, const bw_db *db,
                                  const char *const *conditions,
                                  size_t nconditions, bw_error *err);

/** Free a screen.  NULL is ignored.
 *  @param s  the screen
 */
BW_EXPORT void bw_screen_free(bw_screen *s);

/** The conditions screened, resolved, duplicates removed.  (transfer none)
 *  @param s  the screen
 *  @return how many conditions
 */
BW_EXPORT size_t bw_screen_condition_count(const bw_screen *s);
/** Condition i of the screen, resolved.  (transfer none)
 *  @param s  the screen
 *  @param i  the position, from 0
 *  @return the condition, or NULL when out of range
 */
BW_EXPORT const bw_entity *bw_screen_condition(const bw_screen *s, size_t i);

/** Whether some condition demands clearance / is a red flag (1 or 0).
 *  @param s  the screen
 *  @return 1 or 0
 */
BW_EXPORT int bw_screen_needs_clearance(const bw_screen *s);
/** Whether some condition is a red flag: stop and refer.
 *  @param s  the screen
 *  @return 1 or 0
 */
BW_EXPORT int bw_screen_refer(const bw_screen *s);

/** The number of lines, and line i's parts.  (transfer none)
 *  @param s  the screen
 *  @return how many lines
 */
BW_EXPORT size_t bw_screen_count(const bw_screen *s);
/** The line's action (BW_SCREEN_ACTION_COUNT when out of range).
 *  @param s  the screen
 *  @param i  the line, from 0
 *  @return the action
 */
BW_EXPORT bw_screen_action bw_screen_line_action(const bw_screen *s, size_t i);
/** The condition the line comes from.
 *  @param s  the screen
 *  @param i  the line, from 0
 *  @return the condition, or NULL when out of range
 */
BW_EXPORT const bw_entity *bw_screen_line_condition(const bw_screen *s,
                                                    size_t i);
/** The body site the line is about, or NULL when it is not about one.
 *  @param s  the screen
 *  @param i  the line, from 0
 *  @return the site, or NULL
 */
BW_EXPORT const bw_entity *bw_screen_line_site(const bw_screen *s, size_t i);
/** The client position the line is about ("prone"), or NULL.
 *  @param s  the screen
 *  @param i  the line, from 0
 *  @return the position, or NULL
 */
BW_EXPORT const char *bw_screen_line_position(const bw_screen *s, size_t i);
/** For a limit line, the highest pressure allowed ("light"); else NULL.
 *  @param s  the screen
 *  @param i  the line, from 0
 *  @return the pressure, or NULL
 */
BW_EXPORT const char *bw_screen_line_pressure(const bw_screen *s, size_t i);
/** The rule behind the line and which of its matches (-1 for none); NULL
 *  for an ask line, which comes from a red-flag fact instead.
 *  @param s  the screen
 *  @param i  the line, from 0
 *  @param match  receives the index of the rule's match behind the line, -1 for none (may be NULL)
 *  @return the rule, or NULL
 */
BW_EXPORT const bw_rule *bw_screen_line_rule(const bw_screen *s, size_t i,
                                             int *match);
/** For an ask line, the red-flag fact (its text, source and grade).
 *  @param s  the screen
 *  @param i  the line, from 0
 *  @return the fact, or NULL
 */
BW_EXPORT const bw_fact *bw_screen_line_fact(const bw_screen *s, size_t i);

/* ===== Body maps ===== */

/**
 * A body map as an SVG document: the corpus's schematic body (its
 * `<bodymap>`: front and back views with a region per body site) with
 * the sites that matter marked in colours that stay apart in grey and for
 * the common colour-blindnesses (each class also has its own pattern), a
 * legend, a title, a text alternative (`<title>` and `<desc>` for the
 * figure, a `<title>` and `aria-label` for every marked region), and the
 * sources of every fact or rule behind a mark listed in the figure.
 *
 * bw_map_muscle marks where a muscle lies (its regions, outlined) and
 * where its trigger points refer pain (its BW_FIELD_ZONE facts: primary
 * zones solid, spillover dotted), with its referral text beside.
 *
 * @param out     receives the SVG, NUL-terminated UTF-8 (transfer full:
 *                bw_map_free)
 * @param len     receives its length in bytes; may be NULL
 * @param db      the database
 * @param muscle  the muscle, by id, name, alias or code (bw_db_lookup)
 * @param err     filled on failure; may be NULL
 * @return BW_OK, BW_EINVAL, BW_ENOTFOUND (no such muscle, or no body map
 *         in the corpus), BW_ENOMEM
 */
BW_EXPORT bw_status bw_map_muscle(char **out, size_t *len, const bw_db *db,
                                  const char *muscle, bw_error *err);

/**
 * A symptom's body map: where it is felt (its zones: primary solid,
 * spillover dotted), with the muscles whose causes facts name it and then
 * those whose primary referral zones reach where it is felt listed beside.
 * As bw_map_muscle otherwise.
 * @param out      receives the SVG (transfer full: bw_map_free)
 * @param len      receives its length in bytes; may be NULL
 * @param db       the database
 * @param symptom  the symptom, by id, name or alias
 * @param err      filled on failure; may be NULL
 * @return BW_OK, BW_EINVAL, BW_ENOTFOUND, BW_ENOMEM
 */
BW_EXPORT bw_status bw_map_symptom(char **out, size_t *len, const bw_db *db,
                                   const char *symptom, bw_error *err);

/**
 * A session screen as a body map: the body sites the conditions put off
 * limits (avoid and clearance lines, cross-hatched), allow light pressure
 * only (hatched), moderate pressure at most (dotted) or caution at (lined),
 * a site taking the strongest; each marked site's title names the
 * condition, and a stop-and-refer or clearance banner comes first beside
 * the figure.  The lines are bw_screen_new's for the same conditions.
 * @param out          receives the SVG (transfer full: bw_map_free)
 * @param len          receives its length in bytes; may be NULL
 * @param db           the database
 * @param conditions   nconditions condition names (as bw_screen_new)
 * @param nconditions  how many conditions
 * @param err          filled on failure; may be NULL
 * @return BW_OK, BW_EINVAL, BW_ENOTFOUND, BW_EUTF8, BW_ENOMEM
 */
BW_EXPORT bw_status bw_map_screen(char **out, size_t *len, const bw_db *db,
                                  const char *const *conditions,
                                  size_t nconditions, bw_error *err);

/** Free a map from bw_map_muscle, bw_map_symptom or bw_map_screen.  NULL
 *  is ignored.
 *  @param svg  the map
 */
BW_EXPORT void bw_map_free(char *svg);

/* ===== Search ===== */

/*
 * Ranked full-text search over every entity, typo-tolerant, with synonyms,
 * filters, snippets and suggestions; and relation queries built on it.
 * docs/search.md describes the analysis, the field weights, the ranking
 * and the query syntax in full.  All of it reads an index built by
 * bw_db_open, so any number of threads may search one database at once; a
 * bw_results belongs to one thread at a time.
 */

typedef struct bw_results bw_results; /**< ranked hits, owned by the caller */

/** How the weakest query word of a hit matched. */
typedef enum bw_match {
	BW_MATCH_EXACT = 0, /**< as typed, or a form, alias or synonym of it */
	BW_MATCH_PREFIX,    /**< the last word as the start of a longer word */
	BW_MATCH_TYPO1,     /**< a word one edit away (a swap of two is one) */
	BW_MATCH_TYPO2      /**< a word two edits away */
} bw_match;

/** The bit of field f in bw_results_fields. */
#define BW_FIELD_BIT(f) ((uint64_t)1 << (f))
/** The bit in bw_results_fields for the entity's name (a source's title). */
#define BW_NAME_BIT ((uint64_t)1 << 63)

/** bw_search_options.flags: turn off matching the last word as a prefix. */
#define BW_SEARCH_NO_PREFIX 1u
/** bw_search_options.flags: turn off the synonym sets (the corpus's
 *  synonyms elements, bundled in corpus/synonyms.xml and extended by layers). */
#define BW_SEARCH_NO_SYNONYMS 2u
/** bw_search_options.flags: turn off typo correction (whatever
 *  typo_threshold says). */
#define BW_SEARCH_NO_TYPOS 4u

/** The version of bw_search_options this header declares; 0 in its
 *  version field means this one. */
#define BW_SEARCH_OPTIONS_VERSION 1

/**
 * Options for every search call.  A struct of zeros means the defaults,
 * field by field (version 0 is the current version, limit 0 is 10,
 * typo_threshold 0 is 5), as do BW_SEARCH_OPTIONS_INIT,
 * bw_search_options_init and passing NULL; set only what you need.
 */
typedef struct bw_search_options {
	unsigned int version;        /**< BW_SEARCH_OPTIONS_VERSION (0: it) */
	size_t offset;               /**< hits to skip, for paging (default 0) */
	size_t limit;                /**< hits to return, at most 1000
	                                  (0: the default, 10) */
	unsigned int kinds;          /**< bit (1u << kind) per kind to keep; 0 keeps all */
	unsigned int typo_threshold; /**< try typo corrections when fewer entities
	                                  than this match exactly or by prefix
	                                  (0: the default, 5); to never try
	                                  them, set BW_SEARCH_NO_TYPOS */
	unsigned int flags;          /**< BW_SEARCH_NO_* bits (default 0) */
	const char *mark_open;       /**< written before each match in a snippet
	                                  (NULL: "[") */
	const char *mark_close;      /**< written after it (NULL: "]") */
	unsigned int snippet_words;  /**< longest snippet in words (0: 24) */
} bw_search_options;

/** The defaults, for initialising a bw_search_options. */
#define BW_SEARCH_OPTIONS_INIT \
	{ BW_SEARCH_OPTIONS_VERSION, 0, 10, 0, 5, 0, NULL, NULL, 0 }

/**
 * Fill opts with the defaults, the same values as BW_SEARCH_OPTIONS_INIT.
 * A struct of zeros means the same defaults.  NULL is ignored.
 * @param opts  the options to fill
 */
BW_EXPORT void bw_search_options_init(bw_search_options *opts);

/**
 * Search the database.  The query is words, all of which must match (when
 * no entity matches them all, the entities matching the most come back);
 * "quoted phrases"; -word or -"phrase" to exclude; and field:value filters:
 * kind:technique, region:hip, depth:, modality:, lever:, source-kind:,
 * position:, contact:SITE, pressure:, method:, movement:, target:MUSCLE,
 * causes:SYMPTOM, evidence:GRADE (repeat a field for either value;
 * -field:value excludes).  target, causes and contact take an id, a name
 * or an alias; a filter value that names nothing, or that is close to a
 * known value it is not, is BW_EQUERY with the closest ("did you mean").
 * The last word also matches as a prefix, unless the query ends in white
 * space.
 *
 * Hits come best first: by how many words matched; then exact before
 * prefix before one typo before two; then a query that is exactly the
 * name, then exactly an alias; then a match in the name before one in an
 * alias or through a synonym, before one in the summary, before one in the
 * body; then a word as typed before its synonym; then by BM25F score; then
 * by kind and id.
 *
 * Typo candidates (Damerau-Levenshtein: none for words of up to 4
 * characters, one edit for 5 to 8, two from 9) are tried only when fewer
 * than opts->typo_threshold entities match as typed; the correction used
 * is then offered as bw_results_correction.
 *
 * A malformed query (an unclosed quote, an unknown filter or kind, a
 * filter without a value, more than 32 words, more than 8192 bytes) is
 * BW_EQUERY with err->column the 1-based byte position of the problem;
 * invalid UTF-8 is BW_EUTF8 with the column of the first bad byte.  A query
 * with nothing to search for (empty, or only stop words) returns no hits;
 * one with only filters or exclusions returns every entity they keep, in
 * kind and id order.
 *
 * @param out    receives the results (transfer full: bw_results_free)
 * @param query  UTF-8 text
 * @param opts   options, or NULL for the defaults
 * @return BW_OK, BW_EINVAL (NULL db, query or out; a bad opts version,
 *         limit or kind mask), BW_EQUERY, BW_EUTF8, BW_ENOMEM
 *  @param db  the database
 *  @param err  filled on failure; may be NULL
 */
BW_EXPORT bw_status bw_search(bw_results **out, const bw_db *db,
                              const char *query,
                              const bw_search_options *opts, bw_error *err);

/**
 * Suggestions for a search box: the entities whose name or alias starts
 * with text, or has a word that does ("maj" finds "Psoas major"), best
 * first: a match at the start of the label before one inside it, a name
 * before an alias, shorter labels first.  When fewer than opts->limit
 * entities match, labels within the typo budget of text (as for bw_search)
 * follow.  Each entity comes once; bw_results_label gives the label that
 * matched.  opts->kinds filters; offset, snippet and typo_threshold
 * settings are ignored.
 * @param out  receives the results (transfer full: bw_results_free)
 * @return BW_OK, BW_EINVAL, BW_EUTF8, BW_ENOMEM
 *  @param db  the database
 *  @param text  what has been typed so far, UTF-8
 *  @param opts  options, or NULL for the defaults
 *  @param err  filled on failure; may be NULL
 */
BW_EXPORT bw_status bw_suggest(bw_results **out, const bw_db *db,
                               const char *text,
                               const bw_search_options *opts, bw_error *err);

/**
 * Muscles that could cause a symptom described in free text, such as a
 * sentence a client says ("it hurts across my low back when I get up from
 * a chair").  The words (any of them, at most 64) are matched against
 * symptom entities, and each matching symptom leads to the muscles whose
 * causes facts name it (bw_entity_backref with BW_FIELD_CAUSES); muscles
 * whose own causes or referral text matches are added.  A muscle scores
 * its best symptom's share of the best symptom score, weighted by how well
 * its causes fact is supported, plus a quarter of its other symptoms' and
 * half its own text's share of the best.  bw_results_fact gives the
 * causes fact of the best symptom, or the matching referral or causes fact.
 * @param out  receives the results (transfer full: bw_results_free)
 * @return BW_OK, BW_EINVAL, BW_EQUERY (over 64 words or 8192 bytes),
 *         BW_EUTF8, BW_ENOMEM
 *  @param db  the database
 *  @param text  the client's words, UTF-8
 *  @param opts  options, or NULL for the defaults
 *  @param err  filled on failure; may be NULL
 */
BW_EXPORT bw_status bw_muscles_for_symptom_text(bw_results **out,
                                                const bw_db *db,
                                                const char *text,
                                                const bw_search_options *opts,
                                                bw_error *err);

/**
 * Techniques aimed at a muscle: those naming it as primary target first,
 * then as secondary, each group by name.  bw_results_fact gives the target
 * fact (bw_fact_qualifier is its role).  To check them against a client's
 * conditions use bw_plan_new; for the conditions restricting one
 * technique, bw_plan_restrictions.
 * @param out  receives the results (transfer full: bw_results_free)
 * @return BW_OK, BW_EINVAL (also when muscle is not a muscle), BW_ENOMEM
 *  @param db  the database
 *  @param muscle  the muscle entity
 *  @param opts  options, or NULL for the defaults
 *  @param err  filled on failure; may be NULL
 */
BW_EXPORT bw_status bw_techniques_for_muscle(bw_results **out,
                                             const bw_db *db,
                                             const bw_entity *muscle,
                                             const bw_search_options *opts,
                                             bw_error *err);

/** Free results.  NULL is ignored.
 *  @param r  the results
 */
BW_EXPORT void bw_results_free(bw_results *r);

/** How many hits these results hold (at most opts->limit).
 *  @param r  the results
 *  @return how many hits
 */
BW_EXPORT size_t bw_results_count(const bw_results *r);

/** How many entities matched in all, before offset and limit.
 *  @param r  the results
 *  @return how many matched
 */
BW_EXPORT size_t bw_results_total(const bw_results *r);

/** The query with its misspelled words replaced by the corrections the
 *  search used ("psoas stretch" for "psoas strech"), or NULL when none
 *  was needed.  (transfer none: lives as long as r)
 *  @param r  the results
 *  @return the corrected query, or NULL
 */
BW_EXPORT const char *bw_results_correction(const bw_results *r);

/** The words of the query that hit i does not match, as typed and
 *  separated by spaces ("deep pressure"), or NULL when it matches every
 *  word (and for lists other than bw_search's).  A search returns such
 *  hits only when no entity matches every word; a word matching rarer
 *  entities then counts for more.  (transfer none: lives as long as r)
 *  @param r  the results
 *  @param i  the hit, from 0
 *  @return the dropped words, or NULL */
BW_EXPORT const char *bw_results_dropped(const bw_results *r, size_t i);

/** Hit i's entity, or NULL when i is out of range.  (transfer none: owned
 *  by the database)
 *  @param r  the results
 *  @param i  the hit, from 0
 *  @return the entity, or NULL
 */
BW_EXPORT const bw_entity *bw_results_entity(const bw_results *r, size_t i);

/** Hit i's score (higher is better; comparable within one result set),
 *  0 when out of range.
 *  @param r  the results
 *  @param i  the hit, from 0
 *  @return the score
 */
BW_EXPORT double bw_results_score(const bw_results *r, size_t i);

/** How hit i's weakest word matched (BW_MATCH_EXACT when out of range and
 *  for relation queries).
 *  @param r  the results
 *  @param i  the hit, from 0
 *  @return how it matched
 */
BW_EXPORT bw_match bw_results_match(const bw_results *r, size_t i);

/** The fields of hit i where a query word occurs: BW_FIELD_BIT(field) for
 *  each, and BW_NAME_BIT for the name; 0 when out of range.
 *  @param r  the results
 *  @param i  the hit, from 0
 *  @return the bits
 */
BW_EXPORT uint64_t bw_results_fields(const bw_results *r, size_t i);

/** The name or alias of hit i that matched: for suggestions the label
 *  completed, otherwise the first alias holding a query word when the name
 *  holds none, else the name.  (transfer none: owned by the database)
 *  @param r  the results
 *  @param i  the hit, from 0
 *  @return the label, or NULL
 */
BW_EXPORT const char *bw_results_label(const bw_results *r, size_t i);

/** For relation queries, the fact that links hit i to what was asked
 *  (see each call); NULL otherwise.  (transfer none)
 *  @param r  the results
 *  @param i  the hit, from 0
 *  @return the fact, or NULL
 */
BW_EXPORT const bw_fact *bw_results_fact(const bw_results *r, size_t i);

/**
 * A snippet of hit i: the text of the entity (summary or another fact)
 * holding the most query words, cut to at most opts->snippet_words words
 * around them with "..." where cut, each matching word wrapped in
 * opts->mark_open and opts->mark_close.  Written into buf (always
 * NUL-terminated when size > 0; a NULL buf counts as size 0); returns the
 * length the whole snippet needs, as snprintf does, or 0 when r is NULL or
 * i is out of range.
 *  @param buf  where to write the text (may be NULL when size is 0)
 *  @param size  the size of buf in bytes
 *  @param r  the results
 *  @param i  the hit, from 0
 *  @return the length of the whole snippet, without its NUL
 */
BW_EXPORT size_t bw_results_snippet(char *buf, size_t size,
                                    const bw_results *r, size_t i);

/* ===== Questions ===== */

/*
 * A question in plain words ("which muscles cause groin pain", "QL
 * stretch", "is deep tissue safe on warfarin"), answered with the relation
 * query or the planner that fits it, or with ranked search when none does.
 * The answer says how the question was read, in words, so a user can see
 * the reading and correct it.  docs/search.md ("Questions") lists the
 * words that decide the reading.
 */

typedef struct bw_answer bw_answer; /**< an answer, owned by the caller */

/** What a question was read as, and so which result an answer holds. */
typedef enum bw_ask_kind {
	BW_ASK_SEARCH = 0,   /**< ranked search of the question's words:
	                          bw_answer_results */
	BW_ASK_CAUSES,       /**< muscles that cause a symptom: results, with
	                          bw_results_fact the causes fact */
	BW_ASK_TECHNIQUES,   /**< techniques aimed at a muscle, or at a group's
	                          members: results, with the target fact */
	BW_ASK_PLAN,         /**< a muscle or group planned for conditions (none
	                          named: the baseline only): bw_answer_plan */
	BW_ASK_RESTRICTIONS, /**< the conditions restricting a technique:
	                          bw_answer_plan (as bw_plan_restrictions) */
	BW_ASK_SCREEN,       /**< conditions with no muscle named:
	                          bw_answer_screen */
	BW_ASK_NERVE,        /**< muscles a named nerve supplies: results, with
	                          the innervation fact */
	BW_ASK_LEVELS,       /**< muscles at spinal levels: results, with the
	                          origin, insertion or innervation fact */
	BW_ASK_MEMBERS,      /**< a group's members: results, with the member
	                          fact */
	BW_ASK_KIND_COUNT    /**< the number of kinds, not a kind */
} bw_ask_kind;

/** The kind's name ("causes"), NULL when out of range.  (static)
 *  @param kind  the kind
 *  @return the name, or NULL
 */
BW_EXPORT const char *bw_ask_kind_name(bw_ask_kind kind);

/**
 * Answer a question.  The question is split into words; the entities it
 * names are found by id, name or alias (as bw_db_lookup), longest run of
 * words first, then, for words still unclaimed, by a suggestion within the
 * typo budget of bw_search.  Muscle groups count as muscles; body sites and
 * sources are not recognised.  Words such as "cause", "stretch",
 * "release", "treat", "safe", "contraindications", "nerve", "supply" and a
 * spinal level ("L3", "T12-L2") decide what is asked, with the entities
 * found: muscles that cause a named symptom (or, with no symptom named,
 * bw_muscles_for_symptom_text on the rest of the question); techniques for
 * a muscle or group; a plan (a muscle named with conditions, or with
 * "contraindications"), the restrictions of a technique, or a screen (no
 * muscle named); muscles a nerve supplies or at spinal levels; a group's
 * members.  A symptom named alone asks for its causes, a group named alone
 * for its members.  Anything else is bw_search over the question's words
 * with query syntax removed.
 *
 * opts (NULL: the defaults) applies to the results lists: offset, limit,
 * markers and snippet length; kinds and flags apply to the search
 * fallback only.
 *
 * @param out       receives the answer (transfer full: bw_answer_free)
 * @param question  UTF-8 text, at most 8192 bytes and 64 words
 * @return BW_OK, BW_EINVAL (NULL db, question or out; bad opts),
 *         BW_EQUERY (too long; err->column the byte at fault), BW_EUTF8
 *         (err->column the first bad byte), BW_ENOMEM.  A question that
 *         names nothing known is not an error: it is searched.
 *  @param db  the database
 *  @param opts  options, or NULL for the defaults
 *  @param err  filled on failure; may be NULL
 */
BW_EXPORT bw_status bw_ask(bw_answer **out, const bw_db *db,
                           const char *question,
                           const bw_search_options *opts, bw_error *err);

/** Free an answer and the results, plan or screen it holds.  NULL is
 *  ignored.
 *  @param a  the answer
 */
BW_EXPORT void bw_answer_free(bw_answer *a);

/** What the question was read as (BW_ASK_KIND_COUNT when a is NULL).
 *  @param a  the answer
 *  @return the kind
 */
BW_EXPORT bw_ask_kind bw_answer_kind(const bw_answer *a);

/** The reading in words: "muscles that cause: Groin pain", "techniques
 *  for: Quadratus lumborum", "plan: Psoas major with Anticoagulant
 *  medication", "screen: Anticoagulant medication", "search: QUERY"
 *  ("search techniques: QUERY" or "search muscles: QUERY" when the
 *  question asks for that kind and opts names no kinds).
 *  (transfer none: lives as long as a)
 *  @param a  the answer
 *  @return the reading, or NULL
 */
BW_EXPORT const char *bw_answer_reading(const bw_answer *a);

/** The entities the question names, in the order of their words: count,
 *  i-th (NULL when out of range; transfer none, owned by the database),
 *  the words of the question that named it, as written (transfer none:
 *  lives as long as a), and how they matched (BW_MATCH_EXACT, or
 *  BW_MATCH_TYPO1 / BW_MATCH_TYPO2 for a suggestion within the typo
 *  budget).
 *  @param a  the answer
 *  @return how many entities
 */
BW_EXPORT size_t bw_answer_entity_count(const bw_answer *a);
/** Entity i the question names.  (transfer none: owned by the database)
 *  @param a  the answer
 *  @param i  the position, from 0
 *  @return the entity, or NULL when out of range
 */
BW_EXPORT const bw_entity *bw_answer_entity(const bw_answer *a, size_t i);
/** The words of the question that named entity i, as written.  (transfer none: lives as long as a)
 *  @param a  the answer
 *  @param i  the position, from 0
 *  @return the words, or NULL when out of range
 */
BW_EXPORT const char *bw_answer_entity_words(const bw_answer *a, size_t i);
/** How entity i's words matched: BW_MATCH_EXACT, or BW_MATCH_TYPO1 / BW_MATCH_TYPO2 for a suggestion.
 *  @param a  the answer
 *  @param i  the position, from 0
 *  @return how they matched
 */
BW_EXPORT bw_match bw_answer_entity_match(const bw_answer *a, size_t i);

/** The result, borrowed from the answer (transfer none: lives as long as
 *  a; never free it): results for the kinds that say so, a plan for
 *  BW_ASK_PLAN and BW_ASK_RESTRICTIONS, a screen for BW_ASK_SCREEN; NULL
 *  for the others.
 *  @param a  the answer
 *  @return the results, or NULL
 */
BW_EXPORT const bw_results *bw_answer_results(const bw_answer *a);
/** The plan, for BW_ASK_PLAN and BW_ASK_RESTRICTIONS; NULL otherwise.  (transfer none: lives as long as a)
 *  @param a  the answer
 *  @return the plan, or NULL
 */
BW_EXPORT const bw_plan *bw_answer_plan(const bw_answer *a);
/** The screen, for BW_ASK_SCREEN; NULL otherwise.  (transfer none: lives as long as a)
 *  @param a  the answer
 *  @return the screen, or NULL
 */
BW_EXPORT const bw_screen *bw_answer_screen(const bw_answer *a);

#ifdef __cplusplus
}
#endif

#endif /* BODYWORK_H */
