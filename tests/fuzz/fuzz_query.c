/* Fuzz target: the whole query path (parse, correct, expand, rank,
 * snippet) against a small index made once from a built-in article. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "index.h"
#include "norm.h"
#include "search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char ARTICLE[] =
    "Radiation therapy and the spine\n\nspine treatment\n\n"
    "What are the side effects?\n\nFatigue, skin changes and nausea are common side effects.\n\n"
    "Options:\n\n  \xE2\x80\xA2 Surgery: spinal decompression relieves pressure.\n"
    "  \xE2\x80\xA2 Chemotherapy: drugs that kill cancer cells.\n\n"
    "Characteristics Values\nCommon symptoms Back pain, weakness\nDiagnostic tests MRI, CT scan\n"
    "Prognosis Varies by stage\n\nThe caf\xC3\xA9 in Z\xC3\xBCrich serves cr\xC3\xA8me "
    "br\xC3\xBBl\xC3\xA9"
    "e.\n";

static sm_searcher *searcher(void)
{
	static sm_searcher *s; /* made once per fuzzing process */
	if (s)
		return s;
	char dir[] = "/tmp/smfuzzXXXXXX", path[64], db[64], err[256];
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof path, "%s/a.txt", dir);
	snprintf(db, sizeof db, "%s/db", dir);
	FILE *f = fopen(path, "w");
	if (!f || fputs(ARTICLE, f) < 0 || fclose(f) != 0)
		abort();
	sm_index *ix = NULL;
	if (sm_index_open(db, 0, &ix, err, sizeof err) < 0 ||
	    sm_index_add_file(ix, path, NULL, NULL, err, sizeof err) < 0 ||
	    sm_index_commit(ix, err, sizeof err) < 0)
		abort();
	sm_index_close(ix);
	const char *dbs[] = {db};
	if (sm_searcher_open(dbs, 1, &s, err, sizeof err) < 0)
		abort();
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *q = NULL;
	if (size > 4096 || sm_utf8_sanitize((const char *)data, size, &q, NULL, NULL) < 0)
		return 0;
	sm_search_opts o;
	sm_search_opts_init(&o);
	sm_results *r = NULL;
	char err[256];
	if (sm_search(searcher(), q, &o, &r, err, sizeof err) == 0) {
		for (size_t i = 0; i < r->n_hits; i++)
			for (size_t k = 0; k < r->hits[i].snippet.n_hl; k++)
				if (r->hits[i].snippet.hl[k].end > r->hits[i].snippet.len)
					abort();
		sm_results_free(r);
	}
	free(q);
	return 0;
}
