/* smindex - index articles (.txt, .jsonl, .html, .md) into passages. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "furniture.h"
#include "index.h"
#include "norm.h"
#include "paths.h"
#include "shards.h"

static const char USAGE[] =
    "usage: smindex [options] PATH...\n"
    "Index articles into passages; directories are read recursively.\n"
    "Reads .txt, .html, .md (one article a file) and .jsonl (one article a line).\n"
    "Only files that changed are read again; the passages of files gone from\n"
    "the given directories are removed.\n"
    "\n"
    "      --db DIR   index to write; default $SMSEARCH_DB,\n"
    "                 else $XDG_DATA_HOME/smsearch/db\n"
    "      --force    index every file again, changed or not\n"
    "      --check    check that the index is whole (no PATH needed)\n"
    "      --batch N  commit every N passages (default 20000)\n"
    "  -j, --jobs N   build a new index with N processes, merged at the end\n"
    "                 (default: one per core, for 1000 articles or more)\n"
    "      --shards N build the index as N shards, a process each (one per\n"
    "                 core is fastest); later runs keep the index's number\n"
    "      --synonyms FILE  add a thesaurus: one group of equivalent terms a\n"
    "                 line, separated by tabs (repeatable)\n"
    "      --explain-furniture  print the page furniture (blocks found in many\n"
    "                 articles of one site) that indexing leaves out; index nothing\n"
    "  -q, --quiet    no progress and no summary\n"
    "  -h, --help     show this help\n"
    "      --version  show the version\n"
    "\n"
    "Exit status: 0 if all went in, 1 if some input was skipped, 2 on error.\n";

typedef struct {
	int force;
	unsigned batch;
	const char *thesauri[16];
	size_t n_thesauri;
} settings;

typedef struct {
	sm_index *ix;
	sm_furniture *furniture;
	int counting, explain; /* the first pass counts furniture */
	int quiet, progress, warned;
	int silent; /* a shard other than the first: its warnings repeat the first's */
	double t0, last_shown;
	/* directories on the current walk, to stop at symlink loops */
	struct {
		dev_t dev;
		ino_t ino;
	} stack[256];
	size_t depth;
} run;

static double now(void)
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
	double t = now();
	if (!r->progress || t - r->last_shown < 0.2)
		return;
	const sm_index_stats *s = sm_index_get_stats(r->ix);
	fprintf(stderr, "\r\033[Kindexing: %u files, %u articles, %u passages", s->files,
	        s->articles, s->passages);
	r->last_shown = t;
}

/* Printable form of a path: control bytes (a newline in a file name)
 * would break the one-line message. */
static void put_path(const char *path)
{
	for (const char *p = path; *p; p++)
		fputc((unsigned char)*p < 0x20 ? '?' : *p, stderr);
}

static void warn(void *ctx, const char *path, unsigned line, const char *msg)
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

static int add_path(run *r, const char *path, int named);

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

/* A file or directory; `named` when the user gave it (then any extension
 * is indexed, as text unless it is .jsonl). */
static int add_path(run *r, const char *path, int named)
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
		return sm_furniture_count_file(r->furniture, path, r->explain ? warn : NULL, r) < 0
		           ? -1
		           : 0;
	if (sm_index_add_file(r->ix, path, warn, r, err, sizeof err) < 0) {
		clear_progress(r);
		fprintf(stderr, "smindex: %s\n", err);
		return -1;
	}
	show_progress(r);
	return 0;
}

/* Drop what the index has of files gone from under `path`. */
static int prune(run *r, const char *path)
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

static int check_index(run *r, const char *db)
{
	char err[1024];
	sm_index_stats st;
	int rc = sm_index_check(db, &st, warn, r, err, sizeof err);
	if (rc < 0) {
		fprintf(stderr, "smindex: %s\n", err);
		return 2;
	}
	if (!r->quiet)
		printf("%s: %u files, %u passages%s\n", db, st.files, st.passages,
		       rc ? "; NOT whole" : ", whole");
	return rc ? 1 : 0;
}

static void summary(const run *r, const sm_index_stats *s, size_t furniture)
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
	putchar('\n');
}

/* Print what --explain-furniture finds. */
static int explain_furniture(const sm_furniture *f)
{
	sm_furniture_item *v;
	size_t n, sites = 0, passages = 0;
	if (sm_furniture_report(f, &v, &n) < 0) {
		fputs("smindex: out of memory\n", stderr);
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(v[i].site, v[i - 1].site) != 0) {
			printf("%s%s: %u articles; furniture is in %u or more\n", i ? "\n" : "",
			       v[i].site, v[i].site_articles, v[i].threshold);
			sites++;
		}
		printf("  %4u articles %4u passages  ", v[i].articles, v[i].passages);
		for (const char *c = v[i].text; *c; c++)
			putchar((unsigned char)*c < 0x20 ? '?' : *c);
		putchar('\n');
		passages += v[i].passages;
	}
	printf("%s%zu furniture block%s, %zu passage%s, in %zu of %zu site%s (%zu articles)\n",
	       n ? "\n" : "", n, n == 1 ? "" : "s", passages, passages == 1 ? "" : "s", sites,
	       sm_furniture_sites(f), sm_furniture_sites(f) == 1 ? "" : "s",
	       sm_furniture_articles(f));
	free(v);
	return 0;
}

/* Index the paths argv[optind..] into the index `db`, taking the articles
 * of shard `shard` of `shards`; *st gets what was done. */
static int index_into(run *r, const settings *set, const char *db, unsigned shard, unsigned shards,
                      int argc, char **argv, sm_index_stats *st)
{
	char err[1024];
	if (sm_index_open(db, set->force ? SM_INDEX_REBUILD : 0, &r->ix, err, sizeof err) < 0) {
		fprintf(stderr, "smindex: %s\n", err);
		return -1;
	}
	r->progress = !r->quiet && !r->silent && shards == 1 && isatty(STDERR_FILENO);
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

/* *shards: as asked (0: not asked), checked against the index at `db`;
 * on return, how many shards to write (1: a single index). */
static int resolve_shards(const char *db, unsigned *shards)
{
	char err[1024];
	unsigned have = 0;
	struct stat st;
	if (sm_shards_of(db, &have, err, sizeof err) < 0) {
		fprintf(stderr, "smindex: %s\n", err);
		return -1;
	}
	sm_buf glass = SM_BUF_INIT;
	sm_buf_printf(&glass, "%s/iamglass", db);
	int single = !sm_buf_failed(&glass) && stat(glass.data, &st) == 0;
	sm_buf_free(&glass);
	unsigned want = *shards ? *shards : have ? have : 1;
	if ((have && want != have) || (single && want > 1)) {
		fprintf(stderr,
		        "smindex: %s has %u shard%s; to have %u, remove it and index again\n", db,
		        have ? have : 1, have > 1 ? "s" : "", want);
		return -1;
	}
	*shards = want;
	return 0;
}

/* A new index is built by this many processes (one per core, up to 8),
 * when its files hold at least PARALLEL_MIN articles or --jobs says so. */
#define PARALLEL_MIN 1000
static unsigned default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 8 ? 8 : (unsigned)n;
}

/* What a shard's process reports to smindex. */
typedef struct {
	int rc, warned;
	sm_index_stats st;
	size_t furniture;
} shard_report;

/* The directory of part k: shard k of a sharded index, or a part of a
 * parallel build, beside the index, until they are merged into it. */
static void part_path(sm_buf *out, const char *db, unsigned k, int merged)
{
	if (merged) {
		sm_buf_reset(out);
		sm_buf_printf(out, "%s.part%u", db, k);
	} else {
		sm_shard_path(out, db, k);
	}
}

/* Index into n parts of `db` at once, a process each (one writer per
 * Xapian database; the cores share the work); *all sums what they did. */
static int index_parts(run *r, const settings *set, const char *db, unsigned n, int merged,
                       int argc, char **argv, sm_index_stats *all, size_t *furniture)
{
	pid_t pids[SM_MAX_SHARDS];
	int fds[SM_MAX_SHARDS];
	pid_t parent = getpid();
	sm_buf path = SM_BUF_INIT;
	int rc = 0;
	fflush(stdout);
	for (unsigned k = 0; k < n; k++) {
		int fd[2];
		if (pipe(fd) < 0 || (pids[k] = fork()) < 0) {
			fprintf(stderr, "smindex: cannot start process %u: %s\n", k,
			        strerror(errno));
			for (unsigned j = 0; j < k; j++)
				kill(pids[j], SIGKILL);
			return -1;
		}
		if (pids[k] == 0) {
			/* Die with smindex: a killed run leaves no writer behind. */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != parent)
				_exit(2);
			close(fd[0]);
			shard_report rep = {0};
			r->silent = k > 0;
			part_path(&path, db, k, merged);
			rep.rc = sm_buf_failed(&path)
			             ? -1
			             : index_into(r, set, path.data, k, n, argc, argv, &rep.st);
			rep.warned = r->warned;
			rep.furniture = sm_furniture_removed(r->furniture);
			ssize_t w = write(fd[1], &rep, sizeof rep);
			_exit(w == (ssize_t)sizeof rep ? 0 : 2);
		}
		close(fd[1]);
		fds[k] = fd[0];
	}
	memset(all, 0, sizeof *all);
	*furniture = 0;
	for (unsigned k = 0; k < n; k++) {
		shard_report rep;
		int status = 0;
		ssize_t got = read(fds[k], &rep, sizeof rep);
		close(fds[k]);
		waitpid(pids[k], &status, 0);
		if (got != (ssize_t)sizeof rep || !WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "smindex: process %u ended abnormally\n", k);
			rc = -1;
			continue;
		}
		rc = rep.rc < 0 ? -1 : rc;
		r->warned |= rep.warned;
		*furniture += rep.furniture;
		all->articles += rep.st.articles;
		all->passages += rep.st.passages;
		all->invalid += rep.st.invalid;
		if (k == 0) { /* every part reads every file: count files once */
			all->files = rep.st.files;
			all->unchanged = rep.st.unchanged;
			all->removed = rep.st.removed;
			all->skipped = rep.st.skipped;
		}
	}
	sm_buf_free(&path);
	return rc;
}

/* Index into the `shards` shards of `db` at once, then list them in its
 * stub file. */
static int index_shards(run *r, const settings *set, const char *db, unsigned shards, int argc,
                        char **argv)
{
	sm_index_stats all;
	size_t furniture;
	char err[1024];
	int rc = index_parts(r, set, db, shards, 0, argc, argv, &all, &furniture);
	if (rc == 0 && sm_shards_write_stub(db, shards, err, sizeof err) < 0) {
		fprintf(stderr, "smindex: %s\n", err);
		rc = -1;
	}
	if (rc == 0 && !r->quiet)
		summary(r, &all, furniture);
	return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* rm -rf, for the parts of a parallel build; a missing path is fine. */
static void remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) == 0)
		nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A new index at `db` built by `jobs` processes: each indexes its share of
 * the articles into a part beside `db`; the parts are merged (compacted)
 * into `db` at the end, which appears whole or not at all. */
static int index_parallel(run *r, const settings *set, const char *db, unsigned jobs, int argc,
                          char **argv)
{
	sm_buf tmp = SM_BUF_INIT, part = SM_BUF_INIT;
	const char *parts[SM_MAX_SHARDS];
	char *owned[SM_MAX_SHARDS] = {0};
	char err[1024];
	sm_index_stats all;
	size_t furniture = 0;
	sm_buf_printf(&tmp, "%s.merging", db);
	int rc = sm_buf_failed(&tmp) ? -1 : 0;
	for (unsigned k = 0; k < jobs && rc == 0; k++) {
		part_path(&part, db, k, 1);
		rc = (parts[k] = owned[k] = sm_buf_steal(&part)) ? 0 : -1;
		if (rc == 0)
			remove_tree(parts[k]); /* left by a run that was killed */
	}
	if (rc < 0)
		fputs("smindex: out of memory\n", stderr);
	if (rc == 0) {
		remove_tree(tmp.data);
		rc = index_parts(r, set, db, jobs, 1, argc, argv, &all, &furniture);
	}
	if (rc == 0 && sm_index_merge(parts, jobs, tmp.data, err, sizeof err) < 0) {
		fprintf(stderr, "smindex: %s\n", err);
		rc = -1;
	}
	if (rc == 0 && rename(tmp.data, db) != 0) {
		fprintf(stderr, "smindex: %s: %s\n", db, strerror(errno));
		rc = -1;
	}
	for (unsigned k = 0; k < jobs; k++) {
		if (owned[k])
			remove_tree(owned[k]);
		free(owned[k]);
	}
	remove_tree(tmp.data);
	if (rc == 0 && !r->quiet)
		summary(r, &all, furniture);
	sm_buf_free(&tmp);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"force", no_argument, NULL, 'f'},
	    {"check", no_argument, NULL, 'c'},
	    {"batch", required_argument, NULL, 'b'},
	    {"shards", required_argument, NULL, 'S'},
	    {"jobs", required_argument, NULL, 'j'},
	    {"synonyms", required_argument, NULL, 's'},
	    {"explain-furniture", no_argument, NULL, 'F'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {0},
	};
	const char *db = NULL;
	settings set = {0};
	int check = 0;
	unsigned shards = 0, jobs = default_jobs();
	int jobs_asked = 0;
	char *end;
	run r = {.t0 = now()};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "qhj:", longs, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'q':
			r.quiet = 1;
			break;
		case 'f':
			set.force = 1;
			break;
		case 'c':
			check = 1;
			break;
		case 's':
			if (set.n_thesauri == sizeof set.thesauri / sizeof *set.thesauri) {
				fputs("smindex: at most 16 --synonyms files\n", stderr);
				return 2;
			}
			set.thesauri[set.n_thesauri++] = optarg;
			break;
		case 'F':
			r.explain = 1;
			break;
		case 'b':
			set.batch = (unsigned)strtoul(optarg, &end, 10);
			if (*end || !*optarg || set.batch == 0) {
				fprintf(stderr,
				        "smindex: --batch takes a positive number, not '%s'\n",
				        optarg);
				return 2;
			}
			break;
		case 'S':
			shards = (unsigned)strtoul(optarg, &end, 10);
			if (*end || !*optarg || shards == 0 || shards > SM_MAX_SHARDS) {
				fprintf(stderr,
				        "smindex: --shards takes a number from 1 to %d, not '%s'\n",
				        SM_MAX_SHARDS, optarg);
				return 2;
			}
			break;
		case 'j':
			jobs = (unsigned)strtoul(optarg, &end, 10);
			jobs_asked = 1;
			if (*end || !*optarg || jobs == 0 || jobs > SM_MAX_SHARDS) {
				fprintf(stderr,
				        "smindex: --jobs takes a number from 1 to %d, not '%s'\n",
				        SM_MAX_SHARDS, optarg);
				return 2;
			}
			break;
		case 'h':
			fputs(USAGE, stdout);
			return 0;
		case 'V':
			printf("smindex %s (%s)\n", SMSEARCH_VERSION, sm_norm_profile_id());
			return 0;
		default:
			fprintf(stderr, "smindex: %s '%s' (see smindex --help)\n",
			        optopt == 'd' || optopt == 'b' || optopt == 's' || optopt == 'S' ||
			                optopt == 'j'
			            ? "option needs a value:"
			            : "unknown option",
			        argv[optind - 1]);
			return 2;
		}
	}
	if (optind >= argc && !check && !set.n_thesauri) {
		fputs("smindex: no files or directories given (see smindex --help)\n", stderr);
		return 2;
	}
	sm_buf def = SM_BUF_INIT;
	if (!db) {
		if (sm_default_db(&def) < 0) {
			fputs("smindex: no --db given and neither SMSEARCH_DB nor HOME is set\n",
			      stderr);
			return 2;
		}
		db = def.data;
	}
	if (check) {
		int rc = check_index(&r, db);
		sm_buf_free(&def);
		return rc;
	}
	if (resolve_shards(db, &shards) < 0) {
		sm_buf_free(&def);
		return 2;
	}
	/* First pass: the page furniture of the sites under the paths. */
	int frc = (r.furniture = sm_furniture_new()) ? 0 : -1;
	r.counting = 1;
	for (int i = optind; i < argc && frc == 0; i++)
		frc = add_path(&r, argv[i], 1);
	r.counting = 0;
	if (frc < 0 || r.explain) {
		if (frc < 0)
			fputs("smindex: out of memory\n", stderr);
		frc = frc < 0 ? 2 : explain_furniture(r.furniture);
		sm_furniture_free(r.furniture);
		sm_buf_free(&def);
		return frc ? frc : r.warned;
	}
	int rc;
	struct stat st_db;
	if (shards > 1) {
		rc = index_shards(&r, &set, db, shards, argc, argv);
	} else if (jobs > 1 && stat(db, &st_db) < 0 && errno == ENOENT &&
	           (jobs_asked || sm_furniture_articles(r.furniture) >= PARALLEL_MIN)) {
		rc = index_parallel(&r, &set, db, jobs, argc, argv);
	} else {
		sm_index_stats st;
		rc = index_into(&r, &set, db, 0, 1, argc, argv, &st);
		if (rc == 0 && !r.quiet)
			summary(&r, &st, sm_furniture_removed(r.furniture));
	}
	sm_furniture_free(r.furniture);
	sm_buf_free(&def);
	return rc < 0 ? 2 : r.warned ? 1 : 0;
}