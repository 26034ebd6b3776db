/* smsearch-show - a passage in its article, for smsearch --show and --open.
 *
 * A program of its own so that smsearch, which starts once per question,
 * does not load the HTML and Markdown readers that this one needs to read
 * an article again. smsearch runs it as
 *   smsearch-show [--db DB]... --show|--open ID
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "output.h"
#include "paths.h"
#include "search.h"
#include "show.h"
#include "uri.h"

#define MAX_DBS 64

static int has_display(void)
{
	const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
	return (x && *x) || (w && *w);
}

/* --open: with a desktop, smsearch-open hands the passage's URI to GIO's
 * default handler (this program does not link GLib); without one (or
 * without smsearch-open), as --show. */
static int open_passage(const sm_record *rec)
{
	sm_buf uri = SM_BUF_INIT;
	if (has_display() && sm_record_uri(rec, &uri) == 0) {
		char *argv[] = {"smsearch-open", uri.data, NULL};
		fflush(stdout);
		sm_exec_sibling("smsearch-open", argv);
		fprintf(stderr, "smsearch: cannot run smsearch-open (%s); showing the passage\n",
		        strerror(errno));
	}
	sm_buf_free(&uri);
	return sm_show_page(rec, sm_use_color()) < 0 ? 2 : 0;
}

static int passage(const char *const *dbs, size_t n_dbs, const char *id, int open)
{
	char err[1024];
	sm_searcher *s = NULL;
	sm_record rec;
	char *storage = NULL;
	int rc = sm_searcher_open(dbs, n_dbs, &s, err, sizeof err);
	if (rc == 0)
		rc = sm_searcher_get(s, id, &rec, &storage, err, sizeof err);
	sm_searcher_close(s);
	if (rc != 0) {
		fprintf(stderr, "smsearch: %s\n", err);
		return rc < 0 ? 2 : 1;
	}
	if (open)
		rc = open_passage(&rec);
	else if (sm_show_page(&rec, sm_use_color()) < 0)
		rc = 2;
	if (rc == 2)
		fprintf(stderr, "smsearch: cannot show the passage: %s\n", strerror(errno));
	free(storage);
	return rc;
}

int main(int argc, char **argv)
{
	const char *dbs[MAX_DBS];
	size_t n_dbs = 0;
	int i = 1;
	for (; i + 1 < argc && strcmp(argv[i], "--db") == 0 && n_dbs < MAX_DBS; i += 2)
		dbs[n_dbs++] = argv[i + 1];
	int open = i < argc && strcmp(argv[i], "--open") == 0;
	if (n_dbs == 0 || i + 2 != argc || (!open && strcmp(argv[i], "--show") != 0)) {
		fputs("usage: smsearch-show [--db DB]... --show|--open ID (run by smsearch)\n",
		      stderr);
		return 2;
	}
	return passage(dbs, n_dbs, argv[i + 1], open);
}
