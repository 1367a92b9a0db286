#!/bin/sh
# ci/coverage_test.sh - ci/coverage.sh on small made-up pages, case files
# and reports: it must pass a consistent set, and fail on each kind of
# disagreement, naming the id and the case.
#   ci/coverage_test.sh [--junit FILE]
set -u

here=$(dirname "$0")
junit=
if [ "${1:-}" = --junit ]; then
    junit=$2
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM
. "$here/junit.sh"
junit_begin "$tmp" coverage_test
status=0

# A page of three rows: one decisive item with two cases, one partial, one open.
page() {
    cat > "$tmp/page.md" <<EOF
# Coverage

| id | cases | status | what is checked | 8.0 | 9.0 | 10.0 |
|---|---|---|---|---|---|---|
| seed-000-1 | \`a/one\`, \`a/two\` | decisive | text | pass | pass | pass |
| scenario-2 | \`b/three\` | partial | text | pass | pass | pass |
| scenario-3 | — | open | needs a knob | — | — | — |
$1
EOF
}

# tag CASE TAGS: a case file with those tags.
tag() {
    mkdir -p "$tmp/cases/$(dirname "$1")"
    printf '<case xmlns="urn:profcheck:case:1"><description>d</description><tags>%s</tags></case>\n' "$2" \
        > "$tmp/cases/$1.xml"
}

# report CASE...: a JUnit report in which those cases passed and b/three failed.
report() {
    {
        echo '<testsuites><testsuite name="s">'
        for c in "$@"; do
            printf '<testcase name="%s[v=1] [net8.0]" classname="x"/>\n' "$c"
        done
        echo '<testcase name="b/three" classname="x"><failure message="m"/></testcase>'
        echo '</testsuite></testsuites>'
    } > "$tmp/report.xml"
}

# consistent: the set every test starts from.
consistent() {
    rm -rf "$tmp/cases"
    page ""
    tag a/one "x seed-000-1"
    tag a/two "seed-000-1 surprise"
    tag b/three "scenario-2"
    tag b/four "y"
    report a/one b/four
    # b/three: one variant failed, another passed
    sed -i 's|</testsuite>|<testcase name="b/three[v=2]" classname="x"/></testsuite>|' "$tmp/report.xml"
}

# expect STATUS NAME [TEXT...]: coverage.sh exits with STATUS and prints
# every TEXT; a failure shows in its JUnit report.
expect() {
    want=$1
    name=$2
    shift 2
    : > "$tmp/why"
    sh "$here/coverage.sh" --junit "$tmp/report-out.xml" "$tmp/page.md" "$tmp/cases" "$tmp/report.xml" \
        > "$tmp/out" 2>&1
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "exit status $got, expected $want" >> "$tmp/why"
    fi
    for text in "$@"; do
        if ! grep -qF -e "$text" "$tmp/out"; then
            echo "missing: $text" >> "$tmp/why"
        fi
    done
    if [ "$want" -eq 1 ] && ! grep -q '<failure' "$tmp/report-out.xml" 2>/dev/null; then
        echo "the JUnit report has no failure" >> "$tmp/why"
    fi
    if [ -s "$tmp/why" ]; then
        { echo "--- ci/coverage.sh said:"; cat "$tmp/out"; } >> "$tmp/why"
        echo "FAIL: $name" >&2
        cat "$tmp/why" >&2
        junit_case "coverage_test/$name" "ci/coverage.sh did not do what it must" "$tmp/why"
        status=1
    else
        echo "PASS: $name"
        junit_case "coverage_test/$name"
    fi
}

consistent
expect 0 "a consistent set passes" "coverage: 3 ids, 1 decisive, 1 partial, 1 open"

consistent
tag b/four "y scenario-99"
expect 1 "a tag without a row fails" "coverage: known ids: b/four names scenario-99, which has no row"

consistent
tag a/two "surprise"
expect 1 "a listed case without the tag fails" "coverage: seed-000-1: in its row but not tagged seed-000-1: a/two"

consistent
tag b/four "scenario-2"
expect 1 "a tagged case missing from the row fails" "coverage: scenario-2: tagged scenario-2 but not in its row: b/four"

consistent
report b/four
expect 1 "an id whose cases did not pass fails" \
    "coverage: seed-000-1: no case tagged seed-000-1 passed" "coverage: scenario-2: no case tagged scenario-2 passed"

consistent
tag b/four "scenario-3"
expect 1 "an open row with a tagged case fails" "coverage: scenario-3: tagged scenario-3 but not in its row: b/four"

consistent
page "| scenario-2 | \`b/three\` | decisive | again | pass | pass | pass |"
expect 1 "an id with two rows fails" "coverage: known ids: scenario-2 has more than one row"

consistent
sed -i 's/| partial |/| mostly |/' "$tmp/page.md"
expect 1 "an unknown status fails" "coverage: scenario-2: status 'mostly' is not decisive, partial or open"

consistent
sed -i 's/| — | open |/| `b\/three` | open |/' "$tmp/page.md"
expect 1 "an open row that lists cases fails" "coverage: scenario-3: status open but cases are listed"

if [ -n "$junit" ]; then
    junit_write "$junit" || status=2
fi
exit $status
