#!/usr/bin/env bash
# tests/quality/check.sh [FLOOR] - relevance gate: fail if smsearch's MRR@10 on
# tests/quality/questions.tsv (the bundled article) is below FLOOR (default 0.6).
# BUILD (default build): smsearch is $BUILD/query/smsearch or $BUILD/smsearch,
# smindex is $BUILD/indexer/smindex or $BUILD/smindex.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"

floor=${1:-0.6}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac

die() { printf 'quality: %s\n' "$*" >&2; exit 2; }
pick() { local f; for f in "$@"; do [ -x "$f" ] && { echo "$f"; return; }; done; return 1; }
SMSEARCH=$(pick "$BUILD/query/smsearch" "$BUILD/smsearch") || die "no smsearch under $BUILD"
SMINDEX=$(pick "$BUILD/indexer/smindex" "$BUILD/smindex") || die "no smindex under $BUILD"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/smquality.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

"$SMINDEX" --db "$tmp/db" -q corpus/
python3 "$here/quality.py" smsearch "$here/questions.tsv" corpus/000_e58aad88b0507f9e.txt \
	"$SMSEARCH" "$tmp/db" >"$tmp/runs"
python3 "$here/quality.py" score "$here/questions.tsv" "$tmp/perq.tsv" smsearch="$tmp/runs" >"$tmp/score"
mrr=$(sed -n 's/^#mrr smsearch=//p' "$tmp/score")
[ -n "$mrr" ] || die "could not compute MRR@10"
echo "quality: MRR@10=$mrr (floor $floor)"
python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$mrr" "$floor" || {
	echo "quality: below the floor; per question (first correct rank, top 10 lines):"
	awk -F'\t' 'NR > 1 && ($3 == "-" || $3 > 3) { printf "  %-3s %s  (want %s; got %s)\n", $3, $1, $2, $4 }' "$tmp/perq.tsv"
	exit 1
}
