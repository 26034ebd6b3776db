/* parts.c - smindex in several processes: the shards of a sharded index,
 * or the parts of a new index built in parallel and merged. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "shards.h"
#include "smindex.h"

/* *shards: as asked (0: not asked), checked against the index at `db`;
 * on return, how many shards to write (1: a single index). */
int resolve_shards(const char *db, unsigned *shards)
{
	char err[1024];
	unsigned have = 0;
	struct stat st;
	if (stat(db, &st) == 0 && !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "smindex: %s: not a directory (an index is one)\n", db);
		return -1;
	}
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
unsigned default_jobs(void)
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
	char err[1024];
	int rc = 0;
	/* Errors every part would meet, once. */
	if (sm_index_make_parents(db, err, sizeof err) < 0) {
		fprintf(stderr, "smindex: %s\n", err);
		return -1;
	}
	/* Counts for the progress line, shared with the processes. */
	r->shared = mmap(NULL, n * sizeof *r->shared, PROT_READ | PROT_WRITE,
	                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (r->shared == MAP_FAILED)
		r->shared = NULL;
	else
		memset(r->shared, 0, n * sizeof *r->shared);
	r->parts = n;
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
			r->part = k;
			r->keep_records = r->keep_records && k == 0; /* one copy */
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
		all->repeats += rep.st.repeats;
		if (k == 0) { /* every part reads every file: count files once */
			all->files = rep.st.files;
			all->unchanged = rep.st.unchanged;
			all->removed = rep.st.removed;
			all->skipped = rep.st.skipped;
		}
	}
	if (r->shared)
		munmap(r->shared, n * sizeof *r->shared);
	r->shared = NULL;
	sm_buf_free(&path);
	return rc;
}

/* Index into the `shards` shards of `db` at once, then list them in its
 * stub file. */
int index_shards(run *r, const settings *set, const char *db, unsigned shards, int argc,
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
int index_parallel(run *r, const settings *set, const char *db, unsigned jobs, int argc,
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
