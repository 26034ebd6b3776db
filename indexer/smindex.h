/* smindex.h - the parts of smindex: the walk over files (walk.c) and
 * builds in several processes (parts.c); main.c reads the options. */
#ifndef SMINDEX_H
#define SMINDEX_H

#include <stddef.h>
#include <sys/types.h>

#include "furniture.h"
#include "index.h"

/* What the options ask of every index written. */
typedef struct {
	int force;
	unsigned batch;
	const char *thesauri[16];
	size_t n_thesauri;
} settings;

/* A file's furniture record read in the first pass, for the index to
 * keep (sm_index_furniture_put) once the file is indexed. */
typedef struct {
	char *path; /* absolute */
	long long size, mtime_ns;
	sm_buf record;
} kept_record;

/* One run over the paths: the index being written and the walk. */
typedef struct {
	sm_index *ix; /* open before the first pass when it can give records */
	sm_furniture *furniture;
	int counting, explain; /* the first pass counts furniture */
	int keep_records;      /* record each file counted, for the index */
	kept_record *records;
	size_t n_records;
	int quiet, progress, warned;
	int silent; /* a shard other than the first: its warnings repeat the first's */
	/* One process of several: each writes its counts in shared[part] for
	 * the first to show the progress of all (NULL: one process). */
	sm_index_stats *shared;
	unsigned part, parts;
	double t0, last_shown;
	/* directories on the current walk, to stop at symlink loops */
	struct {
		dev_t dev;
		ino_t ino;
	} stack[256];
	size_t depth;
} run;

/* Seconds on the monotonic clock. */
double now(void);
/* The warning callback of source.h; ctx is the run. */
void warn(void *ctx, const char *path, unsigned line, const char *msg);
/* Index (or, while r->counting, count the furniture of) a file or a
 * directory; `named` when the user gave it. -1 on an index error. */
int add_path(run *r, const char *path, int named);
/* Index the paths argv[optind..] into `db`, taking the articles of shard
 * `shard` of `shards`; *st gets what was done. -1 on error (printed). */
int index_into(run *r, const settings *set, const char *db, unsigned shard, unsigned shards,
               int argc, char **argv, sm_index_stats *st);
/* Free the records kept. */
void free_records(run *r);
/* The one-line summary of a run. */
void summary(const run *r, const sm_index_stats *s, size_t furniture);

/* How many shards to write at `db` (1: a single index), from what was
 * asked (0: nothing) and what is there; -1 (printed) when they clash. */
int resolve_shards(const char *db, unsigned *shards);
/* Processes for a new index by default: one per core, up to 8. */
unsigned default_jobs(void);
/* A new index is built in parallel by default from this many articles. */
#define PARALLEL_MIN 1000
/* Index into the shards of a sharded index at once, then list them. */
int index_shards(run *r, const settings *set, const char *db, unsigned shards, int argc,
                 char **argv);
/* A new index at `db` built by `jobs` processes and merged. */
int index_parallel(run *r, const settings *set, const char *db, unsigned jobs, int argc,
                   char **argv);

#endif
