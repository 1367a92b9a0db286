#!/bin/sh
# ci/coverage.sh - holds docs/coverage.md to the case files and to a suite
# run (docs/coverage.md, "The check").  Fails, naming the id and the case,
# when a case's <tags> name an id (seed-... or scenario-...) without a row;
# when a row's cases are not exactly the cases tagged with its id; when a
# row with cases has none that passed in the JUnit report; when a row's
# status does not fit its cases (open <=> no cases).
#   ci/coverage.sh [--junit FILE] PAGE CASES_DIR REPORT
# PAGE: docs/coverage.md; CASES_DIR: cases/; REPORT: the suite's JUnit
# report.  Exit 0 all held, 1 something did not, 2 usage or input error.
set -u

here=$(dirname "$0")
junit=
if [ "${1:-}" = --junit ]; then
    junit=$2
    shift 2
fi
if [ $# -ne 3 ]; then
    echo "usage: ci/coverage.sh [--junit FILE] PAGE CASES_DIR REPORT" >&2
    exit 2
fi
page=$1
cases=$2
report=$3
for f in "$page" "$report"; do
    if [ ! -f "$f" ]; then
        echo "coverage: no file $f" >&2
        exit 2
    fi
done
if [ ! -d "$cases" ]; then
    echo "coverage: no directory $cases" >&2
    exit 2
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM
. "$here/junit.sh"
junit_begin "$tmp" coverage
status=0

# Rows: "id<TAB>status<TAB>case case ..." from the table lines of the page
# whose first cell is an id; "—" (or "-") in the cases cell means none.
awk -F'|' '
function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
$2 ~ /^ *(seed-[0-9][0-9][0-9]-[0-9]+|scenario-[0-9]+) *$/ {
    id = trim($2); list = trim($3); st = trim($4)
    gsub(/`/, "", list); gsub(/,/, " ", list)
    if (list == "—" || list == "-") list = ""
    n = split(list, w, " "); list = ""
    for (i = 1; i <= n; i++) if (w[i] != "") list = list (list == "" ? "" : " ") w[i]
    printf "%s\t%s\t%s\n", id, st, list
}' "$page" > "$tmp/rows"
if [ ! -s "$tmp/rows" ]; then
    echo "coverage: $page has no row whose first cell is an id" >&2
    exit 2
fi

# Tags: "id<TAB>case" for every seed-/scenario- tag of every case file.
(cd "$cases" && find . -name '*.xml' | sed 's|^\./||' | sort) > "$tmp/files"
: > "$tmp/tags"
while IFS= read -r f; do
    id=${f%.xml}
    tags=$(xmllint --xpath "string(/*[local-name()='case']/*[local-name()='tags'])" "$cases/$f" 2>/dev/null) || continue
    for t in $tags; do
        case $t in
        seed-*|scenario-*) printf '%s\t%s\n' "$t" "$id" >> "$tmp/tags" ;;
        esac
    done
done < "$tmp/files"

# Passed test cases of the report, by case id: a variant's "[axis=value]"
# and a runtime's " [net8.0]" dropped.
xmllint --xpath "//testcase[not(failure) and not(error) and not(skipped)]/@name" "$report" 2>/dev/null |
    sed 's/ name="/\n/g' | sed 's/".*//; s/[[ ].*//' | grep -v '^$' | sort -u > "$tmp/passed"

# check NAME WHY: a test case of the report; WHY empty means it held.
check() {
    if [ -n "$2" ]; then
        printf '%s\n' "$2" > "$tmp/why"
        printf 'coverage: %s: %s\n' "$1" "$2" >&2
        junit_case "coverage/$1" "$2" "$tmp/why"
        status=1
    else
        junit_case "coverage/$1"
    fi
}

# Every tagged id has a row, once.
why=
for t in $(cut -f1 "$tmp/tags" | sort -u); do
    if ! cut -f1 "$tmp/rows" | grep -qx -e "$t"; then
        why="$why${why:+; }$(awk -F'\t' -v t="$t" '$1 == t { printf "%s%s", sep, $2; sep = ", " }' "$tmp/tags") names $t, which has no row in $page"
    fi
done
for t in $(cut -f1 "$tmp/rows" | sort | uniq -d); do
    why="$why${why:+; }$t has more than one row"
done
check "known ids" "$why"

# Each row against the tags and the report.
while IFS="$(printf '\t')" read -r id st list; do
    printf '%s\n' $list | grep -v '^$' | sort -u > "$tmp/listed"
    awk -F'\t' -v t="$id" '$1 == t { print $2 }' "$tmp/tags" | sort -u > "$tmp/tagged"
    why=
    case $st in
    decisive|partial)
        if [ ! -s "$tmp/listed" ]; then
            why="status $st but no cases"
        fi ;;
    open)
        if [ -s "$tmp/listed" ]; then
            why="status open but cases are listed"
        fi ;;
    *) why="status '$st' is not decisive, partial or open" ;;
    esac
    missing=$(comm -23 "$tmp/tagged" "$tmp/listed" | tr '\n' ' ')
    extra=$(comm -13 "$tmp/tagged" "$tmp/listed" | tr '\n' ' ')
    if [ -n "$missing" ]; then
        why="$why${why:+; }tagged $id but not in its row: ${missing% }"
    fi
    if [ -n "$extra" ]; then
        why="$why${why:+; }in its row but not tagged $id: ${extra% }"
    fi
    if [ -s "$tmp/tagged" ] && ! comm -12 "$tmp/tagged" "$tmp/passed" | grep -q .; then
        why="$why${why:+; }no case tagged $id passed in $report"
    fi
    check "$id" "$why"
done < "$tmp/rows"

rows=$(wc -l < "$tmp/rows" | tr -d ' ')
open=$(awk -F'\t' '$2 == "open"' "$tmp/rows" | wc -l | tr -d ' ')
partial=$(awk -F'\t' '$2 == "partial"' "$tmp/rows" | wc -l | tr -d ' ')
echo "coverage: $rows ids, $((rows - open - partial)) decisive, $partial partial, $open open ($page)"
if [ -n "$junit" ]; then
    junit_write "$junit" || status=2
fi
exit $status
