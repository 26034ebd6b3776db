/* smsearch-eval - measure answer quality on judged questions.
 *
 * Runs every question of a queries file (qid TAB question) in this one
 * process, maps each passage to its `ref` (or ARTICLE#N), keeps the first
 * occurrence of each, and scores the ranking against TREC qrels with
 * trec_eval's conventions: linear gains, unjudged = not relevant, questions
 * without a relevant passage skipped. Judgments pooled from a few systems
 * leave good passages unjudged: Judged@10 says how many of the first ten
 * were judged, and --judged-only scores the ranking with the unjudged
 * passages taken out (trec_eval -J, a "condensed list").
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "paths.h"
#include "search.h"

#define MAX_DBS 64

static const char USAGE[] =
    "usage: smsearch-eval [options] --queries FILE --qrels FILE\n"
    "Score smsearch's ranking on judged questions (nDCG@10, MRR@10, P@5, Recall@100).\n"
    "\n"
    "      --queries FILE   qid<TAB>question per line\n"
    "      --qrels FILE     TREC qrels: qid 0 docid grade\n"
    "      --rel N          grades >= N are relevant (default 1)\n"
    "      --level L        match qrels ids to passage refs (passage) or to\n"
    "                       article ids (article); default: passage if the\n"
    "                       qrels ids hold '#', else article\n"
    "      --judged-only    leave unjudged passages out of each ranking\n"
    "      --run FILE       also write a TREC run file\n"
    "      --times FILE     write each question's time: qid<TAB>ms\n"
    "      --by-question FILE  write each scored question's measures: qid,\n"
    "                       nDCG@10, RR@10, P@5, Recall@100, Judged@10 (tabs)\n"
    "      --per-section N  as smsearch (default 2)\n"
    "      --per-article N  as smsearch\n"
    "      --param K=V      set a ranking knob K (listed below)\n"
    "      --no-correct     do not correct misspelt words\n"
    "      --depth N        passages asked for a question (default 150)\n"
    "      --snippets       make snippets too, as smsearch does\n"
    "      --db DIR         index (repeatable); default as smsearch\n"
    "      --score-run FILE score this TREC run file (qid Q0 docid rank score\n"
    "                       tag) instead of searching: any system's ranking\n"
    "                       is then scored by the same rules\n"
    "  -h, --help           show this help\n";

/* The usage, then the ranking knobs' names as the library has them. */
static void usage(FILE *f)
{
	fputs(USAGE, f);
	fputs("\nranking knobs:", f);
	size_t col = 14;
	for (size_t i = 0; sm_rank_name(i); i++) {
		const char *k = sm_rank_name(i);
		if (col + strlen(k) + 2 > 78) {
			fputs("\n ", f);
			col = 1;
		}
		fprintf(f, " %s", k);
		col += strlen(k) + 1;
	}
	fputc('\n', f);
}

typedef struct {
	char *qid, *doc;
	int grade;
} judgment;

typedef struct {
	judgment *v;
	size_t n;
} qrels;

/* One line of a TREC run file being scored (--score-run). */
typedef struct {
	char *qid, *doc;
	double score;
	long rank;
} run_line;

typedef struct {
	run_line *v;
	size_t n;
} run_file;

static int cmp_judgment(const void *a, const void *b)
{
	const judgment *x = a, *y = b;
	int c = strcmp(x->qid, y->qid);
	return c ? c : strcmp(x->doc, y->doc);
}

static int load_qrels(const char *path, qrels *q)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char qid[256], zero[64], doc[512];
	int grade;
	size_t cap = 0;
	while (fscanf(f, "%255s %63s %511s %d", qid, zero, doc, &grade) == 4) {
		if (q->n == cap) {
			cap = cap ? 2 * cap : 1024;
			judgment *v = realloc(q->v, cap * sizeof *v);
			if (!v)
				break;
			q->v = v;
		}
		q->v[q->n++] = (judgment){strdup(qid), strdup(doc), grade};
	}
	fclose(f);
	qsort(q->v, q->n, sizeof *q->v, cmp_judgment);
	return 0;
}

/* Grade of doc for qid; 0 when unjudged. Duplicates: the highest. */
static int grade_of(const qrels *q, const char *qid, const char *doc)
{
	judgment key = {(char *)qid, (char *)doc, 0};
	judgment *j = bsearch(&key, q->v, q->n, sizeof *q->v, cmp_judgment);
	if (!j)
		return 0;
	int g = j->grade;
	for (judgment *k = j; k > q->v && cmp_judgment(k - 1, &key) == 0; k--)
		g = k[-1].grade > g ? k[-1].grade : g;
	for (judgment *k = j; k + 1 < q->v + q->n && cmp_judgment(k + 1, &key) == 0; k++)
		g = k[1].grade > g ? k[1].grade : g;
	return g;
}

static int is_judged(const qrels *q, const char *qid, const char *doc)
{
	judgment key = {(char *)qid, (char *)doc, 0};
	return bsearch(&key, q->v, q->n, sizeof *q->v, cmp_judgment) != NULL;
}

/* Grades (>= rel) of all judgments of qid, sorted high to low. */
static size_t ideal(const qrels *q, const char *qid, int rel, int *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < q->n && n < max; i++)
		if (strcmp(q->v[i].qid, qid) == 0 && q->v[i].grade >= rel &&
		    (i == 0 || cmp_judgment(&q->v[i - 1], &q->v[i]) != 0))
			out[n++] = q->v[i].grade;
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && out[k] > out[k - 1]; k--) {
			int t = out[k];
			out[k] = out[k - 1];
			out[k - 1] = t;
		}
	return n;
}

/* trec_eval's order: by question, then score high to low; ties by the
 * file's own rank. */
static int cmp_run_line(const void *a, const void *b)
{
	const run_line *x = a, *y = b;
	int c = strcmp(x->qid, y->qid);
	if (c)
		return c;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->rank > y->rank) - (x->rank < y->rank);
}

static void free_run(run_file *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].qid);
		free(r->v[i].doc);
	}
	free(r->v);
}

/* Read a TREC run file: 0, -1 with errno set, or -2 with *bad the number of
 * the first line that is not "qid Q0 docid rank score tag". */
static int load_run(const char *path, run_file *r, size_t *bad)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char *line = NULL;
	size_t linecap = 0, cap = 0, no = 0;
	int rc = 0;
	while (rc == 0 && getline(&line, &linecap, f) > 0) {
		char qid[256], q0[64], doc[512];
		long rank;
		double score;
		no++;
		if (line[strspn(line, " \t\r\n")] == '\0')
			continue;
		if (sscanf(line, "%255s %63s %511s %ld %lf", qid, q0, doc, &rank, &score) != 5) {
			*bad = no;
			rc = -2;
			break;
		}
		if (r->n == cap) {
			cap = cap ? 2 * cap : 4096;
			run_line *v = realloc(r->v, cap * sizeof *v);
			if (!v) {
				rc = -1;
				break;
			}
			r->v = v;
		}
		r->v[r->n++] = (run_line){strdup(qid), strdup(doc), score, rank};
	}
	free(line);
	fclose(f);
	if (rc == 0)
		qsort(r->v, r->n, sizeof *r->v, cmp_run_line);
	return rc;
}

/* Add k after keys[0..*n) unless it is there: a ranking counts each
 * passage (or article) once, at its first place. */
static void add_key(char keys[][256], size_t *n, const char *k)
{
	for (size_t j = 0; j < *n; j++)
		if (strcmp(keys[j], k) == 0)
			return;
	snprintf(keys[(*n)++], 256, "%s", k);
}

/* The ranked, de-duplicated docids the run gives qid. */
static size_t keys_of_run(const run_file *r, const char *qid, char keys[][256], size_t max)
{
	size_t lo = 0, hi = r->n, n = 0;
	while (lo < hi) { /* first line of qid */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(r->v[mid].qid, qid) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < r->n && n < max && strcmp(r->v[i].qid, qid) == 0; i++)
		add_key(keys, &n, r->v[i].doc);
	return n;
}

typedef struct {
	double ndcg, mrr, p5, recall, judged10;
	size_t n;
	double *ms;
	size_t n_ms;
} totals;

#define DEPTH     100
#define MAX_IDEAL 4096

/* The ranked, de-duplicated keys of one result list. */
static size_t keys_of(const sm_results *r, int article_level, char keys[][256], size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_hits && n < max; i++) {
		const sm_record *rec = &r->hits[i].rec;
		char k[256];
		if (article_level)
			snprintf(k, sizeof k, "%s", rec->article);
		else if (*rec->ref)
			snprintf(k, sizeof k, "%s", rec->ref);
		else
			snprintf(k, sizeof k, "%s#%u", rec->article, rec->number);
		add_key(keys, &n, k);
	}
	return n;
}

/* Keep only the judged keys, in order; returns how many of the first
 * ten were judged. */
static size_t judged_only(const qrels *q, const char *qid, char keys[][256], size_t *n, int drop)
{
	size_t k = 0, top = 0;
	for (size_t i = 0; i < *n; i++) {
		if (!is_judged(q, qid, keys[i])) {
			if (!drop)
				k++;
			continue;
		}
		top += i < 10;
		if (k != i)
			memcpy(keys[k], keys[i], sizeof *keys);
		k++;
	}
	*n = k;
	return top;
}

typedef struct {
	double ndcg, rr, p5, recall, judged10;
} measures;

/* One question's measures; 0 when it has no relevant passage (skipped, as
 * trec_eval does). */
static int score(const qrels *q, const char *qid, int rel, char keys[][256], size_t n,
                 size_t judged10, measures *m)
{
	static int best[MAX_IDEAL];
	size_t n_rel = ideal(q, qid, rel, best, MAX_IDEAL);
	if (n_rel == 0)
		return 0;
	double dcg = 0, idcg = 0, rr = 0;
	size_t hits5 = 0, found = 0;
	for (size_t i = 0; i < n; i++) {
		int g = grade_of(q, qid, keys[i]);
		if (g < rel)
			continue;
		found++;
		if (i < 10)
			dcg += g / log2((double)i + 2);
		if (i < 10 && rr == 0)
			rr = 1.0 / ((double)i + 1);
		if (i < 5)
			hits5++;
	}
	for (size_t i = 0; i < n_rel && i < 10; i++)
		idcg += best[i] / log2((double)i + 2);
	*m = (measures){idcg > 0 ? dcg / idcg : 0, rr, (double)hits5 / 5,
	                (double)found / (double)n_rel, (double)judged10 / 10};
	return 1;
}

static void add(totals *t, const measures *m)
{
	t->ndcg += m->ndcg;
	t->mrr += m->rr;
	t->p5 += m->p5;
	t->recall += m->recall;
	t->judged10 += m->judged10;
	t->n++;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int any_hash(const qrels *q)
{
	for (size_t i = 0; i < q->n; i++)
		if (strchr(q->v[i].doc, '#'))
			return 1;
	return 0;
}

typedef struct {
	const char *queries, *qrels_path, *run, *times, *each, *level, *score_run;
	const char *dbs[MAX_DBS];
	size_t n_dbs;
	int rel, judged_only;
	sm_search_opts search;
} options;

/* The files smsearch-eval writes beside its table (NULL path: none). */
typedef struct {
	const char *path;
	FILE *f;
} output;

enum { OUT_RUN, OUT_TIMES, OUT_EACH, N_OUT };

/* Close the outputs; a write error is reported and makes rc 2. */
static int close_outputs(output *v, int rc)
{
	for (int i = 0; i < N_OUT; i++)
		if (v[i].f && fclose(v[i].f) != 0 && rc == 0) {
			fprintf(stderr, "smsearch-eval: %s: %s\n", v[i].path, strerror(errno));
			rc = 2;
		}
	return rc;
}

/* Open the outputs named; on failure say which and close the others. */
static int open_outputs(output *v)
{
	for (int i = 0; i < N_OUT; i++)
		if (v[i].path && !(v[i].f = fopen(v[i].path, "w"))) {
			fprintf(stderr, "smsearch-eval: %s: %s\n", v[i].path, strerror(errno));
			close_outputs(v, 2);
			return -1;
		}
	return 0;
}

static char keys[3 * DEPTH][256];

/* Ask the index one question; its ranked, de-duplicated keys go to keys. */
static int search_keys(const options *o, sm_searcher *s, const char *qid, const char *question,
                       int article_level, size_t *n, double *ms)
{
	char err[512];
	sm_results *r = NULL;
	double t0 = now();
	if (sm_search(s, question, &o->search, &r, err, sizeof err) < 0) {
		fprintf(stderr, "smsearch-eval: %s: %s\n", qid, err);
		return -1;
	}
	*ms = (now() - t0) * 1000;
	*n = keys_of(r, article_level, keys, DEPTH);
	sm_results_free(r);
	return 0;
}

/* Score every question of o->queries: searched in s, or read from the run
 * file scored when that is not NULL. */
static int evaluate(const options *o, sm_searcher *s, const run_file *scored, const qrels *q)
{
	output out[N_OUT] = {{o->run, NULL}, {o->times, NULL}, {o->each, NULL}};
	FILE *in = fopen(o->queries, "r");
	if (!in)
		fprintf(stderr, "smsearch-eval: %s: %s\n", o->queries, strerror(errno));
	if (!in || open_outputs(out) < 0) {
		if (in)
			fclose(in);
		return 2;
	}
	FILE *run = out[OUT_RUN].f, *times = out[OUT_TIMES].f, *each = out[OUT_EACH].f;
	int article_level = o->level ? strcmp(o->level, "article") == 0 : !any_hash(q);
	totals t = {0};
	size_t cap = 0, asked = 0;
	char *line = NULL;
	size_t linecap = 0;
	ssize_t len;
	int rc = 0;
	while ((len = getline(&line, &linecap, in)) > 0 && rc == 0) {
		line[strcspn(line, "\r\n")] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		size_t n;
		if (scored) {
			n = keys_of_run(scored, line, keys, DEPTH);
		} else {
			double ms;
			if (search_keys(o, s, line, tab + 1, article_level, &n, &ms) < 0) {
				rc = 2;
				break;
			}
			if (times)
				fprintf(times, "%s\t%.3f\n", line, ms);
			if (t.n_ms == cap) {
				cap = cap ? 2 * cap : 256;
				t.ms = realloc(t.ms, cap * sizeof *t.ms);
			}
			if (t.ms)
				t.ms[t.n_ms++] = ms;
		}
		for (size_t i = 0; run && i < n; i++)
			fprintf(run, "%s Q0 %s %zu %.4f smsearch\n", line, keys[i], i + 1,
			        (double)(n - i));
		size_t judged10 = judged_only(q, line, keys, &n, o->judged_only);
		measures m;
		if (score(q, line, o->rel, keys, n, judged10, &m)) {
			add(&t, &m);
			if (each)
				fprintf(each, "%s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\n", line, m.ndcg,
				        m.rr, m.p5, m.recall, m.judged10);
		}
		asked++;
	}
	free(line);
	fclose(in);
	rc = close_outputs(out, rc);
	if (rc == 0) {
		double d = t.n ? (double)t.n : 1;
		if (t.n_ms) /* none when scoring a run file */
			qsort(t.ms, t.n_ms, sizeof *t.ms, cmp_double);
		printf("questions  %zu asked, %zu scored (relevant: grade >= %d, %s level)\n",
		       asked, t.n, o->rel, article_level ? "article" : "passage");
		printf("nDCG@10    %.4f\nMRR@10     %.4f\nP@5        %.4f\nRecall@100 %.4f\n",
		       t.ndcg / d, t.mrr / d, t.p5 / d, t.recall / d);
		printf("Judged@10  %.4f%s\n", t.judged10 / d,
		       o->judged_only ? " (before unjudged passages were left out)" : "");
		if (t.n_ms) /* nearest rank: p99 of 69 questions is the slowest */
			printf("time       median %.2f ms, p99 %.2f ms per question\n",
			       (t.ms[(t.n_ms - 1) / 2] + t.ms[t.n_ms / 2]) / 2,
			       t.ms[(size_t)ceil(0.99 * (double)t.n_ms) - 1]);
	}
	free(t.ms);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
	    {"queries", required_argument, NULL, 'q'},
	    {"qrels", required_argument, NULL, 'r'},
	    {"rel", required_argument, NULL, 'l'},
	    {"level", required_argument, NULL, 'L'},
	    {"run", required_argument, NULL, 'o'},
	    {"times", required_argument, NULL, 'T'},
	    {"by-question", required_argument, NULL, 'Q'},
	    {"per-article", required_argument, NULL, 'p'},
	    {"db", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {"param", required_argument, NULL, 'P'},
	    {"no-correct", no_argument, NULL, 'C'},
	    {"per-section", required_argument, NULL, 'S'},
	    {"depth", required_argument, NULL, 'D'},
	    {"snippets", no_argument, NULL, 'N'},
	    {"judged-only", no_argument, NULL, 'J'},
	    {"score-run", required_argument, NULL, 'R'},
	    {0},
	};
	options o = {.rel = 1};
	sm_search_opts_init(&o.search);
	o.search.limit = 150;
	o.search.snippets = 0;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		switch (c) {
		case 'q':
			o.queries = optarg;
			break;
		case 'r':
			o.qrels_path = optarg;
			break;
		case 'l':
			o.rel = atoi(optarg);
			break;
		case 'L':
			o.level = optarg;
			break;
		case 'o':
			o.run = optarg;
			break;
		case 'T':
			o.times = optarg;
			break;
		case 'Q':
			o.each = optarg;
			break;
		case 'p':
			o.search.per_group = (unsigned)atoi(optarg);
			o.search.group = SM_GROUP_ARTICLE;
			break;
		case 'd':
			if (o.n_dbs < MAX_DBS)
				o.dbs[o.n_dbs++] = optarg;
			break;
		case 'P': {
			char *eq = strchr(optarg, '=');
			if (eq)
				*eq = '\0';
			if (!eq || sm_rank_set(&o.search.rank, optarg, atof(eq + 1)) < 0) {
				fprintf(stderr, "smsearch-eval: bad --param '%s'\n", optarg);
				return 2;
			}
			break;
		}
		case 'C':
			o.search.spelling = 0;
			break;
		case 'D':
			o.search.limit = (unsigned)atoi(optarg);
			break;
		case 'N':
			o.search.snippets = 1;
			break;
		case 'J':
			o.judged_only = 1;
			break;
		case 'R':
			o.score_run = optarg;
			break;
		case 'S':
			o.search.group = SM_GROUP_SECTION;
			o.search.per_group = (unsigned)atoi(optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "smsearch-eval: bad option '%s' (see --help)\n",
			        argv[optind - 1]);
			return 2;
		}
	}
	if (!o.queries || !o.qrels_path || optind < argc ||
	    (o.level && strcmp(o.level, "article") && strcmp(o.level, "passage"))) {
		fputs("smsearch-eval: need --queries and --qrels (see --help)\n", stderr);
		return 2;
	}
	sm_buf def = SM_BUF_INIT;
	if (o.n_dbs == 0 && sm_default_db(&def) == 0)
		o.dbs[o.n_dbs++] = def.data;
	qrels q = {0};
	run_file scored = {0};
	char err[1024];
	sm_searcher *s = NULL;
	size_t bad = 0;
	int rc = 2, lr = 0;
	if (load_qrels(o.qrels_path, &q) < 0)
		fprintf(stderr, "smsearch-eval: %s: %s\n", o.qrels_path, strerror(errno));
	else if (o.score_run && (lr = load_run(o.score_run, &scored, &bad)) == -2)
		fprintf(stderr, "smsearch-eval: %s:%zu: not a TREC run line\n", o.score_run, bad);
	else if (lr < 0)
		fprintf(stderr, "smsearch-eval: %s: %s\n", o.score_run, strerror(errno));
	else if (o.score_run)
		rc = evaluate(&o, NULL, &scored, &q);
	else if (sm_searcher_open(o.dbs, o.n_dbs, &s, err, sizeof err) < 0)
		fprintf(stderr, "smsearch-eval: %s\n", err);
	else
		rc = evaluate(&o, s, NULL, &q);
	sm_searcher_close(s);
	free_run(&scored);
	for (size_t i = 0; i < q.n; i++) {
		free(q.v[i].qid);
		free(q.v[i].doc);
	}
	free(q.v);
	sm_buf_free(&def);
	return rc;
}
