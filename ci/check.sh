#!/bin/sh
# `make check`: the include directions (ci/includes.sh), the unit tests
# (CTest), then the suite, docs/coverage.md against it (ci/coverage.sh), a
# run of the self-tests with their raw verdicts (every verdict at once),
# three shards merged, the HTML pages in a browser, the bash completion, the
# manual pages, then one merged report whose totals are the closing line:
# "N passed, N failed, N skipped".
#   ci/check.sh BUILD_DIR
set -u

build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
profcheck="$build/bin/profcheck"
schemas="$root/reports/junit.xsd $root/reports/junit-jenkins.xsd"
reports="$build/reports"
unit="$reports/unit"
mixed="$reports/mixed"
shards="$reports/shards"
status=0

rm -rf "$unit" "$mixed" "$shards"
mkdir -p "$unit" "$mixed" "$shards"

# junit_case FILE NAME VERDICT MESSAGE: a report of one test case (pass, fail, skip).
junit_case() {
    case $3 in
    fail) counts='failures="1" skipped="0"'; body="<failure message=\"$4\" type=\"CheckFailed\"/>" ;;
    skip) counts='failures="0" skipped="1"'; body="<skipped message=\"$4\"/>" ;;
    *) counts='failures="0" skipped="0"'; body="" ;;
    esac
    top=$(echo "$counts" | sed 's/ skipped="[0-9]"//')
    cat > "$1" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="profcheck-check" tests="1" $top errors="0" time="0">
  <testsuite name="check.$2" tests="1" $counts errors="0" time="0">
    <testcase name="$2" classname="profcheck.check.$2" time="0">$body</testcase>
  </testsuite>
</testsuites>
XML
}

# Which folder may include which (docs/architecture.md); counted with the
# unit tests.
echo "== include directions"
if ! sh "$(dirname "$0")/includes.sh" --junit "$unit/include_directions.xml"; then
    status=1
fi

echo "== unit tests"
if ! ctest --test-dir "$build" --output-on-failure; then
    status=1
fi
# A unit-test binary that crashed wrote no report: count it as a failure.
for name in $(ctest --test-dir "$build" -N | sed -n 's/^ *Test *#[0-9]*: //p'); do
    if [ ! -f "$unit/$name.xml" ]; then
        junit_case "$unit/$name.xml" "$name" fail "$name ended without writing its report (crashed?)"
        status=1
    fi
done

# A sanitizer build (make check SANITIZE=...) needs no flag here: profcheck
# sees that the profiler needs libasan and preloads it into every app.
echo "== suite"
if ! "$profcheck" run -q --junit "$reports/junit.xml" --tap "$reports/suite.tap" \
        --json "$reports/suite.json" --html "$reports/index.html" cases; then
    status=1
fi

# docs/coverage.md against the case files' tags and the suite just run:
# every tagged seed statement and vendor scenario has a row and a case that
# passed, and every row names exactly the cases tagged with its id.
echo "== coverage"
if ! sh "$root/ci/coverage.sh" --junit "$reports/coverage.xml" "$root/docs/coverage.md" "$root/cases" \
        "$reports/junit.xml"; then
    status=1
fi

# The self-tests with the verdict each came out with: failures, errors,
# timeouts, skips, a flaky pass, an XFAIL, an XPASS and hostile output in
# one report.  Its failures are the point: it must exit 1, and only its
# reports are checked (they are not part of the totals).
echo "== every verdict (self-tests, raw)"
"$profcheck" run -q --raw-selftests --junit "$mixed/junit.xml" --html "$mixed/index.html" cases/selftest \
    > "$mixed/run.log" 2>&1
rc=$?
if [ $rc != 1 ]; then
    echo "the raw self-test run exited $rc, not 1 (see $mixed/run.log)" >&2
    status=1
fi
tail -1 "$mixed/run.log"

# Three shards of two areas, merged: one suite per area, every case once.
echo "== shards"
shard_cases="cases/jit cases/selftest/exit-code.xml cases/selftest/requires-feature.xml cases/selftest/known-issue-xfail.xml"
for i in 1 2 3; do
    # shellcheck disable=SC2086
    "$profcheck" run -q --shard "$i/3" --junit "$shards/shard-$i.xml" $shard_cases > "$shards/shard-$i.log" 2>&1 ||
        { echo "shard $i/3 failed (see $shards/shard-$i.log)" >&2; status=1; }
done
if ! "$profcheck" merge --html "$shards/index.html" "$shards/merged.xml" "$shards"/shard-*.xml; then
    status=1
fi
# shellcheck disable=SC2086
want=$("$profcheck" list $shard_cases | wc -l | tr -d ' ')
suites=$(xmllint --xpath 'count(/testsuites/testsuite)' "$shards/merged.xml")
tests=$(xmllint --xpath 'string(/testsuites/@tests)' "$shards/merged.xml")
if [ "$suites" != 2 ] || [ "$tests" != "$want" ]; then
    echo "the merged shards have $suites suites and $tests test cases; want 2 (jit, selftest) and $want" >&2
    status=1
fi

echo "== browser"
sh "$root/ci/browser_test.sh" "$reports/index.html" "$reports/junit.xml" "$mixed/index.html" "$mixed/junit.xml" \
    "$shards/index.html" "$shards/merged.xml" -- "$root/harness/tests/data/html-hostile.html" "$reports/index.png"
case $? in
0) junit_case "$reports/browser.xml" browser pass "" ;;
77) junit_case "$reports/browser.xml" browser skip "Chromium is not installed: the HTML report was not checked in a browser" ;;
*) junit_case "$reports/browser.xml" browser fail "the HTML report failed in the browser (see the lines above)"; status=1 ;;
esac

# The bash completion, completing real command lines against this profcheck.
echo "== completion"
if bash "$root/ci/completion_test.sh" "$root/completion/profcheck.bash" "$profcheck"; then
    junit_case "$reports/completion.xml" completion pass ""
else
    junit_case "$reports/completion.xml" completion fail "the bash completion offered the wrong words (see the lines above)"
    status=1
fi

# The manual pages: rendered without a warning, one per command, every
# option of each command's --help in its page.
echo "== manual pages"
if sh "$root/ci/man_test.sh" "$build/man" "$profcheck"; then
    junit_case "$reports/manpages.xml" manpages pass ""
else
    junit_case "$reports/manpages.xml" manpages fail "a manual page warns or misses a command or an option (see the lines above)"
    status=1
fi

echo "== totals"
# The merged report; its summary is the last line printed.
if ! "$profcheck" merge "$reports/check.xml" "$unit"/*.xml "$reports/browser.xml" "$reports/coverage.xml" \
        "$reports/completion.xml" "$reports/manpages.xml" \
        "$reports/junit.xml" > "$reports/totals.txt"; then
    status=1
fi
# Every JUnit file written above must meet reports/junit.xsd and what Jenkins
# accepts (reports/junit-jenkins.xsd).
for report in "$reports/junit.xml" "$reports/check.xml" "$reports/coverage.xml" "$unit"/*.xml "$mixed/junit.xml" \
        "$shards"/*.xml; do
    for schema in $schemas; do
        if ! out=$(xmllint --noout --schema "$schema" "$report" 2>&1); then
            printf '%s\n' "$out" >&2
            echo "$report does not meet $(basename "$schema")" >&2
            status=1
        fi
    done
done
cat "$reports/totals.txt"
exit $status
