#!/bin/sh
# `make fuzz`: builds the libFuzzer targets with clang (coverage, ASan,
# UBSan) in BUILD_DIR and runs each for SECONDS, starting from the seeds in
# fuzz/seeds/ (and the suite's case files for the loader) plus what earlier
# runs kept in BUILD_DIR/corpus/.  A crash is kept in BUILD_DIR/crashes/ and
# fails the run; it then becomes a regression test (docs/reliability.md).
#   ci/fuzz.sh BUILD_DIR SECONDS
set -u

build=${1:-build-fuzz}
seconds=${2:-60}
cc=${FUZZ_CC:-}
root=$(cd "$(dirname "$0")/.." && pwd)
status=0

if [ -z "$cc" ]; then
    for candidate in clang-14 clang; do
        if command -v "$candidate" >/dev/null 2>&1; then
            cc=$candidate
            break
        fi
    done
fi
if [ -z "$cc" ]; then
    echo "make fuzz needs clang with libFuzzer (Debian: clang-14 libclang-rt-14-dev)" >&2
    exit 3
fi
cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER="$cc" -DPROFCHECK_FUZZ=ON -DPROFCHECK_FIXTURES=OFF \
    -DPROFCHECK_WERROR=ON >/dev/null || exit 3
targets="caseload wire il ipc sanitize regex walk"
for t in $targets; do
    cmake --build "$build" -j "$(nproc)" --target "fuzz_$t" >/dev/null || {
        echo "cannot build fuzz_$t (is libFuzzer installed? Debian: libclang-rt-14-dev)" >&2
        exit 3
    }
done

mkdir -p "$build/crashes" "$build/reports"
summary="$build/reports/fuzz.txt"
printf '%-10s %12s %10s %8s %s\n' target executions coverage corpus result > "$summary"
for t in $targets; do
    corpus="$build/corpus/$t"
    seeds="$build/seeds/$t"
    mkdir -p "$corpus" "$seeds"
    if [ -d "$root/fuzz/seeds/$t" ]; then
        cp "$root/fuzz/seeds/$t"/* "$seeds/"
    fi
    if [ "$t" = caseload ]; then
        find "$root/cases" -name '*.xml' | while read -r f; do
            cp "$f" "$seeds/$(echo "$f" | tr '/' '_')"
        done
    fi
    log="$build/reports/fuzz_$t.log"
    echo "== fuzz_$t for ${seconds}s"
    if "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$build/crashes/$t-" "$corpus" "$seeds" > "$log" 2>&1; then
        result=ok
    else
        result="FAILED (see $log and $build/crashes/)"
        status=1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | sed 's/cov: //')
    files=$(find "$corpus" -type f | wc -l)
    printf '%-10s %12s %10s %8s %s\n' "$t" "${runs:-?}" "${cov:-?}" "$files" "$result" >> "$summary"
done
cat "$summary"
exit $status
