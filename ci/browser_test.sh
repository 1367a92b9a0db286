#!/bin/sh
# The HTML report in a real browser (headless Chromium), for `make check`:
#   ci/browser_test.sh PAGE JUNIT [PAGE JUNIT]... -- HOSTILE_PAGE SCREENSHOT
# For each PAGE, the DOM after its script ran must have one cell per test
# case of JUNIT with the verdict counts JUNIT gives (failures, errors,
# skipped; the cells may split them finer), one column per runtime the test
# cases ran on (their dotnet.runtime.version), and the page's own style
# sheet and script must have run (their hashes match the page's CSP).  The
# HOSTILE_PAGE (a page of results whose every text is hostile) must have no
# element or link but the page's own: one <script>, no <img>, <iframe>,
# <svg>, no element with an on* attribute, exactly one link, to a
# dotnet/runtime issue.  A screenshot of the first PAGE goes to SCREENSHOT.
# Without Chromium the test is skipped, loudly: exit 77 and a message.
set -u

browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
        browser=$candidate
        break
    fi
done
if [ -z "$browser" ]; then
    echo "SKIPPED: the browser test needs Chromium (Debian: apt-get install chromium; make deps does it as root)" >&2
    exit 77
fi

status=0
profile=$(mktemp -d "${TMPDIR:-/tmp}/profcheck-chromium.XXXXXX")
trap 'rm -rf "$profile"' EXIT INT TERM

run_browser() {
    # Fresh profile, no network of its own, no first-run or update traffic.
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" "$@" 2>/dev/null
}

fail() {
    echo "browser test: $*" >&2
    status=1
}

# count PATTERN FILE: non-overlapping matches of an extended regex.
count() {
    grep -oE "$1" "$2" | wc -l | tr -d ' '
}

check_page() {
    page=$1
    junit=$2
    dom="$profile/dom.html"
    if ! run_browser --dump-dom "file://$(realpath "$page")" > "$dom" || [ ! -s "$dom" ]; then
        fail "$page: Chromium did not load it"
        return
    fi
    grep -q 'data-js="ready"' "$dom" || fail "$page: the page's script did not run (CSP hash?)"
    grep -q 'data-css="ready"' "$dom" || fail "$page: the page's style sheet was not applied (CSP hash?)"
    tests=$(count '<testcase ' "$junit")
    failures=$(count '<failure ' "$junit")
    errors=$(count '<error ' "$junit")
    skipped=$(count '<skipped' "$junit")
    cells=$(count 'data-verdict="[A-Z]+"' "$dom")
    fail_cells=$(count 'data-verdict="(FAIL|XPASS)"' "$dom")
    error_cells=$(count 'data-verdict="(ERROR|TIMEOUT)"' "$dom")
    skip_cells=$(count 'data-verdict="SKIP"' "$dom")
    [ "$cells" = "$tests" ] || fail "$page: $cells cells for $tests test cases"
    [ "$fail_cells" = "$failures" ] || fail "$page: $fail_cells FAIL/XPASS cells for $failures failures"
    [ "$error_cells" = "$errors" ] || fail "$page: $error_cells ERROR/TIMEOUT cells for $errors errors"
    [ "$skip_cells" = "$skipped" ] || fail "$page: $skip_cells SKIP cells for $skipped skipped"
    runtimes=$(grep -oE '<property name="dotnet.runtime.version" value="[^"]*"' "$junit" | sort -u | wc -l | tr -d ' ')
    columns=$(count '<th class="rt">' "$dom")
    if [ "$runtimes" -gt 0 ] && [ "$columns" != "$runtimes" ]; then
        fail "$page: $columns runtime columns for the $runtimes runtimes of $junit"
    fi
    # A FAIL or TIMEOUT cell has events to show (an XPASS or ERROR may not).
    if [ "$(count 'data-verdict="(FAIL|TIMEOUT)"' "$dom")" -gt 0 ]; then
        [ "$(count 'class="timeline"' "$dom")" -gt 0 ] || fail "$page: no timeline of events in a failing cell"
    fi
    if [ $((failures + errors)) -gt 0 ]; then
        [ "$(count 'class="output"' "$dom")" -gt 0 ] || fail "$page: no output in a failing cell"
    fi
    shown=$(sed -n 's/.*id="shown">\([0-9]*\) of \([0-9]*\) cases shown.*/\1 \2/p' "$dom")
    [ -n "$shown" ] || fail "$page: the script did not count the rows"
    echo "browser test: $page: $cells cells ($fail_cells failed, $error_cells errors, $skip_cells skipped) in $columns" \
        "runtime column(s), as in $junit"
}

check_hostile() {
    before=$status
    page=$1
    dom="$profile/hostile.html"
    if ! run_browser --dump-dom "file://$(realpath "$page")" > "$dom" || [ ! -s "$dom" ]; then
        fail "$page: Chromium did not load it"
        return
    fi
    grep -q 'data-js="ready"' "$dom" || fail "$page: the page's script did not run"
    # The DOM as the browser built it, queried with XPath.
    xpath() {
        xmllint --html --nowarning --xpath "$1" "$dom" 2>/dev/null
    }
    [ "$(xpath 'count(//script)')" = 1 ] || fail "$page: an element <script> that the page did not write"
    n=$(xpath 'count(//img|//iframe|//svg|//object|//embed|//form|//b|//i|//style[not(parent::head)])')
    [ "$n" = 0 ] || fail "$page: $n element(s) made from the app's text"
    n=$(xpath "count(//@*[starts-with(name(), 'on')])")
    [ "$n" = 0 ] || fail "$page: $n on* attribute(s)"
    n=$(xpath "count(//*[@href or @src][not(self::a)])")
    [ "$n" = 0 ] || fail "$page: $n element(s) with href or src besides links"
    [ "$(xpath 'count(//a)')" = 1 ] || fail "$page: links other than the known issue's"
    href=$(xpath 'string(//a/@href)')
    printf '%s\n' "$href" | grep -qE '^https://github\.com/dotnet/runtime/issues/[0-9]+$' ||
        fail "$page: the only link is not a dotnet/runtime issue: $href"
    grep -q 'javascript:alert' "$dom" || fail "$page: the hostile text is not shown as text"
    [ $status != $before ] || echo "browser test: $page: the hostile text stayed text (one script, one link)"
}

first=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    check_page "$1" "$2"
    [ -n "$first" ] || first=$1
    shift 2
done
shift
check_hostile "$1"
shot=$2
rm -f "$shot"
if [ -n "$first" ]; then
    run_browser --screenshot="$shot" --window-size=1400,1000 "file://$(realpath "$first")" >/dev/null
    if [ -s "$shot" ]; then
        echo "browser test: screenshot $shot"
    else
        fail "no screenshot was written to $shot"
    fi
fi
exit $status
