#!/usr/bin/env bash
# build.sh - the one entry point: deps, build, test, sanitizer build.
#   ./build.sh          install missing packages, build into build/, index corpus/
#   ./build.sh deps     only install missing Debian packages
#   ./build.sh test     build, then run every test suite
#   ./build.sh asan     AddressSanitizer + UBSan build in build-asan/, run all tests
#   ./build.sh install  build and install into PREFIX (default ~/.local): programs,
#                       man pages, completions, GNOME/KRunner search provider files
#   ./build.sh fuzz     libFuzzer targets (clang) in build-fuzz/, each run for
#                       FUZZ_SECONDS (default 60); crashes land in tests/fuzz/crashes/
set -euo pipefail
cd "$(dirname "$0")"
top=$PWD

PKGS=(meson ninja-build pkg-config gcc g++ libxapian-dev libutf8proc-dev libcmocka-dev
      python3 xapian-tools libglib2.0-dev libglib2.0-bin dbus-daemon dbus-bin
      desktop-file-utils fzf tmux zsh fish libxml2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
      wamerican)

say() { printf 'build.sh: %s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

deps() {
	local missing=() p
	for p in "${PKGS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		say "dependencies present"
		return 0
	fi
	if [ "$(id -u)" -ne 0 ]; then
		die "missing packages; run: sudo apt-get install -y ${missing[*]}"
	fi
	say "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null || die "apt-get update failed"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		die "apt-get install failed: ${missing[*]}"
}

# configure DIR [meson options...]: set up once, reconfigure when options change.
configure() {
	local dir=$1
	shift
	if [ -f "$dir/build.ninja" ]; then
		# An option new since the last setup needs a reconfigure first.
		meson configure "$dir" "$@" >/dev/null 2>&1 ||
			meson setup --reconfigure "$dir" "$@" >/dev/null || die "cannot configure $dir"
	else
		meson setup "$dir" "$@" >/dev/null
	fi
}

build() {
	configure build
	ninja -C build >/dev/null || { ninja -C build; die "build failed"; }
	ln -sf indexer/smindex build/smindex
	ln -sf query/smsearch build/smsearch
	say "built build/smsearch and build/smindex"
}

# The default index, so that the first search answers at once; skipped when
# it is newer than every article and than smindex itself.
index_corpus() {
	local db=${SMSEARCH_DB:-${XDG_DATA_HOME:-$HOME/.local/share}/smsearch/db}
	if [ -f "$db/iamglass" ] && [ -z "$(find corpus build/indexer/smindex -newer "$db/iamglass" -print -quit)" ]; then
		say "index of corpus/ is up to date ($db)"
		return 0
	fi
	local err
	if ! err=$(build/smindex corpus/ 2>&1 >/dev/null); then
		# An index from an older smsearch: rebuild it (other files it
		# held must be indexed again; smindex says so).
		case $err in
		*"another profile"*) say "the index at $db is from an older smsearch: rebuilding it"
			build/smindex --force corpus/ >/dev/null || die "indexing corpus/ failed" ;;
		*) echo "$err" >&2; die "indexing corpus/ failed" ;;
		esac
	fi
	say "indexed corpus/ into $db"
}

# run_tests DIR: meson's suites, closed by a plain "N passed, N failed" line.
run_tests() {
	local dir=$1 rc=0
	meson test -C "$dir" --print-errorlogs --num-processes 2 "${@:2}" || rc=$?
	python3 - "$dir/meson-logs/testlog.json" <<'PY'
import json, sys
res = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
p = sum(r["result"] in ("OK", "EXPECTEDFAIL") for r in res)
s = sum(r["result"] == "SKIP" for r in res)
f = len(res) - p - s
print(f"tests: {p} passed, {f} failed, {s} skipped")
PY
	return $rc
}

cmd=${1:-all}
case $cmd in
deps) deps ;;
all | "") deps && build && index_corpus ;;
test) deps && build && run_tests build ;;
install)
	deps && build
	prefix=${PREFIX:-$HOME/.local}
	configure build --prefix="$prefix"
	ninja -C build >/dev/null || { ninja -C build; die "build failed"; }
	meson install -C build --quiet >/dev/null || die "installing into $prefix failed"
	say "installed into $prefix"
	case ":$PATH:" in *":$prefix/bin:"*) ;; *) say "add $prefix/bin to PATH" ;; esac
	say "GNOME Shell loads the search provider at the next login; KRunner after 'kquitapp5 krunner'"
	;;
asan)
	deps
	configure build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dfaults=true \
		-Dbuildtype=debug
	ninja -C build-asan >/dev/null || { ninja -C build-asan; die "asan build failed"; }
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		run_tests build-asan
	;;
fuzz)
	deps
	PKGS=(clang libclang-rt-14-dev)
	deps
	CC=clang CXX=clang++ configure build-fuzz -Dfuzz=true -Db_sanitize=address,undefined \
		-Db_lundef=false -Dbuildtype=debugoptimized
	ninja -C build-fuzz >/dev/null || { ninja -C build-fuzz; die "fuzz build failed"; }
	for t in norm article query; do
		mkdir -p "tests/fuzz/crashes/$t" "build-fuzz/corpus/$t"
		say "fuzzing $t for ${FUZZ_SECONDS:-60} s"
		build-fuzz/tests/fuzz_$t -max_total_time="${FUZZ_SECONDS:-60}" -max_len=65536 \
			-artifact_prefix="tests/fuzz/crashes/$t/" -print_final_stats=1 \
			"build-fuzz/corpus/$t" "tests/fuzz/corpus/$t" $([ $t = article ] &&
				echo tests/fixtures/html tests/fixtures/md) 2>&1 |
			grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)' || true
		rmdir "tests/fuzz/crashes/$t" 2>/dev/null || say "crash inputs kept in tests/fuzz/crashes/$t: add them to git"
	done
	;;
*) die "unknown command '$cmd' (use: deps, test, asan, fuzz, install, or nothing)" ;;
esac
