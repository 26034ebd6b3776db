/* lexicon.h - stop words and the built-in health thesaurus. */
#ifndef SM_LEXICON_H
#define SM_LEXICON_H

#include <stddef.h>

/* 1 if the normalised word carries no topic: English function words and
 * the question words and filler people type ("what", "please", "thanks"). */
int sm_is_stopword(const char *w, size_t len);

/* The built-in thesaurus: groups of equivalent normalised words or
 * phrases (lay and clinical terms, British and American spellings),
 * each group a NULL-terminated list; the list of groups ends with NULL. */
extern const char *const *const sm_thesaurus[];

/* What a question asks about a topic (its symptoms, its treatment, ...):
 * `cues` are words of a question that ask for it, `answers` words and
 * phrases that passages answering it use (the cues among them). Both
 * NULL-terminated, normalised, stemmed at use. The table ends with a
 * NULL name. The entry named "definition" is the fallback for "what is
 * X" questions that ask for nothing more specific. */
typedef struct {
	const char *name;
	const char *const *cues;
	const char *const *answers;
} sm_intent;

/* At most this many intents (sm_intents is shorter). */
#define SM_MAX_INTENTS 32
extern const sm_intent sm_intents[];

#endif
