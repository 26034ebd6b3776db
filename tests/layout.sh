#!/usr/bin/env bash
# Checks the layout rules of ARCHITECTURE.md: only xapian-c/ is C++ and
# includes <xapian.h>; only the normaliser and tokeniser include
# <utf8proc.h>, only the HTML and Markdown readers libxml2 and cmark; the
# libraries never print or exit; smsearch loads no article reader.
# Usage: layout.sh SOURCE_DIR BUILD_DIR
set -u
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
. "$src/tests/cli/lib.sh"
cd "$src"

cxx=$(git ls-files 2>/dev/null | grep -E '\.(cc|cpp|cxx|hpp|hh)$' | grep -v '^xapian-c/' || true)
[ -z "$cxx" ] && ok "no C++ outside xapian-c/" || not_ok "C++ outside xapian-c/" "$cxx"
inc=$(grep -rl --include='*.[ch]' --include='*.cc' '#include <xapian' . | grep -v '^./xapian-c/' | grep -v '^./build' || true)
[ -z "$inc" ] && ok "<xapian.h> only in xapian-c/" || not_ok "<xapian.h> included elsewhere" "$inc"
inc=$(grep -rl --include='*.[ch]' '#include <utf8proc.h>' . | grep -v '^./build' | grep -vE '^./lib/(norm|tok)\.c$' || true)
[ -z "$inc" ] && ok "<utf8proc.h> only in the normaliser and tokeniser" || not_ok "<utf8proc.h> included elsewhere" "$inc"
inc=$(grep -rl --include='*.[ch]' '#include <libxml/' . | grep -v '^./build' | grep -vE '^./lib/html\.c$' || true)
[ -z "$inc" ] && ok "libxml2 only in the HTML reader" || not_ok "libxml2 included elsewhere" "$inc"
inc=$(grep -rl --include='*.[ch]' '#include <cmark' . | grep -v '^./build' | grep -vE '^./lib/markdown\.c$' || true)
[ -z "$inc" ] && ok "cmark only in the Markdown reader" || not_ok "cmark included elsewhere" "$inc"

# The static libraries must not call what prints or ends the process. A
# wrapper built for fault injection (-Dfaults=true) says on stderr which
# call it failed, for tests/cli/faults.sh; nothing else may print.
for lib in "$build/lib/libsmsearch.a" "$build/libxapian-c.a"; do
	allow='^$'
	nm "$lib" 2>/dev/null | grep -q 'fault_count' && allow='^fprintf$'
	bad=$(nm -u "$lib" 2>/dev/null | awk '{print $2}' | grep -v "$allow" |
		grep -E '^(printf|fprintf|puts|fputs|putchar|fputc|fwrite|perror|exit|_exit|abort)$' | sort -u | tr '\n' ' ')
	[ -z "$bad" ] && ok "$(basename "$lib") never prints or exits" || not_ok "$(basename "$lib") calls: $bad"
done

# smsearch starts once per question: it must not load the article readers
# (libxml2 pulls in ICU), which only smindex and smsearch-show need.
if command -v readelf >/dev/null; then
	libs=$(readelf -d "$build/query/smsearch" | grep NEEDED | grep -E 'libxml2|cmark|glib|gio' || true)
	[ -z "$libs" ] && ok "smsearch links no article reader or GLib" || not_ok "smsearch links" "$libs"
fi
done_testing
