/* source.c - article files: plain text, JSON Lines, HTML, Markdown. */
#include "source.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html.h"
#include "markdown.h"

static void warnf(const sm_sink *s, const char *shown, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void warnf(const sm_sink *s, const char *shown, unsigned line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (s->warn)
		s->warn(s->warn_ctx, shown, line, msg);
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && strcasecmp(s + n - m, suffix) == 0;
}

sm_format sm_source_format(const char *name)
{
	if (has_suffix(name, ".txt"))
		return SM_FORMAT_TEXT;
	if (has_suffix(name, ".jsonl"))
		return SM_FORMAT_JSONL;
	if (has_suffix(name, ".html") || has_suffix(name, ".htm"))
		return SM_FORMAT_HTML;
	if (has_suffix(name, ".md") || has_suffix(name, ".markdown"))
		return SM_FORMAT_MARKDOWN;
	return SM_FORMAT_NONE;
}

/* Read up to `max` bytes; *over is set when the file is larger. */
static int read_capped(FILE *f, sm_buf *b, size_t max, int *over)
{
	char chunk[65536];
	size_t n;
	*over = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b->len + n > max) {
			*over = 1;
			return 0;
		}
		sm_buf_add(b, chunk, n);
	}
	return ferror(f) || sm_buf_failed(b) ? -1 : 0;
}

/* UTF-16 (with its byte order mark) to UTF-8; unpaired surrogates become
 * U+FFFD. The result replaces b's contents. */
static int utf16_to_utf8(sm_buf *b, int big_endian)
{
	sm_buf out = SM_BUF_INIT;
	const unsigned char *s = (const unsigned char *)b->data;
	for (size_t i = 2; i + 1 < b->len; i += 2) {
		unsigned c = big_endian ? (unsigned)(s[i] << 8 | s[i + 1])
		                        : (unsigned)(s[i + 1] << 8 | s[i]);
		if (c >= 0xD800 && c < 0xDC00 && i + 3 < b->len) {
			unsigned d = big_endian ? (unsigned)(s[i + 2] << 8 | s[i + 3])
			                        : (unsigned)(s[i + 3] << 8 | s[i + 2]);
			if (d >= 0xDC00 && d < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
				i += 2;
			}
		}
		if (c >= 0xD800 && c < 0xE000)
			c = 0xFFFD;
		char u[4];
		size_t n;
		if (c < 0x80) {
			u[0] = (char)c;
			n = 1;
		} else if (c < 0x800) {
			u[0] = (char)(0xC0 | c >> 6);
			u[1] = (char)(0x80 | (c & 0x3F));
			n = 2;
		} else if (c < 0x10000) {
			u[0] = (char)(0xE0 | c >> 12);
			u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
			u[2] = (char)(0x80 | (c & 0x3F));
			n = 3;
		} else {
			u[0] = (char)(0xF0 | c >> 18);
			u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
			u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
			u[3] = (char)(0x80 | (c & 0x3F));
			n = 4;
		}
		sm_buf_add(&out, u, n);
	}
	if (sm_buf_failed(&out)) {
		sm_buf_free(&out);
		return -1;
	}
	sm_buf_free(b);
	*b = out;
	return 0;
}

/* 1 for a little-endian UTF-16 byte order mark, 2 for big-endian, else 0. */
static int utf16_bom(const sm_buf *b)
{
	if (b->len < 2)
		return 0;
	unsigned char x = (unsigned char)b->data[0], y = (unsigned char)b->data[1];
	return x == 0xFF && y == 0xFE ? 1 : x == 0xFE && y == 0xFF ? 2 : 0;
}

static int looks_binary(const char *s, size_t n)
{
	return memchr(s, '\0', n < 8192 ? n : 8192) != NULL;
}

/* "dir/000_abc.txt" -> "000_abc" */
static char *id_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	return strndup(base, dot && dot > base ? (size_t)(dot - base) : strlen(base));
}

static int deliver(const sm_sink *sink, const char *shown, unsigned line, sm_article *a)
{
	if (a->n_invalid)
		warnf(sink, shown, line, "%zu invalid UTF-8 sequence(s) replaced", a->n_invalid);
	return sink->article(sink->article_ctx, a);
}

/* One article from a whole file's bytes: 0, 1 when skipped, -1 when the
 * sink stopped the read or memory ran out. */
static int parse_whole(const char *data, size_t len, const char *path, const char *shown,
                       sm_format fmt, const sm_sink *sink)
{
	char *id = id_from_path(path), why[256];
	sm_article *a = NULL;
	int rc = 0;
	if (!id)
		return -1;
	if (fmt == SM_FORMAT_HTML)
		rc = sm_html_parse(id, path, data, len, &a, why, sizeof why);
	else if (fmt == SM_FORMAT_MARKDOWN)
		rc = sm_markdown_parse(id, path, data, len, &a, why, sizeof why);
	else
		rc = sm_article_parse_text(id, path, data, len, 1, &a);
	free(id);
	if (rc < 0)
		return -1;
	if (fmt != SM_FORMAT_TEXT && a->n_passages == 0) {
		warnf(sink, shown, 0, "skipped: no text found");
		sm_article_free(a);
		return 1;
	}
	return deliver(sink, shown, 0, a) < 0 ? -1 : 0;
}

static int read_whole(FILE *f, const char *path, const char *shown, sm_format fmt,
                      const sm_sink *sink)
{
	sm_buf b = SM_BUF_INIT;
	int over, rc = 0;
	if (read_capped(f, &b, SM_SOURCE_MAX_BYTES, &over) < 0) {
		warnf(sink, shown, 0, "cannot read: %s", errno ? strerror(errno) : "out of memory");
		rc = 1;
	} else if (over) {
		warnf(sink, shown, 0, "skipped: larger than %u MiB", SM_SOURCE_MAX_BYTES >> 20);
		rc = 1;
	} else if (fmt == SM_FORMAT_HTML && utf16_bom(&b)) {
		/* libxml2 reads UTF-16 itself, and then heeds no <meta charset> */
		rc = parse_whole(b.data, b.len, path, shown, fmt, sink);
	} else if (utf16_bom(&b) && utf16_to_utf8(&b, utf16_bom(&b) == 2) < 0) {
		rc = -1;
	} else if (b.len == 0) {
		warnf(sink, shown, 0, "empty file");
	} else if (looks_binary(b.data, b.len)) {
		warnf(sink, shown, 0, "skipped: binary file");
		rc = 1;
	} else {
		/* HTML keeps its byte order mark: it tells libxml2 the encoding */
		size_t skip =
		    fmt != SM_FORMAT_HTML && b.len >= 3 && memcmp(b.data, "\xEF\xBB\xBF", 3) == 0
		        ? 3
		        : 0;
		rc = parse_whole(b.data + skip, b.len - skip, path, shown, fmt, sink);
	}
	sm_buf_free(&b);
	return rc;
}

/* One line into b (without its newline), at most `max` bytes kept: a longer
 * line is read to its end and *over is set. Returns 0 at end of file. */
static int read_line(FILE *f, sm_buf *b, size_t max, int *over)
{
	int c, any = 0;
	sm_buf_reset(b);
	*over = 0;
	while ((c = getc(f)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		if (b->len < max)
			sm_buf_addc(b, (char)c);
		else
			*over = 1;
	}
	return any;
}

static int read_jsonl(FILE *f, const char *path, const char *shown, const sm_sink *sink)
{
	sm_buf b = SM_BUF_INIT;
	unsigned line = 0;
	int over, skipped = 0, rc = 0;
	while (rc >= 0 && read_line(f, &b, SM_SOURCE_MAX_BYTES, &over)) {
		line++;
		size_t k =
		    line == 1 && b.len >= 3 && memcmp(b.data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		while (k < b.len && strchr(" \t\r", b.data[k]))
			k++;
		if (k == b.len && !over)
			continue;
		if (sm_buf_failed(&b))
			return -1;
		sm_article *a = NULL;
		char why[256];
		if (over) {
			snprintf(why, sizeof why, "line longer than %u MiB",
			         SM_SOURCE_MAX_BYTES >> 20);
		} else if (sm_article_parse_json(path, line, b.data + k, b.len - k, &a, why,
		                                 sizeof why) == 0) {
			rc = deliver(sink, shown, line, a);
			continue;
		}
		warnf(sink, shown, line, "skipped: %s", why);
		skipped++;
	}
	if (rc >= 0 && ferror(f)) {
		warnf(sink, shown, line, "cannot read: %s", strerror(errno));
		skipped++;
	}
	sm_buf_free(&b);
	return rc < 0 ? -1 : skipped;
}

int sm_source_read(FILE *f, const char *path, const char *shown, sm_format fmt, const sm_sink *sink)
{
	if (fmt == SM_FORMAT_JSONL)
		return read_jsonl(f, path, shown, sink);
	return read_whole(f, path, shown, fmt == SM_FORMAT_NONE ? SM_FORMAT_TEXT : fmt, sink);
}
