# bash completion for profcheck (docs/install.md).
#
# Installed as share/bash-completion/completions/profcheck; to try it from
# a build tree:  . completion/profcheck.bash
#
# Everything it offers comes from profcheck itself, so it cannot drift:
# the subcommands from `profcheck --help`, each command's options from
# `profcheck COMMAND --help`, case ids and areas from `profcheck list`,
# runtimes and the suite's tags from `profcheck paths`.  It runs the
# profcheck being completed (build/bin/profcheck or the one on PATH).

# The lines of a command's output, for words to offer.
_profcheck_run() {
    "$_profcheck_bin" "$@" 2>/dev/null
}

_profcheck_commands() {
    _profcheck_run --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# The options of a command, as its --help lists them ("-j, --jobs N").
_profcheck_options() {
    _profcheck_run "$1" --help |
        sed -n 's/^ \{1,\}\(-[A-Za-z0-9]\), \(--[a-z][a-z-]*\).*/\1 \2/p; t; s/^ \{1,\}\(--[a-z][a-z-]*\).*/\1/p'
}

# The placeholder of the value an option takes, as its --help line names it
# after the option ("--filter GLOB", "-j, --jobs N"); nothing when it takes none.
_profcheck_value_of() {
    local line
    line=$(_profcheck_run "$1" --help | grep -E -- "^ +(-[A-Za-z0-9], )?$2(,| |$)" | head -n 1)
    line=${line#"${line%%[! ]*}"}           # leading spaces
    case $line in -?", "*) line=${line#-?, } ;; esac
    set -- $line
    case ${2:-} in [A-Z]*) printf '%s\n' "$2" ;; esac
}

# Case ids without their variant and runtime ("rejit/basic"), and areas.
_profcheck_cases() {
    _profcheck_run list --allow-empty | sed 's/[[ ].*//' | sort -u | sed 'p; s|/.*||' | sort -u
}

_profcheck_runtimes() {
    printf '%s\n' all
    _profcheck_run paths | sed -n 's/^runtime  *net\([0-9][0-9.]*\) on .*/\1\nnet\1/p'
}

_profcheck_tags() {
    local cases
    cases=$(_profcheck_run paths | sed -n 's/^cases  *\(.*\) ([^)]*)$/\1/p')
    [ -d "$cases" ] || return
    find "$cases" -name '*.xml' -exec sed -n 's/.*<tags>\([^<]*\)<\/tags>.*/\1/p' {} + 2>/dev/null |
        tr ' ' '\n' | sed '/^$/d' | sort -u
}

_profcheck() {
    local cur prev command word i
    local _profcheck_bin=${COMP_WORDS[0]}
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]:-}
    # "--opt=value": bash splits at '=' (COMP_WORDBREAKS).
    if [ "$cur" = "=" ]; then
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        cur=""
    elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    case $_profcheck_bin in "~/"*) _profcheck_bin=$HOME/${_profcheck_bin#"~/"} ;; esac
    command -v "$_profcheck_bin" >/dev/null 2>&1 || return 0

    # The subcommand: the first word after profcheck that is not an option.
    command=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        case $word in
        -*) ;;
        *) command=$word; break ;;
        esac
    done
    if [ -z "$command" ]; then
        case $cur in
        -*) mapfile -t COMPREPLY < <(compgen -W "--help --version --verbose" -- "$cur") ;;
        *) mapfile -t COMPREPLY < <(compgen -W "$(_profcheck_commands)" -- "$cur") ;;
        esac
        return 0
    fi

    # The value of an option.
    case $prev in
    -*)
        if [ -n "$(_profcheck_value_of "$command" "$prev")" ]; then
            case $prev in
            --filter) mapfile -t COMPREPLY < <(compgen -W "$(_profcheck_cases)" -- "$cur") ;;
            --runtime) mapfile -t COMPREPLY < <(compgen -W "$(_profcheck_runtimes)" -- "$cur") ;;
            --tag) mapfile -t COMPREPLY < <(compgen -W "$(_profcheck_tags)" -- "$cur") ;;
            --fixtures | --report-dir) mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
            --dotnet | --profiler | -p | --agent | --junit | --tap | --json | --html)
                mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
            esac
            return 0
        fi
        ;;
    esac

    case $cur in
    -*)
        mapfile -t COMPREPLY < <(compgen -W "$(_profcheck_options "$command")" -- "$cur")
        return 0
        ;;
    esac
    case $command in
    run | list)
        mapfile -t COMPREPLY < <(compgen -W "$(_profcheck_cases)" -- "$cur"; compgen -f -- "$cur") ;;
    attach)
        mapfile -t COMPREPLY < <(compgen -W "$(pgrep -x dotnet 2>/dev/null)" -- "$cur") ;;
    help) ;;
    *)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
    esac
    return 0
}

complete -F _profcheck profcheck
