#!/usr/bin/env bash
# smsearch-provider on a private session bus, called the way GNOME Shell and
# KRunner call it, started by D-Bus from the names in its .ini and .service.
# Usage: provider.sh BUILD_DIR SOURCE_DIR   (runs itself under dbus-run-session)
set -u
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
here=$src/tests/launcher
. "$src/tests/cli/lib.sh"
. "$here/lib.sh"
launcher=$build/launcher

if [ -z "${IN_PRIVATE_BUS:-}" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	export TMP=$tmp SMSEARCH_DB=$tmp/db NO_COLOR= IN_PRIVATE_BUS=1
	unset DISPLAY WAYLAND_DISPLAY
	cp "$here/fixtures/"* "$tmp/"
	# Two articles whose passages the article context re-ranks (as in
	# tests/cli/search.sh): Xapian's order, and percentages (50, 24, 18),
	# are attack#0, faint#0, attack#1.
	cat >"$tmp/stroke.jsonl" <<'JSON'
{"id":"attack","title":"Brain attack","text":"A stroke is a brain attack: its diagnosis is urgent, as a stroke can leave lasting harm.\n\nThe doctor confirms the diagnosis with a scan.\n\nMost people go home within a week."}
{"id":"faint","title":"Fainting","text":"Fainting is brief; a diagnosis is made at the clinic, a diagnosis of fainting."}
JSON
	"$build/indexer/smindex" -q "$src/corpus" "$tmp/sleep.txt" "$tmp/web.jsonl" "$tmp/stroke.jsonl"
	# The environment of the bus is the provider's: the fake default
	# handler, the index, and a fake terminal (xterm) for LaunchSearch.
	fake_handler "$tmp/h"
	mkdir -p "$tmp/bin" "$XDG_DATA_HOME/dbus-1/services"
	printf '#!/bin/sh\nprintf "%%s\\n" "$@" >>"%s/terminal"\n' "$tmp" >"$tmp/bin/xterm"
	chmod +x "$tmp/bin/xterm"
	export PATH=$tmp/bin:$PATH
	for f in "$launcher"/test-*.service; do
		cp "$f" "$XDG_DATA_HOME/dbus-1/services/${f##*/test-}"
	done
	exec 3>&1
	timeout 120 dbus-run-session -- bash "$0" "$@" 2>"$tmp/bus.log"
	rc=$?
	[ $rc -eq 0 ] || sed 's/^/# bus: /' "$tmp/bus.log" | grep -v 'fd limit' | head -20
	exit $rc
fi
tmp=$TMP
smsearch=$build/query/smsearch
# The names as the GNOME .ini gives them.
ini=$launcher/test-org.smsearch.SmSearch.search-provider.ini
key() { sed -n "s/^$1=//p" "$2"; }
bus=$(key BusName "$ini") path=$(key ObjectPath "$ini")
kpath=$(key X-Plasma-DBusRunner-Path "$launcher/test-krunner-org.smsearch.SmSearch.desktop")
G="org.gnome.Shell.SearchProvider2" K="org.kde.krunner1"
gnome() { gdbus call --session --dest "$bus" --object-path "$path" --method "$G.$1" "${@:2}"; }
krunner() { gdbus call --session --dest "$bus" --object-path "$kpath" --method "$K.$1" "${@:2}"; }
# is DESCRIPTION EXPR: the last reply (in $reply) makes the Python EXPR true.
is() {
	local why
	if why=$(printf '%s' "$reply" | python3 "$here/gvariant.py" "$2") && [ "$why" = True ]; then
		ok "$1"
	else
		not_ok "$1" "$why"
	fi
}

# --- GNOME Shell -------------------------------------------------------------
reply=$(gnome GetInitialResultSet "['radiation']" 2>&1)
is "D-Bus starts the provider from the .service named by the .ini's BusName" "isinstance(v[0], list)"
is "GetInitialResultSet ['radiation'] returns passage ids" "len(v[0]) >= 5 and all('#' in i for i in v[0])"
radiation=$reply
ids=$(printf '%s' "$reply" | python3 "$here/gvariant.py" "' '.join(v[0])")
tsv_ids=$("$smsearch" --format=tsv --partial radiation | cut -f1 | tr '\n' ' ')
[ "$ids " = "$tsv_ids" ] && ok "... the ones smsearch --partial ranks first, in its order" ||
	not_ok "provider ids: $ids, smsearch: $tsv_ids"

list=$(printf '%s' "$reply" | python3 "$here/gvariant.py" "str(v[0][:4])")
reply=$(gnome GetResultMetas "$list" 2>&1)
is "GetResultMetas: one meta for each id, in order" "[m['id'] for m in v[0]] == $list"
is "... each with a name (the title) and a description (the snippet)" \
	"all(m['name'].startswith('New Advances') and 'adiation' in m['description'] for m in v[0])"
is "... and a themed icon" "all(m['icon'] == ('themed', ['text-x-generic', 'text-x-generic-symbolic']) for m in v[0])"
reply=$(gnome GetResultMetas "['sleep#5']" 2>&1)
is "GetResultMetas of a passage not found by a search reads it from the index" \
	"v[0][0]['name'] == 'Sleep After Surgery' and v[0][0]['description'].startswith('Melatonin can help')"

reply=$(gnome GetInitialResultSet "['kyphopl']" 2>&1)
is "the word being typed counts as a prefix: 'kyphopl' finds kyphoplasty" \
	"len(v[0]) > 0 and v[0][0] == '000_e58aad88b0507f9e#17'"
reply=$(gnome GetResultMetas "['000_e58aad88b0507f9e#17']" 2>&1)
is "... whose passage says kyphoplasty" "'yphoplasty' in v[0][0]['clipboardText']"
expect_rc 1 "(smsearch without --partial finds nothing for 'kyphopl')" "$smsearch" --no-correct kyphopl
reply=$(gnome GetInitialResultSet "['melat']" 2>&1)
is "'melat' finds the melatonin passage" "v[0] == ['sleep#5']"

prev=$(printf '%s' "$radiation" | python3 "$here/gvariant.py" "str(v[0])")
reply=$(gnome GetSubsearchResultSet "$prev" "['radiation', 'kyphoplasty']" 2>&1)
is "GetSubsearchResultSet refines: radiation + kyphoplasty puts the kyphoplasty passage first" \
	"v[0][0] == '000_e58aad88b0507f9e#17' and v[0] != $prev"
reply=$(gnome GetSubsearchResultSet "['sleep#5']" "['melatonin', 'sedat']" 2>&1)
is "GetSubsearchResultSet narrows 'melatonin' to the passage that also says 'sedat...'" "v[0] == ['sleep#5']"

: >"$tmp/h/opened"
first=$(printf '%s' "$radiation" | python3 "$here/gvariant.py" "v[0][0]")
want=$("$smsearch" --format=tsv -n 1 radiation | cut -f4)
reply=$(gnome ActivateResult "$first" "['radiation']" 0 2>&1)
got=$(opened "$tmp/h")
[ -n "$want" ] && [ "$got" = "$want" ] && ok "ActivateResult hands the passage's URI to the default handler ($want)" ||
	not_ok "ActivateResult" "handler got '$got', wanted '$want'; reply: $reply"
reply=$(gnome ActivateResult "nothing#1" "['x']" 0 2>&1) && rc=0 || rc=$?
[ $rc -ne 0 ] && contains "$reply" "no passage 'nothing#1'" "ActivateResult of an unknown id is an error" ||
	not_ok "ActivateResult of an unknown id: $reply"
reply=$(gnome LaunchSearch "['radiation', 'side']" 0 2>&1)
wait_for "$tmp/terminal"
args=$(tail -n 2 "$tmp/terminal" 2>/dev/null | tr '\n' '|')
case $args in
*/smsearch-fzf\|"radiation side|") ok "LaunchSearch runs smsearch-fzf with the terms in a terminal" ;;
*) not_ok "LaunchSearch" "the terminal got: $(cat "$tmp/terminal" 2>/dev/null)" ;;
esac

# --- KRunner ---------------------------------------------------------------------
reply=$(krunner Match "radiation side" 2>&1)
is "Match returns matches (id, title, icon, type, relevance, properties)" \
	"len(v[0]) >= 5 and all(len(m) == 6 and '#' in m[0] and m[2] == 'text-x-generic' for m in v[0])"
is "... with relevance in (0, 1], best first" \
	"all(0 < m[4] <= 1 for m in v[0]) and [m[4] for m in v[0]] == sorted([m[4] for m in v[0]], reverse=True)"
is "... subtext, category and the passage's URI" \
	"all(m[5]['subtext'] and m[5]['category'] == 'Health articles' and m[5]['urls'][0].startswith('file:///') and '#L' in m[5]['urls'][0] for m in v[0])"
reply=$(krunner Match "stroke diagnosis" 2>&1)
is "... in our order when the article context re-ranks" \
	"[m[0] for m in v[0]][:3] == ['attack#0', 'attack#1', 'faint#0'] and [m[4] for m in v[0]] == sorted([m[4] for m in v[0]], reverse=True)"
reply=$(krunner Match "diaphragm" 2>&1)
is "a web passage offers the 'file' action" "v[0][0][0] == 'W1#0' and v[0][0][5]['actions'] == ['file']"
reply=$(krunner Actions 2>&1)
is "Actions lists 'file'" "v == ([('file', 'Open the source file', 'document-open')],)"
: >"$tmp/h/opened"
krunner Run "W1#0" "" >/dev/null 2>&1
got=$(opened "$tmp/h")
[ "$got" = "https://example.org/hiccups#:~:text=Hiccups%20are%20sudden%20contractions%20of%20the" ] &&
	ok "Run opens the web address at the passage" || not_ok "Run" "handler got: $got"
: >"$tmp/h/opened"
krunner Run "W1#0" "file" >/dev/null 2>&1
got=$(opened "$tmp/h")
[ "$got" = "file://$tmp/web.jsonl#L1" ] && ok "Run with the 'file' action opens the source file" ||
	not_ok "Run file" "handler got: $got"
reply=$(krunner Teardown 2>&1)
is "Teardown answers" "v == ()"

# --- the index changes under it ----------------------------------------------------
pid() { gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
	--method org.freedesktop.DBus.GetConnectionUnixProcessID "$bus" | python3 "$here/gvariant.py" 'v[0]'; }
before=$(pid)
printf 'Zinc Lozenges\n\nZinc lozenges may shorten a cold by a day or two.\n' >"$tmp/zinc.txt"
"$build/indexer/smindex" -q "$tmp/zinc.txt"
reply=$(gnome GetInitialResultSet "['lozenges']" 2>&1)
is "a search sees what the indexer committed since the provider started" "v[0] == ['zinc#0']"
[ "$(pid)" = "$before" ] && ok "... without a restart" || not_ok "the provider was restarted"

# --- its life ---------------------------------------------------------------------
"$launcher/smsearch-provider" 2>"$tmp/second.err" && rc=0 || rc=$?
[ $rc -eq 1 ] && contains "$(cat "$tmp/second.err")" "cannot own $bus" "a second provider exits 1: the name is taken" ||
	not_ok "second provider: exit $rc" "$(cat "$tmp/second.err")"
kill "$before"
for i in $(seq 50); do kill -0 "$before" 2>/dev/null || break; sleep 0.1; done
"$launcher/smsearch-provider" --idle-timeout 1 &
p=$!
gdbus wait --session --timeout 5 "$bus"
reply=$(gnome GetInitialResultSet "['zinc']" 2>&1)
is "a provider started by hand answers" "v[0] == ['zinc#0']"
start=$(date +%s)
wait $p
rc=$?
took=$(($(date +%s) - start))
[ $rc -eq 0 ] && [ $took -le 3 ] && ok "it exits (status 0) after --idle-timeout 1 without a call" ||
	not_ok "idle exit: status $rc after $took s"
version=$("$launcher/smsearch-provider" --version)
contains "$version" "$bus on $path and $kpath" "--version names the bus name and paths of the .ini and KRunner file"
expect_rc 2 "an unknown option is an error" "$launcher/smsearch-provider" --bogus
done_testing
