/* acronym.h - abbreviations an article defines: "normal pressure
 * hydrocephalus (NPH)".
 *
 * Health writing spells a name out once and then uses its initials; people
 * ask with the initials ("support groups for nph"). smindex finds the
 * definitions so that smsearch can widen such a word by its long form.
 * The test is Schwartz and Hearst's ("A simple algorithm for identifying
 * abbreviation definitions in biomedical text", PSB 2003): the letters of
 * the abbreviation, read backwards, are found in order in the words before
 * the parenthesis, and its first letter begins a word. */
#ifndef SM_ACRONYM_H
#define SM_ACRONYM_H

#include <stddef.h>

/* Called for each definition: the abbreviation as written (2 to 10 bytes:
 * letters, digits and hyphens, two capitals or more, lower case only as
 * a final plural 's') and its long form (2 words or more), both pointing
 * into the text, not NUL-terminated. Nonzero stops the scan and is
 * returned. */
typedef int (*sm_acronym_fn)(void *ctx, const char *abbr, size_t abbr_len, const char *def,
                             size_t def_len);

/* Find the definitions in text[0..len); 0, or what fn returned. */
int sm_acronyms_find(const char *text, size_t len, sm_acronym_fn fn, void *ctx);

#endif
