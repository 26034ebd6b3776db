#!/usr/bin/env bash
# End-to-end tests of smindex and smsearch on corpus/ and on fixtures.
# Usage: search.sh BUILD_DIR SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh" && setup "$@"
article=$src/corpus/000_e58aad88b0507f9e.txt
# json EXPR: evaluate a Python expression over the JSON on stdin (as j).
json() { python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }
# first_line QUERY...: the line of the best passage.
first_line() { "$smsearch" --json -n 1 "$@" | json 'j["results"][0]["line"]'; }
# fixture NAME: index the JSON Lines on stdin into $tmp/NAME.
fixture() { cat >"$tmp/$1.jsonl" && "$smindex" -q --db "$tmp/$1" "$tmp/$1.jsonl"; }
# lines QUERY...: lines of the first 10 passages, space separated.
lines() { "$smsearch" --json -n 10 --per-article 0 "$@" | json '" ".join(str(r["line"]) for r in j["results"])'; }

# --- indexing ------------------------------------------------------------
out=$("$smindex" "$src/corpus" 2>&1)
contains "$out" "indexed 1 article, 62 passages from 1 file" "corpus indexes into 62 passages"
out=$("$smindex" "$article" 2>&1)
contains "$out" "1 unchanged" "an unchanged file is not read again"
out=$("$smindex" --force "$article" 2>&1)
contains "$out" "62 passages" "--force indexes it again"
total=$("$smsearch" --json spine | json 'j["total"]')
[ "$total" -le 62 ] && ok "no duplicates after re-indexing ($total hits)" || not_ok "duplicates: $total hits"

# --- answers ---------------------------------------------------------------
out=$("$smsearch" "side effects of radiation")
contains "$out" "long-term side effects" "side effects question finds its section"
contains "$out" "[side effects]" "piped output marks matches with brackets"
contains "$out" "corpus/000_e58aad88b0507f9e.txt:1" "results give path:line"
lacks "$out" $'\033[' "no escape codes in a pipe"
[ "$(first_line diagnostic tests)" = 9 ] && ok "table row answers 'diagnostic tests'" || not_ok "table row not first for 'diagnostic tests'"
[ "$(first_line what is kyphoplasty)" = 38 ] && ok "bullet item answers 'what is kyphoplasty'" || not_ok "bullet not first for kyphoplasty"
l=$(lines radiotherapy)
contains " $l " " 11 " "'radiotherapy' finds 'Radiation therapy' (thesaurus)"
l=$(lines tumour)
[ -n "$l" ] && ok "British 'tumour' finds 'tumor'" || not_ok "'tumour' finds nothing"
l=$(lines chemo)
contains " $l " " 12 " "'chemo' finds the chemotherapy row"
out=$("$smsearch" --json radiaton)
contains "$out" '"corrected":"radiation"' "a typo is corrected"
n=$(printf '%s' "$out" | json 'len(j["results"])')
[ "$n" -gt 0 ] && ok "the corrected query answers" || not_ok "no answer after correction"
out=$("$smsearch" --no-correct --json radiaton)
contains "$out" '"corrected":null' "--no-correct keeps the word"
# In a message, a real word the articles lack is not "corrected" to a
# neighbour; in a short query it is ("prostrate" for "prostate").
printf '{"id":"wh","title":"Syndromes","text":"The Waterhouse syndrome is rare."}\n' >"$tmp/wh.jsonl"
"$smindex" -q --db "$tmp/whdb" "$tmp/wh.jsonl"
printf 'apple\nwarehouse\nzebra' >"$tmp/words" # the last line without its newline
long='the pills were kept in a warehouse for weeks before I got them, is the syndrome a risk'
out=$(SMSEARCH_DICT=/nonexistent "$smsearch" --db "$tmp/whdb" --json "$long")
contains "$out" '"corrected":"the pills were kept in a waterhouse' \
	"without a word list, 'warehouse' in a message is corrected"
out=$(SMSEARCH_DICT="$tmp/words" "$smsearch" --db "$tmp/whdb" --json "$long")
contains "$out" '"corrected":null' "a word of the word list is not corrected in a message"
out=$(SMSEARCH_DICT="$tmp/words" "$smsearch" --db "$tmp/whdb" --json warehouse)
contains "$out" '"corrected":"waterhouse"' "a short query's word is corrected all the same"
out=$(SMSEARCH_DICT="$tmp/words" "$smsearch" --db "$tmp/whdb" --json "${long/warehouse/waterhuose}")
contains "$out" '"corrected":"the pills were kept in a waterhouse' \
	"a word not in the list still is, in a message ('waterhuose')"
# A word of a file since removed is no longer a guess (the spelling
# table keeps it): the question stays as typed.
mkdir "$tmp/gone"
printf 'Migraine drugs\n\nZolmitriptan eases migraine attacks.\n' >"$tmp/gone/z.txt"
printf 'Sleep\n\nAdults need seven hours of sleep.\n' >"$tmp/gone/sleep.txt"
"$smindex" -q --db "$tmp/gonedb" "$tmp/gone"
out=$("$smsearch" --db "$tmp/gonedb" --json zolmitriptn)
contains "$out" '"corrected":"zolmitriptan"' "a typo of a word in the index is corrected"
rm "$tmp/gone/z.txt"
"$smindex" -q --db "$tmp/gonedb" "$tmp/gone"
out=$("$smsearch" --db "$tmp/gonedb" --json zolmitriptn)
contains "$out" '"corrected":null' "a word of a removed file is not a guess"
# The nearest word is not the guess when it is rare and a far more common
# one is a little further: "syntoms" is one edit from "symtoms" (a typo in
# one passage), two from "symptoms" (in 1,200).
python3 -c '
for i in range(1200):
    print("{\"id\":\"a%d\",\"title\":\"Condition %d\",\"text\":\"The symptoms of condition %d.\"}" % (i, i, i))
print("{\"id\":\"typo\",\"title\":\"Flu\",\"text\":\"The symtoms of flu.\"}")' >"$tmp/typo.jsonl"
"$smindex" -q --db "$tmp/typodb" "$tmp/typo.jsonl"
out=$("$smsearch" --db "$tmp/typodb" --json -n 1 "syntoms of flu")
contains "$out" '"corrected":"symptoms of flu"' "a rare nearest word gives way to a far more common one"
# ... nor a completion: 25 words of a removed file, each more frequent,
# would crowd out the one word left that begins alike.
mkdir "$tmp/crowd"
python3 -c 'import sys; sys.stdout.write("Gone\n\n" + " ".join("zq%s%s " % (a, b) * 3 for a in "abcde" for b in "abcde") + "\n")' >"$tmp/crowd/gone.txt"
printf 'Kept\n\nThe zqzzy word stays.\n' >"$tmp/crowd/kept.txt"
"$smindex" -q --db "$tmp/crowddb" "$tmp/crowd"
rm "$tmp/crowd/gone.txt"
"$smindex" -q --db "$tmp/crowddb" "$tmp/crowd"
out=$("$smsearch" --db "$tmp/crowddb" --partial zq 2>&1)
contains "$out" "kept.txt" "a removed file's words leave the spelling table"

# --- query syntax ------------------------------------------------------------
out=$("$smsearch" --json -n 50 --per-article 0 '"spinal cord compression"')
bad=$(printf '%s' "$out" | json 'sum("spinal cord compression" not in r["text"].lower() for r in j["results"])')
[ "$bad" = 0 ] && ok "a phrase matches only passages holding it" || not_ok "phrase leaked $bad passages"
out=$("$smsearch" --json -n 50 --per-article 0 'radiation NOT chemotherapy')
bad=$(printf '%s' "$out" | json 'sum("chemotherapy" in r["text"].lower() for r in j["results"])')
[ "$bad" = 0 ] && ok "NOT excludes" || not_ok "NOT let $bad passages through"
out=$("$smsearch" --json -n 50 --per-article 0 'surgery AND radiation')
bad=$(printf '%s' "$out" | json 'sum(not ("surg" in r["text"].lower() and "radiation" in r["text"].lower()) for r in j["results"])')
[ "$bad" = 0 ] && ok "AND requires both" || not_ok "AND let $bad passages through"
expect_rc 0 "an unbalanced quote is still answered" "$smsearch" '"bone pain'
expect_rc 0 "a stray NOT is still answered" "$smsearch" 'pain NOT'
expect_rc 1 "punctuation only finds nothing" "$smsearch" '?!...'
# In a message longer than a query, or one in capitals, operators are words.
msg='my mother had radiation and was NOT given chemotherapy, she asks why her skin is red and sore'
out=$("$smsearch" --json -n 50 --per-article 0 "$msg")
n=$(printf '%s' "$out" | json 'sum("chemotherapy" in r["text"].lower() for r in j["results"])')
[ "$n" -gt 0 ] && ok "NOT in a long message is a word, not an operator" ||
	not_ok "NOT in a long message excluded chemotherapy"
out=$("$smsearch" --json -n 50 --per-article 0 'RADIATION SKIN NOT CHEMOTHERAPY')
n=$(printf '%s' "$out" | json 'sum("chemotherapy" in r["text"].lower() for r in j["results"])')
[ "$n" -gt 0 ] && ok "NOT in a question written in capitals is a word" ||
	not_ok "NOT in capitals excluded chemotherapy"
out=$("$smsearch" --json 'section:surgery decompression')
contains "$out" '"section":"What are some common treatment options for breast cancer metastasis to the spine? › Surgery"' "section: field"
# Field words carry no positions: a phrase in a field is all of its words.
out=$("$smsearch" --json -n 5 'title:"spine breast"')
contains "$out" '"title":"New Advances In The Treatment Of Breast Cancer' "title:\"...\" finds the title's words in any order"
expect_rc 1 "title:\"...\" needs every word in the title" "$smsearch" 'title:"breast lungs"'

# --- JSON shape ----------------------------------------------------------
out=$("$smsearch" --json -n 3 "side effects")
keys=$(printf '%s' "$out" | json '",".join(sorted(j["results"][0].keys()))')
[ "$keys" = "anchor,article,highlights,id,line,passage,rank,ref,score,section,snippet,text" ] && ok "JSON result keys" || not_ok "JSON result keys: $keys"
marked=$(printf '%s' "$out" | json '"|".join(r["snippet"].encode()[a:b].decode().lower() for r in j["results"] for a, b in r["highlights"])')
bad=$(printf '%s' "$marked" | tr '|' '\n' | grep -vcE '^(side|effects?|side effects?|effective)$')
[ "$bad" = 0 ] && [ -n "$marked" ] && ok "highlights are byte ranges of matched words" || not_ok "highlight ranges: $marked"

# --- page furniture and keywords ------------------------------------------
for q in medshun "share this post" "written by" "leave a comment" "did this article help you"; do
	l=$(lines "$q" 2>/dev/null || true)
	bad=0
	for x in $l; do [ "$x" -ge 150 ] && bad=1; done
	case " $l " in *" 20 "* | *" 54 "* | *" 78 "* | *" 102 "* | *" 124 "* | *" 140 "*) bad=1 ;; esac
	[ $bad = 0 ] && ok "furniture '$q' is never an answer" || not_ok "furniture '$q' answered: $l"
done
l=$(lines breast cancer metastasis to spine treatment)
case " $l " in *" 3 "*) not_ok "the keyword line came back as a passage" ;; *) ok "keyword line is not a passage" ;; esac

# --- errors ------------------------------------------------------------------
expect_rc 2 "missing index" "$smsearch" --db "$tmp/none" x
contains "$out$("$smsearch" --db "$tmp/none" x 2>&1)" "no index there" "missing index message"
expect_rc 2 "unknown option" "$smsearch" --bogus x
expect_rc 2 "bad --limit" "$smsearch" --limit abc x
expect_rc 2 "no query" "$smsearch"
expect_rc 1 "nothing found exits 1" "$smsearch" zzyzzyqq
# -n 0 counts; a page past the end says so.
n=$("$smsearch" --json radiation | json 'j["total"]')
out=$("$smsearch" -n 0 radiation 2>&1)
rc=$?
[ "$rc" = 0 ] && [ "$out" = "about $n passages match" ] && ok "-n 0 prints the count ($out)" ||
	not_ok "-n 0" "exit $rc: $out (total $n)"
expect_rc 1 "-n 0 of nothing exits 1" "$smsearch" -n 0 zzyzzyqq
out=$("$smsearch" --offset 5000 radiation 2>&1)
contains "$out" "no passage past the first 5000" "a page past the end says so"
# Xapian's estimate may count matches of an AND_NOT where there are none.
mkdir "$tmp/nt"
printf 'Food\n\nFood that had been refrigerated is safe.\n\nFood kept too long spoils.\n' >"$tmp/nt/f.txt"
"$smindex" -q --db "$tmp/ntdb" "$tmp/nt"
n=$("$smsearch" --db "$tmp/ntdb" --json "it had NOT been refrigerated" | json 'j["total"]')
[ "$n" = 0 ] && ok "a query that matches nothing counts nothing" || not_ok "total $n for no match"
expect_rc 1 "... and -n 0 says nothing matches" "$smsearch" --db "$tmp/ntdb" -n 0 "it had NOT been refrigerated"
expect_rc 0 "--help" "$smsearch" --help
expect_rc 2 "smindex without paths" "$smindex"
expect_rc 2 "smindex unknown option" "$smindex" --nope x
touch "$tmp/afile"
out=$("$smindex" --db "$tmp/afile" "$article" 2>&1)
[ "$out" = "smindex: $tmp/afile: not a directory (an index is one)" ] && ok "smindex --db FILE: one line" || not_ok "smindex --db FILE" "$out"
expect_rc 2 "... exit 2" "$smindex" -q --db "$tmp/afile" "$article"
expect_rc 2 "--jobs 0 is refused" "$smindex" --jobs 0 --db "$tmp/x" "$article"
expect_rc 2 "--shards x is refused" "$smindex" --shards x --db "$tmp/x" "$article"
mkdir "$tmp/notdb"
expect_rc 2 "a directory that is no index" "$smsearch" --db "$tmp/notdb" x
if command -v xapian-metadata >/dev/null; then
	cp -r "$tmp/db" "$tmp/other"
	xapian-metadata set "$tmp/other" smsearch:profile "smsearch-index-0;old"
	out=$("$smsearch" --db "$tmp/other" x 2>&1)
	contains "$out" "another profile" "an index of another profile is refused"
	expect_rc 2 "smindex refuses it too" "$smindex" --db "$tmp/other" "$article"
	expect_rc 0 "smindex --force rebuilds it" "$smindex" -q --force --db "$tmp/other" "$article"
	expect_rc 0 "... and it answers again" "$smsearch" --db "$tmp/other" radiation
	xapian-metadata set "$tmp/other" smsearch:profile "someone else's"
	expect_rc 2 "--force never empties a database smsearch did not make" \
		"$smindex" -q --force --db "$tmp/other" "$article"
fi

# --- incremental updates -------------------------------------------------
mkdir -p "$tmp/inc/sub"
cp "$src/tests/fixtures/accents.txt" "$tmp/inc/sub/a.txt"
cp "$src/tests/fixtures/articles.jsonl" "$tmp/inc/b.jsonl"
"$smindex" -q --db "$tmp/incdb" "$tmp/inc" 2>/dev/null
printf 'Heartburn\n\nAntacids ease heartburn quickly.\n' >"$tmp/inc/sub/a.txt"
out=$("$smindex" --db "$tmp/incdb" "$tmp/inc" 2>&1)
contains "$out" "indexed 1 article, 1 passage from 1 file" "a changed file is indexed again, alone"
expect_rc 1 "its old passages are gone" "$smsearch" --db "$tmp/incdb" brulee
mv "$tmp/inc/sub/a.txt" "$tmp/inc/sub/c.txt"
out=$("$smindex" --db "$tmp/incdb" "$tmp/inc" 2>&1)
contains "$out" "1 removed" "a renamed file: the old name is removed"
n=$("$smsearch" --db "$tmp/incdb" --json antacids | json 'len(j["results"])')
[ "$n" = 1 ] && ok "a renamed file leaves no duplicate" || not_ok "renamed file: $n results"
rm "$tmp/inc/b.jsonl"
out=$("$smindex" --db "$tmp/incdb" "$tmp/inc" 2>&1)
contains "$out" "1 removed" "a deleted file is removed"
expect_rc 1 "its passages are gone" "$smsearch" --db "$tmp/incdb" triptans
expect_rc 0 "smindex --check: whole" "$smindex" --check --db "$tmp/incdb"

# --- two files, one name -----------------------------------------------------
mkdir -p "$tmp/same/a" "$tmp/same/b"
printf 'Gout\n\nGout pain often starts in the big toe.\n' >"$tmp/same/a/gout.txt"
printf 'Gout diet\n\nCherries may ease gout pain.\n' >"$tmp/same/b/gout.txt"
"$smindex" -q --db "$tmp/samedb" "$tmp/same"
ids=$("$smsearch" --db "$tmp/samedb" --json --per-section 0 'gout pain' | json '" ".join(sorted(r["id"] for r in j["results"]))')
case $ids in "gout#0 gout~"*"#0") ok "two files of one name keep distinct passage ids ($ids)" ;; *) not_ok "ids: $ids" ;; esac

# --- two words written as one ------------------------------------------------
for i in 1 2 3 4 5; do
	printf '{"id":"wax%s","title":"Ear care %s","text":"Earwax protects the canal, note %s."}\n' "$i" "$i" "$i"
done >"$tmp/compound.jsonl"
printf '{"id":"gf","title":"Diets","text":"A glutenfree menu."}\n' >>"$tmp/compound.jsonl"
"$smindex" -q --db "$tmp/cdb" "$tmp/compound.jsonl"
out=$("$smsearch" --db "$tmp/cdb" --no-correct "ear wax")
contains "$out" "[Earwax]" "'ear wax' finds and marks 'Earwax'"
expect_rc 1 "a joined form in fewer than 5 passages is not a word ('gluten free')" \
	"$smsearch" --db "$tmp/cdb" --no-correct "gluten free"

# --- a one-word title no other title holds names its article -------------------
cat >"$tmp/one.jsonl" <<'JSON'
{"id":"zol","title":"Zolmitriptan","text":"Store the tablets at room temperature, away from light."}
{"id":"glu","title":"Gluten and medicines","text":"Gluten may be in tablets; ask whether zolmitriptan or any medicine holds gluten."}
{"id":"mig","title":"Migraine","text":"Migraine drugs such as zolmitriptan ease the pain."}
JSON
"$smindex" -q --db "$tmp/odb" "$tmp/one.jsonl"
top=$("$smsearch" --db "$tmp/odb" --json "where should I store zolmitriptan tablets with gluten" |
	json 'j["results"][0]["article"]["id"]')
[ "$top" = zol ] && ok "the article titled 'Zolmitriptan' answers a question naming it" ||
	not_ok "the article titled 'Zolmitriptan' answers a question naming it" "first: $top"

# --- an abbreviation an article defines also finds its long form -------------
cat >"$tmp/acr.jsonl" <<'JSON'
{"id":"nph","title":"Hydrocephalus","text":"Normal pressure hydrocephalus (NPH) affects walking."}
{"id":"grp","title":"Support","text":"Groups for normal pressure hydrocephalus meet weekly."}
JSON
"$smindex" -q --db "$tmp/adb" "$tmp/acr.jsonl"
ids=$("$smsearch" --db "$tmp/adb" --json --no-correct "nph" |
	json '" ".join(sorted(r["article"]["id"] for r in j["results"]))')
[ "$ids" = "grp nph" ] && ok "'nph' also finds 'normal pressure hydrocephalus' ($ids)" ||
	not_ok "'nph' also finds 'normal pressure hydrocephalus'" "$ids"
out=$("$smsearch" --db "$tmp/adb" --no-correct "nph")
contains "$out" "[normal pressure hydrocephalus]" "the long form is marked in the snippet"
n=$("$smsearch" --db "$tmp/adb" --json --no-correct "normal pressure" | json 'len(j["results"])')
[ "$n" = 2 ] && ok "the long form does not widen to the abbreviation" ||
	not_ok "the long form does not widen to the abbreviation" "$n results"

# --- lay and clinical names of a condition find each other -------------------
fixture lay <<'JSON'
{"id":"wax","title":"Cerumen","text":"Cerumen protects the canal."}
{"id":"amb","title":"Amblyopia","text":"Amblyopia is treated with a patch."}
{"id":"other","title":"Other","text":"A lazy day; wax for the floor; the ear and the eye."}
JSON
found() { "$smsearch" --db "$tmp/lay" --json --no-correct "$@" | json '" ".join(sorted(r["article"]["id"] for r in j["results"]))'; }
ids="$(found ear wax) / $(found lazy eye)"
[ "$ids" = "other wax / amb other" ] && ok "'ear wax' finds 'cerumen', 'lazy eye' 'amblyopia' ($ids)" ||
	not_ok "'ear wax' finds 'cerumen', 'lazy eye' 'amblyopia'" "$ids"

# --- a dose in a question does not pick the passage ----------------------------
fixture dose <<'JSON'
{"id":"calcium","title":"Calcium in diet","text":"Children need 500 mg a day, teenagers 1,300 mg, adults 1,000 mg; over 50: 1,200 mg. A 25 mg tablet is small; 25mg, 50mg and 500mg tablets are sold."}
{"id":"carv","title":"Heart drugs","text":"Carvedilol slows the heart. Ask before you take carvedilol with other drugs for blood pressure."}
JSON
for q in "carvedilol 25 mg with hydralazine 50 mg" "carvedilol 25mg with hydralazine 50mg"; do
	top=$("$smsearch" --db "$tmp/dose" --json --no-correct "$q" | json 'j["results"][0]["article"]["id"]')
	[ "$top" = carv ] && ok "'$q': the drug, not the dosing table" || not_ok "'$q': the drug, not the dosing table" "first: $top"
done

# --- a passage whose article answers too ranks above a passing mention -------
# The scan paragraph alone weighs less than "Fainting"; its article's
# first paragraph, the best answer, lifts it.
fixture ctx <<'JSON'
{"id":"attack","title":"Brain attack","text":"A stroke is a brain attack: its diagnosis is urgent, as a stroke can leave lasting harm.\n\nThe doctor confirms the diagnosis with a scan of the head and neck.\n\nMost people go home within a week."}
{"id":"faint","title":"Fainting","text":"Fainting is brief; a diagnosis is made at the clinic."}
JSON
ids=$("$smsearch" --db "$tmp/ctx" --json "stroke diagnosis" | json '" ".join(r["id"] for r in j["results"])')
[ "$ids" = "attack#0 attack#1 faint#0" ] && ok "the answering article's other passage comes next ($ids)" ||
	not_ok "the answering article's other passage comes next" "$ids"
scores=$("$smsearch" --db "$tmp/ctx" --json "stroke diagnosis" | json 'all(a["score"] >= b["score"] for a, b in zip(j["results"], j["results"][1:]))')
[ "$scores" = True ] && ok "scores fall with the ranks" || not_ok "scores fall with the ranks" "$scores"
ids=$("$smsearch" --db "$tmp/ctx" --json --offset 1 -n 1 "stroke diagnosis" | json 'j["results"][0]["id"]')
[ "$ids" = "attack#1" ] && ok "a second page follows the same order" || not_ok "a second page follows the same order" "$ids"

# --- what a question asks about its topic picks the section ------------------
cat >"$tmp/intent.jsonl" <<'JSON'
{"id":"zol","title":"Zolpidem","text":"Zolpidem\n\nZolpidem is used to treat insomnia.\n\nZolpidem may make you drowsy the next day.\n\nStore zolpidem at room temperature, away from moisture.\n\nDo not stop taking zolpidem suddenly; your doctor will lower the dose gradually."}
{"id":"hep","title":"Hepatitis A","text":"Hepatitis A\n\nHepatitis A is an inflammation of the liver.\n\nYou can catch hepatitis A from food or water, or by contact with an infected person.\n\nSigns of hepatitis A include dark urine and fatigue."}
JSON
"$smindex" -q --db "$tmp/idb" "$tmp/intent.jsonl"
first() { "$smsearch" --db "$tmp/idb" --json --no-correct "$1" | json 'j["results"][0]["text"][:24]'; }
for pair in "can zolpidem be left unrefrigerated|Store zolpidem at room t" \
	"is hepatitis a contagious|You can catch hepatitis " \
	"tapering off zolpidem|Do not stop taking zolpi" \
	"what are the symptoms of hepatitis a|Signs of hepatitis A inc"; do
	got=$(first "${pair%%|*}")
	[ "$got" = "${pair#*|}" ] && ok "'${pair%%|*}' answers with its section first" ||
		not_ok "'${pair%%|*}' answers with its section first" "first: $got"
done

# --- a paragraph repeated within an article is indexed once --------------------
printf '%s\n' '{"id":"rep","title":"Repeats","text":"Repeats\n\nGout often starts in the big toe.\n\nCauses\n\nGout often starts in the big toe.\n\nUric acid builds up."}' >"$tmp/rep.jsonl"
out=$("$smindex" --db "$tmp/rdb" "$tmp/rep.jsonl" 2>&1)
contains "$out" "1 repeated passage left out" "the summary counts a repeated paragraph"
n=$("$smsearch" --db "$tmp/rdb" --json "big toe" | json 'len(j["results"])')
[ "$n" = 1 ] && ok "a repeated paragraph answers once" || not_ok "a repeated paragraph answers $n times"

# --- a thesaurus of the user's own -------------------------------------------
expect_rc 1 "'spinefix' finds nothing without a thesaurus" "$smsearch" --no-correct spinefix
printf '# mine\tx\nkyphoplasty\tspinefix\nlonely\n' >"$tmp/syn.tsv"
out=$("$smindex" --db "$tmp/db" --synonyms "$tmp/syn.tsv" 2>&1)
contains "$out" "added 1 synonym groups" "smindex --synonyms reads groups, skips comments and lone terms"
[ "$(first_line --no-correct spinefix)" = 38 ] && ok "a user's synonym finds the passage" || not_ok "'spinefix' did not find kyphoplasty"
expect_rc 2 "a missing thesaurus file is an error" "$smindex" --db "$tmp/db" --synonyms "$tmp/nope.tsv"

# --- hostile paths and queries ---------------------------------------------
mkdir -p "$tmp/odd/loop"
ln -s .. "$tmp/odd/loop/up"
cp "$src/tests/fixtures/accents.txt" "$tmp/odd/$(printf 'new\nline.txt')"
cp "$src/tests/fixtures/latin1.txt" "$tmp/odd/$(printf 'caf\xe9.txt')"
out=$("$smindex" --db "$tmp/odddb" "$tmp/odd" 2>&1)
contains "$out" "skipped: directory loop" "a symlink loop is reported, not followed forever"
contains "$out" "indexed 2 articles" "files with a newline or a non-UTF-8 byte in their names are indexed"
out=$("$smsearch" --db "$tmp/odddb" --json zurich)
contains "$out" 'new\nline.txt' "... and their path comes back, escaped in JSON"
long=$(python3 -c "print('radiation ' * 10000 + 'spine')")
expect_rc 0 "a 100 KB query is answered" "$smsearch" -n 1 "$long"
expect_rc 0 "a query of stop words only is answered with them" "$smsearch" "what is the of and"
expect_rc 1 "a query in another script gets an answer or nothing, no error" "$smsearch" "лучевая терапия 放射線"

# --- hostile input -------------------------------------------------------
f=$src/tests/fixtures
out=$("$smindex" --db "$tmp/fx" "$f/empty.txt" "$f/latin1.txt" "$f/blob.txt" "$f/articles.jsonl" "$f/accents.txt" "$f/utf16.txt" 2>&1); rc=$?
[ $rc = 1 ] && ok "smindex exits 1 when input was skipped" || not_ok "smindex exit $rc" "$out"
contains "$out" "empty.txt: empty file" "empty file reported"
contains "$out" "latin1.txt: 4 invalid UTF-8 sequence(s) replaced" "invalid UTF-8 counted"
contains "$out" "blob.txt: skipped: binary file" "binary file skipped"
contains "$out" "articles.jsonl:2: skipped: not JSON" "broken JSONL line named"
contains "$out" "articles.jsonl:3: skipped: no \"text\" string" "JSONL line without text named"
contains "$out" "indexed 5 articles" "the rest of the input is indexed"
out=$("$smsearch" --db "$tmp/fx" --json ginger)
contains "$out" "ginger survives" "text around invalid bytes is searchable"
out=$("$smsearch" --db "$tmp/fx" --json triptans)
contains "$out" '"ref":"A1#2"' "JSONL passage_id comes back as ref"
contains "$out" '"url":"https://example.org/migraine"' "JSONL url"
out=$("$smsearch" --db "$tmp/fx" --json 'what is a migraine')
contains "$out" '"section":"What is a migraine?"' "JSONL section heading"
expect_rc 1 "JSONL keys other than text are never indexed" "$smsearch" --db "$tmp/fx" zebra unicorn
out=$("$smsearch" --db "$tmp/fx" --json 'dark room')
contains "$out" '"text":"Rest in a dark room."' "JSONL bullet line is its own passage"
out=$("$smsearch" --db "$tmp/fx" 'cafe zurich')
contains "$out" "The [CAFÉ] in [Zürich]" "accent-free query finds and marks the accented original"
out=$("$smsearch" --db "$tmp/fx" --json temperature)
contains "$out" '"title":"Fever"' "a UTF-16 file is converted and indexed"
out=$("$smsearch" --db "$tmp/fx" 'BRÛLÉE')
contains "$out" "[brûlée]" "an accented query finds it too"

done_testing
