#!/bin/sh
# run-fuzz.sh SECONDS [MAX_LEN] - run every built libFuzzer harness for SECONDS
# each, starting from its seed corpus in fuzz/corpus/NAME (never written to),
# with inputs up to MAX_LEN bytes (default 65536) and libFuzzer's default
# per-input timeout (1200 s: a hang shows as a run that never ends, so the
# harness is also stopped by `timeout` a minute after SECONDS). A crash, leak,
# per-input timeout or out-of-memory fails the harness; its reproducer is
# kept in build-fuzz/artifacts/. Prints each harness's executions.
secs=${1:-20}
maxlen=${2:-65536}
pass=0; fail=0; total=0
mkdir -p build-fuzz/artifacts
for f in build-fuzz/fuzz_*; do
    [ -x "$f" ] || continue
    name=$(basename "$f")
    work=$(mktemp -d)
    [ -d "fuzz/corpus/$name" ] && cp -r "fuzz/corpus/$name/." "$work/" 2>/dev/null
    if timeout $((secs + 60)) "$f" -max_total_time="$secs" -max_len="$maxlen" -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$name-" "$work" \
        >"$work.log" 2>&1; then
        execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$work.log" | head -n 1)
        total=$((total + ${execs:-0}))
        pass=$((pass + 1)); echo "ok   fuzz/$name (${execs:-?} executions in ${secs} s, 0 crashes, hangs or OOM)"
        tail -n 1 "$work.log"
    else
        fail=$((fail + 1)); echo "FAIL fuzz/$name"; tail -n 40 "$work.log"
    fi
    rm -rf "$work" "$work.log"
done
echo "fuzz executions: $total"
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
