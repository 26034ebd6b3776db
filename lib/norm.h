/* norm.h - Unicode normalisation profiles (the only user of utf8proc).
 *
 * Two profiles, not loose flags, so the index and the query side can never
 * disagree:
 * - index: NFKC, case fold, combining marks stripped ("Café" -> "cafe",
 *   "ﬁ" -> "fi", "Straße" -> "strasse"), typographic apostrophes -> '\''.
 * - query: the index profile applied word by word, leaving query syntax as
 *   typed: the operators AND OR NOT XOR NEAR (upper case), quotes,
 *   parentheses, +/- and a `field:` prefix.
 * Input must be valid UTF-8: run sm_utf8_sanitize on anything from outside.
 * All functions return 0 on success and -1 when memory runs out; strings
 * they return are malloc()ed and freed by the caller.
 */
#ifndef SM_NORM_H
#define SM_NORM_H

#include <stddef.h>

#include "buf.h"

/* Recorded in the index; an index made with another profile is refused. */
const char *sm_norm_profile_id(void);

/* A copy of src[0..len) in which each invalid UTF-8 sequence (and each NUL
 * byte) is replaced by U+FFFD; *nbad (if not NULL) counts replacements. */
int sm_utf8_sanitize(const char *src, size_t len, char **out, size_t *outlen, size_t *nbad);

/* Index profile over valid UTF-8, appended to `out`. */
int sm_norm_append(sm_buf *out, const char *s, size_t len);
/* Index profile; *out is malloc()ed and NUL-terminated. */
int sm_norm_text(const char *s, size_t len, char **out, size_t *outlen);
/* Query profile; *out is malloc()ed and NUL-terminated. */
int sm_norm_query(const char *s, size_t len, char **out, size_t *outlen);

#endif
