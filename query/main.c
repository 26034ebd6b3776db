/* smsearch - answer a question from the passages of an index. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "norm.h"
#include "output.h"
#include "paths.h"
#include "search.h"
#include "uri.h"

#define MAX_DBS 64
/* Snippet bytes for launchers' one-line lists. */
#define LAUNCHER_SNIPPET 160

static const char USAGE[] =
    "usage: smsearch [options] QUERY...\n"
    "Search health articles; prints the best passages, best first.\n"
    "\n"
    "  -n, --limit N        show N results (default 10; 0 counts them)\n"
    "      --offset N       skip the first N results\n"
    "      --per-section N  at most N passages of one section before the others\n"
    "                       (default 2, 0 = any)\n"
    "      --per-article N  at most N passages of one article before the others\n"
    "                       (instead of --per-section)\n"
    "      --json           one JSON object (see README.md)\n"
    "      --format=FORMAT  text, json, tsv, dmenu, rofi, fzf, alfred or flow\n"
    "                       (for launchers; see README.md)\n"
    "      --partial        search as you type: the last word may be the\n"
    "                       beginning of a word\n"
    "      --show ID        print passage ID in its article (through $PAGER)\n"
    "      --open ID        open passage ID with the desktop's default\n"
    "                       handler (--show when there is no desktop)\n"
    "      --no-correct     do not correct misspelt words\n"
    "      --db DIR         index to search (repeat to search several);\n"
    "                       default $SMSEARCH_DB, else $XDG_DATA_HOME/smsearch/db\n"
    "  -h, --help           show this help\n"
    "      --version        show the version\n"
    "\n"
    "QUERY is plain words or a question; \"quotes\" make a phrase; AND, OR, NOT,\n"
    "+word, -word, title:word and section:word work too.\n"
    "Exit status: 0 if something was found, 1 if nothing was, 2 on error.\n";

static int usage_error(const char *fmt, const char *arg)
{
	fputs("smsearch: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (see smsearch --help)\n", stderr);
	return 2;
}

static int parse_count(const char *s, unsigned max, unsigned *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > (long)max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

typedef struct {
	sm_search_opts search;
	const char *dbs[MAX_DBS];
	size_t n_dbs;
	sm_output format;
	const char *show, *open; /* --show ID, --open ID */
} options;

enum {
	OPT_OFFSET = 256,
	OPT_JSON,
	OPT_DB,
	OPT_PER_ARTICLE,
	OPT_PER_SECTION,
	OPT_FORMAT,
	OPT_SHOW,
	OPT_OPEN,
	OPT_NO_CORRECT,
	OPT_VERSION,
	OPT_PARTIAL
};

static int parse_options(int argc, char **argv, options *o)
{
	static const struct option longs[] = {
	    {"limit", required_argument, NULL, 'n'},
	    {"offset", required_argument, NULL, OPT_OFFSET},
	    {"per-article", required_argument, NULL, OPT_PER_ARTICLE},
	    {"per-section", required_argument, NULL, OPT_PER_SECTION},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"partial", no_argument, NULL, OPT_PARTIAL},
	    {"show", required_argument, NULL, OPT_SHOW},
	    {"open", required_argument, NULL, OPT_OPEN},
	    {"no-correct", no_argument, NULL, OPT_NO_CORRECT},
	    {"db", required_argument, NULL, OPT_DB},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, OPT_VERSION},
	    {0},
	};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+n:h", longs, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_count(optarg, 10000, &o->search.limit) < 0)
				return usage_error(
				    "--limit takes a number from 0 to 10000, not '%s'", optarg);
			break;
		case OPT_OFFSET:
			if (parse_count(optarg, 1000000, &o->search.offset) < 0)
				return usage_error(
				    "--offset takes a number from 0 to 1000000, not '%s'", optarg);
			break;
		case OPT_PER_ARTICLE:
		case OPT_PER_SECTION:
			if (parse_count(optarg, 10000, &o->search.per_group) < 0)
				return usage_error("%s takes a number from 0 to 10000",
				                   argv[optind - 1]);
			o->search.group =
			    c == OPT_PER_SECTION ? SM_GROUP_SECTION : SM_GROUP_ARTICLE;
			break;
		case OPT_JSON:
			o->format = SM_OUT_JSON;
			break;
		case OPT_FORMAT:
			if (sm_output_parse(optarg, &o->format) < 0)
				return usage_error("unknown format '%s'", optarg);
			break;
		case OPT_PARTIAL:
			o->search.partial = 1;
			break;
		case OPT_SHOW:
			o->show = optarg;
			break;
		case OPT_OPEN:
			o->open = optarg;
			break;
		case OPT_NO_CORRECT:
			o->search.spelling = 0;
			break;
		case OPT_DB:
			if (o->n_dbs == MAX_DBS)
				return usage_error("at most %s --db options", "64");
			o->dbs[o->n_dbs++] = optarg;
			break;
		case 'h':
			fputs(USAGE, stdout);
			return 0;
		case OPT_VERSION:
			printf("smsearch %s (%s)\n", SMSEARCH_VERSION, sm_norm_profile_id());
			return 0;
		default:
			if (optopt == 'n' || (optopt >= OPT_OFFSET && optopt <= OPT_OPEN))
				return usage_error("option '%s' needs a value", argv[optind - 1]);
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	return -1; /* go on */
}

/* The words after the options, joined by spaces. */
static char *join_args(int argc, char **argv)
{
	sm_buf b = SM_BUF_INIT;
	for (int i = optind; i < argc; i++) {
		if (i > optind)
			sm_buf_addc(&b, ' ');
		sm_buf_adds(&b, argv[i]);
	}
	return sm_buf_steal(&b);
}

static int search(const options *o, const char *query)
{
	char err[1024];
	sm_searcher *s = NULL;
	sm_results *r = NULL;
	if (sm_searcher_open(o->dbs, o->n_dbs, &s, err, sizeof err) < 0 ||
	    sm_search(s, query, &o->search, &r, err, sizeof err) < 0) {
		fprintf(stderr, "smsearch: %s\n", err);
		sm_searcher_close(s);
		return 2;
	}
	if (o->format == SM_OUT_JSON) {
		sm_print_json(stdout, query, r);
	} else if (o->format != SM_OUT_TEXT) {
		if (sm_print_launcher(stdout, o->format, query, r) < 0)
			fprintf(stderr, "smsearch: out of memory\n");
	} else {
		char cwd[PATH_MAX];
		sm_text_style style = {sm_use_color(), getcwd(cwd, sizeof cwd)};
		sm_print_text(stdout, r, &style);
		if (o->search.limit == 0 && r->total > 0) /* asked for a count */
			printf("about %u passage%s\n", r->total,
			       r->total == 1 ? " matches" : "s match");
		else if (r->n_hits == 0 && r->total > 0 && o->search.offset > 0)
			fprintf(stderr, "smsearch: no passage past the first %u\n",
			        o->search.offset);
		else if (r->n_hits == 0)
			fprintf(stderr, "smsearch: no passage matches\n");
	}
	/* -n 0 asks whether anything matches, not for a page of it. */
	int found = r->n_hits > 0 || (o->search.limit == 0 && r->total > 0);
	sm_results_free(r);
	sm_searcher_close(s);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "smsearch: cannot write the results: %s\n", strerror(errno));
		return 2;
	}
	return found ? 0 : 1;
}

/* --show ID and --open ID: smsearch-show does them, so that this program
 * need not link the article readers (HTML, Markdown) it would use. */
static int passage(const options *o)
{
	const char *argv[2 * MAX_DBS + 4];
	size_t n = 0;
	argv[n++] = "smsearch-show";
	for (size_t i = 0; i < o->n_dbs; i++) {
		argv[n++] = "--db";
		argv[n++] = o->dbs[i];
	}
	argv[n++] = o->open ? "--open" : "--show";
	argv[n++] = o->open ? o->open : o->show;
	argv[n] = NULL;
	fflush(stdout);
	sm_exec_sibling("smsearch-show", (char *const *)argv);
	fprintf(stderr, "smsearch: cannot run smsearch-show: %s\n", strerror(errno));
	return 2;
}

int main(int argc, char **argv)
{
	options o = {0};
	sm_search_opts_init(&o.search);
	int rc = parse_options(argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (o.format != SM_OUT_TEXT && o.format != SM_OUT_JSON)
		o.search.snippet_bytes = LAUNCHER_SNIPPET;
	int by_id = o.show || o.open;
	if (by_id && o.show && o.open)
		return usage_error("%s", "--show and --open go one at a time");
	if (by_id && optind < argc)
		return usage_error("--%s takes an id and no query", o.show ? "show" : "open");
	if (!by_id && optind >= argc)
		return usage_error("%s", "no query given");

	sm_buf def = SM_BUF_INIT;
	if (o.n_dbs == 0) {
		if (sm_default_db(&def) < 0) {
			fprintf(
			    stderr,
			    "smsearch: no index given and neither SMSEARCH_DB nor HOME is set\n");
			return 2;
		}
		o.dbs[o.n_dbs++] = def.data;
	}
	if (by_id) {
		rc = passage(&o);
		sm_buf_free(&def);
		return rc;
	}
	char *raw = join_args(argc, argv), *query = NULL;
	size_t bad = 0;
	if (!raw || sm_utf8_sanitize(raw, strlen(raw), &query, NULL, &bad) < 0) {
		fprintf(stderr, "smsearch: out of memory\n");
		rc = 2;
	} else {
		rc = search(&o, query);
	}
	free(raw);
	free(query);
	sm_buf_free(&def);
	return rc;
}
