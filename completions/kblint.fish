# fish completion for kblint: commands, each command's options, the values of options that take
# one of a fixed set, rule ids for 'kblint explain', git refs for --changed-since, and paths.
# Installed by 'meson install' as share/fish/vendor_completions.d/kblint.fish. tests/install
# checks that every option each command's --help prints is offered for that command.

# The command on the line: the first argument when it names one, else check (the default).
function __kblint_cmd
    set -l words (commandline -opc)
    if set -q words[2]; and contains -- $words[2] check rules explain verify facts audit export init lsp
        echo $words[2]
    else
        echo check
    end
end

function __kblint_is
    contains -- (__kblint_cmd) $argv
end

# The ids of the rules of the config found here, else of the shipped rules.
function __kblint_rule_ids
    set -l lines (kblint rules 2>/dev/null)
    or set lines (kblint rules --no-config 2>/dev/null)
    for l in $lines[2..-1]
        string split -f1 ' ' -- $l
    end
end

# The verdicts for --only, a list separated by commas: the word after the last comma.
function __kblint_verdicts
    set -l done (string match -r '^.*,' -- (commandline -ct))
    for v in trusted review untrusted excluded
        echo $done$v
    end
end

complete -c kblint -f

# commands, and paths for check (the default command)
complete -c kblint -n __fish_use_subcommand -a check -d 'Check articles (the default command)'
complete -c kblint -n __fish_use_subcommand -a rules -d 'List every rule'
complete -c kblint -n __fish_use_subcommand -a explain -d 'Show a rule, its description and examples'
complete -c kblint -n __fish_use_subcommand -a verify -d 'Record a review in an article'
complete -c kblint -n __fish_use_subcommand -a facts -d 'Every place a fact is stated'
complete -c kblint -n __fish_use_subcommand -a audit -d 'What each owner has to review'
complete -c kblint -n __fish_use_subcommand -a export -d "Each article's verdict for AI assistants"
complete -c kblint -n __fish_use_subcommand -a init -d 'Write a .kblint.yaml with the detected site settings'
complete -c kblint -n __fish_use_subcommand -a lsp -d 'Run the language server for editors'
complete -c kblint -n '__kblint_is check verify facts audit export' -F
complete -c kblint -n '__kblint_is explain' -a '(__kblint_rule_ids)' -d 'Rule'
complete -c kblint -n '__kblint_is init' -x -a '(__fish_complete_directories)' -d 'Folder'

# every command
complete -c kblint -s h -l help -d 'Print the usage and the options of the command'
complete -c kblint -n 'not __kblint_is init lsp' -s c -l config -r -F -d 'Use FILE instead of the nearest .kblint.yaml'
complete -c kblint -n 'not __kblint_is init lsp' -l no-config -d 'Use the built-in defaults, ignoring any .kblint.yaml'

# check
complete -c kblint -n '__kblint_is check' -l version -d 'Print the version'
complete -c kblint -n '__kblint_is check verify audit export' -l today -x -d 'The date taken as today (YYYY-MM-DD)'
complete -c kblint -n '__kblint_is check' -s f -l format -x -a 'text json sarif junit github gitlab checkstyle markdown' -d 'Report format'
complete -c kblint -n '__kblint_is check audit export' -s o -l output -r -F -d 'Write the report to FILE, atomically'
complete -c kblint -n '__kblint_is check' -l fail-on -x -a 'error warning info never' -d 'Lowest severity that makes the exit status 1'
complete -c kblint -n '__kblint_is check' -l min-severity -x -a 'info warning error' -d 'Hide findings below LEVEL'
complete -c kblint -n '__kblint_is check facts audit export' -l follow-symlinks -d 'Follow symbolic links when walking folders'
complete -c kblint -n '__kblint_is check facts audit export' -s j -l jobs -x -d 'Worker threads (1-1024)'
complete -c kblint -n '__kblint_is check' -l column-unit -x -a 'char byte utf-16' -d 'What columns count'
complete -c kblint -n '__kblint_is check' -l color -d 'Force colour on'
complete -c kblint -n '__kblint_is check' -l no-color -d 'Force colour off'
complete -c kblint -n '__kblint_is check' -s q -l quiet -d 'Text format: no summary line'
complete -c kblint -n '__kblint_is check' -l baseline -r -F -d 'Report only the findings not in FILE'
complete -c kblint -n '__kblint_is check' -l write-baseline -r -F -d 'Record every finding in FILE instead of reporting'
complete -c kblint -n '__kblint_is check' -l changed-since -x -a '(echo HEAD; git for-each-ref --format="%(refname:short)" 2>/dev/null)' -d 'Only what changed since the git ref'
complete -c kblint -n '__kblint_is check' -l stdin -d 'Check the text on standard input'
complete -c kblint -n '__kblint_is check' -l stdin-filename -r -F -d 'The file the text on standard input stands for'
complete -c kblint -n '__kblint_is check' -l report-unused-disables -d 'Report suppressions that held back no finding'
complete -c kblint -n '__kblint_is check' -l fix -d 'Apply the safe fixes to the files'
complete -c kblint -n '__kblint_is check' -l unsafe-fixes -d 'Apply the unsafe fixes too'
complete -c kblint -n '__kblint_is check' -l diff -d 'Print the fixes as a unified diff, write nothing'
complete -c kblint -n '__kblint_is check' -l timings -d 'Print to stderr where the time went'
complete -c kblint -n '__kblint_is check' -l changed-files -d 'The PATHs are the files that changed (pre-commit)'
complete -c kblint -n '__kblint_is check' -l sarif-category -x -d 'SARIF automationDetails.id kblint/NAME/'
complete -c kblint -n '__kblint_is check' -l show-config -d 'Print the effective config and where each value came from'

# rules
complete -c kblint -n '__kblint_is rules' -l check-examples -d "Run every rule's examples"

# verify
complete -c kblint -n '__kblint_is verify' -l by -x -d 'Also set the verifier field'
complete -c kblint -n '__kblint_is verify' -l date -x -d 'The review date (YYYY-MM-DD)'
complete -c kblint -n '__kblint_is verify' -l dry-run -d 'Print a unified diff instead of writing'

# facts
complete -c kblint -n '__kblint_is facts' -s f -l format -x -a 'text json csv' -d 'Output format'

# audit
complete -c kblint -n '__kblint_is audit' -s f -l format -x -a 'text markdown json html' -d 'Report format'
complete -c kblint -n '__kblint_is audit' -l state -r -F -d 'Compare with the previous run recorded in FILE'
complete -c kblint -n '__kblint_is audit' -l owner -x -d "Only this owner's report"
complete -c kblint -n '__kblint_is audit' -l email -d 'E-mail each owner their report'
complete -c kblint -n '__kblint_is audit' -l out-dir -x -a '(__fish_complete_directories)' -d '--email: write the messages as DIR/OWNER.eml'
complete -c kblint -n '__kblint_is audit' -l send -x -a 'sendmail smtp' -d '--email: how to send the messages'
complete -c kblint -n '__kblint_is audit' -l smtp-url -x -d '--email: smtp://HOST:PORT or smtps://HOST:PORT'

# export
complete -c kblint -n '__kblint_is export' -s f -l format -x -a 'jsonl json csv' -d 'Report format'
complete -c kblint -n '__kblint_is export' -l only -x -a '(__kblint_verdicts)' -d 'The verdicts to emit, separated by commas'
complete -c kblint -n '__kblint_is export' -l content -x -a 'none full clean' -d 'The article text in each record'
complete -c kblint -n '__kblint_is export' -l out-dir -x -a '(__fish_complete_directories)' -d 'Write a folder of Markdown files and a manifest'

# lsp
complete -c kblint -n '__kblint_is lsp' -l stdio -d 'JSON-RPC over standard input and output'
