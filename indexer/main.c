/* smindex - index articles (.txt, .jsonl, .html, .md) into passages. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "norm.h"
#include "paths.h"
#include "shards.h"
#include "smindex.h"

static const char USAGE[] =
    "usage: smindex [options] PATH...\n"
    "Index articles into passages; directories are read recursively.\n"
    "Reads .txt, .html or .htm, .md or .markdown (one article a file; another\n"
    "file named here is read as .txt) and .jsonl (one article a line).\n"
    "Only files that changed are read again; the passages of files gone from\n"
    "the given directories are removed.\n"
    "\n"
    "      --db DIR   index to write; default $SMSEARCH_DB,\n"
    "                 else $XDG_DATA_HOME/smsearch/db\n"
    "      --force    index every file again, changed or not\n"
    "      --check    check that the index is whole (no PATH needed)\n"
    "      --batch N  commit every N passages (default 20000)\n"
    "  -j, --jobs N   build a new index with N processes, merged at the end\n"
    "                 (default: one per core, at most 8, for 1000 articles\n"
    "                 or more)\n"
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
		printf("%s: %u file%s, %u passage%s%s\n", db, st.files, st.files == 1 ? "" : "s",
		       st.passages, st.passages == 1 ? "" : "s", rc ? "; NOT whole" : ", whole");
	return rc ? 1 : 0;
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

/* *n = the process or shard count `arg`, 1 to SM_MAX_SHARDS. */
static int parse_count(const char *opt, const char *arg, unsigned *n)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);
	if (*end || !*arg || v == 0 || v > SM_MAX_SHARDS) {
		fprintf(stderr, "smindex: %s takes a number from 1 to %d, not '%s'\n", opt,
		        SM_MAX_SHARDS, arg);
		return -1;
	}
	*n = (unsigned)v;
	return 0;
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
			if (parse_count("--shards", optarg, &shards) < 0)
				return 2;
			break;
		case 'j':
			if (parse_count("--jobs", optarg, &jobs) < 0)
				return 2;
			jobs_asked = 1;
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
	/* First pass: the page furniture of the sites under the paths. The
	 * index (of a sharded one, shard 0) keeps each file's record of it, so
	 * an unchanged file is not read again: open it first when there is
	 * one. */
	r.keep_records = !r.explain;
	struct stat st_db;
	sm_buf first = SM_BUF_INIT;
	if (shards > 1)
		sm_shard_path(&first, db, 0);
	const char *keeper = shards > 1 ? first.data : db;
	if (r.keep_records && !set.force && keeper && stat(keeper, &st_db) == 0) {
		char err[1024];
		if (sm_index_open(keeper, 0, &r.ix, err, sizeof err) < 0) {
			fprintf(stderr, "smindex: %s\n", err);
			sm_buf_free(&first);
			sm_buf_free(&def);
			return 2;
		}
	}
	sm_buf_free(&first);
	int frc = (r.furniture = sm_furniture_new()) ? 0 : -1;
	r.counting = 1;
	for (int i = optind; i < argc && frc == 0; i++)
		frc = add_path(&r, argv[i], 1);
	r.counting = 0;
	if (shards > 1) { /* each shard's process opens its own */
		sm_index_close(r.ix);
		r.ix = NULL;
	}
	if (frc < 0 || r.explain) {
		if (frc < 0)
			fputs("smindex: out of memory\n", stderr);
		frc = frc < 0 ? 2 : explain_furniture(r.furniture);
		sm_index_close(r.ix);
		free_records(&r);
		sm_furniture_free(r.furniture);
		sm_buf_free(&def);
		return frc ? frc : r.warned;
	}
	int rc;
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
	free_records(&r);
	sm_furniture_free(r.furniture);
	sm_buf_free(&def);
	return rc < 0 ? 2 : r.warned ? 1 : 0;
}
