# fish completion for smindex
complete -c smindex -l db -x -a '(__fish_complete_directories)' -d 'Index to write'
complete -c smindex -l force -d 'Index every file again'
complete -c smindex -l check -d 'Check that the index is whole'
complete -c smindex -l batch -x -d 'Commit every N passages'
complete -c smindex -l shards -x -d 'Build as N shards at once'
complete -c smindex -s q -l quiet -d 'No progress and no summary'
complete -c smindex -s h -l help -d 'Show the help'
complete -c smindex -l version -d 'Show the version'
