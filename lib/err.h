/* err.h - one-line error messages for the library's callers. */
#ifndef SM_ERR_H
#define SM_ERR_H

#include <stddef.h>

/* Format a message into err[0..errlen) (err may be NULL) and return -1,
 * so that `return sm_fail(err, errlen, "...", ...);` reports and fails. */
int sm_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
