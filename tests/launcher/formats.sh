#!/usr/bin/env bash
# Golden tests of smsearch's launcher formats on tests/launcher/fixtures,
# and the checks each launcher's protocol needs.
# Usage: formats.sh BUILD_DIR SOURCE_DIR  (UPDATE=1 rewrites the golden files)
set -u
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
. "$src/tests/cli/lib.sh"
smsearch=$build/query/smsearch
here=$src/tests/launcher
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SMSEARCH_DB=$tmp/db NO_COLOR=
"$build/indexer/smindex" -q "$here/fixtures" || { not_ok "index the fixtures"; done_testing; exit; }
fixtures_uri=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="/-._~"))' "$here/fixtures")

# run FORMAT: the format's answers to the golden questions, the fixture
# folder written as @FIXTURES@, NUL and \x1f as ^@ and ^_ (cat -v).
run() {
	local q
	for q in melatonin "diaphragm muscle" purines "allopurinol daily" zzzz; do
		printf '== %s (exit ' "$q"
		"$smsearch" --format="$1" -- "$q" >"$tmp/out" 2>"$tmp/err"
		printf '%s)\n' $?
		cat -v "$tmp/out" "$tmp/err"
	done | sed -e "s|$fixtures_uri|@FIXTURES@|g" -e "s|$here/fixtures|@FIXTURES@|g"
}

for fmt in tsv dmenu rofi fzf alfred flow; do
	golden=$here/golden/$fmt
	run "$fmt" >"$tmp/$fmt"
	[ "${UPDATE:-}" = 1 ] && cp "$tmp/$fmt" "$golden"
	if diff -u "$golden" "$tmp/$fmt" >"$tmp/diff"; then
		ok "--format=$fmt matches golden/$fmt"
	else
		not_ok "--format=$fmt differs from golden/$fmt" "$(cat "$tmp/diff")"
	fi
done

# --json is --format=json.
a=$("$smsearch" --json melatonin) b=$("$smsearch" --format=json melatonin)
[ -n "$a" ] && [ "$a" = "$b" ] && ok "--format=json is --json" || not_ok "--format=json differs from --json"
expect_rc 2 "an unknown format is a usage error" "$smsearch" --format=xml melatonin
contains "$out" "smsearch: unknown format 'xml'" "the error names the format"

# Protocol checks over several hits.
out=$("$smsearch" --format=tsv -n 20 --per-article 0 the)
bad=$(printf '%s\n' "$out" | awk -F'\t' 'NF != 4' | wc -l)
n=$(printf '%s\n' "$out" | wc -l)
[ "$n" -ge 5 ] && [ "$bad" = 0 ] && ok "tsv: $n lines of 4 fields" || not_ok "tsv: $bad of $n lines without 4 fields" "$out"
ids=$(printf '%s\n' "$out" | cut -f1)
rofi_ids=$("$smsearch" --format=rofi -n 20 --per-article 0 the | python3 -c '
import sys
for row in sys.stdin.buffer.read().split(b"\n"):
    if b"\0info\x1f" in row:
        print(row.split(b"\0", 1)[1].split(b"\x1f")[1].decode())')
[ "$ids" = "$rofi_ids" ] && ok "rofi: each row's info is its passage id, in order" || not_ok "rofi ids" "$rofi_ids"
ranks=$("$smsearch" --format=dmenu -n 20 --per-article 0 the | sed 's/\. .*//' | tr '\n' ' ')
[ "$ranks" = "$(seq -s ' ' 1 "$n") " ] && ok "dmenu: lines start with their rank" || not_ok "dmenu ranks: $ranks"
ranks=$("$smsearch" --format=dmenu -n 3 --offset 2 --per-article 0 the | sed 's/\. .*//' | tr '\n' ' ')
[ "$ranks" = "3 4 5 " ] && ok "dmenu: ranks count the offset" || not_ok "dmenu ranks with --offset: $ranks"
for fmt in alfred flow; do
	"$smsearch" --format=$fmt -n 20 --per-article 0 the >"$tmp/j"
	check "$fmt: valid JSON" python3 -m json.tool "$tmp/j"
done
"$smsearch" --format=alfred -n 20 --per-article 0 the >"$tmp/alfred.json"
check "alfred: every item has uid = arg, title, subtitle, a URI" python3 -c '
import json, sys
items = json.load(open(sys.argv[1]))["items"]
assert len(items) >= 5, items
for i in items:
    assert i["uid"] == i["arg"] and i["title"] and i["subtitle"] and i["valid"] is True, i
    assert i["quicklookurl"].startswith(("file:///", "https://")), i' "$tmp/alfred.json"
"$smsearch" --format=flow -n 20 --per-article 0 the >"$tmp/flow.json"
check "flow: every result opens its id through the plugin, scores fall" python3 -c '
import json, sys
res = json.load(open(sys.argv[1]))["result"]
assert len(res) >= 5, res
for r in res:
    assert r["JsonRPCAction"] == {"method": "open", "parameters": r["ContextData"], "dontHideAfterAction": False}, r
scores = [r["Score"] for r in res]
assert scores == sorted(scores, reverse=True) and 0 < scores[-1] < 1000, scores' "$tmp/flow.json"

# Fields that hold tabs or newlines stay on their line.
printf '{"id": "T1", "title": "Tab\\there", "text": "Tab\\there\\n\\nLine one\\tand\\ttabs\\nline two of the passage"}\n' >"$tmp/tabs.jsonl"
"$build/indexer/smindex" -q "$tmp/tabs.jsonl"
out=$("$smsearch" --format=tsv passage)
[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && [ "$(printf '%s' "$out" | awk -F'\t' '{print NF}')" = 4 ] &&
	ok "tsv: tabs and newlines in a passage are blanked" || not_ok "tsv with tabs" "$(printf '%s' "$out" | cat -A)"
done_testing
