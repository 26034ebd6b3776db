/* article.h - an article cut into passages.
 *
 * The parser reads the shape of the health articles this tool is for: a
 * title line, an optional keyword line, paragraphs separated by blank
 * lines, question headings ("...?"), sub-headings ("...:"), bullet items,
 * two-column tables whose separator was lost, and page furniture (a site
 * name repeated between sections, a "Written by / Share this post" trailer)
 * that must never come back as an answer. JSON Lines articles are read with
 * the same rules over their `text`, plus their `sections`.
 *
 * An article owns everything it points to; sm_article_free releases it.
 * Passages point into the article's `text` (the sanitised source bytes), so
 * highlights can be mapped back to the user's own characters.
 */
#ifndef SM_ARTICLE_H
#define SM_ARTICLE_H

#include <stddef.h>

#include "buf.h"

typedef enum {
	SM_PASSAGE_PARA,
	SM_PASSAGE_ITEM, /* a bullet item */
	SM_PASSAGE_ROW,  /* a table row, keyed by its label */
	SM_PASSAGE_CODE  /* a code block: its text as written */
} sm_passage_kind;

#define SM_MAX_LEVELS 3

typedef struct {
	size_t off, len;                  /* the passage's bytes in article->text */
	const char *heads[SM_MAX_LEVELS]; /* heading path, NULL where none */
	const char *label;                /* a table row's label, else NULL */
	const char *ref;                  /* external id (JSONL passage_id) or NULL */
	const char *anchor;               /* id of an element at or before it (HTML), a
	                                     heading's slug (Markdown), or NULL */
	unsigned line;                    /* 1-based line in the file */
	unsigned number;                  /* 0-based passage number in the article */
	sm_passage_kind kind;
} sm_passage;

typedef struct {
	char *id;
	char *title;
	char *path;           /* the file it came from */
	char *url;            /* or NULL */
	const char *keywords; /* the keyword line, or NULL */
	char *text;           /* sanitised text the passages point into */
	size_t text_len;
	sm_passage *passages;
	size_t n_passages;
	size_t n_invalid; /* invalid UTF-8 sequences replaced */
	/* private: strings the heading pointers refer to */
	char **strings;
	size_t n_strings;
} sm_article;

/* A plain-text article: `id` names it, `path` and `line0` (the line of the
 * text's first byte, normally 1) say where it is. The text may be any
 * bytes. Returns 0, or -1 when memory runs out; *out is the caller's. */
int sm_article_parse_text(const char *id, const char *path, const char *text, size_t len,
                          unsigned line0, sm_article **out);

/* One JSON Lines record found at `line` of `path`. Returns 0, or -1 with a
 * one-line reason in err (not JSON, no "text", ...). */
int sm_article_parse_json(const char *path, unsigned line, const char *json, size_t len,
                          sm_article **out, char *err, size_t errlen);

void sm_article_free(sm_article *a);

/* Remove from `a` each passage whose text repeats an earlier one of the
 * same article (the same words, case and white space aside), such as a
 * summary paragraph repeated under a later heading; the others are
 * renumbered. Returns how many were removed (none when memory runs out:
 * repeats are only noise). */
size_t sm_article_drop_repeats(sm_article *a);

/* ---- building an article from blocks (the HTML and Markdown readers) ----
 *
 * A builder collects one article's title, headings and passages in
 * document order and lays the passages out as the article's text, joined by
 * blank lines. Everything passed in is copied (any bytes: invalid UTF-8 is
 * replaced and counted in n_invalid). The builder owns what it collected
 * until sm_builder_finish hands the article to the caller; it never prints.
 * Functions returning int return 0, or -1 when memory ran out; after a
 * failure the builder ignores further calls and finish returns -1.
 */
typedef struct sm_builder sm_builder;

/* A builder for the article `id` read from `path`, or NULL (no memory). */
sm_builder *sm_builder_new(const char *id, const char *path);
/* The article's title and url; the first call that gives a non-empty one
 * wins. Without a title the article is named by its first words. */
int sm_builder_title(sm_builder *b, const char *s, size_t len);
int sm_builder_url(sm_builder *b, const char *url);
/* A heading at `level` (0 = a section; deeper levels than SM_MAX_LEVELS-1
 * count as the last): it heads the passages after it, and ends the
 * headings below its level. Empty text ends the level. */
int sm_builder_heading(sm_builder *b, int level, const char *s, size_t len);
/* A passage of `kind` that starts at `line` of the file. Text is trimmed of
 * white space at both ends (code keeps its indentation); an empty text, and
 * a short line of page furniture ("Share this post") outside code, is left
 * out. `label` (a row's key) and `anchor` may be NULL. */
int sm_builder_passage(sm_builder *b, sm_passage_kind kind, const char *s, size_t len,
                       unsigned line, const char *label, const char *anchor);
/* A table row being read: its cells joined by " | ", the first one its
 * label. Start with SM_ROW_INIT; sm_builder_row or sm_row_free ends it. */
typedef struct {
	sm_buf text;
	size_t cells, first;
} sm_row;
#define SM_ROW_INIT                                                                                \
	{                                                                                          \
		SM_BUF_INIT, 0, 0                                                                  \
	}
/* Add a cell, trimmed of white space; an empty cell is left out. */
void sm_row_cell(sm_row *r, const char *s, size_t len);
void sm_row_free(sm_row *r);
/* The row as an SM_PASSAGE_ROW passage (labelled by its first cell when it
 * has two or more and the first is short), then frees it; a row without a
 * cell adds nothing. Returns 0, or -1 when memory ran out. */
int sm_builder_row(sm_builder *b, sm_row *r, unsigned line, const char *anchor);
/* Passages added so far. */
size_t sm_builder_count(const sm_builder *b);
/* The article, the caller's to free with sm_article_free; the builder is
 * freed in any case. Returns -1 when memory ran out. */
int sm_builder_finish(sm_builder *b, sm_article **out);
/* Drop a builder and what it collected. NULL is fine. */
void sm_builder_free(sm_builder *b);

/* The heading path joined by " › " (malloc()ed; "" when none). */
char *sm_passage_section(const sm_passage *p);

#endif
