/* output.c - text and JSON printers. */
#include "output.h"

#include <string.h>

#include "buf.h"
#include "json.h"

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

static const char *shown_path(const char *path, const char *cwd)
{
	size_t n = cwd ? strlen(cwd) : 0;
	if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

/* The snippet with its highlights marked: bold, or [brackets] in a pipe. */
static void print_snippet(FILE *f, const sm_snippet *s, int color)
{
	size_t at = 0;
	for (size_t i = 0; i < s->n_hl; i++) {
		fwrite(s->text + at, 1, s->hl[i].start - at, f);
		fputs(color ? BOLD : "[", f);
		fwrite(s->text + s->hl[i].start, 1, s->hl[i].end - s->hl[i].start, f);
		fputs(color ? RESET : "]", f);
		at = s->hl[i].end;
	}
	fwrite(s->text + at, 1, s->len - at, f);
	fputc('\n', f);
}

void sm_print_text(FILE *f, const sm_results *r, const sm_text_style *st)
{
	if (r->corrected)
		fprintf(f, "Showing results for: %s\n\n", r->corrected);
	for (size_t i = 0; i < r->n_hits; i++) {
		const sm_hit *h = &r->hits[i];
		fprintf(f, "%s%u. %s", st->color ? BOLD : "", h->rank, h->rec.title);
		if (*h->rec.section)
			fprintf(f, " \xE2\x80\xBA %s", h->rec.section);
		fprintf(f, "%s\n   %s%s:%u%s\n   ", st->color ? RESET : "", st->color ? DIM : "",
			shown_path(h->rec.path, st->cwd), h->rec.line, st->color ? RESET : "");
		print_snippet(f, &h->snippet, st->color);
		if (i + 1 < r->n_hits)
			fputc('\n', f);
	}
}

static void key(sm_buf *b, const char *k)
{
	sm_json_write_str(b, k, strlen(k));
	sm_buf_addc(b, ':');
}

static void str_or_null(sm_buf *b, const char *k, const char *v)
{
	key(b, k);
	if (v && *v)
		sm_json_write_str(b, v, strlen(v));
	else
		sm_buf_adds(b, "null");
	sm_buf_addc(b, ',');
}

static void hit_json(sm_buf *b, const sm_hit *h)
{
	const sm_record *r = &h->rec;
	sm_buf_printf(b, "{\"rank\":%u,\"score\":%.4f,", h->rank, h->score);
	str_or_null(b, "id", r->id);
	key(b, "article");
	sm_buf_addc(b, '{');
	str_or_null(b, "id", r->article);
	str_or_null(b, "title", r->title);
	str_or_null(b, "path", r->path);
	str_or_null(b, "url", r->url);
	b->data[b->len - 1] = '}'; /* replaces the last comma */
	sm_buf_addc(b, ',');
	str_or_null(b, "section", r->section);
	sm_buf_printf(b, "\"passage\":%u,\"line\":%u,", r->number, r->line);
	str_or_null(b, "text", r->text);
	key(b, "snippet");
	sm_json_write_str(b, h->snippet.text, h->snippet.len);
	sm_buf_adds(b, ",\"highlights\":[");
	for (size_t i = 0; i < h->snippet.n_hl; i++)
		sm_buf_printf(b, "%s[%zu,%zu]", i ? "," : "", h->snippet.hl[i].start,
			      h->snippet.hl[i].end);
	sm_buf_adds(b, "],");
	str_or_null(b, "ref", r->ref);
	b->data[b->len - 1] = '}';
}

void sm_print_json(FILE *f, const char *query, const sm_results *r)
{
	sm_buf b = SM_BUF_INIT;
	sm_buf_addc(&b, '{');
	key(&b, "query");
	sm_json_write_str(&b, query, strlen(query));
	sm_buf_addc(&b, ',');
	str_or_null(&b, "corrected", r->corrected);
	sm_buf_printf(&b, "\"total\":%u,\"results\":[", r->total);
	for (size_t i = 0; i < r->n_hits; i++) {
		if (i)
			sm_buf_addc(&b, ',');
		hit_json(&b, &r->hits[i]);
	}
	sm_buf_adds(&b, "]}\n");
	fwrite(sm_buf_str(&b), 1, b.len, f);
	sm_buf_free(&b);
}
