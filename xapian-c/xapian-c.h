/* xapian-c.h - a thin, generic C binding of libxapian.
 *
 * The only header of this folder that others include. It knows nothing of
 * articles or passages: it exposes Xapian's objects as opaque handles.
 *
 * Conventions (after notmuch's lib/notmuch.h):
 * - Every function that can fail returns an xc_status; XC_OK (0) is success.
 *   On failure the message is kept in a thread-local buffer that
 *   xc_last_error() returns; it stays valid until the next failing call on
 *   the same thread. Output parameters are left untouched on failure.
 * - No C++ exception ever crosses into C: each entry point catches
 *   everything and maps it to a status.
 * - Each xc_*_new / xc_*_open has a matching xc_*_free; free functions
 *   accept NULL. Strings returned through `char **` are malloc()ed and the
 *   caller frees them with free(); `const char *` results are owned by the
 *   handle that returned them and live until that handle is freed or the
 *   same call is made again.
 */
#ifndef XAPIAN_C_H
#define XAPIAN_C_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	XC_OK = 0,
	XC_ERR_NOMEM,     /* std::bad_alloc */
	XC_ERR_NOT_FOUND, /* DatabaseNotFoundError (no such path, or a
	                     directory that holds no database), DocNotFoundError */
	XC_ERR_OPENING,   /* DatabaseOpeningError: bad stub file, unreadable */
	XC_ERR_VERSION,   /* DatabaseVersionError: made by another Xapian */
	XC_ERR_LOCKED,    /* DatabaseLockError: another writer holds it */
	XC_ERR_MODIFIED,  /* DatabaseModifiedError: reopen and retry */
	XC_ERR_CORRUPT,   /* DatabaseCorruptError */
	XC_ERR_CREATE,    /* DatabaseCreateError */
	XC_ERR_DATABASE,  /* any other DatabaseError (I/O, disk full) */
	XC_ERR_NETWORK,   /* NetworkError (remote databases) */
	XC_ERR_QUERY,     /* QueryParserError */
	XC_ERR_INVALID,   /* InvalidArgumentError, InvalidOperationError, bad input */
	XC_ERR_READONLY,  /* a write call on a database opened read-only */
	XC_ERR_OTHER      /* anything else */
} xc_status;

/* The message of the last failing call on this thread ("" if none). */
const char *xc_last_error(void);
/* A short constant name for a status ("locked", "not found", ...). */
const char *xc_status_name(xc_status st);
/* Xapian's version string, e.g. "1.4.22". Static storage. */
const char *xc_version(void);

/* ---- Databases ------------------------------------------------------- */

typedef struct xc_db xc_db;

enum {
	XC_DB_READONLY = 0,            /* open an existing database for reading */
	XC_DB_CREATE_OR_OPEN = 1,      /* writable; create if missing */
	XC_DB_CREATE_OR_OVERWRITE = 2, /* writable; start empty */
	XC_DB_OPEN = 3                 /* writable; must exist */
};

/* Open the database at `path` (a directory, a stub file, or for
 * XC_DB_READONLY also "tcp://HOST:PORT" for xapian-tcpsrv).
 * A writable open takes Xapian's lock: XC_ERR_LOCKED if another writer has
 * it. On success *out is a new handle the caller frees with xc_db_free. */
xc_status xc_db_open(const char *path, int mode, xc_db **out);
/* Add the shards of `other` to read-only `db`, to be searched as one
 * (XC_ERR_INVALID if `db` is writable). `other` stays the caller's to free. */
xc_status xc_db_add(xc_db *db, const xc_db *other);
/* Reopen at the latest revision (after XC_ERR_MODIFIED). *changed, if not
 * NULL, is set to 1 when a newer revision was found. */
xc_status xc_db_reopen(xc_db *db, int *changed);
/* Close and free; NULL is fine. A writer's lock is released at once. As
 * Xapian does on close, uncommitted changes are committed (errors ignored;
 * call xc_db_commit to see them), except that an open transaction is
 * cancelled. */
void xc_db_free(xc_db *db);
/* Number of documents. */
xc_status xc_db_doccount(const xc_db *db, unsigned *out);
xc_status xc_db_termfreq(const xc_db *db, const char *term, unsigned *out);
/* Metadata: *out is "" for an unset key. Caller frees *out. */
xc_status xc_db_get_metadata(const xc_db *db, const char *key, char **out);
/* The same for a value of any bytes: *len gets its length (*out is
 * NUL-terminated too). Caller frees *out. */
xc_status xc_db_get_metadata_bytes(const xc_db *db, const char *key, char **out, size_t *len);
/* Best spelling correction for `word` within `max_edits`; *out is NULL if
 * none. Caller frees *out. */
xc_status xc_db_spelling(const xc_db *db, const char *word, unsigned max_edits, char **out);
/* Synonyms of `term` (a word, or words joined by single spaces). On success
 * *out is a NULL-terminated malloc()ed array the caller frees with
 * xc_strv_free; *n (if not NULL) is its length. */
xc_status xc_db_synonyms(const xc_db *db, const char *term, char ***out, size_t *n);
/* Metadata keys starting with `prefix`, sorted; as xc_db_synonyms. */
xc_status xc_db_metadata_keys(const xc_db *db, const char *prefix, char ***out, size_t *n);
/* Words of the spelling table that start with `prefix`, the most frequent
 * first (ties in byte order), at most `max`: completions of a word being
 * typed. *out is a NULL-terminated array for xc_strv_free; *n (if not
 * NULL) is its length. */
xc_status xc_db_spelling_words(const xc_db *db, const char *prefix, size_t max, char ***out,
                               size_t *n);
void xc_strv_free(char **v);
/* The documents indexed by `term`, in docid order: *out is a malloc()ed
 * array the caller frees (NULL when *n is 0). */
xc_status xc_db_postlist(const xc_db *db, const char *term, unsigned **out, size_t *n);

/* Writes (XC_ERR_READONLY on a read-only handle). */
xc_status xc_db_commit(xc_db *db);
xc_status xc_db_begin_transaction(xc_db *db, int flushed);
xc_status xc_db_commit_transaction(xc_db *db);
xc_status xc_db_cancel_transaction(xc_db *db);
xc_status xc_db_set_metadata(xc_db *db, const char *key, const char *value);
/* The same for a value of any bytes (len 0 removes the key). */
xc_status xc_db_set_metadata_bytes(xc_db *db, const char *key, const char *value, size_t len);
xc_status xc_db_add_spelling(xc_db *db, const char *word, unsigned freqinc);
/* Lower a word's count; at 0 or below the word leaves the table. */
xc_status xc_db_remove_spelling(xc_db *db, const char *word, unsigned freqdec);
xc_status xc_db_add_synonym(xc_db *db, const char *term, const char *synonym);
xc_status xc_db_clear_synonyms(xc_db *db, const char *term);
/* Delete every document indexed by `term` (e.g. a unique id term). */
xc_status xc_db_delete_by_term(xc_db *db, const char *term);
/* Compact the (possibly multi-shard) database into `dest`. */
xc_status xc_db_compact(const xc_db *db, const char *dest);
/* Called when several shards hold metadata `key`: tags[0..n) are their
 * values. Return the merged value (malloc()ed; the caller frees it), or
 * NULL to keep the first shard's. */
typedef char *(*xc_merge_fn)(void *ctx, const char *key, const char *const *tags, size_t n);
/* As xc_db_compact, merging duplicate metadata with `merge`. */
xc_status xc_db_compact_merge(const xc_db *db, const char *dest, xc_merge_fn merge, void *ctx);

/* ---- Documents ------------------------------------------------------- */

typedef struct xc_doc xc_doc;

xc_status xc_doc_new(xc_doc **out);
void xc_doc_free(xc_doc *doc);
xc_status xc_doc_set_data(xc_doc *doc, const char *data, size_t len);
/* *data points into the handle's NUL-terminated copy; valid until the next
 * call or free. `len` may be NULL. */
xc_status xc_doc_get_data(xc_doc *doc, const char **data, size_t *len);
/* A term with a within-document frequency increment. */
xc_status xc_doc_add_term(xc_doc *doc, const char *term, unsigned wdfinc);
/* A term at position `pos` (1-based), adding `wdfinc` to its wdf. */
xc_status xc_doc_add_posting(xc_doc *doc, const char *term, unsigned pos, unsigned wdfinc);
/* A term that does not count towards document length (ids, filters). */
xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term);
xc_status xc_doc_set_value(xc_doc *doc, unsigned slot, const char *v, size_t len);
/* *v points into the handle; valid until the next call or free. */
xc_status xc_doc_get_value(xc_doc *doc, unsigned slot, const char **v, size_t *len);
/* Add `doc`; *docid (if not NULL) receives its id. */
xc_status xc_db_add_document(xc_db *db, const xc_doc *doc, unsigned *docid);
/* Replace the documents indexed by `term` with `doc` (add if none). */
xc_status xc_db_replace_document(xc_db *db, const char *term, const xc_doc *doc);
/* Fetch a document; XC_ERR_NOT_FOUND if there is no such id. */
xc_status xc_db_get_document(const xc_db *db, unsigned docid, xc_doc **out);

/* ---- Stemmer --------------------------------------------------------- */

typedef struct xc_stem xc_stem;

/* `lang` as Xapian names it ("english", "none", ...). XC_ERR_INVALID for
 * an unknown language. */
xc_status xc_stem_new(const char *lang, xc_stem **out);
void xc_stem_free(xc_stem *stem);
/* Stem a lower-case word. Caller frees *out. */
xc_status xc_stem_word(xc_stem *stem, const char *word, size_t len, char **out);

/* ---- Queries --------------------------------------------------------- */

typedef struct xc_query xc_query;

typedef enum {
	XC_OP_AND,
	XC_OP_OR,
	XC_OP_AND_NOT,
	XC_OP_XOR,
	XC_OP_AND_MAYBE,
	XC_OP_FILTER,
	XC_OP_NEAR,
	XC_OP_PHRASE,
	XC_OP_ELITE_SET,
	XC_OP_SYNONYM,
	XC_OP_MAX
} xc_op;

/* A term query. `wqf` weights repeated terms; `pos` is the term's position
 * in the query (0 if none). */
xc_status xc_query_term(const char *term, unsigned wqf, unsigned pos, xc_query **out);
/* The query that matches every document. */
xc_status xc_query_match_all(xc_query **out);
/* Combine `n` subqueries (which stay the caller's). `window` is for NEAR and
 * PHRASE (0 = the number of subqueries) and the set size for ELITE_SET. */
xc_status xc_query_combine(xc_op op, xc_query *const *subs, size_t n, unsigned window,
                           xc_query **out);
/* A copy of `q` whose weights are multiplied by `factor` (>= 0). */
xc_status xc_query_scale(const xc_query *q, double factor, xc_query **out);
/* Xapian's description, for debugging. Caller frees *out. */
xc_status xc_query_describe(const xc_query *q, char **out);
int xc_query_empty(const xc_query *q);
void xc_query_free(xc_query *q);

/* ---- Query parser (Xapian's own syntax) ------------------------------ */

typedef struct xc_qp xc_qp;

enum {
	XC_QP_BOOLEAN = 1,   /* AND OR NOT */
	XC_QP_PHRASE = 2,    /* "quoted phrases" */
	XC_QP_LOVEHATE = 4,  /* +must -mustnot */
	XC_QP_WILDCARD = 8,  /* trailing * */
	XC_QP_SPELLING = 16, /* fill the corrected query string */
	XC_QP_PARTIAL = 32,  /* the last word as a prefix */
	XC_QP_DEFAULT = 1 | 2 | 4
};

xc_status xc_qp_new(xc_qp **out);
void xc_qp_free(xc_qp *qp);
/* The stemmer is copied; `stem` may be freed after. Stems all terms. */
xc_status xc_qp_set_stemmer(xc_qp *qp, const xc_stem *stem);
/* The database (kept by reference: it must outlive qp's use). */
xc_status xc_qp_set_database(xc_qp *qp, const xc_db *db);
xc_status xc_qp_add_prefix(xc_qp *qp, const char *field, const char *prefix);
/* XC_OP_OR (default) or XC_OP_AND. */
xc_status xc_qp_set_default_op(xc_qp *qp, xc_op op);
/* Parse; XC_ERR_QUERY on a syntax error. Caller frees *out. */
xc_status xc_qp_parse(xc_qp *qp, const char *text, unsigned flags, xc_query **out);
/* The corrected query string after a parse with XC_QP_SPELLING ("" when
 * no correction). Owned by qp. */
const char *xc_qp_corrected(const xc_qp *qp);

/* ---- Searching ------------------------------------------------------- */

typedef struct xc_enquire xc_enquire;
typedef struct xc_mset xc_mset;

/* `db` must outlive the enquire. */
xc_status xc_enquire_new(const xc_db *db, xc_enquire **out);
void xc_enquire_free(xc_enquire *enq);
/* The query is copied. */
xc_status xc_enquire_set_query(xc_enquire *enq, const xc_query *q);
xc_status xc_enquire_set_bm25(xc_enquire *enq, double k1, double k2, double k3, double b,
                              double min_normlen);
/* Keep at most `max` documents per distinct value in `slot`. */
xc_status xc_enquire_set_collapse(xc_enquire *enq, unsigned slot, unsigned max);
/* Rank by relevance, and equal weights by the value in `slot` (ascending,
 * or descending when `reverse`): an order that does not depend on
 * document ids, which differ between one database and its shards. */
xc_status xc_enquire_set_sort_relevance_then_value(xc_enquire *enq, unsigned slot, int reverse);
/* Run the search: `first` (0-based), at most `max` hits; check at least
 * `check_at_least` documents for an exact count. Caller frees *out. */
xc_status xc_enquire_mset(xc_enquire *enq, unsigned first, unsigned max, unsigned check_at_least,
                          xc_mset **out);
/* Terms that best expand the query from the relevant documents `rel`
 * (Xapian's ESet). Returns a NULL-terminated array of at most `max` terms
 * (free with xc_strv_free) and, if `weights` is not NULL, a malloc()ed
 * array of their weights. */
xc_status xc_enquire_expand(xc_enquire *enq, const unsigned *rel, size_t nrel, unsigned max,
                            char ***terms, double **weights, size_t *n);

void xc_mset_free(xc_mset *ms);
size_t xc_mset_size(const xc_mset *ms);
unsigned xc_mset_estimated(const xc_mset *ms);
/* The estimate before collapsing (as xc_mset_estimated without collapse). */
unsigned xc_mset_estimated_uncollapsed(const xc_mset *ms);
unsigned xc_mset_docid(const xc_mset *ms, size_t i);
double xc_mset_weight(const xc_mset *ms, size_t i);
int xc_mset_percent(const xc_mset *ms, size_t i);
/* The i-th hit's document; caller frees *out. */
xc_status xc_mset_document(const xc_mset *ms, size_t i, xc_doc **out);

#ifdef __cplusplus
}
#endif
#endif
