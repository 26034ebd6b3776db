#!/usr/bin/env bash
# bench/reference.sh - smsearch beside the reference systems of issue 4.
# Rebuilds the issue's three reference rows (bench/reference.py: Xapian
# defaults, SQLite FTS5, "careful" Xapian BM25) over the answer texts, runs
# the LiveQA summaries and originals and the MedQuAD questions through them
# and through smsearch, and scores every run with the same code
# (smsearch-eval --score-run): passage level, each id once, unjudged = not
# relevant, LiveQA at grade >= 2, MedQuAD MRR@10. Prints one table, with
# each system's ratio to the careful row.
# Env: BUILD (default build), DATA (default ../shared/data), CACHE (default
# /tmp/smsearch-bench), REBUILD=1 to re-index. Needs python3-xapian,
# installed with apt-get when run as root.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
DATA=${DATA:-$top/../shared/data}
CACHE=${CACHE:-/tmp/smsearch-bench}
py=/usr/bin/python3 # Debian's, which python3-xapian belongs to
say() { echo "reference: $*" >&2; }
[ -d "$DATA/liveqa-medquad" ] || { say "no data at $DATA (skipped)"; exit 0; }
if ! "$py" -c 'import xapian' 2>/dev/null; then
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
		say "installing Debian package python3-xapian with apt-get"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			python3-xapian >/dev/null 2>&1 || true
	fi
	"$py" -c 'import xapian' 2>/dev/null || { say "python3-xapian is missing (skipped)"; exit 0; }
fi

ref=$CACHE/reference
if [ -n "${REBUILD:-}" ] || [ ! -f "$ref/careful/iamglass" ]; then
	mkdir -p "$ref"
	say "indexing the answer texts three ways (about a minute)"
	"$py" "$top/bench/reference.py" build "$ref" "$DATA"
fi
mq=$(BUILD=$BUILD DATA=$DATA CACHE=$CACHE "$top/bench/relevance.sh" medquad-index-only)

sets=(summaries originals medquad)
queries=("$DATA/liveqa-medquad/queries.tsv" "$DATA/liveqa-medquad/queries-original.tsv"
	"$DATA/medquad/queries.tsv")
qrels=("$DATA/liveqa-medquad/qrels.tsv" "$DATA/liveqa-medquad/qrels.tsv" "$DATA/medquad/qrels.tsv")
rel=(2 2 1)
measure=(nDCG@10 nDCG@10 MRR@10)
runs=$ref/runs
mkdir -p "$runs"

# One run a system and set; the three reference systems run side by side.
for i in 0 1 2; do
	for sys in xapian fts5 careful; do
		"$py" "$top/bench/reference.py" run "$ref" "$sys" "${queries[$i]}" "$runs/$sys.${sets[$i]}" &
	done
	"$BUILD/eval/smsearch-eval" --db "$mq" --queries "${queries[$i]}" --qrels "${qrels[$i]}" \
		--rel "${rel[$i]}" --depth 100 --run "$runs/smsearch.${sets[$i]}" >/dev/null
	wait
done

# score SYSTEM I [--judged-only]: the measure of set I for SYSTEM's run.
score() {
	"$BUILD/eval/smsearch-eval" --score-run "$runs/$1.${sets[$2]}" --queries "${queries[$2]}" \
		--qrels "${qrels[$2]}" --rel "${rel[$2]}" ${3:+"$3"} |
		awk -v m="${measure[$2]}" '$1 == m {print $2}'
}
declare -A got
for sys in xapian fts5 careful smsearch; do
	for i in 0 1 2; do
		got[$sys.$i]=$(score "$sys" "$i")
		got[$sys.$i.j]=-
		# Judged only means nothing for known items: only the answer is judged.
		[ "$i" = 2 ] || got[$sys.$i.j]=$(score "$sys" "$i" --judged-only)
	done
done
# table SUFFIX: one line a system, with its ratio to the careful row.
table() {
	for sys in xapian fts5 careful smsearch; do
		printf '%-10s' "$sys"
		for i in 0 1 2; do
			if [ "${got[$sys.$i$1]}" = - ]; then
				printf ' %24s' -
				continue
			fi
			printf ' %15s (%5.2fx)' "${got[$sys.$i$1]}" "$(awk -v a="${got[$sys.$i$1]}" \
				-v b="${got[careful.$i$1]}" 'BEGIN {print (b > 0 ? a / b : 0)}')"
		done
		printf '\n'
	done
}
printf '%-10s %24s %24s %24s\n' system "LiveQA summaries nDCG10" "LiveQA originals nDCG10" "MedQuAD MRR10"
table ""
echo "judged only (unjudged passages left out of each ranking, trec_eval -J):"
table .j
