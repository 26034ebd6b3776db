/* check.h - an invariant of a fuzz target: abort (a crash libFuzzer
 * reports and saves) when it does not hold. */
#ifndef SM_FUZZ_CHECK_H
#define SM_FUZZ_CHECK_H

#include <stdlib.h>

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c))                                                                          \
			abort();                                                                   \
	} while (0)

#endif
