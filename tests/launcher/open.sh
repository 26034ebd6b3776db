#!/usr/bin/env bash
# smsearch --show and --open, and smsearch-open, with a fake default
# handler in place of the desktop's.
# Usage: open.sh BUILD_DIR SOURCE_DIR
set -u
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
. "$src/tests/cli/lib.sh"
. "$src/tests/launcher/lib.sh"
smsearch=$build/query/smsearch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SMSEARCH_DB=$tmp/db NO_COLOR=
unset DISPLAY WAYLAND_DISPLAY
cp "$src/tests/launcher/fixtures/"* "$tmp/"
"$build/indexer/smindex" -q "$tmp/sleep.txt" "$tmp/web.jsonl"

# --- --show ------------------------------------------------------------------
out=$("$smsearch" --show 'sleep#5')
first=$(printf '%s\n' "$out" | sed -n 1p)
[ "$first" = "$tmp/sleep.txt:11" ] && ok "--show heads the article with path:line" || not_ok "--show header: $first"
marked=$(printf '%s\n' "$out" | grep '^> ')
[ "$marked" = "> Melatonin can help some patients; ask the surgeon before taking it, because it may interact with sedatives. Melatonin is sold without a prescription in some countries." ] &&
	ok "--show marks the passage's line" || not_ok "--show marks" "$out"
contains "$out" "  Sleep After Surgery" "--show prints the rest of the article, unmarked"
contains "$out" "  • Earplugs and an eye mask" "--show keeps the article's own text (bullets)"
out=$("$smsearch" --show 'W1#0')
contains "$out" "> Hiccups are sudden contractions" "--show marks a JSON Lines passage"
contains "$out" "  Reflux of stomach acid" "--show prints the JSON Lines article around it"
expect_rc 1 "--show of an unknown id exits 1" "$smsearch" --show 'sleep#99'
out=$("$smsearch" --show 'sleep#99' 2>&1)
[ "$out" = "smsearch: no passage 'sleep#99' in the index" ] && ok "--show names the unknown id" || not_ok "unknown id: $out"
expect_rc 2 "--show with a query is a usage error" "$smsearch" --show 'sleep#5' melatonin

# On a terminal (script(1) gives one): through the pager, with bold.
out=$(timeout 10 script -qec "PAGER='sed s/^/paged:/' NO_COLOR=1 $smsearch --show 'sleep#5'" /dev/null | tr -d '\r')
contains "$out" "paged:> Melatonin can help" "--show on a terminal goes through \$PAGER"
out=$(timeout 10 script -qec "PAGER=cat $smsearch --show 'sleep#5'" /dev/null | tr -d '\r')
contains "$out" $'\033[1m> Melatonin can help' "--show on a terminal marks the passage in bold"
# Without $PAGER, less: it quits at once when the article fits the screen
# (LESS=FRX), else opens at the passage.
start=$(date +%s)
out=$(timeout 10 script -qec "stty rows 40 cols 200; env -u LESS PAGER= TERM=xterm NO_COLOR=1 $smsearch --show 'sleep#5'" /dev/null | tr -d '\r')
took=$(($(date +%s) - start))
contains "$out" "> Melatonin can help" "--show on a terminal without \$PAGER runs less"
[ $took -le 3 ] && ok "... which quits at once when the article fits the screen" || not_ok "less waited $took s"
"$build/indexer/smindex" -q "$src/corpus"
out=$( (sleep 1; printf q) | timeout 10 script -qec "stty rows 20 cols 200; env -u LESS PAGER= TERM=xterm NO_COLOR=1 $smsearch --show '000_e58aad88b0507f9e#53'" /dev/null |
	sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tr -d '\r')
contains "$out" "> One of the most common long-term side effects" "less opens a long article at the passage"
lacks "$out" "New Advances In The Treatment" "... not at its title"

sed -i 's/^Melatonin can help/Melatonin may help/' "$tmp/sleep.txt"
out=$("$smsearch" --show 'sleep#5')
contains "$out" "no longer holds this passage" "--show says when the file changed"
contains "$out" "> Melatonin can help" "... and shows the passage as indexed"
cp "$src/tests/launcher/fixtures/sleep.txt" "$tmp/sleep.txt"

# --- --open ---------------------------------------------------------------------
fake_handler "$tmp/h"
out=$("$smsearch" --open 'sleep#5')
contains "$out" "> Melatonin can help" "--open without a display shows the passage"
[ ! -s "$tmp/h/opened" ] && ok "... and opens nothing" || not_ok "--open opened without a display"

DISPLAY=:77 PATH="$build/launcher:$PATH" "$smsearch" --open 'sleep#5'
got=$(opened "$tmp/h")
[ "$got" = "file://$tmp/sleep.txt#L11" ] && ok "--open hands file://PATH#LINE to the default handler" ||
	not_ok "--open of a file passage" "handler got: $got"
: >"$tmp/h/opened"
WAYLAND_DISPLAY=wayland-7 PATH="$build/launcher:$PATH" "$smsearch" --open 'W1#1'
got=$(opened "$tmp/h")
[ "$got" = "https://example.org/hiccups#:~:text=Reflux%20of%20stomach%20acid%20can%20trigger" ] &&
	ok "--open hands the web address at the passage's words" || not_ok "--open of a web passage" "handler got: $got"
: >"$tmp/h/opened"
out=$(DISPLAY=:77 PATH=/usr/bin:/bin "$smsearch" --open 'sleep#5' 2>"$tmp/err")
contains "$(cat "$tmp/err")" "cannot run smsearch-open" "--open without smsearch-open says so"
contains "$out" "> Melatonin can help" "... and shows the passage"

# --- smsearch-open ----------------------------------------------------------------
expect_rc 2 "smsearch-open without a URI is a usage error" "$build/launcher/smsearch-open"
expect_rc 2 "smsearch-open of a missing file fails" "$build/launcher/smsearch-open" "file://$tmp/nothing.txt"
contains "$out" "smsearch-open: cannot open file://$tmp/nothing.txt" "... with a one-line message"
check "smsearch-open of a web address" "$build/launcher/smsearch-open" "https://example.org/x#y"
got=$(opened "$tmp/h")
[ "$got" = "https://example.org/x#y" ] && ok "smsearch-open hands the URI as it is" || not_ok "smsearch-open" "got: $got"

# smsearch itself stays free of GLib: --open runs smsearch-open for it.
libs=$(ldd "$smsearch" | grep -E 'lib(glib|gio|gobject)-2' || true)
[ -z "$libs" ] && ok "smsearch does not link GLib" || not_ok "smsearch links GLib" "$libs"
done_testing
