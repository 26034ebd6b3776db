#!/usr/bin/env bash
# provider-latency.sh - how long smsearch-provider takes per call while a
# question is typed: every prefix (2 characters and more) of each question
# of tests/quality/questions.tsv goes to GetInitialResultSet, then
# GetResultMetas for the first 5 ids (what GNOME Shell does on a keystroke),
# and to KRunner's Match. A small GDBus client (compiled here) times each
# call from request to reply on a private session bus; the index is the
# bundled corpus, or the articles given (e.g. a JSONL corpus).
# Usage: bench/provider-latency.sh [BUILD_DIR [ARTICLES...]]  (default build/, corpus/)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
[ $# -gt 1 ] && shift && articles=("$@") || articles=(corpus)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SMSEARCH_DB=$tmp/db

"$build/indexer/smindex" -q "${articles[@]}"
grep -v '^#' tests/quality/questions.tsv | cut -f1 |
	awk '{ for (i = 2; i <= length($0); i++) print substr($0, 1, i) }' >"$tmp/prefixes"

cat >"$tmp/client.c" <<'C'
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#define BUS "org.smsearch.SmSearch.SearchProvider"
static GDBusConnection *bus;
static GVariant *call(const char *path, const char *iface, const char *method, GVariant *args,
		      const char *label)
{
	gint64 t0 = g_get_monotonic_time();
	GError *err = NULL;
	GVariant *r = g_dbus_connection_call_sync(bus, BUS, path, iface, method, args, NULL,
						  G_DBUS_CALL_FLAGS_NONE, -1, NULL, &err);
	printf("%s %.3f\n", label, (g_get_monotonic_time() - t0) / 1000.0);
	if (!r)
		g_error("%s: %s", method, err->message);
	return r;
}
int main(void)
{
	bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, NULL);
	char line[4096];
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = 0;
		char **terms = g_strsplit_set(line, " ", -1);
		GPtrArray *t = g_ptr_array_new();
		for (char **p = terms; *p; p++)
			if (**p)
				g_ptr_array_add(t, *p);
		g_ptr_array_add(t, NULL);
		GVariant *ids = call("/org/smsearch/SmSearch/SearchProvider", "org.gnome.Shell.SearchProvider2",
			   "GetInitialResultSet", g_variant_new("(^as)", (char **)t->pdata), "initial");
		const char **v = NULL;
		g_variant_get(ids, "(^a&s)", &v);
		if (g_strv_length((char **)v) > 5)
			v[5] = NULL;
		GVariant *m = call("/org/smsearch/SmSearch/SearchProvider",
				   "org.gnome.Shell.SearchProvider2", "GetResultMetas",
				   g_variant_new("(^as)", v), "metas");
		g_variant_unref(m);
		g_free(v);
		g_variant_unref(ids);
		m = call("/org/smsearch/SmSearch/KRunner", "org.kde.krunner1", "Match",
			 g_variant_new("(s)", line), "match");
		g_variant_unref(m);
		g_ptr_array_free(t, TRUE);
		g_strfreev(terms);
	}
	return 0;
}
C
cc -O2 -o "$tmp/client" "$tmp/client.c" $(pkg-config --cflags --libs gio-2.0)

dbus-run-session -- bash -c '
	"$1/launcher/smsearch-provider" --idle-timeout 0 & p=$!
	gdbus wait --session --timeout 10 org.smsearch.SmSearch.SearchProvider
	"$2/client" <"$2/prefixes" >"$2/times"
	kill $p' _ "$build" "$tmp" 2>/dev/null

passages=$(xapian-delve "$SMSEARCH_DB" 2>/dev/null | sed -n 's/^number of documents = //p')
python3 - "$tmp/times" "$(wc -l <"$tmp/prefixes")" "$passages" <<'PY'
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    k, v = line.split()
    times.setdefault(k, []).append(float(v))
print(f"{sys.argv[2]} typed prefixes of the questions in tests/quality/questions.tsv, "
      f"{sys.argv[3]} passages")
for k, name in (("initial", "GNOME GetInitialResultSet"), ("metas", "GNOME GetResultMetas (5 ids)"),
                ("match", "KRunner Match")):
    v = sorted(times[k])
    p99 = v[min(len(v) - 1, int(round(0.99 * (len(v) - 1))))]
    print(f"{name:30} calls {len(v):5}  median {statistics.median(v):6.2f} ms  "
          f"p99 {p99:6.2f} ms  max {v[-1]:6.2f} ms")
PY
