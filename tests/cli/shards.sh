#!/usr/bin/env bash
# Shards and remote databases: one corpus indexed as two shards, searched as
# two local --db, as two xapian-tcpsrv servers (--db tcp://HOST:PORT) and
# through Xapian stub files, compared with one index of the whole corpus.
# Usage: shards.sh BUILD_DIR SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh" && setup "$@"
pids=()
stop_servers() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	pids=()
}
trap 'stop_servers; rm -rf "$tmp"' EXIT
export NO_COLOR=
unset XDG_DATA_HOME SMSEARCH_DB

if ! command -v xapian-tcpsrv >/dev/null; then
	echo "1..0 # SKIP xapian-tcpsrv not installed (Debian package xapian-tools)"
	exit 0
fi

# --- the corpus: generated articles plus the fixtures, in two halves -------
# Generated articles have paragraphs of many lengths, so that most scores
# differ; the fixtures bring titles, sections, tables, HTML, Markdown, JSONL.
mkdir -p "$tmp/a/gen" "$tmp/b/gen"
python3 - "$tmp" <<'PY'
import random, sys
tmp = sys.argv[1]
rnd = random.Random(7)
words = """pain fever cough headache nausea fatigue rash swelling dizziness asthma
diabetes insulin blood pressure heart kidney liver lung cancer tumor radiation
chemotherapy surgery infection virus bacteria antibiotic vaccine allergy migraine
stroke arthritis joint bone fracture skin eye vision hearing sleep diet exercise
weight obesity smoking alcohol pregnancy child elderly dose tablet injection
symptom diagnosis treatment therapy prevention risk screening test scan""".split()
for i in range(40):
    half = "a" if i % 2 == 0 else "b"
    title = " ".join(rnd.sample(words, 3)).capitalize()
    paras = []
    for _ in range(rnd.randint(3, 8)):
        n = rnd.randint(4, 45)
        paras.append(" ".join(rnd.choice(words) for _ in range(n)).capitalize() + ".")
    with open(f"{tmp}/{half}/gen/art{i:02d}.txt", "w") as f:
        f.write(title + "\n\n" + "\n\n".join(paras) + "\n")
PY
fx=$src/tests/fixtures
half_a=("$tmp/a/gen")
half_b=("$tmp/b/gen")
for f in "$src/corpus" "$fx/md"; do [ -e "$f" ] && half_a+=("$f"); done
for f in "$fx/html" "$fx"/*.txt "$fx/articles.jsonl"; do [ -e "$f" ] && half_b+=("$f"); done
"$smindex" -q --db "$tmp/whole" "${half_a[@]}" "${half_b[@]}" 2>/dev/null
"$smindex" -q --db "$tmp/s1" "${half_a[@]}" 2>/dev/null
"$smindex" -q --db "$tmp/s2" "${half_b[@]}" 2>/dev/null
for d in whole s1 s2; do
	if [ -f "$tmp/$d/iamglass" ]; then ok "index $d built"; else not_ok "index $d not built"; fi
done

# --- two servers ----------------------------------------------------------
# serve DB: start xapian-tcpsrv on 127.0.0.1 on a free port (it has no port
# 0: pick one and try another when it is taken); sets $port and adds the
# server to $pids. The server runs in a session of its own: on SIGTERM,
# xapian-tcpsrv kills its whole process group, which would be us. Being out
# of our group, it would outlive a test killed by a timeout: it stops by
# itself after 10 minutes.
serve() {
	local db=$1 log pid _
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		log=$tmp/srv.$port
		setsid timeout 600 xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$db" \
			>"$log" 2>&1 &
		pid=$!
		for _ in $(seq 50); do
			if grep -q '^Listening' "$log" 2>/dev/null; then
				pids+=("$pid")
				return 0
			fi
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	return 1
}
if serve "$tmp/s1" && p1=$port && serve "$tmp/s2" && p2=$port; then
	ok "two xapian-tcpsrv on 127.0.0.1:$p1 and :$p2"
else
	not_ok "cannot start xapian-tcpsrv" "$(cat "$tmp"/srv.* 2>/dev/null)"
	done_testing
	exit
fi
remote=(--db "tcp://127.0.0.1:$p1" --db "tcp://127.0.0.1:$p2")
local2=(--db "$tmp/s1" --db "$tmp/s2")
whole=(--db "$tmp/whole")

# compare A.json B.json MODE: MODE "json": equal but for score digits
# (|a-b| <= 1e-3) and "total"; "ties": all matches, same scores in the same
# order, and within a run of equal scores the same passages, each with the
# same JSON; "order": the same ids in the same order; "total": the same
# total. Prints what differs.
compare() {
	python3 - "$@" <<'PY'
import json, sys
a, b, mode = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
def close(x, y):
    return abs(x - y) <= 1e-3
def strip(h):
    h = dict(h); h.pop("score"); h.pop("rank"); return h
bad = []
ra, rb = a["results"], b["results"]
if mode == "json":
    if len(ra) != len(rb):
        bad.append("%d results against %d" % (len(ra), len(rb)))
    for x, y in zip(ra, rb):
        if not close(x["score"], y["score"]):
            bad.append("rank %d: score %s against %s" % (x["rank"], x["score"], y["score"]))
        if dict(x, score=0) != dict(y, score=0):
            bad.append("rank %d: %s against %s" % (x["rank"], json.dumps(x)[:300], json.dumps(y)[:300]))
    for k in set(a) | set(b):
        if k not in ("results", "total") and a.get(k) != b.get(k):
            bad.append("%s: %r against %r" % (k, a.get(k), b.get(k)))
elif mode == "ties":
    def groups(r):
        g = []
        for h in r:
            if g and close(g[-1][0], h["score"]):
                g[-1][1].append(strip(h))
            else:
                g.append((h["score"], [strip(h)]))
        return [(s, sorted(v, key=lambda h: h["id"])) for s, v in g]
    ga, gb = groups(ra), groups(rb)
    if len(ga) != len(gb) or len(ra) != len(rb):
        bad.append("%d results in %d score groups against %d in %d" % (len(ra), len(ga), len(rb), len(gb)))
    for (sa, va), (sb, vb) in zip(ga, gb):
        if not close(sa, sb) or va != vb:
            bad.append("score %s: %s against score %s: %s" % (sa, [h["id"] for h in va], sb, [h["id"] for h in vb]))
            break
elif mode == "order":
    ia, ib = [h["id"] for h in ra], [h["id"] for h in rb]
    if ia != ib:
        bad.append("%s against %s" % (ia, ib))
elif mode == "total":
    if a["total"] != b["total"]:
        bad.append("total %s against %s" % (a["total"], b["total"]))
print("\n".join(bad[:6]))
sys.exit(1 if bad else 0)
PY
}

# pair MODE ARGS_A -- ARGS_B: smsearch --json with either argument list,
# compared in MODE; prints what differs and fails when something does (exit
# 1, nothing found, is an answer like any other).
pair() {
	local mode=$1 a=() rc1=0 rc2=0
	shift
	while [ "$1" != -- ]; do a+=("$1"); shift; done
	shift
	"$smsearch" --json "${a[@]}" >"$tmp/left" 2>"$tmp/err" || rc1=$?
	[ $rc1 -le 1 ] || { echo "exit $rc1: $(cat "$tmp/err")"; return 1; }
	"$smsearch" --json "$@" >"$tmp/right" 2>"$tmp/err" || rc2=$?
	[ $rc2 -le 1 ] || { echo "exit $rc2: $(cat "$tmp/err")"; return 1; }
	[ $rc1 -eq $rc2 ] || { echo "exit $rc1 against $rc2"; return 1; }
	compare "$tmp/left" "$tmp/right" "$mode"
}
# same DESC MODE ARGS_A -- ARGS_B: pair as one check.
same() {
	local desc=$1 diff
	shift
	if diff=$(pair "$@"); then ok "$desc"; else not_ok "$desc" "$diff"; fi
}
# every DESC MODE A B [OPTION...] -- QUESTION...: pair for each question,
# with the --db options of arrays named A and B, as one check.
every() {
	local desc=$1 mode=$2 q d diffs="" extra=()
	local -n ea=$3 eb=$4
	shift 4
	while [ "$1" != -- ]; do extra+=("$1"); shift; done
	shift
	for q in "$@"; do
		d=$(pair "$mode" "${ea[@]}" "${extra[@]}" "$q" -- "${eb[@]}" "${extra[@]}" "$q") ||
			diffs+="'$q': $d"$'\n'
	done
	if [ -z "$diffs" ]; then ok "$desc"; else not_ok "$desc" "$diffs"; fi
}

# Questions the thesaurus leaves alone, and questions it widens.
plain=("pain" "breast cancer" "\"eye drops\"" "insulin AND diabetes" "fever cough rash"
	"title:migraine")
thes=("migraine treatment" "blood pressure in the elderly" "vaccine -child"
	"what are the symptoms of asthma")
all=(--per-article 0 -n 1000)
for q in "${plain[@]}" "${thes[@]}"; do
	same "'$q': two local shards = one index, every match (scores, ids, snippets; ties aside)" \
		ties "${whole[@]}" "${all[@]}" "$q" -- "${local2[@]}" "${all[@]}" "$q"
done
# The thesaurus works over tcp:// too: smsearch keeps it in metadata, which
# Xapian's remote backend serves (its synonym table it does not).
for q in "${plain[@]}" "${thes[@]}"; do
	same "'$q': two servers = two local shards (JSON, total aside)" json \
		"${local2[@]}" "$q" -- "${remote[@]}" "$q"
	same "'$q': two servers = one index, every match (ties aside)" ties \
		"${whole[@]}" "${all[@]}" "$q" -- "${remote[@]}" "${all[@]}" "$q"
done
out=$("$smsearch" "${remote[@]}" --json "${all[@]}" migraine breast cancer 2>&1)
contains "$out" '"path":"'"$src"'/corpus/' "a passage from the first server"
contains "$out" '"path":"'"$src"'/tests/fixtures/articles.jsonl"' "a passage from the second server"
out=$("$smsearch" "${local2[@]}" --json radiaton 2>&1)
contains "$out" '"corrected":"radiation"' "'radiaton' is corrected over local shards"

# Equal scores are ordered by passage id (value 2). When a section has more
# equal-scored passages than --per-section lets through, which of them
# Xapian's collapse keeps could still depend on the document order, which
# shards split by file change; the questions here agree (since the intent
# and title lifts are ORed in), and smindex --shards keeps a section in one
# shard. What is not yet as with one index (issue 7), kept as TODO so that
# it shows and turns into an unexpected pass when it is fixed:
# - total is Xapian's estimate (get_uncollapsed_matches_estimated), which
#   depends on how the documents are split and on the backend.
# - Xapian's remote backend does not serve the spelling table: over tcp://
#   no word is corrected.
# todo WHY CHECK...: CHECK's results marked TODO WHY.
todo() {
	local why=$1 saved_n=$tap_n saved_f=$tap_failed line
	shift
	"$@" >"$tmp/todo.tap"
	tap_n=$saved_n
	tap_failed=$saved_f
	while IFS= read -r line; do
		case $line in
		"ok "* | "not ok "*) tap_n=$((tap_n + 1)); echo "$line # TODO $why" ;;
		*) echo "$line" ;;
		esac
	done <"$tmp/todo.tap"
}
out=$("$smsearch" "${remote[@]}" --json radiaton 2>&1)
todo "Xapian's remote backend has no spelling table" \
	contains "$out" '"corrected":"radiation"' "'radiaton' is corrected over two servers"
every "two local shards = one index: the same ids in the same order (-n 10)" \
	order whole local2 -- "${plain[@]}" "${thes[@]}"
why="total is Xapian's estimate, which depends on the shards and the backend"
todo "$why" every "two local shards = one index: the same total" \
	total whole local2 -- "${plain[@]}" "${thes[@]}"
todo "$why" every "two servers = two local shards: the same total" \
	total local2 remote -- "${plain[@]}" "${thes[@]}"

# --- Xapian stub database files ---------------------------------------------
printf 'auto %s\nauto %s\n' "$tmp/s1" "$tmp/s2" >"$tmp/stub-local"
same "a stub file of 'auto PATH' lines = the two shards given as --db" json \
	"${local2[@]}" "breast cancer" -- --db "$tmp/stub-local" "breast cancer"
same "the stub file's total too" total \
	"${local2[@]}" "breast cancer" -- --db "$tmp/stub-local" "breast cancer"
(cd "$tmp" && printf 'auto s1\nauto s2\n' >stub-rel)
same "a stub file with paths relative to it" json \
	"${local2[@]}" "migraine" -- --db "$tmp/stub-rel" "migraine"
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$p1" "$p2" >"$tmp/stub-remote"
same "a stub file of 'remote HOST:PORT' lines = the two tcp:// --db" json \
	"${remote[@]}" "fever cough rash" -- --db "$tmp/stub-remote" "fever cough rash"

# --- smindex --shards N: shards built in parallel, opened as one index ------
"$smindex" -q --shards 2 --db "$tmp/built" "${half_a[@]}" "${half_b[@]}" 2>/dev/null
if [ -f "$tmp/built/XAPIANDB" ] && [ -f "$tmp/built/shard0/iamglass" ] && [ -f "$tmp/built/shard1/iamglass" ]; then
	ok "--shards 2 writes shard0, shard1 and a stub file"
else
	not_ok "--shards 2 layout" "$(ls -R "$tmp/built" 2>&1 | head)"
fi
built=(--db "$tmp/built")
every "--shards 2 = one index, every match (scores, ids, snippets)" ties whole built \
	"${all[@]}" -- "${plain[@]}" "${thes[@]}"
every "--shards 2 = one index: the same ids in the same order (-n 10)" order whole built \
	-- "${plain[@]}" "${thes[@]}"
n0=$("$smsearch" --db "$tmp/built/shard0" --json -n 1000 --per-article 0 pain | grep -o '"id":' | wc -l)
n1=$("$smsearch" --db "$tmp/built/shard1" --json -n 1000 --per-article 0 pain | grep -o '"id":' | wc -l)
[ "$n0" -gt 0 ] && [ "$n1" -gt 0 ] && ok "both shards hold passages ($n0 and $n1 for 'pain')" ||
	not_ok "the articles are not spread over the shards: $n0 and $n1"
out=$("$smindex" --check --db "$tmp/built" 2>&1)
contains "$out" ", whole" "--check of a sharded index"
out=$("$smindex" --db "$tmp/built" "${half_a[@]}" "${half_b[@]}" 2>&1)
contains "$out" "indexed 0 articles" "a second run finds nothing to do (shards kept)"
expect_rc 2 "--shards 3 on an index of 2 shards: exit 2" \
	"$smindex" -q --shards 3 --db "$tmp/built" "${half_a[@]}"
expect_rc 2 "--shards 2 on a single index: exit 2" "$smindex" -q --shards 2 --db "$tmp/whole" "${half_a[@]}"
# A changed file and a deleted one: both indexes follow.
printf 'Insomnia remedies\n\nValerian root and warm milk before bed.\n' >"$tmp/a/gen/art00.txt"
rm "$tmp/b/gen/art01.txt"
"$smindex" -q --db "$tmp/whole" "${half_a[@]}" "${half_b[@]}" 2>/dev/null
"$smindex" -q --db "$tmp/built" "${half_a[@]}" "${half_b[@]}" 2>/dev/null
every "after a change and a deletion, --shards 2 = one index" ties whole built \
	"${all[@]}" -- "valerian" "${plain[@]}"
out=$("$smsearch" "${built[@]}" --json valerian)
contains "$out" '"art00#' "the changed file's new text is found in the shards"
out=$("$smindex" --check --db "$tmp/built" 2>&1)
contains "$out" ", whole" "--check after the update"
id=$("$smsearch" "${built[@]}" --json valerian | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["id"])')
out=$("$smsearch" "${built[@]}" --show "$id")
contains "$out" "> Valerian root" "--show over a sharded index"

# Abbreviations defined in either shard's articles widen a search over both.
mkdir -p "$tmp/acr"
i=0
while IFS='|' read -r abbr long; do
	i=$((i + 1))
	printf '{"id":"def%s","title":"Terms %s","text":"Here %s (%s) is named."}\n' "$i" "$i" "$long" "$abbr"
	printf '{"id":"use%s","title":"Care %s","text":"Support for %s is given."}\n' "$i" "$i" "$long"
done >"$tmp/acr/a.jsonl" <<'LIST'
NPH|normal pressure hydrocephalus
DVT|deep vein thrombosis
COPD|chronic obstructive pulmonary disease
IBS|irritable bowel syndrome
ADHD|attention deficit hyperactivity disorder
CVID|common variable immunodeficiency
LIST
"$smindex" -q --shards 2 --db "$tmp/acrdb" "$tmp/acr/a.jsonl" 2>/dev/null
missed=
i=0
for abbr in nph dvt copd ibs adhd cvid; do
	i=$((i + 1))
	"$smsearch" --db "$tmp/acrdb" --json --no-correct -n 20 "$abbr" | grep -q "\"use$i#" ||
		missed="$missed $abbr"
done
[ -z "$missed" ] && ok "abbreviations defined in either shard widen a search over both" ||
	not_ok "abbreviations defined in either shard widen a search over both" "missed:$missed"

# --- smindex --jobs N: a new index built by N processes, merged into one ---
"$smindex" -q --jobs 2 --db "$tmp/par" "${half_a[@]}" "${half_b[@]}" 2>/dev/null
if [ -f "$tmp/par/iamglass" ] && [ ! -e "$tmp/par/XAPIANDB" ] &&
	[ -z "$(ls -d "$tmp"/par.* 2>/dev/null)" ]; then
	ok "--jobs 2 leaves one index and no parts"
else
	not_ok "--jobs 2 layout" "$(ls -d "$tmp"/par* 2>&1)"
fi
par=(--db "$tmp/par")
every "--jobs 2 = one process, every match (scores, ids, snippets)" ties whole par \
	"${all[@]}" -- "${plain[@]}" "${thes[@]}"
out=$("$smindex" --check --db "$tmp/par" 2>&1)
contains "$out" "$("$smindex" --check --db "$tmp/whole" | sed 's/^[^:]*: //')" \
	"--jobs 2: the registry counts every part's passages (--check)"
out=$("$smindex" --jobs 2 --db "$tmp/par" "${half_a[@]}" "${half_b[@]}" 2>&1)
contains "$out" "indexed 0 articles" "a second run finds nothing to do"

# --- a server that is down --------------------------------------------------
stop_servers
rc=0
"$smsearch" "${remote[@]}" --json pain >"$tmp/down.out" 2>"$tmp/down.err" || rc=$?
expect() { if [ "$1" = "$2" ]; then ok "$3"; else not_ok "$3" "got $1, wanted $2${4:+: $4}"; fi; }
expect "$rc" 2 "servers down: exit 2"
expect "$(wc -l <"$tmp/down.err")" 1 "servers down: one line on stderr" "$(cat "$tmp/down.err")"
contains "$(cat "$tmp/down.err")" "tcp://127.0.0.1:$p1" "the error names the server"
expect "$(head -c 300 "$tmp/down.out")" "" "servers down: nothing on stdout"
# One server up, the other down: still an error, not half the results.
if serve "$tmp/s1"; then
	p1=$port
	rc=0
	err=$("$smsearch" --db "tcp://127.0.0.1:$p1" --db "tcp://127.0.0.1:$p2" pain 2>&1 >/dev/null) || rc=$?
	expect "$rc" 2 "one server of two down: exit 2" "$err"
	contains "$err" "tcp://127.0.0.1:$p2" "the error names the server that is down"
	expect_rc 0 "the server that is up answers alone" "$smsearch" --db "tcp://127.0.0.1:$p1" pain
	stop_servers
fi
expect_rc 2 "a stub file naming a server that is down: exit 2" "$smsearch" --db "$tmp/stub-remote" pain
expect_rc 2 "tcp:// without a port: exit 2" "$smsearch" --db "tcp://127.0.0.1" pain

done_testing
