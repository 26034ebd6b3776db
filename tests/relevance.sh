#!/usr/bin/env bash
# A relevance floor on real judged data: the MED collection (1,033 MEDLINE
# abstracts, 30 questions) from ../shared/data. Fails when a change breaks
# ranking; skips when the data is not there (a user's clone has none).
# Usage: relevance.sh BUILD_DIR SOURCE_DIR [FLOOR]
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
floor=${3:-0.60}
data=${SMSEARCH_DATA:-$src/../shared/data}/med
if [ ! -f "$data/corpus.jsonl" ]; then
	echo "1..0 # SKIP no $data (the shared evaluation data is absent)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/indexer/smindex" -q --db "$tmp/db" "$data/corpus.jsonl"
out=$("$build/eval/smsearch-eval" --db "$tmp/db" --queries "$data/queries.tsv" --qrels "$data/qrels.tsv")
ndcg=$(awk '/^nDCG@10/{print $2}' <<<"$out")
echo "# $(tr '\n' ' ' <<<"$out")"
if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$ndcg" "$floor"; then
	echo "ok 1 - MED nDCG@10 $ndcg >= $floor"
else
	echo "not ok 1 - MED nDCG@10 $ndcg < $floor"
fi
echo "1..1"
