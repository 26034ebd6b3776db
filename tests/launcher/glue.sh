#!/usr/bin/env bash
# The launcher glue of launcher/glue/, driven the way each launcher drives
# it: rofi's script protocol, dmenu-like menus (fake ones), fzf in tmux,
# and the Albert, Ulauncher and Flow Launcher shims with stub modules.
# Usage: glue.sh BUILD_DIR SOURCE_DIR
set -u
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
. "$src/tests/cli/lib.sh"
. "$src/tests/launcher/lib.sh"
glue=$src/launcher/glue
tmp=$(mktemp -d)
trap 'tmux kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
export SMSEARCH_DB=$tmp/db NO_COLOR= TMUX_TMPDIR=$tmp
unset DISPLAY WAYLAND_DISPLAY TMUX
cp "$src/tests/launcher/fixtures/"* "$tmp/"
"$build/indexer/smindex" -q "$src/corpus" "$tmp/sleep.txt" "$tmp/web.jsonl"
# smsearch and smsearch-open as installed (side by side), with a display
# whose default handler logs what it opens.
mkdir -p "$tmp/bin"
ln -s "$build/query/smsearch" "$build/launcher/smsearch-open" "$tmp/bin/"
export PATH=$tmp/bin:$PATH DISPLAY=:77
fake_handler "$tmp/h"
tsv() { "$build/query/smsearch" --format=tsv -n 30 -- "$@"; }

# --- rofi (man 5 rofi-script) ------------------------------------------------------
out=$(ROFI_RETV=0 "$glue/smsearch-rofi" | cat -v)
contains "$out" "^@prompt^_smsearch" "rofi, start: sets the prompt"
contains "$out" "Type a question and press Enter^@nonselectable^_true" "rofi, start: one row (rofi quits on none)"
out=$(ROFI_RETV=2 "$glue/smsearch-rofi" melatonin | cat -v)
contains "$out" "<b>Melatonin</b> can help" "rofi, typed text: the hits, marked up"
contains "$out" "^@info^_sleep#5^_" "rofi, typed text: each row's info is its id"
out=$(ROFI_RETV=2 "$glue/smsearch-rofi" zzzz | cat -v)
contains "$out" "No passage matches^@nonselectable" "rofi, no hit: says so and stays open"
out=$(ROFI_RETV=1 ROFI_INFO='sleep#5' "$glue/smsearch-rofi" 'Sleep After Surgery — Melatonin')
got=$(opened "$tmp/h")
[ -z "$out" ] && [ "$got" = "file://$tmp/sleep.txt#L11" ] && ok "rofi, pick: prints nothing (rofi closes) and opens the passage" ||
	not_ok "rofi pick" "printed '$out', opened '$got'"

# --- dmenu, fuzzel, wofi, ... (fake menus) ------------------------------------------
: >"$tmp/h/opened"
want=$(tsv radiation | sed -n 2p | cut -f4)
MENU='echo radiation' PICK='sed -n 2p' "$glue/smsearch-menu"
got=$(opened "$tmp/h")
[ "$got" = "$want" ] && ok "menu that prints the picked line (dmenu): the 2nd hit opens" || not_ok "menu line" "opened '$got', wanted '$want'"
: >"$tmp/h/opened"
want=$(tsv radiation | sed -n 3p | cut -f4)
MENU='echo radiation' PICK='eval cat >/dev/null; echo 2' "$glue/smsearch-menu"
got=$(opened "$tmp/h")
[ "$got" = "$want" ] && ok "menu that prints the 0-based index (rofi -format i, fuzzel --index): the 3rd hit opens" ||
	not_ok "menu index" "opened '$got', wanted '$want'"
: >"$tmp/h/opened"
want=$(tsv hiccups | sed -n 1p | cut -f4)
MENU=false PICK='head -n 1' "$glue/smsearch-menu" hiccups
got=$(opened "$tmp/h")
[ "$got" = "$want" ] && ok "menu with the question as arguments: opens the web passage" || not_ok "menu args" "opened '$got', wanted '$want'"
: >"$tmp/h/opened"
MENU='echo radiation' PICK='eval cat >/dev/null; echo -1' "$glue/smsearch-menu"
rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/h/opened" ] && ok "menu: nothing picked (fuzzel -1) opens nothing" || not_ok "menu -1: exit $rc"
MENU='echo radiation' PICK=false "$glue/smsearch-menu"
[ $? -eq 0 ] && [ ! -s "$tmp/h/opened" ] && ok "menu: Escape opens nothing" || not_ok "menu escape"
MENU='echo zzzz' PICK='cat' "$glue/smsearch-menu" 2>/dev/null
[ $? -eq 1 ] && ok "menu: no hit exits 1" || not_ok "menu no hit"

# --- fzf in a terminal (tmux) -------------------------------------------------------
: >"$tmp/h/opened"
tmux new-session -d -x 160 -y 30 -s t "env PATH='$PATH' SMSEARCH_DB='$SMSEARCH_DB' DISPLAY=:77 \
	XDG_DATA_HOME='$XDG_DATA_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_DATA_DIRS=/usr/share \
	'$glue/smsearch-fzf'; sleep 30"
screen() { tmux capture-pane -p -t t 2>/dev/null; }
until_screen() { local i; for i in $(seq 50); do screen | grep -q -- "$1" && return 0; sleep 0.1; done; return 1; }
until_screen 'smsearch>'
tmux send-keys -t t -l 'melat'
until_screen 'Melatonin can help' && ok "fzf: typing 'melat' lists the melatonin passage (reload on each key)" ||
	not_ok "fzf list" "$(screen)"
until_screen '> Melatonin can' && ok "fzf: the preview shows the passage marked in its article" || not_ok "fzf preview" "$(screen)"
tmux send-keys -t t Enter
got=$(opened "$tmp/h")
[ "$got" = "file://$tmp/sleep.txt#L11" ] && ok "fzf: Enter opens the passage" || not_ok "fzf enter" "opened '$got'; $(screen)"
tmux kill-server 2>/dev/null

# --- Albert, Ulauncher, Flow Launcher (stubs of their Python APIs) -------------------
check "Albert, Ulauncher and Flow shims" python3 "$src/tests/launcher/test_shims.py" "$glue"
done_testing
