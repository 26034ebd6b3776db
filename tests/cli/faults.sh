#!/usr/bin/env bash
# Fault injection: make the Nth call into the Xapian wrapper fail, for
# every N a search or an update makes, and check that each run ends
# cleanly (exit 0, or 2 with one line of error; no leak or sanitizer
# report) and that a failed update leaves the index whole and as it was;
# then run the D-Bus provider with calls failing at random.
# Needs a build configured with -Dfaults=true (`./build.sh asan` is);
# skips otherwise.
# Usage: faults.sh BUILD_DIR SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh" && setup "$@"
kinds=(modified database nomem)

# The articles, indexed into old; then one changed, one removed and one
# added, indexed into new.
mkdir "$tmp/src"
printf 'Aspirin\n\nAspirin thins the blood and eases pain.\n\n## Side effects\n\n- Stomach upset\n- Bleeding\n' >"$tmp/src/aspirin.txt"
printf 'Radiation therapy\n\nRadiation kills cancer cells.\n\n## Side effects\n\nTiredness and skin changes are common.\n' >"$tmp/src/radiation.txt"
"$smindex" -q --db "$tmp/old" "$tmp/src" || not_ok "cannot index the fixture"
printf 'Sleep\n\nAdults need seven hours of sleep.\n' >"$tmp/src/sleep.txt"
rm "$tmp/src/aspirin.txt"
echo "Radiation therapy (RT) may cause nausea." >>"$tmp/src/radiation.txt"
touch -d '+1 minute' "$tmp/src/radiation.txt" # changed within the same second
"$smindex" -q --db "$tmp/new" "$tmp/src" || not_ok "cannot index the fixture"
counts() { "$smindex" --check --db "$1" 2>&1 | sed 's/^[^:]*: //'; }
old=$(counts "$tmp/old") new=$(counts "$tmp/new")

if ! XC_FAIL_AT=1 "$smsearch" --db "$tmp/old" radiation 2>&1 >/dev/null | grep -q "fault injected"; then
	echo "1..0 # SKIP this build has no fault injection (configure with -Dfaults=true)"
	exit 0
fi

# ended PROGRAM RC: the run in $tmp/err ended as a failure should: exit 0,
# or exit 2 with one line of error; nothing from the sanitizers.
# With LINES=any, several processes may each say why.
ended() {
	local lines others
	lines=$(grep -vc "fault injected" "$tmp/err")
	others=$(grep -v "fault injected" "$tmp/err" | grep -vc "^$1: ")
	grep -q "Sanitizer\|runtime error" "$tmp/err" && return 1
	[ "$2" = 0 ] && return 0
	[ "$2" = 2 ] && [ "$others" = 0 ] && { [ "$lines" = 1 ] || [ "${LINES:-}" = any ]; }
}

# run_all PROGRAM ARGS...: run it with a fault at call 1, 2, ... until a
# run makes fewer calls (past call 60, every STEP-th call only); the kind
# of fault rotates, or is KIND. after KIND RC judges each run's outcome.
# Sets calls and bad (the failed runs, described).
run_all() {
	local n=1 rc prog=$1
	shift
	bad=""
	"$@" >"$tmp/ref" 2>/dev/null
	while :; do
		kind=${KIND:-${kinds[n % 3]}}
		XC_FAIL_WITH=$kind XC_FAIL_AT=$n "$@" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		grep -q "fault injected" "$tmp/err" || break
		ended "$prog" $rc || bad+="call $n ($kind): exit $rc: $(head -c 400 "$tmp/err")"$'\n'
		after "$kind" $rc || bad+="call $n ($kind): $why"$'\n'
		n=$((n + (n < 60 ? 1 : ${STEP:-1})))
	done
	calls=$((n - 1))
}

# Searches: text with snippets, a question that is corrected, JSON.
# One that meets a newer revision is made again on it: when it answers, it
# answers as it does without the fault.
after() {
	[ "$1" = modified ] && [ "$2" = 0 ] || return 0
	cmp -s "$tmp/out" "$tmp/ref" && return 0
	why="answered otherwise: $(diff "$tmp/ref" "$tmp/out" | head -c 300)"
	return 1
}
for q in "side effects of radiation" "asprin bleeding"; do
	run_all smsearch "$smsearch" --db "$tmp/old" -n 3 "$q"
	[ "$calls" -gt 20 ] && [ -z "$bad" ] && ok "'$q': a fault at each of its $calls calls ends cleanly" ||
		not_ok "'$q': faults at its $calls calls" "$bad"
done
KIND=modified run_all smsearch "$smsearch" --db "$tmp/old" -n 3 "asprin bleeding"
[ "$calls" -gt 20 ] && [ -z "$bad" ] && ok "'asprin bleeding': a newer revision met at any of its $calls calls" ||
	not_ok "'asprin bleeding': a newer revision met at its $calls calls" "$bad"
run_all smsearch "$smsearch" --db "$tmp/old" --json -n 3 "radiation"
[ "$calls" -gt 20 ] && [ -z "$bad" ] && ok "--json: a fault at each of its $calls calls ends cleanly" ||
	not_ok "--json: faults at its $calls calls" "$bad"
id=$("$smsearch" --db "$tmp/old" --json -n 1 bleeding | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["id"])')
run_all smsearch env PAGER=cat "$smsearch" --db "$tmp/old" --show "$id"
[ "$calls" -gt 5 ] && [ -z "$bad" ] && ok "--show: a fault at each of its $calls calls ends cleanly" ||
	not_ok "--show: faults at its $calls calls" "$bad"

# A new index built by two processes: after a failed run nothing is at its
# path, or a whole index.
after() {
	[ -e "$tmp/par" ] || return 0
	[ "$(counts "$tmp/par")" = "$new" ] && return 0
	why="the failed build left '$(counts "$tmp/par")' (exit $2)"
	return 1
}
run_par() { rm -rf "$tmp/par" && "$smindex" -q --jobs 2 --db "$tmp/par" "$tmp/src"; }
LINES=any STEP=7 run_all smindex run_par
[ "$calls" -gt 50 ] && [ -z "$bad" ] && ok "a parallel build: a fault at its first 60 calls and every 7th of its $calls ends cleanly" ||
	not_ok "a parallel build: faults at its $calls calls" "$bad"

# An update (change, removal, addition) on a copy of the old index: after a
# failed run the index is whole, holds what it held or the whole update,
# and answers; a run without faults then completes it.
after() {
	local now
	now=$(counts "$tmp/w")
	if [ "$2" != 0 ] && [ "$now" != "$old" ] && [ "$now" != "$new" ]; then
		why="after a failed update the index is '$now', neither '$old' nor '$new'"
		return 1
	fi
	"$smindex" -q --db "$tmp/w" "$tmp/src" 2>"$tmp/err2" &&
		[ "$(counts "$tmp/w")" = "$new" ] &&
		"$smsearch" --db "$tmp/w" -n 1 nausea >/dev/null 2>>"$tmp/err2" && return 0
	why="not completed by the next run: $(counts "$tmp/w"); $(head -c 300 "$tmp/err2")"
	return 1
}
prepare() { rm -rf "$tmp/w" && cp -r "$tmp/old" "$tmp/w"; }
run_update() { prepare && "$smindex" -q --db "$tmp/w" "$tmp/src"; }
# The copy must be fresh for each call: run_all runs the update itself.
run_all smindex run_update
[ "$calls" -gt 50 ] && [ -z "$bad" ] && ok "update: a fault at each of its $calls calls ends cleanly and loses nothing" ||
	not_ok "update: faults at its $calls calls" "$bad"

# The same committing every passage (--batch 1): a failed run may have
# committed some files, each whole, and the next run completes the rest.
after() {
	local now
	now=$(counts "$tmp/w")
	case $now in
	*", whole") ;;
	*) why="after the failed run: $now" && return 1 ;;
	esac
	"$smindex" -q --db "$tmp/w" "$tmp/src" 2>"$tmp/err2" && [ "$(counts "$tmp/w")" = "$new" ] &&
		return 0
	why="not completed by the next run: $(counts "$tmp/w"); $(head -c 300 "$tmp/err2")"
	return 1
}
run_update() { prepare && "$smindex" -q --batch 1 --db "$tmp/w" "$tmp/src"; }
STEP=3 run_all smindex run_update
[ "$calls" -gt 50 ] && [ -z "$bad" ] &&
	ok "update in batches of 1: a fault at its first 60 calls and every 3rd of its $calls: whole, then completed" ||
	not_ok "update in batches of 1: faults at its $calls calls" "$bad"

# The D-Bus provider, which serves many requests in one process: with each
# call failing at odds of 1 in K, it answers each request (results, or
# none), never dies, and leaks nothing when it exits idle.
provider=$build/launcher/smsearch-provider
if [ -x "$provider" ] && command -v dbus-run-session >/dev/null && command -v gdbus >/dev/null; then
	cat >"$tmp/provider.sh" <<'SH'
set -u
bus=org.smsearch.SmSearch.SearchProvider
g() { gdbus call --session --dest $bus --object-path /org/smsearch/SmSearch/SearchProvider \
	--method org.gnome.Shell.SearchProvider2."$@"; }
k() { gdbus call --session --dest $bus --object-path /org/smsearch/SmSearch/KRunner \
	--method org.kde.krunner1."$@"; }
XC_FAIL_ODDS=$K XC_FAIL_SEED=$SEED XC_FAIL_WITH=$KIND "$PROVIDER" --db "$DB" --idle-timeout 2 2>"$ERR" &
pid=$!
for i in $(seq 100); do
	gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
		--method org.freedesktop.DBus.NameHasOwner $bus 2>/dev/null | grep -q true && break
	sleep 0.1
done
found=0 replies=0
for q in radiation side aspirin bleeding radiation side aspirin bleeding; do
	r=$(g GetInitialResultSet "['$q']" 2>/dev/null) && replies=$((replies + 1))
	case $r in *"#"*) found=$((found + 1)) ;; esac
	ids=${r#(}
	ids=${ids%,)}
	[ "$ids" != "$r" ] && g GetResultMetas "$ids" >/dev/null 2>&1 && replies=$((replies + 1))
	k Match "$q" >/dev/null 2>&1 && replies=$((replies + 1))
done
kill -0 $pid 2>/dev/null && alive=1 || alive=0
wait $pid
echo "$replies $found $alive $?"
SH
	for SEED in 1 2 3 4 5 6 7 8 9; do
		K=$((SEED < 4 ? 40 : SEED < 7 ? 150 : 500)) KIND=${kinds[SEED % 3]}
		got=$(SEED=$SEED K=$K KIND=$KIND PROVIDER=$provider DB=$tmp/old ERR=$tmp/perr \
			timeout 120 dbus-run-session -- bash "$tmp/provider.sh" 2>/dev/null)
		read -r replies found alive rc <<<"$got"
		bad=""
		[ "${alive:-0}" = 1 ] || bad+="it died; "
		[ "${rc:-1}" = 0 ] || bad+="exit ${rc:-?}; "
		[ "${replies:-0}" = 24 ] || bad+="${replies:-0} of 24 replies; "
		grep -q "Sanitizer\|runtime error" "$tmp/perr" && bad+="sanitizer: $(grep -m3 -A3 ERROR "$tmp/perr"); "
		others=$(grep -v "fault injected" "$tmp/perr" | grep -vc "^smsearch-provider: ")
		[ "$others" = 0 ] || bad+="stderr: $(head -c 300 "$tmp/perr"); "
		[ -z "$bad" ] && ok "provider, calls failing at 1 in $K ($KIND, seed $SEED): 24 replies, $found with results, a clean exit" ||
			not_ok "provider, calls failing at 1 in $K ($KIND, seed $SEED)" "$bad"
	done
else
	ok "# SKIP no provider, dbus-run-session or gdbus"
fi

done_testing
