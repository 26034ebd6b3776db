#!/usr/bin/env bash
# bench/quality.sh - passage relevance of smsearch against plain Xapian BM25.
#
# Runs every question of tests/quality/questions.tsv (expected answers given as
# line numbers in the bundled article) through
#   smsearch:  build/smsearch --db TMP --json -n 10 --per-article 0 QUESTION
#              over an index of corpus/ built with build/smindex in a temp dir;
#   baseline:  xapian-examples' simpleindex (one document per blank-line
#              paragraph of the article, docid = 1-based paragraph order)
#              and simplesearch (BM25, English stemming, top 10).
# Prints MRR@10, Success@1, Success@3 and nDCG@10 for both, with the ratio
# smsearch/baseline, and writes per-question first-correct ranks to a file.
#
# Environment: BUILD (default build): smsearch is $BUILD/query/smsearch or
# $BUILD/smsearch, smindex is $BUILD/indexer/smindex or $BUILD/smindex.
# OUT: where the per-question file goes (default $TMPDIR/smsearch-quality-perq.tsv).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

QUESTIONS=tests/quality/questions.tsv
ARTICLE=corpus/000_e58aad88b0507f9e.txt
HELPER=tests/quality/quality.py
BUILD=${BUILD:-build}
OUT=${OUT:-${TMPDIR:-/tmp}/smsearch-quality-perq.tsv}
EX=/usr/lib/xapian-examples/examples

die() { printf 'quality.sh: %s\n' "$*" >&2; exit 2; }
pick() { local f; for f in "$@"; do [ -x "$f" ] && { echo "$f"; return; }; done; return 1; }

SMSEARCH=$(pick "$BUILD/query/smsearch" "$BUILD/smsearch") ||
	die "no smsearch under $BUILD/ (run ./build.sh)"
SMINDEX=$(pick "$BUILD/indexer/smindex" "$BUILD/smindex") ||
	die "no smindex under $BUILD/ (run ./build.sh)"

if ! [ -x "$EX/simpleindex" ] || ! [ -x "$EX/simplesearch" ]; then
	if ! dpkg-query -W -f='${Status}' xapian-examples 2>/dev/null | grep -q 'install ok installed'; then
		[ "$(id -u)" -eq 0 ] || die "missing xapian-examples; run: sudo apt-get install -y xapian-examples"
		echo "+ apt-get install -y xapian-examples"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xapian-examples >/dev/null ||
			{ apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xapian-examples >/dev/null; } ||
			die "apt-get install xapian-examples failed"
	fi
	d=$(dirname "$(dpkg -L xapian-examples | grep '/simplesearch$' | head -n1)")
	if ! [ -x "$d/simpleindex" ] || ! [ -x "$d/simplesearch" ]; then
		die "simpleindex/simplesearch not found"
	fi
	EX=$d
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/smquality.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
nq=$(grep -cv '^#' "$QUESTIONS")

echo "== smsearch"
echo "+ $SMINDEX --db TMP/sm -q corpus/"
"$SMINDEX" --db "$tmp/sm" -q corpus/
echo "+ $SMSEARCH --db TMP/sm --json -n 10 --per-article 0 QUESTION    (x$nq)"
python3 "$HELPER" smsearch "$QUESTIONS" "$ARTICLE" "$SMSEARCH" "$tmp/sm" >"$tmp/smsearch.runs"

echo "== baseline: plain Xapian BM25, one document per blank-line paragraph"
echo "+ $EX/simpleindex TMP/base < $ARTICLE"
"$EX/simpleindex" "$tmp/base" <"$ARTICLE" >"$tmp/simpleindex.out" ||
	{ cat "$tmp/simpleindex.out" >&2; die "simpleindex failed"; }
echo "+ $EX/simplesearch TMP/base QUESTION    (x$nq)"
python3 "$HELPER" baseline "$QUESTIONS" "$ARTICLE" "$EX/simplesearch" "$tmp/base" >"$tmp/baseline.runs"

echo
echo "== results ($nq questions; ratio = smsearch/baseline)"
mkdir -p "$(dirname "$OUT")"
python3 "$HELPER" score "$QUESTIONS" "$OUT" \
	smsearch="$tmp/smsearch.runs" baseline="$tmp/baseline.runs=$ARTICLE" | grep -v '^#mrr '
cat <<NOTE

Note: a baseline hit is a whole blank-line paragraph; it counts as correct when
any expected line falls inside its line range (the 11-row table, pairs of bullet
items and the trailer are each one paragraph), which is generous to the
baseline. smsearch counts only when its passage starts on an expected line.
NOTE
echo "per-question first-correct ranks and top-10 lines: $OUT"
