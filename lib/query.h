/* query.h - parse what a person types into a query tree.
 *
 * The syntax is Xapian's familiar subset: words, "quoted phrases", AND OR
 * NOT XOR NEAR (upper case; words in a message of more than 12 words or
 * one in capitals), +must and -mustnot, parentheses, and the
 * fields title: and section:. Parsing never fails: an unbalanced quote or
 * parenthesis is closed, a stray operator is dropped or read as a word.
 * Words are normalised with the query profile (norm.h).
 */
#ifndef SM_QUERY_H
#define SM_QUERY_H

#include <stddef.h>

typedef enum {
	SM_Q_TERM, /* one word, or several from one chunk ("long-term") */
	SM_Q_PHRASE,
	SM_Q_BAG, /* words side by side: ranked OR, with +/- members */
	SM_Q_AND,
	SM_Q_OR,
	SM_Q_NOT, /* kids[0] AND_NOT kids[1..] */
	SM_Q_XOR,
	SM_Q_NEAR
} sm_qkind;

typedef enum { SM_FIELD_ANY, SM_FIELD_TITLE, SM_FIELD_SECTION } sm_qfield;

typedef struct sm_qnode sm_qnode;
struct sm_qnode {
	sm_qkind kind;
	int sign;        /* in a bag: +1 must, -1 must not, 0 plain */
	sm_qfield field; /* TERM, PHRASE */
	char **words;    /* TERM, PHRASE: normalised words */
	size_t n_words;
	unsigned pos; /* TERM, PHRASE: position of the first word in the query */
	sm_qnode **kids;
	size_t n_kids;
};

/* Parse `text` (any valid UTF-8). Returns 0 and a tree the caller frees
 * with sm_qnode_free (NULL for a query with no words), -1 on no memory.
 * *message (when not NULL) is sm_query_is_message(text). */
int sm_query_parse(const char *text, sm_qnode **out, int *message);
/* 1 if `text` (as typed) reads as a message, not a query: more than 12
 * words besides AND, OR, NOT, XOR and NEAR, or three words or more and
 * most of them in capitals. A message's operators are words. */
int sm_query_is_message(const char *text);
void sm_qnode_free(sm_qnode *n);

#endif
