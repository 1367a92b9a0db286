#!/bin/sh
# The installed profcheck, used as a user would (docs/install.md): `make
# install DESTDIR=...` into a scratch prefix and `make package` extracted
# with dpkg-deb -x, then each tree run from a scratch directory with the
# build tree moved aside (it is put back however the script ends):
# --version, paths, list, a few cases (jit/ and a demonstration agent's
# self-test), validate, inspect-agent, the JUnit report against the
# installed schema, the manual pages rendered, the bash completion.  The
# package is checked by lintian when it is installed.  With --dpkg (as root,
# CI), the package is also installed with dpkg -i, run, and removed.
#   ci/install_test.sh [BUILD_DIR] [--dpkg]
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
dpkg_too=0
[ "${2:-}" = "--dpkg" ] && dpkg_too=1
scratch=$(mktemp -d "${TMPDIR:-/tmp}/profcheck-install-XXXXXX")
aside=""
status=0

restore() {
    if [ -n "$aside" ] && [ -d "$aside" ]; then
        mv "$aside" "$build" && aside=""
    fi
    rm -rf "$scratch"
}
trap restore EXIT
trap 'restore; exit 130' INT TERM HUP

fail() {
    echo "install test: $*" >&2
    status=1
}

echo "== make install DESTDIR=... PREFIX=/opt/profcheck"
make -C "$root" --no-print-directory install WERROR="${WERROR:-0}" BUILD_DIR="$build" DESTDIR="$scratch/destdir" PREFIX=/opt/profcheck \
    > "$scratch/install.log" 2>&1 || { cat "$scratch/install.log" >&2; fail "make install failed"; exit 1; }
echo "== make package"
make -C "$root" --no-print-directory package WERROR="${WERROR:-0}" BUILD_DIR="$build" > "$scratch/package.log" 2>&1 ||
    { cat "$scratch/package.log" >&2; fail "make package failed"; exit 1; }
deb=$(ls "$build"/profcheck_*.deb | head -n 1)
cp "$deb" "$scratch/" && deb=$scratch/$(basename "$deb") # the build tree goes aside below
dpkg-deb -x "$deb" "$scratch/deb" || { fail "dpkg-deb -x $deb failed"; exit 1; }
echo "$(basename "$deb"): $(dpkg-deb -f "$deb" Depends)"
if command -v lintian >/dev/null 2>&1; then
    # Informational tags are accepted (docs/install.md lists them).
    if lintian --fail-on error,warning "$deb" > "$scratch/lintian.txt" 2>&1; then
        echo "lintian: no error or warning"
    else
        cat "$scratch/lintian.txt" >&2
        fail "lintian finds errors or warnings in $deb"
    fi
else
    echo "lintian is not installed: the package is not checked by it"
fi

# No path of the source tree may be compiled into the command (its data,
# that is: the debugging information of the unstripped one names the sources).
for bin in "$scratch/destdir/opt/profcheck/bin/profcheck" "$scratch/deb/usr/bin/profcheck"; do
    if readelf -p .rodata -p .data "$bin" 2>/dev/null | grep -q -F "$root"; then
        fail "$bin holds the source tree's path $root"
    fi
done

# From here on there is no build tree.
aside=$build.aside-$$
mv "$build" "$aside" || { aside=""; fail "cannot move $build aside"; exit 1; }
mkdir -p "$scratch/work" "$scratch/home"

# check_tree PREFIX: the installed files alone.
check_tree() {
    prefix=$1
    p=$prefix/bin/profcheck
    out=$scratch/out.txt
    echo "== $p"
    (
        cd "$scratch/work" || exit 1
        export HOME="$scratch/home"
        "$p" --version || exit 1
        "$p" paths > "$out" || { cat "$out"; echo "profcheck paths failed"; exit 1; }
        grep -q "^layout     installed under $prefix\$" "$out" || { cat "$out"; echo "not an installed layout"; exit 1; }
        if grep '\[missing\]' "$out"; then echo "paths names missing files"; exit 1; fi
        if grep -F "$root" "$out"; then echo "paths names the source tree"; exit 1; fi
        grep '^runtime\|^left out\|^dotnet' "$out"
        n=$("$p" list | wc -l)
        [ "$n" -gt 100 ] || { echo "profcheck list printed $n ids"; exit 1; }
        echo "list: $n cases"
        "$p" validate -q jit selftest || { echo "validate of the installed cases failed"; exit 1; }
        "$p" run -j2 --no-progress --junit junit.xml jit selftest/agent-no-export selftest/exit-code ||
            { echo "profcheck run failed"; exit 1; }
        xmllint --noout --schema "$prefix/share/profcheck/schemas/junit.xsd" junit.xml ||
            { echo "the report does not meet the installed schema"; exit 1; }
        "$p" inspect-agent "$prefix/lib/profcheck/libprofcheck_ref.so" > /dev/null ||
            { echo "inspect-agent refuses the installed profiler"; exit 1; }
        for page in "$prefix"/share/man/man1/profcheck*.1.gz; do
            gzip -dc "$page" | groff -ww -man -Tutf8 > /dev/null 2> man.err || { echo "$page does not render"; exit 1; }
            if [ -s man.err ]; then cat man.err; echo "$page: groff warns"; exit 1; fi
            MANWIDTH=80 man -l "$page" > /dev/null 2>&1 || { echo "man -l $page failed"; exit 1; }
        done
        echo "man pages: $(ls "$prefix"/share/man/man1/profcheck*.1.gz | wc -l) render"
        bash "$root/ci/completion_test.sh" "$prefix/share/bash-completion/completions/profcheck" "$p" ||
            { echo "the installed completion fails"; exit 1; }
        echo "completion: works"
    ) || fail "the installation under $prefix does not work (see above)"
}

check_tree "$scratch/destdir/opt/profcheck"
check_tree "$scratch/deb/usr"

# dpkg -i on this machine: install, run, remove.  Only when asked (CI) and
# when no profcheck package is installed already.
if [ $dpkg_too = 1 ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "--dpkg needs root: the package is not installed"
    elif dpkg-query -W profcheck > /dev/null 2>&1; then
        echo "a profcheck package is installed already: dpkg -i is not tried"
    else
        echo "== dpkg -i $(basename "$deb")"
        if dpkg -i "$deb" > "$scratch/dpkg.log" 2>&1; then
            check_tree /usr
            dpkg -r profcheck > "$scratch/dpkg-r.log" 2>&1 || { cat "$scratch/dpkg-r.log" >&2; fail "dpkg -r profcheck failed"; }
            [ ! -e /usr/bin/profcheck ] && [ ! -e /usr/share/profcheck ] || fail "dpkg -r left files behind"
        else
            cat "$scratch/dpkg.log" >&2
            fail "dpkg -i $deb failed"
        fi
    fi
fi

[ $status = 0 ] && echo "install test: passed"
exit $status
