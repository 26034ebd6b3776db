/* markdown.c - Markdown through cmark-gfm. */
#include "markdown.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "buf.h"
#include "norm.h"

/* Longest first cell that still labels its row. */
/* Headings whose slugs are remembered to number repeats. */
#define MAX_SLUGS 1024

typedef struct {
	sm_builder *b;
	const char *anchor; /* the slug of the last heading */
	char *slugs[MAX_SLUGS];
	size_t n_slugs;
	int titled;
	int failed;
} walker;

static int failed(walker *w, int rc)
{
	if (rc < 0)
		w->failed = 1;
	return rc;
}

static int is_type(cmark_node *n, const char *type)
{
	const char *t = n ? cmark_node_get_type_string(n) : NULL;
	return t && strcmp(t, type) == 0;
}

static unsigned line_of(cmark_node *n)
{
	int l = cmark_node_get_start_line(n);
	return l > 0 ? (unsigned)l : 1;
}

/* The inline text under n: soft breaks as spaces, hard ones as new lines,
 * raw HTML left out, an image by its description. */
static void gather(cmark_node *root, sm_buf *b)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	if (!it) {
		b->failed = 1;
		return;
	}
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			sm_buf_adds(b, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
			sm_buf_addc(b, ' ');
			break;
		case CMARK_NODE_LINEBREAK:
			sm_buf_addc(b, '\n');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* GitHub's heading ids: lower case, letters, digits, '-' and '_' kept,
 * spaces made '-', the rest dropped; a repeat gets "-1", "-2", ... */
static const char *slug(walker *w, const char *s, size_t len)
{
	sm_buf b = SM_BUF_INIT;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || isalnum(c) || c == '-' || c == '_')
			sm_buf_addc(&b, (char)tolower(c));
		else if (c == ' ')
			sm_buf_addc(&b, '-');
	}
	if (sm_buf_failed(&b)) {
		w->failed = 1;
		return NULL;
	}
	size_t base = b.len, seen = 0;
	for (size_t i = 0; i < w->n_slugs; i++) {
		const char *o = w->slugs[i];
		if (strncmp(o, sm_buf_str(&b), base) == 0 &&
		    (o[base] == '\0' || (o[base] == '-' && strspn(o + base + 1, "0123456789") &&
		                         o[base + 1 + strspn(o + base + 1, "0123456789")] == '\0')))
			seen++;
	}
	if (seen)
		sm_buf_printf(&b, "-%zu", seen);
	char *out = sm_buf_steal(&b);
	if (!out) {
		w->failed = 1;
		return NULL;
	}
	if (w->n_slugs == MAX_SLUGS) {
		free(w->slugs[0]);
		memmove(w->slugs, w->slugs + 1, (MAX_SLUGS - 1) * sizeof *w->slugs);
		w->n_slugs--;
	}
	w->slugs[w->n_slugs++] = out;
	return out;
}

static void heading(walker *w, cmark_node *n)
{
	sm_buf b = SM_BUF_INIT;
	gather(n, &b);
	int level = cmark_node_get_heading_level(n);
	if (sm_buf_failed(&b)) {
		w->failed = 1;
	} else if (level == 1 && !w->titled) {
		w->titled = 1;
		failed(w, sm_builder_title(w->b, sm_buf_str(&b), b.len));
	} else {
		failed(w,
		       sm_builder_heading(w->b, level <= 2 ? 0 : level - 2, sm_buf_str(&b), b.len));
	}
	if (!w->failed)
		w->anchor = slug(w, sm_buf_str(&b), b.len);
	sm_buf_free(&b);
}

static void passage(walker *w, cmark_node *n, sm_passage_kind kind)
{
	sm_buf b = SM_BUF_INIT;
	if (kind == SM_PASSAGE_CODE)
		sm_buf_adds(&b, cmark_node_get_literal(n));
	else
		gather(n, &b);
	if (sm_buf_failed(&b))
		w->failed = 1;
	else
		failed(w, sm_builder_passage(w->b, kind, sm_buf_str(&b), b.len, line_of(n), NULL,
		                             w->anchor));
	sm_buf_free(&b);
}

static void row(walker *w, cmark_node *tr)
{
	sm_row r = SM_ROW_INIT;
	sm_buf cell = SM_BUF_INIT;
	for (cmark_node *c = cmark_node_first_child(tr); c; c = cmark_node_next(c)) {
		sm_buf_reset(&cell);
		gather(c, &cell);
		sm_row_cell(&r, cell.data, cell.len);
	}
	if (sm_buf_failed(&cell))
		w->failed = 1;
	else
		failed(w, sm_builder_row(w->b, &r, line_of(tr), w->anchor));
	sm_row_free(&r);
	sm_buf_free(&cell);
}

static void walk(walker *w, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	if (!it) {
		w->failed = 1;
		return;
	}
	while (!w->failed && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		int done = 1; /* the node was read whole: skip what it holds */
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HEADING:
			heading(w, n);
			break;
		case CMARK_NODE_PARAGRAPH:
			passage(w, n,
			        cmark_node_get_type(cmark_node_parent(n)) == CMARK_NODE_ITEM
			            ? SM_PASSAGE_ITEM
			            : SM_PASSAGE_PARA);
			break;
		case CMARK_NODE_CODE_BLOCK:
			passage(w, n, SM_PASSAGE_CODE);
			break;
		case CMARK_NODE_HTML_BLOCK:
			break;
		default:
			if (is_type(n, "table_header"))
				break;
			if (is_type(n, "table_row"))
				row(w, n);
			else
				done = 0;
			break;
		}
		if (done && cmark_node_first_child(n))
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
	}
	cmark_iter_free(it);
}

/* A leading "---" block of `key: value` lines (YAML front matter): its
 * title is kept and its bytes made blanks, so lines keep their numbers. */
static void front_matter(walker *w, char *s, size_t len)
{
	if (len < 4 || strncmp(s, "---", 3) != 0 || (s[3] != '\n' && s[3] != '\r'))
		return;
	const char *first = memchr(s, '\n', len);
	if (!first)
		return;
	size_t at = (size_t)(first - s) + 1, ta = 0, te = 0;
	while (at < len) {
		char *nl = memchr(s + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - s) : len, n = end - at;
		if (n && s[at + n - 1] == '\r')
			n--;
		if (n == 3 && (strncmp(s + at, "---", 3) == 0 || strncmp(s + at, "...", 3) == 0)) {
			if (te > ta) {
				w->titled = 1;
				failed(w, sm_builder_title(w->b, s + ta, te - ta));
			}
			for (size_t i = 0; i < end; i++)
				if (s[i] != '\n')
					s[i] = ' ';
			return;
		}
		if (n > 6 && strncmp(s + at, "title:", 6) == 0) {
			ta = at + 6;
			te = at + n;
			while (ta < te && (s[ta] == ' ' || s[ta] == '\t'))
				ta++;
			while (te > ta && (s[te - 1] == ' ' || s[te - 1] == '\t'))
				te--;
			if (te - ta >= 2 && (s[ta] == '"' || s[ta] == '\'') && s[te - 1] == s[ta]) {
				ta++;
				te--;
			}
		}
		at = end + 1;
	}
}

int sm_markdown_parse(const char *id, const char *path, const char *data, size_t len,
                      sm_article **out, char *err, size_t errlen)
{
	walker w = {0};
	char *text = NULL;
	size_t n = 0, bad = 0;
	cmark_parser *p = NULL;
	cmark_node *doc = NULL;
	if (sm_utf8_sanitize(data, len, &text, &n, &bad) < 0 || !(w.b = sm_builder_new(id, path))) {
		w.failed = 1;
	} else {
		front_matter(&w, text, n);
		cmark_gfm_core_extensions_ensure_registered();
		cmark_syntax_extension *table = cmark_find_syntax_extension("table");
		p = cmark_parser_new(CMARK_OPT_DEFAULT);
		if (!p) {
			w.failed = 1;
		} else {
			if (table)
				cmark_parser_attach_syntax_extension(p, table);
			cmark_parser_feed(p, text, n);
			doc = cmark_parser_finish(p);
		}
	}
	if (doc)
		walk(&w, doc);
	else
		w.failed = 1;
	if (doc)
		cmark_node_free(doc);
	if (p)
		cmark_parser_free(p);
	free(text);
	for (size_t i = 0; i < w.n_slugs; i++)
		free(w.slugs[i]);
	if (w.failed || sm_builder_finish(w.b, out) < 0) {
		if (w.failed)
			sm_builder_free(w.b);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	(*out)->n_invalid += bad;
	return 0;
}
