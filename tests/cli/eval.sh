#!/usr/bin/env bash
# smsearch-eval's measures on a corpus small enough to score by hand: the
# expected figures are computed here from the run file it writes, so a
# wrong ranking or a wrong measure both fail.
. "$(dirname "$0")/lib.sh" && setup "$@"
ev=$build/eval/smsearch-eval
cat >"$tmp/c.jsonl" <<'JSON'
{"id":"a","title":"Gout","text":"Gout attacks come at night. Gout makes the big toe hot, and gout pain is sharp."}
{"id":"b","title":"Joints","text":"Many joint pains have causes other than gout."}
{"id":"c","title":"Sleep","text":"Sleep well at night."}
JSON
"$smindex" -q --db "$tmp/db" "$tmp/c.jsonl"
printf 'q1\tgout\n' >"$tmp/q.tsv"
# Only b's passage is judged (relevant); a's is unjudged.
printf 'q1 0 b#0 1\n' >"$tmp/qrels"
out=$("$ev" --db "$tmp/db" --queries "$tmp/q.tsv" --qrels "$tmp/qrels" --run "$tmp/run")
order=$(awk '{printf "%s ", $3}' "$tmp/run")
if [ "$order" = "a#0 b#0 " ]; then ok "the run ranks a's passage above b's"; else
	not_ok "the run ranks a's passage above b's" "$order"
fi
# b at rank 2: reciprocal rank 1/2, nDCG 1/log2(3), P@5 1/5; 1 of 10 judged.
want=$(awk 'BEGIN{printf "%.4f %.4f %.4f %.4f", 1/2, 1/(log(3)/log(2)), 1/5, 1/10}')
got=$(awk '/^MRR@10/{m=$2} /^nDCG@10/{n=$2} /^P@5/{p=$2} /^Judged@10/{j=$2}
	END{print m, n, p, j}' <<<"$out")
[ "$got" = "$want" ] && ok "MRR, nDCG, P@5 and Judged@10 with an unjudged passage first" ||
	not_ok "MRR, nDCG, P@5 and Judged@10 with an unjudged passage first" "got $got, want $want"
out=$("$ev" --db "$tmp/db" --queries "$tmp/q.tsv" --qrels "$tmp/qrels" --judged-only)
got=$(awk '/^MRR@10/{m=$2} /^nDCG@10/{n=$2} /^Judged@10/{j=$2} END{print m, n, j}' <<<"$out")
[ "$got" = "1.0000 1.0000 0.1000" ] && ok "--judged-only leaves a's unjudged passage out" ||
	not_ok "--judged-only leaves a's unjudged passage out" "$got"
# Judged but not relevant stays in the ranking under --judged-only.
printf 'q1 0 a#0 0\nq1 0 b#0 1\n' >"$tmp/qrels2"
out=$("$ev" --db "$tmp/db" --queries "$tmp/q.tsv" --qrels "$tmp/qrels2" --judged-only)
contains "$out" "MRR@10     0.5000" "--judged-only keeps a passage judged not relevant"
expect_rc 2 "--judged-only takes no value" "$ev" --judged-only=1 --queries "$tmp/q.tsv" \
	--qrels "$tmp/qrels"
# --by-question: the same measures, one line per scored question.
"$ev" --db "$tmp/db" --queries "$tmp/q.tsv" --qrels "$tmp/qrels" --by-question "$tmp/each" >/dev/null
want=$(awk 'BEGIN{printf "q1\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f", 1/(log(3)/log(2)), 1/2, 1/5, 1, 1/10}')
[ "$(cat "$tmp/each")" = "$want" ] && ok "--by-question writes the question's measures" ||
	not_ok "--by-question writes the question's measures" "$(cat "$tmp/each")"
expect_rc 2 "an output that cannot be written is an error" "$ev" --db "$tmp/db" \
	--queries "$tmp/q.tsv" --qrels "$tmp/qrels" --by-question "$tmp/no/such/dir"
# --score-run: a run file is scored by the same rules. Its own run scores
# as the search did; another order (by score, not by line) scores anew.
"$ev" --db "$tmp/db" --queries "$tmp/q.tsv" --qrels "$tmp/qrels" >"$tmp/searched"
"$ev" --score-run "$tmp/run" --queries "$tmp/q.tsv" --qrels "$tmp/qrels" >"$tmp/scored"
[ "$(grep -v '^time' "$tmp/searched")" = "$(cat "$tmp/scored")" ] &&
	ok "--score-run scores smsearch's own run as the search did" ||
	not_ok "--score-run scores smsearch's own run as the search did" "$(cat "$tmp/scored")"
printf 'q1 Q0 a#0 1 1.5 x\nq1 Q0 b#0 2 2.5 x\nq1 Q0 b#0 3 0.5 x\nq9 Q0 b#0 1 9 x\n' >"$tmp/run2"
out=$("$ev" --score-run "$tmp/run2" --queries "$tmp/q.tsv" --qrels "$tmp/qrels")
got=$(awk '/^MRR@10/{m=$2} /^P@5/{p=$2} END{print m, p}' <<<"$out")
[ "$got" = "1.0000 0.2000" ] && ok "--score-run orders by score and counts an id once" ||
	not_ok "--score-run orders by score and counts an id once" "$got"
printf 'q1 Q0 a#0 one 1.5 x\n' >"$tmp/run3"
expect_rc 2 "--score-run refuses a line that is not a run line" "$ev" --score-run "$tmp/run3" \
	--queries "$tmp/q.tsv" --qrels "$tmp/qrels"
contains "$("$ev" --score-run "$tmp/run3" --queries "$tmp/q.tsv" --qrels "$tmp/qrels" 2>&1)" \
	"run3:1: not a TREC run line" "--score-run names the bad line"
expect_rc 2 "--score-run of a missing file is an error" "$ev" --score-run "$tmp/none" \
	--queries "$tmp/q.tsv" --qrels "$tmp/qrels"
# --help lists the library's ranking knobs, and --param takes each of them.
knobs=$("$ev" --help | sed -n '/^ranking knobs:/,$p' | sed 's/^ranking knobs://')
bad=
for k in $knobs; do
	"$ev" --db "$tmp/db" --queries "$tmp/q.tsv" --qrels "$tmp/qrels" --param "$k=1" >/dev/null 2>&1 || bad="$bad $k"
done
[ -n "$knobs" ] && [ -z "$bad" ] && ok "--help lists $(wc -w <<<"$knobs") knobs, and --param takes each" ||
	not_ok "--help lists the knobs, and --param takes each" "knobs: $knobs; refused:$bad"
contains "$knobs" "dose" "--help lists the dose knob"
# The time line: the median and the nearest-rank p99 of the --times file.
printf 'q1\tgout\nq2\tsleep\nq3\tjoint pains\n' >"$tmp/q3.tsv"
out=$("$ev" --db "$tmp/db" --queries "$tmp/q3.tsv" --qrels "$tmp/qrels" --times "$tmp/times")
got=$(sed -n 's/^time *median \([0-9.]*\) ms, p99 \([0-9.]*\) ms.*/\1 \2/p' <<<"$out")
sort -n -k2 "$tmp/times" | awk -v got="$got" '{v[NR] = $2} END {split(got, g, " ")
	d1 = g[1] - v[2]; d2 = g[2] - v[3]; exit !(NR == 3 && d1 * d1 < 1e-4 && d2 * d2 < 1e-4)}' &&
	ok "the time line gives the median and the slowest of 3 as p99" ||
	not_ok "the time line: $got" "$(cat "$tmp/times")"
done_testing
