/* uri.c - a passage's URI. */
#include "uri.h"

#include <string.h>

/* Words of the passage in its text fragment: enough to be unique in a
 * page, few enough to survive the page's own line breaks and markup. */
#define FRAGMENT_WORDS 6

static int unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '~';
}

/* s[0..n) percent-encoded; bytes in `keep` stay as they are. A text
 * fragment needs '-', '&' and ',' encoded, so '-' is not in `unreserved`. */
static void encode(sm_buf *b, const char *s, size_t n, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (unreserved(c) || (c && strchr(keep, c))) {
			sm_buf_addc(b, (char)c);
		} else {
			sm_buf_addc(b, '%');
			sm_buf_addc(b, hex[c >> 4]);
			sm_buf_addc(b, hex[c & 15]);
		}
	}
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The first words of the passage's first line, after a bullet mark. */
static void fragment_text(sm_buf *b, const char *text)
{
	static const char *const bullets[] = {"\xE2\x80\xA2", "-", "*"};
	const char *p = text;
	while (is_space(*p))
		p++;
	for (size_t i = 0; i < sizeof bullets / sizeof *bullets; i++)
		if (strncmp(p, bullets[i], strlen(bullets[i])) == 0 &&
		    is_space(p[strlen(bullets[i])]))
			p += strlen(bullets[i]);
	for (int words = 0; words < FRAGMENT_WORDS; words++) {
		while (*p == ' ' || *p == '\t')
			p++;
		size_t n = 0;
		while (p[n] && !is_space(p[n]))
			n++;
		if (n == 0)
			break;
		if (words)
			sm_buf_adds(b, "%20");
		encode(b, p, n, "");
		p += n;
	}
}

int sm_record_file_uri(const sm_record *r, sm_buf *out)
{
	sm_buf_adds(out, "file://");
	encode(out, r->path, strlen(r->path), "/-");
	sm_buf_printf(out, "#L%u", r->line);
	return sm_buf_failed(out) ? -1 : 0;
}

static int is_web(const char *u)
{
	return strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0;
}

/* The address without its own fragment. */
static void without_fragment(sm_buf *b, const char *u)
{
	const char *hash = strchr(u, '#');
	sm_buf_add(b, u, hash ? (size_t)(hash - u) : strlen(u));
}

int sm_record_uri(const sm_record *r, sm_buf *out)
{
	const char *anchor = r->anchor ? r->anchor : "";
	if (*anchor) {
		if (is_web(r->url)) {
			without_fragment(out, r->url);
		} else {
			sm_buf_adds(out, "file://");
			encode(out, r->path, strlen(r->path), "/-");
		}
		sm_buf_addc(out, '#');
		encode(out, anchor, strlen(anchor), "-:");
	} else if (is_web(r->url)) {
		sm_buf_adds(out, r->url);
		sm_buf_adds(out, strchr(r->url, '#') ? ":~:text=" : "#:~:text=");
		fragment_text(out, r->text);
	} else {
		return sm_record_file_uri(r, out);
	}
	return sm_buf_failed(out) ? -1 : 0;
}
