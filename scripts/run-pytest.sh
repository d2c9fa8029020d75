#!/bin/sh
# run-pytest.sh - the Python package's tests (tests/python, pytest from
# Debian's python3-pytest) against the build tree, bounded in time (the Dask
# test starts a LocalCluster of 2 workers). Ends with "python: N passed, N failed".
PY=${PYTHON:-/usr/bin/python3}
out=$(mktemp); trap 'rm -f "$out"' EXIT
PYTHONPATH="$(pwd)/python${PYTHONPATH:+:$PYTHONPATH}" PYTHONDONTWRITEBYTECODE=1 \
    timeout 600 "$PY" -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning \
    tests/python >"$out" 2>&1
rc=$?
cat "$out"
last=$(tail -n 1 "$out")
pass=$(printf '%s\n' "$last" | sed -n 's/.* \([0-9][0-9]*\) passed.*/\1/p; s/^\([0-9][0-9]*\) passed.*/\1/p' | head -n 1)
fail=$(printf '%s\n' "$last" | sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p; s/^\([0-9][0-9]*\) failed.*/\1/p' | head -n 1)
errs=$(printf '%s\n' "$last" | sed -n 's/.* \([0-9][0-9]*\) error.*/\1/p' | head -n 1)
fail=$(( ${fail:-0} + ${errs:-0} ))
# pytest failing without a count (a collection error, the timeout) is one failure
[ "$rc" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1
echo "python: ${pass:-0} passed, $fail failed"
[ "$rc" -eq 0 ]
