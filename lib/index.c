/* index.c - write passages into the index. */
#include "index.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "acronym.h"
#include "article.h"
#include "err.h"
#include "furniture.h"
#include "hash.h"
#include "le.h"
#include "lexicon.h"
#include "norm.h"
#include "record.h"
#include "shards.h"
#include "stem.h"
#include "strmap.h"
#include "tok.h"
#include "xapian-c.h"

/* Field weights, as within-document frequency per occurrence. */
#define BODY_WDF    1
#define HEAD_WDF    2
#define TITLE_WDF   1
#define KEYWORD_WDF 1
/* Positions between fields, so no phrase spans two of them. */
#define FIELD_GAP 100
/* Longer "words" are noise (base64, URLs) and would exceed Xapian's limit. */
#define MAX_WORD 64
/* Passages per commit by default: bounds the memory a large run holds. */
#define BATCH 20000
/* Metadata keys of the file registry: this prefix and the absolute path. */
#define FILE_KEY     "smsearch:file:"
#define MAX_KEY_PATH 200
/* ... of each file's furniture record (furniture.h): this prefix and the
 * path; the value is FURNITURE_MAGIC, the file's size and modification
 * time (8 bytes each, low first), then the record. */
#define FURNITURE_KEY   "smsearch:furniture:"
#define FURNITURE_MAGIC "SMF1"

struct sm_index {
	xc_db *db;
	sm_stemmer *stem;
	sm_buf term, data;
	sm_index_stats stats;
	unsigned pending;
	int in_txn;
	char err[512]; /* an index error met inside a source's callback */
	int force;
	unsigned batch;
	unsigned shard, shards;  /* this index takes the articles of its shard */
	sm_furniture *furniture; /* the caller's; NULL: none */
	sm_strmap seen;          /* absolute paths this run added or found unchanged */
	sm_strmap spelling;      /* words and counts for the spelling table, per batch */
	sm_strmap unspelling;    /* ... to take out of it: removed passages' words */
	sm_strmap synonyms;      /* stems -> tab-separated synonyms added, per batch */
	sm_strmap acronyms;      /* abbreviation's word -> long forms' stems, per batch */
	sm_strmap answers;       /* intent answer stems ("a" or "a b") -> intents */
	unsigned intent_wdf[SM_MAX_INTENTS]; /* the passage's answer words */
	sm_buf stems;                        /* scratch: stems joined by spaces */
};

/* mkdir -p for the index's parent directories. */
static int make_dirs(const char *dir)
{
	char *p = strdup(dir);
	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

/* Stems of `text` joined by single spaces, as synonym keys are written. */
/* out = the stems of text's words joined by single spaces; with
 * `indexed`, only the words add_text indexes (MAX_WORD bytes at most). */
static int stems_of(sm_index *ix, const char *text, int indexed, sm_buf *out)
{
	sm_tok t;
	sm_token tok;
	int r;
	sm_buf_reset(out);
	sm_tok_init(&t, text, strlen(text));
	while ((r = sm_tok_next(&t, &tok)) == 1) {
		if (indexed && tok.normlen > MAX_WORD)
			continue;
		const char *s = sm_stem(ix->stem, tok.norm, tok.normlen);
		if (!s)
			r = -1;
		if (r < 0)
			break;
		if (out->len)
			sm_buf_addc(out, ' ');
		sm_buf_adds(out, s);
	}
	sm_tok_free(&t);
	return r < 0 || sm_buf_failed(out) ? -1 : 0;
}

/* Add `word` to the tab-separated list `list` (a malloc()ed string or
 * NULL) unless it is there; the new list, or NULL on no memory. */
static char *list_add(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, '\t');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && memcmp(p, word, n) == 0)
			return strdup(list);
		p = e ? e + 1 : p + len;
	}
	sm_buf b = SM_BUF_INIT;
	if (list && *list) {
		sm_buf_adds(&b, list);
		sm_buf_addc(&b, '\t');
	}
	sm_buf_adds(&b, word);
	return sm_buf_steal(&b);
}

/* `list` (malloc()ed, freed here) with the words of tab-separated `more`
 * it lacks; NULL on no memory. */
static char *list_union(char *list, const char *more)
{
	char *copy = list ? strdup(more) : NULL, *save = NULL;
	for (char *w = copy ? strtok_r(copy, "\t", &save) : NULL; w && list;
	     w = strtok_r(NULL, "\t", &save)) {
		char *next = list_add(list, w);
		free(list);
		list = next;
	}
	if (!copy) {
		free(list);
		list = NULL;
	}
	free(copy);
	return list;
}

static int remember_synonym(sm_strmap *m, const char *key, const char *syn)
{
	const char *old = sm_strmap_get(m, key, strlen(key));
	return sm_strmap_put_owned(m, key, strlen(key), list_add(old, syn)) ? 0 : -1;
}

/* The lists of map (added this batch), merged into their metadata entries
 * under prefix. */
static int flush_lists(sm_index *ix, sm_strmap *map, const char *prefix)
{
	sm_buf key = SM_BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < map->cap && rc == 0; i++) {
		const sm_strmap_slot *s = &map->slots[i];
		if (!s->key)
			continue;
		char *have = NULL, *merged = NULL;
		sm_buf_reset(&key);
		sm_buf_printf(&key, "%s%s", prefix, s->key);
		rc = sm_buf_failed(&key) || xc_db_get_metadata(ix->db, key.data, &have) != XC_OK
		         ? -1
		         : 0;
		merged = rc == 0 ? list_union(strdup(have), s->value) : NULL;
		if (rc == 0 && (!merged || xc_db_set_metadata(ix->db, key.data, merged) != XC_OK))
			rc = -1;
		free(merged);
		free(have);
	}
	sm_buf_free(&key);
	sm_strmap_clear(map);
	return rc;
}

/* Longer entries are descriptions, not words a person types. */
#define MAX_SYNONYM_BYTES 120

/* Each term of a group[0..n) as a synonym of each other one. Terms are
 * stemmed word by word; empty or over-long ones are left out. */
static int add_group(sm_index *ix, const char *const *grp, size_t n)
{
	sm_buf key = SM_BUF_INIT, syn = SM_BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (strlen(grp[i]) > MAX_SYNONYM_BYTES)
			continue;
		if (stems_of(ix, grp[i], 0, &key) < 0)
			rc = -1;
		for (size_t j = 0; j < n && rc == 0 && key.len; j++) {
			if (i == j || strlen(grp[j]) > MAX_SYNONYM_BYTES)
				continue;
			if (stems_of(ix, grp[j], 0, &syn) < 0 ||
			    (syn.len && strcmp(key.data, syn.data) != 0 &&
			     (xc_db_add_synonym(ix->db, key.data, syn.data) != XC_OK ||
			      remember_synonym(&ix->synonyms, key.data, syn.data) < 0)))
				rc = -1;
		}
	}
	sm_buf_free(&key);
	sm_buf_free(&syn);
	return rc;
}

static int begin(sm_index *ix, char *err, size_t errlen);

/* The built-in thesaurus, keyed by stems so any inflection finds it. */
static int install_thesaurus(sm_index *ix)
{
	int rc = 0;
	for (size_t g = 0; sm_thesaurus[g] && rc == 0; g++) {
		size_t n = 0;
		while (sm_thesaurus[g][n])
			n++;
		rc = add_group(ix, sm_thesaurus[g], n);
	}
	return rc;
}

/* Terms a group in a thesaurus file may have: more is a category list. */
#define MAX_GROUP 32

int sm_index_add_thesaurus(sm_index *ix, const char *path, unsigned *groups, char *err,
                           size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return sm_fail(err, errlen, "%s: %s", path, strerror(errno));
	char *line = NULL, *clean = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = begin(ix, err, errlen);
	*groups = 0;
	while (rc == 0 && (len = getline(&line, &cap, f)) > 0) {
		const char *grp[MAX_GROUP];
		size_t n = 0;
		free(clean);
		clean = NULL;
		if (sm_utf8_sanitize(line, (size_t)len, &clean, NULL, NULL) < 0) {
			rc = sm_fail(err, errlen, "out of memory");
			break;
		}
		char *save = NULL;
		for (char *t = strtok_r(clean, "\t\r\n", &save); t && n < MAX_GROUP;
		     t = strtok_r(NULL, "\t\r\n", &save))
			grp[n++] = t;
		if (n < 2 || line[0] == '#')
			continue;
		if (add_group(ix, grp, n) < 0)
			rc = sm_fail(err, errlen, "%s: cannot write the index: %s", path,
			             *xc_last_error() ? xc_last_error() : "out of memory");
		++*groups;
		ix->pending++;
	}
	if (rc == 0 && ferror(f))
		rc = sm_fail(err, errlen, "%s: %s", path, strerror(errno));
	free(line);
	free(clean);
	fclose(f);
	return rc;
}

/* An index this program could rebuild: one whose profile is smsearch's. */
static int is_other_profile(xc_db *db)
{
	char *have = NULL;
	int other = xc_db_get_metadata(db, SM_META_PROFILE, &have) == XC_OK &&
	            strncmp(have, "smsearch-index-", 15) == 0;
	free(have);
	return other;
}

static int load_answers(sm_index *ix); /* below, with the passages */

int sm_index_make_parents(const char *dir, char *err, size_t errlen)
{
	if (make_dirs(dir) < 0)
		return sm_fail(err, errlen, "%s: cannot create its parent directory: %s", dir,
		               strerror(errno));
	return 0;
}

int sm_index_open(const char *dir, int flags, sm_index **out, char *err, size_t errlen)
{
	sm_index *ix = calloc(1, sizeof *ix);
	if (!ix)
		return sm_fail(err, errlen, "out of memory");
	ix->batch = BATCH;
	if (sm_index_make_parents(dir, err, errlen) < 0)
		goto bad;
	xc_status st = xc_db_open(dir, XC_DB_CREATE_OR_OPEN, &ix->db);
	if (st == XC_ERR_LOCKED) {
		sm_fail(err, errlen, "%s: index is locked: another smindex is writing it", dir);
		goto bad;
	}
	if (st != XC_OK) {
		sm_fail(err, errlen, "%s: cannot open index: %s", dir, xc_last_error());
		goto bad;
	}
	if (sm_index_check_profile(ix->db, dir, err, errlen) < 0) {
		if (!(flags & SM_INDEX_REBUILD) || !is_other_profile(ix->db))
			goto bad;
		xc_db_free(ix->db);
		ix->db = NULL;
		if (xc_db_open(dir, XC_DB_CREATE_OR_OVERWRITE, &ix->db) != XC_OK) {
			sm_fail(err, errlen, "%s: cannot rebuild index: %s", dir, xc_last_error());
			goto bad;
		}
	}
	if (sm_stemmer_new(&ix->stem) < 0) {
		sm_fail(err, errlen, "cannot create the English stemmer");
		goto bad;
	}
	if (load_answers(ix) < 0) {
		sm_fail(err, errlen, "out of memory");
		goto bad;
	}
	char *have = NULL;
	if (xc_db_get_metadata(ix->db, SM_META_PROFILE, &have) == XC_OK && *have == '\0') {
		sm_buf want = SM_BUF_INIT;
		sm_index_profile(&want);
		if (xc_db_set_metadata(ix->db, SM_META_PROFILE, sm_buf_str(&want)) != XC_OK ||
		    install_thesaurus(ix) < 0)
			sm_fail(err, errlen, "%s: cannot write index: %s", dir, xc_last_error());
		else
			ix->pending = 1; /* commit these even if no file is added */
		sm_buf_free(&want);
		if (!ix->pending) {
			free(have);
			goto bad;
		}
	}
	free(have);
	*out = ix;
	return 0;
bad:
	sm_index_close(ix);
	return -1;
}

const sm_index_stats *sm_index_get_stats(const sm_index *ix)
{
	return &ix->stats;
}

void sm_index_close(sm_index *ix)
{
	if (!ix)
		return;
	xc_db_free(ix->db);
	sm_stemmer_free(ix->stem);
	sm_buf_free(&ix->term);
	sm_buf_free(&ix->data);
	sm_strmap_free(&ix->seen);
	sm_strmap_free(&ix->spelling);
	sm_strmap_free(&ix->unspelling);
	sm_strmap_free(&ix->synonyms);
	sm_strmap_free(&ix->acronyms);
	sm_strmap_free(&ix->answers);
	sm_buf_free(&ix->stems);
	free(ix);
}

void sm_index_set_force(sm_index *ix, int force)
{
	ix->force = force;
}

void sm_index_set_furniture(sm_index *ix, sm_furniture *f)
{
	ix->furniture = f;
}

void sm_index_set_shard(sm_index *ix, unsigned shard, unsigned shards)
{
	ix->shard = shard;
	ix->shards = shards;
}

unsigned sm_shard_of(const char *article_id, unsigned shards)
{
	return shards > 1
	           ? (unsigned)(sm_hash(SM_HASH_INIT, article_id, strlen(article_id)) % shards)
	           : 0;
}

void sm_index_set_batch(sm_index *ix, unsigned passages)
{
	ix->batch = passages ? passages : BATCH;
}

/* Words go to Xapian's spelling table once per batch with their counts:
 * a call per occurrence cost a tenth of the indexing time. Those of
 * removed passages come out after, so a word both added and removed in
 * one batch keeps the right count. */
static int flush_spelling(sm_index *ix)
{
	int rc = 0;
	for (size_t i = 0; i < ix->spelling.cap && rc == 0; i++) {
		const sm_strmap_slot *s = &ix->spelling.slots[i];
		if (s->key && xc_db_add_spelling(ix->db, s->key, s->count) != XC_OK)
			rc = -1;
	}
	for (size_t i = 0; i < ix->unspelling.cap && rc == 0; i++) {
		const sm_strmap_slot *s = &ix->unspelling.slots[i];
		if (s->key && xc_db_remove_spelling(ix->db, s->key, s->count) != XC_OK)
			rc = -1;
	}
	sm_strmap_clear(&ix->spelling);
	sm_strmap_clear(&ix->unspelling);
	return rc;
}

int sm_index_commit(sm_index *ix, char *err, size_t errlen)
{
	const char *what = flush_spelling(ix) < 0                                 ? "spelling table"
	                   : flush_lists(ix, &ix->synonyms, SM_META_SYNONYMS) < 0 ? "thesaurus"
	                   : flush_lists(ix, &ix->acronyms, SM_META_ACRONYMS) < 0 ? "abbreviations"
	                                                                          : NULL;
	if (what) {
		if (ix->in_txn)
			xc_db_cancel_transaction(ix->db);
		ix->in_txn = 0;
		return sm_fail(err, errlen, "cannot update the %s: %s", what, xc_last_error());
	}
	xc_status st = ix->in_txn ? xc_db_commit_transaction(ix->db) : xc_db_commit(ix->db);
	ix->in_txn = 0;
	ix->pending = 0;
	if (st != XC_OK)
		return sm_fail(err, errlen, "cannot commit the index: %s", xc_last_error());
	return 0;
}

/* ---- one passage ----------------------------------------------------- */

static int is_spelling_word(const char *w, size_t n)
{
	if (n < 3 || n > 30)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((w[i] >= '0' && w[i] <= '9') || w[i] == '\'')
			return 0;
	return 1;
}

/* Intent answers (lexicon.h) among a passage's words: each of its stems,
 * and each pair of adjacent stems, looked up in ix->answers; each intent
 * found counts `wdf` (the field's weight) in ix->intent_wdf. */
static void count_answer(sm_index *ix, const char *key, size_t len, unsigned wdf)
{
	const char *in = sm_strmap_get(&ix->answers, key, len);
	for (; in && *in; in++)
		ix->intent_wdf[(unsigned char)*in - 1] += wdf;
}

static int count_answers(sm_index *ix, const char *prev, const char *s, unsigned wdf)
{
	count_answer(ix, s, strlen(s), wdf);
	if (*prev) {
		sm_buf_reset(&ix->stems);
		sm_buf_printf(&ix->stems, "%s %s", prev, s);
		if (sm_buf_failed(&ix->stems))
			return -1;
		count_answer(ix, ix->stems.data, ix->stems.len, wdf);
	}
	return 0;
}

/* ix->answers from the intents' answer words and two-word phrases: the
 * search reads a passage's answers for an intent as one term, "XI" + the
 * intent's name, with their count as its wdf (a synonym group of phrases
 * over the postings of "is" and "a" cost ten times the rest of a query). */
static int load_answers(sm_index *ix)
{
	sm_buf key = SM_BUF_INIT;
	int rc = 0;
	for (unsigned k = 0; rc == 0 && k < SM_MAX_INTENTS && sm_intents[k].name; k++)
		for (size_t i = 0; rc == 0 && sm_intents[k].answers[i]; i++) {
			if (stems_of(ix, sm_intents[k].answers[i], 0, &key) < 0) {
				rc = -1;
				break;
			}
			/* Answers of more than two words would not be counted. */
			const char *space = strchr(key.data ? key.data : "", ' ');
			if (key.len == 0 || (space && strchr(space + 1, ' '))) {
				rc = key.len ? -1 : 0;
				continue;
			}
			if (sm_strmap_add_byte(&ix->answers, key.data, key.len, (char)(k + 1)) < 0)
				rc = -1;
		}
	sm_buf_free(&key);
	return rc;
}

/* The "XI" + intent terms of the answers counted for this passage. */
static int add_intent_terms(sm_index *ix, xc_doc *doc)
{
	for (unsigned k = 0; k < SM_MAX_INTENTS && sm_intents[k].name; k++) {
		if (!ix->intent_wdf[k])
			continue;
		sm_buf_reset(&ix->term);
		sm_buf_printf(&ix->term, "XI%s", sm_intents[k].name);
		if (sm_buf_failed(&ix->term) ||
		    xc_doc_add_term(doc, ix->term.data, ix->intent_wdf[k]) != XC_OK)
			return -1;
	}
	return 0;
}

/* Postings for the words of text[0..len): unprefixed with `wdf` at
 * positions, and under `prefix` (if any) without: phrases are matched in
 * the body, where titles and headings are copied, and field positions were
 * a sixth of the index. *pos advances. */
static int add_text(sm_index *ix, xc_doc *doc, const char *text, size_t len, unsigned *pos,
                    unsigned wdf, const char *prefix, int spelling)
{
	sm_tok t;
	sm_token tok;
	int r;
	char prev[MAX_WORD + 1] = ""; /* the stem before, for two-word answers */
	sm_tok_init(&t, text, len);
	while ((r = sm_tok_next(&t, &tok)) == 1) {
		if (tok.normlen > MAX_WORD)
			continue;
		const char *s = sm_stem(ix->stem, tok.norm, tok.normlen);
		if (!s || count_answers(ix, prev, s, wdf) < 0) {
			r = -1;
			break;
		}
		snprintf(prev, sizeof prev, "%s", s);
		++*pos;
		if (wdf && xc_doc_add_posting(doc, s, *pos, wdf) != XC_OK)
			r = -1;
		if (prefix) {
			sm_buf_reset(&ix->term);
			sm_buf_adds(&ix->term, prefix);
			sm_buf_adds(&ix->term, s);
			if (xc_doc_add_term(doc, sm_buf_str(&ix->term), 1) != XC_OK)
				r = -1;
		}
		if (spelling && is_spelling_word(tok.norm, tok.normlen) &&
		    sm_strmap_inc(&ix->spelling, tok.norm, tok.normlen) < 0)
			r = -1;
		if (r < 0)
			break;
	}
	sm_tok_free(&t);
	return r;
}

static int add_strterm(sm_index *ix, xc_doc *doc, const char *prefix, const char *v)
{
	sm_buf_reset(&ix->term);
	sm_buf_adds(&ix->term, prefix);
	sm_buf_adds(&ix->term, v);
	/* Xapian terms are at most 245 bytes: long ids are cut, not fatal. */
	size_t n = ix->term.len < 240 ? ix->term.len : 240;
	ix->term.data[n] = '\0';
	return xc_doc_add_boolean_term(doc, ix->term.data) == XC_OK ? 0 : -1;
}

/* The boolean term of a file's passages: a hash of its absolute path, so
 * that long paths stay whole and each passage carries 18 bytes, not the
 * path. */
static void file_term(sm_buf *b, const char *path)
{
	sm_buf_reset(b);
	sm_buf_printf(b, "XF%016llx",
	              (unsigned long long)sm_hash(SM_HASH_INIT, path, strlen(path)));
}

/* An 8-byte key for a value slot (collapsing by article or section):
 * short values keep the value streams small. */
static int set_key_value(xc_doc *doc, unsigned slot, const char *a, const char *b)
{
	uint64_t h = sm_hash(SM_HASH_INIT, a, strlen(a));
	if (b) {
		h = sm_hash(h, "\x1f", 1);
		h = sm_hash(h, b, strlen(b));
	}
	unsigned char v[8];
	for (int i = 0; i < 8; i++)
		v[i] = (unsigned char)(h >> (56 - 8 * i));
	return xc_doc_set_value(doc, slot, (const char *)v, sizeof v) == XC_OK ? 0 : -1;
}

/* "XT" + the title's stems joined by spaces, with wdf 1 so it ranks: a
 * question naming the whole title ("symptoms of adult acute myeloid
 * leukemia") can then favour that article over ones whose title holds only
 * some of its words ("acute myeloid leukemia"). Cut at Xapian's term size. */
static int add_title_term(sm_index *ix, xc_doc *doc, const char *title)
{
	if (stems_of(ix, title, 1, &ix->stems) < 0)
		return -1;
	if (ix->stems.len == 0 || ix->stems.len > 238)
		return 0;
	sm_buf_reset(&ix->term);
	sm_buf_printf(&ix->term, "XT%s", ix->stems.data);
	return sm_buf_failed(&ix->term) || xc_doc_add_term(doc, ix->term.data, 1) != XC_OK ? -1 : 0;
}

static int build_doc(sm_index *ix, const sm_article *a, const sm_passage *p, const char *section,
                     xc_doc *doc)
{
	char pid[256];
	snprintf(pid, sizeof pid, "%.200s#%u", a->id, p->number);
	unsigned pos = 0;
	memset(ix->intent_wdf, 0, sizeof ix->intent_wdf);
	int rc = add_text(ix, doc, a->text + p->off, p->len, &pos, BODY_WDF, NULL, 1);
	pos += FIELD_GAP;
	for (int l = 0; l < SM_MAX_LEVELS && rc == 0; l++)
		if (p->heads[l])
			rc = add_text(ix, doc, p->heads[l], strlen(p->heads[l]), &pos, HEAD_WDF,
			              "XS", 0);
	if (p->label && rc == 0)
		rc = add_text(ix, doc, p->label, strlen(p->label), &pos, HEAD_WDF, "XS", 0);
	pos += FIELD_GAP;
	if (rc == 0)
		rc = add_text(ix, doc, a->title, strlen(a->title), &pos, TITLE_WDF, "S",
		              p->number == 0);
	if (rc == 0)
		rc = add_title_term(ix, doc, a->title);
	pos += FIELD_GAP;
	if (a->keywords && rc == 0)
		rc = add_text(ix, doc, a->keywords, strlen(a->keywords), &pos, KEYWORD_WDF, "K", 0);
	if (rc == 0)
		rc = add_intent_terms(ix, doc);
	if (rc == 0)
		rc = add_strterm(ix, doc, "Q", pid) | add_strterm(ix, doc, "XA", a->id);
	if (rc == 0) {
		file_term(&ix->term, a->path);
		rc =
		    sm_buf_failed(&ix->term) || xc_doc_add_boolean_term(doc, ix->term.data) != XC_OK
		        ? -1
		        : 0;
	}
	if (rc < 0)
		return -1;

	sm_buf_reset(&ix->data);
	sm_buf_reset(&ix->term);
	sm_buf_add(&ix->term, a->text + p->off, p->len);
	sm_record r = {.id = pid,
	               .article = a->id,
	               .title = a->title,
	               .path = a->path,
	               .url = a->url,
	               .section = section,
	               .ref = p->ref,
	               .anchor = p->anchor,
	               .text = sm_buf_str(&ix->term),
	               .line = p->line,
	               .number = p->number,
	               .kind = p->kind};
	sm_record_encode(&ix->data, &r);
	if (sm_buf_failed(&ix->data) ||
	    xc_doc_set_data(doc, ix->data.data, ix->data.len) != XC_OK ||
	    set_key_value(doc, 0, a->id, NULL) < 0)
		return -1;
	/* Value 1: the passage's section within its article (its ref if it
	 * has one), so results can hold back a section's further passages. */
	return set_key_value(doc, 1, a->id, p->ref ? p->ref : section);
}

/* Two files may give the same article id (sleep.html and sleep.md): the
 * later one gets a suffix from its path, so passage ids stay unique. The
 * file's own old passages are already deleted when this runs. */
static int unique_id(sm_index *ix, sm_article *a)
{
	unsigned tf = 0;
	sm_buf_reset(&ix->term);
	sm_buf_printf(&ix->term, "XA%.200s", a->id);
	if (sm_buf_failed(&ix->term) || xc_db_termfreq(ix->db, ix->term.data, &tf) != XC_OK)
		return -1;
	if (tf == 0)
		return 0;
	uint64_t h = sm_hash(SM_HASH_INIT, a->path, strlen(a->path));
	sm_buf_reset(&ix->term);
	sm_buf_printf(&ix->term, "%s~%08llx", a->id, (unsigned long long)(h & 0xffffffffu));
	char *id = sm_buf_failed(&ix->term) ? NULL : strdup(ix->term.data);
	if (!id)
		return -1;
	free(a->id);
	a->id = id;
	return 0;
}

/* Long forms an abbreviation may have; more would be unrelated names. */
#define MAX_LONG_FORMS 4

/* out = the one word text[0..len) normalises to, as a question's words are
 * (not stemmed); -1 when it is not one word. */
static int one_word(const char *text, size_t len, sm_buf *out)
{
	sm_tok t;
	sm_token tok;
	int r, n = 0;
	sm_buf_reset(out);
	sm_tok_init(&t, text, len);
	while ((r = sm_tok_next(&t, &tok)) == 1)
		if (n++ == 0)
			sm_buf_add(out, tok.norm, tok.normlen);
	sm_tok_free(&t);
	return r < 0 || n != 1 || sm_buf_failed(out) ? -1 : 0;
}

static int remember_long_form(sm_index *ix, const char *key, const char *syn)
{
	const char *old = sm_strmap_get(&ix->acronyms, key, strlen(key));
	size_t forms = old ? 1 : 0;
	for (const char *t = old; t && *t; t++)
		forms += *t == '\t';
	return forms < MAX_LONG_FORMS ? remember_synonym(&ix->acronyms, key, syn) : 0;
}

/* sm_acronym_fn: "long form (ABBR)" makes the long form a synonym of the
 * abbreviation, one way only: a question that spells the name out is not
 * widened to initials, which often stand for other names too. The key is
 * the abbreviation's word, not its stem: "AIDS" would stem to "aid". */
static int on_acronym(void *ctx, const char *abbr, size_t n, const char *def, size_t len)
{
	sm_index *ix = ctx;
	sm_buf key = SM_BUF_INIT, syn = SM_BUF_INIT, text = SM_BUF_INIT;
	sm_buf_add(&text, def, len);
	int rc = 0;
	if (one_word(abbr, n, &key) == 0 && !sm_is_stopword(key.data, key.len)) {
		rc = sm_buf_failed(&text) || stems_of(ix, sm_buf_str(&text), 0, &syn) < 0 ? -1 : 0;
		if (rc == 0 && syn.len)
			rc = remember_long_form(ix, key.data, syn.data);
		if (rc == 0 && syn.len && abbr[n - 1] == 's') { /* "NSAIDs": "nsaid" too */
			key.data[--key.len] = '\0';
			rc = remember_long_form(ix, key.data, syn.data);
		}
	}
	sm_buf_free(&key);
	sm_buf_free(&syn);
	sm_buf_free(&text);
	return rc;
}

static int add_article(sm_index *ix, sm_article *a, char *err, size_t errlen)
{
	if (a->n_passages && unique_id(ix, a) < 0)
		return sm_fail(err, errlen, "%s: cannot index: %s", a->path,
		               *xc_last_error() ? xc_last_error() : "out of memory");
	for (size_t i = 0; i < a->n_passages; i++) {
		const sm_passage *p = &a->passages[i];
		char *section = sm_passage_section(p);
		xc_doc *doc = NULL;
		int rc =
		    section && xc_doc_new(&doc) == XC_OK ? build_doc(ix, a, p, section, doc) : -1;
		if (rc == 0 && xc_db_add_document(ix->db, doc, NULL) != XC_OK)
			rc = -1;
		xc_doc_free(doc);
		free(section);
		if (rc < 0)
			return sm_fail(err, errlen, "%s: cannot index: %s", a->path,
			               *xc_last_error() ? xc_last_error() : "out of memory");
	}
	ix->stats.articles++;
	ix->stats.passages += (unsigned)a->n_passages;
	ix->stats.invalid += a->n_invalid;
	ix->pending += (unsigned)a->n_passages;
	return 0;
}

/* ---- the file registry -------------------------------------------- */

typedef struct {
	long long size, mtime_ns;
	unsigned long long hash;
	unsigned passages;
} file_state;

/* The key of a path under `prefix`; a long path is cut and ends in its
 * hash so keys stay within Xapian's limit and still sort under their
 * directory. */
static void path_key(sm_buf *b, const char *prefix, const char *path)
{
	size_t n = strlen(path);
	sm_buf_reset(b);
	sm_buf_adds(b, prefix);
	if (n <= MAX_KEY_PATH) {
		sm_buf_add(b, path, n);
		return;
	}
	uint64_t h = sm_hash(SM_HASH_INIT, path, n);
	sm_buf_add(b, path, MAX_KEY_PATH - 17);
	sm_buf_printf(b, "#%016llx", (unsigned long long)h);
}

/* The registry key of a path. */
static void file_key(sm_buf *b, const char *path)
{
	path_key(b, FILE_KEY, path);
}

/* What the registry says of `path`; 0 if it has it. */
static int registry_get(sm_index *ix, const char *path, file_state *fs)
{
	char *v = NULL;
	sm_buf key = SM_BUF_INIT;
	file_key(&key, path);
	int rc = -1;
	if (!sm_buf_failed(&key) && xc_db_get_metadata(ix->db, key.data, &v) == XC_OK &&
	    sscanf(v, "%lld %lld %llx %u", &fs->size, &fs->mtime_ns, &fs->hash, &fs->passages) == 4)
		rc = 0;
	free(v);
	sm_buf_free(&key);
	return rc;
}

static int registry_set(sm_index *ix, const char *path, const file_state *fs)
{
	sm_buf key = SM_BUF_INIT, v = SM_BUF_INIT;
	file_key(&key, path);
	sm_buf_printf(&v, "%lld %lld %016llx %u\t%s", fs->size, fs->mtime_ns, fs->hash,
	              fs->passages, path);
	int rc = sm_buf_failed(&key) || sm_buf_failed(&v) ||
	                 xc_db_set_metadata(ix->db, key.data, v.data) != XC_OK
	             ? -1
	             : 0;
	sm_buf_free(&key);
	sm_buf_free(&v);
	return rc;
}

/* FNV-1a of the file's bytes; -1 if it cannot be read. */
static int hash_file(FILE *f, unsigned long long *out)
{
	uint64_t h = SM_HASH_INIT;
	unsigned char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		h = sm_hash(h, chunk, n);
	int bad = ferror(f);
	rewind(f);
	*out = h;
	return bad ? -1 : 0;
}

static int begin(sm_index *ix, char *err, size_t errlen)
{
	if (ix->in_txn)
		return 0;
	if (xc_db_begin_transaction(ix->db, 1) != XC_OK)
		return sm_fail(err, errlen, "cannot write the index: %s", xc_last_error());
	ix->in_txn = 1;
	return 0;
}

/* Count the spelling words of text[0..len) in m. */
static int count_spelling(sm_strmap *m, const char *text, size_t len)
{
	sm_tok t;
	sm_token tok;
	int r;
	sm_tok_init(&t, text, len);
	while ((r = sm_tok_next(&t, &tok)) == 1)
		if (is_spelling_word(tok.norm, tok.normlen) &&
		    sm_strmap_inc(m, tok.norm, tok.normlen) < 0) {
			r = -1;
			break;
		}
	sm_tok_free(&t);
	return r < 0 ? -1 : 0;
}

/* The words the passages of `path` (its file term in ix->term) gave the
 * spelling table, to take out with them: else a removed file's words are
 * still offered as corrections, and a file read again counts twice. */
static xc_status unspell(sm_index *ix)
{
	unsigned *ids = NULL;
	size_t n = 0;
	xc_status st = xc_db_postlist(ix->db, sm_buf_str(&ix->term), &ids, &n);
	for (size_t i = 0; i < n && st == XC_OK; i++) {
		xc_doc *doc = NULL;
		const char *data;
		size_t len;
		sm_record rec;
		char *storage = NULL;
		st = xc_db_get_document(ix->db, ids[i], &doc);
		if (st == XC_OK)
			st = xc_doc_get_data(doc, &data, &len);
		if (st == XC_OK && sm_record_decode(data, len, &rec, &storage) == 0 &&
		    (count_spelling(&ix->unspelling, rec.text, strlen(rec.text)) < 0 ||
		     (rec.number == 0 &&
		      count_spelling(&ix->unspelling, rec.title, strlen(rec.title)) < 0)))
			st = XC_ERR_NOMEM;
		free(storage);
		xc_doc_free(doc);
	}
	free(ids);
	return st;
}

/* Remove what `path` gave: its passages and its registry entry. */
static int forget(sm_index *ix, const char *path, char *err, size_t errlen)
{
	file_term(&ix->term, path);
	sm_buf key = SM_BUF_INIT;
	file_key(&key, path);
	int rc = 0;
	xc_status st = sm_buf_failed(&key) || sm_buf_failed(&ix->term) ? XC_ERR_NOMEM : unspell(ix);
	if (st == XC_OK && (xc_db_delete_by_term(ix->db, sm_buf_str(&ix->term)) != XC_OK ||
	                    xc_db_set_metadata(ix->db, key.data, "") != XC_OK))
		st = XC_ERR_OTHER;
	if (st != XC_OK) /* ours or the wrapper's: no memory has no message of ours */
		rc = sm_fail(err, errlen, "cannot update the index: %s",
		             st == XC_ERR_NOMEM ? "out of memory" : xc_last_error());
	path_key(&key, FURNITURE_KEY, path);
	if (rc == 0 && (sm_buf_failed(&key) || xc_db_set_metadata(ix->db, key.data, "") != XC_OK))
		rc = sm_fail(err, errlen, "cannot update the index: %s", xc_last_error());
	sm_buf_free(&key);
	return rc;
}

/* ---- furniture records ------------------------------------------------- */

#define FURNITURE_HEAD 20 /* magic, size, time */

int sm_index_furniture_get(sm_index *ix, const char *path, long long size, long long mtime_ns,
                           char **record, size_t *len)
{
	sm_buf key = SM_BUF_INIT;
	char *v = NULL;
	size_t n = 0;
	path_key(&key, FURNITURE_KEY, path);
	int rc = sm_buf_failed(&key) || xc_db_get_metadata_bytes(ix->db, key.data, &v, &n) != XC_OK
	             ? -1
	             : 1;
	const unsigned char *u = (const unsigned char *)v;
	if (rc == 1 && n >= FURNITURE_HEAD && memcmp(v, FURNITURE_MAGIC, 4) == 0 &&
	    (long long)sm_le_get(u + 4, 8) == size && (long long)sm_le_get(u + 12, 8) == mtime_ns) {
		memmove(v, v + FURNITURE_HEAD, n - FURNITURE_HEAD);
		*record = v;
		*len = n - FURNITURE_HEAD;
		v = NULL;
		rc = 0;
	}
	free(v);
	sm_buf_free(&key);
	return rc;
}

int sm_index_furniture_put(sm_index *ix, const char *path, long long size, long long mtime_ns,
                           const char *record, size_t len, char *err, size_t errlen)
{
	sm_buf key = SM_BUF_INIT, v = SM_BUF_INIT;
	unsigned char head[FURNITURE_HEAD];
	memcpy(head, FURNITURE_MAGIC, 4);
	sm_le_put(head + 4, (uint64_t)size, 8);
	sm_le_put(head + 12, (uint64_t)mtime_ns, 8);
	path_key(&key, FURNITURE_KEY, path);
	sm_buf_add(&v, (const char *)head, sizeof head);
	sm_buf_add(&v, record, len);
	int rc = begin(ix, err, errlen);
	if (rc == 0 && (sm_buf_failed(&key) || sm_buf_failed(&v) ||
	                xc_db_set_metadata_bytes(ix->db, key.data, v.data, v.len) != XC_OK))
		rc = sm_fail(err, errlen, "cannot update the index: %s",
		             sm_buf_failed(&v) ? "out of memory" : xc_last_error());
	sm_buf_free(&key);
	sm_buf_free(&v);
	return rc;
}

int sm_index_prune(sm_index *ix, const char *path, char *err, size_t errlen)
{
	sm_buf key = SM_BUF_INIT;
	char **keys = NULL;
	size_t n = 0;
	int rc = 0;
	file_key(&key, path);
	if (sm_buf_failed(&key) || xc_db_metadata_keys(ix->db, key.data, &keys, &n) != XC_OK)
		rc = sm_fail(err, errlen, "cannot read the index: %s", xc_last_error());
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *v = NULL;
		if (xc_db_get_metadata(ix->db, keys[i], &v) != XC_OK) {
			rc = sm_fail(err, errlen, "cannot read the index: %s", xc_last_error());
			break;
		}
		const char *p = strchr(v, '\t');
		size_t plen = p ? strlen(p + 1) : 0, rlen = strlen(path);
		/* Under `path`: the path itself or below it, not "/a/bc" for "/a/b". */
		int under = p && plen >= rlen && memcmp(p + 1, path, rlen) == 0 &&
		            (plen == rlen || p[1 + rlen] == '/' || path[rlen - 1] == '/');
		if (under && !sm_strmap_get(&ix->seen, p + 1, plen)) {
			rc = begin(ix, err, errlen);
			if (rc == 0)
				rc = forget(ix, p + 1, err, errlen);
			ix->stats.removed += rc == 0;
			ix->pending++;
		}
		free(v);
	}
	xc_strv_free(keys);
	sm_buf_free(&key);
	return rc;
}

/* ---- files ----------------------------------------------------------- */

/* The abbreviations the article's passages define. Every shard records
 * those of every article it reads, since a search over shards reads its
 * metadata from the first. */
static int find_acronyms(sm_index *ix, const sm_article *a)
{
	int rc = 0;
	for (size_t i = 0; i < a->n_passages && rc == 0; i++)
		rc = sm_acronyms_find(a->text + a->passages[i].off, a->passages[i].len, on_acronym,
		                      ix);
	if (rc < 0)
		snprintf(ix->err, sizeof ix->err, "%s: cannot index: out of memory", a->path);
	return rc;
}

static int sink_article(void *ctx, sm_article *a)
{
	sm_index *ix = ctx;
	if (find_acronyms(ix, a) < 0) {
		sm_article_free(a);
		return -1;
	}
	if (sm_shard_of(a->id, ix->shards) != ix->shard) {
		sm_article_free(a); /* another shard's */
		return 0;
	}
	if (ix->furniture)
		sm_furniture_strip(ix->furniture, a);
	ix->stats.repeats += (unsigned)sm_article_drop_repeats(a);
	int rc = add_article(ix, a, ix->err, sizeof ix->err);
	sm_article_free(a);
	return rc;
}

static void warn_errno(sm_warn_fn warn, void *ctx, const char *path)
{
	char msg[256];
	snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
	if (warn)
		warn(ctx, path, 0, msg);
}

/* 1 when the registry has the file as it is: same size and time, or the
 * same bytes (then only its time is recorded anew). */
static int unchanged(sm_index *ix, const char *abs, FILE *f, file_state *now)
{
	file_state was;
	if (ix->force || registry_get(ix, abs, &was) < 0 || was.size != now->size)
		return 0;
	now->passages = was.passages;
	if (was.mtime_ns == now->mtime_ns) {
		now->hash = was.hash;
		return 1;
	}
	if (hash_file(f, &now->hash) < 0 || now->hash != was.hash)
		return 0;
	return begin(ix, NULL, 0) == 0 && registry_set(ix, abs, now) == 0;
}

int sm_index_add_file(sm_index *ix, const char *path, sm_warn_fn warn, void *ctx, char *err,
                      size_t errlen)
{
	sm_format fmt = sm_source_format(path);
	char *abs = realpath(path, NULL);
	FILE *f = abs ? fopen(abs, "rb") : NULL;
	struct stat st;
	if (!f || fstat(fileno(f), &st) < 0) {
		warn_errno(warn, ctx, path);
		ix->stats.skipped++;
		if (f)
			fclose(f);
		free(abs);
		return 0;
	}
	file_state now = {(long long)st.st_size,
	                  (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec, 0, 0};
	int rc = sm_strmap_put(&ix->seen, abs, strlen(abs), "")
	             ? 0
	             : sm_fail(err, errlen, "out of memory");
	if (rc == 0 && unchanged(ix, abs, f, &now)) {
		ix->stats.unchanged++;
		fclose(f);
		free(abs);
		return 0;
	}
	if (rc == 0 && hash_file(f, &now.hash) < 0) {
		warn_errno(warn, ctx, path); /* keep what the file gave before */
		ix->stats.skipped++;
		fclose(f);
		free(abs);
		return 0;
	}
	if (rc == 0)
		rc = begin(ix, err, errlen);
	if (rc == 0)
		rc = forget(ix, abs, err, errlen);
	unsigned before = ix->stats.passages;
	if (rc == 0) {
		ix->stats.files++;
		sm_sink sink = {warn, ctx, sink_article, ix};
		ix->err[0] = '\0';
		int r = sm_source_read(f, abs, path, fmt ? fmt : SM_FORMAT_TEXT, &sink);
		if (r < 0)
			rc = sm_fail(err, errlen, "%s", ix->err[0] ? ix->err : "out of memory");
		else
			ix->stats.skipped += (unsigned)r;
	}
	now.passages = ix->stats.passages - before;
	if (rc == 0 && registry_set(ix, abs, &now) < 0)
		rc = sm_fail(err, errlen, "cannot update the index: %s", xc_last_error());
	ix->pending++;
	fclose(f);
	free(abs);
	if (rc == 0 && ix->pending >= ix->batch)
		rc = sm_index_commit(ix, err, errlen);
	return rc;
}

/* ---- checking -------------------------------------------------------- */

static void problem(sm_warn_fn warn, void *ctx, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(sm_warn_fn warn, void *ctx, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (warn)
		warn(ctx, path, 0, msg);
}

static int check_one(const char *dir, sm_index_stats *st, sm_warn_fn warn, void *ctx, char *err,
                     size_t errlen)
{
	xc_db *db = NULL;
	char **keys = NULL;
	size_t n = 0;
	unsigned docs = 0, bad = 0;
	memset(st, 0, sizeof *st);
	if (xc_db_open(dir, XC_DB_READONLY, &db) != XC_OK)
		return sm_fail(err, errlen, "%s: cannot open index: %s", dir, xc_last_error());
	int rc = sm_index_check_profile(db, dir, err, errlen);
	if (rc == 0 && (xc_db_metadata_keys(db, FILE_KEY, &keys, &n) != XC_OK ||
	                xc_db_doccount(db, &docs) != XC_OK))
		rc = sm_fail(err, errlen, "%s: cannot read index: %s", dir, xc_last_error());
	sm_buf term = SM_BUF_INIT;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *v = NULL;
		file_state fs;
		unsigned tf = 0;
		const char *path = NULL;
		if (xc_db_get_metadata(db, keys[i], &v) == XC_OK && (path = strchr(v, '\t')) &&
		    sscanf(v, "%lld %lld %llx %u", &fs.size, &fs.mtime_ns, &fs.hash,
		           &fs.passages) == 4) {
			path++;
			file_term(&term, path);
			xc_db_termfreq(db, sm_buf_str(&term), &tf);
			if (tf != fs.passages) {
				problem(warn, ctx, path, "index has %u passages, expected %u", tf,
				        fs.passages);
				bad++;
			}
			st->files++;
			st->passages += fs.passages;
		} else {
			problem(warn, ctx, keys[i], "unreadable registry entry");
			bad++;
		}
		free(v);
	}
	if (rc == 0 && docs != st->passages) {
		problem(warn, ctx, dir, "index has %u passages, its files %u", docs, st->passages);
		bad++;
	}
	sm_buf_free(&term);
	xc_strv_free(keys);
	xc_db_free(db);
	return rc < 0 ? -1 : bad ? 1 : 0;
}

int sm_index_check(const char *dir, sm_index_stats *st, sm_warn_fn warn, void *ctx, char *err,
                   size_t errlen)
{
	unsigned shards = 0;
	if (sm_shards_of(dir, &shards, err, errlen) < 0)
		return -1;
	if (shards == 0)
		return check_one(dir, st, warn, ctx, err, errlen);
	/* Each shard has its own registry; every file is in each. */
	sm_index_stats one;
	sm_buf path = SM_BUF_INIT;
	int rc = 0;
	memset(st, 0, sizeof *st);
	for (unsigned k = 0; k < shards && rc >= 0; k++) {
		sm_shard_path(&path, dir, k);
		int r = sm_buf_failed(&path) ? sm_fail(err, errlen, "out of memory")
		                             : check_one(path.data, &one, warn, ctx, err, errlen);
		rc = r < 0 ? -1 : r > rc ? r : rc;
		st->files = one.files;
		st->passages += one.passages;
	}
	sm_buf_free(&path);
	return rc;
}

/* ---- merging parts built in parallel --------------------------------- */

/* The union of tab-separated lists. */
static char *merge_lists(const char *const *tags, size_t n)
{
	char *merged = strdup("");
	for (size_t i = 0; i < n && merged; i++)
		merged = list_union(merged, tags[i]);
	return merged;
}

/* Registry entries of one file from several parts: the same file state,
 * each with the passages of its part; the merged entry counts them all. */
static char *merge_metadata(void *ctx, const char *key, const char *const *tags, size_t n)
{
	if (strncmp(key, SM_META_ACRONYMS, strlen(SM_META_ACRONYMS)) == 0)
		return merge_lists(tags, n); /* each part found its own */
	if (strncmp(key, FILE_KEY, strlen(FILE_KEY)) != 0)
		return NULL; /* profile, thesaurus: the same in every part */
	file_state fs;
	unsigned total = 0, passages;
	const char *path = NULL;
	for (size_t i = 0; i < n; i++) {
		if (sscanf(tags[i], "%lld %lld %llx %u", &fs.size, &fs.mtime_ns, &fs.hash,
		           &passages) != 4)
			continue;
		total += passages;
		if (!path)
			path = strchr(tags[i], '\t');
	}
	if (!path)
		return NULL;
	sm_buf b = SM_BUF_INIT;
	sm_buf_printf(&b, "%lld %lld %llx %u%s", fs.size, fs.mtime_ns, fs.hash, total, path);
	return sm_buf_steal(&b);
}

int sm_index_merge(const char *const *parts, size_t n, const char *dest, char *err, size_t errlen)
{
	xc_db *db = NULL, *more = NULL;
	xc_status st = n ? xc_db_open(parts[0], XC_DB_READONLY, &db) : XC_ERR_INVALID;
	for (size_t i = 1; i < n && st == XC_OK; i++) {
		st = xc_db_open(parts[i], XC_DB_READONLY, &more);
		if (st == XC_OK)
			st = xc_db_add(db, more);
		xc_db_free(more);
		more = NULL;
	}
	if (st == XC_OK)
		st = xc_db_compact_merge(db, dest, merge_metadata, NULL);
	xc_db_free(db);
	if (st != XC_OK)
		return sm_fail(err, errlen, "%s: cannot merge the parts: %s", dest,
		               xc_last_error());
	return 0;
}
