/* furniture.c - count recurring passages per site; strip them. */
#include "furniture.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "hash.h"
#include "le.h"
#include "norm.h"
#include "strmap.h"

typedef struct {
	uint64_t key;      /* hash of (site, normalised text); 0 = empty slot */
	uint32_t site;     /* index in sites[] */
	uint32_t articles; /* articles holding the text */
	uint32_t passages; /* passages with the text */
	uint32_t last;     /* serial of the last article counted */
	char *sample;      /* the text, once met in two articles */
} entry;

typedef struct {
	char *name;
	unsigned articles;
} site;

struct sm_furniture {
	entry *slots;
	size_t cap, used;
	site *sites;
	size_t n_sites;
	sm_strmap site_ix; /* name -> decimal index in sites[] */
	size_t articles, removed;
	sm_buf norm, name;
	sm_buf *record; /* the caller's: where counted articles are recorded */
};

sm_furniture *sm_furniture_new(void)
{
	return calloc(1, sizeof(sm_furniture));
}

void sm_furniture_free(sm_furniture *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->cap; i++)
		free(f->slots[i].sample);
	free(f->slots);
	for (size_t i = 0; i < f->n_sites; i++)
		free(f->sites[i].name);
	free(f->sites);
	sm_strmap_free(&f->site_ix);
	sm_buf_free(&f->norm);
	sm_buf_free(&f->name);
	free(f);
}

size_t sm_furniture_removed(const sm_furniture *f)
{
	return f->removed;
}
size_t sm_furniture_articles(const sm_furniture *f)
{
	return f->articles;
}
size_t sm_furniture_sites(const sm_furniture *f)
{
	return f->n_sites;
}

/* ---- keys ------------------------------------------------------------ */

/* The site of an article into f->name: its url's host without "www.",
 * else its file's directory. */
static void site_name(sm_furniture *f, const sm_article *a)
{
	sm_buf_reset(&f->name);
	const char *u = a->url ? strstr(a->url, "://") : NULL;
	if (u) {
		u += 3;
		if (strncasecmp(u, "www.", 4) == 0)
			u += 4;
		size_t n = strcspn(u, "/?#:");
		for (size_t i = 0; i < n; i++)
			sm_buf_addc(&f->name, (char)tolower((unsigned char)u[i]));
		if (n)
			return;
	}
	const char *slash = strrchr(a->path, '/');
	if (slash)
		sm_buf_add(&f->name, a->path, slash > a->path ? (size_t)(slash - a->path) : 1);
	else
		sm_buf_adds(&f->name, ".");
}

/* The index of the site named in f->name, added when `add`; -1 if
 * unknown, -2 when memory ran out. */
static long site_index(sm_furniture *f, int add)
{
	const char *v = sm_strmap_get(&f->site_ix, f->name.data, f->name.len);
	if (v)
		return strtol(v, NULL, 10);
	if (!add)
		return -1;
	site *s = realloc(f->sites, (f->n_sites + 1) * sizeof *s);
	if (!s)
		return -2;
	f->sites = s;
	char num[32];
	snprintf(num, sizeof num, "%zu", f->n_sites);
	char *name = strdup(f->name.data);
	if (!name || !sm_strmap_put(&f->site_ix, f->name.data, f->name.len, num)) {
		free(name);
		return -2;
	}
	f->sites[f->n_sites] = (site){name, 0};
	return (long)f->n_sites++;
}

/* The index of the site of `a`, as site_index. */
static long find_site(sm_furniture *f, const sm_article *a, int add)
{
	site_name(f, a);
	return sm_buf_failed(&f->name) ? -2 : site_index(f, add);
}

/* The passage's text normalised into f->norm: the index profile, then
 * only letters and digits, words apart by one space. -1: no memory. */
static int normalise(sm_furniture *f, const char *s, size_t len)
{
	char *n;
	size_t nlen;
	sm_buf_reset(&f->norm);
	if (sm_norm_text(s, len, &n, &nlen) < 0)
		return -1;
	int space = 0;
	for (size_t i = 0; i < nlen; i++) {
		unsigned char c = (unsigned char)n[i];
		if (c < 0x80 && !isalnum(c)) {
			space = 1;
			continue;
		}
		if (space && f->norm.len)
			sm_buf_addc(&f->norm, ' ');
		space = 0;
		sm_buf_addc(&f->norm, (char)c);
	}
	free(n);
	return sm_buf_failed(&f->norm) ? -1 : 0;
}

/* A text's key: the hash of its site's four bytes, low first, then of
 * its text's hash (which a record keeps, so a replay needs no text). */
static uint64_t key_of(uint32_t site, uint64_t text)
{
	unsigned char b[12];
	sm_le_put(b, site, 4);
	sm_le_put(b + 4, text, 8);
	uint64_t h = sm_hash(SM_HASH_INIT, b, sizeof b);
	return h ? h : 1;
}

static uint64_t text_hash(const sm_buf *norm)
{
	return sm_hash(SM_HASH_INIT, norm->data, norm->len);
}

static entry *slot(entry *slots, size_t cap, uint64_t key)
{
	size_t i = (size_t)(key ^ (key >> 29)) & (cap - 1);
	while (slots[i].key && slots[i].key != key)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static int grow(sm_furniture *f)
{
	size_t cap = f->cap ? 2 * f->cap : 1024;
	entry *v = calloc(cap, sizeof *v);
	if (!v)
		return -1;
	for (size_t i = 0; i < f->cap; i++)
		if (f->slots[i].key)
			*slot(v, cap, f->slots[i].key) = f->slots[i];
	free(f->slots);
	f->slots = v;
	f->cap = cap;
	return 0;
}

/* The text as shown in the report: white space folded, cut at a
 * character boundary. */
static char *sample(const char *s, size_t len)
{
	sm_buf b = SM_BUF_INIT;
	int space = 0;
	for (size_t i = 0; i < len && b.len < SM_FURNITURE_SAMPLE; i++) {
		if (isspace((unsigned char)s[i])) {
			space = 1;
			continue;
		}
		if (space && b.len)
			sm_buf_addc(&b, ' ');
		space = 0;
		sm_buf_addc(&b, s[i]);
	}
	while (b.len && ((unsigned char)b.data[b.len - 1] & 0xC0) == 0x80)
		b.len--; /* a cut character: drop its bytes and its lead */
	if (b.len && (unsigned char)b.data[b.len - 1] >= 0xC0)
		b.len--;
	if (b.data)
		b.data[b.len] = '\0';
	return sm_buf_steal(&b);
}

/* ---- first pass ------------------------------------------------------ */

/* Count one text of article `serial` of site si; the entry, or NULL when
 * memory ran out. *first is set when this is the text's first time in
 * this article. */
static entry *count_text(sm_furniture *f, long si, uint32_t serial, uint64_t text, int *first)
{
	if ((f->used + 1) * 2 > f->cap && grow(f) < 0)
		return NULL;
	uint64_t key = key_of((uint32_t)si, text);
	entry *e = slot(f->slots, f->cap, key);
	if (!e->key) {
		*e = (entry){.key = key, .site = (uint32_t)si};
		f->used++;
	}
	e->passages++;
	*first = e->last != serial;
	if (*first) {
		e->last = serial;
		e->articles++;
	}
	return e;
}

int sm_furniture_count(sm_furniture *f, const sm_article *a)
{
	long si = find_site(f, a, 1);
	if (si < 0)
		return -1;
	f->sites[si].articles++;
	uint32_t serial = (uint32_t)++f->articles;
	sm_buf *rec = f->record;
	size_t count_at = 0;
	if (rec) { /* the site's name, then the texts' count and hashes */
		sm_buf_add_le(rec, f->name.len, 4);
		sm_buf_add(rec, f->name.data, f->name.len);
		count_at = rec->len;
		sm_buf_add_le(rec, 0, 4);
	}
	uint32_t n = 0;
	for (size_t i = 0; i < a->n_passages; i++) {
		const sm_passage *p = &a->passages[i];
		int first;
		if (p->len > SM_FURNITURE_MAX_BYTES)
			continue;
		if (normalise(f, a->text + p->off, p->len) < 0)
			return -1;
		if (f->norm.len == 0)
			continue;
		uint64_t text = text_hash(&f->norm);
		entry *e = count_text(f, si, serial, text, &first);
		if (!e)
			return -1;
		if (first && e->articles == 2 && !(e->sample = sample(a->text + p->off, p->len)))
			return -1;
		if (rec)
			sm_buf_add_le(rec, text, 8);
		n++;
	}
	if (rec && !sm_buf_failed(rec))
		sm_le_put((unsigned char *)rec->data + count_at, n, 4);
	return 0;
}

void sm_furniture_record(sm_furniture *f, sm_buf *out)
{
	f->record = out;
}

/* Whether rec[0..len) is whole: articles of a name and hashes. */
static int well_formed(const unsigned char *rec, size_t len)
{
	size_t at = 0;
	while (at < len) {
		if (len - at < 4)
			return 0;
		uint64_t name = sm_le_get(rec + at, 4);
		if (name == 0 || name > len - at - 4 || len - at - 4 - name < 4)
			return 0;
		at += 4 + name;
		uint64_t n = sm_le_get(rec + at, 4);
		at += 4;
		if (n > (len - at) / 8)
			return 0;
		at += 8 * n;
	}
	return 1;
}

int sm_furniture_replay(sm_furniture *f, const char *record, size_t len)
{
	const unsigned char *rec = (const unsigned char *)record;
	if (!well_formed(rec, len))
		return 1;
	for (size_t at = 0; at < len;) {
		size_t name = (size_t)sm_le_get(rec + at, 4);
		sm_buf_reset(&f->name);
		sm_buf_add(&f->name, record + at + 4, name);
		at += 4 + name;
		long si = sm_buf_failed(&f->name) ? -2 : site_index(f, 1);
		if (si < 0)
			return -1;
		f->sites[si].articles++;
		uint32_t serial = (uint32_t)++f->articles;
		size_t n = (size_t)sm_le_get(rec + at, 4);
		at += 4;
		for (size_t i = 0; i < n; i++, at += 8) {
			int first;
			if (!count_text(f, si, serial, sm_le_get(rec + at, 8), &first))
				return -1;
		}
	}
	return 0;
}

static int count_article(void *ctx, sm_article *a)
{
	int rc = sm_furniture_count(ctx, a);
	sm_article_free(a);
	return rc;
}

int sm_furniture_count_file(sm_furniture *f, const char *path, sm_warn_fn warn, void *ctx)
{
	char *abs = realpath(path, NULL);
	FILE *in = abs ? fopen(abs, "rb") : NULL;
	if (!in) {
		char msg[256];
		snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
		if (warn)
			warn(ctx, path, 0, msg);
		free(abs);
		return 1;
	}
	sm_format fmt = sm_source_format(path);
	sm_sink sink = {warn, ctx, count_article, f};
	int rc = sm_source_read(in, abs, path, fmt ? fmt : SM_FORMAT_TEXT, &sink);
	fclose(in);
	free(abs);
	return rc;
}

/* ---- second pass ----------------------------------------------------- */

/* On a small site, text shared by a few articles is as likely shared
 * content as furniture: below SMALL_SITE articles a block must be in 3 of
 * every 4 of them, above it in 30%; in at least 3 either way. */
#define SMALL_SITE 10

static unsigned threshold(const site *s)
{
	unsigned t = s->articles < SMALL_SITE ? (s->articles * 3 + 3) / 4   /* 75%, rounded up */
	                                      : (s->articles * 3 + 9) / 10; /* 30% */
	return t > 3 ? t : 3;
}

size_t sm_furniture_strip(sm_furniture *f, sm_article *a)
{
	long si = f->cap ? find_site(f, a, 0) : -1;
	if (si < 0)
		return 0;
	unsigned t = threshold(&f->sites[si]);
	if (f->sites[si].articles < t)
		return 0;
	size_t kept = 0;
	for (size_t i = 0; i < a->n_passages; i++) {
		sm_passage *p = &a->passages[i];
		int furniture = 0;
		if (p->len <= SM_FURNITURE_MAX_BYTES &&
		    normalise(f, a->text + p->off, p->len) == 0 && f->norm.len) {
			const entry *e =
			    slot(f->slots, f->cap, key_of((uint32_t)si, text_hash(&f->norm)));
			furniture = e->key && e->articles >= t;
		}
		if (furniture)
			continue;
		a->passages[kept] = *p;
		a->passages[kept].number = (unsigned)kept;
		kept++;
	}
	size_t removed = a->n_passages - kept;
	a->n_passages = kept;
	f->removed += removed;
	return removed;
}

/* ---- report ---------------------------------------------------------- */

static int by_site_then_count(const void *x, const void *y)
{
	const sm_furniture_item *a = x, *b = y;
	int c = strcmp(a->site, b->site);
	if (c)
		return c;
	if (a->articles != b->articles)
		return a->articles > b->articles ? -1 : 1;
	return strcmp(a->text, b->text);
}

int sm_furniture_report(const sm_furniture *f, sm_furniture_item **items, size_t *n)
{
	size_t k = 0;
	*items = NULL;
	*n = 0;
	for (size_t i = 0; i < f->cap; i++) {
		const entry *e = &f->slots[i];
		if (e->key && e->sample && e->articles >= threshold(&f->sites[e->site]))
			k++;
	}
	if (k == 0)
		return 0;
	sm_furniture_item *v = malloc(k * sizeof *v);
	if (!v)
		return -1;
	k = 0;
	for (size_t i = 0; i < f->cap; i++) {
		const entry *e = &f->slots[i];
		const site *s = &f->sites[e->site];
		if (!e->key || !e->sample || e->articles < threshold(s))
			continue;
		v[k++] = (sm_furniture_item){s->name,   s->articles, threshold(s),
		                             e->sample, e->articles, e->passages};
	}
	qsort(v, k, sizeof *v, by_site_then_count);
	*items = v;
	*n = k;
	return 0;
}
