#!/bin/sh
# ci/layers_test.sh - ci/layers.sh on small made-up sets of objects: it must
# pass a clean set, and fail on each kind of offence, naming the offending
# use.  Compiles the sets with CC (default cc).
#   ci/layers_test.sh [--junit FILE] [CC]
set -u

here=$(dirname "$0")
junit=
if [ "${1:-}" = --junit ]; then
    junit=$2
    shift 2
fi
cc=${1:-cc}

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM
. "$here/junit.sh"
junit_begin "$tmp" layers_test
status=0

cat > "$tmp/layers.txt" <<'EOF'
# a made-up set of layers
low    0
mid    1
side   1   # beside mid: neither may use the other
.      2
EOF

# put SET FILE TEXT: a source file of a made-up set.
put() {
    mkdir -p "$tmp/$1/src/$(dirname "$2")"
    printf '%s\n' "$3" > "$tmp/$1/src/$2"
}

# expect SET STATUS NAME [TEXT...]: layers.sh on SET exits with STATUS,
# prints every TEXT in a line of its output, and reports a failure in its
# JUnit report when it fails.
expect() {
    set=$1
    want=$2
    name=$3
    shift 3
    dir=$tmp/$set
    : > "$dir/why"
    (cd "$dir/src" && find . -name '*.c' | sed 's|^\./||') > "$dir/sources"
    while IFS= read -r c; do
        mkdir -p "$dir/obj/$(dirname "$c")"
        if ! "$cc" -c -I "$dir/src" -o "$dir/obj/$c.o" "$dir/src/$c" 2>> "$dir/why"; then
            echo "cannot compile $c with $cc" >> "$dir/why"
        fi
    done < "$dir/sources"
    sh "$here/layers.sh" --junit "$dir/report.xml" --sources "$dir/src" "$tmp/layers.txt" "$dir/obj" \
        > "$dir/out" 2>&1
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "exit status $got, expected $want" >> "$dir/why"
    fi
    for text in "$@"; do
        if ! grep -qF -e "$text" "$dir/out"; then
            echo "missing: $text" >> "$dir/why"
        fi
    done
    if [ "$want" -ne 0 ] && ! grep -q '<failure' "$dir/report.xml" 2>/dev/null; then
        echo "the JUnit report has no failure" >> "$dir/why"
    fi
    if [ -s "$dir/why" ]; then
        { echo "--- ci/layers.sh said:"; cat "$dir/out"; } >> "$dir/why"
        echo "FAIL: $name" >&2
        cat "$dir/why" >&2
        junit_case "layers_test/$name" "ci/layers.sh did not do what it must" "$dir/why"
        status=1
    else
        echo "PASS: $name"
        junit_case "layers_test/$name"
    fi
}

put clean low/a.c 'int a(void) { return 1; }'
put clean low/low.h 'int b(void);'
put clean low/b.c '#include "low.h"
int a(void); int b(void) { return a(); }'
put clean mid/m.c '#include "low/low.h"
int m(void) { return b(); }'
put clean side/s.c 'int a(void); int s(void) { return a(); }'
put clean top.c 'int m(void); int s(void); int top(void) { return m() + s(); }'
expect clean 0 "a clean set passes" \
    "layers: 5 objects, 5 uses between files, 2 includes" \
    "layers: no cycle, nothing used upward or sideways ($tmp/layers.txt)"

put upward low/a.c 'int up(void); int a(void) { return up(); }'
put upward mid/u.c 'int up(void) { return 2; }'
expect upward 1 "a call upward fails" \
    "layers: upward: low/a.c -> mid/u.c via up: low (0) uses mid (1), a layer above"

put data low/a.c 'extern int counter; int a(void) { return counter; }'
put data mid/c.c 'int counter = 3;'
expect data 1 "a variable of a layer above fails" \
    "layers: upward: low/a.c -> mid/c.c via counter: low (0) uses mid (1), a layer above"

put peer mid/m.c 'int s(void); int m(void) { return s(); }'
put peer side/s.c 'int s(void) { return 4; }'
expect peer 1 "a call to a folder of the same rank fails" \
    "layers: sideways: mid/m.c -> side/s.c via s: mid (1) uses side, another folder of the same rank"

put cycle low/a.c 'int b(void); int a(void) { return b(); }'
put cycle low/b.c 'int c(void); int b(void) { return c(); }'
put cycle low/c.c 'int a(void); int c(void) { return a(); }'
put cycle mid/m.c 'int a(void); int m(void) { return a(); }'
expect cycle 1 "a cycle inside a folder fails" \
    "layers: cycle: low/a.c -> low/b.c (b) -> low/c.c (c) -> low/a.c (a)"

put unranked low/a.c 'int a(void) { return 1; }'
put unranked extra/x.c 'int a(void); int x(void) { return a(); }'
expect unranked 1 "a folder without a rank fails" \
    "layers: placed: extra/x.c: folder extra has no rank in $tmp/layers.txt"

put include low/a.c '#include "mid/m.h"
int a(void) { return 1; }'
put include mid/m.h 'int m(void);'
expect include 1 "including a header of a layer above fails" \
    "layers: upward: low/a.c:1 includes mid/m.h: low (0) uses mid (1), a layer above"

if [ -n "$junit" ]; then
    junit_write "$junit" || status=2
fi
exit $status
