/* furniture.h - page furniture recognised from the corpus itself.
 *
 * A block that recurs across many articles of one site - the site's name,
 * "Share this post", "Leave a comment", a newsletter box - is furniture,
 * not an answer. A first pass counts, for each site, in how many of its
 * articles each passage text occurs; a text found in at least
 * 3 and 30% of a site's articles (75% on a site of under 10) is furniture,
 * and sm_furniture_strip leaves it out of an article's passages.
 *
 * A site is the host of an article's url when it has one, else the
 * directory of its file. Texts are compared after the index's
 * normalisation (case, accents, compatibility forms) with punctuation and
 * runs of white space made one space. Passages longer than
 * SM_FURNITURE_MAX_BYTES are never furniture and are not counted.
 *
 * Memory: one small entry for each distinct passage text of the run (a
 * 64-bit hash, not the text); the text itself is kept only for those seen
 * in two articles or more, cut to SM_FURNITURE_SAMPLE bytes, for the
 * report. Functions returning int return 0, or -1 when memory ran out.
 * Nothing here prints.
 */
#ifndef SM_FURNITURE_H
#define SM_FURNITURE_H

#include <stddef.h>

#include "article.h"
#include "buf.h"
#include "source.h"

#define SM_FURNITURE_MAX_BYTES 2000
#define SM_FURNITURE_SAMPLE    160

typedef struct sm_furniture sm_furniture;

/* An empty count, the caller's to free; NULL when memory runs out. */
sm_furniture *sm_furniture_new(void);
void sm_furniture_free(sm_furniture *f); /* NULL is fine */

/* First pass: count the passages of one article. */
int sm_furniture_count(sm_furniture *f, const sm_article *a);
/* First pass over a file: read it as the indexer would (its format from
 * its name, plain text when the name says none) and count each article.
 * Bad input goes to `warn` (may be NULL) and is skipped. Returns the
 * number of records skipped, or -1 when memory ran out. */
int sm_furniture_count_file(sm_furniture *f, const char *path, sm_warn_fn warn, void *ctx);

/* Record what sm_furniture_count counts from now on, article by article,
 * appended to *out (the caller's; NULL stops). A file's record, kept with
 * the index, spares reading the file again while it is unchanged: see
 * sm_furniture_replay. The record holds hashes, not texts. */
void sm_furniture_record(sm_furniture *f, sm_buf *out);
/* Count again what a record holds, as if its articles were read. Returns
 * 0, 1 when the record is not whole (nothing is counted), -1 when memory
 * ran out. Replayed texts have no sample for sm_furniture_report. */
int sm_furniture_replay(sm_furniture *f, const char *record, size_t len);

/* Second pass: remove from `a` the passages that are furniture of its
 * site (the others are renumbered). Returns how many were removed. */
size_t sm_furniture_strip(sm_furniture *f, sm_article *a);
/* Passages removed by sm_furniture_strip so far. */
size_t sm_furniture_removed(const sm_furniture *f);

typedef struct {
	const char *site;       /* host or directory */
	unsigned site_articles; /* articles of the site counted */
	unsigned threshold;     /* articles a text must be in to be furniture */
	const char *text;       /* the text as first met twice (cut) */
	unsigned articles;      /* articles it is in */
	unsigned passages;      /* passages it is (what stripping removes) */
} sm_furniture_item;

/* What is furniture: site by site (in name order), the most widespread
 * first. *items is a malloc()ed array the caller frees (NULL
 * when *n is 0); its strings belong to f. */
int sm_furniture_report(const sm_furniture *f, sm_furniture_item **items, size_t *n);
/* Articles and sites counted. */
size_t sm_furniture_articles(const sm_furniture *f);
size_t sm_furniture_sites(const sm_furniture *f);

#endif
