/* record.c - passage document data. */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAG "smsearch-1"

static void field(sm_buf *b, const char *s)
{
	sm_buf_adds(b, s ? s : "");
	sm_buf_addc(b, '\0');
}

void sm_record_encode(sm_buf *b, const sm_record *r)
{
	char nums[64];
	snprintf(nums, sizeof nums, "%u %u %u", r->line, r->number, r->kind);
	field(b, TAG);
	field(b, r->id);
	field(b, r->article);
	field(b, r->title);
	field(b, r->path);
	field(b, r->url);
	field(b, r->section);
	field(b, r->ref);
	field(b, nums);
	sm_buf_adds(b, r->text ? r->text : "");
	if (r->anchor && *r->anchor) { /* added later: after the text */
		sm_buf_addc(b, '\0');
		sm_buf_adds(b, r->anchor);
	}
}

int sm_record_decode(const char *data, size_t len, sm_record *r, char **storage)
{
	char *s = malloc(len + 1);
	if (!s)
		return -1;
	memcpy(s, data, len);
	s[len] = '\0';
	const char *f[10];
	size_t at = 0;
	for (int i = 0; i < 10; i++) {
		f[i] = s + at;
		if (i < 9) {
			const char *z = memchr(s + at, '\0', len - at);
			if (!z) {
				free(s);
				return -1;
			}
			at = (size_t)(z - s) + 1;
		}
	}
	if (strcmp(f[0], TAG) != 0 ||
	    sscanf(f[8], "%u %u %u", &r->line, &r->number, &r->kind) != 3) {
		free(s);
		return -1;
	}
	r->id = f[1];
	r->article = f[2];
	r->title = f[3];
	r->path = f[4];
	r->url = f[5];
	r->section = f[6];
	r->ref = f[7];
	r->text = f[9];
	const char *z = memchr(s + at, '\0', len - at);
	r->anchor = z ? z + 1 : "";
	*storage = s;
	return 0;
}
