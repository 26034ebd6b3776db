# lib.sh - helpers of the launcher tests (after tests/cli/lib.sh).

# fake_handler DIR: make a fake default application for file and web URIs
# that appends each URI it gets to DIR/opened, and point GIO at it
# (XDG_DATA_HOME, XDG_CONFIG_HOME).
fake_handler() {
	local d=$1
	mkdir -p "$d/data/applications" "$d/config"
	printf '#!/bin/sh\nprintf "%%s\\n" "$@" >>"%s/opened"\n' "$d" >"$d/logargs"
	chmod +x "$d/logargs"
	printf '[Desktop Entry]\nType=Application\nName=Fake\nExec=%s/logargs %%u\nMimeType=text/plain;application/json;x-scheme-handler/http;x-scheme-handler/https;\nNoDisplay=true\n' \
		"$d" >"$d/data/applications/fake-handler.desktop"
	printf '[Default Applications]\ntext/plain=fake-handler.desktop\napplication/json=fake-handler.desktop\nx-scheme-handler/http=fake-handler.desktop\nx-scheme-handler/https=fake-handler.desktop\n' \
		>"$d/config/mimeapps.list"
	export XDG_DATA_HOME=$d/data XDG_CONFIG_HOME=$d/config XDG_DATA_DIRS=/usr/share
	: >"$d/opened"
}

# opened DIR: the URIs the fake handler got, once it has got one (5 s).
opened() {
	local i
	for i in $(seq 50); do
		[ -s "$1/opened" ] && break
		sleep 0.1
	done
	cat "$1/opened"
}

# wait_for FILE: until FILE exists and is not empty (5 s); 1 if it never is.
wait_for() {
	local i
	for i in $(seq 50); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
