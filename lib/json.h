/* json.h - a small JSON reader (for JSON Lines articles) and string writer.
 *
 * sm_json_parse builds a tree the caller frees with sm_json_free. Strings are
 * decoded to UTF-8 and NUL-terminated (they may also contain "\u0000" as a
 * NUL byte: use `len`). Nesting deeper than SM_JSON_MAX_DEPTH is an error, so
 * hostile input cannot exhaust the stack.
 */
#ifndef SM_JSON_H
#define SM_JSON_H

#include <stddef.h>

#include "buf.h"

#define SM_JSON_MAX_DEPTH 64

typedef enum {
	SM_JSON_NULL,
	SM_JSON_BOOL,
	SM_JSON_NUM,
	SM_JSON_STR,
	SM_JSON_ARR,
	SM_JSON_OBJ
} sm_json_type;

typedef struct sm_json sm_json;
struct sm_json {
	sm_json_type type;
	int boolean;     /* SM_JSON_BOOL */
	double num;      /* SM_JSON_NUM */
	char *str;       /* SM_JSON_STR: decoded, NUL-terminated */
	size_t len;      /* SM_JSON_STR: byte length */
	sm_json **items; /* SM_JSON_ARR, SM_JSON_OBJ: values */
	char **keys;     /* SM_JSON_OBJ: keys, parallel to items */
	size_t n;        /* number of items */
};

/* Parse one JSON value filling all of text[0..len) (surrounding white space
 * allowed; text need not be NUL-terminated). Returns 0 and sets *out on
 * success; on error returns -1, sets *out to NULL and writes a one-line
 * message ("column 17: expected ':'", column = byte offset + 1) into err,
 * unless err is NULL or errlen is 0. Invalid UTF-8 and unpaired surrogates
 * inside strings become U+FFFD rather than errors. */
int sm_json_parse(const char *text, size_t len, sm_json **out, char *err, size_t errlen);
void sm_json_free(sm_json *v);
/* The value of `key` in object `obj`, or NULL (also when obj is no object). */
const sm_json *sm_json_get(const sm_json *obj, const char *key);
/* The string of `key` if it is a string, else NULL. */
const char *sm_json_get_str(const sm_json *obj, const char *key);

/* Append s[0..len) as a quoted JSON string: escapes '"', '\\' and control
 * characters; other bytes are copied (the input is valid UTF-8). */
void sm_json_write_str(sm_buf *b, const char *s, size_t len);

#endif
