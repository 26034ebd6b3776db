/* Runs a fuzz target over saved inputs (files, or directories of files):
 * the seeds and crash reproducers become regression tests without
 * libFuzzer. Prints TAP. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int n;

static void run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("not ok %d - cannot read %s\n", ++n, path);
		return;
	}
	size_t cap = 1 << 16, len = 0, got;
	uint8_t *buf = malloc(cap);
	while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			uint8_t *nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				buf = NULL;
			}
			buf = nb;
		}
	}
	fclose(f);
	if (buf)
		LLVMFuzzerTestOneInput(buf, len); /* a failure aborts the run */
	free(buf);
	printf("ok %d - %s\n", ++n, path);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	DIR *d = opendir(path);
	struct dirent *e;
	char *names[4096];
	size_t k = 0;
	while (d && (e = readdir(d)) && k < 4096)
		if (e->d_name[0] != '.')
			names[k++] = strdup(e->d_name);
	if (d)
		closedir(d);
	qsort(names, k, sizeof *names, cmp);
	for (size_t i = 0; i < k; i++) {
		char p[4096];
		snprintf(p, sizeof p, "%s/%s", path, names[i]);
		run_file(p);
		free(names[i]);
	}
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		run_path(argv[i]);
	printf("1..%d\n", n);
	return 0;
}
