#!/usr/bin/env bash
# End-to-end tests of the HTML and Markdown readers and of corpus-level
# furniture removal, on tests/fixtures/html and tests/fixtures/md.
# Usage: formats.sh BUILD_DIR SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh" && setup "$@"
html=$src/tests/fixtures/html
md=$src/tests/fixtures/md
# json EXPR: evaluate a Python expression over the JSON on stdin (as j).
json() { python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }
# best QUERY...: "line|section|anchor|title|text" of the best passage.
best() {
	"$smsearch" --json -n 1 "$@" | json '"|".join(str(x) for x in (j["results"][0]["line"], j["results"][0]["section"], j["results"][0]["anchor"], j["results"][0]["article"]["title"], j["results"][0]["text"]))'
}
# is WANT QUERY...: the best passage is WANT (as `best` prints it).
is() {
	local want=$1 got
	shift
	got=$(best "$@" 2>&1)
	[ "$got" = "$want" ] && ok "'$*' -> $want" || not_ok "'$*'" "got:  $got"$'\n'"want: $want"
}
# none QUERY...: nothing is found.
none() { expect_rc 1 "'$*' is not indexed" "$smsearch" "$@"; }

out=$("$smindex" "$html" "$md" 2>&1)
rc=$?
[ $rc = 0 ] && ok "fixtures index cleanly" || not_ok "smindex exit $rc" "$out"
contains "$out" "indexed 13 articles" "every page and document is an article"
contains "$out" "11 furniture passages left out" "the site's furniture is left out"

# --- HTML: passages, sections, lines, anchors ------------------------------
is "16|None|None|Tinnitus|Tinnitus is a ringing, buzzing or hissing sound heard in one or both ears." ringing buzzing
is "18|Causes|causes|Tinnitus|Loud noise, ear wax and ageing can all bring on tinnitus." loud noise
is "24|Relief|relief|Tinnitus|Sound therapy and counselling help many people live with it." sound therapy
for q in pangolin marmosets okapis quokkas cookies axolotls facebook sidebar "vertigo menu" "search the clinic"; do
	none "$q"
done
out=$("$smsearch" --json tinnitus)
contains "$out" '"url":"https://ears.example.org/tinnitus"' "canonical link is the url"

is "6|None|None|Fièvre chez l'enfant|Une fièvre au-dessus de 38 °C mérite un avis médical." fievre avis
is "7|None|None|Fièvre chez l'enfant|Café et thé déconseillés — boire de l'eau." cafe
out=$("$smindex" --db "$tmp/l1" "$html/latin1.html" 2>&1)
lacks "$out" "invalid UTF-8" "a Latin-1 page with <meta charset> is decoded, not repaired"

is "15|None|main-article|Shingles|Shingles is a painful rash caused by the chickenpox virus waking up again." painful rash
is "18|Symptoms|symptoms|Shingles|A tingling feeling is often the first sign, followed by a rash of fluid-filled blisters." tingling
is "22|Symptoms › Complications|phn|Shingles|Nerve pain that lasts for months is called postherpetic neuralgia." neuralgia
is "24|Symptoms › Complications › Eyes|phn|Shingles|Shingles near the eye needs urgent treatment." urgent
is "27|Vaccination|vaccine|Shingles|A vaccine is offered to adults over 70." vaccine adults
for q in gerbils wombats lemurs "ada smith"; do none "$q"; done
out=$("$smsearch" --json 'dose months')
contains "$out" '"text":"Dose 1   day 0\nDose 2   after 2 months"' "<pre> is a passage kept as written"
contains "$out" '"anchor":"dose-table"' "<pre> anchor"
contains "$out" '"url":"https://health.example.com/a-z/shingles"' "og:url is the url"

is "4|Heat stroke|None|Broken & bad: heat stroke|Heat stroke is an emergency: call for help & cool the person down." emergency
is "5|Heat stroke|None|Broken & bad: heat stroke|Move them somewhere cool and give water in sips." sips
is "7|Heat stroke › Unclosed cell|None|Broken & bad: heat stroke|Unclosed cell | second cell" unclosed
is "8|Heat stroke|None|Broken & bad: heat stroke|Second item" second item

is "12|Common triggers|triggers|Asthma care|horses" horses
is "14|Common triggers|triggers|Asthma care|and their dander" dander
is "16|Common triggers|triggers|Asthma care|Cold air in winter" cold air
is "21|What to do in an attack|steps|Asthma care|Take one puff of the reliever inhaler every 30 to 60 seconds." reliever inhaler puff

is "13|Normal|ranges|Blood pressure ranges|Normal | 90 to 120 | 60 to 80" normal
is "14|High|ranges|Blood pressure ranges|High | 140 or more | 90 or more see a doctor" doctor
none diastolic

is "9|Glaucoma|cataract|Glossary of eye terms|Damage to the optic nerve, often from high eye pressure." optic nerve
is "10|Glaucoma|cataract|Glossary of eye terms|It is treated with eye drops." eye drops
is "7|Cataract|cataract|Glossary of eye terms|Clouding of the lens that makes vision blurry." clouding

# --- Markdown ----------------------------------------------------------------
is "4|None|migraine-in-adults|Migraine in adults|A migraine is a moderate or severe headache felt as a throbbing pain on one side of the head." moderate severe
is "11|Symptoms|symptoms|Migraine in adults|nausea in the morning" nausea morning
is "18|Aura|aura|Migraine in adults|Some people see flashing lights before the headache starts." flashing lights
is "25|Aura › Triggers|triggers|Migraine in adults|Eating at regular times helps." regular times
is "32|Treatment › Sumatriptan|treatment|Migraine in adults|Sumatriptan | 50 mg | at the first sign" sumatriptan
is "47|Treatment|treatment-1|Migraine in adults|Rest in a quiet, dark room." dark room
out=$("$smsearch" --json headache diary)
contains "$out" '"text":"# log each attack\necho \"$(date) migraine\" >> ~/headache-diary.txt"' "a fenced code block is a passage kept as written"
contains "$out" '"line":34' "its line is the fence's"
none "social media"
none '"adult dose"'
is "6|None|None|Hay fever|Hay fever is an allergy to pollen, usually worse between late March and September." pollen march september
is "10|Not the title|not-the-title|Hay fever|Antihistamine tablets relieve sneezing." antihistamine
none tags

# --- JSON shape ---------------------------------------------------------------
out=$("$smsearch" --json -n 1 neuralgia)
keys=$(printf '%s' "$out" | json '",".join(sorted(j["results"][0].keys()))')
contains ",$keys," ",anchor," "--json results carry an anchor"

# --- corpus-level furniture ------------------------------------------------------
none newsletter nurses
none "tell us what you think"
is "6|None|None|Walking for health|A brisk ten-minute walk every day counts towards your weekly exercise." brisk walk
out=$("$smsearch" --json -n 5 --per-article 0 '"talk to a pharmacist"')
n=$(printf '%s' "$out" | json 'len(j["results"])')
[ "$n" = 2 ] && ok "a block in 2 of 4 articles is kept" || not_ok "block in 2 of 4 articles: $n results"
out=$("$smindex" --db "$tmp/nodb" --explain-furniture "$html/site" 2>&1)
rc=$?
[ $rc = 0 ] && ok "--explain-furniture exits 0" || not_ok "--explain-furniture exit $rc" "$out"
contains "$out" "site: 4 articles; furniture is in 3 or more" "the site and its threshold"
contains "$out" "   4 articles    4 passages  Get our free newsletter: one email a week with advice from our nurses." "the newsletter box, counted"
contains "$out" "   4 articles    4 passages  Wellbeing Weekly" "the site name, counted"
contains "$out" "   3 articles    3 passages  Did you find this useful? Tell us what you think." "a block in 3 of 4 articles"
lacks "$out" "pharmacist" "a block in 2 of 4 articles is not furniture"
contains "$out" "3 furniture blocks, 11 passages, in 1 of 1 site (4 articles)" "the totals"
[ ! -e "$tmp/nodb" ] && ok "--explain-furniture writes no index" || not_ok "--explain-furniture made $tmp/nodb"
out=$("$smindex" --explain-furniture "$md" 2>&1)
contains "$out" "0 furniture blocks, 0 passages, in 0 of 1 site (2 articles)" "two articles have no furniture"

# --- furniture records: later runs count unchanged files from the index -------------
# Index three articles, then add the fourth: the three unchanged ones are
# counted from the records the index kept, and the fourth's furniture must
# be what a new index of the four finds in it; likewise when it changes
# and another file goes. (Unchanged files keep what they were indexed
# with.)
walking='sorted((r["id"], r["text"]) for r in j["results"] if r["id"].startswith("walking"))'
# same_answers DESCRIPTION: the walking article's passages in $tmp/incdb
# are those in $tmp/newdb, for questions on its blocks.
same_answers() {
	local q a b
	for q in newsletter nurses "tell us what you think" pharmacist "brisk walk" sleep; do
		a=$("$smsearch" --db "$tmp/incdb" --json -n 20 --per-article 0 "$q" | json "$walking")
		b=$("$smsearch" --db "$tmp/newdb" --json -n 20 --per-article 0 "$q" | json "$walking")
		[ "$a" = "$b" ] || { not_ok "$1" "'$q': $a against $b"; return; }
	done
	ok "$1"
}
# incremental SHARDS LABEL: the runs above on a new incdb (SHARDS 1: one
# index; else a sharded one, whose records shard 0 keeps).
incremental() {
	local args=()
	[ "$1" = 1 ] || args=(--shards "$1")
	rm -rf "$tmp/inc" "$tmp/incdb" "$tmp/newdb"
	mkdir "$tmp/inc"
	cp "$html/site/hydration.html" "$html/site/posture.html" "$html/site/sleep.html" "$tmp/inc/"
	"$smindex" -q "${args[@]}" --db "$tmp/incdb" "$tmp/inc"
	cp "$html/site/walking.html" "$tmp/inc/"
	out=$("$smindex" --db "$tmp/incdb" "$tmp/inc" 2>&1)
	contains "$out" "3 unchanged" "$2: the three indexed files are unchanged"
	"$smindex" -q --db "$tmp/newdb" "$tmp/inc"
	same_answers "$2: furniture counted from records = a new index"
	sed 's/brisk ten-minute walk/brisk twenty-minute walk/' "$html/site/walking.html" \
		>"$tmp/inc/walking.html"
	rm "$tmp/inc/posture.html"
	"$smindex" -q --db "$tmp/incdb" "$tmp/inc"
	rm -rf "$tmp/newdb"
	"$smindex" -q --db "$tmp/newdb" "$tmp/inc"
	same_answers "$2: ... after a file changed and one was removed"
}
incremental 1 "one index"
incremental 2 "two shards"
# The records are what counts for an unchanged file: edit hydration.html
# without changing its size or time (the registry trusts those too) to drop
# its pharmacist block, and add a walking page that has it. Counted from
# the record, the block is in 3 of 4 articles (furniture); read again it
# would be in 2 (kept), as a new index finds.
rm -rf "$tmp/inc" "$tmp/incdb" "$tmp/newdb"
mkdir "$tmp/inc"
cp "$html/site/hydration.html" "$html/site/posture.html" "$html/site/sleep.html" "$tmp/inc/"
"$smindex" -q --db "$tmp/incdb" "$tmp/inc"
python3 - "$tmp/inc/hydration.html" <<'PY'
import os, sys
p = sys.argv[1]
st = os.stat(p)
old = "<p>Talk to a pharmacist before taking sleeping pills.</p>"
new = "<p>" + "Drink water with every meal.".ljust(len(old) - 7) + "</p>"
s = open(p).read()
assert old in s and len(new) == len(old)
open(p, "w").write(s.replace(old, new))
os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
PY
sed 's|</body>|<p>Talk to a pharmacist before taking sleeping pills.</p></body>|' \
	"$html/site/walking.html" >"$tmp/inc/walking.html"
"$smindex" -q --db "$tmp/incdb" "$tmp/inc"
"$smindex" -q --db "$tmp/newdb" "$tmp/inc"
pharmacist() {
	"$smsearch" --db "$1" --json -n 20 --per-article 0 '"talk to a pharmacist"' |
		json 'len([r for r in j["results"] if r["id"].startswith("walking")])'
}
[ "$(pharmacist "$tmp/incdb")" = 0 ] && [ "$(pharmacist "$tmp/newdb")" = 1 ] &&
	ok "an unchanged file's furniture is counted from its record" ||
	not_ok "an unchanged file's furniture is counted from its record" \
		"walking's pharmacist passages: $(pharmacist "$tmp/incdb") from records, $(pharmacist "$tmp/newdb") new"

# --- hostile input -----------------------------------------------------------------
mkdir "$tmp/bad"
: >"$tmp/bad/empty.html"
: >"$tmp/bad/empty.md"
printf '<html><head><script>x()</script></head><body><nav>Home</nav></body></html>' >"$tmp/bad/notext.html"
printf '\x00\x01\x02\xff binary' >"$tmp/bad/blob.html"
head -c 3000 /dev/urandom | tr -d '\000' >"$tmp/bad/noise.md"
python3 -c 'print("<div>" * 100000 + "deep" + "</div>" * 100000)' >"$tmp/bad/deep.html"
python3 -c 'print("> " * 50000 + "deep quote"); print("- " * 50000 + "deep list")' >"$tmp/bad/deep.md"
out=$("$smindex" --db "$tmp/baddb" "$tmp/bad" 2>&1)
rc=$?
[ $rc = 1 ] && ok "hostile input: smindex exits 1" || not_ok "hostile input: exit $rc" "$out"
contains "$out" "empty.html: empty file" "an empty page is reported"
contains "$out" "notext.html: skipped: no text found" "a page without text is skipped, and said so"
contains "$out" "blob.html: skipped: binary file" "a binary page is skipped"
contains "$out" "deep.html: skipped: no text found" "text nested past the parser's depth is dropped, not a crash"
lacks "$out" "deep.md" "deeply nested Markdown is read"

done_testing
