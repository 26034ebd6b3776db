/* dict.h - a list of real words (one a line, as /usr/share/dict/words).
 *
 * Spelling correction replaces a word the index has never seen by the
 * nearest word it has; a real word the articles happen not to use
 * ("insisted", "warehouse") would be swapped for another ("inserted",
 * "waterhouse"). The list tells such words apart from misspellings. */
#ifndef SM_DICT_H
#define SM_DICT_H

#include <stddef.h>

typedef struct sm_dict sm_dict;

/* Map the list at path; NULL (errno set) when it cannot be read. The
 * caller closes it with sm_dict_close. */
sm_dict *sm_dict_open(const char *path);

/* 1 if word[0..len) (lower case) is a line of the list, else 0. */
int sm_dict_has(const sm_dict *d, const char *word, size_t len);

void sm_dict_close(sm_dict *d);

#endif
