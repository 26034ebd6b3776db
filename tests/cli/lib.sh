# lib.sh - a small TAP harness for end-to-end tests (after mblaze's t/lib.sh).
# A test script starts with
#   . "$(dirname "$0")/lib.sh" && setup "$@"      # BUILD_DIR SOURCE_DIR
# then calls the checks, then `done_testing`.

# setup BUILD_DIR SOURCE_DIR: sets build, src, smindex, smsearch and tmp (a
# directory removed at exit: a script that needs more cleanup sets its own
# trap and removes $tmp there), an index in $tmp/db, no colours.
setup() {
	build=$(cd "$1" && pwd)
	src=$(cd "$2" && pwd)
	smindex=$build/indexer/smindex
	smsearch=$build/query/smsearch
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	export SMSEARCH_DB=$tmp/db NO_COLOR=
	unset XDG_DATA_HOME
}
tap_n=0
tap_failed=0
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	[ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/#   /'
}
# check DESCRIPTION COMMAND...: passes when the command exits 0.
check() {
	local d=$1
	shift
	if out=$("$@" 2>&1); then ok "$d"; else not_ok "$d" "$out"; fi
}
# expect_rc WANT DESCRIPTION COMMAND...: the exit status is WANT.
expect_rc() {
	local want=$1 d=$2 rc=0
	shift 2
	out=$("$@" 2>&1) || rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$d"; else not_ok "$d" "exit $rc, wanted $want: $out"; fi
}
# contains HAYSTACK NEEDLE DESCRIPTION
contains() {
	case $1 in
	*"$2"*) ok "$3" ;;
	*) not_ok "$3" "'$2' not in: $(printf '%s' "$1" | head -c 600)" ;;
	esac
}
lacks() {
	case $1 in
	*"$2"*) not_ok "$3" "'$2' unexpectedly in: $(printf '%s' "$1" | head -c 600)" ;;
	*) ok "$3" ;;
	esac
}
done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
