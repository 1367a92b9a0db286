#!/bin/sh
# ci/mangen_test.sh - man/mangen.c on made-up page sources: a good one gives
# a page groff renders without a warning and the --help text as written,
# and each kind of broken source is refused with its file and line.
#   ci/mangen_test.sh [--junit FILE] MANGEN
set -u

here=$(dirname "$0")
junit=
if [ "${1:-}" = --junit ]; then
    junit=$2
    shift 2
fi
mangen=${1:?the mangen binary}

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM
. "$here/junit.sh"
junit_begin "$tmp" mangen_test
status=0

# check NAME WHAT: records the result of the test whose failures are in $tmp/why.
check() {
    if [ -s "$tmp/why" ]; then
        junit_case "mangen_test/$1" "$2" "$tmp/why"
        cat "$tmp/why" >&2
        status=1
    else
        junit_case "mangen_test/$1"
    fi
    : > "$tmp/why"
}

# want FILE TEXT: FILE holds TEXT (a fixed string).
want() {
    grep -q -F -- "$2" "$1" || printf '%s lacks: %s\n' "$(basename "$1")" "$2" >> "$tmp/why"
}

# refused NAME MESSAGE SOURCE: mangen exits 1 naming MESSAGE.
refused() {
    printf '%s\n' "$3" > "$tmp/$1.txt"
    if "$mangen" "$tmp/$1.txt" 9.9 "$tmp/$1.1" "$tmp/$1.c" help_x 2> "$tmp/$1.err"; then
        printf '%s: accepted\n' "$1" >> "$tmp/why"
    else
        want "$tmp/$1.err" "$2"
    fi
    check "$1" "mangen did not refuse a broken source as it must"
}

: > "$tmp/why"
cat > "$tmp/good.txt" <<'EOF'
@# a made-up page
@name profcheck-demo
@summary show what mangen does
@usage
profcheck demo [--level N] FILE...
@text
Demonstrates `profcheck demo` and the wrapping of a long paragraph that goes on
and on.  A second sentence follows two spaces after the first, as written, so
that --help keeps them; see profcheck(1).
@options Choices
--level N
    how far to go
-q, --quiet
    say nothing
@man EXAMPLES
  profcheck demo --level 2 a.txt
@man NOTES
* one item
* another item, \ and .dots
EOF
if "$mangen" "$tmp/good.txt" 9.9 "$tmp/good.1" "$tmp/good.c" help_demo 2> "$tmp/why"; then
    groff -ww -man -Tutf8 "$tmp/good.1" > /dev/null 2>> "$tmp/why"
    want "$tmp/good.1" '.TH PROFCHECK\-DEMO 1 "" "profcheck 9.9"'
    want "$tmp/good.1" 'profcheck\-demo \- show what mangen does'
    want "$tmp/good.1" '\fBprofcheck\fR \fBdemo\fR [\fB\-\-level\fR \fIN\fR] \fIFILE\fR...'
    want "$tmp/good.1" '\fB\-q\fR, \fB\-\-quiet\fR'
    want "$tmp/good.1" '.SS Choices'
    want "$tmp/good.1" 'Demonstrates \fBprofcheck demo\fR'
    want "$tmp/good.1" '\fBprofcheck\fR(1)'
    want "$tmp/good.1" '.IP \(bu 2'
    want "$tmp/good.1" 'another item, \e and .dots'
    want "$tmp/good.1" '.SH EXAMPLES'
    want "$tmp/good.c" 'const char help_demo[] ='
    want "$tmp/good.c" '"usage: profcheck demo [--level N] FILE...\n"'
    want "$tmp/good.c" 'Demonstrates `profcheck demo` and the wrapping of a long paragraph that goes on\n"'
    want "$tmp/good.c" 'on.  A second sentence'
    want "$tmp/good.c" '"Choices:\n"'
    want "$tmp/good.c" '"  --level N    how far to go\n"'
    want "$tmp/good.c" '"  -q, --quiet  say nothing\n"'
    if grep -q 'EXAMPLES\|one item' "$tmp/good.c"; then
        echo "good.c: --help holds the page's own sections" >> "$tmp/why"
    fi
fi
check good "a good source did not give the page and --help it must"

refused non_ascii "non_ascii.txt:5: only printable ASCII" '@name a
@summary b
@usage
a
caf'"$(printf '\303\251')"
refused backquote "an unmatched \` in the paragraph starting: a \`b" '@name a
@summary b
@usage
a
@text
a `b
c'
refused directive "directive.txt:4: unknown directive or missing argument: @txet" '@name a
@summary b
@usage
@txet'
refused orphan "orphan.txt:1: text before the first block" 'words
@name a'
refused long_usage "long_usage.txt:4: a usage line is longer than 79 columns" '@name a
@summary b
@usage
profcheck demo [--a-rather-long-option VALUE] [--another-long-option VALUE] [X]'
refused no_usage "needs @name, @summary and @usage first" '@name a
@summary b
@text
x'

if [ -n "$junit" ]; then
    junit_write "$junit" || status=2
fi
exit $status
