#!/usr/bin/env bash
# Durability: kill -9 the indexer at random moments, search while it writes,
# and check the index after each: it opens, answers, and is whole (no file
# half indexed). SMSEARCH_LONG_TESTS=1 runs the long variant.
# Usage: durability.sh BUILD_DIR SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh" && setup "$@"
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
files=2000 kills=6
[ -n "${SMSEARCH_LONG_TESTS:-}" ] && files=6000 kills=40

# A corpus of many short articles made from the bundled one: each takes
# six of its paragraphs and a marker word of its own.
python3 - "$src/corpus/000_e58aad88b0507f9e.txt" "$tmp/src" "$files" <<'PY'
import os, random, sys
text = open(sys.argv[1], encoding="utf-8").read()
paras = [p for p in text.split("\n\n") if len(p) > 80 and "\n" not in p.strip()]
rnd = random.Random(7)
os.makedirs(sys.argv[2])
for i in range(int(sys.argv[3])):
    body = "\n\n".join(rnd.sample(paras, 6))
    d = os.path.join(sys.argv[2], "d%02d" % (i % 50))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "a%05d.txt" % i), "w", encoding="utf-8") as f:
        f.write("Article %d about the spine\n\n%s\n\nMarker zq%dx.\n" % (i, body, i))
PY

counts() { "$smindex" --check --db "$1" | sed 's/^[^:]*: //'; }
"$smindex" -q --db "$tmp/clean" "$tmp/src"
want=$(counts "$tmp/clean")
contains "$want" "$files files" "a clean build indexes all $files files ($want)"

# Kill the indexer while it rewrites everything (--force) in small commits.
cp -r "$tmp/clean" "$tmp/crash"
broken=0 errors=0
for i in $(seq 1 "$kills"); do
	"$smindex" -q --force --batch 500 --db "$tmp/crash" "$tmp/src" 2>/dev/null &
	pid=$!
	sleep "$(python3 -c "import random; print(random.uniform(0.05, 1.5))")"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	"$smindex" -q --check --db "$tmp/crash" || broken=$((broken + 1))
	"$smsearch" --db "$tmp/crash" -n 1 "zq17x" >/dev/null || errors=$((errors + 1))
done
[ $broken = 0 ] && ok "$kills kills -9: the index was whole after each" || not_ok "$broken of $kills kills left the index not whole"
[ $errors = 0 ] && ok "a known passage answered after each kill" || not_ok "$errors searches failed after kills"
out=$("$smindex" --db "$tmp/crash" "$tmp/src")
"$smindex" -q --check --db "$tmp/crash" && ok "the next run completes the work" || not_ok "not whole after the last run" "$out"
[ "$(counts "$tmp/crash")" = "$want" ] && ok "same files and passages as a clean build" || not_ok "after kills: $(counts "$tmp/crash"), clean: $want"

# Search in a loop while the indexer rewrites the corpus.
"$smindex" -q --force --batch 500 --db "$tmp/crash" "$tmp/src" &
pid=$!
n=0 errors=0
while kill -0 "$pid" 2>/dev/null || [ $n -lt 20 ]; do
	"$smsearch" --db "$tmp/crash" -n 3 "side effects of radiation" >/dev/null 2>"$tmp/err"
	[ $? -ge 2 ] && errors=$((errors + 1)) && cat "$tmp/err" >&2
	n=$((n + 1))
done
wait "$pid"
[ $errors = 0 ] && ok "$n searches while indexing: no error" || not_ok "$errors of $n searches failed while indexing"

# A second writer is told the index is locked.
"$smindex" -q --force --db "$tmp/crash" "$tmp/src" &
pid=$!
sleep 0.3
out=$("$smindex" --db "$tmp/crash" "$tmp/src" 2>&1)
rc=$?
wait "$pid"
if [ $rc = 2 ]; then contains "$out" "locked" "a second indexer says the index is locked"; else ok "a second indexer ran after the first ended (rc $rc)"; fi

# A new index built by two processes, killed: its processes end with it,
# nothing is at the index's path, and the next run builds it whole.
for delay in 0.2 1.0; do
	"$smindex" -q --jobs 2 --db "$tmp/par" "$tmp/src" 2>/dev/null &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	sleep 0.3
	left=$(pgrep -f -- "--db $tmp/par" || true)
	[ -z "$left" ] && ok "a killed parallel build leaves no process (after ${delay} s)" ||
		not_ok "processes left after a kill: $left"
	[ ! -e "$tmp/par" ] || [ -f "$tmp/par/iamglass" ] && ok "... and no half index at its path" ||
		not_ok "a half index at $tmp/par" "$(ls "$tmp/par")"
	rm -rf "$tmp/par"
done
"$smindex" -q --jobs 2 --db "$tmp/par" "$tmp/src" 2>/dev/null &
pid=$!
sleep 0.5
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
"$smindex" -q --jobs 2 --db "$tmp/par" "$tmp/src"
[ "$(counts "$tmp/par")" = "$want" ] && ok "the next parallel run builds it whole: $want" ||
	not_ok "after a killed parallel build: $(counts "$tmp/par"), clean: $want"
[ -z "$(ls -d "$tmp"/par.* 2>/dev/null)" ] && ok "... and clears the parts the killed run left" ||
	not_ok "parts left: $(ls -d "$tmp"/par.*)"

# Unchanged tree: a re-run reads nothing.
start=$(date +%s.%N)
out=$("$smindex" --db "$tmp/crash" "$tmp/src")
secs=$(python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 3))" "$start" "$(date +%s.%N)")
contains "$out" "$files unchanged" "an unchanged tree of $files files is skipped (${secs} s)"
done_testing
