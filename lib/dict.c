/* dict.c - a list of real words (see dict.h). */
#define _GNU_SOURCE /* memmem */
#include "dict.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct sm_dict {
	const char *data;
	size_t len;
};

sm_dict *sm_dict_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	sm_dict *d = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (d = calloc(1, sizeof *d))) {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED) {
			free(d);
			d = NULL;
		} else {
			d->data = p;
			d->len = (size_t)st.st_size;
		}
	}
	close(fd);
	return d;
}

/* The list is not sorted byte-wise (locales order it), so it is searched
 * whole; this runs only for a word the index lacks, and a list of 100,000
 * words is read in well under a millisecond. */
int sm_dict_has(const sm_dict *d, const char *word, size_t len)
{
	if (!d || len == 0 || len > 64 || memchr(word, '\n', len))
		return 0;
	char key[68];
	key[0] = '\n';
	memcpy(key + 1, word, len);
	key[len + 1] = '\n';
	if (d->len > len && memcmp(d->data, word, len) == 0 && d->data[len] == '\n')
		return 1; /* the first line */
	if (memmem(d->data, d->len, key, len + 2))
		return 1;
	/* The last line may lack its newline. */
	return d->len > len && d->data[d->len - len - 1] == '\n' &&
	       memcmp(d->data + d->len - len, word, len) == 0;
}

void sm_dict_close(sm_dict *d)
{
	if (!d)
		return;
	munmap((void *)d->data, d->len);
	free(d);
}
