/* article.c - cut an article into passages. */
#include "article.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "json.h"
#include "norm.h"

typedef struct {
	size_t off, len; /* trimmed line in a->text */
	unsigned no;     /* 1-based line number in the file */
} line_t;

typedef struct {
	size_t first, n; /* lines[first .. first+n) */
	unsigned index;  /* paragraph number (0 = the title's) */
} para_t;

/* What a JSONL section says of the paragraphs it covers. */
typedef struct {
	const char *heading, *ref;
	size_t start, count;
} section_t;

typedef struct {
	sm_article *a;
	line_t *lines;
	size_t n_lines;
	para_t *paras;
	size_t n_paras;
	const section_t *sections;
	size_t n_sections;
	const char *heads[SM_MAX_LEVELS];
	const char *ref;
	unsigned under_sub; /* plain paragraphs since the last sub-heading */
	size_t cap_passages;
	int failed;
} parser_t;

/* ---- small text helpers ---------------------------------------------- */

static const char *ltext(const parser_t *p, const line_t *l)
{
	return p->a->text + l->off;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Trim ASCII white space and no-break spaces (U+00A0) from both ends. */
static void trim(const char *s, size_t *off, size_t *len)
{
	size_t a = *off, b = *off + *len;
	for (;;) {
		if (a < b && is_space(s[a]))
			a++;
		else if (a + 1 < b && (unsigned char)s[a] == 0xC2 &&
		         (unsigned char)s[a + 1] == 0xA0)
			a += 2;
		else
			break;
	}
	for (;;) {
		if (b > a && is_space(s[b - 1]))
			b--;
		else if (b > a + 1 && (unsigned char)s[b - 2] == 0xC2 &&
		         (unsigned char)s[b - 1] == 0xA0)
			b -= 2;
		else
			break;
	}
	*off = a;
	*len = b - a;
}

static size_t count_words(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (!is_space(s[i]) && (i == 0 || is_space(s[i - 1])))
			n++;
	return n;
}

static char last_char(const char *s, size_t len)
{
	return len ? s[len - 1] : '\0';
}

static int has_upper_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			return 1;
	return 0;
}

/* Length of a bullet marker and the spaces after it, or 0. */
static size_t bullet_len(const char *s, size_t len)
{
	static const char *const marks[] = {
	    "\xE2\x80\xA2", "\xC2\xB7", "\xE2\x96\xAA", "\xE2\x80\x93", "\xE2\x97\xA6", "-", "*"};
	for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
		size_t m = strlen(marks[i]);
		if (len > m && memcmp(s, marks[i], m) == 0 && is_space(s[m])) {
			while (m < len && is_space(s[m]))
				m++;
			return m < len ? m : 0;
		}
	}
	return 0;
}

/* Page furniture: sharing, bylines, comment boxes. A line is furniture when
 * it is short and is, or starts with, one of these (then a non-letter). */
static int is_furniture_line(const char *s, size_t len)
{
	static const char *const phrases[] = {"written by",
	                                      "reviewed by",
	                                      "medically reviewed",
	                                      "share this",
	                                      "print",
	                                      "did this article help",
	                                      "was this article helpful",
	                                      "was this helpful",
	                                      "leave a comment",
	                                      "leave a reply",
	                                      "comments",
	                                      "related posts",
	                                      "related articles",
	                                      "you may also like",
	                                      "subscribe",
	                                      "sign up for our",
	                                      "advertisement",
	                                      "follow us",
	                                      "table of contents",
	                                      "back to top",
	                                      "skip to content"};
	if (count_words(s, len) > 8)
		return 0;
	for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++) {
		size_t m = strlen(phrases[i]);
		if (len < m || strncasecmp(s, phrases[i], m) != 0)
			continue;
		if (len == m || !isalpha((unsigned char)s[m]))
			return 1;
	}
	return 0;
}

/* "Written by" alone on its line, and a name under it ("Jane Smith", "Dr
 * A. Smith, MD"): a few words, not a sentence. */
static int is_byline(const char *cue, size_t cue_len, const char *name, size_t len)
{
	static const char *const cues[] = {"written by", "reviewed by", "medically reviewed by"};
	while (cue_len && (cue[cue_len - 1] == ':' || is_space(cue[cue_len - 1])))
		cue_len--;
	for (size_t i = 0; i < sizeof cues / sizeof *cues; i++)
		if (cue_len == strlen(cues[i]) && strncasecmp(cue, cues[i], cue_len) == 0)
			return count_words(name, len) <= 5 && !strchr(".?!:", last_char(name, len));
	return 0;
}

/* ---- building the article -------------------------------------------- */

static const char *keep_string(parser_t *p, const char *s, size_t len)
{
	sm_article *a = p->a;
	char **v = realloc(a->strings, (a->n_strings + 1) * sizeof *v);
	char *copy = v ? malloc(len + 1) : NULL;
	if (v)
		a->strings = v;
	if (!copy) {
		p->failed = 1;
		return NULL;
	}
	memcpy(copy, s, len);
	copy[len] = '\0';
	a->strings[a->n_strings++] = copy;
	return copy;
}

static void add_passage(parser_t *p, size_t off, size_t len, unsigned line, sm_passage_kind kind,
                        const char *label)
{
	sm_article *a = p->a;
	if (len == 0 || p->failed)
		return;
	if (a->n_passages == p->cap_passages) {
		size_t cap = p->cap_passages ? 2 * p->cap_passages : 16;
		sm_passage *v = realloc(a->passages, cap * sizeof *v);
		if (!v) {
			p->failed = 1;
			return;
		}
		a->passages = v;
		p->cap_passages = cap;
	}
	sm_passage *ps = &a->passages[a->n_passages];
	*ps = (sm_passage){.off = off,
	                   .len = len,
	                   .line = line,
	                   .kind = kind,
	                   .label = label,
	                   .ref = p->ref,
	                   .number = (unsigned)a->n_passages};
	memcpy(ps->heads, p->heads, sizeof p->heads);
	a->n_passages++;
}

static void set_heading(parser_t *p, int level, const char *s, size_t len)
{
	if (len && (s[len - 1] == ':'))
		len--;
	p->heads[level] = keep_string(p, s, len);
	for (int l = level + 1; l < SM_MAX_LEVELS; l++)
		p->heads[l] = NULL;
	p->under_sub = 0;
}

/* ---- classifying paragraphs ------------------------------------------ */

/* Number of one-line, one-word paragraphs equal to this one (ignoring case):
 * a site name repeated between sections is a separator, not content. */
static size_t repeats(const parser_t *p, const line_t *l)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_paras; i++) {
		const line_t *o = &p->lines[p->paras[i].first];
		if (p->paras[i].n == 1 && o->len == l->len &&
		    strncasecmp(ltext(p, o), ltext(p, l), l->len) == 0)
			n++;
	}
	return n;
}

static int is_furniture(const parser_t *p, const para_t *pa)
{
	const line_t *l = &p->lines[pa->first];
	if (pa->n == 1 && count_words(ltext(p, l), l->len) == 1 &&
	    !bullet_len(ltext(p, l), l->len) &&
	    (repeats(p, l) > 1 || islower((unsigned char)ltext(p, l)[0])))
		return 1;
	for (size_t i = 0; i < pa->n; i++)
		if (!is_furniture_line(ltext(p, l + i), l[i].len) &&
		    !(i > 0 &&
		      is_byline(ltext(p, l + i - 1), l[i - 1].len, ltext(p, l + i), l[i].len)))
			return 0;
	return 1;
}

/* Heading level of a one-line paragraph, or -1 if it is not a heading. */
static int heading_level(const char *s, size_t len)
{
	size_t words = count_words(s, len);
	char last = last_char(s, len);
	if (last == '?' && words <= 30)
		return 1;
	if (last == ':' && words <= 10)
		return 2;
	if (words <= 8 && !strchr(".!,;)\"'", last) &&
	    (isupper((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
		return 1;
	return -1;
}

/* A block of short lines under a header line of a few words, none ending
 * a sentence: a two-column table whose separator was lost. */
static int is_table(const parser_t *p, const para_t *pa)
{
	if (pa->n < 3)
		return 0;
	const line_t *l = &p->lines[pa->first];
	if (count_words(ltext(p, l), l->len) > 3 || heading_level(ltext(p, l), l->len) != 1)
		return 0;
	for (size_t i = 0; i < pa->n; i++) {
		const char *s = ltext(p, l + i);
		if (bullet_len(s, l[i].len) || strchr(".?:", last_char(s, l[i].len)) ||
		    count_words(s, l[i].len) > 25)
			return 0;
	}
	return 1;
}

/* A row's label: its first word, and the words after it up to the first
 * that starts with a capital or a digit ("Common symptoms | Back pain"). */
static size_t row_label_len(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && !is_space(s[i]))
		i++;
	size_t end = i;
	while (i < len) {
		while (i < len && is_space(s[i]))
			i++;
		if (i >= len || isupper((unsigned char)s[i]) || isdigit((unsigned char)s[i]) ||
		    (unsigned char)s[i] >= 0x80)
			break;
		while (i < len && !is_space(s[i]))
			i++;
		end = i;
	}
	return end < len ? end : 0;
}

static void add_table(parser_t *p, const para_t *pa)
{
	for (size_t i = 1; i < pa->n; i++) {
		const line_t *l = &p->lines[pa->first + i];
		size_t k = row_label_len(ltext(p, l), l->len);
		const char *label = k ? keep_string(p, ltext(p, l), k) : NULL;
		add_passage(p, l->off, l->len, l->no, SM_PASSAGE_ROW, label);
	}
}

/* Bullet items, each its own passage; a line without a bullet continues
 * the item before it, or, before the first item, is a lead-in passage
 * whose words head the items that follow. */
static void add_items(parser_t *p, const para_t *pa)
{
	const char *saved = p->heads[2];
	size_t start = 0, end = 0;
	unsigned no = 0;
	int open = 0;
	for (size_t i = 0; i < pa->n; i++) {
		const line_t *l = &p->lines[pa->first + i];
		size_t b = bullet_len(ltext(p, l), l->len);
		if (b || !open) {
			if (open)
				add_passage(p, start, end - start, no, SM_PASSAGE_ITEM, NULL);
			if (!b && last_char(ltext(p, l), l->len) == ':') {
				add_passage(p, l->off, l->len, l->no, SM_PASSAGE_PARA, NULL);
				set_heading(p, 2, ltext(p, l), l->len);
				continue;
			}
			start = l->off + b;
			no = l->no;
			open = 1;
		}
		end = l->off + l->len;
	}
	if (open)
		add_passage(p, start, end - start, no,
		            bullet_len(ltext(p, &p->lines[pa->first]), p->lines[pa->first].len) ||
		                    pa->n > 1
		                ? SM_PASSAGE_ITEM
		                : SM_PASSAGE_PARA,
		            NULL);
	p->heads[2] = saved;
}

static int has_bullet(const parser_t *p, const para_t *pa)
{
	for (size_t i = 0; i < pa->n; i++) {
		const line_t *l = &p->lines[pa->first + i];
		if (bullet_len(ltext(p, l), l->len))
			return 1;
	}
	return 0;
}

/* The JSONL section (heading, ref) that paragraph `index` belongs to. */
static void enter_section(parser_t *p, unsigned index)
{
	for (size_t i = 0; i < p->n_sections; i++) {
		const section_t *s = &p->sections[i];
		if (index < s->start || index >= s->start + s->count)
			continue;
		if (index == s->start) {
			p->heads[0] = s->heading;
			p->heads[1] = p->heads[2] = NULL;
		}
		p->ref = s->ref;
		return;
	}
	p->ref = NULL;
}

static void classify(parser_t *p, size_t i, int keyword_ok)
{
	const para_t *pa = &p->paras[i];
	const line_t *l = &p->lines[pa->first];
	const char *s = ltext(p, l);
	int last = i + 1 == p->n_paras;

	if (p->sections)
		enter_section(p, pa->index);
	if (is_furniture(p, pa))
		return;
	if (keyword_ok && pa->n == 1 && !has_upper_ascii(s, l->len) &&
	    count_words(s, l->len) <= 15 && !strchr(".?:!", last_char(s, l->len))) {
		p->a->keywords = keep_string(p, s, l->len);
		return;
	}
	if (pa->n == 1 && !last && !bullet_len(s, l->len)) {
		int level = heading_level(s, l->len);
		if (level > 0) {
			set_heading(p, level, s, l->len);
			return;
		}
	}
	if (is_table(p, pa)) {
		add_table(p, pa);
		return;
	}
	if (has_bullet(p, pa)) {
		add_items(p, pa);
		return;
	}
	/* A sub-heading ("Clinical Trials:") heads its items and the one
	 * paragraph after it; the text after that is back under the heading. */
	if (p->under_sub++ >= 1)
		p->heads[2] = NULL;
	const line_t *e = &p->lines[pa->first + pa->n - 1];
	add_passage(p, l->off, e->off + e->len - l->off, l->no, SM_PASSAGE_PARA, NULL);
}

/* ---- splitting into lines and paragraphs ----------------------------- */

static int push_line(parser_t *p, size_t *cap, size_t off, size_t len, unsigned no)
{
	if (p->n_lines == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		line_t *v = realloc(p->lines, *cap * sizeof *v);
		if (!v)
			return -1;
		p->lines = v;
	}
	trim(p->a->text, &off, &len);
	p->lines[p->n_lines++] = (line_t){off, len, no};
	return 0;
}

/* Paragraph numbers as text.split("\n\n") gives them (JSONL para_start
 * counts so): the "\n\n" pairs in t[*at .. to), scanned left to right. */
static unsigned count_nn(const char *t, size_t *at, size_t to)
{
	unsigned n = 0;
	while (*at + 1 < to) {
		if (t[*at] == '\n' && t[*at + 1] == '\n') {
			n++;
			*at += 2;
		} else {
			(*at)++;
		}
	}
	return n;
}

static int push_para(parser_t *p, size_t *cap, unsigned index)
{
	if (p->n_paras == *cap) {
		*cap = *cap ? 2 * *cap : 32;
		para_t *v = realloc(p->paras, *cap * sizeof *v);
		if (!v)
			return -1;
		p->paras = v;
	}
	p->paras[p->n_paras++] = (para_t){p->n_lines - 1, 0, index};
	return 0;
}

/* Lines of text; blank lines end paragraphs. */
static int split(parser_t *p, unsigned line0, int json)
{
	const char *t = p->a->text;
	size_t n = p->a->text_len, cap_l = 0, cap_p = 0, at = 0, scanned = 0;
	unsigned no = line0, index = 0;
	int in_para = 0;

	for (;;) {
		const char *nl = memchr(t + at, '\n', n - at);
		size_t end = nl ? (size_t)(nl - t) : n;
		size_t off = at, len = end - at;
		trim(t, &off, &len);
		if (len == 0) {
			in_para = 0;
		} else {
			if (push_line(p, &cap_l, at, end - at, no) < 0)
				return -1;
			if (!in_para) {
				index =
				    json ? index + count_nn(t, &scanned, at) : (unsigned)p->n_paras;
				if (push_para(p, &cap_p, index) < 0)
					return -1;
				in_para = 1;
			}
			p->paras[p->n_paras - 1].n++;
		}
		if (!nl)
			break;
		at = end + 1;
		if (!json)
			no++;
	}
	return 0;
}

/* ---- entry points ---------------------------------------------------- */

static sm_article *article_new(const char *id, const char *path, const char *text, size_t len)
{
	sm_article *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->id = strdup(id);
	a->path = strdup(path);
	if (!a->id || !a->path ||
	    sm_utf8_sanitize(text, len, &a->text, &a->text_len, &a->n_invalid) < 0) {
		sm_article_free(a);
		return NULL;
	}
	return a;
}

/* Whether a JSONL paragraph 0 is the title (some collections have none,
 * and start their text with the body). */
static int is_title(const parser_t *p, const para_t *pa)
{
	const line_t *l = &p->lines[pa->first];
	const char *t = p->a->title;
	if (!t || pa->n != 1)
		return 0;
	size_t off = 0, len = strlen(t);
	trim(t, &off, &len);
	return len == l->len && memcmp(t + off, ltext(p, l), len) == 0;
}

/* A title for an article without one: its first words. */
static char *first_words(const parser_t *p)
{
	if (p->a->n_passages == 0)
		return NULL;
	const sm_passage *ps = &p->a->passages[0];
	size_t n = ps->len < 80 ? ps->len : 80;
	while (n < ps->len && n > 40 && p->a->text[ps->off + n] != ' ')
		n--;
	while (n < ps->len && n > 0 && ((unsigned char)p->a->text[ps->off + n] & 0xC0) == 0x80)
		n--; /* never cut a character in two */
	sm_buf b = SM_BUF_INIT;
	sm_buf_add(&b, p->a->text + ps->off, n);
	if (n < ps->len)
		sm_buf_adds(&b, " \xE2\x80\xA6");
	return sm_buf_steal(&b);
}

static int run(parser_t *p, unsigned line0, int json)
{
	if (split(p, line0, json) < 0)
		p->failed = 1;
	size_t first = 0;
	if (!json && p->n_paras > 0 && !p->failed) {
		/* Line 1 is the title; further lines of its paragraph are text. */
		para_t *t = &p->paras[0];
		const line_t *l = &p->lines[t->first];
		p->a->title = strndup(ltext(p, l), l->len);
		if (!p->a->title)
			p->failed = 1;
		t->first++;
		t->n--;
		first = t->n ? 0 : 1;
	}
	for (size_t i = first; i < p->n_paras && !p->failed; i++) {
		if (json && p->paras[i].index == 0 && is_title(p, &p->paras[i]))
			continue; /* paragraph 0 repeats the title */
		classify(p, i, !json && i == 1 && first == 1);
	}
	free(p->lines);
	free(p->paras);
	if (!p->a->title && !p->failed)
		p->a->title = json ? first_words(p) : NULL;
	if (!p->a->title && !p->failed)
		p->a->title = strdup(p->a->id);
	return p->failed || !p->a->title ? -1 : 0;
}

int sm_article_parse_text(const char *id, const char *path, const char *text, size_t len,
                          unsigned line0, sm_article **out)
{
	parser_t p = {0};
	p.a = article_new(id, path, text, len);
	if (!p.a)
		return -1;
	if (run(&p, line0, 0) < 0) {
		sm_article_free(p.a);
		return -1;
	}
	*out = p.a;
	return 0;
}

static const char *str_or_null(const sm_json *o, const char *key)
{
	const char *s = sm_json_get_str(o, key);
	return s && *s ? s : NULL;
}

static size_t json_count(const sm_json *o, const char *key)
{
	const sm_json *v = sm_json_get(o, key);
	if (!v || v->type != SM_JSON_NUM || v->num < 0 || v->num > 1e9)
		return 0;
	return (size_t)v->num;
}

/* Read "sections" into s[]; headings and refs are copied into the article. */
static section_t *read_sections(parser_t *p, const sm_json *root, size_t *n)
{
	const sm_json *arr = sm_json_get(root, "sections");
	*n = 0;
	if (!arr || arr->type != SM_JSON_ARR || arr->n == 0)
		return NULL;
	section_t *s = calloc(arr->n, sizeof *s);
	if (!s) {
		p->failed = 1;
		return NULL;
	}
	for (size_t i = 0; i < arr->n; i++) {
		const sm_json *o = arr->items[i];
		const char *h = str_or_null(o, "heading"), *r = str_or_null(o, "passage_id");
		section_t *d = &s[(*n)++];
		d->heading = h ? keep_string(p, h, strlen(h)) : NULL;
		d->ref = r ? keep_string(p, r, strlen(r)) : NULL;
		d->start = json_count(o, "para_start");
		d->count = json_count(o, "para_count");
	}
	return s;
}

int sm_article_parse_json(const char *path, unsigned line, const char *json, size_t len,
                          sm_article **out, char *err, size_t errlen)
{
	sm_json *root = NULL;
	char jerr[128];
	if (sm_json_parse(json, len, &root, jerr, sizeof jerr) < 0) {
		snprintf(err, errlen, "not JSON: %s", jerr);
		return -1;
	}
	const char *text = sm_json_get_str(root, "text");
	const sm_json *tv = sm_json_get(root, "text");
	const char *id = str_or_null(root, "id");
	int rc = -1;
	if (root->type != SM_JSON_OBJ)
		snprintf(err, errlen, "not a JSON object");
	else if (!text)
		snprintf(err, errlen, "no \"text\" string");
	else {
		char fallback[32];
		snprintf(fallback, sizeof fallback, "line%u", line);
		parser_t p = {0};
		p.a = article_new(id ? id : fallback, path, text, tv->len);
		if (p.a) {
			const char *title = str_or_null(root, "title");
			const char *url = str_or_null(root, "url");
			p.a->title = title ? strdup(title) : NULL;
			p.a->url = url ? strdup(url) : NULL;
			section_t *secs = read_sections(&p, root, &p.n_sections);
			p.sections = secs;
			rc = run(&p, line, 1);
			free(secs);
			if (rc == 0)
				*out = p.a;
			else
				sm_article_free(p.a);
		}
		if (rc < 0)
			snprintf(err, errlen, "out of memory");
	}
	sm_json_free(root);
	return rc;
}

/* A passage's words as a key: ASCII case folded, white space runs as one
 * space, none at the ends. */
static uint64_t passage_key(const char *t, size_t len)
{
	uint64_t h = SM_HASH_INIT;
	int space = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];
		if (isspace(c)) {
			space = 1;
			continue;
		}
		if (space && h != SM_HASH_INIT)
			h = sm_hash(h, " ", 1);
		space = 0;
		c = (unsigned char)tolower(c);
		h = sm_hash(h, &c, 1);
	}
	return h;
}

size_t sm_article_drop_repeats(sm_article *a)
{
	uint64_t *seen = a->n_passages ? malloc(a->n_passages * sizeof *seen) : NULL;
	size_t kept = 0;
	if (!seen)
		return 0;
	for (size_t i = 0; i < a->n_passages; i++) {
		sm_passage *p = &a->passages[i];
		uint64_t key = passage_key(a->text + p->off, p->len);
		size_t j = 0;
		while (j < kept && seen[j] != key)
			j++;
		if (j < kept)
			continue;
		seen[kept] = key;
		a->passages[kept] = *p;
		a->passages[kept].number = (unsigned)kept;
		kept++;
	}
	free(seen);
	size_t removed = a->n_passages - kept;
	a->n_passages = kept;
	return removed;
}

void sm_article_free(sm_article *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_strings; i++)
		free(a->strings[i]);
	free(a->strings);
	free(a->id);
	free(a->title);
	free(a->path);
	free(a->url);
	free(a->text);
	free(a->passages);
	free(a);
}

char *sm_passage_section(const sm_passage *p)
{
	sm_buf b = SM_BUF_INIT;
	for (int l = 0; l < SM_MAX_LEVELS; l++) {
		if (!p->heads[l])
			continue;
		if (b.len)
			sm_buf_adds(&b, " \xE2\x80\xBA ");
		sm_buf_adds(&b, p->heads[l]);
	}
	if (p->label) {
		if (b.len)
			sm_buf_adds(&b, " \xE2\x80\xBA ");
		sm_buf_adds(&b, p->label);
	}
	return sm_buf_steal(&b);
}

/* ---- building an article from blocks --------------------------------- */

struct sm_builder {
	parser_t p; /* p.a is the article; its passages point into `text` */
	sm_buf text;
	const char *anchor; /* the last anchor kept, to share equal ones */
};

sm_builder *sm_builder_new(const char *id, const char *path)
{
	sm_builder *b = calloc(1, sizeof *b);
	sm_article *a = b ? calloc(1, sizeof *a) : NULL;
	if (a) {
		b->p.a = a;
		a->id = strdup(id);
		a->path = strdup(path);
	}
	if (!a || !a->id || !a->path) {
		sm_builder_free(b);
		return NULL;
	}
	return b;
}

void sm_builder_free(sm_builder *b)
{
	if (!b)
		return;
	sm_article_free(b->p.a);
	sm_buf_free(&b->text);
	free(b);
}

/* s[0..len) as valid UTF-8 in *out (malloc()ed); invalid bytes counted. */
static int clean(sm_builder *b, const char *s, size_t len, char **out, size_t *outlen)
{
	size_t bad = 0;
	if (b->p.failed || sm_utf8_sanitize(s, len, out, outlen, &bad) < 0) {
		b->p.failed = 1;
		return -1;
	}
	b->p.a->n_invalid += bad;
	return 0;
}

/* A sanitised copy of s kept with the article. */
static const char *keep_clean(sm_builder *b, const char *s)
{
	char *c;
	size_t n;
	if (clean(b, s, strlen(s), &c, &n) < 0)
		return NULL;
	const char *k = keep_string(&b->p, c, n);
	free(c);
	return k;
}

/* Trim white space, new lines included, from both ends of s[*off, +*len). */
static void trim_all(const char *s, size_t *off, size_t *len)
{
	for (;;) {
		trim(s, off, len);
		if (*len && s[*off] == '\n') {
			++*off;
			--*len;
		} else if (*len && s[*off + *len - 1] == '\n') {
			--*len;
		} else {
			return;
		}
	}
}

/* Code keeps its indentation: only blank lines before it and white space
 * after it go. */
static void trim_code(const char *s, size_t *off, size_t *len)
{
	size_t a = *off, e = *off + *len, i = a;
	while (i < e && (is_space(s[i]) || s[i] == '\n'))
		if (s[i++] == '\n')
			a = i;
	if (i == e)
		a = e;
	while (e > a && (is_space(s[e - 1]) || s[e - 1] == '\n'))
		e--;
	*off = a;
	*len = e - a;
}

static int set_once(sm_builder *b, char **field, const char *s, size_t len)
{
	char *c;
	size_t n, off = 0;
	if (*field || b->p.failed)
		return b->p.failed ? -1 : 0;
	if (clean(b, s, len, &c, &n) < 0)
		return -1;
	trim_all(c, &off, &n);
	if (n) {
		memmove(c, c + off, n);
		c[n] = '\0';
		*field = c;
	} else {
		free(c);
	}
	return 0;
}

int sm_builder_title(sm_builder *b, const char *s, size_t len)
{
	return set_once(b, &b->p.a->title, s, len);
}

int sm_builder_url(sm_builder *b, const char *url)
{
	return set_once(b, &b->p.a->url, url, strlen(url));
}

int sm_builder_heading(sm_builder *b, int level, const char *s, size_t len)
{
	char *c;
	size_t n, off = 0;
	if (level < 0)
		level = 0;
	if (level >= SM_MAX_LEVELS)
		level = SM_MAX_LEVELS - 1;
	if (clean(b, s, len, &c, &n) < 0)
		return -1;
	trim_all(c, &off, &n);
	if (n) {
		set_heading(&b->p, level, c + off, n);
	} else {
		for (int l = level; l < SM_MAX_LEVELS; l++)
			b->p.heads[l] = NULL;
	}
	free(c);
	return b->p.failed ? -1 : 0;
}

int sm_builder_passage(sm_builder *b, sm_passage_kind kind, const char *s, size_t len,
                       unsigned line, const char *label, const char *anchor)
{
	char *c;
	size_t n, off = 0;
	if (clean(b, s, len, &c, &n) < 0)
		return -1;
	if (kind == SM_PASSAGE_CODE)
		trim_code(c, &off, &n);
	else
		trim_all(c, &off, &n);
	if (n == 0 || (kind != SM_PASSAGE_CODE && !memchr(c + off, '\n', n) &&
	               is_furniture_line(c + off, n))) {
		free(c);
		return 0;
	}
	if (b->text.len)
		sm_buf_adds(&b->text, "\n\n");
	size_t at = b->text.len;
	sm_buf_add(&b->text, c + off, n);
	free(c);
	if (sm_buf_failed(&b->text)) {
		b->p.failed = 1;
		return -1;
	}
	const char *lab = label && *label ? keep_clean(b, label) : NULL;
	if (anchor && *anchor && (!b->anchor || strcmp(anchor, b->anchor) != 0))
		b->anchor = keep_clean(b, anchor);
	add_passage(&b->p, at, n, line, kind, lab);
	if (b->p.failed)
		return -1;
	b->p.a->passages[b->p.a->n_passages - 1].anchor = anchor && *anchor ? b->anchor : NULL;
	return 0;
}

/* A longer first cell is a cell of text, not a row's key. */
#define MAX_LABEL 100

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void sm_row_cell(sm_row *r, const char *s, size_t len)
{
	while (len && is_blank(*s)) {
		s++;
		len--;
	}
	while (len && is_blank(s[len - 1]))
		len--;
	if (!len)
		return;
	if (r->cells++)
		sm_buf_adds(&r->text, " | ");
	else
		r->first = len;
	sm_buf_add(&r->text, s, len);
}

void sm_row_free(sm_row *r)
{
	sm_buf_free(&r->text);
	*r = (sm_row)SM_ROW_INIT;
}

int sm_builder_row(sm_builder *b, sm_row *r, unsigned line, const char *anchor)
{
	int labelled = r->cells > 1 && r->first <= MAX_LABEL;
	char *label = labelled && !sm_buf_failed(&r->text) ? strndup(r->text.data, r->first) : NULL;
	int rc = 0;
	if (sm_buf_failed(&r->text) || (labelled && !label))
		rc = -1;
	else if (r->cells)
		rc = sm_builder_passage(b, SM_PASSAGE_ROW, r->text.data, r->text.len, line, label,
		                        anchor);
	free(label);
	sm_row_free(r);
	return rc;
}

size_t sm_builder_count(const sm_builder *b)
{
	return b->p.a->n_passages;
}

int sm_builder_finish(sm_builder *b, sm_article **out)
{
	sm_article *a = b->p.a;
	int rc = -1;
	if (!b->p.failed) {
		a->text_len = b->text.len;
		a->text = sm_buf_steal(&b->text);
		if (!a->text)
			a->text = calloc(1, 1);
		if (a->text && !a->title)
			a->title = first_words(&b->p);
		if (a->text && !a->title)
			a->title = strdup(a->id);
		if (a->text && a->title) {
			*out = a;
			b->p.a = NULL;
			rc = 0;
		}
	}
	sm_builder_free(b);
	return rc;
}
