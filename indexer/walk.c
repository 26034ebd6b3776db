/* walk.c - smindex's walk over files and directories, into one index. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "paths.h"
#include "smindex.h"

double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void clear_progress(run *r)
{
	if (r->progress && r->last_shown > 0) {
		fputs("\r\033[K", stderr);
		r->last_shown = 0;
	}
}

static void show_progress(run *r)
{
	const sm_index_stats *s = sm_index_get_stats(r->ix);
	if (r->shared) /* one process of several: the first shows them all */
		r->shared[r->part] = *s;
	double t = now();
	if (!r->progress || t - r->last_shown < 0.2)
		return;
	sm_index_stats sum = *s;
	for (unsigned k = 0; r->shared && k < r->parts; k++)
		if (k != r->part) {
			sum.articles += r->shared[k].articles;
			sum.passages += r->shared[k].passages;
		}
	fprintf(stderr, "\r\033[Kindexing: %u files, %u articles, %u passages", sum.files,
	        sum.articles, sum.passages);
	r->last_shown = t;
}

/* Printable form of a path: control bytes (a newline in a file name)
 * would break the one-line message. */
static void put_path(const char *path)
{
	for (const char *p = path; *p; p++)
		fputc((unsigned char)*p < 0x20 ? '?' : *p, stderr);
}

void warn(void *ctx, const char *path, unsigned line, const char *msg)
{
	run *r = ctx;
	r->warned = 1;
	if ((r->counting && !r->explain) || r->silent)
		return; /* the second pass, or the first shard, reports it */
	clear_progress(r);
	fputs("smindex: ", stderr);
	put_path(path);
	if (line)
		fprintf(stderr, ":%u", line);
	fprintf(stderr, ": %s\n", msg);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a directory, sorted so runs are reproducible. */
static char **list_dir(DIR *d, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	struct dirent *e;
	*n = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* ., .., and hidden files */
		if (*n == cap) {
			cap = cap ? 2 * cap : 32;
			char **nv = realloc(v, cap * sizeof *nv);
			if (!nv)
				break;
			v = nv;
		}
		if (!(v[*n] = strdup(e->d_name)))
			break;
		(*n)++;
	}
	if (*n)
		qsort(v, *n, sizeof *v, cmp_names);
	return v;
}

static int add_dir(run *r, const char *path, const struct stat *st)
{
	for (size_t i = 0; i < r->depth; i++)
		if (r->stack[i].dev == st->st_dev && r->stack[i].ino == st->st_ino) {
			warn(r, path, 0, "skipped: directory loop");
			return 0;
		}
	if (r->depth == sizeof r->stack / sizeof *r->stack) {
		warn(r, path, 0, "skipped: directories nested too deep");
		return 0;
	}
	DIR *d = opendir(path);
	if (!d) {
		warn(r, path, 0, strerror(errno));
		return 0;
	}
	r->stack[r->depth].dev = st->st_dev;
	r->stack[r->depth++].ino = st->st_ino;
	size_t n;
	char **names = list_dir(d, &n);
	closedir(d);
	int rc = 0;
	sm_buf child = SM_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (rc == 0) {
			sm_buf_reset(&child);
			sm_buf_printf(&child, "%s%s%s", path,
			              path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
			rc = sm_buf_failed(&child) ? -1 : add_path(r, child.data, 0);
		}
		free(names[i]);
	}
	free(names);
	sm_buf_free(&child);
	r->depth--;
	return rc;
}

static long long mtime_ns(const struct stat *st)
{
	return (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

/* Count the furniture of the file at `abs` from the record the index
 * keeps of it as it is now: 0, 1 when there is none (or it is not
 * whole), -1 when memory ran out. */
static int replay(run *r, const char *abs, const struct stat *st)
{
	char *rec = NULL;
	size_t len = 0;
	if (!r->ix || sm_index_furniture_get(r->ix, abs, (long long)st->st_size, mtime_ns(st), &rec,
	                                     &len) != 0)
		return 1;
	int rc = sm_furniture_replay(r->furniture, rec, len); /* 1: not whole, read the file */
	free(rec);
	return rc;
}

/* Keep `rec` (taken over) as the record of `abs` as it was (st). */
static int keep_record(run *r, const char *abs, const struct stat *st, sm_buf *rec)
{
	kept_record *v = realloc(r->records, (r->n_records + 1) * sizeof *v);
	char *path = strdup(abs);
	if (!v || !path) {
		free(path);
		if (v)
			r->records = v;
		return -1;
	}
	r->records = v;
	v[r->n_records++] = (kept_record){path, (long long)st->st_size, mtime_ns(st), *rec};
	*rec = (sm_buf)SM_BUF_INIT;
	return 0;
}

/* The first pass over one file: its furniture counted from the record
 * the index keeps while the file is unchanged, else read (and recorded
 * for the index to keep). -1 when memory ran out. */
static int count_file(run *r, const char *path)
{
	char *abs = r->keep_records ? realpath(path, NULL) : NULL;
	struct stat st;
	int rc = 1;
	if (abs && stat(abs, &st) < 0) {
		free(abs); /* gone: the reader says so */
		abs = NULL;
	}
	if (abs)
		rc = replay(r, abs, &st);
	if (rc != 1) {
		free(abs);
		return rc;
	}
	sm_buf rec = SM_BUF_INIT;
	if (abs)
		sm_furniture_record(r->furniture, &rec);
	rc = sm_furniture_count_file(r->furniture, path, r->explain ? warn : NULL, r);
	sm_furniture_record(r->furniture, NULL);
	/* A file that could not be read (rc 1 and nothing recorded) keeps no
	 * record: the next run reads it again. */
	if (rc >= 0 && abs && (rc == 0 || rec.len) && !sm_buf_failed(&rec))
		rc = keep_record(r, abs, &st, &rec);
	sm_buf_free(&rec);
	free(abs);
	return rc < 0 ? -1 : 0;
}

void free_records(run *r)
{
	for (size_t i = 0; i < r->n_records; i++) {
		free(r->records[i].path);
		sm_buf_free(&r->records[i].record);
	}
	free(r->records);
	r->records = NULL;
	r->n_records = 0;
}

/* Hand the records of the first pass to the index. */
static int put_records(run *r, char *err, size_t errlen)
{
	for (size_t i = 0; i < r->n_records; i++) {
		const kept_record *k = &r->records[i];
		if (sm_index_furniture_put(r->ix, k->path, k->size, k->mtime_ns, k->record.data,
		                           k->record.len, err, errlen) < 0)
			return -1;
	}
	return 0;
}

/* A file or directory; `named` when the user gave it (then any extension
 * is indexed, as text unless it is .jsonl). */
int add_path(run *r, const char *path, int named)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		warn(r, path, 0, strerror(errno));
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		return add_dir(r, path, &st);
	if (!S_ISREG(st.st_mode) || (!named && !sm_source_format(path)))
		return named ? (warn(r, path, 0, "skipped: not a regular file"), 0) : 0;
	char err[1024];
	if (r->counting)
		return count_file(r, path);
	if (sm_index_add_file(r->ix, path, warn, r, err, sizeof err) < 0) {
		clear_progress(r);
		fprintf(stderr, "smindex: %s\n", err);
		return -1;
	}
	show_progress(r);
	return 0;
}

/* Drop what the index has of files gone from under `path`. */
int prune(run *r, const char *path)
{
	char err[1024];
	sm_buf abs = SM_BUF_INIT;
	char *real = realpath(path, NULL);
	if (real) {
		sm_buf_adds(&abs, real);
	} else if (path[0] == '/') {
		sm_buf_adds(&abs, path);
	} else {
		char cwd[4096];
		sm_buf_printf(&abs, "%s/%s", getcwd(cwd, sizeof cwd) ? cwd : ".", path);
	}
	while (abs.len > 1 && abs.data[abs.len - 1] == '/')
		abs.data[--abs.len] = '\0';
	int rc = sm_buf_failed(&abs) ? -1 : sm_index_prune(r->ix, abs.data, err, sizeof err);
	if (rc < 0) {
		clear_progress(r);
		fprintf(stderr, "smindex: %s\n", sm_buf_failed(&abs) ? "out of memory" : err);
	}
	free(real);
	sm_buf_free(&abs);
	return rc;
}

/* Index the paths argv[optind..] into the index `db`, taking the articles
 * of shard `shard` of `shards`; *st gets what was done. */
int index_into(run *r, const settings *set, const char *db, unsigned shard, unsigned shards,
               int argc, char **argv, sm_index_stats *st)
{
	char err[1024];
	if (!r->ix &&
	    sm_index_open(db, set->force ? SM_INDEX_REBUILD : 0, &r->ix, err, sizeof err) < 0) {
		fprintf(stderr, "smindex: %s\n", err);
		return -1;
	}
	r->progress = !r->quiet && !r->silent && isatty(STDERR_FILENO);
	sm_index_set_force(r->ix, set->force);
	sm_index_set_furniture(r->ix, r->furniture);
	sm_index_set_batch(r->ix, set->batch);
	sm_index_set_shard(r->ix, shard, shards);
	int rc = 0;
	for (size_t i = 0; i < set->n_thesauri && rc == 0; i++) {
		unsigned groups;
		rc = sm_index_add_thesaurus(r->ix, set->thesauri[i], &groups, err, sizeof err);
		if (rc < 0)
			fprintf(stderr, "smindex: %s\n", err);
		else if (!r->quiet && !r->silent)
			printf("added %u synonym groups from %s\n", groups, set->thesauri[i]);
	}
	for (int i = optind; i < argc && rc == 0; i++) {
		rc = add_path(r, argv[i], 1);
		if (rc == 0)
			rc = prune(r, argv[i]);
	}
	if (rc == 0 && r->keep_records && put_records(r, err, sizeof err) < 0) {
		fprintf(stderr, "smindex: %s\n", err);
		rc = -1;
	}
	if (rc == 0 && sm_index_commit(r->ix, err, sizeof err) < 0) {
		fprintf(stderr, "smindex: %s\n", err);
		rc = -1;
	}
	clear_progress(r);
	*st = *sm_index_get_stats(r->ix);
	sm_index_close(r->ix);
	r->ix = NULL;
	return rc;
}

void summary(const run *r, const sm_index_stats *s, size_t furniture)
{
	printf("indexed %u article%s, %u passage%s from %u file%s in %.2f s", s->articles,
	       s->articles == 1 ? "" : "s", s->passages, s->passages == 1 ? "" : "s", s->files,
	       s->files == 1 ? "" : "s", now() - r->t0);
	if (s->unchanged)
		printf("; %u unchanged", s->unchanged);
	if (s->removed)
		printf("; %u removed", s->removed);
	if (s->skipped)
		printf("; %u skipped", s->skipped);
	if (furniture)
		printf("; %zu furniture passages left out", furniture);
	if (s->repeats)
		printf("; %u repeated passage%s left out", s->repeats, s->repeats == 1 ? "" : "s");
	putchar('\n');
}
