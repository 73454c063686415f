#!/usr/bin/env bash
# A command in plain bash, no SDK: `/wc FILE…` shows line, word and byte
# counts of files in the project (the folder weft runs in). It shows how
# small the protocol is: print a hello, a registration and ready, then
# answer each command_invoked with a command_response.
#
# Try it:  weft -e examples/subprocess/shell-wordcount   (then type /wc README.md)
#
# Bash cannot parse JSON, so this reads fields with a pattern: good enough
# for the flat frames weft sends (it writes "type" first and no spaces), not
# for argument text with escaped quotes.
set -u

send() { printf '%s\n' "$1"; }

# JSON string escaping for the text we send back.
json() {
	local s=$1
	s=${s//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\n'/\\n}
	s=${s//$'\t'/\\t}
	s=${s//$'\r'/}
	printf '%s' "$s"
}

field() { [[ $1 =~ \"$2\":\"([^\"]*)\" ]] && printf '%s' "${BASH_REMATCH[1]}"; }

send '{"type":"hello","name":"shell-wordcount","version":"1.0.0","capabilities":["commands"]}'
send '{"type":"register_command","name":"wc","description":"Line, word and byte counts of files: /wc FILE…"}'
send '{"type":"ready"}'

# Commands run in the folder weft runs in (hello_ack's cwd), not in this extension's folder.
project=$PWD

while IFS= read -r line; do
	case "$line" in
	*'"type":"hello_ack"'*)
		project=$(field "$line" cwd)
		;;
	*'"type":"command_invoked"'*)
		id=$(field "$line" id)
		read -r -a files <<<"$(field "$line" args)"
		if [ ${#files[@]} -eq 0 ]; then
			send "{\"type\":\"command_response\",\"id\":\"$id\",\"action\":\"noop\",\"error\":\"usage: /wc FILE…\"}"
		elif counts=$(cd "$project" && wc -- "${files[@]}" 2>&1); then
			send "{\"type\":\"command_response\",\"id\":\"$id\",\"action\":\"display\",\"display\":\"$(json "$counts")\"}"
		else
			send "{\"type\":\"command_response\",\"id\":\"$id\",\"action\":\"noop\",\"error\":\"$(json "$counts")\"}"
		fi
		;;
	*'"type":"shutdown"'*)
		exit 0
		;;
	esac
done
