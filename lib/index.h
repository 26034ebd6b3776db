/* index.h - write articles into an smsearch index.
 *
 * One Xapian document per passage. Terms are English stems: the body
 * unprefixed, with positions so phrases work; the title also under "S",
 * the section headings under "XS", the keyword line under "K", these
 * without positions. Heading and title words are added to the body field
 * too, after a position gap, so a heading's words count for every passage
 * under it. "XT" + the title's stems joined by spaces is one ranked term
 * (a whole-title match). Boolean terms: "Q" + passage id, "XA" + article
 * id, "XF" + a 64-bit hash of the file's absolute path in hex. Value 0
 * holds a hash of the article id, value 1 of the article id and the
 * section (its ref when it has one), 8 bytes each: results collapse on
 * them, and passages of equal weight are ordered by them, then by their
 * order in the article. (Indexes before 2026-11-27 also hold the passage
 * id in value 2, which is no longer read.)
 *
 * A file's passages are replaced as a unit: re-indexing a file first
 * removes everything that came from it. Changes become visible at
 * sm_index_commit (or at the batch commits the index makes between files).
 * Functions return 0 on success and -1 on error with a one-line message in
 * `err` (which may be NULL).
 */
#ifndef SM_INDEX_H
#define SM_INDEX_H

#include <stddef.h>

#include "source.h"

typedef struct sm_index sm_index;

typedef struct {
	unsigned files;     /* files read */
	unsigned unchanged; /* files skipped: the index has them as they are */
	unsigned removed;   /* files gone whose passages were removed */
	unsigned articles;  /* articles indexed */
	unsigned passages;  /* passages indexed */
	unsigned skipped;   /* files or records skipped with a warning */
	unsigned repeats;   /* passages left out as repeats within an article */
	size_t invalid;     /* invalid UTF-8 sequences replaced */
} sm_index_stats;

/* Open or create the index directory `dir` (parents are created) for
 * writing. Fails if another process is writing it, or if it was built with
 * another profile (normaliser or index layout), unless `flags` holds
 * SM_INDEX_REBUILD: then an index of another smsearch profile is emptied
 * and started afresh (any other database is still refused). */
#define SM_INDEX_REBUILD 1
/* mkdir -p of the directories above `dir` (sm_index_open does it too). */
int sm_index_make_parents(const char *dir, char *err, size_t errlen);
int sm_index_open(const char *dir, int flags, sm_index **out, char *err, size_t errlen);
/* Index one file, replacing what it gave before; its format comes from its
 * name (source.h), plain text when the name says none. The index records
 * each file's size, modification time and content hash: a file it has as
 * it is now is skipped, unless sm_index_set_force was called. Returns -1
 * only for errors of the index itself; bad input goes to `warn` (see
 * source.h), and an unreadable file keeps what it gave before. */
int sm_index_add_file(sm_index *ix, const char *path, sm_warn_fn warn, void *ctx, char *err,
                      size_t errlen);
void sm_index_set_force(sm_index *ix, int force);
/* Leave the page furniture `f` (furniture.h) out of every article indexed
 * from now on; NULL for none. The caller keeps `f` alive while it is set. */
struct sm_furniture;
void sm_index_set_furniture(sm_index *ix, struct sm_furniture *f);
/* The furniture record (furniture.h) kept for the file at absolute `path`
 * when it had this size and modification time: 0 and a malloc()ed
 * *record the caller frees, 1 when there is none for the file as it is,
 * -1 when the index cannot be read. */
int sm_index_furniture_get(sm_index *ix, const char *path, long long size, long long mtime_ns,
                           char **record, size_t *len);
/* Keep the furniture record of the file at `path` as it was (size, time);
 * visible at the next commit. Re-indexing or removing the file drops it. */
int sm_index_furniture_put(sm_index *ix, const char *path, long long size, long long mtime_ns,
                           const char *record, size_t len, char *err, size_t errlen);
/* Index only the articles of shard `shard` of `shards` (sm_shard_of), as
 * one of several indexes built in parallel over the same files. The
 * registry then counts this shard's passages. Default: 0 of 1 (all). */
void sm_index_set_shard(sm_index *ix, unsigned shard, unsigned shards);
/* The shard of `shards` an article id belongs to: a hash of the id, so the
 * same article always goes to the same shard. */
unsigned sm_shard_of(const char *article_id, unsigned shards);
/* Merge indexes built in parallel over the same files, each with its own
 * shard of the articles (sm_index_set_shard), into a new compacted index
 * at `dest`, which must not exist; its registry counts every part's
 * passages. */
int sm_index_merge(const char *const *parts, size_t n, const char *dest, char *err, size_t errlen);
/* Commit after about this many passages (0: the default, 20000). */
void sm_index_set_batch(sm_index *ix, unsigned passages);
/* Remove the passages of files at or under `path` that the index has but
 * this run did not add (deleted or renamed files). `path` need not exist. */
int sm_index_prune(sm_index *ix, const char *path, char *err, size_t errlen);
/* Add the groups of a thesaurus file (one group a line, its terms
 * separated by tabs, all equivalent; '#' starts a comment line) to the
 * index's synonym table; *groups counts them. -1 on an unreadable file or
 * an index error, with the message in err. */
int sm_index_add_thesaurus(sm_index *ix, const char *path, unsigned *groups, char *err,
                           size_t errlen);
/* Make everything added so far visible to searchers. */
int sm_index_commit(sm_index *ix, char *err, size_t errlen);
const sm_index_stats *sm_index_get_stats(const sm_index *ix);
/* Close; what was not committed is dropped. NULL is fine. */
void sm_index_close(sm_index *ix);

/* Check that the index at `dir` is whole: every file's passages are all
 * there, and no passage lacks its file. Fills st->files and st->passages;
 * each problem goes to `warn`. Returns 0 when whole, 1 when problems were
 * found, -1 when the index cannot be read (message in err). */
int sm_index_check(const char *dir, sm_index_stats *st, sm_warn_fn warn, void *ctx, char *err,
                   size_t errlen);

/* Synonyms are also kept in metadata under this prefix and the stems of a
 * term (value: its synonyms, tab-separated), because Xapian's remote
 * backend serves metadata but not the synonym table. */
#define SM_META_SYNONYMS "smsearch:syn:"
/* Abbreviations the indexed passages define ("nph" -> "normal pressur
 * hydrocephalus"), kept apart from the thesaurus so that a search can
 * leave them out: the abbreviation's normalised word (not its stem) ->
 * the stems of its long forms, tab-separated. */
#define SM_META_ACRONYMS "smsearch:acr:"

/* Metadata key and value every smsearch index carries. */
#define SM_META_PROFILE "smsearch:profile"
/* Append the profile this build writes and accepts to `out`. */
#include "buf.h"
void sm_index_profile(sm_buf *out);
/* 0 if the index `db` (an xc_db) carries this build's profile, else -1 with
 * the reason ("built by another version ...") in err. */
struct xc_db;
int sm_index_check_profile(const struct xc_db *db, const char *dir, char *err, size_t errlen);

#endif
