/* markdown.h - a Markdown document as an article (the only user of cmark).
 *
 * CommonMark through cmark-gfm, GitHub's fork of cmark, for its table
 * extension (Debian 12 packages both; one process cannot link both, their
 * symbols clash, and cmark-gfm parses CommonMark the same way).
 *
 * The title is a front matter `title:` (a leading "---" block, whose lines
 * are otherwise ignored), else the first level-1 heading, ATX ("# T") or
 * Setext (underlined with "==="). Headings after it: levels 1 and 2 open a
 * section, 3 a sub-section, 4-6 the level under it. Passages: paragraphs,
 * list items (each paragraph of an item is an SM_PASSAGE_ITEM, nested
 * items too), table rows (SM_PASSAGE_ROW, cells joined by " | ", the first
 * cell the label; the header row is left out), and code blocks, fenced or
 * indented (SM_PASSAGE_CODE, the text as written). Raw HTML blocks are
 * left out. A passage's anchor is its heading's GitHub-style slug
 * ("Side effects" -> "side-effects", repeats get "-1", "-2", ...).
 */
#ifndef SM_MARKDOWN_H
#define SM_MARKDOWN_H

#include <stddef.h>

#include "article.h"

/* Parse data[0..len), any bytes (invalid UTF-8 is replaced and counted in
 * n_invalid). Returns 0 with *out set (the caller's, to free with
 * sm_article_free; it may hold no passages), or -1 with a one-line reason
 * in err when memory ran out. */
int sm_markdown_parse(const char *id, const char *path, const char *data, size_t len,
                      sm_article **out, char *err, size_t errlen);

#endif
