# bash completion for smsearch                              -*- shell-script -*-
_smsearch()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	--db) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	-n | --limit | --offset | --per-section | --per-article | --show | --open) return ;;
	--format) COMPREPLY=($(compgen -W 'text json tsv dmenu rofi fzf alfred flow' -- "$cur")); return ;;
	esac
	if [[ $cur == --format=* ]]; then
		COMPREPLY=($(compgen -P --format= -W 'text json tsv dmenu rofi fzf alfred flow' -- "${cur#--format=}"))
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '-n --limit --offset --per-section --per-article --json --format=
			--partial --show --open --no-correct --db --help --version' -- "$cur"))
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
	fi
} &&
	complete -F _smsearch smsearch
