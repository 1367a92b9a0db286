#!/bin/sh
# ci/layers.sh - the reference profiler's layer rule, checked on what the
# compiler made of it (docs/architecture.md, "The reference profiler").
#
#   ci/layers.sh [--junit FILE] [--sources DIR] LAYERS OBJDIR [OBJECT...]
#
# LAYERS gives each folder its rank (profiler_under_test/layers.txt).
# OBJDIR is where the objects lie in the sources' layout, CMake's
# CMakeFiles/<target>.dir: OBJDIR/core/link.c.o is core/link.c.  The
# OBJECTs (one argument may hold several separated by ';', as CMake's
# $<TARGET_OBJECTS:...> hands them over) default to every *.o under OBJDIR.
#
# From the global symbols each object defines and leaves undefined (nm),
# it builds which file uses which, and fails on
#   - a file in a folder that LAYERS does not rank;
#   - a cycle between files;
#   - a use of a folder of a higher rank, or of another folder of the same
#     rank (a folder may use its own files and the folders below it).
# With --sources DIR, the #include "..." lines of the .c and .h files
# under DIR are held to the same rule, so that no header of a layer above
# is needed either.  Every offence is printed with the symbol or the line
# it comes from; with --junit, also written as a JUnit report.
# Exit status: 0 when clean, 1 on an offence, 2 when the check cannot run.
set -u

usage() {
    echo "usage: ci/layers.sh [--junit FILE] [--sources DIR] LAYERS OBJDIR [OBJECT...]" >&2
    exit 2
}

junit=
sources=
while [ $# -gt 0 ]; do
    case $1 in
    --junit) [ $# -ge 2 ] || usage; junit=$2; shift 2 ;;
    --sources) [ $# -ge 2 ] || usage; sources=${2%/}; shift 2 ;;
    --) shift; break ;;
    -*) usage ;;
    *) break ;;
    esac
done
[ $# -ge 2 ] || usage
layers=$1
objdir=${2%/}
shift 2
if [ ! -r "$layers" ]; then
    echo "layers: cannot read $layers" >&2
    exit 2
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

if [ $# -gt 0 ]; then
    printf '%s\n' "$@" | tr ';' '\n' | sed '/^$/d' > "$tmp/objects"
else
    find "$objdir" -type f -name '*.o' | sort > "$tmp/objects"
fi
if [ ! -s "$tmp/objects" ]; then
    echo "layers: no objects to check" >&2
    exit 2
fi

# "file symbol type" for every global symbol of every object.
: > "$tmp/symbols"
while IFS= read -r obj; do
    file=${obj#"$objdir"/}
    if [ "$file" = "$obj" ]; then
        echo "layers: $obj is not under $objdir" >&2
        exit 2
    fi
    if ! ${NM:-nm} -P -g "$obj" > "$tmp/nm"; then
        echo "layers: nm cannot read $obj" >&2
        exit 2
    fi
    awk -v file="${file%.o}" 'NF >= 2 { print file, $1, $2 }' "$tmp/nm" >> "$tmp/symbols"
done < "$tmp/objects"

# "file line included-file" for every #include "..." found among the sources;
# headers from elsewhere (common/) are not looked at.
: > "$tmp/includes"
if [ -n "$sources" ]; then
    (cd "$sources" && find . -type f \( -name '*.c' -o -name '*.h' \)) | sed 's|^\./||' | sort > "$tmp/sources"
    while IFS= read -r src; do
        dir=$(dirname "$src")
        grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$sources/$src" |
            sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1 \2/' > "$tmp/lines"
        while read -r line inc; do
            if [ -f "$sources/$dir/$inc" ]; then
                target=$dir/$inc
            elif [ -f "$sources/$inc" ]; then
                target=$inc
            else
                continue
            fi
            echo "$src $line ${target#./}"
        done < "$tmp/lines"
    done < "$tmp/sources" >> "$tmp/includes"
fi

# One line per finding, "kind|text": the offences placed, cycle, upward and
# sideways; uses (what each folder uses) and count, for the summary.
awk -v L="$layers" -v S="$tmp/symbols" -v I="$tmp/includes" '
function folder(f) {
    return f ~ /\// ? substr(f, 1, match(f, /\/[^\/]*$/) - 1) : "."
}
function sort(a, n,    i, j, x) {
    for (i = 2; i <= n; i++) {
        x = a[i]
        for (j = i - 1; j >= 1 && a[j] > x; j--)
            a[j + 1] = a[j]
        a[j + 1] = x
    }
}
function placed(f,    d) {
    d = folder(f)
    if (d in rank)
        return 1
    if (!(d in unranked)) {
        unranked[d] = 1
        print "placed|" f ": folder " d " has no rank in " L
    }
    return 0
}
# The rule for one use of folder dt by folder df: "" when it is allowed,
# else "upward|..." or "sideways|..." saying why not.
function offence(df, dt) {
    if (df == dt || rank[df] > rank[dt])
        return ""
    if (rank[df] < rank[dt])
        return "upward|" df " (" rank[df] ") uses " dt " (" rank[dt] "), a layer above"
    return "sideways|" df " (" rank[df] ") uses " dt ", another folder of the same rank"
}
# Prints the offence why (offence()) of a use described as what.
function tell(why, what) {
    print substr(why, 1, index(why, "|")) what ": " substr(why, index(why, "|") + 1)
}
# Tarjan: the strongly connected components; each of more than one file
# holds a cycle.
function strong(v,    i, w, n) {
    order[v] = low[v] = ++counter
    tstack[++tdepth] = v
    onstack[v] = 1
    for (i = 1; i <= nout[v]; i++) {
        w = out[v, i]
        if (!(w in order)) {
            strong(w)
            if (low[w] < low[v])
                low[v] = low[w]
        } else if (onstack[w] && order[w] < low[v]) {
            low[v] = order[w]
        }
    }
    if (low[v] == order[v]) {
        nscc++
        n = 0
        do {
            w = tstack[tdepth--]
            onstack[w] = 0
            scc[w] = nscc
            n++
        } while (w != v)
        sccsize[nscc] = n
    }
}
# The files of component k that path does not name.
function knot(k, path,    i, list) {
    list = ""
    for (i = 1; i <= nfiles; i++)
        if (scc[files[i]] == k && index(path " ", " " files[i] " ") == 0)
            list = list (list == "" ? "" : ", ") files[i]
    return list
}
# The shortest cycle through f inside its component, as "f -> g (symbols) -> ... -> f (symbols)".
function cycle(f,    head, tail, u, i, v, path, n) {
    head = 1
    tail = 0
    queue[++tail] = f
    seen[f, f] = 1
    while (head <= tail) {
        u = queue[head++]
        for (i = 1; i <= nout[u]; i++) {
            v = out[u, i]
            if (scc[v] != scc[f])
                continue
            if (v == f) {
                path = " -> " f " (" syms[u, f] ")"
                n = 1
                for (; u != f; u = parent[f, u]) {
                    path = " -> " u " (" syms[parent[f, u], u] ")" path
                    n++
                }
                return f path (sccsize[scc[f]] > n ? "; in one knot with it: " knot(scc[f], path) : "")
            }
            if (!((f, v) in seen)) {
                seen[f, v] = 1
                parent[f, v] = u
                queue[++tail] = v
            }
        }
    }
    return f " -> ?"
}
FILENAME == L {
    sub(/#.*/, "")
    if (NF == 0)
        next
    if (NF != 2 || $2 !~ /^[0-9]+$/) {
        print "layers: " L ":" FNR ": expected a folder and its rank" > "/dev/stderr"
        broken = 1
        next
    }
    rank[$1] = $2 + 0
    next
}
FILENAME == S {
    if (!($1 in isfile)) {
        isfile[$1] = 1
        files[++nfiles] = $1
    }
    if ($3 == "U" || $3 == "w" || $3 == "v") {
        nrefs++
        ref_file[nrefs] = $1
        ref_sym[nrefs] = $2
    } else {
        def[$2] = ($2 in def) ? def[$2] " " $1 : $1
    }
    next
}
FILENAME == I {
    ninc++
    inc_from[ninc] = $1
    inc_line[ninc] = $2
    inc_to[ninc] = $3
}
END {
    if (broken)
        exit 2
    sort(files, nfiles)
    for (i = 1; i <= nfiles; i++)
        placed(files[i])
    # file -> file edges, each with the symbols it comes from
    for (r = 1; r <= nrefs; r++) {
        if (!(ref_sym[r] in def))
            continue
        n = split(def[ref_sym[r]], owners, " ")
        for (k = 1; k <= n; k++) {
            u = ref_file[r]
            v = owners[k]
            if (u == v)
                continue
            if (!((u, v) in syms)) {
                syms[u, v] = ref_sym[r]
                nedges++
                targets[u] = targets[u] " " v
            } else if (index(" " syms[u, v] ", ", " " ref_sym[r] ", ") == 0) {
                syms[u, v] = syms[u, v] ", " ref_sym[r]
            }
        }
    }
    for (i = 1; i <= nfiles; i++) {
        u = files[i]
        nout[u] = split(targets[u], list, " ")
        sort(list, nout[u])
        for (k = 1; k <= nout[u]; k++) {
            v = out[u, k] = list[k]
            du = folder(u)
            dv = folder(v)
            if (!(du in rank) || !(dv in rank))
                continue
            if (du != dv)
                used[du, dv] = 1
            why = offence(du, dv)
            if (why != "")
                tell(why, u " -> " v " via " syms[u, v])
        }
    }
    for (i = 1; i <= nfiles; i++)
        if (!(files[i] in order))
            strong(files[i])
    for (i = 1; i <= nfiles; i++) {
        k = scc[files[i]]
        if (sccsize[k] > 1 && !(k in told)) {
            told[k] = 1
            print "cycle|" cycle(files[i])
        }
    }
    for (i = 1; i <= ninc; i++) {
        if (!placed(inc_from[i]) || !placed(inc_to[i]))
            continue
        why = offence(folder(inc_from[i]), folder(inc_to[i]))
        if (why != "")
            tell(why, inc_from[i] ":" inc_line[i] " includes " inc_to[i])
    }
    # the summary: each folder, lowest first, with the folders it uses
    for (d in rank)
        names[++nnames] = sprintf("%06d %s", rank[d], d)
    sort(names, nnames)
    for (i = 1; i <= nnames; i++) {
        d = substr(names[i], 8)
        line = ""
        for (j = 1; j <= nnames; j++) {
            e = substr(names[j], 8)
            if ((d, e) in used)
                line = line (line == "" ? "" : ", ") e
        }
        printf "uses|%-10s %2d   %s\n", d, rank[d], line == "" ? "-" : "uses " line
    }
    print "count|" nfiles " objects, " nedges + 0 " uses between files, " ninc + 0 " includes"
}' "$layers" "$tmp/symbols" "$tmp/includes" > "$tmp/findings"
status=$?
if [ $status -ne 0 ]; then
    echo "layers: the analysis failed" >&2
    exit 2
fi

for kind in placed cycle upward sideways; do
    sed -n "s/^$kind|//p" "$tmp/findings" > "$tmp/$kind"
done
cat "$tmp/upward" "$tmp/sideways" > "$tmp/below"
status=0
for kind in placed cycle upward sideways; do
    if [ -s "$tmp/$kind" ]; then
        sed "s/^/layers: $kind: /" "$tmp/$kind"
        status=1
    fi
done
echo "layers: $(sed -n 's/^count|//p' "$tmp/findings")"
sed -n 's/^uses|/  /p' "$tmp/findings"
if [ $status -eq 0 ]; then
    echo "layers: no cycle, nothing used upward or sideways ($layers)"
else
    echo "layers: FAILED: the rule is in $layers and docs/architecture.md" >&2
fi

if [ -n "$junit" ]; then
    . "$(dirname "$0")/junit.sh"
    junit_begin "$tmp" layers
    for kind in placed cycle below; do
        case $kind in
        placed) name="layers/every folder has a rank" ;;
        cycle) name="layers/no cycle between files" ;;
        below) name="layers/only layers below are used" ;;
        esac
        if [ -s "$tmp/$kind" ]; then
            junit_case "$name" "$(wc -l < "$tmp/$kind" | tr -d ' ') offence(s)" "$tmp/$kind"
        else
            junit_case "$name"
        fi
    done
    junit_write "$junit" || status=2
fi
exit $status
