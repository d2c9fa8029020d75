#!/bin/sh
# run-golden.sh PARLEY - golden tests: each tests/golden/NAME/ holds `cmd`
# (a shell command using $PARLEY, run from the repository root) and
# `expected` (its exact stdout). Prints a diff for each mismatch.
PARLEY=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); export PARLEY
pass=0; fail=0
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
for d in tests/golden/*/; do
    [ -f "$d/cmd" ] || continue
    name=$(basename "$d")
    sh "$d/cmd" >"$tmp" 2>"$tmp.err"; rc=$?
    want_rc=0; [ -f "$d/exit" ] && want_rc=$(cat "$d/exit")
    if [ "$rc" -eq "$want_rc" ] && cmp -s "$tmp" "$d/expected"; then
        pass=$((pass + 1)); echo "ok   golden/$name"
    else
        fail=$((fail + 1)); echo "FAIL golden/$name (exit $rc, expected $want_rc)"
        diff -u "$d/expected" "$tmp" | head -n 40
        head -n 5 "$tmp.err"
    fi
    rm -f "$tmp.err"
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
