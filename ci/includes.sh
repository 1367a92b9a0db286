#!/bin/sh
# Include directions (docs/architecture.md, "Who may include whom").
#
# Every `#include "..."` of the C sources is resolved to the file it names
# and that file's folder is held to the rules below; so are the include
# directories and the linked libraries of the CMake files.  Each breach is
# printed as
#   file:line: includes X (folder A may not include folder B)
# and the exit status is 1 when there is one.  With --junit the result is
# also written as a JUnit report, which `make check` counts with the unit
# tests.  POSIX sh and awk only.
#   ci/includes.sh [--junit REPORT.xml] [SOURCE_DIR]
set -u

junit=""
if [ "${1:-}" = "--junit" ]; then
    junit=${2:?--junit needs a file name}
    shift 2
    case $junit in /*) ;; *) junit=$(pwd)/$junit ;; esac
fi
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2

# The files: tracked and new ones, not what .gitignore leaves out (build
# directories); without git, everything outside build*/.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    sources=$(git ls-files -co --exclude-standard -- '*.c' '*.h')
    cmakes=$(git ls-files -co --exclude-standard -- 'CMakeLists.txt' '*/CMakeLists.txt')
else
    sources=$(find . \( -name 'build*' -o -name '.git' \) -prune -o \( -name '*.c' -o -name '*.h' \) -print |
              sed 's|^\./||')
    cmakes=$(find . \( -name 'build*' -o -name '.git' \) -prune -o -name CMakeLists.txt -print | sed 's|^\./||')
fi

# The rules, shared by both checks.  folder() names the folder a path
# belongs to; may[A] lists what folder A may include: folders, or a path
# prefix ending in "/" for part of one.  roots[A] are the include
# directories of folder A's targets, in the compiler's order, as the CMake
# files set them (which the second check holds to the same rules).
rules='
function folder(p) {
    if (p ~ /^common\/tests\//) return "common/tests"
    if (p ~ /^common\//) return "common"
    if (p ~ /^harness\/tests\//) return "harness/tests"
    if (p ~ /^harness\//) return "harness"
    if (p ~ /^reports\//) return "reports"
    if (p ~ /^profiler_under_test\/tests\//) return "profiler_under_test/tests"
    if (p ~ /^profiler_under_test\//) return "profiler_under_test"
    if (p ~ /^fixtures\/agents\//) return "fixtures/agents"
    if (p ~ /^fuzz\//) return "fuzz"
    if (p ~ /^bench\//) return "bench"
    if (p ~ /^man\//) return "man"
    return ""
}
function setup() {
    may["common"] = "common"
    may["profiler_under_test"] = "profiler_under_test common"
    may["harness"] = "harness reports common"
    may["reports"] = "harness reports common"
    may["fixtures/agents"] = "fixtures/agents common/abi/"
    may["fuzz"] = "fuzz harness reports common"
    may["bench"] = "bench harness reports common"
    may["man"] = "man"
    may["harness/tests"] = "harness/tests harness reports common"
    may["common/tests"] = "common/tests common harness/tests"
    may["profiler_under_test/tests"] = "profiler_under_test/tests profiler_under_test common harness/tests"
    roots["common"] = "common"
    roots["common/tests"] = "harness common"
    roots["harness"] = roots["reports"] = roots["harness/tests"] = "harness common"
    roots["fuzz"] = roots["bench"] = "harness common"
    roots["profiler_under_test"] = roots["profiler_under_test/tests"] = "profiler_under_test common"
    roots["fixtures/agents"] = "fixtures/agents common"
    bad = 0
}
# May folder a include the file (or, with is_dir, the directory) t?
function allowed(a, t, is_dir,   n, w, i, f) {
    f = is_dir ? folder(t "/") : folder(t)
    n = split(may[a], w, " ")
    for (i = 1; i <= n; i++) {
        if (w[i] ~ /\/$/) {
            if (substr(t "/", 1, length(w[i])) == w[i]) return 1
            if (is_dir && substr(w[i], 1, length(t) + 1) == t "/") return 1
        } else if (f == w[i]) {
            return 1
        }
    }
    return 0
}
# The folder to name in a message: the finer one where a rule allows part of it.
function shown(a, t,   f, n, w, i, d) {
    f = folder(t)
    n = split(may[a], w, " ")
    for (i = 1; i <= n; i++)
        if (w[i] ~ /\/$/ && substr(w[i], 1, length(f) + 1) == f "/") {
            d = t
            sub(/\/[^\/]*$/, "", d)
            return d
        }
    return f == "" ? "outside the known folders" : f
}
function norm(p,   n, part, out, i, k, s) {
    n = split(p, part, "/")
    k = 0
    for (i = 1; i <= n; i++) {
        if (part[i] == "" || part[i] == ".")
            continue
        if (part[i] == ".." && k > 0 && out[k] != "..") {
            k--
            continue
        }
        out[++k] = part[i]
    }
    s = ""
    for (i = 1; i <= k; i++)
        s = s (i > 1 ? "/" : "") out[i]
    return s
}
function dirname(p) {
    if (p !~ /\//) return ""
    sub(/\/[^\/]*$/, "", p)
    return p
}
function exists(p,   line, r) {
    r = (getline line < p)
    if (r >= 0) close(p)
    return r >= 0
}
function breach(msg) {
    print msg
    bad++
}
'

# 1. The sources: each quoted include, resolved as the compiler does (the
# including file's folder first, then the include directories).
src_out=$(printf '%s\n' "$sources" | awk "$rules"'
BEGIN { setup() }
NF {
    file = $0
    a = folder(file)
    if (a == "") {
        breach(file ":1: is in no folder the include rules know (ci/includes.sh)")
        next
    }
    files++
    lineno = 0
    while ((getline line < file) > 0) {
        lineno++
        if (line !~ /^[ \t]*#[ \t]*include[ \t]*"/)
            continue
        name = line
        sub(/^[ \t]*#[ \t]*include[ \t]*"/, "", name)
        sub(/".*$/, "", name)
        includes++
        target = ""
        here = dirname(file)
        cand = norm((here == "" ? "" : here "/") name)
        if (exists(cand)) {
            target = cand
        } else {
            n = split(roots[a], r, " ")
            for (i = 1; i <= n && target == ""; i++) {
                cand = norm(r[i] "/" name)
                if (exists(cand))
                    target = cand
            }
        }
        if (target == "")
            breach(file ":" lineno ": includes " name " (found neither next to it nor in the include directories of folder " a ")")
        else if (!allowed(a, target, 0))
            breach(file ":" lineno ": includes " name " (folder " a " may not include folder " shown(a, target) ")")
    }
    close(file)
}
END {
    printf "#count %d files, %d includes\n", files, includes
    exit (bad > 0)
}')
src_status=$?
src_count=$(printf '%s\n' "$src_out" | sed -n 's/^#count //p')
src_out=$(printf '%s\n' "$src_out" | grep -v '^#count ')

# 2. The CMake files: include directories (target_include_directories,
# include_directories) and linked project libraries (whose public include
# directories come along) of each target, by the folder of its sources.
cmake_out=$(printf '%s\n' "$cmakes" | awk "$rules"'
function path(tok, dir) {
    if (tok ~ /^\//) return "?"
    gsub(/\$\{(CMAKE_SOURCE_DIR|PROJECT_SOURCE_DIR|profcheck_SOURCE_DIR)\}/, "", tok)
    gsub(/\$\{CMAKE_CURRENT_SOURCE_DIR\}/, "/" dir, tok)
    if (tok ~ /^\$/ || tok ~ /^[A-Za-z]+::/) return "?"
    if (tok !~ /^\//) tok = dir "/" tok
    return norm(tok)
}
function key(file, name) { return name ~ /\$/ ? file ":" name : name }
BEGIN { setup() }
NF {
    file = $0
    dir = dirname(file)
    lineno = 0
    cmd = ""
    depth = 0
    while ((getline line < file) > 0) {
        lineno++
        sub(/#.*/, "", line)
        if (depth == 0) {
            if (line !~ /^[ \t]*(add_library|add_executable|target_include_directories|include_directories|target_link_libraries)[ \t]*\(/)
                continue
            cmd = ""
            start = lineno
        }
        cmd = cmd " " line
        depth += gsub(/\(/, "(", line) - gsub(/\)/, ")", line)
        if (depth > 0)
            continue
        depth = 0
        ncmd++
        gsub(/[()]/, " ", cmd)
        n = split(cmd, w, " ")
        cmds[ncmd] = cmd
        cfile[ncmd] = file
        cline[ncmd] = start
        cdir[ncmd] = dir
        if (w[1] == "add_library" || w[1] == "add_executable") {
            f = ""
            for (i = 3; i <= n && f == ""; i++)
                if (w[i] ~ /\.c$/ && (p = path(w[i], dir)) != "?")
                    f = folder(p)
            if (f == "")
                f = folder(dir "/CMakeLists.txt")
            tfolder[key(file, w[2])] = f
        }
    }
    close(file)
}
END {
    for (c = 1; c <= ncmd; c++) {
        n = split(cmds[c], w, " ")
        where = cfile[c] ":" cline[c] ": "
        if (w[1] == "include_directories") {
            a = folder(cdir[c] "/CMakeLists.txt")
            first = 2
        } else if (w[1] == "target_include_directories" || w[1] == "target_link_libraries") {
            a = tfolder[key(cfile[c], w[2])]
            first = 3
        } else {
            continue
        }
        if (a == "")
            continue
        for (i = first; i <= n; i++) {
            if (w[i] ~ /^(PUBLIC|PRIVATE|INTERFACE|SYSTEM|BEFORE|AFTER|LINK_PUBLIC|LINK_PRIVATE)$/)
                continue
            if (w[1] == "target_link_libraries") {
                if (!(w[i] in tfolder) || tfolder[w[i]] == "")
                    continue
                b = tfolder[w[i]]
                if (!allowed(a, b, 1))
                    breach(where "links " w[i] " (folder " a " may not include folder " b ")")
                continue
            }
            p = path(w[i], cdir[c])
            if (p == "?")
                continue
            if (p == "" || p ~ /^\.\./)
                breach(where "includes directory " w[i] " (folder " a " may not have " (p == "" ? "the whole source tree" : "a directory outside it") " on its include path)")
            else if (!allowed(a, p, 1))
                breach(where "includes directory " w[i] " (folder " a " may not include folder " (folder(p "/") == "" ? p : folder(p "/")) ")")
        }
    }
    printf "#count %d CMake files\n", NR
    exit (bad > 0)
}')
cmake_status=$?
cmake_count=$(printf '%s\n' "$cmake_out" | sed -n 's/^#count //p')
cmake_out=$(printf '%s\n' "$cmake_out" | grep -v '^#count ')

[ -n "$src_out" ] && printf '%s\n' "$src_out"
[ -n "$cmake_out" ] && printf '%s\n' "$cmake_out"
nbad=$(printf '%s\n%s\n' "$src_out" "$cmake_out" | grep -c .)
echo "include directions: $src_count, $cmake_count: $nbad forbidden"

if [ -n "$junit" ]; then
    # One test case per check; a breach is a failure that lists them all.
    esc() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }
    testcase() { # name status text
        if [ "$2" -eq 0 ]; then
            printf '    <testcase name="include_directions/%s" classname="profcheck.unit.include_directions" time="0"/>\n' "$1"
        else
            printf '    <testcase name="include_directions/%s" classname="profcheck.unit.include_directions" time="0">\n' "$1"
            printf '      <failure message="%s forbidden include direction(s)" type="IncludeDirection">' \
                "$(printf '%s\n' "$3" | grep -c .)"
            printf '%s\n' "$3" | esc
            printf '</failure>\n    </testcase>\n'
        fi
    }
    failures=$(( (src_status != 0) + (cmake_status != 0) ))
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo "<testsuites name=\"profcheck-unit\" tests=\"2\" failures=\"$failures\" errors=\"0\" time=\"0\">"
        echo "  <testsuite name=\"unit.include_directions\" tests=\"2\" failures=\"$failures\" errors=\"0\" skipped=\"0\" time=\"0\">"
        testcase sources "$src_status" "$src_out"
        testcase cmake "$cmake_status" "$cmake_out"
        echo '  </testsuite>'
        echo '</testsuites>'
    } > "$junit"
fi
[ "$src_status" -eq 0 ] && [ "$cmake_status" -eq 0 ]
