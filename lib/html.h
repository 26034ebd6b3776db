/* html.h - a saved web page as an article (the only user of libxml2).
 *
 * The page is parsed by libxml2's HTML parser, which recovers from broken
 * markup and decodes the page's character set (byte order mark, <meta
 * charset>, Latin-1 when the bytes are not UTF-8); the article is UTF-8.
 *
 * What is read: the <main> element when there is one, else the first
 * <article>, else <body>. The title is the first <h1> there, else the
 * page's og:title or <title>. <h1> (after the title) and <h2> open a
 * section, <h3> a sub-section, <h4>-<h6> the level under it. Passages:
 * paragraphs and any other loose text, list items (SM_PASSAGE_ITEM; a
 * nested list's items are passages of their own), table rows
 * (SM_PASSAGE_ROW: the cells joined by " | ", the first cell its label; a
 * row of header cells only is left out), definitions (<dd>, labelled by
 * their <dt>), and <pre> blocks (SM_PASSAGE_CODE). Left out: script, style,
 * nav, header, footer, aside, forms, hidden elements (hidden, aria-hidden,
 * display:none), landmark roles other than main, and elements whose class
 * or id says cookie/consent/banner, share/social or breadcrumb.
 *
 * Each passage carries the line of the file where it starts and, as its
 * anchor, the id (or <a name>) of the last element met at or before it;
 * the article's url is the page's canonical link or og:url when given.
 */
#ifndef SM_HTML_H
#define SM_HTML_H

#include <stddef.h>

#include "article.h"

/* Parse data[0..len), any bytes. Returns 0 with *out set (the caller's, to
 * free with sm_article_free; it holds no passages when no text was found),
 * or -1 with a one-line reason in err when memory ran out. */
int sm_html_parse(const char *id, const char *path, const char *data, size_t len, sm_article **out,
                  char *err, size_t errlen);

#endif
