/* search.c - from a question to ranked, highlighted passages. */
#include "search.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dict.h"
#include "err.h"
#include "index.h"
#include "lexicon.h"
#include "query.h"
#include "stem.h"
#include "strmap.h"
#include "tok.h"
#include "xapian-c.h"

/* Two query words count as close within this many positions. */
#define PROXIMITY_GAP 3
#define NEAR_WINDOW   10
#define MAX_RETRIES   5

struct sm_searcher {
	xc_db *db;
	sm_stemmer *stem;
	sm_strmap cues;  /* stems of the intents' cue words -> their intents */
	sm_dict *dict;   /* real words; opened at the first correction */
	char *dict_path; /* ... from this path (NULL: not tried yet) */
	int modified;    /* a read of this search met a newer revision */
};

/* Reads made while a query is built may fail and the search goes on
 * without what they would add (a synonym, a title's lift), unless the
 * index changed under them: then the whole search is made again. */
static xc_status noted(sm_searcher *s, xc_status st)
{
	if (st == XC_ERR_MODIFIED)
		s->modified = 1;
	return st;
}

static xc_status termfreq(sm_searcher *s, const char *term, unsigned *tf)
{
	return noted(s, xc_db_termfreq(s->db, term, tf));
}

void sm_search_opts_init(sm_search_opts *o)
{
	/* At most 2 passages of a section before other sections' passages. */
	*o = (sm_search_opts){.limit = 10,
	                      .per_group = 2,
	                      .group = SM_GROUP_SECTION,
	                      .snippet_bytes = 240,
	                      .spelling = 1,
	                      .snippets = 1,
	                      .dictionary = getenv("SMSEARCH_DICT")};
	if (!o->dictionary || !*o->dictionary)
		o->dictionary = "/usr/share/dict/words";
	/* BM25 for short passages: little length normalisation (b 0.3); a
	 * title word counts half again (tuned on LiveQA, checked on MED,
	 * CISI, Cranfield and the bundled article: bench/RESULTS.md). */
	o->rank = (sm_rank_params){.k1 = 1.2,
	                           .b = 0.3,
	                           .title = 0.5,
	                           .section = 0,
	                           .proximity = 0,
	                           .synonyms = 1,
	                           .feedback = 0,
	                           .fb_docs = 5,
	                           .fb_terms = 10,
	                           .intent = 3.5,
	                           .intent_head = 0,
	                           .intent_title = 1,
	                           .title_exact = 0.5,
	                           .title_min = 2,
	                           .rare = 0,
	                           .rare_min = 8,
	                           .compounds = 1,
	                           .title_one = 1,
	                           .acronyms = 1,
	                           .context = 0.3,
	                           .dose = 0.2};
}

/* The knobs sm_rank_set and sm_rank_name know. */
static const struct {
	const char *name;
	size_t off;
} knobs[] = {
    {"k1", offsetof(sm_rank_params, k1)},
    {"b", offsetof(sm_rank_params, b)},
    {"title", offsetof(sm_rank_params, title)},
    {"section", offsetof(sm_rank_params, section)},
    {"proximity", offsetof(sm_rank_params, proximity)},
    {"synonyms", offsetof(sm_rank_params, synonyms)},
    {"feedback", offsetof(sm_rank_params, feedback)},
    {"fb_docs", offsetof(sm_rank_params, fb_docs)},
    {"fb_terms", offsetof(sm_rank_params, fb_terms)},
    {"elite", offsetof(sm_rank_params, elite)},
    {"intent", offsetof(sm_rank_params, intent)},
    {"intent_head", offsetof(sm_rank_params, intent_head)},
    {"intent_title", offsetof(sm_rank_params, intent_title)},
    {"title_exact", offsetof(sm_rank_params, title_exact)},
    {"title_min", offsetof(sm_rank_params, title_min)},
    {"rare", offsetof(sm_rank_params, rare)},
    {"rare_min", offsetof(sm_rank_params, rare_min)},
    {"compounds", offsetof(sm_rank_params, compounds)},
    {"title_one", offsetof(sm_rank_params, title_one)},
    {"acronyms", offsetof(sm_rank_params, acronyms)},
    {"context", offsetof(sm_rank_params, context)},
    {"dose", offsetof(sm_rank_params, dose)},
};

int sm_rank_set(sm_rank_params *p, const char *name, double value)
{
	for (size_t i = 0; i < sizeof knobs / sizeof *knobs; i++)
		if (strcmp(knobs[i].name, name) == 0 && value >= 0) {
			*(double *)((char *)p + knobs[i].off) = value;
			return 0;
		}
	return -1;
}

const char *sm_rank_name(size_t i)
{
	return i < sizeof knobs / sizeof *knobs ? knobs[i].name : NULL;
}

/* ---- opening --------------------------------------------------------- */

static int open_one(const char *path, xc_db **db, char *err, size_t errlen)
{
	/* A writer committing twice while we open discards the revision being
	 * read (DatabaseModifiedError), or reuses its blocks under us (Xapian
	 * 1.4 then says DatabaseCorruptError: "Expected block 139 to be level
	 * 2, not 0"): open again, after a pause for the commit to end. An index
	 * that is really damaged fails the same way each time. */
	xc_status st = xc_db_open(path, XC_DB_READONLY, db);
	for (int tries = 0; (st == XC_ERR_MODIFIED || st == XC_ERR_CORRUPT) && tries < MAX_RETRIES;
	     tries++) {
		if (st == XC_ERR_CORRUPT)
			nanosleep(&(struct timespec){0, 2000000L << tries}, NULL);
		st = xc_db_open(path, XC_DB_READONLY, db);
	}
	if (st == XC_ERR_NOT_FOUND)
		return sm_fail(err, errlen, "%s: no index there (run smindex first)", path);
	if (st != XC_OK)
		return sm_fail(err, errlen, "%s: cannot open index: %s", path, xc_last_error());
	int rc = sm_index_check_profile(*db, path, err, errlen);
	/* The profile may have failed to read for the same reason. */
	for (int tries = 0; rc < 0 && tries < MAX_RETRIES && xc_db_reopen(*db, NULL) == XC_OK;
	     tries++)
		rc = sm_index_check_profile(*db, path, err, errlen);
	if (rc < 0) {
		xc_db_free(*db);
		*db = NULL;
		return -1;
	}
	return 0;
}

/* s->cues: each cue word's stem -> the intents it cues, as bytes k + 1,
 * so a question word is looked up once, not stemmed against every cue. */
static int load_cues(sm_searcher *s)
{
	for (unsigned k = 0; k < SM_MAX_INTENTS && sm_intents[k].name; k++)
		for (size_t i = 0; sm_intents[k].cues[i]; i++) {
			const char *w = sm_intents[k].cues[i];
			const char *st = sm_stem(s->stem, w, strlen(w));
			if (!st || sm_strmap_add_byte(&s->cues, st, strlen(st), (char)(k + 1)) < 0)
				return -1;
		}
	return 0;
}

int sm_searcher_open(const char *const *paths, size_t n, sm_searcher **out, char *err,
                     size_t errlen)
{
	sm_searcher *s = calloc(1, sizeof *s);
	if (!s || n == 0) {
		free(s);
		return sm_fail(err, errlen, n ? "out of memory" : "no index given");
	}
	int rc = open_one(paths[0], &s->db, err, errlen);
	for (size_t i = 1; i < n && rc == 0; i++) {
		xc_db *more = NULL;
		rc = open_one(paths[i], &more, err, errlen);
		if (rc == 0 && xc_db_add(s->db, more) != XC_OK)
			rc = sm_fail(err, errlen, "%s: %s", paths[i], xc_last_error());
		xc_db_free(more);
	}
	if (rc == 0 && sm_stemmer_new(&s->stem) < 0)
		rc = sm_fail(err, errlen, "cannot create the English stemmer");
	if (rc == 0 && load_cues(s) < 0)
		rc = sm_fail(err, errlen, "out of memory");
	if (rc < 0) {
		sm_searcher_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

void sm_searcher_close(sm_searcher *s)
{
	if (!s)
		return;
	xc_db_free(s->db);
	sm_stemmer_free(s->stem);
	sm_strmap_free(&s->cues);
	sm_dict_close(s->dict);
	free(s->dict_path);
	free(s);
}

/* ---- building the Xapian query --------------------------------------- */

typedef struct {
	sm_searcher *s;
	const sm_rank_params *rank;
	sm_buf term;
	char **hl; /* stems to highlight */
	size_t n_hl, cap_hl;
	int failed;
} builder;

static void remember(builder *b, const char *stem)
{
	for (size_t i = 0; i < b->n_hl; i++)
		if (strcmp(b->hl[i], stem) == 0)
			return;
	if (b->n_hl == b->cap_hl) {
		size_t cap = b->cap_hl ? 2 * b->cap_hl : 16;
		char **v = realloc(b->hl, cap * sizeof *v);
		if (!v) {
			b->failed = 1;
			return;
		}
		b->hl = v;
		b->cap_hl = cap;
	}
	if (!(b->hl[b->n_hl] = strdup(stem)))
		b->failed = 1;
	else
		b->n_hl++;
}

static const char *field_prefix(sm_qfield f)
{
	return f == SM_FIELD_TITLE ? "S" : f == SM_FIELD_SECTION ? "XS" : "";
}

static xc_query *combine(builder *b, xc_op op, xc_query **qs, size_t n, unsigned window)
{
	xc_query *q = NULL;
	if (n == 1 && op != XC_OP_PHRASE && op != XC_OP_NEAR) {
		q = qs[0];
		qs[0] = NULL;
		return q;
	}
	if (n > 0 && xc_query_combine(op, qs, n, window, &q) != XC_OK)
		b->failed = 1;
	for (size_t i = 0; i < n; i++)
		xc_query_free(qs[i]);
	return q;
}

/* q (taken over) with its weight scaled by `weight`; NULL for NULL. */
static xc_query *scaled(builder *b, xc_query *q, double weight)
{
	xc_query *out = NULL;
	if (q && xc_query_scale(q, weight, &out) != XC_OK)
		b->failed = 1;
	xc_query_free(q);
	return out;
}

/* q lifted by `lift` (both taken over; lift may be NULL), where every
 * passage the lift matches matches q too (an intent's topic words and a
 * title's words are q's body words): OR, not AND_MAYBE, gives the same
 * scores, but Xapian can still skip q's weaker candidates (AND_MAYBE
 * lowered q's threshold by the lift's maximum: 1M passages, p99 37 -> 19
 * ms). */
static xc_query *with_lift(builder *b, xc_query *q, xc_query *lift)
{
	xc_query *pair[2] = {q, lift};
	return lift ? combine(b, XC_OP_OR, pair, 2, 0) : q;
}

static xc_query *term_query(builder *b, const char *prefix, const char *stem, unsigned pos)
{
	xc_query *q = NULL;
	if (!stem) {
		b->failed = 1;
		return NULL;
	}
	sm_buf_reset(&b->term);
	sm_buf_adds(&b->term, prefix);
	sm_buf_adds(&b->term, stem);
	if (sm_buf_failed(&b->term) || xc_query_term(sm_buf_str(&b->term), 1, pos, &q) != XC_OK)
		b->failed = 1;
	return q;
}

/* "radiat therapi" -> PHRASE(radiat, therapi); one stem -> its term. */
static xc_query *stems_query(builder *b, const char *stems, const char *prefix)
{
	xc_query *parts[16];
	size_t n = 0;
	char *copy = strdup(stems), *save = NULL;
	if (!copy) {
		b->failed = 1;
		return NULL;
	}
	for (char *w = strtok_r(copy, " ", &save); w && n < 16; w = strtok_r(NULL, " ", &save)) {
		remember(b, w);
		parts[n++] = term_query(b, prefix, w, 0);
	}
	free(copy);
	return combine(b, XC_OP_PHRASE, parts, n, 0);
}

/* The synonyms of `key` (stems), from the index's metadata (an index of
 * this profile keeps them there as well as in Xapian's synonym table,
 * which remote databases do not serve). As xc_db_synonyms: a
 * NULL-terminated array for xc_strv_free; *n is 0 when there are none. */
static xc_status synonyms_of(sm_searcher *s, const char *prefix, const char *key, char ***out,
                             size_t *n)
{
	sm_buf k = SM_BUF_INIT;
	char *v = NULL;
	sm_buf_printf(&k, "%s%s", prefix, key);
	xc_status st =
	    sm_buf_failed(&k) ? XC_ERR_NOMEM : noted(s, xc_db_get_metadata(s->db, k.data, &v));
	sm_buf_free(&k);
	*n = 0;
	if (st != XC_OK || *v == '\0') {
		free(v);
		*out = NULL;
		return st;
	}
	size_t count = 1;
	for (const char *p = v; *p; p++)
		count += *p == '\t';
	char **list = calloc(count + 1, sizeof *list), *save = NULL;
	*n = 0;
	for (char *w = list ? strtok_r(v, "\t", &save) : NULL; w; w = strtok_r(NULL, "\t", &save))
		if ((list[*n] = strdup(w)))
			(*n)++;
	free(v);
	if (!list)
		return XC_ERR_NOMEM;
	*out = list;
	return XC_OK;
}

/* The stem's query widened by the thesaurus and, when the word (NULL:
 * none) is an abbreviation the articles define, by its long forms. */
static xc_query *with_synonyms(builder *b, xc_query *q, const char *key, const char *word)
{
	char **syn = NULL, **acr = NULL;
	size_t n = 0, m = 0;
	if (!q || b->rank->synonyms <= 0 ||
	    synonyms_of(b->s, SM_META_SYNONYMS, key, &syn, &n) != XC_OK ||
	    (word && b->rank->acronyms > 0 &&
	     synonyms_of(b->s, SM_META_ACRONYMS, word, &acr, &m) != XC_OK) ||
	    n + m == 0) {
		xc_strv_free(syn);
		xc_strv_free(acr);
		return q;
	}
	xc_query **parts = calloc(n + m + 1, sizeof *parts);
	if (!parts) {
		b->failed = 1;
		xc_strv_free(syn);
		xc_strv_free(acr);
		return q;
	}
	parts[0] = q;
	for (size_t i = 0; i < n; i++)
		parts[i + 1] = stems_query(b, syn[i], "");
	for (size_t i = 0; i < m; i++)
		parts[n + i + 1] = stems_query(b, acr[i], "");
	xc_strv_free(syn);
	xc_strv_free(acr);
	xc_query *r = combine(b, XC_OP_SYNONYM, parts, n + m + 1, 0);
	free(parts);
	return r;
}

/* q OR the word in the title and section fields, each scaled by its
 * weight: a word of the article's title lifts all of its passages. */
static xc_query *with_fields(builder *b, xc_query *q, const char *stem)
{
	const struct {
		const char *prefix;
		double weight;
	} fields[] = {{"S", b->rank->title}, {"XS", b->rank->section}};
	xc_query *parts[3] = {q};
	size_t n = 1;
	for (size_t i = 0; i < 2 && q; i++) {
		if (fields[i].weight <= 0)
			continue;
		xc_query *t = scaled(b, term_query(b, fields[i].prefix, stem, 0), fields[i].weight);
		if (t)
			parts[n++] = t;
	}
	return n > 1 ? combine(b, XC_OP_OR, parts, n, 0) : q;
}

static const char *stem_of(builder *b, const char *word)
{
	const char *s = sm_stem(b->s->stem, word, strlen(word));
	if (!s)
		b->failed = 1;
	return s;
}

static xc_query *build(builder *b, const sm_qnode *n);

static xc_query *build_words(builder *b, const sm_qnode *n)
{
	const char *prefix = field_prefix(n->field);
	if (n->kind == SM_Q_TERM) {
		const char *s = stem_of(b, n->words[0]);
		if (!s)
			return NULL;
		remember(b, s);
		xc_query *q = term_query(b, prefix, s, n->pos + 1);
		return n->field == SM_FIELD_ANY
		           ? with_fields(b, with_synonyms(b, q, s, n->words[0]), s)
		           : q;
	}
	xc_query **parts = calloc(n->n_words, sizeof *parts);
	if (!parts) {
		b->failed = 1;
		return NULL;
	}
	for (size_t i = 0; i < n->n_words; i++) {
		const char *s = stem_of(b, n->words[i]);
		if (s) {
			remember(b, s);
			parts[i] = term_query(b, prefix, s, n->pos + 1 + (unsigned)i);
		}
	}
	/* Field terms have no positions: a phrase there is all of its words. */
	xc_op op = n->field == SM_FIELD_ANY ? XC_OP_PHRASE : XC_OP_AND;
	xc_query *q = b->failed ? NULL : combine(b, op, parts, n->n_words, 0);
	free(parts);
	return q;
}

static int is_plain_word(const sm_qnode *k)
{
	return k->kind == SM_Q_TERM && k->sign == 0;
}

static int is_stop(const sm_qnode *k)
{
	return is_plain_word(k) && sm_is_stopword(k->words[0], strlen(k->words[0]));
}

/* Units of a dose: "25 mg", "50,000 IUs", "5ml". */
static int is_unit(const char *w)
{
	static const char *const units[] = {
	    "mg",  "mcg",  "ug",    "g",         "gm",         "ml",        "cc",         "iu",
	    "ius", "unit", "units", "milligram", "milligrams", "microgram", "micrograms", NULL};
	for (size_t i = 0; units[i]; i++)
		if (strcmp(w, units[i]) == 0)
			return 1;
	return 0;
}

/* The length of the number w begins with ("25", "2.5"; 0: none). */
static size_t number_len(const char *w)
{
	return strspn(w, "0123456789.");
}

static int is_number(const char *w)
{
	size_t n = number_len(w);
	return n > 0 && w[n] == '\0';
}

/* Whether k is part of a dose: a number before a unit, the unit after a
 * number, or both in one word ("5mg"). A dose says how much of the topic
 * was taken, not what the topic is, yet its words are rare: left at full
 * weight, "25 mg" in a question about carvedilol finds dosing tables. */
static int in_dose(const sm_qnode *const *kids, size_t n, size_t i)
{
	const sm_qnode *k = kids[i];
	if (!is_plain_word(k))
		return 0;
	const char *w = k->words[0];
	size_t digits = number_len(w);
	if (digits > 0 && is_unit(w + digits))
		return 1;
	const sm_qnode *next = i + 1 < n ? kids[i + 1] : NULL;
	if (is_number(w) && next && is_plain_word(next) && next->pos == k->pos + 1 &&
	    is_unit(next->words[0]))
		return 1;
	const sm_qnode *prev = i > 0 ? kids[i - 1] : NULL;
	return is_unit(w) && prev && is_plain_word(prev) && k->pos == prev->pos + 1 &&
	       is_number(prev->words[0]);
}

/* Two-word thesaurus entries ("radiation therapy" = "radiotherapy"): the
 * pair as a phrase, widened by its synonyms, when the table has the pair. */
static xc_query *pair_synonyms(builder *b, const sm_qnode *x, const sm_qnode *y)
{
	const char *sx = stem_of(b, x->words[0]);
	char *first = sx ? strdup(sx) : NULL;
	const char *sy = first ? stem_of(b, y->words[0]) : NULL;
	sm_buf key = SM_BUF_INIT;
	xc_query *q = NULL;
	char **syn = NULL;
	size_t n = 0;
	if (sy) {
		sm_buf_printf(&key, "%s %s", first, sy);
		if (!sm_buf_failed(&key) &&
		    synonyms_of(b->s, SM_META_SYNONYMS, key.data, &syn, &n) == XC_OK && n)
			q = with_synonyms(b, stems_query(b, key.data, ""), key.data, NULL);
	}
	xc_strv_free(syn);
	sm_buf_free(&key);
	free(first);
	return q;
}

/* w is letters only: a to z (words are case folded) or any byte of a
 * non-ASCII character, and apostrophes when `apostrophes`. */
static int is_letters(const char *w, int apostrophes)
{
	for (; *w; w++)
		if ((unsigned char)*w < 0x80 && !(*w >= 'a' && *w <= 'z') &&
		    !(apostrophes && *w == '\''))
			return 0;
	return 1;
}

/* Two words written as one elsewhere ("rib cage", "ribcage"; "ear wax",
 * "earwax"): when the index has the joined word, it joins the question as
 * one more word, so a passage that writes it as one still matches (a
 * synonym of the pair's phrase instead lifted passages with the phrase,
 * which MedQuAD's "clinical trials" questions paid for). Letters only,
 * three or more each; a joined form in fewer than COMPOUND_MIN passages
 * is more often a web address ("noonansyndrome.org") or a slip
 * ("longterm") than a word. */
#define COMPOUND_MIN 5

static xc_query *pair_compound(builder *b, const sm_qnode *x, const sm_qnode *y)
{
	const char *wx = x->words[0], *wy = y->words[0];
	unsigned tf = 0;
	if (strlen(wx) < 3 || strlen(wy) < 3 || !is_letters(wx, 0) || !is_letters(wy, 0))
		return NULL;
	/* Stems stay valid while the stemmer lives (stem.h). */
	const char *sx = stem_of(b, wx), *sy = stem_of(b, wy), *s = NULL;
	sm_buf joined = SM_BUF_INIT;
	sm_buf_printf(&joined, "%s%s", wx, wy);
	if (sx && sy && !sm_buf_failed(&joined))
		s = stem_of(b, joined.data);
	xc_query *q = NULL;
	/* The joined stem must be neither word's ("dysplasia" + "al"). */
	if (s && strcmp(s, sx) && strcmp(s, sy) && termfreq(b->s, s, &tf) == XC_OK &&
	    tf >= COMPOUND_MIN) {
		remember(b, s);
		q = term_query(b, "", s, 0);
	}
	sm_buf_free(&joined);
	return q;
}

/* Words side by side: a ranked OR of the content words (all words if
 * there are only stop words), filtered by +must and -mustnot members,
 * with a bonus for content words that stand close together. */
/* Inverse document frequency of a body stem; 0 when unknown, and for
 * numbers ("65", "50,000"): rare in the index, they seldom name a topic. */
static double idf_of(builder *b, const sm_qnode *k)
{
	unsigned tf = 0, n = 0;
	if (strpbrk(k->words[0], "0123456789"))
		return 0;
	const char *s = stem_of(b, k->words[0]);
	if (!s || termfreq(b->s, s, &tf) != XC_OK || tf == 0 ||
	    noted(b->s, xc_db_doccount(b->s->db, &n)) != XC_OK || n <= tf)
		return 0;
	return log((double)n / tf);
}

/* A long message (rare_min content words or more): each word's weight is
 * scaled by (its idf / the mean idf) ^ rare, so the few rare words that
 * name the topic ("zolmitriptan") outweigh the many common ones of the
 * story around it ("daughter", "months", "help"). */
static void emphasise_rare(builder *b, xc_query **plain, const double *idf, size_t n)
{
	double sum = 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (idf[i] > 0) {
			sum += idf[i];
			k++;
		}
	if (b->rank->rare <= 0 || k < (size_t)b->rank->rare_min || sum <= 0)
		return;
	for (size_t i = 0; i < n; i++) {
		xc_query *scaled = NULL;
		if (idf[i] <= 0)
			continue;
		if (xc_query_scale(plain[i], pow(idf[i] * (double)k / sum, b->rank->rare),
		                   &scaled) != XC_OK) {
			b->failed = 1;
			continue;
		}
		xc_query_free(plain[i]);
		plain[i] = scaled;
	}
}

static xc_query *build_bag(builder *b, const sm_qnode *n)
{
	size_t cap = 3 * n->n_kids + 1, n_plain = 0, n_must = 0, n_exclude = 0, n_prox = 0;
	xc_query **plain = calloc(cap, sizeof *plain), **must = calloc(cap, sizeof *must);
	xc_query **exclude = calloc(cap, sizeof *exclude), **prox = calloc(cap, sizeof *prox);
	double *idf = calloc(cap, sizeof *idf);
	int content = 0;
	for (size_t i = 0; i < n->n_kids; i++)
		content |= !is_stop(n->kids[i]) || n->kids[i]->sign > 0;
	const sm_qnode *prev = NULL;
	for (size_t i = 0; plain && must && exclude && prox && idf && i < n->n_kids && !b->failed;
	     i++) {
		const sm_qnode *k = n->kids[i];
		if (k->sign == 0 && content && is_stop(k))
			continue;
		xc_query *q = build(b, k);
		if (!q)
			continue;
		if (k->sign > 0)
			must[n_must++] = q;
		else if (k->sign < 0)
			exclude[n_exclude++] = q;
		else {
			idf[n_plain] = is_plain_word(k) && b->rank->rare > 0 ? idf_of(b, k) : 0;
			if (b->rank->dose < 1 &&
			    in_dose((const sm_qnode *const *)n->kids, n->n_kids, i))
				q = scaled(b, q, b->rank->dose);
			plain[n_plain++] = q;
		}
		if (!is_plain_word(k))
			continue;
		if (prev && k->pos - prev->pos <= PROXIMITY_GAP) {
			xc_query *pair[2] = {term_query(b, "", stem_of(b, prev->words[0]), 0),
			                     term_query(b, "", stem_of(b, k->words[0]), 0)};
			prox[n_prox++] = combine(b, XC_OP_PHRASE, pair, 2, k->pos - prev->pos + 1);
			q = NULL;
			if (k->pos - prev->pos == 1 && b->rank->synonyms > 0)
				q = pair_synonyms(b, prev, k);
			if (k->pos - prev->pos == 1 && !q && b->rank->compounds > 0)
				q = pair_compound(b, prev, k);
			if (q)
				plain[n_plain++] = q;
		}
		prev = k;
	}
	/* A long message: only its most telling words rank (Xapian's elite
	 * set keeps the terms of highest possible weight, rare ones first). */
	if (idf)
		emphasise_rare(b, plain, idf, n_plain);
	free(idf);
	size_t elite = (size_t)b->rank->elite;
	xc_query *q = elite && n_plain > elite
	                  ? combine(b, XC_OP_ELITE_SET, plain, n_plain, (unsigned)elite)
	                  : combine(b, XC_OP_OR, plain, n_plain, 0);
	if (q && n_prox && b->rank->proximity > 0) {
		xc_query *boost =
		    scaled(b, combine(b, XC_OP_OR, prox, n_prox, 0), b->rank->proximity);
		xc_query *pair[2] = {q, boost};
		q = boost ? combine(b, XC_OP_AND_MAYBE, pair, 2, 0) : q;
	} else {
		for (size_t i = 0; i < n_prox; i++)
			xc_query_free(prox[i]);
	}
	if (n_must) {
		xc_query *m = combine(b, XC_OP_AND, must, n_must, 0);
		xc_query *pair[2] = {m, q};
		q = q ? combine(b, XC_OP_AND_MAYBE, pair, 2, 0) : m;
	}
	if (n_exclude) {
		xc_query *none = combine(b, XC_OP_OR, exclude, n_exclude, 0);
		if (!q && xc_query_match_all(&q) != XC_OK)
			b->failed = 1;
		xc_query *pair[2] = {q, none};
		q = combine(b, XC_OP_AND_NOT, pair, 2, 0);
	}
	free(plain);
	free(must);
	free(exclude);
	free(prox);
	return q;
}

static xc_op op_of(sm_qkind k)
{
	switch (k) {
	case SM_Q_AND:
		return XC_OP_AND;
	case SM_Q_XOR:
		return XC_OP_XOR;
	case SM_Q_NEAR:
		return XC_OP_NEAR;
	case SM_Q_NOT:
		return XC_OP_AND_NOT;
	default:
		return XC_OP_OR;
	}
}

static xc_query *build(builder *b, const sm_qnode *n)
{
	if (n->kind == SM_Q_TERM || n->kind == SM_Q_PHRASE)
		return build_words(b, n);
	if (n->kind == SM_Q_BAG)
		return build_bag(b, n);
	xc_query **parts = calloc(n->n_kids, sizeof *parts);
	size_t k = 0;
	for (size_t i = 0; parts && i < n->n_kids; i++)
		if ((parts[k] = build(b, n->kids[i])))
			k++;
	if (!parts)
		b->failed = 1;
	xc_query *q = NULL;
	if (n->kind == SM_Q_NOT && k > 2) { /* a NOT b NOT c: a AND_NOT (b OR c) */
		xc_query *rest = combine(b, XC_OP_OR, parts + 1, k - 1, 0);
		xc_query *pair[2] = {parts[0], rest};
		q = combine(b, XC_OP_AND_NOT, pair, 2, 0);
	} else if (n->kind == SM_Q_NEAR) {
		q = combine(b, XC_OP_NEAR, parts, k, NEAR_WINDOW);
	} else {
		q = combine(b, op_of(n->kind), parts, k, 0);
	}
	free(parts);
	return q;
}

/* ---- question intent -------------------------------------------------- */

/* The intents (bits of sm_intents) that `stem` is a cue of. */
static unsigned cue_mask(builder *b, const char *stem)
{
	unsigned mask = 0;
	for (const char *in = sm_strmap_get(&b->s->cues, stem, strlen(stem)); in && *in; in++)
		mask |= 1u << ((unsigned char)*in - 1);
	return mask;
}

/* The intents (bits of sm_intents) whose cues the question's words hold;
 * *what_is is set when the question opens with "what is" / "what are". */
static unsigned intents_of(builder *b, const sm_qnode *n, int *what_is)
{
	unsigned mask = 0;
	for (size_t i = 0; i < n->n_kids; i++)
		mask |= intents_of(b, n->kids[i], what_is);
	for (size_t w = 0; n->sign >= 0 && w < n->n_words; w++) {
		const char *word = n->words[w];
		unsigned pos = n->pos + (unsigned)w;
		if ((pos == 0 && strcmp(word, "what") == 0) ||
		    (pos == 1 && (strcmp(word, "is") == 0 || strcmp(word, "are") == 0)))
			*what_is += 1;
		const char *s = stem_of(b, word);
		if (s)
			mask |= cue_mask(b, s);
	}
	return mask;
}

/* An answer word or phrase as a term or phrase under `prefix`; not
 * remembered for highlighting (the question did not ask for it). */
static xc_query *answer_query(builder *b, const char *words, const char *prefix)
{
	xc_query *parts[8];
	size_t n = 0;
	sm_tok t;
	sm_token tok;
	sm_tok_init(&t, words, strlen(words));
	while (n < 8 && sm_tok_next(&t, &tok) == 1)
		parts[n++] = term_query(b, prefix, stem_of(b, tok.norm), 0);
	sm_tok_free(&t);
	return combine(b, XC_OP_PHRASE, parts, n, 0);
}

/* The answer words of one intent: the indexer counts them in each passage
 * as the term "XI" + the intent's name, so a passage gains about the same
 * for one answer word as for several and the boost tells sections apart
 * without outweighing the topic words. With intent_head, the answer words
 * in headings too (scaled by intent_head / intent), as a synonym group. */
static xc_query *intent_group(builder *b, const sm_intent *in)
{
	xc_query *parts[64];
	size_t n = 0;
	sm_buf_reset(&b->term);
	sm_buf_printf(&b->term, "XI%s", in->name);
	if (sm_buf_failed(&b->term) || xc_query_term(b->term.data, 1, 0, &parts[n++]) != XC_OK) {
		b->failed = 1;
		return NULL;
	}
	for (size_t i = 0; b->rank->intent_head > 0 && in->answers[i] && n < 64; i++) {
		xc_query *h = answer_query(b, in->answers[i], "XS");
		if (h &&
		    xc_query_scale(h, b->rank->intent_head / b->rank->intent, &parts[n]) == XC_OK)
			n++;
		xc_query_free(h);
	}
	return combine(b, XC_OP_SYNONYM, parts, n, 0);
}

/* The intents of mask, each a synonym group, ORed and scaled by intent. */
static xc_query *intent_boost(builder *b, unsigned mask)
{
	xc_query *parts[32];
	size_t n = 0;
	for (unsigned k = 0; k < SM_MAX_INTENTS && sm_intents[k].name; k++)
		if (mask >> k & 1 && (parts[n] = intent_group(b, &sm_intents[k])))
			n++;
	return scaled(b, combine(b, XC_OP_OR, parts, n, 0), b->rank->intent);
}

/* A topic word of the question: its stem, and how many passages have it
 * in their article's title. */
typedef struct {
	char *stem;
	unsigned tf;
} topic;

/* The question's topic words under n (not stop words, not intent cues)
 * that some title holds, each once. */
static void topic_words(builder *b, const sm_qnode *n, topic *v, size_t *nv, size_t cap)
{
	for (size_t i = 0; i < n->n_kids; i++)
		topic_words(b, n->kids[i], v, nv, cap);
	for (size_t w = 0; n->sign >= 0 && w < n->n_words && *nv < cap; w++) {
		const char *word = n->words[w], *s;
		unsigned tf = 0;
		if (sm_is_stopword(word, strlen(word)) || !(s = stem_of(b, word)) || cue_mask(b, s))
			continue;
		sm_buf_reset(&b->term);
		sm_buf_printf(&b->term, "S%s", s);
		size_t k = 0;
		while (k < *nv && strcmp(v[k].stem, s) != 0)
			k++;
		if (k < *nv || sm_buf_failed(&b->term) ||
		    termfreq(b->s, b->term.data, &tf) != XC_OK || tf == 0)
			continue;
		if ((v[*nv].stem = strdup(s)))
			v[(*nv)++].tf = tf;
	}
}

static int by_tf(const void *x, const void *y)
{
	unsigned a = ((const topic *)x)->tf, c = ((const topic *)y)->tf;
	return (a > c) - (a < c);
}

/* Passages whose article title holds one of the question's rarest topic
 * words (at most TOPIC_MAX: the common ones, "cell", "disease", match
 * thousands of titles and cost more than they tell); NULL when no title
 * holds any. */
#define TOPIC_MAX 3
static xc_query *title_words(builder *b, const sm_qnode *tree)
{
	topic v[64];
	xc_query *parts[TOPIC_MAX];
	size_t n = 0, k = 0;
	topic_words(b, tree, v, &n, 64);
	qsort(v, n, sizeof *v, by_tf);
	for (size_t i = 0; i < n; i++) {
		if (k < TOPIC_MAX)
			parts[k++] = term_query(b, "S", v[i].stem, 0);
		free(v[i].stem);
	}
	return combine(b, XC_OP_OR, parts, k, 0);
}

/* q, with passages that use the words answering the question's intent
 * ("what are the symptoms of X": "signs", "include") lifted: within an
 * article on X, the question's topic words weigh alike in every section,
 * and only the intent tells them apart. */
static xc_query *with_intent(builder *b, const sm_qnode *tree, xc_query *q)
{
	if (!q || b->rank->intent <= 0)
		return q;
	int what_is = 0;
	unsigned mask = intents_of(b, tree, &what_is);
	unsigned def = 0;
	while (sm_intents[def].name && strcmp(sm_intents[def].name, "definition") != 0)
		def++;
	if (!mask && what_is == 2 && sm_intents[def].name)
		mask = 1u << def;
	xc_query *boost = mask ? intent_boost(b, mask) : NULL;
	if (boost && b->rank->intent_title > 0) {
		/* No title holds a topic word: no passage is lifted. */
		xc_query *both[2] = {boost, title_words(b, tree)};
		boost = both[1] ? combine(b, XC_OP_FILTER, both, 2, 0) : NULL;
		if (!both[1])
			xc_query_free(both[0]);
	}
	return with_lift(b, q, boost); /* the topic words are q's too */
}

/* ---- whole-title matches ---------------------------------------------- */

#define TITLE_MAX_WORDS 8
#define TITLE_MAX_SCAN  128

typedef struct {
	const char *word;
	unsigned pos;
} qword;

/* The question's words that are not excluded, in position order. */
static void collect_words(const sm_qnode *n, qword *v, size_t *nv, size_t cap)
{
	for (size_t i = 0; i < n->n_kids; i++)
		collect_words(n->kids[i], v, nv, cap);
	for (size_t w = 0; n->sign >= 0 && n->field == SM_FIELD_ANY && w < n->n_words; w++) {
		size_t k = *nv;
		if (k == cap)
			return;
		while (k > 0 && v[k - 1].pos > n->pos + w) {
			v[k] = v[k - 1];
			k--;
		}
		v[k] = (qword){n->words[w], n->pos + (unsigned)w};
		(*nv)++;
	}
}

static int stop_word(const char *w)
{
	return sm_is_stopword(w, strlen(w));
}

/* The "XT" term of words v[0..len) if it is some article's whole title. */
static xc_query *title_term(builder *b, const qword *v, size_t len)
{
	sm_buf t = SM_BUF_INIT;
	unsigned tf = 0;
	xc_query *q = NULL;
	sm_buf_adds(&t, "XT");
	for (size_t i = 0; i < len; i++) {
		const char *s = stem_of(b, v[i].word);
		sm_buf_adds(&t, i ? " " : "");
		sm_buf_adds(&t, s ? s : "");
	}
	int ok = !sm_buf_failed(&t) && termfreq(b->s, t.data, &tf) == XC_OK && tf > 0;
	if (ok && len == 1 && (double)len < b->rank->title_min) {
		/* A one-word title lifts only a word no other title holds (a
		 * drug's name, not "vasculitis" of "giant cell vasculitis"). */
		unsigned in_titles = 0;
		sm_buf_reset(&b->term);
		sm_buf_printf(&b->term, "S%s", t.data + 2);
		ok = b->rank->title_one > 0 && !sm_buf_failed(&b->term) &&
		     termfreq(b->s, b->term.data, &in_titles) == XC_OK &&
		     (double)tf >= b->rank->title_one * in_titles;
	}
	if (ok && xc_query_term(t.data, 1, 0, &q) != XC_OK)
		b->failed = 1;
	sm_buf_free(&t);
	return q;
}

/* q, with the passages of articles whose whole title the question names
 * lifted: the longest runs of adjacent words that are a title, left to
 * right, not overlapping; a run neither starts nor ends on a stop word and
 * has at least title_min words (a one-word title is often a broad topic,
 * "vasculitis", "pain", whose article is not the one asked about), or is
 * one word that no other title holds (title_one: "zolmitriptan"). */
static xc_query *with_title_match(builder *b, const sm_qnode *tree, xc_query *q)
{
	qword v[TITLE_MAX_SCAN];
	xc_query *found[TITLE_MAX_SCAN];
	size_t nv = 0, nf = 0;
	if (!q || b->rank->title_exact <= 0)
		return q;
	collect_words(tree, v, &nv, TITLE_MAX_SCAN);
	for (size_t i = 0; i < nv; i++) {
		if (stop_word(v[i].word))
			continue;
		size_t len = 1;
		while (len < TITLE_MAX_WORDS && i + len < nv && v[i + len].pos == v[i].pos + len)
			len++;
		for (; len > 0; len--) {
			if (stop_word(v[i + len - 1].word))
				continue;
			if ((double)len < b->rank->title_min &&
			    (len > 1 || b->rank->title_one <= 0))
				break;
			if ((found[nf] = title_term(b, v + i, len))) {
				nf++;
				i += len - 1;
				break;
			}
		}
	}
	return with_lift(b, q, scaled(b, combine(b, XC_OP_OR, found, nf, 0), b->rank->title_exact));
}

/* ---- spelling -------------------------------------------------------- */

typedef struct {
	char *from, *to;
} fix;

/* Whether w is a real word by the dictionary at path (opened once, and
 * again when another path is asked for). */
static int is_real_word(sm_searcher *s, const char *path, const char *w)
{
	if (!path)
		return 0;
	if (!s->dict_path || strcmp(s->dict_path, path) != 0) {
		sm_dict_close(s->dict);
		free(s->dict_path);
		s->dict = sm_dict_open(path);
		s->dict_path = strdup(path);
	}
	return sm_dict_has(s->dict, w, strlen(w));
}

/* Edits (insert, delete, replace, swap two neighbours) from a to b, in
 * bytes; more than `cap` counts as cap + 1. */
static unsigned edits(const char *a, const char *b, unsigned cap)
{
	size_t m = strlen(a), n = strlen(b);
	if (m > 40 || n > 40 || (m > n ? m - n : n - m) > cap)
		return cap + 1;
	unsigned d[41][41];
	for (size_t i = 0; i <= m; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= n; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= m; i++)
		for (size_t j = 1; j <= n; j++) {
			unsigned c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < c)
				c = d[i - 2][j - 2] + 1;
			d[i][j] = c;
		}
	return d[m][n] > cap ? cap + 1 : d[m][n];
}

/* The passages that hold c's stem (0 when unknown, or when the index
 * cannot say); -1 when c cannot be stemmed (no memory). */
static long passages_with(sm_searcher *s, const char *c)
{
	const char *st = sm_stem(s->stem, c, strlen(c));
	unsigned tf = 0;
	if (!st)
		return -1;
	return termfreq(s, st, &tf) == XC_OK ? (long)tf : 0;
}

/* How likely a word in tf passages is what was meant, typed e edits away
 * from it: each edit a thousandfold less likely. */
static double guess_score(long tf, unsigned e)
{
	return tf > 0 ? log((double)tf) - log(1000.0) * e : -HUGE_VAL;
}

/* Xapian's guess is the nearest word of the spelling table, however rare,
 * and may be gone from the index (the table keeps removed files' words
 * when the index predates their removal). One found in a passage or two
 * is often a typo of the articles' own ("symtoms" for "syntoms"): then a
 * far more frequent word a little further away is likelier meant
 * ("symptoms"). *guess (taken over) becomes the better guess, or NULL
 * when there is none in the index. -1 on no memory. */
#define RARE_GUESS 2

static int likelier(sm_searcher *s, const char *w, char **guess)
{
	long tf = passages_with(s, *guess);
	char first[8] = "", **words = NULL, *pick = NULL;
	size_t k = 1, n = 0;
	while (w[k] && ((unsigned char)w[k] & 0xC0) == 0x80)
		k++;
	if (tf < 0 || tf > RARE_GUESS || k >= sizeof first)
		return tf < 0 ? -1 : 0;
	memcpy(first, w, k);
	first[k] = '\0';
	if (noted(s, xc_db_spelling_words(s->db, first, 50000, &words, &n)) != XC_OK)
		n = 0;
	unsigned cap = strlen(w) < 6 ? 1 : 2;
	double best = guess_score(tf, edits(w, *guess, 2));
	for (size_t i = 0; i < n && tf >= 0; i++) {
		unsigned e = edits(w, words[i], cap);
		if (e > cap || e == 0 || strcmp(words[i], *guess) == 0)
			continue;
		long other = passages_with(s, words[i]);
		double score = guess_score(other, e);
		if (other < 0)
			tf = -1;
		else if (score > best) {
			best = score;
			pick = words[i];
		}
	}
	char *copy = pick ? strdup(pick) : NULL;
	int rc = tf < 0 || (pick && !copy) ? -1 : 0;
	if (rc == 0 && (copy || best == -HUGE_VAL)) {
		free(*guess);
		*guess = copy;
	} else {
		free(copy);
	}
	xc_strv_free(words);
	return rc;
}

/* Replace words the index has never seen, unless the dictionary has them,
 * by the spelling table's best guess; the replacements are listed in
 * fixes. */
static int correct(sm_searcher *s, const char *dict, sm_qnode *n, fix **fixes, size_t *n_fixes)
{
	for (size_t i = 0; i < n->n_kids; i++)
		if (correct(s, dict, n->kids[i], fixes, n_fixes) < 0)
			return -1;
	if (n->sign < 0)
		return 0;
	for (size_t i = 0; i < n->n_words; i++) {
		char *w = n->words[i];
		size_t len = strlen(w);
		/* Short words are too often real words the index lacks ("mets",
		 * "done"): correcting them swaps in another word, so they are not
		 * even looked up. */
		if (len < 5 || !is_letters(w, 1) || sm_is_stopword(w, len))
			continue;
		const char *st = sm_stem(s->stem, w, len);
		unsigned tf = 0;
		char *guess = NULL;
		if (!st)
			return -1;
		if (termfreq(s, st, &tf) != XC_OK || tf > 0 || is_real_word(s, dict, w) ||
		    noted(s, xc_db_spelling(s->db, w, len < 8 ? 1 : 2, &guess)) != XC_OK || !guess)
			continue;
		if (likelier(s, w, &guess) < 0) {
			free(guess);
			return -1;
		}
		if (!guess) /* nothing the index holds */
			continue;
		fix *v = realloc(*fixes, (*n_fixes + 1) * sizeof *v);
		if (!v) {
			free(guess);
			return -1;
		}
		*fixes = v;
		v[*n_fixes].from = w;
		v[*n_fixes].to = guess;
		(*n_fixes)++;
		n->words[i] = strdup(guess);
		if (!n->words[i]) {
			n->words[i] = w;
			v[*n_fixes - 1].from = NULL;
			return -1;
		}
	}
	return 0;
}

/* The question with each corrected word replaced, the rest as typed. */
static char *corrected_text(const char *q, const fix *fixes, size_t n)
{
	sm_buf b = SM_BUF_INIT;
	sm_tok t;
	sm_token tok;
	size_t at = 0;
	sm_tok_init(&t, q, strlen(q));
	while (sm_tok_next(&t, &tok) == 1) {
		for (size_t i = 0; i < n; i++) {
			if (fixes[i].from && strcmp(fixes[i].from, tok.norm) == 0) {
				sm_buf_add(&b, q + at, tok.start - at);
				sm_buf_adds(&b, fixes[i].to);
				at = tok.end;
				break;
			}
		}
	}
	sm_buf_adds(&b, q + at);
	sm_tok_free(&t);
	return sm_buf_steal(&b);
}

/* ---- running --------------------------------------------------------- */

/* The record a passage document stores; frees `doc`. XC_ERR_CORRUPT for
 * data that is not a record. */
static xc_status decode_doc(xc_doc *doc, sm_record *rec, char **storage)
{
	const char *data;
	size_t len;
	xc_status st = xc_doc_get_data(doc, &data, &len);
	if (st == XC_OK && sm_record_decode(data, len, rec, storage) < 0)
		st = XC_ERR_CORRUPT;
	xc_doc_free(doc);
	return st;
}

typedef struct {
	const xc_mset *ms;
	size_t i;
	double score; /* the passage's weight, lifted by its article's best */
	size_t order; /* its place before that lift */
} pick;

static int fill_hit(sm_searcher *s, const builder *b, const pick *p, const sm_search_opts *o,
                    unsigned rank, sm_hit *h)
{
	xc_doc *doc = NULL;
	xc_status st = xc_mset_document(p->ms, p->i, &doc);
	if (st == XC_OK)
		st = decode_doc(doc, &h->rec, &h->storage);
	if (st != XC_OK)
		return st == XC_ERR_MODIFIED ? -2 : -1;
	int rc = 0;
	if (o->snippets)
		rc = sm_snippet_make(h->rec.text, strlen(h->rec.text), s->stem,
		                     (const char *const *)b->hl, b->n_hl, o->snippet_bytes,
		                     &h->snippet);
	if (rc < 0) { /* not counted in n_hits, so not freed with them */
		free(h->storage);
		h->storage = NULL;
		return rc;
	}
	h->score = p->score;
	h->rank = rank;
	return 0;
}

static xc_status get_mset(sm_searcher *s, const xc_query *q, const sm_search_opts *o,
                          unsigned per_group, unsigned max, xc_mset **out)
{
	xc_enquire *enq = NULL;
	xc_status st = xc_enquire_new(s->db, &enq);
	if (st == XC_OK)
		st = xc_enquire_set_query(enq, q);
	if (st == XC_OK)
		st = xc_enquire_set_bm25(enq, o->rank.k1, 0, 1, o->rank.b, 0.5);
	/* Ties by the group key, then by document id: one order over shards,
	 * since a group's passages share a shard and keep their order there.
	 * The collapse reads that value already; a separate tie-break slot
	 * made Xapian stream a second value slot (10% of a first page). */
	if (st == XC_OK)
		st = xc_enquire_set_sort_relevance_then_value(enq, o->group, 0);
	if (st == XC_OK && per_group)
		st = xc_enquire_set_collapse(enq, o->group, per_group);
	if (st == XC_OK)
		st = xc_enquire_mset(enq, 0, max, 0, out);
	xc_enquire_free(enq);
	return st;
}

static int seen_in(const xc_mset *ms, unsigned docid)
{
	for (size_t i = 0; i < xc_mset_size(ms); i++)
		if (xc_mset_docid(ms, i) == docid)
			return 1;
	return 0;
}

static pick pick_of(const xc_mset *ms, size_t i, size_t order)
{
	return (pick){ms, i, xc_mset_weight(ms, i), order};
}

/* The ranking: first the best passages with at most per_group from one
 * group, article or section (Xapian's collapse), then, only when those run
 * out, the passages that collapse held back, in their own order. */
static size_t rank_hits(const xc_mset *best, const xc_mset *rest, pick *picks, size_t need)
{
	size_t n = 0;
	for (size_t i = 0; i < xc_mset_size(best) && n < need; i++, n++)
		picks[n] = pick_of(best, i, n);
	for (size_t i = 0; rest && i < xc_mset_size(rest) && n < need; i++)
		if (!seen_in(best, xc_mset_docid(rest, i))) {
			picks[n] = pick_of(rest, i, n);
			n++;
		}
	return n;
}

/* Article context: the first CONTEXT_DEPTH picks are re-ranked by their
 * own weight plus `lift` times the best weight among them of a passage of
 * the same article. A passage is better evidence when its article answers
 * the question too (a stroke article's "Exams" section rather than a
 * passing mention of stroke). Always the same first picks, whatever page
 * is asked for, so that pages never overlap. */
#define CONTEXT_DEPTH 15

static int by_score(const void *x, const void *y)
{
	const pick *a = x, *b = y;
	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	return (a->order > b->order) - (a->order < b->order);
}

/* The article's key: the value the index keeps for grouping by article. */
static xc_status article_key(const pick *p, uint64_t *key)
{
	xc_doc *doc = NULL;
	const char *v = NULL;
	size_t len = 0;
	xc_status st = xc_mset_document(p->ms, p->i, &doc);
	if (st == XC_OK)
		st = xc_doc_get_value(doc, SM_GROUP_ARTICLE, &v, &len);
	*key = 0;
	for (size_t k = 0; st == XC_OK && k < len && k < 8; k++)
		*key = *key << 8 | (unsigned char)v[k];
	xc_doc_free(doc);
	return st;
}

static xc_status lift_by_article(pick *picks, size_t n, double lift)
{
	uint64_t keys[CONTEXT_DEPTH];
	double best[CONTEXT_DEPTH];
	if (n > CONTEXT_DEPTH)
		n = CONTEXT_DEPTH;
	if (lift <= 0 || n < 2)
		return XC_OK;
	for (size_t i = 0; i < n; i++) {
		xc_status st = article_key(&picks[i], &keys[i]);
		if (st != XC_OK)
			return st;
	}
	for (size_t i = 0; i < n; i++) {
		best[i] = picks[i].score;
		for (size_t j = 0; j < n; j++)
			if (keys[j] == keys[i] && picks[j].score > best[i])
				best[i] = picks[j].score;
	}
	for (size_t i = 0; i < n; i++)
		picks[i].score += lift * best[i];
	qsort(picks, n, sizeof *picks, by_score);
	return XC_OK;
}

/* Pseudo-relevance feedback: the most telling words of the best few
 * passages (Xapian's ESet) join the query at a fraction of its weight.
 * *out is NULL when feedback is off or found nothing to add. */
static xc_status expand(sm_searcher *s, const xc_query *q, const sm_search_opts *o, xc_query **out)
{
	const sm_rank_params *p = &o->rank;
	xc_enquire *enq = NULL;
	xc_mset *ms = NULL;
	char **terms = NULL;
	size_t n = 0, k = 0;
	*out = NULL;
	if (p->feedback <= 0 || p->fb_docs < 1 || p->fb_terms < 1)
		return XC_OK;
	xc_status st = xc_enquire_new(s->db, &enq);
	if (st == XC_OK)
		st = xc_enquire_set_query(enq, q);
	if (st == XC_OK)
		st = xc_enquire_set_bm25(enq, p->k1, 0, 1, p->b, 0.5);
	if (st == XC_OK)
		st = xc_enquire_mset(enq, 0, (unsigned)p->fb_docs, 0, &ms);
	unsigned ids[64];
	size_t nids = 0;
	for (size_t i = 0; st == XC_OK && i < xc_mset_size(ms) && nids < 64; i++)
		ids[nids++] = xc_mset_docid(ms, i);
	/* Ask for more than wanted: field and id terms are dropped below. */
	if (st == XC_OK && nids)
		st = xc_enquire_expand(enq, ids, nids, 4 * (unsigned)p->fb_terms, &terms, NULL, &n);
	xc_query **parts = st == XC_OK && n ? calloc(n + 1, sizeof *parts) : NULL;
	for (size_t i = 0; parts && i < n && k < (size_t)p->fb_terms; i++)
		if (terms[i][0] >= 'a' || (terms[i][0] >= '0' && terms[i][0] <= '9') ||
		    (unsigned char)terms[i][0] >= 0x80)
			if (xc_query_term(terms[i], 1, 0, &parts[k]) == XC_OK)
				k++;
	xc_query *more = NULL, *scaled = NULL;
	if (k && xc_query_combine(XC_OP_OR, parts, k, 0, &more) == XC_OK &&
	    xc_query_scale(more, p->feedback, &scaled) == XC_OK) {
		xc_query *both[2] = {(xc_query *)q, scaled};
		if (xc_query_combine(XC_OP_OR, both, 2, 0, out) != XC_OK)
			*out = NULL;
	}
	for (size_t i = 0; parts && i < k; i++)
		xc_query_free(parts[i]);
	free(parts);
	xc_query_free(more);
	xc_query_free(scaled);
	xc_strv_free(terms);
	xc_mset_free(ms);
	xc_enquire_free(enq);
	return st;
}

/* One attempt; -2 when the index changed under us (reopen and retry). */
static int run(sm_searcher *s, const xc_query *q0, const builder *b, const sm_search_opts *o,
               sm_results *r, char *err, size_t errlen)
{
	unsigned need = o->offset + o->limit;
	/* The article context re-ranks the same first passages for any page. */
	unsigned want = o->rank.context > 0 && need < CONTEXT_DEPTH ? CONTEXT_DEPTH : need;
	want = want ? want : 1; /* to tell whether anything matches */
	xc_mset *best = NULL, *rest = NULL;
	xc_query *wide = NULL;
	xc_status st = expand(s, q0, o, &wide);
	const xc_query *q = wide ? wide : q0;
	if (st == XC_OK)
		st = get_mset(s, q, o, o->per_group, want, &best);
	if (st == XC_OK && o->per_group && xc_mset_size(best) < want)
		st = get_mset(s, q, o, 0, want + (unsigned)xc_mset_size(best), &rest);
	xc_query_free(wide);
	pick *picks = st == XC_OK ? calloc(want, sizeof *picks) : NULL;
	size_t n = picks ? rank_hits(best, rest, picks, want) : 0;
	if (picks)
		st = lift_by_article(picks, n, o->rank.context);
	if (st != XC_OK || !picks) {
		free(picks);
		xc_mset_free(best);
		xc_mset_free(rest);
		if (st == XC_ERR_MODIFIED)
			return -2;
		return sm_fail(err, errlen, "search failed: %s",
		               st != XC_OK ? xc_last_error() : "out of memory");
	}
	/* Xapian's estimate can count matches where there are none (a query
	 * of AND_NOT): none found, none counted. */
	unsigned estimate = xc_mset_estimated_uncollapsed(best);
	r->total = n == 0 ? 0 : estimate > n ? estimate : (unsigned)n;
	if (n > need)
		n = need;
	r->hits = calloc(n > o->offset ? n - o->offset : 1, sizeof *r->hits);
	int rc = r->hits ? 0 : -1;
	for (size_t k = o->offset; k < n && rc == 0; k++) {
		rc = fill_hit(s, b, &picks[k], o, (unsigned)k + 1, &r->hits[r->n_hits]);
		r->n_hits += rc == 0;
	}
	free(picks);
	xc_mset_free(best);
	xc_mset_free(rest);
	if (rc == -1)
		sm_fail(err, errlen, "cannot read a result: %s",
		        *xc_last_error() ? xc_last_error() : "out of memory");
	return rc;
}

static void clear_hits(sm_results *r)
{
	for (size_t i = 0; i < r->n_hits; i++) {
		free(r->hits[i].storage);
		sm_snippet_free(&r->hits[i].snippet);
	}
	free(r->hits);
	r->hits = NULL;
	r->n_hits = 0;
}

/* In the launcher block at the end of this file. */
static int complete_last_word(sm_searcher *s, const char *question, sm_qnode *tree);

/* One attempt at the whole search, from the words typed: -2 when the
 * index changed under it (reopen and make it again), -1 on error. */
static int attempt(sm_searcher *s, const char *question, const sm_search_opts *o, sm_results *r,
                   char *err, size_t errlen)
{
	sm_qnode *tree = NULL;
	fix *fixes = NULL;
	size_t n_fixes = 0;
	builder b = {.s = s, .rank = &o->rank};
	int message = 0;
	s->modified = 0;
	int rc = sm_query_parse(question, &tree, &message) == 0 ? 0 : -1;
	if (rc == 0 && tree && o->partial)
		rc = complete_last_word(s, question, tree);
	if (rc == 0 && tree && o->spelling)
		/* In a message the other words carry it, and a real word the
		 * articles lack is more often meant than misspelt; a short
		 * query's word is corrected anyway ("prostrate"). */
		rc = correct(s, message ? o->dictionary : NULL, tree, &fixes, &n_fixes);
	if (rc == 0 && n_fixes && !(r->corrected = corrected_text(question, fixes, n_fixes)))
		rc = -1;
	xc_query *q = rc == 0 && tree ? build(&b, tree) : NULL;
	q = with_title_match(&b, tree, with_intent(&b, tree, q));
	if (b.failed)
		rc = -1;
	if (rc < 0)
		sm_fail(err, errlen, "out of memory");
	if (rc == 0 && q)
		rc = run(s, q, &b, o, r, err, errlen);
	if (rc == 0 && s->modified) /* a read above went without: do it again */
		rc = -2;
	xc_query_free(q);
	sm_qnode_free(tree);
	for (size_t i = 0; i < n_fixes; i++) {
		free(fixes[i].from);
		free(fixes[i].to);
	}
	free(fixes);
	for (size_t i = 0; i < b.n_hl; i++)
		free(b.hl[i]);
	free(b.hl);
	sm_buf_free(&b.term);
	return rc;
}

int sm_search(sm_searcher *s, const char *question, const sm_search_opts *o, sm_results **out,
              char *err, size_t errlen)
{
	sm_results *r = calloc(1, sizeof *r);
	int rc =
	    r ? attempt(s, question, o, r, err, errlen) : sm_fail(err, errlen, "out of memory");
	for (int tries = 0; rc == -2; tries++) {
		clear_hits(r);
		free(r->corrected);
		*r = (sm_results){0};
		if (tries == MAX_RETRIES || xc_db_reopen(s->db, NULL) != XC_OK)
			rc = sm_fail(err, errlen, "the index keeps changing; try again");
		else
			rc = attempt(s, question, o, r, err, errlen);
	}
	if (rc < 0) {
		sm_results_free(r);
		return -1;
	}
	*out = r;
	return 0;
}

void sm_results_free(sm_results *r)
{
	if (!r)
		return;
	clear_hits(r);
	free(r->corrected);
	free(r);
}

/* ---- launchers: look-up by id, reopening, the partial last word --------
 * Kept apart from the ranking above: nothing here changes a search made
 * without sm_search_opts.partial. */

#define PARTIAL_MIN 2   /* bytes typed before the last word is completed */
#define PARTIAL_MAX 20  /* completions of it, the most frequent first */
#define MAX_TERM    240 /* the indexer cuts its id terms at this length */

int sm_searcher_reopen(sm_searcher *s, int *changed, char *err, size_t errlen)
{
	if (changed)
		*changed = 0;
	if (xc_db_reopen(s->db, changed) != XC_OK)
		return sm_fail(err, errlen, "cannot reopen the index: %s", xc_last_error());
	return 0;
}

/* The document holding the boolean term "Q" + id. */
static xc_status doc_of_id(sm_searcher *s, const char *id, xc_doc **doc)
{
	char term[MAX_TERM + 1];
	snprintf(term, sizeof term, "Q%s", id);
	xc_query *q = NULL;
	xc_enquire *enq = NULL;
	xc_mset *ms = NULL;
	xc_status st = xc_query_term(term, 1, 0, &q);
	if (st == XC_OK)
		st = xc_enquire_new(s->db, &enq);
	if (st == XC_OK)
		st = xc_enquire_set_query(enq, q);
	if (st == XC_OK)
		st = xc_enquire_mset(enq, 0, 1, 0, &ms);
	if (st == XC_OK)
		st = xc_mset_size(ms) ? xc_mset_document(ms, 0, doc) : XC_ERR_NOT_FOUND;
	xc_mset_free(ms);
	xc_enquire_free(enq);
	xc_query_free(q);
	return st;
}

static xc_status read_id(sm_searcher *s, const char *id, sm_record *rec, char **storage)
{
	xc_doc *doc = NULL;
	xc_status st = doc_of_id(s, id, &doc);
	return st == XC_OK ? decode_doc(doc, rec, storage) : st;
}

int sm_searcher_get(sm_searcher *s, const char *id, sm_record *rec, char **storage, char *err,
                    size_t errlen)
{
	xc_status st = read_id(s, id, rec, storage);
	for (int tries = 0; st == XC_ERR_MODIFIED && tries < MAX_RETRIES; tries++)
		st = xc_db_reopen(s->db, NULL) == XC_OK ? read_id(s, id, rec, storage)
		                                        : XC_ERR_MODIFIED;
	if (st == XC_ERR_NOT_FOUND) {
		sm_fail(err, errlen, "no passage '%s' in the index", id);
		return 1;
	}
	if (st == XC_ERR_CORRUPT)
		return sm_fail(err, errlen, "passage '%s' has data of another format", id);
	if (st != XC_OK)
		return sm_fail(err, errlen, "cannot read passage '%s': %s", id, xc_last_error());
	return 0;
}

/* The node of the question's last word: the last word or phrase of the
 * tree, when it is one plain word (not -excluded). */
static sm_qnode *last_word(sm_qnode *n)
{
	if (n->kind == SM_Q_TERM)
		return n->n_words == 1 && n->sign >= 0 ? n : NULL;
	if (n->kind == SM_Q_PHRASE || n->n_kids == 0)
		return NULL;
	return last_word(n->kids[n->n_kids - 1]);
}

/* Still typing: the question ends in a letter or digit (or any non-ASCII
 * byte), not in white space, a quote or a bracket. */
static int ends_in_word(const char *q)
{
	size_t n = strlen(q);
	unsigned char c = n ? (unsigned char)q[n - 1] : ' ';
	return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Append a one-word TERM node like `like` for `word` to or->kids. */
static int add_word_kid(sm_qnode * or, const sm_qnode *like, const char *word)
{
	sm_qnode *k = calloc(1, sizeof *k);
	sm_qnode **kids = realloc(or->kids, (or->n_kids + 1) * sizeof *kids);
	if (kids)
		or->kids = kids;
	if (k)
		k->words = malloc(sizeof *k->words);
	if (!k || !kids || !k->words || !(k->words[0] = strdup(word))) {
		if (k)
			free(k->words);
		free(k);
		return -1;
	}
	*k = (sm_qnode){.kind = SM_Q_TERM,
	                .field = like->field,
	                .words = k->words,
	                .n_words = 1,
	                .pos = like->pos};
	or->kids[or->n_kids++] = k;
	return 0;
}

/* Whether a completion's stem is one an earlier kid already has. */
static int same_stem(sm_searcher *s, const sm_qnode * or, const char *word)
{
	const char *mine = sm_stem(s->stem, word, strlen(word)); /* cached: stays valid */
	int same = !mine;
	for (size_t i = 0; mine && !same && i < or->n_kids; i++) {
		const char *w = or->kids[i]->words[0];
		const char *other = sm_stem(s->stem, w, strlen(w));
		same = !other || strcmp(other, mine) == 0;
	}
	return same;
}

/* Turn the last word of a question being typed into an OR of the word (if
 * the index knows it) and the most frequent words of the spelling table
 * that begin with it, one per stem, stop words left out: "radiat" finds
 * "radiation", "radiating". A stop word or a word shorter than PARTIAL_MIN
 * is left as typed. Returns -1 only when memory runs out. */
static int complete_last_word(sm_searcher *s, const char *question, sm_qnode *tree)
{
	sm_qnode *n = last_word(tree);
	if (!n || !ends_in_word(question))
		return 0;
	const char *w = n->words[0];
	if (strlen(w) < PARTIAL_MIN || sm_is_stopword(w, strlen(w)))
		return 0;
	char **words = NULL;
	size_t n_words = 0;
	if (noted(s, xc_db_spelling_words(s->db, w, PARTIAL_MAX, &words, &n_words)) != XC_OK)
		return 0; /* a search without completions is still an answer */
	sm_qnode or = {.kind = SM_Q_OR, .sign = n->sign};
	int rc = passages_with(s, w) > 0 ? add_word_kid(& or, n, w) : 0;
	for (size_t i = 0; i < n_words && rc == 0; i++)
		if (!sm_is_stopword(words[i], strlen(words[i])) && !same_stem(s, & or, words[i]))
			rc = add_word_kid(& or, n, words[i]);
	xc_strv_free(words);
	if (rc < 0 || or.n_kids == 0) {
		for (size_t i = 0; i < or.n_kids; i++)
			sm_qnode_free(or.kids[i]);
		free(or.kids);
		return rc;
	}
	for (size_t i = 0; i < n->n_words; i++)
		free(n->words[i]);
	free(n->words);
	*n = or ;
	return 0;
}
