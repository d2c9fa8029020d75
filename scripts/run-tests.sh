#!/bin/sh
# run-tests.sh SUITE BIN... - run cmocka test binaries, then print one
# closing line "SUITE: N passed, N failed" counting test binaries' cases.
suite=$1; shift
# --valgrind anywhere in the arguments: run each binary under memcheck
wrap=""
for a in "$@"; do [ "$a" = "--valgrind" ] && wrap="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"; done
pass=0; fail=0
for t in "$@"; do
    [ "$t" = "--valgrind" ] && continue
    out=$($wrap "$t" 2>&1); rc=$?
    printf '%s\n' "$out"
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    pass=$((pass + ${p:-0}))
    if [ "$rc" -ne 0 ]; then
        # a crash reports no counts: count the binary itself as one failure
        fail=$((fail + ${f:-1}))
        echo "FAILED: $t (exit $rc)"
    fi
done
echo "$suite: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
