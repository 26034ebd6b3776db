/* smsearch-provider - smsearch for the desktop's own search box.
 *
 * One process on the session bus serves GNOME Shell's
 * org.gnome.Shell.SearchProvider2 (at GNOME_PATH) and KRunner's
 * org.kde.krunner1 (at KRUNNER_PATH) under the name BUS_NAME. D-Bus starts
 * it on the first search (the .service file names it); it keeps the index
 * open, catches up with the indexer's commits before each search, reads
 * the last word being typed as the beginning of a word, and exits after
 * --idle-timeout seconds without a call. The names come from meson
 * (launcher/meson.build), which writes the same ones into the .ini, the
 * .service and the KRunner .desktop files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "buf.h"
#include "paths.h"
#include "search.h"
#include "uri.h"

#define LIMIT                  10   /* hits per search: the shells show fewer */
#define SNIPPET_BYTES          120  /* one line of a launcher's list */
#define MAX_SEEN               2000 /* hits remembered for GetResultMetas and Run */
#define ICON                   "text-x-generic"
#define CATEGORY               "Health articles"
#define KRUNNER_POSSIBLE_MATCH 30 /* KRunner's match type "possible match" */

static const char XML[] =
    "<node>"
    "<interface name='org.gnome.Shell.SearchProvider2'>"
    "<method name='GetInitialResultSet'><arg type='as' name='terms' direction='in'/>"
    "<arg type='as' name='results' direction='out'/></method>"
    "<method name='GetSubsearchResultSet'><arg type='as' name='previous_results' "
    "direction='in'/><arg type='as' name='terms' direction='in'/>"
    "<arg type='as' name='results' direction='out'/></method>"
    "<method name='GetResultMetas'><arg type='as' name='identifiers' direction='in'/>"
    "<arg type='aa{sv}' name='metas' direction='out'/></method>"
    "<method name='ActivateResult'><arg type='s' name='identifier' direction='in'/>"
    "<arg type='as' name='terms' direction='in'/>"
    "<arg type='u' name='timestamp' direction='in'/></method>"
    "<method name='LaunchSearch'><arg type='as' name='terms' direction='in'/>"
    "<arg type='u' name='timestamp' direction='in'/></method>"
    "</interface>"
    "<interface name='org.kde.krunner1'>"
    "<method name='Actions'><arg type='a(sss)' name='matches' direction='out'/></method>"
    "<method name='Match'><arg type='s' name='query' direction='in'/>"
    "<arg type='a(sssida{sv})' name='matches' direction='out'/></method>"
    "<method name='Run'><arg type='s' name='matchId' direction='in'/>"
    "<arg type='s' name='actionId' direction='in'/></method>"
    "<method name='Teardown'/>"
    "</interface>"
    "</node>";

/* What the shells show of a passage and where it opens. */
typedef struct {
	char *title, *description, *text, *uri, *file_uri;
	double relevance; /* 0..1 */
} meta;

typedef struct {
	char **dbs; /* NULL-terminated */
	sm_searcher *s;
	GHashTable *seen; /* id -> meta, from the searches so far */
	GMainLoop *loop;
	guint idle_seconds, idle_source;
	int status;
} provider;

static void meta_free(gpointer data)
{
	meta *m = data;
	g_free(m->title);
	g_free(m->description);
	g_free(m->text);
	g_free(m->uri);
	g_free(m->file_uri);
	g_free(m);
}

static char *uri_of(const sm_record *rec, int (*make)(const sm_record *, sm_buf *))
{
	sm_buf b = SM_BUF_INIT;
	char *u = make(rec, &b) == 0 ? g_strdup(b.data) : g_strdup("");
	sm_buf_free(&b);
	return u;
}

/* `description` (snippet or text) is len bytes; D-Bus strings must be UTF-8. */
static meta *meta_new(const sm_record *rec, const char *description, size_t len, double relevance)
{
	meta *m = g_new0(meta, 1);
	m->title = g_utf8_make_valid(rec->title, -1);
	m->description = g_utf8_make_valid(description, (gssize)len);
	g_strdelimit(m->description, "\t\r\n", ' ');
	m->text = g_utf8_make_valid(rec->text, -1);
	m->uri = uri_of(rec, sm_record_uri);
	m->file_uri = uri_of(rec, sm_record_file_uri);
	m->relevance = relevance;
	return m;
}

/* ---- the index --------------------------------------------------------- */

/* Open the index, or catch up with the indexer's latest commit. */
static int ready(provider *p)
{
	char err[1024];
	if (p->s && sm_searcher_reopen(p->s, NULL, err, sizeof err) == 0)
		return 0;
	if (p->s) {
		g_printerr("smsearch-provider: %s\n", err);
		sm_searcher_close(p->s);
		p->s = NULL;
	}
	size_t n = g_strv_length(p->dbs);
	if (sm_searcher_open((const char *const *)p->dbs, n, &p->s, err, sizeof err) < 0) {
		g_printerr("smsearch-provider: %s\n", err);
		return -1;
	}
	return 0;
}

static void remember(provider *p, const char *id, meta *m)
{
	g_hash_table_replace(p->seen, g_strdup(id), m);
}

/* KRunner sorts by relevance, so it must fall with our ranks: the score
 * over the best one's (Xapian's percentage does not follow the re-ranking
 * of the first passages by their articles), at most the one before it
 * (passages held back by the per-section limit come later whatever their
 * score), or 1/rank for scoreless matches (a query of NOT only). */
static double relevance(const sm_results *r, size_t i, double before)
{
	double top = r->hits[0].score;
	double v = top > 0 ? r->hits[i].score / top : 1.0 / (double)(i + 1);
	v = v < 0.01 ? 0.01 : v;
	return v < before ? v : before;
}

/* Ids of the best passages for `query`, best first (NULL-terminated). */
static char **search(provider *p, const char *query)
{
	GPtrArray *ids = g_ptr_array_new();
	sm_search_opts o;
	sm_search_opts_init(&o);
	o.limit = LIMIT;
	o.snippet_bytes = SNIPPET_BYTES;
	o.partial = 1;
	sm_results *r = NULL;
	char err[1024];
	if (g_hash_table_size(p->seen) + LIMIT > MAX_SEEN)
		g_hash_table_remove_all(p->seen);
	if (ready(p) == 0 && sm_search(p->s, query, &o, &r, err, sizeof err) < 0)
		g_printerr("smsearch-provider: %s\n", err);
	double rel = 1;
	for (size_t i = 0; r && i < r->n_hits; i++) {
		const sm_hit *h = &r->hits[i];
		rel = relevance(r, i, rel);
		remember(p, h->rec.id, meta_new(&h->rec, h->snippet.text, h->snippet.len, rel));
		g_ptr_array_add(ids, g_strdup(h->rec.id));
	}
	sm_results_free(r);
	g_ptr_array_add(ids, NULL);
	return (char **)g_ptr_array_free(ids, FALSE);
}

/* The passage `id` from an earlier search, else from the index; NULL
 * (and `error` set) when there is none. */
static const meta *lookup(provider *p, const char *id, GError **error)
{
	meta *m = g_hash_table_lookup(p->seen, id);
	if (m)
		return m;
	sm_record rec;
	char *storage = NULL, err[1024] = "the index cannot be opened";
	int rc = ready(p) == 0 ? sm_searcher_get(p->s, id, &rec, &storage, err, sizeof err) : -1;
	if (rc != 0) {
		g_set_error(error, G_DBUS_ERROR,
		            rc > 0 ? G_DBUS_ERROR_FILE_NOT_FOUND : G_DBUS_ERROR_FAILED, "%s", err);
		return NULL;
	}
	size_t len = strlen(rec.text) < SNIPPET_BYTES ? strlen(rec.text) : SNIPPET_BYTES;
	m = meta_new(&rec, rec.text, len, 0);
	free(storage);
	remember(p, id, m);
	return m;
}

/* ---- opening ----------------------------------------------------------- */

static gboolean open_uri(const char *uri, GError **error)
{
	return g_app_info_launch_default_for_uri(uri, NULL, error);
}

/* The user clicked the provider itself: the search in a terminal. */
static gboolean launch_search(const char *query, GError **error)
{
	char *quoted = g_shell_quote(query);
	char *cmd = g_strdup_printf("%s/smsearch-fzf %s", BINDIR, quoted);
	GAppInfo *app = g_app_info_create_from_commandline(cmd, "SmSearch",
	                                                   G_APP_INFO_CREATE_NEEDS_TERMINAL, error);
	gboolean ok = app && g_app_info_launch(app, NULL, NULL, error);
	if (app)
		g_object_unref(app);
	g_free(cmd);
	g_free(quoted);
	return ok;
}

/* A D-Bus error for err (freed): ours are org.freedesktop.DBus.Error.*,
 * GIO's (no handler for a URI) become ...Error.Failed. */
static void reply_error(GDBusMethodInvocation *inv, GError *err)
{
	if (err->domain == G_DBUS_ERROR) {
		g_dbus_method_invocation_take_error(inv, err);
		return;
	}
	g_dbus_method_invocation_return_error_literal(inv, G_DBUS_ERROR, G_DBUS_ERROR_FAILED,
	                                              err->message);
	g_error_free(err);
}

/* ---- GNOME Shell --------------------------------------------------------- */

static GVariant *gnome_metas(provider *p, const char *const *ids)
{
	GVariantBuilder all;
	g_variant_builder_init(&all, G_VARIANT_TYPE("aa{sv}"));
	GIcon *icon = g_themed_icon_new(ICON);
	GVariant *icon_v = g_variant_take_ref(g_icon_serialize(icon));
	for (size_t i = 0; ids[i]; i++) {
		const meta *m = lookup(p, ids[i], NULL);
		if (!m)
			continue; /* the shell drops ids without metas */
		GVariantBuilder one;
		g_variant_builder_init(&one, G_VARIANT_TYPE("a{sv}"));
		g_variant_builder_add(&one, "{sv}", "id", g_variant_new_string(ids[i]));
		g_variant_builder_add(&one, "{sv}", "name", g_variant_new_string(m->title));
		g_variant_builder_add(&one, "{sv}", "description",
		                      g_variant_new_string(m->description));
		g_variant_builder_add(&one, "{sv}", "icon", icon_v);
		g_variant_builder_add(&one, "{sv}", "clipboardText", g_variant_new_string(m->text));
		g_variant_builder_add_value(&all, g_variant_builder_end(&one));
	}
	g_variant_unref(icon_v);
	g_object_unref(icon);
	return g_variant_new("(aa{sv})", &all);
}

static void gnome_call(provider *p, const char *method, GVariant *params,
                       GDBusMethodInvocation *inv)
{
	GError *err = NULL;
	if (strcmp(method, "GetInitialResultSet") == 0 ||
	    strcmp(method, "GetSubsearchResultSet") == 0) {
		/* A sub-search (the user typed on) searches again: a list
		 * narrowed from the previous top hits would miss the passages
		 * that only the longer question ranks high. */
		g_autofree const char **prev = NULL;
		g_autofree const char **terms = NULL;
		if (method[3] == 'S')
			g_variant_get(params, "(^a&s^a&s)", &prev, &terms);
		else
			g_variant_get(params, "(^a&s)", &terms);
		g_autofree char *query = g_strjoinv(" ", (char **)terms);
		char **ids = search(p, query);
		g_dbus_method_invocation_return_value(inv, g_variant_new("(^as)", ids));
		g_strfreev(ids);
	} else if (strcmp(method, "GetResultMetas") == 0) {
		g_autofree const char **ids = NULL;
		g_variant_get(params, "(^a&s)", &ids);
		g_dbus_method_invocation_return_value(inv, gnome_metas(p, ids));
	} else if (strcmp(method, "ActivateResult") == 0) {
		const char *id;
		g_variant_get(params, "(&sasu)", &id, NULL, NULL);
		const meta *m = lookup(p, id, &err);
		if (m && open_uri(m->uri, &err))
			g_dbus_method_invocation_return_value(inv, NULL);
	} else { /* LaunchSearch */
		g_autofree const char **terms = NULL;
		g_variant_get(params, "(^a&su)", &terms, NULL);
		g_autofree char *query = g_strjoinv(" ", (char **)terms);
		if (launch_search(query, &err))
			g_dbus_method_invocation_return_value(inv, NULL);
	}
	if (err)
		reply_error(inv, err);
}

/* ---- KRunner ------------------------------------------------------------- */

static GVariant *krunner_matches(provider *p, const char *query)
{
	GVariantBuilder all;
	g_variant_builder_init(&all, G_VARIANT_TYPE("a(sssida{sv})"));
	char **ids = search(p, query);
	for (size_t i = 0; ids[i]; i++) {
		const meta *m = g_hash_table_lookup(p->seen, ids[i]);
		const char *uris[] = {m->uri, NULL};
		const char *file_action[] = {"file", NULL}, *none[] = {NULL};
		int web = strcmp(m->uri, m->file_uri) != 0;
		GVariantBuilder props;
		g_variant_builder_init(&props, G_VARIANT_TYPE("a{sv}"));
		g_variant_builder_add(&props, "{sv}", "subtext",
		                      g_variant_new_string(m->description));
		g_variant_builder_add(&props, "{sv}", "category", g_variant_new_string(CATEGORY));
		g_variant_builder_add(&props, "{sv}", "urls", g_variant_new_strv(uris, -1));
		g_variant_builder_add(&props, "{sv}", "actions",
		                      g_variant_new_strv(web ? file_action : none, -1));
		g_variant_builder_add(&all, "(sssida{sv})", ids[i], m->title, ICON,
		                      KRUNNER_POSSIBLE_MATCH, m->relevance, &props);
	}
	g_strfreev(ids);
	return g_variant_new("(a(sssida{sv}))", &all);
}

static void krunner_call(provider *p, const char *method, GVariant *params,
                         GDBusMethodInvocation *inv)
{
	GError *err = NULL;
	if (strcmp(method, "Match") == 0) {
		const char *query;
		g_variant_get(params, "(&s)", &query);
		g_dbus_method_invocation_return_value(inv, krunner_matches(p, query));
	} else if (strcmp(method, "Actions") == 0) {
		/* The one action besides the default: a passage of a web
		 * article also opens as its source file. */
		g_dbus_method_invocation_return_value(
		    inv, g_variant_new_parsed("([('file', 'Open the source file', "
		                              "'document-open')],)"));
	} else if (strcmp(method, "Run") == 0) {
		const char *id, *action;
		g_variant_get(params, "(&s&s)", &id, &action);
		const meta *m = lookup(p, id, &err);
		if (m && open_uri(strcmp(action, "file") == 0 ? m->file_uri : m->uri, &err))
			g_dbus_method_invocation_return_value(inv, NULL);
	} else { /* Teardown */
		g_dbus_method_invocation_return_value(inv, NULL);
	}
	if (err)
		reply_error(inv, err);
}

/* ---- the service ----------------------------------------------------------- */

static gboolean on_idle(gpointer data)
{
	provider *p = data;
	p->idle_source = 0;
	g_main_loop_quit(p->loop);
	return G_SOURCE_REMOVE;
}

static void restart_idle_timer(provider *p)
{
	if (p->idle_source)
		g_source_remove(p->idle_source);
	p->idle_source = p->idle_seconds ? g_timeout_add_seconds(p->idle_seconds, on_idle, p) : 0;
}

static void on_call(GDBusConnection *bus, const char *sender, const char *path, const char *iface,
                    const char *method, GVariant *params, GDBusMethodInvocation *inv, gpointer data)
{
	provider *p = data;
	if (strcmp(iface, "org.kde.krunner1") == 0)
		krunner_call(p, method, params, inv);
	else
		gnome_call(p, method, params, inv);
	restart_idle_timer(p);
}

static const GDBusInterfaceVTable vtable = {.method_call = on_call};

static void on_bus(GDBusConnection *bus, const char *name, gpointer data)
{
	provider *p = data;
	GError *err = NULL;
	GDBusNodeInfo *node = g_dbus_node_info_new_for_xml(XML, &err);
	const char *paths[] = {GNOME_PATH, KRUNNER_PATH};
	for (int i = 0; node && i < 2; i++)
		if (!g_dbus_connection_register_object(bus, paths[i], node->interfaces[i], &vtable,
		                                       p, NULL, &err))
			break;
	if (err) {
		g_printerr("smsearch-provider: %s\n", err->message);
		g_error_free(err);
		p->status = 2;
		g_main_loop_quit(p->loop);
	}
	if (node)
		g_dbus_node_info_unref(node);
}

static void on_name_lost(GDBusConnection *bus, const char *name, gpointer data)
{
	provider *p = data;
	if (bus) { /* else the bus went away: nothing left to serve */
		g_printerr("smsearch-provider: cannot own %s on the session bus "
		           "(another one runs?)\n",
		           name);
		p->status = 1;
	}
	g_main_loop_quit(p->loop);
}

static int parse_options(int argc, char **argv, provider *p)
{
	gboolean version = FALSE;
	int idle = 30;
	GOptionEntry entries[] = {
	    {"db", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &p->dbs,
	     "Index to search (repeat to search several; default $SMSEARCH_DB, else "
	     "$XDG_DATA_HOME/smsearch/db)",
	     "DIR"},
	    {"idle-timeout", 0, 0, G_OPTION_ARG_INT, &idle,
	     "Exit after SECONDS without a call (default 30; 0 = never)", "SECONDS"},
	    {"version", 0, 0, G_OPTION_ARG_NONE, &version, "Show the version", NULL},
	    {0},
	};
	GError *err = NULL;
	GOptionContext *ctx = g_option_context_new(NULL);
	g_option_context_set_summary(ctx, "Serve smsearch to GNOME Shell and KRunner on the "
	                                  "session bus as " BUS_NAME ".");
	g_option_context_add_main_entries(ctx, entries, NULL);
	gboolean ok = g_option_context_parse(ctx, &argc, &argv, &err);
	g_option_context_free(ctx);
	if (!ok || argc > 1 || idle < 0) {
		g_printerr("smsearch-provider: %s (see smsearch-provider --help)\n",
		           err        ? err->message
		           : argc > 1 ? "no arguments expected"
		                      : "--idle-timeout must be 0 or more");
		g_clear_error(&err);
		return 2;
	}
	if (version) {
		printf("smsearch-provider %s (%s on %s and %s)\n", SMSEARCH_VERSION, BUS_NAME,
		       GNOME_PATH, KRUNNER_PATH);
		return 0;
	}
	p->idle_seconds = (guint)idle;
	return -1;
}

static int default_db(provider *p)
{
	sm_buf def = SM_BUF_INIT;
	if (sm_default_db(&def) < 0) {
		g_printerr("smsearch-provider: no index given and neither SMSEARCH_DB nor HOME "
		           "is set\n");
		return 2;
	}
	p->dbs = g_new0(char *, 2);
	p->dbs[0] = g_strdup(def.data);
	sm_buf_free(&def);
	return -1;
}

int main(int argc, char **argv)
{
	provider p = {0};
	int rc = parse_options(argc, argv, &p);
	if (rc < 0 && !p.dbs)
		rc = default_db(&p);
	if (rc >= 0) {
		g_strfreev(p.dbs);
		return rc;
	}
	p.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, meta_free);
	p.loop = g_main_loop_new(NULL, FALSE);
	ready(&p); /* early, so the first search is quick; retried on each call */
	guint owner = g_bus_own_name(G_BUS_TYPE_SESSION, BUS_NAME, G_BUS_NAME_OWNER_FLAGS_NONE,
	                             on_bus, NULL, on_name_lost, &p, NULL);
	restart_idle_timer(&p);
	g_main_loop_run(p.loop);
	g_bus_unown_name(owner);
	if (p.idle_source)
		g_source_remove(p.idle_source);
	g_main_loop_unref(p.loop);
	g_hash_table_destroy(p.seen);
	sm_searcher_close(p.s);
	g_strfreev(p.dbs);
	return p.status;
}
