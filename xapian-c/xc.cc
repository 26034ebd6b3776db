/* xc.cc - xapian-c.h over libxapian: the only C++ in the tree.
 *
 * Every entry point runs its body through guard(), which catches whatever
 * was thrown and lets fail() turn it into an xc_status and a thread-local
 * message, so no exception ever unwinds into C. The definitions cannot be
 * spelled `noexcept` themselves: C++17 makes the exception specification
 * part of the type, and it must match the plain C declarations of
 * xapian-c.h. guard() and fail() are noexcept instead.
 */
#include "xapian-c.h"

#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

struct xc_db {
	Xapian::Database db;          /* reads; shares the writer's internals */
	Xapian::WritableDatabase wdb; /* writes; a placeholder if read-only */
	bool writable = false;
};

struct xc_doc {
	Xapian::Document doc;
	std::string data;  /* backs xc_doc_get_data's pointer */
	std::string value; /* backs xc_doc_get_value's pointer */
};

struct xc_stem {
	Xapian::Stem stem;
};

struct xc_query {
	Xapian::Query q;
};

struct xc_qp {
	Xapian::QueryParser qp;
	std::string corrected; /* of the last parse, for xc_qp_corrected */
};

/* Xapian::Enquire keeps its own reference to the database's internals. */
struct xc_enquire {
	Xapian::Enquire enq;
};

struct xc_mset {
	Xapian::MSet ms;
};

namespace
{

thread_local std::string last_error;

/* A failure of our own making: a bad argument, a read-only handle. */
struct xc_failure {
	xc_status st;
	const char *msg;
};

xc_status set_error(xc_status st, const char *msg) noexcept
{
	try {
		last_error = msg;
	} catch (...) {
		last_error.clear(); /* out of memory for the message itself */
	}
	return st;
}

xc_status set_error(xc_status st, const Xapian::Error &e) noexcept
{
	try {
		last_error = e.get_description();
	} catch (...) {
		return set_error(st, e.get_type());
	}
	return st;
}

/* Map the exception being handled to a status. Only call from a catch
 * block. Most-derived classes first: DatabaseNotFoundError and
 * DatabaseVersionError are DatabaseOpeningErrors, all of which are
 * DatabaseErrors. */
xc_status fail() noexcept
{
	try {
		throw;
	} catch (const xc_failure &f) {
		return set_error(f.st, f.msg);
	} catch (const Xapian::DatabaseLockError &e) {
		return set_error(XC_ERR_LOCKED, e);
	} catch (const Xapian::DatabaseModifiedError &e) {
		return set_error(XC_ERR_MODIFIED, e);
	} catch (const Xapian::DatabaseNotFoundError &e) {
		return set_error(XC_ERR_NOT_FOUND, e);
	} catch (const Xapian::DatabaseVersionError &e) {
		return set_error(XC_ERR_VERSION, e);
	} catch (const Xapian::DatabaseOpeningError &e) {
		return set_error(XC_ERR_OPENING, e);
	} catch (const Xapian::DatabaseCorruptError &e) {
		return set_error(XC_ERR_CORRUPT, e);
	} catch (const Xapian::DatabaseCreateError &e) {
		return set_error(XC_ERR_CREATE, e);
	} catch (const Xapian::DatabaseError &e) {
		return set_error(XC_ERR_DATABASE, e);
	} catch (const Xapian::DocNotFoundError &e) {
		return set_error(XC_ERR_NOT_FOUND, e);
	} catch (const Xapian::NetworkError &e) {
		return set_error(XC_ERR_NETWORK, e);
	} catch (const Xapian::QueryParserError &e) {
		return set_error(XC_ERR_QUERY, e);
	} catch (const Xapian::InvalidArgumentError &e) {
		return set_error(XC_ERR_INVALID, e);
	} catch (const Xapian::InvalidOperationError &e) {
		return set_error(XC_ERR_INVALID, e);
	} catch (const Xapian::Error &e) {
		return set_error(XC_ERR_OTHER, e);
	} catch (const std::bad_alloc &) {
		return set_error(XC_ERR_NOMEM, "out of memory");
	} catch (const std::exception &e) {
		return set_error(XC_ERR_OTHER, e.what());
	} catch (...) {
		return set_error(XC_ERR_OTHER, "unknown C++ exception");
	}
}

#ifdef XC_FAULTS
/* Fault injection, built only with `meson -Dfaults=true` (the sanitizer
 * build) so tests can walk every error path of the C code: XC_FAIL_AT=N
 * makes the Nth guarded entry point throw before its body runs, as
 * Xapian would; XC_FAIL_ODDS=N makes each call fail with a chance of 1 in
 * N, drawn from XC_FAIL_SEED (for a process that serves many requests).
 * XC_FAIL_WITH picks the error: "modified" (the default,
 * DatabaseModifiedError), "database" or "nomem". The count and the draw
 * are the one process-wide state in the tree, and exist only in that
 * build. */
long fault_count = 0;
unsigned long long fault_draw = 0;

long env_long(const char *name)
{
	const char *v = std::getenv(name);
	return v ? std::atol(v) : 0L;
}

void maybe_fail()
{
	static const long at = env_long("XC_FAIL_AT"), odds = env_long("XC_FAIL_ODDS");
	if (at <= 0 && odds <= 0)
		return;
	if (++fault_count == 1)
		fault_draw = (unsigned long long)env_long("XC_FAIL_SEED") * 2654435761u + 1;
	fault_draw ^= fault_draw << 13; /* xorshift64 */
	fault_draw ^= fault_draw >> 7;
	fault_draw ^= fault_draw << 17;
	if (fault_count != at && (odds <= 0 || fault_draw % (unsigned long long)odds != 0))
		return;
	const char *with = std::getenv("XC_FAIL_WITH");
	std::fprintf(stderr, "xc: fault injected at call %ld\n", fault_count);
	if (with && std::strcmp(with, "nomem") == 0)
		throw std::bad_alloc();
	if (with && std::strcmp(with, "database") == 0)
		throw Xapian::DatabaseError("injected fault");
	throw Xapian::DatabaseModifiedError("injected fault");
}
#else
inline void maybe_fail() {}
#endif

/* Run the body of an entry point; whatever it throws becomes a status. */
template <typename F> xc_status guard(F &&body) noexcept
{
	try {
		maybe_fail();
		body();
		return XC_OK;
	} catch (...) {
		return fail();
	}
}

/* The same for entry points returning a plain value: `dflt` on error. */
template <typename T, typename F> T guard_value(T dflt, F &&body) noexcept
{
	try {
		return body();
	} catch (...) {
		fail();
		return dflt;
	}
}

template <typename T> T *need(T *p, const char *msg)
{
	if (!p)
		throw xc_failure{XC_ERR_INVALID, msg};
	return p;
}

/* Reject a NULL argument with a message naming it. */
#define NEED(p) need((p), #p " is NULL")

Xapian::WritableDatabase &writer(xc_db *db)
{
	NEED(db);
	if (!db->writable)
		throw xc_failure{XC_ERR_READONLY, "database is open read-only"};
	return db->wdb;
}

/* (p, len) as a string; p may be NULL only when len is 0. */
std::string bytes(const char *p, size_t len)
{
	if (!p && len)
		throw xc_failure{XC_ERR_INVALID, "NULL buffer with a length"};
	return p ? std::string(p, len) : std::string();
}

/* A malloc()ed copy, for strings the caller frees with free(). */
char *dupstr(const std::string &s)
{
	char *p = static_cast<char *>(std::malloc(s.size() + 1));

	if (!p)
		throw std::bad_alloc();
	std::memcpy(p, s.c_str(), s.size() + 1);
	return p;
}

struct strv_deleter {
	void operator()(char **v) const noexcept
	{
		xc_strv_free(v);
	}
};
using strv_ptr = std::unique_ptr<char *[], strv_deleter>;

/* A NULL-terminated malloc()ed copy of `items`, for xc_strv_free. */
strv_ptr make_strv(const std::vector<std::string> &items)
{
	/* calloc: a partly filled array is still NULL-terminated. */
	strv_ptr v(static_cast<char **>(std::calloc(items.size() + 1, sizeof(char *))));

	if (!v)
		throw std::bad_alloc();
	for (size_t i = 0; i < items.size(); i++)
		v[i] = dupstr(items[i]);
	return v;
}

/* C may pass any integer as an enum, but in C++ reading a value outside
 * the enum's range is undefined (UBSan flags it), so read the bytes. */
template <typename E> std::underlying_type_t<E> enum_value(const E &e) noexcept
{
	std::underlying_type_t<E> v;

	std::memcpy(&v, &e, sizeof(v));
	return v;
}

Xapian::Query::op to_op(const xc_op &op)
{
	switch (enum_value(op)) {
	case XC_OP_AND:
		return Xapian::Query::OP_AND;
	case XC_OP_OR:
		return Xapian::Query::OP_OR;
	case XC_OP_AND_NOT:
		return Xapian::Query::OP_AND_NOT;
	case XC_OP_XOR:
		return Xapian::Query::OP_XOR;
	case XC_OP_AND_MAYBE:
		return Xapian::Query::OP_AND_MAYBE;
	case XC_OP_FILTER:
		return Xapian::Query::OP_FILTER;
	case XC_OP_NEAR:
		return Xapian::Query::OP_NEAR;
	case XC_OP_PHRASE:
		return Xapian::Query::OP_PHRASE;
	case XC_OP_ELITE_SET:
		return Xapian::Query::OP_ELITE_SET;
	case XC_OP_SYNONYM:
		return Xapian::Query::OP_SYNONYM;
	case XC_OP_MAX:
		return Xapian::Query::OP_MAX;
	}
	throw xc_failure{XC_ERR_INVALID, "unknown xc_op"};
}

unsigned to_qp_flags(unsigned flags)
{
	static const struct {
		unsigned xc, xapian;
	} map[] = {
	    {XC_QP_BOOLEAN, Xapian::QueryParser::FLAG_BOOLEAN},
	    {XC_QP_PHRASE, Xapian::QueryParser::FLAG_PHRASE},
	    {XC_QP_LOVEHATE, Xapian::QueryParser::FLAG_LOVEHATE},
	    {XC_QP_WILDCARD, Xapian::QueryParser::FLAG_WILDCARD},
	    {XC_QP_SPELLING, Xapian::QueryParser::FLAG_SPELLING_CORRECTION},
	    {XC_QP_PARTIAL, Xapian::QueryParser::FLAG_PARTIAL},
	};
	unsigned out = 0;

	for (const auto &m : map) {
		if (flags & m.xc) {
			out |= m.xapian;
			flags &= ~m.xc;
		}
	}
	if (flags)
		throw xc_failure{XC_ERR_INVALID, "unknown XC_QP_* flag"};
	return out;
}

/* "tcp://HOST:PORT" (HOST may be a bracketed IPv6 address). */
Xapian::Database open_remote(const std::string &url)
{
	std::string rest = url.substr(6);
	size_t colon = rest.rfind(':');

	if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size())
		throw xc_failure{XC_ERR_INVALID, "expected tcp://HOST:PORT"};
	std::string host = rest.substr(0, colon);
	std::string port = rest.substr(colon + 1);
	if (host.size() > 2 && host.front() == '[' && host.back() == ']')
		host = host.substr(1, host.size() - 2);

	char *end;
	unsigned long n = std::strtoul(port.c_str(), &end, 10);
	if (*end || n == 0 || n > 65535 || port[0] < '0' || port[0] > '9')
		throw xc_failure{XC_ERR_INVALID, "bad port in tcp://HOST:PORT"};
	return Xapian::Remote::open(host, static_cast<unsigned>(n));
}

int to_db_action(int mode)
{
	switch (mode) {
	case XC_DB_CREATE_OR_OPEN:
		return Xapian::DB_CREATE_OR_OPEN;
	case XC_DB_CREATE_OR_OVERWRITE:
		return Xapian::DB_CREATE_OR_OVERWRITE;
	case XC_DB_OPEN:
		return Xapian::DB_OPEN;
	}
	throw xc_failure{XC_ERR_INVALID, "unknown XC_DB_* mode"};
}

} // namespace

extern "C" {

/* ---- Errors and versions --------------------------------------------- */

const char *xc_last_error(void)
{
	return last_error.c_str();
}

const char *xc_status_name(xc_status st)
{
	switch (enum_value(st)) {
	case XC_OK:
		return "ok";
	case XC_ERR_NOMEM:
		return "out of memory";
	case XC_ERR_NOT_FOUND:
		return "not found";
	case XC_ERR_OPENING:
		return "cannot open";
	case XC_ERR_VERSION:
		return "wrong version";
	case XC_ERR_LOCKED:
		return "locked";
	case XC_ERR_MODIFIED:
		return "modified";
	case XC_ERR_CORRUPT:
		return "corrupt";
	case XC_ERR_CREATE:
		return "cannot create";
	case XC_ERR_DATABASE:
		return "database error";
	case XC_ERR_NETWORK:
		return "network error";
	case XC_ERR_QUERY:
		return "query syntax";
	case XC_ERR_INVALID:
		return "invalid";
	case XC_ERR_READONLY:
		return "read-only";
	case XC_ERR_OTHER:
		return "other";
	}
	return "unknown status";
}

const char *xc_version(void)
{
	return Xapian::version_string();
}

/* ---- Databases ------------------------------------------------------- */

xc_status xc_db_open(const char *path, int mode, xc_db **out)
{
	return guard([&] {
		NEED(path);
		NEED(out);
		std::unique_ptr<xc_db> h(new xc_db);
		if (mode == XC_DB_READONLY) {
			if (std::strncmp(path, "tcp://", 6) == 0)
				h->db = open_remote(path);
			else
				h->db = Xapian::Database(path);
		} else {
			h->wdb = Xapian::WritableDatabase(path, to_db_action(mode));
			h->db = h->wdb;
			h->writable = true;
		}
		*out = h.release();
	});
}

xc_status xc_db_add(xc_db *db, const xc_db *other)
{
	return guard([&] {
		NEED(db);
		NEED(other);
		/* db and wdb would stop sharing their shards. */
		if (db->writable)
			throw xc_failure{XC_ERR_INVALID, "xc_db_add needs a read-only db"};
		db->db.add_database(other->db);
	});
}

xc_status xc_db_reopen(xc_db *db, int *changed)
{
	return guard([&] {
		bool ch = NEED(db)->db.reopen();
		if (changed)
			*changed = ch;
	});
}

void xc_db_free(xc_db *db)
{
	if (!db)
		return;
	/* Release the lock now, even if docs or msets still share the
	 * internals. close() commits like the destructor would. */
	if (db->writable)
		try {
			db->wdb.close();
		} catch (...) {
			fail(); /* nobody to tell: the handle goes anyway */
		}
	delete db;
}

xc_status xc_db_doccount(const xc_db *db, unsigned *out)
{
	return guard([&] {
		NEED(out);
		*out = NEED(db)->db.get_doccount();
	});
}

xc_status xc_db_postlist(const xc_db *db, const char *term, unsigned **out, size_t *n)
{
	return guard([&] {
		NEED(term);
		NEED(out);
		NEED(n);
		std::vector<unsigned> ids;
		const Xapian::Database &d = NEED(db)->db;
		for (auto it = d.postlist_begin(term); it != d.postlist_end(term); ++it)
			ids.push_back(*it);
		unsigned *v = nullptr;
		if (!ids.empty()) {
			v = static_cast<unsigned *>(std::malloc(ids.size() * sizeof *v));
			if (!v)
				throw std::bad_alloc();
			std::copy(ids.begin(), ids.end(), v);
		}
		*out = v;
		*n = ids.size();
	});
}

xc_status xc_db_termfreq(const xc_db *db, const char *term, unsigned *out)
{
	return guard([&] {
		NEED(term);
		NEED(out);
		*out = NEED(db)->db.get_termfreq(term);
	});
}

xc_status xc_db_get_metadata(const xc_db *db, const char *key, char **out)
{
	return guard([&] {
		NEED(key);
		NEED(out);
		*out = dupstr(NEED(db)->db.get_metadata(key));
	});
}

xc_status xc_db_get_metadata_bytes(const xc_db *db, const char *key, char **out, size_t *len)
{
	return guard([&] {
		NEED(key);
		NEED(out);
		NEED(len);
		std::string v = NEED(db)->db.get_metadata(key);
		*out = dupstr(v);
		*len = v.size();
	});
}

xc_status xc_db_spelling(const xc_db *db, const char *word, unsigned max_edits, char **out)
{
	return guard([&] {
		NEED(word);
		NEED(out);
		std::string s = NEED(db)->db.get_spelling_suggestion(word, max_edits);
		*out = s.empty() ? nullptr : dupstr(s);
	});
}

xc_status xc_db_synonyms(const xc_db *db, const char *term, char ***out, size_t *n)
{
	return guard([&] {
		NEED(term);
		NEED(out);
		const Xapian::Database &d = NEED(db)->db;
		std::vector<std::string> syn(d.synonyms_begin(term), d.synonyms_end(term));
		*out = make_strv(syn).release();
		if (n)
			*n = syn.size();
	});
}

xc_status xc_db_metadata_keys(const xc_db *db, const char *prefix, char ***out, size_t *n)
{
	return guard([&] {
		NEED(prefix);
		NEED(out);
		const Xapian::Database &d = NEED(db)->db;
		std::vector<std::string> keys(d.metadata_keys_begin(prefix),
		                              d.metadata_keys_end(prefix));
		*out = make_strv(keys).release();
		if (n)
			*n = keys.size();
	});
}

xc_status xc_db_spelling_words(const xc_db *db, const char *prefix, size_t max, char ***out,
                               size_t *n)
{
	return guard([&] {
		NEED(prefix);
		NEED(out);
		const Xapian::Database &d = NEED(db)->db;
		std::vector<std::pair<Xapian::doccount, std::string>> words;
		std::string p(prefix);
		Xapian::TermIterator it = d.spellings_begin();
		for (it.skip_to(p); it != d.spellings_end(); ++it) {
			std::string w = *it;
			if (w.compare(0, p.size(), p) != 0)
				break;
			words.emplace_back(it.get_termfreq(), w);
		}
		size_t keep = std::min(max, words.size());
		std::partial_sort(words.begin(), words.begin() + keep, words.end(),
		                  [](const auto &a, const auto &b) {
			                  return a.first != b.first ? a.first > b.first
			                                            : a.second < b.second;
		                  });
		std::vector<std::string> best;
		for (size_t i = 0; i < keep; i++)
			best.push_back(words[i].second);
		*out = make_strv(best).release();
		if (n)
			*n = best.size();
	});
}

void xc_strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		std::free(*p);
	std::free(v);
}

xc_status xc_db_commit(xc_db *db)
{
	return guard([&] { writer(db).commit(); });
}

xc_status xc_db_begin_transaction(xc_db *db, int flushed)
{
	return guard([&] { writer(db).begin_transaction(flushed != 0); });
}

xc_status xc_db_commit_transaction(xc_db *db)
{
	return guard([&] { writer(db).commit_transaction(); });
}

xc_status xc_db_cancel_transaction(xc_db *db)
{
	return guard([&] { writer(db).cancel_transaction(); });
}

xc_status xc_db_set_metadata(xc_db *db, const char *key, const char *value)
{
	return guard([&] {
		NEED(key);
		NEED(value);
		writer(db).set_metadata(key, value);
	});
}

xc_status xc_db_set_metadata_bytes(xc_db *db, const char *key, const char *value, size_t len)
{
	return guard([&] {
		NEED(key);
		writer(db).set_metadata(key, bytes(value, len));
	});
}

xc_status xc_db_add_spelling(xc_db *db, const char *word, unsigned freqinc)
{
	return guard([&] {
		NEED(word);
		writer(db).add_spelling(word, freqinc);
	});
}

xc_status xc_db_remove_spelling(xc_db *db, const char *word, unsigned freqdec)
{
	return guard([&] {
		NEED(word);
		writer(db).remove_spelling(word, freqdec);
	});
}

xc_status xc_db_add_synonym(xc_db *db, const char *term, const char *synonym)
{
	return guard([&] {
		NEED(term);
		NEED(synonym);
		writer(db).add_synonym(term, synonym);
	});
}

xc_status xc_db_clear_synonyms(xc_db *db, const char *term)
{
	return guard([&] {
		NEED(term);
		writer(db).clear_synonyms(term);
	});
}

xc_status xc_db_delete_by_term(xc_db *db, const char *term)
{
	return guard([&] {
		NEED(term);
		writer(db).delete_document(std::string(term));
	});
}

xc_status xc_db_compact(const xc_db *db, const char *dest)
{
	return guard([&] {
		NEED(dest);
		/* compact() is not const in 1.4; a copy shares the shards.
		 * Flags 0: a directory, not a single-file database. */
		Xapian::Database src = NEED(db)->db;
		src.compact(dest);
	});
}

namespace
{
/* Hands Xapian's duplicate metadata to a C function. */
class MergingCompactor : public Xapian::Compactor
{
	xc_merge_fn merge;
	void *ctx;

      public:
	MergingCompactor(xc_merge_fn m, void *c) : merge(m), ctx(c) {}
	std::string resolve_duplicate_metadata(const std::string &key, size_t n,
	                                       const std::string tags[]) override
	{
		std::vector<const char *> v(n);
		for (size_t i = 0; i < n; i++)
			v[i] = tags[i].c_str();
		/* Glass hands over the key as its tables hold it, after a
		 * two-byte marker ("\0\xc0") that the C side cannot see past. */
		std::string user = key.size() >= 2 && key[0] == '\0' ? key.substr(2) : key;
		char *merged = merge(ctx, user.c_str(), v.data(), n);
		if (!merged)
			return tags[0];
		std::string out(merged);
		std::free(merged);
		return out;
	}
};
} // namespace

xc_status xc_db_compact_merge(const xc_db *db, const char *dest, xc_merge_fn merge, void *ctx)
{
	return guard([&] {
		NEED(dest);
		NEED(merge);
		Xapian::Database src = NEED(db)->db;
		MergingCompactor compactor(merge, ctx);
		src.compact(dest, 0, 0, compactor);
	});
}

/* ---- Documents ------------------------------------------------------- */

xc_status xc_doc_new(xc_doc **out)
{
	return guard([&] {
		NEED(out);
		*out = new xc_doc;
	});
}

void xc_doc_free(xc_doc *doc)
{
	delete doc;
}

xc_status xc_doc_set_data(xc_doc *doc, const char *data, size_t len)
{
	return guard([&] { NEED(doc)->doc.set_data(bytes(data, len)); });
}

xc_status xc_doc_get_data(xc_doc *doc, const char **data, size_t *len)
{
	return guard([&] {
		NEED(doc);
		NEED(data);
		doc->data = doc->doc.get_data();
		*data = doc->data.c_str();
		if (len)
			*len = doc->data.size();
	});
}

xc_status xc_doc_add_term(xc_doc *doc, const char *term, unsigned wdfinc)
{
	return guard([&] {
		NEED(term);
		NEED(doc)->doc.add_term(term, wdfinc);
	});
}

xc_status xc_doc_add_posting(xc_doc *doc, const char *term, unsigned pos, unsigned wdfinc)
{
	return guard([&] {
		NEED(term);
		NEED(doc)->doc.add_posting(term, pos, wdfinc);
	});
}

xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term)
{
	return guard([&] {
		NEED(term);
		NEED(doc)->doc.add_boolean_term(term);
	});
}

xc_status xc_doc_set_value(xc_doc *doc, unsigned slot, const char *v, size_t len)
{
	return guard([&] { NEED(doc)->doc.add_value(slot, bytes(v, len)); });
}

xc_status xc_doc_get_value(xc_doc *doc, unsigned slot, const char **v, size_t *len)
{
	return guard([&] {
		NEED(doc);
		NEED(v);
		doc->value = doc->doc.get_value(slot);
		*v = doc->value.c_str();
		if (len)
			*len = doc->value.size();
	});
}

xc_status xc_db_add_document(xc_db *db, const xc_doc *doc, unsigned *docid)
{
	return guard([&] {
		NEED(doc);
		Xapian::docid id = writer(db).add_document(doc->doc);
		if (docid)
			*docid = id;
	});
}

xc_status xc_db_replace_document(xc_db *db, const char *term, const xc_doc *doc)
{
	return guard([&] {
		NEED(term);
		NEED(doc);
		writer(db).replace_document(term, doc->doc);
	});
}

xc_status xc_db_get_document(const xc_db *db, unsigned docid, xc_doc **out)
{
	return guard([&] {
		NEED(out);
		std::unique_ptr<xc_doc> d(new xc_doc);
		d->doc = NEED(db)->db.get_document(docid);
		*out = d.release();
	});
}

/* ---- Stemmer --------------------------------------------------------- */

xc_status xc_stem_new(const char *lang, xc_stem **out)
{
	return guard([&] {
		NEED(lang);
		NEED(out);
		*out = new xc_stem{Xapian::Stem(lang)};
	});
}

void xc_stem_free(xc_stem *stem)
{
	delete stem;
}

xc_status xc_stem_word(xc_stem *stem, const char *word, size_t len, char **out)
{
	return guard([&] {
		NEED(out);
		*out = dupstr(NEED(stem)->stem(bytes(word, len)));
	});
}

/* ---- Queries --------------------------------------------------------- */

xc_status xc_query_term(const char *term, unsigned wqf, unsigned pos, xc_query **out)
{
	return guard([&] {
		NEED(term);
		NEED(out);
		*out = new xc_query{Xapian::Query(term, wqf, pos)};
	});
}

xc_status xc_query_match_all(xc_query **out)
{
	return guard([&] {
		NEED(out);
		*out = new xc_query{Xapian::Query::MatchAll};
	});
}

xc_status xc_query_combine(xc_op op, xc_query *const *subs, size_t n, unsigned window,
                           xc_query **out)
{
	return guard([&] {
		NEED(out);
		if (n)
			NEED(subs);
		std::vector<Xapian::Query> v;
		v.reserve(n);
		for (size_t i = 0; i < n; i++)
			v.push_back(need(subs[i], "a subquery is NULL")->q);
		Xapian::Query::op xop = to_op(op);
		/* Xapian rejects a parameter for any other operator. */
		if (xop != Xapian::Query::OP_NEAR && xop != Xapian::Query::OP_PHRASE &&
		    xop != Xapian::Query::OP_ELITE_SET)
			window = 0;
		*out = new xc_query{Xapian::Query(xop, v.begin(), v.end(), window)};
	});
}

xc_status xc_query_scale(const xc_query *q, double factor, xc_query **out)
{
	return guard([&] {
		NEED(out);
		*out =
		    new xc_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, NEED(q)->q, factor)};
	});
}

xc_status xc_query_describe(const xc_query *q, char **out)
{
	return guard([&] {
		NEED(out);
		*out = dupstr(NEED(q)->q.get_description());
	});
}

int xc_query_empty(const xc_query *q)
{
	return !q || q->q.empty();
}

void xc_query_free(xc_query *q)
{
	delete q;
}

/* ---- Query parser ---------------------------------------------------- */

xc_status xc_qp_new(xc_qp **out)
{
	return guard([&] {
		NEED(out);
		*out = new xc_qp;
	});
}

void xc_qp_free(xc_qp *qp)
{
	delete qp;
}

xc_status xc_qp_set_stemmer(xc_qp *qp, const xc_stem *stem)
{
	return guard([&] {
		NEED(stem);
		NEED(qp)->qp.set_stemmer(stem->stem);
		qp->qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
	});
}

xc_status xc_qp_set_database(xc_qp *qp, const xc_db *db)
{
	return guard([&] {
		NEED(db);
		NEED(qp)->qp.set_database(db->db);
	});
}

xc_status xc_qp_add_prefix(xc_qp *qp, const char *field, const char *prefix)
{
	return guard([&] {
		NEED(field);
		NEED(prefix);
		NEED(qp)->qp.add_prefix(field, prefix);
	});
}

xc_status xc_qp_set_default_op(xc_qp *qp, xc_op op)
{
	return guard([&] { NEED(qp)->qp.set_default_op(to_op(op)); });
}

xc_status xc_qp_parse(xc_qp *qp, const char *text, unsigned flags, xc_query **out)
{
	return guard([&] {
		NEED(text);
		NEED(out);
		NEED(qp)->corrected.clear(); /* none after a failed parse */
		std::unique_ptr<xc_query> q(
		    new xc_query{qp->qp.parse_query(text, to_qp_flags(flags))});
		qp->corrected = qp->qp.get_corrected_query_string();
		*out = q.release();
	});
}

const char *xc_qp_corrected(const xc_qp *qp)
{
	return qp ? qp->corrected.c_str() : "";
}

/* ---- Searching ------------------------------------------------------- */

xc_status xc_enquire_new(const xc_db *db, xc_enquire **out)
{
	return guard([&] {
		NEED(out);
		*out = new xc_enquire{Xapian::Enquire(NEED(db)->db)};
	});
}

void xc_enquire_free(xc_enquire *enq)
{
	delete enq;
}

xc_status xc_enquire_set_query(xc_enquire *enq, const xc_query *q)
{
	return guard([&] {
		NEED(q);
		NEED(enq)->enq.set_query(q->q);
	});
}

xc_status xc_enquire_set_bm25(xc_enquire *enq, double k1, double k2, double k3, double b,
                              double min_normlen)
{
	return guard([&] {
		NEED(enq)->enq.set_weighting_scheme(Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
	});
}

xc_status xc_enquire_set_collapse(xc_enquire *enq, unsigned slot, unsigned max)
{
	return guard([&] { NEED(enq)->enq.set_collapse_key(slot, max); });
}

xc_status xc_enquire_set_sort_relevance_then_value(xc_enquire *enq, unsigned slot, int reverse)
{
	return guard([&] { NEED(enq)->enq.set_sort_by_relevance_then_value(slot, reverse != 0); });
}

xc_status xc_enquire_mset(xc_enquire *enq, unsigned first, unsigned max, unsigned check_at_least,
                          xc_mset **out)
{
	return guard([&] {
		NEED(out);
		*out = new xc_mset{NEED(enq)->enq.get_mset(first, max, check_at_least)};
	});
}

xc_status xc_enquire_expand(xc_enquire *enq, const unsigned *rel, size_t nrel, unsigned max,
                            char ***terms, double **weights, size_t *n)
{
	return guard([&] {
		NEED(enq);
		NEED(terms);
		if (nrel)
			NEED(rel);
		Xapian::RSet rset;
		for (size_t i = 0; i < nrel; i++)
			rset.add_document(rel[i]);
		Xapian::ESet eset = enq->enq.get_eset(max, rset);

		std::vector<std::string> names;
		std::vector<double> ws;
		for (auto it = eset.begin(); it != eset.end(); ++it) {
			names.push_back(*it);
			ws.push_back(it.get_weight());
		}
		strv_ptr v = make_strv(names);
		std::unique_ptr<double, decltype(&std::free)> w(nullptr, std::free);
		if (weights) {
			/* Never malloc(0): NULL would look like a failure. */
			w.reset(static_cast<double *>(
			    std::malloc((ws.size() ? ws.size() : 1) * sizeof(double))));
			if (!w)
				throw std::bad_alloc();
			std::copy(ws.begin(), ws.end(), w.get());
			*weights = w.release();
		}
		*terms = v.release();
		if (n)
			*n = names.size();
	});
}

void xc_mset_free(xc_mset *ms)
{
	delete ms;
}

size_t xc_mset_size(const xc_mset *ms)
{
	return ms ? ms->ms.size() : 0;
}

unsigned xc_mset_estimated(const xc_mset *ms)
{
	return ms ? ms->ms.get_matches_estimated() : 0;
}

unsigned xc_mset_estimated_uncollapsed(const xc_mset *ms)
{
	return ms ? ms->ms.get_uncollapsed_matches_estimated() : 0;
}

unsigned xc_mset_docid(const xc_mset *ms, size_t i)
{
	if (!ms || i >= ms->ms.size())
		return 0;
	return guard_value(0u, [&] { return *ms->ms[i]; });
}

double xc_mset_weight(const xc_mset *ms, size_t i)
{
	if (!ms || i >= ms->ms.size())
		return 0;
	return guard_value(0.0, [&] { return ms->ms[i].get_weight(); });
}

int xc_mset_percent(const xc_mset *ms, size_t i)
{
	if (!ms || i >= ms->ms.size())
		return 0;
	return guard_value(0, [&] { return ms->ms[i].get_percent(); });
}

xc_status xc_mset_document(const xc_mset *ms, size_t i, xc_doc **out)
{
	return guard([&] {
		NEED(out);
		if (i >= NEED(ms)->ms.size())
			throw xc_failure{XC_ERR_INVALID, "mset index out of range"};
		std::unique_ptr<xc_doc> d(new xc_doc);
		d->doc = ms->ms[i].get_document();
		*out = d.release();
	});
}

} // extern "C"
