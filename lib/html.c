/* html.c - web pages through libxml2's HTML parser.
 *
 * Why libxml2: of the HTML parsers Debian 12 packages (libxml2 2.9.14,
 * gumbo 0.10.1; lexbor is not packaged), only libxml2 decodes character
 * sets itself (byte order marks, <meta charset>, iconv, Latin-1 when the
 * bytes are not UTF-8); gumbo reads UTF-8 only, and its upstream stopped
 * in 2016. libxml2's parser predates HTML5's tree-building rules, but it
 * recovers from broken markup, keeps line numbers, knows the entities and
 * stops nesting at 256 levels: all that reading text needs.
 *
 * The tree is walked without recursion: entering a block element ends the
 * text gathered so far (a passage), leaving it ends its own.
 */
#include "html.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "buf.h"

/* Longest first cell that still labels its row. */

typedef struct {
	sm_builder *b;
	const xmlNode *title_h1; /* the <h1> used as the title */
	sm_buf para;             /* loose text being gathered, white space folded */
	int space;               /* white space met since the last character */
	sm_passage_kind kind;    /* of the text being gathered */
	const xmlNode *dd;       /* the <dd> it is in (its <dt> labels it), or NULL */
	const char *anchor;      /* the last id met */
	const char *para_anchor;
	unsigned para_line;
	unsigned fresh_line; /* line of the block last entered, plus new lines */
	int fresh;           /* no text met yet in the block last entered */
	int failed;
} walker;

/* ---- elements ------------------------------------------------------- */

static const char *tag(const xmlNode *n)
{
	return (const char *)n->name;
}

static int is_el(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp(tag(n), name) == 0;
}

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* An attribute's value ("" when it has none), or NULL when absent. */
static const char *attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (strcasecmp((const char *)a->name, name) != 0)
			continue;
		const xmlNode *v = a->children;
		return v && v->type == XML_TEXT_NODE && v->content ? (const char *)v->content : "";
	}
	return NULL;
}

static unsigned line_of(const xmlNode *n)
{
	long l = xmlGetLineNo(n);
	return l > 0 ? (unsigned)l : 1;
}

static int is_inline(const xmlNode *n)
{
	static const char *const inl[] = {
	    "a",      "abbr",  "acronym", "b",    "br", "bdi",  "bdo",   "big",  "cite",
	    "code",   "data",  "del",     "dfn",  "em", "font", "i",     "img",  "ins",
	    "kbd",    "label", "mark",    "q",    "s",  "samp", "small", "span", "strike",
	    "strong", "sub",   "sup",     "time", "tt", "u",    "var",   "wbr",  NULL};
	return in_list(tag(n), inl);
}

/* A class or id naming a cookie banner, a share widget or a breadcrumb. */
static int names_furniture(const char *v)
{
	static const char *const words[] = {"share",     "shares",     "sharing",     "sharebar",
	                                    "sharethis", "social",     "socials",     "addthis",
	                                    "addtoany",  "breadcrumb", "breadcrumbs", NULL};
	char low[256];
	size_t n = 0;
	for (; v[n] && n < sizeof low - 1; n++)
		low[n] = (char)tolower((unsigned char)v[n]);
	low[n] = '\0';
	if (strstr(low, "cookie") || strstr(low, "consent") || strstr(low, "gdpr") ||
	    strstr(low, "banner"))
		return 1;
	for (char *w = low; *w;) {
		size_t k = 0;
		while (isalnum((unsigned char)w[k]))
			k++;
		char end = w[k];
		w[k] = '\0';
		int hit = k && in_list(w, words);
		if (hit)
			return 1;
		w += k + (end != '\0');
	}
	return 0;
}

/* display:none or visibility:hidden in a style attribute. */
static int style_hides(const char *v)
{
	char s[256];
	size_t n = 0;
	for (; *v && n < sizeof s - 1; v++)
		if (!isspace((unsigned char)*v))
			s[n++] = (char)tolower((unsigned char)*v);
	s[n] = '\0';
	return strstr(s, "display:none") || strstr(s, "visibility:hidden");
}

/* Whether an element and what it holds are left out. A page's <header>
 * may hold the title, so the title search lets it through. */
static int skipped(const xmlNode *n, int header_ok)
{
	static const char *const tags[] = {
	    "script", "style",  "noscript", "template", "nav",   "footer", "aside",
	    "form",   "button", "select",   "textarea", "input", "iframe", "svg",
	    "canvas", "object", "embed",    "dialog",   "head",  "title",  "meta",
	    "link",   "map",    "audio",    "video",    NULL};
	static const char *const roles[] = {"navigation", "contentinfo", "complementary", "search",
	                                    "dialog",     "alertdialog", "menu",          "menubar",
	                                    "toolbar",    NULL};
	const char *v;
	if (in_list(tag(n), tags) || (!header_ok && is_el(n, "header")))
		return 1;
	if (attr(n, "hidden") || ((v = attr(n, "aria-hidden")) && strcasecmp(v, "true") == 0))
		return 1;
	if ((v = attr(n, "style")) && style_hides(v))
		return 1;
	if ((v = attr(n, "role")) &&
	    (in_list(v, roles) || (!header_ok && strcmp(v, "banner") == 0)))
		return 1;
	return ((v = attr(n, "class")) && names_furniture(v)) ||
	       ((v = attr(n, "id")) && names_furniture(v));
}

/* The node after n in document order, within root: into n's children when
 * `down`. NULL after the last. */
static const xmlNode *next_in(const xmlNode *n, const xmlNode *root, int down)
{
	if (down && n->children)
		return n->children;
	for (; n && n != root; n = n->parent)
		if (n->next)
			return n->next;
	return NULL;
}

/* The first element named `name` under root that is not left out. */
static const xmlNode *find(const xmlNode *root, const char *name, int header_ok)
{
	for (const xmlNode *n = root; n;) {
		int el = n->type == XML_ELEMENT_NODE;
		if (el && n != root && strcmp(tag(n), name) == 0)
			return n;
		n = next_in(n, root, el && (n == root || !skipped(n, header_ok)));
	}
	return NULL;
}

/* ---- text ----------------------------------------------------------- */

static int html_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Append s with runs of white space folded into one space. */
static void add_folded(sm_buf *b, int *space, const char *s)
{
	for (; *s; s++) {
		if (html_space(*s)) {
			*space = 1;
			continue;
		}
		if (*space && b->len && b->data[b->len - 1] != '\n')
			sm_buf_addc(b, ' ');
		*space = 0;
		sm_buf_addc(b, *s);
	}
}

/* The text under n into b: folded, or as written (`raw`, for <pre>). */
static void gather(const xmlNode *root, sm_buf *b, int raw)
{
	int space = 0;
	for (const xmlNode *n = root; n;) {
		int down = 0;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content && raw)
				sm_buf_adds(b, (const char *)n->content);
			else if (n->content)
				add_folded(b, &space, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE && (n == root || !skipped(n, 0))) {
			down = 1;
			if (is_el(n, "br"))
				raw ? sm_buf_addc(b, '\n') : (void)(space = 1);
			else if (!is_inline(n))
				space = 1;
		}
		n = next_in(n, root, down);
	}
}

/* The passage kind of text under `n`, and the <dd> it is in. */
static sm_passage_kind context(const xmlNode *n, const xmlNode **dd)
{
	static const char *const stops[] = {
	    "ul",   "ol",   "dl",         "menu",   "table",   "tbody", "section", "article",
	    "main", "body", "blockquote", "figure", "details", "td",    "th",      NULL};
	*dd = NULL;
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		if (is_el(n, "li"))
			return SM_PASSAGE_ITEM;
		if (is_el(n, "dd")) {
			*dd = n;
			return SM_PASSAGE_PARA;
		}
		if (in_list(tag(n), stops))
			return SM_PASSAGE_PARA;
	}
	return SM_PASSAGE_PARA;
}

/* The <dt> a <dd> belongs to: back over the <dd>s before it. */
static const xmlNode *term_of(const xmlNode *dd)
{
	for (const xmlNode *s = dd ? dd->prev : NULL; s; s = s->prev) {
		if (s->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(s, "dt"))
			return s;
		if (!is_el(s, "dd"))
			return NULL;
	}
	return NULL;
}

static const xmlNode *next_element(const xmlNode *n)
{
	for (n = n->next; n && n->type != XML_ELEMENT_NODE; n = n->next)
		;
	return n;
}

static int failed(walker *w, int rc)
{
	if (rc < 0)
		w->failed = 1;
	return rc;
}

/* The text gathered so far becomes a passage. */
static void flush(walker *w)
{
	if (sm_buf_failed(&w->para))
		w->failed = 1;
	if (w->para.len && !w->failed) {
		sm_buf label = SM_BUF_INIT;
		const xmlNode *dt = term_of(w->dd);
		if (dt)
			gather(dt, &label, 0);
		failed(w, sm_builder_passage(w->b, w->kind, w->para.data, w->para.len, w->para_line,
		                             label.len ? label.data : NULL, w->para_anchor));
		sm_buf_free(&label);
	}
	sm_buf_reset(&w->para);
	w->space = 0;
}

static unsigned count_nl(const char *s, const char *e)
{
	unsigned n = 0;
	for (; s < e; s++)
		n += *s == '\n';
	return n;
}

static void add_text(walker *w, const xmlNode *n)
{
	const char *s = (const char *)n->content;
	if (!s)
		return;
	if (w->para.len == 0) {
		const char *c = s;
		while (*c && html_space(*c))
			c++;
		if (!*c) { /* white space only: lines to count, no text */
			if (w->fresh)
				w->fresh_line += count_nl(s, c);
			return;
		}
		/* A text node's line is where it ends (or its first 1000 bytes do):
		 * the first text of a block counts from the block's tag instead. */
		unsigned end = line_of(n), after = count_nl(c, c + strlen(c));
		w->para_line = w->fresh      ? w->fresh_line + count_nl(s, c)
		               : end > after ? end - after
		                             : 1;
		w->fresh = 0;
		w->kind = context(n->parent, &w->dd);
		w->para_anchor = w->anchor;
	}
	add_folded(&w->para, &w->space, s);
}

static void heading(walker *w, const xmlNode *n)
{
	sm_buf b = SM_BUF_INIT;
	gather(n, &b, 0);
	int level = tag(n)[1] - '0';
	level = level <= 2 ? 0 : level - 2;
	failed(w, sm_builder_heading(w->b, level, sm_buf_str(&b), b.len));
	if (sm_buf_failed(&b))
		w->failed = 1;
	sm_buf_free(&b);
}

/* Whether a row of header cells only heads its table. */
static int heads_table(const xmlNode *tr)
{
	if (is_el(tr->parent, "thead"))
		return 1;
	for (const xmlNode *s = tr->prev; s; s = s->prev)
		if (is_el(s, "tr"))
			return 0;
	return 1;
}

static void row(walker *w, const xmlNode *tr)
{
	sm_row r = SM_ROW_INIT;
	sm_buf cell = SM_BUF_INIT;
	int all_th = 1;
	for (const xmlNode *c = tr->children; c; c = c->next) {
		if (!(is_el(c, "td") || is_el(c, "th")) || skipped(c, 0))
			continue;
		all_th &= is_el(c, "th");
		sm_buf_reset(&cell);
		gather(c, &cell, 0);
		sm_row_cell(&r, cell.data, cell.len);
	}
	if (sm_buf_failed(&cell))
		w->failed = 1;
	if (!w->failed && !(all_th && heads_table(tr)))
		failed(w, sm_builder_row(w->b, &r, line_of(tr), w->anchor));
	sm_row_free(&r);
	sm_buf_free(&cell);
}

static void code(walker *w, const xmlNode *pre)
{
	sm_buf b = SM_BUF_INIT;
	gather(pre, &b, 1);
	const char *s = sm_buf_str(&b), *c = s;
	while (*c && (html_space(*c)))
		c++;
	/* the lines before the first that holds code are left out */
	unsigned skip = count_nl(s, c);
	if (sm_buf_failed(&b))
		w->failed = 1;
	else
		failed(w, sm_builder_passage(w->b, SM_PASSAGE_CODE, s, b.len, line_of(pre) + skip,
		                             NULL, w->anchor));
	sm_buf_free(&b);
}

/* Returns whether to walk into n. */
static int enter(walker *w, const xmlNode *n)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		add_text(w, n);
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE || skipped(n, 0))
		return 0;
	if (is_el(n, "br")) {
		if (w->para.len)
			sm_buf_addc(&w->para, '\n');
		w->space = 0;
		return 0;
	}
	int block = !is_inline(n);
	if (block)
		flush(w);
	const char *id = attr(n, "id");
	if (!id && is_el(n, "a"))
		id = attr(n, "name");
	if (id && *id)
		w->anchor = id;
	if (!block)
		return 1;
	w->fresh = 1;
	w->fresh_line = line_of(n);
	const char *t = tag(n);
	if (t[0] == 'h' && t[1] >= '1' && t[1] <= '6' && !t[2]) {
		if (n != w->title_h1)
			heading(w, n);
		return 0;
	}
	if (is_el(n, "tr")) {
		row(w, n);
		return 0;
	}
	if (is_el(n, "pre")) {
		code(w, n);
		return 0;
	}
	/* a term with its definitions after it labels them */
	return !(is_el(n, "dt") && is_el(next_element(n), "dd"));
}

static void leave(walker *w, const xmlNode *n)
{
	if (n->type == XML_ELEMENT_NODE && !is_inline(n)) {
		flush(w);
		w->fresh = 0;
	}
}

static void walk(walker *w, const xmlNode *root)
{
	const xmlNode *n = root;
	while (n && !w->failed) {
		int down = enter(w, n) && n->children;
		if (down) {
			n = n->children;
			continue;
		}
		for (;;) { /* leave n, and the elements it was the last child of */
			leave(w, n);
			if (n == root) {
				n = NULL;
				break;
			}
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
		}
	}
	flush(w);
}

/* ---- the page ------------------------------------------------------- */

static const char *meta(const xmlNode *head, const char *key, const char *value, const char *want)
{
	for (const xmlNode *n = head ? head->children : NULL; n; n = n->next) {
		const char *k;
		if ((is_el(n, "meta") || is_el(n, "link")) && (k = attr(n, key)) &&
		    strcasecmp(k, value) == 0)
			return attr(n, want);
	}
	return NULL;
}

static int is_url(const char *s)
{
	return s && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0);
}

static void title_and_url(walker *w, const xmlNode *top, const xmlNode *root)
{
	const xmlNode *head = find(top, "head", 1);
	sm_buf b = SM_BUF_INIT;
	w->title_h1 = find(root, "h1", 1);
	if (w->title_h1) {
		gather(w->title_h1, &b, 0);
	} else {
		const char *og = meta(head, "property", "og:title", "content");
		const xmlNode *t = head ? find(head, "title", 1) : NULL;
		if (og)
			sm_buf_adds(&b, og);
		else if (t)
			gather(t, &b, 0);
	}
	if (sm_buf_failed(&b) || sm_builder_title(w->b, sm_buf_str(&b), b.len) < 0)
		w->failed = 1;
	sm_buf_free(&b);
	const char *url = meta(head, "rel", "canonical", "href");
	if (!is_url(url))
		url = meta(head, "property", "og:url", "content");
	if (is_url(url))
		failed(w, sm_builder_url(w->b, url));
}

/* libxml2 reports some problems (a character set it cannot convert) to
 * its global handler whatever the options say: a library must not print. */
static void quiet(void *ctx, const char *msg, ...) {}
static void quiet_structured(void *ctx, xmlErrorPtr e) {}

int sm_html_parse(const char *id, const char *path, const char *data, size_t len, sm_article **out,
                  char *err, size_t errlen)
{
	if (len > (size_t)0x7fffffff) {
		snprintf(err, errlen, "too large for the HTML parser");
		return -1;
	}
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	htmlDocPtr doc = ctxt ? htmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL,
	                                           HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	                                               HTML_PARSE_NOWARNING | HTML_PARSE_NONET)
	                      : NULL;
	if (ctxt)
		htmlFreeParserCtxt(ctxt);
	/* nothing the parser could make a tree of: an article without text */
	const xmlNode *top = doc ? xmlDocGetRootElement(doc) : NULL, *body = NULL, *root = NULL;
	if (top) {
		body = find(top, "body", 1);
		root = find(top, "main", 0);
		if (!root)
			root = find(top, "article", 0);
		if (!root)
			root = body ? body : top;
	}
	walker w = {.b = sm_builder_new(id, path)};
	if (!w.b) {
		w.failed = 1;
	} else if (top) {
		title_and_url(&w, top, root);
		walk(&w, root);
		if (!w.failed && sm_builder_count(w.b) == 0 && body && root != body) {
			/* an empty <main> (a page filled in by script): read it all */
			failed(&w, sm_builder_heading(w.b, 0, "", 0));
			walk(&w, body);
		}
	}
	sm_buf_free(&w.para);
	xmlFreeDoc(doc);
	if (w.failed || sm_builder_finish(w.b, out) < 0) {
		if (w.failed)
			sm_builder_free(w.b);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}
