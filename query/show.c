/* show.c - a passage in its article. */
#include "show.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "article.h"
#include "buf.h"
#include "source.h"

#define BOLD  "\033[1m"
#define DIM   "\033[2m"
#define RESET "\033[0m"

typedef struct {
	const char *id;
	sm_article *found;
} finder;

static int keep_article(void *ctx, sm_article *a)
{
	finder *fd = ctx;
	if (!fd->found && strcmp(a->id, fd->id) == 0) {
		fd->found = a;
		return -1; /* found: stop reading */
	}
	sm_article_free(a);
	return 0;
}

static void ignore_warning(void *ctx, const char *path, unsigned line, const char *msg) {}

/* The article `rec` came from, parsed again from its file, or NULL. */
static sm_article *reread(const sm_record *rec)
{
	sm_format fmt = sm_source_format(rec->path);
	FILE *in = fmt == SM_FORMAT_NONE ? NULL : fopen(rec->path, "rb");
	finder fd = {rec->article, NULL};
	sm_sink sink = {ignore_warning, NULL, keep_article, &fd};
	if (in) {
		sm_source_read(in, rec->path, rec->path, fmt, &sink);
		fclose(in);
	}
	return fd.found;
}

/* The passage as the article holds it now, if it is still the one indexed. */
static const sm_passage *same_passage(const sm_article *a, const sm_record *rec)
{
	if (!a || rec->number >= a->n_passages)
		return NULL;
	const sm_passage *p = &a->passages[rec->number];
	if (p->len != strlen(rec->text) || memcmp(a->text + p->off, rec->text, p->len) != 0)
		return NULL;
	return p;
}

static void header(sm_buf *b, const sm_record *rec, int color)
{
	sm_buf_printf(b, "%s%s:%u%s\n\n", color ? DIM : "", rec->path, rec->line,
	              color ? RESET : "");
}

/* text[0..n) line by line, the lines that overlap [from, to) marked. */
static unsigned marked_lines(sm_buf *b, const char *text, size_t n, size_t from, size_t to,
                             int color, unsigned line)
{
	unsigned mark = 0;
	for (size_t at = 0; at < n;) {
		const char *nl = memchr(text + at, '\n', n - at);
		size_t end = nl ? (size_t)(nl - text) : n;
		int in = end >= from && at < to;
		if (in && !mark)
			mark = line;
		sm_buf_adds(b, in ? (color ? BOLD "> " : "> ") : "  ");
		sm_buf_add(b, text + at, end - at);
		sm_buf_adds(b, in && color ? RESET "\n" : "\n");
		at = end + 1;
		line++;
	}
	return mark;
}

int sm_show_passage(FILE *f, const sm_record *rec, int color, unsigned *mark_line)
{
	sm_buf b = SM_BUF_INIT;
	sm_article *a = reread(rec);
	const sm_passage *p = same_passage(a, rec);
	unsigned mark;
	header(&b, rec, color);
	if (p) {
		mark = marked_lines(&b, a->text, a->text_len, p->off, p->off + p->len, color, 3);
	} else {
		sm_buf_printf(&b, "(%s no longer holds this passage; as indexed:)\n\n%s\n",
		              rec->path, rec->title);
		if (*rec->section)
			sm_buf_printf(&b, "%s\n", rec->section);
		sm_buf_addc(&b, '\n');
		mark = marked_lines(&b, rec->text, strlen(rec->text), 0, strlen(rec->text), color,
		                    7 + (*rec->section != 0));
	}
	sm_article_free(a);
	int rc = sm_buf_failed(&b) ? -1 : 0;
	if (rc == 0)
		fwrite(b.data, 1, b.len, f);
	if (mark_line)
		*mark_line = mark ? mark : 1;
	sm_buf_free(&b);
	return rc;
}

/* Rows of the terminal on stdout (24 when it does not say). */
static unsigned terminal_rows(void)
{
	struct winsize ws;
	return ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row ? ws.ws_row : 24;
}

/* The pager's command: $PAGER, else less, with LESS=FRX by default as git
 * does (quit when it fits, keep colours, leave the screen as it is). less
 * (ours or the user's plain "less") opens a few lines above the passage
 * when the article is longer than the screen. */
static void pager_command(sm_buf *cmd, unsigned line, unsigned lines)
{
	const char *pager = getenv("PAGER");
	if (!pager || !*pager)
		pager = "less";
	sm_buf_adds(cmd, pager);
	if (strcmp(pager, "less") == 0) {
		setenv("LESS", "FRX", 0);
		if (lines >= terminal_rows())
			sm_buf_printf(cmd, " -j4 +%ug", line);
	}
}

static unsigned count_lines(const char *s, size_t n)
{
	unsigned lines = 0;
	for (const char *p = s; (p = memchr(p, '\n', n - (size_t)(p - s))); p++)
		lines++;
	return lines;
}

int sm_show_page(const sm_record *rec, int color)
{
	if (!isatty(STDOUT_FILENO))
		return sm_show_passage(stdout, rec, 0, NULL) < 0 || fflush(stdout) != 0 ? -1 : 0;
	unsigned line = 1;
	char *text = NULL;
	size_t len = 0;
	FILE *scratch = open_memstream(&text, &len);
	int rc = scratch ? sm_show_passage(scratch, rec, color, &line) : -1;
	if (scratch)
		fclose(scratch);
	if (rc < 0) {
		free(text);
		return sm_show_passage(stdout, rec, color, NULL);
	}
	sm_buf cmd = SM_BUF_INIT;
	pager_command(&cmd, line, count_lines(text, len));
	fflush(stdout);
	signal(SIGPIPE, SIG_IGN); /* the reader may quit before the end */
	FILE *pager = sm_buf_failed(&cmd) ? NULL : popen(cmd.data, "w");
	fwrite(text, 1, len, pager ? pager : stdout);
	if (pager)
		pclose(pager);
	free(text);
	sm_buf_free(&cmd);
	return 0;
}
