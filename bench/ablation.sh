#!/usr/bin/env bash
# bench/ablation.sh - each ranking feature's effect on the real question sets:
# the defaults, then one change at a time. Uses the MedQuAD index that
# bench/relevance.sh builds (CACHE, default /tmp/smsearch-bench). MedQuAD:
# its first 2,000 questions (MQ=N to change), so slow rows stay bounded.
# HALF=even or HALF=odd: only the even- or odd-numbered lines of each
# question file (tune on one half, report the other as held out).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
DATA=${DATA:-$top/../shared/data}
CACHE=${CACHE:-/tmp/smsearch-bench}
[ -d "$DATA" ] || { echo "ablation: no data at $DATA (skipped)"; exit 0; }
"$top/bench/relevance.sh" medquad-index-only >/dev/null # builds the index if needed
db=$CACHE/medquad
L=$DATA/liveqa-medquad
M=$DATA/medquad
ev() { "$BUILD/eval/smsearch-eval" --db "$db" "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# half FILE: the lines of FILE that HALF selects (all without HALF).
half() {
	case ${HALF:-} in
	even) awk 'NR % 2 == 0' ;;
	odd) awk 'NR % 2 == 1' ;;
	*) cat ;;
	esac <"$1"
}
head -n "${MQ:-2000}" "$M/queries.tsv" >"$tmp/mq-all.tsv"
half "$tmp/mq-all.tsv" >"$tmp/mq.tsv"
half "$L/queries.tsv" >"$tmp/sum.tsv"
half "$L/queries-original.tsv" >"$tmp/orig.tsv"
row() {
	local label=$1
	shift
	printf '| %-44s | %s | %s | %s |\n' "$label" \
		"$(ev --queries "$tmp/sum.tsv" --qrels "$L/qrels.tsv" --rel 2 "$@" | awk '/^nDCG/{print $2}')" \
		"$(ev --queries "$tmp/orig.tsv" --qrels "$L/qrels.tsv" --rel 2 "$@" | awk '/^nDCG/{print $2}')" \
		"$(ev --queries "$tmp/mq.tsv" --qrels "$M/qrels.tsv" "$@" | awk '/^MRR/{print $2}')"
}
echo "| configuration (one change from the defaults)  | LiveQA sum nDCG@10 | LiveQA orig nDCG@10 | MedQuAD MRR@10 (first ${MQ:-2000} q.${HALF:+, $HALF lines}) |"
echo "|---|---|---|---|"
row "defaults"
row "title weight 0 (title only as body words)" --param title=0
row "BM25 b 0.75 (instead of 0.3)" --param b=0.75
row "BM25 b 0.5" --param b=0.5
row "no thesaurus" --param synonyms=0
row "no spelling correction" --no-correct
row "at most 3 per article (instead of 2 per section)" --per-article 3
row "no grouping" --per-section 0
row "proximity boost 0.5" --param proximity=0.5
row "pseudo-relevance feedback 0.3 (5 docs, 10 terms)" --param feedback=0.3
row "heading weight 0.5" --param section=0.5
row "no question intent (intent 0)" --param intent=0
row "intent 2 (instead of 3.5)" --param intent=2
row "intent 5" --param intent=5
row "intent lift without the title filter" --param intent_title=0
row "intent answer words in headings too (0.3)" --param intent_head=0.3
row "no whole-title match (title_exact 0)" --param title_exact=0
row "whole-title match 1.0 (instead of 0.5)" --param title_exact=1
row "no compound words (compounds 0)" --param compounds=0
row "no one-word whole titles (title_one 0)" --param title_one=0
row "no abbreviations' long forms (acronyms 0)" --param acronyms=0
row "whole-title match for one-word titles too" --param title_min=1
row "idf emphasis for long messages (rare 1, 8+ words)" --param rare=1 --param rare_min=8
row "BM25 k1 1.6, b 0.2" --param k1=1.6 --param b=0.2
row "no article context (context 0)" --param context=0
row "article context 0.6 (instead of 0.3)" --param context=0.6
row "doses at full weight (dose 1, instead of 0.2)" --param dose=1
