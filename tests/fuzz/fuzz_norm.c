/* Fuzz target: sanitising, both normalisation profiles and the tokeniser.
 * Invariants: the output is valid UTF-8, normalising is idempotent, token
 * offsets lie inside the text in increasing order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#include "norm.h"
#include "tok.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *clean = NULL, *a = NULL, *b = NULL, *q = NULL, *again = NULL;
	size_t n, na, nb, nq, bad;
	if (sm_utf8_sanitize((const char *)data, size, &clean, &n, &bad) < 0)
		return 0;
	CHECK(sm_utf8_sanitize(clean, n, &again, NULL, &bad) == 0 && bad == 0);
	free(again);
	if (sm_norm_text(clean, n, &a, &na) == 0 && sm_norm_text(a, na, &b, &nb) == 0) {
		sm_tok t;
		sm_token tok;
		size_t last = 0;
		sm_tok_init(&t, clean, n);
		while (sm_tok_next(&t, &tok) == 1) {
			CHECK(tok.start >= last && tok.start < tok.end && tok.end <= n);
			CHECK(tok.normlen == strlen(tok.norm));
			last = tok.end;
		}
		sm_tok_free(&t);
	}
	if (sm_norm_query(clean, n, &q, &nq) == 0)
		CHECK(nq == strlen(q));
	free(a);
	free(b);
	free(q);
	free(clean);
	return 0;
}
