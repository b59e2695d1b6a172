# bash completion for kblint: commands, each command's options, the values of options that take
# one of a fixed set, rule ids for 'kblint explain', git refs for --changed-since, and paths.
# Installed by 'meson install' as share/bash-completion/completions/kblint. It needs only bash
# (not the bash-completion package). tests/install/test_completions.py checks that every option
# each command's --help prints is offered for that command, and nothing else.

_kblint_words()
{
	# the words of the list $1 that complete $2, into COMPREPLY
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
}

_kblint_files()
{
	# the files (or with -d the folders) that complete $2, whatever blanks their names hold
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(compgen "$1" -- "$2")
}

_kblint()
{
	local cur prev cmd="check" opts
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=""
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# --format=json: bash splits at '=' (COMP_WORDBREAKS), so the option is two words back
	if [[ $cur == "=" ]]; then
		cur=""
	elif [[ $prev == "=" ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi
	# the command is the first argument, when it names one; otherwise kblint checks
	if ((COMP_CWORD > 1)); then
		case ${COMP_WORDS[1]} in
		check | rules | explain | verify | facts | audit | export | init | lsp)
			cmd=${COMP_WORDS[1]}
			;;
		esac
	fi

	case $cmd in
	check)
		opts="--config --no-config --today --format --output --fail-on --min-severity
			--follow-symlinks --jobs --column-unit --color --no-color --quiet --baseline
			--write-baseline --changed-since --changed-files --stdin --stdin-filename
			--report-unused-disables --fix --unsafe-fixes --diff --timings --sarif-category --show-config --help"
		((COMP_CWORD == 1)) && opts="$opts --version"
		;;
	rules) opts="--config --no-config --check-examples --help" ;;
	explain) opts="--config --no-config --help" ;;
	init) opts="--help" ;;
	lsp) opts="--stdio --help" ;;
	verify) opts="--config --no-config --by --date --today --dry-run --help" ;;
	facts) opts="--config --no-config --format --follow-symlinks --jobs --help" ;;
	audit)
		opts="--config --no-config --today --format --output --state --owner --follow-symlinks
			--jobs --email --out-dir --send --smtp-url --help"
		;;
	export)
		opts="--config --no-config --today --format --output --only --content --out-dir
			--follow-symlinks --jobs --help"
		;;
	esac

	# the value of the option before
	case $prev in
	-c | --config | -o | --output | --baseline | --write-baseline | --state | --stdin-filename)
		_kblint_files -f "$cur"
		return
		;;
	--out-dir)
		_kblint_files -d "$cur"
		return
		;;
	-f | --format)
		case $cmd in
		check) _kblint_words "text json sarif junit github gitlab checkstyle markdown" "$cur" ;;
		facts) _kblint_words "text json csv" "$cur" ;;
		audit) _kblint_words "text markdown json html" "$cur" ;;
		export) _kblint_words "jsonl json csv" "$cur" ;;
		esac
		return
		;;
	--fail-on)
		_kblint_words "error warning info never" "$cur"
		return
		;;
	--min-severity)
		_kblint_words "info warning error" "$cur"
		return
		;;
	--column-unit)
		_kblint_words "char byte utf-16" "$cur"
		return
		;;
	--send)
		_kblint_words "sendmail smtp" "$cur"
		return
		;;
	--only)
		# a list separated by commas: complete the word after the last comma
		local done=""
		[[ $cur == *,* ]] && done=${cur%,*},
		_kblint_words "trusted review untrusted excluded" "${cur##*,}"
		COMPREPLY=("${COMPREPLY[@]/#/$done}")
		compopt -o nospace 2>/dev/null
		return
		;;
	--content)
		_kblint_words "none full clean" "$cur"
		return
		;;
	--changed-since)
		_kblint_words "HEAD $(git for-each-ref --format='%(refname:short)' 2>/dev/null)" "$cur"
		return
		;;
	--today | --date | --by | --owner | -j | --jobs | --smtp-url | --sarif-category)
		return # free text: nothing to offer
		;;
	esac

	if [[ $cur == -* ]]; then
		_kblint_words "$opts" "$cur"
		return
	fi
	case $cmd in
	rules | lsp) return ;;
	init)
		# the folder the .kblint.yaml goes in
		_kblint_files -d "$cur"
		return
		;;
	explain)
		# rule ids, with the config of the current folder (else the shipped rules)
		local ids
		ids=$("${COMP_WORDS[0]}" rules 2>/dev/null || "${COMP_WORDS[0]}" rules --no-config 2>/dev/null)
		_kblint_words "$(printf '%s\n' "$ids" | while read -r id _; do
			[[ $id != ID ]] && printf '%s\n' "$id"
		done)" "$cur"
		return
		;;
	esac
	_kblint_files -f "$cur"
	if ((COMP_CWORD == 1)); then
		local files=("${COMPREPLY[@]}")
		_kblint_words "check rules explain verify facts audit export init lsp" "$cur"
		COMPREPLY=("${COMPREPLY[@]}" "${files[@]}")
	fi
}

complete -F _kblint kblint
