#!/bin/sh
# `make check`: the include directions (ci/includes.sh), the unit tests
# (CTest), then the suite, then one merged report whose totals are the
# closing line: "N passed, N failed, N skipped".
#   ci/check.sh BUILD_DIR
set -u

build=${1:-build}
schema="$(dirname "$0")/../reports/junit.xsd"
reports="$build/reports"
unit="$reports/unit"
status=0

rm -rf "$unit"
mkdir -p "$unit"

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
        cat > "$unit/$name.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="profcheck-unit" tests="1" failures="1" errors="0" time="0">
  <testsuite name="unit.$name" tests="1" failures="1" errors="0" skipped="0" time="0">
    <testcase name="$name" classname="profcheck.unit.$name" time="0">
      <failure message="$name ended without writing its report (crashed?)" type="Crash"/>
    </testcase>
  </testsuite>
</testsuites>
XML
        status=1
    fi
done

# A sanitizer build (make check SANITIZE=...) needs no flag here: profcheck
# sees that the profiler needs libasan and preloads it into every app.
echo "== suite"
if ! "$build/bin/profcheck" run -q --junit "$reports/junit.xml" --tap "$reports/suite.tap" \
        --json "$reports/suite.json" cases; then
    status=1
fi

echo "== totals"
# The merged report; its summary is the last line printed.
if ! "$build/bin/profcheck" merge "$reports/check.xml" "$unit"/*.xml "$reports/junit.xml"; then
    status=1
fi
# Every JUnit file written above must meet reports/junit.xsd.
for report in "$reports/junit.xml" "$reports/check.xml" "$unit"/*.xml; do
    if ! out=$(xmllint --noout --schema "$schema" "$report" 2>&1); then
        printf '%s\n' "$out" >&2
        echo "$report does not meet reports/junit.xsd" >&2
        status=1
    fi
done
exit $status
