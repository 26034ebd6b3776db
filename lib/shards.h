/* shards.h - an index kept as several shards, built in parallel.
 *
 * A sharded index is a directory holding shard0 ... shardN-1, each a whole
 * smsearch index with the articles sm_shard_of (index.h) gives it, and a
 * Xapian stub file XAPIANDB listing them, so that readers open the
 * directory as one database. Functions return 0, or -1 with a one-line
 * message in err.
 */
#ifndef SM_SHARDS_H
#define SM_SHARDS_H

#include <stddef.h>

#include "buf.h"

#define SM_MAX_SHARDS 64

/* *n = the number of shards of the index at `db`: 0 when `db` is not a
 * sharded index (a single index, or nothing yet). */
int sm_shards_of(const char *db, unsigned *n, char *err, size_t errlen);
/* out = the directory of shard k of `db`. */
void sm_shard_path(sm_buf *out, const char *db, unsigned k);
/* Write (atomically) the stub file that lists the n shards of `db`. */
int sm_shards_write_stub(const char *db, unsigned n, char *err, size_t errlen);

#endif
