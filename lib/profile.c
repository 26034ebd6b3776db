/* profile.c - the index profile: what a build writes and accepts.
 * Apart from index.c so that readers (smsearch) link no article reader. */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "index.h"
#include "norm.h"
#include "xapian-c.h"

/* 2: field terms without positions, file terms and collapse keys hashed,
 * a whole-title term ("XT"). 3: intent answer counts ("XI"). 4: the
 * abbreviations passages define (SM_META_ACRONYMS), the storage,
 * transmission and stopping intents, "-itis" words unstemmed. 5: lay and
 * clinical names in the thesaurus. */
#define SCHEMA "smsearch-index-5;english"

void sm_index_profile(sm_buf *out)
{
	sm_buf_adds(out, SCHEMA ";");
	sm_buf_adds(out, sm_norm_profile_id());
}

int sm_index_check_profile(const struct xc_db *db, const char *dir, char *err, size_t errlen)
{
	char *have = NULL;
	if (xc_db_get_metadata(db, SM_META_PROFILE, &have) != XC_OK)
		return sm_fail(err, errlen, "%s: %s", dir, xc_last_error());
	sm_buf want = SM_BUF_INIT;
	sm_index_profile(&want);
	int rc = 0;
	if (*have == '\0') {
		unsigned n = 0;
		xc_db_doccount(db, &n);
		if (n > 0)
			rc = sm_fail(err, errlen, "%s: not an smsearch index", dir);
	} else if (strcmp(have, sm_buf_str(&want)) != 0) {
		rc = sm_fail(
		    err, errlen,
		    "%s: index built with another profile (%s); rebuild it with smindex --force",
		    dir, have);
	}
	free(have);
	sm_buf_free(&want);
	return rc;
}
