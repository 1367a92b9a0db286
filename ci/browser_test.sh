#!/bin/sh
# The HTML report in a real browser (headless Chromium), for `make check`:
#   ci/browser_test.sh PAGE JUNIT [PAGE JUNIT]... -- HOSTILE_PAGE SCREENSHOT
# For each PAGE, the DOM after its script ran (in a 1400x1000 window) must
# have one cell per test case of JUNIT with the verdict counts JUNIT gives
# (failures, errors, skipped; the cells may split them finer), one column
# per runtime the test cases ran on (their dotnet.runtime.version), and the
# page's own style sheet and script must have run (their hashes match the
# page's CSP).  A page with a case that failed is opened at
# #open=THAT-CASE: its pane must be open, and the page must not be wider
# than the window (the script's data-fits="yes"), at 1400 and, for the
# first such page, at 1000 pixels.  On that page a click on a failed cell
# must open its pane, as wide as the table, a click on another cell of the
# row must show that one's instead, and a second click must close it (a
# copy of the page without its CSP, with a script that clicks).
# The HOSTILE_PAGE (a page of results whose every text is hostile) must have
# no element or link but the page's own: one <script>, no <img>, <iframe>,
# <svg>, no element with an on* attribute, exactly one link, to a
# dotnet/runtime issue.  A screenshot of the first PAGE goes to SCREENSHOT,
# one of the first page with a failed case, that case opened, to
# SCREENSHOT's name with -open before .png.
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

# problem_id PAGE: the id of the first case with a cell that failed
# (FAIL, ERROR, TIMEOUT, XPASS), as a URL fragment's text; empty if none.
problem_id() {
    grep -oE '<tr class="case" data-verdicts="[^"]*" data-id="[^"]*"' "$1" |
        grep -E 'data-verdicts="([^"]* )?(FAIL|ERROR|TIMEOUT|XPASS)[ "]' | head -1 |
        sed 's/.*data-id="//; s/"$//; s/&amp;/\&/g; s/%/%25/g; s/ /%20/g; s/#/%23/g; s/\[/%5B/g; s/\]/%5D/g' |
        sed "s/&#39;/%27/g; s/&quot;/%22/g; s/&lt;/%3C/g; s/&gt;/%3E/g"
}

# fits DOM PAGE WIDTH: the page is no wider than the window.
fits() {
    if ! grep -q 'data-fits="yes"' "$1"; then
        fail "$2: wider than a $3-pixel window (a horizontal scroll bar), or the script did not measure it"
    fi
}

check_page() {
    page=$1
    junit=$2
    dom="$profile/dom.html"
    id=$(problem_id "$page")
    url="file://$(realpath "$page")${id:+#open=$id}"
    if ! run_browser --window-size=1400,1000 --dump-dom "$url" > "$dom" || [ ! -s "$dom" ]; then
        fail "$page: Chromium did not load it"
        return
    fi
    grep -q 'data-js="ready"' "$dom" || fail "$page: the page's script did not run (CSP hash?)"
    grep -q 'data-css="ready"' "$dom" || fail "$page: the page's style sheet was not applied (CSP hash?)"
    fits "$dom" "$page" 1400
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
    opened=""
    if [ -n "$id" ]; then
        # #open=ID: that case's row of panes shows, with one pane open.
        if [ "$(count '<tr class="more open"' "$dom")" != 1 ] ||
            [ "$(count '<details class="pane [a-z-]+" data-col="[0-9]+" open=""' "$dom")" != 1 ]; then
            fail "$page: #open=$id did not open one pane"
        fi
        opened=", #open=$id opened"
        if [ -z "$open_page" ]; then
            open_page=$page
            open_id=$id
            check_narrow "$url"
            check_clicks "$page"
        fi
    fi
    echo "browser test: $page: $cells cells ($fail_cells failed, $error_cells errors, $skip_cells skipped) in $columns" \
        "runtime column(s), as in $junit$opened"
}

# check_narrow URL: a 1000-pixel window has no horizontal scroll bar either.
check_narrow() {
    dom="$profile/narrow.html"
    if ! run_browser --window-size=1000,900 --dump-dom "$1" > "$dom" || [ ! -s "$dom" ]; then
        fail "$1: Chromium did not load it at 1000 pixels"
        return
    fi
    fits "$dom" "$1" 1000
}

# check_clicks PAGE: clicks on the first failed case's cells (a copy of
# the page without its CSP, so that the clicking script may run).
check_clicks() {
    copy="$profile/clicks.html"
    dom="$profile/clicks-dom.html"
    {
        sed '/<meta http-equiv="Content-Security-Policy"/d; /^<\/body>$/,$d' "$1"
        printf '<script>%s</script>\n</body>\n</html>\n' "$click_script"
    } > "$copy"
    if ! run_browser --window-size=1400,1000 --dump-dom "file://$copy" > "$dom" || [ ! -s "$dom" ]; then
        fail "$1: Chromium did not load it"
        return
    fi
    said=$(sed -n 's/.*data-clicks="\([^"]*\)".*/\1/p' "$dom" | head -1)
    [ "$said" = ok ] || fail "$1: clicking the cells: ${said:-the clicking script did not run}"
}

# Clicks the first failed cell, another cell of its row, that one again.
# (Its listener runs after the page's own, which the page registered first.)
click_script='document.addEventListener("DOMContentLoaded", function () {
  var said = "ok";
  function must(ok, what) { if (!ok && said === "ok") said = what; }
  var td = document.querySelector("td.cell.v-fail, td.cell.v-error, td.cell.v-timeout, td.cell.v-xpass");
  var tr = td.parentElement, more = tr.nextElementSibling, table = tr.closest("table");
  function pane() { return more.querySelector("details.pane[open]"); }
  function visible() { return Array.prototype.filter.call(more.querySelectorAll("details.pane"),
    function (d) { return d.offsetHeight > 0; }).length; }
  td.querySelector("button").click();
  must(more.classList.contains("open") && pane() && visible() === 1, "a click on a failed cell did not show its pane");
  must(pane() && pane().getAttribute("data-col") === td.getAttribute("data-col"), "the pane shown is not the cell'"'"'s");
  must(pane() && pane().offsetWidth >= 0.9 * table.offsetWidth, "the pane is not as wide as the table");
  var other = Array.prototype.filter.call(tr.querySelectorAll("td.cell"), function (c) { return c !== td; })[0];
  if (other) {
    other.click();
    must(visible() === 1 && pane().getAttribute("data-col") === other.getAttribute("data-col"),
      "a click on another cell of the row did not show its pane instead");
    td = other;
  }
  td.click();
  must(!more.classList.contains("open") && visible() === 0, "a second click did not close the pane");
  document.documentElement.setAttribute("data-clicks", said);
});'

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
open_page=""
open_id=""
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
shot_open="${shot%.png}-open.png"
rm -f "$shot_open"
if [ -n "$open_page" ]; then
    run_browser --screenshot="$shot_open" --window-size=1400,1000 \
        "file://$(realpath "$open_page")#open=$open_id" >/dev/null
    if [ -s "$shot_open" ]; then
        echo "browser test: screenshot $shot_open ($open_page#open=$open_id)"
    else
        fail "no screenshot was written to $shot_open"
    fi
fi
exit $status
