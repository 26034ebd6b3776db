/* test_xc.c - unit tests of the xapian-c binding, against real databases
 * in a temporary directory. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xapian-c.h"

/* Fail with Xapian's message, not just a number. */
#define EXPECT(want, call)                                                                         \
	do {                                                                                       \
		xc_status st_ = (call);                                                            \
		if (st_ != (want))                                                                 \
			fail_msg("%s: got %s (%s), want %s", #call, xc_status_name(st_),           \
			         xc_last_error(), xc_status_name(want));                           \
	} while (0)
#define OK(call) EXPECT(XC_OK, call)

struct fx {
	char dir[64];  /* a fresh mkdtemp() directory */
	char db[128];  /* dir/db: the three documents below, committed */
	char tmp[192]; /* scratch for other paths under dir */
};

static const struct {
	const char *text, *id, *value, *data;
} docs[] = {
    {"the quick brown fox", "Qdoc1", "a", "one"},
    {"the lazy brown dog", "Qdoc2", "b", "two"},
    {"quick quick fox jumps", "Qdoc3", "a", "three"},
};

static const char *path(struct fx *f, const char *name)
{
	snprintf(f->tmp, sizeof(f->tmp), "%s/%s", f->dir, name);
	return f->tmp;
}

static void assert_metadata(const xc_db *db, const char *key, const char *want)
{
	char *v;
	OK(xc_db_get_metadata(db, key, &v));
	assert_string_equal(v, want);
	free(v);
}

/* A document of space-separated words at positions 1, 2, ... */
static xc_doc *make_doc(const char *text, const char *id, const char *value, const char *data)
{
	char buf[256], *save, *w;
	unsigned pos = 0;
	xc_doc *doc;

	OK(xc_doc_new(&doc));
	snprintf(buf, sizeof(buf), "%s", text);
	for (w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
		OK(xc_doc_add_posting(doc, w, ++pos, 1));
	OK(xc_doc_add_boolean_term(doc, id));
	OK(xc_doc_set_value(doc, 0, value, strlen(value)));
	OK(xc_doc_set_data(doc, data, strlen(data)));
	return doc;
}

static xc_db *open_db(const char *p, int mode)
{
	xc_db *db;

	OK(xc_db_open(p, mode, &db));
	return db;
}

static void build_fixture(const char *p)
{
	xc_db *db = open_db(p, XC_DB_CREATE_OR_OVERWRITE);

	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		xc_doc *doc = make_doc(docs[i].text, docs[i].id, docs[i].value, docs[i].data);
		unsigned id = 0;

		OK(xc_db_add_document(db, doc, &id));
		assert_int_equal(id, i + 1);
		xc_doc_free(doc);
	}
	OK(xc_db_commit(db));
	xc_db_free(db);
}

static int rm_rf(const char *p)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char sub[512];

	if (lstat(p, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(p);
	d = opendir(p);
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", p, e->d_name);
		rm_rf(sub);
	}
	closedir(d);
	return rmdir(p);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_xc.XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->db, sizeof(f->db), "%s/db", f->dir);
	build_fixture(f->db);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	int rc = rm_rf(f->dir);

	free(f);
	return rc;
}

static xc_query *term(const char *t)
{
	xc_query *q;

	OK(xc_query_term(t, 1, 0, &q));
	return q;
}

/* op(a, b), freeing a and b. */
static xc_query *combine(xc_op op, xc_query *a, xc_query *b, unsigned window)
{
	xc_query *subs[2] = {a, b}, *q;

	OK(xc_query_combine(op, subs, 2, window, &q));
	xc_query_free(a);
	xc_query_free(b);
	return q;
}

/* Run q (then free it); ids[] gets the docids in rank order. */
static size_t search(const xc_db *db, xc_query *q, unsigned *ids, size_t max)
{
	xc_enquire *enq;
	xc_mset *ms;
	size_t n;

	OK(xc_enquire_new(db, &enq));
	OK(xc_enquire_set_query(enq, q));
	OK(xc_enquire_mset(enq, 0, 10, 10, &ms));
	n = xc_mset_size(ms);
	assert_true(n <= max);
	for (size_t i = 0; i < n; i++)
		ids[i] = xc_mset_docid(ms, i);
	xc_mset_free(ms);
	xc_enquire_free(enq);
	xc_query_free(q);
	return n;
}

static void assert_hits(const xc_db *db, xc_query *q, size_t n, const unsigned *want)
{
	unsigned ids[10];

	assert_int_equal(search(db, q, ids, 10), n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ids[i], want[i]);
}

static void test_version_and_names(void **state)
{
	(void)state;
	assert_int_equal(strncmp(xc_version(), "1.", 2), 0);
	assert_string_equal(xc_status_name(XC_OK), "ok");
	assert_string_equal(xc_status_name(XC_ERR_LOCKED), "locked");
	assert_string_equal(xc_status_name(XC_ERR_NOT_FOUND), "not found");
}

static void test_counts(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_READONLY);
	unsigned n;

	OK(xc_db_doccount(db, &n));
	assert_int_equal(n, 3);
	OK(xc_db_termfreq(db, "brown", &n));
	assert_int_equal(n, 2);
	OK(xc_db_termfreq(db, "Qdoc3", &n));
	assert_int_equal(n, 1);
	OK(xc_db_termfreq(db, "absent", &n));
	assert_int_equal(n, 0);
	xc_db_free(db);
}

static void test_term_search(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_READONLY);

	/* doc 3 has "quick" twice in a document of the same length. */
	assert_hits(db, term("quick"), 2, (unsigned[]){3, 1});
	assert_hits(db, term("lazy"), 1, (unsigned[]){2});
	assert_hits(db, term("absent"), 0, NULL);
	xc_db_free(db);
}

static void test_phrase_near(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_READONLY);

	assert_hits(db, combine(XC_OP_PHRASE, term("quick"), term("brown"), 0), 1, (unsigned[]){1});
	assert_hits(db, combine(XC_OP_PHRASE, term("brown"), term("quick"), 0), 0, NULL);
	/* quick..fox spans 3 positions in doc 1, 2 in doc 3. */
	assert_hits(db, combine(XC_OP_NEAR, term("quick"), term("fox"), 2), 1, (unsigned[]){3});
	assert_hits(db, combine(XC_OP_NEAR, term("quick"), term("fox"), 3), 2, (unsigned[]){3, 1});
	xc_db_free(db);
}

static void test_boolean_ops(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_READONLY);
	unsigned ids[10];

	assert_hits(db, combine(XC_OP_AND, term("brown"), term("fox"), 0), 1, (unsigned[]){1});
	assert_hits(db, combine(XC_OP_AND_NOT, term("brown"), term("lazy"), 0), 1, (unsigned[]){1});
	assert_hits(db, combine(XC_OP_FILTER, term("fox"), term("Qdoc3"), 0), 1, (unsigned[]){3});
	assert_int_equal(search(db, combine(XC_OP_OR, term("lazy"), term("jumps"), 0), ids, 10), 2);
	assert_int_equal(ids[0] + ids[1], 2 + 3);
	xc_db_free(db);
}

static void test_query_misc(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_READONLY);
	xc_query *q = term("fox"), *s, *all, *none;
	char *desc;

	OK(xc_query_describe(q, &desc));
	assert_non_null(strstr(desc, "fox"));
	free(desc);
	OK(xc_query_scale(q, 2.5, &s));
	OK(xc_query_describe(s, &desc));
	assert_non_null(strstr(desc, "2.5"));
	free(desc);
	xc_query_free(s);
	s = q;
	EXPECT(XC_ERR_INVALID, xc_query_scale(q, -1, &s));
	assert_ptr_equal(s, q); /* untouched on failure */
	xc_query_free(q);

	assert_false(xc_query_empty(q = term("x")));
	xc_query_free(q);
	OK(xc_query_combine(XC_OP_OR, NULL, 0, 0, &none));
	assert_true(xc_query_empty(none));
	xc_query_free(none);
	assert_true(xc_query_empty(NULL));
	EXPECT(XC_ERR_INVALID, xc_query_combine((xc_op)99, NULL, 0, 0, &none));
	assert_string_equal(xc_status_name((xc_status)99), "unknown status");

	OK(xc_query_match_all(&all));
	assert_int_equal(search(db, all, (unsigned[10]){0}, 10), 3);
	xc_db_free(db);
}

static void test_data_and_values(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_READONLY);
	xc_doc *doc, *untouched = NULL;
	xc_enquire *enq;
	xc_query *q = term("lazy");
	xc_mset *ms;
	const char *p;
	size_t len;

	OK(xc_db_get_document(db, 3, &doc));
	OK(xc_doc_get_data(doc, &p, &len));
	assert_int_equal(len, 5);
	assert_memory_equal(p, "three", 5);
	OK(xc_doc_get_value(doc, 0, &p, &len));
	assert_int_equal(len, 1);
	assert_memory_equal(p, "a", 1);
	OK(xc_doc_get_value(doc, 7, &p, &len));
	assert_int_equal(len, 0);
	xc_doc_free(doc);

	EXPECT(XC_ERR_NOT_FOUND, xc_db_get_document(db, 99, &untouched));
	assert_null(untouched);
	assert_true(strlen(xc_last_error()) > 0);

	/* Through an MSet too, with binary-safe data. */
	OK(xc_enquire_new(db, &enq));
	OK(xc_enquire_set_query(enq, q));
	OK(xc_enquire_mset(enq, 0, 10, 0, &ms));
	assert_int_equal(xc_mset_size(ms), 1);
	assert_true(xc_mset_estimated(ms) >= 1);
	assert_true(xc_mset_weight(ms, 0) > 0);
	assert_int_equal(xc_mset_percent(ms, 0), 100);
	assert_int_equal(xc_mset_docid(ms, 5), 0);
	assert_true(xc_mset_weight(ms, 5) == 0);
	OK(xc_mset_document(ms, 0, &doc));
	OK(xc_doc_get_data(doc, &p, &len));
	assert_string_equal(p, "two");
	xc_doc_free(doc);
	EXPECT(XC_ERR_INVALID, xc_mset_document(ms, 1, &doc));
	xc_mset_free(ms);
	xc_enquire_free(enq);
	xc_query_free(q);

	OK(xc_doc_new(&doc));
	OK(xc_doc_set_data(doc, "a\0b", 3));
	OK(xc_doc_get_data(doc, &p, &len));
	assert_int_equal(len, 3);
	assert_memory_equal(p, "a\0b", 3);
	xc_doc_free(doc);
	xc_db_free(db);
}

static void test_replace_delete(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_OPEN);
	xc_doc *doc = make_doc("replaced text", "Qdoc2", "c", "new two");
	unsigned n;

	OK(xc_db_replace_document(db, "Qdoc2", doc));
	xc_doc_free(doc);
	/* A term that matches nothing adds the document. */
	doc = make_doc("fourth", "Qdoc4", "d", "four");
	OK(xc_db_replace_document(db, "Qdoc4", doc));
	xc_doc_free(doc);
	OK(xc_db_delete_by_term(db, "Qdoc1"));
	OK(xc_db_commit(db));
	xc_db_free(db);

	db = open_db(f->db, XC_DB_READONLY);
	OK(xc_db_doccount(db, &n));
	assert_int_equal(n, 3);
	OK(xc_db_termfreq(db, "lazy", &n));
	assert_int_equal(n, 0);
	assert_hits(db, term("replaced"), 1, (unsigned[]){2});
	assert_hits(db, term("fourth"), 1, (unsigned[]){4});
	EXPECT(XC_ERR_NOT_FOUND, xc_db_get_document(db, 1, &doc));
	xc_db_free(db);
}

static void test_metadata(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_OPEN);
	char *v;

	OK(xc_db_set_metadata(db, "schema", "v1"));
	OK(xc_db_commit(db));
	xc_db_free(db);

	db = open_db(f->db, XC_DB_READONLY);
	assert_metadata(db, "schema", "v1");
	assert_metadata(db, "unset", "");
	EXPECT(XC_ERR_INVALID, xc_db_get_metadata(db, "", &v));
	xc_db_free(db);
}

/* Equal weights: by value when asked, whatever the document ids. */
static void test_sort_ties_by_value(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(path(f, "ties"), XC_DB_CREATE_OR_OVERWRITE);
	const char *vals[] = {"c", "a", "b"};
	for (size_t i = 0; i < 3; i++) {
		xc_doc *d = make_doc("same words here", "Qx", vals[i], "d");
		OK(xc_db_add_document(db, d, NULL));
		xc_doc_free(d);
	}
	OK(xc_db_commit(db));
	xc_enquire *enq;
	xc_mset *ms;
	xc_query *q = term("same");
	OK(xc_enquire_new(db, &enq));
	OK(xc_enquire_set_query(enq, q));
	OK(xc_enquire_set_sort_relevance_then_value(enq, 0, 0));
	OK(xc_enquire_mset(enq, 0, 10, 10, &ms));
	assert_int_equal(xc_mset_size(ms), 3);
	assert_int_equal(xc_mset_docid(ms, 0), 2); /* "a" */
	assert_int_equal(xc_mset_docid(ms, 1), 3); /* "b" */
	assert_int_equal(xc_mset_docid(ms, 2), 1); /* "c" */
	xc_mset_free(ms);
	EXPECT(XC_ERR_INVALID, xc_enquire_set_sort_relevance_then_value(NULL, 0, 0));
	xc_enquire_free(enq);
	xc_query_free(q);
	xc_db_free(db);
}

static void test_metadata_keys(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_OPEN);
	char **keys;
	size_t n = 99;

	OK(xc_db_set_metadata(db, "file:/a/2", "x"));
	OK(xc_db_set_metadata(db, "file:/a/1", "y"));
	OK(xc_db_set_metadata(db, "file:/b/1", "z"));
	OK(xc_db_set_metadata(db, "other", "w"));
	OK(xc_db_commit(db));
	OK(xc_db_metadata_keys(db, "file:/a/", &keys, &n));
	assert_int_equal(n, 2);
	assert_string_equal(keys[0], "file:/a/1");
	assert_string_equal(keys[1], "file:/a/2");
	assert_null(keys[2]);
	xc_strv_free(keys);
	OK(xc_db_set_metadata(db, "file:/a/1", "")); /* an empty value deletes */
	OK(xc_db_metadata_keys(db, "file:", &keys, &n));
	assert_int_equal(n, 2);
	xc_strv_free(keys);
	EXPECT(XC_ERR_INVALID, xc_db_metadata_keys(db, NULL, &keys, &n));
	/* Values of any bytes, NULs too. */
	char *v = NULL;
	size_t len = 0;
	OK(xc_db_set_metadata_bytes(db, "bin", "a\0b\0", 4));
	OK(xc_db_get_metadata_bytes(db, "bin", &v, &len));
	assert_int_equal(len, 4);
	assert_memory_equal(v, "a\0b\0", 4);
	free(v);
	OK(xc_db_set_metadata_bytes(db, "bin", NULL, 0));
	OK(xc_db_get_metadata_bytes(db, "bin", &v, &len));
	assert_int_equal(len, 0);
	free(v);
	EXPECT(XC_ERR_INVALID, xc_db_set_metadata_bytes(db, "bin", NULL, 2));
	xc_db_free(db);
}

static void test_spelling(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_OPEN);
	xc_query *q;
	xc_qp *qp;
	char *s;

	OK(xc_db_add_spelling(db, "necessary", 1));
	OK(xc_db_commit(db));
	xc_db_free(db);

	db = open_db(f->db, XC_DB_READONLY);
	OK(xc_db_spelling(db, "neccessary", 2, &s));
	assert_non_null(s);
	assert_string_equal(s, "necessary");
	free(s);
	OK(xc_db_spelling(db, "zzzzzzzz", 2, &s));
	assert_null(s);

	OK(xc_qp_new(&qp));
	OK(xc_qp_set_database(qp, db));
	OK(xc_qp_parse(qp, "neccessary fox", XC_QP_DEFAULT | XC_QP_SPELLING, &q));
	assert_string_equal(xc_qp_corrected(qp), "necessary fox");
	xc_query_free(q);
	OK(xc_qp_parse(qp, "fox", XC_QP_DEFAULT | XC_QP_SPELLING, &q));
	assert_string_equal(xc_qp_corrected(qp), "");
	xc_query_free(q);
	xc_qp_free(qp);
	xc_db_free(db);
}

static void test_remove_spelling(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_OPEN);
	char *s;

	OK(xc_db_add_spelling(db, "necessary", 2));
	OK(xc_db_remove_spelling(db, "necessary", 1));
	OK(xc_db_spelling(db, "neccessary", 2, &s)); /* the writer sees it */
	assert_non_null(s);
	free(s);
	OK(xc_db_remove_spelling(db, "necessary", 1));
	OK(xc_db_remove_spelling(db, "absent", 3)); /* not an error */
	OK(xc_db_commit(db));
	xc_db_free(db);

	db = open_db(f->db, XC_DB_READONLY);
	OK(xc_db_spelling(db, "neccessary", 2, &s));
	assert_null(s);
	EXPECT(XC_ERR_READONLY, xc_db_remove_spelling(db, "necessary", 1));
	xc_db_free(db);
}

static void test_postlist(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_OPEN);
	unsigned *ids = NULL;
	size_t n = 99;

	OK(xc_db_postlist(db, "quick", &ids, &n));
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 3);
	free(ids);
	OK(xc_db_delete_by_term(db, "Qdoc1")); /* uncommitted, and seen */
	OK(xc_db_postlist(db, "quick", &ids, &n));
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 3);
	free(ids);
	OK(xc_db_postlist(db, "absent", &ids, &n));
	assert_int_equal(n, 0);
	assert_null(ids);
	EXPECT(XC_ERR_INVALID, xc_db_postlist(db, NULL, &ids, &n));
	xc_db_free(db);
}

static void test_synonyms(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_OPEN);
	char **v;
	size_t n = 99;

	OK(xc_db_add_synonym(db, "car", "automobile"));
	OK(xc_db_add_synonym(db, "car", "auto"));
	OK(xc_db_add_synonym(db, "big car", "truck"));
	OK(xc_db_commit(db));
	xc_db_free(db);

	db = open_db(f->db, XC_DB_READONLY);
	OK(xc_db_synonyms(db, "car", &v, &n));
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "auto"); /* sorted by Xapian */
	assert_string_equal(v[1], "automobile");
	assert_null(v[2]);
	xc_strv_free(v);
	OK(xc_db_synonyms(db, "big car", &v, NULL));
	assert_string_equal(v[0], "truck");
	assert_null(v[1]);
	xc_strv_free(v);
	xc_db_free(db);

	db = open_db(f->db, XC_DB_OPEN);
	OK(xc_db_clear_synonyms(db, "car"));
	OK(xc_db_synonyms(db, "car", &v, &n));
	assert_int_equal(n, 0);
	assert_null(v[0]);
	xc_strv_free(v);
	xc_db_free(db);
}

/* Xapian's lock is per database, not per process: a second writer in the
 * same process is refused too. */
static void test_locked(void **state)
{
	struct fx *f = *state;
	xc_db *w1 = open_db(f->db, XC_DB_OPEN), *w2 = NULL, *r;
	xc_doc *doc;

	EXPECT(XC_ERR_LOCKED, xc_db_open(f->db, XC_DB_OPEN, &w2));
	assert_null(w2);
	assert_non_null(strstr(xc_last_error(), "lock"));
	/* Readers are not blocked by a writer. */
	r = open_db(f->db, XC_DB_READONLY);
	xc_db_free(r);

	/* Freeing the handle releases the lock even while a document
	 * still refers to the database. */
	OK(xc_db_get_document(w1, 1, &doc));
	xc_db_free(w1);
	w2 = open_db(f->db, XC_DB_OPEN);
	xc_db_free(w2);
	xc_doc_free(doc);
}

static void test_missing(void **state)
{
	struct fx *f = *state;
	int sentinel;
	xc_db *db = (xc_db *)&sentinel;

	EXPECT(XC_ERR_NOT_FOUND, xc_db_open(path(f, "nonexistent"), XC_DB_READONLY, &db));
	assert_non_null(strstr(xc_last_error(), "nonexistent"));
	EXPECT(XC_ERR_NOT_FOUND, xc_db_open(path(f, "nonexistent"), XC_DB_OPEN, &db));
	assert_ptr_equal(db, (xc_db *)&sentinel);
	EXPECT(XC_ERR_INVALID, xc_db_open(f->db, 42, &db));
}

static void write_file(const char *p, const char *content)
{
	FILE *fp = fopen(p, "w");

	assert_non_null(fp);
	fputs(content, fp);
	assert_int_equal(fclose(fp), 0);
}

static void test_not_a_database(void **state)
{
	struct fx *f = *state;
	xc_db *db = NULL;
	FILE *fp;
	int c;

	/* 1.4.22 reports a directory it cannot recognise as not found. */
	assert_int_equal(mkdir(path(f, "plain"), 0700), 0);
	EXPECT(XC_ERR_NOT_FOUND, xc_db_open(f->tmp, XC_DB_READONLY, &db));

	/* A file is read as a stub database. */
	write_file(path(f, "stub"), "this is not a stub\n");
	EXPECT(XC_ERR_OPENING, xc_db_open(f->tmp, XC_DB_READONLY, &db));

	assert_int_equal(mkdir(path(f, "corrupt"), 0700), 0);
	write_file(path(f, "corrupt/iamglass"), "garbage");
	EXPECT(XC_ERR_CORRUPT, xc_db_open(path(f, "corrupt"), XC_DB_READONLY, &db));

	/* Byte 14 of iamglass, after the magic, is the format version. */
	snprintf(f->tmp, sizeof(f->tmp), "%s/iamglass", f->db);
	fp = fopen(f->tmp, "r+b");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 14, SEEK_SET), 0);
	c = fgetc(fp);
	assert_int_equal(fseek(fp, 14, SEEK_SET), 0);
	fputc(c + 5, fp);
	assert_int_equal(fclose(fp), 0);
	EXPECT(XC_ERR_VERSION, xc_db_open(f->db, XC_DB_READONLY, &db));
	assert_null(db);
}

static void test_remote(void **state)
{
	xc_db *db = NULL;

	(void)state;
	EXPECT(XC_ERR_INVALID, xc_db_open("tcp://localhost", 0, &db));
	EXPECT(XC_ERR_INVALID, xc_db_open("tcp://localhost:x", 0, &db));
	/* Nothing listens on port 1. */
	EXPECT(XC_ERR_NETWORK, xc_db_open("tcp://127.0.0.1:1", 0, &db));
	assert_null(db);
}

static void test_query_parser(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_READONLY);
	xc_query *q = NULL;
	xc_stem *stem;
	xc_qp *qp;

	OK(xc_qp_new(&qp));
	OK(xc_stem_new("english", &stem));
	OK(xc_qp_set_stemmer(qp, stem));
	xc_stem_free(stem); /* the parser has its own copy */
	OK(xc_qp_add_prefix(qp, "id", "Q"));
	OK(xc_qp_set_default_op(qp, XC_OP_AND));

	/* STEM_ALL: "foxes" becomes the unprefixed "fox". */
	OK(xc_qp_parse(qp, "quick foxes", XC_QP_DEFAULT, &q));
	assert_hits(db, q, 2, (unsigned[]){3, 1});
	/* The index is unstemmed: "dog" stems to itself, "lazy" would not. */
	OK(xc_qp_parse(qp, "brown AND NOT dog", XC_QP_DEFAULT, &q));
	assert_hits(db, q, 1, (unsigned[]){1});
	OK(xc_qp_parse(qp, "\"quick brown\"", XC_QP_DEFAULT, &q));
	assert_hits(db, q, 1, (unsigned[]){1});
	OK(xc_qp_parse(qp, "id:doc2", XC_QP_DEFAULT, &q));
	assert_hits(db, q, 1, (unsigned[]){2});
	OK(xc_qp_set_database(qp, db));
	OK(xc_qp_parse(qp, "jump*", XC_QP_DEFAULT | XC_QP_WILDCARD, &q));
	assert_hits(db, q, 1, (unsigned[]){3});

	/* 1.4.22 retries without flags, but a dangling operator still
	 * fails. */
	q = NULL;
	EXPECT(XC_ERR_QUERY, xc_qp_parse(qp, "foo AND", XC_QP_BOOLEAN, &q));
	assert_null(q);
	assert_non_null(strstr(xc_last_error(), "Syntax"));
	EXPECT(XC_ERR_QUERY, xc_qp_parse(qp, "NOT foo", XC_QP_DEFAULT, &q));
	EXPECT(XC_ERR_INVALID, xc_qp_parse(qp, "foo", 1u << 20, &q));
	EXPECT(XC_ERR_INVALID, xc_qp_set_default_op(qp, XC_OP_AND_NOT));
	xc_qp_free(qp);
	xc_db_free(db);
}

static void test_stemmer(void **state)
{
	int sentinel;
	xc_stem *stem = (xc_stem *)&sentinel;
	char *s;

	(void)state;
	EXPECT(XC_ERR_INVALID, xc_stem_new("klingon", &stem));
	assert_ptr_equal(stem, (xc_stem *)&sentinel);
	assert_non_null(strstr(xc_last_error(), "klingon"));

	OK(xc_stem_new("english", &stem));
	OK(xc_stem_word(stem, "effects", 7, &s));
	assert_string_equal(s, "effect");
	free(s);
	/* Only `len` bytes count. */
	OK(xc_stem_word(stem, "runningXYZ", 7, &s));
	assert_string_equal(s, "run");
	free(s);
	xc_stem_free(stem);
}

static void test_null_arguments(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_OPEN);
	xc_query *q = term("fox"), *subs[2] = {q, NULL}, *out;
	xc_enquire *enq;
	const char *p;
	unsigned n;
	char *s;

	EXPECT(XC_ERR_INVALID, xc_db_open(NULL, 0, &db));
	EXPECT(XC_ERR_INVALID, xc_db_open(f->db, 0, NULL));
	assert_string_equal(xc_last_error(), "out is NULL");
	EXPECT(XC_ERR_INVALID, xc_db_doccount(NULL, &n));
	EXPECT(XC_ERR_INVALID, xc_db_doccount(db, NULL));
	EXPECT(XC_ERR_INVALID, xc_db_termfreq(db, NULL, &n));
	EXPECT(XC_ERR_INVALID, xc_db_commit(NULL));
	EXPECT(XC_ERR_INVALID, xc_db_set_metadata(db, "k", NULL));
	EXPECT(XC_ERR_INVALID, xc_db_delete_by_term(db, NULL));
	EXPECT(XC_ERR_INVALID, xc_db_add_document(db, NULL, &n));
	EXPECT(XC_ERR_INVALID, xc_db_spelling(db, NULL, 2, &s));
	EXPECT(XC_ERR_INVALID, xc_db_add(NULL, db));
	EXPECT(XC_ERR_INVALID, xc_doc_get_data(NULL, &p, NULL));
	EXPECT(XC_ERR_INVALID, xc_doc_set_data(NULL, "x", 1));
	EXPECT(XC_ERR_INVALID, xc_stem_word(NULL, "x", 1, &s));
	EXPECT(XC_ERR_INVALID, xc_query_term(NULL, 1, 0, &out));
	EXPECT(XC_ERR_INVALID, xc_query_combine(XC_OP_AND, subs, 2, 0, &out));
	EXPECT(XC_ERR_INVALID, xc_query_combine(XC_OP_AND, NULL, 2, 0, &out));
	EXPECT(XC_ERR_INVALID, xc_qp_parse(NULL, "x", 0, &out));
	EXPECT(XC_ERR_INVALID, xc_enquire_new(NULL, &enq));
	EXPECT(XC_ERR_INVALID, xc_enquire_set_query(NULL, q));
	EXPECT(XC_ERR_INVALID, xc_enquire_mset(NULL, 0, 10, 0, NULL));
	EXPECT(XC_ERR_INVALID, xc_mset_document(NULL, 0, NULL));

	assert_int_equal(xc_mset_size(NULL), 0);
	assert_int_equal(xc_mset_docid(NULL, 0), 0);
	assert_int_equal(xc_mset_percent(NULL, 0), 0);
	assert_string_equal(xc_qp_corrected(NULL), "");
	xc_db_free(NULL);
	xc_doc_free(NULL);
	xc_stem_free(NULL);
	xc_query_free(NULL);
	xc_qp_free(NULL);
	xc_enquire_free(NULL);
	xc_mset_free(NULL);
	xc_strv_free(NULL);
	xc_query_free(q);
	xc_db_free(db);
}

static void test_readonly(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_READONLY);
	xc_doc *doc;

	OK(xc_doc_new(&doc));
	EXPECT(XC_ERR_READONLY, xc_db_add_document(db, doc, NULL));
	assert_true(strlen(xc_last_error()) > 0);
	EXPECT(XC_ERR_READONLY, xc_db_replace_document(db, "Qdoc1", doc));
	EXPECT(XC_ERR_READONLY, xc_db_commit(db));
	EXPECT(XC_ERR_READONLY, xc_db_set_metadata(db, "k", "v"));
	EXPECT(XC_ERR_READONLY, xc_db_delete_by_term(db, "Qdoc1"));
	EXPECT(XC_ERR_READONLY, xc_db_add_spelling(db, "x", 1));
	EXPECT(XC_ERR_READONLY, xc_db_begin_transaction(db, 1));
	xc_doc_free(doc);
	xc_db_free(db);
}

static void test_transactions(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_OPEN);
	xc_doc *doc = make_doc("transient", "Qtx", "x", "tx");
	unsigned n;

	EXPECT(XC_ERR_INVALID, xc_db_commit_transaction(db));
	OK(xc_db_begin_transaction(db, 1));
	EXPECT(XC_ERR_INVALID, xc_db_begin_transaction(db, 1));
	OK(xc_db_add_document(db, doc, NULL));
	OK(xc_db_cancel_transaction(db));
	OK(xc_db_doccount(db, &n));
	assert_int_equal(n, 3);

	OK(xc_db_begin_transaction(db, 0));
	OK(xc_db_add_document(db, doc, NULL));
	OK(xc_db_commit_transaction(db));
	OK(xc_db_doccount(db, &n));
	assert_int_equal(n, 4);
	xc_doc_free(doc);
	xc_db_free(db);
}

/* As Xapian's close(): pending changes are committed, a transaction is not. */
static void test_free_commits(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_OPEN);
	xc_doc *doc = make_doc("pending", "Qp", "p", "p");
	unsigned n;

	OK(xc_db_add_document(db, doc, NULL));
	xc_db_free(db);
	db = open_db(f->db, XC_DB_OPEN);
	OK(xc_db_doccount(db, &n));
	assert_int_equal(n, 4);

	OK(xc_db_begin_transaction(db, 1));
	OK(xc_db_add_document(db, doc, NULL));
	xc_db_free(db);
	db = open_db(f->db, XC_DB_READONLY);
	OK(xc_db_doccount(db, &n));
	assert_int_equal(n, 4);
	xc_db_free(db);
	xc_doc_free(doc);
}

static void test_compact(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_READONLY), *c;
	unsigned n;
	struct stat st;

	OK(xc_db_compact(db, path(f, "compact")));
	assert_int_equal(stat(f->tmp, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	EXPECT(XC_ERR_INVALID, xc_db_compact(db, f->db));
	xc_db_free(db);

	c = open_db(path(f, "compact"), XC_DB_READONLY);
	OK(xc_db_doccount(c, &n));
	assert_int_equal(n, 3);
	assert_hits(c, term("quick"), 2, (unsigned[]){3, 1});
	xc_db_free(c);
}

/* Joins the tags with '+', and counts its calls. */
static char *join_tags(void *ctx, const char *key, const char *const *tags, size_t n)
{
	char buf[256] = "";
	(*(int *)ctx)++;
	if (strcmp(key, "shared") != 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "+" : "",
		         tags[i]);
	return strdup(buf);
}

static void test_compact_merge(void **state)
{
	struct fx *f = *state;
	xc_db *a = open_db(f->db, XC_DB_OPEN), *b;
	char other[300];
	int calls = 0;
	unsigned n;
	xc_doc *doc = make_doc("slow green turtle", "Qdoc4", "c", "four");

	OK(xc_db_set_metadata(a, "shared", "1"));
	OK(xc_db_set_metadata(a, "only-a", "a"));
	OK(xc_db_commit(a));
	xc_db_free(a);
	snprintf(other, sizeof other, "%s", path(f, "other"));
	b = open_db(other, XC_DB_CREATE_OR_OPEN);
	OK(xc_db_add_document(b, doc, NULL));
	OK(xc_db_set_metadata(b, "shared", "2"));
	OK(xc_db_set_metadata(b, "other", "x"));
	OK(xc_db_commit(b));
	xc_db_free(b);
	xc_doc_free(doc);

	a = open_db(f->db, XC_DB_READONLY);
	b = open_db(other, XC_DB_READONLY);
	OK(xc_db_add(a, b));
	OK(xc_db_compact_merge(a, path(f, "merged"), join_tags, &calls));
	xc_db_free(a);
	xc_db_free(b);
	assert_int_equal(calls, 1); /* only "shared" is in both */

	a = open_db(path(f, "merged"), XC_DB_READONLY);
	OK(xc_db_doccount(a, &n));
	assert_int_equal(n, 4);
	assert_metadata(a, "shared", "1+2");
	assert_metadata(a, "only-a", "a");
	xc_db_free(a);
}

static void test_expand(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_READONLY);
	xc_query *q = term("fox");
	xc_enquire *enq;
	unsigned rel[] = {1};
	char **terms;
	double *w;
	size_t n = 0, i;
	int brown = 0;
	char word[64];

	OK(xc_enquire_new(db, &enq));
	OK(xc_enquire_set_query(enq, q));
	OK(xc_enquire_expand(enq, rel, 1, 10, &terms, &w, &n));
	assert_true(n >= 1);
	assert_null(terms[n]);
	for (i = 0; i < n; i++) {
		/* Query terms are left out; the rest come from doc 1. */
		assert_string_not_equal(terms[i], "fox");
		snprintf(word, sizeof(word), " %s ", terms[i]);
		assert_non_null(strstr(" the quick brown Qdoc1 ", word));
		brown |= !strcmp(terms[i], "brown");
		if (i)
			assert_true(w[i - 1] >= w[i]);
	}
	assert_true(brown);
	xc_strv_free(terms);
	free(w);

	rel[0] = 99;
	EXPECT(XC_ERR_NOT_FOUND, xc_enquire_expand(enq, rel, 1, 10, &terms, NULL, NULL));
	xc_enquire_free(enq);
	xc_query_free(q);
	xc_db_free(db);
}

static void test_collapse_and_bm25(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_READONLY);
	xc_enquire *enq;
	xc_query *q;
	xc_mset *ms;

	OK(xc_query_match_all(&q));
	OK(xc_enquire_new(db, &enq));
	OK(xc_enquire_set_query(enq, q));
	OK(xc_enquire_set_bm25(enq, 1.2, 0, 1, 0.75, 0.5));
	/* Values: a, b, a. */
	OK(xc_enquire_set_collapse(enq, 0, 1));
	OK(xc_enquire_mset(enq, 0, 10, 10, &ms));
	assert_int_equal(xc_mset_size(ms), 2);
	xc_mset_free(ms);
	OK(xc_enquire_set_collapse(enq, 0, 2));
	OK(xc_enquire_mset(enq, 0, 10, 10, &ms));
	assert_int_equal(xc_mset_size(ms), 3);
	xc_mset_free(ms);
	/* Paging: first = 2. */
	OK(xc_enquire_mset(enq, 2, 10, 10, &ms));
	assert_int_equal(xc_mset_size(ms), 1);
	xc_mset_free(ms);
	xc_enquire_free(enq);
	xc_query_free(q);
	xc_db_free(db);
}

static void test_add_shards_and_reopen(void **state)
{
	struct fx *f = *state;
	xc_db *db = open_db(f->db, XC_DB_READONLY), *other, *w;
	xc_doc *doc = make_doc("other shard fox", "Qo1", "z", "o");
	unsigned n;
	int changed = -1;

	other = open_db(path(f, "other"), XC_DB_CREATE_OR_OPEN);
	OK(xc_db_add_document(other, doc, NULL));
	OK(xc_db_commit(other));
	EXPECT(XC_ERR_INVALID, xc_db_add(other, db));
	xc_db_free(other);

	other = open_db(path(f, "other"), XC_DB_READONLY);
	OK(xc_db_add(db, other));
	xc_db_free(other); /* db keeps the shard */
	OK(xc_db_doccount(db, &n));
	assert_int_equal(n, 4);
	OK(xc_db_termfreq(db, "fox", &n));
	assert_int_equal(n, 3);
	xc_db_free(db);

	db = open_db(f->db, XC_DB_READONLY);
	OK(xc_db_reopen(db, &changed));
	assert_int_equal(changed, 0);
	w = open_db(f->db, XC_DB_OPEN);
	OK(xc_db_add_document(w, doc, NULL));
	OK(xc_db_commit(w));
	OK(xc_db_reopen(db, &changed));
	assert_int_equal(changed, 1);
	OK(xc_db_doccount(db, &n));
	assert_int_equal(n, 4);
	xc_db_free(w);
	xc_db_free(db);
	xc_doc_free(doc);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_version_and_names),
	    T(test_counts),
	    T(test_term_search),
	    T(test_phrase_near),
	    T(test_boolean_ops),
	    T(test_query_misc),
	    T(test_data_and_values),
	    T(test_replace_delete),
	    T(test_metadata),
	    T(test_metadata_keys),
	    T(test_sort_ties_by_value),
	    T(test_spelling),
	    T(test_remove_spelling),
	    T(test_postlist),
	    T(test_synonyms),
	    T(test_locked),
	    T(test_missing),
	    T(test_not_a_database),
	    cmocka_unit_test(test_remote),
	    T(test_query_parser),
	    cmocka_unit_test(test_stemmer),
	    T(test_null_arguments),
	    T(test_readonly),
	    T(test_transactions),
	    T(test_free_commits),
	    T(test_compact),
	    T(test_compact_merge),
	    T(test_expand),
	    T(test_collapse_and_bm25),
	    T(test_add_shards_and_reopen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
