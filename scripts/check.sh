#!/bin/sh
# check.sh - every test suite, as `make check` and CI run it: the warning-free
# build, unit tests, golden tests, the server's tests, the Python package's tests, an install into a moved prefix, unit tests under ASan+UBSan, a short fuzz
# run of every harness, valgrind over the fast unit tests. Ends with one line "check: N passed, N failed".
MAKE=${MAKE:-make}
log=$(mktemp); trap 'rm -f "$log"' EXIT
status=0
run() {
    echo "== $*"
    if ! "$@" >"$log.out" 2>&1; then status=1; fi
    cat "$log.out"
    cat "$log.out" >>"$log"
    rm -f "$log.out"
}
run $MAKE --no-print-directory WERROR=1 all
run $MAKE --no-print-directory WERROR=1 unit
run $MAKE --no-print-directory WERROR=1 golden
run $MAKE --no-print-directory WERROR=1 serve-test
run $MAKE --no-print-directory pytest
run env MAKE="$MAKE" scripts/test-install.sh
run $MAKE --no-print-directory asan
run $MAKE --no-print-directory valgrind
run $MAKE --no-print-directory FUZZ_SECONDS="${FUZZ_SECONDS:-10}" fuzz
pass=0; fail=0
for n in $(sed -n 's/^[a-z]*: \([0-9]*\) passed, [0-9]* failed$/\1/p' "$log"); do pass=$((pass + n)); done
for n in $(sed -n 's/^[a-z]*: [0-9]* passed, \([0-9]*\) failed$/\1/p' "$log"); do fail=$((fail + n)); done
# a step that failed before printing its summary (e.g. a compile error) is a failure too
[ "$status" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1
echo "check: $pass passed, $fail failed"
[ "$status" -eq 0 ] && [ "$fail" -eq 0 ]
