/* output.c - text and JSON printers. */
#include "output.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "json.h"
#include "uri.h"

#define BOLD  "\033[1m"
#define DIM   "\033[2m"
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
	str_or_null(b, "anchor", r->anchor);
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

/* ---- formats for launchers -------------------------------------------- */

/* A string literal that may hold NULs (rofi's row options). */
#define LIT(b, s) sm_buf_add((b), (s), sizeof(s) - 1)

static const char *const format_names[] = {"text", "json", "tsv",    "dmenu",
                                           "rofi", "fzf",  "alfred", "flow"};

int sm_output_parse(const char *name, sm_output *out)
{
	for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
		if (strcmp(name, format_names[i]) == 0) {
			*out = (sm_output)i;
			return 0;
		}
	return -1;
}

/* s[0..n) on one line: control characters (tab, newline, and rofi's \0
 * and \x1f) become spaces. */
static void one_line(sm_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sm_buf_addc(b, (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i]);
}

static void one_line_s(sm_buf *b, const char *s)
{
	one_line(b, s, strlen(s));
}

/* One-line text for Pango markup (rofi -markup-rows). */
static void markup(sm_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '&')
			sm_buf_adds(b, "&amp;");
		else if (s[i] == '<')
			sm_buf_adds(b, "&lt;");
		else if (s[i] == '>')
			sm_buf_adds(b, "&gt;");
		else
			one_line(b, s + i, 1);
	}
}

/* The snippet with its matches between `on` and `off`, each piece passed
 * through `put`. */
static void marked_snippet(sm_buf *b, const sm_snippet *s, const char *on, const char *off,
                           void (*put)(sm_buf *, const char *, size_t))
{
	size_t at = 0;
	for (size_t i = 0; i < s->n_hl; i++) {
		put(b, s->text + at, s->hl[i].start - at);
		sm_buf_adds(b, on);
		put(b, s->text + s->hl[i].start, s->hl[i].end - s->hl[i].start);
		sm_buf_adds(b, off);
		at = s->hl[i].end;
	}
	put(b, s->text + at, s->len - at);
}

static void tsv_hit(sm_buf *b, const sm_hit *h)
{
	one_line_s(b, h->rec.id);
	sm_buf_addc(b, '\t');
	one_line_s(b, h->rec.title);
	sm_buf_addc(b, '\t');
	one_line(b, h->snippet.text, h->snippet.len);
	sm_buf_addc(b, '\t');
	sm_record_uri(&h->rec, b);
	sm_buf_addc(b, '\n');
}

static void dmenu_hit(sm_buf *b, const sm_hit *h)
{
	sm_buf_printf(b, "%u. ", h->rank);
	one_line_s(b, h->rec.title);
	sm_buf_adds(b, " \xE2\x80\x94 ");
	one_line(b, h->snippet.text, h->snippet.len);
	sm_buf_addc(b, '\n');
}

static void fzf_hit(sm_buf *b, const sm_hit *h)
{
	one_line_s(b, h->rec.id);
	sm_buf_addc(b, '\t');
	one_line_s(b, h->rec.title);
	sm_buf_addc(b, '\t');
	marked_snippet(b, &h->snippet, BOLD, RESET, one_line);
	sm_buf_addc(b, '\n');
}

/* rofi script mode (man 5 rofi-script): mode options first, then one row
 * per hit whose info is the id; rofi runs the script again with it in
 * $ROFI_INFO when the row is picked. */
static void rofi_results(sm_buf *b, const char *query, const sm_results *r)
{
	LIT(b, "\0markup-rows\x1f"
	       "true\n");
	LIT(b, "\0message\x1f");
	if (r->corrected) {
		sm_buf_adds(b, "Showing results for: ");
		markup(b, r->corrected, strlen(r->corrected));
	} else {
		sm_buf_adds(b, "Results for: ");
		markup(b, query, strlen(query));
	}
	sm_buf_addc(b, '\n');
	for (size_t i = 0; i < r->n_hits; i++) {
		const sm_hit *h = &r->hits[i];
		sm_buf_adds(b, "<b>");
		markup(b, h->rec.title, strlen(h->rec.title));
		sm_buf_adds(b, "</b> \xE2\x80\x94 ");
		marked_snippet(b, &h->snippet, "<b>", "</b>", markup);
		LIT(b, "\0info\x1f");
		one_line_s(b, h->rec.id);
		LIT(b, "\x1f"
		       "icon\x1f"
		       "text-x-generic\n");
	}
	if (r->n_hits == 0)
		LIT(b, "No passage matches\0nonselectable\x1f"
		       "true\n");
}

static void json_pair(sm_buf *b, const char *k, const char *v, const char *sep)
{
	sm_json_write_str(b, k, strlen(k));
	sm_buf_addc(b, ':');
	sm_json_write_str(b, v, strlen(v));
	sm_buf_adds(b, sep);
}

/* Alfred's Script Filter JSON: the id is the item's uid and arg (for a
 * "Run Script" of smsearch --open), ⌘ gives the URI, ⌘C the passage. */
static void alfred_hit(sm_buf *b, const sm_hit *h)
{
	sm_buf uri = SM_BUF_INIT;
	sm_record_uri(&h->rec, &uri);
	sm_buf_addc(b, '{');
	json_pair(b, "uid", h->rec.id, ",");
	json_pair(b, "title", h->rec.title, ",");
	sm_buf_adds(b, "\"subtitle\":");
	sm_json_write_str(b, h->snippet.text, h->snippet.len);
	sm_buf_addc(b, ',');
	json_pair(b, "arg", h->rec.id, ",");
	json_pair(b, "quicklookurl", sm_buf_str(&uri), ",\"valid\":true,\"text\":{");
	json_pair(b, "copy", h->rec.text, ",");
	json_pair(b, "largetype", h->rec.text, "},\"mods\":{\"cmd\":{");
	json_pair(b, "arg", sm_buf_str(&uri), ",");
	json_pair(b, "subtitle", "Open the article", "}}}");
	b->failed |= uri.failed;
	sm_buf_free(&uri);
}

static void alfred_results(sm_buf *b, const char *query, const sm_results *r)
{
	sm_buf_adds(b, "{\"skipknowledge\":true,\"items\":[");
	for (size_t i = 0; i < r->n_hits; i++) {
		if (i)
			sm_buf_addc(b, ',');
		alfred_hit(b, &r->hits[i]);
	}
	if (r->n_hits == 0) {
		sm_buf_addc(b, '{');
		json_pair(b, "title", "No passage matches", ",");
		json_pair(b, "subtitle", query, ",\"valid\":false}");
	}
	sm_buf_adds(b, "]}\n");
}

/* Flow Launcher's JSON-RPC answer to a "query": picking a row makes Flow
 * call the plugin back with {"method":"open","parameters":[ID]}. */
static void flow_hit(sm_buf *b, const sm_hit *h)
{
	sm_buf_addc(b, '{');
	json_pair(b, "Title", h->rec.title, ",");
	sm_buf_adds(b, "\"SubTitle\":");
	sm_json_write_str(b, h->snippet.text, h->snippet.len);
	/* Flow orders by Score: our rank, not Xapian's percentage (which moves
	 * with every ranking knob). */
	sm_buf_printf(b, ",\"Score\":%u,\"ContextData\":[", h->rank < 1000 ? 1000 - h->rank : 0);
	sm_json_write_str(b, h->rec.id, strlen(h->rec.id));
	sm_buf_adds(b, "],\"JsonRPCAction\":{\"method\":\"open\",\"parameters\":[");
	sm_json_write_str(b, h->rec.id, strlen(h->rec.id));
	sm_buf_adds(b, "],\"dontHideAfterAction\":false}}");
}

static void flow_results(sm_buf *b, const sm_results *r)
{
	sm_buf_adds(b, "{\"result\":[");
	for (size_t i = 0; i < r->n_hits; i++) {
		if (i)
			sm_buf_addc(b, ',');
		flow_hit(b, &r->hits[i]);
	}
	sm_buf_adds(b, "]}\n");
}

int sm_print_launcher(FILE *f, sm_output fmt, const char *query, const sm_results *r)
{
	sm_buf b = SM_BUF_INIT;
	if (fmt == SM_OUT_ROFI)
		rofi_results(&b, query, r);
	else if (fmt == SM_OUT_ALFRED)
		alfred_results(&b, query, r);
	else if (fmt == SM_OUT_FLOW)
		flow_results(&b, r);
	for (size_t i = 0; i < r->n_hits; i++) {
		if (fmt == SM_OUT_TSV)
			tsv_hit(&b, &r->hits[i]);
		else if (fmt == SM_OUT_DMENU)
			dmenu_hit(&b, &r->hits[i]);
		else if (fmt == SM_OUT_FZF)
			fzf_hit(&b, &r->hits[i]);
	}
	int rc = sm_buf_failed(&b) ? -1 : 0;
	if (rc == 0)
		fwrite(b.data ? b.data : "", 1, b.len, f);
	sm_buf_free(&b);
	return rc;
}

int sm_use_color(void)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	return isatty(STDOUT_FILENO) && !(nc && *nc) && !(term && strcmp(term, "dumb") == 0);
}
