#!/usr/bin/env bash
# What `./build.sh install` puts in place, installed into a scratch DESTDIR:
# the files, their validity (desktop-file-validate, groff, the shells), and
# that the .ini, the .service and the KRunner file name the bus name, the
# object paths and the desktop entry that the provider really uses.
# Usage: install.sh BUILD_DIR SOURCE_DIR
set -u
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
. "$src/tests/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$(python3 -c 'import json, sys
print(next(o["value"] for o in json.load(open(sys.argv[1])) if o["name"] == "prefix"))' \
	"$build/meson-info/intro-buildoptions.json")
if ! out=$(meson install -C "$build" --destdir "$tmp/d" --no-rebuild --quiet 2>&1); then
	not_ok "meson install" "$out"
	done_testing
	exit
fi
root=$tmp/d$prefix
app=org.smsearch.SmSearch
bus=$app.SearchProvider
missing=
for f in bin/smsearch bin/smindex bin/smsearch-provider bin/smsearch-open bin/smsearch-fzf \
	bin/smsearch-menu bin/smsearch-rofi share/dbus-1/services/$bus.service \
	share/gnome-shell/search-providers/$app.search-provider.ini share/applications/$app.desktop \
	share/krunner/dbusplugins/$app.desktop share/man/man1/smsearch.1 share/man/man1/smindex.1 \
	share/man/man1/smsearch-provider.1 share/bash-completion/completions/smsearch \
	share/bash-completion/completions/smindex share/zsh/site-functions/_smsearch \
	share/zsh/site-functions/_smindex share/fish/vendor_completions.d/smsearch.fish \
	share/fish/vendor_completions.d/smindex.fish share/smsearch/launcher/albert/__init__.py \
	share/smsearch/launcher/ulauncher/main.py share/smsearch/launcher/ulauncher/manifest.json \
	share/smsearch/launcher/flow/main.py share/smsearch/launcher/flow/plugin.json; do
	[ -e "$root/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && ok "every file is installed under PREFIX ($prefix)" || not_ok "not installed:$missing"
for f in smsearch-fzf smsearch-menu smsearch-rofi smsearch-provider smsearch-open; do
	[ -x "$root/bin/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && ok "programs and scripts are executable" || not_ok "not executable:$missing"

# --- the names line up --------------------------------------------------------------
key() { sed -n "s/^$1=//p" "$2"; }
ini=$root/share/gnome-shell/search-providers/$app.search-provider.ini
service=$root/share/dbus-1/services/$bus.service
krunner=$root/share/krunner/dbusplugins/$app.desktop
desktop=$root/share/applications/$(key DesktopId "$ini")
uses=$("$build/launcher/smsearch-provider" --version)
[ "$(sed -n 1p "$ini")" = "[Shell Search Provider]" ] && [ "$(key Version "$ini")" = 2 ] &&
	ok ".ini: a [Shell Search Provider], version 2" || not_ok ".ini header" "$(cat "$ini")"
contains "$uses" "($(key BusName "$ini") on $(key ObjectPath "$ini") " ".ini: BusName and ObjectPath are the provider's ($uses)"
[ "$(key Name "$service")" = "$(key BusName "$ini")" ] && ok ".service: Name is the .ini's BusName" || not_ok ".service Name"
[ "$(key Exec "$service")" = "$prefix/bin/smsearch-provider" ] && [ -x "$tmp/d$(key Exec "$service")" ] &&
	ok ".service: Exec is the installed provider" || not_ok ".service Exec: $(key Exec "$service")"
[ -f "$desktop" ] && ok ".ini: DesktopId names the installed entry" || not_ok "DesktopId: $(key DesktopId "$ini")"
exe=$(key Exec "$desktop" | cut -d' ' -f1)
[ "$exe" = "$prefix/bin/smsearch-fzf" ] && [ -x "$tmp/d$exe" ] && ok "the entry's Exec is installed (else GNOME drops the provider)" ||
	not_ok "entry Exec: $exe"
grep -qE '^(NoDisplay|Hidden)=true' "$desktop" && not_ok "the entry is hidden: GNOME would ignore the provider" ||
	ok "the entry is visible (GNOME shows providers of visible entries only)"
[ "$(key X-Plasma-DBusRunner-Service "$krunner")" = "$bus" ] && ok "KRunner file: the provider's bus name" || not_ok "KRunner service"
contains "$uses" " and $(key X-Plasma-DBusRunner-Path "$krunner"))" "KRunner file: the provider's KRunner path"
for f in "$desktop" "$krunner"; do
	check "desktop-file-validate ${f#$root/}" desktop-file-validate "$f"
done

# --- man pages and completions ----------------------------------------------------------
for f in "$root"/share/man/man1/*.1; do
	out=$(groff -man -ww -z "$f" 2>&1)
	[ -z "$out" ] && ok "man page ${f##*/} renders without warnings" || not_ok "man ${f##*/}" "$out"
done
# Every long option a program's --help lists is in its man page and its
# bash, zsh and fish completions.
for prog in smsearch smindex; do
	missing=""
	for opt in $("$root/bin/$prog" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
		man -l "$root/share/man/man1/$prog.1" 2>/dev/null | grep -q -- "$opt" || missing+=" man:$opt"
		grep -qE -- "(^|[[:space:]'|])$opt([=[:space:]'|)]|\$)" \
			"$root/share/bash-completion/completions/$prog" || missing+=" bash:$opt"
		grep -qE -- "$opt[]=[}]" "$root/share/zsh/site-functions/_$prog" || missing+=" zsh:$opt"
		grep -qE -- "-l ${opt#--}( |\$)" "$root/share/fish/vendor_completions.d/$prog.fish" ||
			missing+=" fish:$opt"
	done
	[ -z "$missing" ] && ok "$prog: each option of --help is in its man page and completions" ||
		not_ok "$prog: options missing from" "$missing"
done
missing=""
for opt in $("$root/bin/smsearch-provider" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
	man -l "$root/share/man/man1/smsearch-provider.1" 2>/dev/null | grep -q -- "$opt" || missing+=" $opt"
done
[ -z "$missing" ] && ok "smsearch-provider: each option of --help is in its man page" ||
	not_ok "smsearch-provider: options missing from its man page" "$missing"
got=$(bash -c '. "$1"; COMP_WORDS=(smsearch --format=r); COMP_CWORD=1; _smsearch; echo "${COMPREPLY[*]}"' _ \
	"$root/share/bash-completion/completions/smsearch")
[ "$got" = "--format=rofi" ] && ok "bash completes --format=r to --format=rofi" || not_ok "bash completion: '$got'"
got=$(bash -c '. "$1"; COMP_WORDS=(smindex --fo); COMP_CWORD=1; _smindex; echo "${COMPREPLY[*]}"' _ \
	"$root/share/bash-completion/completions/smindex")
[ "$got" = "--force" ] && ok "bash completes smindex --fo to --force" || not_ok "bash completion: '$got'"
for f in "$root"/share/zsh/site-functions/*; do check "zsh reads ${f##*/}" zsh -n "$f"; done
for f in "$root"/share/fish/vendor_completions.d/*; do check "fish reads ${f##*/}" fish --no-execute "$f"; done
got=$(fish -c "source $root/share/fish/vendor_completions.d/smsearch.fish; complete -C 'smsearch --format '" | cut -f1 | tr '\n' ' ')
[ "$got" = "alfred dmenu flow fzf json rofi text tsv " ] && ok "fish completes the formats" || not_ok "fish completion: $got"
for f in smsearch-fzf smsearch-menu smsearch-rofi; do check "bash reads $f" bash -n "$root/bin/$f"; done
done_testing
