#!/usr/bin/env bash
# bench/speed.sh - smsearch beside the reference tools, in one run, one table.
#
#   bench/speed.sh            index build, peak memory, index size and
#                             whole-process query time for smsearch, Xapian's
#                             simpleindex/simplesearch, omindex/quest,
#                             recollindex/recollq and SQLite FTS5, on the
#                             MedQuAD corpus; then smsearch in process
#                             (smsearch-eval) over the LiveQA and MedQuAD
#                             question sets. Medians over RUNS runs.
#   bench/speed.sh --scale    smsearch alone on MedQuAD repeated with changed
#                             ids up to 50k, 200k and 1M passages: build time,
#                             peak memory, size, in-process p50/p99. Long
#                             (15-30 min); not part of any test.
#
# Environment:
#   BUILD   build dir (default build/)      DATA  ../shared/data
#   RUNS    runs per figure (default 3; QUICK=1 makes it 1)
#   NQ      questions for the whole-process timing (default 50, QUICK 20)
#   QUICK=1 one run, 20 questions, 1000 MedQuAD questions in process
#   SMINDEX_ARGS  extra smindex options (default none: a new index is built
#           by one process per core and merged; "--jobs 1" for one process,
#           "--shards 2" to keep two shards). Peak memory is that of the
#           largest process: each of the N takes about as much.
#   SCALE_POINTS  passages for --scale (default "50000 200000 1000000")
#   EVAL_ARGS  smsearch-eval options for the in-process times (default
#           "--depth 10 --snippets": a first page, as smsearch asks)
#   TMPDIR  where the corpora and indexes are written (all removed at exit;
#           --scale needs about 3 GB there)
#
# Missing Debian packages (xapian-examples, xapian-omega, recollcmd, sqlite3,
# xapian-tools, time) are installed with apt-get when run as root; otherwise
# a tool that is missing is skipped with a message. The data is read from
# DATA and written out only under a temporary directory, removed on exit.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$top/build}
DATA=${DATA:-$top/../shared/data}
QUICK=${QUICK:-}
RUNS=${RUNS:-$([ -n "$QUICK" ] && echo 1 || echo 3)}
NQ=${NQ:-$([ -n "$QUICK" ] && echo 20 || echo 50)}
SMINDEX_ARGS=${SMINDEX_ARGS:-}
# In process, a question is what smsearch and the launcher provider ask: a
# first page of 10 passages with snippets.
EVAL_ARGS=${EVAL_ARGS:---depth 10 --snippets}
SCALE_POINTS=${SCALE_POINTS:-50000 200000 1000000}
XEX=/usr/lib/xapian-examples/examples
MK="python3 $top/bench/make-corpus.py"
QT="python3 $top/bench/qtime.py"
SMINDEX=$BUILD/indexer/smindex
SMSEARCH=$BUILD/query/smsearch
SMEVAL=$BUILD/eval/smsearch-eval
CORPUS=$DATA/medquad/corpus.jsonl
LQ_Q=$DATA/liveqa-medquad/queries.tsv
LQ_R=$DATA/liveqa-medquad/qrels.tsv
MQ_Q=$DATA/medquad/queries.tsv
MQ_R=$DATA/medquad/qrels.tsv
export NO_COLOR=1 LC_ALL=C.UTF-8

say() { printf 'speed: %s\n' "$*" >&2; }
die() { printf 'speed: %s\n' "$*" >&2; exit 2; }

mode=bench
case ${1:-} in
"") ;;
--scale) mode=scale ;;
-h | --help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
*) die "unknown argument '$1' (use --scale or nothing)" ;;
esac

for f in "$CORPUS" "$LQ_Q" "$LQ_R" "$MQ_Q" "$MQ_R"; do
	[ -r "$f" ] || die "no data: $f (set DATA)"
done
for f in "$SMINDEX" "$SMSEARCH" "$SMEVAL"; do
	[ -x "$f" ] || die "not built: $f (run ./build.sh)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/smsearch-speed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# Our own copies of the programs: others may rebuild build/ while we run.
mkdir "$tmp/bin"
cp "$SMINDEX" "$SMSEARCH" "$SMEVAL" "$tmp/bin/"
SMINDEX=$tmp/bin/smindex SMSEARCH=$tmp/bin/smsearch SMEVAL=$tmp/bin/smsearch-eval

# --- tools ---------------------------------------------------------------
# have PACKAGE FILE: FILE is there, installing PACKAGE if it is not and we
# may; 1 (with a message) if it cannot be had.
have() {
	[ -x "$2" ] && return 0
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
		say "installing Debian package $1 (for $2) with apt-get"
		if [ -z "${apt_updated:-}" ]; then
			DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
			apt_updated=1
		fi
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" \
			>/dev/null 2>&1 || true
	fi
	[ -x "$2" ] && return 0
	say "skipping: $2 is missing and package $1 could not be installed (not root?)"
	return 1
}

have time /usr/bin/time || die "/usr/bin/time is needed for peak memory"
TOOLS=(smsearch)
[ "$mode" = scale ] || {
	have xapian-examples $XEX/simpleindex && TOOLS+=(simple)
	have xapian-omega /usr/bin/omindex && have xapian-tools /usr/bin/quest && TOOLS+=(omega)
	have recollcmd /usr/bin/recollindex && TOOLS+=(recoll)
	have sqlite3 /usr/bin/sqlite3 && TOOLS+=(fts5)
}
have xapian-tools /usr/bin/xapian-compact || true

label() {
	case $1 in
	smsearch) echo "smsearch (smindex; -n 10)" ;;
	simple) echo "Xapian simpleindex/simplesearch" ;;
	omega) echo "omindex/quest" ;;
	recoll) echo "recollindex/recollq -A" ;;
	fts5) echo "SQLite FTS5, snippet()" ;;
	floor) echo "(floor: /bin/true)" ;;
	esac
}

# --- timing --------------------------------------------------------------
# timed OUT CMD...: run CMD (stdin as given) under /usr/bin/time; OUT gets
# "seconds peak_kB"; CMD's output goes to OUT.log. Fails when CMD does.
timed() {
	local out=$1 rc=0
	shift
	/usr/bin/time -f '%e %M' -o "$out" "$@" >"$out.log" 2>&1 || rc=$?
	if [ $rc -ne 0 ]; then
		say "failed ($rc): $*"
		sed 's/^/  /' "$out.log" | tail -5 >&2
		return 1
	fi
	tail -n 1 "$out" >"$out.tmp" && mv "$out.tmp" "$out"
}

# build TOOL DIR TIMEFILE: build TOOL's index of the MedQuAD corpus in DIR.
build() {
	local t=$1 d=$2 o=$3
	rm -rf "$d"
	mkdir -p "$d"
	case $t in
	smsearch)
		# shellcheck disable=SC2086
		timed "$o" "$SMINDEX" --db "$d/db" $SMINDEX_ARGS "$CORPUS" ;;
	simple) timed "$o" "$XEX/simpleindex" "$d/db" <"$tmp/paras.txt" ;;
	omega) timed "$o" omindex --db "$d/db" --url / "$tmp/files" ;;
	recoll)
		cat >"$d/recoll.conf" <<-EOF
			topdirs = $tmp/files
			indexStemmingLanguages = english
			noaspell = 1
			loglevel = 1
		EOF
		RECOLL_CONFDIR=$d timed "$o" recollindex -c "$d" -z ;;
	fts5)
		cat >"$d/load.sql" <<-EOF
			CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, body, tokenize = 'porter unicode61');
			.import --csv $tmp/paras.csv fts
		EOF
		timed "$o" sqlite3 "$d/fts.db" <"$d/load.sql" ;;
	esac
}

# The index proper of TOOL in DIR (what is measured and compacted).
index_of() {
	case $1 in
	recoll) echo "$2/xapiandb" ;;
	fts5) echo "$2/fts.db" ;;
	*) echo "$2/db" ;;
	esac
}

docs_of() {
	case $1 in
	fts5) sqlite3 "$2/fts.db" 'SELECT count(*) FROM fts' ;;
	*) xapian-delve "$(index_of "$1" "$2")" 2>/dev/null | sed -n 's/^number of documents = //p' ;;
	esac
}

# compact TOOL DIR: bytes of the index compacted (xapian-compact for
# Xapian's, FTS5 'optimize' and VACUUM for SQLite's).
compact() {
	local src
	src=$(index_of "$1" "$2")
	case $1 in
	fts5)
		cp "$src" "$tmp/compact.db"
		sqlite3 "$tmp/compact.db" "INSERT INTO fts(fts) VALUES('optimize'); VACUUM;" >/dev/null
		du -sb "$tmp/compact.db" | cut -f1
		rm -f "$tmp/compact.db" ;;
	*)
		rm -rf "$tmp/compact"
		if xapian-compact "$src" "$tmp/compact" >/dev/null 2>&1; then
			du -sb "$tmp/compact" | cut -f1
		else
			echo nan
		fi
		rm -rf "$tmp/compact" ;;
	esac
}

# eval_time QUERIES QRELS DB...: "median p99" (ms) of one smsearch-eval run.
eval_time() {
	local q=$1 r=$2 out
	shift 2
	local dbs=()
	for d in "$@"; do dbs+=(--db "$d"); done
	# shellcheck disable=SC2086
	out=$("$SMEVAL" "${dbs[@]}" --queries "$q" --qrels "$r" $EVAL_ARGS) || return 1
	sed -n 's/^time *median \([0-9.]*\) ms, p99 \([0-9.]*\) ms.*/\1 \2/p' <<<"$out"
}

# median: the median of the numbers on stdin ("nan" when there are none).
median() { python3 -c 'import statistics,sys; v=[float(x) for x in sys.stdin.read().split() if x!="nan"]; print(statistics.median(v) if v else "nan")'; }

machine() {
	printf '%s cores, %s, %s GB RAM; load average %s' "$(nproc)" \
		"$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)" \
		"$(awk '/MemTotal/{printf "%.0f", $2/1048576}' /proc/meminfo)" \
		"$(cut -d' ' -f1-3 /proc/loadavg)"
}

# =========================================================================
bench() {
	local stats n_art n_par text_bytes
	say "writing the corpus for the other tools into $tmp"
	stats=$($MK stats "$CORPUS")
	read -r n_art n_par text_bytes <<<"$stats"
	$MK paras "$CORPUS" "$tmp/paras.txt"
	$MK files "$CORPUS" "$tmp/files"
	$MK csv "$CORPUS" "$tmp/paras.csv"
	$MK questions "$tmp/q.tsv" "$NQ" "$LQ_Q" "$MQ_Q"

	# Index builds: RUNS rounds, each tool once a round, the order turned
	# round by round so that no tool always goes first.
	local r t i n=${#TOOLS[@]} order
	for ((r = 1; r <= RUNS; r++)); do
		order=()
		for ((i = 0; i < n; i++)); do order+=("${TOOLS[$(((i + r - 1) % n))]}"); done
		for t in "${order[@]}"; do
			say "run $r/$RUNS: indexing with $(label "$t")"
			if build "$t" "$tmp/$t" "$tmp/$t.time.$r"; then
				echo "$t $(cat "$tmp/$t.time.$r")" >>"$tmp/builds"
			else
				echo "$t nan nan" >>"$tmp/builds"
			fi
		done
	done
	# The last run's indexes stay for the sizes and the queries.
	local -A bsec bmem size csize docs
	for t in "${TOOLS[@]}"; do
		bsec[$t]=$(awk -v t="$t" '$1==t{print $2}' "$tmp/builds" | median)
		bmem[$t]=$(awk -v t="$t" '$1==t{print $3}' "$tmp/builds" | median)
		if [ -e "$(index_of "$t" "$tmp/$t")" ]; then
			size[$t]=$(du -sb "$(index_of "$t" "$tmp/$t")" | cut -f1)
			say "compacting the index of $(label "$t")"
			csize[$t]=$(compact "$t" "$tmp/$t")
			docs[$t]=$(docs_of "$t" "$tmp/$t")
		else
			size[$t]=nan csize[$t]=nan docs[$t]=nan
		fi
	done

	# Whole-process queries, every tool in turn question by question.
	local args=(--tool floor /bin/true)
	for t in "${TOOLS[@]}"; do
		case $t in
		smsearch) args+=(--tool smsearch "$SMSEARCH --db $tmp/smsearch/db -n 10 {q}") ;;
		simple) args+=(--tool simple "$XEX/simplesearch $tmp/simple/db {words}") ;;
		omega) args+=(--tool omega "quest -d $tmp/omega/db -m 10 {text}") ;;
		recoll) args+=(--tool recoll "recollq -c $tmp/recoll -o -n 10 -A -p 3 {text}") ;;
		fts5) args+=(--tool fts5 "sqlite3 -readonly $tmp/fts5/fts.db {fts_sql}") ;;
		esac
	done
	say "timing $NQ questions x ${#TOOLS[@]} tools x $RUNS runs, each a whole process"
	$QT --runs "$RUNS" --warm "$tmp/q.tsv" "${args[@]}" >"$tmp/queries.json"

	# smsearch in process.
	local mq_q=$MQ_Q mq_r=$MQ_R lq=() mq=()
	if [ -n "$QUICK" ]; then
		$MK questions "$tmp/mq1000.tsv" 1000 "$MQ_Q"
		mq_q=$tmp/mq1000.tsv
	fi
	for ((r = 1; r <= RUNS; r++)); do
		say "run $r/$RUNS: smsearch-eval in process (LiveQA, MedQuAD $(wc -l <"$mq_q") questions)"
		lq+=("$(eval_time "$LQ_Q" "$LQ_R" "$tmp/smsearch/db")")
		mq+=("$(eval_time "$mq_q" "$mq_r" "$tmp/smsearch/db")")
	done

	# The table.
	{
		echo "meta articles $n_art"
		echo "meta paragraphs $n_par"
		echo "meta text_bytes $text_bytes"
		echo "meta runs $RUNS"
		echo "meta nq $NQ"
		echo "meta machine $(machine)"
		echo "meta mq_questions $(wc -l <"$mq_q")"
		echo "meta eval_args $EVAL_ARGS"
		for t in "${TOOLS[@]}"; do
			echo "build $t ${bsec[$t]} ${bmem[$t]} ${size[$t]} ${csize[$t]} ${docs[$t]:-nan}"
		done
		awk '{print "run", $0}' "$tmp/builds"
		for x in "${lq[@]}"; do echo "eval liveqa $x"; done
		for x in "${mq[@]}"; do echo "eval medquad $x"; done
	} >"$tmp/results"
	python3 - "$tmp/results" "$tmp/queries.json" "${TOOLS[@]}" <<'PY'
import json, statistics, sys
res, qj, tools = sys.argv[1], sys.argv[2], sys.argv[3:]
meta, build, ev, runs = {}, {}, {"liveqa": [], "medquad": []}, {}
for line in open(res):
    w = line.split()
    if w[0] == "meta":
        meta[w[1]] = " ".join(w[2:])
    elif w[0] == "build":
        build[w[1]] = [float(x) for x in w[2:]]
    elif w[0] == "run":
        runs.setdefault(w[1], []).append(w[2:])
    elif w[0] == "eval" and len(w) == 4:
        ev[w[1]].append((float(w[2]), float(w[3])))
q = json.load(open(qj))
labels = {"smsearch": "smsearch (smindex; -n 10)", "simple": "simpleindex/simplesearch",
          "omega": "omindex/quest", "recoll": "recollindex/recollq -A -p 3",
          "fts5": "SQLite FTS5 + snippet()", "floor": "(floor: /bin/true)"}
text = float(meta["text_bytes"])
MB = 1e6
def f(x, fmt):
    return "-" if x != x else fmt % x
def ratio(a, b):
    return float("nan") if not b or b != b or a != a else a / b
sm = build.get("smsearch", [float("nan")] * 5)
smq = q.get("smsearch", {}).get("median_ms", float("nan"))
print("MedQuAD: %s articles, %s paragraphs, %.1f MB of text; %s; medians of %s run(s)"
      % (meta["articles"], meta["paragraphs"], text / MB, meta["machine"], meta["runs"]))
print()
hdr = ("tool", "docs", "build s", "sm/tool", "peak MB", "index MB", "compact MB",
       "x text", "query ms", "p90 ms", "sm/tool", "answered")
fmt = "%-28s %7s %8s %7s %8s %9s %10s %6s %9s %7s %7s %8s"
print(fmt % hdr)
for t in tools + ["floor"]:
    qs = q.get(t, {})
    qm = qs.get("median_ms", float("nan"))
    if t == "floor":
        b = [float("nan")] * 5
    else:
        b = build[t]
    sec, kb, size, csize, docs = b
    print(fmt % (labels[t], f(docs, "%d"), f(sec, "%.2f"), f(ratio(sm[0], sec), "%.2f"),
                 f(kb / 1024, "%.0f"), f(size / MB, "%.1f"), f(csize / MB, "%.1f"),
                 f(csize / text, "%.2f"), f(qm, "%.2f"), f(qs.get("p90_ms", float("nan")), "%.2f"),
                 f(ratio(smq, qm), "%.2f") if t != "floor" else "-",
                 "%d/%d" % (qs.get("answered", 0), qs.get("questions", 0)) if qs else "-"))
print()
print("sm/tool = smsearch's figure divided by the tool's (below 1: smsearch is faster).")
print("query ms = median over %s questions (LiveQA and MedQuAD, evenly spread) of one whole"
      " process each, warm cache, tools taking turns; p90 likewise. x text = compacted index"
      " / text bytes." % meta["nq"])
print("build s, run by run: " + "; ".join(
    "%s %s" % (t, " ".join(r[0] for r in runs.get(t, []))) for t in tools))
qr = q.get("smsearch", {}).get("run_medians_ms")
if qr:
    print("query ms, run by run: " + "; ".join(
        "%s %s" % (t, " ".join("%.2f" % x for x in q[t]["run_medians_ms"])) for t in tools if t in q))
for name, k, n in (("LiveQA", "liveqa", 69), ("MedQuAD", "medquad", meta["mq_questions"])):
    v = ev[k]
    if v:
        print("smsearch in process (smsearch-eval %s), %s (%s questions): "
              "median %.2f ms, p99 %.2f ms (median of %d runs)"
              % (meta["eval_args"], name, n, statistics.median(x[0] for x in v),
                 statistics.median(x[1] for x in v), len(v)))
print()
print("Targets (issue 7):")
def tgt(desc, val, ok):
    print("  %-58s %-14s %s" % (desc, val, "met" if ok else "MISSED"))
if "simple" in build:
    r = ratio(sm[0], build["simple"][0])
    tgt("build <= 0.25x simpleindex", "%.2fx" % r, r <= 0.25)
if "recoll" in build:
    r = ratio(sm[0], build["recoll"][0])
    tgt("build faster than recollindex", "%.2fx" % r, r < 1)
r = sm[3] / text
tgt("compacted index <= 2x text", "%.2fx" % r, r <= 2)
if "omega" in q:
    r = ratio(smq, q["omega"]["median_ms"])
    tgt("CLI query <= 1.0x quest", "%.2fx" % r, r <= 1)
allv = ev["liveqa"] + ev["medquad"]
if allv:
    m = max(statistics.median(x[0] for x in ev[k]) for k in ev if ev[k])
    p = max(statistics.median(x[1] for x in ev[k]) for k in ev if ev[k])
    tgt("in process median < 1 ms (worse of the two sets)", "%.2f ms" % m, m < 1)
    tgt("in process p99 < 5 ms (worse of the two sets)", "%.2f ms" % p, p < 5)
PY
}

# =========================================================================
scale() {
	local n_art ratio target arts dir out passages sec kb size
	say "indexing MedQuAD once for its passages per article"
	n_art=$($MK stats "$CORPUS" | cut -d' ' -f1)
	# shellcheck disable=SC2086
	timed "$tmp/base.time" "$SMINDEX" --db "$tmp/base" $SMINDEX_ARGS "$CORPUS"
	passages=$(sed -n 's/.*articles, \([0-9]*\) passages.*/\1/p' "$tmp/base.time.log")
	rm -rf "$tmp/base"
	ratio=$(python3 -c "print($passages / $n_art)")
	say "MedQuAD: $passages passages in $n_art articles ($ratio a article)"
	# Latency questions: all of LiveQA and 931 of MedQuAD's, 1000 in all.
	$MK questions "$tmp/mq.tsv" 931 "$MQ_Q"
	cat "$LQ_Q" "$tmp/mq.tsv" >"$tmp/q.tsv"
	cat "$LQ_R" "$MQ_R" >"$tmp/r.tsv"
	printf '%-10s %10s %9s %9s %9s %9s %9s %10s %10s\n' passages articles "build s" "peak MB" \
		"rerun s" "index MB" "MB/1k p" "p50 ms" "p99 ms" >"$tmp/table"
	for target in $SCALE_POINTS; do
		arts=$(python3 -c "import math; print(math.ceil($target / $ratio))")
		dir=$tmp/scale-$target
		say "$target passages: writing $arts articles to $dir"
		$MK scale "$CORPUS" "$dir/in" --articles "$arts"
		say "$target passages: indexing"
		sync
		# shellcheck disable=SC2086
		timed "$tmp/scale.time" "$SMINDEX" --db "$dir/db" $SMINDEX_ARGS "$dir/in" || continue
		read -r sec kb <"$tmp/scale.time"
		passages=$(sed -n 's/.*articles, \([0-9]*\) passages.*/\1/p' "$tmp/scale.time.log")
		size=$(du -sb "$dir/db" | cut -f1)
		# A run that changes nothing: what updating the index costs at least.
		local rerun=nan rkb
		# shellcheck disable=SC2086
		timed "$tmp/rerun.time" "$SMINDEX" --db "$dir/db" $SMINDEX_ARGS "$dir/in" &&
			read -r rerun rkb <"$tmp/rerun.time"
		rm -rf "$dir/in"
		local lat=()
		for ((r = 1; r <= RUNS; r++)); do
			say "$target passages: smsearch-eval run $r/$RUNS ($(wc -l <"$tmp/q.tsv") questions)"
			lat+=("$(eval_time "$tmp/q.tsv" "$tmp/r.tsv" "$dir/db")")
		done
		local p50 p99
		p50=$(printf '%s\n' "${lat[@]}" | cut -d' ' -f1 | median)
		p99=$(printf '%s\n' "${lat[@]}" | cut -d' ' -f2 | median)
		awk -v p="$passages" -v a="$arts" -v s="$sec" -v kb="$kb" -v sz="$size" \
			-v re="$rerun" -v p50="$p50" -v p99="$p99" 'BEGIN {
				printf "%-10s %10s %9.1f %9.0f %9.2f %9.1f %9.2f %10.2f %10.2f\n",
					p, a, s, kb / 1024, re, sz / 1e6, sz / 1000 / p, p50, p99 }' >>"$tmp/table"
		cat "$tmp/table" >&2
		rm -rf "$dir"
	done
	echo "smsearch at scale: MedQuAD repeated with changed ids and url hosts; $(machine)"
	echo "build = smindex$([ -n "$SMINDEX_ARGS" ] && echo " $SMINDEX_ARGS") from scratch (wall, one run);" \
		"rerun = the same smindex again, nothing changed;" \
		"latency = smsearch-eval $EVAL_ARGS in process, 69 LiveQA + 931 MedQuAD" \
		"questions, median of $RUNS run(s)"
	echo
	cat "$tmp/table"
}

# One line, so that bash has read all of it before it runs: the script may
# be edited while it runs.
case $mode in bench) bench ;; scale) scale ;; esac; exit
