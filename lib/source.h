/* source.h - read article files in the formats the indexer knows.
 *
 * A source turns one open file into articles and hands each to a sink.
 * Bad input never stops a run: a broken record or an unreadable part is
 * reported through the sink's warn callback and skipped, and so is an HTML
 * or Markdown file in which no text was found. Memory stays
 * bounded: JSON Lines are streamed, and a single article or line larger
 * than SM_SOURCE_MAX_BYTES is skipped with a message.
 */
#ifndef SM_SOURCE_H
#define SM_SOURCE_H

#include <stdio.h>

#include "article.h"

#define SM_SOURCE_MAX_BYTES (64u << 20)

/* A problem that skips part of the input but not the run. `line` is 0
 * when the message is not about one line. */
typedef void (*sm_warn_fn)(void *ctx, const char *path, unsigned line, const char *msg);

typedef struct {
	sm_warn_fn warn;
	void *warn_ctx;
	/* Takes ownership of `a` (frees it). Returns 0, or -1 to stop the
	 * read (an error of the sink's own, e.g. the index failed). */
	int (*article)(void *ctx, sm_article *a);
	void *article_ctx;
} sm_sink;

typedef enum {
	SM_FORMAT_NONE,
	SM_FORMAT_TEXT,
	SM_FORMAT_JSONL,
	SM_FORMAT_HTML,    /* .html, .htm (html.h) */
	SM_FORMAT_MARKDOWN /* .md, .markdown (markdown.h) */
} sm_format;

/* The format a file name says (by extension), or SM_FORMAT_NONE. */
sm_format sm_source_format(const char *name);

/* Read `f` as `fmt`. `path` is stored with the articles (absolute), `shown`
 * names the file in messages. Returns the number of records skipped (0 when
 * all went in), or -1 when the sink stopped the read. */
int sm_source_read(FILE *f, const char *path, const char *shown, sm_format fmt,
                   const sm_sink *sink);

#endif
