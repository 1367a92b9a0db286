# ci/junit.sh - a JUnit report of one suite (reports/junit.xsd) for the
# checks written in sh, so that `make check` counts them with the rest.
# Sourced; then:
#   junit_begin SCRATCH_DIR SUITE         starts the suite "unit.SUITE"
#   junit_case NAME                       a test case that passed
#   junit_case NAME MESSAGE DETAILS_FILE  a test case that failed
#   junit_write FILE                      writes the report

junit_escape() {
    sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'
}

junit_begin() {
    junit_cases=$1/junit-cases
    junit_suite=$2
    junit_tests=0
    junit_failures=0
    : > "$junit_cases"
}

junit_case() {
    junit_tests=$((junit_tests + 1))
    if [ $# -lt 2 ]; then
        printf '    <testcase name="%s" classname="profcheck.unit.%s" time="0"/>\n' \
            "$(printf '%s' "$1" | junit_escape)" "$junit_suite" >> "$junit_cases"
        return
    fi
    junit_failures=$((junit_failures + 1))
    {
        printf '    <testcase name="%s" classname="profcheck.unit.%s" time="0">\n' \
            "$(printf '%s' "$1" | junit_escape)" "$junit_suite"
        printf '      <failure message="%s" type="Failure">' "$(printf '%s' "$2" | junit_escape)"
        junit_escape < "$3"
        printf '</failure>\n    </testcase>\n'
    } >> "$junit_cases"
}

junit_write() {
    mkdir -p "$(dirname "$1")" || return 1
    {
        printf '<?xml version="1.0" encoding="UTF-8"?>\n'
        printf '<testsuites name="profcheck-unit" tests="%d" failures="%d" errors="0" time="0">\n' \
            "$junit_tests" "$junit_failures"
        printf '  <testsuite name="unit.%s" tests="%d" failures="%d" errors="0" skipped="0" time="0"' \
            "$junit_suite" "$junit_tests" "$junit_failures"
        printf ' timestamp="%s" hostname="localhost" id="0">\n' "$(date -u +%Y-%m-%dT%H:%M:%S)"
        cat "$junit_cases"
        printf '  </testsuite>\n</testsuites>\n'
    } > "$1"
}
