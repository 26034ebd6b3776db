/* uri.h - where a passage opens: the URI launchers hand to the desktop.
 *
 * A passage with an anchor (the id of an HTML element at or before it, a
 * Markdown heading's slug) opens at it: its article's web address, else
 * its file, + "#anchor". Else an article with a web address (http or
 * https) opens there, at the passage through a text fragment
 * ("#:~:text=first%20words", which Chromium, Safari and Firefox 131+
 * scroll to and mark; others open the page's top). Any other article opens
 * as its source file, at the passage's line: "file:///abs/path.txt#L53"
 * (the line anchor is the convention of code hosts; a desktop text editor
 * opens the file and ignores it). Paths and words are percent-encoded
 * (RFC 3986).
 */
#ifndef SM_URI_H
#define SM_URI_H

#include "buf.h"
#include "record.h"

/* Append the passage's URI to `out`. Returns 0, or -1 when memory ran out. */
int sm_record_uri(const sm_record *r, sm_buf *out);
/* Append the URI of the source file at the passage's line (what
 * sm_record_uri gives for an article without a web address). */
int sm_record_file_uri(const sm_record *r, sm_buf *out);

#endif
