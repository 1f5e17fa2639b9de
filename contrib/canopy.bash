# canopy.bash - bash completion for canopy: commands, options, format
# names (from `canopy formats`) and trace ids (from `canopy traces`).
# Installed as $(datadir)/bash-completion/completions/canopy.

_canopy_db()
{
	# The --db given so far on the line, for listing its traces.
	local i
	for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
		if [[ ${COMP_WORDS[i]} == --db ]]; then
			printf '%s' "${COMP_WORDS[i + 1]}"
			return
		elif [[ ${COMP_WORDS[i]} == --db=* ]]; then
			printf '%s' "${COMP_WORDS[i]#--db=}"
			return
		fi
	done
}

_canopy_traces()
{
	local db
	db=$(_canopy_db)
	canopy ${db:+--db "$db"} traces 2>/dev/null |
	    awk 'NR > 1 && $1 != "(no" { print $1 }'
}

_canopy()
{
	local cur prev cmd i
	# Every command of src/main.c's table (tests/cli/completion.sh checks).
	local commands="import show traces stats index formats tui demo models
	    rerun score annotate prefer annotations export agreement report
	    derive calibrate disagree diff hist help"
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}

	cmd=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--db) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done

	case $prev in
	--db)
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	--format)
		COMPREPLY=($(compgen -W "auto $(canopy formats 2>/dev/null |
		    awk '{ print $1 }')" -- "$cur"))
		return
		;;
	--trace)
		COMPREPLY=($(compgen -W "$(_canopy_traces)" -- "$cur"))
		return
		;;
	--mode)
		COMPREPLY=($(compgen -W "step full" -- "$cur"))
		return
		;;
	--depth)
		COMPREPLY=($(compgen -W "0 1 2 3 5 10" -- "$cur"))
		return
		;;
	--signals)
		COMPREPLY=($(compgen -W "visits q prior reward value outcome" \
		    -- "$cur"))
		return
		;;
	esac

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--db --help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		return
	fi

	case $cmd in
	import)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--db --format --skip-bad --force
			    --scores --step-sep --derive --follow --resume --replace --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		;;
	show)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--db --depth --signals --json
			    --extra --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_canopy_traces)" -- "$cur"))
		fi
		;;
	traces|stats)
		COMPREPLY=($(compgen -W "--db --json --help" -- "$cur"))
		;;
	index)
		COMPREPLY=($(compgen -W "--db --help" -- "$cur"))
		;;
	tui)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--db --replay --timings --size
			    --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_canopy_traces)" -- "$cur"))
		fi
		;;
	demo)
		COMPREPLY=($(compgen -W "--db --help" -- "$cur"))
		;;
	models)
		COMPREPLY=($(compgen -W "--config --json --kind --base-url
		    --model --api-key-env --help" -- "$cur"))
		;;
	rerun)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--db --config --endpoint --kind
			    --base-url --model --api-key-env -n --mode
			    --temperature --dry-run --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_canopy_traces)" -- "$cur"))
		fi
		;;
	score)
		COMPREPLY=($(compgen -W "--db --config --scorer --trace --all
		    --resume -j --name --help" -- "$cur"))
		;;
	formats)
		COMPREPLY=($(compgen -W "--help" -- "$cur"))
		;;
	annotations)
		if [[ ${COMP_WORDS[*]} == *" import "* ]]; then
			COMPREPLY=($(compgen -W "--db --author-as --dry-run
			    --skip-missing --help" -- "$cur"))
			[[ $cur == -* ]] ||
			    COMPREPLY=($(compgen -f -- "$cur"))
		elif [[ ${COMP_WORDS[*]} == *" export "* ]]; then
			COMPREPLY=($(compgen -W "--db --author --trace -o
			    --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "export import --db --author
			    --json --help" -- "$cur"))
		fi
		;;
	help)
		COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		;;
	esac
}
complete -F _canopy canopy
