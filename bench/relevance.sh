#!/usr/bin/env bash
# bench/relevance.sh - answer quality on the real collections in ../shared/data.
# Builds (or reuses) one index per collection under $CACHE, runs smsearch-eval
# on each question set, and prints one table.
#   bench/relevance.sh            all sets
#   bench/relevance.sh liveqa     only sets whose name contains "liveqa"
# Env: BUILD (default build), DATA (default ../shared/data), CACHE
# (default /tmp/smsearch-bench), REBUILD=1 to re-index.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
DATA=${DATA:-$top/../shared/data}
CACHE=${CACHE:-/tmp/smsearch-bench}
only=${1:-}
[ -d "$DATA" ] || { echo "relevance: no data at $DATA (skipped)"; exit 0; }
mkdir -p "$CACHE"

# index NAME FILES...: build $CACHE/NAME once (or again with REBUILD=1).
index() {
	local name=$1 db=$CACHE/$1
	shift
	if [ -n "${REBUILD:-}" ] || [ ! -f "$db/iamglass" ] || [ "$BUILD/indexer/smindex" -nt "$db/iamglass" ]; then
		rm -rf "$db"
		"$BUILD/indexer/smindex" -q --db "$db" "$@"
	fi
	echo "$db"
}

# row LABEL DB QUERIES QRELS REL
# row LABEL DB QUERIES QRELS REL [judged]: one line of the table; with
# "judged", also the share of the first ten that were judged (J@10) and
# nDCG@10 with the unjudged passages left out (pooled judgments).
row() {
	case $1 in *"$only"*) ;; *) return 0 ;; esac
	local out j=- jn=-
	out=$("$BUILD/eval/smsearch-eval" --db "$2" --queries "$3" --qrels "$4" --rel "$5")
	if [ "${6:-}" = judged ]; then
		j=$(awk '/^Judged@10/{print $2}' <<<"$out")
		jn=$("$BUILD/eval/smsearch-eval" --db "$2" --queries "$3" --qrels "$4" --rel "$5" \
			--judged-only | awk '/^nDCG@10/{print $2}')
	fi
	printf '%-34s %6s %6s %6s %6s %6s %6s %s\n' "$1" \
		"$(awk '/^nDCG@10/{print $2}' <<<"$out")" "$(awk '/^MRR@10/{print $2}' <<<"$out")" \
		"$(awk '/^P@5/{print $2}' <<<"$out")" "$(awk '/^Recall@100/{print $2}' <<<"$out")" \
		"$j" "$jn" "$(sed -n 's/^time *//p' <<<"$out")"
}

mq=$(index medquad "$DATA/medquad/corpus.jsonl" "$DATA/liveqa-medquad/extra_corpus.jsonl")
[ "$only" = medquad-index-only ] && { echo "$mq"; exit 0; }
printf '%-34s %6s %6s %6s %6s %6s %6s %s\n' set nDCG10 MRR10 P@5 R@100 J@10 nDCG-J time
row "liveqa summaries (grade>=2)" "$mq" "$DATA/liveqa-medquad/queries.tsv" "$DATA/liveqa-medquad/qrels.tsv" 2 judged
row "liveqa originals (grade>=2)" "$mq" "$DATA/liveqa-medquad/queries-original.tsv" "$DATA/liveqa-medquad/qrels.tsv" 2 judged
row "liveqa paraphrases (grade>=2)" "$mq" "$DATA/liveqa-medquad/queries-paraphrase.tsv" "$DATA/liveqa-medquad/qrels.tsv" 2 judged
row "medquad known-item" "$mq" "$DATA/medquad/queries.tsv" "$DATA/medquad/qrels.tsv" 1
for c in med cisi cranfield; do
	case "$c" in *"$only"*) ;; *) [ -n "$only" ] && continue ;; esac
	db=$(index "$c" "$DATA/$c/corpus.jsonl")
	rel=1
	[ "$c" = cranfield ] && rel=2
	row "$c (grade>=$rel)" "$db" "$DATA/$c/queries.tsv" "$DATA/$c/qrels.tsv" "$rel" judged
done
