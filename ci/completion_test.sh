#!/bin/bash
# The bash completion (completion/profcheck.bash) against a real profcheck:
# each line below completes a command line as bash would (COMP_WORDS,
# COMP_CWORD) and names words the answer must hold, or "-" for an empty
# answer.  Prints each mismatch; exit status 1 when there is one.
#   ci/completion_test.sh COMPLETION_FILE PROFCHECK
set -u

completion=${1:?completion file}
profcheck=${2:?profcheck binary}
# shellcheck source=/dev/null
. "$completion"
failed=0

# expect "WORDS WANTED" WORD...: completes profcheck WORD... (the last word
# being completed) and checks that every wanted word was offered.
expect() {
    local want=$1 w got
    shift
    COMP_WORDS=("$profcheck" "$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _profcheck
    got=" ${COMPREPLY[*]} "
    if [ "$want" = "-" ]; then
        if [ "${#COMPREPLY[@]}" != 0 ]; then
            echo "completion: profcheck $*: offered '${COMPREPLY[*]}', want nothing" >&2
            failed=1
        fi
        return
    fi
    for w in $want; do
        case $got in
        *" $w "*) ;;
        *) echo "completion: profcheck $*: '$w' not offered (got:${got})" >&2; failed=1 ;;
        esac
    done
}

expect "run list validate merge attach inspect-agent paths" ""
expect "run" r
expect "--version --help" --
expect "--filter" run --fil
expect "--jobs -j --runtime --report-dir --agent --clsid" run -
expect "--quiet" validate -
expect "--html" merge --h
expect "--json" inspect-agent --j
expect "--clsid --client-data" attach --cl
expect "--dotnet --runtime" paths --
expect "jit/started-finished" run --filter jit/st
expect "jit/started-finished" run --filter = jit/st
expect "jit jit/module-load" list j
expect "jit/module-load" list --runtime all jit/m
expect "all" run --runtime ""
expect "jit" run --tag ji
expect "-" run -j ""
expect "-" run --shard ""
exit $failed
