/* search.h - answer a question with ranked passages.
 *
 * sm_search parses the question (query.h), drops question words and other
 * stop words from the ranking (they still count inside phrases), corrects
 * words the index has never seen from its spelling table, widens words
 * with the thesaurus, boosts query words found near each other, lifts
 * passages that use the words answering the question's intent (symptoms,
 * treatment, ...: lexicon.h) and articles whose whole title the question
 * names, ranks passages with BM25 and keeps at most a few per article. Each hit carries
 * its stored record and a snippet with the matched words marked.
 *
 * Functions return 0 on success, -1 on error with a one-line message in
 * err. A searcher reopens the index and retries when a writer commits
 * under it.
 */
#ifndef SM_SEARCH_H
#define SM_SEARCH_H

#include <stddef.h>

#include "highlight.h"
#include "record.h"

typedef struct sm_searcher sm_searcher;

/* Open n >= 1 index directories (or stub files, or tcp://HOST:PORT) to be
 * searched as one. */
int sm_searcher_open(const char *const *paths, size_t n, sm_searcher **out, char *err,
                     size_t errlen);
void sm_searcher_close(sm_searcher *s);

/* Results hold back a group's further passages until other groups' have
 * been shown. The values are the index's value slots (index.h). */
typedef enum { SM_GROUP_ARTICLE = 0, SM_GROUP_SECTION = 1 } sm_group;

/* Ranking knobs; sm_search_opts_init sets the tuned defaults. */
typedef struct {
	double k1, b;        /* BM25 */
	double title;        /* weight of a word found in the article title */
	double section;      /* ... in the passage's section headings */
	double proximity;    /* of two query words close together */
	double synonyms;     /* 1 to widen words with the thesaurus, 0 not to */
	double feedback;     /* weight of words taken from the best passages */
	double fb_docs;      /* how many best passages feed back */
	double fb_terms;     /* how many of their words */
	double elite;        /* rank only this many of a long query's words; 0: all */
	double intent;       /* weight of the words that answer the question's intent */
	double intent_head;  /* ... of those words in section headings */
	double intent_title; /* 1: lift only passages whose title holds a topic word */
	double title_exact;  /* weight of an article whose whole title the question names */
	double title_min;    /* ... when that title has at least this many words */
	double rare;         /* long messages: weight words by (idf / mean idf) ^ rare */
	double rare_min;     /* ... from this many content words on */
	double compounds;    /* 1: two words also match the two written as one */
	double title_one;    /* one-word titles: lift when this share of the
	                        word's title passages are that title; 0: never */
	double acronyms;     /* 1: an abbreviation also matches the long forms
	                        the indexed articles define for it; 0: not */
	double context;      /* a passage gains this share of the best weight
	                        among the first 15 of a passage of its article */
	double dose;         /* weight of a dose's words ("25 mg", "5mg") */
} sm_rank_params;

typedef struct {
	unsigned offset;        /* hits to skip */
	unsigned limit;         /* hits to return */
	unsigned per_group;     /* at most this many of one group before the
	                         rest; 0 = no cap */
	sm_group group;         /* what a group is */
	size_t snippet_bytes;   /* about this long; 0 = whole passage */
	int spelling;           /* correct unknown words (default 1) */
	int snippets;           /* make snippets (default 1) */
	int partial;            /* search as you type: the last word, unless the
	                           question ends in white space, also matches the
	                           index's words that begin with it (default 0) */
	const char *dictionary; /* real words, not corrected in a message
	                           (sm_query_is_message; one a line; default
	                           $SMSEARCH_DICT, else /usr/share/dict/words;
	                           NULL or a missing file: none) */
	sm_rank_params rank;
} sm_search_opts;

void sm_search_opts_init(sm_search_opts *o);
/* Set one ranking knob by name, the field's name in sm_rank_params ("k1",
 * "title", ...); -1 for an unknown name or a negative value. */
int sm_rank_set(sm_rank_params *p, const char *name, double value);
/* The name of knob i (0, 1, ...), a static string; NULL past the last. */
const char *sm_rank_name(size_t i);

typedef struct {
	unsigned rank; /* 1-based, counting the offset */
	double score;  /* falls with the ranks among the first 15; passages
	                  held back by per_group may come later with more */
	sm_record rec; /* points into `storage` */
	char *storage;
	sm_snippet snippet;
} sm_hit;

typedef struct {
	char *corrected; /* the question as corrected, or NULL */
	unsigned total;  /* estimated number of matching passages */
	sm_hit *hits;
	size_t n_hits;
} sm_results;

int sm_search(sm_searcher *s, const char *question, const sm_search_opts *o, sm_results **out,
              char *err, size_t errlen);
void sm_results_free(sm_results *r);

/* ---- for launchers: look-ups by id, reopening -------------------------- */

/* The passage whose id is `id` ("ARTICLE#N"). Returns 0 and fills *rec,
 * whose strings point into *storage (malloc()ed; the caller frees it);
 * 1 when the index holds no such passage; -1 on error. */
int sm_searcher_get(sm_searcher *s, const char *id, sm_record *rec, char **storage, char *err,
                    size_t errlen);
/* Catch up with the latest commit of the index (cheap when there is none).
 * *changed, if not NULL, is set to 1 when a newer revision was opened. */
int sm_searcher_reopen(sm_searcher *s, int *changed, char *err, size_t errlen);

#endif
