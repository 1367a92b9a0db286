#!/bin/sh
# The manual pages: every page renders without a warning
# (groff -ww -man -Tutf8, and man -l), every command `profcheck --help`
# lists has its page and every page its command, and every option a
# command's --help names is in its page.  Prints each problem; exit status
# 1 when there is one.
#   ci/man_test.sh MAN_DIR PROFCHECK
set -u

dir=${1:?directory of the .1 pages}
profcheck=${2:?profcheck binary}
status=0
err=$(mktemp)
trap 'rm -f "$err"' EXIT

fail() {
    echo "man pages: $*" >&2
    status=1
}

pages=$(cd "$dir" && ls ./*.1 2>/dev/null | sed 's|^\./||; s|\.1$||')
[ -n "$pages" ] || fail "no pages in $dir"

for page in $pages; do
    file="$dir/$page.1"
    groff -ww -man -Tutf8 "$file" > /dev/null 2> "$err" || fail "$page.1: groff failed"
    if [ -s "$err" ]; then
        fail "$page.1: groff warns:"
        cat "$err" >&2
    fi
    if command -v man >/dev/null 2>&1; then
        MANWIDTH=80 MAN_KEEP_STDERR=1 man -l "$file" > /dev/null 2> "$err" || fail "$page.1: man -l failed"
        if [ -s "$err" ]; then
            fail "$page.1: man -l warns:"
            cat "$err" >&2
        fi
    fi
    if [ -f "$file.gz" ] && ! gzip -dc "$file.gz" | cmp -s - "$file"; then
        fail "$page.1.gz is not $page.1 compressed"
    fi
done

# Commands and pages, both ways.
commands=$("$profcheck" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$commands" ] || fail "profcheck --help lists no commands"
for c in $commands; do
    [ -f "$dir/profcheck-$c.1" ] || fail "command $c has no page profcheck-$c.1"
done
[ -f "$dir/profcheck.1" ] || fail "no profcheck.1"
for page in $pages; do
    c=${page#profcheck-}
    [ "$page" = profcheck ] && continue
    if ! printf '%s\n' $commands | grep -qx "$c"; then
        fail "$page.1 is for no command of profcheck --help"
        continue
    fi
    # every option of the command's --help, in its page (as troff writes it: \-\-name)
    for opt in $("$profcheck" "$c" --help | sed -n 's/^  \(-[A-Za-z0-9]\), \(--[a-z][a-z-]*\).*/\1 \2/p; t; s/^  \(--[a-z][a-z-]*\).*/\1/p'); do
        troff=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
        grep -q -- "$troff" "$dir/$page.1" || fail "$page.1 does not describe $opt"
    done
done
exit $status
