# bash completion for smindex                               -*- shell-script -*-
_smindex()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	--db) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--synonyms) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--batch|--shards|--jobs|-j) return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '--db --force --check --batch --shards --jobs
			--synonyms --explain-furniture -q --quiet --help --version' -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
} &&
	complete -o filenames -F _smindex smindex
